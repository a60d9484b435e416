/* batchview.c - progress and summary of a batch render (batchview.h). */
#include "batchview.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void bc_batchview_init(bc_batchview *v, FILE *log)
{
    *v = (bc_batchview){.log = log, .bar = isatty(fileno(log)) == 1, .bar_width = 30};
}

/* Characters on screen of a UTF-8 string (NFC: one per code point, combining
 * marks U+0300..U+036F none). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        if (p[0] == 0xCC && p[1] >= 0x80) /* U+0300..U+033F */
            continue;
        if (p[0] == 0xCD && p[1] < 0xB0)  /* U+0340..U+036F */
            continue;
        w++;
    }
    return w;
}

/* s padded with spaces to w characters (left-aligned), or right-aligned. */
static void cell(FILE *f, const char *s, size_t w, bool right)
{
    size_t n = width(s);
    if (right)
        for (size_t i = n; i < w; i++)
            fputc(' ', f);
    fputs(s, f);
    if (!right)
        for (size_t i = n; i < w; i++)
            fputc(' ', f);
}

/* "0,12 s": seconds with a decimal comma. */
static void seconds_vi(char *buf, size_t size, double s)
{
    snprintf(buf, size, "%.2f s", s);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = ',';
}

static void draw_bar(bc_batchview *v, const bc_batch_item *item, size_t done, size_t total)
{
    int filled = total ? (int)(done * (size_t)v->bar_width / total) : v->bar_width;
    fputs("\r\033[K[", v->log);
    for (int i = 0; i < v->bar_width; i++)
        fputs(i < filled ? "█" : "░", v->log);
    fprintf(v->log, "] %zu/%zu", done, total);
    if (v->failed)
        fprintf(v->log, ", %zu lỗi", v->failed);
    /* the report's own name (its folder's), so the line stays short */
    const char *name = item->report, *end = name + strlen(name);
    while (end > name + 1 && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > name && start[-1] != '/')
        start--;
    fprintf(v->log, "  %.*s", (int)(end - start), start);
    if (done == total)
        fputs("\n", v->log);
    fflush(v->log);
}

void bc_batchview_progress(void *ctx, const bc_batch_item *item, size_t done, size_t total)
{
    bc_batchview *v = ctx;
    if (!item->written)
        v->failed++;
    if (v->bar)
        fputs("\r\033[K", v->log); /* the bar's line: the messages go above it */
    for (size_t i = 0; i < item->diags.count; i++) {
        char *msg = bc_diag_format(&item->diags.items[i]);
        fprintf(v->log, "%s\n", msg ? msg : "");
        free(msg);
    }
    if (!item->written) {
        char *msg = bc_error_format(&item->error);
        fprintf(v->log, "%s\n", msg ? msg : "lỗi");
        free(msg);
        fprintf(v->log, "[%zu/%zu] %s: không ghi tệp %s (%s)\n", done, total, item->report,
                item->output, bc_status_name(item->status));
    } else if (!v->bar || item->status == BC_E_DATA) {
        fprintf(v->log, "[%zu/%zu] %s: đã ghi %s (%d trang)%s\n", done, total, item->report,
                item->output, item->pages,
                item->status == BC_E_DATA ? "; số liệu phụ lục có chỗ không khớp (xem cảnh báo)"
                                          : "");
    }
    if (v->bar)
        draw_bar(v, item, done, total);
    else
        fflush(v->log);
}

void bc_batchview_summary(FILE *out, const bc_batch_item *items, size_t n, bc_status worst,
                          double seconds)
{
    static const char *const HEAD[] = {"STT", "Báo cáo", "Tệp PDF", "Mã thoát", "Cảnh báo",
                                       "Thời gian"};
    enum { COLS = 6 };
    size_t w[COLS];
    for (int c = 0; c < COLS; c++)
        w[c] = width(HEAD[c]);
    char ***rows = calloc(n ? n : 1, sizeof *rows);
    size_t written = 0, data = 0, warnings = 0;
    for (size_t i = 0; rows && i < n; i++) {
        const bc_batch_item *it = &items[i];
        char buf[64];
        rows[i] = calloc(COLS, sizeof *rows[i]);
        if (!rows[i])
            continue;
        size_t nw = bc_diags_count(&it->diags, BC_WARNING);
        warnings += nw;
        written += it->written;
        data += it->written && it->status == BC_E_DATA;
        snprintf(buf, sizeof buf, "%zu", i + 1);
        rows[i][0] = strdup(buf);
        rows[i][1] = strdup(it->report);
        if (it->written)
            rows[i][2] = strdup(it->output);
        else {
            size_t len = strlen(bc_status_name(it->status)) + 32;
            rows[i][2] = malloc(len);
            if (rows[i][2])
                snprintf(rows[i][2], len, "không ghi (%s)", bc_status_name(it->status));
        }
        snprintf(buf, sizeof buf, "%d", bc_cli_exit_code(it->status));
        rows[i][3] = strdup(buf);
        snprintf(buf, sizeof buf, "%zu", nw);
        rows[i][4] = strdup(buf);
        seconds_vi(buf, sizeof buf, it->seconds);
        rows[i][5] = strdup(buf);
        for (int c = 0; c < COLS; c++)
            if (rows[i][c] && width(rows[i][c]) > w[c])
                w[c] = width(rows[i][c]);
    }
    static const bool RIGHT[COLS] = {true, false, false, true, true, true};
    for (int c = 0; c < COLS; c++) {
        if (c)
            fputs("  ", out);
        cell(out, HEAD[c], c == COLS - 1 ? 0 : w[c], RIGHT[c] && c != COLS - 1);
    }
    fputc('\n', out);
    for (size_t i = 0; rows && i < n; i++) {
        for (int c = 0; c < COLS; c++) {
            if (c)
                fputs("  ", out);
            const char *s = rows[i] && rows[i][c] ? rows[i][c] : "?";
            cell(out, s, c == COLS - 1 && !RIGHT[c] ? 0 : w[c], RIGHT[c]);
        }
        fputc('\n', out);
    }
    char total[64];
    seconds_vi(total, sizeof total, seconds);
    fprintf(out, "Tổng cộng: %zu báo cáo, %zu đã ghi", n, written);
    if (data)
        fprintf(out, " (%zu có số liệu không khớp)", data);
    fprintf(out, ", %zu không ghi được; %zu cảnh báo; %s; mã thoát %d (%s)\n", n - written,
            warnings, total, bc_cli_exit_code(worst), bc_status_name(worst));
    for (size_t i = 0; rows && i < n; i++) {
        for (int c = 0; rows[i] && c < COLS; c++)
            free(rows[i][c]);
        free(rows[i]);
    }
    free(rows);
}
