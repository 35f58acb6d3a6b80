#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "mastery.h"

#define MAXOBS 32
#define END (-1e300)	/* ends a list of scores */

static struct mastery_rule
rule(const char *text)
{
	struct mastery_rule r;
	struct pl_err err;

	pl_err_clear(&err);
	cr_assert_eq(mastery_rule_parse(text, &r, &err), 0, "%s: %s", text,
	    err.msg);
	return r;
}

/* The scale text (NULL: the default), its mastery level named by mastery
 * when not NULL. */
static void
scale(const char *text, const char *mastery, struct mastery_scale *sc)
{
	struct pl_err err;

	pl_err_clear(&err);
	if (text == NULL)
		mastery_scale_default(sc);
	else
		cr_assert_eq(mastery_scale_parse(text, sc, &err), 0, "%s",
		    text);
	if (mastery != NULL)
		cr_assert_eq(mastery_scale_set_mastery(sc, mastery, &err), 0);
}

static size_t
fill(struct mastery_obs *obs, double max, const double *pts)
{
	size_t n = 0;

	while (pts[n] != END) {
		cr_assert(n < MAXOBS);
		obs[n].date = 100 + (int32_t)n;
		obs[n].points = pts[n];
		obs[n].max = max;
		obs[n].weight = 1;
		n++;
	}
	return n;
}

/*
 * A rule over scores of one max, on the default scale: has_score and the
 * score on the point scale (the rule's rounded result).
 */
struct vector {
	const char *rule;
	double max;
	double pts[MAXOBS];
	int has;
	double expect;		/* points */
};

static void
check_vectors(const struct vector *v, size_t nv)
{
	struct mastery_obs obs[MAXOBS];
	struct mastery_scale sc;
	struct mastery_result res;
	size_t i, n;

	mastery_scale_default(&sc);
	for (i = 0; i < nv; i++) {
		struct mastery_rule r = rule(v[i].rule);

		n = fill(obs, v[i].max, v[i].pts);
		cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &res), 0);
		cr_expect_eq(res.has_score, v[i].has, "row %zu (%s): has_score %d",
		    i, v[i].rule, res.has_score);
		if (v[i].has && res.has_score)
			cr_expect(fabs(res.score * v[i].max - v[i].expect) < 1e-9,
			    "row %zu (%s): got %.10g points, want %g", i,
			    v[i].rule, res.score * v[i].max, v[i].expect);
		if (!res.has_score)
			cr_expect_eq(res.level, MASTERY_NOT_YET, "row %zu", i);
	}
}

/* research/mastery-anchors.md 1.4: Canvas specs and UI examples. */
static const struct vector CANVAS[] = {
	{"weighted:75", 5, {3, 1, 5, 4, END}, 1, 3.75},
	{"weighted:65", 5, {2, 3, END}, 1, 2.65},
	{"weighted:65", 5, {2, 3, 4, END}, 1, 3.48},
	{"weighted:65", 5, {2.123, END}, 1, 2.12},
	{"weighted:65", 5, {5, 4, END}, 1, 4.35},
	{"weighted:65", 5, {3, 2, END}, 1, 2.35},
	{"decaying:65", 5, {2, 3, 4, END}, 1, 3.53},
	/* 2,3,nil,4: the nil never reaches the rule. */
	{"decaying", 5, {2, 3, 4, END}, 1, 3.53},
	{"n-times:3", 4, {4, 5, 1, 3, 2, 3, END}, 1, 3.75},
	{"n-times:3", 4, {3, 1, END}, 0, 0},
	{"n-times:3", 4, {3, 1, 2, END}, 0, 0},
	{"n-times:1", 4, {1, 2, END}, 0, 0},
	{"n-times:1", 4, {1, 2, 3, END}, 1, 3.0},
	{"n-times:1", 4, {1, 2, 3, 4, END}, 1, 3.5},
	{"n-times:3", 4, {3, 4, 3, END}, 1, 3.33},
	/* latest: untimed 4 sorts first, then 1 (t-1d), then 3 (t). */
	{"recent", 4, {4, 1, 3, END}, 1, 3.0},
	{"latest", 4, {4, 1, 3, END}, 1, 3.0},
	{"highest", 4, {3, 1, END}, 1, 3.0},
	{"weighted:0.65", 10,
	    {1, 4, 2, 3, 5, 3, 6, 1, 4, 2, 3, 5, 3, 6, END}, 1, 5.03},
	{"decaying:0.65", 10, {1, 4, 2, 3, 5, 3, 6, END}, 1, 5.10},
	{"mean", 10, {1, 4, 2, 3, 5, 3, 6, END}, 1, 3.43},
	{"average", 10, {1, 4, 2, 3, 5, 3, 6, END}, 1, 3.43},
};

Test(mastery, canvas_vectors)
{
	check_vectors(CANVAS, sizeof CANVAS / sizeof CANVAS[0]);
}

/*
 * Results that are a decimal tie on paper but not in binary, computed as
 * Canvas's rollup_score.rb computes them (weights 0.01 * k and
 * 0.01 * (100 - k), Ruby's compensated Array#sum) and rounded as Ruby's
 * Float#round rounds them.  The Canvas values were worked with a
 * transcription of that code (doubles as Ruby's Floats).
 */
static const struct vector CANVAS_BINARY[] = {
	/* 0.65 * 3.8 + 0.35 * 1.5 = 2.995 on paper, 2.9949999999999997 in
	 * Ruby: Canvas shows 2.99, below mastery (3). */
	{"weighted:65", 4, {2.5, 0.5, 3.8, END}, 1, 2.99},
	{"decaying:65", 4, {1.5, 3.8, END}, 1, 2.99},
	{"decaying:65", 4, {1.4, 0.1, END}, 1, 0.55},
	{"weighted:65", 4, {0.6, 1.9, END}, 1, 1.44},
	{"weighted:65", 10, {3.9, 2.8, END}, 1, 3.18},
	/* 0.01 * 35 is 0.35000000000000003, not 1 - 0.65: 1.25, not 1.24 */
	{"decaying:65", 4, {0.4, 1.7, END}, 1, 1.25},
	/* the compensated sum: 1.79 and 2.72, where a plain sum gives
	 * 1.78 and 2.73 */
	{"weighted:65", 4, {3.8, 2.9, 0.8, 1.4, END}, 1, 1.79},
	{"mean", 4, {2.8, 3.3, 1.9, 2.9, END}, 1, 2.72},
};

Test(mastery, canvas_arithmetic_and_rounding)
{
	check_vectors(CANVAS_BINARY,
	    sizeof CANVAS_BINARY / sizeof CANVAS_BINARY[0]);
}

