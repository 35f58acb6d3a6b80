#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render_fixture.h"

/* Runs a report into a string (free it). */
static char *
report(const struct render_data *d, enum render_kind k, enum render_format f,
    const struct render_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	struct pl_err err;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert_not_null(fp);
	cr_assert_eq(render_report(fp, d, k, f, o, &err), 0, "%s", err.msg);
	fclose(fp);
	return buf;
}

static void
expect_has(const char *hay, const char *needle)
{
	cr_expect_not_null(strstr(hay, needle), "missing:\n%s\nin:\n%s", needle,
	    hay);
}

static void
expect_lacks(const char *hay, const char *needle)
{
	cr_expect_null(strstr(hay, needle), "unexpected:\n%s\nin:\n%s", needle,
	    hay);
}

/* The widest line, in display columns. */
static size_t
widest(const char *s)
{
	size_t w = 0, x;
	char *copy = strdup(s), *line, *save = NULL;

	for (line = strtok_r(copy, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save))
		if ((x = render_width(line)) > w)
			w = x;
	free(copy);
	return w;
}

static char *
md(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	render_md_escape(fp, s);
	fclose(fp);
	return buf;
}

static char *
fit(const char *s, size_t w, int right)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	render_text_fit(fp, s, w, right);
	fclose(fp);
	return buf;
}

Test(render, markdown_escape)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "plain text", "plain text" },
		{ "a|b", "a\\|b" },
		{ "back\\slash", "back\\\\slash" },
		{ "*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`" },
		{ "[link](x)", "\\[link\\](x)" },
		{ "<script>alert(1)</script>",
		  "\\<script\\>alert(1)\\</script\\>" },
		{ "AT&T ~x~", "AT\\&T \\~x\\~" },
		{ "line\nbreak\r", "line break " },
		{ "Zo\xc3\xab", "Zo\xc3\xab" },
		{ "=HYPERLINK(\"http://x\",\"y\")",
		  "=HYPERLINK(\"http://x\",\"y\")" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = md(cases[i].in);

		cr_expect_str_eq(got, cases[i].want, "input %zu", i);
		free(got);
	}
}

Test(render, display_width)
{
	cr_expect_eq(render_width(""), 0);
	cr_expect_eq(render_width("abc"), 3);
	cr_expect_eq(render_width("Zo\xc3\xab"), 3);		/* Zoë */
	cr_expect_eq(render_width("e\xcc\x81"), 1);		/* e + combining acute */
	cr_expect_eq(render_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);	/* 日本 */
	cr_expect_eq(render_width("\xf0\x9f\x98\x80"), 2);	/* emoji */
	cr_expect_eq(render_width("a\xffz"), 3);		/* bad byte shows as ? */
}

Test(render, text_fit_truncates_by_display_width)
{
	static const struct {
		const char *in;
		size_t w;
		int right;
		const char *want;
	} cases[] = {
		{ "abc", 5, 0, "abc  " },
		{ "abc", 5, 1, "  abc" },
		{ "abcdef", 4, 0, "abc\xe2\x80\xa6" },
		{ "Zo\xc3\xab Smith", 4, 0, "Zo\xc3\xab\xe2\x80\xa6" },
		/* 日本語テスト in 5 columns: 日本 (4) and the ellipsis */
		{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86", 5, 0,
		  "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6" },
		/* in 6: the third wide character does not fit in 5 */
		{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86", 6, 0,
		  "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6 " },
		{ "esc\x1b[31mred", 20, 0, "esc?[31mred         " },
		{ "rtl\xe2\x80\xae" "evil", 8, 0, "rtl?evil" },
		{ "x", 0, 0, "" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = fit(cases[i].in, cases[i].w, cases[i].right);

		cr_expect_str_eq(got, cases[i].want, "case %zu", i);
		free(got);
	}
}

Test(render, safe_names)
{
	static const struct { const char *id, *want; } cases[] = {
		{ "s001", "s001" },
		{ "S-12.b_3", "S-12.b_3" },
		{ "a/b", "a_b~e620c3190468cf61" },
		{ "a b", "a_b~e63f991904833892" },
		{ "..", "_.~07da1a07b4a03f2d" },
		{ "../etc/passwd", "_._etc_passwd~50b77b6a8af564ef" },
		{ "", "_~cbf29ce484222325" },
		{ "Zo\xc3\xab \xc3\x91", "Zo___~f948730a293d690c" },
		{ "index", "index~83cf8e8f9081468b" },
		{ "-rf", "_rf~df312917deb4b268" },
		{ "<script>", "_script_~b0c2abd77d8dec16" },
		/* Windows devices, in any case, with any extension */
		{ "CON", "CON~0ba0f119aa5d684b" },
		{ "nul.txt", "nul.txt~55d27b0c2c89c636" },
		{ "com1", "com1~0bcd4f911960351d" },
		{ "LPT9", "LPT9~2b5e77b5981534e2" },
		{ "Aux", "Aux~f9e7cd19a0366999" },
		{ "COM10", "COM10" },
		{ "console", "console" },
		{ "conx.y", "conx.y" },
	};
	char buf[RENDER_NAME_SIZE];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = render_safe_name(cases[i].id, buf);

		cr_expect_str_eq(buf, cases[i].want, "id %zu", i);
		cr_expect_eq(n, strlen(cases[i].want));
	}
}

