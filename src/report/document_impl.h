/*
 * document_impl.h - what the files of the PDF document layer share
 * (document.c, table.c, chart.c): the document structure, the page
 * geometry, the palette and the text helpers. Reports never include this;
 * they see only document.h.
 *
 * Geometry is in PDF points (1/72 inch); pango works at 72 dpi so that a
 * font size in points is also a size in user units.
 */
#ifndef RAVELIN_DOCUMENT_IMPL_H
#define RAVELIN_DOCUMENT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "report/document.h"

#define PT_PER_MM (72.0 / 25.4)
#define PAGE_WIDTH (210.0 * PT_PER_MM)            /* A4 portrait */
#define PAGE_HEIGHT (297.0 * PT_PER_MM)
#define MARGIN_SIDE (18.0 * PT_PER_MM)
#define TEXT_WIDTH (PAGE_WIDTH - 2.0 * MARGIN_SIDE)
#define CONTENT_TOP (25.0 * PT_PER_MM)            /* below the page header */
#define CONTENT_BOTTOM (PAGE_HEIGHT - 22.0 * PT_PER_MM) /* above the footer */

/* One family list for all text: DejaVu Sans is what the install script
 * ships (fonts-dejavu-core); fontconfig falls back for other scripts. */
#define FONT_FAMILY "DejaVu Sans, Noto Sans, sans-serif"

/* Font sizes in points. */
#define SIZE_BODY 10.0
#define SIZE_SMALL 8.5
#define SIZE_TABLE 8.5

struct rgb {
	double r, g, b;
};

/* The palette: a dark blue accent, greys for secondary text and rules. */
extern const struct rgb COLOUR_TEXT, COLOUR_ACCENT, COLOUR_MUTED, COLOUR_RULE,
	COLOUR_ZEBRA, COLOUR_BAR, COLOUR_GRID, COLOUR_WHITE, COLOUR_PANEL;

/* A heading kept for the PDF outline (bookmarks), added at finish. */
struct outline_entry {
	int level;
	int page;          /* 1-based */
	char *text;
};

struct table;

/* A heading waiting for the block after it: headings are drawn only when
 * that block is placed, so a page never ends with a heading. */
struct pending_heading {
	int level;
	char *text;                /* for the outline */
	PangoLayout *layout;
};

struct document {
	/* The page furniture, copied from document_info. */
	char *title, *organisation, *date, *page_label, *lang;

	/* Per document, never shared between threads: see document.c. */
	PangoFontMap *font_map;
	PangoContext *pango;

	/* The pages laid out so far, each a recording surface replayed onto
	 * the PDF at finish, when the page count is known. */
	cairo_surface_t **pages;
	size_t page_count, page_capacity;
	cairo_t *cr;               /* draws on the last page */

	double y;                  /* where the next block starts */
	double pending_gap;        /* space the last block wants after it */
	bool failed;               /* cairo failed: every call is a no-op */

	struct table *table;       /* between table_begin and table_end */

	struct pending_heading *headings;   /* not drawn yet, in order */
	size_t heading_count, heading_capacity;

	struct outline_entry *outline;
	size_t outline_count, outline_capacity;
};

/* One laid out line of a PangoLayout, in points relative to the layout's
 * top-left corner; top and bottom include the line spacing. */
struct text_line {
	PangoLayoutLine *line;     /* owned by the layout */
	double x, top, bottom, baseline;
};

/* The lines of a layout, for drawing them across page breaks. */
struct text_lines {
	struct text_line *lines;   /* owned; free with text_lines_free */
	int count;
};

/* Starts a new page and moves y to its top. */
void doc_new_page(struct document *doc);

/* Readies the document for a block: adds the larger of the pending gap and
 * space_before (not at the top of a page), then starts a new page if
 * fewer than need points are left, unless the page is still empty. Need is
 * what must stay together: a whole figure, the first lines of a
 * paragraph. Headings waiting for this block are drawn first, on the same
 * page as need, and their own space after replaces space_before. */
void doc_place(struct document *doc, double space_before, double need);

/* Returns a layout of text (any bytes: invalid UTF-8 is repaired, NULL is
 * empty) in the document font at size points, bold or not, wrapped at
 * width points (width <= 0: no wrapping). Long words break between
 * characters rather than overflow. The caller unrefs it. */
PangoLayout *doc_layout(struct document *doc, const char *text, double size, bool bold,
                        double width, enum document_align align);

/* Height of a layout in points. */
double layout_height(PangoLayout *layout);
double layout_width(PangoLayout *layout);

void text_lines_get(PangoLayout *layout, struct text_lines *out);
void text_lines_free(struct text_lines *lines);

/* Draws line i of lines with the layout's top-left corner at (x, y). */
void text_line_draw(cairo_t *cr, const struct text_line *line, double x, double y);

void set_colour(cairo_t *cr, struct rgb colour);
void fill_rect(cairo_t *cr, double x, double y, double width, double height, struct rgb colour);
/* A horizontal rule of the given thickness with its top at y. */
void hrule(cairo_t *cr, double x, double y, double width, double thickness, struct rgb colour);

/* Ends an open table (document_finish calls this if the report forgot). */
void table_free(struct table *table);

#endif
