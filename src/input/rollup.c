/* rollup.c - the province table from the agencies' submissions (rollup.h). */
#include "rollup.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "csvdata.h"
#include "decnum.h"
#include "grow.h"
#include "infile.h"
#include "strbuf.h"
#include "table.h"
#include "tablecheck.h"
#include "tablespec.h"
#include "vnnum.h"
#include "xlsx.h"
#include "yamltree.h"

/* ---- the agency form ---------------------------------------------------- */

#define NFIG 8

/* The form's rows in order; they are also the output's figure columns. */
static const char *const FORM_MARKS[NFIG] = {"1", "2", "2.1", "2.2", "3", "3.1", "3.2", "4"};
static const char *const FORM_NAMES[NFIG] = {
    "Hồ sơ tiếp nhận", "Hồ sơ đã giải quyết xong", "Đúng hạn", "Trễ hạn",
    "Hồ sơ đang giải quyết", "Trong hạn", "Trễ hạn", "Hồ sơ trễ hạn"};

/* Output columns (seed 001's Phụ lục 2 header names). */
static const char *const OUT_FIG_HEADERS[NFIG] = {
    "Hồ sơ tiếp nhận",
    "Hồ sơ đã giải quyết xong / Tổng",
    "Hồ sơ đã giải quyết xong / Đúng hạn",
    "Hồ sơ đã giải quyết xong / Trễ hạn",
    "Hồ sơ đang giải quyết / Tổng",
    "Hồ sơ đang giải quyết / Trong hạn",
    "Hồ sơ đang giải quyết / Trễ hạn",
    "Hồ sơ trễ hạn / Số lượng"};
#define OUT_RATE_HEADER "Hồ sơ trễ hạn / Tỷ lệ"
#define OUT_ID_HEADER "Mã cơ quan"
#define OUT_SRC_HEADER "Nguồn số liệu"

static const char FORM_SPEC[] =
    "nhan: Biểu báo cáo\n"
    "so-kieu: tu-dong\n"
    "cot:\n"
    "  - {khoa: stt, nhan: STT, nguon: 1}\n"
    "  - {khoa: tieu_chi, nhan: Tiêu chí, nguon: 2}\n"
    "  - {khoa: so_luong, nhan: Số lượng, kieu: so, nguon: 3}\n"
    "hang:\n"
    "  ky-hieu: stt\n"
    "  ten: tieu_chi\n"
    "  thu-bac: [so, so-con]\n";

/* ---- the mapping ---------------------------------------------------------- */

enum { LV_SO = 0, LV_HUYEN, LV_XA, LV_COUNT };

static const char *const LEVEL_TITLE[LV_COUNT] = {"CƠ QUAN CHUYÊN MÔN CẤP TỈNH",
                                                   "UBND CẤP HUYỆN", "UBND CẤP XÃ"};
static const char *const LEVEL_MARK[LV_COUNT] = {"A", "B", "C"};

typedef struct district {
    char *id, *name;
} district;

typedef struct agency {
    char *id, *name, *pattern;
    int level;
    int district;       /* index, xã only; else -1 */
    int line, column;   /* its entry in the mapping */
    /* submissions */
    size_t *files;      /* indexes into the folder's data files */
    size_t nfiles, cap;
    /* figures of the file used */
    bool have;
    bc_dec v[NFIG];
    char *where[NFIG];  /* "nop/x.xlsx: Sheet1!C3" / "nop/x.csv:3:3" */
    char *src;          /* provenance */
} agency;

typedef struct rollup {
    const bc_rollup_params *p;
    bc_diags *diags;
    bc_ydoc *doc;
    char *folder;
    const char *titles[LV_COUNT];
    district *d;
    size_t nd;
    agency *a;
    size_t na;
    char **names; /* data files in the folder, sorted */
    size_t nnames;
    bc_buf errors; /* submission problems, one line each */
    size_t nerrors;
    bc_rollup_counts counts;
} rollup;

