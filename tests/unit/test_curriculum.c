#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curriculum.h"
#include "date.h"

/* A small curriculum written as "id:prereq,prereq" specs. */
struct spec {
	struct curriculum_objective obj[16];
	char ids[16][16];
	char pre[16][8][16];
	const char *preptr[16][8];
	size_t n;
};

static void
parse_specs(struct spec *s, const char *const *specs, size_t n)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->n = n;
	for (i = 0; i < n; i++) {
		const char *colon = strchr(specs[i], ':');
		const char *p;
		size_t k = 0;

		snprintf(s->ids[i], sizeof s->ids[i], "%.*s",
		    (int)(colon ? (size_t)(colon - specs[i]) :
		    strlen(specs[i])), specs[i]);
		for (p = colon ? colon + 1 : NULL; p && *p; k++) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);

			snprintf(s->pre[i][k], sizeof s->pre[i][k], "%.*s",
			    (int)len, p);
			s->preptr[i][k] = s->pre[i][k];
			p = comma ? comma + 1 : NULL;
		}
		s->obj[i].id = s->ids[i];
		s->obj[i].due = DATE_NONE;
		s->obj[i].prereq_ids = s->preptr[i];
		s->obj[i].nprereq = k;
	}
}

/* Builds the curriculum and returns its order as "A B C", or the error. */
static char *
order_of(const char *const *specs, size_t n)
{
	struct spec s;
	struct pl_err err = { 0 };
	struct curriculum *c;
	static char out[1024];
	size_t i;

	parse_specs(&s, specs, n);
	c = curriculum_new(s.obj, s.n, &err);
	if (c == NULL) {
		cr_assert_eq(err.status, PL_EXIT_DATA);
		snprintf(out, sizeof out, "error: %s", err.msg);
		return out;
	}
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(out, i ? " " : "");
		strcat(out, curriculum_objective(c,
		    curriculum_order(c)[i])->id);
	}
	curriculum_free(c);
	return out;
}

struct order_case {
	const char *name;
	const char *specs[8];
	size_t n;
	const char *want;
};

static const struct order_case order_cases[] = {
	{ "diamond", { "A", "B:A", "C:A", "D:B,C" }, 4, "A B C D" },
	{ "diamond listed backwards", { "D:B,C", "C:A", "B:A", "A" }, 4,
	  "A C B D" },
	{ "guide order kept where free", { "X:Y", "Y", "Z" }, 3, "Y X Z" },
	{ "several roots", { "R1", "R2", "C:R2", "D:R1" }, 4,
	  "R1 R2 C D" },
	{ "prerequisite listed twice", { "A", "B:A,A" }, 2, "A B" },
	{ "cycle of three",
	  { "A", "B:C", "C:D", "D:B", "E:A" }, 5,
	  "error: prerequisite cycle: B -> D -> C -> B" },
	{ "cycle of two behind a root", { "R", "P:R,Q", "Q:P" }, 3,
	  "error: prerequisite cycle: P -> Q -> P" },
	{ "cycle found from a dependent", { "Z:C", "C:D", "D:C" }, 3,
	  "error: prerequisite cycle: C -> D -> C" },
	{ "self prerequisite", { "A", "B:B" }, 2,
	  "error: objective \"B\" lists itself as a prerequisite" },
	{ "unknown prerequisite", { "A", "B:A,Q" }, 2,
	  "error: objective \"B\": unknown prerequisite \"Q\"" },
	{ "duplicate id", { "A", "B", "A" }, 3,
	  "error: duplicate objective \"A\"" },
	{ "empty", { NULL }, 0, "" },
};

Test(curriculum, orders_and_errors)
{
	size_t i;

	for (i = 0; i < sizeof order_cases / sizeof order_cases[0]; i++) {
		const struct order_case *k = &order_cases[i];

		cr_expect_str_eq(order_of(k->specs, k->n), k->want, "%s",
		    k->name);
	}
}

