/*
 * store.c - the compact evidence store.  A score takes 8 bytes: its
 * objective, its day and its points in 16 bits each (hundredths up to
 * 327.67, or whole points up to 32766), and as read its student's place
 * in its partition; the rare score that does not fit so (other points, a
 * date before 1970 or after 2149, its own maximum, a weight, a seq or a
 * correct flag, ids past 65535) keeps all of it in a side table.
 *
 * Reading appends each score to one of 256 partitions chosen by the
 * student id: 256 tails stay in the
 * cache, where a tail per student or a slot per pair would miss it on
 * nearly every row of a district's file.  store_finish takes the
 * partitions one at a time (or one a thread): a counting sort puts each
 * student's scores together in input order, in the memory of the blocks
 * of the partition gathered before, a stable radix sort orders
 * them by objective text, all within the cache, and the pairs are the
 * runs, read a student at a time; a pair's scores are put in date order
 * when read.
 */
/* MAP_ANONYMOUS */
#define _DEFAULT_SOURCE
#include "store.h"
#include "intern.h"
#include "util.h"

#include <sys/mman.h>

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define EXT 0x80000000u		/* the score's details are in s->ext */

/* A gathered score: 8 bytes. */
struct score {
	uint32_t objective;	/* objective id | EXT */
	uint32_t v;		/* day << 16 | points code; with EXT, the index
				 * of its details in s->ext */
};

/* A student's scores, after finish: a run of its partition's array. */
struct student {
	struct score *v;
	uint32_t n;
	uint32_t npairs;
};

#define NPART 256
#define BLOCK_MIN 256
#define BLOCK_MAX 4096
#define BLOCK_BYTES (20 * 4096)	/* a full-size block: 5117 scores */

#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

/* A score's details, whole, in the side table: a store_obs without its
 * input order, with its student and objective (ids of the store whose
 * table it is). */
struct ext {
	double points, seq, max, weight;
	int32_t date;
	uint32_t student, objective;
	int8_t correct;
};

/* A score as read, with its student: one record, so that a partition's
 * tail is one stream to write. */
struct rec {
	uint16_t place;		/* its student's place in the partition */
	uint16_t objective;
	uint16_t day;		/* days since 1970-01-01 */
	uint16_t points;	/* a points code; REC_EXT: the score is in
				 * s->ext, at objective << 16 | day */
};

/* Points codes: hundredths of a point (0 to 327.67), or with WHOLE set a
 * whole number of points (0 to 32766); REC_EXT is none. */
#define WHOLE 0x8000u
#define REC_EXT 0xffffu

/*
 * A run of scores in input order, with their students; after finish, a
 * span: a run of gathered scores alone, in the same memory.  Full-size blocks
 * are mapped, not taken from malloc, so that store_finish gives each back
 * to the system as soon as its partition is gathered: the peak is then
 * the blocks, not the blocks and the gathered scores.
 */
struct block {
	struct block *next;
	const struct remap *map;	/* ids of another store, or NULL */
	uint32_t n, cap;
	size_t mapped;		/* its mapping's size, 0 if malloc's */
	struct rec *r;		/* as read; NULL in a span */
	struct score *v;	/* a span's; NULL as read */
};

/* How the ids in an absorbed store's blocks become this store's. */
struct remap {
	struct remap *next;
	uint32_t *student, *objective;
	uint32_t *place[NPART];	/* by partition: our place of its place */
	size_t ext0;		/* where its side table starts in ours */
};

/*
 * A partition: the students whose id's text hashes to it (so another
 * store puts a student in the same one, and absorbing it is splicing the
 * block lists) and their scores.
 */
struct part {
	struct block *head, *tail;
	uint32_t *member;	/* its students, by their place in it */
	size_t nmember, member_cap;
	size_t n;
	/* Where the tail block takes its next record, and how many more it
	 * takes (0 when it is another store's): the tail's own count is
	 * brought up to date by sync_tails, so that reading a row touches no
	 * block header. */
	struct rec *w;
	uint32_t left;
	struct block *spans;	/* after finish: the students' runs */
};

struct store {
	struct intern *students, *objectives;
	struct part part[NPART];
	uint8_t *part_of;	/* by student id */
	uint32_t *place;	/* the student's place in its partition */
	size_t st_cap;
	struct remap *remaps;
	struct student *st;	/* by student id, after finish */
	size_t nscores;
	struct ext *ext;	/* scores with their own details */
	size_t next, ext_cap;
	double common_max;	/* the maximum of the first score */
	uint32_t *sorted;	/* after finish: the students with scores,
				 * in id text order */
	size_t nsorted, npairs;
	int finished;
};

