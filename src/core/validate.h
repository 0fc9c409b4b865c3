/*
 * validate.h - checks of single input values, shared by the web forms,
 * the JSON API and the command line. Pure functions: no I/O.
 *
 * Each check returns NULL when the value is acceptable, or an English
 * message id (to be translated by the caller) saying what is wrong.
 */
#ifndef RAVELIN_VALIDATE_H
#define RAVELIN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8 without NUL, DEL or C0/C1
 * controls other than tab, newline and carriage return. */
bool utf8_is_clean_text(const char *s, size_t len);
/* Number of code points in well-formed UTF-8. */
size_t utf8_length(const char *s, size_t len);

const char *validate_text(const char *s, size_t len, size_t min_chars,
                          size_t max_chars);
const char *validate_email(const char *s, size_t len);
const char *validate_password(const char *s, size_t len);
/* Parses a decimal integer in [min, max] into *out. */
const char *validate_int(const char *s, long long min, long long max,
                         long long *out);
/* Accepts YYYY-MM-DD with a real calendar date, years 1900..9999
 * (date_parse of core/date.h). */
const char *validate_date(const char *s);

/* The messages the checks return, for callers that word the same error
 * the same way (one message id per meaning in the catalogues). */
extern const char *const MSG_REQUIRED, *const MSG_TOO_SHORT, *const MSG_TOO_LONG,
	*const MSG_BAD_CHARS, *const MSG_BAD_EMAIL, *const MSG_PASSWORD_SHORT,
	*const MSG_PASSWORD_LONG, *const MSG_BAD_NUMBER, *const MSG_OUT_OF_RANGE,
	*const MSG_BAD_DATE, *const MSG_NO_SUCH_DATE;

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 1024

#endif
