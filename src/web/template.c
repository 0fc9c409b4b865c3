/*
 * template.c - Ravelin's HTML template engine (syntax in template.h).
 *
 * A template is parsed once into a tree of nodes kept in its own arena.
 * Paths ("a.b.0") are split into segments at parse time, and include and
 * layout tags are linked to their target templates whenever the set
 * grows, so rendering does no parsing and no name lookups but one hash
 * lookup per path segment in the JSON value.
 *
 * Rendering walks the tree and appends to a struct buf. It allocates
 * nothing but the output buffer (loop scopes and layout frames live on the
 * C stack), changes no reference count and writes no shared state, so any
 * number of threads may render from the same set at once.
 *
 * Sections, in order: arena, values, lexer, parser, the set (linking and
 * lookup), rendering, public functions.
 */
#include "web/template.h"

#include <errno.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/resource.h"

/* Blocks (if/for) nested inside one template. Bounds the parser's and the
 * renderer's recursion: deeper nesting is a parse error. */
#define TEMPLATE_MAX_NESTING 32
/* Includes and layouts nested at render time; guards against a template
 * that includes itself, directly or not. */
#define TEMPLATE_MAX_DEPTH 16
/* Work one render may do: nodes visited (loop iterations included) and
 * bytes appended. The depth limit alone does not stop a cycle that
 * branches, such as a template including itself twice per row, whose
 * cost doubles at every level. Legitimate pages are far below both. The
 * fuzzer gets small limits so that such inputs stay fast to run. */
#ifdef RAVELIN_FUZZING
#define TEMPLATE_MAX_STEPS 200000UL
#define TEMPLATE_MAX_OUTPUT (1UL << 20)
#else
#define TEMPLATE_MAX_STEPS 20000000UL
#define TEMPLATE_MAX_OUTPUT (64UL << 20)
#endif

/* ------------------------------------------------------------------ */
/* Arena: every node, path and string of a template lives in one, freed */
/* with the template.                                                    */

#define ARENA_CHUNK_SIZE 8192

struct arena_chunk {
	struct arena_chunk *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

struct arena {
	struct arena_chunk *head;
};

/* Returns size bytes of zeroed memory aligned for any type. Large blocks
 * get a chunk of their own, placed behind the current one so its free
 * space is not lost. Allocation failure aborts, as in buf.c. */
static void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	if (size > SIZE_MAX - sizeof(struct arena_chunk) - align)
		abort();
	size = (size + align - 1) / align * align;
	struct arena_chunk *c = a->head;
	if (c && c->size - c->used >= size) {
		void *p = (char *)c->data + c->used;
		c->used += size;
		return p;
	}
	size_t cap = size > ARENA_CHUNK_SIZE / 4 ? size : ARENA_CHUNK_SIZE;
	struct arena_chunk *fresh = calloc(1, sizeof *fresh + cap);
	if (!fresh)
		abort();
	fresh->size = cap;
	fresh->used = size;
	if (c && cap == size) {
		fresh->next = c->next;
		c->next = fresh;
	} else {
		fresh->next = c;
		a->head = fresh;
	}
	return fresh->data;
}

/* A NUL-terminated copy of s[0..len) in the arena. */
static char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}

/* ------------------------------------------------------------------ */
/* The tree.                                                            */

/* One piece of a path. index >= 0 when the name is all digits, so that
 * "items.0" can index an array without parsing the number per render. */
struct segment {
	const char *name;  /* NUL-terminated */
	size_t len;
	long index;
};

/* What a "loop.x" path asks for, when it names the loop's state. */
enum loop_field {
	LOOP_FIELD_NONE,   /* not "loop.x", or an unknown x */
	LOOP_FIELD_INDEX,
	LOOP_FIELD_FIRST,
	LOOP_FIELD_LAST,
};

struct path {
	struct segment *segments;  /* segments[0] is the root */
	size_t count;
	bool loop_root;            /* root is "loop": may mean the loop's state */
	enum loop_field loop_field;
};

/* Either side of a comparison, or the subject of a condition. */
struct operand {
	enum { OPERAND_PATH, OPERAND_STRING, OPERAND_INTEGER } kind;
	struct path path;
	const char *string;  /* OPERAND_STRING, unescaped */
	size_t string_len;
	long long integer;   /* OPERAND_INTEGER */
};

struct condition {
	enum { CONDITION_TRUTHY, CONDITION_NOT, CONDITION_EQUAL,
	       CONDITION_NOT_EQUAL } op;
	struct operand left, right;  /* right only for (NOT_)EQUAL */
};

/* One arm of an if: its condition (none for else) and its body. */
struct branch {
	bool has_condition;
	struct condition condition;
	struct node *body;
	struct branch *next;
};

enum node_kind {
	NODE_TEXT,       /* literal text, copied as is */
	NODE_OUTPUT,     /* {{ path }}, escaped */
	NODE_RAW,        /* {{ raw path }} */
	NODE_IF,
	NODE_FOR,
	NODE_INCLUDE,
	NODE_LAYOUT,     /* never in a body: held by struct template */
	NODE_CONTENT,
	NODE_TRANSLATE,
};

struct template;

struct node {
	enum node_kind kind;
	struct node *next;  /* next sibling */
	union {
		struct {
			const char *data;
			size_t len;
		} text;
		struct path path;  /* NODE_OUTPUT, NODE_RAW */
		struct branch *branches;  /* NODE_IF */
		struct {
			const char *variable;
			size_t variable_len;
			struct path source;
			struct node *body;
			struct node *empty;  /* the else part */
		} loop;
		struct {
			const char *name;
			const struct template *target;  /* NULL until linked */
		} link;  /* NODE_INCLUDE, NODE_LAYOUT */
		struct {
			bool literal;          /* message is the text, else path */
			const char *message;
			/* A literal's translations, looked up once at load
			 * time, by i18n_index of the language. */
			const char *translated[I18N_LANGUAGE_COUNT];
			struct path message_path;
			struct path *args;
			size_t arg_count;
		} translate;
	} u;
};

struct template {
	const char *name;     /* in arena */
	struct node *layout;  /* NODE_LAYOUT or NULL */
	struct node *body;
	struct arena arena;
};

struct template_set {
	struct template **templates;  /* sorted by name */
	size_t count, cap;
	struct node **links;          /* every include and layout node */
	size_t link_count, link_cap;
};

/* ------------------------------------------------------------------ */
/* Values: what a path evaluates to. loop.index and loop.first have no  */
/* json_t behind them, so values are a small tagged union.              */

