/*
 * reporter.c - the run of pl-report: tables in, one report or a folder of
 * student pages out.
 */
#include "reporter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "html.h"
#include "output.h"
#include "report.h"
#include "table.h"
#include "tablefile.h"

struct reporter {
	struct reporter_opts o;
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct report *r;
	char delim;		/* that of the first table read */
};

int
reporter_format_parse(const char *s)
{
	enum render_format f;

	if (strcmp(s, "csv") == 0)
		return REPORTER_CSV;
	if (strcmp(s, "tsv") == 0)
		return REPORTER_TSV;
	if (render_format_parse(s, &f) == 0)
		return (int)f;
	return REPORTER_NONE;
}

int
reporter_format_default(const char *output, int out_format, int tty,
    int *guessed)
{
	const char *dot = output ? strrchr(output, '.') : NULL;

	if (dot && (util_strcaseeq(dot, ".html") ||
	    util_strcaseeq(dot, ".htm")))
		return REPORTER_HTML;
	if (dot && util_strcaseeq(dot, ".md"))
		return REPORTER_MD;
	if (dot && util_strcaseeq(dot, ".txt"))
		return REPORTER_TEXT;
	if (dot && util_strcaseeq(dot, ".tsv"))
		return REPORTER_TSV;
	if (out_format)
		return out_format == '\t' ? REPORTER_TSV : REPORTER_CSV;
	if (output == NULL && tty)
		return REPORTER_TEXT;
	if (dot == NULL || !util_strcaseeq(dot, ".csv"))
		*guessed = 1;
	return REPORTER_CSV;
}

struct reporter *
reporter_new(const struct reporter_opts *o, struct pl_err *err)
{
	struct reporter *rp = xcalloc(1, sizeof *rp);

	rp->o = *o;
	if ((o->objectives && catalog_load_objectives(o->objectives, NULL,
	    o->date_flags, &rp->objs, err) != 0) ||
	    (o->roster && catalog_load_roster(o->roster, NULL, o->date_flags,
	    &rp->roster, err) != 0)) {
		reporter_free(rp);
		return NULL;
	}
	rp->r = report_new(o->objectives ? &rp->objs : NULL,
	    o->roster ? &rp->roster : NULL, &rp->o.levels, o->date_flags,
	    o->decimal_comma);
	return rp;
}

void
reporter_free(struct reporter *rp)
{
	if (rp == NULL)
		return;
	report_free(rp->r);
	catalog_free_objectives(&rp->objs);
	catalog_free_roster(&rp->roster);
	free(rp);
}

/* Reads one table file as kind. */
static int
read_file(struct reporter *rp, const char *path, enum report_table kind,
    struct reject *rj, struct pl_err *err)
{
	struct table_opts topts = { rp->o.delim, 0 };
	struct tablefile tf;
	struct table *t;
	int rc;

	if ((t = tablefile_open(&tf, path, &topts, err)) == NULL)
		return -1;
	if (rp->delim == 0)
		rp->delim = table_delim(t) == '\t' ? '\t' : ',';
	rc = report_read(rp->r, t, kind, rj, err);
	tablefile_close(&tf);
	return rc;
}

int
reporter_read(struct reporter *rp, const char *const *paths, size_t n,
    struct reject *rj, struct pl_err *err)
{
	size_t i;
	int any = 0;

	for (i = REPORT_MASTERY; i <= REPORT_GROUPS; i++)
		if (rp->o.tables[i]) {
			any = 1;
			if (read_file(rp, rp->o.tables[i], (enum report_table)i,
			    rj, err) != 0)
				return -1;
		}
	if (n == 0 && !any)
		return read_file(rp, "-", REPORT_DETECT, rj, err);
	for (i = 0; i < n; i++)
		if (read_file(rp, paths[i], REPORT_DETECT, rj, err) != 0)
			return -1;
	return 0;
}

/* A folder's permissions from a file's: search wherever read is allowed. */
static mode_t
dir_mode(unsigned mode)
{
	return (mode_t)(mode | (mode & 0444) >> 2);
}

/* Creates the folder path and its missing parents, as mkdir -p does, each
 * with mode; one that exists already is kept as it is.  Fails naming the
 * first folder it could not create. */
static int
make_folders(const char *path, mode_t mode, struct pl_err *err)
{
	char *p = xstrdup(path);
	char *slash = p;
	int rc = 0;

	for (;;) {
		while (*slash == '/')
			slash++;
		slash = strchr(slash, '/');
		if (slash)
			*slash = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			pl_err_set(err, p, 0, PL_EXIT_DATA, "cannot create "
			    "folder: %s", strerror(errno));
			rc = -1;
			break;
		}
		if (slash == NULL)
			break;
		*slash = '/';
	}
	free(p);
	return rc;
}

/* Writes a file of the --split folder atomically: a student's page, or
 * the index when student is d->nstudents. */
static int
write_page(const struct reporter *rp, const struct render_data *d,
    size_t student, const char *name, const char *const *names,
    struct pl_err *err)
{
	char path[4096];
	struct output *out;

	snprintf(path, sizeof path, "%s/%s", rp->o.split, name);
	if ((out = output_open(path, rp->o.mode, err)) == NULL)
		return -1;
	if (student == d->nstudents)
		html_index(output_file(out), d, &rp->o.r, names);
	else if (render_student_page(output_file(out), d, student,
	    (enum render_format)rp->o.format, &rp->o.r, err) != 0) {
		output_abort(out);
		return -1;
	}
	return output_commit(out, err);
}

