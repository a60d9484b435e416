/* pdfa.h - finishes a PDF that cairo wrote as an archival PDF/A-2b file,
 * with what cairo 1.16 cannot write itself:
 *
 *   - XMP metadata (dc:title, dc:creator, dc:description, dc:language,
 *     pdf:Keywords, pdf:Producer, xmp:CreatorTool, xmp:CreateDate and
 *     ModifyDate with the +07:00 offset, pdfaid:part 2, conformance B),
 *     made with libxml2's writer and equal to the Info dictionary;
 *   - Info dates "D:YYYYMMDDHHmmSS+07'00'" (cairo 1.16 writes them without
 *     "D:" or an offset), Producer naming cairo and qpdf;
 *   - an sRGB OutputIntent (the ICC profile of Debian's icc-profiles-free,
 *     compiled in: generated/srgb_icc.c);
 *   - a trailer /ID derived from the content (the same input gives the same
 *     bytes), /Lang, /ViewerPreferences /DisplayDocTitle, and /MarkInfo when
 *     the caller says the file is tagged;
 *   - /CIDToGIDMap /Identity on TrueType CID fonts (PDF/A-2 requires the
 *     key; Identity is what cairo's subsets mean), the print flag on every
 *     annotation;
 *   - link annotations (cairo 1.16's link tags leave an xref pointing at
 *     objects never written): areas that go to a place in the document or
 *     to a URL;
 *   - the structure tree of a tagged file (Tagged PDF, ISO 32000-1 14.8):
 *     cairo 1.16 marks content with its structure tags (standard names only)
 *     but writes a broken file for "Artifact", so the writer tags artifacts
 *     "NonStruct" and lists which element each tag is; here artifacts become
 *     "/Artifact BMC" in the page contents, and the tree is built from the
 *     writer's elements
 *     (Document at the root, TH with /Scope /Column, links as Link
 *     elements with their annotations), with a ParentTree, /StructParents
 *     on pages and annotations, and /Tabs /S.
 *
 * cairo's file is not parsed and written again as a whole: its objects are
 * copied as they are, in their order, with the few that change (catalog,
 * Info, pages, page contents, CID fonts) rewritten and cairo's own
 * structure tree left out; the new objects follow, the small ones in
 * compressed object streams, then a cross-reference stream (pdfout.h).
 * The objects that change are read and printed by pdfobj.h (byte for byte
 * as qpdf 11 printed them; the Producer still names the qpdf version built
 * against, so the files stay the same). The libharu drafts go the same way
 * (doc->writer), as PDF/A-3b when they embed their sources (their
 * annotations, file specifications and embedded files' dictionaries read
 * and printed by pdfobj.h too).
 *
 * Dates in the metadata are the document's local time in Việt Nam (UTC+7,
 * no daylight saving time). */
#ifndef BC_PDFA_H
#define BC_PDFA_H

#include <stdbool.h>
#include <stddef.h>

#include "display.h"
#include "error.h"
#include "outfile.h"
#include "scratch.h"

/* A link area on a page. Coordinates are pt from the page's top-left
 * corner, as in the display list. Strings borrowed. */
typedef struct bc_pdf_selem bc_pdf_selem;
typedef struct bc_pdf_link {
    int page;               /* 0-based page of the area */
    double x0, y0, x1, y1;  /* the area */
    const char *uri;        /* a URL, or NULL: then the place below */
    int dest_page;          /* 0-based */
    double dest_x, dest_y;  /* top-left corner of the view */
    int elem;               /* tagged files: the element (bc_pdf_selem) the area's text
                             * is in; its Link element goes there (-1: the Document) */
} bc_pdf_link;

/* A signature place on a page (sigfield.h). */
typedef struct bc_pdf_field {
    int page;               /* 0-based */
    bc_field place;         /* name and area (pt from the page's top-left corner) */
} bc_pdf_field;
/* A structure element of a tagged file: its type and its parent (an index
 * into the same array, before it; -1: the Document). Elements come in
 * reading order; their content is the marked content listed in tags. A
 * table cell spanning columns or rows says how many (0, 1: one); a Link
 * element holds its text's marked content and the OBJR of each link area
 * (bc_pdf_link) whose elem it is. */
struct bc_pdf_selem {
    bc_stype type;
    int parent;
    int colspan, rowspan;
};

typedef struct bc_pdfa_doc {
    const bc_pdf_meta *meta; /* what the writer gave cairo (date: local time) */
    const char *writer;      /* the PDF's writer, for /Producer ("Haru Free PDF Library
                              * 2.3.0"; qpdf is added); NULL: cairo */
    const char *lang;        /* "vi-VN" */
    bool tagged;             /* the writer tagged the pages: a structure tree is built
                              * from elems, /MarkInfo /Marked true */
    const bc_pdf_selem *elems;
    size_t nelems;
    /* The marked-content sequences with an MCID of each page, in order:
     * tags[page_tags[p] .. page_tags[p + 1]) are the elements (-1: an
     * artifact, tagged NonStruct) of page p's sequences. */
    const int *tags;
    const size_t *page_tags;  /* npage_tags + 1 entries */
    size_t npage_tags;
    const bc_pdf_link *links;
    size_t nlinks;
    const bc_pdf_field *fields; /* empty signature fields to add (sigfield.h) */
    size_t nfields;
} bc_pdfa_doc;

/* Finishes the PDF in pdf (a temporary file, scratch.h, holding cairo's
 * output, or another writer's with one classic cross-reference table:
 * libharu's drafts) and writes the result to out (which the caller then
 * commits or aborts). cairo's file is read back in pieces, never held
 * whole: memory holds a few numbers per object and per page, not the
 * file. A file with
 * embedded files (the name tree's /EmbeddedFiles: a draft's sources) is
 * made PDF/A-3b, its files associated with the document (/AFRelationship
 * /Source on each file specification, a MIME type (/Subtype, by the name's
 * extension) and /Params /ModDate on its stream, the catalog's /AF listing
 * them); any other, PDF/A-2b. Another writer's annotations get the print
 * flag. An error (BC_E_INTERNAL when the file is not as expected, BC_E_OUTPUT from out or from reading pdf) says why. */
bc_status bc_pdfa_write(bc_scratch *pdf, const bc_pdfa_doc *doc, bc_outfile *out,
                        bc_error *err);

#endif
