/*
 * paceview.c - from mastery results to pacing rows, course by course.
 */
#include "paceview.h"
#include "date.h"

#include <stdlib.h>
#include <string.h>

struct course {
	const char *id;
	size_t *objs;		/* catalog indices, guide order */
	size_t n;
	struct pacing_course *pc;
};

struct paceview {
	const struct catalog_objectives *objs;
	const struct catalog_roster *roster;
	struct pacing_options opt;
	int32_t as_of;
	struct course *courses;	/* in id order */
	size_t ncourses;
	long *course_of;	/* catalog index -> course */
	size_t *pos_of;		/* catalog index -> position in course */
	int32_t *mastered_on;	/* scratch, per position */
	size_t max_n;
};

static int
cmp_course(const void *a, const void *b)
{
	return strcmp(((const struct course *)a)->id,
	    ((const struct course *)b)->id);
}

struct paceview *
paceview_new(const struct catalog_objectives *objectives,
    const struct catalog_roster *roster, const struct calendar *cal,
    int32_t start, int32_t end, int32_t as_of,
    const struct pacing_options *opt, struct pl_err *err)
{
	struct paceview *v = xcalloc(1, sizeof *v);
	size_t i, c;
	int32_t *due;

	v->objs = objectives;
	v->roster = roster;
	v->opt = *opt;
	v->as_of = as_of;
	v->course_of = xcalloc(objectives->n + 1, sizeof *v->course_of);
	v->pos_of = xcalloc(objectives->n + 1, sizeof *v->pos_of);
	v->courses = xcalloc(objectives->n + 1, sizeof *v->courses);
	for (i = 0; i < objectives->n; i++) {
		const char *id = objectives->v[i].course;

		for (c = 0; c < v->ncourses; c++)
			if (strcmp(v->courses[c].id, id) == 0)
				break;
		if (c == v->ncourses)
			v->courses[v->ncourses++].id = id;
	}
	qsort(v->courses, v->ncourses, sizeof *v->courses, cmp_course);
	for (c = 0; c < v->ncourses; c++)
		v->courses[c].objs = xcalloc(objectives->n + 1, sizeof(size_t));
	for (i = 0; i < objectives->n; i++) {
		for (c = 0; c < v->ncourses; c++)
			if (strcmp(v->courses[c].id, objectives->v[i].course) == 0)
				break;
		v->course_of[i] = (long)c;
		v->pos_of[i] = v->courses[c].n;
		v->courses[c].objs[v->courses[c].n++] = i;
	}
	due = xcalloc(objectives->n + 1, sizeof *due);
	for (c = 0; c < v->ncourses; c++) {
		struct course *co = &v->courses[c];

		for (i = 0; i < co->n; i++)
			due[i] = objectives->v[co->objs[i]].due;
		if (co->n > v->max_n)
			v->max_n = co->n;
		co->pc = pacing_course_new(cal, due, co->n, start, end, err);
		if (co->pc == NULL) {
			char msg[sizeof err->msg];

			snprintf(msg, sizeof msg, "course \"%.40s\": %.700s",
			    co->id, err->msg);
			pl_err_set(err, objectives->name, 0, err->status ?
			    err->status : PL_EXIT_USAGE, "%s", msg);
			free(due);
			paceview_free(v);
			return NULL;
		}
	}
	free(due);
	v->mastered_on = xcalloc(v->max_n + 1, sizeof *v->mastered_on);
	return v;
}

void
paceview_free(struct paceview *v)
{
	size_t c;

	if (v == NULL)
		return;
	for (c = 0; c < v->ncourses; c++) {
		free(v->courses[c].objs);
		pacing_course_free(v->courses[c].pc);
	}
	free(v->courses);
	free(v->course_of);
	free(v->pos_of);
	free(v->mastered_on);
	free(v);
}

void
paceview_write_header(const struct paceview *v, struct table_writer *w)
{
	static const char *const head[] = { "student_id", "course_id", "total",
	    "mastered", "expected", "pct_complete", "status", "days_ahead",
	    "velocity_per_week", "needed_per_week", "projected_date",
	    "target_date", "as_of" };

	size_t i;

	for (i = 0; i < sizeof head / sizeof head[0]; i++)
		table_puts(w, head[i]);
	if (v->opt.credit_n > 0)
		table_puts(w, "credit");
	table_endrow(w);
}

int
paceview_write_student(struct paceview *v, struct table_writer *w,
    const struct progress_student *s, struct pl_err *err)
{
	size_t c, i;
	int32_t target = s->roster >= 0 ? v->roster->v[s->roster].target :
	    DATE_NONE;

	for (c = 0; c < v->ncourses; c++) {
		struct course *co = &v->courses[c];
		struct pacing_result r;

		for (i = 0; i < co->n; i++)
			v->mastered_on[i] = DATE_NONE;
		for (i = 0; i < s->n; i++) {
			const struct progress_item *it = &s->items[i];

			if (it->catalog < 0 || v->course_of[it->catalog] != (long)c)
				continue;
			if (it->r.mastered)
				v->mastered_on[v->pos_of[it->catalog]] =
				    it->r.mastered_on != DATE_NONE ?
				    it->r.mastered_on : it->last_date;
		}
		if (pacing_compute(co->pc, v->mastered_on, target, v->as_of,
		    &v->opt, &r, err) != 0)
			return -1;
		table_puts(w, s->id);
		table_puts(w, co->id);
		table_put_int(w, r.total);
		table_put_int(w, r.mastered);
		table_put_int(w, r.expected);
		table_put_num(w, r.pct_complete);
		table_puts(w, pacing_status_name(r.status));
		table_put_int(w, r.days_ahead);
		table_put_num(w, r.velocity_per_week);
		table_put_num(w, r.needed_per_week);
		table_put_date(w, r.projected_date);
		table_put_date(w, r.target_date);
		table_put_date(w, r.as_of);
		if (v->opt.credit_n > 0)
			table_puts(w, r.credit == PACING_CREDIT_YES ? "yes" : "no");
		table_endrow(w);
	}
	return 0;
}
