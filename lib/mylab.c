/*
 * mylab.c - Pearson MyLab gradebook exports to evidence: the section
 * numbers of the preamble's first row name the items, the header row
 * below the preamble names the student columns.
 */
#include "mylab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "util.h"

/* The columns before the scores: Last name, First name, Email, Log-in. */
#define NAME_COLS 4

int
mylab_id_parse(const char *s)
{
	if (strcmp(s, "email") == 0)
		return MYLAB_ID_EMAIL;
	if (strcmp(s, "login") == 0)
		return MYLAB_ID_LOGIN;
	return -1;
}

static int
blank(const char *s)
{
	size_t n = strlen(s);

	util_trim(s, &n);
	return n == 0;
}

/* "1", "1.1", "12.3.4": digits in groups split by single dots. */
static int
section_number(const char *s)
{
	size_t n = strlen(s), i;

	s = util_trim(s, &n);
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') &&
		    !(s[i] == '.' && s[i + 1] != '.'))
			return 0;
	return 1;
}

int
mylab_header(const char *const *names, size_t n)
{
	size_t i, sections = 0;

	if (n <= NAME_COLS)
		return 0;
	for (i = 0; i < n; i++) {
		if (blank(names[i]))
			continue;
		if (i < NAME_COLS || !section_number(names[i]))
			return 0;
		sections++;
	}
	return sections > 0;
}

/* Field i of t's current record, trimmed. */
static const char *
cell(struct table *t, size_t i, size_t *len)
{
	return util_trim(table_field(t, i, len), len);
}

/* 1 when the first NAME_COLS fields of t's current record are empty. */
static int
no_names(struct table *t)
{
	size_t i, len;

	for (i = 0; i < NAME_COLS; i++)
		if (cell(t, i, &len), len > 0)
			return 0;
	return 1;
}

/* Index of the field of t's current record whose key is key, or -1. */
static long
find_cell(struct table *t, const char *key)
{
	char buf[64], name[64];
	size_t i, len;

	for (i = 0; i < table_nfields(t); i++) {
		const char *s = cell(t, i, &len);

		if (len >= sizeof name)
			continue;
		memcpy(name, s, len);
		name[len] = '\0';
		if (strcmp(detect_key(name, buf, sizeof buf), key) == 0)
			return (long)i;
	}
	return -1;
}

/*
 * Reads past the preamble to the header row; returns the student id's
 * column, or -1 with err set.
 */
static long
header_row(struct table *t, enum mylab_id id, struct pl_err *err)
{
	const char *key = id == MYLAB_ID_LOGIN ? "login" : "email";
	int rc;

	while ((rc = table_next(t, err)) == 1) {
		long col;

		if (find_cell(t, "email") < 0 && find_cell(t, "login") < 0) {
			if (no_names(t))
				continue;	/* Chapter Coverage, Weight */
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "not a MyLab export: a row with "
			    "names before the header row (Last name, First "
			    "name, Email, Log-in)");
			return -1;
		}
		if ((col = find_cell(t, key)) < 0) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_USAGE, "the header row has no %s column "
			    "(--student-id %s)", id == MYLAB_ID_LOGIN ?
			    "Log-in" : "Email", id == MYLAB_ID_LOGIN ?
			    "login" : "email");
			return -1;
		}
		return col;
	}
	if (rc == 0)
		pl_err_set(err, table_name(t), 0, PL_EXIT_DATA, "not a MyLab "
		    "export: no header row (Last name, First name, Email, "
		    "Log-in) after the preamble");
	return -1;
}

/* The items: a column per section number, numbered when repeated, with
 * their names in own (to free). */
static size_t
make_items(struct table *t, const struct import_opts *o,
    struct import_stats *st, struct import_item *items, char **own)
{
	size_t i, n = 0, repeats = 0;
	char first[160] = "";

	for (i = NAME_COLS; i < table_ncols(t); i++) {
		const char *name = table_colname(t, i);
		char *numbered;

		if (!section_number(name))
			continue;
		if ((numbered = import_repeat_name(t, i, name)) != NULL) {
			if (repeats++ == 0)
				snprintf(first, sizeof first, "\"%.60s\" as "
				    "\"%.60s\"", name, numbered);
			name = numbered;
		}
		/* The names outlive the preamble row, which the header row
		 * replaces as the table's column names. */
		own[n] = numbered != NULL ? numbered : xstrdup(name);
		if (import_item_align(o, st, own[n], (long)i, &items[n]))
			n++;
		else
			free(own[n]);
	}
	if (repeats > 0)
		import_note(st, "%s: %zu column%s repeat%s an earlier section, "
		    "each imported as an item of its own (first %s)",
		    table_name(t), repeats, repeats == 1 ? "" : "s",
		    repeats == 1 ? "s" : "", first);
	return n;
}

int
mylab_evidence(struct table *t, struct table_writer *w,
    const struct import_opts *o, enum mylab_id id, int header_done,
    struct reject *rj, struct import_stats *st, struct pl_err *err)
{
	static const char *const head[] = { "student_id", "objective_id",
	    "date", "score", "max_score", "item_id", "source" };
	struct import_item *items;
	char **own;
	size_t nitems, i;
	unsigned long footers = 0;
	long col = header_row(t, id, err);
	int rc = -1;

	if (col < 0)
		return -1;
	items = xcalloc(table_ncols(t), sizeof *items);
	own = xcalloc(table_ncols(t), sizeof *own);
	nitems = make_items(t, o, st, items, own);
	table_reheader(t);
	if (!header_done)
		table_put_row(w, head, sizeof head / sizeof head[0]);
	while ((rc = table_next(t, err)) == 1) {
		const char *stu, *problem;
		size_t slen;

		st->records++;
		if ((problem = table_problem(t)) != NULL) {
			if (reject_row(rj, t, table_problem_kind(t), problem,
			    err) != 0)
				goto fail;
			continue;
		}
		stu = table_text(t, (size_t)col, &slen);
		stu = util_trim(stu, &slen);
		if (slen == 0) {
			if (no_names(t)) {
				footers++;	/* Course average */
				continue;
			}
			if (reject_row(rj, t, "missing student_id", id ==
			    MYLAB_ID_LOGIN ? "empty Log-in" : "empty Email",
			    err) != 0)
				goto fail;
			continue;
		}
		for (i = 0; i < nitems; i++)
			if (import_item_cell(t, w, o, &items[i], stu, slen,
			    o->ev.fixed_date, "mylab", rj, st, err) != 0)
				goto fail;
		reject_cells_done(rj, t);
	}
	if (rc == 0 && footers > 0)
		import_note(st, "%s: %lu row%s without a student (averages) "
		    "skipped", table_name(t), footers, footers == 1 ? "" : "s");
	if (0) {
fail:
		rc = -1;
	}
	for (i = 0; i < nitems; i++)
		free(own[i]);
	free(own);
	free(items);
	return rc < 0 ? -1 : 0;
}
