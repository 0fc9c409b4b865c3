/*
 * test_kb.c - unit tests of kb/kb.c: the shipped baseline questionnaire
 * (kb/baseline.json, embedded) loads and is complete in the four
 * languages, and the loader refuses each kind of broken file.
 *
 * The refusals are checked on small documents built here: 13 topics with
 * one-letter titles, a question under test, and enough generated valid
 * questions that the only fault in the document is the one under test.
 * A refused document leaves the baseline loaded before it in place; the
 * shipped one is loaded again at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kb/kb.h"
#include "lib/buf.h"

/* METHOD.md §1, in its order, with the id prefix of each topic's questions. */
static const char *const method_topics[][2] = {
	{ "updates", "upd-" }, { "wifi", "wifi-" }, { "passwords", "pwd-" },
	{ "backups", "bak-" }, { "awareness", "awr-" }, { "malware", "mal-" },
	{ "email", "eml-" }, { "firewall", "fw-" }, { "accounts", "acc-" },
	{ "mobile", "mob-" }, { "cloud", "cld-" }, { "insurance", "ins-" },
	{ "contacts", "con-" },
};
#define METHOD_TOPICS 13

/* A translation identical to the English text is taken for a leftover
 * unless it is this short ("Updates", "E-mail", a product name). */
#define SHORT_SAME 16

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

/* ---- the shipped baseline --------------------------------------------- */

static void test_shipped_loads(void **state)
{
	(void)state;
	char err[512] = "";
	int rc = kb_load(err, sizeof err);
	if (rc != 0)
		print_error("kb_load: %s\n", err);
	assert_int_equal(rc, 0);
	const struct kb_baseline *b = kb_baseline();
	assert_non_null(b);
	assert_true(b->question_count >= 40 && b->question_count <= 60);
	assert_non_null(b->questions);
	assert_non_null(b->scoring);
}

static void test_shipped_topics(void **state)
{
	(void)state;
	const struct kb_baseline *b = kb_baseline();
	assert_int_equal(b->topic_count, METHOD_TOPICS);
	for (size_t i = 0; i < METHOD_TOPICS; i++)
		assert_string_equal(b->topics[i].id, method_topics[i][0]);
}

/* Fails if any language of t is empty, or if a translation is the
 * English text left in place. */
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

static void test_shipped_complete(void **state)
{
	(void)state;
	const struct kb_baseline *b = kb_baseline();
	for (size_t i = 0; i < b->topic_count; i++)
		check_text(&b->topics[i].title, b->topics[i].id, "title");
	for (size_t i = 0; i < b->question_count; i++) {
		const struct kb_question *q = &b->questions[i];
		check_text(&q->text, q->id, "text");
		check_text(&q->why, q->id, "why");
		check_text(&q->how, q->id, "how");
		for (int l = 0; l < I18N_LANGUAGE_COUNT; l++) {
			/* A question, and guidance in whole sentences: catches a
			 * text cut short or pasted into the wrong field. */
			const char *s = q->text.lang[l];
			if (s[strlen(s) - 1] != '?') {
				print_error("%s: text.%s does not end with '?'\n", q->id,
				            i18n_languages[l]);
				fail();
			}
			const char *sentences[] = { q->why.lang[l], q->how.lang[l] };
			for (int k = 0; k < 2; k++) {
				s = sentences[k];
				if (s[strlen(s) - 1] != '.') {
					print_error("%s: %s.%s does not end with '.'\n", q->id,
					            k ? "how" : "why", i18n_languages[l]);
					fail();
				}
			}
		}
		assert_true(q->weight >= 1 && q->weight <= 5);
		assert_true(q->topic < b->topic_count);
		assert_int_equal(b->scoring[i].topic, q->topic);
		assert_int_equal(b->scoring[i].top, q->top);
		assert_int_equal(b->scoring[i].weight, q->weight);
	}
}

static void test_shipped_ids(void **state)
{
	(void)state;
	const struct kb_baseline *b = kb_baseline();
	for (size_t i = 0; i < b->question_count; i++) {
		const struct kb_question *q = &b->questions[i];
		const char *prefix = method_topics[q->topic][1];
		if (strncmp(q->id, prefix, strlen(prefix)) != 0) {
			print_error("%s: id does not start with %s\n", q->id, prefix);
			fail();
		}
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(b->questions[j].id, q->id);
		/* In topic order. */
		if (i > 0)
			assert_true(b->questions[i - 1].topic <= q->topic);
		size_t index = 99;
		assert_ptr_equal(kb_question_find(q->id, &index), q);
		assert_int_equal(index, i);
	}
	assert_null(kb_question_find("no-such-question", NULL));
	assert_null(kb_question_find("", NULL));
	assert_null(kb_question_find(NULL, NULL));
	assert_non_null(kb_question_find("upd-auto-os", NULL));
}

