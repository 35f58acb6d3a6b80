#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "date.h"
#include "memo.h"

static const char *const rules[] = { "decaying", "decaying:0.3",
    "weighted:0.5", "n-times:2@0.75", "recent", "highest", "mean", "median",
    "mode", "highest-of-last:3", "mean-of-last:2", "power-law",
    "best-fit" };
#define NRULES (sizeof rules / sizeof rules[0])

static uint64_t seed = 42;

static unsigned
draw(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(seed >> 33) % n;
}

/* A run of n scores: mostly whole points of one max in date order, now
 * and then one the memo must not keep (a fraction, 16 or more points,
 * another max, a weight, a date going back). */
static void
fill(struct mastery_obs *obs, size_t n, int odd, int32_t day0)
{
	static const double maxima[] = { 4, 5, 10 };
	double max = maxima[draw(3)];
	int32_t day = day0;
	size_t i;

	for (i = 0; i < n; i++) {
		day += (int32_t)draw(3) == 0 ? 0 : 1 + (int32_t)draw(5);
		obs[i].date = day;
		obs[i].points = draw(5);
		obs[i].max = max;
		obs[i].weight = 1;
	}
	if (odd && n > 0) {
		i = draw((unsigned)n);
		switch (draw(5)) {
		case 0: obs[i].points = 2.5; break;
		case 1: obs[i].points = 16; obs[i].max = 20; break;
		case 2: obs[i].max = max + 1; break;
		case 3: obs[i].weight = 0.5; break;
		default: obs[i].date = day0 - 1; break;
		}
	}
}

static void
same(const struct mastery_result *a, const struct mastery_result *b,
    const char *rule, size_t n)
{
	cr_assert_eq(a->has_score, b->has_score, "%s n=%zu", rule, n);
	cr_assert_eq(memcmp(&a->score, &b->score, sizeof a->score), 0,
	    "%s n=%zu: %.17g against %.17g", rule, n, a->score, b->score);
	cr_assert_eq(a->level, b->level, "%s n=%zu", rule, n);
	cr_assert_eq(a->mastered, b->mastered, "%s n=%zu", rule, n);
	cr_assert_eq(a->mastered_on, b->mastered_on, "%s n=%zu", rule, n);
}

/* Every rule, with and without --min-evidence: the memo's answer is
 * mastery_eval's, bit for bit, whether it remembered the run (with other
 * dates of the same pattern) or evaluated it. */
Test(memo, answers_as_mastery_eval_does)
{
	struct mastery_scale sc;
	int minev;

	mastery_scale_default(&sc);
	for (minev = 0; minev <= 3; minev += 3) {
		struct mastery_rule r[NRULES];
		struct memo *m = memo_new(&sc, minev);
		size_t k, trial;

		for (k = 0; k < NRULES; k++) {
			struct pl_err err;

			cr_assert_eq(mastery_rule_parse(rules[k], &r[k], &err),
			    0, "%s", rules[k]);
		}
		for (trial = 0; trial < 20000; trial++) {
			struct mastery_obs obs[12];
			struct mastery_result want, got;
			/* Mostly a few scores, as in a district's file. */
			size_t n = draw(4) ? 1 + draw(3) : draw(11);
			int rc;

			k = draw(NRULES);
			fill(obs, n, draw(8) == 0, 20000 + (int32_t)draw(400));
			rc = mastery_eval(&r[k], &sc, obs, n, minev, &want);
			cr_assert_eq(memo_eval(m, &r[k], obs, n, &got), rc);
			same(&got, &want, rules[k], n);
		}
		cr_assert_gt(memo_hits(m), 5000, "%lu hits", memo_hits(m));
		cr_assert_gt(memo_misses(m), 1000, "%lu misses", memo_misses(m));
		memo_free(m);
	}
}

