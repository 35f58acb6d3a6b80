/*
 * pl-progress - apply mastery rules to evidence; the pacing view.
 */
#include <string.h>

#include "cli.h"
#include "mastery.h"
#include "reject.h"
#include "tracker.h"

enum {
	OPT_ALL = CLI_OPT_FIRST_TOOL,
	OPT_BKT_FORGETS,
	OPT_BKT_PARAMS,
	OPT_BKT_PARAMS_OUT,
	OPT_BKT_RESTARTS,
	OPT_BKT_THRESHOLD,
	OPT_CALENDAR,
	OPT_CORRECT_AT,
	OPT_EVAL,
	OPT_PREDICT,
	OPT_SEED,
	OPT_CREDIT,
	OPT_END,
	OPT_FROM_MASTERY,
	OPT_GROUPED,
	OPT_INTERVENE_AFTER,
	OPT_MASTERY_LEVEL,
	OPT_MIN_EVIDENCE,
	OPT_OBJECTIVES,
	OPT_ONLY_KIND,
	OPT_PACING,
	OPT_ROSTER,
	OPT_RULE,
	OPT_SCALE,
	OPT_START,
	OPT_THREADS,
	OPT_TOLERANCE,
	OPT_WINDOW
};

static const char usage[] =
"Usage: pl-progress [OPTION]... [FILE]...\n"
"Apply a mastery rule to each student's evidence on each objective and write\n"
"the mastery table; with --pacing, write who is ahead, on track or behind.\n"
"\n"
"Mastery:\n"
"      --rule RULE         decaying[:W] (default decaying:0.65), weighted[:W],\n"
"                          n-times[:N[@T]], recent, highest, mean, median,\n"
"                          mode, highest-of-last:N, mean-of-last:N,\n"
"                          power-law, best-fit, bkt, bkt:fit\n"
"      --scale SCALE       levels and cuts (default\n"
"                          beginning<0.5<developing<0.75<proficient<0.9<advanced)\n"
"      --mastery-level L   the level that counts as mastered (default\n"
"                          proficient)\n"
"      --min-evidence N    not_yet until N scores exist (default 1)\n"
"      --only-kind KIND    use only evidence of this kind (e.g. summative)\n"
"      --objectives FILE   objectives: per-objective rules, course_id, due\n"
"                          dates; evidence for other objectives is warned\n"
"                          about (an error under --strict)\n"
"      --roster FILE       the students\n"
"      --all               with --roster and --objectives: a not_yet row\n"
"                          for every pair without evidence\n"
"      --grouped           input is grouped by student: hold one student\n"
"                          at a time (memory flat in the input size)\n"
"      --threads N         read a large regular input file, and fit\n"
"                          bkt:fit objectives, with N threads (default:\n"
"                          the cores available); the output is\n"
"                          byte-identical to one thread\n"
"\n"
"Bayesian Knowledge Tracing (--rule bkt or bkt:fit):\n"
"      --bkt-params FILE   objective_id,prior,learn,guess,slip[,forget]\n"
"      --bkt-threshold P   mastered when P(known) >= P (default 0.95)\n"
"      --correct-at X      a response is correct when score/max >= X, unless\n"
"                          the evidence has a correct column (default 0.5)\n"
"      --bkt-restarts N    bkt:fit: random EM starts per objective (default 5)\n"
"      --seed N            bkt:fit: seed of the starts (default 42)\n"
"      --bkt-forgets       bkt:fit: fit forgetting too (default: forget 0)\n"
"      --bkt-params-out F  bkt:fit: write the fitted parameters to F\n"
"      --predict           write one row per response instead: p_correct,\n"
"                          p_known_before and p_known_after\n"
"      --eval              print log-likelihood, AUC, RMSE and accuracy of\n"
"                          the predictions on stderr\n"
"\n"
"Pacing (--pacing; needs --objectives):\n"
"      --pacing            write the pacing table instead of mastery\n"
"      --from-mastery      the input is mastery rows, not evidence\n"
"      --calendar FILE     days without instruction (date[,name])\n"
"      --start DATE        course start (default: from the due dates)\n"
"      --end DATE          course end (default: the last due date)\n"
"      --window N          velocity window, instructional days (default 15)\n"
"      --tolerance N       days ahead/behind still on track (default 2)\n"
"      --intervene-after N days behind that call for an intervention\n"
"                          (default 5)\n"
"      --credit K/N        add whether K of each N objectives are mastered\n"
"\n"
"%s"
"\n"
"Examples:\n"
"  $ pl-progress --as-of 2026-11-20 --objectives objectives.csv evidence.csv\n"
"  $ pl-progress --as-of 2026-11-20 --rule n-times:3 evidence.csv\n"
"  $ pl-progress --as-of 2026-11-20 --objectives objectives.csv \\\n"
"      --calendar calendar.csv --roster roster.csv --pacing evidence.csv\n"
"\n"
"See pl-progress(1), pl-formats(5), pl(7).\n";

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "all", no_argument, NULL, OPT_ALL },
	{ "bkt-forgets", no_argument, NULL, OPT_BKT_FORGETS },
	{ "bkt-params", required_argument, NULL, OPT_BKT_PARAMS },
	{ "bkt-params-out", required_argument, NULL, OPT_BKT_PARAMS_OUT },
	{ "bkt-restarts", required_argument, NULL, OPT_BKT_RESTARTS },
	{ "bkt-threshold", required_argument, NULL, OPT_BKT_THRESHOLD },
	{ "calendar", required_argument, NULL, OPT_CALENDAR },
	{ "correct-at", required_argument, NULL, OPT_CORRECT_AT },
	{ "credit", required_argument, NULL, OPT_CREDIT },
	{ "end", required_argument, NULL, OPT_END },
	{ "eval", no_argument, NULL, OPT_EVAL },
	{ "from-mastery", no_argument, NULL, OPT_FROM_MASTERY },
	{ "grouped", no_argument, NULL, OPT_GROUPED },
	{ "intervene-after", required_argument, NULL, OPT_INTERVENE_AFTER },
	{ "mastery-level", required_argument, NULL, OPT_MASTERY_LEVEL },
	{ "min-evidence", required_argument, NULL, OPT_MIN_EVIDENCE },
	{ "objectives", required_argument, NULL, OPT_OBJECTIVES },
	{ "only-kind", required_argument, NULL, OPT_ONLY_KIND },
	{ "pacing", no_argument, NULL, OPT_PACING },
	{ "predict", no_argument, NULL, OPT_PREDICT },
	{ "roster", required_argument, NULL, OPT_ROSTER },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "start", required_argument, NULL, OPT_START },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "tolerance", required_argument, NULL, OPT_TOLERANCE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ NULL, 0, NULL, 0 }
};

