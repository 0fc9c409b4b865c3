/*
 * heatmap.c - a risk heat map as an SVG document, written as text from
 * plain numbers: a grid of cells (rows from the top, columns from the
 * left), each with its count of risks, its level and an optional link,
 * the axis labels and titles, a legend, and the acceptability threshold
 * drawn as a thick line along the border between the acceptable (low)
 * cells and the others.
 *
 * The register page puts it inline; the same text is a standalone .svg
 * for print and download, and a later PDF report can draw it too. It
 * knows nothing of HTTP, the store or the risk engine: the caller counts,
 * decides the levels and translates every label.
 *
 * It reads in black and white as well as in colour: each level has its
 * own hatching over its colour, named in the legend. No style sheet and
 * no style attribute (the pages' Content-Security-Policy forbids inline
 * styles): only presentation attributes.
 */
#include "report/reports.h"

#include <stdio.h>
#include <string.h>

#define CELL_WIDTH 48
#define CELL_HEIGHT 36
#define GRID_LEFT 84          /* room for the row title and labels */
#define GRID_TOP_INLINE 8
#define GRID_TOP_STANDALONE 44   /* a visible title above the grid */
#define RIGHT_MARGIN 12
#define FONT "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
#define CHAR_WIDTH 7          /* an estimate at 12 px, for laying out the legend */
#define LEGEND_SWATCH 16

/* Fill colours, light enough for dark text (contrast above 7:1). */
static const char *const level_fill[3] = {"#b9e3c1", "#ffd699", "#f5a3a3"};
static const char *const level_name[3] = {"low", "medium", "high"};

/* The number of characters (not bytes) of UTF-8 text. */
static size_t text_width(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n * CHAR_WIDTH;
}

static void put_text(struct buf *out, const char *s)
{
	if (s)
		buf_put_html(out, s, strlen(s));
}

static int grid_top(const struct heatmap *map)
{
	return map->standalone ? GRID_TOP_STANDALONE : GRID_TOP_INLINE;
}

static int grid_bottom(const struct heatmap *map)
{
	return grid_top(map) + (int)map->rows * CELL_HEIGHT;
}

static int legend_width(const struct heatmap *map)
{
	size_t w = 0;
	for (int i = 0; i < 3; i++)
		w += LEGEND_SWATCH + 6 + text_width(map->level_labels[i]) + 18;
	return (int)(w + 36 + 6 + text_width(map->threshold_label));
}

static int svg_width(const struct heatmap *map)
{
	int grid = GRID_LEFT + (int)map->columns * CELL_WIDTH + RIGHT_MARGIN;
	int legend = 8 + legend_width(map) + RIGHT_MARGIN;
	return grid > legend ? grid : legend;
}

static int svg_height(const struct heatmap *map)
{
	return grid_bottom(map) + 40 + 40;   /* labels and axis title, then the legend */
}

/* The hatching of each level, for black-and-white print: none for low,
 * single diagonal lines for medium, crossed lines for high. */
static void put_patterns(struct buf *out, const struct heatmap *map)
{
	buf_puts(out, "<defs>");
	for (int level = HEATMAP_MEDIUM; level <= HEATMAP_HIGH; level++) {
		buf_printf(out, "<pattern id=\"%s-%s\" width=\"8\" height=\"8\" "
		           "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">",
		           map->id, level_name[level]);
		buf_puts(out, "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#1b1f24\" "
		              "stroke-opacity=\"0.45\" stroke-width=\"1.5\"/>");
		if (level == HEATMAP_HIGH)
			buf_puts(out, "<line x1=\"0\" y1=\"4\" x2=\"8\" y2=\"4\" stroke=\"#1b1f24\" "
			              "stroke-opacity=\"0.45\" stroke-width=\"1.5\"/>");
		buf_puts(out, "</pattern>");
	}
	buf_puts(out, "</defs>");
}

