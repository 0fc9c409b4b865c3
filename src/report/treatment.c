/*
 * treatment.c - the risk treatment as documents: the treatment plan as a
 * PDF (a summary of the levels now and once the plan is carried out, the
 * risks grouped by decision with their measures, justifications and
 * parties, then the risks still to decide) and the risk register with the
 * decisions as an XLSX workbook (libxlsxwriter).
 *
 * Both draw the JSON web/exports.c builds (every text already in the
 * reader's language): "risks", "summary", "decisions", "threshold".
 */
#include "report/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "report/document.h"

static const char *text_of(json_t *object, const char *key)
{
	const char *s = json_string_value(json_object_get(object, key));
	return s ? s : "";
}

/* "48 · High", or the level alone when not evaluated. */
static void value_text(json_t *value, char *out, size_t len)
{
	json_t *v = json_object_get(value, "value");
	if (json_is_integer(v))
		snprintf(out, len, "%lld\n%s", (long long)json_integer_value(v), text_of(value, "label"));
	else
		snprintf(out, len, "%s", text_of(value, "label"));
}

/* Asset, threat and vulnerability, one a line. */
static void risk_text(json_t *r, struct buf *out)
{
	buf_reset(out);
	buf_printf(out, "%s\n%s\n%s", text_of(r, "asset"), text_of(r, "threat"),
	           text_of(r, "vulnerability"));
}

/* Parts joined by sep, the empty ones left out. */
static void join_parts(struct buf *out, const char *sep, const char *const *parts, size_t n)
{
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !parts[i][0])
			continue;
		if (!first)
			buf_puts(out, sep);
		buf_puts(out, parts[i]);
		first = false;
	}
}

/* What the decision adds to a risk: the measures (title, then who, by
 * when, status and cost), the justification with the acceptance and its
 * signature, or the party. */
static void detail_text(json_t *r, const char *decision, struct buf *out)
{
	buf_reset(out);
	if (strcmp(decision, "reduce") == 0) {
		size_t i;
		json_t *m;
		json_array_foreach(json_object_get(r, "measures"), i, m) {
			if (i)
				buf_puts(out, "\n\n");
			buf_puts(out, text_of(m, "title"));
			const char *parts[] = {text_of(m, "owner"), text_of(m, "due"),
			                       text_of(m, "status_label"), text_of(m, "cost")};
			struct buf line = {0};
			join_parts(&line, " · ", parts, 4);
			if (line.len) {
				buf_puts(out, "\n");
				buf_append(out, line.data, line.len);
			}
			buf_free(&line);
		}
	} else if (strcmp(decision, "accept") == 0) {
		const char *parts[] = {text_of(r, "justification"), text_of(r, "acceptance_label"),
		                       text_of(r, "signed")};
		join_parts(out, "\n", parts, 3);
	} else if (strcmp(decision, "transfer") == 0) {
		buf_puts(out, text_of(r, "party"));
	}
}

static void summary_section(struct document *doc, json_t *data, const struct catalog *lang)
{
	document_heading(doc, 2, i18n_gettext(lang, "Summary"));
	const struct document_column columns[] = {
		{i18n_gettext(lang, "Level"), 0.40, ALIGN_LEFT},
		{i18n_gettext(lang, "Now (measures done)"), 0.30, ALIGN_RIGHT},
		{i18n_gettext(lang, "Targeted (the whole plan)"), 0.30, ALIGN_RIGHT},
	};
	document_table_begin(doc, columns, 3);
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(data, "summary"), i, s) {
		long long now = json_integer_value(json_object_get(s, "now"));
		long long targeted = json_integer_value(json_object_get(s, "targeted"));
		if (strcmp(text_of(s, "level"), "none") == 0 && !now && !targeted)
			continue;   /* "not evaluated" only when some are */
		char a[24], b[24];
		snprintf(a, sizeof a, "%lld", now);
		snprintf(b, sizeof b, "%lld", targeted);
		const char *cells[] = {text_of(s, "label"), a, b};
		document_table_row(doc, cells);
	}
	document_table_end(doc);
}

