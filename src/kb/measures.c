/*
 * measures.c - the measures catalogue (METHOD.md §3): what a business can
 * do about its risks, in kb/measures.json, each measure with the ISO/IEC
 * 27002:2022 controls it implements, the CyberFundamentals subcategories
 * where they apply, the vulnerabilities it reduces and a rough cost:
 *
 *   { "measures": [ { "id": "msr-...", "kind": "technological",
 *       "title": {nl,fr,de,en}, "description": {nl,fr,de,en},
 *       "iso27002": ["8.5"], "cyfun": ["PR.AC-7"],
 *       "vulnerabilities": ["vul-..."], "cost": "low" } ] }
 *
 * The loader refuses a file with a missing language, an unknown key, a
 * repeated id, a control number not in kb/iso27002.json, a
 * malformed subcategory id, an unknown vulnerability or a count outside
 * MEASURES_MIN..MEASURES_MAX, naming the measure and the field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb_internal.h"
#include "lib/resource.h"

#define MEASURES_PATH "kb/measures.json"
#define MEASURES_MIN 90
#define MEASURES_MAX 120
#define REFS_MAX 8      /* controls, subcategories or vulnerabilities per measure */

const char *const kb_measure_kind_ids[KB_MEASURE_KIND_COUNT] = {
	"organisational", "people", "physical", "technological"};
const char *const kb_cost_ids[KB_COST_COUNT] = {"low", "medium", "high"};

struct measures_loaded {
	json_t *root;
	struct kb_measure *measures;
	struct kb_measures list;
};

static struct measures_loaded *current;

static void measures_free(struct measures_loaded *l)
{
	if (!l)
		return;
	for (size_t i = 0; l->measures && i < l->list.count; i++) {
		free((void *)l->measures[i].iso27002);
		free((void *)l->measures[i].cyfun);
		free((void *)l->measures[i].vulnerabilities);
	}
	free(l->measures);
	json_decref(l->root);
	free(l);
}

/* A control of ISO/IEC 27002:2022 (kb/iso27002.json, loaded before). */
static bool control_known(const char *id)
{
	return kb_control_find(id, NULL) != NULL;
}

bool kb_cyfun_valid(const char *id)
{
	if (!id)
		return false;
	static const char *const functions[] = {"ID.", "PR.", "DE.", "RS.", "RC."};
	bool known = false;
	for (size_t f = 0; f < 5; f++)
		known |= strncmp(id, functions[f], 3) == 0;
	if (!known || !(id[3] >= 'A' && id[3] <= 'Z') || !(id[4] >= 'A' && id[4] <= 'Z') ||
	    id[5] != '-' || !(id[6] >= '1' && id[6] <= '9'))
		return false;
	size_t digits = strspn(id + 6, "0123456789");
	return digits <= 2 && id[6 + digits] == '\0';
}

/* Reads the array field of measure id: 1..REFS_MAX strings (0 allowed
 * when may_be_empty), none twice, each passing valid (if given). */
static int read_ids(json_t *e, const char *id, const char *field, bool may_be_empty,
                    bool (*valid)(const char *), const char ***out, size_t *count,
                    char *err, size_t errlen)
{
	json_t *a = json_object_get(e, field);
	size_t n = json_array_size(a);
	*out = NULL;
	if (!json_is_array(a) || (n == 0 && !may_be_empty) || n > REFS_MAX) {
		kb_fail(err, errlen, "measure \"%s\": %s must be a list of %d to %d ids", id, field,
		        may_be_empty ? 0 : 1, REFS_MAX);
		return -1;
	}
	const char **ids = calloc(n + 1, sizeof *ids);
	if (!ids) {
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	*out = ids;      /* owned by the measure from here on */
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ref = json_string_value(json_array_get(a, i));
		if (!ref || (valid && !valid(ref))) {
			kb_fail(err, errlen, "measure \"%s\": %s: \"%.40s\" is not a valid id", id, field,
			        ref ? ref : "(not a string)");
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(ids[j], ref) == 0) {
				kb_fail(err, errlen, "measure \"%s\": %s: \"%s\" is listed twice", id,
				        field, ref);
				return -1;
			}
		ids[i] = ref;
		*count = i + 1;
	}
	return 0;
}

static int read_vulnerabilities(json_t *e, struct kb_measure *m, char *err, size_t errlen)
{
	const char **ids = NULL;
	size_t n = 0;
	if (read_ids(e, m->id, "vulnerabilities", false, NULL, &ids, &n, err, errlen) != 0) {
		free(ids);
		return -1;
	}
	size_t *indexes = calloc(n + 1, sizeof *indexes);
	int rc = indexes ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!kb_vulnerability_find(ids[i], &indexes[i])) {
			kb_fail(err, errlen, "measure \"%s\": vulnerabilities: unknown vulnerability "
			        "\"%s\"", m->id, ids[i]);
			rc = -1;
		}
	free(ids);
	m->vulnerabilities = indexes;
	m->vulnerability_count = rc == 0 ? n : 0;
	return rc;
}

