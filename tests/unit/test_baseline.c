/*
 * test_baseline.c - unit tests of core/baseline.c: the DIN SPEC 27076
 * style points (+1/0, top +3/-3, partly half, n/a and unanswered left
 * out) per topic and in total, the percentage with half-up rounding and
 * its clamping, the ranking of the action list, and the trend.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/baseline.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct baseline_question NORMAL = {.topic = 0, .top = false, .weight = 3};
static const struct baseline_question TOP = {.topic = 0, .top = true, .weight = 3};

/* Scores one question with one answer. */
static struct baseline_tally score_one(struct baseline_question question,
                                       enum answer answer)
{
	struct baseline_score score;
	baseline_score(&question, &answer, 1, 1, &score);
	/* With one topic, the topic and the total must agree. */
	assert_memory_equal(&score.topics[0], &score.total, sizeof score.total);
	return score.total;
}

static void assert_tally(struct baseline_tally t, int half_points, int half_max,
                         int answered, int unanswered, int gaps)
{
	assert_int_equal(t.half_points, half_points);
	assert_int_equal(t.half_max, half_max);
	assert_int_equal(t.answered, answered);
	assert_int_equal(t.unanswered, unanswered);
	assert_int_equal(t.gaps, gaps);
}

static struct baseline_tally tally_of(int half_points, int half_max)
{
	struct baseline_tally t = {.half_points = half_points, .half_max = half_max};
	return t;
}

static int percent_of(int half_points, int half_max)
{
	struct baseline_tally t = tally_of(half_points, half_max);
	return baseline_percent(&t);
}

/* ---- answer names ------------------------------------------------------------ */

static void test_answer_names_round_trip(void **state)
{
	(void)state;
	static const enum answer all[] = {ANSWER_NONE, ANSWER_YES, ANSWER_PARTLY,
	                                  ANSWER_NO, ANSWER_NA};
	static const char *const names[] = {"", "yes", "partly", "no", "na"};
	for (size_t i = 0; i < COUNT(all); i++) {
		assert_string_equal(answer_name(all[i]), names[i]);
		enum answer parsed = (enum answer)99;
		assert_true(answer_parse(names[i], &parsed));
		assert_int_equal(parsed, all[i]);
	}
	assert_string_equal(answer_name((enum answer)42), "");
}

static void test_answer_parse_refuses_unknown(void **state)
{
	(void)state;
	static const char *const bad[] = {"YES", "Yes", "n/a", "NA", "yes ", " no",
	                                  "partial", "0", "1", "none"};
	for (size_t i = 0; i < COUNT(bad); i++) {
		enum answer parsed = ANSWER_YES;
		if (answer_parse(bad[i], &parsed))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(parsed, ANSWER_YES);
	}
	enum answer parsed = ANSWER_YES;
	assert_false(answer_parse(NULL, &parsed));
}

/* ---- points ---------------------------------------------------------------------- */

static void test_single_ordinary_question(void **state)
{
	(void)state;
	assert_tally(score_one(NORMAL, ANSWER_YES), 2, 2, 1, 0, 0);      /* +1 of 1 */
	assert_tally(score_one(NORMAL, ANSWER_PARTLY), 1, 2, 1, 0, 1);   /* +0.5 */
	assert_tally(score_one(NORMAL, ANSWER_NO), 0, 2, 1, 0, 1);       /* 0 */
	assert_tally(score_one(NORMAL, ANSWER_NA), 0, 0, 1, 0, 0);       /* left out */
	assert_tally(score_one(NORMAL, ANSWER_NONE), 0, 0, 0, 1, 0);
	struct baseline_tally t = score_one(NORMAL, ANSWER_YES);
	assert_int_equal(baseline_percent(&t), 100);
	t = score_one(NORMAL, ANSWER_PARTLY);
	assert_int_equal(baseline_percent(&t), 50);
	t = score_one(NORMAL, ANSWER_NO);
	assert_int_equal(baseline_percent(&t), 0);
	t = score_one(NORMAL, ANSWER_NA);
	assert_int_equal(baseline_percent(&t), -1);
	t = score_one(NORMAL, ANSWER_NONE);
	assert_int_equal(baseline_percent(&t), -1);
}

