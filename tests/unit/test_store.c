#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store.h"

struct row {
	const char *student, *objective;
	int32_t date;
	double points;
	float max, weight;
};

/* Two slices of one input: the second has another common maximum, a
 * weighted score, a new student and scores for pairs of the first. */
static const struct row first[] = {
	{ "S2", "O1", 10, 3, 4, 1 },
	{ "S1", "O2", 12, 1, 4, 1 },
	{ "S1", "O1", 11, 2, 4, 1 },
	{ "S2", "O1", 10, 4, 4, 1 },
};
static const struct row second[] = {
	{ "S2", "O1", 10, 7, 10, 1 },
	{ "S3", "O1", 9, 5, 10, 1 },
	{ "S1", "O1", 8, 6, 10, 2 },
	{ "S1", "O2", 12, 2, 4, 1 },
};

/* Every pair of a finished store, read a student at a time in id order,
 * its scores copied. */
struct tpair {
	uint32_t st, ob;
	size_t n;
	struct store_obs *o;
};

static struct tpair *
collect(const struct store *s, size_t *np)
{
	struct tpair *p = calloc(store_npairs(s) + 1, sizeof *p);
	struct store_obs *buf = NULL;
	size_t k, m = 0, cap = 0;

	cr_assert_not_null(p);
	for (k = 0; k < store_nsorted(s); k++) {
		uint32_t st = store_sorted(s, k), ob;
		size_t pos = 0, n, start = m;

		/* A hint, safe up to and past the last student. */
		store_prefetch_sorted(s, k + 1);
		store_prefetch_sorted(s, k + 2);
		while (store_next_pair(s, st, &pos, &ob, &buf, &cap, &n)) {
			cr_assert_lt(m, store_npairs(s));
			p[m].st = st;
			p[m].ob = ob;
			p[m].n = n;
			p[m].o = malloc(n * sizeof *buf);
			cr_assert_not_null(p[m].o);
			memcpy(p[m].o, buf, n * sizeof *buf);
			m++;
		}
		cr_assert_eq(m - start, store_student_npairs(s, st));
		cr_assert_gt(m, start, "a sorted student without pairs");
	}
	free(buf);
	cr_assert_eq(m, store_npairs(s));
	*np = m;
	return p;
}

static void
free_pairs(struct tpair *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i].o);
	free(p);
}

static void
add(struct store *s, const struct row *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct store_obs o;

		memset(&o, 0, sizeof o);
		o.date = r[i].date;
		o.points = r[i].points;
		o.max = r[i].max;
		o.weight = r[i].weight;
		o.correct = -1;
		store_add(s, store_student(s, r[i].student, strlen(r[i].student)),
		    store_objective(s, r[i].objective, strlen(r[i].objective)),
		    o);
	}
}

/* x and y, both finished, hold the same pairs with the same scores in the
 * same order; returns y's pairs (n of them) for more checks. */
static struct tpair *
same_pairs(const struct store *x, const struct store *y, size_t *n)
{
	struct tpair *p1, *p2;
	size_t i, j, n1, n2;

	cr_assert_eq(store_npairs(x), store_npairs(y));
	p1 = collect(x, &n1);
	p2 = collect(y, &n2);
	cr_assert_eq(n1, n2);
	for (i = 0; i < n1; i++) {
		const struct store_obs *a = p1[i].o, *b = p2[i].o;

		cr_expect_str_eq(store_student_id(x, p1[i].st),
		    store_student_id(y, p2[i].st));
		cr_expect_str_eq(store_objective_id(x, p1[i].ob),
		    store_objective_id(y, p2[i].ob));
		cr_assert_eq(p1[i].n, p2[i].n);
		for (j = 0; j < p1[i].n; j++) {
			cr_expect_eq(a[j].date, b[j].date);
			cr_expect_eq(a[j].points, b[j].points);
			cr_expect_eq(a[j].max, b[j].max);
			cr_expect_eq(a[j].weight, b[j].weight);
			cr_expect_eq(a[j].order, b[j].order);
		}
	}
	free_pairs(p1, n1);
	*n = n2;
	return p2;
}

