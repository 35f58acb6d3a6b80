/*
 * store.c - the compact evidence store.  Scores are appended as they come;
 * store_finish groups them by pair with a counting sort (linear), orders
 * each pair's few scores by insertion sort, and sorts the pairs by their
 * ids' text.
 */
#include "store.h"
#include "intern.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct pair {
	uint32_t student, objective;
	size_t start, n;	/* into the sorted scores, after finish */
};

struct store {
	struct intern *students, *objectives;
	struct store_obs *obs;
	uint32_t *obs_pair;
	size_t nobs, obs_cap;
	struct pair *pairs;
	size_t npairs, pairs_cap;
	uint64_t *keys;		/* hash of (student, objective) -> pair + 1 */
	uint32_t *slots;
	size_t nslots;
	uint32_t *order;	/* pairs sorted by ids, after finish */
	uint32_t *srank, *orank;	/* text rank of each id, after finish */
};

struct store *
store_new(void)
{
	struct store *s = xcalloc(1, sizeof *s);

	s->students = intern_new();
	s->objectives = intern_new();
	return s;
}

void
store_free(struct store *s)
{
	if (s == NULL)
		return;
	store_reset(s);
	intern_free(s->students);
	intern_free(s->objectives);
	free(s->obs);
	free(s->obs_pair);
	free(s->pairs);
	free(s->keys);
	free(s->slots);
	free(s);
}

void
store_reset(struct store *s)
{
	s->nobs = 0;
	s->npairs = 0;
	if (s->nslots)
		memset(s->slots, 0, s->nslots * sizeof *s->slots);
	free(s->order);
	free(s->srank);
	free(s->orank);
	s->order = s->srank = s->orank = NULL;
	intern_free(s->students);
	s->students = intern_new();
}

uint32_t
store_student(struct store *s, const char *id, size_t len)
{
	return intern_add(s->students, id, len);
}

uint32_t
store_objective(struct store *s, const char *id, size_t len)
{
	return intern_add(s->objectives, id, len);
}

size_t
store_nstudents(const struct store *s)
{
	return intern_count(s->students);
}

size_t
store_nobjectives(const struct store *s)
{
	return intern_count(s->objectives);
}

const char *
store_student_id(const struct store *s, uint32_t student)
{
	return intern_str(s->students, student);
}

const char *
store_objective_id(const struct store *s, uint32_t objective)
{
	return intern_str(s->objectives, objective);
}

uint32_t
store_find_student(const struct store *s, const char *id, size_t len)
{
	return intern_find(s->students, id, len);
}

static uint64_t
mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static void
grow_slots(struct store *s)
{
	size_t n = s->nslots ? s->nslots * 2 : 1024, i;
	uint32_t *slots = xcalloc(n, sizeof *slots);

	free(s->keys);
	s->keys = NULL;
	for (i = 0; i < s->npairs; i++) {
		uint64_t k = ((uint64_t)s->pairs[i].student << 32) |
		    s->pairs[i].objective;
		size_t j = (size_t)mix(k) & (n - 1);

		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = (uint32_t)i + 1;
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = n;
}

static uint32_t
pair_of(struct store *s, uint32_t student, uint32_t objective)
{
	uint64_t k = ((uint64_t)student << 32) | objective;
	size_t j;

	if ((s->npairs + 1) * 2 > s->nslots)
		grow_slots(s);
	j = (size_t)mix(k) & (s->nslots - 1);
	while (s->slots[j]) {
		const struct pair *p = &s->pairs[s->slots[j] - 1];

		if (p->student == student && p->objective == objective)
			return s->slots[j] - 1;
		j = (j + 1) & (s->nslots - 1);
	}
	s->pairs = xgrow(s->pairs, &s->pairs_cap, s->npairs + 1,
	    sizeof *s->pairs);
	s->pairs[s->npairs].student = student;
	s->pairs[s->npairs].objective = objective;
	s->pairs[s->npairs].start = 0;
	s->pairs[s->npairs].n = 0;
	s->slots[j] = (uint32_t)s->npairs + 1;
	return (uint32_t)s->npairs++;
}

void
store_add(struct store *s, uint32_t student, uint32_t objective,
    struct store_obs o)
{
	uint32_t p = pair_of(s, student, objective);
	size_t cap = s->obs_cap;

	s->obs = xgrow(s->obs, &cap, s->nobs + 1, sizeof *s->obs);
	cap = s->obs_cap;
	s->obs_pair = xgrow(s->obs_pair, &cap, s->nobs + 1,
	    sizeof *s->obs_pair);
	s->obs_cap = cap;
	o.order = (uint32_t)s->nobs;
	s->obs[s->nobs] = o;
	s->obs_pair[s->nobs] = p;
	s->pairs[p].n++;
	s->nobs++;
}

size_t
store_nobs(const struct store *s)
{
	return s->nobs;
}

static int
before(const struct store_obs *a, const struct store_obs *b)
{
	if (a->date != b->date)
		return a->date < b->date;
	if (a->seq != b->seq)
		return a->seq < b->seq;
	return a->order < b->order;
}

/* Ranks the ids of an intern by their text, so pairs compare by integers. */
static uint32_t *
text_ranks(const struct intern *in)
{
	size_t n = intern_count(in), i;
	uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);
	uint32_t *rank = xmalloc((n ? n : 1) * sizeof *rank);
	const struct intern *ctx = in;

	for (i = 0; i < n; i++)
		ids[i] = (uint32_t)i;
	/* A merge sort keeps this free of qsort's global context. */
	{
		uint32_t *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
		size_t width, lo;

		for (width = 1; width < n; width *= 2) {
			for (lo = 0; lo < n; lo += 2 * width) {
				size_t mid = lo + width < n ? lo + width : n;
				size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
				size_t a = lo, b = mid, k = lo;

				while (a < mid && b < hi)
					tmp[k++] = strcmp(intern_str(ctx, ids[b]),
					    intern_str(ctx, ids[a])) < 0 ?
					    ids[b++] : ids[a++];
				while (a < mid)
					tmp[k++] = ids[a++];
				while (b < hi)
					tmp[k++] = ids[b++];
			}
			memcpy(ids, tmp, n * sizeof *ids);
		}
		free(tmp);
	}
	for (i = 0; i < n; i++)
		rank[ids[i]] = (uint32_t)i;
	free(ids);
	return rank;
}

