/*
 * test_kb_controls.c - unit tests of kb/controls.c: the shipped list of
 * ISO/IEC 27002:2022 controls (kb/iso27002.json, embedded) loads and holds
 * exactly the 93 controls, 37/8/14/34 per theme, in the standard's order,
 * each with a short title in the four languages; kb_control_find finds
 * them and nothing else; the loader refuses each kind of broken file.
 *
 * The refusals are checked on the shipped file with one small change made
 * here, so that the only fault in the document is the one under test. A
 * refused document leaves what was loaded before in place.
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

#define TITLE_MAX 70   /* characters, not bytes */

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

/* The id of the control at place i (0..92) of the standard's order. */
static void expected_id(size_t i, char *buf, size_t size)
{
	static const size_t counts[] = { 37, 8, 14, 34 };
	for (int t = 0; t < 4; t++) {
		if (i < counts[t]) {
			snprintf(buf, size, "%d.%zu", 5 + t, i + 1);
			return;
		}
		i -= counts[t];
	}
	fail();
}

/* The number of UTF-8 characters in s. */
static size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---- the shipped file -------------------------------------------------- */

static void test_shipped_loads(void **state)
{
	(void)state;
	char err[512] = "";
	int rc = kb_load(err, sizeof err);
	if (rc != 0)
		print_error("kb_load: %s\n", err);
	assert_int_equal(rc, 0);
	assert_non_null(resource_find("kb/iso27002.json"));
	const struct kb_controls *c = kb_controls();
	assert_non_null(c);
	assert_int_equal(c->count, 93);
	assert_int_equal(KB_CONTROL_COUNT, 93);
}

static void test_shipped_order_and_themes(void **state)
{
	(void)state;
	const struct kb_controls *c = kb_controls();
	size_t per_theme[KB_CONTROL_THEME_COUNT] = { 0 };
	for (size_t i = 0; i < c->count; i++) {
		char id[16];
		expected_id(i, id, sizeof id);
		assert_string_equal(c->controls[i].id, id);
		assert_true(c->controls[i].theme < KB_CONTROL_THEME_COUNT);
		assert_int_equal(c->controls[i].theme, (enum kb_control_theme)(id[0] - '5'));
		per_theme[c->controls[i].theme]++;
	}
	assert_int_equal(per_theme[KB_CONTROL_ORGANISATIONAL], 37);
	assert_int_equal(per_theme[KB_CONTROL_PEOPLE], 8);
	assert_int_equal(per_theme[KB_CONTROL_PHYSICAL], 14);
	assert_int_equal(per_theme[KB_CONTROL_TECHNOLOGICAL], 34);
	assert_string_equal(c->controls[0].id, "5.1");
	assert_string_equal(c->controls[36].id, "5.37");
	assert_string_equal(c->controls[37].id, "6.1");
	assert_string_equal(c->controls[45].id, "7.1");
	assert_string_equal(c->controls[59].id, "8.1");
	assert_string_equal(c->controls[92].id, "8.34");
	assert_string_equal(kb_control_theme_ids[KB_CONTROL_PEOPLE], "people");
}

static void test_shipped_titles(void **state)
{
	(void)state;
	const struct kb_controls *c = kb_controls();
	int en = I18N_LANGUAGE_COUNT - 1;
	assert_string_equal(i18n_languages[en], "en");
	for (size_t i = 0; i < c->count; i++) {
		const struct kb_control *k = &c->controls[i];
		for (int l = 0; l < I18N_LANGUAGE_COUNT; l++) {
			const char *t = k->title.lang[l];
			if (!t || !t[0]) {
				print_error("%s: title.%s is empty\n", k->id, i18n_languages[l]);
				fail();
			}
			if (utf8_length(t) >= TITLE_MAX) {
				print_error("%s: title.%s has %zu characters, fewer than %d expected\n",
				            k->id, i18n_languages[l], utf8_length(t), TITLE_MAX);
				fail();
			}
			if (l != en && strcmp(t, k->title.lang[en]) == 0) {
				print_error("%s: title.%s is the English text\n", k->id,
				            i18n_languages[l]);
				fail();
			}
		}
		/* Titles are distinct: each names its own control. */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(c->controls[j].title.lang[en], k->title.lang[en]);
	}
}

static void test_find(void **state)
{
	(void)state;
	const struct kb_controls *c = kb_controls();
	for (size_t i = 0; i < c->count; i++) {
		size_t at = (size_t)-1;
		assert_ptr_equal(kb_control_find(c->controls[i].id, &at), &c->controls[i]);
		assert_int_equal(at, i);
	}
	size_t at = 0;
	const struct kb_control *k = kb_control_find("8.5", &at);
	assert_non_null(k);
	assert_string_equal(k->id, "8.5");
	assert_int_equal(k->theme, KB_CONTROL_TECHNOLOGICAL);
	assert_int_equal(at, 37 + 8 + 14 + 4);
	assert_non_null(kb_control_find("6.8", NULL));
	assert_non_null(kb_control_find("7.14", NULL));
	static const char *const absent[] = {
		"5.38", "9.1", "", "5.0", "6.9", "7.15", "8.35", "4.1", "5", "5.", ".1",
		"05.1", "5.01", "5.1 ", " 5.1", "A.5.1", "5.100", "8.5a",
	};
	for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
		if (kb_control_find(absent[i], NULL)) {
			print_error("\"%s\" was found\n", absent[i]);
			fail();
		}
	}
	assert_null(kb_control_find(NULL, NULL));
}

