/*
 * risks.c - the risk register (METHOD.md §3): one list fed by both
 * methods, the full-method risks (asset, threat, vulnerability, value on
 * the organisation's scales) and the answered "what if" questions not yet
 * carried into the full method (value on 1..16), with their levels and
 * treatment status; filters, sorting and pages of 50; the same list as
 * CSV; and the heat maps (report/heatmap.c) of both methods, inline on the
 * page and as a standalone SVG.
 *
 * Everything is computed from one risk_book_load (web/risk_book.h), so the
 * register shows each risk exactly as the other risk pages do. At 10,000
 * risks the work per request is: load the book, give each entry integer
 * sort keys (ranks of assets and threats by name, computed once for the
 * few hundred of them, not per risk), filter, qsort, and build JSON for
 * the 50 entries shown only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "report/reports.h"
#include "web/csv.h"
#include "web/handlers.h"
#include "web/risk_book.h"

#define PAGE_SIZE 50
/* A heat map bigger than this (scales an organisation stretched far
 * beyond the defaults' 5 × 14) would not be readable: it is left out. */
#define HEATMAP_MAX_CELLS 2500

/* ---- what the register accepts ------------------------------------------------ */

/* Every filter is declared as text and checked here, so that a wrong value
 * is shown next to its field (422) rather than refused as a whole (400). */
static const struct field risks_query_fields[] = {
	{"asset", FIELD_TEXT, false, 0, 20, NULL},
	{"threat", FIELD_TEXT, false, 0, 100, NULL},
	{"level", FIELD_TEXT, false, 0, 20, NULL},
	{"treatment", FIELD_TEXT, false, 0, 20, NULL},
	{"kind", FIELD_TEXT, false, 0, 20, NULL},
	{"q", FIELD_TEXT, false, 0, 100, NULL},
	{"impact", FIELD_TEXT, false, 0, 10, NULL},
	{"exposure", FIELD_TEXT, false, 0, 10, NULL},
	{"rimpact", FIELD_TEXT, false, 0, 10, NULL},
	{"rlikelihood", FIELD_TEXT, false, 0, 10, NULL},
	{"sort", FIELD_TEXT, false, 0, 20, NULL},
	{"page", FIELD_TEXT, false, 0, 10, NULL},
};
const struct form_spec risks_query_spec = {risks_query_fields, 12};

/* The levels as the query names them, indexed by enum risk_level. */
static const char *const level_names[] = {"none", "low", "medium", "high"};

enum entry_kind { KIND_FULL, KIND_WHAT_IF };
static const char *const kind_names[] = {"full", "what-if"};
static const char *const kind_labels[] = {N_("Full assessment"), N_("What if")};

/* The treatment statuses a risk can have: none yet, or the decision of
 * METHOD.md §4 (risks.treatment, set with the decision). */
static const struct {
	const char *name, *label;
} treatments[] = {
	{"untreated", N_("Not treated yet")},
	{"reduce", N_("Reduce")},
	{"accept", N_("Accept")},
	{"avoid", N_("Avoid")},
	{"transfer", N_("Transfer")},
};
#define TREATMENT_COUNT (sizeof treatments / sizeof treatments[0])

enum sort_by { SORT_VALUE, SORT_ASSET, SORT_THREAT, SORT_LEVEL, SORT_TREATMENT, SORT_COUNT };
static const char *const sort_names[SORT_COUNT] = {"value", "asset", "threat", "level",
                                                   "treatment"};
static const char *const sort_labels[SORT_COUNT] = {N_("Value, highest first"),
	N_("Asset"), N_("Threat"), N_("Level, highest first"), N_("Treatment")};

/* The register's filters, read from the query string. */
struct filter {
	int64_t asset;            /* 0: any */
	const char *threat;       /* threat id; "": any */
	int level;                /* enum risk_level; -1: any */
	int treatment;            /* index into treatments; -1: any */
	int kind;                 /* enum entry_kind; -1: any */
	const char *q;            /* as typed; "": none */
	int impact, exposure;     /* a cell of the full map; -1: none */
	int rimpact, rlikelihood; /* a cell of the what-if map; -1: none */
	enum sort_by sort;
	long page;                /* from 1 */
};

static int index_of(const char *const *names, size_t count, const char *value)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(names[i], value) == 0)
			return (int)i;
	return -1;
}

/* A whole number in [min, max] written in decimal digits only. */
static bool parse_number(const char *s, long long min, long long max, long long *out)
{
	if (!*s || strlen(s) > 9)
		return false;
	long long n = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		n = n * 10 + (*p - '0');
	}
	*out = n;
	return n >= min && n <= max;
}

/* Reads one optional number field into *out (-1 when empty). */
static void read_number(struct form *form, const char *name, long long min, long long max,
                        const char *message, long long *out)
{
	const char *text = form_value(form, name);
	*out = -1;
	if (text[0] && !parse_number(text, min, max, out)) {
		*out = -1;
		form_set_error(form, name, message);
	}
}

/* A heat-map cell is two numbers given together. */
static void read_cell(struct form *form, const char *row, const char *column, long long min,
                      long long max, int *row_out, int *column_out)
{
	long long r, c;
	read_number(form, row, min, max, N_("Choose a cell of the heat map."), &r);
	read_number(form, column, min, max, N_("Choose a cell of the heat map."), &c);
	if ((r < 0) != (c < 0) && form->valid) {
		form_set_error(form, r < 0 ? row : column, N_("Choose a cell of the heat map."));
		r = c = -1;
	}
	*row_out = (int)r;
	*column_out = (int)c;
}

static void read_choice(struct form *form, const char *name, const char *const *names,
                        size_t count, const char *message, int *out)
{
	const char *text = form_value(form, name);
	*out = text[0] ? index_of(names, count, text) : -1;
	if (text[0] && *out < 0)
		form_set_error(form, name, message);
}

/* Fills f from the validated query; false (with field errors set) if a
 * value is wrong. */
