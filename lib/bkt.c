/*
 * bkt.c - Bayesian Knowledge Tracing (Corbett & Anderson 1995) as pyBKT
 * computes it: a two-state hidden Markov model per objective, the forward
 * filter for predictions and mastery, Baum-Welch EM with seeded random
 * restarts for fitting, and pooled metrics (log-likelihood, AUC, RMSE).
 *
 * The filter keeps both P(unknown) and P(known) and renormalises their
 * sum, never computing one as 1 minus the other: after a long run of
 * correct answers P(unknown) is tiny but not 0, and a later run of wrong
 * answers must still be able to raise it (pyBKT behaves the same way).
 *
 * A fit runs each distinct response sequence once a step, weighted by how
 * often it occurs, and runs its random starts (and other objectives'
 * starts) in parallel; neither changes what it finds beyond rounding.
 */
#include "bkt.h"
#include "intern.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Every factor of a likelihood is at least this (as pyBKT's evaluation). */
#define MIN_LIKELIHOOD 1e-12
/* The E-step rescales its unnormalised messages below this. */
#define RESCALE_BELOW 1e-100

int
bkt_params_check(const struct bkt_params *p, struct pl_err *err)
{
	static const char *const names[] = { "prior", "learn", "guess",
	    "slip", "forget" };
	double v[5];
	int i;

	v[0] = p->prior;
	v[1] = p->learn;
	v[2] = p->guess;
	v[3] = p->slip;
	v[4] = p->forget;
	for (i = 0; i < 5; i++) {
		if (!(v[i] >= 0 && v[i] <= 1)) {
			pl_err_set(err, NULL, 0, PL_EXIT_USAGE,
			    "%s %g is not a probability in [0, 1]", names[i],
			    v[i]);
			return -1;
		}
	}
	return 0;
}

/*
 * The filter's state: P(unknown) and P(known) before a response, summing
 * to 1 up to rounding.
 */
struct state {
	double u, k;
};

/*
 * Observes response o in state *s: returns P(o) as predicted before it and
 * leaves in *s the posterior followed by one learning opportunity.  An
 * observation the parameters call impossible leaves the state as it was.
 */
static double
observe(const struct bkt_params *p, struct state *s, unsigned char o)
{
	double u, k, z;

	if (o) {
		u = s->u * p->guess;
		k = s->k * (1 - p->slip);
	} else {
		u = s->u * (1 - p->guess);
		k = s->k * p->slip;
	}
	z = u + k;
	if (z > 0) {
		u /= z;
		k /= z;
	} else {
		u = s->u;
		k = s->k;
	}
	s->u = u * (1 - p->learn) + k * p->forget;
	s->k = u * p->learn + k * (1 - p->forget);
	return z;
}

/* P(known) of a state, renormalised. */
static double
known(const struct state *s)
{
	return s->k / (s->u + s->k);
}

double
bkt_trace(const struct bkt_params *p, const unsigned char *correct,
    size_t n, double threshold, long *first)
{
	return bkt_trace_ends(p, correct, NULL, n, 0, threshold, first);
}

double
bkt_trace_ends(const struct bkt_params *p, const unsigned char *correct,
    const unsigned char *ends, size_t n, size_t min_n, double threshold,
    long *first)
{
	struct state s = { 1 - p->prior, p->prior };
	size_t t;

	if (first != NULL)
		*first = BKT_NEVER;
	for (t = 0; t < n; t++) {
		observe(p, &s, correct[t]);
		if (first != NULL && *first == BKT_NEVER && t + 1 >= min_n &&
		    (ends == NULL || ends[t]) && known(&s) >= threshold)
			*first = (long)t;
	}
	return known(&s);
}

