/*
 * pl-report - reports for people from the pl tables: the class matrix,
 * student progress, pacing and interventions, groups.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "cli.h"
#include "date.h"
#include "html.h"
#include "mastery.h"
#include "output.h"
#include "reject.h"
#include "render.h"
#include "report.h"
#include "table.h"

enum {
	OPT_COURSE = CLI_OPT_FIRST_TOOL,
	OPT_FORMAT,
	OPT_GROUPS,
	OPT_MASTERY,
	OPT_OBJECTIVES,
	OPT_PACING,
	OPT_PLAYLIST,
	OPT_REPORT,
	OPT_ROSTER,
	OPT_SCALE,
	OPT_SECTION,
	OPT_SPLIT,
	OPT_STUDENT
};

static const char usage[] =
"Usage: pl-report [OPTION]... [FILE]...\n"
"Write a report for people from the mastery, pacing, playlist and groups\n"
"tables: as text, Markdown, CSV/TSV or one self-contained HTML file.\n"
"\n"
"Report:\n"
"      --report KIND       class (default), student, pacing, interventions,\n"
"                          groups\n"
"      --format FMT        text, md, csv, tsv, html (default: from the -o\n"
"                          extension; else text on a terminal; else CSV, or\n"
"                          TSV when the input is TSV)\n"
"      --section S         only students of section S\n"
"      --course C          only objectives and pacing rows of course C\n"
"      --student ID        only this student\n"
"      --split DIR         with --report student: one file per student in DIR\n"
"                          (names made safe from the ids) and DIR/index.html\n"
"\n"
"Tables (FILE operands are recognised by their columns; with no FILE and\n"
"none of these, standard input is read):\n"
"      --mastery FILE      the mastery table (pl-progress)\n"
"      --pacing FILE       the pacing table (pl-progress --pacing)\n"
"      --playlist FILE     the playlist table (pl-plan)\n"
"      --groups FILE       the groups table (pl-plan --groups)\n"
"      --roster FILE       names and sections\n"
"      --objectives FILE   titles, courses, due dates, pacing-guide order\n"
"      --scale SCALE       the levels, lowest first (default\n"
"                          beginning<0.5<developing<0.75<proficient<0.9<advanced)\n"
"\n"
"%s"
"\n"
"Examples:\n"
"  $ pl-report --as-of 2026-11-20 --roster roster.csv mastery.csv\n"
"  $ pl-report --as-of 2026-11-20 --report student --split reports \\\n"
"      --roster roster.csv --objectives objectives.csv --mastery mastery.csv\n"
"\n"
"See pl-report(1), pl-formats(5), pl(7).\n";

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "course", required_argument, NULL, OPT_COURSE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "groups", required_argument, NULL, OPT_GROUPS },
	{ "mastery", required_argument, NULL, OPT_MASTERY },
	{ "objectives", required_argument, NULL, OPT_OBJECTIVES },
	{ "pacing", required_argument, NULL, OPT_PACING },
	{ "playlist", required_argument, NULL, OPT_PLAYLIST },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "roster", required_argument, NULL, OPT_ROSTER },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "section", required_argument, NULL, OPT_SECTION },
	{ "split", required_argument, NULL, OPT_SPLIT },
	{ "student", required_argument, NULL, OPT_STUDENT },
	{ NULL, 0, NULL, 0 }
};

/* Output formats: the three render draws, and rows for the table writer. */
enum { FMT_NONE = -1, FMT_CSV = 10, FMT_TSV = 11 };

struct options {
	struct cli_common c;
	struct render_opts r;
	enum render_kind kind;
	int format;
	const char *tables[5];	/* by enum report_table */
	const char *roster, *objectives, *scale, *split;
	struct mastery_scale levels;
	int guessed;		/* CSV only because stdout is not a terminal */
};

static int
parse_format(const char *s)
{
	enum render_format f;

	if (strcmp(s, "csv") == 0)
		return FMT_CSV;
	if (strcmp(s, "tsv") == 0)
		return FMT_TSV;
	if (render_format_parse(s, &f) == 0)
		return (int)f;
	return FMT_NONE;
}

/* The default format: -o's extension, else text on a terminal, else CSV
 * (TSV with --tsv). */
