/*
 * i18n.c - the interface catalogues (nl, fr, de, en) and the choice of a
 * language from an Accept-Language header (see i18n.h).
 *
 * scripts/embed.py compiles po/LANG.po into GNU .mo files and embeds them
 * as the resources "po/LANG.mo". This file reads the .mo format itself
 * rather than through libc's gettext(), which would need an installed
 * system locale per language. Every offset and length in a catalogue is
 * checked against its size before use, and the strings are then indexed
 * in a table sorted by message id (binary search on lookup). The message
 * strings are not copied: they point into the embedded resource, which
 * lives as long as the program.
 *
 * After i18n_init() everything here is read-only, so any thread may use it.
 */
#include "i18n/i18n.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/resource.h"

const char *const i18n_languages[I18N_LANGUAGE_COUNT] = {
	"nl", "fr", "de", "en",
};

const char *const i18n_language_names[I18N_LANGUAGE_COUNT] = {
	"Nederlands", "Français", "Deutsch", "English",
};

/* One translated message; both strings point into the embedded .mo. */
struct message {
	const char *msgid;
	const char *msgstr;
};

struct catalog {
	const char *code;
	struct message *messages;  /* owned; sorted by msgid (strcmp) */
	size_t count;
};

/* The embedded resource of each catalogue, in the order of
 * i18n_languages (written by scripts/embed.py from po/LANG.po). */
static const char *const catalogue_paths[I18N_LANGUAGE_COUNT] = {
	"po/nl.mo", "po/fr.mo", "po/de.mo", "po/en.mo",
};

/* Empty until i18n_init(), so lookups before it fall back to the msgid. */
static struct catalog catalogs[I18N_LANGUAGE_COUNT] = {
	{"nl", NULL, 0}, {"fr", NULL, 0}, {"de", NULL, 0}, {"en", NULL, 0},
};

/* ---- the .mo format ------------------------------------------------ */

/*
 * A GNU .mo file starts with seven 32-bit words, in the byte order of the
 * machine that wrote it (the magic number tells which):
 *   magic, revision, message count N, offset of the msgid table,
 *   offset of the msgstr table, hash table size, hash table offset.
 * Each table holds N (length, offset) pairs; a string's length excludes
 * the NUL that follows it in the file.
 */
#define MO_MAGIC 0x950412deu
#define MO_HEADER_SIZE 28

/* Reads the 32-bit word at p in the given byte order; p needs no
 * alignment. The caller has checked that 4 bytes are there. */
