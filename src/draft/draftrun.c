/* draftrun.c - writer choice and draft set-up for one render (draftrun.h). */
#include "draftrun.h"

#include <stdlib.h>
#include <string.h>

#include "docdiff.h"
#include "draft.h"
#include "draftsrc.h"
#include "render_hpdf.h"
#include "reviewnotes.h"
#include "strbuf.h"
#include "table.h"
#include "text.h"

struct bc_draft_run {
    bool hpdf;
    bc_hpdf_writer *hw;
    bc_cairo_writer *pw;       /* PNG previews behind hw */
    bc_cairo_writer *cw;
    bc_draft *filter;
    const bc_review_notes *notes; /* the request's (borrowed) */
    bc_anchor_finder *finder;  /* review-note anchors, a filter before hw */
    bc_diff_summary *summary;
    const char *compared_label; /* the request's (borrowed) */
    bc_draft_sources src;
    bool originals;
    const bc_layout_cfg *cfg;  /* the request's (borrowed) */
};

/* Every Vietnamese letter, both cases, and the punctuation the furniture
 * and the draft marks use: checked for libharu besides the document's own
 * text. */
static const char *const REPERTOIRE =
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựv"
    "xyỳýỷỹỵ"
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰV"
    "XYỲÝỶỸỴfjwzFJWZ0123456789 .,;:!?()[]/-–—%+*=<>\"'‘’“”…§";

static void put(bc_buf *b, const char *s)
{
    if (s) {
        bc_buf_puts(b, s);
        bc_buf_putc(b, '\n');
    }
}

static void put_cb(void *ctx, const char *text) { put(ctx, text); }

/* The text the libharu writer will have to show, as far as it is known
 * before the layout. */
