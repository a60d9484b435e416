/* tablelayout.c - appendix tables on pages. */
#include "tablelayout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "vnnum.h"

#define SPLIT_LINES 4       /* rows of more lines may be split across pages */

typedef struct tctx {
    bc_pager *pager;
    bc_frame fr;
    const bc_table *t;
    const bc_appendix_info *info;
    double *x;              /* column edges: x[0] .. x[ncols] */
    bc_style head, body;
    /* The layout's table measures (layoutcfg.h "table"), in pt. */
    double hpad, vpad;      /* cell padding: left and right, top and bottom */
    double minpad;          /* padding left to a token too long for the cell */
    double border;          /* rule width */
    /* the row being laid out: its name cell spans leaves [span_lo, span_hi],
     * so the rules at x[k], span_lo < k <= span_hi, are not drawn */
    size_t span_lo, span_hi;
    uint64_t seq;           /* the table's structure ids: Table (0), THead (1), TBody (2) */
    uint64_t head_seq;      /* header cells: TH (1 + node), TR of header row d
                             * (BC_SID_HEADER_ROW + d) */
    bool coarse;            /* more than BC_TAG_MAX_CELLS cells: tagged as paragraphs */
    uint64_t chunk_seq;     /* coarse: the paragraph of the current rows */
} tctx;

/* Items [from, ...) of dst belong to the cell path Table > part > TR > cell;
 * the cell spans cols columns and rows rows. */
static void cell_spath(const tctx *c, bc_page *dst, size_t from, bool head, uint64_t tr,
                       uint64_t cell, size_t cols, int rows)
{
    bc_spath sp = {0};
    if (c->coarse) { /* Div > P of a row's (or the header's) whole chunk */
        bc_spath_push(&sp, BC_SE_DIV, bc_sid(c->seq, 0));
        bc_spath_push(&sp, BC_SE_P, tr);
        sp.bulk = true;
        bc_page_set_spath(dst, from, &sp);
        return;
    }
    bc_spath_push(&sp, BC_SE_TABLE, bc_sid(c->seq, 0));
    bc_spath_push(&sp, head ? BC_SE_THEAD : BC_SE_TBODY, bc_sid(c->seq, head ? 1 : 2));
    bc_spath_push(&sp, BC_SE_TR, tr);
    bc_spath_push(&sp, head ? BC_SE_TH : BC_SE_TD, cell);
    sp.colspan = (uint16_t)(cols > 1 && cols <= UINT16_MAX ? cols : 1);
    sp.rowspan = (uint16_t)(rows > 1 && rows <= UINT16_MAX ? rows : 1);
    bc_page_set_spath(dst, from, &sp);
}

/* Whether the vertical rule at x[k] separates two cells of the current row. */
static bool rule_shown(const tctx *c, size_t k) { return k <= c->span_lo || k > c->span_hi; }

/* Last leaf the name cell of row r covers: a group row (not a totals row)
 * whose cells after the name are empty up to the spec's gop-cot leaf spans
 * them, so a long group title is not wrapped in a narrow column. */
static size_t name_span_end(const bc_table *t, const bc_row *row)
{
    if (t->name_col < 0 || t->group_span_to <= t->name_col || !row->is_group || row->is_total)
        return t->name_col < 0 ? 0 : (size_t)t->name_col;
    size_t end = (size_t)t->name_col;
    while ((int)end < t->group_span_to && (int)end + 1 < (int)t->ncols) {
        const char *d = row->cells[end + 1].display;
        if (d && d[0])
            break;
        end++;
    }
    return end;
}