static bool read_filter(struct form *form, struct filter *f)
{
	const char *treatment_names[TREATMENT_COUNT];
	for (size_t i = 0; i < TREATMENT_COUNT; i++)
		treatment_names[i] = treatments[i].name;
	long long n;
	read_number(form, "asset", 1, 999999999, N_("Choose an asset from the list."), &n);
	f->asset = n < 0 ? 0 : n;
	f->threat = form_value(form, "threat");
	read_choice(form, "level", level_names, 4, N_("Choose a level from the list."), &f->level);
	read_choice(form, "treatment", treatment_names, TREATMENT_COUNT,
	            N_("Choose a treatment status from the list."), &f->treatment);
	read_choice(form, "kind", kind_names, 2, N_("Choose a kind from the list."), &f->kind);
	f->q = form_value(form, "q");
	read_cell(form, "impact", "exposure", 0, 999999, &f->impact, &f->exposure);
	read_cell(form, "rimpact", "rlikelihood", 1, 4, &f->rimpact, &f->rlikelihood);
	int sort;
	read_choice(form, "sort", sort_names, SORT_COUNT, N_("Choose an order from the list."),
	            &sort);
	f->sort = sort < 0 ? SORT_VALUE : (enum sort_by)sort;
	read_number(form, "page", 1, 999999, N_("Give a page number from 1."), &n);
	f->page = n < 0 ? 1 : (long)n;
	return form->valid;
}

/* The filters that show everything, for a page whose query was wrong. */
static void default_filter(struct filter *f)
{
	*f = (struct filter){.threat = "", .level = -1, .treatment = -1, .kind = -1, .q = "",
	                     .impact = -1, .exposure = -1, .rimpact = -1, .rlikelihood = -1,
	                     .sort = SORT_VALUE, .page = 1};
}

/* ---- the register's entries ------------------------------------------------------ */

/* One line of the register, with integer keys for sorting. */
struct entry {
	enum entry_kind kind;
	size_t index;           /* into book.rows or book.what_ifs */
	int value;              /* or RISK_NOT_EVALUATED */
	int value_max;          /* the top of its scale, > 0 */
	enum risk_level level;
	int treatment;          /* index into treatments; TREATMENT_COUNT if unknown */
	unsigned asset_rank;    /* by name; what-ifs after every asset */
	unsigned threat_rank;   /* by title; what-ifs after every threat */
	int64_t id;             /* the risk's id; a what-if's rank */
};

struct view {
	struct risk_book book;
	bool loaded;
	struct entry *entries;     /* every entry, then the matching ones sorted */
	size_t count, matched;
	unsigned *asset_rank;      /* per book.assets index */
	unsigned *threat_rank;     /* per kb threat index */
	unsigned *what_if_rank;    /* per book.what_ifs index */
};

static void view_free(struct view *v)
{
	if (v->loaded)
		risk_book_free(&v->book);
	free(v->entries);
	free(v->asset_rank);
	free(v->threat_rank);
	free(v->what_if_rank);
}

/* A text's sort key, or the text itself if memory runs out (the order is
 * then merely less friendly). Caller frees. */
static char *key_of(const char *text)
{
	char *key = text_sort_key(text ? text : "");
	return key ? key : strdup(text ? text : "");
}

struct keyed {
	char *key;
	size_t index;
};

