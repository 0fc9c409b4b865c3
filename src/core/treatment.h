/*
 * treatment.h - risk treatment (METHOD.md §4): the decision taken for a
 * risk, the measures chosen and the vulnerability levels they remove, the
 * resulting current and targeted (residual) risk, and the sign-off of an
 * accepted risk. Pure computation on the values of core/risk.h.
 *
 * Each measure chosen for a risk removes a number of vulnerability
 * levels. The targeted risk counts every measure not cancelled; the
 * current risk only those done, so marking a measure done lowers the
 * risk's current vulnerability (MONARC's "validate recommendation").
 */
#ifndef RAVELIN_TREATMENT_H
#define RAVELIN_TREATMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/risk.h"

enum decision {
	DECISION_NONE = 0,   /* not decided yet */
	DECISION_REDUCE,     /* measures lower the vulnerability */
	DECISION_ACCEPT,     /* kept as it is: justified and signed off */
	DECISION_AVOID,      /* the activity stops: the risk is gone */
	DECISION_TRANSFER,   /* insurance or contract: the value stays, shared */
	DECISION_COUNT
};
/* "", "reduce", "accept", "avoid", "transfer". */
extern const char *const decision_names[DECISION_COUNT];
/* The decision named, or false. */
bool decision_parse(const char *name, enum decision *out);

enum measure_status {
	MEASURE_PLANNED, MEASURE_IN_PROGRESS, MEASURE_DONE, MEASURE_CANCELLED,
	MEASURE_STATUS_COUNT
};

/* One measure chosen for a risk. */
struct chosen_measure {
	int reduction;                 /* vulnerability levels it removes, >= 0 */
	enum measure_status status;
};

/* Levels removed by the measures not cancelled (planned) and by those
 * done (done). Negative reductions count as 0. */
void treatment_reductions(const struct chosen_measure *measures, size_t count,
                          int *planned, int *done);

enum treatment_error {
	TREATMENT_OK = 0,
	TREATMENT_NEGATIVE,           /* a reduction below 0 */
	TREATMENT_TOO_LARGE,          /* more levels removed than the vulnerability has */
	TREATMENT_NOT_EVALUATED,      /* reducing a vulnerability not evaluated yet */
};
/* Whether measures removing planned levels in all fit the vulnerability
 * (-1: not evaluated). A plan of 0 levels always fits. */
enum treatment_error treatment_check(int vulnerability, int planned);

/* The vulnerability once the done measures work: vulnerability - done,
 * never below 0; -1 stays -1. */
int treatment_current_vulnerability(int vulnerability, int done);

/* A risk under its decision: current is the value with the done
 * measures; targeted the value once the plan is carried out (avoid: 0,
 * even when not evaluated; transfer: the current value, shared; reduce:
 * with the planned measures; accept or none: the current value). */
struct treatment_result {
	int current;      /* or RISK_NOT_EVALUATED */
	int targeted;     /* or RISK_NOT_EVALUATED */
	bool shared;      /* transferred: borne with an insurer or a partner */
};
struct treatment_result treatment_evaluate(const struct risk_scenario *s,
                                           enum decision decision, int planned, int done);

/* The sign-off of an accepted risk: proposed (with a justification),
 * accepted by an owner, revoked (by an owner). Anything but a signed
 * acceptance can be proposed (again): a proposal's reason can change until
 * an owner signs it. */
enum acceptance {
	ACCEPTANCE_NONE = 0, ACCEPTANCE_PROPOSED, ACCEPTANCE_ACCEPTED, ACCEPTANCE_REVOKED,
	ACCEPTANCE_COUNT
};
/* "", "proposed", "accepted", "revoked". */
extern const char *const acceptance_names[ACCEPTANCE_COUNT];
bool acceptance_parse(const char *name, enum acceptance *out);

enum acceptance_step { STEP_PROPOSE, STEP_SIGN, STEP_REVOKE };
enum acceptance_refusal {
	ACCEPTANCE_ALLOWED = 0,
	ACCEPTANCE_NEEDS_JUSTIFICATION,   /* proposing without a reason */
	ACCEPTANCE_NEEDS_OWNER,           /* signing or revoking as a non-owner */
	ACCEPTANCE_WRONG_STATE,           /* e.g. signing what is not proposed */
};
/* Whether step may be taken from state; on ACCEPTANCE_ALLOWED *next is
 * the new state. by_owner: the acting user has the owner role. */
enum acceptance_refusal acceptance_step(enum acceptance state, enum acceptance_step step,
                                        bool by_owner, bool has_justification,
                                        enum acceptance *next);

#endif