enum value_kind {
	VALUE_NULL,  /* also a missing path */
	VALUE_BOOL,
	VALUE_INTEGER,
	VALUE_REAL,
	VALUE_STRING,
	VALUE_ARRAY,
	VALUE_OBJECT,
};

struct value {
	enum value_kind kind;
	union {
		bool boolean;
		long long integer;
		double real;
		struct {
			const char *data;
			size_t len;
		} string;
		json_t *json;  /* VALUE_ARRAY, VALUE_OBJECT */
	} u;
};

static struct value value_from_json(json_t *json)
{
	struct value v = { .kind = VALUE_NULL };
	switch (json ? json_typeof(json) : JSON_NULL) {
	case JSON_TRUE:
	case JSON_FALSE:
		v.kind = VALUE_BOOL;
		v.u.boolean = json_is_true(json);
		break;
	case JSON_INTEGER:
		v.kind = VALUE_INTEGER;
		v.u.integer = (long long)json_integer_value(json);
		break;
	case JSON_REAL:
		v.kind = VALUE_REAL;
		v.u.real = json_real_value(json);
		break;
	case JSON_STRING:
		v.kind = VALUE_STRING;
		v.u.string.data = json_string_value(json);
		v.u.string.len = json_string_length(json);
		break;
	case JSON_ARRAY:
		v.kind = VALUE_ARRAY;
		v.u.json = json;
		break;
	case JSON_OBJECT:
		v.kind = VALUE_OBJECT;
		v.u.json = json;
		break;
	case JSON_NULL:
		break;
	}
	return v;
}

/* Truthiness as template.h defines it: everything but null, false, 0,
 * 0.0, "", [] and {}. */
static bool value_truthy(struct value v)
{
	switch (v.kind) {
	case VALUE_NULL: return false;
	case VALUE_BOOL: return v.u.boolean;
	case VALUE_INTEGER: return v.u.integer != 0;
	case VALUE_REAL: return v.u.real != 0.0;
	case VALUE_STRING: return v.u.string.len > 0;
	case VALUE_ARRAY: return json_array_size(v.u.json) > 0;
	case VALUE_OBJECT: return json_object_size(v.u.json) > 0;
	}
	return false;
}

/* Equality without type coercion: 1 == 1.0, but 1 != "1" and a missing
 * value equals only null. */
static bool value_equal(struct value a, struct value b)
{
	if (a.kind == VALUE_INTEGER && b.kind == VALUE_REAL)
		return (double)a.u.integer == b.u.real;
	if (a.kind == VALUE_REAL && b.kind == VALUE_INTEGER)
		return a.u.real == (double)b.u.integer;
	if (a.kind != b.kind)
		return false;
	switch (a.kind) {
	case VALUE_NULL: return true;
	case VALUE_BOOL: return a.u.boolean == b.u.boolean;
	case VALUE_INTEGER: return a.u.integer == b.u.integer;
	case VALUE_REAL: return a.u.real == b.u.real;
	case VALUE_STRING:
		return a.u.string.len == b.u.string.len &&
		       memcmp(a.u.string.data, b.u.string.data, a.u.string.len) == 0;
	case VALUE_ARRAY:
	case VALUE_OBJECT:
		return json_equal(a.u.json, b.u.json);
	}
	return false;
}

