/* nd30lint.c - ND30 form findings about what the author wrote. */
#include "nd30lint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

/* A source file read once, for placing findings. */
typedef struct src {
    const char *path;
    char *text; /* NULL when unreadable */
    size_t len;
} src;

static void src_open(src *s, const char *path)
{
    s->path = path;
    s->text = NULL;
    s->len = 0;
    bc_error ignore = BC_ERROR_INIT;
    if (!path || bc_file_read(path, &s->text, &s->len, &ignore) != BC_OK)
        s->text = NULL;
    bc_error_clear(&ignore);
}

static size_t line_start(const src *s, int line)
{
    size_t i = 0;
    for (int l = 1; l < line && i < s->len; i++)
        if (s->text[i] == '\n')
            l++;
    return i;
}

/* Finds needle in s from the start of from_line (1 when 0); fills line and
 * column (characters). False when not found. */
static bool locate(const src *s, int from_line, const char *needle, int *line, int *col)
{
    if (!s->text || !needle || !*needle)
        return false;
    size_t start = line_start(s, from_line > 0 ? from_line : 1);
    const char *hit = strstr(s->text + start, needle);
    if (!hit)
        return false;
    int l = 1;
    size_t ls = 0;
    for (size_t i = 0; i < (size_t)(hit - s->text); i++)
        if (s->text[i] == '\n') {
            l++;
            ls = i + 1;
        }
    *line = l;
    *col = (int)bc_utf8_length(s->text + ls, (size_t)(hit - s->text) - ls) + 1;
    return true;
}

/* The place of needle, or (from_line, 1), or (0, 0). */
static void place(const src *s, int from_line, const char *needle, int *line, int *col)
{
    if (locate(s, from_line, needle, line, col))
        return;
    *line = from_line;
    *col = from_line ? 1 : 0;
}

/* The line of "key:" at the start of a line of report.yaml (0 if absent). */
static int key_line(const src *s, const char *key)
{
    if (!s->text)
        return 0;
    size_t klen = strlen(key);
    int l = 1;
    for (size_t i = 0; i < s->len; i++) {
        if (i == 0 || s->text[i - 1] == '\n') {
            size_t j = i;
            while (j < s->len && s->text[j] == ' ')
                j++;
            if (s->len - j > klen && !memcmp(s->text + j, key, klen) && s->text[j + klen] == ':')
                return l;
        }
        if (s->text[i] == '\n')
            l++;
    }
    return 0;
}

static bool starts(const char *s, const char *p) { return !strncmp(s, p, strlen(p)); }

static bool ends(const char *s, const char *p)
{
    size_t n = strlen(s), m = strlen(p);
    return n >= m && !strcmp(s + n - m, p);
}

/* ---- appendices ---- */

static bool is_roman_char(char c) { return c == 'I' || c == 'V' || c == 'X' || c == 'L'; }

static size_t appendix_count(const bc_report *r)
{
    size_t n = 0;
    while (r->appendices && r->appendices[n])
        n++;
    return n;
}

static void lint_numbering(const bc_report *r, const src *y, bc_adiags *out)
{
    size_t n = appendix_count(r);
    if (n < 2 || !r->appendix_arabic)
        return;
    int line = key_line(y, "phu-luc-danh-so"), col = line ? 1 : 0;
    bc_adiags_add(out, r->path, line, col, "ND01",
                  "có %zu phụ lục mà đánh số bằng chữ số Ả Rập (phu-luc-danh-so: a-rap); "
                  "ND30 đánh số phụ lục bằng chữ số La Mã khi có từ hai phụ lục trở lên "
                  "(Phụ lục I, II, ...): hãy bỏ dòng này và trích dẫn phụ lục bằng "
                  "{{ phu_luc.1 }}, {{ phu_luc.2 }}, ...",
                  n);
}

/* Does "Phụ lục <token>" name an appendix of the report? */
static bool label_exists(const bc_appendices *appx, const char *token)
{
    for (size_t i = 0; appx && i < appx->count; i++) {
        const char *l = appx->info[i].label;
        if (l && starts(l, "Phụ lục ") && !strcmp(l + strlen("Phụ lục "), token))
            return true;
    }
    return false;
}

static char *label_list(const bc_appendices *appx)
{
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; appx && i < appx->count; i++) {
        if (i)
            bc_buf_puts(&b, ", ");
        bc_buf_puts(&b, appx->info[i].label ? appx->info[i].label : "");
    }
    return bc_buf_detach(&b);
}

