/*
 * fuzz_date.c - date_parse on arbitrary bytes with every combination of
 * flags.  Oracles: an accepted date is a real day that formats as
 * YYYY-MM-DD and parses back to the same day under every flag; day numbers
 * and y-m-d convert both ways; and a valid y-m-d drawn from the input,
 * written in each form date_parse documents, reads back as that day.
 */
#include <stdint.h>
#include <string.h>

#include "date.h"
#include "fuzz.h"
#include "util.h"

static void
check_day(int32_t day)
{
	char buf[16];
	int y, m, d, f;
	int32_t back;

	date_to_ymd(day, &y, &m, &d);
	FUZZ_CHECK(date_valid_ymd(y, m, d), "day %ld is %d-%d-%d", (long)day,
	    y, m, d);
	FUZZ_CHECK(date_from_ymd(y, m, d) == day, "day %ld", (long)day);
	FUZZ_CHECK(date_weekday(day) >= 0 && date_weekday(day) <= 6 &&
	    date_weekday(day + 1) == (date_weekday(day) + 1) % 7, "weekday");
	date_format(day, buf);
	FUZZ_CHECK(strlen(buf) == 10, "\"%s\"", buf);
	for (f = 0; f < 4; f++) {
		FUZZ_CHECK(date_parse(buf, 10, f, &back) == 0 && back == day,
		    "\"%s\" with flags %d", buf, f);
	}
}

/* Writes y-m-d in a form and checks it reads back under flags. */
static void
check_form(const char *text, int flags, int32_t want)
{
	int32_t got = DATE_NONE;

	FUZZ_CHECK(date_parse(text, strlen(text), flags, &got) == 0 &&
	    got == want, "\"%s\" with flags %d read as %ld, not %ld", text,
	    flags, (long)got, (long)want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int flags;
	int32_t day;
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	for (flags = 0; flags < 4; flags++) {
		day = DATE_NONE;
		if (date_parse(s, size, flags, &day) == 0) {
			FUZZ_CHECK(day != DATE_NONE, "no day set");
			check_day(day);
		}
	}
	free(s);

	/* A y-m-d from the first bytes: every valid one in every form. */
	if (size >= 4) {
		int y = 1 + (int)((data[0] | data[1] << 8) % 9999);
		int m = 1 + data[2] % 12;
		int d = 1 + data[3] % 31;
		char text[64];

		/* A day of 0001-01-01 .. 9999-12-31. */
		day = (int32_t)(((uint32_t)data[0] | (uint32_t)data[1] << 8 |
		    (uint32_t)data[2] << 16) % 3652059) - 719162;
		check_day(day);
		if (date_valid_ymd(y, m, d)) {
			int32_t want = date_from_ymd(y, m, d);
			int f;

			check_day(want);
			for (f = 0; f < 4; f++) {
				snprintf(text, sizeof text, "%04d-%02d-%02d", y,
				    m, d);
				check_form(text, f, want);
				snprintf(text, sizeof text, " %04d-%02d-%02dT08:30:00Z ",
				    y, m, d);
				check_form(text, f, want);
				if (y < 1000)
					continue;
				snprintf(text, sizeof text, "%d/%d/%d 10:15",
				    f & DATE_DMY ? d : m, f & DATE_DMY ? m : d, y);
				check_form(text, f, want);
				snprintf(text, sizeof text, "%02d.%02d.%d",
				    f & DATE_DMY ? d : m, f & DATE_DMY ? m : d, y);
				check_form(text, f, want);
				snprintf(text, sizeof text, "%d-%d-%d",
				    f & DATE_DMY ? d : m, f & DATE_DMY ? m : d, y);
				check_form(text, f, want);
			}
			/* Excel serial days: 61 is 1900-03-01. */
			if (want >= date_from_ymd(1900, 3, 1) &&
			    want - date_from_ymd(1899, 12, 30) <= 999999) {
				snprintf(text, sizeof text, "%ld.25",
				    (long)(want - date_from_ymd(1899, 12, 30)));
				check_form(text, DATE_EXCEL, want);
				check_form(text, DATE_EXCEL | DATE_DMY, want);
			}
		}
	}
	return 0;
}
