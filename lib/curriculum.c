/*
 * curriculum.c - the prerequisite graph of the objectives: ids resolved to
 * indices, checked for self-prerequisites, unknown ids and cycles, and put
 * in a topological order (Kahn's algorithm with a min-heap on the
 * pacing-guide position, so the order is as close to the guide as the
 * prerequisites allow).  Everything is iterative.
 */
#include "curriculum.h"
#include "intern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct curriculum {
	struct curriculum_objective *obj;
	size_t n;
	struct intern *ids;
	size_t *pre_start;	/* n + 1 offsets into pre */
	uint32_t *pre;
	uint32_t *order;
};

void
curriculum_free(struct curriculum *c)
{
	if (c == NULL)
		return;
	free(c->obj);
	intern_free(c->ids);
	free(c->pre_start);
	free(c->pre);
	free(c->order);
	free(c);
}

size_t
curriculum_count(const struct curriculum *c)
{
	return c->n;
}

const struct curriculum_objective *
curriculum_objective(const struct curriculum *c, size_t i)
{
	return &c->obj[i];
}

long
curriculum_find(const struct curriculum *c, const char *id)
{
	return curriculum_find_n(c, id, strlen(id));
}

long
curriculum_find_n(const struct curriculum *c, const char *id, size_t len)
{
	uint32_t i = intern_find(c->ids, id, len);

	return i == UINT32_MAX ? -1 : (long)i;
}

const uint32_t *
curriculum_prereqs(const struct curriculum *c, size_t i, size_t *n)
{
	*n = c->pre_start[i + 1] - c->pre_start[i];
	return c->pre + c->pre_start[i];
}

const uint32_t *
curriculum_order(const struct curriculum *c)
{
	return c->order;
}

/* A min-heap of objective indices. */
struct heap {
	uint32_t *v;
	size_t n;
};

static void
heap_push(struct heap *h, uint32_t x)
{
	size_t i = h->n++;

	while (i > 0 && h->v[(i - 1) / 2] > x) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = x;
}

static uint32_t
heap_pop(struct heap *h)
{
	uint32_t top = h->v[0], x = h->v[--h->n];
	size_t i = 0;

	for (;;) {
		size_t k = 2 * i + 1;

		if (k >= h->n)
			break;
		if (k + 1 < h->n && h->v[k + 1] < h->v[k])
			k++;
		if (h->v[k] >= x)
			break;
		h->v[i] = h->v[k];
		i = k;
	}
	if (h->n > 0)
		h->v[i] = x;
	return top;
}

/*
 * Resolves every prerequisite id into c->pre (CSR, duplicates dropped).
 * Returns 0, or -1 with err set for a self-prerequisite or an unknown id.
 */
static int
resolve_prereqs(struct curriculum *c, struct pl_err *err)
{
	size_t i, j, total = 0;
	uint32_t *seen = xcalloc(c->n ? c->n : 1, sizeof *seen);

	for (i = 0; i < c->n; i++)
		total += c->obj[i].nprereq;
	c->pre_start = xmalloc((c->n + 1) * sizeof *c->pre_start);
	c->pre = xmalloc((total ? total : 1) * sizeof *c->pre);
	total = 0;
	for (i = 0; i < c->n; i++) {
		const struct curriculum_objective *o = &c->obj[i];

		c->pre_start[i] = total;
		for (j = 0; j < o->nprereq; j++) {
			const char *p = o->prereq_ids[j];
			uint32_t k = intern_find(c->ids, p, strlen(p));

			if (k == UINT32_MAX) {
				pl_err_set(err, NULL, 0, PL_EXIT_DATA,
				    "objective \"%s\": unknown prerequisite "
				    "\"%s\"", o->id, p);
				free(seen);
				return -1;
			}
			if (k == i) {
				pl_err_set(err, NULL, 0, PL_EXIT_DATA,
				    "objective \"%s\" lists itself as a "
				    "prerequisite", o->id);
				free(seen);
				return -1;
			}
			if (seen[k] == i + 1)
				continue;
			seen[k] = (uint32_t)(i + 1);
			c->pre[total++] = k;
		}
	}
	c->pre_start[c->n] = total;
	free(seen);
	return 0;
}

/*
 * Called when the topological sort stalled: every objective left (left[i]
 * set) still waits for a prerequisite that is also left, so walking
 * prerequisites from any of them must come back to one already met.
 * Describes that cycle in err, each objective a prerequisite of the next.
 */
static void
report_cycle(const struct curriculum *c, const unsigned char *left,
    struct pl_err *err)
{
	size_t *pos = xmalloc(c->n * sizeof *pos);
	uint32_t *walk = xmalloc(c->n * sizeof *walk);
	size_t i, nwalk = 0, start, len, best, used, k;
	uint32_t v = 0;
	char msg[sizeof err->msg];
	static const char head[] = "prerequisite cycle: ";

