/* xlsx.c - Excel workbooks read with libzip + libxml2's xmlTextReader. */
#include "xlsx.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "decnum.h"
#include "dynlib.h"
#include "grow.h"
#include "infile.h"
#include "text.h"

/* ---- small helpers ---- */

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static bool sb_add(sbuf *b, const char *s, size_t n)
{
    if (!BC_GROW(&b->p, &b->cap, b->n + n + 1, 64))
        return false;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return true;
}

bool bc_xlsx_is_path(const char *path)
{
    if (!path)
        return false;
    const char *h = strchr(path, '#');
    size_t n = h ? (size_t)(h - path) : strlen(path);
    static const char *const ext[] = {".xlsx", ".xlsm", ".xltx", ".xls"};
    for (size_t i = 0; i < 4; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && strncasecmp(path + n - e, ext[i], e) == 0)
            return true;
    }
    return false;
}

char *bc_xlsx_split(const char *where, const char **loc)
{
    const char *h = strchr(where, '#');
    *loc = h ? h + 1 : NULL;
    size_t n = h ? (size_t)(h - where) : strlen(where);
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, where, n);
        p[n] = '\0';
    }
    return p;
}

void bc_xlsx_cell_name(int row, int col, char *buf, size_t size)
{
    char letters[8];
    int k = 0;
    for (int c = col; c > 0 && k < 7; c = (c - 1) / 26)
        letters[k++] = (char)('A' + (c - 1) % 26);
    char rev[8];
    for (int i = 0; i < k; i++)
        rev[i] = letters[k - 1 - i];
    rev[k] = '\0';
    snprintf(buf, size, "%s%d", rev, row);
}

/* "H114" -> row 114, col 8; either part may be missing (0). Returns the
 * characters used, 0 when nothing cell-like. */
static size_t parse_ref(const char *s, int *row, int *col)
{
    size_t i = 0;
    long c = 0, r = 0;
    if (s[i] == '$')
        i++;
    while (isalpha((unsigned char)s[i]) && c <= 16384)
        c = c * 26 + (toupper((unsigned char)s[i++]) - 'A' + 1);
    if (s[i] == '$')
        i++;
    while (isdigit((unsigned char)s[i]) && r <= 1048576)
        r = r * 10 + (s[i++] - '0');
    if (c > 16384 || r > 1048576)
        return 0;
    *col = (int)c;
    *row = (int)r;
    return i;
}

static bool parse_range(const char *s, int *r0, int *c0, int *r1, int *c1)
{
    size_t a = parse_ref(s, r0, c0);
    if (!a || !*r0 || !*c0 || s[a] != ':')
        return false;
    size_t b = parse_ref(s + a + 1, r1, c1);
    if (!b || s[a + 1 + b] || !*r1 || !*c1 || *r1 < *r0 || *c1 < *c0)
        return false;
    return true;
}

/* ---- the workbook ---- */

enum { FMT_NUMBER = 0, FMT_DATE, FMT_PERCENT };

/* libzip's and libxml2's functions, opened when a workbook is read
 * (dynlib.h): only Excel data needs them, and libxml2 brings ICU and the
 * C++ run-time (a third of the program's start-up, tests/bench.sh), so a
 * report from CSV loads neither. Members are named as the functions;
 * xmlFree is libxml2's variable holding its free function. */
typedef struct xlsx_api {
    __typeof__(zip_discard) *zip_discard;
    __typeof__(zip_error_fini) *zip_error_fini;
    __typeof__(zip_error_init) *zip_error_init;
    __typeof__(zip_error_strerror) *zip_error_strerror;
    __typeof__(zip_fclose) *zip_fclose;
    __typeof__(zip_fopen) *zip_fopen;
    __typeof__(zip_fread) *zip_fread;
    __typeof__(zip_get_num_entries) *zip_get_num_entries;
    __typeof__(zip_name_locate) *zip_name_locate;
    __typeof__(zip_open_from_source) *zip_open_from_source;
    __typeof__(zip_source_buffer_create) *zip_source_buffer_create;
    __typeof__(zip_source_free) *zip_source_free;
    __typeof__(zip_stat) *zip_stat;
    __typeof__(zip_stat_init) *zip_stat_init;
    __typeof__(zip_strerror) *zip_strerror;
    __typeof__(xmlFree) *xmlFree;
    __typeof__(xmlFreeTextReader) *xmlFreeTextReader;
    __typeof__(xmlReaderForIO) *xmlReaderForIO;
    __typeof__(xmlTextReaderConstLocalName) *xmlTextReaderConstLocalName;
    __typeof__(xmlTextReaderConstPrefix) *xmlTextReaderConstPrefix;
    __typeof__(xmlTextReaderConstValue) *xmlTextReaderConstValue;
    __typeof__(xmlTextReaderDepth) *xmlTextReaderDepth;
    __typeof__(xmlTextReaderGetAttribute) *xmlTextReaderGetAttribute;
    __typeof__(xmlTextReaderIsEmptyElement) *xmlTextReaderIsEmptyElement;
    __typeof__(xmlTextReaderMoveToElement) *xmlTextReaderMoveToElement;
    __typeof__(xmlTextReaderMoveToFirstAttribute) *xmlTextReaderMoveToFirstAttribute;
    __typeof__(xmlTextReaderMoveToNextAttribute) *xmlTextReaderMoveToNextAttribute;
    __typeof__(xmlTextReaderNext) *xmlTextReaderNext;
    __typeof__(xmlTextReaderNodeType) *xmlTextReaderNodeType;
    __typeof__(xmlTextReaderRead) *xmlTextReaderRead;
    __typeof__(xmlTextReaderReadString) *xmlTextReaderReadString;
    __typeof__(xmlTextReaderValue) *xmlTextReaderValue;
} xlsx_api;

#define API_SYM(f) {#f, offsetof(xlsx_api, f)}
static const bc_dynsym ZIP_SYMS[] = {
    API_SYM(zip_discard), API_SYM(zip_error_fini), API_SYM(zip_error_init),
    API_SYM(zip_error_strerror), API_SYM(zip_fclose), API_SYM(zip_fopen), API_SYM(zip_fread),
    API_SYM(zip_get_num_entries), API_SYM(zip_name_locate), API_SYM(zip_open_from_source),
    API_SYM(zip_source_buffer_create), API_SYM(zip_source_free), API_SYM(zip_stat),
    API_SYM(zip_stat_init), API_SYM(zip_strerror),
};
static const bc_dynsym XML_SYMS[] = {
    API_SYM(xmlFree), API_SYM(xmlFreeTextReader), API_SYM(xmlReaderForIO),
    API_SYM(xmlTextReaderConstLocalName), API_SYM(xmlTextReaderConstPrefix),
    API_SYM(xmlTextReaderConstValue), API_SYM(xmlTextReaderDepth),
    API_SYM(xmlTextReaderGetAttribute), API_SYM(xmlTextReaderIsEmptyElement),
    API_SYM(xmlTextReaderMoveToElement), API_SYM(xmlTextReaderMoveToFirstAttribute),
    API_SYM(xmlTextReaderMoveToNextAttribute), API_SYM(xmlTextReaderNext),
    API_SYM(xmlTextReaderNodeType), API_SYM(xmlTextReaderRead), API_SYM(xmlTextReaderReadString),
    API_SYM(xmlTextReaderValue),
};

typedef struct book {
    const char *file;
    const xlsx_api *api;
    zip_t *zip;
    bc_error *err;
    bool date1904;
    /* styles: cellXfs index -> format word (FMT_KIND, FMT_DECIMALS, FMT_SCALE) */
    uint16_t *xf;
    size_t nxf;
    /* custom numFmt ids and their format word */
    int *fmt_id;
    uint16_t *fmt_kind;
    size_t nfmt;
    /* shared strings */
    char **sst;
    size_t nsst;
    size_t sst_bytes;
} book;

