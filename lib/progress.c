/*
 * progress.c - reading evidence into the store, applying each objective's
 * rule per student, and handing each student's results over in student id
 * order; in --grouped mode one student at a time, so memory stays flat.
 */
#include "progress.h"
#include "date.h"
#include "intern.h"
#include "memo.h"
#include "num.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * What handing students over needs for itself: one per thread that
 * evaluates and formats a part of the students.
 */
/*
 * The set of students handed over in --grouped mode, kept small when they
 * come in id order: such a run of ids is front-coded (each id as the length
 * it shares with the one before, and the rest), with every 32nd id whole
 * so that a lookup is a binary search and a short scan.  About 3 bytes a
 * student in sorted input, so memory stays flat; ids out of order go to an
 * intern.
 */
#define SEEN_BLOCK 32

struct seen {
	unsigned char *run;		/* the front-coded ids */
	size_t len, cap;
	size_t *block;			/* offset of every 32nd id */
	size_t nblocks, block_cap;
	size_t n;			/* ids in the run */
	char *last;			/* the run's last id */
	size_t last_len, last_cap;
	struct intern *other;		/* ids that broke the order */
};

static void
put_varint(struct seen *d, size_t v)
{
	do {
		d->run = xgrow(d->run, &d->cap, d->len + 1, 1);
		d->run[d->len++] = (unsigned char)((v & 127) | (v > 127 ? 128 : 0));
		v >>= 7;
	} while (v);
}

static size_t
get_varint(const unsigned char **p)
{
	size_t v = 0;
	int shift = 0;

	do {
		v |= (size_t)(**p & 127) << shift;
		shift += 7;
	} while (*(*p)++ & 128);
	return v;
}

/* An id's header: one byte (shared length << 4 | rest) when both are
 * under 15, else 255 and two varints. */
static void
get_header(const unsigned char **p, size_t *pre, size_t *suf)
{
	if (**p != 255) {
		*pre = **p >> 4;
		*suf = **p & 15;
		(*p)++;
		return;
	}
	(*p)++;
	*pre = get_varint(p);
	*suf = get_varint(p);
}

/* Byte order of a[0..an) and b[0..bn), as strcmp on NUL-free ids. */
static int
cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c ? c : (an > bn) - (an < bn);
}

static int
seen_has(const struct seen *d, const char *id, size_t len, char **key,
    size_t *key_cap)
{
	size_t lo = 0, hi = d->nblocks, i, end;
	const unsigned char *p;
	size_t klen = 0;

	if (d->other != NULL && intern_find(d->other, id, len) != UINT32_MAX)
		return 1;
	if (d->n == 0 || cmp_bytes(id, len, d->last, d->last_len) > 0)
		return 0;
	/* The last block whose first id is <= id. */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2, pre, suf;

		p = d->run + d->block[mid];
		get_header(&p, &pre, &suf);
		(void)pre;
		if (cmp_bytes((const char *)p, suf, id, len) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	p = d->run + d->block[lo];
	end = lo + 1 < d->nblocks ? d->block[lo + 1] : d->len;
	for (i = 0; p < d->run + end; i++) {
		size_t pre, suf;
		int c;

		get_header(&p, &pre, &suf);
		*key = xgrow(*key, key_cap, pre + suf + 1, 1);
		memcpy(*key + pre, p, suf);
		p += suf;
		klen = pre + suf;
		c = cmp_bytes(*key, klen, id, len);
		if (c == 0)
			return 1;
		if (c > 0)
			return 0;
	}
	return 0;
}

static void
seen_add(struct seen *d, const char *id, size_t len)
{
	size_t pre = 0;

	if (d->n > 0 && cmp_bytes(id, len, d->last, d->last_len) <= 0) {
		if (d->other == NULL)
			d->other = intern_new();
		intern_add(d->other, id, len);
		return;
	}
	if (d->n % SEEN_BLOCK == 0) {
		d->block = xgrow(d->block, &d->block_cap, d->nblocks + 1,
		    sizeof *d->block);
		d->block[d->nblocks++] = d->len;
	} else {
		while (pre < len && pre < d->last_len && id[pre] == d->last[pre])
			pre++;
	}
	if (pre < 15 && len - pre < 15) {
		put_varint(d, 0);
		d->run[d->len - 1] = (unsigned char)(pre << 4 | (len - pre));
	} else {
		put_varint(d, 255);
		d->len--;
		d->run[d->len++] = 255;
		put_varint(d, pre);
		put_varint(d, len - pre);
	}
	d->run = xgrow(d->run, &d->cap, d->len + len - pre, 1);
	memcpy(d->run + d->len, id + pre, len - pre);
	d->len += len - pre;
	d->last = xgrow(d->last, &d->last_cap, len + 1, 1);
	memcpy(d->last, id, len);
	d->last_len = len;
	d->n++;
}

static void
seen_free(struct seen *d)
{
	free(d->run);
	free(d->block);
	free(d->last);
	intern_free(d->other);
}

struct lane {
	struct progress *p;
	const char *student_id;		/* the student being handed over */
	struct progress_item *items;
	size_t items_cap;
	struct mastery_obs *obs;
	size_t obs_cap;
	struct store_obs *sobs;		/* one pair's scores */
	size_t sobs_cap;
	struct memo *memo;		/* results of short runs */
	struct mastery_point pv[MEMO_PLAIN_SCORES];	/* or one pair's
							 * plain scores */
	int is_plain;			/* the pair is in pv, not sobs */
	uint32_t pair_student;		/* the pair read last, and where */
	size_t pair_at;			/* in its student it starts */
	struct table_writer *w;		/* rows go here, not to the sink */
	struct lanes *shared;		/* with the other lanes' threads */
	struct pl_err err;
};

struct progress {
	struct progress_opts o;
	const struct catalog_objectives *objs;
	const struct catalog_roster *roster;
	progress_sink sink;
	void *arg;
	struct store *store;
	struct mastery_rule *obj_rule;	/* per catalog objective */
	unsigned char *obj_has_rule;
	long *catalog_of;		/* store objective -> catalog index */
	size_t catalog_cap;
	uint32_t *obj_by_id;		/* catalog objectives in id order */
	uint32_t *obj_oid;		/* each one's id in the store */
	uint32_t *roster_by_id;		/* roster students in id order */
	size_t roster_next;		/* next roster student to hand over */
	unsigned long unknown_rows, future_rows;
	struct intern *unknown;		/* objective ids not in catalog */
	/* --grouped */
	struct seen done;		/* students already handed over */
	char *key;			/* scratch of seen_has */
	size_t key_cap;
	char *current;			/* the student being read */
	long current_line;
	const struct table_writer *esc_w;	/* progress_write_to */
	unsigned char *as_is;		/* store objective: esc_w keeps its id */
	size_t nas_is;
	struct lane lane;		/* the one-thread lane */
	int prepared;			/* o.prepare has seen the scores */
};

static int
cmp_str_idx(const char *a, const char *b)
{
	return strcmp(a, b);
}

/* Sorts idx[0..n) by names[idx[i]] (insertion into a merge: small n). */
static void
sort_by_name(uint32_t *idx, size_t n, const char *(*name)(const void *, uint32_t),
    const void *ctx)
{
	uint32_t *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
	size_t width, lo;

	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				tmp[k++] = cmp_str_idx(name(ctx, idx[b]),
				    name(ctx, idx[a])) < 0 ? idx[b++] : idx[a++];
			while (a < mid)
				tmp[k++] = idx[a++];
			while (b < hi)
				tmp[k++] = idx[b++];
		}
		memcpy(idx, tmp, n * sizeof *idx);
	}
	free(tmp);
}

