/* csvdata.c - streaming CSV reader on libcsv with positions. */
#include "csvdata.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "infile.h"
#include "legacy.h"
#include "text.h"

struct bc_csv_reader {
    char *file;
    bc_csv_options opts;
    char delim;
    bc_csv_record_fn fn;
    void *ud;
    struct csv_parser parser;
    bool parser_ready;

    /* raw bytes of the unfinished line */
    char *pend;
    size_t plen, pcap;
    bool bom_done;

    /* position of the next character to scan */
    int line, col;
    /* first non-blank character of the field being read */
    bool have_start, start_quoted;
    int start_line, start_col;
    /* position of the byte that ends the current segment */
    int seg_line, seg_col;

    /* record under construction */
    bc_csv_field *fields;
    size_t *offs;
    size_t nfields, fcap;
    char *store;
    size_t slen, scap;
    size_t rec_index;
    size_t expected;

    /* encoding: the first two bytes (a UTF-16 BOM?), then UTF-8 until a
     * non-ASCII byte decides; an iconv converter for anything else */
    unsigned char lead[2];
    size_t nlead;
    bool lead_done, enc_decided;
    const char *enc_name;
    iconv_t cd;               /* (iconv_t)-1 when none */
    char ileft[8];            /* incomplete input sequence kept for the next feed */
    size_t nileft;
    int out_line;             /* line of the next converted character */
    char *hold;               /* undecided: bytes from the first non-ASCII one on */
    size_t nhold, holdcap;

    bool finished;
    bool oom;
    bc_status status;   /* sticky error */
    bc_error saved;     /* copy of the sticky error */
    bc_error *err;      /* caller's error during a feed */
};

