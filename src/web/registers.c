/*
 * registers.c - the small registers of the first steps (METHOD.md §1):
 * backups (checked against the 3-2-1 rule and the age of the last restore
 * test), Wi-Fi networks (separation, encryption, key age) and software and
 * devices (automatic updates, end of support).
 *
 * Each register is declared here as data: its fields (type, limits,
 * choices, label) and the core/ check that flags its entries. One set of
 * handlers and one template serve them all; the store keeps entries as
 * JSON objects (store/registers.c). A new register of the same kind is a
 * new declaration, routes and nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/first_steps.h"
#include "core/text.h"
#include "web/handlers.h"

/* ---- declarations ------------------------------------------------------------ */

struct register_def {
	const char *name;                  /* URL segment and store name */
	const char *title;                 /* message id */
	const char *intro;                 /* message id */
	const struct field *fields;
	const char *const *labels;         /* message id per field */
	size_t count;
	const struct form_spec *spec;
	/* Adds "flags" (translated messages) and "due" to item from entry. */
	void (*check)(struct request *req, json_t *entry, json_t *item);
};

static const char *const media[] = {"", N_("external disk"), N_("NAS"),
	N_("cloud service"), N_("tape"), N_("USB stick"), N_("other"), NULL};
static const char *const frequencies[] = {"", N_("continuous"), N_("daily"),
	N_("weekly"), N_("monthly"), N_("irregular"), NULL};
static const char *const purposes[] = {N_("business"), N_("guest"), NULL};
static const char *const securities[] = {N_("WPA3"), N_("WPA2"), N_("WPA"), N_("WEP"),
	N_("open"), NULL};
static const char *const kinds[] = {N_("computer"), N_("operating system"),
	N_("application"), N_("phone or tablet"), N_("network device"), N_("website"),
	N_("other"), NULL};

static const struct field backup_fields[] = {
	{"what", FIELD_TEXT, true, 1, 200, NULL},
	{"location", FIELD_TEXT, false, 0, 200, NULL},
	{"medium", FIELD_CHOICE, false, 0, 0, media},
	{"frequency", FIELD_CHOICE, false, 0, 0, frequencies},
	{"copies", FIELD_INT, true, 1, 99, NULL},
	{"media", FIELD_INT, true, 1, 9, NULL},
	{"offsite", FIELD_BOOL, false, 0, 0, NULL},
	{"last_restore_test", FIELD_DATE, false, 0, 0, NULL},
	{"note", FIELD_MULTILINE, false, 0, 2000, NULL},
};
static const char *const backup_labels[] = {
	N_("What is backed up"), N_("Where"), N_("Storage"), N_("How often"),
	N_("Copies, the original included"), N_("Different kinds of storage"),
	N_("A copy off-site or offline"), N_("Last restore test"), N_("Note"),
};
const struct form_spec register_backup_spec = {backup_fields, 9};

static const struct field wifi_fields[] = {
	{"name", FIELD_TEXT, true, 1, 100, NULL},
	{"purpose", FIELD_CHOICE, true, 0, 0, purposes},
	{"security", FIELD_CHOICE, true, 0, 0, securities},
	{"separated", FIELD_BOOL, false, 0, 0, NULL},
	{"key_changed", FIELD_DATE, false, 0, 0, NULL},
	{"note", FIELD_MULTILINE, false, 0, 2000, NULL},
};
static const char *const wifi_labels[] = {
	N_("Network name"), N_("For"), N_("Security"),
	N_("Kept apart from the business network"), N_("Password last changed"), N_("Note"),
};
const struct form_spec register_wifi_spec = {wifi_fields, 6};

static const struct field software_fields[] = {
	{"name", FIELD_TEXT, true, 1, 200, NULL},
	{"kind", FIELD_CHOICE, true, 0, 0, kinds},
	{"automatic_updates", FIELD_BOOL, false, 0, 0, NULL},
	{"end_of_support", FIELD_DATE, false, 0, 0, NULL},
	{"note", FIELD_MULTILINE, false, 0, 2000, NULL},
};
static const char *const software_labels[] = {
	N_("Name"), N_("Kind"), N_("Updates install automatically"),
	N_("End of support"), N_("Note"),
};
const struct form_spec register_software_spec = {software_fields, 5};

/* ---- checks: from an entry to core/first_steps.h ------------------------------- */

static day_t entry_date(json_t *entry, const char *key)
{
	day_t day;
	const char *text = json_string_value(json_object_get(entry, key));
	return text && date_parse(text, &day) ? day : DATE_NONE;
}

static long long entry_int(json_t *entry, const char *key)
{
	return json_integer_value(json_object_get(entry, key));
}

