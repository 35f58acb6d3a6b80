/*
 * num.c - locale-independent number parsing (Clinger's fast path, with
 * strtod_l in the "C" locale for the rare hard cases) and printing.
 */
#define _GNU_SOURCE
#include "num.h"
#include "util.h"

#include <locale.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double POW10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* The "C" locale, made once even when threads parse at the same time. */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
make_c_locale(void)
{
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* Significant digits kept for strtod: enough, with the sticky digit, to
 * round correctly (a midpoint between doubles has at most 767). */
#define SLOW_DIGITS 800

/*
 * Correctly rounded |s[0..n)| by strtod_l in the "C" locale; s already
 * matches the grammar.  Text too long for the buffer is rewritten as
 * 0.DDDDe<exp> with SLOW_DIGITS significant digits and a sticky 1 for any
 * nonzero digit dropped, which rounds the same.
 */
static double
slow_parse(const char *s, size_t n, int decimal_comma)
{
	char buf[SLOW_DIGITS + 64];
	char mark = decimal_comma ? ',' : '.';
	size_t i = 0, len = 0, nd = 0;
	long point = 0, e = 0;
	int seen = 0, frac = 0, sticky = 0, eneg = 0;

	pthread_once(&c_locale_once, make_c_locale);
	if (c_locale == (locale_t)0)
		return NAN;
	if (n < sizeof buf) {
		for (i = 0; i < n; i++)
			buf[i] = (decimal_comma && s[i] == ',') ? '.' : s[i];
		buf[n] = '\0';
		return strtod_l(buf, NULL, c_locale);
	}
	if (s[i] == '+' || s[i] == '-')
		i++;
	buf[len++] = '0';
	buf[len++] = '.';
	for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
		if (s[i] == mark) {
			frac = 1;
			continue;
		}
		if (!seen && s[i] == '0') {
			if (frac)
				point--;
			continue;
		}
		seen = 1;
		if (!frac)
			point++;
		if (nd < SLOW_DIGITS) {
			buf[len++] = s[i];
			nd++;
		} else if (s[i] != '0') {
			sticky = 1;
		}
	}
	if (!seen)
		return 0;
	if (sticky)
		buf[len++] = '1';
	if (i < n) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			eneg = s[i++] == '-';
		for (; i < n; i++)
			if (e < 100000)
				e = e * 10 + (s[i] - '0');
	}
	snprintf(buf + len, sizeof buf - len, "e%ld", point + (eneg ? -e : e));
	return strtod_l(buf, NULL, c_locale);
}

int
num_parse(const char *s, size_t n, int decimal_comma, double *out)
{
	const char *p;
	size_t i = 0, nd = 0, fracd = 0;
	uint64_t mant = 0;
	int neg = 0, exp = 0, exact = 1, any = 0;
	char mark = decimal_comma ? ',' : '.';
	double v;

	p = util_trim(s, &n);
	if (n == 0)
		return -1;
	if (p[i] == '+' || p[i] == '-')
		neg = p[i++] == '-';
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, any = 1) {
		if (nd < 19) {
			mant = mant * 10 + (uint64_t)(p[i] - '0');
			if (mant)
				nd++;
		} else {
			exact = 0;
			exp++;
		}
	}
	if (i < n && p[i] == mark) {
		for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++, any = 1) {
			if (nd < 19) {
				mant = mant * 10 + (uint64_t)(p[i] - '0');
				if (mant)
					nd++;
				fracd++;
			} else if (p[i] != '0') {
				exact = 0;
			}
		}
	}
	if (!any)
		return -1;
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		int eneg = 0;
		long e = 0;
		size_t start;

		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			eneg = p[i++] == '-';
		start = i;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			if (e < 100000)
				e = e * 10 + (p[i] - '0');
		if (i == start)
			return -1;
		exp += (int)(eneg ? -e : e);
	}
	if (i != n)
		return -1;
	exp -= (int)fracd;
	if (exact && mant <= (1ULL << 53) && exp >= -22 && exp <= 22) {
		v = (double)mant;
		v = exp < 0 ? v / POW10[-exp] : v * POW10[exp];
	} else {
		v = fabs(slow_parse(p, n, decimal_comma));
	}
	if (!isfinite(v))
		return -1;
	*out = neg ? -v : v;
	return 0;
}

double
num_round(double v, int decimals)
{
	double scale = POW10[decimals < 0 ? 0 : decimals > 9 ? 9 : decimals];
	double x = fabs(v) * scale;
	double r, tol;

	if (!isfinite(x) || x > 4e15)
		return v;
	/* A decimal tie such as 3.475 * 100 lands a few units in the last
	 * place below .5; accept that much (about 4.5 ulp), never more than
	 * 0.001: wider, it rounded every large value up. */
	tol = 1e-15 * (x > 1 ? x : 1);
	if (tol > 1e-3)
		tol = 1e-3;
	/* floor, without a call: 0 <= x <= 4e15 < 2^63. */
	r = (double)(int64_t)x;
	if (x - r >= 0.5 - tol)
		r += 1;
	r /= scale;
	return v < 0 ? -r : r;
}