static void test_shipped_balance(void **state)
{
	(void)state;
	const struct kb_baseline *b = kb_baseline();
	size_t per_topic[METHOD_TOPICS] = { 0 };
	size_t top = 0;
	for (size_t i = 0; i < b->question_count; i++) {
		per_topic[b->questions[i].topic]++;
		if (b->questions[i].top) {
			top++;
			/* A top requirement is also near the top of the action list. */
			assert_true(b->questions[i].weight >= 4);
		}
	}
	for (size_t t = 0; t < METHOD_TOPICS; t++) {
		if (per_topic[t] < 3) {
			print_error("topic %s has %zu questions\n", method_topics[t][0], per_topic[t]);
			fail();
		}
		/* The source text's first steps get the most questions. */
		if (t < 4)
			assert_true(per_topic[t] >= 5 && per_topic[t] <= 6);
	}
	assert_true(top >= 8 && top <= 15);
	/* The requirements whose absence hurts most are top ones. */
	const char *must_be_top[] = {
		"upd-auto-os", "upd-supported-os", "pwd-unique", "pwd-mfa-email",
		"bak-offline", "bak-restore-test", "acc-no-admin", "con-whom-to-call",
	};
	for (size_t i = 0; i < sizeof must_be_top / sizeof must_be_top[0]; i++) {
		const struct kb_question *q = kb_question_find(must_be_top[i], NULL);
		assert_non_null(q);
		assert_true(q->top);
	}
}

static void test_text_language(void **state)
{
	(void)state;
	const struct kb_question *q = kb_question_find("upd-auto-os", NULL);
	assert_non_null(q);
	/* NULL is English. */
	assert_ptr_equal(kb_text(&q->text, NULL), q->text.lang[3]);
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		const struct catalog *c = i18n_catalog(i18n_languages[i]);
		assert_non_null(c);
		assert_ptr_equal(kb_text(&q->text, c), q->text.lang[i]);
	}
	assert_non_null(strstr(kb_text(&q->text, i18n_catalog("nl")), "Windows"));
	assert_string_equal(kb_text(&kb_baseline()->topics[3].title, i18n_catalog("fr")),
	                    "Sauvegardes");
	/* A text with a missing translation falls back to English. */
	struct kb_text partial = { { NULL, NULL, NULL, "English" } };
	assert_string_equal(kb_text(&partial, i18n_catalog("de")), "English");
	assert_string_equal(kb_text(NULL, NULL), "");
}

/* ---- refusals ------------------------------------------------------------ */

#define L4 "{\"nl\":\"n\",\"fr\":\"f\",\"de\":\"d\",\"en\":\"e\"}"
#define TOPIC(id) "{\"id\":\"" id "\",\"title\":" L4 "}"
#define TOPICS TOPIC("updates") "," TOPIC("wifi") "," TOPIC("passwords") "," \
	TOPIC("backups") "," TOPIC("awareness") "," TOPIC("malware") ","       \
	TOPIC("email") "," TOPIC("firewall") "," TOPIC("accounts") ","         \
	TOPIC("mobile") "," TOPIC("cloud") "," TOPIC("insurance") ","          \
	TOPIC("contacts")
/* A question with an id and topic and the rest of its members as given. */
#define Q(id, topic, rest) "{\"id\":\"" id "\",\"topic\":\"" topic "\"," rest "}"
#define TEXTS "\"text\":" L4 ",\"why\":" L4 ",\"how\":" L4
#define VALID "\"top\":false,\"weight\":3," TEXTS

/* A baseline document: topics (NULL: the 13 of METHOD.md), then the
 * question head (or NULL), filler valid questions of the last topic, the
 * question tail (or NULL), and extra members of the root object. */
