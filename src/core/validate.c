/*
 * validate.c - checks of single input values (see validate.h).
 *
 * Everything a user types passes one of these before anything else sees
 * it, so they are strict: UTF-8 must be well-formed in the sense of
 * RFC 3629 (no overlong forms, no UTF-16 surrogates, nothing above
 * U+10FFFF, no truncated sequences), numbers and dates must be exactly
 * what they claim, with no leading space or trailing garbage.
 *
 * The messages returned are gettext message ids: the caller translates
 * them and shows them next to the field.
 */
#include "core/validate.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "core/date.h"
#include "lib/msgid.h"

const char *const MSG_REQUIRED = N_("This field is required.");
const char *const MSG_TOO_SHORT = N_("This text is too short.");
const char *const MSG_TOO_LONG = N_("This text is too long.");
const char *const MSG_BAD_CHARS = N_("This text contains characters that are not allowed.");
const char *const MSG_BAD_EMAIL = N_("Enter a valid e-mail address.");
const char *const MSG_PASSWORD_SHORT = N_("The password must have at least 10 characters.");
const char *const MSG_PASSWORD_LONG = N_("The password is too long.");
const char *const MSG_BAD_NUMBER = N_("Enter a whole number.");
const char *const MSG_OUT_OF_RANGE = N_("The number is out of range.");
const char *const MSG_BAD_DATE = N_("Enter a date as YYYY-MM-DD.");
const char *const MSG_NO_SUCH_DATE = N_("This date does not exist.");

#define EMAIL_MAX_BYTES 254   /* RFC 5321 path limit less the brackets */
#define EMAIL_LOCAL_MAX 64
#define DNS_LABEL_MAX 63

/* ---- UTF-8 ---------------------------------------------------------------- */

/*
 * Decodes the code point at s[0..len) (len >= 1). Returns its length in
 * bytes and stores it in *code_point, or returns 0 if the bytes there are
 * not a well-formed sequence.
 */
static size_t utf8_decode(const unsigned char *s, size_t len,
                          uint32_t *code_point)
{
	size_t need;
	uint32_t cp, min;

	if (s[0] < 0x80) {
		*code_point = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		need = 2; cp = s[0] & 0x1f; min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 3; cp = s[0] & 0x0f; min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 4; cp = s[0] & 0x07; min = 0x10000;
	} else {
		return 0;   /* a continuation byte, or 0xf8..0xff */
	}
	if (len < need)
		return 0;   /* truncated at the end of the input */
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;   /* overlong, beyond Unicode, or a surrogate */
	*code_point = cp;
	return need;
}

bool utf8_is_clean_text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return false;
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
			return false;   /* NUL and the other C0 controls */
		if (cp >= 0x7f && cp <= 0x9f)
			return false;   /* DEL and the C1 controls */
		i += n;
	}
	return true;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t count = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/* ---- text and passwords ------------------------------------------------------ */

const char *validate_text(const char *s, size_t len, size_t min_chars,
                          size_t max_chars)
{
	if (!s)
		len = 0;
	if (len == 0)
		return min_chars > 0 ? MSG_REQUIRED : NULL;
	if (!utf8_is_clean_text(s, len))
		return MSG_BAD_CHARS;
	size_t chars = utf8_length(s, len);
	if (chars < min_chars)
		return MSG_TOO_SHORT;
	if (chars > max_chars)
		return MSG_TOO_LONG;
	return NULL;
}

/* Passwords may hold any printable character in any script; the byte
 * limit keeps the cost of hashing bounded. */
const char *validate_password(const char *s, size_t len)
{
	if (!s || len == 0)
		return MSG_REQUIRED;
	if (len > PASSWORD_MAX_BYTES)
		return MSG_PASSWORD_LONG;
	if (!utf8_is_clean_text(s, len))
		return MSG_BAD_CHARS;
	if (utf8_length(s, len) < PASSWORD_MIN_CHARS)
		return MSG_PASSWORD_SHORT;
	return NULL;
}

/* ---- e-mail addresses ------------------------------------------------------------ */

