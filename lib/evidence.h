/*
 * evidence.h - the canonical evidence table: finding its columns in a
 * table (under their canonical names or names given by --map) and parsing
 * one record into typed values, with the reason when it is bad.
 *
 * Arguments are borrowed.  String pointers in a parsed row point into the
 * table's current record and stay valid until the next table_next.
 */
#ifndef PL_EVIDENCE_H
#define PL_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "table.h"

enum evidence_col {
	EV_STUDENT, EV_OBJECTIVE, EV_DATE, EV_SCORE, EV_MAX, EV_SEQ, EV_ITEM,
	EV_KIND, EV_WEIGHT, EV_CORRECT, EV_SOURCE, EV_NCOLS
};

/* Canonical column names, in output order. */
extern const char *const evidence_names[EV_NCOLS];

/* Where each canonical column is in a table (-1 absent), and the source
 * name each was mapped from. */
struct evidence_cols {
	long idx[EV_NCOLS];
};

/* How to read values. */
struct evidence_opts {
	int date_flags;		/* DATE_DMY, DATE_EXCEL */
	int decimal_comma;
	double max_score;	/* --max-score, 0 when not given */
	int32_t fixed_date;	/* --date, DATE_NONE when not given */
	int text_formulas;	/* read a spreadsheet text formula ="..."
				 * in the id and text columns as its string
				 * (table_text): set by pl-import, which
				 * reads exports, never by the tools that
				 * read canonical evidence */
	int require_kind;	/* kind is a required column (--only-kind) */
};

/* The largest max_score and weight taken (a plain row's 15 digits stay
 * below it). */
#define EVIDENCE_MAX_VALUE 1e15

/* One parsed record. */
struct evidence_row {
	const char *student, *objective, *item, *kind, *source;
	size_t student_len, objective_len, item_len, kind_len, source_len;
	int32_t date;
	double points, max;	/* score on its own scale, max > 0 */
	double seq;		/* 0 when absent */
	double weight;		/* 1 when absent */
	int correct;		/* 1, 0, or -1 when absent */
};

/*
 * Finds the evidence columns of t.  map[i], when not NULL, is the source
 * column name for canonical column i (from --map); otherwise the canonical
 * name is looked up.  Required: student_id, objective_id, score, and date
 * unless opts->fixed_date is set.  Returns 0, or -1 with err (status 2).
 */
int evidence_find(const struct table *t, const char *const *map,
    const struct evidence_opts *opts, struct evidence_cols *c,
    struct pl_err *err);

/*
 * 1 when c has the columns evidence_parse_plain reads, and none it leaves
 * to evidence_parse: a date and a max_score, no seq, item, kind, weight,
 * correct or source.
 */
int evidence_plain_cols(const struct evidence_cols *c);

/*
 * The common row, read without evidence_parse's general steps: ids that
 * need no trimming (nor, with opts->text_formulas, unwrapping), a score
 * and a maximum of plain digits, the maximum not 0 nor a tenth of the
 * score, and a date date_parse reads.  Returns 1 with *row filled as
 * evidence_parse fills it (EVIDENCE_OK), or 0 when the record is not of
 * that kind and must go to evidence_parse.  Only for columns
 * evidence_plain_cols takes.
 */
int evidence_parse_plain(const struct table *t, const struct evidence_cols *c,
    const struct evidence_opts *opts, struct evidence_row *row);
/* The same on the fields of a line table_peek split (f, its table_ncols
 * spans). */
int evidence_parse_spans(const struct table_span *f,
    const struct evidence_cols *c, const struct evidence_opts *opts,
    struct evidence_row *row);

/* What evidence_parse found. */
enum evidence_status {
	EVIDENCE_OK = 0,
	EVIDENCE_NONE = 1,	/* an empty or excused score: no evidence */
	EVIDENCE_BAD = -1	/* *kind and why say what is wrong */
};

/*
 * Parses the current record of t.  On EVIDENCE_BAD, *kind is a short
 * category ("bad score") and why (size whysize) the full reason
 * ("score \"abc\" is not a number").  A score over its maximum is kept;
 * *over_max is set so the caller can warn.
 */
enum evidence_status evidence_parse(struct table *t,
    const struct evidence_cols *c, const struct evidence_opts *opts,
    struct evidence_row *row, int *over_max, const char **kind, char *why,
    size_t whysize);

#endif
