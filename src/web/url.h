/*
 * url.h - decoding of URL-encoded text: query strings, form bodies
 * (application/x-www-form-urlencoded) and path segments.
 *
 * Everything decoded here is checked to be clean UTF-8 text (no NUL, no
 * control characters but tab/CR/LF), so later layers never see raw bytes.
 */
#ifndef RAVELIN_URL_H
#define RAVELIN_URL_H

#include <stdbool.h>
#include <stddef.h>

/* Decodes %XX escapes (and '+' as space when plus_is_space) of
 * src[0..len). Returns a new NUL-terminated string (caller frees), or NULL
 * when an escape is malformed or the result is not clean UTF-8 text. */
char *url_decode(const char *src, size_t len, bool plus_is_space);

struct param {
	char *name;    /* decoded, owned */
	char *value;   /* decoded, owned */
};

struct params {
	struct param *items;
	size_t count;
};

#define PARAMS_MAX 64

/* Parses "a=1&b=two+words" style text. Empty pieces ("a=1&&b=2") are
 * skipped; a piece without '=' is a name with an empty value. Returns 0,
 * or -1 (and *out empty) when any name or value fails url_decode, a name
 * is empty, or there are more than max_params pairs. */
int params_parse(const char *src, size_t len, size_t max_params,
                 struct params *out);
/* Adds a pair (copies both strings). */
void params_add(struct params *p, const char *name, const char *value);
/* The value of the first pair with this name, or NULL. */
const char *params_get(const struct params *p, const char *name);
void params_free(struct params *p);

/* Appends src to out percent-encoded for a query value. */
struct buf;
void url_encode(struct buf *out, const char *src);

/* Splits an already-decoded absolute path ("/o/12/risks") into at most
 * max segments, pointing into a copy kept in storage (size storage_len).
 * Empty segments are dropped; "." and ".." are refused. Returns the number
 * of segments, or -1 when refused or too many. */
int path_split(const char *path, char *storage, size_t storage_len,
               const char **segments, int max);

#endif
