/*
 * mastery.h - mastery rules (text form, parsing, evaluation) and the scales
 * that turn a rule's score into a level.
 *
 * Arguments are borrowed; nothing here keeps a pointer to them.  Rules,
 * scales and results are plain values with no heap parts: copy them freely,
 * there is nothing to free.  mastery_eval allocates only when a median or
 * mode rule meets more scores than a buffer of MASTERY_STACK_SCORES values
 * holds (a median's n + 2; a mode's hash of 2 values a slot, at least 2n
 * slots), and frees it before returning.  Nothing prints or exits.
 *
 * Scores.  A rule reads one student's scores on one objective, oldest first.
 * When every score of the sequence has the same max, the rule computes on
 * that point scale and rounds its result to 2 decimals, half away from zero
 * (as Canvas does), before the level is decided; the score handed back is
 * that rounded value divided by max.  Where every weight is 1 the
 * arithmetic is Canvas's to the bit (weights 0.01 k and 0.01 (100 - k),
 * Ruby's compensated sums) and the rounding Ruby's Float#round
 * (num_round_ruby), so a tie on paper that falls below it in binary
 * rounds down as in Canvas; with other weights a near-tie is a tie
 * (num_round).  When the maxima differ, the rule
 * computes on points/max and rounds its result to 4 decimals (the printed
 * precision), so the level always agrees with the printed score.
 *
 * Weights.  The evidence weight scales only the averaging rules: mean,
 * mean-of-last (weighted means), n-times (weighted mean of the scores that
 * reach T; the count of N is of scores, not of weight), weighted (the mean of
 * the earlier scores is weighted; the newest score keeps W), and decaying (a
 * score of weight k counts as k successive updates: D = (1-W)^k D +
 * (1-(1-W)^k) s).  recent, highest, median, mode, highest-of-last,
 * power-law and best-fit ignore weights.  A weighted rule whose scores all
 * weigh 0 yields no score.
 */
#ifndef PL_MASTERY_H
#define PL_MASTERY_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum mastery_kind {
	MASTERY_DECAYING,	/* decaying:W, true decaying average */
	MASTERY_WEIGHTED,	/* weighted:W, Canvas legacy "decaying average" */
	MASTERY_N_TIMES,	/* n-times:N[@T], Canvas "n Number of Times" */
	MASTERY_RECENT,		/* recent: the newest score */
	MASTERY_HIGHEST,	/* highest */
	MASTERY_MEAN,		/* mean */
	MASTERY_MEDIAN,		/* median; even count: mean of the middle two */
	MASTERY_MODE,		/* mode; a tie goes to the higher score */
	MASTERY_HIGHEST_OF_LAST, /* highest-of-last:N */
	MASTERY_MEAN_OF_LAST,	/* mean-of-last:N */
	MASTERY_POWER_LAW,	/* power-law, Marzano/JumpRope */
	MASTERY_BEST_FIT,	/* best-fit, Empower's true score estimator */
	MASTERY_BKT		/* bkt[:fit]: parsed here, computed by lib/bkt */
};

#define MASTERY_DEFAULT_WEIGHT 0.65	/* decaying and weighted, as Canvas */
#define MASTERY_DEFAULT_N 5		/* n-times, as Canvas */
#define MASTERY_MAX_N 100
#define MASTERY_STACK_SCORES 256

/* A parsed rule.  Fields a kind does not use are 0. */
struct mastery_rule {
	enum mastery_kind kind;
	double weight;		/* decaying, weighted: W in (0,1) */
	int n;			/* n-times, *-of-last: N in 1..MASTERY_MAX_N */
	double threshold;	/* n-times: T in 0..1, or -1 for the scale's cut */
	int fit;		/* bkt: 1 for bkt:fit */
};

/*
 * Parses a rule's text (case and surrounding blanks ignored):
 *   decaying[:W]  weighted[:W]  n-times[:N[@T]]  recent  highest  mean
 *   median  mode  highest-of-last:N  mean-of-last:N  power-law  best-fit
 *   bkt  bkt:fit
 * W is a fraction in (0,1) or a percent: "65" or "65%" is 0.65 (W = 1 is
 * refused as ambiguous); its default is 0.65.  N is a whole number 1..100;
 * n-times defaults to 5.  T is in 0..1 on the normalised score scale, or a
 * percent above 1 up to 100 ("80" or "80%"); without it the scale's mastery
 * cut is used.  W and T keep at most 4 decimals as fractions.  "latest" and
 * "average" are read as recent and mean.  Returns 0, or -1 with err set
 * (status PL_EXIT_USAGE, no file or line) naming the text and listing the
 * accepted forms.
 */
int mastery_rule_parse(const char *text, struct mastery_rule *r,
    struct pl_err *err);

