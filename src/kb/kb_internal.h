/*
 * kb_internal.h - helpers shared by the knowledge-base loaders (kb.c,
 * risk.c, measures.c, ...); not part of the kb/ interface.
 */
#ifndef RAVELIN_KB_INTERNAL_H
#define RAVELIN_KB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "kb/kb.h"

#define KB_ID_MAX 40

/* Writes the formatted message into err (if any). */
void kb_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The first key of obj that is not among the NULL-terminated names, or NULL. */
const char *kb_unknown_key(json_t *obj, const char *const *names);
/* True for lower-case kebab-case of at most KB_ID_MAX characters. */
bool kb_id_valid(const char *id);
/* Reads {"nl","fr","de","en"} into out; what names owner and field. */
int kb_read_text(json_t *obj, const char *what, struct kb_text *out,
                 char *err, size_t errlen);

/* The id of entry i of a list (what is "threat", "what-if", ...): checks it
 * is a string, kebab-case, starts with prefix (unless NULL) and that the
 * entry has no key outside keys. NULL with err set otherwise. */
const char *kb_entry_id(json_t *e, size_t i, const char *what, const char *prefix,
                        const char *const *keys, char *err, size_t errlen);
/* Reads the text field of entry id into out (what names the list). */
int kb_entry_text(json_t *e, const char *what, const char *id, const char *field,
                  struct kb_text *out, char *err, size_t errlen);
/* The list under key in root, as an array; NULL with err set otherwise. */
json_t *kb_list(json_t *root, const char *key, char *err, size_t errlen);

/* Loads kb/measures.json if embedded (measures.c); after the risk base,
 * whose vulnerabilities it refers to. */
int kb_measures_load_resources(char *err, size_t errlen);

/* Loads kb/iso27002.json, the list of controls (controls.c). */
int kb_controls_load_resources(char *err, size_t errlen);

/* Loads kb/risk.json and, if embedded, kb/vulnerabilities.json (risk.c). */
int kb_risk_load_resources(char *err, size_t errlen);

#endif
