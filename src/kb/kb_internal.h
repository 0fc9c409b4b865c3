/*
 * kb_internal.h - helpers shared by the knowledge-base loaders (kb.c,
 * risk.c); not part of the kb/ interface.
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

/* Loads kb/risk.json and, if embedded, kb/vulnerabilities.json (risk.c). */
int kb_risk_load_resources(char *err, size_t errlen);

#endif
