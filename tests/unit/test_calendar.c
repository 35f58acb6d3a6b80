#include <criterion/criterion.h>
#include <string.h>

#include "calendar.h"
#include "date.h"

/*
 * The fall semester used here and in test_pacing.c: 2026-08-24 (Mon) to
 * 2027-01-15 (Fri), off on Labor Day 09-07, Thanksgiving 11-25..27 and the
 * winter break 12-21..2027-01-01.  Instructional day numbers (H = holiday):
 *
 *   08-24  1  2  3  4  5      10-19 40 41 42 43 44      12-14 77 78 79 80 81
 *   08-31  6  7  8  9 10      10-26 45 46 47 48 49      12-21  H  H  H  H  H
 *   09-07  H 11 12 13 14      11-02 50 51 52 53 54      12-28  H  H  H  H  H
 *   09-14 15 16 17 18 19      11-09 55 56 57 58 59      01-04 82 83 84 85 86
 *   09-21 20 21 22 23 24      11-16 60 61 62 63 64      01-11 87 88 89 90 91
 *   09-28 25 26 27 28 29      11-23 65 66  H  H  H
 *   10-05 30 31 32 33 34      11-30 67 68 69 70 71
 *   10-12 35 36 37 38 39      12-07 72 73 74 75 76
 *
 * (each row is one Monday..Friday week, labelled by its Monday).
 */

static int32_t
D(const char *s)
{
	int32_t d = 0;

	cr_assert_eq(date_parse(s, strlen(s), 0, &d), 0, "bad test date %s", s);
	return d;
}

static struct calendar *
semester(void)
{
	struct calendar *c = calendar_new();
	int32_t d;

	calendar_add(c, D("2026-09-07"));
	for (d = D("2026-11-25"); d <= D("2026-11-27"); d++)
		calendar_add(c, d);
	for (d = D("2026-12-21"); d <= D("2027-01-01"); d++)
		calendar_add(c, d);	/* weekends in the break are ignored */
	return c;
}

struct is_case {
	const char *day;
	int want;
};

static const struct is_case is_cases[] = {
	{ "2026-08-24", 1 },	/* first day, Monday */
	{ "2026-09-05", 0 },	/* Saturday */
	{ "2026-09-06", 0 },	/* Sunday */
	{ "2026-09-07", 0 },	/* Labor Day */
	{ "2026-09-08", 1 },
	{ "2026-11-24", 1 },
	{ "2026-11-25", 0 },
	{ "2026-11-27", 0 },
	{ "2026-11-30", 1 },
	{ "2026-12-18", 1 },
	{ "2026-12-25", 0 },
	{ "2027-01-01", 0 },
	{ "2027-01-04", 1 },
	{ "2027-01-18", 1 },	/* after the listed dates: an ordinary Monday */
};

Test(calendar, is_instructional)
{
	struct calendar *c = semester();
	size_t i;

	cr_expect_eq(calendar_holiday_count(c), 14);	/* 1 + 3 + 10 weekdays */
	for (i = 0; i < sizeof is_cases / sizeof is_cases[0]; i++)
		cr_expect_eq(calendar_is_instructional(c, D(is_cases[i].day)),
		    is_cases[i].want, "%s", is_cases[i].day);
	calendar_free(c);
}

struct count_case {
	const char *from, *to;
	long want;
};

/* calendar_count(from, to): instructional days d with from < d <= to. */
static const struct count_case count_cases[] = {
	{ "2026-08-23", "2027-01-15", 91 },	/* the whole semester */
	{ "2026-08-24", "2027-01-15", 90 },	/* the first day is not after itself */
	{ "2027-01-15", "2026-08-24", -90 },
	{ "2026-08-24", "2026-08-24", 0 },
	{ "2026-09-05", "2026-09-06", 0 },	/* Saturday to Sunday */
	{ "2026-09-04", "2026-09-08", 1 },	/* Fri 10 -> Tue 11 over Labor Day */
	{ "2026-09-08", "2026-09-04", -1 },
	{ "2026-11-24", "2026-11-30", 1 },	/* 66 -> 67 over Thanksgiving */
	{ "2026-12-18", "2027-01-04", 1 },	/* 81 -> 82 over the break */
	{ "2026-12-20", "2027-01-03", 0 },	/* Sunday to Sunday inside it */
	{ "2026-12-22", "2027-01-05", 2 },	/* from a holiday: 82, 83 */
	{ "2026-10-21", "2026-12-02", 27 },	/* 42 -> 69 */
	{ "2026-12-17", "2027-01-05", 3 },	/* 80 -> 83 */
	{ "2027-01-15", "2027-01-21", 4 },	/* 91 -> 01-18..21 */
};

Test(calendar, count)
{
	struct calendar *c = semester();
	size_t i;

	for (i = 0; i < sizeof count_cases / sizeof count_cases[0]; i++) {
		const struct count_case *k = &count_cases[i];

		cr_expect_eq(calendar_count(c, D(k->from), D(k->to)), k->want,
		    "%s..%s", k->from, k->to);
	}
	calendar_free(c);
}