Test(store, absorb_equals_one_store)
{
	struct store *one = store_new(), *a = store_new(), *b = store_new();
	struct tpair *p2;
	size_t n2;

	/* b knows O1 first, so its ids differ from a's. */
	store_objective(b, "O9", 2);
	add(one, first, 4);
	add(one, second, 4);
	add(a, first, 4);
	add(b, second, 4);
	store_absorb(a, b);
	cr_assert_eq(store_nobs(a), 8);
	store_finish(one);
	store_finish(a);
	cr_assert_eq(store_npairs(a), 4);
	p2 = same_pairs(one, a, &n2);
	/* By hand: S2 x O1 is the third pair, its scores all dated 10, in
	 * input order 3, 4 (max 4) then 7 (max 10). */
	{
		const struct store_obs *o = p2[2].o;

		cr_expect_str_eq(store_student_id(a, p2[2].st), "S2");
		cr_assert_eq(p2[2].n, 3);
		cr_expect_eq(o[0].points, 3);
		cr_expect_eq(o[1].points, 4);
		cr_expect_eq(o[2].points, 7);
		cr_expect_eq(o[2].max, 10);
		/* S1 x O1: the weighted score dated 8 comes first. */
		o = p2[0].o;
		cr_assert_eq(p2[0].n, 2);
		cr_expect_eq(o[0].date, 8);
		cr_expect_eq(o[0].weight, 2);
		cr_expect_eq(o[1].points, 2);
	}
	free_pairs(p2, n2);
	store_free(one);
	store_free(a);
	store_free(b);
}

/* A store that absorbed another (its blocks keep their own ids, mapped) is
 * absorbed in turn, score by score since its maximum is not the
 * absorber's: ids, side-table scores and input order all come through. */
Test(store, absorbs_a_store_that_absorbed_another)
{
	static const struct row third[] = {
		{ "S4", "O7", 3, 9, 10, 1 },
		{ "S2", "O1", 10, 8, 10, 1 },
		{ "S1", "O2", 12, 1, 10, 3 },
		{ "S4", "O1", 2, 0.1, 10, 1 },
	};
	struct store *one = store_new(), *a = store_new(), *b = store_new(),
	    *c = store_new();
	struct tpair *p;
	size_t n;

	store_objective(c, "O7", 2);
	add(one, first, 4);
	add(one, second, 4);
	add(one, third, 4);
	add(a, first, 4);
	add(b, second, 4);
	add(c, third, 4);
	store_absorb(b, c);	/* same maximum (10): spliced, mapped */
	store_absorb(a, b);	/* maximum 4 against 10: copied */
	cr_assert_eq(store_nobs(a), 12);
	store_finish(one);
	store_finish(a);
	p = same_pairs(one, a, &n);
	cr_assert_eq(n, 6);
	free_pairs(p, n);
	store_free(one);
	store_free(a);
	store_free(b);
	store_free(c);
}

/* Row i of a deterministic mix: 400 students, 300 objectives (so the
 * radix sort takes two bytes), dates with ties, a weighted score now and
 * then; the points are the row's index, to check input order. */
static void
mix_row(size_t i, char *st, char *ob, struct store_obs *o)
{
	uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ULL;

	x ^= x >> 29;
	snprintf(st, 16, "S%03u", (unsigned)(x % 400));
	snprintf(ob, 16, "O%03u", (unsigned)((x >> 20) % 300));
	memset(o, 0, sizeof *o);
	o->date = (int32_t)((x >> 40) % 5);
	o->points = (double)i;
	o->max = 4;
	o->weight = (x >> 50) % 7 == 0 ? 2 : 1;
	o->correct = -1;
}

static void
add_mix(struct store *s, size_t from, size_t to)
{
	char st[16], ob[16];
	struct store_obs o;
	size_t i;

	for (i = from; i < to; i++) {
		mix_row(i, st, ob, &o);
		store_add(s, store_student(s, st, strlen(st)),
		    store_objective(s, ob, strlen(ob)), o);
	}
}

/* The reader's way: the student's hash first, then the score. */
static void
add_mix_hashed(struct store *s, size_t from, size_t to)
{
	char st[16], ob[16];
	struct store_obs o;
	size_t i;

	for (i = from; i < to; i++) {
		uint64_t h;

		mix_row(i, st, ob, &o);
		h = store_student_prefetch(s, st, strlen(st));
		store_add_hashed(s, st, strlen(st), h,
		    store_objective(s, ob, strlen(ob)), &o);
	}
}

typedef void row_fn(size_t, char *, char *, struct store_obs *);

/* Pairs in id text order, each pair's scores by date then input order,
 * every score once, as row() made them. */
