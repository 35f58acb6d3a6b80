/*
 * pl-progress - apply mastery rules to evidence; the pacing view.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bktrule.h"
#include "calendar.h"
#include "catalog.h"
#include "cli.h"
#include "date.h"
#include "mastery.h"
#include "output.h"
#include "paceview.h"
#include "progress.h"
#include "reject.h"
#include "table.h"

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
"      --threads N         read a large regular input file with N threads\n"
"                          (default: the cores available); the output is\n"
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
	struct progress_opts p;
	struct pacing_options pace;
	const char *objectives, *roster, *calendar, *mastery_level;
	const char *scale;
	const char *bkt_params, *bkt_params_out;
	struct bktrule_opts bkt;
	int pacing;
	int threads;
	int32_t start, end;
};

/* Where the students go: mastery rows or pacing rows. */
struct sink {
	struct table_writer *w;
	struct paceview *view;
	int predict;		/* rows are written by the BKT rule */
};

static int
write_student(void *arg, const struct progress *p,
    const struct progress_student *s, struct pl_err *err)
{
	struct sink *k = arg;

	if (k->predict)
		return 0;
	if (k->view != NULL)
		return paceview_write_student(k->view, k->w, s, err);
	progress_write_student(k->w, p, s);
	return 0;
}

static void
parse_credit(struct options *o, const char *arg)
{
	char *end;
	long k = strtol(arg, &end, 10), n;

	if (end == arg || *end != '/' || k < 1)
		cli_usage("invalid value for --credit: \"%s\" (expected K/N, "
		    "e.g. 7/10)", arg);
	n = strtol(end + 1, &end, 10);
	if (*end != '\0' || n < k || n > 1000)
		cli_usage("invalid value for --credit: \"%s\" (expected K/N "
		    "with 1 <= K <= N, e.g. 7/10)", arg);
	o->pace.credit_k = k;
	o->pace.credit_n = n;
}

/* 0: no BKT rule; 1: bkt with given parameters; 2: bkt:fit somewhere. The
 * objectives' rule column is checked later, when it is loaded. */
static int
uses_bkt(const struct options *o)
{
	if (o->p.rule.kind != MASTERY_BKT)
		return o->objectives ? 1 : 0;
	return o->p.rule.fit ? 2 : 1;
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
		case OPT_ALL:
			o->p.all = 1;
			break;
		case OPT_BKT_FORGETS:
			o->bkt.fit.fit_forget = 1;
			break;
		case OPT_BKT_PARAMS:
			o->bkt_params = optarg;
			break;
		case OPT_BKT_PARAMS_OUT:
			o->bkt_params_out = optarg;
			break;
		case OPT_BKT_RESTARTS:
			o->bkt.fit.restarts = (int)cli_long("--bkt-restarts",
			    optarg, 1, 1000);
			break;
		case OPT_BKT_THRESHOLD:
			o->bkt.threshold = cli_double("--bkt-threshold", optarg,
			    0, 1);
			break;
		case OPT_CORRECT_AT:
			o->bkt.correct_at = cli_double("--correct-at", optarg,
			    0, 1);
			break;
		case OPT_EVAL:
			o->bkt.eval = 1;
			break;
		case OPT_PREDICT:
			o->bkt.predict = 1;
			break;
		case OPT_SEED:
			o->bkt.fit.seed = (uint64_t)cli_long("--seed", optarg, 0,
			    LONG_MAX);
			break;
		case OPT_CALENDAR:
			o->calendar = optarg;
			break;
		case OPT_CREDIT:
			parse_credit(o, optarg);
			break;
		case OPT_END:
			o->end = cli_date("--end", optarg, 0);
			break;
		case OPT_FROM_MASTERY:
			o->p.from_mastery = 1;
			break;
		case OPT_GROUPED:
			o->p.grouped = 1;
			break;
		case OPT_INTERVENE_AFTER:
			o->pace.intervene_after = cli_long("--intervene-after",
			    optarg, 0, 1000);
			break;
		case OPT_MASTERY_LEVEL:
			o->mastery_level = optarg;
			break;
		case OPT_MIN_EVIDENCE:
			o->p.min_evidence = (int)cli_long("--min-evidence",
			    optarg, 0, 1000);
			break;
		case OPT_OBJECTIVES:
			o->objectives = optarg;
			break;
		case OPT_ONLY_KIND:
			o->p.only_kind = optarg;
			break;
		case OPT_PACING:
			o->pacing = 1;
			break;
		case OPT_ROSTER:
			o->roster = optarg;
			break;
		case OPT_RULE:
			if (mastery_rule_parse(optarg, &o->p.rule, &err) != 0)
				cli_usage("%s", err.msg);
			break;
		case OPT_SCALE:
			o->scale = optarg;
			break;
		case OPT_START:
			o->start = cli_date("--start", optarg, 0);
			break;
		case OPT_THREADS:
			o->threads = (int)cli_long("--threads", optarg, 1, 256);
			break;
		case OPT_TOLERANCE:
			o->pace.tolerance = cli_long("--tolerance", optarg, 0,
			    1000);
			break;
		case OPT_WINDOW:
			o->pace.window = cli_long("--window", optarg, 1, 1000);
			break;
		}
	}
	if (o->scale != NULL && mastery_scale_parse(o->scale, &o->p.scale,
	    &err) != 0)
		cli_usage("%s", err.msg);
	if (o->mastery_level != NULL &&
	    mastery_scale_set_mastery(&o->p.scale, o->mastery_level, &err) != 0)
		cli_usage("%s", err.msg);
	if (o->p.all && (o->objectives == NULL || o->roster == NULL))
		cli_usage("--all needs --objectives and --roster");
	if (o->pacing && o->objectives == NULL)
		cli_usage("--pacing needs --objectives (the pacing guide)");
	if (o->p.from_mastery && !o->pacing)
		cli_usage("--from-mastery goes with --pacing");
	if (!o->pacing && (o->calendar || o->start != DATE_NONE ||
	    o->end != DATE_NONE || o->pace.credit_n))
		cli_usage("--calendar, --start, --end and --credit go with "
		    "--pacing");
	if (uses_bkt(o) == 0 && (o->bkt_params || o->bkt.predict ||
	    o->bkt.eval || o->bkt_params_out))
		cli_usage("--bkt-params, --predict, --eval and --bkt-params-out "
		    "go with --rule bkt or bkt:fit (or a bkt rule in "
		    "--objectives)");
	if (o->p.rule.kind == MASTERY_BKT && !o->p.rule.fit && !o->bkt_params)
		cli_usage("--rule bkt needs --bkt-params FILE (or use bkt:fit "
		    "to fit the parameters)");
	if (o->bkt_params_out && !o->objectives && uses_bkt(o) != 2)
		cli_usage("--bkt-params-out needs --rule bkt:fit");
	if (uses_bkt(o) == 2 && o->p.grouped)
		cli_usage("bkt:fit needs all the evidence at once; it cannot "
		    "run with --grouped (fit once, then use --bkt-params)");
	if (o->bkt.predict && o->pacing)
		cli_usage("--predict cannot be combined with --pacing");
	o->p.as_of = o->c.as_of;
	o->p.strict = o->c.strict;
	o->p.include_roster = o->pacing;
	o->p.ev.date_flags = o->c.date_flags;
	o->p.ev.decimal_comma = o->c.decimal_comma;
	o->p.ev.fixed_date = DATE_NONE;
}

