#include <criterion/criterion.h>
#include <string.h>

#include "reporter.h"

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
