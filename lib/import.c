/*
 * import.c - generic evidence import (long and wide) and the normalising of
 * the roster, objectives and activities tables.
 */
#include "import.h"
#include "date.h"
#include "intern.h"
#include "num.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Output columns of a long import: canonical ones present, then extras. */
struct layout {
	int canon[EV_NCOLS];	/* 1 when written */
	int have[EV_NCOLS];	/* 1 when this input has it */
	long *extra;		/* input columns passed through; -1: the
				 * first input's column this one lacks,
				 * written empty */
	size_t nextra;
};

/* Table columns a normalised table can have (the longest spec, plus one). */
#define NORM_MAXCOLS 16

/*
 * The columns the first input of a run was written under: which canonical
 * (or, for --table, spec) columns, and the names of the columns passed
 * through as they were in that input.  Later inputs are matched to it by
 * name, so that every row stands under its own header.
 */
/* The ids a --table run wrote, over every input, and where each was. */
struct seen_ids {
	struct intern *ids, *files;
	struct id_at {
		long line;
		uint32_t file;
	} *at;
	size_t cap;
};

struct import_head {
	int canon[EV_NCOLS > NORM_MAXCOLS ? EV_NCOLS : NORM_MAXCOLS];
	char **extra;
	size_t nextra;
	char *file;
	struct seen_ids seen;
};

static void
seen_free(struct seen_ids *s)
{
	intern_free(s->ids);
	intern_free(s->files);
	free(s->at);
	memset(s, 0, sizeof *s);
}

/* Adds the id of t's current record: 1, or 0 with where it was first in
 * why when it was seen before. */
static int
seen_add(struct seen_ids *s, const struct table *t, const char *id,
    size_t len, const char *what, char *why, size_t whysize)
{
	size_t before;
	uint32_t k, f;

	if (s->ids == NULL) {
		s->ids = intern_new();
		s->files = intern_new();
	}
	before = intern_count(s->ids);
	k = intern_add(s->ids, id, len);
	f = intern_add(s->files, table_name(t), strlen(table_name(t)));
	if (intern_count(s->ids) == before) {
		if (s->at[k].file == f)
			snprintf(why, whysize, "duplicate %s \"%.*s\" (first on "
			    "line %ld)", what, (int)(len > 40 ? 40 : len), id,
			    s->at[k].line);
		else
			snprintf(why, whysize, "duplicate %s \"%.*s\" (first in "
			    "%.100s, line %ld)", what, (int)(len > 40 ? 40 : len),
			    id, intern_str(s->files, s->at[k].file),
			    s->at[k].line);
		return 0;
	}
	s->at = xgrow(s->at, &s->cap, (size_t)k + 1, sizeof *s->at);
	s->at[k].line = table_line(t);
	s->at[k].file = f;
	return 1;
}

void
import_stats_free(struct import_stats *st)
{
	size_t i;

	if (st->head == NULL)
		return;
	for (i = 0; i < st->head->nextra; i++)
		free(st->head->extra[i]);
	free(st->head->extra);
	free(st->head->file);
	seen_free(&st->head->seen);
	free(st->head);
	st->head = NULL;
}

/* Keeps the columns of the first input t: canon[0..ncanon) and the
 * passed-through input columns extra[0..nextra). */
static void
head_keep(struct import_stats *st, const struct table *t, const int *canon,
    size_t ncanon, const long *extra, size_t nextra)
{
	struct import_head *h;
	size_t i;

	import_stats_free(st);
	h = xcalloc(1, sizeof *h);
	memcpy(h->canon, canon, ncanon * sizeof *canon);
	h->extra = xcalloc(nextra + 1, sizeof *h->extra);
	for (i = 0; i < nextra; i++)
		h->extra[i] = xstrdup(table_colname(t, (size_t)extra[i]));
	h->nextra = nextra;
	h->file = xstrdup(table_name(t));
	st->head = h;
}

/*
 * Matches a later input t to the first input's columns: has[i] (the
 * canonical or spec columns t has, named names[i]) must be among the
 * first's, and each column t passes through, extra[0..*nextra), must be
 * one the first passed through.  On success extra is rewritten to hold,
 * for each of the first input's extra columns, t's column of that name or
 * -1 (written empty), and *nextra is their count.  Returns 0, or -1 with
 * err set (status 2) naming the column.
 */
