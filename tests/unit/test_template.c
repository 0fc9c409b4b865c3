/*
 * test_template.c - unit tests of web/template.c: output and escaping,
 * paths, conditions and truthiness, loops, includes and layouts,
 * translation tags, every parse error with its line, the include depth
 * guard, and rendering one set from several threads at once.
 *
 * Templates are added from string literals; contexts are written as JSON
 * text. lang is always NULL, for which i18n_gettext returns the msgid.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "web/template.h"

/* Adds a template that must parse. */
static void add(struct template_set **set, const char *name, const char *text)
{
	char err[256];
	int rc = template_set_add(set, name, text, strlen(text), err, sizeof err);
	if (rc != 0)
		print_error("unexpected parse error: %s\n", err);
	assert_int_equal(rc, 0);
}

/* Renders name against the JSON text context_json and checks both the
 * output and the return code. */
static void check_set(const struct template_set *set, const char *name,
                      const char *context_json, const char *expected,
                      int expected_rc)
{
	json_error_t jerr;
	json_t *context = json_loads(context_json, JSON_DECODE_ANY, &jerr);
	if (!context)
		print_error("bad test JSON: %s\n", jerr.text);
	assert_non_null(context);
	struct buf out = { 0 };
	int rc = template_render(set, name, context, NULL, &out);
	assert_string_equal(out.data ? out.data : "", expected);
	assert_int_equal(rc, expected_rc);
	buf_free(&out);
	json_decref(context);
}

/* One template named "page" rendered against context_json. */
static void check(const char *text, const char *context_json,
                  const char *expected)
{
	struct template_set *set = NULL;
	add(&set, "page", text);
	check_set(set, "page", context_json, expected, 0);
	template_set_free(set);
}

/* text must fail to parse with exactly this message. */
static void check_error(const char *text, const char *expected)
{
	struct template_set *set = NULL;
	char err[256] = "";
	int rc = template_set_add(&set, "page", text, strlen(text), err, sizeof err);
	assert_int_equal(rc, -1);
	assert_null(set);  /* a failed first add creates no set */
	assert_string_equal(err, expected);
}

static void test_text_only(void **state)
{
	(void)state;
	check("", "{}", "");
	check("plain <b>html</b> { } {x} %} }}", "{}",
	      "plain <b>html</b> { } {x} %} }}");
	check("ends with {", "{}", "ends with {");
}

static void test_escaping(void **state)
{
	(void)state;
	check("{{ s }}", "{\"s\": \"&\"}", "&amp;");
	check("{{ s }}", "{\"s\": \"<\"}", "&lt;");
	check("{{ s }}", "{\"s\": \">\"}", "&gt;");
	check("{{ s }}", "{\"s\": \"\\\"\"}", "&quot;");
	check("{{ s }}", "{\"s\": \"'\"}", "&#39;");
	check("<a title=\"{{s}}\">", "{\"s\": \"x\\\" onclick='y' <&>\"}",
	      "<a title=\"x&quot; onclick=&#39;y&#39; &lt;&amp;&gt;\">");
}

/* A string with an embedded NUL is printed whole, escaped. */
static void test_embedded_nul(void **state)
{
	(void)state;
	struct template_set *set = NULL;
	add(&set, "page", "[{{ s }}]");
	json_t *context = json_pack("{s:s%}", "s", "a\0<", (size_t)3);
	struct buf out = { 0 };
	assert_int_equal(template_render(set, "page", context, NULL, &out), 0);
	assert_int_equal(out.len, 8);
	assert_memory_equal(out.data, "[a\0&lt;]", 8);
	buf_free(&out);
	json_decref(context);
	template_set_free(set);
}

static void test_raw(void **state)
{
	(void)state;
	check("{{ raw html }}", "{\"html\": \"<b>&amp;'\\\"</b>\"}",
	      "<b>&amp;'\"</b>");
	check("{{raw n}}", "{\"n\": 5}", "5");
	/* A lone "raw" is the path raw. */
	check("{{ raw }}", "{\"raw\": \"<x>\"}", "&lt;x&gt;");
}