double
bkt_predict(const struct bkt_params *p, const unsigned char *correct,
    size_t n, double *p_correct, double *p_known_before,
    double *p_known_after)
{
	struct state s = { 1 - p->prior, p->prior };
	double ll = 0, kb, pc, z;
	size_t t;

	for (t = 0; t < n; t++) {
		kb = known(&s);
		pc = kb * (1 - p->slip) + (1 - kb) * p->guess;
		if (p_correct != NULL)
			p_correct[t] = pc;
		if (p_known_before != NULL)
			p_known_before[t] = kb;
		/*
		 * P(response) from both states, not 1 - pc, which loses
		 * the digits of a probability near 0.
		 */
		z = observe(p, &s, correct[t]);
		if (p_known_after != NULL)
			p_known_after[t] = known(&s);
		ll += log(z > MIN_LIKELIHOOD ? z : MIN_LIKELIHOOD);
	}
	return ll;
}

/* The length of sequence i of d. */
static size_t
seq_len(const struct bkt_data *d, size_t i)
{
	size_t end = i + 1 < d->nseq ? d->starts[i + 1] : d->n;

	return end - d->starts[i];
}

double
bkt_loglik(const struct bkt_params *p, const struct bkt_data *d)
{
	double ll = 0;
	size_t i;

	for (i = 0; i < d->nseq; i++)
		ll += bkt_predict(p, d->correct + d->starts[i], seq_len(d, i),
		    NULL, NULL, NULL);
	return ll;
}

/*
 * Expected counts of one E-step: the posterior P(known) at each sequence's
 * first response summed (init), the expected time spent unknown (t_u) and
 * known (t_k) at responses followed by another, the expected transitions
 * unknown -> known (x_uk) and known -> unknown (x_ku) among them, and the
 * expected time in each state at all responses (g_u, g_k) and at correct
 * ones (g_u1, g_k1).
 */
struct counts {
	double init;
	double nseq;
	double t_u, t_k, x_uk, x_ku;
	double g_u, g_u1, g_k, g_k1;
};

/*
 * The E-step over d under *p: fills *c and returns the log-likelihood.
 * au and ak hold at least the longest sequence's length.
 *
 * The messages are kept unnormalised and rescaled only when their sum is
 * small: each step's transition posterior is normalised on its own, so
 * the scale of either message never matters, and the loop-carried chain
 * of each pass is one multiply and one add per response.  The emission
 * and transition probabilities are folded into the tables below, indexed
 * by the response (e.g. fuu[o] = P(o | unknown) P(unknown -> unknown)).
 */