static int
head_match(const struct import_head *h, const struct table *t,
    const int *has, const char *const *names, size_t n, long **extra,
    size_t *nextra, struct pl_err *err)
{
	const char *bad = NULL;
	long *map;
	size_t i, j;

	for (i = 0; i < n && bad == NULL; i++)
		if (has[i] && !h->canon[i])
			bad = names[i];
	for (i = 0; i < *nextra && bad == NULL; i++) {
		const char *col = table_colname(t, (size_t)(*extra)[i]);

		for (j = 0; j < h->nextra; j++)
			if (util_strcaseeq(col, h->extra[j]))
				break;
		if (j == h->nextra)
			bad = col;
	}
	if (bad != NULL) {
		pl_err_set(err, table_name(t), 0, PL_EXIT_USAGE, "column \"%s\" "
		    "is not in the first input's header (%s): give every input "
		    "the same columns, or import them separately", bad, h->file);
		return -1;
	}
	map = xcalloc(h->nextra + 1, sizeof *map);
	for (j = 0; j < h->nextra; j++) {
		map[j] = -1;
		for (i = 0; i < *nextra; i++)
			if (util_strcaseeq(table_colname(t, (size_t)(*extra)[i]),
			    h->extra[j]))
				map[j] = (*extra)[i];
	}
	free(*extra);
	*extra = map;
	*nextra = h->nextra;
	return 0;
}

static void
note_over_max(struct import_stats *st, const struct table *t)
{
	if (st->over_max++ == 0)
		st->first_over_max = table_line(t);
}

int
import_score_range(struct import_stats *st, const struct table *t,
    const char *what, double v, double max, char *why, size_t whysize)
{
	char m[NUM_BUFSIZE];

	/* As evidence_parse bounds it: what pl-progress will take. */
	if (!(max <= EVIDENCE_MAX_VALUE)) {
		num_format(max, m);
		snprintf(why, whysize, "%s: maximum %s is over 1e15", what, m);
		return -1;
	}
	if (v > 10 * max) {
		/* %g: a maximum of 1e-308 would read 0 in fixed decimals. */
		snprintf(why, whysize, "%s: score is more than ten times its "
		    "maximum %.15g", what, max);
		return -1;
	}
	if (v > max)
		note_over_max(st, t);
	return 0;
}

static void
write_row(struct table_writer *w, const struct layout *l,
    const struct evidence_row *r, const struct table *t)
{
	size_t i, len;
	const char *s;

	table_put(w, r->student, r->student_len);
	table_put(w, r->objective, r->objective_len);
	table_put_date(w, r->date);
	table_put_num(w, r->points);
	table_put_num(w, r->max);
	if (l->canon[EV_SEQ]) {
		if (l->have[EV_SEQ])
			table_put_num(w, r->seq);
		else
			table_put(w, "", 0);
	}
	if (l->canon[EV_ITEM])
		table_put(w, r->item, r->item_len);
	if (l->canon[EV_KIND])
		table_put(w, r->kind, r->kind_len);
	if (l->canon[EV_WEIGHT])
		table_put_num(w, r->weight);
	if (l->canon[EV_CORRECT]) {
		if (r->correct < 0)
			table_put(w, "", 0);
		else
			table_put_bool(w, r->correct);
	}
	if (l->canon[EV_SOURCE])
		table_put(w, r->source, r->source_len);
	for (i = 0; i < l->nextra; i++) {
		if (l->extra[i] < 0) {
			table_put(w, "", 0);
			continue;
		}
		s = table_field(t, (size_t)l->extra[i], &len);
		table_put(w, s, len);
	}
	table_endrow(w);
}

/* Adds s[0..n) to used, in ASCII lower case; 1 when it was there. */
static int
name_taken(struct intern *used, const char *s, size_t n, char **buf,
    size_t *cap)
{
	size_t i, before = intern_count(used);

	*buf = xgrow(*buf, cap, n + 1, 1);
	for (i = 0; i < n; i++)
		(*buf)[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' +
		    'a' : s[i]);
	intern_add(used, *buf, n);
	return intern_count(used) == before;
}

/*
 * Writes the header cells of the input columns passed through, each under
 * its own name unless a canonical column or an earlier column is called
 * that (ignoring case), as when --map fills objective_id from another
 * column and the input has an objective_id too: then "input_" goes before
 * the name until it is free.  The output reads back with one column of
 * each name, and nothing is lost.
 */
