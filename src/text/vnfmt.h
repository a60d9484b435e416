/* vnfmt.h - Vietnamese forms of dates, ordinals and heading numbers
 * (Nghị định 30/2020: day < 10 and months 1-2 take a leading zero). */
#ifndef BC_VNFMT_H
#define BC_VNFMT_H

#include <stdbool.h>

#include "error.h"

typedef struct bc_date {
    int year, month, day;
} bc_date;

/* Parses an ISO date "YYYY-MM-DD" and checks it exists. */
bool bc_date_parse_iso(const char *s, bc_date *out);
/* "ngày 05 tháng 02 năm 2024" / "ngày 14 tháng 3 năm 2018". Caller frees. */
char *bc_date_long(bc_date d);
/* "05/02/2024", "06/3/2018". Caller frees. */
char *bc_date_short(bc_date d);

/* Roman numeral 1..3999 ("IV"); writes into out (16 bytes room). */
void bc_roman(int n, char out[16]);
/* The n-th (1-based) letter of the Vietnamese sequence for điểm:
 * a b c d đ e g h i k l m n o p q r s t u v x y, then aa, bb ... ;
 * writes UTF-8 into out (16 bytes room). */
void bc_vn_letter(int n, char out[16]);

#endif
