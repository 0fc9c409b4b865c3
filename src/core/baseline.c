/*
 * baseline.c - scoring, ranking of gaps and trend of the baseline
 * self-assessment (see baseline.h and METHOD.md §1).
 *
 * Points are counted in halves so that "partly" (half of "yes") stays an
 * integer: an ordinary requirement is worth 2 half points, a top one 6;
 * a failed top requirement costs 6. Only baseline_percent divides, and
 * it does so in integers with explicit half-up rounding.
 */
#include "core/baseline.h"

#include <stdint.h>
#include <string.h>

#define HALF_POINTS_NORMAL 2   /* +1 */
#define HALF_POINTS_TOP 6      /* +3, or -3 when not fulfilled */

static const char *const answer_names[] = {
	[ANSWER_NONE] = "",
	[ANSWER_YES] = "yes",
	[ANSWER_PARTLY] = "partly",
	[ANSWER_NO] = "no",
	[ANSWER_NA] = "na",
};

/* An enum value outside the list reads as unanswered (""). */
const char *answer_name(enum answer answer)
{
	if ((unsigned)answer > ANSWER_NA)
		return "";
	return answer_names[answer];
}

bool answer_parse(const char *name, enum answer *out)
{
	if (!name)
		return false;
	for (int a = ANSWER_NONE; a <= ANSWER_NA; a++) {
		if (strcmp(name, answer_names[a]) == 0) {
			*out = (enum answer)a;
			return true;
		}
	}
	return false;
}

/* Adds one answer to a tally. A value outside enum answer counts as
 * unanswered, so a corrupt stored answer never scores. */
static void tally_add(struct baseline_tally *tally, bool top, enum answer answer)
{
	int worth = top ? HALF_POINTS_TOP : HALF_POINTS_NORMAL;
	switch (answer) {
	case ANSWER_YES:
		tally->half_points += worth;
		tally->half_max += worth;
		tally->answered++;
		break;
	case ANSWER_PARTLY:
		tally->half_points += worth / 2;
		tally->half_max += worth;
		tally->answered++;
		tally->gaps++;
		break;
	case ANSWER_NO:
		if (top)
			tally->half_points -= worth;
		tally->half_max += worth;
		tally->answered++;
		tally->gaps++;
		break;
	case ANSWER_NA:
		tally->answered++;
		break;
	case ANSWER_NONE:
	default:
		tally->unanswered++;
		break;
	}
}

/* Every question counts in the total; it counts in its topic only when
 * the topic is below topic_count (itself capped at BASELINE_MAX_TOPICS),
 * so a question with a bad topic index cannot write out of bounds. */
void baseline_score(const struct baseline_question *questions,
                    const enum answer *answers, size_t count, size_t topic_count,
                    struct baseline_score *out)
{
	memset(out, 0, sizeof *out);
	if (topic_count > BASELINE_MAX_TOPICS)
		topic_count = BASELINE_MAX_TOPICS;
	out->topic_count = topic_count;
	for (size_t i = 0; i < count; i++) {
		tally_add(&out->total, questions[i].top, answers[i]);
		if (questions[i].topic < topic_count)
			tally_add(&out->topics[questions[i].topic], questions[i].top,
			          answers[i]);
	}
}

/* round(100 * points / max) with halves rounded up, in 64-bit integers:
 * floor((200 * points + max) / (2 * max)). Points at or below zero give
 * 0 and points above the maximum (not possible from baseline_score) 100. */
int baseline_percent(const struct baseline_tally *tally)
{
	if (!tally || tally->half_max <= 0)
		return -1;
	if (tally->half_points <= 0)
		return 0;
	if (tally->half_points >= tally->half_max)
		return 100;
	int64_t points = tally->half_points;
	int64_t max = tally->half_max;
	return (int)((200 * points + max) / (2 * max));
}

static bool is_gap(enum answer answer)
{
	return answer == ANSWER_NO || answer == ANSWER_PARTLY;
}

/* True if gap a ranks before gap b (both are gaps, a != b). The last
 * criterion, the question index, makes the order total: no two gaps
 * rank equal, so the result never depends on the sorting method. */
static bool gap_before(const struct baseline_question *questions,
                       const enum answer *answers, size_t a, size_t b)
{
	const struct baseline_question *qa = &questions[a], *qb = &questions[b];
	if (qa->top != qb->top)
		return qa->top;
	if (qa->weight != qb->weight)
		return qa->weight > qb->weight;
	if (answers[a] != answers[b])
		return answers[a] == ANSWER_NO;
	if (qa->topic != qb->topic)
		return qa->topic < qb->topic;
	return a < b;
}

/* Collects the gaps in question order, then sorts them by insertion:
 * a baseline has some 40-60 questions, and insertion sort needs neither
 * a comparison context (which qsort cannot take) nor memory. */
size_t baseline_gaps(const struct baseline_question *questions,
                     const enum answer *answers, size_t count, size_t *order)
{
	size_t gaps = 0;
	for (size_t i = 0; i < count; i++) {
		if (!is_gap(answers[i]))
			continue;
		size_t at = gaps++;
		while (at > 0 && gap_before(questions, answers, i, order[at - 1])) {
			order[at] = order[at - 1];
			at--;
		}
		order[at] = i;
	}
	return gaps;
}

/* Compares the rounded percentages, the figures the user sees, so that
 * "better" never appears next to two equal numbers. */
enum trend baseline_trend(const struct baseline_tally *before,
                          const struct baseline_tally *now)
{
	int then_percent = baseline_percent(before);
	int now_percent = baseline_percent(now);
	if (then_percent < 0 || now_percent < 0)
		return TREND_NONE;
	if (now_percent > then_percent)
		return TREND_BETTER;
	if (now_percent < then_percent)
		return TREND_WORSE;
	return TREND_SAME;
}
