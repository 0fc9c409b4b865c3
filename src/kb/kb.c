/*
 * kb.c - loads the knowledge base that ships inside the binary (see kb.h).
 *
 * kb/baseline.json is embedded by scripts/embed.py as the resource
 * "kb/baseline.json". Its shape:
 *
 *   { "topics":    [ { "id": "updates", "title": { "nl", "fr", "de", "en" } }, ... ],
 *     "questions": [ { "id": "upd-auto-os", "topic": "updates", "top": true,
 *                      "weight": 5, "text": {...}, "why": {...}, "how": {...} }, ... ] }
 *
 * The loader is strict, because a mistake in the file must stop the
 * program at start-up rather than show a half-written question: every key
 * must be known, every text must exist and be non-empty in all four
 * languages, the topics must be exactly those of METHOD.md §1 in that
 * order, the questions must follow the topic order, ids must be unique
 * kebab-case, weights 1..5, and the number of questions 40..60.
 *
 * kb/risk.json and kb/vulnerabilities.json are loaded by risk.c.
 *
 * The strings are not copied: they point into the parsed json_t, which is
 * kept for as long as the baseline is in use (the program's lifetime, or
 * until a test loads another one).
 */
#include "kb/kb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kb/kb_internal.h"
#include "lib/resource.h"

#define BASELINE_PATH "kb/baseline.json"
#define BASELINE_MIN_QUESTIONS 40
#define BASELINE_MAX_QUESTIONS 60

/* The topics of METHOD.md §1, in its order (the first four are the source
 * text's first steps). Answers and scores are kept per question id, so
 * this list changes only with the method. */
static const char *const baseline_topic_ids[] = {
	"updates", "wifi", "passwords", "backups", "awareness", "malware",
	"email", "firewall", "accounts", "mobile", "cloud", "insurance",
	"contacts",
};
#define BASELINE_TOPIC_COUNT (sizeof baseline_topic_ids / sizeof baseline_topic_ids[0])
_Static_assert(BASELINE_TOPIC_COUNT <= BASELINE_MAX_TOPICS,
               "METHOD.md topics must fit core/baseline.h");

/* One loaded baseline and what it owns. */
struct loaded {
	json_t *root;
	struct kb_topic *topics;
	struct kb_question *questions;
	struct baseline_question *scoring;
	struct kb_baseline baseline;
};

static struct loaded *current;   /* NULL before the first successful load */

static void loaded_free(struct loaded *l)
{
	if (!l)
		return;
	free(l->topics);
	free(l->questions);
	free(l->scoring);
	json_decref(l->root);
	free(l);
}

void kb_fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* True if key is one of the NULL-terminated names. */
static bool key_known(const char *key, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (strcmp(key, names[i]) == 0)
			return true;
	return false;
}

/* The first key of obj that is not among names, or NULL. */
const char *kb_unknown_key(json_t *obj, const char *const *names)
{
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value) {
		(void)value;
		if (!key_known(key, names))
			return key;
	}
	return NULL;
}

/* A stable id: lower-case letters and digits in groups joined by single
 * hyphens, at most KB_ID_MAX characters. */
bool kb_id_valid(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > KB_ID_MAX || id[0] == '-' || id[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (c == '-') {
			if (id[i + 1] == '-')
				return false;
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			return false;
		}
	}
	return true;
}

/* True if s holds something besides spaces, tabs and line breaks. */
static bool has_text(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

/* Reads a text object {"nl","fr","de","en"} into out. what names the
 * owner and field for messages, e.g. "question \"upd-auto\": why". */
int kb_read_text(json_t *obj, const char *what, struct kb_text *out,
                     char *err, size_t errlen)
{
	if (!json_is_object(obj)) {
		kb_fail(err, errlen, "%s: must be an object with the languages nl, fr, de, en", what);
		return -1;
	}
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value) {
		(void)value;
		if (!i18n_supported(key)) {
			kb_fail(err, errlen, "%s: unknown language \"%s\"", what, key);
			return -1;
		}
	}
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		const char *lang = i18n_languages[i];
		json_t *s = json_object_get(obj, lang);
		if (!s) {
			kb_fail(err, errlen, "%s: the %s text is missing", what, lang);
			return -1;
		}
		if (!json_is_string(s)) {
			kb_fail(err, errlen, "%s: the %s text must be a string", what, lang);
			return -1;
		}
		if (!has_text(json_string_value(s))) {
			kb_fail(err, errlen, "%s: the %s text is empty", what, lang);
			return -1;
		}
		out->lang[i] = json_string_value(s);
	}
	return 0;
}

