/*
 * bktrule.c - BKT inside pl-progress: parameters per objective (loaded or
 * fitted), the forward filter per student, predictions and metrics.
 */
#include "bktrule.h"
#include "date.h"
#include "intern.h"
#include "num.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	struct bkt_params params;
	int fitted;
	struct bkt_fit fit;
};

struct bktrule {
	struct bktrule_opts o;
	struct mastery_scale scale;
	int min_evidence;
	struct intern *ids;		/* objective id -> entry */
	struct entry *entries;
	size_t cap;
	struct table_writer *predict;
	unsigned char *correct;		/* scratch */
	double *pc, *pkb, *pka;
	size_t scratch_cap;
	double *all_pc;			/* --eval */
	unsigned char *all_y;
	size_t nall, all_cap;
};

struct bktrule *
bktrule_new(const struct bktrule_opts *o, const struct mastery_scale *scale,
    int min_evidence)
{
	struct bktrule *b = xcalloc(1, sizeof *b);

	b->o = *o;
	b->scale = *scale;
	b->min_evidence = min_evidence;
	b->ids = intern_new();
	return b;
}

void
bktrule_free(struct bktrule *b)
{
	if (b == NULL)
		return;
	intern_free(b->ids);
	free(b->entries);
	free(b->correct);
	free(b->pc);
	free(b->pkb);
	free(b->pka);
	free(b->all_pc);
	free(b->all_y);
	free(b);
}

static struct entry *
entry_of(struct bktrule *b, const char *id, size_t len, int *fresh)
{
	size_t n = intern_count(b->ids);
	uint32_t k = intern_add(b->ids, id, len);
	size_t old = b->cap;

	*fresh = intern_count(b->ids) > n;
	if (k >= b->cap) {
		b->entries = xgrow(b->entries, &b->cap, (size_t)k + 1,
		    sizeof *b->entries);
		memset(b->entries + old, 0, (b->cap - old) * sizeof *b->entries);
	}
	return &b->entries[k];
}

int
bktrule_load(struct bktrule *b, const char *path,
    const struct table_opts *topts, struct pl_err *err)
{
	static const char *const names[] = { "objective_id", "prior", "learn",
	    "guess", "slip", "forget" };
	static const int req[] = { 1, 1, 1, 1, 1, 0 };
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct table *t = NULL;
	long idx[6];
	int rc = -1, r;

	if (fp == NULL) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	if ((t = table_open(fp, path, topts, err)) == NULL ||
	    table_cols(t, names, req, 6, idx, err) != 0)
		goto out;
	while ((r = table_next(t, err)) == 1) {
		double v[5] = { 0, 0, 0, 0, 0 };
		size_t len, i;
		const char *id = table_field(t, (size_t)idx[0], &len);
		struct entry *e;
		int fresh;

		id = util_trim(id, &len);
		if (len == 0) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "empty objective_id");
			goto out;
		}
		for (i = 1; i < 6; i++) {
			size_t flen;
			const char *f;

			if (idx[i] < 0)
				continue;
			f = table_field(t, (size_t)idx[i], &flen);
			f = util_trim(f, &flen);
			if (flen == 0 && i == 5)
				continue;
			if (num_parse(f, flen, 0, &v[i - 1]) != 0) {
				pl_err_set(err, table_name(t), table_line(t),
				    PL_EXIT_DATA, "%s \"%.*s\" is not a number",
				    names[i], (int)(flen > 40 ? 40 : flen), f);
				goto out;
			}
		}
		e = entry_of(b, id, len, &fresh);
		if (!fresh) {
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "duplicate objective_id \"%.*s\"",
			    (int)(len > 40 ? 40 : len), id);
			goto out;
		}
		e->params.prior = v[0];
		e->params.learn = v[1];
		e->params.guess = v[2];
		e->params.slip = v[3];
		e->params.forget = v[4];
		if (bkt_params_check(&e->params, err) != 0) {
			char msg[sizeof err->msg];

			snprintf(msg, sizeof msg, "%.700s", err->msg);
			pl_err_set(err, table_name(t), table_line(t),
			    PL_EXIT_DATA, "%s", msg);
			goto out;
		}
	}
	rc = r < 0 ? -1 : 0;