static uint32_t mo_word(const unsigned char *p, int big_endian)
{
	if (big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | (uint32_t)p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | (uint32_t)p[0];
}

/* True if a table of count entries of entry_size bytes at offset lies
 * entirely inside a file of size bytes (no arithmetic can overflow). */
static int mo_table_fits(size_t size, uint32_t offset, uint32_t count,
                         size_t entry_size)
{
	if (offset > size)
		return 0;
	return count <= (size - offset) / entry_size;
}

/* True if s[0..len) is well-formed UTF-8 (no overlong forms, surrogates
 * or code points above U+10FFFF). NUL bytes are allowed: they separate
 * the plural forms of a message. */
static int mo_utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t follow;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			follow = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			follow = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			follow = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (follow > len - i - 1)
			return 0;
		for (size_t k = 1; k <= follow; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((follow == 2 && cp < 0x800) || (follow == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += follow + 1;
	}
	return 1;
}

/* Checks the string descriptor at data[at] (length, offset) and returns
 * the NUL-terminated string it describes, or NULL if it does not lie
 * inside the file, is not NUL-terminated or is not UTF-8. The caller has
 * checked that the 8 bytes of the descriptor are inside the file. */
static const char *mo_string(const unsigned char *data, size_t size,
                             size_t at, int big_endian, size_t *len_out)
{
	uint32_t len = mo_word(data + at, big_endian);
	uint32_t offset = mo_word(data + at + 4, big_endian);
	if (offset >= size || len >= size - offset)
		return NULL;
	if (data[offset + len] != '\0')
		return NULL;
	if (!mo_utf8_valid(data + offset, len))
		return NULL;
	*len_out = len;
	return (const char *)data + offset;
}

/* True if the catalogue header (the msgstr of the empty msgid) declares
 * no charset or UTF-8: the strings go straight into UTF-8 pages. */
static int mo_header_is_utf8(const char *header)
{
	const char *charset = strstr(header, "charset=");
	if (!charset)
		return 1;
	charset += strlen("charset=");
	size_t n = strcspn(charset, " \t;\n");
	return (n == 5 && strncasecmp(charset, "UTF-8", 5) == 0) ||
	       (n == 4 && strncasecmp(charset, "UTF8", 4) == 0);
}

/* Where the parts of a .mo file are, from its first 28 bytes. */
struct mo_layout {
	int big_endian;
	uint32_t count;     /* number of messages, the header included */
	uint32_t msgids;    /* offset of the table of msgid descriptors */
	uint32_t msgstrs;   /* offset of the table of msgstr descriptors */
};

/* Reads and checks the header of the .mo file data[0..size): magic number
 * in either byte order, revision 0, and both string tables and the hash
 * table (unused here) inside the file. Returns 0, or -1 if any is wrong. */
static int mo_read_layout(const unsigned char *data, size_t size,
                          struct mo_layout *mo)
{
	if (!data || size < MO_HEADER_SIZE)
		return -1;
	if (mo_word(data, 0) == MO_MAGIC)
		mo->big_endian = 0;
	else if (mo_word(data, 1) == MO_MAGIC)
		mo->big_endian = 1;
	else
		return -1;
	if (mo_word(data + 4, mo->big_endian) != 0)
		return -1;
	mo->count = mo_word(data + 8, mo->big_endian);
	mo->msgids = mo_word(data + 12, mo->big_endian);
	mo->msgstrs = mo_word(data + 16, mo->big_endian);
	uint32_t hash_size = mo_word(data + 20, mo->big_endian);
	uint32_t hash_offset = mo_word(data + 24, mo->big_endian);
	if (!mo_table_fits(size, mo->msgids, mo->count, 8) ||
	    !mo_table_fits(size, mo->msgstrs, mo->count, 8))
		return -1;
	if (hash_size && !mo_table_fits(size, hash_offset, hash_size, 4))
		return -1;
	return 0;
}

static int message_compare(const void *a, const void *b)
{
	const struct message *x = a, *y = b;
	return strcmp(x->msgid, y->msgid);
}

/*
 * Parses the .mo file data[0..size) into a table of messages sorted by
 * msgid, which the caller owns (free()). The header entry and entries
 * without a translation are left out; so a file with no translations
 * gives *out = NULL, *count = 0. Returns 0, or -1 (nothing allocated) if
 * the file is malformed: bad magic or revision, a table or string outside
 * the file, a string not NUL-terminated or not UTF-8, a charset other
 * than UTF-8, or the same msgid twice.
 */
static int mo_parse(const unsigned char *data, size_t size,
                    struct message **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct mo_layout mo;
	if (mo_read_layout(data, size, &mo) != 0)
		return -1;

	struct message *messages = NULL;
	if (mo.count) {
		messages = malloc((size_t)mo.count * sizeof *messages);
		if (!messages)
			return -1;
	}
	size_t used = 0;
	for (uint32_t i = 0; i < mo.count; i++) {
		size_t id_len, str_len;
		const char *id = mo_string(data, size, mo.msgids + (size_t)i * 8,
		                           mo.big_endian, &id_len);
		const char *str = mo_string(data, size, mo.msgstrs + (size_t)i * 8,
		                            mo.big_endian, &str_len);
		if (!id || !str)
			goto malformed;
		if (id_len == 0) {
			if (!mo_header_is_utf8(str))
				goto malformed;
			continue;
		}
		if (str_len == 0 || str[0] == '\0')
			continue;  /* untranslated: the msgid is shown */
		messages[used].msgid = id;
		messages[used].msgstr = str;
		used++;
	}
	if (used == 0) {
		free(messages);
		return 0;
	}
	qsort(messages, used, sizeof *messages, message_compare);
	for (size_t i = 1; i < used; i++)
		if (strcmp(messages[i - 1].msgid, messages[i].msgid) == 0)
			goto malformed;
	*out = messages;
	*count = used;
	return 0;

malformed:
	free(messages);
	return -1;
}

/* ---- catalogues ---------------------------------------------------- */

int i18n_init(void)
{
	struct message *loaded[I18N_LANGUAGE_COUNT] = {0};
	size_t counts[I18N_LANGUAGE_COUNT] = {0};

	/* Parse everything first, so a malformed catalogue leaves the
	 * previous state untouched. A catalogue that is not embedded at all
	 * stays empty: its language shows the English message ids. */
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		const struct resource *r = resource_find(catalogue_paths[i]);
		if (!r)
			continue;
		if (mo_parse(r->data, r->size, &loaded[i], &counts[i]) != 0) {
			for (int k = 0; k < i; k++)
				free(loaded[k]);
			return -1;
		}
	}
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		free(catalogs[i].messages);
		catalogs[i].messages = loaded[i];
		catalogs[i].count = counts[i];
	}
	return 0;
}