static bc_status column_edges(tctx *c, bc_error *err)
{
    const bc_table *t = c->t;
    double W = c->fr.width, fixed = 0, weights = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        const bc_column *col = &t->cols[i];
        switch (col->width_kind) {
        case BC_WIDTH_MM: fixed += col->width * BC_MM; break;
        case BC_WIDTH_PERCENT: fixed += col->width * W / 100; break;
        case BC_WIDTH_WEIGHT: weights += col->width; break;
        default: weights += 1; break;
        }
    }
    double rest = W - fixed;
    if (rest < -0.5 || (weights > 0 && rest < c->fr.cfg->table_min_column * BC_MM * weights / (weights + 1)))
        return bc_error_set(err, BC_E_LAYOUT, t->spec_file, 0, 0,
                            "các cột rộng %.0f mm, vượt chiều rộng trang (%.0f mm); hãy giảm độ "
                            "rộng cột hoặc in trang ngang (huong: ngang)",
                            fixed / BC_MM, W / BC_MM);
    c->x = calloc(t->ncols + 1, sizeof *c->x);
    if (!c->x)
        return bc_nomem(err);
    c->x[0] = c->fr.left;
    for (size_t i = 0; i < t->ncols; i++) {
        const bc_column *col = &t->cols[i];
        double w;
        switch (col->width_kind) {
        case BC_WIDTH_MM: w = col->width * BC_MM; break;
        case BC_WIDTH_PERCENT: w = col->width * W / 100; break;
        case BC_WIDTH_WEIGHT: w = weights > 0 ? rest * col->width / weights : 0; break;
        default: w = weights > 0 ? rest / weights : 0; break;
        }
        c->x[i + 1] = c->x[i] + w;
    }
    return BC_OK;
}

static bc_status shape_cell(tctx *c, const char *text, const bc_style *s, double width,
                            bool code_breaks, bc_para **out, bc_error *err)
{
    bc_para_opts o = {.style = s,
                      .single = c->fr.cfg->single,
                      .text = &c->fr.cfg->text,
                      .width = width,
                      .allow_code_breaks = code_breaks,
                      .file = c->t->spec_file};
    return bc_para_shape_plain(c->fr.fonts, text, &o, out, err);
}

static bool rule(bc_page *dst, double x0, double y0, double x1, double y1, double width)
{
    bc_ditem *it = bc_page_add(dst, BC_DI_RULE);
    if (!it)
        return false;
    it->x = x0;
    it->y = y0;
    it->x2 = x1;
    it->y2 = y1;
    it->line_width = width;
    return true;
}

static bool emit_para(const bc_para *p, bc_page *dst, double x, double y, bc_drole role)
{
    for (size_t i = 0; i < p->nlines; i++) {
        if (!bc_line_emit(&p->lines[i], dst, x, y + p->lines[i].baseline, role))
            return false;
        y += p->lines[i].height;
    }
    return true;
}

/* ---- header ---------------------------------------------------------------- */

typedef struct hcell {
    const bc_col_node *node;
    bc_para *para;
} hcell;

static void collect_nodes(const bc_col_node *nodes, size_t n, hcell **out, size_t *count,
                          size_t *cap)
{
    for (size_t i = 0; i < n; i++) {
        if (!BC_GROW(out, cap, *count + 1, 16))
            return;
        (*out)[(*count)++] = (hcell){&nodes[i], NULL};
        collect_nodes(nodes[i].children, nodes[i].nchildren, out, count, cap);
    }
}

