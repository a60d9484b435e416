/* legacy.c - TCVN3 / VNI-Windows -> Unicode (see legacy.h and
 * shared/spec/legacy/README.md).
 *
 * Internally every input character becomes a "unit": a value below 256 is a
 * legacy byte (a raw byte, or the byte a mojibake character stands for), a
 * value of 256 or more is a real Unicode character that passes through.
 * Units of a line map one to one to its characters (raw lines: bytes), so a
 * unit's index + 1 is its column. */
#include "legacy.h"

#include <errno.h>
#include <iconv.h>

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "legacy_tables.h"
#include "strbuf.h"
#include "text.h"

#define NONE (-1)         /* no unit: before the start, after the end, absorbed */
#define WARN_LIMIT 50     /* warnings listed per call */
#define SAMPLE_CHARS 48   /* characters of converted text quoted in a note */
#define ENC_CP1252 100    /* internal: undetectable raw bytes read as Windows-1252 */

/* ------------------------------------------------------------ characters */

/* README detection step 1: letters only Unicode text has. */
static bool is_vi_only(int32_t cp)
{
    switch (cp) {
    case 0x0102: case 0x0103: case 0x0110: case 0x0111:
    case 0x0128: case 0x0129: case 0x0168: case 0x0169:
    case 0x01A0: case 0x01A1: case 0x01AF: case 0x01B0:
        return true;
    default:
        return cp >= 0x1EA0 && cp <= 0x1EF9;
    }
}

/* A byte's Windows-1252 character (the 5 undefined bytes: C1 controls). */
static int32_t cp1252_char(int b)
{
    return (b >= 0x80 && b < 0xA0) ? (int32_t)bc_legacy_tab_cp1252_c1[b - 0x80] : b;
}

static bool cp1252_undefined(int b)
{
    return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D;
}

/* The unit a character of mojibake text stands for: its byte if it has one
 * (U+0000-U+00FF, cp1252 punctuation), otherwise the character itself. */
static int32_t text_unit(int32_t cp)
{
    if (cp <= 0xFF)
        return cp;
    for (int i = 0; i < 32; i++)
        if (bc_legacy_tab_cp1252_c1[i] == cp)
            return 0x80 + i;
    return cp;
}

static bool ascii_alpha(int b)
{
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
}

/* A TCVN3 word letter: ASCII letter or one of the 74 VN3 letter bytes. */
static bool tc_letter(int b)
{
    return b >= 0 && b < 256 && (ascii_alpha(b) || bc_legacy_tab_tcvn3[b] != 0);
}

/* TCVN3 evidence characters (README step 2): bytes A1-AE, B5-B9, BB-BE. */
static bool tc_signal(int b)
{
    return (b >= 0xA1 && b <= 0xAE) || (b >= 0xB5 && b <= 0xB9) || (b >= 0xBB && b <= 0xBE);
}

/* A VNI pair exactly as in the table, 0 if none. */
static int32_t vni_exact(int b0, int b1)
{
    if (b0 < 0 || b0 > 0xFF || b1 < 0xC0 || b1 > 0xFF)
        return 0;
    int slot = bc_legacy_tab_vni_base[b0];
    return slot < 0 ? 0 : bc_legacy_tab_vni_pair[slot][b1 - 0xC0];
}

/* A VNI pair with the accepted odd forms (README "Accept these forms"):
 * a mark of the other case than its base, i/I + tone, y/Y + dot. */
static int32_t vni_pair(int b0, int b1)
{
    int32_t c = vni_exact(b0, b1);
    if (c)
        return c;
    bool base_upper = (b0 >= 'A' && b0 <= 'Z') || b0 == 0xD4 || b0 == 0xD6;
    int alt = NONE;
    if (base_upper && b1 >= 0xE0)
        alt = b1 - 0x20;
    else if (!base_upper && b1 >= 0xC0 && b1 < 0xE0)
        alt = b1 + 0x20;
    if (alt != NONE && (c = vni_exact(b0, alt)) != 0)
        return c;
    if (b0 == 'i' || b0 == 'I') {
        int single;
        switch (b1 | 0x20) {
        case 0xF8: single = 0xEC; break; /* ì */
        case 0xF9: single = 0xED; break; /* í */
        case 0xFB: single = 0xE6; break; /* ỉ */
        case 0xF5: single = 0xF3; break; /* ĩ */
        case 0xEF: single = 0xF2; break; /* ị */
        default: single = 0; break;
        }
        if (single)  /* capitals are the lowercase byte - 0x20 */
            return bc_legacy_tab_vni_single[b0 == 'I' ? single - 0x20 : single];
    }
    if ((b0 == 'y' || b0 == 'Y') && (b1 | 0x20) == 0xEF)
        return b0 == 'Y' ? 0x1EF4 : 0x1EF5; /* Ỵ ỵ */
    return 0;
}

/* ------------------------------------------------------------ UTF-8 */


/* Next unit of s at *i (raw: a byte; text: a character, see text_unit).
 * *cp receives the character itself (raw: the byte). Invalid UTF-8 in text
 * is taken byte by byte. */
static int32_t next_unit(const unsigned char *s, size_t n, size_t *i, bool raw, int32_t *cp)
{
    if (raw) {
        *cp = s[*i];
        return s[(*i)++];
    }
    size_t len = bc_utf8_seq(s + *i, n - *i, cp);
    if (!len) {
        *cp = s[*i];
        return s[(*i)++];
    }
    *i += len;
    return text_unit(*cp);
}

/* Units of one line into u[] and the characters into orig[] (raw bytes
 * above 0x7F are never unchanged, so orig is NONE - 1 for them). */
static size_t line_units(const unsigned char *s, size_t n, bool raw, int32_t *u, int32_t *orig)
{
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        u[m] = next_unit(s, n, &i, raw, &cp);
        orig[m] = (raw && cp >= 0x80) ? NONE - 1 : cp;
        m++;
    }
    return m;
}

