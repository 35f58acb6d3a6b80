/*
 * num.h - numbers and scores, parsed and printed independent of the locale.
 *
 * Nothing here allocates or looks at LC_NUMERIC.
 */
#ifndef PL_NUM_H
#define PL_NUM_H

#include <stddef.h>

/*
 * Parses the whole of s[0..n) (surrounding blanks ignored) as a finite
 * decimal number: [+-]digits[.digits][e[+-]digits].  With decimal_comma the
 * decimal mark is ',' instead of '.'.  Returns 0 and sets *out, or -1 (empty,
 * junk, NaN, infinity, overflow).  The result is correctly rounded.
 */
int num_parse(const char *s, size_t n, int decimal_comma, double *out);

/*
 * Writes v with at most 4 decimals, rounded half away from zero, without
 * trailing zeros or a trailing point; -0 is written 0.  From 1e11 on, and
 * for inf and nan, printf's "%.17g" (exact, and read back the same).  buf
 * must hold at least NUM_BUFSIZE bytes.  Returns the length written.
 */
#define NUM_BUFSIZE 48
size_t num_format(double v, char *buf);

/* The decimal digits of v (or u), written at o without a NUL; returns the
 * end.  o must hold 20 bytes. */
char *num_put_long(char *o, long v);
char *num_put_unsigned(char *o, unsigned long long u);

/* Rounds v half away from zero to the given number of decimals (0..9),
 * with a tolerance of a few units in the last place so that decimal ties computed in binary
 * (3.475) round up as decimal arithmetic would. */
double num_round(double v, int decimals);

/*
 * Rounds v half away from zero to the given number of decimals (0..9)
 * exactly as Ruby's Float#round does (round_half_up in CRuby's numeric.c),
 * which is what Canvas's outcome rollups call: v rounds up when it is at or
 * above the double nearest the decimal tie, so 3.475 (as written) gives 3.48
 * but a 3.185 computed as 3.1849999999999996 gives 3.18.  No tolerance.
 */
double num_round_ruby(double v, int decimals);

/* What score_parse found. */
enum score_status {
	SCORE_OK = 0,		/* a number */
	SCORE_NONE = 1,		/* empty, EX, excused, -, N/A: no evidence */
	SCORE_BAD = -1		/* not a score */
};

/*
 * Parses a score cell: 85, 3.5, 85% (max 100), 8/10 (max 10), or one of the
 * "no evidence" marks.  *value gets the points; *max gets the maximum the
 * cell itself states, or 0 when it states none.
 */
enum score_status score_parse(const char *s, size_t n, int decimal_comma,
    double *value, double *max);

#endif
