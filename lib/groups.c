/*
 * groups.c - small groups.  Automatic groups bucket students by their next
 * objective and split each bucket evenly; sessions place teacher
 * assignments, then fill the remaining places with an exact minimum-cost
 * flow (lib/mcf) over a canonical ordering of the inputs.  The rules are
 * spelt out in groups.h.
 */
#include "groups.h"
#include "date.h"
#include "intern.h"
#include "mcf.h"
#include "num.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
groups_opts_init(struct groups_opts *o)
{
	o->max_size = 6;
	o->min_size = 1;
}

struct groups *
groups_new(void)
{
	return xcalloc(1, sizeof(struct groups));
}

void
groups_free(struct groups *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++) {
		free(g->rows[i].group_id);
		free(g->rows[i].reason);
	}
	for (i = 0; i < g->nunmet; i++)
		free(g->unmet[i].reason);
	free(g->rows);
	free(g->unmet);
	free(g);
}

static char *
xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *s;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return s;
}

static void
add_row(struct groups *g, char *group_id, const char *student,
    const char *objective, const char *slot, const char *teacher,
    char *reason)
{
	struct groups_row *r;

	g->rows = xgrow(g->rows, &g->cap, g->n + 1, sizeof *g->rows);
	r = &g->rows[g->n++];
	r->group_id = group_id;
	r->student_id = student;
	r->objective_id = objective;
	r->slot = slot;
	r->teacher = teacher;
	r->reason = reason;
}

static void
add_unmet(struct groups *g, enum groups_unmet_kind kind, const char *student,
    const char *session, long rank, const char *why, char *reason)
{
	struct groups_unmet *u;

	g->unmet = xgrow(g->unmet, &g->capunmet, g->nunmet + 1,
	    sizeof *g->unmet);
	u = &g->unmet[g->nunmet++];
	u->kind = kind;
	u->student_id = student;
	u->session_id = session;
	u->rank = rank;
	u->why = why;
	u->reason = reason;
}

/* 2 for intervene, 1 for behind, else 0. */
static int
need_level(enum playlist_pace p)
{
	return p == PLAYLIST_PACE_INTERVENE ? 2 : p == PLAYLIST_PACE_BEHIND;
}

int64_t
groups_request_score(enum playlist_pace pace, long rank)
{
	if (rank < 1)
		rank = 1;
	return 20 * need_level(pace) + (rank < 10 ? 10 - rank : 0);
}

/* "; behind pace by 4 days" and the like, or "". */
static void
say_pace(char *buf, size_t size, const struct playlist_pacing *p)
{
	long d = p ? p->days_ahead : 0;
	const char *unit = d == 1 || d == -1 ? "day" : "days";

	buf[0] = '\0';
	if (p == NULL || p->status == PLAYLIST_PACE_UNKNOWN)
		return;
	if (p->status == PLAYLIST_PACE_INTERVENE && d < 0)
		snprintf(buf, size, "; intervene: behind pace by %ld %s", -d,
		    unit);
	else if (p->status == PLAYLIST_PACE_INTERVENE)
		snprintf(buf, size, "; intervene");
	else if (p->status == PLAYLIST_PACE_BEHIND && d < 0)
		snprintf(buf, size, "; behind pace by %ld %s", -d, unit);
	else if (p->status == PLAYLIST_PACE_BEHIND)
		snprintf(buf, size, "; behind pace");
	else if (p->status == PLAYLIST_PACE_AHEAD && d > 0)
		snprintf(buf, size, "; ahead of pace by %ld %s", d, unit);
	else if (p->status == PLAYLIST_PACE_AHEAD)
		snprintf(buf, size, "; ahead of pace");
	else
		snprintf(buf, size, "; on track");
}

/* A student waiting for a group, with what orders them by need. */
struct member {
	uint32_t student;
	uint32_t objective;
	enum playlist_kind kind;
	int status_rank;
	long days;
	double score;
	int has_score;
	const char *id;
};

static int
status_rank(enum playlist_pace p)
{
	switch (p) {
	case PLAYLIST_PACE_INTERVENE:
		return 0;
	case PLAYLIST_PACE_BEHIND:
		return 1;
	case PLAYLIST_PACE_AHEAD:
		return 3;
	default:
		return 2;
	}
}