/* The risks with this decision, or nothing when there are none. */
static void decision_section(struct document *doc, json_t *data, json_t *decision,
                             const struct catalog *lang)
{
	const char *name = text_of(decision, "value");
	json_t *risks = json_object_get(data, "risks");
	size_t i, count = 0;
	json_t *r;
	json_array_foreach(risks, i, r)
		count += strcmp(text_of(r, "decision"), name) == 0;
	if (!count)
		return;
	/* The heading stays with the table; the hint follows it. */
	document_heading(doc, 2, text_of(decision, "label"));
	const char *detail = strcmp(name, "reduce") == 0 ? i18n_gettext(lang, "Measures")
	                   : strcmp(name, "accept") == 0 ? i18n_gettext(lang, "Justification")
	                   : strcmp(name, "transfer") == 0 ? i18n_gettext(lang, "Insurer or partner")
	                   : NULL;
	double risk_width = detail ? 0.33 : 0.61;
	const struct document_column columns[] = {
		{i18n_gettext(lang, "Risk"), risk_width, ALIGN_LEFT},
		{i18n_gettext(lang, "As assessed"), 0.13, ALIGN_LEFT},
		{i18n_gettext(lang, "Now (measures done)"), 0.13, ALIGN_LEFT},
		{i18n_gettext(lang, "Targeted (the whole plan)"), 0.13, ALIGN_LEFT},
		{detail, 0.28, ALIGN_LEFT},
	};
	document_table_begin(doc, columns, detail ? 5 : 4);
	struct buf risk = {0}, more = {0};
	json_array_foreach(risks, i, r) {
		if (strcmp(text_of(r, "decision"), name) != 0)
			continue;
		char assessed[64], now[64], targeted[64];
		value_text(json_object_get(r, "assessed"), assessed, sizeof assessed);
		value_text(json_object_get(r, "current"), now, sizeof now);
		value_text(json_object_get(r, "targeted"), targeted, sizeof targeted);
		risk_text(r, &risk);
		detail_text(r, name, &more);
		const char *cells[] = {risk.data, assessed, now, targeted, more.len ? more.data : ""};
		document_table_row(doc, cells);
	}
	document_table_end(doc);
	document_note(doc, text_of(decision, "hint"));
	buf_free(&risk);
	buf_free(&more);
}

/* The risks above the acceptable level (medium or high) without a decision. */
static void undecided_section(struct document *doc, json_t *data, const struct catalog *lang)
{
	json_t *risks = json_object_get(data, "risks");
	document_heading(doc, 2, i18n_gettext(lang, "Still to decide"));
	char note[256];
	snprintf(note, sizeof note, i18n_gettext(lang,
		"Risks above the acceptable level (a value above %lld) without a decision yet."),
		(long long)json_integer_value(json_object_get(data, "threshold")));
	document_note(doc, note);
	const struct document_column columns[] = {
		{i18n_gettext(lang, "Risk"), 0.74, ALIGN_LEFT},
		{i18n_gettext(lang, "As assessed"), 0.26, ALIGN_LEFT},
	};
	bool any = false;
	struct buf risk = {0};
	size_t i;
	json_t *r;
	json_array_foreach(risks, i, r) {
		const char *level = text_of(json_object_get(r, "current"), "level");
		if (text_of(r, "decision")[0] ||
		    (strcmp(level, "medium") != 0 && strcmp(level, "high") != 0))
			continue;
		if (!any)
			document_table_begin(doc, columns, 2);
		any = true;
		char assessed[64];
		value_text(json_object_get(r, "current"), assessed, sizeof assessed);
		risk_text(r, &risk);
		const char *cells[] = {risk.data, assessed};
		document_table_row(doc, cells);
	}
	if (any)
		document_table_end(doc);
	else
		document_paragraph(doc, i18n_gettext(lang,
			"Every risk above the acceptable level has a decision."));
	buf_free(&risk);
}