/* The index of name in names, or -1. */
static int choice(const char *const *names, int count, const char *name)
{
	for (int i = 0; name && i < count; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static int read_measure(json_t *e, size_t i, struct measures_loaded *l, char *err,
                        size_t errlen)
{
	static const char *const keys[] = {"id", "kind", "title", "description", "iso27002",
		"cyfun", "vulnerabilities", "cost", NULL};
	const char *id = kb_entry_id(e, i, "measure", "msr-", keys, err, errlen);
	if (!id)
		return -1;
	for (size_t j = 0; j < i; j++)
		if (strcmp(l->measures[j].id, id) == 0) {
			kb_fail(err, errlen, "measure \"%s\" is listed twice", id);
			return -1;
		}
	struct kb_measure *m = &l->measures[i];
	m->id = id;
	l->list.count = i + 1;   /* so that measures_free frees what m owns */
	int kind = choice(kb_measure_kind_ids, KB_MEASURE_KIND_COUNT,
	                  json_string_value(json_object_get(e, "kind")));
	int cost = choice(kb_cost_ids, KB_COST_COUNT, json_string_value(json_object_get(e, "cost")));
	if (kind < 0 || cost < 0) {
		kb_fail(err, errlen, "measure \"%s\": %s is missing or unknown", id,
		        kind < 0 ? "kind" : "cost");
		return -1;
	}
	m->kind = (enum kb_measure_kind)kind;
	m->cost = (enum kb_cost)cost;
	if (kb_entry_text(e, "measure", id, "title", &m->title, err, errlen) != 0 ||
	    kb_entry_text(e, "measure", id, "description", &m->description, err, errlen) != 0)
		return -1;
	const char **iso = NULL, **cyfun = NULL;
	int rc = read_ids(e, id, "iso27002", false, control_known, &iso, &m->iso27002_count,
	                  err, errlen);
	m->iso27002 = iso;   /* owned by m even when reading failed half-way */
	if (rc == 0)
		rc = read_ids(e, id, "cyfun", true, kb_cyfun_valid, &cyfun, &m->cyfun_count, err, errlen);
	m->cyfun = cyfun;
	return rc == 0 ? read_vulnerabilities(e, m, err, errlen) : -1;
}

static struct measures_loaded *parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct measures_loaded *l = calloc(1, sizeof *l);
	if (!l) {
		kb_fail(err, errlen, "out of memory");
		return NULL;
	}
	json_error_t jerr;
	l->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	static const char *const top[] = {"measures", NULL};
	json_t *a = NULL;
	if (!json_is_object(l->root))
		kb_fail(err, errlen, "not a JSON object (line %d: %s)", jerr.line, jerr.text);
	else if (kb_unknown_key(l->root, top))
		kb_fail(err, errlen, "unknown key \"%s\"", kb_unknown_key(l->root, top));
	else if ((a = kb_list(l->root, "measures", err, errlen)) &&
	         (json_array_size(a) < MEASURES_MIN || json_array_size(a) > MEASURES_MAX)) {
		kb_fail(err, errlen, "%zu measures; between %d and %d expected",
		        json_array_size(a), MEASURES_MIN, MEASURES_MAX);
		a = NULL;
	}
	if (a && !(l->measures = calloc(json_array_size(a), sizeof *l->measures))) {
		kb_fail(err, errlen, "out of memory");
		a = NULL;
	}
	for (size_t i = 0; a && i < json_array_size(a); i++)
		if (read_measure(json_array_get(a, i), i, l, err, errlen) != 0)
			a = NULL;
	if (!a) {
		measures_free(l);
		return NULL;
	}
	l->list.measures = l->measures;
	return l;
}

int kb_load_measures_text(const char *text, size_t len, char *err, size_t errlen)
{
	struct measures_loaded *l = parse(text, len, err, errlen);
	if (!l)
		return -1;   /* what was loaded before stays */
	measures_free(current);
	current = l;
	return 0;
}

int kb_measures_load_resources(char *err, size_t errlen)
{
	const struct resource *r = resource_find(MEASURES_PATH);
	if (!r)
		return 0;   /* a build without the catalogue has no measures */
	char why[512];
	if (kb_load_measures_text((const char *)r->data, r->size, why, sizeof why) != 0) {
		kb_fail(err, errlen, MEASURES_PATH ": %s", why);
		return -1;
	}
	return 0;
}

const struct kb_measures *kb_measures(void)
{
	return current ? &current->list : NULL;
}

const struct kb_measure *kb_measure_find(const char *id, size_t *index)
{
	for (size_t i = 0; id && current && i < current->list.count; i++)
		if (strcmp(current->measures[i].id, id) == 0) {
			if (index)
				*index = i;
			return &current->measures[i];
		}
	return NULL;
}
