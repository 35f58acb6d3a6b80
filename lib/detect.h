/*
 * detect.h - which export a file is, from the names in its header row
 * (the signatures of research/formats.md section 6.3), and the loose
 * matching of header names that vendors spell in several ways
 * ("Human Coding Scheme", "HumanCodingScheme", "human_coding_scheme").
 *
 * Arguments are borrowed; nothing here allocates.
 */
#ifndef PL_DETECT_H
#define PL_DETECT_H

#include <stddef.h>

#include "table.h"

enum detect_format {
	DETECT_GENERIC,		/* any CSV/TSV: canonical or --map columns */
	DETECT_CANVAS,		/* Canvas gradebook export */
	DETECT_CANVAS_MASTERY,	/* Canvas Learning Mastery Gradebook export */
	DETECT_CANVAS_OUTCOMES,	/* Canvas outcomes CSV (an objectives list) */
	DETECT_ONEROSTER,	/* a OneRoster CSV bundle (its manifest.csv) */
	DETECT_CASE,		/* CASE / OpenSALT standards CSV */
	DETECT_CASE_JSON,	/* CASE JSON package (CFPackage); --from case */
	DETECT_MYLAB,		/* Pearson MyLab gradebook export */
	DETECT_AUTO		/* not a format: "recognise it" */
};

/* The --from name of f ("canvas-outcomes", ...; "case" for both CASE
 * forms: the content tells a JSON package from a CSV list). */
const char *detect_name(enum detect_format f);
/* A sentence-sized description ("Canvas gradebook export"). */
const char *detect_title(enum detect_format f);
/* Parses a --from name; -1 when unknown.  "canvas-outcomes" gives
 * DETECT_CANVAS_MASTERY (its objectives form is chosen by --table). */
int detect_parse(const char *name);

/* Recognises a format from the n header names. */
enum detect_format detect_header(const char *const *names, size_t n);
/* The same for an open table. */
enum detect_format detect_table(const struct table *t);

/* The format-specific options a run was given, for detect_resolve. */
struct detect_use {
	int wide, map, class_id, points_possible, objective_id, zip_max_size;
	const char *student_id;	/* NULL when not given */
};

/*
 * Settles the format of one input.  *fmt is what --from said (explicit
 * set) or what the header showed; *table is the --table kind (enum
 * import_table, -1 for evidence).  An outcomes CSV or a standards list
 * implies objectives; --from canvas-outcomes with --table objectives reads
 * an outcomes CSV.  Returns 0, or -1 with err set (status 2, naming path)
 * when an option or the table does not apply to the format.
 */
int detect_resolve(int *fmt, int *table, int explicit, const struct
    detect_use *u, const char *path, struct pl_err *err);

/*
 * Writes the matching key of a header name into buf (size at least 1):
 * ASCII letters lower-cased, digits kept, everything else (spaces,
 * underscores, dots, hyphens) dropped.  Returns buf.
 */
char *detect_key(const char *name, char *buf, size_t size);
/* Index of the first column of t whose key equals the key of one of the
 * NULL-terminated names, or -1. */
long detect_col(const struct table *t, const char *const *names);

#endif