struct store *
store_new(void)
{
	struct store *s = xcalloc(1, sizeof *s);

	s->students = intern_new();
	s->objectives = intern_new_recent();
	return s;
}

/*
 * Blocks being given back: the malloc'd ones at once, the mapped ones in
 * address order, neighbours in one munmap (one call a block took as long
 * as the rest of a district's run after its output).
 */
struct unmap {
	struct span_at {
		char *at;
		size_t len;
	} *v;
	size_t n, cap;
};

static void
unmap_list(struct unmap *u, struct block *b)
{
	struct block *next;

	for (; b != NULL; b = next) {
		next = b->next;
		if (!b->mapped) {
			free(b);
			continue;
		}
		u->v = xgrow(u->v, &u->cap, u->n + 1, sizeof *u->v);
		u->v[u->n].at = (char *)b;
		u->v[u->n].len = b->mapped;
		u->n++;
	}
}

static int
cmp_span_at(const void *a, const void *b)
{
	const struct span_at *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

static void
unmap_run(struct unmap *u)
{
	size_t i = 0, j;

	if (u->n > 1)
		qsort(u->v, u->n, sizeof *u->v, cmp_span_at);
	while (i < u->n) {
		size_t len = u->v[i].len;

		for (j = i + 1; j < u->n && u->v[i].at + len == u->v[j].at;
		    j++)
			len += u->v[j].len;
		munmap(u->v[i].at, len);
		i = j;
	}
	free(u->v);
	u->v = NULL;
	u->n = u->cap = 0;
}

static void
free_list(struct block *b)
{
	struct unmap u = { NULL, 0, 0 };

	unmap_list(&u, b);
	unmap_run(&u);
}

static void
free_blocks(struct part *pt)
{
	free_list(pt->head);
	pt->head = pt->tail = NULL;
	pt->w = NULL;
	pt->left = 0;
}

static void
free_remap(struct remap *m)
{
	size_t i;

	for (i = 0; i < NPART; i++)
		free(m->place[i]);
	free(m->student);
	free(m->objective);
	free(m);
}

/* Drops every score and student. */
static void
free_scores(struct store *s)
{
	size_t i;
	struct remap *r, *next;

	struct unmap u = { NULL, 0, 0 };

	for (i = 0; i < NPART; i++) {
		unmap_list(&u, s->part[i].head);
		unmap_list(&u, s->part[i].spans);
		free(s->part[i].member);
		memset(&s->part[i], 0, sizeof s->part[i]);
	}
	unmap_run(&u);
	free(s->st);
	s->st = NULL;
	free(s->part_of);
	free(s->place);
	s->part_of = NULL;
	s->place = NULL;
	s->st_cap = 0;
	for (r = s->remaps; r != NULL; r = next) {
		next = r->next;
		free_remap(r);
	}
	s->remaps = NULL;
}

void
store_free(struct store *s)
{
	if (s == NULL)
		return;
	free_scores(s);
	intern_free(s->students);
	intern_free(s->objectives);
	free(s->ext);
	free(s->sorted);
	free(s);
}

void
store_reset(struct store *s)
{
	free_scores(s);
	s->nscores = 0;
	s->next = 0;
	s->npairs = 0;
	s->nsorted = 0;
	s->finished = 0;
	free(s->sorted);
	s->sorted = NULL;
	intern_free(s->students);
	s->students = intern_new();
}

/*
 * A student's partition, from bits of its id's intern hash that neither
 * the slot nor its tag uses: the same text gives the same partition in
 * every store, and a reader that has the hash knows it before the id.
 */
static size_t
part_of_hash(uint64_t h)
{
	return (size_t)(h >> 32) & (NPART - 1);
}

uint64_t
store_student_prefetch(const struct store *s, const char *id, size_t len)
{
	uint64_t h = intern_prefetch(s->students, id, len);

#if defined(__GNUC__) || defined(__clang__)
	{
		const struct part *pt = &s->part[part_of_hash(h)];

		if (pt->left != 0)
			__builtin_prefetch(pt->w, 1);
	}
#endif
	return h;
}

static uint32_t
student_hashed(struct store *s, const char *id, size_t len, uint64_t h)
{
	size_t n = intern_count(s->students), pi = part_of_hash(h);
	uint32_t sid = intern_add_hashed(s->students, id, len, h);
	struct part *pt = &s->part[pi];

	if (sid < n)
		return sid;
	if (sid >= s->st_cap) {
		size_t cap = s->st_cap;

		s->part_of = xgrow(s->part_of, &cap, (size_t)sid + 1,
		    sizeof *s->part_of);
		cap = s->st_cap;
		s->place = xgrow(s->place, &cap, (size_t)sid + 1,
		    sizeof *s->place);
		s->st_cap = cap;
	}
	s->part_of[sid] = (uint8_t)pi;
	s->place[sid] = (uint32_t)pt->nmember;
	pt->member = xgrow(pt->member, &pt->member_cap, pt->nmember + 1,
	    sizeof *pt->member);
	pt->member[pt->nmember++] = sid;
	return sid;
}

uint32_t
store_student(struct store *s, const char *id, size_t len)
{
	return student_hashed(s, id, len, intern_prefetch(s->students, id,
	    len));
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

size_t
store_objective_len(const struct store *s, uint32_t objective)
{
	return intern_len(s->objectives, objective);
}

uint32_t
store_find_student(const struct store *s, const char *id, size_t len)
{
	return intern_find(s->students, id, len);
}

/* Starts a new tail block in pt. */
static void
new_block(struct part *pt)
{
	struct block *b = pt->tail;
	uint32_t cap = b == NULL ? BLOCK_MIN : b->mapped ||
	    b->cap >= BLOCK_MAX / 2 ? BLOCK_MAX : 2 * b->cap;
	/* One allocation: the header, the scores, the students; a
	 * full-size one is whole pages, filled. */
	size_t size = sizeof *b + (size_t)cap * sizeof *b->r, mapped = 0;
	void *m = MAP_FAILED;

	if (b != NULL && pt->w != NULL)
		b->n = b->cap;	/* this store's tail, full */
	if (cap == BLOCK_MAX) {
		size = BLOCK_BYTES;
		cap = (uint32_t)((size - sizeof *b) / sizeof *b->r);
		m = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	}
	if (m != MAP_FAILED) {
		b = m;
		mapped = size;
	} else {
		b = xmalloc(size);
	}
	b->mapped = mapped;
	b->map = NULL;
	b->next = NULL;
	b->n = 0;
	b->cap = cap;
	b->r = (struct rec *)(b + 1);
	b->v = NULL;
	if (pt->tail != NULL)
		pt->tail->next = b;
	else
		pt->head = b;
	pt->tail = b;
	pt->w = b->r;
	pt->left = cap;
}

/* Brings the count of each partition's tail block up to date. */
static void
sync_tails(struct store *s)
{
	size_t i;

	for (i = 0; i < NPART; i++) {
		struct part *pt = &s->part[i];

		if (pt->tail != NULL && pt->w != NULL)
			pt->tail->n = (uint32_t)(pt->w - pt->tail->r);
	}
}

/* Room for one more score in partition pi. */
static struct rec *
push(struct store *s, size_t pi)
{
	struct part *pt = &s->part[pi];

	if (pt->left == 0)
		new_block(pt);
	pt->left--;
	pt->n++;
	return pt->w++;
}

/* Keeps o, of student and objective, in the side table; its index. */
static uint32_t
keep_ext(struct store *s, const struct store_obs *o, uint32_t student,
    uint32_t objective)
{
	struct ext *e;

	if (s->next >= EXT)
		xnomem(SIZE_MAX);
	s->ext = xgrow(s->ext, &s->ext_cap, s->next + 1, sizeof *s->ext);
	e = &s->ext[s->next];
	e->points = o->points;
	e->seq = o->seq;
	e->max = o->max;
	e->weight = o->weight;
	e->date = o->date;
	e->student = student;
	e->objective = objective;
	e->correct = o->correct;
	return (uint32_t)s->next++;
}

/* The points code of x, when it has one: whole points (most rubrics'; no
 * division), else hundredths where they hold x exactly (x / 100 is
 * correctly rounded, as reading "2.15" is).  -0 has none: its sign would
 * be lost. */
static int
points_code(double x, uint16_t *code)
{
	uint32_t q;

	if (!(x >= 0) || signbit(x))
		return 0;
	if (x < 32767 && (double)(q = (uint32_t)x) == x) {
		*code = (uint16_t)(WHOLE | q);
		return 1;
	}
	if (x <= 327.67 && (double)(q = (uint32_t)(x * 100 + 0.5)) / 100 ==
	    x) {
		*code = (uint16_t)q;
		return 1;
	}
	return 0;
}

static double
points_of(uint32_t code)
{
	return code & WHOLE ? (double)(code & ~WHOLE) : (double)code / 100;
}

static void
add_at(struct store *s, size_t pi, uint32_t student, uint32_t objective,
    const struct store_obs *o)
{
	struct rec *r = push(s, pi);
	uint32_t place = s->place[student], at;
	uint16_t code;

	if (s->nscores == 0 && s->next == 0)
		s->common_max = o->max;
	if (o->max == s->common_max && o->weight == 1 && o->seq == 0 &&
	    o->correct == -1 && place <= 0xffff && objective <= 0xffff &&
	    o->date >= 0 && o->date <= 0xffff && points_code(o->points, &code)) {
		r->place = (uint16_t)place;
		r->objective = (uint16_t)objective;
		r->day = (uint16_t)o->date;
		r->points = code;
	} else {
		at = keep_ext(s, o, student, objective);
		r->place = 0;
		r->objective = (uint16_t)(at >> 16);
		r->day = (uint16_t)at;
		r->points = REC_EXT;
	}
	s->nscores++;
}

void
store_add(struct store *s, uint32_t student, uint32_t objective,
    struct store_obs o)
{
	add_at(s, s->part_of[student], student, objective, &o);
}

uint32_t
store_add_hashed(struct store *s, const char *id, size_t len, uint64_t h,
    uint32_t objective, const struct store_obs *o)
{
	uint32_t sid = student_hashed(s, id, len, h);

	add_at(s, part_of_hash(h), sid, objective, o);
	return sid;
}

size_t
store_nobs(const struct store *s)
{
	return s->nscores;
}

/* Ids in s of src's students (students 1) or objectives, added when new. */
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

/* The index in the side table of an REC_EXT record. */
static uint32_t
rec_ext(const struct rec *r)
{
	return (uint32_t)r->objective << 16 | r->day;
}

/*
 * Record r of partition pi's block b of s, whole: its student and
 * objective (ids of s) and details.  A block s took from a store it
 * absorbed goes through that block's map.
 */
static void
rec_read(const struct store *s, size_t pi, const struct block *b,
    const struct rec *r, uint32_t *student, uint32_t *objective,
    struct store_obs *o)
{
	const struct remap *m = b->map;

	memset(o, 0, sizeof *o);
	if (r->points == REC_EXT) {
		const struct ext *e = &s->ext[rec_ext(r) + (m ? m->ext0 : 0)];

		*student = e->student;
		*objective = e->objective;
		o->points = e->points;
		o->seq = e->seq;
		o->max = e->max;
		o->weight = e->weight;
		o->date = e->date;
		o->correct = e->correct;
		return;
	}
	*student = s->part[pi].member[m ? m->place[pi][r->place] : r->place];
	*objective = m ? m->objective[r->objective] : r->objective;
	o->points = points_of(r->points);
	o->max = s->common_max;
	o->weight = 1;
	o->date = r->day;
	o->correct = -1;
}

/* Copies src's scores one by one into s, through m. */
static void
absorb_copy(struct store *s, struct store *src, const struct remap *m)
{
	size_t i;

	for (i = 0; i < NPART; i++) {
		const struct block *b;

		for (b = src->part[i].head; b != NULL; b = b->next) {
			uint32_t j, st, ob;
			struct store_obs o;

			for (j = 0; j < b->n; j++) {
				rec_read(src, i, b, &b->r[j], &st, &ob, &o);
				st = m->student[st];
				add_at(s, s->part_of[st], st,
				    m->objective[ob], &o);
			}
		}
	}
}

/* The place in its partition of record r's student, of block b (pmap:
 * its map's places of that partition, or NULL). */
static uint32_t
rec_place(const struct store *s, const struct block *b, const struct rec *r,
    const uint32_t *pmap)
{
	if (r->points == REC_EXT)
		return s->place[s->ext[rec_ext(r) + (b->map ? b->map->ext0 :
		    0)].student];
	return pmap ? pmap[r->place] : r->place;
}

/* m's places: for each partition, s's place of each of src's students. */
static void
map_places(const struct store *s, const struct store *src, struct remap *m)
{
	size_t i, k;

	for (i = 0; i < NPART; i++) {
		const struct part *from = &src->part[i];

		if (from->nmember == 0)
			continue;
		m->place[i] = xmalloc(from->nmember * sizeof *m->place[i]);
		for (k = 0; k < from->nmember; k++)
			m->place[i][k] = s->place[m->student[from->member[k]]];
	}
}

void
store_absorb(struct store *s, struct store *src)
{
	struct remap *m = xcalloc(1, sizeof *m);
	size_t i;
	int same_max, spliced = 1;

	sync_tails(s);
	sync_tails(src);
	m->student = map_ids(s, src->students, 1);
	m->objective = map_ids(s, src->objectives, 0);
	if (s->nscores == 0 && s->next == 0)
		s->common_max = src->common_max;
	same_max = s->common_max == src->common_max;
	for (i = 0; i < NPART; i++) {
		const struct block *b;

		for (b = src->part[i].head; b != NULL; b = b->next)
			if (b->map != NULL)
				spliced = 0;
	}
	if (!same_max || !spliced) {
		/* The scores follow s's own, in src's order, stored anew. */
		absorb_copy(s, src, m);
		for (i = 0; i < NPART; i++)
			free_blocks(&src->part[i]);
		free_remap(m);
	} else {
		/* src's side table follows s's, with s's ids. */
		m->ext0 = s->next;
		if (src->next) {
			if (s->next + src->next >= EXT)
				xnomem(SIZE_MAX);
			s->ext = xgrow(s->ext, &s->ext_cap, s->next +
			    src->next, sizeof *s->ext);
			for (i = 0; i < src->next; i++) {
				struct ext e = src->ext[i];

				e.student = m->student[e.student];
				e.objective = m->objective[e.objective];
				s->ext[s->next + i] = e;
			}
			s->next += src->next;
		}
		map_places(s, src, m);
		/*
		 * A student's text puts it in the same partition of both
		 * stores, where its scores are in input order: src's blocks
		 * go after s's, marked with the ids' map, which
		 * store_finish applies as it gathers them.
		 */
		for (i = 0; i < NPART; i++) {
			struct part *to = &s->part[i], *from = &src->part[i];
			struct block *b;

			if (from->head == NULL)
				continue;
			for (b = from->head; b != NULL; b = b->next)
				b->map = m;
			if (to->tail != NULL)
				to->tail->next = from->head;
			else
				to->head = from->head;
			to->tail = from->tail;
			to->n += from->n;
			/* The tail is src's: the next score starts a block. */
			to->w = NULL;
			to->left = 0;
			from->head = from->tail = NULL;
			from->w = NULL;
			from->left = 0;
		}
		m->next = s->remaps;
		s->remaps = m;
		s->nscores += src->nscores;
	}
	for (i = 0; i < NPART; i++)
		src->part[i].n = 0;
	src->nscores = 0;
	src->next = 0;
}

/* The first 8 bytes of a C string (zeros after its end) as a number that
 * orders as strcmp does. */
static uint64_t
prefix_key(const char *s)
{
	uint64_t k = 0;
	int i;

	for (i = 0; i < 8; i++) {
		k <<= 8;
		if (*s != '\0')
			k |= (unsigned char)*s++;
	}
	return k;
}

/* a's text before b's: by the prefixes, then by strcmp when they tie. */
static int
text_before(const struct intern *in, const uint64_t *key, uint32_t a,
    uint32_t b)
{
	if (key[a] != key[b])
		return key[a] < key[b];
	return strcmp(intern_str(in, a), intern_str(in, b)) < 0;
}

/* The ids of an intern in the order of their text. */
static uint32_t *
text_order(const struct intern *in)
{
	size_t n = intern_count(in), i, width, lo;
	uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);
	uint32_t *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
	uint64_t *key = xmalloc((n ? n : 1) * sizeof *key);

	for (i = 0; i < n; i++) {
		ids[i] = (uint32_t)i;
		key[i] = prefix_key(intern_str(in, (uint32_t)i));
	}
	/* A merge sort keeps this free of qsort's global context. */
	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				tmp[k++] = text_before(in, key, ids[b], ids[a]) ?
				    ids[b++] : ids[a++];
			while (a < mid)
				tmp[k++] = ids[a++];
			while (b < hi)
				tmp[k++] = ids[b++];
		}
		memcpy(ids, tmp, n * sizeof *ids);
	}
	free(key);
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

