#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>

#include "mcf.h"

Test(mcf, textbook_network)
{
	struct mcf *m = mcf_new(4);
	size_t e01 = mcf_add_edge(m, 0, 1, 2, 1);
	size_t e02 = mcf_add_edge(m, 0, 2, 1, 2);
	size_t e12 = mcf_add_edge(m, 1, 2, 1, 1);
	size_t e13 = mcf_add_edge(m, 1, 3, 1, 3);
	size_t e23 = mcf_add_edge(m, 2, 3, 2, 1);
	int64_t cost = 0;

	/* Three units: 0-1-2-3 (3), 0-2-3 (3), 0-1-3 (4). */
	cr_expect_eq(mcf_solve(m, 0, 3, INT64_MAX, 0, &cost), 3);
	cr_expect_eq(cost, 10);
	cr_expect_eq(mcf_flow(m, e01), 2);
	cr_expect_eq(mcf_flow(m, e02), 1);
	cr_expect_eq(mcf_flow(m, e12), 1);
	cr_expect_eq(mcf_flow(m, e13), 1);
	cr_expect_eq(mcf_flow(m, e23), 2);
	mcf_free(m);
}

Test(mcf, flow_limit_takes_cheapest)
{
	struct mcf *m = mcf_new(4);
	int64_t cost = 0;

	mcf_add_edge(m, 0, 1, 2, 1);
	mcf_add_edge(m, 0, 2, 1, 2);
	mcf_add_edge(m, 1, 2, 1, 1);
	mcf_add_edge(m, 1, 3, 1, 3);
	mcf_add_edge(m, 2, 3, 2, 1);
	cr_expect_eq(mcf_solve(m, 0, 3, 2, 0, &cost), 2);
	cr_expect_eq(cost, 6);
	mcf_free(m);
}

Test(mcf, negative_costs_and_stopping)
{
	int stop;

	for (stop = 0; stop <= 1; stop++) {
		struct mcf *m = mcf_new(4);
		int64_t cost = 0;

		mcf_add_edge(m, 0, 1, 1, -5);
		mcf_add_edge(m, 1, 3, 1, 2);
		mcf_add_edge(m, 0, 2, 1, 1);
		mcf_add_edge(m, 2, 3, 1, 1);
		cr_expect_eq(mcf_solve(m, 0, 3, INT64_MAX, stop, &cost),
		    stop ? 1 : 2);
		cr_expect_eq(cost, stop ? -3 : -1);
		mcf_free(m);
	}
}

Test(mcf, unreachable_sink)
{
	struct mcf *m = mcf_new(3);
	int64_t cost = 7;

	mcf_add_edge(m, 0, 1, 5, 1);
	cr_expect_eq(mcf_solve(m, 0, 2, INT64_MAX, 0, &cost), 0);
	cr_expect_eq(cost, 0);
	mcf_free(m);
}

/* Best total of a partial assignment of rows to distinct columns. */
static int64_t
brute(int n, int64_t w[6][6], int row, unsigned used, int partial)
{
	int64_t best = INT64_MAX;
	int c;

	if (row == n)
		return 0;
	if (partial)
		best = brute(n, w, row + 1, used, partial);
	for (c = 0; c < n; c++) {
		int64_t r;

		if (used & (1u << c))
			continue;
		r = brute(n, w, row + 1, used | (1u << c), partial);
		if (r != INT64_MAX && r + w[row][c] < best)
			best = r + w[row][c];
	}
	return best;
}

Test(mcf, assignment_matches_brute_force)
{
	unsigned seed = 12345;
	int iter;

	for (iter = 0; iter < 300; iter++) {
		int n = 1 + iter % 6, partial = iter % 2, r, c;
		int64_t w[6][6], cost = 0, flow;
		struct mcf *m = mcf_new((size_t)(2 * n + 2));

		for (r = 0; r < n; r++) {
			mcf_add_edge(m, 0, (size_t)(2 + r), 1, 0);
			mcf_add_edge(m, (size_t)(2 + n + r), 1, 1, 0);
		}
		for (r = 0; r < n; r++)
			for (c = 0; c < n; c++) {
				seed = seed * 1103515245u + 12345u;
				w[r][c] = (int64_t)((seed >> 16) % 41) - 20;
				mcf_add_edge(m, (size_t)(2 + r),
				    (size_t)(2 + n + c), 1, w[r][c]);
			}
		flow = mcf_solve(m, 0, 1, INT64_MAX, partial, &cost);
		cr_assert_eq(cost, brute(n, w, 0, 0, partial),
		    "instance %d", iter);
		if (!partial)
			cr_assert_eq(flow, n);
		mcf_free(m);
	}
}
