/* baocao.c - the top-level calls of baocao.h: a report or one table, from
 * files or memory, laid out and written all or nothing (to a file or to the
 * caller's callback). One orchestration (struct run) serves both. */
#include "baocao.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appendix.h"
#include "grow.h"
#include "sign.h"
#include "draftcfg.h"
#include "draftrun.h"
#include "draftsrc.h"
#include "fonts.h"
#include "infile.h"
#include "layout.h"
#include "layoutcfg.h"
#include "markdown.h"
#include "outfile.h"
#include "outguard.h"
#include "placeholder.h"
#include "carryover.h"
#include "render_cairo.h"
#include "renderctx.h"
#include "report.h"
#include "nd30lint.h"
#include "spellcheck.h"
#include "strbuf.h"
#include "textcheck.h"
#include "xlsx.h"
#include "text.h"

static bool is_dir(const char *p)
{
    struct stat sb;
    return p && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* dir holds both layouts/ and fonts/. */
static bool has_data(const char *dir)
{
    char *l = bc_strdup_printf("%s/layouts", dir), *f = bc_strdup_printf("%s/fonts", dir);
    bool ok = is_dir(l) && is_dir(f);
    free(l);
    free(f);
    return ok;
}

/* <prefix>/share/baocao for the running program <prefix>/bin/baocao, or NULL. */
static char *beside_program(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) { /* drop "/baocao", then "/bin" */
        char *slash = strrchr(exe, '/');
        if (!slash)
            return NULL;
        *slash = '\0';
    }
    return bc_strdup_printf("%s/share/baocao", exe);
}

bc_status bc_data_dir_find(const char *given, char **out, bc_error *err)
{
    const char *env = getenv("BAOCAO_DATA");
    if (given || (env && *env)) {
        *out = bc_strdup(given ? given : env);
        return *out ? BC_OK : bc_nomem(err);
    }
    char *tried[3] = {beside_program(), bc_strdup(BAOCAO_SOURCE_DIR), bc_strdup(BAOCAO_DATA_DIR)};
    char *found = NULL;
    bc_status st = BC_OK;
    for (size_t i = 0; i < 3 && !found; i++)
        if (tried[i] && has_data(tried[i])) {
            found = tried[i];
            tried[i] = NULL;
        }
    if (!found)
        st = bc_error_set(err, BC_E_FONT, NULL, 0, 0,
                     "không tìm thấy thư mục dữ liệu của baocao (có layouts/ và fonts/); đã tìm ở "
                     "%s, %s, %s. Hãy cài lại bằng 'cmake --install build', hoặc chỉ thư mục đó "
                     "bằng --du-lieu THU-MUC hay biến môi trường BAOCAO_DATA",
                     tried[0] ? tried[0] : "(không rõ vị trí chương trình)",
                     tried[1] ? tried[1] : "?", tried[2] ? tried[2] : "?");
    for (size_t i = 0; i < 3; i++)
        free(tried[i]);
    *out = found;
    return st;
}

static char *join_lines(char *const *lines, const char *sep)
{
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; lines && lines[i]; i++) {
        if (i)
            bc_buf_puts(&b, sep);
        bc_buf_puts(&b, lines[i]);
    }
    return bc_buf_detach(&b);
}

/* ---- the orchestration shared by bc_render_report and bc_table_print ---- */

/* What a render holds besides its input; run_free releases it all. */
typedef struct run {
    char *data, *layoutdir, *fontdir; /* data folder and its layouts/, fonts/ */
    bc_layout_cfg *cfg;
    bc_fonts *fonts;
    bc_ctx_slot *slot;                /* cfg and fonts belong to this context's slot
                                         (NULL: to the run) */
    bc_render_ctx *ctx;
    bc_outfile *out;                  /* NULL: layout only (no PDF) */
    bc_cairo_writer *w;
} run;

