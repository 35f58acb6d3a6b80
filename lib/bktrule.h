/*
 * bktrule.h - the BKT rule of pl-progress: parameters read from a table or
 * fitted by EM over the whole evidence, applied per student and objective,
 * per-response predictions (--predict) and their evaluation (--eval).
 *
 * What bktrule_new returns belongs to the caller (bktrule_free); it borrows
 * the writer given to it.
 */
#ifndef PL_BKTRULE_H
#define PL_BKTRULE_H

#include "bkt.h"
#include "progress.h"
#include "table.h"

struct bktrule_opts {
	double correct_at;		/* correct when score/max >= this (0.5) */
	double threshold;		/* mastered at P(known) >= this (0.95) */
	struct bkt_fit_options fit;	/* --bkt-restarts, --seed, --bkt-forgets */
	int predict;			/* write prediction rows to predict_w */
	int eval;			/* collect predictions for metrics */
	int threads;			/* bkt:fit: fit with this many threads
					 * (0 or 1: one) */
};

struct bktrule;

struct bktrule *bktrule_new(const struct bktrule_opts *o,
    const struct mastery_scale *scale, int min_evidence);
void bktrule_free(struct bktrule *b);

/*
 * Reads a parameters table (objective_id, prior, learn, guess, slip and
 * optional forget; extra columns such as loglik are ignored).  A bad or
 * duplicate row is an error naming its line.
 */
int bktrule_load(struct bktrule *b, const char *path,
    const struct table_opts *topts, struct pl_err *err);

/* progress hooks: set opts.prepare = bktrule_prepare, opts.bkt =
 * bktrule_apply and opts.bkt_arg = the bktrule. */
int bktrule_prepare(void *arg, const struct progress *p,
    const struct store *s, struct pl_err *err);
int bktrule_apply(void *arg, const char *student, const char *objective,
    const struct mastery_rule *rule, const struct store_obs *obs, size_t n,
    struct mastery_result *out, struct pl_err *err);

/* --predict: the writer that gets the rows (header written here). */
void bktrule_predict_to(struct bktrule *b, struct table_writer *w);

/* Writes the fitted parameters with their log-likelihood, rows, students,
 * iterations and convergence, by objective id. */
void bktrule_write_params(const struct bktrule *b, struct table_writer *w);
size_t bktrule_fitted(const struct bktrule *b);

/* Metrics over every prediction made (--eval). */
void bktrule_metrics(const struct bktrule *b, struct bkt_metrics *m);

#endif