/* Appends n in decimal without going through printf. */
static void put_integer(struct buf *out, long long n)
{
	char digits[24];
	size_t i = sizeof digits;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n
	                             : (unsigned long long)n;
	do {
		digits[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		digits[--i] = '-';
	buf_append(out, digits + i, sizeof digits - i);
}

/* Appends a value as {{ }} prints it: strings (escaped unless raw),
 * integers plainly, reals with %g, booleans as "true"/"false"; null,
 * arrays and objects print nothing. */
static void put_value(struct buf *out, struct value v, bool escape)
{
	switch (v.kind) {
	case VALUE_STRING:
		if (escape)
			buf_put_html(out, v.u.string.data, v.u.string.len);
		else
			buf_append(out, v.u.string.data, v.u.string.len);
		break;
	case VALUE_INTEGER:
		put_integer(out, v.u.integer);
		break;
	case VALUE_REAL: {
		char number[32];
		int n = snprintf(number, sizeof number, "%g", v.u.real);
		if (n > 0 && (size_t)n < sizeof number)
			buf_append(out, number, (size_t)n);
		break;
	}
	case VALUE_BOOL:
		buf_puts(out, v.u.boolean ? "true" : "false");
		break;
	case VALUE_NULL:
	case VALUE_ARRAY:
	case VALUE_OBJECT:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Lexer: text is scanned for "{{", "{%" and "{#"; inside a tag, tokens */
/* are words (paths, keywords, numbers), strings, "==" and "!=".        */

enum token_kind {
	TOKEN_END,        /* the tag's closing "}}" or "%}" */
	TOKEN_WORD,
	TOKEN_STRING,     /* start/len exclude the quotes, escapes kept */
	TOKEN_EQUAL,
	TOKEN_NOT_EQUAL,
};

struct token {
	enum token_kind kind;
	const char *start;
	size_t len;
};

struct parser {
	const char *name;        /* of the template, for messages */
	const char *pos, *end;
	unsigned line;           /* of pos */
	unsigned tag_line;       /* where the current tag opened */
	char closer;             /* '}' in {{ }}, '%' in {% %} */
	bool seen_content;       /* a tag or non-blank text came already */
	struct template *tpl;
	struct arena *arena;
	struct node **links;     /* include/layout nodes, for linking */
	size_t link_count, link_cap;
	char *err;
	size_t errlen;
};

/* Writes "name:line: message" into the caller's error buffer; returns -1
 * so that callers can write `return parse_error(...)`. */
static int parse_error(struct parser *p, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int parse_error(struct parser *p, unsigned line, const char *fmt, ...)
{
	if (!p->err || p->errlen == 0)
		return -1;
	int n = snprintf(p->err, p->errlen, "%s:%u: ", p->name, line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static bool token_is(const struct token *t, const char *word)
{
	size_t n = strlen(word);
	return t->kind == TOKEN_WORD && t->len == n && memcmp(t->start, word, n) == 0;
}

/* Skips blanks inside a tag, counting newlines. */
static void skip_blanks(struct parser *p)
{
	while (p->pos < p->end) {
		char c = *p->pos;
		if (c == '\n')
			p->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			break;
		p->pos++;
	}
}

/* Reads a "..." literal starting at p->pos (on the quote). A backslash
 * protects the next character, so \" and \\ may appear inside. */
static int lex_string(struct parser *p, struct token *t)
{
	unsigned start_line = p->line;
	const char *s = ++p->pos;
	while (p->pos < p->end && *p->pos != '"') {
		if (*p->pos == '\n')
			p->line++;
		if (*p->pos == '\\' && p->pos + 1 < p->end) {
			p->pos++;
			if (*p->pos == '\n')
				p->line++;
		}
		p->pos++;
	}
	if (p->pos >= p->end)
		return parse_error(p, start_line, "unterminated string");
	t->kind = TOKEN_STRING;
	t->start = s;
	t->len = (size_t)(p->pos - s);
	p->pos++;
	return 0;
}

/* Reads the next token of the current tag into *t (which is defined,
 * as an empty TOKEN_END, even when this fails). */
static int next_token(struct parser *p, struct token *t)
{
	skip_blanks(p);
	*t = (struct token){ .kind = TOKEN_END, .start = p->pos, .len = 0 };
	if (p->pos >= p->end)
		return parse_error(p, p->tag_line, "unterminated tag");
	const char *s = p->pos;
	char c = *s;
	if (c == p->closer && s + 1 < p->end && s[1] == '}') {
		p->pos += 2;
		t->kind = TOKEN_END;
		t->len = 2;
		return 0;
	}
	if (c == p->closer && s + 1 == p->end)
		return parse_error(p, p->tag_line, "unterminated tag");
	if (c == '"')
		return lex_string(p, t);
	if ((c == '=' || c == '!') && s + 1 < p->end && s[1] == '=') {
		p->pos += 2;
		t->kind = c == '=' ? TOKEN_EQUAL : TOKEN_NOT_EQUAL;
		t->len = 2;
		return 0;
	}
	if (is_word_char(c)) {
		while (p->pos < p->end && is_word_char(*p->pos))
			p->pos++;
		t->kind = TOKEN_WORD;
		t->len = (size_t)(p->pos - s);
		return 0;
	}
	if (c >= 0x21 && c < 0x7f)
		return parse_error(p, p->line, "unexpected '%c' in tag", c);
	return parse_error(p, p->line, "unexpected byte 0x%02x in tag",
	                   (unsigned)(unsigned char)c);
}

/* Reads the next token without consuming it. */
static int peek_token(struct parser *p, struct token *t)
{
	const char *pos = p->pos;
	unsigned line = p->line;
	int rc = next_token(p, t);
	p->pos = pos;
	p->line = line;
	return rc;
}

/* Reports a token that has no place where it stands, quoting at most 40
 * bytes of it; strings are shown with their quotes. */
static int unexpected_token(struct parser *p, const struct token *t,
                            const char *tag)
{
	const char *quote = t->kind == TOKEN_STRING ? "\"" : "'";
	return parse_error(p, p->line, "unexpected %s%.*s%s in %s%s%s", quote,
	                   (int)(t->len > 40 ? 40 : t->len), t->start, quote,
	                   tag ? "{% " : "{{ }}", tag ? tag : "", tag ? " %}" : "");
}

/* Requires the tag to end here ("%}" or "}}"). */
static int expect_end(struct parser *p, const char *tag)
{
	struct token t;
	if (next_token(p, &t) < 0)
		return -1;
	if (t.kind != TOKEN_END)
		return unexpected_token(p, &t, tag);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Parser: recursive descent over the token stream, one function per    */
/* tag. Each returns 0 or -1 after writing the error.                   */

/* The unescaped text of a string token (\" -> ", \\ -> \; any other
 * backslash is kept), copied into the arena. */
static char *unescape_string(struct parser *p, const struct token *t,
                             size_t *len)
{
	char *s = arena_alloc(p->arena, t->len + 1);
	size_t n = 0;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->start[i];
		if (c == '\\' && i + 1 < t->len &&
		    (t->start[i + 1] == '"' || t->start[i + 1] == '\\'))
			c = t->start[++i];
		s[n++] = c;
	}
	s[n] = '\0';
	*len = n;
	return s;
}

static bool is_digits(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Splits a word such as "risk.owner.name" or "rows.0" into segments.
 * The root must start with a letter or '_'; each segment is non-empty and
 * made of letters, digits, '_' and '-'. */
static int parse_path(struct parser *p, const struct token *t, struct path *out)
{
	const char *w = t->start;
	size_t len = t->len;
	bool root_ok = t->kind == TOKEN_WORD && len > 0 &&
	               ((w[0] >= 'a' && w[0] <= 'z') ||
	                (w[0] >= 'A' && w[0] <= 'Z') || w[0] == '_');
	if (!root_ok || w[len - 1] == '.' || memmem(w, len, "..", 2))
		return parse_error(p, p->line, "bad path '%.*s'",
		                   (int)(len > 40 ? 40 : len), w);
	size_t count = 1;
	for (size_t i = 0; i < len; i++)
		count += w[i] == '.';
	out->segments = arena_alloc(p->arena, count * sizeof *out->segments);
	out->count = count;
	const char *s = w;
	for (size_t i = 0; i < count; i++) {
		const char *dot = memchr(s, '.', (size_t)(w + len - s));
		size_t n = dot ? (size_t)(dot - s) : (size_t)(w + len - s);
		struct segment *seg = &out->segments[i];
		seg->name = arena_strndup(p->arena, s, n);
		seg->len = n;
		seg->index = -1;
		if (is_digits(s, n) && n < 10)
			seg->index = strtol(seg->name, NULL, 10);
		s += n + 1;
	}
	out->loop_root = strcmp(out->segments[0].name, "loop") == 0;
	out->loop_field = LOOP_FIELD_NONE;
	if (out->loop_root && count == 2) {
		const char *field = out->segments[1].name;
		if (strcmp(field, "index") == 0)
			out->loop_field = LOOP_FIELD_INDEX;
		else if (strcmp(field, "first") == 0)
			out->loop_field = LOOP_FIELD_FIRST;
		else if (strcmp(field, "last") == 0)
			out->loop_field = LOOP_FIELD_LAST;
	}
	return 0;
}

/* An operand: a path, a "string" or an integer such as 3 or -1. */
static int parse_operand(struct parser *p, const struct token *t,
                         struct operand *out)
{
	if (t->kind == TOKEN_STRING) {
		out->kind = OPERAND_STRING;
		out->string = unescape_string(p, t, &out->string_len);
		return 0;
	}
	if (t->kind != TOKEN_WORD)
		return parse_error(p, p->line, "expected a path or a value");
	bool negative = t->start[0] == '-';
	if (is_digits(t->start + negative, t->len - negative)) {
		char digits[24];
		if (t->len >= sizeof digits)
			return parse_error(p, p->line, "number too large");
		memcpy(digits, t->start, t->len);
		digits[t->len] = '\0';
		out->kind = OPERAND_INTEGER;
		errno = 0;
		out->integer = strtoll(digits, NULL, 10);
		if (errno == ERANGE)
			return parse_error(p, p->line, "number too large");
		return 0;
	}
	out->kind = OPERAND_PATH;
	return parse_path(p, t, &out->path);
}

/* The rest of an if or elif tag:
 *   PATH | not PATH | OPERAND == OPERAND | OPERAND != OPERAND */
static int parse_condition(struct parser *p, const char *tag,
                           struct condition *out)
{
	struct token t;
	if (next_token(p, &t) < 0)
		return -1;
	if (t.kind == TOKEN_END)
		return parse_error(p, p->line, "{%% %s %%} needs a condition", tag);
	if (token_is(&t, "not")) {
		out->op = CONDITION_NOT;
		if (next_token(p, &t) < 0)
			return -1;
		if (t.kind != TOKEN_WORD && t.kind != TOKEN_STRING)
			return parse_error(p, p->line, "expected a path after 'not'");
		if (parse_operand(p, &t, &out->left) < 0)
			return -1;
		return expect_end(p, tag);
	}
	if (parse_operand(p, &t, &out->left) < 0)
		return -1;
	if (next_token(p, &t) < 0)
		return -1;
	if (t.kind == TOKEN_END) {
		out->op = CONDITION_TRUTHY;
		return 0;
	}
	if (t.kind != TOKEN_EQUAL && t.kind != TOKEN_NOT_EQUAL)
		return parse_error(p, p->line, "expected == or != in {%% %s %%}", tag);
	out->op = t.kind == TOKEN_EQUAL ? CONDITION_EQUAL : CONDITION_NOT_EQUAL;
	if (next_token(p, &t) < 0)
		return -1;
	if (parse_operand(p, &t, &out->right) < 0)
		return -1;
	return expect_end(p, tag);
}

static struct node *new_node(struct parser *p, enum node_kind kind)
{
	struct node *n = arena_alloc(p->arena, sizeof *n);
	n->kind = kind;
	return n;
}

/* Why parse_nodes stopped: the end of the text or a tag that closes or
 * divides the enclosing block. The tag's name has been read; the caller
 * reads the rest of it. */
enum stop {
	STOP_EOF,
	STOP_END,
	STOP_ELSE,
	STOP_ELIF,
};

static int parse_nodes(struct parser *p, struct node **head, unsigned depth,
                       enum stop *stop);

/* Reports a block left open at the end of the text, at its opening line. */
static int unclosed_block(struct parser *p, const char *tag, unsigned line)
{
	return parse_error(p, line, "{%% %s %%} is never closed by {%% end %%}",
	                   tag);
}

/* {% if C %} ... [{% elif C %} ...]* [{% else %} ...] {% end %} */
static int parse_if(struct parser *p, struct node *n, unsigned depth)
{
	unsigned opened = p->tag_line;
	struct branch **tail = &n->u.branches;
	bool has_else = false;
	const char *tag = "if";
	for (;;) {
		struct branch *b = arena_alloc(p->arena, sizeof *b);
		*tail = b;
		tail = &b->next;
		if (!has_else) {
			b->has_condition = true;
			if (parse_condition(p, tag, &b->condition) < 0)
				return -1;
		}
		enum stop stop;
		if (parse_nodes(p, &b->body, depth + 1, &stop) < 0)
			return -1;
		switch (stop) {
		case STOP_EOF:
			return unclosed_block(p, "if", opened);
		case STOP_END:
			return expect_end(p, "end");
		case STOP_ELIF:
			if (has_else)
				return parse_error(p, p->tag_line,
				                   "{%% elif %%} after {%% else %%}");
			tag = "elif";
			break;
		case STOP_ELSE:
			if (has_else)
				return parse_error(p, p->tag_line,
				                   "second {%% else %%} in {%% if %%}");
			if (expect_end(p, "else") < 0)
				return -1;
			has_else = true;
			break;
		}
	}
}

/* {% for NAME in PATH %} ... [{% else %} ...] {% end %} */
static int parse_for(struct parser *p, struct node *n, unsigned depth)
{
	unsigned opened = p->tag_line;
	struct token t;
	if (next_token(p, &t) < 0)
		return -1;
	struct path variable;
	if (t.kind != TOKEN_WORD || parse_path(p, &t, &variable) < 0 ||
	    variable.count != 1)
		return parse_error(p, p->line, "{%% for %%} needs a variable name");
	if (variable.loop_root)
		return parse_error(p, p->line, "'loop' is reserved: pick another name");
	n->u.loop.variable = variable.segments[0].name;
	n->u.loop.variable_len = variable.segments[0].len;
	if (next_token(p, &t) < 0)
		return -1;
	if (!token_is(&t, "in"))
		return parse_error(p, p->line, "expected 'in' in {%% for %%}");
	if (next_token(p, &t) < 0)
		return -1;
	if (t.kind != TOKEN_WORD)
		return parse_error(p, p->line, "{%% for %%} needs a path to loop over");
	if (parse_path(p, &t, &n->u.loop.source) < 0 || expect_end(p, "for") < 0)
		return -1;

	enum stop stop;
	if (parse_nodes(p, &n->u.loop.body, depth + 1, &stop) < 0)
		return -1;
	if (stop == STOP_ELIF)
		return parse_error(p, p->tag_line, "{%% elif %%} inside {%% for %%}");
	if (stop == STOP_ELSE) {
		if (expect_end(p, "else") < 0)
			return -1;
		if (parse_nodes(p, &n->u.loop.empty, depth + 1, &stop) < 0)
			return -1;
		if (stop == STOP_ELSE)
			return parse_error(p, p->tag_line,
			                   "second {%% else %%} in {%% for %%}");
		if (stop == STOP_ELIF)
			return parse_error(p, p->tag_line,
			                   "{%% elif %%} inside {%% for %%}");
	}
	if (stop == STOP_EOF)
		return unclosed_block(p, "for", opened);
	return expect_end(p, "end");
}

/* Template names: segments of letters, digits, '_' and '-' joined by '/'. */
static bool valid_template_name(const char *s, size_t len)
{
	if (len == 0 || s[0] == '/' || s[len - 1] == '/')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		          (c == '/' && s[i + 1] != '/');
		if (!ok)
			return false;
	}
	return true;
}

/* {% include "name" %} and {% layout "name" %}: remembers the node so the
 * set can link it to its target. */
static int parse_link(struct parser *p, struct node *n, const char *tag)
{
	struct token t;
	if (next_token(p, &t) < 0)
		return -1;
	if (t.kind != TOKEN_STRING)
		return parse_error(p, p->line, "{%% %s %%} needs a \"name\"", tag);
	if (!valid_template_name(t.start, t.len))
		return parse_error(p, p->line, "bad template name \"%.*s\"",
		                   (int)(t.len > 40 ? 40 : t.len), t.start);
	n->u.link.name = arena_strndup(p->arena, t.start, t.len);
	if (expect_end(p, tag) < 0)
		return -1;
	if (p->link_count == p->link_cap) {
		size_t cap = p->link_cap ? p->link_cap * 2 : 8;
		struct node **links = realloc(p->links, cap * sizeof *links);
		if (!links)
			abort();
		p->links = links;
		p->link_cap = cap;
	}
	p->links[p->link_count++] = n;
	return 0;
}

/* Counts the "%s" of a message ("%%" is a literal percent sign). */
static size_t count_placeholders(const char *s)
{
	size_t count = 0;
	for (; (s = strchr(s, '%')) != NULL; s++) {
		if (s[1] == 's')
			count++;
		if (s[1] == '%' || s[1] == 's')
			s++;
	}
	return count;
}

/* {% t "text" PATH... %} or {% t PATH PATH... %} */
static int parse_translate(struct parser *p, struct node *n)
{
	struct token t;
	if (next_token(p, &t) < 0)
		return -1;
	if (t.kind == TOKEN_STRING) {
		size_t len;
		n->u.translate.literal = true;
		n->u.translate.message = unescape_string(p, &t, &len);
		if (len == 0)
			return parse_error(p, p->line, "{%% t %%} with empty text");
		for (int l = 0; l < I18N_LANGUAGE_COUNT; l++)
			n->u.translate.translated[l] = i18n_gettext(
				i18n_catalog(i18n_languages[l]), n->u.translate.message);
	} else if (t.kind == TOKEN_WORD) {
		if (parse_path(p, &t, &n->u.translate.message_path) < 0)
			return -1;
	} else {
		return parse_error(p, p->line, "{%% t %%} needs a \"text\" or a path");
	}

	/* Count the arguments first so they fit in one array. */
	const char *pos = p->pos;
	unsigned line = p->line;
	size_t count = 0;
	for (;;) {
		if (next_token(p, &t) < 0)
			return -1;
		if (t.kind == TOKEN_END)
			break;
		if (t.kind != TOKEN_WORD)
			return parse_error(p, p->line, "{%% t %%} arguments must be paths");
		count++;
	}
	p->pos = pos;
	p->line = line;
	n->u.translate.args = arena_alloc(p->arena, count * sizeof(struct path));
	n->u.translate.arg_count = count;
	for (size_t i = 0; i < count; i++) {
		if (next_token(p, &t) < 0 ||
		    parse_path(p, &t, &n->u.translate.args[i]) < 0)
			return -1;
	}
	if (n->u.translate.literal) {
		size_t wanted = count_placeholders(n->u.translate.message);
		if (wanted != count)
			return parse_error(p, p->line,
			                   "{%% t %%} text has %zu %%s but %zu argument%s",
			                   wanted, count, count == 1 ? "" : "s");
	}
	return expect_end(p, "t");
}

/* {{ PATH }}, {{ raw PATH }}, {{ "text" }} or {{ raw "text" }}. A string
 * becomes a text node, escaped now unless raw. */
static int parse_output(struct parser *p, struct node **out)
{
	struct token t, after;
	if (next_token(p, &t) < 0)
		return -1;
	if (t.kind == TOKEN_END)
		return parse_error(p, p->line, "empty {{ }}");
	bool raw = false;
	if (token_is(&t, "raw")) {
		if (peek_token(p, &after) < 0)
			return -1;
		if (after.kind != TOKEN_END) {
			raw = true;
			if (next_token(p, &t) < 0)
				return -1;
		}
	}
	struct node *n;
	if (t.kind == TOKEN_STRING) {
		size_t len;
		char *s = unescape_string(p, &t, &len);
		n = new_node(p, NODE_TEXT);
		if (raw) {
			n->u.text.data = s;
			n->u.text.len = len;
		} else {
			struct buf escaped = { 0 };
			buf_put_html(&escaped, s, len);
			n->u.text.data = arena_strndup(p->arena, escaped.data, escaped.len);
			n->u.text.len = escaped.len;
			buf_free(&escaped);
		}
	} else {
		n = new_node(p, raw ? NODE_RAW : NODE_OUTPUT);
		if (parse_path(p, &t, &n->u.path) < 0)
			return -1;
	}
	if (next_token(p, &t) < 0)
		return -1;
	if (t.kind != TOKEN_END)
		return unexpected_token(p, &t, NULL);
	*out = n;
	return 0;
}

/* Dispatches one {% %} tag whose name is in *t. Block tags parse their
 * whole block. Sets *n to the node to append (or NULL), or, for a tag
 * that ends or divides the enclosing block, sets *stop (which the caller
 * initialises to STOP_EOF). */
static int parse_statement(struct parser *p, const struct token *t,
                           unsigned depth, struct node **n, enum stop *stop)
{
	*n = NULL;
	*stop = STOP_EOF;
	if (token_is(t, "end"))
		*stop = STOP_END;
	else if (token_is(t, "else"))
		*stop = STOP_ELSE;
	else if (token_is(t, "elif"))
		*stop = STOP_ELIF;
	if (*stop != STOP_EOF)
		return 0;

	if (token_is(t, "layout")) {
		if (p->seen_content || depth > 0)
			return parse_error(p, p->tag_line,
			                   "{%% layout %%} must be the first tag");
		p->seen_content = true;
		p->tpl->layout = new_node(p, NODE_LAYOUT);
		return parse_link(p, p->tpl->layout, "layout");
	}
	p->seen_content = true;
	if (token_is(t, "if")) {
		*n = new_node(p, NODE_IF);
		return parse_if(p, *n, depth);
	}
	if (token_is(t, "for")) {
		*n = new_node(p, NODE_FOR);
		return parse_for(p, *n, depth);
	}
	if (token_is(t, "include")) {
		*n = new_node(p, NODE_INCLUDE);
		return parse_link(p, *n, "include");
	}
	if (token_is(t, "content")) {
		*n = new_node(p, NODE_CONTENT);
		return expect_end(p, "content");
	}
	if (token_is(t, "t")) {
		*n = new_node(p, NODE_TRANSLATE);
		return parse_translate(p, *n);
	}
	if (t->kind == TOKEN_WORD)
		return parse_error(p, p->tag_line, "unknown tag '%.*s'%s",
		                   (int)(t->len > 40 ? 40 : t->len), t->start,
		                   t->len > 3 && memcmp(t->start, "end", 3) == 0
		                   ? " (every block closes with {% end %})" : "");
	return parse_error(p, p->tag_line, "expected a tag name after {%%");
}

/* Skips a {# comment #}; p->pos is just after "{#". */
static int skip_comment(struct parser *p)
{
	const char *close = NULL;
	for (const char *s = p->pos; s + 1 < p->end; s++) {
		if (s[0] == '#' && s[1] == '}') {
			close = s;
			break;
		}
	}
	if (!close)
		return parse_error(p, p->tag_line, "unterminated comment");
	for (const char *s = p->pos; s < close; s++)
		p->line += *s == '\n';
	p->pos = close + 2;
	return 0;
}

/* Appends a text node for text[0..len), if not empty. */
static void add_text(struct parser *p, struct node ***tail, const char *text,
                     size_t len)
{
	if (len == 0)
		return;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '\n')
			p->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			p->seen_content = true;
	}
	struct node *n = new_node(p, NODE_TEXT);
	n->u.text.data = arena_strndup(p->arena, text, len);
	n->u.text.len = len;
	**tail = n;
	*tail = &n->next;
}

/* The start of the next tag ("{{", "{%" or "{#") at or after s, or end. */
static const char *find_tag(const char *s, const char *end)
{
	while (s < end) {
		const char *brace = memchr(s, '{', (size_t)(end - s));
		if (!brace || brace + 1 >= end)
			return end;
		if (brace[1] == '{' || brace[1] == '%' || brace[1] == '#')
			return brace;
		s = brace + 1;
	}
	return end;
}

/* Parses text and tags into the list *head until the end of the text or
 * a tag (end, else, elif) that belongs to the enclosing block. */
static int parse_nodes(struct parser *p, struct node **head, unsigned depth,
                       enum stop *stop)
{
	if (depth > TEMPLATE_MAX_NESTING)
		return parse_error(p, p->tag_line, "blocks nested more than %d deep",
		                   TEMPLATE_MAX_NESTING);
	struct node **tail = head;
	for (;;) {
		const char *tag = find_tag(p->pos, p->end);
		add_text(p, &tail, p->pos, (size_t)(tag - p->pos));
		p->pos = tag;
		if (tag == p->end) {
			*stop = STOP_EOF;
			return 0;
		}
		p->tag_line = p->line;
		p->pos += 2;
		struct node *n = NULL;
		if (tag[1] == '#') {
			if (skip_comment(p) < 0)
				return -1;
			continue;
		}
		if (tag[1] == '{') {
			p->closer = '}';
			p->seen_content = true;
			if (parse_output(p, &n) < 0)
				return -1;
		} else {
			p->closer = '%';
			struct token name;
			enum stop closing = STOP_EOF;
			if (next_token(p, &name) < 0 ||
			    parse_statement(p, &name, depth, &n, &closing) < 0)
				return -1;
			if (closing != STOP_EOF) {
				*stop = closing;
				return 0;
			}
		}
		if (n) {
			*tail = n;
			tail = &n->next;
		}
	}
}

/* Parses a whole template. A stray end/else/elif at the top is an error. */
static int parse_template(struct parser *p)
{
	enum stop stop;
	if (parse_nodes(p, &p->tpl->body, 0, &stop) < 0)
		return -1;
	switch (stop) {
	case STOP_EOF:
		return 0;
	case STOP_END:
		return parse_error(p, p->tag_line, "{%% end %%} without an open block");
	case STOP_ELSE:
		return parse_error(p, p->tag_line, "{%% else %%} outside if or for");
	case STOP_ELIF:
		return parse_error(p, p->tag_line, "{%% elif %%} outside if");
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* The set: templates sorted by name; include and layout nodes linked to */
/* their targets each time a template is added.                         */

/* Index of the first template whose name is >= name. */
static size_t set_lower_bound(const struct template_set *set, const char *name)
{
	size_t lo = 0, hi = set->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(set->templates[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct template *set_find(const struct template_set *set,
                                       const char *name)
{
	if (!set || !name)
		return NULL;
	size_t i = set_lower_bound(set, name);
	if (i < set->count && strcmp(set->templates[i]->name, name) == 0)
		return set->templates[i];
	return NULL;
}

/* Takes ownership of tpl and of the parser's link list. */
static void set_insert(struct template_set *set, struct template *tpl,
                       struct node **links, size_t link_count)
{
	if (set->count == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct template **t = realloc(set->templates, cap * sizeof *t);
		if (!t)
			abort();
		set->templates = t;
		set->cap = cap;
	}
	size_t i = set_lower_bound(set, tpl->name);
	memmove(&set->templates[i + 1], &set->templates[i],
	        (set->count - i) * sizeof *set->templates);
	set->templates[i] = tpl;
	set->count++;

	if (set->link_count + link_count > set->link_cap) {
		size_t cap = set->link_cap ? set->link_cap : 16;
		while (cap < set->link_count + link_count)
			cap *= 2;
		struct node **l = realloc(set->links, cap * sizeof *l);
		if (!l)
			abort();
		set->links = l;
		set->link_cap = cap;
	}
	if (link_count)
		memcpy(set->links + set->link_count, links,
		       link_count * sizeof *links);
	set->link_count += link_count;
	free(links);
}

/* Points every unlinked include/layout at its target if it now exists.
 * Templates are never replaced or removed, so a link, once made, stays
 * valid for the life of the set. */
static void set_link(struct template_set *set)
{
	for (size_t i = 0; i < set->link_count; i++) {
		struct node *n = set->links[i];
		if (!n->u.link.target)
			n->u.link.target = set_find(set, n->u.link.name);
	}
}

/* ------------------------------------------------------------------ */
/* Rendering.                                                           */

/* One active {% for %}: a link in a stack that lives on the C stack. */
struct scope {
	const char *name;
	size_t name_len;
	json_t *item;
	size_t index, count;
	const struct scope *outer;
};

/* The page a layout wraps, inserted by {% content %}: its body, and the
 * scopes and outer frame that were active when the page was entered. */
struct content_frame {
	const struct node *body;
	const struct scope *scope;
	const struct content_frame *outer;
};

struct render {
	json_t *context;
	const struct catalog *lang;
	struct buf *out;
	const struct scope *scope;           /* innermost loop, or NULL */
	const struct content_frame *content;
	unsigned depth;                      /* includes and layouts */
	unsigned long steps;                 /* nodes and loop iterations so far */
	size_t start_len;                    /* out->len when the render began */
	bool stopped;                        /* the work budget ran out */
	int status;                          /* -1 once anything went wrong */
};

/* Appends "<!-- ravelin: WHAT "NAME" -->" (without the name when NULL)
 * and marks the render failed. The name is filtered to template-name
 * characters so it can never close the comment. */
static void render_problem(struct render *r, const char *what, const char *name)
{
	buf_puts(r->out, "<!-- ravelin: ");
	buf_puts(r->out, what);
	if (name) {
		buf_puts(r->out, " \"");
		for (const char *s = name; *s; s++) {
			char c = *s;
			bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			            (c >= '0' && c <= '9') || c == '_' || c == '/' ||
			            c == '-';
			buf_putc(r->out, safe ? c : (char)'?');
		}
		buf_putc(r->out, '"');
	}
	buf_puts(r->out, " -->");
	r->status = -1;
}

/* Counts one step of work and tells whether rendering may go on. When
 * the budget runs out the render is cut short, once, with a comment. */
static bool render_step(struct render *r)
{
	if (r->stopped)
		return false;
	if (++r->steps <= TEMPLATE_MAX_STEPS &&
	    r->out->len - r->start_len <= TEMPLATE_MAX_OUTPUT)
		return true;
	r->stopped = true;
	render_problem(r, "page too large, rendering stopped", NULL);
	return false;
}

/* The state of the innermost loop: loop.index, loop.first, loop.last. */
static struct value loop_state(const struct scope *s, const struct path *p)
{
	struct value v = { .kind = VALUE_NULL };
	switch (p->loop_field) {
	case LOOP_FIELD_INDEX:
		v.kind = VALUE_INTEGER;
		v.u.integer = (long long)s->index + 1;
		break;
	case LOOP_FIELD_FIRST:
		v.kind = VALUE_BOOL;
		v.u.boolean = s->index == 0;
		break;
	case LOOP_FIELD_LAST:
		v.kind = VALUE_BOOL;
		v.u.boolean = s->index + 1 == s->count;
		break;
	case LOOP_FIELD_NONE:
		break;
	}
	return v;
}

/* Evaluates a path: its root among the loop variables (innermost first),
 * then "loop" for the innermost loop's state, then in the context. */
static struct value lookup(const struct render *r, const struct path *p)
{
	const struct segment *root = &p->segments[0];
	json_t *json = NULL;
	const struct scope *s;
	for (s = r->scope; s; s = s->outer) {
		if (s->name_len == root->len && s->name[0] == root->name[0] &&
		    memcmp(s->name, root->name, root->len) == 0)
			break;
	}
	if (s)
		json = s->item;
	else if (p->loop_root && r->scope)
		return loop_state(r->scope, p);
	else
		json = json_object_getn(r->context, root->name, root->len);

	for (size_t i = 1; i < p->count && json; i++) {
		const struct segment *seg = &p->segments[i];
		if (json_is_object(json))
			json = json_object_getn(json, seg->name, seg->len);
		else if (json_is_array(json) && seg->index >= 0)
			json = json_array_get(json, (size_t)seg->index);
		else
			json = NULL;
	}
	return value_from_json(json);
}

static struct value operand_value(const struct render *r,
                                  const struct operand *o)
{
	struct value v = { .kind = VALUE_NULL };
	switch (o->kind) {
	case OPERAND_PATH:
		return lookup(r, &o->path);
	case OPERAND_STRING:
		v.kind = VALUE_STRING;
		v.u.string.data = o->string;
		v.u.string.len = o->string_len;
		break;
	case OPERAND_INTEGER:
		v.kind = VALUE_INTEGER;
		v.u.integer = o->integer;
		break;
	}
	return v;
}

static bool condition_holds(const struct render *r, const struct condition *c)
{
	struct value left = operand_value(r, &c->left);
	switch (c->op) {
	case CONDITION_TRUTHY: return value_truthy(left);
	case CONDITION_NOT: return !value_truthy(left);
	case CONDITION_EQUAL: return value_equal(left, operand_value(r, &c->right));
	case CONDITION_NOT_EQUAL:
		return !value_equal(left, operand_value(r, &c->right));
	}
	return false;
}

static void render_nodes(struct render *r, const struct node *n);
static void render_template(struct render *r, const struct template *t);

static void render_if(struct render *r, const struct node *n)
{
	for (const struct branch *b = n->u.branches; b; b = b->next) {
		if (!b->has_condition || condition_holds(r, &b->condition)) {
			render_nodes(r, b->body);
			return;
		}
	}
}

/* Renders the body once per array element with the loop variable pushed
 * as a scope; anything but a non-empty array renders the else part. */
static void render_for(struct render *r, const struct node *n)
{
	struct value source = lookup(r, &n->u.loop.source);
	size_t count = source.kind == VALUE_ARRAY ? json_array_size(source.u.json) : 0;
	if (count == 0) {
		render_nodes(r, n->u.loop.empty);
		return;
	}
	const struct scope *saved = r->scope;
	struct scope scope = {
		.name = n->u.loop.variable,
		.name_len = n->u.loop.variable_len,
		.count = count,
		.outer = saved,
	};
	r->scope = &scope;
	for (size_t i = 0; i < count && render_step(r); i++) {
		scope.index = i;
		scope.item = json_array_get(source.u.json, i);
		render_nodes(r, n->u.loop.body);
	}
	r->scope = saved;
}

/* Appends a translated message, escaped, with each "%s" replaced by the
 * escaped value of the next argument and "%%" by "%". */
static void put_message(struct render *r, const char *text,
                        const struct path *args, size_t arg_count)
{
	size_t next_arg = 0;
	const char *start = text;
	const char *percent;
	while ((percent = strchr(start, '%')) != NULL) {
		if (percent[1] == '%') {
			buf_put_html(r->out, start, (size_t)(percent - start) + 1);
			start = percent + 2;
		} else if (percent[1] == 's') {
			buf_put_html(r->out, start, (size_t)(percent - start));
			if (next_arg < arg_count)
				put_value(r->out, lookup(r, &args[next_arg++]), true);
			start = percent + 2;
		} else {
			buf_put_html(r->out, start, (size_t)(percent - start) + 1);
			start = percent + 1;
		}
	}
	buf_put_html(r->out, start, strlen(start));
}

static void render_translate(struct render *r, const struct node *n)
{
	const char *message = n->u.translate.message;
	if (!n->u.translate.literal) {
		struct value v = lookup(r, &n->u.translate.message_path);
		if (v.kind != VALUE_STRING) {
			put_value(r->out, v, true);
			return;
		}
		if (v.u.string.len == 0)
			return;  /* msgid "" is the catalogue header */
		message = v.u.string.data;
	}
	int language = i18n_index(r->lang);
	const char *text = n->u.translate.literal && language >= 0
		? n->u.translate.translated[language]
		: i18n_gettext(r->lang, message);
	put_message(r, text, n->u.translate.args, n->u.translate.arg_count);
}

/* {% content %}: the wrapped page, rendered with the scopes it was
 * entered with, so a loop around {% content %} in a layout does not leak
 * into the page. Nothing when the template is not used as a layout. */
static void render_content(struct render *r)
{
	const struct content_frame *frame = r->content;
	if (!frame)
		return;
	const struct scope *saved_scope = r->scope;
	r->scope = frame->scope;
	r->content = frame->outer;
	render_nodes(r, frame->body);
	r->content = frame;
	r->scope = saved_scope;
}

static void render_include(struct render *r, const struct node *n)
{
	if (!n->u.link.target)
		render_problem(r, "missing template", n->u.link.name);
	else
		render_template(r, n->u.link.target);
}

static void render_nodes(struct render *r, const struct node *n)
{
	for (; n && render_step(r); n = n->next) {
		switch (n->kind) {
		case NODE_TEXT:
			buf_append(r->out, n->u.text.data, n->u.text.len);
			break;
		case NODE_OUTPUT:
			put_value(r->out, lookup(r, &n->u.path), true);
			break;
		case NODE_RAW:
			put_value(r->out, lookup(r, &n->u.path), false);
			break;
		case NODE_IF:
			render_if(r, n);
			break;
		case NODE_FOR:
			render_for(r, n);
			break;
		case NODE_INCLUDE:
			render_include(r, n);
			break;
		case NODE_CONTENT:
			render_content(r);
			break;
		case NODE_TRANSLATE:
			render_translate(r, n);
			break;
		case NODE_LAYOUT:
			break;
		}
	}
}

/* Renders a template, through its layout if it has one. The depth limit
 * stops include and layout cycles. A missing layout still renders the
 * page, after the comment that reports it. */
static void render_template(struct render *r, const struct template *t)
{
	if (r->depth >= TEMPLATE_MAX_DEPTH) {
		render_problem(r, "templates nested too deeply at", t->name);
		return;
	}
	r->depth++;
	const struct template *layout = t->layout ? t->layout->u.link.target : NULL;
	if (!t->layout) {
		render_nodes(r, t->body);
	} else if (!layout) {
		render_problem(r, "missing layout", t->layout->u.link.name);
		render_nodes(r, t->body);
	} else {
		struct content_frame frame = {
			.body = t->body,
			.scope = r->scope,
			.outer = r->content,
		};
		r->content = &frame;
		render_template(r, layout);
		r->content = frame.outer;
	}
	r->depth--;
}

/* ------------------------------------------------------------------ */
/* Public functions.                                                    */

static void set_message(char *err, size_t errlen, const char *name,
                        const char *message)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", name, message);
}

int template_set_add(struct template_set **set, const char *name,
                     const char *text, size_t len, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!set || !name || (!text && len)) {
		set_message(err, errlen, name ? name : "(null)", "bad arguments");
		return -1;
	}
	if (set_find(*set, name)) {
		set_message(err, errlen, name, "a template of this name already exists");
		return -1;
	}
	struct template *tpl = calloc(1, sizeof *tpl);
	if (!tpl)
		abort();
	struct parser p = {
		.name = name,
		.pos = text ? text : "",
		.end = text ? text + len : "",
		.line = 1,
		.tag_line = 1,
		.tpl = tpl,
		.arena = &tpl->arena,
		.err = err,
		.errlen = errlen,
	};
	tpl->name = arena_strndup(&tpl->arena, name, strlen(name));
	if (parse_template(&p) < 0) {
		free(p.links);
		arena_free(&tpl->arena);
		free(tpl);
		return -1;
	}
	if (!*set) {
		*set = calloc(1, sizeof **set);
		if (!*set)
			abort();
	}
	set_insert(*set, tpl, p.links, p.link_count);
	set_link(*set);
	return 0;
}

struct template_set *template_set_load_embedded(char *err, size_t errlen)
{
	static const char prefix[] = "templates/";
	static const char suffix[] = ".html";
	const size_t prefix_len = sizeof prefix - 1, suffix_len = sizeof suffix - 1;
	struct template_set *set = calloc(1, sizeof *set);
	if (!set)
		abort();
	for (size_t i = 0; i < resource_count; i++) {
		const struct resource *res = &resources[i];
		size_t path_len = strlen(res->path);
		if (path_len <= prefix_len + suffix_len ||
		    strncmp(res->path, prefix, prefix_len) != 0 ||
		    strcmp(res->path + path_len - suffix_len, suffix) != 0)
			continue;
		char name[256];
		size_t name_len = path_len - prefix_len - suffix_len;
		if (name_len >= sizeof name) {
			set_message(err, errlen, res->path, "path too long");
			template_set_free(set);
			return NULL;
		}
		memcpy(name, res->path + prefix_len, name_len);
		name[name_len] = '\0';
		if (template_set_add(&set, name, (const char *)res->data, res->size,
		                     err, errlen) < 0) {
			template_set_free(set);
			return NULL;
		}
	}
	return set;
}

int template_render(const struct template_set *set, const char *name,
                    json_t *context, const struct catalog *lang,
                    struct buf *out)
{
	struct render r = {
		.context = context,
		.lang = lang,
		.out = out,
		.start_len = out->len,
	};
	const struct template *t = set_find(set, name);
	if (!t)
		render_problem(&r, "missing template", name);
	else
		render_template(&r, t);
	return r.status;
}

int template_exists(const struct template_set *set, const char *name)
{
	return set_find(set, name) != NULL;
}

void template_set_free(struct template_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->count; i++) {
		arena_free(&set->templates[i]->arena);
		free(set->templates[i]);
	}
	free(set->templates);
	free(set->links);
	free(set);
}
