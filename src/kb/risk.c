/*
 * risk.c - loads the risk knowledge base (see kb.h): kb/risk.json and, when
 * it is embedded, kb/vulnerabilities.json. Their shapes:
 *
 *   { "asset_types": [ { "id", "kind", "primary", "title": {nl,fr,de,en} } ],
 *     "threats":     [ { "id": "thr-...", "theme", "criteria": "CIA",
 *                        "title": {...}, "description": {...} } ],
 *     "what_if":     [ { "id": "wi-...", "question": {...}, "hint": {...},
 *                        "threats": [ids], "asset_types": [ids] } ],
 *     "scenarios":   [ { "asset_type": id, "threat": id,
 *                        "vulnerability": id } ] }
 *
 *   { "vulnerabilities": [ { "id": "vul-...", "asset_types": [ids],
 *                            "text": {...} } ] }
 *
 * As strict as the baseline loader, and for the same reason: every key
 * known, every text present in the four languages, ids unique, themes and
 * kinds from METHOD.md, criteria made of C, I and A only, every reference
 * to a threat or asset type resolved, 30..40 threats, 12..20 what-ifs, and
 * the asset types exactly the list below (other files refer to these ids;
 * never rename one). "scenarios" is optional; when present it holds
 * 120..200 distinct triples whose vulnerability lists the asset type, so it
 * needs the vulnerabilities file to be checked against and is refused
 * without it; with it, every what-if must lead to at least one scenario.
 *
 * Strings point into the parsed json_t values, kept with the structures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kb/kb.h"
#include "kb/kb_internal.h"
#include "lib/resource.h"

#define RISK_PATH "kb/risk.json"
#define VULNERABILITIES_PATH "kb/vulnerabilities.json"
#define RISK_MIN_THREATS 30
#define RISK_MAX_THREATS 40
#define RISK_MIN_WHAT_IFS 12
#define RISK_MAX_WHAT_IFS 20
#define RISK_MIN_SCENARIOS 120
#define RISK_MAX_SCENARIOS 200

const char *const kb_asset_kind_ids[KB_KIND_COUNT] = {
	"information", "process", "hardware", "software", "network", "cloud",
	"site", "person", "supplier",
};

const char *const kb_threat_theme_ids[KB_THEME_COUNT] = {
	"physical", "natural", "essential-services", "information", "technical",
	"unauthorised", "functions",
};

/* The asset types the product knows, with their kind. */
static const struct {
	const char *id;
	enum kb_asset_kind kind;
} asset_type_list[] = {
	{ "info-customers", KB_KIND_INFORMATION }, { "info-prices", KB_KIND_INFORMATION },
	{ "info-invoices", KB_KIND_INFORMATION }, { "info-accounting", KB_KIND_INFORMATION },
	{ "info-personnel", KB_KIND_INFORMATION }, { "info-trade-secrets", KB_KIND_INFORMATION },
	{ "info-designs", KB_KIND_INFORMATION }, { "info-contracts", KB_KIND_INFORMATION },
	{ "info-email-archive", KB_KIND_INFORMATION },
	{ "info-website-content", KB_KIND_INFORMATION },
	{ "proc-sales", KB_KIND_PROCESS }, { "proc-invoicing", KB_KIND_PROCESS },
	{ "proc-production", KB_KIND_PROCESS }, { "proc-payroll", KB_KIND_PROCESS },
	{ "proc-purchasing", KB_KIND_PROCESS }, { "proc-customer-service", KB_KIND_PROCESS },
	{ "proc-delivery", KB_KIND_PROCESS },
	{ "hw-laptop", KB_KIND_HARDWARE }, { "hw-desktop", KB_KIND_HARDWARE },
	{ "hw-server", KB_KIND_HARDWARE }, { "hw-phone", KB_KIND_HARDWARE },
	{ "hw-tablet", KB_KIND_HARDWARE }, { "hw-printer", KB_KIND_HARDWARE },
	{ "hw-usb-storage", KB_KIND_HARDWARE }, { "hw-nas", KB_KIND_HARDWARE },
	{ "hw-pos-terminal", KB_KIND_HARDWARE },
	{ "sw-accounting", KB_KIND_SOFTWARE }, { "sw-office", KB_KIND_SOFTWARE },
	{ "sw-email-client", KB_KIND_SOFTWARE }, { "sw-erp", KB_KIND_SOFTWARE },
	{ "sw-web-browser", KB_KIND_SOFTWARE }, { "sw-operating-system", KB_KIND_SOFTWARE },
	{ "sw-website-cms", KB_KIND_SOFTWARE },
	{ "net-router", KB_KIND_NETWORK }, { "net-wifi", KB_KIND_NETWORK },
	{ "net-internet-line", KB_KIND_NETWORK }, { "net-vpn", KB_KIND_NETWORK },
	{ "cloud-mailbox", KB_KIND_CLOUD }, { "cloud-storage", KB_KIND_CLOUD },
	{ "cloud-accounting", KB_KIND_CLOUD }, { "cloud-webshop", KB_KIND_CLOUD },
	{ "cloud-backup", KB_KIND_CLOUD },
	{ "site-office", KB_KIND_SITE }, { "site-workshop", KB_KIND_SITE },
	{ "site-home-office", KB_KIND_SITE },
	{ "person-owner", KB_KIND_PERSON }, { "person-employee", KB_KIND_PERSON },
	{ "person-it-contact", KB_KIND_PERSON },
	{ "org-it-partner", KB_KIND_SUPPLIER }, { "org-accountant", KB_KIND_SUPPLIER },
	{ "org-hosting-provider", KB_KIND_SUPPLIER },
};
#define ASSET_TYPE_COUNT (sizeof asset_type_list / sizeof asset_type_list[0])

