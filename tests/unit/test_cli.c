#include <criterion/criterion.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "reject.h"
#include "table.h"
#include "testutil.h"

/*
 * Usage errors end the process (status 2): the tests that expect one set
 * .exit_code = 2, and check the message on the way out.  expect_usage
 * sends stderr to a temporary file and registers a handler that runs at
 * exit, before the status is reported: when what was written is not the
 * message expected, it ends the process with status 99 instead, so that
 * the test fails.
 */
static char err_path[64];
static const char *err_want;

static void
check_usage_message(void)
{
	char got[1024];
	FILE *fp;
	size_t n;

	fflush(stderr);
	fp = fopen(err_path, "r");
	n = fp != NULL ? fread(got, 1, sizeof got - 1, fp) : 0;
	got[n] = '\0';
	if (fp != NULL)
		fclose(fp);
	unlink(err_path);
	if (strcmp(got, err_want) != 0) {
		fprintf(stdout, "stderr was \"%s\", expected \"%s\"\n", got,
		    err_want);
		fflush(stdout);
		_exit(99);
	}
}

static void
expect_usage(const char *want)
{
	int fd;

	cli_init("pl-test", NULL);
	snprintf(err_path, sizeof err_path, "/tmp/pl-cli-XXXXXX");
	fd = mkstemp(err_path);
	cr_assert_geq(fd, 0);
	fflush(stderr);
	cr_assert_geq(dup2(fd, STDERR_FILENO), 0);
	close(fd);
	err_want = want;
	cr_assert_eq(atexit(check_usage_message), 0);
}

Test(cli, long_accepts_values_in_range)
{
	cr_expect_eq(cli_long("--minutes", "1", 1, 10000000), 1);
	cr_expect_eq(cli_long("--minutes", "10000000", 1, 10000000),
	    10000000);
	cr_expect_eq(cli_long("--recent-days", "0", 0, 100000), 0);
	cr_expect_eq(cli_long("--n", "-5", -10, 10), -5);
	cr_expect_eq(cli_long("--n", "42", LONG_MIN, LONG_MAX), 42);
}

Test(cli, long_above_max_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid value for --minutes: \"10000001\" "
	    "(expected an integer from 1 to 10000000)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_long("--minutes", "10000001", 1, 10000000);
	cr_assert_fail("cli_long returned");
}

Test(cli, long_below_min_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid value for --max-size: \"0\" "
	    "(expected an integer from 1 to 1000000)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_long("--max-size", "0", 1, 1000000);
	cr_assert_fail("cli_long returned");
}

/* Trailing junk, not a number, or past a long: all refused. */
Test(cli, long_with_trailing_junk_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid value for --max-items: \"5x\" "
	    "(expected an integer from 1 to 1000000)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_long("--max-items", "5x", 1, 1000000);
	cr_assert_fail("cli_long returned");
}

Test(cli, long_overflow_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid value for --n: "
	    "\"99999999999999999999999\" (expected an integer from "
	    "-9223372036854775808 to 9223372036854775807)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_long("--n", "99999999999999999999999", LONG_MIN, LONG_MAX);
	cr_assert_fail("cli_long returned");
}

Test(cli, double_accepts_values_in_range)
{
	cr_expect_float_eq(cli_double("--correct-at", "0", 0, 1), 0.0, 1e-12);
	cr_expect_float_eq(cli_double("--correct-at", "1", 0, 1), 1.0, 1e-12);
	cr_expect_float_eq(cli_double("--correct-at", "0.75", 0, 1), 0.75,
	    1e-12);
	cr_expect_float_eq(cli_double("--weight", "2.5e-1", 0, 1), 0.25,
	    1e-12);
}

Test(cli, double_out_of_range_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid value for --correct-at: \"1.5\" "
	    "(expected a number from 0 to 1)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_double("--correct-at", "1.5", 0, 1);
	cr_assert_fail("cli_double returned");
}