static char *path_join(const char *dir, const char *name)
{
    if (!dir || !dir[0] || !strcmp(dir, "."))
        return bc_strdup(name);
    size_t n = strlen(dir);
    return bc_strdup_printf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

static void ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

static bool valid_id(const char *s)
{
    if (!s[0])
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

static int parse_level(const char *s)
{
    static const struct {
        const char *name;
        int level;
    } L[] = {{"so", LV_SO},       {"sở", LV_SO},   {"SỞ", LV_SO},   {"huyen", LV_HUYEN},
             {"huyện", LV_HUYEN}, {"HUYỆN", LV_HUYEN}, {"xa", LV_XA}, {"xã", LV_XA},
             {"XÃ", LV_XA}};
    char low[32];
    snprintf(low, sizeof low, "%s", s);
    ascii_lower(low);
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (!strcmp(low, L[i].name))
            return L[i].level;
    return -1;
}

static bc_status node_error(const rollup *r, const bc_ynode *n, bc_error *err, const char *fmt,
                            const char *a, const char *b)
{
    return bc_error_set(err, BC_E_INPUT, r->doc->file, n ? n->line : 0, n ? n->column : 0, fmt,
                        a ? a : "", b ? b : "");
}

static bc_status parse_districts(rollup *r, const bc_ynode *seq, bc_error *err)
{
    if (seq->kind != BC_Y_SEQ)
        return node_error(r, seq, err,
                          "«huyen» phải là danh sách các huyện, mỗi huyện {ma: …, ten: …}%s%s",
                          NULL, NULL);
    r->d = calloc(seq->count ? seq->count : 1, sizeof *r->d);
    if (!r->d)
        return bc_nomem(err);
    static const char *const keys[] = {"ma", "ten", NULL};
    for (size_t i = 0; i < seq->count; i++) {
        const bc_ynode *m = seq->items[i];
        if (m->kind != BC_Y_MAP)
            return node_error(r, m, err, "mỗi huyện phải có dạng {ma: …, ten: …}%s%s", NULL,
                              NULL);
        bc_status st = bc_ymap_check_keys(r->doc, m, keys, err);
        if (!st)
            st = bc_ymap_string(r->doc, m, "ma", true, &r->d[i].id, err);
        if (!st)
            st = bc_ymap_string(r->doc, m, "ten", true, &r->d[i].name, err);
        r->nd = i + 1;
        if (st)
            return st;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(r->d[j].id, r->d[i].id))
                return node_error(r, bc_ymap_get(m, "ma"), err,
                                  "mã huyện «%s» đã dùng cho «%s»; mỗi huyện một mã riêng",
                                  r->d[i].id, r->d[j].name);
    }
    return BC_OK;
}

static bc_status parse_agency(rollup *r, const bc_ynode *m, agency *a, bc_error *err)
{
    static const char *const keys[] = {"ma", "ten", "cap", "huyen", "tep", NULL};
    a->district = -1;
    a->line = m->line;
    a->column = m->column;
    if (m->kind != BC_Y_MAP)
        return node_error(r, m, err,
                          "mỗi cơ quan phải có dạng {ma: …, ten: …, cap: so | huyen | xa}%s%s",
                          NULL, NULL);
    bc_status st = bc_ymap_check_keys(r->doc, m, keys, err);
    char *cap = NULL, *huyen = NULL;
    if (!st)
        st = bc_ymap_string(r->doc, m, "ma", true, &a->id, err);
    if (!st)
        st = bc_ymap_string(r->doc, m, "ten", true, &a->name, err);
    if (!st)
        st = bc_ymap_string(r->doc, m, "cap", true, &cap, err);
    if (!st)
        st = bc_ymap_string(r->doc, m, "huyen", false, &huyen, err);
    if (!st)
        st = bc_ymap_string(r->doc, m, "tep", false, &a->pattern, err);
    if (st)
        goto out;
    if (!valid_id(a->id)) {
        st = node_error(r, bc_ymap_get(m, "ma"), err,
                        "mã cơ quan «%s» chỉ được có chữ thường không dấu, số, '-' và '_'%s",
                        a->id, NULL);
        goto out;
    }
    a->level = parse_level(cap);
    if (a->level < 0) {
        st = node_error(r, bc_ymap_get(m, "cap"), err,
                        "cấp «%s» không có; ghi một trong: so (cơ quan cấp tỉnh), huyen (UBND "
                        "cấp huyện), xa (UBND cấp xã)%s",
                        cap, NULL);
        goto out;
    }
    if (a->level == LV_XA) {
        if (!huyen) {
            st = node_error(r, m, err,
                            "cơ quan cấp xã «%s» cần «huyen: MÃ» (huyện mà xã thuộc về, một mã "
                            "trong danh sách «huyen»)%s",
                            a->name, NULL);
            goto out;
        }
        for (size_t j = 0; j < r->nd; j++)
            if (!strcmp(r->d[j].id, huyen))
                a->district = (int)j;
        if (a->district < 0) {
            const char **cands = calloc(r->nd + 1, sizeof *cands);
            if (!cands) {
                st = bc_nomem(err);
                goto out;
            }
            for (size_t j = 0; j < r->nd; j++)
                cands[j] = r->d[j].id;
            const char *near = bc_nearest(huyen, cands);
            char *hint = near ? bc_strdup_printf("; có phải ý bạn là «%s»?", near)
                              : bc_strdup("; thêm huyện vào danh sách «huyen»");
            free(cands);
            st = node_error(r, bc_ymap_get(m, "huyen"), err,
                            "huyện «%s» không có trong danh sách «huyen»%s", huyen,
                            hint ? hint : "");
            free(hint);
            goto out;
        }
    } else if (huyen) {
        st = node_error(r, bc_ymap_get(m, "huyen"), err,
                        "«huyen» chỉ dùng cho cơ quan cấp xã; «%s» là cấp %s: bỏ dòng này", a->name,
                        a->level == LV_SO ? "tỉnh (so)" : "huyện");
        goto out;
    }
    if (!a->pattern)
        a->pattern = bc_strdup_printf("%s.*", a->id);
    else if (strchr(a->pattern, '/')) {
        st = node_error(r, bc_ymap_get(m, "tep"), err,
                        "«tep: %s» chỉ là tên tệp (hoặc mẫu tên) trong thư mục nộp, không có "
                        "'/'%s",
                        a->pattern, NULL);
        goto out;
    }
    if (!a->pattern)
        st = bc_nomem(err);
    else
        ascii_lower(a->pattern);
out:
    free(cap);
    free(huyen);
    return st;
}

static bc_status parse_mapping(rollup *r, bc_error *err)
{
    bc_status st = bc_ydoc_load(r->p->mapping, &r->doc, err);
    if (st)
        return st;
    const bc_ynode *root = r->doc->root;
    if (!root || root->kind != BC_Y_MAP)
        return bc_error_set(err, BC_E_INPUT, r->doc->file, root ? root->line : 1,
                            root ? root->column : 1,
                            "tệp danh sách cơ quan phải là một bảng YAML có «co-quan:» (xem "
                            "README, mục tong-hop)");
    static const char *const keys[] = {"thu-muc", "nhom", "huyen", "co-quan", NULL};
    st = bc_ymap_check_keys(r->doc, root, keys, err);
    if (st)
        return st;
    char *folder = NULL;
    st = bc_ymap_string(r->doc, root, "thu-muc", false, &folder, err);
    if (st)
        return st;
    if (r->p->folder) {
        r->folder = bc_strdup(r->p->folder);
    } else {
        char *mapdir = bc_path_dir(r->p->mapping, NULL);
        if (!mapdir) {
            free(folder);
            return bc_nomem(err);
        }
        r->folder = folder && folder[0] == '/' ? bc_strdup(folder)
                                               : path_join(mapdir, folder ? folder : ".");
        free(mapdir);
    }
    free(folder);
    if (!r->folder)
        return bc_nomem(err);

    for (int l = 0; l < LV_COUNT; l++)
        r->titles[l] = LEVEL_TITLE[l];
    const bc_ynode *groups = bc_ymap_get(root, "nhom");
    if (groups) {
        static const char *const gkeys[] = {"so", "huyen", "xa", NULL};
        if (groups->kind != BC_Y_MAP)
            return node_error(r, groups, err,
                              "«nhom» phải có dạng {so: …, huyen: …, xa: …} (tên các nhóm)%s%s",
                              NULL, NULL);
        st = bc_ymap_check_keys(r->doc, groups, gkeys, err);
        if (st)
            return st;
        for (int l = 0; l < LV_COUNT; l++) {
            const bc_ynode *g = bc_ymap_get(groups, gkeys[l]);
            if (g && g->kind != BC_Y_SCALAR)
                return node_error(r, g, err, "tên nhóm «%s» phải là một dòng chữ%s", gkeys[l],
                                  NULL);
            if (g)
                r->titles[l] = g->value;
        }
    }
    const bc_ynode *ds = bc_ymap_get(root, "huyen");
    if (ds && (st = parse_districts(r, ds, err)))
        return st;
    const bc_ynode *list = bc_ymap_get(root, "co-quan");
    if (!list || list->kind != BC_Y_SEQ || list->count == 0)
        return node_error(r, list ? list : root, err,
                          "cần «co-quan:», danh sách các cơ quan nộp báo cáo, mỗi cơ quan {ma: "
                          "…, ten: …, cap: so | huyen | xa}%s%s",
                          NULL, NULL);
    r->a = calloc(list->count, sizeof *r->a);
    if (!r->a)
        return bc_nomem(err);
    for (size_t i = 0; i < list->count; i++) {
        r->na = i + 1;
        st = parse_agency(r, list->items[i], &r->a[i], err);
        if (st)
            return st;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(r->a[j].id, r->a[i].id))
                return node_error(r, bc_ymap_get(list->items[i], "ma"), err,
                                  "mã cơ quan «%s» đã dùng cho «%s»; mỗi cơ quan một mã riêng",
                                  r->a[i].id, r->a[j].name);
    }
    r->counts.agencies = r->na;
    return BC_OK;
}