static bc_status nomem(book *b)
{
    return bc_nomem(b->err);
}

/* One XML part of the workbook, read as it is decompressed. */
typedef struct xpart {
    const xlsx_api *api;
    xmlTextReaderPtr p; /* NULL: the part is absent (or not open) */
    zip_file_t *zf;
    zip_uint64_t total;
    bool over;
} xpart;

static int zread_cb(void *ctx, char *buf, int len)
{
    xpart *z = ctx;
    zip_int64_t n = z->api->zip_fread(z->zf, buf, (zip_uint64_t)len);
    if (n < 0)
        return -1;
    z->total += (zip_uint64_t)n;
    if (z->total > BC_XLSX_MAX_ENTRY) {
        z->over = true;
        return -1;
    }
    return (int)n;
}

static int zclose_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Opens part name as a streaming XML reader into *z; z->p NULL (BC_OK)
 * when the part does not exist and !required. */
static bc_status open_part(book *b, const char *name, bool required, xpart *z)
{
    const xlsx_api *A = b->api;
    memset(z, 0, sizeof *z);
    z->api = A;
    zip_stat_t st;
    A->zip_stat_init(&st);
    if (A->zip_stat(b->zip, name, 0, &st) != 0) {
        if (!required)
            return BC_OK;
        return bc_error_set(b->err, BC_E_INPUT, b->file, 0, 0,
                            "tệp .xlsx hỏng: thiếu phần «%s» - hãy mở tệp bằng Excel hoặc "
                            "LibreOffice và lưu lại thành .xlsx",
                            name);
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > BC_XLSX_MAX_ENTRY)
        return bc_error_set(b->err, BC_E_INPUT, b->file, 0, 0,
                            "phần «%s» của tệp .xlsx giải nén ra %llu byte, quá giới hạn %u MiB "
                            "mỗi phần (tệp hỏng hoặc «bom nén») - hãy chia bảng thành nhiều tệp",
                            name, (unsigned long long)st.size, BC_XLSX_MAX_ENTRY >> 20);
    z->zf = A->zip_fopen(b->zip, name, 0);
    if (!z->zf)
        return bc_error_set(b->err, BC_E_INPUT, b->file, 0, 0,
                            "không đọc được phần «%s» của tệp .xlsx: %s", name,
                            A->zip_strerror(b->zip));
    z->p = A->xmlReaderForIO(zread_cb, zclose_cb, z, NULL, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!z->p) {
        A->zip_fclose(z->zf);
        z->zf = NULL;
        return nomem(b);
    }
    return BC_OK;
}

static void close_part(xpart *z)
{
    if (z->p)
        z->api->xmlFreeTextReader(z->p);
    z->p = NULL;
    if (z->zf)
        z->api->zip_fclose(z->zf);
    z->zf = NULL;
}

static bc_status xml_error(book *b, const char *part, const xpart *z, const char *where)
{
    if (z->over)
        return bc_error_set(b->err, BC_E_INPUT, where ? where : b->file, 0, 0,
                            "phần «%s» của tệp .xlsx giải nén ra quá giới hạn %u MiB mỗi phần "
                            "(tệp hỏng hoặc «bom nén») - hãy chia bảng thành nhiều tệp",
                            part, BC_XLSX_MAX_ENTRY >> 20);
    return bc_error_set(b->err, BC_E_INPUT, where ? where : b->file, 0, 0,
                        "tệp .xlsx hỏng: phần «%s» không phải XML đúng - hãy mở tệp bằng Excel "
                        "hoặc LibreOffice và lưu lại thành .xlsx",
                        part);
}

static bool is_el(xpart *r, const char *local)
{
    const xmlChar *n = r->api->xmlTextReaderConstLocalName(r->p);
    return n && strcmp((const char *)n, local) == 0;
}

static char *attr(xpart *r, const char *name)
{
    return (char *)r->api->xmlTextReaderGetAttribute(r->p, (const xmlChar *)name);
}

/* A cell format as one 16-bit word: its kind (FMT_*) in the low two bits,
 * above them (six bits) 1 + the decimals it shows a number with (0 = not a
 * fixed number of decimals: General, scientific, fractions, text), and in
 * the bits from 8 up the thousands it scales by: "#,##0," shows 1234567 as
 * 1,235 (one comma after the last digit place = divide by 1 000), "#,##0,,"
 * as 1 (millions). */
#define FMT_KIND(f) ((f) & 3)
#define FMT_DECIMALS(f) ((int)(((f) >> 2) & 63) - 1)
#define FMT_SCALE(f) ((int)((f) >> 8))
#define FMT_MAX_DECIMALS 30
#define FMT_MAX_SCALE 5 /* 10^15: beyond Excel's 15 significant digits */

/* Kind of a format code: date when it has d or y outside quotes and
 * brackets, percent when it has '%'; the decimals are the digit places
 * (0 # ?) after the first '.' of the first section, 0 with digit places
 * and no '.', none without digit places or with an exponent or fraction.
 * A comma after a digit place that no digit place follows (",", ",,"
 * before '.', a literal or the end) scales by 1 000 each; a comma between
 * digit places ("#,##0") only groups. */
static uint16_t code_info(const char *s)
{
    bool date = false, pct = false, digits = false, point = false, odd = false;
    int dec = 0, scale = 0;
    for (size_t i = 0; s && s[i]; i++) {
        char ch = s[i];
        if (ch == '"') {
            while (s[i + 1] && s[i + 1] != '"')
                i++;
            if (s[i + 1])
                i++;
        } else if (ch == '\\' || ch == '_' || ch == '*') {
            if (s[i + 1])
                i++;
        } else if (ch == '[') {
            while (s[i + 1] && s[i + 1] != ']')
                i++;
        } else if (ch == ';') {
            break; /* the first section decides */
        } else if (ch == 'd' || ch == 'D' || ch == 'y' || ch == 'Y') {
            date = true;
        } else if (ch == '%') {
            pct = true;
        } else if (ch == '0' || ch == '#' || ch == '?') {
            digits = true;
            if (point && dec < FMT_MAX_DECIMALS)
                dec++;
        } else if (ch == '.') {
            if (point)
                odd = true;
            point = true;
        } else if (ch == ',' && digits) {
            size_t j = i;
            while (s[j] == ',')
                j++;
            if (s[j] != '0' && s[j] != '#' && s[j] != '?')
                scale += (int)(j - i);
            i = j - 1;
        } else if (ch == 'E' || ch == 'e' || ch == '/' || ch == '@') {
            odd = true;
        }
    }
    int kind = date ? FMT_DATE : pct ? FMT_PERCENT : FMT_NUMBER;
    int d = digits && !odd && !date ? dec : -1;
    if (date || scale > FMT_MAX_SCALE)
        scale = date ? 0 : FMT_MAX_SCALE;
    return (uint16_t)(kind | ((d + 1) << 2) | (scale << 8));
}

static uint16_t builtin_info(int id)
{
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return FMT_DATE;
    switch (id) {
    case 1: case 3: case 37: case 38: return FMT_NUMBER | (1 << 2);  /* 0, #,##0 */
    case 2: case 4: case 39: case 40: return FMT_NUMBER | (3 << 2);  /* 0.00, #,##0.00 */
    case 9: return FMT_PERCENT | (1 << 2);                           /* 0% */
    case 10: return FMT_PERCENT | (3 << 2);                          /* 0.00% */
    default: return FMT_NUMBER;
    }
}

