/*
 * reporter.h - the run of pl-report: loads the roster and objectives,
 * reads the named tables and the operands into a report (lib/report.h),
 * and writes it in one format to one output, or as one page per student
 * and an index into a --split folder.
 *
 * Arguments are borrowed; the options must outlive the reporter.  What
 * reporter_new returns belongs to the caller (reporter_free).
 */
#ifndef PL_REPORTER_H
#define PL_REPORTER_H

#include <stddef.h>
#include <stdint.h>

#include "mastery.h"
#include "reject.h"
#include "render.h"
#include "util.h"

/* The output formats: the three that render draws, and rows for CSV or
 * TSV. */
enum reporter_format {
	REPORTER_NONE = -1,
	REPORTER_TEXT = RENDER_TEXT,
	REPORTER_MD = RENDER_MD,
	REPORTER_HTML = RENDER_HTML,
	REPORTER_CSV = 10,
	REPORTER_TSV
};

/* Parses text, md, html, csv or tsv; REPORTER_NONE when none. */
int reporter_format_parse(const char *s);
/*
 * The format when --format is not given: that of output's extension
 * (.html, .htm, .md, .txt, .tsv, in any case: .HTML too), else
 * out_format's (--csv, --tsv), else text when tty (standard output is a
 * terminal and output is NULL), else CSV.  *guessed is set when CSV was
 * only a guess (no .csv extension), so
 * that a TSV input may still make it TSV.
 */
int reporter_format_default(const char *output, int out_format, int tty,
    int *guessed);

struct reporter_opts {
	struct render_opts r;	/* --section, --course, --student */
	enum render_kind kind;	/* --report */
	int format;		/* enum reporter_format, settled */
	int guessed;		/* CSV by guess: TSV input gives TSV */
	const char *tables[5];	/* --mastery ... --groups, by enum
				 * report_table */
	const char *roster, *objectives;	/* or NULL */
	const char *split;	/* --split folder, or NULL */
	const char *output;	/* -o, or NULL for standard output */
	struct mastery_scale levels;
	char delim;		/* input delimiter; 0: detect */
	int32_t as_of;
	int date_flags, decimal_comma, spreadsheet;
	unsigned mode;		/* permissions of new files */
	/* Told each warning (no program name, no newline), or NULL. */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

/* An HTML class report of more cells (students x objectives) than this
 * gets a warning: at about 300 bytes a cell, 250,000 cells are a page of
 * some 75 MB, more than a browser opens well. */
#define REPORTER_HTML_CELLS 250000

struct reporter;

/* Loads --objectives and --roster.  Returns NULL with err set. */
struct reporter *reporter_new(const struct reporter_opts *o,
    struct pl_err *err);
void reporter_free(struct reporter *rp);

/*
 * Reads the tables the options name, then the n operands, each recognised
 * by its columns; with neither, standard input.  Bad rows go to rj.
 * Returns 0, or -1 with err set.
 */
int reporter_read(struct reporter *rp, const char *const *paths, size_t n,
    struct reject *rj, struct pl_err *err);

/*
 * Writes the report; warns (o->warn) about an HTML class report of over
 * REPORTER_HTML_CELLS cells.  --split writes each selected student's file
 * atomically (old or new, never half), then index.html last, so the index
 * only ever links to whole files.  Returns 0, or -1 with err set (a
 * --student naming no student, a folder that cannot be made, a write
 * error); a failed output is never put in place.
 */
int reporter_write(struct reporter *rp, struct pl_err *err);

#endif