/* A rectangle in a level's colour and hatching. */
static void put_swatch(struct buf *out, const struct heatmap *map, int x, int y, int w,
                       int h, enum heatmap_level level)
{
	buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
	           "stroke=\"#ffffff\" stroke-width=\"1\"/>", x, y, w, h, level_fill[level]);
	if (level != HEATMAP_LOW)
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		           "fill=\"url(#%s-%s)\"/>", x, y, w, h, map->id, level_name[level]);
}

static void put_cell(struct buf *out, const struct heatmap *map, size_t row, size_t column)
{
	const struct heatmap_cell *cell = &map->cells[row * map->columns + column];
	int x = GRID_LEFT + (int)column * CELL_WIDTH, y = grid_top(map) + (int)row * CELL_HEIGHT;
	bool link = cell->count > 0 && cell->href;
	buf_printf(out, "<g class=\"cell %s\" data-row=\"%zu\" data-column=\"%zu\" "
	           "data-count=\"%d\">", level_name[cell->level], row, column, cell->count);
	if (link) {
		buf_puts(out, "<a href=\"");
		put_text(out, cell->href);
		buf_puts(out, "\">");
		if (cell->label) {
			buf_puts(out, "<title>");
			put_text(out, cell->label);
			buf_puts(out, "</title>");
		}
	}
	put_swatch(out, map, x, y, CELL_WIDTH, CELL_HEIGHT, cell->level);
	if (cell->count > 0) {
		/* A white disc under the number keeps it legible over the hatching. */
		int cx = x + CELL_WIDTH / 2, cy = y + CELL_HEIGHT / 2;
		buf_printf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"#ffffff\" "
		           "stroke=\"#1b1f24\" stroke-width=\"0.75\"/>", cx, cy,
		           cell->count > 99 ? 15 : 12);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		           "dominant-baseline=\"central\" font-weight=\"700\" fill=\"#1b1f24\">%d</text>",
		           cx, cy, cell->count);
	}
	buf_puts(out, link ? "</a></g>" : "</g>");
}

static bool acceptable(const struct heatmap *map, size_t row, size_t column)
{
	return map->cells[row * map->columns + column].level == HEATMAP_LOW;
}

/* The threshold: a segment on every edge between an acceptable cell and
 * one that is not, as one path. */
static void put_threshold(struct buf *out, const struct heatmap *map)
{
	struct buf d = {0};
	int top = grid_top(map);
	for (size_t r = 0; r < map->rows; r++)
		for (size_t c = 0; c < map->columns; c++) {
			int x = GRID_LEFT + (int)c * CELL_WIDTH, y = top + (int)r * CELL_HEIGHT;
			bool here = acceptable(map, r, c);
			if (c + 1 < map->columns && here != acceptable(map, r, c + 1))
				buf_printf(&d, "M%d %dV%d", x + CELL_WIDTH, y, y + CELL_HEIGHT);
			if (r + 1 < map->rows && here != acceptable(map, r + 1, c))
				buf_printf(&d, "M%d %dH%d", x, y + CELL_HEIGHT, x + CELL_WIDTH);
		}
	if (d.len) {
		buf_puts(out, "<path class=\"threshold\" d=\"");
		buf_puts(out, d.data);
		buf_puts(out, "\" fill=\"none\" stroke=\"#1b1f24\" stroke-width=\"4\" "
		              "stroke-linecap=\"square\"/>");
	}
	buf_free(&d);
}