static bc_status read_styles(book *b)
{
    xpart z, *r = &z;
    bc_status st = open_part(b, "xl/styles.xml", false, r);
    if (st || !r->p)
        return st;
    size_t cap_f = 0, cap_x = 0;
    bool in_xfs = false;
    int ret;
    while ((ret = r->api->xmlTextReaderRead(r->p)) == 1) {
        int type = r->api->xmlTextReaderNodeType(r->p);
        if (type == XML_READER_TYPE_END_ELEMENT && is_el(r, "cellXfs"))
            in_xfs = false;
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (is_el(r, "cellXfs")) {
            in_xfs = !r->api->xmlTextReaderIsEmptyElement(r->p);
        } else if (is_el(r, "numFmt")) {
            char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
            if (b->nfmt == cap_f) {
                cap_f = cap_f ? cap_f * 2 : 16;
                int *a = realloc(b->fmt_id, cap_f * sizeof *a);
                uint16_t *k = a ? realloc(b->fmt_kind, cap_f * sizeof *k) : NULL;
                if (a)
                    b->fmt_id = a;
                if (k)
                    b->fmt_kind = k;
                if (!a || !k) {
                    free(id);
                    free(code);
                    close_part(r);
                    return nomem(b);
                }
            }
            b->fmt_id[b->nfmt] = id ? atoi(id) : -1;
            b->fmt_kind[b->nfmt++] = code_info(code);
            free(id);
            free(code);
        } else if (in_xfs && is_el(r, "xf")) {
            char *id = attr(r, "numFmtId");
            int fid = id ? atoi(id) : 0;
            free(id);
            uint16_t kind = builtin_info(fid);
            for (size_t i = 0; i < b->nfmt; i++)
                if (b->fmt_id[i] == fid)
                    kind = b->fmt_kind[i];
            if (b->nxf == cap_x) {
                if (b->nxf >= 1000000) {
                    close_part(r);
                    return xml_error(b, "xl/styles.xml", &z, NULL);
                }
                if (!BC_GROW(&b->xf, &cap_x, b->nxf + 1, 64)) {
                    close_part(r);
                    return nomem(b);
                }
            }
            b->xf[b->nxf++] = kind;
        }
    }
    st = ret < 0 ? xml_error(b, "xl/styles.xml", &z, NULL) : BC_OK;
    close_part(r);
    return st;
}

/* Text of the current element up to its end (joins every <t> inside, e.g.
 * rich-text runs; skips phonetic <rPh>). */
static int element_text(xpart *r, sbuf *out, bool *oom)
{
    if (r->api->xmlTextReaderIsEmptyElement(r->p))
        return 1;
    int depth = r->api->xmlTextReaderDepth(r->p);
    int in_t = 0, in_rph = 0, ret;
    while ((ret = r->api->xmlTextReaderRead(r->p)) == 1) {
        int type = r->api->xmlTextReaderNodeType(r->p);
        if (type == XML_READER_TYPE_END_ELEMENT && r->api->xmlTextReaderDepth(r->p) == depth)
            return 1;
        if (type == XML_READER_TYPE_ELEMENT && !r->api->xmlTextReaderIsEmptyElement(r->p)) {
            if (is_el(r, "t"))
                in_t++;
            else if (is_el(r, "rPh"))
                in_rph++;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is_el(r, "t"))
                in_t--;
            else if (is_el(r, "rPh"))
                in_rph--;
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                    type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_CDATA) &&
                   in_t > 0 && in_rph == 0) {
            const char *v = (const char *)r->api->xmlTextReaderConstValue(r->p);
            if (v && !sb_add(out, v, strlen(v))) {
                *oom = true;
                return -1;
            }
        }
    }
    return ret;
}

static bc_status read_sst(book *b)
{
    xpart z, *r = &z;
    bc_status st = open_part(b, "xl/sharedStrings.xml", false, r);
    if (st || !r->p)
        return st;
    size_t cap = 0;
    int ret;
    sbuf s = {0};
    while ((ret = r->api->xmlTextReaderRead(r->p)) == 1) {
        if (r->api->xmlTextReaderNodeType(r->p) != XML_READER_TYPE_ELEMENT || !is_el(r, "si"))
            continue;
        s.n = 0;
        bool oom = false;
        if (!sb_add(&s, "", 0) || (ret = element_text(r, &s, &oom)) != 1) {
            if (oom || !s.p) {
                free(s.p);
                close_part(r);
                return nomem(b);
            }
            break;
        }
        if (b->nsst >= BC_XLSX_MAX_STRINGS || b->sst_bytes + s.n > BC_XLSX_MAX_STRING_BYTES) {
            free(s.p);
            close_part(r);
            return bc_error_set(b->err, BC_E_INPUT, b->file, 0, 0,
                                "bảng chuỗi dùng chung (xl/sharedStrings.xml) vượt giới hạn %d "
                                "chuỗi / %u MiB - hãy chia bảng thành nhiều tệp",
                                BC_XLSX_MAX_STRINGS, BC_XLSX_MAX_STRING_BYTES >> 20);
        }
        if (!BC_GROW(&b->sst, &cap, b->nsst + 1, 256)) {
            free(s.p);
            close_part(r);
            return nomem(b);
        }
        char *t = bc_text_nfc(s.p, s.n);
        if (!t) {
            free(s.p);
            close_part(r);
            return nomem(b);
        }
        b->sst[b->nsst++] = t;
        b->sst_bytes += s.n;
    }
    free(s.p);
    st = ret < 0 ? xml_error(b, "xl/sharedStrings.xml", &z, NULL) : BC_OK;
    close_part(r);
    return st;
}

typedef struct sheet_ref {
    char *name, *rid, *target;
} sheet_ref;

static void free_sheets(sheet_ref *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(s[i].name);
        free(s[i].rid);
        free(s[i].target);
    }
    free(s);
}

/* The r:id attribute (any relationships namespace). */
static char *rel_id(xpart *r)
{
    char *v = NULL;
    if (r->api->xmlTextReaderMoveToFirstAttribute(r->p) == 1) {
        do {
            const xmlChar *ln = r->api->xmlTextReaderConstLocalName(r->p);
            const xmlChar *px = r->api->xmlTextReaderConstPrefix(r->p);
            if (ln && px && strcmp((const char *)ln, "id") == 0) {
                v = (char *)r->api->xmlTextReaderValue(r->p);
                break;
            }
        } while (r->api->xmlTextReaderMoveToNextAttribute(r->p) == 1);
        r->api->xmlTextReaderMoveToElement(r->p);
    }
    return v;
}

static bc_status read_workbook(book *b, sheet_ref **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    xpart z, *r = &z;
    bc_status st = open_part(b, "xl/workbook.xml", true, r);
    if (st)
        return st;
    sheet_ref *s = NULL;
    size_t n = 0, cap = 0;
    int ret;
    while ((ret = r->api->xmlTextReaderRead(r->p)) == 1) {
        if (r->api->xmlTextReaderNodeType(r->p) != XML_READER_TYPE_ELEMENT)
            continue;
        if (is_el(r, "workbookPr")) {
            char *d = attr(r, "date1904");
            b->date1904 = d && (strcmp(d, "1") == 0 || strcasecmp(d, "true") == 0);
            free(d);
        } else if (is_el(r, "sheet")) {
            if (n == cap) {
                cap = cap ? cap * 2 : 8;
                sheet_ref *a = n < 100000 ? realloc(s, cap * sizeof *a) : NULL;
                if (!a) {
                    free_sheets(s, n);
                    close_part(r);
                    return nomem(b);
                }
                s = a;
            }
            s[n].name = attr(r, "name");
            s[n].rid = rel_id(r);
            s[n].target = NULL;
            n++;
        }
    }
    st = ret < 0 ? xml_error(b, "xl/workbook.xml", &z, NULL) : BC_OK;
    close_part(r);
    if (st) {
        free_sheets(s, n);
        return st;
    }
    /* relationships: rId -> part */
    if ((st = open_part(b, "xl/_rels/workbook.xml.rels", true, r))) {
        free_sheets(s, n);
        return st;
    }
    while ((ret = r->api->xmlTextReaderRead(r->p)) == 1) {
        if (r->api->xmlTextReaderNodeType(r->p) != XML_READER_TYPE_ELEMENT || !is_el(r, "Relationship"))
            continue;
        char *id = attr(r, "Id"), *tg = attr(r, "Target");
        for (size_t i = 0; id && tg && i < n; i++)
            if (s[i].rid && !s[i].target && strcmp(s[i].rid, id) == 0) {
                const char *t = tg;
                s[i].target = t[0] == '/' ? strdup(t + 1) : malloc(strlen(t) + 4);
                if (s[i].target && t[0] != '/')
                    sprintf(s[i].target, "xl/%s", t);
            }
        free(id);
        free(tg);
    }
    st = ret < 0 ? xml_error(b, "xl/_rels/workbook.xml.rels", &z, NULL) : BC_OK;
    close_part(r);
    if (st) {
        free_sheets(s, n);
        return st;
    }
    *out = s;
    *nout = n;
    return BC_OK;
}