static void
put_extra_names(struct table_writer *w, const struct table *t,
    const long *extra, size_t nextra, const char *const *canon,
    size_t ncanon)
{
	struct intern *used = intern_new();
	char *name = NULL, *low = NULL;
	unsigned char *keep = xcalloc(nextra + 1, 1);
	size_t i, name_cap = 0, low_cap = 0;

	for (i = 0; i < ncanon; i++)
		name_taken(used, canon[i], strlen(canon[i]), &low, &low_cap);
	/* Names free as they are stay; only the others change. */
	for (i = 0; i < nextra; i++) {
		const char *col = table_colname(t, (size_t)extra[i]);

		keep[i] = !name_taken(used, col, strlen(col), &low, &low_cap);
	}
	for (i = 0; i < nextra; i++) {
		const char *col = table_colname(t, (size_t)extra[i]);
		size_t n = strlen(col);

		name = xgrow(name, &name_cap, n + 1, 1);
		memcpy(name, col, n + 1);
		while (!keep[i] && name_taken(used, name, n, &low, &low_cap)) {
			name = xgrow(name, &name_cap, n + 7, 1);
			memmove(name + 6, name, n + 1);
			memcpy(name, "input_", 6);
			n += 6;
		}
		table_put(w, name, n);
	}
	free(keep);
	free(name);
	free(low);
	intern_free(used);
}

static void
write_header(struct table_writer *w, const struct layout *l,
    const struct table *t)
{
	size_t i;

	for (i = 0; i < EV_NCOLS; i++)
		if (l->canon[i])
			table_puts(w, evidence_names[i]);
	put_extra_names(w, t, l->extra, l->nextra, evidence_names, EV_NCOLS);
	table_endrow(w);
}

/*
 * Names of identity columns a wide gradebook carries beside the scores,
 * compared in lower case without blanks and punctuation, so that "E-mail",
 * "Email Address", "grade_level" and "User Name" match.
 */
static int
identity_column(const char *name)
{
	static const char *const names[] = {
		"name", "student", "studentname", "firstname", "lastname",
		"givenname", "familyname", "preferredname", "sortablename",
		"fullname", "section", "email", "emailaddress", "login",
		"loginid", "username", "id", "userid", "studentid",
		"studentnumber", "sisid", "sisuserid", "sisloginid",
		"studentsisid", "integrationid", "grade", "gradelevel", "class",
		"period", "homeroom", "total", "finalscore", "finalgrade",
		"currentscore", "currentgrade", "unpostedfinalscore", "average",
	};
	char key[64];
	size_t i, n = 0;

	for (; *name != '\0'; name++) {
		char ch = *name;

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
			continue;
		if (n + 1 >= sizeof key)
			return 0;
		key[n++] = ch;
	}
	key[n] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(key, names[i]) == 0)
			return 1;
	return 0;
}

static int
import_long(struct table *t, struct table_writer *w,
    const struct import_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	struct evidence_cols c;
	struct layout l;
	struct evidence_row r;
	struct evidence_opts ev = o->ev;
	size_t i, j;
	int rc, over, plain;
	const char *kind, *problem;
	char why[256];

	/* An export's ids may be written ="00123" to keep their zeros. */
	ev.text_formulas = 1;
	memset(&l, 0, sizeof l);
	if (evidence_find(t, o->map, &ev, &c, err) != 0)
		return -1;
	for (i = 0; i < EV_NCOLS; i++) {
		l.have[i] = c.idx[i] >= 0;
		/* student_id .. max_score are always written. */
		l.canon[i] = i <= EV_MAX || l.have[i];
	}
	l.extra = xcalloc(table_ncols(t) + 1, sizeof *l.extra);
	for (i = 0; i < table_ncols(t); i++) {
		int used = 0;

		for (j = 0; j < EV_NCOLS; j++)
			if (c.idx[j] == (long)i)
				used = 1;
		if (!used)
			l.extra[l.nextra++] = (long)i;
	}
	if (!header_done) {
		write_header(w, &l, t);
		head_keep(st, t, l.canon, EV_NCOLS, l.extra, l.nextra);
	} else if (st->head != NULL) {
		if (head_match(st->head, t, l.have, evidence_names, EV_NCOLS,
		    &l.extra, &l.nextra, err) != 0)
			goto fail;
		memcpy(l.canon, st->head->canon, sizeof l.canon);
	}
	plain = evidence_plain_cols(&c);
	while ((rc = table_next(t, err)) == 1) {
		st->records++;
		if ((problem = table_problem(t)) != NULL) {
			if (reject_row(rj, t, table_problem_kind(t), problem, err))
				goto fail;
			continue;
		}
		if (plain && evidence_parse_plain(t, &c, &ev, &r)) {
			over = r.points > r.max;
		} else {
			switch (evidence_parse(t, &c, &ev, &r, &over, &kind,
			    why, sizeof why)) {
			case EVIDENCE_NONE:
				st->no_evidence++;
				continue;
			case EVIDENCE_BAD:
				if (reject_row(rj, t, kind, why, err))
					goto fail;
				continue;
			case EVIDENCE_OK:
				break;
			}
		}
		if (over)
			note_over_max(st, t);
		write_row(w, &l, &r, t);
		st->written++;
	}
	if (rc < 0)
		goto fail;
	free(l.extra);
	return 0;
fail:
	free(l.extra);
	return -1;
}

