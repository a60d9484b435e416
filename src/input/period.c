/* period.c - reporting periods: texts, next period, report.yaml form. */
#include "period.h"

#include <stdlib.h>
#include <string.h>

static const char *const KIND_KEYS[] = {"quy", "6-thang", "9-thang", "nam"};
static const char *const PERIOD_KEYS[] = {"loai", "so", "nam", NULL};

const char *bc_period_kind_key(bc_period_kind k)
{
    if ((int)k < 0 || k > BC_PERIOD_YEAR)
        return "?";
    return KIND_KEYS[k];
}

bool bc_period_kind_parse(const char *s, bc_period_kind *out)
{
    if (!s)
        return false;
    char buf[16];
    size_t n = strlen(s);
    if (n >= sizeof buf)
        return false;
    for (size_t i = 0; i <= n; i++)
        buf[i] = s[i] == '_' ? '-' : s[i];
    for (int k = 0; k <= BC_PERIOD_YEAR; k++)
        if (!strcmp(buf, KIND_KEYS[k])) {
            *out = (bc_period_kind)k;
            return true;
        }
    return false;
}

bool bc_period_valid(const bc_period *p)
{
    if (!p || (int)p->kind < 0 || p->kind > BC_PERIOD_YEAR || p->year < 1900 || p->year > 2999)
        return false;
    if (p->kind == BC_PERIOD_QUARTER)
        return p->quarter >= 1 && p->quarter <= 4;
    return p->quarter == 0;
}

/* Last month of the period. */
static int end_month(const bc_period *p)
{
    switch (p->kind) {
    case BC_PERIOD_QUARTER:
        return 3 * p->quarter;
    case BC_PERIOD_6_MONTHS:
        return 6;
    case BC_PERIOD_9_MONTHS:
        return 9;
    default:
        return 12;
    }
}

char *bc_period_name(const bc_period *p)
{
    char roman[16];
    switch (p->kind) {
    case BC_PERIOD_QUARTER:
        bc_roman(p->quarter, roman);
        return bc_strdup_printf("quý %s năm %d", roman, p->year);
    case BC_PERIOD_6_MONTHS:
        return bc_strdup_printf("6 tháng đầu năm %d", p->year);
    case BC_PERIOD_9_MONTHS:
        return bc_strdup_printf("9 tháng đầu năm %d", p->year);
    default:
        return bc_strdup_printf("năm %d", p->year);
    }
}

char *bc_period_short_name(const bc_period *p)
{
    if (p->kind == BC_PERIOD_QUARTER) {
        char roman[16];
        bc_roman(p->quarter, roman);
        return bc_strdup_printf("quý %s/%d", roman, p->year);
    }
    return bc_period_name(p);
}

void bc_period_range(const bc_period *p, bc_date *first, bc_date *last)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int m1 = p->kind == BC_PERIOD_QUARTER ? 3 * p->quarter - 2 : 1;
    int m2 = end_month(p);
    if (first) {
        first->year = p->year;
        first->month = m1;
        first->day = 1;
    }
    if (last) {
        last->year = p->year;
        last->month = m2;
        last->day = mdays[m2 - 1]; /* never February */
    }
}

bc_period bc_period_next_as(const bc_period *p, bc_period_kind k)
{
    int m = end_month(p), y = p->year;
    bc_period n = {.kind = k, .quarter = 0, .year = y};
    switch (k) {
    case BC_PERIOD_QUARTER:
        if (m == 12) {
            n.quarter = 1;
            n.year = y + 1;
        } else {
            n.quarter = m / 3 + 1;
        }
        break;
    case BC_PERIOD_6_MONTHS:
        n.year = m < 6 ? y : y + 1;
        break;
    case BC_PERIOD_9_MONTHS:
        n.year = m < 9 ? y : y + 1;
        break;
    default:
        n.year = m < 12 ? y : y + 1;
        break;
    }
    return n;
}