static const char *
objective_name(const void *ctx, uint32_t i)
{
	return ((const struct catalog_objectives *)ctx)->v[i].id;
}

static const char *
student_name(const void *ctx, uint32_t i)
{
	return ((const struct catalog_roster *)ctx)->v[i].id;
}

/* Catalog index of store objective id, -1 when not in --objectives. */
static long
catalog_index(struct progress *p, uint32_t id)
{
	size_t i, old = p->catalog_cap;

	if (id >= old) {
		p->catalog_of = xgrow(p->catalog_of, &p->catalog_cap, id + 1,
		    sizeof *p->catalog_of);
		for (i = old; i < p->catalog_cap; i++)
			p->catalog_of[i] = -2;
	}
	if (p->catalog_of[id] == -2) {
		const char *s = store_objective_id(p->store, id);

		p->catalog_of[id] = p->objs->n ?
		    catalog_objective(p->objs, s, strlen(s)) : -1;
	}
	return p->catalog_of[id];
}

struct progress *
progress_new(const struct progress_opts *o,
    const struct catalog_objectives *objectives,
    const struct catalog_roster *roster, progress_sink sink, void *arg,
    struct pl_err *err)
{
	struct progress *p = xcalloc(1, sizeof *p);
	size_t i;

	p->o = *o;
	p->objs = objectives;
	p->roster = roster;
	p->sink = sink;
	p->arg = arg;
	p->store = store_new();
	p->unknown = intern_new();
	p->obj_rule = xcalloc(objectives->n + 1, sizeof *p->obj_rule);
	p->obj_has_rule = xcalloc(objectives->n + 1, 1);
	p->obj_by_id = xcalloc(objectives->n + 1, sizeof *p->obj_by_id);
	p->obj_oid = xcalloc(objectives->n + 1, sizeof *p->obj_oid);
	for (i = 0; i < objectives->n; i++) {
		const struct catalog_objective *ob = &objectives->v[i];

		p->obj_by_id[i] = (uint32_t)i;
		p->obj_oid[i] = store_objective(p->store, ob->id,
		    strlen(ob->id));
		if (ob->rule[0] == '\0')
			continue;
		if (mastery_rule_parse(ob->rule, &p->obj_rule[i], err) != 0) {
			char msg[sizeof err->msg];

			snprintf(msg, sizeof msg, "objective \"%.40s\": %.700s",
			    ob->id, err->msg);
			pl_err_set(err, objectives->name, ob->line, PL_EXIT_USAGE,
			    "%s", msg);
			progress_free(p);
			return NULL;
		}
		p->obj_has_rule[i] = 1;
	}
	sort_by_name(p->obj_by_id, objectives->n, objective_name, objectives);
	p->roster_by_id = xcalloc(roster->n + 1, sizeof *p->roster_by_id);
	for (i = 0; i < roster->n; i++)
		p->roster_by_id[i] = (uint32_t)i;
	sort_by_name(p->roster_by_id, roster->n, student_name, roster);
	return p;
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	store_free(p->store);
	intern_free(p->unknown);
	seen_free(&p->done);
	free(p->key);
	free(p->obj_rule);
	free(p->obj_has_rule);
	free(p->obj_by_id);
	free(p->obj_oid);
	free(p->roster_by_id);
	free(p->catalog_of);
	free(p->as_is);
	free(p->current);
	free(p->lane.items);
	free(p->lane.obs);
	free(p->lane.sobs);
	memo_free(p->lane.memo);
	free(p);
}

const char *
progress_objective_id(const struct progress *p, uint32_t id)
{
	return store_objective_id(p->store, id);
}

const struct progress_opts *
progress_options(const struct progress *p)
{
	return &p->o;
}

unsigned long
progress_unknown_rows(const struct progress *p)
{
	return p->unknown_rows;
}

size_t
progress_unknown_objectives(const struct progress *p)
{
	return intern_count(p->unknown);
}

unsigned long
progress_future_rows(const struct progress *p)
{
	return p->future_rows;
}

static struct progress_item *
new_item(struct lane *l, size_t n)
{
	l->items = xgrow(l->items, &l->items_cap, n + 1, sizeof *l->items);
	memset(&l->items[n], 0, sizeof l->items[n]);
	return &l->items[n];
}

/* The rule of an item's objective. */
static const struct mastery_rule *
rule_of(const struct progress *p, const struct progress_item *it)
{
	if (it->catalog >= 0 && p->obj_has_rule[it->catalog])
		return &p->obj_rule[it->catalog];
	return &p->o.rule;
}

static int
not_applied(const struct progress *p, const struct progress_item *it,
    struct pl_err *err)
{
	pl_err_set(err, "", 0, PL_EXIT_DATA, "objective \"%s\": the rule "
	    "could not be applied", store_objective_id(p->store,
	    it->objective));
	return -1;
}

/* The lane's memo, made on first use. */
static struct memo *
lane_memo(const struct progress *p, struct lane *l)
{
	if (l->memo == NULL)
		l->memo = memo_new(&p->o.scale, p->o.min_evidence);
	return l->memo;
}