/* ---- values ---- */

/* Plain decimal text of the double written in v (shortest round-trip),
 * times 100 when pct. Returns false when v is not a number. */
static bool number_text(const char *v, bool pct, char *out, size_t size)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    while (*end == ' ')
        end++;
    if (end == v || *end || !isfinite(d))
        return false;
    /* The shortest decimal that reads back as d, but at most 15 significant
     * digits - the precision Excel shows and computes in: 0.1 + 0.2 stored as
     * 0.30000000000000004 is Excel's 0.3. */
    char e[64];
    for (int p = 1; p <= 15; p++) {
        snprintf(e, sizeof e, "%.*e", p - 1, d);
        if (strtod(e, NULL) == d)
            break;
    }
    /* e = [-]D[.DDD]e[+-]XX */
    const char *s = e;
    bool neg = *s == '-';
    if (neg)
        s++;
    char digits[32];
    size_t nd = 0;
    for (; *s && *s != 'e'; s++)
        if (isdigit((unsigned char)*s) && nd < sizeof digits - 1)
            digits[nd++] = *s;
    int ex = *s == 'e' ? atoi(s + 1) : 0;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    if (pct)
        ex += 2;
    /* value = 0.digits * 10^(ex+1) */
    int point = ex + 1; /* digits before the decimal point */
    char buf[400];
    size_t k = 0;
    if (neg && !(nd == 1 && digits[0] == '0'))
        buf[k++] = '-';
    if (point <= 0) {
        buf[k++] = '0';
        buf[k++] = '.';
        for (int i = 0; i < -point && k < 350; i++)
            buf[k++] = '0';
        for (size_t i = 0; i < nd; i++)
            buf[k++] = digits[i];
    } else {
        for (int i = 0; i < point && k < 350; i++)
            buf[k++] = (size_t)i < nd ? digits[i] : '0';
        if ((size_t)point < nd) {
            buf[k++] = '.';
            for (size_t i = (size_t)point; i < nd; i++)
                buf[k++] = digits[i];
        }
    }
    buf[k] = '\0';
    snprintf(out, size, "%s", buf);
    return true;
}

static void date_text(double serial, bool d1904, char *out, size_t size)
{
    long days = (long)floor(serial);
    /* days from 1970-01-01 */
    long z;
    if (d1904) {
        z = days - 24107; /* 1904-01-01 is 24107 days before 1970-01-01 */
    } else {
        if (days < 61)
            days++; /* Excel's 29/02/1900 that never was */
        z = days - 25569; /* 1899-12-30 = day 0 */
    }
    /* civil from days (H. Hinnant) */
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    snprintf(out, size, "%02ld/%02ld/%04ld", d, m, y);
}

/* ---- the sheet ---- */

typedef struct rowbuf {
    sbuf text;          /* all cell texts, NUL-separated */
    size_t *off;        /* per field: offset in text, or SIZE_MAX = empty */
    unsigned char *num; /* per field: a number cell */
    size_t nfield, cap; /* fields in use */
    bc_csv_field *fields;
    size_t fcap;
} rowbuf;

typedef struct merge {
    int r0, c0, r1, c1;
} merge;

typedef struct sheet_ctx {
    book *b;
    const char *sheet;
    bc_csv_record_fn fn;
    void *ud;
    bool ranged;
    int r0, c0, r1, c1;
    bool as_shown;
    size_t width; /* header width (no range) */
    size_t index; /* records delivered */
    rowbuf row;
    /* the header: hrows rows from hfirst (the first row with something in
     * it), kept until the last one is read when hrows > 1 */
    int hrows, hfirst;
    bool hauto; /* hrows from the merges of the first row */
    bool hdone;
    rowbuf *hdr;
    /* merged ranges (<mergeCells>) */
    merge *mrg;
    size_t nmrg, capmrg;
    char where[512];
} sheet_ctx;

static const char *cell_where(sheet_ctx *x, int row, int col)
{
    char ref[16];
    bc_xlsx_cell_name(row, col, ref, sizeof ref);
    snprintf(x->where, sizeof x->where, "%s: %s!%s", x->b->file, x->sheet, ref);
    return x->where;
}

static bool row_set(rowbuf *rb, size_t f, const char *s, size_t n, bool number)
{
    if (f >= rb->cap) {
        size_t cap = rb->cap ? rb->cap * 2 : 32;
        while (cap <= f)
            cap *= 2;
        size_t *o = realloc(rb->off, cap * sizeof *o);
        if (!o)
            return false;
        rb->off = o;
        unsigned char *u = realloc(rb->num, cap);
        if (!u)
            return false;
        rb->num = u;
        for (size_t i = rb->cap; i < cap; i++)
            o[i] = SIZE_MAX;
        rb->cap = cap;
    }
    while (rb->nfield <= f)
        rb->off[rb->nfield++] = SIZE_MAX;
    rb->off[f] = rb->text.n;
    rb->num[f] = number;
    if (!sb_add(&rb->text, s, n) || !sb_add(&rb->text, "", 1))
        return false;
    return true;
}

static void row_free(rowbuf *rb)
{
    free(rb->text.p);
    free(rb->off);
    free(rb->num);
    free(rb->fields);
}

static const char *row_text(const rowbuf *rb, size_t i)
{
    return i < rb->nfield && rb->off[i] != SIZE_MAX ? rb->text.p + rb->off[i] : "";
}

/* Delivers fields [0, n) of rb as the next record. */
static bc_status deliver(sheet_ctx *x, rowbuf *rb, size_t n, int rownum)
{
    if (n > rb->fcap) {
        bc_csv_field *f = realloc(rb->fields, n * sizeof *f);
        if (!f)
            return nomem(x->b);
        rb->fields = f;
        rb->fcap = n;
    }
    for (size_t i = 0; i < n; i++) {
        bc_csv_field *f = &rb->fields[i];
        f->text = row_text(rb, i);
        f->len = strlen(f->text);
        f->line = rownum;
        f->column = (x->ranged ? x->c0 : 1) + (int)i;
        f->quoted = false;
        f->number = i < rb->nfield && rb->off[i] != SIZE_MAX && rb->num[i];
    }
    bc_csv_record rec = {rb->fields, n, x->index++, rownum};
    return x->fn(x->ud, &rec, x->b->err);
}

/* Appends s with every run of white space (line breaks typed with
 * Alt+Enter included) made one space, trimmed. */
static bool add_collapsed(sbuf *out, const char *s)
{
    bool space = false, any = false;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            space = any;
            continue;
        }
        if (space && !sb_add(out, " ", 1))
            return false;
        space = false;
        any = true;
        if (!sb_add(out, s, 1))
            return false;
    }
    return true;
}

static bc_status check_merges(sheet_ctx *x);

/* The header of hrows rows made one record: each column's texts from the
 * top row down, a merged cell's text standing in every cell it covers,
 * joined with " / " ("Hồ sơ đã giải quyết xong / Tổng", the way a spec's
 * column tree names its leaves); a cell merged over several header rows
 * counts once. */
