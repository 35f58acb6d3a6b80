/*
 * store.c - the compact evidence store.  A score takes 16 bytes: its points,
 * its date and its pair; the rare score with its own maximum, a weight, a
 * seq or a correct flag keeps those in a side table.  A hash of
 * (student, objective) holds each pair's id and count, so adding a score
 * touches one slot.  store_finish ranks the ids by their text, orders the
 * pairs by two counting sorts, and moves every score to its place in that
 * order with an in-place permutation: no second copy of the scores.
 */
#include "store.h"
#include "intern.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define EXT 0x80000000u		/* the score's details are in s->ext */

struct score {
	double points;
	int32_t date;		/* index into s->ext when EXT is set */
	uint32_t pair;		/* pair id (place after finish) | EXT */
};

struct slot {
	uint32_t student, objective;
	uint32_t pair;
	uint32_t count;		/* 0: empty */
};

struct pair {
	uint32_t student, objective;
	size_t start, n;	/* into the scores, after finish */
};

struct store {
	struct intern *students, *objectives;
	struct score *scores;
	size_t nscores, scores_cap;
	struct store_obs *ext;	/* scores with their own details */
	size_t next, ext_cap;
	float common_max;	/* the maximum of the first score */
	struct slot *slots;
	size_t nslots, npairs;
	struct pair *pairs;	/* after finish */
	uint32_t *order;	/* pairs in (student, objective) text order */
	struct scratch *scratch;	/* the scores of the last store_pair */
};

/* Apart from the store, so that store_pair can take a const store. */
struct scratch {
	struct store_obs *v;
	size_t cap;
};

struct store *
store_new(void)
{
	struct store *s = xcalloc(1, sizeof *s);

	s->students = intern_new();
	s->objectives = intern_new();
	s->scratch = xcalloc(1, sizeof *s->scratch);
	return s;
}

void
store_free(struct store *s)
{
	if (s == NULL)
		return;
	intern_free(s->students);
	intern_free(s->objectives);
	free(s->scores);
	free(s->ext);
	free(s->slots);
	free(s->pairs);
	free(s->order);
	free(s->scratch->v);
	free(s->scratch);
	free(s);
}

