/*
 * import.h - turning exports into canonical tables: generic long and wide
 * (gradebook-shaped) evidence, and the checking and normalising of roster,
 * objectives and activities tables.
 *
 * Arguments are borrowed; nothing returned needs freeing.  The caller owns
 * the input table, the writer and the reject log.
 */
#ifndef PL_IMPORT_H
#define PL_IMPORT_H

#include "align.h"
#include "evidence.h"
#include "reject.h"
#include "table.h"

struct import_opts {
	const char *map[EV_NCOLS];	/* --map: canonical -> source column */
	struct evidence_opts ev;
	const struct align *align;	/* --align, or NULL */
	int wide;			/* --wide */
	const char *points_row;		/* --points-row: the first cell of
					 * the row of maxima, or NULL */
};

/* The columns the first input of a run was written under (import.c). */
struct import_head;

/* What an import did, for the summary on stderr, and the header that the
 * run's later inputs are written under.  Zero it before the first input;
 * import_stats_free frees what the imports kept in it. */
#define IMPORT_MAX_NOTES 16
struct import_stats {
	unsigned long records;		/* input records read */
	unsigned long written;		/* rows written */
	unsigned long no_evidence;	/* empty or excused scores */
	unsigned long over_max;		/* scores over their maximum (kept) */
	long first_over_max;		/* line of the first one */
	unsigned long unaligned;	/* wide columns without alignment */
	char unaligned_names[256];	/* the first of them, ", "-separated */
	int class_found;		/* a OneRoster bundle had --class */
	char notes[IMPORT_MAX_NOTES][240];	/* other things to tell */
	size_t nnotes;
	struct import_head *head;	/* the first generic input's columns */
};

/* Frees what the imports kept in st (not st itself). */
void import_stats_free(struct import_stats *st);

/* Counts an item (a column, an assignment, a line item) that had no
 * alignment and keeps its name for the summary. */
void import_unaligned(struct import_stats *st, const char *name);
/* Adds a sentence to the summary; later notes past IMPORT_MAX_NOTES are
 * dropped. */
void import_note(struct import_stats *st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Reads evidence from t (long: one score per record; wide: a record per
 * student and a column per item) and writes canonical evidence to w.  Bad
 * records go to rj.  The header is written unless header_done is set (for
 * the second and later input files).  A later long input is written under
 * the columns of the first one (kept in st), matched by name: a column
 * the first input lacks is a usage error, one it had and this input lacks
 * is written empty.  Returns 0, or -1 with err set on a fatal error (a
 * read error, a missing column, a column not in the first input's header,
 * a bad row under --strict).
 */
int import_evidence(struct table *t, struct table_writer *w,
    const struct import_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err);

/* A column of scores of a wide gradebook (one row per student). */
struct import_item {
	long idx;		/* its column */
	const char *item;	/* its name: the item_id written */
	const char *objective;
	double max;		/* from --align; 0: the cell's, or --max-score,
				 * or 1 for a fraction */
};

/*
 * When columns before column i of t have the header name (without case),
 * the name of column i as an item of its own, numbered ("Score #2"), in
 * new memory; else NULL.  MyLab repeats "Score" over every column.
 */
char *import_repeat_name(const struct table *t, size_t i, const char *name);
/*
 * Makes the item name of column idx (name is borrowed by it).  With
 * --align the name must be aligned, and gives the objective and maximum;
 * one that is not is counted in st and 0 returned.  Without, the item is
 * its own objective.  Returns 1 when the item is imported.
 */
int import_item_align(const struct import_opts *o, struct import_stats *st,
    const char *name, long idx, struct import_item *it);
/*
 * Writes the score in item it's cell of t's current record, as the row
 * (stu, objective, date, score, max_score, item_id[, source]), source
 * NULL for none.  An empty or excused cell is counted in st; a bad one
 * (not a number, negative, over 1 without a maximum, implausible) is
 * rejected with reject_cell.  Returns 0, or -1 with err set (--strict).
 */
int import_item_cell(struct table *t, struct table_writer *w,
    const struct import_opts *o, const struct import_item *it,
    const char *stu, size_t slen, int32_t date, const char *source,
    struct reject *rj, struct import_stats *st, struct pl_err *err);

/*
 * The range check every reader applies to a score v of maximum max: more
 * than ten times the maximum is implausible (a typo, 1e308), so the row is
 * refused with why (size whysize) naming what ("column \"Quiz 1\"") and
 * kind "bad score": returns -1.  Over the maximum is kept and counted in
 * st: returns 0.
 */
int import_score_range(struct import_stats *st, const struct table *t,
    const char *what, double v, double max, char *why, size_t whysize);

/* The tables --table can check. */
enum import_table { IMPORT_ROSTER, IMPORT_OBJECTIVES, IMPORT_ACTIVITIES };

/* Parses "roster", "objectives" or "activities"; -1 when none. */
int import_table_kind(const char *name);

/*
 * Checks and normalises a roster, objectives or activities table: required
 * columns, no empty or duplicate ids, dates written YYYY-MM-DD, booleans
 * yes/no, numbers without locale, lists "a;b".  map renames source columns
 * (pairs of canonical, source; NULL-terminated).  Extra columns are passed
 * through.  Later inputs are written under the first one's columns, as
 * import_evidence does.  Returns 0 or -1 like import_evidence.
 */
int import_normalise(struct table *t, struct table_writer *w,
    enum import_table kind, const char *const *map,
    const struct evidence_opts *ev, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err);

#endif