/* One score column of a wide gradebook. */
struct item_col {
	struct import_item it;	/* item: the header, numbered when repeated */
	char *own;		/* the numbered header, when it is one */
	int aligned_max;	/* --align gave it.max */
};

/* Items' own names and the array. */
static void
free_items(struct item_col *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(items[i].own);
	free(items);
}

/* A header that is a spreadsheet's text formula (="Quiz 1") as the text
 * it shows, unwrapped as table_text unwraps a cell, in a new string; NULL
 * when it is none. */
static char *
header_text(const char *h)
{
	size_t n = strlen(h), m;
	const char *s = util_trim(h, &n);
	char *copy, *p;

	if (!table_formula_text(s, n, NULL, &m))
		return NULL;
	copy = xstrndup(s, n);
	p = table_unwrap_text(copy, &n);
	memmove(copy, p, n);
	copy[n] = '\0';
	return copy;
}

char *
import_repeat_name(const struct table *t, size_t i, const char *name)
{
	size_t j, same = 0, size;
	char *numbered;

	for (j = 0; j < i; j++)
		if (util_strcaseeq(table_colname(t, j), name))
			same++;
	if (same == 0)
		return NULL;
	size = strlen(name) + 24;
	numbered = xmalloc(size);
	snprintf(numbered, size, "%s #%zu", name, same + 1);
	return numbered;
}

void
import_unaligned(struct import_stats *st, const char *name)
{
	size_t len = strlen(st->unaligned_names);

	if (st->unaligned++ < 8 && len < sizeof st->unaligned_names - 4)
		snprintf(st->unaligned_names + len,
		    sizeof st->unaligned_names - len, "%s\"%s\"",
		    len ? ", " : "", name);
}

/* Adds the name of an identity column to the list names (size size) of
 * the first six. */
static void
note_identity(char *names, size_t size, size_t *n, const char *name)
{
	size_t len = strlen(names);

	if ((*n)++ < 6 && len + 8 < size)
		snprintf(names + len, size - len, "%s\"%.24s\"",
		    len ? ", " : "", name);
}

/*
 * Settles item name (column idx of a wide table): with --align it must be
 * aligned (else it is counted unaligned and 0 returned), and takes its
 * objective and maximum from there; without, it is its own objective.
 */
int
import_item_align(const struct import_opts *o, struct import_stats *st,
    const char *name, long idx, struct import_item *it)
{
	it->idx = idx;
	it->item = name;
	it->objective = name;
	it->max = 0;
	if (o->align != NULL) {
		long a = align_find(o->align, name, strlen(name));

		if (a < 0) {
			import_unaligned(st, name);
			return 0;
		}
		align_use((struct align *)o->align, a);
		it->objective = align_objective(o->align, a);
		it->max = align_max(o->align, a);
	}
	return 1;
}

int
import_item_cell(struct table *t, struct table_writer *w,
    const struct import_opts *o, const struct import_item *it,
    const char *stu, size_t slen, int32_t date, const char *source,
    struct reject *rj, struct import_stats *st, struct pl_err *err)
{
	size_t len;
	const char *cell = table_field(t, (size_t)it->idx, &len);
	double v, max = 0;
	char why[320], what[224];

