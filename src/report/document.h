/*
 * document.h - the shared document layer of Ravelin's reports: a PDF built
 * with cairo and pango from headings, paragraphs, tables that break across
 * pages (repeating their header row), bar charts and page furniture
 * (organisation name, title, date, "page N of M").
 *
 * Every register and plan report is written against this interface, so
 * they all look alike and none of them touches cairo directly. Text is
 * UTF-8 and laid out by pango (any script, proper line breaking); it is
 * never read as markup, and invalid UTF-8 is repaired, not rejected.
 *
 * A document belongs to one thread at a time; different threads may build
 * different documents at once (nothing is shared, see document.c).
 */
#ifndef RAVELIN_DOCUMENT_H
#define RAVELIN_DOCUMENT_H

#include <stddef.h>

#include "lib/buf.h"

struct document;

/* What stands on every page. All strings are copied. */
struct document_info {
	const char *title;          /* e.g. "Baseline self-assessment" (translated) */
	const char *organisation;   /* the organisation's name */
	const char *date;           /* e.g. "2026-11-28" */
	const char *page_label;     /* pattern with two %d, e.g. "Page %d of %d" (translated):
	                             * the first %d is the page, the next the total, %% a
	                             * percent sign; nothing else is interpreted (no printf) */
	const char *lang;           /* "nl", "fr", "de", "en": for hyphenation and metadata */
};

/* A new A4 portrait document. Returns NULL if cairo cannot start. */
struct document *document_new(const struct document_info *info);

/* Level 1..3 (others are clamped). A heading is drawn with the block after
 * it, so it never ends a page; headings also become PDF bookmarks. */
void document_heading(struct document *doc, int level, const char *text);
void document_paragraph(struct document *doc, const char *text);
/* A line of small grey text (a note, a date). */
void document_note(struct document *doc, const char *text);
/* A label and a big figure, e.g. "Score" "72 %". */
void document_figure(struct document *doc, const char *label, const char *value);

enum document_align { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER };

struct document_column {
	const char *title;
	double width;               /* share of the text width; they add up to 1 */
	enum document_align align;
};

/* A table: its header row is repeated on every page it spans; rows never
 * split across pages (a row taller than a page is split by lines). */
void document_table_begin(struct document *doc, const struct document_column *columns,
                          size_t column_count);
void document_table_row(struct document *doc, const char *const *cells);
void document_table_end(struct document *doc);

struct document_bar {
	const char *label;
	double value;               /* 0..max */
	const char *value_label;    /* e.g. "75 %" */
};

/* A horizontal bar chart, one bar per item, values on a 0..max scale. */
void document_bar_chart(struct document *doc, const struct document_bar *bars,
                        size_t count, double max);

/* Finishes the document (page numbers "N of M" need the total) and
 * appends the PDF bytes to out. Returns 0, or -1 on a cairo error. Frees
 * the document either way. */
int document_finish(struct document *doc, struct buf *out);

/* Frees a document without producing it. */
void document_free(struct document *doc);

#endif
