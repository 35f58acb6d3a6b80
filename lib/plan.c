/*
 * plan.c - pl-plan's engine: turns the tables a school has (objectives,
 * roster, activities, mastery, pacing, sessions, requests, assignments)
 * into the structs of curriculum, playlist and groups, runs them, and
 * writes the playlist or groups table.  Every string read is kept in one
 * intern set, so the structs can point at them for the plan's lifetime.
 */
#include "plan.h"
#include "curriculum.h"
#include "date.h"
#include "groups.h"
#include "intern.h"
#include "num.h"
#include "playlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds that keep numbers from the tables within a long: minutes of an
 * objective or activity (the --minutes bound), and days ahead or behind. */
#define MINUTES_MAX 10000000
#define DAYS_MAX 1000000

/* A student as the plan knows them. */
struct pstudent {
	struct playlist_student s;
	struct playlist_mastery *m;	/* NULL until a mastery row */
	struct playlist_pacing *pace;
	size_t cappace;
};

struct plan {
	const struct plan_opts *o;
	struct intern *strs;		/* every string read */
	struct curriculum *cur;
	struct curriculum_objective *cobj;
	struct playlist_activity *acts;
	struct playlist_catalog *cat;
	struct playlist_opts popts;
	struct intern *sids;
	struct pstudent *st;
	size_t nst, capst;
	struct intern *session_ids;
	struct groups_session *se;
	size_t nse, capse;
	struct groups_request *rq;
	size_t nrq, caprq;
	struct groups_assign *as;
	size_t nas, capas;
};

void
plan_opts_init(struct plan_opts *o)
{
	memset(o, 0, sizeof *o);
	o->mode = PLAN_PLAYLIST;
	o->as_of = DATE_NONE;
	o->recent_days = 10;
	o->max_size = 6;
	o->min_size = 1;
}

static const char *
keep(struct plan *p, const char *s, size_t n)
{
	return intern_str(p->strs, intern_add(p->strs, s, n));
}

/* The student called id, added when new. */
static struct pstudent *
student(struct plan *p, const char *id, size_t len)
{
	uint32_t k = intern_add(p->sids, id, len);
	struct pstudent *s;

	if (k < p->nst)
		return &p->st[k];
	p->st = xgrow(p->st, &p->capst, p->nst + 1, sizeof *p->st);
	s = &p->st[p->nst++];
	memset(s, 0, sizeof *s);
	s->s.id = intern_str(p->sids, k);
	return s;
}

