/* legacy.h - legacy Vietnamese 8-bit text (TCVN3/ABC, VNI-Windows) -> Unicode.
 *
 * Implements shared/spec/legacy/README.md: detection steps 1-4, the TCVN3
 * decoder (VN3 letters, caps guess, H fonts) and the greedy VNI decoder with
 * its accepted odd forms.
 *
 * Input comes in two forms, and every function that takes text says which:
 *   - raw bytes: a file in TCVN3 or VNI that is not valid UTF-8;
 *   - text ("mojibake"): valid UTF-8 whose characters stand for the legacy
 *     bytes as Windows-1252 (or Latin-1) decoded them, as found in DOCX XML,
 *     CSV exports and copied text. Each character U+0000-U+00FF and each
 *     cp1252 punctuation character (U+2018 ...) is mapped back to its byte;
 *     other characters are real Unicode and pass through a legacy run.
 *
 * No global state; nothing is printed. Strings returned through char ** are
 * NUL-terminated UTF-8 in NFC, and the caller frees them with free().
 */
#ifndef BC_LEGACY_H
#define BC_LEGACY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum bc_encoding {
    BC_ENC_UNICODE = 0, /* leave alone: already Unicode, plain ASCII, or no evidence */
    BC_ENC_TCVN3,       /* TCVN 5712:1993 VN3 ("ABC", .VnTime fonts) */
    BC_ENC_VNI          /* VNI-Windows (VNI-Times fonts) */
} bc_encoding;

/* The evidence behind a detection (README "Detection"). */
typedef struct bc_legacy_score {
    bool unicode; /* step 1: has ă Ă đ Đ ĩ Ĩ ũ Ũ ơ Ơ ư Ư or U+1EA0-U+1EF9 */
    int tcvn3;    /* step 2: TCVN3 signal characters that touch a letter */
    int vni;      /* step 3: valid VNI pairs + word-initial ñ/Ñ - stray marks;
                     may be negative */
} bc_legacy_score;

/* Detection steps 1-4 on s[0..n) taken as a whole. If s is valid UTF-8 it is
 * read as text (mojibake), otherwise as raw bytes. Returns BC_ENC_UNICODE
 * when the text must be left alone. */
bc_encoding bc_legacy_detect(const char *s, size_t n);

/* Same, with the input form given (raw = bytes; false = UTF-8 text, which
 * must be valid) and the scores stored in *score if score is non-NULL. */
bc_encoding bc_legacy_detect_ex(const char *s, size_t n, bool raw, bc_legacy_score *score);

/* "TCVN3", "VNI" or "Unicode". Static string. */
const char *bc_legacy_encoding_name(bc_encoding enc);

/* How TCVN3 capitals are recovered (VN3 has no capitals with a tone). */
typedef enum bc_legacy_caps {
    BC_LEGACY_CAPS_GUESS = 0, /* font unknown (plain text, CSV): the README caps
                                 guess (CHÝNH -> CHÍNH, UBND X· -> UBND XÃ) */
    BC_LEGACY_CAPS_NORMAL,    /* run known to be in a normal .Vn font: no guess */
    BC_LEGACY_CAPS_HFONT      /* run in a .Vn...H font: upper-case the whole
                                 decoded run, ASCII letters included */
} bc_legacy_caps;
/* VNI ignores the caps setting: VNI has every capital. */

/* One run of known encoding and font (for DOCX/RTF importers: decode VNI
 * over the joined text of consecutive VNI runs; TCVN3 run by run). */
typedef struct bc_legacy_run {
    const char *data;     /* not owned */
    size_t len;
    bool raw;             /* true: legacy bytes; false: UTF-8 mojibake (valid UTF-8) */
    bc_encoding encoding; /* BC_ENC_TCVN3 or BC_ENC_VNI */
    bc_legacy_caps caps;
    const char *file;     /* for diagnostics; may be NULL */
    int line, column;     /* 1-based position of data[0]; 0 = unknown */
} bc_legacy_run;

/* Decodes one run, no detection. Unassigned bytes (TCVN3 AF B0-B4 BA BF
 * C0-C5 CD D9-DB E0 F0 FF, VNI 9F FF, bytes Windows-1252 leaves undefined)
 * and VNI marks without a base keep their Windows-1252 meaning and add a
 * warning to diags (may be NULL). The caller writes the note that says the
 * run was converted. On success *out (caller frees) holds NFC UTF-8 and
 * *out_len (may be NULL) its length. Fails with BC_E_INPUT on a NUL byte or
 * (raw == false) invalid UTF-8, with BC_E_USAGE on a bad encoding, and with
 * BC_E_NOMEM. */
bc_status bc_legacy_decode(const bc_legacy_run *run, char **out, size_t *out_len,
                           bc_diags *diags, bc_error *err);

typedef enum bc_legacy_mode {
    BC_LEGACY_AUTO = 0,    /* detect paragraph by paragraph */
    BC_LEGACY_FORCE_TCVN3, /* skip steps 2-4: every paragraph that is not */
    BC_LEGACY_FORCE_VNI    /* already Unicode (step 1) is decoded */
} bc_legacy_mode;

typedef struct bc_legacy_options {
    bc_legacy_mode mode;
    bc_legacy_caps caps; /* applies to TCVN3 paragraphs */
} bc_legacy_options;

#define BC_LEGACY_OPTIONS_INIT {BC_LEGACY_AUTO, BC_LEGACY_CAPS_GUESS}