/* ------------------------------------------------------------ detection */

/* Streaming scorer for README detection steps 1-3. Units above 0xFF count
 * as a space. Feeding each line separately gives the same counts as feeding
 * the lines joined by LF (LF is neither a letter, a base nor a mark). */
typedef struct scorer {
    long t, v;      /* TCVN3 evidence; VNI pairs + ñ/Ñ - stray marks */
    int prev, cur;  /* units around the position being scored; NONE */
    bool skip;      /* cur is the mark of a pair already counted */
    bool unicode;   /* step 1 */
} scorer;

#define SCORER_INIT {0, 0, NONE, NONE, false, false}

static void score_eval(scorer *sc, int next)
{
    int c = sc->cur, p = sc->prev;
    if (tc_signal(c)) {
        /* § and ® (Đ, đ) must be followed by a letter; the rest must touch one */
        bool touches = (c == 0xA7 || c == 0xAE) ? tc_letter(next)
                                                 : (tc_letter(p) || tc_letter(next));
        if (touches)
            sc->t++;
    }
    if (sc->skip) {
        sc->skip = false;
    } else if (next != NONE && vni_exact(c, next)) {
        sc->v++;
        sc->skip = true;
    } else if (bc_legacy_tab_vni_mark[c]) {
        sc->v--; /* a mark with no base: VNI never writes it */
    } else if ((c == 0xF1 || c == 0xD1) && (p == NONE || !bc_legacy_tab_latin1_alpha[p])) {
        sc->v++; /* word-initial ñ/Ñ = đ/Đ */
    }
}

static void score_feed(scorer *sc, int32_t unit)
{
    int b = unit < 256 ? (int)unit : 0x20;
    if (sc->cur != NONE) {
        score_eval(sc, b);
        sc->prev = sc->cur;
    }
    sc->cur = b;
}

static void score_end(scorer *sc)
{
    if (sc->cur != NONE)
        score_eval(sc, NONE);
    sc->prev = sc->cur = NONE;
    sc->skip = false;
}

/* Feeds s[0..n) to sc. *nonascii: a character >= U+0080; *latin1: a unit in
 * A1-FF, where every TCVN3 and VNI letter byte lies. */
static void scan(const unsigned char *s, size_t n, bool raw, scorer *sc, bool *nonascii,
                 bool *latin1)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int32_t u = next_unit(s, n, &i, raw, &cp);
        if (!raw && is_vi_only(cp))
            sc->unicode = true;
        if (cp >= 0x80)
            *nonascii = true;
        if (u >= 0xA1 && u <= 0xFF)
            *latin1 = true;
        score_feed(sc, u);
    }
    score_end(sc);
}

/* README step 4. */
static bc_encoding verdict(long t, long v)
{
    if (t > 0 && t >= v)
        return BC_ENC_TCVN3;
    if (v > 0)
        return BC_ENC_VNI;
    return BC_ENC_UNICODE;
}

static int clamp_int(long x)
{
    return x > INT_MAX ? INT_MAX : x < INT_MIN ? INT_MIN : (int)x;
}

bc_encoding bc_legacy_detect_ex(const char *s, size_t n, bool raw, bc_legacy_score *score)
{
    scorer sc = SCORER_INIT;
    bool nonascii = false, latin1 = false;
    if (s)
        scan((const unsigned char *)s, n, raw, &sc, &nonascii, &latin1);
    if (score) {
        score->unicode = sc.unicode;
        score->tcvn3 = clamp_int(sc.t);
        score->vni = clamp_int(sc.v);
    }
    return sc.unicode ? BC_ENC_UNICODE : verdict(sc.t, sc.v);
}

bc_encoding bc_legacy_detect(const char *s, size_t n)
{
    bool raw = s && !bc_utf8_valid(s, n);
    return bc_legacy_detect_ex(s, n, raw, NULL);
}

const char *bc_legacy_encoding_name(bc_encoding enc)
{
    switch (enc) {
    case BC_ENC_TCVN3: return "TCVN3";
    case BC_ENC_VNI: return "VNI";
    case BC_ENC_UNICODE: break;
    }
    return "Unicode";
}


/* ------------------------------------------------- raw 8-bit code pages */

static bool cp1258_vowel(unsigned char c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
    case 'A': case 'E': case 'I': case 'O': case 'U': case 'Y':
    case 0xC2: case 0xC3: case 0xCA: case 0xD4: case 0xD5: case 0xDD: /* Â Ă Ê Ô Ơ Ư */
    case 0xE2: case 0xE3: case 0xEA: case 0xF4: case 0xF5: case 0xFD: /* â ă ê ô ơ ư */
        return true;
    default:
        return false;
    }
}

static bool cp1258_tone(unsigned char c)
{
    return c == 0xCC || c == 0xD2 || c == 0xDE || c == 0xEC || c == 0xF2;
}

int bc_legacy_cp1258_score(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    long score = 0;
    for (size_t i = 1; i < n; i++) {
        if (cp1258_tone(u[i]) && cp1258_vowel(u[i - 1]))
            score++;
        else if ((u[i - 1] == 0xD0 || u[i - 1] == 0xF0) && cp1258_vowel(u[i]))
            score++;
    }
    return clamp_int(score);
}

bc_bytes_guess bc_legacy_guess_bytes(const char *s, size_t n, bc_bytes_scores *scores)
{
    bc_legacy_score ls;
    bc_legacy_detect_ex(s, n, true, &ls);
    bc_bytes_scores sc = {ls.tcvn3 > 0 ? ls.tcvn3 : 0, ls.vni > 0 ? ls.vni : 0,
                          bc_legacy_cp1258_score(s, n)};
    if (scores)
        *scores = sc;
    int v[3] = {sc.tcvn3, sc.vni, sc.cp1258};
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (v[k] > v[best])
            best = k;
    if (v[best] <= 0)
        return BC_GUESS_NONE;
    for (int k = 0; k < 3; k++)
        if (k != best && (long)v[k] * 2 > v[best])
            return BC_GUESS_UNSURE;
    return best == 0 ? BC_GUESS_TCVN3 : best == 1 ? BC_GUESS_VNI : BC_GUESS_CP1258;
}

