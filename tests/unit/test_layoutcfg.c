/* Layout configuration: the built-in default is layouts/nd30-chuan.yaml
 * (compiled in), so the default and the loaded file agree on every number;
 * a layout file that names only some keys gets the rest from that file
 * (before, the code held its own copy: closing.left-width was 75 there and
 * 62 in the file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "layoutcfg.h"

static int same_style(const bc_style *a, const bc_style *b)
{
    return a->size == b->size && a->bold == b->bold && a->italic == b->italic &&
           a->upper == b->upper && a->align == b->align && a->indent == b->indent &&
           a->left == b->left && a->before == b->before && a->after == b->after &&
           a->spacing == b->spacing;
}

/* Every number of the two configurations (names and fonts aside). */
static int same_numbers(const bc_layout_cfg *a, const bc_layout_cfg *b)
{
    bc_layout_cfg x = *a, y = *b;
    x.name = y.name = NULL;
    x.fonts = y.fonts = NULL;
    for (int i = 0; i < BC_ST_COUNT; i++)
        if (!same_style(&a->styles[i], &b->styles[i])) {
            fprintf(stderr, "style %s differs\n", bc_style_name((bc_style_id)i));
            return 0;
        }
    memset(x.styles, 0, sizeof x.styles);
    memset(y.styles, 0, sizeof y.styles);
    return memcmp(&x, &y, sizeof x) == 0;
}

int main(void)
{
    const char *src = getenv("BAOCAO_SOURCE_DIR");
    if (!src)
        src = "..";
    char path[4096];
    bc_error err = BC_ERROR_INIT;
    bc_layout_cfg *def = bc_layout_cfg_default(), *file = NULL, *part = NULL;
    snprintf(path, sizeof path, "%s/layouts", src);
    CHECK(def != NULL);
    CHECK(bc_layout_cfg_load(path, "nd30-chuan", &file, &err) == BC_OK);
    if (!def || !file) {
        fprintf(stderr, "set-up failed: %s\n", err.message ? err.message : "?");
        return check_report() | 1;
    }
    CHECK(same_numbers(def, file));
    CHECK_STR(def->name, "nd30-chuan");
    CHECK_STR(def->fonts[0], file->fonts[0]);
    /* The measures the ND30 blocks used to hard-code come from the file. */
    CHECK(def->closing_left_width == 62);
    CHECK(def->rule_drop == 2.5 && def->rule_after == 4 && def->kinh_gui_gap == 12);
    CHECK(def->summary_left == 0.06 && def->summary_width == 0.88);
    /* ... and so do the tables', the footnote rule's and Kính gửi's. */
    CHECK(def->table_cell_padding == 1.2 && def->table_cell_padding_v == 0.8 &&
          def->table_min_padding == 0.3 && def->table_min_column == 5 &&
          def->table_rule_width == 0.5);
    CHECK(def->table_title_inset == 0 && def->table_title_width == 1 &&
          def->table_attach_rule == 0.4 && def->table_rule_drop == 2.5 &&
          def->table_rule_after == 4 && def->table_title_after == 8 &&
          def->table_continued_after == 2 && def->table_note_before == 4);
    CHECK(def->footnote_rule_width == 0.5 && def->kinh_gui_label_gap == 0.3);
    CHECK(def->urgency_khan == 20 && def->urgency_hoa_toc == 30 &&
          def->urgency_thuong_khan == 40 && def->urgency_height == 8);
    /* ... and the numbers of setting text (para.c used to hold them). */
    const bc_textset *t = &def->text;
    CHECK(t->space_stretch == 0.5 && t->space_shrink == 0.5 && t->tolerance == 1.0 &&
          t->ragged_ratio == 2.0 && t->stretch_cap == 1.96);
    CHECK(t->note_ref_rise == 0.38 && t->underline_drop == 0.12 && t->strike_raise == 0.28 &&
          t->decoration_width == 0.05);
    CHECK(def->styles[BC_ST_H2].align == BC_ALIGN_JUSTIFY);
    CHECK(def->styles[BC_ST_NOTEREF].spacing == 1.0);

    /* A partial layout file: only what it names changes. */
    char dir[] = "/tmp/bc-layoutcfg-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/mot-phan.yaml", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("name: mot-phan\nheader: {title-gap: 20}\ntext: {note-ref-rise: 0.3}\n"
              "styles:\n  body: {size: 13}\n",
              f);
        fclose(f);
    }
    CHECK(bc_layout_cfg_load(dir, "mot-phan", &part, &err) == BC_OK);
    if (part) {
        CHECK(part->title_gap == 20);
        CHECK(part->styles[BC_ST_BODY].size == 13);
        CHECK(part->styles[BC_ST_BODY].spacing == def->styles[BC_ST_BODY].spacing);
        CHECK(part->closing_left_width == 62); /* the file's number, not a copy's */
        CHECK(part->text.note_ref_rise == 0.3 && part->text.space_stretch == 0.5);
        part->text.note_ref_rise = def->text.note_ref_rise;
        part->title_gap = def->title_gap;
        part->styles[BC_ST_BODY].size = def->styles[BC_ST_BODY].size;
        CHECK(same_numbers(part, def));
    }
    /* An unknown key in the new sections is refused at its line. */
    f = fopen(path, "w");
    if (f) {
        fputs("urgency: {khan: 20, rong: 3}\n", f);
        fclose(f);
    }
    bc_layout_cfg *bad = NULL;
    bc_error_clear(&err);
    CHECK(bc_layout_cfg_load(dir, "mot-phan", &bad, &err) == BC_E_INPUT);
    CHECK(err.line == 1);
    f = fopen(path, "w");
    if (f) {
        fputs("name: x\ntext:\n  space-strech: 0.4\n", f);
        fclose(f);
    }
    bc_error_clear(&err);
    CHECK(bc_layout_cfg_load(dir, "mot-phan", &bad, &err) == BC_E_INPUT);
    CHECK(err.line == 3 && err.message && strstr(err.message, "space-stretch"));
    remove(path);
    rmdir(dir);
    bc_error_clear(&err);
    bc_layout_cfg_free(bad);
    bc_layout_cfg_free(part);
    bc_layout_cfg_free(file);
    bc_layout_cfg_free(def);
    return check_report();
}
