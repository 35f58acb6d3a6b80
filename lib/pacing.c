/*
 * pacing.c - the pacing view of one student in one course: mastered against
 * expected, days ahead or behind the pacing guide, trailing velocity, the
 * pace needed, a projected finish and a status (DESIGN section 5).  Every
 * day count is in instructional days from the calendar module.  The exact
 * definitions are at the top of pacing.h.
 */
#include "pacing.h"

#include <stdlib.h>

#include "date.h"

/* Spacing used for the default start when the due dates give none. */
#define DEFAULT_GAP 5L

void
pacing_options_default(struct pacing_options *o)
{
	o->window = 15;
	o->tolerance = 2;
	o->intervene_after = 5;
	o->credit_k = 0;
	o->credit_n = 0;
}

const char *
pacing_credit_parse(const char *s, struct pacing_options *o)
{
	const char *ns;
	char *end;
	long k = strtol(s, &end, 10), n;

	if (end == s || *end != '/')
		return "expected K/N, e.g. 7/10";
	ns = end + 1;
	n = strtol(ns, &end, 10);
	if (end == ns || *end != '\0')
		return "expected K/N, e.g. 7/10";
	if (k < 1 || n < k || n > 1000)
		return "expected K/N with 1 <= K <= N <= 1000, e.g. 7/10";
	o->credit_k = k;
	o->credit_n = n;
	return NULL;
}

const char *
pacing_status_name(enum pacing_status s)
{
	switch (s) {
	case PACING_AHEAD:
		return "ahead";
	case PACING_ON_TRACK:
		return "on_track";
	case PACING_BEHIND:
		return "behind";
	case PACING_INTERVENE:
		return "intervene";
	}
	return "unknown";
}

static int
cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