static int
cmp_need(const struct member *a, const struct member *b)
{
	int r;

	if (a->status_rank != b->status_rank)
		return a->status_rank - b->status_rank;
	if (a->days != b->days)
		return a->days < b->days ? -1 : 1;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	r = strcmp(a->id, b->id);
	if (r != 0)
		return r;
	return a->student < b->student ? -1 : a->student > b->student;
}

static int
cmp_member(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;

	if (a->objective != b->objective)
		return a->objective < b->objective ? -1 : 1;
	return cmp_need(a, b);
}

/* A group: a run of members, ordered among groups by its first. */
struct group {
	const struct member *lead;
	size_t first, size, total;
	long number, of;
};

static int
cmp_group(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;
	int r = cmp_need(a->lead, b->lead);

	if (r != 0)
		return r;
	if (a->lead->objective != b->lead->objective)
		return a->lead->objective < b->lead->objective ? -1 : 1;
	return a->number < b->number ? -1 : a->number > b->number;
}

int
groups_auto(struct groups *g, const struct curriculum *c,
    const struct playlist_student *st, size_t nst,
    const struct playlist_opts *po, const struct groups_opts *go,
    struct pl_err *err)
{
	size_t nobj = curriculum_count(c), i, j, nm = 0, ng = 0;
	struct playlist_need *needs = xmalloc((nobj ? nobj : 1) *
	    sizeof *needs);
	struct member *m = xmalloc((nst ? nst : 1) * sizeof *m);
	struct group *grp = xmalloc((nst ? nst : 1) * sizeof *grp);

	if (go->max_size < 1 || go->min_size > go->max_size) {
		pl_err_set(err, NULL, 0, PL_EXIT_USAGE, "group sizes: the "
		    "maximum (%ld) must be at least 1 and at least the "
		    "minimum (%ld)", go->max_size, go->min_size);
		free(needs);
		free(m);
		free(grp);
		return -1;
	}
	for (i = 0; i < nst; i++) {
		const struct playlist_pacing *p;
		const struct playlist_mastery *ms;
		uint32_t obj;

		if (playlist_needs(c, &st[i], po, needs) == 0) {
			g->nothing_needed++;
			continue;
		}
		obj = needs[0].objective;
		p = playlist_pacing_for(&st[i], curriculum_objective(c,
		    obj)->course);
		ms = st[i].mastery && st[i].mastery[obj].has_evidence ?
		    &st[i].mastery[obj] : NULL;
		m[nm].student = (uint32_t)i;
		m[nm].objective = obj;
		m[nm].kind = needs[0].kind;
		m[nm].status_rank = status_rank(p ? p->status :
		    PLAYLIST_PACE_UNKNOWN);
		m[nm].days = p ? p->days_ahead : 0;
		m[nm].has_score = ms != NULL;
		m[nm].score = ms ? ms->score : 0;
		m[nm].id = st[i].id;
		nm++;
	}
	qsort(m, nm, sizeof *m, cmp_member);
	for (i = 0; i < nm; i = j) {
		size_t n, k, at = i, q;

		for (j = i; j < nm && m[j].objective == m[i].objective; j++)
			;
		n = j - i;
		k = (n + (size_t)go->max_size - 1) / (size_t)go->max_size;
		/* Sizes differ by at most one, larger groups first. */
		for (q = 0; q < k; q++) {
			size_t size = n / k + (q < n % k);

			grp[ng].lead = &m[at];
			grp[ng].first = at;
			grp[ng].total = n;
			grp[ng].size = size;
			grp[ng].number = (long)q + 1;
			grp[ng].of = (long)k;
			ng++;
			at += size;
		}
	}
	qsort(grp, ng, sizeof *grp, cmp_group);
	for (i = 0; i < ng; i++) {
		const struct member *first = &m[grp[i].first];
		const char *oid = curriculum_objective(c,
		    first->objective)->id;
		size_t total = grp[i].total;
		for (j = 0; j < grp[i].size; j++) {
			const struct member *x = &m[grp[i].first + j];
			const struct playlist_student *s = &st[x->student];
			char pace[96], score[64] = "", small[160] = "";

			say_pace(pace, sizeof pace, playlist_pacing_for(s,
			    curriculum_objective(c, x->objective)->course));
			if (x->has_score) {
				char num[NUM_BUFSIZE];

				num_format(x->score, num);
				snprintf(score, sizeof score, "; score %s",
				    num);
			}
			if ((long)grp[i].size < go->min_size &&
			    (long)total < go->min_size)
				snprintf(small, sizeof small, "; smaller than "
				    "the minimum of %ld because only %zu "
				    "student%s need%s %s next", go->min_size,
				    total, total == 1 ? "" : "s",
				    total == 1 ? "s" : "", oid);
			else if ((long)grp[i].size < go->min_size)
				snprintf(small, sizeof small, "; smaller than "
				    "the minimum of %ld because %zu students "
				    "need %s next and a group holds at most "
				    "%ld", go->min_size, total, oid,
				    go->max_size);
			add_row(g, xasprintf("%s-%ld", oid, grp[i].number),
			    s->id, oid, NULL, NULL, xasprintf("%s: %s is "
			    "next%s%s; group %ld of %ld for %s%s",
			    playlist_kind_name(x->kind), oid, pace, score,
			    grp[i].number, grp[i].of, oid, small));
		}
	}
	free(needs);
	free(m);
	free(grp);
	return 0;
}

