/*
 * test_risk.c - unit tests of core/risk.c: the risk value per criterion
 * (max wins, not evaluated is never 0, an unevaluated impact on a
 * criterion the threat does not hit does not matter), levels at every
 * threshold of the full (0..80) and rudimentary (1..16) methods, residual
 * risk, impact inherited from primary assets, rescaling between scales,
 * settings and scenario validation, and risk_recompute checked scenario by
 * scenario against an independent per-criterion computation over every
 * combination of factors on the default scales.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/risk.h"

#define NE RISK_NOT_EVALUATED

static struct risk_scenario scenario(int c, int i, int a, int likelihood, int vulnerability,
                                     unsigned criteria)
{
	return (struct risk_scenario){
		.impact = {(int8_t)c, (int8_t)i, (int8_t)a},
		.likelihood = (int8_t)likelihood,
		.vulnerability = (int8_t)vulnerability,
		.criteria = (uint8_t)criteria,
	};
}

static struct risk_settings defaults(void)
{
	struct risk_settings settings;
	memset(&settings, 0x55, sizeof settings);
	risk_defaults(&settings);
	return settings;
}

/* The test's own reading of METHOD.md §3, written per criterion (not via
 * the maximum impact, as risk.c does), so the two check each other. */
static int reference_value(const struct risk_scenario *s, int reduction, bool residual)
{
	int best = NE;
	bool any = false;
	for (int k = 0; k < 3; k++) {
		if (!(s->criteria & (1 << k)))
			continue;
		any = true;
		if (s->impact[k] == -1 || s->likelihood == -1 || s->vulnerability == -1)
			return NE;
		int vulnerability = s->vulnerability;
		if (residual)
			vulnerability = vulnerability - reduction < 0 ? 0 : vulnerability - reduction;
		int value = s->impact[k] * s->likelihood * vulnerability;
		if (value > best)
			best = value;
	}
	return any ? best : NE;
}

/* ---- the struct ------------------------------------------------------------ */

static void test_scenario_is_six_bytes(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct risk_scenario), 6);
}

/* ---- settings -------------------------------------------------------------- */

static void test_defaults(void **state)
{
	(void)state;
	struct risk_settings s = defaults();
	assert_int_equal(s.impact.min, 0);
	assert_int_equal(s.impact.max, 4);
	assert_int_equal(s.likelihood.min, 0);
	assert_int_equal(s.likelihood.max, 4);
	assert_int_equal(s.vulnerability.min, 0);
	assert_int_equal(s.vulnerability.max, 5);
	assert_int_equal(s.low_max, 8);
	assert_int_equal(s.medium_max, 27);
	assert_int_equal(s.rudimentary_low_max, 4);
	assert_int_equal(s.rudimentary_medium_max, 9);
	assert_true(risk_settings_valid(&s));
}

static void test_settings_validation(void **state)
{
	(void)state;
	struct risk_settings s;

	/* Each scale: min <= max (equal allowed), min >= 0, max fits int8_t. */
	struct risk_scale *scales[3];
	s = defaults();
	for (int k = 0; k < 3; k++) {
		s = defaults();
		scales[0] = &s.impact;
		scales[1] = &s.likelihood;
		scales[2] = &s.vulnerability;
		*scales[k] = (struct risk_scale){3, 3};
		assert_true(risk_settings_valid(&s));
		*scales[k] = (struct risk_scale){3, 2};
		assert_false(risk_settings_valid(&s));
		*scales[k] = (struct risk_scale){-1, 4};
		assert_false(risk_settings_valid(&s));
		*scales[k] = (struct risk_scale){0, 127};
		assert_true(risk_settings_valid(&s));
		*scales[k] = (struct risk_scale){0, 128};
		assert_false(risk_settings_valid(&s));
		*scales[k] = (struct risk_scale){1, 10};
		assert_true(risk_settings_valid(&s));
	}

	/* 0 <= low_max < medium_max. */
	s = defaults();
	s.low_max = 0;
	assert_true(risk_settings_valid(&s));
	s.low_max = -1;
	assert_false(risk_settings_valid(&s));
	s = defaults();
	s.low_max = 26;
	assert_true(risk_settings_valid(&s));
	s.low_max = 27;
	assert_false(risk_settings_valid(&s));
	s.low_max = 28;
	assert_false(risk_settings_valid(&s));

	/* The same for the rudimentary thresholds. */
	s = defaults();
	s.rudimentary_low_max = 0;
	assert_true(risk_settings_valid(&s));
	s.rudimentary_low_max = -1;
	assert_false(risk_settings_valid(&s));
	s = defaults();
	s.rudimentary_low_max = 8;
	assert_true(risk_settings_valid(&s));
	s.rudimentary_low_max = 9;
	assert_false(risk_settings_valid(&s));
	s = defaults();
	s.rudimentary_medium_max = 4;
	assert_false(risk_settings_valid(&s));
}

