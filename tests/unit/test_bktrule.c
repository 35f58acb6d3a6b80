#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bktrule.h"
#include "date.h"
#include "mastery.h"
#include "progress.h"
#include "table.h"
#include "testutil.h"

/*
 * The parameters of pl-progress(1)'s "Reading P(known)": guess, slip and
 * learn all 0.1, prior 0.3.  Two correct answers carry a student from 0.3
 * to 0.98 (0.8147 after the first), two wrong ones after them bring it
 * back to 0.44.
 */
static const struct bkt_params MAN = { 0.3, 0.1, 0.1, 0.1, 0 };

static int32_t
D(const char *s)
{
	int32_t d = 0;

	cr_assert_eq(date_parse(s, strlen(s), 0, &d), 0, "bad test date %s", s);
	return d;
}

/* A score on date s: points of max, correct 1, 0 or -1 (from the score). */
static struct store_obs
ob(const char *s, double points, double max, int correct)
{
	struct store_obs o;

	memset(&o, 0, sizeof o);
	o.date = D(s);
	o.points = points;
	o.max = max;
	o.weight = 1;
	o.correct = (int8_t)correct;
	return o;
}

static struct bktrule_opts
opts(double correct_at, double threshold)
{
	struct bktrule_opts o;

	memset(&o, 0, sizeof o);
	o.correct_at = correct_at;
	o.threshold = threshold;
	bkt_fit_options_default(&o.fit);
	return o;
}

/* A rule with objective "A" holding MAN (and "F", MAN with forget 0.2). */
static struct bktrule *
man_rule(double correct_at, double threshold, int min_evidence)
{
	struct bktrule_opts o = opts(correct_at, threshold);
	struct mastery_scale sc;
	struct bktrule *b;
	struct pl_err err;
	char *path;

	mastery_scale_default(&sc);
	b = bktrule_new(&o, &sc, min_evidence);
	path = test_temp_file("bktrule",
	    "objective_id,prior,learn,guess,slip,forget\n"
	    "A,0.3,0.1,0.1,0.1,\n"
	    "F,0.3,0.1,0.1,0.1,0.2\n");
	cr_assert_eq(bktrule_load(b, path, NULL, &err), 0, "%s", err.msg);
	unlink(path);
	free(path);
	return b;
}

static struct mastery_result
apply(struct bktrule *b, const char *objective, const struct store_obs *obs,
    size_t n)
{
	struct mastery_rule rule = { MASTERY_BKT, 0, 0, 0, 0 };
	struct mastery_result r;
	struct pl_err err;

	memset(&r, 0, sizeof r);
	cr_assert_eq(bktrule_apply(b, "S1", objective, &rule, obs, n, &r,
	    &err), 0, "%s", err.msg);
	return r;
}

/* P(known) after responses y[0..n) under p, straight from lib/bkt. */
static double
trace(const struct bkt_params *p, const unsigned char *y, size_t n)
{
	return bkt_trace(p, y, n, 2, NULL);
}

Test(bktrule, score_is_p_known_as_the_manual_reads_it)
{
	struct bktrule *b = man_rule(0.5, 0.95, 1);
	struct store_obs o[4] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-02", 1, 1, -1),
		ob("2026-09-03", 0, 1, -1), ob("2026-09-04", 0, 1, -1),
	};
	static const unsigned char y[4] = { 1, 1, 0, 0 };
	struct mastery_result r;

	r = apply(b, "A", o, 1);
	cr_assert(r.has_score);
	cr_assert_float_eq(r.score, 0.8147, 1e-4);
	cr_assert_not(r.mastered);

	r = apply(b, "A", o, 2);
	cr_assert_float_eq(r.score, trace(&MAN, y, 2), 1e-15);
	cr_assert_float_eq(r.score, 0.98, 0.005);
	cr_assert(r.mastered);
	cr_assert_eq(r.level, 3, "advanced stays advanced: %d", r.level);
	cr_assert_eq(r.mastered_on, D("2026-09-02"));

	/* Mastery taken away: no longer mastered, mastered_on kept. */
	r = apply(b, "A", o, 4);
	cr_assert_float_eq(r.score, trace(&MAN, y, 4), 1e-15);
	cr_assert_float_eq(r.score, 0.44, 0.005);
	cr_assert_not(r.mastered);
	cr_assert_eq(r.level, 0);
	cr_assert_eq(r.mastered_on, D("2026-09-02"));

	/* No response: no score, not_yet, never mastered. */
	r = apply(b, "A", o, 0);
	cr_assert_not(r.has_score);
	cr_assert_not(r.mastered);
	cr_assert_eq(r.level, MASTERY_NOT_YET);
	cr_assert_eq(r.mastered_on, DATE_NONE);
	bktrule_free(b);
}

