/*
 * store.h - evidence held compactly for the rules: per student x objective
 * pair, each score as (date, seq, points, max, weight, correct) and never
 * the row's text.  Ids are interned.  After store_finish the pairs are
 * sorted by student id, then objective id (byte order), and each pair's
 * scores by date, then seq, then input order.
 *
 * What store_new returns belongs to the caller (store_free).
 */
#ifndef PL_STORE_H
#define PL_STORE_H

#include "mastery.h"

#include <stddef.h>
#include <stdint.h>

/* One score as the rules see it.  The store keeps most in 8 bytes. */
struct store_obs {
	int32_t date;
	uint32_t order;		/* input order */
	double points;
	double seq;
	double max;		/* > 0 */
	double weight;		/* as read: a float would move Canvas's rounding */
	int8_t correct;		/* 1, 0, or -1 unknown */
};

struct store;

struct store *store_new(void);
void store_free(struct store *s);
/* Drops every score and pair and every student id (objective ids stay):
 * the --grouped mode calls it between students. */
void store_reset(struct store *s);

uint32_t store_student(struct store *s, const char *id, size_t len);
/* A reader that knows the next row's student while it stores this one's:
 * asks for the memory that storing it will need (intern_prefetch), and
 * returns the hash that store_add_hashed takes. */
uint64_t store_student_prefetch(const struct store *s, const char *id,
    size_t len);
/* An objective's id, added when new; it writes to the store even when the
 * id is known (a cache of recent ids), so one thread at a time. */
uint32_t store_objective(struct store *s, const char *id, size_t len);
size_t store_nstudents(const struct store *s);
size_t store_nobjectives(const struct store *s);
const char *store_student_id(const struct store *s, uint32_t student);
const char *store_objective_id(const struct store *s, uint32_t objective);
size_t store_objective_len(const struct store *s, uint32_t objective);
/* Id of a student or objective, or UINT32_MAX when not seen. */
uint32_t store_find_student(const struct store *s, const char *id, size_t len);

/* Adds one score; o->order is set here. */
void store_add(struct store *s, uint32_t student, uint32_t objective,
    struct store_obs o);
/* store_add of the student id[0..len), h from store_student_prefetch;
 * returns the student's number, for store_add. */
uint32_t store_add_hashed(struct store *s, const char *id, size_t len,
    uint64_t h, uint32_t objective, const struct store_obs *o);
size_t store_nobs(const struct store *s);

/*
 * Moves every score of src (neither finished) into s, after s's own, as if
 * src's input followed s's: the threads that read slices of one file are
 * joined so, in the slices' order.  src's scores are dropped.
 */
void store_absorb(struct store *s, struct store *src);

/* Groups and sorts, after the last store_add; once finished, again does
 * nothing. */
void store_finish(struct store *s);
/* The same, with up to threads threads. */
void store_finish_threads(struct store *s, int threads);
/* 1 after store_finish, until store_reset. */
int store_finished(const struct store *s);
/* After store_finish: the pairs (student x objective with scores) in all;
 * the students with scores, and the k-th of them in id text order. */
size_t store_npairs(const struct store *s);
size_t store_nsorted(const struct store *s);
uint32_t store_sorted(const struct store *s, size_t k);
/* Asks for the memory that reading the k-th sorted student's scores will
 * need (and the next student's place): a caller reading students in
 * order calls it one student ahead. */
void store_prefetch_sorted(const struct store *s, size_t k);
/* A student's pairs, in objective id text order. */
size_t store_student_npairs(const struct store *s, uint32_t student);
/*
 * The next pair of a student: *pos is 0 for its first, and moves on.  Its
 * scores, ordered by date, then seq, then input order, are put in *buf (of
 * *cap, grown as needed; the caller's, so that threads can read pairs at
 * once).  Returns 1, or 0 after the last pair.
 */
int store_next_pair(const struct store *s, uint32_t student, size_t *pos,
    uint32_t *objective, struct store_obs **buf, size_t *cap, size_t *n);

/* A plain score (a mastery_point): of the store's common maximum, weight
 * 1, no seq and no correct flag. */

/* The most scores store_next_plain reads in a pair. */
#define STORE_PLAIN_MAX 64

/*
 * store_next_pair for the common pair, every score of it plain and at
 * most max_n (and STORE_PLAIN_MAX) of them: its dates and points, ordered
 * by date then input order, into v (max_n long).  Returns 1 with *pos moved on; 0, with *pos
 * unmoved, for a pair that is not one such (store_next_pair reads it);
 * -1 after the last pair.
 */
int store_next_plain(const struct store *s, uint32_t student, size_t *pos,
    uint32_t *objective, struct mastery_point *v, size_t max_n, size_t *n);
/* The maximum of a plain score. */
double store_common_max(const struct store *s);

#endif
