/* Narrative reader: heading numbers, spans, footnotes, and inputs found by
 * fuzzing. */
#include <stdio.h>
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
    CHECK(d.count == 1);
    CHECK_STR(d.count ? d.items[0].message : NULL,
              "chú thích [^x] được định nghĩa ở dòng 5 nhưng không được dẫn chiếu ở đâu nên "
              "không được in; hãy thêm [^x] vào chỗ cần chú thích hoặc xóa định nghĩa");
    CHECK(d.count && d.items[0].line == 5 && d.items[0].column == 1);
    bc_doc_free(doc);
    bc_diags_free(&d);

    /* A reference without a definition is an error at its label; escaped
     * brackets, code spans, entities and code blocks are literal text. */
    {
        const struct {
            const char *md;
            int line, column;
            const char *label;
        } bad[] = {
            {"Một [^1].\n\n[^1]: A.\n\nHai dòng\nthứ hai *nghiêng [^4]* `[^c]`.\n", 6, 18, "[^4]"},
            {"- mục\n  + Mục con [^ghi-chu].\n", 2, 13, "[^ghi-chu]"},
            {"> Trích dẫn [^q]\n", 1, 13, "[^q]"},
            {"`[^a]` \\[^b] [^c]\n", 1, 14, "[^c]"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            bc_error err = BC_ERROR_INIT;
            doc = NULL;
            CHECK(bc_markdown_parse(bad[i].md, strlen(bad[i].md), "t.md", &doc, &d, &err) ==
                  BC_E_INPUT);
            CHECK(doc == NULL);
            CHECK(err.line == bad[i].line && err.column == bad[i].column);
            if (err.line != bad[i].line || err.column != bad[i].column)
                fprintf(stderr, "case %zu: %d:%d\n", i, err.line, err.column);
            char want[512];
            snprintf(want, sizeof want,
                     "chú thích %s được dẫn chiếu nhưng không có định nghĩa; hãy thêm dòng "
                     "\"%s: …\" (nội dung chú thích) ở cuối tệp hoặc bỏ dẫn chiếu",
                     bad[i].label, bad[i].label);
            CHECK_STR(err.message, want);
            bc_error_clear(&err);
        }
        doc = parse("Thoát \\[^x], `[^y]`, &#91;^z] và [^ không].\n\n```\n[^k]: mã\n```\n", &d);
        CHECK_STR(doc ? doc->blocks[0].text.text : NULL, "Thoát [^x], [^y], [^z] và [^ không].");
        CHECK(d.count == 0);
        bc_doc_free(doc);
        bc_diags_free(&d);
    }

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
