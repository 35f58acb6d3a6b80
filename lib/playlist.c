/*
 * playlist.c - next items per student: classifies each objective as
 * review, ready or neither from the student's mastery and the
 * prerequisite graph, orders them, picks activities for each by phase,
 * preference and variety, and cuts the list at the time budget and the
 * item count.  Every row gets a reason a family can read.  The rules are
 * spelt out in playlist.h.
 */
#include "playlist.h"
#include "date.h"
#include "num.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct playlist_catalog {
	const struct playlist_activity *act;	/* borrowed */
	size_t *start;				/* ncurr + 1 offsets */
	uint32_t *idx;				/* activity indices */
	size_t unknown;
};

static const char *const phase_names[] = {
	"foundation", "practice", "assessment", "exploration"
};
static const char *const kind_names[] = { "review", "ready", "stretch" };
static const char *const pace_names[] = {
	"", "ahead", "on_track", "behind", "intervene"
};

const char *
playlist_phase_name(enum playlist_phase p)
{
	return phase_names[p];
}

int
playlist_phase_parse(const char *s, enum playlist_phase *out)
{
	size_t i;

	if (s == NULL || *s == '\0') {
		*out = PLAYLIST_PRACTICE;
		return 0;
	}
	for (i = 0; i < sizeof phase_names / sizeof phase_names[0]; i++)
		if (util_strcaseeq(s, phase_names[i])) {
			*out = (enum playlist_phase)i;
			return 0;
		}
	return -1;
}

const char *
playlist_kind_name(enum playlist_kind k)
{
	return kind_names[k];
}

const char *
playlist_pace_name(enum playlist_pace p)
{
	return pace_names[p];
}

int
playlist_pace_parse(const char *s, enum playlist_pace *out)
{
	size_t i;

	if (s == NULL || *s == '\0') {
		*out = PLAYLIST_PACE_UNKNOWN;
		return 0;
	}
	for (i = 1; i < sizeof pace_names / sizeof pace_names[0]; i++)
		if (util_strcaseeq(s, pace_names[i])) {
			*out = (enum playlist_pace)i;
			return 0;
		}
	return -1;
}

void
playlist_opts_init(struct playlist_opts *o)
{
	memset(o, 0, sizeof *o);
	o->as_of = DATE_NONE;
	o->recent_days = 10;
	o->review_level = "developing";
}

const struct playlist_pacing *
playlist_pacing_for(const struct playlist_student *s, const char *course)
{
	const struct playlist_pacing *any = NULL;
	size_t i;

	for (i = 0; i < s->npacing; i++) {
		const char *pc = s->pacing[i].course;

		if (pc == NULL || *pc == '\0') {
			if (any == NULL)
				any = &s->pacing[i];
		} else if (course != NULL && strcmp(pc, course) == 0) {
			return &s->pacing[i];
		}
	}
	return any;
}

static enum playlist_pace
pace_in(const struct playlist_student *s, const char *course, long *days)
{
	const struct playlist_pacing *p = playlist_pacing_for(s, course);

	if (days != NULL)
		*days = p ? p->days_ahead : 0;
	return p ? p->status : PLAYLIST_PACE_UNKNOWN;
}

static const struct playlist_mastery *
mastery_of(const struct playlist_student *s, size_t i)
{
	if (s->mastery == NULL || !s->mastery[i].has_evidence)
		return NULL;
	return &s->mastery[i];
}

static int
is_mastered(const struct playlist_student *s, size_t i)
{
	const struct playlist_mastery *m = mastery_of(s, i);

	return m != NULL && m->mastered;
}

/* Review, ready, or -1 for an objective the student needs nothing on. */
static int
classify(const struct curriculum *c, const struct playlist_student *s,
    const struct playlist_opts *o, size_t i)
{
	const struct playlist_mastery *m = mastery_of(s, i);
	const uint32_t *pre;
	size_t np, j;

	if (m != NULL && m->mastered)
		return -1;
	if (m != NULL && m->mastered_on != DATE_NONE)
		return PLAYLIST_REVIEW;
	if (m != NULL && m->level != NULL && o->review_level != NULL &&
	    util_strcaseeq(m->level, o->review_level) &&
	    m->last_date != DATE_NONE && o->as_of != DATE_NONE &&
	    (long)o->as_of - (long)m->last_date <= o->recent_days)
		return PLAYLIST_REVIEW;
	pre = curriculum_prereqs(c, i, &np);
	for (j = 0; j < np; j++)
		if (!is_mastered(s, pre[j]))
			return -1;
	return PLAYLIST_READY;
}