/* The data folder (given, or found) and its two sub-folders. */
static bc_status run_dirs(run *r, const char *given, bc_error *err)
{
    bc_status st = BC_OK;
    if (!r->data && (st = bc_data_dir_find(given, &r->data, err)))
        return st;
    r->layoutdir = bc_strdup_printf("%s/layouts", r->data);
    r->fontdir = bc_strdup_printf("%s/fonts", r->data);
    if (!r->layoutdir || !r->fontdir)
        return bc_nomem(err);
    return BC_OK;
}

/* The layout named name (from the context's slot when there is one). */
static bc_status run_layout(run *r, const char *name, bc_error *err)
{
    if (r->slot)
        return bc_ctx_slot_layout(r->slot, r->layoutdir, name, &r->cfg, err);
    return bc_layout_cfg_load(r->layoutdir, name, &r->cfg, err);
}

/* The layout's fonts (a fallback is a warning). */
static bc_status run_fonts(run *r, bool shipped_only, bool fc_default_unused, bc_diags *diags,
                           bc_error *err)
{
    const char *const *families = (const char *const *)r->cfg->fonts;
    const char *warning = NULL;
    bc_status st;
    if (r->slot) {
        st = bc_ctx_slot_fonts(r->ctx, r->slot, r->fontdir, families, !shipped_only,
                               fc_default_unused, &r->fonts, &warning, err);
    } else {
        st = bc_fonts_new(r->fontdir, families, !shipped_only, fc_default_unused, &r->fonts,
                          err);
        if (!st)
            warning = bc_fonts_warning(r->fonts);
    }
    if (!st && warning)
        bc_diags_add(diags, BC_WARNING, NULL, 0, 0, "%s", warning);
    return st;
}

/* The PDF's destination: a file (all or nothing) or the caller's callback. */
static bc_status run_output(run *r, const char *output, bc_write_fn write, void *ctx,
                            const bc_tmp_hooks *hooks, bc_error *err)
{
    if (write)
        return bc_outfile_to_callback(write, ctx, NULL, &r->out, err);
    if (output)
        return bc_outfile_open(output, hooks, &r->out, err);
    return BC_OK;
}

/* The cairo writer as the page sink. */
static bc_status run_cairo(run *r, const bc_pdf_meta *meta, const char *png_dir, double dpi,
                           const bc_tmp_hooks *hooks, bool single_thread, bc_page_sink *sink,
                           bc_error *err)
{
    bc_status st = bc_cairo_writer_open(r->out, meta, png_dir, dpi, hooks, &r->w, err);
    if (st)
        return st;
    if (!single_thread)
        bc_cairo_writer_use_thread(r->w);
    *sink = (bc_page_sink){bc_cairo_writer_page, r->w};
    return BC_OK;
}

/* After a successful layout: the cairo writer (if any) closed, then the
 * output committed. */
static bc_status run_finish(run *r, bc_error *err)
{
    bc_status st = BC_OK;
    if (r->w) {
        st = bc_cairo_writer_close(r->w, err);
        r->w = NULL;
    }
    if (!st && r->out) {
        st = bc_outfile_commit(r->out, err);
        r->out = NULL;
    }
    return st;
}

static void run_free(run *r)
{
    if (r->w)
        bc_cairo_writer_abort(r->w);
    bc_outfile_abort(r->out);
    if (!r->slot) {
        bc_fonts_free(r->fonts);
        bc_layout_cfg_free(r->cfg);
    }
    free(r->fontdir);
    free(r->layoutdir);
    free(r->data);
}

static bc_status check_abi(size_t got, size_t want, const char *what, bc_error *err)
{
    if (got == want)
        return BC_OK;
    return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                        "%s có struct_size %zu, thư viện cần %zu: hãy khởi tạo bằng %s_INIT và "
                        "biên dịch lại với baocao.h của thư viện này",
                        what, got, want, what);
}

static bc_status check_dest(const char *output, bc_write_fn write, bc_error *err)
{
    if (output && write)
        return bc_error_set(err, BC_E_USAGE, output, 0, 0,
                            "chỉ chọn một nơi ghi PDF: output (tệp) hoặc pdf_write (hàm nhận), "
                            "không cả hai");
    return output ? bc_outfile_check(output, err) : BC_OK;
}

