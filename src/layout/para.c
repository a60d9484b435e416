/* para.c - shaping a paragraph into lines with Pango. */
#include "para.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "grow.h"
#include "linebreak.h"
#include "strbuf.h"
#include "text.h"
#include "urlbreak.h"
#include "vnnum.h"
#include "wordcache.h"

/* The paragraph text as laid out: prefix + text, upper-cased if asked,
 * with spans mapped onto it. */
typedef struct prepared {
    char *text;
    size_t len;
    bc_span *spans;
    size_t nspans;
    const bc_rich *src; /* the source text (its link targets) */
} prepared;

static bool prepare(const bc_rich *src, const char *prefix, bool upper, prepared *out)
{
    bc_buf b = BC_BUF_INIT;
    size_t shift = 0;
    if (prefix && *prefix) {
        bc_buf_puts(&b, prefix);
        bc_buf_putc(&b, ' ');
        shift = b.len;
    }
    size_t n = src && src->text ? src->len : 0;
    size_t *map = malloc((n + 1) * sizeof *map);
    if (!map) {
        bc_buf_free(&b);
        return false;
    }
    const char *s = n ? src->text : "";
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        int k = bc_utf8_decode(s + i, &cp);
        for (int j = 0; j < k && i + (size_t)j <= n; j++)
            map[i + (size_t)j] = b.len;
        if (upper) {
            char enc[4];
            int m = bc_utf8_encode(utf8proc_toupper(cp), enc);
            bc_buf_append(&b, enc, (size_t)m);
        } else {
            bc_buf_append(&b, s + i, (size_t)k);
        }
        i += (size_t)k;
    }
    map[n] = b.len;
    if (b.oom || (!b.data && !(b.data = calloc(1, 1)))) {
        free(map);
        bc_buf_free(&b);
        return false;
    }
    out->src = src;
    out->nspans = src ? src->nspans : 0;
    out->spans = malloc((out->nspans + 1) * sizeof *out->spans);
    if (!out->spans) {
        free(map);
        bc_buf_free(&b);
        return false;
    }
    for (size_t k = 0; k < out->nspans; k++) {
        out->spans[k] = src->spans[k];
        out->spans[k].start = map[src->spans[k].start];
        out->spans[k].end = map[src->spans[k].end];
    }
    free(map);
    (void)shift;
    out->len = b.len;
    out->text = bc_buf_detach(&b);
    return out->text != NULL;
}

/* Pango's foreground attribute for colour 0xRRGGBB (16-bit channels). */
static PangoAttribute *colour_attr(uint32_t rgb)
{
    return pango_attr_foreground_new((guint16)(((rgb >> 16) & 0xFF) * 0x101),
                                     (guint16)(((rgb >> 8) & 0xFF) * 0x101),
                                     (guint16)((rgb & 0xFF) * 0x101));
}

static void add_attr(PangoAttrList *l, PangoAttribute *a, size_t start, size_t end)
{
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(l, a);
}

static bool is_break_space(const char *s) { return *s == ' ' || *s == '\n' || *s == '\t'; }

/* Tokens containing '/' or '-' are kept whole: no break at any position
 * after their first character. */
static void protect_codes(PangoAttrList *l, const char *t, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && is_break_space(t + i))
            i++;
        size_t start = i;
        bool code = false;
        while (i < len && !is_break_space(t + i)) {
            if (t[i] == '/' || t[i] == '-')
                code = true;
            i++;
        }
        if (code && i > start + 1 && !bc_url_is(t + start, i - start)) {
            int32_t cp;
            size_t first = (size_t)bc_utf8_decode(t + start, &cp);
            add_attr(l, pango_attr_allow_breaks_new(FALSE), start + first, i);
        }
    }
}

/* ---- keep-together rules and line-breaking parameters ------------------ */

/* How far word spaces stretch and shrink (TeX-like), the tolerance, where
 * a line stays short and a cell goes ragged: the layout's text: keys
 * (opt->text, layoutcfg.h). */
/* Cost of breaking between "ngày" and a date written with slashes. */
#define DATE_PENALTY 150
/* A break Pango allows inside a token that is not a URL (urlbreak.h has
 * those): after '/' (when codes may break), and after '-'. */
#define TOKEN_PENALTY 60
#define HYPHEN_PENALTY 180
/* A balanced paragraph (a heading, a title) breaking between two words
 * neither after a pause (',', ';', ':') nor before a word that opens a
 * phrase (PHRASE_START: "theo", "của", "và"...): Vietnamese words are
 * space-separated syllables, so such a break may split a compound
 * ("ĐIỀU | HÀNH"). Balance costs the squared slack of each line
 * (linebreak.c), so this tips nearly even choices only: a sense break far
 * from the middle still loses to balance. */
#define SENSE_PENALTY 25

static bool word_eq(const char *w, size_t n, const char *const *forms)
{
    for (; *forms; forms++)
        if (strlen(*forms) == n && memcmp(w, *forms, n) == 0)
            return true;
    return false;
}

static const char *const NGAY[] = {"ngày", "Ngày", "NGÀY", NULL};
static const char *const THANG[] = {"tháng", "Tháng", "THÁNG", NULL};
static const char *const NAM[] = {"năm", "Năm", "NĂM", NULL};
static const char *const QUY[] = {"quý", "Quý", "QUÝ", NULL};
static const char *const SO[] = {"Số:", "SỐ:", "số:", NULL};
/* Words that open a phrase (prepositions, conjunctions, plural markers):
 * a balanced line may end before them as well as after a comma. */
static const char *const PHRASE_START[] = {
    "và", "Và", "VÀ", "của", "Của", "CỦA", "theo", "Theo", "THEO", "về", "Về", "VỀ", "trong",
    "Trong", "TRONG", "tại", "Tại", "TẠI", "cho", "Cho", "CHO", "với", "Với", "VỚI", "đối", "Đối",
    "ĐỐI", "trên", "Trên", "TRÊN", "từ", "Từ", "TỪ", "đến", "Đến", "ĐẾN", "để", "Để", "ĐỂ",
    "nhằm", "Nhằm", "NHẰM", "năm", "Năm", "NĂM", "giai", "Giai", "GIAI", "hoặc", "Hoặc", "HOẶC",
    "các", "Các", "CÁC", "những", "Những", "NHỮNG", "quý", "Quý", "QUÝ", "tháng", "Tháng",
    "THÁNG", "ngày", "Ngày", "NGÀY", NULL};

static bool starts_digit(const char *w, size_t n) { return n && w[0] >= '0' && w[0] <= '9'; }

static bool is_roman(const char *w, size_t n)
{
    size_t k = 0;
    while (k < n && (w[k] == 'I' || w[k] == 'V' || w[k] == 'X'))
        k++;
    return k > 0 && (k == n || !((w[k] >= 'A' && w[k] <= 'Z') || (w[k] >= 'a' && w[k] <= 'z')));
}

/* Whether word w (n bytes) ends in ',', ';' or ':', perhaps before a
 * closing quote or bracket. */
static bool ends_pause(const char *w, size_t n)
{
    while (n && (w[n - 1] == ')' || w[n - 1] == '"' || w[n - 1] == ']'))
        n--;
    return n && (w[n - 1] == ',' || w[n - 1] == ';' || w[n - 1] == ':');
}