static void test_scenario_validation(void **state)
{
	(void)state;
	struct risk_settings settings = defaults();
	struct risk_scenario s;

	s = scenario(4, 4, 4, 4, 5, CRIT_C | CRIT_I | CRIT_A);
	assert_true(risk_scenario_valid(&s, &settings));
	s = scenario(0, 0, 0, 0, 0, 0);
	assert_true(risk_scenario_valid(&s, &settings));
	s = scenario(-1, -1, -1, -1, -1, CRIT_A);
	assert_true(risk_scenario_valid(&s, &settings));

	/* Each factor one past its scale, and a negative that is not -1. */
	s = scenario(5, 0, 0, 0, 0, CRIT_C);
	assert_false(risk_scenario_valid(&s, &settings));
	s = scenario(0, 5, 0, 0, 0, CRIT_C);
	assert_false(risk_scenario_valid(&s, &settings)); /* not hit, still checked */
	s = scenario(0, 0, 5, 0, 0, CRIT_C);
	assert_false(risk_scenario_valid(&s, &settings));
	s = scenario(0, 0, 0, 5, 0, CRIT_C);
	assert_false(risk_scenario_valid(&s, &settings));
	s = scenario(0, 0, 0, 0, 6, CRIT_C);
	assert_false(risk_scenario_valid(&s, &settings));
	s = scenario(-2, 0, 0, 0, 0, CRIT_C);
	assert_false(risk_scenario_valid(&s, &settings));
	s = scenario(0, 0, 0, 0, -2, CRIT_C);
	assert_false(risk_scenario_valid(&s, &settings));
	/* A criterion bit that does not exist. */
	s = scenario(0, 0, 0, 0, 0, 1 << 3);
	assert_false(risk_scenario_valid(&s, &settings));

	/* Against an organisation's own scale, min included. */
	settings.impact = (struct risk_scale){1, 8};
	s = scenario(8, 1, 1, 0, 0, CRIT_C);
	assert_true(risk_scenario_valid(&s, &settings));
	s = scenario(8, 0, 1, 0, 0, CRIT_C);
	assert_false(risk_scenario_valid(&s, &settings));
}

/* ---- risk value ------------------------------------------------------------- */

