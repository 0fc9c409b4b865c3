/*
 * document.c - the PDF document layer (see document.h): creating and
 * freeing a document, pages, text blocks (headings, paragraphs, notes,
 * figures), the page furniture and the final PDF. Tables live in table.c,
 * bar charts in chart.c.
 *
 * How a document is made. Content is laid out as it arrives, each page on
 * its own cairo recording surface. "Page N of M" needs M, so the header
 * and footer are drawn only in document_finish, which creates the PDF
 * surface, draws each page's furniture, replays the page's recording onto
 * it and emits the page. Text stays text (selectable, searchable).
 *
 * Threads. Several web workers may build documents at once, so nothing
 * here is global and mutable: each document creates its own pango font
 * map (pango_cairo_font_map_new, not the shared default) and its own
 * pango context, recording surfaces and PDF surface, and frees them all.
 * What remains process-wide is below us and thread-safe in Debian 12:
 * fontconfig's configuration and cache (fontconfig 2.14), cairo's font
 * and glyph caches (cairo 1.16, internally locked) and GLib's type system.
 * A private font map costs some milliseconds per document to match fonts
 * again; a report is far from hot enough for that to matter.
 */
#include "report/document_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

const struct rgb COLOUR_TEXT = {0.13, 0.14, 0.16};
const struct rgb COLOUR_ACCENT = {0.11, 0.25, 0.42};
const struct rgb COLOUR_MUTED = {0.42, 0.45, 0.49};
const struct rgb COLOUR_RULE = {0.78, 0.81, 0.85};
const struct rgb COLOUR_ZEBRA = {0.953, 0.961, 0.973};
const struct rgb COLOUR_BAR = {0.20, 0.44, 0.69};
const struct rgb COLOUR_GRID = {0.88, 0.90, 0.92};
const struct rgb COLOUR_WHITE = {1.0, 1.0, 1.0};
const struct rgb COLOUR_PANEL = {0.937, 0.953, 0.973};

/* Heading levels 1..3: font size, space before and after, in points. */
static const struct {
	double size, before, after;
} heading_style[] = {
	{17.0, 18.0, 8.0},
	{13.0, 14.0, 5.0},
	{11.0, 10.0, 3.0},
};

/* The rule under a level 1 heading. */
#define RULE_GAP 3.0
#define RULE_THICKNESS 0.8

static char *copy_or(const char *s, const char *fallback)
{
	return g_strdup(s ? s : fallback);
}

void set_colour(cairo_t *cr, struct rgb colour)
{
	cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
}

void fill_rect(cairo_t *cr, double x, double y, double width, double height, struct rgb colour)
{
	set_colour(cr, colour);
	cairo_rectangle(cr, x, y, width, height);
	cairo_fill(cr);
}

void hrule(cairo_t *cr, double x, double y, double width, double thickness, struct rgb colour)
{
	fill_rect(cr, x, y, width, thickness, colour);
}

/* The pango context of a document: 72 dpi so points are user units,
 * unhinted metrics and unrounded glyph positions (the PDF is scaled by
 * the reader, so hinting for a pixel grid would only spoil spacing), and
 * the document language for line breaking and hyphenation. */
static PangoContext *make_context(PangoFontMap *font_map, const char *lang)
{
	PangoContext *context = pango_font_map_create_context(font_map);
	pango_cairo_context_set_resolution(context, 72.0);
	cairo_font_options_t *options = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(context, options);
	cairo_font_options_destroy(options);
	pango_context_set_round_glyph_positions(context, FALSE);
	pango_context_set_language(context, pango_language_from_string(lang));
	return context;
}

struct document *document_new(const struct document_info *info)
{
	static const struct document_info none = {0};
	if (!info)
		info = &none;
	struct document *doc = calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	doc->title = copy_or(info->title, "");
	doc->organisation = copy_or(info->organisation, "");
	doc->date = copy_or(info->date, "");
	doc->page_label = copy_or(info->page_label, "%d / %d");
	doc->lang = copy_or(info->lang, "en");