/* Penalty for breaking before word i of nw (words as byte ranges of t);
 * opt: keep_last (the last word never alone) and balance (SENSE_PENALTY). */
static int keep_penalty(const char *t, const size_t *ws, const size_t *wl, size_t nw, size_t i,
                        const bc_para_opts *opt)
{
#define W(k) (t + ws[k]), wl[k]
    bool keep_last = opt->keep_last;
    if (i == 0)
        return 0;
    if (keep_last && nw >= 3 && i == nw - 1)
        return BC_LB_FORBID;
    if (starts_digit(W(i)) && word_eq(W(i - 1), THANG))
        return BC_LB_FORBID; /* tháng | 11 */
    if (starts_digit(W(i)) && word_eq(W(i - 1), NGAY)) {
        if (i + 1 < nw && word_eq(W(i + 1), THANG))
            return BC_LB_FORBID; /* ngày | 29 tháng 11 năm 2020 */
        return DATE_PENALTY;     /* ngày | 29/12/2017: avoided, not forbidden */
    }
    if (word_eq(W(i), THANG) && i >= 2 && starts_digit(W(i - 1)) && word_eq(W(i - 2), NGAY))
        return BC_LB_FORBID; /* ngày 29 | tháng */
    if (word_eq(W(i), NAM) && i >= 2 && starts_digit(W(i - 1)) && word_eq(W(i - 2), THANG))
        return BC_LB_FORBID; /* tháng 11 | năm */
    if (starts_digit(W(i)) && i >= 3 && word_eq(W(i - 1), NAM) && starts_digit(W(i - 2)) &&
        word_eq(W(i - 3), THANG))
        return BC_LB_FORBID; /* tháng 11 năm | 2020 */
    if (is_roman(W(i)) && word_eq(W(i - 1), QUY))
        return BC_LB_FORBID; /* quý | I */
    if (starts_digit(W(i)) && word_eq(W(i - 1), SO))
        return BC_LB_FORBID; /* Số: | 12 */
    if (wl[i] == 1 && t[ws[i]] == '%')
        return BC_LB_FORBID;
    if (opt->balance && !ends_pause(W(i - 1)) && !word_eq(W(i), PHRASE_START))
        return SENSE_PENALTY;
    return 0;
#undef W
}

void bc_para_free(bc_para *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nlines; i++) {
        bc_line *ln = &p->lines[i];
        for (size_t j = 0; j < ln->nruns; j++) {
            pango_glyph_item_free(ln->runs[j].glyphs);
            free(ln->runs[j].text);
            free(ln->runs[j].uri);
        }
        free(ln->runs);
        free(ln->notes);
    }
    free(p->lines);
    free(p);
}

double bc_para_height(const bc_para *p)
{
    double h = 0;
    for (size_t i = 0; i < p->nlines; i++)
        h += p->lines[i].height;
    return h;
}

/* Whether glyph k ends a cluster that another cluster of the same word
 * follows (letter-spacing goes there, never between a letter and its
 * marks). */
static bool cluster_end(const PangoGlyphString *gs, int k)
{
    return k + 1 < gs->num_glyphs && gs->log_clusters[k + 1] != gs->log_clusters[k];
}

static int letter_gaps(const PangoGlyphString *gs)
{
    int n = 0;
    for (int k = 0; k < gs->num_glyphs; k++)
        n += cluster_end(gs, k);
    return n;
}

/* Letter gaps of glyph run gi (rich text) before byte end: cluster ends
 * inside a word, in a run of the text's size (a footnote marker's run is
 * smaller). With out, adds track to each of them there. */
static int run_gaps(const PangoGlyphItem *gi, const prepared *pt, size_t end, double size,
                    PangoGlyphString *out, int track)
{
    PangoFontDescription *fd = pango_font_describe_with_absolute_size(gi->item->analysis.font);
    double rs = pango_font_description_get_size(fd) / (double)PANGO_SCALE;
    pango_font_description_free(fd);
    if (fabs(rs - size) > 0.01)
        return 0;
    const PangoGlyphString *gs = gi->glyphs;
    int n = 0;
    for (int g = 0; g < gs->num_glyphs; g++) {
        if (!cluster_end(gs, g))
            continue;
        size_t b0 = (size_t)gi->item->offset + (size_t)gs->log_clusters[g];
        size_t b1 = (size_t)gi->item->offset + (size_t)gs->log_clusters[g + 1];
        if (b0 >= end || b1 >= end || b0 >= pt->len || b1 >= pt->len || pt->text[b0] == ' ' ||
            pt->text[b1] == ' ')
            continue;
        n++;
        if (out)
            out->glyphs[g].geometry.width += track;
    }
    return n;
}

/* Line breaks chosen by bc_linebreak for a paragraph that Pango lays out
 * (rich text): Pango is then allowed to break only there, lines are set
 * flush left and justified here by widening the glue spaces. */
typedef struct kpplan {
    size_t *brk;        /* byte offsets where lines 2.. start */
    size_t nlines;
    int width;          /* layout width, Pango units (-1: no wrapping) */
    int indent;         /* Pango indent */
    bool left;          /* flush left (justified here, or ragged) */
    bool *glue;         /* per byte: a space that stretches or shrinks */
    int *extra;         /* per line: added to each glue space, Pango units */
    int *track;         /* per line: letter-spacing to spread over it, Pango units */
    size_t *end;        /* per line: end of its last word, bytes */
} kpplan;

static void kpplan_free(kpplan *k)
{
    free(k->brk);
    free(k->glue);
    free(k->extra);
    free(k->track);
    free(k->end);
}

