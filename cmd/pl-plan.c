/*
 * pl-plan - what each student works on next (playlist), or who meets whom
 * (groups, sessions).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan.h"
#include "planner.h"
#include "reject.h"

enum {
	OPT_ACTIVITIES = CLI_OPT_FIRST_TOOL,
	OPT_ASSIGN,
	OPT_GROUPS,
	OPT_MAX_ITEMS,
	OPT_MAX_SIZE,
	OPT_MIN_SIZE,
	OPT_MINUTES,
	OPT_OBJECTIVES,
	OPT_PACING,
	OPT_RECENT_DAYS,
	OPT_REQUESTS,
	OPT_ROSTER,
	OPT_SESSIONS,
	OPT_STUDENT
};

static const char usage[] =
"Usage: pl-plan --objectives FILE [OPTION]... [MASTERY]...\n"
"Read the mastery table and write each student's playlist (what to work on\n"
"next, and why); with --groups, small groups by next objective; with\n"
"--sessions, places in scheduled sessions.\n"
"\n"
"Inputs:\n"
"      --objectives FILE   objectives with prerequisites (required)\n"
"      --activities FILE   the activity library\n"
"      --roster FILE       students, with interests and modalities\n"
"      --pacing FILE       pl-progress --pacing output (ahead, behind, ...)\n"
"      --student ID        plan only for this student (repeatable)\n"
"\n"
"Playlist:\n"
"      --minutes N         time budget per student (default: none)\n"
"      --max-items N       items per student (default: none)\n"
"      --recent-days N     developing work this recent is review (default 10)\n"
"\n"
"Groups:\n"
"      --groups            group students by the objective they need next\n"
"      --max-size N        largest group (default 6)\n"
"      --min-size N        smallest group when a split allows (default 1)\n"
"      --sessions FILE     place students in sessions (session_id,\n"
"                          objective_id, slot, capacity, teacher)\n"
"      --requests FILE     students' choices (student_id, session_id, rank)\n"
"      --assign FILE       teacher's assignments (student_id, session_id)\n"
"\n"
"%s"
"\n"
"Examples:\n"
"  $ pl-plan --as-of 2026-11-20 --objectives objectives.csv \\\n"
"      --activities activities.csv --roster roster.csv --minutes 90 mastery.csv\n"
"  $ pl-plan --as-of 2026-11-20 --objectives objectives.csv --groups \\\n"
"      --max-size 5 --pacing pacing.csv mastery.csv\n"
"  $ pl-plan --as-of 2026-11-20 --objectives objectives.csv \\\n"
"      --sessions sessions.csv --requests requests.csv mastery.csv\n"
"\n"
"See pl-plan(1), pl-formats(5), pl(7).\n";

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "activities", required_argument, NULL, OPT_ACTIVITIES },
	{ "assign", required_argument, NULL, OPT_ASSIGN },
	{ "groups", no_argument, NULL, OPT_GROUPS },
	{ "max-items", required_argument, NULL, OPT_MAX_ITEMS },
	{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
	{ "min-size", required_argument, NULL, OPT_MIN_SIZE },
	{ "minutes", required_argument, NULL, OPT_MINUTES },
	{ "objectives", required_argument, NULL, OPT_OBJECTIVES },
	{ "pacing", required_argument, NULL, OPT_PACING },
	{ "recent-days", required_argument, NULL, OPT_RECENT_DAYS },
	{ "requests", required_argument, NULL, OPT_REQUESTS },
	{ "roster", required_argument, NULL, OPT_ROSTER },
	{ "sessions", required_argument, NULL, OPT_SESSIONS },
	{ "student", required_argument, NULL, OPT_STUDENT },
	{ NULL, 0, NULL, 0 }
};

struct options {
	struct cli_common c;
	struct planner_opts run;
	const char **students;
	int groups, sizes_given;
};

/* Prints the planner's warnings (not under -q). */
static void
warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	char help[8192];
	int opt;

	snprintf(help, sizeof help, usage, cli_common_help);
	o->students = calloc((size_t)argc, sizeof *o->students);
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&o->c, opt, optarg, help))
			continue;
		switch (opt) {
		case OPT_ACTIVITIES: o->run.activities = optarg; break;
		case OPT_ASSIGN: o->run.assign = optarg; break;
		case OPT_GROUPS: o->groups = 1; break;
		case OPT_MAX_ITEMS:
			o->run.p.max_items = cli_long("--max-items", optarg, 1,
			    1000000);
			break;
		case OPT_MAX_SIZE:
			o->run.p.max_size = cli_long("--max-size", optarg, 1,
			    1000000);
			o->sizes_given = 1;
			break;
		case OPT_MIN_SIZE:
			o->run.p.min_size = cli_long("--min-size", optarg, 1,
			    1000000);
			o->sizes_given = 1;
			break;
		case OPT_MINUTES:
			o->run.p.minutes = cli_long("--minutes", optarg, 1,
			    10000000);
			break;
		case OPT_OBJECTIVES: o->run.objectives = optarg; break;
		case OPT_PACING: o->run.pacing = optarg; break;
		case OPT_RECENT_DAYS:
			o->run.p.recent_days = cli_long("--recent-days", optarg, 0,
			    100000);
			break;
		case OPT_REQUESTS: o->run.requests = optarg; break;
		case OPT_ROSTER: o->run.roster = optarg; break;
		case OPT_SESSIONS: o->run.sessions = optarg; break;
		case OPT_STUDENT:
			o->students[o->run.p.nstudents++] = optarg;
			break;
		default:
			cli_usage("unknown option");
		}
	}
	if (o->run.objectives == NULL)
		cli_usage("--objectives FILE is required");
	if ((o->run.requests || o->run.assign) && o->run.sessions == NULL)
		cli_usage("--requests and --assign go with --sessions");
	if (o->sizes_given && (!o->groups || o->run.sessions))
		cli_usage("--max-size and --min-size go with --groups, not "
		    "--sessions");
	if (o->run.p.min_size > o->run.p.max_size)
		cli_usage("--min-size %ld is larger than --max-size %ld",
		    o->run.p.min_size, o->run.p.max_size);
	if ((o->groups || o->run.sessions) && (o->run.p.minutes || o->run.p.max_items))
		cli_usage("--minutes and --max-items go with playlists, not "
		    "groups");
	o->run.p.mode = o->run.sessions ? PLAN_SESSIONS : o->groups ? PLAN_GROUPS :
	    PLAN_PLAYLIST;
	o->run.p.as_of = o->c.as_of;
	o->run.p.date_flags = o->c.date_flags;
	o->run.p.decimal_comma = o->c.decimal_comma;
	o->run.p.students = o->students;
	o->run.output = o->c.output;
	o->run.delim = o->c.delim;
	o->run.out_format = o->c.out_format;
	o->run.spreadsheet = o->c.spreadsheet;
	o->run.mode = o->c.mode;
	o->run.warn = warn;
	o->run.p.warn = warn;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct pl_err err;
	struct planner *pl = NULL;
	struct reject *rj = NULL;
	int rc, status;

	memset(&o, 0, sizeof o);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	plan_opts_init(&o.run.p);
	parse_options(argc, argv, &o);

	rc = (pl = planner_new(&o.run, &err)) == NULL ||
	    (rj = cli_reject_new(&o.c, &err)) == NULL ||
	    planner_read(pl, (const char *const *)argv + optind,
	    (size_t)(argc - optind), rj, &err) != 0 ||
	    planner_write(pl, &err) != 0 ||
	    cli_rejects_done(&o.c, &rj, &err) != 0 ||
	    planner_commit(pl, &err) != 0;
	status = rc == 0 ? PL_EXIT_OK : cli_fail(&o.c, &rj, &err);
	reject_free(rj);
	planner_free(pl);
	free(o.students);
	return cli_close_stdout(status);
}
