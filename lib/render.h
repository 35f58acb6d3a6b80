/*
 * render.h - the reports of pl-report (class matrix, student progress,
 * pacing and interventions, groups) drawn from plain structs, as text for
 * an 80-column terminal, GitHub-flavoured Markdown, or self-contained HTML
 * with SVG charts (html.h, svg.h); and, for CSV/TSV, as rows of strings
 * that the caller writes with the table writer.
 *
 * Ownership: every model is borrowed.  The caller fills the structs below
 * with strings it owns and keeps them alive during the call; nothing here
 * keeps a pointer after it returns.  Output goes to a FILE * owned by the
 * caller.  Nothing here reads input, parses options, prints to stderr or
 * exits; a failed write is reported through struct pl_err.
 */
#ifndef PL_RENDER_H
#define PL_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* An index that refers to nothing (an unknown objective). */
#define RENDER_NONE ((size_t)-1)

/* One learner; name and section may be NULL or "". */
struct render_student {
	const char *id;
	const char *name;
	const char *section;
};

/* One objective, in pacing-guide order; due is DATE_NONE when unset. */
struct render_objective {
	const char *id;
	const char *title;
	const char *course;
	int32_t due;
};

/*
 * A student x objective pair of the mastery table.  level NULL means no
 * row (no evidence).  rank is the level's index in render_data.levels, or
 * -1 for a level outside the scale (not_yet).  score is 0..1 or NAN.
 * 24 bytes: a district's table has millions.
 */
struct render_cell {
	const char *level;
	double score;
	int32_t mastered_on;
	short rank;
	signed char mastered;	/* 0 or 1 */
};

/* Pacing status, in increasing urgency. */
enum render_status {
	RENDER_STATUS_NONE = 0,
	RENDER_AHEAD,
	RENDER_ON_TRACK,
	RENDER_BEHIND,
	RENDER_INTERVENE
};

/* A row of the pacing table.  Unknown numbers are NAN, dates DATE_NONE. */
struct render_pacing {
	size_t student;		/* index into render_data.students */
	const char *course;
	long total;
	long mastered;
	double expected;
	enum render_status status;
	double days_ahead;
	double velocity;	/* objectives per week, recent */
	double needed;		/* objectives per week to finish on time */
	int32_t projected;
	int32_t target;
};

/* A row of the playlist table. */
struct render_item {
	size_t student;
	long seq;
	size_t objective;	/* index into render_data.objectives */
	const char *activity_id;
	const char *title;
	const char *modality;
	double minutes;		/* NAN when unknown */
	const char *phase;
	const char *kind;	/* ready, review, stretch */
	int32_t due;
	const char *reason;
};

/* A row of the groups table: one student in one group or session. */
struct render_member {
	const char *group;
	size_t student;
	size_t objective;	/* RENDER_NONE when the row names none */
	const char *slot;
	const char *teacher;
	const char *reason;
};

/*
 * Everything a report may show.  cells is nstudents x nobjectives, row by
 * student, or NULL when no mastery table was given.  levels is the scale,
 * lowest first (beginning, developing, proficient, advanced).  Any array
 * may be empty.
 */
struct render_data {
	const char *title;	/* NULL: a title from the report kind */
	int32_t as_of;
	const struct render_student *students;
	size_t nstudents;
	const struct render_objective *objectives;
	size_t nobjectives;
	const struct render_cell *cells;
	const char *const *levels;
	size_t nlevels;
	const struct render_pacing *pacing;
	size_t npacing;
	const struct render_item *playlist;
	size_t nplaylist;
	const struct render_member *groups;
	size_t ngroups;
};

enum render_kind {
	RENDER_CLASS,
	RENDER_STUDENT,
	RENDER_PACING,
	RENDER_INTERVENTIONS,
	RENDER_GROUPS
};

enum render_format {
	RENDER_TEXT,
	RENDER_MD,
	RENDER_HTML
};

/* What to show: NULL or "" selects everything. */
struct render_opts {
	const char *section;
	const char *course;
	const char *student;
	int width;		/* text columns; 0 means 80 */
};