static double
estep(const struct bkt_data *d, const double *weight,
    const struct bkt_params *p, double *au, double *ak, struct counts *c)
{
	const double g = p->guess, sl = p->slip, l = p->learn, f = p->forget;
	const double eu[2] = { 1 - g, g }, ek[2] = { sl, 1 - sl };
	const double fuu[2] = { eu[0] * (1 - l), eu[1] * (1 - l) };
	const double fuk[2] = { eu[0] * l, eu[1] * l };
	const double fku[2] = { ek[0] * f, ek[1] * f };
	const double fkk[2] = { ek[0] * (1 - f), ek[1] * (1 - f) };
	const double buk[2] = { ek[0] * l, ek[1] * l };
	const double bku[2] = { eu[0] * f, eu[1] * f };
	double ll = 0, like = 1;
	size_t i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < d->nseq; i++) {
		const unsigned char *x = d->correct + d->starts[i];
		size_t n = seq_len(d, i), t;
		double w = weight != NULL ? weight[i] : 1, lls = 0;
		double u = 1 - p->prior, k = p->prior, z, r;
		double bu = 1, bk = 1, pu, pk;
		double tu = 0, tk = 0, xuk = 0, xku = 0;
		double gu = 0, gu1 = 0, gk = 0, gk1 = 0, g0;

		if (n == 0)
			continue;
		/*
		 * Forward: au[t], ak[t] proportional to P(state_t, x[0..t]);
		 * u, k to P(state_t+1, x[0..t]), whose sum times the
		 * rescalings is P(x[0..t]).
		 */
		for (t = 0; t < n; t++) {
			unsigned o = x[t];
			double nu = u * fuu[o] + k * fku[o];
			double nk = u * fuk[o] + k * fkk[o];

			au[t] = u * eu[o];
			ak[t] = k * ek[o];
			z = nu + nk;
			if (z < RESCALE_BELOW) {
				if (!(z > 0)) {
					/* Impossible under p: as bkt_predict. */
					au[t] = u;
					ak[t] = k;
					nu = u * (1 - l) + k * f;
					nk = u * l + k * (1 - f);
					z = nu + nk;
					lls += log(MIN_LIKELIHOOD);
				}
				lls += log(z);
				r = 1 / z;
				nu *= r;
				nk *= r;
			}
			u = nu;
			k = nk;
		}
		if (w == 1) {
			/* One log for a run of sequences, not one each. */
			ll += lls;
			like *= u + k;
			if (like < RESCALE_BELOW) {
				ll += log(like);
				like = 1;
			}
		} else {
			ll += w * (lls + log(u + k));
		}

		/*
		 * Backward: bu, bk proportional to P(x[t..n) | state_t-1),
		 * and the posterior of the transition from t-1 to t.
		 */
		for (t = n - 1; t > 0; t--) {
			unsigned o = x[t], prev = x[t - 1];
			double puu = bu * fuu[o], puk = bk * buk[o];
			double pku = bu * bku[o], pkk = bk * fkk[o];
			double a = au[t - 1], b = ak[t - 1], q;

			bu = puu + puk;
			bk = pku + pkk;
			pu = a * bu;
			pk = b * bk;
			q = pu + pk;
			r = q > 0 ? 1 / q : 0;
			pu *= r;
			pk *= r;
			xuk += a * puk * r;
			xku += b * pku * r;
			tu += pu;
			tk += pk;
			gu1 += prev ? pu : 0;
			gk1 += prev ? pk : 0;
			if (bu + bk < RESCALE_BELOW) {
				r = bu + bk > 0 ? 1 / (bu + bk) : 1;
				bu *= r;
				bk *= r;
			}
		}
		/* The first response's posterior is the last pu, pk. */
		g0 = n > 1 ? pk : 0;
		gu = tu;
		gk = tk;
		/* The last response's posterior is the filtered one. */
		z = au[n - 1] + ak[n - 1];
		if (z > 0) {
			pu = au[n - 1] / z;
			pk = ak[n - 1] / z;
			gu += pu;
			gk += pk;
			gu1 += x[n - 1] ? pu : 0;
			gk1 += x[n - 1] ? pk : 0;
			if (n == 1)
				g0 = pk;
		}
		c->init += w * g0;
		c->nseq += w;
		c->t_u += w * tu;
		c->t_k += w * tk;
		c->x_uk += w * xuk;
		c->x_ku += w * xku;
		c->g_u += w * gu;
		c->g_u1 += w * gu1;
		c->g_k += w * gk;
		c->g_k1 += w * gk1;
	}
	return ll + log(like);
}

/*
 * The M-step: *out from the counts, starting from *in for whatever the
 * counts cannot estimate.  max_guess and max_slip cap guess and slip; the
 * expected complete-data log-likelihood is concave in each, so the capped
 * value is still its maximum over the allowed range and the likelihood
 * never falls.
 */
/*
 * guess and slip when their unconstrained values break guess + slip <=
 * max_sum: the expected complete-data log-likelihood in guess and slip,
 *   a log g + b log(1 - g) + c log s + d log(1 - s),
 * is concave, so its maximum over the allowed set lies on the line
 * g + s = max_sum, where the derivative in g falls from +inf to -inf; a
 * bisection finds its zero (within the per-parameter caps).
 */
static void
on_sum_bound(const struct counts *c, double max_sum, double max_guess,
    double max_slip, struct bkt_params *p)
{
	double a = c->g_u1, b = c->g_u - c->g_u1;
	double cs = c->g_k - c->g_k1, d = c->g_k1;
	double lo = max_sum - max_slip > 0 ? max_sum - max_slip : 0;
	double hi = max_guess < max_sum ? max_guess : max_sum;
	int i;

	for (i = 0; i < 100 && hi - lo > 1e-15; i++) {
		double g = (lo + hi) / 2, s = max_sum - g;
		double dg = (g > 0 ? a / g : 1e300) - (b > 0 ? b / (1 - g) : 0) -
		    (s > 0 ? cs / s : (cs > 0 ? 1e300 : 0)) +
		    (d > 0 ? d / (1 - s) : 0);

		if (dg > 0)
			lo = g;
		else
			hi = g;
	}
	p->guess = (lo + hi) / 2;
	p->slip = max_sum - p->guess;
}

