/* Unit test of the cairo PDF writer (render_cairo.h): a small display list
 * (shaped Vietnamese text in four styles, a rule, a stroked and a filled
 * box, an outline entry, page labels, a rotated run) is written to a
 * memory buffer and the PDF is checked: header and trailer, fonts embedded
 * as subsets with ToUnicode (no font left to the reader), metadata, page
 * labels, `qpdf --check`, the text pdftotext extracts (NFC-compared), the
 * worker-thread writer giving the same bytes, and a failing write callback
 * giving BC_E_OUTPUT. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "baocao.h"
#include "layoutfix.h"
#include "outfile.h"
#include "para.h"
#include "render_cairo.h"

static fx F;

static const char *const LINES[4] = {
    "Cộng hòa xã hội chủ nghĩa Việt Nam",       /* regular */
    "Độc lập - Tự do - Hạnh phúc",              /* bold */
    "Khánh Hòa, ngày 05 tháng 02 năm 2024",     /* italic */
    "Nơi nhận: Ủy ban nhân dân tỉnh Khánh Hòa", /* bold italic */
};

/* Page k (0-based) of a two-page display list. */
static bc_page *make_page(int k)
{
    bc_page *pg = bc_page_new(595.28, 841.89, k);
    pg->label = bc_strdup_printf("Trang %d", k + 1);
    double y = 100;
    for (int s = 0; s < 4; s++) {
        bc_style st = F.cfg->styles[BC_ST_BODY];
        st.bold = s & 1;
        st.italic = s & 2;
        st.indent = 0;
        bc_para_opts o = {
            .style = &st, .single = F.cfg->single, .text = &F.cfg->text, .width = 400};
        bc_para *p = NULL;
        bc_error err = BC_ERROR_INIT;
        CHECK(bc_para_shape_plain(F.fonts, LINES[s], &o, &p, &err) == BC_OK);
        if (p) {
            CHECK(bc_line_emit(&p->lines[0], pg, 100, y, s ? BC_ROLE_FURNITURE : BC_ROLE_BODY));
            bc_para_free(p);
        }
        bc_error_clear(&err);
        y += 30;
    }
    if (k == 1) {
        /* A run turned 90 degrees, as a watermark or a side note is. */
        pg->items[0].angle = 1.5707963267948966;
        pg->items[0].x = 50;
        pg->items[0].y = 700;
    }
    bc_ditem *r = bc_page_add(pg, BC_DI_RULE);
    *r = (bc_ditem){.kind = BC_DI_RULE, .x = 100, .y = 250, .x2 = 300, .y2 = 250, .line_width = 0.6};
    bc_ditem *b = bc_page_add(pg, BC_DI_BOX);
    *b = (bc_ditem){.kind = BC_DI_BOX, .x = 100, .y = 300, .x2 = 200, .y2 = 330, .line_width = 1,
                    .rgb = 0xd00000};
    bc_ditem *f = bc_page_add(pg, BC_DI_BOX);
    *f = (bc_ditem){.kind = BC_DI_BOX, .x = 250, .y = 300, .x2 = 300, .y2 = 330, .fill = true,
                    .rgb = 0x808080};
    bc_page_add_outline(pg, k ? "II. Phần hai" : "I. Phần một", 1, 100);
    return pg;
}

static const bc_pdf_meta META = {.title = "Báo cáo cải cách hành chính quý I",
                                 .author = "Sở Nội vụ tỉnh Khánh Hòa",
                                 .subject = "Báo cáo",
                                 .keywords = "cải cách hành chính",
                                 .date = "2024-02-05T08:30:00"};