typedef struct bc_legacy_stats { /* paragraphs count if something changed */
    size_t tcvn3;    /* paragraphs converted from TCVN3 */
    size_t vni;      /* paragraphs converted from VNI */
    size_t cp1252;   /* paragraphs of non-UTF-8 bytes matching neither,
                        read as Windows-1252 */
    size_t warnings; /* warnings raised (also those beyond the listing limit) */
} bc_legacy_stats;

/* Converts a whole buffer (a file's bytes) to UTF-8 NFC.
 *
 * Segmentation: the buffer is split into lines at LF (CR is kept) and into
 * paragraphs at blank lines (empty or only spaces, tabs, CR). A line that is
 * valid UTF-8 is text, any other line is raw bytes.
 *   - Text lines are detected per paragraph (README steps 1-4 over the text
 *     lines of the paragraph): a paragraph with any Unicode-only letter is
 *     left alone, otherwise it is decoded if TCVN3 or VNI wins.
 *   - Raw lines cannot be left alone: all raw lines of the buffer share one
 *     verdict from the counts over all of them ("for a raw byte file, use the
 *     same counts on the bytes"). If neither encoding scores, they are read as
 *     Windows-1252 with a warning.
 * opt (may be NULL = BC_LEGACY_OPTIONS_INIT) can force the encoding; step 1
 * still protects paragraphs that are already Unicode.
 *
 * Never silent: each run of consecutive converted paragraphs adds a note
 * (encoding, lines, evidence, a sample of the result) located at the first
 * changed character (line, column in characters; raw lines count bytes).
 * Warnings: unassigned bytes, VNI marks without a base, "ưư" (doubled soft
 * hyphen), paragraphs that score for both encodings, weak evidence (score 1)
 * in a buffer that also holds Unicode Vietnamese, Latin-1 characters (A1-FF,
 * where legacy letters lie) left alone in a buffer where other paragraphs
 * were converted; in forced mode, a note for each paragraph kept because it
 * is already Unicode. At most 50
 * warnings are listed, then one that counts the rest. Notes and warnings are
 * appended to diags (may be NULL); file (may be NULL) names the input in them.
 *
 * Soft hyphen U+00AD / byte AD is TCVN3 ư and is never stripped. Characters
 * above U+00FF that are not cp1252 punctuation pass through a legacy run.
 *
 * On success *out (caller frees) is NUL-terminated NFC UTF-8, *out_len (may
 * be NULL) its length, and *stats (may be NULL) is filled. Fails with
 * BC_E_INPUT on a NUL byte (err has its line and column), BC_E_USAGE on
 * options out of range, BC_E_NOMEM; on failure *out is NULL and diags may
 * hold part of the notes. */
bc_status bc_legacy_convert(const char *s, size_t n, const char *file,
                            const bc_legacy_options *opt, char **out, size_t *out_len,
                            bc_legacy_stats *stats, bc_diags *diags, bc_error *err);

/* ---- raw 8-bit files: which code page? ----
 * Excel on Vietnamese Windows saves "CSV" in Windows-1258, where a tone is
 * a combining mark byte (CC D2 DE EC F2) after its vowel; old documents are
 * TCVN3 or VNI. bc_legacy_guess_bytes() weighs the three on raw bytes (the
 * TCVN3/VNI counts of bc_legacy_detect_ex, and for Windows-1258 the tone
 * bytes that follow a vowel plus đ/Đ before a vowel) and names a winner
 * only when it clearly leads (at least twice the next score); bytes with
 * no Vietnamese evidence at all are BC_GUESS_NONE (Windows-1252 text such
 * as "Café" or only a stray byte). */
typedef enum bc_bytes_guess {
    BC_GUESS_NONE = 0, /* no Vietnamese evidence */
    BC_GUESS_TCVN3,
    BC_GUESS_VNI,
    BC_GUESS_CP1258,
    BC_GUESS_UNSURE    /* two or more candidates, none clearly ahead */
} bc_bytes_guess;

typedef struct bc_bytes_scores {
    int tcvn3, vni, cp1258;
} bc_bytes_scores;

/* Windows-1258 evidence alone (see above). */
int bc_legacy_cp1258_score(const char *s, size_t n);

/* scores may be NULL. */
bc_bytes_guess bc_legacy_guess_bytes(const char *s, size_t n, bc_bytes_scores *scores);

/* "TCVN3 (điểm 12), VNI (điểm 0), Windows-1258 (điểm 9)": the candidates
 * with their scores, for messages. Caller frees; NULL on out-of-memory. */
char *bc_legacy_describe_scores(const bc_bytes_scores *scores);

/* Converts the lines of s[0..n) that are not valid UTF-8 from a code page
 * that glibc iconv knows (codepage "CP1258", "CP1252"; name "Windows-1258"
 * for messages), keeps the valid UTF-8 lines, and makes the whole NFC (CP1258
 * writes tones as combining marks). Adds one note to diags (may be NULL)
 * naming the code page and the lines converted; *converted (may be NULL) is
 * the number of lines converted. Fails with BC_E_INPUT at the line and byte
 * that the code page does not have, BC_E_NOMEM. *out (caller frees) as for
 * bc_legacy_convert. */
bc_status bc_legacy_convert_codepage(const char *s, size_t n, const char *file,
                                     const char *codepage, const char *name, char **out,
                                     size_t *out_len, size_t *converted, bc_diags *diags,
                                     bc_error *err);

#endif
