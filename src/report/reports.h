/*
 * reports.h - the documents Ravelin produces, one function per report.
 *
 * Each takes the same JSON data its page shows (built by the module's
 * handler in src/web/), so a page and its document cannot disagree, and
 * appends the document's bytes to out. Returns 0, or -1 when the
 * document could not be produced.
 */
#ifndef RAVELIN_REPORTS_H
#define RAVELIN_REPORTS_H

#include <jansson.h>

#include "i18n/i18n.h"
#include "lib/buf.h"

struct report_context {
	const struct catalog *lang;   /* the reader's language */
	const char *organisation;     /* the organisation's name */
	const char *date;             /* the day it was made, YYYY-MM-DD */
};

/* The baseline result (web/baseline.c's result data) with the action
 * plan (web/actions.c's list) as a PDF. */
int report_baseline(json_t *result, json_t *actions, const struct report_context *ctx,
                    struct buf *out);

#endif