int report_treatment_plan(json_t *data, const struct report_context *ctx, struct buf *out)
{
	const struct catalog *lang = ctx->lang;
	const char *title = i18n_gettext(lang, "Risk treatment plan");
	struct document_info info = {
		.title = title,
		.organisation = ctx->organisation,
		.date = ctx->date,
		.page_label = i18n_gettext(lang, "Page %d of %d"),
		.lang = i18n_code(lang),
	};
	struct document *doc = document_new(&info);
	if (!doc)
		return -1;
	document_heading(doc, 1, title);
	struct buf line = {0};
	buf_printf(&line, "%s · %s", ctx->organisation, ctx->date);
	document_paragraph(doc, line.data);
	buf_free(&line);
	summary_section(doc, data, lang);
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(data, "decisions"), i, d)
		decision_section(doc, data, d, lang);
	undecided_section(doc, data, lang);
	return document_finish(doc, out);
}

/* ---- the register as a workbook ------------------------------------------------------- */

enum { COLUMN_COUNT = 14 };

static const struct {
	const char *title;   /* message id */
	double width;        /* in characters */
} register_columns[COLUMN_COUNT] = {
	{N_("Asset"), 22}, {N_("Threat"), 30}, {N_("Vulnerability"), 36},
	{N_("Likelihood"), 14}, {N_("Vulnerability level"), 15}, {N_("Value"), 11},
	{N_("Level"), 12}, {N_("Decision"), 12}, {N_("Justification or party"), 36},
	{N_("Acceptance"), 22}, {N_("Measures"), 40}, {N_("Current value"), 11},
	{N_("Targeted value"), 12}, {N_("Targeted level"), 13},
};

/* The lines text takes wrapped in a column width characters wide, about
 * (readers do not all fit rows to wrapped text on opening). */
static unsigned wrapped_lines(const char *text, double width)
{
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		chars += (*p & 0xC0) != 0x80;   /* code points, not bytes */
	double per_line = width > 2 ? width - 1 : 1;
	return (unsigned)((double)chars / per_line) + 1;
}

/* Writes an integer cell, or nothing for null (not evaluated). */
static void write_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, json_t *v,
                         lxw_format *top)
{
	if (json_is_integer(v))
		worksheet_write_number(ws, row, col, (double)json_integer_value(v), top);
}

/* A level cell: the word, on the level's colour. */
static void write_level(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, json_t *value,
                        lxw_format *const *fills, lxw_format *top)
{
	const char *level = text_of(value, "level");
	lxw_format *f = strcmp(level, "low") == 0 ? fills[0]
	              : strcmp(level, "medium") == 0 ? fills[1]
	              : strcmp(level, "high") == 0 ? fills[2] : top;
	worksheet_write_string(ws, row, col, text_of(value, "label"), f);
}