/* Applies the objective's rule to one pair's scores. */
static int
evaluate(struct progress *p, struct lane *l, struct progress_item *it,
    const struct store_obs *obs, size_t n, struct pl_err *err)
{
	const struct mastery_rule *rule = rule_of(p, it);
	size_t i;

	it->rule = rule;
	it->count = n;
	it->last_date = n ? obs[n - 1].date : DATE_NONE;
	if (p->o.from_mastery) {
		/* One pseudo-score per mastery row: date = mastered_on, points
		 * = mastered, seq = score (weight 0 when there is none). */
		it->count = 0;
		it->last_date = DATE_NONE;
		it->r.has_score = obs[n - 1].weight > 0;
		it->r.score = obs[n - 1].seq;
		it->r.mastered = obs[n - 1].points > 0;
		it->r.mastered_on = obs[n - 1].date;
		it->r.level = it->r.has_score ?
		    mastery_scale_level(&p->o.scale, it->r.score) :
		    MASTERY_NOT_YET;
		return 0;
	}
	if (rule->kind == MASTERY_BKT) {
		if (p->o.bkt == NULL) {
			pl_err_set(err, "", 0, PL_EXIT_USAGE,
			    "rule bkt needs --bkt-params FILE or bkt:fit");
			return -1;
		}
		return p->o.bkt(p->o.bkt_arg, l->student_id,
		    store_objective_id(p->store, it->objective), rule, obs, n,
		    &it->r, err);
	}
	l->obs = xgrow(l->obs, &l->obs_cap, n + 1, sizeof *l->obs);
	for (i = 0; i < n; i++) {
		l->obs[i].date = obs[i].date;
		l->obs[i].points = obs[i].points;
		l->obs[i].max = obs[i].max;
		l->obs[i].weight = obs[i].weight;
	}
	if (memo_eval(lane_memo(p, l), rule, l->obs, n, &it->r) != 0)
		return not_applied(p, it, err);
	return 0;
}

/* evaluate for a pair of plain scores, in l->pv. */
static int
evaluate_plain(struct progress *p, struct lane *l, struct progress_item *it,
    size_t n, struct pl_err *err)
{
	const struct mastery_rule *rule = rule_of(p, it);

	if (rule->kind == MASTERY_BKT) {
		/* BKT reads the scores in full: the pair again, whole. */
		size_t at = l->pair_at;
		uint32_t objective;

		store_next_pair(p->store, l->pair_student, &at, &objective,
		    &l->sobs, &l->sobs_cap, &n);
		return evaluate(p, l, it, l->sobs, n, err);
	}
	it->rule = rule;
	it->count = n;
	it->last_date = l->pv[n - 1].date;
	if (memo_eval_plain(lane_memo(p, l), rule, store_common_max(p->store),
	    l->pv, n, &it->r) != 0)
		return not_applied(p, it, err);
	return 0;
}

/* A student's next pair, into l->pv when its scores are plain and at most
 * MEMO_PLAIN_SCORES, else into l->sobs; 0 after the last. */
static int
next_pair(struct progress *p, struct lane *l, uint32_t student, size_t *pos,
    uint32_t *objective, size_t *n)
{
	int rc;

	l->pair_student = student;
	l->pair_at = *pos;
	rc = p->o.from_mastery ? 0 : store_next_plain(p->store, student, pos,
	    objective, l->pv, MEMO_PLAIN_SCORES, n);
	l->is_plain = rc > 0;
	if (rc != 0)
		return rc > 0;
	return store_next_pair(p->store, student, pos, objective, &l->sobs,
	    &l->sobs_cap, n);
}

/* A not_yet item for a catalog objective without evidence: its id as
 * looked up when the catalog came (a lookup in the store writes to its
 * cache of recent ids, which lanes evaluating at once must not). */
static void
not_yet(struct progress *p, struct progress_item *it, uint32_t cat)
{
	it->objective = p->obj_oid[cat];
	it->catalog = (long)cat;
	it->count = 0;
	it->last_date = DATE_NONE;
	it->r.has_score = 0;
	it->r.level = MASTERY_NOT_YET;
	it->r.mastered = 0;
	it->r.mastered_on = DATE_NONE;
	it->rule = p->obj_has_rule[cat] ? &p->obj_rule[cat] : &p->o.rule;
}

/*
 * Hands one student over: its pairs in the finished store (none when
 * student is NO_STUDENT), merged with not_yet items under --all.
 */
#define NO_STUDENT UINT32_MAX

static int
hand_over(struct progress *p, struct lane *l, const char *id,
    uint32_t student, struct pl_err *err)
{
	struct progress_student s;
	size_t n = 0, c = 0, pos = 0, nobs = 0;
	long r = p->roster->n ? catalog_student(p->roster, id, strlen(id)) : -1;
	int all = p->o.all && p->objs->n > 0, have = 0;
	uint32_t objective = 0;

	l->student_id = id;
	if (student != NO_STUDENT)
		have = next_pair(p, l, student, &pos, &objective, &nobs);
	while (have || (all && c < p->objs->n)) {
		int cmp;

		if (!have)
			cmp = 1;
		else if (!all || c >= p->objs->n)
			cmp = -1;
		else
			cmp = strcmp(store_objective_id(p->store, objective),
			    p->objs->v[p->obj_by_id[c]].id);
		if (cmp > 0) {
			not_yet(p, new_item(l, n++), p->obj_by_id[c++]);
			continue;
		}
		if (cmp == 0)
			c++;
		{
			struct progress_item *it = new_item(l, n++);

			it->objective = objective;
			it->catalog = catalog_index(p, objective);
			if ((l->is_plain ? evaluate_plain(p, l, it, nobs, err) :
			    evaluate(p, l, it, l->sobs, nobs, err)) != 0)
				return -1;
		}
		have = next_pair(p, l, student, &pos, &objective, &nobs);
	}
	s.id = id;
	s.roster = r;
	s.items = l->items;
	s.n = n;
	if (l->w != NULL) {
		progress_write_student(l->w, p, &s);
		return 0;
	}
	return p->sink(p->arg, p, &s, err);
}

/* Hands over roster students whose id sorts before id (all when NULL),
 * when every roster student is wanted. */
static int
roster_before(struct progress *p, const char *id, struct pl_err *err)
{
	while (p->roster_next < p->roster->n) {
		const char *rid = p->roster->v[p->roster_by_id[p->roster_next]].id;
		int cmp = id ? strcmp(rid, id) : -1;

		if (cmp > 0)
			break;
		p->roster_next++;
		if (cmp == 0)
			continue;
		if (!p->o.include_roster && !p->o.all)
			continue;
		if (p->o.grouped && seen_has(&p->done, rid, strlen(rid),
		    &p->key, &p->key_cap))
			continue;
		if (hand_over(p, &p->lane, rid, NO_STUDENT, err) != 0)
			return -1;
	}
	return 0;
}

