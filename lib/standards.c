/*
 * standards.c - CASE / OpenSALT standards lists to objectives
 * (research/formats.md section 4): the CSV sheets OpenSALT and other CASE
 * tools write, and the CASE JSON package (CFPackage) that CASE servers
 * publish.  Either form is loaded whole into one list, its hierarchy
 * ("Is Child Of", isChildOf) and prerequisite edges ("Precedes",
 * precedes) resolved, then the leaves are written in document order.
 */
#include "standards.h"
#include "detect.h"
#include "intern.h"
#include "num.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct item {
	char *ident, *code, *title;
	char *parent_ref, *precedes;	/* CSV: the references, as written */
	const char *id;		/* ident or code, by the option */
	double seq;		/* sequenceNumber; HUGE_VAL: none */
	double sort_seq;	/* what siblings are ordered by */
	size_t order;
	long parent;		/* index, or -1 */
	long first_child, next_sibling;
	size_t nchildren;
	char *prereqs;		/* "a;b" */
	int placed;		/* JSON: an isChildOf gave its place */
	int visited;
};

struct names {
	char buf[160];
	unsigned long n;
};

/*
 * Chooses the item's objective_id (identifier or humanCodingScheme, as
 * the option says, each standing in for the other when empty) and adds it
 * to ids.  NULL when it is new; else the kind of rejection, with why set
 * and the item's strings freed.
 */
static const char *
item_id(struct item *it, int idmode, struct intern *ids, char *why,
    size_t whysize)
{
	size_t before = intern_count(ids);

	it->id = idmode == STANDARDS_ID_IDENTIFIER && it->ident[0] ?
	    it->ident : it->code[0] ? it->code : it->ident;
	if (it->id[0] == '\0') {
		snprintf(why, whysize, "empty identifier and humanCodingScheme");
		free(it->ident);
		free(it->code);
		return "missing id";
	}
	intern_add(ids, it->id, strlen(it->id));
	if (intern_count(ids) > before)
		return NULL;
	snprintf(why, whysize, "duplicate objective_id \"%.40s\"", it->id);
	free(it->ident);
	free(it->code);
	return "duplicate id";
}


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
	int roots_by_seq;	/* top items in sequence order, not file order */
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

	if (x->sort_seq != y->sort_seq)
		return x->sort_seq < y->sort_seq ? -1 : 1;
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

/*
 * Makes item from a prerequisite of item to, unless either is a group (has
 * children) or they are the same item: that edge is named in groups by
 * name[0..n), the reference to item to.
 */
static void
add_edge(struct list *l, long from, long to, const char *name, size_t n,
    struct names *groups)
{
	if (l->items[to].nchildren || l->items[from].nchildren || to == from)
		names_add(groups, name, n);
	else
		add_prereq(&l->items[to], l->items[from].id);
}

/* Adds the notes about dropped references and edges. */
static void
note_dropped(struct import_stats *st, const struct names *unresolved,
    const struct names *groups)
{
	if (unresolved->n)
		import_note(st, "%lu reference%s to items not in the list "
		    "dropped: %s", unresolved->n, plural(unresolved->n),
		    unresolved->buf);
	if (groups->n)
		import_note(st, "%lu Precedes edge%s between groups (not "
		    "objectives) dropped: %s", groups->n, plural(groups->n),
		    groups->buf);
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
		const char *problem = table_problem(t), *s, *kind;
		size_t len;

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
		if ((kind = item_id(&it, idmode, ids, why, sizeof why)) !=
		    NULL) {
			if (reject_row(rj, t, kind, why, err))
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
				else
					add_edge(l, (long)i, to, s, wl, &groups);
			}
			s += wl;
			s += strspn(s, ";, \t");
		}
	}
	note_dropped(st, &unresolved, &groups);
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

/* An empty list, ready for loading. */
static void
list_init(struct list *l)
{
	memset(l, 0, sizeof *l);
	l->by_code = intern_new();
	l->by_ident = intern_new();
}