/* ---- refusals ---------------------------------------------------------- */

/* The shipped file, parsed, for a test to change. */
static json_t *shipped(void)
{
	const struct resource *res = resource_find("kb/iso27002.json");
	assert_non_null(res);
	json_t *root = json_loadb((const char *)res->data, res->size, 0, NULL);
	assert_non_null(root);
	return root;
}

static json_t *controls(json_t *doc)
{
	json_t *a = json_object_get(doc, "controls");
	assert_true(json_is_array(a));
	return a;
}

/* Control i of doc. */
static json_t *control(json_t *doc, size_t i)
{
	json_t *e = json_array_get(controls(doc), i);
	assert_non_null(e);
	return e;
}

/* Sets key of e to the inline JSON value, or removes it for NULL. */
static void set(json_t *e, const char *key, const char *value)
{
	if (!value) {
		assert_int_equal(json_object_del(e, key), 0);
		return;
	}
	json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
	assert_non_null(v);
	assert_int_equal(json_object_set_new(e, key, v), 0);
}

/* Loads text; expects a refusal whose message starts with the file name and
 * contains needle, the previous load kept. */
static void refused_text(const char *text, const char *needle)
{
	const struct kb_controls *before = kb_controls();
	assert_non_null(before);
	char err[512] = "";
	int rc = kb_load_controls_text(text, strlen(text), err, sizeof err);
	assert_int_equal(rc, -1);
	if (strncmp(err, "kb/iso27002.json: ", 18) != 0 || !strstr(err, needle)) {
		print_error("message \"%s\" lacks \"kb/iso27002.json: ...%s\"\n", err, needle);
		fail();
	}
	assert_ptr_equal(kb_controls(), before);
	assert_int_equal(kb_controls()->count, 93);
	assert_non_null(kb_control_find("5.17", NULL));
}

/* The same for doc (consumed). */
static void refused(json_t *doc, const char *needle)
{
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	assert_non_null(text);
	refused_text(text, needle);
	free(text);
}

/* Refused with control i changed at key (value NULL removes it). */
static void refused_with(size_t i, const char *key, const char *value, const char *needle)
{
	json_t *doc = shipped();
	set(control(doc, i), key, value);
	refused(doc, needle);
}

static void test_unchanged_accepted(void **state)
{
	(void)state;
	json_t *doc = shipped();
	set(json_object_get(control(doc, 16), "title"), "en", "\"Changed here\"");
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	char err[512] = "";
	int rc = kb_load_controls_text(text, strlen(text), err, sizeof err);
	free(text);
	if (rc != 0)
		print_error("%s\n", err);
	assert_int_equal(rc, 0);
	const struct kb_control *k = kb_control_find("5.17", NULL);
	assert_non_null(k);
	assert_string_equal(kb_text(&k->title, NULL), "Changed here");
	/* Back to the shipped file for the other tests. */
	assert_int_equal(kb_load(err, sizeof err), 0);
	assert_string_not_equal(kb_text(&kb_control_find("5.17", NULL)->title, NULL),
	                        "Changed here");
}

static void test_refuses_language(void **state)
{
	(void)state;
	refused_with(0, "title", "{\"nl\":\"a\",\"fr\":\"b\",\"en\":\"d\"}",
	             "control \"5.1\": title: the de text is missing");
	refused_with(1, "title", "{\"nl\":\" \",\"fr\":\"b\",\"de\":\"c\",\"en\":\"d\"}",
	             "control \"5.2\": title: the nl text is empty");
	refused_with(2, "title", "{\"nl\":\"a\",\"fr\":\"b\",\"de\":\"c\",\"en\":\"d\",\"es\":\"e\"}",
	             "control \"5.3\": title: unknown language \"es\"");
	refused_with(3, "title", "{\"nl\":\"a\",\"fr\":2,\"de\":\"c\",\"en\":\"d\"}",
	             "control \"5.4\": title: the fr text must be a string");
	refused_with(40, "title", NULL, "control \"6.4\": title is missing");
	refused_with(41, "title", "\"Screening\"", "control \"6.5\": title: must be an object");
}

static void test_refuses_unknown_keys(void **state)
{
	(void)state;
	refused_with(5, "description", "{}", "control \"5.6\": unknown key \"description\"");
	refused_with(92, "applicable", "true", "control \"8.34\": unknown key \"applicable\"");
	json_t *doc = shipped();
	set(doc, "version", "\"2022\"");
	refused(doc, "unknown key \"version\" (only \"controls\")");
}

