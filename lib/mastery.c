/*
 * mastery.c - mastery rules and scales: the rule language (parse and
 * canonical text), the levels of a scale, and the arithmetic of every rule
 * except BKT, matched to the systems it is named after (Canvas, PowerSchool,
 * Mastery Connect, JumpRope, Empower; see research/mastery-anchors.md).
 *
 * mastery_eval walks the scores once, keeping for each rule a small running
 * state, and reads the rule's value at the end of each date so that the
 * first date of mastery comes out of the same pass.
 */
#include "mastery.h"
#include "date.h"
#include "num.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a score within a hair of a cut or a threshold is read: on it. */
#define CUT_TOLERANCE 1e-9
/* power-law: a score of 0 is fitted as this fraction of the maximum. */
#define POWER_FLOOR 0.01

static const char RULES_ACCEPTED[] =
    "rules are decaying[:W], weighted[:W], n-times[:N[@T]], recent, "
    "highest, mean, median, mode, highest-of-last:N, mean-of-last:N, "
    "power-law, best-fit, bkt, bkt:fit (W in (0,1) or a percent such as "
    "65; N 1..100; T in 0..1 or a percent)";

static const char SCALE_ACCEPTED[] =
    "a scale is written name<cut<name..., e.g. "
    "beginning<0.5<developing<0.75<proficient<0.9<advanced, with 2 to 16 "
    "names and cuts strictly increasing in (0,1] (or percents such as 80%)";

struct kind_name {
	const char *name;
	enum mastery_kind kind;
};

/* The canonical names first; aliases after them. */
static const struct kind_name KINDS[] = {
	{"decaying", MASTERY_DECAYING},
	{"weighted", MASTERY_WEIGHTED},
	{"n-times", MASTERY_N_TIMES},
	{"recent", MASTERY_RECENT},
	{"highest", MASTERY_HIGHEST},
	{"mean", MASTERY_MEAN},
	{"median", MASTERY_MEDIAN},
	{"mode", MASTERY_MODE},
	{"highest-of-last", MASTERY_HIGHEST_OF_LAST},
	{"mean-of-last", MASTERY_MEAN_OF_LAST},
	{"power-law", MASTERY_POWER_LAW},
	{"best-fit", MASTERY_BEST_FIT},
	{"bkt", MASTERY_BKT},
	{"latest", MASTERY_RECENT},
	{"average", MASTERY_MEAN},
};

/* The canonical name of a kind. */
static const char *
kind_name(enum mastery_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
		if (KINDS[i].kind == kind)
			return KINDS[i].name;
	return "?";
}

/* Sets err to "invalid rule TEXT: why; the accepted forms". */
static void
rule_error(struct pl_err *err, const char *text, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void
rule_error(struct pl_err *err, const char *text, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	pl_err_set(err, NULL, 0, PL_EXIT_USAGE,
	    "invalid rule \"%.100s\": %s; %s", text, why, RULES_ACCEPTED);
}

/* The length of a part of the text as a printf precision, capped. */
static int
cap(size_t n)
{
	return (int)(n > 60 ? 60 : n);
}

/*
 * Reads a whole number 1..MASTERY_MAX_N from s[0..n) (blanks around it
 * allowed).  Returns 0, or -1.
 */
static int
parse_count(const char *s, size_t n, int *out)
{
	long v = 0;
	size_t i;

	s = util_trim(s, &n);
	if (n == 0 || n > 6)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > MASTERY_MAX_N)
		return -1;
	*out = (int)v;
	return 0;
}

/*
 * Reads a fraction from s[0..n): "0.65", "65" or "65%".  For a weight
 * (threshold 0) the fraction lies in (0,1) and 1 is refused; for a threshold
 * (1) it lies in 0..1 and a bare number up to 1 is a fraction.  At most 4
 * decimals as a fraction.  Returns 0, or -1.
 */
static int
parse_fraction(const char *s, size_t n, int threshold, double *out)
{
	int pct = 0;
	double v;

	s = util_trim(s, &n);
	if (n > 0 && s[n - 1] == '%') {
		pct = 1;
		n--;
	}
	if (n == 0 || num_parse(s, n, 0, &v) != 0)
		return -1;
	if (threshold) {
		if (v < 0 || v > 100 || (pct && v > 100))
			return -1;
		if (pct || v > 1)
			v /= 100;
	} else {
		if (v <= 0 || v >= 100 || (!pct && v == 1))
			return -1;
		if (pct || v > 1)
			v /= 100;
	}
	if (fabs(v - num_round(v, 4)) > 1e-12)
		return -1;
	v = num_round(v, 4);
	/* Rounding may reach an end: 0.9999999999999995 is a weight of 1. */
	if (threshold ? v < 0 || v > 1 : v <= 0 || v >= 1)
		return -1;
	*out = v;
	return 0;
}

int
mastery_rule_parse(const char *text, struct mastery_rule *r,
    struct pl_err *err)
{
	const char *s, *colon, *arg = NULL, *at;
	size_t n, namelen, arglen = 0, i;
	struct mastery_rule rule;
	int found = 0;