static void
mstep(const struct counts *c, const struct bkt_params *in, int fit_forget,
    double max_guess, double max_slip, double max_sum,
    struct bkt_params *out)
{
	struct bkt_params p = *in;

	if (c->nseq > 0)
		p.prior = c->init / c->nseq;
	if (c->t_u > 0)
		p.learn = c->x_uk / c->t_u;
	if (fit_forget && c->t_k > 0)
		p.forget = c->x_ku / c->t_k;
	if (c->g_u > 0)
		p.guess = c->g_u1 / c->g_u;
	if (c->g_k > 0)
		p.slip = (c->g_k - c->g_k1) / c->g_k;
	if (p.guess > max_guess)
		p.guess = max_guess;
	if (p.slip > max_slip)
		p.slip = max_slip;
	if (p.guess + p.slip > max_sum && c->g_u > 0 && c->g_k > 0)
		on_sum_bound(c, max_sum, max_guess, max_slip, &p);
	*out = p;
}

/* The longest sequence of d. */
static size_t
longest(const struct bkt_data *d)
{
	size_t i, m = 0;

	for (i = 0; i < d->nseq; i++)
		if (seq_len(d, i) > m)
			m = seq_len(d, i);
	return m;
}

double
bkt_em_step(const struct bkt_data *d, const struct bkt_params *in,
    const struct bkt_fit_options *o, struct bkt_params *out)
{
	size_t m = longest(d);
	double *au = xmalloc((m ? m : 1) * 2 * sizeof *au), *ak = au + m;
	struct counts c;
	double ll;

	ll = estep(d, NULL, in, au, ak, &c);
	if (o == NULL)
		mstep(&c, in, 1, 1, 1, 2, out);
	else
		mstep(&c, in, o->fit_forget, o->max_guess, o->max_slip, o->max_sum,
		    out);
	free(au);
	return ll;
}

void
bkt_fit_options_default(struct bkt_fit_options *o)
{
	o->restarts = 5;
	o->seed = BKT_DEFAULT_SEED;
	o->fit_forget = 0;
	o->max_iter = 500;
	o->tol_abs = 1e-4;
	o->tol_rel = 1e-7;
	o->max_guess = 1;
	o->max_slip = 1;
	o->max_sum = 0.99;
}

/* splitmix64 (Steele, Lea & Flood 2014): the next 64 random bits. */
static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A uniform double in [0, hi). */
static double
uniform(uint64_t *state, double hi)
{
	return (double)(splitmix64(state) >> 11) * 0x1.0p-53 * hi;
}

uint64_t
bkt_objective_seed(uint64_t seed, const char *id, size_t len)
{
	uint64_t s = seed ^ util_hash(id, len);

	return splitmix64(&s);
}

/* Checks d: 0 or -1 with err filled. */
static int
check_data(const struct bkt_data *d, struct pl_err *err)
{
	size_t i;

	for (i = 0; i < d->nseq; i++) {
		if (d->starts[i] > d->n ||
		    (i == 0 ? d->starts[i] != 0 :
		    d->starts[i] < d->starts[i - 1])) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA,
			    "sequence %zu starts at %zu, out of order", i,
			    d->starts[i]);
			return -1;
		}
	}
	for (i = 0; i < d->n; i++) {
		if (d->correct[i] > 1) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA,
			    "response %zu is %d, not 0 or 1", i,
			    d->correct[i]);
			return -1;
		}
	}
	if (d->n == 0 || d->nseq == 0) {
		pl_err_set(err, NULL, 0, PL_EXIT_DATA,
		    "no responses to fit");
		return -1;
	}
	return 0;
}