/* A placement of a student in a session. */
struct placement {
	uint32_t student, session;
	long rank;
	int how;		/* HOW_TEACHER, HOW_REQUEST, HOW_NEED */
	enum playlist_kind kind;
	size_t next;		/* the student's next placement, or SIZE_MAX */
};

enum { HOW_TEACHER, HOW_REQUEST, HOW_NEED };

/* A request the flow may place. */
struct candidate {
	uint32_t student, session;
	long rank;
	int how;
	enum playlist_kind kind;
	size_t request;		/* index in rq, or SIZE_MAX when implicit */
	size_t node;		/* the student x slot node */
	size_t edge;
};

/* Everything groups_sessions works with. */
struct sched {
	struct groups *g;
	const struct curriculum *c;
	const struct playlist_student *st;
	size_t nst;
	const struct groups_session *se;
	size_t nse;
	uint32_t *sess_obj, *sess_slot;
	long *placed_in;		/* per session */
	struct placement *pl;
	size_t npl, cappl;
	size_t *first_pl;		/* per student */
	const char **slot_name;
};

static const char *
str_or_empty(const char *s)
{
	return s ? s : "";
}

/* The placement of student s in slot, or NULL. */
static const struct placement *
placed_at(const struct sched *x, uint32_t s, uint32_t slot)
{
	size_t k;

	for (k = x->first_pl[s]; k != SIZE_MAX; k = x->pl[k].next)
		if (x->sess_slot[x->pl[k].session] == slot)
			return &x->pl[k];
	return NULL;
}

static const struct placement *
placed_in_session(const struct sched *x, uint32_t s, uint32_t j)
{
	size_t k;

	for (k = x->first_pl[s]; k != SIZE_MAX; k = x->pl[k].next)
		if (x->pl[k].session == j)
			return &x->pl[k];
	return NULL;
}

static void
place(struct sched *x, uint32_t s, uint32_t j, long rank, int how,
    enum playlist_kind kind)
{
	struct placement *p;

	x->pl = xgrow(x->pl, &x->cappl, x->npl + 1, sizeof *x->pl);
	p = &x->pl[x->npl];
	p->student = s;
	p->session = j;
	p->rank = rank;
	p->how = how;
	p->kind = kind;
	p->next = x->first_pl[s];
	x->first_pl[s] = x->npl++;
	x->placed_in[j]++;
}

/* Sorts indices by the strings they name, then by index. */
struct by_name {
	const char *name;
	long rank;
	const char *name2;
	size_t index;
};

static int
cmp_by_name(const void *pa, const void *pb)
{
	const struct by_name *a = pa, *b = pb;
	int r = strcmp(a->name, b->name);

	if (r != 0)
		return r;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	r = strcmp(a->name2, b->name2);
	if (r != 0)
		return r;
	return a->index < b->index ? -1 : a->index > b->index;
}