static bc_status emit_header(sheet_ctx *x)
{
    x->hdone = true;
    bc_status st = check_merges(x);
    if (st)
        return st;
    int base = x->ranged ? x->c0 : 1;
    size_t n = 0;
    for (int l = 0; l < x->hrows; l++)
        for (size_t i = 0; i < x->hdr[l].nfield; i++)
            if (row_text(&x->hdr[l], i)[0] && i + 1 > n)
                n = i + 1;
    /* a merged cell reaching further right */
    for (size_t k = 0; k < x->nmrg; k++) {
        const merge *m = &x->mrg[k];
        if (m->r0 >= x->hfirst && m->r0 < x->hfirst + x->hrows && m->c0 >= base &&
            (size_t)(m->c0 - base) < n && (size_t)(m->c1 - base) + 1 > n)
            n = (size_t)(m->c1 - base) + 1;
    }
    if (x->ranged)
        n = (size_t)(x->c1 - x->c0 + 1);
    x->width = n;
    /* where each header cell's text comes from: the top-left cell of the
     * merge covering it (0 = its own); overlapping merges (not in a file
     * Excel wrote) keep the first, and the work is bounded */
    size_t cells = (size_t)x->hrows * (n ? n : 1);
    int *orig = calloc(cells, 2 * sizeof *orig);
    if (!orig)
        return nomem(x->b);
    size_t steps = 0;
    int hlast = x->hfirst + x->hrows - 1;
    for (size_t k = 0; k < x->nmrg && !st; k++) {
        const merge *m = &x->mrg[k];
        if (m->r0 < x->hfirst || m->r0 > hlast || m->c0 < base || (size_t)(m->c0 - base) >= n)
            continue; /* its text is not in the header */
        int rr1 = m->r1 < hlast ? m->r1 : hlast;
        int cc1 = (size_t)(m->c1 - base) < n ? m->c1 : base + (int)n - 1;
        for (int r = m->r0; r <= rr1; r++)
            for (int c = m->c0; c <= cc1; c++) {
                int *o = &orig[2 * ((size_t)(r - x->hfirst) * n + (size_t)(c - base))];
                if (!o[0]) {
                    o[0] = m->r0;
                    o[1] = m->c0;
                }
                if (++steps > 50u * 1000 * 1000) {
                    free(orig);
                    return bc_error_set(x->b->err, BC_E_INPUT, cell_where(x, m->r0, m->c0), 0,
                                        0, "các vùng ô gộp ở dòng tiêu đề chồng lên nhau (tệp "
                                           "hỏng) - hãy bỏ gộp ô ở dòng tiêu đề rồi gộp lại");
                }
            }
    }
    rowbuf out = {0};
    sbuf cell = {0};
    for (size_t i = 0; i < n && !st; i++) {
        int col = base + (int)i;
        int prow = 0, pcol = 0; /* where the previous level's text came from */
        cell.n = 0;
        if (!sb_add(&cell, "", 0)) {
            st = nomem(x->b);
            break;
        }
        for (int l = 0; l < x->hrows; l++) {
            int row = x->hfirst + l, orow = row, ocol = col;
            const char *t = row_text(&x->hdr[l], i);
            const int *o = &orig[2 * ((size_t)l * n + i)];
            if (o[0]) {
                orow = o[0];
                ocol = o[1];
                if (!t[0])
                    t = row_text(&x->hdr[orow - x->hfirst], (size_t)(ocol - base));
            }
            if (!t[0] || (orow == prow && ocol == pcol))
                continue;
            if ((cell.n && !sb_add(&cell, " / ", 3)) || !add_collapsed(&cell, t)) {
                st = nomem(x->b);
                break;
            }
            prow = orow;
            pcol = ocol;
        }
        if (!st && !row_set(&out, i, cell.p, cell.n, false))
            st = nomem(x->b);
    }
    free(orig);
    if (!st)
        st = deliver(x, &out, n, x->hfirst);
    free(cell.p);
    row_free(&out);
    return st;
}

/* header_rows 0: the header reaches down as far as the cells merged
 * downwards from its first row (a two-row header's "Stt" merged A4:A5). */
static int auto_header_rows(const sheet_ctx *x)
{
    int rows = 1;
    for (size_t i = 0; i < x->nmrg; i++) {
        const merge *m = &x->mrg[i];
        if (m->r0 != x->hfirst || (x->ranged && (m->c1 < x->c0 || m->c0 > x->c1)))
            continue;
        if (m->r1 - m->r0 + 1 > rows)
            rows = m->r1 - m->r0 + 1;
    }
    return rows < BC_XLSX_MAX_HEADER_ROWS ? rows : BC_XLSX_MAX_HEADER_ROWS;
}

static bc_status emit_row(sheet_ctx *x, int rownum)
{
    rowbuf *rb = &x->row;
    bc_status st = BC_OK;
    bool any = false;
    for (size_t i = 0; i < rb->nfield; i++)
        if (rb->off[i] != SIZE_MAX && rb->text.p[rb->off[i]])
            any = true;
    if (!any)
        goto done;
    if (!x->hdone && !x->hfirst) {
        /* the first row with something in it: the header starts here */
        x->hfirst = rownum;
        if (x->hauto)
            x->hrows = auto_header_rows(x);
        if (x->hrows > 1 && !x->hdr && !(x->hdr = calloc((size_t)x->hrows, sizeof *x->hdr)))
            return nomem(x->b);
    }
    if (x->hrows > 1 && !x->hdone) {
        if (rownum < x->hfirst + x->hrows) {
            rowbuf *h = &x->hdr[rownum - x->hfirst];
            for (size_t i = 0; i < rb->nfield; i++)
                if (rb->off[i] != SIZE_MAX) {
                    const char *t = rb->text.p + rb->off[i];
                    if (!row_set(h, i, t, strlen(t), rb->num[i]))
                        return nomem(x->b);
                }
            goto done;
        }
        if ((st = emit_header(x)))
            return st;
    }
    size_t n = rb->nfield;
    if (x->ranged)
        n = (size_t)(x->c1 - x->c0 + 1);
    else if (x->index == 0) {
        while (n > 0 && (rb->off[n - 1] == SIZE_MAX || !rb->text.p[rb->off[n - 1]]))
            n--;
        x->width = n;
    } else if (n < x->width)
        n = x->width;
    if (x->index == 0) {
        /* a one-row header: white space made single spaces */
        x->hdone = true;
        if ((st = check_merges(x)))
            return st;
        sbuf t = {0};
        rowbuf h = {0};
        for (size_t i = 0; i < n && !st; i++) {
            t.n = 0;
            if (!sb_add(&t, "", 0) || !add_collapsed(&t, row_text(rb, i)) ||
                !row_set(&h, i, t.p, t.n,
                         i < rb->nfield && rb->off[i] != SIZE_MAX && rb->num[i]))
                st = nomem(x->b);
        }
        if (!st)
            st = deliver(x, &h, n, rownum);
        free(t.p);
        row_free(&h);
    } else {
        st = deliver(x, rb, n, rownum);
    }
    if (st)
        return st;
done:
    rb->nfield = 0;
    rb->text.n = 0;
    return BC_OK;
}