/* The context of a sort of needs. */
struct need_key {
	enum playlist_kind kind;
	int ess_late;		/* behind in its course and not essential */
	int32_t due;
	int essential;
	uint32_t index;
};

static int
cmp_need_key(const void *pa, const void *pb)
{
	const struct need_key *a = pa, *b = pb;
	int64_t da = a->due == DATE_NONE ? INT64_MAX : a->due;
	int64_t db = b->due == DATE_NONE ? INT64_MAX : b->due;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->ess_late != b->ess_late)
		return a->ess_late - b->ess_late;
	if (da != db)
		return da < db ? -1 : 1;
	if (a->essential != b->essential)
		return b->essential - a->essential;
	/* Pacing-guide positions are unique, so ids never need comparing. */
	return a->index < b->index ? -1 : a->index > b->index;
}

size_t
playlist_needs(const struct curriculum *c, const struct playlist_student *s,
    const struct playlist_opts *o, struct playlist_need *out)
{
	size_t n = curriculum_count(c), i, k = 0;
	struct need_key *keys = xmalloc((n ? n : 1) * sizeof *keys);

	for (i = 0; i < n; i++) {
		const struct curriculum_objective *ob = curriculum_objective(c,
		    i);
		int kind = classify(c, s, o, i);
		enum playlist_pace pace;

		if (kind < 0)
			continue;
		pace = pace_in(s, ob->course, NULL);
		keys[k].kind = (enum playlist_kind)kind;
		keys[k].ess_late = (pace == PLAYLIST_PACE_BEHIND ||
		    pace == PLAYLIST_PACE_INTERVENE) && !ob->essential;
		keys[k].due = ob->due;
		keys[k].essential = ob->essential != 0;
		keys[k].index = (uint32_t)i;
		k++;
	}
	qsort(keys, k, sizeof *keys, cmp_need_key);
	for (i = 0; i < k; i++) {
		out[i].objective = keys[i].index;
		out[i].kind = keys[i].kind;
	}
	free(keys);
	return k;
}

/* An activity's id and index, sorted by id, then index. */
struct by_id {
	const char *id;
	uint32_t index;
};

static int
cmp_by_id(const void *pa, const void *pb)
{
	const struct by_id *a = pa, *b = pb;
	int r = strcmp(a->id, b->id);

	if (r != 0)
		return r;
	return a->index < b->index ? -1 : a->index > b->index;
}

struct playlist_catalog *
playlist_catalog_new(const struct curriculum *c,
    const struct playlist_activity *a, size_t n)
{
	struct playlist_catalog *cat = xcalloc(1, sizeof *cat);
	size_t no = curriculum_count(c), i;
	long *obj = xmalloc((n ? n : 1) * sizeof *obj);
	size_t *fill = xmalloc((no + 1) * sizeof *fill);

	cat->act = a;
	cat->start = xcalloc(no + 1, sizeof *cat->start);
	cat->idx = xmalloc((n ? n : 1) * sizeof *cat->idx);
	for (i = 0; i < n; i++) {
		obj[i] = a[i].objective_id ? curriculum_find(c,
		    a[i].objective_id) : -1;
		if (obj[i] < 0)
			cat->unknown++;
		else
			cat->start[obj[i] + 1]++;
	}
	for (i = 0; i < no; i++)
		cat->start[i + 1] += cat->start[i];
	memcpy(fill, cat->start, (no + 1) * sizeof *fill);
	for (i = 0; i < n; i++)
		if (obj[i] >= 0)
			cat->idx[fill[obj[i]]++] = (uint32_t)i;
	for (i = 0; i < no; i++) {
		size_t lo = cat->start[i], k = cat->start[i + 1] - lo, j;
		struct by_id *tmp = xmalloc((k ? k : 1) * sizeof *tmp);

		for (j = 0; j < k; j++) {
			tmp[j].id = a[cat->idx[lo + j]].id ?
			    a[cat->idx[lo + j]].id : "";
			tmp[j].index = cat->idx[lo + j];
		}
		qsort(tmp, k, sizeof *tmp, cmp_by_id);
		for (j = 0; j < k; j++)
			cat->idx[lo + j] = tmp[j].index;
		free(tmp);
	}
	free(obj);
	free(fill);
	return cat;
}