static int compare_keyed(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* rank[i] = the place of text(i) in alphabetical order, from base. */
static bool rank_texts(size_t count, const char *(*text)(void *, size_t), void *context,
                       unsigned base, unsigned *rank)
{
	struct keyed *keys = calloc(count ? count : 1, sizeof *keys);
	if (!keys)
		return false;
	bool ok = true;
	for (size_t i = 0; i < count; i++) {
		keys[i] = (struct keyed){key_of(text(context, i)), i};
		ok = ok && keys[i].key;
	}
	if (ok) {
		qsort(keys, count, sizeof *keys, compare_keyed);
		for (size_t i = 0; i < count; i++)
			rank[keys[i].index] = base + (unsigned)i;
	}
	for (size_t i = 0; i < count; i++)
		free(keys[i].key);
	free(keys);
	return ok;
}

static const char *asset_name_at(void *context, size_t i)
{
	return ((struct risk_book *)context)->assets[i].name;
}

/* The book and the reader's language, for the text of an entry. */
struct text_context {
	const struct risk_book *book;
	const struct catalog *lang;
};

static const char *threat_title_at(void *context, size_t i)
{
	struct text_context *c = context;
	return kb_text(&risk_book_threat_at(c->book, i)->title, c->lang);
}

/* The question of an answered what-if in the reader's language, or its id. */
static const char *what_if_text(const struct what_if_row *w, const struct catalog *lang)
{
	return w->what_if ? kb_text(&w->what_if->question, lang) : w->answer->what_if;
}

static const char *what_if_text_at(void *context, size_t i)
{
	struct text_context *c = context;
	return what_if_text(&c->book->what_ifs[i], c->lang);
}

static int treatment_index(const char *name)
{
	for (size_t i = 0; i < TREATMENT_COUNT; i++)
		if (strcmp(treatments[i].name, name) == 0)
			return (int)i;
	return (int)TREATMENT_COUNT;
}


/* Ranks assets, threats and what-ifs by name in the reader's language. */
static bool view_rank(struct view *v, const struct catalog *lang)
{
	struct risk_book *book = &v->book;
	size_t threats = risk_book_threat_count(book);
	v->asset_rank = calloc(book->asset_count + 1, sizeof *v->asset_rank);
	v->threat_rank = calloc(threats + 1, sizeof *v->threat_rank);
	v->what_if_rank = calloc(book->answer_count + 1, sizeof *v->what_if_rank);
	if (!v->asset_rank || !v->threat_rank || !v->what_if_rank)
		return false;
	struct text_context tc = {book, lang};
	/* Unknown threats (an id the knowledge base lost) come after the known. */
	v->threat_rank[threats] = (unsigned)threats;
	return rank_texts(book->asset_count, asset_name_at, book, 0, v->asset_rank) &&
	       rank_texts(threats, threat_title_at, &tc, 0, v->threat_rank) &&
	       rank_texts(book->answer_count, what_if_text_at, &tc,
	                  (unsigned)threats + 1, v->what_if_rank);
}

/* Which unpromoted what-if answers count: those not yet carried over. */
static bool what_if_open(const struct what_if_row *w)
{
	return w->answer->promoted_at == 0;
}

/* Loads the book and makes one entry per full risk and per open what-if. */
static bool view_load(struct request *req, struct view *v)
{
	if (risk_book_load(req->store, req->org_id, &v->book) != STORE_OK)
		return false;
	v->loaded = true;
	if (!view_rank(v, req->lang))
		return false;
	struct risk_book *book = &v->book;
	const struct risk_settings *s = &book->settings;
	v->entries = calloc(book->risk_count + book->answer_count + 1, sizeof *v->entries);
	if (!v->entries)
		return false;
	int full_max = s->impact.max * s->likelihood.max * s->vulnerability.max;
	for (size_t i = 0; i < book->risk_count; i++) {
		const struct risk_row *r = &book->rows[i];
		size_t asset = (size_t)(r->asset - book->assets);   /* points into the book */
		v->entries[v->count++] = (struct entry){
			.kind = KIND_FULL, .index = i, .value = r->value,
			.value_max = full_max > 0 ? full_max : 1, .level = r->level,
			.treatment = treatment_index(r->risk->treatment),
			.asset_rank = v->asset_rank[asset],
			.threat_rank = v->threat_rank[risk_book_threat_index(&v->book, r->threat)], .id = r->risk->id};
	}
	for (size_t i = 0; i < book->answer_count; i++) {
		const struct what_if_row *w = &book->what_ifs[i];
		if (!what_if_open(w))
			continue;
		v->entries[v->count++] = (struct entry){
			.kind = KIND_WHAT_IF, .index = i, .value = w->value, .value_max = 16,
			.level = w->level, .treatment = treatment_index("untreated"),
			.asset_rank = (unsigned)book->asset_count + 1,
			.threat_rank = v->what_if_rank[i], .id = v->what_if_rank[i]};
	}
	return true;
}

/* ---- filtering ------------------------------------------------------------------------ */

/* The text search: case and accents ignored (core/text.h keys). Whether
 * each asset name, threat title and vulnerability text holds the query is
 * worked out once for the few hundred of them, not once per risk. */
struct search {
	char *key;            /* of the query; NULL: no search */
	bool *asset;          /* per book.assets index */
	bool *threat;         /* per kb threat index */
	bool *vulnerability;  /* per kb vulnerability index */
};

static bool text_has(const char *text, const char *key)
{
	char *k = key_of(text);
	bool hit = k && strstr(k, key);
	free(k);
	return hit;
}

static void search_free(struct search *s)
{
	free(s->key);
	free(s->asset);
	free(s->threat);
	free(s->vulnerability);
}

/* False if memory runs out. */
static bool search_prepare(struct search *s, const struct view *v, const char *q,
                           const struct catalog *lang)
{
	*s = (struct search){0};
	if (!q[0])
		return true;
	const struct risk_book *book = &v->book;
	size_t threats = risk_book_threat_count(book);
	size_t vulnerabilities = risk_book_vulnerability_count(book);
	s->key = key_of(q);
	s->asset = calloc(book->asset_count + 1, sizeof *s->asset);
	s->threat = calloc(threats + 1, sizeof *s->threat);
	s->vulnerability = calloc(vulnerabilities + 1, sizeof *s->vulnerability);
	if (!s->key || !s->asset || !s->threat || !s->vulnerability)
		return false;
	for (size_t i = 0; i < book->asset_count; i++)
		s->asset[i] = text_has(book->assets[i].name, s->key);
	for (size_t i = 0; i < threats; i++)
		s->threat[i] = text_has(kb_text(&risk_book_threat_at(book, i)->title, lang), s->key);
	for (size_t i = 0; i < vulnerabilities; i++)
		s->vulnerability[i] = text_has(kb_text(&risk_book_vulnerability_at(book, i)->text,
		                                       lang), s->key);
	return true;
}

/* An id the knowledge base does not know is searched as it is shown. */
static bool search_full(const struct search *s, const struct view *v, const struct risk_row *r)
{
	const struct risk_book *book = &v->book;
	return s->asset[r->asset - book->assets] ||
	       (r->threat ? s->threat[risk_book_threat_index(book, r->threat)]
	                  : text_has(r->risk->threat, s->key)) ||
	       (r->vulnerability ? s->vulnerability[risk_book_vulnerability_index(book, r->vulnerability)]
	                         : text_has(r->risk->vulnerability, s->key));
}

static bool full_matches(const struct view *v, const struct entry *e, const struct filter *f,
                         const struct search *s)
{
	const struct risk_row *r = &v->book.rows[e->index];
	if (f->asset && r->asset->id != f->asset)
		return false;
	if (f->threat[0] && strcmp(r->risk->threat, f->threat) != 0)
		return false;
	if (f->impact >= 0 && (r->value == RISK_NOT_EVALUATED || r->impact_max != f->impact ||
	                       r->exposure != f->exposure))
		return false;
	if (f->rimpact >= 0)
		return false;
	return !s->key || search_full(s, v, r);
}

/* Does the what-if stand for this threat (kb_what_if.threats)? */
static bool what_if_names(const struct what_if_row *w, const char *threat_id)
{
	size_t threat;
	if (!w->what_if || !kb_threat_find(threat_id, &threat))
		return false;
	for (size_t i = 0; i < w->what_if->threat_count; i++)
		if (w->what_if->threats[i] == threat)
			return true;
	return false;
}

/* A what-if answer has no asset; it matches a threat it stands for. */
static bool what_if_matches(const struct view *v, const struct entry *e,
                            const struct filter *f, const struct search *s,
                            const struct catalog *lang)
{
	const struct what_if_row *w = &v->book.what_ifs[e->index];
	if (f->asset || f->impact >= 0)
		return false;
	if (f->threat[0] && !what_if_names(w, f->threat))
		return false;
	if (f->rimpact >= 0 && (w->answer->impact != f->rimpact ||
	                        w->answer->likelihood != f->rlikelihood))
		return false;
	return !s->key || text_has(what_if_text(w, lang), s->key) ||
	       text_has(w->answer->measures, s->key);
}

static bool entry_matches(const struct view *v, const struct entry *e, const struct filter *f,
                          const struct search *s, const struct catalog *lang)
{
	if (f->kind >= 0 && (int)e->kind != f->kind)
		return false;
	if (f->level >= 0 && (int)e->level != f->level)
		return false;
	if (f->treatment >= 0 && e->treatment != f->treatment)
		return false;
	return e->kind == KIND_FULL ? full_matches(v, e, f, s)
	                            : what_if_matches(v, e, f, s, lang);
}

/* Moves the matching entries to the front, in their order; sets matched.
 * False if memory runs out. */
static bool view_filter(struct view *v, const struct filter *f, const struct catalog *lang)
{
	struct search s;
	bool ok = search_prepare(&s, v, f->q, lang);
	size_t kept = 0;
	for (size_t i = 0; ok && i < v->count; i++)
		if (entry_matches(v, &v->entries[i], f, &s, lang))
			v->entries[kept++] = v->entries[i];
	v->matched = kept;
	search_free(&s);
	return ok;
}

/* ---- sorting ---------------------------------------------------------------------------- */

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* Highest first, values of the two methods compared as shares of their
 * scales (12 of 16 above 40 of 80); not evaluated last. */
static int by_value_only(const struct entry *a, const struct entry *b)
{
	bool na = a->value < 0, nb = b->value < 0;
	if (na || nb)
		return CMP(na, nb);
	return CMP((long long)b->value * a->value_max, (long long)a->value * b->value_max);
}

/* The ties of every order: asset, threat, full before what-if, id. */
static int by_rest(const struct entry *a, const struct entry *b)
{
	int c = CMP(a->asset_rank, b->asset_rank);
	if (!c)
		c = CMP(a->threat_rank, b->threat_rank);
	if (!c)
		c = CMP(a->kind, b->kind);
	return c ? c : CMP(a->id, b->id);
}

static int by_value(const void *x, const void *y)
{
	int c = by_value_only(x, y);
	return c ? c : by_rest(x, y);
}

static int by_asset(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = CMP(a->asset_rank, b->asset_rank);
	return c ? c : by_value(x, y);
}

static int by_threat(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = CMP(a->threat_rank, b->threat_rank);
	return c ? c : by_value(x, y);
}

/* Highest level first, not evaluated last. */
static int by_level(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = CMP(b->level, a->level);
	return c ? c : by_value(x, y);
}

static int by_treatment(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = CMP(a->treatment, b->treatment);
	return c ? c : by_value(x, y);
}

static int (*const comparators[SORT_COUNT])(const void *, const void *) = {
	by_value, by_asset, by_threat, by_level, by_treatment};

static void view_sort(struct view *v, enum sort_by sort)
{
	qsort(v->entries, v->matched, sizeof *v->entries, comparators[sort]);
}

/* ---- texts ------------------------------------------------------------------------------- */

/* message with each %s replaced by the next of args and %% by %: safe
 * whatever a translation holds. */
static void put_message(struct buf *out, const char *message, const char *const *args,
                        size_t count)
{
	size_t used = 0;
	for (const char *p = message; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			buf_puts(out, used < count ? args[used] : "");
			used++;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			buf_putc(out, '%');
			p++;
		} else {
			buf_putc(out, *p);
		}
	}
}

