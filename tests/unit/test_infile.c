/* infile.c / outfile.c: only regular files are read, sizes are limited,
 * confined reading never leaves its root (".." or a symlinked folder) and
 * never follows a symlink as the last component; outputs are all or
 * nothing and never replace what is not a regular file. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "testfiles.h"
#include "infile.h"
#include "outfile.h"
#include "outguard.h"

static char root[256], outside[256];

static char *path(const char *dir, const char *name)
{
    return bc_strdup_printf("%s/%s", dir, name);
}

int main(void)
{
    char tmpl[] = "/tmp/bc-infile-XXXXXX";
    char *base = mkdtemp(tmpl);
    CHECK(base != NULL);
    snprintf(root, sizeof root, "%s/goc", base);
    snprintf(outside, sizeof outside, "%s/ngoai", base);
    mkdir(root, 0777);
    mkdir(outside, 0777);
    char *ok = path(root, "ok.txt"), *secret = path(outside, "bi-mat.txt");
    put(ok, "xin chào\n");
    put(secret, "bí mật\n");

    /* plain reads */
    char *data = NULL;
    size_t len = 0;
    bc_error e = BC_ERROR_INIT;
    CHECK(bc_infile_read(ok, BC_IN_REPORT, &data, &len, &e) == BC_OK);
    CHECK(len == strlen("xin chào\n") && data && !strcmp(data, "xin chào\n"));
    free(data);

    /* FIFO: refused at once (no writer: would block without O_NONBLOCK) */
    char *fifo = path(root, "ong");
    CHECK(mkfifo(fifo, 0666) == 0);
    CHECK(bc_infile_read(fifo, BC_IN_DATA, &data, &len, &e) == BC_E_INPUT);
    CHECK(has(&e, "FIFO"));
    CHECK(e.file && !strcmp(e.file, fifo));
    bc_error_clear(&e);
    CHECK(bc_infile_read(root, BC_IN_DATA, &data, &len, &e) == BC_E_INPUT);
    CHECK(has(&e, "thư mục"));
    bc_error_clear(&e);
    CHECK(bc_infile_read("/dev/zero", BC_IN_DATA, &data, &len, &e) == BC_E_INPUT);
    CHECK(has(&e, "thiết bị"));
    bc_error_clear(&e);
    CHECK(bc_infile_read("/khong/co/tep", BC_IN_DATA, &data, &len, &e) == BC_E_INPUT);
    CHECK(has(&e, "không có tệp này") && !has(&e, "No such"));
    bc_error_clear(&e);

    /* size limit, named */
    char *big = path(root, "lon.yaml");
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    CHECK(fd >= 0 && ftruncate(fd, (1 << 20) + 1) == 0);
    close(fd);
    CHECK(bc_infile_read(big, BC_IN_REPORT, &data, &len, &e) == BC_E_INPUT);
    CHECK(has(&e, "1 MiB"));
    bc_error_clear(&e);
    CHECK(bc_infile_read(big, BC_IN_TEXT, &data, &len, &e) == BC_OK);
    free(data);
    CHECK(bc_infile_limit(BC_IN_TEXT) == 8u << 20 && bc_infile_limit(BC_IN_DATA) == 256u << 20);

    /* confined: inside is fine */
    CHECK(bc_infile_read_confined(root, ok, BC_IN_REPORT, &data, &len, &e) == BC_OK);
    free(data);
    /* ".." out of the root */
    char *dotdot = bc_strdup_printf("%s/../ngoai/bi-mat.txt", root);
    CHECK(bc_infile_read_confined(root, dotdot, BC_IN_REPORT, &data, &len, &e) == BC_E_INPUT);
    CHECK(has(&e, "ngoài thư mục"));
    bc_error_clear(&e);
    /* a symlink as the last component, pointing out */
    char *link = path(root, "lien-ket.txt");
    CHECK(symlink(secret, link) == 0);
    CHECK(bc_infile_read_confined(root, link, BC_IN_REPORT, &data, &len, &e) == BC_E_INPUT);
    CHECK(has(&e, "liên kết tượng trưng"));
    bc_error_clear(&e);
    /* but plain reading follows it (the user named it) */
    CHECK(bc_infile_read(link, BC_IN_REPORT, &data, &len, &e) == BC_OK);
    free(data);
    /* a symlinked folder on the way out */
    char *dirlink = path(root, "thu-muc");
    CHECK(symlink(outside, dirlink) == 0);
    char *via = path(dirlink, "bi-mat.txt");
    CHECK(bc_infile_read_confined(root, via, BC_IN_REPORT, &data, &len, &e) == BC_E_INPUT);
    CHECK(has(&e, "ngoài thư mục"));
    bc_error_clear(&e);
    char *res = NULL;
    CHECK(bc_infile_confine(root, ok, &res, &e) == BC_OK && res && strstr(res, "/goc/ok.txt"));
    free(res);

    /* same file */
    char *okdots = bc_strdup_printf("%s/../goc/./ok.txt", root);
    CHECK(bc_path_same(ok, okdots));
    CHECK(!bc_path_same(ok, secret));
    char *absent1 = path(root, "chua-co.pdf"), *absent2 = bc_strdup_printf("%s/../goc/chua-co.pdf", root);
    CHECK(bc_path_same(absent1, absent2));

    /* outguard */
    bc_inputs in = BC_INPUTS_INIT;
    bc_inputs_add(&in, ok, "noi-dung");
    CHECK(bc_inputs_check_output(&in, okdots, NULL, &e) == BC_E_USAGE);
    CHECK(has(&e, "noi-dung") && has(&e, "tệp vào"));
    bc_error_clear(&e);
    CHECK(bc_inputs_check_output(&in, absent1, NULL, &e) == BC_OK);
    bc_inputs_free(&in);

    /* outfile: all or nothing */
    char *target = path(root, "ra.pdf");
    put(target, "cũ");
    chmod(target, 0640);
    bc_outfile *f = NULL;
    CHECK(bc_outfile_open(target, NULL, &f, &e) == BC_OK);
    CHECK(bc_outfile_write(f, "mới", strlen("mới")));
    bc_outfile_abort(f);
    CHECK(bc_infile_read(target, BC_IN_DATA, &data, &len, &e) == BC_OK && !strcmp(data, "cũ"));
    free(data);
    CHECK(bc_outfile_write_all(target, "mới", strlen("mới"), NULL, &e) == BC_OK);
    CHECK(bc_infile_read(target, BC_IN_DATA, &data, &len, &e) == BC_OK && !strcmp(data, "mới"));
    free(data);
    struct stat sb;
    CHECK(stat(target, &sb) == 0 && (sb.st_mode & 0777) == 0640); /* mode kept */
    /* never replaces a FIFO, a folder, a symlink; a missing folder is named */
    CHECK(bc_outfile_write_all(fifo, "x", 1, NULL, &e) == BC_E_OUTPUT && has(&e, "FIFO"));
    bc_error_clear(&e);
    CHECK(bc_outfile_write_all(outside, "x", 1, NULL, &e) == BC_E_OUTPUT && has(&e, "thư mục"));
    bc_error_clear(&e);
    CHECK(bc_outfile_write_all(link, "x", 1, NULL, &e) == BC_E_OUTPUT && has(&e, "liên kết"));
    bc_error_clear(&e);
    CHECK(bc_infile_read(secret, BC_IN_DATA, &data, &len, &e) == BC_OK && !strcmp(data, "bí mật\n"));
    free(data);
    char *nowhere = bc_strdup_printf("%s/khong-co/x.pdf", root);
    CHECK(bc_outfile_write_all(nowhere, "x", 1, NULL, &e) == BC_E_OUTPUT && has(&e, "khong-co"));
    bc_error_clear(&e);

    free(ok); free(secret); free(fifo); free(big); free(dotdot); free(link); free(dirlink);
    free(via); free(okdots); free(absent1); free(absent2); free(target); free(nowhere);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    CHECK(system(cmd) == 0);
    return check_report();
}
