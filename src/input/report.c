/* report.c - report.yaml reader. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infile.h"
#include "strbuf.h"
#include "text.h"
#include "yamltree.h"

#include <utf8proc.h>

static const char *const TOP_KEYS[] = {
    "loai", "bo-cuc", "co-quan-chu-quan", "co-quan", "ten-co-quan", "so", "ky-hieu", "dia-danh", "ngay",
    "ten-loai", "trich-yeu", "do-khan", "kinh-gui", "noi-dung", "sau-noi-dung",
    "noi-nhan-nhan", "noi-nhan", "ky", "phu-luc", "phu-luc-danh-so", "ky-bao-cao", "so-lieu",
    "kiem-tra-chinh-ta", "tu-dien", NULL};
static const char *const SIGN_KEYS[] = {"tham-quyen", "ho-ten", NULL};

void bc_report_free(bc_report *r)
{
    if (!r)
        return;
    free(r->path);
    free(r->dir);
    free(r->layout);
    free(r->agency_parent);
    bc_strv_free(r->agency);
    free(r->agency_name);
    free(r->number);
    free(r->symbol);
    free(r->place);
    free(r->doc_type);
    free(r->summary);
    free(r->urgency);
    bc_strv_free(r->recipients);
    free(r->body_path);
    free(r->after_body);
    free(r->cc_label);
    bc_strv_free(r->cc);
    bc_strv_free(r->authority);
    free(r->signer);
    bc_strv_free(r->appendices);
    bc_strv_free(r->data_files);
    free(r->word_list);
    free(r);
}

static char *resolve(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !strcmp(dir, "."))
        return bc_strdup(rel);
    return bc_strdup_printf("%s/%s", dir, rel);
}

static bc_status error_at(const bc_ydoc *doc, const bc_ynode *n, bc_error *err, const char *msg,
                          const char *value)
{
    return bc_error_set(err, BC_E_INPUT, doc->file, n ? n->line : 1, n ? n->column : 1, msg,
                        value ? value : "");
}

/* Ký hiệu: capital letters, digits, Đ, &, '-' and the mixed-case
 * abbreviations of ND30's table (TTr, CTr, QyĐ, ...); no spaces. */
static bool symbol_ok(const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '/')
            return false;
    return true;
}

/* Lower-cases s (UTF-8) and capitalises the first letter of each word if
 * title, else only of the whole string. Caller frees. */
static char *recase(const char *s, bool title, bool lower_first)
{
    bc_buf b = BC_BUF_INIT;
    bool start = true;
    char enc[4];
    for (const char *p = s; *p;) {
        int32_t cp;
        p += bc_utf8_decode(p, &cp);
        int32_t out = utf8proc_tolower(cp);
        if (start && !lower_first && cp != ' ')
            out = utf8proc_toupper(cp);
        if (cp != ' ')
            start = false;
        if (title && cp == ' ') {
            start = true;
            lower_first = false;
        }
        int k = bc_utf8_encode(out, enc);
        bc_buf_append(&b, enc, (size_t)k);
    }
    return bc_buf_detach(&b);
}

/* "ỦY BAN NHÂN DÂN" + "TỈNH KHÁNH HÒA" -> "Ủy ban nhân dân tỉnh Khánh Hòa":
 * ND30 Phụ lục II: the body's name capitalised at its start; an
 * administrative unit's generic noun in lower case and its proper name
 * capitalised. Other lines are kept as written. */
static char *agency_in_text(char *const *lines)
{
    static const char *const units[] = {"TỈNH ", "THÀNH PHỐ ", "HUYỆN ", "QUẬN ", "THỊ XÃ ",
                                        "THỊ TRẤN ", "XÃ ", "PHƯỜNG ", NULL};
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; lines[i]; i++) {
        const char *ln = lines[i];
        if (i)
            bc_buf_putc(&b, ' ');
        const char *unit = NULL;
        for (size_t k = 0; units[k]; k++)
            if (!strncmp(ln, units[k], strlen(units[k])))
                unit = units[k];
        char *part;
        if (unit) {
            char *generic = recase(unit, false, true);
            char *name = recase(ln + strlen(unit), true, false);
            part = bc_strdup_printf("%s%s", generic ? generic : "", name ? name : "");
            free(generic);
            free(name);
        } else if (i == 0) {
            part = recase(ln, false, false);
        } else {
            part = bc_strdup(ln);
        }
        if (part)
            bc_buf_puts(&b, part);
        free(part);
    }
    return bc_buf_detach(&b);
}

