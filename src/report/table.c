/*
 * table.c - tables of the PDF document layer (see document.h): columns
 * with widths given as shares of the text width, wrapped cell text, a
 * header row drawn again at the top of every page the table reaches,
 * zebra shading, and rows kept whole on one page unless a row is taller
 * than a page, in which case it is split between lines.
 */
#include "report/document_impl.h"

#include <math.h>
#include <stdlib.h>

#define PAD_X 4.5      /* cell padding, points */
#define PAD_Y 3.2

struct table_column {
	double x, width;            /* relative to the left margin */
	enum document_align align;
	PangoLayout *title;         /* laid out once, drawn on every page */
};

struct table {
	struct table_column *columns;
	size_t column_count;
	double header_height;
	size_t row_count;
	bool placed;                /* doc_place done, for the header and first row */
	size_t header_page;         /* page (1-based) the header was last drawn on */
};

void table_free(struct table *table)
{
	if (!table)
		return;
	for (size_t i = 0; i < table->column_count; i++)
		if (table->columns[i].title)
			g_object_unref(table->columns[i].title);
	free(table->columns);
	free(table);
}

/* Column widths are shares of the text width. Shares that do not add up
 * to 1 are scaled; if any is not a positive number the columns share the
 * width equally. */
void document_table_begin(struct document *doc, const struct document_column *columns,
                          size_t column_count)
{
	if (!doc || doc->failed)
		return;
	if (doc->table)
		document_table_end(doc);
	if (!columns || column_count == 0)
		return;
	struct table *table = calloc(1, sizeof *table);
	if (!table)
		abort();
	table->columns = calloc(column_count, sizeof *table->columns);
	if (!table->columns)
		abort();
	table->column_count = column_count;

	double sum = 0;
	bool equal = false;
	for (size_t i = 0; i < column_count; i++) {
		if (!(columns[i].width > 0) || !isfinite(columns[i].width))
			equal = true;
		else
			sum += columns[i].width;
	}
	double x = 0;
	for (size_t i = 0; i < column_count; i++) {
		struct table_column *column = &table->columns[i];
		double share = equal ? 1.0 / (double)column_count : columns[i].width / sum;
		column->x = x;
		column->width = share * TEXT_WIDTH;
		column->align = columns[i].align;
		x += column->width;
		column->title = doc_layout(doc, columns[i].title, SIZE_TABLE, true,
		                           column->width - 2 * PAD_X, column->align);
		double height = layout_height(column->title) + 2 * PAD_Y;
		if (height > table->header_height)
			table->header_height = height;
	}
	doc->table = table;   /* placed with its first row, which must fit below the header */
}

/* Draws the header row at doc->y and moves below it. */
static void draw_header(struct document *doc, struct table *table)
{
	cairo_t *cr = doc->cr;
	fill_rect(cr, MARGIN_SIDE, doc->y, TEXT_WIDTH, table->header_height, COLOUR_ACCENT);
	set_colour(cr, COLOUR_WHITE);
	for (size_t i = 0; i < table->column_count; i++) {
		cairo_move_to(cr, MARGIN_SIDE + table->columns[i].x + PAD_X, doc->y + PAD_Y);
		pango_cairo_show_layout(cr, table->columns[i].title);
	}
	doc->y += table->header_height;
	table->header_page = doc->page_count;
}

/* One cell of the row being drawn: its lines and the first not yet drawn. */
struct cell {
	PangoLayout *layout;
	struct text_lines lines;
	int next, end;
};

/* Finds which lines of each unfinished cell fit in avail points (padding
 * included), setting each cell's end; returns the height of the tallest
 * cell's share, and sets *progress if any line fits. */
static double fit_lines(struct cell *cells, size_t count, double avail, bool *progress)
{
	double tallest = 0;
	*progress = false;
	for (size_t i = 0; i < count; i++) {
		struct cell *cell = &cells[i];
		cell->end = cell->next;
		if (cell->next >= cell->lines.count)
			continue;
		double origin = cell->lines.lines[cell->next].top;
		while (cell->end < cell->lines.count &&
		       cell->lines.lines[cell->end].bottom - origin + 2 * PAD_Y <= avail)
			cell->end++;
		if (cell->end > cell->next) {
			*progress = true;
			double height = cell->lines.lines[cell->end - 1].bottom - origin;
			if (height > tallest)
				tallest = height;
		}
	}
	return tallest;
}