/* The id of entry i of a list (what is "threat", "what-if", ...): checks it
 * is a string, kebab-case, starts with prefix (unless NULL) and that the
 * entry has no key outside keys. NULL with err set otherwise. */
const char *kb_entry_id(json_t *e, size_t i, const char *what, const char *prefix,
                        const char *const *keys, char *err, size_t errlen)
{
	if (!json_is_object(e)) {
		kb_fail(err, errlen, "%s %zu: must be an object", what, i + 1);
		return NULL;
	}
	json_t *idj = json_object_get(e, "id");
	if (!json_is_string(idj)) {
		kb_fail(err, errlen, "%s %zu: id is missing or not a string", what, i + 1);
		return NULL;
	}
	const char *id = json_string_value(idj);
	if (!kb_id_valid(id)) {
		kb_fail(err, errlen, "%s %zu: id \"%.60s\" is not lower-case kebab-case "
		        "of at most %d characters", what, i + 1, id, KB_ID_MAX);
		return NULL;
	}
	if (prefix && strncmp(id, prefix, strlen(prefix)) != 0) {
		kb_fail(err, errlen, "%s \"%s\": the id must start with \"%s\"", what, id, prefix);
		return NULL;
	}
	const char *bad = kb_unknown_key(e, keys);
	if (bad) {
		kb_fail(err, errlen, "%s \"%s\": unknown key \"%s\"", what, id, bad);
		return NULL;
	}
	return id;
}

/* Reads the text field of entry id into out (what names the list). */
int kb_entry_text(json_t *e, const char *what, const char *id, const char *field,
                  struct kb_text *out, char *err, size_t errlen)
{
	char where[128];
	snprintf(where, sizeof where, "%s \"%s\": %s", what, id, field);
	json_t *obj = json_object_get(e, field);
	if (!obj) {
		kb_fail(err, errlen, "%s is missing", where);
		return -1;
	}
	return kb_read_text(obj, where, out, err, errlen);
}

/* The list under key in root, as an array; NULL with err set otherwise. */
json_t *kb_list(json_t *root, const char *key, char *err, size_t errlen)
{
	json_t *a = json_object_get(root, key);
	if (!json_is_array(a)) {
		kb_fail(err, errlen, "\"%s\" is missing or not an array", key);
		return NULL;
	}
	return a;
}

static int read_topics(json_t *array, struct loaded *l, char *err, size_t errlen)
{
	static const char *const keys[] = { "id", "title", NULL };
	if (!json_is_array(array)) {
		kb_fail(err, errlen, "\"topics\" must be an array");
		return -1;
	}
	size_t n = json_array_size(array);
	if (n > BASELINE_MAX_TOPICS) {
		kb_fail(err, errlen, "%zu topics: at most %d are allowed", n, BASELINE_MAX_TOPICS);
		return -1;
	}
	l->topics = calloc(BASELINE_TOPIC_COUNT, sizeof *l->topics);
	if (!l->topics) {
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *t = json_array_get(array, i);
		if (!json_is_object(t)) {
			kb_fail(err, errlen, "topic %zu: must be an object", i + 1);
			return -1;
		}
		const char *bad = kb_unknown_key(t, keys);
		if (bad) {
			kb_fail(err, errlen, "topic %zu: unknown key \"%s\"", i + 1, bad);
			return -1;
		}
		json_t *id = json_object_get(t, "id");
		if (!json_is_string(id)) {
			kb_fail(err, errlen, "topic %zu: id is missing or not a string", i + 1);
			return -1;
		}
		const char *ids = json_string_value(id);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(json_string_value(json_object_get(json_array_get(array, j), "id")), ids) == 0) {
				kb_fail(err, errlen, "topic \"%s\" is listed twice", ids);
				return -1;
			}
		}
		bool known = false;
		for (size_t j = 0; j < BASELINE_TOPIC_COUNT; j++)
			if (strcmp(baseline_topic_ids[j], ids) == 0)
				known = true;
		if (!known) {
			kb_fail(err, errlen, "topic %zu: unknown topic \"%s\" (METHOD.md §1 names %zu)",
			     i + 1, ids, BASELINE_TOPIC_COUNT);
			return -1;
		}
		if (strcmp(baseline_topic_ids[i], ids) != 0) {
			kb_fail(err, errlen, "topic \"%s\" is in place %zu, where METHOD.md §1 puts \"%s\"",
			     ids, i + 1, baseline_topic_ids[i]);
			return -1;
		}
		char what[96];
		snprintf(what, sizeof what, "topic \"%s\": title", ids);
		if (kb_read_text(json_object_get(t, "title"), what, &l->topics[i].title, err, errlen) != 0)
			return -1;
		l->topics[i].id = ids;
	}
	if (n < BASELINE_TOPIC_COUNT) {
		kb_fail(err, errlen, "topic \"%s\" is missing (METHOD.md §1 names %zu topics)",
		     baseline_topic_ids[n], BASELINE_TOPIC_COUNT);
		return -1;
	}
	return 0;
}