/* JumpRope's published power-law table, Mastery Connect's decay example. */
static const struct vector PUBLISHED[] = {
	{"power-law", 4, {1, 2, 3, 4, END}, 1, 4.00},
	{"power-law", 4, {1, 3, 2, 4, END}, 1, 3.66},
	{"power-law", 4, {2, 4, 1, 3, END}, 1, 2.16},
	{"power-law", 4, {4, 3, 2, 1, END}, 1, 1.28},
	/* 3.484625: weights 12%, 23%, 65% after the seed. */
	{"decaying:65", 4, {1, 2, 3, 4, END}, 1, 3.48},
	/* PowerSchool Learning: 2,3 -> 2.65. */
	{"decaying:0.65", 4, {2, 3, END}, 1, 2.65},
	/* Educate's "average of 3 highest" is not a rule; its highest of
	 * the last 3 of 4,3,3,4 is 4. */
	{"highest-of-last:3", 4, {4, 3, 3, 4, END}, 1, 4},
};

Test(mastery, published_vectors)
{
	check_vectors(PUBLISHED, sizeof PUBLISHED / sizeof PUBLISHED[0]);
}

/* Every other rule by hand; one score; every score the same. */
static const struct vector RULES[] = {
	/* mode: most frequent; a tie goes to the higher (Mastery Connect
	 * R,NM,NM,M,M -> M), even when the lower came later. */
	{"mode", 4, {4, 1, 1, 3, END}, 1, 1},
	{"mode", 4, {1, 2, 2, 3, 3, END}, 1, 3},
	{"mode", 4, {3, 3, 2, 2, END}, 1, 3},
	{"mode", 4, {1, 4, 2, 3, END}, 1, 4},
	{"median", 4, {3, 1, 2, END}, 1, 2},
	{"median", 4, {1, 4, 2, 3, END}, 1, 2.5},
	{"median", 4, {4, 1, END}, 1, 2.5},
	{"highest-of-last:3", 4, {4, 1, 2, 3, END}, 1, 3},
	{"highest-of-last:5", 4, {2, 3, END}, 1, 3},
	{"mean-of-last:3", 4, {4, 1, 2, 3, END}, 1, 2},
	{"mean-of-last:5", 4, {2, 3, END}, 1, 2.5},
	{"mean-of-last:1", 4, {2, 3, END}, 1, 3},
	{"n-times:2@0.5", 4, {1, 2, 3, END}, 1, 2.5},
	{"n-times:2@50%", 4, {1, 2, 3, END}, 1, 2.5},
	{"n-times:2@1", 4, {4, 3.99, 4, END}, 1, 4},
	{"n-times:2@1", 4, {4, 3.99, END}, 0, 0},
	/* power-law: a 0 is fitted as 1% of the max (0.04 on 0-4). */
	{"power-law", 4, {0, 2, 4, END}, 1, 4.00},	/* fit 5.6, clamped */
	{"power-law", 4, {1, 1, 4, END}, 1, 2.79},
	{"power-law", 4, {3, 3, 3, 0, END}, 1, 0.25},
	{"power-law", 4, {4, 0, END}, 1, 0},	/* fit at the floor: 0 */
	{"power-law", 4, {0, 0, 0, END}, 1, 0},
	/* best-fit: least squares; linear beats mean unless flat. */
	{"best-fit", 4, {1, 2, 3, 4, END}, 1, 4.00},
	{"best-fit", 4, {4, 3, 2, 1, END}, 1, 1.00},	/* linear exact */
	{"best-fit", 4, {1, 3, 2, 4, END}, 1, 3.70},	/* SSE 1.8 < 1.82 */
	{"best-fit", 4, {3, 1, 3, 1, END}, 1, 1.40},	/* SSE 3.2 < 3.23 */
	{"best-fit", 4, {2, 4, 4, 2, END}, 1, 3.05},	/* power 3.995 < 4 */
	{"best-fit", 4, {3, 1, 1, 3, END}, 1, 2.00},	/* flat: mean */
	{"best-fit", 10, {2, 3.5, 3.8, 4, END}, 1, 4.33},	/* power */
	{"best-fit", 4, {2, 3.5, 3.8, 4, END}, 1, 4.00},	/* clamped */
	{"best-fit", 4, {2, 3, END}, 1, 3},
};

Test(mastery, other_rules)
{
	check_vectors(RULES, sizeof RULES / sizeof RULES[0]);
}

static const char *const ALL_RULES[] = {
	"decaying", "decaying:0.75", "weighted", "n-times:1@0.5", "recent",
	"highest", "mean", "median", "mode", "highest-of-last:3",
	"mean-of-last:3", "power-law", "best-fit"
};

Test(mastery, one_score_and_identical_scores)
{
	struct mastery_obs obs[MAXOBS];
	struct mastery_scale sc;
	struct mastery_result res;
	size_t i, n;
	static const double one[] = {2.5, END};
	static const double same[] = {2.5, 2.5, 2.5, 2.5, 2.5, END};

	mastery_scale_default(&sc);
	for (i = 0; i < sizeof ALL_RULES / sizeof ALL_RULES[0]; i++) {
		struct mastery_rule r = rule(ALL_RULES[i]);

		n = fill(obs, 4, one);
		cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &res), 0);
		cr_expect(res.has_score, "%s", ALL_RULES[i]);
		cr_expect(fabs(res.score - 0.625) < 1e-12, "%s: one score %g",
		    ALL_RULES[i], res.score);
		cr_expect_eq(res.level, 1, "%s", ALL_RULES[i]);
		n = fill(obs, 4, same);
		cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &res), 0);
		cr_expect(fabs(res.score - 0.625) < 1e-12, "%s: same %g",
		    ALL_RULES[i], res.score);
	}
	/* n-times:3 with one score: none yet. */
	{
		struct mastery_rule r = rule("n-times:3");

		n = fill(obs, 4, one);
		cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &res), 0);
		cr_expect_not(res.has_score);
		cr_expect_eq(res.level, MASTERY_NOT_YET);
	}
	/* No scores at all. */
	{
		struct mastery_rule r = rule("decaying");

		cr_assert_eq(mastery_eval(&r, &sc, obs, 0, 0, &res), 0);
		cr_expect_not(res.has_score);
		cr_expect_eq(res.level, MASTERY_NOT_YET);
		cr_expect_not(res.mastered);
		cr_expect_eq(res.mastered_on, DATE_NONE);
	}
}

/* Level decided on the rounded point score, and on the cut itself. */
struct cut_case {
	const char *rule;
	double max;
	double pts[4];
	const char *level;
	int mastered;
};

static const struct cut_case CUTS[] = {
	{"recent", 4, {2.995, END}, "proficient", 1},	/* rounds to 3.00 */
	{"mean", 4, {2.99, 3.00, END}, "proficient", 1},	/* 2.995 -> 3.00 */
	{"recent", 4, {2.994, END}, "developing", 0},	/* 2.99 */
	/* 2.995 on paper, 2.99 in Canvas (see CANVAS_BINARY) */
	{"decaying:65", 4, {1.5, 3.8, END}, "developing", 0},
	{"weighted:65", 4, {2.5, 0.5, 3.8, END}, "developing", 0},
	{"recent", 4, {3, END}, "proficient", 1},	/* exactly 0.75 */
	{"recent", 1, {0.5, END}, "developing", 0},
	{"recent", 1, {0.4999, END}, "developing", 0},	/* 0.50 at 2 dp */
	{"recent", 1, {0.4949, END}, "beginning", 0},
	{"recent", 100, {49.99, END}, "beginning", 0},
	{"recent", 100, {49.995, END}, "developing", 0},	/* 50.00 */
	{"recent", 3, {2.7, END}, "advanced", 1},	/* 2.7/3 = 0.9 */
	{"recent", 10, {9, END}, "advanced", 1},
	{"recent", 4, {0, END}, "beginning", 0},
	{"recent", 4, {4, END}, "advanced", 1},
};