Test(bktrule, mastered_by_the_threshold_not_the_scale)
{
	struct store_obs o[2] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-02", 1, 1, -1),
	};
	struct bktrule *b = man_rule(0.5, 0.99, 1);
	struct mastery_result r;

	/* 0.978 is advanced on the scale, but under the 0.99 threshold:
	 * held just below proficient. */
	r = apply(b, "A", o, 2);
	cr_assert_float_eq(r.score, 0.978, 0.001);
	cr_assert_not(r.mastered);
	cr_assert_eq(r.level, 1, "level %d", r.level);
	cr_assert_eq(r.mastered_on, DATE_NONE);
	bktrule_free(b);

	/* 0.8147 with the threshold at 0.8: mastered at proficient. */
	b = man_rule(0.5, 0.8, 1);
	r = apply(b, "A", o, 1);
	cr_assert(r.mastered);
	cr_assert_eq(r.level, 2);
	cr_assert_eq(r.mastered_on, D("2026-09-01"));
	bktrule_free(b);
}

Test(bktrule, level_raised_to_mastery_when_mastered_low)
{
	/* guess = 1 - slip: responses tell nothing, P(known) stays 0.55
	 * (developing on the default scale). */
	struct bktrule_opts o = opts(0.5, 0.5);
	struct mastery_scale sc;
	struct bktrule *b;
	struct store_obs obs[2] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-02", 0, 1, -1),
	};
	struct mastery_result r;
	struct pl_err err;
	char *path;

	mastery_scale_default(&sc);
	path = test_temp_file("bktrule", "objective_id,prior,learn,guess,slip\n"
	    "flat,0.55,0,0.5,0.5\n");
	b = bktrule_new(&o, &sc, 1);
	cr_assert_eq(bktrule_load(b, path, NULL, &err), 0, "%s", err.msg);
	r = apply(b, "flat", obs, 2);
	cr_assert_float_eq(r.score, 0.55, 1e-12);
	cr_assert(r.mastered);
	cr_assert_eq(r.level, sc.mastery_level, "level %d", r.level);
	bktrule_free(b);

	/* The same score under a 0.6 threshold: developing, as the scale
	 * says. */
	o.threshold = 0.6;
	b = bktrule_new(&o, &sc, 1);
	cr_assert_eq(bktrule_load(b, path, NULL, &err), 0, "%s", err.msg);
	r = apply(b, "flat", obs, 2);
	cr_assert_not(r.mastered);
	cr_assert_eq(r.level, 1);
	bktrule_free(b);
	unlink(path);
	free(path);
}

Test(bktrule, mastered_on_read_at_the_end_of_a_date)
{
	struct bktrule *b = man_rule(0.5, 0.95, 1);
	/* 0.978 after the second answer of 09-01, but its third answer,
	 * wrong, leaves the day at 0.847; 09-02 brings it to 0.98. */
	struct store_obs day[4] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-01", 1, 1, -1),
		ob("2026-09-01", 0, 1, -1), ob("2026-09-02", 1, 1, -1),
	};
	/* The same answers with the wrong one on the next day. */
	struct store_obs next[4] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-01", 1, 1, -1),
		ob("2026-09-02", 0, 1, -1), ob("2026-09-02", 1, 1, -1),
	};
	struct mastery_result r;

	r = apply(b, "A", day, 4);
	cr_assert(r.mastered);
	cr_assert_eq(r.mastered_on, D("2026-09-02"));
	r = apply(b, "A", next, 4);
	cr_assert(r.mastered);
	cr_assert_eq(r.mastered_on, D("2026-09-01"));
	bktrule_free(b);
}

