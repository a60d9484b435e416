/* markdown.c - cmark-gfm tree -> bc_doc. */
#include "markdown.h"

#include <pthread.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "vnfmt.h"

#define MAX_NEST 32
/* Containers (quotes, lists, items) or inline spans nested deeper than this
 * are an input error: no report needs them, and walking them would only
 * exhaust the stack. */
#define MAX_DEPTH 1000
/* One paragraph (or footnote, or literal block) longer than this is an
 * input error. The longest paragraph of the seed reports is 2.5 KB; laying
 * out a paragraph holds all its shaped lines at once (about 46 bytes of
 * memory per byte of text), so this keeps a render's memory bounded by a
 * small multiple of what any report needs. */
#define MAX_PARA_BYTES (1024 * 1024)

typedef struct reader {
    bc_doc *doc;
    bc_diags *diags;
    const char *file;
    int counters[4];      /* last heading number per level (1..3) */
    int ndefs;            /* footnote definitions seen so far */
    bool oom;
    /* Footnote checks: the source, where each line starts, and the first
     * reference that has no definition (cmark-gfm leaves it as text). */
    const char *src;
    size_t srclen;
    size_t *line_at;      /* line_at[l - 1] = offset of line l; owned */
    size_t nlines;
    char *bad_label;      /* "[^4]" of the first unmatched reference; owned */
    int long_line;        /* first paragraph over MAX_PARA_BYTES (0 = none) */
    size_t long_len;
    int bad_line, bad_col;
    size_t nbad;
    cmark_node *too_deep; /* first node past MAX_DEPTH, or NULL */
    bool too_deep_inline;
} reader;

static bool stop(const reader *r) { return r->oom || r->too_deep; }

/* ---- footnote references without a definition ---------------------------- */

static bool index_lines(reader *r)
{
    size_t n = 1;
    for (size_t i = 0; i < r->srclen; i++)
        n += r->src[i] == '\n';
    r->line_at = malloc(n * sizeof *r->line_at);
    if (!r->line_at)
        return false;
    r->line_at[0] = 0;
    r->nlines = 1;
    for (size_t i = 0; i < r->srclen; i++)
        if (r->src[i] == '\n')
            r->line_at[r->nlines++] = i + 1;
    return true;
}

static size_t line_end(const reader *r, int line)
{
    if (line < 1 || (size_t)line >= r->nlines)
        return r->srclen;
    return r->line_at[line] - 1;
}

/* Offset of a cmark (line, byte column); srclen when unknown. */
static size_t offset_of(const reader *r, int line, int col)
{
    if (line < 1 || (size_t)line > r->nlines || col < 1)
        return r->srclen;
    size_t o = r->line_at[line - 1] + (size_t)col - 1;
    return o < line_end(r, line) ? o : line_end(r, line);
}

/* A text node whose literal holds "[^": cmark-gfm turns every reference
 * with a definition into a footnote node, so "[^label]" left in text is a
 * reference without one, unless its '[' was escaped ("\[^x]") or came from
 * an entity. Decided on the source between the node's start and the next
 * inline node on the same line (a code span there is not this text). */
