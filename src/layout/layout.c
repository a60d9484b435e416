/* layout.c - the document's vertical list: blocks to boxes for the pager. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "nd30.h"
#include "pager.h"
#include "para.h"
#include "appendix.h"
#include "tablelayout.h"

typedef struct flow {
    const bc_layout_input *in;
    bc_pager *pager;
    bc_frame frame;
    bool keep_next;      /* the next boxes stay with the previous (after a heading) */
    bool break_next;     /* the next box starts a new page */
    /* the lists being written (structure ids, 0: none): "-" items in
     * list1, "+" items in list2 inside the LI of the last "-" item li1 */
    uint64_t list1, list2, li1;
} flow;

static bc_status add(flow *f, bc_vbox *b, bc_error *err)
{
    if (!b)
        return bc_nomem(err);
    if (f->keep_next)
        b->keep_with_prev = true;
    if (f->break_next) {
        b->page_break = true;
        f->break_next = false;
    }
    return bc_pager_add(f->pager, b, err);
}

static bc_style_id style_of(const bc_block *b)
{
    switch (b->kind) {
    case BC_BLOCK_HEADING:
        return b->level == 1 ? BC_ST_H1 : b->level == 2 ? BC_ST_H2 : BC_ST_H3;
    case BC_BLOCK_ITEM:
        return b->level >= 2 ? BC_ST_ITEM2 : BC_ST_ITEM1;
    default:
        return BC_ST_BODY;
    }
}

/* Adds a shaped paragraph: glue before, its lines with widow/orphan
 * control, glue after. outline: title for the PDF outline (or NULL). */
static bc_status add_para(flow *f, const bc_para *p, const bc_style *s, const char *outline,
                          int level, bool heading, const bc_spath *sp, bc_error *err)
{
    bc_status st = BC_OK;
    if (s->before > 0 && (st = add(f, bc_vbox_glue(s->before), err)))
        return st;
    double x = f->frame.left;
    for (size_t i = 0; i < p->nlines; i++) {
        bc_vbox *b = bc_vbox_from_line(&p->lines[i], x, BC_ROLE_BODY);
        if (!b)
            return bc_nomem(err);
        bc_page_set_spath(b->content, 0, sp);
        if (i == 1 || (i >= 1 && i == p->nlines - 1))
            b->keep_with_prev = true;
        if (i == 0 && outline && !bc_page_add_outline(b->content, outline, level, 0)) {
            bc_vbox_free(b);
            return bc_nomem(err);
        }
        if ((st = add(f, b, err)))
            return st;
        if (i == 0)
            f->keep_next = heading;
    }
    f->keep_next = heading;
    if (s->after > 0 && (st = add(f, bc_vbox_glue(s->after), err)))
        return st;
    return BC_OK;
}

/* The structure of a block: H1-H3, P, or LBody in LI in L (a "+" item's
 * L inside the LI of the "-" item before it). */
static bc_spath block_spath(flow *f, const bc_block *b)
{
    bc_spath sp = {0};
    uint64_t seq = bc_pager_new_seq(f->pager);
    if (b->kind != BC_BLOCK_ITEM) {
        f->list1 = f->list2 = f->li1 = 0;
        bc_stype t = BC_SE_P;
        if (b->kind == BC_BLOCK_HEADING)
            t = b->level <= 1 ? BC_SE_H1 : b->level == 2 ? BC_SE_H2 : BC_SE_H3;
        bc_spath_push(&sp, t, bc_sid(seq, 0));
        return sp;
    }
    if (!f->list1)
        f->list1 = bc_sid(bc_pager_new_seq(f->pager), 0);
    bc_spath_push(&sp, BC_SE_L, f->list1);
    if (b->level >= 2 && f->li1) {
        if (!f->list2)
            f->list2 = bc_sid(bc_pager_new_seq(f->pager), 0);
        bc_spath_push(&sp, BC_SE_LI, f->li1);
        bc_spath_push(&sp, BC_SE_L, f->list2);
    } else {
        f->list2 = 0;
        f->li1 = bc_sid(seq, 0);
    }
    bc_spath_push(&sp, BC_SE_LI, bc_sid(seq, 0));
    bc_spath_push(&sp, BC_SE_LBODY, bc_sid(seq, 1));
    return sp;
}

