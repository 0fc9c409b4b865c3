/*
 * test_form.c - unit tests of web/form.c: validation of each field type
 * at and around its limits, refusal of undeclared and repeated fields,
 * the accessors, the JSON view of a form, and JSON bodies as params.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "web/form.h"

#define REQUIRED "This field is required."
#define TOO_LONG "This text is too long."
#define TOO_SHORT "This text is too short."
#define BAD_EMAIL "Enter a valid e-mail address."
#define NOT_NUMBER "Enter a whole number."
#define OUT_OF_RANGE "The number is out of range."
#define BAD_DATE "Enter a date as YYYY-MM-DD."
#define NO_SUCH_DATE "This date does not exist."
#define BAD_CHOICE "Choose one of the options"
#define BAD_TEXT "This text contains characters that are not allowed."

static const char *const levels[] = {"low", "medium", "high", NULL};

/* One field of every type; only "title" is required. */
static const struct field every_type_fields[] = {
	{.name = "title", .type = FIELD_TEXT, .required = true, .min = 3, .max = 10},
	{.name = "notes", .type = FIELD_MULTILINE, .max = 20},
	{.name = "email", .type = FIELD_EMAIL},
	{.name = "password", .type = FIELD_PASSWORD},
	{.name = "count", .type = FIELD_INT, .min = -5, .max = 100},
	{.name = "asset", .type = FIELD_ID},
	{.name = "level", .type = FIELD_CHOICE, .choices = levels},
	{.name = "active", .type = FIELD_BOOL},
	{.name = "due", .type = FIELD_DATE},
};
static const struct form_spec every_type = {
	every_type_fields, sizeof every_type_fields / sizeof every_type_fields[0],
};

/* The same types, all required. */
static const struct field required_fields[] = {
	{.name = "text", .type = FIELD_TEXT, .required = true, .max = 5},
	{.name = "multi", .type = FIELD_MULTILINE, .required = true},
	{.name = "email", .type = FIELD_EMAIL, .required = true},
	{.name = "password", .type = FIELD_PASSWORD, .required = true},
	{.name = "int", .type = FIELD_INT, .required = true, .min = 0, .max = 9},
	{.name = "id", .type = FIELD_ID, .required = true},
	{.name = "choice", .type = FIELD_CHOICE, .required = true, .choices = levels},
	{.name = "accept", .type = FIELD_BOOL, .required = true},
	{.name = "date", .type = FIELD_DATE, .required = true},
};
static const struct form_spec all_required = {
	required_fields, sizeof required_fields / sizeof required_fields[0],
};

/* A validated form and the params its values point into. */
struct checked {
	struct params params;
	struct form form;
	enum form_result result;
};

/* Parses a URL-encoded body (which must parse) and validates it. */
static void check_body(struct checked *c, const struct form_spec *spec,
                       const char *body)
{
	assert_int_equal(params_parse(body, strlen(body), PARAMS_MAX, &c->params), 0);
	c->result = form_validate(spec, &c->params, &c->form);
}

/* The error of field name, or NULL. */
static const char *error_of(const struct checked *c, const char *name)
{
	for (size_t i = 0; i < c->form.spec->count; i++)
		if (strcmp(c->form.spec->fields[i].name, name) == 0)
			return c->form.errors[i];
	fail_msg("no field %s", name);
	return NULL;
}

/*
 * Validates field=value against every_type, with "title=abc" added for
 * any other field since the title is required, and checks the field's
 * error (NULL: valid, and then the whole form is OK).
 */
static void check_field(const char *field, const char *encoded_value,
                        const char *expected_error)
{
	struct checked c;
	struct buf body = {0};
	if (strcmp(field, "title") != 0)
		buf_puts(&body, "title=abc&");
	buf_printf(&body, "%s=%s", field, encoded_value);
	check_body(&c, &every_type, body.data);
	const char *error = error_of(&c, field);
	if (expected_error) {
		if (!error)
			fail_msg("%s=%s: no error, expected \"%s\"", field, encoded_value,
			         expected_error);
		assert_string_equal(error, expected_error);
		assert_int_equal(c.result, FORM_INVALID);
		assert_false(c.form.valid);
	} else {
		if (error)
			fail_msg("%s=%s: unexpected error \"%s\"", field, encoded_value, error);
		assert_int_equal(c.result, FORM_OK);
		assert_true(c.form.valid);
	}
	params_free(&c.params);
	buf_free(&body);
}

