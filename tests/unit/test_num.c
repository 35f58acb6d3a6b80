#include <criterion/criterion.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

static double
parse(const char *s, int comma)
{
	double v = NAN;

	cr_assert_eq(num_parse(s, strlen(s), comma, &v), 0, "%s", s);
	return v;
}

static void
reject(const char *s)
{
	double v;

	cr_expect_eq(num_parse(s, strlen(s), 0, &v), -1, "%s", s);
}

Test(num, parse_exact)
{
	cr_expect_eq(parse("0.1", 0), 0.1);
	cr_expect_eq(parse("85", 0), 85.0);
	cr_expect_eq(parse("-3.25", 0), -3.25);
	cr_expect_eq(parse("+.5", 0), 0.5);
	cr_expect_eq(parse("3,5", 1), 3.5);
	cr_expect_eq(parse("1e3", 0), 1000.0);
	cr_expect_eq(parse("1e308", 0), 1e308);
	cr_expect_eq(parse("2.5E-3", 0), 0.0025);
	cr_expect_eq(parse("12345678901234567890123", 0), 12345678901234567890123.0);
	cr_expect_eq(parse("0.30000000000000004", 0), 0.30000000000000004);
	cr_expect_eq(parse(" 7 ", 0), 7.0);
	cr_expect(signbit(parse("-0", 0)));
}

/* Found by fuzzing: text of 512 bytes or more was refused. */
Test(num, parse_long_text)
{
	char buf[2100];
	size_t i;

	/* 1 and 600 zeros, times 10^-600. */
	buf[0] = '1';
	memset(buf + 1, '0', 600);
	strcpy(buf + 601, "e-600");
	cr_expect_eq(parse(buf, 0), 1.0);
	/* 3.333... with 2000 threes is 10/3 correctly rounded. */
	strcpy(buf, "3.");
	for (i = 2; i < 2002; i++)
		buf[i] = '3';
	buf[2002] = '\0';
	cr_expect_eq(parse(buf, 0), 10.0 / 3.0);
	/* 0,000...0125 with 700 zeros after the comma, times 10^702. */
	strcpy(buf, "-0,");
	memset(buf + 3, '0', 700);
	strcpy(buf + 703, "125e702");
	cr_expect_eq(parse(buf, 1), -12.5);
}

Test(num, parse_rejects)
{
	reject("");
	reject("abc");
	reject("NaN");
	reject("inf");
	reject("1e400");
	reject("3,5");
	reject("1.2.3");
	reject("5 6");
	reject("e5");
	reject("1e");
	reject("-");
	reject(".");
}

Test(num, format)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0, "0" }, { -0.0, "0" }, { 1, "1" }, { 0.5, "0.5" },
		{ 0.85, "0.85" }, { 1.0 / 3, "0.3333" }, { 2.0 / 3, "0.6667" },
		{ 0.99995, "1" }, { -0.00004, "0" }, { -1.25, "-1.25" },
		{ 123456.78901, "123456.789" }, { 3.475, "3.475" },
	};
	char buf[NUM_BUFSIZE];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		num_format(cases[i].v, buf);
		cr_expect_str_eq(buf, cases[i].want, "%.17g", cases[i].v);
	}
}

Test(num, format_ignores_locale)
{
	char buf[NUM_BUFSIZE];

	/* Whatever locale the user has, the point stays a point. */
	setlocale(LC_NUMERIC, "de_DE.UTF-8");
	num_format(3.5, buf);
	cr_expect_str_eq(buf, "3.5");
	cr_expect_eq(parse("3.5", 0), 3.5);
	setlocale(LC_NUMERIC, "C");
}

Test(num, round_like_canvas)
{
	cr_expect_eq(num_round(3.475, 2), 3.48);
	cr_expect_eq(num_round(3.5275, 2), 3.53);
	cr_expect_eq(num_round(2.125, 2), 2.13);
	cr_expect_eq(num_round(-2.125, 2), -2.13);
	cr_expect_eq(num_round(2.124999, 2), 2.12);
}

/*
 * Ruby's Float#round (CRuby numeric.c round_half_up), which Canvas's
 * rollups call: up at or above the double nearest the decimal tie, so a
 * written 2.675 or 1.005 rounds up but a 3.185 computed in binary as
 * 3.1849999999999996 (0.65 * 2.8 + 0.35 * 3.9) rounds down.
 */
Test(num, round_as_ruby)
{
	cr_expect_eq(num_round_ruby(3.475, 2), 3.48);
	cr_expect_eq(num_round_ruby(2.675, 2), 2.68);
	cr_expect_eq(num_round_ruby(1.005, 2), 1.01);
	cr_expect_eq(num_round_ruby(2.125, 2), 2.13);
	cr_expect_eq(num_round_ruby(-2.125, 2), -2.13);
	cr_expect_eq(num_round_ruby(-2.675, 2), -2.68);
	cr_expect_eq(num_round_ruby(2.124999, 2), 2.12);
	cr_expect_eq(num_round_ruby(3.1849999999999996, 2), 3.18);
	cr_expect_eq(num_round_ruby(2.9949999999999997, 2), 2.99);
	cr_expect_eq(num_round_ruby(2.995, 2), 3.0);
	cr_expect_eq(num_round_ruby(0, 2), 0);
	cr_expect_eq(num_round_ruby(6000000, 2), 6000000);
	/* num_round counts the near-tie as a tie */
	cr_expect_eq(num_round(3.1849999999999996, 2), 3.19);
}

/* Found by fuzzing: above 5e10 after scaling, the relative tolerance passed
 * 0.5 and every value was rounded up (6000000 printed as 6000000.0001). */
