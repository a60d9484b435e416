/* json.c - JSON string escaping (json.h). */
#include "json.h"

void bc_json_strn(bc_buf *b, const char *s, size_t n)
{
    bc_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': bc_buf_puts(b, "\\\""); break;
        case '\\': bc_buf_puts(b, "\\\\"); break;
        case '\n': bc_buf_puts(b, "\\n"); break;
        case '\r': bc_buf_puts(b, "\\r"); break;
        case '\t': bc_buf_puts(b, "\\t"); break;
        case '<': bc_buf_puts(b, "\\u003c"); break; /* never "</script>" */
        default:
            if (c < 0x20)
                bc_buf_printf(b, "\\u%04x", c);
            else
                bc_buf_putc(b, (char)c);
        }
    }
    bc_buf_putc(b, '"');
}

void bc_json_str(bc_buf *b, const char *s)
{
    if (!s) {
        bc_buf_puts(b, "null");
        return;
    }
    size_t n = 0;
    while (s[n])
        n++;
    bc_json_strn(b, s, n);
}

void bc_json_key(bc_buf *b, const char *key, int first)
{
    if (!first)
        bc_buf_putc(b, ',');
    bc_json_str(b, key);
    bc_buf_putc(b, ':');
}