static bc_status build_header(tctx *c, bc_vbox **out, bc_error *err)
{
    const bc_table *t = c->t;
    int rows = t->header_rows > 0 ? t->header_rows : 1;
    hcell *cells = NULL;
    size_t n = 0, cap = 0;
    collect_nodes(t->header, t->nheader, &cells, &n, &cap);
    double *h = calloc((size_t)rows + 1, sizeof *h);
    bc_status st = BC_OK;
    if (!h || (t->nheader && !cells)) {
        free(h);
        free(cells);
        return bc_nomem(err);
    }
    for (size_t i = 0; i < n && !st; i++) {
        const bc_col_node *nd = cells[i].node;
        double w = c->x[nd->first_leaf + nd->nleaves] - c->x[nd->first_leaf] - 2 * c->hpad;
        st = shape_cell(c, nd->label ? nd->label : "", &c->head, w, true, &cells[i].para, err);
    }
    /* Row heights: single-row cells first, then cells spanning rows. */
    for (int pass = 0; pass < 2 && !st; pass++)
        for (size_t i = 0; i < n; i++) {
            const bc_col_node *nd = cells[i].node;
            int span = nd->row_span > 0 ? nd->row_span : 1;
            if ((pass == 0) != (span == 1))
                continue;
            double need = bc_para_height(cells[i].para) + 2 * c->vpad, have = 0;
            int last = nd->depth + span - 1 < rows ? nd->depth + span - 1 : rows - 1;
            for (int r = nd->depth; r <= last; r++)
                have += h[r];
            if (need > have)
                h[last] += need - have;
        }
    bc_vbox *box = st ? NULL : bc_vbox_new(0);
    if (!st && !box)
        st = bc_nomem(err);
    double *top = calloc((size_t)rows + 1, sizeof *top);
    if (!st && !top)
        st = bc_nomem(err);
    for (int r = 0; !st && r < rows; r++)
        top[r + 1] = top[r] + h[r];
    for (size_t i = 0; i < n && !st; i++) {
        const bc_col_node *nd = cells[i].node;
        int span = nd->row_span > 0 ? nd->row_span : 1;
        int last = nd->depth + span < rows ? nd->depth + span : rows;
        double x0 = c->x[nd->first_leaf], x1 = c->x[nd->first_leaf + nd->nleaves];
        double y0 = top[nd->depth], y1 = top[last];
        double th = bc_para_height(cells[i].para);
        size_t from = box->content->count;
        if (!emit_para(cells[i].para, box->content, x0 + c->hpad, y0 + (y1 - y0 - th) / 2,
                       BC_ROLE_TABLE) ||
            (box->content->count == from && /* an empty cell: its TH */
             !bc_page_add_empty_run(box->content, x0 + c->hpad, y0 + (y1 - y0) / 2, c->head.size,
                                    BC_ROLE_TABLE))) {
            st = bc_nomem(err);
            break;
        }
        cell_spath(c, box->content, from, true, bc_sid(c->head_seq, c->coarse ? 0 : BC_SID_HEADER_ROW + (uint32_t)nd->depth),
                   bc_sid(c->head_seq, 1 + (uint32_t)i), nd->nleaves, last - nd->depth);
        bc_ditem *b = bc_page_add(box->content, BC_DI_BOX);
        if (!b) {
            st = bc_nomem(err);
            break;
        }
        b->x = x0;
        b->y = y0;
        b->x2 = x1;
        b->y2 = y1;
        b->line_width = c->border;
    }
    if (!st)
        box->height = top[rows];
    for (size_t i = 0; i < n; i++)
        bc_para_free(cells[i].para);
    free(cells);
    free(h);
    free(top);
    if (st) {
        bc_vbox_free(box);
        return st;
    }
    *out = box;
    return BC_OK;
}

/* ---- rows ------------------------------------------------------------------ */

static bc_status cell_error(tctx *c, const bc_row *row, size_t r, size_t col, bc_status st,
                            bc_error *err)
{
    char *label = bc_table_row_label_of(c->t, row, r);
    char *msg = bc_strdup(err->message);
    const bc_cell *cell = &row->cells[col];
    const char *file = c->t->csv_file ? c->t->csv_file : c->t->spec_file;
    bc_error_set(err, st, file, cell->line, cell->column,
                 "%s, hàng «%s», cột «%s»: %s", c->t->label ? c->t->label : "bảng",
                 label ? label : "", c->t->cols[col].path_label, msg ? msg : "");
    free(label);
    free(msg);
    return st;
}

static bool is_number_cell(const bc_column *col, const bc_cell *cell)
{
    return (col->kind == BC_COL_INTEGER || col->kind == BC_COL_DECIMAL ||
            col->kind == BC_COL_RATE) &&
           !(cell->flags & (BC_CELL_INVALID | BC_CELL_EMPTY));
}

/* Widest ink extent of p beyond [0, avail] (0 when it fits): every run of
 * every line, whatever the alignment put it. */