static char *doc(const char *topics, const char *head, int filler,
                 const char *tail, const char *root_extra)
{
	struct buf b = { 0 };
	buf_printf(&b, "{\"topics\":[%s],\"questions\":[", topics ? topics : TOPICS);
	const char *sep = "";
	if (head) {
		buf_puts(&b, head);
		sep = ",";
	}
	for (int i = 1; i <= filler; i++) {
		buf_printf(&b, "%s" Q("fill-%d", "contacts", VALID), sep, i);
		sep = ",";
	}
	if (tail)
		buf_printf(&b, "%s%s", sep, tail);
	buf_printf(&b, "]%s}", root_extra ? root_extra : "");
	return buf_steal(&b);
}

/* Loads text, which must be accepted. */
static void accepted(char *text)
{
	char err[512] = "";
	int rc = kb_load_baseline_text(text, strlen(text), err, sizeof err);
	if (rc != 0)
		print_error("refused: %s\n", err);
	assert_int_equal(rc, 0);
	free(text);
}

/* Loads text, which must be refused with a message containing needle,
 * leaving the baseline loaded before in place. */
static void refused(char *text, const char *needle)
{
	const struct kb_baseline *before = kb_baseline();
	char err[512] = "";
	int rc = kb_load_baseline_text(text, strlen(text), err, sizeof err);
	free(text);
	assert_int_equal(rc, -1);
	if (!strstr(err, needle)) {
		print_error("message \"%s\" lacks \"%s\"\n", err, needle);
		fail();
	}
	assert_ptr_equal(kb_baseline(), before);
}

static int reload_shipped(void **state)
{
	(void)state;
	char err[512];
	return kb_load(err, sizeof err);
}

static void test_minimal_accepted(void **state)
{
	(void)state;
	accepted(doc(NULL, Q("upd-x", "updates", "\"top\":true,\"weight\":5," TEXTS),
	             39, NULL, NULL));
	const struct kb_baseline *b = kb_baseline();
	assert_int_equal(b->question_count, 40);
	assert_string_equal(b->questions[0].id, "upd-x");
	assert_true(b->questions[0].top);
	assert_true(b->scoring[0].top);
	assert_int_equal(b->scoring[0].weight, 5);
	assert_int_equal(b->questions[1].topic, 12);
	assert_string_equal(b->questions[1].why.lang[2], "d");
	assert_non_null(kb_question_find("fill-39", NULL));
	assert_null(kb_question_find("upd-auto-os", NULL));
	accepted(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":1," TEXTS),
	             59, NULL, NULL));
	assert_int_equal(kb_baseline()->question_count, 60);
	assert_int_equal(reload_shipped(NULL), 0);
	assert_non_null(kb_question_find("upd-auto-os", NULL));
}

static void test_refuses_languages(void **state)
{
	(void)state;
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":3,"
	                    "\"text\":" L4 ",\"how\":" L4 ","
	                    "\"why\":{\"nl\":\"n\",\"fr\":\"f\",\"en\":\"e\"}"), 40, NULL, NULL),
	        "question \"upd-x\": why: the de text is missing");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":3,"
	                    "\"why\":" L4 ",\"how\":" L4 ","
	                    "\"text\":{\"nl\":\"n\",\"fr\":\"\",\"de\":\"d\",\"en\":\"e\"}"), 40, NULL, NULL),
	        "question \"upd-x\": text: the fr text is empty");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":3,"
	                    "\"text\":" L4 ",\"why\":" L4 ","
	                    "\"how\":{\"nl\":\" \\n \",\"fr\":\"f\",\"de\":\"d\",\"en\":\"e\"}"), 40, NULL, NULL),
	        "question \"upd-x\": how: the nl text is empty");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":3,"
	                    "\"text\":" L4 ",\"why\":" L4 ","
	                    "\"how\":{\"nl\":\"n\",\"fr\":\"f\",\"de\":\"d\",\"en\":null}"), 40, NULL, NULL),
	        "question \"upd-x\": how: the en text must be a string");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":3,"
	                    "\"why\":" L4 ",\"how\":" L4 ","
	                    "\"text\":{\"nl\":\"n\",\"fr\":\"f\",\"de\":\"d\",\"en\":\"e\",\"es\":\"s\"}"),
	            40, NULL, NULL),
	        "question \"upd-x\": text: unknown language \"es\"");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":3,"
	                    "\"text\":" L4 ",\"why\":" L4), 40, NULL, NULL),
	        "question \"upd-x\": how is missing");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":3,"
	                    "\"text\":\"only English\",\"why\":" L4 ",\"how\":" L4), 40, NULL, NULL),
	        "question \"upd-x\": text: must be an object");
	refused(doc("{\"id\":\"updates\",\"title\":{\"nl\":\"n\",\"fr\":\"f\",\"en\":\"e\"}}", NULL,
	            40, NULL, NULL),
	        "topic \"updates\": title: the de text is missing");
}

