/*
 * kb.h - the knowledge base that ships with Ravelin (the JSON files in kb/, embedded),
 * loaded once at start-up into read-only structures.
 *
 * Every text exists in the four languages; kb_text picks the one of a
 * catalogue (see i18n.h). The loader refuses a file with a missing
 * language, an unknown topic or a repeated id, so a running server never
 * shows a half-written question.
 */
#ifndef RAVELIN_KB_H
#define RAVELIN_KB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/baseline.h"
#include "i18n/i18n.h"

/* One text in each language, indexed like i18n_languages (nl fr de en). */
struct kb_text {
	const char *lang[I18N_LANGUAGE_COUNT];
};

struct kb_topic {
	const char *id;            /* "updates", "wifi", ... (METHOD.md §1 order) */
	struct kb_text title;
};

struct kb_question {
	const char *id;            /* stable: answers are stored by it, e.g. "upd-auto" */
	size_t topic;              /* index into topics */
	bool top;
	int weight;                /* 1..5 */
	struct kb_text text;       /* the question */
	struct kb_text why;        /* why it matters: one or two sentences */
	struct kb_text how;        /* how to do it: a concrete hint */
};

struct kb_baseline {
	const struct kb_topic *topics;
	size_t topic_count;
	const struct kb_question *questions;   /* in topic order */
	size_t question_count;
	/* The same questions as core/baseline.h needs them, same order. */
	const struct baseline_question *scoring;
};

/* Loads every knowledge-base file from the embedded resources. Returns 0,
 * or -1 with "file: what is wrong" in err. Call once, before threads. */
int kb_load(char *err, size_t errlen);
/* Loads the baseline from JSON text (for tests and the fuzzer): 0 or -1
 * with the reason in err. Replaces what kb_baseline() returns. */
int kb_load_baseline_text(const char *text, size_t len, char *err, size_t errlen);

/* The loaded baseline (NULL before kb_load). */
const struct kb_baseline *kb_baseline(void);

/* The text in the language of lang (English for NULL). */
const char *kb_text(const struct kb_text *text, const struct catalog *lang);

/* The question with this id, or NULL; its index into questions in *index. */
const struct kb_question *kb_question_find(const char *id, size_t *index);

#endif