typedef struct glyph_probe {
    const bc_fonts *fonts;
    int32_t cp;          /* the first character the font lacks; 0 = none */
} glyph_probe;

static void probe_text(void *ctx, const char *text)
{
    glyph_probe *p = ctx;
    if (!p->cp)
        p->cp = bc_fonts_first_missing(p->fonts, text);
}

/* A character of report.yaml that the font cannot print is reported at
 * its place in the file (the printed fields keep no positions). What is
 * printed is report.h's one list (bc_report_printed). */
static bc_status check_report_glyphs(const bc_fonts *fonts, const bc_report *r, bc_error *err)
{
    glyph_probe probe = {.fonts = fonts};
    bc_status st = bc_report_printed(r, probe_text, &probe, err);
    if (st)
        return st;
    int32_t cp = probe.cp;
    if (!cp)
        return BC_OK;
    char enc[5] = {0};
    bc_utf8_encode(cp, enc);
    int line = 0, col = 0;
    char *data = NULL;
    size_t len = 0;
    bc_error ignore = BC_ERROR_INIT;
    if (bc_file_read(r->path, &data, &len, &ignore) == BC_OK) {
        char *hit = strstr(data, enc);
        if (hit) {
            line = 1;
            col = 1;
            for (const char *p = data; p < hit; p++) {
                if (*p == '\n') {
                    line++;
                    col = 1;
                } else if (((unsigned char)*p & 0xC0) != 0x80) {
                    col++;
                }
            }
        }
    }
    bc_error_clear(&ignore);
    free(data);
    return bc_error_set(err, BC_E_FONT, r->path, line, col,
                        "phông %s không có ký tự '%s' (U+%04X); hãy thay ký tự này hoặc dùng "
                        "phông có đủ ký tự",
                        bc_fonts_family(fonts), enc, (unsigned)cp);
}

/* The author's spelling (spellcheck.h): warnings, errors under --chat-che.
 * Without the dictionary the check is skipped with a note. */
static bc_status check_spelling(const bc_render_opts *opts, bc_ctx_slot *slot, const char *data,
                                const bc_report *rep, const bc_doc *doc,
                                const bc_appendices *appx, bc_diags *diags, bc_error *err)
{
    bc_speller *own = NULL, *sp = opts->speller;
    bc_status st = BC_OK;
    if (!sp) {
        char *words = bc_strdup_printf("%s/layouts/tu-dien.txt", data);
        bc_error e2 = BC_ERROR_INIT;
        if (!words)
            st = bc_nomem(&e2);
        else if (slot)
            st = bc_ctx_slot_speller(slot, words, &own, &e2); /* owned by the slot */
        else
            st = bc_speller_load(NULL, words, &own, &e2);
        free(words);
        if (st == BC_E_INPUT && !e2.line) {
            bc_diags_add(diags, BC_NOTE, NULL, 0, 0, "không kiểm tra chính tả: %s", e2.message);
            bc_error_clear(&e2);
            return BC_OK;
        }
        if (st) {
            *err = e2;
            return st;
        }
        sp = own;
        if (slot)
            own = NULL;
    }
    bc_adiags found = BC_ADIAGS_INIT;
    st = bc_spell_check_report(sp, rep, doc, appx, &found, err);
    if (!st) {
        bc_adiags_to_diags(&found, BC_WARNING, diags);
        if (opts->strict && found.count)
            st = bc_error_set(err, BC_E_DATA, rep->path, 0, 0,
                              "có %zu cảnh báo chính tả (xem ở trên); không in vì đã chọn "
                              "--chat-che: hãy sửa, thêm từ đúng vào tu-dien.txt, hoặc tắt kiểm "
                              "tra bằng 'kiem-tra-chinh-ta: khong'",
                              found.count);
    }
    bc_adiags_free(&found);
    bc_speller_free(own);
    return st;
}