/* Every unfinished cell gets one line, fitting or not: only for a line
 * taller than a whole page, which a report cannot produce sensibly. */
static double force_lines(struct cell *cells, size_t count)
{
	double tallest = 0;
	for (size_t i = 0; i < count; i++) {
		struct cell *cell = &cells[i];
		cell->end = cell->next;
		if (cell->next < cell->lines.count) {
			const struct text_line *line = &cell->lines.lines[cell->next];
			cell->end = cell->next + 1;
			if (line->bottom - line->top > tallest)
				tallest = line->bottom - line->top;
		}
	}
	return tallest;
}

/* Lays a row out and draws it, on the next page (after the header) if it
 * does not fit here but would fit on an empty page, else in as many
 * pieces as it takes. */
void document_table_row(struct document *doc, const char *const *cells_text)
{
	if (!doc || doc->failed || !doc->table)
		return;
	struct table *table = doc->table;
	size_t count = table->column_count;
	struct cell *cells = calloc(count, sizeof *cells);
	if (!cells)
		abort();
	double row_height = 0;
	for (size_t i = 0; i < count; i++) {
		const struct table_column *column = &table->columns[i];
		cells[i].layout = doc_layout(doc, cells_text ? cells_text[i] : NULL, SIZE_TABLE, false,
		                             column->width - 2 * PAD_X, column->align);
		text_lines_get(cells[i].layout, &cells[i].lines);
		double height = layout_height(cells[i].layout);
		if (height > row_height)
			row_height = height;
	}
	row_height += 2 * PAD_Y;
	bool zebra = table->row_count % 2 == 1;
	bool started = false;
	double page_avail = CONTENT_BOTTOM - CONTENT_TOP - table->header_height;
	if (!table->placed) {
		/* The header goes with the first row, or with its first lines if
		 * the row is taller than a page. */
		double first = row_height;
		if (first > page_avail) {
			first = 0;
			for (size_t i = 0; i < count; i++)
				if (cells[i].lines.count > 0 && cells[i].lines.lines[0].bottom > first)
					first = cells[i].lines.lines[0].bottom;
			first += 2 * PAD_Y;
		}
		doc_place(doc, 10.0, table->header_height + first);
		table->placed = true;
	}

	for (;;) {
		if (doc->failed)
			break;
		bool need_header = table->header_page != doc->page_count;
		double avail = CONTENT_BOTTOM - doc->y - (need_header ? table->header_height : 0);
		if (!started && row_height > avail && row_height <= page_avail) {
			doc_new_page(doc);
			continue;
		}
		bool progress;
		double content = fit_lines(cells, count, avail, &progress);
		if (!progress) {
			if (doc->y > CONTENT_TOP) {
				doc_new_page(doc);
				continue;
			}
			content = force_lines(cells, count);
		}
		started = true;
		if (need_header)
			draw_header(doc, table);
		cairo_t *cr = doc->cr;
		double height = content + 2 * PAD_Y;
		if (zebra)
			fill_rect(cr, MARGIN_SIDE, doc->y, TEXT_WIDTH, height, COLOUR_ZEBRA);
		set_colour(cr, COLOUR_TEXT);
		bool finished = true;
		for (size_t i = 0; i < count; i++) {
			struct cell *cell = &cells[i];
			if (cell->end > cell->next) {
				double origin = cell->lines.lines[cell->next].top;
				for (int l = cell->next; l < cell->end; l++)
					text_line_draw(cr, &cell->lines.lines[l],
					               MARGIN_SIDE + table->columns[i].x + PAD_X,
					               doc->y + PAD_Y - origin);
			}
			cell->next = cell->end;
			if (cell->next < cell->lines.count)
				finished = false;
		}
		doc->y += height;
		hrule(cr, MARGIN_SIDE, doc->y - 0.4, TEXT_WIDTH, 0.4, COLOUR_RULE);
		if (finished)
			break;
		doc_new_page(doc);
	}
	table->row_count++;
	for (size_t i = 0; i < count; i++) {
		text_lines_free(&cells[i].lines);
		g_object_unref(cells[i].layout);
	}
	free(cells);
}

/* A table without rows still shows its header. */
void document_table_end(struct document *doc)
{
	if (!doc || !doc->table)
		return;
	struct table *table = doc->table;
	if (!doc->failed && table->row_count == 0) {
		doc_place(doc, 10.0, table->header_height);
		draw_header(doc, table);
	}
	table_free(table);
	doc->table = NULL;
	doc->pending_gap = 12.0;
}
