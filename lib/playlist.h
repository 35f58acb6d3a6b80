/*
 * playlist.h - what each student should work on next: review, ready and
 * stretch objectives in a fixed order, and the activities for each, within
 * a time budget and an item count, every row with a reason in plain words.
 *
 * Arguments are borrowed; strings in the input structs must outlive every
 * result that points at them.  What playlist_catalog_new and playlist_new
 * return belongs to the caller (playlist_catalog_free, playlist_free).  A
 * playlist row's strings point into the inputs, except reason, which the
 * playlist owns.
 *
 * Rules, as built:
 * - review: mastered once (mastered_on set) but not mastered now, or not
 *   mastered with level equal to opts.review_level ("developing") and
 *   evidence dated within opts.recent_days (10) days before as_of;
 * - ready: not mastered, not review, every prerequisite mastered;
 * - stretch: when the student is ahead of pace in the objective's course,
 *   the exploration activities of the objectives they are ready for, then
 *   of those they have mastered, in pacing-guide order.
 * - Objectives: review, then ready, then stretch; within a kind, when the
 *   student is behind or intervene in the objective's course, essential
 *   objectives first; then due date (none last), essential first,
 *   pacing-guide order.
 * - Activities of a review or ready objective (exploration ones excluded):
 *   every essential activity, and for each phase (foundation, practice,
 *   assessment; no phase counts as practice) that no essential activity
 *   covers, the one best alternative: most matches with the student's
 *   modalities and interests, then a modality not yet used for this
 *   objective, then fewer minutes, then id.  They are listed foundation,
 *   practice, assessment; within a phase essential first, then by id.
 * - Budget: rows are taken in order until opts.max_items rows or until a
 *   row would take the total past opts.minutes; that row and everything
 *   after it is left out (nothing later is pulled forward, so a plan never
 *   skips ahead of an unfinished step), except that the first row is always
 *   listed, so no student is left with an empty plan.
 * - An objective with no activity gives one row without an activity_id,
 *   taking the objective's est_minutes, whose reason says so.
 */
#ifndef PL_PLAYLIST_H
#define PL_PLAYLIST_H

#include <stddef.h>
#include <stdint.h>

#include "curriculum.h"

enum playlist_phase {
	PLAYLIST_FOUNDATION,
	PLAYLIST_PRACTICE,
	PLAYLIST_ASSESSMENT,
	PLAYLIST_EXPLORATION
};

enum playlist_kind {
	PLAYLIST_REVIEW,
	PLAYLIST_READY,
	PLAYLIST_STRETCH
};

/* A pacing status; UNKNOWN when the pacing table does not say. */
enum playlist_pace {
	PLAYLIST_PACE_UNKNOWN,
	PLAYLIST_PACE_AHEAD,
	PLAYLIST_PACE_ON_TRACK,
	PLAYLIST_PACE_BEHIND,
	PLAYLIST_PACE_INTERVENE
};

/* One row of the activities table. */
struct playlist_activity {
	const char *id;
	const char *objective_id;
	const char *title;		/* may be NULL */
	const char *modality;		/* may be NULL */
	long minutes;			/* 0 when unknown */
	enum playlist_phase phase;
	const char *const *tags;	/* interests it fits */
	size_t ntags;
	int essential;
};

/* A student's standing in one course (course NULL or "": every course). */
struct playlist_pacing {
	const char *course;
	enum playlist_pace status;
	long days_ahead;		/* signed instructional days */
};

/* A student's mastery of one objective, as pl-progress wrote it. */
struct playlist_mastery {	/* widest first: pl-plan holds one a pair */
	double score;			/* 0..1 */
	const char *level;		/* may be NULL */
	int32_t mastered_on;		/* DATE_NONE when never */
	int32_t last_date;		/* DATE_NONE when unknown */
	int has_evidence;		/* 0: the other fields are unused */
	int mastered;
};

struct playlist_student {
	const char *id;
	const char *const *interests;
	size_t ninterests;
	const char *const *modalities;
	size_t nmodalities;
	const struct playlist_pacing *pacing;
	size_t npacing;
	/* One entry per objective, by curriculum index; NULL: no evidence. */
	const struct playlist_mastery *mastery;
};

struct playlist_opts {
	int32_t as_of;
	long recent_days;		/* default 10 */
	const char *review_level;	/* default "developing" */
	long minutes;			/* budget; 0 = none */
	long max_items;			/* 0 = none */
};

/* Sets the defaults; as_of must still be set. */
void playlist_opts_init(struct playlist_opts *o);

/* Phase names: "foundation", ...; parse returns 0, or -1 when the name is
 * not a phase ("" and NULL are practice). */
const char *playlist_phase_name(enum playlist_phase p);
int playlist_phase_parse(const char *s, enum playlist_phase *out);
const char *playlist_kind_name(enum playlist_kind k);
/* "ahead", "on_track", "behind", "intervene"; "" for UNKNOWN. */
const char *playlist_pace_name(enum playlist_pace p);
int playlist_pace_parse(const char *s, enum playlist_pace *out);

/* The pacing entry that applies to a course (the student's entry for that
 * course, else one for every course), or NULL. */
const struct playlist_pacing *playlist_pacing_for(
    const struct playlist_student *s, const char *course);

/* One objective a student needs, in playlist order. */
struct playlist_need {
	uint32_t objective;
	enum playlist_kind kind;	/* REVIEW or READY */
};

/*
 * Writes the student's review and ready objectives, in playlist order, to
 * out (room for curriculum_count entries) and returns how many.
 */
size_t playlist_needs(const struct curriculum *c,
    const struct playlist_student *s, const struct playlist_opts *o,
    struct playlist_need *out);

/* The activities, grouped by objective.  Activities whose objective_id is
 * not in c are left out; playlist_catalog_unknown counts them. */
struct playlist_catalog;

struct playlist_catalog *playlist_catalog_new(const struct curriculum *c,
    const struct playlist_activity *a, size_t n);
void playlist_catalog_free(struct playlist_catalog *cat);
size_t playlist_catalog_unknown(const struct playlist_catalog *cat);

struct playlist_row {
	const char *student_id;
	long seq;			/* 1, 2, ... per student */
	uint32_t objective;
	const char *objective_id;
	const char *activity_id;	/* NULL: no activity for it */
	const char *title;		/* activity's, else objective's */
	const char *modality;		/* may be NULL */
	long minutes;
	const char *phase;		/* NULL when there is no activity */
	enum playlist_kind kind;
	int32_t due;
	char *reason;
};

struct playlist {
	struct playlist_row *rows;
	size_t n, cap;
};

struct playlist *playlist_new(void);
void playlist_free(struct playlist *p);

/* Appends the student's rows to p; returns how many were added. */
size_t playlist_build(struct playlist *p, const struct curriculum *c,
    const struct playlist_catalog *cat, const struct playlist_student *s,
    const struct playlist_opts *o);

/* Writes a date for a sentence, "Dec 4", with ", 2025" when its year is
 * not as_of's; buf holds at least 16 bytes.  Returns buf. */
char *playlist_say_date(int32_t day, int32_t as_of, char *buf);

#endif
