/*
 * fuzz_template.c - libFuzzer harness for web/template.c.
 *
 * The input is split at each "\n====\n" into at most three templates,
 * named "page", "part" and "base", so that includes and layouts between
 * fuzzed templates, and cycles among them, are reachable. Each piece is
 * parsed with template_set_add; every one that parses is rendered against
 * a small fixed context. Parse errors and missing-template comments are
 * expected; crashes, leaks and undefined behaviour are not.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "web/template.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built once; only read afterwards, as a handler's context would be. */
static json_t *context;

static const char context_json[] =
	"{\"s\": \"<a href='x'>&\\\"</a>\", \"n\": 42, \"r\": -2.5,"
	" \"big\": -9223372036854775807, \"t\": true, \"f\": false,"
	" \"z\": null, \"e\": \"\", \"msg\": \"Hello %s %% %\","
	" \"a\": [1, \"two\", {\"k\": \"v\"}, [3, 4], null],"
	" \"o\": {\"k\": \"v\", \"n\": {\"m\": 1}, \"0\": \"zero\"},"
	" \"rows\": [{\"name\": \"x\", \"tags\": [\"a\", \"b\"]},"
	" {\"name\": \"y\", \"tags\": []}],"
	" \"loop\": {\"index\": 9}}";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	context = json_loads(context_json, 0, NULL);
	return context ? 0 : -1;
}

/* The next piece of the input up to "\n====\n" (or its end). */
static size_t piece_length(const char *s, size_t len, size_t *skip)
{
	static const char separator[] = "\n====\n";
	const size_t separator_len = sizeof separator - 1;
	const char *found = memmem(s, len, separator, separator_len);
	if (!found) {
		*skip = len;
		return len;
	}
	*skip = (size_t)(found - s) + separator_len;
	return (size_t)(found - s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "page", "part", "base" };
	const size_t name_count = sizeof names / sizeof names[0];
	struct template_set *set = NULL;
	const char *s = size ? (const char *)data : "";
	size_t left = size;
	char err[128];

	for (size_t i = 0; i < name_count; i++) {
		size_t skip;
		size_t len = piece_length(s, left, &skip);
		(void)template_set_add(&set, names[i], s, len, err, sizeof err);
		s += skip;
		left -= skip;
		if (left == 0)
			break;
	}

	struct buf out = { 0 };
	for (size_t i = 0; i < name_count; i++) {
		if (!template_exists(set, names[i]))
			continue;
		buf_reset(&out);
		(void)template_render(set, names[i], context, NULL, &out);
	}
	buf_free(&out);
	template_set_free(set);
	return 0;
}