/* s with its first letter in capitals ("khắc phục" -> "Khắc phục"). Caller
 * frees; NULL for NULL or on out-of-memory. */
static char *capitalize_first(const char *s)
{
    if (!s || !*s)
        return NULL;
    int32_t cp = 0;
    int n = bc_utf8_decode(s, &cp);
    if (n <= 0)
        return bc_strdup(s);
    char *head = strndup(s, (size_t)n);
    char *up = head ? bc_text_upper(head) : NULL;
    char *out = up ? bc_strdup_printf("%s%s", up, s + n) : NULL;
    free(head);
    free(up);
    return out;
}

/* The author's content against ND30's form (nd30lint.h): warnings, errors
 * under --chat-che. */
static bc_status check_nd30_form(const bc_render_opts *opts, const bc_report *rep,
                                 const bc_doc *doc, const bc_appendices *appx, bc_diags *diags,
                                 bc_error *err)
{
    bc_adiags found = BC_ADIAGS_INIT;
    bc_status st = bc_nd30_lint_report(rep, doc, appx, &found, err);
    if (!st) {
        bc_adiags_to_diags(&found, BC_WARNING, diags);
        if (opts->strict && found.count)
            st = bc_error_set(err, BC_E_DATA, rep->path, 0, 0,
                              "có %zu cảnh báo về thể thức Nghị định 30 (xem ở trên); không in "
                              "vì đã chọn --chat-che: hãy sửa theo từng cảnh báo",
                              found.count);
    }
    bc_adiags_free(&found);
    return st;
}

static void expect_text(void *ctx, const char *text) { bc_textcheck_expect(ctx, text); }

/* Everything the report prints besides the narrative, for the self-check:
 * report.yaml's printed fields (bc_report_printed), the appendices. */
static bc_status expect_report(bc_textcheck *tc, const bc_report *r, const bc_doc *doc,
                               const bc_appendices *appx, bc_error *err)
{
    bc_textcheck_expect_doc(tc, doc);
    bc_status st = bc_report_printed(r, expect_text, tc, err);
    if (st)
        return st;
    for (size_t i = 0; appx && i < appx->count; i++) {
        bc_textcheck_expect(tc, appx->info[i].label);
        bc_textcheck_expect(tc, appx->info[i].attachment);
        bc_textcheck_expect_table(tc, appx->tables[i]);
    }
    return BC_OK;
}

static void add_report_inputs(bc_inputs *in, const bc_report *r, const char *what)
{
    char *f = bc_strdup_printf("%s%s", "tệp báo cáo", what);
    bc_inputs_add(in, r->path, f ? f : "");
    free(f);
    f = bc_strdup_printf("%s%s", "trường noi-dung", what);
    bc_inputs_add(in, r->body_path, f ? f : "");
    free(f);
    f = bc_strdup_printf("%s%s", "trường so-lieu", what);
    for (size_t i = 0; r->data_files && r->data_files[i]; i++) {
        /* a workbook's "#Sheet" is not part of its file name */
        const char *loc;
        char *file = bc_xlsx_is_path(r->data_files[i]) ? bc_xlsx_split(r->data_files[i], &loc)
                                                       : NULL;
        bc_inputs_add(in, file ? file : r->data_files[i], f ? f : "");
        free(file);
    }
    free(f);
    f = bc_strdup_printf("%s%s", "trường phu-luc", what);
    for (size_t i = 0; r->appendices && r->appendices[i]; i++)
        bc_inputs_add(in, r->appendices[i], f ? f : "");
    free(f);
}

/* Every file the render reads, checked against its outputs before any
 * work: an output never overwrites an input (outguard.h). din: a draft's
 * own inputs (NULL when not a draft). */
