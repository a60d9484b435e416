/* error.c - error values and diagnostics. */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

char *bc_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *bc_strdup_vprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *p = malloc((size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *bc_strdup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = bc_strdup_vprintf(fmt, ap);
    va_end(ap);
    return p;
}

bc_status bc_error_setv(bc_error *err, bc_status st, const char *file, int line,
                        int column, const char *fmt, va_list ap)
{
    if (!err)
        return st;
    bc_error_clear(err);
    err->status = st;
    err->file = bc_strdup(file);
    err->line = line;
    err->column = column;
    err->message = bc_strdup_vprintf(fmt, ap);
    return st;
}

bc_status bc_error_set(bc_error *err, bc_status st, const char *file, int line,
                       int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bc_error_setv(err, st, file, line, column, fmt, ap);
    va_end(ap);
    return st;
}

bc_status bc_error_copy(bc_error *dst, const bc_error *src)
{
    if (!dst || dst == src)
        return src->status;
    bc_error_clear(dst);
    *dst = (bc_error){.status = src->status, .file = bc_strdup(src->file), .line = src->line,
                      .column = src->column, .message = bc_strdup(src->message),
                      .code = src->code};
    return src->status;
}

bc_status bc_error_locate(bc_error *err, const char *file, int line, int column)
{
    if (!err)
        return BC_OK;
    free(err->file);
    err->file = bc_strdup(file);
    err->line = line;
    err->column = column;
    return err->status;
}

bc_status bc_error_code_set(bc_error *err, bc_error_code code)
{
    if (!err)
        return BC_OK;
    err->code = code;
    return err->status;
}

bc_status bc_nomem(bc_error *err)
{
    return bc_error_set(err, BC_E_NOMEM, NULL, 0, 0, "hết bộ nhớ");
}

void bc_error_clear(bc_error *err)
{
    if (!err)
        return;
    free(err->file);
    free(err->message);
    err->file = NULL;
    err->message = NULL;
    err->status = BC_OK;
    err->line = err->column = 0;
    err->code = BC_EC_NONE;
}

static char *format_located(const char *prefix, const char *file, int line,
                            int column, const char *message)
{
    const char *msg = message ? message : "";
    if (file && line > 0 && column > 0)
        return bc_strdup_printf("%s:%d:%d: %s%s", file, line, column, prefix, msg);
    if (file && line > 0)
        return bc_strdup_printf("%s:%d: %s%s", file, line, prefix, msg);
    if (file)
        return bc_strdup_printf("%s: %s%s", file, prefix, msg);
    return bc_strdup_printf("%s%s", prefix, msg);
}

char *bc_error_format(const bc_error *err)
{
    return format_located("lỗi: ", err->file, err->line, err->column, err->message);
}

const char *bc_status_name(bc_status st)
{
    switch (st) {
    case BC_OK: return "thành công";
    case BC_E_USAGE: return "sai cách dùng lệnh";
    case BC_E_INPUT: return "lỗi dữ liệu vào";
    case BC_E_DATA: return "số liệu không khớp";
    case BC_E_OUTPUT: return "không ghi được tệp ra";
    case BC_E_FONT: return "lỗi phông chữ";
    case BC_E_LAYOUT: return "không dàn trang được";
    case BC_E_NOMEM: return "hết bộ nhớ";
    case BC_E_INTERNAL: return "lỗi nội bộ";
    }
    return "lỗi";
}

void bc_diags_add(bc_diags *d, bc_severity sev, const char *file, int line,
                  int column, const char *fmt, ...)
{
    if (!d)
        return;
    if (!BC_GROW(&d->items, &d->cap, d->count + 1, 16))
        return;
    bc_diag *it = &d->items[d->count++];
    it->severity = sev;
    it->file = bc_strdup(file);
    it->line = line;
    it->column = column;
    va_list ap;
    va_start(ap, fmt);
    it->message = bc_strdup_vprintf(fmt, ap);
    va_end(ap);
}

size_t bc_diags_count(const bc_diags *d, bc_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; d && i < d->count; i++)
        if (d->items[i].severity == sev)
            n++;
    return n;
}

char *bc_diag_format(const bc_diag *item)
{
    return format_located(item->severity == BC_WARNING ? "cảnh báo: " : "ghi chú: ",
                          item->file, item->line, item->column, item->message);
}

void bc_diags_free(bc_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    d->items = NULL;
    d->count = d->cap = 0;
}

const char *bc_errno_vi(int e)
{
    switch (e) {
    case 0: return "không rõ lý do";
    case ENOENT: return "không có tệp này";
    case EACCES: return "không có quyền truy cập";
    case EPERM: return "không được phép";
    case EISDIR: return "đây là một thư mục, không phải tệp";
    case ENOTDIR: return "một phần của đường dẫn không phải thư mục";
    case ENOSPC: return "ổ đĩa đầy";
    case EDQUOT: return "đã hết hạn mức dung lượng trên ổ đĩa";
    case EROFS: return "ổ đĩa chỉ cho đọc";
    case EIO: return "lỗi vào/ra của ổ đĩa";
    case EFBIG: return "tệp quá lớn";
    case ENAMETOOLONG: return "tên tệp hoặc đường dẫn quá dài";
    case ELOOP: return "quá nhiều liên kết tượng trưng lồng nhau";
    case EEXIST: return "đã có tệp này";
    case ENOTEMPTY: return "thư mục không trống";
    case EBUSY: return "tệp hoặc thư mục đang được dùng";
    case EXDEV: return "không đổi tên được sang ổ đĩa khác";
    case EMFILE:
    case ENFILE: return "mở quá nhiều tệp cùng lúc";
    case ENOMEM: return "hết bộ nhớ";
    case EINVAL: return "giá trị không hợp lệ";
    case ETXTBSY: return "tệp đang được chạy";
    case ENXIO: return "thiết bị không có";
    case ENODEV: return "không có thiết bị này";
    case EAGAIN: return "tài nguyên tạm thời không dùng được";
    case EINTR: return "bị ngắt giữa chừng";
    case EPIPE: return "đầu nhận đã đóng";
    case ESTALE: return "tệp trên ổ mạng không còn hợp lệ";
    default: return "lỗi hệ thống không rõ";
    }
}
