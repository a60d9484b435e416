/* spellcheck.h - Vietnamese spelling and damaged-text check of what the
 * author wrote (narrative, headings, trích yếu, Kính gửi / Nơi nhận lines,
 * appendix titles, headers and text cells), with Debian's hunspell-vi
 * syllable dictionary through libhunspell.
 *
 * Findings (authordiag.h), all warnings:
 *   CT01  a word not in the dictionary, with up to three suggestions;
 *   CT02  the document mixes the old and new tone placement (hòa / hoà,
 *         thủy / thuỷ, ủy / uỷ; vntone.h) - once, naming the minority's
 *         places and the majority form; each form alone is accepted;
 *   CT03  a paragraph that has lost its diacritics or is OCR-damaged (few
 *         marked syllables, many non-words, digits inside words) - one
 *         finding for the paragraph instead of word findings;
 *   CT04  an unknown unit right after a number ("106,5 Mz").
 * Not checked: URLs and e-mail addresses, document codes (4034/QĐ-UBND),
 * numbers and words with digits, all-caps abbreviations and Roman numerals
 * (all-caps words with Vietnamese marks are checked), capitalised words
 * inside a sentence (names), links and `code`, and the accepted words:
 * the shipped list (layouts/tu-dien.txt) and the report's own list
 * (report.yaml "tu-dien:", default tu-dien.txt beside report.yaml). A word
 * list has one word a line; '#' starts a comment.
 *
 * Cost: each distinct word is looked up once per run (a hash table); the
 * dictionary is loaded once per bc_speller, which a caller may keep for
 * several renders (one render at a time). */
#ifndef BC_SPELLCHECK_H
#define BC_SPELLCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "appendix.h"
#include "authordiag.h"
#include "error.h"
#include "model.h"
#include "report.h"

/* Where Debian's hunspell-vi puts vi_VN.aff and vi_VN.dic. */
#define BC_SPELL_DICT_DIR "/usr/share/hunspell"

typedef struct bc_speller bc_speller;

/* Loads dict_dir/vi_VN.{aff,dic} (dict_dir NULL = BC_SPELL_DICT_DIR) and
 * the accepted words of words_file (NULL or a missing file: none).
 * BC_E_INPUT when the dictionary is missing. *out: caller frees with
 * bc_speller_free. */
bc_status bc_speller_load(const char *dict_dir, const char *words_file, bc_speller **out,
                          bc_error *err);
void bc_speller_free(bc_speller *sp);

/* One document's check: caches, the local word list, tone counts. */
typedef struct bc_spell_run bc_spell_run;

/* NULL on out-of-memory. sp must outlive the run. Caller frees. */
bc_spell_run *bc_spell_run_new(bc_speller *sp);
void bc_spell_run_free(bc_spell_run *run);
/* Adds the words of a word-list file (text.h rules). */
bc_status bc_spell_run_add_words(bc_spell_run *run, const char *path, bc_error *err);

/* Where a text came from: file, and the line and column (1-based) where
 * the text starts. Findings are placed by searching the word in the file
 * from there up to end_line (0 = end of file); when it is not found,
 * (line, column + characters before the word), column 0 staying 0. */
typedef struct bc_spell_where {
    const char *file;
    int line, column;
    int end_line;
} bc_spell_where;

/* Checks text[0..len) (NFC UTF-8). paragraph: narrative prose, also
 * judged as a whole for damage (CT03). Findings are appended to out. */
void bc_spell_run_text(bc_spell_run *run, const char *text, size_t len,
                       const bc_spell_where *where, bool paragraph, bc_adiags *out);
/* Findings about the whole document (CT02). Call once, at the end. */
void bc_spell_run_finish(bc_spell_run *run, bc_adiags *out);

/* The whole report: r's printed fields, the narrative doc and the
 * appendix tables (appx may be NULL). Local words from r (see above).
 * Findings are sorted by place. Errors: a word list that cannot be read. */
bc_status bc_spell_check_report(bc_speller *sp, const bc_report *r, const bc_doc *doc,
                                const bc_appendices *appx, bc_adiags *out, bc_error *err);

#endif
