/*
 * canvas.h - Canvas LMS exports: the gradebook CSV (to evidence or a
 * roster), the Learning Mastery Gradebook CSV (outcome rollups, to
 * evidence) and the outcomes CSV (to an objectives table).
 *
 * Each reader takes an open table, writes canonical rows to w, sends bad
 * records to rj and counts what it did in st; the header is written unless
 * header_done is set.  Each returns 0, or -1 with err set on a fatal error
 * (a read error, a missing column: status 2, a bad row under --strict).
 * Arguments are borrowed; nothing returned needs freeing.
 */
#ifndef PL_CANVAS_H
#define PL_CANVAS_H

#include "align.h"
#include "evidence.h"
#include "import.h"
#include "reject.h"
#include "table.h"

/* Which Canvas id becomes student_id. */
enum canvas_id {
	CANVAS_ID_DEFAULT,	/* SIS User ID, else the Canvas ID (counted) */
	CANVAS_ID_SIS,		/* SIS User ID; a student without one is bad */
	CANVAS_ID_CANVAS,	/* the Canvas user ID */
	CANVAS_ID_LOGIN		/* SIS Login ID */
};

struct canvas_opts {
	struct evidence_opts ev;	/* fixed_date: the date of every score */
	const struct align *align;	/* --align, or NULL */
	enum canvas_id id;
	double points_possible;		/* mastery scale maximum, > 0 */
};

/* Parses "sis", "canvas" or "login"; -1 when none. */
int canvas_id_parse(const char *s);

/*
 * The roster of one or more gradebook exports (one per course or
 * section), gathered so that a student in several is written once.
 * What canvas_roster_new returns belongs to the caller (canvas_roster_free).
 */
struct canvas_roster;
struct canvas_roster *canvas_roster_new(void);
/* Writes the gathered students (student_id, name, section), in the order
 * they were first seen, notes in st how many were in several exports, and
 * forgets them. */
void canvas_roster_write(struct canvas_roster *r, struct table_writer *w,
    struct import_stats *st);
void canvas_roster_free(struct canvas_roster *r);

/*
 * Reads a gradebook export.  Skips the Points Possible row (taking each
 * assignment's maximum from it), Manual Posting / Muted rows, blank rows
 * and the Student View test student; ignores identity, custom and total
 * columns.  Writes evidence (student_id, objective_id, date, score,
 * max_score, item_id, source), or with roster not NULL writes the roster
 * header (unless header_done) and gathers the students in roster, to be
 * written by canvas_roster_write: a student already gathered from another
 * export gets that export's section too (sections joined by "; "); seen
 * twice in one export, or under another name, the later row is rejected.
 */
int canvas_gradebook(struct table *t, struct table_writer *w,
    const struct canvas_opts *o, struct canvas_roster *roster,
    int header_done, struct reject *rj, struct import_stats *st,
    struct pl_err *err);

/* Reads a Learning Mastery Gradebook export: one evidence row per student
 * and outcome with a result. */
int canvas_mastery(struct table *t, struct table_writer *w,
    const struct canvas_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err);

/* Reads an outcomes CSV into objectives (objective_id, title, unit, rule,
 * mastery_points, max_points): groups become units, the calculation method
 * the equivalent pl rule. */
int canvas_outcomes(struct table *t, struct table_writer *w,
    int header_done, struct reject *rj, struct import_stats *st,
    struct pl_err *err);

/*
 * Turns a Canvas calculation method and its parameter (n 0 when empty)
 * into a pl rule in buf ("weighted:0.65", "n-times:5", "highest").
 * Returns 0, or -1 when the method is unknown or n is out of its range.
 * An empty method gives an empty rule.
 */
int canvas_rule(const char *method, long n, char *buf, size_t size);

#endif
