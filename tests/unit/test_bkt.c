/*
 * Unit tests of lib/bkt: the filter by hand and against pyBKT's recorded
 * predictions, the EM step against pyBKT's golden path, fits against
 * pyBKT's log-likelihood and AUC, parameter recovery on simulated
 * learners, and the metrics.  Data files are read relative to the
 * repository root (tests/data/kt, see its README).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bkt.h"
#include "intern.h"
#include "util.h"

#define KT_DIR "tests/data/kt/"

/* ---- A few lines of CSV reading for the test data ---- */

/* One data row, or one of pyBKT's predictions of it. */
struct kt_row {
	uint32_t student, skill;
	long long seq;
	size_t idx;
	unsigned char correct;
	double p_correct, p_known_before;
};

struct kt {
	struct intern *names;
	struct kt_row *v;
	size_t n, cap;
};

/* Splits a line in place at commas, honouring double quotes. */
static int
split_csv(char *s, char **f, int max)
{
	int n = 0;
	char *w;

	while (n < max) {
		if (*s == '"') {
			f[n++] = w = ++s;
			while (*s != '\0' && !(*s == '"' && s[1] != '"')) {
				if (*s == '"')
					s++;
				*w++ = *s++;
			}
			if (*s == '"')
				s++;
			*w = '\0';
		} else {
			f[n++] = s;
			s += strcspn(s, ",\r\n");
		}
		if (*s != ',') {
			*s = '\0';
			break;
		}
		*s++ = '\0';
	}
	return n;
}

static int
find_column(char **f, int nf, const char *a, const char *b)
{
	int i;

	for (i = 0; i < nf; i++)
		if (strcmp(f[i], a) == 0 || strcmp(f[i], b) == 0)
			return i;
	return -1;
}

/*
 * Appends the rows of a data file (user_id, order_id, skill_name,
 * correct) or a predictions file (student_id, seq, objective_id, correct,
 * p_correct, p_known_before).
 */
static void
kt_load(struct kt *t, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096], *f[32];
	int nf, cu, cs, cq, cc, cp, ck;

	cr_assert_not_null(fp, "cannot open %s (run from the repository root)",
	    path);
	cr_assert_not_null(fgets(line, sizeof line, fp));
	nf = split_csv(line, f, 32);
	cu = find_column(f, nf, "user_id", "student_id");
	cs = find_column(f, nf, "skill_name", "objective_id");
	cq = find_column(f, nf, "order_id", "seq");
	cc = find_column(f, nf, "correct", "correct");
	cp = find_column(f, nf, "p_correct", "p_correct");
	ck = find_column(f, nf, "p_known_before", "p_known_before");
	cr_assert(cu >= 0 && cs >= 0 && cq >= 0 && cc >= 0, "%s", path);
	while (fgets(line, sizeof line, fp) != NULL) {
		struct kt_row *r;

		nf = split_csv(line, f, 32);
		cr_assert(nf > cu && nf > cs && nf > cq && nf > cc);
		t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
		r = &t->v[t->n];
		memset(r, 0, sizeof *r);
		r->idx = t->n++;
		r->student = intern_add(t->names, f[cu], strlen(f[cu]));
		r->skill = intern_add(t->names, f[cs], strlen(f[cs]));
		r->seq = strtoll(f[cq], NULL, 10);
		cr_assert(strcmp(f[cc], "0") == 0 || strcmp(f[cc], "1") == 0);
		r->correct = f[cc][0] == '1';
		if (cp >= 0)
			r->p_correct = strtod(f[cp], NULL);
		if (ck >= 0)
			r->p_known_before = strtod(f[ck], NULL);
	}
	fclose(fp);
}

static const struct intern *sort_names;

static int
cmp_kt_row(const void *a, const void *b)
{
	const struct kt_row *x = a, *y = b;
	int c = 0;

	if (x->skill != y->skill)
		c = strcmp(intern_str(sort_names, x->skill),
		    intern_str(sort_names, y->skill));
	if (c == 0 && x->student != y->student)
		c = strcmp(intern_str(sort_names, x->student),
		    intern_str(sort_names, y->student));
	if (c == 0 && x->seq != y->seq)
		c = x->seq < y->seq ? -1 : 1;
	if (c == 0)
		c = (x->idx > y->idx) - (x->idx < y->idx);
	return c;
}

/* Orders rows by skill, student, seq (order_id), then file order. */
static void
kt_sort(struct kt *t)
{
	sort_names = t->names;
	qsort(t->v, t->n, sizeof *t->v, cmp_kt_row);
}

/* Sorted rows cut into one bkt_data per skill. */
struct kt_skills {
	size_t n;
	uint32_t *skill;
	size_t *first;		/* first row of each skill */
	struct bkt_data *data;
	unsigned char *correct;
	size_t *starts;
};

static void
kt_cut(const struct kt *t, struct kt_skills *s)
{
	size_t i, nseq = 0;

	s->n = 0;
	s->skill = xmalloc((t->n + 1) * sizeof *s->skill);
	s->first = xmalloc((t->n + 1) * sizeof *s->first);
	s->data = xmalloc((t->n + 1) * sizeof *s->data);
	s->correct = xmalloc(t->n + 1);
	s->starts = xmalloc((t->n + 1) * sizeof *s->starts);
	for (i = 0; i < t->n; i++) {
		int new_skill = i == 0 || t->v[i].skill != t->v[i - 1].skill;

		s->correct[i] = t->v[i].correct;
		if (new_skill) {
			s->skill[s->n] = t->v[i].skill;
			s->first[s->n] = i;
			s->data[s->n].correct = s->correct + i;
			s->data[s->n].starts = s->starts + nseq;
			s->data[s->n].nseq = 0;
			s->n++;
		}
		if (new_skill || t->v[i].student != t->v[i - 1].student) {
			s->starts[nseq++] = i - s->first[s->n - 1];
			s->data[s->n - 1].nseq++;
		}
	}
	for (i = 0; i < s->n; i++)
		s->data[i].n = (i + 1 < s->n ? s->first[i + 1] : t->n) -
		    s->first[i];
}

