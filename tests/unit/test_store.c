#include <criterion/criterion.h>
#include <string.h>

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

Test(store, absorb_equals_one_store)
{
	struct store *one = store_new(), *a = store_new(), *b = store_new();
	size_t i, j;

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
	cr_assert_eq(store_npairs(a), store_npairs(one));
	cr_assert_eq(store_npairs(a), 4);
	for (i = 0; i < store_npairs(one); i++) {
		uint32_t s1, o1, s2, o2;
		const struct store_obs *x, *y;
		size_t n1, n2;
		struct store_obs xs[8];

		store_pair(one, i, &s1, &o1, &x, &n1);
		cr_assert_leq(n1, 8);
		memcpy(xs, x, n1 * sizeof *x);
		store_pair(a, i, &s2, &o2, &y, &n2);
		cr_expect_str_eq(store_student_id(one, s1), store_student_id(a, s2));
		cr_expect_str_eq(store_objective_id(one, o1),
		    store_objective_id(a, o2));
		cr_assert_eq(n1, n2);
		for (j = 0; j < n1; j++) {
			cr_expect_eq(xs[j].date, y[j].date);
			cr_expect_eq(xs[j].points, y[j].points);
			cr_expect_eq(xs[j].max, y[j].max);
			cr_expect_eq(xs[j].weight, y[j].weight);
			cr_expect_eq(xs[j].order, y[j].order);
		}
	}
	/* By hand: S2 x O1 is the third pair, its scores all dated 10, in
	 * input order 3, 4 (max 4) then 7 (max 10). */
	{
		uint32_t st, ob;
		const struct store_obs *o;
		size_t n;

		store_pair(a, 2, &st, &ob, &o, &n);
		cr_expect_str_eq(store_student_id(a, st), "S2");
		cr_assert_eq(n, 3);
		cr_expect_eq(o[0].points, 3);
		cr_expect_eq(o[1].points, 4);
		cr_expect_eq(o[2].points, 7);
		cr_expect_eq(o[2].max, 10);
		/* S1 x O1: the weighted score dated 8 comes first. */
		store_pair(a, 0, &st, &ob, &o, &n);
		cr_assert_eq(n, 2);
		cr_expect_eq(o[0].date, 8);
		cr_expect_eq(o[0].weight, 2);
		cr_expect_eq(o[1].points, 2);
	}
	store_free(one);
	store_free(a);
	store_free(b);
}