struct plan *
plan_new(const struct plan_opts *o,
    const struct catalog_objectives *objectives,
    const struct catalog_roster *roster,
    const struct catalog_activities *activities, struct pl_err *err)
{
	struct plan *p = xcalloc(1, sizeof *p);
	size_t i;

	p->o = o;
	p->strs = intern_new();
	p->sids = intern_new();
	p->session_ids = intern_new();
	p->cobj = xcalloc(objectives->n ? objectives->n : 1, sizeof *p->cobj);
	for (i = 0; i < objectives->n; i++) {
		const struct catalog_objective *c = &objectives->v[i];

		p->cobj[i].id = c->id;
		p->cobj[i].title = c->title;
		p->cobj[i].course = c->course;
		p->cobj[i].due = c->due;
		if (c->est_minutes > MINUTES_MAX) {
			pl_err_set(err, objectives->name, c->line, PL_EXIT_DATA,
			    "column \"est_minutes\": %g is more than %ld",
			    c->est_minutes, (long)MINUTES_MAX);
			plan_free(p);
			return NULL;
		}
		p->cobj[i].est_minutes = (long)num_round(c->est_minutes, 0);
		p->cobj[i].essential = c->essential;
		p->cobj[i].prereq_ids = (const char *const *)c->prereqs.v;
		p->cobj[i].nprereq = c->prereqs.n;
	}
	p->cur = curriculum_new(p->cobj, objectives->n, err);
	if (p->cur == NULL) {
		snprintf(err->file, sizeof err->file, "%s", objectives->name);
		plan_free(p);
		return NULL;
	}
	p->acts = xcalloc(activities->n ? activities->n : 1, sizeof *p->acts);
	for (i = 0; i < activities->n; i++) {
		const struct catalog_activity *a = &activities->v[i];
		struct playlist_activity *x = &p->acts[i];

		if (playlist_phase_parse(a->phase, &x->phase) != 0) {
			pl_err_set(err, activities->name, a->line,
			    PL_EXIT_DATA, "column \"phase\": unknown phase "
			    "\"%s\" (expected foundation, practice, "
			    "assessment or exploration)", a->phase);
			plan_free(p);
			return NULL;
		}
		x->id = a->id;
		x->objective_id = a->objective;
		x->title = a->title;
		x->modality = a->modality;
		if (a->minutes > MINUTES_MAX) {
			pl_err_set(err, activities->name, a->line,
			    PL_EXIT_DATA, "column \"minutes\": %g is more "
			    "than %ld", a->minutes, (long)MINUTES_MAX);
			plan_free(p);
			return NULL;
		}
		x->minutes = (long)num_round(a->minutes, 0);
		x->tags = (const char *const *)a->tags.v;
		x->ntags = a->tags.n;
		x->essential = a->essential;
	}
	p->cat = playlist_catalog_new(p->cur, p->acts, activities->n);
	for (i = 0; i < roster->n; i++) {
		const struct catalog_student *c = &roster->v[i];
		struct pstudent *s = student(p, c->id, strlen(c->id));

		s->s.interests = (const char *const *)c->interests.v;
		s->s.ninterests = c->interests.n;
		s->s.modalities = (const char *const *)c->modalities.v;
		s->s.nmodalities = c->modalities.n;
	}
	playlist_opts_init(&p->popts);
	p->popts.as_of = o->as_of;
	p->popts.recent_days = o->recent_days;
	p->popts.minutes = o->minutes;
	p->popts.max_items = o->max_items;
	return p;
}

void
plan_free(struct plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nst; i++) {
		free(p->st[i].m);
		free(p->st[i].pace);
	}
	free(p->st);
	playlist_catalog_free(p->cat);
	curriculum_free(p->cur);
	free(p->cobj);
	free(p->acts);
	free(p->se);
	free(p->rq);
	free(p->as);
	intern_free(p->strs);
	intern_free(p->sids);
	intern_free(p->session_ids);
	free(p);
}

size_t
plan_unknown_activities(const struct plan *p)
{
	return playlist_catalog_unknown(p->cat);
}

/* Column indices of a table; -1 when absent. */
static int
columns(struct table *t, const char *const *names, const int *req,
    size_t n, long *idx, struct pl_err *err)
{
	return table_cols(t, names, req, n, idx, err);
}

static const char *
field(struct table *t, long col, size_t *len)
{
	if (col < 0) {
		*len = 0;
		return "";
	}
	return util_trim(table_field(t, (size_t)col, len), len);
}

/* Rejects the current row with a message; returns reject_row's result. */
static int
reject(struct reject *r, struct table *t, const char *kind,
    struct pl_err *err, const char *fmt, const char *a, size_t alen)
{
	char msg[512];

	snprintf(msg, sizeof msg, fmt, (int)alen, a);
	return reject_row(r, t, kind, msg, err);
}

/* Whether numbers in t have a decimal comma (table_decimal_comma). */
static int
decimal_comma(const struct plan *p, const struct table *t)
{
	return table_decimal_comma(t, p->o->decimal_comma);
}

/* Reads a date cell: 0 ok (DATE_NONE when empty), -1 bad. */
static int
date_cell(const struct plan *p, const char *s, size_t n, int32_t *out)
{
	*out = DATE_NONE;
	return n == 0 ? 0 : date_parse(s, n, p->o->date_flags, out);
}

int
plan_read_mastery(struct plan *p, struct table *t, struct reject *r,
    struct pl_err *err)
{
	static const char *const names[] = { "student_id", "objective_id",
		"score", "level", "mastered", "mastered_on", "last_date" };
	static const int req[] = { 1, 1, 0, 0, 0, 0, 0 };
	long c[7];
	int rc, dc = decimal_comma(p, t);