static void test_single_top_question(void **state)
{
	(void)state;
	assert_tally(score_one(TOP, ANSWER_YES), 6, 6, 1, 0, 0);      /* +3 of 3 */
	assert_tally(score_one(TOP, ANSWER_PARTLY), 3, 6, 1, 0, 1);   /* +1.5 */
	assert_tally(score_one(TOP, ANSWER_NO), -6, 6, 1, 0, 1);      /* -3 */
	assert_tally(score_one(TOP, ANSWER_NA), 0, 0, 1, 0, 0);
	assert_tally(score_one(TOP, ANSWER_NONE), 0, 0, 0, 1, 0);
	struct baseline_tally t = score_one(TOP, ANSWER_PARTLY);
	assert_int_equal(baseline_percent(&t), 50);
	t = score_one(TOP, ANSWER_NO);
	assert_int_equal(baseline_percent(&t), 0);
}

static void test_all_not_applicable(void **state)
{
	(void)state;
	struct baseline_question q[4] = {NORMAL, TOP, NORMAL, TOP};
	q[1].topic = 1;
	q[3].topic = 1;
	enum answer a[4] = {ANSWER_NA, ANSWER_NA, ANSWER_NA, ANSWER_NA};
	struct baseline_score s;
	baseline_score(q, a, 4, 2, &s);
	assert_tally(s.total, 0, 0, 4, 0, 0);
	assert_tally(s.topics[0], 0, 0, 2, 0, 0);
	assert_tally(s.topics[1], 0, 0, 2, 0, 0);
	assert_int_equal(baseline_percent(&s.total), -1);
	assert_int_equal(baseline_percent(&s.topics[1]), -1);
}

static void test_only_unanswered(void **state)
{
	(void)state;
	struct baseline_question q[3] = {NORMAL, TOP, NORMAL};
	enum answer a[3] = {ANSWER_NONE, ANSWER_NONE, ANSWER_NONE};
	struct baseline_score s;
	baseline_score(q, a, 3, 1, &s);
	assert_tally(s.total, 0, 0, 0, 3, 0);
	assert_int_equal(baseline_percent(&s.total), -1);
}

static void test_all_top_failed_is_zero_percent(void **state)
{
	(void)state;
	struct baseline_question q[5] = {TOP, TOP, TOP, TOP, TOP};
	enum answer a[5] = {ANSWER_NO, ANSWER_NO, ANSWER_NO, ANSWER_NO, ANSWER_NO};
	struct baseline_score s;
	baseline_score(q, a, 5, 1, &s);
	assert_tally(s.total, -30, 30, 5, 0, 5);
	assert_int_equal(baseline_percent(&s.total), 0);
	/* One top "yes" among failed tops: still negative, still 0 %. */
	a[0] = ANSWER_YES;
	baseline_score(q, a, 5, 1, &s);
	assert_tally(s.total, -18, 30, 5, 0, 4);
	assert_int_equal(baseline_percent(&s.total), 0);
}

/* Seven questions over three topics, with every kind of answer:
 *   0 topic 0 ordinary yes      +2 / 2
 *   1 topic 0 top      partly   +3 / 6
 *   2 topic 1 ordinary no        0 / 2
 *   3 topic 1 top      yes      +6 / 6
 *   4 topic 2 ordinary n/a       -
 *   5 topic 2 top      none      -
 *   6 topic 0 ordinary partly   +1 / 2
 *   7 topic 1 top      no       -6 / 6
 */