/* A translated message with its %s filled, as a new JSON string. */
static json_t *message_json(struct request *req, const char *msgid, const char *const *args,
                            size_t count)
{
	struct buf b = {0};
	put_message(&b, _(req, msgid), args, count);
	json_t *s = json_string(b.data ? b.data : "");
	buf_free(&b);
	return s;
}

/* n with the reader's thousands separator: 10,000 / 10.000 / 10 000. */
static const char *format_count(const struct request *req, long long n, char out[32])
{
	const char *code = i18n_code(req->lang);
	const char *separator = !code || strcmp(code, "en") == 0 ? ","
		: strcmp(code, "fr") == 0 ? "\u202f" : ".";
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%lld", n < 0 ? 0 : n);
	size_t at = 0;
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			for (const char *s = separator; *s; s++)
				out[at++] = *s;
		out[at++] = digits[i];
	}
	out[at] = '\0';
	return out;
}

static const char *level_word(struct request *req, enum risk_level level)
{
	return _(req, risk_level_label(level));
}

static const char *threat_title(const struct risk_row *r, const struct catalog *lang)
{
	return r->threat ? kb_text(&r->threat->title, lang) : r->risk->threat;
}

static const char *vulnerability_text(const struct risk_row *r, const struct catalog *lang)
{
	return r->vulnerability ? kb_text(&r->vulnerability->text, lang) : r->risk->vulnerability;
}

static const char *treatment_label(struct request *req, const struct view *v,
                                   const struct entry *e)
{
	if (e->treatment < (int)TREATMENT_COUNT)
		return _(req, treatments[e->treatment].label);
	return v->book.rows[e->index].risk->treatment;   /* a status this build does not know */
}

/* ---- one entry as JSON --------------------------------------------------------------------- */

static json_t *number_or_null(int n)
{
	return n < 0 ? json_null() : json_integer(n);
}

static json_t *entry_json(struct request *req, const struct view *v, const struct entry *e)
{
	json_t *item = json_pack("{s:s, s:s, s:o, s:o, s:i, s:s, s:s, s:s, s:s}",
		"kind", kind_names[e->kind], "kind_label", _(req, kind_labels[e->kind]),
		"value", number_or_null(e->value), "evaluated", e->value >= 0 ? json_true() : json_false(),
		"value_max", e->value_max,
		"level", risk_level_name(e->level), "level_label", level_word(req, e->level),
		"treatment", e->treatment < (int)TREATMENT_COUNT ? treatments[e->treatment].name
		                                                  : "",
		"treatment_label", treatment_label(req, v, e));
	if (e->kind == KIND_FULL) {
		const struct risk_row *r = &v->book.rows[e->index];
		json_object_set_new(item, "id", json_integer(r->risk->id));
		json_object_set_new(item, "asset", json_pack("{s:I, s:s}",
			"id", (json_int_t)r->asset->id, "name", r->asset->name));
		json_object_set_new(item, "threat", json_pack("{s:s, s:s}",
			"id", r->risk->threat, "title", threat_title(r, req->lang)));
		json_object_set_new(item, "vulnerability", json_pack("{s:s, s:s}",
			"id", r->risk->vulnerability, "text", vulnerability_text(r, req->lang)));
		json_object_set_new(item, "impact", number_or_null(r->impact_max));
		json_object_set_new(item, "exposure", number_or_null(r->exposure));
	} else {
		const struct what_if_row *w = &v->book.what_ifs[e->index];
		json_object_set_new(item, "what_if", json_pack("{s:s, s:s, s:s}",
			"id", w->answer->what_if, "question", what_if_text(w, req->lang),
			"measures", w->answer->measures));
		json_object_set_new(item, "impact", json_integer(w->answer->impact));
		json_object_set_new(item, "likelihood", json_integer(w->answer->likelihood));
	}
	return item;
}

/* ---- links that keep the filters ------------------------------------------------------------- */

static void put_param(struct buf *b, const char *name, const char *value)
{
	if (!value || !value[0])
		return;
	buf_puts(b, b->len && b->data[b->len - 1] != '?' ? "&" : "");
	buf_puts(b, name);
	buf_putc(b, '=');
	url_encode(b, value);
}

static void put_number_param(struct buf *b, const char *name, long long n)
{
	char text[24];
	if (n < 0)
		return;
	snprintf(text, sizeof text, "%lld", n);
	put_param(b, name, text);
}