static bc_status fail(bc_csv_reader *r, bc_status st, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bc_status fail(bc_csv_reader *r, bc_status st, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bc_error_setv(&r->saved, st, r->file, line, col, fmt, ap);
    va_end(ap);
    r->status = st;
    return st;
}

static bc_status fail_nomem(bc_csv_reader *r)
{
    r->status = bc_nomem(&r->saved);
    return r->status;
}

/* Copies the sticky error into the caller's err. */
static bc_status report(bc_csv_reader *r, bc_error *err)
{
    if (r->status && err && err != &r->saved) {
        bc_error_clear(err);
        err->status = r->saved.status;
        err->file = bc_strdup(r->saved.file);
        err->line = r->saved.line;
        err->column = r->saved.column;
        err->message = bc_strdup(r->saved.message);
    }
    return r->status;
}

bc_csv_reader *bc_csv_reader_new(const char *file, const bc_csv_options *opts,
                                 bc_csv_record_fn fn, void *ud)
{
    bc_csv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (file && !(r->file = bc_strdup(file))) {
        free(r);
        return NULL;
    }
    if (opts)
        r->opts = *opts;
    r->fn = fn;
    r->ud = ud;
    r->line = 1;
    r->col = 1;
    r->out_line = 1;
    r->cd = (iconv_t)-1;
    r->enc_name = "UTF-8";
    return r;
}

void bc_csv_reader_free(bc_csv_reader *r)
{
    if (!r)
        return;
    if (r->parser_ready)
        csv_free(&r->parser);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    free(r->hold);
    free(r->file);
    free(r->pend);
    free(r->fields);
    free(r->offs);
    free(r->store);
    bc_error_clear(&r->saved);
    free(r);
}

char bc_csv_reader_delimiter(const bc_csv_reader *r)
{
    return r->delim;
}

const char *bc_csv_reader_encoding(const bc_csv_reader *r)
{
    return r->enc_name;
}

/* ---- libcsv callbacks ---- */

static void on_field(void *data, size_t len, void *ud)
{
    bc_csv_reader *r = ud;
    if (r->status)
        return;
    if (r->nfields == r->fcap) {
        size_t cap = r->fcap ? r->fcap * 2 : 16;
        bc_csv_field *f = realloc(r->fields, cap * sizeof *f);
        if (f)
            r->fields = f;
        size_t *o = realloc(r->offs, cap * sizeof *o);
        if (o)
            r->offs = o;
        if (!f || !o) {
            fail_nomem(r);
            return;
        }
        r->fcap = cap;
    }
    if (!BC_GROW(&r->store, &r->scap, r->slen + len + 1, 256)) {
        fail_nomem(r);
        return;
    }
    if (len)
        memcpy(r->store + r->slen, data, len);
    r->store[r->slen + len] = '\0';
    bc_csv_field *f = &r->fields[r->nfields];
    r->offs[r->nfields] = r->slen;
    r->slen += len + 1;
    f->len = len;
    f->quoted = r->have_start && r->start_quoted;
    f->number = false;
    if (r->have_start) {
        f->line = r->start_line;
        f->column = r->start_col;
    } else {
        f->line = r->seg_line;
        f->column = r->seg_col;
    }
    r->nfields++;
    r->have_start = false;
}

static void on_record(int c, void *ud)
{
    bc_csv_reader *r = ud;
    (void)c;
    if (r->status)
        return;
    size_t n = r->nfields;
    r->nfields = 0;
    r->slen = 0;
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++)
        r->fields[i].text = r->store + r->offs[i];
    bc_csv_record rec = {r->fields, n, r->rec_index, r->fields[0].line};
    if (r->rec_index == 0) {
        r->expected = n;
    } else if (!r->opts.allow_ragged && n != r->expected) {
        if (n > r->expected) {
            const bc_csv_field *f = &r->fields[r->expected];
            fail(r, BC_E_INPUT, f->line, f->column,
                 "hàng CSV bắt đầu ở dòng %d có %zu ô, nhiều hơn %zu ô của dòng tiêu đề; "
                 "từ đây là ô thừa - nếu trong ô có dấu phẩy, hãy đặt cả ô trong dấu "
                 "ngoặc kép",
                 rec.line, n, r->expected);
        } else {
            fail(r, BC_E_INPUT, r->seg_line, r->seg_col,
                 "hàng CSV bắt đầu ở dòng %d chỉ có %zu ô, ít hơn %zu ô của dòng tiêu đề; "
                 "hãy thêm ô trống (dấu phẩy) cho đủ cột",
                 rec.line, n, r->expected);
        }
        return;
    }
    r->rec_index++;
    if (r->fn) {
        bc_error e = BC_ERROR_INIT;
        bc_status st = r->fn(r->ud, &rec, &e);
        if (st) {
            if (!e.message)
                bc_error_set(&e, st, r->file, rec.line, 0, "dừng đọc CSV (mã lỗi %d)", (int)st);
            bc_error_clear(&r->saved);
            r->saved = e;
            r->status = st;
        } else {
            bc_error_clear(&e);
        }
    }
}

/* ---- text preparation ---- */

/* True when s[0..n) (valid UTF-8) is certainly NFC already: only code
 * points below U+0300, Latin Extended Additional (precomposed Vietnamese),
 * general punctuation from U+2010 and currency signs. */
static bool surely_nfc(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
        } else if (c < 0xCC) { /* 2-byte, below U+0300 */
            i += 2;
        } else if (c == 0xE1 && i + 1 < n && (s[i + 1] == 0xB8 || s[i + 1] == 0xB9 ||
                                              s[i + 1] == 0xBA || s[i + 1] == 0xBB)) {
            i += 3; /* U+1E00..U+1EFF */
        } else if (c == 0xE2 && i + 2 < n &&
                   ((s[i + 1] == 0x80 && s[i + 2] >= 0x90) || s[i + 1] == 0x81 ||
                    (s[i + 1] == 0x82 && s[i + 2] >= 0xA0))) {
            i += 3; /* U+2010..U+207F, U+20A0..U+20BF */
        } else {
            return false;
        }
    }
    return true;
}

static char detect_delimiter(const char *s, size_t n)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < n && s[i] != '\n'; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            comma++;
        else if (!quoted && c == ';')
            semi++;
        else if (!quoted && c == '\t')
            tab++;
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