static void test_mixed_answers_per_topic_and_total(void **state)
{
	(void)state;
	struct baseline_question q[8] = {NORMAL, TOP, NORMAL, TOP,
	                                 NORMAL, TOP, NORMAL, TOP};
	q[2].topic = q[3].topic = q[7].topic = 1;
	q[4].topic = q[5].topic = 2;
	enum answer a[8] = {ANSWER_YES, ANSWER_PARTLY, ANSWER_NO, ANSWER_YES,
	                    ANSWER_NA, ANSWER_NONE, ANSWER_PARTLY, ANSWER_NO};
	struct baseline_score s;
	memset(&s, 0x5a, sizeof s);   /* everything must be overwritten */
	baseline_score(q, a, 8, 3, &s);
	assert_int_equal(s.topic_count, 3);
	assert_tally(s.topics[0], 6, 10, 3, 0, 2);
	assert_tally(s.topics[1], 0, 14, 3, 0, 2);
	assert_tally(s.topics[2], 0, 0, 1, 1, 0);
	assert_tally(s.total, 6, 24, 7, 1, 4);
	assert_tally(s.topics[3], 0, 0, 0, 0, 0);
	assert_tally(s.topics[BASELINE_MAX_TOPICS - 1], 0, 0, 0, 0, 0);
	assert_int_equal(baseline_percent(&s.topics[0]), 60);
	assert_int_equal(baseline_percent(&s.topics[1]), 0);
	assert_int_equal(baseline_percent(&s.topics[2]), -1);
	assert_int_equal(baseline_percent(&s.total), 25);
	/* Without the failed top requirement: 12 of 18 half points. */
	baseline_score(q, a, 7, 3, &s);
	assert_tally(s.topics[1], 6, 8, 2, 0, 1);
	assert_int_equal(baseline_percent(&s.topics[1]), 75);
	assert_int_equal(baseline_percent(&s.total), 67);
}

static void test_bad_topic_and_bad_answer(void **state)
{
	(void)state;
	struct baseline_question q[3] = {NORMAL, NORMAL, NORMAL};
	q[1].topic = 5;                       /* beyond topic_count */
	q[2].topic = BASELINE_MAX_TOPICS + 3; /* beyond the array */
	enum answer a[3] = {ANSWER_YES, ANSWER_NO, (enum answer)42};
	struct baseline_score s;
	baseline_score(q, a, 3, 2, &s);
	assert_tally(s.topics[0], 2, 2, 1, 0, 0);
	assert_tally(s.topics[1], 0, 0, 0, 0, 0);
	assert_tally(s.topics[5], 0, 0, 0, 0, 0);   /* beyond topic_count: total only */
	assert_tally(s.total, 2, 4, 2, 1, 1);   /* the corrupt answer: unanswered */
	/* A topic count beyond the array is capped. */
	baseline_score(q, a, 3, BASELINE_MAX_TOPICS + 10, &s);
	assert_int_equal(s.topic_count, BASELINE_MAX_TOPICS);
	assert_tally(s.topics[5], 0, 2, 1, 0, 1);
	baseline_score(q, a, 0, 1, &s);
	assert_tally(s.total, 0, 0, 0, 0, 0);
}

/* ---- percentage --------------------------------------------------------------- */

static void test_percent_rounds_half_up(void **state)
{
	(void)state;
	assert_int_equal(percent_of(1, 8), 13);      /* 12.5 */
	assert_int_equal(percent_of(3, 8), 38);      /* 37.5 */
	assert_int_equal(percent_of(1, 3), 33);      /* 33.33 */
	assert_int_equal(percent_of(2, 3), 67);      /* 66.67 */
	assert_int_equal(percent_of(1, 200), 1);     /* 0.5 */
	assert_int_equal(percent_of(1, 201), 0);     /* 0.4975 */
	assert_int_equal(percent_of(199, 200), 100); /* 99.5 */
	assert_int_equal(percent_of(397, 400), 99);  /* 99.25 */
	assert_int_equal(percent_of(1, 2), 50);
	assert_int_equal(percent_of(INT_MAX / 2, INT_MAX), 50);
	assert_int_equal(percent_of(INT_MAX - 1, INT_MAX), 100);
	assert_int_equal(percent_of(1, INT_MAX), 0);
}

static void test_percent_clamps_and_has_no_maximum(void **state)
{
	(void)state;
	assert_int_equal(percent_of(0, 2), 0);
	assert_int_equal(percent_of(-1, 2), 0);
	assert_int_equal(percent_of(-6, 6), 0);
	assert_int_equal(percent_of(INT_MIN, 6), 0);
	assert_int_equal(percent_of(2, 2), 100);
	assert_int_equal(percent_of(3, 2), 100);
	assert_int_equal(percent_of(INT_MAX, 2), 100);
	assert_int_equal(percent_of(0, 0), -1);
	assert_int_equal(percent_of(5, 0), -1);
	assert_int_equal(percent_of(1, -2), -1);
	assert_int_equal(baseline_percent(NULL), -1);
}