static void
check_rows(const struct store *s, size_t rows, row_fn *row)
{
	size_t i, j, total = 0, np;
	char prev_st[16] = "", prev_ob[16] = "";
	struct tpair *p = collect(s, &np);

	for (i = 0; i < np; i++) {
		const struct store_obs *o = p[i].o;
		size_t n = p[i].n;
		const char *a = store_student_id(s, p[i].st);
		const char *b = store_objective_id(s, p[i].ob);

		cr_assert(strcmp(a, prev_st) > 0 || (strcmp(a, prev_st) == 0 &&
		    strcmp(b, prev_ob) > 0), "pair %zu (%s %s) after (%s %s)",
		    i, a, b, prev_st, prev_ob);
		snprintf(prev_st, sizeof prev_st, "%s", a);
		snprintf(prev_ob, sizeof prev_ob, "%s", b);
		for (j = 0; j < n; j++) {
			char es[16], eo[16];
			struct store_obs want;

			row((size_t)o[j].points, es, eo, &want);
			cr_assert_str_eq(es, a);
			cr_assert_str_eq(eo, b);
			cr_assert_eq(o[j].weight, want.weight);
			cr_assert_eq(o[j].date, want.date);
			if (j > 0)
				cr_assert(o[j - 1].date < o[j].date ||
				    (o[j - 1].date == o[j].date &&
				    o[j - 1].points < o[j].points));
		}
		total += n;
	}
	cr_assert_eq(total, rows);
	free_pairs(p, np);
}

static void
check_order(const struct store *s, size_t rows)
{
	check_rows(s, rows, mix_row);
}

Test(store, order_and_slices)
{
	struct store *one = store_new(), *a = store_new(), *b = store_new(),
	    *c = store_new(), *t = store_new();
	struct tpair *p1, *p2;
	size_t i, rows = 6000, n1, n2;

	add_mix(one, 0, rows);
	add_mix_hashed(t, 0, rows);
	/* Three slices with the same first maximum: absorbing splices.  One
	 * was stored the reader's way. */
	add_mix(a, 0, 2000);
	add_mix_hashed(b, 2000, 4100);
	add_mix(c, 4100, rows);
	store_absorb(a, b);
	store_absorb(a, c);
	cr_assert_eq(store_nobs(a), rows);
	store_finish(one);
	store_finish(a);
	store_finish_threads(t, 3);
	/* Finishing again changes nothing (pl-progress may try twice). */
	store_finish(one);
	store_finish_threads(t, 2);
	check_order(one, rows);
	check_order(a, rows);
	check_order(t, rows);
	cr_assert_eq(store_npairs(a), store_npairs(one));
	cr_assert_eq(store_npairs(t), store_npairs(one));
	p1 = collect(one, &n1);
	p2 = collect(a, &n2);
	for (i = 0; i < n1; i++) {
		cr_assert_str_eq(store_student_id(one, p1[i].st),
		    store_student_id(a, p2[i].st));
		cr_assert_str_eq(store_objective_id(one, p1[i].ob),
		    store_objective_id(a, p2[i].ob));
	}
	free_pairs(p1, n1);
	free_pairs(p2, n2);
	store_free(one);
	store_free(a);
	store_free(b);
	store_free(c);
	store_free(t);
}

Test(store, reset_keeps_objectives_only)
{
	struct store *s = store_new();
	struct tpair *p;
	size_t n;

	add_mix(s, 0, 500);
	store_finish(s);
	store_reset(s);
	cr_assert_eq(store_nstudents(s), 0);
	cr_assert_eq(store_nobs(s), 0);
	cr_assert_eq(store_finished(s), 0);
	cr_assert_gt(store_nobjectives(s), 0);
	add_mix(s, 500, 510);
	store_finish(s);
	check_order(s, 10);
	p = collect(s, &n);
	cr_assert_gt(n, 0);
	cr_assert_geq(p[0].o[0].points, 500);
	free_pairs(p, n);
	store_free(s);
}

/* Row i of a big mix: 160 students of about 2,500 scores and one, BIG,
 * of 8,000 (more than a block holds), over 40 objectives. */