static void test_literal_output(void **state)
{
	(void)state;
	check("{{ \"{{ a<b }}\" }}", "{}", "{{ a&lt;b }}");
	check("{{ raw \"<br>\" }}", "{}", "<br>");
	check("{{ \"say \\\"hi\\\" \\\\ \\n\" }}", "{}",
	      "say &quot;hi&quot; \\ \\n");
	/* Closing delimiters inside a string do not end the tag. */
	check("{{ \"}} %}\" }}", "{}", "}} %}");
}

static void test_scalars(void **state)
{
	(void)state;
	check("{{ n }}", "{\"n\": 42}", "42");
	check("{{ n }}", "{\"n\": -7}", "-7");
	check("{{ n }}", "{\"n\": 0}", "0");
	check("{{ n }}", "{\"n\": -9223372036854775807}", "-9223372036854775807");
	check("{{ r }}", "{\"r\": 2.5}", "2.5");
	check("{{ r }}", "{\"r\": 0.1}", "0.1");
	check("{{ r }}", "{\"r\": 1e20}", "1e+20");
	check("{{ t }}|{{ f }}", "{\"t\": true, \"f\": false}", "true|false");
	check("[{{ z }}]", "{\"z\": null}", "[]");
	check("[{{ a }}{{ o }}]", "{\"a\": [1, 2], \"o\": {\"k\": 1}}", "[]");
}

static void test_paths(void **state)
{
	(void)state;
	const char *ctx = "{\"a\": {\"b\": {\"c\": \"deep\"}, \"s\": \"str\"},"
	                  " \"items\": [{\"name\": \"zero\"}, {\"name\": \"one\"}],"
	                  " \"o\": {\"0\": \"key zero\"}, \"with-dash\": 1,"
	                  " \"_u\": 2}";
	check("{{ a.b.c }}", ctx, "deep");
	check("{{ items.1.name }}", ctx, "one");
	check("{{ items.0.name }}", ctx, "zero");
	check("{{ o.0 }}", ctx, "key zero");
	check("{{ with-dash }}{{ _u }}", ctx, "12");
	/* Missing at each level, past the end of an array, through a string. */
	check("[{{ nope }}]", ctx, "[]");
	check("[{{ a.nope.c }}]", ctx, "[]");
	check("[{{ a.b.c.d }}]", ctx, "[]");
	check("[{{ items.2.name }}]", ctx, "[]");
	check("[{{ items.x }}]", ctx, "[]");
	check("[{{ a.s.x }}]", ctx, "[]");
	check("[{{ a.s.0 }}]", ctx, "[]");
}

static void test_context_not_object(void **state)
{
	(void)state;
	check("[{{ a }}]", "[1]", "[]");
	check("[{{ a }}]", "null", "[]");
	struct template_set *set = NULL;
	add(&set, "page", "[{{ a }}{% if a %}x{% else %}y{% end %}]");
	struct buf out = { 0 };
	assert_int_equal(template_render(set, "page", NULL, NULL, &out), 0);
	assert_string_equal(out.data, "[y]");
	buf_free(&out);
	template_set_free(set);
}

