/* vntone.h - the two ways of placing the tone mark in Vietnamese.
 *
 * In the open syllables with the vowel pairs oa, oe, uy (no final
 * consonant) the tone mark goes on the first vowel in the traditional
 * ("old") style - hòa, khỏe, thủy, ủy - and on the second in the newer
 * style - hoà, khoẻ, thuỷ, uỷ. Both are correct; a document should use
 * one. Other syllables are written the same in both styles. */
#ifndef BC_VNTONE_H
#define BC_VNTONE_H

#include <stddef.h>

typedef enum bc_tone_style {
    BC_TONE_NEUTRAL = 0, /* no oa/oe/uy pair with a tone: same in both styles */
    BC_TONE_OLD,         /* hòa, thủy */
    BC_TONE_NEW          /* hoà, thuỷ */
} bc_tone_style;

/* Classifies one word (NFC UTF-8, any case). For BC_TONE_OLD/NEW writes the
 * same word in the other style to alt (NUL-terminated; alt_size >= the
 * word's length + 1 is always enough), else leaves alt empty. */
bc_tone_style bc_tone_classify(const char *word, size_t len, char *alt, size_t alt_size);

#endif
