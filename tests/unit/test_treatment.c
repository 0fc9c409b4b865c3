/*
 * test_treatment.c - unit tests of core/treatment.c (METHOD.md §4): the
 * residual risk of each decision (avoid 0, transfer kept and shared,
 * reduction floored at 0), the reductions of planned, done and cancelled
 * measures, the check of a reduction against the vulnerability at its
 * boundaries, the current vulnerability once measures are done, and the
 * acceptance sign-off proposed → accepted → revoked.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/treatment.h"

#define NE RISK_NOT_EVALUATED

/* Impacts C 3, I 2, A 4; likelihood 3; vulnerability 4; the threat hits
 * C and I, so the highest impact it reaches is 3: value 3 × 3 × 4 = 36. */
static struct risk_scenario sample(void)
{
	return (struct risk_scenario){.impact = {3, 2, 4}, .likelihood = 3, .vulnerability = 4,
	                              .criteria = CRIT_C | CRIT_I};
}

static void test_names(void **state)
{
	(void)state;
	enum decision d;
	assert_true(decision_parse("reduce", &d));
	assert_int_equal(d, DECISION_REDUCE);
	assert_true(decision_parse("transfer", &d));
	assert_int_equal(d, DECISION_TRANSFER);
	assert_true(decision_parse("", &d));
	assert_int_equal(d, DECISION_NONE);
	assert_false(decision_parse("ignore", &d));
	assert_false(decision_parse(NULL, &d));
	enum acceptance a;
	assert_true(acceptance_parse("revoked", &a));
	assert_int_equal(a, ACCEPTANCE_REVOKED);
	assert_false(acceptance_parse("signed", &a));
}

static void test_reductions(void **state)
{
	(void)state;
	const struct chosen_measure m[] = {
		{2, MEASURE_DONE}, {1, MEASURE_PLANNED}, {3, MEASURE_CANCELLED},
		{1, MEASURE_IN_PROGRESS}, {-2, MEASURE_DONE},
	};
	int planned, done;
	treatment_reductions(m, 5, &planned, &done);
	assert_int_equal(planned, 4);   /* 2 + 1 + 1; cancelled and negative left out */
	assert_int_equal(done, 2);
	treatment_reductions(NULL, 0, &planned, &done);
	assert_int_equal(planned, 0);
	assert_int_equal(done, 0);
	const struct chosen_measure huge[] = {{INT_MAX, MEASURE_DONE}, {INT_MAX, MEASURE_DONE}};
	treatment_reductions(huge, 2, &planned, &done);
	assert_int_equal(done, INT_MAX);   /* saturates, never wraps */
}

static void test_check_boundaries(void **state)
{
	(void)state;
	assert_int_equal(treatment_check(4, 0), TREATMENT_OK);
	assert_int_equal(treatment_check(4, 4), TREATMENT_OK);          /* down to 0 */
	assert_int_equal(treatment_check(4, 5), TREATMENT_TOO_LARGE);   /* one too many */
	assert_int_equal(treatment_check(0, 1), TREATMENT_TOO_LARGE);
	assert_int_equal(treatment_check(0, 0), TREATMENT_OK);
	assert_int_equal(treatment_check(4, -1), TREATMENT_NEGATIVE);
	assert_int_equal(treatment_check(NE, 1), TREATMENT_NOT_EVALUATED);
	assert_int_equal(treatment_check(NE, 0), TREATMENT_OK);
}

static void test_current_vulnerability(void **state)
{
	(void)state;
	assert_int_equal(treatment_current_vulnerability(4, 0), 4);
	assert_int_equal(treatment_current_vulnerability(4, 1), 3);
	assert_int_equal(treatment_current_vulnerability(4, 4), 0);
	assert_int_equal(treatment_current_vulnerability(4, 9), 0);   /* floored at 0 */
	assert_int_equal(treatment_current_vulnerability(4, -3), 4);
	assert_int_equal(treatment_current_vulnerability(NE, 2), NE);
}