static PangoLayout *make_layout(bc_fonts *fonts, const prepared *pt, const bc_para_opts *opt,
                                bool protect, const kpplan *plan)
{
    const bc_style *st = opt->style;
    PangoLayout *lay = pango_layout_new(bc_fonts_context(fonts));
    PangoFontDescription *desc = bc_fonts_desc(fonts, st->size, st->bold, st->italic);
    pango_layout_set_font_description(lay, desc);
    pango_font_description_free(desc);
    double width = opt->width - st->left * BC_MM;
    if (width < 10)
        width = 10;
    pango_layout_set_width(lay, plan ? plan->width : (int)(width * PANGO_SCALE));
    /* A plan may break a URL where Pango sees no word break (plan_breaks):
     * with breaks forbidden inside each planned line, the character break
     * at its end is the only place left to wrap. */
    pango_layout_set_wrap(lay, plan && plan->width >= 0 ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
    pango_layout_set_indent(lay, plan ? plan->indent : (int)(st->indent * BC_MM * PANGO_SCALE));
    /* A planned justified paragraph is set flush left and justified here
     * (or left ragged, when its breaks need spaces over twice their width);
     * without a plan, a narrow cell's text is never stretched by Pango. */
    bc_align align = st->align;
    if ((plan && plan->left) || (!plan && opt->allow_code_breaks && align == BC_ALIGN_JUSTIFY))
        align = BC_ALIGN_LEFT;
    switch (align) {
    case BC_ALIGN_JUSTIFY:
        pango_layout_set_justify(lay, TRUE);
        pango_layout_set_alignment(lay, PANGO_ALIGN_LEFT);
        break;
    case BC_ALIGN_CENTER:
        pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
        break;
    case BC_ALIGN_RIGHT:
        pango_layout_set_alignment(lay, PANGO_ALIGN_RIGHT);
        break;
    default:
        pango_layout_set_alignment(lay, PANGO_ALIGN_LEFT);
    }
    PangoAttrList *attrs = pango_attr_list_new();
    add_attr(attrs, pango_attr_insert_hyphens_new(FALSE), 0, pt->len);
    if (protect)
        protect_codes(attrs, pt->text, pt->len);
    if (plan && plan->width >= 0) {
        /* Breaks only where planned: none strictly inside each line. */
        size_t a = 0;
        for (size_t k = 0; k <= plan->nlines - 1; k++) {
            size_t b = k + 1 < plan->nlines ? plan->brk[k] : pt->len;
            if (b > a)
                add_attr(attrs, pango_attr_allow_breaks_new(FALSE), a, b);
            a = b;
        }
    }
    const bc_style *ms = opt->marker_style ? opt->marker_style : st;
    for (size_t i = 0; i < pt->nspans; i++) {
        const bc_span *sp = &pt->spans[i];
        if (sp->flags & BC_SPAN_BOLD)
            add_attr(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), sp->start, sp->end);
        if (sp->flags & BC_SPAN_ITALIC)
            add_attr(attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), sp->start, sp->end);
        if (sp->flags & BC_SPAN_NOBREAK)
            add_attr(attrs, pango_attr_allow_breaks_new(FALSE), sp->start, sp->end);
        /* a link's own runs (a run carries one link): an attribute that
         * changes nothing ends Pango's run where the link does */
        if (sp->flags & BC_SPAN_LINK)
            add_attr(attrs, pango_attr_foreground_alpha_new(65535), sp->start, sp->end);
        if (sp->flags & BC_SPAN_INSERTED) {
            add_attr(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), sp->start, sp->end);
            add_attr(attrs, colour_attr(opt->text->inserted_rgb), sp->start, sp->end);
        }
        if (sp->flags & BC_SPAN_DELETED) {
            add_attr(attrs, pango_attr_strikethrough_new(TRUE), sp->start, sp->end);
            add_attr(attrs, colour_attr(opt->text->deleted_rgb), sp->start, sp->end);
        }
        if (sp->flags & BC_SPAN_NOTEREF) {
            add_attr(attrs, pango_attr_size_new((int)(ms->size * PANGO_SCALE)), sp->start,
                     sp->end);
            add_attr(attrs,
                     pango_attr_rise_new((int)(st->size * opt->text->note_ref_rise * PANGO_SCALE)),
                     sp->start, sp->end);
        }
    }
    pango_layout_set_attributes(lay, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_text(lay, pt->text, (int)pt->len);
    return lay;
}

static bool add_note(bc_line *ln, int note)
{
    for (size_t i = 0; i < ln->nnotes; i++)
        if (ln->notes[i] == note)
            return true;
    int *n = realloc(ln->notes, (ln->nnotes + 1) * sizeof *n);
    if (!n)
        return false;
    n[ln->nnotes++] = note;
    ln->notes = n;
    return true;
}

static bc_status collect_lines(PangoLayout *lay, const prepared *pt, const bc_para_opts *opt,
                               double ascent, double descent, bc_para *p, double *overflow,
                               const bc_span **marks, size_t nmarks, size_t *k0,
                               size_t *last_start, const kpplan *plan);

/* Orders spans by start (then by their place in the list). */
static int span_order(const void *a, const void *b)
{
    const bc_span *x = *(const bc_span *const *)a, *y = *(const bc_span *const *)b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x < y ? -1 : x > y;
}

static bc_status collect(PangoLayout *lay, const prepared *pt, const bc_para_opts *opt,
                         double ascent, double descent, bc_para *p, double *overflow,
                         const kpplan *plan)
{
    /* The spans runs must know about (deletion marks, note references), in
     * text order: each run looks only at those near it, so a paragraph with
     * many spans and many runs stays linear. */
    const bc_span **marks = malloc((pt->nspans + 1) * sizeof *marks);
    if (!marks)
        return BC_E_NOMEM;
    size_t nmarks = 0, k0 = 0, last_start = 0;
    for (size_t k = 0; k < pt->nspans; k++)
        if (pt->spans[k].flags & (BC_SPAN_DELMARK | BC_SPAN_NOTEREF | BC_SPAN_LINK))
            marks[nmarks++] = &pt->spans[k];
    qsort(marks, nmarks, sizeof *marks, span_order);
    bc_status status = collect_lines(lay, pt, opt, ascent, descent, p, overflow, marks, nmarks,
                                     &k0, &last_start, plan);
    free(marks);
    return status;
}

/* The URL of link span sp and where the part of it in run (text bytes
 * [ra, rb) of the paragraph) lies; false on out-of-memory. */
static bool link_part(bc_run *run, const prepared *pt, const bc_span *sp, size_t ra, size_t rb)
{
    size_t a = sp->start > ra ? sp->start - ra : 0;
    size_t b = (sp->end < rb ? sp->end : rb) - ra;
    const PangoGlyphString *gs = run->glyphs->glyphs;
    double x = 0, x0 = -1, x1 = 0;
    for (int g = 0; g < gs->num_glyphs; g++) {
        size_t byte = (size_t)gs->log_clusters[g];
        double w = gs->glyphs[g].geometry.width / (double)PANGO_SCALE;
        if (byte >= a && byte < b) {
            if (x0 < 0)
                x0 = x;
            x1 = x + w;
        }
        x += w;
    }
    if (x0 < 0)
        return true;
    const char *target = pt->src ? bc_rich_link_url(pt->src, sp) : NULL;
    if (target) {
        if (!(run->uri = bc_strdup(target)))
            return false;
    } else {
        run->uri = malloc(sp->end - sp->start + 1);
        if (!run->uri)
            return false;
        memcpy(run->uri, pt->text + sp->start, sp->end - sp->start);
        run->uri[sp->end - sp->start] = '\0';
    }
    run->link_x0 = x0;
    run->link_x1 = x1;
    run->link_b0 = a;
    run->link_b1 = b;
    run->link_cont = sp->start < ra;
    return true;
}

/* Pango empties the glyph of the space a line was broken at. A line that
 * goes on in the next one gets it back, of no width and drawn just before
 * the line's end (a space has no ink: the page looks the same and its text
 * stays within the margins): the page's text and the structure tree then
 * read "cơ sở", not "cơsở", across the break. */
static void keep_break_space(PangoGlyphItem *gi, const char *text)
{
    PangoGlyphString *gs = gi->glyphs;
    int last = -1;
    for (int g = 0; g < gs->num_glyphs; g++)
        if (last < 0 || gs->log_clusters[g] > gs->log_clusters[last])
            last = g;
    if (last < 0 || gs->glyphs[last].glyph != PANGO_GLYPH_EMPTY ||
        gs->log_clusters[last] != gi->item->length - 1 || text[gs->log_clusters[last]] != ' ')
        return;
    PangoFont *font = gi->item->analysis.font;
    hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
    hb_codepoint_t space;
    if (!hb || !hb_font_get_nominal_glyph(hb, ' ', &space) || !space)
        return;
    PangoRectangle ink, logical;
    pango_font_get_glyph_extents(font, space, &ink, &logical);
    gs->glyphs[last].glyph = space;
    gs->glyphs[last].geometry.x_offset = -logical.width; /* it ends where the line does */
}