static void
list_free(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].ident);
		free(l->items[i].code);
		free(l->items[i].title);
		free(l->items[i].parent_ref);
		free(l->items[i].precedes);
		free(l->items[i].prereqs);
	}
	free(l->items);
	free(l->code_item);
	free(l->ident_item);
	intern_free(l->by_code);
	intern_free(l->by_ident);
}

/*
 * Writes the leaves of a linked list: the header unless header_done, then
 * depth first, siblings in sequence order; says in st how many groups were
 * passed over and how many items a cycle left out.
 */
static void
emit(struct list *l, struct table_writer *w, int header_done,
    struct import_stats *st)
{
	struct item **ord;
	long *stack, first_root = -1;
	size_t i, top = 0, leaves = 0;
	unsigned long groups = 0, lost = 0;

	/* Children lists in sequence order: prepend in reverse order.  Top
	 * items keep the file's order unless the list orders them. */
	ord = xcalloc(l->n + 1, sizeof *ord);
	for (i = 0; i < l->n; i++) {
		ord[i] = &l->items[i];
		ord[i]->sort_seq = ord[i]->parent < 0 && !l->roots_by_seq ? 0 :
		    ord[i]->seq;
	}
	qsort(ord, l->n, sizeof *ord, by_sequence);
	for (i = l->n; i-- > 0;) {
		struct item *it = ord[i];
		long self = (long)(it - l->items);

		if (it->parent >= 0) {
			it->next_sibling = l->items[it->parent].first_child;
			l->items[it->parent].first_child = self;
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
	stack = xcalloc(l->n + 1, sizeof *stack);
	if (first_root >= 0)
		stack[top++] = first_root;
	while (top > 0) {
		long cur = stack[--top];
		struct item *it = &l->items[cur];

		if (it->next_sibling >= 0)
			stack[top++] = it->next_sibling;
		it->visited = 1;
		if (it->nchildren) {
			groups++;
			if (it->first_child >= 0)
				stack[top++] = it->first_child;
			continue;
		}
		write_item(w, l, it);
		leaves++;
	}
	for (i = 0; i < l->n; i++)
		lost += !l->items[i].visited;
	st->written += leaves;
	if (groups)
		import_note(st, "%lu item%s with children used as course and "
		    "unit, not objectives", groups, plural(groups));
	if (lost)
		import_note(st, "%lu item%s in a cycle of \"Is Child Of\" left "
		    "out", lost, plural(lost));
	free(ord);
	free(stack);
}

int
standards_objectives(struct table *t, struct table_writer *w,
    enum standards_id idmode, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	struct list l;
	int rc = -1;

	list_init(&l);
	if (load(&l, t, idmode, rj, st, err) == 0) {
		link(&l, st);
		emit(&l, w, header_done, st);
		rc = 0;
	}
	list_free(&l);
	return rc;
}

/*
 * The CASE JSON package.
 *
 * jansson's memory is counted, so that a package cannot take more than a
 * budget while it is parsed: a few bytes of JSON ("{}," over and over)
 * make a few hundred bytes of tree.  Each block carries its size in front.
 */
#define JSON_MEMORY_FLOOR (16u << 20)	/* bytes any package may take */
#define JSON_MEMORY_RATIO 16		/* bytes of tree per byte of JSON */

static _Thread_local size_t json_live, json_budget;
static _Thread_local int json_over;

static void *
json_counted_malloc(size_t n)
{
	max_align_t *p;

	if (n > SIZE_MAX - sizeof *p)
		return NULL;
	if (json_budget != 0 && n > json_budget - json_live) {
		json_over = 1;
		return NULL;
	}
	if ((p = malloc(sizeof *p + n)) == NULL)
		return NULL;
	*(size_t *)(void *)p = n;
	json_live += n;
	return p + 1;
}

static void
json_counted_free(void *q)
{
	max_align_t *p;
	size_t n;

	if (q == NULL)
		return;
	p = (max_align_t *)q - 1;
	n = *(size_t *)(void *)p;
	json_live = n < json_live ? json_live - n : 0;
	free(p);
}

static pthread_once_t json_alloc_once = PTHREAD_ONCE_INIT;

static void
json_alloc_init(void)
{
	json_set_alloc_funcs(json_counted_malloc, json_counted_free);
}

/* What a JSON value is, for messages. */
static const char *
json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/*
 * The string member key of obj, trimmed, in *s and *n (*s NULL when the
 * member is absent or null).  Returns 0, or -1 with why set when it is not
 * a string or is longer than the bound on a field.
 */
static int
member_string(const json_t *obj, const char *key, const char **s, size_t *n,
    char *why, size_t whysize)
{
	const json_t *v = json_object_get(obj, key);

	*s = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		snprintf(why, whysize, "\"%s\" is %s, not a string", key,
		    json_kind(v));
		return -1;
	}
	*n = json_string_length(v);
	if (*n > TABLE_MAX_FIELD) {
		snprintf(why, whysize, "\"%s\" is longer than the limit of %u "
		    "bytes", key, TABLE_MAX_FIELD);
		return -1;
	}
	*s = util_trim(json_string_value(v), n);
	return 0;
}

/*
 * The identifier of the node that member key of an association links to
 * (a LinkGenURI object: title, identifier, uri).  Returns 0, or -1 with
 * why set.
 */
static int
node_identifier(const json_t *assoc, const char *key, const char **s,
    size_t *n, char *why, size_t whysize)
{
	const json_t *node = json_object_get(assoc, key);

	if (node == NULL || json_is_null(node)) {
		snprintf(why, whysize, "no \"%s\"", key);
		return -1;
	}
	if (!json_is_object(node)) {
		snprintf(why, whysize, "\"%s\" is %s, not an object", key,
		    json_kind(node));
		return -1;
	}
	if (member_string(node, "identifier", s, n, why, whysize) != 0)
		return -1;
	if (*s == NULL || *n == 0) {
		snprintf(why, whysize, "\"%s\" has no \"identifier\"", key);
		return -1;
	}
	return 0;
}

/* A sequence number: a JSON number, or a string holding one. */
static double
sequence_number(const json_t *v)
{
	double d = HUGE_VAL;

	if (json_is_number(v))
		d = json_number_value(v);
	else if (json_is_string(v) && num_parse(json_string_value(v),
	    json_string_length(v), 0, &d) != 0)
		d = HUGE_VAL;
	return isfinite(d) ? d : HUGE_VAL;
}

/*
 * Rejects entry i of the array called array (its value v) with kind and
 * why; the --reject log gets the entry as compact JSON.  Returns what
 * reject_entry returns.
 */
static int
reject_json(struct reject *rj, const char *name, const char *array,
    size_t i, const json_t *v, const char *kind, const char *why,
    struct pl_err *err)
{
	char where[40], *text;
	size_t n;
	int rc;

