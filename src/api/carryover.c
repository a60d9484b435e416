/* carryover.c - places "baocao moi" carried over and nobody confirmed yet. */
#include "carryover.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infile.h"
#include "period.h"
#include "report.h"
#include "strbuf.h"
#include "vnfmt.h"
#include "yamltree.h"

typedef struct found {
    bc_buf msg;     /* one "  file:line:column: text" line per place */
    size_t count;
    char *file;     /* the first place (owned) */
    int line, column;
} found;

static void add(found *f, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void add(found *f, const char *file, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = bc_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!f->count) {
        f->file = bc_strdup(file);
        f->line = line;
        f->column = column;
    }
    bc_buf_printf(&f->msg, "\n  %s:%d:%d: %s", file, line, column, text ? text : "");
    f->count++;
    free(text);
}

/* Characters (1-based column) from the line start ls to p. */
static int column_of(const char *s, size_t ls, size_t p)
{
    int c = 1;
    for (size_t i = ls; i < p; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

static bool word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c >= 0x80 || c == '_';
}

/* Where a YAML comment starts on the line [ls, le), or le. */
static size_t comment_start(const char *s, size_t ls, size_t le)
{
    char quote = 0;
    for (size_t i = ls; i < le; i++) {
        if (quote) {
            if (s[i] == quote)
                quote = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            if (i == ls || strchr(" \t:[{,-", s[i - 1]))
                quote = s[i];
        } else if (s[i] == '#' && (i == ls || s[i - 1] == ' ' || s[i - 1] == '\t')) {
            return i;
        }
    }
    return le;
}

/* ---- CHUA-DIEN values ---- */

static void scan_unfilled(found *f, const char *path, const char *s, size_t len, bool yaml,
                          bool report)
{
    static const char mark[] = BC_REPORT_UNFILLED;
    size_t n = sizeof mark - 1;
    for (size_t ls = 0, line = 1; ls < len; line++) {
        size_t le = ls;
        while (le < len && s[le] != '\n')
            le++;
        size_t end = yaml ? comment_start(s, ls, le) : le;
        for (size_t p = ls; p + n <= end; p++) {
            if (memcmp(s + p, mark, n) || (p > ls && word_byte((unsigned char)s[p - 1])) ||
                (p + n < len && word_byte((unsigned char)s[p + n])))
                continue;
            if (report)
                add(f, path, (int)line, column_of(s, ls, p),
                    "chưa điền: thay '%s' bằng số văn bản (so:) hoặc ngày ký NĂM-THÁNG-NGÀY "
                    "(ngay:) của báo cáo mới",
                    mark);
            else
                add(f, path, (int)line, column_of(s, ls, p),
                    "số liệu kỳ này chưa nhập: thay '%s' bằng số của kỳ mới (nếu không đổi, "
                    "chép số ở 'truoc' của nó)",
                    mark);
            p += n - 1;
        }
        ls = le + 1;
    }
}

/* ---- words of the old period ---- */

typedef struct pattern {
    char *text;     /* as written in the file */
    char *narr;     /* replacement in the narrative */
    char *other;    /* replacement in report.yaml / appendix specs */
} pattern;

typedef struct patterns {
    pattern items[64];
    size_t count;
    bool oom;
} patterns;

static void pat_add(patterns *ps, char *text, const char *narr, char *other)
{
    if (!text || !other || ps->count == sizeof ps->items / sizeof ps->items[0]) {
        ps->oom = ps->oom || !text || !other;
        free(text);
        free(other);
        return;
    }
    char *n = bc_strdup(narr);
    if (!n) {
        ps->oom = true;
        free(text);
        free(other);
        return;
    }
    ps->items[ps->count++] = (pattern){text, n, other};
}

static void pats_free(patterns *ps)
{
    for (size_t i = 0; i < ps->count; i++) {
        free(ps->items[i].text);
        free(ps->items[i].narr);
        free(ps->items[i].other);
    }
}

/* The three ways a title or sentence writes a word: lower, Capitalised, UPPER. */
enum { LOWER, CAP, UPPER };
static const char *const QUY[] = {"quý", "Quý", "QUÝ"};
static const char *const NAM[] = {"năm", "Năm", "NĂM"};
static const char *const NAM_IN[] = {"năm", "năm", "NĂM"};
static const char *const THANG[] = {"tháng đầu", "tháng đầu", "THÁNG ĐẦU"};
static const char *const THANG1[] = {"tháng", "tháng", "THÁNG"};

/* The period's name written in case variant v. Caller frees. */
static char *name_as(const bc_period *p, int v)
{
    char r[16];
    switch (p->kind) {
    case BC_PERIOD_QUARTER:
        bc_roman(p->quarter, r);
        return bc_strdup_printf("%s %s %s %d", QUY[v], r, NAM_IN[v], p->year);
    case BC_PERIOD_6_MONTHS:
    case BC_PERIOD_9_MONTHS:
        return bc_strdup_printf("%d %s %s %d", p->kind == BC_PERIOD_6_MONTHS ? 6 : 9, THANG[v],
                                NAM_IN[v], p->year);
    case BC_PERIOD_YEAR:
        return bc_strdup_printf("%s %d", NAM[v], p->year);
    }
    return NULL;
}

static void build_patterns(const bc_period *old, const bc_period *now, patterns *ps)
{
    char r[16], rn[16];
    bc_roman(old->quarter ? old->quarter : 1, r);
    bc_roman(now->quarter ? now->quarter : 1, rn);
    for (int v = LOWER; v <= UPPER; v++) {
        pat_add(ps, name_as(old, v), "{{ ky.ten }}", name_as(now, v));
        if (old->kind == BC_PERIOD_QUARTER) {
            pat_add(ps, bc_strdup_printf("%s %s/%d", QUY[v], r, old->year), "{{ ky.ten_ngan }}",
                    now->kind == BC_PERIOD_QUARTER
                        ? bc_strdup_printf("%s %s/%d", QUY[v], rn, now->year)
                        : name_as(now, v));
            if (now->kind == BC_PERIOD_QUARTER)
                pat_add(ps, bc_strdup_printf("%s %s", QUY[v], r), "quý {{ ky.quy | la_ma }}",
                        bc_strdup_printf("%s %s", QUY[v], rn));
            else
                pat_add(ps, bc_strdup_printf("%s %s", QUY[v], r), "{{ ky.ten }}",
                        name_as(now, v));
        } else if (old->kind != BC_PERIOD_YEAR && old->kind != now->kind) {
            pat_add(ps,
                    bc_strdup_printf("%d %s", old->kind == BC_PERIOD_6_MONTHS ? 6 : 9, THANG1[v]),
                    "{{ ky.ten }}", name_as(now, v));
        }
        if (old->year != now->year)
            pat_add(ps, bc_strdup_printf("%s %d", NAM[v], old->year), "năm {{ ky.nam }}",
                    bc_strdup_printf("%s %d", NAM[v], now->year));
    }
}

/* Reads d/m/yyyy at s[p..e); returns the end or 0. */
static size_t read_date(const char *s, size_t p, size_t e, bc_date *d)
{
    int part[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        size_t start = p;
        while (p < e && s[p] >= '0' && s[p] <= '9' && p - start < 4)
            part[k] = part[k] * 10 + (s[p++] - '0');
        if (p == start || (k < 2 && (p >= e || s[p++] != '/')))
            return 0;
    }
    *d = (bc_date){part[2], part[1], part[0]};
    return p;
}

static int date_cmp(bc_date a, bc_date b)
{
    long x = a.year * 10000L + a.month * 100 + a.day, y = b.year * 10000L + b.month * 100 + b.day;
    return x < y ? -1 : x > y;
}

/* "từ ngày D/M/Y đến ngày D/M/Y" at p: its end, or 0. */
static size_t date_range_at(const char *s, size_t p, size_t e, bc_date *to)
{
    static const char *const from[] = {"từ ngày ", "Từ ngày ", "TỪ NGÀY "};
    static const char *const until[] = {" đến ngày ", " ĐẾN NGÀY "};
    bc_date a;
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(from[i]);
        if (p + n > e || memcmp(s + p, from[i], n))
            continue;
        size_t q = read_date(s, p + n, e, &a);
        if (!q)
            return 0;
        for (size_t j = 0; j < 2; j++) {
            size_t m = strlen(until[j]);
            if (q + m <= e && !memcmp(s + q, until[j], m)) {
                size_t r = read_date(s, q + m, e, to);
                return r;
            }
        }
        return 0;
    }
    return 0;
}

