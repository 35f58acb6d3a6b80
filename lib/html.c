/*
 * html.c - the reports as one self-contained, printable, accessible HTML
 * page: inline CSS, inline SVG charts (svg.c), no script, a Content
 * Security Policy that forbids fetching anything, every value escaped.
 */
#include "fastout.h"
#include "html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "num.h"
#include "svg.h"

static const char CSS[] =
    ":root{color-scheme:light}\n"
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Noto Sans\",sans-serif;margin:1.5rem auto;max-width:72rem;"
    "padding:0 1rem;color:#1a1a1a;background:#fff;line-height:1.45}\n"
    "h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.25rem;"
    "margin:1.6rem 0 .4rem;border-bottom:1px solid #ccc}\n"
    "table{border-collapse:collapse;margin:.5rem 0}\n"
    "th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f2f2f2}td.n{text-align:right;"
    "font-variant-numeric:tabular-nums}\n"
    ".st{display:inline-block;padding:0 .4rem;border-radius:.3rem;"
    "font-weight:600;border:1px solid #555}\n"
    ".st-ahead{background:#009e73;color:#fff}"
    ".st-on_track{background:#56b4e9;color:#000}"
    ".st-behind{background:#e69f00;color:#000}"
    ".st-intervene{background:#d55e00;color:#fff}\n"
    ".lv{display:inline-block;min-width:1.4rem;text-align:center;"
    "font-weight:600}\n"
    "figure{margin:.5rem 0;overflow-x:auto}figcaption{font-size:.9rem;"
    "color:#444}\n"
    "svg{max-width:100%;height:auto}\n"
    ".why{color:#333}.meta{color:#444}\n"
    "@media print{body{margin:0;max-width:none;font-size:10pt}"
    "h2{break-after:avoid}table,figure,li{break-inside:avoid}"
    "article+article{break-before:page}a{color:inherit;"
    "text-decoration:none}details{display:none}"
    ".st,.lv,th{print-color-adjust:exact;-webkit-print-color-adjust:"
    "exact}}\n";

void
html_escape(FILE *fp, const char *s)
{
	const char *p = s ? s : "", *run = p, *sub;
	size_t len;
	uint32_t c;

	/* Text that needs nothing is written in runs, not a character at
	 * a time. */
	while (*p) {
		unsigned char b = (unsigned char)*p;

		if (b >= 0x20 && b < 0x7f && b != '&' && b != '<' && b != '>' &&
		    b != '"' && b != '\'') {
			p++;
			continue;
		}
		len = render_utf8_next(p, &c);
		switch (c) {
		case '&': sub = "&amp;"; break;
		case '<': sub = "&lt;"; break;
		case '>': sub = "&gt;"; break;
		case '"': sub = "&quot;"; break;
		case '\'': sub = "&#39;"; break;
		case '\t': case '\n': sub = NULL; break;
		default:
			/* Controls (C0, DEL, C1) are not text; bad bytes
			 * already decoded as U+FFFD. */
			sub = c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
			    c == 0xFFFD ? "\xef\xbf\xbd" : NULL;
			break;
		}
		if (sub != NULL) {
			out_write(run, 1, (size_t)(p - run), fp);
			out_puts(sub, fp);
			run = p + len;
		}
		p += len;
	}
	out_write(run, 1, (size_t)(p - run), fp);
}

/* A number cell (empty for NAN); numbers need no escaping. */
static void
num_td(FILE *fp, double v)
{
	out_puts("<td class=\"n\">", fp);
	render_num2(fp, v);
	out_puts("</td>", fp);
}

static void
td(FILE *fp, const char *s)
{
	out_puts("<td>", fp);
	html_escape(fp, s);
	out_puts("</td>", fp);
}

static void
th_row(FILE *fp, const char *const *names, size_t n)
{
	size_t i;

	out_puts("<thead><tr>", fp);
	for (i = 0; i < n; i++) {
		out_puts("<th scope=\"col\">", fp);
		html_escape(fp, names[i]);
		out_puts("</th>", fp);
	}
	out_puts("</tr></thead>\n", fp);
}