static size_t *
sorted_by_name(size_t n, const char *(*name)(const void *, size_t),
    const void *arr)
{
	struct by_name *t = xmalloc((n ? n : 1) * sizeof *t);
	size_t *out = xmalloc((n ? n : 1) * sizeof *out), i;

	for (i = 0; i < n; i++) {
		t[i].name = name(arr, i);
		t[i].rank = 0;
		t[i].name2 = "";
		t[i].index = i;
	}
	qsort(t, n, sizeof *t, cmp_by_name);
	for (i = 0; i < n; i++)
		out[i] = t[i].index;
	free(t);
	return out;
}

static const char *
student_name(const void *arr, size_t i)
{
	return str_or_empty(((const struct playlist_student *)arr)[i].id);
}

static const char *
session_name(const void *arr, size_t i)
{
	return str_or_empty(((const struct groups_session *)arr)[i].id);
}

/* Checks ids and objectives; fills the per-session tables.  Returns 0 or
 * -1 with err set. */
static int
load_sessions(struct sched *x, struct intern *sid, struct intern *ses,
    struct intern *slots, struct pl_err *err)
{
	size_t i;

	for (i = 0; i < x->nst; i++) {
		const char *id = str_or_empty(x->st[i].id);

		if (intern_add(sid, id, strlen(id)) != i) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA,
			    "duplicate student \"%s\"", id);
			return -1;
		}
	}
	for (i = 0; i < x->nse; i++) {
		const struct groups_session *s = &x->se[i];
		const char *id = str_or_empty(s->id);
		const char *slot = str_or_empty(s->slot);
		long obj = curriculum_find(x->c, str_or_empty(
		    s->objective_id));

		if (intern_add(ses, id, strlen(id)) != i) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA,
			    "duplicate session \"%s\"", id);
			return -1;
		}
		if (obj < 0) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA, "session "
			    "\"%s\": unknown objective \"%s\"", id,
			    str_or_empty(s->objective_id));
			return -1;
		}
		if (s->capacity < 0) {
			pl_err_set(err, NULL, 0, PL_EXIT_DATA, "session "
			    "\"%s\": negative capacity %ld", id, s->capacity);
			return -1;
		}
		x->sess_obj[i] = (uint32_t)obj;
		x->sess_slot[i] = intern_add(slots, slot, strlen(slot));
	}
	return 0;
}

/* Places the teacher's assignments in the order given. */
static void
place_teacher(struct sched *x, const struct intern *sid,
    const struct intern *ses, const struct groups_assign *as, size_t nas)
{
	size_t i;

	for (i = 0; i < nas; i++) {
		const char *sn = str_or_empty(as[i].student_id);
		const char *jn = str_or_empty(as[i].session_id);
		uint32_t s = intern_find(sid, sn, strlen(sn));
		uint32_t j = intern_find(ses, jn, strlen(jn));
		const struct placement *p;

		if (s == UINT32_MAX) {
			add_unmet(x->g, GROUPS_UNMET_ASSIGN, as[i].student_id,
			    as[i].session_id, 0, "unknown student",
			    xasprintf("unknown student: \"%s\" is not in the "
			    "roster", sn));
			continue;
		}
		if (j == UINT32_MAX) {
			add_unmet(x->g, GROUPS_UNMET_ASSIGN, as[i].student_id,
			    as[i].session_id, 0, "unknown session",
			    xasprintf("unknown session: \"%s\" is not in the "
			    "sessions", jn));
			continue;
		}
		if (placed_in_session(x, s, j) != NULL) {
			add_unmet(x->g, GROUPS_UNMET_ASSIGN, as[i].student_id,
			    as[i].session_id, 0, "duplicate",
			    xasprintf("duplicate: %s is already assigned to "
			    "%s", sn, jn));
			continue;
		}
		p = placed_at(x, s, x->sess_slot[j]);
		if (p != NULL) {
			add_unmet(x->g, GROUPS_UNMET_ASSIGN, as[i].student_id,
			    as[i].session_id, 0, "slot clash",
			    xasprintf("slot clash: %s is already assigned to "
			    "%s at %s", sn, x->se[p->session].id,
			    x->slot_name[x->sess_slot[j]]));
			continue;
		}
		if (x->placed_in[j] >= x->se[j].capacity) {
			add_unmet(x->g, GROUPS_UNMET_ASSIGN, as[i].student_id,
			    as[i].session_id, 0, "over capacity",
			    xasprintf("over capacity: %s holds %ld and is "
			    "full", jn, x->se[j].capacity));
			continue;
		}
		place(x, s, j, 0, HOW_TEACHER, PLAYLIST_READY);
	}
}