static int roman_value(const char *t)
{
    static const char *const R[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII",
                                    "XIX", "XX"};
    for (size_t i = 0; i < sizeof R / sizeof R[0]; i++)
        if (!strcmp(R[i], t))
            return (int)i + 1;
    return 0;
}

/* group: the citation as written ("Phụ lục 1, 2"), for its place. */
static void cite_missing(const bc_report *r, const bc_appendices *appx, const src *f,
                         int from_line, const char *group, const char *token, bc_adiags *out)
{
    char cited[160];
    snprintf(cited, sizeof cited, "Phụ lục %s", token);
    int line, col;
    place(f, from_line, group, &line, &col);
    char *have = label_list(appx);
    size_t n = appendix_count(r);
    int k = token[0] >= '0' && token[0] <= '9' ? atoi(token) : roman_value(token);
    bc_adiag *d;
    if (!n)
        d = bc_adiags_add(out, f->path, line, col, "ND02",
                          "trích dẫn «%s» nhưng báo cáo không có phụ lục nào (trường phu-luc)",
                          cited);
    else
        d = bc_adiags_add(out, f->path, line, col, "ND02",
                          "trích dẫn «%s» nhưng báo cáo không có phụ lục này (các phụ lục: %s); "
                          "hãy trích dẫn bằng {{ phu_luc.N }} (N là thứ tự trong phu-luc) để "
                          "nhãn in ra và nhãn trích dẫn là một",
                          cited, have ? have : "");
    if (d && n && k >= 1 && (size_t)k <= n) {
        char sugg[32];
        snprintf(sugg, sizeof sugg, "{{ phu_luc.%d }}", k);
        bc_adiag_suggest(d, sugg);
    }
    free(have);
}

/* Words after a number that make "Phụ lục X" another document's appendix. */
static bool external_after(const char *p)
{
    while (*p == ' ')
        p++;
    if (starts(p, "kèm theo "))
        p += strlen("kèm theo ");
    else if (starts(p, "ban hành kèm theo "))
        p += strlen("ban hành kèm theo ");
    else if (starts(p, "của ") || starts(p, "tại "))
        return true;
    int32_t cp = 0;
    if (!*p || bc_utf8_decode(p, &cp) <= 0)
        return false;
    char enc[8] = {0};
    bc_utf8_encode(cp, enc);
    char *up = bc_text_upper(enc);
    bool capital = up && !strcmp(up, enc) && cp > 'A' - 1 && !(cp >= '0' && cp <= '9');
    free(up);
    /* "Phụ lục I Nghị định 30", "Phụ lục 2 kèm theo Quyết định số ..." */
    return capital;
}

/* Scans text for "Phụ lục X[, Y][ và Z]" and checks each X. */
static void lint_citations(const bc_report *r, const bc_appendices *appx, const src *f,
                           int from_line, const char *text, bc_adiags *out)
{
    const char *p = text;
    while ((p = strstr(p, "hụ lục ")) != NULL) {
        bool word_start = p - text >= 1 && (p[-1] == 'P' || p[-1] == 'p') &&
                          (p - text == 1 || p[-2] == ' ' || p[-2] == '(' || p[-2] == '\n');
        p += strlen("hụ lục ");
        if (!word_start)
            continue;
        char tokens[8][16];
        size_t nt = 0;
        const char *q = p;
        for (;;) {
            size_t k = 0;
            bool digits = *q >= '0' && *q <= '9';
            while (k < 15 && (digits ? (q[k] >= '0' && q[k] <= '9') : is_roman_char(q[k])))
                k++;
            if (!k || (q[k] >= 'A' && q[k] <= 'Z') || (q[k] >= 'a' && q[k] <= 'z') ||
                (q[k] >= '0' && q[k] <= '9') || (q[k] == '.' && q[k + 1] >= '0' && q[k + 1] <= '9'))
                break;
            if (nt < 8) {
                memcpy(tokens[nt], q, k);
                tokens[nt++][k] = '\0';
            }
            q += k;
            if (starts(q, ", ") && ((q[2] >= '0' && q[2] <= '9') || is_roman_char(q[2])))
                q += 2;
            else if (starts(q, " và ") && ((q[strlen(" và ")] >= '0' && q[strlen(" và ")] <= '9') ||
                                           is_roman_char(q[strlen(" và ")])))
                q += strlen(" và ");
            else
                break;
        }
        if (!nt || external_after(q))
            continue;
        const char *g0 = p - strlen("Phụ lục ");
        char *group = strndup(g0, (size_t)(q - g0));
        for (size_t i = 0; group && i < nt; i++)
            if (!label_exists(appx, tokens[i]))
                cite_missing(r, appx, f, from_line, group, tokens[i], out);
        free(group);
        p = q;
    }
}

