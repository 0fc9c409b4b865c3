/*
 * fuzz_cookie.c - libFuzzer harness for cookie_get.
 *
 * The input is a Cookie header value. A few names are looked up with a
 * roomy and a tight output buffer; whatever comes out must be exactly the
 * returned length of cookie-octets, NUL-terminated inside the buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run with a crash libFuzzer records, when a promise fails. */
static void require(int condition)
{
	if (!condition)
		abort();
}

/* Looks name up with an output buffer of outlen bytes and checks it. */
static void check_lookup(const char *header, const char *name, size_t outlen)
{
	char *out = malloc(outlen);   /* exact size, so ASan sees overruns */
	if (!out)
		abort();
	int len = cookie_get(header, name, out, outlen);
	if (len >= 0) {
		require((size_t)len < outlen && strlen(out) == (size_t)len);
		for (int i = 0; i < len; i++) {
			unsigned char c = (unsigned char)out[i];
			require(c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' &&
			        c != '\\');
		}
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"sid", "csrf", "lang", "x", "a b"};
	char *header = malloc(size + 1);
	if (!header)
		abort();
	memcpy(header, data, size);
	header[size] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		check_lookup(header, names[i], 4096);
		check_lookup(header, names[i], 8);
		check_lookup(header, names[i], 1);
	}
	free(header);
	return 0;
}