/* Whether a bkt:fit rule applies anywhere: --rule, or an objective's. */
static int
needs_fit(const struct options *o, const struct catalog_objectives *objs)
{
	struct mastery_rule r;
	struct pl_err err;
	size_t i;

	if (o->p.rule.kind == MASTERY_BKT && o->p.rule.fit)
		return 1;
	for (i = 0; i < objs->n; i++)
		if (objs->v[i].rule[0] && mastery_rule_parse(objs->v[i].rule,
		    &r, &err) == 0 && r.kind == MASTERY_BKT && r.fit)
			return 1;
	return 0;
}

static int
write_params(const struct options *o, const struct bktrule *b,
    struct pl_err *err)
{
	struct output *out = output_open(o->bkt_params_out, o->c.mode, err);
	struct table_writer *w;
	int rc;

	if (out == NULL)
		return -1;
	w = table_writer_new(output_file(out), ',', 0);
	bktrule_write_params(b, w);
	table_writer_free(w);
	rc = output_commit(out, err);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct pl_err err;
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_calendar holidays;
	struct calendar *cal = NULL;
	struct progress *p = NULL;
	struct output *out = NULL;
	struct reject *rj = NULL;
	struct sink sink = { NULL, NULL, 0 };
	struct bktrule *bkt = NULL;
	struct table_opts topts = { 0, 0 };
	int status = PL_EXIT_DATA, i, nfiles;
	const char *stdin_only[] = { "-" };
	const char *const *files;

	memset(&o, 0, sizeof o);
	memset(&objs, 0, sizeof objs);
	memset(&roster, 0, sizeof roster);
	memset(&holidays, 0, sizeof holidays);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	o.start = o.end = DATE_NONE;
	o.p.rule.kind = MASTERY_DECAYING;
	o.p.rule.weight = MASTERY_DEFAULT_WEIGHT;
	o.p.min_evidence = 1;
	o.p.correct_at = 0.5;
	o.p.bkt_threshold = 0.95;
	o.bkt.correct_at = 0.5;
	o.bkt.threshold = 0.95;
	bkt_fit_options_default(&o.bkt.fit);
	mastery_scale_default(&o.p.scale);
	pacing_options_default(&o.pace);
	parse_options(argc, argv, &o);
	if (o.threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		o.threads = n < 1 ? 1 : n > 256 ? 256 : (int)n;
	}
	nfiles = argc - optind;
	files = nfiles > 0 ? (const char *const *)argv + optind : stdin_only;
	if (nfiles == 0)
		nfiles = 1;

