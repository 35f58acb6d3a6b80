/*
 * mcf.c - minimum-cost flow by successive shortest paths.  Edges are kept
 * in pairs (an edge and its residual twin at index ^ 1).  Potentials start
 * from Bellman-Ford distances, so negative costs are allowed, and keep
 * every residual reduced cost non-negative, so each later search is a
 * Dijkstra with a binary heap keyed on (distance, node): ties go to the
 * lower node number, which makes the result deterministic.
 */
#include "mcf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define INF INT64_MAX

struct edge {
	size_t to;
	size_t next;		/* next edge out of the same node, or SIZE_MAX */
	int64_t cap;		/* residual capacity */
	int64_t cost;
};

struct mcf {
	size_t n;
	size_t *head;
	struct edge *e;
	size_t ne, cap;
	int64_t *orig_cap;	/* capacity as added, by forward edge / 2 */
	size_t ocap;
};

struct mcf *
mcf_new(size_t nnodes)
{
	struct mcf *m = xcalloc(1, sizeof *m);
	size_t i;

	m->n = nnodes;
	m->head = xmalloc((nnodes ? nnodes : 1) * sizeof *m->head);
	for (i = 0; i < nnodes; i++)
		m->head[i] = SIZE_MAX;
	return m;
}

void
mcf_free(struct mcf *m)
{
	if (m == NULL)
		return;
	free(m->head);
	free(m->e);
	free(m->orig_cap);
	free(m);
}

static void
push_edge(struct mcf *m, size_t from, size_t to, int64_t cap, int64_t cost)
{
	struct edge *x;

	m->e = xgrow(m->e, &m->cap, m->ne + 1, sizeof *m->e);
	x = &m->e[m->ne];
	x->to = to;
	x->cap = cap;
	x->cost = cost;
	x->next = m->head[from];
	m->head[from] = m->ne++;
}

size_t
mcf_add_edge(struct mcf *m, size_t from, size_t to, int64_t cap,
    int64_t cost)
{
	size_t id = m->ne / 2;

	push_edge(m, from, to, cap, cost);
	push_edge(m, to, from, 0, -cost);
	m->orig_cap = xgrow(m->orig_cap, &m->ocap, id + 1,
	    sizeof *m->orig_cap);
	m->orig_cap[id] = cap;
	return id;
}

int64_t
mcf_flow(const struct mcf *m, size_t e)
{
	return m->orig_cap[e] - m->e[2 * e].cap;
}

/* Bellman-Ford from s over edges with capacity; unreachable stays INF. */
static void
initial_potentials(const struct mcf *m, size_t s, int64_t *pi)
{
	size_t i, round, u;

	for (i = 0; i < m->n; i++)
		pi[i] = INF;
	pi[s] = 0;
	for (round = 0; round < m->n; round++) {
		int changed = 0;

		for (u = 0; u < m->n; u++) {
			size_t k;

			if (pi[u] == INF)
				continue;
			for (k = m->head[u]; k != SIZE_MAX; k = m->e[k].next) {
				const struct edge *x = &m->e[k];

				if (x->cap > 0 && pi[u] + x->cost < pi[x->to]) {
					pi[x->to] = pi[u] + x->cost;
					changed = 1;
				}
			}
		}
		if (!changed)
			break;
	}
}

/* A binary heap of (distance, node), smallest first. */
struct item {
	int64_t d;
	size_t v;
};

static int
item_less(const struct item *a, const struct item *b)
{
	return a->d < b->d || (a->d == b->d && a->v < b->v);
}

static void
heap_push(struct item *h, size_t *n, struct item x)
{
	size_t i = (*n)++;

	while (i > 0 && item_less(&x, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = x;
}

static struct item
heap_pop(struct item *h, size_t *n)
{
	struct item top = h[0], x = h[--*n];
	size_t i = 0;

	for (;;) {
		size_t k = 2 * i + 1;

		if (k >= *n)
			break;
		if (k + 1 < *n && item_less(&h[k + 1], &h[k]))
			k++;
		if (!item_less(&h[k], &x))
			break;
		h[i] = h[k];
		i = k;
	}
	if (*n > 0)
		h[i] = x;
	return top;
}

/*
 * Dijkstra on reduced costs from s; fills dist and the edge used to
 * reach each node.  Returns 1 when t is reachable.
 */
static int
shortest_paths(const struct mcf *m, size_t s, size_t t, const int64_t *pi,
    int64_t *dist, size_t *via, struct item *heap)
{
	size_t i, nh = 0;

	for (i = 0; i < m->n; i++) {
		dist[i] = INF;
		via[i] = SIZE_MAX;
	}
	dist[s] = 0;
	heap_push(heap, &nh, (struct item){ 0, s });
	while (nh > 0) {
		struct item it = heap_pop(heap, &nh);
		size_t k;

		if (it.d > dist[it.v])
			continue;
		for (k = m->head[it.v]; k != SIZE_MAX; k = m->e[k].next) {
			const struct edge *x = &m->e[k];
			int64_t nd;

			if (x->cap <= 0 || pi[x->to] == INF)
				continue;
			nd = it.d + x->cost + pi[it.v] - pi[x->to];
			if (nd < dist[x->to]) {
				dist[x->to] = nd;
				via[x->to] = k;
				heap_push(heap, &nh, (struct item){ nd, x->to });
			}
		}
	}
	return dist[t] != INF;
}

int64_t
mcf_solve(struct mcf *m, size_t s, size_t t, int64_t max_flow,
    int stop_at_nonnegative, int64_t *cost)
{
	int64_t *pi = xmalloc((m->n ? m->n : 1) * sizeof *pi);
	int64_t *dist = xmalloc((m->n ? m->n : 1) * sizeof *dist);
	size_t *via = xmalloc((m->n ? m->n : 1) * sizeof *via);
	struct item *heap = xmalloc((m->ne + 1) * sizeof *heap);
	int64_t flow = 0, total = 0;
	size_t i;

	initial_potentials(m, s, pi);
	while (flow < max_flow && s != t &&
	    shortest_paths(m, s, t, pi, dist, via, heap)) {
		int64_t push = max_flow - flow, path_cost;
		size_t v;

		for (i = 0; i < m->n; i++)
			if (dist[i] != INF)
				pi[i] += dist[i];
		/* pi[s] stays 0, so pi[t] is the path's real cost. */
		path_cost = pi[t] - pi[s];
		if (stop_at_nonnegative && path_cost >= 0)
			break;
		for (v = t; v != s; v = m->e[via[v] ^ 1].to)
			if (m->e[via[v]].cap < push)
				push = m->e[via[v]].cap;
		for (v = t; v != s; v = m->e[via[v] ^ 1].to) {
			m->e[via[v]].cap -= push;
			m->e[via[v] ^ 1].cap += push;
		}
		flow += push;
		total += push * path_cost;
	}
	free(pi);
	free(dist);
	free(via);
	free(heap);
	if (cost != NULL)
		*cost = total;
	return flow;
}