	doc->font_map = pango_cairo_font_map_new();
	if (!doc->font_map) {
		document_free(doc);
		return NULL;
	}
	doc->pango = make_context(doc->font_map, doc->lang);
	doc_new_page(doc);
	if (doc->failed) {
		document_free(doc);
		return NULL;
	}
	return doc;
}

void doc_new_page(struct document *doc)
{
	if (doc->failed)
		return;
	if (doc->page_count == doc->page_capacity) {
		size_t capacity = doc->page_capacity ? 2 * doc->page_capacity : 8;
		cairo_surface_t **pages = realloc(doc->pages, capacity * sizeof *pages);
		if (!pages)
			abort();
		doc->pages = pages;
		doc->page_capacity = capacity;
	}
	cairo_rectangle_t extents = {0, 0, PAGE_WIDTH, PAGE_HEIGHT};
	cairo_surface_t *page = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
	doc->pages[doc->page_count++] = page;
	if (doc->cr)
		cairo_destroy(doc->cr);
	doc->cr = cairo_create(page);
	if (cairo_status(doc->cr) != CAIRO_STATUS_SUCCESS)
		doc->failed = true;
	doc->y = CONTENT_TOP;
	doc->pending_gap = 0;
}

static void flow_layout(struct document *doc, PangoLayout *layout, double indent,
                        struct rgb colour);
static void outline_add(struct document *doc, int level, const char *text);

/* Height of the waiting headings from the top of the first to where the
 * next block starts. */
static double headings_height(const struct document *doc)
{
	double height = 0;
	for (size_t i = 0; i < doc->heading_count; i++) {
		const struct pending_heading *heading = &doc->headings[i];
		if (i > 0)
			height += heading_style[heading->level - 1].before;
		height += layout_height(heading->layout) + heading_style[heading->level - 1].after;
		if (heading->level == 1)
			height += RULE_GAP + RULE_THICKNESS;
	}
	return height;
}

/* Draws the waiting headings from doc->y on (space is already made). */
static void draw_headings(struct document *doc)
{
	for (size_t i = 0; i < doc->heading_count; i++) {
		struct pending_heading *heading = &doc->headings[i];
		int level = heading->level;
		if (i > 0)
			doc->y += heading_style[level - 1].before;
		outline_add(doc, level, heading->text);
		flow_layout(doc, heading->layout, 0, level == 3 ? COLOUR_TEXT : COLOUR_ACCENT);
		if (level == 1) {
			/* A thin accent rule under the main headings. */
			doc->y += RULE_GAP;
			hrule(doc->cr, MARGIN_SIDE, doc->y, TEXT_WIDTH, RULE_THICKNESS, COLOUR_ACCENT);
			doc->y += RULE_THICKNESS;
		}
		doc->y += heading_style[level - 1].after;
		g_object_unref(heading->layout);
		g_free(heading->text);
	}
	doc->heading_count = 0;
}

void doc_place(struct document *doc, double space_before, double need)
{
	if (doc->heading_count > 0) {
		space_before = heading_style[doc->headings[0].level - 1].before;
		need += headings_height(doc);
	}
	if (doc->y > CONTENT_TOP) {
		doc->y += space_before > doc->pending_gap ? space_before : doc->pending_gap;
		if (doc->y + need > CONTENT_BOTTOM)
			doc_new_page(doc);
	}
	doc->pending_gap = 0;
	draw_headings(doc);
}

