/*
 * report.c - reads the tables pl-report draws from (mastery, pacing,
 * playlist, groups) through the table layer, joins the roster and the
 * objectives, and lays the result out as a render_data.
 */
#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "intern.h"
#include "num.h"

/* A mastery row before the matrix is laid out. */
/* A mastery row: 32 bytes, a district has millions. */
struct mrow {
	uint32_t s, o;		/* student, objective */
	const char *level;
	double score;
	int mastered;
	int32_t on;
};

struct report {
	struct intern *sids, *oids;
	struct intern *words;	/* the text of the rows, each once */
	struct render_student *stu;
	size_t nstu, capstu, nroster;
	struct render_objective *obj;
	size_t nobj, capobj, nguide;
	struct mrow *m;
	size_t nm, capm;
	/* The student x objective pairs with a mastery row: a bit each,
	 * stride words a student (a district's matrix fits: report_data
	 * lays out a cell for every pair anyway). */
	uint64_t *seen;
	size_t stride, nseen, capseen;	/* nseen: students with bits */
	struct render_pacing *pace;
	size_t npace, cappace;
	struct render_item *items;
	size_t nitems, capitems;
	struct render_member *mem;
	size_t nmem, capmem;
	char **pool;
	size_t npool, cappool;
	const char *levels[MASTERY_LEVELS_MAX];
	size_t nlevels;
	int date_flags, decimal_comma;
	/* the laid-out model */
	struct render_student *ostu;
	struct render_objective *oobj;
	struct render_cell *cells;
	struct render_pacing *opace;
	struct render_item *oitems;
	struct render_member *omem;
	struct render_data data;
};

/* A copy of s[0..n) that lives as long as r. */
static const char *
keep(struct report *r, const char *s, size_t n)
{
	r->pool = xgrow(r->pool, &r->cappool, r->npool + 1, sizeof *r->pool);
	return r->pool[r->npool++] = xstrndup(s, n);
}

static size_t
student(struct report *r, const char *id, size_t n)
{
	uint32_t i = intern_add(r->sids, id, n);

	if (i == r->nstu) {
		r->stu = xgrow(r->stu, &r->capstu, r->nstu + 1, sizeof *r->stu);
		r->stu[i].id = intern_str(r->sids, i);
		r->stu[i].name = "";
		r->stu[i].section = "";
		r->nstu++;
	}
	return i;
}

static size_t
objective(struct report *r, const char *id, size_t n)
{
	uint32_t i = intern_add(r->oids, id, n);

	if (i == r->nobj) {
		r->obj = xgrow(r->obj, &r->capobj, r->nobj + 1, sizeof *r->obj);
		r->obj[i].id = intern_str(r->oids, i);
		r->obj[i].title = "";
		r->obj[i].course = "";
		r->obj[i].due = DATE_NONE;
		r->nobj++;
	}
	return i;
}

struct report *
report_new(const struct catalog_objectives *objectives,
    const struct catalog_roster *roster, const struct mastery_scale *scale,
    int date_flags, int decimal_comma)
{
	struct report *r = xcalloc(1, sizeof *r);
	size_t i, k;

	r->sids = intern_new();
	r->oids = intern_new();
	r->words = intern_new();
	r->date_flags = date_flags;
	r->decimal_comma = decimal_comma;
	for (i = 0; roster && i < roster->n; i++) {
		const struct catalog_student *s = &roster->v[i];

		k = student(r, s->id, strlen(s->id));
		r->stu[k].name = keep(r, s->name ? s->name : "",
		    s->name ? strlen(s->name) : 0);
		r->stu[k].section = keep(r, s->section ? s->section : "",
		    s->section ? strlen(s->section) : 0);
	}
	r->nroster = r->nstu;
	for (i = 0; objectives && i < objectives->n; i++) {
		const struct catalog_objective *o = &objectives->v[i];

		k = objective(r, o->id, strlen(o->id));
		r->obj[k].title = keep(r, o->title ? o->title : "",
		    o->title ? strlen(o->title) : 0);
		r->obj[k].course = keep(r, o->course ? o->course : "",
		    o->course ? strlen(o->course) : 0);
		r->obj[k].due = o->due;
	}
	r->nguide = r->nobj;
	for (i = 0; scale && i < (size_t)scale->nlevels; i++)
		r->levels[r->nlevels++] = keep(r, scale->name[i],
		    strlen(scale->name[i]));
	return r;
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->npool; i++)
		free(r->pool[i]);
	free(r->pool);
	intern_free(r->sids);
	intern_free(r->oids);
	intern_free(r->words);
	free(r->stu);
	free(r->obj);
	free(r->m);
	free(r->seen);
	free(r->pace);
	free(r->items);
	free(r->mem);
	free(r->ostu);
	free(r->oobj);
	free(r->cells);
	free(r->opace);
	free(r->oitems);
	free(r->omem);
	free(r);
}