static void
head(FILE *fp, const struct render_data *d, const char *title)
{
	out_puts("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"pl-report\">\n<title>", fp);
	html_escape(fp, title);
	if (d->as_of != DATE_NONE) {
		char date[16];

		fprintf(fp, " \xe2\x80\x94 %s", date_format(d->as_of, date));
	}
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", CSS);
}

static void
foot(FILE *fp)
{
	out_puts("</body>\n</html>\n", fp);
}

static const char *
title_of(const struct render_data *d, const char *def)
{
	return d->title && *d->title ? d->title : def;
}

/* The line under the main heading: as of, section, course. */
static void
meta(FILE *fp, const struct render_data *d, const struct render_opts *o)
{
	char date[16];
	int any = 0;

	out_puts("<p class=\"meta\">", fp);
	if (d->as_of != DATE_NONE) {
		fprintf(fp, "As of %s", date_format(d->as_of, date));
		any = 1;
	}
	if (o && o->section && *o->section) {
		out_puts(any ? ", section " : "Section ", fp);
		html_escape(fp, o->section);
		any = 1;
	}
	if (o && o->course && *o->course) {
		out_puts(any ? ", course " : "Course ", fp);
		html_escape(fp, o->course);
		any = 1;
	}
	out_puts(any ? ".</p>\n" : "</p>\n", fp);
}

static void
status_badge(FILE *fp, enum render_status s)
{
	if (s == RENDER_STATUS_NONE)
		return;
	fprintf(fp, "<span class=\"st st-%s\">%s</span>",
	    render_status_name(s), render_status_words(s));
}

static void
pacing_table(FILE *fp, const struct render_data *d,
    const struct render_pacing *const *rows, size_t n)
{
	static const char *const cols[] = {
		"Student", "Section", "Course", "Status", "Days ahead",
		"Mastered", "Expected", "Per week", "Needed per week",
		"Projected"
	};
	size_t i;
	char date[16];

	out_puts("<table>\n", fp);
	th_row(fp, cols, 10);
	out_puts("<tbody>\n", fp);
	for (i = 0; i < n; i++) {
		const struct render_pacing *p = rows[i];

		out_puts("<tr><th scope=\"row\">", fp);
		html_escape(fp, render_student_name(d, p->student));
		out_puts("</th>", fp);
		td(fp, d->students[p->student].section);
		td(fp, p->course);
		out_puts("<td>", fp);
		status_badge(fp, p->status);
		out_puts("</td>", fp);
		num_td(fp, p->days_ahead);
		fprintf(fp, "<td class=\"n\">%ld/%ld</td>", p->mastered,
		    p->total);
		num_td(fp, p->expected);
		num_td(fp, p->velocity);
		num_td(fp, p->needed);
		fprintf(fp, "<td>%s</td></tr>\n", date_format(p->projected,
		    date));
	}
	out_puts("</tbody>\n</table>\n", fp);
}

static void
pacing_body(FILE *fp, const struct render_data *d,
    const struct render_opts *o, int only_behind, int chart)
{
	const struct render_pacing **rows;
	size_t n;

	rows = render_urgent(d, o, only_behind, &n);
	if (n == 0)
		out_puts(d->npacing == 0 ? "<p>No pacing table was given.</p>\n" :
		    only_behind ? "<p>Nobody is behind the pacing guide.</p>\n" :
		    "<p>No students.</p>\n", fp);
	else {
		if (chart) {
			out_puts("<figure>\n", fp);
			svg_pacing(fp, d, rows, n);
			out_puts("<figcaption>Bars: objectives mastered; black "
			    "line: expected by now; the status is written "
			    "beside each bar.</figcaption>\n</figure>\n", fp);
		}
		pacing_table(fp, d, rows, n);
		out_puts("<p class=\"meta\">Days ahead: school days ahead (+) or "
		    "behind (&#8722;) the pacing guide. Per week: objectives "
		    "mastered a week lately. Needed per week: to finish on "
		    "time.</p>\n", fp);
	}
	free(rows);
}

