/*
 * mcf.h - exact minimum-cost flow on a directed network with integer
 * capacities and costs, by successive shortest paths with potentials
 * (Bellman-Ford once, for negative costs, then Dijkstra).  Deterministic:
 * the same network built in the same order gives the same flow.
 *
 * What mcf_new returns belongs to the caller (mcf_free).
 */
#ifndef PL_MCF_H
#define PL_MCF_H

#include <stddef.h>
#include <stdint.h>

struct mcf;

struct mcf *mcf_new(size_t nnodes);
void mcf_free(struct mcf *m);

/* Adds an edge from -> to with capacity cap >= 0 and cost per unit;
 * returns its id for mcf_flow. */
size_t mcf_add_edge(struct mcf *m, size_t from, size_t to, int64_t cap,
    int64_t cost);

/*
 * Sends flow from s to t along cheapest paths, at most max_flow units.
 * With stop_at_nonnegative, stops as soon as the cheapest path costs 0 or
 * more: the result is then a minimum-cost flow over every flow value (the
 * most negative total), not a maximum flow.  The network as built must
 * have no cycle of negative cost.  Returns the flow sent; *cost (may be
 * NULL) gets its total cost.  Call once.
 */
int64_t mcf_solve(struct mcf *m, size_t s, size_t t, int64_t max_flow,
    int stop_at_nonnegative, int64_t *cost);

/* Flow on edge e after mcf_solve. */
int64_t mcf_flow(const struct mcf *m, size_t e);

#endif
