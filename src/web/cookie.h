/*
 * cookie.h - reading one cookie from a Cookie request header.
 */
#ifndef RAVELIN_COOKIE_H
#define RAVELIN_COOKIE_H

#include <stddef.h>

/* Finds the cookie called name in header (the value of a Cookie header:
 * "a=1; b=2"), and copies its value (surrounding double quotes removed)
 * into out, NUL-terminated. Returns the value's length, or -1 when the
 * cookie is absent, its value does not fit in outlen, or it contains bytes
 * outside the cookie-octet set of RFC 6265. header may be NULL. */
int cookie_get(const char *header, const char *name, char *out, size_t outlen);

#endif