	memset(&rule, 0, sizeof rule);
	if (text == NULL)
		text = "";
	n = strlen(text);
	s = util_trim(text, &n);
	if (n == 0) {
		rule_error(err, text, "the rule is empty");
		return -1;
	}
	colon = memchr(s, ':', n);
	namelen = colon ? (size_t)(colon - s) : n;
	if (colon) {
		arg = colon + 1;
		arglen = n - namelen - 1;
	}
	{
		const char *nm = s;
		size_t nl = namelen;

		nm = util_trim(nm, &nl);
		for (i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
			if (util_strncaseeq(nm, nl, KINDS[i].name)) {
				rule.kind = KINDS[i].kind;
				found = 1;
				break;
			}
		}
		if (!found) {
			rule_error(err, text, "unknown rule \"%.*s\"", cap(nl), nm);
			return -1;
		}
	}

	switch (rule.kind) {
	case MASTERY_DECAYING:
	case MASTERY_WEIGHTED:
		rule.weight = MASTERY_DEFAULT_WEIGHT;
		if (arg && parse_fraction(arg, arglen, 0, &rule.weight) != 0) {
			rule_error(err, text,
			    "weight \"%.*s\" is not a fraction in (0,1) or a "
			    "percent with at most 2 decimals", cap(arglen), arg);
			return -1;
		}
		break;
	case MASTERY_N_TIMES:
		rule.n = MASTERY_DEFAULT_N;
		rule.threshold = -1;
		if (arg == NULL)
			break;
		at = memchr(arg, '@', arglen);
		if (parse_count(arg, at ? (size_t)(at - arg) : arglen,
		    &rule.n) != 0) {
			rule_error(err, text,
			    "count \"%.*s\" is not a whole number 1..100",
			    cap(at ? (size_t)(at - arg) : arglen), arg);
			return -1;
		}
		if (at && parse_fraction(at + 1, arglen - (size_t)(at - arg) - 1,
		    1, &rule.threshold) != 0) {
			rule_error(err, text,
			    "threshold \"%.*s\" is not in 0..1 or a percent",
			    cap(arglen - (size_t)(at - arg) - 1), at + 1);
			return -1;
		}
		break;
	case MASTERY_HIGHEST_OF_LAST:
	case MASTERY_MEAN_OF_LAST:
		if (arg == NULL) {
			rule_error(err, text, "%.*s needs a count, as in %.*s:5",
			    cap(namelen), s, cap(namelen), s);
			return -1;
		}
		if (parse_count(arg, arglen, &rule.n) != 0) {
			rule_error(err, text,
			    "count \"%.*s\" is not a whole number 1..100",
			    cap(arglen), arg);
			return -1;
		}
		break;
	case MASTERY_BKT:
		if (arg) {
			const char *a = arg;
			size_t al = arglen;

			a = util_trim(a, &al);
			if (!util_strncaseeq(a, al, "fit")) {
				rule_error(err, text,
				    "bkt takes only \":fit\", not \"%.*s\"",
				    cap(arglen), arg);
				return -1;
			}
			rule.fit = 1;
		}
		break;
	default:
		if (arg) {
			rule_error(err, text, "%.*s takes no parameter",
			    cap(namelen), s);
			return -1;
		}
		break;
	}
	*r = rule;
	return 0;
}

size_t
mastery_rule_format(const struct mastery_rule *r, char *buf, size_t size)
{
	char num[NUM_BUFSIZE], num2[NUM_BUFSIZE];
	const char *name = kind_name(r->kind);
	int len;

	switch (r->kind) {
	case MASTERY_DECAYING:
	case MASTERY_WEIGHTED:
		num_format(r->weight, num);
		len = snprintf(buf, size, "%s:%s", name, num);
		break;
	case MASTERY_N_TIMES:
		if (r->threshold < 0) {
			len = snprintf(buf, size, "%s:%d", name, r->n);
		} else {
			num_format(r->threshold, num2);
			len = snprintf(buf, size, "%s:%d@%s", name, r->n, num2);
		}
		break;
	case MASTERY_HIGHEST_OF_LAST:
	case MASTERY_MEAN_OF_LAST:
		len = snprintf(buf, size, "%s:%d", name, r->n);
		break;
	case MASTERY_BKT:
		len = snprintf(buf, size, "%s%s", name, r->fit ? ":fit" : "");
		break;
	default:
		len = snprintf(buf, size, "%s", name);
		break;
	}
	return len < 0 ? 0 : (size_t)len;
}

/* Scales. */

static void
scale_error(struct pl_err *err, const char *text, const char *why)
{
	pl_err_set(err, NULL, 0, PL_EXIT_USAGE, "invalid scale \"%.200s\": %s; %s",
	    text, why, SCALE_ACCEPTED);
}

/* 1 when s[0..n) may name a level. */
static int
valid_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n >= MASTERY_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
		    c == ' '))
			return 0;
	}
	return 1;
}

/* Reads a cut: a number in (0,1] or a percent "80%" in (0,100]. */
static int
parse_cut(const char *s, size_t n, double *out)
{
	int pct = 0;
	double v;

	if (n > 0 && s[n - 1] == '%') {
		pct = 1;
		n--;
	}
	if (n == 0 || num_parse(s, n, 0, &v) != 0)
		return -1;
	if (pct)
		v /= 100;
	/* Within CUT_TOLERANCE of 0 a cut would swallow the level below. */
	if (!(v > CUT_TOLERANCE && v <= 1))
		return -1;
	*out = v;
	return 0;
}

