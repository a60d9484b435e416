/* layoutcfg.c - layout files: defaults + YAML overrides. */
#include "layoutcfg.h"

#include <stdlib.h>
#include <string.h>

#include "yamltree.h"

static const char *const STYLE_NAMES[BC_ST_COUNT + 1] = {
    "body", "heading-1", "heading-2", "heading-3", "item-1", "item-2", "footnote",
    "note-marker", "quoc-hieu", "tieu-ngu", "co-quan-chu-quan", "co-quan",
    "so", "dia-danh-ngay", "ten-loai", "trich-yeu", "v-v", "kinh-gui",
    "do-khan", "sau-noi-dung", "noi-nhan-nhan", "noi-nhan", "tham-quyen", "ho-ten",
    "so-trang", "phu-luc-nhan", "phu-luc-ten", "phu-luc-kem-theo", "phu-luc-ghi-chu",
    "bang-tieu-de", "bang-noi-dung", NULL};

const char *bc_style_name(bc_style_id id) { return STYLE_NAMES[id]; }

static bc_style st(double size, bool bold, bool italic, bc_align align)
{
    return (bc_style){.size = size, .bold = bold, .italic = italic, .align = align,
                      .spacing = 1.0};
}

bc_layout_cfg *bc_layout_cfg_default(void)
{
    bc_layout_cfg *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->name = bc_strdup("nd30");
    c->fonts = calloc(3, sizeof *c->fonts);
    if (!c->name || !c->fonts) {
        bc_layout_cfg_free(c);
        return NULL;
    }
    c->fonts[0] = bc_strdup("Times New Roman");
    c->fonts[1] = bc_strdup("Liberation Serif");
    c->single = 1.15;
    c->page = (bc_page_geom){210, 297, 25, 20, 35, 20};
    c->landscape = (bc_page_geom){297, 210, 20, 20, 30, 15};
    c->page_number_baseline = 15;
    c->header_left_width = 62;
    c->header_right_width = 100;
    c->header_left_offset = -3;
    c->header_right_offset = 0;
    c->agency_rule = 0.4;
    c->rule_width = 0.6;
    c->date_gap = 4;
    c->title_gap = 14;
    c->closing_left_width = 75;
    c->signature_space = 26;
    c->closing_gap = 10;
    c->footnote_rule_length = 50;
    c->footnote_gap = 8;

    bc_style *s = c->styles;
    s[BC_ST_BODY] = st(14, false, false, BC_ALIGN_JUSTIFY);
    s[BC_ST_BODY].indent = 10;
    s[BC_ST_BODY].after = 6;
    s[BC_ST_BODY].spacing = 1.1;
    s[BC_ST_H1] = s[BC_ST_BODY];
    s[BC_ST_H1].bold = s[BC_ST_H1].upper = true;
    s[BC_ST_H1].before = 6;
    s[BC_ST_H1].align = BC_ALIGN_LEFT;
    s[BC_ST_H2] = s[BC_ST_BODY];
    s[BC_ST_H2].bold = true;
    s[BC_ST_H3] = s[BC_ST_BODY];
    s[BC_ST_H3].italic = true;
    s[BC_ST_ITEM1] = s[BC_ST_BODY];
    s[BC_ST_ITEM2] = s[BC_ST_BODY];
    s[BC_ST_FOOTNOTE] = st(12, false, false, BC_ALIGN_JUSTIFY);
    s[BC_ST_FOOTNOTE].after = 1;
    s[BC_ST_NOTEREF] = st(9, false, false, BC_ALIGN_LEFT);
    s[BC_ST_QUOC_HIEU] = st(12, true, false, BC_ALIGN_CENTER);
    s[BC_ST_TIEU_NGU] = st(13, true, false, BC_ALIGN_CENTER);
    s[BC_ST_AGENCY_PARENT] = st(12, false, false, BC_ALIGN_CENTER);
    s[BC_ST_AGENCY] = st(12, true, false, BC_ALIGN_CENTER);
    s[BC_ST_NUMBER] = st(13, false, false, BC_ALIGN_CENTER);
    s[BC_ST_DATE] = st(13, false, true, BC_ALIGN_CENTER);
    s[BC_ST_DOC_TYPE] = st(14, true, false, BC_ALIGN_CENTER);
    s[BC_ST_SUMMARY] = st(14, true, false, BC_ALIGN_CENTER);
    s[BC_ST_VV] = st(13, false, false, BC_ALIGN_CENTER);
    s[BC_ST_KINH_GUI] = st(14, false, false, BC_ALIGN_LEFT);
    s[BC_ST_URGENCY] = st(13, true, false, BC_ALIGN_CENTER);
    s[BC_ST_AFTER_BODY] = s[BC_ST_BODY];
    s[BC_ST_AFTER_BODY].italic = true;
    s[BC_ST_CC_LABEL] = st(12, true, true, BC_ALIGN_LEFT);
    s[BC_ST_CC] = st(11, false, false, BC_ALIGN_LEFT);
    s[BC_ST_AUTHORITY] = st(14, true, false, BC_ALIGN_CENTER);
    s[BC_ST_SIGNER] = st(14, true, false, BC_ALIGN_CENTER);
    s[BC_ST_PAGE_NUMBER] = st(14, false, false, BC_ALIGN_CENTER);
    s[BC_ST_APPX_LABEL] = st(14, true, false, BC_ALIGN_CENTER);
    s[BC_ST_APPX_TITLE] = st(14, true, false, BC_ALIGN_CENTER);
    s[BC_ST_APPX_TITLE].upper = true;
    s[BC_ST_APPX_ATTACH] = st(14, false, true, BC_ALIGN_CENTER);
    s[BC_ST_APPX_NOTE] = st(13, false, true, BC_ALIGN_LEFT);
    s[BC_ST_TABLE_HEAD] = st(12, true, false, BC_ALIGN_CENTER);
    s[BC_ST_TABLE_BODY] = st(12, false, false, BC_ALIGN_LEFT);
    return c;
}