Test(bktrule, min_evidence_holds_level_and_mastered_on)
{
	struct bktrule *b = man_rule(0.5, 0.95, 3);
	struct store_obs o[3] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-02", 1, 1, -1),
		ob("2026-09-03", 1, 1, -1),
	};
	struct mastery_result r;

	/* Two answers reach 0.978, but three are asked for. */
	r = apply(b, "A", o, 2);
	cr_assert(r.has_score);
	cr_assert_float_eq(r.score, 0.978, 0.001);
	cr_assert_not(r.mastered);
	cr_assert_eq(r.level, MASTERY_NOT_YET);
	cr_assert_eq(r.mastered_on, DATE_NONE);

	/* The third: mastered on its date, not on the second's. */
	r = apply(b, "A", o, 3);
	cr_assert(r.mastered);
	cr_assert_eq(r.level, 3);
	cr_assert_eq(r.mastered_on, D("2026-09-03"));
	bktrule_free(b);
}

/* One response, and whether the rule took it as correct. */
struct correct_case {
	double correct_at;
	double points, max;
	int correct;		/* the evidence's correct column */
	int expect;
};

static const struct correct_case CORRECT[] = {
	{ 0.5, 3, 5, -1, 1 },		/* 0.6 >= 0.5 */
	{ 0.7, 3, 5, -1, 0 },		/* 0.6 < 0.7 */
	{ 0.5, 1, 2, -1, 1 },		/* on the cut */
	{ 0.75, 3, 4, -1, 1 },		/* on the cut */
	{ 0.5, 5, 5, 0, 0 },		/* the column wins over the score */
	{ 0.5, 0, 5, 1, 1 },
	{ 0.9, 4, 5, 1, 1 },
};

Test(bktrule, correct_at_and_the_correct_column)
{
	size_t i;

	for (i = 0; i < sizeof CORRECT / sizeof CORRECT[0]; i++) {
		const struct correct_case *c = &CORRECT[i];
		struct bktrule *b = man_rule(c->correct_at, 0.95, 1);
		struct store_obs o = ob("2026-09-01", c->points, c->max,
		    c->correct);
		unsigned char y = (unsigned char)c->expect;
		struct mastery_result r = apply(b, "A", &o, 1);

		cr_assert_float_eq(r.score, trace(&MAN, &y, 1), 1e-15,
		    "case %zu: score %g, expected %s", i, r.score,
		    c->expect ? "correct" : "incorrect");
		bktrule_free(b);
	}
}

Test(bktrule, forget_column_optional_and_applied)
{
	struct bktrule *b = man_rule(0.5, 0.95, 1);
	struct bkt_params forget = MAN;
	struct store_obs o[3] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-02", 1, 1, -1),
		ob("2026-09-03", 0, 1, -1),
	};
	static const unsigned char y[3] = { 1, 1, 0 };
	struct mastery_result a, f;

	forget.forget = 0.2;
	a = apply(b, "A", o, 3);
	f = apply(b, "F", o, 3);
	cr_assert_float_eq(a.score, trace(&MAN, y, 3), 1e-15);
	cr_assert_float_eq(f.score, trace(&forget, y, 3), 1e-15);
	cr_assert_gt(a.score - f.score, 0.05);
	bktrule_free(b);
}

Test(bktrule, objective_without_parameters)
{
	struct bktrule *b = man_rule(0.5, 0.95, 1);
	struct mastery_rule rule = { MASTERY_BKT, 0, 0, 0, 0 };
	struct store_obs o = ob("2026-09-01", 1, 1, -1);
	struct mastery_result r;
	struct pl_err err;

	memset(&err, 0, sizeof err);
	cr_assert_eq(bktrule_apply(b, "S1", "B", &rule, &o, 1, &r, &err), -1);
	cr_assert_eq(err.status, PL_EXIT_DATA);
	cr_assert_str_eq(err.msg, "no BKT parameters for objective \"B\" "
	    "(add it to --bkt-params)");
	rule.fit = 1;
	cr_assert_eq(bktrule_apply(b, "S1", "B", &rule, &o, 1, &r, &err), -1);
	cr_assert_str_eq(err.msg, "no BKT parameters for objective \"B\" "
	    "(it has no responses)");
	bktrule_free(b);
}