	switch (score_parse(cell, len, o->ev.decimal_comma, &v, &max)) {
	case SCORE_NONE:
		st->no_evidence++;
		return 0;
	case SCORE_BAD:
		cell = util_trim(cell, &len);
		snprintf(why, sizeof why,
		    "column \"%s\": score \"%.*s\" is not a number",
		    it->item, (int)(len > 40 ? 40 : len), cell);
		return reject_cell(rj, t, "bad score", why, err);
	case SCORE_OK:
		break;
	}
	if (max == 0)
		max = it->max > 0 ? it->max : o->ev.max_score > 0 ?
		    o->ev.max_score : v <= 1 ? 1 : 0;
	if (max == 0 || v < 0) {
		snprintf(why, sizeof why, v < 0 ?
		    "column \"%s\": score is negative" :
		    "column \"%s\": score is over 1 and there is "
		    "no max_score (give --max-score or --align)", it->item);
		return reject_cell(rj, t, v < 0 ? "bad score" : "no max_score",
		    why, err);
	}
	snprintf(what, sizeof what, "column \"%.200s\"", it->item);
	if (import_score_range(st, t, what, v, max, why, sizeof why) != 0)
		return reject_cell(rj, t, "bad score", why, err);
	table_put(w, stu, slen);
	table_puts(w, it->objective);
	table_put_date(w, date);
	table_put_num(w, v + 0.0);
	table_put_num(w, max);
	table_puts(w, it->item);
	if (source != NULL)
		table_puts(w, source);
	table_endrow(w);
	st->written++;
	return 0;
}

/* 1 when the first cell of t's current record is label (--points-row). */
static int
points_row(struct table *t, const char *label)
{
	size_t len;
	const char *s = util_trim(table_text(t, 0, &len), &len);

	return util_strncaseeq(s, len, label) && strlen(label) == len;
}

/* The points row: each item's maximum, where --align gave none and its
 * cell is a number over 0 (others, such as "(read only)", give none). */
static void
take_points(struct table *t, struct item_col *items, size_t n,
    int decimal_comma)
{
	size_t j, len;

	for (j = 0; j < n; j++) {
		const char *cell = table_field(t, (size_t)items[j].it.idx, &len);
		double v, max = 0;

		if (items[j].aligned_max)
			continue;
		if (score_parse(cell, len, decimal_comma, &v, &max) ==
		    SCORE_OK && max == 0 && v > 0 && v <= EVIDENCE_MAX_VALUE)
			items[j].it.max = v;
	}
}