/* One loaded risk knowledge base and what it owns. */
struct risk_loaded {
	json_t *root;
	json_t *vroot;
	struct kb_asset_type *asset_types;
	struct kb_threat *threats;
	struct kb_what_if *what_ifs;
	size_t what_if_count;
	struct kb_vulnerability *vulnerabilities;
	size_t vulnerability_count;
	struct kb_scenario *scenarios;
	size_t *vulnerability_order;   /* indexes into vulnerabilities, by id */
	struct kb_risk risk;
};

static struct risk_loaded *current;   /* NULL before the first successful load */

static void risk_free(struct risk_loaded *l)
{
	if (!l)
		return;
	for (size_t i = 0; l->what_ifs && i < l->what_if_count; i++) {
		free((void *)l->what_ifs[i].threats);
		free((void *)l->what_ifs[i].asset_types);
	}
	for (size_t i = 0; l->vulnerabilities && i < l->vulnerability_count; i++)
		free((void *)l->vulnerabilities[i].asset_types);
	free(l->asset_types);
	free(l->threats);
	free(l->what_ifs);
	free(l->vulnerabilities);
	free(l->scenarios);
	free(l->vulnerability_order);
	json_decref(l->root);
	json_decref(l->vroot);
	free(l);
}

static int read_asset_types(json_t *array, struct risk_loaded *l, char *err, size_t errlen)
{
	static const char *const keys[] = { "id", "kind", "primary", "title", NULL };
	size_t n = json_array_size(array);
	l->asset_types = calloc(n ? n : 1, sizeof *l->asset_types);
	if (!l->asset_types) {
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	bool seen[ASSET_TYPE_COUNT] = { false };
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(array, i);
		const char *id = kb_entry_id(e, i, "asset type", NULL, keys, err, errlen);
		if (!id)
			return -1;
		size_t k = 0;
		while (k < ASSET_TYPE_COUNT && strcmp(asset_type_list[k].id, id) != 0)
			k++;
		if (k == ASSET_TYPE_COUNT) {
			kb_fail(err, errlen, "asset type \"%s\": not one of the %zu asset types "
			        "the product knows", id, ASSET_TYPE_COUNT);
			return -1;
		}
		if (seen[k]) {
			kb_fail(err, errlen, "asset type \"%s\": the id is used twice", id);
			return -1;
		}
		seen[k] = true;

		json_t *kind = json_object_get(e, "kind");
		if (!json_is_string(kind)) {
			kb_fail(err, errlen, "asset type \"%s\": kind is missing or not a string", id);
			return -1;
		}
		int kd = -1;
		for (int j = 0; j < KB_KIND_COUNT; j++)
			if (strcmp(kb_asset_kind_ids[j], json_string_value(kind)) == 0)
				kd = j;
		if (kd < 0) {
			kb_fail(err, errlen, "asset type \"%s\": unknown kind \"%s\"", id,
			        json_string_value(kind));
			return -1;
		}
		if ((enum kb_asset_kind)kd != asset_type_list[k].kind) {
			kb_fail(err, errlen, "asset type \"%s\": kind \"%s\", where \"%s\" is expected",
			        id, kb_asset_kind_ids[kd], kb_asset_kind_ids[asset_type_list[k].kind]);
			return -1;
		}
		json_t *primary = json_object_get(e, "primary");
		if (!json_is_boolean(primary)) {
			kb_fail(err, errlen, "asset type \"%s\": primary is missing or not true/false", id);
			return -1;
		}
		bool want = kd == KB_KIND_INFORMATION || kd == KB_KIND_PROCESS;
		if (json_is_true(primary) != want) {
			kb_fail(err, errlen, "asset type \"%s\": primary must be %s for kind \"%s\"",
			        id, want ? "true" : "false", kb_asset_kind_ids[kd]);
			return -1;
		}
		struct kb_asset_type *out = &l->asset_types[i];
		if (kb_entry_text(e, "asset type", id, "title", &out->title, err, errlen) != 0)
			return -1;
		out->id = id;
		out->kind = (enum kb_asset_kind)kd;
		out->primary = want;
	}
	for (size_t k = 0; k < ASSET_TYPE_COUNT; k++) {
		if (!seen[k]) {
			kb_fail(err, errlen, "asset type \"%s\" is missing (all %zu are required)",
			        asset_type_list[k].id, ASSET_TYPE_COUNT);
			return -1;
		}
	}
	l->risk.asset_types = l->asset_types;
	l->risk.asset_type_count = n;
	return 0;
}