/* ---- the folder ------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_data_name(const char *name)
{
    size_t n = strlen(name);
    if (n > 4 && !strcasecmp(name + n - 4, ".csv"))
        return true;
    return bc_xlsx_is_path(name) && !strchr(name, '#');
}

static bc_status scan_folder(rollup *r, bc_error *err)
{
    DIR *dir = opendir(r->folder);
    if (!dir) {
        int e = errno;
        return bc_error_set(err, BC_E_INPUT, r->folder, 0, 0,
                            "không mở được thư mục nộp báo cáo (%s%s): %s",
                            r->p->folder ? "--thu-muc" : "thu-muc trong ",
                            r->p->folder ? "" : r->doc->file, bc_errno_vi(e));
    }
    size_t cap = 0;
    struct dirent *e;
    bc_status st = BC_OK;
    while ((e = readdir(dir))) {
        const char *n = e->d_name;
        if (n[0] == '.' || !strncmp(n, "~$", 2) || !is_data_name(n))
            continue;
        char *full = path_join(r->folder, n);
        struct stat sb;
        bool regular = full && stat(full, &sb) == 0 && S_ISREG(sb.st_mode);
        free(full);
        if (!full) {
            st = bc_nomem(err);
            break;
        }
        if (!regular)
            continue;
        if (!BC_GROW(&r->names, &cap, r->nnames + 1, 32)) {
            st = bc_nomem(err);
            break;
        }
        if (!(r->names[r->nnames] = bc_strdup(n))) {
            st = bc_nomem(err);
            break;
        }
        r->nnames++;
    }
    closedir(dir);
    if (st)
        return st;
    if (r->nnames)
        qsort(r->names, r->nnames, sizeof *r->names, cmp_str);
    return BC_OK;
}

static bool add_file(agency *a, size_t f)
{
    if (!BC_GROW(&a->files, &a->cap, a->nfiles + 1, 2))
        return false;
    a->files[a->nfiles++] = f;
    return true;
}

/* Each data file to the agencies whose pattern it matches. */
static bc_status match_files(rollup *r, bc_error *err)
{
    for (size_t f = 0; f < r->nnames; f++) {
        char *low = bc_strdup(r->names[f]);
        if (!low)
            return bc_nomem(err);
        ascii_lower(low);
        long first = -1;
        for (size_t i = 0; i < r->na; i++) {
            if (fnmatch(r->a[i].pattern, low, FNM_PERIOD) != 0)
                continue;
            if (first >= 0) {
                char *path = path_join(r->folder, r->names[f]);
                bc_error_set(err, BC_E_INPUT, path, 0, 0,
                             "tệp khớp mẫu tên của hai cơ quan: «%s» (%s:%d:%d, tep: %s) và "
                             "«%s» (%s:%d:%d, tep: %s); sửa «tep:» trong %s cho mỗi tệp chỉ "
                             "khớp một cơ quan",
                             r->a[first].name, r->doc->file, r->a[first].line,
                             r->a[first].column, r->a[first].pattern, r->a[i].name,
                             r->doc->file, r->a[i].line, r->a[i].column, r->a[i].pattern,
                             r->doc->file);
                free(path);
                free(low);
                return BC_E_INPUT;
            }
            first = (long)i;
        }
        free(low);
        if (first >= 0 && !add_file(&r->a[first], f))
            return bc_nomem(err);
        if (first < 0) {
            char *path = path_join(r->folder, r->names[f]);
            bc_diags_add(r->diags, BC_WARNING, path, 0, 0,
                         "tệp không khớp cơ quan nào trong %s: đổi tên tệp theo mẫu «tep:» của "
                         "cơ quan đã nộp nó, hoặc thêm cơ quan vào danh sách «co-quan»",
                         r->doc->file);
            free(path);
            r->counts.unknown_files++;
        }
    }
    return BC_OK;
}

