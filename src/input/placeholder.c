/* placeholder.c - {{ ... }} in the narrative: parse, look up, format. */
#include "placeholder.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "strbuf.h"
#include "text.h"
#include "vnfmt.h"
#include "vnnum.h"
#include "yamltree.h"

typedef enum fmt_id {
    F_DEFAULT = 0,
    F_SO,
    F_SO0,
    F_THAP_PHAN,
    F_PCT,
    F_LA_MA,
    F_NGAY,
    F_NGAY_NGAN,
    F_TANG_GIAM,
    F_TANG_GIAM_SO,
    F_CHENH_LECH,
    F_CHU,
    F_COUNT
} fmt_id;

/* Names, and whether a (N) argument is accepted. */
static const char *const FMT_NAMES[F_COUNT + 1] = {
    "", "so", "so0", "thap_phan", "pct", "la_ma", "ngay", "ngay_ngan", "tang_giam",
    "tang_giam_so", "chenh_lech", "chu", NULL};
static const bool FMT_ARG[F_COUNT] = {false, false, true, true, true, false, false,
                                      false, true,  true, true, false};

static const char *const FMT_LIST =
    "so, so0, thap_phan, pct, la_ma, ngay, ngay_ngan, tang_giam, tang_giam_so, chenh_lech, chu";

static char *trim_copy(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

/* Parses "pct(2)" into id and arg (-1 = none). BC_E_INPUT says why (err
 * without a place: the caller knows it). */
static bc_status parse_format(const char *format, fmt_id *id, int *arg, bc_error *err)
{
    *id = F_DEFAULT;
    *arg = -1;
    if (!format)
        return BC_OK;
    char *f = trim_copy(format, strlen(format));
    if (!f)
        return bc_nomem(err);
    if (!f[0]) {
        free(f);
        return BC_OK;
    }
    char *paren = strchr(f, '(');
    if (paren) {
        char *close = strchr(paren, ')');
        char *a = close ? trim_copy(paren + 1, (size_t)(close - paren - 1)) : NULL;
        bool ok = close && a && close[1] == '\0' && a[0] && strlen(a) <= 3 &&
                  strspn(a, "0123456789") == strlen(a);
        if (!ok) {
            if (close && !a) {
                free(f);
                return bc_nomem(err);
            }
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "định dạng '%s' sai; tham số ghi trong ngoặc là một số, ví "
                         "dụ pct(1)",
                         f);
            free(a);
            free(f);
            return BC_E_INPUT;
        }
        *arg = atoi(a);
        free(a);
        *paren = '\0';
        char *t = trim_copy(f, strlen(f));
        free(f);
        if (!(f = t))
            return bc_nomem(err);
    }
    for (char *p = f; *p; p++)
        if (*p == '-')
            *p = '_';
    for (int i = 1; i < F_COUNT; i++)
        if (!strcmp(f, FMT_NAMES[i]))
            *id = (fmt_id)i;
    if (*id == F_DEFAULT) {
        const char *near = bc_nearest(f, FMT_NAMES + 1);
        if (near)
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "định dạng '%s' không có; có phải ý bạn là '%s'?", f, near);
        else
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "định dạng '%s' không có (dùng %s)", f,
                         FMT_LIST);
        free(f);
        return BC_E_INPUT;
    }
    bc_status st = BC_OK;
    if (*arg >= 0 && !FMT_ARG[*id]) {
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "định dạng '%s' không nhận tham số trong ngoặc",
                     f);
        st = BC_E_INPUT;
    } else if (*id == F_SO0 && *arg >= 0 && (*arg < 1 || *arg > 20)) {
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                     "định dạng 'so0' nhận số chữ số từ 1 đến 20, không phải %d", *arg);
        st = BC_E_INPUT;
    } else if (*id != F_SO0 && *arg > 15) {
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                     "định dạng '%s' nhận số chữ số thập phân từ 0 đến 15, không phải "
                     "%d",
                     f, *arg);
        st = BC_E_INPUT;
    }
    free(f);
    return st;
}

/* The value in its own form (no escaping). Caller frees. */
static char *default_text(const bc_value *v)
{
    if (v->kind == BC_VALUE_TEXT)
        return bc_strdup(v->text ? v->text : "");
    if (v->kind == BC_VALUE_DATE)
        return bc_date_short(v->date);
    bc_num_fmt f = {0};
    if (v->rate) {
        f.kind = BC_NUMFMT_PERCENT;
        f.decimals = v->decimals;
    } else if (v->decimals > 0) {
        f.kind = BC_NUMFMT_DECIMAL;
        f.decimals = v->decimals;
    } else {
        f.min_digits = v->min_digits;
    }
    f.no_grouping = v->no_grouping;
    return bc_num_format_dec(v->num, &f);
}