/* The register's address with the filters of f and this page. */
static json_t *register_href(const struct request *req, const struct filter *f, long page,
                             const char *suffix)
{
	struct buf b = {0};
	buf_printf(&b, "/o/%lld/risks%s?", (long long)req->org_id, suffix);
	if (f->asset)
		put_number_param(&b, "asset", f->asset);
	put_param(&b, "threat", f->threat);
	put_param(&b, "level", f->level >= 0 ? level_names[f->level] : "");
	put_param(&b, "treatment", f->treatment >= 0 ? treatments[f->treatment].name : "");
	put_param(&b, "kind", f->kind >= 0 ? kind_names[f->kind] : "");
	put_param(&b, "q", f->q);
	put_number_param(&b, "impact", f->impact);
	put_number_param(&b, "exposure", f->exposure);
	put_number_param(&b, "rimpact", f->rimpact);
	put_number_param(&b, "rlikelihood", f->rlikelihood);
	put_param(&b, "sort", f->sort != SORT_VALUE ? sort_names[f->sort] : "");
	if (page > 1)
		put_number_param(&b, "page", page);
	if (b.data[b.len - 1] == '?')
		b.data[--b.len] = '\0';
	json_t *s = json_string(b.data);
	buf_free(&b);
	return s;
}

/* ---- the heat maps ------------------------------------------------------------------------------ */

/* The exposures the scales allow (likelihood × vulnerability), ascending,
 * and the column of each product (-1 for none). Caller frees both. */
static size_t exposure_columns(const struct risk_settings *s, int **values, int **column_of)
{
	int top = s->likelihood.max * s->vulnerability.max;
	*column_of = malloc(((size_t)top + 1) * sizeof **column_of);
	*values = malloc(((size_t)top + 1) * sizeof **values);
	if (!*column_of || !*values)
		return 0;
	for (int p = 0; p <= top; p++)
		(*column_of)[p] = -1;
	for (int l = s->likelihood.min; l <= s->likelihood.max; l++)
		for (int u = s->vulnerability.min; u <= s->vulnerability.max; u++)
			(*column_of)[l * u] = 0;
	size_t count = 0;
	for (int p = 0; p <= top; p++)
		if ((*column_of)[p] == 0) {
			(*column_of)[p] = (int)count;
			(*values)[count++] = p;
		}
	return count;
}

/* The numbers of a map, for the SVG, the table and the JSON answer. */
struct map_data {
	size_t rows, columns;
	int *row_values, *column_values;
	struct heatmap_cell *cells;
	char **labels;            /* per cell, the link's name */
	char **hrefs;
	char **row_texts, **column_texts;
	int on_map, off_map;      /* risks placed; evaluated ones outside the scales,
	                             and the not evaluated */
};

static void map_free(struct map_data *m)
{
	for (size_t i = 0; m->cells && m->labels && m->hrefs && i < m->rows * m->columns; i++) {
		free(m->labels[i]);
		free(m->hrefs[i]);
	}
	for (size_t i = 0; m->row_texts && i < m->rows; i++)
		free(m->row_texts[i]);
	for (size_t i = 0; m->column_texts && i < m->columns; i++)
		free(m->column_texts[i]);
	free(m->row_values);
	free(m->column_values);
	free(m->cells);
	free(m->labels);
	free(m->hrefs);
	free(m->row_texts);
	free(m->column_texts);
}

static char *number_text(int n)
{
	struct buf b = {0};
	buf_printf(&b, "%d", n);
	return buf_steal(&b);
}

static bool map_alloc(struct map_data *m)
{
	size_t n = m->rows * m->columns;
	m->cells = calloc(n, sizeof *m->cells);
	m->labels = calloc(n, sizeof *m->labels);
	m->hrefs = calloc(n, sizeof *m->hrefs);
	m->row_texts = calloc(m->rows, sizeof *m->row_texts);
	m->column_texts = calloc(m->columns, sizeof *m->column_texts);
	if (!m->cells || !m->labels || !m->hrefs || !m->row_texts || !m->column_texts)
		return false;
	for (size_t r = 0; r < m->rows; r++)
		m->row_texts[r] = number_text(m->row_values[r]);
	for (size_t c = 0; c < m->columns; c++)
		m->column_texts[c] = number_text(m->column_values[c]);
	return true;
}

/* Links and names of the cells; level(row value, column value) decides
 * the colour. */
static void map_finish(struct request *req, struct map_data *m, const char *row_param,
                       const char *column_param, const char *one, const char *many,
                       enum risk_level (*level)(const struct risk_settings *, int, int),
                       const struct risk_settings *s)
{
	/* No row_param: a map without links (after the plan, which the
	 * register's filters do not describe). */
	for (size_t r = 0; r < m->rows; r++)
		for (size_t c = 0; c < m->columns; c++) {
			struct heatmap_cell *cell = &m->cells[r * m->columns + c];
			enum risk_level l = level(s, m->row_values[r], m->column_values[c]);
			cell->level = l == LEVEL_HIGH ? HEATMAP_HIGH
			            : l == LEVEL_MEDIUM ? HEATMAP_MEDIUM : HEATMAP_LOW;
			struct buf b = {0};
			if (row_param) {
				buf_printf(&b, "/o/%lld/risks?%s=%d&%s=%d", (long long)req->org_id,
				           row_param, m->row_values[r], column_param, m->column_values[c]);
				m->hrefs[r * m->columns + c] = buf_steal(&b);
			}
			char count[32];
			const char *args[] = {m->row_texts[r], m->column_texts[c],
			                      format_count(req, cell->count, count)};
			put_message(&b, _(req, cell->count == 1 ? one : many), args, 3);
			buf_puts(&b, " (");
			buf_puts(&b, level_word(req, l));
			buf_puts(&b, ")");
			m->labels[r * m->columns + c] = buf_steal(&b);
			cell->href = m->hrefs[r * m->columns + c];
			cell->label = m->labels[r * m->columns + c];
		}
}

static enum risk_level full_level(const struct risk_settings *s, int impact, int exposure)
{
	return risk_level_of(impact * exposure, s);
}

static enum risk_level what_if_level(const struct risk_settings *s, int impact, int likelihood)
{
	return risk_rudimentary_level(risk_rudimentary_value(impact, likelihood), s);
}

/* Where a risk stands once its treatment plan is carried out: avoided at
 * exposure 0, reduced by the planned levels, else where it is now. */
static int exposure_after(const struct risk_row *r)
{
	if (r->exposure < 0)
		return r->exposure;
	if (r->decision == DECISION_AVOID)
		return 0;
	if (r->decision != DECISION_REDUCE)
		return r->exposure;
	return r->risk->likelihood * treatment_current_vulnerability(r->risk->vuln_level,
	                                                             r->planned);
}