static void test_value_per_criterion_max_wins(void **state)
{
	(void)state;
	struct risk_scenario s = scenario(1, 3, 2, 2, 4, CRIT_C | CRIT_I | CRIT_A);
	assert_int_equal(risk_value(&s), 3 * 2 * 4);
	/* Only the criteria the threat hits count. */
	s.criteria = CRIT_C;
	assert_int_equal(risk_value(&s), 1 * 2 * 4);
	s.criteria = CRIT_A;
	assert_int_equal(risk_value(&s), 2 * 2 * 4);
	s.criteria = CRIT_C | CRIT_A;
	assert_int_equal(risk_value(&s), 2 * 2 * 4);
	s.criteria = CRIT_I;
	assert_int_equal(risk_value(&s), 3 * 2 * 4);
	/* The range ends: 0 and 80. */
	s = scenario(4, 4, 4, 4, 5, CRIT_C);
	assert_int_equal(risk_value(&s), 80);
	s = scenario(4, 4, 4, 4, 0, CRIT_C | CRIT_I | CRIT_A);
	assert_int_equal(risk_value(&s), 0);
	s = scenario(0, 0, 0, 4, 5, CRIT_C | CRIT_I | CRIT_A);
	assert_int_equal(risk_value(&s), 0);
	/* A factor beyond the default scales is still multiplied. */
	s = scenario(127, 0, 0, 127, 127, CRIT_C);
	assert_int_equal(risk_value(&s), 127 * 127 * 127);
}

static void test_value_not_evaluated_is_never_zero(void **state)
{
	(void)state;
	struct risk_scenario s;
	/* Each needed factor -1, even when another factor is 0. */
	s = scenario(-1, 4, 4, 4, 5, CRIT_C);
	assert_int_equal(risk_value(&s), NE);
	s = scenario(-1, 4, 4, 4, 0, CRIT_C | CRIT_I);
	assert_int_equal(risk_value(&s), NE);
	s = scenario(0, 4, 4, -1, 5, CRIT_C);
	assert_int_equal(risk_value(&s), NE);
	s = scenario(4, 4, 4, 0, -1, CRIT_A);
	assert_int_equal(risk_value(&s), NE);
	s = scenario(4, -1, 4, 4, 5, CRIT_C | CRIT_I | CRIT_A);
	assert_int_equal(risk_value(&s), NE);
	/* A threat that hits nothing. */
	s = scenario(4, 4, 4, 4, 5, 0);
	assert_int_equal(risk_value(&s), NE);
	s = scenario(4, 4, 4, 4, 5, 1 << 3);
	assert_int_equal(risk_value(&s), NE);
	/* Other negatives are not turned into a negative or zero risk. */
	s = scenario(-3, 4, 4, 4, 5, CRIT_C);
	assert_int_equal(risk_value(&s), NE);
	s = scenario(4, 4, 4, -128, 5, CRIT_C);
	assert_int_equal(risk_value(&s), NE);
}

static void test_value_ignores_impact_not_hit(void **state)
{
	(void)state;
	struct risk_scenario s = scenario(-1, 3, -1, 2, 4, CRIT_I);
	assert_int_equal(risk_value(&s), 24);
	s = scenario(2, -1, -1, 2, 4, CRIT_C);
	assert_int_equal(risk_value(&s), 16);
	s = scenario(-1, -1, 1, 2, 4, CRIT_A | (1 << 5)); /* unknown bits ignored */
	assert_int_equal(risk_value(&s), 8);
}

/* ---- levels ----------------------------------------------------------------- */

static void test_levels_full_method(void **state)
{
	(void)state;
	struct risk_settings s = defaults();
	assert_int_equal(risk_level_of(0, &s), LEVEL_LOW);
	assert_int_equal(risk_level_of(8, &s), LEVEL_LOW);
	assert_int_equal(risk_level_of(9, &s), LEVEL_MEDIUM);
	assert_int_equal(risk_level_of(27, &s), LEVEL_MEDIUM);
	assert_int_equal(risk_level_of(28, &s), LEVEL_HIGH);
	assert_int_equal(risk_level_of(80, &s), LEVEL_HIGH);
	assert_int_equal(risk_level_of(NE, &s), LEVEL_NOT_EVALUATED);
	assert_int_equal(risk_level_of(INT_MIN, &s), LEVEL_NOT_EVALUATED);
	assert_int_equal(risk_level_of(INT_MAX, &s), LEVEL_HIGH);
	/* An organisation's own thresholds. */
	s.low_max = 0;
	s.medium_max = 1;
	assert_int_equal(risk_level_of(0, &s), LEVEL_LOW);
	assert_int_equal(risk_level_of(1, &s), LEVEL_MEDIUM);
	assert_int_equal(risk_level_of(2, &s), LEVEL_HIGH);
}