/* "chữ «quý I»", "ngày 14/3/2018", "số 76,88%" for messages. Caller frees. */
static char *describe(const bc_value *v)
{
    char *t = default_text(v);
    char *s = NULL;
    if (t) {
        if (v->kind == BC_VALUE_TEXT)
            s = bc_strdup_printf("chữ «%s»", t);
        else if (v->kind == BC_VALUE_DATE)
            s = bc_strdup_printf("ngày %s", t);
        else
            s = bc_strdup_printf("số %s", t);
    }
    free(t);
    return s;
}

static bc_status wrong(const char *fname, const char *need, const char *name, const bc_value *v,
                       const char *hint, bc_error *err)
{
    char *d = describe(v);
    if (!d)
        return bc_nomem(err);
    bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "định dạng '%s' cần %s, nhưng '%s' là %s%s", fname,
                 need, name, d, hint ? hint : "");
    free(d);
    return BC_E_INPUT;
}

static bool is_whole(const bc_value *v)
{
    int64_t whole;
    return v->kind == BC_VALUE_NUMBER && !v->rate && bc_dec_to_int(v->num, &whole);
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

/* tang_giam / tang_giam_so / chenh_lech. */
static bc_status format_change(fmt_id id, int arg, const char *name, const bc_value *v,
                               const bc_value *prev, char **out, bc_error *err)
{
    const char *fname = FMT_NAMES[id];
    if (v->kind != BC_VALUE_NUMBER)
        return wrong(fname, "một số có giá trị kỳ trước", name, v, NULL, err);
    if (!prev) {
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                     "định dạng '%s' cần giá trị kỳ trước, nhưng '%s' không có "
                     "'truoc'",
                     fname, name);
        return BC_E_INPUT;
    }
    bc_num_fmt f = {0};
    bc_dec d;
    if (bc_dec_sub(v->num, prev->num, &d) != BC_DEC_OK) {
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                     "không tính được '%s' của '%s': chênh lệch vượt giới hạn 18 chữ số", fname,
                     name);
        return BC_E_INPUT;
    }
    if (v->rate) {
        f.kind = BC_NUMFMT_PERCENT;
        f.decimals = arg >= 0 ? arg : max_int(v->decimals, prev->decimals);
    } else if (id == F_TANG_GIAM) {
        if (bc_dec_is_zero(prev->num)) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "không tính được '%s' của '%s': giá trị kỳ trước là 0 (dùng "
                         "tang_giam_so để ghi mức chênh lệch)",
                         fname, name);
            return BC_E_INPUT;
        }
        /* exact to 18 digits; rounded once, below, when printed */
        if (bc_dec_div(d, bc_dec_abs(prev->num), &d) != BC_DEC_OK) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "không tính được '%s' của '%s': kết quả vượt giới hạn 18 chữ "
                         "số",
                         fname, name);
            return BC_E_INPUT;
        }
        f.kind = BC_NUMFMT_PERCENT;
        f.decimals = arg >= 0 ? arg : 2;
    } else {
        int dec = arg >= 0 ? arg : max_int(v->decimals, prev->decimals);
        f.kind = dec > 0 ? BC_NUMFMT_DECIMAL : BC_NUMFMT_INTEGER;
        f.decimals = dec;
        f.no_grouping = v->no_grouping;
    }
    if (f.decimals > 15)
        f.decimals = 15;
    if (id == F_CHENH_LECH) {
        *out = bc_num_format_dec(d, &f);
        return *out ? BC_OK : bc_nomem(err);
    }
    if (bc_dec_is_zero(bc_num_round_dec(d, &f))) {
        *out = bc_strdup("không thay đổi");
        return *out ? BC_OK : bc_nomem(err);
    }
    char *num = bc_num_format_dec(bc_dec_abs(d), &f);
    if (!num)
        return bc_nomem(err);
    *out = bc_strdup_printf("%s %s", d.m > 0 ? "tăng" : "giảm", num);
    free(num);
    return *out ? BC_OK : bc_nomem(err);
}