int
mastery_scale_parse(const char *text, struct mastery_scale *s,
    struct pl_err *err)
{
	struct mastery_scale sc;
	const char *p, *end, *lt;
	char why[160];
	int k = 0, i, j;

	memset(&sc, 0, sizeof sc);
	if (text == NULL)
		text = "";
	p = text;
	end = text + strlen(text);
	for (;;) {
		size_t len;
		const char *tok;

		lt = memchr(p, '<', (size_t)(end - p));
		len = (size_t)((lt ? lt : end) - p);
		tok = util_trim(p, &len);
		if (k % 2 == 0) {
			int lvl = k / 2;

			if (lvl >= MASTERY_LEVELS_MAX) {
				scale_error(err, text, "more than 16 levels");
				return -1;
			}
			if (len == 0) {
				scale_error(err, text, "a level name is missing");
				return -1;
			}
			if (!valid_name(tok, len)) {
				snprintf(why, sizeof why, "level name \"%.*s\" "
				    "may hold only letters, digits, '_', '-', "
				    "'.' and inner spaces, up to 31 bytes",
				    (int)(len > 40 ? 40 : len), tok);
				scale_error(err, text, why);
				return -1;
			}
			memcpy(sc.name[lvl], tok, len);
			sc.name[lvl][len] = '\0';
			if (util_strcaseeq(sc.name[lvl], MASTERY_NOT_YET_NAME)) {
				scale_error(err, text,
				    "\"not_yet\" is reserved for no score");
				return -1;
			}
			for (j = 0; j < lvl; j++) {
				if (util_strcaseeq(sc.name[j], sc.name[lvl])) {
					snprintf(why, sizeof why,
					    "level \"%s\" appears twice",
					    sc.name[lvl]);
					scale_error(err, text, why);
					return -1;
				}
			}
			sc.nlevels = lvl + 1;
		} else {
			int lvl = k / 2 + 1;
			double c;

			if (lvl >= MASTERY_LEVELS_MAX) {
				scale_error(err, text, "more than 16 levels");
				return -1;
			}
			if (parse_cut(tok, len, &c) != 0) {
				snprintf(why, sizeof why, "cut \"%.*s\" is not "
				    "a number in (0,1] or a percent",
				    (int)(len > 40 ? 40 : len), tok);
				scale_error(err, text, why);
				return -1;
			}
			/* Cuts closer than CUT_TOLERANCE would read a score on
			 * the upper one as the level above the lower one. */
			if (lvl > 1 && c <= sc.cut[lvl - 1] + CUT_TOLERANCE) {
				char prev[NUM_BUFSIZE];

				num_format(sc.cut[lvl - 1], prev);
				snprintf(why, sizeof why, "cut \"%.*s\" is not "
				    "above the previous cut %s",
				    (int)(len > 40 ? 40 : len), tok, prev);
				scale_error(err, text, why);
				return -1;
			}
			sc.cut[lvl] = c;
		}
		k++;
		if (lt == NULL)
			break;
		p = lt + 1;
	}
	if (k % 2 == 0) {
		scale_error(err, text, "it ends with a cut, not a level name");
		return -1;
	}
	if (sc.nlevels < 2) {
		scale_error(err, text, "it needs at least two levels");
		return -1;
	}
	sc.mastery_level = sc.nlevels - 1;
	for (i = 0; i < sc.nlevels; i++)
		if (util_strcaseeq(sc.name[i], "proficient"))
			sc.mastery_level = i;
	*s = sc;
	return 0;
}

void
mastery_scale_default(struct mastery_scale *s)
{
	static const char *const names[] = {
		"beginning", "developing", "proficient", "advanced"
	};
	static const double cuts[] = { 0, 0.5, 0.75, 0.9 };
	int i;

	memset(s, 0, sizeof *s);
	s->nlevels = 4;
	s->mastery_level = 2;
	for (i = 0; i < 4; i++) {
		snprintf(s->name[i], sizeof s->name[i], "%s", names[i]);
		s->cut[i] = cuts[i];
	}
}

int
mastery_scale_set_mastery(struct mastery_scale *s, const char *name,
    struct pl_err *err)
{
	char list[MASTERY_LEVELS_MAX * (MASTERY_NAME_MAX + 2)];
	size_t len = 0, nl = name ? strlen(name) : 0;
	const char *nm = name ? util_trim(name, &nl) : "";
	int i;

	for (i = 0; i < s->nlevels; i++) {
		if (util_strncaseeq(nm, nl, s->name[i])) {
			s->mastery_level = i;
			return 0;
		}
	}
	list[0] = '\0';
	for (i = 0; i < s->nlevels; i++) {
		int m = snprintf(list + len, sizeof list - len, "%s%s",
		    i ? ", " : "", s->name[i]);

		if (m > 0)
			len += (size_t)m;
	}
	pl_err_set(err, NULL, 0, PL_EXIT_USAGE,
	    "mastery level \"%.*s\" is not a level of the scale; levels are %s",
	    (int)(nl > 60 ? 60 : nl), nm, list);
	return -1;
}

int
mastery_scale_level(const struct mastery_scale *s, double score01)
{
	int level = 0;

	while (level + 1 < s->nlevels &&
	    score01 >= s->cut[level + 1] - CUT_TOLERANCE)
		level++;
	return level;
}

const char *
mastery_scale_name(const struct mastery_scale *s, int level)
{
	if (level < 0 || level >= s->nlevels)
		return MASTERY_NOT_YET_NAME;
	return s->name[level];
}

