/*
 * form.c - validation of request params against a declared form (see
 * form.h), the accessors handlers read fields with, and the conversion of
 * JSON request bodies into params.
 *
 * The order of the work is the kcgi one: first the set of names is
 * checked (an undeclared or repeated name rejects the whole request),
 * then each declared field is checked by its type. A field's error is an
 * English message id, translated only when the form is shown.
 */
#include "web/form.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

/*
 * Field errors use the messages of core/validate.h, so each meaning has
 * one message id in the catalogues; only the choice message is the
 * form's own.
 */
static const char *const msg_bad_choice = N_("Choose one of the options");

/* Aborts with a message: the caller's code, not the user, is wrong. */
static _Noreturn void programming_error(const char *what, const char *name)
{
	fprintf(stderr, "ravelin: form: %s: \"%s\"\n", what, name ? name : "(null)");
	abort();
}

/* The index of the field called name in spec, or -1. */
static int spec_find(const struct form_spec *spec, const char *name)
{
	for (size_t i = 0; i < spec->count; i++)
		if (strcmp(spec->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Aborts when a spec cannot be right: too many fields, a repeated name, a
 * field called like the CSRF token, or a choice field without choices. */
static void spec_check(const struct form_spec *spec)
{
	if (spec->count > FORM_MAX_FIELDS)
		programming_error("more than FORM_MAX_FIELDS fields in spec beginning",
		                  spec->fields[0].name);
	for (size_t i = 0; i < spec->count; i++) {
		const struct field *f = &spec->fields[i];
		if (strcmp(f->name, FORM_CSRF_FIELD) == 0)
			programming_error("field name reserved for the CSRF token", f->name);
		if (spec_find(spec, f->name) != (int)i)
			programming_error("field declared twice", f->name);
		if (f->type == FIELD_CHOICE && !f->choices)
			programming_error("choice field without choices", f->name);
	}
}

/*
 * True if every param name is declared (or is the CSRF token) and none
 * is given twice. Repeats are refused rather than resolved: a browser
 * never sends them for our forms, so they mean a forged or confused
 * request, and silently taking the first could hide which one counted.
 */
static bool params_match_spec(const struct form_spec *spec, const struct params *in)
{
	bool seen[FORM_MAX_FIELDS] = {false};
	bool seen_csrf = false;
	for (size_t i = 0; i < in->count; i++) {
		const char *name = in->items[i].name;
		if (strcmp(name, FORM_CSRF_FIELD) == 0) {
			if (seen_csrf)
				return false;
			seen_csrf = true;
			continue;
		}
		int index = spec_find(spec, name);
		if (index < 0 || seen[index])
			return false;
		seen[index] = true;
	}
	return true;
}

/* A field's [min, max] as character counts: a negative min means none,
 * and a max of zero or less means no limit (a spec that leaves max out). */
static void text_limits(const struct field *f, size_t *min_chars, size_t *max_chars)
{
	*min_chars = f->min > 0 ? (size_t)f->min : 0;
	*max_chars = f->max > 0 ? (size_t)f->max : SIZE_MAX;
}

/* Free text: clean UTF-8 (tab, CR and LF allowed unless one_line),
 * with a length in characters within the field's limits. */
static const char *check_text(const struct field *f, const char *value, size_t len,
                              bool one_line)
{
	if (!utf8_is_clean_text(value, len) ||
	    (one_line && (memchr(value, '\r', len) || memchr(value, '\n', len))))
		return MSG_BAD_CHARS;
	size_t min_chars, max_chars;
	text_limits(f, &min_chars, &max_chars);
	size_t chars = utf8_length(value, len);
	if (chars < min_chars)
		return MSG_TOO_SHORT;
	if (chars > max_chars)
		return MSG_TOO_LONG;
	return NULL;
}

/* True if s is an optional '-' and one or more digits: a whole number,
 * however large. */
static bool is_decimal(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A decimal integer in [min, max]; one too large for a long long is out
 * of range too, not "not a number". */
static const char *check_int(const char *value, long long min, long long max,
                             long long *number)
{
	if (!is_decimal(value))
		return MSG_BAD_NUMBER;
	if (validate_int(value, min, max, number))
		return MSG_OUT_OF_RANGE;
	return NULL;
}

/*
 * A password is taken as typed: spaces and any printable character are
 * fine, line breaks are not (no form field can produce one). Strength is
 * not judged here, since a login form must accept old passwords; the
 * handler that sets a password calls validate_password itself.
 */
static const char *check_password(const char *value, size_t len)
{
	if (!utf8_is_clean_text(value, len) || memchr(value, '\r', len) ||
	    memchr(value, '\n', len))
		return MSG_BAD_CHARS;
	if (len > PASSWORD_MAX_BYTES)
		return MSG_TOO_LONG;
	return NULL;
}

/* One of the field's choices, compared exactly. */
static const char *check_choice(const struct field *f, const char *value)
{
	for (const char *const *choice = f->choices; *choice; choice++)
		if (strcmp(value, *choice) == 0)
			return NULL;
	return msg_bad_choice;
}

/* A checkbox: "1", "on" or "true" is ticked; "", "0", "false" is not. */
static const char *check_bool(const char *value, long long *number)
{
	if (strcmp(value, "1") == 0 || strcmp(value, "on") == 0 ||
	    strcmp(value, "true") == 0) {
		*number = 1;
		return NULL;
	}
	if (value[0] == '\0' || strcmp(value, "0") == 0 || strcmp(value, "false") == 0) {
		*number = 0;
		return NULL;
	}
	return msg_bad_choice;
}

/* Dispatches a non-empty value to the check of its field's type. */
static const char *check_by_type(const struct field *f, const char *value,
                                 size_t len, long long *number)
{
	switch (f->type) {
	case FIELD_TEXT:
		return check_text(f, value, len, true);
	case FIELD_MULTILINE:
		return check_text(f, value, len, false);
	case FIELD_EMAIL:
		return validate_email(value, len) ? MSG_BAD_EMAIL : NULL;
	case FIELD_PASSWORD:
		return check_password(value, len);
	case FIELD_INT:
		return check_int(value, f->min, f->max, number);
	case FIELD_ID:
		return check_int(value, 1, LLONG_MAX, number);
	case FIELD_CHOICE:
		return check_choice(f, value);
	case FIELD_BOOL:
		return check_bool(value, number);
	case FIELD_DATE:
		return validate_date(value);   /* shape, or a day that does not exist */
	}
	programming_error("unknown field type", f->name);
}

/*
 * Checks one value against its field. An empty value is an error only
 * when the field is required (and then it is "required", not "too
 * short"); otherwise it is valid and its number is 0. A required checkbox
 * must be ticked, as for "I accept" boxes.
 */
static const char *check_field(const struct field *f, const char *value,
                               long long *number)
{
	size_t len = strlen(value);
	*number = 0;
	if (f->type == FIELD_BOOL) {
		const char *error = check_bool(value, number);
		if (!error && f->required && *number == 0)
			return MSG_REQUIRED;
		return error;
	}
	if (len == 0)
		return f->required ? MSG_REQUIRED : NULL;
	/* Spaces alone are no answer to a required text: "   " as a name
	 * would show as a blank row. */
	if (f->required && (f->type == FIELD_TEXT || f->type == FIELD_MULTILINE) &&
	    strspn(value, " \t\r\n") == len)
		return MSG_REQUIRED;
	const char *error = check_by_type(f, value, len, number);
	if (error)
		*number = 0;
	return error;
}

enum form_result form_validate(const struct form_spec *spec,
                               const struct params *in, struct form *out)
{
	spec_check(spec);
	memset(out, 0, sizeof *out);
	out->spec = spec;
	for (size_t i = 0; i < spec->count; i++)
		out->values[i] = "";
	if (!params_match_spec(spec, in))
		return FORM_REJECTED;

	out->valid = true;
	for (size_t i = 0; i < spec->count; i++) {
		const char *value = params_get(in, spec->fields[i].name);
		out->values[i] = value ? value : "";
		out->errors[i] = check_field(&spec->fields[i], out->values[i],
		                             &out->numbers[i]);
		if (out->errors[i])
			out->valid = false;
	}
	return out->valid ? FORM_OK : FORM_INVALID;
}

/* The index of a field the caller knows is declared; aborts otherwise. */
static size_t form_index(const struct form *form, const char *name)
{
	if (!form->spec)
		programming_error("form read before validation", name);
	int index = spec_find(form->spec, name);
	if (index < 0)
		programming_error("field not declared", name);
	return (size_t)index;
}

const char *form_value(const struct form *form, const char *name)
{
	return form->values[form_index(form, name)];
}

/* Only INT, ID and BOOL fields have numbers; asking another field for
 * one is a mistake, not a zero. */
long long form_number(const struct form *form, const char *name)
{
	size_t i = form_index(form, name);
	enum field_type type = form->spec->fields[i].type;
	if (type != FIELD_INT && type != FIELD_ID && type != FIELD_BOOL)
		programming_error("number asked of a non-numeric field", name);
	return form->numbers[i];
}

bool form_bool(const struct form *form, const char *name)
{
	size_t i = form_index(form, name);
	if (form->spec->fields[i].type != FIELD_BOOL)
		programming_error("bool asked of a non-checkbox field", name);
	return form->numbers[i] != 0;
}

void form_set_error(struct form *form, const char *name, const char *msgid)
{
	size_t i = form_index(form, name);
	form->errors[i] = msgid;
	form->valid = false;
}

/* Sets key to a JSON string of s; text that jansson refuses (it cannot
 * come from params, which are clean UTF-8) is shown as "". */
static void json_set_text(json_t *object, const char *key, const char *s)
{
	json_t *text = json_string(s);
	json_object_set_new(object, key, text ? text : json_string(""));
}

json_t *form_to_json(const struct form *form, const struct catalog *lang)
{
	json_t *values = json_object();
	json_t *errors = json_object();
	const struct form_spec *spec = form->spec;
	for (size_t i = 0; spec && i < spec->count; i++) {
		const struct field *f = &spec->fields[i];
		if (f->type != FIELD_PASSWORD)
			json_set_text(values, f->name, form->values[i] ? form->values[i] : "");
		if (form->errors[i])
			json_set_text(errors, f->name, i18n_gettext(lang, form->errors[i]));
	}
	return json_pack("{s:o, s:o}", "values", values, "errors", errors);
}

/*
 * The text a JSON member becomes as a param, written into text (at least
 * 32 bytes) or pointed to by *out. Returns -1 for the types a form field
 * cannot hold (real numbers, arrays, objects) and for strings that are
 * not clean text, so JSON bodies give handlers the same guarantees as
 * URL-encoded ones.
 */
static int json_member_text(const json_t *value, char *text, size_t text_len,
                            const char **out)
{
	switch (json_typeof(value)) {
	case JSON_STRING: {
		const char *s = json_string_value(value);
		size_t len = json_string_length(value);
		if (strlen(s) != len || !utf8_is_clean_text(s, len))
			return -1;
		*out = s;
		return 0;
	}
	case JSON_INTEGER:
		snprintf(text, text_len, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
		*out = text;
		return 0;
	case JSON_TRUE:
		*out = "1";
		return 0;
	case JSON_FALSE:
	case JSON_NULL:
		*out = "";
		return 0;
	default:
		return -1;
	}
}

int params_from_json(const json_t *object, struct params *out)
{
	out->items = NULL;
	out->count = 0;
	if (!json_is_object(object) || json_object_size(object) > PARAMS_MAX)
		return -1;
	const char *key;
	size_t key_len;
	json_t *value;
	/* the macro takes a non-const object; iterating does not modify it */
	json_object_keylen_foreach ((json_t *)object, key, key_len, value) {
		char number[32];
		const char *text;
		if (key_len == 0 || strlen(key) != key_len ||
		    !utf8_is_clean_text(key, key_len) ||
		    json_member_text(value, number, sizeof number, &text) < 0) {
			params_free(out);
			return -1;
		}
		params_add(out, key, text);
	}
	return 0;
}