/* so and ngay still hold the "baocao moi" placeholder: say what to fill. */
static bc_status check_filled(const bc_ydoc *doc, const bc_ynode *root, bc_error *err)
{
    const bc_ynode *so = bc_ymap_get(root, "so"), *ngay = bc_ymap_get(root, "ngay");
    bool so_open = so && so->kind == BC_Y_SCALAR && !strcmp(so->value, BC_REPORT_UNFILLED);
    bool ngay_open = ngay && ngay->kind == BC_Y_SCALAR && !strcmp(ngay->value, BC_REPORT_UNFILLED);
    if (so_open && ngay_open)
        return error_at(doc, so, err,
                        "báo cáo chưa điền số và ngày ban hành: thay '%s' ở 'so:' bằng số văn "
                        "bản (ví dụ so: 45) và ở 'ngay:' bằng ngày ký (ví dụ ngay: 2018-06-14)",
                        BC_REPORT_UNFILLED);
    if (so_open)
        return error_at(doc, so, err,
                        "báo cáo chưa điền số văn bản: thay '%s' ở 'so:' bằng số đã lấy (ví dụ "
                        "so: 45)",
                        BC_REPORT_UNFILLED);
    if (ngay_open)
        return error_at(doc, ngay, err,
                        "báo cáo chưa điền ngày ban hành: thay '%s' ở 'ngay:' bằng ngày ký (ví dụ "
                        "ngay: 2018-06-14)",
                        BC_REPORT_UNFILLED);
    return BC_OK;
}

bc_status bc_report_load(const char *path, bc_report **out, bc_error *err)
{
    char *data;
    size_t len;
    bc_status st = bc_infile_read(path, BC_IN_REPORT, &data, &len, err);
    if (st)
        return st;
    st = bc_report_parse(data, len, path, out, err);
    free(data);
    return st;
}

/* A date written in the right form (YYYY-MM-DD, digits) that
 * bc_date_parse_iso still refused: says why in why[] and returns true. */
static bool date_form_ok(const char *s, char *why, size_t n)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999)
        snprintf(why, n, "không dùng được: năm %d nằm ngoài khoảng 1900 đến 2999", y);
    else if (m < 1 || m > 12)
        snprintf(why, n, "không có thật: không có tháng %d (tháng từ 1 đến 12)", m);
    else if (d < 1)
        snprintf(why, n, "không có thật: không có ngày 0 (ngày từ 1)");
    else {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int maxd = mdays[m - 1] + (m == 2 && leap);
        snprintf(why, n, "không có thật: tháng %d năm %d chỉ có %d ngày, không có ngày %d", m, y,
                 maxd, d);
    }
    return true;
}