void
playlist_catalog_free(struct playlist_catalog *cat)
{
	if (cat == NULL)
		return;
	free(cat->start);
	free(cat->idx);
	free(cat);
}

size_t
playlist_catalog_unknown(const struct playlist_catalog *cat)
{
	return cat->unknown;
}

struct playlist *
playlist_new(void)
{
	return xcalloc(1, sizeof(struct playlist));
}

void
playlist_free(struct playlist *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		free(p->rows[i].reason);
	free(p->rows);
	free(p);
}

char *
playlist_say_date(int32_t day, int32_t as_of, char *buf)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int y, m, d, ay = 0, am, ad;
	char *o = buf;

	date_to_ymd(day, &y, &m, &d);
	if (as_of != DATE_NONE)
		date_to_ymd(as_of, &ay, &am, &ad);
	/* "Oct 2", or "Oct 2, 2025" in another year than as_of's: at most
	 * 3 + 1 + 2 + 2 + 4 bytes, as the buffer's 16 allow. */
	memcpy(o, mon[m - 1], 3);
	o[3] = ' ';
	o = num_put_long(o + 4, d);
	if (as_of == DATE_NONE || ay != y) {
		*o++ = ',';
		*o++ = ' ';
		o = num_put_long(o, y);
	}
	*o = '\0';
	return buf;
}

/* A growing string for reasons. */
struct sbuf {
	char *s;
	size_t n, cap;
};

/* A reason's first allocation: most are 80 to 140 bytes, which growing
 * from xgrow's 16 took four reallocations to hold. */
#define SB_FIRST 192

/* Room for n more bytes and a NUL in b. */
static char *
sb_room(struct sbuf *b, size_t n)
{
	if (b->cap - b->n < n + 1)
		b->s = xgrow(b->s, &b->cap, b->n + n + 1 > SB_FIRST ?
		    b->n + n + 1 : SB_FIRST, 1);
	return b->s + b->n;
}

static void
sb_put(struct sbuf *b, const char *s, size_t n)
{
	memcpy(sb_room(b, n), s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/*
 * Appends to b, formatted: text with %s, %d, %ld, %zu and %% only, which
 * are all a reason needs, written directly (vsnprintf's general machinery
 * was a quarter of pl-plan's time).  Any other conversion, a mistake, is
 * copied as text with the rest of the format, reading no more arguments.
 */
static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	const char *f = fmt, *pct;
	char num[24];

	va_start(ap, fmt);
	while ((pct = strchr(f, '%')) != NULL) {
		sb_put(b, f, (size_t)(pct - f));
		f = pct + 1;
		if (*f == 's') {
			const char *a = va_arg(ap, const char *);

			sb_put(b, a, strlen(a));
			f++;
		} else if (*f == 'd') {
			sb_put(b, num, (size_t)(num_put_long(num, va_arg(ap, int)) -
			    num));
			f++;
		} else if (f[0] == 'l' && f[1] == 'd') {
			sb_put(b, num, (size_t)(num_put_long(num, va_arg(ap,
			    long)) - num));
			f += 2;
		} else if (f[0] == 'z' && f[1] == 'u') {
			sb_put(b, num, (size_t)(num_put_unsigned(num, va_arg(ap,
			    size_t)) - num));
			f += 2;
		} else if (*f == '%') {
			sb_put(b, "%", 1);
			f++;
		} else {
			f = pct;
			break;
		}
	}
	sb_put(b, f, strlen(f));
	va_end(ap);
}

static const char *
plural_days(long d)
{
	return d == 1 || d == -1 ? "day" : "days";
}

static int
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; i < n; i++)
		if (list[i] != NULL && util_strcaseeq(s, list[i]))
			return 1;
	return 0;
}

/* The first of the activity's tags that is one of the student's
 * interests, or NULL. */