static bc_status collect_lines(PangoLayout *lay, const prepared *pt, const bc_para_opts *opt,
                               double ascent, double descent, bc_para *p, double *overflow,
                               const bc_span **marks, size_t nmarks, size_t *k0,
                               size_t *last_start, const kpplan *plan)
{
    const bc_style *st = opt->style;
    double pitch = st->size * opt->single * st->spacing;
    double baseline = pitch / 2 + (ascent - descent) * st->size / 2;
    double avail = opt->width - st->left * BC_MM;
    int count = pango_layout_get_line_count(lay);
    p->lines = calloc((size_t)count, sizeof *p->lines);
    if (!p->lines)
        return BC_E_NOMEM;
    *overflow = 0;
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    size_t li = 0;
    do {
        PangoLayoutLine *pl = pango_layout_iter_get_line_readonly(it);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        bc_line *ln = &p->lines[li++];
        p->nlines = li;
        ln->height = pitch;
        ln->baseline = baseline;
        double x = logical.x / (double)PANGO_SCALE + st->left * BC_MM;
        size_t nr = g_slist_length(pl->runs);
        ln->runs = calloc(nr ? nr : 1, sizeof *ln->runs);
        if (!ln->runs) {
            pango_layout_iter_free(it);
            return BC_E_NOMEM;
        }
        double x0 = x;
        /* Letter-spacing of a loose line: its pool over the letter gaps of
         * the text's own runs (not a footnote marker's), up to the line's
         * last word. */
        int track = 0;
        if (plan && plan->track && li - 1 < plan->nlines && plan->track[li - 1] > 0) {
            int gaps = 0;
            for (GSList *r = pl->runs; r; r = r->next)
                gaps += run_gaps(r->data, pt, plan->end[li - 1], st->size, NULL, 0);
            track = gaps ? plan->track[li - 1] / gaps : 0;
        }
        for (GSList *r = pl->runs; r; r = r->next) {
            PangoGlyphItem *gi = r->data;
            bc_run *run = &ln->runs[ln->nruns++];
            double w = pango_glyph_string_get_width(gi->glyphs) / (double)PANGO_SCALE;
            run->glyphs = bc_glyph_item_dup(gi);
            run->text = malloc((size_t)gi->item->length + 1);
            if (!run->glyphs || !run->text) {
                pango_layout_iter_free(it);
                return BC_E_NOMEM;
            }
            bool widen = plan && plan->extra && li - 1 < plan->nlines && plan->extra[li - 1];
            if (widen || track) {
                PangoGlyphString *gs = run->glyphs->glyphs;
                for (int g = 0; widen && g < gs->num_glyphs; g++) {
                    size_t byte = (size_t)gi->item->offset + (size_t)gs->log_clusters[g];
                    if (byte < pt->len && byte < plan->end[li - 1] && plan->glue[byte])
                        gs->glyphs[g].geometry.width += plan->extra[li - 1];
                }
                if (track)
                    run_gaps(run->glyphs, pt, plan->end[li - 1], st->size, gs, track);
                w = pango_glyph_string_get_width(gs) / (double)PANGO_SCALE;
            }
            memcpy(run->text, pt->text + gi->item->offset, (size_t)gi->item->length);
            run->text[gi->item->length] = '\0';
            run->glyphs->item->offset = 0;
            if (!r->next && li < (size_t)count)
                keep_break_space(run->glyphs, run->text);
            run->x = x + gi->start_x_offset / (double)PANGO_SCALE;
            run->rise = gi->y_offset / (double)PANGO_SCALE;
            run->width = w;
            PangoFontDescription *fd = pango_font_describe_with_absolute_size(gi->item->analysis.font);
            run->size = pango_font_description_get_size(fd) / (double)PANGO_SCALE;
            run->bold = pango_font_description_get_weight(fd) >= PANGO_WEIGHT_BOLD;
            run->italic = pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL;
            pango_font_description_free(fd);
            for (GSList *a = gi->item->analysis.extra_attrs; a; a = a->next) {
                PangoAttribute *attr = a->data;
                if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
                    PangoColor c = ((PangoAttrColor *)attr)->color;
                    run->rgb = ((uint32_t)(c.red >> 8) << 16) | ((uint32_t)(c.green >> 8) << 8) |
                               (uint32_t)(c.blue >> 8);
                } else if (attr->klass->type == PANGO_ATTR_UNDERLINE) {
                    run->underline = ((PangoAttrInt *)attr)->value != PANGO_UNDERLINE_NONE;
                } else if (attr->klass->type == PANGO_ATTR_STRIKETHROUGH) {
                    run->strike = ((PangoAttrInt *)attr)->value != 0;
                }
            }
            if (run->strike)
                run->rule_y = -(run->size * opt->text->strike_raise);
            else if (run->underline)
                run->rule_y = run->size * opt->text->underline_drop;
            run->rule_width = run->size * opt->text->decoration_width;
            x += w + (gi->start_x_offset + gi->end_x_offset) / (double)PANGO_SCALE;
            size_t ra = (size_t)gi->item->offset, rb = ra + (size_t)gi->item->length;
            if (ra < *last_start)
                *k0 = 0; /* runs out of text order: look from the start again */
            *last_start = ra;
            /* marks before k0 all end at or before an earlier run's start */
            while (*k0 < nmarks && marks[*k0]->end <= ra)
                (*k0)++;
            for (size_t k = *k0; k < nmarks && marks[k]->start < rb; k++) {
                const bc_span *sp = marks[k];
                if (sp->end <= ra)
                    continue;
                if (sp->flags & BC_SPAN_DELMARK)
                    run->deletion_mark = true;
                if ((sp->flags & BC_SPAN_NOTEREF) && sp->note > 0 && !run->note)
                    run->note = sp->note;
                if ((sp->flags & BC_SPAN_LINK) && !run->uri &&
                    !link_part(run, pt, sp, ra, rb)) {
                    pango_layout_iter_free(it);
                    return BC_E_NOMEM;
                }
                if ((sp->flags & BC_SPAN_NOTEREF) && !add_note(ln, sp->note)) {
                    pango_layout_iter_free(it);
                    return BC_E_NOMEM;
                }
            }
        }
        ln->width = x - x0;
        if (ln->width > p->max_width)
            p->max_width = ln->width;
        /* Wider than the column on either side: centred and right-aligned
         * lines overflow to the left (negative start) as well. */
        double right = x - st->left * BC_MM, left = st->left * BC_MM - x0;
        if (right > avail + 0.01 && right - avail > *overflow)
            *overflow = right - avail;
        if (left > 0.01 && left > *overflow)
            *overflow = left;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return BC_OK;
}

/* ---- fast path ------------------------------------------------------------
 * Plain text in one style (no spans, no line breaks or tabs): words are
 * shaped once per render (wordcache.h) and lines are broken at spaces here,
 * greedily as Pango does, with spaces stretched for justification. Anything
 * else, and any word that does not fit a line by itself, takes the Pango
 * layout path below. */

typedef struct fword {
    size_t start, len;          /* bytes in the paragraph text */
    size_t spaces_before;       /* spaces between the previous word and this one */
    const bc_shaped_word *sw;
    bool piece;                 /* continues a URL cut into pieces */
    int penalty;                /* a piece: of the break before it (urlbreak.h) */
} fword;

