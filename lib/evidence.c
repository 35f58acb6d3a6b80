/*
 * evidence.c - canonical evidence columns and the typed reading of one
 * evidence record, shared by pl-import (which writes evidence) and
 * pl-progress (which reads it).
 */
#include "evidence.h"
#include "date.h"
#include "num.h"

#include <math.h>
#include <string.h>

const char *const evidence_names[EV_NCOLS] = {
	"student_id", "objective_id", "date", "score", "max_score", "seq",
	"item_id", "kind", "weight", "correct", "source"
};

int
evidence_find(const struct table *t, const char *const *map,
    const struct evidence_opts *opts, struct evidence_cols *c,
    struct pl_err *err)
{
	const char *names[EV_NCOLS];
	int req[EV_NCOLS] = { 0 };
	size_t i;

	for (i = 0; i < EV_NCOLS; i++)
		names[i] = map && map[i] ? map[i] : evidence_names[i];
	req[EV_STUDENT] = req[EV_OBJECTIVE] = req[EV_SCORE] = 1;
	req[EV_DATE] = opts->fixed_date == DATE_NONE;
	req[EV_KIND] = opts->require_kind;
	return table_cols(t, names, req, EV_NCOLS, c->idx, err);
}

static const char *
field(const struct table *t, long idx, size_t *len)
{
	const char *s;

	if (idx < 0) {
		*len = 0;
		return "";
	}
	s = table_field(t, (size_t)idx, len);
	return util_trim(s, len);
}

/* An id or text column: as field, or read by table_text when asked. */
static const char *
text_field(struct table *t, long idx, const struct evidence_opts *opts,
    size_t *len)
{
	if (idx < 0 || !opts->text_formulas)
		return field(t, idx, len);
	return table_text(t, (size_t)idx, len);
}

int
evidence_plain_cols(const struct evidence_cols *c)
{
	static const int none[] = { EV_SEQ, EV_ITEM, EV_KIND, EV_WEIGHT,
	    EV_CORRECT, EV_SOURCE };
	size_t i;

	for (i = 0; i < sizeof none / sizeof none[0]; i++)
		if (c->idx[none[i]] >= 0)
			return 0;
	return c->idx[EV_STUDENT] >= 0 && c->idx[EV_OBJECTIVE] >= 0 &&
	    c->idx[EV_DATE] >= 0 && c->idx[EV_SCORE] >= 0 &&
	    c->idx[EV_MAX] >= 0;
}

/* An id as text_field reads it when it needs nothing done: not empty, no
 * blank at either end, no byte order mark (nor any other character that
 * begins with its byte), and no text formula to unwrap. */
static int
plain_id(const char *s, size_t n, const struct evidence_opts *opts)
{
	return n > 0 && !util_blank((unsigned char)s[0]) &&
	    (unsigned char)s[0] != 0xEF &&
	    !util_blank((unsigned char)s[n - 1]) &&
	    !(opts->text_formulas && s[0] == '=');
}

/* s[0..n) as a whole number of 1 to 15 digits (exact in a double, as
 * num_parse reads it), or -1. */
static double
plain_digits(const char *s, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 15)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return -1;
		v = v * 10 + d;
	}
	return (double)v;
}

/* The plain row of these five fields (evidence_parse_plain). */
static inline int
plain_row(struct table_span student, struct table_span objective,
    struct table_span date, struct table_span score, struct table_span max,
    const struct evidence_opts *opts, struct evidence_row *row)
{
	if (!plain_id(student.s, student.len, opts) ||
	    !plain_id(objective.s, objective.len, opts))
		return 0;
	if ((row->points = plain_digits(score.s, score.len)) < 0)
		return 0;
	if (!((row->max = plain_digits(max.s, max.len)) > 0) ||
	    row->points > 10 * row->max)
		return 0;
	if (date.len == 0 || date_parse(date.s, date.len, opts->date_flags,
	    &row->date) != 0)
		return 0;
	row->student = student.s;
	row->student_len = student.len;
	row->objective = objective.s;
	row->objective_len = objective.len;
	row->item = row->kind = row->source = "";
	row->item_len = row->kind_len = row->source_len = 0;
	row->seq = 0;
	row->weight = 1;
	row->correct = -1;
	return 1;
}

/* Field i of the current record as a span. */
static struct table_span
span_of(const struct table *t, long i)
{
	struct table_span f;

	f.s = table_field(t, (size_t)i, &f.len);
	return f;
}

int
evidence_parse_plain(const struct table *t, const struct evidence_cols *c,
    const struct evidence_opts *opts, struct evidence_row *row)
{
	const long *idx = c->idx;

	return plain_row(span_of(t, idx[EV_STUDENT]),
	    span_of(t, idx[EV_OBJECTIVE]), span_of(t, idx[EV_DATE]),
	    span_of(t, idx[EV_SCORE]), span_of(t, idx[EV_MAX]), opts, row);
}

int
evidence_parse_spans(const struct table_span *f,
    const struct evidence_cols *c, const struct evidence_opts *opts,
    struct evidence_row *row)
{
	const long *idx = c->idx;

	return plain_row(f[idx[EV_STUDENT]], f[idx[EV_OBJECTIVE]],
	    f[idx[EV_DATE]], f[idx[EV_SCORE]], f[idx[EV_MAX]], opts, row);
}

/* Quotes at most 40 bytes of a bad value for a message. */
static int
shown(size_t len)
{
	return len > 40 ? 40 : (int)len;
}

