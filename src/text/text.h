/* text.h - text input normalisation: UTF-8 validation, NFC, case.
 *
 * All text that enters the model passes through here: it is valid UTF-8,
 * has no NUL bytes, no BOM, LF line ends, and is NFC-normalised. */
#ifndef BC_TEXT_H
#define BC_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Checks that s[0..n) is valid UTF-8 without NUL bytes. On failure sets err
 * (BC_E_INPUT) with the 1-based line and column (in characters) of the bad
 * byte, naming the byte in hex. file is used for the message only. */
bc_status bc_text_validate(const char *s, size_t n, const char *file, bc_error *err);

/* Checks the start of a whole file for a UTF-16 byte-order mark and names
 * it (BC_E_INPUT at 1:1); bc_text_validate would only see a bad byte. */
bc_status bc_text_check_start(const char *s, size_t n, const char *file, bc_error *err);

/* True when s[0..n) is valid UTF-8 (any code points, NUL and controls
 * included): the encoding only, none of bc_text_validate's text rules. */
bool bc_utf8_valid(const char *s, size_t n);

/* Returns the NFC form of the valid UTF-8 string s[0..n). Caller frees.
 * NULL on out-of-memory. */
char *bc_text_nfc(const char *s, size_t n);

/* Unicode-aware upper case of a valid UTF-8 string ("ủy ban" -> "ỦY BAN"),
 * result NFC. Caller frees. */
char *bc_text_upper(const char *s);

/* Reads a whole text file (infile.h: a regular file, at most 8 MiB): strips a UTF-8 BOM, validates (see above),
 * turns CRLF and lone CR into LF (line numbers are kept), and normalises
 * to NFC. *out is NUL-terminated, caller frees; *len excludes the NUL. */
bc_status bc_text_load(const char *path, char **out, size_t *len, bc_error *err);

/* Reads a file's raw bytes (infile.h: a regular file, at most 256 MiB;
 * no text checks). *out is NUL-terminated; caller frees it. */
bc_status bc_file_read(const char *path, char **out, size_t *len, bc_error *err);


/* Length of the valid UTF-8 sequence at s (n bytes left), storing its code
 * point; 0 if the bytes are not valid UTF-8 (overlong, surrogate, cut). */
size_t bc_utf8_seq(const unsigned char *s, size_t n, int32_t *cp);

/* Decodes one UTF-8 character at s (valid UTF-8 assumed); returns its
 * length in bytes and stores the code point. */
int bc_utf8_decode(const char *s, int32_t *cp);
/* Encodes cp into out (4 bytes room); returns the length. */
int bc_utf8_encode(int32_t cp, char *out);
/* Number of characters in valid UTF-8 s[0..n). */
size_t bc_utf8_length(const char *s, size_t n);

#endif