static lxw_format *fill_format(lxw_workbook *wb, lxw_color_t colour)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_pattern(f, LXW_PATTERN_SOLID);
	format_set_bg_color(f, colour);
	format_set_font_color(f, LXW_COLOR_BLACK);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void write_register(lxw_workbook *wb, json_t *data, const struct report_context *ctx)
{
	const struct catalog *lang = ctx->lang;
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *header = workbook_add_format(wb);
	format_set_bold(header);
	format_set_text_wrap(header);
	format_set_align(header, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *top = workbook_add_format(wb);   /* cells of a row start at its top */
	format_set_align(top, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *fills[3] = {fill_format(wb, 0x9BD18B), fill_format(wb, 0xF8B26A),
	                        fill_format(wb, 0xF4736B)};
	for (lxw_col_t c = 0; c < COLUMN_COUNT; c++) {
		worksheet_set_column(ws, c, c, register_columns[c].width, NULL);
		worksheet_write_string(ws, 0, c, i18n_gettext(lang, register_columns[c].title), header);
	}
	worksheet_set_row(ws, 0, 30, header);   /* two lines of a wrapped title */
	worksheet_freeze_panes(ws, 1, 0);
	/* Printed: landscape, one page wide, the header row on every page. */
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);   /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	json_t *risks = json_object_get(data, "risks");
	struct buf measures = {0};
	size_t i;
	json_t *r;
	json_array_foreach(risks, i, r) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		const char *decision = text_of(r, "decision");
		worksheet_write_string(ws, row, 0, text_of(r, "asset"), top);
		worksheet_write_string(ws, row, 1, text_of(r, "threat"), wrap);
		worksheet_write_string(ws, row, 2, text_of(r, "vulnerability"), wrap);
		write_number(ws, row, 3, json_object_get(r, "likelihood"), top);
		write_number(ws, row, 4, json_object_get(r, "vuln_level"), top);
		json_t *assessed = json_object_get(r, "assessed");
		write_number(ws, row, 5, json_object_get(assessed, "value"), top);
		write_level(ws, row, 6, assessed, fills, top);
		worksheet_write_string(ws, row, 7, text_of(r, "decision_label"), top);
		worksheet_write_string(ws, row, 8, strcmp(decision, "transfer") == 0
		                       ? text_of(r, "party") : text_of(r, "justification"), wrap);
		struct buf acceptance = {0};
		const char *parts[] = {text_of(r, "acceptance_label"), text_of(r, "signed")};
		join_parts(&acceptance, ", ", parts, 2);
		worksheet_write_string(ws, row, 9, acceptance.len ? acceptance.data : "", top);
		buf_free(&acceptance);
		buf_reset(&measures);
		size_t k;
		json_t *m;
		json_array_foreach(json_object_get(r, "measures"), k, m) {
			if (k)
				buf_puts(&measures, "; ");
			buf_puts(&measures, text_of(m, "title"));
		}
		worksheet_write_string(ws, row, 10, measures.len ? measures.data : "", wrap);
		unsigned lines = 1;
		const char *wrapped[] = {text_of(r, "threat"), text_of(r, "vulnerability"),
			strcmp(decision, "transfer") == 0 ? text_of(r, "party") : text_of(r, "justification"),
			measures.len ? measures.data : ""};
		const lxw_col_t wrapped_columns[] = {1, 2, 8, 10};
		for (size_t w = 0; w < 4; w++) {
			unsigned n = wrapped_lines(wrapped[w], register_columns[wrapped_columns[w]].width);
			lines = n > lines ? n : lines;
		}
		if (lines > 1)
			worksheet_set_row(ws, row, 15.0 * (lines > 8 ? 8 : lines), NULL);
		write_number(ws, row, 11, json_object_get(json_object_get(r, "current"), "value"), top);
		json_t *targeted = json_object_get(r, "targeted");
		write_number(ws, row, 12, json_object_get(targeted, "value"), top);
		write_level(ws, row, 13, targeted, fills, top);
	}
	buf_free(&measures);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)json_array_size(risks), COLUMN_COUNT - 1);
}

/* Appends the file at path to out. */
static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[16384];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(out, chunk, n);
	int failed = ferror(f);
	fclose(f);
	return failed ? -1 : 0;
}

int report_risk_register_xlsx(json_t *data, const struct report_context *ctx, struct buf *out)
{
	/* libxlsxwriter writes a file: a private temporary one, read back. */
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/ravelin-xlsx-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook_options options = {.constant_memory = LXW_FALSE};
	lxw_workbook *wb = workbook_new_opt(path, &options);
	if (!wb) {
		unlink(path);
		return -1;
	}
	workbook_set_properties(wb, &(lxw_doc_properties){
		.title = (char *)i18n_gettext(ctx->lang, "Risk register"),
		.company = (char *)ctx->organisation,
	});
	write_register(wb, data, ctx);
	lxw_error err = workbook_close(wb);
	size_t before = out->len;
	int result = err == LXW_NO_ERROR ? read_file(path, out) : -1;
	unlink(path);
	if (result != 0 && out->data) {
		out->len = before;
		out->data[before] = '\0';
	}
	return result;
}