struct keyed {
	uint64_t key;
	uint32_t idx;
};

static int
cmp_keys(const void *a, const void *b)
{
	uint64_t x = ((const struct keyed *)a)->key;
	uint64_t y = ((const struct keyed *)b)->key;

	return x < y ? -1 : x > y;
}

static int
cmp_obs(const void *a, const void *b)
{
	const struct store_obs *x = a, *y = b;

	return before(x, y) ? -1 : before(y, x);
}

void
store_finish(struct store *s)
{
	struct store_obs *sorted;
	size_t i, j, start = 0;

	/* Counting sort by pair. */
	for (i = 0; i < s->npairs; i++) {
		s->pairs[i].start = start;
		start += s->pairs[i].n;
		s->pairs[i].n = 0;
	}
	sorted = xmalloc((s->nobs ? s->nobs : 1) * sizeof *sorted);
	for (i = 0; i < s->nobs; i++) {
		struct pair *p = &s->pairs[s->obs_pair[i]];

		sorted[p->start + p->n++] = s->obs[i];
	}
	free(s->obs);
	s->obs = sorted;
	s->obs_cap = s->nobs;
	/* Insertion sort within each pair: a pair holds a few scores. */
	for (i = 0; i < s->npairs; i++) {
		struct store_obs *o = s->obs + s->pairs[i].start;
		size_t n = s->pairs[i].n;

		if (n > 32) {
			qsort(o, n, sizeof *o, cmp_obs);
			continue;
		}
		for (j = 1; j < n; j++) {
			struct store_obs x = o[j];
			size_t k = j;

			while (k > 0 && before(&x, &o[k - 1])) {
				o[k] = o[k - 1];
				k--;
			}
			o[k] = x;
		}
	}
	s->srank = text_ranks(s->students);
	s->orank = text_ranks(s->objectives);
	/* Sort pairs by (student rank, objective rank): unique 64-bit keys. */
	{
		struct keyed *keys = xmalloc((s->npairs ? s->npairs : 1) *
		    sizeof *keys);

		for (i = 0; i < s->npairs; i++) {
			keys[i].key = ((uint64_t)s->srank[s->pairs[i].student] << 32) |
			    s->orank[s->pairs[i].objective];
			keys[i].idx = (uint32_t)i;
		}
		qsort(keys, s->npairs, sizeof *keys, cmp_keys);
		s->order = xmalloc((s->npairs ? s->npairs : 1) *
		    sizeof *s->order);
		for (i = 0; i < s->npairs; i++)
			s->order[i] = keys[i].idx;
		free(keys);
	}
}

size_t
store_npairs(const struct store *s)
{
	return s->npairs;
}

void
store_pair(const struct store *s, size_t i, uint32_t *student,
    uint32_t *objective, const struct store_obs **obs, size_t *n)
{
	const struct pair *p = &s->pairs[s->order[i]];

	*student = p->student;
	*objective = p->objective;
	*obs = s->obs + p->start;
	*n = p->n;
}