/* Total-fit breaks of items[0..n) (bc_linebreak into starts) at the given
 * widths in the paragraph's mode (balanced, justified or ragged); a justified
 * result stretching a line beyond ragged_ratio is broken again ragged where
 * code breaks are allowed. *lp and *justify: what was used. False on
 * out-of-memory. */
static bool break_para(const bc_para_opts *opt, const bc_lb_item *items, size_t n,
                       double first_width, double rest_width, size_t *starts, bc_lb_params *lp,
                       bc_lb_result *lr, bool *justify)
{
    *lp = (bc_lb_params){.first_width = first_width,
                         .rest_width = rest_width,
                         .mode = opt->balance                            ? BC_LB_BALANCE
                                 : opt->style->align == BC_ALIGN_JUSTIFY ? BC_LB_JUSTIFY
                                                                         : BC_LB_RAGGED,
                         .tolerance = opt->text->tolerance};
    *justify = lp->mode == BC_LB_JUSTIFY;
    bool ok = bc_linebreak(items, n, lp, starts, lr);
    if (ok && *justify && lr->worst_ratio > opt->text->ragged_ratio && opt->allow_code_breaks) {
        lp->mode = BC_LB_RAGGED;
        *justify = false;
        ok = bc_linebreak(items, n, lp, starts, lr);
    }
    return ok;
}

static bool fast_eligible(const prepared *pt)
{
    for (size_t i = 0; i < pt->nspans; i++)
        if (pt->spans[i].flags)
            return false;
    for (size_t i = 0; i < pt->len; i++) {
        unsigned char c = (unsigned char)pt->text[i];
        if (c < 0x20 || c == 0x7F)
            return false;
    }
    return true;
}

/* Writes "<size in Pango units><b|-><i|->" into key (at least 32 bytes). */
static void style_key(char *key, int size, bool bold, bool italic)
{
    char digits[16];
    int n = 0;
    unsigned v = size < 0 ? 0u : (unsigned)size;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < (int)sizeof digits);
    int k = 0;
    while (n)
        key[k++] = digits[--n];
    key[k++] = bold ? 'b' : '-';
    key[k++] = italic ? 'i' : '-';
    key[k] = '\0';
}

/* Returns BC_OK with *out set, or BC_OK with *out NULL to ask for the slow
 * path, or BC_E_NOMEM. */