/* Checks o: 0 or -1 with err filled. */
static int
check_options(const struct bkt_fit_options *o, struct pl_err *err)
{
	const char *bad = NULL;

	if (o->restarts < 1)
		bad = "restarts must be at least 1";
	else if (o->max_iter < 1)
		bad = "max_iter must be at least 1";
	else if (!(o->tol_abs >= 0) || !(o->tol_rel >= 0))
		bad = "tolerances must be 0 or more";
	else if (!(o->max_guess > 0 && o->max_guess <= 1))
		bad = "the guess bound must be in (0, 1]";
	else if (!(o->max_slip > 0 && o->max_slip <= 1))
		bad = "the slip bound must be in (0, 1]";
	else if (!(o->max_sum > 0 && o->max_sum <= 2))
		bad = "the guess + slip bound must be in (0, 2]";
	if (bad != NULL) {
		pl_err_set(err, NULL, 0, PL_EXIT_USAGE, "BKT fit: %s", bad);
		return -1;
	}
	return 0;
}

/*
 * Runs EM from *start until the gain in log-likelihood falls below the
 * tolerance or max_iter steps are done.  Leaves the best parameters seen
 * (those of the last E-step, since EM never lowers the likelihood) in
 * *best with their log-likelihood and the number of steps taken.
 */
static void
run_em(const struct bkt_data *d, const double *weight,
    const struct bkt_fit_options *o, const struct bkt_params *start,
    double *au, double *ak, struct bkt_params *best, double *best_ll,
    int *steps, int *converged)
{
	struct bkt_params p = *start, next;
	struct counts c;
	double ll, prev = -HUGE_VAL;
	int it;

	*converged = 0;
	for (it = 0;; it++) {
		ll = estep(d, weight, &p, au, ak, &c);
		if (it > 0 && !(ll > prev)) {
			/* Rounding made the last step lose: keep the one before. */
			*converged = 1;
			it--;
			break;
		}
		*best = p;
		*best_ll = ll;
		if (it > 0 && ll - prev <= o->tol_abs + o->tol_rel * fabs(ll)) {
			*converged = 1;
			break;
		}
		if (it == o->max_iter)
			break;
		mstep(&c, &p, o->fit_forget, o->max_guess, o->max_slip,
		    o->max_sum, &next);
		prev = ll;
		p = next;
	}
	*steps = it;
}

/*
 * A data set with each distinct sequence once and its count as a weight:
 * a sequence's part of an E-step depends on its responses alone, and a
 * class's students often answer in the same few patterns (4,000 students
 * with two or three scores each make a few dozen).
 */
struct packed {
	struct bkt_data d;
	unsigned char *correct;
	size_t *starts;
	double *weight;
};

static void
pack(const struct bkt_data *d, struct packed *pk)
{
	struct intern *in = intern_new();
	size_t i, u, cap = 0, at = 0;

	pk->weight = NULL;
	for (i = 0; i < d->nseq; i++) {
		size_t len = seq_len(d, i), had = intern_count(in);
		uint32_t id;

		if (len == 0)
			continue;
		id = intern_add(in, (const char *)d->correct + d->starts[i],
		    len);
		if (id == had) {
			pk->weight = xgrow(pk->weight, &cap, (size_t)id + 1,
			    sizeof *pk->weight);
			pk->weight[id] = 0;
		}
		pk->weight[id] += 1;
	}
	u = intern_count(in);
	pk->starts = xmalloc((u ? u : 1) * sizeof *pk->starts);
	pk->correct = xmalloc(d->n ? d->n : 1);
	for (i = 0; i < u; i++) {
		size_t len = intern_len(in, (uint32_t)i);

		pk->starts[i] = at;
		memcpy(pk->correct + at, intern_str(in, (uint32_t)i), len);
		at += len;
	}
	pk->d.correct = pk->correct;
	pk->d.n = at;
	pk->d.starts = pk->starts;
	pk->d.nseq = u;
	intern_free(in);
}

/*
 * Start r of a fit with options o: the draws after r starts' worth from
 * o->seed (splitmix64's state moves by a constant a draw, so any start is
 * reached at once).
 */
