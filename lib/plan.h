/*
 * plan.h - the engine of pl-plan: the mastery, pacing, sessions, requests
 * and assignment tables read into the plain structs of curriculum,
 * playlist and groups, and the playlist or groups table written out.
 *
 * Arguments are borrowed; the catalogs and options must outlive the plan.
 * What plan_new returns belongs to the caller (plan_free).
 */
#ifndef PL_PLAN_H
#define PL_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "reject.h"
#include "table.h"
#include "util.h"

enum plan_mode {
	PLAN_PLAYLIST,
	PLAN_GROUPS,
	PLAN_SESSIONS
};

struct plan_opts {
	enum plan_mode mode;
	int32_t as_of;
	long minutes, max_items;	/* 0: no limit */
	long recent_days;		/* default 10 */
	long max_size, min_size;	/* groups; defaults 6 and 1 */
	const char *const *students;	/* --student; NULL/0: everyone */
	size_t nstudents;
	int date_flags;
	int decimal_comma;
	/* Told each warning (no program name, no newline), or NULL. */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

/* Sets the defaults. */
void plan_opts_init(struct plan_opts *o);

struct plan;

/*
 * Builds the curriculum from objectives (a cycle or unknown prerequisite
 * is an error, status 1) and the activity catalog.  roster and activities
 * may be empty.  An activity with an unknown phase is an error naming its
 * line.
 */
struct plan *plan_new(const struct plan_opts *o,
    const struct catalog_objectives *objectives,
    const struct catalog_roster *roster,
    const struct catalog_activities *activities, struct pl_err *err);
void plan_free(struct plan *p);

/* Activities whose objective is not in the objectives (left out). */
size_t plan_unknown_activities(const struct plan *p);

/*
 * Reads mastery rows (student_id, objective_id; score, level, mastered,
 * mastered_on, last_date).  A bad row or a row for an objective not in
 * the objectives is rejected through r.  Returns 0, or -1 with err set.
 */
int plan_read_mastery(struct plan *p, struct table *t, struct reject *r,
    struct pl_err *err);
/*
 * Reads pacing rows (student_id; course_id, status, days_ahead).  A row
 * of a student who is in neither the roster nor the mastery tables read
 * so far makes no student: it is left out, and the count of such rows is
 * a warning at the end of the table.
 */
int plan_read_pacing(struct plan *p, struct table *t, struct reject *r,
    struct pl_err *err);
/* Reads sessions (session_id, objective_id, slot, capacity; teacher); a
 * bad capacity is an error naming its line. */
int plan_read_sessions(struct plan *p, struct table *t, struct pl_err *err);
/* Reads requests (student_id, session_id; rank, default 1). */
int plan_read_requests(struct plan *p, struct table *t, struct reject *r,
    struct pl_err *err);
/* Reads teacher assignments (student_id, session_id). */
int plan_read_assign(struct plan *p, struct table *t, struct reject *r,
    struct pl_err *err);

/*
 * Plans and writes the playlist or groups table (header included), one
 * student after another in id order.  In sessions mode, each request or
 * teacher assignment that could not be placed is a row with an empty
 * group_id whose reason begins "not placed".  *conflicts gets the number
 * of teacher assignments that could not be placed.  Returns 0, or -1 with
 * err set.
 */
int plan_write(struct plan *p, struct table_writer *w, size_t *conflicts,
    struct pl_err *err);

#endif