static void test_if_forms(void **state)
{
	(void)state;
	const char *ctx = "{\"yes\": true, \"no\": false, \"role\": \"owner\","
	                  " \"other\": {\"role\": \"owner\"}, \"n\": 3,"
	                  " \"r\": 3.0, \"s3\": \"3\", \"x\": \"viewer\"}";
	check("{% if yes %}Y{% end %}", ctx, "Y");
	check("{% if no %}Y{% end %}", ctx, "");
	check("{% if not no %}N{% end %}", ctx, "N");
	check("{% if not yes %}N{% end %}", ctx, "");
	check("{% if not missing %}N{% end %}", ctx, "N");
	check("{% if role == \"owner\" %}O{% end %}", ctx, "O");
	check("{% if role == \"own\" %}O{% end %}", ctx, "");
	check("{% if role != \"owner\" %}D{% end %}", ctx, "");
	check("{% if role != \"viewer\" %}D{% end %}", ctx, "D");
	check("{% if role == other.role %}E{% end %}", ctx, "E");
	check("{% if role != other.role %}E{% end %}", ctx, "");
	check("{% if role != x %}D{% end %}", ctx, "D");
	check("{% if role==\"owner\" %}tight{% end %}", ctx, "tight");
	check("{% if n == 3 %}I{% end %}", ctx, "I");
	check("{% if n == 9223372036854775807 %}I{% else %}big{% end %}", ctx, "big");
	check("{% if n != -9223372036854775808 %}I{% end %}", ctx, "I");
	check("{% if n == -3 %}I{% end %}", ctx, "");
	check("{% if r == 3 %}R{% end %}", ctx, "R");  /* 3.0 == 3 */
	/* No coercion between strings and numbers. */
	check("{% if s3 == 3 %}S{% else %}no{% end %}", ctx, "no");
	check("{% if s3 == \"3\" %}S{% end %}", ctx, "S");
	/* Missing equals only null. */
	check("{% if missing == \"\" %}M{% else %}no{% end %}", ctx, "no");
	check("{% if missing == nothing %}M{% end %}", ctx, "M");
	check("{% if other == other %}O{% end %}", ctx, "O");
	/* elif and else. */
	const char *chain = "{% if role == \"viewer\" %}V{% elif role == \"editor\" %}E"
	                    "{% elif role == \"owner\" %}O{% else %}?{% end %}";
	check(chain, "{\"role\": \"viewer\"}", "V");
	check(chain, "{\"role\": \"editor\"}", "E");
	check(chain, "{\"role\": \"owner\"}", "O");
	check(chain, "{\"role\": \"guest\"}", "?");
	check(chain, "{}", "?");
	check("{% if a %}A{% elif b %}B{% end %}", "{\"b\": 1}", "B");
	check("{% if a %}A{% elif b %}B{% end %}", "{}", "");
	check("{% if a %}A{% else %}not a{% end %}", "{}", "not a");
	/* Nested ifs. */
	check("{% if a %}{% if b %}AB{% else %}A{% end %}{% end %}",
	      "{\"a\": 1}", "A");
}

/* Truthiness as template.h states it. */
static void test_truthiness(void **state)
{
	(void)state;
	static const char *const falsy[] = {
		"null", "false", "0", "0.0", "\"\"", "[]", "{}",
	};
	static const char *const truthy[] = {
		"true", "1", "-1", "0.5", "\"0\"", "\" \"", "\"false\"", "[0]",
		"{\"a\": null}",
	};
	char ctx[64];
	for (size_t i = 0; i < sizeof falsy / sizeof falsy[0]; i++) {
		snprintf(ctx, sizeof ctx, "{\"v\": %s}", falsy[i]);
		check("{% if v %}T{% else %}F{% end %}", ctx, "F");
		check("{% if not v %}F{% end %}", ctx, "F");
	}
	for (size_t i = 0; i < sizeof truthy / sizeof truthy[0]; i++) {
		snprintf(ctx, sizeof ctx, "{\"v\": %s}", truthy[i]);
		check("{% if v %}T{% else %}F{% end %}", ctx, "T");
		check("{% if not v %}F{% end %}", ctx, "");
	}
	check("{% if v %}T{% else %}F{% end %}", "{}", "F");  /* missing */
}

static void test_for(void **state)
{
	(void)state;
	const char *loop = "{% for x in xs %}{{ loop.index }}:{{ x }}"
	                   "{% if loop.first %}F{% end %}{% if loop.last %}L{% end %}"
	                   ",{% else %}none{% end %}";
	check(loop, "{\"xs\": [\"a\", \"b\", \"c\"]}", "1:aF,2:b,3:cL,");
	check(loop, "{\"xs\": [\"only\"]}", "1:onlyFL,");
	check(loop, "{\"xs\": []}", "none");
	check(loop, "{}", "none");
	check(loop, "{\"xs\": {\"a\": 1}}", "none");  /* objects: not iterated */
	check(loop, "{\"xs\": \"abc\"}", "none");
	check("{% for x in xs %}{{ x }}{% end %}", "{\"xs\": []}", "");
	check("{% for r in rows %}<td>{{ r.name }}</td>{% end %}",
	      "{\"rows\": [{\"name\": \"<a>\"}, {\"name\": 2}, {}]}",
	      "<td>&lt;a&gt;</td><td>2</td><td></td>");
	check("{% for x in xs %}{% if loop.index == 2 %}two{% end %}{% end %}",
	      "{\"xs\": [0, 0, 0]}", "two");
	/* loop.* outside a loop is an ordinary context path. */
	check("[{{ loop.index }}]", "{}", "[]");
	check("{{ loop.index }}", "{\"loop\": {\"index\": \"ctx\"}}", "ctx");
	check("{% for x in xs %}[{{ loop.other }}{{ loop }}]{% end %}",
	      "{\"xs\": [1]}", "[]");
	/* The loop variable is gone after the loop. */
	check("{% for x in xs %}{% end %}{{ x }}", "{\"xs\": [1], \"x\": \"ctx\"}",
	      "ctx");
}