/* A run is known by its rule and its maximum, not only its points. */
Test(memo, rule_and_maximum_are_part_of_the_key)
{
	struct mastery_scale sc;
	struct mastery_rule hi, lo;
	struct mastery_obs obs[2] = { { 100, 3, 4, 1 }, { 101, 0, 4, 1 } };
	struct mastery_result a, b, c;
	struct pl_err err;
	struct memo *m;

	mastery_scale_default(&sc);
	cr_assert_eq(mastery_rule_parse("highest", &hi, &err), 0);
	cr_assert_eq(mastery_rule_parse("recent", &lo, &err), 0);
	m = memo_new(&sc, 0);
	cr_assert_eq(memo_eval(m, &hi, obs, 2, &a), 0);
	cr_assert_eq(memo_eval(m, &lo, obs, 2, &b), 0);
	cr_assert_float_eq(a.score, 0.75, 1e-12);
	cr_assert_float_eq(b.score, 0, 1e-12);
	obs[0].max = obs[1].max = 3;
	cr_assert_eq(memo_eval(m, &hi, obs, 2, &c), 0);
	cr_assert_float_eq(c.score, 1, 1e-12);
	cr_assert_eq(c.mastered_on, 100);
	cr_assert_eq(memo_hits(m), 0);
	obs[0].date = 200;
	obs[1].date = 205;
	cr_assert_eq(memo_eval(m, &hi, obs, 2, &c), 0);
	cr_assert_eq(memo_hits(m), 1);
	cr_assert_eq(c.mastered_on, 200);
	memo_free(m);
}

/* Runs the memo does not keep are evaluated every time, errors included. */
Test(memo, other_runs_are_evaluated)
{
	struct mastery_scale sc;
	struct mastery_rule r;
	struct mastery_obs obs[MEMO_MAX_SCORES + 1];
	struct mastery_result res;
	struct pl_err err;
	struct memo *m;
	size_t i;

	mastery_scale_default(&sc);
	cr_assert_eq(mastery_rule_parse("mean", &r, &err), 0);
	m = memo_new(&sc, 0);
	for (i = 0; i <= MEMO_MAX_SCORES; i++) {
		obs[i].date = 100 + (int32_t)i;
		obs[i].points = 2;
		obs[i].max = 4;
		obs[i].weight = 1;
	}
	cr_assert_eq(memo_eval(m, &r, obs, MEMO_MAX_SCORES + 1, &res), 0);
	cr_assert_eq(memo_eval(m, &r, obs, 0, &res), 0);
	cr_assert_eq(res.has_score, 0);
	obs[0].max = 0;
	cr_assert_eq(memo_eval(m, &r, obs, 1, &res), -1);
	cr_assert_eq(memo_eval(m, &r, obs, 1, &res), -1);
	cr_assert_eq(memo_hits(m) + memo_misses(m), 0);
	memo_free(m);
}

/* A run whose dates go back is evaluated, not kept: its mastered_on could
 * not be told by the pattern of equal neighbours. */
Test(memo, dates_out_of_order_are_not_kept)
{
	struct mastery_scale sc;
	struct mastery_rule r;
	struct mastery_obs obs[3] = { { 10, 0, 4, 1 }, { 20, 0, 4, 1 },
	    { 10, 4, 4, 1 } };
	struct mastery_result res;
	struct pl_err err;
	struct memo *m;

	mastery_scale_default(&sc);
	cr_assert_eq(mastery_rule_parse("recent", &r, &err), 0);
	m = memo_new(&sc, 0);
	cr_assert_eq(memo_eval(m, &r, obs, 3, &res), 0);
	cr_assert_eq(res.mastered_on, 10);
	obs[2].date = 30;
	cr_assert_eq(memo_eval(m, &r, obs, 3, &res), 0);
	cr_assert_eq(res.mastered_on, 30);
	cr_assert_eq(memo_hits(m), 0);
	memo_free(m);
}

/* Two maxima that fall in one slot (found by which evicts which) are told
 * apart. */
