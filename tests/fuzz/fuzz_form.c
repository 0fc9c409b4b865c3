/*
 * fuzz_form.c - libFuzzer harness for form validation.
 *
 * The input is used twice: as a URL-encoded body (params_parse) and as a
 * JSON body (params_from_json). Whatever params come out are validated
 * against a spec with one field of every type and shown with
 * form_to_json, in English and in another language. Besides crashes, it
 * checks that the verdict agrees with the errors and that no number lies
 * outside its field's range.
 */
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "web/form.h"
#include "web/url.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const levels[] = {"low", "medium", "high", NULL};

static const struct field fields[] = {
	{.name = "title", .type = FIELD_TEXT, .required = true, .min = 2, .max = 10},
	{.name = "notes", .type = FIELD_MULTILINE, .max = 40},
	{.name = "email", .type = FIELD_EMAIL},
	{.name = "password", .type = FIELD_PASSWORD},
	{.name = "count", .type = FIELD_INT, .min = -5, .max = 100},
	{.name = "asset", .type = FIELD_ID},
	{.name = "level", .type = FIELD_CHOICE, .choices = levels},
	{.name = "active", .type = FIELD_BOOL},
	{.name = "due", .type = FIELD_DATE},
};
static const struct form_spec spec = {fields, sizeof fields / sizeof fields[0]};

/* Stops the run with a crash libFuzzer records, when a promise fails. */
static void require(int condition)
{
	if (!condition)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (i18n_init() != 0)
		abort();
	return 0;
}

/* Checks the verdict against the errors and the numbers against their
 * ranges, reads every field through the accessors, and renders. */
static void check_form(const struct params *p)
{
	struct form form;
	enum form_result result = form_validate(&spec, p, &form);
	bool any_error = false;
	for (size_t i = 0; i < spec.count; i++)
		any_error |= form.errors[i] != NULL;
	require((result == FORM_OK) == (form.valid && !any_error));
	require(result != FORM_INVALID || any_error);
	if (result == FORM_OK) {
		long long count = form_number(&form, "count");
		require(count >= -5 && count <= 100);
		require(form_number(&form, "asset") >= 0);
		require(form_number(&form, "active") == form_bool(&form, "active"));
		require(strlen(form_value(&form, "title")) >= 2);
	}
	for (size_t i = 0; i < spec.count; i++)
		require(form_value(&form, fields[i].name) != NULL);

	const struct catalog *languages[] = {NULL, i18n_catalog("nl")};
	for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++) {
		json_t *j = form_to_json(&form, languages[i]);
		require(j != NULL);
		require(json_object_get(json_object_get(j, "values"), "password") == NULL);
		char *text = json_dumps(j, 0);
		require(text != NULL);
		free(text);
		json_decref(j);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct params p;
	if (params_parse((const char *)data, size, PARAMS_MAX, &p) == 0)
		check_form(&p);
	params_free(&p);

	json_t *body = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL);
	if (body) {
		if (params_from_json(body, &p) == 0) {
			require(p.count == json_object_size(body));
			check_form(&p);
		} else {
			require(p.count == 0 && p.items == NULL);
		}
		params_free(&p);
		json_decref(body);
	}
	return 0;
}
