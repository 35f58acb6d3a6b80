/*
 * fuzz_plan.c - the input path of pl-plan in-process, as cmd/pl-plan.c
 * drives it: the catalogs loaded (catalog.h), plan_new (curriculum,
 * activity catalog), plan_read_mastery, _pacing, _sessions, _requests and
 * _assign, and plan_write (playlist.c, groups.c, mcf.c) into a memstream.
 *
 * Input: two option bytes, then up to eight tables separated by NUL bytes:
 * mastery, objectives, activities, roster, pacing, sessions, requests,
 * assignments.  An empty table is not given, except the objectives, which
 * then are a small fixed pacing guide (so that mutated mastery rows meet a
 * real curriculum).  The catalogs take a path, so each table goes into a
 * memfd read through /proc/self/fd.
 *
 * Oracles beyond "no sanitizer report": a refusal says why; the same
 * input gives the same output twice; in sessions mode, read back, no
 * session holds more students than its capacity, and no student is in two
 * sessions of one slot.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "catalog.h"
#include "date.h"
#include "fuzz.h"
#include "intern.h"
#include "num.h"
#include "plan.h"
#include "reject.h"
#include "table.h"
#include "util.h"

enum {
	T_MASTERY, T_OBJECTIVES, T_ACTIVITIES, T_ROSTER, T_PACING,
	T_SESSIONS, T_REQUESTS, T_ASSIGN, NT
};

static const char OBJECTIVES[] =
    "objective_id,title,course_id,prerequisites,due_date,est_minutes,"
    "essential\n"
    "6.RP.1,Ratios,M6,,2026-09-14,60,yes\n"
    "6.RP.2,Rates,M6,6.RP.1,2026-10-05,90,yes\n"
    "6.RP.3,Percent,M6,6.RP.2,2026-11-02,,no\n"
    "6.EE.1,Exponents,M6,,2026-11-10,30,yes\n"
    "6.EE.2,Expressions,M6,6.EE.1;6.RP.1,2026-12-01,45,\n";

static int memfd[NT];
static char path[NT][64];
static int32_t as_of;
static const char *const students[] = { "ana", "S001", "ben" };

static void
init(void)
{
	int i;

	for (i = 0; i < NT; i++) {
		memfd[i] = memfd_create("fuzz_plan", 0);
		FUZZ_CHECK(memfd[i] >= 0, "memfd_create");
		snprintf(path[i], sizeof path[i], "/proc/self/fd/%d", memfd[i]);
	}
	FUZZ_CHECK(date_parse("2026-11-20", 10, 0, &as_of) == 0, "as_of");
}

static void
put(int i, const void *data, size_t size)
{
	FUZZ_CHECK(ftruncate(memfd[i], 0) == 0 && (size == 0 ||
	    pwrite(memfd[i], data, size, 0) == (ssize_t)size),
	    "writing the memfd");
}

typedef int (*reader_fn)(struct plan *, struct table *, struct reject *,
    struct pl_err *);

/* Opens table i and feeds it to fn (or to plan_read_sessions). */
static int
read_table(struct plan *p, int i, reader_fn fn, struct reject *rj,
    struct pl_err *err)
{
	struct table_opts topts = { 0, 0 };
	FILE *fp = fopen(path[i], "r");
	struct table *t;
	int rc;

	FUZZ_CHECK(fp != NULL, "fopen %s", path[i]);
	if ((t = table_open(fp, path[i], &topts, err)) == NULL) {
		fclose(fp);
		return -1;
	}
	rc = i == T_SESSIONS ? plan_read_sessions(p, t, err) :
	    fn(p, t, rj, err);
	table_close(t);
	fclose(fp);
	return rc;
}