/* ---- one submission -------------------------------------------------------- */

static void sub_error(rollup *r, const char *where, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void sub_error(rollup *r, const char *where, int line, int col, const char *fmt, ...)
{
    if (r->nerrors++)
        bc_buf_putc(&r->errors, '\n');
    bc_buf_puts(&r->errors, where);
    if (line > 0)
        bc_buf_printf(&r->errors, ":%d", line);
    if (line > 0 && col > 0)
        bc_buf_printf(&r->errors, ":%d", col);
    bc_buf_puts(&r->errors, ": ");
    va_list ap;
    va_start(ap, fmt);
    char *m = bc_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (m)
        bc_buf_puts(&r->errors, m);
    else
        r->errors.oom = true; /* reported as out of memory below */
    free(m);
}

static char *cell_place(const bc_table *t, const bc_cell *c)
{
    char buf[600];
    int l = c->line, col = c->column;
    const char *f = bc_table_cell_where(t, &l, &col, buf, sizeof buf);
    if (l > 0 && col > 0)
        return bc_strdup_printf("%s:%d:%d", f, l, col);
    return bc_strdup(f);
}

static void marker_key(const char *m, char *out, size_t size)
{
    snprintf(out, size, "%s", m);
    size_t n = strlen(out);
    while (n && out[n - 1] == '.')
        out[--n] = '\0';
}

typedef struct submission {
    bc_dec v[NFIG];
    char *where[NFIG];
    char *src;
    size_t mismatches;
} submission;

static void submission_free(submission *s)
{
    for (int k = 0; k < NFIG; k++)
        free(s->where[k]);
    free(s->src);
    memset(s, 0, sizeof *s);
}

/* Reads, validates and checks one file. Returns BC_OK (s filled), BC_E_INPUT
 * when the file is not in the form (problems appended to r->errors), or
 * another error in err. */
static bc_status read_submission(rollup *r, const agency *a, const char *name, submission *s,
                                 bc_error *err)
{
    memset(s, 0, sizeof *s);
    char *path = path_join(r->folder, name);
    if (!path)
        return bc_nomem(err);
    if (r->p->input_seen)
        r->p->input_seen(r->p->input_ctx, path, "tệp nộp");
    bc_table *t = NULL;
    bc_diags local = BC_DIAGS_INIT;
    bc_status st = bc_tablespec_parse(FORM_SPEC, sizeof FORM_SPEC - 1, "(biểu mẫu tổng hợp)", &t,
                                      &local, err);
    if (st)
        goto out;
    t->label = bc_table_strdup(t, a->name, (size_t)-1);
    bc_error e = BC_ERROR_INIT;
    st = bc_table_read_csv(t, path, &local, &e);
    if (st == BC_E_INPUT) {
        char *m = bc_error_format(&e);
        if (r->nerrors++)
            bc_buf_putc(&r->errors, '\n');
        bc_buf_puts(&r->errors, m ? m : path);
        free(m);
        bc_error_clear(&e);
        goto out;
    }
    if (st) {
        *err = e;
        goto out;
    }
    int mc = t->marker_col, vc = bc_table_find_col(t, "so_luong");
    long rowof[NFIG];
    for (int k = 0; k < NFIG; k++)
        rowof[k] = -1;
    size_t before = r->nerrors;
    for (size_t i = 0; i < t->nrows; i++) {
        const bc_row *row = &t->rows[i];
        char key[64];
        marker_key(row->cells[mc].text, key, sizeof key);
        int k = -1;
        for (int j = 0; j < NFIG; j++)
            if (!strcmp(key, FORM_MARKS[j]))
                k = j;
        char *place = cell_place(t, &row->cells[mc]);
        if (k < 0) {
            sub_error(r, place ? place : path, 0, 0,
                      "hàng có số thứ tự «%s» không thuộc biểu mẫu (biểu có các hàng 1, 2, "
                      "2.1, 2.2, 3, 3.1, 3.2, 4); xóa hàng này hoặc sửa số thứ tự",
                      row->cells[mc].text);
        } else if (rowof[k] >= 0) {
            sub_error(r, place ? place : path, 0, 0,
                      "hàng «%s» có hai lần trong biểu; giữ một hàng", FORM_MARKS[k]);
        } else {
            rowof[k] = (long)i;
        }
        free(place);
        if (k < 0)
            continue;
        const bc_cell *c = &row->cells[vc];
        place = cell_place(t, c);
        const char *pl = place ? place : path;
        if (c->flags & BC_CELL_EMPTY)
            sub_error(r, pl, 0, 0,
                      "hàng «%s %s»: ô số liệu trống; ghi số hồ sơ (0 hoặc «-» khi không có)",
                      FORM_MARKS[k], FORM_NAMES[k]);
        else if (c->flags & BC_CELL_INVALID)
            sub_error(r, pl, 0, 0, "hàng «%s %s»: «%s» không phải là số", FORM_MARKS[k],
                      FORM_NAMES[k], c->text);
        else {
            int64_t n;
            if (!bc_dec_to_int(c->value, &n) || n < 0)
                sub_error(r, pl, 0, 0,
                          "hàng «%s %s»: «%s» không phải là số hồ sơ (số nguyên không âm)",
                          FORM_MARKS[k], FORM_NAMES[k], c->text);
        }
        free(place);
    }
    for (int k = 0; k < NFIG; k++)
        if (rowof[k] < 0)
            sub_error(r, path, 0, 0,
                      "thiếu hàng «%s %s» của biểu mẫu (cột 1 là số thứ tự %s, cột 3 là số "
                      "lượng)",
                      FORM_MARKS[k], FORM_NAMES[k], FORM_MARKS[k]);
    if (r->nerrors != before) {
        st = BC_E_INPUT;
        goto out;
    }
    /* the agency's own totals: 2 = 2.1 + 2.2, 3 = 3.1 + 3.2 (tablecheck) */
    bc_check_options co = {.fix = r->p->fix_totals, .no_summary = true};
    bc_check_stats cs;
    memset(&cs, 0, sizeof cs);
    bc_diags checks = BC_DIAGS_INIT;
    st = bc_table_check(t, &co, &checks, &cs);
    for (size_t i = 0; i < checks.count; i++) {
        const bc_diag *dg = &checks.items[i];
        bc_diags_add(r->diags, dg->severity, dg->file, dg->line, dg->column, "%s", dg->message);
    }
    bc_diags_free(&checks);
    if (st == BC_E_NOMEM) {
        st = bc_nomem(err);
        goto out;
    }
    st = BC_OK;
    s->mismatches = cs.mismatches;
    bc_buf fixes = BC_BUF_INIT;
    if (cs.fixed)
        bc_buf_printf(&fixes, "; sửa tổng tự ghi sai: hàng");
    for (int k = 0; k < NFIG; k++) {
        bc_cell *c = &t->rows[rowof[k]].cells[vc];
        s->v[k] = c->value;
        s->where[k] = cell_place(t, c);
        if (c->flags & BC_CELL_FIXED)
            bc_buf_printf(&fixes, " %s", FORM_MARKS[k]);
    }
    /* 4 = 2.2 + 3.2 (a cross-row sum tablecheck does not know) */
    bc_dec sum;
    bc_dec_add(s->v[3], s->v[6], &sum);
    if (!bc_dec_eq(sum, s->v[7])) {
        char stated[64], x[64], y[64], z[64];
        bc_table_format_value(t, vc, s->v[7], stated, sizeof stated);
        bc_table_format_value(t, vc, s->v[3], x, sizeof x);
        bc_table_format_value(t, vc, s->v[6], y, sizeof y);
        bc_table_format_value(t, vc, sum, z, sizeof z);
        bc_cell *c = &t->rows[rowof[7]].cells[vc];
        char buf[600];
        int l = c->line, col = c->column;
        const char *f = bc_table_cell_where(t, &l, &col, buf, sizeof buf);
        char *label = bc_table_row_label(t, (size_t)rowof[7]);
        s->mismatches++;
        if (r->p->fix_totals) {
            bc_diags_add(r->diags, BC_NOTE, f, l, col,
                         "%s, hàng «%s», cột «Số lượng»: đã thay %s bằng %s (hàng 2.2 + hàng 3.2)",
                         a->name, label ? label : "4", stated, z);
            s->v[7] = sum;
            if (!fixes.len)
                bc_buf_printf(&fixes, "; sửa tổng tự ghi sai: hàng");
            bc_buf_printf(&fixes, " 4");
        } else {
            bc_diags_add(r->diags, BC_WARNING, f, l, col,
                         "%s, hàng «%s», cột «Số lượng»: ghi %s nhưng hàng 2.2 + hàng 3.2 là %s "
                         "+ %s = %s",
                         a->name, label ? label : "4", stated, x, y, z);
        }
        free(label);
    }
    /* provenance: the file and the cells of the figures */
    const bc_cell *c1 = &t->rows[rowof[0]].cells[vc], *c8 = &t->rows[rowof[7]].cells[vc];
    int lo = c1->line, hi = c1->line;
    for (int k = 0; k < NFIG; k++) {
        int l = t->rows[rowof[k]].cells[vc].line;
        lo = l < lo ? l : lo;
        hi = l > hi ? l : hi;
    }
    if (t->xlsx_sheet) {
        char a1[16], a2[16];
        bc_xlsx_cell_name(lo, c1->column, a1, sizeof a1);
        bc_xlsx_cell_name(hi, c8->column, a2, sizeof a2);
        s->src = bc_strdup_printf("%s: %s!%s:%s%s", name, t->xlsx_sheet, a1, a2,
                                  fixes.data ? fixes.data : "");
    } else {
        s->src = bc_strdup_printf("%s: cột %d, dòng %d–%d%s", name,
                                  t->cols[vc].source_index + 1, lo, hi,
                                  fixes.data ? fixes.data : "");
    }
    bc_buf_free(&fixes);
    if (!s->src)
        st = bc_nomem(err);
out:
    /* reading notes (number style, encoding) are dropped; warnings kept */
    for (size_t i = 0; i < local.count; i++)
        if (local.items[i].severity == BC_WARNING)
            bc_diags_add(r->diags, BC_WARNING, local.items[i].file, local.items[i].line,
                         local.items[i].column, "%s", local.items[i].message);
    bc_diags_free(&local);
    bc_table_free(t);
    free(path);
    if (st)
        submission_free(s);
    return st;
}

static bc_status read_all(rollup *r, bc_error *err)
{
    for (size_t i = 0; i < r->na; i++) {
        agency *a = &r->a[i];
        if (a->nfiles == 0) {
            bc_diags_add(r->diags, BC_WARNING, r->doc->file, a->line, a->column,
                         "thiếu báo cáo của %s (%s): không có tệp nào trong %s khớp «%s»; hàng "
                         "của cơ quan này để trống",
                         a->name, a->id, r->folder, a->pattern);
            r->counts.missing++;
            continue;
        }
        /* the original before its copies: shortest name first ("x.csv"
         * before "x (1).csv"), then by name */
        for (size_t k = 1; k < a->nfiles; k++)
            for (size_t j = k; j > 0; j--) {
                const char *p1 = r->names[a->files[j - 1]], *p2 = r->names[a->files[j]];
                size_t l1 = strlen(p1), l2 = strlen(p2);
                if (l1 < l2 || (l1 == l2 && strcmp(p1, p2) <= 0))
                    break;
                size_t tmp = a->files[j - 1];
                a->files[j - 1] = a->files[j];
                a->files[j] = tmp;
            }
        submission first = {0};
        bool used = false;
        const char *used_name = NULL;
        for (size_t k = 0; k < a->nfiles; k++) {
            const char *name = r->names[a->files[k]];
            submission s;
            bc_status st = read_submission(r, a, name, &s, err);
            if (st == BC_E_INPUT)
                continue;
            if (st) {
                if (used)
                    submission_free(&first);
                return st;
            }
            if (!used) {
                first = s;
                used = true;
                used_name = name;
                continue;
            }
            bool same = true;
            for (int j = 0; j < NFIG; j++)
                same = same && bc_dec_eq(s.v[j], first.v[j]);
            char *path = path_join(r->folder, name);
            char *firstpath = path_join(r->folder, used_name);
            bc_diags_add(r->diags, BC_WARNING, path, 0, 0,
                         "báo cáo trùng của %s (%s): đã có %s (%s); dùng tệp đó, bỏ qua tệp "
                         "này — xóa tệp thừa khỏi thư mục",
                         a->name, a->id, firstpath ? firstpath : "",
                         same ? "cùng số liệu" : "số liệu khác nhau");
            free(path);
            free(firstpath);
            r->counts.duplicates++;
            submission_free(&s);
        }
        if (!used)
            continue;
        r->counts.submitted++;
        r->counts.total_mismatches += first.mismatches;
        a->have = true;
        for (int j = 0; j < NFIG; j++) {
            a->v[j] = first.v[j];
            a->where[j] = first.where[j];
            first.where[j] = NULL;
        }
        a->src = first.src;
        first.src = NULL;
        if (a->nfiles > 1) {
            char *src = bc_strdup_printf("%s; bỏ qua %zu tệp trùng", a->src, a->nfiles - 1);
            if (src) {
                free(a->src);
                a->src = src;
            }
        }
        submission_free(&first);
    }
    if (r->errors.oom)
        return bc_nomem(err);
    if (r->nerrors)
        return bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                            "%zu chỗ trong các tệp nộp không đúng biểu mẫu (không ghi bảng tổng "
                            "hợp):\n%s",
                            r->nerrors, r->errors.data ? r->errors.data : "");
    return BC_OK;
}

