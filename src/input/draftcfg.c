/* draftcfg.c - a draft's own inputs: du-thao.yaml, the previous draft,
 * the review notes (draftcfg.h). */
#include "draftcfg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appendix.h"
#include "infile.h"
#include "placeholder.h"
#include "strbuf.h"
#include "yamltree.h"

/* ---- du-thao.yaml -------------------------------------------------------------- */

static char *resolve(const char *dir, const char *p)
{
    if (!p)
        return NULL;
    if (p[0] == '/')
        return bc_strdup(p);
    return bc_strdup_printf("%s/%s", dir && *dir ? dir : ".", p);
}

void bc_draft_config_free(bc_draft_config *c)
{
    free(c->file);
    free(c->compare_with);
    free(c->notes_path);
    memset(c, 0, sizeof *c);
}

bc_status bc_draft_config_load(const char *report_dir, bc_draft_config *c, bc_error *err)
{
    memset(c, 0, sizeof *c);
    char *path = bc_strdup_printf("%s/du-thao.yaml", report_dir && *report_dir ? report_dir : ".");
    if (!path)
        return bc_nomem(err);
    /* beside the report: on the disk, or among the report's files given
     * in memory (never the current folder's) */
    if (bc_infile_kind_of(path) == BC_PATH_NONE) {
        free(path);
        return BC_OK;
    }
    bc_ydoc *y = NULL;
    bc_status st = bc_ydoc_load(path, &y, err);
    if (st) {
        free(path);
        return st;
    }
    c->file = path;
    const bc_ynode *root = y->root;
    static const char *const keys[] = {"lan", "so-voi", "gop-y", "hinh-chim", NULL};
    if (root && root->kind != BC_Y_MAP)
        st = bc_error_set(err, BC_E_INPUT, path, root->line, root->column,
                          "du-thao.yaml phải là một bảng khóa: giá trị (lan, so-voi, gop-y, "
                          "hinh-chim)");
    if (!st && root)
        st = bc_ymap_check_keys(y, root, keys, err);
    double round = 0;
    char *so_voi = NULL, *gop_y = NULL;
    if (!st && root)
        st = bc_ymap_number(y, root, "lan", false, &round, err);
    if (!st && root && (round < 0 || round > 99 || round != floor(round))) {
        const bc_ynode *n = bc_ymap_get(root, "lan");
        st = bc_error_set(err, BC_E_INPUT, path, n->line, n->column,
                          "'lan' phải là số nguyên từ 1 đến 99 (dự thảo lần mấy)");
    }
    if (!st && root)
        st = bc_ymap_string(y, root, "so-voi", false, &so_voi, err);
    if (!st && root)
        st = bc_ymap_string(y, root, "gop-y", false, &gop_y, err);
    if (!st && root && bc_ymap_get(root, "hinh-chim")) {
        st = bc_ymap_bool(y, root, "hinh-chim", false, &c->watermark, err);
        c->watermark_given = true;
    }
    if (!st) {
        c->round = (int)round;
        c->compare_with = resolve(report_dir, so_voi);
        c->notes_path = resolve(report_dir, gop_y);
        if ((so_voi && !c->compare_with) || (gop_y && !c->notes_path))
            st = bc_nomem(err);
    }
    free(so_voi);
    free(gop_y);
    bc_ydoc_free(y);
    if (st)
        bc_draft_config_free(c);
    return st;
}

static bool is_dir(const char *p)
{
    return bc_infile_kind_of(p) == BC_PATH_DIR;
}