static void test_all_valid(void **state)
{
	(void)state;
	struct checked c;
	check_body(&c, &every_type,
	           "title=Rack+room&notes=line+1%0D%0Aline+2&email=Ann%40Example.be"
	           "&password=s3cret+pass&count=-5&asset=42&level=medium&active=on"
	           "&due=2024-02-29&csrf=token");
	assert_int_equal(c.result, FORM_OK);
	assert_true(c.form.valid);
	assert_ptr_equal(c.form.spec, &every_type);
	assert_string_equal(form_value(&c.form, "title"), "Rack room");
	assert_string_equal(form_value(&c.form, "notes"), "line 1\r\nline 2");
	/* left as typed: the store lower-cases addresses */
	assert_string_equal(form_value(&c.form, "email"), "Ann@Example.be");
	assert_string_equal(form_value(&c.form, "password"), "s3cret pass");
	assert_int_equal(form_number(&c.form, "count"), -5);
	assert_int_equal(form_number(&c.form, "asset"), 42);
	assert_string_equal(form_value(&c.form, "level"), "medium");
	assert_true(form_bool(&c.form, "active"));
	assert_int_equal(form_number(&c.form, "active"), 1);
	assert_string_equal(form_value(&c.form, "due"), "2024-02-29");
	for (size_t i = 0; i < every_type.count; i++)
		assert_null(c.form.errors[i]);
	params_free(&c.params);
}

/* Absent optional fields are valid and empty; their numbers are 0. */
static void test_optional_absent(void **state)
{
	(void)state;
	struct checked c;
	check_body(&c, &every_type, "title=abc");
	assert_int_equal(c.result, FORM_OK);
	assert_string_equal(form_value(&c.form, "notes"), "");
	assert_string_equal(form_value(&c.form, "email"), "");
	assert_string_equal(form_value(&c.form, "level"), "");
	assert_string_equal(form_value(&c.form, "due"), "");
	assert_int_equal(form_number(&c.form, "count"), 0);
	assert_int_equal(form_number(&c.form, "asset"), 0);
	assert_false(form_bool(&c.form, "active"));
	params_free(&c.params);

	/* present but empty is the same */
	check_body(&c, &every_type, "title=abc&notes=&email=&count=&asset=&level=&due=");
	assert_int_equal(c.result, FORM_OK);
	params_free(&c.params);
}

static void test_required(void **state)
{
	(void)state;
	struct checked c;
	check_body(&c, &all_required, "");
	assert_int_equal(c.result, FORM_INVALID);
	for (size_t i = 0; i < all_required.count; i++)
		assert_string_equal(c.form.errors[i], REQUIRED);
	params_free(&c.params);

	check_body(&c, &all_required,
	           "text=&multi=&email=&password=&int=&id=&choice=&accept=&date=");
	for (size_t i = 0; i < all_required.count; i++)
		assert_string_equal(c.form.errors[i], REQUIRED);
	params_free(&c.params);

	/* white space alone is no text; a password may be anything */
	check_body(&c, &all_required, "text=+++&multi=%0D%0A+%09&password=+++");
	assert_string_equal(error_of(&c, "text"), REQUIRED);
	assert_string_equal(error_of(&c, "multi"), REQUIRED);
	assert_null(error_of(&c, "password"));
	params_free(&c.params);

	/* a required checkbox must be ticked */
	check_body(&c, &all_required, "accept=0");
	assert_string_equal(error_of(&c, "accept"), REQUIRED);
	params_free(&c.params);
	check_body(&c, &all_required, "accept=false");
	assert_string_equal(error_of(&c, "accept"), REQUIRED);
	params_free(&c.params);

	check_body(&c, &all_required,
	           "text=x&multi=y&email=a%40b.be&password=p&int=0&id=1&choice=low"
	           "&accept=1&date=2000-01-01");
	assert_int_equal(c.result, FORM_OK);
	assert_int_equal(form_number(&c.form, "int"), 0);
	assert_true(form_bool(&c.form, "accept"));
	params_free(&c.params);
}

