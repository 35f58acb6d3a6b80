#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

struct date_case {
	const char *text;
	int flags;
	const char *want;	/* NULL: must be rejected */
};

static const struct date_case cases[] = {
	{ "2026-09-08", 0, "2026-09-08" },
	{ "2026-09-08T13:45:00Z", 0, "2026-09-08" },
	{ "2026-09-08 13:45", 0, "2026-09-08" },
	{ "  2026-09-08 ", 0, "2026-09-08" },
	{ "9/8/2026", 0, "2026-09-08" },
	{ "09/08/2026", 0, "2026-09-08" },
	{ "9/8/2026", DATE_DMY, "2026-08-09" },
	{ "8.9.2026", DATE_DMY, "2026-09-08" },
	{ "2/29/2024", 0, "2024-02-29" },
	{ "1/1/2026 8:00 AM", 0, "2026-01-01" },
	{ "45908", DATE_EXCEL, "2025-09-08" },
	{ "45908.75", DATE_EXCEL, "2025-09-08" },
	{ "1", DATE_EXCEL, "1900-01-01" },
	{ "61", DATE_EXCEL, "1900-03-01" },
	/* Two dots are a dotted date even with DATE_EXCEL (found by
	 * fuzzing: they were read as a bad serial). */
	{ "14.09.2026", DATE_EXCEL | DATE_DMY, "2026-09-14" },
	{ "9.14.2026", DATE_EXCEL, "2026-09-14" },
	{ "1.2.3", DATE_EXCEL, NULL },
	{ "2026-02-30", 0, NULL },
	{ "2026-13-01", 0, NULL },
	{ "13/13/2026", 0, NULL },
	{ "2/29/2026", 0, NULL },
	{ "45908", 0, NULL },
	{ "60", DATE_EXCEL, NULL },
	{ "2026-09-08x", 0, NULL },
	{ "2026-9", 0, NULL },
	{ "", 0, NULL },
	{ "yesterday", 0, NULL },
	{ "9/8/26", 0, NULL },
	/* An ISO time part is dropped, but it must be a time. */
	{ "2026-09-08T13", 0, "2026-09-08" },
	{ "2026-09-08T23:59:59.999-06:00", 0, "2026-09-08" },
	{ "2026-09-08T12:00:00.000Z", 0, "2026-09-08" },
	{ "2026-09-08T12:00+0530", 0, "2026-09-08" },
	{ "2026-09-08T24:00:00", 0, "2026-09-08" },
	{ "2024-02-29T25:00:00", 0, NULL },
	{ "2026-09-08T24:00:01", 0, NULL },
	{ "2026-09-08T12:60", 0, NULL },
	{ "2026-09-08T12:00:61", 0, NULL },
	{ "2026-09-08T12:00:00.", 0, NULL },
	{ "2026-09-08T1", 0, NULL },
	{ "2026-09-08T12:00Q", 0, NULL },
	{ "2026-09-08T12:00+24:00", 0, NULL },
	{ "2026-09-08T12:00+05:3", 0, NULL },
	{ "2026-09-08T12:00Z ", 0, "2026-09-08" },
};

Test(date, parse_forms)
{
	size_t i;
	char buf[16];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t d = 0;
		int rc = date_parse(cases[i].text, strlen(cases[i].text),
		    cases[i].flags, &d);

		if (cases[i].want == NULL) {
			cr_expect_eq(rc, -1, "%s should be rejected", cases[i].text);
		} else {
			cr_expect_eq(rc, 0, "%s should parse", cases[i].text);
			cr_expect_str_eq(date_format(d, buf), cases[i].want,
			    "%s", cases[i].text);
		}
	}
}

Test(date, round_trip_and_weekday)
{
	int32_t d;
	int y, m, dd;
	char buf[16];

	for (d = date_from_ymd(1899, 12, 1); d < date_from_ymd(2100, 1, 1); d += 17) {
		date_to_ymd(d, &y, &m, &dd);
		cr_assert(date_valid_ymd(y, m, dd));
		cr_assert_eq(date_from_ymd(y, m, dd), d);
	}
	cr_expect_eq(date_from_ymd(1970, 1, 1), 0);
	cr_expect_eq(date_weekday(date_from_ymd(2026, 11, 25)), 2); /* Wednesday */
	cr_expect_eq(date_weekday(date_from_ymd(1969, 12, 28)), 6); /* Sunday */
	cr_expect_str_eq(date_format(DATE_NONE, buf), "");
}