Test(bktrule, load_ignores_extra_columns_and_their_order)
{
	struct bktrule_opts o = opts(0.5, 0.95);
	struct mastery_scale sc;
	struct bktrule *b;
	struct pl_err err;
	struct store_obs obs[2] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-02", 0, 1, -1),
	};
	static const unsigned char y[2] = { 1, 0 };
	const struct bkt_params want = { 0.2, 0.15, 0.25, 0.05, 0 };
	struct mastery_result r;
	char *path;

	mastery_scale_default(&sc);
	/* As --bkt-params-out writes it, columns moved, blanks around. */
	path = test_temp_file("bktrule",
	    "slip,loglik,objective_id,guess,prior,learn,rows\n"
	    "0.05,-12.5, A ,0.25, 0.2 ,0.15,10\n");
	b = bktrule_new(&o, &sc, 1);
	cr_assert_eq(bktrule_load(b, path, NULL, &err), 0, "%s", err.msg);
	r = apply(b, "A", obs, 2);
	cr_assert_float_eq(r.score, trace(&want, y, 2), 1e-15);
	/* Loaded, not fitted: nothing for --bkt-params-out. */
	cr_assert_eq(bktrule_fitted(b), 0);
	bktrule_free(b);
	unlink(path);
	free(path);
}

/* A parameters file that must be refused. */
struct bad_case {
	const char *text;
	long line;
	int status;
	const char *msg;	/* a part of the message */
};

static const struct bad_case BAD[] = {
	{ "objective_id,prior,learn,guess,slip\nA,0.3,0.1,0.1,0.1\n"
	  "B,0.3,x,0.1,0.1\n", 3, PL_EXIT_DATA,
	  "learn \"x\" is not a number" },
	{ "objective_id,prior,learn,guess,slip\nA,0.3,0.1,0.1,0.1\n"
	  "A,0.3,0.1,0.1,0.1\n", 3, PL_EXIT_DATA,
	  "duplicate objective_id \"A\"" },
	{ "objective_id,prior,learn,guess,slip\n  ,0.3,0.1,0.1,0.1\n", 2,
	  PL_EXIT_DATA, "empty objective_id" },
	{ "objective_id,prior,learn,guess,slip\nA,1.5,0.1,0.1,0.1\n", 2,
	  PL_EXIT_DATA, "prior" },
	{ "objective_id,prior,learn,guess,slip\nA,0.3,0.1,0.1,\n", 2,
	  PL_EXIT_DATA, "slip \"\" is not a number" },
	{ "objective_id,prior,learn,guess,slip,forget\nA,0.3,0.1,0.1,0.1,"
	  "often\n", 2, PL_EXIT_DATA, "forget \"often\" is not a number" },
	/* The line where the bad record starts, after a record of two. */
	{ "objective_id,prior,learn,guess,slip,note\n"
	  "A,0.3,0.1,0.1,0.1,\"two\nlines\"\nB,0.3,0.1,-0.1,0.1,\n", 4,
	  PL_EXIT_DATA, "guess" },
	{ "objective_id,prior,learn,guess\nA,0.3,0.1,0.1\n", 0,
	  PL_EXIT_USAGE, "missing required column \"slip\"" },
};

Test(bktrule, load_refuses_bad_rows_naming_the_line)
{
	struct bktrule_opts o = opts(0.5, 0.95);
	struct mastery_scale sc;
	size_t i;

	mastery_scale_default(&sc);
	for (i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
		struct bktrule *b = bktrule_new(&o, &sc, 1);
		struct pl_err err;
		char *path;

		memset(&err, 0, sizeof err);
		path = test_temp_file("bktrule", BAD[i].text);
		cr_assert_eq(bktrule_load(b, path, NULL, &err), -1,
		    "case %zu loaded", i);
		cr_assert_eq(err.status, BAD[i].status, "case %zu: status %d",
		    i, err.status);
		cr_assert_str_eq(err.file, path, "case %zu", i);
		cr_assert_eq(err.line, BAD[i].line, "case %zu: line %ld (%s)",
		    i, err.line, err.msg);
		cr_assert_not_null(strstr(err.msg, BAD[i].msg),
		    "case %zu: %s", i, err.msg);
		unlink(path);
	free(path);
		bktrule_free(b);
	}
}