const struct catalog *i18n_catalog(const char *lang)
{
	if (!lang)
		return NULL;
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++)
		if (strcmp(lang, catalogs[i].code) == 0)
			return &catalogs[i];
	return NULL;
}

int i18n_index(const struct catalog *c)
{
	return c ? (int)(c - catalogs) : -1;
}

const char *i18n_code(const struct catalog *c)
{
	return c ? c->code : "en";
}

/* A NULL msgid gives "" rather than NULL, so that a missing message id
 * in a template or form shows as nothing instead of crashing the page. */
const char *i18n_gettext(const struct catalog *c, const char *msgid)
{
	if (!msgid)
		return "";
	if (!c || c->count == 0)
		return msgid;
	struct message key = {msgid, NULL};
	const struct message *m = bsearch(&key, c->messages, c->count,
	                                  sizeof key, message_compare);
	return m ? m->msgstr : msgid;
}

bool i18n_supported(const char *code)
{
	return i18n_catalog(code) != NULL;
}

/* ---- Accept-Language ----------------------------------------------- */

/*
 * The header is a comma-separated list of language ranges, each with an
 * optional weight (RFC 9110 12.5.4, RFC 4647):
 *     nl-BE, nl;q=0.9, en;q=0.5, *;q=0.1
 * A range is "*" or 1-8 letters followed by "-" subtags of 1-8 letters or
 * digits; a weight is q=0, q=1 or a decimal in between with at most three
 * digits. Only the first subtag matters here ("nl-BE" asks for Dutch).
 * An element that does not parse is ignored, the rest still counts.
 */

/* What one list element asks for. */
struct language_range {
	int language;   /* index in i18n_languages, or -1 for another one */
	int wildcard;   /* the range was "*" */
	int quality;    /* weight in thousandths, 0..1000 */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII only, whatever the locale: language tags are ASCII. */
static char to_lower(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c | 0x20);
	return c;
}

/* Parses a qvalue at s[0..end) into thousandths; returns the position
 * after it, or NULL if it is not one. */
static const char *parse_quality(const char *s, const char *end, int *out)
{
	if (s >= end || (*s != '0' && *s != '1'))
		return NULL;
	int whole = *s++ - '0';
	int thousandths = 0, digits = 0;
	if (s < end && *s == '.') {
		s++;
		while (s < end && is_digit(*s) && digits < 3) {
			thousandths = thousandths * 10 + (*s++ - '0');
			digits++;
		}
		if (s < end && is_digit(*s))
			return NULL;  /* more than three decimals */
	}
	while (digits++ < 3)
		thousandths *= 10;
	if (whole == 1 && thousandths != 0)
		return NULL;  /* above 1 */
	*out = whole * 1000 + thousandths;
	return s;
}

static const char *skip_space(const char *s, const char *end)
{
	while (s < end && is_space(*s))
		s++;
	return s;
}

/* Parses the language range at s[0..end) ("*" or a tag such as
 * "de-Latn-CH") into out->language and out->wildcard. Returns the
 * position after it, or NULL if there is none. */