static void test_nested_loops(void **state)
{
	(void)state;
	const char *ctx = "{\"x\": \"context\", \"outer\": [\"a\", \"b\"],"
	                  " \"inner\": [1, 2, 3], \"grid\": [[1, 2], [3]]}";
	/* The inner x shadows the outer, which shadows the context's x. */
	check("{% for x in outer %}{% for x in inner %}{{ x }}{% end %}{{ x }};"
	      "{% end %}{{ x }}", ctx, "123a;123b;context");
	/* Both visible when named apart; loop.* is the innermost loop. */
	check("{% for o in outer %}{% for i in inner %}{{ o }}{{ i }}"
	      "{{ loop.index }}{% if loop.last %}|{% end %}{% end %}"
	      "{{ loop.index }} {% end %}", ctx,
	      "a11a22a33|1 b11b22b33|2 ");
	check("{% for row in grid %}({% for cell in row %}{{ cell }}{% end %})"
	      "{% end %}", ctx, "(12)(3)");
	/* Looping over a loop variable's field. */
	check("{% for g in groups %}{{ g.name }}:{% for m in g.members %}{{ m }}"
	      "{% else %}-{% end %};{% end %}",
	      "{\"groups\": [{\"name\": \"A\", \"members\": [\"x\", \"y\"]},"
	      " {\"name\": \"B\", \"members\": []}]}", "A:xy;B:-;");
}

static void test_include(void **state)
{
	(void)state;
	struct template_set *set = NULL;
	add(&set, "page", "<ul>{% for r in rows %}{% include \"parts/row\" %}"
	                  "{% end %}</ul>{% include \"parts/footer\" %}");
	/* Added after the page: links are made whenever the set grows. */
	add(&set, "parts/row", "<li>{{ r.name }} of {{ org }}</li>");
	add(&set, "parts/footer", "<p>{{ org }}</p>");
	check_set(set, "page", "{\"org\": \"Acme & co\", \"rows\": [{\"name\": 1},"
	          " {\"name\": \"<2>\"}]}",
	          "<ul><li>1 of Acme &amp; co</li><li>&lt;2&gt; of Acme &amp; co</li>"
	          "</ul><p>Acme &amp; co</p>", 0);
	assert_true(template_exists(set, "parts/row"));
	assert_false(template_exists(set, "parts/nope"));
	assert_false(template_exists(set, "parts"));
	assert_false(template_exists(NULL, "page"));
	template_set_free(set);
}

static void test_missing(void **state)
{
	(void)state;
	struct template_set *set = NULL;
	add(&set, "page", "a{% include \"nope/x\" %}b");
	check_set(set, "page", "{}",
	          "a<!-- ravelin: missing template \"nope/x\" -->b", -1);
	check_set(set, "absent", "{}",
	          "<!-- ravelin: missing template \"absent\" -->", -1);
	/* A hostile name cannot close the comment. */
	check_set(set, "x-->y", "{}",
	          "<!-- ravelin: missing template \"x--?y\" -->", -1);
	add(&set, "laid", "{% layout \"nope/layout\" %}body");
	check_set(set, "laid", "{}",
	          "<!-- ravelin: missing layout \"nope/layout\" -->body", -1);
	template_set_free(set);

	struct buf out = { 0 };
	assert_int_equal(template_render(NULL, "page", NULL, NULL, &out), -1);
	buf_free(&out);
}