Test(mastery, rounding_onto_cuts)
{
	struct mastery_obs obs[MAXOBS];
	struct mastery_scale sc;
	struct mastery_result res;
	size_t i, n;

	mastery_scale_default(&sc);
	for (i = 0; i < sizeof CUTS / sizeof CUTS[0]; i++) {
		struct mastery_rule r = rule(CUTS[i].rule);

		n = fill(obs, CUTS[i].max, CUTS[i].pts);
		cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &res), 0);
		cr_expect_str_eq(mastery_scale_name(&sc, res.level),
		    CUTS[i].level, "row %zu", i);
		cr_expect_eq(res.mastered, CUTS[i].mastered, "row %zu", i);
	}
}

/* Weighted evidence, as the header documents. */
struct weight_case {
	const char *rule;
	double pts[6];
	double w[6];
	int has;
	double expect;		/* points, max 4 */
};

static const struct weight_case WEIGHTS[] = {
	/* (0.3*2.99 + 0.1*3.01) / 0.4 is 2.9949999999999997 in binary;
	 * weights are pl's own, and a decimal tie is a tie whatever their
	 * scale: 3.00, as with weights 3 and 1 */
	{"mean", {2.99, 3.01, END}, {0.3, 0.1}, 1, 3.00},
	{"mean", {2.99, 3.01, END}, {3, 1}, 1, 3.00},
	/* (2 + 2*4) / 3 = 3.333 */
	{"mean", {2, 4, END}, {1, 2}, 1, 3.33},
	/* weight 2 = two updates: 2 -> 3 -> 3.5 */
	{"decaying:0.5", {2, 4, END}, {1, 2}, 1, 3.5},
	{"decaying:0.5", {2, 4, 4, END}, {1, 1, 1}, 1, 3.5},
	/* the first positive weight seeds */
	{"decaying:0.5", {1, 2, 4, END}, {0, 1, 1}, 1, 3},
	/* .65*3 + .35*(2 + 3*4)/4 = 3.175 -> 3.18 */
	{"weighted:0.65", {2, 4, 3, END}, {1, 3, 1}, 1, 3.18},
	/* the newest keeps W whatever its weight */
	{"weighted:0.65", {2, 4, 3, END}, {1, 3, 5}, 1, 3.18},
	{"mean-of-last:2", {4, 2, 4, END}, {1, 1, 3}, 1, 3.5},
	/* kept 3 (w1) and 4 (w3): 15/4; the count is of scores */
	{"n-times:2", {3, 4, 1, END}, {1, 3, 1}, 1, 3.75},
	{"n-times:2", {3, 1, END}, {1, 5}, 0, 0},
	{"highest", {4, 1, END}, {0, 1}, 1, 4},
	{"median", {1, 2, 4, END}, {5, 1, 1}, 1, 2},
	{"mean", {3, END}, {0}, 0, 0},
	{"decaying", {3, 3, END}, {0, 0}, 0, 0},
	{"mean-of-last:1", {3, 2, END}, {1, 0}, 0, 0},
	/* every score weighs 0: no score, as the man page says */
	{"weighted:0.65", {2, 4, END}, {0, 0}, 0, 0},
	{"weighted:0.65", {2, 4, END}, {0, 1}, 1, 4},
	/* .65*4 + .35*2 = 3.3 */
	{"weighted:0.65", {2, 4, END}, {1, 0}, 1, 3.3},
};

Test(mastery, weights)
{
	struct mastery_obs obs[MAXOBS];
	struct mastery_scale sc;
	struct mastery_result res;
	size_t i, j, n;

	mastery_scale_default(&sc);
	for (i = 0; i < sizeof WEIGHTS / sizeof WEIGHTS[0]; i++) {
		struct mastery_rule r = rule(WEIGHTS[i].rule);

		n = fill(obs, 4, WEIGHTS[i].pts);
		for (j = 0; j < n; j++)
			obs[j].weight = WEIGHTS[i].w[j];
		cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &res), 0);
		cr_expect_eq(res.has_score, WEIGHTS[i].has, "row %zu", i);
		if (WEIGHTS[i].has)
			cr_expect(fabs(res.score * 4 - WEIGHTS[i].expect) < 1e-9,
			    "row %zu (%s): got %.10g", i, WEIGHTS[i].rule,
			    res.score * 4);
	}
}

Test(mastery, decay_step_matches_eval)
{
	double d = 0;
	int seen = 0;

	mastery_decay_step(&d, &seen, 0.65, 1, 1);
	mastery_decay_step(&d, &seen, 0.65, 2, 1);
	mastery_decay_step(&d, &seen, 0.65, 3, 1);
	mastery_decay_step(&d, &seen, 0.65, 4, 1);
	cr_expect(seen);
	cr_expect(fabs(d - 3.484625) < 1e-12, "%.10g", d);
	mastery_decay_step(&d, &seen, 0.65, 0, 0);
	cr_expect(fabs(d - 3.484625) < 1e-12, "weight 0 changes nothing");
}

Test(mastery, min_evidence)
{
	struct mastery_obs obs[MAXOBS];
	struct mastery_scale sc;
	struct mastery_result res;
	struct mastery_rule r = rule("decaying");
	static const double pts[] = {4, 4, 4, END};
	size_t n;

	mastery_scale_default(&sc);
	n = fill(obs, 4, pts);
	cr_assert_eq(mastery_eval(&r, &sc, obs, 2, 3, &res), 0);
	cr_expect(res.has_score);
	cr_expect_eq(res.score, 1.0);
	cr_expect_eq(res.level, MASTERY_NOT_YET);
	cr_expect_str_eq(mastery_scale_name(&sc, res.level), "not_yet");
	cr_expect_not(res.mastered);
	cr_expect_eq(res.mastered_on, DATE_NONE);

	cr_assert_eq(mastery_eval(&r, &sc, obs, n, 3, &res), 0);
	cr_expect_str_eq(mastery_scale_name(&sc, res.level), "advanced");
	cr_expect(res.mastered);
	cr_expect_eq(res.mastered_on, obs[2].date);

	cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &res), 0);
	cr_expect_eq(res.mastered_on, obs[0].date);
	cr_assert_eq(mastery_eval(&r, &sc, obs, n, 1, &res), 0);
	cr_expect_eq(res.mastered_on, obs[0].date);
}

