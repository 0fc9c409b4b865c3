/*
 * baseline.h - scoring of the baseline self-assessment ("Onderneming 1.0"),
 * after DIN SPEC 27076 (METHOD.md §1).
 *
 * A fulfilled requirement scores +1, an unfulfilled one 0; a requirement
 * marked top scores +3 when fulfilled and -3 when not; "partly" scores
 * half of what "yes" would (+0.5, or +1.5 for a top requirement); "not
 * applicable" and unanswered questions count in neither the score nor
 * the maximum. Points are kept in halves (integers) so that no rounding
 * ever enters a score. Pure computation: the questions themselves live in
 * the knowledge base (src/kb).
 */
#ifndef RAVELIN_BASELINE_H
#define RAVELIN_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#define BASELINE_MAX_TOPICS 16

enum answer {
	ANSWER_NONE = 0,   /* not answered yet */
	ANSWER_YES,
	ANSWER_PARTLY,
	ANSWER_NO,
	ANSWER_NA,         /* not applicable */
};

/* "yes", "partly", "no", "na"; "" for ANSWER_NONE. */
const char *answer_name(enum answer answer);
/* Parses those names ("" → ANSWER_NONE); false if unknown. */
bool answer_parse(const char *name, enum answer *out);

/* What scoring needs to know of a question. */
struct baseline_question {
	size_t topic;      /* index of its topic, < BASELINE_MAX_TOPICS */
	bool top;          /* a top requirement: +3 / -3 */
	int weight;        /* 1..5: rank in the action list (higher first) */
};

struct baseline_tally {
	int half_points;   /* may be negative (failed top requirements) */
	int half_max;      /* reachable maximum; 0 when nothing counts */
	int answered;      /* yes, partly, no, or n/a */
	int unanswered;
	int gaps;          /* answered no or partly */
};

struct baseline_score {
	struct baseline_tally total;
	struct baseline_tally topics[BASELINE_MAX_TOPICS];
	size_t topic_count;
};

/* Scores answers[i] to questions[i] for i < count. Every question counts
 * in the total; it counts in out->topics[topic] only if its topic is below
 * topic_count (capped at BASELINE_MAX_TOPICS). A value that is no enum
 * answer counts as unanswered. */
void baseline_score(const struct baseline_question *questions,
                    const enum answer *answers, size_t count, size_t topic_count,
                    struct baseline_score *out);

/* The tally as a percentage of its reachable maximum, rounded to the
 * nearest whole number and kept within 0..100 (a negative score shows as
 * 0 %); -1 when the maximum is 0 (nothing applicable answered yet).
 * An exact half rounds up: 1 of 8 half points (12.5 %) is 13 %. */
int baseline_percent(const struct baseline_tally *tally);

/* Writes into order the indexes of the questions answered no or partly,
 * ranked: top requirements first, then higher weight, then "no" before
 * "partly", then topic order, then question order. Returns how many. order
 * must have room for count entries. */
size_t baseline_gaps(const struct baseline_question *questions,
                     const enum answer *answers, size_t count, size_t *order);

enum trend { TREND_NONE, TREND_BETTER, TREND_SAME, TREND_WORSE };

/* Compares two tallies by their rounded percentages, the figures shown
 * (TREND_NONE if either has none): 66.4 % then 66.2 % is TREND_SAME. */
enum trend baseline_trend(const struct baseline_tally *before,
                          const struct baseline_tally *now);

#endif