static bc_status body(flow *f, bc_diags *diags, bc_error *err)
{
    const bc_doc *doc = f->in->doc;
    const bc_layout_cfg *cfg = f->in->cfg;
    (void)diags;
    /* The last text block: the closing block keeps with its last line, and
     * when it has a single line it keeps with the line before it, so the
     * page with the signature always carries two lines of the body ("(Kèm
     * theo Phụ lục I, II)." is never alone above the signature). */
    size_t last = doc->nblocks;
    for (size_t i = doc->nblocks; i-- > 0;)
        if (doc->blocks[i].kind != BC_BLOCK_PAGEBREAK) {
            last = i;
            break;
        }
    for (size_t i = 0; i < doc->nblocks; i++) {
        const bc_block *b = &doc->blocks[i];
        if (b->kind == BC_BLOCK_PAGEBREAK) {
            f->break_next = true;
            continue;
        }
        bc_style_id sid = style_of(b);
        bc_para_opts o = {.style = &cfg->styles[sid],
                          .marker_style = &cfg->styles[BC_ST_NOTEREF],
                          .single = cfg->single,
                          .text = &cfg->text,
                          .width = f->frame.width,
                          .prefix = b->number,
                          .balance = b->kind == BC_BLOCK_HEADING,
                          .keep_last = b->kind == BC_BLOCK_HEADING,
                          .file = doc->file,
                          .line = b->line};
        bc_para *p = NULL;
        bc_status st = bc_para_shape(f->in->fonts, &b->text, &o, &p, err);
        if (st)
            return st;
        if (i == last && p->nlines == 1 && i > 0 && !f->break_next)
            f->keep_next = true;
        char *title = NULL;
        if (b->kind == BC_BLOCK_HEADING)
            title = bc_strdup_printf("%s %s", b->number ? b->number : "", b->text.text ? b->text.text : "");
        bc_spath sp = block_spath(f, b);
        st = add_para(f, p, o.style, title, b->level, b->kind == BC_BLOCK_HEADING, &sp, err);
        free(title);
        bc_para_free(p);
        if (st)
            return st;
    }
    return BC_OK;
}

static int count_notes(const bc_doc *doc) { return (int)doc->nnotes; }