	snprintf(where, sizeof where, "%s[%zu]", array, i);
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_REAL_PRECISION(15));
	if (text != NULL && (n = strlen(text)) > TABLE_MAX_FIELD) {
		/* Cut at a character boundary. */
		n = TABLE_MAX_FIELD;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
		text[n] = '\0';
	}
	rc = reject_entry(rj, name, where, kind, text ? text : "", why, err);
	json_counted_free(text);
	return rc;
}

/* Index of the item whose identifier is s[0..n), or -1. */
static long
resolve_ident(const struct list *l, const char *s, size_t n)
{
	uint32_t k = intern_find(l->by_ident, s, n);

	return k != UINT32_MAX ? l->ident_item[k] : -1;
}

/* Loads the CFItems; 0, or -1 on a fatal error (a bad item under
 * --strict). */
static int
load_json_items(struct list *l, const json_t *items, const char *name,
    enum standards_id idmode, struct reject *rj, struct import_stats *st,
    struct pl_err *err)
{
	struct intern *ids = intern_new();
	size_t i;
	int rc = -1;
	char why[300];

	for (i = 0; i < json_array_size(items); i++) {
		const json_t *v = json_array_get(items, i);
		const char *ident, *code, *full, *abbr, *listenum, *kind;
		size_t nident, ncode, nfull, nabbr, nlistenum;
		struct item it;
		double d;

		st->records++;
		if (!json_is_object(v)) {
			snprintf(why, sizeof why, "the item is %s, not an "
			    "object", json_kind(v));
			if (reject_json(rj, name, "CFItems", i, v, "bad item",
			    why, err))
				goto out;
			continue;
		}
		if (member_string(v, "identifier", &ident, &nident, why,
		    sizeof why) != 0 || member_string(v, "humanCodingScheme",
		    &code, &ncode, why, sizeof why) != 0 ||
		    member_string(v, "fullStatement", &full, &nfull, why,
		    sizeof why) != 0 || member_string(v, "abbreviatedStatement",
		    &abbr, &nabbr, why, sizeof why) != 0 ||
		    member_string(v, "listEnumeration", &listenum, &nlistenum,
		    why, sizeof why) != 0) {
			if (reject_json(rj, name, "CFItems", i, v, "bad item",
			    why, err))
				goto out;
			continue;
		}
		memset(&it, 0, sizeof it);
		it.ident = xstrndup(ident ? ident : "", nident);
		it.code = xstrndup(code ? code : "", ncode);
		if ((kind = item_id(&it, idmode, ids, why, sizeof why)) !=
		    NULL) {
			if (reject_json(rj, name, "CFItems", i, v, kind, why,
			    err))
				goto out;
			continue;
		}
		it.title = nfull ? xstrndup(full, nfull) :
		    xstrndup(abbr ? abbr : "", nabbr);
		/* listEnumeration orders siblings that no sequenceNumber
		 * orders. */
		it.seq = HUGE_VAL;
		if (listenum != NULL && num_parse(listenum, nlistenum, 0,
		    &d) == 0 && isfinite(d))
			it.seq = d;
		it.order = l->n;
		it.parent = it.first_child = it.next_sibling = -1;
		l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
		l->items[l->n++] = it;
	}
	for (i = 0; i < l->n; i++)
		index_key(l->by_ident, &l->ident_item, &l->ident_cap,
		    l->items[i].ident, (long)i);
	rc = 0;
out:
	intern_free(ids);
	return rc;
}