double
num_round_ruby(double v, int decimals)
{
	double s = POW10[decimals < 0 ? 0 : decimals > 9 ? 9 : decimals];
	double f;

	if (!isfinite(v) || fabs(v) * s > 4e15)
		return v;
	f = round(v * s);
	if (v > 0 && (f + 0.5) / s <= v)
		f += 1;
	else if (v < 0 && (f - 0.5) / s >= v)
		f -= 1;
	return f / s;
}

/*
 * Recent numbers' text, per thread: a mastery table writes a few hundred
 * distinct scores (rounded to hundredths of a maximum) millions of times.
 * A slot is empty while its length is 0.
 */
#define NUM_CACHE 256

static _Thread_local struct {
	uint64_t bits;
	unsigned char len;
	char text[23];
} num_cache[NUM_CACHE];

static size_t num_format_uncached(double v, char *buf);

char *
num_put_unsigned(char *o, unsigned long long u)
{
	char tmp[24];
	size_t k = 0;

	if (u < 10) {		/* a count of scores, mostly */
		*o++ = (char)('0' + u);
		return o;
	}
	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	while (k > 0)
		*o++ = tmp[--k];
	return o;
}

char *
num_put_long(char *o, long v)
{
	if (v < 0) {
		*o++ = '-';
		return num_put_unsigned(o, 0ull - (unsigned long long)v);
	}
	return num_put_unsigned(o, (unsigned long long)v);
}

size_t
num_format(double v, char *buf)
{
	uint64_t bits;
	unsigned slot;
	size_t len;

	memcpy(&bits, &v, sizeof bits);
	slot = (unsigned)((bits * 0x9e3779b97f4a7c15ULL) >> 56);
	if (num_cache[slot].len > 0 && num_cache[slot].bits == bits) {
		len = num_cache[slot].len;
		memcpy(buf, num_cache[slot].text, len);
		buf[len] = '\0';
		return len;
	}
	len = num_format_uncached(v, buf);
	if (len > 0 && len < sizeof num_cache[slot].text) {
		num_cache[slot].bits = bits;
		num_cache[slot].len = (unsigned char)len;
		memcpy(num_cache[slot].text, buf, len);
	}
	return len;
}

static size_t
num_format_uncached(double v, char *buf)
{
	double r = num_round(v, 4);
	double a = fabs(r);
	uint64_t whole, frac;
	char tmp[32];
	size_t len = 0, k = 0;
	int d;

	if (!isfinite(v) || a >= 1e11) {
		/* Out of the 4-decimal range (from 1e11 on, v * 1e4 has too
		 * few bits left below the point to round the same way twice):
		 * 17 significant digits, exact, in the C locale's notation. */
		int m = snprintf(buf, NUM_BUFSIZE, "%.17g", v);
		return m < 0 ? 0 : (size_t)m;
	}
	whole = (uint64_t)a;
	{
		/* llround of x >= 0, without the call: x - f is exact. */
		double x = (a - (double)whole) * 10000.0;

		frac = (uint64_t)x;
		if (x - (double)frac >= 0.5)
			frac++;
	}
	if (frac >= 10000) {
		whole++;
		frac -= 10000;
	}
	if (r < 0 && (whole || frac))
		buf[len++] = '-';
	do {
		tmp[k++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	while (k)
		buf[len++] = tmp[--k];
	if (frac) {
		buf[len++] = '.';
		for (d = 1000; d > 0 && frac; d /= 10) {
			buf[len++] = (char)('0' + frac / (uint64_t)d);
			frac %= (uint64_t)d;
		}
	}
	buf[len] = '\0';
	return len;
}

static int
is_no_evidence(const char *s, size_t n)
{
	static const char *marks[] = { "ex", "excused", "-", "n/a", "na" };
	size_t i;

	if (n == 0)
		return 1;
	if (s[0] >= '0' && s[0] <= '9')
		return 0;
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (util_strncaseeq(s, n, marks[i]))
			return 1;
	return 0;
}

enum score_status
score_parse(const char *s, size_t n, int decimal_comma, double *value,
    double *max)
{
	const char *slash;

	s = util_trim(s, &n);
	*max = 0;
	if (is_no_evidence(s, n))
		return SCORE_NONE;
	/* A plain number, nearly always: no need to look for '/'. */
	if (num_parse(s, n, decimal_comma, value) == 0)
		return SCORE_OK;
	if (s[n - 1] == '%') {
		if (num_parse(s, n - 1, decimal_comma, value) != 0)
			return SCORE_BAD;
		*max = 100;
		return SCORE_OK;
	}
	slash = memchr(s, '/', n);
	if (slash != NULL) {
		size_t left = (size_t)(slash - s);

		if (num_parse(s, left, decimal_comma, value) != 0 ||
		    num_parse(slash + 1, n - left - 1, decimal_comma, max) != 0 ||
		    !(*max > 0))
			return SCORE_BAD;
		return SCORE_OK;
	}
	return SCORE_BAD;
}
