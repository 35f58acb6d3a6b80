/*
 * tracker.c - the run of pl-progress, from the options to the committed
 * output: the catalogs, the sink the students go to (mastery rows, the
 * pacing view, or BKT's predictions), the operands, the rules.
 */
#include "tracker.h"
#include "calendar.h"
#include "catalog.h"
#include "date.h"
#include "mastery.h"
#include "output.h"
#include "paceview.h"
#include "table.h"
#include "tablefile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the students go: mastery rows or pacing rows. */
struct sink {
	struct table_writer *w;
	struct paceview *view;
	int predict;		/* rows are written by the BKT rule */
};

struct tracker {
	const struct tracker_opts *o;
	struct progress_opts p;		/* o->p, wired to the BKT rule */
	int threads;
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_calendar holidays;
	struct calendar *cal;
	struct bktrule *bkt;
	struct progress *prog;
	struct output *out;
	struct sink sink;
};

void
tracker_opts_init(struct tracker_opts *o)
{
	memset(o, 0, sizeof *o);
	o->start = o->end = DATE_NONE;
	o->p.rule.kind = MASTERY_DECAYING;
	o->p.rule.weight = MASTERY_DEFAULT_WEIGHT;
	o->p.min_evidence = 1;
	o->p.ev.fixed_date = DATE_NONE;
	o->bkt.correct_at = 0.5;
	o->bkt.threshold = 0.95;
	bkt_fit_options_default(&o->bkt.fit);
	mastery_scale_default(&o->p.scale);
	pacing_options_default(&o->pace);
}

int
tracker_uses_bkt(const struct tracker_opts *o)
{
	if (o->p.rule.kind != MASTERY_BKT)
		return o->objectives ? 1 : 0;
	return o->p.rule.fit ? 2 : 1;
}