Test(bktrule, load_names_a_missing_file)
{
	struct bktrule_opts o = opts(0.5, 0.95);
	struct mastery_scale sc;
	struct bktrule *b;
	struct pl_err err;

	mastery_scale_default(&sc);
	b = bktrule_new(&o, &sc, 1);
	cr_assert_eq(bktrule_load(b, "/nonexistent/p.csv", NULL, &err), -1);
	cr_assert_eq(err.status, PL_EXIT_DATA);
	cr_assert_str_eq(err.file, "/nonexistent/p.csv");
	cr_assert_not_null(strstr(err.msg, "cannot open"), "%s", err.msg);
	bktrule_free(b);
}

/* What the progress sink saw: each student's score on "frac". */
struct seen {
	char student[8][8];
	double score[8];
	int mastered[8];
	size_t n;
};

static int
keep(void *arg, const struct progress *p, const struct progress_student *s,
    struct pl_err *err)
{
	struct seen *sn = arg;
	size_t i;

	(void)err;
	for (i = 0; i < s->n; i++) {
		if (strcmp(progress_objective_id(p, s->items[i].objective),
		    "frac") != 0 || sn->n == 8)
			continue;
		snprintf(sn->student[sn->n], sizeof sn->student[0], "%s",
		    s->id);
		sn->score[sn->n] = s->items[i].r.score;
		sn->mastered[sn->n] = s->items[i].r.mastered;
		sn->n++;
	}
	return 0;
}

/*
 * bkt:fit on four students: prepare fits "frac" from every response, in
 * student order, with the objective's own seed, as lib/bkt does for the
 * same data; the rule then applies the fitted parameters, and
 * --bkt-params-out writes them with the rows and students.
 */
