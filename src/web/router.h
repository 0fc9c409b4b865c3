/*
 * router.h - from a parsed HTTP request to the handler that may answer it.
 */
#ifndef RAVELIN_ROUTER_H
#define RAVELIN_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "web/request.h"

/* Largest request body accepted, in bytes (forms and JSON). */
#define REQUEST_BODY_MAX (64 * 1024)

/* Splits the route patterns once. Call at start-up. */
void router_init(void);

/* Runs every check of the route table on req, then the handler.
 * raw_uri is the request target as sent (path and query, still encoded);
 * method the HTTP method; body the request body (body_too_large when it
 * was cut off at REQUEST_BODY_MAX). req must have store, headers_in,
 * client_address and now set; afterwards it holds the answer. */
void router_dispatch(struct request *req, const char *method, const char *raw_uri,
                     const char *body, size_t body_len, bool body_too_large);

/* The address of the page the request shows, for links that come back to
 * it (the language switcher): the path and query of a GET; for a POST,
 * the nearest GET page above its path ("/o/1/members/invite" →
 * "/o/1/members"). Appends to page. */
void router_page_path(const struct request *req, struct buf *page);

#endif