static bc_status fast_shape(bc_fonts *fonts, const prepared *pt, const bc_para_opts *opt,
                            double ascent, double descent, bc_para **out)
{
    const bc_style *st = opt->style;
    *out = NULL;
    bc_wordcache *wc = bc_fonts_wordcache(fonts);
    bc_wordcache_trim(wc);
    PangoFontDescription *desc = bc_fonts_desc(fonts, st->size, st->bold, st->italic);
    /* The cache key names the style: the family is the same for the whole
     * render, so size and weight/slant are enough (and far cheaper than
     * pango_font_description_to_string). */
    char key[32];
    style_key(key, pango_font_description_get_size(desc), st->bold, st->italic);
    const PangoItem *tmpl = NULL;
    const bc_shaped_word *space = bc_wordcache_get(wc, desc, key, " ", 1, &tmpl);
    bc_status status = BC_OK;
    fword *words = NULL;
    size_t nwords = 0, cap = 0;
    bc_para *p = NULL;
    if (!space || space->glyphs->num_glyphs != 1)
        goto done;

    /* Words; a URL is cut into pieces that may start a line. */
    int *pen = NULL;
    size_t pen_cap = 0;
    for (size_t i = 0; i < pt->len;) {
        size_t spaces = 0;
        while (i < pt->len && pt->text[i] == ' ') {
            spaces++;
            i++;
        }
        if (i >= pt->len)
            break;
        size_t start = i;
        while (i < pt->len && pt->text[i] != ' ')
            i++;
        bool url = bc_url_is(pt->text + start, i - start);
        if (url && !BC_GROW(&pen, &pen_cap, i - start + 1, 64)) {
            status = BC_E_NOMEM;
            goto words_done;
        }
        if (url)
            bc_url_breaks(pt->text + start, i - start, pen);
        for (size_t ps = start; ps < i;) {
            size_t pe = ps + 1;
            while (url && pe < i && pen[pe - start] >= BC_LB_FORBID)
                pe++;
            if (!url)
                pe = i;
            if (!BC_GROW(&words, &cap, nwords + 1, 64)) {
                status = BC_E_NOMEM;
                goto words_done;
            }
            const bc_shaped_word *sw = bc_wordcache_get(wc, desc, key, pt->text + ps, pe - ps, NULL);
            if (!sw) {
                free(pen);
                goto done; /* not a simple word: slow path */
            }
            words[nwords] = (fword){ps, pe - ps, ps == start && nwords ? spaces : 0, sw, false, 0};
            words[nwords].piece = ps != start;
            if (ps != start)
                words[nwords].penalty = pen[ps - start];
            nwords++;
            ps = pe;
        }
    }
words_done:
    free(pen);
    if (status)
        goto done;
    if (!nwords) {
        /* Empty text: one empty line. */
        p = calloc(1, sizeof *p);
        if (p)
            p->lines = calloc(1, sizeof *p->lines);
        if (!p || !p->lines) {
            bc_para_free(p);
            p = NULL;
            status = BC_E_NOMEM;
            goto done;
        }
        p->nlines = 1;
        p->lines[0].height = st->size * opt->single * st->spacing;
        p->lines[0].baseline = p->lines[0].height / 2 + (ascent - descent) * st->size / 2;
        goto done;
    }

    /* Total-fit line breaking at spaces, in Pango units. */
    const int S = PANGO_SCALE;
    double full = opt->width - st->left * BC_MM;
    int avail_full = (int)(full * S), indent = (int)(st->indent * BC_MM * S);
    /* Pango's indent: positive indents the first line, negative indents all
     * the others (a hanging indent). */
    int first_off = indent > 0 ? indent : 0, rest_off = indent < 0 ? -indent : 0;
    int sp = space->width;
    size_t *first = malloc((nwords + 1) * sizeof *first);
    bc_lb_item *items = malloc(nwords * sizeof *items);
    size_t *ts = malloc(2 * nwords * sizeof *ts);
    if (!first || !items || !ts) {
        free(first);
        free(items);
        free(ts);
        status = BC_E_NOMEM;
        goto done;
    }
    /* Whole tokens (for the keep-together rules). */
    size_t *tl = ts + nwords, ntok = 0;
    for (size_t w = 0; w < nwords; w++) {
        if (!words[w].piece)
            ts[ntok++] = words[w].start;
        tl[ntok - 1] = words[w].start + words[w].len - ts[ntok - 1];
    }
    for (size_t w = 0, tok = 0; w < nwords; w++) {
        double g = (double)words[w].spaces_before * sp;
        items[w] = (bc_lb_item){.width = words[w].sw->width,
                                .glue = g,
                                .stretch = g * opt->text->space_stretch,
                                .shrink = g * opt->text->space_shrink,
                                .can_break = w > 0};
        if (words[w].piece) {
            items[w].penalty = words[w].penalty;
        } else {
            items[w].penalty = keep_penalty(pt->text, ts, tl, ntok, tok, opt);
            tok++;
        }
    }
    bc_lb_params lp;
    bc_lb_result lr;
    bool justify;
    bool ok = break_para(opt, items, nwords, avail_full - first_off, avail_full - rest_off, first,
                         &lp, &lr, &justify);
    free(items);
    free(ts);
    if (!ok) {
        free(first);
        status = BC_E_NOMEM;
        goto done;
    }
    if (lr.overfull) {
        free(first);
        goto done; /* a word too wide alone: slow path handles and reports it */
    }
    size_t nlines = lr.nlines;

    p = calloc(1, sizeof *p);
    if (p)
        p->lines = calloc(nlines, sizeof *p->lines);
    if (!p || !p->lines) {
        free(first);
        status = BC_E_NOMEM;
        goto done;
    }
    double pitch = st->size * opt->single * st->spacing;
    double baseline = pitch / 2 + (ascent - descent) * st->size / 2;
    for (size_t l = 0; l < nlines; l++) {
        size_t a = first[l], b = first[l + 1];
        bc_line *ln = &p->lines[l];
        p->nlines = l + 1;
        ln->height = pitch;
        ln->baseline = baseline;
        ln->runs = calloc(1, sizeof *ln->runs);
        if (!ln->runs) {
            status = BC_E_NOMEM;
            break;
        }
        size_t tstart = words[a].start, tend = words[b - 1].start + words[b - 1].len;
        /* A line that ends at a space keeps it (text and a glyph of no
         * width, drawn just before the line's end: no ink, and its text
         * stays within the margins): text taken from the page or the
         * structure tree reads "cơ sở", not "cơsở", across the break. */
        bool keep_space = b < nwords && words[b].spaces_before > 0 && !words[b].piece;
        int nglyphs = keep_space, natural = 0, nspaces = 0;
        for (size_t w = a; w < b; w++) {
            if (w > a) {
                nglyphs += (int)words[w].spaces_before;
                nspaces += (int)words[w].spaces_before;
                natural += (int)words[w].spaces_before * sp;
            }
            nglyphs += words[w].sw->glyphs->num_glyphs;
            natural += words[w].sw->width;
        }
        int line_avail = avail_full - (l == 0 ? first_off : rest_off);
        int extra = 0, track = 0;
        if (justify && (l + 1 < nlines || natural > line_avail) && nspaces > 0) {
            int need = line_avail - natural;
            int knee = (int)(sp * opt->text->space_stretch * opt->text->track_from) * nspaces;
            int gaps = 0;
            for (size_t w = a; need > knee && w < b; w++)
                gaps += letter_gaps(words[w].sw->glyphs);
            if (need > knee && gaps > 0) {
                track = (need - knee) / gaps;
                if (track > (int)(opt->text->track_max * st->size * S))
                    track = (int)(opt->text->track_max * st->size * S);
                need -= track * gaps;
            }
            extra = need / nspaces;
        }
        if (extra > (int)(sp * opt->text->space_stretch * opt->text->stretch_cap))
            extra = (int)(sp * opt->text->space_stretch *
                          opt->text->stretch_cap); /* spaces at most 2x: line short */
        PangoGlyphItem *gi = g_slice_new0(PangoGlyphItem);
        gi->item = pango_item_copy((PangoItem *)tmpl);
        gi->item->offset = 0;
        size_t tlen = tend - tstart + keep_space;
        gi->item->length = (int)tlen;
        gi->item->num_chars = (int)bc_utf8_length(pt->text + tstart, tlen);
        gi->glyphs = bc_glyph_string_sized(nglyphs);
        int g = 0;
        for (size_t w = a; w < b; w++) {
            if (w > a) {
                size_t soff = words[w].start - words[w].spaces_before - tstart;
                for (size_t k = 0; k < words[w].spaces_before; k++) {
                    gi->glyphs->glyphs[g] = space->glyphs->glyphs[0];
                    gi->glyphs->glyphs[g].geometry.width += extra;
                    gi->glyphs->log_clusters[g] = (int)(soff + k);
                    g++;
                }
            }
            const PangoGlyphString *gs = words[w].sw->glyphs;
            int off = (int)(words[w].start - tstart);
            int tracked = 0;
            for (int k = 0; k < gs->num_glyphs; k++, g++) {
                gi->glyphs->glyphs[g] = gs->glyphs[k];
                gi->glyphs->log_clusters[g] = off + gs->log_clusters[k];
                if (track && cluster_end(gs, k)) {
                    gi->glyphs->glyphs[g].geometry.width += track;
                    tracked++;
                }
            }
            natural += tracked * track;
        }
        if (keep_space) {
            gi->glyphs->glyphs[g] = space->glyphs->glyphs[0];
            gi->glyphs->glyphs[g].geometry.width = 0;
            gi->glyphs->glyphs[g].geometry.x_offset = -sp; /* ends at the line's end */
            gi->glyphs->log_clusters[g] = (int)(tend - tstart);
            g++;
        }
        int width = natural + extra * nspaces;
        bc_run *run = &ln->runs[0];
        ln->nruns = 1;
        run->glyphs = gi;
        run->text = malloc(tlen + 1);
        if (!run->text) {
            status = BC_E_NOMEM;
            break;
        }
        memcpy(run->text, pt->text + tstart, tlen);
        run->text[tlen] = '\0';
        double x = st->left * BC_MM + (double)(l == 0 ? first_off : rest_off) / S;
        if (st->align == BC_ALIGN_CENTER)
            x += (line_avail - width) / 2.0 / S;
        else if (st->align == BC_ALIGN_RIGHT)
            x += (double)(line_avail - width) / S;
        run->x = x;
        run->width = (double)width / S;
        run->size = st->size;
        run->bold = st->bold;
        run->italic = st->italic;
        ln->width = run->width;
        if (ln->width > p->max_width)
            p->max_width = ln->width;
    }
    free(first);
    if (status) {
        bc_para_free(p);
        p = NULL;
    }
done:
    free(words);
    pango_font_description_free(desc);
    *out = p;
    return status;
}

/* ---- total-fit breaks for rich text ---------------------------------------
 * The paragraph is shaped once on a single unbroken line; the widths of the
 * pieces between Pango's break opportunities (which honour the no-break
 * attributes) feed bc_linebreak. Returns BC_OK with plan->nlines 0 when the
 * paragraph is left to Pango (hard line breaks, a piece wider than the
 * line). */
enum { URL_BREAK = 1, URL_IN = 2 }; /* plan_breaks: a position of a URL, a break there */