static int
import_wide(struct table *t, struct table_writer *w,
    const struct import_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	long sid, did;
	struct item_col *items;
	size_t nitems = 0, nident = 0, nrepeat = 0, i, j, len;
	unsigned long blank_cells = 0, students = 0;
	char ident[200] = "", repeat[240] = "";
	long *blank;
	size_t nblank = 0;
	int rc;
	char why[320];
	const char *sname = o->map[EV_STUDENT] ? o->map[EV_STUDENT] : "student_id";
	const char *dname = o->map[EV_DATE] ? o->map[EV_DATE] : "date";

	if (table_cols(t, &sname, (const int[]){ 1 }, 1, &sid, err) != 0)
		return -1;
	did = table_col(t, dname);
	items = xcalloc(table_ncols(t), sizeof *items);
	blank = xcalloc(table_ncols(t) + 1, sizeof *blank);
	for (i = 0; i < table_ncols(t); i++) {
		const char *h = table_colname(t, i);
		int key = (long)i == sid || (long)i == did;
		char *numbered;
		char *own = NULL;

		for (j = 0; j < EV_NCOLS; j++)
			if (o->map[j] && util_strcaseeq(o->map[j], h))
				key = 1;
		if (key)
			continue;
		/* The item is named as a spreadsheet shows its header, as
		 * pl-import reads the ids it writes back. */
		if ((own = header_text(h)) != NULL)
			h = own;
		if (h[0] == '\0') {
			/* Cells under no header: counted, not imported. */
			blank[nblank++] = (long)i;
			free(own);
			continue;
		}
		/* A repeated header (MyLab's Score, Score, Score) is an item
		 * of its own, "Score #2", not merged into the first. */
		if (!identity_column(h) &&
		    (numbered = import_repeat_name(t, i, h)) != NULL) {
			if (nrepeat++ == 0)
				snprintf(repeat, sizeof repeat, "\"%.100s\" as "
				    "\"%.100s\"", h, numbered);
			free(own);
			h = own = numbered;
		}
		if ((o->align == NULL || align_find(o->align, h,
		    strlen(h)) < 0) && identity_column(h)) {
			note_identity(ident, sizeof ident, &nident, h);
			free(own);
			continue;
		}
		if (import_item_align(o, st, h, (long)i, &items[nitems].it)) {
			items[nitems].aligned_max = items[nitems].it.max > 0;
			items[nitems++].own = own;
			continue;
		}
		free(own);
	}
	if (nident > 0 && !header_done)
		import_note(st, "%zu column%s of names, ids or totals not "
		    "imported: %s%s", nident, nident == 1 ? "" : "s", ident, nident > 6 ?
		    ", ..." : "");
	if (nrepeat > 0)
		import_note(st, "%s: %zu column%s repeat%s an earlier header, "
		    "each imported as an item of its own (first %s)",
		    table_name(t), nrepeat, nrepeat == 1 ? "" : "s",
		    nrepeat == 1 ? "s" : "", repeat);
	if (!header_done) {
		static const char *const head[] = { "student_id", "objective_id",
		    "date", "score", "max_score", "item_id" };

		table_put_row(w, head, 6);
	}
	while ((rc = table_next(t, err)) == 1) {
		const char *stu, *problem;
		size_t slen;
		int32_t date = o->ev.fixed_date;

		st->records++;
		if ((problem = table_problem(t)) != NULL) {
			if (reject_row(rj, t, table_problem_kind(t), problem, err))
				goto fail;
			continue;
		}
		if (o->points_row != NULL && points_row(t, o->points_row)) {
			if (students > 0) {
				if (reject_row(rj, t, "late points row", "the "
				    "points row comes after students' rows "
				    "(--points-row): move it above them", err))
					goto fail;
				continue;
			}
			take_points(t, items, nitems, o->ev.decimal_comma);
			continue;
		}
		students++;
		stu = table_text(t, (size_t)sid, &slen);
		if (slen == 0) {
			if (reject_row(rj, t, "missing student_id", "empty student_id",
			    err))
				goto fail;
			continue;
		}
		if (did >= 0) {
			const char *ds = table_field(t, (size_t)did, &len);

			if (date_parse(ds, len, o->ev.date_flags, &date) != 0) {
				snprintf(why, sizeof why,
				    "date \"%.*s\" is not a valid date",
				    (int)(len > 40 ? 40 : len), ds);
				if (reject_row(rj, t, "bad date", why, err))
					goto fail;
				continue;
			}
		}
		for (j = 0; j < nblank; j++) {
			const char *cell = table_field(t, (size_t)blank[j], &len);

			if (util_trim(cell, &len) && len > 0)
				blank_cells++;
		}
		for (j = 0; j < nitems; j++)
			if (import_item_cell(t, w, o, &items[j].it, stu, slen,
			    date, NULL, rj, st, err) != 0)
				goto fail;
		reject_cells_done(rj, t);
	}
	if (rc < 0)
		goto fail;
	if (blank_cells > 0)
		import_note(st, "%s: %lu cell%s under a column without a header "
		    "not imported (give the column a name)", table_name(t),
		    blank_cells, blank_cells == 1 ? "" : "s");
	free_items(items, nitems);
	free(blank);
	return 0;
fail:
	free_items(items, nitems);
	free(blank);
	return -1;
}

