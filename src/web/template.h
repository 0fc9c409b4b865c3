/*
 * template.h - Ravelin's HTML template engine.
 *
 * Templates are parsed once at start-up into a tree and rendered against a
 * JSON value (jansson), the same value a handler returns to API clients, so
 * a page and its JSON form cannot drift apart. Output is HTML-escaped
 * unless a tag says "raw".
 *
 * Syntax (whitespace inside tags is free):
 *   {{ a.b.c }}             value at a path, escaped; numbers printed plainly;
 *                           null/missing prints nothing
 *   {{ raw a.b }}           value unescaped: only for HTML Ravelin built itself
 *   {# comment #}
 *   {% if PATH %} ... {% elif PATH %} ... {% else %} ... {% end %}
 *   {% if not PATH %}, {% if PATH == "text" %}, {% if PATH != OTHER.PATH %}
 *                           truthy: not null/false/0/""/empty array/object
 *   {% for x in PATH %} ... {% else %} ... {% end %}
 *                           x is visible inside as a path root; loop.index
 *                           (from 1), loop.first and loop.last too; the else
 *                           part renders when the array is empty
 *   {% include "name" %}    another template, same context
 *   {% layout "name" %}     first tag of a page: renders the page, then the
 *                           named layout, whose {% content %} tag inserts it
 *   {% t "English text" %}  translated, escaped; "%s" in the text is
 *   {% t "Hi %s" user.name %}  replaced by the escaped value of each path
 *                           in order
 *   {% t PATH %}            translates a message id held in the context
 *                           (a literal text is translated once, when the
 *                           template is loaded: call i18n_init() first)
 *
 * Path roots are looked up first in loop variables (innermost first), then
 * in the context object.
 *
 * Details (template.c):
 *   - Paths are segments of letters, digits, '_' and '-' joined by '.';
 *     the root starts with a letter or '_'. An all-digit segment indexes
 *     an array ("rows.0.name"); on an object it is an ordinary key.
 *   - {{ }} prints true/false as "true"/"false"; null, missing values,
 *     arrays and objects print nothing; reals use %g.
 *   - {{ "text" }} and {{ raw "text" }} print a literal. In any "string",
 *     " is a quote and \ a backslash; other backslashes stay as they are.
 *   - Either side of == and != may be a path, a "string" or an integer
 *     (-3). No coercion: "1" != 1, but 1 == 1.0; missing equals only null.
 *     "not" applies to a single path only.
 *   - {% for %} iterates arrays; anything else (object, string, missing)
 *     renders the else part. "loop" is reserved as a variable name;
 *     outside any loop, loop.x is an ordinary context path.
 *   - An included template sees the includer's loop variables. A page
 *     with a layout is rendered where {% content %} stands, with the loop
 *     variables it was entered with (none, unless it was included).
 *   - {% t %}: "%%" prints "%", a lone "%" prints itself; a literal text
 *     must have exactly one path per "%s" (parse error otherwise). With a
 *     PATH, a non-string value prints as {{ }} would; "" prints nothing.
 *   - Blocks nest at most 32 deep (parse error); includes and layouts at
 *     most 16 deep at render time. A render that visits more than 20
 *     million nodes or writes more than 64 MiB stops. Both append an HTML
 *     comment and make template_render return -1.
 *   - A name may be added to a set only once.
 */
#ifndef RAVELIN_TEMPLATE_H
#define RAVELIN_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>

#include "i18n/i18n.h"
#include "lib/buf.h"

struct template_set;

/* Parses every embedded resource under "templates/" ending in ".html";
 * a template's name is its path without "templates/" and ".html"
 * (e.g. "auth/login"). On a syntax error returns NULL and writes
 * "file:line: message" into err. */
struct template_set *template_set_load_embedded(char *err, size_t errlen);

/* Parses one template from memory and adds it to set (creating the set
 * when *set is NULL). Returns 0, or -1 with "name:line: message" in err
 * (the set is then unchanged). Used by tests and the fuzzer. */
int template_set_add(struct template_set **set, const char *name,
                     const char *text, size_t len, char *err, size_t errlen);

/* Renders template name with context into out. lang may be NULL (English).
 * Returns 0, or -1 if the template or an included one does not exist, or
 * a limit above was hit (the error is appended to out as an HTML comment).
 * Thread-safe: the set is read-only after loading. */
int template_render(const struct template_set *set, const char *name,
                    json_t *context, const struct catalog *lang,
                    struct buf *out);

/* True if a template of this name exists. */
int template_exists(const struct template_set *set, const char *name);

void template_set_free(struct template_set *set);

#endif
