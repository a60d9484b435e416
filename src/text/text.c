/* text.c - UTF-8 validation, NFC normalisation, case mapping, file loading. */
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "infile.h"
#include "strbuf.h"

size_t bc_utf8_seq(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    int32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    int32_t v = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bc_status bc_text_check_start(const char *s, size_t n, const char *file, bc_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return bc_error_set(err, BC_E_INPUT, file, 1, 1,
                            "tệp được lưu ở mã UTF-16; hãy lưu lại ở mã UTF-8 (trong Notepad/Excel: "
                            "Lưu thành... > Mã hóa UTF-8)");
    return BC_OK;
}

bool bc_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    int32_t cp;
    for (size_t i = 0; i < n;) {
        size_t len = bc_utf8_seq(u + i, n - i, &cp);
        if (!len)
            return false;
        i += len;
    }
    return true;
}

bc_status bc_text_validate(const char *s, size_t n, const char *file, bc_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    int line = 1, col = 1;
    size_t i = 0;
    while (i < n) {
        if (u[i] == 0)
            return bc_error_set(err, BC_E_INPUT, file, line, col,
                                "tệp chứa byte NUL (0x00) - đây không phải tệp văn bản; "
                                "hãy lưu lại tệp dưới dạng văn bản UTF-8 (nếu là UTF-16, "
                                "hãy lưu lại ở UTF-8)");
        if (u[i] < 0x20 && u[i] != '\n' && u[i] != '\r' && u[i] != '\t')
            return bc_error_set(err, BC_E_INPUT, file, line, col,
                                "ký tự điều khiển U+%04X không in được; hãy xóa ký tự này", u[i]);
        int32_t cp;
        size_t len = bc_utf8_seq(u + i, n - i, &cp);
        if (len == 0)
            return bc_error_set(err, BC_E_INPUT, file, line, col,
                                "byte 0x%02X không hợp lệ trong UTF-8; hãy lưu tệp với mã "
                                "UTF-8 (nếu văn bản gõ bằng phông TCVN3/VNI, dùng lệnh "
                                "'baocao chuyen-ma' để chuyển sang Unicode)",
                                u[i]);
        /* LF, CRLF and a lone CR each end a line. */
        if (u[i] == '\n' || (u[i] == '\r' && (i + 1 >= n || u[i + 1] != '\n'))) {
            line++;
            col = 1;
        } else if (u[i] != '\r') {
            col++;
        }
        i += len;
    }
    return BC_OK;
}

/* True when s is certainly NFC already: every character is ASCII, or a
 * precomposed Latin/Vietnamese letter or symbol (U+00A0..U+024F,
 * U+1E00..U+1EFF), or general punctuation (U+2002..U+206F), or a currency
 * sign (U+20A0..U+20BF). None of these has a combining class, a canonical
 * singleton decomposition or a composition with a following character of
 * the same set, so normalisation leaves such text as it is. Anything else
 * (combining marks above all) goes through utf8proc. */
static bool nfc_stable(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        if ((*p & 0xE0) == 0xC0 && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
            cp = ((uint32_t)(*p & 0x1F) << 6) | (p[1] & 0x3F);
            p += 2;
        } else if ((*p & 0xF0) == 0xE0 && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
                   (p[2] & 0xC0) == 0x80) {
            cp = ((uint32_t)(*p & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            p += 3;
        } else {
            return false;
        }
        if (!((cp >= 0xA0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
              (cp >= 0x2002 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20BF)))
            return false;
    }
    return true;
}

char *bc_text_nfc(const char *s, size_t n)
{
    if (nfc_stable(s, n)) {
        char *copy = malloc(n + 1);
        if (copy) {
            memcpy(copy, s, n);
            copy[n] = '\0';
        }
        return copy;
    }
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0)
        return NULL;
    return (char *)out;
}

int bc_utf8_decode(const char *s, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
    if (n <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return (int)n;
}

int bc_utf8_encode(int32_t cp, char *out)
{
    return (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

size_t bc_utf8_length(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

char *bc_text_upper(const char *s)
{
    bc_buf b = BC_BUF_INIT;
    char enc[4];
    while (*s) {
        int32_t cp;
        s += bc_utf8_decode(s, &cp);
        int k = bc_utf8_encode(utf8proc_toupper(cp), enc);
        bc_buf_append(&b, enc, (size_t)k);
    }
    char *raw = bc_buf_detach(&b);
    if (!raw)
        return NULL;
    char *nfc = bc_text_nfc(raw, strlen(raw));
    free(raw);
    return nfc;
}

bc_status bc_file_read(const char *path, char **out, size_t *len, bc_error *err)
{
    return bc_infile_read(path, BC_IN_DATA, out, len, err);
}

bc_status bc_text_load(const char *path, char **out, size_t *len, bc_error *err)
{
    char *raw;
    size_t n;
    bc_status st = bc_infile_read(path, BC_IN_TEXT, &raw, &n, err);
    if (st)
        return st;
    const char *s = raw;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    st = bc_text_check_start(s, n, path, err);
    if (!st)
        st = bc_text_validate(s, n, path, err);
    if (st) {
        free(raw);
        return st;
    }
    /* CRLF / CR -> LF, in place (never grows). */
    char *w = raw;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            *w++ = '\n';
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
        } else {
            *w++ = s[i];
        }
    }
    size_t m = (size_t)(w - raw);
    char *nfc = bc_text_nfc(raw, m);
    free(raw);
    if (!nfc)
        return bc_nomem(err);
    *out = nfc;
    if (len)
        *len = strlen(nfc);
    return BC_OK;
}