static void test_decisions(void **state)
{
	(void)state;
	struct risk_scenario s = sample();
	struct treatment_result r = treatment_evaluate(&s, DECISION_NONE, 0, 0);
	assert_int_equal(r.current, 36);
	assert_int_equal(r.targeted, 36);
	assert_false(r.shared);
	/* Reduce by 3 levels, 1 done: current 3 × 3 × 3, targeted 3 × 3 × 1. */
	r = treatment_evaluate(&s, DECISION_REDUCE, 3, 1);
	assert_int_equal(r.current, 27);
	assert_int_equal(r.targeted, 9);
	/* Reduction to exactly 0, and beyond: floored at 0. */
	assert_int_equal(treatment_evaluate(&s, DECISION_REDUCE, 4, 0).targeted, 0);
	assert_int_equal(treatment_evaluate(&s, DECISION_REDUCE, 7, 0).targeted, 0);
	/* Avoid: 0, whatever the factors. */
	r = treatment_evaluate(&s, DECISION_AVOID, 0, 0);
	assert_int_equal(r.targeted, 0);
	assert_int_equal(r.current, 36);
	struct risk_scenario unknown = s;
	unknown.likelihood = NE;
	assert_int_equal(treatment_evaluate(&unknown, DECISION_AVOID, 0, 0).targeted, 0);
	assert_int_equal(treatment_evaluate(&unknown, DECISION_REDUCE, 1, 0).targeted, NE);
	/* Transfer keeps the value, shared. */
	r = treatment_evaluate(&s, DECISION_TRANSFER, 0, 0);
	assert_int_equal(r.targeted, 36);
	assert_true(r.shared);
	/* Accept keeps the value, not shared; done measures still count. */
	r = treatment_evaluate(&s, DECISION_ACCEPT, 2, 2);
	assert_int_equal(r.current, 18);
	assert_int_equal(r.targeted, 18);
	assert_false(r.shared);
}

static void test_acceptance(void **state)
{
	(void)state;
	enum acceptance next = ACCEPTANCE_NONE;
	/* Proposing needs a justification; anyone who may edit proposes. */
	assert_int_equal(acceptance_step(ACCEPTANCE_NONE, STEP_PROPOSE, false, false, &next),
	                 ACCEPTANCE_NEEDS_JUSTIFICATION);
	assert_int_equal(acceptance_step(ACCEPTANCE_NONE, STEP_PROPOSE, false, true, &next),
	                 ACCEPTANCE_ALLOWED);
	assert_int_equal(next, ACCEPTANCE_PROPOSED);
	/* Only an owner signs, and only what is proposed. */
	assert_int_equal(acceptance_step(ACCEPTANCE_PROPOSED, STEP_SIGN, false, true, &next),
	                 ACCEPTANCE_NEEDS_OWNER);
	assert_int_equal(acceptance_step(ACCEPTANCE_NONE, STEP_SIGN, true, true, &next),
	                 ACCEPTANCE_WRONG_STATE);
	assert_int_equal(acceptance_step(ACCEPTANCE_REVOKED, STEP_SIGN, true, true, &next),
	                 ACCEPTANCE_WRONG_STATE);
	/* Until it is signed, a proposal may be proposed again (a new reason). */
	assert_int_equal(acceptance_step(ACCEPTANCE_PROPOSED, STEP_PROPOSE, false, true, &next),
	                 ACCEPTANCE_ALLOWED);
	assert_int_equal(next, ACCEPTANCE_PROPOSED);
	assert_int_equal(acceptance_step(ACCEPTANCE_PROPOSED, STEP_PROPOSE, false, false, &next),
	                 ACCEPTANCE_NEEDS_JUSTIFICATION);
	assert_int_equal(acceptance_step(ACCEPTANCE_PROPOSED, STEP_SIGN, true, true, &next),
	                 ACCEPTANCE_ALLOWED);
	assert_int_equal(next, ACCEPTANCE_ACCEPTED);
	/* Accepted: not proposed again, not signed twice; an owner revokes. */
	assert_int_equal(acceptance_step(ACCEPTANCE_ACCEPTED, STEP_PROPOSE, true, true, &next),
	                 ACCEPTANCE_WRONG_STATE);
	assert_int_equal(acceptance_step(ACCEPTANCE_ACCEPTED, STEP_SIGN, true, true, &next),
	                 ACCEPTANCE_WRONG_STATE);
	assert_int_equal(acceptance_step(ACCEPTANCE_ACCEPTED, STEP_REVOKE, false, true, &next),
	                 ACCEPTANCE_NEEDS_OWNER);
	assert_int_equal(acceptance_step(ACCEPTANCE_ACCEPTED, STEP_REVOKE, true, false, &next),
	                 ACCEPTANCE_ALLOWED);
	assert_int_equal(next, ACCEPTANCE_REVOKED);
	/* Revoked: proposed again with a new justification; not revoked twice. */
	assert_int_equal(acceptance_step(ACCEPTANCE_REVOKED, STEP_REVOKE, true, true, &next),
	                 ACCEPTANCE_WRONG_STATE);
	assert_int_equal(acceptance_step(ACCEPTANCE_REVOKED, STEP_PROPOSE, false, true, &next),
	                 ACCEPTANCE_ALLOWED);
	assert_int_equal(next, ACCEPTANCE_PROPOSED);
	assert_int_equal(acceptance_step(ACCEPTANCE_NONE, STEP_REVOKE, true, true, &next),
	                 ACCEPTANCE_WRONG_STATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_reductions),
		cmocka_unit_test(test_check_boundaries),
		cmocka_unit_test(test_current_vulnerability),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_acceptance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