static void
big_row(size_t i, char *st, char *ob, struct store_obs *o)
{
	uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ULL;

	x ^= x >> 31;
	if (i % 51 == 7)
		snprintf(st, 16, "BIG");
	else
		snprintf(st, 16, "S%03u", (unsigned)(x % 160));
	snprintf(ob, 16, "O%02u", (unsigned)((x >> 20) % 40));
	memset(o, 0, sizeof *o);
	o->date = (int32_t)((x >> 40) % 9);
	o->points = (double)i;
	o->max = 4;
	o->weight = 1;
	o->correct = -1;
}

/* Partitions big enough for full-size blocks: each is gathered into the
 * memory of the blocks gathered before it, a student never split. */
Test(store, gathers_into_recycled_blocks)
{
	struct store *one = store_new(), *t = store_new();
	size_t i, rows = 408000;

	for (i = 0; i < rows; i++) {
		char st[16], ob[16];
		struct store_obs o;

		big_row(i, st, ob, &o);
		store_add(one, store_student(one, st, strlen(st)),
		    store_objective(one, ob, strlen(ob)), o);
		store_add(t, store_student(t, st, strlen(st)),
		    store_objective(t, ob, strlen(ob)), o);
	}
	store_finish(one);
	store_finish_threads(t, 2);
	cr_assert_eq(store_npairs(one), 161 * 40);
	check_rows(one, rows, big_row);
	check_rows(t, rows, big_row);
	store_free(one);
	store_free(t);
}

/* Scores added after an absorb follow the absorbed ones, and a tail
 * block left part full by the reader is counted whole. */
