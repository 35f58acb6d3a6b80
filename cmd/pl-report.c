/*
 * pl-report - reports for people from the pl tables: the class matrix,
 * student progress, pacing and interventions, groups.
 */
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mastery.h"
#include "reject.h"
#include "render.h"
#include "report.h"
#include "reporter.h"

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

struct options {
	struct cli_common c;
	struct reporter_opts run;
	const char *scale;
};

/* Prints the reporter's warnings (not under -q). */
static void
warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	struct reporter_opts *r = &o->run;
	char help[8192];
	struct pl_err err;
	int opt;

	snprintf(help, sizeof help, usage, cli_common_help);
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&o->c, opt, optarg, help))
			continue;
		switch (opt) {
		case OPT_COURSE: r->r.course = optarg; break;
		case OPT_FORMAT:
			if ((r->format = reporter_format_parse(optarg)) ==
			    REPORTER_NONE)
				cli_usage("invalid value for --format: \"%s\" "
				    "(text, md, csv, tsv, html)", optarg);
			break;
		case OPT_GROUPS: r->tables[REPORT_GROUPS] = optarg; break;
		case OPT_MASTERY: r->tables[REPORT_MASTERY] = optarg; break;
		case OPT_OBJECTIVES: r->objectives = optarg; break;
		case OPT_PACING: r->tables[REPORT_PACING] = optarg; break;
		case OPT_PLAYLIST: r->tables[REPORT_PLAYLIST] = optarg; break;
		case OPT_REPORT:
			if (render_kind_parse(optarg, &r->kind) != 0)
				cli_usage("invalid value for --report: \"%s\" (class, "
				    "student, pacing, interventions, groups)", optarg);
			break;
		case OPT_ROSTER: r->roster = optarg; break;
		case OPT_SCALE: o->scale = optarg; break;
		case OPT_SECTION: r->r.section = optarg; break;
		case OPT_SPLIT: r->split = optarg; break;
		case OPT_STUDENT: r->r.student = optarg; break;
		default:
			cli_usage("unknown option");
		}
	}
	if (o->scale && mastery_scale_parse(o->scale, &r->levels, &err) != 0)
		cli_usage("%s", err.msg);
	if (r->format == REPORTER_NONE)
		r->format = r->split ? REPORTER_HTML :
		    reporter_format_default(o->c.output, o->c.out_format,
		    isatty(STDOUT_FILENO), &r->guessed);
	if (r->split && r->kind != RENDER_STUDENT)
		cli_usage("--split goes with --report student");
	if (r->split && o->c.output)
		cli_usage("--split and --output do not go together");
	if (r->split && (r->format == REPORTER_CSV ||
	    r->format == REPORTER_TSV))
		cli_usage("--split writes text, md or html");
	r->output = o->c.output;
	r->delim = o->c.delim;
	r->as_of = o->c.as_of;
	r->date_flags = o->c.date_flags;
	r->decimal_comma = o->c.decimal_comma;
	r->spreadsheet = o->c.spreadsheet;
	r->mode = o->c.mode;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct pl_err err;
	struct reporter *rp = NULL;
	struct reject *rj = NULL;
	int rc, status;

	memset(&o, 0, sizeof o);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	o.run.kind = RENDER_CLASS;
	o.run.format = REPORTER_NONE;
	o.run.warn = warn;
	mastery_scale_default(&o.run.levels);
	parse_options(argc, argv, &o);

	rc = (rp = reporter_new(&o.run, &err)) == NULL ||
	    (rj = cli_reject_new(&o.c, &err)) == NULL ||
	    reporter_read(rp, (const char *const *)argv + optind,
	    (size_t)(argc - optind), rj, &err) != 0 ||
	    cli_rejects_done(&o.c, &rj, &err) != 0 ||
	    reporter_write(rp, &err) != 0;
	status = rc == 0 ? PL_EXIT_OK : cli_fail(&o.c, &rj, &err);
	reject_free(rj);
	reporter_free(rp);
	return cli_close_stdout(status);
}
