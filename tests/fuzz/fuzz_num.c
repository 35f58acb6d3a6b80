/*
 * fuzz_num.c - num_parse, num_format, num_round and score_parse on
 * arbitrary bytes.  Oracles: num_parse accepts exactly the documented
 * grammar [+-]digits[.digits][e[+-]digits] (blanks around) with a finite
 * value, and gives the correctly rounded value strtod gives in the C
 * locale; num_format writes at most NUM_BUFSIZE bytes, NUL-terminated,
 * that parse back to the value rounded to 4 decimals; score_parse agrees
 * with num_parse on each of its forms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "num.h"
#include "util.h"

/* 1 when s[0..n), blanks trimmed, matches the grammar with mark as the
 * decimal mark. */
static int
grammar(const char *s, size_t n, char mark)
{
	size_t i = 0, d = 0;

	s = util_trim(s, &n);
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (i < n && s[i] == mark)
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			d++;
	if (d == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, e++;
		if (e == 0)
			return 0;
	}
	return i == n;
}

/* strtod in the C locale on the trimmed text, ',' read as '.' when
 * decimal_comma.  Sets *finite to 0 on overflow. */
static double
reference(const char *s, size_t n, int decimal_comma, int *finite)
{
	static locale_t c;
	char *buf = xmalloc(n + 1), *end;
	double v;
	size_t i;

	if (c == (locale_t)0)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	s = util_trim(s, &n);
	for (i = 0; i < n; i++)
		buf[i] = decimal_comma && s[i] == ',' ? '.' : s[i];
	buf[n] = '\0';
	errno = 0;
	v = strtod_l(buf, &end, c);
	FUZZ_CHECK(end == buf + n, "strtod stopped early on \"%s\"", buf);
	*finite = isfinite(v);
	free(buf);
	return v;
}

static void
check_parse(const char *s, size_t n, int dc)
{
	double v = 12345, ref;
	int ok = num_parse(s, n, dc, &v) == 0, g = grammar(s, n, dc ? ',' : '.');
	int finite;

	if (!g) {
		FUZZ_CHECK(!ok, "accepted \"%.*s\" outside the grammar", (int)n, s);
		return;
	}
	ref = reference(s, n, dc, &finite);
	if (!finite) {
		FUZZ_CHECK(!ok, "accepted \"%.*s\" which overflows", (int)n, s);
		return;
	}
	FUZZ_CHECK(ok, "refused \"%.*s\" (strtod: %.17g)", (int)n, s, ref);
	FUZZ_CHECK(memcmp(&v, &ref, sizeof v) == 0,
	    "\"%.*s\" read as %.17g, strtod says %.17g", (int)n, s, v, ref);
}

static void
check_format(double v)
{
	char buf[NUM_BUFSIZE + 16];
	size_t len, i;
	double back;

	memset(buf, 'Z', sizeof buf);
	len = num_format(v, buf);
	FUZZ_CHECK(len < NUM_BUFSIZE && buf[len] == '\0' &&
	    strlen(buf) == len, "num_format(%.17g) wrote %zu", v, len);
	for (i = NUM_BUFSIZE; i < sizeof buf; i++)
		FUZZ_CHECK(buf[i] == 'Z', "num_format(%.17g) overran", v);
	if (!isfinite(v))
		return;
	FUZZ_CHECK(num_parse(buf, len, 0, &back) == 0, "\"%s\" does not "
	    "parse back (%.17g)", buf, v);
	if (fabs(v) < 9e14)
		FUZZ_CHECK(fabs(back - v) <= 0.00005 + 1e-9 * fabs(v),
		    "%.17g written \"%s\"", v, buf);
	else
		FUZZ_CHECK(back == v, "%.17g written \"%s\"", v, buf);
	FUZZ_CHECK(strcmp(buf, "-0") != 0, "-0 written");
	/* Formatting is idempotent: what it writes, it writes again. */
	{
		char again[NUM_BUFSIZE];

		num_format(back, again);
		FUZZ_CHECK(strcmp(again, buf) == 0, "\"%s\" then \"%s\"", buf,
		    again);
	}
}

static void
check_score(const char *s, size_t n, int dc)
{
	double v = -7, max = -7, a, b;
	enum score_status st = score_parse(s, n, dc, &v, &max);
	const char *t = util_trim(s, &n), *slash;

	FUZZ_CHECK(st == SCORE_OK || st == SCORE_NONE || st == SCORE_BAD,
	    "status %d", (int)st);
	if (st != SCORE_OK)
		return;
	FUZZ_CHECK(isfinite(v) && isfinite(max) && max >= 0, "value %g max %g",
	    v, max);
	if (t[n - 1] == '%') {
		FUZZ_CHECK(max == 100 && num_parse(t, n - 1, dc, &a) == 0 &&
		    a == v, "percent \"%.*s\"", (int)n, t);
	} else if ((slash = memchr(t, '/', n)) != NULL) {
		FUZZ_CHECK(max > 0 && num_parse(t, (size_t)(slash - t), dc,
		    &a) == 0 && a == v && num_parse(slash + 1,
		    n - (size_t)(slash - t) - 1, dc, &b) == 0 && b == max,
		    "fraction \"%.*s\"", (int)n, t);
	} else {
		FUZZ_CHECK(max == 0 && num_parse(t, n, dc, &a) == 0 && a == v,
		    "plain \"%.*s\"", (int)n, t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	double v;
	int dc, d;

	for (dc = 0; dc < 2; dc++) {
		check_parse(s, size, dc);
		check_score(s, size, dc);
		if (num_parse(s, size, dc, &v) == 0) {
			check_format(v);
			for (d = 0; d <= 9; d++) {
				double r = num_round(v, d);

				FUZZ_CHECK(fabs(v) > 4e15 / pow(10, d) ? r == v :
				    fabs(r - v) <= 0.501 * pow(10, -d) +
				    1e-15 * fabs(v), "num_round(%.17g, %d) = %.17g",
				    v, d, r);
			}
		}
	}
	/* Any 8 bytes as a double, NaN and infinities included. */
	if (size >= 8) {
		memcpy(&v, data, sizeof v);
		check_format(v);
	}
	return 0;
}