Test(store, adds_after_absorb)
{
	struct store *a = store_new(), *b = store_new();
	size_t rows = 9000;

	add_mix_hashed(a, 0, 2500);
	add_mix(b, 2500, 6100);
	store_absorb(a, b);
	add_mix_hashed(a, 6100, rows);
	cr_assert_eq(store_nobs(a), rows);
	store_finish_threads(a, 2);
	check_order(a, rows);
	store_free(a);
	store_free(b);
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Students come out in strcmp order: ids that share their first 8 bytes,
 * ids shorter than 8, bytes above 0x7f. */
Test(store, students_in_byte_order)
{
	const char *ids[] = { "abcdefgh2", "abcdefgh10", "abc", "abcdefgh",
	    "\xc3\xa9tudiant", "Z", "abcdefgh1", "abcdefg", "ab\x7f",
	    "abcdefgh10x", "\xff", "A", "abcdefgi" };
	const char *want[sizeof ids / sizeof ids[0]];
	size_t n = sizeof ids / sizeof ids[0], i;
	struct store *s = store_new();

	for (i = 0; i < n; i++) {
		struct store_obs o;

		memset(&o, 0, sizeof o);
		o.points = 1;
		o.max = 4;
		o.weight = 1;
		o.correct = -1;
		store_add(s, store_student(s, ids[n - 1 - i],
		    strlen(ids[n - 1 - i])), store_objective(s, "O", 1), o);
		want[i] = ids[i];
	}
	qsort(want, n, sizeof *want, cmp_cstr);
	store_finish(s);
	cr_assert_eq(store_nsorted(s), n);
	for (i = 0; i < n; i++)
		cr_assert_str_eq(store_student_id(s, store_sorted(s, i)),
		    want[i], "place %zu", i);
	store_free(s);
}

/* Points come back bit for bit, whether 16 bits hold them (kept in the
 * record) or not (kept in the side table), in one store and across an
 * absorbed one. */
Test(store, points_come_back_exactly)
{
	static const double pts[] = { 0, 3, 2.5, 0.1, 1e-300, 3.141592653589793,
	    16777216, 16777217, 1e15 + 1, 0.75, 1.0 / 3, 2.15, 327.67, 327.68,
	    32766, 32767, -0.0, -1, 0.125 };
	const size_t np = sizeof pts / sizeof pts[0];
	struct store *s = store_new(), *t = store_new();
	struct tpair *p;
	size_t i, n;

	for (i = 0; i < 2 * np; i++) {
		struct store *to = i < np ? s : t;
		struct store_obs o;

		memset(&o, 0, sizeof o);
		o.date = (int32_t)i;
		o.points = pts[i % np];
		o.max = 4;
		o.weight = 1;
		o.correct = -1;
		store_add(to, store_student(to, "S1", 2),
		    store_objective(to, "O1", 2), o);
	}
	store_absorb(s, t);
	store_finish(s);
	p = collect(s, &n);
	cr_assert_eq(n, 1);
	cr_assert_eq(p[0].n, 2 * np);
	for (i = 0; i < 2 * np; i++) {
		cr_assert_eq(p[0].o[i].date, (int32_t)i);
		cr_assert_eq(memcmp(&p[0].o[i].points, &pts[i % np],
		    sizeof pts[0]), 0, "score %zu: %.17g", i, p[0].o[i].points);
		cr_assert_eq(p[0].o[i].max, 4);
	}
	free_pairs(p, n);
	store_free(s);
	store_free(t);
}

/* Maxima and weights come back as given: a float's 0.3 would move a
 * weighted mean of 2.995 below Canvas's rounding to 3.00. */
Test(store, maxima_and_weights_come_back_exactly)
{
	static const double v[] = { 0.3, 0.1, 1.0 / 3, 1e15, 7, 1e-300 };
	const size_t nv = sizeof v / sizeof v[0];
	struct store *s = store_new();
	struct tpair *p;
	size_t i, n;

	for (i = 0; i < nv; i++) {
		struct store_obs o;

		memset(&o, 0, sizeof o);
		o.date = (int32_t)i;
		o.points = 0;
		o.max = v[i];
		o.weight = v[nv - 1 - i];
		o.correct = -1;
		store_add(s, store_student(s, "S1", 2),
		    store_objective(s, "O1", 2), o);
	}
	store_finish(s);
	p = collect(s, &n);
	cr_assert_eq(n, 1);
	cr_assert_eq(p[0].n, nv);
	for (i = 0; i < nv; i++) {
		cr_assert_eq(p[0].o[i].max, v[i], "max %zu: %.17g", i,
		    p[0].o[i].max);
		cr_assert_eq(p[0].o[i].weight, v[nv - 1 - i], "weight %zu: "
		    "%.17g", i, p[0].o[i].weight);
	}
	free_pairs(p, n);
	store_free(s);
}

/* store_next_plain reads a plain pair as store_next_pair does, and leaves
 * any other pair (a score with its own maximum or weight, or more scores
 * than asked for) where it is. */
Test(store, plain_pairs_read_as_full_ones)
{
	static const struct row rows[] = {
		{ "S1", "O1", 12, 3, 4, 1 }, { "S1", "O1", 10, 1, 4, 1 },
		{ "S1", "O1", 12, 2, 4, 1 }, { "S1", "O2", 11, 4, 4, 1 },
		{ "S1", "O2", 11, 2, 5, 1 }, { "S1", "O3", 9, 2, 4, 2 },
		{ "S1", "O4", 1, 0, 4, 1 }, { "S1", "O4", 2, 1, 4, 1 },
		{ "S1", "O4", 3, 2, 4, 1 }, { "S1", "O5", 7, 0.5, 4, 1 },
	};
	struct store *s = store_new();
	struct store_obs *buf = NULL;
	struct mastery_point v[3];
	size_t pos = 0, cap = 0, n, i;
	uint32_t st, ob = 0, ob2;
	int plain[5] = { 1, 0, 0, 1, 1 }, k;

	add(s, rows, sizeof rows / sizeof rows[0]);
	store_finish(s);
	cr_assert_float_eq(store_common_max(s), 4, 0);
	st = store_sorted(s, 0);
	for (k = 0; k < 5; k++) {
		size_t at = pos, m = 0;
		/* O4 has three scores: asked for two, it is not taken. */
		size_t max_n = k == 3 ? 2 : 3;
		int rc = store_next_plain(s, st, &pos, &ob, v, max_n, &n);

		if (k == 3) {
			cr_assert_eq(rc, 0);
			rc = store_next_plain(s, st, &pos, &ob, v, 3, &n);
		}
		cr_assert_eq(rc, plain[k], "pair %d", k);
		if (rc == 1)
			m = n;
		pos = at;
		cr_assert_eq(store_next_pair(s, st, &pos, &ob2, &buf, &cap,
		    &n), 1);
		if (rc == 1) {
			cr_assert_eq(ob, ob2);
			cr_assert_eq(m, n);
			for (i = 0; i < n; i++) {
				cr_assert_eq(v[i].date, buf[i].date);
				cr_assert_eq((double)v[i].points, buf[i].points);
				cr_assert_eq(buf[i].max, 4);
				cr_assert_eq(buf[i].weight, 1);
			}
		}
	}
	cr_assert_eq(store_next_plain(s, st, &pos, &ob, v, 3, &n), -1);
	free(buf);
	store_free(s);
}

/* Adds a plain score of student S1 on objective name, dated date. */
static void
add_plain(struct store *s, const char *name, int32_t date, double points,
    double max)
{
	struct store_obs o;

	memset(&o, 0, sizeof o);
	o.date = date;
	o.points = points;
	o.max = max;
	o.weight = 1;
	o.correct = -1;
	store_add(s, store_student(s, "S1", 2), store_objective(s, name,
	    strlen(name)), o);
}

/* S1's next pair (pair k), each score's points its place in the input,
 * read plain at *pos: as store_next_pair reads it, in date order, equal
 * dates in input order. */
static void
check_date_order(const struct store *s, size_t *pos, size_t k)
{
	struct store_obs *buf = NULL;
	struct mastery_point v[STORE_PLAIN_MAX];
	uint32_t st = store_sorted(s, 0), ob, ob2;
	size_t at = *pos, cap = 0, n, m, i;

	cr_assert_eq(store_next_plain(s, st, pos, &ob, v, STORE_PLAIN_MAX,
	    &m), 1);
	cr_assert_eq(store_next_pair(s, st, &at, &ob2, &buf, &cap, &n), 1);
	cr_assert_eq(at, *pos);
	cr_assert_eq(ob, ob2);
	cr_assert_eq(m, n);
	for (i = 0; i < n; i++) {
		cr_assert_eq(v[i].date, buf[i].date, "pair %zu", k);
		cr_assert_eq((double)v[i].points, buf[i].points,
		    "pair %zu score %zu", k, i);
		if (i > 0) {
			cr_assert(v[i - 1].date <= v[i].date);
			if (v[i - 1].date == v[i].date)
				cr_assert(v[i - 1].points < v[i].points);
		}
	}
	free(buf);
}

/* A plain pair's scores in any order come out by date, equal dates in
 * input order, as store_next_pair gives them: pairs of 1 to
 * STORE_PLAIN_MAX scores, in order, reversed and shuffled, with ties. */
Test(store, plain_pairs_put_in_date_order)
{
	struct store *s = store_new();
	struct mastery_point v[3];
	size_t pos = 0, n, i, k;
	uint32_t ob;
	char name[16];

	for (k = 1; k <= STORE_PLAIN_MAX; k++) {
		snprintf(name, sizeof name, "O%03zu", k);
		for (i = 0; i < k; i++) {
			/* Shuffled, reversed or in order; a date in three
			 * repeated. */
			size_t at = k % 3 == 0 ? i * 17 % k :
			    k % 3 == 1 ? k - i : i;

			add_plain(s, name, (int32_t)(at / (k % 2 ? 1 : 3)),
			    (double)i, 64);
		}
	}
	store_finish(s);
	for (k = 1; k <= STORE_PLAIN_MAX; k++)
		check_date_order(s, &pos, k);
	cr_assert_eq(store_next_plain(s, store_sorted(s, 0), &pos, &ob, v, 3,
	    &n), -1);
	store_free(s);
}

/* Dates a plain score cannot hold (before 1970, after 2149, none) keep
 * the pair out of store_next_plain; store_next_pair gives them in date
 * order, equal dates in input order. */
Test(store, far_dates_kept_whole_and_in_order)
{
	static const int32_t dates[][6] = {
		{ 30000000, 5, -20000000, 5, 0, 30000000 },
		{ 7, DATE_NONE, 7, 100, DATE_NONE, -1 },
		{ INT32_MAX, DATE_NONE, 0, INT32_MAX, 65535, 65536 },
	};
	struct store *s = store_new();
	struct store_obs *buf = NULL;
	struct mastery_point v[6];
	size_t pos = 0, cap = 0, n, i, k;
	uint32_t st, ob;

	for (k = 0; k < 3; k++) {
		char name[16];

		snprintf(name, sizeof name, "O%u", (unsigned)k);
		for (i = 0; i < 6; i++)
			add_plain(s, name, dates[k][i], (double)i, 8);
	}
	store_finish(s);
	st = store_sorted(s, 0);
	for (k = 0; k < 3; k++) {
		size_t at = pos;

		cr_assert_eq(store_next_plain(s, st, &pos, &ob, v, 6, &n), 0);
		cr_assert_eq(pos, at);
		cr_assert_eq(store_next_pair(s, st, &pos, &ob, &buf, &cap, &n),
		    1);
		cr_assert_eq(n, 6);
		for (i = 1; i < n; i++) {
			cr_assert(buf[i - 1].date <= buf[i].date, "pair %zu", k);
			if (buf[i - 1].date == buf[i].date)
				cr_assert(buf[i - 1].points < buf[i].points);
		}
		for (i = 0; i < n; i++)
			cr_assert_eq(buf[i].date, dates[k][(size_t)buf[i].points]);
	}
	free(buf);
	store_free(s);
}

/*
 * A pair is plain only when 16 bits hold each of its points (hundredths to
 * 327.67, whole points to 32766; not -0), and its plain points come back
 * as they went in, to the bit, as store_next_pair gives them.
 */
Test(store, plain_pairs_take_points_that_fit)
{
	static const double pts[] = { 0, 0.01, 0.1, 2.15, 0.29, 1.005,
	    3.3333, 327.67, 327.68, 328, 1000, 32766, 32767, 32766.5, 0.125,
	    -0.0, -1, 1e-300, 1e300, 0.3 };
	static const int fits[] = { 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0,
	    0, 0, 0, 0, 0, 1 };
	size_t np = sizeof pts / sizeof pts[0], i, n, pos = 0, cap = 0;
	struct store *s = store_new();
	struct store_obs *buf = NULL;
	struct mastery_point v[1];
	uint32_t st, ob;

	for (i = 0; i < np; i++) {
		char name[16];

		snprintf(name, sizeof name, "O%02u", (unsigned)i);
		add_plain(s, name, 20000, pts[i], 4);
	}
	store_finish(s);
	st = store_sorted(s, 0);
	for (i = 0; i < np; i++) {
		size_t at = pos;
		int plain = store_next_plain(s, st, &pos, &ob, v, 1, &n);

		cr_assert_eq(plain, fits[i], "%.17g", pts[i]);
		if (plain) {
			cr_assert(memcmp(&v[0].points, &pts[i], sizeof pts[i]) ==
			    0, "%.17g came back as %.17g", pts[i], v[0].points);
			cr_assert_eq(v[0].date, 20000);
		}
		pos = at;
		cr_assert_eq(store_next_pair(s, st, &pos, &ob, &buf, &cap, &n),
		    1);
		cr_assert_eq(n, 1);
		cr_assert(memcmp(&buf[0].points, &pts[i], sizeof pts[i]) == 0,
		    "%.17g came back as %.17g", pts[i], buf[0].points);
		cr_assert_eq(buf[0].max, 4);
	}
	free(buf);
	store_free(s);
}

/* Row i of a catalog past 65,536 objectives: ids that 16 bits no longer
 * hold are kept in the side table. */
static void
wide_row(size_t i, char *st, char *ob, struct store_obs *o)
{
	snprintf(st, 16, "S%u", (unsigned)(i % 7));
	snprintf(ob, 16, "O%06u", (unsigned)((i * 7919) % 70001));
	memset(o, 0, sizeof *o);
	o->date = (int32_t)(i % 3);
	o->points = (double)i;
	o->max = 4;
	o->weight = 1;
	o->correct = -1;
}

/* Objectives past 65,536 in one store and in a store absorbed whole (its
 * side table's ids mapped to the absorber's), and the absorber's own
 * before them: every score where one store puts it. */
Test(store, objectives_past_16_bits)
{
	struct store *one = store_new(), *a = store_new(), *b = store_new();
	char st[16], ob[16];
	struct store_obs o;
	struct tpair *p;
	size_t i, n, rows = 140002;

	/* b knows every objective first, in another order: its ids are not
	 * a's, and reach past 65,536. */
	for (i = 0; i < 70001; i++) {
		snprintf(ob, sizeof ob, "O%06u", (unsigned)(70000 - i));
		store_objective(b, ob, strlen(ob));
	}
	for (i = 0; i < rows; i++) {
		struct store *half = i < rows / 2 ? a : b;

		wide_row(i, st, ob, &o);
		store_add(one, store_student(one, st, strlen(st)),
		    store_objective(one, ob, strlen(ob)), o);
		store_add(half, store_student(half, st, strlen(st)),
		    store_objective(half, ob, strlen(ob)), o);
	}
	store_absorb(a, b);
	store_finish(one);
	store_finish(a);
	check_rows(a, rows, wide_row);
	p = same_pairs(one, a, &n);
	free_pairs(p, n);
	store_free(one);
	store_free(a);
	store_free(b);
}
