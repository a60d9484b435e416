/* layoutfix.h - shared set-up for the layout unit tests (test_pager,
 * test_nd30, test_tablelayout, test_draftpages, test_golden ...): the
 * shipped layout and fonts, a page sink that keeps the pages, helpers that
 * find display items, and golden-file comparison with a readable diff.
 * Header-only (each test is one executable). Everything is read from the
 * source tree (BAOCAO_SOURCE_DIR, set by ctest), never from outside it. */
#ifndef BC_TEST_LAYOUTFIX_H
#define BC_TEST_LAYOUTFIX_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "display.h"
#include "error.h"
#include "fonts.h"
#include "layout.h"
#include "layoutcfg.h"
#include "markdown.h"
#include "report.h"
#include "strbuf.h"
#include "text.h"

#define CHECK_NEAR(got, want, tol)                                                  \
    do {                                                                            \
        double g_ = (got), w_ = (want);                                             \
        if (fabs(g_ - w_) <= (tol)) {                                               \
            check_passed++;                                                         \
        } else {                                                                    \
            check_failed++;                                                         \
            fprintf(stderr, "%s:%d: %s = %.3f, want %.3f (+-%.3f)\n", __FILE__, __LINE__, \
                    #got, g_, w_, (double)(tol));                                   \
        }                                                                           \
    } while (0)

static inline const char *fx_src(void)
{
    const char *s = getenv("BAOCAO_SOURCE_DIR");
    return s ? s : "..";
}

/* The shipped layout (layouts/<name>.yaml) and fonts (fonts/, no system
 * fonts: output is the same everywhere). */
typedef struct fx {
    bc_layout_cfg *cfg;
    bc_fonts *fonts;
} fx;

static inline bool fx_open(fx *f, const char *layout)
{
    char dir[4096];
    bc_error err = BC_ERROR_INIT;
    memset(f, 0, sizeof *f);
    snprintf(dir, sizeof dir, "%s/layouts", fx_src());
    if (bc_layout_cfg_load(dir, layout, &f->cfg, &err) == BC_OK) {
        snprintf(dir, sizeof dir, "%s/fonts", fx_src());
        bc_fonts_new(dir, (const char *const *)f->cfg->fonts, false, false, &f->fonts, &err);
    }
    if (!f->cfg || !f->fonts) {
        fprintf(stderr, "set-up failed: %s\n", err.message ? err.message : "?");
        bc_error_clear(&err);
        return false;
    }
    return true;
}

static inline void fx_close(fx *f)
{
    bc_fonts_free(f->fonts);
    bc_layout_cfg_free(f->cfg);
}

/* A page sink that keeps every page it receives. */
typedef struct fx_pages {
    bc_page **v;
    size_t n;
} fx_pages;

static inline bc_status fx_keep_page(void *ctx, bc_page *page, bc_error *err)
{
    fx_pages *ps = ctx;
    bc_page **v = realloc(ps->v, (ps->n + 1) * sizeof *v);
    if (!v) {
        bc_page_free(page);
        return bc_nomem(err);
    }
    ps->v = v;
    ps->v[ps->n++] = page;
    return BC_OK;
}

static inline bc_page_sink fx_sink(fx_pages *ps) { return (bc_page_sink){fx_keep_page, ps}; }

static inline void fx_pages_free(fx_pages *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        bc_page_free(ps->v[i]);
    free(ps->v);
    ps->v = NULL;
    ps->n = 0;
}

/* The k-th glyph run (0-based) on page p whose text contains needle, or NULL. */
static inline const bc_ditem *fx_find_nth(const bc_page *p, const char *needle, int k)
{
    for (size_t i = 0; p && i < p->count; i++) {
        const bc_ditem *it = &p->items[i];
        if (it->kind == BC_DI_GLYPHS && it->text && strstr(it->text, needle) && k-- == 0)
            return it;
    }
    return NULL;
}

static inline const bc_ditem *fx_find(const bc_page *p, const char *needle)
{
    return fx_find_nth(p, needle, 0);
}

/* Glyph runs on page p whose text contains needle. */
static inline int fx_count(const bc_page *p, const char *needle)
{
    int n = 0;
    while (fx_find_nth(p, needle, n))
        n++;
    return n;
}

/* Advance width of a glyph run, pt. */
static inline double fx_width(const bc_ditem *it)
{
    return pango_glyph_string_get_width(it->glyphs->glyphs) / (double)PANGO_SCALE;
}

/* The first horizontal rule on p whose y lies in [y0, y1], or NULL. */
static inline const bc_ditem *fx_rule_between(const bc_page *p, double y0, double y1)
{
    for (size_t i = 0; p && i < p->count; i++) {
        const bc_ditem *it = &p->items[i];
        if (it->kind == BC_DI_RULE && fabs(it->y - it->y2) < 0.01 && it->y >= y0 && it->y <= y1)
            return it;
    }
    return NULL;
}

/* Lays out a report given as text (report.yaml and its narrative; the
 * narrative's path is only a name) with f's layout and fonts into ps.
 * Layout warnings go to diags (may be NULL). */
static inline bc_status fx_layout_text(const fx *f, const char *yaml, const char *md,
                                       fx_pages *ps, bc_diags *diags, bc_error *err)
{
    bc_report *rep = NULL;
    bc_doc *doc = NULL;
    bc_diags own = BC_DIAGS_INIT;
    if (!diags)
        diags = &own;
    bc_status st = bc_report_parse(yaml, strlen(yaml), "mem/report.yaml", &rep, err);
    if (!st)
        st = bc_markdown_parse(md, strlen(md), "mem/noi-dung.md", &doc, diags, err);
    if (!st) {
        bc_layout_input in = {.report = rep, .doc = doc, .cfg = f->cfg, .fonts = f->fonts};
        st = bc_layout_report(&in, fx_sink(ps), diags, NULL, err);
    }
    bc_doc_free(doc);
    bc_report_free(rep);
    bc_diags_free(&own);
    return st;
}

/* A minimal báo cáo (one signer, one recipient) around a narrative. */
#define FX_REPORT_YAML                                                                  \
    "loai: bao-cao\n"                                                                   \
    "co-quan: [SỞ NỘI VỤ]\n"                                                            \
    "so: 7\n"                                                                           \
    "ky-hieu: BC-SNV\n"                                                                 \
    "dia-danh: Khánh Hòa\n"                                                             \
    "ngay: 2024-02-05\n"                                                                \
    "trich-yeu: Kết quả cải cách hành chính quý I năm 2024\n"                           \
    "noi-dung: noi-dung.md\n"                                                           \
    "noi-nhan: [\"Lưu: VT.\"]\n"                                                        \
    "ky: {tham-quyen: [GIÁM ĐỐC], ho-ten: Trần Văn Bình}\n"

/* Serialises pages with bc_page_dump and compares them with
 * tests/data/golden/<name>. BAOCAO_UPDATE_GOLDEN=1 rewrites the file
 * (review `git diff` before committing). On a difference prints every
 * differing line (up to 40) as "-want / +got" with its line number. */
static inline void fx_golden(const char *name, const fx_pages *ps)
{
    bc_buf got = BC_BUF_INIT;
    for (size_t i = 0; i < ps->n; i++)
        bc_page_dump(ps->v[i], &got);
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/golden/%s", fx_src(), name);
    if (getenv("BAOCAO_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        CHECK(f && fwrite(got.data, 1, got.len, f) == got.len);
        if (f)
            fclose(f);
        fprintf(stderr, "%s rewritten (BAOCAO_UPDATE_GOLDEN)\n", path);
    }
    char *want = NULL;
    size_t wlen = 0;
    bc_error err = BC_ERROR_INIT;
    if (bc_file_read(path, &want, &wlen, &err) != BC_OK) {
        fprintf(stderr, "%s: %s (BAOCAO_UPDATE_GOLDEN=1 writes it)\n", path,
                err.message ? err.message : "?");
        bc_error_clear(&err);
        CHECK(!"golden file readable");
        bc_buf_free(&got);
        return;
    }
    bool same = got.data && got.len == wlen && memcmp(got.data, want, wlen) == 0;
    if (!same) {
        fprintf(stderr, "layout differs from %s (-want +got); if the change is intended, "
                        "rerun with BAOCAO_UPDATE_GOLDEN=1 and review the diff:\n", path);
        const char *a = want, *b = got.data ? got.data : "";
        int line = 1, shown = 0;
        while ((*a || *b) && shown < 40) {
            const char *ae = strchr(a, '\n'), *be = strchr(b, '\n');
            size_t al = ae ? (size_t)(ae - a) : strlen(a), bl = be ? (size_t)(be - b) : strlen(b);
            if (al != bl || memcmp(a, b, al) != 0) {
                if (*a)
                    fprintf(stderr, "%5d -%.*s\n", line, (int)al, a);
                if (*b)
                    fprintf(stderr, "%5d +%.*s\n", line, (int)bl, b);
                shown++;
            }
            a += al + (ae ? 1 : 0);
            b += bl + (be ? 1 : 0);
            line++;
        }
        if (shown == 40)
            fprintf(stderr, "      ... (more differences)\n");
    }
    CHECK(same);
    free(want);
    bc_buf_free(&got);
}

#endif