char *bc_legacy_describe_scores(const bc_bytes_scores *sc)
{
    return bc_strdup_printf("TCVN3 (điểm %d), VNI (điểm %d), Windows-1258 (điểm %d)", sc->tcvn3,
                            sc->vni, sc->cp1258);
}


bc_status bc_legacy_convert_codepage(const char *s, size_t n, const char *file,
                                     const char *codepage, const char *name, char **out,
                                     size_t *out_len, size_t *converted, bc_diags *diags,
                                     bc_error *err)
{
    *out = NULL;
    if (converted)
        *converted = 0;
    iconv_t cd = iconv_open("UTF-8", codepage);
    if (cd == (iconv_t)-1)
        return bc_error_set(err, BC_E_INTERNAL, file, 0, 0, "thư viện iconv không có bảng mã %s",
                            codepage);
    bc_buf b = BC_BUF_INIT;
    size_t nconv = 0;
    int line = 1, first = 0;
    bc_status st = BC_OK;
    for (size_t i = 0; i < n && !st; line++) {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        size_t end = j < n ? j + 1 : n;
        if (memchr(s + i, '\0', j - i)) {
            st = bc_error_set(err, BC_E_INPUT, file, line, (int)((const char *)memchr(s + i, '\0', j - i) - (s + i)) + 1,
                              "tệp chứa byte NUL (0x00) - đây không phải tệp văn bản");
            break;
        }
        if (bc_utf8_valid(s + i, end - i)) {
            bc_buf_append(&b, s + i, end - i);
        } else {
            if (!first)
                first = line;
            nconv++;
            char *in = (char *)(s + i);
            size_t inleft = end - i;
            char tmp[4096];
            for (;;) {
                char *o = tmp;
                size_t oleft = sizeof tmp;
                size_t rc = inleft ? iconv(cd, &in, &inleft, &o, &oleft)
                                   : iconv(cd, NULL, NULL, &o, &oleft);
                int e = errno;
                bc_buf_append(&b, tmp, (size_t)(o - tmp));
                if (rc != (size_t)-1 && inleft == 0) {
                    o = tmp;
                    oleft = sizeof tmp;
                    iconv(cd, NULL, NULL, &o, &oleft);
                    bc_buf_append(&b, tmp, (size_t)(o - tmp));
                    break;
                }
                if (rc == (size_t)-1 && e == E2BIG)
                    continue;
                st = bc_error_set(err, BC_E_INPUT, file, line, (int)(in - (s + i)) + 1,
                                  "byte 0x%02X không có trong bảng mã %s; hãy chọn mã khác bằng "
                                  "--ma",
                                  inleft ? (unsigned char)*in : 0, name);
                break;
            }
        }
        i = end;
    }
    iconv_close(cd);
    char *raw = st ? NULL : bc_buf_detach(&b);
    if (st) {
        bc_buf_free(&b);
        return st;
    }
    char *nfc = raw ? bc_text_nfc(raw, strlen(raw)) : NULL;
    free(raw);
    if (!nfc)
        return bc_nomem(err);
    if (nconv)
        bc_diags_add(diags, BC_NOTE, file, first, 1,
                     "đã chuyển mã %s → Unicode: %zu dòng, từ dòng %d", name, nconv, first);
    if (converted)
        *converted = nconv;
    *out = nfc;
    if (out_len)
        *out_len = strlen(nfc);
    return BC_OK;
}

/* ------------------------------------------------------------ diagnostics */

typedef struct warner {
    bc_diags *to;        /* NULL: warnings are counted, not kept */
    size_t total, shown;
} warner;

/* Where unit 0 of the line being decoded is. line 0 = unknown. */
typedef struct where {
    const char *file;
    int line, col0;
} where;

static int col_of(const where *at, size_t k)
{
    if (at->line <= 0 || at->col0 <= 0)
        return 0;
    size_t c = (size_t)at->col0 + k;
    return c > INT_MAX ? INT_MAX : (int)c;
}

