/*
 * reject.h - bad rows never vanish silently.  A reject log counts each kind
 * of problem with its first few line numbers, optionally writes each
 * rejected record to a file (columns file, line, reason, the first
 * rejected table's columns, record: the whole record when its table has
 * other columns), and prints one summary line per kind at the end.
 *
 * What reject_new returns belongs to the caller (reject_free).
 */
#ifndef PL_REJECT_H
#define PL_REJECT_H

#include "table.h"
#include "util.h"

struct reject;

/*
 * path: the --reject file or NULL.  strict: the first bad row is fatal.
 * Returns NULL with err set when path cannot be opened.
 */
struct reject *reject_new(const char *path, int strict, struct pl_err *err);
/* Writes the file with these table writer flags (TABLE_SPREADSHEET under
 * --spreadsheet: a teacher opens the rejects in a spreadsheet too).  Call
 * before the first rejection. */
void reject_set_flags(struct reject *r, int table_flags);
/*
 * Records that the current record of t is rejected, with a reason such as
 * "score \"abc\" is not a number" and a kind used to group the summary
 * ("bad score").  Returns 0, or -1 under --strict with err set to the
 * record's file:line and reason (exit status 1).
 */
int reject_row(struct reject *r, struct table *t, const char *kind,
    const char *reason, struct pl_err *err);
/*
 * The same for an entry of an input that is not a table (an item of a
 * CASE JSON package): file names the input and where the entry in it
 * ("CFItems[3]"), which stands in the summary and in the log's line column
 * in place of a line number; record (the entry's text) fills the log's
 * record column.  Under --strict, err says "where: reason" (status 1).
 */
int reject_entry(struct reject *r, const char *file, const char *where,
    const char *kind, const char *record, const char *reason,
    struct pl_err *err);
/*
 * Records that one cell of the current record of t is rejected, the rest
 * of the record being kept (a score of a wide gradebook): counted as a
 * cell in the summary ("skipped 2 cells, the rest of their rows kept: bad
 * score (lines 4, 9)").  The record goes to the log once, with the reasons
 * of all its rejected cells, when reject_cells_done is called after its
 * last cell.  Returns 0, or -1 under --strict like reject_row.
 */
int reject_cell(struct reject *r, struct table *t, const char *kind,
    const char *reason, struct pl_err *err);
/* Logs the current record of t if reject_cell rejected cells of it. */
void reject_cells_done(struct reject *r, struct table *t);
unsigned long reject_count(const struct reject *r);
/*
 * Prints the summary (one line per kind: "skipped 3 rows: bad score (lines
 * 4, 9, 12)") through the warning channel, closes the reject file.
 * Returns 0, or -1 with err set when the reject file could not be written.
 */
int reject_finish(struct reject *r, int quiet, struct pl_err *err);
void reject_free(struct reject *r);

#endif
