/*
 * kb.h - the knowledge base that ships with Ravelin (the JSON files in kb/, embedded),
 * loaded once at start-up into read-only structures.
 *
 * Every text exists in the four languages; kb_text picks the one of a
 * catalogue (see i18n.h). The loader refuses a file with a missing
 * language, an unknown topic or a repeated id, so a running server never
 * shows a half-written question.
 */
#ifndef RAVELIN_KB_H
#define RAVELIN_KB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/baseline.h"
#include "core/risk.h"
#include "i18n/i18n.h"

/* One text in each language, indexed like i18n_languages (nl fr de en). */
struct kb_text {
	const char *lang[I18N_LANGUAGE_COUNT];
};

struct kb_topic {
	const char *id;            /* "updates", "wifi", ... (METHOD.md §1 order) */
	struct kb_text title;
};

struct kb_question {
	const char *id;            /* stable: answers are stored by it, e.g. "upd-auto" */
	size_t topic;              /* index into topics */
	bool top;
	int weight;                /* 1..5 */
	struct kb_text text;       /* the question */
	struct kb_text why;        /* why it matters: one or two sentences */
	struct kb_text how;        /* how to do it: a concrete hint */
};

struct kb_baseline {
	const struct kb_topic *topics;
	size_t topic_count;
	const struct kb_question *questions;   /* in topic order */
	size_t question_count;
	/* The same questions as core/baseline.h needs them, same order. */
	const struct baseline_question *scoring;
};

/* Loads every knowledge-base file from the embedded resources (baseline,
 * risk, vulnerabilities if present). Returns 0,
 * or -1 with "file: what is wrong" in err. Call once, before threads. */
int kb_load(char *err, size_t errlen);
/* Loads the baseline from JSON text (for tests and the fuzzer): 0 or -1
 * with the reason in err. Replaces what kb_baseline() returns. */
int kb_load_baseline_text(const char *text, size_t len, char *err, size_t errlen);

/* The loaded baseline (NULL before kb_load). */
const struct kb_baseline *kb_baseline(void);

/* The text in the language of lang (English for NULL). */
const char *kb_text(const struct kb_text *text, const struct catalog *lang);

/* The question with this id, or NULL; its index into questions in *index. */
const struct kb_question *kb_question_find(const char *id, size_t *index);

/* ---- risk assessment (METHOD.md §2, §3): kb/risk.json, kb/vulnerabilities.json */

/* The kinds of asset of METHOD.md §2; kb_asset_kind_ids names them as in
 * the file ("information", "process", "hardware", ...). */
enum kb_asset_kind {
	KB_KIND_INFORMATION, KB_KIND_PROCESS, KB_KIND_HARDWARE, KB_KIND_SOFTWARE,
	KB_KIND_NETWORK, KB_KIND_CLOUD, KB_KIND_SITE, KB_KIND_PERSON, KB_KIND_SUPPLIER,
	KB_KIND_COUNT
};
extern const char *const kb_asset_kind_ids[KB_KIND_COUNT];

/* The threat themes of METHOD.md §3, named in the file "physical",
 * "natural", "essential-services", "information", "technical",
 * "unauthorised", "functions". */
enum kb_threat_theme {
	KB_THEME_PHYSICAL, KB_THEME_NATURAL, KB_THEME_ESSENTIAL_SERVICES,
	KB_THEME_INFORMATION, KB_THEME_TECHNICAL, KB_THEME_UNAUTHORISED,
	KB_THEME_FUNCTIONS,
	KB_THEME_COUNT
};
extern const char *const kb_threat_theme_ids[KB_THEME_COUNT];

struct kb_asset_type {
	const char *id;            /* stable, e.g. "info-customers", "hw-laptop" */
	enum kb_asset_kind kind;
	bool primary;              /* information and processes */
	struct kb_text title;
};

struct kb_threat {
	const char *id;            /* stable, "thr-..." */
	enum kb_threat_theme theme;
	unsigned criteria;         /* CRIT_C | CRIT_I | CRIT_A it can hit, never 0 */
	struct kb_text title;
	struct kb_text description;
};

/* A "what if" of the rudimentary method, with the threats and asset types
 * it becomes in the full method. */
struct kb_what_if {
	const char *id;            /* stable, "wi-..." */
	struct kb_text question;   /* "What if ...?" */
	struct kb_text hint;       /* one sentence to help estimate the impact */
	const size_t *threats;     /* indexes into kb_risk.threats */
	size_t threat_count;
	const size_t *asset_types; /* indexes into kb_risk.asset_types */
	size_t asset_type_count;
};

struct kb_vulnerability {
	const char *id;            /* stable, "vul-..." */
	struct kb_text text;
	const size_t *asset_types; /* indexes into kb_risk.asset_types, at least one */
	size_t asset_type_count;
};

/* A default risk scenario (METHOD.md §3): an asset type, a threat and a
 * vulnerability that applies to that asset type; no text, it reads as its
 * three parts. */
struct kb_scenario {
	size_t asset_type;         /* index into kb_risk.asset_types */
	size_t threat;             /* index into kb_risk.threats */
	size_t vulnerability;      /* index into kb_risk.vulnerabilities */
};

