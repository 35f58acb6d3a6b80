/*
 * tracker.h - the run of pl-progress: loads the objectives, roster and
 * calendar, reads the evidence (or, for pacing, mastery) operands, applies
 * the rules (fitting BKT where a rule asks) and writes the mastery, pacing
 * or prediction rows to its output, and the fitted BKT parameters to
 * theirs.  What the run has to tell goes through callbacks; the tracker
 * itself prints nothing.
 *
 * Arguments are borrowed; the options must outlive the tracker.  What
 * tracker_new returns belongs to the caller (tracker_free).
 */
#ifndef PL_TRACKER_H
#define PL_TRACKER_H

#include <stddef.h>
#include <stdint.h>

#include "bktrule.h"
#include "pacing.h"
#include "progress.h"
#include "reject.h"
#include "util.h"

struct tracker_opts {
	struct progress_opts p;
	struct pacing_options pace;
	struct bktrule_opts bkt;
	const char *objectives, *roster, *calendar;	/* or NULL */
	const char *bkt_params;		/* --bkt-params, or NULL */
	const char *bkt_params_out;	/* --bkt-params-out, or NULL */
	int pacing;			/* --pacing: pacing rows */
	int threads;			/* 1..256; 0: the cores online */
	int32_t start, end;		/* --start, --end, or DATE_NONE */
	int date_flags;			/* of the catalogs' dates */
	const char *output;	/* -o, or NULL for standard output */
	char delim;		/* input delimiter; 0: detect */
	int out_format;		/* ',' or '\t'; 0: as the first input */
	int spreadsheet;	/* --spreadsheet */
	unsigned mode;		/* permissions of a new output file */
	/* Told each warning and each note (the BKT metrics), without the
	 * program name or a newline; either may be NULL. */
	void (*warn)(void *arg, const char *msg);
	void (*note)(void *arg, const char *msg);
	void *arg;
};

/* The defaults: the decaying rule, the default scale, BKT's 0.5 and 0.95,
 * the pacing defaults, no dates. */
void tracker_opts_init(struct tracker_opts *o);

/*
 * 0: no BKT rule; 1: bkt with parameters given (or a rule column in the
 * objectives, looked at when they are loaded); 2: bkt:fit in --rule.
 */
int tracker_uses_bkt(const struct tracker_opts *o);

/*
 * NULL when the options go together, or what is wrong with them (a usage
 * error, e.g. "--pacing needs --objectives (the pacing guide)").
 */
const char *tracker_opts_check(const struct tracker_opts *o);

struct tracker;

/* Loads the catalogs and opens the output.  Returns NULL with err set. */
struct tracker *tracker_new(const struct tracker_opts *o,
    struct pl_err *err);
/* Discards the output unless tracker_commit was called. */
void tracker_free(struct tracker *tr);

/* Reads the n operands (none: standard input), each with up to the
 * threads asked.  Bad rows go to rj.  Returns 0, or -1 with err set. */
int tracker_read(struct tracker *tr, const char *const *paths, size_t n,
    struct reject *rj, struct pl_err *err);

/*
 * Applies the rules and writes the rows; notes the BKT metrics when asked,
 * writes the fitted parameters, warns about evidence for objectives not in
 * the objectives.  Returns 0, or -1 with err set.
 */
int tracker_finish(struct tracker *tr, struct pl_err *err);
/* Puts the output in place.  Returns 0, or -1 with err set. */
int tracker_commit(struct tracker *tr, struct pl_err *err);

#endif
