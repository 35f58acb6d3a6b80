/*
 * date.c - civil date arithmetic (Howard Hinnant's days-from-civil
 * algorithm) and the date forms that spreadsheets and LMS exports write.
 */
#include "date.h"
#include "util.h"

#include <string.h>
#include <time.h>

int32_t
date_from_ymd(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

/*
 * Recent days, per thread: their dates and, once formatted, their text.  A
 * plan or report turns the same few hundred school days into dates and
 * text millions of times, and the civil arithmetic divides.  A slot with
 * year 0 holds no date, one with an empty text no text (a zeroed slot
 * neither).
 */
#define DAY_CACHE 1024

static _Thread_local struct {
	int32_t day;
	int16_t y;
	int8_t m, d;
	char text[11];
} day_cache[DAY_CACHE];

static void civil(int32_t day, int *y, int *m, int *d);

void
date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	unsigned slot = (unsigned)day % DAY_CACHE;

	if (day_cache[slot].day == day && day_cache[slot].y != 0) {
		*y = day_cache[slot].y;
		*m = day_cache[slot].m;
		*d = day_cache[slot].d;
		return;
	}
	civil(day, y, m, d);
	if (*y >= 1 && *y <= 9999) {
		if (day_cache[slot].day != day)
			day_cache[slot].text[0] = '\0';
		day_cache[slot].day = day;
		day_cache[slot].y = (int16_t)*y;
		day_cache[slot].m = (int8_t)*m;
		day_cache[slot].d = (int8_t)*d;
	}
}

/* Howard Hinnant's civil_from_days. */
static void
civil(int32_t day, int *y, int *m, int *d)
{
	long z = (long)day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp < 10 ? mp + 3 : mp - 9;

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int
month_len(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return mdays[m - 1] + (m == 2 && leap(y));
}

int
date_valid_ymd(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= month_len(y, m);
}

int
date_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	long w = ((long)day + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

char *
date_format(int32_t day, char *buf)
{
	int y, m, d;
	unsigned slot = (unsigned)day % DAY_CACHE;

	if (day == DATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	if (day_cache[slot].day == day && day_cache[slot].text[0]) {
		memcpy(buf, day_cache[slot].text, 11);
		return buf;
	}
	date_to_ymd(day, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	if (y >= 0 && y <= 9999) {
		/* date_to_ymd kept the date of years 1 to 9999. */
		if (day_cache[slot].day != day)
			day_cache[slot].y = 0;
		day_cache[slot].day = day;
		memcpy(day_cache[slot].text, buf, 11);
	}
	return buf;
}

int32_t
date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Reads 1..maxd digits at s[*i]; returns -1 when there are none. */
static long
digits(const char *s, size_t n, size_t *i, int maxd)
{
	long v = 0;
	int k = 0;

	while (*i < n && k < maxd && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++, k++;
	}
	if (k == 0 || (*i < n && s[*i] >= '0' && s[*i] <= '9'))
		return -1;
	return v;
}

static int
parse_excel(const char *s, size_t n, int32_t *out)
{
	size_t i = 0;
	long serial = digits(s, n, &i, 6);

	if (serial < 1)
		return -1;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i != n)
		return -1;
	/* Excel's day 60 is the 29 February 1900 that never was. */
	if (serial == 60)
		return -1;
	if (serial < 60)
		serial++;
	*out = date_from_ymd(1899, 12, 30) + (int32_t)serial;
	return 0;
}

/* Two digits at s[*i] (of n) no more than max, moving *i past them. */
static int
two_digits(const char *s, size_t n, size_t *i, int max, int *v)
{
	if (*i + 2 > n || (unsigned)(s[*i] - '0') > 9 ||
	    (unsigned)(s[*i + 1] - '0') > 9)
		return 0;
	*v = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
	*i += 2;
	return *v <= max;
}

/*
 * 1 when s[0..n) is the time part of an ISO 8601 date and time (dropped,
 * but checked): hh[:mm[:ss[.fff]]], 24:00 at most, then Z or an offset
 * +hh[:mm] or -hhmm, or nothing.
 */
static int
iso_time(const char *s, size_t n)
{
	size_t i = 0;
	int h, v = 0, zero = 1;

	if (!two_digits(s, n, &i, 24, &h))
		return 0;
	if (i < n && s[i] == ':') {
		i++;
		if (!two_digits(s, n, &i, 59, &v))
			return 0;
		zero = v == 0;
		if (i < n && s[i] == ':') {
			i++;
			if (!two_digits(s, n, &i, 60, &v))
				return 0;
			zero = zero && v == 0;
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				if (++i >= n || (unsigned)(s[i] - '0') > 9)
					return 0;
				for (; i < n && (unsigned)(s[i] - '0') <= 9; i++)
					if (s[i] != '0')
						zero = 0;
			}
		}
	}
	if (h == 24 && !zero)
		return 0;
	if (i < n && s[i] == 'Z')
		return i + 1 == n;
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		i++;
		if (!two_digits(s, n, &i, 23, &v))
			return 0;
		if (i < n && s[i] == ':')
			i++;
		if (i < n && !two_digits(s, n, &i, 59, &v))
			return 0;
	}
	return i == n;
}

/*
 * s[0..10) is YYYY-MM-DD as to its bytes: digits where the form has them,
 * dashes between.  The first eight bytes are checked as one word: each
 * digit's high nibble is 3 and adding 6 leaves it 3 (so its low nibble is
 * at most 9); no byte can carry into the next, as each high nibble was 3
 * or the dash's 2 before the addition.
 */
static int
iso_form(const char *s)
{
	const uint64_t digits = 0x00FFFF00FFFFFFFFULL;
	const uint64_t dashes = 0x2D00002D00000000ULL;
	const uint64_t threes = 0x3030303030303030ULL & digits;
	uint64_t x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&x, s, 8);
#else
	int i;

	for (i = 7; i >= 0; i--)	/* the first byte lowest */
		x = x << 8 | (unsigned char)s[i];
#endif
	if ((x & ~digits) != dashes || (x & 0xF0F0F0F0F0F0F0F0ULL &
	    digits) != threes || ((x + 0x0606060606060606ULL) &
	    0xF0F0F0F0F0F0F0F0ULL & digits) != threes)
		return 0;
	return (unsigned)(s[8] - '0') <= 9 && (unsigned)(s[9] - '0') <= 9;
}

