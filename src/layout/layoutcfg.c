/* layoutcfg.c - layout files: defaults + YAML overrides. */
#include "layoutcfg.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "yamltree.h"

static const char *const STYLE_NAMES[BC_ST_COUNT + 1] = {
    "body", "heading-1", "heading-2", "heading-3", "item-1", "item-2", "footnote",
    "note-marker", "quoc-hieu", "tieu-ngu", "co-quan-chu-quan", "co-quan",
    "so", "dia-danh-ngay", "ten-loai", "trich-yeu", "v-v", "kinh-gui",
    "do-khan", "sau-noi-dung", "noi-nhan-nhan", "noi-nhan", "tham-quyen", "ho-ten",
    "so-trang", "phu-luc-nhan", "phu-luc-ten", "phu-luc-kem-theo", "phu-luc-ghi-chu",
    "bang-tieu-de", "bang-noi-dung", "du-thao-tieu-de", "du-thao-loi-dan", "du-thao-muc",
    "du-thao-noi-dung", "du-thao-ghi-chu", "du-thao-tep", "du-thao-nguon", "du-thao-sha",
    "du-thao-so-dong", "du-thao-dau-thoi-gian", "du-thao-dau", NULL};

const char *bc_style_name(bc_style_id id) { return STYLE_NAMES[id]; }

void bc_layout_cfg_free(bc_layout_cfg *cfg)
{
    if (!cfg)
        return;
    free(cfg->name);
    bc_strv_free(cfg->fonts);
    free(cfg);
}

static const char *const TOP_KEYS[] = {"name", "fonts", "single", "page", "landscape",
                                       "page-number-baseline", "header", "urgency", "closing",
                                       "signature", "footnotes", "text", "table", "draft",
                                       "styles", NULL};
static const char *const PAGE_KEYS[] = {"width", "height", "top", "bottom", "left", "right", NULL};
static const char *const HEADER_KEYS[] = {"left-width", "right-width", "left-offset",
                                          "right-offset", "agency-rule", "rule-width",
                                          "date-gap", "title-gap", "rule-drop", "rule-after",
                                          "vv-gap", "urgency-gap", "summary-left",
                                          "summary-width", "kinh-gui-gap", "kinh-gui-label-gap",
                                          "recipients-after", "after", NULL};
static const char *const URGENCY_KEYS[] = {"height", "line-width", "khan", "thuong-khan",
                                           "hoa-toc", "colour", NULL};
static const char *const CLOSING_KEYS[] = {"left-width", "signature-space", "gap", "after",
                                           "cc-inset", NULL};
static const char *const SIGNATURE_KEYS[] = {"signer-width", "seal-size", "seal-overlap",
                                            "info-size", NULL};
static const char *const NOTE_KEYS[] = {"rule-length", "gap", "rule-width", NULL};
/* text: key -> field of bc_textset (all numbers). */
static const struct {
    const char *key;
    size_t off;
} TEXT_NUMS[] = {
#define T(k, f) {k, offsetof(bc_textset, f)}
    T("space-stretch", space_stretch), T("space-shrink", space_shrink),
    T("tolerance", tolerance), T("ragged-ratio", ragged_ratio),
    T("stretch-cap", stretch_cap), T("track-from", track_from),
    T("track-max", track_max), T("note-ref-rise", note_ref_rise),
    T("underline-drop", underline_drop), T("strike-raise", strike_raise),
    T("decoration-width", decoration_width),
#undef T
};
#define NTEXT (sizeof TEXT_NUMS / sizeof TEXT_NUMS[0])
static const char *const TABLE_KEYS[] = {"cell-padding", "cell-padding-v", "min-padding",
                                         "min-column", "rule-width", "title-inset", "title-width",
                                         "attach-rule", "rule-drop", "rule-after", "title-after",
                                         "continued-after", "note-before", NULL};