/* The full method's map: impact (top: the scale's max) by exposure, now
 * or, with after, once the treatment plan is carried out. False when the
 * scales make it too large (or memory runs out). */
static bool full_map(struct request *req, const struct view *v, struct map_data *m, bool after)
{
	const struct risk_settings *s = &v->book.settings;
	int *column_of = NULL;
	*m = (struct map_data){0};
	m->columns = exposure_columns(s, &m->column_values, &column_of);
	m->rows = (size_t)(s->impact.max - s->impact.min + 1);
	m->row_values = malloc(m->rows * sizeof *m->row_values);
	bool ok = m->columns && m->row_values && m->rows * m->columns <= HEATMAP_MAX_CELLS;
	if (ok) {
		for (size_t r = 0; r < m->rows; r++)
			m->row_values[r] = s->impact.max - (int)r;
		ok = map_alloc(m);
	}
	int top = s->likelihood.max * s->vulnerability.max;
	for (size_t i = 0; ok && i < v->book.risk_count; i++) {
		const struct risk_row *r = &v->book.rows[i];
		int exposure = after ? exposure_after(r) : r->exposure;
		bool placed = r->value != RISK_NOT_EVALUATED && r->impact_max >= s->impact.min &&
		              r->impact_max <= s->impact.max && exposure >= 0 &&
		              exposure <= top && column_of[exposure] >= 0;
		if (placed)
			m->cells[(size_t)(s->impact.max - r->impact_max) * m->columns +
			         (size_t)column_of[exposure]].count++;
		m->on_map += placed;
		m->off_map += !placed;
	}
	free(column_of);
	if (ok)
		map_finish(req, m, after ? NULL : "impact", "exposure",
		           N_("Impact %s, exposure %s: %s risk"),
		           N_("Impact %s, exposure %s: %s risks"), full_level, s);
	return ok;
}

/* The what-if map: impact 4..1 by likelihood 1..4, open answers only. */
static bool what_if_map(struct request *req, const struct view *v, struct map_data *m)
{
	*m = (struct map_data){.rows = 4, .columns = 4};
	m->row_values = malloc(4 * sizeof *m->row_values);
	m->column_values = malloc(4 * sizeof *m->column_values);
	if (!m->row_values || !m->column_values)
		return false;
	for (int i = 0; i < 4; i++) {
		m->row_values[i] = 4 - i;
		m->column_values[i] = i + 1;
	}
	if (!map_alloc(m))
		return false;
	for (size_t i = 0; i < v->book.answer_count; i++) {
		const struct what_if_answer *a = v->book.what_ifs[i].answer;
		if (!what_if_open(&v->book.what_ifs[i]))
			continue;
		bool placed = a->impact >= 1 && a->impact <= 4 && a->likelihood >= 1 &&
		              a->likelihood <= 4;
		if (placed)
			m->cells[(size_t)(4 - a->impact) * 4 + (size_t)(a->likelihood - 1)].count++;
		m->on_map += placed;
		m->off_map += !placed;
	}
	map_finish(req, m, "rimpact", "rlikelihood", N_("Impact %s, likelihood %s: %s answer"),
	           N_("Impact %s, likelihood %s: %s answers"), what_if_level, &v->book.settings);
	return true;
}

enum map_kind { MAP_WHAT_IF, MAP_FULL, MAP_AFTER };

static const char *map_description(struct request *req, const struct view *v,
                                   const struct map_data *m, enum map_kind kind, struct buf *out)
{
	bool full = kind != MAP_WHAT_IF;
	char on[32], off[32], low[32];
	const struct risk_settings *s = &v->book.settings;
	const char *args[] = {format_count(req, m->on_map, on), format_count(req, m->off_map, off),
	                      format_count(req, full ? s->low_max : s->rudimentary_low_max, low)};
	const char *message = full
		? N_("%s risks on the map; %s not evaluated yet are left out. Each row is an impact, "
		     "each column an exposure (threat likelihood × vulnerability). Cells below and "
		     "left of the thick line are acceptable: a value up to %s.")
		: N_("%s answered 'what if' questions on the map. Each row is an impact, each column "
		     "a likelihood. Cells below and left of the thick line are acceptable: a value up "
		     "to %s.");
	put_message(out, _(req, message), full ? args : (const char *[]){args[0], args[2]},
	            full ? 3 : 2);
	if (kind == MAP_AFTER) {
		buf_putc(out, ' ');
		buf_puts(out, _(req, "Here each risk stands where its treatment plan takes it: "
		                     "reduced by the measures chosen, avoided risks at 0."));
	}
	return out->data ? out->data : "";
}

static const char *const heatmap_level_names[] = {"low", "medium", "high"};

/* The map as a struct heatmap for report/heatmap.c. */
static void map_heatmap(struct request *req, const struct map_data *m, enum map_kind kind,
                        const char *description, struct heatmap *h)
{
	static const char *const ids[] = {"heatmap-what-if", "heatmap-full", "heatmap-after"};
	static const char *const titles[] = {N_("Heat map of the 'what if' answers"),
		N_("Heat map of the risks"), N_("Heat map after the treatment plan")};
	bool full = kind != MAP_WHAT_IF;
	const char *title = titles[kind];
	const char *column_title = full ? N_("Exposure (likelihood × vulnerability)")
	                                : N_("Likelihood");
	*h = (struct heatmap){
		.id = ids[kind],
		.title = _(req, title),
		.description = description,
		.row_title = _(req, "Impact"),
		.column_title = _(req, column_title),
		.rows = m->rows, .columns = m->columns,
		.row_labels = (const char *const *)m->row_texts,
		.column_labels = (const char *const *)m->column_texts,
		.cells = m->cells,
		.level_labels = {level_word(req, LEVEL_LOW), level_word(req, LEVEL_MEDIUM),
		                 level_word(req, LEVEL_HIGH)},
		.threshold_label = _(req, "Acceptability threshold"),
	};
}

/* {title, description, row_title, column_title, columns: [...], rows:
 * [{label, cells: [{count, level, level_label, href, label}]}], svg}: the
 * table alternative and, for pages, the SVG itself. */