static const char *
ordinal_choice(long rank, char *buf, size_t size)
{
	snprintf(buf, size, "choice %ld", rank);
	return buf;
}

/* The sentence for a placement's row. */
static char *
placement_reason(const struct sched *x, const struct placement *p)
{
	const struct playlist_student *s = &x->st[p->student];
	const char *oid = curriculum_objective(x->c,
	    x->sess_obj[p->session])->id;
	char pace[96], buf[32];

	say_pace(pace, sizeof pace, playlist_pacing_for(s,
	    curriculum_objective(x->c, x->sess_obj[p->session])->course));
	if (p->how == HOW_TEACHER)
		return xasprintf("assigned by the teacher%s", pace);
	if (p->how == HOW_REQUEST)
		return xasprintf("%s; %s %s%s", ordinal_choice(p->rank, buf,
		    sizeof buf), p->kind == PLAYLIST_REVIEW ? "reviewing" :
		    "ready for", oid, pace);
	if (p->rank == 1)
		return xasprintf("placed by need: %s is first on their list "
		    "(%s)%s", oid, playlist_kind_name(p->kind), pace);
	return xasprintf("placed by need: %s is number %ld on their list "
	    "(%s)%s", oid, p->rank, playlist_kind_name(p->kind), pace);
}

static int
cmp_row(const void *pa, const void *pb)
{
	const struct groups_row *a = pa, *b = pb;
	int r = strcmp(a->group_id, b->group_id);

	return r != 0 ? r : strcmp(a->student_id, b->student_id);
}

/*
 * Collects the requests the flow may place, in canonical order, and
 * reports the ones it may not.  Returns the candidates; *ncand gets their
 * number.
 */