static char *gather_text(const bc_report *rep, const bc_doc *doc)
{
    bc_buf b = BC_BUF_INIT;
    bc_error e = BC_ERROR_INIT;
    /* report.yaml as printed (report.h), plus its document type, which a
     * công văn does not print but the libharu repertoire has always held. */
    if (bc_report_printed(rep, put_cb, &b, &e)) {
        bc_error_clear(&e);
        bc_buf_free(&b);
        return NULL;
    }
    put(&b, rep->doc_type);
    for (size_t i = 0; i < doc->nblocks; i++) {
        put(&b, doc->blocks[i].number);
        put(&b, doc->blocks[i].text.text);
        /* Upper-cased styles (headings). */
        char *up = doc->blocks[i].text.text ? bc_text_upper(doc->blocks[i].text.text) : NULL;
        put(&b, up);
        free(up);
    }
    for (size_t i = 0; i < doc->nnotes; i++)
        put(&b, doc->notes[i].text.text);
    /* Last, so a refusal names a character of the document when it can. */
    bc_buf_puts(&b, REPERTOIRE);
    return bc_buf_detach(&b);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static void free_run(bc_draft_run *r)
{
    bc_draft_free(r->filter);
    bc_anchor_finder_free(r->finder);
    bc_diff_summary_free(r->summary);
    bc_draft_sources_free(&r->src);
    free(r);
}

void bc_draft_run_abort(bc_draft_run *r)
{
    if (!r)
        return;
    if (r->hw)
        bc_hpdf_writer_abort(r->hw);
    if (r->pw)
        bc_cairo_writer_abort(r->pw);
    if (r->cw)
        bc_cairo_writer_abort(r->cw);
    free_run(r);
}

bc_status bc_draft_run_begin(const bc_draft_request *req, const bc_draft_inputs *din,
                             const bc_report *rep, bc_doc *doc,
                             const struct bc_appendices *appx, const bc_layout_cfg *cfg,
                             bc_fonts *fonts, bc_outfile *pdf, const bc_pdf_meta *meta,
                             const char *png_dir, double dpi, bc_diags *diags,
                             bc_draft_run **out, bc_page_sink *sink, bc_error *err)
{
    bc_draft_run *r = calloc(1, sizeof *r);
    if (!r)
        return bc_nomem(err);
    static const bc_draft_inputs none;
    if (!req->draft || !din)
        din = &none;
    bc_status st = BC_OK;
    if (req->stamp_time)
        st = bc_draft_time_check(req->stamp_time, err);
    /* The changes since the previous draft, marked in the document. */
    if (!st && din->previous_doc) {
        r->compared_label = din->previous_label;
        st = bc_docdiff(din->previous_doc, doc, NULL, &r->summary, err);
    }
    r->notes = din->notes;
    r->cfg = cfg;

    /* The writer. */
    r->hpdf = req->writer == BC_WRITER_CHOICE_HPDF ||
              (req->writer == BC_WRITER_CHOICE_AUTO && req->draft);
    if (!st && r->hpdf) {
        char *text = gather_text(rep, doc);
        if (!text)
            st = bc_nomem(err);
        bc_error ferr = BC_ERROR_INIT;
        bc_status fst = BC_OK;
        for (int k = 0; !st && !fst && k < 4; k++)
            fst = bc_hpdf_check_font(bc_fonts_file(fonts, k & 1, k & 2), bc_fonts_family(fonts),
                                     text, &ferr);
        free(text);
        if (fst && req->writer == BC_WRITER_CHOICE_HPDF) {
            st = fst;
            bc_error_set(err, fst, NULL, 0, 0, "%s", ferr.message ? ferr.message : "");
        } else if (fst) {
            bc_diags_add(diags, BC_WARNING, NULL, 0, 0,
                         "%s. Bản dự thảo được ghi bằng cairo: không có ý kiến góp ý gắn vào "
                         "PDF và không đính kèm tệp nguồn",
                         ferr.message ? ferr.message : "");
            r->hpdf = false;
        }
        bc_error_clear(&ferr);
    }
    if (!st && r->notes && !r->hpdf)
        bc_diags_add(diags, BC_WARNING, r->notes->file, 0, 0,
                     "ý kiến góp ý chỉ gắn được vào PDF khi ghi bằng libharu; bản này không có");
    if (!st && r->hpdf && req->draft) {
        r->originals = req->attach_originals;
        st = bc_draft_sources_collect(rep, appx, req->used, din->cfg.file, din->notes_path,
                                      req->attach_originals, &r->src, err);
    }
    if (!st && r->hpdf) {
        bc_attachment *att = r->src.n ? calloc(r->src.n, sizeof *att) : NULL;
        char **desc = r->src.n ? calloc(r->src.n, sizeof *desc) : NULL;
        if (r->src.n && (!att || !desc))
            st = bc_nomem(err);
        for (size_t i = 0; !st && i < r->src.n; i++) {
            const bc_draft_source *x = &r->src.v[i];
            desc[i] = bc_strdup_printf("SHA-256 của tệp nguồn: %s%s%s", x->sha256,
                                       x->left_out ? "; " : "", x->left_out ? x->left_out : "");
            att[i] = (bc_attachment){.name = x->name, .data = x->data, .len = x->len,
                                     .desc = desc[i]};
            if (!desc[i])
                st = bc_nomem(err);
        }
        bc_hpdf_extras ex = {.attachments = att, .nattachments = r->src.n};
        bc_page_sink png = {NULL, NULL};
        if (!st && png_dir &&
            !(st = bc_cairo_writer_open(NULL, NULL, png_dir, dpi, req->hooks, &r->pw, err)))
            png = (bc_page_sink){bc_cairo_writer_page, r->pw};
        if (!st)
            st = bc_hpdf_writer_open(pdf, meta, &ex, png, &r->hw, err);
        if (!st)
            *sink = (bc_page_sink){bc_hpdf_writer_page, r->hw};
        /* Review notes find their anchors on the pages on their way to the
         * writer; the writer only adds the annotations at close. */
        if (!st && r->notes && r->notes->count &&
            !(st = bc_anchor_finder_new(r->notes, *sink, &r->finder, err)))
            *sink = bc_anchor_finder_sink(r->finder);
        for (size_t i = 0; desc && i < r->src.n; i++)
            free(desc[i]);
        free(desc);
        free(att);
    } else if (!st) {
        st = bc_cairo_writer_open(pdf, meta, png_dir, dpi, req->hooks, &r->cw, err);
        if (!st)
            *sink = (bc_page_sink){bc_cairo_writer_page, r->cw};
    }
    if (!st && req->draft) {
        int round = req->round ? req->round : din->cfg.round ? din->cfg.round : 1;
        bc_draft_opts o = {.round = round,
                           .stamp_time = req->stamp_time,
                           .watermark = req->watermark ||
                                        (din->cfg.watermark_given && din->cfg.watermark)};
        st = bc_draft_new(&o, cfg, fonts, *sink, &r->filter, err);
        if (!st)
            *sink = bc_draft_sink(r->filter);
    }
    if (st) {
        bc_draft_run_abort(r);
        return st;
    }
    *out = r;
    return BC_OK;
}

/* The icon of a resolved note: in the right margin (draft: note-offset
 * past the text area, the layout's page or landscape geometry by the
 * page's shape) beside the anchored line, its middle note-raise em above
 * the baseline; moved right past the icons of earlier notes it would
 * overlap (note-gap between them), or below them when the page's edge
 * comes first. */
static void place_note(const bc_layout_cfg *cfg, const bc_note_anchor *an,
                       const bc_pdf_note *placed, size_t nplaced, bc_pdf_note *out)
{
    const bc_page_geom *g = an->page_width > an->page_height ? &cfg->landscape : &cfg->page;
    double s = cfg->draft_note_size, gap = cfg->draft_note_gap * BC_MM;
    double x0 = an->page_width - g->right * BC_MM + cfg->draft_note_offset * BC_MM;
    double y0 = an->y - cfg->draft_note_raise * an->size - s / 2;
    for (int moved = 1; moved;) {
        moved = 0;
        for (size_t k = 0; k < nplaced; k++) {
            const bc_pdf_note *o = &placed[k];
            if (!o->placed || o->page != an->page || o->x0 >= x0 + s + gap ||
                o->x1 + gap <= x0 || o->y0 >= y0 + s + gap || o->y1 + gap <= y0)
                continue;
            if (o->x1 + gap + s <= an->page_width) {
                x0 = o->x1 + gap;
            } else {
                x0 = an->page_width - g->right * BC_MM + cfg->draft_note_offset * BC_MM;
                y0 = o->y1 + gap;
            }
            moved = 1;
        }
    }
    out->x0 = x0;
    out->y0 = y0;
    out->x1 = x0 + s;
    out->y1 = y0 + s;
}


bc_status bc_draft_run_finish(bc_draft_run *r, bc_diags *diags, int *pages, bc_error *err)
{
    bc_status st = BC_OK;
    if (r->filter && r->summary)
        st = bc_draft_summary(r->filter, r->summary, r->compared_label, err);
    if (!st && r->filter && r->hw && r->src.n) {
        bc_draft_listed_file *v = calloc(r->src.n, sizeof *v);
        if (!v)
            st = bc_nomem(err);
        for (size_t i = 0; v && i < r->src.n; i++) {
            const bc_draft_source *x = &r->src.v[i];
            v[i] = (bc_draft_listed_file){.name = x->name, .source = base_name(x->path),
                                          .sha256 = x->sha256, .left_out = x->left_out};
        }
        if (v)
            st = bc_draft_source_list(r->filter, v, r->src.n, r->originals, err);
        free(v);
    }
    if (st) {
        bc_draft_run_abort(r);
        return st;
    }
    if (r->hw) {
        bc_pdf_note *notes = NULL;
        char **texts = NULL;
        size_t n = r->finder ? r->notes->count : 0;
        if (r->finder && diags)
            bc_anchor_finder_finish(r->finder, diags);
        if (n) {
            notes = calloc(n, sizeof *notes);
            texts = calloc(n, sizeof *texts);
            if (!notes || !texts)
                st = bc_nomem(err);
        }
        const bc_note_anchor *anchors = r->finder ? bc_anchor_finder_anchors(r->finder) : NULL;
        for (size_t i = 0; !st && i < n; i++) {
            const bc_review_note *nt = &r->notes->items[i];
            const bc_note_anchor *an = &anchors[i];
            texts[i] = bc_strdup_printf("%s%s%s%s", an->resolved ? "" : "(Không tìm thấy chỗ neo) ",
                                        nt->author ? nt->author : "", nt->author ? ": " : "",
                                        nt->text ? nt->text : "");
            if (!texts[i])
                st = bc_nomem(err);
            notes[i] = (bc_pdf_note){.text = texts[i], .author = nt->author,
                                     .placed = an->resolved, .page = an->page};
            if (an->resolved)
                place_note(r->cfg, an, notes, i, &notes[i]);
        }
        if (st)
            bc_hpdf_writer_abort(r->hw);
        else
            st = bc_hpdf_writer_close(r->hw, notes, n, err);
        r->hw = NULL;
        if (r->pw && st)
            bc_cairo_writer_abort(r->pw);
        else if (r->pw)
            st = bc_cairo_writer_close(r->pw, err);
        r->pw = NULL;
        for (size_t i = 0; texts && i < n; i++)
            free(texts[i]);
        free(texts);
        free(notes);
    } else if (r->cw) {
        st = bc_cairo_writer_close(r->cw, err);
        r->cw = NULL;
    }
    if (!st && pages && r->filter)
        *pages = bc_draft_pages(r->filter);
    free_run(r);
    return st;
}