static double overhang(const bc_para *p, double avail)
{
    double worst = 0;
    for (size_t l = 0; l < p->nlines; l++) {
        const bc_line *ln = &p->lines[l];
        for (size_t i = 0; i < ln->nruns; i++) {
            double lo = ln->runs[i].x, hi = ln->runs[i].x + ln->runs[i].width;
            if (-lo > worst)
                worst = -lo;
            if (hi - avail > worst)
                worst = hi - avail;
        }
    }
    return worst;
}

/* No ink crosses a cell's rule, and a number is never wrapped: shaped with
 * the cell's padding, or failing that with the minimum padding (a long
 * token), else BC_E_LAYOUT with the width the cell needs. */
static bc_status fit_cell(tctx *c, const char *text, const bc_style *cs, bool number, double cw,
                          bc_para **out, double *pad, bc_error *err)
{
    const double pads[2] = {c->hpad, c->minpad};
    bc_status st = BC_OK;
    for (int i = 0; i < 2; i++) {
        if (*out) {
            bc_para_free(*out);
            *out = NULL;
        }
        bc_error_clear(err);
        *pad = pads[i];
        double avail = cw - 2 * pads[i];
        st = shape_cell(c, text, cs, avail, !number, out, err);
        if (st && st != BC_E_LAYOUT)
            return st;
        /* ink may use the padding, never the rule itself */
        if (!st && overhang(*out, avail) <= pads[i] - c->border / 2 &&
            (!number || (*out)->nlines <= 1))
            return BC_OK;
    }
    /* too wide: how wide is it on one line? (a word too long for a text
     * cell keeps para's message, which names the word) */
    double need = 0;
    if (st == BC_OK || number) {
        bc_para_free(*out);
        *out = NULL;
        bc_error_clear(err);
        if (shape_cell(c, text, cs, 1e6, false, out, err) == BC_OK && *out)
            need = (*out)->max_width;
        bc_para_free(*out);
        *out = NULL;
        bc_error_clear(err);
        need += 2 * c->minpad;
        bc_num_fmt mm = {BC_NUMFMT_DECIMAL, 1, false, false, 0};
        char sneed[32], shave[32];
        bc_num_format_to(sneed, sizeof sneed, ceil(need / BC_MM * 10) / 10, &mm);
        bc_num_format_to(shave, sizeof shave, cw / BC_MM, &mm);
        return bc_error_set(err, BC_E_LAYOUT, NULL, 0, 0,
                            "%s «%s» cần rộng %s mm nhưng cột chỉ rộng %s mm%s; hãy mở rộng "
                            "cột (rong: %.0fmm trở lên), bớt chữ số (đổi đơn vị: nghìn, triệu) "
                            "hoặc in trang ngang",
                            number ? "số" : "chữ", text, sneed, shave,
                            number ? " (số không được ngắt dòng)" : "", ceil(need / BC_MM));
    }
    return st; /* para's own message: a word too long */
}

/* A row cut by a page break keeps its padding at both cut edges: below
 * the last line on the page (then the closing rule) and above the first
 * line on the next page. The continued part shows which row it is: the
 * STT cell's lines again (when they all stood before the cut), as they
 * are, without "(tiếp)": Vietnamese appendices mark a continued table
 * with "(tiếp theo)" over its repeated header (tiep-theo:), never a
 * continued row, and "(tiếp)" does not fit a 10-12 mm STT column.
 * Lines [to, bands) follow the cut. */
