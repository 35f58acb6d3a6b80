#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "reporter.h"
#include "testutil.h"

Test(reporter, format_names)
{
	cr_expect_eq(reporter_format_parse("text"), REPORTER_TEXT);
	cr_expect_eq(reporter_format_parse("md"), REPORTER_MD);
	cr_expect_eq(reporter_format_parse("html"), REPORTER_HTML);
	cr_expect_eq(reporter_format_parse("csv"), REPORTER_CSV);
	cr_expect_eq(reporter_format_parse("tsv"), REPORTER_TSV);
	cr_expect_eq(reporter_format_parse("pdf"), REPORTER_NONE);
	cr_expect_eq(reporter_format_parse(""), REPORTER_NONE);
}

struct default_case {
	const char *output;
	int out_format, tty;
	int want, guessed;
};

static const struct default_case default_cases[] = {
	/* The extension of -o decides first, even over --tsv. */
	{ "r.html", 0, 0, REPORTER_HTML, 0 },
	{ "r.htm", '\t', 1, REPORTER_HTML, 0 },
	{ "dir.v2/r.md", 0, 0, REPORTER_MD, 0 },
	{ "r.txt", ',', 0, REPORTER_TEXT, 0 },
	{ "r.tsv", ',', 0, REPORTER_TSV, 0 },
	{ "r.csv", 0, 0, REPORTER_CSV, 0 },
	/* In any case. */
	{ "r.HTML", 0, 0, REPORTER_HTML, 0 },
	{ "r.Htm", 0, 0, REPORTER_HTML, 0 },
	{ "r.MD", 0, 0, REPORTER_MD, 0 },
	{ "r.TXT", ',', 0, REPORTER_TEXT, 0 },
	{ "r.Tsv", ',', 0, REPORTER_TSV, 0 },
	{ "r.CSV", 0, 0, REPORTER_CSV, 0 },
	/* Then --csv or --tsv. */
	{ NULL, '\t', 1, REPORTER_TSV, 0 },
	{ "r.out", ',', 0, REPORTER_CSV, 0 },
	/* Then a terminal on standard output (not for -o). */
	{ NULL, 0, 1, REPORTER_TEXT, 0 },
	{ "report", 0, 1, REPORTER_CSV, 1 },
	/* Else CSV, a guess that TSV input may overturn. */
	{ NULL, 0, 0, REPORTER_CSV, 1 },
	{ "r.xlsx", 0, 0, REPORTER_CSV, 1 },
};

Test(reporter, default_format)
{
	size_t i;

	for (i = 0; i < sizeof default_cases / sizeof default_cases[0]; i++) {
		const struct default_case *c = &default_cases[i];
		int guessed = 0;

		cr_expect_eq(reporter_format_default(c->output, c->out_format,
		    c->tty, &guessed), c->want, "case %zu (%s)", i,
		    c->output ? c->output : "stdout");
		cr_expect_eq(guessed, c->guessed, "case %zu guessed", i);
	}
}

/* Writes an HTML or Markdown class report of n students by k objectives
 * to a scratch file; what the run warned goes to told. */
static void
class_report(unsigned n, unsigned k, int format, const char *student,
    struct test_told *told)
{
	struct reporter_opts o;
	struct reporter *rp;
	struct pl_err err;
	char dir[64], in[128], out[128];
	const char *paths[1];
	FILE *fp;
	unsigned s, j;

	test_scratch_dir(dir, sizeof dir, "reporter");
	snprintf(in, sizeof in, "%s/mastery.csv", dir);
	snprintf(out, sizeof out, "%s/class.out", dir);
	fp = fopen(in, "w");
	cr_assert_not_null(fp);
	fprintf(fp, "student_id,objective_id,course_id,evidence_count,"
	    "last_date,score,level,mastered,mastered_on,rule\n");
	for (s = 0; s < n; s++)
		for (j = 0; j < k; j++)
			fprintf(fp, "S%05u,O%03u,,1,2026-09-01,0.5,developing,"
			    "no,,decaying:0.65\n", s, j);
	cr_assert_eq(fclose(fp), 0);
	memset(&o, 0, sizeof o);
	mastery_scale_default(&o.levels);
	o.kind = RENDER_CLASS;
	o.format = format;
	o.output = out;
	o.as_of = date_from_ymd(2026, 11, 26);
	o.mode = 0600;
	o.r.student = student;
	o.warn = test_collect;
	o.warn_arg = told;
	memset(told, 0, sizeof *told);
	paths[0] = in;
	rp = reporter_new(&o, &err);
	cr_assert_not_null(rp, "%s", err.msg);
	cr_assert_eq(reporter_read(rp, paths, 1, NULL, &err), 0, "%s",
	    err.msg);
	cr_assert_eq(reporter_write(rp, &err), 0, "%s", err.msg);
	reporter_free(rp);
	test_remove_dir(dir);
}

/*
 * An HTML class report of over REPORTER_HTML_CELLS squares is written
 * with a warning that says how to narrow it; one of exactly that many, a
 * Markdown one, or the same students narrowed to one, without.
 */
Test(reporter, warns_of_an_html_class_report_too_large)
{
	struct test_told told;

	class_report(5001, 50, REPORTER_HTML, NULL, &told);
	cr_expect_str_eq(told.text, "the class report's heat map has 5001 "
	    "students by 50 objectives (250050 cells, over 250000: a page "
	    "more than a browser opens well); narrow it with --section or "
	    "--course, or write a page a student with --report student "
	    "--split DIR\n");
	class_report(5000, 50, REPORTER_HTML, NULL, &told);
	cr_expect_str_eq(told.text, "");
	class_report(5001, 50, REPORTER_MD, NULL, &told);
	cr_expect_str_eq(told.text, "");
	class_report(5001, 50, REPORTER_HTML, "S00007", &told);
	cr_expect_str_eq(told.text, "");
}