/* draft: key -> field (all numbers). */
static const struct {
    const char *key;
    size_t off;
} DRAFT_NUMS[] = {
#define D(k, f) {k, offsetof(bc_layout_cfg, f)}
    D("line-number-gap", draft_line_number_gap), D("clearance", draft_clearance),
    D("deletion-offset", draft_deletion_offset), D("deletion-step", draft_deletion_step),
    D("deletion-tick", draft_deletion_tick), D("deletion-width", draft_deletion_width),
    D("deletion-top", draft_deletion_top), D("deletion-bottom", draft_deletion_bottom),
    D("stamp-raise", draft_stamp_raise), D("stamp-edge", draft_stamp_edge),
    D("mark-padding", draft_mark_padding), D("mark-height", draft_mark_height),
    D("mark-gap", draft_mark_gap), D("mark-top", draft_mark_top),
    D("mark-left", draft_mark_left), D("mark-centre", draft_mark_centre),
    D("mark-line-width", draft_mark_line_width), D("watermark-span", draft_watermark_span),
    D("watermark-max", draft_watermark_max), D("watermark-raise", draft_watermark_raise),
    D("note-offset", draft_note_offset), D("note-size", draft_note_size),
    D("note-gap", draft_note_gap), D("note-raise", draft_note_raise),
#undef D
};
#define NDRAFT (sizeof DRAFT_NUMS / sizeof DRAFT_NUMS[0])

/* Colour key of map n, "#RRGGBB", into *out (absent: unchanged). */
static bc_status ymap_colour(const bc_ydoc *d, const bc_ynode *n, const char *key, uint32_t *out,
                             bc_error *err)
{
    char *s = NULL;
    bc_status st = bc_ymap_string(d, n, key, false, &s, err);
    if (st || !s)
        return st;
    bool ok = s[0] == '#' && strlen(s) == 7;
    uint32_t v = 0;
    for (int i = 1; ok && i < 7; i++) {
        char ch = s[i];
        int x = ch >= '0' && ch <= '9' ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        ok = x >= 0;
        v = v << 4 | (uint32_t)(x & 0xF);
    }
    if (ok) {
        *out = v;
    } else {
        const bc_ynode *k = bc_ymap_get(n, key);
        st = bc_error_set(err, BC_E_INPUT, d->file, k ? k->line : 0, k ? k->column : 0,
                          "màu '%s' của khóa '%s' phải viết dạng \"#RRGGBB\" (ví dụ \"#CC0000\")",
                          s, key);
    }
    free(s);
    return st;
}

static bc_status load_draft(const bc_ydoc *d, const bc_ynode *n, bc_layout_cfg *c, bc_error *err)
{
    static const char *const colours[] = {"line-number-colour", "stamp-colour", "mark-colour",
                                          "watermark-colour", "deletion-colour"};
    enum { NCOLOURS = sizeof colours / sizeof *colours };
    const char *keys[NDRAFT + NCOLOURS + 1];
    for (size_t i = 0; i < NDRAFT; i++)
        keys[i] = DRAFT_NUMS[i].key;
    for (size_t i = 0; i < NCOLOURS; i++)
        keys[NDRAFT + i] = colours[i];
    keys[NDRAFT + NCOLOURS] = NULL;
    bc_status st = bc_ymap_check_keys(d, n, keys, err);
    for (size_t i = 0; !st && i < NDRAFT; i++)
        st = bc_ymap_number(d, n, DRAFT_NUMS[i].key, false,
                            (double *)((char *)c + DRAFT_NUMS[i].off), err);
    if (!st && !(st = ymap_colour(d, n, "line-number-colour", &c->draft_line_number_rgb, err)) &&
        !(st = ymap_colour(d, n, "stamp-colour", &c->draft_stamp_rgb, err)) &&
        !(st = ymap_colour(d, n, "mark-colour", &c->draft_mark_rgb, err)) &&
        !(st = ymap_colour(d, n, "watermark-colour", &c->draft_watermark_rgb, err)))
        st = ymap_colour(d, n, "deletion-colour", &c->draft_deletion_rgb, err);
    return st;
}

static const char *const STYLE_KEYS[] = {"size", "bold", "italic", "upper", "align", "indent",
                                         "left", "before", "after", "spacing", NULL};

