/*
 * text.c - sort keys for texts (see text.h).
 */
#include "core/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Base letters of Latin-1 Supplement and Latin Extended-A, by ranges of
 * code points. Code points not listed keep their bytes. */
static const struct {
	uint16_t first, last;
	const char *base;
} foldings[] = {
	{0xC0, 0xC5, "a"}, {0xC6, 0xC6, "ae"}, {0xC7, 0xC7, "c"}, {0xC8, 0xCB, "e"},
	{0xCC, 0xCF, "i"}, {0xD0, 0xD0, "d"}, {0xD1, 0xD1, "n"}, {0xD2, 0xD6, "o"},
	{0xD8, 0xD8, "o"}, {0xD9, 0xDC, "u"}, {0xDD, 0xDD, "y"}, {0xDE, 0xDE, "th"},
	{0xDF, 0xDF, "ss"}, {0xE0, 0xE5, "a"}, {0xE6, 0xE6, "ae"}, {0xE7, 0xE7, "c"},
	{0xE8, 0xEB, "e"}, {0xEC, 0xEF, "i"}, {0xF0, 0xF0, "d"}, {0xF1, 0xF1, "n"},
	{0xF2, 0xF6, "o"}, {0xF8, 0xF8, "o"}, {0xF9, 0xFC, "u"}, {0xFD, 0xFD, "y"},
	{0xFE, 0xFE, "th"}, {0xFF, 0xFF, "y"},
	{0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
	{0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
	{0x134, 0x135, "j"}, {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
	{0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
	{0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
	{0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

static const char *base_letters(uint32_t code_point)
{
	for (size_t i = 0; i < sizeof foldings / sizeof foldings[0]; i++)
		if (code_point >= foldings[i].first && code_point <= foldings[i].last)
			return foldings[i].base;
	return NULL;
}

char *text_sort_key(const char *s)
{
	/* A folding never lengthens a character: two bytes become at most
	 * two letters. */
	size_t len = strlen(s);
	char *key = malloc(len + 1);
	if (!key)
		return NULL;
	size_t out = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			key[out++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0 && i + 1 < len) {
			uint32_t cp = ((uint32_t)(c & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F);
			const char *base = base_letters(cp);
			if (base) {
				size_t n = strlen(base);
				memcpy(key + out, base, n);
				out += n;
				i += 2;
				continue;
			}
		}
		key[out++] = s[i++];   /* any other byte as it is */
	}
	key[out] = '\0';
	return key;
}