static void check_unmatched(reader *r, cmark_node *n)
{
    int line = cmark_node_get_start_line(n);
    size_t from = offset_of(r, line, cmark_node_get_start_column(n));
    size_t to = line_end(r, line);
    for (cmark_node *up = n; up; up = cmark_node_parent(up)) {
        if ((cmark_node_get_type(up) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_INLINE)
            break;
        cmark_node *next = cmark_node_next(up);
        if (next) {
            if (cmark_node_get_start_line(next) == line) {
                size_t o = offset_of(r, line, cmark_node_get_start_column(next));
                if (o > from && o < to)
                    to = o;
            }
            break;
        }
    }
    const char *s = r->src;
    for (size_t i = from; i + 3 < to; i++) {
        if (s[i] != '[' || s[i + 1] != '^')
            continue;
        size_t bs = 0;
        while (bs < i && s[i - 1 - bs] == '\\')
            bs++;
        if (bs % 2)
            continue;
        size_t k = i + 2;
        while (k < to && s[k] != ']' && s[k] != '[' && s[k] != ' ' && s[k] != '\t')
            k++;
        if (k == i + 2 || k >= to || s[k] != ']')
            continue;
        if (r->nbad++ == 0) {
            r->bad_label = malloc(k - i + 2);
            if (!r->bad_label) {
                r->oom = true;
                return;
            }
            memcpy(r->bad_label, s + i, k - i + 1);
            r->bad_label[k - i + 1] = '\0';
            size_t ls = r->line_at[line - 1];
            r->bad_line = line;
            r->bad_col = (int)((bc_utf8_valid(s + ls, i - ls) ? bc_utf8_length(s + ls, i - ls)
                                                              : i - ls) + 1);
        }
        i = k;
    }
}

/* ---- inline content ---------------------------------------------------- */

static void add_text(reader *r, bc_rich *t, const char *s, size_t n, unsigned flags, int note)
{
    size_t start = t->len;
    if (!bc_rich_append(t, s, n) || (flags && !bc_rich_add_span(t, start, t->len, flags, note)))
        r->oom = true;
}

static void inlines(reader *r, cmark_node *parent, bc_rich *t, unsigned flags, int depth)
{
    if (depth > MAX_NEST * 4) {
        /* Absurd nesting: keep the text flat. */
        flags = 0;
    }
    if (depth > MAX_DEPTH) {
        if (!r->too_deep) {
            r->too_deep = parent;
            r->too_deep_inline = true;
        }
        return;
    }
    for (cmark_node *n = cmark_node_first_child(parent); n && !stop(r); n = cmark_node_next(n)) {
        cmark_node_type type = cmark_node_get_type(n);
        const char *lit = cmark_node_get_literal(n);
        switch (type) {
        case CMARK_NODE_TEXT:
            if (lit) {
                add_text(r, t, lit, strlen(lit), flags, 0);
                if (strstr(lit, "[^"))
                    check_unmatched(r, n);
            }
            break;
        case CMARK_NODE_SOFTBREAK:
            add_text(r, t, " ", 1, flags, 0);
            break;
        case CMARK_NODE_LINEBREAK:
            add_text(r, t, "\n", 1, flags, 0);
            break;
        case CMARK_NODE_CODE:
            if (lit)
                add_text(r, t, lit, strlen(lit), flags | BC_SPAN_NOBREAK, 0);
            break;
        case CMARK_NODE_HTML_INLINE:
            if (lit)
                add_text(r, t, lit, strlen(lit), flags, 0);
            break;
        case CMARK_NODE_EMPH:
            inlines(r, n, t, flags | BC_SPAN_ITALIC, depth + 1);
            break;
        case CMARK_NODE_STRONG:
            inlines(r, n, t, flags | BC_SPAN_BOLD, depth + 1);
            break;
        case CMARK_NODE_LINK: {
            size_t start = t->len;
            inlines(r, n, t, flags, depth + 1);
            const char *url = cmark_node_get_url(n);
            if (t->len == start) {
                if (url)
                    add_text(r, t, url, strlen(url), flags | BC_SPAN_NOBREAK | BC_SPAN_LINK, 0);
            } else if (url && t->len - start == strlen(url) &&
                       memcmp(t->text + start, url, t->len - start) == 0) {
                if (!bc_rich_add_span(t, start, t->len, BC_SPAN_LINK, 0))
                    r->oom = true; /* an autolink <https://...>: the text is the target */
            } else if (url && *url && !bc_rich_add_link(t, start, t->len, url, 0)) {
                r->oom = true; /* [text](url) */
            }
            break;
        }
        case CMARK_NODE_IMAGE:
            inlines(r, n, t, flags, depth + 1);
            break;
        case CMARK_NODE_FOOTNOTE_REFERENCE: {
            int num = lit ? atoi(lit) : 0;
            char digits[16];
            snprintf(digits, sizeof digits, "%d", num);
            /* Two markers in a row would read as one number ("1" "2" -> "12"):
             * a superscript comma separates them. */
            if (t->nspans && (t->spans[t->nspans - 1].flags & BC_SPAN_NOTEREF) &&
                t->spans[t->nspans - 1].end == t->len)
                add_text(r, t, ",", 1, (flags & ~BC_SPAN_LINK) | BC_SPAN_NOTEREF, 0);
            add_text(r, t, digits, strlen(digits), (flags & ~BC_SPAN_LINK) | BC_SPAN_NOTEREF, num);
            break;
        }
        default:
            /* Unknown inline: keep whatever text it holds. */
            if (lit)
                add_text(r, t, lit, strlen(lit), flags, 0);
            else
                inlines(r, n, t, flags, depth + 1);
        }
    }
}

/* ---- headings ----------------------------------------------------------- */

static int roman_value(const char *s, size_t n)
{
    int total = 0, prev = 0;
    for (size_t i = n; i-- > 0;) {
        int v;
        switch (s[i]) {
        case 'I': v = 1; break;
        case 'V': v = 5; break;
        case 'X': v = 10; break;
        case 'L': v = 50; break;
        case 'C': v = 100; break;
        default: return 0;
        }
        total += v < prev ? -v : v;
        if (v > prev)
            prev = v;
    }
    return total;
}

static int letter_index(const char *s, size_t n)
{
    for (int k = 1; k <= 23; k++) {
        char buf[16];
        bc_vn_letter(k, buf);
        if (strlen(buf) == n && memcmp(buf, s, n) == 0)
            return k;
    }
    return 0;
}

/* Recognises an explicit number at the start of a heading of the given
 * level; returns its byte length including the following spaces (0 if
 * none) and stores its value. */
static size_t explicit_number(const char *s, int level, int *value, size_t *numlen)
{
    size_t i = 0;
    if (!*s)
        return 0;
    if (level == 1) {
        while (s[i] && strchr("IVXLC", s[i]))
            i++;
        if (i == 0 || i > 12 || s[i] != '.')
            return 0;
        *value = roman_value(s, i);
        i++;
    } else if (level == 2) {
        while (s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == 0 || i > 3 || s[i] != '.')
            return 0;
        *value = atoi(s);
        i++;
    } else {
        int32_t cp;
        int k = bc_utf8_decode(s, &cp);
        if (s[k] != ')')
            return 0;
        *value = letter_index(s, (size_t)k);
        if (!*value)
            return 0;
        i = (size_t)k + 1;
    }
    if (s[i] != ' ' && s[i] != '\0')
        return 0;
    *numlen = i;
    while (s[i] == ' ')
        i++;
    return i;
}

static void shift_spans(bc_rich *t, size_t cut)
{
    memmove(t->text, t->text + cut, t->len - cut + 1);
    t->len -= cut;
    size_t k = 0;
    for (size_t i = 0; i < t->nspans; i++) {
        bc_span s = t->spans[i];
        s.start = s.start > cut ? s.start - cut : 0;
        s.end = s.end > cut ? s.end - cut : 0;
        if (s.start < s.end)
            t->spans[k++] = s;
    }
    t->nspans = k;
}

static void heading(reader *r, cmark_node *n)
{
    int level = cmark_node_get_heading_level(n);
    if (level > 3)
        level = 3;
    bc_block *b = bc_doc_add_block(r->doc, BC_BLOCK_HEADING, level, cmark_node_get_start_line(n));
    if (!b) {
        r->oom = true;
        return;
    }
    inlines(r, n, &b->text, 0, 0);
    bc_rich_trim(&b->text);
    const char *s = b->text.text ? b->text.text : "";
    int value = 0;
    size_t numlen = 0, cut = explicit_number(s, level, &value, &numlen);
    char num[32];
    if (cut) {
        memcpy(num, s, numlen);
        num[numlen] = '\0';
        b->number_given = true;
        shift_spans(&b->text, cut);
    } else {
        value = r->counters[level] + 1;
        char part[16];
        /* Past MMMCMXCIX and past 4 rounds of the 23 letters, digits. */
        if (level == 1 && value <= 3999)
            bc_roman(value, part);
        else if (level == 3 && value <= 92)
            bc_vn_letter(value, part);
        else
            snprintf(part, sizeof part, "%d", value);
        snprintf(num, sizeof num, "%s%s", part, level == 3 ? ")" : ".");
    }
    r->counters[level] = value;
    for (int l = level + 1; l <= 3; l++)
        r->counters[l] = 0;
    b->number = bc_strdup(num);
    if (!b->number)
        r->oom = true;
}

/* ---- blocks --------------------------------------------------------------- */

static void blocks(reader *r, cmark_node *parent, int list_depth, bc_footnote *note, int depth);

/* Notes the first paragraph longer than MAX_PARA_BYTES (reported at the end). */
static void check_length(reader *r, const bc_rich *t, cmark_node *n)
{
    if (t->len > MAX_PARA_BYTES && !r->long_line) {
        r->long_line = cmark_node_get_start_line(n);
        if (r->long_line < 1)
            r->long_line = 1;
        r->long_len = t->len;
    }
}

static void paragraph(reader *r, cmark_node *n, int list_depth, bool first_in_item,
                      bc_footnote *note)
{
    if (note) {
        if (note->text.len)
            add_text(r, &note->text, " ", 1, 0, 0);
        inlines(r, n, &note->text, 0, 0);
        bc_rich_trim(&note->text);
        check_length(r, &note->text, n);
        return;
    }
    bc_block *b = bc_doc_add_block(r->doc, list_depth ? BC_BLOCK_ITEM : BC_BLOCK_PARAGRAPH,
                                   list_depth, cmark_node_get_start_line(n));
    if (!b) {
        r->oom = true;
        return;
    }
    if (list_depth) {
        /* Continuation paragraphs of an item carry no bullet. */
        b->number = bc_strdup(first_in_item ? (list_depth == 1 ? "-" : "+") : "");
        if (!b->number)
            r->oom = true;
    }
    inlines(r, n, &b->text, 0, 0);
    bc_rich_trim(&b->text);
    check_length(r, &b->text, n);
}

static void literal_block(reader *r, cmark_node *n, bc_footnote *note)
{
    const char *lit = cmark_node_get_literal(n);
    if (!lit || !*lit)
        return;
    bc_rich *t;
    if (note) {
        t = &note->text;
        if (t->len)
            add_text(r, t, " ", 1, 0, 0);
    } else {
        bc_block *b = bc_doc_add_block(r->doc, BC_BLOCK_PARAGRAPH, 0, cmark_node_get_start_line(n));
        if (!b) {
            r->oom = true;
            return;
        }
        t = &b->text;
    }
    add_text(r, t, lit, strlen(lit), 0, 0);
    bc_rich_trim(t);
    check_length(r, t, n);
}

static void blocks(reader *r, cmark_node *parent, int list_depth, bc_footnote *note, int depth)
{
    if (depth > MAX_NEST)
        list_depth = 2;
    if (depth > MAX_DEPTH) {
        if (!r->too_deep)
            r->too_deep = parent;
        return;
    }
    bool first = true;
    for (cmark_node *n = cmark_node_first_child(parent); n && !stop(r); n = cmark_node_next(n)) {
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING:
            if (note)
                paragraph(r, n, 0, false, note);
            else
                heading(r, n);
            break;
        case CMARK_NODE_PARAGRAPH:
            paragraph(r, n, list_depth, first, note);
            break;
        case CMARK_NODE_LIST:
            for (cmark_node *it = cmark_node_first_child(n); it && !stop(r);
                 it = cmark_node_next(it))
                blocks(r, it, list_depth < 2 ? list_depth + 1 : 2, note, depth + 1);
            break;
        case CMARK_NODE_BLOCK_QUOTE:
        case CMARK_NODE_ITEM:
            blocks(r, n, list_depth, note, depth + 1);
            break;
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK:
            literal_block(r, n, note);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            if (!note && !bc_doc_add_block(r->doc, BC_BLOCK_PAGEBREAK, 0,
                                           cmark_node_get_start_line(n)))
                r->oom = true;
            break;
        case CMARK_NODE_FOOTNOTE_DEFINITION: {
            char label[16];
            snprintf(label, sizeof label, "%d", ++r->ndefs);
            bc_footnote *fn = bc_doc_add_note(r->doc, label, cmark_node_get_start_line(n));
            if (!fn) {
                r->oom = true;
                break;
            }
            fn->number = r->ndefs;
            blocks(r, n, 0, fn, depth + 1);
            break;
        }
        default:
            blocks(r, n, list_depth, note, depth + 1);
        }
        first = false;
    }
}

