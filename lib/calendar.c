/*
 * calendar.c - instructional days: weekdays minus a set of non-instructional
 * dates.  Weekdays are counted by arithmetic on the day number; the
 * non-instructional weekdays are kept sorted and unique, so counting is two
 * binary searches and shifting is a few rounds of arithmetic, whatever the
 * distance.
 */
#include "calendar.h"

#include <stdlib.h>

#include "date.h"
#include "util.h"

struct calendar {
	int32_t *off;		/* sorted, unique non-instructional weekdays */
	size_t n, cap;
};

/* Day number of a Monday: 1970-01-01 was a Thursday. */
#define MONDAY_EPOCH (-3L)

static long
floor_div(long a, long b)
{
	long q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Number of weekdays d with MONDAY_EPOCH <= d < x (negative before it). */
static long
weekdays_before(int32_t x)
{
	long t = (long)x - MONDAY_EPOCH;
	long weeks = floor_div(t, 7);
	long r = t - 7 * weeks;

	return 5 * weeks + (r < 5 ? r : 5);
}

/* The weekday with index k (0-based) counted from MONDAY_EPOCH: the inverse
 * of weekdays_before, so weekdays_before(result) == k. */
static int32_t
weekday_at(long k)
{
	long weeks = floor_div(k, 5);
	long r = k - 5 * weeks;

	return (int32_t)(MONDAY_EPOCH + 7 * weeks + r);
}

/* Number of non-instructional weekdays strictly below x. */
static size_t
off_below(const struct calendar *c, int32_t x)
{
	size_t lo = 0, hi;

	if (c == NULL)
		return 0;
	hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->off[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
is_weekday(int32_t day)
{
	return date_weekday(day) < 5;
}

struct calendar *
calendar_new(void)
{
	return xcalloc(1, sizeof(struct calendar));
}

static int
cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

struct calendar *
calendar_from_days(const int32_t *days, size_t n)
{
	struct calendar *c = calendar_new();
	size_t i, k = 0;

	c->off = xmalloc((n ? n : 1) * sizeof(int32_t));
	c->cap = n ? n : 1;
	for (i = 0; i < n; i++)
		if (is_weekday(days[i]))
			c->off[k++] = days[i];
	qsort(c->off, k, sizeof(int32_t), cmp_day);
	c->n = 0;
	for (i = 0; i < k; i++)
		if (c->n == 0 || c->off[c->n - 1] != c->off[i])
			c->off[c->n++] = c->off[i];
	return c;
}

void
calendar_free(struct calendar *c)
{
	if (c == NULL)
		return;
	free(c->off);
	free(c);
}

void
calendar_add(struct calendar *c, int32_t day)
{
	size_t at, i;

	if (!is_weekday(day))
		return;
	at = off_below(c, day);
	if (at < c->n && c->off[at] == day)
		return;
	c->off = xgrow(c->off, &c->cap, c->n + 1, sizeof(int32_t));
	for (i = c->n; i > at; i--)
		c->off[i] = c->off[i - 1];
	c->off[at] = day;
	c->n++;
}

size_t
calendar_holiday_count(const struct calendar *c)
{
	return c == NULL ? 0 : c->n;
}

int
calendar_is_instructional(const struct calendar *c, int32_t day)
{
	size_t at;

	if (!is_weekday(day))
		return 0;
	at = off_below(c, day);
	return !(c != NULL && at < c->n && c->off[at] == day);
}

long
calendar_count(const struct calendar *c, int32_t from, int32_t to)
{
	long weekdays, off;

	if (to < from)
		return -calendar_count(c, to, from);
	/* Days d with from < d <= to are those with from + 1 <= d < to + 1. */
	weekdays = weekdays_before(to + 1) - weekdays_before(from + 1);
	off = (long)off_below(c, to + 1) - (long)off_below(c, from + 1);
	return weekdays - off;
}

int32_t
calendar_shift(const struct calendar *c, int32_t day, long n)
{
	int32_t at = day;

	/*
	 * Step over n weekdays, then over as many more as there were
	 * non-instructional weekdays in the stretch just crossed, until a
	 * stretch crosses none.
	 */
	if (n > 0) {
		while (n > 0) {
			int32_t x = weekday_at(weekdays_before(at + 1) + n - 1);

			n = (long)off_below(c, x + 1) - (long)off_below(c, at + 1);
			at = x;
		}
	} else if (n < 0) {
		n = -n;
		while (n > 0) {
			int32_t x = weekday_at(weekdays_before(at) - n);

			n = (long)off_below(c, at) - (long)off_below(c, x);
			at = x;
		}
	}
	return at;
}
