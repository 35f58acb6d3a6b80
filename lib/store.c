/*
 * store.c - the compact evidence store.  A score takes 16 bytes: its points,
 * its date and its objective; the rare score with its own maximum, a
 * weight, a seq or a correct flag keeps those in a side table.  Each
 * student's scores are appended to the student's own array, so adding a
 * score touches that array's tail and nothing keyed by the pair: with a
 * district's millions of pairs a pair table misses the cache on every row,
 * while the students' tails stay in it.  store_finish sorts each student's
 * scores by objective text with a stable radix sort, in the cache, and
 * finds the pairs as runs; a pair's scores are put in date order when read.
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
	uint32_t objective;	/* objective id | EXT */
};

struct student {
	struct score *v;
	uint32_t n, cap;
};

struct pair {
	uint32_t student, objective;
	uint32_t off, n;	/* into the student's scores */
};

struct store {
	struct intern *students, *objectives;
	struct student *st;	/* by student id */
	size_t st_cap;
	size_t nscores;
	struct store_obs *ext;	/* scores with their own details */
	size_t next, ext_cap;
	float common_max;	/* the maximum of the first score */
	struct pair *pairs;	/* after finish, in (student, objective)
				 * text order */
	size_t npairs;
	int finished;
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

static void
free_students(struct store *s)
{
	size_t i, n = intern_count(s->students);

	for (i = 0; i < n && i < s->st_cap; i++)
		free(s->st[i].v);
	free(s->st);
	s->st = NULL;
	s->st_cap = 0;
}

void
store_free(struct store *s)
{
	if (s == NULL)
		return;
	free_students(s);
	intern_free(s->students);
	intern_free(s->objectives);
	free(s->ext);
	free(s->pairs);
	free(s->scratch->v);
	free(s->scratch);
	free(s);
}

void
store_reset(struct store *s)
{
	free_students(s);
	s->nscores = 0;
	s->next = 0;
	s->npairs = 0;
	s->finished = 0;
	free(s->pairs);
	s->pairs = NULL;
	intern_free(s->students);
	s->students = intern_new();
}

uint32_t
store_student(struct store *s, const char *id, size_t len)
{
	uint32_t id_ = intern_add(s->students, id, len);

	if (id_ >= s->st_cap) {
		size_t old = s->st_cap;

		s->st = xgrow(s->st, &s->st_cap, (size_t)id_ + 1, sizeof *s->st);
		memset(s->st + old, 0, (s->st_cap - old) * sizeof *s->st);
	}
	return id_;
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

/* Room for one more score of student st. */
static struct score *
push(struct student *st)
{
	if (st->n == st->cap) {
		size_t cap = st->cap;

		if (cap >= UINT32_MAX / 2)
			xnomem(SIZE_MAX);
		cap = cap ? 2 * cap : 4;
		st->v = xrealloc(st->v, cap * sizeof *st->v);
		st->cap = (uint32_t)cap;
	}
	return &st->v[st->n++];
}

/* Keeps o in the side table; its index. */
static int32_t
keep_ext(struct store *s, const struct store_obs *o)
{
	if (s->next >= EXT)
		xnomem(SIZE_MAX);
	s->ext = xgrow(s->ext, &s->ext_cap, s->next + 1, sizeof *s->ext);
	s->ext[s->next] = *o;
	return (int32_t)s->next++;
}

void
store_add(struct store *s, uint32_t student, uint32_t objective,
    struct store_obs o)
{
	struct score *sc = push(&s->st[student]);

	if (s->nscores == 0 && s->next == 0)
		s->common_max = o.max;
	sc->points = o.points;
	sc->objective = objective;
	if (o.max == s->common_max && o.weight == 1 && o.seq == 0 &&
	    o.correct == -1) {
		sc->date = o.date;
	} else {
		sc->date = keep_ext(s, &o);
		sc->objective |= EXT;
	}
	s->nscores++;
}

size_t
store_nobs(const struct store *s)
{
	return s->nscores;
}

/* Ids of src's strings in dst, added when new. */
static uint32_t *
map_ids(struct store *s, const struct intern *src, int students)
{
	size_t n = intern_count(src), i;
	uint32_t *map = xmalloc((n ? n : 1) * sizeof *map);

	for (i = 0; i < n; i++) {
		const char *id = intern_str(src, (uint32_t)i);
		size_t len = intern_len(src, (uint32_t)i);

		map[i] = students ? store_student(s, id, len) :
		    store_objective(s, id, len);
	}
	return map;
}

void
store_absorb(struct store *s, struct store *src)
{
	uint32_t *smap = map_ids(s, src->students, 1);
	uint32_t *omap = map_ids(s, src->objectives, 0);
	size_t i, j, ext0, n = intern_count(src->students);
	int same_max;

	if (s->nscores == 0 && s->next == 0)
		s->common_max = src->common_max;
	same_max = s->common_max == src->common_max;
	/* The scores follow s's own, in src's order. */
	ext0 = s->next;
	if (src->next) {
		if (s->next + src->next >= EXT)
			xnomem(SIZE_MAX);
		s->ext = xgrow(s->ext, &s->ext_cap, s->next + src->next,
		    sizeof *s->ext);
		memcpy(s->ext + s->next, src->ext, src->next * sizeof *s->ext);
		s->next += src->next;
	}
	for (i = 0; i < n; i++) {
		struct student *from = &src->st[i], *to = &s->st[smap[i]];

		for (j = 0; j < from->n; j++) {
			struct score sc = from->v[j];
			uint32_t ob = omap[sc.objective & ~EXT];

			if (sc.objective & EXT) {
				sc.date = (int32_t)(ext0 + (size_t)sc.date);
				sc.objective = ob | EXT;
			} else if (same_max) {
				sc.objective = ob;
			} else {
				/* src's common maximum is not s's: spell it
				 * out. */
				struct store_obs o;

				memset(&o, 0, sizeof o);
				o.date = sc.date;
				o.points = sc.points;
				o.max = src->common_max;
				o.weight = 1;
				o.correct = -1;
				sc.date = keep_ext(s, &o);
				sc.objective = ob | EXT;
			}
			*push(to) = sc;
		}
		s->nscores += from->n;
		free(from->v);
		from->v = NULL;
		from->n = from->cap = 0;
	}
	free(smap);
	free(omap);
	src->nscores = 0;
	src->next = 0;
}

/* The ids of an intern in the order of their text. */
static uint32_t *
text_order(const struct intern *in)
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
	free(tmp);
	return ids;
}

/* The rank of each id in an order. */
static uint32_t *
ranks_of(const uint32_t *order, size_t n)
{
	uint32_t *rank = xmalloc((n ? n : 1) * sizeof *rank);
	size_t i;

	for (i = 0; i < n; i++)
		rank[order[i]] = (uint32_t)i;
	return rank;
}

static uint32_t
rank_of(const uint32_t *orank, const struct score *sc)
{
	return orank[sc->objective & ~EXT];
}

/*
 * Sorts v[0..n) by the rank of its objective, stably, so that each pair's
 * scores keep their input order: insertion for a few scores, else an LSD
 * radix sort, a byte of the rank a pass, through tmp (n long).
 */
static void
sort_student(struct score *v, size_t n, const uint32_t *orank,
    uint32_t maxrank, struct score *tmp)
{
	size_t i, k;
	unsigned shift;

	if (n <= 24) {
		for (i = 1; i < n; i++) {
			struct score x = v[i];
			uint32_t r = rank_of(orank, &x);

			for (k = i; k > 0 && rank_of(orank, &v[k - 1]) > r; k--)
				v[k] = v[k - 1];
			v[k] = x;
		}
		return;
	}
	for (shift = 0; shift < 32 && (maxrank >> shift) != 0; shift += 8) {
		uint32_t at[256];
		size_t sum = 0;

		memset(at, 0, sizeof at);
		for (i = 0; i < n; i++)
			at[(rank_of(orank, &v[i]) >> shift) & 0xff]++;
		for (k = 0; k < 256; k++) {
			uint32_t c = at[k];

			if (c == n)
				break;	/* one digit: the pass moves nothing */
			at[k] = (uint32_t)sum;
			sum += c;
		}
		if (k < 256)
			continue;
		for (i = 0; i < n; i++)
			tmp[at[(rank_of(orank, &v[i]) >> shift) & 0xff]++] = v[i];
		memcpy(v, tmp, n * sizeof *v);
	}
}

/* Pairs (runs of one objective) in v[0..n), sorted by sort_student. */
static size_t
count_runs(const struct score *v, size_t n)
{
	size_t i, runs = n > 0;

	for (i = 1; i < n; i++)
		runs += (v[i].objective & ~EXT) != (v[i - 1].objective & ~EXT);
	return runs;
}

void
store_finish(struct store *s)
{
	size_t ns = intern_count(s->students), no = intern_count(s->objectives);
	uint32_t *sorder = text_order(s->students);
	uint32_t *oorder = text_order(s->objectives);
	uint32_t *orank = ranks_of(oorder, no);
	struct score *tmp = NULL;
	size_t tmp_cap = 0, i, np = 0;

	free(oorder);
	for (i = 0; i < ns; i++) {
		struct student *st = &s->st[i];

		if (st->n > tmp_cap) {
			free(tmp);
			tmp_cap = st->n;
			tmp = xmalloc(tmp_cap * sizeof *tmp);
		}
		sort_student(st->v, st->n, orank,
		    no ? (uint32_t)(no - 1) : 0, tmp);
		np += count_runs(st->v, st->n);
	}
	free(tmp);
	free(orank);
	s->pairs = xmalloc((np ? np : 1) * sizeof *s->pairs);
	s->npairs = 0;
	for (i = 0; i < ns; i++) {
		uint32_t id = sorder[i], j, start = 0;
		const struct student *st = &s->st[id];

		for (j = 1; j <= st->n; j++) {
			if (j < st->n && (st->v[j].objective & ~EXT) ==
			    (st->v[start].objective & ~EXT))
				continue;
			s->pairs[s->npairs].student = id;
			s->pairs[s->npairs].objective =
			    st->v[start].objective & ~EXT;
			s->pairs[s->npairs].off = start;
			s->pairs[s->npairs].n = j - start;
			s->npairs++;
			start = j;
		}
	}
	free(sorder);
	s->finished = 1;
}

int
store_finished(const struct store *s)
{
	return s->finished;
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
	const struct pair *p = &s->pairs[i];

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
	const struct pair *p = &s->pairs[i];
	const struct score *sc = s->st[p->student].v + p->off;
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

		if (sc[j].objective & EXT) {
			x = s->ext[sc[j].date];
		} else {
			memset(&x, 0, sizeof x);
			x.date = sc[j].date;
			x.max = s->common_max;
			x.weight = 1;
			x.correct = -1;
		}
		x.points = sc[j].points;
		x.order = (uint32_t)j;
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