static int is_csv_space(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static bc_status start_parser(bc_csv_reader *r, const char *text, size_t n)
{
    r->delim = r->opts.delimiter ? r->opts.delimiter : detect_delimiter(text, n);
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return fail_nomem(r);
    r->parser_ready = true;
    csv_set_delim(&r->parser, (unsigned char)r->delim);
    csv_set_space_func(&r->parser, is_csv_space);
    return BC_OK;
}

static bc_status parse_error(bc_csv_reader *r)
{
    bool quoted = r->have_start && r->start_quoted;
    if (quoted)
        return fail(r, BC_E_INPUT, r->line, r->col,
                    "sau dấu ngoặc kép đóng ô (ô mở ở dòng %d, cột %d) chỉ được có dấu "
                    "phân cách hoặc hết dòng; nếu trong ô có dấu ngoặc kép, hãy viết nó "
                    "hai lần (\"\")",
                    r->start_line, r->start_col);
    return fail(r, BC_E_INPUT, r->line, r->col,
                "dấu ngoặc kép nằm giữa ô không mở bằng dấu ngoặc kép; hãy đặt cả ô "
                "trong dấu ngoặc kép và viết dấu ngoặc kép bên trong hai lần (\"\")");
}

/* Parses prepared (valid, NFC, LF) text. */
static bc_status parse_text(bc_csv_reader *r, const char *text, size_t n)
{
    if (!r->parser_ready && start_parser(r, text, n))
        return r->status;
    const unsigned char *s = (const unsigned char *)text;
    unsigned char delim = (unsigned char)r->delim;
    size_t i = 0;
    while (i < n) {
        /* segment: up to and including the next separator or line end */
        size_t j = i;
        while (j < n && s[j] != delim && s[j] != '\n')
            j++;
        size_t end = j < n ? j + 1 : n;
        /* note where the field's first visible character is */
        for (size_t k = i; k < j; k++) {
            unsigned char b = s[k];
            if ((b & 0xC0) == 0x80)
                continue;
            if (!r->have_start && !is_csv_space(b)) {
                r->have_start = true;
                r->start_quoted = b == '"';
                r->start_line = r->line;
                r->start_col = r->col;
            }
            r->col++;
        }
        r->seg_line = r->line;
        r->seg_col = r->col;
        size_t got = csv_parse(&r->parser, s + i, end - i, on_field, on_record, r);
        if (r->status)
            return r->status;
        if (got < end - i) {
            if (csv_error(&r->parser) == CSV_EPARSE) {
                /* column of the offending byte s[i + got]: the segment end's
                 * column less the characters in between */
                size_t bad = i + got;
                int c = r->seg_col;
                for (size_t k = j; k > bad; k--)
                    if ((s[k - 1] & 0xC0) != 0x80)
                        c--;
                r->line = r->seg_line;
                r->col = c;
                return parse_error(r);
            }
            if (csv_error(&r->parser) == CSV_ENOMEM)
                return fail_nomem(r);
            /* CSV_ETOOBIG: a field beyond what a size_t can hold */
            return fail(r, BC_E_INPUT, r->seg_line, r->seg_col,
                        "một ô quá lớn, không đọc được (giới hạn của libcsv)");
        }
        if (j < n) {
            if (s[j] == '\n') {
                r->line++;
                r->col = 1;
            } else {
                r->col++;
            }
        }
        i = end;
    }
    return BC_OK;
}

/* NFC-normalises valid LF text and parses it. */
static bc_status parse_prepared(bc_csv_reader *r, const char *s, size_t n)
{
    if (surely_nfc((const unsigned char *)s, n))
        return parse_text(r, s, n);
    char *nfc = bc_text_nfc(s, n);
    if (!nfc)
        return fail_nomem(r);
    bc_status st = parse_text(r, nfc, strlen(nfc));
    free(nfc);
    return st;
}

/* Takes raw bytes of whole lines (or the file's tail), in a writable buffer. */
static bc_status process_piece(bc_csv_reader *r, char *raw, size_t n)
{
    char *s = raw;
    if (!r->bom_done) {
        if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        r->bom_done = true;
        bc_error uerr = BC_ERROR_INIT;
        if (bc_text_check_start(s, n, r->file, &uerr)) {
            fail(r, uerr.status, 1, 1, "%s", uerr.message ? uerr.message : "");
            bc_error_clear(&uerr);
            return r->status;
        }
    }
    /* CRLF and lone CR -> LF, in place */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            s[w++] = '\n';
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
        } else {
            s[w++] = s[i];
        }
    }
    n = w;
    if (n == 0)
        return BC_OK;
    bc_error verr = BC_ERROR_INIT;
    if (bc_text_validate(s, n, r->file, &verr)) {
        int col = verr.column;
        int line = verr.line + r->line - 1;
        if (verr.line == 1)
            col += r->col - 1;
        /* the lines before the bad one are fine: deliver their records
         * first, so the outcome does not depend on how the input was cut */
        size_t prefix = 0;
        for (int l = 1; l < verr.line && prefix < n; prefix++)
            if (s[prefix] == '\n')
                l++;
        bc_status st = prefix ? parse_prepared(r, s, prefix) : BC_OK;
        if (!st)
            fail(r, verr.status, line, col, "%s", verr.message ? verr.message : "");
        bc_error_clear(&verr);
        return r->status;
    }
    return parse_prepared(r, s, n);
}

