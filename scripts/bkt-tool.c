/*
 * bkt-tool.c - the checks and timings behind scripts/bkt-check and
 * scripts/bkt-bench: loads knowledge-tracing data (pyBKT's column names or
 * the DKT three-line format), compares lib/bkt with pyBKT's recorded
 * predictions, replays the golden EM path and times full fits.
 *
 * Built by those scripts against build/libpl.a; not part of the toolkit.
 *
 *   bkt-tool predict DATA.csv PARAMS.csv PREDICTIONS.csv
 *   bkt-tool golden DATA.csv SKILL [STEPS]
 *   bkt-tool fit [--builder] [--restarts N] [--seed N] [--max-guess G]
 *       [--max-slip S] [--forgets] [--reps N] [--quiet] [--test FILE]
 *       [--min-loglik X] [--min-auc X] [--min-test-auc X] DATA
 *   bkt-tool sim STUDENTS OBJECTIVES ATTEMPTS SEED
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bkt.h"
#include "intern.h"
#include "util.h"

/* One response, or one of pyBKT's predictions of it. */
struct row {
	uint32_t student, skill;
	long long seq;
	size_t idx;
	unsigned char correct;
	double p_correct, p_known_before;
};

struct rows {
	struct row *v;
	size_t n, cap;
	struct intern *names;	/* students and skills share one table */
};

static const struct intern *sort_names;

static int
cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c;

	if (x->skill != y->skill) {
		c = strcmp(intern_str(sort_names, x->skill),
		    intern_str(sort_names, y->skill));
		if (c != 0)
			return c;
	}
	if (x->student != y->student) {
		c = strcmp(intern_str(sort_names, x->student),
		    intern_str(sort_names, y->student));
		if (c != 0)
			return c;
	}
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Sorts by skill, student, seq, then file order. */
static void
sort_rows(struct rows *r)
{
	sort_names = r->names;
	qsort(r->v, r->n, sizeof *r->v, cmp_row);
}

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "bkt-tool: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

/* Splits a CSV line in place into at most max fields; returns the count. */
static int
split_csv(char *s, char **f, int max)
{
	int n = 0;
	char *w;

	for (;;) {
		if (n == max)
			return n;
		if (*s == '"') {
			f[n++] = w = ++s;
			for (;;) {
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else if (*s == '\0') {
					break;
				} else {
					*w++ = *s++;
				}
			}
			*w = '\0';
			if (*s == ',')
				s++;
			else
				return n;
			continue;
		}
		f[n++] = s;
		s += strcspn(s, ",\r\n");
		if (*s != ',') {
			*s = '\0';
			return n;
		}
		*s++ = '\0';
	}
}

static int
column(char **f, int nf, const char *a, const char *b)
{
	int i;

	for (i = 0; i < nf; i++)
		if (strcmp(f[i], a) == 0 || (b != NULL && strcmp(f[i], b) == 0))
			return i;
	return -1;
}

static struct row *
add_row(struct rows *r)
{
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	memset(&r->v[r->n], 0, sizeof *r->v);
	r->v[r->n].idx = r->n;
	return &r->v[r->n++];
}

/*
 * Reads a CSV with user_id/student_id, order_id/seq, skill_name/
 * objective_id and correct, plus p_correct and p_known_before when
 * present.
 */
static void
load_csv(const char *path, struct rows *r)
{
	FILE *fp = fopen(path, "r");
	char line[8192], *f[64];
	int nf, cu, cs, cq, cc, cp, ck;

	if (fp == NULL)
		die("cannot open %s", path);
	if (fgets(line, sizeof line, fp) == NULL)
		die("%s is empty", path);
	nf = split_csv(line, f, 64);
	cu = column(f, nf, "user_id", "student_id");
	cs = column(f, nf, "skill_name", "objective_id");
	cq = column(f, nf, "order_id", "seq");
	cc = column(f, nf, "correct", NULL);
	cp = column(f, nf, "p_correct", NULL);
	ck = column(f, nf, "p_known_before", NULL);
	if (cu < 0 || cs < 0 || cq < 0 || cc < 0)
		die("%s: missing a column", path);
	while (fgets(line, sizeof line, fp) != NULL) {
		struct row *w;

		nf = split_csv(line, f, 64);
		if (nf <= cu || nf <= cs || nf <= cq || nf <= cc)
			die("%s: short line", path);
		w = add_row(r);
		w->student = intern_add(r->names, f[cu], strlen(f[cu]));
		w->skill = intern_add(r->names, f[cs], strlen(f[cs]));
		w->seq = strtoll(f[cq], NULL, 10);
		w->correct = f[cc][0] == '1';
		if (cp >= 0 && cp < nf)
			w->p_correct = strtod(f[cp], NULL);
		if (ck >= 0 && ck < nf)
			w->p_known_before = strtod(f[ck], NULL);
	}
	fclose(fp);
}