static void
kt_skills_free(struct kt_skills *s)
{
	free(s->skill);
	free(s->first);
	free(s->data);
	free(s->correct);
	free(s->starts);
}

/* Reads pyBKT's parameters, indexed by the skill's name id. */
static struct bkt_params *
kt_params(struct intern *names, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096], *f[16];
	struct bkt_params *p = NULL;
	size_t cap = 0;
	uint32_t id;

	cr_assert_not_null(fp, "cannot open %s", path);
	cr_assert_not_null(fgets(line, sizeof line, fp));
	while (fgets(line, sizeof line, fp) != NULL) {
		cr_assert_geq(split_csv(line, f, 16), 6);
		id = intern_add(names, f[0], strlen(f[0]));
		p = xgrow(p, &cap, (size_t)id + 1, sizeof *p);
		p[id].prior = strtod(f[1], NULL);
		p[id].learn = strtod(f[2], NULL);
		p[id].guess = strtod(f[3], NULL);
		p[id].slip = strtod(f[4], NULL);
		p[id].forget = strtod(f[5], NULL);
	}
	fclose(fp);
	return p;
}

/* The skill of s called name. */
static const struct bkt_data *
kt_skill(const struct kt *t, const struct kt_skills *s, const char *name)
{
	uint32_t id = intern_find(t->names, name, strlen(name));
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->skill[i] == id)
			return &s->data[i];
	cr_assert_fail("no skill %s", name);
	return NULL;
}

static size_t
seq_end(const struct bkt_data *d, size_t j)
{
	return j + 1 < d->nseq ? d->starts[j + 1] : d->n;
}

/* ---- The filter by hand ---- */

static const struct bkt_params P0 = { 0.5, 0.1, 0.2, 0.1, 0 };

/*
 * prior .5, learn .1, guess .2, slip .1 on 1, 0, 1, worked with
 * fractions:
 *   t0: before 1/2, P(correct) .55; posterior 9/11; after 46/55.
 *   t1: P(correct) 43.2/55; posterior (4.6/55)/(11.8/55) = 23/59; after
 *       23/59 + (36/59)(.1) = 133/295.
 *   t2: P(correct) 152.1/295; posterior 119.7/152.1 = 133/169; after
 *       133/169 + (36/169)(.1) = 683/845.
 */
Test(bkt, predict_by_hand)
{
	static const unsigned char x[] = { 1, 0, 1 };
	double pc[3], kb[3], ka[3], ll;

	ll = bkt_predict(&P0, x, 3, pc, kb, ka);
	cr_expect_float_eq(pc[0], 0.55, 1e-15);
	cr_expect_float_eq(kb[0], 0.5, 1e-15);
	cr_expect_float_eq(ka[0], 46.0 / 55, 1e-15);
	cr_expect_float_eq(pc[1], 43.2 / 55, 1e-15);
	cr_expect_float_eq(kb[1], 46.0 / 55, 1e-15);
	cr_expect_float_eq(ka[1], 133.0 / 295, 1e-15);
	cr_expect_float_eq(pc[2], 152.1 / 295, 1e-15);
	cr_expect_float_eq(kb[2], 133.0 / 295, 1e-15);
	cr_expect_float_eq(ka[2], 683.0 / 845, 1e-15);
	cr_expect_float_eq(ll, log(0.55) + log(11.8 / 55) + log(152.1 / 295),
	    1e-13);
	cr_expect_float_eq(bkt_trace(&P0, x, 3, 0.95, NULL), 683.0 / 845,
	    1e-15);
	/* Nothing seen: the prior. */
	cr_expect_eq(bkt_trace(&P0, x, 0, 0.95, NULL), 0.5);
	cr_expect_eq(bkt_predict(&P0, x, 0, NULL, NULL, NULL), 0.0);
}

/* Forget .2 after one correct: 9/11 (.8) + 2/11 (.1) = 37/55. */
Test(bkt, forget_by_hand)
{
	static const unsigned char x[] = { 1 };
	struct bkt_params p = P0;

	p.forget = 0.2;
	cr_expect_float_eq(bkt_trace(&p, x, 1, 0.95, NULL), 37.0 / 55, 1e-15);
}

/*
 * All correct from P0: after the first 46/55 = .83636; the second has
 * posterior 41.4/43.2 = 23/24 and after it 23.1/24 = .9625; the third
 * .99227.
 */
/* Read at the end of a group (a date), and not before min_n responses:
 * 1, 1 reach .9625 after the second; a wrong third, the same day, takes
 * P(known) below .95 again, so that day is not mastery. */
Test(bkt, first_index_at_the_end_of_a_group)
{
	static const unsigned char c[] = { 1, 1, 0, 1, 1, 1 };
	static const unsigned char day[] = { 0, 0, 1, 0, 0, 1 };
	static const unsigned char each[] = { 1, 1, 1, 1, 1, 1 };
	long first = 99, plain;

	bkt_trace(&P0, c, 6, 0.95, &plain);
	cr_expect_eq(plain, 1);
	bkt_trace_ends(&P0, c, NULL, 6, 0, 0.95, &first);
	cr_expect_eq(first, plain, "no groups: bkt_trace");
	bkt_trace_ends(&P0, c, day, 6, 0, 0.95, &first);
	cr_expect_eq(first, 5, "the first day ends below the threshold");
	bkt_trace_ends(&P0, c, each, 6, 3, 0.95, &first);
	cr_expect_gt(first, 2, "not before the third response");
	bkt_trace_ends(&P0, c, day, 3, 0, 0.95, &first);
	cr_expect_eq(first, BKT_NEVER);
}

