/*
 * test_kb_measures.c - the measures catalogue (kb/measures.json through
 * src/kb/measures.c): the shipped file loads with 90 to 120 measures,
 * every text in the four languages, valid ISO/IEC 27002:2022 control
 * numbers and CyberFundamentals ids, and every shipped vulnerability
 * reduced by at least one measure (so a risk always has a suggestion);
 * and each kind of bad file is refused with a message naming what is
 * wrong, leaving the loaded catalogue as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "kb/kb.h"
#include "lib/resource.h"

static int setup(void **state)
{
	(void)state;
	if (i18n_init() != 0)
		return -1;
	char err[512];
	if (kb_load(err, sizeof err) != 0) {
		print_error("kb_load: %s\n", err);
		return -1;
	}
	return 0;
}

/* ---- the shipped file --------------------------------------------------- */

static void test_shipped(void **state)
{
	(void)state;
	assert_non_null(resource_find("kb/measures.json"));
	const struct kb_measures *m = kb_measures();
	assert_non_null(m);
	assert_in_range(m->count, 90, 120);
	const struct kb_risk *r = kb_risk();
	bool *covered = calloc(r->vulnerability_count, sizeof *covered);
	for (size_t i = 0; i < m->count; i++) {
		const struct kb_measure *x = &m->measures[i];
		for (int l = 0; l < I18N_LANGUAGE_COUNT; l++) {
			assert_true(x->title.lang[l] && x->title.lang[l][0]);
			assert_true(x->description.lang[l] && x->description.lang[l][0]);
		}
		assert_true(x->iso27002_count >= 1);
		for (size_t k = 0; k < x->iso27002_count; k++)
			assert_non_null(kb_control_find(x->iso27002[k], NULL));
		for (size_t k = 0; k < x->vulnerability_count; k++)
			covered[x->vulnerabilities[k]] = true;
		size_t at = 999;
		assert_ptr_equal(kb_measure_find(x->id, &at), x);
		assert_int_equal(at, i);
	}
	for (size_t v = 0; v < r->vulnerability_count; v++)
		if (!covered[v])
			fail_msg("no measure reduces %s", r->vulnerabilities[v].id);
	free(covered);
	assert_null(kb_measure_find("msr-none-such", NULL));
}

/* ---- refusals ------------------------------------------------------------- */

/* A valid catalogue of n measures, each reducing the first vulnerability. */
static json_t *catalogue(size_t n)
{
	json_t *list = json_array();
	const char *vul = kb_risk()->vulnerabilities[0].id;
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "msr-test-%zu", i);
		json_t *text = json_pack("{s:s, s:s, s:s, s:s}", "nl", "Doe het", "fr", "Faites-le",
		                         "de", "Tun Sie es", "en", "Do it");
		json_array_append_new(list, json_pack("{s:s, s:s, s:O, s:o, s:[s], s:[s], s:[s], s:s}",
			"id", id, "kind", "technological", "title", text, "description", text,
			"iso27002", "8.5", "cyfun", "PR.AC-7", "vulnerabilities", vul, "cost", "low"));
	}
	return json_pack("{s:o}", "measures", list);
}

/* Loads doc; expects a refusal whose message contains expected. */
static void refused(json_t *doc, const char *expected)
{
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	const struct kb_measures *before = kb_measures();
	char err[512] = "";
	assert_int_equal(kb_load_measures_text(text, strlen(text), err, sizeof err), -1);
	free(text);
	if (!strstr(err, expected))
		fail_msg("expected \"%s\" in \"%s\"", expected, err);
	assert_ptr_equal(kb_measures(), before);   /* what was loaded stays */
}

static json_t *first(json_t *doc)
{
	return json_array_get(json_object_get(doc, "measures"), 0);
}

static void test_accepts_minimal(void **state)
{
	(void)state;
	json_t *doc = catalogue(90);
	char *text = json_dumps(doc, 0);
	char err[512] = "";
	int rc = kb_load_measures_text(text, strlen(text), err, sizeof err);
	free(text);
	json_decref(doc);
	if (rc != 0)
		fail_msg("refused: %s", err);
	assert_int_equal(kb_measures()->count, 90);
	assert_string_equal(kb_measures()->measures[0].cyfun[0], "PR.AC-7");
	assert_int_equal(kb_measures()->measures[0].vulnerabilities[0], 0);
	/* Back to the shipped catalogue for the other tests. */
	assert_int_equal(kb_load(err, sizeof err), 0);
}

static void test_refusals(void **state)
{
	(void)state;
	refused(catalogue(89), "89 measures");
	refused(catalogue(121), "121 measures");
	json_t *doc = catalogue(90);
	json_object_set_new(doc, "extra", json_true());
	refused(doc, "unknown key \"extra\"");

	doc = catalogue(90);
	json_object_set_new(first(doc), "id", json_string("msr-test-1"));
	refused(doc, "listed twice");
	doc = catalogue(90);
	json_object_set_new(first(doc), "id", json_string("measure-1"));
	refused(doc, "must start with \"msr-\"");
	doc = catalogue(90);
	json_object_set_new(first(doc), "colour", json_string("red"));
	refused(doc, "unknown key \"colour\"");
	doc = catalogue(90);
	json_object_set_new(first(doc), "kind", json_string("magical"));
	refused(doc, "kind is missing or unknown");
	doc = catalogue(90);
	json_object_del(first(doc), "cost");
	refused(doc, "cost is missing or unknown");
	doc = catalogue(90);
	json_object_del(json_object_get(first(doc), "title"), "de");
	refused(doc, "title");
	doc = catalogue(90);
	json_object_set_new(first(doc), "iso27002", json_pack("[s]", "5.38"));
	refused(doc, "iso27002: \"5.38\" is not a valid id");
	doc = catalogue(90);
	json_object_set_new(first(doc), "iso27002", json_array());
	refused(doc, "iso27002 must be a list of 1");
	doc = catalogue(90);
	json_object_set_new(first(doc), "iso27002", json_pack("[s, s]", "8.5", "8.5"));
	refused(doc, "\"8.5\" is listed twice");
	doc = catalogue(90);
	json_object_set_new(first(doc), "cyfun", json_pack("[s]", "XX.AC-1"));
	refused(doc, "cyfun: \"XX.AC-1\" is not a valid id");
	doc = catalogue(90);
	json_object_set_new(first(doc), "cyfun", json_pack("[s]", "PR.ac-1"));
	refused(doc, "cyfun: \"PR.ac-1\"");
	doc = catalogue(90);
	json_object_set_new(first(doc), "vulnerabilities", json_pack("[s]", "vul-no-such-thing"));
	refused(doc, "unknown vulnerability \"vul-no-such-thing\"");
	doc = catalogue(90);
	json_object_set_new(first(doc), "vulnerabilities", json_array());
	refused(doc, "vulnerabilities must be a list of 1");
	refused(json_pack("[]"), "not a JSON object");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_accepts_minimal),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