/* Takes UTF-8 (or not yet known to be anything else) bytes. */
static bc_status feed_utf8(bc_csv_reader *r, const char *bytes, size_t n)
{
    if (n == 0)
        return BC_OK;
    if (!BC_GROW(&r->pend, &r->pcap, r->plen + n + 1, 4096))
        return fail_nomem(r);
    memcpy(r->pend + r->plen, bytes, n);
    size_t old = r->plen;
    r->plen += n;
    /* process up to the last line end (the piece never splits a UTF-8
     * character or a CRLF pair); the pending part before holds none */
    size_t cut = r->plen;
    while (cut > old && r->pend[cut - 1] != '\n')
        cut--;
    if (cut == old)
        return BC_OK;
    bc_status st = process_piece(r, r->pend, cut);
    memmove(r->pend, r->pend + cut, r->plen - cut);
    r->plen -= cut;
    return st;
}

/* ---- encodings ---- */

static bc_status open_iconv(bc_csv_reader *r, const char *from, const char *name)
{
    r->cd = iconv_open("UTF-8", from);
    if (r->cd == (iconv_t)-1)
        return fail(r, BC_E_INTERNAL, 0, 0, "thư viện iconv không có bảng mã %s", from);
    r->enc_name = name;
    r->enc_decided = true;
    bc_diags_add(r->opts.notes, BC_NOTE, r->file, 0, 0,
                 "đọc tệp CSV theo mã %s (nhận ra tự động), chuyển sang Unicode", name);
    return BC_OK;
}

/* Runs bytes through the converter and feeds the UTF-8 it gives. bytes ==
 * NULL flushes the converter at the end of the input. */
