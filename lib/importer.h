/*
 * importer.h - the run of pl-import: settles the format of each input (a
 * table, or a OneRoster bundle: a folder, its manifest.csv or a ZIP
 * archive), runs the reader of that format, and writes every input into
 * one output or a set of partition files, pseudonymised when a key is
 * given.  What the run has to tell (which format an input was read as, the
 * summary) goes through callbacks; the importer itself prints nothing.
 *
 * Arguments are borrowed; the options must outlive the importer.  What
 * importer_new returns belongs to the caller (importer_free).  The strings
 * importer_map allocates belong to the options (importer_opts_free).
 */
#ifndef PL_IMPORTER_H
#define PL_IMPORTER_H

#include <stddef.h>
#include <stdint.h>

#include "detect.h"
#include "import.h"
#include "reject.h"
#include "util.h"

#define IMPORTER_MAX_MAPS 31	/* --map options */
#define IMPORTER_MAX_DROP 64	/* --drop options */

struct importer_opts {
	struct import_opts imp;	/* --map (evidence), --wide, --max-score */
	const char *maps[2 * IMPORTER_MAX_MAPS + 1];	/* canonical, source
				 * pairs for --table, NULL-terminated */
	size_t nmaps;		/* entries of maps (twice the --map count) */
	int table;		/* enum import_table; -1: evidence */
	int from;		/* enum detect_format; DETECT_AUTO: recognise */
	int32_t date;		/* --date, or DATE_NONE */
	int32_t as_of;		/* --as-of: the date of a wide table's scores */
	long header_line;	/* --header-line; 0 or 1: the first line */
	double points_possible;	/* --points-possible; 0: not given */
	const char *class_id;	/* --class, or NULL */
	const char *student_id;	/* --student-id, or NULL */
	const char *objective_id;	/* --objective-id, or NULL */
	const char *align_path;	/* --align, or NULL */
	uint64_t zip_max_size;	/* --zip-max-size; 0: the default */
	const char *keyfile;	/* --pseudonymize, or NULL */
	const char *drop[IMPORTER_MAX_DROP];	/* --drop */
	size_t ndrop;
	const char *output;	/* -o, or NULL for standard output */
	const char *prefix;	/* --prefix, or NULL for "part-" */
	long partition;		/* --partition; 0: one output */
	unsigned mode;		/* permissions of new files */
	char delim;		/* input delimiter; 0: detect */
	int out_format;		/* ',' or '\t'; 0: as the first input */
	int spreadsheet;	/* --spreadsheet */
	int date_flags;		/* DATE_DMY, DATE_EXCEL */
	int decimal_comma;	/* --decimal-comma */
	/*
	 * Told what the run wants said, or NULL.  warning is 0 for a note
	 * ("x.csv: read as a Canvas gradebook export (--from canvas)") and 1
	 * for a line of the summary; msg has no program name and no newline.
	 */
	void (*say)(void *arg, int warning, const char *msg);
	void *say_arg;
};

/* Sets the defaults: evidence, --from auto, no --date. */
void importer_opts_init(struct importer_opts *o);
/* Frees what importer_map allocated. */
void importer_opts_free(struct importer_opts *o);

/*
 * Adds a --map COLUMN=SOURCE.  Returns 0, -1 when arg is not of that form,
 * or -2 when there are already IMPORTER_MAX_MAPS.
 */
int importer_map(struct importer_opts *o, const char *arg);
/* The first --map column that is not an evidence column, or NULL. */
const char *importer_bad_map(const struct importer_opts *o);

struct importer;

/* Loads the --align file.  Returns NULL with err set. */
struct importer *importer_new(const struct importer_opts *o,
    struct pl_err *err);
/* Discards the output unless importer_commit was called. */
void importer_free(struct importer *im);

/*
 * Loads the --pseudonymize key (on the first call) and imports the n
 * inputs in order ("-", or no input at all, is standard input; a folder
 * or a ZIP archive is a OneRoster bundle).
 * All inputs must be of one format and table.  Bad records go to rj.
 * A roster of Canvas exports is written when the last of them is read, a
 * student in several written once.
 * Returns 0, or -1 with err set.
 */
int importer_read(struct importer *im, const char *const *paths, size_t n,
    struct reject *rj, struct pl_err *err);

/* Says the summary of what was read: notes, skipped and kept scores,
 * items not in --align, --align items that matched nothing. */
void importer_summary(const struct importer *im);

/* Writes the outputs into place (an empty input still gets its output).
 * Returns 0, or -1 with err set and none of them replaced. */
int importer_commit(struct importer *im, struct pl_err *err);

#endif