void
import_note(struct import_stats *st, const char *fmt, ...)
{
	va_list ap;

	if (st->nnotes >= IMPORT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(st->notes[st->nnotes++], sizeof st->notes[0], fmt, ap);
	va_end(ap);
}

int
import_evidence(struct table *t, struct table_writer *w,
    const struct import_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	return o->wide ? import_wide(t, w, o, header_done, rj, st, err) :
	    import_long(t, w, o, header_done, rj, st, err);
}

/* Normalising the other tables. */

enum ctype { C_TEXT, C_ID, C_LIST, C_DATE, C_NUM, C_BOOL };

struct colspec {
	const char *name;
	enum ctype type;
	int required;
};

/* Column idx of the record, trimmed; an id, text or list column is read
 * with table_text (="00123" is 00123), the typed ones as they stand. */
static const char *
typed_cell(struct table *t, long idx, enum ctype type, size_t *len)
{
	const char *s;

	if (type == C_TEXT || type == C_ID || type == C_LIST)
		return table_text(t, (size_t)idx, len);
	s = table_field(t, (size_t)idx, len);
	return util_trim(s, len);
}

static const struct colspec roster_cols[] = {
	{ "student_id", C_ID, 1 }, { "name", C_TEXT, 0 },
	{ "section", C_TEXT, 0 }, { "grade_level", C_TEXT, 0 },
	{ "interests", C_LIST, 0 }, { "modalities", C_LIST, 0 },
	{ "target_date", C_DATE, 0 }, { "coach", C_TEXT, 0 }, { NULL, 0, 0 }
};

static const struct colspec objective_cols[] = {
	{ "objective_id", C_ID, 1 }, { "title", C_TEXT, 0 },
	{ "course_id", C_TEXT, 0 }, { "unit", C_TEXT, 0 },
	{ "prerequisites", C_LIST, 0 }, { "due_date", C_DATE, 0 },
	{ "est_minutes", C_NUM, 0 }, { "essential", C_BOOL, 0 },
	{ "rule", C_TEXT, 0 }, { "standard", C_TEXT, 0 }, { NULL, 0, 0 }
};

static const struct colspec activity_cols[] = {
	{ "activity_id", C_ID, 1 }, { "objective_id", C_TEXT, 1 },
	{ "title", C_TEXT, 0 }, { "modality", C_TEXT, 0 },
	{ "minutes", C_NUM, 0 }, { "phase", C_TEXT, 0 },
	{ "tags", C_LIST, 0 }, { "essential", C_BOOL, 0 },
	{ "url", C_TEXT, 0 }, { NULL, 0, 0 }
};

int
import_table_kind(const char *name)
{
	if (strcmp(name, "roster") == 0)
		return IMPORT_ROSTER;
	if (strcmp(name, "objectives") == 0)
		return IMPORT_OBJECTIVES;
	if (strcmp(name, "activities") == 0)
		return IMPORT_ACTIVITIES;
	return -1;
}

/* A list cell rewritten "a;b", grown as it needs (a cell may be long). */
struct listbuf {
	char *buf;
	size_t len, cap;
};

static int
list_item(const char *item, size_t len, void *arg)
{
	struct listbuf *b = arg;

	b->buf = xgrow(b->buf, &b->cap, b->len + len + 2, 1);
	if (b->len)
		b->buf[b->len++] = ';';
	memcpy(b->buf + b->len, item, len);
	b->len += len;
	return 0;
}

static const char *
source_name(const char *const *map, const char *canon)
{
	size_t i;

	for (i = 0; map && map[i]; i += 2)
		if (strcmp(map[i], canon) == 0)
			return map[i + 1];
	return canon;
}

int
import_normalise(struct table *t, struct table_writer *w,
    enum import_table kind, const char *const *map,
    const struct evidence_opts *ev, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	const struct colspec *spec = kind == IMPORT_ROSTER ? roster_cols :
	    kind == IMPORT_OBJECTIVES ? objective_cols : activity_cols;
	const char *names[NORM_MAXCOLS], *canon[NORM_MAXCOLS];
	int req[NORM_MAXCOLS], has[NORM_MAXCOLS], put[NORM_MAXCOLS];
	long idx[NORM_MAXCOLS];
	long *extra = NULL;
	size_t n, i, j, nextra = 0, len;
	struct seen_ids own = { NULL, NULL, NULL, 0 }, *seen;
	struct listbuf lb = { NULL, 0, 0 };
	char why[320];
	int rc = -1, r;

	for (n = 0; spec[n].name; n++) {
		names[n] = source_name(map, spec[n].name);
		req[n] = spec[n].required;
	}
	if (table_cols(t, names, req, n, idx, err) != 0)
		goto out;
	extra = xcalloc(table_ncols(t) + 1, sizeof *extra);
	for (i = 0; i < table_ncols(t); i++) {
		int used = 0;

		for (j = 0; j < n; j++)
			if (idx[j] == (long)i)
				used = 1;
		if (!used)
			extra[nextra++] = (long)i;
	}
	for (j = 0; j < n; j++) {
		canon[j] = spec[j].name;
		has[j] = idx[j] >= 0;
		put[j] = idx[j] >= 0 || spec[j].required;
	}
	if (!header_done) {
		for (j = 0; j < n; j++)
			if (put[j])
				table_puts(w, spec[j].name);
		put_extra_names(w, t, extra, nextra, canon, n);
		table_endrow(w);
		head_keep(st, t, put, n, extra, nextra);
	} else if (st->head != NULL) {
		if (head_match(st->head, t, has, canon, n, &extra, &nextra,
		    err) != 0)
			goto out;
		memcpy(put, st->head->canon, n * sizeof *put);
	}
	/* An id stands once in the run's table, whichever input it is in. */
	seen = st->head != NULL ? &st->head->seen : &own;
	while ((r = table_next(t, err)) == 1) {
		const char *problem = table_problem(t), *bad = NULL;
		const char *id;
		size_t idlen;

		st->records++;
		if (problem != NULL) {
			if (reject_row(rj, t, table_problem_kind(t), problem, err))
				goto out;
			continue;
		}
		/* Check every typed cell before writing any. */
		for (j = 0; j < n && bad == NULL; j++) {
			const char *s;
			double v;
			int32_t d;
			int b;

			if (idx[j] < 0)
				continue;
			s = typed_cell(t, idx[j], spec[j].type, &len);
			if (len == 0) {
				if (spec[j].required) {
					snprintf(why, sizeof why, "empty %s",
					    spec[j].name);
					bad = "missing id";
				}
				continue;
			}
			if ((spec[j].type == C_DATE &&
			    date_parse(s, len, ev->date_flags, &d) != 0) ||
			    (spec[j].type == C_NUM &&
			    (num_parse(s, len, ev->decimal_comma, &v) != 0 || v < 0)) ||
			    (spec[j].type == C_BOOL &&
			    util_parse_bool(s, len, &b) != 0)) {
				snprintf(why, sizeof why, "%s \"%.*s\" is not %s",
				    spec[j].name, (int)(len > 40 ? 40 : len), s,
				    spec[j].type == C_DATE ? "a valid date" :
				    spec[j].type == C_NUM ? "a number >= 0" :
				    "yes or no");
				bad = spec[j].type == C_DATE ? "bad date" :
				    spec[j].type == C_NUM ? "bad number" : "bad boolean";
			}
		}
		if (bad != NULL) {
			if (reject_row(rj, t, bad, why, err))
				goto out;
			continue;
		}
		id = typed_cell(t, idx[0], spec[0].type, &idlen);
		if (!seen_add(seen, t, id, idlen, spec[0].name, why,
		    sizeof why)) {
			if (reject_row(rj, t, "duplicate id", why, err))
				goto out;
			continue;
		}
		for (j = 0; j < n; j++) {
			const char *s;
			char buf[NUM_BUFSIZE];
			double v;
			int32_t d;
			int b;

			if (idx[j] < 0) {
				if (put[j])
					table_put(w, "", 0);
				continue;
			}
			s = typed_cell(t, idx[j], spec[j].type, &len);
			if (len == 0) {
				table_put(w, "", 0);
				continue;
			}
			switch (spec[j].type) {
			case C_TEXT:
			case C_ID:
				table_put(w, s, len);
				break;
			case C_LIST:
				lb.len = 0;
				util_split_list(s, len, list_item, &lb);
				table_put(w, lb.len ? lb.buf : "", lb.len);
				break;
			case C_DATE:
				date_parse(s, len, ev->date_flags, &d);
				table_put_date(w, d);
				break;
			case C_NUM:
				num_parse(s, len, ev->decimal_comma, &v);
				table_put(w, buf, num_format(v, buf));
				break;
			case C_BOOL:
				util_parse_bool(s, len, &b);
				table_put_bool(w, b);
				break;
			}
		}
		for (i = 0; i < nextra; i++) {
			const char *s = extra[i] < 0 ? "" :
			    table_field(t, (size_t)extra[i], &len);

			table_put(w, s, extra[i] < 0 ? 0 : len);
		}
		table_endrow(w);
		st->written++;
	}
	rc = r < 0 ? -1 : 0;
out:
	free(lb.buf);
	free(extra);
	seen_free(&own);
	return rc;
}