/* Footnote definitions that no reference uses are dropped by cmark-gfm;
 * find them in the source ("[^label]:" at a line start, after blanks or
 * quote markers, outside code and HTML blocks) and name each one that the
 * tree does not hold, so the loss is reported, never silent. */
static void mark_lines(cmark_node *root, unsigned char *kind, size_t nlines)
{
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        return;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        int a = cmark_node_get_start_line(n), b = cmark_node_get_end_line(n);
        if (ty == CMARK_NODE_FOOTNOTE_DEFINITION && a >= 1 && (size_t)a <= nlines)
            kind[a - 1] |= 1; /* a definition that is used */
        else if (ty == CMARK_NODE_CODE_BLOCK || ty == CMARK_NODE_HTML_BLOCK)
            for (int l = a; l >= 1 && l <= b && (size_t)l <= nlines; l++)
                kind[l - 1] |= 2; /* literal text, not Markdown */
    }
    cmark_iter_free(it);
}

static void report_unused_defs(reader *r, cmark_node *root)
{
    unsigned char *kind = calloc(r->nlines, 1);
    if (!kind) {
        r->oom = true;
        return;
    }
    mark_lines(root, kind, r->nlines);
    const char *s = r->src;
    for (size_t l = 1; l <= r->nlines; l++) {
        if (kind[l - 1])
            continue;
        size_t i = r->line_at[l - 1], end = line_end(r, (int)l);
        while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
            i++;
        if (i + 2 >= end || s[i] != '[' || s[i + 1] != '^')
            continue;
        size_t k = i + 2;
        while (k < end && s[k] != ']' && s[k] != '[' && s[k] != ' ' && s[k] != '\t')
            k++;
        if (k == i + 2 || k + 1 >= end || s[k] != ']' || s[k + 1] != ':')
            continue;
        size_t ls = r->line_at[l - 1];
        int col = (int)((bc_utf8_valid(s + ls, i - ls) ? bc_utf8_length(s + ls, i - ls) : i - ls) + 1);
        bc_diags_add(r->diags, BC_WARNING, r->file, (int)l, col,
                     "chú thích [^%.*s] được định nghĩa ở dòng %zu nhưng không được dẫn chiếu ở "
                     "đâu nên không được in; hãy thêm [^%.*s] vào chỗ cần chú thích hoặc xóa "
                     "định nghĩa",
                     (int)(k - i - 2), s + i + 2, l, (int)(k - i - 2), s + i + 2);
    }
    free(kind);
}

