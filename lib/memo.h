/*
 * memo.h - mastery_eval's results for short runs of scores, remembered.
 * A district's pairs mostly have a few scores each on a rubric of a few
 * points, so a few thousand distinct runs make up millions of pairs.
 *
 * A memo is bound to one scale and one --min-evidence; the rules given to
 * memo_eval must stay at their address, unchanged, while it lives.  One
 * memo is one thread's: lanes each have their own.
 */
#ifndef PL_MEMO_H
#define PL_MEMO_H

#include "mastery.h"
#include "store.h"

#include <stddef.h>

/* Runs longer than this are always evaluated. */
#define MEMO_MAX_SCORES 8
/* Plain runs up to this long are read as dates and points for
 * memo_eval_plain, kept or not. */
#define MEMO_PLAIN_SCORES 64

struct memo;

struct memo *memo_new(const struct mastery_scale *s, int min_evidence);
void memo_free(struct memo *m);

/*
 * mastery_eval(r, s, obs, n, min_evidence, out) for the memo's s and
 * min_evidence, with the same result and return value.  A run is
 * remembered when it has 1 to MEMO_MAX_SCORES scores in date order (none
 * dated DATE_NONE), each
 * a whole number of points from 0 to 15 of one shared maximum, with
 * weight 1: then it is known by its points, its maximum, which of its
 * scores share a date, and its rule.  Any other run is evaluated.
 */
int memo_eval(struct memo *m, const struct mastery_rule *r,
    const struct mastery_obs *obs, size_t n, struct mastery_result *out);

/*
 * memo_eval for a run of plain scores from the store (v[0..n), in date
 * order), each of maximum max and weight 1.
 */
int memo_eval_plain(struct memo *m, const struct mastery_rule *r,
    double max, const struct mastery_point *v, size_t n,
    struct mastery_result *out);

/* Runs answered from the memo, and runs evaluated, so far. */
unsigned long memo_hits(const struct memo *m);
unsigned long memo_misses(const struct memo *m);

#endif
