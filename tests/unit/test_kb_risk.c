/*
 * test_kb_risk.c - unit tests of kb/risk.c: the shipped risk knowledge
 * base (kb/risk.json and, when present, kb/vulnerabilities.json, both
 * embedded) loads, is complete in the four languages, covers the "what if"
 * list of METHOD.md §3, its default scenarios use every threat and every
 * supporting asset type, and every reference resolves; the loader refuses
 * each kind of broken file.
 *
 * The refusals are checked on the shipped file with one small change made
 * here (a value replaced by an inline JSON snippet, a key removed or a list
 * shortened), so that the only fault in the document is the one under
 * test. A refused document leaves what was loaded before in place.
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

/* A translation identical to the English text is taken for a leftover
 * unless it is this short ("Laptop", "Server", "Phishing"). */
#define SHORT_SAME 16

/* METHOD.md §3's rudimentary method: the ten scenarios it requires. */
static const char *const method_what_ifs[] = {
	"wi-no-internet", "wi-competitor-data", "wi-ransomware", "wi-accounting-lost",
	"wi-website-down", "wi-device-stolen", "wi-mailbox-fraud", "wi-it-person-away",
	"wi-supplier-fails", "wi-personal-data-leak",
};

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

/* ---- the shipped files ------------------------------------------------ */

static void test_shipped_loads(void **state)
{
	(void)state;
	char err[512] = "";
	int rc = kb_load(err, sizeof err);
	if (rc != 0)
		print_error("kb_load: %s\n", err);
	assert_int_equal(rc, 0);
	const struct kb_risk *r = kb_risk();
	assert_non_null(r);
	assert_int_equal(r->asset_type_count, 51);
	assert_true(r->threat_count >= 30 && r->threat_count <= 40);
	assert_true(r->what_if_count >= 12 && r->what_if_count <= 20);
	if (resource_find("kb/vulnerabilities.json"))
		assert_true(r->vulnerability_count > 0);
}

static void check_text(const struct kb_text *t, const char *owner, const char *field)
{
	int en = I18N_LANGUAGE_COUNT - 1;
	assert_string_equal(i18n_languages[en], "en");
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		if (!t->lang[i] || !t->lang[i][0]) {
			print_error("%s: %s.%s is empty\n", owner, field, i18n_languages[i]);
			fail();
		}
		if (i != en && strcmp(t->lang[i], t->lang[en]) == 0 &&
		    strlen(t->lang[en]) >= SHORT_SAME) {
			print_error("%s: %s.%s is the English text\n", owner, field,
			            i18n_languages[i]);
			fail();
		}
	}
}

/* Fails unless every language of t ends with c (a question, a sentence). */
static void check_ends(const struct kb_text *t, char c, const char *owner, const char *field)
{
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		size_t n = strlen(t->lang[i]);
		if (n == 0 || t->lang[i][n - 1] != c) {
			print_error("%s: %s.%s does not end with '%c'\n", owner, field,
			            i18n_languages[i], c);
			fail();
		}
	}
}

static void test_shipped_complete(void **state)
{
	(void)state;
	const struct kb_risk *r = kb_risk();
	for (size_t i = 0; i < r->asset_type_count; i++)
		check_text(&r->asset_types[i].title, r->asset_types[i].id, "title");
	for (size_t i = 0; i < r->threat_count; i++) {
		const struct kb_threat *t = &r->threats[i];
		check_text(&t->title, t->id, "title");
		check_text(&t->description, t->id, "description");
		check_ends(&t->description, '.', t->id, "description");
	}
	for (size_t i = 0; i < r->what_if_count; i++) {
		const struct kb_what_if *w = &r->what_ifs[i];
		check_text(&w->question, w->id, "question");
		check_text(&w->hint, w->id, "hint");
		check_ends(&w->question, '?', w->id, "question");
		check_ends(&w->hint, '.', w->id, "hint");
	}
}

static void test_shipped_asset_types(void **state)
{
	(void)state;
	const struct kb_risk *r = kb_risk();
	static const char *const prefix[KB_KIND_COUNT] = {
		"info-", "proc-", "hw-", "sw-", "net-", "cloud-", "site-", "person-", "org-",
	};
	for (size_t i = 0; i < r->asset_type_count; i++) {
		const struct kb_asset_type *a = &r->asset_types[i];
		assert_true(strncmp(a->id, prefix[a->kind], strlen(prefix[a->kind])) == 0);
		assert_int_equal(a->primary, a->kind == KB_KIND_INFORMATION ||
		                             a->kind == KB_KIND_PROCESS);
	}
	size_t at;
	assert_non_null(kb_asset_type_find("hw-pos-terminal", &at));
	assert_string_equal(r->asset_types[at].id, "hw-pos-terminal");
	assert_null(kb_asset_type_find("hw-toaster", NULL));
}