static bc_status check_outputs(const bc_report *rep, const bc_appendices *appx,
                               const bc_draft_inputs *din, const bc_render_opts *opts,
                               bc_error *err)
{
    bc_inputs in = BC_INPUTS_INIT;
    add_report_inputs(&in, rep, "");
    for (size_t i = 0; appx && i < appx->count; i++)
        bc_inputs_add(&in, appx->tables[i]->csv_file, "dữ liệu của phụ lục");
    if (din && din->cfg.file)
        bc_inputs_add(&in, din->cfg.file, "du-thao.yaml");
    if (din && din->compare_with)
        bc_inputs_add(&in, din->compare_with, "bản dự thảo trước (so-voi)");
    if (din && din->compare_with) {
        /* the previous draft's own files (it is read after this check) */
        bc_error ignore = BC_ERROR_INIT;
        char *prev_path = bc_draft_previous_path(din->compare_with);
        bc_report *prev = NULL;
        if (prev_path && bc_report_load(prev_path, &prev, &ignore) == BC_OK)
            add_report_inputs(&in, prev, " của bản dự thảo trước (so-voi)");
        bc_error_clear(&ignore);
        bc_report_free(prev);
        free(prev_path);
    }
    if (din && din->notes_path)
        bc_inputs_add(&in, din->notes_path, "ý kiến góp ý (gop-y)");
    bc_status st = bc_inputs_check_output(&in, opts->output, opts->png_dir, err);
    bc_inputs_free(&in);
    return st;
}

/* The render proper; data = the data folder already found (memory inputs)
 * or NULL. */
