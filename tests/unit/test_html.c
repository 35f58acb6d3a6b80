#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "render_fixture.h"
#include "svg.h"

static char *
esc(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	html_escape(fp, s);
	fclose(fp);
	return buf;
}

static char *
page(const struct render_data *d, enum render_kind k,
    const struct render_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	html_report(fp, d, k, o);
	fclose(fp);
	return buf;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
expect_has(const char *hay, const char *needle)
{
	cr_expect_not_null(strstr(hay, needle), "missing: %s", needle);
}

Test(html, escape)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "plain", "plain" },
		{ "<script>alert(1)</script>",
		  "&lt;script&gt;alert(1)&lt;/script&gt;" },
		{ "=HYPERLINK(\"http://x\",\"y\")",
		  "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" },
		{ "O'Brien & Sons", "O&#39;Brien &amp; Sons" },
		{ "Zo\xc3\xab \xe6\x97\xa5", "Zo\xc3\xab \xe6\x97\xa5" },
		{ "bell\x07", "bell\xef\xbf\xbd" },
		{ "bad\xff" "byte", "bad\xef\xbf\xbd" "byte" },
		{ "c1\xc2\x85", "c1\xef\xbf\xbd" },
		{ "tab\tnl\n", "tab\tnl\n" },
		/* Runs between substitutions, at both ends, none at all. */
		{ "", "" },
		{ "&", "&amp;" },
		{ "&<>", "&amp;&lt;&gt;" },
		{ "x&y<", "x&amp;y&lt;" },
		{ "\xe2\x80\x94&\xff", "\xe2\x80\x94&amp;\xef\xbf\xbd" },
		{ "a\x7f" "b\"", "a\xef\xbf\xbd" "b&quot;" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = esc(cases[i].in);

		cr_expect_str_eq(got, cases[i].want, "case %zu", i);
		free(got);
	}
	{
		char *got = esc(NULL);

		cr_expect_str_eq(got, "");
		free(got);
	}
}

Test(html, class_page_golden)
{
	struct render_data d;
	char *s;

	fix_class(&d);
	s = page(&d, RENDER_CLASS, NULL);
	cr_expect_eq(strncmp(s, "<!DOCTYPE html>\n<html lang=\"en\">\n", 32), 0);
	expect_has(s, "<title>Class report \xe2\x80\x94 2024-10-01</title>");
	expect_has(s, "default-src 'none'");
	expect_has(s, "@media print");
	expect_has(s, "<tr><th scope=\"row\">Ben Okafor</th><td>7A</td><td>alg1"
	    "</td><td><span class=\"st st-intervene\">intervene</span></td>"
	    "<td class=\"n\">-11</td><td class=\"n\">0/3</td>");
	expect_has(s, "<th scope=\"col\">Objective</th>");
	expect_has(s, "<tr><th scope=\"row\">alg.1</th><td>Solve linear "
	    "equations</td><td>alg1</td><td class=\"n\">1</td><td class=\"n\">"
	    "0</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">"
	    "0</td><td class=\"n\">0</td><td class=\"n\">1/2</td></tr>");
	/* self-contained: nothing fetched, no script */
	cr_expect_eq(count(s, "<script"), 0);
	cr_expect_eq(count(s, "src="), 0);
	cr_expect_eq(count(s, "href="), 0);
	cr_expect_eq(count(s, "@import"), 0);
	cr_expect_eq(count(s, "url("), 0);
	/* the heat map: one cell per student x objective, each with text */
	cr_expect_eq(count(s, "class=\"cell\""), 6);
	cr_expect_eq(count(s, "<svg"), 1);
	expect_has(s, "<g><title>Ana Lopez \xe2\x80\x94 alg.1 Solve linear "
	    "equations: proficient, score 0.8, mastered 2024-09-10</title>");
	expect_has(s, "<g><title>Ben Okafor \xe2\x80\x94 alg.2 Graph lines: not "
	    "started</title>");
	expect_has(s, "role=\"img\"");
	cr_expect_eq(count(s, "</html>\n"), 1);
	free(s);
}

Test(html, hostile_values_are_escaped)
{
	static const struct render_student evil[] = {
		{ "<b>", "<script>alert(1)</script>", "\"><img src=x>" },
		{ "x2", "=HYPERLINK(\"http://x\",\"y\")", "7A" },
	};
	struct render_data d;
	enum render_kind k;
	char *s;

	fix_class(&d);
	d.students = evil;
	fix_objectives[0].title = "</title><script>x</script>";
	for (k = RENDER_CLASS; k <= RENDER_GROUPS; k++) {
		s = page(&d, k, NULL);
		cr_expect_eq(count(s, "<script"), 0, "report %d", (int)k);
		cr_expect_eq(count(s, "<img"), 0, "report %d", (int)k);
		cr_expect_eq(count(s, "<b>"), 0, "report %d", (int)k);
		cr_expect_eq(count(s, "\"http://x"), 0, "report %d", (int)k);
		free(s);
	}
	s = page(&d, RENDER_CLASS, NULL);
	expect_has(s, "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect_has(s, "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)");
	free(s);
}