static void test_shipped_threats(void **state)
{
	(void)state;
	const struct kb_risk *r = kb_risk();
	bool theme_used[KB_THEME_COUNT] = { false };
	for (size_t i = 0; i < r->threat_count; i++) {
		const struct kb_threat *t = &r->threats[i];
		assert_true(t->criteria != 0);
		assert_true((t->criteria & ~(unsigned)(CRIT_C | CRIT_I | CRIT_A)) == 0);
		theme_used[t->theme] = true;
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(r->threats[j].id, t->id);
	}
	for (int k = 0; k < KB_THEME_COUNT; k++) {
		if (!theme_used[k]) {
			print_error("no threat in theme %s\n", kb_threat_theme_ids[k]);
			fail();
		}
	}
	const struct kb_threat *t = kb_threat_find("thr-ransomware", NULL);
	assert_non_null(t);
	assert_int_equal(t->criteria, CRIT_C | CRIT_I | CRIT_A);
	assert_int_equal(t->theme, KB_THEME_UNAUTHORISED);
}

static void test_shipped_what_ifs(void **state)
{
	(void)state;
	const struct kb_risk *r = kb_risk();
	for (size_t i = 0; i < sizeof method_what_ifs / sizeof method_what_ifs[0]; i++) {
		if (!kb_what_if_find(method_what_ifs[i], NULL)) {
			print_error("METHOD.md what-if %s is missing\n", method_what_ifs[i]);
			fail();
		}
	}
	/* Every reference resolves (the loader turned ids into indexes). */
	for (size_t i = 0; i < r->what_if_count; i++) {
		const struct kb_what_if *w = &r->what_ifs[i];
		assert_true(w->threat_count >= 1);
		assert_true(w->asset_type_count >= 1);
		for (size_t k = 0; k < w->threat_count; k++)
			assert_true(w->threats[k] < r->threat_count);
		for (size_t k = 0; k < w->asset_type_count; k++)
			assert_true(w->asset_types[k] < r->asset_type_count);
	}
	size_t t;
	const struct kb_what_if *w = kb_what_if_find("wi-ransomware", NULL);
	assert_non_null(kb_threat_find("thr-ransomware", &t));
	bool found = false;
	for (size_t k = 0; k < w->threat_count; k++)
		found = found || w->threats[k] == t;
	assert_true(found);
}

static void test_shipped_vulnerabilities(void **state)
{
	(void)state;
	if (!resource_find("kb/vulnerabilities.json"))
		skip();
	const struct kb_risk *r = kb_risk();
	for (size_t i = 0; i < r->vulnerability_count; i++) {
		const struct kb_vulnerability *v = &r->vulnerabilities[i];
		check_text(&v->text, v->id, "text");
		assert_true(v->asset_type_count >= 1);
		for (size_t k = 0; k < v->asset_type_count; k++)
			assert_true(v->asset_types[k] < r->asset_type_count);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(r->vulnerabilities[j].id, v->id);
		/* Found by its id, at its place (the look-up is a binary search). */
		size_t at = (size_t)-1;
		assert_ptr_equal(kb_vulnerability_find(v->id, &at), v);
		assert_int_equal(at, i);
	}
	assert_null(kb_vulnerability_find("vul-", NULL));
	assert_null(kb_vulnerability_find("vul-zzz-unknown", NULL));
	assert_null(kb_vulnerability_find("", NULL));
	assert_null(kb_vulnerability_find(NULL, NULL));
}