Test(render, safe_name_long_and_colliding)
{
	char id[301], a[RENDER_NAME_SIZE], b[RENDER_NAME_SIZE];
	char c[RENDER_NAME_SIZE];

	memset(id, 'a', 300);
	id[300] = '\0';
	cr_expect_eq(render_safe_name(id, a), RENDER_NAME_KEEP + 17);
	cr_expect_eq(strspn(a, "a"), RENDER_NAME_KEEP);
	cr_expect_eq(a[RENDER_NAME_KEEP], '~');
	/* 100 and 101 a's agree on the first 64 bytes, never on the name */
	id[100] = '\0';
	render_safe_name(id, b);
	cr_expect_str_neq(a, b);
	cr_expect_str_eq(b + RENDER_NAME_KEEP, "~2885d0ac2e5a9d79");
	/* "a/b", "a b" and "a_b" all sanitise to a_b: three names */
	render_safe_name("a/b", a);
	render_safe_name("a b", b);
	render_safe_name("a_b", c);
	cr_expect_str_neq(a, b);
	cr_expect_str_neq(a, c);
	cr_expect_str_neq(b, c);
	cr_expect_str_eq(c, "a_b");
	cr_expect_null(strchr(c, '~'));
}

/* Checks that names are unique ignoring case and end in ext. */
static void
expect_unique(char **names, size_t n, const char *ext)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		cr_expect(len > strlen(ext) &&
		    strcmp(names[i] + len - strlen(ext), ext) == 0);
		for (j = 0; j < i; j++)
			cr_expect_neq(strcasecmp(names[i], names[j]), 0,
			    "\"%s\" and \"%s\"", names[i], names[j]);
	}
}

Test(render, file_names_unique_ignoring_case)
{
	static const char *const ids[] = {
		"s1", "ab1", "AB1", "a/b", "A/B", "a_b", "A_B", "a b", "x",
		"Ab1", NULL,
	};
	static const char *const want[] = {
		"s1.html",
		"ab1~e71ff4190541e2a1.html",
		"AB1~fa2f9419a073be61.html",
		"a_b~e620c3190468cf61.html",
		"A_B~fa76c319a0b010e1.html",
		"a_b~e6c4a31904f4ad51.html",
		"A_B~fa40e319a082b7d1.html",
		"a_b~e63f991904833892.html",
		"x.html",
		"Ab1~f9c31419a017c601.html",
		"_~cbf29ce484222325.html",
	};
	size_t n = sizeof ids / sizeof ids[0], i;
	char *names[sizeof ids / sizeof ids[0]];
	const char *rev[sizeof ids / sizeof ids[0]];
	char *again[sizeof ids / sizeof ids[0]];

	render_file_names(ids, n, ".html", names);
	for (i = 0; i < n; i++)
		cr_expect_str_eq(names[i], want[i], "id %zu", i);
	expect_unique(names, n, ".html");
	/* The same names whatever the order of the ids. */
	for (i = 0; i < n; i++)
		rev[i] = ids[n - 1 - i];
	render_file_names(rev, n, ".html", again);
	for (i = 0; i < n; i++) {
		cr_expect_str_eq(again[n - 1 - i], names[i]);
		free(again[n - 1 - i]);
		free(names[i]);
	}
}