/* Reads one <c> element (reader on its start tag). */
static bc_status read_cell(sheet_ctx *x, xpart *r, int rownum, int *lastcol,
                           sbuf *tmp, int *ret)
{
    book *b = x->b;
    char *ref = attr(r, "r"), *type = attr(r, "t"), *style = attr(r, "s");
    int row = rownum, col = *lastcol + 1;
    if (ref) {
        int rr, cc;
        if (parse_ref(ref, &rr, &cc) && cc > 0) {
            col = cc;
            if (rr > 0)
                row = rr;
        }
    }
    free(ref);
    *lastcol = col;
    size_t sidx = style ? (size_t)strtoul(style, NULL, 10) : 0;
    free(style);
    uint16_t fmt = sidx < b->nxf ? b->xf[sidx] : FMT_NUMBER;
    int kind = FMT_KIND(fmt);
    bool number = false;
    char t = type ? type[0] : 'n';
    if (type && strcmp(type, "inlineStr") == 0)
        t = 'i';
    else if (type && strcmp(type, "str") == 0)
        t = 'f';
    free(type);
    bool has_f = false, has_v = false;
    char *fml = NULL;
    tmp->n = 0;
    if (!sb_add(tmp, "", 0))
        return nomem(b);
    if (!r->api->xmlTextReaderIsEmptyElement(r->p)) {
        int depth = r->api->xmlTextReaderDepth(r->p);
        while ((*ret = r->api->xmlTextReaderRead(r->p)) == 1) {
            int nt = r->api->xmlTextReaderNodeType(r->p);
            if (nt == XML_READER_TYPE_END_ELEMENT && r->api->xmlTextReaderDepth(r->p) == depth)
                break;
            if (nt != XML_READER_TYPE_ELEMENT)
                continue;
            bool oom = false;
            if (is_el(r, "f")) {
                has_f = true;
                if (!fml && !r->api->xmlTextReaderIsEmptyElement(r->p))
                    fml = (char *)r->api->xmlTextReaderReadString(r->p);
            } else if (is_el(r, "v")) {
                has_v = true;
                tmp->n = 0;
                char *v = (char *)r->api->xmlTextReaderReadString(r->p);
                if (v && !sb_add(tmp, v, strlen(v)))
                    oom = true;
                (*r->api->xmlFree)(v);
            } else if (is_el(r, "is")) {
                has_v = true;
                tmp->n = 0;
                if ((*ret = element_text(r, tmp, &oom)) != 1 && !oom)
                    break;
            }
            if (oom) {
                (*r->api->xmlFree)(fml);
                return nomem(b);
            }
        }
        if (*ret != 1) {
            (*r->api->xmlFree)(fml);
            return BC_OK; /* the caller reports the XML error */
        }
    }
    bool inside = !x->ranged || (row >= x->r0 && row <= x->r1 && col >= x->c0 && col <= x->c1);
    if (!inside) {
        (*r->api->xmlFree)(fml);
        return BC_OK;
    }
    if (has_f && (!has_v || (tmp->n == 0 && t != 'f'))) {
        bc_status st = bc_error_set(b->err, BC_E_INPUT, cell_where(x, row, col), 0, 0,
                                    "ô có công thức «=%s» nhưng tệp không lưu giá trị đã tính "
                                    "(tệp do một chương trình không tính công thức tạo ra) - "
                                    "hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi chạy lại",
                                    fml ? fml : "");
        (*r->api->xmlFree)(fml);
        return st;
    }
    (*r->api->xmlFree)(fml);
    char num[420];
    const char *val = tmp->p;
    char *own = NULL;
    if (!has_v) {
        val = "";
    } else if (t == 's') {
        char *end;
        unsigned long i = strtoul(tmp->p, &end, 10);
        if (end == tmp->p || *end || i >= b->nsst)
            return bc_error_set(b->err, BC_E_INPUT, cell_where(x, row, col), 0, 0,
                                "tệp .xlsx hỏng: ô trỏ tới chuỗi dùng chung số %s nhưng bảng "
                                "chuỗi chỉ có %zu chuỗi - hãy mở tệp bằng Excel và lưu lại",
                                tmp->p, b->nsst);
        val = b->sst[i];
    } else if (t == 'i' || t == 'f') {
        own = bc_text_nfc(tmp->p, tmp->n);
        if (!own)
            return nomem(b);
        val = own;
    } else if (t == 'b') {
        val = strcmp(tmp->p, "1") == 0 || strcasecmp(tmp->p, "true") == 0 ? "TRUE" : "FALSE";
    } else if (t == 'e') {
        return bc_error_set(b->err, BC_E_INPUT, cell_where(x, row, col), 0, 0,
                            "ô có giá trị lỗi «%s» (công thức trong Excel tính không được) - hãy "
                            "sửa công thức trong Excel rồi lưu lại",
                            tmp->p);
    } else if (tmp->n) { /* number */
        if (kind == FMT_DATE) {
            double d = strtod(tmp->p, NULL);
            if (!(d >= 0 && d < 2958466))
                return bc_error_set(b->err, BC_E_INPUT, cell_where(x, row, col), 0, 0,
                                    "ô định dạng ngày nhưng giá trị «%s» không phải ngày hợp lệ",
                                    tmp->p);
            date_text(d, b->date1904, num, sizeof num);
        } else {
            if (!number_text(tmp->p, kind == FMT_PERCENT, num, sizeof num))
                return bc_error_set(b->err, BC_E_INPUT, cell_where(x, row, col), 0, 0,
                                    "tệp .xlsx hỏng: ô số có giá trị «%s» không phải số",
                                    tmp->p);
            bc_dec dv;
            if (bc_dec_parse_plain(num, &dv) != BC_DEC_OK)
                return bc_error_set(b->err, BC_E_INPUT, cell_where(x, row, col), 0, 0,
                                    "số «%s» " BC_DEC_RANGE_MSG, num);
            int scale = FMT_SCALE(fmt);
            if (scale && !bc_dec_is_zero(dv)) {
                /* the cell shows thousands (millions): the figure the reader
                 * sees and the column's unit are dv / 1000^scale - exact,
                 * the mantissa stays, the point moves (decimals beyond 18
                 * rounded off first) */
                if (dv.scale + 3 * scale > BC_DEC_MAX_SCALE)
                    dv = bc_dec_round(dv, BC_DEC_MAX_SCALE - 3 * scale);
                if (!bc_dec_is_none(dv)) {
                    dv.scale += 3 * scale;
                    dv = bc_dec_trim(dv);
                }
            }
            int dec = FMT_DECIMALS(fmt);
            if ((x->as_shown || scale) && dec >= 0) {
                /* as the cell shows it: "0.00" shows 76.8 as 76.80 and
                 * 76.888 as 76.89 (half away from zero, like Excel); a
                 * scaled figure always so (1234567 in "#,##0," is 1 235:
                 * the decimals the division made were never typed) */
                bc_dec rd = bc_dec_round(dv, dec), fixed;
                if (!bc_dec_is_none(rd))
                    dv = rd;
                if (x->as_shown && !bc_dec_is_none(rd) && bc_dec_rescale(rd, dec, &fixed))
                    dv = fixed;
            }
            bc_dec_to_plain(dv, num, sizeof num - 1);
            number = true;
            if (kind == FMT_PERCENT)
                strcat(num, "%");
        }
        val = num;
    }
    /* trim */
    size_t n = strlen(val);
    while (n && isspace((unsigned char)*val)) {
        val++;
        n--;
    }
    while (n && isspace((unsigned char)val[n - 1]))
        n--;
    size_t f = (size_t)(col - (x->ranged ? x->c0 : 1));
    bool ok = f > 16384 || row_set(&x->row, f, val, n, number);
    free(own);
    return ok ? BC_OK : nomem(b);
}

/* One <mergeCell ref="A5:A6"/> (reader on it) into x->mrg. */
static bc_status add_merge(sheet_ctx *x, xpart *r)
{
    char *ref = attr(r, "ref");
    int r0, c0, r1, c1;
    bool ok = ref && parse_range(ref, &r0, &c0, &r1, &c1);
    free(ref);
    if (!ok || (r0 == r1 && c0 == c1))
        return BC_OK;
    if (x->nmrg == x->capmrg) {
        if (x->nmrg >= BC_XLSX_MAX_MERGES)
            return bc_error_set(x->b->err, BC_E_INPUT, x->b->file, 0, 0,
                                "trang tính «%s» có quá %d vùng ô gộp - hãy bỏ gộp ô ở các "
                                "dòng số liệu",
                                x->sheet, BC_XLSX_MAX_MERGES);
        size_t cap = x->capmrg ? x->capmrg * 2 : 16;
        merge *m = realloc(x->mrg, cap * sizeof *m);
        if (!m)
            return nomem(x->b);
        x->mrg = m;
        x->capmrg = cap;
    }
    x->mrg[x->nmrg++] = (merge){r0, c0, r1, c1};
    return BC_OK;
}