/* A precedes association, resolved in a second pass. */
struct edge {
	const char *from, *to;
	size_t nfrom, nto;
};

/*
 * Links the items by the isChildOf and precedes associations; other
 * association types are not used.  doc is the CFDocument's identifier
 * (NULL when there is none): an item that is a child of it is a top item.
 * Returns 0, or -1 on a fatal error (a bad association under --strict).
 */
static int
link_json(struct list *l, const json_t *assocs, const char *doc,
    const char *name, struct reject *rj, struct import_stats *st,
    struct pl_err *err)
{
	struct names unresolved = { "", 0 }, groups = { "", 0 };
	struct names several = { "", 0 };
	struct edge *edges = NULL;
	size_t i, nedges = 0, cap = 0, ndoc = doc ? strlen(doc) : 0;
	int rc = -1;
	char why[300], key[32];

	for (i = 0; i < json_array_size(assocs); i++) {
		const json_t *v = json_array_get(assocs, i);
		const char *type, *from, *to;
		size_t ntype, nfrom, nto;
		long o, d;
		int child, to_doc;
		double seq;

		if (!json_is_object(v)) {
			snprintf(why, sizeof why, "the association is %s, not "
			    "an object", json_kind(v));
			if (reject_json(rj, name, "CFAssociations", i, v,
			    "bad association", why, err))
				goto out;
			continue;
		}
		if (member_string(v, "associationType", &type, &ntype, why,
		    sizeof why) == 0 && type == NULL)
			snprintf(why, sizeof why, "no \"associationType\"");
		if (type == NULL) {
			if (reject_json(rj, name, "CFAssociations", i, v,
			    "bad association", why, err))
				goto out;
			continue;
		}
		/* "isChildOf", and the spellings OpenSALT's sheets use. */
		detect_key(type, key, sizeof key);
		child = strcmp(key, "ischildof") == 0;
		if (!child && strcmp(key, "precedes") != 0)
			continue;
		if (node_identifier(v, "originNodeURI", &from, &nfrom, why,
		    sizeof why) != 0 || node_identifier(v,
		    "destinationNodeURI", &to, &nto, why, sizeof why) != 0) {
			if (reject_json(rj, name, "CFAssociations", i, v,
			    "bad association", why, err))
				goto out;
			continue;
		}
		if (!child) {
			edges = xgrow(edges, &cap, nedges + 1, sizeof *edges);
			edges[nedges].from = from;
			edges[nedges].nfrom = nfrom;
			edges[nedges].to = to;
			edges[nedges++].nto = nto;
			continue;
		}
		if ((o = resolve_ident(l, from, nfrom)) < 0) {
			names_add(&unresolved, from, nfrom);
			continue;
		}
		if (l->items[o].placed) {
			names_add(&several, l->items[o].id,
			    strlen(l->items[o].id));
			continue;
		}
		/* A child of the document is a top item. */
		to_doc = ndoc > 0 && ndoc == nto && memcmp(doc, to, nto) == 0;
		d = to_doc ? -1 : resolve_ident(l, to, nto);
		if (d == o || (d < 0 && !to_doc)) {
			names_add(&unresolved, to, nto);
			continue;
		}
		l->items[o].placed = 1;
		l->items[o].parent = d;
		if (d >= 0)
			l->items[d].nchildren++;
		seq = sequence_number(json_object_get(v, "sequenceNumber"));
		if (seq != HUGE_VAL)
			l->items[o].seq = seq;
	}
	/* Prerequisites once every group is known. */
	for (i = 0; i < nedges; i++) {
		long o = resolve_ident(l, edges[i].from, edges[i].nfrom);
		long d = resolve_ident(l, edges[i].to, edges[i].nto);

		if (o < 0)
			names_add(&unresolved, edges[i].from, edges[i].nfrom);
		if (d < 0)
			names_add(&unresolved, edges[i].to, edges[i].nto);
		if (o >= 0 && d >= 0)
			add_edge(l, o, d, l->items[d].id,
			    strlen(l->items[d].id), &groups);
	}
	note_dropped(st, &unresolved, &groups);
	if (several.n)
		import_note(st, "%lu item%s with more than one isChildOf: the "
		    "first kept: %s", several.n, plural(several.n),
		    several.buf);
	rc = 0;
out:
	free(edges);
	return rc;
}