static bc_status plan_breaks(bc_fonts *fonts, const prepared *pt, const bc_para_opts *opt,
                             bool protect, kpplan *plan)
{
    const bc_style *st = opt->style;
    memset(plan, 0, sizeof *plan);
    if (pt->nspans > 1000)
        return BC_OK; /* huge rich paragraphs: Pango's own breaks (speed) */
    for (size_t i = 0; i < pt->len; i++)
        if (pt->text[i] == '\n' || pt->text[i] == '\r' || pt->text[i] == '\t')
            return BC_OK;
    kpplan measure = {.width = -1, .indent = 0, .left = true};
    PangoLayout *lay = make_layout(fonts, pt, opt, protect, &measure);
    bc_status status = BC_OK;
    double *xs = NULL;
    size_t *seg = NULL, *cend = NULL, *ts = NULL, *starts = NULL;
    bc_lb_item *items = NULL;
    char *url_brk = NULL;
    int *url_pen = NULL;
    if (pango_layout_get_line_count(lay) != 1 || pt->len == 0)
        goto out;
    int nattrs = 0;
    const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(lay, &nattrs);
    xs = malloc((pt->len + 1) * sizeof *xs);
    seg = malloc((pt->len + 2) * sizeof *seg);
    cend = malloc((pt->len + 2) * sizeof *cend);
    if (!xs || !seg || !cend) {
        status = BC_E_NOMEM;
        goto out;
    }
    for (size_t i = 0; i <= pt->len; i++)
        xs[i] = -1;
    PangoLayoutLine *line = pango_layout_get_line_readonly(lay, 0);
    double x = 0;
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *gi = r->data;
        for (int g = 0; g < gi->glyphs->num_glyphs; g++) {
            size_t b = (size_t)gi->item->offset + (size_t)gi->glyphs->log_clusters[g];
            if (b <= pt->len && xs[b] < 0)
                xs[b] = x;
            x += gi->glyphs->glyphs[g].geometry.width;
        }
    }
    xs[pt->len] = x;
    for (size_t i = pt->len; i-- > 0;)
        if (xs[i] < 0)
            xs[i] = xs[i + 1];
    /* Inside a URL, the breaks and their costs are urlbreak.h's, not
     * Pango's (UAX #14 breaks after "https:/", and not in html?|ma=1.|001
     * or 2023/|12): the planned layout then breaks there as a character
     * break (make_layout). Not inside a no-break span. */
    url_brk = calloc(pt->len + 1, 1);
    if (!url_brk) {
        status = BC_E_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < pt->len;) {
        while (i < pt->len && is_break_space(pt->text + i))
            i++;
        size_t start = i;
        while (i < pt->len && !is_break_space(pt->text + i))
            i++;
        if (i > start && bc_url_is(pt->text + start, i - start)) {
            /* the costs, by byte of the paragraph: made at its first URL */
            if (!url_pen && !(url_pen = malloc((pt->len + 1) * sizeof *url_pen))) {
                status = BC_E_NOMEM;
                goto out;
            }
            bc_url_breaks(pt->text + start, i - start, url_pen + start);
            for (size_t b = start + 1; b < i; b++)
                url_brk[b] = URL_IN | (url_pen[b] < BC_LB_FORBID ? URL_BREAK : 0);
        }
    }
    for (size_t k = 0; k < pt->nspans; k++)
        if (pt->spans[k].flags & BC_SPAN_NOBREAK)
            for (size_t b = pt->spans[k].start + 1; b < pt->spans[k].end && b <= pt->len; b++)
                url_brk[b] &= (char)~URL_BREAK;
    /* Segments between break opportunities; each ends with its spaces. */
    size_t nseg = 0, ci = 0;
    seg[nseg++] = 0;
    for (size_t i = 0; i < pt->len; ci++) {
        i += (size_t)bc_utf8_decode(pt->text + i, &(int32_t){0});
        if (i < pt->len && ((url_brk[i] & URL_IN) ? (url_brk[i] & URL_BREAK)
                                                  : (int)ci + 1 < nattrs && la[ci + 1].is_line_break))
            seg[nseg++] = i;
    }
    seg[nseg] = pt->len;
    for (size_t k = 0; k < nseg; k++) {
        size_t e = seg[k + 1];
        while (e > seg[k] && pt->text[e - 1] == ' ')
            e--;
        cend[k] = e;
    }
    /* Footnote: the marker and its space hang; the space does not stretch. */
    size_t hang_seg = 0;
    double hang = 0;
    if (opt->hang && pt->nspans && (pt->spans[0].flags & BC_SPAN_NOTEREF) &&
        pt->spans[0].start == 0 && nseg > 1 && cend[0] <= pt->spans[0].end) {
        hang_seg = 1;
        hang = xs[seg[1]];
    }
    items = calloc(nseg, sizeof *items);
    ts = malloc(2 * nseg * sizeof *ts);
    starts = malloc((nseg + 1) * sizeof *starts);
    plan->glue = calloc(pt->len + 1, sizeof *plan->glue);
    if (!items || !ts || !starts || !plan->glue) {
        status = BC_E_NOMEM;
        goto out;
    }
    size_t *tl = ts + nseg, ntok = 0;
    for (size_t k = 0; k < nseg; k++) {
        bool word = k == 0 || cend[k - 1] < seg[k]; /* spaces before it */
        if (word || !ntok)
            ts[ntok++] = seg[k];
        tl[ntok - 1] = cend[k] - ts[ntok - 1];
    }
    for (size_t k = 0, tok = 0; k < nseg; k++) {
        bool word = k == 0 || cend[k - 1] < seg[k];
        double g = k ? xs[seg[k]] - xs[cend[k - 1]] : 0;
        items[k].width = xs[cend[k]] - xs[seg[k]];
        items[k].glue = g;
        items[k].can_break = k > 0;
        if (k == hang_seg && hang_seg) {
            items[k].penalty = BC_LB_FORBID;
        } else if (g > 0) {
            items[k].stretch = g * opt->text->space_stretch;
            items[k].shrink = g * opt->text->space_shrink;
            for (size_t b = cend[k - 1]; b < seg[k]; b++)
                plan->glue[b] = true;
        }
        if (word) {
            if (items[k].penalty == 0)
                items[k].penalty = keep_penalty(pt->text, ts, tl, ntok, tok, opt);
            tok++;
        } else if (items[k].penalty == 0) {
            /* inside a URL: urlbreak.h's cost; inside another token, after
             * '/' or '-' (dearer: readers take a line-final '-' for a hyphen) */
            items[k].penalty = (url_brk[seg[k]] & URL_IN)  ? url_pen[seg[k]]
                               : pt->text[seg[k] - 1] != '-' ? TOKEN_PENALTY
                                                             : HYPHEN_PENALTY;
        }
    }
    const int S = PANGO_SCALE;
    double full = (opt->width - st->left * BC_MM) * S;
    if (full < 10 * S)
        full = 10 * S;
    double indent = st->indent * BC_MM * S;
    if (hang > 0)
        indent = -hang;
    double first_off = indent > 0 ? indent : 0, rest_off = indent < 0 ? -indent : 0;
    bc_lb_params lp;
    bc_lb_result lr;
    bool justify;
    bool ok = break_para(opt, items, nseg, full - first_off, full - rest_off, starts, &lp, &lr,
                         &justify);
    if (!ok) {
        status = BC_E_NOMEM;
        goto out;
    }
    if (lr.overfull)
        goto out;
    plan->brk = malloc(lr.nlines * sizeof *plan->brk);
    plan->extra = calloc(lr.nlines, sizeof *plan->extra);
    plan->track = calloc(lr.nlines, sizeof *plan->track);
    plan->end = malloc(lr.nlines * sizeof *plan->end);
    if (!plan->brk || !plan->extra || !plan->track || !plan->end) {
        status = BC_E_NOMEM;
        goto out;
    }
    double widest = full;
    for (size_t l = 0; l < lr.nlines; l++) {
        size_t a = starts[l], b = starts[l + 1];
        double nat = xs[cend[b - 1]] - xs[seg[a]], glue = 0;
        for (size_t k = a + 1; k < b; k++)
            if (items[k].stretch > 0)
                glue += items[k].glue;
        double avail = l == 0 ? lp.first_width : lp.rest_width;
        double off = l == 0 ? first_off : rest_off;
        if (nat + off > widest)
            widest = nat + off;
        if (l + 1 < lr.nlines)
            plan->brk[l] = seg[b];
        plan->end[l] = cend[b - 1];
        /* Each glue space grows in proportion to its width: spread the
         * difference over the number of spaces, as Pango does. */
        size_t nsp = 0;
        for (size_t k = a + 1; k < b; k++)
            if (items[k].stretch > 0)
                for (size_t c = cend[k - 1]; c < seg[k]; c++)
                    nsp += pt->text[c] == ' ';
        if (justify && nsp && glue > 0 && (l + 1 < lr.nlines || nat > avail)) {
            /* Beyond 1.45x, letter-spacing takes part of the stretch (as in
             * the fast path); collect() spreads the pool over the line. */
            double need = avail - nat, knee = glue * opt->text->space_stretch * opt->text->track_from;
            if (need > knee) {
                int letters = 0;
                for (size_t c = seg[a]; c + 1 < cend[b - 1]; c++)
                    letters += pt->text[c] != ' ' && pt->text[c + 1] != ' ' &&
                               ((unsigned char)pt->text[c + 1] & 0xC0) != 0x80;
                double pool = fmin(need - knee, letters * opt->text->track_max * st->size * S);
                if (pool > 0) {
                    plan->track[l] = (int)pool;
                    need -= pool;
                }
            }
            plan->extra[l] = (int)fmin(need / (double)nsp,
                                       glue / (double)nsp * opt->text->space_stretch *
                                                   opt->text->stretch_cap);
        }
    }
    plan->nlines = lr.nlines;
    plan->width = (int)ceil(widest) + S / 4;
    plan->indent = (int)indent;
    plan->left = justify || st->align == BC_ALIGN_JUSTIFY; /* ragged: not stretched */