/* Parses criteria "C", "IA", "CIA", ... into CRIT_ bits; -1 if invalid. */
static int parse_criteria(const char *s)
{
	int bits = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		int b = *s == 'C' ? CRIT_C : *s == 'I' ? CRIT_I : *s == 'A' ? CRIT_A : 0;
		if (!b || (bits & b))
			return -1;
		bits |= b;
	}
	return bits;
}

static int read_threats(json_t *array, struct risk_loaded *l, char *err, size_t errlen)
{
	static const char *const keys[] = {
		"id", "theme", "criteria", "title", "description", NULL,
	};
	size_t n = json_array_size(array);
	if (n < RISK_MIN_THREATS || n > RISK_MAX_THREATS) {
		kb_fail(err, errlen, "%zu threats: %d to %d are expected", n,
		        RISK_MIN_THREATS, RISK_MAX_THREATS);
		return -1;
	}
	l->threats = calloc(n, sizeof *l->threats);
	if (!l->threats) {
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(array, i);
		const char *id = kb_entry_id(e, i, "threat", "thr-", keys, err, errlen);
		if (!id)
			return -1;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(l->threats[j].id, id) == 0) {
				kb_fail(err, errlen, "threat \"%s\": the id is used twice "
				        "(threats %zu and %zu)", id, j + 1, i + 1);
				return -1;
			}
		}
		json_t *theme = json_object_get(e, "theme");
		if (!json_is_string(theme)) {
			kb_fail(err, errlen, "threat \"%s\": theme is missing or not a string", id);
			return -1;
		}
		int th = -1;
		for (int j = 0; j < KB_THEME_COUNT; j++)
			if (strcmp(kb_threat_theme_ids[j], json_string_value(theme)) == 0)
				th = j;
		if (th < 0) {
			kb_fail(err, errlen, "threat \"%s\": unknown theme \"%s\"", id,
			        json_string_value(theme));
			return -1;
		}
		json_t *crit = json_object_get(e, "criteria");
		if (!json_is_string(crit)) {
			kb_fail(err, errlen, "threat \"%s\": criteria is missing or not a string", id);
			return -1;
		}
		int bits = parse_criteria(json_string_value(crit));
		if (bits < 0) {
			kb_fail(err, errlen, "threat \"%s\": criteria \"%s\" must be one or more "
			        "of the letters C, I, A, each once", id, json_string_value(crit));
			return -1;
		}
		struct kb_threat *out = &l->threats[i];
		if (kb_entry_text(e, "threat", id, "title", &out->title, err, errlen) != 0 ||
		    kb_entry_text(e, "threat", id, "description", &out->description, err, errlen) != 0)
			return -1;
		out->id = id;
		out->theme = (enum kb_threat_theme)th;
		out->criteria = (unsigned)bits;
		l->risk.threat_count = i + 1;   /* for the look-ups of the what-ifs */
	}
	l->risk.threats = l->threats;
	return 0;
}