PangoLayout *doc_layout(struct document *doc, const char *text, double size, bool bold,
                        double width, enum document_align align)
{
	PangoLayout *layout = pango_layout_new(doc->pango);
	PangoFontDescription *font = pango_font_description_from_string(FONT_FAMILY);
	pango_font_description_set_size(font, (gint)(size * PANGO_SCALE));
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);

	/* Text comes from users and imports: repair it rather than let pango
	 * complain, and never interpret it as markup. */
	char *valid = g_utf8_make_valid(text ? text : "", -1);
	pango_layout_set_text(layout, valid, -1);
	g_free(valid);

	if (width > 0) {
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(layout, align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
	                                   : align == ALIGN_CENTER ? PANGO_ALIGN_CENTER
	                                   : PANGO_ALIGN_LEFT);
	return layout;
}

double layout_height(PangoLayout *layout)
{
	int width, height;
	pango_layout_get_size(layout, &width, &height);
	return (double)height / PANGO_SCALE;
}

double layout_width(PangoLayout *layout)
{
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	return (double)(logical.x + logical.width) / PANGO_SCALE;
}

void text_lines_get(PangoLayout *layout, struct text_lines *out)
{
	out->count = pango_layout_get_line_count(layout);
	out->lines = calloc(out->count > 0 ? (size_t)out->count : 1, sizeof *out->lines);
	if (!out->lines)
		abort();
	PangoLayoutIter *iter = pango_layout_get_iter(layout);
	int i = 0;
	do {
		if (i >= out->count)
			break;
		struct text_line *line = &out->lines[i++];
		int top, bottom;
		PangoRectangle logical;
		pango_layout_iter_get_line_yrange(iter, &top, &bottom);
		pango_layout_iter_get_line_extents(iter, NULL, &logical);
		line->line = pango_layout_iter_get_line_readonly(iter);
		line->x = (double)logical.x / PANGO_SCALE;
		line->top = (double)top / PANGO_SCALE;
		line->bottom = (double)bottom / PANGO_SCALE;
		line->baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
	out->count = i;
}

void text_lines_free(struct text_lines *lines)
{
	free(lines->lines);
	lines->lines = NULL;
	lines->count = 0;
}

void text_line_draw(cairo_t *cr, const struct text_line *line, double x, double y)
{
	cairo_move_to(cr, x + line->x, y + line->baseline);
	pango_cairo_show_layout_line(cr, line->line);
}

/* The end of the run of lines from start that fits in space points. */
static int lines_that_fit(const struct text_lines *lines, int start, double space)
{
	int end = start;
	while (end < lines->count && lines->lines[end].bottom - lines->lines[start].top <= space)
		end++;
	return end;
}

/* Draws layout at the left margin (plus indent) from doc->y on, breaking
 * pages between lines. Keeps at least two lines of a paragraph together at
 * the foot of a page (no orphan) and carries no single last line over
 * (no widow) when the paragraph is long enough to allow it. */
static void flow_layout(struct document *doc, PangoLayout *layout, double indent,
                        struct rgb colour)
{
	struct text_lines lines;
	text_lines_get(layout, &lines);
	int start = 0;
	while (start < lines.count && !doc->failed) {
		double origin = lines.lines[start].top;
		int end = lines_that_fit(&lines, start, CONTENT_BOTTOM - doc->y);
		int on_page = end - start, remaining = lines.count - end;
		if (remaining > 0) {
			if (on_page < 2 && doc->y > CONTENT_TOP) {
				doc_new_page(doc);   /* nothing worth leaving here */
				continue;
			}
			if (remaining == 1 && on_page >= 3)
				end--;
			if (end == start)
				end = start + 1;   /* a line taller than a page: let it overflow */
		}
		set_colour(doc->cr, colour);
		for (int i = start; i < end; i++)
			text_line_draw(doc->cr, &lines.lines[i], MARGIN_SIDE + indent, doc->y - origin);
		doc->y += lines.lines[end - 1].bottom - origin;
		start = end;
		if (start < lines.count)
			doc_new_page(doc);
	}
	text_lines_free(&lines);
}

/* Remembers a heading for the PDF outline. */
static void outline_add(struct document *doc, int level, const char *text)
{
	if (doc->outline_count == doc->outline_capacity) {
		size_t capacity = doc->outline_capacity ? 2 * doc->outline_capacity : 16;
		struct outline_entry *outline = realloc(doc->outline, capacity * sizeof *outline);
		if (!outline)
			abort();
		doc->outline = outline;
		doc->outline_capacity = capacity;
	}
	struct outline_entry *entry = &doc->outline[doc->outline_count++];
	entry->level = level;
	entry->page = (int)doc->page_count;
	entry->text = g_utf8_make_valid(text ? text : "", -1);
}

/* Queues the heading; doc_place draws it with the block that follows. */
void document_heading(struct document *doc, int level, const char *text)
{
	if (!doc || doc->failed)
		return;
	if (level < 1)
		level = 1;
	if (level > 3)
		level = 3;
	if (doc->heading_count == doc->heading_capacity) {
		size_t capacity = doc->heading_capacity ? 2 * doc->heading_capacity : 4;
		struct pending_heading *headings = realloc(doc->headings, capacity * sizeof *headings);
		if (!headings)
			abort();
		doc->headings = headings;
		doc->heading_capacity = capacity;
	}
	struct pending_heading *heading = &doc->headings[doc->heading_count++];
	heading->level = level;
	heading->text = g_utf8_make_valid(text ? text : "", -1);
	heading->layout = doc_layout(doc, heading->text, heading_style[level - 1].size, true,
	                             TEXT_WIDTH, ALIGN_LEFT);
}

/* What of a paragraph must stay with what precedes it: its first two
 * lines (flow_layout never leaves a single line at the foot of a page). */
static double first_lines_height(PangoLayout *layout)
{
	struct text_lines lines;
	text_lines_get(layout, &lines);
	double height = lines.count == 0 ? 0 : lines.lines[lines.count > 1 ? 1 : 0].bottom;
	text_lines_free(&lines);
	return height;
}

void document_paragraph(struct document *doc, const char *text)
{
	if (!doc || doc->failed)
		return;
	PangoLayout *layout = doc_layout(doc, text, SIZE_BODY, false, TEXT_WIDTH, ALIGN_LEFT);
	pango_layout_set_line_spacing(layout, 1.25f);
	doc_place(doc, 0, first_lines_height(layout));
	flow_layout(doc, layout, 0, COLOUR_TEXT);
	g_object_unref(layout);
	doc->pending_gap = 7.0;
}

void document_note(struct document *doc, const char *text)
{
	if (!doc || doc->failed)
		return;
	PangoLayout *layout = doc_layout(doc, text, SIZE_SMALL, false, TEXT_WIDTH, ALIGN_LEFT);
	pango_layout_set_line_spacing(layout, 1.2f);
	doc_place(doc, 0, first_lines_height(layout));
	flow_layout(doc, layout, 0, COLOUR_MUTED);
	g_object_unref(layout);
	doc->pending_gap = 6.0;
}

/* A panel with an accent bar at its left, the label in small muted text
 * above the value in large bold accent figures. The panel is as wide as
 * its content (at least a fifth of the text width) and never split. */
void document_figure(struct document *doc, const char *label, const char *value)
{
	if (!doc || doc->failed)
		return;
	const double pad_x = 10.0, pad_y = 7.0, bar = 3.0, inner = TEXT_WIDTH - 2 * pad_x - bar;
	PangoLayout *label_layout = doc_layout(doc, label, SIZE_SMALL, false, inner, ALIGN_LEFT);
	PangoLayout *value_layout = doc_layout(doc, value, 24.0, true, inner, ALIGN_LEFT);
	double label_height = layout_height(label_layout), value_height = layout_height(value_layout);
	double content = layout_width(label_layout) > layout_width(value_layout)
	                         ? layout_width(label_layout)
	                         : layout_width(value_layout);
	double width = bar + 2 * pad_x + content;
	if (width < TEXT_WIDTH / 5)
		width = TEXT_WIDTH / 5;
	if (width > TEXT_WIDTH)
		width = TEXT_WIDTH;
	double height = 2 * pad_y + label_height + 1.0 + value_height;

	doc_place(doc, 8.0, height);
	cairo_t *cr = doc->cr;
	fill_rect(cr, MARGIN_SIDE, doc->y, width, height, COLOUR_PANEL);
	fill_rect(cr, MARGIN_SIDE, doc->y, bar, height, COLOUR_ACCENT);
	set_colour(cr, COLOUR_MUTED);
	cairo_move_to(cr, MARGIN_SIDE + bar + pad_x, doc->y + pad_y);
	pango_cairo_show_layout(cr, label_layout);
	set_colour(cr, COLOUR_ACCENT);
	cairo_move_to(cr, MARGIN_SIDE + bar + pad_x, doc->y + pad_y + label_height + 1.0);
	pango_cairo_show_layout(cr, value_layout);
	doc->y += height;
	doc->pending_gap = 10.0;
	g_object_unref(label_layout);
	g_object_unref(value_layout);
}

/* Writes the page label for page n of total: each "%d" takes the next
 * number, "%%" is a percent sign, anything else is copied. The pattern
 * comes from a translation catalogue, so it is never handed to printf. */
static char *page_label(const char *pattern, int n, int total)
{
	GString *out = g_string_new(NULL);
	int used = 0;
	for (const char *p = pattern; *p; p++) {
		if (p[0] == '%' && p[1] == 'd') {
			g_string_append_printf(out, "%d", used++ == 0 ? n : total);
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			g_string_append_c(out, '%');
			p++;
		} else {
			g_string_append_c(out, *p);
		}
	}
	return g_string_free(out, FALSE);
}

/* Draws a single line of small text in a box of the given width at (x, y),
 * ellipsized at the end if it does not fit. */
static void furniture_text(struct document *doc, cairo_t *cr, const char *text, double x,
                           double y, double width, bool bold, enum document_align align,
                           struct rgb colour)
{
	PangoLayout *layout = doc_layout(doc, text, 7.5, bold, width, align);
	pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	set_colour(cr, colour);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
}

/* Natural width of a line of furniture text. */
static double furniture_width(struct document *doc, const char *text, bool bold)
{
	PangoLayout *layout = doc_layout(doc, text, 7.5, bold, 0, ALIGN_LEFT);
	double width = layout_width(layout);
	g_object_unref(layout);
	return width;
}

/* The header (title left, organisation right, a rule) and the footer (a
 * rule, the date left, "page N of M" right) of page n of total. The
 * organisation gets up to 45 % of the width; the title has the rest and
 * is ellipsized if it is longer. */
static void draw_furniture(struct document *doc, cairo_t *cr, int n, int total)
{
	const double header_y = 11.0 * PT_PER_MM, header_rule = 15.5 * PT_PER_MM;
	const double footer_rule = PAGE_HEIGHT - 16.0 * PT_PER_MM;
	const double footer_y = footer_rule + 2.0 * PT_PER_MM, gap = 12.0;

	double org_width = furniture_width(doc, doc->organisation, false) + 1.0;
	if (org_width > 0.45 * TEXT_WIDTH)
		org_width = 0.45 * TEXT_WIDTH;
	furniture_text(doc, cr, doc->title, MARGIN_SIDE, header_y, TEXT_WIDTH - org_width - gap,
	               true, ALIGN_LEFT, COLOUR_ACCENT);
	furniture_text(doc, cr, doc->organisation, PAGE_WIDTH - MARGIN_SIDE - org_width, header_y,
	               org_width, false, ALIGN_RIGHT, COLOUR_MUTED);
	hrule(cr, MARGIN_SIDE, header_rule, TEXT_WIDTH, 0.5, COLOUR_RULE);

	hrule(cr, MARGIN_SIDE, footer_rule, TEXT_WIDTH, 0.5, COLOUR_RULE);
	char *label = page_label(doc->page_label, n, total);
	double label_width = furniture_width(doc, label, false) + 1.0;
	if (label_width > 0.45 * TEXT_WIDTH)
		label_width = 0.45 * TEXT_WIDTH;
	furniture_text(doc, cr, doc->date, MARGIN_SIDE, footer_y, TEXT_WIDTH - label_width - gap,
	               false, ALIGN_LEFT, COLOUR_MUTED);
	furniture_text(doc, cr, label, PAGE_WIDTH - MARGIN_SIDE - label_width, footer_y,
	               label_width, false, ALIGN_RIGHT, COLOUR_MUTED);
	g_free(label);
}

/* Adds the headings as PDF bookmarks, each under the last heading of a
 * higher level (a level 3 right after a level 1 hangs under the 1). */
static void add_outline(struct document *doc, cairo_surface_t *pdf)
{
	int parent[4] = {CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT,
	                 CAIRO_PDF_OUTLINE_ROOT};
	for (size_t i = 0; i < doc->outline_count; i++) {
		const struct outline_entry *entry = &doc->outline[i];
		char link[32];
		snprintf(link, sizeof link, "page=%d", entry->page);
		int id = cairo_pdf_surface_add_outline(pdf, parent[entry->level - 1], entry->text,
		                                       link, CAIRO_PDF_OUTLINE_FLAG_OPEN);
		for (int level = entry->level; level < 4; level++)
			parent[level] = id;
	}
}

static cairo_status_t write_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* Replays every page onto a PDF surface with its furniture. On failure the
 * bytes already appended to out are taken back. */
int document_finish(struct document *doc, struct buf *out)
{
	if (!doc)
		return -1;
	if (doc->table)
		document_table_end(doc);
	if (doc->heading_count > 0 && !doc->failed)
		doc_place(doc, 0, 0);   /* headings with nothing after them */
	if (doc->failed || !out) {
		document_free(doc);
		return -1;
	}
	cairo_destroy(doc->cr);    /* the last page is complete */
	doc->cr = NULL;

	size_t start = out->len;
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(write_to_buf, out, PAGE_WIDTH,
	                                                           PAGE_HEIGHT);
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, doc->title);
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_AUTHOR, doc->organisation);
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "Ravelin");
	cairo_t *cr = cairo_create(pdf);
	int total = (int)doc->page_count;
	for (int i = 0; i < total; i++) {
		draw_furniture(doc, cr, i + 1, total);
		cairo_set_source_surface(cr, doc->pages[i], 0, 0);
		cairo_paint(cr);
		cairo_show_page(cr);
	}
	add_outline(doc, pdf);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(pdf);
	cairo_surface_destroy(pdf);
	document_free(doc);
	if (status != CAIRO_STATUS_SUCCESS) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		return -1;
	}
	return 0;
}

void document_free(struct document *doc)
{
	if (!doc)
		return;
	table_free(doc->table);
	for (size_t i = 0; i < doc->heading_count; i++) {
		g_object_unref(doc->headings[i].layout);
		g_free(doc->headings[i].text);
	}
	free(doc->headings);
	if (doc->cr)
		cairo_destroy(doc->cr);
	for (size_t i = 0; i < doc->page_count; i++)
		cairo_surface_destroy(doc->pages[i]);
	free(doc->pages);
	for (size_t i = 0; i < doc->outline_count; i++)
		g_free(doc->outline[i].text);
	free(doc->outline);
	if (doc->pango)
		g_object_unref(doc->pango);
	if (doc->font_map)
		g_object_unref(doc->font_map);
	g_free(doc->title);
	g_free(doc->organisation);
	g_free(doc->date);
	g_free(doc->page_label);
	g_free(doc->lang);
	free(doc);
}