static bc_status feed_iconv(bc_csv_reader *r, const char *bytes, size_t n)
{
    char *joined = NULL;
    if (bytes && r->nileft) {
        /* an incomplete sequence from the previous feed goes first */
        joined = malloc(r->nileft + n);
        if (!joined)
            return fail_nomem(r);
        memcpy(joined, r->ileft, r->nileft);
        memcpy(joined + r->nileft, bytes, n);
        bytes = joined;
        n += r->nileft;
        r->nileft = 0;
    } else if (!bytes && r->nileft) {
        return fail(r, BC_E_INPUT, r->out_line, 0,
                    "tệp CSV (mã %s) bị cắt cụt: thiếu byte cuối của một ký tự; hãy lưu lại tệp",
                    r->enc_name);
    }
    char *in = (char *)bytes;
    size_t inleft = bytes ? n : 0;
    bc_status st = BC_OK;
    char out[8192];
    for (;;) {
        char *o = out;
        size_t oleft = sizeof out;
        size_t rc = bytes ? iconv(r->cd, &in, &inleft, &o, &oleft)
                          : iconv(r->cd, NULL, NULL, &o, &oleft);
        int e = errno;
        size_t got = (size_t)(o - out);
        if (got && (st = feed_utf8(r, out, got)))
            break;
        for (size_t k = 0; k < got; k++)
            if (out[k] == '\n')
                r->out_line++;
        if (rc != (size_t)-1)
            break;
        if (e == E2BIG)
            continue;
        if (e == EINVAL && inleft <= sizeof r->ileft) {
            memcpy(r->ileft, in, inleft);
            r->nileft = inleft;
            break;
        }
        st = fail(r, BC_E_INPUT, r->out_line, 0,
                  "byte 0x%02X không có trong bảng mã %s (mã của tệp CSV, nhận ra tự động); "
                  "hãy lưu lại tệp ở mã UTF-8",
                  inleft ? (unsigned char)*in : 0, r->enc_name);
        break;
    }
    free(joined);
    return st;
}

/* True when s[0..n) is UTF-8, allowing a character cut at the end. */
static bool utf8_prefix_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        size_t len = bc_utf8_seq(s + i, n - i, &cp);
        if (len == 0) {
            /* a cut sequence at the end: a lead byte and continuations only */
            size_t want = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : s[i] >= 0xC2 ? 2 : 0;
            if (want == 0 || n - i >= want)
                return false;
            for (size_t k = i + 1; k < n; k++)
                if ((s[k] & 0xC0) != 0x80)
                    return false;
            return true;
        }
        i += len;
    }
    return true;
}

/* UTF-8 when the first non-ASCII byte starts a valid character, or when
 * the bytes are UTF-8 but for a character cut at the end: a stray bad byte
 * later in a UTF-8 file stays a UTF-8 error at its place. */
static bool looks_utf8(const unsigned char *s, size_t n)
{
    int32_t cp;
    if (n && bc_utf8_seq(s, n, &cp) > 1)
        return true;
    return utf8_prefix_valid(s, n);
}

/* Windows-1252 (Western European) text: its non-ASCII bytes are mostly
 * small accented letters after an ASCII letter ("Café", "Müller"). */
static bool looks_cp1252(const unsigned char *s, size_t n)
{
    size_t high = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x80)
            continue;
        high++;
        bool small = (s[i] >= 0xDF && s[i] != 0xF7);
        bool after = i > 0 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z');
        if (small && after)
            letters++;
    }
    return letters > 0 && letters * 2 >= high;
}

/* Decides the encoding on the held bytes (everything from the first
 * non-ASCII byte on, up to 64 KiB or the end of the input) and feeds them. */
static bc_status decide(bc_csv_reader *r)
{
    r->enc_decided = true;
    char *h = r->hold;
    size_t n = r->nhold;
    r->hold = NULL;
    r->nhold = r->holdcap = 0;
    bc_status st;
    bc_bytes_guess g = BC_GUESS_TCVN3;
    if (!looks_utf8((const unsigned char *)h, n)) {
        g = bc_legacy_guess_bytes(h, n, NULL);
        if (g == BC_GUESS_NONE && !looks_cp1252((const unsigned char *)h, n))
            g = BC_GUESS_UNSURE;
    }
    if (g != BC_GUESS_CP1258 && g != BC_GUESS_NONE) {
        /* UTF-8; or TCVN3/VNI, whose UTF-8 error names chuyen-ma */
        st = feed_utf8(r, h, n);
    } else {
        st = g == BC_GUESS_CP1258 ? open_iconv(r, "CP1258", "Windows-1258")
                                  : open_iconv(r, "CP1252", "Windows-1252");
        if (!st)
            st = feed_iconv(r, h, n);
    }
    free(h);
    return st;
}

/* Bytes after the first two: converted, or held until the encoding is
 * decided, or passed on. */
