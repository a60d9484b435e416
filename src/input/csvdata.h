/* csvdata.h - CSV input (libcsv) with positions and Vietnamese errors.
 *
 * The reader is streaming: bytes go in by bc_csv_reader_feed() in any
 * pieces, records come out through a callback as soon as they are complete,
 * and memory holds only the current record and one unfinished line. On the
 * way in the text is made what text.h promises: the encoding is found
 * (below), a UTF-8 BOM is dropped,
 * CRLF and lone CR become LF (line numbers count them), invalid UTF-8 or a
 * NUL byte is an error naming file:line:column and the byte, and the text is
 * normalised to NFC. Fields are parsed by libcsv in strict mode (RFC 4180:
 * fields with a separator, quote or line break are quoted, a quote inside is
 * doubled); spaces around unquoted fields are trimmed.
 *
 * Encodings (glibc iconv, no tables of our own): a UTF-16 LE or BE file
 * with its BOM is read as such; a file that is valid UTF-8 is UTF-8; a file
 * whose first non-ASCII byte starts a stretch that is not UTF-8 is 8-bit:
 * Windows-1258 (what Excel on Vietnamese Windows saves as "CSV"; its tone
 * marks are combining bytes, made NFC afterwards) when its bytes read as
 * Vietnamese that way, Windows-1252 when they show no Vietnamese at all.
 * Bytes that look like TCVN3 or VNI, or cannot be told apart, stay an
 * invalid UTF-8 error that points at 'baocao chuyen-ma'. Which encoding was
 * used is a note in opts->notes ("đọc tệp CSV theo mã Windows-1258").
 *
 * Every field carries the 1-based line and column (in characters) of its
 * first character, so later checks can say "phu-luc-2.csv:45:4: ...".
 *
 * Errors (all BC_E_INPUT, message in Vietnamese, err->file/line/column set):
 *   - invalid UTF-8 / NUL byte (from bc_text_validate),
 *   - a quote inside an unquoted field, or text after a closing quote,
 *   - a quoted field never closed (reported where it opens),
 *   - a record with more or fewer fields than the first one (unless
 *     allow_ragged).
 * Ownership: the reader is freed with bc_csv_reader_free(); field texts
 * passed to the callback are only valid during the call.
 */
#ifndef BC_CSVDATA_H
#define BC_CSVDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strbuf.h"

typedef struct bc_csv_field {
    const char *text; /* NUL-terminated, NFC; valid during the callback only */
    size_t len;       /* bytes, without the NUL */
    int line, column; /* 1-based position of the field's first character */
    bool quoted;      /* written in double quotes */
    bool number;      /* a number cell of a workbook (xlsx.h): plain digits, '.'
                         as the decimal mark, never grouped; false for CSV */
} bc_csv_field;

typedef struct bc_csv_record {
    const bc_csv_field *fields;
    size_t count;
    size_t index;     /* 0 for the first record (the header row of a table) */
    int line;         /* line of its first field */
} bc_csv_record;

/* Called once per record, in order. Return BC_OK to go on; any other status
 * stops reading and is returned by feed/finish (fill err first). */
typedef bc_status (*bc_csv_record_fn)(void *ud, const bc_csv_record *rec, bc_error *err);

typedef struct bc_csv_options {
    /* Field separator. 0 = detect from the first line: ',' unless that line
     * has more ';' (spreadsheets in a Vietnamese locale) or tabs outside
     * quotes. */
    char delimiter;
    /* Accept records whose field count differs from the first record's. */
    bool allow_ragged;
    /* Where the note naming a detected encoding other than UTF-8 goes (may
     * be NULL: no note). Not owned. */
    bc_diags *notes;
} bc_csv_options;

typedef struct bc_csv_reader bc_csv_reader;

/* file names the input in messages (may be NULL). opts may be NULL (all
 * defaults). Returns NULL on out-of-memory. */
bc_csv_reader *bc_csv_reader_new(const char *file, const bc_csv_options *opts,
                                 bc_csv_record_fn fn, void *ud);
/* Feeds the next n bytes of the raw file. After an error the reader only
 * returns that error again. */
bc_status bc_csv_reader_feed(bc_csv_reader *r, const char *bytes, size_t n, bc_error *err);
/* Ends the input: delivers the last record and reports an unclosed quote. */
bc_status bc_csv_reader_finish(bc_csv_reader *r, bc_error *err);
/* The separator in use ('\0' before the first line was seen). */
char bc_csv_reader_delimiter(const bc_csv_reader *r);
/* The encoding the bytes are read in: "UTF-8" (also before any non-ASCII
 * byte was seen), "UTF-16 LE", "UTF-16 BE", "Windows-1258", "Windows-1252".
 * Static string. */
const char *bc_csv_reader_encoding(const bc_csv_reader *r);
void bc_csv_reader_free(bc_csv_reader *r);

/* Streams a file through a reader in 64 KiB reads. */
bc_status bc_csv_read_file(const char *path, const bc_csv_options *opts,
                           bc_csv_record_fn fn, void *ud, bc_error *err);
/* Same for bytes already in memory; file is for messages. */
bc_status bc_csv_read_buffer(const char *data, size_t n, const char *file,
                             const bc_csv_options *opts, bc_csv_record_fn fn, void *ud,
                             bc_error *err);

/* Whole file in memory, for small inputs and tests. records[i].fields[j]
 * point into storage owned by the document. */
typedef struct bc_csv_doc {
    bc_csv_record *records;
    size_t nrecords;
    struct bc_csv_doc_store *store; /* private */
} bc_csv_doc;

/* *out is set on success; free with bc_csv_doc_free(). */
bc_status bc_csv_load(const char *path, const bc_csv_options *opts, bc_csv_doc **out,
                      bc_error *err);
bc_status bc_csv_load_buffer(const char *data, size_t n, const char *file,
                             const bc_csv_options *opts, bc_csv_doc **out, bc_error *err);
void bc_csv_doc_free(bc_csv_doc *doc);

/* Appends s to b as one CSV field that this reader gives back unchanged
 * whatever delimiter it detects: in double quotes (inner ones doubled) when
 * s holds ',', ';', a tab, '"', a line break, or starts or ends with a space
 * (unquoted fields lose those); as it is otherwise. No separator is added. */
void bc_csv_put_field(bc_buf *b, const char *s);

#endif
