/*
 * form.h - declared form fields and their validation.
 *
 * Every form a route accepts is a struct form_spec: its fields, each with a
 * type, limits and whether it is required. The router validates a request
 * body against the route's spec before the handler runs; a field that is
 * not declared makes the whole request a 400, so nothing reaches a handler
 * unchecked. Field errors are English message ids, translated when shown.
 */
#ifndef RAVELIN_FORM_H
#define RAVELIN_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "i18n/i18n.h"
#include "web/url.h"

enum field_type {
	FIELD_TEXT,       /* one line: no CR/LF; min/max in characters */
	FIELD_MULTILINE,  /* free text; min/max in characters */
	FIELD_EMAIL,      /* an e-mail address; stored lower-case */
	FIELD_PASSWORD,   /* never echoed back; min/max ignored */
	FIELD_INT,        /* decimal integer in [min, max] */
	FIELD_ID,         /* positive integer id (min/max ignored) */
	FIELD_CHOICE,     /* one of choices */
	FIELD_BOOL,       /* checkbox: absent or "" = false; "1"/"on"/"true" = true */
	FIELD_DATE,       /* YYYY-MM-DD */
};

struct field {
	const char *name;
	enum field_type type;
	bool required;
	long long min, max;
	const char *const *choices;   /* FIELD_CHOICE: NULL-terminated list */
};

struct form_spec {
	const struct field *fields;
	size_t count;
};

#define FORM_MAX_FIELDS 80   /* the baseline questionnaire declares one per question */
/* The CSRF token travels as this field in every form; it is always
 * allowed and never part of a spec. */
#define FORM_CSRF_FIELD "csrf"

struct form {
	const struct form_spec *spec;
	const char *values[FORM_MAX_FIELDS];  /* per field; "" when absent;
	                                         point into the params */
	long long numbers[FORM_MAX_FIELDS];   /* INT, ID and BOOL (0/1) */
	const char *errors[FORM_MAX_FIELDS];  /* message id, or NULL */
	bool valid;                           /* no field has an error */
};

enum form_result {
	FORM_OK,         /* every field valid */
	FORM_INVALID,    /* some field has an error: show the form again */
	FORM_REJECTED,   /* undeclared or repeated field: answer 400 */
};

enum form_result form_validate(const struct form_spec *spec,
                               const struct params *in, struct form *out);

/* Accessors by field name; a name not in the spec aborts (a programming
 * error, found by any test that touches the handler). */
const char *form_value(const struct form *form, const char *name);
long long form_number(const struct form *form, const char *name);
bool form_bool(const struct form *form, const char *name);
/* Records a message id as the error of a field (for checks only the
 * handler can make, such as "this e-mail address is taken"). */
void form_set_error(struct form *form, const char *name, const char *msgid);

/* {"values": {name: value...}, "errors": {name: translated message...}}
 * for the page and the JSON answer. Passwords are never included. */
json_t *form_to_json(const struct form *form, const struct catalog *lang);

/* Converts a JSON object body into params: strings as they are, integers
 * in decimal, true as "1", false/null as "". Returns -1 for anything else
 * (nested values, non-object body, more than PARAMS_MAX members). */
int params_from_json(const json_t *object, struct params *out);

#endif