bc_period bc_period_next(const bc_period *p)
{
    switch (p->kind) {
    case BC_PERIOD_QUARTER:
        return bc_period_next_as(p, BC_PERIOD_QUARTER);
    case BC_PERIOD_6_MONTHS:
        return bc_period_next_as(p, BC_PERIOD_9_MONTHS);
    default:
        return bc_period_next_as(p, BC_PERIOD_YEAR);
    }
}

bc_period bc_period_same_last_year(const bc_period *p)
{
    bc_period q = *p;
    q.year--;
    return q;
}

/* A whole number written in decimal digits only. */
static bool whole(const char *s, int *out)
{
    if (!s || !*s || strlen(s) > 6)
        return false;
    int v = 0;
    for (const char *c = s; *c; c++) {
        if (*c < '0' || *c > '9')
            return false;
        v = v * 10 + (*c - '0');
    }
    *out = v;
    return true;
}

bc_status bc_period_from_yaml(const bc_ydoc *doc, const bc_ynode *node, bc_period *out,
                              bc_error *err)
{
    const char *file = doc->file;
    if (!node || node->kind != BC_Y_MAP)
        return bc_error_set(err, BC_E_INPUT, file, node ? node->line : 1, node ? node->column : 1,
                            "kỳ báo cáo phải là một bảng khóa, ví dụ "
                            "ky-bao-cao: {loai: quy, so: 1, nam: 2018}");
    bc_status st = bc_ymap_check_keys(doc, node, PERIOD_KEYS, err);
    if (st)
        return st;
    char *kind = NULL, *num = NULL, *year = NULL;
    bc_period p = {0};
    if ((st = bc_ymap_string(doc, node, "loai", true, &kind, err)) ||
        (st = bc_ymap_string(doc, node, "nam", true, &year, err)) ||
        (st = bc_ymap_string(doc, node, "so", false, &num, err)))
        goto out;
    const bc_ynode *kn = bc_ymap_get(node, "loai"), *yn = bc_ymap_get(node, "nam"),
                   *qn = bc_ymap_get(node, "so");
    if (!bc_period_kind_parse(kind, &p.kind)) {
        st = bc_error_set(err, BC_E_INPUT, file, kn->line, kn->column,
                          "loại kỳ báo cáo '%s' không được biết; dùng quy, 6-thang, 9-thang "
                          "hoặc nam",
                          kind);
        goto out;
    }
    if (!whole(year, &p.year) || p.year < 1900 || p.year > 2999) {
        st = bc_error_set(err, BC_E_INPUT, file, yn->line, yn->column,
                          "năm của kỳ báo cáo phải là số có 4 chữ số (ví dụ 2018), không phải '%s'",
                          year);
        goto out;
    }
    if (p.kind == BC_PERIOD_QUARTER) {
        if (!num) {
            st = bc_error_set(err, BC_E_INPUT, file, node->line, node->column,
                              "kỳ báo cáo theo quý cần 'so' là quý 1, 2, 3 hoặc 4, ví dụ "
                              "ky-bao-cao: {loai: quy, so: 1, nam: %d}",
                              p.year);
            goto out;
        }
        if (!whole(num, &p.quarter) || p.quarter < 1 || p.quarter > 4) {
            st = bc_error_set(err, BC_E_INPUT, file, qn->line, qn->column,
                              "quý phải là 1, 2, 3 hoặc 4, không phải '%s'", num);
            goto out;
        }
    } else if (num) {
        st = bc_error_set(err, BC_E_INPUT, file, qn->line, qn->column,
                          "'so' (số quý) chỉ dùng với loai: quy; kỳ '%s' không cần 'so'", kind);
        goto out;
    }
    *out = p;
out:
    free(kind);
    free(num);
    free(year);
    return st;
}

char *bc_period_to_yaml(const bc_period *p)
{
    if (p->kind == BC_PERIOD_QUARTER)
        return bc_strdup_printf("{loai: quy, so: %d, nam: %d}", p->quarter, p->year);
    return bc_strdup_printf("{loai: %s, nam: %d}", bc_period_kind_key(p->kind), p->year);
}