/* What store_finish does to each partition, and what it counts. */
struct finish {
	struct store *s;
	const uint32_t *orank;
	uint32_t maxrank;
	size_t first, last;	/* the partitions */
	size_t npairs;
};

/*
 * Where a thread's gathered scores go: the mapped blocks of the partitions
 * it has gathered, whose pages are already the process's.  Taking fresh
 * memory for every partition instead made the kernel fault in and zero
 * as many pages again as the blocks hold.
 */
struct pool {
	struct block *free;
	struct block *cur;	/* the span being filled, on some part's list */
};

/* How many scores a block's memory holds once its students are not
 * needed: the block's own records, as scores. */
static size_t
span_room(const struct block *b)
{
	if (b->mapped)
		return (b->mapped - sizeof *b) / sizeof *b->v;
	return (size_t)b->cap * sizeof *b->r / sizeof *b->v;
}

/* Room for n scores, the rest of a partition being rest, as a span (a
 * block whose memory holds scores only), put on pt's list. */
static struct block *
take_span(struct pool *pool, struct part *pt, size_t n, size_t rest)
{
	struct block *b;

	/* A block too small for this student is given back. */
	while ((b = pool->free) != NULL && span_room(b) < n) {
		pool->free = b->next;
		b->next = NULL;
		free_list(b);
	}
	if (b != NULL) {
		pool->free = b->next;
		b->cap = (uint32_t)span_room(b);
	} else {
		/* The pool is dry: one span for the rest of the partition. */
		b = xmalloc(sizeof *b + (rest ? rest : 1) * sizeof *b->v);
		b->mapped = 0;
		b->cap = (uint32_t)rest;
	}
	b->v = (struct score *)(b + 1);
	b->r = NULL;
	b->map = NULL;
	b->n = 0;
	b->next = pt->spans;
	pt->spans = b;
	return b;
}