static const char *parse_range(const char *s, const char *end,
                               struct language_range *out)
{
	if (s < end && *s == '*') {
		out->wildcard = 1;
		return s + 1;
	}
	const char *primary = s;
	while (s < end && is_alpha(*s) && s - primary < 9)
		s++;
	size_t primary_len = (size_t)(s - primary);
	if (primary_len == 0 || primary_len > 8)
		return NULL;
	while (s < end && *s == '-') {
		const char *subtag = ++s;
		while (s < end && (is_alpha(*s) || is_digit(*s)) && s - subtag < 9)
			s++;
		if (s == subtag || s - subtag > 8)
			return NULL;
	}
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		const char *code = i18n_languages[i];
		if (primary_len == strlen(code) && to_lower(primary[0]) == code[0] &&
		    to_lower(primary[1]) == code[1])
			out->language = i;
	}
	return s;
}

/* Parses the parameters "; name=value" that follow a range, up to end.
 * Only q is defined; the value of any other is skipped up to the next
 * ";". Returns 1 and sets *quality if q is given, or 0 if they are
 * malformed. */
static int parse_parameters(const char *s, const char *end, int *quality)
{
	for (;;) {
		s = skip_space(s, end);
		if (s == end)
			return 1;
		if (*s != ';')
			return 0;
		s = skip_space(s + 1, end);
		const char *name = s;
		while (s < end && (is_alpha(*s) || is_digit(*s) || *s == '-' ||
		                   *s == '_' || *s == '.'))
			s++;
		if (s == name || s == end || *s != '=')
			return 0;
		if (s - name == 1 && to_lower(*name) == 'q') {
			s = parse_quality(s + 1, end, quality);
			if (!s)
				return 0;
		} else {
			while (s < end && *s != ';')
				s++;
		}
	}
}

/* Parses one list element s[0..end) (between commas). Returns 1 and
 * fills *out, or 0 if the element is empty or malformed. */
static int parse_language_range(const char *s, const char *end,
                                struct language_range *out)
{
	out->language = -1;
	out->wildcard = 0;
	out->quality = 1000;
	s = parse_range(skip_space(s, end), end, out);
	return s && parse_parameters(s, end, &out->quality);
}

/* Order in which languages win a tie on quality and position, which can
 * only happen between languages admitted by the same "*": English first,
 * as the language every user of the program is assumed to read. */
static int tie_rank(int language)
{
	return strcmp(i18n_languages[language], "en") == 0 ? -1 : language;
}

const char *i18n_negotiate(const char *accept_language)
{
	/* Per language: the best weight any explicit range gave it (-1 when
	 * none named it) and the position of that range in the list. */
	int quality[I18N_LANGUAGE_COUNT];
	size_t position[I18N_LANGUAGE_COUNT] = {0};
	int wildcard_quality = -1;
	size_t wildcard_position = 0;
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++)
		quality[i] = -1;

	const char *s = accept_language ? accept_language : "";
	for (size_t index = 0; *s; index++) {
		const char *end = s + strcspn(s, ",");
		struct language_range r;
		if (parse_language_range(s, end, &r)) {
			if (r.wildcard && r.quality > wildcard_quality) {
				wildcard_quality = r.quality;
				wildcard_position = index;
			} else if (r.language >= 0 && r.quality > quality[r.language]) {
				quality[r.language] = r.quality;
				position[r.language] = index;
			}
		}
		s = *end ? end + 1 : end;
	}

	int best = -1, best_quality = 0;
	size_t best_position = 0;
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		int q = quality[i];
		size_t at = position[i];
		if (q < 0) {
			q = wildcard_quality;
			at = wildcard_position;
		}
		if (q <= 0)
			continue;  /* not named, or q=0: "not acceptable" */
		if (best < 0 || q > best_quality ||
		    (q == best_quality && at < best_position) ||
		    (q == best_quality && at == best_position &&
		     tie_rank(i) < tie_rank(best))) {
			best = i;
			best_quality = q;
			best_position = at;
		}
	}
	return best >= 0 ? i18n_languages[best] : "en";
}