static void test_layout(void **state)
{
	(void)state;
	struct template_set *set = NULL;
	add(&set, "layout", "<html><title>{{ title }}</title><body>{% content %}"
	                    "</body></html>");
	add(&set, "page", "{# comments may come first #}\n  {% layout \"layout\" %}"
	                  "<h1>{{ title }}</h1>");
	check_set(set, "page", "{\"title\": \"T&C\"}",
	          "<html><title>T&amp;C</title><body>\n  <h1>T&amp;C</h1>"
	          "</body></html>", 0);
	/* Rendered on its own, a layout's content is empty. */
	check_set(set, "layout", "{\"title\": \"x\"}",
	          "<html><title>x</title><body></body></html>", 0);

	/* A layout with a layout of its own. */
	add(&set, "modules/base", "{% layout \"layout\" %}<nav>{{ module }}</nav>"
	                          "<main>{% content %}</main>");
	add(&set, "modules/page", "{% layout \"modules/base\" %}risks");
	check_set(set, "modules/page", "{\"title\": \"R\", \"module\": \"M\"}",
	          "<html><title>R</title><body><nav>M</nav><main>risks</main>"
	          "</body></html>", 0);

	/* A loop around {% content %} does not leak into the page. */
	add(&set, "looping", "{% for x in xs %}[{% content %}]{% end %}");
	add(&set, "inner", "{% layout \"looping\" %}{{ x }}");
	check_set(set, "inner", "{\"xs\": [1, 2], \"x\": \"page x\"}",
	          "[page x][page x]", 0);

	/* An included page with a layout keeps its includer's loop variables. */
	add(&set, "card", "<div>{% content %}</div>");
	add(&set, "card_body", "{% layout \"card\" %}{{ item }}");
	add(&set, "cards", "{% for item in items %}{% include \"card_body\" %}{% end %}");
	check_set(set, "cards", "{\"items\": [\"a\", \"b\"]}",
	          "<div>a</div><div>b</div>", 0);
	template_set_free(set);
}

static void test_translate(void **state)
{
	(void)state;
	const char *ctx = "{\"user\": {\"name\": \"<Ann>\"}, \"n\": 3,"
	                  " \"msg\": \"Saved & done\", \"num\": 7, \"empty\": \"\"}";
	check("{% t \"Sign in\" %}", ctx, "Sign in");
	check("{% t \"Terms & <conditions>\" %}", ctx,
	      "Terms &amp; &lt;conditions&gt;");
	check("{% t \"Hello %s\" user.name %}", ctx, "Hello &lt;Ann&gt;");
	check("{% t \"%s has %s risks\" user.name n %}", ctx,
	      "&lt;Ann&gt; has 3 risks");
	check("{% t \"100%% sure\" %}", ctx, "100% sure");
	check("{% t \"%s%% done\" n %}", ctx, "3% done");
	check("{% t \"50% off, 5%\" %}", ctx, "50% off, 5%");  /* lone % kept */
	check("{% t \"say \\\"yes\\\"\" %}", ctx, "say &quot;yes&quot;");
	check("[{% t \"Hi %s\" missing %}]", ctx, "[Hi ]");
	/* A message id held in the context. */
	check("{% t msg %}", ctx, "Saved &amp; done");
	check("{% t num %}", ctx, "7");
	check("[{% t empty %}{% t missing %}]", ctx, "[]");
	/* From the context the count of %s cannot be checked: extra ones
	 * print nothing. */
	check("{% t m %}", "{\"m\": \"Hi %s, 100%% <%\"}", "Hi , 100% &lt;%");
	check("{% for u in users %}{% t \"Hi %s\" u %};{% end %}",
	      "{\"users\": [\"a\", \"b\"]}", "Hi a;Hi b;");
}