static void warn(warner *w, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void warn(warner *w, const char *file, int line, int col, const char *fmt, ...)
{
    w->total++;
    if (w->shown >= WARN_LIMIT || !w->to)
        return;
    w->shown++;
    va_list ap;
    va_start(ap, fmt);
    char *msg = bc_strdup_vprintf(fmt, ap);
    va_end(ap);
    bc_diags_add(w->to, BC_WARNING, file, line, col, "%s", msg ? msg : "");
    free(msg);
}

static void warn_rest(warner *w, bc_diags *to, const char *file)
{
    if (to && w->total > w->shown)
        bc_diags_add(to, BC_WARNING, file, 0, 0, "còn %zu cảnh báo khác không liệt kê",
                     w->total - w->shown);
}

/* "“À” (byte 0xC0)", or "byte 0x81" when the byte has no visible character. */
static void describe_byte(char *buf, size_t size, int b)
{
    int32_t c = cp1252_char(b);
    if (c < 0x20 || (c >= 0x7F && c < 0xA1) || c == 0xAD) {
        snprintf(buf, size, "byte 0x%02X", b);
        return;
    }
    char enc[5] = {0};
    enc[bc_utf8_encode(c, enc)] = '\0';
    snprintf(buf, size, "“%s” (byte 0x%02X)", enc, b);
}

/* ------------------------------------------------------------ decoders */

typedef struct word {
    size_t s, e;
    bool caps, strong, weak, upper;
} word;

/* Separated by spaces (or NBSP) alone. */
static bool adjacent(const int32_t *u, const word *a, const word *b)
{
    if (b->s <= a->e)
        return false;
    for (size_t k = a->e; k < b->s; k++)
        if (u[k] != 0x20 && u[k] != 0xA0)
            return false;
    return true;
}

/* README "Capitals without font information". */
static void tcvn3_caps_guess(const int32_t *u, size_t m, int32_t *cp, word *words)
{
    size_t nw = 0;
    for (size_t k = 0; k < m;) {
        if (!tc_letter(u[k])) {
            k++;
            continue;
        }
        size_t j = k, up = 0;
        bool low = false, toned = false;
        for (; j < m && tc_letter(u[j]); j++) {
            int b = u[j];
            if ((b >= 'A' && b <= 'Z') || (b >= 0xA1 && b <= 0xA7))
                up++;
            else if (b >= 'a' && b <= 'z')
                low = true;
            else
                toned = true; /* a lowercase VN3 letter (above A7) */
        }
        word *w = &words[nw++];
        w->s = k;
        w->e = j;
        w->caps = !low && up >= 2;
        w->strong = w->caps && toned;
        w->weak = !low && up <= 1 && toned;
        w->upper = w->strong;
        k = j;
    }
    for (size_t i = 0; i < nw; i++) {
        if (!words[i].weak)
            continue;
        bool any = false, all_caps = true, some_strong = false;
        if (i > 0 && adjacent(u, &words[i - 1], &words[i])) {
            any = true;
            all_caps = all_caps && words[i - 1].caps;
            some_strong = some_strong || words[i - 1].strong;
        }
        if (i + 1 < nw && adjacent(u, &words[i], &words[i + 1])) {
            any = true;
            all_caps = all_caps && words[i + 1].caps;
            some_strong = some_strong || words[i + 1].strong;
        }
        words[i].upper = any && all_caps && some_strong;
    }
    for (size_t i = 0; i < nw; i++) {
        if (!words[i].upper)
            continue;
        for (size_t p = words[i].s; p < words[i].e; p++) {
            int b = u[p];
            cp[p] = (b >= 'a' && b <= 'z') ? b - 0x20
                    : (b < 0x80) ? b : (int32_t)bc_legacy_tab_tcvn3_upper[b];
        }
    }
}

static void decode_tcvn3(const int32_t *u, size_t m, bc_legacy_caps caps, int32_t *cp,
                         word *words, warner *w, const where *at)
{
    char d[48];
    for (size_t k = 0; k < m; k++) {
        int32_t x = u[k];
        if (x >= 256) {
            cp[k] = x;
        } else if (bc_legacy_tab_tcvn3[x]) {
            cp[k] = bc_legacy_tab_tcvn3[x];
            if (x == 0xAD && k > 0 && u[k - 1] == 0xAD && (k < 2 || u[k - 2] != 0xAD))
                warn(w, at->file, at->line, col_of(at, k - 1),
                     "hai chữ “ưư” liền nhau (byte AD AD): có thể dấu gạch mềm bị nhân đôi "
                     "khi chép qua OpenOffice; đã giữ nguyên, hãy kiểm tra");
        } else {
            cp[k] = cp1252_char(x);
            if (x >= 0xA1) {
                describe_byte(d, sizeof d, x);
                warn(w, at->file, at->line, col_of(at, k),
                     "%s không có trong bảng mã TCVN3 (VN3); giữ nguyên ký tự Windows-1252", d);
            } else if (cp1252_undefined(x)) {
                warn(w, at->file, at->line, col_of(at, k),
                     "byte 0x%02X không có nghĩa trong Windows-1252; giữ nguyên (U+%04X)", x, x);
            }
        }
    }
    if (caps == BC_LEGACY_CAPS_GUESS) {
        tcvn3_caps_guess(u, m, cp, words);
    } else if (caps == BC_LEGACY_CAPS_HFONT) {
        for (size_t k = 0; k < m; k++)
            cp[k] = utf8proc_toupper(cp[k]);
    }
}

static void decode_vni(const int32_t *u, size_t m, int32_t *cp, warner *w, const where *at)
{
    char d[48];
    for (size_t k = 0; k < m;) {
        int32_t x = u[k];
        if (x >= 256) {
            cp[k++] = x;
            continue;
        }
        if (k + 1 < m && u[k + 1] < 256) {
            int32_t c = vni_pair(x, u[k + 1]);
            if (c) {
                cp[k] = c;
                cp[k + 1] = NONE;
                k += 2;
                continue;
            }
        }
        if (bc_legacy_tab_vni_single[x]) {
            cp[k] = bc_legacy_tab_vni_single[x];
        } else {
            cp[k] = cp1252_char(x);
            if (bc_legacy_tab_vni_mark[x]) {
                describe_byte(d, sizeof d, x);
                warn(w, at->file, at->line, col_of(at, k),
                     "%s là dấu của VNI nhưng không đứng sau nguyên âm nào; giữ nguyên "
                     "ký tự Windows-1252", d);
            } else if (x == 0x9F || x == 0xFF) {
                describe_byte(d, sizeof d, x);
                warn(w, at->file, at->line, col_of(at, k),
                     "%s không có trong bảng mã VNI-Windows; giữ nguyên ký tự Windows-1252", d);
            } else if (cp1252_undefined(x)) {
                warn(w, at->file, at->line, col_of(at, k),
                     "byte 0x%02X không có nghĩa trong Windows-1252; giữ nguyên (U+%04X)", x, x);
            }
        }
        k++;
    }
}

static void decode_cp1252(const int32_t *u, size_t m, int32_t *cp, warner *w, const where *at)
{
    for (size_t k = 0; k < m; k++) {
        int32_t x = u[k];
        cp[k] = x < 256 ? cp1252_char(x) : x;
        if (x < 256 && cp1252_undefined(x))
            warn(w, at->file, at->line, col_of(at, k),
                 "byte 0x%02X không có nghĩa trong Windows-1252; giữ nguyên (U+%04X)", x, x);
    }
}

static void decode_units(int enc, bc_legacy_caps caps, const int32_t *u, size_t m, int32_t *cp,
                         word *words, warner *w, const where *at)
{
    if (enc == BC_ENC_TCVN3)
        decode_tcvn3(u, m, caps, cp, words, w, at);
    else if (enc == BC_ENC_VNI)
        decode_vni(u, m, cp, w, at);
    else
        decode_cp1252(u, m, cp, w, at);
}

static void put_cps(bc_buf *b, const int32_t *cp, size_t m)
{
    char enc[4];
    for (size_t k = 0; k < m; k++)
        if (cp[k] != NONE)
            bc_buf_append(b, enc, (size_t)bc_utf8_encode(cp[k], enc));
}

/* Index of the first unit whose output differs from the input, or m. */
static size_t first_change(const int32_t *cp, const int32_t *orig, size_t m)
{
    for (size_t k = 0; k < m; k++)
        if (cp[k] != orig[k])
            return k;
    return m;
}

/* A short NFC quote of a decoded line for a note (controls shown as '?').
 * Caller frees; NULL on out-of-memory. */
static char *make_sample(const int32_t *cp, size_t m)
{
    bc_buf b = BC_BUF_INIT;
    char enc[4];
    size_t shown = 0, k = 0;
    for (; k < m && shown < SAMPLE_CHARS; k++) {
        int32_t c = cp[k];
        if (c == NONE)
            continue;
        if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            c = '?';
        bc_buf_append(&b, enc, (size_t)bc_utf8_encode(c, enc));
        shown++;
    }
    while (k < m && cp[k] == NONE)
        k++;
    if (k < m)
        bc_buf_puts(&b, "…");
    size_t len = b.len;
    char *raw = bc_buf_detach(&b);
    if (!raw)
        return NULL;
    char *nfc = bc_text_nfc(raw, len);
    free(raw);
    return nfc;
}

/* Scratch arrays for decoding lines of up to cap units. */
typedef struct scratch {
    int32_t *u, *orig, *cp;
    word *words;
} scratch;

static bool scratch_alloc(scratch *sc, size_t cap)
{
    memset(sc, 0, sizeof *sc);
    if (cap == 0)
        cap = 1;
    if (cap > SIZE_MAX / sizeof(word))
        return false;
    sc->u = malloc(cap * sizeof *sc->u);
    sc->orig = malloc(cap * sizeof *sc->orig);
    sc->cp = malloc(cap * sizeof *sc->cp);
    sc->words = malloc((cap / 2 + 1) * sizeof *sc->words); /* words are separated */
    return sc->u && sc->orig && sc->cp && sc->words;
}

static void scratch_free(scratch *sc)
{
    free(sc->u);
    free(sc->orig);
    free(sc->cp);
    free(sc->words);
}

static bc_status finish_nfc(bc_buf *b, char **out, size_t *out_len, bc_error *err)
{
    size_t len = b->len;
    char *raw = bc_buf_detach(b);
    if (!raw)
        return bc_nomem(err);
    char *nfc = len ? bc_text_nfc(raw, len) : bc_strdup("");
    free(raw);
    if (!nfc)
        return bc_nomem(err);
    *out = nfc;
    if (out_len)
        *out_len = strlen(nfc);
    return BC_OK;
}

static bc_status check_nul(const char *s, size_t n, const char *file, bc_error *err)
{
    const char *z = memchr(s, 0, n);
    if (!z)
        return BC_OK;
    int line = 1;
    const char *ls = s;
    for (const char *p = s; p < z; p++) {
        if (*p == '\n') {
            if (line < INT_MAX)
                line++;
            ls = p + 1;
        }
    }
    size_t pre = (size_t)(z - ls);
    size_t col = (bc_utf8_valid(ls, pre) ? bc_utf8_length(ls, pre) : pre) + 1;
    return bc_error_set(err, BC_E_INPUT, file, line, col > INT_MAX ? INT_MAX : (int)col,
                        "tệp chứa byte NUL (0x00): đây không phải tệp văn bản 8 bit "
                        "(có thể là UTF-16 hoặc tệp nhị phân); hãy lưu lại dưới dạng "
                        "văn bản rồi chuyển mã");
}

/* ------------------------------------------------------------ one run */

bc_status bc_legacy_decode(const bc_legacy_run *run, char **out, size_t *out_len,
                           bc_diags *diags, bc_error *err)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!run || !out || (!run->data && run->len))
        return bc_error_set(err, BC_E_INTERNAL, NULL, 0, 0,
                            "bc_legacy_decode: thiếu tham số");
    const char *file = run->file;
    if (run->encoding != BC_ENC_TCVN3 && run->encoding != BC_ENC_VNI)
        return bc_error_set(err, BC_E_USAGE, file, run->line, run->column,
                            "chỉ giải mã được TCVN3 hoặc VNI (mã được yêu cầu: %s)",
                            bc_legacy_encoding_name(run->encoding));
    const char *s = run->data ? run->data : "";
    size_t n = run->len;
    bc_status st = check_nul(s, n, file, err);
    if (st) {
        if (err && run->line > 0) { /* make the position absolute */
            if (err->line == 1 && err->column > 0 && run->column > 0)
                err->column += run->column - 1;
            err->line += run->line - 1;
        }
        return st;
    }
    if (!run->raw && !bc_utf8_valid(s, n))
        return bc_error_set(err, BC_E_INPUT, file, run->line, run->column,
                            "văn bản cần chuyển mã không phải UTF-8 hợp lệ");
    size_t maxlen = 0;
    for (size_t i = 0, ls = 0; i <= n; i++) {
        if (i == n || s[i] == '\n') {
            if (i - ls > maxlen)
                maxlen = i - ls;
            ls = i + 1;
        }
    }
    scratch sc;
    if (!scratch_alloc(&sc, maxlen + 1)) {
        scratch_free(&sc);
        return bc_nomem(err);
    }
    warner w = {diags, 0, 0};
    bc_buf b = BC_BUF_INIT;
    where at = {file, run->line, run->line > 0 ? (run->column > 0 ? run->column : 1) : 0};
    size_t off = 0;
    for (;;) {
        const char *nl = memchr(s + off, '\n', n - off);
        size_t len = nl ? (size_t)(nl - (s + off)) : n - off;
        size_t m = line_units((const unsigned char *)s + off, len, run->raw, sc.u, sc.orig);
        decode_units(run->encoding, run->caps, sc.u, m, sc.cp, sc.words, &w, &at);
        put_cps(&b, sc.cp, m);
        if (!nl)
            break;
        bc_buf_putc(&b, '\n');
        off += len + 1;
        if (at.line > 0 && at.line < INT_MAX)
            at.line++;
        at.col0 = at.line > 0 ? 1 : 0;
    }
    scratch_free(&sc);
    warn_rest(&w, diags, file);
    return finish_nfc(&b, out, out_len, err);
}