static void test_refuses_repeated_ids(void **state)
{
	(void)state;
	refused_with(1, "id", "\"5.1\"", "control \"5.1\": the id is used twice (controls 1 and 2)");
	/* A repeated control means one of the 93 is left out: the repetition is named. */
	refused_with(92, "id", "\"8.1\"", "control \"8.1\": the id is used twice (controls 60 and 93)");
	/* A control added a second time at the end. */
	json_t *doc = shipped();
	json_array_append(controls(doc), control(doc, 10));
	refused(doc, "control \"5.11\": the id is used twice (controls 11 and 94)");
}

static void test_refuses_unknown_ids(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\"5.38\"", "\"6.9\"", "\"7.15\"", "\"8.35\"", "\"9.1\"", "\"4.1\"", "\"5.0\"",
		"\"5.01\"", "\"A.5.1\"", "\"\"", "\"5\"", "\"5.1.1\"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char needle[64];
		snprintf(needle, sizeof needle, "control 7: %s is not one of the 93 controls", bad[i]);
		refused_with(6, "id", bad[i], needle);
	}
	refused_with(6, "id", "5.7", "control 7: id is missing or not a string");
	refused_with(6, "id", NULL, "control 7: id is missing or not a string");
	/* An extra control beyond the 93. */
	json_t *doc = shipped();
	json_t *extra = json_deep_copy(control(doc, 92));
	set(extra, "id", "\"8.35\"");
	json_array_append_new(controls(doc), extra);
	refused(doc, "control 94: \"8.35\" is not one of the 93 controls of ISO/IEC 27002:2022");
}

static void test_refuses_wrong_theme(void **state)
{
	(void)state;
	refused_with(37, "theme", "\"organisational\"",
	             "control \"6.1\": theme \"organisational\", but the controls 6.x are \"people\"");
	refused_with(0, "theme", "\"technological\"",
	             "control \"5.1\": theme \"technological\", but the controls 5.x are "
	             "\"organisational\"");
	refused_with(45, "theme", "\"physics\"", "control \"7.1\": unknown theme \"physics\"");
	refused_with(59, "theme", "4", "control \"8.1\": theme must be a string");
	refused_with(59, "theme", NULL, "control \"8.1\": theme is missing");
}

static void test_refuses_count(void **state)
{
	(void)state;
	/* One control left out. */
	json_t *doc = shipped();
	assert_int_equal(json_array_remove(controls(doc), 20), 0);
	refused(doc, "92 controls: exactly 93 are expected (5.21 is missing)");
	/* The last one left out. */
	doc = shipped();
	assert_int_equal(json_array_remove(controls(doc), 92), 0);
	refused(doc, "92 controls: exactly 93 are expected (8.34 is missing)");
	/* None at all. */
	doc = shipped();
	set(doc, "controls", "[]");
	refused(doc, "0 controls: exactly 93 are expected (5.1 is missing)");
	doc = shipped();
	set(doc, "controls", NULL);
	refused(doc, "\"controls\" is missing or not an array");
	doc = shipped();
	set(doc, "controls", "{}");
	refused(doc, "\"controls\" is missing or not an array");
}

static void test_refuses_order(void **state)
{
	(void)state;
	/* 5.2 and 5.3 swapped: all 93 present, out of the standard's order. */
	json_t *doc = shipped();
	json_t *a = controls(doc);
	json_t *second = json_incref(json_array_get(a, 1));
	assert_int_equal(json_array_remove(a, 1), 0);
	assert_int_equal(json_array_insert_new(a, 2, second), 0);
	refused(doc, "control \"5.3\" is in place 2, where the standard's order puts \"5.2\"");
	/* 8.34 moved to the front. */
	doc = shipped();
	a = controls(doc);
	json_t *last = json_incref(json_array_get(a, 92));
	assert_int_equal(json_array_remove(a, 92), 0);
	assert_int_equal(json_array_insert_new(a, 0, last), 0);
	refused(doc, "control \"8.34\" is in place 1, where the standard's order puts \"5.1\"");
}

static void test_refuses_bad_json(void **state)
{
	(void)state;
	refused_text("{\"controls\": [", "line 1");
	refused_text("[]", "the file must hold one object with \"controls\"");
	refused_text("{\"controls\": [], \"controls\": []}", "line 1");
	refused_text("{\"controls\": [3]}", "control 1: must be an object");
	char err[128] = "";
	assert_int_equal(kb_load_controls_text(NULL, 0, err, sizeof err), -1);
	assert_string_equal(err, "kb/iso27002.json: no text");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_loads),
		cmocka_unit_test(test_shipped_order_and_themes),
		cmocka_unit_test(test_shipped_titles),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_unchanged_accepted),
		cmocka_unit_test(test_refuses_language),
		cmocka_unit_test(test_refuses_unknown_keys),
		cmocka_unit_test(test_refuses_repeated_ids),
		cmocka_unit_test(test_refuses_unknown_ids),
		cmocka_unit_test(test_refuses_wrong_theme),
		cmocka_unit_test(test_refuses_count),
		cmocka_unit_test(test_refuses_order),
		cmocka_unit_test(test_refuses_bad_json),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