Test(mastery, mastered_on_then_drops)
{
	struct mastery_obs obs[MAXOBS];
	struct mastery_scale sc;
	struct mastery_result res;
	struct mastery_rule recent = rule("recent"), decay = rule("decaying");
	static const double pts[] = {2, 3, 4, 1, END};
	static const double dpts[] = {2, 4, 4, 0, END};
	size_t n;

	mastery_scale_default(&sc);
	n = fill(obs, 4, pts);
	cr_assert_eq(mastery_eval(&recent, &sc, obs, n, 0, &res), 0);
	cr_expect_eq(res.mastered_on, obs[1].date);
	cr_expect_not(res.mastered);
	cr_expect_str_eq(mastery_scale_name(&sc, res.level), "beginning");
	cr_expect_eq(res.score, 0.25);

	/* decaying: 2, 3.3 (0.825: proficient), 3.755, 1.31 */
	n = fill(obs, 4, dpts);
	cr_assert_eq(mastery_eval(&decay, &sc, obs, n, 0, &res), 0);
	cr_expect_eq(res.mastered_on, obs[1].date);
	cr_expect_not(res.mastered);
	cr_expect(fabs(res.score * 4 - 1.31) < 1e-9, "%.10g", res.score * 4);

	/* Same day: 4 then 1 leaves the day's picture at 1; mastery comes
	 * only on the next date, as a run with --as-of that day shows. */
	n = fill(obs, 4, pts);
	obs[0].points = 4;
	obs[1].points = 1;
	obs[1].date = obs[0].date;
	obs[2].points = 3;
	cr_assert_eq(mastery_eval(&recent, &sc, obs, 3, 0, &res), 0);
	cr_expect_eq(res.mastered_on, obs[2].date);
	cr_expect(res.mastered);
}

Test(mastery, mixed_max_scores)
{
	struct mastery_obs obs[4];
	struct mastery_scale sc;
	struct mastery_result res;
	struct mastery_rule mean = rule("mean"), nt = rule("n-times:2"),
	    dec = rule("decaying");

	mastery_scale_default(&sc);
	memset(obs, 0, sizeof obs);
	obs[0] = (struct mastery_obs){10, 3, 4, 1};
	obs[1] = (struct mastery_obs){11, 8, 10, 1};
	/* (0.75 + 0.8) / 2 */
	cr_assert_eq(mastery_eval(&mean, &sc, obs, 2, 0, &res), 0);
	cr_expect(fabs(res.score - 0.775) < 1e-12, "%.10g", res.score);
	cr_expect_eq(res.mastered_on, 10);	/* 3/4 alone was 0.75 */

	/* Mixed maxima round to 4 decimals: (2/3 + 0.7) / 2 = 0.68333 */
	obs[0] = (struct mastery_obs){10, 2, 3, 1};
	obs[1] = (struct mastery_obs){11, 7, 10, 1};
	cr_assert_eq(mastery_eval(&mean, &sc, obs, 2, 0, &res), 0);
	cr_expect(fabs(res.score - 0.6833) < 1e-12, "%.10g", res.score);
	cr_expect_str_eq(mastery_scale_name(&sc, res.level), "developing");

	/* One max, but not the same point scale as the cut: 2/3 rounds on
	 * points first (0.67 / 1 would differ). */
	obs[0] = (struct mastery_obs){10, 2, 3, 1};
	cr_assert_eq(mastery_eval(&mean, &sc, obs, 1, 0, &res), 0);
	cr_expect(fabs(res.score - 2.0 / 3) < 1e-12, "%.10g", res.score);

	/* n-times on normalised values: T = 0.75 */
	obs[0] = (struct mastery_obs){10, 3, 4, 1};
	obs[1] = (struct mastery_obs){11, 7, 10, 1};
	obs[2] = (struct mastery_obs){12, 9, 10, 1};
	obs[3] = (struct mastery_obs){13, 1, 2, 1};
	cr_assert_eq(mastery_eval(&nt, &sc, obs, 4, 0, &res), 0);
	cr_expect(fabs(res.score - 0.825) < 1e-12, "%.10g", res.score);
	cr_expect_eq(res.mastered_on, 12);

	/* decaying switches to normalised values at the third score and
	 * recomputes from the start: .75 -> .75 -> .8*.65+.75*.35 */
	obs[1] = (struct mastery_obs){11, 3, 4, 1};
	obs[2] = (struct mastery_obs){12, 8, 10, 1};
	cr_assert_eq(mastery_eval(&dec, &sc, obs, 3, 0, &res), 0);
	cr_expect(fabs(res.score - 0.7825) < 1e-12, "%.10g", res.score);
}

Test(mastery, large_median_uses_heap)
{
	static struct mastery_obs obs[1001];
	struct mastery_scale sc;
	struct mastery_result res;
	struct mastery_rule med = rule("median"), mode = rule("mode");
	size_t i;

	mastery_scale_default(&sc);
	for (i = 0; i < 1001; i++) {
		obs[i].date = (int32_t)i;
		obs[i].points = (double)((i * 3) % 1001);
		obs[i].max = 1000;
		obs[i].weight = 1;
	}
	cr_assert_eq(mastery_eval(&med, &sc, obs, 1001, 0, &res), 0);
	cr_expect(fabs(res.score - 0.5) < 1e-12, "%.10g", res.score);
	cr_assert_eq(mastery_eval(&mode, &sc, obs, 1001, 0, &res), 0);
	cr_expect_eq(res.score, 1.0);	/* all once: the highest */
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median and the mode (a tie to the higher) of v[0..n), by sorting. */
static void
median_mode_by_sort(const double *v, size_t n, double *median, double *mode)
{
	double s[700];
	size_t i, run, best = 0;

	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_double);
	*median = (s[(n - 1) / 2] + s[n / 2]) / 2;
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && s[i + run] == s[i]; run++)
			;
		if (run >= best) {
			best = run;
			*mode = s[i];
		}
	}
}

/* Median and mode keep halves and counts as the scores come, not a sorted
 * copy (a pair of 500,000 scores took 15 s): every prefix, past the stack
 * buffer and through a change of maximum (fed again as points/max), gives
 * what sorting gives. */
Test(mastery, median_and_mode_of_every_prefix_as_sorting_gives)
{
	static struct mastery_obs obs[700];
	double v[700], median, mode;
	struct mastery_scale sc;
	struct mastery_result res;
	struct mastery_rule med = rule("median"), mod = rule("mode");
	size_t i, n;

	mastery_scale_default(&sc);
	for (i = 0; i < 700; i++) {
		obs[i].date = (int32_t)i;
		obs[i].max = i < 400 ? 10 : 20;
		obs[i].points = (double)((i * 7 + i / 13) % 11) *
		    obs[i].max / 10;
		if (i % 97 == 5)
			obs[i].points = -0.0;
		obs[i].weight = 1;
		v[i] = obs[i].points / obs[i].max;
	}
	for (n = 1; n <= 700; n += n < 20 ? 1 : 37) {
		median_mode_by_sort(v, n, &median, &mode);
		cr_assert_eq(mastery_eval(&med, &sc, obs, n, 0, &res), 0);
		cr_expect(fabs(res.score - median) < 1e-9, "median of %zu: "
		    "%.10g, not %.10g", n, res.score, median);
		cr_assert_eq(mastery_eval(&mod, &sc, obs, n, 0, &res), 0);
		cr_expect(fabs(res.score - mode) < 1e-9, "mode of %zu: %.10g, "
		    "not %.10g", n, res.score, mode);
	}
}