bc_status bc_report_parse(const char *data, size_t len, const char *path, bc_report **out,
                          bc_error *err)
{
    bc_ydoc *doc = NULL;
    bc_status st = bc_ydoc_parse(data, len, path, &doc, err);
    if (st)
        return st;
    bc_report *r = calloc(1, sizeof *r);
    if (!r) {
        bc_ydoc_free(doc);
        return bc_nomem(err);
    }
    r->path = bc_strdup(path);
    r->dir = bc_path_dir(path, NULL);
    const bc_ynode *root = doc->root;
    if (!root || root->kind != BC_Y_MAP) {
        st = error_at(doc, root, err,
                      "tệp báo cáo phải là một bảng khóa: giá trị (loai:, co-quan:, so:, ...)%s",
                      "");
        goto out;
    }
    if ((st = bc_ymap_check_keys(doc, root, TOP_KEYS, err)))
        goto out;
    if ((st = check_filled(doc, root, err)))
        goto out;

    char *kind = NULL;
    if ((st = bc_ymap_string(doc, root, "loai", false, &kind, err)))
        goto out;
    if (!kind || !strcmp(kind, "bao-cao")) {
        r->kind = BC_REPORT_BAO_CAO;
    } else if (!strcmp(kind, "cong-van")) {
        r->kind = BC_REPORT_CONG_VAN;
    } else {
        st = error_at(doc, bc_ymap_get(root, "loai"), err,
                      "loại văn bản '%s' không được hỗ trợ; dùng 'bao-cao' hoặc 'cong-van'", kind);
        free(kind);
        goto out;
    }
    free(kind);

    r->layout = bc_strdup("nd30-chuan");
    if ((st = bc_ymap_string(doc, root, "bo-cuc", false, &r->layout, err)) ||
        (st = bc_ymap_string(doc, root, "co-quan-chu-quan", false, &r->agency_parent, err)) ||
        (st = bc_ymap_strings(doc, root, "co-quan", true, &r->agency, NULL, err)) ||
        (st = bc_ymap_string(doc, root, "ten-co-quan", false, &r->agency_name, err)) ||
        (st = bc_ymap_string(doc, root, "so", true, &r->number, err)) ||
        (st = bc_ymap_string(doc, root, "ky-hieu", true, &r->symbol, err)) ||
        (st = bc_ymap_string(doc, root, "dia-danh", true, &r->place, err)) ||
        (st = bc_ymap_string(doc, root, "trich-yeu", true, &r->summary, err)) ||
        (st = bc_ymap_string(doc, root, "do-khan", false, &r->urgency, err)) ||
        (st = bc_ymap_strings(doc, root, "kinh-gui", false, &r->recipients, NULL, err)) ||
        (st = bc_ymap_string(doc, root, "sau-noi-dung", false, &r->after_body, err)) ||
        (st = bc_ymap_strings(doc, root, "noi-nhan", true, &r->cc, NULL, err)) ||
        (st = bc_ymap_strings(doc, root, "phu-luc", false, &r->appendices, NULL, err)))
        goto out;

    const bc_ynode *lay = bc_ymap_get(root, "bo-cuc");
    r->layout_line = lay ? lay->line : 0;
    r->doc_type = bc_strdup("BÁO CÁO");
    if ((st = bc_ymap_string(doc, root, "ten-loai", false, &r->doc_type, err)))
        goto out;
    r->cc_label = bc_strdup("Nơi nhận:");
    if ((st = bc_ymap_string(doc, root, "noi-nhan-nhan", false, &r->cc_label, err)))
        goto out;

    /* Number: digits only; ND30 writes numbers below 10 with a leading zero. */
    const bc_ynode *num = bc_ymap_get(root, "so");
    for (const char *p = r->number; *p; p++)
        if (*p < '0' || *p > '9') {
            st = error_at(doc, num, err,
                          "số văn bản phải là chữ số (ví dụ 45), không phải '%s'; ký hiệu "
                          "ghi ở trường ky-hieu",
                          r->number);
            goto out;
        }
    if (atol(r->number) <= 0) {
        st = error_at(doc, num, err, "số văn bản phải lớn hơn 0 (đang là '%s')", r->number);
        goto out;
    }
    if (strlen(r->number) == 1) {
        char *padded = bc_strdup_printf("0%s", r->number);
        free(r->number);
        r->number = padded;
    }
    if (!symbol_ok(r->symbol)) {
        st = error_at(doc, bc_ymap_get(root, "ky-hieu"), err,
                      "ký hiệu '%s' không được chứa dấu cách hoặc dấu '/' (ví dụ: BC-UBND)",
                      r->symbol);
        goto out;
    }

    char *date = NULL;
    if ((st = bc_ymap_string(doc, root, "ngay", true, &date, err)))
        goto out;
    bool ok = bc_date_parse_iso(date, &r->date);
    if (!ok) {
        char why[160];
        const bc_ynode *at = bc_ymap_get(root, "ngay");
        if (date_form_ok(date, why, sizeof why))
            st = bc_error_set(err, BC_E_INPUT, doc->file, at ? at->line : 1,
                              at ? at->column : 1,
                              "ngày '%s' %s; hãy sửa lại ngày (dạng "
                              "NĂM-THÁNG-NGÀY đã đúng)",
                              date, why);
        else
            st = error_at(doc, at, err,
                          "ngày '%s' không hợp lệ; hãy viết theo dạng NĂM-THÁNG-NGÀY, ví dụ "
                          "2018-03-14",
                          date);
        free(date);
        goto out;
    }
    free(date);

    if (r->urgency) {
        static const char *const marks[] = {"KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", NULL};
        bool known = false;
        for (size_t i = 0; marks[i]; i++)
            known |= !strcmp(r->urgency, marks[i]);
        if (!known) {
            st = error_at(doc, bc_ymap_get(root, "do-khan"), err,
                          "mức độ khẩn '%s' không hợp lệ; dùng KHẨN, THƯỢNG KHẨN hoặc HỎA TỐC",
                          r->urgency);
            goto out;
        }
    }

    const bc_ynode *body = bc_ymap_get(root, "noi-dung");
    char *body_rel = NULL;
    if ((st = bc_ymap_string(doc, root, "noi-dung", true, &body_rel, err)))
        goto out;
    r->body_path = resolve(r->dir, body_rel);
    r->body_line = body->line;
    free(body_rel);

    /* Several Kính gửi recipients: one per line, each starting "- " (ND30). */
    size_t nrec = 0;
    while (r->recipients && r->recipients[nrec])
        nrec++;
    for (size_t i = 0; nrec >= 2 && i < nrec; i++)
        if (strncmp(r->recipients[i], "- ", 2) != 0) {
            char *fixed = bc_strdup_printf("- %s", r->recipients[i]);
            free(r->recipients[i]);
            r->recipients[i] = fixed;
        }

    char *numbering = NULL;
    if ((st = bc_ymap_string(doc, root, "phu-luc-danh-so", false, &numbering, err)))
        goto out;
    if (numbering && !strcmp(numbering, "a-rap")) {
        r->appendix_arabic = true;
    } else if (numbering && strcmp(numbering, "la-ma") != 0) {
        st = error_at(doc, bc_ymap_get(root, "phu-luc-danh-so"), err,
                      "cách đánh số phụ lục '%s' không hợp lệ; dùng la-ma (Phụ lục I, II) hoặc "
                      "a-rap (Phụ lục 1, 2)",
                      numbering);
        free(numbering);
        goto out;
    }
    free(numbering);

    /* Spelling check (spellcheck.h): on unless "kiem-tra-chinh-ta: khong";
     * "tu-dien:" names the report's own accepted-word list. */
    r->spell_check = true;
    char *words = NULL;
    if ((st = bc_ymap_bool(doc, root, "kiem-tra-chinh-ta", false, &r->spell_check, err)) ||
        (st = bc_ymap_string(doc, root, "tu-dien", false, &words, err)))
        goto out;
    if (words) {
        r->word_list = resolve(r->dir, words);
        r->word_list_line = bc_ymap_get(root, "tu-dien")->line;
        free(words);
    }

    /* Nơi nhận lines start with "- ". */
    for (size_t i = 0; r->cc[i]; i++)
        if (strncmp(r->cc[i], "- ", 2) != 0) {
            char *fixed = bc_strdup_printf("- %s", r->cc[i]);
            free(r->cc[i]);
            r->cc[i] = fixed;
        }

    const bc_ynode *sign = bc_ymap_get(root, "ky");
    if (!sign || sign->kind != BC_Y_MAP) {
        st = error_at(doc, sign ? sign : root, err,
                      "thiếu khối chữ ký 'ky:' (với 'tham-quyen:' và 'ho-ten:')%s", "");
        goto out;
    }
    if ((st = bc_ymap_check_keys(doc, sign, SIGN_KEYS, err)) ||
        (st = bc_ymap_strings(doc, sign, "tham-quyen", false, &r->authority, NULL, err)) ||
        (st = bc_ymap_string(doc, sign, "ho-ten", true, &r->signer, err)))
        goto out;
    if (!r->authority)
        r->authority = calloc(1, sizeof *r->authority);
    if (!r->recipients)
        r->recipients = calloc(1, sizeof *r->recipients);
    if (!r->appendices)
        r->appendices = calloc(1, sizeof *r->appendices);
    for (size_t i = 0; r->appendices && r->appendices[i]; i++) {
        char *p = resolve(r->dir, r->appendices[i]);
        free(r->appendices[i]);
        r->appendices[i] = p;
    }

    if (!r->agency_name)
        r->agency_name = agency_in_text(r->agency);

    const bc_ynode *per = bc_ymap_get(root, "ky-bao-cao");
    if (per) {
        if ((st = bc_period_from_yaml(doc, per, &r->period, err)))
            goto out;
        r->has_period = true;
        for (size_t i = 0; i < root->count; i++)
            if (root->items[i] == per)
                r->period_line = root->keys[i]->line;
    }
    if ((st = bc_ymap_strings(doc, root, "so-lieu", false, &r->data_files, NULL, err)))
        goto out;
    if (!r->data_files)
        r->data_files = calloc(1, sizeof *r->data_files);
    for (size_t i = 0; r->data_files && r->data_files[i]; i++) {
        char *p = resolve(r->dir, r->data_files[i]);
        free(r->data_files[i]);
        r->data_files[i] = p;
    }
    for (size_t i = 0; i < root->count; i++)
        if (!strcmp(root->keys[i]->value, "so-lieu"))
            r->data_line = root->keys[i]->line;

out:
    bc_ydoc_free(doc);
    if (st) {
        bc_report_free(r);
        return st;
    }
    *out = r;
    return BC_OK;
}