/* ---- signature ---- */

static bool has_lower(const char *s)
{
    char *up = bc_text_upper(s);
    bool diff = up && strcmp(up, s) != 0;
    free(up);
    return diff;
}

static const char *const AUTH[] = {"TM", "KT", "TL", "TUQ", "Q"};

/* Which abbreviation starts s ("KT. X" -> "KT"), with *exact false when it
 * is written without its dot and space ("KT CHỦ TỊCH", "KT.CHỦ TỊCH"). */
static const char *auth_of(const char *s, bool *exact)
{
    for (size_t i = 0; i < sizeof AUTH / sizeof AUTH[0]; i++) {
        size_t n = strlen(AUTH[i]);
        if (strncmp(s, AUTH[i], n))
            continue;
        const char *t = s + n;
        if (t[0] == '.' && t[1] == ' ' && t[2] && t[2] != ' ') {
            *exact = true;
            return AUTH[i];
        }
        if ((t[0] == '.' && t[1] && t[1] != ' ') || (t[0] == ' ' && strcmp(AUTH[i], "Q"))) {
            *exact = false;
            return AUTH[i];
        }
    }
    return NULL;
}

static void lint_signature(const bc_report *r, const src *y, bc_adiags *out)
{
    int ky = key_line(y, "ky");
    size_t n = 0;
    while (r->authority && r->authority[n])
        n++;
    int line, col;
    if (!n) {
        place(y, ky, "ho-ten", &line, &col);
        bc_adiags_add(out, r->path, line, col, "ND03",
                      "không có dòng quyền hạn, chức vụ của người ký trên họ tên «%s»: hãy ghi "
                      "'tham-quyen: [CHỨC VỤ]' dưới 'ky:' (ví dụ [CHỦ TỊCH] hoặc [TM. ỦY BAN "
                      "NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH])",
                      r->signer ? r->signer : "");
        return;
    }
    int from = key_line(y, "tham-quyen");
    const char *prev_auth = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *a = r->authority[i];
        place(y, from ? from : ky, a, &line, &col);
        bool exact = true;
        const char *k = auth_of(a, &exact);
        if (k && !exact) {
            bc_adiags_add(out, r->path, line, col, "ND04",
                          "dòng quyền hạn «%s»: viết «%s.» có dấu chấm và một dấu cách rồi "
                          "đến chức vụ (ví dụ «%s. CHỦ TỊCH»)",
                          a, k, k);
            continue;
        }
        if (has_lower(a))
            bc_adiags_add(out, r->path, line, col, "ND04",
                          "dòng quyền hạn, chức vụ «%s» phải viết in hoa", a);
        if (!k) {
            if (prev_auth && !strcmp(prev_auth, "KT") && !starts(a, "PHÓ "))
                bc_adiags_add(out, r->path, line, col, "ND04",
                              "người ký thay (KT.) là cấp phó: dòng dưới «%s» phải là chức vụ "
                              "cấp phó, bắt đầu bằng «PHÓ» (ví dụ «PHÓ CHỦ TỊCH»)",
                              r->authority[i - 1]);
            prev_auth = NULL;
            continue;
        }
        if (!strcmp(k, "TM") && i > 0)
            bc_adiags_add(out, r->path, line, col, "ND04",
                          "«%s» (thay mặt tập thể) phải là dòng quyền hạn đầu tiên", a);
        if (!strcmp(k, "KT") && starts(a + 4, "PHÓ "))
            bc_adiags_add(out, r->path, line, col, "ND04",
                          "«%s»: sau «KT.» là chức vụ của người đứng đầu (ví dụ «KT. CHỦ TỊCH»), "
                          "chức vụ cấp phó ghi ở dòng dưới",
                          a);
        if (prev_auth && strcmp(prev_auth, "TM") && strcmp(k, "TM"))
            bc_adiags_add(out, r->path, line, col, "ND04",
                          "«%s» đứng ngay dưới «%s»: chỉ dùng một trong KT., TL., TUQ., Q. "
                          "(có thể sau TM.)",
                          a, r->authority[i - 1]);
        if (i + 1 == n && strcmp(k, "Q"))
            bc_adiags_add(out, r->path, line, col, "ND04",
                          "sau dòng «%s» phải có dòng chức vụ của người ký (ví dụ «%s»)", a,
                          !strcmp(k, "TM") ? "CHỦ TỊCH" : !strcmp(k, "KT") ? "PHÓ CHỦ TỊCH"
                                                                            : "CHÁNH VĂN PHÒNG");
        prev_auth = k;
    }
}