static bc_status render(const char *report_path, const bc_render_opts *opts, char *data,
                        bc_ctx_slot *slot, bc_render_result *result, bc_diags *diags,
                        bc_error *err)
{
    run r = {.data = data, .slot = slot, .ctx = opts->ctx};
    bc_report *rep = NULL;
    bc_doc *doc = NULL;
    bc_draft_run *dr = NULL;
    bc_draft_inputs din = {0};
    bc_textcheck *tc = NULL;
    bc_appendices *appx = NULL;
    char *author = NULL, *date = NULL, *title = NULL;
    bc_used_values *used = NULL;
    bc_status st;

    if ((st = check_dest(opts->output, opts->pdf_write, err)))
        goto out;
    /* a "baocao moi" folder with values or period words not yet re-entered */
    if ((st = bc_carry_check(report_path, err)))
        goto out;
    if ((st = bc_report_load(report_path, &rep, err)) || (st = run_dirs(&r, opts->data_dir, err)))
        goto out;
    if ((st = run_layout(&r, rep->layout, err))) {
        if (!err->file) {
            /* Point at the report's bo-cuc line. */
            char *msg = bc_strdup(err->message);
            bc_error_set(err, st, rep->path, rep->layout_line, rep->layout_line ? 1 : 0, "%s",
                         msg ? msg : "");
            free(msg);
        }
        goto out;
    }
    bc_check_options chk = {.fix = opts->fix_totals};
    if ((st = bc_appendices_load(rep, &chk, &appx, diags, err)))
        goto out;
    /* A draft's own inputs (du-thao.yaml, the previous draft, review notes):
     * read here, with the rest of the input, once. */
    if (opts->draft && (st = bc_draft_inputs_locate(rep, opts->compare_with, opts->notes_path,
                                                    opts->confine_root, &din, err)))
        goto out;
    if ((st = check_outputs(rep, appx, opts->draft ? &din : NULL, opts, err)) ||
        (opts->draft && (st = bc_draft_inputs_read(&din, err))))
        goto out;
    /* The narrative: its {{ ... }} placeholders quote the report's data
     * (so-lieu files, metadata, the appendices as pl1, pl2 ...). */
    used = opts->draft ? bc_used_values_new() : NULL;
    if (opts->draft && !used) {
        st = bc_nomem(err);
        goto out;
    }
    bc_expand_opts eo = {.warn_unused = opts->warn_unused,
                         .on_used = used ? bc_used_values_note : NULL,
                         .used_ctx = used};
    if ((st = bc_narrative_load(rep, appx->tables, appx->count, &eo, &doc, diags, err)))
        goto out;
    /* The program's own files (the spelling dictionary, system fonts) are
     * not the report's inputs: read wherever they are installed, even when
     * the inputs are confined (confine_root). */
    bc_infile_mem_scope own;
    bc_infile_roots_begin(NULL, &own);
    st = rep->spell_check ? check_spelling(opts, slot, r.data, rep, doc, appx, diags, err)
                          : BC_OK;
    bc_infile_mem_end(&own);
    if (st)
        goto out;
    if ((st = check_nd30_form(opts, rep, doc, appx, diags, err)))
        goto out;
    if (appx->mismatches && opts->strict) {
        st = bc_error_set(err, BC_E_DATA, rep->path, 0, 0,
                          "số liệu phụ lục có %zu chỗ không khớp (xem cảnh báo ở trên); không in "
                          "vì đã chọn --chat-che",
                          appx->mismatches);
        goto out;
    }
    bc_infile_roots_begin(NULL, &own);
    st = run_fonts(&r, opts->shipped_fonts_only, opts->fc_default_unused, diags, err);
    bc_infile_mem_end(&own);
    if (st || (st = check_report_glyphs(r.fonts, rep, err)))
        goto out;

    if ((st = run_output(&r, opts->output, opts->pdf_write, opts->pdf_write_ctx, opts->hooks,
                         err)))
        goto out;
    author = join_lines(rep->agency, " ");
    date = bc_strdup_printf("%04d-%02d-%02dT08:00:00", rep->date.year, rep->date.month,
                            rep->date.day);
    /* The document kind: a công văn is not a "BÁO CÁO", and its trích yếu
     * (printed after "V/v") starts the Title with a capital. */
    title = rep->kind == BC_REPORT_CONG_VAN ? capitalize_first(rep->summary) : NULL;
    bc_pdf_meta meta = {.title = title ? title : rep->summary, .author = author,
                        .subject = rep->kind == BC_REPORT_CONG_VAN ? "Công văn" : rep->doc_type,
                        .keywords = "cải cách hành chính", .date = date};
    bc_page_sink sink;
    if (opts->draft || opts->writer == BC_WRITER_HPDF) {
        /* Draft marks and/or the libharu writer; marks changes in doc. */
        bc_draft_request rq = {
            .draft = opts->draft, .round = opts->draft_round, .watermark = opts->watermark,
            .stamp_time = opts->stamp_time, .used = used,
            .attach_originals = opts->attach_originals, .hooks = opts->hooks,
            .writer = opts->writer == BC_WRITER_HPDF    ? BC_WRITER_CHOICE_HPDF
                      : opts->writer == BC_WRITER_CAIRO ? BC_WRITER_CHOICE_CAIRO
                                                        : BC_WRITER_CHOICE_AUTO};
        if ((st = bc_draft_run_begin(&rq, &din, rep, doc, appx, r.cfg, r.fonts, r.out, &meta,
                                     opts->png_dir, opts->png_dpi, diags, &dr, &sink, err)))
            goto out;
    } else if ((st = run_cairo(&r, &meta, opts->png_dir, opts->png_dpi, opts->hooks,
                               opts->single_thread, &sink, err))) {
        goto out;
    } else {
        /* The official copy carries the places of its digital signatures. */
        bc_cairo_writer_sign_fields(r.w);
    }
    if (opts->self_check) {
        tc = bc_textcheck_new(sink);
        if (!tc) {
            st = bc_nomem(err);
            goto out;
        }
        if ((st = expect_report(tc, rep, doc, appx, err)))
            goto out;
        sink = bc_textcheck_sink(tc);
    }
    bc_layout_input in = {.report = rep, .doc = doc, .cfg = r.cfg, .fonts = r.fonts,
                          .appendices = appx};
    int pages = 0;
    /* A writer's or filter's error reaches err through the layout as it is. */
    if ((st = bc_layout_report(&in, sink, diags, &pages, err)))
        goto out;
    if (tc && (st = bc_textcheck_finish(tc, err)))
        goto out;
    if (dr) {
        st = bc_draft_run_finish(dr, diags, &pages, err);
        dr = NULL;
    }
    if (st || (st = run_finish(&r, err)))
        goto out;
    if (result)
        result->pages = pages;
    if (appx->mismatches)
        st = BC_E_DATA;
out:
    if (r.w)
        bc_cairo_writer_abort(r.w);
    r.w = NULL;
    bc_draft_run_abort(dr);
    bc_draft_inputs_free(&din);
    bc_textcheck_free(tc);
    run_free(&r);
    bc_appendices_free(appx);
    bc_doc_free(doc);
    bc_report_free(rep);
    bc_used_values_free(used);
    free(author);
    free(date);
    free(title);
    return st;
}