/* Every fraction with a maximum up to 300, against a floating-point
 * reference: an exact half (such as 0.5 or 12.5) is representable, and
 * any other value is at least 1/600 away from a half, far more than the
 * rounding error of one division. */
static void test_percent_matches_reference(void **state)
{
	(void)state;
	for (int max = 1; max <= 300; max++) {
		for (int points = -max; points <= max + 2; points++) {
			double exact = 100.0 * points / max;
			/* Truncation is floor for the values that are not clamped. */
			int want = exact < 0 ? 0 : (int)(exact + 0.5);
			if (want > 100)
				want = 100;
			if (percent_of(points, max) != want)
				fail_msg("%d/%d gave %d, want %d", points, max,
				         percent_of(points, max), want);
		}
	}
}

/* ---- action list -------------------------------------------------------------- */

static void test_gaps_ranking(void **state)
{
	(void)state;
	struct baseline_question q[12] = {
		{.topic = 0, .top = false, .weight = 3},   /*  0 no */
		{.topic = 1, .top = true, .weight = 1},    /*  1 partly */
		{.topic = 0, .top = false, .weight = 5},   /*  2 partly */
		{.topic = 2, .top = false, .weight = 5},   /*  3 no */
		{.topic = 1, .top = false, .weight = 5},   /*  4 no */
		{.topic = 0, .top = false, .weight = 3},   /*  5 no: ties with 0 */
		{.topic = 0, .top = true, .weight = 1},    /*  6 no */
		{.topic = 0, .top = false, .weight = 5},   /*  7 yes: no gap */
		{.topic = 0, .top = true, .weight = 5},    /*  8 n/a: no gap */
		{.topic = 0, .top = true, .weight = 5},    /*  9 unanswered: no gap */
		{.topic = 0, .top = false, .weight = 3},   /* 10 partly */
		{.topic = 3, .top = true, .weight = 5},    /* 11 partly */
	};
	enum answer a[12] = {ANSWER_NO, ANSWER_PARTLY, ANSWER_PARTLY, ANSWER_NO,
	                     ANSWER_NO, ANSWER_NO, ANSWER_NO, ANSWER_YES, ANSWER_NA,
	                     ANSWER_NONE, ANSWER_PARTLY, ANSWER_PARTLY};
	/* Top first (11 outweighs 6 and 1; 6 "no" before 1 "partly"); then
	 * weight 5: "no" before "partly", topic 1 before topic 2; then weight
	 * 3: the tie of 0 and 5 in question order, "partly" last. */
	static const size_t want[] = {11, 6, 1, 4, 3, 2, 0, 5, 10};
	size_t order[12];
	memset(order, 0xff, sizeof order);
	size_t n = baseline_gaps(q, a, 12, order);
	assert_int_equal(n, COUNT(want));
	for (size_t i = 0; i < n; i++) {
		if (order[i] != want[i])
			fail_msg("position %zu: %zu, want %zu", i, order[i], want[i]);
	}
	assert_int_equal(order[n], SIZE_MAX);   /* nothing written beyond */
	/* The gap count agrees with the tally's. */
	struct baseline_score s;
	baseline_score(q, a, 12, 4, &s);
	assert_int_equal(s.total.gaps, (int)n);
}

static void test_gaps_none(void **state)
{
	(void)state;
	struct baseline_question q[3] = {NORMAL, TOP, NORMAL};
	enum answer a[3] = {ANSWER_YES, ANSWER_NA, ANSWER_NONE};
	size_t order[3] = {7, 7, 7};
	assert_int_equal(baseline_gaps(q, a, 3, order), 0);
	assert_int_equal(order[0], 7);
	assert_int_equal(baseline_gaps(q, a, 0, order), 0);
}

/* The test's own ranking key, compared field by field. */
static int rank_compare(const struct baseline_question *q, const enum answer *a,
                        size_t x, size_t y)
{
	if (q[x].top != q[y].top)
		return q[x].top ? -1 : 1;
	if (q[x].weight != q[y].weight)
		return q[x].weight > q[y].weight ? -1 : 1;
	bool x_no = a[x] == ANSWER_NO, y_no = a[y] == ANSWER_NO;
	if (x_no != y_no)
		return x_no ? -1 : 1;
	if (q[x].topic != q[y].topic)
		return q[x].topic < q[y].topic ? -1 : 1;
	return x < y ? -1 : x > y ? 1 : 0;
}