/* Gives pt's blocks to the pool. */
static void
recycle_blocks(struct pool *pool, struct part *pt)
{
	struct block *b, *next;

	for (b = pt->head; b != NULL; b = next) {
		next = b->next;
		b->next = pool->free;
		pool->free = b;
	}
	pt->head = pt->tail = NULL;
	pt->w = NULL;
	pt->left = 0;
}

/*
 * Gathers partition pi's scores by student (a counting sort on the
 * student's place in the partition, stable, so input order stays), sorts
 * each student's by objective, and counts the pairs.  A student's scores
 * are one run of a span.
 */
static size_t
finish_part(struct store *s, size_t pi, const uint32_t *orank,
    uint32_t maxrank, struct score **tmp, size_t *tmp_cap,
    struct pool *pool)
{
	struct part *pt = &s->part[pi];
	size_t nk = pt->nmember, k, rest = pt->n, np = 0;
	uint32_t *count;
	struct score **at;
	struct block *b, *span = pool->cur;

	if (nk == 0)
		return 0;
	count = xcalloc(nk, sizeof *count);
	for (b = pt->head; b != NULL; b = b->next) {
		const uint32_t *pmap = b->map ? b->map->place[pi] : NULL;
		uint32_t j;

		for (j = 0; j < b->n; j++)
			count[rec_place(s, b, &b->r[j], pmap)]++;
	}
	at = xmalloc(nk * sizeof *at);
	for (k = 0; k < nk; k++) {
		struct student *st = &s->st[pt->member[k]];
		uint32_t c = count[k];

		if (span == NULL || span->cap - span->n < c)
			span = take_span(pool, pt, c, rest);
		st->v = at[k] = span->v + span->n;
		st->n = c;
		span->n += c;
		rest -= c;
	}
	pool->cur = span;
	free(count);
	for (b = pt->head; b != NULL; b = b->next) {
		const struct remap *m = b->map;
		const uint32_t *pmap = m ? m->place[pi] : NULL;
		size_t ext0 = m ? m->ext0 : 0;
		uint32_t j;

		for (j = 0; j < b->n; j++) {
			const struct rec *r = &b->r[j];
			struct score sc;

			if (r->points == REC_EXT) {
				sc.v = (uint32_t)(rec_ext(r) + ext0);
				sc.objective = s->ext[sc.v].objective | EXT;
			} else {
				sc.v = (uint32_t)r->day << 16 | r->points;
				sc.objective = m ? m->objective[r->objective] :
				    r->objective;
			}
			*at[rec_place(s, b, r, pmap)]++ = sc;
		}
	}
	recycle_blocks(pool, pt);
	free(at);
	for (k = 0; k < nk; k++) {
		struct student *st = &s->st[pt->member[k]];

		if (st->n > *tmp_cap) {
			free(*tmp);
			*tmp_cap = st->n;
			*tmp = xmalloc(*tmp_cap * sizeof **tmp);
		}
		sort_student(st->v, st->n, orank, maxrank, *tmp);
		st->npairs = (uint32_t)count_runs(st->v, st->n);
		np += st->npairs;
	}
	return np;
}