/* ---- the previous period ------------------------------------------------- */

static void format_int(bc_dec v, char *buf, size_t size)
{
    bc_num_fmt f = {.kind = BC_NUMFMT_INTEGER};
    bc_num_format_dec_to(buf, size, v, &f);
}

static bc_status compare_previous(rollup *r, bc_error *err)
{
    const char *prev = r->p->previous;
    if (r->p->input_seen)
        r->p->input_seen(r->p->input_ctx, prev, "--ky-truoc");
    bc_csv_doc *doc = NULL;
    bc_status st = bc_csv_load(prev, NULL, &doc, err);
    if (st)
        return st;
    if (doc->nrecords == 0) {
        bc_csv_doc_free(doc);
        return bc_error_set(err, BC_E_INPUT, prev, 1, 1,
                            "tệp kỳ trước trống: cần bảng tổng hợp kỳ trước do «baocao tong-hop» "
                            "ghi");
    }
    const bc_csv_record *h = &doc->records[0];
    int idc = -1, fc[NFIG];
    for (int k = 0; k < NFIG; k++)
        fc[k] = -1;
    for (size_t i = 0; i < h->count; i++) {
        if (!strcmp(h->fields[i].text, OUT_ID_HEADER))
            idc = (int)i;
        for (int k = 0; k < NFIG; k++)
            if (!strcmp(h->fields[i].text, OUT_FIG_HEADERS[k]))
                fc[k] = (int)i;
    }
    const char *missing = idc < 0 ? OUT_ID_HEADER : NULL;
    for (int k = 0; k < NFIG && !missing; k++)
        if (fc[k] < 0)
            missing = OUT_FIG_HEADERS[k];
    if (missing) {
        bc_csv_doc_free(doc);
        return bc_error_set(err, BC_E_INPUT, prev, 1, 1,
                            "tệp kỳ trước thiếu cột «%s»: cần bảng tổng hợp kỳ trước do «baocao "
                            "tong-hop» ghi",
                            missing);
    }
    bc_num_fmt pf = {.kind = BC_NUMFMT_PERCENT, .decimals = 0};
    double share100 = r->p->change_share * 100;
    if (share100 != (double)(long long)share100)
        pf.decimals = 2;
    char limit[64];
    bc_num_format_to(limit, sizeof limit, r->p->change_share, &pf);
    for (size_t i = 1; i < doc->nrecords; i++) {
        const bc_csv_record *rec = &doc->records[i];
        if ((size_t)idc >= rec->count || !rec->fields[idc].text[0])
            continue;
        const agency *a = NULL;
        for (size_t j = 0; j < r->na; j++)
            if (!strcmp(r->a[j].id, rec->fields[idc].text))
                a = &r->a[j];
        if (!a || !a->have)
            continue;
        for (int k = 0; k < NFIG; k++) {
            const bc_csv_field *f = &rec->fields[fc[k]];
            bc_dec old;
            bc_num_result nr = bc_num_parse_dec(f->text, BC_NUM_VIET, &old, NULL);
            if (nr == BC_NUM_EMPTY)
                continue;
            if (nr != BC_NUM_OK && nr != BC_NUM_DASH) {
                bc_csv_doc_free(doc);
                return bc_error_set(err, BC_E_INPUT, prev, f->line, f->column,
                                    "cột «%s»: «%s» không phải là số", OUT_FIG_HEADERS[k],
                                    f->text);
            }
            if (bc_dec_is_zero(old) || bc_dec_is_none(old))
                continue;
            bc_dec diff, rel;
            if (bc_dec_sub(a->v[k], old, &diff) || bc_dec_div(bc_dec_abs(diff), old, &rel))
                continue;
            if (bc_dec_to_double(rel) <= r->p->change_share)
                continue;
            char now[64], before[64], pct[64];
            format_int(a->v[k], now, sizeof now);
            format_int(old, before, sizeof before);
            bc_num_fmt rf = {.kind = BC_NUMFMT_PERCENT, .decimals = 2};
            bc_num_format_dec_to(pct, sizeof pct, rel, &rf);
            bc_diags_add(r->diags, BC_WARNING, a->where[k], 0, 0,
                         "%s, «%s»: %s, kỳ trước %s (%s:%d:%d): %s %s, quá ngưỡng %s; kiểm tra "
                         "lại số liệu",
                         a->name, OUT_FIG_HEADERS[k], now, before, prev, f->line, f->column,
                         bc_dec_cmp(a->v[k], old) > 0 ? "tăng" : "giảm", pct, limit);
            r->counts.changes++;
        }
    }
    bc_csv_doc_free(doc);
    return BC_OK;
}