Test(mastery, eval_refuses)
{
	struct mastery_obs obs[1] = {{1, 3, 4, 1}};
	struct mastery_scale sc;
	struct mastery_result res;
	struct mastery_rule bkt = rule("bkt"), mean = rule("mean");

	mastery_scale_default(&sc);
	cr_expect_eq(mastery_eval(&bkt, &sc, obs, 1, 0, &res), -1);
	cr_expect_not(res.has_score);
	cr_expect_eq(res.level, MASTERY_NOT_YET);
	obs[0].max = 0;
	cr_expect_eq(mastery_eval(&mean, &sc, obs, 1, 0, &res), -1);
	obs[0].max = 4;
	obs[0].weight = -1;
	cr_expect_eq(mastery_eval(&mean, &sc, obs, 1, 0, &res), -1);
	obs[0].weight = 1;
	obs[0].points = NAN;
	cr_expect_eq(mastery_eval(&mean, &sc, obs, 1, 0, &res), -1);
}

/* Rule text -> canonical text, and back to the same rule. */
struct format_case {
	const char *text;
	const char *canon;
};

static const struct format_case FORMATS[] = {
	{"decaying", "decaying:0.65"},
	{"decaying:0.65", "decaying:0.65"},
	{"Decaying:65", "decaying:0.65"},
	{" decaying : 75% ", "decaying:0.75"},
	{"decaying:0.1234", "decaying:0.1234"},
	{"decaying:12.34", "decaying:0.1234"},
	{"decaying:1%", "decaying:0.01"},
	{"weighted", "weighted:0.65"},
	{"weighted:0.75", "weighted:0.75"},
	{"n-times", "n-times:5"},
	{"n-times:3", "n-times:3"},
	{"n-times:3@0.75", "n-times:3@0.75"},
	{"n-times:3@75", "n-times:3@0.75"},
	{"n-times:3@80%", "n-times:3@0.8"},
	{"n-times:2@0", "n-times:2@0"},
	{"n-times:2@1", "n-times:2@1"},
	{"n-times:100", "n-times:100"},
	{"recent", "recent"},
	{"latest", "recent"},
	{"HIGHEST", "highest"},
	{"mean", "mean"},
	{"average", "mean"},
	{"median", "median"},
	{" mode ", "mode"},
	{"highest-of-last:3", "highest-of-last:3"},
	{"mean-of-last:10", "mean-of-last:10"},
	{"power-law", "power-law"},
	{"best-fit", "best-fit"},
	{"bkt", "bkt"},
	{"bkt:fit", "bkt:fit"},
	{"BKT:Fit", "bkt:fit"},
};

Test(mastery, format_round_trips)
{
	size_t i;

	for (i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++) {
		struct mastery_rule r = rule(FORMATS[i].text), back;
		char buf[MASTERY_RULE_BUFSIZE];
		size_t len = mastery_rule_format(&r, buf, sizeof buf);

		cr_expect_str_eq(buf, FORMATS[i].canon, "%s", FORMATS[i].text);
		cr_expect_eq(len, strlen(FORMATS[i].canon));
		back = rule(buf);
		cr_expect_eq(back.kind, r.kind, "%s", buf);
		cr_expect_eq(back.weight, r.weight, "%s", buf);
		cr_expect_eq(back.n, r.n, "%s", buf);
		cr_expect_eq(back.threshold, r.threshold, "%s", buf);
		cr_expect_eq(back.fit, r.fit, "%s", buf);
	}
}

Test(mastery, parse_fields)
{
	struct mastery_rule r;

	r = rule("decaying");
	cr_expect_eq(r.kind, MASTERY_DECAYING);
	cr_expect_eq(r.weight, 0.65);
	r = rule("n-times:3@0.8");
	cr_expect_eq(r.kind, MASTERY_N_TIMES);
	cr_expect_eq(r.n, 3);
	cr_expect_eq(r.threshold, 0.8);
	r = rule("n-times:3");
	cr_expect_eq(r.threshold, -1);
	r = rule("bkt");
	cr_expect_eq(r.kind, MASTERY_BKT);
	cr_expect_eq(r.fit, 0);
	r = rule("bkt:fit");
	cr_expect_eq(r.fit, 1);
}

Test(mastery, format_truncates)
{
	struct mastery_rule r = rule("n-times:3@0.75");
	char buf[6];

	cr_expect_eq(mastery_rule_format(&r, buf, sizeof buf), 14);
	cr_expect_str_eq(buf, "n-tim");
}

/* Bad rule text: the message quotes the text and says why. */
struct bad_case {
	const char *text;
	const char *why;
};

static const struct bad_case BAD_RULES[] = {
	{"", "the rule is empty"},
	{"   ", "the rule is empty"},
	{"foo", "unknown rule \"foo\""},
	{"decay", "unknown rule \"decay\""},
	{"decaying_average", "unknown rule \"decaying_average\""},
	{"decaying:0.65x", "weight \"0.65x\" is not a fraction"},
	{"decaying:", "weight \"\" is not a fraction"},
	{"decaying:0", "weight \"0\" is not a fraction"},
	{"decaying:1", "weight \"1\" is not a fraction"},
	{"decaying:100", "weight \"100\" is not a fraction"},
	{"decaying:100%", "weight \"100%\" is not a fraction"},
	{"decaying:-0.5", "weight \"-0.5\" is not a fraction"},
	{"decaying:0.12345", "weight \"0.12345\" is not a fraction"},
	/* Found by fuzzing: within 1e-12 of 1, it rounded to a weight of 1. */
	{"weighted:.9999999999999995",
	    "weight \".9999999999999995\" is not a fraction"},
	{"decaying:0.65:2", "weight \"0.65:2\" is not a fraction"},
	{"weighted:abc", "weight \"abc\" is not a fraction"},
	{"mean:3", "mean takes no parameter"},
	{"recent:1", "recent takes no parameter"},
	{"highest:", "highest takes no parameter"},
	{"median:2", "median takes no parameter"},
	{"mode:x", "mode takes no parameter"},
	{"power-law:2", "power-law takes no parameter"},
	{"best-fit:mean", "best-fit takes no parameter"},
	{"n-times:0", "count \"0\" is not a whole number 1..100"},
	{"n-times:101", "count \"101\" is not a whole number 1..100"},
	{"n-times:3.5", "count \"3.5\" is not a whole number 1..100"},
	{"n-times:-3", "count \"-3\" is not a whole number 1..100"},
	{"n-times:@0.5", "count \"\" is not a whole number 1..100"},
	{"n-times:3@", "threshold \"\" is not in 0..1 or a percent"},
	{"n-times:3@101", "threshold \"101\" is not in 0..1 or a percent"},
	{"n-times:3@-0.1", "threshold \"-0.1\" is not in 0..1 or a percent"},
	{"n-times:3@0.7@0.8", "threshold \"0.7@0.8\" is not in 0..1"},
	{"n-times:3@0.75x", "threshold \"0.75x\" is not in 0..1"},
	{"highest-of-last", "highest-of-last needs a count"},
	{"mean-of-last", "mean-of-last needs a count, as in mean-of-last:5"},
	{"highest-of-last:0", "count \"0\" is not a whole number 1..100"},
	{"mean-of-last:x", "count \"x\" is not a whole number 1..100"},
	{"mean-of-last:5x", "count \"5x\" is not a whole number 1..100"},
	{"bkt:foo", "bkt takes only \":fit\", not \"foo\""},
	{"bkt:", "bkt takes only \":fit\", not \"\""},
};

