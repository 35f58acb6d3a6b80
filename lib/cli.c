/*
 * cli.c - messages, option values, the common options, progress lines and
 * the careful close of stdout that every main shares.
 */
#include "cli.h"
#include "date.h"
#include "num.h"
#include "reject.h"
#include "table.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "pl";
static int quiet;

const char cli_common_help[] =
"Common options:\n"
"      --as-of DATE      today, for every date computation (default: the\n"
"                        local date); YYYY-MM-DD\n"
"      --csv, --tsv      force the input and output format (default: detect\n"
"                        from the header line; output as input)\n"
"  -d, --delimiter C     input field delimiter (',', ';', 'tab', ...)\n"
"      --decimal-comma   read 3,5 as 3.5 (default in ';'-delimited input)\n"
"      --dmy             read d/m/yyyy dates (default m/d/yyyy)\n"
"      --excel-dates     read bare numbers in date columns as Excel serials\n"
"      --mode MODE       permissions of a new output file, octal (default\n"
"                        600: the files hold student data)\n"
"  -o, --output FILE     write to FILE atomically (default: stdout)\n"
"      --reject FILE     write rejected input records, with file, line\n"
"                        and reason\n"
"      --spreadsheet     output and --reject file for Excel: BOM, CRLF,\n"
"                        formulas neutralised\n"
"      --strict          any bad input row is an error (exit 1)\n"
"  -q, --quiet           no warnings or summaries on stderr\n"
"  -h, --help            this help\n"
"      --version         version\n";

void
cli_init(const char *name, struct cli_common *c)
{
	const char *slash = strrchr(name, '/');

	prog = slash ? slash + 1 : name;
	util_set_name(prog);
	signal(SIGPIPE, SIG_DFL);
	/* Over a file-size limit (ulimit -f), let write fail with EFBIG and
	 * report it, rather than die with the temporary file left behind. */
	signal(SIGXFSZ, SIG_IGN);
	/* A progress line on a terminal for long reads (never in pipes or
	 * cron, where stderr is not a terminal). */
	if (isatty(STDERR_FILENO))
		table_set_progress(cli_progress);
	if (c != NULL) {
		memset(c, 0, sizeof *c);
		c->as_of = date_today();
		c->mode = 0600;
	}
}

const char *
cli_prog(void)
{
	return prog;
}

/*
 * Writes a message formatted from fmt to stderr as one line of plain text:
 * messages quote input values, and a control character in one (C0, DEL,
 * C1 as UTF-8) would reach the terminal (ESC sequences that recolour,
 * retitle or clear it) or start a line of its own that looks like another
 * message.  Each is written as '?' (a tab, harmless, is kept).
 */
static void
put_message(const char *fmt, va_list ap)
{
	char small[512], *buf = small;
	va_list copy;
	int len;
	size_t i, j, n;

	va_copy(copy, ap);
	len = vsnprintf(small, sizeof small, fmt, copy);
	va_end(copy);
	if (len < 0)
		return;
	n = (size_t)len;
	if (n >= sizeof small) {
		buf = xmalloc(n + 1);
		vsnprintf(buf, n + 1, fmt, ap);
	}
	for (i = j = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)buf[i + 1] >= 0x80 &&
		    (unsigned char)buf[i + 1] <= 0x9f) {
			buf[j++] = '?';
			i++;
			continue;
		}
		buf[j++] = (c < 0x20 && c != '\t') || c == 0x7f ? '?' :
		    (char)c;
	}
	fwrite(buf, 1, j, stderr);
	if (buf != small)
		free(buf);
}

/* Writes "prog: <kind>message\n" on stderr, the message made safe. */
static void
say(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", prog, kind);
	put_message(fmt, ap);
	fputc('\n', stderr);
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	say("warning: ", fmt, ap);
	va_end(ap);
}

void
cli_note(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

void
cli_report(const struct pl_err *e)
{
	if (e->file[0] && e->line > 0)
		cli_error("%s:%ld: %s", e->file, e->line, e->msg);
	else if (e->file[0])
		cli_error("%s: %s", e->file, e->msg);
	else
		cli_error("%s", e->msg);
}

void
cli_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	put_message(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	exit(PL_EXIT_USAGE);
}

long
cli_long(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end != '\0' || v < min || v > max)
		cli_usage("invalid value for %s: \"%s\" (expected an integer "
		    "from %ld to %ld)", opt, arg, min, max);
	return v;
}

uint64_t
cli_size(const char *opt, const char *arg)
{
	static const char units[] = "KMGT";
	const char *u;
	char *end = NULL;
	unsigned long long v = 0;
	uint64_t max = UINT64_C(1) << 40;
	int k;

	errno = 0;
	if (arg[0] >= '0' && arg[0] <= '9')
		v = strtoull(arg, &end, 10);
	if (v > 0 && errno == 0 && *end != '\0' && end[1] == '\0' &&
	    (u = strchr(units, *end & ~0x20)) != NULL && *u != '\0') {
		for (k = (int)(u - units); k >= 0 && v <= max; k--)
			v *= 1024;
		end++;
	}
	if (v == 0 || errno || *end != '\0' || v > max)
		cli_usage("invalid value for %s: \"%s\" (expected a number of "
		    "bytes from 1 to 1T, with K, M, G or T for KiB, MiB, GiB, "
		    "TiB)", opt, arg);
	return v;
}

double
cli_double(const char *opt, const char *arg, double min, double max)
{
	double v;
	char lo[NUM_BUFSIZE], hi[NUM_BUFSIZE];

	if (num_parse(arg, strlen(arg), 0, &v) != 0 || v < min || v > max) {
		num_format(min, lo);
		num_format(max, hi);
		cli_usage("invalid value for %s: \"%s\" (expected a number "
		    "from %s to %s)", opt, arg, lo, hi);
	}
	return v;
}

