/*
 * fuzz_query.c - libFuzzer harness for params_parse.
 *
 * The input is a query string or form body, not NUL-terminated. Besides
 * crashes and sanitizer reports, it checks the parser's promises: no more
 * pairs than allowed, every name non-empty clean text, every value clean
 * text, and re-encoding the pairs parses back to the same pairs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "lib/buf.h"
#include "web/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run with a crash libFuzzer records, when a promise fails. */
static void require(int condition)
{
	if (!condition)
		abort();
}

/* Checks each pair, then that encoding and parsing again changes nothing. */
static void check_params(const struct params *p, size_t max_params)
{
	require(p->count <= max_params);
	struct buf encoded = {0};
	for (size_t i = 0; i < p->count; i++) {
		const char *name = p->items[i].name, *value = p->items[i].value;
		require(name[0] != '\0' && utf8_is_clean_text(name, strlen(name)));
		require(utf8_is_clean_text(value, strlen(value)));
		if (i > 0)
			buf_putc(&encoded, '&');
		url_encode(&encoded, name);
		buf_putc(&encoded, '=');
		url_encode(&encoded, value);
	}
	struct params again;
	require(params_parse(encoded.data ? encoded.data : "", encoded.len, max_params,
	                     &again) == 0);
	require(again.count == p->count);
	for (size_t i = 0; i < p->count; i++) {
		require(strcmp(again.items[i].name, p->items[i].name) == 0);
		require(strcmp(again.items[i].value, p->items[i].value) == 0);
	}
	params_free(&again);
	buf_free(&encoded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t limits[] = {PARAMS_MAX, 3};
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		struct params p;
		if (params_parse((const char *)data, size, limits[i], &p) == 0)
			check_params(&p, limits[i]);
		else
			require(p.count == 0 && p.items == NULL);
		params_free(&p);
	}
	return 0;
}
