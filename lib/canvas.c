/*
 * canvas.c - reading Canvas LMS exports: the gradebook CSV, the Learning
 * Mastery Gradebook CSV and the outcomes CSV (research/formats.md section
 * 2).  Columns are found by name; the quirks of real exports (the Points
 * Possible row, Manual Posting rows, the Student View test student, total
 * and read-only columns, EX and N/A cells, decimal commas, ids and names
 * written as ="..." text formulas) are handled here.
 */
#include "canvas.h"
#include "date.h"
#include "detect.h"
#include "intern.h"
#include "num.h"

#include <stdlib.h>
#include <string.h>

int
canvas_id_parse(const char *s)
{
	if (strcmp(s, "sis") == 0)
		return CANVAS_ID_SIS;
	if (strcmp(s, "canvas") == 0)
		return CANVAS_ID_CANVAS;
	if (strcmp(s, "login") == 0)
		return CANVAS_ID_LOGIN;
	return -1;
}

/* A list of names for a note: the first few, then the count. */
struct names {
	char buf[160];
	unsigned long n;
};

static void
names_add(struct names *l, const char *s)
{
	size_t len = strlen(l->buf);

	if (l->n++ < 5 && len + 8 < sizeof l->buf)
		snprintf(l->buf + len, sizeof l->buf - len, "%s\"%s\"",
		    len ? ", " : "", s);
	else if (l->n == 6 && len + 6 < sizeof l->buf)
		snprintf(l->buf + len, sizeof l->buf - len, ", ...");
}

static const char *
plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

/* Field i of the current record, trimmed; "" when i < 0. */
static const char *
cell(const struct table *t, long i, size_t *len)
{
	const char *s;

	if (i < 0) {
		*len = 0;
		return "";
	}
	s = table_field(t, (size_t)i, len);
	return util_trim(s, len);
}

/* Field i of an id, name or text column, trimmed, with a spreadsheet text
 * formula ( ="00123" ) read as its string; "" when i < 0.  Score, type
 * and state columns are read with cell, as they stand. */
static const char *
text(struct table *t, long i, size_t *len)
{
	if (i < 0) {
		*len = 0;
		return "";
	}
	return table_text(t, (size_t)i, len);
}

static int
cell_is(const struct table *t, long i, const char *want)
{
	size_t len;
	const char *s = cell(t, i, &len);

	return util_strncaseeq(s, len, want);
}

/* Writes a record's structural problem to the reject log: 1 when the
 * record was rejected, -1 on a fatal error, 0 when it is sound. */
static int
structural(struct table *t, struct reject *rj, int allow_ragged,
    struct pl_err *err)
{
	const char *problem = table_problem(t);

	if (problem == NULL)
		return 0;
	if (allow_ragged && strstr(problem, "NUL") == NULL)
		return 0;
	if (reject_row(rj, t, strstr(problem, "NUL") ? "NUL byte" :
	    "wrong number of fields", problem, err))
		return -1;
	return 1;
}

/* Duplicate detection of student ids within one file. */
struct seen {
	struct intern *ids;
	long *line;
	size_t cap;
};

/* Returns 0 when id is new, else the line it was first seen on. */
static long
seen_add(struct seen *s, const char *id, size_t len, long line)
{
	size_t before = intern_count(s->ids);
	uint32_t k = intern_add(s->ids, id, len);

	if (intern_count(s->ids) == before)
		return s->line[k];
	s->line = xgrow(s->line, &s->cap, (size_t)k + 1, sizeof *s->line);
	s->line[k] = line;
	return 0;
}

/* The students of a roster run: id, name, sections, and where each was
 * first seen. */
struct canvas_roster {
	struct intern *ids;
	struct roster_student {
		char *name, *sections, *file;
		long line;
		int merged;	/* seen in more than one export */
	} *s;
	size_t cap;
	unsigned long merged;	/* students seen in more than one export */
};

struct canvas_roster *
canvas_roster_new(void)
{
	struct canvas_roster *r = xcalloc(1, sizeof *r);

	r->ids = intern_new();
	return r;
}

static void
roster_clear(struct canvas_roster *r)
{
	size_t i;

	for (i = 0; i < intern_count(r->ids); i++) {
		free(r->s[i].name);
		free(r->s[i].sections);
		free(r->s[i].file);
	}
	intern_free(r->ids);
	r->ids = intern_new();
}

void
canvas_roster_write(struct canvas_roster *r, struct table_writer *w,
    struct import_stats *st)
{
	size_t i;

	if (r->merged)
		import_note(st, "%lu student%s in more than one export: written "
		    "once, with the sections of each joined by \"; \"",
		    r->merged, r->merged == 1 ? "" : "s");
	r->merged = 0;

