/*
 * respond.h - turning a handled request into the bytes of an answer:
 * a page rendered in the layout, a JSON document, a redirect or an error,
 * always with the security headers.
 */
#ifndef RAVELIN_RESPOND_H
#define RAVELIN_RESPOND_H

#include "web/request.h"
#include "web/template.h"

struct reply {
	int status;
	const char *content_type;
	void *body;            /* owned unless body_static */
	size_t body_len;
	int body_static;       /* body points into the binary (static files) */
	struct buf headers;    /* "Name: value\n" lines, owned */
	int cacheable;         /* static file: long cache, no no-store */
};

/* Loaded once at start-up by server.c. */
extern const struct template_set *respond_templates;

/* Builds (and frees) what every page shares per language. Call after
 * i18n_init, before serving. */
void respond_init(void);
void respond_free(void);

/* The programme's modules in the request's language: [{key, title,
 * summary, step}], shared and read-only (json_object_set, never _new). */
json_t *respond_modules(const struct request *req);

/* Fills answer from req (which keeps nothing the answer needs). */
void respond_build(struct request *req, struct reply *answer);

/* The standard English message id for an HTTP status. */
const char *status_message(int status);

#endif