/* Months' first days and lengths, per thread: a year's evidence falls in
 * a few months, and the civil arithmetic divides.  A zeroed slot is no
 * month (ym = y * 12 + m - 1 is at least 12). */
#define MONTH_CACHE 16

static _Thread_local struct {
	int32_t ym, first, len;
} month_cache[MONTH_CACHE];

/* The common case, YYYY-MM-DD (its digits checked), without the general
 * scan. */
static int
iso_day(const char *s, int32_t *out)
{
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	int32_t ym = y * 12 + m - 1;
	unsigned slot = (unsigned)ym % MONTH_CACHE;

	if (y < 1 || m < 1 || m > 12)
		return -1;
	if (month_cache[slot].ym != ym) {
		month_cache[slot].ym = ym;
		month_cache[slot].first = date_from_ymd(y, m, 1);
		month_cache[slot].len = month_len(y, m);
	}
	if (d < 1 || d > month_cache[slot].len)
		return -1;
	*out = month_cache[slot].first + d - 1;
	return 0;
}

/* date_parse for s[0..n) trimmed and not of exactly YYYY-MM-DD's bytes. */
static int
parse_other(const char *s, size_t n, int flags, int32_t *out)
{
	size_t i = 0;
	long a, b, c;
	int y, m, d;
	char sep;

	if ((flags & DATE_EXCEL) && n <= 12) {
		size_t k = 0, dots = 0;

		while (k < n && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.'))
			dots += s[k++] == '.';
		/* Two dots make D.M.YYYY (or M.D.YYYY), not a serial day. */
		if (k == n && dots <= 1)
			return parse_excel(s, n, out);
	}
	if ((a = digits(s, n, &i, 4)) < 0 || i >= n)
		return -1;
	sep = s[i];
	if (i == 4 && sep == '-') {
		/* ISO 8601: YYYY-MM-DD[Thh:mm[:ss][Z|+hh:mm]] */
		i++;
		if ((b = digits(s, n, &i, 2)) < 0 || i >= n || s[i] != '-')
			return -1;
		i++;
		if ((c = digits(s, n, &i, 2)) < 0)
			return -1;
		if (i < n) {
			if (s[i] != 'T' && s[i] != ' ')
				return -1;
			if (!iso_time(s + i + 1, n - i - 1))
				return -1;
		}
		y = (int)a, m = (int)b, d = (int)c;
	} else if (i <= 2 && (sep == '/' || sep == '.' || sep == '-')) {
		i++;
		if ((b = digits(s, n, &i, 2)) < 0 || i >= n || s[i] != sep)
			return -1;
		i++;
		if ((c = digits(s, n, &i, 4)) < 0 || c < 1000)
			return -1;
		if (i < n && (s[i] != ' ' || i + 1 >= n || s[i + 1] < '0' ||
		    s[i + 1] > '9'))
			return -1;
		y = (int)c;
		if (flags & DATE_DMY)
			d = (int)a, m = (int)b;
		else
			m = (int)a, d = (int)b;
	} else {
		return -1;
	}
	if (!date_valid_ymd(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

int
date_parse(const char *s, size_t n, int flags, int32_t *out)
{
	/* The common form first: it has nothing to trim. */
	if (n != 10 || !iso_form(s)) {
		s = util_trim(s, &n);
		if (n == 0)
			return -1;
		if (n != 10 || !iso_form(s))
			return parse_other(s, n, flags, out);
	}
	return iso_day(s, out);
}