	for (i = 0; i < intern_count(r->ids); i++) {
		table_puts(w, intern_str(r->ids, (uint32_t)i));
		table_puts(w, r->s[i].name);
		table_puts(w, r->s[i].sections);
		table_endrow(w);
	}
	roster_clear(r);
}

void
canvas_roster_free(struct canvas_roster *r)
{
	if (r == NULL)
		return;
	roster_clear(r);
	intern_free(r->ids);
	free(r->s);
	free(r);
}

/* Adds section sec (len) to the "; "-separated list *list, unless empty
 * or there already. */
static void
add_section(char **list, const char *sec, size_t len)
{
	const char *p = *list;
	size_t n = strlen(*list);

	if (len == 0)
		return;
	while (*p != '\0') {
		const char *end = strstr(p, "; ");
		size_t plen = end ? (size_t)(end - p) : strlen(p);

		if (plen == len && memcmp(p, sec, len) == 0)
			return;
		p += plen + (end ? 2 : 0);
	}
	*list = xrealloc(*list, n + len + 3);
	snprintf(*list + n, len + 3, "%s%.*s", n ? "; " : "", (int)len, sec);
}

/*
 * Gathers a student of the current record of t into r.  Returns 0, or,
 * when the id was first seen in another export under another name, 1
 * with why (size whysize) saying so.
 */
static int
roster_add(struct canvas_roster *r, const struct table *t, const char *id,
    size_t idlen, const char *name, const char *sec, size_t seclen,
    char *why, size_t whysize)
{
	size_t before = intern_count(r->ids);
	uint32_t k = intern_add(r->ids, id, idlen);
	struct roster_student *s;

	if (intern_count(r->ids) > before) {
		r->s = xgrow(r->s, &r->cap, (size_t)k + 1, sizeof *r->s);
		s = &r->s[k];
		s->name = xstrdup(name);
		s->sections = xstrdup("");
		s->file = xstrdup(table_name(t));
		s->line = table_line(t);
		s->merged = 0;
	} else {
		s = &r->s[k];
		if (strcmp(s->name, name) != 0) {
			snprintf(why, whysize, "student_id \"%.*s\" is \"%.60s\" "
			    "in %.100s:%ld, not \"%.60s\"", (int)(idlen > 40 ?
			    40 : idlen), id, s->name, s->file, s->line, name);
			return 1;
		}
		if (!s->merged)
			r->merged++;
		s->merged = 1;
	}
	add_section(&s->sections, sec, seclen);
	return 0;
}

static int
reject_duplicate(struct table *t, struct reject *rj, const char *id,
    size_t len, long first, struct pl_err *err)
{
	char why[200];

	snprintf(why, sizeof why, "student_id \"%.*s\" already on line %ld",
	    (int)(len > 40 ? 40 : len), id, first);
	return reject_row(rj, t, "duplicate student", why, err);
}

/* Is the current record the Student View test student? */
static int
test_student(struct table *t, long name, long last, long first)
{
	size_t len, flen;
	const char *s = text(t, name >= 0 ? name : last, &len);
	const char *f = text(t, first, &flen);

	if (name >= 0)
		return util_strncaseeq(s, len, "Student, Test") ||
		    util_strncaseeq(s, len, "Test Student");
	return util_strncaseeq(s, len, "Student") &&
	    util_strncaseeq(f, flen, "Test");
}

/* The Canvas total columns, as header endings (an optional grading-period
 * suffix " (...)" is removed first). */
static int
total_column(const char *h)
{
	static const char *const ends[] = {
		"current points", "final points", "current score",
		"final score", "current grade", "final grade",
		"override score", "override grade"
	};
	size_t n = strlen(h), i;

	if (n > 0 && h[n - 1] == ')') {
		const char *open = strrchr(h, '(');

		if (open != NULL && open > h && open[-1] == ' ')
			n = (size_t)(open - h - 1);
	}
	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		size_t el = strlen(ends[i]);

		if (n >= el && util_strncaseeq(h + n - el, el, ends[i]) &&
		    (n == el || h[n - el - 1] == ' '))
			return 1;
	}
	return 0;
}

/* Splits "Title (123)" into its title and assignment id; 0 when the
 * header has that form. */
static int
title_and_id(const char *h, size_t *title_len, const char **id,
    size_t *id_len)
{
	size_t n = strlen(h), i;
	const char *open;

	if (n < 4 || h[n - 1] != ')')
		return -1;
	open = strrchr(h, '(');
	if (open == NULL || open == h || open[-1] != ' ' ||
	    open + 1 == h + n - 1)
		return -1;
	for (i = (size_t)(open - h) + 1; i < n - 1; i++)
		if (h[i] < '0' || h[i] > '9')
			return -1;
	*title_len = (size_t)(open - h - 1);
	*id = open + 1;
	*id_len = (size_t)(h + n - 1 - open - 1);
	return 0;
}