static void put_flags(struct request *req, json_t *item, unsigned flags, day_t due)
{
	json_t *list = json_array();
	for (unsigned bit = 1; bit && bit <= flags; bit <<= 1)
		if (flags & bit)
			json_array_append_new(list, json_string(_(req,
				first_steps_flag_message((enum first_steps_flag)bit))));
	json_object_set_new(item, "flags", list);
	char text[11] = "";
	if (due != DATE_NONE)
		date_format(due, text);
	json_object_set_new(item, "due", json_string(text));
}

static void check_backup(struct request *req, json_t *entry, json_t *item)
{
	struct backup_entry b = {
		.copies = (int)entry_int(entry, "copies"),
		.media = (int)entry_int(entry, "media"),
		.offsite_or_offline = json_is_true(json_object_get(entry, "offsite")),
		.last_restore_test = entry_date(entry, "last_restore_test"),
	};
	day_t due;
	unsigned flags = backup_check(&b, date_from_unix(req->now),
	                              RESTORE_TEST_MONTHS_DEFAULT, &due);
	put_flags(req, item, flags, due);
}

static int choice_index(const char *const *choices, const char *value)
{
	for (int i = 0; value && choices[i]; i++)
		if (strcmp(choices[i], value) == 0)
			return i;
	return 0;
}

static void check_wifi(struct request *req, json_t *entry, json_t *item)
{
	/* securities[] runs from strongest to weakest: WPA3 is index 0. */
	static const enum wifi_security by_index[] = {WIFI_WPA3, WIFI_WPA2, WIFI_WPA,
	                                              WIFI_WEP, WIFI_OPEN};
	struct wifi_network w = {
		.purpose = choice_index(purposes, json_string_value(
			json_object_get(entry, "purpose"))) == 1 ? WIFI_GUEST : WIFI_BUSINESS,
		.security = by_index[choice_index(securities,
			json_string_value(json_object_get(entry, "security")))],
		.separated = json_is_true(json_object_get(entry, "separated")),
		.key_changed = entry_date(entry, "key_changed"),
	};
	day_t due;
	unsigned flags = wifi_check(&w, date_from_unix(req->now),
	                            WIFI_ROTATION_DAYS_DEFAULT, &due);
	put_flags(req, item, flags, due);
}

static void check_software(struct request *req, json_t *entry, json_t *item)
{
	struct software_item s = {
		.automatic_updates = json_is_true(json_object_get(entry, "automatic_updates")),
		.end_of_support = entry_date(entry, "end_of_support"),
	};
	put_flags(req, item, software_check(&s, date_from_unix(req->now)), DATE_NONE);
}

static const struct register_def registers[] = {
	{"backups", N_("Backups"),
	 N_("What is backed up, where and how often. Each backup is checked against the 3-2-1 rule (three copies, on two kinds of medium, one off-site or offline) and the date of the last restore test (at most 12 months ago)."),
	 backup_fields, backup_labels, 9, &register_backup_spec, check_backup},
	{"wifi", N_("Wi-Fi networks"),
	 N_("Your wireless networks. A guest network should be kept apart from the business network. "
	    "Every network should use WPA2 or WPA3 and get a new password every 180 days."),
	 wifi_fields, wifi_labels, 6, &register_wifi_spec, check_wifi},
	{"software", N_("Software and devices"),
	 N_("Computers, programs, phones and network devices. Each should install its updates automatically and still be supported by its maker."),
	 software_fields, software_labels, 5, &register_software_spec, check_software},
};

/* ---- pages -------------------------------------------------------------------- */

static const struct register_def *register_of(const struct request *req)
{
	for (size_t i = 0; i < sizeof registers / sizeof registers[0]; i++)
		if (strcmp(registers[i].name, req->segments[2]) == 0)
			return &registers[i];
	return NULL;   /* the route table names only declared registers */
}

static const char *input_kind(enum field_type type)
{
	switch (type) {
	case FIELD_MULTILINE: return "textarea";
	case FIELD_INT: return "number";
	case FIELD_DATE: return "date";
	case FIELD_BOOL: return "checkbox";
	case FIELD_CHOICE: return "select";
	default: return "text";
	}
}

/* A field's value in an entry, as the text an input shows: the string
 * itself (never cut), or an integer written into number. */
static const char *value_text(json_t *value, char number[24])
{
	if (json_is_integer(value)) {
		snprintf(number, 24, "%lld", (long long)json_integer_value(value));
		return number;
	}
	const char *text = json_string_value(value);
	return text ? text : "";
}

/* The inputs of a form for def: values from an entry (or the posted
 * form), errors from the posted form. prefix makes ids unique per row. */