Test(mastery, bad_rules)
{
	size_t i;

	for (i = 0; i < sizeof BAD_RULES / sizeof BAD_RULES[0]; i++) {
		struct mastery_rule r;
		struct pl_err err;
		char head[200];

		pl_err_clear(&err);
		cr_expect_eq(mastery_rule_parse(BAD_RULES[i].text, &r, &err),
		    -1, "%s", BAD_RULES[i].text);
		cr_expect_eq(err.status, PL_EXIT_USAGE);
		snprintf(head, sizeof head, "invalid rule \"%s\": %s",
		    BAD_RULES[i].text, BAD_RULES[i].why);
		cr_expect(strncmp(err.msg, head, strlen(head)) == 0,
		    "got: %s\nwant: %s", err.msg, head);
		cr_expect(strstr(err.msg, "; rules are decaying[:W], "
		    "weighted[:W], n-times[:N[@T]], recent, highest, mean, "
		    "median, mode, highest-of-last:N, mean-of-last:N, power-law, "
		    "best-fit, bkt, bkt:fit") != NULL, "%s", err.msg);
	}
}

Test(mastery, default_scale)
{
	struct mastery_scale sc;
	struct pl_err err;
	struct {
		double score;
		const char *level;
	} cases[] = {
		{0, "beginning"}, {0.49, "beginning"}, {0.5, "developing"},
		{0.7499, "developing"}, {0.75, "proficient"},
		{0.9 - 1e-10, "advanced"}, {0.9, "advanced"}, {1, "advanced"},
	};
	size_t i;

	mastery_scale_default(&sc);
	cr_expect_eq(sc.nlevels, 4);
	cr_expect_eq(mastery_scale_cut(&sc), 0.75);
	cr_expect_str_eq(mastery_scale_name(&sc, sc.mastery_level),
	    "proficient");
	cr_expect_str_eq(mastery_scale_name(&sc, MASTERY_NOT_YET), "not_yet");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_expect_str_eq(mastery_scale_name(&sc,
		    mastery_scale_level(&sc, cases[i].score)), cases[i].level,
		    "%g", cases[i].score);

	cr_assert_eq(mastery_scale_set_mastery(&sc, "Advanced", &err), 0);
	cr_expect_eq(mastery_scale_cut(&sc), 0.9);
	cr_expect_eq(mastery_scale_set_mastery(&sc, "expert", &err), -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_str_eq(err.msg, "mastery level \"expert\" is not a level of "
	    "the scale; levels are beginning, developing, proficient, "
	    "advanced");
	cr_expect_eq(mastery_scale_cut(&sc), 0.9, "unchanged on error");
}

Test(mastery, scale_parse)
{
	struct mastery_scale sc, def;
	struct pl_err err;

	mastery_scale_default(&def);
	cr_assert_eq(mastery_scale_parse(
	    "beginning<0.5<developing<0.75<proficient<0.9<advanced", &sc,
	    &err), 0, "%s", err.msg);
	cr_expect_eq(memcmp(&sc, &def, sizeof sc), 0);

	cr_assert_eq(mastery_scale_parse(" remediation < 50% < near mastery "
	    "< 80% < mastery ", &sc, &err), 0, "%s", err.msg);
	cr_expect_eq(sc.nlevels, 3);
	cr_expect_str_eq(sc.name[1], "near mastery");
	cr_expect_eq(sc.cut[1], 0.5);
	cr_expect_eq(sc.cut[2], 0.8);
	cr_expect_eq(sc.mastery_level, 2, "no proficient: the top level");
	cr_expect_str_eq(mastery_scale_name(&sc, mastery_scale_level(&sc,
	    0.79)), "near mastery");

	cr_assert_eq(mastery_scale_parse("no<1<yes", &sc, &err), 0);
	cr_expect_eq(mastery_scale_level(&sc, 0.99), 0);
	cr_expect_eq(mastery_scale_level(&sc, 1), 1);

	cr_assert_eq(mastery_scale_parse("low<0.3<Proficient<0.6<high", &sc,
	    &err), 0);
	cr_expect_eq(sc.mastery_level, 1);
	cr_expect_eq(mastery_scale_cut(&sc), 0.3);
}

Test(mastery, n_times_follows_the_scale_cut)
{
	struct mastery_obs obs[MAXOBS];
	struct mastery_scale sc;
	struct mastery_result res;
	struct mastery_rule r = rule("n-times:2");
	struct pl_err err;
	static const double pts[] = {4, 3.6, 3.5, END};
	size_t n;

	mastery_scale_default(&sc);
	cr_assert_eq(mastery_scale_set_mastery(&sc, "advanced", &err), 0);
	n = fill(obs, 4, pts);
	cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &res), 0);
	cr_expect(fabs(res.score * 4 - 3.8) < 1e-9, "%.10g", res.score * 4);
	cr_expect(res.mastered);
	cr_expect_eq(res.mastered_on, obs[1].date);
}

static const struct bad_case BAD_SCALES[] = {
	{"", "a level name is missing"},
	{"beginning", "it needs at least two levels"},
	{"a<0.5", "it ends with a cut, not a level name"},
	{"a<0.5<", "a level name is missing"},
	{"<0.5<b", "a level name is missing"},
	{"a<<b", "cut \"\" is not a number in (0,1] or a percent"},
	{"a<x<b", "cut \"x\" is not a number in (0,1] or a percent"},
	{"a<0<b", "cut \"0\" is not a number in (0,1] or a percent"},
	{"a<1.5<b", "cut \"1.5\" is not a number in (0,1] or a percent"},
	{"a<50<b", "cut \"50\" is not a number in (0,1] or a percent"},
	{"a<150%<b", "cut \"150%\" is not a number in (0,1] or a percent"},
	{"a<0.5<b<0.4<c", "cut \"0.4\" is not above the previous cut 0.5"},
	{"a<0.5<b<0.5<c", "cut \"0.5\" is not above the previous cut 0.5"},
	{"a<0.5<A", "level \"A\" appears twice"},
	{"a<0.5<not_yet", "\"not_yet\" is reserved for no score"},
	{"a<0.5<b!", "level name \"b!\" may hold only letters"},
	{"a<0.5<b,c", "level name \"b,c\" may hold only letters"},
	{"a<0.5<abcdefghijabcdefghijabcdefghijab",
	    "level name \"abcdefghijabcdefghijabcdefghijab\" may hold"},
	/* Found by fuzzing: cuts within the 1e-9 tolerance of 0 or of each
	 * other made a level unreachable. */
	{"a<1e-10<b", "cut \"1e-10\" is not a number in (0,1]"},
	{"a<0.5<b<0.5000000001<c",
	    "cut \"0.5000000001\" is not above the previous cut 0.5"},
	{"a<.1<b<.2<c<.3<d<.4<e<.5<f<.6<g<.65<h<.7<i<.75<j<.8<k<.85<l<.9<m"
	    "<.92<n<.94<o<.96<p<.98<q", "more than 16 levels"},
};