double
mastery_scale_cut(const struct mastery_scale *s)
{
	return s->cut[s->mastery_level];
}

/* Evaluation. */

/*
 * The weights of the newest score (*take) and of the rest (*keep) as Canvas
 * computes them from its whole-percent calculation_int k: 0.01 * k and
 * 0.01 * (100 - k).  These are not always the doubles w and 1 - w (for 65,
 * 0.01 * 35 is 0.35000000000000003, 1 - 0.65 is 0.35), and a result near a
 * tie rounds on that difference.  A W that is no whole percent has no
 * Canvas form: w and 1 - w.
 */
static void
canvas_weights(double w, double *take, double *keep)
{
	double k = w * 100, r = floor(k + 0.5);

	if (fabs(k - r) < 1e-9 && r >= 1 && r <= 99) {
		*take = 0.01 * r;
		*keep = 0.01 * (100 - r);
	} else {
		*take = w;
		*keep = 1 - w;
	}
}

/* mastery_decay_step, with w's weights from canvas_weights. */
static void
decay_step(double *d, int *seen, double w, double take, double keep,
    double value, double weight)
{
	if (!(weight > 0))
		return;
	if (!*seen) {
		*d = value;
		*seen = 1;
	} else if (weight == 1) {
		/* Canvas's own constants and order of operations
		 * (standard_decaying_average), so ties round alike. */
		*d = *d * keep + value * take;
	} else {
		keep = pow(1 - w, weight);
		*d = keep * *d + (1 - keep) * value;
	}
}

void
mastery_decay_step(double *d, int *seen, double w, double value,
    double weight)
{
	double take, keep;

	canvas_weights(w, &take, &keep);
	decay_step(d, seen, w, take, keep, value, weight);
}

/*
 * The running state of one rule over a growing prefix of the scores.  The
 * values fed are points (one shared max) or points/max (mixed maxima).
 */
struct acc {
	const struct mastery_rule *r;
	const struct mastery_obs *obs;
	int mixed;
	int unit_weights;	/* every score fed weighs 1, as in Canvas */
	double range;		/* the largest possible value: max, or 1 */
	double threshold;	/* n-times: T on this scale */
	size_t n;		/* scores fed */
	double sw, swv;		/* weight and weighted value sums */
	double swv_c;		/* swv's compensation (kb_add) */
	double d;		/* decaying */
	double take, keep;	/* its weights, once a pair (canvas_weights) */
	int seen;
	double hi;		/* highest */
	size_t reach;		/* n-times: scores reaching T ... */
	double rw, rwv;		/* ... and their weighted sums */
	double rwv_c;		/* rwv's compensation */
	double slx, slx2, sly, slxy;	/* power law, on logs */
	double sy, sxy;		/* best-fit: sums of v and of i v, i from 1 */
	/* median: the lower half of the values fed (a max-heap, one more
	 * than the upper when their count is odd) and the upper half (a
	 * min-heap); each score costs O(log n), not the O(n) of keeping them
	 * sorted, which made a pair of 500,000 scores take 15 s. */
	double *low, *high;
	size_t nlow, nhigh;
	/* mode: each distinct value and its count (0: an empty slot), open
	 * addressing over cap slots, and the mode so far. */
	double *keys, *counts;
	size_t cap;
	double mode, mode_count;
	/* A value at or above sure_in is mastered once rounded, one below
	 * sure_out is not; in between, only rounding tells. */
	double sure_in, sure_out;
};

/* The i-th score as the rule sees it. */
static double
acc_value_at(const struct acc *a, size_t i)
{
	return a->mixed ? a->obs[i].points / a->obs[i].max : a->obs[i].points;
}

/* Empties the state, to be fed on points (mixed 0, range the shared max) or
 * on normalised values (mixed 1, range 1). */
static void
acc_reset(struct acc *a, int mixed, double range, double cut)
{
	a->mixed = mixed;
	a->range = range;
	a->threshold = (a->r->threshold < 0 ? cut : a->r->threshold) * range;
	a->n = 0;
	a->unit_weights = 1;
	a->sw = a->swv = a->swv_c = 0;
	a->d = 0;
	a->seen = 0;
	if (a->r->kind == MASTERY_DECAYING)
		canvas_weights(a->r->weight, &a->take, &a->keep);
	a->hi = 0;
	a->reach = 0;
	a->rw = a->rwv = a->rwv_c = 0;
	a->slx = a->slx2 = a->sly = a->slxy = 0;
	a->sy = a->sxy = 0;
	a->nlow = a->nhigh = 0;
	if (a->counts != NULL)
		memset(a->counts, 0, a->cap * sizeof *a->counts);
	a->mode = a->mode_count = 0;
	/* Rounding moves a value by at most half a unit (a hundredth of the
	 * maximum, or 0.0001 of a normalised value) and a hair more; the
	 * margins take a whole unit, and a relative hair for the cut. */
	{
		double unit = mixed ? 1e-4 : 1e-2, at = cut * range;
		double hair = 2 * CUT_TOLERANCE * (range > 1 ? range : 1);

		a->sure_in = at + 1.1 * unit + hair;
		a->sure_out = at - 1.1 * unit - hair;
	}
}