static void
level_cell(FILE *fp, const struct render_data *d, const struct render_cell *c)
{
	char fill[8], ink[8];

	svg_level_colour(c && c->level ? c->rank : -1, d->nlevels, fill, ink);
	out_puts("<td><span class=\"lv\" style=\"background:", fp);
	out_puts(fill, fp);
	out_puts(";color:", fp);
	out_puts(ink, fp);
	out_puts("\">", fp);
	out_putc(render_level_letter(d, c), fp);
	out_puts("</span> ", fp);
	html_escape(fp, render_level_words(c));
	out_puts("</td>", fp);
}

static void
class_body(FILE *fp, const struct render_data *d, const struct render_opts *o)
{
	size_t nobj, nstu = render_count_selected(d, o, &nobj), i, j, k;
	size_t *counts = xmalloc((d->nlevels + 2) * sizeof *counts);

	out_puts("<h1>", fp);
	html_escape(fp, title_of(d, "Class report"));
	out_puts("</h1>\n", fp);
	meta(fp, d, o);
	out_puts("<section>\n<h2>Needs attention</h2>\n", fp);
	pacing_body(fp, d, o, 1, 0);
	out_puts("</section>\n<section>\n<h2>Mastery</h2>\n", fp);
	if (nstu == 0 || nobj == 0)
		out_puts(nstu == 0 ? "<p>No students.</p>\n" :
		    "<p>No objectives.</p>\n", fp);
	else {
		out_puts("<figure>\n", fp);
		svg_heatmap(fp, d, o);
		out_puts("<figcaption>Each square is a student and an objective; "
		    "the letter and the colour give the level. Hover a square "
		    "for the objective and the score.</figcaption>\n"
		    "</figure>\n<details>\n<summary>The same as a table"
		    "</summary>\n<table>\n<thead><tr><th scope=\"col\">"
		    "Student</th>", fp);
		for (j = 0; j < d->nobjectives; j++) {
			if (!render_objective_selected(d, j, o))
				continue;
			out_puts("<th scope=\"col\">", fp);
			html_escape(fp, d->objectives[j].id);
			out_puts("</th>", fp);
		}
		out_puts("<th scope=\"col\">Mastered</th></tr></thead>\n<tbody>\n",
		    fp);
		for (i = 0; i < d->nstudents; i++) {
			if (!render_selected(d, i, o))
				continue;
			out_puts("<tr><th scope=\"row\">", fp);
			html_escape(fp, render_student_name(d, i));
			out_puts("</th>", fp);
			for (j = 0; j < d->nobjectives; j++)
				if (render_objective_selected(d, j, o))
					level_cell(fp, d, render_cell_at(d, i, j));
			fprintf(fp, "<td class=\"n\">%zu/%zu</td></tr>\n",
			    render_mastered_count(d, i, o), nobj);
		}
		out_puts("</tbody>\n</table>\n</details>\n", fp);
	}
	out_puts("</section>\n<section>\n<h2>Objectives</h2>\n", fp);
	if (nobj == 0)
		out_puts("<p>No objectives.</p>\n", fp);
	else {
		out_puts("<table>\n<thead><tr><th scope=\"col\">Objective</th>"
		    "<th scope=\"col\">Title</th><th scope=\"col\">Course</th>",
		    fp);
		for (k = 0; k < d->nlevels; k++) {
			out_puts("<th scope=\"col\">", fp);
			html_escape(fp, d->levels[k]);
			out_puts("</th>", fp);
		}
		out_puts("<th scope=\"col\">not yet</th><th scope=\"col\">no "
		    "evidence</th><th scope=\"col\">Mastered</th></tr></thead>\n"
		    "<tbody>\n", fp);
		for (j = 0; j < d->nobjectives; j++) {
			size_t m;

			if (!render_objective_selected(d, j, o))
				continue;
			m = render_level_counts(d, j, o, counts);
			out_puts("<tr><th scope=\"row\">", fp);
			html_escape(fp, d->objectives[j].id);
			out_puts("</th>", fp);
			td(fp, d->objectives[j].title);
			td(fp, d->objectives[j].course);
			for (k = 0; k < d->nlevels + 2; k++)
				fprintf(fp, "<td class=\"n\">%zu</td>", counts[k]);
			fprintf(fp, "<td class=\"n\">%zu/%zu</td></tr>\n", m,
			    nstu);
		}
		out_puts("</tbody>\n</table>\n", fp);
	}
	out_puts("</section>\n", fp);
	free(counts);
}

