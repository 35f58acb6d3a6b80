/*
 * date.h - civil dates as day numbers, parsed and printed without the locale.
 *
 * A date is an int32_t: days since 1970-01-01 (proleptic Gregorian).
 * DATE_NONE marks "no date".  Nothing here allocates.
 */
#ifndef PL_DATE_H
#define PL_DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_NONE INT32_MIN

/* Flags for date_parse. */
enum {
	DATE_DMY = 1,		/* slashes and dots mean D/M/YYYY, not M/D/YYYY */
	DATE_EXCEL = 2		/* a bare number is an Excel serial day */
};

/*
 * Parses s[0..n): YYYY-MM-DD (optionally followed by 'T' or ' ' and a time,
 * which is dropped), M/D/YYYY (or D/M/YYYY with DATE_DMY; '.' and '-' also
 * accepted between the parts), or, with DATE_EXCEL, an Excel serial day
 * number (1900 system; a fraction is the time of day and dropped).
 * Surrounding blanks are ignored.  Returns 0 and sets *out, or -1 when s is
 * not a valid date (month 13, February 30, trailing junk, ...).
 */
int date_parse(const char *s, size_t n, int flags, int32_t *out);

/* Day number of a valid y-m-d; no checking. */
int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t day, int *y, int *m, int *d);
/* 1 when y-m-d names a real day. */
int date_valid_ymd(int y, int m, int d);
/* 0 Monday .. 6 Sunday. */
int date_weekday(int32_t day);
/* Writes YYYY-MM-DD and a NUL into buf (at least 11 bytes); returns buf.
 * DATE_NONE is written as the empty string. */
char *date_format(int32_t day, char *buf);
/* Today's local date. */
int32_t date_today(void);

#endif