	if (columns(t, names, req, 7, c, err) != 0)
		return -1;
	while ((rc = table_next(t, err)) == 1) {
		size_t ls, lo, lsc, llv, lm, lon, lld;
		const char *sid = field(t, c[0], &ls);
		const char *oid = field(t, c[1], &lo);
		const char *sc = field(t, c[2], &lsc);
		const char *lv = field(t, c[3], &llv);
		const char *ms = field(t, c[4], &lm);
		const char *on = field(t, c[5], &lon);
		const char *ld = field(t, c[6], &lld);
		const char *problem = table_problem(t);
		struct playlist_mastery x = { .has_evidence = 1,
			.mastered_on = DATE_NONE, .last_date = DATE_NONE };
		struct pstudent *s;
		long obj;
		size_t i;

		if (problem != NULL) {
			if (reject(r, t, "malformed row", err, "%.*s",
			    problem, strlen(problem)) != 0)
				return -1;
			continue;
		}
		if (ls == 0) {
			if (reject(r, t, "no student", err, "empty "
			    "student_id%.*s", "", 0) != 0)
				return -1;
			continue;
		}
		obj = curriculum_find_n(p->cur, oid, lo);
		if (obj < 0) {
			if (reject(r, t, "unknown objective", err, "objective "
			    "\"%.*s\" is not in the objectives", oid, lo) != 0)
				return -1;
			continue;
		}
		if (lsc > 0 && (num_parse(sc, lsc, dc, &x.score) != 0 ||
		    x.score < 0 || x.score > 1)) {
			if (reject(r, t, "bad score", err, "score \"%.*s\" is "
			    "not a number from 0 to 1", sc, lsc) != 0)
				return -1;
			continue;
		}
		if (lm > 0 && util_parse_bool(ms, lm, &x.mastered) != 0) {
			if (reject(r, t, "bad mastered", err, "mastered \"%.*s\" "
			    "is not yes or no", ms, lm) != 0)
				return -1;
			continue;
		}
		if (date_cell(p, on, lon, &x.mastered_on) != 0) {
			if (reject(r, t, "bad date", err, "invalid date "
			    "\"%.*s\"", on, lon) != 0)
				return -1;
			continue;
		}
		if (date_cell(p, ld, lld, &x.last_date) != 0) {
			if (reject(r, t, "bad date", err, "invalid date "
			    "\"%.*s\"", ld, lld) != 0)
				return -1;
			continue;
		}
		s = student(p, sid, ls);
		if (s->m == NULL) {
			size_t n = curriculum_count(p->cur);

			s->m = xcalloc(n ? n : 1, sizeof *s->m);
			for (i = 0; i < n; i++) {
				s->m[i].mastered_on = DATE_NONE;
				s->m[i].last_date = DATE_NONE;
			}
			s->s.mastery = s->m;
		}
		if (s->m[obj].has_evidence) {
			if (reject(r, t, "duplicate", err, "a second row for "
			    "this student and objective %.*s", oid, lo) != 0)
				return -1;
			continue;
		}
		x.level = llv ? keep(p, lv, llv) : NULL;
		s->m[obj] = x;
	}
	return rc < 0 ? -1 : 0;
}

/* Lines of rows left out that a warning names; the rest are "...". */
#define SHOW_LINES 5

/* Passes a warning to the caller's callback, if any. */
static void
warn(const struct plan *p, const char *msg)
{
	if (p->o->warn != NULL)
		p->o->warn(p->o->warn_arg, msg);
}

/* Warns that n rows of t (the first at lines[]) were of students the plan
 * does not have. */
static void
warn_strangers(const struct plan *p, const struct table *t,
    unsigned long n, const long *lines)
{
	char msg[512], list[128];
	size_t i, len = 0;

	for (i = 0; i < n && i < SHOW_LINES; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%ld",
		    i ? ", " : "", lines[i]);
	snprintf(msg, sizeof msg, "%s: left out %lu row%s of %s in "
	    "neither the roster nor the mastery (line%s %s%s)", table_name(t),
	    n, n == 1 ? "" : "s", n == 1 ? "a student" : "students",
	    n == 1 ? "" : "s", list,
	    n > SHOW_LINES ? ", ..." : "");
	warn(p, msg);
}

