/*
 * chart.c - horizontal bar charts of the PDF document layer (see
 * document.h): labels on the left, one bar per item on a 0..max scale with
 * its value label at its end, a light vertical grid and the scale's
 * numbers below. A chart too long for the page continues on the next,
 * with its grid and scale drawn again.
 */
#include "report/document_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define LABEL_SHARE 0.30       /* of the text width */
#define GAP 8.0                /* between labels and bars */
#define BAR_HEIGHT 11.0
#define ROW_GAP 6.0
#define VALUE_GAP 4.0          /* between a bar's end and its value label */
#define SCALE_HEIGHT 13.0      /* the scale's numbers below the bars */

/* A step for the grid: 1, 2, 2.5 or 5 times a power of ten, giving about
 * five intervals between 0 and max. Loops instead of log10 keep libm out. */
static double grid_step(double max)
{
	double raw = max / 5.0, magnitude = 1.0;
	while (raw >= 10.0 * magnitude)
		magnitude *= 10.0;
	while (raw < magnitude)
		magnitude /= 10.0;
	double norm = raw / magnitude;
	double step = norm <= 1.0 ? 1.0 : norm <= 2.0 ? 2.0 : norm <= 2.5 ? 2.5 : norm <= 5.0 ? 5.0 : 10.0;
	step *= magnitude;
	return step > 0 && step <= max ? step : max;   /* max too small for the loops */
}

/* One bar, laid out. */
struct chart_row {
	PangoLayout *label, *value;
	double fraction;           /* of the bar area, 0..1 */
	double height;             /* of the row, gap included */
};

/* The geometry shared by every piece of a chart. */
struct chart {
	double bars_x, bars_width, max, step;
};

/* Draws the grid lines from top to bottom and the scale's numbers below. */
static void draw_scale(struct document *doc, const struct chart *chart, double top, double bottom)
{
	cairo_t *cr = doc->cr;
	for (int i = 0;; i++) {
		double value = i * chart->step;
		if (value > chart->max * (1 + 1e-9))
			break;
		double x = chart->bars_x + chart->bars_width * (value / chart->max);
		set_colour(cr, i == 0 ? COLOUR_RULE : COLOUR_GRID);
		cairo_rectangle(cr, x - 0.25, top, 0.5, bottom - top);
		cairo_fill(cr);

		char number[32];
		snprintf(number, sizeof number, "%g", value);
		PangoLayout *layout = doc_layout(doc, number, 7.0, false, 0, ALIGN_LEFT);
		double left = x - layout_width(layout) / 2;   /* centred, but inside the margins */
		if (left + layout_width(layout) > MARGIN_SIDE + TEXT_WIDTH)
			left = MARGIN_SIDE + TEXT_WIDTH - layout_width(layout);
		if (left < MARGIN_SIDE)
			left = MARGIN_SIDE;
		set_colour(cr, COLOUR_MUTED);
		cairo_move_to(cr, left, bottom + 2.0);
		pango_cairo_show_layout(cr, layout);
		g_object_unref(layout);
	}
}

/* Draws rows [first, end) from doc->y down, grid first so bars cover it. */
static void draw_piece(struct document *doc, const struct chart *chart, struct chart_row *rows,
                       size_t first, size_t end)
{
	cairo_t *cr = doc->cr;
	double top = doc->y, height = 0;
	for (size_t i = first; i < end; i++)
		height += rows[i].height;
	draw_scale(doc, chart, top, top + height);

	double y = top + ROW_GAP / 2;
	for (size_t i = first; i < end; i++) {
		const struct chart_row *row = &rows[i];
		double content = row->height - ROW_GAP;
		double label_height = layout_height(row->label);
		set_colour(cr, COLOUR_TEXT);
		cairo_move_to(cr, MARGIN_SIDE, y + (content - label_height) / 2);
		pango_cairo_show_layout(cr, row->label);

		double bar_y = y + (content - BAR_HEIGHT) / 2;
		double bar_width = chart->bars_width * row->fraction;
		if (bar_width > 0)
			fill_rect(cr, chart->bars_x, bar_y, bar_width, BAR_HEIGHT, COLOUR_BAR);
		double value_height = layout_height(row->value);
		set_colour(cr, COLOUR_TEXT);
		cairo_move_to(cr, chart->bars_x + bar_width + VALUE_GAP,
		              bar_y + (BAR_HEIGHT - value_height) / 2);
		pango_cairo_show_layout(cr, row->value);
		y += row->height;
	}
	doc->y = top + height + SCALE_HEIGHT;
}

/* Values are clamped to 0..max; a NaN counts as 0. A max that is not a
 * positive number is replaced by the largest value (or 1 if none is
 * positive), so a chart always has a scale. */
void document_bar_chart(struct document *doc, const struct document_bar *bars, size_t count,
                        double max)
{
	if (!doc || doc->failed || !bars || count == 0)
		return;
	if (!(max > 0) || !isfinite(max)) {
		max = 0;
		for (size_t i = 0; i < count; i++)
			if (isfinite(bars[i].value) && bars[i].value > max)
				max = bars[i].value;
		if (!(max > 0))
			max = 1;
	}
	struct chart_row *rows = calloc(count, sizeof *rows);
	if (!rows)
		abort();
	double label_width = LABEL_SHARE * TEXT_WIDTH, value_width = 0;
	for (size_t i = 0; i < count; i++) {
		struct chart_row *row = &rows[i];
		row->label = doc_layout(doc, bars[i].label, SIZE_TABLE, false, label_width, ALIGN_LEFT);
		row->value = doc_layout(doc, bars[i].value_label, SIZE_TABLE, true,
		                        0.15 * TEXT_WIDTH, ALIGN_LEFT);
		if (layout_width(row->value) > value_width)
			value_width = layout_width(row->value);
		double value = isnan(bars[i].value) ? 0 : bars[i].value;
		row->fraction = value <= 0 ? 0 : value >= max ? 1 : value / max;
		double label_height = layout_height(row->label);
		row->height = (label_height > BAR_HEIGHT ? label_height : BAR_HEIGHT) + ROW_GAP;
	}
	struct chart chart = {
		.bars_x = MARGIN_SIDE + label_width + GAP,
		.bars_width = TEXT_WIDTH - label_width - GAP - VALUE_GAP - value_width - 2.0,
		.max = max,
		.step = grid_step(max),
	};

	doc_place(doc, 10.0, rows[0].height + SCALE_HEIGHT);
	size_t first = 0;
	while (first < count && !doc->failed) {
		size_t end = first;
		double y = doc->y;
		while (end < count && y + rows[end].height + SCALE_HEIGHT <= CONTENT_BOTTOM)
			y += rows[end++].height;
		if (end == first) {
			if (doc->y > CONTENT_TOP) {
				doc_new_page(doc);
				continue;
			}
			end = first + 1;   /* a label taller than a page: let it overflow */
		}
		draw_piece(doc, &chart, rows, first, end);
		first = end;
		if (first < count)
			doc_new_page(doc);
	}
	for (size_t i = 0; i < count; i++) {
		g_object_unref(rows[i].label);
		g_object_unref(rows[i].value);
	}
	free(rows);
	doc->pending_gap = 12.0;
}