static void test_parse_errors(void **state)
{
	(void)state;
	check_error("a\nb\n{% frobnicate %}", "page:3: unknown tag 'frobnicate'");
	check_error("{% %}", "page:1: expected a tag name after {%");
	check_error("{% if a %}{% endif %}",
	            "page:1: unknown tag 'endif' (every block closes with {% end %})");
	check_error("\n{% if a %}\nx\n", "page:2: {% if %} is never closed by {% end %}");
	check_error("{% for x in xs %}\n{% if a %}\n{% end %}",
	            "page:1: {% for %} is never closed by {% end %}");
	check_error("{% if a %}{% else %}\n", "page:1: {% if %} is never closed by {% end %}");
	check_error("{% for x in xs %}{% else %}", "page:1: {% for %} is never closed by {% end %}");
	check_error("x\n\n{% end %}", "page:3: {% end %} without an open block");
	check_error("{% if a %}{% end %}\n{% end %}", "page:2: {% end %} without an open block");
	check_error("\n{% else %}", "page:2: {% else %} outside if or for");
	check_error("\n\n{% elif a %}", "page:3: {% elif %} outside if");
	check_error("{% if a %}\n{% else %}\n{% elif b %}{% end %}",
	            "page:3: {% elif %} after {% else %}");
	check_error("{% if a %}{% else %}\n{% else %}{% end %}",
	            "page:2: second {% else %} in {% if %}");
	check_error("{% for x in xs %}\n{% elif a %}{% end %}",
	            "page:2: {% elif %} inside {% for %}");
	check_error("{% for x in xs %}{% else %}\n{% else %}{% end %}",
	            "page:2: second {% else %} in {% for %}");
	check_error("\n{{ a..b }}", "page:2: bad path 'a..b'");
	check_error("{{ .a }}", "page:1: bad path '.a'");
	check_error("{{ a. }}", "page:1: bad path 'a.'");
	check_error("{{ 1a }}", "page:1: bad path '1a'");
	check_error("{{ 12 }}", "page:1: bad path '12'");
	check_error("{% if a == b..c %}{% end %}", "page:1: bad path 'b..c'");
	check_error("{% for x in .xs %}{% end %}", "page:1: bad path '.xs'");
	check_error("{% t \"Hi %s\" a..b %}", "page:1: bad path 'a..b'");
	check_error("\n{{ \"abc }}\n\n", "page:2: unterminated string");
	check_error("{% t \"abc %}", "page:1: unterminated string");
	check_error("\n\n{{ a ", "page:3: unterminated tag");
	check_error("{% if a\n\n", "page:1: unterminated tag");
	check_error("{{ a }", "page:1: unterminated tag");
	check_error("x\n{# never closed", "page:2: unterminated comment");
	check_error("x{% layout \"l\" %}", "page:1: {% layout %} must be the first tag");
	check_error("{{ a }}\n{% layout \"l\" %}",
	            "page:2: {% layout %} must be the first tag");
	check_error("{% layout \"l\" %}\n{% layout \"m\" %}",
	            "page:2: {% layout %} must be the first tag");
	check_error("{% if a %}{% layout \"l\" %}{% end %}",
	            "page:1: {% layout %} must be the first tag");
	check_error("{% include %}", "page:1: {% include %} needs a \"name\"");
	check_error("{% include name %}", "page:1: {% include %} needs a \"name\"");
	check_error("{% include \"../etc\" %}", "page:1: bad template name \"../etc\"");
	check_error("{% include \"a//b\" %}", "page:1: bad template name \"a//b\"");
	check_error("{% include \"\" %}", "page:1: bad template name \"\"");
	check_error("{% include \"a\" \"b\" %}", "page:1: unexpected \"b\" in {% include %}");
	check_error("{{ }}", "page:1: empty {{ }}");
	check_error("{{ a b }}", "page:1: unexpected 'b' in {{ }}");
	check_error("{{ a %}", "page:1: unexpected '%' in tag");
	check_error("{% if %}{% end %}", "page:1: {% if %} needs a condition");
	check_error("{% if a b %}{% end %}", "page:1: expected == or != in {% if %}");
	check_error("{% if a == %}{% end %}", "page:1: expected a path or a value");
	check_error("{% if not %}{% end %}", "page:1: expected a path after 'not'");
	check_error("{% if a = b %}{% end %}", "page:1: unexpected '=' in tag");
	check_error("{% for x xs %}{% end %}", "page:1: expected 'in' in {% for %}");
	check_error("{% for x.y in xs %}{% end %}",
	            "page:1: {% for %} needs a variable name");
	check_error("{% for loop in xs %}{% end %}",
	            "page:1: 'loop' is reserved: pick another name");
	check_error("{% for x in \"s\" %}{% end %}",
	            "page:1: {% for %} needs a path to loop over");
	check_error("{% t %}", "page:1: {% t %} needs a \"text\" or a path");
	check_error("{% t \"\" %}", "page:1: {% t %} with empty text");
	check_error("{% t \"Hi %s\" %}", "page:1: {% t %} text has 1 %s but 0 arguments");
	check_error("{% t \"Hi\" a %}", "page:1: {% t %} text has 0 %s but 1 argument");
	check_error("{% t \"Hi\" \"a\" %}", "page:1: {% t %} arguments must be paths");
	check_error("{% content extra %}", "page:1: unexpected 'extra' in {% content %}");
	check_error("{% end x %}", "page:1: {% end %} without an open block");
	check_error("{% if a %}{% end x %}", "page:1: unexpected 'x' in {% end %}");
	check_error("{{ a\x01 }}", "page:1: unexpected byte 0x01 in tag");
	check_error("{% if n == 99999999999999999999 %}{% end %}",
	            "page:1: number too large");
}