/* ---- Nơi nhận, V/v ---- */

static void lint_cc(const bc_report *r, const src *y, bc_adiags *out)
{
    size_t n = 0;
    while (r->cc && r->cc[n])
        n++;
    if (!n)
        return;
    int from = key_line(y, "noi-nhan");
    for (size_t i = 0; i < n; i++) {
        const char *c = r->cc[i];
        const char *body = starts(c, "- ") ? c + 2 : c;
        int line, col;
        place(y, from, body, &line, &col);
        if (i + 1 < n && !ends(c, ";"))
            bc_adiags_add(out, r->path, line, col, "ND05",
                          "dòng Nơi nhận «%s» phải kết thúc bằng dấu «;»", c);
        if (i + 1 == n && (!starts(c, "- Lưu: VT") || !ends(c, ".")))
            bc_adiags_add(out, r->path, line, col, "ND06",
                          "dòng cuối của Nơi nhận «%s» phải là «- Lưu: VT, <đơn vị soạn thảo>.» "
                          "và kết thúc bằng dấu «.»",
                          c);
    }
}

static void lint_subject(const bc_report *r, const src *y, bc_adiags *out)
{
    if (r->kind != BC_REPORT_CONG_VAN)
        return;
    const char *s = r->summary ? r->summary : "";
    while (*s == ' ')
        s++;
    int line = key_line(y, "trich-yeu"), col = line ? 1 : 0;
    /* a blank trích yếu is refused when report.yaml is read */
    if (starts(s, "V/v") || starts(s, "v/v") || starts(s, "V/V"))
        bc_adiags_add(out, r->path, line, col, "ND07",
                      "trích yếu công văn đã được in sau «V/v»: hãy bỏ «%.3s» ở đầu trường "
                      "trich-yeu",
                      s);
}

/* ---- narrative ---- */

typedef struct seen {
    const char *number;
    int line;
} seen;

static void lint_headings(const bc_doc *doc, const src *md, bc_adiags *out)
{
    enum { LEVELS = 4, MAX = 64 };
    seen s[LEVELS][MAX];
    size_t ns[LEVELS] = {0};
    for (size_t i = 0; i < doc->nblocks; i++) {
        const bc_block *b = &doc->blocks[i];
        if (b->kind != BC_BLOCK_HEADING || b->level < 1 || b->level >= LEVELS)
            continue;
        int L = b->level;
        for (int k = L + 1; k < LEVELS; k++)
            ns[k] = 0;
        if (!b->number_given || !b->number)
            continue;
        for (size_t j = 0; j < ns[L]; j++) {
            if (strcmp(s[L][j].number, b->number))
                continue;
            int line, col;
            place(md, b->line, b->number, &line, &col);
            if (line != b->line) {
                line = b->line;
                col = 1;
            }
            bc_adiags_add(out, md->path, line, col, "ND08",
                          "số mục «%s» trùng với mục ở dòng %d: hãy đánh lại số (hoặc bỏ số để "
                          "chương trình tự đánh)",
                          b->number, s[L][j].line);
            break;
        }
        if (ns[L] < MAX)
            s[L][ns[L]++] = (seen){b->number, b->line};
    }
}

bc_status bc_nd30_lint_report(const bc_report *r, const bc_doc *doc, const bc_appendices *appx,
                              bc_adiags *out, bc_error *err)
{
    (void)err;
    src y, md;
    src_open(&y, r->path);
    src_open(&md, doc ? doc->file : NULL);
    lint_numbering(r, &y, out);
    lint_signature(r, &y, out);
    lint_cc(r, &y, out);
    lint_subject(r, &y, out);
    if (r->after_body)
        lint_citations(r, appx, &y, key_line(&y, "sau-noi-dung"), r->after_body, out);
    for (size_t i = 0; doc && i < doc->nblocks; i++) {
        const bc_block *b = &doc->blocks[i];
        if (b->kind == BC_BLOCK_PAGEBREAK || !b->text.text)
            continue;
        lint_citations(r, appx, &md, b->line, b->text.text, out);
    }
    if (doc)
        lint_headings(doc, &md, out);
    bc_adiags_sort(out);
    free(y.text);
    free(md.text);
    return BC_OK;
}