out:
	table_close(t);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static unsigned char
is_correct(const struct bktrule *b, const struct store_obs *o)
{
	if (o->correct >= 0)
		return (unsigned char)o->correct;
	return o->points / o->max >= b->o.correct_at - 1e-12;
}

static void
scratch(struct bktrule *b, size_t n)
{
	size_t cap = b->scratch_cap;

	if (n <= cap)
		return;
	b->correct = xgrow(b->correct, &cap, n, 1);
	cap = b->scratch_cap;
	b->pc = xgrow(b->pc, &cap, n, sizeof *b->pc);
	cap = b->scratch_cap;
	b->pkb = xgrow(b->pkb, &cap, n, sizeof *b->pkb);
	cap = b->scratch_cap;
	b->pka = xgrow(b->pka, &cap, n, sizeof *b->pka);
	b->scratch_cap = cap;
}

/* Per objective to fit: its responses gathered in pair order. */
struct gather {
	unsigned char *correct;
	size_t *starts;
	size_t n, nseq;
};

int
bktrule_prepare(void *arg, const struct progress *p, const struct store *s,
    struct pl_err *err)
{
	struct bktrule *b = arg;
	size_t nobj = store_nobjectives(s), nst = store_nsorted(s), i, k;
	size_t pos, n, j, cap = 0;
	struct store_obs *obs = NULL;
	uint32_t st, ob;
	size_t *count = xcalloc(nobj + 1, sizeof *count);
	size_t *seqs = xcalloc(nobj + 1, sizeof *seqs);
	unsigned char *want = xcalloc(nobj + 1, 1);
	struct gather *g = xcalloc(nobj + 1, sizeof *g);
	struct bkt_data *d = xcalloc(nobj + 1, sizeof *d);
	struct bkt_fit_options *fo = xcalloc(nobj + 1, sizeof *fo);
	struct bkt_fit *fits = xcalloc(nobj + 1, sizeof *fits);
	size_t *fit_of = xcalloc(nobj + 1, sizeof *fit_of), nfit = 0, bad = 0;
	int rc = -1;

	for (k = 0; k < nobj; k++) {
		const struct mastery_rule *r =
		    progress_rule((struct progress *)p, (uint32_t)k);

		want[k] = r->kind == MASTERY_BKT && r->fit;
	}
	for (i = 0; i < nst; i++) {
		st = store_sorted(s, i);
		for (pos = 0; store_next_pair(s, st, &pos, &ob, &obs, &cap, &n);) {
			count[ob] += n;
			seqs[ob]++;
		}
	}
	for (k = 0; k < nobj; k++) {
		if (!want[k] || count[k] == 0)
			continue;
		g[k].correct = xmalloc(count[k]);
		g[k].starts = xmalloc(seqs[k] * sizeof *g[k].starts);
	}
	for (i = 0; i < nst; i++) {
		st = store_sorted(s, i);
		for (pos = 0; store_next_pair(s, st, &pos, &ob, &obs, &cap,
		    &n);) {
			if (!want[ob])
				continue;
			g[ob].starts[g[ob].nseq++] = g[ob].n;
			for (j = 0; j < n; j++)
				g[ob].correct[g[ob].n++] = is_correct(b,
				    &obs[j]);
		}
	}
	free(obs);
	/* The objectives to fit, in id order, fitted all at once. */
	for (k = 0; k < nobj; k++) {
		const char *id = store_objective_id(s, (uint32_t)k);

		if (!want[k] || g[k].n == 0)
			continue;
		fit_of[nfit] = k;
		d[nfit].correct = g[k].correct;
		d[nfit].n = g[k].n;
		d[nfit].starts = g[k].starts;
		d[nfit].nseq = g[k].nseq;
		fo[nfit] = b->o.fit;
		fo[nfit].seed = bkt_objective_seed(b->o.fit.seed, id,
		    strlen(id));
		nfit++;
	}
	if (bkt_fit_many(d, fo, nfit, b->o.threads, fits, &bad, err) != 0) {
		char msg[sizeof err->msg];

		snprintf(msg, sizeof msg, "objective \"%.40s\": %.700s",
		    store_objective_id(s, (uint32_t)fit_of[bad]), err->msg);
		pl_err_set(err, "", 0, err->status, "%s", msg);
		goto out;
	}
	for (i = 0; i < nfit; i++) {
		const char *id = store_objective_id(s, (uint32_t)fit_of[i]);
		struct entry *e;
		int fresh;

		e = entry_of(b, id, strlen(id), &fresh);
		e->fit = fits[i];
		e->params = fits[i].params;
		e->fitted = 1;
	}
	rc = 0;
out:
	for (k = 0; k < nobj; k++) {
		free(g[k].correct);
		free(g[k].starts);
	}
	free(g);
	free(d);
	free(fo);
	free(fits);
	free(fit_of);
	free(count);
	free(seqs);
	free(want);
	return rc;
}