/* date_to_ymd remembers recent days: days sharing a slot (1024 apart),
 * looked up in turn and again, each give their own date, and so do days
 * outside years 1 to 9999, which it does not keep. */
Test(date, ymd_cache_keeps_days_apart)
{
	int32_t base = date_from_ymd(2026, 9, 1), d;
	int pass, k, y, m, dd;

	for (pass = 0; pass < 3; pass++)
		for (k = 0; k < 400; k++) {
			d = base + (k % 4) * 1024 + k / 4;
			date_to_ymd(d, &y, &m, &dd);
			cr_assert_eq(date_from_ymd(y, m, dd), d, "day %d", d);
		}
	for (pass = 0; pass < 2; pass++) {
		date_to_ymd(date_from_ymd(0, 12, 31), &y, &m, &dd);
		cr_expect(y == 0 && m == 12 && dd == 31);
		date_to_ymd(date_from_ymd(10000, 1, 1), &y, &m, &dd);
		cr_expect(y == 10000 && m == 1 && dd == 1);
		date_to_ymd(date_from_ymd(-5, 3, 1), &y, &m, &dd);
		cr_expect(y == -5 && m == 3 && dd == 1);
	}
}

/* The YYYY-MM-DD path checks all ten bytes at once: every byte value at
 * every place of a valid date reads as the strict form says (a digit where
 * a digit goes, the dashes where they go) or as the general reader does,
 * which for one changed byte accepts only a blank after a one-digit day. */
Test(date, iso_form_takes_no_other_byte)
{
	static const char base[] = "2026-11-25";
	int p, b;

	for (p = 0; p < 10; p++)
		for (b = 0; b < 256; b++) {
			char s[11];
			int digit = p != 4 && p != 7;
			int32_t got = 7;
			int rc;

			memcpy(s, base, sizeof s);
			s[p] = (char)b;
			rc = date_parse(s, 10, 0, &got);
			if (digit && b >= '0' && b <= '9') {
				int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);

				if (date_valid_ymd(y, m, d)) {
					cr_assert_eq(rc, 0, "%d at %d", b, p);
					cr_assert_eq(got, date_from_ymd(y, m, d));
				} else {
					cr_assert_eq(rc, -1, "%d at %d", b, p);
				}
			} else if (b == '-' && !digit) {
				cr_assert_eq(rc, 0);
				cr_assert_eq(got, date_from_ymd(2026, 11, 25));
			} else if (p == 9 && (b == ' ' || b == '\t' || b == '\r' ||
			    b == '\n')) {
				cr_assert_eq(rc, 0, "%d at %d", b, p);
				cr_assert_eq(got, date_from_ymd(2026, 11, 2));
			} else {
				cr_assert_eq(rc, -1, "%d at %d", b, p);
			}
		}
}

/* The YYYY-MM-DD path remembers months: every day of every month of a span
 * of years, with the days and months either side of the valid ones, reads
 * as the civil arithmetic says, in two orders (so a cached month is met
 * again after others took its slot). */
Test(date, iso_days_agree_with_the_calendar)
{
	int pass;

	for (pass = 0; pass < 2; pass++) {
		int y;

		for (y = 1896; y <= 2104; y++) {
			int m, d;

			for (m = 0; m <= 13; m++)
				for (d = 0; d <= 32; d++) {
					int mm = pass ? 13 - m : m;
					char s[48];
					int32_t got = 7;
					int rc;

					snprintf(s, sizeof s, "%04d-%02d-%02d",
					    y, mm, d);
					rc = date_parse(s, 10, 0, &got);
					if (date_valid_ymd(y, mm, d)) {
						cr_assert_eq(rc, 0, "%s", s);
						cr_assert_eq(got,
						    date_from_ymd(y, mm, d),
						    "%s", s);
					} else {
						cr_assert_eq(rc, -1, "%s", s);
					}
				}
		}
	}
	{
		int32_t got;

		cr_assert_eq(date_parse("0000-01-01", 10, 0, &got), -1);
		cr_assert_eq(date_parse("9999-12-31", 10, 0, &got), 0);
		cr_assert_eq(got, date_from_ymd(9999, 12, 31));
	}
}
