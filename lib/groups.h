/*
 * groups.h - small-group instruction: students clustered by the objective
 * they need next, or placed into scheduled sessions with capacities.
 *
 * Arguments are borrowed; strings in the input structs must outlive the
 * result, whose rows point at them (group_id and reason excepted, which the
 * result owns).  What groups_new returns belongs to the caller
 * (groups_free).
 *
 * Automatic groups (groups_auto): each student's next objective is the
 * first of playlist_needs (review or ready).  Students are ordered neediest
 * first: pacing status in that objective's course (intervene, behind,
 * unknown or on track, ahead), then days_ahead (most behind first), then
 * score on the objective (no evidence counts as 0), then id.  The students
 * of one objective are split into ceil(n / max_size) groups of sizes that
 * differ by at most one, neediest in group 1; a group falls under min_size
 * only when no split of that objective's students keeps every group
 * within both bounds (for example fewer students than min_size), and its
 * reason says so.  Group ids are "<objective_id>-<n>".  Groups are listed
 * by their neediest student, members neediest first.
 *
 * Sessions (groups_sessions): teacher assignments are placed first, in
 * the order given; one that would overfill a session or put a student in
 * two sessions of one slot is not placed and is reported.  The remaining
 * places are filled by an exact minimum-cost flow: source -> student ->
 * student x slot (capacity 1) -> session (one edge per eligible request)
 * -> sink (the places left).  A request is eligible when its session's
 * objective is one the student is ready for or reviewing.  A student with
 * no request at all is given one implicit request for each session on an
 * objective they need, ranked by that objective's place in their list,
 * and may be placed in one session only.  Placing a request is worth
 *     M + 20 * need + max(0, 10 - rank)
 * where need is 2 for intervene, 1 for behind, else 0 (in the session's
 * course), and M exceeds what all the other terms can add up to, so the
 * flow first places as many requests as possible, then prefers needier
 * students and higher choices.  A placement by need is worth
 * 1 + 20 * need + max(0, 10 - rank): it fills places no request wants and
 * never takes one from a student who asked.  Inputs are put in a canonical order (by
 * id) before the network is built, so the same rows in any order give the
 * same result.  Every explicit request not placed, and every teacher
 * assignment not placed, is listed in unmet with its reason.
 */
#ifndef PL_GROUPS_H
#define PL_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "curriculum.h"
#include "playlist.h"
#include "util.h"

struct groups_opts {
	long max_size;		/* default 6 */
	long min_size;		/* default 1 */
};

void groups_opts_init(struct groups_opts *o);

struct groups_session {
	const char *id;
	const char *objective_id;
	const char *slot;	/* NULL or "" is one slot of its own name "" */
	const char *teacher;	/* may be NULL */
	long capacity;
};

struct groups_request {
	const char *student_id;
	const char *session_id;
	long rank;		/* 1 = first choice; below 1 counts as 1 */
};

struct groups_assign {
	const char *student_id;
	const char *session_id;
};

/* One row of the groups table. */
struct groups_row {
	char *group_id;			/* owned */
	const char *student_id;
	const char *objective_id;
	const char *slot;		/* NULL in automatic groups */
	const char *teacher;		/* NULL in automatic groups */
	char *reason;			/* owned */
};

enum groups_unmet_kind {
	GROUPS_UNMET_REQUEST,
	GROUPS_UNMET_ASSIGN
};

/* A request or teacher assignment that could not be placed. */
struct groups_unmet {
	enum groups_unmet_kind kind;
	const char *student_id;
	const char *session_id;
	long rank;			/* 0 for a teacher assignment */
	const char *why;		/* "full", "slot clash", "not ready",
					   "over capacity", "unknown student",
					   "unknown session", "duplicate" */
	char *reason;			/* owned: a sentence */
};

struct groups {
	struct groups_row *rows;
	size_t n, cap;
	struct groups_unmet *unmet;
	size_t nunmet, capunmet;
	size_t nothing_needed;		/* students with no next objective */
	long placed_requests;		/* requests placed by the flow */
	int64_t placed_score;		/* their sum of 20 * need +
					   max(0, 10 - rank) */
	long placed_by_need;		/* students without requests placed */
};

struct groups *groups_new(void);
void groups_free(struct groups *g);

/* Automatic groups.  Fails (-1, status 2) when max_size < 1 or
 * min_size > max_size. */
int groups_auto(struct groups *g, const struct curriculum *c,
    const struct playlist_student *st, size_t nst,
    const struct playlist_opts *po, const struct groups_opts *go,
    struct pl_err *err);

/*
 * Sessions.  Fails (-1, status 1) on a duplicate student or session id, a
 * session whose objective is not in c, or a negative capacity.
 */
int groups_sessions(struct groups *g, const struct curriculum *c,
    const struct playlist_student *st, size_t nst,
    const struct playlist_opts *po,
    const struct groups_session *se, size_t nse,
    const struct groups_request *rq, size_t nrq,
    const struct groups_assign *as, size_t nas, struct pl_err *err);

/* The part of a placement's worth beyond M: 20 * need + max(0, 10-rank). */
int64_t groups_request_score(enum playlist_pace pace, long rank);

#endif