static void test_nesting_limit(void **state)
{
	(void)state;
	struct buf deep = { 0 };
	for (int i = 0; i < 32; i++)
		buf_puts(&deep, "{% if a %}");
	buf_puts(&deep, "x");
	for (int i = 0; i < 32; i++)
		buf_puts(&deep, "{% end %}");
	check(deep.data, "{\"a\": 1}", "x");

	buf_reset(&deep);
	for (int i = 0; i < 33; i++)
		buf_puts(&deep, "{% if a %}\n");
	check_error(deep.data, "page:33: blocks nested more than 32 deep");
	buf_free(&deep);
}

/* Self, mutual and layout recursion end at the depth limit with a comment
 * and -1, whatever the cycle. */
static void test_recursion_limit(void **state)
{
	(void)state;
	struct template_set *set = NULL;
	add(&set, "self", "s{% include \"self\" %}");
	add(&set, "ping", "p{% include \"pong\" %}");
	add(&set, "pong", "q{% include \"ping\" %}");
	add(&set, "loop_layout", "{% layout \"loop_layout\" %}L{% content %}");
	add(&set, "limited", "{% if depth %}{% include \"self\" %}{% end %}ok");

	check_set(set, "self", "{}",
	          "ssssssssssssssss<!-- ravelin: templates nested too deeply at"
	          " \"self\" -->", -1);
	check_set(set, "ping", "{}",
	          "pqpqpqpqpqpqpqpq<!-- ravelin: templates nested too deeply at"
	          " \"ping\" -->", -1);
	struct buf out = { 0 };
	assert_int_equal(template_render(set, "loop_layout", NULL, NULL, &out), -1);
	assert_non_null(strstr(out.data, "templates nested too deeply"));
	buf_free(&out);
	/* A render that stays under the limit is fine. */
	check_set(set, "limited", "{}", "ok", 0);
	template_set_free(set);
}

/* A cycle that branches (two includes per row, 16 levels deep) would
 * take 8^16 steps; the work budget stops it with a comment and -1. */
static void test_work_budget(void **state)
{
	(void)state;
	struct template_set *set = NULL;
	add(&set, "bomb", "{% for r in rows %}{{ r }}{% include \"bomb\" %}"
	                  "{% include \"bomb\" %}{% end %}");
	json_t *context = json_loads("{\"rows\": [1, 2, 3, 4]}", 0, NULL);
	struct buf out = { 0 };
	assert_int_equal(template_render(set, "bomb", context, NULL, &out), -1);
	const char *stop = "<!-- ravelin: page too large, rendering stopped -->";
	const char *found = strstr(out.data, stop);
	assert_non_null(found);
	assert_null(strstr(found + 1, stop));  /* reported once */
	assert_true(out.len < (64u << 20) + 4096);
	buf_free(&out);

	/* Output is bounded too: 4^12 copies of a 64 KiB text. */
	struct buf big = { 0 };
	buf_puts(&big, "{% for r in rows %}{% include \"big\" %}{% end %}");
	for (int i = 0; i < 65536; i++)
		buf_putc(&big, 'x');
	add(&set, "big", big.data);
	assert_int_equal(template_render(set, "big", context, NULL, &out), -1);
	assert_true(out.len < (64u << 20) + 2 * 65536 + 4096);
	assert_non_null(strstr(out.data + out.len - 100, stop));
	buf_free(&out);
	buf_free(&big);
	json_decref(context);
	template_set_free(set);
}