/* Finishes the store and hands over each student in id order. */
static int
flush(struct progress *p, struct pl_err *err)
{
	size_t i = 0, n;

	store_finish(p->store);
	n = store_nsorted(p->store);
	for (i = 0; i < n; i++) {
		uint32_t student = store_sorted(p->store, i);
		const char *id = store_student_id(p->store, student);

		store_prefetch_sorted(p->store, i + 1);
		if (roster_before(p, id, err) != 0 ||
		    hand_over(p, &p->lane, id, student, err) != 0)
			return -1;
	}
	return 0;
}

/* strcmp of id[0..len) with the NUL-terminated s. */
static int
cmp_id(const char *id, size_t len, const char *s)
{
	size_t n = strlen(s);
	int c = memcmp(id, s, len < n ? len : n);

	return c ? c : (len > n) - (len < n);
}

/* --grouped: the student changes to id (on line); finish the previous. */
static int
next_student(struct progress *p, const char *id, size_t len, long line,
    const char *file, struct pl_err *err)
{
	if (p->current != NULL && strlen(p->current) == len &&
	    memcmp(p->current, id, len) == 0)
		return 0;
	/* Roster students without evidence are merged in by id, which only
	 * works when the input comes in id order. */
	if (p->current != NULL && p->roster->n > 0 &&
	    (p->o.all || p->o.include_roster) &&
	    cmp_id(id, len, p->current) < 0) {
		pl_err_set(err, file, line, PL_EXIT_DATA, "input is not sorted "
		    "by student_id: \"%.*s\" comes after \"%.40s\" (--grouped "
		    "with a roster needs sorted input: LC_ALL=C sort -s -t, "
		    "-k1,1)",
		    (int)(len > 40 ? 40 : len), id, p->current);
		return -1;
	}
	if (seen_has(&p->done, id, len, &p->key, &p->key_cap)) {
		pl_err_set(err, file, line, PL_EXIT_DATA, "input is not grouped "
		    "by student: \"%.*s\" appears again after other students "
		    "(sort the evidence by student_id, or drop --grouped)",
		    (int)(len > 40 ? 40 : len), id);
		return -1;
	}
	if (p->current != NULL) {
		if (flush(p, err) != 0)
			return -1;
		store_reset(p->store);
		free(p->catalog_of);
		p->catalog_of = NULL;
		p->catalog_cap = 0;
	}
	seen_add(&p->done, id, len);
	free(p->current);
	p->current = xstrndup(id, len);
	p->current_line = line;
	return 0;
}

/* Rejects the current row; a thread's reader (rj NULL) gives up instead,
 * and the file is read again by one thread, which reports the row. */
static int
reject(struct reject *rj, struct table *t, const char *kind, const char *why,
    struct pl_err *err)
{
	if (rj == NULL) {
		pl_err_set(err, table_name(t), table_line(t), PL_EXIT_DATA,
		    "%s", why);
		return -1;
	}
	return reject_row(rj, t, kind, why, err);
}

/*
 * Rows read but not yet stored, in a ring.  Storing a row waits until
 * HELD_ROWS more have been read: its student's hash slot is fetched from
 * memory meanwhile (a district's ids do not fit in the cache, and one row
 * was too short a wait to hide the fetch: at 10M rows with 50,000
 * students, four rows took 9% off one thread's run).  Rows are stored in
 * input order.  An id points into the table's buffers, which hold still
 * until the next table_next: before that call the ids held are copied
 * (held_own), each once, so a file of plain lines (read by table_peek,
 * never table_next but to refill) copies none.  The newest row's id
 * stays, with the student's number once stored, for the rows of the same
 * student that follow (exports often come a student at a time): those are
 * stored at once, without a lookup.
 */
#define HELD_ROWS 4

struct held_row {
	int full;		/* read, not yet stored */
	uint64_t hash;
	uint32_t oid;
	struct store_obs o;
	uint32_t sid;		/* once stored: id's student; NONE before */
	const char *id;		/* in the table's buffers, or own */
	size_t len;
	char *own;		/* the id copied, when it was */
	size_t cap;
};

struct held {
	struct held_row r[HELD_ROWS];
	unsigned newest;
	unsigned pending;	/* rows full */
};

#define NONE UINT32_MAX

static void
held_init(struct held *h)
{
	unsigned k;

	memset(h, 0, sizeof *h);
	for (k = 0; k < HELD_ROWS; k++)
		h->r[k].sid = NONE;
}

static void
row_store(struct progress *p, struct held_row *r)
{
	if (r->full)
		r->sid = store_add_hashed(p->store, r->id, r->len, r->hash,
		    r->oid, &r->o);
	r->full = 0;
}

/* Stores every row held, oldest first. */
static void
held_flush(struct progress *p, struct held *h)
{
	unsigned k;

	for (k = 1; k <= HELD_ROWS && h->pending > 0; k++) {
		struct held_row *r = &h->r[(h->newest + k) % HELD_ROWS];

		h->pending -= (unsigned)r->full;
		row_store(p, r);
	}
}

/* Holds a row (its student's slot asked for: hash), storing the oldest. */
static void
held_push(struct progress *p, struct held *h, const char *id, size_t len,
    uint64_t hash, uint32_t oid, const struct store_obs *o)
{
	struct held_row *r;

	h->newest = (h->newest + 1) % HELD_ROWS;
	r = &h->r[h->newest];
	h->pending -= (unsigned)r->full;
	row_store(p, r);
	r->id = id;
	r->len = len;
	r->hash = hash;
	r->oid = oid;
	r->o = *o;
	r->sid = NONE;
	r->full = 1;
	h->pending++;
}

/* Copies the ids held that are still the table's: it may move them. */
static void
held_own(struct held *h)
{
	unsigned k;

	for (k = 0; k < HELD_ROWS; k++) {
		struct held_row *r = &h->r[k];

		if (r->len > 0 && r->id != r->own) {
			r->own = xgrow(r->own, &r->cap, r->len, 1);
			memcpy(r->own, r->id, r->len);
			r->id = r->own;
		}
	}
}