/* ------------------------------------------------------------ whole buffer */

typedef struct line_info {
    size_t off, len;   /* bytes, without the LF */
    size_t para;       /* paragraph index (blank lines: SIZE_MAX) */
    bool nl;           /* followed by LF */
    bool raw;          /* not valid UTF-8 */
    bool blank;        /* empty or only spaces, tabs, CR */
} line_info;

typedef struct para_info {
    size_t first, end;   /* line indices [first, end) */
    bool has_text, vi, nonascii, latin1;
    long t, v;           /* summed over the text lines */
    bc_encoding text_enc;
} para_info;

/* Consecutive converted paragraphs of one kind share one note; warnings
 * raised meanwhile wait in pending so that they follow the note. */
typedef struct region {
    bool open, raw, forced;
    int enc;
    int first_line, first_col, last_line;
    size_t paras;
    size_t para_mark;  /* 1 + index of the last paragraph counted in paras */
    long t, v;
    char *sample;
    bc_diags pending;
} region;

typedef struct conv {
    const char *s;
    const char *file;
    bc_legacy_options opt;
    bc_diags *diags;
    warner w;
    region reg;
    scratch sc;
    bc_buf out;
    bc_legacy_stats stats;
    long raw_t, raw_v;
    int raw_enc;
    bool forced;       /* opt.mode is not BC_LEGACY_AUTO */
} conv;