Test(bkt, first_index_reaching_the_threshold)
{
	static const unsigned char ones[] = { 1, 1, 1, 1, 1 };
	static const unsigned char mixed[] = { 1, 1, 0, 0, 0 };
	long first = 99;

	cr_expect_float_eq(bkt_trace(&P0, ones, 2, 0.95, &first), 0.9625,
	    1e-15);
	cr_expect_eq(first, 1);
	bkt_trace(&P0, ones, 5, 0.9625, &first);
	cr_expect_eq(first, 1, "the threshold itself counts as reached");
	bkt_trace(&P0, ones, 5, 0.97, &first);
	cr_expect_eq(first, 2);
	bkt_trace(&P0, ones, 2, 0.97, &first);
	cr_expect_eq(first, BKT_NEVER);
	bkt_trace(&P0, ones, 0, 0.5, &first);
	cr_expect_eq(first, BKT_NEVER, "no response, no index");
	/* Reached once, then lost: the first index stays. */
	cr_expect_lt(bkt_trace(&P0, mixed, 5, 0.95, &first), 0.5);
	cr_expect_eq(first, 1);
}

/* p_known_after[t] is p_known_before[t + 1]; trace agrees with predict. */
Test(bkt, before_and_after_chain)
{
	static const unsigned char x[] = { 0, 0, 1, 0, 1, 1, 1, 0, 1, 1 };
	struct bkt_params p = { 0.3, 0.15, 0.25, 0.08, 0.02 };
	double pc[10], kb[10], ka[10];
	size_t t;

	bkt_predict(&p, x, 10, pc, kb, ka);
	for (t = 0; t + 1 < 10; t++)
		cr_expect_float_eq(ka[t], kb[t + 1], 1e-15, "t=%zu", t);
	for (t = 0; t < 10; t++)
		cr_expect_float_eq(pc[t], kb[t] * 0.92 + (1 - kb[t]) * 0.25,
		    1e-15);
	cr_expect_float_eq(bkt_trace(&p, x, 10, 0.95, NULL), ka[9], 1e-15);
}

/* log(exp(a) + exp(b)) in long double. */
static long double
logaddexp(long double a, long double b)
{
	long double m = a > b ? a : b;

	return m + log1pl(expl((a > b ? b : a) - m));
}

/*
 * An independent reference: the same filter in log space and long
 * double, which keeps P(unknown) exactly however small it gets.
 */
static double
log_space_known(const struct bkt_params *p, const unsigned char *x,
    size_t n)
{
	long double lk = logl(p->prior), lu = logl(1 - p->prior), lz, nk, nu;
	size_t t;

	for (t = 0; t < n; t++) {
		lk += logl(x[t] ? 1 - p->slip : p->slip);
		lu += logl(x[t] ? p->guess : 1 - p->guess);
		lz = logaddexp(lk, lu);
		lk -= lz;
		lu -= lz;
		nk = logaddexp(lu + logl(p->learn), lk + log1pl(-p->forget));
		nu = lu + log1pl(-p->learn);
		if (p->forget > 0)
			nu = logaddexp(nu, lk + logl(p->forget));
		lk = nk;
		lu = nu;
	}
	return (double)expl(lk - logaddexp(lk, lu));
}

/*
 * After 30 correct answers P(unknown) is about 1e-20: computed as 1 -
 * P(known) it would be 0, and the wrong answers that follow could never
 * bring P(known) down.  Both states are kept, so they do: 50 wrong answers
 * take it to about .06, where learning and the evidence balance.
 */
Test(bkt, long_runs_keep_the_unknown_state)
{
	unsigned char x[80];
	struct bkt_params p = { 0.4, 0.05, 0.2, 0.1, 0 };
	double ka[80], want;
	size_t t;

	memset(x, 1, 30);
	memset(x + 30, 0, 50);
	bkt_predict(&p, x, 80, NULL, NULL, ka);
	for (t = 0; t < 80; t++) {
		want = log_space_known(&p, x, t + 1);
		cr_expect_float_eq(ka[t], want, 1e-12, "t=%zu: %.17g vs %.17g",
		    t, ka[t], want);
	}
	cr_expect_lt(ka[79], 0.1, "the wrong answers must count");
}

/* ---- Against pyBKT's recorded predictions ---- */

Test(bkt, predictions_match_pybkt_as_supersmall)
{
	struct kt data = { 0 }, pred = { 0 };
	struct kt_skills s;
	struct bkt_params *par;
	struct bkt_metrics m;
	double *pc, *kb, dc = 0, dk = 0;
	size_t i, j;

	data.names = pred.names = intern_new();
	kt_load(&data, KT_DIR "as_supersmall.csv");
	kt_load(&pred, KT_DIR "as_supersmall.predictions.csv");
	par = kt_params(data.names, KT_DIR "as_supersmall.params.csv");
	cr_assert_eq(data.n, 24437);
	cr_assert_eq(pred.n, data.n);
	kt_sort(&data);
	kt_sort(&pred);
	kt_cut(&data, &s);
	cr_assert_eq(s.n, 100);
	pc = xmalloc(data.n * sizeof *pc);
	kb = xmalloc(data.n * sizeof *kb);
	for (i = 0; i < s.n; i++) {
		const struct bkt_data *d = &s.data[i];
		double *o1 = pc + s.first[i], *o2 = kb + s.first[i];

		for (j = 0; j < d->nseq; j++)
			bkt_predict(&par[s.skill[i]], d->correct + d->starts[j],
			    seq_end(d, j) - d->starts[j], o1 + d->starts[j],
			    o2 + d->starts[j], NULL);
	}
	for (i = 0; i < data.n; i++) {
		const struct kt_row *x = &data.v[i], *y = &pred.v[i];

		cr_assert(x->student == y->student && x->skill == y->skill &&
		    x->seq == y->seq && x->correct == y->correct,
		    "row %zu does not line up", i);
		dc = fmax(dc, fabs(pc[i] - y->p_correct));
		dk = fmax(dk, fabs(kb[i] - y->p_known_before));
	}
	cr_expect_leq(dc, 1e-9, "max |diff| p_correct %g", dc);
	cr_expect_leq(dk, 1e-9, "max |diff| p_known_before %g", dk);
	/* pyBKT's own evaluation of these predictions (research §3.1). */
	bkt_evaluate(pc, s.correct, data.n, &m);
	cr_expect_eq(m.n, 24437);
	cr_expect_float_eq(m.loglik, -11819.91, 0.005, "%.4f", m.loglik);
	cr_expect_float_eq(m.auc, 0.7886, 0.00005, "%.6f", m.auc);
	cr_expect_float_eq(m.rmse, 0.3989, 0.00005, "%.6f", m.rmse);
	cr_expect_float_eq(m.accuracy, 0.7714, 0.00005, "%.6f", m.accuracy);
	free(pc);
	free(kb);
	free(par);
	kt_skills_free(&s);
	free(data.v);
	free(pred.v);
	intern_free(data.names);
}