/* One column of a gradebook. */
struct gcol {
	int candidate;		/* may be an assignment */
	int item;		/* imported */
	const char *header;
	char *title, *id;	/* id NULL when the header has none */
	const char *objective;
	double max;		/* 0 when not known */
	int points_given;	/* the Points Possible row has a number */
	int readonly;		/* ... or has something else */
	int negative;		/* ... or a number below 0 */
};

struct gradebook {
	long name, last, first, cid, sis, login, section;
	struct gcol *cols;
	size_t ncols;
	long points_line;
	int classified;
	size_t shared;		/* assignments named by header: a title
				 * another assignment has too */
	unsigned long totals;
	struct names ignored, zero, nomax, negative;
};

static void
gradebook_free(struct gradebook *g)
{
	size_t i;

	for (i = 0; i < g->ncols; i++) {
		free(g->cols[i].title);
		free(g->cols[i].id);
	}
	free(g->cols);
}

static void
gradebook_open(struct gradebook *g, const struct table *t)
{
	static const char *const student[] = { "Student", NULL };
	static const char *const last[] = { "LastName", "Last Name", NULL };
	static const char *const first[] = { "FirstName", "First Name", NULL };
	static const char *const cid[] = { "ID", NULL };
	static const char *const sis[] = { "SIS User ID", NULL };
	static const char *const login[] = { "SIS Login ID", NULL };
	static const char *const section[] = { "Section", NULL };
	static const char *const integration[] = { "Integration ID", NULL };
	static const char *const root[] = { "Root Account", NULL };
	size_t i;

	memset(g, 0, sizeof *g);
	g->name = detect_col(t, student);
	g->last = detect_col(t, last);
	g->first = detect_col(t, first);
	g->cid = detect_col(t, cid);
	g->sis = detect_col(t, sis);
	g->login = detect_col(t, login);
	g->section = detect_col(t, section);
	g->ncols = table_ncols(t);
	g->cols = xcalloc(g->ncols, sizeof *g->cols);
	for (i = 0; i < g->ncols; i++) {
		struct gcol *c = &g->cols[i];
		const char *h = table_colname(t, i);
		const char *id;
		size_t tl, il;
		long k = (long)i;

		c->header = h;
		if (k == g->name || k == g->last || k == g->first ||
		    k == g->cid || k == g->sis || k == g->login ||
		    k == g->section || detect_col(t, integration) == k ||
		    detect_col(t, root) == k ||
		    h[0] == '\0')
			continue;
		if (title_and_id(h, &tl, &id, &il) == 0) {
			c->title = xstrndup(h, tl);
			c->id = xstrndup(id, il);
		} else {
			c->title = xstrdup(h);
		}
		c->candidate = 1;
	}
}

/* Reads the Points Possible row into the columns' maxima. */
static void
gradebook_points(struct gradebook *g, const struct table *t,
    int decimal_comma)
{
	size_t i, len;

	g->points_line = table_line(t);
	for (i = 0; i < g->ncols; i++) {
		struct gcol *c = &g->cols[i];
		const char *s;
		double v;

		if (!c->candidate)
			continue;
		s = cell(t, (long)i, &len);
		if (num_parse(s, len, decimal_comma, &v) != 0)
			c->readonly = 1;
		else if (v < 0)
			c->negative = 1;
		else {
			c->max = v;
			c->points_given = 1;
		}
	}
}

/* 1 when another assignment column of g has column i's title. */
static int
title_shared(const struct gradebook *g, size_t i)
{
	size_t j;

	for (j = 0; j < g->ncols; j++)
		if (j != i && g->cols[j].candidate && g->cols[j].id != NULL &&
		    g->cols[j].title != NULL && g->cols[i].title != NULL &&
		    strcmp(g->cols[j].title, g->cols[i].title) == 0)
			return 1;
	return 0;
}

/* Decides which columns are assignments to import, once the rows before
 * the first student have been read. */
static void
gradebook_classify(struct gradebook *g, const struct canvas_opts *o,
    struct import_stats *st)
{
	size_t i;