/* Lengths are counted in characters: "αβγ" is 3, not 6. */
static void test_text_lengths(void **state)
{
	(void)state;
	check_field("title", "ab", TOO_SHORT);
	check_field("title", "abc", NULL);
	check_field("title", "abcdefghij", NULL);
	check_field("title", "abcdefghijk", TOO_LONG);
	/* three two-byte Greek letters */
	check_field("title", "%CE%B1%CE%B2%CE%B3", NULL);
	check_field("title", "%CE%B1%CE%B2", TOO_SHORT);
	/* ten and eleven Greek letters: 20 and 22 bytes */
	check_field("title", "%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1",
	            NULL);
	check_field("title",
	            "%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1%CE%B1",
	            TOO_LONG);
	/* emoji are four bytes each */
	check_field("title", "%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80", NULL);
	check_field("title", "%F0%9F%98%80%F0%9F%98%80", TOO_SHORT);
}

static void test_text_one_line(void **state)
{
	(void)state;
	check_field("title", "abc%0Adef", BAD_TEXT);
	check_field("title", "abc%0Ddef", BAD_TEXT);
	check_field("title", "abc%09def", NULL);   /* tab is text */
	check_field("notes", "abc%0D%0Adef", NULL);
	check_field("notes", "%0A", NULL);
}

static void test_multiline_lengths(void **state)
{
	(void)state;
	check_field("notes", "12345678901234567890", NULL);
	check_field("notes", "123456789012345678901", TOO_LONG);
	/* CR LF is two characters */
	check_field("notes", "123456789%0D%0A123456789", NULL);
	check_field("notes", "1234567890%0D%0A123456789", TOO_LONG);
	check_field("notes", "x", NULL);   /* no minimum */
}

static void test_email(void **state)
{
	(void)state;
	check_field("email", "ann%40example.be", NULL);
	check_field("email", "Ann.Peeters%40Example.BE", NULL);
	check_field("email", "ann", BAD_EMAIL);
	check_field("email", "ann%40", BAD_EMAIL);
	check_field("email", "%40example.be", BAD_EMAIL);
	check_field("email", "ann%40localhost", BAD_EMAIL);
	check_field("email", "ann%40example.be%0A", BAD_EMAIL);
	check_field("email", "a+b%40example.be", BAD_EMAIL);   /* '+' is a space */
	check_field("email", "a%2Bb%40example.be", NULL);
}

static void test_password(void **state)
{
	(void)state;
	check_field("password", "x", NULL);   /* strength is the handler's */
	check_field("password", "with+spaces+%C3%A9", NULL);
	check_field("password", "line%0Abreak", BAD_TEXT);

	struct buf body = {0};
	for (int i = 0; i < 1024; i++)
		buf_putc(&body, 'p');
	check_field("password", body.data, NULL);
	buf_putc(&body, 'p');
	check_field("password", body.data, TOO_LONG);
	buf_free(&body);
}

static void test_int(void **state)
{
	(void)state;
	check_field("count", "0", NULL);
	check_field("count", "-5", NULL);
	check_field("count", "100", NULL);
	check_field("count", "-6", OUT_OF_RANGE);
	check_field("count", "101", OUT_OF_RANGE);
	check_field("count", "99999999999999999999999", OUT_OF_RANGE);
	check_field("count", "-99999999999999999999999", OUT_OF_RANGE);
	check_field("count", "4x", NOT_NUMBER);
	check_field("count", "1.5", NOT_NUMBER);
	check_field("count", "1e2", NOT_NUMBER);
	check_field("count", "0x10", NOT_NUMBER);
	check_field("count", "-", NOT_NUMBER);
	check_field("count", "%2B5", NOT_NUMBER);
	check_field("count", "+5", NOT_NUMBER);   /* " 5" */
	check_field("count", "5+", NOT_NUMBER);
	check_field("count", "%D9%A3", NOT_NUMBER);   /* Arabic-Indic three */

	struct checked c;
	check_body(&c, &every_type, "title=abc&count=077");
	assert_int_equal(form_number(&c.form, "count"), 77);
	params_free(&c.params);
	/* a bad number leaves 0, not a half-parsed value */
	check_body(&c, &every_type, "title=abc&count=101");
	assert_int_equal(form_number(&c.form, "count"), 0);
	params_free(&c.params);
}