static void lines_text(char *buf, size_t size, int first, int last)
{
    if (last > first)
        snprintf(buf, size, "dòng %d–%d", first, last);
    else
        snprintf(buf, size, "dòng %d", first);
}

static void region_close(conv *c)
{
    region *r = &c->reg;
    if (!r->open) {
        c->w.to = c->diags;
        return;
    }
    if (r->enc == ENC_CP1252 && r->first_line > 0)
        c->stats.warnings++;
    if (c->diags && r->first_line > 0) {
        char where_s[64];
        lines_text(where_s, sizeof where_s, r->first_line, r->last_line);
        const char *sample = r->sample ? r->sample : "";
        if (r->enc == ENC_CP1252) {
            bc_diags_add(c->diags, BC_WARNING, c->file, r->first_line, r->first_col,
                         "các byte không phải UTF-8 ở %s (%zu đoạn) không khớp TCVN3 hay VNI "
                         "(điểm TCVN3 %ld, điểm VNI %ld); đã đọc theo Windows-1252 — nếu sai, "
                         "hãy chỉ định mã: “%s”",
                         where_s, r->paras, r->t, r->v, sample);
        } else {
            char how[160];
            if (r->forced)
                snprintf(how, sizeof how, "theo mã được chỉ định");
            else if (r->raw)
                snprintf(how, sizeof how,
                         "byte không phải UTF-8, tự nhận ra trên cả tệp: điểm TCVN3 %ld, "
                         "điểm VNI %ld", r->t, r->v);
            else
                snprintf(how, sizeof how, "tự nhận ra: điểm TCVN3 %ld, điểm VNI %ld", r->t,
                         r->v);
            bool hfont = r->enc == BC_ENC_TCVN3 && c->opt.caps == BC_LEGACY_CAPS_HFONT;
            bc_diags_add(c->diags, BC_NOTE, c->file, r->first_line, r->first_col,
                         "đã chuyển mã %s → Unicode ở %s (%zu đoạn; %s)%s: “%s”",
                         bc_legacy_encoding_name((bc_encoding)r->enc), where_s, r->paras, how,
                         hfont ? "; viết hoa toàn bộ (phông chữ H)" : "", sample);
        }
    }
    if (c->diags) {
        for (size_t i = 0; i < r->pending.count; i++) {
            bc_diag *d = &r->pending.items[i];
            bc_diags_add(c->diags, d->severity, d->file, d->line, d->column, "%s",
                         d->message ? d->message : "");
        }
    }
    bc_diags_free(&r->pending);
    free(r->sample);
    memset(r, 0, sizeof *r);
    c->w.to = c->diags;
}

/* Makes sure the open region is of this kind (closing another one). */
static void region_enter(conv *c, bool raw, int enc)
{
    region *r = &c->reg;
    if (r->open && r->raw == raw && r->enc == enc && r->forced == c->forced)
        return;
    region_close(c);
    r->open = true;
    r->raw = raw;
    r->enc = enc;
    r->forced = c->forced;
    c->w.to = c->diags ? &r->pending : NULL;
}

/* Decodes line L with enc into the output. t, v: the scores behind enc.
 * Returns true if the line changed. */