/*
 * Adds x to the sum *s whose rounding errors *c collects, as Ruby's
 * Array#sum does for floats (Kahan-Babuska summation), which Canvas's
 * averages use: the sum is *s + *c, and a mean that ends near a rounding
 * tie then rounds as Canvas's does.
 */
static void
kb_add(double *s, double *c, double x)
{
	double t = *s + x;

	if (fabs(*s) >= fabs(x))
		*c += (*s - t) + x;
	else
		*c += (x - t) + *s;
	*s = t;
}

/* 1 when x belongs above y in the heap: a max-heap, or a min-heap. */
static int
heap_above(double x, double y, int max)
{
	return max ? x > y : x < y;
}

static void
heap_push(double *h, size_t *n, double v, int max)
{
	size_t i = (*n)++;

	for (; i > 0 && heap_above(v, h[(i - 1) / 2], max); i = (i - 1) / 2)
		h[i] = h[(i - 1) / 2];
	h[i] = v;
}

/* Removes and returns the top of a heap of at least one value. */
static double
heap_pop(double *h, size_t *n, int max)
{
	double top = h[0], v = h[--*n];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < *n) {
		if (c + 1 < *n && heap_above(h[c + 1], h[c], max))
			c++;
		if (!heap_above(h[c], v, max))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = v;
	return top;
}

/* Adds v to the two halves of the median. */
static void
median_add(struct acc *a, double v)
{
	if (a->nlow == 0 || v <= a->low[0])
		heap_push(a->low, &a->nlow, v, 1);
	else
		heap_push(a->high, &a->nhigh, v, 0);
	if (a->nlow > a->nhigh + 1)
		heap_push(a->high, &a->nhigh, heap_pop(a->low, &a->nlow, 1),
		    0);
	else if (a->nhigh > a->nlow)
		heap_push(a->low, &a->nlow, heap_pop(a->high, &a->nhigh, 0),
		    1);
}

/* Counts v for the mode: the most frequent value, a tie to the higher.
 * Only v's count grows, so the mode is the old one or v. */
static void
mode_add(struct acc *a, double v)
{
	uint64_t bits;
	size_t i;

	v += 0.0;	/* -0 is 0 */
	memcpy(&bits, &v, sizeof bits);
	bits ^= bits >> 33;
	bits *= UINT64_C(0xff51afd7ed558ccd);
	bits ^= bits >> 33;
	for (i = (size_t)bits & (a->cap - 1); a->counts[i] != 0 &&
	    a->keys[i] != v; i = (i + 1) & (a->cap - 1))
		;
	a->keys[i] = v;
	a->counts[i]++;
	if (a->counts[i] > a->mode_count ||
	    (a->counts[i] == a->mode_count && v > a->mode)) {
		a->mode = v;
		a->mode_count = a->counts[i];
	}
}

/* ln of a value for the power law, with a zero raised to the floor. */
static double
power_log(double v, double range)
{
	double floor = POWER_FLOOR * range;

	return log(v > floor ? v : floor);
}

/* Adds score i, the next one, to the running state. */
static void
acc_feed(struct acc *a, size_t i)
{
	double v = acc_value_at(a, i), w = a->obs[i].weight, lx, ly;

	if (w != 1)
		a->unit_weights = 0;
	switch (a->r->kind) {
	case MASTERY_DECAYING:
		decay_step(&a->d, &a->seen, a->r->weight, a->take, a->keep, v,
		    w);
		break;
	case MASTERY_WEIGHTED:
		/* The sums hold every score but the newest. */
		if (a->n > 0) {
			a->sw += a->obs[i - 1].weight;
			kb_add(&a->swv, &a->swv_c,
			    a->obs[i - 1].weight * acc_value_at(a, i - 1));
		}
		break;
	case MASTERY_MEAN:
		a->sw += w;
		kb_add(&a->swv, &a->swv_c, w * v);
		break;
	case MASTERY_N_TIMES:
		if (v >= a->threshold - CUT_TOLERANCE * a->range) {
			a->reach++;
			a->rw += w;
			kb_add(&a->rwv, &a->rwv_c, w * v);
		}
		break;
	case MASTERY_HIGHEST:
		if (a->n == 0 || v > a->hi)
			a->hi = v;
		break;
	case MASTERY_MEDIAN:
		median_add(a, v);
		break;
	case MASTERY_MODE:
		mode_add(a, v);
		break;
	case MASTERY_BEST_FIT:
		a->sy += v;
		a->sxy += (double)(a->n + 1) * v;
		/* FALLTHROUGH */
	case MASTERY_POWER_LAW:
		lx = log((double)(a->n + 1));
		ly = power_log(v, a->range);
		a->slx += lx;
		a->slx2 += lx * lx;
		a->sly += ly;
		a->slxy += lx * ly;
		break;
	default:
		break;
	}
	a->n++;
}

/*
 * Fits ln y = ln a + b ln x by least squares from the sums over x = 1..n
 * (n >= 2) and returns the fitted value at x.
 */
static double
power_predict(double slx, double slx2, double sly, double slxy, size_t n,
    double x)
{
	double dn = (double)n;
	double den = dn * slx2 - slx * slx;
	double b = (dn * slxy - slx * sly) / den;
	double lna = (sly - b * slx) / dn;

	return exp(lna + b * log(x));
}

/* Clamps a fitted value to the score range; at or below the power law's
 * floor it is the zero the floor stands for. */