struct kb_risk {
	const struct kb_asset_type *asset_types;   /* in file order */
	size_t asset_type_count;
	const struct kb_threat *threats;
	size_t threat_count;
	const struct kb_what_if *what_ifs;
	size_t what_if_count;
	const struct kb_vulnerability *vulnerabilities;   /* none without the file */
	size_t vulnerability_count;
	const struct kb_scenario *scenarios;   /* in file order; none without vulnerabilities */
	size_t scenario_count;
};

/* Loads the risk knowledge base from JSON text (for tests and the fuzzer);
 * vulnerabilities_json may be NULL (no vulnerabilities), but not when
 * risk_json has "scenarios" (they are checked against it). 0, or -1 with the
 * reason in err; on failure what kb_risk() returned before stays. */
int kb_load_risk_text(const char *risk_json, size_t len,
                      const char *vulnerabilities_json, size_t vlen,
                      char *err, size_t errlen);

/* The loaded risk knowledge base (NULL before kb_load). */
const struct kb_risk *kb_risk(void);

/* Look-ups by id: the entry or NULL, its index in *index if found. */
const struct kb_asset_type *kb_asset_type_find(const char *id, size_t *index);
const struct kb_threat *kb_threat_find(const char *id, size_t *index);
const struct kb_what_if *kb_what_if_find(const char *id, size_t *index);
const struct kb_vulnerability *kb_vulnerability_find(const char *id, size_t *index);

/* ---- the measures catalogue (METHOD.md §3, §4): kb/measures.json ---------- */

enum kb_measure_kind {
	KB_MEASURE_ORGANISATIONAL, KB_MEASURE_PEOPLE, KB_MEASURE_PHYSICAL,
	KB_MEASURE_TECHNOLOGICAL, KB_MEASURE_KIND_COUNT
};
extern const char *const kb_measure_kind_ids[KB_MEASURE_KIND_COUNT];
enum kb_cost { KB_COST_LOW, KB_COST_MEDIUM, KB_COST_HIGH, KB_COST_COUNT };
extern const char *const kb_cost_ids[KB_COST_COUNT];

struct kb_measure {
	const char *id;                  /* stable, "msr-..." */
	enum kb_measure_kind kind;
	struct kb_text title;            /* what to do, as an imperative */
	struct kb_text description;      /* how, in a small business */
	const char *const *iso27002;     /* ISO/IEC 27002:2022 control numbers, "8.5" */
	size_t iso27002_count;
	const char *const *cyfun;        /* CyberFundamentals subcategories, "PR.AC-7" */
	size_t cyfun_count;
	const size_t *vulnerabilities;   /* indexes into kb_risk.vulnerabilities */
	size_t vulnerability_count;
	enum kb_cost cost;
};

struct kb_measures {
	const struct kb_measure *measures;   /* in file order */
	size_t count;
};

/* The loaded catalogue (NULL before kb_load, or in a build without it). */
const struct kb_measures *kb_measures(void);
/* True for a CyberFundamentals subcategory id as the catalogue writes them:
 * a NIST CSF function, a category of two capitals, a number of one or two
 * digits ("PR.AC-7"). */
bool kb_cyfun_valid(const char *id);
const struct kb_measure *kb_measure_find(const char *id, size_t *index);
/* Loads the catalogue from JSON text (tests, fuzzer), after the risk base
 * and the controls it refers to: 0, or -1 with the reason in err (what
 * was loaded stays). */
int kb_load_measures_text(const char *text, size_t len, char *err, size_t errlen);

/* ---- ISO/IEC 27002:2022 controls (METHOD.md §3, §4): kb/iso27002.json ---- */

/* The standard's 93 controls, the rows of the Statement of Applicability. */
#define KB_CONTROL_COUNT 93

/* The four themes of the standard, named in the file "organisational",
 * "people", "physical", "technological" (controls 5.x, 6.x, 7.x, 8.x). */
enum kb_control_theme {
	KB_CONTROL_ORGANISATIONAL, KB_CONTROL_PEOPLE, KB_CONTROL_PHYSICAL,
	KB_CONTROL_TECHNOLOGICAL,
	KB_CONTROL_THEME_COUNT
};
extern const char *const kb_control_theme_ids[KB_CONTROL_THEME_COUNT];

struct kb_control {
	const char *id;                  /* the standard's number, "5.17" */
	enum kb_control_theme theme;
	struct kb_text title;            /* a short name of our own, not the standard's */
};

struct kb_controls {
	const struct kb_control *controls;   /* all 93, in the standard's order */
	size_t count;                        /* KB_CONTROL_COUNT */
};

/* The loaded list (NULL before kb_load). */
const struct kb_controls *kb_controls(void);
/* The control numbered id ("8.5"), or NULL; its index in *index. */
const struct kb_control *kb_control_find(const char *id, size_t *index);
/* Loads the list from JSON text (for tests): 0, or -1 with
 * "kb/iso27002.json: what is wrong" in err (what was loaded stays). */
int kb_load_controls_text(const char *text, size_t len, char *err, size_t errlen);

#endif