static bool convert_line(conv *c, const line_info *L, int lineno, int enc, long t, long v)
{
    region_enter(c, L->raw, enc);
    scratch *sc = &c->sc;
    size_t m = line_units((const unsigned char *)c->s + L->off, L->len, L->raw, sc->u, sc->orig);
    where at = {c->file, lineno, 1};
    decode_units(enc, c->opt.caps, sc->u, m, sc->cp, sc->words, &c->w, &at);
    put_cps(&c->out, sc->cp, m);
    size_t k = first_change(sc->cp, sc->orig, m);
    if (k == m)
        return false;
    region *r = &c->reg;
    if (r->first_line == 0) {
        r->first_line = lineno;
        r->first_col = col_of(&at, k);
        r->sample = make_sample(sc->cp, m);
    }
    r->last_line = lineno;
    if (r->para_mark != L->para + 1) { /* first change in this paragraph */
        r->para_mark = L->para + 1;
        r->paras++;
        if (L->raw) { /* raw lines share the counts over the whole buffer */
            r->t = t;
            r->v = v;
        } else {
            r->t += t;
            r->v += v;
        }
    }
    return true;
}

/* First character of the paragraph's text lines for which pred holds:
 * its line, column and UTF-8 form. Returns false if none. */
static bool find_char(conv *c, const line_info *lines, const para_info *P, bool vi_letter,
                      int *line, int *col, char enc[5])
{
    for (size_t li = P->first; li < P->end; li++) {
        const line_info *L = &lines[li];
        if (L->raw)
            continue;
        size_t m = line_units((const unsigned char *)c->s + L->off, L->len, false, c->sc.u,
                              c->sc.orig);
        for (size_t k = 0; k < m; k++) {
            int32_t cp = c->sc.orig[k], u = c->sc.u[k];
            if (vi_letter ? is_vi_only(cp) : (u >= 0xA1 && u <= 0xFF)) {
                *line = li + 1 > INT_MAX ? INT_MAX : (int)(li + 1);
                *col = k + 1 > INT_MAX ? INT_MAX : (int)(k + 1);
                enc[bc_utf8_encode(cp, enc)] = '\0';
                return true;
            }
        }
    }
    return false;
}

