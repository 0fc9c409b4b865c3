/*
 * risk.c - the risk engine (see risk.h and METHOD.md §3): risk values of
 * the full method and of the rudimentary method, their levels against an
 * organisation's thresholds, residual risk, impact inherited from primary
 * assets, and rescaling when an organisation changes a scale.
 *
 * Everything here is pure arithmetic on small integers. A factor that is
 * negative is "not evaluated" (the interface only ever stores -1, but an
 * out-of-range negative must not turn into a negative or zero risk), and
 * a risk with such a factor is RISK_NOT_EVALUATED, never 0.
 *
 * risk_recompute is the one hot path (a million scenarios in the
 * benchmark, bench/risk.c): it reads the thresholds once, allocates
 * nothing and divides nothing.
 */
#include "core/risk.h"

#include <limits.h>

#define CRIT_ALL (CRIT_C | CRIT_I | CRIT_A)

void risk_defaults(struct risk_settings *settings)
{
	*settings = (struct risk_settings){
		.impact = {0, 4},
		.likelihood = {0, 4},
		.vulnerability = {0, 5},
		.low_max = 8,
		.medium_max = 27,
		.rudimentary_low_max = 4,
		.rudimentary_medium_max = 9,
	};
}

/* A scale of the full method: its values must fit a scenario's int8_t. */
static bool scale_valid(struct risk_scale scale)
{
	return scale.min >= 0 && scale.min <= scale.max && scale.max <= INT8_MAX;
}

bool risk_settings_valid(const struct risk_settings *settings)
{
	return scale_valid(settings->impact) && scale_valid(settings->likelihood) &&
	       scale_valid(settings->vulnerability) && settings->low_max >= 0 &&
	       settings->low_max < settings->medium_max &&
	       settings->rudimentary_low_max >= 0 &&
	       settings->rudimentary_low_max < settings->rudimentary_medium_max;
}

/*
 * The highest impact over the criteria the threat hits, or
 * RISK_NOT_EVALUATED if it hits none or one of them is not evaluated.
 * Impacts of criteria the threat does not hit are never looked at.
 */
static inline int max_hit_impact(const struct risk_scenario *s)
{
	unsigned criteria = s->criteria & CRIT_ALL;
	int highest = RISK_NOT_EVALUATED;
	for (int k = 0; k < 3; k++) {
		if (!(criteria & (1u << k)))
			continue;
		if (s->impact[k] < 0)
			return RISK_NOT_EVALUATED;
		if (s->impact[k] > highest)
			highest = s->impact[k];
	}
	return highest;
}

/*
 * max over hit criteria of impact × likelihood × vulnerability equals
 * (max impact) × likelihood × vulnerability, because the other two
 * factors are the same for every criterion and not negative.
 */
int risk_value(const struct risk_scenario *s)
{
	int impact = max_hit_impact(s);
	if (impact < 0 || s->likelihood < 0 || s->vulnerability < 0)
		return RISK_NOT_EVALUATED;
	return impact * s->likelihood * s->vulnerability;
}

/* An evaluated factor on its scale; -1 is fine, any other negative not. */
static bool factor_valid(int value, struct risk_scale scale)
{
	return value == RISK_NOT_EVALUATED || (value >= scale.min && value <= scale.max);
}

bool risk_scenario_valid(const struct risk_scenario *s, const struct risk_settings *settings)
{
	if (s->criteria & ~CRIT_ALL)
		return false;
	for (int k = 0; k < 3; k++)
		if (!factor_valid(s->impact[k], settings->impact))
			return false;
	return factor_valid(s->likelihood, settings->likelihood) &&
	       factor_valid(s->vulnerability, settings->vulnerability);
}

enum risk_level risk_level_of(int value, const struct risk_settings *settings)
{
	if (value < 0)
		return LEVEL_NOT_EVALUATED;
	if (value <= settings->low_max)
		return LEVEL_LOW;
	if (value <= settings->medium_max)
		return LEVEL_MEDIUM;
	return LEVEL_HIGH;
}