static void
student_body(FILE *fp, const struct render_data *d, size_t s,
    const struct render_opts *o)
{
	static const char *const cols[] = {
		"Objective", "Title", "Level", "Score", "Mastered on"
	};
	const struct render_student *st = &d->students[s];
	size_t nc, k, i, n;
	struct render_course *c = render_courses(d, s, o, &nc);
	const struct render_item **items;
	char buf[2048], date[16];

	out_puts("<article>\n<h1>Progress report: ", fp);
	html_escape(fp, render_student_name(d, s));
	out_puts("</h1>\n<p class=\"meta\">Student ", fp);
	html_escape(fp, st->id);
	if (st->section && *st->section) {
		out_puts(", section ", fp);
		html_escape(fp, st->section);
	}
	if (d->as_of != DATE_NONE)
		fprintf(fp, ", as of %s", date_format(d->as_of, date));
	out_puts(".</p>\n", fp);
	if (nc == 0)
		out_puts("<p>No objectives to report.</p>\n", fp);
	for (k = 0; k < nc; k++) {
		out_puts("<section>\n<h2>Course ", fp);
		html_escape(fp, *c[k].course ? c[k].course : "(none)");
		fprintf(fp, ": %zu of %zu mastered", c[k].mastered,
		    c[k].total);
		if (c[k].pacing && c[k].pacing->status != RENDER_STATUS_NONE) {
			out_puts(" ", fp);
			status_badge(fp, c[k].pacing->status);
		}
		out_puts("</h2>\n", fp);
		svg_course_bar(fp, d, s, &c[k]);
		render_pace_text(d, s, &c[k], buf, sizeof buf);
		out_puts("<p>", fp);
		html_escape(fp, buf);
		out_puts("</p>\n<figure>\n", fp);
		svg_burnup(fp, d, s, &c[k]);
		out_puts("<figcaption>Solid line: objectives mastered. Dashed "
		    "line: the pacing guide.</figcaption>\n</figure>\n"
		    "<table>\n", fp);
		th_row(fp, cols, 5);
		out_puts("<tbody>\n", fp);
		for (i = 0; i < d->nobjectives; i++) {
			const struct render_objective *ob = &d->objectives[i];
			const struct render_cell *cell = render_cell_at(d, s, i);

			if (!render_objective_selected(d, i, o) ||
			    strcmp(ob->course ? ob->course : "", c[k].course))
				continue;
			out_puts("<tr><th scope=\"row\">", fp);
			html_escape(fp, ob->id);
			out_puts("</th>", fp);
			td(fp, ob->title);
			level_cell(fp, d, cell);
			num_td(fp, cell && cell->level ? cell->score : NAN);
			out_puts("<td>", fp);
			if (cell && cell->level && cell->mastered)
				out_puts(date_format(cell->mastered_on, date),
				    fp);
			out_puts("</td></tr>\n", fp);
		}
		out_puts("</tbody>\n</table>\n</section>\n", fp);
	}
	items = render_student_items(d, s, o, &n);
	out_puts("<section>\n<h2>What is next</h2>\n", fp);
	if (n == 0)
		out_puts("<p>Nothing is planned yet.</p>\n", fp);
	else {
		out_puts("<ol>\n", fp);
		for (i = 0; i < n; i++) {
			render_item_text(d, items[i], buf, sizeof buf);
			out_puts("<li>", fp);
			html_escape(fp, buf);
			if (items[i]->reason && *items[i]->reason) {
				out_puts("<br><span class=\"why\">Why: ", fp);
				html_escape(fp, items[i]->reason);
				out_puts("</span>", fp);
			}
			out_puts("</li>\n", fp);
		}
		out_puts("</ol>\n", fp);
	}
	out_puts("</section>\n</article>\n", fp);
	free(items);
	render_courses_free(c, nc);
}