Test(cli, double_not_a_number_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid value for --threshold: \"high\" "
	    "(expected a number from 0.5 to 1)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_double("--threshold", "high", 0.5, 1);
	cr_assert_fail("cli_double returned");
}

Test(cli, date_accepts_valid_dates)
{
	cr_expect_eq(cli_date("--as-of", "2026-11-20"),
	    date_from_ymd(2026, 11, 20));
	cr_expect_eq(cli_date("--as-of", "2024-02-29"),
	    date_from_ymd(2024, 2, 29));
	cr_expect_eq(cli_date("--start", "2026-11-20T08:30"),
	    date_from_ymd(2026, 11, 20));
}

/* An option's date is YYYY-MM-DD: a slashed one would be read M/D/YYYY
 * whatever --dmy says. */
Test(cli, date_slashed_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid date for --as-of: \"01/02/2026\" "
	    "(expected YYYY-MM-DD)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_date("--as-of", "01/02/2026");
	cr_assert_fail("cli_date returned");
}

Test(cli, date_invalid_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid date for --as-of: \"2026-02-30\" "
	    "(expected YYYY-MM-DD)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_date("--as-of", "2026-02-30");
	cr_assert_fail("cli_date returned");
}

/* --excel-dates is for cells, not option values: a serial is refused. */
Test(cli, date_ignores_excel_serials, .exit_code = 2)
{
	expect_usage("pl-test: invalid date for --end: \"46000\" "
	    "(expected YYYY-MM-DD)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_date("--end", "46000");
	cr_assert_fail("cli_date returned");
}

Test(cli, size_units)
{
	cr_expect_eq(cli_size("--memory", "1"), 1);
	cr_expect_eq(cli_size("--memory", "1K"), 1024);
	cr_expect_eq(cli_size("--memory", "3m"), UINT64_C(3) << 20);
	cr_expect_eq(cli_size("--memory", "2G"), UINT64_C(2) << 30);
	cr_expect_eq(cli_size("--memory", "1T"), UINT64_C(1) << 40);
	cr_expect_eq(cli_size("--memory", "1024G"), UINT64_C(1) << 40);
}

Test(cli, size_over_a_tebibyte_is_a_usage_error, .exit_code = 2)
{
	expect_usage("pl-test: invalid value for --memory: \"2T\" "
	    "(expected a number of bytes from 1 to 1T, with K, M, G or T "
	    "for KiB, MiB, GiB, TiB)\n"
	    "Try 'pl-test --help' for more information.\n");
	cli_size("--memory", "2T");
	cr_assert_fail("cli_size returned");
}

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "tool-only", no_argument, NULL, CLI_OPT_FIRST_TOOL },
	{ NULL, 0, NULL, 0 }
};

/* Runs argv (NULL-terminated) through getopt_long and
 * cli_common_option, as a main does; returns the options it did not
 * handle, as a count. */
static int
parse(struct cli_common *c, char **argv)
{
	int argc = 0, opt, other = 0;

	while (argv[argc] != NULL)
		argc++;
	cli_init("pl-test", c);
	optind = 0;
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1)
		if (!cli_common_option(c, opt, optarg, "help\n"))
			other++;
	return other;
}

Test(cli, common_option_defaults)
{
	struct cli_common c;
	char *argv[] = { "pl-test", NULL };

	cr_assert_eq(parse(&c, argv), 0);
	cr_expect_eq(c.delim, 0);
	cr_expect_eq(c.out_format, 0);
	cr_expect_eq(c.as_of, date_today());
	cr_expect_eq(c.mode, 0600);
	cr_expect_eq(c.spreadsheet, 0);
	cr_expect_eq(c.strict, 0);
	cr_expect_eq(c.quiet, 0);
	cr_expect_null(c.output);
	cr_expect_null(c.reject);
}