static int
default_format(struct options *o)
{
	const char *dot = o->c.output ? strrchr(o->c.output, '.') : NULL;

	if (dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0))
		return RENDER_HTML;
	if (dot && strcmp(dot, ".md") == 0)
		return RENDER_MD;
	if (dot && strcmp(dot, ".txt") == 0)
		return RENDER_TEXT;
	if (dot && strcmp(dot, ".tsv") == 0)
		return FMT_TSV;
	if (o->c.out_format)
		return o->c.out_format == '\t' ? FMT_TSV : FMT_CSV;
	if (o->c.output == NULL && isatty(STDOUT_FILENO))
		return RENDER_TEXT;
	if (dot == NULL || strcmp(dot, ".csv") != 0)
		o->guessed = 1;
	return FMT_CSV;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	char help[8192];
	struct pl_err err;
	int opt;

	snprintf(help, sizeof help, usage, cli_common_help);
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&o->c, opt, optarg, help))
			continue;
		switch (opt) {
		case OPT_COURSE: o->r.course = optarg; break;
		case OPT_FORMAT:
			if ((o->format = parse_format(optarg)) == FMT_NONE)
				cli_usage("invalid value for --format: \"%s\" "
				    "(text, md, csv, tsv, html)", optarg);
			break;
		case OPT_GROUPS: o->tables[REPORT_GROUPS] = optarg; break;
		case OPT_MASTERY: o->tables[REPORT_MASTERY] = optarg; break;
		case OPT_OBJECTIVES: o->objectives = optarg; break;
		case OPT_PACING: o->tables[REPORT_PACING] = optarg; break;
		case OPT_PLAYLIST: o->tables[REPORT_PLAYLIST] = optarg; break;
		case OPT_REPORT:
			if (render_kind_parse(optarg, &o->kind) != 0)
				cli_usage("invalid value for --report: \"%s\" (class, "
				    "student, pacing, interventions, groups)", optarg);
			break;
		case OPT_ROSTER: o->roster = optarg; break;
		case OPT_SCALE: o->scale = optarg; break;
		case OPT_SECTION: o->r.section = optarg; break;
		case OPT_SPLIT: o->split = optarg; break;
		case OPT_STUDENT: o->r.student = optarg; break;
		default:
			cli_usage("unknown option");
		}
	}
	if (o->scale && mastery_scale_parse(o->scale, &o->levels, &err) != 0)
		cli_usage("%s", err.msg);
	if (o->format == FMT_NONE)
		o->format = o->split ? RENDER_HTML : default_format(o);
	if (o->split && o->kind != RENDER_STUDENT)
		cli_usage("--split goes with --report student");
	if (o->split && o->c.output)
		cli_usage("--split and --output do not go together");
	if (o->split && (o->format == FMT_CSV || o->format == FMT_TSV))
		cli_usage("--split writes text, md or html");
}

/* Reads one table file into r. */
static int
read_file(struct report *r, const char *path, enum report_table kind,
    const struct options *o, struct reject *rj, char *delim,
    struct pl_err *err)
{
	struct table_opts topts = { o->c.delim, 0 };
	FILE *fp = cli_fopen(path, err);
	struct table *t;
	int rc;

	if (fp == NULL)
		return -1;
	if ((t = table_open(fp, path, &topts, err)) == NULL) {
		if (fp != stdin)
			fclose(fp);
		return -1;
	}
	if (*delim == 0)
		*delim = table_delim(t) == '\t' ? '\t' : ',';
	rc = report_read(r, t, kind, rj, err);
	table_close(t);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static int
put_row(const char *const *cells, size_t n, void *arg)
{
	table_put_row(arg, cells, n);
	return 0;
}

/*
 * --split: every student's file is written atomically (old or new, never
 * half), then index.html last, so the index only ever links to files that
 * are whole.  A failed run leaves last night's index in place.
 */
/* A folder's permissions from a file's: search wherever read is allowed. */
static mode_t
dir_mode(unsigned mode)
{
	return (mode_t)(mode | (mode & 0444) >> 2);
}

static int
write_split(const struct render_data *d, const struct options *o,
    struct pl_err *err)
{
	const char *ext = o->format == RENDER_HTML ? ".html" :
	    o->format == RENDER_MD ? ".md" : ".txt";
	char **names = xcalloc(d->nstudents + 1, sizeof *names);
	char path[4096], safe[RENDER_NAME_SIZE];
	struct output *out;
	size_t i;
	int rc = -1;