static struct candidate *
collect_candidates(struct sched *x, const struct intern *sid,
    const struct intern *ses, const struct playlist_opts *po,
    const struct groups_request *rq, size_t nrq, size_t *ncand)
{
	size_t nobj = curriculum_count(x->c), i, k, nc = 0, capc = 0;
	struct by_name *t = xmalloc((nrq ? nrq : 1) * sizeof *t);
	uint32_t *rq_student = xmalloc((nrq ? nrq : 1) * sizeof *rq_student);
	size_t *rq_first = xcalloc(x->nst ? x->nst : 1, sizeof *rq_first);
	size_t *rq_next = xcalloc(nrq ? nrq : 1, sizeof *rq_next);
	size_t *st_order = sorted_by_name(x->nst, student_name, x->st);
	size_t *se_order = sorted_by_name(x->nse, session_name, x->se);
	struct playlist_need *needs = xmalloc((nobj ? nobj : 1) *
	    sizeof *needs);
	long *rank_of = xcalloc(nobj ? nobj : 1, sizeof *rank_of);
	enum playlist_kind *kind_of = xmalloc((nobj ? nobj : 1) *
	    sizeof *kind_of);
	size_t *seen = xcalloc(x->nse ? x->nse : 1, sizeof *seen);
	struct candidate *cand = NULL;

	for (i = 0; i < nrq; i++) {
		t[i].name = str_or_empty(rq[i].student_id);
		t[i].rank = rq[i].rank < 1 ? 1 : rq[i].rank;
		t[i].name2 = str_or_empty(rq[i].session_id);
		t[i].index = i;
	}
	qsort(t, nrq, sizeof *t, cmp_by_name);
	for (i = 0; i < x->nst; i++)
		rq_first[i] = SIZE_MAX;
	/* Chain each student's requests in canonical order (built backwards). */
	for (k = nrq; k-- > 0;) {
		uint32_t s = intern_find(sid, t[k].name, strlen(t[k].name));

		rq_student[t[k].index] = s;
		if (s == UINT32_MAX)
			continue;
		rq_next[t[k].index] = rq_first[s];
		rq_first[s] = t[k].index;
	}
	for (k = 0; k < nrq; k++)
		if (rq_student[t[k].index] == UINT32_MAX)
			add_unmet(x->g, GROUPS_UNMET_REQUEST,
			    rq[t[k].index].student_id,
			    rq[t[k].index].session_id, t[k].rank,
			    "unknown student", xasprintf("unknown student: "
			    "\"%s\" is in neither the roster nor the mastery",
			    t[k].name));
	for (i = 0; i < x->nst; i++) {
		uint32_t s = (uint32_t)st_order[i];
		const char *sn = str_or_empty(x->st[s].id);
		size_t nn = playlist_needs(x->c, &x->st[s], po, needs), q;

		for (q = 0; q < nn; q++) {
			rank_of[needs[q].objective] = (long)q + 1;
			kind_of[needs[q].objective] = needs[q].kind;
		}
		for (q = rq_first[s]; q != SIZE_MAX; q = rq_next[q]) {
			const char *jn = str_or_empty(rq[q].session_id);
			uint32_t j = intern_find(ses, jn, strlen(jn));
			long rank = rq[q].rank < 1 ? 1 : rq[q].rank;
			const struct placement *p;
			uint32_t obj;

			if (j == UINT32_MAX) {
				add_unmet(x->g, GROUPS_UNMET_REQUEST,
				    rq[q].student_id, rq[q].session_id, rank,
				    "unknown session", xasprintf("unknown "
				    "session: \"%s\" is not in the sessions",
				    jn));
				continue;
			}
			if (seen[j] == (size_t)s + 1) {
				add_unmet(x->g, GROUPS_UNMET_REQUEST,
				    rq[q].student_id, rq[q].session_id, rank,
				    "duplicate", xasprintf("duplicate: %s "
				    "already asked for %s", sn, jn));
				continue;
			}
			seen[j] = (size_t)s + 1;
			if (placed_in_session(x, s, j) != NULL)
				continue;
			obj = x->sess_obj[j];
			if (rank_of[obj] == 0) {
				add_unmet(x->g, GROUPS_UNMET_REQUEST,
				    rq[q].student_id, rq[q].session_id, rank,
				    "not ready", xasprintf("not ready: %s is "
				    "not an objective %s is ready for or "
				    "reviewing", curriculum_objective(x->c,
				    obj)->id, sn));
				continue;
			}
			p = placed_at(x, s, x->sess_slot[j]);
			if (p != NULL) {
				add_unmet(x->g, GROUPS_UNMET_REQUEST,
				    rq[q].student_id, rq[q].session_id, rank,
				    "slot clash", xasprintf("slot clash: the "
				    "teacher assigned %s to %s at %s", sn,
				    x->se[p->session].id,
				    x->slot_name[x->sess_slot[j]]));
				continue;
			}
			cand = xgrow(cand, &capc, nc + 1, sizeof *cand);
			cand[nc].student = s;
			cand[nc].session = j;
			cand[nc].rank = rank;
			cand[nc].how = HOW_REQUEST;
			cand[nc].kind = kind_of[obj];
			cand[nc].request = q;
			nc++;
		}
		/* No request at all: one implicit request per session on
		 * an objective they need, unless the teacher placed them. */
		if (rq_first[s] == SIZE_MAX && x->first_pl[s] == SIZE_MAX)
			for (q = 0; q < x->nse; q++) {
				uint32_t j = (uint32_t)se_order[q];
				uint32_t obj = x->sess_obj[j];

				if (rank_of[obj] == 0)
					continue;
				cand = xgrow(cand, &capc, nc + 1,
				    sizeof *cand);
				cand[nc].student = s;
				cand[nc].session = j;
				cand[nc].rank = rank_of[obj];
				cand[nc].how = HOW_NEED;
				cand[nc].kind = kind_of[obj];
				cand[nc].request = SIZE_MAX;
				nc++;
			}
		for (q = 0; q < nn; q++)
			rank_of[needs[q].objective] = 0;
	}
	free(t);
	free(rq_student);
	free(rq_first);
	free(rq_next);
	free(st_order);
	free(se_order);
	free(needs);
	free(rank_of);
	free(kind_of);
	free(seen);
	*ncand = nc;
	return cand;
}

/* Student s's pacing status in the course of session j. */
static enum playlist_pace
pace_for(const struct sched *x, uint32_t s, uint32_t j)
{
	const struct playlist_pacing *p = playlist_pacing_for(&x->st[s],
	    curriculum_objective(x->c, x->sess_obj[j])->course);

	return p ? p->status : PLAYLIST_PACE_UNKNOWN;
}