/* cmark-gfm's extension registry is a process-wide list its
 * ensure_registered() fills without a lock: renders on several threads at
 * once (bc_render_batch) must not run it twice concurrently. */
static pthread_once_t cmark_once = PTHREAD_ONCE_INIT;

static void register_extensions(void) { cmark_gfm_core_extensions_ensure_registered(); }

bc_status bc_markdown_parse(const char *text, size_t len, const char *file, bc_doc **out,
                            bc_diags *diags, bc_error *err)
{
    bc_status st = bc_text_validate(text, len, file, err);
    if (st)
        return st;
    pthread_once(&cmark_once, register_extensions);
    cmark_node *root = cmark_parse_document(text, len, CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS);
    if (!root)
        return bc_nomem(err);
    reader r = {.doc = bc_doc_new(file), .diags = diags, .file = file, .src = text, .srclen = len};
    if (!r.doc || !index_lines(&r)) {
        bc_doc_free(r.doc);
        cmark_node_free(root);
        return bc_nomem(err);
    }
    blocks(&r, root, 0, NULL, 0);
    if (r.too_deep && !r.oom) {
        int line = cmark_node_get_start_line(r.too_deep);
        int col = cmark_node_get_start_column(r.too_deep);
        bc_error_set(err, BC_E_INPUT, file, line, col,
                     r.too_deep_inline
                         ? "định dạng lồng nhau quá sâu (hơn %d lớp '*', '_', '**' hay liên kết "
                           "lồng vào nhau); văn bản chỉ cần vài lớp — hãy bỏ bớt các dấu định "
                           "dạng ở đây"
                         : "nội dung lồng nhau quá sâu (hơn %d lớp trích dẫn '>', danh sách hay "
                           "mục lồng vào nhau); báo cáo chỉ cần vài cấp — hãy bỏ bớt các dấu '>' "
                           "hay bớt thụt lề ở đây",
                     MAX_DEPTH);
        cmark_node_free(root);
        free(r.line_at);
        free(r.bad_label);
        bc_doc_free(r.doc);
        return BC_E_INPUT;
    }
    if (!r.oom && !r.bad_label)
        report_unused_defs(&r, root);
    cmark_node_free(root);
    free(r.line_at);
    if (r.oom) {
        free(r.bad_label);
        bc_doc_free(r.doc);
        return bc_nomem(err);
    }
    if (r.long_line) {
        free(r.bad_label);
        bc_doc_free(r.doc);
        return bc_error_set(err, BC_E_INPUT, file, r.long_line, 1,
                            "đoạn văn bắt đầu ở dòng này dài %zu byte, vượt giới hạn %d byte "
                            "(1 MiB) của một đoạn; hãy chia thành nhiều đoạn (để một dòng "
                            "trống giữa các đoạn)",
                            r.long_len, MAX_PARA_BYTES);
    }
    if (r.bad_label) {
        /* Printed as it stands, "[^4]" would reach the official copy. */
        st = bc_error_set(err, BC_E_INPUT, file, r.bad_line, r.bad_col,
                          "chú thích %s được dẫn chiếu nhưng không có định nghĩa; hãy thêm dòng "
                          "\"%s: …\" (nội dung chú thích) ở cuối tệp hoặc bỏ dẫn chiếu%s",
                          r.bad_label, r.bad_label,
                          r.nbad > 1 ? " (còn dẫn chiếu khác cũng thiếu định nghĩa)" : "");
        free(r.bad_label);
        bc_doc_free(r.doc);
        return st;
    }
    *out = r.doc;
    return BC_OK;
}

bc_status bc_markdown_load(const char *path, bc_doc **out, bc_diags *diags, bc_error *err)
{
    char *text;
    size_t len;
    bc_status st = bc_text_load(path, &text, &len, err);
    if (st)
        return st;
    st = bc_markdown_parse(text, len, path, out, diags, err);
    free(text);
    return st;
}