/* Name <-> value; the parsers return 0, or -1 for an unknown name. */
int render_kind_parse(const char *s, enum render_kind *out);
const char *render_kind_name(enum render_kind k);
int render_format_parse(const char *s, enum render_format *out);
/* Accepts ahead, on_track (or on-track), behind, intervene; "" is NONE. */
int render_status_parse(const char *s, enum render_status *out);
const char *render_status_name(enum render_status s);

/*
 * Writes report k in format f.  For RENDER_STUDENT every selected student
 * gets a section (or a page break in HTML).  Returns 0, or -1 with err set:
 * a write error on fp (status 1), or opts->student naming no student
 * (status 1).
 */
int render_report(FILE *fp, const struct render_data *d, enum render_kind k,
    enum render_format f, const struct render_opts *opts, struct pl_err *err);

/* One student's report, for --split (student is an index). */
int render_student_page(FILE *fp, const struct render_data *d,
    size_t student, enum render_format f, const struct render_opts *opts,
    struct pl_err *err);

/* 1 when s is of section: its section cell, or one item of it when it
 * is a list ("Period 1; Period 3"). */
int render_in_section(const struct render_student *s, const char *section);
/* 1 when opts selects student i (by --student and --section). */
int render_selected(const struct render_data *d, size_t i,
    const struct render_opts *opts);

/*
 * Rows for CSV/TSV.  fn is called first with the header, then with each
 * row; a non-zero return from fn stops and is returned.  Cells are plain
 * text: the table writer quotes them and neutralises formulas.
 */
typedef int (*render_row_fn)(const char *const *cells, size_t n, void *arg);
int render_rows(const struct render_data *d, enum render_kind k,
    const struct render_opts *opts, render_row_fn fn, void *arg);

/*
 * A file name made safe from any id: only [A-Za-z0-9._-], no leading '.'
 * or '-', at most RENDER_NAME_KEEP bytes of the id.  When the id had to
 * be changed (or is empty, or is "index", or a Windows device name such as
 * CON, nul or COM1 before its first '.'), '~' and 16 hex digits of a
 * stable hash of the whole id are appended; since an unchanged id never
 * contains '~', two ids get the same name only when they are equal (or
 * their 64-bit hashes collide).  Names may still differ only in case: see
 * render_file_names.  buf holds RENDER_NAME_SIZE bytes; no extension is
 * added.  Returns the length.
 */
#define RENDER_NAME_KEEP 64
#define RENDER_NAME_SIZE (RENDER_NAME_KEEP + 18)
size_t render_safe_name(const char *id, char *buf);

/*
 * The file names of ids[0..n) for a folder (--split): render_safe_name
 * then ext, unique even where case does not count (macOS, Windows, FAT,
 * SMB).  Ids whose names are equal ignoring case (ab1 and AB1) all get
 * '~' and the hash of their exact id, none keeping the plain name; names
 * still equal ignoring case (equal ids, a hash collision) get ~2, ~3, ...
 * after the first in byte order of the ids.  A name thus depends on the
 * set of ids, not on their order, and an id that clashes with none keeps
 * render_safe_name's name.  names[i] is allocated for ids[i]; the caller
 * frees each.
 */
void render_file_names(const char *const *ids, size_t n, const char *ext,
    char **names);

/*
 * Display width of s on a terminal: UTF-8 decoded, combining marks 0,
 * East Asian wide and emoji 2, everything else 1 (a control character or a
 * bad byte counts as the 1 replacement character that text output shows).
 */
size_t render_width(const char *s);

/* Decodes the UTF-8 character at s (not at its NUL): sets *cp and returns
 * the bytes used, at least 1; a bad sequence gives U+FFFD for one byte. */
size_t render_utf8_next(const char *s, uint32_t *cp);

/* The length in bytes of the longest prefix of s, cut between characters,
 * whose display width is at most cols. */
size_t render_prefix(const char *s, size_t cols);

/*
 * Writes s for a terminal in exactly width columns: control characters
 * and bad bytes become '?', a longer s is cut with an ellipsis, a shorter
 * one padded with spaces (on the left when right is set).
 */
void render_text_fit(FILE *fp, const char *s, size_t width, int right);

/* Writes s as Markdown table-cell text: | \ ` * _ [ ] < > & ~ escaped with
 * a backslash, line breaks and control characters as spaces. */
void render_md_escape(FILE *fp, const char *s);