char *bc_report_number_line(const bc_report *r)
{
    return bc_strdup_printf("Số: %s/%s", r->number, r->symbol);
}

char *bc_report_date_line(const bc_report *r)
{
    char *d = bc_date_long(r->date);
    char *s = d ? bc_strdup_printf("%s, %s", r->place, d) : NULL;
    free(d);
    return s;
}

char *bc_report_appendix_label(const bc_report *r, size_t i)
{
    size_t n = 0;
    while (r->appendices && r->appendices[n])
        n++;
    if (i >= n)
        return NULL;
    if (n < 2)
        return bc_strdup("Phụ lục");
    char num[32];
    if (r->appendix_arabic)
        snprintf(num, sizeof num, "%zu", i + 1);
    else
        bc_roman((int)i + 1, num);
    return bc_strdup_printf("Phụ lục %s", num);
}

char *bc_report_attachment_line(const bc_report *r)
{
    char *date = bc_date_long(r->date);
    char *type = bc_text_upper(r->doc_type);
    /* "BÁO CÁO" -> "Báo cáo" */
    char *lower = type ? recase(type, false, false) : NULL;
    const char *kind = r->kind == BC_REPORT_CONG_VAN ? "Công văn" : (lower ? lower : "Văn bản");
    char *s = bc_strdup_printf("(Kèm theo %s số %s/%s %s của %s)", kind, r->number, r->symbol,
                               date ? date : "", r->agency_name ? r->agency_name : "");
    free(date);
    free(type);
    free(lower);
    return s;
}