Test(curriculum, prereqs_as_indices_and_lookup)
{
	const char *specs[] = { "A", "B:A", "C:A", "D:C,B" };
	struct spec s;
	struct pl_err err = { 0 };
	struct curriculum *c;
	const uint32_t *p;
	size_t n;

	parse_specs(&s, specs, 4);
	c = curriculum_new(s.obj, 4, &err);
	cr_assert_not_null(c, "%s", err.msg);
	cr_expect_eq(curriculum_count(c), 4);
	p = curriculum_prereqs(c, 3, &n);
	cr_assert_eq(n, 2);
	cr_expect_eq(p[0], 2);
	cr_expect_eq(p[1], 1);
	curriculum_prereqs(c, 0, &n);
	cr_expect_eq(n, 0);
	cr_expect_eq(curriculum_find(c, "C"), 2);
	cr_expect_eq(curriculum_find(c, "c"), -1);
	cr_expect_eq(curriculum_find(c, "nope"), -1);
	/* A slice of a longer text, not NUL-ended where it stops. */
	cr_expect_eq(curriculum_find_n(c, "Cx", 1), 2);
	cr_expect_eq(curriculum_find_n(c, "Cx", 2), -1);
	curriculum_free(c);
}

/* A chain of n objectives, listed last first: o[i] needs o[i + 1]. */
static struct curriculum_objective *
long_chain(size_t n, char ***ids, const char ***pre, int close_cycle)
{
	struct curriculum_objective *o = calloc(n, sizeof *o);
	size_t i;

	*ids = calloc(n, sizeof **ids);
	*pre = calloc(n, sizeof **pre);
	for (i = 0; i < n; i++) {
		(*ids)[i] = malloc(32);
		snprintf((*ids)[i], 32, "o%zu", i);
	}
	for (i = 0; i < n; i++) {
		o[i].id = (*ids)[i];
		o[i].due = DATE_NONE;
		if (i + 1 < n || close_cycle) {
			(*pre)[i] = (*ids)[(i + 1) % n];
			o[i].prereq_ids = &(*pre)[i];
			o[i].nprereq = 1;
		}
	}
	return o;
}

static void
free_chain(struct curriculum_objective *o, char **ids, const char **pre,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(pre);
	free(o);
}

Test(curriculum, chain_of_100000_needs_no_stack)
{
	size_t n = 100000, i;
	char **ids;
	const char **pre;
	struct curriculum_objective *o = long_chain(n, &ids, &pre, 0);
	struct pl_err err = { 0 };
	struct curriculum *c = curriculum_new(o, n, &err);
	const uint32_t *ord;

	cr_assert_not_null(c, "%s", err.msg);
	ord = curriculum_order(c);
	for (i = 0; i < n; i++)
		cr_assert_eq(ord[i], n - 1 - i);
	curriculum_free(c);
	free_chain(o, ids, pre, n);
}

Test(curriculum, cycle_of_100000_is_named_and_bounded)
{
	size_t n = 100000;
	char **ids;
	const char **pre;
	struct curriculum_objective *o = long_chain(n, &ids, &pre, 1);
	struct pl_err err = { 0 };
	struct curriculum *c = curriculum_new(o, n, &err);

	cr_assert_null(c);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	/* o0 needs o1, so o1 -> o0; the cycle starts at o0. */
	cr_expect(strncmp(err.msg, "prerequisite cycle: o0 -> o99999 -> "
	    "o99998 -> ", 45) == 0, "%s", err.msg);
	cr_expect_not_null(strstr(err.msg, " -> ... (a cycle of 100000 "
	    "objectives)"), "%s", err.msg);
	cr_expect_lt(strlen(err.msg), sizeof err.msg);
	free_chain(o, ids, pre, n);
}

Test(curriculum, every_objective_of_a_cycle_is_named)
{
	/* A cycle of 12 whose message still fits: each one is named. */
	size_t n = 12, i;
	char **ids;
	const char **pre;
	struct curriculum_objective *o = long_chain(n, &ids, &pre, 1);
	struct pl_err err = { 0 };
	char want[512] = "prerequisite cycle: o0";

	cr_assert_null(curriculum_new(o, n, &err));
	for (i = n; i-- > 0;) {
		char part[32];

		snprintf(part, sizeof part, " -> o%zu", i);
		strcat(want, part);
	}
	cr_expect_str_eq(err.msg, want);
	free_chain(o, ids, pre, n);
}
