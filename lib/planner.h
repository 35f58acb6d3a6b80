/*
 * planner.h - the run of pl-plan: loads the objectives, roster and
 * activity catalogs, reads the mastery operands and the pacing, sessions,
 * requests and assignment tables into a plan (lib/plan.h), and writes the
 * playlist or groups table to its output.  What the run has to warn about
 * goes through a callback; the planner itself prints nothing.
 *
 * Arguments are borrowed; the options must outlive the planner.  What
 * planner_new returns belongs to the caller (planner_free).
 */
#ifndef PL_PLANNER_H
#define PL_PLANNER_H

#include <stddef.h>

#include "plan.h"
#include "reject.h"
#include "util.h"

struct planner_opts {
	struct plan_opts p;
	const char *objectives;		/* required */
	const char *activities, *roster, *pacing;	/* or NULL */
	const char *sessions, *requests, *assign;	/* or NULL */
	const char *output;	/* -o, or NULL for standard output */
	char delim;		/* input delimiter; 0: detect */
	int out_format;		/* ',' or '\t'; 0: as the first mastery table */
	int spreadsheet;	/* --spreadsheet */
	unsigned mode;		/* permissions of a new output file */
	/* Told each warning (no program name, no newline), or NULL. */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

struct planner;

/*
 * Loads the catalogs and builds the plan; warns about activities whose
 * objective is not in the objectives.  Returns NULL with err set.
 */
struct planner *planner_new(const struct planner_opts *o,
    struct pl_err *err);
/* Discards the output unless planner_commit was called. */
void planner_free(struct planner *pl);

/*
 * Reads the n mastery operands (none: standard input), then the pacing,
 * sessions, requests and assignment tables the options name.  Bad rows go
 * to rj.  Returns 0, or -1 with err set.
 */
int planner_read(struct planner *pl, const char *const *paths, size_t n,
    struct reject *rj, struct pl_err *err);

/* Plans and writes the table; warns about teacher assignments that could
 * not be placed.  Returns 0, or -1 with err set. */
int planner_write(struct planner *pl, struct pl_err *err);
/* Puts the output in place.  Returns 0, or -1 with err set. */
int planner_commit(struct planner *pl, struct pl_err *err);

#endif