/* ---- pyBKT's golden EM path (research §3.1) ---- */

struct golden_row {
	double loglik, prior, learn, guess, slip;
};

static const struct golden_row PERCENT_OF[] = {
	{ -691.13172925, 0.500000000000, 0.100000000000, 0.200000000000, 0.100000000000 },
	{ -657.44969840, 0.400302628897, 0.050794643347, 0.320646620157, 0.105346725819 },
	{ -651.51814845, 0.364186293777, 0.034540651608, 0.362680624711, 0.093950333888 },
	{ -650.01933229, 0.338971604916, 0.027691892815, 0.382129370239, 0.089028050940 },
	{ -649.53046420, 0.323192140014, 0.024288601884, 0.393103290622, 0.086409510777 },
	{ -649.35862056, 0.313363188372, 0.022412504324, 0.399508803743, 0.084887732926 },
	{ -649.29758631, 0.307334650852, 0.021331725583, 0.403272862400, 0.083998702458 },
	{ -649.27598086, 0.303711113787, 0.020696532151, 0.405489214711, 0.083481232917 },
	{ -649.26836463, 0.301569975846, 0.020319125555, 0.406795178457, 0.083180518209 },
};

static const struct golden_row EQUATION_SOLVING[] = {
	{ -855.56963160, 0.500000000000, 0.100000000000, 0.200000000000, 0.100000000000 },
	{ -779.73015535, 0.532618400408, 0.077735889254, 0.335665430575, 0.208164862108 },
	{ -777.89910880, 0.581077133868, 0.066008155444, 0.358168694457, 0.219652881082 },
	{ -777.42391280, 0.610280226929, 0.057997119381, 0.365063709181, 0.221189156607 },
	{ -777.24085847, 0.628036099382, 0.052998950929, 0.368169288225, 0.221594834800 },
	{ -777.16901449, 0.639109849334, 0.049961334345, 0.369826624031, 0.221869163966 },
	{ -777.14068884, 0.646142359785, 0.048115842939, 0.370723086767, 0.222096243420 },
	{ -777.12943528, 0.650671502460, 0.046989979150, 0.371181182133, 0.222277140405 },
	{ -777.12491482, 0.653623354309, 0.046301028187, 0.371387800205, 0.222415873594 },
};

/*
 * Replays the path: each step from the table's own previous row must give
 * the next row to 1e-9, and the log-likelihood of each row must match
 * (the table prints 8 decimals).  Then 200 more steps never lower it.
 */
static void
check_golden(const char *skill, const struct golden_row *g, size_t rows,
    size_t students, size_t responses)
{
	struct kt data = { 0 };
	struct kt_skills s;
	const struct bkt_data *d;
	struct bkt_params p, q;
	double ll, prev;
	size_t i;

	data.names = intern_new();
	kt_load(&data, KT_DIR "as_supersmall.csv");
	kt_sort(&data);
	kt_cut(&data, &s);
	d = kt_skill(&data, &s, skill);
	cr_assert_eq(d->n, responses);
	cr_assert_eq(d->nseq, students);
	for (i = 0; i < rows; i++) {
		p.prior = g[i].prior;
		p.learn = g[i].learn;
		p.guess = g[i].guess;
		p.slip = g[i].slip;
		p.forget = 0;
		ll = bkt_em_step(d, &p, NULL, &q);
		cr_expect_float_eq(ll, g[i].loglik, 1e-8, "%s %zu: %.10f", skill,
		    i, ll);
		cr_expect_float_eq(bkt_loglik(&p, d), ll, 1e-9);
		if (i + 1 < rows) {
			cr_expect_float_eq(q.prior, g[i + 1].prior, 1e-9,
			    "%s %zu: prior %.12f", skill, i + 1, q.prior);
			cr_expect_float_eq(q.learn, g[i + 1].learn, 1e-9,
			    "%s %zu: learn %.12f", skill, i + 1, q.learn);
			cr_expect_float_eq(q.guess, g[i + 1].guess, 1e-9,
			    "%s %zu: guess %.12f", skill, i + 1, q.guess);
			cr_expect_float_eq(q.slip, g[i + 1].slip, 1e-9,
			    "%s %zu: slip %.12f", skill, i + 1, q.slip);
			cr_expect_eq(q.forget, 0.0);
		}
	}
	/* From the start, EM never loses likelihood. */
	p = (struct bkt_params){ 0.5, 0.1, 0.2, 0.1, 0 };
	prev = -HUGE_VAL;
	for (i = 0; i < 200; i++) {
		ll = bkt_em_step(d, &p, NULL, &q);
		cr_assert_geq(ll, prev - 1e-9, "%s step %zu: %.12f < %.12f",
		    skill, i, ll, prev);
		prev = ll;
		p = q;
	}
	kt_skills_free(&s);
	free(data.v);
	intern_free(data.names);
}

Test(bkt, golden_em_path_percent_of)
{
	check_golden("Percent Of", PERCENT_OF, 9, 65, 1402);
}

Test(bkt, golden_em_path_equation_solving)
{
	check_golden("Equation Solving Two or Fewer Steps", EQUATION_SOLVING,
	    9, 65, 1329);
}

