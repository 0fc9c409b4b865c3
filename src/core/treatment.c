/*
 * treatment.c - the rules of risk treatment; see treatment.h.
 */
#include "core/treatment.h"

#include <limits.h>
#include <string.h>


const char *const decision_names[DECISION_COUNT] = {
	"", "reduce", "accept", "avoid", "transfer"};
const char *const acceptance_names[ACCEPTANCE_COUNT] = {
	"", "proposed", "accepted", "revoked"};

static bool parse(const char *const *names, int count, const char *name, int *out)
{
	for (int i = 0; name && i < count; i++)
		if (strcmp(names[i], name) == 0) {
			*out = i;
			return true;
		}
	return false;
}

bool decision_parse(const char *name, enum decision *out)
{
	int i;
	if (!parse(decision_names, DECISION_COUNT, name, &i))
		return false;
	*out = (enum decision)i;
	return true;
}

bool acceptance_parse(const char *name, enum acceptance *out)
{
	int i;
	if (!parse(acceptance_names, ACCEPTANCE_COUNT, name, &i))
		return false;
	*out = (enum acceptance)i;
	return true;
}

/* a + b for levels, saturating instead of overflowing. */
static int add_levels(int a, int b)
{
	if (b <= 0)
		return a;
	return a > INT_MAX - b ? INT_MAX : a + b;
}

void treatment_reductions(const struct chosen_measure *measures, size_t count,
                          int *planned, int *done)
{
	*planned = *done = 0;
	for (size_t i = 0; i < count; i++) {
		if (measures[i].status == MEASURE_CANCELLED)
			continue;
		*planned = add_levels(*planned, measures[i].reduction);
		if (measures[i].status == MEASURE_DONE)
			*done = add_levels(*done, measures[i].reduction);
	}
}

enum treatment_error treatment_check(int vulnerability, int planned)
{
	if (planned < 0)
		return TREATMENT_NEGATIVE;
	if (planned == 0)
		return TREATMENT_OK;
	if (vulnerability < 0)
		return TREATMENT_NOT_EVALUATED;
	return planned > vulnerability ? TREATMENT_TOO_LARGE : TREATMENT_OK;
}

int treatment_current_vulnerability(int vulnerability, int done)
{
	if (vulnerability < 0)
		return RISK_NOT_EVALUATED;
	if (done <= 0)
		return vulnerability;
	return done >= vulnerability ? 0 : vulnerability - done;
}

struct treatment_result treatment_evaluate(const struct risk_scenario *s,
                                           enum decision decision, int planned, int done)
{
	struct treatment_result r = {
		.current = risk_residual(s, done, false),
		.shared = decision == DECISION_TRANSFER,
	};
	switch (decision) {
	case DECISION_AVOID:
		r.targeted = risk_residual(s, 0, true);
		break;
	case DECISION_REDUCE:
		r.targeted = risk_residual(s, planned > done ? planned : done, false);
		break;
	default:   /* accept, transfer, none: the plan changes nothing more */
		r.targeted = r.current;
		break;
	}
	return r;
}

enum acceptance_refusal acceptance_step(enum acceptance state, enum acceptance_step step,
                                        bool by_owner, bool has_justification,
                                        enum acceptance *next)
{
	switch (step) {
	case STEP_PROPOSE:   /* again while proposed: a new reason, still unsigned */
		if (state == ACCEPTANCE_ACCEPTED)
			return ACCEPTANCE_WRONG_STATE;
		if (!has_justification)
			return ACCEPTANCE_NEEDS_JUSTIFICATION;
		*next = ACCEPTANCE_PROPOSED;
		return ACCEPTANCE_ALLOWED;
	case STEP_SIGN:
		if (state != ACCEPTANCE_PROPOSED)
			return ACCEPTANCE_WRONG_STATE;
		if (!by_owner)
			return ACCEPTANCE_NEEDS_OWNER;
		*next = ACCEPTANCE_ACCEPTED;
		return ACCEPTANCE_ALLOWED;
	case STEP_REVOKE:
		if (state != ACCEPTANCE_ACCEPTED && state != ACCEPTANCE_PROPOSED)
			return ACCEPTANCE_WRONG_STATE;
		if (!by_owner)
			return ACCEPTANCE_NEEDS_OWNER;
		*next = ACCEPTANCE_REVOKED;
		return ACCEPTANCE_ALLOWED;
	}
	return ACCEPTANCE_WRONG_STATE;
}