struct options {
	struct cli_common c;
	struct tracker_opts run;
	const char *mastery_level, *scale;
};

static void
warn(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

static void
note(void *arg, const char *msg)
{
	(void)arg;
	cli_error("%s", msg);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	struct tracker_opts *r = &o->run;
	char help[8192];
	struct pl_err err;
	const char *why;
	int opt;

	snprintf(help, sizeof help, usage, cli_common_help);
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&o->c, opt, optarg, help))
			continue;
		switch (opt) {
		case OPT_ALL:
			r->p.all = 1;
			break;
		case OPT_BKT_FORGETS:
			r->bkt.fit.fit_forget = 1;
			break;
		case OPT_BKT_PARAMS:
			r->bkt_params = optarg;
			break;
		case OPT_BKT_PARAMS_OUT:
			r->bkt_params_out = optarg;
			break;
		case OPT_BKT_RESTARTS:
			r->bkt.fit.restarts = (int)cli_long("--bkt-restarts",
			    optarg, 1, 1000);
			break;
		case OPT_BKT_THRESHOLD:
			r->bkt.threshold = cli_double("--bkt-threshold", optarg,
			    0, 1);
			break;
		case OPT_CORRECT_AT:
			r->bkt.correct_at = cli_double("--correct-at", optarg,
			    0, 1);
			break;
		case OPT_EVAL:
			r->bkt.eval = 1;
			break;
		case OPT_PREDICT:
			r->bkt.predict = 1;
			break;
		case OPT_SEED:
			r->bkt.fit.seed = (uint64_t)cli_long("--seed", optarg,
			    0, LONG_MAX);
			break;
		case OPT_CALENDAR:
			r->calendar = optarg;
			break;
		case OPT_CREDIT:
			if ((why = pacing_credit_parse(optarg, &r->pace)) != NULL)
				cli_usage("invalid value for --credit: \"%s\" "
				    "(%s)", optarg, why);
			break;
		case OPT_END:
			r->end = cli_date("--end", optarg);
			break;
		case OPT_FROM_MASTERY:
			r->p.from_mastery = 1;
			break;
		case OPT_GROUPED:
			r->p.grouped = 1;
			break;
		case OPT_INTERVENE_AFTER:
			r->pace.intervene_after = cli_long("--intervene-after",
			    optarg, 0, 1000);
			break;
		case OPT_MASTERY_LEVEL:
			o->mastery_level = optarg;
			break;
		case OPT_MIN_EVIDENCE:
			r->p.min_evidence = (int)cli_long("--min-evidence",
			    optarg, 0, 1000);
			break;
		case OPT_OBJECTIVES:
			r->objectives = optarg;
			break;
		case OPT_ONLY_KIND:
			r->p.only_kind = optarg;
			break;
		case OPT_PACING:
			r->pacing = 1;
			break;
		case OPT_ROSTER:
			r->roster = optarg;
			break;
		case OPT_RULE:
			if (mastery_rule_parse(optarg, &r->p.rule, &err) != 0)
				cli_usage("%s", err.msg);
			break;
		case OPT_SCALE:
			o->scale = optarg;
			break;
		case OPT_START:
			r->start = cli_date("--start", optarg);
			break;
		case OPT_THREADS:
			r->threads = (int)cli_long("--threads", optarg, 1, 256);
			break;
		case OPT_TOLERANCE:
			r->pace.tolerance = cli_long("--tolerance", optarg, 0,
			    1000);
			break;
		case OPT_WINDOW:
			r->pace.window = cli_long("--window", optarg, 1, 1000);
			break;
		}
	}
	if (o->scale != NULL && mastery_scale_parse(o->scale, &r->p.scale,
	    &err) != 0)
		cli_usage("%s", err.msg);
	if (o->mastery_level != NULL &&
	    mastery_scale_set_mastery(&r->p.scale, o->mastery_level, &err) != 0)
		cli_usage("%s", err.msg);
	if ((why = tracker_opts_check(r)) != NULL)
		cli_usage("%s", why);
	r->p.as_of = o->c.as_of;
	r->p.strict = o->c.strict;
	r->p.include_roster = r->pacing;
	r->p.ev.date_flags = o->c.date_flags;
	r->p.ev.decimal_comma = o->c.decimal_comma;
	r->date_flags = o->c.date_flags;
	r->output = o->c.output;
	r->delim = o->c.delim;
	r->out_format = o->c.out_format;
	r->spreadsheet = o->c.spreadsheet;
	r->mode = o->c.mode;
	r->warn = o->c.quiet ? NULL : warn;
	r->note = note;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct pl_err err;
	struct tracker *tr = NULL;
	struct reject *rj = NULL;
	int rc, status;

	memset(&o, 0, sizeof o);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	tracker_opts_init(&o.run);
	parse_options(argc, argv, &o);

	rc = (tr = tracker_new(&o.run, &err)) == NULL ||
	    (rj = cli_reject_new(&o.c, &err)) == NULL ||
	    tracker_read(tr, (const char *const *)argv + optind,
	    (size_t)(argc - optind), rj, &err) != 0 ||
	    tracker_finish(tr, &err) != 0 ||
	    cli_rejects_done(&o.c, &rj, &err) != 0 ||
	    tracker_commit(tr, &err) != 0;
	status = rc == 0 ? PL_EXIT_OK : cli_fail(&o.c, &rj, &err);
	reject_free(rj);
	tracker_free(tr);
	return cli_close_stdout(status);
}