int risk_residual(const struct risk_scenario *s, int reduction, bool avoided)
{
	if (avoided)
		return 0;
	int impact = max_hit_impact(s);
	if (impact < 0 || s->likelihood < 0 || s->vulnerability < 0)
		return RISK_NOT_EVALUATED;
	/* A measure never makes a vulnerability worse. Compared, not
	 * subtracted, so that no reduction can overflow. */
	if (reduction < 0)
		reduction = 0;
	int remaining = reduction >= s->vulnerability ? 0 : s->vulnerability - reduction;
	return impact * s->likelihood * remaining;
}

/*
 * Written without branches on the data: with random scenarios the
 * criteria and the not-evaluated factors are unpredictable, and a
 * mispredicted branch costs more than the whole computation. Same
 * results as risk_value and risk_level_of (the unit test checks every
 * combination of factors on the default scales).
 */
void risk_recompute(const struct risk_scenario *scenarios, size_t count,
                    const struct risk_settings *settings, int *values,
                    enum risk_level *levels)
{
	const int low_max = settings->low_max;
	const int medium_max = settings->medium_max;
	for (size_t i = 0; i < count; i++) {
		const struct risk_scenario *s = &scenarios[i];
		unsigned criteria = s->criteria & CRIT_ALL;
		int highest = 0;
		int unevaluated = criteria == 0;
		for (int k = 0; k < 3; k++) {
			int hit = (criteria >> k) & 1;
			int impact = s->impact[k];
			unevaluated |= hit & (impact < 0);
			int candidate = hit ? impact : 0;
			highest = candidate > highest ? candidate : highest;
		}
		unevaluated |= (s->likelihood < 0) | (s->vulnerability < 0);
		int value = unevaluated ? RISK_NOT_EVALUATED
		                        : highest * s->likelihood * s->vulnerability;
		int level = (value >= 0) * (LEVEL_LOW + (value > low_max) + (value > medium_max));
		values[i] = value;
		levels[i] = (enum risk_level)level;
	}
}

int risk_rudimentary_value(int impact, int likelihood)
{
	if (impact < 1 || impact > 4 || likelihood < 1 || likelihood > 4)
		return RISK_NOT_EVALUATED;
	return impact * likelihood;
}

enum risk_level risk_rudimentary_level(int value, const struct risk_settings *settings)
{
	if (value < 0)
		return LEVEL_NOT_EVALUATED;
	if (value <= settings->rudimentary_low_max)
		return LEVEL_LOW;
	if (value <= settings->rudimentary_medium_max)
		return LEVEL_MEDIUM;
	return LEVEL_HIGH;
}

void risk_inherit_impact(const int8_t (*primary)[3], size_t primary_count,
                         const int8_t own[3], int8_t out[3])
{
	for (int k = 0; k < 3; k++) {
		if (own && own[k] >= 0) {
			out[k] = own[k];
			continue;
		}
		int8_t highest = RISK_NOT_EVALUATED;
		for (size_t i = 0; i < primary_count; i++)
			if (primary[i][k] > highest)
				highest = primary[i][k];
		out[k] = highest;
	}
}

int risk_rescale(int value, struct risk_scale from, struct risk_scale to)
{
	if (value < 0 || from.min < 0 || from.min > from.max || to.min < 0 || to.min > to.max)
		return RISK_NOT_EVALUATED;
	if (value < from.min)
		value = from.min;
	if (value > from.max)
		value = from.max;
	if (from.min == from.max)
		return to.min;
	/* to.min + (value − from.min) × (to span) / (from span), rounded half
	 * up: floor((2 × numerator + span) / (2 × span)). Everything is
	 * non-negative and below 2^63 in 64 unsigned bits. */
	uint64_t numerator = (uint64_t)(value - from.min) * (uint64_t)(to.max - to.min);
	uint64_t span = (uint64_t)(from.max - from.min);
	return to.min + (int)((2 * numerator + span) / (2 * span));
}