static void
held_free(struct held *h)
{
	unsigned k;

	for (k = 0; k < HELD_ROWS; k++)
		free(h->r[k].own);
}

/* Stores a row whose student is the newest row's, when it is; 0 if not. */
static int
same_student(struct progress *p, struct held *h, const char *id,
    size_t len, uint32_t oid, const struct store_obs *o)
{
	struct held_row *r = &h->r[h->newest];

	/* Ids of a district differ most at their end: that byte first. */
	if (len != r->len || len == 0 || id[len - 1] != r->id[len - 1] ||
	    (!r->full && r->sid == NONE) || memcmp(id, r->id, len) != 0)
		return 0;
	held_flush(p, h);
	store_add(p->store, r->sid, oid, *o);
	return 1;
}

int
progress_read(struct progress *p, struct table *t, const char *const *map,
    struct reject *rj, struct pl_err *err)
{
	struct evidence_cols c;
	struct evidence_row r;
	struct held held;
	struct table_span *span = NULL;
	const char *kind, *problem;
	char why[256];
	int rc, over, plain;
	size_t klen = p->o.only_kind ? strlen(p->o.only_kind) : 0;

	struct evidence_opts ev = p->o.ev;

	held_init(&held);
	ev.require_kind = klen > 0;
	ev.decimal_comma = table_decimal_comma(t, ev.decimal_comma);
	if (evidence_find(t, map, &ev, &c, err) != 0)
		return -1;
	plain = evidence_plain_cols(&c);
	if (plain)
		span = xcalloc(table_ncols(t), sizeof *span);
	for (;;) {
		struct store_obs o;
		uint32_t sid, oid;
		uint64_t hash;
		size_t used;

		/* The common line, split and read in one step. */
		if (plain && (used = table_peek(t, span)) > 0 &&
		    evidence_parse_spans(span, &c, &ev, &r)) {
			table_take(t, used);
			goto parsed;
		}
		held_own(&held);
		if ((rc = table_next(t, err)) != 1)
			break;
		if ((problem = table_problem(t)) != NULL) {
			if (reject(rj, t, table_problem_kind(t), problem,
			    err) != 0)
				goto fail;
			continue;
		}
		if (!plain || !evidence_parse_plain(t, &c, &ev, &r)) {
			switch (evidence_parse(t, &c, &ev, &r, &over, &kind,
			    why, sizeof why)) {
			case EVIDENCE_NONE:
				continue;
			case EVIDENCE_BAD:
				if (reject(rj, t, kind, why, err) != 0)
					goto fail;
				continue;
			case EVIDENCE_OK:
				break;
			}
		}
parsed:
		if (r.date > p->o.as_of || (klen && !(r.kind_len == klen &&
		    util_strncaseeq(r.kind, klen, p->o.only_kind)))) {
			p->future_rows++;
			continue;
		}
		if (p->o.grouped && next_student(p, r.student, r.student_len,
		    table_line(t), table_name(t), err) != 0)
			goto fail;
		oid = store_objective(p->store, r.objective, r.objective_len);
		if (p->objs->n > 0 && catalog_index(p, oid) < 0) {
			if (p->o.strict) {
				pl_err_set(err, table_name(t), table_line(t),
				    PL_EXIT_DATA, "objective \"%.*s\" is not in %s",
				    (int)(r.objective_len > 40 ? 40 :
				    r.objective_len), r.objective, p->objs->name);
				goto fail;
			}
			p->unknown_rows++;
			intern_add(p->unknown, r.objective, r.objective_len);
		}
		o.date = r.date;
		o.points = r.points;
		o.seq = r.seq;
		o.max = r.max;
		o.weight = r.weight;
		o.correct = (int8_t)r.correct;
		if (p->o.grouped) {
			/* next_student may flush the store: nothing waits. */
			sid = store_student(p->store, r.student, r.student_len);
			store_add(p->store, sid, oid, o);
			continue;
		}
		if (same_student(p, &held, r.student, r.student_len, oid, &o))
			continue;
		hash = store_student_prefetch(p->store, r.student,
		    r.student_len);
		held_push(p, &held, r.student, r.student_len, hash, oid, &o);
	}
	if (rc == 0)
		held_flush(p, &held);
	held_free(&held);
	free(span);
	return rc < 0 ? -1 : 0;
fail:
	held_free(&held);
	free(span);
	return -1;
}

/* One thread's reader: a slice of the file into its own store. */
struct worker {
	struct progress *p;
	const struct table *head;
	const char *path;
	const char *const *map;
	long long start, len;
	int last;		/* the slice runs to the end of the file */
	int rc;			/* 0: read, and ended between records */
	struct pl_err err;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	FILE *fp = fopen(w->path, "r");
	struct table *t = NULL;

	w->rc = -1;
	pl_err_clear(&w->err);
	if (fp == NULL || fseeko(fp, (off_t)w->start, SEEK_SET) != 0)
		goto done;
	if ((t = table_open_slice(fp, w->head, w->len, &w->err)) == NULL)
		goto done;
	if (progress_read(w->p, t, w->map, NULL, &w->err) != 0)
		goto done;
	if (!w->last && !table_clean_end(t))
		goto done;
	w->rc = 0;
done:
	table_close(t);
	if (fp != NULL)
		fclose(fp);
	return NULL;
}

/* Smallest slice worth a thread. */
#define MIN_SLICE (64 * 1024)