static json_t *inputs_json(struct request *req, const struct register_def *def,
                           json_t *values, json_t *errors, const char *prefix)
{
	json_t *list = json_array();
	for (size_t i = 0; i < def->count; i++) {
		const struct field *f = &def->fields[i];
		json_t *value = json_object_get(values, f->name);
		char number[24];
		const char *text = value_text(value, number);
		bool checked = json_is_true(value) || strcmp(text, "1") == 0 ||
		               strcmp(text, "on") == 0 || strcmp(text, "true") == 0;
		char id[80];
		snprintf(id, sizeof id, "%s%s", prefix, f->name);
		json_t *input = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:I}",
			"name", f->name, "id", id, "label", _(req, def->labels[i]),
			"kind", input_kind(f->type), "value", text, "checked", checked,
			"required", f->required, "max", (json_int_t)f->max);
		if (f->type == FIELD_INT)
			json_object_set_new(input, "min", json_integer(f->min));
		if (f->type == FIELD_CHOICE) {
			json_t *options = json_array();
			for (int c = 0; f->choices[c]; c++)
				json_array_append_new(options, json_pack("{s:s, s:s, s:b}",
					"value", f->choices[c],
					"label", f->choices[c][0] ? _(req, f->choices[c]) : "–",
					"selected", strcmp(f->choices[c], text) == 0));
			json_object_set_new(input, "options", options);
		}
		json_t *error = json_object_get(errors, f->name);
		if (error)
			json_object_set(input, "error", error);
		json_array_append_new(list, input);
	}
	return list;
}

/* What a cell of the table shows for a field of an entry. */
static const char *display_text(struct request *req, const struct field *f, json_t *value,
                                char number[24])
{
	if (f->type == FIELD_BOOL)
		return json_is_true(value) ? _(req, "Yes") : _(req, "No");
	const char *text = value_text(value, number);
	if (!text[0])
		return "–";
	return f->type == FIELD_CHOICE ? _(req, text) : text;
}

static const struct field show_fields[] = {
	{"show", FIELD_CHOICE, false, 0, 0, (const char *const[]){"", "flagged", NULL}},
	{"sort", FIELD_INT, false, 0, FORM_MAX_FIELDS, NULL},   /* column, from 1 */
};
const struct form_spec register_query_spec = {show_fields, 2};

/* One entry with what it sorts by: numbers come before texts, numbers by
 * value, texts by their sort key (case and accents aside, core/text.h),
 * then by the text itself, then by entry number: a total order. */
struct sortable {
	json_t *item;
	const char *text;
	char *key;           /* NULL for a number */
	long long number;
	json_int_t id;
};

static int compare_sortables(const void *x, const void *y)
{
	const struct sortable *a = x, *b = y;
	int c;
	if (!a->key != !b->key)
		c = a->key ? 1 : -1;
	else if (!a->key)
		c = (a->number > b->number) - (a->number < b->number);
	else if ((c = strcmp(a->key, b->key)) == 0)
		c = strcmp(a->text, b->text);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* Sorts the entries array by column (from 1; 0 leaves the order). */
static void sort_entries(json_t *entries, size_t column)
{
	size_t n = json_array_size(entries);
	if (column == 0 || n < 2)
		return;
	struct sortable *items = calloc(n, sizeof *items);
	if (!items)
		return;
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(entries, i);
		const char *text = json_string_value(json_array_get(
			json_object_get(item, "cells"), column - 1));
		char *end;
		items[i].item = json_incref(item);
		items[i].text = text ? text : "";
		items[i].id = json_integer_value(json_object_get(item, "id"));
		items[i].number = strtoll(items[i].text, &end, 10);
		if (!items[i].text[0] || *end)
			items[i].key = text_sort_key(items[i].text);
	}
	qsort(items, n, sizeof *items, compare_sortables);
	json_array_clear(entries);
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(entries, items[i].item);
		free(items[i].key);
	}
	free(items);
}