static void test_refuses_topics(void **state)
{
	(void)state;
	/* Unknown topic of a question. */
	refused(doc(NULL, Q("upd-x", "printers", VALID), 40, NULL, NULL),
	        "question \"upd-x\": unknown topic \"printers\"");
	/* A topic listed twice. */
	refused(doc(TOPIC("updates") "," TOPIC("updates") "," TOPIC("passwords"), NULL, 40, NULL, NULL),
	        "topic \"updates\" is listed twice");
	/* Order differing from METHOD.md. */
	refused(doc(TOPIC("updates") "," TOPIC("passwords") "," TOPIC("wifi"), NULL, 40, NULL, NULL),
	        "topic \"passwords\" is in place 2, where METHOD.md \xc2\xa7" "1 puts \"wifi\"");
	/* A topic that METHOD.md does not name. */
	refused(doc(TOPICS "," TOPIC("printers"), NULL, 40, NULL, NULL),
	        "topic 14: unknown topic \"printers\"");
	/* One missing. */
	refused(doc(TOPIC("updates") "," TOPIC("wifi") "," TOPIC("passwords") ","
	            TOPIC("backups") "," TOPIC("awareness") "," TOPIC("malware") ","
	            TOPIC("email") "," TOPIC("firewall") "," TOPIC("accounts") ","
	            TOPIC("mobile") "," TOPIC("cloud") "," TOPIC("insurance"),
	            NULL, 40, NULL, NULL),
	        "topic \"contacts\" is missing");
	/* More than BASELINE_MAX_TOPICS. */
	struct buf many = { 0 };
	buf_puts(&many, TOPICS);
	for (int i = 0; i < BASELINE_MAX_TOPICS + 1 - METHOD_TOPICS; i++)
		buf_printf(&many, "," "{\"id\":\"extra-%d\",\"title\":" L4 "}", i);
	char msg[64];
	snprintf(msg, sizeof msg, "%d topics: at most %d", BASELINE_MAX_TOPICS + 1,
	         BASELINE_MAX_TOPICS);
	refused(doc(many.data, NULL, 40, NULL, NULL), msg);
	buf_free(&many);
	/* An unknown key in a topic. */
	refused(doc("{\"id\":\"updates\",\"icon\":\"u\",\"title\":" L4 "}", NULL, 40, NULL, NULL),
	        "topic 1: unknown key \"icon\"");
	refused(doc("{\"title\":" L4 "}", NULL, 40, NULL, NULL), "topic 1: id is missing");
	refused(doc("\"updates\"", NULL, 40, NULL, NULL), "topic 1: must be an object");
	/* Questions out of topic order. */
	refused(doc(NULL, NULL, 40, Q("upd-x", "updates", VALID), NULL),
	        "question \"upd-x\": topic \"updates\" comes after \"contacts\"");
}

static void test_refuses_ids(void **state)
{
	(void)state;
	refused(doc(NULL, Q("fill-3", "updates", VALID), 40, NULL, NULL),
	        "question \"fill-3\": the id is used twice (questions 1 and 4)");
	refused(doc(NULL, Q("Upd_X", "updates", VALID), 40, NULL, NULL),
	        "question 1: id \"Upd_X\" is not lower-case kebab-case");
	refused(doc(NULL, Q("upd--x", "updates", VALID), 40, NULL, NULL), "kebab-case");
	refused(doc(NULL, Q("-upd", "updates", VALID), 40, NULL, NULL), "kebab-case");
	refused(doc(NULL, Q("", "updates", VALID), 40, NULL, NULL), "kebab-case");
	refused(doc(NULL, "{\"topic\":\"updates\"," VALID "}", 40, NULL, NULL),
	        "question 1: id is missing");
	refused(doc(NULL, "{\"id\":7,\"topic\":\"updates\"," VALID "}", 40, NULL, NULL),
	        "question 1: id is missing or not a string");
}