typedef struct oldrefs {
    char *number;          /* "45/BC-UBND" or NULL */
    bc_date date;          /* year 0: none */
    char *date_forms[2];   /* "14/3/2018", "14/03/2018" */
} oldrefs;

static void scan_words(found *f, const char *path, const char *s, size_t len, bool narrative,
                       const patterns *ps, const bc_period *old, const bc_period *now,
                       const oldrefs *refs)
{
    bc_date first, last, nfirst, nlast;
    bc_period_range(old, &first, &last);
    bc_period_range(now, &nfirst, &nlast);
    for (size_t ls = 0, line = 1; ls < len; line++) {
        size_t le = ls;
        while (le < len && s[le] != '\n')
            le++;
        size_t end = narrative ? le : comment_start(s, ls, le);
        for (size_t p = ls; p < end; p++) {
            if (p > ls && word_byte((unsigned char)s[p - 1]))
                continue;
            bc_date to;
            size_t q = date_range_at(s, p, end, &to);
            if (q && date_cmp(to, first) >= 0 && date_cmp(to, last) <= 0) {
                add(f, path, (int)line, column_of(s, ls, p),
                    "khoảng ngày của kỳ trước '%.*s': thay bằng %s", (int)(q - p), s + p,
                    narrative ? "'từ ngày {{ ky.tu_ngay | ngay_ngan }} đến ngày {{ ky.den_ngay "
                                "| ngay_ngan }}' (hoặc khoảng ngày của kỳ này)"
                              : "khoảng ngày của kỳ này");
                p = q - 1;
                continue;
            }
            if (refs->number) {
                size_t n = strlen(refs->number);
                if (p + n <= end && !memcmp(s + p, refs->number, n) &&
                    (p + n == end || !word_byte((unsigned char)s[p + n]))) {
                    add(f, path, (int)line, column_of(s, ls, p),
                        "số văn bản kỳ trước '%s': thay bằng %s", refs->number,
                        narrative ? "'{{ bao_cao.so_ky_hieu }}'" : "số của báo cáo mới");
                    p += n - 1;
                    continue;
                }
            }
            bool hit = false;
            for (size_t k = 0; k < 2 && refs->date_forms[k] && !hit; k++) {
                size_t n = strlen(refs->date_forms[k]);
                if (p + n <= end && !memcmp(s + p, refs->date_forms[k], n) &&
                    (p + n == end || !word_byte((unsigned char)s[p + n]))) {
                    add(f, path, (int)line, column_of(s, ls, p),
                        "ngày của báo cáo kỳ trước '%s': thay bằng %s", refs->date_forms[k],
                        narrative ? "'{{ bao_cao.ngay | ngay_ngan }}'" : "ngày của báo cáo mới");
                    p += n - 1;
                    hit = true;
                }
            }
            if (hit)
                continue;
            for (size_t i = 0; i < ps->count; i++) {
                const pattern *pt = &ps->items[i];
                size_t n = strlen(pt->text);
                if (p + n > end || memcmp(s + p, pt->text, n) ||
                    (p + n < end && word_byte((unsigned char)s[p + n])))
                    continue;
                add(f, path, (int)line, column_of(s, ls, p),
                    "chữ của kỳ trước '%s': thay bằng '%s'", pt->text,
                    narrative ? pt->narr : pt->other);
                p += n - 1;
                break;
            }
        }
        ls = le + 1;
    }
}

