/* text.c: NFC normalisation, including the shortcut for text that is
 * already NFC (precomposed Vietnamese): a precomposed letter followed by a
 * combining mark, a singleton and decomposed text must still be composed. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text.h"

static void nfc_is(const char *in, const char *want)
{
    char *got = bc_text_nfc(in, strlen(in));
    CHECK_STR(got, want);
    free(got);
}

int main(void)
{
    nfc_is("", "");
    nfc_is("Khánh Hòa, ngày 26 tháng 02 năm 2024 – “Đúng hạn” 0,49% ₫",
           "Khánh Hòa, ngày 26 tháng 02 năm 2024 – “Đúng hạn” 0,49% ₫");
    /* NFD (e + circumflex + acute; o + horn + grave) -> precomposed. */
    nfc_is("Vi\xCC\xA3\xC3\xAA\xCC\x81t", "V\xE1\xBB\x8B\xE1\xBA\xBFt"); /* "Vịết" */
    nfc_is("e\xCC\x81", "\xC3\xA9");                                     /* é */
    /* Precomposed ê followed by a combining acute: ế. */
    nfc_is("\xC3\xAA\xCC\x81", "\xE1\xBA\xBF");
    /* U+2000 EN QUAD is a canonical singleton: NFC gives U+2002. */
    nfc_is("a\xE2\x80\x80" "b", "a\xE2\x80\x82" "b");
    /* Ohm sign U+2126 -> Greek capital omega U+03A9. */
    nfc_is("\xE2\x84\xA6", "\xCE\xA9");
    /* Bytes after a NUL are kept (length, not C string). */
    char *got = bc_text_nfc("a\0b", 3);
    CHECK(got && got[0] == 'a' && got[1] == '\0' && got[2] == 'b' && got[3] == '\0');
    free(got);
    return check_report();
}