bc_status bc_value_format(const char *name, const bc_value *v, const bc_value *prev,
                          const char *format, char **out, bc_error *err)
{
    fmt_id id;
    int arg;
    *out = NULL;
    bc_status st = parse_format(format, &id, &arg, err);
    if (st)
        return st;
    const char *fname = FMT_NAMES[id];
    bc_num_fmt f = {0};
    switch (id) {
    case F_DEFAULT:
        *out = default_text(v);
        break;
    case F_CHU:
        *out = bc_strdup(v->text ? v->text : "");
        break;
    case F_SO:
    case F_SO0:
    case F_LA_MA:
        if (!is_whole(v))
            return wrong(fname, "một số nguyên", name, v,
                         v->kind == BC_VALUE_NUMBER ? "; dùng thap_phan hoặc pct" : NULL, err);
        if (id == F_LA_MA) {
            int64_t whole = 0;
            bc_dec_to_int(v->num, &whole);
            if (whole < 1 || whole > 3999)
                return wrong(fname, "một số nguyên từ 1 đến 3999", name, v, NULL, err);
            char roman[16];
            bc_roman((int)whole, roman);
            *out = bc_strdup(roman);
            break;
        }
        f.no_grouping = v->no_grouping;
        if (id == F_SO0)
            f.min_digits = arg >= 0 ? arg : 2;
        *out = bc_num_format_dec(v->num, &f);
        break;
    case F_THAP_PHAN:
    case F_PCT:
        if (v->kind != BC_VALUE_NUMBER)
            return wrong(fname, "một số", name, v, NULL, err);
        f.kind = id == F_PCT ? BC_NUMFMT_PERCENT : BC_NUMFMT_DECIMAL;
        f.decimals = arg >= 0 ? arg : v->decimals;
        f.no_grouping = v->no_grouping;
        {
            /* moving the decimal point is exact: only the scale changes */
            bc_dec x = v->num;
            if (id == F_PCT && !v->rate)
                bc_dec_mul(x, (bc_dec){1, 2}, &x); /* x / 100 */
            if (id == F_THAP_PHAN && v->rate)
                bc_dec_mul(x, bc_dec_from_int(100), &x); /* none when beyond 18 digits */
            *out = bc_num_format_dec(x, &f);
        }
        break;
    case F_NGAY:
    case F_NGAY_NGAN:
        if (v->kind != BC_VALUE_DATE)
            return wrong(fname, "một ngày", name, v, NULL, err);
        *out = id == F_NGAY ? bc_date_long(v->date) : bc_date_short(v->date);
        break;
    case F_TANG_GIAM:
    case F_TANG_GIAM_SO:
    case F_CHENH_LECH:
        return format_change(id, arg, name, v, prev, out, err);
    default:
        break;
    }
    return *out ? BC_OK : bc_nomem(err);
}

/* ---- expansion ---- */

static void put_escaped(bc_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r') {
            bc_buf_putc(b, ' ');
            continue;
        }
        if (strchr("\\`*_[]<>#!|~{}&", *s))
            bc_buf_putc(b, '\\');
        bc_buf_putc(b, *s);
    }
}

/* Expands the inside of one placeholder into b. BC_E_INPUT says why
 * (err without a place: the caller knows it). */
static bc_status expand_one(const char *inner, size_t n, const bc_values *v, bool *used, bc_buf *b,
                            bc_error *err)
{
    char *in = trim_copy(inner, n);
    if (!in)
        return bc_nomem(err);
    bc_status st = BC_OK;
    if (!in[0]) {
        bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                     "chỗ giữ số liệu '{{ }}' trống; ghi tên số liệu, ví dụ {{ ky.nam }}");
        st = BC_E_INPUT;
        goto out;
    }
    if (in[0] == '"') {
        char *close = strchr(in + 1, '"');
        if (!close || close[1] != '\0') {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "chuỗi trong '{{ %s }}' phải nằm trọn trong một cặp dấu "
                         "nháy kép, ví dụ {{ \"{{\" }}",
                         in);
            st = BC_E_INPUT;
            goto out;
        }
        *close = '\0';
        put_escaped(b, in + 1);
        goto out;
    }
    /* split at the first '|' outside quotes */
    char q = 0, *bar = NULL;
    for (char *p = in; *p; p++) {
        if (q) {
            if (*p == q)
                q = 0;
        } else if (*p == '"' || *p == '\'') {
            q = *p;
        } else if (*p == '|') {
            bar = p;
            break;
        }
    }
    const char *format = NULL;
    if (bar) {
        *bar = '\0';
        format = bar + 1;
        if (!strchr(format, '(') && strspn(format, " \t") == strlen(format)) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0, "thiếu tên định dạng sau '|'");
            st = BC_E_INPUT;
            goto out;
        }
    }
    char *ref = trim_copy(in, strlen(in));
    if (!ref) {
        st = bc_nomem(err);
        goto out;
    }
    bc_value val, prev;
    bool has_prev = false;
    size_t entry;
    memset(&prev, 0, sizeof prev);
    st = bc_values_lookup(v, ref, &val, &prev, &has_prev, &entry, err);
    if (!st) {
        if (entry != (size_t)-1)
            used[entry] = true;
        char *text = NULL;
        st = bc_value_format(ref, &val, has_prev ? &prev : NULL, format, &text, err);
        if (!st)
            put_escaped(b, text);
        free(text);
        bc_value_clear(&val);
        bc_value_clear(&prev);
    }
    free(ref);