void
store_reset(struct store *s)
{
	s->nscores = 0;
	s->next = 0;
	s->npairs = 0;
	if (s->nslots)
		memset(s->slots, 0, s->nslots * sizeof *s->slots);
	free(s->pairs);
	free(s->order);
	s->pairs = NULL;
	s->order = NULL;
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

static size_t
slot_of(uint32_t student, uint32_t objective, size_t mask)
{
	uint64_t k = ((uint64_t)student << 32) | objective;

	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k & mask;
}

/* Grows the slots so that need pairs fit (at most 3/4 full). */
static void
grow_slots(struct store *s, size_t need)
{
	size_t n = s->nslots ? s->nslots * 2 : 1024, i;

	while (need * 4 > n * 3)
		n *= 2;
	struct slot *slots = xcalloc(n, sizeof *slots);

	for (i = 0; i < s->nslots; i++) {
		const struct slot *o = &s->slots[i];
		size_t j;

		if (o->count == 0)
			continue;
		j = slot_of(o->student, o->objective, n - 1);
		while (slots[j].count)
			j = (j + 1) & (n - 1);
		slots[j] = *o;
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = n;
}

/* The pair of (student, objective), counted n more times. */
static uint32_t
count_pair_n(struct store *s, uint32_t student, uint32_t objective,
    uint32_t n)
{
	size_t mask, j;

	if ((s->npairs + 1) * 4 > s->nslots * 3)
		grow_slots(s, s->npairs + 1);
	mask = s->nslots - 1;
	j = slot_of(student, objective, mask);
	for (;;) {
		struct slot *sl = &s->slots[j];

		if (sl->count == 0) {
			sl->student = student;
			sl->objective = objective;
			sl->pair = (uint32_t)s->npairs++;
			sl->count = n;
			return sl->pair;
		}
		if (sl->student == student && sl->objective == objective) {
			sl->count += n;
			return sl->pair;
		}
		j = (j + 1) & mask;
	}
}

static uint32_t
count_pair(struct store *s, uint32_t student, uint32_t objective)
{
	return count_pair_n(s, student, objective, 1);
}

/* Ids of src's strings in dst, added when new. */
static uint32_t *
map_ids(struct intern *dst, const struct intern *src)
{
	size_t n = intern_count(src), i;
	uint32_t *map = xmalloc((n ? n : 1) * sizeof *map);

	for (i = 0; i < n; i++)
		map[i] = intern_add(dst, intern_str(src, (uint32_t)i),
		    intern_len(src, (uint32_t)i));
	return map;
}

void
store_absorb(struct store *s, struct store *src)
{
	uint32_t *smap = map_ids(s->students, src->students);
	uint32_t *omap = map_ids(s->objectives, src->objectives);
	uint32_t *pmap = xmalloc((src->npairs ? src->npairs : 1) *
	    sizeof *pmap);
	size_t i, ext0;
	int same_max;

	if (s->nscores == 0 && s->next == 0)
		s->common_max = src->common_max;
	same_max = s->common_max == src->common_max;
	for (i = 0; i < src->nslots; i++) {
		const struct slot *sl = &src->slots[i];

		if (sl->count == 0)
			continue;
		pmap[sl->pair] = count_pair_n(s, smap[sl->student],
		    omap[sl->objective], sl->count);
	}
	free(src->slots);
	src->slots = NULL;
	src->nslots = 0;
	src->npairs = 0;
	/* The scores follow s's own, in src's order. */
	ext0 = s->next;
	if (src->next) {
		s->ext = xgrow(s->ext, &s->ext_cap, s->next + src->next,
		    sizeof *s->ext);
		memcpy(s->ext + s->next, src->ext, src->next * sizeof *s->ext);
		s->next += src->next;
	}
	s->scores = xgrow(s->scores, &s->scores_cap, s->nscores +
	    src->nscores, sizeof *s->scores);
	for (i = 0; i < src->nscores; i++) {
		struct score sc = src->scores[i];
		uint32_t p = pmap[sc.pair & ~EXT];

		if (sc.pair & EXT) {
			sc.date = (int32_t)(ext0 + (size_t)sc.date);
			sc.pair = p | EXT;
		} else if (same_max) {
			sc.pair = p;
		} else {
			/* src's common maximum is not s's: spell it out. */
			struct store_obs o;

			memset(&o, 0, sizeof o);
			o.date = sc.date;
			o.points = sc.points;
			o.max = src->common_max;
			o.weight = 1;
			o.correct = -1;
			s->ext = xgrow(s->ext, &s->ext_cap, s->next + 1,
			    sizeof *s->ext);
			s->ext[s->next] = o;
			sc.date = (int32_t)s->next++;
			sc.pair = p | EXT;
		}
		s->scores[s->nscores++] = sc;
	}
	free(smap);
	free(omap);
	free(pmap);
	src->nscores = 0;
	src->next = 0;
}

void
store_add(struct store *s, uint32_t student, uint32_t objective,
    struct store_obs o)
{
	uint32_t p = count_pair(s, student, objective);
	struct score *sc;

	if (s->nscores == s->scores_cap)
		s->scores = xgrow(s->scores, &s->scores_cap, s->nscores + 1,
		    sizeof *s->scores);
	if (s->nscores == 0 && s->next == 0)
		s->common_max = o.max;
	sc = &s->scores[s->nscores];
	sc->points = o.points;
	sc->pair = p;
	if (o.max == s->common_max && o.weight == 1 && o.seq == 0 &&
	    o.correct == -1) {
		sc->date = o.date;
	} else {
		s->ext = xgrow(s->ext, &s->ext_cap, s->next + 1, sizeof *s->ext);
		s->ext[s->next] = o;
		sc->date = (int32_t)s->next++;
		sc->pair |= EXT;
	}
	s->nscores++;
}

size_t
store_nobs(const struct store *s)
{
	return s->nscores;
}

/* Ranks the ids of an intern by their text, so pairs compare by integers. */
static uint32_t *
text_ranks(const struct intern *in)
{
	size_t n = intern_count(in), i, width, lo;
	uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);
	uint32_t *tmp = xmalloc((n ? n : 1) * sizeof *tmp);

	for (i = 0; i < n; i++)
		ids[i] = (uint32_t)i;
	/* A merge sort keeps this free of qsort's global context. */
	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				tmp[k++] = strcmp(intern_str(in, ids[b]),
				    intern_str(in, ids[a])) < 0 ?
				    ids[b++] : ids[a++];
			while (a < mid)
				tmp[k++] = ids[a++];
			while (b < hi)
				tmp[k++] = ids[b++];
		}
		memcpy(ids, tmp, n * sizeof *ids);
	}
	for (i = 0; i < n; i++)
		tmp[ids[i]] = (uint32_t)i;
	free(ids);
	return tmp;
}