bc_status bc_layout_report(const bc_layout_input *in, bc_page_sink sink, bc_diags *diags,
                           int *npages, bc_error *err)
{
    const bc_layout_cfg *cfg = in->cfg;
    const bc_doc *doc = in->doc;
    int nn = count_notes(doc);
    bc_para **notes = calloc((size_t)nn + 1, sizeof *notes);
    if (!notes)
        return bc_nomem(err);
    bc_status st = BC_OK;
    double text_width = (cfg->page.width - cfg->page.left - cfg->page.right) * BC_MM;

    /* Footnote texts, shaped once at the text width: "¹ text". */
    for (int k = 0; k < nn && !st; k++) {
        const bc_footnote *fn = &doc->notes[k];
        bc_rich r = {0};
        char num[16];
        snprintf(num, sizeof num, "%d", fn->number);
        bool ok = bc_rich_append(&r, num, strlen(num)) &&
                  bc_rich_add_span(&r, 0, r.len, BC_SPAN_NOTEREF, 0) && bc_rich_append(&r, " ", 1);
        size_t base = r.len;
        ok = ok && bc_rich_append(&r, fn->text.text ? fn->text.text : "", fn->text.len);
        for (size_t s = 0; ok && s < fn->text.nspans; s++) {
            const bc_span *sp = &fn->text.spans[s];
            const char *url = bc_rich_link_url(&fn->text, sp);
            ok = url ? bc_rich_add_link(&r, sp->start + base, sp->end + base, url, sp->flags)
                     : bc_rich_add_span(&r, sp->start + base, sp->end + base, sp->flags, sp->note);
        }
        if (!ok) {
            bc_rich_free(&r);
            st = bc_nomem(err);
            break;
        }
        bc_para_opts o = {.style = &cfg->styles[BC_ST_FOOTNOTE],
                          .marker_style = &cfg->styles[BC_ST_NOTEREF],
                          .single = cfg->single,
                          .text = &cfg->text,
                          .width = text_width,
                          .hang = true,
                          .file = doc->file,
                          .line = fn->line};
        st = bc_para_shape(in->fonts, &r, &o, &notes[k], err);
        bc_rich_free(&r);
    }

    flow f = {.in = in};
    f.frame = (bc_frame){in->fonts, cfg, cfg->page.left * BC_MM, text_width};
    if (!st) {
        f.pager = bc_pager_new(cfg, in->fonts, sink, notes, (size_t)nn, diags);
        if (!f.pager)
            st = bc_nomem(err);
    }
    /* cairo 1.16 leaves page index 0 out of /PageLabels when the first labels are
     * plain numbers (readers then number the pages wrongly); a prefix avoids it. */
    bc_section main_section = {.landscape = false, .numbered = true, .label_prefix = "Trang "};
    if (!st)
        st = bc_pager_section(f.pager, &main_section, err);
    bc_vbox *box = NULL;
    if (!st && !(st = bc_nd30_header(&f.frame, in->report, &box, err))) {
        /* the header block: one group, its paragraphs in the order placed
         * (agency, then Quốc hiệu and Tiêu ngữ, number, date ...) */
        bc_page_wrap_spath(box->content, 0, BC_SE_DIV, bc_sid(bc_pager_new_seq(f.pager), 0));
        st = add(&f, box, err);
    }
    if (!st)
        st = body(&f, diags, err);
    if (!st && in->report->after_body) {
        bc_para_opts o = {.style = &cfg->styles[BC_ST_AFTER_BODY],
                          .single = cfg->single,
                          .text = &cfg->text,
                          .width = f.frame.width,
                          .file = in->report->path};
        bc_para *p = NULL;
        if (!(st = bc_para_shape_plain(in->fonts, in->report->after_body, &o, &p, err))) {
            f.keep_next = true; /* stays with the closing sentence */
            bc_spath sp = {0};
            bc_spath_push(&sp, BC_SE_P, bc_sid(bc_pager_new_seq(f.pager), 0));
            st = add_para(&f, p, o.style, NULL, 0, false, &sp, err);
            bc_para_free(p);
        }
    }
    f.keep_next = false;
    if (!st && !(st = bc_nd30_closing(&f.frame, in->report, &box, err))) {
        /* Nơi nhận and the signature block: one group */
        bc_page_wrap_spath(box->content, 0, BC_SE_DIV, bc_sid(bc_pager_new_seq(f.pager), 0));
        st = add(&f, box, err);
    }
    for (size_t i = 0; !st && in->appendices && i < in->appendices->count; i++)
        st = bc_table_layout(f.pager, &f.frame, in->appendices->tables[i],
                             &in->appendices->info[i],
                             in->appendices->sources ? &in->appendices->sources[i] : NULL, err);
    if (!st)
        st = bc_pager_finish(f.pager, err);
    if (npages)
        *npages = f.pager ? bc_pager_page_count(f.pager) : 0;
    bc_pager_free(f.pager);
    for (int k = 0; k < nn; k++)
        bc_para_free(notes[k]);
    free(notes);
    return st;
}

bc_status bc_layout_appendices_only(const bc_layout_input *in, bc_page_sink sink, bc_diags *diags,
                                    int *npages, bc_error *err)
{
    const bc_layout_cfg *cfg = in->cfg;
    bc_pager *pager = bc_pager_new(cfg, in->fonts, sink, NULL, 0, diags);
    if (!pager)
        return bc_nomem(err);
    bc_frame fr = {in->fonts, cfg, 0, 0};
    bc_status st = BC_OK;
    for (size_t i = 0; !st && in->appendices && i < in->appendices->count; i++)
        st = bc_table_layout(pager, &fr, in->appendices->tables[i], &in->appendices->info[i],
                             in->appendices->sources ? &in->appendices->sources[i] : NULL, err);
    if (!st)
        st = bc_pager_finish(pager, err);
    if (npages)
        *npages = bc_pager_page_count(pager);
    bc_pager_free(pager);
    return st;
}
