/*
 * catalog.c - loading the objectives, roster, activities and calendar
 * tables into plain structs.
 */
#include "catalog.h"
#include "date.h"
#include "num.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A column of a catalog table. */
enum ctype { T_TEXT, T_LIST, T_DATE, T_NUM, T_BOOL };

struct col {
	const char *name;
	enum ctype type;
	int required;
};

/* A loader's view of one record: every column already checked. */
struct cell {
	const char *s;
	size_t len;
	int32_t date;
	double num;
	int b;
};

typedef int (*row_fn)(void *ctx, const struct cell *cells, long line,
    struct pl_err *err, const char *file);

static int
list_add(const char *item, size_t len, void *arg)
{
	struct catalog_list *l = arg;

	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrndup(item, len);
	return 0;
}

static void
list_parse(struct catalog_list *l, const struct cell *c)
{
	l->v = NULL;
	l->n = l->cap = 0;
	util_split_list(c->s, c->len, list_add, l);
}

static void
list_free(struct catalog_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static char *
dup_cell(const struct cell *c)
{
	return xstrndup(c->s, c->len);
}

/*
 * Reads the table at path, checking each typed cell, and calls fn for each
 * record.  has[i] tells whether column i exists.
 */
static int
load(const char *path, const struct table_opts *topts, int date_flags,
    const struct col *cols, size_t ncols, int *has, row_fn fn, void *ctx,
    char *name, struct pl_err *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct table *t = NULL;
	const char *names[16];
	int req[16], rc = -1, r;
	long idx[16];
	struct cell cells[16];
	size_t i;

	snprintf(name, 256, "%s", strcmp(path, "-") == 0 ? "(stdin)" : path);
	if (fp == NULL) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	if ((t = table_open(fp, path, topts, err)) == NULL)
		goto out;
	for (i = 0; i < ncols; i++) {
		names[i] = cols[i].name;
		req[i] = cols[i].required;
	}
	if (table_cols(t, names, req, ncols, idx, err) != 0)
		goto out;
	for (i = 0; i < ncols; i++)
		has[i] = idx[i] >= 0;
	while ((r = table_next(t, err)) == 1) {
		const char *problem = table_problem(t);

		if (problem != NULL) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "%s", problem);
			goto out;
		}
		for (i = 0; i < ncols; i++) {
			struct cell *c = &cells[i];
			int bad = 0;

			c->s = idx[i] >= 0 ? table_field(t, (size_t)idx[i],
			    &c->len) : "";
			if (idx[i] < 0)
				c->len = 0;
			c->s = util_trim(c->s, &c->len);
			c->date = DATE_NONE;
			c->num = 0;
			c->b = 0;
			if (c->len == 0) {
				if (cols[i].required) {
					pl_err_set(err, table_name(t),
					    table_line(t), PL_EXIT_DATA,
					    "empty %s", cols[i].name);
					goto out;
				}
				continue;
			}
			switch (cols[i].type) {
			case T_DATE:
				bad = date_parse(c->s, c->len, date_flags,
				    &c->date) != 0;
				break;
			case T_NUM:
				bad = num_parse(c->s, c->len, 0, &c->num) != 0 ||
				    c->num < 0;
				break;
			case T_BOOL:
				bad = util_parse_bool(c->s, c->len, &c->b) != 0;
				break;
			default:
				break;
			}
			if (bad) {
				pl_err_set(err, table_name(t), table_line(t),
				    PL_EXIT_DATA, "%s \"%.*s\" is not %s",
				    cols[i].name, (int)(c->len > 40 ? 40 : c->len),
				    c->s, cols[i].type == T_DATE ? "a valid date" :
				    cols[i].type == T_NUM ? "a number >= 0" :
				    "yes or no");
				goto out;
			}
		}
		if (fn(ctx, cells, table_line(t), err, table_name(t)) != 0)
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	table_close(t);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* Adds id to ids; a duplicate is an error. */
static int
unique(struct intern *ids, const struct cell *c, const char *what, long line,
    const char *file, struct pl_err *err)
{
	size_t n = intern_count(ids);

	intern_add(ids, c->s, c->len);
	if (intern_count(ids) == n) {
		pl_err_set(err, file, line, PL_EXIT_DATA, "duplicate %s \"%.*s\"",
		    what, (int)(c->len > 40 ? 40 : c->len), c->s);
		return -1;
	}
	return 0;
}

static const struct col objective_cols[] = {
	{ "objective_id", T_TEXT, 1 }, { "title", T_TEXT, 0 },
	{ "course_id", T_TEXT, 0 }, { "unit", T_TEXT, 0 },
	{ "prerequisites", T_LIST, 0 }, { "due_date", T_DATE, 0 },
	{ "est_minutes", T_NUM, 0 }, { "essential", T_BOOL, 0 },
	{ "rule", T_TEXT, 0 }, { "standard", T_TEXT, 0 },
};

static int
objective_row(void *ctx, const struct cell *c, long line, struct pl_err *err,
    const char *file)
{
	struct catalog_objectives *o = ctx;
	struct catalog_objective *ob;

	if (unique(o->ids, &c[0], "objective_id", line, file, err) != 0)
		return -1;
	o->v = xgrow(o->v, &o->cap, o->n + 1, sizeof *o->v);
	ob = &o->v[o->n++];
	ob->id = dup_cell(&c[0]);
	ob->title = dup_cell(&c[1]);
	ob->course = dup_cell(&c[2]);
	ob->unit = dup_cell(&c[3]);
	list_parse(&ob->prereqs, &c[4]);
	ob->due = c[5].date;
	ob->est_minutes = c[6].num;
	ob->essential = c[7].b;
	ob->rule = dup_cell(&c[8]);
	ob->standard = dup_cell(&c[9]);
	ob->line = line;
	return 0;
}

int
catalog_load_objectives(const char *path, const struct table_opts *topts,
    int date_flags, struct catalog_objectives *out, struct pl_err *err)
{
	int has[16];

	memset(out, 0, sizeof *out);
	out->ids = intern_new();
	if (load(path, topts, date_flags, objective_cols, 10, has,
	    objective_row, out, out->name, err) != 0) {
		catalog_free_objectives(out);
		return -1;
	}
	out->has_rule = has[8];
	return 0;
}

static const struct col roster_cols[] = {
	{ "student_id", T_TEXT, 1 }, { "name", T_TEXT, 0 },
	{ "section", T_TEXT, 0 }, { "grade_level", T_TEXT, 0 },
	{ "interests", T_LIST, 0 }, { "modalities", T_LIST, 0 },
	{ "target_date", T_DATE, 0 }, { "coach", T_TEXT, 0 },
};

static int
student_row(void *ctx, const struct cell *c, long line, struct pl_err *err,
    const char *file)
{
	struct catalog_roster *r = ctx;
	struct catalog_student *s;

	if (unique(r->ids, &c[0], "student_id", line, file, err) != 0)
		return -1;
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	s = &r->v[r->n++];
	s->id = dup_cell(&c[0]);
	s->name = dup_cell(&c[1]);
	s->section = dup_cell(&c[2]);
	s->grade_level = dup_cell(&c[3]);
	list_parse(&s->interests, &c[4]);
	list_parse(&s->modalities, &c[5]);
	s->target = c[6].date;
	s->coach = dup_cell(&c[7]);
	s->line = line;
	return 0;
}

int
catalog_load_roster(const char *path, const struct table_opts *topts,
    int date_flags, struct catalog_roster *out, struct pl_err *err)
{
	int has[16];

	memset(out, 0, sizeof *out);
	out->ids = intern_new();
	if (load(path, topts, date_flags, roster_cols, 8, has, student_row,
	    out, out->name, err) != 0) {
		catalog_free_roster(out);
		return -1;
	}
	return 0;
}

static const struct col activity_cols[] = {
	{ "activity_id", T_TEXT, 1 }, { "objective_id", T_TEXT, 1 },
	{ "title", T_TEXT, 0 }, { "modality", T_TEXT, 0 },
	{ "minutes", T_NUM, 0 }, { "phase", T_TEXT, 0 },
	{ "tags", T_LIST, 0 }, { "essential", T_BOOL, 0 },
	{ "url", T_TEXT, 0 },
};

struct activity_ctx {
	struct catalog_activities *a;
	struct intern *ids;
};

static int
activity_row(void *ctx, const struct cell *c, long line, struct pl_err *err,
    const char *file)
{
	struct activity_ctx *x = ctx;
	struct catalog_activities *a = x->a;
	struct catalog_activity *ac;

	if (unique(x->ids, &c[0], "activity_id", line, file, err) != 0)
		return -1;
	a->v = xgrow(a->v, &a->cap, a->n + 1, sizeof *a->v);
	ac = &a->v[a->n++];
	ac->id = dup_cell(&c[0]);
	ac->objective = dup_cell(&c[1]);
	ac->title = dup_cell(&c[2]);
	ac->modality = dup_cell(&c[3]);
	ac->minutes = c[4].num;
	ac->phase = dup_cell(&c[5]);
	list_parse(&ac->tags, &c[6]);
	ac->essential = c[7].b;
	ac->url = dup_cell(&c[8]);
	ac->line = line;
	return 0;
}

int
catalog_load_activities(const char *path, const struct table_opts *topts,
    struct catalog_activities *out, struct pl_err *err)
{
	struct activity_ctx x;
	int has[16], rc;

	memset(out, 0, sizeof *out);
	x.a = out;
	x.ids = intern_new();
	rc = load(path, topts, 0, activity_cols, 9, has, activity_row, &x,
	    out->name, err);
	intern_free(x.ids);
	if (rc != 0)
		catalog_free_activities(out);
	return rc;
}

static const struct col calendar_cols[] = {
	{ "date", T_DATE, 1 }, { "name", T_TEXT, 0 },
};

static int
calendar_row(void *ctx, const struct cell *c, long line, struct pl_err *err,
    const char *file)
{
	struct catalog_calendar *cal = ctx;

	(void)line;
	(void)err;
	(void)file;
	if (cal->n == cal->cap) {
		size_t cap = cal->cap;

		cal->days = xgrow(cal->days, &cap, cal->n + 1, sizeof *cal->days);
		cap = cal->cap;
		cal->names = xgrow(cal->names, &cap, cal->n + 1,
		    sizeof *cal->names);
		cal->cap = cap;
	}
	cal->days[cal->n] = c[0].date;
	cal->names[cal->n] = dup_cell(&c[1]);
	cal->n++;
	return 0;
}

int
catalog_load_calendar(const char *path, const struct table_opts *topts,
    int date_flags, struct catalog_calendar *out, struct pl_err *err)
{
	char name[256];
	int has[2];
	size_t i, j;

	memset(out, 0, sizeof *out);
	if (load(path, topts, date_flags, calendar_cols, 2, has, calendar_row,
	    out, name, err) != 0) {
		catalog_free_calendar(out);
		return -1;
	}
	/* Sort by date (insertion: calendars are short) and drop repeats. */
	for (i = 1; i < out->n; i++) {
		int32_t d = out->days[i];
		char *nm = out->names[i];

		for (j = i; j > 0 && out->days[j - 1] > d; j--) {
			out->days[j] = out->days[j - 1];
			out->names[j] = out->names[j - 1];
		}
		out->days[j] = d;
		out->names[j] = nm;
	}
	for (i = j = 0; i < out->n; i++) {
		if (j > 0 && out->days[j - 1] == out->days[i]) {
			free(out->names[i]);
			continue;
		}
		out->days[j] = out->days[i];
		out->names[j++] = out->names[i];
	}
	out->n = j;
	return 0;
}

long
catalog_objective(const struct catalog_objectives *o, const char *id,
    size_t len)
{
	uint32_t k = o->ids ? intern_find(o->ids, id, len) : UINT32_MAX;

	return k == UINT32_MAX ? -1 : (long)k;
}

long
catalog_student(const struct catalog_roster *r, const char *id, size_t len)
{
	uint32_t k = r->ids ? intern_find(r->ids, id, len) : UINT32_MAX;

	return k == UINT32_MAX ? -1 : (long)k;
}

void
catalog_free_objectives(struct catalog_objectives *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		struct catalog_objective *ob = &o->v[i];

		free(ob->id);
		free(ob->title);
		free(ob->course);
		free(ob->unit);
		free(ob->rule);
		free(ob->standard);
		list_free(&ob->prereqs);
	}
	free(o->v);
	intern_free(o->ids);
	memset(o, 0, sizeof *o);
}

void
catalog_free_roster(struct catalog_roster *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct catalog_student *s = &r->v[i];

		free(s->id);
		free(s->name);
		free(s->section);
		free(s->grade_level);
		free(s->coach);
		list_free(&s->interests);
		list_free(&s->modalities);
	}
	free(r->v);
	intern_free(r->ids);
	memset(r, 0, sizeof *r);
}

void
catalog_free_activities(struct catalog_activities *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		struct catalog_activity *ac = &a->v[i];

		free(ac->id);
		free(ac->objective);
		free(ac->title);
		free(ac->modality);
		free(ac->phase);
		free(ac->url);
		list_free(&ac->tags);
	}
	free(a->v);
	memset(a, 0, sizeof *a);
}

void
catalog_free_calendar(struct catalog_calendar *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->days);
	free(c->names);
	memset(c, 0, sizeof *c);
}
