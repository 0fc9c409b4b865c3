/*
 * test_document.c - unit tests of the PDF document layer (src/report/)
 * through document.h. The PDFs are checked the way a reader would see
 * them: poppler's pdfinfo and pdftotext (poppler-utils) read each file
 * back for its page count, metadata, text per page and the position of
 * every word, so the tests see page breaks, repeated table headers,
 * footers, accents and margins, not just bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "report/document.h"

#define ROWS 120
#define PT_PER_MM (72.0 / 25.4)

/* LeakSanitizer reads this at exit (the hook is ignored without it):
 * fontconfig keeps pieces of its configuration, parsed once per process
 * when pango first needs fonts, until the process ends. The same line,
 * and why it names the library, is in tests/unit/lsan.supp. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static const char LONG_WORD[] =
	"Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"
	"sversicherungsmaatschappijbeveiligingsincidentmeldingsformulierenarchiefbeheer";

/* A PDF written to a temporary file, removed by pdf_file_remove. */
struct pdf_file {
	char path[64];
	int pages;
};

/* Runs a shell command and returns its standard output (the caller frees
 * it); fails the test if the command cannot run or exits non-zero. */
static char *run(const char *command)
{
	FILE *pipe = popen(command, "r");
	assert_non_null(pipe);
	struct buf out = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, pipe)) > 0)
		buf_append(&out, chunk, n);
	int status = pclose(pipe);
	if (status != 0)
		fail_msg("command failed (%d): %s", status, command);
	if (!out.data)
		buf_puts(&out, "");
	return buf_steal(&out);
}

/* Checks that pdf looks like a whole PDF file, writes it to a temporary
 * file and reads its page count with pdfinfo. */
static void pdf_file_write(const struct buf *pdf, struct pdf_file *file)
{
	assert_true(pdf->len > 100);
	assert_memory_equal(pdf->data, "%PDF-", 5);
	size_t end = pdf->len;
	while (end > 0 && (pdf->data[end - 1] == '\n' || pdf->data[end - 1] == '\r'))
		end--;
	assert_true(end >= 5);
	assert_memory_equal(pdf->data + end - 5, "%%EOF", 5);

	strcpy(file->path, "/tmp/ravelin-test-documentXXXXXX.pdf");
	int fd = mkstemps(file->path, 4);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);

	char command[128];
	snprintf(command, sizeof command, "pdfinfo %s", file->path);
	char *info = run(command);
	const char *pages = strstr(info, "\nPages:");
	assert_non_null(pages);
	file->pages = atoi(pages + strlen("\nPages:"));
	free(info);
}

static void pdf_file_remove(struct pdf_file *file)
{
	unlink(file->path);
}

/* The text of pages first..last (0: all), as pdftotext reads it. */
static char *pdf_text(const struct pdf_file *file, int first, int last)
{
	char command[160];
	if (first > 0)
		snprintf(command, sizeof command, "pdftotext -enc UTF-8 -f %d -l %d %s -", first,
		         last, file->path);
	else
		snprintf(command, sizeof command, "pdftotext -enc UTF-8 %s -", file->path);
	return run(command);
}

/* Splits pdftotext's output (pages end with a form feed) into pages;
 * returns their number. The caller frees pages[i] and pages. */
static int pdf_pages(const struct pdf_file *file, char ***pages)
{
	char *text = pdf_text(file, 0, 0);
	int count = 0;
	for (const char *p = text; (p = strchr(p, '\f')); p++)
		count++;
	*pages = calloc((size_t)count + 1, sizeof **pages);
	assert_non_null(*pages);
	char *start = text;
	for (int i = 0; i < count; i++) {
		char *end = strchr(start, '\f');
		(*pages)[i] = strndup(start, (size_t)(end - start));
		start = end + 1;
	}
	free(text);
	return count;
}

static void free_pages(char **pages, int count)
{
	for (int i = 0; i < count; i++)
		free(pages[i]);
	free(pages);
}

