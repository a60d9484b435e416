/* outfile.c - temporary file + rename. */
#include "outfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

bc_status bc_outfile_begin(const char *target, char **tmp_path, bc_error *err)
{
    char *tmpl = bc_strdup_printf("%s.tmp-XXXXXX", target);
    if (!tmpl)
        return bc_error_set(err, BC_E_NOMEM, NULL, 0, 0, "hết bộ nhớ");
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        bc_error_set(err, BC_E_OUTPUT, target, 0, 0,
                     "không tạo được tệp tạm trong thư mục đích: %s", bc_errno_vi(errno));
        free(tmpl);
        return BC_E_OUTPUT;
    }
    /* mkstemp creates the file 0600; the finished PDF gets the usual mode
     * (0666 less the umask), as if opened with fopen. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd);
    *tmp_path = tmpl;
    return BC_OK;
}

bc_status bc_outfile_commit(const char *tmp_path, const char *target, bc_error *err)
{
    if (rename(tmp_path, target) != 0) {
        int e = errno;
        unlink(tmp_path);
        return bc_error_set(err, BC_E_OUTPUT, target, 0, 0, "không ghi được tệp: %s",
                            bc_errno_vi(e));
    }
    return BC_OK;
}

void bc_outfile_abort(const char *tmp_path)
{
    if (tmp_path)
        unlink(tmp_path);
}

int bc_mkdirs(const char *path)
{
    char *p = bc_strdup(path);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    int rc = 0;
    for (char *c = p + 1; rc == 0; c++) {
        if (*c == '/' || *c == '\0') {
            char saved = *c;
            *c = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                rc = -1;
            *c = saved;
            if (!saved)
                break;
        }
    }
    free(p);
    if (rc == 0) {
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            errno = ENOTDIR;
            rc = -1;
        }
    }
    return rc;
}