static void
groups_body(FILE *fp, const struct render_data *d, const struct render_opts *o)
{
	static const char *const cols[] = { "Student", "Section", "Reason" };
	size_t n, i, j, span;
	const struct render_member **rows = render_group_rows(d, o, &n);
	char buf[1024];

	out_puts("<h1>", fp);
	html_escape(fp, title_of(d, "Groups"));
	out_puts("</h1>\n", fp);
	meta(fp, d, o);
	if (n == 0)
		out_puts("<p>No groups.</p>\n", fp);
	for (i = 0; i < n; i += span) {
		span = render_group_span(d, rows, i, n);
		render_group_heading(d, rows[i], span, buf, sizeof buf);
		out_puts("<section>\n<h2>", fp);
		html_escape(fp, buf);
		out_puts("</h2>\n<table>\n", fp);
		th_row(fp, cols, 3);
		out_puts("<tbody>\n", fp);
		for (j = i; j < i + span; j++) {
			out_puts("<tr><th scope=\"row\">", fp);
			html_escape(fp, render_student_name(d, rows[j]->student));
			out_puts("</th>", fp);
			td(fp, d->students[rows[j]->student].section);
			td(fp, rows[j]->reason);
			out_puts("</tr>\n", fp);
		}
		out_puts("</tbody>\n</table>\n</section>\n", fp);
	}
	free(rows);
}

void
html_report(FILE *fp, const struct render_data *d, enum render_kind k,
    const struct render_opts *o)
{
	size_t i;
	int any = 0;

	switch (k) {
	case RENDER_CLASS:
		head(fp, d, title_of(d, "Class report"));
		class_body(fp, d, o);
		break;
	case RENDER_STUDENT:
		head(fp, d, title_of(d, "Progress reports"));
		for (i = 0; i < d->nstudents; i++)
			if (render_selected(d, i, o)) {
				student_body(fp, d, i, o);
				any = 1;
			}
		if (!any)
			out_puts("<p>No students.</p>\n", fp);
		break;
	case RENDER_PACING:
	case RENDER_INTERVENTIONS:
		head(fp, d, title_of(d, k == RENDER_PACING ? "Pacing" :
		    "Interventions"));
		out_puts("<h1>", fp);
		html_escape(fp, title_of(d, k == RENDER_PACING ? "Pacing" :
		    "Interventions"));
		out_puts("</h1>\n", fp);
		meta(fp, d, o);
		pacing_body(fp, d, o, k == RENDER_INTERVENTIONS, 1);
		break;
	case RENDER_GROUPS:
		head(fp, d, title_of(d, "Groups"));
		groups_body(fp, d, o);
		break;
	}
	foot(fp);
}

void
html_student_page(FILE *fp, const struct render_data *d, size_t student,
    const struct render_opts *o)
{
	char title[512];

	snprintf(title, sizeof title, "Progress report: %s",
	    render_student_name(d, student));
	head(fp, d, title);
	student_body(fp, d, student, o);
	foot(fp);
}

void
html_index(FILE *fp, const struct render_data *d,
    const struct render_opts *o, const char *const *files)
{
	static const char *const cols[] = { "Student", "Id", "Section",
		"Mastered" };
	size_t nobj, i;

	render_count_selected(d, o, &nobj);
	head(fp, d, title_of(d, "Progress reports"));
	out_puts("<h1>", fp);
	html_escape(fp, title_of(d, "Progress reports"));
	out_puts("</h1>\n", fp);
	meta(fp, d, o);
	out_puts("<table>\n", fp);
	th_row(fp, cols, 4);
	out_puts("<tbody>\n", fp);
	for (i = 0; i < d->nstudents; i++) {
		if (!render_selected(d, i, o))
			continue;
		out_puts("<tr><th scope=\"row\">", fp);
		if (files && files[i]) {
			out_puts("<a href=\"", fp);
			html_escape(fp, files[i]);
			out_puts("\">", fp);
		}
		html_escape(fp, render_student_name(d, i));
		if (files && files[i])
			out_puts("</a>", fp);
		out_puts("</th>", fp);
		td(fp, d->students[i].id);
		td(fp, d->students[i].section);
		fprintf(fp, "<td class=\"n\">%zu/%zu</td></tr>\n",
		    render_mastered_count(d, i, o), nobj);
	}
	out_puts("</tbody>\n</table>\n", fp);
	foot(fp);
}