/* Stable counting sort of the pair ids in[0..n) by key[id] < nkeys. */
static void
count_sort(const uint32_t *in, uint32_t *out, size_t n, const uint32_t *key,
    size_t nkeys)
{
	size_t *at = xcalloc(nkeys + 1, sizeof *at), i, sum = 0;

	for (i = 0; i < n; i++)
		at[key[in[i]]]++;
	for (i = 0; i < nkeys; i++) {
		size_t c = at[i];

		at[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		out[at[key[in[i]]]++] = in[i];
	free(at);
}

#define BUCKET_BITS 12

/*
 * Moves each score to the place in its pair field, in place.  Following
 * the permutation's cycles directly would miss the cache at every step;
 * so first each score goes to its bucket of 4096 places (an in-place
 * bucket sort whose write positions advance in streams), then the cycles
 * are followed within each bucket, which fits in the cache.
 */
static void
place(struct score *v, size_t n)
{
	size_t nb = (n >> BUCKET_BITS) + 1, b, i;
	size_t *next = xmalloc(nb * sizeof *next);

	for (b = 0; b < nb; b++)
		next[b] = b << BUCKET_BITS;
	for (b = 0; b < nb; b++) {
		size_t end = (b + 1) << BUCKET_BITS;

		if (end > n)
			end = n;
		while (next[b] < end) {
			size_t t = (v[next[b]].pair & ~EXT) >> BUCKET_BITS;

			if (t == b) {
				next[b]++;
			} else {
				struct score x = v[next[t]];

				v[next[t]++] = v[next[b]];
				v[next[b]] = x;
			}
		}
	}
	free(next);
	for (i = 0; i < n; i++) {
		while ((v[i].pair & ~EXT) != i) {
			size_t d = v[i].pair & ~EXT;
			struct score x = v[d];

			v[d] = v[i];
			v[i] = x;
		}
	}
}

void
store_finish(struct store *s)
{
	size_t np = s->npairs, i, start = 0;
	uint32_t *srank = text_ranks(s->students);
	uint32_t *orank = text_ranks(s->objectives);
	uint32_t *key = xmalloc((np ? np : 1) * sizeof *key);
	uint32_t *tmp = xmalloc((np ? np : 1) * sizeof *tmp);

	s->pairs = xmalloc((np ? np : 1) * sizeof *s->pairs);
	for (i = 0; i < s->nslots; i++) {
		const struct slot *sl = &s->slots[i];

		if (sl->count == 0)
			continue;
		s->pairs[sl->pair].student = sl->student;
		s->pairs[sl->pair].objective = sl->objective;
		s->pairs[sl->pair].n = sl->count;
	}
	if (s->nslots > 65536) {
		free(s->slots);
		s->slots = NULL;
		s->nslots = 0;
	}
	/* Pairs by objective text, then (stably) by student text. */
	s->order = xmalloc((np ? np : 1) * sizeof *s->order);
	for (i = 0; i < np; i++) {
		tmp[i] = (uint32_t)i;
		key[i] = orank[s->pairs[i].objective];
	}
	count_sort(tmp, s->order, np, key, intern_count(s->objectives));
	for (i = 0; i < np; i++)
		key[i] = srank[s->pairs[i].student];
	count_sort(s->order, tmp, np, key, intern_count(s->students));
	memcpy(s->order, tmp, np * sizeof *tmp);
	free(key);
	free(tmp);
	free(srank);
	free(orank);
	for (i = 0; i < np; i++) {
		struct pair *p = &s->pairs[s->order[i]];

		p->start = start;
		start += p->n;
		p->n = 0;
	}
	/* Each score's place: its pair's start plus its rank in input order. */
	for (i = 0; i < s->nscores; i++) {
		struct pair *p = &s->pairs[s->scores[i].pair & ~EXT];

		s->scores[i].pair = (uint32_t)(p->start + p->n++) |
		    (s->scores[i].pair & EXT);
	}
	place(s->scores, s->nscores);
}

int
store_finished(const struct store *s)
{
	return s->order != NULL;
}

size_t
store_npairs(const struct store *s)
{
	return s->npairs;
}

void
store_pair_ids(const struct store *s, size_t i, uint32_t *student,
    uint32_t *objective)
{
	const struct pair *p = &s->pairs[s->order[i]];

	*student = p->student;
	*objective = p->objective;
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

static int
cmp_obs(const void *a, const void *b)
{
	const struct store_obs *x = a, *y = b;

	return before(x, y) ? -1 : before(y, x);
}

void
store_pair(const struct store *s, size_t i, uint32_t *student,
    uint32_t *objective, const struct store_obs **obs, size_t *n)
{
	store_pair_buf(s, i, student, objective, &s->scratch->v,
	    &s->scratch->cap, n);
	*obs = s->scratch->v;
}

void
store_pair_buf(const struct store *s, size_t i, uint32_t *student,
    uint32_t *objective, struct store_obs **buf, size_t *cap, size_t *n)
{
	const struct pair *p = &s->pairs[s->order[i]];
	const struct score *sc = s->scores + p->start;
	struct store_obs *o;
	size_t j, k;

	*student = p->student;
	*objective = p->objective;
	*n = p->n;
	if (p->n > *cap)
		*buf = xgrow(*buf, cap, p->n, sizeof **buf);
	o = *buf;
	for (j = 0; j < p->n; j++) {
		struct store_obs x;

		if (sc[j].pair & EXT) {
			x = s->ext[sc[j].date];
		} else {
			memset(&x, 0, sizeof x);
			x.date = sc[j].date;
			x.max = s->common_max;
			x.weight = 1;
			x.correct = -1;
		}
		x.points = sc[j].points;
		x.order = (uint32_t)(p->start + j);
		if (p->n > 32) {
			o[j] = x;
			continue;
		}
		/* Insertion sort: a pair holds a few scores. */
		for (k = j; k > 0 && before(&x, &o[k - 1]); k--)
			o[k] = o[k - 1];
		o[k] = x;
	}
	if (p->n > 32)
		qsort(o, p->n, sizeof *o, cmp_obs);
}
