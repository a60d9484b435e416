/* nd30lint.h - the author's content checked against the form of Nghị định
 * 30/2020/NĐ-CP (what the layout cannot fix by itself because the author
 * wrote it). Findings (authordiag.h), all warnings; the render turns them
 * into errors under --chat-che:
 *   ND01  two or more appendices numbered other than with Roman numerals
 *         (report.yaml phu-luc-danh-so: a-rap);
 *   ND02  the narrative (or sau-noi-dung) cites "Phụ lục X" that the report
 *         does not have; the fix is {{ phu_luc.N }} (placeholder.h), which
 *         prints the appendix's own label;
 *   ND03  no position line (ky: tham-quyen) above the signer's name;
 *   ND04  a TM./KT./TL./TUQ./Q. line that does not fit the authority lines:
 *         abbreviation without its dot and space, TM. not first, an
 *         authority line with no position line under it, KT. not followed
 *         by the deputy's position (PHÓ ...), two of KT./TL./TUQ. together,
 *         a line not in capitals;
 *   ND05  a Nơi nhận line (not the last) that does not end with ";";
 *   ND06  a last Nơi nhận line that is not "- Lưu: VT, ..." ending with ".";
 *   ND07  a công văn whose trích yếu (printed after "V/v") is empty, or
 *         already starts with "V/v" (printed twice);
 *   ND08  a section number written by hand twice under the same parent
 *         ("5.", "5.").
 * Places: report.yaml fields are found by searching their text in the file
 * (from the key's line); narrative findings at the block's line, the column
 * of the text when it is found in the source. */
#ifndef BC_ND30LINT_H
#define BC_ND30LINT_H

#include "appendix.h"
#include "authordiag.h"
#include "error.h"
#include "model.h"
#include "report.h"

/* Checks r, its narrative doc (may be NULL) and appendices (may be NULL);
 * findings are appended to out, sorted by place. Errors: out-of-memory. */
bc_status bc_nd30_lint_report(const bc_report *r, const bc_doc *doc, const bc_appendices *appx,
                              bc_adiags *out, bc_error *err);

#endif