/* Writes the names of obj's members into buf (size > 8), ", "-separated,
 * or "none". */
static void
member_names(const json_t *obj, char *buf, size_t size)
{
	const char *key;
	json_t *v;
	size_t len = 0;

	buf[0] = '\0';
	json_object_foreach((json_t *)obj, key, v) {
		int m;

		(void)v;
		if (len >= size - 8)
			break;
		m = snprintf(buf + len, size - len, "%s%.40s", len ? ", " : "",
		    key);
		if (m < 0)
			break;
		len += (size_t)m;
	}
	if (len >= size - 8)
		snprintf(buf + size - 8, 8, ", ...");
	else if (len == 0)
		snprintf(buf, size, "none");
}

int
standards_json_objectives(const char *buf, size_t len, const char *name,
    struct table_writer *w, enum standards_id idmode, int header_done,
    struct reject *rj, struct import_stats *st, struct pl_err *err)
{
	struct list l;
	json_error_t je;
	json_t *root = NULL;
	const json_t *items, *assocs, *docobj, *v;
	const char *doc;
	char *docid = NULL;
	size_t ndoc, budget;
	int rc = -1;
	char why[300], found[400];

	if (len > STANDARDS_MAX_JSON) {
		pl_err_set(err, name, 0, PL_EXIT_DATA, "longer than the limit of "
		    "%zu bytes", (size_t)STANDARDS_MAX_JSON);
		return -1;
	}
	/* Columns are counted after the byte order mark, as editors do. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	pthread_once(&json_alloc_once, json_alloc_init);
	budget = len < JSON_MEMORY_FLOOR / JSON_MEMORY_RATIO ?
	    JSON_MEMORY_FLOOR : len * JSON_MEMORY_RATIO;
	json_budget = json_live + budget;
	json_over = 0;
	root = json_loadb(buf, len, 0, &je);
	json_budget = 0;
	if (root == NULL) {
		if (json_over)
			pl_err_set(err, name, 0, PL_EXIT_DATA, "too many values: "
			    "reading the package would take more than %zu MiB",
			    budget >> 20);
		else if (je.column > 0)
			pl_err_set(err, name, je.line > 0 ? je.line : 0,
			    PL_EXIT_DATA, "invalid JSON (column %d): %s",
			    je.column, json_error_code(&je) ==
			    json_error_null_character ? "\\u0000 (a NUL "
			    "character) in a string" : je.text);
		else
			pl_err_set(err, name, je.line > 0 ? je.line : 0,
			    PL_EXIT_DATA, "invalid JSON: %s", je.text);
		return -1;
	}
	list_init(&l);
	l.roots_by_seq = 1;
	if (!json_is_object(root)) {
		pl_err_set(err, name, 0, PL_EXIT_DATA, "not a CASE package: the "
		    "JSON is %s, not an object", json_kind(root));
		goto out;
	}
	/* A server's error answer saved in place of the package. */
	if (json_object_get(root, "imsx_codeMajor") != NULL) {
		v = json_object_get(root, "imsx_description");
		pl_err_set(err, name, 0, PL_EXIT_DATA, "a CASE error response, "
		    "not a package: \"%.200s\"", json_is_string(v) ?
		    json_string_value(v) : "no description");
		goto out;
	}
	items = json_object_get(root, "CFItems");
	if (items == NULL) {
		member_names(root, found, sizeof found);
		pl_err_set(err, name, 0, PL_EXIT_USAGE, "missing required member "
		    "\"CFItems\" (found: %s)", found);
		goto out;
	}
	if (!json_is_array(items)) {
		pl_err_set(err, name, 0, PL_EXIT_DATA, "\"CFItems\" is %s, not an "
		    "array", json_kind(items));
		goto out;
	}
	assocs = json_object_get(root, "CFAssociations");
	if (assocs != NULL && !json_is_array(assocs) && !json_is_null(assocs)) {
		pl_err_set(err, name, 0, PL_EXIT_DATA, "\"CFAssociations\" is %s, "
		    "not an array", json_kind(assocs));
		goto out;
	}
	/* The document is needed only to know its children: without it (or
	 * its identifier) they are named as references not in the list. */
	docobj = json_object_get(root, "CFDocument");
	if (json_is_object(docobj) && member_string(docobj, "identifier", &doc,
	    &ndoc, why, sizeof why) == 0 && doc != NULL)
		docid = xstrndup(doc, ndoc);
	if (load_json_items(&l, items, name, idmode, rj, st, err) != 0 ||
	    link_json(&l, assocs, docid, name, rj, st, err) != 0)
		goto out;
	emit(&l, w, header_done, st);
	if (json_array_size(items) == 0)
		import_note(st, "%s: \"CFItems\" is empty: no objectives", name);
	rc = 0;
out:
	list_free(&l);
	free(docid);
	json_decref(root);
	return rc;
}