static void test_id(void **state)
{
	(void)state;
	check_field("asset", "1", NULL);
	check_field("asset", "9223372036854775807", NULL);
	check_field("asset", "9223372036854775808", OUT_OF_RANGE);
	check_field("asset", "0", OUT_OF_RANGE);
	check_field("asset", "-1", OUT_OF_RANGE);
	check_field("asset", "abc", NOT_NUMBER);
	check_field("asset", "1%20", NOT_NUMBER);

	struct checked c;
	check_body(&c, &every_type, "title=abc&asset=9223372036854775807");
	assert_int_equal(form_number(&c.form, "asset"), 9223372036854775807LL);
	params_free(&c.params);
}

static void test_choice(void **state)
{
	(void)state;
	check_field("level", "low", NULL);
	check_field("level", "high", NULL);
	check_field("level", "LOW", BAD_CHOICE);
	check_field("level", "lo", BAD_CHOICE);
	check_field("level", "lowest", BAD_CHOICE);
	check_field("level", "low+", BAD_CHOICE);
}

static void test_bool(void **state)
{
	(void)state;
	static const struct {
		const char *value;
		bool ticked;
	} accepted[] = {
		{"", false}, {"0", false}, {"false", false},
		{"1", true}, {"on", true}, {"true", true},
	};
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
		struct checked c;
		struct buf body = {0};
		buf_printf(&body, "title=abc&active=%s", accepted[i].value);
		check_body(&c, &every_type, body.data);
		assert_int_equal(c.result, FORM_OK);
		assert_int_equal(form_bool(&c.form, "active"), accepted[i].ticked);
		params_free(&c.params);
		buf_free(&body);
	}
	check_field("active", "yes", BAD_CHOICE);
	check_field("active", "ON", BAD_CHOICE);
	check_field("active", "2", BAD_CHOICE);
	check_field("active", "+", BAD_CHOICE);
}

static void test_date(void **state)
{
	(void)state;
	check_field("due", "2024-02-29", NULL);
	check_field("due", "2000-02-29", NULL);
	check_field("due", "2023-12-31", NULL);
	check_field("due", "2023-02-29", NO_SUCH_DATE);
	check_field("due", "1900-02-29", NO_SUCH_DATE);
	check_field("due", "2024-04-31", NO_SUCH_DATE);
	check_field("due", "2024-13-01", NO_SUCH_DATE);
	check_field("due", "2024-00-10", NO_SUCH_DATE);
	check_field("due", "2024-1-01", BAD_DATE);
	check_field("due", "24-01-01", BAD_DATE);
	check_field("due", "2024-01-01T00:00", BAD_DATE);
	check_field("due", "01/02/2024", BAD_DATE);
}

/* Fields not declared, or declared but sent twice, reject the request:
 * no field is checked and every value reads as "". */
static void test_duplicate_and_unknown(void **state)
{
	(void)state;
	static const char *const rejected[] = {
		"title=abc&title=abd",
		"title=abc&title=",
		"title=abc&count=1&count=1",
		"title=abc&admin=1",
		"title=abc&Title=abc",
		"title=abc&csrf=a&csrf=b",
		"unknown",
	};
	for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
		struct checked c;
		check_body(&c, &every_type, rejected[i]);
		assert_int_equal(c.result, FORM_REJECTED);
		assert_false(c.form.valid);
		assert_string_equal(form_value(&c.form, "title"), "");
		params_free(&c.params);
	}

	struct checked c;
	check_body(&c, &every_type, "csrf=x&title=abc");
	assert_int_equal(c.result, FORM_OK);
	params_free(&c.params);
}

/* An empty spec accepts only the CSRF token. */
static void test_empty_spec(void **state)
{
	(void)state;
	static const struct form_spec none = {NULL, 0};
	struct checked c;
	check_body(&c, &none, "");
	assert_int_equal(c.result, FORM_OK);
	params_free(&c.params);
	check_body(&c, &none, "csrf=abc");
	assert_int_equal(c.result, FORM_OK);
	params_free(&c.params);
	check_body(&c, &none, "x=1");
	assert_int_equal(c.result, FORM_REJECTED);
	params_free(&c.params);
}

/* Params made by params_add are checked too, since they need not have
 * passed url_decode. */
