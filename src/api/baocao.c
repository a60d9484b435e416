/* baocao.c - the top-level render: load, lay out, write atomically. */
#include "baocao.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appendix.h"
#include "draft.h"
#include "draftrun.h"
#include "draftsrc.h"
#include "fonts.h"
#include "layout.h"
#include "layoutcfg.h"
#include "markdown.h"
#include "outfile.h"
#include "outguard.h"
#include "placeholder.h"
#include "carryover.h"
#include "render_cairo.h"
#include "report.h"
#include "spellcheck.h"
#include "strbuf.h"
#include "textcheck.h"
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
        return *out ? BC_OK : bc_error_set(err, BC_E_NOMEM, NULL, 0, 0, "hết bộ nhớ");
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

/* A character of report.yaml that the font cannot print is reported at
 * its place in the file (the printed fields keep no positions). */
static bc_status check_report_glyphs(const bc_fonts *fonts, const bc_report *r, bc_error *err)
{
    const char *single[] = {r->agency_parent, r->number, r->symbol, r->place, r->doc_type,
                            r->summary, r->urgency, r->after_body, r->cc_label, r->signer};
    char *const *lists[] = {r->agency, r->recipients, r->cc, r->authority};
    int32_t cp = 0;
    for (size_t i = 0; !cp && i < sizeof single / sizeof single[0]; i++)
        cp = bc_fonts_first_missing(fonts, single[i]);
    for (size_t i = 0; !cp && i < sizeof lists / sizeof lists[0]; i++)
        for (size_t j = 0; !cp && lists[i] && lists[i][j]; j++)
            cp = bc_fonts_first_missing(fonts, lists[i][j]);
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
static bc_status check_spelling(const bc_render_opts *opts, const char *data, const bc_report *rep,
                                const bc_doc *doc, const bc_appendices *appx, bc_diags *diags,
                                bc_error *err)
{
    bc_speller *own = NULL, *sp = opts->speller;
    bc_status st = BC_OK;
    if (!sp) {
        char *words = bc_strdup_printf("%s/layouts/tu-dien.txt", data);
        bc_error e2 = BC_ERROR_INIT;
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

/* Everything the report prints besides the narrative, for the self-check. */
static void expect_report(bc_textcheck *tc, const bc_report *r, const bc_doc *doc,
                          const bc_appendices *appx)
{
    bc_textcheck_expect_doc(tc, doc);
    bc_textcheck_expect(tc, r->agency_parent);
    for (size_t i = 0; r->agency[i]; i++)
        bc_textcheck_expect(tc, r->agency[i]);
    char *num = bc_report_number_line(r), *date = bc_report_date_line(r);
    bc_textcheck_expect(tc, num);
    bc_textcheck_expect(tc, date);
    free(num);
    free(date);
    bc_textcheck_expect(tc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc");
    if (r->kind == BC_REPORT_BAO_CAO)
        bc_textcheck_expect(tc, r->doc_type);
    else
        bc_textcheck_expect(tc, "V/v");
    bc_textcheck_expect(tc, r->summary);
    bc_textcheck_expect(tc, r->urgency);
    if (r->recipients[0])
        bc_textcheck_expect(tc, "Kính gửi:");
    for (size_t i = 0; r->recipients[i]; i++)
        bc_textcheck_expect(tc, r->recipients[i]);
    bc_textcheck_expect(tc, r->after_body);
    bc_textcheck_expect(tc, r->cc_label);
    for (size_t i = 0; r->cc[i]; i++)
        bc_textcheck_expect(tc, r->cc[i]);
    for (size_t i = 0; r->authority[i]; i++)
        bc_textcheck_expect(tc, r->authority[i]);
    bc_textcheck_expect(tc, r->signer);
    for (size_t i = 0; appx && i < appx->count; i++) {
        bc_textcheck_expect(tc, appx->info[i].label);
        bc_textcheck_expect(tc, appx->info[i].attachment);
        bc_textcheck_expect_table(tc, appx->tables[i]);
    }
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
    for (size_t i = 0; r->data_files && r->data_files[i]; i++)
        bc_inputs_add(in, r->data_files[i], f ? f : "");
    free(f);
    f = bc_strdup_printf("%s%s", "trường phu-luc", what);
    for (size_t i = 0; r->appendices && r->appendices[i]; i++)
        bc_inputs_add(in, r->appendices[i], f ? f : "");
    free(f);
}

/* Every file the render reads, checked against its outputs before any
 * work: an output never overwrites an input (outguard.h). */
static bc_status check_outputs(const bc_report *rep, const bc_appendices *appx,
                               const bc_render_opts *opts, bc_error *err)
{
    bc_inputs in = BC_INPUTS_INIT;
    add_report_inputs(&in, rep, "");
    for (size_t i = 0; appx && i < appx->count; i++)
        bc_inputs_add(&in, appx->tables[i]->csv_file, "dữ liệu của phụ lục");
    bc_draft_config dc = {0};
    bc_error ignore = BC_ERROR_INIT;
    if (opts->draft && bc_draft_config_load(rep->dir, &dc, &ignore) == BC_OK) {
        bc_inputs_add(&in, dc.file, "du-thao.yaml");
    }
    bc_error_clear(&ignore);
    const char *cmp = opts->compare_with ? opts->compare_with : dc.compare_with;
    const char *notes = opts->notes_path ? opts->notes_path : dc.notes_path;
    if (opts->draft && cmp) {
        bc_inputs_add(&in, cmp, "bản dự thảo trước (so-voi)");
        char *prev_path = is_dir(cmp) ? bc_strdup_printf("%s/report.yaml", cmp) : bc_strdup(cmp);
        bc_report *prev = NULL;
        if (prev_path && bc_report_load(prev_path, &prev, &ignore) == BC_OK)
            add_report_inputs(&in, prev, " của bản dự thảo trước (so-voi)");
        bc_error_clear(&ignore);
        bc_report_free(prev);
        free(prev_path);
    }
    if (opts->draft && notes)
        bc_inputs_add(&in, notes, "ý kiến góp ý (gop-y)");
    bc_status st = bc_inputs_check_output(&in, opts->output, opts->png_dir, err);
    bc_inputs_free(&in);
    bc_draft_config_free(&dc);
    return st;
}

bc_status bc_render_report(const char *report_path, const bc_render_opts *opts,
                           bc_render_result *result, bc_diags *diags, bc_error *err)
{
    bc_report *rep = NULL;
    bc_layout_cfg *cfg = NULL;
    bc_fonts *fonts = NULL;
    bc_doc *doc = NULL;
    bc_cairo_writer *w = NULL;
    bc_draft_run *dr = NULL;
    bc_textcheck *tc = NULL;
    bc_appendices *appx = NULL;
    bc_outfile *out = NULL;
    char *fontdir = NULL, *layoutdir = NULL, *author = NULL, *date = NULL;
    char *data = NULL;
    bc_used_values *used = NULL;
    bc_status st;

    if (opts->output && (st = bc_outfile_check(opts->output, err)))
        return st;
    /* a "baocao moi" folder with values or period words not yet re-entered */
    if ((st = bc_carry_check(report_path, err)))
        return st;
    if ((st = bc_report_load(report_path, &rep, err)))
        goto out;
    if ((st = bc_data_dir_find(opts->data_dir, &data, err)))
        goto out;
    layoutdir = bc_strdup_printf("%s/layouts", data);
    fontdir = bc_strdup_printf("%s/fonts", data);
    if ((st = bc_layout_cfg_load(layoutdir, rep->layout, &cfg, err))) {
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
    if ((st = bc_appendices_load(rep, &chk, &appx, diags, err)) ||
        (st = check_outputs(rep, appx, opts, err)))
        goto out;
    /* The narrative: its {{ ... }} placeholders quote the report's data
     * (so-lieu files, metadata, the appendices as pl1, pl2 ...). */
    used = opts->draft ? bc_used_values_new() : NULL;
    if (opts->draft && !used) {
        st = bc_error_set(err, BC_E_NOMEM, NULL, 0, 0, "hết bộ nhớ");
        goto out;
    }
    bc_expand_opts eo = {.warn_unused = opts->warn_unused,
                         .on_used = used ? bc_used_values_note : NULL,
                         .used_ctx = used};
    if ((st = bc_narrative_load(rep, appx->tables, appx->count, &eo, &doc, diags, err)))
        goto out;
    if (rep->spell_check &&
        (st = check_spelling(opts, data, rep, doc, appx, diags, err)))
        goto out;
    if (appx->mismatches && opts->strict) {
        st = bc_error_set(err, BC_E_DATA, rep->path, 0, 0,
                          "số liệu phụ lục có %zu chỗ không khớp (xem cảnh báo ở trên); không in "
                          "vì đã chọn --chat-che",
                          appx->mismatches);
        goto out;
    }
    if ((st = bc_fonts_new(fontdir, (const char *const *)cfg->fonts, !opts->shipped_fonts_only,
                           &fonts, err)) ||
        (st = check_report_glyphs(fonts, rep, err)))
        goto out;
    if (bc_fonts_warning(fonts))
        bc_diags_add(diags, BC_WARNING, NULL, 0, 0, "%s", bc_fonts_warning(fonts));

    if (opts->output && (st = bc_outfile_open(opts->output, opts->hooks, &out, err)))
        goto out;
    author = join_lines(rep->agency, " ");
    date = bc_strdup_printf("%04d-%02d-%02dT08:00:00", rep->date.year, rep->date.month,
                            rep->date.day);
    bc_pdf_meta meta = {.title = rep->summary, .author = author, .subject = rep->doc_type,
                        .keywords = "cải cách hành chính", .date = date};
    bc_page_sink sink;
    if (opts->draft || opts->writer == BC_WRITER_HPDF) {
        /* Draft marks and/or the libharu writer; marks changes in doc. */
        bc_draft_request rq = {
            .draft = opts->draft, .round = opts->draft_round, .compare_with = opts->compare_with,
            .notes_path = opts->notes_path, .watermark = opts->watermark,
            .stamp_time = opts->stamp_time, .used = used,
            .attach_originals = opts->attach_originals, .hooks = opts->hooks,
            .confine_root = opts->confine_root,
            .writer = opts->writer == BC_WRITER_HPDF    ? BC_WRITER_CHOICE_HPDF
                      : opts->writer == BC_WRITER_CAIRO ? BC_WRITER_CHOICE_CAIRO
                                                        : BC_WRITER_CHOICE_AUTO};
        if ((st = bc_draft_run_begin(&rq, rep, doc, appx, cfg, fonts, out, &meta, opts->png_dir,
                                     opts->png_dpi, diags, &dr, &sink, err)))
            goto out;
    } else {
        if ((st = bc_cairo_writer_open(out, &meta, opts->png_dir, opts->png_dpi, opts->hooks,
                                       &w, err)))
            goto out;
        if (!opts->single_thread)
            bc_cairo_writer_use_thread(w);
        sink = (bc_page_sink){bc_cairo_writer_page, w};
    }
    if (opts->self_check) {
        tc = bc_textcheck_new(sink);
        if (!tc) {
            st = bc_error_set(err, BC_E_NOMEM, NULL, 0, 0, "hết bộ nhớ");
            goto out;
        }
        expect_report(tc, rep, doc, appx);
        sink = bc_textcheck_sink(tc);
    }
    bc_layout_input in = {.report = rep, .doc = doc, .cfg = cfg, .fonts = fonts,
                          .appendices = appx};
    int pages = 0;
    st = bc_layout_report(&in, sink, diags, &pages, err);
    if (st) {
        if (dr)
            bc_draft_run_explain(dr, err);
        else
            st = bc_cairo_writer_explain(&w, st, err);
        goto out;
    }
    if (tc && (st = bc_textcheck_finish(tc, err)))
        goto out;
    if (dr) {
        st = bc_draft_run_finish(dr, diags, &pages, err);
        dr = NULL;
    } else {
        st = bc_cairo_writer_close(w, err);
        w = NULL;
    }
    if (st)
        goto out;
    if (out) {
        st = bc_outfile_commit(out, err);
        out = NULL;
        if (st)
            goto out;
    }
    if (result)
        result->pages = pages;
    if (appx->mismatches)
        st = BC_E_DATA;
out:
    if (w)
        bc_cairo_writer_abort(w);
    bc_draft_run_abort(dr);
    bc_textcheck_free(tc);
    bc_outfile_abort(out);
    bc_appendices_free(appx);
    bc_fonts_free(fonts);
    bc_doc_free(doc);
    bc_layout_cfg_free(cfg);
    bc_report_free(rep);
    bc_used_values_free(used);
    free(fontdir);
    free(layoutdir);
    free(data);
    free(author);
    free(date);
    return st;
}