static bc_status route(bc_csv_reader *r, const char *bytes, size_t n)
{
    if (r->cd != (iconv_t)-1)
        return feed_iconv(r, bytes, n);
    if (r->enc_decided)
        return feed_utf8(r, bytes, n);
    if (!r->nhold) {
        const unsigned char *u = (const unsigned char *)bytes;
        size_t i = 0;
        while (i < n && u[i] < 0x80)
            i++;
        /* the ASCII before is the same in every encoding */
        if (i && feed_utf8(r, bytes, i))
            return r->status;
        for (size_t k = 0; k < i; k++)
            if (u[k] == '\n')
                r->out_line++;
        bytes += i;
        n -= i;
        if (n == 0)
            return BC_OK;
    }
    if (!BC_GROW(&r->hold, &r->holdcap, r->nhold + n, 4096))
        return fail_nomem(r);
    memcpy(r->hold + r->nhold, bytes, n);
    r->nhold += n;
    return r->nhold >= 65536 ? decide(r) : BC_OK;
}

static bc_status start_lead(bc_csv_reader *r)
{
    r->lead_done = true;
    if (r->nlead == 2 && ((r->lead[0] == 0xFF && r->lead[1] == 0xFE) ||
                          (r->lead[0] == 0xFE && r->lead[1] == 0xFF))) {
        bool le = r->lead[0] == 0xFF;
        return open_iconv(r, le ? "UTF-16LE" : "UTF-16BE", le ? "UTF-16 LE" : "UTF-16 BE");
    }
    return route(r, (const char *)r->lead, r->nlead);
}

bc_status bc_csv_reader_feed(bc_csv_reader *r, const char *bytes, size_t n, bc_error *err)
{
    if (r->status)
        return report(r, err);
    if (r->finished || n == 0)
        return BC_OK;
    if (!r->lead_done) {
        size_t take = n < 2 - r->nlead ? n : 2 - r->nlead;
        memcpy(r->lead + r->nlead, bytes, take);
        r->nlead += take;
        bytes += take;
        n -= take;
        if (r->nlead < 2)
            return BC_OK;
        if (start_lead(r))
            return report(r, err);
    }
    if (n && route(r, bytes, n))
        return report(r, err);
    return BC_OK;
}

bc_status bc_csv_reader_finish(bc_csv_reader *r, bc_error *err)
{
    if (r->status)
        return report(r, err);
    if (r->finished)
        return BC_OK;
    if (!r->lead_done && start_lead(r))
        return report(r, err);
    if (r->nhold && decide(r))
        return report(r, err);
    if (r->cd != (iconv_t)-1 && feed_iconv(r, NULL, 0))
        return report(r, err);
    r->finished = true;
    if (r->plen > 0) {
        bc_status st = process_piece(r, r->pend, r->plen);
        r->plen = 0;
        if (st)
            return report(r, err);
    }
    if (!r->parser_ready)
        return BC_OK;
    r->seg_line = r->line;
    r->seg_col = r->col;
    if (csv_fini(&r->parser, on_field, on_record, r) != 0 && !r->status) {
        fail(r, BC_E_INPUT, r->start_line, r->start_col,
             "ô mở bằng dấu ngoặc kép ở đây không được đóng: thiếu dấu ngoặc kép đóng, "
             "phần còn lại của tệp bị đọc thành một ô");
    }
    return report(r, err);
}

bc_status bc_csv_read_buffer(const char *data, size_t n, const char *file,
                             const bc_csv_options *opts, bc_csv_record_fn fn, void *ud,
                             bc_error *err)
{
    bc_csv_reader *r = bc_csv_reader_new(file, opts, fn, ud);
    if (!r)
        return bc_nomem(err);
    bc_status st = bc_csv_reader_feed(r, data, n, err);
    if (!st)
        st = bc_csv_reader_finish(r, err);
    bc_csv_reader_free(r);
    return st;
}