	if (o.objectives && catalog_load_objectives(o.objectives, NULL,
	    o.c.date_flags, &objs, &err) != 0)
		goto fail;
	if (o.roster && catalog_load_roster(o.roster, NULL, o.c.date_flags,
	    &roster, &err) != 0)
		goto fail;
	if (o.calendar && catalog_load_calendar(o.calendar, NULL,
	    o.c.date_flags, &holidays, &err) != 0)
		goto fail;
	if (o.pacing) {
		cal = calendar_from_days(holidays.days, holidays.n);
		sink.view = paceview_new(&objs, &roster, cal, o.start, o.end,
		    o.c.as_of, &o.pace, &err);
		if (sink.view == NULL)
			goto fail;
	}
	if (uses_bkt(&o)) {
		bkt = bktrule_new(&o.bkt, &o.p.scale, o.p.min_evidence);
		if (o.bkt_params && bktrule_load(bkt, o.bkt_params, NULL,
		    &err) != 0)
			goto fail;
		o.p.bkt = bktrule_apply;
		o.p.bkt_arg = bkt;
		if (needs_fit(&o, &objs))
			o.p.prepare = bktrule_prepare;
		sink.predict = o.bkt.predict;
	}
	if ((p = progress_new(&o.p, &objs, &roster, write_student, &sink,
	    &err)) == NULL)
		goto fail;
	if ((rj = reject_new(o.c.reject, o.c.strict, &err)) == NULL)
		goto fail;
	if ((out = output_open(o.c.output, o.c.mode, &err)) == NULL)
		goto fail;
	topts.delim = o.c.delim;
	for (i = 0; i < nfiles; i++) {
		FILE *fp = cli_fopen(files[i], &err);
		struct table *t;
		int rc;

		if (fp == NULL)
			goto fail;
		if ((t = table_open(fp, files[i], &topts, &err)) == NULL) {
			if (fp != stdin)
				fclose(fp);
			goto fail;
		}
		if (sink.w == NULL) {
			char delim = o.c.out_format ? (char)o.c.out_format :
			    table_delim(t) == '\t' ? '\t' : ',';

			sink.w = table_writer_new(output_file(out), delim,
			    TABLE_HOLD | (o.c.spreadsheet ? TABLE_SPREADSHEET :
			    0));
			if (sink.predict)
				bktrule_predict_to(bkt, sink.w);
			else if (sink.view)
				paceview_write_header(sink.view, sink.w);
			else
				progress_write_header(sink.w);
		}
		if (table_delim(t) == ';')
			o.p.ev.decimal_comma = 1;
		if (o.p.from_mastery)
			rc = progress_read_mastery(p, t, rj, &err);
		else if ((rc = progress_read_threads(p, t, files[i], o.threads,
		    NULL, &err)) == 1)
			rc = progress_read(p, t, NULL, rj, &err);
		table_close(t);
		if (fp != stdin)
			fclose(fp);
		if (rc != 0)
			goto fail;
	}
	i = sink.view == NULL && !sink.predict ? progress_finish_threads(p,
	    sink.w, o.threads, &err) : 1;
	if (i < 0 || (i == 1 && progress_finish(p, &err) != 0))
		goto fail;
	if (bkt != NULL && o.bkt.eval) {
		struct bkt_metrics m;
		char ll[32], auc[32], rmse[32], acc[32];

		bktrule_metrics(bkt, &m);
		snprintf(ll, sizeof ll, "%.4f", m.loglik);
		snprintf(auc, sizeof auc, "%.4f", m.auc);
		snprintf(rmse, sizeof rmse, "%.4f", m.rmse);
		snprintf(acc, sizeof acc, "%.4f", m.accuracy);
		cli_error("eval: %zu responses, log-likelihood %s, AUC %s, "
		    "RMSE %s, accuracy %s", m.n, ll, auc, rmse, acc);
	}
	if (o.bkt_params_out != NULL && write_params(&o, bkt, &err) != 0)
		goto fail;
	if (progress_unknown_rows(p) && !o.c.quiet)
		cli_warn("%lu evidence row%s for %zu objective%s not in %s, kept",
		    progress_unknown_rows(p),
		    progress_unknown_rows(p) == 1 ? "" : "s",
		    progress_unknown_objectives(p),
		    progress_unknown_objectives(p) == 1 ? "" : "s", objs.name);
	if (cli_rejects_done(&o.c, &rj, &err) != 0)
		goto fail;
	table_writer_flush(sink.w);
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
	table_writer_free(sink.w);
	paceview_free(sink.view);
	calendar_free(cal);
	progress_free(p);
	bktrule_free(bkt);
	reject_free(rj);
	catalog_free_objectives(&objs);
	catalog_free_roster(&roster);
	catalog_free_calendar(&holidays);
	return cli_close_stdout(status);
}