Test(memo, maxima_sharing_a_slot_are_told_apart)
{
	struct mastery_scale sc;
	struct mastery_rule r;
	struct mastery_obs four = { 100, 2, 4, 1 }, other = four;
	struct mastery_result res;
	struct pl_err err;
	int found = 0;

	mastery_scale_default(&sc);
	cr_assert_eq(mastery_rule_parse("recent", &r, &err), 0);
	for (other.max = 5; other.max < 100000 && !found; other.max++) {
		struct memo *m = memo_new(&sc, 0);

		cr_assert_eq(memo_eval(m, &r, &four, 1, &res), 0);
		cr_assert_eq(memo_eval(m, &r, &other, 1, &res), 0);
		cr_assert_float_eq(res.score, 2 / other.max, 1e-12,
		    "max %g", other.max);
		cr_assert_eq(memo_eval(m, &r, &four, 1, &res), 0);
		cr_assert_float_eq(res.score, 0.5, 1e-12);
		found = memo_misses(m) == 3;
		memo_free(m);
	}
	cr_assert(found, "no maximum shared the slot of 4");
}

/* memo_eval_plain answers as mastery_eval does on the same scores, taken
 * plain from a store: whole points or not, short runs or long. */
Test(memo, plain_runs_answer_as_mastery_eval_does)
{
	struct mastery_scale sc;
	struct mastery_rule r[NRULES];
	struct memo *m;
	size_t k, trial;

	mastery_scale_default(&sc);
	for (k = 0; k < NRULES; k++) {
		struct pl_err err;

		cr_assert_eq(mastery_rule_parse(rules[k], &r[k], &err), 0);
	}
	m = memo_new(&sc, 2);
	for (trial = 0; trial < 20000; trial++) {
		struct mastery_point v[MEMO_PLAIN_SCORES];
		struct mastery_obs obs[MEMO_PLAIN_SCORES];
		struct mastery_result want, got;
		/* Mostly short; now and then as long as the plain path reads
		 * (the memo's own buffer grows for those). */
		size_t n = draw(4) ? 1 + draw(3) : draw(8) ? draw(12) :
		    draw(MEMO_PLAIN_SCORES + 1), i;
		double max = draw(2) ? 4 : 20;
		int32_t day = 20000;

		k = draw(NRULES);
		for (i = 0; i < n; i++) {
			day += (int32_t)draw(2);
			v[i].date = day;
			v[i].points = (float)draw(draw(10) ? 5 : 21);
			if (draw(20) == 0)
				v[i].points += 0.25f;
			obs[i].date = v[i].date;
			obs[i].points = v[i].points;
			obs[i].max = max;
			obs[i].weight = 1;
		}
		cr_assert_eq(memo_eval_plain(m, &r[k], max, v, n, &got),
		    mastery_eval(&r[k], &sc, obs, n, 2, &want));
		same(&got, &want, rules[k], n);
	}
	cr_assert_gt(memo_hits(m), 5000, "%lu hits", memo_hits(m));
	memo_free(m);
}

/* A run dated DATE_NONE (no real evidence has it, but the API takes it)
 * is evaluated, not kept: mastery_eval's "not mastered" is that date. */
Test(memo, a_date_of_none_is_not_kept)
{
	struct mastery_scale sc;
	struct mastery_rule r;
	struct mastery_obs obs = { DATE_NONE, 3, 3, 1 };
	struct mastery_point v = { DATE_NONE, 3 };
	struct mastery_result res, want;
	struct pl_err err;
	struct memo *m;

	mastery_scale_default(&sc);
	cr_assert_eq(mastery_rule_parse("mode", &r, &err), 0);
	m = memo_new(&sc, 0);
	cr_assert_eq(memo_eval(m, &r, &obs, 1, &res), 0);
	cr_assert_eq(memo_eval_plain(m, &r, 3, &v, 1, &res), 0);
	obs.date = v.date = 9554;
	cr_assert_eq(mastery_eval(&r, &sc, &obs, 1, 0, &want), 0);
	cr_assert_eq(want.mastered_on, 9554);
	cr_assert_eq(memo_eval(m, &r, &obs, 1, &res), 0);
	cr_assert_eq(res.mastered_on, 9554);
	cr_assert_eq(memo_eval_plain(m, &r, 3, &v, 1, &res), 0);
	cr_assert_eq(res.mastered_on, 9554);
	memo_free(m);
}