Test(calendar, count_without_holidays)
{
	/* A NULL calendar is weekends only: Fri 09-04 -> Tue 09-08 is 2. */
	cr_expect_eq(calendar_count(NULL, D("2026-09-04"), D("2026-09-08")), 2);
	cr_expect_eq(calendar_count(NULL, D("2026-08-23"), D("2027-01-15")), 105);
	/* Across 1970-01-01 (day 0, a Thursday): Mon 1969-12-29 to
	 * Mon 1970-01-05 is Tue..Fri and Mon = 5. */
	cr_expect_eq(calendar_count(NULL, D("1969-12-29"), D("1970-01-05")), 5);
	cr_expect_eq(calendar_count(NULL, D("1969-12-26"), D("1969-12-29")), 1);
	cr_expect(calendar_is_instructional(NULL, D("1969-12-31")));
	cr_expect(!calendar_is_instructional(NULL, D("1969-12-28")));
}

struct shift_case {
	const char *day;
	long n;
	const char *want;
};

static const struct shift_case shift_cases[] = {
	{ "2026-09-04", 1, "2026-09-08" },	/* over Labor Day */
	{ "2026-09-08", -1, "2026-09-04" },
	{ "2026-11-24", 1, "2026-11-30" },
	{ "2026-11-23", 3, "2026-12-01" },	/* 65 + 3 = 68 */
	{ "2026-12-18", 1, "2027-01-04" },
	{ "2027-01-04", -1, "2026-12-18" },
	{ "2026-12-19", 1, "2027-01-04" },	/* from a Saturday */
	{ "2027-01-03", -1, "2026-12-18" },	/* from a Sunday */
	{ "2026-12-22", -1, "2026-12-18" },	/* from a holiday */
	{ "2026-08-24", 90, "2027-01-15" },
	{ "2027-01-15", -90, "2026-08-24" },
	{ "2026-09-05", 0, "2026-09-05" },	/* 0 keeps even a Saturday */
	{ "2026-10-22", -15, "2026-10-01" },	/* the 15 days ending 10-21: 28..42 */
	{ "2026-12-03", -15, "2026-11-09" },	/* the 15 days ending 12-02: 55..69 */
	{ "2026-10-21", 150, "2027-06-07" },	/* 42 + 150: 01-15 + 101 weekdays */
};

Test(calendar, shift)
{
	struct calendar *c = semester();
	size_t i;
	char buf[16];

	for (i = 0; i < sizeof shift_cases / sizeof shift_cases[0]; i++) {
		const struct shift_case *k = &shift_cases[i];

		cr_expect_str_eq(date_format(calendar_shift(c, D(k->day), k->n), buf),
		    k->want, "%s %+ld", k->day, k->n);
	}
	calendar_free(c);
}

/* The same answers, day by day, the slow way. */
static long
slow_count(const struct calendar *c, int32_t from, int32_t to)
{
	long n = 0;
	int32_t d;

	if (to < from)
		return -slow_count(c, to, from);
	for (d = from + 1; d <= to; d++)
		n += calendar_is_instructional(c, d);
	return n;
}

static int32_t
slow_shift(const struct calendar *c, int32_t day, long n)
{
	while (n > 0)
		if (calendar_is_instructional(c, ++day))
			n--;
	while (n < 0)
		if (calendar_is_instructional(c, --day))
			n++;
	return day;
}

Test(calendar, agrees_with_day_by_day)
{
	struct calendar *c = semester();
	int32_t a, b;
	long n;

	for (a = D("2026-08-01"); a <= D("2027-01-31"); a += 3) {
		for (b = D("2026-08-01"); b <= D("2027-01-31"); b += 5)
			cr_assert_eq(calendar_count(c, a, b), slow_count(c, a, b));
		for (n = -40; n <= 40; n++) {
			int32_t s = calendar_shift(c, a, n);

			cr_assert_eq(s, slow_shift(c, a, n));
			if (n >= 0)
				cr_assert_eq(calendar_count(c, a, s), n);
		}
	}
	calendar_free(c);
}

Test(calendar, from_days_equals_adding)
{
	/* Unsorted, with a duplicate and a weekend date (09-05). */
	static const char *days[] = {
		"2026-11-26", "2026-09-07", "2026-11-25", "2026-09-05",
		"2026-11-27", "2026-09-07",
	};
	int32_t v[6];
	struct calendar *a, *b;
	size_t i;
	int32_t d;

	for (i = 0; i < 6; i++)
		v[i] = D(days[i]);
	a = calendar_from_days(v, 6);
	b = calendar_new();
	for (i = 0; i < 6; i++)
		calendar_add(b, v[i]);
	cr_expect_eq(calendar_holiday_count(a), 4);
	cr_expect_eq(calendar_holiday_count(b), 4);
	for (d = D("2026-08-24"); d <= D("2026-12-31"); d++)
		cr_assert_eq(calendar_is_instructional(a, d),
		    calendar_is_instructional(b, d));
	cr_expect_eq(calendar_count(a, D("2026-08-23"), D("2026-12-31")),
	    slow_count(NULL, D("2026-08-23"), D("2026-12-31")) - 4);
	calendar_free(a);
	calendar_free(b);

	a = calendar_from_days(NULL, 0);
	cr_expect_eq(calendar_holiday_count(a), 0);
	cr_expect(calendar_is_instructional(a, D("2026-09-07")));
	calendar_free(a);
}