static void each(bc_report_text_fn fn, void *ctx, const char *text)
{
    if (text)
        fn(ctx, text);
}

static void each_line(bc_report_text_fn fn, void *ctx, char *const *v)
{
    for (size_t i = 0; v && v[i]; i++)
        fn(ctx, v[i]);
}

bc_status bc_report_printed(const bc_report *r, bc_report_text_fn fn, void *ctx, bc_error *err)
{
    char *num = bc_report_number_line(r), *date = bc_report_date_line(r);
    if (!num || !date) {
        free(num);
        free(date);
        return bc_nomem(err);
    }
    each(fn, ctx, r->agency_parent);
    each_line(fn, ctx, r->agency);
    fn(ctx, num);
    fn(ctx, date);
    free(num);
    free(date);
    fn(ctx, BC_REPORT_QUOC_HIEU " " BC_REPORT_TIEU_NGU);
    each(fn, ctx, r->kind == BC_REPORT_BAO_CAO ? r->doc_type : "V/v");
    each(fn, ctx, r->summary);
    each(fn, ctx, r->urgency);
    if (r->recipients && r->recipients[0])
        fn(ctx, BC_REPORT_KINH_GUI);
    each_line(fn, ctx, r->recipients);
    each(fn, ctx, r->after_body);
    each(fn, ctx, r->cc_label);
    each_line(fn, ctx, r->cc);
    each_line(fn, ctx, r->authority);
    each(fn, ctx, r->signer);
    return BC_OK;
}