void bc_layout_cfg_free(bc_layout_cfg *cfg)
{
    if (!cfg)
        return;
    free(cfg->name);
    bc_strv_free(cfg->fonts);
    free(cfg);
}

static const char *const TOP_KEYS[] = {"name", "fonts", "single", "page", "landscape",
                                       "page-number-baseline", "header", "closing",
                                       "footnotes", "styles", NULL};
static const char *const PAGE_KEYS[] = {"width", "height", "top", "bottom", "left", "right", NULL};
static const char *const HEADER_KEYS[] = {"left-width", "right-width", "left-offset",
                                          "right-offset", "agency-rule", "rule-width",
                                          "date-gap", "title-gap", NULL};
static const char *const CLOSING_KEYS[] = {"left-width", "signature-space", "gap", NULL};
static const char *const NOTE_KEYS[] = {"rule-length", "gap", NULL};
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
    bc_status st = bc_ydoc_load(path, &d, &tmp);
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
    const bc_ynode *r = d->root;
    const bc_ynode *h, *cl, *fn, *styles;
    if (!r || r->kind != BC_Y_MAP) {
        st = bc_error_set(err, BC_E_INPUT, d->file, 1, 1, "tệp bố cục phải là một bảng khóa");
        goto out;
    }
    if ((st = bc_ymap_check_keys(d, r, TOP_KEYS, err)) ||
        (st = bc_ymap_string(d, r, "name", false, &c->name, err)) ||
        (st = bc_ymap_strings(d, r, "fonts", false, &c->fonts, NULL, err)) ||
        (st = bc_ymap_number(d, r, "single", false, &c->single, err)) ||
        (st = bc_ymap_number(d, r, "page-number-baseline", false, &c->page_number_baseline,
                             err)) ||
        (st = load_page(d, bc_ymap_get(r, "page"), &c->page, err)) ||
        (st = load_page(d, bc_ymap_get(r, "landscape"), &c->landscape, err)))
        goto out;
    if ((h = bc_ymap_get(r, "header")) &&
        ((st = bc_ymap_check_keys(d, h, HEADER_KEYS, err)) ||
         (st = bc_ymap_number(d, h, "left-width", false, &c->header_left_width, err)) ||
         (st = bc_ymap_number(d, h, "right-width", false, &c->header_right_width, err)) ||
         (st = bc_ymap_number(d, h, "left-offset", false, &c->header_left_offset, err)) ||
         (st = bc_ymap_number(d, h, "right-offset", false, &c->header_right_offset, err)) ||
         (st = bc_ymap_number(d, h, "agency-rule", false, &c->agency_rule, err)) ||
         (st = bc_ymap_number(d, h, "rule-width", false, &c->rule_width, err)) ||
         (st = bc_ymap_number(d, h, "date-gap", false, &c->date_gap, err)) ||
         (st = bc_ymap_number(d, h, "title-gap", false, &c->title_gap, err))))
        goto out;
    if ((cl = bc_ymap_get(r, "closing")) &&
        ((st = bc_ymap_check_keys(d, cl, CLOSING_KEYS, err)) ||
         (st = bc_ymap_number(d, cl, "left-width", false, &c->closing_left_width, err)) ||
         (st = bc_ymap_number(d, cl, "signature-space", false, &c->signature_space, err)) ||
         (st = bc_ymap_number(d, cl, "gap", false, &c->closing_gap, err))))
        goto out;
    if ((fn = bc_ymap_get(r, "footnotes")) &&
        ((st = bc_ymap_check_keys(d, fn, NOTE_KEYS, err)) ||
         (st = bc_ymap_number(d, fn, "rule-length", false, &c->footnote_rule_length, err)) ||
         (st = bc_ymap_number(d, fn, "gap", false, &c->footnote_gap, err))))
        goto out;
    if ((styles = bc_ymap_get(r, "styles"))) {
        if (styles->kind != BC_Y_MAP) {
            st = bc_error_set(err, BC_E_INPUT, d->file, styles->line, styles->column,
                              "'styles' phải là một bảng khóa tên kiểu: {...}");
            goto out;
        }
        for (size_t i = 0; i < styles->count; i++) {
            const char *key = styles->keys[i]->value;
            int id = -1;
            for (int k = 0; k < BC_ST_COUNT; k++)
                if (!strcmp(key, STYLE_NAMES[k]))
                    id = k;
            if (id < 0) {
                const char *near = bc_nearest(key, (const char *const *)STYLE_NAMES);
                st = bc_error_set(err, BC_E_INPUT, d->file, styles->keys[i]->line,
                                  styles->keys[i]->column, "kiểu '%s' không được biết%s%s%s",
                                  key, near ? "; có phải ý bạn là '" : "", near ? near : "",
                                  near ? "'?" : "");
                goto out;
            }
            if ((st = load_style(d, styles->items[i], &c->styles[id], err)))
                goto out;
        }
    }
out:
    bc_ydoc_free(d);
    if (st) {
        bc_layout_cfg_free(c);
        return st;
    }
    *out = c;
    return BC_OK;
}
