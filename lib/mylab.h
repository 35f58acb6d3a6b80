/*
 * mylab.h - Pearson MyLab gradebook exports.  Their first rows are a
 * preamble about the assignments: the chapter section each column scores
 * (1.1, 1.2, ...), then rows labelled "Chapter Coverage", "Weight" and
 * "Attempt".  The header row follows: "Last name,First name,Email,Log-in,
 * ,Score,Score,...".  Then a row per student, each score a fraction of 1
 * (0.79 is 79%), and a footer row ("Course average") without a student.
 *
 * Arguments are borrowed; nothing returned needs freeing.
 */
#ifndef PL_MYLAB_H
#define PL_MYLAB_H

#include <stddef.h>

#include "import.h"
#include "reject.h"
#include "table.h"

/* Which column becomes student_id. */
enum mylab_id {
	MYLAB_ID_EMAIL,		/* Email (the default) */
	MYLAB_ID_LOGIN		/* Log-in */
};

/* Parses "email" or "login"; -1 when neither. */
int mylab_id_parse(const char *s);

/*
 * 1 when the n names of a table's first row are a MyLab preamble's: the
 * first four empty, and every other one empty or a section number
 * (digits and dots, "1.1"), at least one of them.
 */
int mylab_header(const char *const *names, size_t n);

/*
 * Reads a MyLab export whose first row t took as its header: skips the
 * preamble rows to the header row, then writes a score row (student_id,
 * objective_id, date, score, max_score, item_id, source "mylab") for each
 * score.  A column's item is its section number (repeated ones numbered
 * "1.1 #2"); with o->align it must be aligned, else it is its own
 * objective.  A score's maximum is --align's, else --max-score, else 1.
 * Rows without a student and with nothing in the name columns (the
 * footer) are skipped; a student row without the id is rejected.  The
 * header is written unless header_done.  Returns 0, or -1 with err set: no
 * header row (status 1), no Email or Log-in column (2), a bad row under
 * --strict (1), a read error.
 */
int mylab_evidence(struct table *t, struct table_writer *w,
    const struct import_opts *o, enum mylab_id id, int header_done,
    struct reject *rj, struct import_stats *st, struct pl_err *err);

#endif