bc_status bc_render_report(const char *report_path, const bc_render_opts *opts,
                           bc_render_result *result, bc_diags *diags, bc_error *err)
{
    bc_status st = check_abi(opts->struct_size, sizeof *opts, "BC_RENDER_OPTS", err);
    if (st)
        return st;
    if (opts->sign) {
        /* One step: the official copy to memory, signed, then written. */
        if (opts->draft || !opts->output || opts->pdf_write)
            return bc_error_set(err, BC_E_USAGE, NULL, 0, 0,
                                "ký số ngay khi in cần tệp ra (-o) và chỉ cho bản chính thức "
                                "(không dùng với --du-thao)");
        if ((st = bc_sign_check_opts(opts->sign, err)) || (st = bc_outfile_check(opts->output, err)))
            return st;
        bc_render_opts plain = *opts;
        bc_buffer pdf = BC_BUFFER_INIT;
        plain.sign = NULL;
        plain.output = NULL;
        plain.pdf_write = bc_buffer_write;
        plain.pdf_write_ctx = &pdf;
        st = bc_render_report(report_path, &plain, result, diags, err);
        if (st == BC_OK || st == BC_E_DATA) {
            bc_status sst = bc_sign_bytes(report_path, (const char *)pdf.data, pdf.len, opts->sign,
                                          opts->output, err);
            if (sst)
                st = sst;
        }
        bc_buffer_free(&pdf);
        return st;
    }
    bc_ctx_slot *slot = NULL;
    if (opts->ctx && !(slot = bc_render_ctx_acquire(opts->ctx)))
        return bc_nomem(err);
    /* Inputs in memory: the data folder is found (and made absolute) first,
     * since relative paths are read from the memory set only; with
     * confine_root, every file read from the disk must be inside it or the
     * data folder (infile.h, bc_infile_roots_begin). */
    char *data = NULL, *data_layouts = NULL, *data_fonts = NULL;
    if (opts->files || opts->confine_root) {
        char *given = NULL;
        if ((st = bc_data_dir_find(opts->data_dir, &given, err))) {
            bc_render_ctx_release(opts->ctx, slot);
            return st;
        }
        data = bc_path_resolve(given);
        if (!data) {
            st = bc_error_set(err, BC_E_FONT, given, 0, 0, "không mở được thư mục dữ liệu: %s",
                              bc_errno_vi(errno));
            free(given);
            bc_render_ctx_release(opts->ctx, slot);
            return st;
        }
        free(given);
        /* of the data folder, only what a render reads from it (it may hold
         * more: a source tree with its build and test output) */
        if (opts->confine_root &&
            (!(data_layouts = bc_strdup_printf("%s/layouts", data)) ||
             !(data_fonts = bc_strdup_printf("%s/fonts", data)))) {
            free(data_layouts);
            free(data);
            bc_render_ctx_release(opts->ctx, slot);
            return bc_nomem(err);
        }
    }
    const char *roots[4] = {opts->confine_root, data_layouts, data_fonts, NULL};
    bc_infile_mem_scope rsaved;
    if (opts->confine_root)
        bc_infile_roots_begin(roots, &rsaved);
    if (!opts->files) {
        /* a report folder means its report.yaml */
        char *in_dir = is_dir(report_path) ? bc_strdup_printf("%s/report.yaml", report_path)
                                           : NULL;
        st = render(in_dir ? in_dir : report_path, opts, data, slot, result, diags, err);
        free(in_dir);
    } else {
        bc_infile_mem_scope saved;
        bc_infile_mem_begin(opts->files, opts->nfiles, &saved);
        st = render(report_path, opts, data, slot, result, diags, err); /* frees data */
        bc_infile_mem_end(&saved);
    }
    if (opts->confine_root)
        bc_infile_mem_end(&rsaved);
    free(data_layouts);
    free(data_fonts);
    bc_render_ctx_release(opts->ctx, slot);
    return st;
}