Test(mastery, bad_scales)
{
	size_t i;

	for (i = 0; i < sizeof BAD_SCALES / sizeof BAD_SCALES[0]; i++) {
		struct mastery_scale sc;
		struct pl_err err;
		char head[300];

		pl_err_clear(&err);
		cr_expect_eq(mastery_scale_parse(BAD_SCALES[i].text, &sc, &err),
		    -1, "%s", BAD_SCALES[i].text);
		cr_expect_eq(err.status, PL_EXIT_USAGE);
		snprintf(head, sizeof head, "invalid scale \"%s\": %s",
		    BAD_SCALES[i].text, BAD_SCALES[i].why);
		cr_expect(strncmp(err.msg, head, strlen(head)) == 0,
		    "got: %s\nwant: %s", err.msg, head);
		cr_expect(strstr(err.msg, "; a scale is written name<cut<name"
		    "..., e.g. beginning<0.5<developing<0.75<proficient<0.9<"
		    "advanced") != NULL, "%s", err.msg);
	}
}

/*
 * The first date of mastery equals the first date whose scores so far, on
 * their own, are mastered: mastery_eval decides the earlier dates without
 * rounding when a value is clear of the cut, so the scores here sit on
 * and around the cut (in hundredths and in halves of them), with mixed
 * maxima, shared dates, weights and a minimum of evidence.
 */
Test(mastery, first_date_of_mastery_equals_prefix_evaluation)
{
	static const char *const rules[] = { "decaying", "decaying:0.5",
	    "weighted:0.4", "mean", "recent", "highest", "n-times:2",
	    "median", "mean-of-last:3", "power-law", "best-fit" };
	static const char *const scales[] = { NULL,
	    "no<0.8<yes", "low<0.335<mid<0.5<high", "a<0.7<b<0.9<c" };
	static const double maxima[] = { 4, 4, 4, 10, 3, 100, 1 };
	uint64_t x = 0x2545f4914f6cdd1dULL;
	size_t trial, ri, si;
	int checked = 0, mastered_early = 0;

	for (trial = 0; trial < 3000; trial++) {
		struct mastery_obs obs[12];
		struct mastery_rule r;
		struct mastery_scale sc;
		struct mastery_result full, part;
		size_t n, i, k;
		int32_t want = DATE_NONE;
		int min_ev, mixed;
		double cut;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		ri = (size_t)(x % (sizeof rules / sizeof rules[0]));
		si = (size_t)((x >> 8) % (sizeof scales / sizeof scales[0]));
		r = rule(rules[ri]);
		scale(scales[si], NULL, &sc);
		cut = sc.cut[sc.mastery_level];
		n = 1 + (size_t)((x >> 16) % 10);
		min_ev = (x >> 24) % 5 == 0 ? 2 : 0;
		mixed = (x >> 28) % 4 == 0;
		for (i = 0; i < n; i++) {
			double max;
			long step;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			max = maxima[mixed ? (x >> 3) % 7 : 0];
			/* cut*max, moved by -4..4 half hundredths */
			step = (long)((x >> 12) % 9) - 4;
			obs[i].points = cut * max + (double)step * 0.005 *
			    (max / 4);
			if ((x >> 20) % 6 == 0)
				obs[i].points = (double)((x >> 24) % 5) * max / 4;
			if (obs[i].points < 0)
				obs[i].points = 0;
			if (obs[i].points > max)
				obs[i].points = max;
			obs[i].max = max;
			obs[i].weight = (x >> 30) % 5 == 0 ? 2 : 1;
			obs[i].date = 100 + (int32_t)(i / 2 + ((x >> 34) % 2) *
			    i);
			if (i > 0 && obs[i].date < obs[i - 1].date)
				obs[i].date = obs[i - 1].date;
		}
		cr_assert_eq(mastery_eval(&r, &sc, obs, n, min_ev, &full), 0);
		for (k = 1; k <= n; k++) {
			if (k < n && obs[k].date == obs[k - 1].date)
				continue;
			cr_assert_eq(mastery_eval(&r, &sc, obs, k, min_ev, &part),
			    0);
			if (part.mastered) {
				want = obs[k - 1].date;
				break;
			}
		}
		cr_assert_eq(full.mastered_on, want,
		    "trial %zu, rule %s, scale %zu: mastered_on %d, want %d",
		    trial, rules[ri], si, (int)full.mastered_on, (int)want);
		checked++;
		mastered_early += want != DATE_NONE && want !=
		    obs[n - 1].date;
	}
	cr_assert_eq(checked, 3000);
	/* Enough trials where an earlier date decided. */
	cr_assert_gt(mastered_early, 300);
}

/*
 * best-fit decides the dates before the last from running sums when its
 * three estimates agree: its first date of mastery still equals the
 * first date whose scores so far are mastered, on longer runs of scores
 * anywhere on the scale (rising, falling or flat), where they agree most
 * of the time, and on both sides of the cut.
 */
Test(mastery, best_fit_first_date_of_mastery_on_long_runs)
{
	struct mastery_rule r = rule("best-fit");
	struct mastery_scale sc;
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t trial;
	int early = 0, never = 0;

	mastery_scale_default(&sc);
	for (trial = 0; trial < 400; trial++) {
		struct mastery_obs obs[60];
		struct mastery_result full, part;
		size_t n, i, k;
		int32_t want = DATE_NONE;
		int trend;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = 2 + (size_t)(x % 59);
		trend = (int)((x >> 8) % 3) - 1;
		for (i = 0; i < n; i++) {
			double base = 2 + trend * (1.8 * (double)i / (double)n - 0.9);

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			obs[i].points = base + (double)((x >> 5) % 9) * 0.25 - 1;
			if (obs[i].points < 0)
				obs[i].points = 0;
			if (obs[i].points > 4)
				obs[i].points = 4;
			obs[i].max = 4;
			obs[i].weight = 1;
			obs[i].date = 100 + (int32_t)(i - (x >> 12) % 2);
			if (i > 0 && obs[i].date < obs[i - 1].date)
				obs[i].date = obs[i - 1].date;
		}
		cr_assert_eq(mastery_eval(&r, &sc, obs, n, 0, &full), 0);
		for (k = 1; k <= n; k++) {
			if (k < n && obs[k].date == obs[k - 1].date)
				continue;
			cr_assert_eq(mastery_eval(&r, &sc, obs, k, 0, &part), 0);
			if (part.mastered) {
				want = obs[k - 1].date;
				break;
			}
		}
		cr_assert_eq(full.mastered_on, want, "trial %zu: mastered_on "
		    "%d, want %d", trial, (int)full.mastered_on, (int)want);
		early += want != DATE_NONE && want != obs[n - 1].date;
		never += want == DATE_NONE;
	}
	cr_assert_gt(early, 40);
	cr_assert_gt(never, 40);
}