static void test_unclean_params_added_directly(void **state)
{
	(void)state;
	struct params p = {0};
	struct form form;
	params_add(&p, "title", "ab\x01" "cd");
	params_add(&p, "notes", "\xc0\xaf");
	params_add(&p, "password", "\xff\xfe");
	assert_int_equal(form_validate(&every_type, &p, &form), FORM_INVALID);
	assert_string_equal(form.errors[0], BAD_TEXT);
	assert_string_equal(form.errors[1], BAD_TEXT);
	assert_string_equal(form.errors[3], BAD_TEXT);
	params_free(&p);
}

static void test_to_json(void **state)
{
	(void)state;
	struct checked c;
	check_body(&c, &every_type,
	           "title=ab&password=hunter2&count=500&level=low&active=1&csrf=t");
	assert_int_equal(c.result, FORM_INVALID);
	json_t *j = form_to_json(&c.form, NULL);
	assert_non_null(j);
	json_t *values = json_object_get(j, "values");
	json_t *errors = json_object_get(j, "errors");
	assert_true(json_is_object(values));
	assert_true(json_is_object(errors));

	/* every field but the password, "" when absent; not the CSRF token */
	assert_int_equal(json_object_size(values), every_type.count - 1);
	assert_null(json_object_get(values, "password"));
	assert_null(json_object_get(values, "csrf"));
	assert_string_equal(json_string_value(json_object_get(values, "title")), "ab");
	assert_string_equal(json_string_value(json_object_get(values, "count")), "500");
	assert_string_equal(json_string_value(json_object_get(values, "level")), "low");
	assert_string_equal(json_string_value(json_object_get(values, "active")), "1");
	assert_string_equal(json_string_value(json_object_get(values, "email")), "");

	/* only fields with errors, in English without a catalogue */
	assert_int_equal(json_object_size(errors), 2);
	assert_string_equal(json_string_value(json_object_get(errors, "title")), TOO_SHORT);
	assert_string_equal(json_string_value(json_object_get(errors, "count")),
	                    OUT_OF_RANGE);
	char *text = json_dumps(j, 0);
	assert_null(strstr(text, "hunter2"));
	free(text);
	json_decref(j);
	params_free(&c.params);
}

/* A password's error is shown, though its value never is. */
static void test_to_json_password_error(void **state)
{
	(void)state;
	struct checked c;
	check_body(&c, &all_required, "password=");
	json_t *j = form_to_json(&c.form, NULL);
	json_t *errors = json_object_get(j, "errors");
	assert_string_equal(json_string_value(json_object_get(errors, "password")),
	                    REQUIRED);
	assert_null(json_object_get(json_object_get(j, "values"), "password"));
	json_decref(j);
	params_free(&c.params);
}

static void test_set_error(void **state)
{
	(void)state;
	struct checked c;
	check_body(&c, &every_type, "title=abc&email=ann%40example.be");
	assert_true(c.form.valid);
	form_set_error(&c.form, "email", "This e-mail address is taken");
	assert_false(c.form.valid);
	json_t *j = form_to_json(&c.form, NULL);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "errors"), "email")),
		"This e-mail address is taken");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "values"), "email")),
		"ann@example.be");
	json_decref(j);
	params_free(&c.params);
}