int
plan_read_pacing(struct plan *p, struct table *t, struct reject *r,
    struct pl_err *err)
{
	static const char *const names[] = { "student_id", "course_id",
		"status", "days_ahead" };
	static const int req[] = { 1, 0, 1, 0 };
	long c[4], lines[SHOW_LINES];
	unsigned long strangers = 0;
	int rc, dc = decimal_comma(p, t);

	if (columns(t, names, req, 4, c, err) != 0)
		return -1;
	while ((rc = table_next(t, err)) == 1) {
		size_t ls, lc, lst, ld;
		const char *sid = field(t, c[0], &ls);
		const char *course = field(t, c[1], &lc);
		const char *st = field(t, c[2], &lst);
		const char *days = field(t, c[3], &ld);
		char *status = xstrndup(st, lst);
		struct playlist_pacing x = { NULL, PLAYLIST_PACE_UNKNOWN, 0 };
		double d = 0;
		struct pstudent *s;
		uint32_t k;
		int bad = playlist_pace_parse(status, &x.status);

		free(status);
		if (table_problem(t) != NULL) {
			if (reject(r, t, "malformed row", err, "%.*s",
			    table_problem(t), strlen(table_problem(t))) != 0)
				return -1;
			continue;
		}
		if (ls == 0) {
			if (reject(r, t, "no student", err, "empty "
			    "student_id%.*s", "", 0) != 0)
				return -1;
			continue;
		}
		if (bad != 0) {
			if (reject(r, t, "bad status", err, "status \"%.*s\" "
			    "is not ahead, on_track, behind or intervene", st,
			    lst) != 0)
				return -1;
			continue;
		}
		if (ld > 0 && num_parse(days, ld, dc, &d) == 0 &&
		    !(d >= -DAYS_MAX && d <= DAYS_MAX)) {
			if (reject(r, t, "bad days_ahead", err, "days_ahead "
			    "\"%.*s\" is out of range (-1000000 to 1000000)",
			    days, ld) != 0)
				return -1;
			continue;
		}
		if (ld > 0 && (num_parse(days, ld, dc, &d) != 0 ||
		    d != (double)(long)d)) {
			if (reject(r, t, "bad days_ahead", err, "days_ahead "
			    "\"%.*s\" is not a whole number", days, ld) != 0)
				return -1;
			continue;
		}
		k = intern_find(p->sids, sid, ls);
		if (k == UINT32_MAX) {
			if (strangers < SHOW_LINES)
				lines[strangers] = table_line(t);
			strangers++;
			continue;
		}
		x.course = keep(p, course, lc);
		x.days_ahead = (long)d;
		s = &p->st[k];
		s->pace = xgrow(s->pace, &s->cappace, s->s.npacing + 1,
		    sizeof *s->pace);
		s->pace[s->s.npacing++] = x;
		s->s.pacing = s->pace;
	}
	if (rc == 0 && strangers > 0)
		warn_strangers(p, t, strangers, lines);
	return rc < 0 ? -1 : 0;
}

int
plan_read_sessions(struct plan *p, struct table *t, struct pl_err *err)
{
	static const char *const names[] = { "session_id", "objective_id",
		"slot", "capacity", "teacher" };
	static const int req[] = { 1, 1, 1, 1, 0 };
	long c[5];
	int rc, dc = decimal_comma(p, t);

	if (columns(t, names, req, 5, c, err) != 0)
		return -1;
	while ((rc = table_next(t, err)) == 1) {
		size_t li, lo, ls, lc, lt;
		const char *id = field(t, c[0], &li);
		const char *oid = field(t, c[1], &lo);
		const char *slot = field(t, c[2], &ls);
		const char *cap = field(t, c[3], &lc);
		const char *teacher = field(t, c[4], &lt);
		const char *problem = table_problem(t);
		struct groups_session *x;
		double v;
		long obj;

		if (problem != NULL) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "%s", problem);
			return -1;
		}
		if (li == 0) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "empty session_id");
			return -1;
		}
		if (intern_find(p->session_ids, id, li) != UINT32_MAX) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "duplicate session \"%.*s\"",
			    (int)li, id);
			return -1;
		}
		obj = curriculum_find_n(p->cur, oid, lo);
		if (obj < 0) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "session \"%.*s\": unknown "
			    "objective \"%.*s\"", (int)li, id, (int)lo, oid);
			return -1;
		}
		if (num_parse(cap, lc, dc, &v) != 0 || v < 0 || v > 1e6 ||
		    v != (double)(long)v) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "column \"capacity\": invalid "
			    "capacity \"%.*s\"", (int)lc, cap);
			return -1;
		}
		intern_add(p->session_ids, id, li);
		p->se = xgrow(p->se, &p->capse, p->nse + 1, sizeof *p->se);
		x = &p->se[p->nse++];
		x->id = keep(p, id, li);
		x->objective_id = curriculum_objective(p->cur,
		    (size_t)obj)->id;
		x->slot = keep(p, slot, ls);
		x->teacher = keep(p, teacher, lt);
		x->capacity = (long)v;
	}
	return rc < 0 ? -1 : 0;
}