/*
 * Points far above their maximum (mastery_eval takes them; pl-progress
 * refuses more than ten times the maximum): best-fit's line from sums that
 * large loses digits, and its margin grows with them.  Here the first date
 * ends with sums of 1e14 and the line's true value at the second score is
 * 0.1 (normalised), on the cut; a margin of a millionth alone decided that
 * date mastered, where best_fit does not (found by a differential check
 * of the library).
 */
Test(mastery, best_fit_first_date_of_mastery_with_huge_points)
{
	struct mastery_rule r = rule("best-fit");
	struct mastery_scale sc;
	struct mastery_obs obs[3] = {
		{ .date = 100, .points = 700000011026432, .max = 7, .weight = 0 },
		{ .date = 100, .points = 0.0010000000474974513, .max = 0.01,
		    .weight = 1 },
		{ .date = 102, .points = 0.75499999523162842, .max = 7,
		    .weight = 1 },
	};
	struct mastery_result full, part;
	struct pl_err err;
	int32_t want = DATE_NONE;
	size_t k;

	pl_err_clear(&err);
	cr_assert_eq(mastery_scale_parse("a<0.1<b", &sc, &err), 0);
	cr_assert_eq(mastery_eval(&r, &sc, obs, 3, 0, &full), 0);
	for (k = 1; k <= 3; k++) {
		if (k < 3 && obs[k].date == obs[k - 1].date)
			continue;
		cr_assert_eq(mastery_eval(&r, &sc, obs, k, 0, &part), 0);
		if (part.mastered) {
			want = obs[k - 1].date;
			break;
		}
	}
	cr_assert_eq(full.mastered_on, want, "mastered_on %d, want %d",
	    (int)full.mastered_on, (int)want);
}

/* Scores over the maximum (extra credit) count as they are, as in Canvas;
 * the result is at most 1. */
Test(mastery, extra_credit_counts_but_result_at_most_one)
{
	static const struct vector v[] = {
		{ "decaying:0.65", 4, { 5, 2, END }, 1, 3.05 },
		{ "mean", 4, { 5, 2, END }, 1, 3.5 },
		{ "decaying:0.65", 4, { 5, 4, END }, 1, 4 },
		{ "highest", 4, { 6, END }, 1, 4 },
	};

	check_vectors(v, sizeof v / sizeof v[0]);
}

/*
 * mastery_eval_points gives mastery_eval's result and return value for
 * scores of one maximum and weight 1, for every rule (the decaying rule is
 * folded from the points, the rest spelt out): scores on and around the
 * cut, shared dates, a minimum of evidence, scales whose mastery is the
 * lowest level, runs longer than its stack buffer, and points or maxima
 * that no rule can use.
 */
Test(mastery, eval_points_equals_eval)
{
	static const char *const rules[] = { "decaying", "decaying:0.5",
	    "decaying:0.123", "weighted:0.4", "mean", "recent", "highest",
	    "n-times:2", "median", "mode", "mean-of-last:3", "power-law",
	    "best-fit" };
	static const char *const scales[] = { NULL, "no<0.8<yes",
	    "low<0.335<mid<0.5<high", "yes<0.5<no" };
	static const double maxima[] = { 4, 10, 3, 100, 1, 0, -2, NAN,
	    INFINITY };
	static struct mastery_point v[100];
	static struct mastery_obs obs[100];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t trial;
	int decaying = 0, refused = 0;

	for (trial = 0; trial < 4000; trial++) {
		struct mastery_rule r;
		struct mastery_scale sc;
		struct mastery_result a, b;
		size_t ri, si, n, i;
		double max, cut;
		int min_ev, rc;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		ri = (size_t)(x % (sizeof rules / sizeof rules[0]));
		si = (size_t)((x >> 8) % (sizeof scales / sizeof scales[0]));
		r = rule(rules[ri]);
		scale(scales[si], si == 3 ? "yes" : NULL, &sc);
		cut = sc.cut[sc.mastery_level];
		max = (x >> 12) % 10 == 0 ? maxima[(x >> 16) % 9] :
		    maxima[(x >> 16) % 5];
		n = (x >> 20) % 8 == 0 ? 65 + (size_t)((x >> 24) % 35) :
		    (size_t)((x >> 24) % 21);
		min_ev = (x >> 32) % 4 == 0 ? 3 : 0;
		for (i = 0; i < n; i++) {
			long step;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			step = (long)((x >> 12) % 9) - 4;
			v[i].points = (float)(isfinite(max) && max > 0 ?
			    (x >> 20) % 3 == 0 ? (double)((x >> 24) % 5) *
			    max / 4 : cut * max + (double)step * 0.005 *
			    (max / 4) : 1);
			if ((x >> 40) % 500 == 0)
				v[i].points = (x >> 50) % 2 ? NAN : INFINITY;
			v[i].date = 100 + (int32_t)(i / 2 + ((x >> 34) % 2) *
			    i);
			if (i > 0 && v[i].date < v[i - 1].date)
				v[i].date = v[i - 1].date;
			obs[i].date = v[i].date;
			obs[i].points = v[i].points;
			obs[i].max = max;
			obs[i].weight = 1;
		}
		memset(&a, 0x5a, sizeof a);
		memset(&b, 0x5a, sizeof b);
		rc = mastery_eval(&r, &sc, obs, n, min_ev, &a);
		cr_assert_eq(mastery_eval_points(&r, &sc, max, v, n, min_ev,
		    &b), rc, "trial %zu (%s)", trial, rules[ri]);
		cr_assert_eq(a.has_score, b.has_score, "trial %zu", trial);
		cr_assert(a.score == b.score, "trial %zu (%s): %.17g, %.17g",
		    trial, rules[ri], a.score, b.score);
		cr_assert_eq(a.level, b.level, "trial %zu", trial);
		cr_assert_eq(a.mastered, b.mastered, "trial %zu", trial);
		cr_assert_eq(a.mastered_on, b.mastered_on, "trial %zu (%s)",
		    trial, rules[ri]);
		decaying += r.kind == MASTERY_DECAYING && rc == 0 && n > 0;
		refused += rc != 0;
	}
	/* Enough of the folded rule, and of runs no rule can use. */
	cr_assert_gt(decaying, 600);
	cr_assert_gt(refused, 100);
}