static bool cut_edges(tctx *c, bc_vbox *box, bc_para *const *cells, const double *pad,
                      size_t to, size_t bands, double pitch)
{
    const bc_table *t = c->t;
    double x0 = c->x[0], x1 = c->x[t->ncols];
    box->cut_tail = bc_vbox_new(c->vpad);
    box->cut_head = bc_vbox_new(c->vpad);
    if (!box->cut_tail || !box->cut_head)
        return false;
    bool ok = rule(box->cut_tail->content, x0, c->vpad, x1, c->vpad, c->border) &&
              rule(box->cut_head->content, x0, 0, x1, 0, c->border);
    for (size_t k = 0; k <= t->ncols && ok; k++)
        ok = !rule_shown(c, k) ||
             (rule(box->cut_tail->content, c->x[k], 0, c->x[k], c->vpad, c->border) &&
              rule(box->cut_head->content, c->x[k], 0, c->x[k], c->vpad, c->border));
    int mc = t->marker_col;
    if (!ok || mc < 0 || cells[mc]->nlines > to)
        return ok;
    /* The number is drawn over the first continued lines, where its column
     * is empty (its own lines all ended before the cut). */
    size_t room = bands - to, n = cells[mc]->nlines;
    double x = c->x[mc] + pad[mc];
    for (size_t l = 0; l < n && l < room && ok; l++)
        ok = bc_line_emit(&cells[mc]->lines[l], box->cut_head->content, x,
                          c->vpad + (double)l * pitch + cells[mc]->lines[l].baseline,
                          BC_ROLE_TABLE);
    return ok;
}

static bc_status layout_row(tctx *c, const bc_row *row, size_t r, bool first_row, bc_error *err)
{
    const bc_table *t = c->t;
    bc_style s = c->body;
    s.bold = s.bold || (row->style & BC_STYLE_BOLD);
    s.italic = s.italic || (row->style & BC_STYLE_ITALIC);
    bc_para **cells = calloc(t->ncols, sizeof *cells);
    double *pad = calloc(t->ncols, sizeof *pad);
    if (!cells || !pad) {
        free(cells);
        free(pad);
        return bc_nomem(err);
    }
    bc_status st = BC_OK;
    size_t bands = 1;
    if (!c->coarse || r % BC_TAG_COARSE_ROWS == 0)
        c->chunk_seq = bc_pager_new_seq(c->pager);
    uint64_t row_seq = c->chunk_seq;
    c->span_lo = c->span_hi = name_span_end(t, row);
    if (t->name_col >= 0)
        c->span_lo = (size_t)t->name_col;
    for (size_t k = 0; k < t->ncols && !st; k++) {
        bc_style cs = s;
        cs.align = t->cols[k].align;
        bool covered = k > c->span_lo && k <= c->span_hi;
        const char *text = row->cells[k].display && !covered ? row->cells[k].display : "";
        size_t kend = k == c->span_lo ? c->span_hi : k;
        st = fit_cell(c, text, &cs, is_number_cell(&t->cols[k], &row->cells[k]),
                      c->x[kend + 1] - c->x[k], &cells[k], &pad[k], err);
        if (st == BC_E_LAYOUT || st == BC_E_FONT)
            st = cell_error(c, row, r, k, st, err);
        if (!st && cells[k]->nlines > bands)
            bands = cells[k]->nlines;
    }
    double pitch = s.size * c->fr.cfg->single * s.spacing;
    double x0 = c->x[0], x1 = c->x[t->ncols];
    bool split = bands > SPLIT_LINES;
    size_t nslices = split ? bands : 1;
    for (size_t sl = 0; sl < nslices && !st; sl++) {
        size_t from = split ? sl : 0, to = split ? sl + 1 : bands;
        double h = (double)(to - from) * pitch + (from == 0 ? c->vpad : 0) + (to == bands ? c->vpad : 0);
        bc_vbox *box = bc_vbox_new(h);
        if (!box) {
            st = bc_nomem(err);
            break;
        }
        double ytext = from == 0 ? c->vpad : 0;
        bool ok = true;
        for (size_t k = 0; k < t->ncols && ok; k++) {
            if (k > c->span_lo && k <= c->span_hi)
                continue; /* in the group title's cell (one TD with /ColSpan) */
            size_t first = box->content->count;
            for (size_t l = from; l < to && l < cells[k]->nlines; l++)
                ok = bc_line_emit(&cells[k]->lines[l], box->content, c->x[k] + pad[k],
                                  ytext + (double)(l - from) * pitch + cells[k]->lines[l].baseline,
                                  BC_ROLE_TABLE);
            if (ok && from == 0 && box->content->count == first) /* an empty cell: its TD */
                ok = bc_page_add_empty_run(box->content, c->x[k] + pad[k],
                                           ytext + (cells[k]->nlines ? cells[k]->lines[0].baseline : 0), s.size,
                                           BC_ROLE_TABLE);
            if (ok)
                cell_spath(c, box->content, first, false, bc_sid(row_seq, 0),
                           bc_sid(row_seq, 1 + (uint32_t)k),
                           k == c->span_lo ? c->span_hi - c->span_lo + 1 : 1, 1);
        }
        for (size_t k = 0; k <= t->ncols && ok; k++)
            ok = !rule_shown(c, k) || rule(box->content, c->x[k], 0, c->x[k], h, c->border);
        if (ok && to == bands)
            ok = rule(box->content, x0, h, x1, h, c->border);
        if (ok && to < bands)
            ok = cut_edges(c, box, cells, pad, to, bands, pitch);
        if (!ok) {
            bc_vbox_free(box);
            st = bc_nomem(err);
            break;
        }
        if (!split || sl == 1 || sl == nslices - 1)
            box->keep_with_prev = sl > 0;
        if (first_row && sl == 0)
            box->keep_with_prev = true; /* the header is never alone at a page foot */
        st = bc_pager_add(c->pager, box, err);
    }
    for (size_t k = 0; k < t->ncols; k++)
        bc_para_free(cells[k]);
    free(cells);
    free(pad);
    return st;
}