static const char *
matching_interest(const struct playlist_activity *a,
    const struct playlist_student *s)
{
	size_t i;

	for (i = 0; i < a->ntags; i++)
		if (in_list(a->tags[i], s->interests, s->ninterests))
			return a->tags[i];
	return NULL;
}

static int
match_count(const struct playlist_activity *a,
    const struct playlist_student *s)
{
	return in_list(a->modality, s->modalities, s->nmodalities) +
	    (matching_interest(a, s) != NULL);
}

/* The state of one student's plan as rows are added. */
struct plan {
	struct playlist *p;
	const struct curriculum *c;
	const struct playlist_student *s;
	const struct playlist_opts *o;
	long seq, minutes;
	int full;
};

/* Adds a row unless the budget is spent; takes ownership of reason. */
static void
add_row(struct plan *pl, uint32_t obj, const struct playlist_activity *a,
    enum playlist_kind kind, char *reason)
{
	const struct curriculum_objective *ob = curriculum_objective(pl->c,
	    obj);
	long m = a ? a->minutes : ob->est_minutes;
	struct playlist_row *r;

	if (m < 0)
		m = 0;
	if (!pl->full && pl->o->max_items > 0 && pl->seq >= pl->o->max_items)
		pl->full = 1;
	if (!pl->full && pl->o->minutes > 0 && pl->seq > 0 &&
	    pl->minutes + m > pl->o->minutes)
		pl->full = 1;
	if (pl->full) {
		free(reason);
		return;
	}
	pl->p->rows = xgrow(pl->p->rows, &pl->p->cap, pl->p->n + 1,
	    sizeof *pl->p->rows);
	r = &pl->p->rows[pl->p->n++];
	r->student_id = pl->s->id;
	r->seq = ++pl->seq;
	r->objective = obj;
	r->objective_id = ob->id;
	r->activity_id = a ? a->id : NULL;
	r->title = a ? a->title : ob->title;
	r->modality = a ? a->modality : NULL;
	r->minutes = m;
	r->phase = a ? playlist_phase_name(a->phase) : NULL;
	r->kind = kind;
	r->due = ob->due;
	r->reason = reason;
	pl->minutes += m;
}

/* "ready: prerequisites A and B mastered" and the like. */
static void
say_prereqs(struct sbuf *b, const struct curriculum *c, size_t obj)
{
	size_t np, j;
	const uint32_t *pre = curriculum_prereqs(c, obj, &np);

	if (np == 0) {
		sb_printf(b, "no prerequisites");
		return;
	}
	if (np > 3) {
		sb_printf(b, "all %zu prerequisites mastered", np);
		return;
	}
	sb_printf(b, "prerequisite%s ", np > 1 ? "s" : "");
	for (j = 0; j < np; j++)
		sb_printf(b, "%s%s", j == 0 ? "" : j + 1 == np ? " and " :
		    ", ", curriculum_objective(c, pre[j])->id);
	sb_printf(b, " mastered");
}

/* The part of a reason that says why the objective is on the list. */
static void
say_objective(struct sbuf *b, const struct plan *pl, size_t obj,
    enum playlist_kind kind)
{
	const struct curriculum_objective *ob = curriculum_objective(pl->c,
	    obj);
	const struct playlist_mastery *m = mastery_of(pl->s, obj);
	char d1[16];
	long days;
	enum playlist_pace pace = pace_in(pl->s, ob->course, &days);

	sb_printf(b, "%s: ", playlist_kind_name(kind));
	if (kind == PLAYLIST_READY) {
		say_prereqs(b, pl->c, obj);
	} else if (m->mastered_on != DATE_NONE) {
		sb_printf(b, "mastered on %s but the latest score fell ",
		    playlist_say_date(m->mastered_on, pl->o->as_of, d1));
		if (m->level != NULL && *m->level != '\0')
			sb_printf(b, "to %s", m->level);
		else
			sb_printf(b, "below mastery");
	} else {
		sb_printf(b, "still %s after work on %s", m->level,
		    playlist_say_date(m->last_date, pl->o->as_of, d1));
	}
	if (ob->due != DATE_NONE)
		sb_printf(b, "; %s %s", pl->o->as_of != DATE_NONE &&
		    ob->due < pl->o->as_of ? "overdue since" : "due",
		    playlist_say_date(ob->due, pl->o->as_of, d1));
	if (ob->essential)
		sb_printf(b, "; essential");
	if ((pace == PLAYLIST_PACE_BEHIND ||
	    pace == PLAYLIST_PACE_INTERVENE) && days < 0)
		sb_printf(b, "; behind pace by %ld %s, so essentials come "
		    "first", -days, plural_days(days));
	else if (pace == PLAYLIST_PACE_BEHIND ||
	    pace == PLAYLIST_PACE_INTERVENE)
		sb_printf(b, "; behind pace, so essentials come first");
}