/* Random baselines: the result holds every gap exactly once, and each
 * entry ranks strictly before the next. */
static void test_gaps_random_baselines_are_totally_ordered(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	for (int round = 0; round < 500; round++) {
		enum { N = 60 };
		struct baseline_question q[N];
		enum answer a[N];
		size_t gaps = 0;
		for (size_t i = 0; i < N; i++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t r = seed >> 8;
			q[i].topic = r % 13;
			q[i].top = (r >> 4) % 5 == 0;
			q[i].weight = (int)((r >> 7) % 5) + 1;
			a[i] = (enum answer)((r >> 10) % 5);
			if (a[i] == ANSWER_NO || a[i] == ANSWER_PARTLY)
				gaps++;
		}
		size_t order[N];
		size_t n = baseline_gaps(q, a, N, order);
		assert_int_equal(n, gaps);
		bool seen[N] = {false};
		for (size_t i = 0; i < n; i++) {
			assert_true(order[i] < N);
			assert_false(seen[order[i]]);
			seen[order[i]] = true;
			enum answer answer = a[order[i]];
			assert_true(answer == ANSWER_NO || answer == ANSWER_PARTLY);
			if (i > 0) {
				int rank = rank_compare(q, a, order[i - 1], order[i]);
				assert_true(rank < 0);
			}
		}
	}
}

/* ---- trend --------------------------------------------------------------------- */

static enum trend trend_of(int p1, int m1, int p2, int m2)
{
	struct baseline_tally before = tally_of(p1, m1), now = tally_of(p2, m2);
	return baseline_trend(&before, &now);
}

static void test_trend_by_percentage(void **state)
{
	(void)state;
	assert_int_equal(trend_of(1, 2, 3, 5), TREND_BETTER);   /* 50 → 60 */
	assert_int_equal(trend_of(3, 5, 1, 2), TREND_WORSE);    /* 60 → 50 */
	/* Same points, 50 → 100 %; more points, 50 → 40 %. */
	assert_int_equal(trend_of(4, 8, 4, 4), TREND_BETTER);
	assert_int_equal(trend_of(10, 20, 12, 30), TREND_WORSE);
	assert_int_equal(trend_of(1, 3, 2, 6), TREND_SAME);
	/* 66.67 % and 67 %: both show as 67 %. */
	assert_int_equal(trend_of(2, 3, 134, 200), TREND_SAME);
	assert_int_equal(trend_of(-6, 6, 0, 2), TREND_SAME);    /* 0 % both */
	assert_int_equal(trend_of(0, 0, 1, 2), TREND_NONE);
	assert_int_equal(trend_of(1, 2, 0, 0), TREND_NONE);
	assert_int_equal(trend_of(0, 0, 0, 0), TREND_NONE);
	struct baseline_tally t = tally_of(1, 2);
	assert_int_equal(baseline_trend(NULL, &t), TREND_NONE);
	assert_int_equal(baseline_trend(&t, NULL), TREND_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer_names_round_trip),
		cmocka_unit_test(test_answer_parse_refuses_unknown),
		cmocka_unit_test(test_single_ordinary_question),
		cmocka_unit_test(test_single_top_question),
		cmocka_unit_test(test_all_not_applicable),
		cmocka_unit_test(test_only_unanswered),
		cmocka_unit_test(test_all_top_failed_is_zero_percent),
		cmocka_unit_test(test_mixed_answers_per_topic_and_total),
		cmocka_unit_test(test_bad_topic_and_bad_answer),
		cmocka_unit_test(test_percent_rounds_half_up),
		cmocka_unit_test(test_percent_clamps_and_has_no_maximum),
		cmocka_unit_test(test_percent_matches_reference),
		cmocka_unit_test(test_gaps_ranking),
		cmocka_unit_test(test_gaps_none),
		cmocka_unit_test(test_gaps_random_baselines_are_totally_ordered),
		cmocka_unit_test(test_trend_by_percentage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