/* Writes the two pages to buf; returns the writer's status. */
static bc_status write_pdf(bc_buffer *buf, bool thread, bc_write_fn fn, bc_error *err)
{
    bc_outfile *out = NULL;
    bc_status st = bc_outfile_to_callback(fn, buf, "(bộ nhớ)", &out, err);
    bc_cairo_writer *w = NULL;
    if (!st)
        st = bc_cairo_writer_open(out, &META, NULL, 0, NULL, &w, err);
    if (!st && thread)
        bc_cairo_writer_use_thread(w);
    for (int k = 0; !st && k < 2; k++)
        st = bc_cairo_writer_page(w, make_page(k), err);
    if (st) {
        bc_cairo_writer_abort(w);
        bc_outfile_abort(out);
        return st;
    }
    st = bc_cairo_writer_close(w, err);
    if (st) {
        bc_outfile_abort(out);
        return st;
    }
    return bc_outfile_commit(out, err);
}

static bool has(const bc_buffer *b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; b->data && i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            return true;
    return false;
}

static size_t count(const bc_buffer *b, const char *needle)
{
    size_t n = strlen(needle), c = 0;
    for (size_t i = 0; b->data && i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            c++;
    return c;
}

/* Runs cmd (with the PDF at %s) and returns its output; *rc its status. */
static char *run_tool(const char *fmt, const char *pdf, int *rc)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, fmt, pdf);
    FILE *p = popen(cmd, "r");
    if (!p) {
        *rc = -1;
        return NULL;
    }
    bc_buf out = BC_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        bc_buf_append(&out, chunk, n);
    *rc = pclose(p);
    return out.data ? out.data : bc_strdup("");
}

static int failing_write(void *ctx, const void *data, size_t len)
{
    size_t *budget = ctx;
    if (len > *budget)
        return ENOSPC;
    *budget -= len;
    (void)data;
    return 0;
}