int
progress_read_threads(struct progress *p, struct table *t, const char *path,
    int threads, const char *const *map, struct pl_err *err)
{
	struct stat st;
	struct worker *w;
	pthread_t *tid;
	long long start = table_offset(t), *cuts;
	FILE *fp;
	size_t n, i, started = 0;
	int ok = 1;

	(void)err;
	if (threads < 2 || p->o.grouped || p->o.from_mastery || path == NULL ||
	    strcmp(path, "-") == 0 || start < 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode) || (long long)st.st_size - start <
	    2 * MIN_SLICE)
		return 1;
	n = (size_t)threads;
	if ((long long)n > ((long long)st.st_size - start) / MIN_SLICE)
		n = (size_t)(((long long)st.st_size - start) / MIN_SLICE);
	if ((fp = fopen(path, "r")) == NULL)
		return 1;
	cuts = xcalloc(n + 1, sizeof *cuts);
	if (fseeko(fp, (off_t)start, SEEK_SET) != 0 ||
	    (n = (size_t)table_split(fp, t, start, (long long)st.st_size, n,
	    cuts)) < 2 || n > (size_t)threads) {
		fclose(fp);
		free(cuts);
		return 1;
	}
	fclose(fp);
	w = xcalloc(n, sizeof *w);
	tid = xcalloc(n, sizeof *tid);
	for (i = 0; i < n; i++) {
		w[i].p = progress_new(&p->o, p->objs, p->roster, NULL, NULL,
		    &w[i].err);
		w[i].head = t;
		w[i].path = path;
		w[i].map = map;
		w[i].start = cuts[i];
		w[i].len = cuts[i + 1] - cuts[i];
		w[i].last = i == n - 1;
		w[i].rc = -1;
	}
	for (i = 1; i < n; i++) {
		if (w[i].p == NULL || pthread_create(&tid[i], NULL, work,
		    &w[i]) != 0)
			break;
		started = i;
	}
	if (w[0].p != NULL)
		work(&w[0]);
	for (i = 1; i <= started; i++)
		pthread_join(tid[i], NULL);
	for (i = 0; i < n; i++)
		if (w[i].p == NULL || w[i].rc != 0)
			ok = 0;
	if (ok) {
		/* Join the slices in file order.  The first store is taken
		 * whole when this progress holds no score yet. */
		for (i = 0; i < n; i++) {
			struct progress *q = w[i].p;
			size_t j;

			if (i == 0 && store_nobs(p->store) == 0) {
				struct store *tmp = p->store;

				p->store = q->store;
				q->store = tmp;
				free(p->catalog_of);
				p->catalog_of = NULL;
				p->catalog_cap = 0;
			} else {
				store_absorb(p->store, q->store);
			}
			store_free(q->store);
			q->store = NULL;
			p->unknown_rows += q->unknown_rows;
			p->future_rows += q->future_rows;
			for (j = 0; j < intern_count(q->unknown); j++)
				intern_add(p->unknown,
				    intern_str(q->unknown, (uint32_t)j),
				    intern_len(q->unknown, (uint32_t)j));
		}
	}
	for (i = 0; i < n; i++)
		progress_free(w[i].p);
	free(w);
	free(tid);
	free(cuts);
	return ok ? 0 : 1;
}

int
progress_read_mastery(struct progress *p, struct table *t, struct reject *rj,
    struct pl_err *err)
{
	static const char *const names[] = { "student_id", "objective_id",
	    "mastered", "mastered_on", "score" };
	static const int req[] = { 1, 1, 1, 0, 0 };
	long idx[5];
	int rc;

	if (table_cols(t, names, req, 5, idx, err) != 0)
		return -1;
	while ((rc = table_next(t, err)) == 1) {
		struct store_obs o;
		const char *f[5], *problem;
		size_t len[5], i;
		int b;
		char why[256];

		if ((problem = table_problem(t)) != NULL) {
			if (reject_row(rj, t, table_problem_kind(t), problem,
			    err) != 0)
				return -1;
			continue;
		}
		for (i = 0; i < 5; i++) {
			f[i] = idx[i] >= 0 ? table_field(t, (size_t)idx[i],
			    &len[i]) : "";
			if (idx[i] < 0)
				len[i] = 0;
			f[i] = util_trim(f[i], &len[i]);
		}
		memset(&o, 0, sizeof o);
		o.date = DATE_NONE;
		if (len[0] == 0 || len[1] == 0 ||
		    util_parse_bool(f[2], len[2], &b) != 0 ||
		    (len[3] && date_parse(f[3], len[3], 0, &o.date) != 0) ||
		    (len[4] && num_parse(f[4], len[4], 0, &o.seq) != 0)) {
			snprintf(why, sizeof why, "not a mastery row (student_id, "
			    "objective_id, mastered yes/no, mastered_on, score)");
			if (reject_row(rj, t, "bad mastery row", why, err) != 0)
				return -1;
			continue;
		}
		o.points = b && (o.date == DATE_NONE || o.date <= p->o.as_of);
		o.weight = len[4] > 0;
		if (p->o.grouped && next_student(p, f[0], len[0], table_line(t),
		    table_name(t), err) != 0)
			return -1;
		store_add(p->store, store_student(p->store, f[0], len[0]),
		    store_objective(p->store, f[1], len[1]), o);
	}
	return rc < 0 ? -1 : 0;
}

const struct mastery_rule *
progress_rule(struct progress *p, uint32_t id)
{
	long c = catalog_index(p, id);

	return c >= 0 && p->obj_has_rule[c] ? &p->obj_rule[c] : &p->o.rule;
}

void
progress_write_to(struct progress *p, const struct table_writer *w)
{
	p->esc_w = w;
}

/* Which objective ids p->esc_w writes as they are (the store finished). */
static void
mark_as_is(struct progress *p)
{
	size_t i, n = store_nobjectives(p->store);

	if (p->esc_w == NULL || p->as_is != NULL)
		return;
	p->as_is = xmalloc(n ? n : 1);
	p->nas_is = n;
	for (i = 0; i < n; i++)
		p->as_is[i] = (unsigned char)table_escape_keeps(p->esc_w,
		    store_objective_id(p->store, (uint32_t)i),
		    store_objective_len(p->store, (uint32_t)i));
}

/* Finishes the store, with up to threads threads, and shows every score
 * to o.prepare (BKT fits there), once, whichever finish comes first. */
static int
finish_store(struct progress *p, int threads, struct pl_err *err)
{
	store_finish_threads(p->store, threads);
	mark_as_is(p);
	if (p->o.prepare == NULL || p->o.grouped || p->prepared)
		return 0;
	p->prepared = 1;
	return p->o.prepare(p->o.bkt_arg, p, p->store, err);
}

int
progress_finish(struct progress *p, struct pl_err *err)
{
	if (finish_store(p, 1, err) != 0)
		return -1;
	if (flush(p, err) != 0)
		return -1;
	return roster_before(p, NULL, err);
}

/* Pairs a chunk holds: about a megabyte of output. */
#define CHUNK_PAIRS 16384
/* Chunks a lane may be ahead of the writing. */
#define CHUNKS_AHEAD 4

/*
 * A run of whole students, evaluated and formatted by some lane into its
 * own writer, and written out in order by the main thread.
 */
struct chunk {
	size_t first, last;	/* the students, in id order */
	struct table_writer *w;
	int done, rc;
	struct pl_err err;
};

