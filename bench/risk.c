/*
 * risk.c - benchmark of the risk engine (core/risk.c): recomputes the
 * value and level of 1,000,000 risk scenarios, as when an organisation
 * changes its thresholds, and prints the best and median of 5 timed runs.
 *
 * The scenarios come from a fixed-seed PRNG (splitmix64), so every run on
 * every machine computes the same thing: factors on the default scales,
 * about 5 % of them with one factor not evaluated (-1), and threats
 * hitting one to three criteria. The counts per level are printed (and
 * checked to be the same in every run), so the compiler cannot drop the
 * work, and they double as a check that the scenarios are what we think.
 *
 * Target (PRODUCT.md): <= 0.5 s on one core. Exit status 0 when it
 * measured, 1 when it could not (out of memory, clock, runs disagree).
 * See bench/README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/risk.h"

#define SCENARIOS 1000000
#define RUNS 5
#define SEED UINT64_C(0x524156454c494e21) /* "RAVELIN!" */

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A value on min..max; the tiny modulo bias does not matter here. */
static int8_t on_scale(uint64_t *state, struct risk_scale scale)
{
	return (int8_t)(scale.min + (int)(next_random(state) % (uint64_t)(scale.max - scale.min + 1)));
}

static void generate(struct risk_scenario *scenarios, size_t count,
                     const struct risk_settings *settings)
{
	uint64_t state = SEED;
	for (size_t i = 0; i < count; i++) {
		struct risk_scenario *s = &scenarios[i];
		for (int k = 0; k < 3; k++)
			s->impact[k] = on_scale(&state, settings->impact);
		s->likelihood = on_scale(&state, settings->likelihood);
		s->vulnerability = on_scale(&state, settings->vulnerability);
		s->criteria = (uint8_t)(1 + next_random(&state) % 7); /* C, I, A: 1..7 */
		/* About 1 in 20 has one factor not evaluated (some of them an
		 * impact the threat does not hit, which then does not matter). */
		uint64_t r = next_random(&state) % 100;
		if (r < 5) {
			switch (r) {
			case 0: s->likelihood = RISK_NOT_EVALUATED; break;
			case 1: s->vulnerability = RISK_NOT_EVALUATED; break;
			default: s->impact[r - 2] = RISK_NOT_EVALUATED; break;
			}
		}
	}
}

static double elapsed_ms(const struct timespec *start, const struct timespec *end)
{
	return (double)(end->tv_sec - start->tv_sec) * 1e3 +
	       (double)(end->tv_nsec - start->tv_nsec) / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	struct risk_settings settings;
	risk_defaults(&settings);
	struct risk_scenario *scenarios = malloc(SCENARIOS * sizeof *scenarios);
	int *values = malloc(SCENARIOS * sizeof *values);
	enum risk_level *levels = malloc(SCENARIOS * sizeof *levels);
	if (!scenarios || !values || !levels) {
		fprintf(stderr, "bench_risk: out of memory\n");
		return 1;
	}
	generate(scenarios, SCENARIOS, &settings);

	double ms[RUNS];
	size_t first_counts[4] = {0};
	long long first_sum = 0;
	for (int run = 0; run < RUNS; run++) {
		struct timespec start, end;
		if (clock_gettime(CLOCK_MONOTONIC, &start) != 0) {
			perror("bench_risk: clock_gettime");
			return 1;
		}
		risk_recompute(scenarios, SCENARIOS, &settings, values, levels);
		if (clock_gettime(CLOCK_MONOTONIC, &end) != 0) {
			perror("bench_risk: clock_gettime");
			return 1;
		}
		ms[run] = elapsed_ms(&start, &end);

		/* Untimed: read every result, and check each run agrees. */
		size_t counts[4] = {0};
		long long sum = 0;
		for (size_t i = 0; i < SCENARIOS; i++) {
			counts[levels[i]]++;
			sum += values[i];
		}
		if (run == 0) {
			for (int l = 0; l < 4; l++)
				first_counts[l] = counts[l];
			first_sum = sum;
		} else if (sum != first_sum || counts[0] != first_counts[0] ||
		           counts[1] != first_counts[1] || counts[2] != first_counts[2] ||
		           counts[3] != first_counts[3]) {
			fprintf(stderr, "bench_risk: run %d disagrees with run 1\n", run + 1);
			return 1;
		}
	}
	qsort(ms, RUNS, sizeof ms[0], compare_doubles);

	printf("risk_recompute: %d scenarios, %d runs\n", SCENARIOS, RUNS);
	printf("best   %.3f ms\n", ms[0]);
	printf("median %.3f ms\n", ms[RUNS / 2]);
	printf("target 500 ms (PRODUCT.md): %s\n", ms[RUNS / 2] <= 500.0 ? "met" : "NOT met");
	printf("levels: not evaluated %zu, low %zu, medium %zu, high %zu (sum of values %lld)\n",
	       first_counts[LEVEL_NOT_EVALUATED], first_counts[LEVEL_LOW],
	       first_counts[LEVEL_MEDIUM], first_counts[LEVEL_HIGH], first_sum);
	free(scenarios);
	free(values);
	free(levels);
	return 0;
}