static void test_shipped_scenarios(void **state)
{
	(void)state;
	if (!resource_find("kb/vulnerabilities.json"))
		skip();
	const struct kb_risk *r = kb_risk();
	assert_true(r->scenario_count >= 120 && r->scenario_count <= 200);
	bool *threat_used = calloc(r->threat_count, sizeof *threat_used);
	bool *asset_used = calloc(r->asset_type_count, sizeof *asset_used);
	assert_non_null(threat_used);
	assert_non_null(asset_used);
	for (size_t i = 0; i < r->scenario_count; i++) {
		const struct kb_scenario *s = &r->scenarios[i];
		assert_true(s->asset_type < r->asset_type_count);
		assert_true(s->threat < r->threat_count);
		assert_true(s->vulnerability < r->vulnerability_count);
		const struct kb_vulnerability *v = &r->vulnerabilities[s->vulnerability];
		bool applies = false;
		for (size_t k = 0; k < v->asset_type_count; k++)
			applies = applies || v->asset_types[k] == s->asset_type;
		assert_true(applies);
		threat_used[s->threat] = true;
		asset_used[s->asset_type] = true;
	}
	for (size_t i = 0; i < r->threat_count; i++) {
		if (!threat_used[i]) {
			print_error("threat %s is in no scenario\n", r->threats[i].id);
			fail();
		}
	}
	for (size_t i = 0; i < r->asset_type_count; i++) {
		if (!r->asset_types[i].primary && !asset_used[i]) {
			print_error("asset type %s is in no scenario\n", r->asset_types[i].id);
			fail();
		}
	}
	free(threat_used);
	free(asset_used);
}

/* ---- refusals ---------------------------------------------------------- */

/* The shipped risk file, parsed, for a test to change. */
static json_t *shipped(void)
{
	const struct resource *res = resource_find("kb/risk.json");
	assert_non_null(res);
	json_t *root = json_loadb((const char *)res->data, res->size, 0, NULL);
	assert_non_null(root);
	return root;
}