struct pacing_course *
pacing_course_new(const struct calendar *cal, const int32_t *due, size_t n,
    int32_t start, int32_t end, struct pl_err *err)
{
	struct pacing_course *c;
	int32_t next;
	size_t i;
	int any = 0;

	if (n == 0) {
		pl_err_set(err, NULL, 0, PL_EXIT_USAGE, "course has no objectives");
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (due[i] != DATE_NONE)
			any = 1;
	if (!any && end == DATE_NONE) {
		pl_err_set(err, NULL, 0, PL_EXIT_USAGE,
		    "course has no due dates and no end date");
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->cal = cal;
	c->total = n;
	c->due = xmalloc(n * sizeof(int32_t));

	/* Undated objectives take the next dated one's date, walking back. */
	next = end;
	if (next == DATE_NONE)
		for (i = 0; i < n; i++)
			if (due[i] != DATE_NONE && (next == DATE_NONE || due[i] > next))
				next = due[i];
	for (i = n; i-- > 0;) {
		if (due[i] != DATE_NONE)
			next = due[i];
		c->due[i] = next;
	}
	qsort(c->due, n, sizeof(int32_t), cmp_day);

	c->end = end != DATE_NONE ? end : c->due[n - 1];
	if (start != DATE_NONE) {
		c->start = start;
	} else {
		long span = calendar_count(cal, c->due[0], c->due[n - 1]);
		long gap = DEFAULT_GAP;

		if (n > 1 && span > 0) {
			gap = span / (long)(n - 1);
			if (gap < 1)
				gap = 1;
		}
		c->start = calendar_shift(cal, c->due[0] + 1, -gap);
	}
	if (c->start > c->end) {
		char a[16], b[16];

		pl_err_set(err, NULL, 0, PL_EXIT_USAGE,
		    "course start %s is after its end %s",
		    date_format(c->start, a), date_format(c->end, b));
		pacing_course_free(c);
		return NULL;
	}
	return c;
}

void
pacing_course_free(struct pacing_course *c)
{
	if (c == NULL)
		return;
	free(c->due);
	free(c);
}

/* The schedule a student is measured against: the course's sorted due
 * dates, or the even spread over [start, target] (days = D). */
struct schedule {
	const struct pacing_course *course;
	int32_t target;		/* DATE_NONE: the course's due dates */
	long days;		/* D */
};

/* The k-th due date of the schedule, k in 1..total. */
static int32_t
schedule_due(const struct schedule *s, long k)
{
	const struct pacing_course *c = s->course;
	long total = (long)c->total;

	if (s->target == DATE_NONE)
		return c->due[k - 1];
	if (s->days < 1)
		return s->target;
	return calendar_shift(c->cal, c->start - 1,
	    (k * s->days + total - 1) / total);
}

/* Objectives due on or before as_of. */
static long
schedule_expected(const struct schedule *s, int32_t as_of, long elapsed)
{
	const struct pacing_course *c = s->course;
	long total = (long)c->total, lo = 0, hi = total;

	if (s->target != DATE_NONE) {
		if (s->days < 1)
			return as_of >= s->target ? total : 0;
		if (elapsed > s->days)
			elapsed = s->days;
		return total * elapsed / s->days;
	}
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;

		if (c->due[mid] <= as_of)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Signed instructional days from day `from` (as_of, or the day before the
 * start) to where the schedule stands at the mastered count m; see
 * pacing.h. */
static long
schedule_days_ahead(const struct schedule *s, long m, int32_t from)
{
	const struct calendar *cal = s->course->cal;
	long total = (long)s->course->total;

	if (m >= 1) {
		int32_t reached = schedule_due(s, m);

		if (from < reached)
			return calendar_count(cal, from, reached);
	}
	if (m < total) {
		int32_t next = schedule_due(s, m + 1);

		if (from > next)
			return calendar_count(cal, from, next);
	}
	return 0;
}

static int
check_options(const struct pacing_options *o, int32_t as_of,
    struct pl_err *err)
{
	if (as_of == DATE_NONE) {
		pl_err_set(err, NULL, 0, PL_EXIT_USAGE, "no as-of date");
		return -1;
	}
	if (o->window < 1) {
		pl_err_set(err, NULL, 0, PL_EXIT_USAGE,
		    "window must be at least 1 instructional day, not %ld",
		    o->window);
		return -1;
	}
	if (o->tolerance < 0 || o->intervene_after < 0) {
		pl_err_set(err, NULL, 0, PL_EXIT_USAGE,
		    "tolerance and intervene-after must not be negative");
		return -1;
	}
	if (o->credit_n < 0 || (o->credit_n > 0 &&
	    (o->credit_k < 0 || o->credit_k > o->credit_n))) {
		pl_err_set(err, NULL, 0, PL_EXIT_USAGE,
		    "credit %ld/%ld is not a fraction K/N with 0 <= K <= N",
		    o->credit_k, o->credit_n);
		return -1;
	}
	return 0;
}

/* Whether the projection misses the deadline by more than intervene_after;
 * a missing projection counts once a full window has elapsed. */
static int
projection_misses(const struct pacing_course *c, const struct pacing_result *r,
    const struct pacing_options *o)
{
	if (r->remaining == 0)
		return 0;
	if (r->projected_date == DATE_NONE)
		return r->elapsed >= o->window;
	return calendar_count(c->cal, r->deadline, r->projected_date) >
	    o->intervene_after;
}

int
pacing_compute(const struct pacing_course *course,
    const int32_t *mastered_on, int32_t target_date, int32_t as_of,
    const struct pacing_options *opt, struct pacing_result *out,
    struct pl_err *err)
{
	const struct calendar *cal = course->cal;
	struct schedule sched;
	int32_t window_start, from;
	long total = (long)course->total, left;
	size_t i;

	if (check_options(opt, as_of, err) != 0)
		return -1;

	out->total = total;
	out->as_of = as_of;
	out->target_date = target_date;
	out->start = course->start;
	out->end = course->end;
	out->deadline = target_date != DATE_NONE ? target_date : course->end;
	/* Before the start, day counts run from the day before it. */
	from = as_of < course->start ? course->start - 1 : as_of;
	out->elapsed = calendar_count(cal, course->start - 1, as_of);
	if (out->elapsed < 0)
		out->elapsed = 0;

	out->window_days = opt->window < out->elapsed ? opt->window :
	    out->elapsed;
	window_start = out->elapsed < opt->window ? INT32_MIN + 1 :
	    calendar_shift(cal, as_of + 1, -out->window_days);
	out->mastered = 0;
	out->window_mastered = 0;
	for (i = 0; i < course->total; i++) {
		int32_t d = mastered_on[i];

		if (d == DATE_NONE || d > as_of)
			continue;
		out->mastered++;
		if (out->window_days > 0 && d >= window_start)
			out->window_mastered++;
	}
	out->remaining = total - out->mastered;
	out->pct_complete = 100.0 * (double)out->mastered / (double)total;

	sched.course = course;
	sched.target = target_date;
	sched.days = target_date == DATE_NONE ? 0 :
	    calendar_count(cal, course->start - 1, target_date);
	if (sched.days < 0)
		sched.days = 0;
	out->expected = schedule_expected(&sched, as_of, out->elapsed);
	out->days_ahead = schedule_days_ahead(&sched, out->mastered, from);

	out->velocity_per_week = out->window_days == 0 ? 0.0 :
	    5.0 * (double)out->window_mastered / (double)out->window_days;

	out->days_left = calendar_count(cal, from, out->deadline);
	left = out->days_left < 1 ? 1 : out->days_left;
	out->needed_per_week = 5.0 * (double)out->remaining / (double)left;

	if (out->remaining == 0)
		out->projected_date = as_of;
	else if (out->window_mastered == 0)
		out->projected_date = DATE_NONE;
	else
		out->projected_date = calendar_shift(cal, as_of,
		    (out->remaining * out->window_days + out->window_mastered - 1) /
		    out->window_mastered);

	if (out->days_ahead < -opt->intervene_after ||
	    projection_misses(course, out, opt))
		out->status = PACING_INTERVENE;
	else if (out->days_ahead > opt->tolerance)
		out->status = PACING_AHEAD;
	else if (out->days_ahead < -opt->tolerance)
		out->status = PACING_BEHIND;
	else
		out->status = PACING_ON_TRACK;

	if (opt->credit_n == 0)
		out->credit = PACING_CREDIT_UNASKED;
	else
		out->credit = out->mastered * opt->credit_n >=
		    opt->credit_k * total ? PACING_CREDIT_YES : PACING_CREDIT_NO;
	return 0;
}