/* Writes v with num_format (locale-independent, at most 4 decimals). */
void render_num(FILE *fp, double v);
/* Writes v for people: rounded to 2 decimals; nothing when v is NAN. */
void render_num2(FILE *fp, double v);

/* The letter of level rank r (first letter of its name, or its digit
 * when an earlier level took the letter); '.' for no row, '-' for rank -1. */
char render_level_letter(const struct render_data *d,
    const struct render_cell *c);

/* The cell of student s, objective o, or NULL when there are no cells. */
const struct render_cell *render_cell_at(const struct render_data *d,
    size_t s, size_t o);

/* A display name: the student's name, or the id when the name is empty. */
const char *render_student_name(const struct render_data *d, size_t s);

/*
 * Per-course figures of one student, for the student page and its charts:
 * the course's objectives (selected by opts->course), the sorted due dates
 * of those that have one, the sorted dates on which the student mastered
 * one, and the pacing row for this pair (NULL when none).
 */
struct render_course {
	const char *course;
	size_t total;
	size_t mastered;
	int32_t *due;		/* ndue sorted dates */
	size_t ndue;
	int32_t *done;		/* ndone sorted dates */
	size_t ndone;
	const struct render_pacing *pacing;
};

/* Fills *n courses for student s; free with render_courses_free. */
struct render_course *render_courses(const struct render_data *d, size_t s,
    const struct render_opts *opts, size_t *n);
void render_courses_free(struct render_course *c, size_t n);

/* 1 when objective o is selected by opts->course. */
int render_objective_selected(const struct render_data *d, size_t o,
    const struct render_opts *opts);

/*
 * The pacing rows selected by opts, sorted by urgency: intervene, behind,
 * on track, ahead; then most days behind, then the widest gap between the
 * needed and the recent pace, then student id and course.  With
 * only_behind, rows that are on track or ahead are left out.  Returns a
 * new array of *n pointers (free it).
 */
const struct render_pacing **render_urgent(const struct render_data *d,
    const struct render_opts *opts, int only_behind, size_t *n);

/*
 * The plain-language account of a student's standing in one course, for
 * families: what is mastered, where that stands against the pacing guide,
 * the recent and the needed pace.  Written into buf (cut to size).
 */
void render_pace_text(const struct render_data *d, size_t s,
    const struct render_course *c, char *buf, size_t size);

/*
 * The selected group rows sorted by group, slot, objective, teacher and
 * student name; a new array of *n pointers (free it).
 */
const struct render_member **render_group_rows(const struct render_data *d,
    const struct render_opts *opts, size_t *n);
/* Members from rows[i] on that share its group heading. */
size_t render_group_span(const struct render_data *d,
    const struct render_member *const *rows, size_t i, size_t n);
/* A group's heading: "g1: alg.2 Solve systems; Tue 10:00; with Ms Lee
 * (3 students)", written into buf. */
void render_group_heading(const struct render_data *d,
    const struct render_member *m, size_t members, char *buf, size_t size);

/* The playlist rows of student s selected by opts, in seq order; a new
 * array of *n pointers (free it). */
const struct render_item **render_student_items(const struct render_data *d,
    size_t s, const struct render_opts *opts, size_t *n);
/* One playlist row as a sentence: "Graph lines (for Linear functions);
 * ready, video, 20 min, due 2024-10-10", written into buf. */
void render_item_text(const struct render_data *d,
    const struct render_item *it, char *buf, size_t size);

/* The number of selected objectives of student s that are mastered. */
size_t render_mastered_count(const struct render_data *d, size_t s,
    const struct render_opts *opts);
/* Counts of objective o's levels among the selected students:
 * counts[0..nlevels) by rank, counts[nlevels] other levels (not yet),
 * counts[nlevels + 1] no evidence; returns how many mastered it. */
size_t render_level_counts(const struct render_data *d, size_t o,
    const struct render_opts *opts, size_t *counts);
/* Selected students, and selected objectives in *nobj. */
size_t render_count_selected(const struct render_data *d,
    const struct render_opts *opts, size_t *nobj);
/* The level of a cell in words for families: "not started" when there
 * is no row, "not yet" for not_yet, else the level's name. */
const char *render_level_words(const struct render_cell *c);
/* The status in words: "on track", "intervene", ... */
const char *render_status_words(enum render_status s);

#endif
