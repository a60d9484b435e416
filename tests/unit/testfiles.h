/* testfiles.h - what several unit tests write, read and look for: a small
 * report (TEST_REPORT_HEAD, the test's own fields, TEST_REPORT_TAIL), a file
 * put on the disk, a file of the source tree, a word in an error's message. */
#ifndef BC_TEST_TESTFILES_H
#define BC_TEST_TESTFILES_H

#include <baocao.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A one-page báo cáo of a made-up district (số 7/BC-UBND of 05/04/2024),
 * its narrative in noi-dung.md; a test puts its own fields (so-lieu: ...)
 * between the head and the tail. */
#define TEST_REPORT_HEAD                                                         \
    "loai: bao-cao\n"                                                            \
    "co-quan: [ỦY BAN NHÂN DÂN, HUYỆN THỬ]\n"                                    \
    "so: 7\n"                                                                    \
    "ky-hieu: BC-UBND\n"                                                         \
    "dia-danh: Thử\n"                                                            \
    "ngay: 2024-04-05\n"                                                         \
    "ten-loai: BÁO CÁO\n"                                                        \
    "trich-yeu: Kết quả thử nghiệm quý I năm 2024\n"                             \
    "noi-dung: noi-dung.md\n"
#define TEST_REPORT_TAIL                                                         \
    "kiem-tra-chinh-ta: khong\n"                                                 \
    "noi-nhan: [\"Lưu: VT.\"]\n"                                                 \
    "ky:\n"                                                                      \
    "  tham-quyen: [CHỦ TỊCH]\n"                                                 \
    "  ho-ten: Trần Thị Bình\n"

/* Writes s as the file path (a test's own temp folder: a failure shows in
 * the checks that read it). */
static inline void put(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fputs(s, f);
    fclose(f);
}

/* The path of rel in the source tree (BAOCAO_SOURCE_DIR, else the current
 * folder), in one of four buffers (slot 0-3) that the next call with the
 * same slot overwrites. */
static inline const char *src_path(int slot, const char *rel)
{
    static char buf[4][4096];
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", src ? src : ".", rel);
    return buf[slot];
}

/* True when e has a message containing s. */
static inline int has(const bc_error *e, const char *s)
{
    return e->message && strstr(e->message, s);
}

#endif
