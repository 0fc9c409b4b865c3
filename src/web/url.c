/*
 * url.c - URL decoding and encoding, query/form-body parsing into params,
 * and splitting of request paths into segments (see url.h).
 *
 * These are the first functions to touch bytes from the network, so each
 * one takes an explicit length, never reads past it, and hands on only
 * text that passed utf8_is_clean_text: later layers can treat every name
 * and value as an ordinary C string of printable UTF-8.
 */
#include "web/url.h"

#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "lib/buf.h"

/* The value of one hexadecimal digit, or -1 if c is not one. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes src[0..len) into a fresh NUL-terminated string. A '%' must be
 * followed by two hexadecimal digits inside len; anything else ("%", "%4",
 * "%zz") makes the whole input malformed. The decoded bytes must then be
 * clean UTF-8 text, which rules out %00, other control characters and
 * overlong or truncated sequences hidden in escapes (%C0%AF).
 */
char *url_decode(const char *src, size_t len, bool plus_is_space)
{
	char *out = malloc(len + 1);   /* decoding never lengthens */
	if (!out)
		abort();
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = src[i];
		if (c == '%') {
			/* both digits must lie inside len: i + 2 < len */
			int high = i + 2 < len ? hex_value(src[i + 1]) : -1;
			int low = high >= 0 ? hex_value(src[i + 2]) : -1;
			if (low < 0) {
				free(out);
				return NULL;
			}
			c = (char)(high * 16 + low);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		out[n++] = c;
	}
	out[n] = '\0';
	if (!utf8_is_clean_text(out, n)) {
		free(out);
		return NULL;
	}
	return out;
}

/* Appends a pair to p; both strings become owned by p. */
static void params_push(struct params *p, char *name, char *value)
{
	struct param *items = realloc(p->items, (p->count + 1) * sizeof *items);
	if (!items)
		abort();
	p->items = items;
	p->items[p->count].name = name;
	p->items[p->count].value = value;
	p->count++;
}

/* Duplicates s, aborting when memory is exhausted (see buf.h on why). */
static char *copy_string(const char *s)
{
	char *copy = strdup(s);
	if (!copy)
		abort();
	return copy;
}

void params_add(struct params *p, const char *name, const char *value)
{
	params_push(p, copy_string(name), copy_string(value));
}

/*
 * Decodes one "name=value" piece (no '&' inside, length len > 0) and
 * appends it to out. A piece without '=' is a name with an empty value.
 * Returns -1 when the name is empty or either half fails url_decode.
 */
static int params_parse_piece(const char *piece, size_t len, struct params *out)
{
	const char *equals = memchr(piece, '=', len);
	size_t name_len = equals ? (size_t)(equals - piece) : len;
	const char *value_start = equals ? equals + 1 : piece + len;
	size_t value_len = len - (size_t)(value_start - piece);

	char *name = url_decode(piece, name_len, true);
	if (!name || name[0] == '\0') {
		free(name);
		return -1;
	}
	char *value = url_decode(value_start, value_len, true);
	if (!value) {
		free(name);
		return -1;
	}
	params_push(out, name, value);
	return 0;
}

/*
 * Splits src[0..len) on '&' and decodes each non-empty piece. The count
 * is checked before each piece is decoded, so an input of a million tiny
 * pairs costs no more than max_params + 1 of them.
 */
int params_parse(const char *src, size_t len, size_t max_params,
                 struct params *out)
{
	out->items = NULL;
	out->count = 0;
	size_t pos = 0;
	while (pos < len) {
		const char *amp = memchr(src + pos, '&', len - pos);
		size_t end = amp ? (size_t)(amp - src) : len;
		if (end > pos) {
			if (out->count >= max_params ||
			    params_parse_piece(src + pos, end - pos, out) < 0) {
				params_free(out);
				return -1;
			}
		}
		pos = end + 1;
	}
	return 0;
}

const char *params_get(const struct params *p, const char *name)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].name, name) == 0)
			return p->items[i].value;
	return NULL;
}

void params_free(struct params *p)
{
	for (size_t i = 0; i < p->count; i++) {
		free(p->items[i].name);
		free(p->items[i].value);
	}
	free(p->items);
	p->items = NULL;
	p->count = 0;
}

/*
 * Keeps the RFC 3986 unreserved characters and escapes every other byte,
 * spaces included (as %20, which every decoder reads the same way, unlike
 * '+'), so the result is safe in a query value and in an HTML attribute.
 */
void url_encode(struct buf *out, const char *src)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *s = (const unsigned char *)src; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' ||
		    *s == '_' || *s == '~') {
			buf_putc(out, (char)*s);
		} else {
			char escape[3] = {'%', hex[*s >> 4], hex[*s & 15]};
			buf_append(out, escape, sizeof escape);
		}
	}
}

/*
 * True if a path segment may reach the router: not "." or "..", clean
 * UTF-8, and free of every control character (tab, CR and LF included,
 * which clean text would otherwise let through, and DEL).
 */
static bool segment_is_acceptable(const char *segment, size_t len)
{
	if ((len == 1 && segment[0] == '.') ||
	    (len == 2 && segment[0] == '.' && segment[1] == '.'))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)segment[i];
		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return utf8_is_clean_text(segment, len);
}

/*
 * Copies path into storage and cuts the copy at each '/', so the segments
 * are NUL-terminated strings living in storage. A leading '/' is expected
 * but not required: empty segments, including the one before it, are
 * dropped either way. Percent signs are left alone: the server has
 * already decoded the path once, so a request for "/%252e%252e" arrives
 * here as "/%2e%2e", and decoding it again would turn it into "/..".
 */
int path_split(const char *path, char *storage, size_t storage_len,
               const char **segments, int max)
{
	if (!path || !storage)
		return -1;
	size_t path_len = strlen(path);
	if (path_len >= storage_len)
		return -1;
	memcpy(storage, path, path_len + 1);

	int count = 0;
	char *segment = storage;
	while (*segment) {
		char *slash = strchr(segment, '/');
		size_t len = slash ? (size_t)(slash - segment) : strlen(segment);
		if (slash)
			*slash = '\0';
		if (len > 0) {
			if (!segment_is_acceptable(segment, len) || count >= max)
				return -1;
			segments[count++] = segment;
		}
		if (!slash)
			break;
		segment = slash + 1;
	}
	return count;
}