int main(void)
{
    if (!fx_open(&F, "nd30-chuan")) {
        check_report();
        return 1;
    }
    bc_buffer pdf = BC_BUFFER_INIT;
    bc_error err = BC_ERROR_INIT;
    CHECK(write_pdf(&pdf, false, bc_buffer_write, &err) == BC_OK);
    if (err.message)
        fprintf(stderr, "write: %s\n", err.message);
    CHECK(pdf.len > 1000 && memcmp(pdf.data, "%PDF-1.", 7) == 0);
    CHECK(has(&pdf, "%%EOF"));
    char tmpl[] = "/tmp/test_render_cairo-XXXXXX";
    int fd = mkstemp(tmpl);
    CHECK(fd >= 0 && write(fd, pdf.data, pdf.len) == (ssize_t)pdf.len);
    if (fd >= 0)
        close(fd);
    int rc = 0;
    /* The dictionaries as text: the tagged file keeps its objects in
     * compressed object streams. */
    char *expanded = run_tool("qpdf --object-streams=disable '%s' - | tr -d '\\000'", tmpl, &rc);
    CHECK(rc == 0 && expanded);
    bc_buffer plain = BC_BUFFER_INIT;
    plain.data = (unsigned char *)expanded;
    plain.len = expanded ? strlen(expanded) : 0;
    /* Four styles of Liberation Serif, each embedded as a TrueType subset
     * (a six-letter tag before the name) with a ToUnicode map. */
    CHECK(count(&plain, "/FontFile2") >= 4);
    CHECK(!has(&plain, "/FontFile3") && !has(&plain, "/Type1"));
    CHECK(has(&plain, "+LiberationSerif-Bold") && has(&plain, "+LiberationSerif-Italic") &&
          has(&plain, "+LiberationSerif-BoldItalic") && has(&plain, "+LiberationSerif "));
    CHECK(count(&plain, "/ToUnicode") >= 4);
    CHECK(has(&plain, "/PageLabels"));
    CHECK(has(&plain, "/Outlines"));

    CHECK(has(&plain, "/StructTreeRoot") && has(&plain, "/MarkInfo"));
    free(expanded);
    char *out = run_tool("qpdf --check '%s' 2>&1", tmpl, &rc);
    CHECK(rc == 0);
    if (rc)
        fprintf(stderr, "qpdf --check:\n%s\n", out ? out : "");
    free(out);
    /* pdffonts: every font Liberation Serif, embedded, subset, with
     * ToUnicode (cairo gives each style a simple and a CID subset). */
    out = run_tool("pdffonts '%s'", tmpl, &rc);
    CHECK(rc == 0 && out);
    if (out) {
        int rows = 0, fonts = 0, ok = 0, styles[4] = {0};
        for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
            if (++rows <= 2)
                continue; /* heading */
            fonts++;
            ok += strstr(l, "+LiberationSerif") && strstr(l, "yes yes yes"); /* emb sub uni */
            styles[strstr(l, "-BoldItalic") ? 3 : strstr(l, "-Italic") ? 2 : strstr(l, "-Bold") ? 1 : 0]++;
        }
        CHECK(fonts >= 4 && ok == fonts);
        CHECK(styles[0] && styles[1] && styles[2] && styles[3]);
        free(out);
    }
    /* Metadata and labels as the reader sees them. */
    out = run_tool("pdfinfo '%s'", tmpl, &rc);
    CHECK(rc == 0 && out);
    if (out) {
        char *nfc = bc_text_nfc(out, strlen(out));
        CHECK(nfc && strstr(nfc, "Title:") && strstr(nfc, " Báo cáo cải cách hành chính quý I\n"));
        CHECK(nfc && strstr(nfc, " Sở Nội vụ tỉnh Khánh Hòa\n"));
        CHECK(nfc && strstr(nfc, "Keywords:") && strstr(nfc, " cải cách hành chính\n"));
        char *pages = nfc ? strstr(nfc, "Pages:") : NULL;
        CHECK(pages && atoi(pages + 6) == 2);
        free(nfc);
    }
    free(out);
    out = run_tool("qpdf --json --json-key=pagelabels '%s'", tmpl, &rc);
    /* "Trang 1", "Trang 2": one range, prefix "Trang " and decimal numbers. */
    CHECK(rc == 0 && out && strstr(out, "\"/P\": \"u:Trang \"") && strstr(out, "\"/S\": \"/D\""));
    free(out);
    /* The text comes back as written (NFC), each line on its page. */
    out = run_tool("pdftotext -layout -f 1 -l 1 '%s' -", tmpl, &rc);
    CHECK(rc == 0 && out);
    if (out) {
        char *nfc = bc_text_nfc(out, strlen(out));
        for (int s = 0; s < 4; s++) {
            CHECK(nfc && strstr(nfc, LINES[s]));
            if (nfc && !strstr(nfc, LINES[s]))
                fprintf(stderr, "page 1 text lacks \"%s\":\n%s\n", LINES[s], nfc);
        }
        free(nfc);
        free(out);
    }
    if (getenv("KEEP_PDF"))
        fprintf(stderr, "PDF kept at %s\n", tmpl);
    else
        unlink(tmpl);

    /* Pages drawn on the worker thread: byte for byte the same PDF. */
    bc_buffer threaded = BC_BUFFER_INIT;
    CHECK(write_pdf(&threaded, true, bc_buffer_write, &err) == BC_OK);
    CHECK(threaded.len == pdf.len && memcmp(threaded.data, pdf.data, pdf.len) == 0);
    bc_buffer_free(&threaded);

    /* A write that fails half-way (a full disk) is BC_E_OUTPUT. */
    for (int thread = 0; thread < 2; thread++) {
        size_t budget = pdf.len / 2;
        bc_error e2 = BC_ERROR_INIT;
        bc_status st = write_pdf((bc_buffer *)&budget, thread, failing_write, &e2);
        CHECK(st == BC_E_OUTPUT);
        CHECK_STR(e2.file, "(bộ nhớ)");
        CHECK(e2.message && strstr(e2.message, "ổ đĩa đầy"));
        if (st != BC_E_OUTPUT)
            fprintf(stderr, "failing write: status %d: %s\n", st, e2.message ? e2.message : "");
        bc_error_clear(&e2);
    }

    bc_buffer_free(&pdf);
    bc_error_clear(&err);
    fx_close(&F);
    return check_report();
}
