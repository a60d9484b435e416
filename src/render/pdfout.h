/* pdfout.h - writes a PDF file front to back, as its objects come: objects
 * copied verbatim from another writer's file (their bytes as they were),
 * streams (compressed or not) and small objects, which are packed in
 * compressed object streams (PDF 1.5, up to 100 objects each), then one
 * cross-reference stream whose trailer /ID is the MD5 (GLib's GChecksum)
 * of every byte before it (the same objects give the same file).
 *
 * One zlib deflate stream serves every compressed stream of the file
 * (deflateReset between streams): zlib's set-up (its window and hash
 * tables, about 256 KiB) is made once per file, not once per stream.
 *
 * Bytes go to the output file in pieces as they are made; memory holds the
 * object stream being filled and one cross-reference entry (16 bytes) per
 * object. Errors are sticky: every call after a failure does nothing and
 * returns false, and bc_pdfout_finish reports the first (out of memory, or
 * the output file's own error). */
#ifndef BC_PDFOUT_H
#define BC_PDFOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "outfile.h"

typedef struct bc_pdfout bc_pdfout;

/* A writer into out (borrowed) whose new objects are numbered from
 * first_id on (the numbers below it are the copied file's); level is
 * zlib's compression level (0-9). NULL on out-of-memory. */
bc_pdfout *bc_pdfout_new(bc_outfile *out, int first_id, int level);
void bc_pdfout_free(bc_pdfout *o);

/* A new object number. */
int bc_pdfout_new_id(bc_pdfout *o);

/* Bytes outside any object (the header). */
bool bc_pdfout_bytes(bc_pdfout *o, const void *data, size_t len);
/* A whole object ("id 0 obj ... endobj\n") copied as it is. */
bool bc_pdfout_copy(bc_pdfout *o, int id, const void *data, size_t len);
/* The same, in three pieces (a copy with a part replaced). */
bool bc_pdfout_copy_parts(bc_pdfout *o, int id, const void *a, size_t alen, const void *b,
                          size_t blen, const void *c, size_t clen);
/* A non-stream object: its value (text), packed in an object stream. */
bool bc_pdfout_object(bc_pdfout *o, int id, const char *text, size_t len);
/* A stream object: keys is its dictionary's entries without /Length and
 * /Filter ("" for none); with compress the data is deflated (/Filter
 * /FlateDecode). */
bool bc_pdfout_stream(bc_pdfout *o, int id, const char *keys, const void *data, size_t len,
                      bool compress);
/* data[0..len) deflated into *out (replacing its contents) with the
 * writer's stream. */
bool bc_pdfout_deflate(bc_pdfout *o, const void *data, size_t len, void **out, size_t *outlen);

/* Writes the pending object stream and the cross-reference stream
 * (trailer: /Root root_id, /Info info_id when > 0, /ID). Numbers never
 * written are free entries. BC_OK, or the first error (BC_E_OUTPUT with
 * the output's reason, or out of memory). */
bc_status bc_pdfout_finish(bc_pdfout *o, int root_id, int info_id, bc_error *err);

/* v as qpdf prints a real with two decimals ("12.5", "0", no "-0") into
 * buf; returns buf. */
const char *bc_pdfout_real(char buf[32], double v);

#endif