bc_status bc_legacy_convert(const char *s, size_t n, const char *file,
                            const bc_legacy_options *opt, char **out, size_t *out_len,
                            bc_legacy_stats *stats, bc_diags *diags, bc_error *err)
{
    static const bc_legacy_options defaults = BC_LEGACY_OPTIONS_INIT;
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (!out || (!s && n))
        return bc_error_set(err, BC_E_INTERNAL, file, 0, 0, "bc_legacy_convert: thiếu tham số");
    if (!s)
        s = "";
    bc_status st = check_nul(s, n, file, err);
    if (st)
        return st;

    conv c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.file = file;
    c.opt = opt ? *opt : defaults;
    c.diags = diags;
    c.w.to = diags;
    if ((c.opt.mode != BC_LEGACY_AUTO && c.opt.mode != BC_LEGACY_FORCE_TCVN3 &&
         c.opt.mode != BC_LEGACY_FORCE_VNI) ||
        (c.opt.caps != BC_LEGACY_CAPS_GUESS && c.opt.caps != BC_LEGACY_CAPS_NORMAL &&
         c.opt.caps != BC_LEGACY_CAPS_HFONT))
        return bc_error_set(err, BC_E_USAGE, file, 0, 0, "tùy chọn chuyển mã không hợp lệ");
    bool forced = c.opt.mode != BC_LEGACY_AUTO;
    c.forced = forced;
    bc_encoding forced_enc = c.opt.mode == BC_LEGACY_FORCE_VNI ? BC_ENC_VNI : BC_ENC_TCVN3;

    /* Pass 1: lines, paragraphs, evidence. */
    size_t nlines = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n')
            nlines++;
    if (n > 0 && s[n - 1] != '\n')
        nlines++;
    line_info *lines = calloc(nlines ? nlines : 1, sizeof *lines);
    size_t npara_blocks = 1; /* paragraphs <= 1 + blank lines; counted below */
    for (size_t i = 0, ls = 0; i <= n; i++) {
        if (i == n || s[i] == '\n') {
            bool blank = true;
            for (size_t k = ls; k < i && blank; k++)
                blank = s[k] == ' ' || s[k] == '\t' || s[k] == '\r';
            if (blank)
                npara_blocks++;
            ls = i + 1;
        }
    }
    if (npara_blocks > nlines)
        npara_blocks = nlines ? nlines : 1;
    para_info *paras = calloc(npara_blocks, sizeof *paras);
    if (!lines || !paras) {
        free(lines);
        free(paras);
        return bc_nomem(err);
    }
    size_t npara = 0, maxlen = 0;
    bool in_para = false, mixed = false, any_raw = false;
    scorer raw_sc = SCORER_INIT;
    for (size_t li = 0, off = 0; li < nlines; li++) {
        line_info *L = &lines[li];
        const char *nl = memchr(s + off, '\n', n - off);
        L->off = off;
        L->len = nl ? (size_t)(nl - (s + off)) : n - off;
        L->nl = nl != NULL;
        off += L->len + (nl ? 1 : 0);
        if (L->len > maxlen)
            maxlen = L->len;
        const unsigned char *p = (const unsigned char *)s + L->off;
        L->blank = true;
        for (size_t k = 0; k < L->len; k++)
            if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r')
                L->blank = false;
        L->raw = !bc_utf8_valid((const char *)p, L->len);
        L->para = SIZE_MAX;
        if (L->blank) {
            in_para = false;
            continue;
        }
        if (!in_para) {
            paras[npara].first = li;
            paras[npara].text_enc = BC_ENC_UNICODE;
            npara++;
            in_para = true;
        }
        para_info *P = &paras[npara - 1];
        P->end = li + 1;
        L->para = npara - 1;
        scorer sc = SCORER_INIT;
        bool nonascii = false, latin1 = false;
        scan(p, L->len, L->raw, L->raw ? &raw_sc : &sc, &nonascii, &latin1);
        if (L->raw) {
            any_raw = true;
            continue;
        }
        P->has_text = true;
        P->vi = P->vi || sc.unicode;
        P->nonascii = P->nonascii || nonascii;
        P->latin1 = P->latin1 || latin1;
        P->t += sc.t;
        P->v += sc.v;
    }
    bool any_conv = any_raw;
    for (size_t pi = 0; pi < npara; pi++) {
        para_info *P = &paras[pi];
        if (P->vi)
            mixed = true;
        if (!P->has_text || P->vi || !P->nonascii)
            continue;
        P->text_enc = forced ? forced_enc : verdict(P->t, P->v);
        if (P->text_enc != BC_ENC_UNICODE)
            any_conv = true;
    }
    c.raw_t = raw_sc.t;
    c.raw_v = raw_sc.v;
    c.raw_enc = forced ? (int)forced_enc : (int)verdict(c.raw_t, c.raw_v);
    if (c.raw_enc == BC_ENC_UNICODE)
        c.raw_enc = ENC_CP1252;

    if (!scratch_alloc(&c.sc, maxlen + 1)) {
        scratch_free(&c.sc);
        free(lines);
        free(paras);
        return bc_nomem(err);
    }

    /* Pass 2: output and notes. */
    bool raw_warned = false;
    size_t cur_para = SIZE_MAX;
    bool text_started = false, raw_started = false, text_closed = false;
    bool text_counted = false, raw_counted = false;
    for (size_t li = 0; li < nlines; li++) {
        const line_info *L = &lines[li];
        int lineno = li + 1 > INT_MAX ? INT_MAX : (int)(li + 1);
        if (L->para != cur_para) {
            cur_para = L->para;
            text_started = raw_started = text_closed = false;
            text_counted = raw_counted = false;
        }
        if (L->blank) {
            bc_buf_append(&c.out, s + L->off, L->len);
        } else if (L->raw) {
            if (!raw_started) {
                raw_started = true;
                region_enter(&c, true, c.raw_enc);
                if (!forced && !raw_warned && c.raw_t > 0 && c.raw_v > 0)
                    warn(&c.w, file, lineno, 0,
                         "các byte không phải UTF-8 trong tệp có dấu hiệu của cả TCVN3 (điểm "
                         "%ld) lẫn VNI (điểm %ld); đã chọn %s — nếu sai, hãy chỉ định mã",
                         c.raw_t, c.raw_v, bc_legacy_encoding_name((bc_encoding)c.raw_enc));
                raw_warned = true;
            }
            if (convert_line(&c, L, lineno, c.raw_enc, c.raw_t, c.raw_v) && !raw_counted) {
                raw_counted = true;
                if (c.raw_enc == BC_ENC_TCVN3)
                    c.stats.tcvn3++;
                else if (c.raw_enc == BC_ENC_VNI)
                    c.stats.vni++;
                else
                    c.stats.cp1252++;
            }
        } else {
            const para_info *P = &paras[L->para];
            if (P->text_enc == BC_ENC_UNICODE || !P->nonascii) {
                if (P->nonascii && !text_closed) {
                    text_closed = true;
                    region_close(&c);
                    int wl, wc;
                    char ch[5];
                    if (P->vi && forced) {
                        if (diags && find_char(&c, lines, P, true, &wl, &wc, ch))
                            bc_diags_add(diags, BC_NOTE, file, wl, wc,
                                         "đoạn này đã là Unicode (có chữ “%s”); giữ nguyên, "
                                         "không chuyển mã", ch);
                    } else if (!P->vi && P->latin1 && any_conv) {
                        if (find_char(&c, lines, P, false, &wl, &wc, ch))
                            warn(&c.w, file, wl, wc,
                                 "đoạn này có ký tự “%s” nhưng không đủ dấu hiệu TCVN3 hay VNI "
                                 "(điểm TCVN3 %ld, điểm VNI %ld); giữ nguyên — nếu đây là mã "
                                 "cũ, hãy chỉ định mã",
                                 ch, P->t, P->v);
                    }
                }
                bc_buf_append(&c.out, s + L->off, L->len);
            } else {
                if (!text_started) {
                    text_started = true;
                    region_enter(&c, false, P->text_enc);
                    if (!forced && P->t > 0 && P->v > 0)
                        warn(&c.w, file, lineno, 0,
                             "đoạn này có dấu hiệu của cả TCVN3 (điểm %ld) lẫn VNI (điểm %ld); "
                             "đã chọn %s — nếu sai, hãy chỉ định mã",
                             P->t, P->v, bc_legacy_encoding_name(P->text_enc));
                    if (!forced && mixed && (P->text_enc == BC_ENC_TCVN3 ? P->t : P->v) == 1)
                        warn(&c.w, file, lineno, 0,
                             "đoạn này chỉ có 1 dấu hiệu %s, trong khi tệp đã có chữ Unicode: "
                             "có thể đây là văn bản Unicode bị chuyển nhầm — hãy kiểm tra",
                             bc_legacy_encoding_name(P->text_enc));
                }
                if (convert_line(&c, L, lineno, P->text_enc, P->t, P->v) && !text_counted) {
                    text_counted = true;
                    if (P->text_enc == BC_ENC_TCVN3)
                        c.stats.tcvn3++;
                    else
                        c.stats.vni++;
                }
            }
        }
        if (L->nl)
            bc_buf_putc(&c.out, '\n');
    }
    region_close(&c);
    warn_rest(&c.w, diags, file);
    scratch_free(&c.sc);
    free(lines);
    free(paras);

    c.stats.warnings += c.w.total;
    st = finish_nfc(&c.out, out, out_len, err);
    if (st == BC_OK && stats)
        *stats = c.stats;
    return st;
}
