/*
 * standards.c - CASE / OpenSALT standards lists in CSV to objectives
 * (research/formats.md section 4).  The list is loaded whole, its
 * hierarchy ("Is Child Of") and prerequisite edges ("Precedes") resolved
 * against codes and identifiers, then the leaves are written in document
 * order.
 */
#include "standards.h"
#include "detect.h"
#include "intern.h"
#include "num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct item {
	char *ident, *code, *title, *parent_ref, *precedes;
	const char *id;		/* ident or code, by the option */
	double seq;
	size_t order;
	long parent;		/* index, or -1 */
	long first_child, next_sibling;
	size_t nchildren;
	char *prereqs;		/* "a;b" */
	int visited;
};

struct names {
	char buf[160];
	unsigned long n;
};

static void
names_add(struct names *l, const char *s, size_t n)
{
	size_t len = strlen(l->buf);
	char q[48];

	snprintf(q, sizeof q, "\"%.*s\"", (int)(n > 40 ? 40 : n), s);
	if (strstr(l->buf, q) != NULL) {
		l->n++;
		return;
	}
	if (l->n++ < 5 && len + 8 < sizeof l->buf)
		snprintf(l->buf + len, sizeof l->buf - len, "%s\"%.*s\"",
		    len ? ", " : "", (int)(n > 40 ? 40 : n), s);
	else if (l->n == 6 && len + 6 < sizeof l->buf)
		snprintf(l->buf + len, sizeof l->buf - len, ", ...");
}

static const char *
plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

/* A copy of field i, trimmed; a spreadsheet text formula ( ="1.OA.1" ) is
 * its string. */
static char *
cell_dup(struct table *t, long i)
{
	const char *s;
	size_t len;

	if (i < 0)
		return xstrdup("");
	s = table_text(t, (size_t)i, &len);
	return xstrndup(s, len);
}

struct list {
	struct item *items;
	size_t n, cap;
	struct intern *by_code, *by_ident;
	long *code_item, *ident_item;
	size_t code_cap, ident_cap;
};

/* Index of the item a reference names (a code, else an identifier). */
static long
resolve(const struct list *l, const char *s, size_t n)
{
	uint32_t k = intern_find(l->by_code, s, n);

	if (k != UINT32_MAX)
		return l->code_item[k];
	k = intern_find(l->by_ident, s, n);
	return k != UINT32_MAX ? l->ident_item[k] : -1;
}

static void
index_key(struct intern *in, long **map, size_t *cap, const char *s,
    long item)
{
	size_t before = intern_count(in);
	uint32_t k;

	if (s[0] == '\0')
		return;
	k = intern_add(in, s, strlen(s));
	if (intern_count(in) == before)
		return;
	*map = xgrow(*map, cap, (size_t)k + 1, sizeof **map);
	(*map)[k] = item;
}

