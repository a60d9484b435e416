/* Narrative reader: heading numbers, spans, footnotes, and inputs found by
 * fuzzing. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "markdown.h"

static bc_doc *parse(const char *md, bc_diags *d)
{
    bc_error err = BC_ERROR_INIT;
    bc_doc *doc = NULL;
    bc_status st = bc_markdown_parse(md, strlen(md), "t.md", &doc, d, &err);
    CHECK(st == BC_OK);
    bc_error_clear(&err);
    return doc;
}

int main(void)
{
    bc_diags d = BC_DIAGS_INIT;
    bc_doc *doc = parse("# Chỉ đạo\n\n## Kế hoạch\n\n### Một\n\n### Hai\n\n### Ba\n\n### Bốn\n\n"
                        "### Năm\n\n### Sáu\n\n# IV. Tác giả đánh số\n\n# Tiếp\n\n## X\n", &d);
    const char *want[] = {"I.", "1.", "a)", "b)", "c)", "d)", "đ)", "e)", "IV.", "V.", "1."};
    CHECK(doc && doc->nblocks == 11);
    for (size_t i = 0; doc && i < doc->nblocks && i < 11; i++)
        CHECK_STR(doc->blocks[i].number, want[i]);
    CHECK(doc && doc->blocks[8].number_given && !doc->blocks[9].number_given);
    CHECK_STR(doc ? doc->blocks[8].text.text : NULL, "Tác giả đánh số");
    bc_doc_free(doc);

    /* Footnotes numbered by first reference; unused definition reported. */
    doc = parse("A[^b] B[^a] C[^b].\n\n[^a]: Chú thích A.\n\n[^x]: Thừa.\n\n[^b]: Chú thích B.\n",
                &d);
    CHECK(doc && doc->nnotes == 2);
    CHECK_STR(doc ? doc->notes[0].text.text : NULL, "Chú thích B.");
    CHECK_STR(doc ? doc->notes[1].text.text : NULL, "Chú thích A.");
    CHECK_STR(doc ? doc->blocks[0].text.text : NULL, "A1 B2 C1.");
    CHECK(d.count == 1 && strstr(d.items[0].message, "không được dẫn chiếu"));
    bc_doc_free(doc);
    bc_diags_free(&d);

    /* Bold run-in, italic, code kept unbroken. */
    doc = parse("\\* **Về hiện trạng:** Hiện trạng *đạt* `4034/QĐ-UBND`.\n", &d);
    CHECK_STR(doc ? doc->blocks[0].text.text : NULL,
              "* Về hiện trạng: Hiện trạng đạt 4034/QĐ-UBND.");
    bool bold = false, italic = false, nobreak = false;
    for (size_t i = 0; doc && i < doc->blocks[0].text.nspans; i++) {
        unsigned f = doc->blocks[0].text.spans[i].flags;
        bold |= (f & BC_SPAN_BOLD) != 0;
        italic |= (f & BC_SPAN_ITALIC) != 0;
        nobreak |= (f & BC_SPAN_NOBREAK) != 0;
    }
    CHECK(bold && italic && nobreak);
    bc_doc_free(doc);

    /* Lists: "-" then nested "+". */
    doc = parse("- một\n  + hai\n- ba\n", &d);
    CHECK(doc && doc->nblocks == 3);
    CHECK_STR(doc ? doc->blocks[1].number : NULL, "+");
    CHECK(doc && doc->blocks[1].level == 2);
    bc_doc_free(doc);

    /* Fuzz regressions: empty headings of every level (read past the end). */
    doc = parse("#\n\n####\n\n## \n\n### \n\n#\r\n", &d);
    CHECK(doc != NULL);
    bc_doc_free(doc);

    /* Fuzz regression: a long run of Roman letters is not a heading number
     * (it overflowed the number buffer). */
    doc = parse("# XVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVI. Tiêu đề\n", &d);
    CHECK_STR(doc ? doc->blocks[0].number : NULL, "I.");
    bc_doc_free(doc);
    /* Adjacent footnote markers are separated by a superscript comma. */
    doc = parse("Văn bản[^a][^b].\n\n[^a]: A.\n\n[^b]: B.\n", &d);
    CHECK_STR(doc ? doc->blocks[0].text.text : NULL, "Văn bản1,2.");
    bc_doc_free(doc);

    /* Invalid UTF-8 is an error with line and column. */
    bc_error err = BC_ERROR_INIT;
    CHECK(bc_markdown_parse("ab\ncd\xff", 6, "x.md", &doc, &d, &err) == BC_E_INPUT);
    CHECK(err.line == 2 && err.column == 3);
    bc_error_clear(&err);
    bc_diags_free(&d);
    return check_report();
}