static json_t *map_json(struct request *req, const struct view *v, const struct map_data *m,
                        enum map_kind kind)
{
	static const char *const kinds[] = {"what-if", "full", "after"};
	struct buf description = {0};
	struct heatmap h;
	map_heatmap(req, m, kind, map_description(req, v, m, kind, &description), &h);
	json_t *columns = json_array(), *rows = json_array();
	for (size_t c = 0; c < m->columns; c++)
		json_array_append_new(columns, json_integer(m->column_values[c]));
	for (size_t r = 0; r < m->rows; r++) {
		json_t *cells = json_array();
		for (size_t c = 0; c < m->columns; c++) {
			const struct heatmap_cell *cell = &m->cells[r * m->columns + c];
			json_array_append_new(cells, json_pack("{s:i, s:s, s:s, s:s?, s:s}",
				"count", cell->count, "level", heatmap_level_names[cell->level],
				"level_label", h.level_labels[cell->level], "href", cell->href,
				"label", cell->label));
		}
		json_array_append_new(rows, json_pack("{s:i, s:o}", "value", m->row_values[r],
		                                       "cells", cells));
	}
	json_t *map = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:o}",
		"kind", kinds[kind], "title", h.title, "description", h.description, "row_title", h.row_title,
		"column_title", h.column_title, "on_map", m->on_map, "left_out", m->off_map,
		"columns", columns, "rows", rows);
	if (!req->want_json) {
		struct buf svg = {0};
		if (heatmap_svg(&h, &svg) == 0)
			json_object_set_new(map, "svg", json_string(svg.data));
		buf_free(&svg);
	}
	buf_free(&description);
	return map;
}

/* data.heatmaps: [the full method's map, the what-if map when there are
 * open answers]; data.heatmap_too_large when the scales allow no map. */
static void put_heatmaps(struct request *req, const struct view *v)
{
	struct map_data full, after, what_if;
	json_t *maps = json_array();
	bool drawn = full_map(req, v, &full, false);
	if (drawn)
		json_array_append_new(maps, map_json(req, v, &full, MAP_FULL));
	map_free(&full);
	bool decided = false;
	for (size_t i = 0; i < v->book.risk_count; i++)
		decided |= v->book.rows[i].decision != DECISION_NONE;
	if (drawn && decided && full_map(req, v, &after, true))
		json_array_append_new(maps, map_json(req, v, &after, MAP_AFTER));
	if (drawn && decided)
		map_free(&after);
	if (what_if_map(req, v, &what_if) && what_if.on_map > 0)
		json_array_append_new(maps, map_json(req, v, &what_if, MAP_WHAT_IF));
	map_free(&what_if);
	put(req, "heatmaps", maps);
	put(req, "heatmap_too_large", json_boolean(!drawn));
}

/* ---- the page's data ----------------------------------------------------------------------------- */

static json_t *choice(const char *value, const char *label, bool selected)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected", selected);
}

/* The lists the filter form offers: assets, threats in use, levels,
 * treatments, kinds and orders. */
static json_t *choices_json(struct request *req, const struct view *v, const struct filter *f)
{
	static const enum risk_level level_order[] = {LEVEL_HIGH, LEVEL_MEDIUM, LEVEL_LOW,
	                                              LEVEL_NOT_EVALUATED};
	const struct risk_book *book = &v->book;
	json_t *assets = json_array(), *threats = json_array(), *levels = json_array(),
	       *kinds = json_array(), *sorts = json_array(), *statuses = json_array();
	for (size_t i = 0; i < book->asset_count; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)book->assets[i].id);
		json_array_append_new(assets, choice(id, book->assets[i].name,
		                                     book->assets[i].id == f->asset));
	}
	/* The threats of the organisation's risks, by title. */
	size_t count = risk_book_threat_count(book);
	bool *used = calloc(count + 1, sizeof *used);
	size_t *order = calloc(count + 1, sizeof *order);
	for (size_t i = 0; used && i < book->risk_count; i++)
		if (book->rows[i].threat)
			used[risk_book_threat_index(book, book->rows[i].threat)] = true;
	for (size_t i = 0; used && order && i < count; i++)
		order[v->threat_rank[i]] = i;
	for (size_t k = 0; used && order && k < count; k++) {
		const struct kb_threat *t = risk_book_threat_at(book, order[k]);
		if (used[order[k]])
			json_array_append_new(threats, choice(t->id, kb_text(&t->title, req->lang),
			                                      strcmp(t->id, f->threat) == 0));
	}
	free(used);
	free(order);
	for (int i = 0; i < 4; i++)
		json_array_append_new(levels, choice(level_names[level_order[i]],
		                                     level_word(req, level_order[i]),
		                                     f->level == (int)level_order[i]));
	for (size_t i = 0; i < TREATMENT_COUNT; i++)
		json_array_append_new(statuses, choice(treatments[i].name, _(req, treatments[i].label),
		                                       f->treatment == (int)i));
	for (int i = 0; i < 2; i++)
		json_array_append_new(kinds, choice(kind_names[i], _(req, kind_labels[i]),
		                                    f->kind == i));
	for (int i = 0; i < SORT_COUNT; i++)
		json_array_append_new(sorts, choice(sort_names[i], _(req, sort_labels[i]),
		                                    (int)f->sort == i));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "assets", assets, "threats", threats,
	                 "levels", levels, "treatments", statuses, "kinds", kinds, "sorts", sorts);
}

/* data.filter: the filters as read, for the form and for links. */
static json_t *filter_json(const struct filter *f)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:b, s:s, s:I, s:b}",
		"asset", (json_int_t)f->asset, "threat", f->threat,
		"level", f->level >= 0 ? level_names[f->level] : "",
		"treatment", f->treatment >= 0 ? treatments[f->treatment].name : "",
		"kind", f->kind >= 0 ? kind_names[f->kind] : "", "q", f->q,
		"impact", number_or_null(f->impact), "exposure", number_or_null(f->exposure),
		"rimpact", number_or_null(f->rimpact), "rlikelihood", number_or_null(f->rlikelihood),
		"cell", f->impact >= 0, "what_if_cell", f->rimpact >= 0,
		"sort", sort_names[f->sort], "page", (json_int_t)f->page,
		"any", f->asset || f->threat[0] || f->level >= 0 || f->treatment >= 0 ||
		       f->kind >= 0 || f->q[0] || f->impact >= 0 || f->rimpact >= 0);
}