static double
clamp_fit(double v, double range, int power)
{
	if (power && v <= POWER_FLOOR * range * (1 + 1e-9))
		return 0;
	if (v < 0)
		return 0;
	if (v > range)
		return range;
	return v;
}

/*
 * Empower's true score estimator over the first n values: the linear trend
 * at n, the power law at n or the mean, whichever fits the scores with the
 * least total squared error; a tie goes to the mean, then the line.
 */
static double
best_fit(const struct acc *a, size_t n)
{
	double sy = 0, mean, sxx = 0, sxy = 0, xbar, slope, icpt;
	double slx = 0, slx2 = 0, sly = 0, slxy = 0;
	double e_mean = 0, e_lin = 0, e_pow = 0, tol, best;
	size_t i;

	if (n == 1)
		return acc_value_at(a, 0);
	for (i = 0; i < n; i++) {
		double v = acc_value_at(a, i), lx = log((double)(i + 1));
		double ly = power_log(v, a->range);

		sy += v;
		slx += lx;
		slx2 += lx * lx;
		sly += ly;
		slxy += lx * ly;
	}
	mean = sy / (double)n;
	xbar = ((double)n + 1) / 2;
	for (i = 0; i < n; i++) {
		double dx = (double)(i + 1) - xbar;

		sxx += dx * dx;
		sxy += dx * (acc_value_at(a, i) - mean);
	}
	slope = sxy / sxx;
	icpt = mean - slope * xbar;
	for (i = 0; i < n; i++) {
		double v = acc_value_at(a, i), x = (double)(i + 1);
		double fp = power_predict(slx, slx2, sly, slxy, n, x);

		e_mean += (v - mean) * (v - mean);
		e_lin += (v - icpt - slope * x) * (v - icpt - slope * x);
		e_pow += (v - fp) * (v - fp);
	}
	tol = 1e-9 * a->range * a->range * (double)n;
	best = e_mean;
	if (e_lin < best - tol)
		best = e_lin;
	if (e_pow < best - tol)
		return clamp_fit(power_predict(slx, slx2, sly, slxy, n,
		    (double)n), a->range, 1);
	if (best != e_mean)
		return clamp_fit(icpt + slope * (double)n, a->range, 0);
	return mean;
}

/* acc_result's score, level and mastered for the unrounded value raw. */
static void
result_of(const struct acc *a, const struct mastery_scale *s,
    int min_evidence, double raw, struct mastery_result *res)
{
	if (a->mixed)
		res->score = num_round(raw, 4);
	else if (a->unit_weights)
		/* What Canvas computes, rounded as Canvas rounds it. */
		res->score = num_round_ruby(raw, 2) / a->range;
	else
		/* Weights are pl's own: a decimal tie is a tie, whatever
		 * the scale of the weights. */
		res->score = num_round(raw, 2) / a->range;
	/* Scores over their maximum (extra credit) count as they are, as
	 * in Canvas, but the result stays on the 0..1 scale: at most 1. */
	if (res->score > 1)
		res->score = 1;
	res->level = MASTERY_NOT_YET;
	res->mastered = 0;
	if (min_evidence > 0 && a->n < (size_t)min_evidence)
		return;
	res->level = mastery_scale_level(s, res->score);
	res->mastered = res->level >= s->mastery_level;
}

/* result_of's mastered alone. */
static int
mastered_at(const struct acc *a, const struct mastery_scale *s,
    int min_evidence, double raw)
{
	struct mastery_result res;

	result_of(a, s, min_evidence, raw, &res);
	return res.mastered;
}

/*
 * For the scores before the last date, where only mastered matters: 1,
 * with *mastered set, when each of best_fit's three estimates gives the
 * same answer (then whichever fits best decides alike), found from
 * running sums without best_fit's pass over every score, which made a
 * pair's scores cost the square of their number.  The mean and the power
 * law are best_fit's own to the bit (the same sums in the same order);
 * the line, from sums that are not centred, is taken a margin either
 * side: a millionth of the range, and more for sums so large that their
 * difference loses digits (points far above their maximum).  Estimates
 * clear of the cut on one side need no rounding.
 */
static int
best_fit_decided(const struct acc *a, const struct mastery_scale *s,
    int min_evidence, int *mastered)
{
	double n = (double)a->n, mean, xbar, sxx, slope, line, power, lo, hi;
	double slack;
	int m;

	if (a->n < 2)
		return 0;
	mean = a->sy / n;
	xbar = (n + 1) / 2;
	sxx = n * (n * n - 1) / 12;
	slope = (a->sxy - xbar * a->sy) / sxx;
	line = clamp_fit(mean + slope * (n - xbar), a->range, 0);
	/* What the subtraction can lose to n roundings of sums this large,
	 * with room to spare, and a millionth of the range. */
	slack = 1e-6 * a->range + 16 * n * DBL_EPSILON *
	    (fabs(a->sxy) + fabs(xbar * a->sy)) / sxx * (n - xbar);
	power = clamp_fit(power_predict(a->slx, a->slx2, a->sly, a->slxy,
	    a->n, n), a->range, 1);
	lo = fmin(mean, fmin(line - slack, power));
	hi = fmax(mean, fmax(line + slack, power));
	if (lo >= a->sure_in || hi < a->sure_out) {
		*mastered = lo >= a->sure_in;
		return 1;
	}
	m = mastered_at(a, s, min_evidence, mean);
	if (mastered_at(a, s, min_evidence, power) != m ||
	    mastered_at(a, s, min_evidence, line - slack) != m ||
	    mastered_at(a, s, min_evidence, line + slack) != m)
		return 0;
	*mastered = m;
	return 1;
}