static void test_levels_rudimentary(void **state)
{
	(void)state;
	struct risk_settings s = defaults();
	assert_int_equal(risk_rudimentary_level(1, &s), LEVEL_LOW);
	assert_int_equal(risk_rudimentary_level(4, &s), LEVEL_LOW);
	assert_int_equal(risk_rudimentary_level(5, &s), LEVEL_MEDIUM);
	assert_int_equal(risk_rudimentary_level(9, &s), LEVEL_MEDIUM);
	assert_int_equal(risk_rudimentary_level(10, &s), LEVEL_HIGH);
	assert_int_equal(risk_rudimentary_level(16, &s), LEVEL_HIGH);
	assert_int_equal(risk_rudimentary_level(NE, &s), LEVEL_NOT_EVALUATED);
	/* The rudimentary thresholds, not the full method's. */
	s.low_max = 100;
	s.medium_max = 200;
	assert_int_equal(risk_rudimentary_level(5, &s), LEVEL_MEDIUM);
	s.rudimentary_low_max = 1;
	s.rudimentary_medium_max = 2;
	assert_int_equal(risk_rudimentary_level(2, &s), LEVEL_MEDIUM);
	assert_int_equal(risk_rudimentary_level(3, &s), LEVEL_HIGH);
	/* And the full method does not use the rudimentary ones. */
	s = defaults();
	s.rudimentary_low_max = 30;
	s.rudimentary_medium_max = 40;
	assert_int_equal(risk_level_of(9, &s), LEVEL_MEDIUM);
	assert_int_equal(risk_level_of(28, &s), LEVEL_HIGH);
}

static void test_rudimentary_value(void **state)
{
	(void)state;
	struct risk_settings settings = defaults();
	for (int impact = 1; impact <= 4; impact++)
		for (int likelihood = 1; likelihood <= 4; likelihood++)
			assert_int_equal(risk_rudimentary_value(impact, likelihood), impact * likelihood);
	assert_int_equal(risk_rudimentary_value(2, 2), 4);
	assert_int_equal(risk_rudimentary_level(risk_rudimentary_value(2, 2), &settings), LEVEL_LOW);
	assert_int_equal(risk_rudimentary_level(risk_rudimentary_value(1, 3), &settings), LEVEL_LOW);
	assert_int_equal(risk_rudimentary_level(risk_rudimentary_value(3, 3), &settings), LEVEL_MEDIUM);
	assert_int_equal(risk_rudimentary_level(risk_rudimentary_value(2, 4), &settings), LEVEL_MEDIUM);
	assert_int_equal(risk_rudimentary_level(risk_rudimentary_value(3, 4), &settings), LEVEL_HIGH);
	/* Not evaluated, and answers off the 1..4 scale, never give a value. */
	assert_int_equal(risk_rudimentary_value(-1, 4), NE);
	assert_int_equal(risk_rudimentary_value(4, -1), NE);
	assert_int_equal(risk_rudimentary_value(-1, -1), NE);
	assert_int_equal(risk_rudimentary_value(0, 4), NE);
	assert_int_equal(risk_rudimentary_value(4, 0), NE);
	assert_int_equal(risk_rudimentary_value(5, 1), NE);
	assert_int_equal(risk_rudimentary_value(1, 5), NE);
	assert_int_equal(risk_rudimentary_value(INT_MAX, INT_MAX), NE);
	assert_int_equal(risk_rudimentary_value(INT_MIN, -1), NE);
}

/* ---- residual --------------------------------------------------------------- */