bc_status bc_csv_read_file(const char *path, const bc_csv_options *opts,
                           bc_csv_record_fn fn, void *ud, bc_error *err)
{
    int fd;
    bc_status ost = bc_infile_open(path, BC_IN_DATA, &fd, err);
    if (ost)
        return ost;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return bc_nomem(err);
    }
    bc_csv_reader *r = bc_csv_reader_new(path, opts, fn, ud);
    if (!r) {
        fclose(f);
        return bc_nomem(err);
    }
    char *chunk = malloc(65536);
    bc_status st = BC_OK;
    if (!chunk)
        st = bc_nomem(err);
    size_t got;
    while (!st && (got = fread(chunk, 1, 65536, f)) > 0)
        st = bc_csv_reader_feed(r, chunk, got, err);
    if (!st && ferror(f))
        st = bc_error_set(err, BC_E_INPUT, path, 0, 0, "lỗi khi đọc tệp CSV: %s",
                          bc_errno_vi(errno));
    if (!st)
        st = bc_csv_reader_finish(r, err);
    free(chunk);
    fclose(f);
    bc_csv_reader_free(r);
    return st;
}

/* ---- whole document ---- */

struct bc_csv_doc_store {
    size_t cap;        /* records capacity */
};

static bc_status doc_add(void *ud, const bc_csv_record *rec, bc_error *err)
{
    bc_csv_doc *doc = ud;
    if (!BC_GROW(&doc->records, &doc->store->cap, doc->nrecords + 1, 16))
        return bc_nomem(err);
    /* one block: fields then their texts */
    size_t bytes = rec->count * sizeof(bc_csv_field);
    for (size_t i = 0; i < rec->count; i++)
        bytes += rec->fields[i].len + 1;
    char *block = malloc(bytes ? bytes : 1);
    if (!block)
        return bc_nomem(err);
    bc_csv_field *fields = (bc_csv_field *)(void *)block;
    char *text = block + rec->count * sizeof(bc_csv_field);
    for (size_t i = 0; i < rec->count; i++) {
        fields[i] = rec->fields[i];
        memcpy(text, rec->fields[i].text, rec->fields[i].len + 1);
        fields[i].text = text;
        text += rec->fields[i].len + 1;
    }
    bc_csv_record *r = &doc->records[doc->nrecords++];
    *r = *rec;
    r->fields = fields;
    return BC_OK;
}

static bc_csv_doc *doc_new(void)
{
    bc_csv_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->store = calloc(1, sizeof *doc->store);
    if (!doc->store) {
        free(doc);
        return NULL;
    }
    return doc;
}

void bc_csv_doc_free(bc_csv_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nrecords; i++)
        free((void *)doc->records[i].fields);
    free(doc->records);
    free(doc->store);
    free(doc);
}

bc_status bc_csv_load_buffer(const char *data, size_t n, const char *file,
                             const bc_csv_options *opts, bc_csv_doc **out, bc_error *err)
{
    *out = NULL;
    bc_csv_doc *doc = doc_new();
    if (!doc)
        return bc_nomem(err);
    bc_status st = bc_csv_read_buffer(data, n, file, opts, doc_add, doc, err);
    if (st) {
        bc_csv_doc_free(doc);
        return st;
    }
    *out = doc;
    return BC_OK;
}

bc_status bc_csv_load(const char *path, const bc_csv_options *opts, bc_csv_doc **out,
                      bc_error *err)
{
    *out = NULL;
    bc_csv_doc *doc = doc_new();
    if (!doc)
        return bc_nomem(err);
    bc_status st = bc_csv_read_file(path, opts, doc_add, doc, err);
    if (st) {
        bc_csv_doc_free(doc);
        return st;
    }
    *out = doc;
    return BC_OK;
}

void bc_csv_put_field(bc_buf *b, const char *s)
{
    size_t n = strlen(s);
    bool quote = n && (strpbrk(s, ",;\t\"\n\r") || s[0] == ' ' || s[n - 1] == ' ');
    if (!quote) {
        bc_buf_puts(b, s);
        return;
    }
    bc_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            bc_buf_putc(b, '"');
        bc_buf_putc(b, *s);
    }
    bc_buf_putc(b, '"');
}