/* Runs pl-plan; returns its output (malloc'd) or NULL when it refused. */
static char *
run(const struct plan_opts *o, const int *given, size_t *len)
{
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_activities acts;
	struct table_opts topts = { 0, 0 };
	struct pl_err err;
	struct plan *p = NULL;
	struct reject *rj;
	struct table_writer *w;
	char *buf = NULL;
	size_t conflicts;
	FILE *out;
	int rc = -1;

	memset(&objs, 0, sizeof objs);
	memset(&roster, 0, sizeof roster);
	memset(&acts, 0, sizeof acts);
	pl_err_clear(&err);
	rj = reject_new(NULL, 0, &err);
	FUZZ_CHECK(rj != NULL, "reject_new");
	*len = 0;
	out = open_memstream(&buf, len);
	FUZZ_CHECK(out != NULL, "open_memstream");
	w = table_writer_new(out, ',', 0);
	if (catalog_load_objectives(path[T_OBJECTIVES], &topts, o->date_flags,
	    &objs, &err) != 0)
		goto done;
	if (given[T_ROSTER] && catalog_load_roster(path[T_ROSTER], &topts,
	    o->date_flags, &roster, &err) != 0)
		goto done;
	if (given[T_ACTIVITIES] && catalog_load_activities(path[T_ACTIVITIES],
	    &topts, &acts, &err) != 0)
		goto done;
	if ((p = plan_new(o, &objs, &roster, &acts, &err)) == NULL)
		goto done;
	if (given[T_MASTERY] && read_table(p, T_MASTERY, plan_read_mastery,
	    rj, &err) != 0)
		goto done;
	if (given[T_PACING] && read_table(p, T_PACING, plan_read_pacing, rj,
	    &err) != 0)
		goto done;
	if (o->mode == PLAN_SESSIONS) {
		if (given[T_SESSIONS] && read_table(p, T_SESSIONS, NULL, rj,
		    &err) != 0)
			goto done;
		if (given[T_REQUESTS] && read_table(p, T_REQUESTS,
		    plan_read_requests, rj, &err) != 0)
			goto done;
		if (given[T_ASSIGN] && read_table(p, T_ASSIGN, plan_read_assign,
		    rj, &err) != 0)
			goto done;
	}
	if (plan_write(p, w, &conflicts, &err) != 0)
		goto done;
	rc = 0;
done:
	if (rc != 0)
		FUZZ_CHECK(err.msg[0] != '\0' && err.status != 0,
		    "refused without a message");
	table_writer_free(w);
	fclose(out);
	plan_free(p);
	reject_finish(rj, 1, NULL);
	reject_free(rj);
	catalog_free_objectives(&objs);
	catalog_free_roster(&roster);
	catalog_free_activities(&acts);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* A trimmed copy of field col of t's current record ("" when col < 0). */
static char *
cell(struct table *t, long col)
{
	size_t n = 0;
	const char *s = col < 0 ? "" : util_trim(table_field(t, (size_t)col,
	    &n), &n);

	return xstrndup(s, n);
}

/*
 * Sessions mode: reads the sessions table (which plan_read_sessions
 * accepted) and the output, and checks capacities and slots.
 */
static void
check_sessions(const char *outbuf, size_t outlen)
{
	struct table_opts topts = { 0, 0 };
	struct pl_err err;
	struct table *t;
	struct intern *ids = intern_new(), *taken = intern_new();
	long *cap = NULL, *used = NULL;
	char **slot = NULL;
	size_t n = 0, ncap = 0, i;
	long c[3], g[2];
	FILE *fp;
	int rc;

	fp = fopen(path[T_SESSIONS], "r");
	FUZZ_CHECK(fp != NULL, "sessions");
	t = table_open(fp, "sessions", &topts, &err);
	FUZZ_CHECK(t != NULL, "sessions read before, not now");
	c[0] = table_col(t, "session_id");
	c[1] = table_col(t, "slot");
	c[2] = table_col(t, "capacity");
	while ((rc = table_next(t, &err)) == 1) {
		char *id = cell(t, c[0]), *cp = cell(t, c[2]);
		double v;

		FUZZ_CHECK(num_parse(cp, strlen(cp), 0, &v) == 0,
		    "capacity \"%s\"", cp);
		FUZZ_CHECK(intern_add(ids, id, strlen(id)) == n,
		    "session \"%s\" twice", id);
		cap = xgrow(cap, &ncap, n + 1, sizeof *cap);
		cap[n] = (long)v;
		n++;
		free(id);
		free(cp);
	}
	FUZZ_CHECK(rc == 0, "sessions read before, not now");
	table_close(t);
	fclose(fp);
	/* The slots, in a second pass now that n is known. */
	slot = xcalloc(n + 1, sizeof *slot);
	used = xcalloc(n + 1, sizeof *used);
	fp = fopen(path[T_SESSIONS], "r");
	t = table_open(fp, "sessions", &topts, &err);
	for (i = 0; table_next(t, &err) == 1; i++)
		slot[i] = cell(t, c[1]);
	table_close(t);
	fclose(fp);

	fp = fuzz_open(outbuf, outlen);
	t = table_open(fp, "output", &topts, &err);
	FUZZ_CHECK(t != NULL, "the output does not read: %s", err.msg);
	g[0] = table_col(t, "group_id");
	g[1] = table_col(t, "student_id");
	FUZZ_CHECK(g[0] >= 0 && g[1] >= 0, "output columns");
	while ((rc = table_next(t, &err)) == 1) {
		const char *gid = table_field(t, (size_t)g[0], NULL);
		const char *sid = table_field(t, (size_t)g[1], NULL);
		uint32_t k;
		char *key;

		FUZZ_CHECK(table_problem(t) == NULL, "output row: %s",
		    table_problem(t));
		if (gid[0] == '\0')
			continue;
		k = intern_find(ids, gid, strlen(gid));
		FUZZ_CHECK(k != UINT32_MAX, "placed in unknown session \"%s\"",
		    gid);
		FUZZ_CHECK(++used[k] <= cap[k], "session \"%s\" holds %ld, "
		    "capacity %ld", gid, used[k], cap[k]);
		key = xmalloc(strlen(sid) + strlen(slot[k]) + 2);
		strcpy(key, sid);
		memcpy(key + strlen(sid) + 1, slot[k], strlen(slot[k]) + 1);
		FUZZ_CHECK(intern_find(taken, key, strlen(sid) + 1 +
		    strlen(slot[k])) == UINT32_MAX, "student \"%s\" twice in "
		    "slot \"%s\"", sid, slot[k]);
		intern_add(taken, key, strlen(sid) + 1 + strlen(slot[k]));
		free(key);
	}
	FUZZ_CHECK(rc == 0, "the output does not read: %s", err.msg);
	table_close(t);
	fclose(fp);
	for (i = 0; i < n; i++)
		free(slot[i]);
	free(slot);
	free(used);
	free(cap);
	intern_free(ids);
	intern_free(taken);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static const long minutes[] = { 0, 30, 90, 1 };
	static const long sizes[] = { 6, 1, 2, 3 };
	struct plan_opts o;
	int given[NT];
	const uint8_t *p, *end;
	char *a, *b;
	size_t alen, blen;
	int i;
	uint8_t o0, o1;

	if (size < 2)
		return 0;
	if (!ready) {
		init();
		ready = 1;
	}
	o0 = data[0];
	o1 = data[1];
	p = data + 2;
	end = data + size;
	for (i = 0; i < NT; i++) {
		const uint8_t *z = p < end ? memchr(p, 0, (size_t)(end - p)) :
		    NULL;
		size_t n = z ? (size_t)(z - p) : (size_t)(end - p);

		given[i] = n > 0;
		if (i == T_OBJECTIVES && n == 0)
			put(i, OBJECTIVES, strlen(OBJECTIVES));
		else
			put(i, p, n);
		p = z ? z + 1 : end;
	}
	given[T_OBJECTIVES] = 1;

	plan_opts_init(&o);
	o.as_of = as_of;
	switch (o0 & 3) {
	case 0:
	case 3:
		o.mode = PLAN_PLAYLIST;
		o.minutes = minutes[(o0 >> 2) & 3];
		o.max_items = (o0 >> 4) & 3;
		break;
	case 1:
		o.mode = PLAN_GROUPS;
		o.max_size = sizes[(o0 >> 2) & 3];
		o.min_size = 1 + ((o0 >> 4) & 3);
		if (o.min_size > o.max_size)
			o.min_size = o.max_size;
		break;
	default:
		o.mode = PLAN_SESSIONS;
		break;
	}
	o.recent_days = (o1 & 3) * 5;
	o.date_flags = (o1 & 4) ? DATE_DMY : 0;
	o.decimal_comma = (o1 >> 3) & 1;
	if (o0 & 0x40) {
		o.students = students;
		o.nstudents = 1 + (o1 >> 6) % 3;
	}

	a = run(&o, given, &alen);
	b = run(&o, given, &blen);
	FUZZ_CHECK((a == NULL) == (b == NULL) && alen == blen &&
	    (a == NULL || memcmp(a, b, alen) == 0), "two runs differ");
	if (a != NULL && o.mode == PLAN_SESSIONS && given[T_SESSIONS])
		check_sessions(a, alen);
	free(a);
	free(b);
	return 0;
}