/* Builds and solves the flow network; places what it chose. */
static void
run_flow(struct sched *x, struct candidate *cand, size_t nc)
{
	size_t nnodes = 2 + x->nst + x->nse + nc, next = 2 + x->nst + x->nse;
	size_t i, nslotnodes = 0, ns;
	struct mcf *m = mcf_new(nnodes);
	size_t *rank_st = xmalloc((x->nst ? x->nst : 1) * sizeof *rank_st);
	size_t *rank_se = xmalloc((x->nse ? x->nse : 1) * sizeof *rank_se);
	size_t *st_order = sorted_by_name(x->nst, student_name, x->st);
	size_t *se_order = sorted_by_name(x->nse, session_name, x->se);
	size_t *sink_edge = xmalloc((x->nse ? x->nse : 1) * sizeof *sink_edge);
	int64_t big;

	/* Nodes are numbered in canonical (id) order, so that Dijkstra's
	 * ties do not depend on the order of the input rows. */
	for (i = 0; i < x->nst; i++)
		rank_st[st_order[i]] = i;
	for (i = 0; i < x->nse; i++)
		rank_se[se_order[i]] = i;
	/* Student x slot nodes, in candidate (canonical) order. */
	for (i = 0; i < nc; i++) {
		size_t k;

		cand[i].node = SIZE_MAX;
		for (k = i; k-- > 0 && cand[k].student == cand[i].student;)
			if (x->sess_slot[cand[k].session] ==
			    x->sess_slot[cand[i].session]) {
				cand[i].node = cand[k].node;
				break;
			}
		if (cand[i].node == SIZE_MAX) {
			cand[i].node = next++;
			nslotnodes++;
		}
	}
	big = 1 + 50 * (int64_t)nslotnodes;
	for (i = 0; i < nc; i = ns) {
		size_t stnode = 2 + rank_st[cand[i].student], k, slots = 0;
		int64_t score;

		for (ns = i; ns < nc && cand[ns].student == cand[i].student;
		    ns++) {
			int fresh = 1;

			for (k = i; k < ns; k++)
				if (cand[k].node == cand[ns].node)
					fresh = 0;
			slots += (size_t)fresh;
		}
		mcf_add_edge(m, 0, stnode, cand[i].how == HOW_NEED ? 1 :
		    (int64_t)slots, 0);
		for (k = i; k < ns; k++) {
			size_t q;
			int fresh = 1;

			for (q = i; q < k; q++)
				if (cand[q].node == cand[k].node)
					fresh = 0;
			if (fresh)
				mcf_add_edge(m, stnode, cand[k].node, 1, 0);
			score = groups_request_score(pace_for(x,
			    cand[k].student, cand[k].session), cand[k].rank);
			/* A placement by need only fills a place no request
			 * wants: it is worth less than any request. */
			cand[k].edge = mcf_add_edge(m, cand[k].node, 2 +
			    x->nst + rank_se[cand[k].session], 1,
			    cand[k].how == HOW_NEED ? -(1 + score) :
			    -(big + score));
		}
	}
	for (i = 0; i < x->nse; i++) {
		size_t j = se_order[i];

		sink_edge[j] = mcf_add_edge(m, 2 + x->nst + i, 1,
		    x->se[j].capacity - x->placed_in[j], 0);
	}
	mcf_solve(m, 0, 1, INT64_MAX, 1, NULL);
	for (i = 0; i < nc; i++) {
		if (mcf_flow(m, cand[i].edge) == 0)
			continue;
		place(x, cand[i].student, cand[i].session, cand[i].rank,
		    cand[i].how, cand[i].kind);
		if (cand[i].how == HOW_NEED) {
			x->g->placed_by_need++;
			continue;
		}
		x->g->placed_requests++;
		x->g->placed_score += groups_request_score(pace_for(x,
		    cand[i].student, cand[i].session), cand[i].rank);
	}
	mcf_free(m);
	free(rank_st);
	free(rank_se);
	free(st_order);
	free(se_order);
	free(sink_edge);
}