out:
    if (status || !plan->nlines) {
        kpplan_free(plan);
        memset(plan, 0, sizeof *plan);
    }
    free(xs);
    free(seg);
    free(cend);
    free(ts);
    free(starts);
    free(items);
    free(url_brk);
    free(url_pen);
    g_object_unref(lay);
    return status;
}

bc_status bc_para_shape(bc_fonts *fonts, const bc_rich *text, const bc_para_opts *opt,
                        bc_para **out, bc_error *err)
{
    prepared pt = {0};
    if (!prepare(text, opt->prefix, opt->style->upper, &pt))
        return bc_nomem(err);
    bc_status st = bc_fonts_check_text(fonts, pt.text, opt->file, opt->line, err);
    if (st) {
        free(pt.text);
        free(pt.spans);
        return st;
    }
    double ascent, descent;
    bc_fonts_metrics(fonts, &ascent, &descent);
    bc_para *p = NULL;
    if (fast_eligible(&pt)) {
        st = fast_shape(fonts, &pt, opt, ascent, descent, &p);
        if (st || p) {
            free(pt.text);
            free(pt.spans);
            if (st)
                return bc_nomem(err);
            *out = p;
            return BC_OK;
        }
    }
    double overflow = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        bool protect = attempt == 0;
        kpplan plan;
        st = plan_breaks(fonts, &pt, opt, protect, &plan);
        PangoLayout *lay = NULL;
        if (!st && plan.nlines) {
            lay = make_layout(fonts, &pt, opt, protect, &plan);
            if ((size_t)pango_layout_get_line_count(lay) != plan.nlines) {
                g_object_unref(lay); /* Pango did not take the plan: its own breaks */
                lay = NULL;
                kpplan_free(&plan);
                memset(&plan, 0, sizeof plan);
            }
        }
        if (!st && !lay)
            lay = make_layout(fonts, &pt, opt, protect, NULL);
        p = st ? NULL : calloc(1, sizeof *p);
        st = p ? collect(lay, &pt, opt, ascent, descent, p, &overflow, plan.nlines ? &plan : NULL)
               : BC_E_NOMEM;
        if (lay)
            g_object_unref(lay);
        kpplan_free(&plan);
        if (st) {
            bc_para_free(p);
            free(pt.text);
            free(pt.spans);
            return bc_nomem(err);
        }
        if (overflow <= 0.5 || !opt->allow_code_breaks)
            break;
        bc_para_free(p);
        p = NULL;
    }
    if (overflow > 0.5) {
        bc_para_free(p);
        char *copy = pt.text;
        /* millimetres the Vietnamese way: "14,4 mm" */
        const bc_num_fmt mm = {.kind = BC_NUMFMT_DECIMAL, .decimals = 1, .no_grouping = true};
        char *wmm = bc_num_format(opt->width / BC_MM, &mm);
        char *omm = bc_num_format(overflow / BC_MM, &mm);
        bc_status rst =
            !wmm || !omm
                ? bc_nomem(err)
                : bc_error_set(err, BC_E_LAYOUT, opt->file, opt->line, 0,
                               "một từ quá dài, vượt chiều rộng %s mm thêm %s mm (trong "
                               "\"%.60s\"); hãy thêm dấu cách hoặc mở rộng cột",
                               wmm, omm, copy);
        free(wmm);
        free(omm);
        free(pt.text);
        free(pt.spans);
        return rst;
    }
    free(pt.text);
    free(pt.spans);
    *out = p;
    return BC_OK;
}

bc_status bc_para_shape_plain(bc_fonts *fonts, const char *text, const bc_para_opts *opt,
                              bc_para **out, bc_error *err)
{
    bc_rich r = {0};
    r.text = (char *)text;
    r.len = strlen(text);
    return bc_para_shape(fonts, &r, opt, out, err);
}

bool bc_line_emit(const bc_line *line, bc_page *page, double x, double baseline_y, bc_drole role)
{
    for (size_t i = 0; i < line->nruns; i++) {
        const bc_run *r = &line->runs[i];
        bc_ditem *it = bc_page_add(page, BC_DI_GLYPHS);
        if (!it)
            return false;
        it->role = role;
        it->x = x + r->x;
        it->y = baseline_y - r->rise;
        it->glyphs = bc_glyph_item_dup(r->glyphs);
        it->text = bc_strdup(r->text);
        it->size = r->size;
        it->bold = r->bold;
        it->italic = r->italic;
        it->rgb = r->rgb;
        it->deletion_mark = r->deletion_mark;
        it->note_ref = r->note;
        it->uri = r->uri ? bc_strdup(r->uri) : NULL;
        it->link_x0 = r->link_x0;
        it->link_x1 = r->link_x1;
        it->link_b0 = r->link_b0;
        it->link_b1 = r->link_b1;
        it->link_cont = r->link_cont;
        if (!it->glyphs || !it->text || (r->uri && !it->uri))
            return false;
        if (r->underline || r->strike) {
            double ux = x + r->x, uy = baseline_y - r->rise;
            bc_ditem *ru = bc_page_add(page, BC_DI_RULE);
            if (!ru)
                return false;
            ru->role = role;
            ru->rgb = r->rgb;
            ru->x = ux;
            ru->x2 = ux + r->width;
            ru->y = ru->y2 = uy + r->rule_y;
            ru->line_width = r->rule_width;
        }
    }
    return true;
}