int32_t
cli_date(const char *opt, const char *arg)
{
	int32_t d;
	int i;

	for (i = 0; i < 4; i++)
		if (arg[i] < '0' || arg[i] > '9')
			break;
	if (i < 4 || arg[4] != '-' ||
	    date_parse(arg, strlen(arg), 0, &d) != 0)
		cli_usage("invalid date for %s: \"%s\" (expected YYYY-MM-DD)",
		    opt, arg);
	return d;
}

static char
delimiter(const char *arg)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		return '\t';
	if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' ||
	    arg[0] == '\r')
		cli_usage("invalid delimiter \"%s\" (expected one character "
		    "or 'tab')", arg);
	return arg[0];
}

int
cli_common_option(struct cli_common *c, int opt, const char *arg,
    const char *help)
{
	switch (opt) {
	case 'h':
		fputs(help, stdout);
		exit(cli_close_stdout(PL_EXIT_OK));
	case CLI_OPT_VERSION:
		printf("%s (pl) %s\n", prog, PL_VERSION);
		exit(cli_close_stdout(PL_EXIT_OK));
	case 'd':
		c->delim = delimiter(arg);
		return 1;
	case 'o':
		c->output = arg;
		return 1;
	case 'q':
		c->quiet = quiet = 1;
		return 1;
	case CLI_OPT_CSV:
		c->delim = c->delim ? c->delim : ',';
		c->out_format = ',';
		return 1;
	case CLI_OPT_TSV:
		c->delim = '\t';
		c->out_format = '\t';
		return 1;
	case CLI_OPT_AS_OF:
		c->as_of = cli_date("--as-of", arg);
		return 1;
	case CLI_OPT_DMY:
		c->date_flags |= DATE_DMY;
		return 1;
	case CLI_OPT_EXCEL_DATES:
		c->date_flags |= DATE_EXCEL;
		return 1;
	case CLI_OPT_DECIMAL_COMMA:
		c->decimal_comma = 1;
		return 1;
	case CLI_OPT_SPREADSHEET:
		c->spreadsheet = 1;
		return 1;
	case CLI_OPT_REJECT:
		c->reject = arg;
		return 1;
	case CLI_OPT_STRICT:
		c->strict = 1;
		return 1;
	case CLI_OPT_MODE: {
		char *end;
		unsigned long m = strtoul(arg, &end, 8);

		if (end == arg || *end != '\0' || m > 0777)
			cli_usage("invalid value for --mode: \"%s\" (expected "
			    "octal permissions such as 600 or 644)", arg);
		c->mode = (unsigned)m;
		return 1;
	}
	case '?':
		fprintf(stderr, "Try '%s --help' for more information.\n", prog);
		exit(PL_EXIT_USAGE);
	}
	return 0;
}

FILE *
cli_fopen(const char *path, struct pl_err *err)
{
	FILE *fp;

	if (path == NULL || strcmp(path, "-") == 0)
		return stdin;
	fp = fopen(path, "r");
	if (fp == NULL)
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot open: %s",
		    strerror(errno));
	return fp;
}

static struct timespec progress_start;
static int progress_shown, progress_tty = -1;

void
cli_progress(unsigned long rows)
{
	struct timespec now;
	double secs;

	if (quiet)
		return;
	if (progress_tty < 0) {
		progress_tty = isatty(STDERR_FILENO);
		clock_gettime(CLOCK_MONOTONIC, &progress_start);
	}
	if (!progress_tty)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - progress_start.tv_sec) +
	    (double)(now.tv_nsec - progress_start.tv_nsec) / 1e9;
	if (secs < 1.0)
		return;
	fprintf(stderr, "\r%s: %lu rows, %.0f s", prog, rows, secs);
	progress_shown = 1;
}

void
cli_progress_done(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = 0;
}

struct reject *
cli_reject_new(const struct cli_common *c, struct pl_err *err)
{
	struct reject *rj = reject_new(c->reject, c->strict, err);

	if (rj != NULL && c->spreadsheet)
		reject_set_flags(rj, TABLE_SPREADSHEET);
	return rj;
}

int
cli_rejects_done(const struct cli_common *c, struct reject **rj,
    struct pl_err *err)
{
	int rc = reject_finish(*rj, c->quiet, err);

	reject_free(*rj);
	*rj = NULL;
	return rc;
}

int
cli_fail(const struct cli_common *c, struct reject **rj,
    const struct pl_err *err)
{
	int status = err->status ? err->status : PL_EXIT_DATA;

	cli_progress_done();

	if (*rj != NULL && status != PL_EXIT_USAGE)
		reject_finish(*rj, c->quiet || c->strict, NULL);
	reject_free(*rj);
	*rj = NULL;
	cli_report(err);
	if (status == PL_EXIT_USAGE)
		fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return status;
}

int
cli_close_stdout(int status)
{
	cli_progress_done();
	int bad = fflush(stdout) != 0 || ferror(stdout);

	if (fclose(stdout) != 0)
		bad = 1;
	/* After an error already reported (a failed output_commit on
	 * stdout, say), one message is enough. */
	if (bad && errno != EPIPE && status == PL_EXIT_OK) {
		fprintf(stderr, "%s: write error: %s\n", prog,
		    strerror(errno ? errno : EIO));
		return PL_EXIT_DATA;
	}
	return bad && status == PL_EXIT_OK ? PL_EXIT_DATA : status;
}