static bc_status load_page(const bc_ydoc *d, const bc_ynode *n, bc_page_geom *g, bc_error *err)
{
    if (!n)
        return BC_OK;
    bc_status st;
    if ((st = bc_ymap_check_keys(d, n, PAGE_KEYS, err)) ||
        (st = bc_ymap_number(d, n, "width", false, &g->width, err)) ||
        (st = bc_ymap_number(d, n, "height", false, &g->height, err)) ||
        (st = bc_ymap_number(d, n, "top", false, &g->top, err)) ||
        (st = bc_ymap_number(d, n, "bottom", false, &g->bottom, err)) ||
        (st = bc_ymap_number(d, n, "left", false, &g->left, err)) ||
        (st = bc_ymap_number(d, n, "right", false, &g->right, err)))
        return st;
    if (g->left + g->right >= g->width - 20 || g->top + g->bottom >= g->height - 20)
        return bc_error_set(err, BC_E_INPUT, d->file, n->line, n->column,
                            "lề trang quá lớn so với khổ giấy");
    return BC_OK;
}

static bc_status load_style(const bc_ydoc *d, const bc_ynode *n, bc_style *s, bc_error *err)
{
    bc_status st;
    if ((st = bc_ymap_check_keys(d, n, STYLE_KEYS, err)) ||
        (st = bc_ymap_number(d, n, "size", false, &s->size, err)) ||
        (st = bc_ymap_bool(d, n, "bold", false, &s->bold, err)) ||
        (st = bc_ymap_bool(d, n, "italic", false, &s->italic, err)) ||
        (st = bc_ymap_bool(d, n, "upper", false, &s->upper, err)) ||
        (st = bc_ymap_number(d, n, "indent", false, &s->indent, err)) ||
        (st = bc_ymap_number(d, n, "left", false, &s->left, err)) ||
        (st = bc_ymap_number(d, n, "before", false, &s->before, err)) ||
        (st = bc_ymap_number(d, n, "after", false, &s->after, err)) ||
        (st = bc_ymap_number(d, n, "spacing", false, &s->spacing, err)))
        return st;
    char *align = NULL;
    if ((st = bc_ymap_string(d, n, "align", false, &align, err)))
        return st;
    if (align) {
        static const char *const names[] = {"left", "center", "right", "justify", NULL};
        int k = -1;
        for (int i = 0; names[i]; i++)
            if (!strcmp(align, names[i]))
                k = i;
        const bc_ynode *an = bc_ymap_get(n, "align");
        if (k < 0) {
            bc_error_set(err, BC_E_INPUT, d->file, an->line, an->column,
                         "căn lề '%s' không hợp lệ; dùng left, center, right hoặc justify", align);
            free(align);
            return BC_E_INPUT;
        }
        s->align = (bc_align)k;
        free(align);
    }
    if (s->size < 4 || s->size > 72 || s->spacing < 0.5 || s->spacing > 4)
        return bc_error_set(err, BC_E_INPUT, d->file, n->line, n->column,
                            "cỡ chữ (4-72 pt) hoặc giãn dòng (0,5-4) ngoài giới hạn");
    return BC_OK;
}