/* Reads the array of ids at field of entry id (what names the list) into a
 * new array of indexes: into the threats if threats, else the asset types.
 * At least one id is required, each once. */
static int read_refs(json_t *e, const char *what, const char *id, const char *field,
                     bool threats, const struct risk_loaded *l,
                     const size_t **out, size_t *count, char *err, size_t errlen)
{
	json_t *a = json_object_get(e, field);
	if (!json_is_array(a)) {
		kb_fail(err, errlen, "%s \"%s\": %s is missing or not an array of ids",
		        what, id, field);
		return -1;
	}
	size_t n = json_array_size(a);
	if (n == 0) {
		kb_fail(err, errlen, "%s \"%s\": %s is empty", what, id, field);
		return -1;
	}
	size_t *idx = calloc(n, sizeof *idx);
	if (!idx) {
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	*out = idx;      /* owned by the entry from here on */
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(a, i);
		if (!json_is_string(r)) {
			kb_fail(err, errlen, "%s \"%s\": %s: item %zu is not a string",
			        what, id, field, i + 1);
			return -1;
		}
		const char *ref = json_string_value(r);
		size_t total = threats ? l->risk.threat_count : l->risk.asset_type_count;
		size_t k = 0;
		for (; k < total; k++) {
			const char *other = threats ? l->threats[k].id : l->asset_types[k].id;
			if (strcmp(other, ref) == 0)
				break;
		}
		if (k == total) {
			kb_fail(err, errlen, "%s \"%s\": %s: unknown %s \"%s\"", what, id, field,
			        threats ? "threat" : "asset type", ref);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			if (idx[j] == k) {
				kb_fail(err, errlen, "%s \"%s\": %s: \"%s\" is listed twice",
				        what, id, field, ref);
				return -1;
			}
		}
		idx[i] = k;
		*count = i + 1;
	}
	return 0;
}

static int read_what_ifs(json_t *array, struct risk_loaded *l, char *err, size_t errlen)
{
	static const char *const keys[] = {
		"id", "question", "hint", "threats", "asset_types", NULL,
	};
	size_t n = json_array_size(array);
	if (n < RISK_MIN_WHAT_IFS || n > RISK_MAX_WHAT_IFS) {
		kb_fail(err, errlen, "%zu what-if scenarios: %d to %d are expected", n,
		        RISK_MIN_WHAT_IFS, RISK_MAX_WHAT_IFS);
		return -1;
	}
	l->what_ifs = calloc(n, sizeof *l->what_ifs);
	if (!l->what_ifs) {
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	l->what_if_count = n;
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(array, i);
		const char *id = kb_entry_id(e, i, "what-if", "wi-", keys, err, errlen);
		if (!id)
			return -1;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(l->what_ifs[j].id, id) == 0) {
				kb_fail(err, errlen, "what-if \"%s\": the id is used twice "
				        "(what-ifs %zu and %zu)", id, j + 1, i + 1);
				return -1;
			}
		}
		struct kb_what_if *out = &l->what_ifs[i];
		out->id = id;
		if (kb_entry_text(e, "what-if", id, "question", &out->question, err, errlen) != 0 ||
		    kb_entry_text(e, "what-if", id, "hint", &out->hint, err, errlen) != 0 ||
		    read_refs(e, "what-if", id, "threats", true, l,
		              &out->threats, &out->threat_count, err, errlen) != 0 ||
		    read_refs(e, "what-if", id, "asset_types", false, l,
		              &out->asset_types, &out->asset_type_count, err, errlen) != 0)
			return -1;
	}
	l->risk.what_ifs = l->what_ifs;
	l->risk.what_if_count = n;
	return 0;
}

