/* period.h - the reporting period of a report (kỳ báo cáo).
 *
 * CCHC reports are made for a quarter, the first 6 or 9 months of a year, or
 * a whole year. report.yaml says which:
 *
 *   ky-bao-cao: {loai: quy, so: 1, nam: 2018}     # quý I năm 2018
 *   ky-bao-cao: {loai: 6-thang, nam: 2023}        # 6 tháng đầu năm 2023
 *   ky-bao-cao: {loai: 9-thang, nam: 2023}        # 9 tháng đầu năm 2023
 *   ky-bao-cao: {loai: nam, nam: 2023}            # năm 2023
 *
 * (loai also accepts 6_thang / 9_thang; so is the quarter, 1..4, and is only
 * given for loai: quy.)
 *
 * Texts (typography.md: quarters in Roman numerals):
 *   name        "quý I năm 2018" | "6 tháng đầu năm 2023" | "9 tháng đầu năm 2023" | "năm 2023"
 *   short name  "quý I/2018" for quarters; the same as the name otherwise
 *
 * The next period (what "baocao moi" starts): a quarter is followed by the
 * next quarter (quý IV 2023 -> quý I 2024), 6 tháng by 9 tháng, 9 tháng by
 * the year, a year by the next year. The same period of the previous year
 * ("cùng kỳ") is the one with year - 1.
 *
 * Pure functions, no allocation except where "caller frees" is said.
 */
#ifndef BC_PERIOD_H
#define BC_PERIOD_H

#include <stdbool.h>

#include "baocao.h"
#include "error.h"
#include "vnfmt.h"
#include "yamltree.h"

/* bc_period_kind and bc_period are public (baocao.h). */

/* "quy", "6-thang", "9-thang", "nam" (static). */
const char *bc_period_kind_key(bc_period_kind k);
/* Reads a kind key; '_' is accepted for '-'. */
bool bc_period_kind_parse(const char *s, bc_period_kind *out);
/* The period is well formed (kind, quarter and year in range). */
bool bc_period_valid(const bc_period *p);

/* "quý I năm 2018", "6 tháng đầu năm 2023", "năm 2023". Caller frees. */
char *bc_period_name(const bc_period *p);
/* "quý I/2018"; other kinds as bc_period_name. Caller frees. */
char *bc_period_short_name(const bc_period *p);
/* First and last day: quý II 2018 -> 01/04/2018 .. 30/06/2018. */
void bc_period_range(const bc_period *p, bc_date *first, bc_date *last);

/* The period after p (see above). */
bc_period bc_period_next(const bc_period *p);
/* The first period of kind k that ends after p ends (a report of another
 * kind next): 6 tháng 2023 -> quý III 2023; năm 2023 -> quý I 2024;
 * quý II 2023 -> 9 tháng 2023; quý I 2023 -> 6 tháng 2023. */
bc_period bc_period_next_as(const bc_period *p, bc_period_kind k);
/* The same period one year earlier (cùng kỳ năm trước). */
bc_period bc_period_same_last_year(const bc_period *p);

/* Reads a ky-bao-cao mapping node of doc (see above). Errors (BC_E_INPUT,
 * Vietnamese, at the offending node) say what to write. */
bc_status bc_period_from_yaml(const bc_ydoc *doc, const bc_ynode *node, bc_period *out,
                              bc_error *err);
/* The flow-mapping form "{loai: quy, so: 2, nam: 2018}". Caller frees. */
char *bc_period_to_yaml(const bc_period *p);

#endif
