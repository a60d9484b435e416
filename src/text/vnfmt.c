/* vnfmt.c - Vietnamese dates, Roman numerals, điểm letters. */
#include "vnfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool bc_date_parse_iso(const char *s, bc_date *out)
{
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
        return false;
    int maxd = mdays[m - 1] + (m == 2 && leap(y));
    if (d > maxd)
        return false;
    out->year = y;
    out->month = m;
    out->day = d;
    return true;
}

char *bc_date_long(bc_date d)
{
    if (d.month <= 2)
        return bc_strdup_printf("ngày %02d tháng %02d năm %d", d.day, d.month, d.year);
    return bc_strdup_printf("ngày %02d tháng %d năm %d", d.day, d.month, d.year);
}

char *bc_date_short(bc_date d)
{
    if (d.month <= 2)
        return bc_strdup_printf("%02d/%02d/%d", d.day, d.month, d.year);
    return bc_strdup_printf("%02d/%d/%d", d.day, d.month, d.year);
}

void bc_roman(int n, char out[16])
{
    static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *sym[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    out[0] = '\0';
    if (n <= 0 || n > 3999)
        return;
    size_t len = 0;
    for (int i = 0; i < 13; i++)
        while (n >= val[i] && len + strlen(sym[i]) < 16) {
            strcpy(out + len, sym[i]);
            len += strlen(sym[i]);
            n -= val[i];
        }
}

void bc_vn_letter(int n, char out[16])
{
    static const char *letters[] = {"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
                                    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
    const int k = (int)(sizeof letters / sizeof letters[0]);
    out[0] = '\0';
    if (n <= 0)
        return;
    int idx = (n - 1) % k, rep = (n - 1) / k + 1;
    if (rep > 4)
        rep = 4;
    for (int i = 0; i < rep; i++)
        strcat(out, letters[idx]);
}
