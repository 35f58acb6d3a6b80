/*
 * memo.c - a direct-mapped table of mastery results, keyed by a short
 * run's points, shared maximum, date pattern and rule.  mastery_eval is a
 * function of exactly those (dates matter only as equal or not to the
 * next one's, and as mastered_on, which is one of them): a hit gives the
 * bytes a call would, and costs a key and one slot's read.
 */
#include "memo.h"
#include "date.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 2048		/* a power of two; 80 KB */

struct slot {
	uint64_t key;		/* 0: empty (a key's count is >= 1) */
	const struct mastery_rule *rule;
	double max;
	double score;
	int32_t level;
	int8_t has_score, mastered;
	int8_t on;		/* mastered_on: the date of score on, or -1 */
};

struct memo {
	const struct mastery_scale *scale;
	int min_evidence;
	unsigned long hits, misses;
	struct slot slot[SLOTS];
};

struct memo *
memo_new(const struct mastery_scale *s, int min_evidence)
{
	struct memo *m = xcalloc(1, sizeof *m);

	m->scale = s;
	m->min_evidence = min_evidence;
	return m;
}

void
memo_free(struct memo *m)
{
	if (m == NULL)
		return;
	free(m);
}

unsigned long
memo_hits(const struct memo *m)
{
	return m->hits;
}

unsigned long
memo_misses(const struct memo *m)
{
	return m->misses;
}

/*
 * A run's key: its count (4 bits), a bit per score but the last set when
 * the next score has another date (7), and each score's points (4 each,
 * 32); 0 when the run is not one the memo keeps.  key_start begins it,
 * key_add adds score i of n, with the next score's date.
 */
static uint64_t
key_start(size_t n, double max, int32_t first)
{
	/* A first date of DATE_NONE would read as "not mastered" in
	 * mastery_eval's answer: such a run is evaluated every time. */
	if (n == 0 || n > MEMO_MAX_SCORES || !(max > 0) || !isfinite(max) ||
	    first == DATE_NONE)
		return 0;
	return n;
}

static uint64_t
key_add(uint64_t key, size_t i, size_t n, double p, int32_t date,
    int32_t next)
{
	unsigned v;

	if (key == 0 || !(p >= 0 && p < 16) || signbit(p) ||
	    (double)(v = (unsigned)p) != p)
		return 0;
	key |= (uint64_t)v << (11 + 4 * i);
	if (i + 1 < n) {
		if (next < date)
			return 0;
		if (next != date)
			key |= (uint64_t)1 << (4 + i);
	}
	return key;
}

static uint64_t
key_of(const struct mastery_obs *obs, size_t n)
{
	uint64_t key = key_start(n, n ? obs[0].max : 0, n ? obs[0].date : 0);
	size_t i;

	for (i = 0; i < n && key != 0; i++) {
		if (obs[i].weight != 1 || obs[i].max != obs[0].max)
			return 0;
		key = key_add(key, i, n, obs[i].points, obs[i].date,
		    i + 1 < n ? obs[i + 1].date : 0);
	}
	return key;
}

static size_t
slot_of(uint64_t key, const struct mastery_rule *r, double max)
{
	uint64_t bits, h;

	memcpy(&bits, &max, sizeof bits);
	h = (key ^ (uint64_t)(uintptr_t)r * 0x9e3779b97f4a7c15ULL ^ bits) *
	    0xd6e8feb86659fd93ULL;
	return (size_t)(h >> 53) & (SLOTS - 1);
}

/* The slot of a key, when it holds that run; else NULL. */
static struct slot *
held(struct memo *m, uint64_t key, const struct mastery_rule *r, double max)
{
	struct slot *sl = &m->slot[slot_of(key, r, max)];

	if (sl->key == key && sl->rule == r && sl->max == max) {
		m->hits++;
		return sl;
	}
	return NULL;
}

/* A slot's result, mastered on the date given (that of the run's score
 * sl->on, or DATE_NONE). */
static void
answer(const struct slot *sl, int32_t on, struct mastery_result *out)
{
	out->has_score = sl->has_score;
	out->score = sl->score;
	out->level = sl->level;
	out->mastered = sl->mastered;
	out->mastered_on = on;
}

/* Remembers out, a run's result, under key (when not 0); on is the index
 * of the run's first score dated out->mastered_on. */
static void
remember(struct memo *m, uint64_t key, const struct mastery_rule *r,
    double max, const struct mastery_result *out, size_t on)
{
	struct slot *sl;

	if (key == 0)
		return;
	m->misses++;
	sl = &m->slot[slot_of(key, r, max)];
	sl->key = key;
	sl->rule = r;
	sl->max = max;
	sl->score = out->score;
	sl->level = out->level;
	sl->has_score = (int8_t)out->has_score;
	sl->mastered = (int8_t)out->mastered;
	sl->on = out->mastered_on == DATE_NONE ? -1 : (int8_t)on;
}

int
memo_eval(struct memo *m, const struct mastery_rule *r,
    const struct mastery_obs *obs, size_t n, struct mastery_result *out)
{
	uint64_t key = key_of(obs, n);
	const struct slot *sl;
	size_t j;

	if (key != 0 && (sl = held(m, key, r, obs[0].max)) != NULL) {
		answer(sl, sl->on >= 0 ? obs[sl->on].date : DATE_NONE, out);
		return 0;
	}
	if (mastery_eval(r, m->scale, obs, n, m->min_evidence, out) != 0)
		return -1;
	/* The dates ascend, so the first score of mastered_on's date (one
	 * of the run's, by mastery_eval's contract) stands for it in any run
	 * of the same key. */
	for (j = 0; j < n && obs[j].date != out->mastered_on; j++)
		;
	remember(m, key, r, n ? obs[0].max : 0, out, j);
	return 0;
}

/* key_of for plain scores of maximum max. */
static uint64_t
plain_key(double max, const struct mastery_point *v, size_t n)
{
	uint64_t key = key_start(n, max, n ? v[0].date : 0);
	size_t i;

	for (i = 0; i < n && key != 0; i++)
		key = key_add(key, i, n, v[i].points, v[i].date,
		    i + 1 < n ? v[i + 1].date : 0);
	return key;
}

int
memo_eval_plain(struct memo *m, const struct mastery_rule *r, double max,
    const struct mastery_point *v, size_t n, struct mastery_result *out)
{
	uint64_t key = plain_key(max, v, n);
	const struct slot *sl;
	size_t j;

	if (key != 0 && (sl = held(m, key, r, max)) != NULL) {
		answer(sl, sl->on >= 0 ? v[sl->on].date : DATE_NONE, out);
		return 0;
	}
	if (mastery_eval_points(r, m->scale, max, v, n, m->min_evidence,
	    out) != 0)
		return -1;
	for (j = 0; j < n && v[j].date != out->mastered_on; j++)
		;
	remember(m, key, r, max, out, j);
	return 0;
}