/* Reads the layout document d over c. */
static bc_status apply(bc_layout_cfg *c, const bc_ydoc *d, bc_error *err)
{
    bc_status st = BC_OK;
    const bc_ynode *r = d->root;
    const bc_ynode *h, *u, *cl, *fn, *styles;
    if (!r || r->kind != BC_Y_MAP) {
        return bc_error_set(err, BC_E_INPUT, d->file, 1, 1, "tệp bố cục phải là một bảng khóa");
    }
    if ((st = bc_ymap_check_keys(d, r, TOP_KEYS, err)) ||
        (st = bc_ymap_string(d, r, "name", false, &c->name, err)) ||
        (st = bc_ymap_strings(d, r, "fonts", false, &c->fonts, NULL, err)) ||
        (st = bc_ymap_number(d, r, "single", false, &c->single, err)) ||
        (st = bc_ymap_number(d, r, "page-number-baseline", false, &c->page_number_baseline,
                             err)) ||
        (st = load_page(d, bc_ymap_get(r, "page"), &c->page, err)) ||
        (st = load_page(d, bc_ymap_get(r, "landscape"), &c->landscape, err)))
        return st;
    if ((h = bc_ymap_get(r, "header")) &&
        ((st = bc_ymap_check_keys(d, h, HEADER_KEYS, err)) ||
         (st = bc_ymap_number(d, h, "left-width", false, &c->header_left_width, err)) ||
         (st = bc_ymap_number(d, h, "right-width", false, &c->header_right_width, err)) ||
         (st = bc_ymap_number(d, h, "left-offset", false, &c->header_left_offset, err)) ||
         (st = bc_ymap_number(d, h, "right-offset", false, &c->header_right_offset, err)) ||
         (st = bc_ymap_number(d, h, "agency-rule", false, &c->agency_rule, err)) ||
         (st = bc_ymap_number(d, h, "rule-width", false, &c->rule_width, err)) ||
         (st = bc_ymap_number(d, h, "date-gap", false, &c->date_gap, err)) ||
         (st = bc_ymap_number(d, h, "title-gap", false, &c->title_gap, err)) ||
         (st = bc_ymap_number(d, h, "rule-drop", false, &c->rule_drop, err)) ||
         (st = bc_ymap_number(d, h, "rule-after", false, &c->rule_after, err)) ||
         (st = bc_ymap_number(d, h, "vv-gap", false, &c->vv_gap, err)) ||
         (st = bc_ymap_number(d, h, "urgency-gap", false, &c->urgency_gap, err)) ||
         (st = bc_ymap_number(d, h, "summary-left", false, &c->summary_left, err)) ||
         (st = bc_ymap_number(d, h, "summary-width", false, &c->summary_width, err)) ||
         (st = bc_ymap_number(d, h, "kinh-gui-gap", false, &c->kinh_gui_gap, err)) ||
         (st = bc_ymap_number(d, h, "kinh-gui-label-gap", false, &c->kinh_gui_label_gap, err)) ||
         (st = bc_ymap_number(d, h, "recipients-after", false, &c->recipients_after, err)) ||
         (st = bc_ymap_number(d, h, "after", false, &c->header_after, err))))
        return st;
    if ((u = bc_ymap_get(r, "urgency")) &&
        ((st = bc_ymap_check_keys(d, u, URGENCY_KEYS, err)) ||
         (st = bc_ymap_number(d, u, "height", false, &c->urgency_height, err)) ||
         (st = bc_ymap_number(d, u, "line-width", false, &c->urgency_line_width, err)) ||
         (st = bc_ymap_number(d, u, "khan", false, &c->urgency_khan, err)) ||
         (st = bc_ymap_number(d, u, "thuong-khan", false, &c->urgency_thuong_khan, err)) ||
         (st = bc_ymap_number(d, u, "hoa-toc", false, &c->urgency_hoa_toc, err)) ||
         (st = ymap_colour(d, u, "colour", &c->urgency_rgb, err))))
        return st;
    if ((cl = bc_ymap_get(r, "closing")) &&
        ((st = bc_ymap_check_keys(d, cl, CLOSING_KEYS, err)) ||
         (st = bc_ymap_number(d, cl, "left-width", false, &c->closing_left_width, err)) ||
         (st = bc_ymap_number(d, cl, "signature-space", false, &c->signature_space, err)) ||
         (st = bc_ymap_number(d, cl, "gap", false, &c->closing_gap, err)) ||
         (st = bc_ymap_number(d, cl, "after", false, &c->closing_after, err)) ||
         (st = bc_ymap_number(d, cl, "cc-inset", false, &c->cc_inset, err))))
        return st;
    const bc_ynode *sg;
    if ((sg = bc_ymap_get(r, "signature")) &&
        ((st = bc_ymap_check_keys(d, sg, SIGNATURE_KEYS, err)) ||
         (st = bc_ymap_number(d, sg, "signer-width", false, &c->sig_signer_width, err)) ||
         (st = bc_ymap_number(d, sg, "seal-size", false, &c->sig_seal_size, err)) ||
         (st = bc_ymap_number(d, sg, "seal-overlap", false, &c->sig_seal_overlap, err)) ||
         (st = bc_ymap_number(d, sg, "info-size", false, &c->sig_info_size, err))))
        return st;
    if ((fn = bc_ymap_get(r, "footnotes")) &&
        ((st = bc_ymap_check_keys(d, fn, NOTE_KEYS, err)) ||
         (st = bc_ymap_number(d, fn, "rule-length", false, &c->footnote_rule_length, err)) ||
         (st = bc_ymap_number(d, fn, "gap", false, &c->footnote_gap, err)) ||
         (st = bc_ymap_number(d, fn, "rule-width", false, &c->footnote_rule_width, err))))
        return st;
    const bc_ynode *tx = bc_ymap_get(r, "text");
    if (tx) {
        const char *keys[NTEXT + 3] = {0};
        for (size_t i = 0; i < NTEXT; i++)
            keys[i] = TEXT_NUMS[i].key;
        keys[NTEXT] = "inserted-colour";
        keys[NTEXT + 1] = "deleted-colour";
        if ((st = bc_ymap_check_keys(d, tx, keys, err)))
            return st;
        for (size_t i = 0; i < NTEXT; i++)
            if ((st = bc_ymap_number(d, tx, TEXT_NUMS[i].key, false,
                                     (double *)((char *)&c->text + TEXT_NUMS[i].off), err)))
                return st;
        if ((st = ymap_colour(d, tx, "inserted-colour", &c->text.inserted_rgb, err)) ||
            (st = ymap_colour(d, tx, "deleted-colour", &c->text.deleted_rgb, err)))
            return st;
    }
    const bc_ynode *tb = bc_ymap_get(r, "table");
    if (tb && ((st = bc_ymap_check_keys(d, tb, TABLE_KEYS, err)) ||
               (st = bc_ymap_number(d, tb, "cell-padding", false, &c->table_cell_padding, err)) ||
               (st = bc_ymap_number(d, tb, "cell-padding-v", false, &c->table_cell_padding_v,
                                    err)) ||
               (st = bc_ymap_number(d, tb, "min-padding", false, &c->table_min_padding, err)) ||
               (st = bc_ymap_number(d, tb, "min-column", false, &c->table_min_column, err)) ||
               (st = bc_ymap_number(d, tb, "rule-width", false, &c->table_rule_width, err)) ||
               (st = bc_ymap_number(d, tb, "title-inset", false, &c->table_title_inset, err)) ||
               (st = bc_ymap_number(d, tb, "title-width", false, &c->table_title_width, err)) ||
               (st = bc_ymap_number(d, tb, "attach-rule", false, &c->table_attach_rule, err)) ||
               (st = bc_ymap_number(d, tb, "rule-drop", false, &c->table_rule_drop, err)) ||
               (st = bc_ymap_number(d, tb, "rule-after", false, &c->table_rule_after, err)) ||
               (st = bc_ymap_number(d, tb, "title-after", false, &c->table_title_after, err)) ||
               (st = bc_ymap_number(d, tb, "continued-after", false, &c->table_continued_after,
                                    err)) ||
               (st = bc_ymap_number(d, tb, "note-before", false, &c->table_note_before, err))))
        return st;
    const bc_ynode *dr = bc_ymap_get(r, "draft");
    if (dr && (st = load_draft(d, dr, c, err)))
        return st;
    if ((styles = bc_ymap_get(r, "styles"))) {
        if (styles->kind != BC_Y_MAP) {
            return bc_error_set(err, BC_E_INPUT, d->file, styles->line, styles->column,
                                "'styles' phải là một bảng khóa tên kiểu: {...}");
        }
        for (size_t i = 0; i < styles->count; i++) {
            const char *key = styles->keys[i]->value;
            int id = -1;
            for (int k = 0; k < BC_ST_COUNT; k++)
                if (!strcmp(key, STYLE_NAMES[k]))
                    id = k;
            if (id < 0) {
                const char *near = bc_nearest(key, (const char *const *)STYLE_NAMES);
                return bc_error_set(err, BC_E_INPUT, d->file, styles->keys[i]->line,
                                    styles->keys[i]->column, "kiểu '%s' không được biết%s%s%s",
                                    key, near ? "; có phải ý bạn là '" : "", near ? near : "",
                                    near ? "'?" : "");
            }
            if ((st = load_style(d, styles->items[i], &c->styles[id], err)))
                return st;
        }
    }
    return BC_OK;
}

