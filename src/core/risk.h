/*
 * risk.h - the risk engine (METHOD.md §3): the full method after MONARC
 * (risk = impact × threat likelihood × vulnerability, per criterion C, I,
 * A that the threat hits, the maximum wins), the rudimentary "what if"
 * method (impact × likelihood), levels against an organisation's
 * thresholds, residual risk after treatment, and scales that an
 * organisation may change. Pure computation, fast enough to recompute a
 * million scenarios in well under a second (bench/risk.c).
 *
 * A factor not evaluated yet is RISK_NOT_EVALUATED (-1); a risk with such
 * a factor is itself RISK_NOT_EVALUATED, never 0.
 */
#ifndef RAVELIN_RISK_H
#define RAVELIN_RISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RISK_NOT_EVALUATED (-1)

enum criterion { CRIT_C = 1 << 0, CRIT_I = 1 << 1, CRIT_A = 1 << 2 };

/* A scale's range, e.g. impact 0..4. */
struct risk_scale {
	int min, max;
};

/* An organisation's scales and thresholds (defaults in risk_defaults). */
struct risk_settings {
	struct risk_scale impact;          /* default 0..4 */
	struct risk_scale likelihood;      /* threat likelihood, default 0..4 */
	struct risk_scale vulnerability;   /* default 0..5 */
	int low_max;                       /* value <= low_max is low; default 8 */
	int medium_max;                    /* value <= medium_max is medium; default 27 */
	/* Rudimentary method: impact and likelihood 1..4, risk 1..16. */
	int rudimentary_low_max;           /* default 4 */
	int rudimentary_medium_max;        /* default 9 */
};

void risk_defaults(struct risk_settings *settings);
/* True if the settings are coherent: min <= max for each scale, min >= 0,
 * 0 <= low_max < medium_max, and the same for the rudimentary thresholds.
 * A scale's max must also be <= 127 (INT8_MAX), since a scenario stores
 * its factors as int8_t. */
bool risk_settings_valid(const struct risk_settings *settings);

enum risk_level { LEVEL_NOT_EVALUATED = 0, LEVEL_LOW, LEVEL_MEDIUM, LEVEL_HIGH };

/* One asset-threat-vulnerability scenario of the full method. */
struct risk_scenario {
	int8_t impact[3];        /* C, I, A: on the impact scale, or -1 */
	int8_t likelihood;       /* threat likelihood, or -1 */
	int8_t vulnerability;    /* or -1 */
	uint8_t criteria;        /* enum criterion bits the threat can hit */
};

/* The risk value: max over the hit criteria of impact × likelihood ×
 * vulnerability; RISK_NOT_EVALUATED if a factor it needs is -1 or the
 * threat hits no criterion. Values outside the scales are the caller's
 * business (see risk_scenario_valid). */
int risk_value(const struct risk_scenario *s);
/* True if every evaluated factor lies on its scale (all three impacts,
 * hit or not; -1 is always allowed, any other negative is not) and
 * criteria has no bit other than CRIT_C, CRIT_I, CRIT_A. */
bool risk_scenario_valid(const struct risk_scenario *s, const struct risk_settings *settings);
/* LEVEL_NOT_EVALUATED for any negative value. */
enum risk_level risk_level_of(int value, const struct risk_settings *settings);

/* Residual risk after treatment: max(impact) × likelihood × max(0,
 * vulnerability − reduction) over the hit criteria; 0 when avoided (even
 * if not evaluated: an avoided risk is gone). Otherwise RISK_NOT_EVALUATED
 * exactly when risk_value is. A negative reduction counts as 0. With
 * reduction 0 it equals risk_value. */
int risk_residual(const struct risk_scenario *s, int reduction, bool avoided);

/* Recomputes count scenarios: values[i] = risk_value, levels[i] =
 * risk_level_of. Allocates nothing; the hot path of bench/risk.c. */
void risk_recompute(const struct risk_scenario *scenarios, size_t count,
                    const struct risk_settings *settings, int *values,
                    enum risk_level *levels);

/* Rudimentary method: impact × likelihood, each 1..4 (or -1). A factor
 * outside 1..4 gives RISK_NOT_EVALUATED. */
int risk_rudimentary_value(int impact, int likelihood);
/* LEVEL_NOT_EVALUATED for any negative value. */
enum risk_level risk_rudimentary_level(int value, const struct risk_settings *settings);

/* Impact flowing down from primary assets to a supporting asset: per
 * criterion the highest of the primary impacts (-1 ones ignored), unless
 * the supporting asset sets its own (own[k] != -1 wins, 0 included); -1
 * when neither gives one. own may be NULL (sets nothing); primary may be
 * NULL when primary_count is 0; out may be own. */
void risk_inherit_impact(const int8_t (*primary)[3], size_t primary_count,
                         const int8_t own[3], int8_t out[3]);

/* Maps a value from an old scale onto a new one when an organisation
 * changes a scale: proportional, rounded half up, ends onto ends; -1 stays
 * -1. Never silently out of range: a value outside the old scale is first
 * clamped to it, so the result always lies on the new scale. An old scale
 * of one point maps onto the new min. RISK_NOT_EVALUATED for a negative
 * value or an incoherent scale (min < 0 or min > max). */
int risk_rescale(int value, struct risk_scale from, struct risk_scale to);

#endif