/* The part of a reason that says why this activity. */
static void
say_activity(struct sbuf *b, const struct playlist_activity *a,
    const struct playlist_student *s)
{
	const char *interest = matching_interest(a, s);
	int modality = in_list(a->modality, s->modalities, s->nmodalities);

	if (a->essential)
		sb_printf(b, "; essential activity");
	if (interest != NULL && modality)
		sb_printf(b, "; matches interest in %s and preferred "
		    "modality %s", interest, a->modality);
	else if (interest != NULL)
		sb_printf(b, "; matches interest in %s", interest);
	else if (modality)
		sb_printf(b, "; matches preferred modality %s", a->modality);
}

static int
has_modality(const char *m, const char *const *used, size_t n)
{
	return m != NULL && *m != '\0' && in_list(m, used, n);
}

/* Listing order of chosen activities: phase, then essential first. */
static int
cmp_chosen(const struct playlist_activity *x,
    const struct playlist_activity *y)
{
	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	if (x->essential != y->essential)
		return y->essential ? 1 : -1;
	return 0;
}

/*
 * Picks the activities of objective obj for a review or ready row into
 * out (in catalog order first, then sorted for listing); returns how many.
 */
static size_t
pick_activities(const struct playlist_catalog *cat, size_t obj,
    const struct playlist_student *s, uint32_t *out)
{
	const struct playlist_activity *act = cat->act;
	size_t lo = cat->start[obj], hi = cat->start[obj + 1], i, k = 0;
	const char **used = xmalloc((hi - lo + 1) * sizeof *used);
	size_t nused = 0;
	int covered[PLAYLIST_EXPLORATION] = { 0 };
	int ph;

	for (i = lo; i < hi; i++) {
		const struct playlist_activity *a = &act[cat->idx[i]];

		if (a->phase == PLAYLIST_EXPLORATION || !a->essential)
			continue;
		out[k++] = cat->idx[i];
		covered[a->phase] = 1;
		if (a->modality != NULL && *a->modality != '\0')
			used[nused++] = a->modality;
	}
	for (ph = 0; ph < PLAYLIST_EXPLORATION; ph++) {
		long best = -1;
		int bmatch = 0, bnew = 0;

		if (covered[ph])
			continue;
		for (i = lo; i < hi; i++) {
			const struct playlist_activity *a = &act[cat->idx[i]];
			int mt, nw;

			if ((int)a->phase != ph || a->essential)
				continue;
			mt = match_count(a, s);
			nw = a->modality != NULL && *a->modality != '\0' &&
			    !has_modality(a->modality, used, nused);
			/* Catalog order is by id, so earlier wins ties. */
			if (best < 0 || mt > bmatch || (mt == bmatch &&
			    (nw > bnew || (nw == bnew && a->minutes <
			    act[best].minutes)))) {
				best = cat->idx[i];
				bmatch = mt;
				bnew = nw;
			}
		}
		if (best < 0)
			continue;
		out[k++] = (uint32_t)best;
		if (act[best].modality != NULL && *act[best].modality != '\0')
			used[nused++] = act[best].modality;
	}
	free(used);
	/* A stable insertion sort: equal keys keep catalog (id) order. */
	for (i = 1; i < k; i++) {
		uint32_t x = out[i];
		size_t j = i;

		while (j > 0 && cmp_chosen(&act[out[j - 1]], &act[x]) > 0) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = x;
	}
	return k;
}