/* The columns each table uses; the first named ones are required. */
enum {
	C_STUDENT, C_OBJECTIVE, C_COURSE, C_LEVEL, C_SCORE, C_MASTERED,
	C_MASTERED_ON, C_TOTAL, C_EXPECTED, C_STATUS, C_DAYS, C_VELOCITY,
	C_NEEDED, C_PROJECTED, C_TARGET, C_SEQ, C_ACTIVITY, C_TITLE,
	C_MODALITY, C_MINUTES, C_PHASE, C_KIND, C_DUE, C_REASON, C_GROUP,
	C_SESSION, C_SLOT, C_TEACHER, NCOLS
};

static const char *const COLS[NCOLS] = {
	"student_id", "objective_id", "course_id", "level", "score",
	"mastered", "mastered_on", "total", "expected", "status",
	"days_ahead", "velocity_per_week", "needed_per_week",
	"projected_date", "target_date", "seq", "activity_id", "title",
	"modality", "minutes", "phase", "kind", "due_date", "reason",
	"group_id", "session_id", "slot", "teacher"
};

static const char *const TABLE_NAMES[] = {
	"", "mastery", "pacing", "playlist", "groups"
};

/* Which table t is, from its columns. */
static enum report_table
detect(const long *idx)
{
	if (idx[C_GROUP] >= 0 || idx[C_SESSION] >= 0)
		return REPORT_GROUPS;
	if (idx[C_STATUS] >= 0 && idx[C_DAYS] >= 0)
		return REPORT_PACING;
	if (idx[C_ACTIVITY] >= 0 || (idx[C_SEQ] >= 0 && idx[C_REASON] >= 0))
		return REPORT_PLAYLIST;
	if (idx[C_OBJECTIVE] >= 0 && (idx[C_LEVEL] >= 0 ||
	    idx[C_MASTERED] >= 0))
		return REPORT_MASTERY;
	return REPORT_DETECT;
}

/* A row being read: its table and the column indexes. */
struct rd {
	struct report *r;
	struct table *t;
	const long *idx;
	int decimal_comma;	/* --decimal-comma, or a ';' table */
	const char *sid;	/* the row's student_id, not empty */
	size_t nsid;
	const char *why;	/* what is wrong with the row, or NULL */
	char msg[256];
};

static const char *
field(struct rd *x, int c, size_t *len)
{
	size_t n = 0;
	const char *s;

	if (x->idx[c] < 0) {
		if (len)
			*len = 0;
		return "";
	}
	s = table_field(x->t, (size_t)x->idx[c], &n);
	s = util_trim(s, &n);
	if (len)
		*len = n;
	return s;
}

/*
 * A cell's text that lives as long as the report.  A table repeats most of
 * its words (levels, courses, kinds, reasons): each is kept once, not once
 * a row (a district's mastery table has millions of rows and four
 * levels).
 */
static const char *
text(struct rd *x, int c)
{
	size_t n;
	const char *s = field(x, c, &n);

	return intern_str(x->r->words, intern_add(x->r->words, s, n));
}