/* The merged ranges, read before the rows (the header needs them and
 * <mergeCells> comes after <sheetData>): the rows are skipped unread. */
static bc_status read_merges(sheet_ctx *x, const char *part)
{
    book *b = x->b;
    xpart z, *r = &z;
    bc_status st = open_part(b, part, true, r);
    if (st)
        return st;
    int ret = r->api->xmlTextReaderRead(r->p);
    while (!st && ret == 1) {
        if (r->api->xmlTextReaderNodeType(r->p) == XML_READER_TYPE_ELEMENT) {
            if (is_el(r, "sheetData") && !r->api->xmlTextReaderIsEmptyElement(r->p)) {
                ret = r->api->xmlTextReaderNext(r->p);
                continue;
            }
            if (is_el(r, "mergeCell"))
                st = add_merge(x, r);
        }
        ret = r->api->xmlTextReaderRead(r->p);
    }
    if (!st && ret < 0)
        st = xml_error(b, part, &z, NULL);
    close_part(r);
    return st;
}

/* Merged ranges over several rows below the header: each data row is a
 * table row, so such a merge would leave the rows under its first one
 * empty. A merge along one row is fine (its text is in its first cell). */
static bc_status check_merges(sheet_ctx *x)
{
    if (!x->hfirst)
        return BC_OK;
    int hlast = x->hfirst + (x->hrows > 1 ? x->hrows : 1) - 1;
    for (size_t i = 0; i < x->nmrg; i++) {
        const merge *m = &x->mrg[i];
        if (m->r1 == m->r0 || m->r1 <= hlast)
            continue;
        if (x->ranged && (m->r0 > x->r1 || m->c1 < x->c0 || m->c0 > x->c1))
            continue;
        char a[16], z[16];
        bc_xlsx_cell_name(m->r0, m->c0, a, sizeof a);
        bc_xlsx_cell_name(m->r1, m->c1, z, sizeof z);
        if (m->r0 >= x->hfirst && m->r0 <= hlast)
            return bc_error_set(x->b->err, BC_E_INPUT, cell_where(x, m->r0, m->c0), 0, 0,
                                "ô gộp %s:%s trải từ dòng tiêu đề xuống dòng %d, nhưng tiêu đề "
                                "được đọc là %d dòng (%d đến %d) nên dòng %d là số liệu - nếu "
                                "tiêu đề có %d dòng, hãy ghi «dong-tieu-de: %d» trong đặc tả "
                                "bảng (hoặc bỏ dòng dong-tieu-de để tự nhận); nếu không, hãy bỏ gộp ô",
                                a, z, m->r1, hlast - x->hfirst + 1, x->hfirst, hlast, hlast + 1,
                                m->r1 - x->hfirst + 1, m->r1 - x->hfirst + 1);
        char hint[600] = "";
        if (!x->ranged)
            snprintf(hint, sizeof hint,
                     " (nếu đó là tiêu đề của bảng: trang được đọc từ dòng %d, hãy ghi vùng ô "
                     "bắt đầu ở dòng tiêu đề, như «#%s!A%d:…»)",
                     x->hfirst, x->sheet, m->r0);
        return bc_error_set(x->b->err, BC_E_INPUT, cell_where(x, m->r0, m->c0), 0, 0,
                            "ô gộp %s:%s trải trên %d dòng số liệu (%d đến %d): mỗi dòng là "
                            "một hàng của bảng nên giá trị chỉ có ở dòng %d - hãy bỏ gộp ô "
                            "(Trang đầu > Gộp và Căn giữa) rồi ghi giá trị vào từng dòng%s",
                            a, z, m->r1 - m->r0 + 1, m->r0, m->r1, m->r0, hint);
    }
    return BC_OK;
}

static bc_status read_sheet(sheet_ctx *x, const char *part)
{
    book *b = x->b;
    /* the merges first: the header and the check of the data rows need
     * them before any row is delivered (about a fifth more time: the rows
     * are parsed twice, by libxml2 only the first time) */
    bc_status st = read_merges(x, part);
    if (st)
        return st;
    xpart z, *r = &z;
    if ((st = open_part(b, part, true, r)))
        return st;
    int ret, rownum = 0, lastcol = 0;
    sbuf tmp = {0};
    bool in_data = false;
    while (!st && (ret = r->api->xmlTextReaderRead(r->p)) == 1) {
        int nt = r->api->xmlTextReaderNodeType(r->p);
        if (nt == XML_READER_TYPE_END_ELEMENT) {
            if (is_el(r, "row") && in_data)
                st = emit_row(x, rownum);
            else if (is_el(r, "sheetData"))
                in_data = false;
            continue;
        }
        if (nt != XML_READER_TYPE_ELEMENT)
            continue;
        if (is_el(r, "sheetData")) {
            in_data = !r->api->xmlTextReaderIsEmptyElement(r->p);
        } else if (in_data && is_el(r, "row")) {
            char *rr = attr(r, "r");
            int n = rr ? atoi(rr) : 0;
            free(rr);
            rownum = n > 0 && n <= 1048576 ? n : rownum + 1;
            lastcol = 0;
            x->row.nfield = 0;
            x->row.text.n = 0;
            if (r->api->xmlTextReaderIsEmptyElement(r->p))
                continue;
            if (x->ranged && rownum > x->r1)
                break;
        } else if (in_data && is_el(r, "c")) {
            st = read_cell(x, r, rownum, &lastcol, &tmp, &ret);
            if (!st && ret != 1)
                break;
        }
    }
    if (!st && ret < 0)
        st = xml_error(b, part, &z, NULL);
    if (!st && x->hrows > 1 && x->hfirst && !x->hdone)
        st = emit_header(x);
    free(tmp.p);
    close_part(r);
    return st;
}

static void free_book(book *b)
{
    for (size_t i = 0; i < b->nsst; i++)
        free(b->sst[i]);
    free(b->sst);
    free(b->xf);
    free(b->fmt_id);
    free(b->fmt_kind);
    if (b->zip)
        b->api->zip_discard(b->zip);
}

static const char *const HOW_SAVE =
    "hãy mở tệp trong Excel hoặc LibreOffice và «Lưu thành» (Save As) kiểu «Sổ làm việc "
    "Excel (*.xlsx)»";