/* Rows for one review or ready objective. */
static void
plan_objective(struct plan *pl, const struct playlist_catalog *cat,
    uint32_t obj, enum playlist_kind kind, uint32_t *buf)
{
	size_t k = pick_activities(cat, obj, pl->s, buf), i;
	struct sbuf b = { 0 };

	if (k == 0) {
		say_objective(&b, pl, obj, kind);
		sb_printf(&b, "; no activity for this objective in the "
		    "library yet");
		add_row(pl, obj, NULL, kind, b.s);
		return;
	}
	for (i = 0; i < k && !pl->full; i++) {
		const struct playlist_activity *a = &cat->act[buf[i]];

		b.s = NULL;
		b.n = b.cap = 0;
		say_objective(&b, pl, obj, kind);
		say_activity(&b, a, pl->s);
		add_row(pl, obj, a, kind, b.s);
	}
}

/* Exploration rows for one objective of a student ahead of pace. */
static void
plan_stretch(struct plan *pl, const struct playlist_catalog *cat,
    uint32_t obj, uint32_t *buf)
{
	const struct curriculum_objective *ob = curriculum_objective(pl->c,
	    obj);
	const struct playlist_mastery *m = mastery_of(pl->s, obj);
	size_t lo = cat->start[obj], hi = cat->start[obj + 1], i, j, k = 0;
	long days;
	char d1[16];

	if (pace_in(pl->s, ob->course, &days) != PLAYLIST_PACE_AHEAD)
		return;
	for (i = lo; i < hi; i++)
		if (cat->act[cat->idx[i]].phase == PLAYLIST_EXPLORATION)
			buf[k++] = cat->idx[i];
	/* Most matches first; catalog (id) order otherwise. */
	for (i = 1; i < k; i++) {
		uint32_t x = buf[i];
		int mx = match_count(&cat->act[x], pl->s);

		for (j = i; j > 0 && match_count(&cat->act[buf[j - 1]],
		    pl->s) < mx; j--)
			buf[j] = buf[j - 1];
		buf[j] = x;
	}
	for (i = 0; i < k && !pl->full; i++) {
		const struct playlist_activity *a = &cat->act[buf[i]];
		struct sbuf b = { 0 };

		if (days > 0)
			sb_printf(&b, "stretch: ahead of pace by %ld %s", days,
			    plural_days(days));
		else
			sb_printf(&b, "stretch: ahead of pace");
		if (m != NULL && m->mastered && m->mastered_on != DATE_NONE)
			sb_printf(&b, "; goes further with %s, mastered on %s",
			    ob->id, playlist_say_date(m->mastered_on,
			    pl->o->as_of, d1));
		else if (m != NULL && m->mastered)
			sb_printf(&b, "; goes further with %s, mastered",
			    ob->id);
		else
			sb_printf(&b, "; explores %s, which is next", ob->id);
		say_activity(&b, a, pl->s);
		add_row(pl, obj, a, PLAYLIST_STRETCH, b.s);
	}
}

size_t
playlist_build(struct playlist *p, const struct curriculum *c,
    const struct playlist_catalog *cat, const struct playlist_student *s,
    const struct playlist_opts *o)
{
	size_t n = curriculum_count(c), i, nn, before = p->n;
	struct playlist_need *needs = xmalloc((n ? n : 1) * sizeof *needs);
	uint32_t *buf;
	size_t maxact = 1;
	struct plan pl = { p, c, s, o, 0, 0, 0 };

	for (i = 0; i < n; i++)
		if (cat->start[i + 1] - cat->start[i] > maxact)
			maxact = cat->start[i + 1] - cat->start[i];
	buf = xmalloc(maxact * sizeof *buf);
	nn = playlist_needs(c, s, o, needs);
	for (i = 0; i < nn && !pl.full; i++)
		plan_objective(&pl, cat, needs[i].objective, needs[i].kind,
		    buf);
	for (i = 0; i < nn && !pl.full; i++)
		if (needs[i].kind == PLAYLIST_READY)
			plan_stretch(&pl, cat, needs[i].objective, buf);
	for (i = 0; i < n && !pl.full; i++)
		if (is_mastered(s, i))
			plan_stretch(&pl, cat, (uint32_t)i, buf);
	free(needs);
	free(buf);
	return p->n - before;
}