static void put_axes(struct buf *out, const struct heatmap *map)
{
	int top = grid_top(map), bottom = grid_bottom(map);
	for (size_t r = 0; r < map->rows; r++) {
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		           "dominant-baseline=\"central\">", GRID_LEFT - 8,
		           top + (int)r * CELL_HEIGHT + CELL_HEIGHT / 2);
		put_text(out, map->row_labels[r]);
		buf_puts(out, "</text>");
	}
	for (size_t c = 0; c < map->columns; c++) {
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
		           GRID_LEFT + (int)c * CELL_WIDTH + CELL_WIDTH / 2, bottom + 16);
		put_text(out, map->column_labels[c]);
		buf_puts(out, "</text>");
	}
	int middle = (top + bottom) / 2;
	buf_printf(out, "<text x=\"20\" y=\"%d\" text-anchor=\"middle\" font-weight=\"600\" "
	           "transform=\"rotate(-90 20 %d)\">", middle, middle);
	put_text(out, map->row_title);
	buf_puts(out, "</text>");
	buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"600\">",
	           GRID_LEFT + (int)map->columns * CELL_WIDTH / 2, bottom + 36);
	put_text(out, map->column_title);
	buf_puts(out, "</text>");
}

/* The levels with their colour and hatching, then the threshold line. */
static void put_legend(struct buf *out, const struct heatmap *map)
{
	int x = 8, y = grid_bottom(map) + 56;
	buf_puts(out, "<g class=\"legend\">");
	for (int level = HEATMAP_LOW; level <= HEATMAP_HIGH; level++) {
		put_swatch(out, map, x, y, LEGEND_SWATCH, LEGEND_SWATCH, (enum heatmap_level)level);
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
		           "stroke=\"#5b6570\"/>", x, y, LEGEND_SWATCH, LEGEND_SWATCH);
		x += LEGEND_SWATCH + 6;
		buf_printf(out, "<text x=\"%d\" y=\"%d\" dominant-baseline=\"central\">", x,
		           y + LEGEND_SWATCH / 2);
		put_text(out, map->level_labels[level]);
		buf_puts(out, "</text>");
		x += (int)text_width(map->level_labels[level]) + 18;
	}
	buf_printf(out, "<path d=\"M%d %dH%d\" stroke=\"#1b1f24\" stroke-width=\"4\"/>", x,
	           y + LEGEND_SWATCH / 2, x + 36);
	buf_printf(out, "<text x=\"%d\" y=\"%d\" dominant-baseline=\"central\">", x + 42,
	           y + LEGEND_SWATCH / 2);
	put_text(out, map->threshold_label);
	buf_puts(out, "</text></g>");
}

/* An id goes into attributes unescaped: letters, digits and '-' only. */
static bool id_valid(const char *id)
{
	if (!id || !*id)
		return false;
	for (; *id; id++)
		if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z') ||
		      (*id >= '0' && *id <= '9') || *id == '-'))
			return false;
	return true;
}

int heatmap_svg(const struct heatmap *map, struct buf *out)
{
	if (!map || !id_valid(map->id) || map->rows == 0 || map->columns == 0 || !map->cells ||
	    !map->row_labels || !map->column_labels)
		return -1;
	int width = svg_width(map), height = svg_height(map);
	if (map->standalone)
		buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" "
	           "id=\"%s\" role=\"img\" aria-labelledby=\"%s-title %s-desc\" "
	           "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"%s\" "
	           "font-size=\"12\" fill=\"#1b1f24\">", map->id, map->id, map->id,
	           width, height, width, height, FONT);
	buf_printf(out, "<title id=\"%s-title\">", map->id);
	put_text(out, map->title);
	buf_printf(out, "</title><desc id=\"%s-desc\">", map->id);
	put_text(out, map->description);
	buf_puts(out, "</desc>");
	put_patterns(out, map);
	if (map->standalone) {
		buf_puts(out, "<text x=\"8\" y=\"24\" font-size=\"16\" font-weight=\"700\">");
		put_text(out, map->title);
		buf_puts(out, "</text>");
	}
	for (size_t r = 0; r < map->rows; r++)
		for (size_t c = 0; c < map->columns; c++)
			put_cell(out, map, r, c);
	put_threshold(out, map);
	put_axes(out, map);
	put_legend(out, map);
	buf_puts(out, "</svg>\n");
	return 0;
}
