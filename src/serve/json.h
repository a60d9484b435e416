/* json.h - writing JSON text (the page's API answers) into a bc_buf.
 * Only output: the server reads no JSON (forms come url-encoded, files as
 * raw bodies). Strings are UTF-8 in, escaped per RFC 8259 out. */
#ifndef BC_SERVE_JSON_H
#define BC_SERVE_JSON_H

#include <stddef.h>

#include "strbuf.h"

/* "s" with quotes and escapes; NULL is written as null. */
void bc_json_str(bc_buf *b, const char *s);
/* The same for s[0..n). */
void bc_json_strn(bc_buf *b, const char *s, size_t n);
/* "key": (with the comma before it unless first). */
void bc_json_key(bc_buf *b, const char *key, int first);

#endif
