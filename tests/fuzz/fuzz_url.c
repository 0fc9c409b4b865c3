/*
 * fuzz_url.c - libFuzzer harness for url_decode and path_split.
 *
 * The input is one URL-encoded string. Besides looking for crashes and
 * sanitizer reports, it checks what the decoder promises: the result is
 * clean text no longer than the input, re-encoding it decodes back to
 * the same text, and path_split never yields an empty, "." or ".."
 * segment or one with a '/' or a control character.
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

/* url_encode then url_decode must give back exactly the decoded text. */
static void check_round_trip(const char *decoded)
{
	struct buf encoded = {0};
	url_encode(&encoded, decoded);
	char *again = url_decode(encoded.data ? encoded.data : "", encoded.len, true);
	require(again != NULL && strcmp(again, decoded) == 0);
	free(again);
	buf_free(&encoded);
}

/* Splits path into storage of two sizes and checks every segment. */
static void check_path_split(const char *path)
{
	enum { MAX_SEGMENTS = 12 };
	char storage[256];
	const char *segments[MAX_SEGMENTS];
	size_t small = strlen(path) / 2 + 1;
	int count = path_split(path, storage, small, segments, MAX_SEGMENTS);
	require(count == -1 || strlen(path) < small);
	count = path_split(path, storage, sizeof storage, segments, MAX_SEGMENTS);
	require(count >= -1 && count <= MAX_SEGMENTS);
	for (int i = 0; i < count; i++) {
		const char *s = segments[i];
		size_t len = strlen(s);
		require(s >= storage && s + len < storage + sizeof storage);
		require(len > 0 && strcmp(s, ".") != 0 && strcmp(s, "..") != 0);
		require(strchr(s, '/') == NULL);
		for (size_t k = 0; k < len; k++)
			require((unsigned char)s[k] >= 0x20 && s[k] != 0x7f);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	for (int plus_is_space = 0; plus_is_space <= 1; plus_is_space++) {
		char *decoded = url_decode(src, size, plus_is_space);
		if (!decoded)
			continue;
		size_t len = strlen(decoded);
		require(len <= size && utf8_is_clean_text(decoded, len));
		check_round_trip(decoded);
		check_path_split(decoded);
		free(decoded);
	}
	return 0;
}