/* ---- title block ------------------------------------------------------------ */

static bc_status title_block(tctx *c, bc_error *err)
{
    bc_vbox *box = bc_vbox_new(0);
    if (!box)
        return bc_nomem(err);
    double y = 0, w = 0;
    bc_status st = BC_OK;
    const bc_table *t = c->t;
    const bc_layout_cfg *cfg = c->fr.cfg;
    /* The title block is set over the table: its lines use the table's
     * width (title-inset and title-width are fractions of it), centred on
     * the table, not on the page's text area. */
    double tx = c->x[0], tww = c->x[t->ncols] - c->x[0];
    double inset = tww * cfg->table_title_inset, tw = tww * cfg->table_title_width;
    if (c->info->label)
        st = bc_place_text(&c->fr, box->content, c->info->label, BC_ST_APPX_LABEL, -1, tx, tww,
                           &y, NULL, NULL, err);
    if (!st && t->title)
        st = bc_place_text(&c->fr, box->content, t->title, BC_ST_APPX_TITLE, -1, tx + inset, tw,
                           &y, NULL, NULL, err);
    if (!st && c->info->attachment) {
        st = bc_place_text(&c->fr, box->content, c->info->attachment, BC_ST_APPX_ATTACH, -1,
                           tx + inset, tw, &y, &w, NULL, err);
        double half = w * cfg->table_attach_rule / 2, ry = y + cfg->table_rule_drop;
        double mid = tx + inset + tw / 2;
        if (!st && !rule(box->content, mid - half, ry, mid + half, ry, c->border))
            st = bc_nomem(err);
        y += cfg->table_rule_after;
    }
    if (st) {
        bc_vbox_free(box);
        return st;
    }
    box->height = y + cfg->table_title_after;
    bc_page_wrap_spath(box->content, 0, BC_SE_DIV, bc_sid(bc_pager_new_seq(c->pager), 0));
    char *outline = bc_strdup_printf("%s%s%s", c->info->label ? c->info->label : "",
                                     c->info->label && t->title ? ". " : "", t->title ? t->title : "");
    if (!outline || !bc_page_add_outline(box->content, outline, 1, 0)) {
        free(outline);
        bc_vbox_free(box);
        return bc_nomem(err);
    }
    free(outline);
    return bc_pager_add(c->pager, box, err);
}

static bc_status visit_row(void *ctx, const bc_row *row, size_t index, bc_error *err)
{
    return layout_row(ctx, row, index, index == 0, err);
}