/* With bounds (guess <= .3, slip <= .1) the steps still never lose. */
Test(bkt, bounded_em_never_loses)
{
	static const char *const skills[] = { "Venn Diagram", "Percent Of",
	    "Equation Solving Two or Fewer Steps" };
	struct kt data = { 0 };
	struct kt_skills s;
	struct bkt_fit_options o;
	struct bkt_params p, q;
	double ll, prev;
	size_t i, k;

	data.names = intern_new();
	kt_load(&data, KT_DIR "as_supersmall.csv");
	kt_sort(&data);
	kt_cut(&data, &s);
	bkt_fit_options_default(&o);
	o.max_guess = 0.3;
	o.max_slip = 0.1;
	for (k = 0; k < 3; k++) {
		const struct bkt_data *d = kt_skill(&data, &s, skills[k]);

		p = (struct bkt_params){ 0.5, 0.1, 0.2, 0.1, 0 };
		prev = -HUGE_VAL;
		for (i = 0; i < 100; i++) {
			ll = bkt_em_step(d, &p, &o, &q);
			cr_assert_geq(ll, prev - 1e-9, "%s step %zu", skills[k],
			    i);
			cr_assert_leq(q.guess, 0.3);
			cr_assert_leq(q.slip, 0.1);
			prev = ll;
			p = q;
		}
	}
	kt_skills_free(&s);
	free(data.v);
	intern_free(data.names);
}

/* ---- Fits ---- */

/*
 * Every skill of as_supersmall fitted with the defaults: the total
 * log-likelihood must reach pyBKT's (-11819.91) and the pooled AUC must
 * not fall more than .005 below pyBKT's .7886.
 */
Test(bkt, fit_as_supersmall_reaches_pybkt)
{
	struct kt data = { 0 };
	struct kt_skills s;
	struct bkt_fit_options o;
	struct bkt_fit fit;
	struct bkt_metrics m;
	struct pl_err err;
	double total = 0, *pc;
	size_t i, j, rows = 0, students = 0;

	data.names = intern_new();
	kt_load(&data, KT_DIR "as_supersmall.csv");
	kt_sort(&data);
	kt_cut(&data, &s);
	bkt_fit_options_default(&o);
	pc = xmalloc(data.n * sizeof *pc);
	for (i = 0; i < s.n; i++) {
		const struct bkt_data *d = &s.data[i];
		const char *name = intern_str(data.names, s.skill[i]);
		struct bkt_fit_options oi = o;

		oi.seed = bkt_objective_seed(o.seed, name, strlen(name));
		cr_assert_eq(bkt_fit(d, &oi, &fit, &err), 0, "%s", err.msg);
		cr_expect_leq(fit.params.guess, o.max_guess);
		cr_expect_leq(fit.params.slip, o.max_slip);
		cr_expect_eq(fit.params.forget, 0.0);
		cr_expect_float_eq(bkt_loglik(&fit.params, d), fit.loglik, 1e-8, "%s: %.10f vs %.10f (%.17g %.17g %.17g %.17g)", name, bkt_loglik(&fit.params, d), fit.loglik, fit.params.prior, fit.params.learn, fit.params.guess, fit.params.slip);
		total += fit.loglik;
		rows += fit.rows;
		students += fit.students;
		for (j = 0; j < d->nseq; j++)
			bkt_predict(&fit.params, d->correct + d->starts[j],
			    seq_end(d, j) - d->starts[j],
			    pc + s.first[i] + d->starts[j], NULL, NULL);
	}
	cr_expect_eq(rows, 24437);
	cr_expect_eq(students, 2460, "student-skill sequences");
	bkt_evaluate(pc, s.correct, data.n, &m);
	cr_expect_geq(total, -11819.91, "total LL %.2f", total);
	/*
	 * From p_correct alone 1 - p_correct loses digits where p_correct
	 * is within 1e-11 of 1 (a slip of 1e-10 is fitted on one skill).
	 */
	cr_expect_float_eq(m.loglik, total, 1e-4);
	cr_expect_geq(m.auc, 0.7886 - 0.005, "AUC %.4f", m.auc);
	free(pc);
	kt_skills_free(&s);
	free(data.v);
	intern_free(data.names);
}

/* Percent Of: pyBKT stopped at -687.16; the best of its 20 seeds -649.37. */
Test(bkt, fit_converges_where_pybkt_stops_early)
{
	struct kt data = { 0 };
	struct kt_skills s;
	struct bkt_fit_options o;
	struct bkt_fit a, b;
	struct pl_err err;

	data.names = intern_new();
	kt_load(&data, KT_DIR "as_supersmall.csv");
	kt_sort(&data);
	kt_cut(&data, &s);
	bkt_fit_options_default(&o);
	cr_assert_eq(bkt_fit(kt_skill(&data, &s, "Percent Of"), &o, &a, &err),
	    0);
	cr_expect_geq(a.loglik, -649.37, "%.4f", a.loglik);
	cr_expect(a.converged);
	cr_expect_eq(a.rows, 1402);
	cr_expect_eq(a.students, 65);
	cr_expect_gt(a.iterations, 0);
	cr_expect_geq(a.total_iterations, a.iterations);
	/* The same seed gives the same fit, bit for bit. */
	cr_assert_eq(bkt_fit(kt_skill(&data, &s, "Percent Of"), &o, &b, &err),
	    0);
	cr_expect_eq(memcmp(&a.params, &b.params, sizeof a.params), 0);
	cr_expect_eq(a.loglik, b.loglik);
	cr_expect_eq(a.total_iterations, b.total_iterations);
	kt_skills_free(&s);
	free(data.v);
	intern_free(data.names);
}

/*
 * Every skill of as_supersmall fitted at once with 1, 2 and 5 threads:
 * each fit equals bkt_fit's on that skill alone, bit for bit, whatever
 * the number of threads.
 */
