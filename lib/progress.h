/*
 * progress.h - the engine of pl-progress: evidence in (from tables), rules
 * applied per student x objective, results out one student at a time, in
 * student id order, as mastery rows or as the input of the pacing view.
 *
 * Arguments are borrowed; the caller keeps the objectives, roster and
 * options alive while the progress object lives.  What progress_new
 * returns belongs to the caller (progress_free).
 */
#ifndef PL_PROGRESS_H
#define PL_PROGRESS_H

#include <stdint.h>

#include "catalog.h"
#include "evidence.h"
#include "mastery.h"
#include "reject.h"
#include "store.h"
#include "table.h"

struct progress;

/*
 * Computes a BKT rule's result for one student's scores on one objective
 * (ordered, cut at --as-of); set by the caller, who owns the parameters.
 * Returns 0, or -1 with err set (no parameters for the objective).
 */
typedef int (*progress_bkt_fn)(void *arg, const char *student,
    const char *objective, const struct mastery_rule *rule,
    const struct store_obs *obs, size_t n, struct mastery_result *out,
    struct pl_err *err);

/*
 * Called once with every score read, before any rule is applied (not in
 * --grouped mode): BKT fits its parameters here.  rule_of(objective) gives
 * the rule that applies to a store objective id.
 */
typedef int (*progress_prepare_fn)(void *arg, const struct progress *p,
    const struct store *s, struct pl_err *err);

struct progress_opts {
	struct mastery_rule rule;	/* --rule */
	struct mastery_scale scale;	/* --scale, --mastery-level */
	int min_evidence;		/* --min-evidence */
	const char *only_kind;		/* --only-kind, or NULL */
	int32_t as_of;			/* evidence after it is left out */
	struct evidence_opts ev;
	int all;			/* --all: not_yet rows too */
	int grouped;			/* --grouped */
	int strict;			/* unknown objectives are errors */
	int include_roster;		/* every roster student is handed over */
	int from_mastery;		/* input is mastery rows, not evidence */
	progress_bkt_fn bkt;		/* for rules of kind MASTERY_BKT */
	progress_prepare_fn prepare;	/* or NULL */
	void *bkt_arg;
	int bkt_threads;		/* bkt may run in several threads at
					 * once (after prepare) */
};

/* One student's result on one objective. */
struct progress_item {
	uint32_t objective;		/* store objective id */
	long catalog;			/* index in --objectives, or -1 */
	size_t count;			/* scores used */
	int32_t last_date;		/* DATE_NONE when none */
	struct mastery_result r;
	const struct mastery_rule *rule;
};

/* Everything about one student, handed to the sink. */
struct progress_student {
	const char *id;
	long roster;			/* index in --roster, or -1 */
	const struct progress_item *items;	/* by objective id */
	size_t n;
};

typedef int (*progress_sink)(void *arg, const struct progress *p,
    const struct progress_student *s, struct pl_err *err);

/*
 * objectives and roster may be empty (n == 0).  Parses the objectives'
 * rule column; a bad rule there is an error (status 2) naming its line.
 */
struct progress *progress_new(const struct progress_opts *o,
    const struct catalog_objectives *objectives,
    const struct catalog_roster *roster, progress_sink sink, void *arg,
    struct pl_err *err);
void progress_free(struct progress *p);

/*
 * Reads every evidence record of t.  In --grouped mode, each student is
 * finished and handed to the sink as soon as the next one starts.
 * Returns 0, or -1 with err set.
 */
int progress_read(struct progress *p, struct table *t,
    const char *const *map, struct reject *rj, struct pl_err *err);
/*
 * Reads every evidence record of t, which was opened on the regular file
 * path, with up to threads threads: the rest of the file is cut at record
 * boundaries (table_split) and each slice read into its own store, the
 * stores then joined in file order, so that what follows is what
 * progress_read would have made.  Returns 0 when done, or 1 when t must be
 * read by progress_read instead: one thread asked for, standard input, a
 * small file, --grouped, --from-mastery, or a slice that did not end
 * between records or met a row to reject or an error (the one-thread read
 * then reports it, with its line).
 */
int progress_read_threads(struct progress *p, struct table *t,
    const char *path, int threads, const char *const *map,
    struct pl_err *err);
/*
 * Reads mastery rows (student_id, objective_id, mastered, mastered_on,
 * score) instead of evidence, for the pacing view; opts.from_mastery must
 * be set.  A mastery dated after --as-of does not count.
 */
int progress_read_mastery(struct progress *p, struct table *t,
    struct reject *rj, struct pl_err *err);
/* Finishes: hands every remaining student to the sink. */
int progress_finish(struct progress *p, struct pl_err *err);

/*
 * Finishes as progress_finish does, but evaluates the students and formats
 * their mastery rows (progress_write_student) with up to threads threads,
 * a block of students each, the blocks written to w in student order: the
 * bytes are those of one thread.  Returns 0, -1 with err set, or 1 when it
 * does not apply (one thread, --grouped, --all, a roster to merge, BKT, a
 * writer that filters or routes, few pairs) and progress_finish must be
 * called instead.
 */
int progress_finish_threads(struct progress *p, struct table_writer *w,
    int threads, struct pl_err *err);

const char *progress_objective_id(const struct progress *p, uint32_t id);
/* The rule that applies to store objective id (its own or --rule). */
const struct mastery_rule *progress_rule(struct progress *p, uint32_t id);
const struct progress_opts *progress_options(const struct progress *p);
/* Rows whose objective is not in --objectives (kept unless strict). */
unsigned long progress_unknown_rows(const struct progress *p);
size_t progress_unknown_objectives(const struct progress *p);
/* Scores left out for being dated after --as-of, or of another kind. */
unsigned long progress_future_rows(const struct progress *p);

/*
 * Names the writer the mastery rows will go to (or one that escapes alike,
 * table_writers_escape_alike): once the scores are all read, the objective
 * ids it writes as they are are known, and progress_write_student copies
 * them without looking at their bytes again.  Optional; w must outlive p.
 */
void progress_write_to(struct progress *p, const struct table_writer *w);
/* Writes the mastery header, and the rows of one student. */
void progress_write_header(struct table_writer *w);
void progress_write_student(struct table_writer *w, const struct progress *p,
    const struct progress_student *s);

#endif
