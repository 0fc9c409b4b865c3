/*
 * cookie.c - finding one cookie in a Cookie request header (see cookie.h).
 *
 * The header is "name=value" pairs separated by ';' (RFC 6265 section
 * 4.2.1). Browsers put exactly one space after each ';', but proxies and
 * scripts are less careful, so spaces and tabs around ';' and '=' are
 * skipped. Names are compared exactly: "xsid" is not "sid". The value must
 * consist of cookie-octets, so whatever the caller copies out is safe to
 * use as a lookup key.
 */
#include "web/cookie.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

/* Spaces and tabs: RFC 6265's optional whitespace. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: printable
 * US-ASCII except space, '"', ',', ';' and '\'. */
static bool is_cookie_octet(char c)
{
	unsigned char u = (unsigned char)c;
	return u >= 0x21 && u <= 0x7e && u != '"' && u != ',' && u != ';' &&
	       u != '\\';
}

/* Narrows [*start, *end) by dropping blanks at both ends. */
static void trim_blanks(const char **start, const char **end)
{
	while (*start < *end && is_blank(**start))
		(*start)++;
	while (*end > *start && is_blank((*end)[-1]))
		(*end)--;
}

/*
 * Checks the value [start, end) of the wanted cookie, removes one pair of
 * surrounding double quotes, and copies it into out. Returns its length,
 * or -1 when it has a byte outside cookie-octet or does not fit.
 */
static int cookie_copy_value(const char *start, const char *end, char *out,
                             size_t outlen)
{
	if (end - start >= 2 && start[0] == '"' && end[-1] == '"') {
		start++;
		end--;
	}
	size_t len = (size_t)(end - start);
	for (size_t i = 0; i < len; i++)
		if (!is_cookie_octet(start[i]))
			return -1;
	if (len >= outlen || len > INT_MAX)
		return -1;
	memcpy(out, start, len);
	out[len] = '\0';
	return (int)len;
}

/*
 * Walks the pairs in order; the first one whose name matches decides the
 * answer, even if its value is bad, so a later pair cannot stand in for
 * a rejected one. A piece without '=' is not a cookie and is skipped.
 */
int cookie_get(const char *header, const char *name, char *out, size_t outlen)
{
	if (!header || !name || !out || outlen == 0)
		return -1;
	size_t name_len = strlen(name);
	if (name_len == 0)
		return -1;
	const char *pos = header;
	while (*pos) {
		const char *pair_end = strchr(pos, ';');
		if (!pair_end)
			pair_end = pos + strlen(pos);
		const char *equals = memchr(pos, '=', (size_t)(pair_end - pos));
		if (equals) {
			const char *name_start = pos, *name_end = equals;
			trim_blanks(&name_start, &name_end);
			if ((size_t)(name_end - name_start) == name_len &&
			    memcmp(name_start, name, name_len) == 0) {
				const char *value_start = equals + 1;
				const char *value_end = pair_end;
				trim_blanks(&value_start, &value_end);
				return cookie_copy_value(value_start, value_end, out,
				                         outlen);
			}
		}
		if (!*pair_end)
			break;
		pos = pair_end + 1;
	}
	return -1;
}