bc_status bc_table_layout(bc_pager *pager, const bc_frame *fr, const bc_table *t,
                          const bc_appendix_info *info, const bc_row_source *rows,
                          bc_error *err)
{
    if (rows && !rows->each)
        rows = NULL;
    size_t nrows = rows ? rows->nrows : t->nrows;
    bc_section sec = {.landscape = t->orientation == BC_LANDSCAPE, .numbered = true,
                      .label_prefix = info->page_prefix};
    bc_status st = bc_pager_section(pager, &sec, err);
    if (st)
        return st;
    tctx c = {.pager = pager, .fr = *fr, .t = t, .info = info};
    c.fr.left = bc_pager_text_left(pager);
    c.fr.width = bc_pager_text_width(pager);
    c.head = fr->cfg->styles[BC_ST_TABLE_HEAD];
    c.body = fr->cfg->styles[BC_ST_TABLE_BODY];
    c.hpad = fr->cfg->table_cell_padding * BC_MM;
    c.vpad = fr->cfg->table_cell_padding_v * BC_MM;
    c.minpad = fr->cfg->table_min_padding * BC_MM;
    c.border = fr->cfg->table_rule_width;
    c.head.indent = c.body.indent = 0;
    c.head.align = BC_ALIGN_CENTER;
    if (t->header_font_pt > 0)
        c.head.size = t->header_font_pt;
    if (t->body_font_pt > 0)
        c.body.size = t->body_font_pt;
    if ((st = column_edges(&c, err)))
        return st;
    c.seq = bc_pager_new_seq(pager);
    c.coarse = nrows * t->ncols > BC_TAG_MAX_CELLS;
    c.head_seq = bc_pager_new_seq(pager);
    bc_vbox *header = NULL, *caption = NULL;
    if (!(st = title_block(&c, err)) && !(st = build_header(&c, &header, err))) {
        header->keep_with_prev = true;
        bc_vbox *first = bc_vbox_copy(header);
        st = first ? bc_pager_add(pager, first, err) : bc_nomem(err);
    }
    if (!st && t->continuation && t->continuation[0]) {
        caption = bc_vbox_new(0);
        double y = 0;
        if (!caption)
            st = bc_nomem(err);
        else
            st = bc_place_text(&c.fr, caption->content, t->continuation, BC_ST_APPX_NOTE,
                               BC_ALIGN_RIGHT, c.fr.left, c.fr.width, &y, NULL, NULL, err);
        if (caption)
            caption->height = y + fr->cfg->table_continued_after;
        if (caption) /* only ever repeated: furniture */
            bc_page_set_spath(caption->content, 0, NULL);
    }
    if (!st && t->repeat_header) {
        bc_vbox *rep[2];
        size_t nrep = 0;
        if (caption)
            rep[nrep++] = caption;
        rep[nrep++] = header;
        st = bc_pager_set_repeat(pager, rep, nrep, err);
    }
    if (!st && rows)
        st = rows->each(rows->src, visit_row, &c, err);
    for (size_t r = 0; !rows && r < t->nrows && !st; r++)
        st = layout_row(&c, &t->rows[r], r, r == 0, err);
    if (!st)
        st = bc_pager_set_repeat(pager, NULL, 0, err);
    if (!st && t->note) {
        bc_vbox *box = bc_vbox_new(0);
        double y = fr->cfg->table_note_before;
        if (!box)
            st = bc_nomem(err);
        else
            st = bc_place_text(&c.fr, box->content, t->note, BC_ST_APPX_NOTE, -1, c.fr.left,
                               c.fr.width, &y, NULL, NULL, err);
        if (box)
            bc_page_wrap_spath(box->content, 0, BC_SE_DIV, bc_sid(bc_pager_new_seq(pager), 0));
        if (box) {
            box->height = y;
            box->keep_with_prev = true;
            st = st ? (bc_vbox_free(box), st) : bc_pager_add(pager, box, err);
        }
    }
    bc_vbox_free(header);
    bc_vbox_free(caption);
    free(c.x);
    return st;
}
