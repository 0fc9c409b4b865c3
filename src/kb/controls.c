/*
 * controls.c - loads the list of ISO/IEC 27002:2022 controls (see kb.h),
 * the rows of the Statement of Applicability (METHOD.md §3, §4), from the
 * embedded resource kb/iso27002.json. Its shape:
 *
 *   { "controls": [ { "id": "5.1", "theme": "organisational",
 *                     "title": { "nl", "fr", "de", "en" } }, ... ] }
 *
 * The standard has exactly 93 controls in four themes: organisational
 * 5.1-5.37, people 6.1-6.8, physical 7.1-7.14, technological 8.1-8.34.
 * The numbers are facts of the standard; the titles are short names of our
 * own, not the standard's wording. As strict as the other loaders: every
 * key known, every title present in the four languages, no id twice, no id
 * outside the 93, each control in the theme its number belongs to, all 93
 * present and in the standard's order.
 *
 * Strings point into the parsed json_t, kept with the structures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kb/kb.h"
#include "kb/kb_internal.h"
#include "lib/resource.h"

#define CONTROLS_PATH "kb/iso27002.json"

const char *const kb_control_theme_ids[KB_CONTROL_THEME_COUNT] = {
	"organisational", "people", "physical", "technological",
};

/* Per theme: its clause number in the standard and how many controls it has. */
static const struct {
	int clause;
	size_t count;
} theme_clauses[KB_CONTROL_THEME_COUNT] = {
	{ 5, 37 }, { 6, 8 }, { 7, 14 }, { 8, 34 },
};
_Static_assert(37 + 8 + 14 + 34 == KB_CONTROL_COUNT, "ISO/IEC 27002:2022 has 93 controls");

/* One loaded list and what it owns. */
struct controls_loaded {
	json_t *root;
	struct kb_control *controls;
	struct kb_controls list;
};

static struct controls_loaded *current;   /* NULL before the first successful load */

static void controls_free(struct controls_loaded *l)
{
	if (!l)
		return;
	free(l->controls);
	json_decref(l->root);
	free(l);
}

/* The place (0..92) of control id in the standard's order, its theme in
 * *theme; -1 if id is not "C.N" with C the clause of a theme and N from 1
 * to that theme's count, written without leading zeros. */
static int control_place(const char *id, enum kb_control_theme *theme)
{
	if (!id || id[0] < '5' || id[0] > '8' || id[1] != '.')
		return -1;
	const char *n = id + 2;
	if (n[0] < '1' || n[0] > '9')
		return -1;
	size_t num = 0;
	for (size_t i = 0; n[i]; i++) {
		if (i >= 2 || n[i] < '0' || n[i] > '9')
			return -1;
		num = num * 10 + (size_t)(n[i] - '0');
	}
	size_t place = 0;
	for (int t = 0; t < KB_CONTROL_THEME_COUNT; t++) {
		if (theme_clauses[t].clause == id[0] - '0') {
			if (num > theme_clauses[t].count)
				return -1;
			if (theme)
				*theme = (enum kb_control_theme)t;
			return (int)(place + num - 1);
		}
		place += theme_clauses[t].count;
	}
	return -1;
}

/* The id of the control at place (0..92), written into buf. */
static const char *control_id_at(size_t place, char *buf, size_t size)
{
	for (int t = 0; t < KB_CONTROL_THEME_COUNT; t++) {
		if (place < theme_clauses[t].count) {
			snprintf(buf, size, "%d.%zu", theme_clauses[t].clause, place + 1);
			return buf;
		}
		place -= theme_clauses[t].count;
	}
	snprintf(buf, size, "?");
	return buf;
}

static int read_control(json_t *e, size_t i, struct controls_loaded *l, int *place_of,
                        int *places, char *err, size_t errlen)
{
	static const char *const keys[] = { "id", "theme", "title", NULL };
	if (!json_is_object(e)) {
		kb_fail(err, errlen, "control %zu: must be an object", i + 1);
		return -1;
	}
	json_t *idj = json_object_get(e, "id");
	if (!json_is_string(idj)) {
		kb_fail(err, errlen, "control %zu: id is missing or not a string", i + 1);
		return -1;
	}
	const char *id = json_string_value(idj);
	enum kb_control_theme theme;
	int place = control_place(id, &theme);
	if (place < 0) {
		kb_fail(err, errlen, "control %zu: \"%.20s\" is not one of the 93 controls of "
		        "ISO/IEC 27002:2022 (5.1-5.37, 6.1-6.8, 7.1-7.14, 8.1-8.34)", i + 1, id);
		return -1;
	}
	const char *bad = kb_unknown_key(e, keys);
	if (bad) {
		kb_fail(err, errlen, "control \"%s\": unknown key \"%s\"", id, bad);
		return -1;
	}
	if (place_of[place] >= 0) {
		kb_fail(err, errlen, "control \"%s\": the id is used twice (controls %d and %zu)",
		        id, place_of[place] + 1, i + 1);
		return -1;
	}
	place_of[place] = (int)i;
	places[i] = place;

	json_t *tj = json_object_get(e, "theme");
	if (!tj) {
		kb_fail(err, errlen, "control \"%s\": theme is missing", id);
		return -1;
	}
	if (!json_is_string(tj)) {
		kb_fail(err, errlen, "control \"%s\": theme must be a string", id);
		return -1;
	}
	const char *ts = json_string_value(tj);
	int t = -1;
	for (int k = 0; k < KB_CONTROL_THEME_COUNT; k++)
		if (strcmp(kb_control_theme_ids[k], ts) == 0)
			t = k;
	if (t < 0) {
		kb_fail(err, errlen, "control \"%s\": unknown theme \"%.40s\" (organisational, "
		        "people, physical or technological)", id, ts);
		return -1;
	}
	if ((enum kb_control_theme)t != theme) {
		kb_fail(err, errlen, "control \"%s\": theme \"%s\", but the controls %d.x are "
		        "\"%s\"", id, ts, theme_clauses[theme].clause, kb_control_theme_ids[theme]);
		return -1;
	}

	char what[64];
	snprintf(what, sizeof what, "control \"%s\": title", id);
	json_t *title = json_object_get(e, "title");
	if (!title) {
		kb_fail(err, errlen, "%s is missing", what);
		return -1;
	}
	struct kb_control *out = &l->controls[i];
	if (kb_read_text(title, what, &out->title, err, errlen) != 0)
		return -1;
	out->id = id;
	out->theme = theme;
	return 0;
}