/* ---- the whole check ---- */

static char *join(const char *dir, const char *rel)
{
    return rel[0] == '/' ? bc_strdup(rel) : bc_strdup_printf("%s/%s", dir, rel);
}

static bool read_quiet(const char *path, bc_infile_kind kind, char **data, size_t *len)
{
    bc_error e = BC_ERROR_INIT;
    bool ok = bc_infile_read(path, kind, data, len, &e) == BC_OK;
    bc_error_clear(&e);
    return ok;
}

static bc_ydoc *parse_quiet(const char *data, size_t len, const char *name)
{
    bc_error e = BC_ERROR_INIT;
    bc_ydoc *doc = NULL;
    if (bc_ydoc_parse(data, len, name, &doc, &e) != BC_OK)
        doc = NULL;
    bc_error_clear(&e);
    return doc;
}

static char **strings_quiet(const bc_ydoc *doc, const bc_ynode *map, const char *key)
{
    bc_error e = BC_ERROR_INIT;
    char **v = NULL;
    size_t n = 0;
    if (bc_ymap_strings(doc, map, key, false, &v, &n, &e) != BC_OK)
        v = NULL;
    bc_error_clear(&e);
    return v;
}

bc_status bc_carry_check(const char *report_path, bc_error *err)
{
    found f = {.msg = BC_BUF_INIT};
    char *raw = NULL, *dir = NULL, *side_path = NULL, *side = NULL;
    size_t len = 0, side_len = 0;
    bc_ydoc *doc = NULL, *sdoc = NULL;
    char **data = NULL, **appx = NULL;
    patterns ps = {.count = 0};
    oldrefs refs = {0};
    bc_period old = {0}, now = {0};
    bool words = false;

    if (!read_quiet(report_path, BC_IN_REPORT, &raw, &len) ||
        !(doc = parse_quiet(raw, len, report_path)) || !doc->root ||
        doc->root->kind != BC_Y_MAP)
        goto done;
    const char *slash = strrchr(report_path, '/');
    dir = slash ? bc_strdup_printf("%.*s", (int)(slash - report_path), report_path)
                : bc_strdup(".");
    if (!dir || !(side_path = bc_strdup_printf("%s/%s", dir, BC_CARRY_FILE)))
        goto done;

    /* the sidecar: the old period and the files to confirm */
    if (read_quiet(side_path, BC_IN_REPORT, &side, &side_len)) {
        /* a sidecar the clerk broke must not switch the check off */
        bc_error e = BC_ERROR_INIT;
        if (bc_ydoc_parse(side, side_len, side_path, &sdoc, &e) != BC_OK) {
            sdoc = NULL;
            add(&f, side_path, e.line, e.column,
                "không đọc được tệp này (%s): sửa lại, hoặc xóa cả tệp khi mọi chỗ đã xác nhận",
                e.message ? e.message : "");
        } else if (sdoc->root && sdoc->root->kind != BC_Y_MAP) {
            add(&f, side_path, sdoc->root->line, sdoc->root->column,
                "tệp này phải là một bảng khóa (ky-truoc:, chua-xac-nhan: ...): sửa lại, hoặc "
                "xóa cả tệp khi mọi chỗ đã xác nhận");
        }
        bc_error_clear(&e);
    }
    if (sdoc && sdoc->root && sdoc->root->kind == BC_Y_MAP) {
        const bc_ynode *todo = bc_ymap_get(sdoc->root, "chua-xac-nhan");
        if (todo && todo->kind == BC_Y_SEQ)
            for (size_t i = 0; i < todo->count; i++)
                if (todo->items[i]->kind == BC_Y_SCALAR)
                    add(&f, side_path, todo->items[i]->line, todo->items[i]->column,
                        "tệp '%s' được chép nguyên từ kỳ trước, chưa xác nhận: nhập số liệu "
                        "của kỳ này vào tệp đó (hoặc kiểm tra là vẫn đúng) rồi xóa dòng này",
                        todo->items[i]->value);
        const bc_ynode *kt = bc_ymap_get(sdoc->root, "ky-truoc"),
                       *kn = bc_ymap_get(doc->root, "ky-bao-cao");
        bc_error e = BC_ERROR_INIT;
        if (kt && kn && bc_period_from_yaml(sdoc, kt, &old, &e) == BC_OK &&
            bc_period_from_yaml(doc, kn, &now, &e) == BC_OK &&
            (old.kind != now.kind || old.quarter != now.quarter || old.year != now.year))
            words = true;
        bc_error_clear(&e);
        const bc_ynode *sn = bc_ymap_get(sdoc->root, "so-truoc"),
                       *sd = bc_ymap_get(sdoc->root, "ngay-truoc");
        if (sn && sn->kind == BC_Y_SCALAR && sn->value[0])
            refs.number = bc_strdup(sn->value);
        if (sd && sd->kind == BC_Y_SCALAR && bc_date_parse_iso(sd->value, &refs.date)) {
            refs.date_forms[0] =
                bc_strdup_printf("%d/%d/%d", refs.date.day, refs.date.month, refs.date.year);
            refs.date_forms[1] =
                bc_strdup_printf("%02d/%02d/%d", refs.date.day, refs.date.month, refs.date.year);
        }
    }
    if (words)
        build_patterns(&old, &now, &ps);

    /* report.yaml */
    scan_unfilled(&f, report_path, raw, len, true, true);
    if (words)
        scan_words(&f, report_path, raw, len, false, &ps, &old, &now, &refs);
    /* the narrative */
    const bc_ynode *body = bc_ymap_get(doc->root, "noi-dung");
    if (words && body && body->kind == BC_Y_SCALAR) {
        char *p = join(dir, body->value), *t = NULL;
        size_t n = 0;
        if (p && read_quiet(p, BC_IN_TEXT, &t, &n))
            scan_words(&f, p, t, n, true, &ps, &old, &now, &refs);
        free(t);
        free(p);
    }
    /* indicator files */
    data = strings_quiet(doc, doc->root, "so-lieu");
    for (size_t i = 0; data && data[i]; i++) {
        char *p = join(dir, data[i]), *t = NULL;
        size_t n = 0, k = strlen(data[i]);
        bool csv = k > 4 && (!strcmp(data[i] + k - 4, ".csv") || !strcmp(data[i] + k - 4, ".CSV"));
        if (p && read_quiet(p, BC_IN_DATA, &t, &n))
            scan_unfilled(&f, p, t, n, !csv, false);
        free(t);
        free(p);
    }
    /* appendix specs: titles, notes */
    appx = strings_quiet(doc, doc->root, "phu-luc");
    for (size_t i = 0; words && appx && appx[i]; i++) {
        char *p = join(dir, appx[i]), *t = NULL;
        size_t n = 0;
        if (p && read_quiet(p, BC_IN_DATA, &t, &n))
            scan_words(&f, p, t, n, false, &ps, &old, &now, &refs);
        free(t);
        free(p);
    }

done:;
    bc_status st = BC_OK;
    if (f.msg.oom || ps.oom) {
        st = bc_nomem(err);
    } else if (f.count) {
        st = bc_error_set(err, BC_E_INPUT, f.file, f.line, f.column,
                          "báo cáo tạo bằng 'baocao moi' còn %zu chỗ mang số liệu hoặc chữ của "
                          "kỳ trước, chưa nhập lại hay xác nhận; sửa từng chỗ dưới đây rồi in "
                          "lại (chữ nhắc kỳ trước mà đúng ý thì xóa tệp %s khi đã xem hết):%.*s",
                          f.count, BC_CARRY_FILE, (int)f.msg.len, f.msg.data ? f.msg.data : "");
    }
    bc_buf_free(&f.msg);
    free(f.file);
    pats_free(&ps);
    free(refs.number);
    free(refs.date_forms[0]);
    free(refs.date_forms[1]);
    bc_strv_free(data);
    bc_strv_free(appx);
    bc_ydoc_free(doc);
    bc_ydoc_free(sdoc);
    free(raw);
    free(side);
    free(dir);
    free(side_path);
    return st;
}