/* Runs fn in a child process and asserts that it aborts. */
static void assert_aborts(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		fn();
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* A valid every_type form for the abort tests to misuse. */
static struct form *valid_form(void)
{
	static struct params p;
	static struct form form;
	params_free(&p);
	params_add(&p, "title", "abc");
	form_validate(&every_type, &p, &form);
	return &form;
}

static void value_of_undeclared(void)
{
	form_value(valid_form(), "nope");
}

static void number_of_undeclared(void)
{
	form_number(valid_form(), "nope");
}

static void bool_of_undeclared(void)
{
	form_bool(valid_form(), "nope");
}

static void error_of_undeclared(void)
{
	form_set_error(valid_form(), "nope", "x");
}

static void number_of_text(void)
{
	form_number(valid_form(), "title");
}

static void bool_of_int(void)
{
	form_bool(valid_form(), "count");
}

static void csrf_as_field(void)
{
	/* the token is not a field, so it cannot be read as one */
	form_value(valid_form(), "csrf");
}

static void oversized_spec(void)
{
	static struct field many[FORM_MAX_FIELDS + 1];
	static char names[FORM_MAX_FIELDS + 1][16];
	for (int i = 0; i <= FORM_MAX_FIELDS; i++) {
		snprintf(names[i], sizeof names[i], "f%d", i);
		many[i].name = names[i];
		many[i].type = FIELD_TEXT;
	}
	struct form_spec spec = {many, FORM_MAX_FIELDS + 1};
	struct params p = {0};
	struct form form;
	form_validate(&spec, &p, &form);
}

static void spec_with_repeated_field(void)
{
	static const struct field twice[] = {
		{.name = "a", .type = FIELD_TEXT},
		{.name = "a", .type = FIELD_INT},
	};
	struct form_spec spec = {twice, 2};
	struct params p = {0};
	struct form form;
	form_validate(&spec, &p, &form);
}

static void test_programming_errors_abort(void **state)
{
	(void)state;
	assert_aborts(value_of_undeclared);
	assert_aborts(number_of_undeclared);
	assert_aborts(bool_of_undeclared);
	assert_aborts(error_of_undeclared);
	assert_aborts(number_of_text);
	assert_aborts(bool_of_int);
	assert_aborts(csrf_as_field);
	assert_aborts(oversized_spec);
	assert_aborts(spec_with_repeated_field);
}

/* A spec of exactly FORM_MAX_FIELDS fields is fine. */
static void test_largest_spec(void **state)
{
	(void)state;
	static struct field many[FORM_MAX_FIELDS];
	static char names[FORM_MAX_FIELDS][16];
	for (int i = 0; i < FORM_MAX_FIELDS; i++) {
		snprintf(names[i], sizeof names[i], "f%d", i);
		many[i].name = names[i];
		many[i].type = FIELD_TEXT;
	}
	struct form_spec spec = {many, FORM_MAX_FIELDS};
	struct params p = {0};
	struct form form;
	params_add(&p, "f31", "last");
	assert_int_equal(form_validate(&spec, &p, &form), FORM_OK);
	assert_string_equal(form_value(&form, "f31"), "last");
	params_free(&p);
}

/* Loads JSON text, which must be valid JSON. */
static json_t *load(const char *text)
{
	json_error_t error;
	json_t *j = json_loads(text, 0, &error);
	if (!j)
		fail_msg("bad test JSON: %s", error.text);
	return j;
}

static void test_from_json_types(void **state)
{
	(void)state;
	json_t *j = load("{\"s\": \"two words\", \"e\": \"\", \"i\": 42, \"neg\": -7,"
	                 " \"big\": 9223372036854775807, \"t\": true, \"f\": false,"
	                 " \"n\": null, \"u\": \"caf\\u00e9\\n\"}");
	struct params p;
	assert_int_equal(params_from_json(j, &p), 0);
	assert_int_equal(p.count, 9);
	assert_string_equal(params_get(&p, "s"), "two words");
	assert_string_equal(params_get(&p, "e"), "");
	assert_string_equal(params_get(&p, "i"), "42");
	assert_string_equal(params_get(&p, "neg"), "-7");
	assert_string_equal(params_get(&p, "big"), "9223372036854775807");
	assert_string_equal(params_get(&p, "t"), "1");
	assert_string_equal(params_get(&p, "f"), "");
	assert_string_equal(params_get(&p, "n"), "");
	assert_string_equal(params_get(&p, "u"), "caf\xc3\xa9\n");
	params_free(&p);
	json_decref(j);

	j = load("{}");
	assert_int_equal(params_from_json(j, &p), 0);
	assert_int_equal(p.count, 0);
	params_free(&p);
	json_decref(j);
}

static void test_from_json_refused(void **state)
{
	(void)state;
	static const char *const refused[] = {
		"{\"a\": 1.5}",
		"{\"a\": [1]}",
		"{\"a\": []}",
		"{\"a\": {}}",
		"{\"a\": {\"b\": 1}}",
		"{\"ok\": \"x\", \"a\": [\"nested\"]}",
		"{\"a\": \"bell\\u0007\"}",
		"{\"a\": \"esc\\u001b[0m\"}",
		"{\"\": \"empty name\"}",
		"{\"bad\\u0001name\": \"x\"}",
		"[]",
		"[{\"a\": 1}]",
		"\"a=1\"",
		"42",
		"true",
		"null",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		json_t *j = json_loads(refused[i], JSON_DECODE_ANY, NULL);
		assert_non_null(j);
		struct params p = {(struct param *)1, 99};
		if (params_from_json(j, &p) != -1)
			fail_msg("accepted %s", refused[i]);
		assert_int_equal(p.count, 0);
		assert_null(p.items);
		json_decref(j);
	}
	struct params p;
	assert_int_equal(params_from_json(NULL, &p), -1);
}

/* A NUL inside a JSON string (allowed by JSON_ALLOW_NUL) must not be
 * cut short silently. */
static void test_from_json_embedded_nul(void **state)
{
	(void)state;
	json_t *j = json_loads("{\"a\": \"x\\u0000y\"}", JSON_ALLOW_NUL, NULL);
	assert_non_null(j);
	struct params p;
	assert_int_equal(params_from_json(j, &p), -1);
	json_decref(j);

	j = json_object();
	json_object_setn_new(j, "a\0b", 3, json_string("x"));
	assert_int_equal(params_from_json(j, &p), -1);
	json_decref(j);
}

static void test_from_json_limit(void **state)
{
	(void)state;
	json_t *j = json_object();
	for (int i = 0; i < PARAMS_MAX; i++) {
		char name[16];
		snprintf(name, sizeof name, "p%d", i);
		json_object_set_new(j, name, json_integer(i));
	}
	struct params p;
	assert_int_equal(params_from_json(j, &p), 0);
	assert_int_equal(p.count, PARAMS_MAX);
	assert_string_equal(params_get(&p, "p63"), "63");
	params_free(&p);
	json_object_set_new(j, "one-more", json_true());
	assert_int_equal(params_from_json(j, &p), -1);
	assert_int_equal(p.count, 0);
	json_decref(j);
}

/* A JSON body goes through the same validation as a form body. */
static void test_from_json_then_validate(void **state)
{
	(void)state;
	json_t *j = load("{\"title\": \"abc\", \"count\": 100, \"asset\": 7,"
	                 " \"active\": true, \"level\": \"high\", \"due\": null,"
	                 " \"csrf\": \"t\"}");
	struct params p;
	struct form form;
	assert_int_equal(params_from_json(j, &p), 0);
	assert_int_equal(form_validate(&every_type, &p, &form), FORM_OK);
	assert_int_equal(form_number(&form, "count"), 100);
	assert_int_equal(form_number(&form, "asset"), 7);
	assert_true(form_bool(&form, "active"));
	assert_string_equal(form_value(&form, "due"), "");
	params_free(&p);
	json_decref(j);

	j = load("{\"title\": \"abc\", \"count\": 101, \"active\": false}");
	assert_int_equal(params_from_json(j, &p), 0);
	assert_int_equal(form_validate(&every_type, &p, &form), FORM_INVALID);
	assert_string_equal(form.errors[4], OUT_OF_RANGE);
	assert_false(form_bool(&form, "active"));
	params_free(&p);
	json_decref(j);

	j = load("{\"title\": \"abc\", \"role\": \"owner\"}");
	assert_int_equal(params_from_json(j, &p), 0);
	assert_int_equal(form_validate(&every_type, &p, &form), FORM_REJECTED);
	params_free(&p);
	json_decref(j);

	j = load("{\"title\": \"abc\\ndef\"}");
	assert_int_equal(params_from_json(j, &p), 0);
	assert_int_equal(form_validate(&every_type, &p, &form), FORM_INVALID);
	assert_string_equal(form.errors[0], BAD_TEXT);
	params_free(&p);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_valid),
		cmocka_unit_test(test_optional_absent),
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_text_lengths),
		cmocka_unit_test(test_text_one_line),
		cmocka_unit_test(test_multiline_lengths),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_duplicate_and_unknown),
		cmocka_unit_test(test_empty_spec),
		cmocka_unit_test(test_unclean_params_added_directly),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_to_json_password_error),
		cmocka_unit_test(test_set_error),
		cmocka_unit_test(test_programming_errors_abort),
		cmocka_unit_test(test_largest_spec),
		cmocka_unit_test(test_from_json_types),
		cmocka_unit_test(test_from_json_refused),
		cmocka_unit_test(test_from_json_embedded_nul),
		cmocka_unit_test(test_from_json_limit),
		cmocka_unit_test(test_from_json_then_validate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