/* Reads every control and checks the list is the 93, in order. */
static int read_controls(json_t *array, struct controls_loaded *l, char *err, size_t errlen)
{
	size_t n = json_array_size(array);
	int place_of[KB_CONTROL_COUNT];   /* position in the file of each control, or -1 */
	for (size_t k = 0; k < KB_CONTROL_COUNT; k++)
		place_of[k] = -1;
	int *places = calloc(n ? n : 1, sizeof *places);
	l->controls = calloc(n ? n : 1, sizeof *l->controls);
	if (!places || !l->controls) {
		free(places);
		kb_fail(err, errlen, "out of memory");
		return -1;
	}
	int rc = -1;
	char buf[16], buf2[16];
	for (size_t i = 0; i < n; i++)
		if (read_control(json_array_get(array, i), i, l, place_of, places, err, errlen) != 0)
			goto done;
	/* Ids are distinct and among the 93 here, so more than 93 is impossible. */
	if (n != KB_CONTROL_COUNT) {
		size_t missing = 0;
		while (missing < KB_CONTROL_COUNT && place_of[missing] >= 0)
			missing++;
		kb_fail(err, errlen, "%zu controls: exactly %d are expected (%s is missing)",
		        n, KB_CONTROL_COUNT, control_id_at(missing, buf, sizeof buf));
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (places[i] != (int)i) {
			kb_fail(err, errlen, "control \"%s\" is in place %zu, where the standard's "
			        "order puts \"%s\"", l->controls[i].id, i + 1,
			        control_id_at(i, buf2, sizeof buf2));
			goto done;
		}
	}
	rc = 0;
done:
	free(places);
	return rc;
}

static struct controls_loaded *parse_controls(const char *text, size_t len,
                                              char *err, size_t errlen)
{
	static const char *const keys[] = { "controls", NULL };
	struct controls_loaded *l = calloc(1, sizeof *l);
	if (!l) {
		kb_fail(err, errlen, "out of memory");
		return NULL;
	}
	json_error_t jerr;
	l->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!l->root) {
		kb_fail(err, errlen, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
		goto error;
	}
	if (!json_is_object(l->root)) {
		kb_fail(err, errlen, "the file must hold one object with \"controls\"");
		goto error;
	}
	const char *bad = kb_unknown_key(l->root, keys);
	if (bad) {
		kb_fail(err, errlen, "unknown key \"%s\" (only \"controls\")", bad);
		goto error;
	}
	json_t *a = json_object_get(l->root, "controls");
	if (!json_is_array(a)) {
		kb_fail(err, errlen, "\"controls\" is missing or not an array");
		goto error;
	}
	if (read_controls(a, l, err, errlen) != 0)
		goto error;
	l->list.controls = l->controls;
	l->list.count = KB_CONTROL_COUNT;
	return l;
error:
	controls_free(l);
	return NULL;
}

int kb_load_controls_text(const char *text, size_t len, char *err, size_t errlen)
{
	if (!text) {
		kb_fail(err, errlen, CONTROLS_PATH ": no text");
		return -1;
	}
	char why[512];
	struct controls_loaded *l = parse_controls(text, len, why, sizeof why);
	if (!l) {
		kb_fail(err, errlen, CONTROLS_PATH ": %s", why);
		return -1;   /* what was loaded before, if anything, stays */
	}
	controls_free(current);
	current = l;
	return 0;
}

int kb_controls_load_resources(char *err, size_t errlen)
{
	const struct resource *r = resource_find(CONTROLS_PATH);
	if (!r) {
		kb_fail(err, errlen, CONTROLS_PATH ": not embedded in this build");
		return -1;
	}
	return kb_load_controls_text((const char *)r->data, r->size, err, errlen);
}

const struct kb_controls *kb_controls(void)
{
	return current ? &current->list : NULL;
}

const struct kb_control *kb_control_find(const char *id, size_t *index)
{
	if (!id || !current)
		return NULL;
	int place = control_place(id, NULL);
	if (place < 0 || strcmp(current->controls[place].id, id) != 0)
		return NULL;
	if (index)
		*index = (size_t)place;
	return &current->controls[place];
}
