/* pdfobj.h: an object read strictly and printed as qpdf 11 prints it. The
 * expected texts are what qpdf 11.3 gives for the same objects
 * (pikepdf's Object.unparse(resolved=True) on them): sorted keys, null
 * values left out, integers shortened, reals as written, names and
 * strings re-escaped by qpdf's rules. Refusals: anything outside the
 * strict subset is NULL, never a crash. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pdfobj.h"

static char *printed(const char *t, bool open)
{
    bc_pdfobj *o = bc_pdfobj_parse(t, strlen(t), 100, NULL);
    if (!o)
        return NULL;
    bc_buf b = BC_BUF_INIT;
    bool ok = bc_pdfobj_print(o, open, &b);
    bc_pdfobj_free(o);
    bc_buf_putc(&b, '\0');
    if (!ok || b.oom) {
        bc_buf_free(&b);
        return NULL;
    }
    return bc_buf_detach(&b);
}

static void expect(const char *in, const char *want)
{
    char *got = printed(in, false);
    CHECK_STR(got, want);
    free(got);
}

static void refused(const char *in)
{
    bc_pdfobj *o = bc_pdfobj_parse(in, strlen(in), 100, NULL);
    CHECK(o == NULL);
    if (o)
        fprintf(stderr, "accepted: %s\n", in);
    bc_pdfobj_free(o);
}

int main(void)
{
    /* cairo's page */
    expect("<< /Type /Page % 1\n   /Parent 1 0 R\n   /MediaBox [ 0 0 595.27559 841.889764 ]\n"
           "   /Group <<\n      /Type /Group\n      /S /Transparency\n      /I true\n"
           "      /CS /DeviceRGB\n   >>\n   /Resources 2 0 R\n>>",
           "<< /Group << /CS /DeviceRGB /I true /S /Transparency /Type /Group >> /MediaBox [ 0 0 "
           "595.27559 841.889764 ] /Parent 1 0 R /Resources 2 0 R /Type /Page >>");
    expect("<< /Title <FEFF0054> /Producer (a\\(b\\)c\\\\ \\344 \\n x) /Z null /Aa [ -0 +5 007 "
           "-.5 1. null false ] /B#20c 1 /x#2Fy 2 /E (\\001\\002) >>",
           "<< /Aa [ 0 5 7 -.5 1. null false ] /B#20c 1 /E <0102> /Producer (a\\(b\\)c\\\\ \xe4 "
           "\\n x) /Title <feff0054> /x#2fy 2 >>");
    expect("<< /S (\\200\\201\\202abcdefgh) /T (\\200\\201abcdefghij) /U <0> /V (a(b)c) "
           "/W (\\177~) /X (\\030\\031abcdefghijk) >>",
           "<< /S <8081826162636465666768> /T (\\200\\201abcdefghij) /U <00> /V (a\\(b\\)c) "
           "/W <7f7e> /X (\\030\\031abcdefghijk) >>");
    expect("[ ]", "[ ]");
    expect("<<>>", "<< >>");

    /* keys set and removed; printed open to add keys */
    const char *cat = "<< /Type /Catalog /Pages 1 0 R /StructTreeRoot 5 0 R /Lang (vi) >>";
    bc_pdfobj *o = bc_pdfobj_parse(cat, strlen(cat), 100, NULL);
    CHECK(o && bc_pdfobj_is_dict(o));
    if (o) {
        CHECK(bc_pdfobj_has(o, "/Lang") && !bc_pdfobj_has(o, "/Annots"));
        CHECK(bc_pdfobj_name_is(o, "/Type", "/Catalog") && !bc_pdfobj_name_is(o, "/Type", "/Page"));
        bc_pdfobj_remove(o, "/StructTreeRoot");
        bc_pdfobj_remove(o, "/Lang");
        bc_pdfobj_remove(o, "/Missing");
        CHECK(bc_pdfobj_set(o, "/Tabs", "/S", 2) && bc_pdfobj_set(o, "/Pages", "2 0 R", 5));
        bc_buf b = BC_BUF_INIT;
        CHECK(bc_pdfobj_print(o, true, &b));
        bc_buf_putc(&b, '\0');
        CHECK_STR(b.data, "<< /Pages 2 0 R /Tabs /S /Type /Catalog ");
        bc_buf_free(&b);
        bc_pdfobj_free(o);
    }
    /* values read: references, integers, strings (decoded), arrays, nested dictionaries */
    const char *fs = "<< /EF << /F 13 0 R >> /F (a\\(b\\).csv) /N [ (x) 12 0 R 7 ] /I -4 /Z null >>";
    o = bc_pdfobj_parse(fs, strlen(fs), 100, NULL);
    CHECK(o != NULL);
    if (o) {
        int ef = bc_pdfobj_get(o, 0, "/EF");
        CHECK(bc_pdfobj_dict_at(o, ef) && bc_pdfobj_ref(o, bc_pdfobj_get(o, ef, "/F")) == 13);
        CHECK(bc_pdfobj_get(o, 0, "/Z") < 0 && bc_pdfobj_get(o, 0, "/None") < 0);
        CHECK(bc_pdfobj_get(o, bc_pdfobj_get(o, 0, "/I"), "/F") < 0); /* not a dictionary */
        size_t n = 0;
        const char *str = bc_pdfobj_str(o, bc_pdfobj_get(o, 0, "/F"), &n);
        CHECK(str && n == 8 && !memcmp(str, "a(b).csv", 8));
        CHECK(bc_pdfobj_str(o, ef, &n) == NULL);
        long long v = 0;
        CHECK(bc_pdfobj_int(o, bc_pdfobj_get(o, 0, "/I"), &v) && v == -4);
        CHECK(!bc_pdfobj_int(o, ef, &v) && bc_pdfobj_ref(o, ef) == 0);
        int a = bc_pdfobj_get(o, 0, "/N"), i = bc_pdfobj_first(o, a);
        CHECK(bc_pdfobj_str(o, i, &n) && n == 1);
        i = bc_pdfobj_next(o, i);
        CHECK(bc_pdfobj_ref(o, i) == 12);
        i = bc_pdfobj_next(o, i);
        CHECK(bc_pdfobj_int(o, i, &v) && v == 7 && bc_pdfobj_next(o, i) < 0);
        CHECK(bc_pdfobj_first(o, ef) < 0 && bc_pdfobj_get(o, 999, "/F") < 0);
        bc_pdfobj_free(o);
    }

    char *arr = printed("[ 1 2 ]", true); /* open: dictionaries only */
    CHECK(arr == NULL);
    free(arr);

    /* strings as qpdf prints them */
    bc_buf b = BC_BUF_INIT;
    bc_pdfobj_string(&b, "sRGB (IEC) \\", 12);
    bc_pdfobj_string(&b, "\x01", 1);
    bc_pdfobj_string(&b, "\t\n", 2);
    bc_buf_putc(&b, '\0');
    CHECK_STR(b.data, "(sRGB \\(IEC\\) \\\\)<01>(\\t\\n)");
    bc_buf_free(&b);

    /* refused */
    refused("<< /A 1 /A 2 >>");          /* a key twice */
    refused("");
    refused("<< /A 200 0 R >>");         /* past the file's /Size */
    refused("<< /A 0 0 R >>");
    refused("<< /A 3 1 R >>");           /* a generation */
    refused("<< /A -3 0 R >>");
    refused("<< /A (x\\12y) >>");        /* a short octal escape */
    refused("<< /A (x\ry) >>");          /* a raw CR */
    refused("<< /A (x\\\ny) >>");        /* a line continued */
    refused("<< /A (unclosed >>");
    refused("<< /A <12G4> >>");
    refused("<< /A#00 1 >>");
    refused("<< /A#2 1 >>");
    refused("<< /A 1234567890123456789 >>");
    refused("<< /A 1 >> trailing");
    refused("<< /A [ 1 2 >>");
    refused("<< 1 2 >>");                /* a key not a name */
    refused("<< /A 1 .");
    refused("<< /A - >>");
    refused("<< /A truex >>");
    refused("<< /A 1 0 obj >>");
    char deep[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "[");
    refused(deep);
    return check_report();
}