static bool is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* The characters RFC 5322 allows unquoted in a dot-atom, besides '.'. */
static bool is_atom_char(unsigned char c)
{
	return is_ascii_alnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* A dot-atom local part: atoms separated by single dots. Quoted local
 * parts are legal but unheard of in practice, and refused. */
static bool email_local_ok(const char *s, size_t len)
{
	if (len == 0 || len > EMAIL_LOCAL_MAX || s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!is_atom_char(c)) {
			return false;
		}
	}
	return true;
}

/* One DNS label: letters, digits and inner hyphens (RFC 1123). */
static bool dns_label_ok(const char *s, size_t len)
{
	if (len == 0 || len > DNS_LABEL_MAX || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_ascii_alnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

/* A domain of at least two labels whose last label is not all digits,
 * so that neither "localhost" nor a bare IP address passes.
 * Internationalised domains are entered in their xn-- form. */
static bool email_domain_ok(const char *s, size_t len)
{
	size_t start = 0, labels = 0;
	bool last_all_digits = true;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (!dns_label_ok(s + start, i - start))
			return false;
		labels++;
		last_all_digits = true;
		for (size_t k = start; k < i; k++)
			if (s[k] < '0' || s[k] > '9')
				last_all_digits = false;
		start = i + 1;
	}
	return labels >= 2 && !last_all_digits;
}

const char *validate_email(const char *s, size_t len)
{
	if (!s || len == 0)
		return MSG_REQUIRED;
	if (len > EMAIL_MAX_BYTES || memchr(s, '\0', len))
		return MSG_BAD_EMAIL;
	const char *at = memchr(s, '@', len);
	if (!at)
		return MSG_BAD_EMAIL;
	size_t local_len = (size_t)(at - s);
	const char *domain = at + 1;
	size_t domain_len = len - local_len - 1;
	if (memchr(domain, '@', domain_len))
		return MSG_BAD_EMAIL;
	if (!email_local_ok(s, local_len) || !email_domain_ok(domain, domain_len))
		return MSG_BAD_EMAIL;
	return NULL;
}

/* ---- numbers ------------------------------------------------------------------ */

/*
 * Accepts an optional '-' and one or more decimal digits, nothing else:
 * no spaces, no '+', no hexadecimal, no exponent. Overflow is detected
 * digit by digit rather than left to strtoll, whose "0 and ERANGE"
 * conventions are easy to misread.
 */
const char *validate_int(const char *s, long long min, long long max,
                         long long *out)
{
	if (!s || !*s)
		return MSG_REQUIRED;
	bool negative = s[0] == '-';
	const char *p = s + (negative ? 1 : 0);
	if (!*p)
		return MSG_BAD_NUMBER;

	/* Magnitude limit: LLONG_MAX, or one more for a negative number. */
	unsigned long long limit = negative ? (unsigned long long)LLONG_MAX + 1
	                                    : (unsigned long long)LLONG_MAX;
	unsigned long long magnitude = 0;
	bool overflow = false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return MSG_BAD_NUMBER;
		unsigned digit = (unsigned)(*p - '0');
		if (magnitude > (limit - digit) / 10)
			overflow = true;   /* keep scanning: garbage beats range */
		else
			magnitude = magnitude * 10 + digit;
	}
	if (overflow)
		return MSG_OUT_OF_RANGE;

	long long value;
	if (negative)
		value = magnitude == (unsigned long long)LLONG_MAX + 1
		        ? LLONG_MIN : -(long long)magnitude;
	else
		value = (long long)magnitude;
	if (value < min || value > max)
		return MSG_OUT_OF_RANGE;
	*out = value;
	return NULL;
}

/* ---- dates ---------------------------------------------------------------------- */

/* The shape YYYY-MM-DD is checked here, so that "12/03/2026" and
 * "2026-02-30" get different messages; the calendar is core/date.c's. */
const char *validate_date(const char *s)
{
	if (!s || !*s)
		return MSG_REQUIRED;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return MSG_BAD_DATE;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return MSG_BAD_DATE;
	day_t day;
	return date_parse(s, &day) ? NULL : MSG_NO_SUCH_DATE;
}