Test(bkt, fit_many_equals_one_by_one)
{
	static const int threads[] = { 1, 2, 5 };
	struct kt data = { 0 };
	struct kt_skills s;
	struct bkt_fit_options *o;
	struct bkt_fit *many, one;
	struct pl_err err;
	size_t i, t;

	data.names = intern_new();
	kt_load(&data, KT_DIR "as_supersmall.csv");
	kt_sort(&data);
	kt_cut(&data, &s);
	cr_assert_gt(s.n, 5);
	o = xcalloc(s.n, sizeof *o);
	many = xcalloc(s.n, sizeof *many);
	for (i = 0; i < s.n; i++) {
		const char *name = intern_str(data.names, s.skill[i]);

		bkt_fit_options_default(&o[i]);
		o[i].seed = bkt_objective_seed(o[i].seed, name, strlen(name));
		o[i].restarts = 1 + (int)(i % 3);
	}
	for (t = 0; t < sizeof threads / sizeof threads[0]; t++) {
		memset(many, 0xff, s.n * sizeof *many);
		cr_assert_eq(bkt_fit_many(s.data, o, s.n, threads[t], many,
		    NULL, &err), 0, "%s", err.msg);
		for (i = 0; i < s.n; i++) {
			cr_assert_eq(bkt_fit(&s.data[i], &o[i], &one, &err), 0);
			cr_expect_eq(memcmp(&one.params, &many[i].params,
			    sizeof one.params), 0, "skill %zu, %d threads", i,
			    threads[t]);
			cr_expect_eq(one.loglik, many[i].loglik);
			cr_expect_eq(one.rows, many[i].rows);
			cr_expect_eq(one.students, many[i].students);
			cr_expect_eq(one.iterations, many[i].iterations);
			cr_expect_eq(one.total_iterations,
			    many[i].total_iterations);
			cr_expect_eq(one.converged, many[i].converged);
		}
	}
	free(o);
	free(many);
	kt_skills_free(&s);
	free(data.v);
	intern_free(data.names);
}

/*
 * Repeated sequences are run once and counted: the fit's log-likelihood is
 * the data's under the fitted parameters, and the fit does not depend on
 * the order of the sequences (repeats next to each other, or apart).
 */
Test(bkt, fit_counts_repeated_sequences)
{
	static const unsigned char pat[4][5] = { { 0, 1, 1 }, { 1 },
	    { 0, 0, 1, 1, 1 }, { 1, 0 } };
	static const size_t plen[4] = { 3, 1, 5, 2 };
	unsigned char x[2][400];
	size_t starts[2][120], n[2] = { 0, 0 }, ns[2] = { 0, 0 }, i;
	struct bkt_data d[2];
	struct bkt_fit_options o;
	struct bkt_fit fit[2];
	struct pl_err err;

	/* Order 0: runs of each pattern; order 1: the patterns in turn. */
	for (i = 0; i < 120; i++) {
		size_t a = i / 30, b = i % 4;

		starts[0][ns[0]++] = n[0];
		memcpy(x[0] + n[0], pat[a], plen[a]);
		n[0] += plen[a];
		starts[1][ns[1]++] = n[1];
		memcpy(x[1] + n[1], pat[b], plen[b]);
		n[1] += plen[b];
	}
	cr_assert_eq(n[0], n[1]);
	bkt_fit_options_default(&o);
	for (i = 0; i < 2; i++) {
		d[i].correct = x[i];
		d[i].n = n[i];
		d[i].starts = starts[i];
		d[i].nseq = ns[i];
		cr_assert_eq(bkt_fit(&d[i], &o, &fit[i], &err), 0, "%s",
		    err.msg);
		cr_expect_float_eq(bkt_loglik(&fit[i].params, &d[i]),
		    fit[i].loglik, 1e-9, "%.12f vs %.12f",
		    bkt_loglik(&fit[i].params, &d[i]), fit[i].loglik);
		cr_expect_eq(fit[i].students, 120);
		cr_expect_eq(fit[i].rows, n[i]);
	}
	cr_expect_float_eq(fit[0].loglik, fit[1].loglik, 1e-9);
	cr_expect_float_eq(fit[0].params.prior, fit[1].params.prior, 1e-9);
	cr_expect_float_eq(fit[0].params.learn, fit[1].params.learn, 1e-9);
	cr_expect_float_eq(fit[0].params.guess, fit[1].params.guess, 1e-9);
	cr_expect_float_eq(fit[0].params.slip, fit[1].params.slip, 1e-9);
}