static void test_refuses_top_weight(void **state)
{
	(void)state;
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":0," TEXTS), 40, NULL, NULL),
	        "question \"upd-x\": weight 0 is outside 1..5");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":6," TEXTS), 40, NULL, NULL),
	        "question \"upd-x\": weight 6 is outside 1..5");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":-3," TEXTS), 40, NULL, NULL),
	        "weight -3 is outside 1..5");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":2.5," TEXTS), 40, NULL, NULL),
	        "question \"upd-x\": weight must be a whole number");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false,\"weight\":\"3\"," TEXTS), 40, NULL, NULL),
	        "question \"upd-x\": weight must be a whole number");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":false," TEXTS), 40, NULL, NULL),
	        "question \"upd-x\": weight is missing");
	refused(doc(NULL, Q("upd-x", "updates", "\"weight\":3," TEXTS), 40, NULL, NULL),
	        "question \"upd-x\": top is missing");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":\"yes\",\"weight\":3," TEXTS), 40, NULL, NULL),
	        "question \"upd-x\": top must be true or false");
	refused(doc(NULL, Q("upd-x", "updates", "\"top\":1,\"weight\":3," TEXTS), 40, NULL, NULL),
	        "question \"upd-x\": top must be true or false");
}

static void test_refuses_keys_and_shape(void **state)
{
	(void)state;
	refused(doc(NULL, Q("upd-x", "updates", VALID ",\"note\":\"x\""), 40, NULL, NULL),
	        "question \"upd-x\": unknown key \"note\"");
	refused(doc(NULL, Q("upd-x", "updates", VALID ",\"options\":[]"), 40, NULL, NULL),
	        "question \"upd-x\": unknown key \"options\"");
	refused(doc(NULL, NULL, 40, NULL, ",\"version\":2"), "unknown key \"version\"");
	refused(doc(NULL, Q("upd-x", "updates", VALID ",\"weight\":4"), 40, NULL, NULL),
	        "duplicate object key");
	refused(doc(NULL, "[]", 40, NULL, NULL), "question 1: must be an object");
	char *broken = doc(NULL, NULL, 40, NULL, NULL);
	broken[strlen(broken) - 5] = '\0';
	refused(broken, "line 1");
	refused(strdup("[]"), "one object with \"topics\" and \"questions\"");
	refused(strdup("{\"questions\":[]}"), "\"topics\" is missing");
	refused(strdup("{\"topics\":[" TOPICS "]}"), "\"questions\" is missing");
	refused(strdup("{\"topics\":{},\"questions\":[]}"), "\"topics\" must be an array");
	/* Text with a NUL inside is cut there by the JSON parser's rules. */
	static const char with_nul[] = "{\"topics\":[]}\0junk";
	char err[256];
	assert_int_equal(kb_load_baseline_text(with_nul, sizeof with_nul - 1, err, sizeof err), -1);
	assert_int_equal(kb_load_baseline_text(NULL, 0, err, sizeof err), -1);
	/* A NULL or zero-sized error buffer is allowed. */
	assert_int_equal(kb_load_baseline_text("{", 1, NULL, 0), -1);
	assert_int_equal(kb_load_baseline_text("{", 1, err, 0), -1);
}

static void test_refuses_count(void **state)
{
	(void)state;
	refused(doc(NULL, NULL, 39, NULL, NULL), "39 questions: 40 to 60 are expected");
	refused(doc(NULL, NULL, 61, NULL, NULL), "61 questions: 40 to 60 are expected");
	refused(doc(NULL, NULL, 0, NULL, NULL), "0 questions");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_loads),
		cmocka_unit_test(test_shipped_topics),
		cmocka_unit_test(test_shipped_complete),
		cmocka_unit_test(test_shipped_ids),
		cmocka_unit_test(test_shipped_balance),
		cmocka_unit_test(test_text_language),
		cmocka_unit_test_teardown(test_minimal_accepted, reload_shipped),
		cmocka_unit_test_teardown(test_refuses_languages, reload_shipped),
		cmocka_unit_test_teardown(test_refuses_topics, reload_shipped),
		cmocka_unit_test_teardown(test_refuses_ids, reload_shipped),
		cmocka_unit_test_teardown(test_refuses_top_weight, reload_shipped),
		cmocka_unit_test_teardown(test_refuses_keys_and_shape, reload_shipped),
		cmocka_unit_test_teardown(test_refuses_count, reload_shipped),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
