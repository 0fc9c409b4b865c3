/*
 * risk_book.h - an organisation's risk assessment as the pages read it:
 * its scales, assets with the impacts flowing down to them (core/assets.h),
 * the links, the full-method risks with their values and levels, and the
 * answers to the "what if" questions with theirs. Loaded in one go (a few
 * milliseconds at 10,000 risks) by the register, the heat map, the grid
 * and the asset pages, so that every page computes a risk the same way.
 */
#ifndef RAVELIN_RISK_BOOK_H
#define RAVELIN_RISK_BOOK_H

#include <jansson.h>

#include "core/risk.h"
#include "core/treatment.h"
#include "kb/kb.h"
#include "store/store.h"

/* One full-method risk, computed. */
struct risk_row {
	const struct risk *risk;
	const struct asset *asset;                   /* never NULL */
	const struct kb_threat *threat;              /* NULL if the id is unknown */
	const struct kb_vulnerability *vulnerability;   /* NULL if unknown */
	int8_t impact[3];        /* the override, else the asset's (flowed down); -1 */
	int impact_max;          /* highest impact over the criteria the threat hits, or -1 */
	int exposure;            /* likelihood × vulnerability level, or -1 */
	int value;               /* risk_value, or RISK_NOT_EVALUATED */
	enum risk_level level;
	/* Treatment (METHOD.md §4): the decision, the levels its measures
	 * remove (planned: not cancelled; done), the value now (current) and
	 * once the plan is carried out (targeted), with their levels. */
	const struct treatment_row *treatment;   /* NULL: not decided */
	enum decision decision;
	int planned, done;
	struct treatment_result result;
	enum risk_level current_level, targeted_level;
};

/* One answered "what if", computed. */
struct what_if_row {
	const struct what_if_answer *answer;
	const struct kb_what_if *what_if;            /* NULL if the id is unknown */
	int value;                                   /* impact × likelihood, 1..16 */
	enum risk_level level;
};

struct risk_book {
	struct risk_settings settings;
	struct asset *assets;            /* by name */
	size_t asset_count;
	int8_t (*asset_impact)[3];       /* per asset: own, else flowed down; -1 */
	size_t *asset_risks;             /* per asset: how many risks it has */
	struct asset_link *links;
	size_t link_count;
	struct risk *risks;              /* by id */
	size_t risk_count;
	struct risk_row *rows;           /* one per risk, same order */
	struct what_if_answer *answers;  /* by what-if id */
	size_t answer_count;
	struct what_if_row *what_ifs;    /* one per answer, same order */
	size_t *asset_by_id;             /* indexes into assets, by id */
	struct treatment_row *treatments;   /* by risk id */
	size_t treatment_count;
	struct risk_measure_row *measures;  /* by risk id, then measure */
	size_t measure_count;
	struct action *actions;          /* the plan, for the status of measures */
	size_t action_count;
	/* The organisation's own asset types, threats and vulnerabilities
	 * (kb_additions), in the knowledge base's shape: one text for every
	 * language. The asset types of an own vulnerability are indexes into
	 * the combined list of risk_book_asset_type_at (which starts with the
	 * shipped ones, so a shipped index means the same in both). */
	struct kb_asset_type *own_asset_types;
	size_t own_asset_type_count;
	struct kb_threat *own_threats;
	size_t own_threat_count;
	struct kb_vulnerability *own_vulnerabilities;
	size_t own_vulnerability_count;
	json_t *own_data;                /* owns the strings of both */
};

/* Loads everything of org_id; on failure the book is empty and safe to free. */
enum store_status risk_book_load(struct store *store, int64_t org_id,
                                 struct risk_book *book);
void risk_book_free(struct risk_book *book);

/* The threat or vulnerability with this id, of the shipped base or the
 * organisation's own; NULL if neither has it. */
const struct kb_threat *risk_book_threat(const struct risk_book *book, const char *id);
const struct kb_vulnerability *risk_book_vulnerability(const struct risk_book *book,
                                                       const char *id);

/* Every asset type the organisation can use, the shipped ones then its
 * own, as one list: its length, its i-th entry, and the entry with an id
 * (NULL if none), its index in that list in *index. */
size_t risk_book_asset_type_count(const struct risk_book *book);
const struct kb_asset_type *risk_book_asset_type_at(const struct risk_book *book, size_t i);
const struct kb_asset_type *risk_book_asset_type(const struct risk_book *book, const char *id,
                                                 size_t *index);

/* Every threat the organisation can use, the shipped ones then its own, as
 * one list: its length, its i-th entry, and the index of an entry (the
 * length for NULL). The same for vulnerabilities. */
size_t risk_book_threat_count(const struct risk_book *book);
const struct kb_threat *risk_book_threat_at(const struct risk_book *book, size_t i);
size_t risk_book_threat_index(const struct risk_book *book, const struct kb_threat *threat);
size_t risk_book_vulnerability_count(const struct risk_book *book);
const struct kb_vulnerability *risk_book_vulnerability_at(const struct risk_book *book,
                                                          size_t i);
size_t risk_book_vulnerability_index(const struct risk_book *book,
                                     const struct kb_vulnerability *vulnerability);

/* The row of risk id, or NULL (binary search: rows are in id order). */
const struct risk_row *risk_book_row(const struct risk_book *book, int64_t id);

/* The action of the plan with this id (loaded when measures are chosen),
 * or NULL. */
const struct action *risk_book_action(const struct risk_book *book, int64_t id);

/* The asset with this id, or NULL (binary search on an id index). */
const struct asset *risk_book_asset(const struct risk_book *book, int64_t id);
/* Its index in book->assets, or -1. */
long risk_book_asset_index(const struct risk_book *book, int64_t id);

/* The message id of a level ("Low", "Medium", "High", "Not evaluated") and
 * its stable name ("low", "medium", "high", "none") for filters and CSS. */
const char *risk_level_label(enum risk_level level);
/* Per criterion k (0 C, 1 I, 2 A): its bit, the message id of its short
 * letter (translated: C/I/D in French) and of its name. */
extern const unsigned risk_criterion_bits[3];
extern const char *const risk_criterion_letters[3];
extern const char *const risk_criterion_names[3];
/* "C · I · A" for the criteria bits, in the language of lang. */
json_t *risk_criteria_text(const struct catalog *lang, unsigned criteria);
/* The message id of a kind of asset ("Information", "Hardware", ...). */
const char *risk_kind_label(enum kb_asset_kind kind);
/* The message id of a threat theme ("Physical damage", ...). */
const char *risk_theme_label(enum kb_threat_theme theme);
const char *risk_level_name(enum risk_level level);

#endif