static void test_residual(void **state)
{
	(void)state;
	struct risk_scenario s = scenario(1, 3, 2, 2, 4, CRIT_C | CRIT_A);
	/* max(impact over hit) = 2 (I is not hit). */
	assert_int_equal(risk_residual(&s, 0, false), 2 * 2 * 4);
	assert_int_equal(risk_residual(&s, 1, false), 2 * 2 * 3);
	assert_int_equal(risk_residual(&s, 3, false), 2 * 2 * 1);
	assert_int_equal(risk_residual(&s, 4, false), 0); /* equal: 0 */
	assert_int_equal(risk_residual(&s, 5, false), 0); /* larger: 0, not negative */
	assert_int_equal(risk_residual(&s, INT_MAX, false), 0);
	/* A negative reduction never raises the risk. */
	assert_int_equal(risk_residual(&s, -1, false), 16);
	assert_int_equal(risk_residual(&s, INT_MIN, false), 16);
	/* Avoided: 0 whatever the reduction. */
	assert_int_equal(risk_residual(&s, 0, true), 0);
	assert_int_equal(risk_residual(&s, 2, true), 0);
	s = scenario(4, 4, 4, 4, 5, CRIT_I);
	assert_int_equal(risk_residual(&s, 0, false), 80);
	assert_int_equal(risk_residual(&s, 2, false), 48);
}

static void test_residual_not_evaluated(void **state)
{
	(void)state;
	struct risk_scenario s;
	s = scenario(-1, 3, 2, 2, 4, CRIT_C | CRIT_A);
	assert_int_equal(risk_residual(&s, 0, false), NE);
	assert_int_equal(risk_residual(&s, 9, false), NE); /* not 0 via the reduction */
	s = scenario(1, 3, 2, -1, 4, CRIT_C);
	assert_int_equal(risk_residual(&s, 9, false), NE);
	s = scenario(1, 3, 2, 2, -1, CRIT_C);
	assert_int_equal(risk_residual(&s, 0, false), NE);
	assert_int_equal(risk_residual(&s, 9, false), NE);
	s = scenario(1, 3, 2, 2, 4, 0);
	assert_int_equal(risk_residual(&s, 0, false), NE);
	/* Not hit: the -1 does not matter. */
	s = scenario(-1, 3, 2, 2, 4, CRIT_I);
	assert_int_equal(risk_residual(&s, 1, false), 3 * 2 * 3);
	/* An avoided risk is gone, evaluated or not (risk.h). */
	s = scenario(-1, -1, -1, -1, -1, CRIT_C);
	assert_int_equal(risk_residual(&s, 0, true), 0);
}

/* ---- every combination against the reference -------------------------------- */

static void test_exhaustive_against_reference(void **state)
{
	(void)state;
	struct risk_settings settings = defaults();
	/* impact -1..4 (×3), likelihood -1..4, vulnerability -1..5, criteria 0..7 */
	size_t count = 6 * 6 * 6 * 6 * 7 * 8;
	struct risk_scenario *all = calloc(count, sizeof *all);
	int *values = calloc(count, sizeof *values);
	enum risk_level *levels = calloc(count, sizeof *levels);
	assert_non_null(all);
	assert_non_null(values);
	assert_non_null(levels);
	size_t n = 0;
	for (int c = -1; c <= 4; c++)
		for (int i = -1; i <= 4; i++)
			for (int a = -1; a <= 4; a++)
				for (int l = -1; l <= 4; l++)
					for (int v = -1; v <= 5; v++)
						for (unsigned k = 0; k < 8; k++)
							all[n++] = scenario(c, i, a, l, v, k);
	assert_int_equal(n, count);
	for (size_t j = 0; j < count; j++) {
		values[j] = 12345;
		levels[j] = (enum risk_level)99;
	}
	risk_recompute(all, count, &settings, values, levels);

	size_t per_level[4] = {0};
	for (size_t j = 0; j < count; j++) {
		int expected = reference_value(&all[j], 0, false);
		assert_int_equal(risk_value(&all[j]), expected);
		assert_int_equal(values[j], expected);
		enum risk_level level = expected == NE ? LEVEL_NOT_EVALUATED
		                        : expected <= 8 ? LEVEL_LOW
		                        : expected <= 27 ? LEVEL_MEDIUM
		                                         : LEVEL_HIGH;
		assert_int_equal(levels[j], level);
		assert_int_equal(risk_level_of(expected, &settings), level);
		per_level[level]++;
		assert_true(risk_scenario_valid(&all[j], &settings));
		for (int reduction = 0; reduction <= 6; reduction++) {
			assert_int_equal(risk_residual(&all[j], reduction, false),
			                 reference_value(&all[j], reduction, true));
			assert_int_equal(risk_residual(&all[j], reduction, true), 0);
		}
	}
	/* Every level occurs, so the comparison above was not vacuous. */
	for (int level = 0; level < 4; level++)
		assert_true(per_level[level] > 0);

	/* A count of zero writes nothing. */
	values[0] = 12345;
	risk_recompute(all, 0, &settings, values, levels);
	assert_int_equal(values[0], 12345);
	free(all);
	free(values);
	free(levels);
}

