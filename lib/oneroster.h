/*
 * oneroster.h - OneRoster 1.1 and 1.2 CSV bundles (manifest.csv and the
 * files it lists, in a folder or in a ZIP archive): results and lineItems
 * (with 1.2's learning-objective link files) to evidence; users,
 * enrollments and classes to a roster.  Columns are found by name, never
 * by position.
 *
 * The readers open the bundle's files themselves: dir/<name>.csv, or the
 * members of the archive dir (at its top, or in the one folder holding
 * manifest.csv), streamed one at a time through zipfile.  Messages name a
 * member "ARCHIVE:MEMBER" where a folder's file is "DIR/FILE".  Each
 * reader writes canonical rows to w (the header unless header_done), sends
 * bad records to rj, counts what it did in st, and returns 0, or -1 with
 * err set (status 1 for a broken bundle or archive, 2 for a missing
 * column).  Arguments are borrowed; nothing returned needs freeing.
 */
#ifndef PL_ONEROSTER_H
#define PL_ONEROSTER_H

#include <stdint.h>

#include "align.h"
#include "import.h"
#include "reject.h"
#include "table.h"

/* Which user id becomes student_id. */
enum oneroster_id {
	ONEROSTER_ID_SOURCED,		/* users.sourcedId (as in results) */
	ONEROSTER_ID_IDENTIFIER,	/* users.identifier: the SIS number */
	ONEROSTER_ID_USERNAME		/* users.username */
};

struct oneroster_opts {
	int date_flags;		/* DATE_DMY, DATE_EXCEL */
	double max_score;	/* --max-score, 0 when not given */
	int32_t fixed_date;	/* --date: used when a result has no date */
	const struct align *align;	/* lineItem or objective -> objective */
	const char *class_id;	/* --class, or NULL */
	enum oneroster_id id;
	int zip;		/* the bundle is a ZIP archive, not a folder */
	uint64_t zip_max_size;	/* --zip-max-size: the largest member,
				 * uncompressed; 0: ZIPFILE_MAX_SIZE */
};

/* Parses "sourcedid", "identifier" or "username"; -1 when none. */
int oneroster_id_parse(const char *s);

/* How the manifest lists a file. */
enum oneroster_mode { ONEROSTER_ABSENT, ONEROSTER_BULK, ONEROSTER_DELTA };

#define ONEROSTER_NFILES 21

struct oneroster_manifest {
	char version[16];		/* "1.1", "1.2" */
	enum oneroster_mode mode[ONEROSTER_NFILES];
};

/* The data file names (without ".csv") in manifest order of 1.2. */
extern const char *const oneroster_files[ONEROSTER_NFILES];

/*
 * Reads manifest.csv from fp.  A file property with an empty or unknown
 * value counts as absent (with a note in st); a missing oneroster.version
 * is an error.  Returns 0 or -1 with err set.
 */
int oneroster_manifest_read(FILE *fp, const char *name,
    struct oneroster_manifest *m, struct import_stats *st,
    struct pl_err *err);
/* The mode of the named file. */
enum oneroster_mode oneroster_mode_of(const struct oneroster_manifest *m,
    const char *file);

/* Writes evidence (student_id, objective_id, date, score, max_score,
 * item_id, source) from the bundle in dir (a folder, or with o->zip an
 * archive). */
int oneroster_evidence(const char *dir, struct table_writer *w,
    const struct oneroster_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err);

/* Writes the roster (student_id, name, section, grade_level): students
 * only, section from the titles of their classes. */
int oneroster_roster(const char *dir, struct table_writer *w,
    const struct oneroster_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err);

#endif