/* Equal ids (and so equal hashes) are counted apart, in a stable order. */
Test(render, file_names_equal_ids_counted)
{
	static const char *const ids[] = { "ab1", "AB1", "ab1", "q", "ab1",
	    "Q" };
	char *names[6];
	size_t i;

	render_file_names(ids, 6, ".md", names);
	cr_expect_str_eq(names[0], "ab1~e71ff4190541e2a1.md");
	cr_expect_str_eq(names[1], "AB1~fa2f9419a073be61.md");
	cr_expect_str_eq(names[2], "ab1~e71ff4190541e2a1~2.md");
	cr_expect_str_eq(names[4], "ab1~e71ff4190541e2a1~3.md");
	cr_expect_neq(strcasecmp(names[3], names[5]), 0);
	expect_unique(names, 6, ".md");
	for (i = 0; i < 6; i++)
		free(names[i]);
	render_file_names(ids, 0, ".md", names);
}

Test(render, parse_names)
{
	enum render_kind k;
	enum render_format f;
	enum render_status s;

	cr_expect_eq(render_kind_parse("interventions", &k), 0);
	cr_expect_eq(k, RENDER_INTERVENTIONS);
	cr_expect_eq(render_kind_parse("Class", &k), -1);
	cr_expect_eq(render_format_parse("md", &f), 0);
	cr_expect_eq(f, RENDER_MD);
	cr_expect_eq(render_format_parse("csv", &f), -1);
	cr_expect_eq(render_status_parse(" On_Track ", &s), 0);
	cr_expect_eq(s, RENDER_ON_TRACK);
	cr_expect_eq(render_status_parse("", &s), 0);
	cr_expect_eq(s, RENDER_STATUS_NONE);
	cr_expect_eq(render_status_parse("late", &s), -1);
	cr_expect_str_eq(render_status_name(RENDER_INTERVENE), "intervene");
}

Test(render, level_letters)
{
	static const char *const clash[] = { "basic", "beyond", "mastery" };
	struct render_data d;
	struct render_cell c = { .level = "x", .rank = 0, .score = 0.5,
	    .mastered = 0, .mastered_on = DATE_NONE };

	fix_class(&d);
	cr_expect_eq(render_level_letter(&d, &fix_cells[0]), 'P');
	cr_expect_eq(render_level_letter(&d, &fix_cells[3]), 'B');
	cr_expect_eq(render_level_letter(&d, &fix_cells[4]), '.');
	c.rank = -1;
	cr_expect_eq(render_level_letter(&d, &c), '-');
	d.levels = clash;
	d.nlevels = 3;
	c.rank = 1;	/* beyond: B is taken by basic, so its digit */
	cr_expect_eq(render_level_letter(&d, &c), '2');
	c.rank = 2;
	cr_expect_eq(render_level_letter(&d, &c), 'M');
}

Test(render, text_class_golden)
{
	struct render_data d;
	char *s;

	fix_class(&d);
	s = report(&d, RENDER_CLASS, RENDER_TEXT, NULL);
	expect_has(s, "Class report\n============\nAs of 2024-10-01.\n");
	/* the intervention list comes first, and holds only Ben */
	cr_expect_lt(strstr(s, "Needs attention") - s, strstr(s, "Mastery") - s);
	expect_has(s, "Ben Okafor        alg1     intervene   -11     0/3     2"
	    "     0  0.75\n");
	expect_has(s, "A advanced, P proficient, D developing, B beginning, "
	    "- not yet, . no evidence.\n");
	/* 2 of 3 is 53.3 eighths of a 10-cell bar: 6 full, a 5/8 block */
	expect_has(s, "Student     1  2  3  Mastered\n"
	    "Ana Lopez   P  A  D      2/3 \xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x8b\xe2\x96\x91"
	    "\xe2\x96\x91\xe2\x96\x91\n"
	    "Ben Okafor  B  .  .      0/3 ");
	expect_has(s, "  1 alg.1     Solve linear equations");
	expect_has(s, "  1  0  1  0  0  0       1/2\n");
	expect_has(s, "  0  0  0  1  0  1       1/2\n");
	expect_has(s, "  0  1  0  0  0  1       0/2\n");
	expect_lacks(s, " \n");
	cr_expect_leq(widest(s), 80);
	free(s);
}