/* The rule's unrounded value over the scores fed; 0 when it has none. */
static int
acc_value(const struct acc *a, double *out)
{
	const struct mastery_rule *r = a->r;
	size_t n = a->n, from, i;
	double v, sw, swv, latest, take, keep;

	if (n == 0)
		return 0;
	switch (r->kind) {
	case MASTERY_DECAYING:
		if (!a->seen)
			return 0;
		*out = a->d;
		return 1;
	case MASTERY_WEIGHTED:
		/* Every score of weight 0: no score, as with the means. */
		if (!(a->sw > 0) && !(a->obs[n - 1].weight > 0))
			return 0;
		/* Canvas's decaying_average_set: newest * 0.01 k + mean of
		 * the rest * 0.01 (100 - k). */
		latest = acc_value_at(a, n - 1);
		canvas_weights(r->weight, &take, &keep);
		*out = a->sw > 0 ? latest * take +
		    ((a->swv + a->swv_c) / a->sw) * keep : latest;
		return 1;
	case MASTERY_N_TIMES:
		/* Canvas also asks for N scores in all; N reaching T implies
		 * it. */
		if (a->reach < (size_t)r->n || !(a->rw > 0))
			return 0;
		*out = (a->rwv + a->rwv_c) / a->rw;
		return 1;
	case MASTERY_RECENT:
		*out = acc_value_at(a, n - 1);
		return 1;
	case MASTERY_HIGHEST:
		*out = a->hi;
		return 1;
	case MASTERY_MEAN:
		if (!(a->sw > 0))
			return 0;
		*out = (a->swv + a->swv_c) / a->sw;
		return 1;
	case MASTERY_MEDIAN:
		*out = a->nlow > a->nhigh ? a->low[0] :
		    (a->low[0] + a->high[0]) / 2;
		return 1;
	case MASTERY_MODE:
		*out = a->mode;
		return 1;
	case MASTERY_HIGHEST_OF_LAST:
		from = n > (size_t)r->n ? n - (size_t)r->n : 0;
		v = acc_value_at(a, from);
		for (i = from + 1; i < n; i++)
			if (acc_value_at(a, i) > v)
				v = acc_value_at(a, i);
		*out = v;
		return 1;
	case MASTERY_MEAN_OF_LAST:
		from = n > (size_t)r->n ? n - (size_t)r->n : 0;
		sw = swv = 0;
		for (i = from; i < n; i++) {
			sw += a->obs[i].weight;
			swv += a->obs[i].weight * acc_value_at(a, i);
		}
		if (!(sw > 0))
			return 0;
		*out = swv / sw;
		return 1;
	case MASTERY_POWER_LAW:
		if (n == 1) {
			*out = acc_value_at(a, 0);
			return 1;
		}
		*out = clamp_fit(power_predict(a->slx, a->slx2, a->sly,
		    a->slxy, n, (double)n), a->range, 1);
		return 1;
	case MASTERY_BEST_FIT:
		*out = best_fit(a, n);
		return 1;
	case MASTERY_BKT:
		break;
	}
	return 0;
}

/* Rounds the rule's value as documented and decides the level. */
static void
acc_result(const struct acc *a, const struct mastery_scale *s,
    int min_evidence, struct mastery_result *res)
{
	double raw;

	res->has_score = acc_value(a, &raw);
	res->score = 0;
	res->level = MASTERY_NOT_YET;
	res->mastered = 0;
	if (res->has_score)
		result_of(a, s, min_evidence, raw, res);
}

/*
 * acc_result's mastered alone: what the scores before the last date need.
 * A value clear of the mastery cut by more than rounding can move it is
 * decided without rounding it.
 */
static int
acc_mastered(const struct acc *a, const struct mastery_scale *s,
    int min_evidence)
{
	struct mastery_result res;
	double raw;
	int m;

	if (min_evidence > 0 && a->n < (size_t)min_evidence)
		return 0;
	if (a->r->kind == MASTERY_BEST_FIT && s->mastery_level > 0 &&
	    best_fit_decided(a, s, min_evidence, &m))
		return m;
	if (!acc_value(a, &raw))
		return 0;
	if (s->mastery_level <= 0)
		return 1;
	if (raw >= a->sure_in)
		return 1;
	if (raw < a->sure_out)
		return 0;
	acc_result(a, s, min_evidence, &res);
	return res.mastered;
}

/* 1 when an observation can be computed with. */
static int
obs_valid(const struct mastery_obs *o)
{
	return isfinite(o->points) && isfinite(o->max) && o->max > 0 &&
	    isfinite(o->weight) && o->weight >= 0;
}

/*
 * After a score dated date is fed (the next one dated next): at the end of
 * an earlier date only the first date of mastery is wanted, in
 * out->mastered_on; after the last score (last set), the result.
 */