static int read_vulnerabilities(json_t *root, struct risk_loaded *l, char *err, size_t errlen)
{
	static const char *const top[] = { "vulnerabilities", NULL };
	static const char *const keys[] = { "id", "asset_types", "text", NULL };
	if (!json_is_object(root)) {
		kb_fail(err, errlen, "the file must hold one object with \"vulnerabilities\"");
		return -1;
	}
	const char *bad = kb_unknown_key(root, top);
	if (bad) {
		kb_fail(err, errlen, "unknown key \"%s\" (only \"vulnerabilities\")", bad);
		return -1;
	}
	json_t *array = kb_list(root, "vulnerabilities", err, errlen);
	if (!array)
		return -1;
	size_t n = json_array_size(array);
	l->vulnerabilities = calloc(n ? n : 1, sizeof *l->vulnerabilities);
	if (!l->vulnerabilities) {
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	l->vulnerability_count = n;
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(array, i);
		const char *id = kb_entry_id(e, i, "vulnerability", "vul-", keys, err, errlen);
		if (!id)
			return -1;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(l->vulnerabilities[j].id, id) == 0) {
				kb_fail(err, errlen, "vulnerability \"%s\": the id is used twice "
				        "(vulnerabilities %zu and %zu)", id, j + 1, i + 1);
				return -1;
			}
		}
		struct kb_vulnerability *out = &l->vulnerabilities[i];
		out->id = id;
		if (kb_entry_text(e, "vulnerability", id, "text", &out->text, err, errlen) != 0 ||
		    read_refs(e, "vulnerability", id, "asset_types", false, l,
		              &out->asset_types, &out->asset_type_count, err, errlen) != 0)
			return -1;
	}
	l->risk.vulnerabilities = l->vulnerabilities;
	l->risk.vulnerability_count = n;
	return 0;
}

/* The index of the entry whose id is ref among n entries of size bytes
 * starting at first (each beginning with its const char *id), or n. */
static size_t index_of(const void *first, size_t n, size_t size, const char *ref)
{
	for (size_t k = 0; k < n; k++) {
		const char *id = *(const char *const *)((const char *)first + k * size);
		if (strcmp(id, ref) == 0)
			return k;
	}
	return n;
}

/* Reads the id at field of scenario i and resolves it among n entries
 * (what names them); -1 with err set if missing or unknown. */
static int scenario_ref(json_t *e, size_t i, const char *field, const char *what,
                        const void *first, size_t n, size_t size, size_t *out,
                        char *err, size_t errlen)
{
	json_t *r = json_object_get(e, field);
	if (!json_is_string(r)) {
		kb_fail(err, errlen, "scenario %zu: %s is missing or not a string", i + 1, field);
		return -1;
	}
	*out = index_of(first, n, size, json_string_value(r));
	if (*out == n) {
		kb_fail(err, errlen, "scenario %zu: unknown %s \"%.60s\"", i + 1, what,
		        json_string_value(r));
		return -1;
	}
	return 0;
}

/* Reads "scenarios" (after the vulnerabilities, which they refer to). */
static int read_scenarios(json_t *array, struct risk_loaded *l, char *err, size_t errlen)
{
	static const char *const keys[] = { "asset_type", "threat", "vulnerability", NULL };
	size_t n = json_array_size(array);
	if (n < RISK_MIN_SCENARIOS || n > RISK_MAX_SCENARIOS) {
		kb_fail(err, errlen, "%zu scenarios: %d to %d are expected", n,
		        RISK_MIN_SCENARIOS, RISK_MAX_SCENARIOS);
		return -1;
	}
	l->scenarios = calloc(n, sizeof *l->scenarios);
	if (!l->scenarios) {
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(array, i);
		if (!json_is_object(e)) {
			kb_fail(err, errlen, "scenario %zu: must be an object", i + 1);
			return -1;
		}
		const char *bad = kb_unknown_key(e, keys);
		if (bad) {
			kb_fail(err, errlen, "scenario %zu: unknown key \"%s\"", i + 1, bad);
			return -1;
		}
		struct kb_scenario *out = &l->scenarios[i];
		if (scenario_ref(e, i, "asset_type", "asset type", l->asset_types,
		                 l->risk.asset_type_count, sizeof *l->asset_types,
		                 &out->asset_type, err, errlen) != 0 ||
		    scenario_ref(e, i, "threat", "threat", l->threats, l->risk.threat_count,
		                 sizeof *l->threats, &out->threat, err, errlen) != 0 ||
		    scenario_ref(e, i, "vulnerability", "vulnerability", l->vulnerabilities,
		                 l->vulnerability_count, sizeof *l->vulnerabilities,
		                 &out->vulnerability, err, errlen) != 0)
			return -1;
		const char *at = l->asset_types[out->asset_type].id;
		const char *th = l->threats[out->threat].id;
		const struct kb_vulnerability *v = &l->vulnerabilities[out->vulnerability];
		bool applies = false;
		for (size_t k = 0; k < v->asset_type_count; k++)
			applies = applies || v->asset_types[k] == out->asset_type;
		if (!applies) {
			kb_fail(err, errlen, "scenario %zu (%s, %s, %s): the vulnerability does not "
			        "apply to that asset type", i + 1, at, th, v->id);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			const struct kb_scenario *o = &l->scenarios[j];
			if (o->asset_type == out->asset_type && o->threat == out->threat &&
			    o->vulnerability == out->vulnerability) {
				kb_fail(err, errlen, "scenario %zu (%s, %s, %s): the same as "
				        "scenario %zu", i + 1, at, th, v->id, j + 1);
				return -1;
			}
		}
	}
	l->risk.scenarios = l->scenarios;
	l->risk.scenario_count = n;
	return 0;
}

