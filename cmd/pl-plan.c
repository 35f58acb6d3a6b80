/*
 * pl-plan - what each student works on next (playlist), or who meets whom
 * (groups, sessions).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "date.h"
#include "output.h"
#include "plan.h"
#include "reject.h"
#include "table.h"

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
	struct plan_opts p;
	const char *objectives, *activities, *roster, *pacing;
	const char *sessions, *requests, *assign;
	const char **students;
	int groups, sizes_given;
};

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
		case OPT_ACTIVITIES: o->activities = optarg; break;
		case OPT_ASSIGN: o->assign = optarg; break;
		case OPT_GROUPS: o->groups = 1; break;
		case OPT_MAX_ITEMS:
			o->p.max_items = cli_long("--max-items", optarg, 1,
			    1000000);
			break;
		case OPT_MAX_SIZE:
			o->p.max_size = cli_long("--max-size", optarg, 1,
			    1000000);
			o->sizes_given = 1;
			break;
		case OPT_MIN_SIZE:
			o->p.min_size = cli_long("--min-size", optarg, 1,
			    1000000);
			o->sizes_given = 1;
			break;
		case OPT_MINUTES:
			o->p.minutes = cli_long("--minutes", optarg, 1,
			    10000000);
			break;
		case OPT_OBJECTIVES: o->objectives = optarg; break;
		case OPT_PACING: o->pacing = optarg; break;
		case OPT_RECENT_DAYS:
			o->p.recent_days = cli_long("--recent-days", optarg, 0,
			    100000);
			break;
		case OPT_REQUESTS: o->requests = optarg; break;
		case OPT_ROSTER: o->roster = optarg; break;
		case OPT_SESSIONS: o->sessions = optarg; break;
		case OPT_STUDENT:
			o->students[o->p.nstudents++] = optarg;
			break;
		default:
			cli_usage("unknown option");
		}
	}
	if (o->objectives == NULL)
		cli_usage("--objectives FILE is required");
	if ((o->requests || o->assign) && o->sessions == NULL)
		cli_usage("--requests and --assign go with --sessions");
	if (o->sizes_given && (!o->groups || o->sessions))
		cli_usage("--max-size and --min-size go with --groups, not "
		    "--sessions");
	if (o->p.min_size > o->p.max_size)
		cli_usage("--min-size %ld is larger than --max-size %ld",
		    o->p.min_size, o->p.max_size);
	if ((o->groups || o->sessions) && (o->p.minutes || o->p.max_items))
		cli_usage("--minutes and --max-items go with playlists, not "
		    "groups");
	o->p.mode = o->sessions ? PLAN_SESSIONS : o->groups ? PLAN_GROUPS :
	    PLAN_PLAYLIST;
	o->p.as_of = o->c.as_of;
	o->p.date_flags = o->c.date_flags;
	o->p.decimal_comma = o->c.decimal_comma;
	o->p.students = o->students;
}

typedef int (*reader_fn)(struct plan *, struct table *, struct reject *,
    struct pl_err *);

/* Opens path and feeds it to fn; *delim gets its delimiter. */
static int
read_file(struct plan *p, const char *path, reader_fn fn, int sessions,
    struct reject *rj, const struct table_opts *topts, char *delim,
    struct pl_err *err)
{
	FILE *fp = cli_fopen(path, err);
	struct table *t;
	int rc;

	if (fp == NULL)
		return -1;
	if ((t = table_open(fp, path, topts, err)) == NULL) {
		if (fp != stdin)
			fclose(fp);
		return -1;
	}
	if (delim != NULL && *delim == 0)
		*delim = table_delim(t);
	rc = sessions ? plan_read_sessions(p, t, err) : fn(p, t, rj, err);
	table_close(t);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct pl_err err;
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_activities acts;
	struct table_opts topts = { 0, 0 };
	struct plan *p = NULL;
	struct reject *rj = NULL;
	struct output *out = NULL;
	struct table_writer *w = NULL;
	int status = PL_EXIT_DATA, i, nfiles;
	char delim = 0;
	size_t conflicts = 0;
	const char *stdin_only[] = { "-" };
	const char *const *files;

	memset(&o, 0, sizeof o);
	memset(&objs, 0, sizeof objs);
	memset(&roster, 0, sizeof roster);
	memset(&acts, 0, sizeof acts);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	plan_opts_init(&o.p);
	parse_options(argc, argv, &o);
	nfiles = argc - optind;
	files = nfiles > 0 ? (const char *const *)argv + optind : stdin_only;
	if (nfiles == 0)
		nfiles = 1;
	topts.delim = o.c.delim;

	if (catalog_load_objectives(o.objectives, &topts, o.c.date_flags,
	    &objs, &err) != 0)
		goto fail;
	if (o.roster && catalog_load_roster(o.roster, &topts, o.c.date_flags,
	    &roster, &err) != 0)
		goto fail;
	if (o.activities && catalog_load_activities(o.activities, &topts,
	    &acts, &err) != 0)
		goto fail;
	if ((p = plan_new(&o.p, &objs, &roster, &acts, &err)) == NULL)
		goto fail;
	if (plan_unknown_activities(p) > 0)
		cli_warn("%zu activit%s for objectives not in %s, left out",
		    plan_unknown_activities(p),
		    plan_unknown_activities(p) == 1 ? "y" : "ies", objs.name);
	if ((rj = reject_new(o.c.reject, o.c.strict, &err)) == NULL)
		goto fail;
	for (i = 0; i < nfiles; i++)
		if (read_file(p, files[i], plan_read_mastery, 0, rj, &topts,
		    &delim, &err) != 0)
			goto fail;
	if ((o.pacing && read_file(p, o.pacing, plan_read_pacing, 0, rj,
	    &topts, NULL, &err) != 0) ||
	    (o.sessions && read_file(p, o.sessions, NULL, 1, rj, &topts,
	    NULL, &err) != 0) ||
	    (o.requests && read_file(p, o.requests, plan_read_requests, 0,
	    rj, &topts, NULL, &err) != 0) ||
	    (o.assign && read_file(p, o.assign, plan_read_assign, 0, rj,
	    &topts, NULL, &err) != 0))
		goto fail;
	if ((out = output_open(o.c.output, o.c.mode, &err)) == NULL)
		goto fail;
	w = table_writer_new(output_file(out), o.c.out_format ?
	    (char)o.c.out_format : delim == '\t' ? '\t' : ',',
	    o.c.spreadsheet ? TABLE_SPREADSHEET : 0);
	if (plan_write(p, w, &conflicts, &err) != 0)
		goto fail;
	if (conflicts > 0)
		cli_warn("%zu teacher assignment%s could not be placed (see the "
		    "rows with an empty group_id)", conflicts,
		    conflicts == 1 ? "" : "s");
	if (cli_rejects_done(&o.c, &rj, &err) != 0)
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
	table_writer_free(w);
	plan_free(p);
	reject_free(rj);
	catalog_free_objectives(&objs);
	catalog_free_roster(&roster);
	catalog_free_activities(&acts);
	free(o.students);
	return cli_close_stdout(status);
}
