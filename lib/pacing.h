/*
 * pacing.h - the pacing view of one student in one course: how many
 * objectives are mastered against how many the pacing guide expects, how
 * many instructional days ahead or behind that is, the recent velocity, the
 * pace still needed, a projected finish date, a status, and course credit.
 *
 * Arguments are borrowed.  What pacing_course_new returns belongs to the
 * caller (pacing_course_free); it borrows the calendar, which must outlive
 * it.  pacing_compute fills a caller's struct and allocates nothing.
 *
 * Days are counted in instructional days under the calendar module's
 * convention: the distance from a to b is the number of instructional days
 * d with a < d <= b, negative when b < a (calendar_count).
 *
 * The course schedule (pacing_course_new):
 * - Each objective's due date, in pacing-guide order.  An objective without
 *   one is due with the next objective in guide order that has one; those
 *   after the last dated objective are due on the course end.  The
 *   schedule is the sorted list of these dates: the k-th smallest is the
 *   date by which the guide expects k objectives.
 * - end defaults to the latest due date.  With no due date at all the
 *   caller must give end, and every objective is due then.
 * - start defaults to the G-th instructional day counting back from the
 *   earliest due date, that day included, where G is the mean spacing of
 *   the schedule: the instructional days from the earliest to the latest
 *   due date divided by (total - 1), rounded down, at least 1; when there is
 *   one objective, or all are due the same day, G is 5 (one week).  So the
 *   first objective gets as much time as the average one.
 * - A course with no objectives, or a start after its end, is an error.
 *
 * For a student (pacing_compute), as of day A, with m objectives mastered
 * on or before A (a mastered_on date after A does not count):
 * - elapsed = instructional days in [start, A], 0 before the start.
 * - F = A, or the day before the start when A is before it: the day from
 *   which days_ahead and days left are counted, so that weekdays before
 *   the course begins are never counted as instructional.
 * - deadline = the student's target_date when given, else the course end.
 * - schedule: the course's, or with a target_date a personal one spread
 *   evenly: objective k (1..total) is due on the ceil(k*D/total)-th
 *   instructional day of [start, target_date], D = the instructional days
 *   of that range; when D is 0 (a target on or before the start) all are
 *   due on the target_date.
 * - expected = objectives due on or before A; with a target_date this is
 *   floor(total * min(elapsed, D) / D), the DESIGN's
 *   total x elapsed / D rounded down.
 * - days_ahead: the student stands where the schedule stood on any day
 *   from s_m (the m-th due date; the beginning of time when m = 0) to
 *   s_{m+1} (the (m+1)-th; the end of time when m = total).  If F is
 *   before s_m, days_ahead = calendar_count(F, s_m) >= 0 (ahead: the guide
 *   reaches m only then); if F is after s_{m+1}, days_ahead =
 *   calendar_count(F, s_{m+1}) <= 0 (behind: that objective is overdue by
 *   so many days; 0 only across a weekend or holiday); otherwise 0.  So
 *   nothing mastered before the first due date is 0, and everything
 *   mastered is >= 0.
 * - velocity_per_week = 5 * w_m / w, where w = min(window, elapsed) and
 *   w_m = objectives mastered in the last w instructional days up to A
 *   (mastered_on in [calendar_shift(A + 1, -w), A]); while the window
 *   reaches back to the start (elapsed <= window) every mastery on or
 *   before A counts, including those dated before the start.  0 when
 *   elapsed is 0 (A before the start).
 * - needed_per_week = 5 * remaining / L, L = calendar_count(F, deadline)
 *   (instructional days after F up to the deadline), with L at least 1: when
 *   no day is left the remaining objectives are needed on the next
 *   instructional day.  0 when nothing remains.
 * - projected_date = A when nothing remains; none (DATE_NONE) when the
 *   velocity is 0; else calendar_shift(A, ceil(remaining * w / w_m)), that
 *   is A plus remaining / velocity weeks, counted in instructional days and
 *   rounded up to a whole day.
 * - status: intervene when days_ahead < -intervene_after, or when the
 *   projection misses the deadline by more than intervene_after
 *   (calendar_count(deadline, projected) > intervene_after, a missing
 *   projection counting as a miss once a full window has elapsed, i.e. no
 *   mastery in the last `window` instructional days with work remaining);
 *   else ahead when days_ahead > tolerance, behind when
 *   days_ahead < -tolerance, on_track otherwise.
 * - credit (only when credit_n > 0): yes when m * N >= K * total, exactly,
 *   in integers; that is at least ceil(K * total / N) objectives mastered.
 * - pct_complete = 100 * m / total, not rounded (printers round).
 */