static void
start_of(const struct bkt_fit_options *o, int r, struct bkt_params *p)
{
	/* The draws below, one a line. */
	uint64_t draws = o->fit_forget ? 5 : 4;
	uint64_t rng = o->seed + (uint64_t)r * draws * 0x9e3779b97f4a7c15u;

	p->prior = uniform(&rng, 1);
	p->learn = uniform(&rng, 0.4);
	p->guess = uniform(&rng, o->max_guess < 0.4 ? o->max_guess : 0.4);
	p->slip = uniform(&rng, o->max_slip < 0.3 ? o->max_slip : 0.3);
	p->forget = o->fit_forget ? uniform(&rng, 1) : 0;
}

/*
 * The fits of bkt_fit_many and the next random start to run, shared by
 * the threads: start i is start i - first[k] of set k, for the k with
 * first[k] <= i < first[k + 1].  Each set keeps its best start as the
 * starts end, in whatever order: the highest log-likelihood, the lowest
 * start on a tie, as a loop over the starts in order keeps it.
 */
struct pool {
	const struct packed *d;
	const struct bkt_fit_options *o;
	size_t n, *first, *longest;
	struct bkt_fit *out;
	int *best_r;		/* by set: the start kept, or -1 */
	size_t next;
	pthread_mutex_t lock;
	int locked;		/* more than one thread: take and keep under it */
};

/* Runs starts until none is left. */
static void *
run_starts(void *arg)
{
	struct pool *pl = arg;
	double *au = NULL;
	size_t cap = 0;

	for (;;) {
		struct bkt_params start, best;
		struct bkt_fit *f;
		size_t i, lo = 0, hi;
		double ll;
		int r, steps, conv;

		if (pl->locked)
			pthread_mutex_lock(&pl->lock);
		i = pl->next < pl->first[pl->n] ? pl->next++ : pl->first[pl->n];
		if (pl->locked)
			pthread_mutex_unlock(&pl->lock);
		if (i == pl->first[pl->n])
			break;
		/* The set: the last k with first[k] <= i. */
		for (hi = pl->n; hi - lo > 1;) {
			size_t mid = lo + (hi - lo) / 2;

			if (pl->first[mid] <= i)
				lo = mid;
			else
				hi = mid;
		}
		r = (int)(i - pl->first[lo]);
		start_of(&pl->o[lo], r, &start);
		if (pl->longest[lo] > cap) {
			free(au);
			cap = pl->longest[lo];
			au = xmalloc(cap * 2 * sizeof *au);
		}
		run_em(&pl->d[lo].d, pl->d[lo].weight, &pl->o[lo], &start, au,
		    au + cap, &best, &ll, &steps, &conv);
		if (pl->locked)
			pthread_mutex_lock(&pl->lock);
		f = &pl->out[lo];
		f->total_iterations += steps;
		if (ll > f->loglik || (pl->best_r[lo] >= 0 && ll == f->loglik &&
		    r < pl->best_r[lo])) {
			f->params = best;
			f->loglik = ll;
			f->iterations = steps;
			f->converged = conv;
			pl->best_r[lo] = r;
		}
		if (pl->locked)
			pthread_mutex_unlock(&pl->lock);
	}
	free(au);
	return NULL;
}

int
bkt_fit_many(const struct bkt_data *d, const struct bkt_fit_options *o,
    size_t n, int threads, struct bkt_fit *out, size_t *bad,
    struct pl_err *err)
{
	struct pool pl;
	struct packed *packed;
	pthread_t *tid;
	size_t k, i, nt, started = 0;