/* Keeps the first problem of a record: why is its kind, the rest the
 * reason. */
static void
bad_cell(struct rd *x, const char *why, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void
bad_cell(struct rd *x, const char *why, const char *fmt, ...)
{
	va_list ap;

	if (x->why != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(x->msg, sizeof x->msg, fmt, ap);
	va_end(ap);
	x->why = why;
}

static double
number(struct rd *x, int c)
{
	size_t n;
	const char *s = field(x, c, &n);
	double v;

	if (n == 0)
		return NAN;
	if (num_parse(s, n, x->decimal_comma, &v) != 0) {
		bad_cell(x, "bad number", "column \"%s\": \"%.*s\" is not a "
		    "number", COLS[c], (int)(n > 40 ? 40 : n), s);
		return NAN;
	}
	return v;
}

/* A count or a sequence number of column c: 0 when empty; a number
 * outside 0..COUNT_MAX is a bad row (it would not fit a long). */
#define COUNT_MAX 1e9

static long
count(struct rd *x, int c)
{
	double v = number(x, c);
	size_t n;
	const char *s;

	if (isnan(v))
		return 0;
	if (v >= 0 && v <= COUNT_MAX)
		return (long)v;
	s = field(x, c, &n);
	bad_cell(x, "bad number", "column \"%s\": \"%.*s\" is out of range "
	    "(0 to 1000000000)", COLS[c], (int)(n > 40 ? 40 : n), s);
	return 0;
}

static int32_t
day(struct rd *x, int c)
{
	size_t n;
	const char *s = field(x, c, &n);
	int32_t d;

	if (n == 0)
		return DATE_NONE;
	if (date_parse(s, n, x->r->date_flags, &d) != 0) {
		bad_cell(x, "bad date", "column \"%s\": invalid date "
		    "\"%.*s\"", COLS[c], (int)(n > 40 ? 40 : n), s);
		return DATE_NONE;
	}
	return d;
}

static int
yes(struct rd *x, int c)
{
	size_t n;
	const char *s = field(x, c, &n);
	int b = 0;

	if (n > 0 && util_parse_bool(s, n, &b) != 0)
		bad_cell(x, "bad yes/no", "column \"%s\": \"%.*s\" is not "
		    "yes or no", COLS[c], (int)(n > 40 ? 40 : n), s);
	return b;
}

/*
 * The row's student and objective (RENDER_NONE when the cell is empty),
 * added when new.  Called only for a row that is kept: a rejected row adds
 * nothing to the report.
 */
static size_t
student_of(struct rd *x)
{
	return student(x->r, x->sid, x->nsid);
}

static size_t
objective_of(struct rd *x)
{
	size_t n;
	const char *s = field(x, C_OBJECTIVE, &n);

	return n ? objective(x->r, s, n) : RENDER_NONE;
}

/* Marks student s x objective o as having a mastery row; 1 when it had
 * one already. */
static int
pair_seen(struct report *r, uint32_t s, uint32_t o)
{
	size_t w = o / 64, i;
	uint64_t bit = (uint64_t)1 << (o % 64), *v;

	if (w >= r->stride) {
		size_t stride = r->stride ? 2 * r->stride : 1;

		while (stride <= w)
			stride *= 2;
		v = xcalloc(r->nseen ? r->nseen : 1, stride * sizeof *v);
		for (i = 0; i < r->nseen; i++)
			memcpy(v + i * stride, r->seen + i * r->stride,
			    r->stride * sizeof *v);
		free(r->seen);
		r->seen = v;
		r->capseen = r->nseen ? r->nseen : 1;
		r->stride = stride;
	}
	if (s >= r->nseen) {
		r->seen = xgrow(r->seen, &r->capseen, s + 1, r->stride *
		    sizeof *r->seen);
		memset(r->seen + r->nseen * r->stride, 0, (s + 1 - r->nseen) *
		    r->stride * sizeof *r->seen);
		r->nseen = s + 1;
	}
	v = r->seen + (size_t)s * r->stride + w;
	if (*v & bit)
		return 1;
	*v |= bit;
	return 0;
}

static int level_rank(const struct report *r, const char *level);

/* A level that is neither on the scale nor not_yet (which is no score, or
 * an empty cell) is a bad row: shown as "not yet" it would hide what the
 * table says (a --scale that is not the one pl-progress used). */
static void
check_level(struct rd *x, const char *level)
{
	const struct report *r = x->r;
	char names[160];
	size_t i, len = 0;

	if (r->nlevels == 0 || *level == '\0' ||
	    strcmp(level, "not_yet") == 0 || level_rank(r, level) >= 0)
		return;
	names[0] = '\0';
	for (i = 0; i < r->nlevels && len < sizeof names; i++)
		len += (size_t)snprintf(names + len, sizeof names - len,
		    "%s, ", r->levels[i]);
	bad_cell(x, "level not on the scale", "column \"level\": \"%.40s\" "
	    "is not a level of the scale (%snot_yet)", level, names);
}

/* A mastery row; the first row of a student and objective counts, a
 * second is a bad row (as pl-plan has it). */
static void
read_mastery(struct rd *x)
{
	struct report *r = x->r;
	struct mrow m;
	size_t n, lo;
	const char *course = field(x, C_COURSE, &n);

	field(x, C_OBJECTIVE, &lo);
	if (lo == 0)
		bad_cell(x, "no objective_id", "empty objective_id");
	m.level = text(x, C_LEVEL);
	check_level(x, m.level);
	m.score = number(x, C_SCORE);
	m.mastered = yes(x, C_MASTERED);
	m.on = day(x, C_MASTERED_ON);
	if (x->why)
		return;
	/* A second row's student and objective are there already: the
	 * first row added them. */
	m.s = (uint32_t)student_of(x);
	m.o = (uint32_t)objective_of(x);
	if (pair_seen(r, m.s, m.o)) {
		const char *oid = field(x, C_OBJECTIVE, &lo);

		bad_cell(x, "duplicate", "a second row for this student and "
		    "objective %.*s", (int)(lo > 40 ? 40 : lo), oid);
		return;
	}
	if (n > 0 && *r->obj[m.o].course == '\0')
		r->obj[m.o].course = keep(r, course, n);
	if (*m.level == '\0')
		m.level = "not_yet";
	r->m = xgrow(r->m, &r->capm, r->nm + 1, sizeof *r->m);
	r->m[r->nm++] = m;
}

static void
read_pacing(struct rd *x)
{
	struct report *r = x->r;
	struct render_pacing p;
	size_t n;
	const char *st = field(x, C_STATUS, &n);
	char buf[32];

	memset(&p, 0, sizeof p);
	p.course = text(x, C_COURSE);
	p.total = count(x, C_TOTAL);
	p.mastered = count(x, C_MASTERED);
	p.expected = number(x, C_EXPECTED);
	p.days_ahead = number(x, C_DAYS);
	p.velocity = number(x, C_VELOCITY);
	p.needed = number(x, C_NEEDED);
	p.projected = day(x, C_PROJECTED);
	p.target = day(x, C_TARGET);
	snprintf(buf, sizeof buf, "%.*s", (int)(n < 31 ? n : 31), st);
	if (render_status_parse(buf, &p.status) != 0)
		bad_cell(x, "bad status", "column \"status\": unknown status "
		    "\"%s\"", buf);
	if (x->why)
		return;
	p.student = student_of(x);
	r->pace = xgrow(r->pace, &r->cappace, r->npace + 1, sizeof *r->pace);
	r->pace[r->npace++] = p;
}

static void
read_item(struct rd *x)
{
	struct report *r = x->r;
	struct render_item it;

	it.seq = count(x, C_SEQ);
	it.activity_id = text(x, C_ACTIVITY);
	it.title = text(x, C_TITLE);
	it.modality = text(x, C_MODALITY);
	it.minutes = number(x, C_MINUTES);
	it.phase = text(x, C_PHASE);
	it.kind = text(x, C_KIND);
	it.due = day(x, C_DUE);
	it.reason = text(x, C_REASON);
	if (x->why)
		return;
	it.student = student_of(x);
	it.objective = objective_of(x);
	r->items = xgrow(r->items, &r->capitems, r->nitems + 1,
	    sizeof *r->items);
	r->items[r->nitems++] = it;
}

static void
read_member(struct rd *x)
{
	struct report *r = x->r;
	struct render_member m;

	m.group = text(x, x->idx[C_GROUP] >= 0 ? C_GROUP : C_SESSION);
	m.slot = text(x, C_SLOT);
	m.teacher = text(x, C_TEACHER);
	m.reason = text(x, C_REASON);
	if (x->why)
		return;
	m.student = student_of(x);
	m.objective = objective_of(x);
	r->mem = xgrow(r->mem, &r->capmem, r->nmem + 1, sizeof *r->mem);
	r->mem[r->nmem++] = m;
}

int
report_read(struct report *r, struct table *t, enum report_table kind,
    struct reject *rj, struct pl_err *err)
{
	long idx[NCOLS];
	int req[NCOLS], rc;
	struct rd x;
	size_t i, n;
	char found[512];

	memset(req, 0, sizeof req);
	if (table_cols(t, COLS, req, NCOLS, idx, err) != 0)
		return -1;
	if (kind == REPORT_DETECT && (kind = detect(idx)) == REPORT_DETECT) {
		found[0] = '\0';
		for (i = 0; i < table_ncols(t); i++) {
			n = strlen(found);
			snprintf(found + n, sizeof found - n, "%s%s", i ? ", " : "",
			    table_colname(t, i));
		}
		pl_err_set(err, table_name(t), 0, PL_EXIT_USAGE, "not a mastery, "
		    "pacing, playlist or groups table (found: %s)", found);
		return -1;
	}
	req[C_STUDENT] = 1;
	if (kind == REPORT_MASTERY)
		req[C_OBJECTIVE] = 1;
	if (kind == REPORT_PACING)
		req[C_COURSE] = 1;
	if (kind == REPORT_GROUPS && idx[C_SESSION] < 0)
		req[C_GROUP] = 1;
	if (table_cols(t, COLS, req, NCOLS, idx, err) != 0) {
		size_t len = strlen(err->msg);

		snprintf(err->msg + len, sizeof err->msg - len, " in the %s table",
		    TABLE_NAMES[kind]);
		return -1;
	}
	x.r = r;
	x.t = t;
	x.idx = idx;
	x.decimal_comma = table_decimal_comma(t, r->decimal_comma);
	while ((rc = table_next(t, err)) == 1) {
		const char *problem = table_problem(t), *id;

		x.why = NULL;
		id = field(&x, C_STUDENT, &n);
		if (problem != NULL) {
			if (reject_row(rj, t, "bad record", problem, err) != 0)
				return -1;
			continue;
		}
		if (n == 0) {
			if (reject_row(rj, t, "no student_id",
			    "empty student_id", err) != 0)
				return -1;
			continue;
		}
		x.sid = id;
		x.nsid = n;
		switch (kind) {
		case REPORT_MASTERY: read_mastery(&x); break;
		case REPORT_PACING: read_pacing(&x); break;
		case REPORT_PLAYLIST: read_item(&x); break;
		default: read_member(&x); break;
		}
		if (x.why && reject_row(rj, t, x.why, x.msg, err) != 0)
			return -1;
	}
	return rc < 0 ? -1 : 0;
}

/* Sorting by id, with the arrays to sort through. */
struct by {
	size_t i;
	const char *a, *b;
};

static int
cmp_by(const void *p, const void *q)
{
	const struct by *x = p, *y = q;
	int c = strcmp(x->a, y->a);

	return c ? c : strcmp(x->b, y->b);
}

/* perm[old] = new: the first `fixed` keep their places, the rest sort by
 * (a, b). */
static size_t *
order(size_t n, size_t fixed, const char *(*key)(struct report *, size_t,
    int), struct report *r)
{
	struct by *v = xmalloc((n + 1) * sizeof *v);
	size_t *perm = xmalloc((n + 1) * sizeof *perm), i;

	for (i = 0; i < n; i++) {
		v[i].i = i;
		v[i].a = key(r, i, 0);
		v[i].b = key(r, i, 1);
	}
	if (n > fixed)
		qsort(v + fixed, n - fixed, sizeof *v, cmp_by);
	for (i = 0; i < n; i++)
		perm[v[i].i] = i;
	free(v);
	return perm;
}

static const char *
student_key(struct report *r, size_t i, int part)
{
	return part ? "" : r->stu[i].id;
}

static const char *
objective_key(struct report *r, size_t i, int part)
{
	return part ? r->obj[i].id : r->obj[i].course;
}

static int
level_rank(const struct report *r, const char *level)
{
	size_t i;

	for (i = 0; i < r->nlevels; i++)
		if (util_strcaseeq(r->levels[i], level))
			return (int)i;
	return -1;
}

const struct render_data *
report_data(struct report *r, int32_t as_of)
{
	size_t *ps = order(r->nstu, r->nroster, student_key, r);
	size_t *po = order(r->nobj, r->nguide, objective_key, r);
	size_t i;

	free(r->ostu);
	free(r->oobj);
	free(r->cells);
	free(r->opace);
	free(r->oitems);
	free(r->omem);
	r->ostu = xmalloc((r->nstu + 1) * sizeof *r->ostu);
	r->oobj = xmalloc((r->nobj + 1) * sizeof *r->oobj);
	for (i = 0; i < r->nstu; i++)
		r->ostu[ps[i]] = r->stu[i];
	for (i = 0; i < r->nobj; i++)
		r->oobj[po[i]] = r->obj[i];
	r->cells = NULL;
	if (r->nm > 0) {
		r->cells = xmalloc((r->nstu * r->nobj + 1) * sizeof *r->cells);
		for (i = 0; i < r->nstu * r->nobj; i++)
			r->cells[i] = (struct render_cell){ .level = NULL,
			    .rank = -1, .score = NAN, .mastered = 0,
			    .mastered_on = DATE_NONE };
		for (i = 0; i < r->nm; i++) {
			const struct mrow *m = &r->m[i];
			struct render_cell *c =
			    &r->cells[ps[m->s] * r->nobj + po[m->o]];

			c->level = m->level;
			c->rank = level_rank(r, m->level);
			c->score = m->score;
			c->mastered = m->mastered;
			c->mastered_on = m->on;
		}
	}
	r->opace = xmalloc((r->npace + 1) * sizeof *r->opace);
	for (i = 0; i < r->npace; i++) {
		r->opace[i] = r->pace[i];
		r->opace[i].student = ps[r->pace[i].student];
	}
	r->oitems = xmalloc((r->nitems + 1) * sizeof *r->oitems);
	for (i = 0; i < r->nitems; i++) {
		r->oitems[i] = r->items[i];
		r->oitems[i].student = ps[r->items[i].student];
		if (r->items[i].objective != RENDER_NONE)
			r->oitems[i].objective = po[r->items[i].objective];
	}
	r->omem = xmalloc((r->nmem + 1) * sizeof *r->omem);
	for (i = 0; i < r->nmem; i++) {
		r->omem[i] = r->mem[i];
		r->omem[i].student = ps[r->mem[i].student];
		if (r->mem[i].objective != RENDER_NONE)
			r->omem[i].objective = po[r->mem[i].objective];
	}
	free(ps);
	free(po);
	r->data = (struct render_data){ NULL, as_of, r->ostu, r->nstu, r->oobj,
	    r->nobj, r->cells, r->levels, r->nlevels, r->opace, r->npace,
	    r->oitems, r->nitems, r->omem, r->nmem };
	return &r->data;
}
