/* carryover.h - what "baocao moi" carried over from the last period and the
 * clerk has not re-entered or confirmed yet.
 *
 * "baocao moi" (nextreport.h) leaves three kinds of marks in the new folder:
 *   - every indicator value's "nay" (this period) is "CHUA-DIEN"; the last
 *     period's figure is in "truoc" beside it. The clerk writes the new
 *     figure (or copies "truoc" when it did not change);
 *   - report.yaml's so: and ngay: are "CHUA-DIEN" (report.h);
 *   - a file BC_CARRY_FILE ("moi-can-xac-nhan.yaml") beside report.yaml:
 *         ky-truoc: {loai: quy, so: 1, nam: 2018}   # the old period
 *         so-truoc: 45/BC-UBND                      # the old number, date
 *         ngay-truoc: 2018-03-14
 *         chua-xac-nhan:                            # appendix data copied as is
 *           - phu-luc-1.csv
 *     The clerk deletes a chua-xac-nhan line once that file holds the new
 *     period's data, and deletes the whole file when every remaining
 *     mention of the old period is meant (e.g. "so với quý I năm 2018").
 *
 * bc_carry_check() finds every place still open, with file:line:column:
 * CHUA-DIEN values (always, sidecar or not), the chua-xac-nhan files, and
 * words of the old period (its name "quý I năm 2018" / "QUÝ I NĂM 2018",
 * "quý I/2018", "quý I", "6 tháng", "năm 2018" when the year changed, date
 * ranges "từ ngày .. đến ngày .." ending inside the old period, the old
 * number and date) in the narrative, report.yaml and the appendix specs.
 * Each word comes with its replacement: a {{ ky.* }} placeholder in the
 * narrative, the new period's text elsewhere (titles are not expanded).
 */
#ifndef BC_CARRYOVER_H
#define BC_CARRYOVER_H

#include "error.h"

#define BC_CARRY_FILE "moi-can-xac-nhan.yaml"

/* report_path: the report.yaml to render. BC_OK when nothing is open (or
 * the report cannot be read: the normal loader reports that). Otherwise
 * BC_E_INPUT, err at the first place, its message listing every place, one
 * per line ("file:line:column: what to do"). */
bc_status bc_carry_check(const char *report_path, bc_error *err);

#endif