static void *
finish_work(void *arg)
{
	struct finish *f = arg;
	struct score *tmp = NULL;
	struct pool pool = { NULL, NULL };
	size_t tmp_cap = 0, i;

	f->npairs = 0;
	for (i = f->first; i < f->last; i++)
		f->npairs += finish_part(f->s, i, f->orank, f->maxrank, &tmp,
		    &tmp_cap, &pool);
	free_list(pool.free);
	free(tmp);
	return NULL;
}

/* Runs finish_work on each of f[0..nt), each in a thread when it can. */
static void
run_finish(struct finish *f, size_t nt)
{
	pthread_t tid[NPART];
	char made[NPART];
	size_t i;

	for (i = 1; i < nt; i++)
		made[i] = pthread_create(&tid[i], NULL, finish_work, &f[i]) == 0;
	finish_work(&f[0]);
	/* Partitions no thread could take are done here. */
	for (i = 1; i < nt; i++)
		if (!made[i])
			finish_work(&f[i]);
	for (i = 1; i < nt; i++)
		if (made[i])
			pthread_join(tid[i], NULL);
}

void
store_finish(struct store *s)
{
	store_finish_threads(s, 1);
}

void
store_finish_threads(struct store *s, int threads)
{
	size_t ns, no;
	uint32_t *sorder, *oorder, *orank;
	struct finish f[NPART];
	size_t i, nt = threads < 1 ? 1 : threads > NPART ? NPART :
	    (size_t)threads;

	/* Finished already: the blocks are gone, the runs are the scores. */
	if (s->finished)
		return;
	sync_tails(s);
	ns = intern_count(s->students);
	no = intern_count(s->objectives);
	sorder = text_order(s->students);
	oorder = text_order(s->objectives);
	orank = ranks_of(oorder, no);

	free(oorder);
	s->st = xcalloc(ns ? ns : 1, sizeof *s->st);
	for (i = 0; i < nt; i++) {
		f[i].s = s;
		f[i].orank = orank;
		f[i].maxrank = no ? (uint32_t)(no - 1) : 0;
		f[i].first = NPART * i / nt;
		f[i].last = NPART * (i + 1) / nt;
	}
	run_finish(f, nt);
	s->npairs = 0;
	for (i = 0; i < nt; i++)
		s->npairs += f[i].npairs;
	free(orank);
	/* The students with scores, in the order of their text. */
	s->nsorted = 0;
	for (i = 0; i < ns; i++)
		if (s->st[sorder[i]].npairs > 0)
			sorder[s->nsorted++] = sorder[i];
	s->sorted = sorder;
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

size_t
store_nsorted(const struct store *s)
{
	return s->nsorted;
}

uint32_t
store_sorted(const struct store *s, size_t k)
{
	return s->sorted[k];
}

void
store_prefetch_sorted(const struct store *s, size_t k)
{
#if defined(__GNUC__) || defined(__clang__)
	if (k + 1 < s->nsorted)
		__builtin_prefetch(&s->st[s->sorted[k + 1]]);
	if (k < s->nsorted) {
		const struct student *st = &s->st[s->sorted[k]];

		__builtin_prefetch(st->v);
		__builtin_prefetch((const char *)st->v + 64);
	}
#else
	(void)s;
	(void)k;
#endif
}

size_t
store_student_npairs(const struct store *s, uint32_t student)
{
	return s->finished ? s->st[student].npairs : 0;
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

int
store_next_pair(const struct store *s, uint32_t student, size_t *pos,
    uint32_t *objective, struct store_obs **buf, size_t *cap, size_t *n)
{
	const struct student *st = &s->st[student];
	const struct score *sc = st->v + *pos;
	struct store_obs *o;
	size_t j, k, m;
	uint32_t ob;

	if (*pos >= st->n)
		return 0;
	ob = sc->objective & ~EXT;
	for (m = 1; *pos + m < st->n && (sc[m].objective & ~EXT) == ob; m++)
		;
	*pos += m;
	*objective = ob;
	*n = m;
	if (m > *cap)
		*buf = xgrow(*buf, cap, m, sizeof **buf);
	o = *buf;
	for (j = 0; j < m; j++) {
		const struct ext *e = sc[j].objective & EXT ?
		    &s->ext[sc[j].v] : NULL;
		int32_t date = e ? e->date : (int32_t)(sc[j].v >> 16);
		double seq = e ? e->seq : 0;

		/* Insertion sort (a pair holds a few scores), the fields
		 * written in place: a later score goes after an equal one. */
		k = j;
		if (m <= 32)
			for (; k > 0 && (o[k - 1].date > date ||
			    (o[k - 1].date == date && o[k - 1].seq > seq)); k--)
				o[k] = o[k - 1];
		if (e != NULL) {
			o[k].points = e->points;
			o[k].date = date;
			o[k].seq = seq;
			o[k].max = e->max;
			o[k].weight = e->weight;
			o[k].correct = e->correct;
		} else {
			o[k].points = points_of(sc[j].v & 0xffff);
			o[k].date = date;
			o[k].seq = 0;
			o[k].max = s->common_max;
			o[k].weight = 1;
			o[k].correct = -1;
		}
		o[k].order = (uint32_t)j;
	}
	if (m > 32)
		qsort(o, m, sizeof *o, cmp_obs);
	return 1;
}

/*
 * Puts v[0..n) in date order, a later score after an equal one, its dates
 * in date[0..n) (days 0 to 65535, as plain scores have): each score's
 * place is the count of those that go before it, by a key unique to it,
 * its day and then its place in v.  Quadratic, but without a branch to
 * mispredict, so a pair whose scores came in no order (an export shuffled
 * by student) costs a few compares a score, not a mispredicted jump; the
 * compiler does the compares four or eight at once.
 */
_Static_assert(STORE_PLAIN_MAX <= 64, "a key holds its place in 6 bits");

static void
date_order(struct mastery_point *v, const int32_t *date, size_t n)
{
	struct mastery_point tmp[STORE_PLAIN_MAX];
	int32_t key[STORE_PLAIN_MAX];
	size_t i, j;

	if (n == 2) {		/* two out of order: the one swap */
		tmp[0] = v[0];
		v[0] = v[1];
		v[1] = tmp[0];
		return;
	}
	for (i = 0; i < n; i++)
		key[i] = date[i] << 6 | (int32_t)i;
	for (i = 0; i < n; i++) {
		int32_t k = key[i], at = 0;

		for (j = 0; j < n; j++)
			at += key[j] < k;
		tmp[at] = v[i];
	}
	memcpy(v, tmp, n * sizeof *v);
}

int
store_next_plain(const struct store *s, uint32_t student, size_t *pos,
    uint32_t *objective, struct mastery_point *v, size_t max_n, size_t *n)
{
	const struct student *st = &s->st[student];
	const struct score *sc = st->v + *pos;
	int32_t date[STORE_PLAIN_MAX];
	size_t m, left;
	uint32_t ob;
	int unordered = 0;

	if (*pos >= st->n)
		return -1;
	if (max_n > STORE_PLAIN_MAX)
		max_n = STORE_PLAIN_MAX;
	ob = sc->objective & ~EXT;
	left = st->n - *pos;
	for (m = 0; m < left && (sc[m].objective & ~EXT) == ob; m++) {
		if ((sc[m].objective & EXT) || m == max_n)
			return 0;
		date[m] = v[m].date = (int32_t)(sc[m].v >> 16);
		v[m].points = points_of(sc[m].v & 0xffff);
		unordered |= m > 0 && date[m - 1] > date[m];
	}
	if (unordered)
		date_order(v, date, m);
	*pos += m;
	*objective = ob;
	*n = m;
	return 1;
}

double
store_common_max(const struct store *s)
{
	return s->common_max;
}