/* data.risks (the page's entries), data.pages and the links around. */
static void put_page(struct request *req, const struct view *v, const struct filter *f)
{
	size_t pages = (v->matched + PAGE_SIZE - 1) / PAGE_SIZE;
	size_t first = (size_t)(f->page - 1) * PAGE_SIZE;
	size_t last = first + PAGE_SIZE < v->matched ? first + PAGE_SIZE : v->matched;
	json_t *items = json_array();
	for (size_t i = first; i < last; i++)
		json_array_append_new(items, entry_json(req, v, &v->entries[i]));
	put(req, "risks", items);
	char a[32], b[32], c[32];
	const char *args[] = {format_count(req, first < last ? (long long)first + 1 : 0, a),
	                      format_count(req, (long long)last, b),
	                      format_count(req, (long long)v->matched, c)};
	json_t *pager = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}",
		"page", (json_int_t)f->page, "pages", (json_int_t)pages,
		"per_page", (json_int_t)PAGE_SIZE, "first", (json_int_t)(first < last ? first + 1 : 0),
		"last", (json_int_t)last, "matched", (json_int_t)v->matched,
		"showing", message_json(req, N_("Showing %s–%s of %s"), args, 3),
		"previous", f->page > 1 ? register_href(req, f, f->page - 1 <= (long)pages ?
		                                        f->page - 1 : (long)pages, "") : json_null(),
		"next", (size_t)f->page < pages ? register_href(req, f, f->page + 1, "") : json_null(),
		"first_page", f->page > 1 ? register_href(req, f, 1, "") : json_null());
	put(req, "pager", pager);
	put(req, "total", json_integer((json_int_t)v->count));
	put(req, "csv", register_href(req, f, 1, ".csv"));
}

static void put_settings(struct request *req, const struct risk_settings *s)
{
	put(req, "settings", json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
		"impact_min", s->impact.min, "impact_max", s->impact.max,
		"likelihood_min", s->likelihood.min, "likelihood_max", s->likelihood.max,
		"vulnerability_min", s->vulnerability.min, "vulnerability_max", s->vulnerability.max,
		"low_max", s->low_max, "medium_max", s->medium_max,
		"rudimentary_low_max", s->rudimentary_low_max,
		"rudimentary_medium_max", s->rudimentary_medium_max));
}

/* Loads, filters and sorts; answers 500 and returns false on failure. */
static bool view_prepare(struct request *req, struct view *v, const struct filter *f)
{
	if (!view_load(req, v) || !view_filter(v, f, req->lang)) {
		fail(req, 500, NULL);
		return false;
	}
	view_sort(v, f->sort);
	return true;
}

/* ---- handlers ---------------------------------------------------------------------------------- */

void risks_register(struct request *req)
{
	struct filter f;
	bool valid = read_filter(&req->form, &f);
	if (!valid)
		default_filter(&f);
	struct view v = {0};
	if (!view_prepare(req, &v, &f)) {
		view_free(&v);
		return;
	}
	put_page(req, &v, &f);
	put(req, "filter", filter_json(&f));
	put(req, "choices", choices_json(req, &v, &f));
	put_settings(req, &v.book.settings);
	put_heatmaps(req, &v);
	view_free(&v);
	if (valid)
		page(req, "risks/register");
	else
		form_again(req, "risks/register");
}

/* ---- CSV (RFC 4180) ---------------------------------------------------------------------------- */

/* Fields are written by csv.c (quoting, formulas defused). */

static void csv_entry(struct request *req, const struct view *v, const struct entry *e,
                      struct buf *out)
{
	char value[16] = "", max[16];
	if (e->value >= 0)
		snprintf(value, sizeof value, "%d", e->value);
	snprintf(max, sizeof max, "%d", e->value_max);
	if (e->kind == KIND_FULL) {
		const struct risk_row *r = &v->book.rows[e->index];
		csv_field(out, r->asset->name, false);
		csv_field(out, threat_title(r, req->lang), false);
		csv_field(out, vulnerability_text(r, req->lang), false);
	} else {
		const struct what_if_row *w = &v->book.what_ifs[e->index];
		csv_field(out, "", false);
		csv_field(out, what_if_text(w, req->lang), false);
		csv_field(out, w->answer->measures, false);
	}
	csv_field(out, e->value >= 0 ? value : _(req, "not evaluated"), false);
	csv_field(out, max, false);
	csv_field(out, level_word(req, e->level), false);
	csv_field(out, treatment_label(req, v, e), false);
	csv_field(out, _(req, kind_labels[e->kind]), true);
}

void risks_csv(struct request *req)
{
	struct filter f;
	if (!read_filter(&req->form, &f)) {
		fail(req, 422, N_("The register's filters are not valid. Choose them again on the register page."));
		return;
	}
	struct view v = {0};
	if (!view_prepare(req, &v, &f)) {
		view_free(&v);
		return;
	}
	static const char *const header[] = {N_("Asset"), N_("Threat or situation"),
		N_("Vulnerability or what is already done"), N_("Value"), N_("Out of"), N_("Level"),
		N_("Treatment"), N_("Kind")};
	struct buf csv = {0};
	buf_reserve(&csv, 64 + v.matched * 160);
	csv_begin(&csv);
	for (size_t i = 0; i < 8; i++)
		csv_field(&csv, _(req, header[i]), i == 7);
	for (size_t i = 0; i < v.matched; i++)
		csv_entry(req, &v, &v.entries[i], &csv);
	view_free(&v);
	char filename[40];
	snprintf(filename, sizeof filename, "risks-%lld.csv", (long long)req->org_id);
	csv_send(req, &csv, filename);
}

/* ---- the heat map as a file ------------------------------------------------------------------- */

void risks_heatmap(struct request *req)
{
	struct view v = {0};
	struct map_data m = {0};
	if (!view_load(req, &v)) {
		view_free(&v);
		fail(req, 500, NULL);
		return;
	}
	if (!full_map(req, &v, &m, false)) {
		map_free(&m);
		view_free(&v);
		fail(req, 404, N_("The scales of this organisation are too large to draw a heat map."));
		return;
	}
	struct buf description = {0}, svg = {0};
	struct heatmap h;
	map_heatmap(req, &m, MAP_FULL, map_description(req, &v, &m, MAP_FULL, &description), &h);
	h.standalone = true;
	int made = heatmap_svg(&h, &svg);
	buf_free(&description);
	map_free(&m);
	view_free(&v);
	if (made != 0) {
		buf_free(&svg);
		fail(req, 500, NULL);
		return;
	}
	char disposition[80];
	snprintf(disposition, sizeof disposition, "inline; filename=\"risk-heat-map-%lld.svg\"",
	         (long long)req->org_id);
	add_header(req, "Content-Disposition", disposition);
	req->status = 200;
	req->content_type = "image/svg+xml; charset=utf-8";
	req->body_out_len = svg.len;
	req->body_out = buf_steal(&svg);
	req->body_out_owned = true;
}