static void test_recompute_uses_settings(void **state)
{
	(void)state;
	struct risk_settings settings = defaults();
	struct risk_scenario s[4] = {
		scenario(1, 0, 0, 1, 1, CRIT_C),  /* 1 */
		scenario(2, 0, 0, 2, 2, CRIT_C),  /* 8 */
		scenario(2, 0, 0, 2, 3, CRIT_C),  /* 12 */
		scenario(-1, 0, 0, 2, 3, CRIT_C), /* not evaluated */
	};
	int values[4];
	enum risk_level levels[4];
	settings.low_max = 1;
	settings.medium_max = 8;
	risk_recompute(s, 4, &settings, values, levels);
	assert_int_equal(values[0], 1);
	assert_int_equal(values[1], 8);
	assert_int_equal(values[2], 12);
	assert_int_equal(values[3], NE);
	assert_int_equal(levels[0], LEVEL_LOW);
	assert_int_equal(levels[1], LEVEL_MEDIUM);
	assert_int_equal(levels[2], LEVEL_HIGH);
	assert_int_equal(levels[3], LEVEL_NOT_EVALUATED);
}

/* ---- inheritance ------------------------------------------------------------ */

static void test_inherit_highest_primary(void **state)
{
	(void)state;
	const int8_t primary[3][3] = {{1, -1, 2}, {3, 0, -1}, {2, -1, 4}};
	int8_t out[3] = {99, 99, 99};
	const int8_t none[3] = {-1, -1, -1};
	risk_inherit_impact(primary, 3, none, out);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[1], 0); /* the -1 ones ignored, 0 is a value */
	assert_int_equal(out[2], 4);
	/* own == NULL is the same as none set. */
	memset(out, 99, sizeof out);
	risk_inherit_impact(primary, 3, NULL, out);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[1], 0);
	assert_int_equal(out[2], 4);
	/* Order does not matter: the highest is last, first or alone. */
	const int8_t single[1][3] = {{4, 1, 0}};
	risk_inherit_impact(single, 1, none, out);
	assert_int_equal(out[0], 4);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 0);
}

static void test_inherit_own_wins(void **state)
{
	(void)state;
	const int8_t primary[2][3] = {{4, 4, 4}, {3, 3, -1}};
	int8_t out[3];
	/* Own 0 wins over a primary 4: 0 is set, only -1 is not. */
	const int8_t own[3] = {0, -1, 1};
	risk_inherit_impact(primary, 2, own, out);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 4);
	assert_int_equal(out[2], 1);
	/* out may be own. */
	int8_t both[3] = {-1, 2, -1};
	risk_inherit_impact(primary, 2, both, both);
	assert_int_equal(both[0], 4);
	assert_int_equal(both[1], 2);
	assert_int_equal(both[2], 4);
}