	for (i = 0; i < c->n; i++)
		pos[i] = SIZE_MAX;
	for (i = 0; i < c->n; i++)
		if (left[i]) {
			v = (uint32_t)i;
			break;
		}
	while (pos[v] == SIZE_MAX) {
		size_t np, j;
		const uint32_t *p = curriculum_prereqs(c, v, &np);

		pos[v] = nwalk;
		walk[nwalk++] = v;
		for (j = 0; j < np; j++)
			if (left[p[j]])
				break;
		v = p[j];
	}
	/* walk[start..nwalk) is the cycle, each a dependent of the next. */
	start = pos[v];
	len = nwalk - start;
	best = start;
	for (i = start; i < nwalk; i++)
		if (walk[i] < walk[best])
			best = i;
	/* Written in prerequisite order: backwards along the walk. */
	/* Ids are cut to 40 bytes, as in every message. */
	used = (size_t)snprintf(msg, sizeof msg, "%s%.40s", head,
	    c->obj[walk[best]].id);
	for (k = 1; k <= len && used < sizeof msg; k++) {
		size_t idx = start + (best - start + len - k) % len;
		const char *id = c->obj[walk[idx]].id;
		char tail[64];
		int tl = snprintf(tail, sizeof tail, " -> ... (a cycle of %zu "
		    "objectives)", len);

		if (used + 4 + strnlen(id, 40) + (size_t)tl >= sizeof msg &&
		    k < len) {
			snprintf(msg + used, sizeof msg - used, "%s", tail);
			break;
		}
		used += (size_t)snprintf(msg + used, sizeof msg - used,
		    " -> %.40s", id);
		if (used >= sizeof msg)
			break;
	}
	pl_err_set(err, NULL, 0, PL_EXIT_DATA, "%s", msg);
	free(pos);
	free(walk);
}

/* Kahn's algorithm; returns 0, or -1 with err set when there is a cycle. */
static int
sort_topologically(struct curriculum *c, struct pl_err *err)
{
	size_t n = c->n, i, j, done = 0;
	size_t *indeg = xcalloc(n ? n : 1, sizeof *indeg);
	size_t *dep_start = xcalloc(n + 1, sizeof *dep_start);
	uint32_t *dep = xmalloc((c->pre_start[n] ? c->pre_start[n] : 1) *
	    sizeof *dep);
	size_t *fill = xmalloc((n ? n : 1) * sizeof *fill);
	struct heap h = { xmalloc((n ? n : 1) * sizeof *h.v), 0 };
	int rc = 0;

	for (i = 0; i < n; i++) {
		indeg[i] = c->pre_start[i + 1] - c->pre_start[i];
		for (j = c->pre_start[i]; j < c->pre_start[i + 1]; j++)
			dep_start[c->pre[j] + 1]++;
	}
	for (i = 0; i < n; i++)
		dep_start[i + 1] += dep_start[i];
	memcpy(fill, dep_start, n * sizeof *fill);
	for (i = 0; i < n; i++)
		for (j = c->pre_start[i]; j < c->pre_start[i + 1]; j++)
			dep[fill[c->pre[j]]++] = (uint32_t)i;
	c->order = xmalloc((n ? n : 1) * sizeof *c->order);
	for (i = 0; i < n; i++)
		if (indeg[i] == 0)
			heap_push(&h, (uint32_t)i);
	while (h.n > 0) {
		uint32_t v = heap_pop(&h);

		c->order[done++] = v;
		for (j = dep_start[v]; j < dep_start[v + 1]; j++)
			if (--indeg[dep[j]] == 0)
				heap_push(&h, dep[j]);
	}
	if (done < n) {
		unsigned char *left = xmalloc(n);

		for (i = 0; i < n; i++)
			left[i] = indeg[i] > 0;
		report_cycle(c, left, err);
		free(left);
		rc = -1;
	}
	free(indeg);
	free(dep_start);
	free(dep);
	free(fill);
	free(h.v);
	return rc;
}

struct curriculum *
curriculum_new(const struct curriculum_objective *objs, size_t n,
    struct pl_err *err)
{
	struct curriculum *c = xcalloc(1, sizeof *c);
	size_t i;

	c->n = n;
	c->obj = xmalloc((n ? n : 1) * sizeof *c->obj);
	if (n > 0)
		memcpy(c->obj, objs, n * sizeof *c->obj);
	c->ids = intern_new();
	for (i = 0; i < n; i++) {
		const char *id = objs[i].id ? objs[i].id : "";
		size_t len = strlen(id);

		if (len == 0) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA,
			    "objective %zu has an empty id", i + 1);
			goto fail;
		}
		if (intern_add(c->ids, id, len) != i) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA,
			    "duplicate objective \"%s\"", id);
			goto fail;
		}
	}
	if (resolve_prereqs(c, err) < 0 || sort_topologically(c, err) < 0)
		goto fail;
	return c;
fail:
	curriculum_free(c);
	return NULL;
}