int
plan_read_requests(struct plan *p, struct table *t, struct reject *r,
    struct pl_err *err)
{
	static const char *const names[] = { "student_id", "session_id",
		"rank" };
	static const int req[] = { 1, 1, 0 };
	long c[3];
	int rc, dc = decimal_comma(p, t);

	if (columns(t, names, req, 3, c, err) != 0)
		return -1;
	while ((rc = table_next(t, err)) == 1) {
		size_t ls, lj, lr;
		const char *sid = field(t, c[0], &ls);
		const char *jid = field(t, c[1], &lj);
		const char *rank = field(t, c[2], &lr);
		struct groups_request *x;
		double v = 1;

		if (table_problem(t) != NULL) {
			if (reject(r, t, "malformed row", err, "%.*s",
			    table_problem(t), strlen(table_problem(t))) != 0)
				return -1;
			continue;
		}
		if (lr > 0 && (num_parse(rank, lr, dc, &v) != 0 || v < 1 ||
		    v > 1000 || v != (double)(long)v)) {
			if (reject(r, t, "bad rank", err, "rank \"%.*s\" is not "
			    "a whole number from 1", rank, lr) != 0)
				return -1;
			continue;
		}
		p->rq = xgrow(p->rq, &p->caprq, p->nrq + 1, sizeof *p->rq);
		x = &p->rq[p->nrq++];
		x->student_id = keep(p, sid, ls);
		x->session_id = keep(p, jid, lj);
		x->rank = (long)v;
	}
	return rc < 0 ? -1 : 0;
}

int
plan_read_assign(struct plan *p, struct table *t, struct reject *r,
    struct pl_err *err)
{
	static const char *const names[] = { "student_id", "session_id" };
	static const int req[] = { 1, 1 };
	long c[2];
	int rc;

	if (columns(t, names, req, 2, c, err) != 0)
		return -1;
	while ((rc = table_next(t, err)) == 1) {
		size_t ls, lj;
		const char *sid = field(t, c[0], &ls);
		const char *jid = field(t, c[1], &lj);
		struct groups_assign *x;

		if (table_problem(t) != NULL) {
			if (reject(r, t, "malformed row", err, "%.*s",
			    table_problem(t), strlen(table_problem(t))) != 0)
				return -1;
			continue;
		}
		p->as = xgrow(p->as, &p->capas, p->nas + 1, sizeof *p->as);
		x = &p->as[p->nas++];
		x->student_id = keep(p, sid, ls);
		x->session_id = keep(p, jid, lj);
	}
	return rc < 0 ? -1 : 0;
}