static void test_set_rules(void **state)
{
	(void)state;
	struct template_set *set = NULL;
	char err[128];
	add(&set, "a", "one");
	assert_int_equal(template_set_add(&set, "a", "two", 3, err, sizeof err), -1);
	assert_string_equal(err, "a: a template of this name already exists");
	/* A failed add leaves the set as it was. */
	assert_int_equal(template_set_add(&set, "b", "{% if %}", 8, err, sizeof err), -1);
	assert_false(template_exists(set, "b"));
	check_set(set, "a", "{}", "one", 0);
	/* err may be absent; text is taken by length, not to a NUL. */
	assert_int_equal(template_set_add(&set, "c", "{{ a }}", 4, NULL, 0), -1);
	assert_int_equal(template_set_add(&set, "d", "xy{{ a }}", 2, err, sizeof err), 0);
	check_set(set, "d", "{}", "xy", 0);
	/* A tiny error buffer is not overrun. */
	char tiny[8];
	assert_int_equal(template_set_add(&set, "e", "{% x %}", 7, tiny, sizeof tiny), -1);
	assert_int_equal(strlen(tiny), 7);
	template_set_free(set);
	template_set_free(NULL);
}

static void test_line_counting(void **state)
{
	(void)state;
	/* Newlines in text, comments, tags and strings all count. */
	check_error("a\n{# x\ny #}\n{{ a\n}}\n{% t \"x\ny\" %}\n{% bad %}",
	            "page:8: unknown tag 'bad'");
	check_error("\r\n\r\n{% bad %}", "page:3: unknown tag 'bad'");
}

struct render_job {
	const struct template_set *set;
	json_t *context;
	const char *expected;
	int failures;
};

static void *render_many(void *arg)
{
	struct render_job *job = arg;
	struct buf out = { 0 };
	for (int i = 0; i < 2000; i++) {
		buf_reset(&out);
		if (template_render(job->set, "page", job->context, NULL, &out) != 0 ||
		    strcmp(out.data, job->expected) != 0)
			job->failures++;
	}
	buf_free(&out);
	return NULL;
}

/* Several threads render the same set and context at once. */
static void test_threads(void **state)
{
	(void)state;
	struct template_set *set = NULL;
	add(&set, "layout", "<body>{% content %}</body>");
	add(&set, "row", "<li>{{ loop.index }} {{ r }}</li>");
	add(&set, "page", "{% layout \"layout\" %}{% for r in rows %}"
	                  "{% include \"row\" %}{% end %}{% t \"%s rows\" n %}");
	json_t *context = json_loads("{\"rows\": [\"a\", \"<b>\"], \"n\": 2}", 0, NULL);
	assert_non_null(context);
	const char *expected = "<body><li>1 a</li><li>2 &lt;b&gt;</li>2 rows</body>";
	struct render_job jobs[4];
	pthread_t threads[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct render_job){ set, context, expected, 0 };
		assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	json_decref(context);
	template_set_free(set);
}

/* Every template shipped in templates/ parses. */
static void test_load_embedded(void **state)
{
	(void)state;
	char err[256] = "";
	struct template_set *set = template_set_load_embedded(err, sizeof err);
	if (!set)
		print_error("embedded templates: %s\n", err);
	assert_non_null(set);
	template_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_only),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_literal_output),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_context_not_object),
		cmocka_unit_test(test_if_forms),
		cmocka_unit_test(test_truthiness),
		cmocka_unit_test(test_for),
		cmocka_unit_test(test_nested_loops),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_recursion_limit),
		cmocka_unit_test(test_work_budget),
		cmocka_unit_test(test_set_rules),
		cmocka_unit_test(test_line_counting),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_load_embedded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
