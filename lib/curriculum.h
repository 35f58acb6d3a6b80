/*
 * curriculum.h - the objectives of a course and their prerequisites as a
 * graph: lookup by id, prerequisites as indices, and a topological order.
 *
 * Objectives are given in pacing-guide order; an objective's index is its
 * position in that order.  The array passed to curriculum_new is copied,
 * but the strings it points to are borrowed and must outlive the
 * curriculum.  What curriculum_new returns belongs to the caller
 * (curriculum_free); arrays it hands out stay valid until then.
 */
#ifndef PL_CURRICULUM_H
#define PL_CURRICULUM_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* One objective as the objectives table describes it. */
struct curriculum_objective {
	const char *id;
	const char *title;		/* may be NULL */
	const char *course;		/* may be NULL */
	int32_t due;			/* DATE_NONE when the guide gives none */
	long est_minutes;		/* 0 when unknown */
	int essential;
	const char *const *prereq_ids;	/* objective ids, nprereq of them */
	size_t nprereq;
};

struct curriculum;

/*
 * Builds the graph.  Fails (NULL, err status 1) on an empty id, a
 * duplicate id, an objective that names itself as a prerequisite, a
 * prerequisite id that is not an objective (the message names both), or a
 * prerequisite cycle: "prerequisite cycle: A -> B -> C -> A", where each
 * objective is a prerequisite of the next and the cycle starts at its
 * objective earliest in the pacing guide.  A prerequisite listed twice
 * counts once.  No recursion: any depth of chain is fine.
 */
struct curriculum *curriculum_new(const struct curriculum_objective *objs,
    size_t n, struct pl_err *err);
void curriculum_free(struct curriculum *c);

size_t curriculum_count(const struct curriculum *c);
const struct curriculum_objective *curriculum_objective(
    const struct curriculum *c, size_t i);
/* Index of the objective called id (or the len bytes at id), or -1. */
long curriculum_find(const struct curriculum *c, const char *id);
long curriculum_find_n(const struct curriculum *c, const char *id,
    size_t len);
/* Prerequisites of objective i as indices, in the order listed; *n gets
 * their number. */
const uint32_t *curriculum_prereqs(const struct curriculum *c, size_t i,
    size_t *n);
/*
 * All objectives, each after its prerequisites; among the objectives free
 * to come next, the one earliest in the pacing guide comes first.
 */
const uint32_t *curriculum_order(const struct curriculum *c);

#endif