#ifndef PL_PACING_H
#define PL_PACING_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "util.h"

enum pacing_status {
	PACING_AHEAD,
	PACING_ON_TRACK,
	PACING_BEHIND,
	PACING_INTERVENE
};

enum pacing_credit {
	PACING_CREDIT_UNASKED,	/* no --credit given: the column is empty */
	PACING_CREDIT_NO,
	PACING_CREDIT_YES
};

/* Options, in instructional days; pacing_options_default fills the
 * documented defaults. */
struct pacing_options {
	long window;		/* trailing velocity window, default 15 */
	long tolerance;		/* on_track band, default 2 */
	long intervene_after;	/* default 5 */
	long credit_k;		/* credit K/N; credit_n 0 means not asked */
	long credit_n;
};

/* A course's resolved schedule; see the top of this header. */
struct pacing_course {
	const struct calendar *cal;	/* borrowed */
	size_t total;
	int32_t *due;		/* total due dates, sorted ascending */
	int32_t start, end;	/* as given, or the defaults */
};

/* One student's pacing row; every field is set by pacing_compute. */
struct pacing_result {
	long total;
	long mastered;
	long expected;
	double pct_complete;
	long days_ahead;
	double velocity_per_week;
	double needed_per_week;
	int32_t projected_date;		/* DATE_NONE: no projection */
	enum pacing_status status;
	enum pacing_credit credit;
	int32_t target_date;		/* DATE_NONE when the student has none */
	int32_t as_of;
	/* The pieces the columns are made of, for reports and tests. */
	int32_t start, end, deadline;
	long remaining;
	long elapsed;			/* instructional days in [start, as_of] */
	long window_days;		/* w above */
	long window_mastered;		/* w_m above */
	long days_left;			/* L above, before the floor of 1 */
};

void pacing_options_default(struct pacing_options *o);

/*
 * Reads a credit fraction "K/N" (1 <= K <= N <= 1000) into o->credit_k and
 * o->credit_n.  Returns NULL, or what was expected (e.g. "expected K/N,
 * e.g. 7/10"), leaving o as it was.
 */
const char *pacing_credit_parse(const char *s, struct pacing_options *o);

/* "ahead", "on_track", "behind" or "intervene". */
const char *pacing_status_name(enum pacing_status s);

/*
 * Resolves a course's schedule from due[0..n) (pacing-guide order,
 * DATE_NONE where an objective has none) and start/end (DATE_NONE: use the
 * defaults).  Returns NULL and fills err (status PL_EXIT_USAGE) when n is 0,
 * when no due date and no end are given, or when start > end.
 */
struct pacing_course *pacing_course_new(const struct calendar *cal,
    const int32_t *due, size_t n, int32_t start, int32_t end,
    struct pl_err *err);
void pacing_course_free(struct pacing_course *c);

/*
 * Computes one student's row.  mastered_on[0..course->total) holds the
 * date each objective was first mastered, DATE_NONE if never (the order
 * does not matter, only the count and dates); target_date is DATE_NONE
 * when the student has none.  Returns 0, or -1 and fills err (status
 * PL_EXIT_USAGE) when as_of is DATE_NONE, window < 1, tolerance or
 * intervene_after < 0, or the credit fraction is not 0 <= K <= N.
 */
int pacing_compute(const struct pacing_course *course,
    const int32_t *mastered_on, int32_t target_date, int32_t as_of,
    const struct pacing_options *opt, struct pacing_result *out,
    struct pl_err *err);

#endif