static int
by_sequence(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a;
	const struct item *y = *(struct item *const *)b;
	/* Top-level items keep the file's order. */
	double xs = x->parent < 0 ? 0 : x->seq, ys = y->parent < 0 ? 0 : y->seq;

	if (xs != ys)
		return xs < ys ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
add_prereq(struct item *to, const char *id)
{
	size_t have = to->prereqs ? strlen(to->prereqs) : 0, n = strlen(id);
	const char *p = to->prereqs;

	/* Skip a duplicate edge. */
	while (p != NULL && *p != '\0') {
		size_t wl = strcspn(p, ";");

		if (wl == n && memcmp(p, id, n) == 0)
			return;
		p += wl + (p[wl] == ';');
	}
	to->prereqs = xrealloc(to->prereqs, have + n + 2);
	if (have)
		to->prereqs[have++] = ';';
	memcpy(to->prereqs + have, id, n + 1);
}

/* Reads the rows; 0, or -1 on a fatal error. */
static int
load(struct list *l, struct table *t, enum standards_id idmode,
    struct reject *rj, struct import_stats *st, struct pl_err *err)
{
	static const char *const identc[] = { "identifier", NULL };
	static const char *const codec[] = { "humanCodingScheme", "code",
	    NULL };
	static const char *const fullc[] = { "fullStatement", "statement",
	    NULL };
	static const char *const abbrc[] = { "abbreviatedStatement", NULL };
	static const char *const parentc[] = { "isChildOf", "parent",
	    "parentIdentifier", NULL };
	static const char *const prec[] = { "precedes", NULL };
	static const char *const seqc[] = { "sequenceNumber", NULL };
	long ident = detect_col(t, identc), code = detect_col(t, codec);
	long full = detect_col(t, fullc), abbr = detect_col(t, abbrc);
	long parent = detect_col(t, parentc), pre = detect_col(t, prec);
	long seq = detect_col(t, seqc);
	struct intern *ids = intern_new();
	int r, rc = -1;
	char why[300];

	if (ident < 0 && code < 0) {
		pl_err_set(err, table_name(t), 0, PL_EXIT_USAGE, "missing "
		    "required column \"humanCodingScheme\" or \"identifier\"");
		goto out;
	}
	while ((r = table_next(t, err)) == 1) {
		struct item it;
		const char *problem = table_problem(t), *s;
		size_t before, len;

		st->records++;
		if (problem != NULL) {
			if (reject_row(rj, t, strstr(problem, "NUL") ?
			    "NUL byte" : "wrong number of fields", problem, err))
				goto out;
			continue;
		}
		memset(&it, 0, sizeof it);
		it.ident = cell_dup(t, ident);
		it.code = cell_dup(t, code);
		it.id = idmode == STANDARDS_ID_IDENTIFIER && it.ident[0] ?
		    it.ident : it.code[0] ? it.code : it.ident;
		if (it.id[0] == '\0') {
			free(it.ident);
			free(it.code);
			if (reject_row(rj, t, "missing id", "empty identifier and "
			    "humanCodingScheme", err))
				goto out;
			continue;
		}
		before = intern_count(ids);
		intern_add(ids, it.id, strlen(it.id));
		if (intern_count(ids) == before) {
			snprintf(why, sizeof why, "duplicate objective_id \"%.40s\"",
			    it.id);
			free(it.ident);
			free(it.code);
			if (reject_row(rj, t, "duplicate id", why, err))
				goto out;
			continue;
		}
		it.title = cell_dup(t, full);
		if (it.title[0] == '\0') {
			free(it.title);
			it.title = cell_dup(t, abbr);
		}
		it.parent_ref = cell_dup(t, parent);
		it.precedes = cell_dup(t, pre);
		it.seq = HUGE_VAL;
		if (seq >= 0) {
			s = table_field(t, (size_t)seq, &len);
			if (num_parse(s, len, 0, &it.seq) != 0)
				it.seq = HUGE_VAL;
		}
		it.order = l->n;
		it.parent = it.first_child = it.next_sibling = -1;
		l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
		l->items[l->n++] = it;
	}
	rc = r < 0 ? -1 : 0;
out:
	intern_free(ids);
	return rc;
}

/* Resolves parents and prerequisites. */
static void
link(struct list *l, struct import_stats *st)
{
	struct names unresolved = { "", 0 }, groups = { "", 0 };
	size_t i;

	for (i = 0; i < l->n; i++) {
		index_key(l->by_code, &l->code_item, &l->code_cap,
		    l->items[i].code, (long)i);
		index_key(l->by_ident, &l->ident_item, &l->ident_cap,
		    l->items[i].ident, (long)i);
	}
	for (i = 0; i < l->n; i++) {
		struct item *it = &l->items[i];
		long p;

		if (it->parent_ref[0] == '\0')
			continue;
		p = resolve(l, it->parent_ref, strlen(it->parent_ref));
		if (p < 0 || p == (long)i) {
			names_add(&unresolved, it->parent_ref,
			    strlen(it->parent_ref));
			continue;
		}
		it->parent = p;
		l->items[p].nchildren++;
	}
	for (i = 0; i < l->n; i++) {
		const char *s = l->items[i].precedes;

		while (*s != '\0') {
			size_t wl = strcspn(s, ";, \t");
			long to;

			if (wl > 0) {
				to = resolve(l, s, wl);
				if (to < 0)
					names_add(&unresolved, s, wl);
				else if (l->items[to].nchildren ||
				    l->items[i].nchildren || to == (long)i)
					names_add(&groups, s, wl);
				else
					add_prereq(&l->items[to], l->items[i].id);
			}
			s += wl;
			s += strspn(s, ";, \t");
		}
	}
	if (unresolved.n)
		import_note(st, "%lu reference%s to items not in the list "
		    "dropped: %s", unresolved.n, plural(unresolved.n),
		    unresolved.buf);
	if (groups.n)
		import_note(st, "%lu Precedes edge%s between groups (not "
		    "objectives) dropped: %s", groups.n, plural(groups.n),
		    groups.buf);
}

static void
write_item(struct table_writer *w, const struct list *l,
    const struct item *it)
{
	const struct item *root = it;

	while (root->parent >= 0)
		root = &l->items[root->parent];
	table_puts(w, it->id);
	table_puts(w, it->title);
	table_puts(w, root != it ? root->id : "");
	table_puts(w, it->parent >= 0 ? l->items[it->parent].id : "");
	table_puts(w, it->prereqs ? it->prereqs : "");
	table_puts(w, it->code);
	table_puts(w, it->ident);
	table_endrow(w);
}

int
standards_objectives(struct table *t, struct table_writer *w,
    enum standards_id idmode, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	struct list l;
	struct item **ord = NULL;
	long *stack = NULL, first_root = -1;
	size_t i, top = 0, leaves = 0;
	unsigned long groups = 0, lost = 0;
	int rc = -1;

	memset(&l, 0, sizeof l);
	l.by_code = intern_new();
	l.by_ident = intern_new();
	if (load(&l, t, idmode, rj, st, err) != 0)
		goto out;
	link(&l, st);
	/* Children lists in sequence order: prepend in reverse order. */
	ord = xcalloc(l.n + 1, sizeof *ord);
	for (i = 0; i < l.n; i++)
		ord[i] = &l.items[i];
	qsort(ord, l.n, sizeof *ord, by_sequence);
	for (i = l.n; i-- > 0;) {
		struct item *it = ord[i];
		long self = (long)(it - l.items);

		if (it->parent >= 0) {
			it->next_sibling = l.items[it->parent].first_child;
			l.items[it->parent].first_child = self;
		} else {
			it->next_sibling = first_root;
			first_root = self;
		}
	}
	if (!header_done) {
		static const char *const head[] = { "objective_id", "title",
		    "course_id", "unit", "prerequisites", "standard",
		    "identifier" };

		table_put_row(w, head, 7);
	}
	/* Depth first; the stack holds the next sibling to visit. */
	stack = xcalloc(l.n + 1, sizeof *stack);
	if (first_root >= 0)
		stack[top++] = first_root;
	while (top > 0) {
		long cur = stack[--top];
		struct item *it = &l.items[cur];

		if (it->next_sibling >= 0)
			stack[top++] = it->next_sibling;
		it->visited = 1;
		if (it->nchildren) {
			groups++;
			if (it->first_child >= 0)
				stack[top++] = it->first_child;
			continue;
		}
		write_item(w, &l, it);
		leaves++;
	}
	for (i = 0; i < l.n; i++)
		lost += !l.items[i].visited;
	st->written += leaves;
	if (groups)
		import_note(st, "%lu item%s with children used as course and "
		    "unit, not objectives", groups, plural(groups));
	if (lost)
		import_note(st, "%lu item%s in a cycle of \"Is Child Of\" left "
		    "out", lost, plural(lost));
	rc = 0;
out:
	for (i = 0; i < l.n; i++) {
		free(l.items[i].ident);
		free(l.items[i].code);
		free(l.items[i].title);
		free(l.items[i].parent_ref);
		free(l.items[i].precedes);
		free(l.items[i].prereqs);
	}
	free(l.items);
	free(ord);
	free(stack);
	free(l.code_item);
	free(l.ident_item);
	intern_free(l.by_code);
	intern_free(l.by_ident);
	return rc;
}