Test(num, round_large_values)
{
	char buf[NUM_BUFSIZE];

	cr_expect_eq(num_round(6000000, 4), 6000000);
	cr_expect_eq(num_round(85, 9), 85);
	cr_expect_eq(num_round(123456789.5, 4), 123456789.5);
	cr_expect_eq(num_round(12345678.12344, 4), 12345678.1234);
	cr_expect_eq(num_round(-6000000, 4), -6000000);
	num_format(6000000, buf);
	cr_expect_str_eq(buf, "6000000");
	num_format(123456789.5, buf);
	cr_expect_str_eq(buf, "123456789.5");
}

Test(score, forms)
{
	static const struct {
		const char *text;
		enum score_status st;
		double value, max;
	} cases[] = {
		{ "85", SCORE_OK, 85, 0 }, { "85%", SCORE_OK, 85, 100 },
		{ "8/10", SCORE_OK, 8, 10 }, { " 3.5 ", SCORE_OK, 3.5, 0 },
		{ "", SCORE_NONE, 0, 0 }, { "EX", SCORE_NONE, 0, 0 },
		{ "excused", SCORE_NONE, 0, 0 }, { "-", SCORE_NONE, 0, 0 },
		{ "N/A", SCORE_NONE, 0, 0 }, { "abc", SCORE_BAD, 0, 0 },
		{ "8/0", SCORE_BAD, 0, 0 }, { "%", SCORE_BAD, 0, 0 },
		{ "NaN", SCORE_BAD, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double v = -1, m = -1;
		enum score_status st = score_parse(cases[i].text,
		    strlen(cases[i].text), 0, &v, &m);

		cr_expect_eq(st, cases[i].st, "%s", cases[i].text);
		if (st == SCORE_OK) {
			cr_expect_eq(v, cases[i].value, "%s", cases[i].text);
			cr_expect_eq(m, cases[i].max, "%s", cases[i].text);
		}
	}
}

Test(num, large_values_keep_their_digits)
{
	char buf[NUM_BUFSIZE];

	num_format(24237223, buf);
	cr_expect_str_eq(buf, "24237223");
	num_format(123456789012.5, buf);
	cr_expect_str_eq(buf, "123456789012.5");
	cr_expect_eq(num_round(24237223, 4), 24237223);
}

/* num_format keeps recent numbers' text: the same number gives the same
 * text whether it is found there or made anew, and numbers that share a
 * place in it do not mix. */
Test(num, format_cache_gives_the_same_text)
{
	static char first[8001][NUM_BUFSIZE];
	char buf[NUM_BUFSIZE];
	int k, pass;

	for (k = 0; k <= 8000; k++)
		num_format((k - 4000) / 400.0, first[k]);
	for (pass = 0; pass < 2; pass++) {
		for (k = 8000; k >= 0; k--) {
			size_t n = num_format((k - 4000) / 400.0, buf);

			cr_assert_str_eq(buf, first[k], "%d", k);
			cr_assert_eq(n, strlen(first[k]));
		}
	}
	cr_assert_str_eq(first[4000 + 335], "0.8375");
	cr_assert_str_eq(first[4000 - 200], "-0.5");
	cr_assert_str_eq(first[4000], "0");
	num_format(-0.0, buf);
	cr_assert_str_eq(buf, "0");
	num_format(0.0, buf);
	cr_assert_str_eq(buf, "0");
}

/* What num_format writes, read back and written again, is the same text
 * (a fuzzer found 274877974793.0347 written back as ...0348, when large
 * magnitudes still took the 4-decimal path). */
Test(num, format_is_idempotent_at_large_magnitudes)
{
	static const double v[] = { 274877974793.03467, 99999999999.99995,
	    1e11, 123456789012.5, 8.9e14, -5.5e13, 12345.67885 };
	char a[NUM_BUFSIZE], b[NUM_BUFSIZE];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		double back;

		num_format(v[i], a);
		cr_assert_eq(num_parse(a, strlen(a), 0, &back), 0, "%s", a);
		num_format(back, b);
		cr_assert_str_eq(a, b, "%.17g", v[i]);
	}
	num_format(1e11, a);
	cr_assert_str_eq(a, "100000000000");
	num_format(99999999999.5, a);
	cr_assert_str_eq(a, "99999999999.5");
}

/* Decimal digits, with the extremes. */
Test(num, puts_whole_numbers)
{
	char buf[32], want[32];

	*num_put_long(buf, 0) = '\0';
	cr_expect_str_eq(buf, "0");
	*num_put_long(buf, -42) = '\0';
	cr_expect_str_eq(buf, "-42");
	*num_put_long(buf, LONG_MAX) = '\0';
	snprintf(want, sizeof want, "%ld", LONG_MAX);
	cr_expect_str_eq(buf, want);
	*num_put_long(buf, LONG_MIN) = '\0';
	snprintf(want, sizeof want, "%ld", LONG_MIN);
	cr_expect_str_eq(buf, want);
	*num_put_unsigned(buf, ULLONG_MAX) = '\0';
	snprintf(want, sizeof want, "%llu", ULLONG_MAX);
	cr_expect_str_eq(buf, want);
	/* Every number from -1000 to 1000 (one digit has its own path), and
	 * each power of ten and its neighbours. */
	{
		long v;
		unsigned long long p;

		for (v = -1000; v <= 1000; v++) {
			*num_put_long(buf, v) = '\0';
			snprintf(want, sizeof want, "%ld", v);
			cr_expect_str_eq(buf, want);
		}
		for (p = 1; p <= ULLONG_MAX / 10; p *= 10) {
			unsigned long long u;

			for (u = p - 1; u <= p + 1; u++) {
				*num_put_unsigned(buf, u) = '\0';
				snprintf(want, sizeof want, "%llu", u);
				cr_expect_str_eq(buf, want);
			}
		}
	}
}