/* Entry i of list in doc. */
static json_t *entry(json_t *doc, const char *list, size_t i)
{
	json_t *e = json_array_get(json_object_get(doc, list), i);
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

/* Loads risk (consumed) and vulnerabilities (NULL for none); expects a
 * refusal whose message contains needle, the previous load kept. */
static void refused(json_t *risk, const char *vulnerabilities, const char *needle)
{
	char *text = json_dumps(risk, 0);
	json_decref(risk);
	assert_non_null(text);
	const struct kb_risk *before = kb_risk();
	char err[512] = "";
	int rc = kb_load_risk_text(text, strlen(text), vulnerabilities,
	                           vulnerabilities ? strlen(vulnerabilities) : 0,
	                           err, sizeof err);
	free(text);
	assert_int_equal(rc, -1);
	if (!strstr(err, needle)) {
		print_error("message \"%s\" lacks \"%s\"\n", err, needle);
		fail();
	}
	assert_ptr_equal(kb_risk(), before);
}

/* Refused with entry i of list changed at key (value NULL removes it). */
static void refused_with(const char *list, size_t i, const char *key,
                         const char *value, const char *needle)
{
	json_t *doc = shipped();
	set(entry(doc, list, i), key, value);
	refused(doc, NULL, needle);
}

static void test_unchanged_accepted(void **state)
{
	(void)state;
	json_t *doc = shipped();
	set(doc, "scenarios", NULL);   /* they refer to the shipped vulnerabilities */
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	const char *v = "{\"vulnerabilities\":[{\"id\":\"vul-x\",\"asset_types\":"
	                "[\"hw-laptop\",\"hw-phone\"],\"text\":{\"nl\":\"a\",\"fr\":\"b\","
	                "\"de\":\"c\",\"en\":\"d\"}}]}";
	char err[512] = "";
	int rc = kb_load_risk_text(text, strlen(text), v, strlen(v), err, sizeof err);
	free(text);
	if (rc != 0)
		print_error("%s\n", err);
	assert_int_equal(rc, 0);
	const struct kb_risk *r = kb_risk();
	assert_int_equal(r->vulnerability_count, 1);
	assert_int_equal(r->vulnerabilities[0].asset_type_count, 2);
	size_t laptop;
	assert_non_null(kb_asset_type_find("hw-laptop", &laptop));
	assert_int_equal(r->vulnerabilities[0].asset_types[0], laptop);
}

static void test_refuses_language(void **state)
{
	(void)state;
	refused_with("threats", 0, "title", "{\"nl\":\"a\",\"fr\":\"b\",\"en\":\"d\"}",
	             "the de text is missing");
	refused_with("threats", 0, "description",
	             "{\"nl\":\" \",\"fr\":\"b\",\"de\":\"c\",\"en\":\"d\"}",
	             "threat \"thr-fire\": description: the nl text is empty");
	refused_with("what_if", 0, "hint",
	             "{\"nl\":\"a\",\"fr\":\"b\",\"de\":\"c\",\"en\":\"d\",\"es\":\"e\"}",
	             "unknown language \"es\"");
	refused_with("asset_types", 0, "title", NULL,
	             "asset type \"info-customers\": title is missing");
}

static void test_refuses_unknown_keys(void **state)
{
	(void)state;
	refused_with("threats", 1, "likelihood", "3", "threat \"thr-water\": unknown key \"likelihood\"");
	refused_with("asset_types", 1, "colour", "\"red\"", "unknown key \"colour\"");
	refused_with("what_if", 1, "impact", "2", "unknown key \"impact\"");
	json_t *doc = shipped();
	set(doc, "measures", "[]");
	refused(doc, NULL, "unknown key \"measures\"");
	refused(shipped(), "{\"vulnerabilities\":[],\"extra\":1}",
	        "vulnerabilities: unknown key \"extra\"");
	refused(shipped(), "{\"vulnerabilities\":[{\"id\":\"vul-x\",\"asset_types\":"
	        "[\"hw-laptop\"],\"level\":3,\"text\":{\"nl\":\"a\",\"fr\":\"b\","
	        "\"de\":\"c\",\"en\":\"d\"}}]}", "vulnerability \"vul-x\": unknown key \"level\"");
}

static void test_refuses_repeated_ids(void **state)
{
	(void)state;
	refused_with("threats", 1, "id", "\"thr-fire\"", "threat \"thr-fire\": the id is used twice");
	refused_with("what_if", 1, "id", "\"wi-no-internet\"", "what-if \"wi-no-internet\": the id is used twice");
	refused_with("asset_types", 1, "id", "\"info-customers\"",
	             "asset type \"info-customers\": the id is used twice");
	const char *t = "\"text\":{\"nl\":\"a\",\"fr\":\"b\",\"de\":\"c\",\"en\":\"d\"}";
	char v[512];
	snprintf(v, sizeof v, "{\"vulnerabilities\":[{\"id\":\"vul-x\",\"asset_types\":"
	         "[\"hw-nas\"],%s},{\"id\":\"vul-x\",\"asset_types\":[\"hw-nas\"],%s}]}", t, t);
	refused(shipped(), v, "vulnerability \"vul-x\": the id is used twice");
	refused_with("what_if", 0, "threats", "[\"thr-fire\",\"thr-fire\"]",
	             "\"thr-fire\" is listed twice");
}

static void test_refuses_theme_kind(void **state)
{
	(void)state;
	refused_with("threats", 2, "theme", "\"cosmic\"", "threat \"thr-theft-equipment\": unknown theme \"cosmic\"");
	refused_with("threats", 2, "theme", NULL, "theme is missing");
	refused_with("asset_types", 2, "kind", "\"gadget\"", "asset type \"info-invoices\": unknown kind \"gadget\"");
	refused_with("asset_types", 2, "kind", "\"hardware\"", "\"information\" is expected");
	refused_with("asset_types", 2, "primary", "false", "primary must be true");
	refused_with("asset_types", 20, "primary", "true", "primary must be false");
}

static void test_refuses_criteria(void **state)
{
	(void)state;
	refused_with("threats", 3, "criteria", "\"\"", "criteria \"\" must be one or more");
	refused_with("threats", 3, "criteria", "\"CX\"", "criteria \"CX\"");
	refused_with("threats", 3, "criteria", "\"cia\"", "criteria \"cia\"");
	refused_with("threats", 3, "criteria", "\"CC\"", "criteria \"CC\"");
	refused_with("threats", 3, "criteria", "7", "criteria is missing or not a string");
}

static void test_refuses_references(void **state)
{
	(void)state;
	refused_with("what_if", 2, "threats", "[\"thr-fire\",\"thr-meteor\"]",
	             "what-if \"wi-ransomware\": threats: unknown threat \"thr-meteor\"");
	refused_with("what_if", 2, "asset_types", "[\"hw-toaster\"]",
	             "asset_types: unknown asset type \"hw-toaster\"");
	refused_with("what_if", 2, "threats", "[]", "threats is empty");
	refused(shipped(), "{\"vulnerabilities\":[{\"id\":\"vul-x\",\"asset_types\":"
	        "[\"hw-toaster\"],\"text\":{\"nl\":\"a\",\"fr\":\"b\",\"de\":\"c\","
	        "\"en\":\"d\"}}]}", "vulnerability \"vul-x\": asset_types: unknown asset type");
	refused(shipped(), "{\"vulnerabilities\":[{\"id\":\"vul-x\",\"asset_types\":[],"
	        "\"text\":{\"nl\":\"a\",\"fr\":\"b\",\"de\":\"c\",\"en\":\"d\"}}]}",
	        "asset_types is empty");
	refused(shipped(), "{\"vulnerabilities\":[{\"id\":\"weak\",\"asset_types\":[\"hw-nas\"],"
	        "\"text\":{\"nl\":\"a\",\"fr\":\"b\",\"de\":\"c\",\"en\":\"d\"}}]}",
	        "must start with \"vul-\"");
}

/* Keeps the first n entries of list. */
static json_t *truncated(const char *list, size_t n)
{
	json_t *doc = shipped();
	json_t *a = json_object_get(doc, list);
	while (json_array_size(a) > n)
		json_array_remove(a, json_array_size(a) - 1);
	return doc;
}

/* Appends copies of the last entry of list, with new ids, up to n. */
static json_t *grown(const char *list, const char *prefix, size_t n)
{
	json_t *doc = shipped();
	json_t *a = json_object_get(doc, list);
	for (size_t k = 0; json_array_size(a) < n; k++) {
		json_t *e = json_deep_copy(json_array_get(a, json_array_size(a) - 1));
		char id[40];
		snprintf(id, sizeof id, "%sextra-%zu", prefix, k);
		json_object_set_new(e, "id", json_string(id));
		json_array_append_new(a, e);
	}
	return doc;
}

static void test_refuses_counts(void **state)
{
	(void)state;
	refused(truncated("threats", 29), NULL, "29 threats: 30 to 40 are expected");
	refused(grown("threats", "thr-", 41), NULL, "41 threats: 30 to 40 are expected");
	refused(truncated("what_if", 11), NULL, "11 what-if scenarios: 12 to 20");
	refused(grown("what_if", "wi-", 21), NULL, "21 what-if scenarios: 12 to 20");
	refused(truncated("asset_types", 50), NULL,
	        "asset type \"org-hosting-provider\" is missing");
	refused_with("asset_types", 0, "id", "\"info-recipes\"",
	             "asset type \"info-recipes\": not one of the 51");
	json_t *doc = shipped();
	set(doc, "threats", NULL);
	refused(doc, NULL, "\"threats\" is missing");
}

static void test_refuses_bad_json(void **state)
{
	(void)state;
	char err[256] = "";
	const struct kb_risk *before = kb_risk();
	assert_int_equal(kb_load_risk_text("{\"threats\": [", 13, NULL, 0, err, sizeof err), -1);
	assert_non_null(strstr(err, "line 1"));
	assert_int_equal(kb_load_risk_text("[]", 2, NULL, 0, err, sizeof err), -1);
	assert_non_null(strstr(err, "one object"));
	refused(shipped(), "{\"vulnerabilities\": 3}", "vulnerabilities: \"vulnerabilities\" is missing or not an array");
	assert_ptr_equal(kb_risk(), before);
}

/* The shipped vulnerabilities file as text, to free (it must be embedded). */
static char *shipped_vulnerabilities(void)
{
	const struct resource *res = resource_find("kb/vulnerabilities.json");
	assert_non_null(res);
	char *text = malloc(res->size + 1);
	assert_non_null(text);
	memcpy(text, res->data, res->size);
	text[res->size] = '\0';
	return text;
}

/* Refused, with the shipped vulnerabilities, with scenario i changed at
 * key (value NULL removes it). */
static void scenario_refused(size_t i, const char *key, const char *value,
                             const char *needle)
{
	char *v = shipped_vulnerabilities();
	json_t *doc = shipped();
	set(entry(doc, "scenarios", i), key, value);
	refused(doc, v, needle);
	free(v);
}

static void test_refuses_scenarios(void **state)
{
	(void)state;
	if (!resource_find("kb/vulnerabilities.json"))
		skip();
	scenario_refused(0, "threat", "\"thr-meteor\"", "scenario 1: unknown threat \"thr-meteor\"");
	scenario_refused(1, "asset_type", "\"hw-toaster\"",
	                 "scenario 2: unknown asset type \"hw-toaster\"");
	scenario_refused(2, "vulnerability", "\"vul-none\"",
	                 "scenario 3: unknown vulnerability \"vul-none\"");
	scenario_refused(0, "vulnerability", NULL, "scenario 1: vulnerability is missing");
	scenario_refused(0, "likelihood", "3", "scenario 1: unknown key \"likelihood\"");
	/* vul-laptop-disk-unencrypted lists laptops and tablets, not servers. */
	scenario_refused(0, "asset_type", "\"hw-server\"",
	                 "scenario 1 (hw-server, thr-theft-equipment, "
	                 "vul-laptop-disk-unencrypted): the vulnerability does not apply");

	/* The first scenario repeated as the last. */
	char *v = shipped_vulnerabilities();
	json_t *doc = shipped();
	json_t *a = json_object_get(doc, "scenarios");
	size_t n = json_array_size(a);
	json_array_set(a, n - 1, json_array_get(a, 0));
	char needle[64];
	snprintf(needle, sizeof needle, "scenario %zu (", n);
	refused(json_incref(doc), v, needle);
	refused(doc, v, "the same as scenario 1");

	/* Counts: 119, and 201 (the count is checked before the entries). */
	doc = shipped();
	a = json_object_get(doc, "scenarios");
	while (json_array_size(a) > 119)
		json_array_remove(a, json_array_size(a) - 1);
	refused(doc, v, "119 scenarios: 120 to 200 are expected");
	doc = shipped();
	a = json_object_get(doc, "scenarios");
	size_t threats = json_array_size(json_object_get(doc, "threats"));
	for (size_t k = 0; json_array_size(a) < 201; k++) {
		json_t *t = json_object_get(entry(doc, "threats", k % threats), "id");
		json_array_append_new(a, json_pack("{s:s, s:O, s:s}", "asset_type",
		                                   k < threats ? "hw-laptop" : "hw-tablet",
		                                   "threat", t, "vulnerability",
		                                   "vul-laptop-disk-unencrypted"));
	}
	refused(doc, v, "201 scenarios: 120 to 200 are expected");
	doc = shipped();
	set(doc, "scenarios", "{}");
	refused(doc, v, "\"scenarios\" is missing or not an array");
	free(v);

	/* Without the vulnerabilities they cannot be checked. */
	refused(shipped(), NULL, "\"scenarios\" need the vulnerabilities");
}

/* A what-if whose asset types and threats match no default scenario would
 * be promoted into nothing: the file is refused, naming it. */
static void test_refuses_what_if_without_scenario(void **state)
{
	(void)state;
	if (!resource_find("kb/vulnerabilities.json"))
		skip();
	char *v = shipped_vulnerabilities();
	json_t *doc = shipped();
	/* Fire hits no customer file in any shipped scenario. */
	json_t *w = entry(doc, "what_if", 1);
	set(w, "threats", "[\"thr-fire\"]");
	set(w, "asset_types", "[\"info-customers\"]");
	char needle[120];
	snprintf(needle, sizeof needle, "what-if \"%s\": no scenario has one of its asset types",
	         json_string_value(json_object_get(w, "id")));
	refused(doc, v, needle);
	free(v);
}

static int reload_shipped(void **state)
{
	(void)state;
	char err[512];
	return kb_load(err, sizeof err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_loads),
		cmocka_unit_test(test_shipped_complete),
		cmocka_unit_test(test_shipped_asset_types),
		cmocka_unit_test(test_shipped_threats),
		cmocka_unit_test(test_shipped_what_ifs),
		cmocka_unit_test(test_shipped_vulnerabilities),
		cmocka_unit_test(test_shipped_scenarios),
		cmocka_unit_test_teardown(test_unchanged_accepted, reload_shipped),
		cmocka_unit_test(test_refuses_language),
		cmocka_unit_test(test_refuses_unknown_keys),
		cmocka_unit_test(test_refuses_repeated_ids),
		cmocka_unit_test(test_refuses_theme_kind),
		cmocka_unit_test(test_refuses_criteria),
		cmocka_unit_test(test_refuses_references),
		cmocka_unit_test(test_refuses_counts),
		cmocka_unit_test(test_refuses_bad_json),
		cmocka_unit_test(test_refuses_scenarios),
		cmocka_unit_test(test_refuses_what_if_without_scenario),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