void
bktrule_predict_to(struct bktrule *b, struct table_writer *w)
{
	static const char *const head[] = { "student_id", "objective_id",
	    "date", "seq", "correct", "p_correct", "p_known_before",
	    "p_known_after" };

	b->predict = w;
	table_put_row(w, head, sizeof head / sizeof head[0]);
}

/* Prints a probability with more digits than scores get: predictions are
 * compared with other systems' to 1e-9. */
static void
put_prob(struct table_writer *w, double v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%.12g", v);
	table_puts(w, buf);
}

int
bktrule_apply(void *arg, const char *student, const char *objective,
    const struct mastery_rule *rule, const struct store_obs *obs, size_t n,
    struct mastery_result *out, struct pl_err *err)
{
	struct bktrule *b = arg;
	uint32_t k = intern_find(b->ids, objective, strlen(objective));
	const struct entry *e;
	size_t i;
	long first;
	double p;
	int level;
	/* The responses: on the stack, or the heap, so that threads can
	 * apply the rule at once; b's scratch with --predict or --eval,
	 * which write to b (and run in one thread). */
	unsigned char own[256], *correct = own;
	unsigned char own_ends[256], *ends;

	if (k == UINT32_MAX) {
		pl_err_set(err, "", 0, PL_EXIT_DATA, "no BKT parameters for "
		    "objective \"%.40s\" (%s)", objective, rule->fit ?
		    "it has no responses" : "add it to --bkt-params");
		return -1;
	}
	e = &b->entries[k];
	if (b->predict != NULL || b->o.eval) {
		scratch(b, n + 1);
		correct = b->correct;
	} else if (n > sizeof own) {
		correct = xmalloc(n);
	}
	for (i = 0; i < n; i++)
		correct[i] = is_correct(b, &obs[i]);
	if (b->predict != NULL || b->o.eval) {
		bkt_predict(&e->params, b->correct, n, b->pc, b->pkb, b->pka);
		for (i = 0; i < n && b->predict != NULL; i++) {
			table_puts(b->predict, student);
			table_puts(b->predict, objective);
			table_put_date(b->predict, obs[i].date);
			table_put_num(b->predict, obs[i].seq);
			table_put_bool(b->predict, b->correct[i]);
			put_prob(b->predict, b->pc[i]);
			put_prob(b->predict, b->pkb[i]);
			put_prob(b->predict, b->pka[i]);
			table_endrow(b->predict);
		}
		if (b->o.eval) {
			size_t cap = b->all_cap;

			b->all_pc = xgrow(b->all_pc, &cap, b->nall + n + 1,
			    sizeof *b->all_pc);
			cap = b->all_cap;
			b->all_y = xgrow(b->all_y, &cap, b->nall + n + 1, 1);
			b->all_cap = cap;
			memcpy(b->all_pc + b->nall, b->pc, n * sizeof *b->pc);
			memcpy(b->all_y + b->nall, b->correct, n);
			b->nall += n;
		}
	}
	/* Which responses end their date: mastery is read there. */
	ends = n > sizeof own_ends ? xmalloc(n) : own_ends;
	for (i = 0; i < n; i++)
		ends[i] = i + 1 == n || obs[i + 1].date != obs[i].date;
	p = bkt_trace_ends(&e->params, correct, ends, n,
	    b->min_evidence > 0 ? (size_t)b->min_evidence : 0, b->o.threshold,
	    &first);
	if (ends != own_ends)
		free(ends);
	if (correct != own && correct != b->correct)
		free(correct);
	out->has_score = n > 0;
	out->score = p;
	out->mastered = n > 0 && p >= b->o.threshold &&
	    (int)n >= b->min_evidence;
	/* The level follows the scale, but a BKT rule decides mastery by its
	 * own threshold: the level is held just below the mastery level when
	 * not mastered and raised to it when mastered. */
	level = n > 0 ? mastery_scale_level(&b->scale, p) : MASTERY_NOT_YET;
	if ((int)n < b->min_evidence)
		level = MASTERY_NOT_YET;
	else if (out->mastered && level < b->scale.mastery_level)
		level = b->scale.mastery_level;
	else if (!out->mastered && level >= b->scale.mastery_level)
		level = b->scale.mastery_level - 1;
	out->level = level;
	/* As the other rules do: the first date whose last response leaves
	 * P(known) at the threshold, with --min-evidence scores by then. */
	out->mastered_on = first != BKT_NEVER && (size_t)first < n ?
	    obs[first].date : DATE_NONE;
	return 0;
}