Test(render, text_student_golden)
{
	struct render_data d;
	struct render_opts o = { NULL, NULL, "s2", 0 };
	char *s;

	fix_class(&d);
	s = report(&d, RENDER_STUDENT, RENDER_TEXT, &o);
	expect_has(s, "Progress report: Ben Okafor\n");
	expect_lacks(s, "Ana Lopez");
	expect_has(s, "Student s2, section 7A, as of 2024-10-01.\n");
	expect_has(s, "Course alg1: 0 of 3 mastered\n");
	expect_has(s, "Ben Okafor has mastered 0 of 3 objectives. That is 11 "
	    "school days behind the\n  pacing guide, which expected 2 by now.");
	expect_has(s, "To\n  finish on time: 0.75 a week.");
	expect_has(s, "  alg.2 Graph lines");
	expect_has(s, "not started");
	expect_has(s, " 1. One-step equations (for Solve linear equations); "
	    "ready, practice, 15 min,\n    due 2024-09-16\n"
	    "    Why: Overdue since 2024-09-16.\n");
	cr_expect_leq(widest(s), 80);
	free(s);
	o.student = "s1";
	s = report(&d, RENDER_STUDENT, RENDER_TEXT, &o);
	/* human-facing paces are rounded to 2 decimals */
	expect_has(s, "Recently: 0.67 objectives a week.");
	expect_has(s, "0.8 2024-09-10\n");
	cr_expect_leq(widest(s), 80);
	free(s);
}

Test(render, text_pacing_sorted_by_urgency)
{
	struct render_data d;
	char *s;

	fix_class(&d);
	s = report(&d, RENDER_PACING, RENDER_TEXT, NULL);
	cr_assert_not_null(strstr(s, "Ana Lopez"));
	cr_expect_lt(strstr(s, "Ben Okafor") - s, strstr(s, "Ana Lopez") - s);
	expect_has(s, "Ana Lopez         alg1     on track      0     2/3     2"
	    "  0.67  0.25 2024-10-08\n");
	free(s);
	s = report(&d, RENDER_INTERVENTIONS, RENDER_TEXT, NULL);
	expect_lacks(s, "Ana Lopez");
	expect_has(s, "Ben Okafor");
	free(s);
}

Test(render, urgency_order)
{
	struct render_pacing rows[4];
	struct render_student st[4] = {
		{ "a", "A", "" }, { "b", "B", "" }, { "c", "C", "" },
		{ "d", "D", "" }
	};
	struct render_data d;
	const struct render_pacing **u;
	size_t n;

	memset(&d, 0, sizeof d);
	memset(rows, 0, sizeof rows);
	rows[0] = (struct render_pacing){ 0, "m", 5, 1, 2, RENDER_BEHIND, -3,
	    0.5, 1, DATE_NONE, DATE_NONE };
	rows[1] = (struct render_pacing){ 1, "m", 5, 1, 2, RENDER_INTERVENE,
	    -6, 0.5, 1, DATE_NONE, DATE_NONE };
	rows[2] = (struct render_pacing){ 2, "m", 5, 1, 2, RENDER_BEHIND, -3,
	    0.1, 1, DATE_NONE, DATE_NONE };
	rows[3] = (struct render_pacing){ 3, "m", 5, 4, 2, RENDER_AHEAD, 4,
	    1, 0.5, DATE_NONE, DATE_NONE };
	d.students = st;
	d.nstudents = 4;
	d.pacing = rows;
	d.npacing = 4;
	u = render_urgent(&d, NULL, 0, &n);
	cr_assert_eq(n, 4);
	/* intervene; then behind, the wider pace gap (c) first; then ahead */
	cr_expect_eq(u[0], &rows[1]);
	cr_expect_eq(u[1], &rows[2]);
	cr_expect_eq(u[2], &rows[0]);
	cr_expect_eq(u[3], &rows[3]);
	free(u);
	u = render_urgent(&d, NULL, 1, &n);
	cr_expect_eq(n, 3);
	free(u);
}

