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
 *
 * Path roots are looked up first in loop variables (innermost first), then
 * in the context object.
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
 * when *set is NULL). Returns 0, or -1 with "name:line: message" in err.
 * Used by tests and the fuzzer. */
int template_set_add(struct template_set **set, const char *name,
                     const char *text, size_t len, char *err, size_t errlen);

/* Renders template name with context into out. lang may be NULL (English).
 * Returns 0, or -1 if the template or an included one does not exist (the
 * error is appended to out as an HTML comment). Thread-safe: the set is
 * read-only after loading. */
int template_render(const struct template_set *set, const char *name,
                    json_t *context, const struct catalog *lang,
                    struct buf *out);

/* True if a template of this name exists. */
int template_exists(const struct template_set *set, const char *name);

void template_set_free(struct template_set *set);

#endif