static void test_inherit_nothing(void **state)
{
	(void)state;
	int8_t out[3] = {7, 7, 7};
	const int8_t none[3] = {-1, -1, -1};
	risk_inherit_impact(NULL, 0, none, out);
	assert_int_equal(out[0], -1);
	assert_int_equal(out[1], -1);
	assert_int_equal(out[2], -1);
	/* Primaries that evaluated nothing give nothing either. */
	const int8_t unset[2][3] = {{-1, -1, -1}, {-1, 2, -1}};
	risk_inherit_impact(unset, 2, NULL, out);
	assert_int_equal(out[0], -1);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], -1);
	/* No primaries but an own value. */
	const int8_t own[3] = {-1, 3, -1};
	risk_inherit_impact(NULL, 0, own, out);
	assert_int_equal(out[0], -1);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], -1);
}

/* ---- rescaling -------------------------------------------------------------- */

static void test_rescale_doubles(void **state)
{
	(void)state;
	struct risk_scale from = {0, 4}, to = {0, 8};
	for (int v = 0; v <= 4; v++)
		assert_int_equal(risk_rescale(v, from, to), 2 * v);
	/* And back: 0..8 → 0..4 halves, 1 → 0.5 → 1 and 3 → 1.5 → 2 (half up). */
	assert_int_equal(risk_rescale(0, to, from), 0);
	assert_int_equal(risk_rescale(1, to, from), 1);
	assert_int_equal(risk_rescale(2, to, from), 1);
	assert_int_equal(risk_rescale(3, to, from), 2);
	assert_int_equal(risk_rescale(7, to, from), 4);
	assert_int_equal(risk_rescale(8, to, from), 4);
}

static void test_rescale_ends_onto_ends(void **state)
{
	(void)state;
	struct risk_scale from = {0, 4}, to = {1, 4};
	/* 1 + v × 3/4: 1, 1.75, 2.5, 3.25, 4. */
	assert_int_equal(risk_rescale(0, from, to), 1);
	assert_int_equal(risk_rescale(1, from, to), 2);
	assert_int_equal(risk_rescale(2, from, to), 3); /* 2.5 rounds up */
	assert_int_equal(risk_rescale(3, from, to), 3);
	assert_int_equal(risk_rescale(4, from, to), 4);
	/* 1..4 → 0..4: 0, 1.33, 2.67, 4. */
	assert_int_equal(risk_rescale(1, to, from), 0);
	assert_int_equal(risk_rescale(2, to, from), 1);
	assert_int_equal(risk_rescale(3, to, from), 3);
	assert_int_equal(risk_rescale(4, to, from), 4);
	/* Same scale: identity. */
	for (int v = 0; v <= 5; v++)
		assert_int_equal(risk_rescale(v, (struct risk_scale){0, 5}, (struct risk_scale){0, 5}), v);
	/* 0..5 → 0..4: v × 0.8 = 0, 0.8, 1.6, 2.4, 3.2, 4. */
	const int expected[6] = {0, 1, 2, 2, 3, 4};
	for (int v = 0; v <= 5; v++)
		assert_int_equal(risk_rescale(v, (struct risk_scale){0, 5}, (struct risk_scale){0, 4}),
		                 expected[v]);
}