Test(cli, common_options_parsed)
{
	struct cli_common c;
	char *argv[] = { "pl-test", "--as-of", "2026-11-20", "--mode", "644",
	    "--spreadsheet", "--strict", "-q", "-o", "out.csv", "--reject",
	    "bad.csv", "--dmy", "--excel-dates", "--decimal-comma",
	    "--tool-only", "operand", NULL };

	cr_assert_eq(parse(&c, argv), 1, "--tool-only is left to the tool");
	cr_expect_eq(c.as_of, date_from_ymd(2026, 11, 20));
	cr_expect_eq(c.mode, 0644);
	cr_expect_eq(c.spreadsheet, 1);
	cr_expect_eq(c.strict, 1);
	cr_expect_eq(c.quiet, 1);
	cr_expect_str_eq(c.output, "out.csv");
	cr_expect_str_eq(c.reject, "bad.csv");
	cr_expect_eq(c.date_flags, DATE_DMY | DATE_EXCEL);
	cr_expect_eq(c.decimal_comma, 1);
	cr_expect_str_eq(argv[optind], "operand");
}

/* --csv forces ',' out and in, unless -d chose the input's; --tsv forces
 * tab both ways; -d takes one character or 'tab'. */
Test(cli, common_format_and_delimiter)
{
	struct cli_common c;
	char *csv[] = { "pl-test", "--csv", NULL };
	char *semi_csv[] = { "pl-test", "-d", ";", "--csv", NULL };
	char *tsv[] = { "pl-test", "-d", ";", "--tsv", NULL };
	char *tab[] = { "pl-test", "--delimiter", "tab", NULL };
	char *esc[] = { "pl-test", "-d\\t", NULL };
	char *pipe[] = { "pl-test", "-d|", NULL };

	parse(&c, csv);
	cr_expect_eq(c.delim, ',');
	cr_expect_eq(c.out_format, ',');
	parse(&c, semi_csv);
	cr_expect_eq(c.delim, ';');
	cr_expect_eq(c.out_format, ',');
	parse(&c, tsv);
	cr_expect_eq(c.delim, '\t');
	cr_expect_eq(c.out_format, '\t');
	parse(&c, tab);
	cr_expect_eq(c.delim, '\t');
	cr_expect_eq(c.out_format, 0);
	parse(&c, esc);
	cr_expect_eq(c.delim, '\t');
	parse(&c, pipe);
	cr_expect_eq(c.delim, '|');
}

Test(cli, common_mode_not_octal_is_a_usage_error, .exit_code = 2)
{
	struct cli_common c;
	char *argv[] = { "pl-test", "--mode", "688", NULL };

	expect_usage("pl-test: invalid value for --mode: \"688\" (expected "
	    "octal permissions such as 600 or 644)\n"
	    "Try 'pl-test --help' for more information.\n");
	parse(&c, argv);
	cr_assert_fail("parse returned");
}

Test(cli, common_mode_over_0777_is_a_usage_error, .exit_code = 2)
{
	struct cli_common c;
	char *argv[] = { "pl-test", "--mode", "1777", NULL };

	expect_usage("pl-test: invalid value for --mode: \"1777\" (expected "
	    "octal permissions such as 600 or 644)\n"
	    "Try 'pl-test --help' for more information.\n");
	parse(&c, argv);
	cr_assert_fail("parse returned");
}

Test(cli, common_delimiter_of_two_characters_is_a_usage_error,
    .exit_code = 2)
{
	struct cli_common c;
	char *argv[] = { "pl-test", "-d", ";;", NULL };

	expect_usage("pl-test: invalid delimiter \";;\" (expected one "
	    "character or 'tab')\n"
	    "Try 'pl-test --help' for more information.\n");
	parse(&c, argv);
	cr_assert_fail("parse returned");
}

Test(cli, common_as_of_invalid_is_a_usage_error, .exit_code = 2)
{
	struct cli_common c;
	char *argv[] = { "pl-test", "--as-of", "2026-13-01", NULL };

	expect_usage("pl-test: invalid date for --as-of: \"2026-13-01\" "
	    "(expected YYYY-MM-DD)\n"
	    "Try 'pl-test --help' for more information.\n");
	parse(&c, argv);
	cr_assert_fail("parse returned");
}