/* ---- the province table ------------------------------------------------- */

static void csv_field(bc_buf *b, const char *s, bool last)
{
    bc_csv_put_field(b, s);
    bc_buf_puts(b, last ? "\n" : ",");
}

static void put_row(bc_buf *b, const char *mark, const char *name, const bc_dec *v, bool empty,
                    const char *id, const char *src)
{
    csv_field(b, mark, false);
    csv_field(b, name, false);
    char num[64];
    for (int k = 0; k < NFIG; k++) {
        num[0] = '\0';
        if (!empty)
            bc_dec_to_plain(v[k], num, sizeof num);
        csv_field(b, num, false);
    }
    num[0] = '\0';
    if (!empty) {
        bc_dec den, rate;
        bc_dec_add(v[1], v[4], &den);
        if (bc_dec_is_zero(den))
            rate = BC_DEC_ZERO;
        else if (bc_dec_div(v[7], den, &rate))
            rate = BC_DEC_NONE;
        /* 0,4958% -> "0,50%": two decimals of the percentage, a comma */
        bc_num_fmt f = {.kind = BC_NUMFMT_PERCENT, .decimals = 2, .no_grouping = true};
        bc_num_format_dec_to(num, sizeof num, rate, &f);
    }
    csv_field(b, num, false);
    csv_field(b, id ? id : "", false);
    csv_field(b, src ? src : "", true);
}