static void
tell(void (*fn)(void *, const char *), void *arg, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Formats a message for a callback, when there is one. */
static void
tell(void (*fn)(void *, const char *), void *arg, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fn(arg, msg);
}

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

/* Whether a bkt:fit rule applies anywhere: --rule, or an objective's. */
static int
needs_fit(const struct tracker_opts *o, const struct catalog_objectives *objs)
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

const char *
tracker_opts_check(const struct tracker_opts *o)
{
	int bkt = tracker_uses_bkt(o);

	if (o->p.all && (o->objectives == NULL || o->roster == NULL))
		return "--all needs --objectives and --roster";
	if (o->pacing && o->objectives == NULL)
		return "--pacing needs --objectives (the pacing guide)";
	if (o->p.from_mastery && !o->pacing)
		return "--from-mastery goes with --pacing";
	if (!o->pacing && (o->calendar || o->start != DATE_NONE ||
	    o->end != DATE_NONE || o->pace.credit_n))
		return "--calendar, --start, --end and --credit go with "
		    "--pacing";
	if (bkt == 0 && (o->bkt_params || o->bkt.predict || o->bkt.eval ||
	    o->bkt_params_out))
		return "--bkt-params, --predict, --eval and --bkt-params-out "
		    "go with --rule bkt or bkt:fit (or a bkt rule in "
		    "--objectives)";
	if (o->p.rule.kind == MASTERY_BKT && !o->p.rule.fit && !o->bkt_params)
		return "--rule bkt needs --bkt-params FILE (or use bkt:fit to "
		    "fit the parameters)";
	if (o->bkt_params_out && !o->objectives && bkt != 2)
		return "--bkt-params-out needs --rule bkt:fit";
	if (bkt == 2 && o->p.grouped)
		return "bkt:fit needs all the evidence at once; it cannot run "
		    "with --grouped (fit once, then use --bkt-params)";
	if (o->bkt.predict && o->pacing)
		return "--predict cannot be combined with --pacing";
	return NULL;
}

struct tracker *
tracker_new(const struct tracker_opts *o, struct pl_err *err)
{
	struct tracker *tr = xcalloc(1, sizeof *tr);

	tr->o = o;
	tr->p = o->p;
	tr->threads = o->threads;
	if (tr->threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		tr->threads = n < 1 ? 1 : n > 256 ? 256 : (int)n;
	}
	if (o->objectives && catalog_load_objectives(o->objectives, NULL,
	    o->date_flags, &tr->objs, err) != 0)
		goto fail;
	if (o->p.grouped && needs_fit(o, &tr->objs)) {
		pl_err_set(err, o->objectives, 0, PL_EXIT_USAGE, "an objective's "
		    "rule is bkt:fit, which needs all the evidence at once; it "
		    "cannot run with --grouped (fit once, then use "
		    "--bkt-params)");
		goto fail;
	}
	if (o->roster && catalog_load_roster(o->roster, NULL, o->date_flags,
	    &tr->roster, err) != 0)
		goto fail;
	if (o->calendar && catalog_load_calendar(o->calendar, NULL,
	    o->date_flags, &tr->holidays, err) != 0)
		goto fail;
	if (o->pacing) {
		tr->cal = calendar_from_days(tr->holidays.days, tr->holidays.n);
		tr->sink.view = paceview_new(&tr->objs, &tr->roster, tr->cal,
		    o->start, o->end, o->p.as_of, &o->pace, err);
		if (tr->sink.view == NULL)
			goto fail;
	}
	if (tracker_uses_bkt(o)) {
		struct bktrule_opts bo = o->bkt;

		bo.threads = tr->threads;
		tr->bkt = bktrule_new(&bo, &o->p.scale, o->p.min_evidence);
		if (o->bkt_params && bktrule_load(tr->bkt, o->bkt_params, NULL,
		    err) != 0)
			goto fail;
		tr->p.bkt = bktrule_apply;
		tr->p.bkt_arg = tr->bkt;
		/* --eval gathers every prediction in one list, in order. */
		tr->p.bkt_threads = !o->bkt.eval;
		if (needs_fit(o, &tr->objs))
			tr->p.prepare = bktrule_prepare;
		tr->sink.predict = o->bkt.predict;
	}
	if ((tr->prog = progress_new(&tr->p, &tr->objs, &tr->roster,
	    write_student, &tr->sink, err)) == NULL)
		goto fail;
	if ((tr->out = output_open(o->output, o->mode, err)) == NULL)
		goto fail;
	return tr;
fail:
	tracker_free(tr);
	return NULL;
}

void
tracker_free(struct tracker *tr)
{
	if (tr == NULL)
		return;
	table_writer_free(tr->sink.w);
	if (tr->out != NULL)
		output_abort(tr->out);
	paceview_free(tr->sink.view);
	calendar_free(tr->cal);
	progress_free(tr->prog);
	bktrule_free(tr->bkt);
	catalog_free_objectives(&tr->objs);
	catalog_free_roster(&tr->roster);
	catalog_free_calendar(&tr->holidays);
	free(tr);
}

/* The writer, made for the first table read: its dialect follows it. */
static void
make_writer(struct tracker *tr, const struct table *t)
{
	const struct tracker_opts *o = tr->o;
	char delim = o->out_format ? (char)o->out_format :
	    table_delim(t) == '\t' ? '\t' : ',';

	tr->sink.w = table_writer_new(output_file(tr->out), delim, TABLE_HOLD |
	    (o->spreadsheet ? TABLE_SPREADSHEET : 0));
	progress_write_to(tr->prog, tr->sink.w);
	if (tr->sink.predict)
		bktrule_predict_to(tr->bkt, tr->sink.w);
	else if (tr->sink.view)
		paceview_write_header(tr->sink.view, tr->sink.w);
	else
		progress_write_header(tr->sink.w);
}

int
tracker_read(struct tracker *tr, const char *const *paths, size_t n,
    struct reject *rj, struct pl_err *err)
{
	static const char *const stdin_only[] = { "-" };
	struct table_opts topts;
	size_t i;

	memset(&topts, 0, sizeof topts);
	topts.delim = tr->o->delim;
	if (n == 0) {
		paths = stdin_only;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		struct tablefile tf;
		struct table *t = tablefile_open(&tf, paths[i], &topts, err);
		int rc;

		if (t == NULL)
			return -1;
		if (tr->sink.w == NULL)
			make_writer(tr, t);
		if (tr->p.from_mastery)
			rc = progress_read_mastery(tr->prog, t, rj, err);
		else if ((rc = progress_read_threads(tr->prog, t, paths[i],
		    tr->threads, NULL, err)) == 1)
			rc = progress_read(tr->prog, t, NULL, rj, err);
		tablefile_close(&tf);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Writes the fitted BKT parameters to their file. */
static int
write_params(struct tracker *tr, struct pl_err *err)
{
	struct output *out = output_open(tr->o->bkt_params_out, tr->o->mode,
	    err);
	struct table_writer *w;

	if (out == NULL)
		return -1;
	w = table_writer_new(output_file(out), ',', 0);
	bktrule_write_params(tr->bkt, w);
	table_writer_free(w);
	return output_commit(out, err);
}

int
tracker_finish(struct tracker *tr, struct pl_err *err)
{
	const struct tracker_opts *o = tr->o;
	struct progress *p = tr->prog;
	int rc = tr->sink.view == NULL && !tr->sink.predict ?
	    progress_finish_threads(p, tr->sink.w, tr->threads, err) : 1;

	if (rc < 0 || (rc == 1 && progress_finish(p, err) != 0))
		return -1;
	if (tr->bkt != NULL && o->bkt.eval) {
		struct bkt_metrics m;

		bktrule_metrics(tr->bkt, &m);
		tell(o->note, o->arg, "eval: %zu responses, log-likelihood "
		    "%.4f, AUC %.4f, RMSE %.4f, accuracy %.4f", m.n, m.loglik,
		    m.auc, m.rmse, m.accuracy);
	}
	if (o->bkt_params_out != NULL && write_params(tr, err) != 0)
		return -1;
	if (progress_unknown_rows(p))
		tell(o->warn, o->arg, "%lu evidence row%s for %zu objective%s "
		    "not in %s, kept", progress_unknown_rows(p),
		    progress_unknown_rows(p) == 1 ? "" : "s",
		    progress_unknown_objectives(p),
		    progress_unknown_objectives(p) == 1 ? "" : "s",
		    tr->objs.name);
	return 0;
}

int
tracker_commit(struct tracker *tr, struct pl_err *err)
{
	struct output *out = tr->out;

	table_writer_flush(tr->sink.w);
	tr->out = NULL;
	return output_commit(out, err);
}
