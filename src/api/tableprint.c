/* tableprint.c - one table to PDF. */
#include "tableprint.h"

#include <stdlib.h>

#include "appendix.h"
#include "baocao.h"
#include "fonts.h"
#include "layout.h"
#include "layoutcfg.h"
#include "outfile.h"
#include "outguard.h"
#include "render_cairo.h"

bc_status bc_table_print(const bc_table_print_opts *o, int *npages, bc_diags *diags,
                         bc_error *err)
{
    char *data = NULL, *layoutdir = NULL, *fontdir = NULL;
    bc_layout_cfg *cfg = NULL;
    bc_fonts *fonts = NULL;
    bc_appendices *appx = NULL;
    bc_cairo_writer *w = NULL;
    bc_outfile *out = NULL;
    bc_check_options chk = {.fix = o->fix};
    bc_status st;
    if ((st = bc_data_dir_find(o->data_dir, &data, err)))
        goto out;
    layoutdir = bc_strdup_printf("%s/layouts", data);
    fontdir = bc_strdup_printf("%s/fonts", data);
    if (!layoutdir || !fontdir) {
        st = bc_error_set(err, BC_E_NOMEM, NULL, 0, 0, "hết bộ nhớ");
        goto out;
    }
    if (o->output && (st = bc_outfile_check(o->output, err)))
        goto out;
    if ((st = bc_appendix_load_one(o->spec_path, o->csv_path, &chk, &appx, diags, err)))
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
    if ((st = bc_layout_cfg_load(layoutdir, o->layout ? o->layout : "nd30-chuan", &cfg, err)) ||
        (st = bc_fonts_new(fontdir, (const char *const *)cfg->fonts, !o->shipped_fonts_only,
                           &fonts, err)))
        goto out;
    if (bc_fonts_warning(fonts))
        bc_diags_add(diags, BC_WARNING, NULL, 0, 0, "%s", bc_fonts_warning(fonts));
    if (o->output && (st = bc_outfile_open(o->output, o->hooks, &out, err)))
        goto out;
    const bc_table *t = appx->tables[0];
    bc_pdf_meta meta = {.title = t->title, .subject = t->label};
    if ((st = bc_cairo_writer_open(out, &meta, o->png_dir, o->png_dpi, o->hooks, &w, err)))
        goto out;
    bc_layout_input in = {.cfg = cfg, .fonts = fonts, .appendices = appx};
    if (!o->single_thread)
        bc_cairo_writer_use_thread(w);
    bc_page_sink sink = {bc_cairo_writer_page, w};
    st = bc_layout_appendices_only(&in, sink, diags, npages, err);
    if (st) {
        st = bc_cairo_writer_explain(&w, st, err);
        goto out;
    }
    st = bc_cairo_writer_close(w, err);
    w = NULL;
    if (!st && out) {
        st = bc_outfile_commit(out, err);
        out = NULL;
    }
    if (!st) {
        if (appx->mismatches)
            st = BC_E_DATA;
    }
out:
    if (w)
        bc_cairo_writer_abort(w);
    bc_outfile_abort(out);
    bc_appendices_free(appx);
    bc_fonts_free(fonts);
    bc_layout_cfg_free(cfg);
    free(layoutdir);
    free(fontdir);
    free(data);
    return st;
}