	if (mkdir(o->split, dir_mode(o->c.mode)) != 0 && errno != EEXIST) {
		pl_err_set(err, o->split, 0, PL_EXIT_DATA, "cannot create "
		    "folder: %s", strerror(errno));
		goto done;
	}
	for (i = 0; i < d->nstudents; i++) {
		if (!render_selected(d, i, &o->r))
			continue;
		render_safe_name(d->students[i].id, safe);
		names[i] = xmalloc(strlen(safe) + strlen(ext) + 1);
		strcat(strcpy(names[i], safe), ext);
		snprintf(path, sizeof path, "%s/%s", o->split, names[i]);
		if ((out = output_open(path, o->c.mode, err)) == NULL)
			goto done;
		if (render_student_page(output_file(out), d, i,
		    (enum render_format)o->format, &o->r, err) != 0) {
			output_abort(out);
			goto done;
		}
		if (output_commit(out, err) != 0)
			goto done;
	}
	snprintf(path, sizeof path, "%s/index.html", o->split);
	if ((out = output_open(path, o->c.mode, err)) == NULL)
		goto done;
	html_index(output_file(out), d, &o->r, (const char *const *)names);
	rc = output_commit(out, err);
done:
	for (i = 0; i < d->nstudents; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct pl_err err;
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct report *r = NULL;
	struct reject *rj = NULL;
	struct output *out = NULL;
	struct table_writer *w = NULL;
	const struct render_data *d;
	int status = PL_EXIT_DATA, i, any = 0;
	char delim = 0;

	memset(&o, 0, sizeof o);
	memset(&objs, 0, sizeof objs);
	memset(&roster, 0, sizeof roster);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	o.kind = RENDER_CLASS;
	o.format = FMT_NONE;
	mastery_scale_default(&o.levels);
	parse_options(argc, argv, &o);

	if (o.objectives && catalog_load_objectives(o.objectives, NULL,
	    o.c.date_flags, &objs, &err) != 0)
		goto fail;
	if (o.roster && catalog_load_roster(o.roster, NULL, o.c.date_flags,
	    &roster, &err) != 0)
		goto fail;
	r = report_new(o.objectives ? &objs : NULL, o.roster ? &roster : NULL,
	    &o.levels, o.c.date_flags, o.c.decimal_comma);
	if ((rj = reject_new(o.c.reject, o.c.strict, &err)) == NULL)
		goto fail;
	for (i = REPORT_MASTERY; i <= REPORT_GROUPS; i++)
		if (o.tables[i]) {
			any = 1;
			if (read_file(r, o.tables[i], (enum report_table)i, &o,
			    rj, &delim, &err) != 0)
				goto fail;
		}
	for (i = optind; i < argc || (i == argc && !any && i == optind); i++)
		if (read_file(r, i < argc ? argv[i] : "-", REPORT_DETECT, &o, rj,
		    &delim, &err) != 0)
			goto fail;
	if (cli_rejects_done(&o.c, &rj, &err) != 0)
		goto fail;
	d = report_data(r, o.c.as_of);
	for (i = 0; o.r.student && (size_t)i < d->nstudents; i++)
		if (strcmp(d->students[i].id, o.r.student) == 0)
			break;
	if (o.r.student && (size_t)i == d->nstudents) {
		pl_err_set(&err, NULL, 0, PL_EXIT_DATA, "no student \"%s\"",
		    o.r.student);
		goto fail;
	}
	if (o.split) {
		if (write_split(d, &o, &err) != 0)
			goto fail;
		status = PL_EXIT_OK;
		goto done;
	}
	if ((out = output_open(o.c.output, o.c.mode, &err)) == NULL)
		goto fail;
	if (o.format == FMT_CSV && o.guessed && delim == '\t')
		o.format = FMT_TSV;
	if (o.format == FMT_CSV || o.format == FMT_TSV) {
		w = table_writer_new(output_file(out), o.format == FMT_TSV ? '\t'
		    : ',', o.c.spreadsheet ? TABLE_SPREADSHEET : TABLE_NEUTRALISE);
		render_rows(d, o.kind, &o.r, put_row, w);
		table_writer_free(w);
	} else if (render_report(output_file(out), d, o.kind,
	    (enum render_format)o.format, &o.r, &err) != 0)
		goto fail;
	i = output_commit(out, &err);
	out = NULL;
	if (i != 0)
		goto fail;
	status = PL_EXIT_OK;
	goto done;
fail:
	status = cli_fail(&o.c, &rj, &err);
	if (out != NULL)
		output_abort(out);
done:
	reject_free(rj);
	report_free(r);
	catalog_free_objectives(&objs);
	catalog_free_roster(&roster);
	return cli_close_stdout(status);
}