/* True if index is among the n entries of list. */
static bool listed(const size_t *list, size_t n, size_t index)
{
	for (size_t k = 0; k < n; k++)
		if (list[k] == index)
			return true;
	return false;
}

/* Every what-if must lead to at least one default scenario (one of its
 * asset types with one of its threats): promoting its answer into the full
 * method (web/what_if.c) would otherwise create no risk at all. */
static int check_what_ifs_have_scenarios(const struct risk_loaded *l, char *err,
                                         size_t errlen)
{
	for (size_t i = 0; i < l->what_if_count; i++) {
		const struct kb_what_if *w = &l->what_ifs[i];
		bool found = false;
		for (size_t s = 0; s < l->risk.scenario_count && !found; s++)
			found = listed(w->asset_types, w->asset_type_count,
			               l->scenarios[s].asset_type) &&
			        listed(w->threats, w->threat_count, l->scenarios[s].threat);
		if (!found) {
			kb_fail(err, errlen, "what-if \"%s\": no scenario has one of its asset "
			        "types with one of its threats, so its answer would lead to no risk",
			        w->id);
			return -1;
		}
	}
	return 0;
}

static json_t *parse_json(const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		kb_fail(err, errlen, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
	return root;
}

/* Parses and checks both files; NULL on error, with *in_vulnerabilities
 * telling which file the message is about. */
static struct risk_loaded *parse_risk(const char *text, size_t len,
                                      const char *vtext, size_t vlen,
                                      bool *in_vulnerabilities, char *err, size_t errlen)
{
	static const char *const keys[] = {
		"asset_types", "threats", "what_if", "scenarios", NULL,
	};
	*in_vulnerabilities = false;
	struct risk_loaded *l = calloc(1, sizeof *l);
	if (!l) {
		kb_fail(err, errlen, "out of memory");
		return NULL;
	}
	l->root = parse_json(text, len, err, errlen);
	if (!l->root)
		goto error;
	if (!json_is_object(l->root)) {
		kb_fail(err, errlen, "the file must hold one object with \"asset_types\", "
		        "\"threats\" and \"what_if\"");
		goto error;
	}
	const char *bad = kb_unknown_key(l->root, keys);
	if (bad) {
		kb_fail(err, errlen, "unknown key \"%s\" (only \"asset_types\", \"threats\", "
		        "\"what_if\" and \"scenarios\")", bad);
		goto error;
	}
	json_t *a;
	if (!(a = kb_list(l->root, "asset_types", err, errlen)) ||
	    read_asset_types(a, l, err, errlen) != 0 ||
	    !(a = kb_list(l->root, "threats", err, errlen)) ||
	    read_threats(a, l, err, errlen) != 0 ||
	    !(a = kb_list(l->root, "what_if", err, errlen)) ||
	    read_what_ifs(a, l, err, errlen) != 0)
		goto error;
	if (vtext) {
		*in_vulnerabilities = true;
		l->vroot = parse_json(vtext, vlen, err, errlen);
		if (!l->vroot || read_vulnerabilities(l->vroot, l, err, errlen) != 0)
			goto error;
		*in_vulnerabilities = false;
	}
	if (json_object_get(l->root, "scenarios")) {
		if (!vtext) {
			kb_fail(err, errlen, "\"scenarios\" need the vulnerabilities "
			        "(" VULNERABILITIES_PATH ") to be checked against");
			goto error;
		}
		if (!(a = kb_list(l->root, "scenarios", err, errlen)) ||
		    read_scenarios(a, l, err, errlen) != 0 ||
		    check_what_ifs_have_scenarios(l, err, errlen) != 0)
			goto error;
	}
	return l;
error:
	risk_free(l);
	return NULL;
}

/* qsort passes no context: the list being indexed (loading is single-threaded). */
static const struct kb_vulnerability *ordering;

static int compare_vulnerability_ids(const void *a, const void *b)
{
	return strcmp(ordering[*(const size_t *)a].id, ordering[*(const size_t *)b].id);
}

/* The vulnerabilities by id, for kb_vulnerability_find: the register looks
 * one up per risk. */
static bool index_vulnerabilities(struct risk_loaded *l)
{
	size_t n = l->vulnerability_count;
	l->vulnerability_order = malloc((n ? n : 1) * sizeof *l->vulnerability_order);
	if (!l->vulnerability_order)
		return false;
	for (size_t i = 0; i < n; i++)
		l->vulnerability_order[i] = i;
	ordering = l->vulnerabilities;
	qsort(l->vulnerability_order, n, sizeof *l->vulnerability_order, compare_vulnerability_ids);
	return true;
}

static int load(const char *text, size_t len, const char *vtext, size_t vlen,
                bool *in_vulnerabilities, char *err, size_t errlen)
{
	*in_vulnerabilities = false;
	if (!text) {
		kb_fail(err, errlen, "no text");
		return -1;
	}
	struct risk_loaded *l = parse_risk(text, len, vtext, vlen, in_vulnerabilities,
	                                   err, errlen);
	if (!l)
		return -1;   /* what was loaded before, if anything, stays */
	if (!index_vulnerabilities(l)) {
		risk_free(l);
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	risk_free(current);
	current = l;
	return 0;
}

int kb_load_risk_text(const char *risk_json, size_t len,
                      const char *vulnerabilities_json, size_t vlen,
                      char *err, size_t errlen)
{
	bool in_v;
	char why[512];
	if (load(risk_json, len, vulnerabilities_json, vlen, &in_v, why, sizeof why) != 0) {
		kb_fail(err, errlen, "%s%s", in_v ? "vulnerabilities: " : "", why);
		return -1;
	}
	return 0;
}

int kb_risk_load_resources(char *err, size_t errlen)
{
	const struct resource *r = resource_find(RISK_PATH);
	if (!r) {
		kb_fail(err, errlen, RISK_PATH ": not embedded in this build");
		return -1;
	}
	const struct resource *v = resource_find(VULNERABILITIES_PATH);
	bool in_v;
	char why[512];
	if (load((const char *)r->data, r->size, v ? (const char *)v->data : NULL,
	         v ? v->size : 0, &in_v, why, sizeof why) != 0) {
		kb_fail(err, errlen, "%s: %s", in_v ? VULNERABILITIES_PATH : RISK_PATH, why);
		return -1;
	}
	return 0;
}

const struct kb_risk *kb_risk(void)
{
	return current ? &current->risk : NULL;
}

const struct kb_asset_type *kb_asset_type_find(const char *id, size_t *index)
{
	if (!id || !current)
		return NULL;
	for (size_t i = 0; i < current->risk.asset_type_count; i++) {
		if (strcmp(current->asset_types[i].id, id) == 0) {
			if (index)
				*index = i;
			return &current->asset_types[i];
		}
	}
	return NULL;
}

const struct kb_threat *kb_threat_find(const char *id, size_t *index)
{
	if (!id || !current)
		return NULL;
	for (size_t i = 0; i < current->risk.threat_count; i++) {
		if (strcmp(current->threats[i].id, id) == 0) {
			if (index)
				*index = i;
			return &current->threats[i];
		}
	}
	return NULL;
}

const struct kb_what_if *kb_what_if_find(const char *id, size_t *index)
{
	if (!id || !current)
		return NULL;
	for (size_t i = 0; i < current->risk.what_if_count; i++) {
		if (strcmp(current->what_ifs[i].id, id) == 0) {
			if (index)
				*index = i;
			return &current->what_ifs[i];
		}
	}
	return NULL;
}

const struct kb_vulnerability *kb_vulnerability_find(const char *id, size_t *index)
{
	if (!id || !current)
		return NULL;
	size_t lo = 0, hi = current->vulnerability_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, at = current->vulnerability_order[mid];
		int c = strcmp(current->vulnerabilities[at].id, id);
		if (c == 0) {
			if (index)
				*index = at;
			return &current->vulnerabilities[at];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