/* Appends the comma-separated integers of s to *v. */
static size_t
parse_ints(char *s, long **v, size_t *cap)
{
	size_t n = 0;
	char *e;

	for (;;) {
		while (*s == ',' || *s == ' ')
			s++;
		if (*s < '0' || *s > '9')
			return n;
		*v = xgrow(*v, cap, n + 1, sizeof **v);
		(*v)[n++] = strtol(s, &e, 10);
		s = e;
	}
}

/*
 * Reads the DKT format: per student a count line, a skill id line and a
 * correctness line.  Students are numbered in file order.
 */
static void
load_builder(const char *path, struct rows *r)
{
	FILE *fp = fopen(path, "r");
	static char a[1 << 20], b[1 << 20], c[1 << 20];
	long *sk = NULL, *co = NULL;
	size_t skcap = 0, cocap = 0, n, i;
	long student = 0;
	char name[32];

	if (fp == NULL)
		die("cannot open %s", path);
	while (fgets(a, sizeof a, fp) != NULL) {
		if (a[0] == '\n' || a[0] == '\r')
			continue;
		if (fgets(b, sizeof b, fp) == NULL ||
		    fgets(c, sizeof c, fp) == NULL)
			die("%s: truncated student", path);
		n = parse_ints(b, &sk, &skcap);
		if (parse_ints(c, &co, &cocap) != n ||
		    (long)n != strtol(a, NULL, 10))
			die("%s: counts disagree", path);
		snprintf(name, sizeof name, "%ld", student++);
		for (i = 0; i < n; i++) {
			struct row *w = add_row(r);
			char sname[32];

			snprintf(sname, sizeof sname, "skill %ld", sk[i]);
			w->student = intern_add(r->names, name, strlen(name));
			w->skill = intern_add(r->names, sname, strlen(sname));
			w->seq = (long long)i;
			w->correct = co[i] == 1;
		}
	}
	free(sk);
	free(co);
	fclose(fp);
}

/* Sorted rows cut into skills, each a bkt_data over shared arrays. */
struct skills {
	size_t n;
	uint32_t *skill;	/* name id */
	struct bkt_data *data;
	size_t *first_row;	/* index of the skill's first row */
	unsigned char *correct;
	size_t *starts;
};

static void
cut_skills(const struct rows *r, struct skills *s)
{
	size_t i, nseq = 0;

	memset(s, 0, sizeof *s);
	s->correct = xmalloc(r->n + 1);
	s->starts = xmalloc((r->n + 1) * sizeof *s->starts);
	s->skill = xmalloc((r->n + 1) * sizeof *s->skill);
	s->data = xmalloc((r->n + 1) * sizeof *s->data);
	s->first_row = xmalloc((r->n + 1) * sizeof *s->first_row);
	for (i = 0; i < r->n; i++) {
		const struct row *w = &r->v[i];
		int new_skill = i == 0 || w->skill != r->v[i - 1].skill;

		s->correct[i] = w->correct;
		if (new_skill) {
			if (s->n > 0)
				s->data[s->n - 1].n = i - s->first_row[s->n - 1];
			s->skill[s->n] = w->skill;
			s->first_row[s->n] = i;
			s->data[s->n].correct = s->correct + i;
			s->data[s->n].starts = s->starts + nseq;
			s->data[s->n].nseq = 0;
			s->n++;
		}
		if (new_skill || w->student != r->v[i - 1].student) {
			s->starts[nseq++] = i - s->first_row[s->n - 1];
			s->data[s->n - 1].nseq++;
		}
	}
	if (s->n > 0)
		s->data[s->n - 1].n = r->n - s->first_row[s->n - 1];
}

static void
free_skills(struct skills *s)
{
	free(s->correct);
	free(s->starts);
	free(s->skill);
	free(s->data);
	free(s->first_row);
}