static void test_rescale_not_evaluated_and_out_of_range(void **state)
{
	(void)state;
	struct risk_scale from = {0, 4}, to = {1, 4};
	assert_int_equal(risk_rescale(-1, from, to), -1);
	assert_int_equal(risk_rescale(INT_MIN, from, to), -1);
	/* Off the old scale: clamped, never off the new one. */
	assert_int_equal(risk_rescale(5, from, to), 4);
	assert_int_equal(risk_rescale(INT_MAX, from, to), 4);
	assert_int_equal(risk_rescale(0, (struct risk_scale){1, 4}, (struct risk_scale){0, 8}), 0);
	/* Incoherent scales are flagged, not guessed. */
	assert_int_equal(risk_rescale(2, (struct risk_scale){4, 0}, to), -1);
	assert_int_equal(risk_rescale(2, from, (struct risk_scale){4, 1}), -1);
	assert_int_equal(risk_rescale(2, (struct risk_scale){-1, 4}, to), -1);
	assert_int_equal(risk_rescale(2, from, (struct risk_scale){-2, 4}), -1);
	/* A one-point scale: onto the new min, and from anything onto it. */
	assert_int_equal(risk_rescale(3, (struct risk_scale){3, 3}, to), 1);
	assert_int_equal(risk_rescale(0, from, (struct risk_scale){2, 2}), 2);
	assert_int_equal(risk_rescale(4, from, (struct risk_scale){2, 2}), 2);
	/* Huge scales: no overflow, ends onto ends, middle half up. */
	struct risk_scale big = {0, INT_MAX};
	assert_int_equal(risk_rescale(INT_MAX, big, big), INT_MAX);
	assert_int_equal(risk_rescale(INT_MAX, big, from), 4);
	assert_int_equal(risk_rescale(4, from, big), INT_MAX);
	assert_int_equal(risk_rescale(2, from, big), INT_MAX / 2 + 1); /* 1073741823.5 up */
}

static void test_rescale_always_in_range(void **state)
{
	(void)state;
	/* Every pair of small scales and every value on and around the old
	 * one: in range, ends onto ends, never decreasing, and equal to the
	 * rounding done in floating point. */
	for (int fmin = 0; fmin <= 5; fmin++)
		for (int fmax = fmin; fmax <= 10; fmax++)
			for (int tmin = 0; tmin <= 5; tmin++)
				for (int tmax = tmin; tmax <= 10; tmax++) {
					struct risk_scale from = {fmin, fmax}, to = {tmin, tmax};
					int previous = -1;
					for (int v = 0; v <= 12; v++) {
						int r = risk_rescale(v, from, to);
						assert_in_range(r, tmin, tmax);
						assert_true(r >= previous);
						previous = r;
						if (v < fmin || v > fmax || fmin == fmax)
							continue;
						double exact = tmin + (double)(v - fmin) * (tmax - tmin) / (fmax - fmin);
						int rounded = (int)(exact + 0.5);
						/* exact halves are representable; no fudge needed */
						assert_int_equal(r, rounded);
					}
					if (fmin < fmax) {
						assert_int_equal(risk_rescale(fmin, from, to), tmin);
						assert_int_equal(risk_rescale(fmax, from, to), tmax);
					}
				}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_is_six_bytes),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_settings_validation),
		cmocka_unit_test(test_scenario_validation),
		cmocka_unit_test(test_value_per_criterion_max_wins),
		cmocka_unit_test(test_value_not_evaluated_is_never_zero),
		cmocka_unit_test(test_value_ignores_impact_not_hit),
		cmocka_unit_test(test_levels_full_method),
		cmocka_unit_test(test_levels_rudimentary),
		cmocka_unit_test(test_rudimentary_value),
		cmocka_unit_test(test_residual),
		cmocka_unit_test(test_residual_not_evaluated),
		cmocka_unit_test(test_exhaustive_against_reference),
		cmocka_unit_test(test_recompute_uses_settings),
		cmocka_unit_test(test_inherit_highest_primary),
		cmocka_unit_test(test_inherit_own_wins),
		cmocka_unit_test(test_inherit_nothing),
		cmocka_unit_test(test_rescale_doubles),
		cmocka_unit_test(test_rescale_ends_onto_ends),
		cmocka_unit_test(test_rescale_not_evaluated_and_out_of_range),
		cmocka_unit_test(test_rescale_always_in_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