bc_status bc_table_print(const bc_table_print_opts *o, int *npages, bc_diags *diags,
                         bc_error *err)
{
    bc_status st = check_abi(o->struct_size, sizeof *o, "BC_TABLE_PRINT_OPTS", err);
    if (st)
        return st;
    run r = {0};
    bc_appendices *appx = NULL;
    bc_check_options chk = {.fix = o->fix};
    int pages = 0;
    if ((st = run_dirs(&r, o->data_dir, err)) || (st = check_dest(o->output, o->pdf_write, err)) ||
        (st = bc_appendix_stream_one(o->spec_path, o->csv_path, &chk, &appx, diags, err)))
        goto out;
    /* an output never overwrites an input (outguard.h) */
    bc_inputs inputs = BC_INPUTS_INIT;
    bc_inputs_add(&inputs, o->spec_path, "--spec");
    bc_inputs_add(&inputs, o->csv_path, "tệp số liệu");
    for (size_t i = 0; i < appx->count; i++)
        bc_inputs_add(&inputs, appx->tables[i]->csv_file, "du-lieu của bảng");
    st = bc_inputs_check_output(&inputs, o->output, o->png_dir, err);
    bc_inputs_free(&inputs);
    if (st)
        goto out;
    if (appx->mismatches && o->strict) {
        st = bc_error_set(err, BC_E_DATA, o->spec_path, 0, 0,
                          "số liệu có %zu chỗ không khớp (xem cảnh báo ở trên); không in vì "
                          "đã chọn --chat-che",
                          appx->mismatches);
        goto out;
    }
    if ((st = bc_layout_cfg_load(r.layoutdir, o->layout ? o->layout : "nd30-chuan", &r.cfg,
                                 err)) ||
        (st = run_fonts(&r, o->shipped_fonts_only, o->fc_default_unused, diags, err)) ||
        (st = run_output(&r, o->output, o->pdf_write, o->pdf_write_ctx, o->hooks, err)))
        goto out;
    const bc_table *t = appx->tables[0];
    bc_pdf_meta meta = {.title = t->title, .subject = t->label};
    bc_page_sink sink;
    if ((st = run_cairo(&r, &meta, o->png_dir, o->png_dpi, o->hooks, o->single_thread, &sink,
                        err)))
        goto out;
    bc_layout_input in = {.cfg = r.cfg, .fonts = r.fonts, .appendices = appx};
    if ((st = bc_layout_appendices_only(&in, sink, diags, &pages, err)) ||
        (st = run_finish(&r, err)))
        goto out;
    if (npages)
        *npages = pages;
    if (appx->mismatches)
        st = BC_E_DATA;
out:
    run_free(&r);
    bc_appendices_free(appx);
    return st;
}

int bc_buffer_write(void *ctx, const void *data, size_t len)
{
    bc_buffer *b = ctx;
    if (len > SIZE_MAX - b->len || !BC_GROW(&b->data, &b->cap, b->len + len, 65536))
        return ENOMEM;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

void bc_buffer_free(bc_buffer *buf)
{
    free(buf->data);
    *buf = (bc_buffer)BC_BUFFER_INIT;
}

/* Compatibility (0.1.0): the fc_default_unused options replace it. */
bool bc_fonts_private_default(void) { return bc_fonts_default_config_empty(); }

const char *bc_version(void)
{
    return BAOCAO_VERSION;
}