	for (k = 0; k < n; k++) {
		if (check_options(&o[k], err) != 0 ||
		    check_data(&d[k], err) != 0) {
			if (bad != NULL)
				*bad = k;
			return -1;
		}
	}
	memset(&pl, 0, sizeof pl);
	packed = xcalloc(n ? n : 1, sizeof *packed);
	pl.d = packed;
	pl.o = o;
	pl.n = n;
	pl.out = out;
	pl.first = xcalloc(n + 1, sizeof *pl.first);
	pl.longest = xcalloc(n ? n : 1, sizeof *pl.longest);
	pl.best_r = xcalloc(n ? n : 1, sizeof *pl.best_r);
	for (k = 0; k < n; k++) {
		struct bkt_fit *f = &out[k];

		pl.first[k + 1] = pl.first[k] + (size_t)o[k].restarts;
		pl.best_r[k] = -1;
		pack(&d[k], &packed[k]);
		pl.longest[k] = longest(&packed[k].d);
		memset(f, 0, sizeof *f);
		f->rows = d[k].n;
		for (i = 0; i < d[k].nseq; i++)
			f->students += seq_len(&d[k], i) > 0;
		f->loglik = -HUGE_VAL;
	}
	/* Each start's result depends on its own inputs only, and each set
	 * keeps the same start whatever the order they end in: any number
	 * of threads finds the same fits. */
	nt = threads < 1 ? 1 : (size_t)threads;
	if (nt > pl.first[n])
		nt = pl.first[n] ? pl.first[n] : 1;
	tid = xcalloc(nt, sizeof *tid);
	if (nt > 1 && pthread_mutex_init(&pl.lock, NULL) == 0) {
		pl.locked = 1;
		for (i = 1; i < nt; i++) {
			if (pthread_create(&tid[i], NULL, run_starts, &pl) != 0)
				break;
			started = i;
		}
	}
	run_starts(&pl);
	for (i = 1; i <= started; i++)
		pthread_join(tid[i], NULL);
	if (pl.locked)
		pthread_mutex_destroy(&pl.lock);
	for (k = 0; k < n; k++) {
		free(packed[k].correct);
		free(packed[k].starts);
		free(packed[k].weight);
	}
	free(packed);
	free(tid);
	free(pl.first);
	free(pl.longest);
	free(pl.best_r);
	return 0;
}

int
bkt_fit(const struct bkt_data *d, const struct bkt_fit_options *o,
    struct bkt_fit *out, struct pl_err *err)
{
	memset(out, 0, sizeof *out);
	return bkt_fit_many(d, o, 1, 1, out, NULL, err);
}

/* One prediction for sorting by probability. */
struct scored {
	double p;
	unsigned char y;
};

static int
cmp_scored(const void *a, const void *b)
{
	double x = ((const struct scored *)a)->p;
	double y = ((const struct scored *)b)->p;

	return (x > y) - (x < y);
}

/*
 * The ROC area as the Mann-Whitney statistic: sorts by probability and
 * gives each run of equal probabilities its average rank, so a tie between
 * a correct and an incorrect response counts one half.
 */
static double
auc(const double *pc, const unsigned char *y, size_t n)
{
	struct scored *s;
	double pos = 0, neg, rank_sum = 0;
	size_t i, j;

	for (i = 0; i < n; i++)
		pos += y[i] != 0;
	neg = (double)n - pos;
	if (pos == 0 || neg == 0)
		return NAN;
	s = xmalloc(n * sizeof *s);
	for (i = 0; i < n; i++) {
		s[i].p = pc[i];
		s[i].y = y[i] != 0;
	}
	qsort(s, n, sizeof *s, cmp_scored);
	for (i = 0; i < n; i = j) {
		double npos = 0, mid;

		for (j = i; j < n && s[j].p == s[i].p; j++)
			npos += s[j].y;
		/* Ranks i+1 .. j, averaged. */
		mid = ((double)(i + 1) + (double)j) / 2;
		rank_sum += npos * mid;
	}
	free(s);
	return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

void
bkt_evaluate(const double *p_correct, const unsigned char *correct,
    size_t n, struct bkt_metrics *m)
{
	double ll = 0, se = 0, right = 0, z, e;
	size_t i;

	m->n = n;
	for (i = 0; i < n; i++) {
		z = correct[i] ? p_correct[i] : 1 - p_correct[i];
		ll += log(z > MIN_LIKELIHOOD ? z : MIN_LIKELIHOOD);
		e = (correct[i] ? 1 : 0) - p_correct[i];
		se += e * e;
		right += (p_correct[i] >= 0.5) == (correct[i] != 0);
	}
	m->loglik = ll;
	m->rmse = n > 0 ? sqrt(se / (double)n) : NAN;
	m->accuracy = n > 0 ? right / (double)n : NAN;
	m->auc = n > 0 ? auc(p_correct, correct, n) : NAN;
}