enum evidence_status
evidence_parse(struct table *t, const struct evidence_cols *c,
    const struct evidence_opts *opts, struct evidence_row *row,
    int *over_max, const char **kind, char *why, size_t whysize)
{
	const long *idx = c->idx;
	const char *s, *sc;
	size_t len, sclen;
	double cellmax = 0;
	int b;

	*over_max = 0;
	row->student = text_field(t, idx[EV_STUDENT], opts,
	    &row->student_len);
	row->objective = text_field(t, idx[EV_OBJECTIVE], opts,
	    &row->objective_len);
	row->item = text_field(t, idx[EV_ITEM], opts, &row->item_len);
	row->kind = text_field(t, idx[EV_KIND], opts, &row->kind_len);
	row->source = text_field(t, idx[EV_SOURCE], opts, &row->source_len);
	if (row->student_len == 0) {
		*kind = "missing student_id";
		snprintf(why, whysize, "empty student_id");
		return EVIDENCE_BAD;
	}
	if (row->objective_len == 0) {
		*kind = "missing objective_id";
		snprintf(why, whysize, "empty objective_id");
		return EVIDENCE_BAD;
	}

	s = sc = field(t, idx[EV_SCORE], &len);
	sclen = len;
	switch (score_parse(s, len, opts->decimal_comma, &row->points, &cellmax)) {
	case SCORE_NONE:
		return EVIDENCE_NONE;
	case SCORE_BAD:
		*kind = "bad score";
		snprintf(why, whysize, "score \"%.*s\" is not a number",
		    shown(len), s);
		return EVIDENCE_BAD;
	case SCORE_OK:
		break;
	}
	if (row->points < 0 || signbit(row->points)) {
		if (row->points == 0) {
			row->points = 0;
		} else {
			*kind = "bad score";
			snprintf(why, whysize, "score \"%.*s\" is negative",
			    shown(len), s);
			return EVIDENCE_BAD;
		}
	}
	if (cellmax > 0) {
		row->max = cellmax;
	} else {
		s = field(t, idx[EV_MAX], &len);
		if (len > 0) {
			if (num_parse(s, len, opts->decimal_comma, &row->max) != 0 ||
			    !(row->max > 0)) {
				*kind = "bad max_score";
				snprintf(why, whysize, "max_score \"%.*s\" is not "
				    "a positive number", shown(len), s);
				return EVIDENCE_BAD;
			}
		} else if (opts->max_score > 0) {
			row->max = opts->max_score;
		} else if (row->points <= 1) {
			row->max = 1;
		} else {
			*kind = "no max_score";
			snprintf(why, whysize, "score \"%.*s\" is over 1 and "
			    "there is no max_score (a max_score column, or "
			    "pl-import --max-score)", shown(sclen), sc);
			return EVIDENCE_BAD;
		}
	}
	/* Bounded, so that no sum of a district's scores overflows. */
	if (!(row->max <= EVIDENCE_MAX_VALUE)) {
		*kind = "bad max_score";
		if (cellmax > 0)
			snprintf(why, whysize, "score \"%.*s\" has a maximum "
			    "over 1e15", shown(sclen), sc);
		else
			snprintf(why, whysize, "max_score \"%.*s\" is over "
			    "1e15", shown(len), s);
		return EVIDENCE_BAD;
	}
	if (row->points > 10 * row->max) {
		/* %g, not num_format's fixed decimals: a maximum of 1e-308
		 * would read 0. */
		*kind = "bad score";
		snprintf(why, whysize, "score \"%.*s\" is more than ten times "
		    "its maximum %.15g", shown(sclen), sc, row->max);
		return EVIDENCE_BAD;
	}
	if (row->points > row->max)
		*over_max = 1;

	s = field(t, idx[EV_DATE], &len);
	if (len == 0 && opts->fixed_date != DATE_NONE) {
		row->date = opts->fixed_date;
	} else if (date_parse(s, len, opts->date_flags, &row->date) != 0) {
		*kind = "bad date";
		snprintf(why, whysize, "date \"%.*s\" is not a valid date",
		    shown(len), s);
		return EVIDENCE_BAD;
	}

	row->seq = 0;
	s = field(t, idx[EV_SEQ], &len);
	if (len > 0 && num_parse(s, len, 0, &row->seq) != 0) {
		*kind = "bad seq";
		snprintf(why, whysize, "seq \"%.*s\" is not a number",
		    shown(len), s);
		return EVIDENCE_BAD;
	}
	row->weight = 1;
	s = field(t, idx[EV_WEIGHT], &len);
	if (len > 0 && (num_parse(s, len, opts->decimal_comma, &row->weight) != 0
	    || !(row->weight >= 0 && row->weight <= EVIDENCE_MAX_VALUE))) {
		*kind = "bad weight";
		snprintf(why, whysize, "weight \"%.*s\" is not a number from 0 "
		    "to 1e15", shown(len), s);
		return EVIDENCE_BAD;
	}
	row->correct = -1;
	s = field(t, idx[EV_CORRECT], &len);
	if (len > 0) {
		if (util_parse_bool(s, len, &b) != 0) {
			*kind = "bad correct";
			snprintf(why, whysize, "correct \"%.*s\" is not yes or no",
			    shown(len), s);
			return EVIDENCE_BAD;
		}
		row->correct = b;
	}
	return EVIDENCE_OK;
}