/* layouts/nd30-chuan.yaml, compiled in (generated by CMakeLists.txt). */
extern const unsigned char bc_layout_default_yaml[];
extern const size_t bc_layout_default_yaml_len;

bc_layout_cfg *bc_layout_cfg_default(void)
{
    bc_layout_cfg *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    /* What a style's unset keys mean (layouts/nd30-chuan.yaml says so). */
    for (int i = 0; i < BC_ST_COUNT; i++)
        c->styles[i] = (bc_style){.align = BC_ALIGN_LEFT, .spacing = 1.0};
    bc_ydoc *d = NULL;
    bc_error e = BC_ERROR_INIT;
    bc_status st = bc_ydoc_parse((const char *)bc_layout_default_yaml, bc_layout_default_yaml_len,
                                 "nd30-chuan.yaml", &d, &e);
    if (!st)
        st = apply(c, d, &e);
    /* The compiled-in file sets every style and the page (a unit test
     * holds it to that); anything else is out of memory. */
    for (int i = 0; !st && i < BC_ST_COUNT; i++)
        if (c->styles[i].size <= 0)
            st = BC_E_INTERNAL;
    if (!st && (!c->name || !c->fonts || c->page.width <= 0 || c->landscape.width <= 0))
        st = BC_E_INTERNAL;
    bc_ydoc_free(d);
    bc_error_clear(&e);
    if (st) {
        bc_layout_cfg_free(c);
        return NULL;
    }
    return c;
}

