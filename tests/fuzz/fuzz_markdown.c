/* Fuzz target: the Markdown narrative reader (UTF-8 check, cmark-gfm,
 * heading numbers, footnotes). */
#include <stddef.h>
#include <stdint.h>

#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_error err = BC_ERROR_INIT;
    bc_diags diags = BC_DIAGS_INIT;
    bc_doc *doc = NULL;
    if (bc_markdown_parse((const char *)data, size, "fuzz.md", &doc, &diags, &err) == BC_OK)
        bc_doc_free(doc);
    bc_error_clear(&err);
    bc_diags_free(&diags);
    return 0;
}