/* What the lanes share: chunks are taken in order, as lanes come free. */
struct lanes {
	struct progress *p;
	struct chunk *c;
	size_t nc, next, written;
	size_t ahead;		/* next may not pass written + ahead */
	int stop;		/* a chunk failed: take no more */
	struct table_writer **free;	/* written chunks' writers */
	size_t nfree;
	const struct table_writer *out;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Evaluates and formats the students of chunk k. */
static void
run_chunk(struct lanes *ls, struct lane *l, size_t k)
{
	struct progress *p = ls->p;
	struct chunk *c = &ls->c[k];
	size_t i;
	int rc = 0;

	pthread_mutex_lock(&ls->mu);
	l->w = ls->nfree ? ls->free[--ls->nfree] : NULL;
	pthread_mutex_unlock(&ls->mu);
	if (l->w == NULL)
		l->w = table_writer_lane(ls->out);
	pl_err_clear(&l->err);
	for (i = c->first; i < c->last; i++) {
		uint32_t student = store_sorted(p->store, i);

		store_prefetch_sorted(p->store, i + 1);
		if (hand_over(p, l, store_student_id(p->store, student),
		    student, &l->err) != 0) {
			rc = -1;
			break;
		}
	}
	pthread_mutex_lock(&ls->mu);
	c->w = l->w;
	c->rc = rc;
	c->err = l->err;
	c->done = 1;
	if (rc != 0)
		ls->stop = 1;
	pthread_cond_broadcast(&ls->cv);
	pthread_mutex_unlock(&ls->mu);
	l->w = NULL;
}

/* The next chunk a lane may take, or (size_t)-1 when there is none now:
 * *wait set when one may come. Called locked. */
static size_t
take(struct lanes *ls, int *wait)
{
	*wait = 0;
	if (ls->stop || ls->next >= ls->nc)
		return (size_t)-1;
	if (ls->next >= ls->written + ls->ahead) {
		*wait = 1;
		return (size_t)-1;
	}
	return ls->next++;
}

/* A lane thread: chunks until none is left. */
static void *
lane_work(void *arg)
{
	struct lane *l = arg;
	struct lanes *ls = l->shared;

	for (;;) {
		size_t k;
		int wait;

		pthread_mutex_lock(&ls->mu);
		while ((k = take(ls, &wait)) == (size_t)-1 && wait)
			pthread_cond_wait(&ls->cv, &ls->mu);
		pthread_mutex_unlock(&ls->mu);
		if (k == (size_t)-1)
			return NULL;
		run_chunk(ls, l, k);
	}
}

/*
 * The main thread's part: it writes the done chunks in order, and takes
 * chunks itself while it may.  Returns 0, or -1 with *err set from the
 * first chunk (in order) that failed.
 */
static int
write_chunks(struct lanes *ls, struct lane *l, struct table_writer *w,
    struct pl_err *err)
{
	int rc = 0;