/* Explains each explicit request the flow left out. */
static void
explain_unplaced(struct sched *x, const struct candidate *cand, size_t nc,
    const struct groups_request *rq)
{
	size_t i;
	char buf[32];

	for (i = 0; i < nc; i++) {
		const struct candidate *k = &cand[i];
		const struct groups_request *r;
		const struct placement *p;
		const char *sn = str_or_empty(x->st[k->student].id);
		const char *jn = str_or_empty(x->se[k->session].id);
		int full;

		if (k->how != HOW_REQUEST ||
		    placed_in_session(x, k->student, k->session) != NULL)
			continue;
		r = &rq[k->request];
		p = placed_at(x, k->student, x->sess_slot[k->session]);
		full = x->placed_in[k->session] >= x->se[k->session].capacity;
		/* Placed elsewhere at that time because this one was full:
		 * say full; placed in something they preferred: say clash. */
		if (p != NULL && !(full && p->how != HOW_TEACHER &&
		    p->rank > k->rank))
			add_unmet(x->g, GROUPS_UNMET_REQUEST, r->student_id,
			    r->session_id, k->rank, "slot clash",
			    xasprintf("slot clash: %s is placed in %s (%s) at "
			    "%s", sn, x->se[p->session].id, p->how ==
			    HOW_TEACHER ? "by the teacher" : ordinal_choice(
			    p->rank, buf, sizeof buf),
			    x->slot_name[x->sess_slot[k->session]]));
		else if (full)
			add_unmet(x->g, GROUPS_UNMET_REQUEST, r->student_id,
			    r->session_id, k->rank, "full", xasprintf("full: "
			    "all %ld places in %s are taken",
			    x->se[k->session].capacity, jn));
		else
			add_unmet(x->g, GROUPS_UNMET_REQUEST, r->student_id,
			    r->session_id, k->rank, "not chosen",
			    xasprintf("not chosen: %s has room, but %s was "
			    "not placed", jn, sn));
	}
}

int
groups_sessions(struct groups *g, const struct curriculum *c,
    const struct playlist_student *st, size_t nst,
    const struct playlist_opts *po,
    const struct groups_session *se, size_t nse,
    const struct groups_request *rq, size_t nrq,
    const struct groups_assign *as, size_t nas, struct pl_err *err)
{
	struct sched x;
	struct intern *sid = intern_new(), *ses = intern_new();
	struct intern *slots = intern_new();
	struct candidate *cand = NULL;
	size_t nc = 0, i, first_row = g->n;
	int rc = -1;

	memset(&x, 0, sizeof x);
	x.g = g;
	x.c = c;
	x.st = st;
	x.nst = nst;
	x.se = se;
	x.nse = nse;
	x.sess_obj = xmalloc((nse ? nse : 1) * sizeof *x.sess_obj);
	x.sess_slot = xmalloc((nse ? nse : 1) * sizeof *x.sess_slot);
	x.placed_in = xcalloc(nse ? nse : 1, sizeof *x.placed_in);
	x.first_pl = xmalloc((nst ? nst : 1) * sizeof *x.first_pl);
	for (i = 0; i < nst; i++)
		x.first_pl[i] = SIZE_MAX;
	if (load_sessions(&x, sid, ses, slots, err) < 0)
		goto out;
	x.slot_name = xmalloc((intern_count(slots) + 1) *
	    sizeof *x.slot_name);
	for (i = 0; i < intern_count(slots); i++)
		x.slot_name[i] = intern_str(slots, (uint32_t)i);
	place_teacher(&x, sid, ses, as, nas);
	cand = collect_candidates(&x, sid, ses, po, rq, nrq, &nc);
	run_flow(&x, cand, nc);
	explain_unplaced(&x, cand, nc, rq);
	for (i = 0; i < x.npl; i++) {
		const struct placement *p = &x.pl[i];
		const struct groups_session *s = &se[p->session];

		add_row(g, xstrdup(str_or_empty(s->id)), st[p->student].id,
		    curriculum_objective(c, x.sess_obj[p->session])->id,
		    str_or_empty(s->slot), s->teacher,
		    placement_reason(&x, p));
	}
	if (g->n > first_row)
		qsort(g->rows + first_row, g->n - first_row, sizeof *g->rows,
		    cmp_row);
	rc = 0;
out:
	free(cand);
	free(x.sess_obj);
	free(x.sess_slot);
	free(x.placed_in);
	free(x.first_pl);
	free(x.pl);
	free(x.slot_name);
	intern_free(sid);
	intern_free(ses);
	intern_free(slots);
	return rc;
}