bc_status bc_layout_cfg_load(const char *dir, const char *name, bc_layout_cfg **out,
                             bc_error *err)
{
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '.')
            return bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                                "tên bố cục '%s' không hợp lệ (chỉ dùng chữ, số và '-')", name);
    char *path = bc_strdup_printf("%s/%s.yaml", dir, name);
    if (!path)
        return bc_nomem(err);
    bc_ydoc *d = NULL;
    bc_error tmp = BC_ERROR_INIT;
    char *data = NULL;
    size_t len = 0;
    bc_status st = bc_file_read(path, &data, &len, &tmp);
    if (!st && len == bc_layout_default_yaml_len &&
        !memcmp(data, bc_layout_default_yaml, len)) {
        /* The file is the compiled-in layout (layouts/nd30-chuan.yaml as
         * shipped): what it sets is the default, parsed once. */
        free(data);
        free(path);
        if (!(*out = bc_layout_cfg_default()))
            return bc_nomem(err);
        return BC_OK;
    }
    if (!st)
        st = bc_ydoc_parse(data, len, path, &d, &tmp);
    free(data);
    if (st) {
        if (tmp.line == 0) {
            bc_error_set(err, BC_E_INPUT, NULL, 0, 0,
                         "không tìm thấy bố cục '%s' (đã tìm tệp %s); hãy kiểm tra trường "
                         "'bo-cuc' trong tệp báo cáo",
                         name, path);
        } else {
            bc_error_set(err, tmp.status, tmp.file, tmp.line, tmp.column, "%s", tmp.message);
        }
        bc_error_clear(&tmp);
        free(path);
        return st;
    }
    free(path);
    bc_layout_cfg *c = bc_layout_cfg_default();
    if (!c) {
        bc_ydoc_free(d);
        return bc_nomem(err);
    }
    st = apply(c, d, err);
    bc_ydoc_free(d);
    if (st) {
        bc_layout_cfg_free(c);
        return st;
    }
    *out = c;
    return BC_OK;
}