Test(render, md_golden)
{
	struct render_data d;
	char *s;

	fix_class(&d);
	s = report(&d, RENDER_CLASS, RENDER_MD, NULL);
	expect_has(s, "# Class report\n\nAs of 2024-10-01.\n");
	expect_has(s, "| Student | Section | alg.1 | alg.2 | alg.3 | Mastered |\n"
	    "|---|---|:-:|:-:|:-:|--:|\n"
	    "| Ana Lopez | 7A | P | A | D | 2/3 |\n"
	    "| Ben Okafor | 7A | B | . | . | 0/3 |\n");
	expect_has(s, "| alg.1 | Solve linear equations | alg1 | 1 | 0 | 1 | 0 "
	    "| 0 | 0 | 1/2 |\n");
	expect_has(s, "| Ben Okafor | 7A | alg1 | intervene | -11 | 0/3 | 2 | 0 "
	    "| 0.75 |  |\n");
	free(s);
	s = report(&d, RENDER_GROUPS, RENDER_MD, NULL);
	expect_has(s, "## g1: alg.1 Solve linear equations; Tue 10:00; with Ms "
	    "Lee (2 students)\n\n| Student | Section | Reason |\n|---|---|---|\n"
	    "| Ana Lopez | 7A | Peer support. |\n"
	    "| Ben Okafor | 7A | Not yet started; most behind. |\n");
	free(s);
}

Test(render, hostile_names_in_text_and_md)
{
	static const struct render_student evil[] = {
		{ "x1", "<script>alert(1)</script>", "7|A" },
		{ "x2", "=HYPERLINK(\"http://x\",\"y\")", "\x1b]0;pwned\x07" },
	};
	struct render_data d;
	char *s;

	fix_class(&d);
	d.students = evil;
	s = report(&d, RENDER_CLASS, RENDER_MD, NULL);
	expect_has(s, "| \\<script\\>alert(1)\\</script\\> | 7\\|A |");
	expect_lacks(s, "<script>");
	free(s);
	s = report(&d, RENDER_STUDENT, RENDER_TEXT, NULL);
	expect_lacks(s, "\x1b");
	expect_lacks(s, "\x07");
	expect_has(s, "section ?]0;pwned?, as of");
	free(s);
}

Test(render, empty_class)
{
	struct render_data d;
	char *s;
	enum render_format f;

	memset(&d, 0, sizeof d);
	d.as_of = DATE_NONE;
	for (f = RENDER_TEXT; f <= RENDER_HTML; f++) {
		s = report(&d, RENDER_CLASS, f, NULL);
		expect_has(s, "No students.");
		expect_has(s, "No pacing table was given.");
		free(s);
		s = report(&d, RENDER_STUDENT, f, NULL);
		expect_has(s, "No students.");
		free(s);
		s = report(&d, RENDER_GROUPS, f, NULL);
		expect_has(s, "No groups.");
		free(s);
	}
}

Test(render, student_with_no_evidence)
{
	struct render_data d;
	struct render_opts o = { NULL, NULL, "s2", 0 };
	char *s;

	fix_class(&d);
	fix_cells[3].level = NULL;	/* Ben: no mastery row at all */
	d.npacing = 1;			/* and no pacing row */
	d.nplaylist = 0;
	s = report(&d, RENDER_STUDENT, RENDER_TEXT, &o);
	expect_has(s, "\n  No work has been recorded yet for Ben Okafor in this "
	    "course (3 objectives).\n");
	expect_has(s, "Nothing is planned yet.");
	free(s);
	s = report(&d, RENDER_STUDENT, RENDER_HTML, &o);
	expect_has(s, "No work has been recorded yet for Ben Okafor");
	expect_has(s, "<polyline class=\"guide\"");
	free(s);
	d.cells = NULL;			/* no mastery table */
	s = report(&d, RENDER_CLASS, RENDER_TEXT, NULL);
	expect_has(s, "Ana Lopez   .  .  .      0/3");
	free(s);
}

Test(render, unknown_student_is_an_error)
{
	struct render_data d;
	struct render_opts o = { NULL, NULL, "nobody", 0 };
	struct pl_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	fix_class(&d);
	cr_expect_eq(render_report(fp, &d, RENDER_STUDENT, RENDER_TEXT, &o,
	    &err), -1);
	cr_expect_str_eq(err.msg, "no student \"nobody\"");
	cr_expect_eq(err.status, PL_EXIT_DATA);
	fclose(fp);
	free(buf);
}

Test(render, write_error)
{
	struct render_data d;
	struct pl_err err;
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL)
		cr_skip_test("no /dev/full");
	fix_class(&d);
	cr_expect_eq(render_report(fp, &d, RENDER_CLASS, RENDER_HTML, NULL,
	    &err), -1);
	cr_expect_str_eq(err.msg, "write error");
	fclose(fp);
}