static void add_into(bc_dec *sum, const bc_dec *v)
{
    for (int k = 0; k < NFIG; k++)
        bc_dec_add(sum[k], v[k], &sum[k]);
}

/* Writes the rows of agencies at level lv (and district dist for xã) and
 * adds their figures into sum. Returns the count. */
static size_t put_agencies(const rollup *r, bc_buf *b, int lv, int dist, bc_dec *sum,
                           bool write)
{
    size_t n = 0;
    for (size_t i = 0; i < r->na; i++) {
        const agency *a = &r->a[i];
        if (a->level != lv || (lv == LV_XA && a->district != dist))
            continue;
        n++;
        if (a->have)
            add_into(sum, a->v);
        if (write) {
            char mark[16];
            snprintf(mark, sizeof mark, "%zu", n);
            put_row(b, mark, a->name, a->v, !a->have, a->id,
                    a->have ? a->src : "chưa nộp báo cáo");
        }
    }
    return n;
}

static void zero(bc_dec *v)
{
    for (int k = 0; k < NFIG; k++)
        v[k] = BC_DEC_ZERO;
}

static char *build_csv(const rollup *r)
{
    bc_buf b = BC_BUF_INIT;
    csv_field(&b, "cap", false);
    csv_field(&b, "Cơ quan, đơn vị, địa phương tiếp nhận hồ sơ", false);
    for (int k = 0; k < NFIG; k++)
        csv_field(&b, OUT_FIG_HEADERS[k], false);
    csv_field(&b, OUT_RATE_HEADER, false);
    csv_field(&b, OUT_ID_HEADER, false);
    csv_field(&b, OUT_SRC_HEADER, true);
    bc_dec total[NFIG];
    zero(total);
    size_t ngroups = 0;
    bc_buf tops = BC_BUF_INIT;
    for (int lv = 0; lv < LV_COUNT; lv++) {
        bc_dec sum[NFIG];
        zero(sum);
        char note[128];
        if (lv != LV_XA) {
            size_t n = put_agencies(r, NULL, lv, -1, sum, false);
            if (!n)
                continue;
            snprintf(note, sizeof note, "tổng %zu hàng con", n);
            put_row(&b, LEVEL_MARK[lv], r->titles[lv], sum, false, NULL, note);
            zero(sum);
            put_agencies(r, &b, lv, -1, sum, true);
        } else {
            /* C: the districts' sums first, then each district */
            size_t nd = 0;
            for (size_t d = 0; d < r->nd; d++) {
                bc_dec ds[NFIG];
                zero(ds);
                if (put_agencies(r, NULL, LV_XA, (int)d, ds, false)) {
                    add_into(sum, ds);
                    nd++;
                }
            }
            if (!nd)
                continue;
            snprintf(note, sizeof note, "tổng %zu hàng con", nd);
            put_row(&b, LEVEL_MARK[lv], r->titles[lv], sum, false, NULL, note);
            int roman = 0;
            for (size_t d = 0; d < r->nd; d++) {
                bc_dec ds[NFIG];
                zero(ds);
                size_t n = put_agencies(r, NULL, LV_XA, (int)d, ds, false);
                if (!n)
                    continue;
                static const char *const ROMAN[] = {"I",   "II", "III", "IV", "V",   "VI", "VII",
                                                    "VIII", "IX", "X",   "XI", "XII", "XIII",
                                                    "XIV", "XV", "XVI", "XVII", "XVIII", "XIX",
                                                    "XX"};
                char mark[16];
                if (roman < 20)
                    snprintf(mark, sizeof mark, "%s", ROMAN[roman]);
                else
                    snprintf(mark, sizeof mark, "%d", roman + 1);
                roman++;
                snprintf(note, sizeof note, "tổng %zu hàng con", n);
                put_row(&b, mark, r->d[d].name, ds, false, NULL, note);
                zero(ds);
                put_agencies(r, &b, LV_XA, (int)d, ds, true);
            }
        }
        add_into(total, sum);
        bc_buf_printf(&tops, "%s%s", ngroups++ ? ", " : "", LEVEL_MARK[lv]);
    }
    char note[128];
    snprintf(note, sizeof note, "tổng %s", tops.data ? tops.data : "");
    bc_buf_free(&tops);
    put_row(&b, "TỔNG", "", total, false, NULL, note);
    if (b.oom) {
        bc_buf_free(&b);
        return NULL;
    }
    return bc_buf_detach(&b);
}