/*
 * Writes the canonical text of r ("decaying:0.65", "n-times:3@0.75",
 * "bkt:fit") into buf, NUL-terminated and truncated to size, like snprintf.
 * Returns the length the full text needs.  mastery_rule_parse reads it back
 * to the same rule.  MASTERY_RULE_BUFSIZE always suffices.
 */
#define MASTERY_RULE_BUFSIZE 64
size_t mastery_rule_format(const struct mastery_rule *r, char *buf,
    size_t size);

#define MASTERY_LEVELS_MAX 16
#define MASTERY_NAME_MAX 32	/* bytes, with the NUL */
#define MASTERY_NOT_YET (-1)	/* the level of "no score yet" */
#define MASTERY_NOT_YET_NAME "not_yet"

/*
 * A scale: level i holds the scores s with cut[i] <= s < cut[i+1]; cut[0]
 * is 0 and the other cuts rise strictly within (0,1].  Level mastery_level
 * and those above it are mastered.
 */
struct mastery_scale {
	int nlevels;
	int mastery_level;
	double cut[MASTERY_LEVELS_MAX];
	char name[MASTERY_LEVELS_MAX][MASTERY_NAME_MAX];
};

/*
 * Parses "beginning<0.5<developing<0.75<proficient<0.9<advanced": 2 to 16
 * level names (letters, digits, '_', '-', '.'; unique ignoring case; not
 * "not_yet") separated by cuts, each a number in (0,1] or a percent "80%",
 * strictly increasing.  The mastery level is the one named "proficient" when
 * there is one, else the top level; mastery_scale_set_mastery changes it.
 * Returns 0, or -1 with err set (status PL_EXIT_USAGE).
 */
int mastery_scale_parse(const char *text, struct mastery_scale *s,
    struct pl_err *err);

/* Fills s with beginning<0.5<developing<0.75<proficient<0.9<advanced, mastery
 * level proficient. */
void mastery_scale_default(struct mastery_scale *s);

/* Makes the level called name (any case) the mastery level.  Returns 0, or
 * -1 with err set (status PL_EXIT_USAGE) listing the scale's levels. */
int mastery_scale_set_mastery(struct mastery_scale *s, const char *name,
    struct pl_err *err);

/* The level of a score in 0..1: the highest level whose cut is <= score
 * (a score within 1e-9 below a cut counts as on it). */
int mastery_scale_level(const struct mastery_scale *s, double score01);

/* The name of a level; "not_yet" for MASTERY_NOT_YET. */
const char *mastery_scale_name(const struct mastery_scale *s, int level);

/* The cut of the mastery level, in 0..1. */
double mastery_scale_cut(const struct mastery_scale *s);

/* One score of one student on one objective. */
struct mastery_obs {
	int32_t date;		/* day number (lib/date.h) */
	double points;		/* 0..max */
	double max;		/* > 0 */
	double weight;		/* >= 0; 1 when the evidence gives none */
};

/* A score of a run whose scores share one maximum and each weigh 1: its
 * date and points. */
struct mastery_point {
	int32_t date;
	double points;
};

struct mastery_result {
	int has_score;		/* 0: the rule gave no score */
	double score;		/* 0..1 when has_score */
	int level;		/* MASTERY_NOT_YET or a level of the scale */
	int mastered;		/* level >= the scale's mastery level */
	int32_t mastered_on;	/* first date mastered, or DATE_NONE */
};

/*
 * Applies rule r and scale s to obs[0..n), one student's scores on one
 * objective, already in order (date, seq, input order) and already cut at
 * --as-of.  The level stays MASTERY_NOT_YET while there is no score or fewer
 * than min_evidence scores (the score itself is still given).
 * mastered_on is the first date whose picture, taking every score up to and
 * including that date, is mastered, even if a later score undoes it: so a
 * run with --as-of that date agrees.  Returns 0, or -1 with *out set to "no
 * score" when r is a bkt rule (lib/bkt computes those) or an observation is
 * invalid (max not > 0, weight < 0, a value not finite).
 */
int mastery_eval(const struct mastery_rule *r, const struct mastery_scale *s,
    const struct mastery_obs *obs, size_t n, int min_evidence,
    struct mastery_result *out);

/*
 * mastery_eval for v[0..n), scores in the same order that share the
 * maximum max and each weigh 1: the same result and return value, without
 * spelling each one out as a mastery_obs (the decaying rule, the default,
 * is folded straight from v).
 */
int mastery_eval_points(const struct mastery_rule *r,
    const struct mastery_scale *s, double max, const struct mastery_point *v,
    size_t n, int min_evidence, struct mastery_result *out);

/*
 * The hot path of the default rule with no state beyond two doubles: folds
 * one score into a true decaying average.  *d and *seen start at 0; each call
 * adds value (any scale) with the given weight and weight-of-newest w, as
 * mastery_eval does for decaying:W.  The caller rounds.
 */
void mastery_decay_step(double *d, int *seen, double w, double value,
    double weight);

#endif
