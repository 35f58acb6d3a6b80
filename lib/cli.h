/*
 * cli.h - what the four mains share: the program name, messages in the
 * form "prog: file:line: message", option parsing helpers, the common
 * options, a progress line on terminals, and a careful close of stdout.
 *
 * This module, with output and reject, is the only part of libpl that
 * prints; it is used by cmd/ only.
 */
#ifndef PL_CLI_H
#define PL_CLI_H

#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* Options every tool takes, parsed by cli_common_option. */
struct cli_common {
	char delim;		/* input delimiter, 0 = detect */
	int out_format;		/* 0 = as input, ',' or '\t' */
	int32_t as_of;		/* --as-of, default today */
	int date_flags;		/* DATE_DMY | DATE_EXCEL */
	int decimal_comma;	/* --decimal-comma */
	const char *output;	/* -o FILE, NULL = stdout */
	int spreadsheet;	/* --spreadsheet */
	int quiet;		/* -q */
	const char *reject;	/* --reject FILE */
	int strict;		/* --strict */
	unsigned mode;		/* --mode: permissions of new output files */
};

/* Long-only option codes of the common options. */
enum {
	CLI_OPT_CSV = CHAR_MAX + 1,
	CLI_OPT_TSV,
	CLI_OPT_AS_OF,
	CLI_OPT_DMY,
	CLI_OPT_EXCEL_DATES,
	CLI_OPT_DECIMAL_COMMA,
	CLI_OPT_SPREADSHEET,
	CLI_OPT_REJECT,
	CLI_OPT_STRICT,
	CLI_OPT_VERSION,
	CLI_OPT_MODE,
	CLI_OPT_FIRST_TOOL	/* tools number their own options from here */
};

/* The common entries of a getopt_long table; short options "d:ho:q". */
#define CLI_COMMON_SHORT "d:ho:q"
#define CLI_COMMON_LONGOPTS \
	{ "as-of", required_argument, NULL, CLI_OPT_AS_OF }, \
	{ "csv", no_argument, NULL, CLI_OPT_CSV }, \
	{ "decimal-comma", no_argument, NULL, CLI_OPT_DECIMAL_COMMA }, \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "dmy", no_argument, NULL, CLI_OPT_DMY }, \
	{ "excel-dates", no_argument, NULL, CLI_OPT_EXCEL_DATES }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "mode", required_argument, NULL, CLI_OPT_MODE }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "reject", required_argument, NULL, CLI_OPT_REJECT }, \
	{ "spreadsheet", no_argument, NULL, CLI_OPT_SPREADSHEET }, \
	{ "strict", no_argument, NULL, CLI_OPT_STRICT }, \
	{ "tsv", no_argument, NULL, CLI_OPT_TSV }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }

/* The "Common options" block of every --help, identical in all tools. */
extern const char cli_common_help[];

/* Sets the program name for messages, restores SIGPIPE's default (a closed
 * pipe ends the tool quietly), and sets the defaults of *c. */
void cli_init(const char *prog, struct cli_common *c);
const char *cli_prog(void);

/*
 * Handles opt if it is a common option ('h' and --version print and exit
 * 0; a bad value is a usage error).  Returns 1 when handled, 0 otherwise.
 * help is the tool's whole --help text.
 */
int cli_common_option(struct cli_common *c, int opt, const char *arg,
    const char *help);

/*
 * Messages go to stderr as one line each: a control character (C0 but
 * tab, DEL, C1), which a quoted input value may hold, is written as '?'.
 */
/* "prog: message" on stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* "prog: warning: message" on stderr, unless -q. */
void cli_warn(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* "prog: message" on stderr, unless -q: a note, not a warning. */
void cli_note(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* "prog: file:line: message" (or "prog: file: ..." when line is 0, or
 * "prog: message" when there is no file). */
void cli_report(const struct pl_err *e);
/* A usage error: the message, then "Try 'prog --help' ...", exit 2. */
_Noreturn void cli_usage(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Parses an option value; a bad one is a usage error naming the option. */
long cli_long(const char *opt, const char *arg, long min, long max);
double cli_double(const char *opt, const char *arg, double min, double max);
/* A size in bytes, 1 to 1 TiB: digits with an optional K, M, G or T
 * (any case) for KiB, MiB, GiB, TiB. */
uint64_t cli_size(const char *opt, const char *arg);
/* A date typed as an option value: YYYY-MM-DD only (a time part is
 * dropped), whatever --dmy says, so that 01/02/2026 is never read as a
 * month other than the one meant. */
int32_t cli_date(const char *opt, const char *arg);

/* Opens an input operand ("-" is stdin); NULL and err set when it cannot. */
FILE *cli_fopen(const char *path, struct pl_err *err);

/* A progress line on stderr, only when it is a terminal and the run has
 * lasted over a second; cli_progress_done clears it. */
void cli_progress(unsigned long rows);
void cli_progress_done(void);

struct reject;

/* The run's reject log: --reject's file (written for spreadsheets under
 * --spreadsheet), --strict; NULL with err when the file cannot be made. */
struct reject *cli_reject_new(const struct cli_common *c, struct pl_err *err);
/* The end of a run's reject log: its summary on stderr (unless -q), the
 * --reject file committed; *rj is released.  Returns 0, or -1 with err. */
int cli_rejects_done(const struct cli_common *c, struct reject **rj,
    struct pl_err *err);
/*
 * The end of a failed run: the reject summary (not after a usage error, nor
 * under --strict, whose message says it all), the error message, and for a
 * usage error the "Try --help" line.  *rj is released.  Returns the exit
 * status the error deserves.
 */
int cli_fail(const struct cli_common *c, struct reject **rj,
    const struct pl_err *err);

/* Flushes and closes stdout; a write error makes the return 1 (and is
 * reported unless status already says an error was), otherwise status is
 * returned.  A closed pipe (EPIPE) is not reported. */
int cli_close_stdout(int status);

#endif