Test(bktrule, prepare_fits_and_apply_uses_the_fit)
{
	static const char ev[] =
	    "student_id,objective_id,date,score,max_score\n"
	    "s2,frac,2026-09-01,0,1\n"
	    "s1,frac,2026-09-01,1,1\n"
	    "s1,frac,2026-09-02,1,1\n"
	    "s2,frac,2026-09-02,1,1\n"
	    "s3,frac,2026-09-01,0,1\n"
	    "s1,frac,2026-09-03,1,1\n"
	    "s3,frac,2026-09-02,0,1\n"
	    "s4,frac,2026-09-01,1,1\n"
	    "s2,frac,2026-09-03,1,1\n"
	    "s3,frac,2026-09-03,1,1\n"
	    "s4,frac,2026-09-02,0,1\n"
	    "s4,frac,2026-09-03,1,1\n";
	/* The same responses, per student in id order, by date. */
	static const unsigned char y[12] = { 1, 1, 1, 0, 1, 1, 0, 0, 1, 1,
	    0, 1 };
	static const size_t starts[4] = { 0, 3, 6, 9 };
	const struct bkt_data data = { y, 12, starts, 4 };
	struct bktrule_opts bo = opts(0.5, 0.95);
	struct progress_opts po;
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct bkt_fit_options fo;
	struct bkt_fit want;
	struct bktrule *b;
	struct progress *p;
	struct table *t;
	struct seen sn;
	struct pl_err err;
	FILE *in, *out;
	char *text = NULL, line[512];
	size_t len = 0, i;
	struct table_writer *w;

	memset(&po, 0, sizeof po);
	memset(&objs, 0, sizeof objs);
	memset(&roster, 0, sizeof roster);
	memset(&sn, 0, sizeof sn);
	po.rule.kind = MASTERY_BKT;
	po.rule.fit = 1;
	mastery_scale_default(&po.scale);
	po.min_evidence = 1;
	po.as_of = D("2030-01-01");
	po.ev.fixed_date = DATE_NONE;
	bo.fit.restarts = 2;
	bo.threads = 1;
	b = bktrule_new(&bo, &po.scale, 1);
	po.bkt = bktrule_apply;
	po.prepare = bktrule_prepare;
	po.bkt_arg = b;
	p = progress_new(&po, &objs, &roster, keep, &sn, &err);
	cr_assert_not_null(p, "%s", err.msg);
	in = fmemopen((void *)ev, sizeof ev - 1, "r");
	t = table_open(in, "ev.csv", NULL, &err);
	cr_assert_not_null(t, "%s", err.msg);
	cr_assert_eq(progress_read(p, t, NULL, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(progress_finish(p, &err), 0, "%s", err.msg);
	table_close(t);
	fclose(in);

	fo = bo.fit;
	fo.seed = bkt_objective_seed(bo.fit.seed, "frac", 4);
	cr_assert_eq(bkt_fit(&data, &fo, &want, &err), 0, "%s", err.msg);
	cr_assert_eq(bktrule_fitted(b), 1);
	cr_assert_eq(sn.n, 4);
	for (i = 0; i < 4; i++) {
		char id[8];

		snprintf(id, sizeof id, "s%zu", i + 1);
		cr_assert_str_eq(sn.student[i], id);
		cr_assert_float_eq(sn.score[i], bkt_trace(&want.params,
		    y + starts[i], 3, 2, NULL), 1e-12, "%s", id);
	}

	out = open_memstream(&text, &len);
	w = table_writer_new(out, ',', 0);
	bktrule_write_params(b, w);
	table_writer_free(w);
	fclose(out);
	snprintf(line, sizeof line, "frac,%.12g,%.12g,%.12g,%.12g,%.12g,"
	    "%.6f,12,4,%d,%s\n", want.params.prior, want.params.learn,
	    want.params.guess, want.params.slip, want.params.forget,
	    want.loglik, want.iterations, want.converged ? "yes" : "no");
	cr_assert_not_null(strstr(text, "objective_id,prior,learn,guess,slip,"
	    "forget,loglik,rows,students,iterations,converged\n"), "%s", text);
	cr_assert_not_null(strstr(text, line), "got:\n%swanted:\n%s", text,
	    line);
	free(text);
	progress_free(p);
	bktrule_free(b);
}

/* --predict writes one row per response, 12 significant digits. */
Test(bktrule, predict_rows_and_metrics)
{
	struct bktrule_opts o = opts(0.5, 0.95);
	struct mastery_scale sc;
	struct mastery_rule rule = { MASTERY_BKT, 0, 0, 0, 0 };
	struct mastery_result r;
	struct bkt_metrics m;
	struct bktrule *b;
	struct pl_err err;
	struct store_obs obs[2] = {
		ob("2026-09-01", 1, 1, -1), ob("2026-09-02", 0, 1, -1),
	};
	struct table_writer *w;
	char *text = NULL, *path;
	size_t len = 0;
	FILE *out;

	obs[1].seq = 2;
	mastery_scale_default(&sc);
	o.eval = 1;
	o.predict = 1;
	b = bktrule_new(&o, &sc, 1);
	path = test_temp_file("bktrule",
	    "objective_id,prior,learn,guess,slip\nA,0.3,0.1,0.1,0.1\n");
	cr_assert_eq(bktrule_load(b, path, NULL, &err), 0, "%s", err.msg);
	unlink(path);
	free(path);
	out = open_memstream(&text, &len);
	w = table_writer_new(out, ',', 0);
	bktrule_predict_to(b, w);
	cr_assert_eq(bktrule_apply(b, "S1", "A", &rule, obs, 2, &r, &err), 0);
	table_writer_free(w);
	fclose(out);
	/* p_correct = 0.3 * 0.9 + 0.7 * 0.1 = 0.34; after a correct answer
	 * 0.27 / 0.34 learns to 0.814705882353; a wrong answer then gives
	 * 0.0814705882353 / (0.0814705882353 + 0.185294117647 * 0.9),
	 * which learns to 0.395379146919. */
	cr_assert_str_eq(text,
	    "student_id,objective_id,date,seq,correct,p_correct,"
	    "p_known_before,p_known_after\n"
	    "S1,A,2026-09-01,0,yes,0.34,0.3,0.814705882353\n"
	    "S1,A,2026-09-02,2,no,0.751764705882,0.814705882353,"
	    "0.395379146919\n");
	bktrule_metrics(b, &m);
	cr_assert_eq(m.n, 2);
	cr_assert_float_eq(m.loglik, log(0.34) + log(1 - 0.751764705882),
	    1e-9);
	free(text);
	bktrule_free(b);
}