size_t
bktrule_fitted(const struct bktrule *b)
{
	size_t i, n = 0;

	for (i = 0; i < intern_count(b->ids); i++)
		n += b->entries[i].fitted;
	return n;
}

static int
cmp_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
bktrule_write_params(const struct bktrule *b, struct table_writer *w)
{
	static const char *const head[] = { "objective_id", "prior", "learn",
	    "guess", "slip", "forget", "loglik", "rows", "students",
	    "iterations", "converged" };
	size_t n = intern_count(b->ids), i;
	const char **ids = xcalloc(n + 1, sizeof *ids);

	table_put_row(w, head, sizeof head / sizeof head[0]);
	for (i = 0; i < n; i++)
		ids[i] = intern_str(b->ids, (uint32_t)i);
	qsort(ids, n, sizeof *ids, cmp_ids);
	for (i = 0; i < n; i++) {
		uint32_t k = intern_find(b->ids, ids[i], strlen(ids[i]));
		const struct entry *e = &b->entries[k];
		char buf[32];

		if (!e->fitted)
			continue;
		table_puts(w, ids[i]);
		put_prob(w, e->params.prior);
		put_prob(w, e->params.learn);
		put_prob(w, e->params.guess);
		put_prob(w, e->params.slip);
		put_prob(w, e->params.forget);
		snprintf(buf, sizeof buf, "%.6f", e->fit.loglik);
		table_puts(w, buf);
		table_put_int(w, (long)e->fit.rows);
		table_put_int(w, (long)e->fit.students);
		table_put_int(w, e->fit.iterations);
		table_put_bool(w, e->fit.converged);
		table_endrow(w);
	}
	free(ids);
}

void
bktrule_metrics(const struct bktrule *b, struct bkt_metrics *m)
{
	bkt_evaluate(b->all_pc, b->all_y, b->nall, m);
}