	pthread_mutex_lock(&ls->mu);
	while (ls->written < ls->nc) {
		struct chunk *c = &ls->c[ls->written];
		size_t k, len;
		int wait;

		if (c->done) {
			const char *b;

			if (c->rc != 0) {
				*err = c->err;
				rc = -1;
				ls->stop = 1;
				break;
			}
			pthread_mutex_unlock(&ls->mu);
			b = table_writer_bytes(c->w, &len);
			table_writer_append(w, b, len);
			table_writer_clear(c->w);
			pthread_mutex_lock(&ls->mu);
			ls->free[ls->nfree++] = c->w;
			c->w = NULL;
			ls->written++;
			pthread_cond_broadcast(&ls->cv);
			continue;
		}
		if ((k = take(ls, &wait)) != (size_t)-1) {
			pthread_mutex_unlock(&ls->mu);
			run_chunk(ls, l, k);
			pthread_mutex_lock(&ls->mu);
			continue;
		}
		pthread_cond_wait(&ls->cv, &ls->mu);
	}
	pthread_cond_broadcast(&ls->cv);
	pthread_mutex_unlock(&ls->mu);
	return rc;
}

int
progress_finish_threads(struct progress *p, struct table_writer *w,
    int threads, struct pl_err *err)
{
	struct lanes ls;
	struct lane *l;
	struct table_writer *first;
	pthread_t *tid;
	size_t nl = (size_t)threads, k, i, nobj, ns, pos = 0, started = 0;
	int rc;

	if (threads < 2 || p->o.grouped || p->o.from_mastery || p->o.all ||
	    p->o.include_roster || (p->o.bkt != NULL && !p->o.bkt_threads))
		return 1;
	if (p->esc_w == NULL && w != NULL)
		p->esc_w = w;
	if (finish_store(p, threads, err) != 0)
		return -1;
	if (store_npairs(p->store) < 2 * CHUNK_PAIRS || w == NULL ||
	    (first = table_writer_lane(w)) == NULL)
		return 1;
	memset(&ls, 0, sizeof ls);
	ls.p = p;
	ls.out = w;
	ls.ahead = CHUNKS_AHEAD * nl;
	/* Whole students, CHUNK_PAIRS pairs or a few more a chunk. */
	ns = store_nsorted(p->store);
	ls.c = xcalloc(store_npairs(p->store) / CHUNK_PAIRS + 2,
	    sizeof *ls.c);
	while (pos < ns) {
		size_t got = 0;

		ls.c[ls.nc].first = pos;
		while (pos < ns && got < CHUNK_PAIRS)
			got += store_student_npairs(p->store,
			    store_sorted(p->store, pos++));
		ls.c[ls.nc++].last = pos;
	}
	ls.free = xcalloc(ls.ahead + nl, sizeof *ls.free);
	ls.free[ls.nfree++] = first;
	pthread_mutex_init(&ls.mu, NULL);
	pthread_cond_init(&ls.cv, NULL);
	/* The lanes only read from here on: fill the catalog cache. */
	nobj = store_nobjectives(p->store);
	for (i = 0; i < nobj; i++)
		catalog_index(p, (uint32_t)i);
	l = xcalloc(nl, sizeof *l);
	tid = xcalloc(nl, sizeof *tid);
	for (k = 0; k < nl; k++) {
		l[k].p = p;
		l[k].shared = &ls;
	}
	for (k = 1; k < nl; k++) {
		if (pthread_create(&tid[k], NULL, lane_work, &l[k]) != 0)
			break;
		started = k;
	}
	rc = write_chunks(&ls, &l[0], w, err);
	for (k = 1; k <= started; k++)
		pthread_join(tid[k], NULL);
	for (k = 0; k < nl; k++) {
		free(l[k].items);
		free(l[k].obs);
		free(l[k].sobs);
		memo_free(l[k].memo);
	}
	for (i = 0; i < ls.nc; i++)
		table_writer_free(ls.c[i].w);
	for (i = 0; i < ls.nfree; i++)
		table_writer_free(ls.free[i]);
	pthread_mutex_destroy(&ls.mu);
	pthread_cond_destroy(&ls.cv);
	free(ls.free);
	free(ls.c);
	free(l);
	free(tid);
	return rc;
}

void
progress_write_header(struct table_writer *w)
{
	static const char *const head[] = { "student_id", "objective_id",
	    "course_id", "evidence_count", "last_date", "score", "level",
	    "mastered", "mastered_on", "rule" };

	table_put_row(w, head, sizeof head / sizeof head[0]);
}

/* Copies src[0..n) to o, as 32 bytes when n is at most 32: src has 32
 * bytes to read and o room for 32 (a row's cells are copied so, and a
 * variable-length copy is a call each). */
#define SHORT_COPY 32

static char *
copy_cell(char *o, const char *src, size_t n)
{
	if (n <= SHORT_COPY)
		memcpy(o, src, SHORT_COPY);
	else
		memcpy(o, src, n);
	return o + n;
}

void
progress_write_student(struct table_writer *w, const struct progress *p,
    const struct progress_student *s)
{
	/* The cells every row of the student repeats are escaped once: its
	 * id (when short), the level names, the rule. */
	enum { ID_ESC = 256 };
	size_t i, rlen = 0, resc = 0, idlen = strlen(s->id), idesc = 0;
	char rule[MASTERY_RULE_BUFSIZE], rule_esc[2 * MASTERY_RULE_BUFSIZE + 8];
	char id_esc[2 * ID_ESC + 8];
	const unsigned char *as_is = NULL;	/* objective ids kept as are */
	size_t nas_is = 0;
	const struct mastery_rule *last = NULL;
	/* The level names, not_yet (level -1) first. */
	const char *lvname[MASTERY_LEVELS_MAX + 1];
	size_t lvlen[MASTERY_LEVELS_MAX + 1], lvesc[MASTERY_LEVELS_MAX + 1];
	char lv_esc[MASTERY_LEVELS_MAX + 1][2 * MASTERY_NAME_MAX + 8];
	int lv;

	for (lv = -1; lv < p->o.scale.nlevels; lv++) {
		lvname[lv + 1] = mastery_scale_name(&p->o.scale, lv);
		lvlen[lv + 1] = strlen(lvname[lv + 1]);
		lvesc[lv + 1] = lvlen[lv + 1] < MASTERY_NAME_MAX ?
		    table_escape(w, lvname[lv + 1], lvlen[lv + 1],
		    lv_esc[lv + 1]) : 0;
	}
	if (idlen <= ID_ESC)
		idesc = table_escape(w, s->id, idlen, id_esc);
	if (p->as_is != NULL && table_writers_escape_alike(w, p->esc_w)) {
		as_is = p->as_is;
		nas_is = p->nas_is;
	}
	for (i = 0; i < s->n; i++) {
		const struct progress_item *it = &s->items[i];
		int level = it->r.level >= 0 && it->r.level <
		    p->o.scale.nlevels ? it->r.level : -1;
		const char *obj = store_objective_id(p->store, it->objective);
		size_t objlen = store_objective_len(p->store, it->objective);
		const char *course = it->catalog >= 0 ?
		    p->objs->v[it->catalog].course : "";
		size_t clen = course ? strlen(course) : 0;
		char *o;

		/* Most items share one rule: format it once. */
		if (it->rule != last) {
			mastery_rule_format(it->rule, rule, sizeof rule);
			rlen = strlen(rule);
			resc = table_escape(w, rule, rlen, rule_esc);
			last = it->rule;
		}
		/* The row in one piece, when the writer takes it so and the
		 * escaped cells are at hand. */
		if (idlen <= ID_ESC && lvlen[level + 1] < MASTERY_NAME_MAX &&
		    (!it->r.has_score || isfinite(it->r.score)) &&
		    (o = table_row_begin(w, idesc + 2 * (objlen + clen) + 16 +
		    TABLE_CELL_INT + 2 * TABLE_CELL_DATE + NUM_BUFSIZE +
		    lvesc[level + 1] + 4 + resc + 10 + SHORT_COPY)) != NULL) {
			char d = table_writer_delim(w);

			o = copy_cell(o, id_esc, idesc);
			*o++ = d;
			if (it->objective < nas_is && as_is[it->objective]) {
				memcpy(o, obj, objlen);
				o += objlen;
			} else {
				o += table_escape(w, obj, objlen, o);
			}
			*o++ = d;
			if (clen > 0)	/* escaping nothing writes nothing */
				o += table_escape(w, course, clen, o);
			*o++ = d;
			o = table_cell_int(o, (long)it->count);
			*o++ = d;
			o = table_cell_date(o, it->last_date);
			*o++ = d;
			if (it->r.has_score)
				o = table_cell_num(o, it->r.score);
			*o++ = d;
			o = copy_cell(o, lv_esc[level + 1], lvesc[level + 1]);
			*o++ = d;
			o = table_cell_bool(o, it->r.mastered);
			*o++ = d;
			o = table_cell_date(o, it->r.mastered_on);
			*o++ = d;
			table_row_end(w, copy_cell(o, rule_esc, resc));
			continue;
		}
		if (idlen <= ID_ESC)
			table_put_escaped(w, s->id, idlen, id_esc, idesc);
		else
			table_put(w, s->id, idlen);
		table_put(w, obj, objlen);
		table_put(w, course ? course : "", clen);
		table_put_int(w, (long)it->count);
		table_put_date(w, it->last_date);
		if (it->r.has_score)
			table_put_num(w, it->r.score);
		else
			table_put(w, "", 0);
		if (lvlen[level + 1] < MASTERY_NAME_MAX)
			table_put_escaped(w, lvname[level + 1],
			    lvlen[level + 1], lv_esc[level + 1],
			    lvesc[level + 1]);
		else
			table_put(w, lvname[level + 1], lvlen[level + 1]);
		table_put_bool(w, it->r.mastered);
		table_put_date(w, it->r.mastered_on);
		table_put_escaped(w, rule, rlen, rule_esc, resc);
		table_endrow(w);
	}
}