/* The index of the topic with this id, or -1. */
static int topic_index(const struct loaded *l, const char *id)
{
	for (size_t i = 0; i < BASELINE_TOPIC_COUNT; i++)
		if (strcmp(l->topics[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int read_question(json_t *q, size_t i, struct loaded *l,
                         char *err, size_t errlen)
{
	static const char *const keys[] = {
		"id", "topic", "top", "weight", "text", "why", "how", NULL,
	};
	if (!json_is_object(q)) {
		kb_fail(err, errlen, "question %zu: must be an object", i + 1);
		return -1;
	}
	json_t *idj = json_object_get(q, "id");
	if (!json_is_string(idj)) {
		kb_fail(err, errlen, "question %zu: id is missing or not a string", i + 1);
		return -1;
	}
	const char *id = json_string_value(idj);
	if (!kb_id_valid(id)) {
		kb_fail(err, errlen, "question %zu: id \"%.60s\" is not lower-case kebab-case "
		     "of at most %d characters", i + 1, id, KB_ID_MAX);
		return -1;
	}
	const char *bad = kb_unknown_key(q, keys);
	if (bad) {
		kb_fail(err, errlen, "question \"%s\": unknown key \"%s\"", id, bad);
		return -1;
	}
	for (size_t j = 0; j < i; j++) {
		if (strcmp(l->questions[j].id, id) == 0) {
			kb_fail(err, errlen, "question \"%s\": the id is used twice (questions %zu and %zu)",
			     id, j + 1, i + 1);
			return -1;
		}
	}

	json_t *topic = json_object_get(q, "topic");
	if (!topic) {
		kb_fail(err, errlen, "question \"%s\": topic is missing", id);
		return -1;
	}
	if (!json_is_string(topic)) {
		kb_fail(err, errlen, "question \"%s\": topic must be a string", id);
		return -1;
	}
	int t = topic_index(l, json_string_value(topic));
	if (t < 0) {
		kb_fail(err, errlen, "question \"%s\": unknown topic \"%s\"", id,
		     json_string_value(topic));
		return -1;
	}
	if (i > 0 && (size_t)t < l->questions[i - 1].topic) {
		kb_fail(err, errlen, "question \"%s\": topic \"%s\" comes after \"%s\"; "
		     "questions must follow the order of the topics", id,
		     l->topics[t].id, l->topics[l->questions[i - 1].topic].id);
		return -1;
	}

	json_t *top = json_object_get(q, "top");
	if (!top) {
		kb_fail(err, errlen, "question \"%s\": top is missing", id);
		return -1;
	}
	if (!json_is_boolean(top)) {
		kb_fail(err, errlen, "question \"%s\": top must be true or false", id);
		return -1;
	}

	json_t *weight = json_object_get(q, "weight");
	if (!weight) {
		kb_fail(err, errlen, "question \"%s\": weight is missing", id);
		return -1;
	}
	if (!json_is_integer(weight)) {
		kb_fail(err, errlen, "question \"%s\": weight must be a whole number from 1 to 5", id);
		return -1;
	}
	json_int_t w = json_integer_value(weight);
	if (w < 1 || w > 5) {
		kb_fail(err, errlen, "question \"%s\": weight %lld is outside 1..5", id, (long long)w);
		return -1;
	}

	struct kb_question *out = &l->questions[i];
	static const char *const fields[] = { "text", "why", "how" };
	struct kb_text *texts[] = { &out->text, &out->why, &out->how };
	for (size_t f = 0; f < 3; f++) {
		json_t *obj = json_object_get(q, fields[f]);
		char what[96];
		snprintf(what, sizeof what, "question \"%s\": %s", id, fields[f]);
		if (!obj) {
			kb_fail(err, errlen, "%s is missing", what);
			return -1;
		}
		if (kb_read_text(obj, what, texts[f], err, errlen) != 0)
			return -1;
	}
	out->id = id;
	out->topic = (size_t)t;
	out->top = json_is_true(top);
	out->weight = (int)w;
	l->scoring[i].topic = out->topic;
	l->scoring[i].top = out->top;
	l->scoring[i].weight = out->weight;
	return 0;
}

/* Parses and checks a baseline into a new struct loaded; NULL on error. */
static struct loaded *parse_baseline(const char *text, size_t len,
                                     char *err, size_t errlen)
{
	static const char *const keys[] = { "topics", "questions", NULL };
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		kb_fail(err, errlen, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	struct loaded *l = calloc(1, sizeof *l);
	if (!l) {
		json_decref(root);
		kb_fail(err, errlen, "out of memory");
		return NULL;
	}
	l->root = root;
	if (!json_is_object(root)) {
		kb_fail(err, errlen, "the file must hold one object with \"topics\" and \"questions\"");
		goto error;
	}
	const char *bad = kb_unknown_key(root, keys);
	if (bad) {
		kb_fail(err, errlen, "unknown key \"%s\" (only \"topics\" and \"questions\")", bad);
		goto error;
	}
	json_t *topics = json_object_get(root, "topics");
	if (!topics) {
		kb_fail(err, errlen, "\"topics\" is missing");
		goto error;
	}
	if (read_topics(topics, l, err, errlen) != 0)
		goto error;

	json_t *questions = json_object_get(root, "questions");
	if (!json_is_array(questions)) {
		kb_fail(err, errlen, "\"questions\" is missing or not an array");
		goto error;
	}
	size_t n = json_array_size(questions);
	if (n > BASELINE_MAX_QUESTIONS) {
		kb_fail(err, errlen, "%zu questions: %d to %d are expected", n,
		     BASELINE_MIN_QUESTIONS, BASELINE_MAX_QUESTIONS);
		goto error;
	}
	l->questions = calloc(n ? n : 1, sizeof *l->questions);
	l->scoring = calloc(n ? n : 1, sizeof *l->scoring);
	if (!l->questions || !l->scoring) {
		kb_fail(err, errlen, "out of memory");
		goto error;
	}
	for (size_t i = 0; i < n; i++)
		if (read_question(json_array_get(questions, i), i, l, err, errlen) != 0)
			goto error;
	if (n < BASELINE_MIN_QUESTIONS) {
		kb_fail(err, errlen, "%zu questions: %d to %d are expected", n,
		     BASELINE_MIN_QUESTIONS, BASELINE_MAX_QUESTIONS);
		goto error;
	}

	l->baseline.topics = l->topics;
	l->baseline.topic_count = BASELINE_TOPIC_COUNT;
	l->baseline.questions = l->questions;
	l->baseline.question_count = n;
	l->baseline.scoring = l->scoring;
	return l;
error:
	loaded_free(l);
	return NULL;
}

int kb_load_baseline_text(const char *text, size_t len, char *err, size_t errlen)
{
	if (!text) {
		kb_fail(err, errlen, "no text");
		return -1;
	}
	struct loaded *l = parse_baseline(text, len, err, errlen);
	if (!l)
		return -1;   /* the baseline loaded before, if any, stays */
	loaded_free(current);
	current = l;
	return 0;
}

int kb_load(char *err, size_t errlen)
{
	const struct resource *r = resource_find(BASELINE_PATH);
	if (!r) {
		kb_fail(err, errlen, BASELINE_PATH ": not embedded in this build");
		return -1;
	}
	char why[512];
	if (kb_load_baseline_text((const char *)r->data, r->size, why, sizeof why) != 0) {
		kb_fail(err, errlen, BASELINE_PATH ": %s", why);
		return -1;
	}
	if (kb_risk_load_resources(err, errlen) != 0)
		return -1;
	if (kb_controls_load_resources(err, errlen) != 0)
		return -1;
	return kb_measures_load_resources(err, errlen);
}

const struct kb_baseline *kb_baseline(void)
{
	return current ? &current->baseline : NULL;
}

/* The index of English in i18n_languages. */
static int english_index(void)
{
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++)
		if (strcmp(i18n_languages[i], "en") == 0)
			return i;
	return I18N_LANGUAGE_COUNT - 1;
}

const char *kb_text(const struct kb_text *text, const struct catalog *lang)
{
	if (!text)
		return "";
	int i = i18n_index(lang);
	if (i >= 0 && i < I18N_LANGUAGE_COUNT && text->lang[i])
		return text->lang[i];
	const char *en = text->lang[english_index()];
	return en ? en : "";
}

const struct kb_question *kb_question_find(const char *id, size_t *index)
{
	if (!id || !current)
		return NULL;
	for (size_t i = 0; i < current->baseline.question_count; i++) {
		if (strcmp(current->questions[i].id, id) == 0) {
			if (index)
				*index = i;
			return &current->questions[i];
		}
	}
	return NULL;
}