/* Checks that pdfinfo reports field (e.g. "Title") as value. */
static void check_info(const struct pdf_file *file, const char *field, const char *value)
{
	char command[128];
	snprintf(command, sizeof command, "pdfinfo %s", file->path);
	char *info = run(command);
	char *line = info;
	size_t field_len = strlen(field);
	while (line && !(strncmp(line, field, field_len) == 0 && line[field_len] == ':')) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (!line) {
		free(info);
		fail_msg("pdfinfo has no %s", field);
		return;
	}
	line += field_len + 1;
	line += strspn(line, " ");
	line[strcspn(line, "\n")] = '\0';
	assert_string_equal(line, value);
	free(info);
}

/* text without white space and hyphens, so that a word broken over lines
 * (with or without an inserted hyphen) reads whole again. */
static char *squeeze(const char *text)
{
	char *out = malloc(strlen(text) + 1);
	assert_non_null(out);
	char *o = out;
	for (const char *p = text; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == '\f' || *p == '-')
			continue;
		if (memcmp(p, "\xe2\x80\x90", 3) == 0) {   /* U+2010 HYPHEN */
			p += 2;
			continue;
		}
		if (memcmp(p, "\xc2\xad", 2) == 0) {       /* U+00AD SOFT HYPHEN */
			p += 1;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* Every word on every page must lie within the side margins and in one
 * of three bands: the header, the body or the footer. This is where an
 * overlong word, a clipped cell or text running into the footer shows. */
static void check_word_positions(const struct pdf_file *file)
{
	char command[160];
	snprintf(command, sizeof command, "pdftotext -bbox %s -", file->path);
	char *html = run(command);
	const double page_width = 210 * PT_PER_MM, margin = 18 * PT_PER_MM;
	int words = 0;
	for (const char *p = strstr(html, "<word "); p; p = strstr(p + 1, "<word ")) {
		double x0, y0, x1, y1;
		assert_int_equal(sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
		                        &x0, &y0, &x1, &y1), 4);
		words++;
		if (x0 < margin - 0.5 || x1 > page_width - margin + 0.5)
			fail_msg("word outside the margins at x %.1f..%.1f: %.60s", x0, x1, p);
		bool header = y1 <= 15.5 * PT_PER_MM;
		bool body = y0 >= 25 * PT_PER_MM - 1 && y1 <= 275 * PT_PER_MM + 2;
		bool footer = y0 >= 281 * PT_PER_MM && y1 <= 297 * PT_PER_MM - 8 * PT_PER_MM;
		if (!header && !body && !footer)
			fail_msg("word outside header, body and footer at y %.1f..%.1f: %.60s", y0, y1, p);
	}
	assert_true(words > 0);
	free(html);
}

static const struct document_info dutch = {
	.title = "Basismeting informatiebeveiliging",
	.organisation = "Bakkerij Van den Broeck & Zonen",
	.date = "2026-11-28",
	.page_label = "Pagina %d van %d",
	.lang = "nl",
};

/* The document with every element: headings, paragraphs in three
 * languages, a note, a figure, a bar chart, a long unbreakable word and a
 * table of ROWS rows, each row beginning with "Rnnnbegin" and ending with
 * "Rnnnend" so the tests can tell whether a row was split. */
static void build_full(struct document *doc)
{
	document_heading(doc, 1, "Overzicht van de basismeting");
	document_paragraph(doc,
		"Deze rapportage beschrijft de coördinatie van één basismeting in België. "
		"De maatregelen zijn beoordeeld door de verantwoordelijke medewerkers en de "
		"uitkomsten worden hieronder per thema samengevat, met de prioriteiten voor het "
		"komende kwartaal. Ruïne noch reünie: alle accenten moeten blijven staan.");
	document_note(doc, "Opgesteld op 28 november 2026 door de beveiligingsfunctionaris.");
	document_figure(doc, "Totaalscore", "72 %");
	document_heading(doc, 2, "Sécurité de l'information — résumé");
	document_paragraph(doc,
		"Les données à caractère personnel sont protégées par des mesures techniques et "
		"organisationnelles appropriées ; la procédure de sauvegarde a été vérifiée.");
	document_heading(doc, 3, "Gefährdungsübersicht");
	document_paragraph(doc,
		"Die Maßnahmen für die Straße und die Größe des Netzwerks müssen überprüft werden.");
	document_paragraph(doc, LONG_WORD);

	static const struct document_bar bars[] = {
		{"Toegangsbeheer", 80, "80 %"},
		{"Back-ups en herstel", 55, "55 %"},
		{"Bewustwording van medewerkers en leidinggevenden, inclusief nieuwe collega's", 30,
		 "30 %"},
		{"Patchbeheer", 100, "100 %"},
		{"Leveranciers", 0, "0 %"},
		{"Incidentrespons", 65.5, "65,5 %"},
	};
	document_heading(doc, 2, "Score per thema");
	document_bar_chart(doc, bars, sizeof bars / sizeof bars[0], 100);

	static const struct document_column columns[] = {
		{"Nummer", 0.12, ALIGN_RIGHT},
		{"Beschrijving", 0.53, ALIGN_LEFT},
		{"Toestand", 0.20, ALIGN_CENTER},
		{"Punten", 0.15, ALIGN_RIGHT},
	};
	document_heading(doc, 2, "Alle maatregelen");
	document_table_begin(doc, columns, 4);
	for (int i = 1; i <= ROWS; i++) {
		char number[16], text[400], points[16];
		snprintf(number, sizeof number, "%d", i);
		snprintf(text, sizeof text,
		         "R%03dbegin maatregel voor de beveiliging van systemen%s R%03dend", i,
		         i % 7 == 0 ? ", met een toelichting die over meerdere regels loopt omdat "
		                      "zij de achtergrond, de eigenaar en de planning beschrijft"
		                    : "",
		         i);
		snprintf(points, sizeof points, "%d,%d", i * 7 % 100, i % 10);
		const char *cells[] = {number, text, i % 3 ? "ingevoerd" : "gepland", points};
		document_table_row(doc, cells);
	}
	document_table_end(doc);
	document_paragraph(doc, "Einde van het rapport.");
}

/* The first page (1-based) whose text holds needle, or 0. */
static int page_of(char *const *pages, int count, const char *needle)
{
	for (int i = 0; i < count; i++)
		if (strstr(pages[i], needle))
			return i + 1;
	return 0;
}

static void test_full_document(void **state)
{
	(void)state;
	struct document *doc = document_new(&dutch);
	assert_non_null(doc);
	build_full(doc);
	struct buf pdf = {0};
	buf_puts(&pdf, "");   /* finish appends: what was there stays */
	assert_int_equal(document_finish(doc, &pdf), 0);
	struct pdf_file file;
	pdf_file_write(&pdf, &file);
	assert_true(file.pages >= 3);

	check_info(&file, "Title", "Basismeting informatiebeveiliging");
	check_info(&file, "Creator", "Ravelin");
	check_info(&file, "Author", "Bakkerij Van den Broeck & Zonen");
	check_info(&file, "Page size", "595.276 x 841.89 pts (A4)");

	char *all = pdf_text(&file, 0, 0);
	assert_non_null(strstr(all, "België"));
	assert_non_null(strstr(all, "coördinatie"));
	assert_non_null(strstr(all, "één"));
	assert_non_null(strstr(all, "Sécurité de l'information"));
	assert_non_null(strstr(all, "Gefährdungsübersicht"));
	assert_non_null(strstr(all, "Maßnahmen"));
	assert_non_null(strstr(all, "überprüft"));
	assert_non_null(strstr(all, "72 %"));
	assert_non_null(strstr(all, "Patchbeheer"));
	assert_non_null(strstr(all, "65,5 %"));
	assert_non_null(strstr(all, "R120end"));
	assert_non_null(strstr(all, "Einde van het rapport."));
	char *squeezed = squeeze(all);
	assert_non_null(strstr(squeezed, LONG_WORD));
	free(squeezed);
	free(all);

	/* Page by page: furniture on each, the header row on every page with
	 * rows, every row whole on one page, rows in order. */
	char **pages;
	assert_int_equal(pdf_pages(&file, &pages), file.pages);
	for (int p = 1; p <= file.pages; p++) {
		char label[64];
		snprintf(label, sizeof label, "Pagina %d van %d", p, file.pages);
		assert_non_null(strstr(pages[p - 1], label));
		assert_non_null(strstr(pages[p - 1], "Basismeting informatiebeveiliging"));
		assert_non_null(strstr(pages[p - 1], "Bakkerij Van den Broeck & Zonen"));
		assert_non_null(strstr(pages[p - 1], "2026-11-28"));
	}
	int previous = 0, pages_with_rows = 0;
	for (int i = 1; i <= ROWS; i++) {
		char begin[16], end[16];
		snprintf(begin, sizeof begin, "R%03dbegin", i);
		snprintf(end, sizeof end, "R%03dend", i);
		int page = page_of(pages, file.pages, begin);
		assert_true(page > 0);
		assert_int_equal(page_of(pages, file.pages, end), page);
		assert_true(page >= previous);
		if (page != previous) {
			pages_with_rows++;
			assert_non_null(strstr(pages[page - 1], "Beschrijving"));
			assert_non_null(strstr(pages[page - 1], "Punten"));
		}
		previous = page;
	}
	assert_true(pages_with_rows >= 3);
	char *second = pdf_text(&file, 2, 2);   /* the table reaches page 2 */
	assert_non_null(strstr(second, "Nummer"));
	assert_non_null(strstr(second, "Beschrijving"));
	assert_non_null(strstr(second, "Toestand"));
	free(second);
	free_pages(pages, file.pages);

	check_word_positions(&file);
	/* The headings became bookmarks. */
	assert_non_null(memmem(pdf.data, pdf.len, "/Outlines", 9));
	pdf_file_remove(&file);
	buf_free(&pdf);
}

/* Headings are never the last thing on a page: whatever the amount of
 * text above, a heading lands on the page of the table header and first
 * row, or of the first lines of the paragraph, that follow it. */
static void test_heading_kept_with_next(void **state)
{
	(void)state;
	static const struct document_column columns[] = {{"Tabelkop", 1, ALIGN_LEFT}};
	for (int filler = 26; filler <= 40; filler++) {
		for (int variant = 0; variant < 3; variant++) {
			struct document *doc = document_new(&dutch);
			for (int i = 0; i < filler; i++)
				document_paragraph(doc, "Vulregel.");
			document_heading(doc, 1, "Hoofdstukkop");
			document_heading(doc, 2, "Kopregel");
			if (variant == 0) {
				document_table_begin(doc, columns, 1);
				const char *row[] = {"Eerste rij\nmet twee regels"};
				document_table_row(doc, row);
				document_table_end(doc);
			} else if (variant == 1) {
				document_paragraph(doc, "Alinea begint hier en loopt door over meerdere "
				                        "regels zodat zij over een pagina kan breken, "
				                        "wat met een heel lange zin als deze ook zeker "
				                        "gebeurt wanneer zij onderaan een pagina komt te "
				                        "staan, en nog wat verder, en nog een regel.");
			} else {
				document_figure(doc, "Score", "Cijfer 42");
			}
			struct buf pdf = {0};
			assert_int_equal(document_finish(doc, &pdf), 0);
			struct pdf_file file;
			pdf_file_write(&pdf, &file);
			char **pages;
			int count = pdf_pages(&file, &pages);
			assert_int_equal(count, file.pages);
			const char *next = variant == 0 ? "Eerste rij" : variant == 1 ? "Alinea begint" : "Cijfer 42";
			int page = page_of(pages, count, "Hoofdstukkop");
			assert_true(page > 0);
			assert_int_equal(page_of(pages, count, "Kopregel"), page);
			assert_int_equal(page_of(pages, count, next), page);
			if (variant == 0)
				assert_int_equal(page_of(pages, count, "Tabelkop"), page);
			free_pages(pages, count);
			pdf_file_remove(&file);
			buf_free(&pdf);
		}
	}
}

/* A document without content is still one proper page with furniture. */
static void test_empty_document(void **state)
{
	(void)state;
	struct document_info info = {"Leeg", "Org", "2026-01-02", "Page %d of %d", "en"};
	struct document *doc = document_new(&info);
	assert_non_null(doc);
	struct buf pdf = {0};
	assert_int_equal(document_finish(doc, &pdf), 0);
	struct pdf_file file;
	pdf_file_write(&pdf, &file);
	assert_int_equal(file.pages, 1);
	char *text = pdf_text(&file, 0, 0);
	assert_non_null(strstr(text, "Page 1 of 1"));
	assert_non_null(strstr(text, "Leeg"));
	free(text);
	pdf_file_remove(&file);
	buf_free(&pdf);
}

/* Bytes already in the buffer are kept; the PDF comes after them. */
static void test_finish_appends(void **state)
{
	(void)state;
	struct buf out = {0};
	buf_puts(&out, "before");
	struct document *doc = document_new(&dutch);
	document_paragraph(doc, "x");
	assert_int_equal(document_finish(doc, &out), 0);
	assert_memory_equal(out.data, "before%PDF-", 11);
	buf_free(&out);
	assert_int_equal(document_finish(NULL, &out), -1);
}

/* Freed half-way (an open table, several pages): nothing may leak, which
 * the sanitizer build checks. */
static void test_free_without_finish(void **state)
{
	(void)state;
	struct document *doc = document_new(&dutch);
	assert_non_null(doc);
	build_full(doc);
	static const struct document_column columns[] = {{"A", 0.5, ALIGN_LEFT}, {"B", 0.5, ALIGN_RIGHT}};
	document_table_begin(doc, columns, 2);
	const char *cells[] = {"a", "b"};
	document_table_row(doc, cells);
	document_free(doc);
	document_free(NULL);
}

/* A row taller than a page is split between lines, the header row above
 * each piece; the rows around it stay whole. */
static void test_row_taller_than_page(void **state)
{
	(void)state;
	struct buf tall = {0};
	for (int i = 1; i <= 150; i++)
		buf_printf(&tall, "lijn-%03d\n", i);
	static const struct document_column columns[] = {
		{"Kolomkop", 0.7, ALIGN_LEFT},
		{"Waarde", 0.3, ALIGN_RIGHT},
	};
	struct document *doc = document_new(&dutch);
	document_paragraph(doc, "Inleiding.");
	document_table_begin(doc, columns, 2);
	const char *before[] = {"voor-begin\nvoor-end", "1"};
	const char *row[] = {tall.data, "2"};
	const char *after[] = {"na-begin\nna-end", "3"};
	document_table_row(doc, before);
	document_table_row(doc, row);
	document_table_row(doc, after);
	document_table_end(doc);
	struct buf pdf = {0};
	assert_int_equal(document_finish(doc, &pdf), 0);
	struct pdf_file file;
	pdf_file_write(&pdf, &file);
	assert_true(file.pages >= 3);
	char *first = pdf_text(&file, 1, 1);
	assert_non_null(strstr(first, "voor-begin"));
	assert_non_null(strstr(first, "voor-end"));
	assert_non_null(strstr(first, "lijn-001"));   /* split, not moved */
	free(first);
	for (int p = 1; p <= file.pages; p++) {
		char *text = pdf_text(&file, p, p);
		assert_non_null(strstr(text, "Kolomkop"));
		free(text);
	}
	char *all = pdf_text(&file, 0, 0);
	for (int i = 1; i <= 150; i++) {
		char line[16];
		snprintf(line, sizeof line, "lijn-%03d", i);
		assert_non_null(strstr(all, line));
	}
	char *na = strstr(all, "na-begin");
	assert_non_null(na);
	assert_non_null(strstr(na, "na-end"));
	free(all);
	check_word_positions(&file);
	pdf_file_remove(&file);
	buf_free(&pdf);
	buf_free(&tall);
}

/* Bad input from a careless report or a hostile import: invalid UTF-8,
 * NULL strings, out-of-range levels, rows outside tables, odd chart
 * values, a page label with printf directives, markup-like text. */
static void test_bad_input(void **state)
{
	(void)state;
	struct document_info info = {NULL, NULL, NULL, "Blad %d/%d %s %n %%", NULL};
	struct document *doc = document_new(&info);
	assert_non_null(doc);
	document_heading(doc, 0, "level zero");
	document_heading(doc, 9, NULL);
	document_paragraph(doc, NULL);
	document_paragraph(doc, "bad \xff\xfe utf-8 \xc3");
	document_paragraph(doc, "<b>not bold</b> &amp; <span>");
	document_note(doc, "");
	document_figure(doc, NULL, NULL);
	const char *cells[] = {"x"};
	document_table_row(doc, cells);           /* no table: ignored */
	document_table_end(doc);
	document_table_begin(doc, NULL, 0);
	document_table_row(doc, cells);
	static const struct document_column columns[] = {{NULL, -1, ALIGN_LEFT}, {"B", 0, ALIGN_RIGHT}};
	document_table_begin(doc, columns, 2);
	document_table_row(doc, NULL);
	const char *null_cells[] = {NULL, NULL};
	document_table_row(doc, null_cells);
	/* no table_end: finish closes it */
	const struct document_bar bars[] = {
		{"negative", -5, "-5"}, {"nan", NAN, "?"}, {NULL, 1e308, NULL}, {"tiny", 3, "3"}};
	document_bar_chart(doc, bars, 4, 0);
	document_bar_chart(doc, bars, 4, -1);
	document_bar_chart(doc, bars, 4, 1e-320);
	document_bar_chart(doc, NULL, 3, 10);
	document_bar_chart(doc, bars, 0, 10);
	document_heading(NULL, 1, "x");
	document_paragraph(NULL, "x");
	document_table_row(NULL, cells);
	struct buf pdf = {0};
	assert_int_equal(document_finish(doc, &pdf), 0);
	struct pdf_file file;
	pdf_file_write(&pdf, &file);
	char *text = pdf_text(&file, 0, 0);
	assert_non_null(strstr(text, "Blad 1/1 %s %n %"));
	assert_non_null(strstr(text, "<b>not bold</b> &amp; <span>"));
	assert_non_null(strstr(text, "utf-8"));
	free(text);
	check_word_positions(&file);
	pdf_file_remove(&file);
	buf_free(&pdf);
}

/* Several threads make documents at once, as web workers will. */
static void *make_documents(void *arg)
{
	int *ok = arg;
	*ok = 1;
	for (int i = 0; i < 3; i++) {
		struct document *doc = document_new(&dutch);
		if (!doc) {
			*ok = 0;
			continue;
		}
		build_full(doc);
		struct buf pdf = {0};
		if (document_finish(doc, &pdf) != 0 || pdf.len < 1000 ||
		    memcmp(pdf.data, "%PDF-", 5) != 0)
			*ok = 0;
		buf_free(&pdf);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	enum { THREADS = 4 };
	pthread_t threads[THREADS];
	int ok[THREADS];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, make_documents, &ok[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(ok[i], 1);
	}
}

int main(int argc, char **argv)
{
	/* GLib 2.74 hands GObjects out of its slice allocator, which keeps them
	 * reachable: only with plain malloc can LeakSanitizer see a layout or
	 * font map this layer forgot to unref. GLib reads G_SLICE before main,
	 * so the program starts itself again with it set. */
	(void)argc;
	if (!getenv("G_SLICE")) {
		setenv("G_SLICE", "always-malloc", 1);
		execv("/proc/self/exe", argv);
		/* no /proc: run as we are, only leak checks are weaker */
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_document),
		cmocka_unit_test(test_heading_kept_with_next),
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_finish_appends),
		cmocka_unit_test(test_free_without_finish),
		cmocka_unit_test(test_row_taller_than_page),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