/* An unknown option: getopt has said what is wrong; then the hint. */
Test(cli, common_unknown_option_is_a_usage_error, .exit_code = 2)
{
	struct cli_common c;
	char *argv[] = { "pl-test", "--no-such-option", NULL };

	expect_usage("pl-test: unrecognized option '--no-such-option'\n"
	    "Try 'pl-test --help' for more information.\n");
	parse(&c, argv);
	cr_assert_fail("parse returned");
}

/* Rejects one record of a small table into a log made by cli_reject_new
 * with spreadsheet set or not; returns the log's bytes (to free). */
static char *
reject_log(int spreadsheet)
{
	static const char text[] = "student_id,score\nS1,=1+1\n";
	char path[] = "/tmp/pl-cli-reject-XXXXXX";
	struct cli_common c;
	struct pl_err err;
	struct reject *rj;
	struct table *t;
	FILE *in;
	char *log;
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	close(fd);
	cli_init("pl-test", &c);
	c.reject = path;
	c.spreadsheet = spreadsheet;
	c.quiet = 1;
	rj = cli_reject_new(&c, &err);
	cr_assert_not_null(rj, "%s", err.msg);
	in = fmemopen((void *)text, sizeof text - 1, "r");
	t = table_open(in, "in.csv", NULL, &err);
	cr_assert_not_null(t, "%s", err.msg);
	cr_assert_eq(table_next(t, &err), 1);
	cr_assert_eq(reject_row(rj, t, "bad score", "not a number", &err), 0);
	cr_assert_eq(cli_rejects_done(&c, &rj, &err), 0, "%s", err.msg);
	cr_expect_null(rj);
	table_close(t);
	fclose(in);
	log = test_slurp(path);
	unlink(path);
	return log;
}

/* Under --spreadsheet the reject file is written for Excel too: a BOM,
 * CRLF, and the formula in the record neutralised. */
Test(cli, reject_file_honours_spreadsheet)
{
	char *plain = reject_log(0), *sheet = reject_log(1);

	cr_expect_str_eq(plain, "file,line,reason,student_id,score,record\n"
	    "in.csv,2,not a number,S1,=1+1,\n");
	cr_expect_str_eq(sheet, "\xef\xbb\xbf"
	    "file,line,reason,student_id,score,record\r\n"
	    "in.csv,2,not a number,S1,\"'=1+1\",\r\n");
	free(plain);
	free(sheet);
}

/* --strict makes the log's first row fatal, with its line. */
Test(cli, reject_new_strict)
{
	static const char text[] = "student_id,score\nS1,4\nS2,x\n";
	struct cli_common c;
	struct pl_err err;
	struct reject *rj;
	struct table *t;
	FILE *in = fmemopen((void *)text, sizeof text - 1, "r");

	cli_init("pl-test", &c);
	c.strict = 1;
	rj = cli_reject_new(&c, &err);
	cr_assert_not_null(rj, "%s", err.msg);
	t = table_open(in, "in.csv", NULL, &err);
	cr_assert_not_null(t, "%s", err.msg);
	cr_assert_eq(table_next(t, &err), 1);
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_eq(reject_row(rj, t, "bad score", "score \"x\" is not a "
	    "number", &err), -1);
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.file, "in.csv");
	cr_expect_eq(err.status, PL_EXIT_DATA);
	reject_free(rj);
	table_close(t);
	fclose(in);
}

/* A --reject file that cannot be made is an error, not a crash. */
Test(cli, reject_new_unwritable_path)
{
	struct cli_common c;
	struct pl_err err;

	cli_init("pl-test", &c);
	c.reject = "/nonexistent-dir/bad.csv";
	pl_err_clear(&err);
	cr_expect_null(cli_reject_new(&c, &err));
	cr_expect_neq(err.msg[0], '\0');
}