out:
    free(in);
    return st;
}

bc_status bc_narrative_expand(const char *text, size_t len, const char *file,
                              const bc_values *v, const bc_expand_opts *o, char **out,
                              size_t *out_len, bc_diags *d, bc_error *err)
{
    *out = NULL;
    bc_status st = bc_text_validate(text, len, file, err);
    if (st)
        return st;
    size_t nvals = bc_values_count(v);
    bool *used = calloc(nvals ? nvals : 1, sizeof *used);
    if (!used)
        return bc_nomem(err);
    bc_buf b = BC_BUF_INIT;
    int line = 1, col = 1;
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        if (c == '\\' && i + 1 < len && (text[i + 1] == '\\' || text[i + 1] == '{')) {
            /* "\\" stays a pair; "\{" (and so "\{{") is not a placeholder */
            bc_buf_append(&b, text + i, 2);
            i += 2;
            col += 2;
            continue;
        }
        if (c == '{' && i + 1 < len && text[i + 1] == '{') {
            size_t j = i + 2;
            while (j < len && text[j] != '\n' && !(text[j] == '}' && j + 1 < len && text[j + 1] == '}'))
                j++;
            if (j >= len || text[j] == '\n') {
                st = bc_error_set(err, BC_E_INPUT, file, line, col,
                                  "thiếu '}}' đóng chỗ giữ số liệu mở bằng '{{' (trên cùng một "
                                  "dòng); muốn in '{{' thì ghi '\\{{'");
                goto fail;
            }
            st = expand_one(text + i + 2, j - i - 2, v, used, &b, err);
            if (st) {
                if (st == BC_E_INPUT) /* at the "{{" */
                    bc_error_locate(err, file, line, col);
                goto fail;
            }
            col += (int)bc_utf8_length(text + i, j + 2 - i);
            i = j + 2;
            continue;
        }
        bc_buf_putc(&b, c);
        if (c == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)c & 0xC0) != 0x80) {
            col++;
        }
        i++;
    }
    if (b.oom) {
        st = bc_nomem(err);
        goto fail;
    }
    if (o && o->warn_unused && d) {
        for (size_t k = 0; k < nvals; k++) {
            const bc_value_entry *e = bc_values_entry(v, k);
            if (e->from_data && !used[k]) {
                char wbuf[600];
                int wl, wc;
                const char *wf = bc_value_entry_where(e, wbuf, sizeof wbuf, &wl, &wc);
                bc_diags_add(d, BC_NOTE, wf, wl, wc, "số liệu '%s' không được dùng trong %s",
                             e->name, file ? file : "nội dung");
            }
        }
    }
    if (o && o->on_used) {
        for (size_t k = 0; k < nvals; k++) {
            const bc_value_entry *e = bc_values_entry(v, k);
            if (e->from_data && used[k])
                o->on_used(o->used_ctx, e);
        }
    }
    free(used);
    size_t n = b.len;
    *out = bc_buf_detach(&b);
    if (!*out)
        return bc_nomem(err);
    if (out_len)
        *out_len = n;
    return BC_OK;
fail:
    free(used);
    bc_buf_free(&b);
    return st;
}

bc_status bc_narrative_load(const bc_report *r, bc_table *const *tables, size_t ntables,
                            const bc_expand_opts *o, bc_doc **out, bc_diags *d, bc_error *err)
{
    char *text = NULL, *expanded = NULL;
    size_t len = 0, elen = 0;
    bc_values *vals = NULL;
    *out = NULL;
    bc_status st = bc_text_load(r->body_path, &text, &len, err);
    if (st && err && err->code == BC_EC_OPEN) {
        /* Say which field of report.yaml named the file. */
        bc_error named = BC_ERROR_INIT;
        bc_error_set(&named, st, r->path, r->body_line, 1,
                     "không mở được tệp nội dung '%s' (trường noi-dung): %s", r->body_path,
                     err->message ? err->message : "");
        bc_error_clear(err);
        *err = named;
    }
    if (!st)
        st = bc_values_from_report(r, tables, ntables, &vals, err);
    if (!st)
        st = bc_narrative_expand(text, len, r->body_path, vals, o, &expanded, &elen, d, err);
    if (!st)
        st = bc_markdown_parse(expanded, elen, r->body_path, out, d, err);
    free(text);
    free(expanded);
    bc_values_free(vals);
    return st;
}