static int
cmp_student(const void *pa, const void *pb)
{
	const struct playlist_student *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

/* The students to plan for, by id: everyone, or those of --student. */
static struct playlist_student *
chosen_students(const struct plan *p, size_t *n)
{
	struct playlist_student *v = xmalloc((p->nst ? p->nst : 1) *
	    sizeof *v);
	size_t i, j, k = 0;

	for (i = 0; i < p->nst; i++) {
		int keep_it = p->o->nstudents == 0;

		for (j = 0; j < p->o->nstudents && !keep_it; j++)
			keep_it = strcmp(p->o->students[j], p->st[i].s.id) == 0;
		if (keep_it)
			v[k++] = p->st[i].s;
	}
	qsort(v, k, sizeof *v, cmp_student);
	*n = k;
	return v;
}

static void
put_opt(struct table_writer *w, const char *s)
{
	table_puts(w, s ? s : "");
}

static void
write_playlist(struct plan *p, struct table_writer *w)
{
	static const char *const head[] = { "student_id", "seq",
		"objective_id", "activity_id", "title", "modality", "minutes",
		"phase", "kind", "due_date", "reason" };
	size_t n, i, j;
	struct playlist_student *v = chosen_students(p, &n);

	table_put_row(w, head, 11);
	for (i = 0; i < n; i++) {
		struct playlist *pl = playlist_new();

		playlist_build(pl, p->cur, p->cat, &v[i], &p->popts);
		for (j = 0; j < pl->n; j++) {
			const struct playlist_row *r = &pl->rows[j];

			table_puts(w, r->student_id);
			table_put_int(w, r->seq);
			table_puts(w, r->objective_id);
			put_opt(w, r->activity_id);
			put_opt(w, r->title);
			put_opt(w, r->modality);
			table_put_int(w, r->minutes);
			put_opt(w, r->phase);
			table_puts(w, playlist_kind_name(r->kind));
			table_put_date(w, r->due);
			table_puts(w, r->reason);
			table_endrow(w);
		}
		playlist_free(pl);
	}
	free(v);
}

int
plan_write(struct plan *p, struct table_writer *w, size_t *conflicts,
    struct pl_err *err)
{
	static const char *const head[] = { "group_id", "student_id",
		"objective_id", "slot", "teacher", "reason" };
	struct playlist_student *v;
	struct groups *g;
	struct groups_opts go;
	size_t n, i;
	int rc;

	*conflicts = 0;
	/* A --student that names no student (in neither the roster nor the
	 * mastery rows) is a mistake, not an empty plan. */
	for (i = 0; i < p->o->nstudents; i++) {
		const char *id = p->o->students[i];

		if (intern_find(p->sids, id, strlen(id)) >= p->nst) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA,
			    "no student \"%s\"", id);
			return -1;
		}
	}
	if (p->o->mode == PLAN_PLAYLIST) {
		write_playlist(p, w);
		return 0;
	}
	v = chosen_students(p, &n);
	g = groups_new();
	go.max_size = p->o->max_size;
	go.min_size = p->o->min_size;
	if (p->o->mode == PLAN_GROUPS)
		rc = groups_auto(g, p->cur, v, n, &p->popts, &go, err);
	else
		rc = groups_sessions(g, p->cur, v, n, &p->popts, p->se, p->nse,
		    p->rq, p->nrq, p->as, p->nas, err);
	if (rc != 0) {
		groups_free(g);
		free(v);
		return -1;
	}
	table_put_row(w, head, 6);
	for (i = 0; i < g->n; i++) {
		const struct groups_row *r = &g->rows[i];

		table_puts(w, r->group_id);
		table_puts(w, r->student_id);
		table_puts(w, r->objective_id);
		put_opt(w, r->slot);
		put_opt(w, r->teacher);
		table_puts(w, r->reason);
		table_endrow(w);
	}
	for (i = 0; i < g->nunmet; i++) {
		const struct groups_unmet *u = &g->unmet[i];
		const char *jid = u->session_id ? u->session_id : "";
		uint32_t j = intern_find(p->session_ids, jid, strlen(jid));
		const struct groups_session *s = j == UINT32_MAX ? NULL :
		    &p->se[j];
		char what[64];

		if (u->kind == GROUPS_UNMET_ASSIGN) {
			snprintf(what, sizeof what, "teacher assignment");
			++*conflicts;
		} else {
			snprintf(what, sizeof what, "request (choice %ld)",
			    u->rank);
		}
		table_puts(w, "");
		put_opt(w, u->student_id);
		put_opt(w, s ? s->objective_id : NULL);
		put_opt(w, s ? s->slot : NULL);
		put_opt(w, s ? s->teacher : NULL);
		{
			size_t len = strlen(what) + strlen(jid) +
			    strlen(u->reason) + 32;
			char *reason = xmalloc(len);

			snprintf(reason, len, "not placed: %s for %s: %s",
			    what, jid, u->reason);
			table_puts(w, reason);
			free(reason);
		}
		table_endrow(w);
	}
	groups_free(g);
	free(v);
	return 0;
}