/* Reads pyBKT's params file into an array indexed by name id. */
static struct bkt_params *
load_params(const char *path, struct intern *names)
{
	FILE *fp = fopen(path, "r");
	char line[8192], *f[16];
	struct bkt_params *p = NULL;
	size_t cap = 0;
	int nf;

	if (fp == NULL)
		die("cannot open %s", path);
	if (fgets(line, sizeof line, fp) == NULL)
		die("%s is empty", path);
	while (fgets(line, sizeof line, fp) != NULL) {
		uint32_t id;

		nf = split_csv(line, f, 16);
		if (nf < 6)
			die("%s: short line", path);
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

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Row-by-row comparison with pyBKT's predictions under pyBKT's params. */
static int
cmd_predict(char **argv)
{
	struct rows data = { 0 }, pred = { 0 };
	struct skills s;
	struct bkt_params *par;
	struct bkt_metrics m;
	double *pc, *kb, *ka, dc = 0, dk = 0, *final, sum = 0;
	size_t i, j, nfinal = 0, mastered = 0, worst = 0;

	data.names = pred.names = intern_new();
	load_csv(argv[0], &data);
	par = load_params(argv[1], data.names);
	load_csv(argv[2], &pred);
	if (data.n != pred.n)
		die("%s: row count differs from the data", argv[2]);
	sort_rows(&data);
	sort_rows(&pred);
	cut_skills(&data, &s);
	pc = xmalloc(data.n * sizeof *pc);
	kb = xmalloc(data.n * sizeof *kb);
	ka = xmalloc(data.n * sizeof *ka);
	final = xmalloc(data.n * sizeof *final);
	for (i = 0; i < s.n; i++) {
		const struct bkt_data *d = &s.data[i];
		size_t base = s.first_row[i];

		for (j = 0; j < d->nseq; j++) {
			size_t a = d->starts[j];
			size_t b = j + 1 < d->nseq ? d->starts[j + 1] : d->n;

			bkt_predict(&par[s.skill[i]], d->correct + a, b - a,
			    pc + base + a, kb + base + a, ka + base + a);
			final[nfinal] = ka[base + b - 1];
			sum += final[nfinal];
			mastered += final[nfinal] >= 0.95;
			nfinal++;
		}
	}
	for (i = 0; i < data.n; i++) {
		const struct row *x = &data.v[i], *y = &pred.v[i];

		if (x->student != y->student || x->skill != y->skill ||
		    x->seq != y->seq || x->correct != y->correct)
			die("%s: rows do not line up with the data", argv[2]);
		if (fabs(pc[i] - y->p_correct) > dc) {
			dc = fabs(pc[i] - y->p_correct);
			worst = i;
		}
		if (fabs(kb[i] - y->p_known_before) > dk)
			dk = fabs(kb[i] - y->p_known_before);
	}
	bkt_evaluate(pc, s.correct, data.n, &m);
	qsort(final, nfinal, sizeof *final, cmp_double);
	printf("rows %zu, skills %zu, sequences %zu\n", data.n, s.n, nfinal);
	printf("max |diff| p_correct %.3g (row %zu), p_known_before %.3g\n",
	    dc, worst, dk);
	printf("with pyBKT's params: loglik %.2f, AUC %.4f, RMSE %.4f, "
	    "accuracy %.4f\n", m.loglik, m.auc, m.rmse, m.accuracy);
	printf("final P(known): mean %.3f, median %.3f, share >= 0.95 %.3f\n",
	    sum / (double)nfinal,
	    nfinal % 2 ? final[nfinal / 2] :
	    (final[nfinal / 2 - 1] + final[nfinal / 2]) / 2,
	    (double)mastered / (double)nfinal);
	free(pc);
	free(kb);
	free(ka);
	free(final);
	free(par);
	free_skills(&s);
	free(data.v);
	free(pred.v);
	intern_free(data.names);
	return dc <= 1e-9 && dk <= 1e-9 ? 0 : 1;
}

/* The golden EM path from prior .5, learn .1, guess .2, slip .1. */
static int
cmd_golden(char **argv, int argc)
{
	struct rows data = { 0 };
	struct skills s;
	struct bkt_params p = { 0.5, 0.1, 0.2, 0.1, 0 }, q;
	uint32_t id;
	size_t i;
	int it, steps = argc > 2 ? atoi(argv[2]) : 8;

	data.names = intern_new();
	load_csv(argv[0], &data);
	sort_rows(&data);
	cut_skills(&data, &s);
	id = intern_find(data.names, argv[1], strlen(argv[1]));
	for (i = 0; i < s.n && s.skill[i] != id; i++)
		;
	if (i == s.n)
		die("no skill %s", argv[1]);
	printf("%s: %zu rows, %zu students\n", argv[1], s.data[i].n,
	    s.data[i].nseq);
	for (it = 0; it <= steps; it++) {
		double ll = bkt_em_step(&s.data[i], &p, NULL, &q);

		printf("%d %.8f %.12f %.12f %.12f %.12f\n", it, ll, p.prior,
		    p.learn, p.guess, p.slip);
		p = q;
	}
	free_skills(&s);
	free(data.v);
	intern_free(data.names);
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Predicts every row of s with fit_of[skill name id]; rows of skills
 * without a fit are left out.  Returns how many rows were predicted and
 * fills pc and y with them. */
static size_t
predict_all(const struct skills *s, struct bkt_params *const *fit_of,
    size_t nfit, double *pc, unsigned char *y)
{
	size_t i, j, m = 0;

	for (i = 0; i < s->n; i++) {
		const struct bkt_data *d = &s->data[i];

		if (s->skill[i] >= nfit || fit_of[s->skill[i]] == NULL)
			continue;
		for (j = 0; j < d->nseq; j++) {
			size_t a = d->starts[j];
			size_t b = j + 1 < d->nseq ? d->starts[j + 1] : d->n;

			bkt_predict(fit_of[s->skill[i]], d->correct + a, b - a,
			    pc + m, NULL, NULL);
			memcpy(y + m, d->correct + a, b - a);
			m += b - a;
		}
	}
	return m;
}

static void
load_any(const char *path, int builder, struct rows *r)
{
	if (builder)
		load_builder(path, r);
	else
		load_csv(path, r);
	sort_rows(r);
}

/*
 * Fits every skill; prints totals, pooled metrics and the fit time, and
 * with --test the metrics on held-out data.  Exits 1 when a --min-*
 * threshold is missed.
 */
static int
cmd_fit(char **argv, int argc)
{
	struct bkt_fit_options o;
	struct rows data = { 0 }, test = { 0 };
	struct skills s, ts;
	struct bkt_fit *fits;
	struct bkt_params **fit_of;
	struct bkt_metrics m, tm;
	double t0, best = HUGE_VAL, ll = 0, work = 0, *pc, *times;
	double min_ll = -HUGE_VAL, min_auc = -1, min_test_auc = -1;
	unsigned char *y;
	const char *test_path = NULL;
	int builder = 0, reps = 1, quiet = 0, rep, ai, bad = 0;
	long iters = 0, conv = 0;
	size_t i, nfit, np;

	bkt_fit_options_default(&o);
	for (ai = 0; ai < argc - 1; ai++) {
		const char *a = argv[ai];

		if (strcmp(a, "--builder") == 0)
			builder = 1;
		else if (strcmp(a, "--forgets") == 0)
			o.fit_forget = 1;
		else if (strcmp(a, "--quiet") == 0)
			quiet = 1;
		else if (ai + 2 >= argc)
			die("option %s needs a value", a);
		else if (strcmp(a, "--restarts") == 0)
			o.restarts = atoi(argv[++ai]);
		else if (strcmp(a, "--reps") == 0)
			reps = atoi(argv[++ai]);
		else if (strcmp(a, "--seed") == 0)
			o.seed = strtoull(argv[++ai], NULL, 10);
		else if (strcmp(a, "--max-guess") == 0)
			o.max_guess = strtod(argv[++ai], NULL);
		else if (strcmp(a, "--max-slip") == 0)
			o.max_slip = strtod(argv[++ai], NULL);
		else if (strcmp(a, "--tol-rel") == 0)
			o.tol_rel = strtod(argv[++ai], NULL);
		else if (strcmp(a, "--tol-abs") == 0)
			o.tol_abs = strtod(argv[++ai], NULL);
		else if (strcmp(a, "--max-iter") == 0)
			o.max_iter = atoi(argv[++ai]);
		else if (strcmp(a, "--test") == 0)
			test_path = argv[++ai];
		else if (strcmp(a, "--min-loglik") == 0)
			min_ll = strtod(argv[++ai], NULL);
		else if (strcmp(a, "--min-auc") == 0)
			min_auc = strtod(argv[++ai], NULL);
		else if (strcmp(a, "--min-test-auc") == 0)
			min_test_auc = strtod(argv[++ai], NULL);
		else
			die("unknown option %s", a);
	}
	if (ai != argc - 1 || reps < 1)
		die("%s", "usage: bkt-tool fit [options] DATA");
	data.names = intern_new();
	load_any(argv[argc - 1], builder, &data);
	cut_skills(&data, &s);
	fits = xmalloc(s.n * sizeof *fits);
	times = xmalloc((size_t)reps * sizeof *times);
	for (rep = 0; rep < reps; rep++) {
		t0 = now();
		for (i = 0; i < s.n; i++) {
			struct pl_err err;
			const char *name = intern_str(data.names, s.skill[i]);
			struct bkt_fit_options oi = o;

			oi.seed = bkt_objective_seed(o.seed, name, strlen(name));
			if (bkt_fit(&s.data[i], &oi, &fits[i], &err) != 0)
				die("%s", err.msg);
		}
		times[rep] = now() - t0;
		if (times[rep] < best)
			best = times[rep];
	}
	qsort(times, (size_t)reps, sizeof *times, cmp_double);
	nfit = intern_count(data.names);
	fit_of = xcalloc(nfit, sizeof *fit_of);
	for (i = 0; i < s.n; i++) {
		ll += fits[i].loglik;
		iters += fits[i].total_iterations;
		/* Each start runs one E-step more than it has M-steps. */
		work += (double)(fits[i].total_iterations + o.restarts) *
		    (double)s.data[i].n;
		conv += fits[i].converged;
		fit_of[s.skill[i]] = &fits[i].params;
		if (!quiet)
			printf("%-50s %6zu %5zu  %.4f %.4f %.4f %.4f %.4f  "
			    "LL %.2f  it %d\n",
			    intern_str(data.names, s.skill[i]), fits[i].rows,
			    fits[i].students, fits[i].params.prior,
			    fits[i].params.learn, fits[i].params.guess,
			    fits[i].params.slip, fits[i].params.forget,
			    fits[i].loglik, fits[i].iterations);
	}
	pc = xmalloc(data.n * sizeof *pc);
	y = xmalloc(data.n);
	np = predict_all(&s, fit_of, nfit, pc, y);
	bkt_evaluate(pc, y, np, &m);
	printf("%s: %zu rows, %zu skills, restarts %d, seed %llu, "
	    "bounds guess <= %g slip <= %g%s\n", argv[argc - 1], data.n, s.n,
	    o.restarts, (unsigned long long)o.seed, o.max_guess, o.max_slip,
	    o.fit_forget ? ", forgets fitted" : "");
	printf("  train: total loglik %.2f, AUC %.4f, RMSE %.4f, accuracy "
	    "%.4f\n", ll, m.auc, m.rmse, m.accuracy);
	printf("  EM steps %ld in all (%.1f per start), %ld of %zu skills "
	    "converged\n", iters, (double)iters / (double)(s.n *
	    (size_t)o.restarts), conv, s.n);
	printf("  fit time over %d run(s): min %.4f s, median %.4f s "
	    "(%.2f ns per response per E-step)\n", reps, best,
	    times[reps / 2], best * 1e9 / work);
	if (ll < min_ll) {
		printf("  FAIL: total loglik %.2f below %.2f\n", ll, min_ll);
		bad = 1;
	}
	if (m.auc < min_auc) {
		printf("  FAIL: AUC %.4f below %.4f\n", m.auc, min_auc);
		bad = 1;
	}
	if (test_path != NULL) {
		test.names = data.names;
		load_any(test_path, builder, &test);
		cut_skills(&test, &ts);
		free(pc);
		free(y);
		pc = xmalloc(test.n * sizeof *pc);
		y = xmalloc(test.n);
		np = predict_all(&ts, fit_of, nfit, pc, y);
		bkt_evaluate(pc, y, np, &tm);
		printf("  test %s: %zu rows (%zu of skills not in training "
		    "left out), loglik %.2f, AUC %.4f, RMSE %.4f\n", test_path,
		    np, test.n - np, tm.loglik, tm.auc, tm.rmse);
		if (tm.auc < min_test_auc) {
			printf("  FAIL: test AUC %.4f below %.4f\n", tm.auc,
			    min_test_auc);
			bad = 1;
		}
		free_skills(&ts);
		free(test.v);
	}
	free(pc);
	free(y);
	free(fit_of);
	free(times);
	free(fits);
	free_skills(&s);
	free(data.v);
	intern_free(data.names);
	return bad;
}

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
 * Simulated learners: STUDENTS x OBJECTIVES x ATTEMPTS with parameters
 * drawn as the research's simulator draws them; prints recovery and the
 * fit time.
 */
static int
cmd_sim(char **argv)
{
	size_t students = strtoul(argv[0], NULL, 10);
	size_t objectives = strtoul(argv[1], NULL, 10);
	size_t attempts = strtoul(argv[2], NULL, 10);
	uint64_t rng = strtoull(argv[3], NULL, 10);
	size_t n = students * attempts, i, t, j;
	unsigned char *x = xmalloc(n ? n : 1);
	size_t *starts = xmalloc((students ? students : 1) * sizeof *starts);
	struct bkt_data d = { x, n, starts, students };
	struct bkt_fit_options o;
	double fit_time = 0, err[4] = { 0 }, maxerr[4] = { 0 };

	bkt_fit_options_default(&o);
	printf("simulated %zu students x %zu objectives x %zu attempts, "
	    "seed %s\n", students, objectives, attempts, argv[3]);
	for (j = 0; j < objectives; j++) {
		struct bkt_params p, *q;
		struct bkt_fit fit;
		struct pl_err e;
		double t0, ev[4];
		int v;

		p.prior = sim_uniform(&rng, 0.10, 0.60);
		p.learn = sim_uniform(&rng, 0.05, 0.30);
		p.guess = sim_uniform(&rng, 0.10, 0.30);
		p.slip = sim_uniform(&rng, 0.05, 0.15);
		p.forget = 0;
		for (i = 0; i < students; i++) {
			int known = sim_uniform(&rng, 0, 1) < p.prior;

			starts[i] = i * attempts;
			for (t = 0; t < attempts; t++) {
				double r = sim_uniform(&rng, 0, 1);

				x[i * attempts + t] = known ? r >= p.slip :
				    r < p.guess;
				if (!known)
					known = sim_uniform(&rng, 0, 1) <
					    p.learn;
			}
		}
		t0 = now();
		o.seed = j + 1;
		if (bkt_fit(&d, &o, &fit, &e) != 0)
			die("%s", e.msg);
		fit_time += now() - t0;
		q = &fit.params;
		ev[0] = fabs(q->prior - p.prior);
		ev[1] = fabs(q->learn - p.learn);
		ev[2] = fabs(q->guess - p.guess);
		ev[3] = fabs(q->slip - p.slip);
		for (v = 0; v < 4; v++) {
			err[v] += ev[v];
			if (ev[v] > maxerr[v])
				maxerr[v] = ev[v];
		}
		printf("  obj%02zu prior %.3f -> %.3f, learn %.3f -> %.3f, "
		    "guess %.3f -> %.3f, slip %.3f -> %.3f; LL true %.2f, "
		    "fit %.2f, %d steps\n", j + 1, p.prior, q->prior, p.learn,
		    q->learn, p.guess, q->guess, p.slip, q->slip,
		    bkt_loglik(&p, &d), fit.loglik, fit.total_iterations);
	}
	printf("  mean abs error prior %.4f learn %.4f guess %.4f slip %.4f\n",
	    err[0] / (double)objectives, err[1] / (double)objectives,
	    err[2] / (double)objectives, err[3] / (double)objectives);
	printf("  max abs error  prior %.4f learn %.4f guess %.4f slip %.4f\n",
	    maxerr[0], maxerr[1], maxerr[2], maxerr[3]);
	printf("  fit time %.4f s\n", fit_time);
	free(x);
	free(starts);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "predict") == 0)
		return cmd_predict(argv + 2);
	if (argc >= 4 && strcmp(argv[1], "golden") == 0)
		return cmd_golden(argv + 2, argc - 2);
	if (argc >= 3 && strcmp(argv[1], "fit") == 0)
		return cmd_fit(argv + 2, argc - 2);
	if (argc == 6 && strcmp(argv[1], "sim") == 0)
		return cmd_sim(argv + 2);
	fprintf(stderr, "usage: bkt-tool predict DATA PARAMS PREDICTIONS\n"
	    "       bkt-tool golden DATA SKILL [STEPS]\n"
	    "       bkt-tool fit [--builder] [--restarts N] [--seed N] "
	    "[--max-guess G] [--max-slip S] [--forgets] [--reps N]\n"
	    "           [--test FILE] [--min-loglik X] [--min-auc X] "
	    "[--min-test-auc X] DATA\n"
	    "       bkt-tool sim STUDENTS OBJECTIVES ATTEMPTS SEED\n");
	return 2;
}
