/* nextreport.h - starting the next period's report from the current one
 * ("baocao moi THU-MUC-CU THU-MUC-MOI").
 *
 * Officials build each quarter's report from the last one. bc_next_report()
 * makes the new folder:
 *   - report.yaml (the same file name) is copied line by line, except:
 *       ky-bao-cao  the next period (period.h: quý I -> quý II, quý IV 2023 ->
 *                   quý I 2024, 6 tháng -> 9 tháng -> năm -> năm sau), or
 *                   the first period of the kind asked for;
 *       so, ngay    "CHUA-DIEN" with a comment saying what to write; loading
 *                   the report is an error until both are filled (report.h);
 *       trich-yeu, sau-noi-dung   the period's texts ("quý I năm 2018",
 *                   "quý I/2018") are replaced by the new period's;
 *     comments and everything else are kept;
 *   - the indicator files of so-lieu: every value's figure becomes the
 *     previous period's and this period's is "CHUA-DIEN", to be entered
 *     again: "chung: 76,88%" and "chung: {nay: 76,88%, truoc: 73,37%}"
 *     both become "nay: CHUA-DIEN, truoc: 76,88%" (YAML is edited in place,
 *     so comments and order stay; CSV rows are rewritten key,CHUA-DIEN,nay);
 *   - the report's other own files are copied as they are: the narrative
 *     (noi-dung), the appendix specs (phu-luc) and their data (du-lieu), and
 *     du-thao.yaml when present; nothing else of the folder. A file outside
 *     the folder (absolute path or "..") is not copied, with a warning; a
 *     symlink is copied as a link, never followed;
 *   - BC_CARRY_FILE (carryover.h) records the old period, number and date
 *     and lists the appendix data files to confirm. Rendering refuses until
 *     every carried value and word is re-entered or confirmed.
 * The old folder is never changed. The new folder must not exist yet, or be
 * empty, and must not be inside the old one. It is built whole in a
 * temporary sibling folder (outfile.h: bc_outdir_begin) and renamed into
 * place at the end: it appears complete or not at all. Symlinks in the old
 * folder are copied as links, never their targets; a data file reached
 * through a link out of the folder is refused (infile.h, confined).
 */
#ifndef BC_NEXTREPORT_H
#define BC_NEXTREPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "baocao.h"
#include "error.h"
#include "outfile.h"
#include "period.h"

/* bc_next_opts, bc_next_result and bc_next_report() are public (baocao.h). */

/* The indicator-file rewrite alone, on bytes: *out is the new text (caller
 * frees), *rolled the number of values. name is used in messages. csv
 * selects the CSV form. */
bc_status bc_roll_values_text(const char *data, size_t len, const char *name, bool csv,
                              char **out, size_t *rolled, bc_error *err);

#endif
