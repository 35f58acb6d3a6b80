/*
 * calendar.h - instructional days: every Monday to Friday that is not in a
 * set of non-instructional dates (holidays, breaks, in-service days).
 * Saturdays and Sundays are never instructional.
 *
 * What calendar_new and calendar_from_days return belongs to the caller
 * (calendar_free).  Arguments are borrowed.  Every function that takes a
 * const calendar also accepts NULL, meaning "weekends only, no holidays".
 * Nothing here reads files: the caller parses the date[,name] file and adds
 * the dates.
 *
 * Interval convention, used by every function and by the pacing module:
 * the distance from day a to day b is the number of instructional days d
 * with a < d <= b ("after a, up to and including b"), negated when b < a.
 * So calendar_count(c, a, a) is 0, calendar_count(c, Friday, next Monday)
 * is 1, and the instructional days of the closed range [a, b] are
 * calendar_count(c, a - 1, b).
 */
#ifndef PL_CALENDAR_H
#define PL_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct calendar;

/* An empty calendar: only weekends are off. */
struct calendar *calendar_new(void);
/* A calendar whose non-instructional dates are days[0..n), in any order,
 * duplicates and weekend dates allowed. */
struct calendar *calendar_from_days(const int32_t *days, size_t n);
void calendar_free(struct calendar *c);

/* Marks day as non-instructional.  Adding a date twice, or a weekend date,
 * changes nothing. */
void calendar_add(struct calendar *c, int32_t day);

/* Number of distinct non-instructional weekdays added. */
size_t calendar_holiday_count(const struct calendar *c);

/* 1 when day is a Monday to Friday not marked off, else 0. */
int calendar_is_instructional(const struct calendar *c, int32_t day);

/*
 * Signed number of instructional days from `from` to `to` under the
 * interval convention above: the count of instructional d with
 * from < d <= to when from <= to, and minus the count with to < d <= from
 * when to < from.  calendar_count(c, a, b) == -calendar_count(c, b, a).
 */
long calendar_count(const struct calendar *c, int32_t from, int32_t to);

/*
 * The day n instructional days after day (n > 0): the n-th instructional
 * day strictly after it; or before it (n < 0): the |n|-th instructional day
 * strictly before it; day itself when n is 0, instructional or not.
 * For n >= 0, calendar_count(c, day, calendar_shift(c, day, n)) == n.
 * calendar_shift(c, day + 1, -n) is the n-th instructional day at or before
 * day (used for trailing windows that end on day).
 */
int32_t calendar_shift(const struct calendar *c, int32_t day, long n);

#endif