static void
fed(const struct acc *a, const struct mastery_scale *s, int min_evidence,
    int32_t date, int32_t next, int last, struct mastery_result *out)
{
	struct mastery_result cur;

	if (!last) {
		if (next != date && out->mastered_on == DATE_NONE &&
		    acc_mastered(a, s, min_evidence))
			out->mastered_on = date;
		return;
	}
	acc_result(a, s, min_evidence, &cur);
	if (cur.mastered && out->mastered_on == DATE_NONE)
		out->mastered_on = date;
	out->has_score = cur.has_score;
	out->score = cur.score;
	out->level = cur.level;
	out->mastered = cur.mastered;
}

int
mastery_eval(const struct mastery_rule *r, const struct mastery_scale *s,
    const struct mastery_obs *obs, size_t n, int min_evidence,
    struct mastery_result *out)
{
	double stackbuf[MASTERY_STACK_SCORES];
	struct acc a;
	size_t i, j, need = 0, cap = 4;
	double *buf = stackbuf;

	out->has_score = 0;
	out->score = 0;
	out->level = MASTERY_NOT_YET;
	out->mastered = 0;
	out->mastered_on = DATE_NONE;
	if (r->kind == MASTERY_BKT)
		return -1;
	for (i = 0; i < n; i++)
		if (!obs_valid(&obs[i]))
			return -1;
	if (n == 0)
		return 0;

	/* acc_reset sets the rest of a. */
	a.r = r;
	a.obs = obs;
	a.low = a.high = a.keys = a.counts = NULL;
	if (r->kind == MASTERY_MEDIAN)
		need = n + 2;
	if (r->kind == MASTERY_MODE) {
		while (cap < 2 * n)
			cap *= 2;
		need = 2 * cap;
	}
	if (need > MASTERY_STACK_SCORES)
		buf = xmalloc(need * sizeof *buf);
	if (r->kind == MASTERY_MEDIAN) {
		a.low = buf;
		a.high = buf + n / 2 + 1;
	}
	if (r->kind == MASTERY_MODE) {
		a.keys = buf;
		a.counts = buf + cap;
		a.cap = cap;
	}
	acc_reset(&a, 0, obs[0].max, mastery_scale_cut(s));
	for (i = 0; i < n; i++) {
		if (!a.mixed && obs[i].max != a.range) {
			/* The maxima differ from here on: start again on
			 * normalised values. */
			acc_reset(&a, 1, 1, mastery_scale_cut(s));
			for (j = 0; j < i; j++)
				acc_feed(&a, j);
		}
		acc_feed(&a, i);
		fed(&a, s, min_evidence, obs[i].date,
		    i + 1 < n ? obs[i + 1].date : DATE_NONE, i + 1 == n, out);
	}
	if (buf != stackbuf)
		free(buf);
	return 0;
}

/* mastery_eval_points spells out runs up to this long on the stack. */
#define MASTERY_STACK_POINTS 64

/* mastery_eval for the decaying rule over points of one maximum, each of
 * weight 1: the same steps, the score fed straight to decay_step. */
static void
eval_decaying(const struct mastery_rule *r, const struct mastery_scale *s,
    double max, const struct mastery_point *v, size_t n, int min_evidence,
    struct mastery_result *out)
{
	struct acc a;
	size_t i;
	/* acc_mastered's first answers, where nothing else can come first:
	 * a value clear of the cut either side. */
	int clear = min_evidence <= 0 && s->mastery_level > 0;

	a.r = r;
	a.obs = NULL;
	a.low = a.high = a.keys = a.counts = NULL;
	acc_reset(&a, 0, max, mastery_scale_cut(s));
	for (i = 0; i + 1 < n; i++) {
		decay_step(&a.d, &a.seen, r->weight, a.take, a.keep,
		    v[i].points, 1);
		a.n++;
		if (v[i + 1].date == v[i].date ||
		    out->mastered_on != DATE_NONE || (clear &&
		    a.d < a.sure_out))
			continue;
		if ((clear && a.d >= a.sure_in) ||
		    acc_mastered(&a, s, min_evidence))
			out->mastered_on = v[i].date;
	}
	decay_step(&a.d, &a.seen, r->weight, a.take, a.keep, v[i].points, 1);
	a.n++;
	fed(&a, s, min_evidence, v[i].date, DATE_NONE, 1, out);
}

int
mastery_eval_points(const struct mastery_rule *r,
    const struct mastery_scale *s, double max, const struct mastery_point *v,
    size_t n, int min_evidence, struct mastery_result *out)
{
	struct mastery_obs stackobs[MASTERY_STACK_POINTS], *obs = stackobs;
	size_t i;
	int rc;

	if (n == 0)
		return mastery_eval(r, s, NULL, 0, min_evidence, out);
	if (r->kind != MASTERY_DECAYING) {
		if (n > MASTERY_STACK_POINTS)
			obs = xmalloc(n * sizeof *obs);
		for (i = 0; i < n; i++) {
			obs[i].date = v[i].date;
			obs[i].points = v[i].points;
			obs[i].max = max;
			obs[i].weight = 1;
		}
		rc = mastery_eval(r, s, obs, n, min_evidence, out);
		if (obs != stackobs)
			free(obs);
		return rc;
	}
	out->has_score = 0;
	out->score = 0;
	out->level = MASTERY_NOT_YET;
	out->mastered = 0;
	out->mastered_on = DATE_NONE;
	if (!isfinite(max) || !(max > 0))
		return -1;
	for (i = 0; i < n; i++)
		if (!isfinite(v[i].points))
			return -1;
	eval_decaying(r, s, max, v, n, min_evidence, out);
	return 0;
}