	g->classified = 1;
	for (i = 0; i < g->ncols; i++) {
		struct gcol *c = &g->cols[i];
		long a = -1;

		if (!c->candidate)
			continue;
		/* A total has "(read only)" in the Points Possible row (in the
		 * user's language); without that row its name tells. */
		if (total_column(c->header) && !c->points_given) {
			g->totals++;
			continue;
		}
		if (c->negative) {
			names_add(&g->negative, c->header);
			continue;
		}
		if (g->points_line ? c->readonly : c->id == NULL) {
			names_add(&g->ignored, c->header);
			continue;
		}
		if (g->points_line && c->max == 0) {
			names_add(&g->zero, c->header);
			continue;
		}
		if (o->align != NULL) {
			if (c->id != NULL)
				a = align_find(o->align, c->id, strlen(c->id));
			if (a < 0)
				a = align_find(o->align, c->header,
				    strlen(c->header));
			if (a < 0)
				a = align_find(o->align, c->title,
				    strlen(c->title));
			if (a < 0) {
				import_unaligned(st, c->header);
				continue;
			}
			align_use((struct align *)o->align, a);
			c->objective = align_objective(o->align, a);
			if (align_max(o->align, a) > 0)
				c->max = align_max(o->align, a);
		} else {
			/* Two assignments of one title stay two objectives:
			 * their headers hold their ids. */
			c->objective = c->title;
			if (c->id != NULL && title_shared(g, i)) {
				c->objective = c->header;
				g->shared++;
			}
		}
		if (c->max == 0)
			c->max = o->ev.max_score;
		if (c->max == 0) {
			names_add(&g->nomax, c->header);
			continue;
		}
		c->item = 1;
	}
}

static void
gradebook_notes(struct gradebook *g, const struct canvas_opts *o,
    struct import_stats *st, unsigned long fallback, long test_line,
    long manual_line)
{
	size_t i, items = 0;

	for (i = 0; i < g->ncols; i++)
		items += (size_t)g->cols[i].item;
	if (g->classified && o->align == NULL && items)
		import_note(st, "no --align: each assignment is its own "
		    "objective (objective_id = its title%s)", g->shared ?
		    "; assignments that share a title keep their ids" : "");
	if (g->classified && g->points_line == 0)
		import_note(st, "no Points Possible row: max_score from "
		    "--align or --max-score");
	if (g->totals)
		import_note(st, "ignored %lu total column%s (computed by Canvas)",
		    g->totals, plural(g->totals));
	if (g->ignored.n)
		import_note(st, "ignored %lu read-only or custom column%s: %s",
		    g->ignored.n, plural(g->ignored.n), g->ignored.buf);
	if (g->negative.n)
		import_note(st, "%lu assignment%s with negative points possible "
		    "not imported: %s", g->negative.n, plural(g->negative.n),
		    g->negative.buf);
	if (g->zero.n)
		import_note(st, "%lu assignment%s with 0 points possible not "
		    "imported: %s", g->zero.n, plural(g->zero.n), g->zero.buf);
	if (g->nomax.n)
		import_note(st, "%lu assignment%s without a max_score not "
		    "imported (give --max-score or --align): %s", g->nomax.n,
		    plural(g->nomax.n), g->nomax.buf);
	if (manual_line)
		import_note(st, "skipped the Manual Posting/Muted row (line %ld)",
		    manual_line);
	if (test_line)
		import_note(st, "skipped the Student View test student "
		    "(line %ld)", test_line);
	if (fallback)
		import_note(st, "%lu student%s without a SIS User ID: used the "
		    "Canvas ID", fallback, plural(fallback));
}

/* A row whose cells are all empty, "Manual Posting..." or "Muted":
 * 1 for a posting row, 2 for an all-empty row, 0 otherwise. */
static int
posting_row(const struct table *t)
{
	size_t i, len;
	int marks = 0;

	for (i = 0; i < table_nfields(t); i++) {
		const char *s = cell(t, (long)i, &len);

		if (len == 0)
			continue;
		if (util_strncaseeq(s, len, "Muted") ||
		    (len >= 14 && util_strncaseeq(s, 14, "Manual Posting")))
			marks++;
		else
			return 0;
	}
	return marks ? 1 : 2;
}

/* Finds the id column the options ask for; -1 with err when absent. */
static long
id_column(const struct table *t, const struct gradebook *g,
    const struct canvas_opts *o, struct pl_err *err)
{
	long c = o->id == CANVAS_ID_LOGIN ? g->login :
	    o->id == CANVAS_ID_CANVAS ? g->cid :
	    o->id == CANVAS_ID_SIS ? g->sis : g->sis >= 0 ? g->sis : g->cid;
	const char *want = o->id == CANVAS_ID_LOGIN ? "SIS Login ID" :
	    o->id == CANVAS_ID_SIS ? "SIS User ID" : "ID";

	if (c < 0) {
		size_t i, len;
		char found[400];

		found[0] = '\0';
		for (i = 0, len = 0; i < table_ncols(t) && len + 60 <
		    sizeof found; i++)
			len += (size_t)snprintf(found + len, sizeof found - len,
			    "%s%s", i ? ", " : "", table_colname(t, i));
		pl_err_set(err, table_name(t), 0, PL_EXIT_USAGE,
		    "missing required column \"%s\" (found: %s)", want, found);
	}
	return c;
}