/* --split: the students' files, then index.html. */
static int
write_split(const struct reporter *rp, const struct render_data *d,
    struct pl_err *err)
{
	const char *ext = rp->o.format == REPORTER_HTML ? ".html" :
	    rp->o.format == REPORTER_MD ? ".md" : ".txt";
	char **names = xcalloc(d->nstudents + 1, sizeof *names);
	const char **ids = xcalloc(d->nstudents + 1, sizeof *ids);
	size_t i;
	int rc = -1;

	/* Named from every student's id, selected or not, so that a student
	 * keeps one name whichever --section or --student writes it. */
	for (i = 0; i < d->nstudents; i++)
		ids[i] = d->students[i].id;
	render_file_names(ids, d->nstudents, ext, names);
	if (make_folders(rp->o.split, dir_mode(rp->o.mode), err) != 0)
		goto done;
	for (i = 0; i < d->nstudents; i++) {
		if (!render_selected(d, i, &rp->o.r))
			continue;
		if (write_page(rp, d, i, names[i], NULL, err) != 0)
			goto done;
	}
	rc = write_page(rp, d, d->nstudents, "index.html",
	    (const char *const *)names, err);
done:
	for (i = 0; i < d->nstudents; i++)
		free(names[i]);
	free(names);
	free(ids);
	return rc;
}

static int
put_row(const char *const *cells, size_t n, void *arg)
{
	table_put_row(arg, cells, n);
	return 0;
}

/* Writes the report to one output, in the settled format. */
static int
write_one(const struct reporter *rp, const struct render_data *d,
    struct pl_err *err)
{
	struct output *out;
	struct table_writer *w;
	int format = rp->o.format;

	if ((out = output_open(rp->o.output, rp->o.mode, err)) == NULL)
		return -1;
	if (format == REPORTER_CSV && rp->o.guessed && rp->delim == '\t')
		format = REPORTER_TSV;
	if (format == REPORTER_CSV || format == REPORTER_TSV) {
		w = table_writer_new(output_file(out), format == REPORTER_TSV ?
		    '\t' : ',', rp->o.spreadsheet ? TABLE_SPREADSHEET :
		    TABLE_NEUTRALISE);
		render_rows(d, rp->o.kind, &rp->o.r, put_row, w);
		table_writer_free(w);
	} else if (render_report(output_file(out), d, rp->o.kind,
	    (enum render_format)format, &rp->o.r, err) != 0) {
		output_abort(out);
		return -1;
	}
	return output_commit(out, err);
}

/* 1 when an objective or a pacing row is of course: --course selects
 * something. */
static int
has_course(const struct render_data *d, const char *course)
{
	size_t i;

	for (i = 0; i < d->nobjectives; i++)
		if (d->objectives[i].course &&
		    strcmp(d->objectives[i].course, course) == 0)
			return 1;
	for (i = 0; i < d->npacing; i++)
		if (d->pacing[i].course &&
		    strcmp(d->pacing[i].course, course) == 0)
			return 1;
	return 0;
}

/* Warns about an HTML class report too large to open well. */
static void
warn_size(const struct reporter *rp, const struct render_data *d)
{
	size_t nobj, nstu;
	char msg[400];

	if (rp->o.warn == NULL || rp->o.kind != RENDER_CLASS ||
	    rp->o.format != REPORTER_HTML)
		return;
	nstu = render_count_selected(d, &rp->o.r, &nobj);
	if (nobj == 0 || nstu <= REPORTER_HTML_CELLS / nobj)
		return;
	snprintf(msg, sizeof msg, "the class report's heat map has %zu "
	    "students by %zu objectives (%zu cells, over %d: a page more "
	    "than a browser opens well); narrow it with --section or "
	    "--course, or write a page a student with --report student "
	    "--split DIR", nstu, nobj, nstu * nobj, REPORTER_HTML_CELLS);
	rp->o.warn(rp->o.warn_arg, msg);
}

int
reporter_write(struct reporter *rp, struct pl_err *err)
{
	const struct render_data *d = report_data(rp->r, rp->o.as_of);
	const char *student = rp->o.r.student;
	size_t i;

	for (i = 0; student && i < d->nstudents; i++)
		if (strcmp(d->students[i].id, student) == 0)
			break;
	if (student && i == d->nstudents) {
		pl_err_set(err, NULL, 0, PL_EXIT_DATA, "no student \"%s\"",
		    student);
		return -1;
	}
	for (i = 0; rp->o.r.section && *rp->o.r.section &&
	    i < d->nstudents; i++)
		if (render_in_section(&d->students[i], rp->o.r.section))
			break;
	if (rp->o.r.section && *rp->o.r.section && i == d->nstudents) {
		pl_err_set(err, NULL, 0, PL_EXIT_DATA, "no student in section "
		    "\"%s\"", rp->o.r.section);
		return -1;
	}
	if (rp->o.r.course && *rp->o.r.course && !has_course(d,
	    rp->o.r.course)) {
		pl_err_set(err, NULL, 0, PL_EXIT_DATA, "no objective or pacing "
		    "row of course \"%s\"", rp->o.r.course);
		return -1;
	}
	if (rp->o.split)
		return write_split(rp, d, err);
	warn_size(rp, d);
	return write_one(rp, d, err);
}