Test(html, student_page)
{
	struct render_data d;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	fix_class(&d);
	html_student_page(fp, &d, 0, NULL);
	fclose(fp);
	expect_has(buf, "<title>Progress report: Ana Lopez \xe2\x80\x94 "
	    "2024-10-01</title>");
	expect_has(buf, "<h2>Course alg1: 2 of 3 mastered <span class=\"st "
	    "st-on_track\">on track</span></h2>");
	expect_has(buf, "class=\"bar\"");
	expect_has(buf, "class=\"burnup\"");
	expect_has(buf, "<li>Systems by graphing (for Systems of equations); "
	    "ready, video, 20 min, due 2024-10-21<br><span class=\"why\">Why: "
	    "Next in the pacing guide; its prerequisites are mastered.</span>"
	    "</li>");
	cr_expect_eq(count(buf, "Ben Okafor"), 0);
	free(buf);
}

Test(html, index_links_safe_names)
{
	struct render_data d;
	const char *files[2] = { "s1.html", NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	fix_class(&d);
	html_index(fp, &d, NULL, files);
	fclose(fp);
	expect_has(buf, "<tr><th scope=\"row\"><a href=\"s1.html\">Ana Lopez</a>"
	    "</th><td>s1</td><td>7A</td><td class=\"n\">2/3</td></tr>");
	expect_has(buf, "<tr><th scope=\"row\">Ben Okafor</th>");
	free(buf);
}

static char *
chart(void (*draw)(FILE *, const struct render_data *, size_t,
    const struct render_course *), const struct render_data *d, size_t s)
{
	char *buf = NULL;
	size_t len = 0, n;
	FILE *fp = open_memstream(&buf, &len);
	struct render_course *c = render_courses(d, s, NULL, &n);

	cr_assert_eq(n, 1);
	draw(fp, d, s, &c[0]);
	fclose(fp);
	render_courses_free(c, n);
	return buf;
}

Test(svg, burnup)
{
	struct render_data d;
	char *s;

	fix_class(&d);
	s = chart(svg_burnup, &d, 0);
	/*
	 * x runs from 2024-09-10 (first mastered) to 2024-10-21 (last due):
	 * 41 days over 560 - 44 - 16 = 500 units.  y: 3 objectives over
	 * 260 - 28 - 40 = 192 units, 64 each, 0 at y 220.  Mastered steps at
	 * 09-10 (x 44) and 09-25 (x 44 + 15 * 500 / 41 = 226.9268), flat to
	 * as_of 10-01 (x 44 + 21 * 500 / 41 = 300.0976).
	 */
	expect_has(s, "<polyline class=\"done\" fill=\"none\" stroke=\"#0072b2\" "
	    "stroke-width=\"3\" points=\"44,220 44,220 44,156 226.9268,156 "
	    "226.9268,92 300.0976,92\"/>");
	/* guide: due 09-16 (x 117.1707), 09-30 (287.9024), 10-21 (544) */
	expect_has(s, "points=\"44,220 117.1707,220 117.1707,156 287.9024,156 "
	    "287.9024,92 544,92 544,28 544,28\"");
	expect_has(s, ">2024-09-10</text>");
	expect_has(s, ">2024-10-21</text>");
	expect_has(s, ">as of 2024-10-01</text>");
	expect_has(s, "<title>Burn-up, course alg1");
	free(s);
}

Test(svg, course_bar)
{
	struct render_data d;
	char *s;

	fix_class(&d);
	s = chart(svg_course_bar, &d, 0);
	/* 2 of 3 of 400 units; expected 2 also at 266.6667 */
	expect_has(s, "<rect class=\"bar\" x=\"0\" y=\"6\" width=\"266.6667\" "
	    "height=\"22\" fill=\"#56b4e9\"/>");
	expect_has(s, "x1=\"266.6667\"");
	expect_has(s, ">2/3, 67%</text>");
	free(s);
}

Test(svg, pacing_chart)
{
	struct render_data d;
	const struct render_pacing **rows;
	char *buf = NULL;
	size_t len = 0, n;
	FILE *fp = open_memstream(&buf, &len);

	fix_class(&d);
	rows = render_urgent(&d, NULL, 0, &n);
	svg_pacing(fp, &d, rows, n);
	fclose(fp);
	free(rows);
	cr_expect_eq(count(buf, "class=\"bar\""), 2);
	expect_has(buf, ">0/3 intervene</text>");
	expect_has(buf, ">2/3 on track</text>");
	free(buf);
}

Test(svg, colours)
{
	char fill[8], ink[8];

	svg_level_colour(0, 4, fill, ink);
	cr_expect_str_eq(fill, "#440154");
	cr_expect_str_eq(ink, "#ffffff");
	svg_level_colour(3, 4, fill, ink);
	cr_expect_str_eq(fill, "#fde725");
	cr_expect_str_eq(ink, "#000000");
	/* rank 1 of 4 sits at 8/3 of the ramp: 2/3 of the way from
	 * (59,82,139) to (44,114,142) = (49,103,141) */
	svg_level_colour(1, 4, fill, ink);
	cr_expect_str_eq(fill, "#31678d");
	svg_level_colour(-1, 4, fill, ink);
	cr_expect_str_eq(fill, "#e6e6e6");
	cr_expect_str_eq(svg_status_colour(RENDER_INTERVENE), "#d55e00");
}

Test(svg, heatmap_cells_with_filters)
{
	struct render_data d;
	struct render_opts o = { NULL, NULL, "s2", 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	fix_class(&d);
	svg_heatmap(fp, &d, &o);
	fclose(fp);
	cr_expect_eq(count(buf, "class=\"cell\""), 3);
	cr_expect_eq(count(buf, "Ana Lopez"), 0);
	free(buf);
}