/* Collects rows as comma-joined lines. */
static int
collect(const char *const *cells, size_t n, void *arg)
{
	FILE *fp = arg;
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(fp, "%s%s", i ? "," : "", cells[i]);
	putc('\n', fp);
	return 0;
}

static char *
rows(const struct render_data *d, enum render_kind k,
    const struct render_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert_eq(render_rows(d, k, o, collect, fp), 0);
	fclose(fp);
	return buf;
}

Test(render, rows_for_csv)
{
	struct render_data d;
	struct render_opts o = { "7A", NULL, "s1", 0 };
	char *s;

	fix_class(&d);
	s = rows(&d, RENDER_CLASS, NULL);
	cr_expect_str_eq(s, "student_id,name,section,mastered,total,alg.1,"
	    "alg.2,alg.3\n"
	    "s1,Ana Lopez,7A,2,3,proficient,advanced,developing\n"
	    "s2,Ben Okafor,7A,0,3,beginning,,\n");
	free(s);
	s = rows(&d, RENDER_PACING, NULL);
	/* full precision in data rows, urgency order */
	cr_expect_str_eq(s, "student_id,name,section,course_id,status,"
	    "days_ahead,mastered,total,expected,velocity_per_week,"
	    "needed_per_week,projected_date,target_date\n"
	    "s2,Ben Okafor,7A,alg1,intervene,-11,0,3,2,0,0.75,,\n"
	    "s1,Ana Lopez,7A,alg1,on_track,0,2,3,2,0.6667,0.25,2024-10-08,\n");
	free(s);
	s = rows(&d, RENDER_STUDENT, &o);
	cr_expect_str_eq(s, "student_id,name,section,course_id,objective_id,"
	    "title,due_date,level,score,mastered,mastered_on\n"
	    "s1,Ana Lopez,7A,alg1,alg.1,Solve linear equations,2024-09-16,"
	    "proficient,0.8,yes,2024-09-10\n"
	    "s1,Ana Lopez,7A,alg1,alg.2,Graph lines,2024-09-30,advanced,0.95,"
	    "yes,2024-09-25\n"
	    "s1,Ana Lopez,7A,alg1,alg.3,Systems of equations,2024-10-21,"
	    "developing,0.6,no,\n");
	free(s);
	s = rows(&d, RENDER_GROUPS, NULL);
	cr_expect_str_eq(s, "group_id,slot,teacher,objective_id,title,"
	    "student_id,name,section,reason\n"
	    "g1,Tue 10:00,Ms Lee,alg.1,Solve linear equations,s1,Ana Lopez,7A,"
	    "Peer support.\n"
	    "g1,Tue 10:00,Ms Lee,alg.1,Solve linear equations,s2,Ben Okafor,7A,"
	    "Not yet started; most behind.\n");
	free(s);
}

Test(render, filters)
{
	struct render_data d;
	struct render_opts o = { "8B", NULL, NULL, 0 };
	char *s;

	fix_class(&d);
	s = rows(&d, RENDER_CLASS, &o);
	cr_expect_str_eq(s, "student_id,name,section,mastered,total,alg.1,"
	    "alg.2,alg.3\n");
	free(s);
	o.section = NULL;
	o.course = "geo";
	s = rows(&d, RENDER_CLASS, &o);
	cr_expect_str_eq(s, "student_id,name,section,mastered,total\n"
	    "s1,Ana Lopez,7A,0,0\ns2,Ben Okafor,7A,0,0\n");
	free(s);
}

/* A student of several sections has them as a list; --section matches
 * any one of them, whole, and nothing else. */
Test(render, a_section_list_holds_each_of_its_sections)
{
	struct render_student s = { "u1", "Ann", "Class 1; Class 2" };
	struct render_student none = { "u2", "Bo", NULL };

	cr_expect(render_in_section(&s, "Class 1"));
	cr_expect(render_in_section(&s, "Class 2"));
	cr_expect_not(render_in_section(&s, "Class"));
	cr_expect_not(render_in_section(&s, "Class 1; Class 2;"));
	cr_expect_not(render_in_section(&s, "1"));
	cr_expect_not(render_in_section(&none, "Class 1"));
	s.section = "Class 1";
	cr_expect(render_in_section(&s, "Class 1"));
}
