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
#include <stdbool.h>
#include <stddef.h>

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

/* ---- risk treatment (treatment.c) ---- */

/* The treatment plan as a PDF, from web/exports.c's data: every
 * full-method risk ("risks": asset, threat, vulnerability, assessed,
 * current and targeted values, decision, justification, party,
 * acceptance, measures), "summary" (risks per level now and targeted),
 * "decisions" (label and hint, in plan order) and "threshold". */
int report_treatment_plan(json_t *data, const struct report_context *ctx, struct buf *out);
/* The risk register with the decisions, from the same data, as an XLSX
 * workbook: one sheet, header row frozen, autofilter, levels coloured. */
int report_risk_register_xlsx(json_t *data, const struct report_context *ctx,
                              struct buf *out);

/* ---- risk heat maps (heatmap.c) ---- */

enum heatmap_level { HEATMAP_LOW, HEATMAP_MEDIUM, HEATMAP_HIGH };

struct heatmap_cell {
	int count;                  /* risks in the cell */
	enum heatmap_level level;   /* of the cell's value; low is acceptable */
	const char *href;           /* the risks of the cell, or NULL; linked when count > 0 */
	const char *label;          /* the link's name, e.g. "Impact 3, exposure 8: 2 risks" */
};

/* A grid of rows × columns cells, row by row from the top, each
 * coloured, hatched (for black-and-white print) and counted, with the
 * acceptability threshold drawn between the low cells and the others.
 * Every text is the caller's, already translated; all are escaped. */
struct heatmap {
	const char *id;                      /* unique in a page; letters, digits, '-' */
	const char *title, *description;     /* <title> and <desc> */
	const char *row_title, *column_title;
	size_t rows, columns;
	const char *const *row_labels;       /* top first */
	const char *const *column_labels;    /* left first */
	const struct heatmap_cell *cells;
	const char *level_labels[3];         /* low, medium, high */
	const char *threshold_label;         /* what the thick line means */
	bool standalone;                     /* an .svg file: XML declaration, visible title */
};

/* Appends the map as an SVG element (standalone: a whole document) to
 * out. Returns 0, or -1 (nothing appended) for an empty grid or a bad id. */
int heatmap_svg(const struct heatmap *map, struct buf *out);

#endif