/* Fills the register page: entries with their cells, flags, edit forms. */
static bool register_data(struct request *req, const struct register_def *def,
                          bool only_flagged, size_t sort, json_t *posted,
                          int64_t posted_id)
{
	struct register_entry *list;
	size_t count;
	if (store_entries_list(req->store, req->org_id, def->name, &list, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	json_t *posted_values = json_object_get(posted, "values");
	json_t *posted_errors = json_object_get(posted, "errors");
	json_t *entries = json_array();
	size_t flagged = 0;
	for (size_t i = 0; i < count; i++) {
		json_t *entry = json_loads(list[i].data, 0, NULL);
		json_t *item = json_object();
		json_object_set_new(item, "id", json_integer(list[i].id));
		def->check(req, entry, item);
		bool has_flags = json_array_size(json_object_get(item, "flags")) > 0;
		flagged += has_flags;
		json_t *cells = json_array();
		for (size_t f = 0; f < def->count; f++) {
			if (def->fields[f].type == FIELD_MULTILINE)
				continue;   /* notes go under the row, not in a column */
			char number[24];
			json_array_append_new(cells, json_string(display_text(req,
				&def->fields[f], json_object_get(entry, def->fields[f].name),
				number)));
		}
		json_object_set_new(item, "cells", cells);
		const char *note = json_string_value(json_object_get(entry, "note"));
		json_object_set_new(item, "note", json_string(note ? note : ""));
		char prefix[32];
		snprintf(prefix, sizeof prefix, "e%lld-", (long long)list[i].id);
		bool is_posted = posted_id == list[i].id;
		json_object_set_new(item, "inputs", inputs_json(req, def,
			is_posted ? posted_values : entry, is_posted ? posted_errors : NULL, prefix));
		json_object_set_new(item, "open", json_boolean(is_posted));
		json_decref(entry);
		if (!only_flagged || has_flags)
			json_array_append_new(entries, item);
		else
			json_decref(item);
	}
	store_entries_free(list, count);
	sort_entries(entries, sort);
	json_t *columns = json_array();
	for (size_t f = 0; f < def->count; f++)
		if (def->fields[f].type != FIELD_MULTILINE)
			json_array_append_new(columns, json_pack("{s:s, s:I, s:b}",
				"title", _(req, def->labels[f]),
				"sort", (json_int_t)json_array_size(columns) + 1,
				"sorted", (size_t)json_array_size(columns) + 1 == sort));
	put(req, "register", json_pack("{s:s, s:s, s:s}", "name", def->name,
		"title", _(req, def->title), "intro", _(req, def->intro)));
	put(req, "columns", columns);
	put(req, "entries", entries);
	put(req, "flagged", json_integer((json_int_t)flagged));
	put(req, "total", json_integer((json_int_t)count));
	put(req, "only_flagged", json_boolean(only_flagged));
	put(req, "new_inputs", inputs_json(req, def, posted_id == 0 ? posted_values : NULL,
	                                   posted_id == 0 ? posted_errors : NULL, "new-"));
	return true;
}

void register_list(struct request *req)
{
	const struct register_def *def = register_of(req);
	bool only_flagged = strcmp(form_value(&req->form, "show"), "flagged") == 0;
	size_t sort = (size_t)form_number(&req->form, "sort"), columns = 0;
	for (size_t f = 0; f < def->count; f++)
		columns += def->fields[f].type != FIELD_MULTILINE;
	if (sort > columns) {
		fail(req, 400, NULL);
		return;
	}
	if (register_data(req, def, only_flagged, sort, NULL, -1))
		page(req, "registers/list");
}

/* The entry as stored: each declared field with its typed value. */
static char *entry_from_form(const struct register_def *def, const struct form *form)
{
	json_t *entry = json_object();
	for (size_t i = 0; i < def->count; i++) {
		const struct field *f = &def->fields[i];
		json_t *value;
		if (f->type == FIELD_INT)
			value = json_integer(form_number(form, f->name));
		else if (f->type == FIELD_BOOL)
			value = json_boolean(form_bool(form, f->name));
		else
			value = json_string(form_value(form, f->name));
		json_object_set_new(entry, f->name, value);
	}
	char *text = json_dumps(entry, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(entry);
	return text;
}

void register_save(struct request *req)
{
	const struct register_def *def = register_of(req);
	int64_t id = req->segment_count == 4 ? req->id : 0;
	if (!req->form.valid) {
		json_t *posted = form_to_json(&req->form, req->lang);
		if (register_data(req, def, false, 0, posted, id)) {
			put(req, "form", posted);   /* the JSON answer names the errors */
			put(req, "error", json_string(_(req, "Please correct the marked fields.")));
			req->status = 422;
			page(req, "registers/list");
		} else {
			json_decref(posted);
		}
		return;
	}
	char *data = entry_from_form(def, &req->form);
	int64_t saved;
	enum store_status st = store_entry_save(req->store, &req->actor, req->org_id,
	                                        def->name, id, data, &saved);
	free(data);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	put(req, "id", json_integer(saved));
	redirect(req, "/o/%lld/%s#entry-%lld", (long long)req->org_id, def->name,
	         (long long)saved);
}

void register_delete(struct request *req)
{
	const struct register_def *def = register_of(req);
	enum store_status st = store_entry_delete(req->store, &req->actor, req->org_id,
	                                          def->name, req->id);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/%s", (long long)req->org_id, def->name);
}