/* ---- entry ---------------------------------------------------------------- */

static void rollup_free(rollup *r)
{
    for (size_t i = 0; i < r->na; i++) {
        agency *a = &r->a[i];
        free(a->id);
        free(a->name);
        free(a->pattern);
        free(a->files);
        for (int k = 0; k < NFIG; k++)
            free(a->where[k]);
        free(a->src);
    }
    free(r->a);
    for (size_t i = 0; i < r->nd; i++) {
        free(r->d[i].id);
        free(r->d[i].name);
    }
    free(r->d);
    for (size_t i = 0; i < r->nnames; i++)
        free(r->names[i]);
    free(r->names);
    free(r->folder);
    bc_buf_free(&r->errors);
    bc_ydoc_free(r->doc);
}

bc_status bc_rollup_build(const bc_rollup_params *p, char **csv, size_t *len,
                          bc_rollup_counts *counts, bc_diags *diags, bc_error *err)
{
    *csv = NULL;
    if (len)
        *len = 0;
    size_t warnings_before = bc_diags_count(diags, BC_WARNING);
    rollup r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.diags = diags;
    if (p->input_seen)
        p->input_seen(p->input_ctx, p->mapping, "danh sách cơ quan");
    bc_status st = parse_mapping(&r, err);
    if (!st)
        st = scan_folder(&r, err);
    if (!st)
        st = match_files(&r, err);
    if (!st)
        st = read_all(&r, err);
    if (!st && p->previous && p->change_share > 0)
        st = compare_previous(&r, err);
    if (!st) {
        *csv = build_csv(&r);
        if (!*csv)
            st = bc_nomem(err);
        else if (len)
            *len = strlen(*csv);
    }
    if (counts)
        *counts = r.counts;
    rollup_free(&r);
    if (st)
        return st;
    return bc_diags_count(diags, BC_WARNING) > warnings_before ? BC_E_DATA : BC_OK;
}
