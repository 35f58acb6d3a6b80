/*
 * bkt.h - Bayesian Knowledge Tracing: the forward filter of the standard
 * two-state model, Baum-Welch EM with seeded random restarts, and the
 * metrics used to compare a fit with pyBKT (log-likelihood, AUC, RMSE).
 *
 * Arguments are borrowed; nothing here keeps a pointer after it returns.
 * Output arrays are the caller's and must hold the stated number of
 * elements.  Responses are bytes, 0 (incorrect) or 1 (correct).
 */
#ifndef PL_BKT_H
#define PL_BKT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * The parameters of one objective: P(known) before the first response
 * (prior), P(unknown -> known) at each response (learn), P(correct |
 * unknown) (guess), P(incorrect | known) (slip) and P(known -> unknown)
 * (forget, 0 in classic BKT).
 */
struct bkt_params {
	double prior, learn, guess, slip, forget;
};

/* bkt_trace's answer when P(known) never reaches the threshold. */
#define BKT_NEVER (-1L)

/* The seed bkt_fit_options_default puts in place. */
#define BKT_DEFAULT_SEED 42u

/*
 * Checks that every parameter is a probability in [0, 1] (not NaN).
 * guess + slip >= 1 is accepted, as pyBKT fits it (guess 1, slip 0 on an
 * objective nobody got wrong): responses then say nothing about, or the
 * opposite of, knowing.  Returns 0, or -1 with err filled (status
 * PL_EXIT_USAGE; the message names the parameter).
 */
int bkt_params_check(const struct bkt_params *p, struct pl_err *err);

/*
 * Runs one student's responses correct[0..n) through the filter.  Returns
 * P(known) after the last response and the learning opportunity it gave
 * (the prior when n is 0).  When first is not NULL, *first is the index of
 * the first response after which that probability is >= threshold, or
 * BKT_NEVER.
 */
double bkt_trace(const struct bkt_params *p, const unsigned char *correct,
    size_t n, double threshold, long *first);
/*
 * bkt_trace, where *first is only a response that ends its group (ends[t]
 * nonzero, as the last response of a date does; ends NULL: every one) and
 * is at least the min_n-th: mastery read at the end of a date, once there
 * is enough evidence.
 */
double bkt_trace_ends(const struct bkt_params *p, const unsigned char *correct,
    const unsigned char *ends, size_t n, size_t min_n, double threshold,
    long *first);

/*
 * Per response t of correct[0..n), writes the prediction made before the
 * response is seen, p_correct[t] = P(correct) and p_known_before[t] =
 * P(known) (pyBKT's correct_predictions and state_predictions), and
 * p_known_after[t] = P(known) after the response and its learning
 * opportunity, which is p_known_before[t + 1].  Any array may be NULL.
 * Returns the log-likelihood of the responses (each factor at least
 * 1e-12).
 */
double bkt_predict(const struct bkt_params *p, const unsigned char *correct,
    size_t n, double *p_correct, double *p_known_before,
    double *p_known_after);

/*
 * The responses of one objective: every student's sequence in order,
 * concatenated.  Sequence i is correct[starts[i] .. starts[i + 1]), the
 * last one ending at n.  starts[0] is 0 and starts never decreases; an
 * empty sequence is allowed and ignored.
 */
struct bkt_data {
	const unsigned char *correct;
	size_t n;
	const size_t *starts;
	size_t nseq;
};

/*
 * How bkt_fit searches.  Start from bkt_fit_options_default and change
 * what is needed.
 */
struct bkt_fit_options {
	int restarts;		/* random starts, best log-likelihood wins (5) */
	uint64_t seed;		/* seeds the starts (BKT_DEFAULT_SEED) */
	int fit_forget;		/* 0: forget fixed at 0; 1: fitted too (0) */
	int max_iter;		/* EM steps per start at most (500) */
	double tol_abs;		/* stop when the log-likelihood gains less */
	double tol_rel;		/*   than tol_abs + tol_rel * |LL| (1e-4, 1e-7) */
	double max_guess;	/* upper bound on guess (1) */
	double max_slip;	/* upper bound on slip (1) */
	double max_sum;		/* bound on guess + slip (0.99): a learner who
				 * knows the skill answers right more often
				 * than one who does not, so the two states
				 * cannot swap meaning */
};

/* What bkt_fit found. */
struct bkt_fit {
	struct bkt_params params;
	double loglik;		/* log-likelihood of the data under params */
	size_t rows;		/* responses */
	size_t students;	/* non-empty sequences */
	int iterations;		/* EM steps of the winning start */
	int total_iterations;	/* EM steps over all starts */
	int converged;		/* 1 when the winning start met the tolerance */
};

void bkt_fit_options_default(struct bkt_fit_options *o);

/*
 * The seed for one objective's fit: mixes seed with the objective's id so
 * that an objective's starts depend on the seed and its own id only, never
 * on which other objectives are fitted.
 */
uint64_t bkt_objective_seed(uint64_t seed, const char *id, size_t len);

/*
 * Fits one objective's parameters to d by Baum-Welch EM from o->restarts
 * random starts (prior ~ U(0,1), learn ~ U(0,0.4), guess ~ U(0,0.4), slip ~
 * U(0,0.3), forget ~ U(0,1) when fitted; guess and slip drawn below their
 * bounds), keeping the start with the best log-likelihood (the first on a
 * tie).  Returns 0, or -1 with err filled when the data or the options are
 * invalid (PL_EXIT_DATA for data with no response, PL_EXIT_USAGE for
 * options).
 */
int bkt_fit(const struct bkt_data *d, const struct bkt_fit_options *o,
    struct bkt_fit *out, struct pl_err *err);

/*
 * Fits the n data sets d[0..n), set k with options o[k], into out[k], as
 * bkt_fit would one by one, with up to threads threads: every random start
 * of every set is a task of its own, and the fits are the same whatever
 * the number of threads.  Checks every set first: on a bad one, returns -1
 * with err filled and *bad (when not NULL) its index, having fitted
 * nothing.
 */
int bkt_fit_many(const struct bkt_data *d, const struct bkt_fit_options *o,
    size_t n, int threads, struct bkt_fit *out, size_t *bad,
    struct pl_err *err);

/*
 * One Baum-Welch step: the E-step over d under *in, then the M-step into
 * *out.  With o NULL it is plain EM (forget is updated, and stays 0 when it
 * is 0); otherwise guess and slip are held within o's bounds and forget is
 * kept unless o->fit_forget.  A count with nothing to estimate from (no
 * transitions when every sequence has one response) keeps the old value.
 * Returns the log-likelihood of d under *in.  d must be valid (see
 * bkt_fit).
 */
double bkt_em_step(const struct bkt_data *d, const struct bkt_params *in,
    const struct bkt_fit_options *o, struct bkt_params *out);

/* The log-likelihood of d under *p, as bkt_predict sums it. */
double bkt_loglik(const struct bkt_params *p, const struct bkt_data *d);

/* Pooled quality of predictions p_correct[i] of responses correct[i]. */
struct bkt_metrics {
	size_t n;
	double loglik;		/* sum of log P(observed), each >= log 1e-12 */
	double auc;		/* ROC area, ties counted half; NaN with one class */
	double rmse;		/* root mean squared error of p_correct */
	double accuracy;	/* share predicted right, p_correct >= 0.5 as correct */
};

/* Fills *m from n predictions; n may be 0 (everything NaN but n and loglik). */
void bkt_evaluate(const double *p_correct, const unsigned char *correct,
    size_t n, struct bkt_metrics *m);

#endif
