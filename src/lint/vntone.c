/* vntone.c - old and new tone placement (vntone.h). */
#include "vntone.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"

#define MAX_CPS 16

/* Splits cp into its letter without the tone mark and the tone mark
 * (combining code point, 0 if none). */
static int32_t split_tone(int32_t cp, int32_t *tone)
{
    utf8proc_int32_t buf[4];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 4, UTF8PROC_DECOMPOSE, &last);
    *tone = 0;
    if (n < 2 || n > 4)
        return cp;
    utf8proc_int32_t rest[4];
    utf8proc_ssize_t k = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int32_t c = buf[i];
        if (c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323)
            *tone = c;
        else
            rest[k++] = c;
    }
    if (!*tone)
        return cp;
    if (k == 1)
        return rest[0];
    k = utf8proc_normalize_utf32(rest, k, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    return k == 1 ? rest[0] : cp;
}

static int32_t add_tone(int32_t base, int32_t tone)
{
    utf8proc_int32_t buf[2] = {base, tone};
    utf8proc_ssize_t k = utf8proc_normalize_utf32(buf, 2, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    return k == 1 ? buf[0] : base;
}

static bool is_vowel(int32_t lower_base)
{
    switch (lower_base) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
    case 0xE2: case 0x103: case 0xEA: case 0xF4: case 0x1A1: case 0x1B0: /* â ă ê ô ơ ư */
        return true;
    default:
        return false;
    }
}

bc_tone_style bc_tone_classify(const char *word, size_t len, char *alt, size_t alt_size)
{
    if (alt_size)
        alt[0] = '\0';
    int32_t cps[MAX_CPS], base[MAX_CPS], tone[MAX_CPS];
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (n == MAX_CPS)
            return BC_TONE_NEUTRAL;
        int32_t cp;
        int k = bc_utf8_decode(word + i, &cp);
        if (k <= 0)
            return BC_TONE_NEUTRAL;
        i += (size_t)k;
        cps[n] = cp;
        base[n] = utf8proc_tolower(split_tone(cp, &tone[n]));
        n++;
    }
    /* The vowel cluster must be the last two letters (an open syllable). */
    if (n < 2 || !is_vowel(base[n - 1]) || !is_vowel(base[n - 2]))
        return BC_TONE_NEUTRAL;
    if (n >= 3 && is_vowel(base[n - 3]))
        return BC_TONE_NEUTRAL; /* oai, uya, ... : one placement only */
    size_t a = n - 2, b = n - 1;
    bool pair = (base[a] == 'o' && (base[b] == 'a' || base[b] == 'e')) ||
                (base[a] == 'u' && base[b] == 'y');
    if (!pair)
        return BC_TONE_NEUTRAL;
    if (a >= 1 && base[a - 1] == 'q')
        return BC_TONE_NEUTRAL; /* "qu" is a consonant: quý */
    bc_tone_style style;
    size_t from, to;
    if (tone[a] && !tone[b]) {
        style = BC_TONE_OLD;
        from = a;
        to = b;
    } else if (tone[b] && !tone[a]) {
        style = BC_TONE_NEW;
        from = b;
        to = a;
    } else {
        return BC_TONE_NEUTRAL;
    }
    int32_t t;
    int32_t out[MAX_CPS];
    memcpy(out, cps, n * sizeof *out);
    out[from] = split_tone(cps[from], &t);
    out[to] = add_tone(cps[to], t);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char enc[4];
        int k = bc_utf8_encode(out[i], enc);
        if (w + (size_t)k + 1 > alt_size) {
            if (alt_size)
                alt[0] = '\0';
            return style;
        }
        memcpy(alt + w, enc, (size_t)k);
        w += (size_t)k;
    }
    alt[w] = '\0';
    return style;
}