/* A bad set stops the whole fit before any work, and is named. */
Test(bkt, fit_many_names_the_bad_set)
{
	static const unsigned char x[] = { 1, 0, 1, 2 };
	static const size_t starts[] = { 0, 2 };
	struct bkt_data d[3] = { { x, 3, starts, 2 }, { x, 3, starts, 2 },
	    { x, 4, starts, 2 } };
	struct bkt_fit_options o[3];
	struct bkt_fit fit[3];
	struct pl_err err;
	size_t bad = 99, i;

	for (i = 0; i < 3; i++)
		bkt_fit_options_default(&o[i]);
	cr_expect_eq(bkt_fit_many(d, o, 3, 2, fit, &bad, &err), -1);
	cr_expect_eq(bad, 2);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	o[1].restarts = 0;
	cr_expect_eq(bkt_fit_many(d, o, 3, 2, fit, &bad, &err), -1);
	cr_expect_eq(bad, 1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_eq(bkt_fit_many(d, o, 0, 2, fit, &bad, &err), 0);
}

/* ---- Simulated learners ---- */

static uint64_t
sim_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double
sim_uniform(uint64_t *s, double lo, double hi)
{
	return lo + (hi - lo) * (double)(sim_next(s) >> 11) * 0x1.0p-53;
}

/*
 * Simulates students learners of one objective with attempts responses
 * each into x (students * attempts bytes) and starts.
 */
static void
simulate(const struct bkt_params *p, size_t students, size_t attempts,
    uint64_t *rng, unsigned char *x, size_t *starts)
{
	size_t i, t;

	for (i = 0; i < students; i++) {
		int known = sim_uniform(rng, 0, 1) < p->prior;

		starts[i] = i * attempts;
		for (t = 0; t < attempts; t++) {
			double r = sim_uniform(rng, 0, 1);

			x[i * attempts + t] = known ? r >= p->slip : r < p->guess;
			r = sim_uniform(rng, 0, 1);
			if (known)
				known = !(r < p->forget);
			else
				known = r < p->learn;
		}
	}
}

/*
 * 2000 students x 5 objectives x 20 attempts, parameters drawn as in the
 * research (prior .1-.6, learn .05-.3, guess .1-.3, slip .05-.15): the fit
 * recovers learn, guess and slip within .02 and the prior within .05, and
 * reaches at least the likelihood of the true parameters.
 */
Test(bkt, recovers_simulated_parameters)
{
	enum { STUDENTS = 2000, OBJECTIVES = 5, ATTEMPTS = 20 };
	unsigned char *x = xmalloc(STUDENTS * ATTEMPTS);
	size_t *starts = xmalloc(STUDENTS * sizeof *starts);
	struct bkt_data d = { x, STUDENTS * ATTEMPTS, starts, STUDENTS };
	struct bkt_fit_options o;
	uint64_t rng = 7;
	int j;

	bkt_fit_options_default(&o);
	for (j = 0; j < OBJECTIVES; j++) {
		struct bkt_params truth;
		struct bkt_fit fit;
		struct pl_err err;

		truth.prior = sim_uniform(&rng, 0.10, 0.60);
		truth.learn = sim_uniform(&rng, 0.05, 0.30);
		truth.guess = sim_uniform(&rng, 0.10, 0.30);
		truth.slip = sim_uniform(&rng, 0.05, 0.15);
		truth.forget = 0;
		simulate(&truth, STUDENTS, ATTEMPTS, &rng, x, starts);
		o.seed = (uint64_t)j + 1;
		cr_assert_eq(bkt_fit(&d, &o, &fit, &err), 0, "%s", err.msg);
		cr_expect_float_eq(fit.params.prior, truth.prior, 0.05,
		    "objective %d prior %.4f vs %.4f", j, fit.params.prior,
		    truth.prior);
		cr_expect_float_eq(fit.params.learn, truth.learn, 0.02,
		    "objective %d learn %.4f vs %.4f", j, fit.params.learn,
		    truth.learn);
		cr_expect_float_eq(fit.params.guess, truth.guess, 0.02,
		    "objective %d guess %.4f vs %.4f", j, fit.params.guess,
		    truth.guess);
		cr_expect_float_eq(fit.params.slip, truth.slip, 0.02,
		    "objective %d slip %.4f vs %.4f", j, fit.params.slip,
		    truth.slip);
		cr_expect_geq(fit.loglik, bkt_loglik(&truth, &d),
		    "objective %d: the fit must beat the truth's likelihood", j);
		cr_expect_eq(fit.students, STUDENTS);
	}
	free(x);
	free(starts);
}

/* With forgetting fitted, a simulated forget of .08 comes back. */
Test(bkt, recovers_simulated_forgetting)
{
	enum { STUDENTS = 2000, ATTEMPTS = 20 };
	unsigned char *x = xmalloc(STUDENTS * ATTEMPTS);
	size_t *starts = xmalloc(STUDENTS * sizeof *starts);
	struct bkt_data d = { x, STUDENTS * ATTEMPTS, starts, STUDENTS };
	struct bkt_params truth = { 0.3, 0.2, 0.15, 0.08, 0.08 };
	struct bkt_fit_options o;
	struct bkt_fit fit, fixed;
	struct pl_err err;
	uint64_t rng = 11;

	simulate(&truth, STUDENTS, ATTEMPTS, &rng, x, starts);
	bkt_fit_options_default(&o);
	cr_assert_eq(bkt_fit(&d, &o, &fixed, &err), 0);
	cr_expect_eq(fixed.params.forget, 0.0);
	o.fit_forget = 1;
	cr_assert_eq(bkt_fit(&d, &o, &fit, &err), 0);
	cr_expect_float_eq(fit.params.forget, truth.forget, 0.02, "%.4f",
	    fit.params.forget);
	cr_expect_float_eq(fit.params.learn, truth.learn, 0.03, "%.4f",
	    fit.params.learn);
	cr_expect_gt(fit.loglik, fixed.loglik);
	free(x);
	free(starts);
}

/* ---- Edge cases of the fit ---- */

/*
 * One response per student: no transition to learn from, so learn keeps
 * its starting value, while prior, guess and slip are still estimated.
 * Empty sequences are skipped.
 */
Test(bkt, em_step_without_transitions)
{
	static const unsigned char x[] = { 1, 0, 1, 1 };
	static const size_t starts[] = { 0, 1, 1, 2, 3 };
	struct bkt_data d = { x, 4, starts, 5 };
	struct bkt_params q;
	double ll;

	ll = bkt_em_step(&d, &P0, NULL, &q);
	/* Each response alone: P(correct) .55, .45, .55, .55. */
	cr_expect_float_eq(ll, 3 * log(0.55) + log(0.45), 1e-13);
	cr_expect_eq(q.learn, 0.1);
	/*
	 * Posterior P(known): 9/11 after a correct, .05/.45 = 1/9 after
	 * the wrong one; prior = their mean over 4 students.
	 */
	cr_expect_float_eq(q.prior, (3 * 9.0 / 11 + 1.0 / 9) / 4, 1e-15);
	/* guess = expected correct while unknown / time unknown. */
	cr_expect_float_eq(q.guess, (3 * 2.0 / 11) / (3 * 2.0 / 11 + 8.0 / 9),
	    1e-15);
}

Test(bkt, fit_rejects_bad_input)
{
	static const unsigned char x[] = { 1, 0, 2 };
	static const size_t starts[] = { 0, 2 };
	static const size_t bad_starts[] = { 1, 2 };
	struct bkt_data d = { x, 2, starts, 2 };
	struct bkt_fit_options o;
	struct bkt_fit fit;
	struct pl_err err;

	bkt_fit_options_default(&o);
	cr_expect_eq(bkt_fit(&d, &o, &fit, &err), 0, "%s", err.msg);
	d.n = 3;
	cr_expect_eq(bkt_fit(&d, &o, &fit, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect(strstr(err.msg, "not 0 or 1") != NULL, "%s", err.msg);
	d.n = 0;
	d.nseq = 0;
	cr_expect_eq(bkt_fit(&d, &o, &fit, &err), -1);
	cr_expect_str_eq(err.msg, "no responses to fit");
	d.n = 2;
	d.nseq = 2;
	d.starts = bad_starts;
	cr_expect_eq(bkt_fit(&d, &o, &fit, &err), -1);
	d.starts = starts;
	o.restarts = 0;
	cr_expect_eq(bkt_fit(&d, &o, &fit, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	bkt_fit_options_default(&o);
	o.max_guess = 0;
	cr_expect_eq(bkt_fit(&d, &o, &fit, &err), -1);
	o.max_guess = NAN;
	cr_expect_eq(bkt_fit(&d, &o, &fit, &err), -1);
}

Test(bkt, params_check)
{
	struct bkt_params p = P0;
	struct pl_err err;

	cr_expect_eq(bkt_params_check(&p, &err), 0);
	p.guess = 1;
	p.slip = 0;
	cr_expect_eq(bkt_params_check(&p, &err), 0, "pyBKT fits these");
	p.slip = 1.5;
	cr_expect_eq(bkt_params_check(&p, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect(strstr(err.msg, "slip") != NULL, "%s", err.msg);
	p.slip = NAN;
	cr_expect_eq(bkt_params_check(&p, &err), -1);
	p = P0;
	p.prior = -0.1;
	cr_expect_eq(bkt_params_check(&p, &err), -1);
}

Test(bkt, objective_seed_depends_on_id_only)
{
	cr_expect_eq(bkt_objective_seed(42, "a", 1),
	    bkt_objective_seed(42, "a", 1));
	cr_expect_neq(bkt_objective_seed(42, "a", 1),
	    bkt_objective_seed(42, "b", 1));
	cr_expect_neq(bkt_objective_seed(42, "a", 1),
	    bkt_objective_seed(43, "a", 1));
}

/* ---- Metrics ---- */

Test(bkt, metrics_by_hand)
{
	/* scikit-learn's roc_auc_score example: .75. */
	static const double p1[] = { 0.1, 0.4, 0.35, 0.8 };
	static const unsigned char y1[] = { 0, 0, 1, 1 };
	/* A tie across classes counts one half: (1 + .5 + 1 + 1) / 4. */
	static const double p2[] = { 0.2, 0.5, 0.5, 0.9 };
	static const unsigned char y2[] = { 0, 0, 1, 1 };
	static const double p3[] = { 0.5, 0.5, 0.5, 0.5 };
	static const unsigned char y3[] = { 0, 1, 1, 0 };
	static const unsigned char all1[] = { 1, 1, 1, 1 };
	struct bkt_metrics m;

	bkt_evaluate(p1, y1, 4, &m);
	cr_expect_float_eq(m.auc, 0.75, 1e-15);
	cr_expect_float_eq(m.loglik, log(0.9) + log(0.6) + log(0.35) +
	    log(0.8), 1e-13);
	cr_expect_float_eq(m.rmse, sqrt((0.01 + 0.16 + 0.4225 + 0.04) / 4),
	    1e-15);
	/* Right: .1 (0), .4 (0), .8 (1); wrong: .35 (1). */
	cr_expect_float_eq(m.accuracy, 0.75, 1e-15);
	bkt_evaluate(p2, y2, 4, &m);
	cr_expect_float_eq(m.auc, 0.875, 1e-15);
	bkt_evaluate(p3, y3, 4, &m);
	cr_expect_float_eq(m.auc, 0.5, 1e-15);
	bkt_evaluate(p3, all1, 4, &m);
	cr_expect(isnan(m.auc), "one class has no AUC");
	cr_expect_float_eq(m.loglik, 4 * log(0.5), 1e-13);
	bkt_evaluate(p3, all1, 0, &m);
	cr_expect_eq(m.n, 0);
	cr_expect(isnan(m.rmse) && isnan(m.auc));
	cr_expect_eq(m.loglik, 0.0);
}

/* A likelihood factor of 0 is clamped to 1e-12, as pyBKT's evaluation. */
Test(bkt, metrics_clamp_impossible)
{
	static const double p[] = { 1.0, 0.0 };
	static const unsigned char y[] = { 0, 1 };
	struct bkt_metrics m;

	bkt_evaluate(p, y, 2, &m);
	cr_expect_float_eq(m.loglik, 2 * log(1e-12), 1e-9);
	cr_expect_eq(m.auc, 0.0);
}

/* AUC against the O(n^2) pair count on many ties. */
Test(bkt, auc_matches_pair_count)
{
	enum { N = 3000 };
	static double p[N];
	static unsigned char y[N];
	struct bkt_metrics m;
	uint64_t rng = 5;
	double pairs = 0, wins = 0;
	size_t i, j;

	for (i = 0; i < N; i++) {
		p[i] = (double)(sim_next(&rng) % 20) / 20;
		y[i] = sim_uniform(&rng, 0, 1) < 0.3 + p[i] / 2;
	}
	for (i = 0; i < N; i++) {
		if (!y[i])
			continue;
		for (j = 0; j < N; j++) {
			if (y[j])
				continue;
			pairs++;
			wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
		}
	}
	bkt_evaluate(p, y, N, &m);
	cr_expect_float_eq(m.auc, wins / pairs, 1e-12);
}