static bool is_file(const char *p)
{
    return bc_infile_kind_of(p) == BC_PATH_FILE;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* A printed PDF named where a report is wanted. */
static bool looks_like_pdf(const char *path)
{
    int fd;
    bc_error ignore = BC_ERROR_INIT;
    if (bc_infile_open(path, BC_IN_DATA, &fd, &ignore)) {
        bc_error_clear(&ignore);
        return false;
    }
    char head[5] = {0};
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    return n == 5 && !memcmp(head, "%PDF-", 5);
}

char *bc_draft_previous_path(const char *given)
{
    return is_dir(given) ? bc_strdup_printf("%s/report.yaml", given) : bc_strdup(given);
}

/* The previous draft: report + narrative, as it printed. */
static bc_status load_previous(bc_draft_inputs *in, const char *given, bc_error *err)
{
    char *path = bc_draft_previous_path(given);
    if (!path)
        return bc_nomem(err);
    bc_report *prev = NULL;
    bc_doc *pdoc = NULL;
    bc_status st = BC_OK;
    const char *slash = strrchr(path, '/'), *dot = strrchr(slash ? slash : path, '.');
    if (!is_file(path))
        st = bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                          "không tìm thấy bản dự thảo trước '%s' (cần thư mục có report.yaml "
                          "hoặc tệp .yaml của báo cáo)",
                          given);
    if (!st && looks_like_pdf(path))
        st = bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                          "--so-voi '%s' là một tệp PDF; hãy chỉ thư mục của bản dự thảo trước "
                          "(có report.yaml) hoặc tệp .yaml của nó, không phải bản in",
                          given);
    else if (!st && (!dot || (strcasecmp(dot, ".yaml") && strcasecmp(dot, ".yml"))))
        st = bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                          "'%s' không phải thư mục báo cáo hay tệp .yaml: --so-voi cần thư mục "
                          "báo cáo của bản trước (có report.yaml) hoặc tệp .yaml của báo cáo đó",
                          given);
    if (!st)
        st = bc_report_load(path, &prev, err);
    if (!st) {
        bc_diags scratch = BC_DIAGS_INIT; /* about the old draft: not this render's business */
        /* its placeholders expanded with its own data, as it was printed */
        bc_check_options chk = {.no_summary = true};
        struct bc_appendices *pa = NULL;
        st = bc_appendices_load(prev, &chk, &pa, &scratch, err);
        if (!st)
            st = bc_narrative_load(prev, pa->tables, pa->count, NULL, &pdoc, &scratch, err);
        bc_appendices_free(pa);
        bc_diags_free(&scratch);
    }
    if (!st) {
        /* "bao-cao-quy-1-2018 (Số: 45/BC-UBND)" */
        char *dir = bc_strdup(prev->dir ? prev->dir : ".");
        size_t n = dir ? strlen(dir) : 0;
        while (n > 1 && dir[n - 1] == '/')
            dir[--n] = '\0';
        in->previous_label = bc_strdup_printf("bản \"%s\"", dir ? base_name(dir) : given);
        free(dir);
        if (!in->previous_label)
            st = bc_nomem(err);
    }
    if (st) {
        bc_doc_free(pdoc);
        bc_report_free(prev);
    } else {
        in->previous = prev;
        in->previous_doc = pdoc;
    }
    free(path);
    return st;
}

/* path must lie inside root (infile.h); the error names the field and,
 * when given, the file that named it. */
static bc_status check_confined(const char *root, const char *path, const char *named_in,
                                const char *field, bc_error *err)
{
    char *res = NULL;
    bc_status st = bc_infile_confine(root, path, &res, err);
    free(res);
    if (st && err && err->message) {
        char *m = bc_strdup_printf("%s (%s%s%s)", err->message, field,
                                   named_in ? " trong " : "", named_in ? named_in : "");
        if (m) {
            free(err->message);
            err->message = m;
        }
    }
    return st;
}

void bc_draft_inputs_free(bc_draft_inputs *in)
{
    bc_draft_config_free(&in->cfg);
    bc_report_free(in->previous);
    bc_doc_free(in->previous_doc);
    free(in->previous_label);
    bc_review_notes_free(in->notes);
    memset(in, 0, sizeof *in);
}

bc_status bc_draft_inputs_locate(const bc_report *rep, const char *compare_with,
                                 const char *notes_path, const char *confine_root,
                                 bc_draft_inputs *in, bc_error *err)
{
    memset(in, 0, sizeof *in);
    bc_status st = bc_draft_config_load(rep->dir, &in->cfg, err);
    in->compare_with = compare_with ? compare_with : in->cfg.compare_with;
    in->notes_path = notes_path ? notes_path : in->cfg.notes_path;
    /* "Read only inside this folder" (infile.h): review notes named in
     * du-thao.yaml must be inside the report folder and not a link (they
     * are attached to the PDF that leaves the office); with a confinement
     * root (a web page), so-voi and gop-y must both be inside it. */
    if (!st && in->notes_path && !notes_path)
        st = check_confined(rep->dir, in->notes_path, in->cfg.file, "gop-y", err);
    if (!st && confine_root && in->notes_path)
        st = check_confined(confine_root, in->notes_path, NULL, "gop-y", err);
    if (!st && confine_root && in->compare_with) {
        char *prev = bc_draft_previous_path(in->compare_with);
        st = prev ? check_confined(confine_root, prev, NULL, "so-voi", err) : bc_nomem(err);
        free(prev);
    }
    return st;
}

bc_status bc_draft_inputs_read(bc_draft_inputs *in, bc_error *err)
{
    bc_status st = BC_OK;
    if (in->compare_with && !in->previous)
        st = load_previous(in, in->compare_with, err);
    if (!st && in->notes_path && !in->notes)
        st = bc_review_notes_load(in->notes_path, &in->notes, err);
    return st;
}