static bc_status read_book(const xlsx_api *A, const char *data, size_t n, const char *file,
                           const char *loc, const bc_xlsx_opts *opts, bc_csv_record_fn fn,
                           void *ud, char **sheet, bc_error *err)
{
    if (!file)
        file = "(xlsx)";
    static const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (n >= 8 && memcmp(data, ole, 8) == 0) {
        static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o";
        bool encrypted = false;
        for (size_t i = 0; i + sizeof enc - 1 <= n && !encrypted; i++)
            encrypted = data[i] == 'E' && memcmp(data + i, enc, sizeof enc - 1) == 0;
        if (encrypted)
            return bc_error_set(err, BC_E_INPUT, file, 0, 0,
                                "tệp Excel được đặt mật khẩu (mã hóa) nên baocao không đọc được: "
                                "hãy mở tệp trong Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ "
                                "sổ làm việc > Mã hóa bằng mật khẩu: để trống) rồi lưu lại");
        return bc_error_set(err, BC_E_INPUT, file, 0, 0,
                            "đây là tệp Excel 97-2003 (.xls, định dạng BIFF) - baocao chỉ đọc "
                            ".xlsx: %s",
                            HOW_SAVE);
    }
    if (n < 4 || memcmp(data, "PK\3\4", 4) != 0)
        return bc_error_set(err, BC_E_INPUT, file, 0, 0,
                            "tệp không phải sổ làm việc Excel .xlsx (không phải tệp ZIP) - %s; "
                            "nếu là CSV, hãy đặt tên có đuôi .csv",
                            HOW_SAVE);
    size_t fl = strlen(file);
    if (fl > 5 && strcasecmp(file + fl - 5, ".xlsm") == 0)
        return bc_error_set(err, BC_E_INPUT, file, 0, 0,
                            "tệp .xlsm có macro - baocao không đọc tệp có macro: %s", HOW_SAVE);
    book b;
    memset(&b, 0, sizeof b);
    b.file = file;
    b.api = A;
    b.err = err;
    zip_error_t ze;
    A->zip_error_init(&ze);
    zip_source_t *src = A->zip_source_buffer_create(data, n, 0, &ze);
    if (src && !(b.zip = A->zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze)))
        A->zip_source_free(src);
    if (!b.zip) {
        bc_status st = bc_error_set(err, BC_E_INPUT, file, 0, 0,
                                    "tệp .xlsx hỏng (ZIP: %s) - %s", A->zip_error_strerror(&ze),
                                    HOW_SAVE);
        A->zip_error_fini(&ze);
        return st;
    }
    A->zip_error_fini(&ze);
    bc_status st = BC_OK;
    zip_int64_t ne = A->zip_get_num_entries(b.zip, 0);
    if (ne > BC_XLSX_MAX_ENTRIES) {
        st = bc_error_set(err, BC_E_INPUT, file, 0, 0,
                          "tệp .xlsx có %lld phần, quá giới hạn %d phần (tệp hỏng hoặc «bom "
                          "nén») - %s",
                          (long long)ne, BC_XLSX_MAX_ENTRIES, HOW_SAVE);
        goto out;
    }
    if (A->zip_name_locate(b.zip, "xl/vbaProject.bin", 0) >= 0) {
        st = bc_error_set(err, BC_E_INPUT, file, 0, 0,
                          "tệp có macro (như .xlsm) - baocao không đọc tệp có macro: %s",
                          HOW_SAVE);
        goto out;
    }
    sheet_ref *sh = NULL;
    size_t nsh = 0;
    if ((st = read_workbook(&b, &sh, &nsh)))
        goto out;
    /* which sheet, which range */
    char *want = NULL;
    const char *range = NULL;
    if (loc && *loc) {
        const char *bang = strrchr(loc, '!');
        int a, c, d, e;
        if (bang && parse_range(bang + 1, &a, &c, &d, &e)) {
            want = strndup(loc, (size_t)(bang - loc));
            range = bang + 1;
        } else if (bang && bang[1]) {
            st = bc_error_set(err, BC_E_INPUT, file, 0, 0,
                              "vùng ô «%s» không đúng: hãy viết ô đầu:ô cuối, ví dụ "
                              "«tệp.xlsx#Phụ lục 2!A5:M190»",
                              bang + 1);
            free_sheets(sh, nsh);
            goto out;
        } else {
            want = bang ? strndup(loc, (size_t)(bang - loc)) : strdup(loc);
        }
        if (!want) {
            free_sheets(sh, nsh);
            st = nomem(&b);
            goto out;
        }
    }
    size_t pick = SIZE_MAX;
    if (!want || !*want) {
        pick = nsh ? 0 : SIZE_MAX;
    } else {
        for (size_t i = 0; i < nsh && pick == SIZE_MAX; i++)
            if (sh[i].name && strcmp(sh[i].name, want) == 0)
                pick = i;
        char *end;
        unsigned long k = strtoul(want, &end, 10);
        if (pick == SIZE_MAX && !*end && k >= 1 && k <= nsh)
            pick = k - 1;
    }
    if (pick == SIZE_MAX || !sh[pick].target) {
        sbuf names = {0};
        for (size_t i = 0; i < nsh; i++) {
            sb_add(&names, i ? ", «" : "«", i ? strlen(", «") : strlen("«"));
            sb_add(&names, sh[i].name ? sh[i].name : "", sh[i].name ? strlen(sh[i].name) : 0);
            sb_add(&names, "»", strlen("»"));
        }
        if (pick == SIZE_MAX)
            st = bc_error_set(err, BC_E_INPUT, file, 0, 0,
                              "không có trang tính «%s» trong sổ; các trang có: %s (ghi tên "
                              "hoặc số thứ tự trang sau dấu #)",
                              want ? want : "", names.p ? names.p : "(không có)");
        else
            st = bc_error_set(err, BC_E_INPUT, file, 0, 0,
                              "tệp .xlsx hỏng: không tìm thấy phần chứa trang «%s» - %s",
                              sh[pick].name ? sh[pick].name : "", HOW_SAVE);
        free(names.p);
        free(want);
        free_sheets(sh, nsh);
        goto out;
    }
    free(want);
    if ((st = read_styles(&b)) || (st = read_sst(&b))) {
        free_sheets(sh, nsh);
        goto out;
    }
    sheet_ctx x;
    memset(&x, 0, sizeof x);
    x.b = &b;
    x.sheet = sh[pick].name ? sh[pick].name : "";
    x.fn = fn;
    x.ud = ud;
    x.hauto = !opts || opts->header_rows <= 0;
    x.hrows = opts && opts->header_rows > 1 ? opts->header_rows : 1;
    if (x.hrows > BC_XLSX_MAX_HEADER_ROWS)
        x.hrows = BC_XLSX_MAX_HEADER_ROWS;
    x.as_shown = opts && opts->as_shown;
    if (range) {
        x.ranged = true;
        parse_range(range, &x.r0, &x.c0, &x.r1, &x.c1);
    }
    if (sheet)
        *sheet = strdup(x.sheet);
    st = read_sheet(&x, sh[pick].target);
    if (!st && x.index == 0)
        st = bc_error_set(err, BC_E_INPUT, file, 0, 0,
                          "trang tính «%s»%s%s không có ô nào có dữ liệu: cần một dòng tiêu "
                          "đề (tên các cột) và các dòng số liệu",
                          x.sheet, range ? " vùng " : "", range ? range : "");
    row_free(&x.row);
    for (int i = 0; x.hdr && i < x.hrows; i++)
        row_free(&x.hdr[i]);
    free(x.hdr);
    free(x.mrg);
    free_sheets(sh, nsh);
out:
    free_book(&b);
    return st;
}

bc_status bc_xlsx_read_buffer(const char *data, size_t n, const char *file, const char *loc,
                              const bc_xlsx_opts *opts, bc_csv_record_fn fn, void *ud,
                              char **sheet, bc_error *err)
{
    if (sheet)
        *sheet = NULL;
    xlsx_api api;
    bc_dynlib *zip_lib = NULL, *xml_lib = NULL;
    bc_status st = bc_dynlib_open(BAOCAO_ZIP_SONAME, "libzip4", ZIP_SYMS,
                                  sizeof ZIP_SYMS / sizeof *ZIP_SYMS, &api, &zip_lib, err);
    if (!st)
        st = bc_dynlib_open(BAOCAO_XML2_SONAME, "libxml2", XML_SYMS,
                            sizeof XML_SYMS / sizeof *XML_SYMS, &api, &xml_lib, err);
    if (!st)
        st = read_book(&api, data, n, file, loc, opts, fn, ud, sheet, err);
    bc_dynlib_close(xml_lib);
    bc_dynlib_close(zip_lib);
    return st;
}

bc_status bc_xlsx_read_file(const char *where, const bc_xlsx_opts *opts, bc_csv_record_fn fn,
                            void *ud, char **sheet, bc_error *err)
{
    if (sheet)
        *sheet = NULL;
    const char *loc;
    char *path = bc_xlsx_split(where, &loc);
    if (!path)
        return bc_nomem(err);
    char *data;
    size_t n;
    bc_status st = bc_infile_read(path, BC_IN_DATA, &data, &n, err);
    if (!st) {
        st = bc_xlsx_read_buffer(data, n, path, loc, opts, fn, ud, sheet, err);
        free(data);
    }
    free(path);
    return st;
}