int
canvas_gradebook(struct table *t, struct table_writer *w,
    const struct canvas_opts *o, struct canvas_roster *roster,
    int header_done, struct reject *rj, struct import_stats *st,
    struct pl_err *err)
{
	struct gradebook g;
	struct seen seen = { intern_new(), NULL, 0 };
	unsigned long fallback = 0;
	long idcol, test_line = 0, manual_line = 0;
	int rc = -1, r;
	char why[300], what[224];

	gradebook_open(&g, t);
	if ((idcol = id_column(t, &g, o, err)) < 0)
		goto out;
	if (g.name < 0 && g.last < 0) {
		pl_err_set(err, table_name(t), 0, PL_EXIT_USAGE,
		    "missing required column \"Student\" (not a Canvas "
		    "gradebook export?)");
		goto out;
	}
	if (!header_done) {
		static const char *const ev[] = { "student_id", "objective_id",
		    "date", "score", "max_score", "item_id", "source" };
		static const char *const ro[] = { "student_id", "name",
		    "section" };

		if (roster)
			table_put_row(w, ro, 3);
		else
			table_put_row(w, ev, 7);
	}
	while ((r = table_next(t, err)) == 1) {
		const char *sid, *name;
		size_t slen, nlen, i, len;
		long first;

		st->records++;
		if ((r = structural(t, rj, 0, err)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		name = text(t, g.name >= 0 ? g.name : g.last, &nlen);
		if (util_strncaseeq(name, nlen, "Points Possible")) {
			if (!g.classified)
				gradebook_points(&g, t, o->ev.decimal_comma);
			continue;
		}
		switch (posting_row(t)) {
		case 1:
			if (manual_line == 0)
				manual_line = table_line(t);
			continue;
		case 2:
			continue;
		}
		if (!g.classified && !roster)
			gradebook_classify(&g, o, st);
		if (test_student(t, g.name, g.last, g.first)) {
			test_line = table_line(t);
			continue;
		}
		sid = text(t, idcol, &slen);
		if (o->id == CANVAS_ID_DEFAULT && slen == 0 && idcol == g.sis &&
		    g.cid >= 0) {
			sid = text(t, g.cid, &slen);
			if (slen > 0)
				fallback++;
		}
		if (slen == 0) {
			snprintf(why, sizeof why, "empty %s",
			    table_colname(t, (size_t)idcol));
			if (reject_row(rj, t, "missing student_id", why, err))
				goto out;
			continue;
		}
		if ((first = seen_add(&seen, sid, slen, table_line(t))) != 0) {
			if (reject_duplicate(t, rj, sid, slen, first, err))
				goto out;
			continue;
		}
		if (roster) {
			const char *sec = text(t, g.section, &len);
			const char *fn = "";
			size_t flen = 0;
			char *full;

			if (g.name < 0)
				fn = text(t, g.first, &flen);
			full = xmalloc(nlen + flen + 3);
			memcpy(full, name, nlen);
			if (nlen && flen)
				memcpy(full + nlen, ", ", 2);
			memcpy(full + nlen + (nlen && flen ? 2 : 0), fn, flen);
			full[nlen + flen + (nlen && flen ? 2 : 0)] = '\0';
			r = roster_add(roster, t, sid, slen, full, sec, len, why,
			    sizeof why);
			free(full);
			if (r != 0) {
				if (reject_row(rj, t, "duplicate student", why,
				    err))
					goto out;
				continue;
			}
			st->written++;
			continue;
		}
		for (i = 0; i < g.ncols; i++) {
			const struct gcol *c = &g.cols[i];
			const char *s;
			double v, max;

			if (!c->item)
				continue;
			s = cell(t, (long)i, &len);
			switch (score_parse(s, len, o->ev.decimal_comma, &v, &max)) {
			case SCORE_NONE:
				st->no_evidence++;
				continue;
			case SCORE_BAD:
				snprintf(why, sizeof why, "column \"%s\": score "
				    "\"%.*s\" is not a number", c->header,
				    (int)(len > 40 ? 40 : len), s);
				if (reject_cell(rj, t, "bad score", why, err))
					goto out;
				continue;
			case SCORE_OK:
				break;
			}
			if (max == 0)
				max = c->max;
			if (v < 0) {
				snprintf(why, sizeof why, "column \"%s\": score "
				    "is negative", c->header);
				if (reject_cell(rj, t, "bad score", why, err))
					goto out;
				continue;
			}
			snprintf(what, sizeof what, "column \"%.200s\"",
			    c->header);
			if (import_score_range(st, t, what, v, max, why,
			    sizeof why) != 0) {
				if (reject_cell(rj, t, "bad score", why, err))
					goto out;
				continue;
			}
			table_put(w, sid, slen);
			table_puts(w, c->objective);
			table_put_date(w, o->ev.fixed_date);
			table_put_num(w, v + 0.0);
			table_put_num(w, max);
			table_puts(w, c->id != NULL ? c->id : c->title);
			table_puts(w, "canvas");
			table_endrow(w);
			st->written++;
		}
		reject_cells_done(rj, t);
	}
	if (r < 0)
		goto out;
	if (!g.classified && !roster)
		gradebook_classify(&g, o, st);
	gradebook_notes(&g, o, st, fallback, test_line, manual_line);
	rc = 0;
out:
	gradebook_free(&g);
	intern_free(seen.ids);
	free(seen.line);
	return rc;
}

/* Learning Mastery Gradebook export. */

struct mcol {
	long idx;
	char *path;
	const char *objective;
	double max;
};

int
canvas_mastery(struct table *t, struct table_writer *w,
    const struct canvas_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	static const char *const namec[] = { "Student name", NULL };
	static const char *const cidc[] = { "Student ID", NULL };
	static const char *const sisc[] = { "Student SIS ID", NULL };
	long name = detect_col(t, namec), cid = detect_col(t, cidc);
	long sis = detect_col(t, sisc), idcol;
	struct mcol *cols = xcalloc(table_ncols(t) + 1, sizeof *cols);
	struct seen seen = { intern_new(), NULL, 0 };
	struct names kept = { "", 0 };
	size_t ncols = 0, i;
	unsigned long fallback = 0;
	long test_line = 0;
	int rc = -1, r;
	char why[300], what[224];

	if (o->id == CANVAS_ID_LOGIN) {
		pl_err_set(err, table_name(t), 0, PL_EXIT_USAGE, "--student-id "
		    "login: a Learning Mastery export has no login column "
		    "(use sis or canvas)");
		goto out;
	}
	idcol = o->id == CANVAS_ID_CANVAS ? cid : o->id == CANVAS_ID_SIS ?
	    sis : sis >= 0 ? sis : cid;
	if (idcol < 0) {
		pl_err_set(err, table_name(t), 0, PL_EXIT_USAGE,
		    "missing required column \"%s\"", o->id == CANVAS_ID_SIS ?
		    "Student SIS ID" : "Student ID");
		goto out;
	}
	for (i = 0; i < table_ncols(t); i++) {
		const char *h = table_colname(t, i);
		size_t n = strlen(h);
		long a = -1;
		struct mcol *c = &cols[ncols];

		if (n <= 7 || !util_strcaseeq(h + n - 7, " result"))
			continue;
		c->idx = (long)i;
		c->path = xstrndup(h, n - 7);
		c->max = o->points_possible;
		if (o->align != NULL) {
			const char *leaf = strstr(c->path, " > ");
			const char *p;

			a = align_find(o->align, c->path, strlen(c->path));
			for (p = leaf; p != NULL; p = strstr(p + 3, " > "))
				leaf = p;
			if (a < 0 && leaf != NULL)
				a = align_find(o->align, leaf + 3,
				    strlen(leaf + 3));
			if (a < 0)
				names_add(&kept, c->path);
		}
		if (a >= 0) {
			align_use((struct align *)o->align, a);
			c->objective = align_objective(o->align, a);
			if (align_max(o->align, a) > 0)
				c->max = align_max(o->align, a);
		} else {
			c->objective = c->path;
		}
		ncols++;
	}
	if (ncols == 0) {
		pl_err_set(err, table_name(t), 0, PL_EXIT_USAGE, "no \"... "
		    "result\" columns (not a Learning Mastery export?)");
		goto out;
	}
	if (!header_done) {
		static const char *const ev[] = { "student_id", "objective_id",
		    "date", "score", "max_score", "item_id", "source" };

		table_put_row(w, ev, 7);
	}
	while ((r = table_next(t, err)) == 1) {
		const char *sid;
		size_t slen, len;
		long first;

		st->records++;
		if ((r = structural(t, rj, 0, err)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		if (test_student(t, name, -1, -1)) {
			test_line = table_line(t);
			continue;
		}
		sid = text(t, idcol, &slen);
		if (util_strncaseeq(sid, slen, "N/A"))
			slen = 0;
		if (o->id == CANVAS_ID_DEFAULT && slen == 0 && idcol == sis &&
		    cid >= 0) {
			sid = text(t, cid, &slen);
			if (slen > 0)
				fallback++;
		}
		if (slen == 0) {
			snprintf(why, sizeof why, "empty %s",
			    table_colname(t, (size_t)idcol));
			if (reject_row(rj, t, "missing student_id", why, err))
				goto out;
			continue;
		}
		if ((first = seen_add(&seen, sid, slen, table_line(t))) != 0) {
			if (reject_duplicate(t, rj, sid, slen, first, err))
				goto out;
			continue;
		}
		for (i = 0; i < ncols; i++) {
			const char *s = cell(t, cols[i].idx, &len);
			double v;

			if (len == 0 || util_strncaseeq(s, len, "N/A")) {
				st->no_evidence++;
				continue;
			}
			if (num_parse(s, len, o->ev.decimal_comma, &v) != 0 ||
			    v < 0) {
				snprintf(why, sizeof why, "column \"%s result\": "
				    "result \"%.*s\" is not a number >= 0",
				    cols[i].path, (int)(len > 40 ? 40 : len), s);
				if (reject_row(rj, t, "bad score", why, err))
					goto out;
				continue;
			}
			snprintf(what, sizeof what, "outcome \"%.200s\"",
			    cols[i].path);
			if (import_score_range(st, t, what, v, cols[i].max, why,
			    sizeof why) != 0) {
				if (reject_row(rj, t, "bad score", why, err))
					goto out;
				continue;
			}
			table_put(w, sid, slen);
			table_puts(w, cols[i].objective);
			table_put_date(w, o->ev.fixed_date);
			table_put_num(w, v + 0.0);
			table_put_num(w, cols[i].max);
			table_puts(w, cols[i].path);
			table_puts(w, "canvas-mastery");
			table_endrow(w);
			st->written++;
		}
	}
	if (r < 0)
		goto out;
	if (o->align == NULL)
		import_note(st, "no --align: each outcome path is its objective_id");
	if (kept.n)
		import_note(st, "%lu outcome%s not in --align kept the path as "
		    "objective_id: %s", kept.n, plural(kept.n), kept.buf);
	if (test_line)
		import_note(st, "skipped the Student View test student "
		    "(line %ld)", test_line);
	if (fallback)
		import_note(st, "%lu student%s without a SIS ID: used the "
		    "Canvas ID", fallback, plural(fallback));
	rc = 0;
out:
	for (i = 0; i < ncols; i++)
		free(cols[i].path);
	free(cols);
	intern_free(seen.ids);
	free(seen.line);
	return rc;
}

/* Outcomes CSV. */

int
canvas_rule(const char *method, long n, char *buf, size_t size)
{
	static const struct {
		const char *method, *rule;
		long def, min, max;	/* def 0: no parameter */
		int percent;
	} rules[] = {
		{ "decaying_average", "weighted", 65, 1, 99, 1 },
		{ "weighted_average", "weighted", 65, 1, 99, 1 },
		{ "standard_decaying_average", "decaying", 65, 50, 99, 1 },
		{ "n_mastery", "n-times", 5, 1, 10, 0 },
		{ "highest", "highest", 0, 0, 0, 0 },
		{ "latest", "recent", 0, 0, 0, 0 },
		{ "average", "mean", 0, 0, 0, 0 },
	};
	size_t i;

	if (method[0] == '\0') {
		snprintf(buf, size, "%s", "");
		return 0;
	}
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		char num[NUM_BUFSIZE];

		if (strcmp(method, rules[i].method) != 0)
			continue;
		if (rules[i].def == 0) {
			snprintf(buf, size, "%s", rules[i].rule);
			return 0;
		}
		if (n == 0)
			n = rules[i].def;
		if (n < rules[i].min || n > rules[i].max)
			return -1;
		num_format(rules[i].percent ? (double)n / 100 : (double)n, num);
		snprintf(buf, size, "%s:%s", rules[i].rule, num);
		return 0;
	}
	return -1;
}

int
canvas_outcomes(struct table *t, struct table_writer *w,
    int header_done, struct reject *rj, struct import_stats *st,
    struct pl_err *err)
{
	static const char *const names[] = { "vendor_guid", "object_type",
	    "title", "calculation_method", "calculation_int", "parent_guids",
	    "workflow_state", "mastery_points", "ratings", "display_name" };
	static const int req[] = { 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };
	enum { GUID, TYPE, TITLE, METHOD, INT, PARENTS, STATE, MASTERY,
	    RATINGS, DISPLAY, NC };
	long idx[NC];
	struct intern *groups = intern_new(), *outcomes = intern_new();
	char **group_title = NULL;
	size_t gcap = 0, ngroups_titled = 0, i;
	unsigned long ngroups = 0, deleted = 0;
	struct names unknown = { "", 0 };
	int rc = -1, r;
	char why[300];

	if (table_cols(t, names, req, NC, idx, err) != 0)
		goto out;
	if (!header_done) {
		static const char *const head[] = { "objective_id", "title",
		    "unit", "rule", "mastery_points", "max_points" };

		table_put_row(w, head, 6);
	}
	while ((r = table_next(t, err)) == 1) {
		const char *guid, *type, *title, *s;
		size_t glen, tlen, tilen, len;
		char rule[64], num[NUM_BUFSIZE];
		const char *unit = "";
		double v, top = -1;
		long n = 0;

		st->records++;
		if ((r = structural(t, rj, 1, err)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		guid = text(t, idx[GUID], &glen);
		type = cell(t, idx[TYPE], &tlen);
		title = text(t, idx[TITLE], &tilen);
		if (glen == 0 || tilen == 0) {
			snprintf(why, sizeof why, "empty %s", glen == 0 ?
			    "vendor_guid" : "title");
			if (reject_row(rj, t, "missing id", why, err))
				goto out;
			continue;
		}
		if (cell_is(t, idx[STATE], "deleted")) {
			deleted++;
			continue;
		}
		if (util_strncaseeq(type, tlen, "group")) {
			uint32_t k = intern_add(groups, guid, glen);

			group_title = xgrow(group_title, &gcap, (size_t)k + 1,
			    sizeof *group_title);
			if (k >= ngroups_titled) {
				group_title[k] = xstrndup(title, tilen);
				ngroups_titled = (size_t)k + 1;
			}
			ngroups++;
			continue;
		}
		if (!util_strncaseeq(type, tlen, "outcome")) {
			snprintf(why, sizeof why, "object_type \"%.*s\" is not "
			    "outcome or group", (int)(tlen > 40 ? 40 : tlen), type);
			if (reject_row(rj, t, "bad object_type", why, err))
				goto out;
			continue;
		}
		s = cell(t, idx[INT], &len);
		if (len > 0 && (num_parse(s, len, 0, &v) != 0 || v != (long)v ||
		    v < 1 || v > 99)) {
			snprintf(why, sizeof why, "calculation_int \"%.*s\" is "
			    "not a whole number 1..99", (int)(len > 40 ? 40 : len),
			    s);
			if (reject_row(rj, t, "bad calculation", why, err))
				goto out;
			continue;
		}
		if (len > 0)
			n = (long)v;
		s = cell(t, idx[METHOD], &len);
		{
			char method[64];

			snprintf(method, sizeof method, "%.*s",
			    (int)(len > 60 ? 60 : len), s);
			if (canvas_rule(method, n, rule, sizeof rule) != 0) {
				snprintf(why, sizeof why, "calculation_method "
				    "\"%s\" with calculation_int %ld is not a "
				    "Canvas method", method, n);
				if (reject_row(rj, t, "bad calculation", why, err))
					goto out;
				continue;
			}
		}
		/* The first parent group that the file defined gives the unit. */
		s = text(t, idx[PARENTS], &len);
		while (len > 0) {
			size_t wl = 0;
			uint32_t k;

			while (wl < len && s[wl] != ' ')
				wl++;
			k = intern_find(groups, s, wl);
			if (k != UINT32_MAX && unit[0] == '\0')
				unit = group_title[k];
			else if (k == UINT32_MAX && wl > 0) {
				char g[128];

				snprintf(g, sizeof g, "%.*s",
				    (int)(wl > 100 ? 100 : wl), s);
				names_add(&unknown, g);
			}
			while (wl < len && s[wl] == ' ')
				wl++;
			s += wl;
			len -= wl;
		}
		i = intern_count(outcomes);
		intern_add(outcomes, guid, glen);
		if (intern_count(outcomes) == i) {
			snprintf(why, sizeof why, "duplicate vendor_guid \"%.*s\"",
			    (int)(glen > 40 ? 40 : glen), guid);
			if (reject_row(rj, t, "duplicate id", why, err))
				goto out;
			continue;
		}
		/* Ratings: points, description pairs to the end of the row. */
		if (idx[RATINGS] >= 0)
			for (i = (size_t)idx[RATINGS]; i < table_nfields(t);
			    i += 2) {
				s = cell(t, (long)i, &len);
				if (len > 0 && num_parse(s, len, 0, &v) == 0 &&
				    v > top)
					top = v;
			}
		table_put(w, guid, glen);
		table_put(w, title, tilen);
		table_puts(w, unit);
		table_puts(w, rule);
		s = cell(t, idx[MASTERY], &len);
		if (len > 0 && num_parse(s, len, 0, &v) == 0)
			table_put(w, num, num_format(v, num));
		else
			table_put(w, s, len);
		if (top >= 0)
			table_put(w, num, num_format(top, num));
		else
			table_put(w, "", 0);
		table_endrow(w);
		st->written++;
	}
	if (r < 0)
		goto out;
	if (ngroups)
		import_note(st, "%lu group%s used as units, not objectives",
		    ngroups, plural(ngroups));
	if (deleted)
		import_note(st, "%lu deleted row%s skipped", deleted,
		    plural(deleted));
	if (unknown.n)
		import_note(st, "%lu unknown parent_guid%s (no group row above): "
		    "%s", unknown.n, plural(unknown.n), unknown.buf);
	rc = 0;
out:
	for (i = 0; i < ngroups_titled; i++)
		free(group_title[i]);
	free(group_title);
	intern_free(groups);
	intern_free(outcomes);
	return rc;
}
