/*
 * svg.c - the charts of the HTML reports as inline SVG: the class heat
 * map, the pacing chart, a student's course bar and burn-up chart.  Sizes
 * are in user units; every number goes through num_format and every text
 * through html_escape, so output is the same bytes on every machine.
 */
#include "fastout.h"
#include "svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "html.h"
#include "num.h"

/* A viridis-like ramp (dark purple to yellow), readable by people with
 * the common colour-vision deficiencies and in greyscale. */
static const unsigned char RAMP[][3] = {
	{ 68, 1, 84 }, { 71, 45, 123 }, { 59, 82, 139 }, { 44, 114, 142 },
	{ 33, 145, 140 }, { 40, 174, 128 }, { 94, 201, 98 }, { 173, 220, 48 },
	{ 253, 231, 37 }
};
#define RAMP_STEPS 8

#define GREY_FILL "#e6e6e6"
#define GREY_INK "#333333"
static const char HEX[] = "0123456789abcdef";

void
svg_level_colour(int r, size_t n, char fill[8], char ink[8])
{
	unsigned rgb[3];
	long num, den, idx, frac;
	int i;

	if (r < 0 || n == 0 || (size_t)r >= n) {
		memcpy(fill, GREY_FILL, 8);
		memcpy(ink, GREY_INK, 8);
		return;
	}
	den = n > 1 ? (long)n - 1 : 1;
	num = n > 1 ? (long)r * RAMP_STEPS : RAMP_STEPS;
	idx = num / den;
	frac = num % den;
	for (i = 0; i < 3; i++) {
		long a = RAMP[idx][i];
		long b = RAMP[idx < RAMP_STEPS ? idx + 1 : idx][i];

		rgb[i] = (unsigned)(a + (b - a) * frac / den);
	}
	/* By hand: a heat map asks for a colour per cell. */
	fill[0] = '#';
	for (i = 0; i < 3; i++) {
		fill[1 + 2 * i] = HEX[(rgb[i] >> 4) & 15];
		fill[2 + 2 * i] = HEX[rgb[i] & 15];
	}
	fill[7] = '\0';
	memcpy(ink, 299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2] > 140000 ?
	    "#000000" : "#ffffff", 8);
}

const char *
svg_status_colour(enum render_status s)
{
	/* Okabe-Ito: bluish green, sky blue, orange, vermillion. */
	switch (s) {
	case RENDER_AHEAD: return "#009e73";
	case RENDER_ON_TRACK: return "#56b4e9";
	case RENDER_BEHIND: return "#e69f00";
	case RENDER_INTERVENE: return "#d55e00";
	default: return "#999999";
	}
}

static void
num(FILE *fp, double v)
{
	render_num(fp, v);
}

/* Writes s escaped, cut to cols display columns with an ellipsis. */
static void
fit(FILE *fp, const char *s, size_t cols)
{
	size_t n;
	char *cut;

	if (s == NULL)
		return;
	if (render_width(s) <= cols) {
		html_escape(fp, s);
		return;
	}
	n = render_prefix(s, cols > 1 ? cols - 1 : 0);
	cut = xstrndup(s, n);
	html_escape(fp, cut);
	free(cut);
	out_puts("\xe2\x80\xa6", fp);
}

static void
open_svg(FILE *fp, double w, double h, const char *cls)
{
	out_puts("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"", fp);
	out_puts(cls, fp);
	out_puts("\" role=\"img\" viewBox=\"0 0 ", fp);
	num(fp, w);
	out_putc(' ', fp);
	num(fp, h);
	out_puts("\" width=\"", fp);
	num(fp, w);
	out_puts("\" height=\"", fp);
	num(fp, h);
	out_puts("\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n",
	    fp);
}

/*
 * An element's text, built in a buffer and written with one fwrite: a
 * district's heat map has millions of elements, and a stdio call per
 * piece took most of the time of its report.
 */
struct el {
	FILE *fp;
	size_t n;
	char b[256];
};

static void
el_flush(struct el *e)
{
	out_write(e->b, 1, e->n, e->fp);
	e->n = 0;
}

static void
el_put(struct el *e, const char *s)
{
	size_t l = strlen(s);

	if (l > sizeof e->b - e->n) {
		el_flush(e);
		if (l > sizeof e->b) {
			out_write(s, 1, l, e->fp);
			return;
		}
	}
	memcpy(e->b + e->n, s, l);
	e->n += l;
}

/* Starts the element <name in e, to be written to fp. */
static void
el_open(struct el *e, FILE *fp, const char *name)
{
	e->fp = fp;
	e->n = 0;
	el_put(e, "<");
	el_put(e, name);
}

/* Appends the attribute name="s" (s one of this file's own words). */
static void
el_word(struct el *e, const char *name, const char *s)
{
	el_put(e, " ");
	el_put(e, name);
	el_put(e, "=\"");
	el_put(e, s);
	el_put(e, "\"");
}

/* Appends the attribute name="v". */
static void
el_attr(struct el *e, const char *name, double v)
{
	char buf[NUM_BUFSIZE];

	num_format(v, buf);
	el_word(e, name, buf);
}

/* An element's attribute x="v". */
static void
attr(FILE *fp, const char *name, double v)
{
	struct el e;

	e.fp = fp;
	e.n = 0;
	el_attr(&e, name, v);
	el_flush(&e);
}

static void
rect(FILE *fp, const char *cls, double x, double y, double w, double h,
    const char *fill)
{
	struct el e;

	el_open(&e, fp, "rect");
	if (cls)
		el_word(&e, "class", cls);
	el_attr(&e, "x", x);
	el_attr(&e, "y", y);
	el_attr(&e, "width", w);
	el_attr(&e, "height", h);
	el_word(&e, "fill", fill);
	el_put(&e, "/>");
	el_flush(&e);
}

/* Opens a <text> at x, y; the caller writes the content and "</text>". */
static void
text_at(FILE *fp, double x, double y, const char *anchor, const char *fill)
{
	struct el e;

	el_open(&e, fp, "text");
	el_attr(&e, "x", x);
	el_attr(&e, "y", y);
	if (anchor)
		el_word(&e, "text-anchor", anchor);
	if (fill)
		el_word(&e, "fill", fill);
	el_put(&e, ">");
	el_flush(&e);
}

static void
line(FILE *fp, double x1, double y1, double x2, double y2, const char *style)
{
	struct el e;

	el_open(&e, fp, "line");
	el_attr(&e, "x1", x1);
	el_attr(&e, "y1", y1);
	el_attr(&e, "x2", x2);
	el_attr(&e, "y2", y2);
	el_put(&e, " ");
	el_put(&e, style);
	el_put(&e, "/>");
	el_flush(&e);
}

/* The room one entry of the heat map's key takes: swatch, label, gap. */
static double
key_advance(const char *label)
{
	size_t w = render_width(label);

	return 24 + 7.5 * (double)(w < 14 ? w : 14) + 14;
}

#define CELL_W 28
#define CELL_H 24
#define HEAT_LEFT 170
#define HEAT_TOP 96

void
svg_heatmap(FILE *fp, const struct render_data *d,
    const struct render_opts *opts)
{
	size_t nobj, nstu = render_count_selected(d, opts, &nobj);
	double w = HEAT_LEFT + (double)nobj * CELL_W + 20;
	double h = HEAT_TOP + (double)nstu * CELL_H + 52, x, y;
	size_t i, j, row = 0, col, r;
	char fill[8], ink[8];
	struct render_cell key;

	for (x = 10, r = 0; r < d->nlevels + 2; r++)
		x += key_advance(r < d->nlevels ? d->levels[r] :
		    r == d->nlevels ? "not yet" : "no evidence");
	if (w < x)
		w = x;
	open_svg(fp, w, h, "heatmap");
	fprintf(fp, "<title>Mastery heat map: %zu students by %zu "
	    "objectives</title>\n<desc>Each square is one student and one "
	    "objective; its colour and its letter give the level (", nstu,
	    nobj);
	for (r = d->nlevels; r-- > 0;) {
		memset(&key, 0, sizeof key);
		key.level = d->levels[r];
		key.rank = (int)r;
		fprintf(fp, "%c ", render_level_letter(d, &key));
		html_escape(fp, d->levels[r]);
		out_puts(", ", fp);
	}
	out_puts("- not yet, . no evidence).</desc>\n", fp);
	col = 0;
	for (j = 0; j < d->nobjectives; j++) {
		if (!render_objective_selected(d, j, opts))
			continue;
		x = HEAT_LEFT + (double)col * CELL_W + CELL_W / 2.0;
		out_puts("<text", fp);
		attr(fp, "x", x);
		attr(fp, "y", HEAT_TOP - 6);
		out_puts(" transform=\"rotate(-50 ", fp);
		num(fp, x);
		out_putc(' ', fp);
		num(fp, HEAT_TOP - 6);
		out_puts(")\"><title>", fp);
		html_escape(fp, d->objectives[j].id);
		if (d->objectives[j].title && *d->objectives[j].title) {
			out_puts(": ", fp);
			html_escape(fp, d->objectives[j].title);
		}
		out_puts("</title>", fp);
		fit(fp, d->objectives[j].id, 14);
		out_puts("</text>\n", fp);
		col++;
	}
	for (i = 0; i < d->nstudents; i++) {
		const char *name;

		if (!render_selected(d, i, opts))
			continue;
		name = render_student_name(d, i);
		y = HEAT_TOP + (double)row * CELL_H;
		text_at(fp, HEAT_LEFT - 8, y + CELL_H / 2.0 + 4, "end", NULL);
		out_puts("<title>", fp);
		html_escape(fp, name);
		out_puts(" (", fp);
		html_escape(fp, d->students[i].id);
		out_puts(")</title>", fp);
		fit(fp, name, 24);
		out_puts("</text>\n", fp);
		col = 0;
		for (j = 0; j < d->nobjectives; j++) {
			const struct render_cell *c;
			const struct render_objective *ob = &d->objectives[j];
			char letter[2];

			if (!render_objective_selected(d, j, opts))
				continue;
			c = render_cell_at(d, i, j);
			svg_level_colour(c && c->level ? c->rank : -1,
			    d->nlevels, fill, ink);
			x = HEAT_LEFT + (double)col * CELL_W;
			out_puts("<g><title>", fp);
			html_escape(fp, name);
			out_puts(" \xe2\x80\x94 ", fp);
			html_escape(fp, ob->id);
			if (ob->title && *ob->title) {
				out_puts(" ", fp);
				html_escape(fp, ob->title);
			}
			out_puts(": ", fp);
			html_escape(fp, render_level_words(c));
			if (c && c->level && !isnan(c->score)) {
				out_puts(", score ", fp);
				num(fp, c->score);
			}
			if (c && c->level && c->mastered &&
			    c->mastered_on != DATE_NONE) {
				char date[16];

				out_puts(", mastered ", fp);
				out_puts(date_format(c->mastered_on, date), fp);
			}
			out_puts("</title>", fp);
			rect(fp, "cell", x + 1, y + 1, CELL_W - 2, CELL_H - 2,
			    fill);
			letter[0] = render_level_letter(d, c);
			letter[1] = '\0';
			text_at(fp, x + CELL_W / 2.0, y + CELL_H / 2.0 + 4,
			    "middle", ink);
			out_puts(letter, fp);
			out_puts("</text></g>\n", fp);
			col++;
		}
		row++;
	}
	/* The key: one swatch per level, then not yet and no evidence. */
	y = HEAT_TOP + (double)nstu * CELL_H + 16;
	x = 10;
	for (r = 0; r < d->nlevels + 2; r++) {
		const char *label = r < d->nlevels ? d->levels[r] :
		    r == d->nlevels ? "not yet" : "no evidence";

		memset(&key, 0, sizeof key);
		key.level = r <= d->nlevels ? label : NULL;
		key.rank = r < d->nlevels ? (int)r : -1;
		svg_level_colour(key.rank, d->nlevels, fill, ink);
		rect(fp, "key", x, y, 20, 20, fill);
		text_at(fp, x + 10, y + 14, "middle", ink);
		fprintf(fp, "%c</text>", render_level_letter(d, &key));
		text_at(fp, x + 24, y + 14, NULL, NULL);
		fit(fp, label, 14);
		out_puts("</text>\n", fp);
		x += key_advance(label);
	}
	out_puts("</svg>\n", fp);
}

#define PACE_LEFT 200
#define PACE_BAR 360
#define PACE_ROW 24

void
svg_pacing(FILE *fp, const struct render_data *d,
    const struct render_pacing *const *rows, size_t n)
{
	double max = 1, w = PACE_LEFT + PACE_BAR + 140, h, y, scale;
	size_t i;
	char label[512];

	for (i = 0; i < n; i++) {
		if ((double)rows[i]->total > max)
			max = (double)rows[i]->total;
		if (!isnan(rows[i]->expected) && rows[i]->expected > max)
			max = rows[i]->expected;
	}
	scale = PACE_BAR / max;
	h = (double)n * PACE_ROW + 40;
	open_svg(fp, w, h, "pacing");
	fprintf(fp, "<title>Pacing: objectives mastered against the pacing "
	    "guide, %zu rows</title>\n<desc>One bar per student and course: "
	    "the filled part is the number mastered, the black line the number "
	    "the pacing guide expects by now, and the status is written at the "
	    "right.</desc>\n", n);
	for (i = 0; i < n; i++) {
		const struct render_pacing *p = rows[i];
		const char *name = render_student_name(d, p->student);
		char a[NUM_BUFSIZE];

		y = 8 + (double)i * PACE_ROW;
		out_puts("<g><title>", fp);
		html_escape(fp, name);
		out_puts(", ", fp);
		html_escape(fp, p->course);
		fprintf(fp, ": %ld of %ld mastered", p->mastered, p->total);
		if (!isnan(p->expected)) {
			out_puts(", expected ", fp);
			num(fp, p->expected);
		}
		if (!isnan(p->days_ahead)) {
			num_format(fabs(p->days_ahead), a);
			fprintf(fp, ", %s school days %s", a,
			    p->days_ahead < 0 ? "behind" : "ahead");
		}
		out_puts("</title>", fp);
		snprintf(label, sizeof label, "%s (%s)", name,
		    p->course ? p->course : "");
		text_at(fp, PACE_LEFT - 8, y + 15, "end", NULL);
		fit(fp, label, 28);
		out_puts("</text>", fp);
		rect(fp, NULL, PACE_LEFT, y + 2, (double)p->total * scale, 18,
		    GREY_FILL);
		rect(fp, "bar", PACE_LEFT, y + 2, (double)p->mastered * scale,
		    18, svg_status_colour(p->status));
		if (!isnan(p->expected))
			line(fp, PACE_LEFT + p->expected * scale, y,
			    PACE_LEFT + p->expected * scale, y + 22,
			    "stroke=\"#000000\" stroke-width=\"2\"");
		text_at(fp, PACE_LEFT + PACE_BAR + 8, y + 15, NULL, NULL);
		fprintf(fp, "%ld/%ld %s</text></g>\n", p->mastered, p->total,
		    render_status_words(p->status));
	}
	y = 8 + (double)n * PACE_ROW + 6;
	line(fp, PACE_LEFT, y, PACE_LEFT + PACE_BAR, y,
	    "stroke=\"#666666\"");
	text_at(fp, PACE_LEFT, y + 16, "middle", NULL);
	out_puts("0</text>", fp);
	text_at(fp, PACE_LEFT + PACE_BAR, y + 16, "middle", NULL);
	num(fp, max);
	out_puts("</text>\n</svg>\n", fp);
}

void
svg_course_bar(FILE *fp, const struct render_data *d, size_t student,
    const struct render_course *c)
{
	double total = c->total ? (double)c->total : 1, bw = 400;
	const struct render_pacing *p = c->pacing;
	long pct = c->total ? (long)num_round(100.0 * (double)c->mastered /
	    (double)c->total, 0) : 0;

	open_svg(fp, bw + 170, 34, "bar");
	out_puts("<title>", fp);
	html_escape(fp, render_student_name(d, student));
	out_puts(", course ", fp);
	html_escape(fp, c->course);
	fprintf(fp, ": %zu of %zu objectives mastered (%ld%%)</title>\n",
	    c->mastered, c->total, pct);
	if (p && !isnan(p->expected)) {
		out_puts("<desc>The black line marks the ", fp);
		num(fp, p->expected);
		out_puts(" objectives the pacing guide expects by now.</desc>\n", fp);
	}
	rect(fp, NULL, 0, 6, bw, 22, GREY_FILL);
	rect(fp, "bar", 0, 6, bw * (double)c->mastered / total, 22,
	    p ? svg_status_colour(p->status) : "#0072b2");
	if (p && !isnan(p->expected))
		line(fp, bw * p->expected / total, 2, bw * p->expected / total,
		    32, "stroke=\"#000000\" stroke-width=\"2\"");
	text_at(fp, bw + 8, 22, NULL, NULL);
	fprintf(fp, "%zu/%zu, %ld%%</text>\n</svg>\n", c->mastered, c->total,
	    pct);
}

#define BU_W 560
#define BU_H 260
#define BU_L 44
#define BU_R 16
#define BU_T 28
#define BU_B 40

/* Writes the points of a step line: the count rises by one at each of the
 * n sorted dates, from start (at base) to end. */
static void
steps(FILE *fp, const int32_t *dates, size_t n, size_t base, int32_t x0,
    double xs, double ys, int32_t end)
{
	size_t i, count = base;
	double px, py = BU_H - BU_B - (double)count * ys;

	out_puts(" points=\"", fp);
	num(fp, BU_L);
	out_putc(',', fp);
	num(fp, py);
	for (i = 0; i < n; i++) {
		px = BU_L + (double)(dates[i] - x0) * xs;
		out_putc(' ', fp);
		num(fp, px);
		out_putc(',', fp);
		num(fp, py);
		count++;
		py = BU_H - BU_B - (double)count * ys;
		out_putc(' ', fp);
		num(fp, px);
		out_putc(',', fp);
		num(fp, py);
	}
	out_putc(' ', fp);
	num(fp, BU_L + (double)(end - x0) * xs);
	out_putc(',', fp);
	num(fp, py);
	out_putc('"', fp);
}

void
svg_burnup(FILE *fp, const struct render_data *d, size_t student,
    const struct render_course *c)
{
	int32_t x0 = DATE_NONE, x1 = DATE_NONE, t;
	double xs, ys, total = c->total ? (double)c->total : 1, x, y;
	size_t i, k, undated = c->mastered - c->ndone, step;
	char date[16];
	const int32_t *sets[2] = { c->due, c->done };
	size_t counts[2] = { c->ndue, c->ndone };

	for (k = 0; k < 2; k++)
		for (i = 0; i < counts[k]; i++) {
			t = sets[k][i];
			if (x0 == DATE_NONE || t < x0)
				x0 = t;
			if (x1 == DATE_NONE || t > x1)
				x1 = t;
		}
	if (d->as_of != DATE_NONE) {
		if (x0 == DATE_NONE || d->as_of < x0)
			x0 = d->as_of;
		if (x1 == DATE_NONE || d->as_of > x1)
			x1 = d->as_of;
	}
	open_svg(fp, BU_W, BU_H, "burnup");
	out_puts("<title>Burn-up, course ", fp);
	html_escape(fp, c->course);
	out_puts(": objectives mastered over time against the pacing "
	    "guide</title>\n<desc>", fp);
	html_escape(fp, render_student_name(d, student));
	fprintf(fp, " has mastered %zu of %zu objectives", c->mastered,
	    c->total);
	if (c->ndone > 0) {
		char last[16];

		fprintf(fp, ", the first on %s and the latest on %s",
		    date_format(c->done[0], date),
		    date_format(c->done[c->ndone - 1], last));
	}
	out_puts(". The solid line counts objectives mastered; the dashed line "
	    "counts objectives the pacing guide has due by each date.</desc>\n",
	    fp);
	if (x0 == DATE_NONE) {
		text_at(fp, BU_W / 2.0, BU_H / 2.0, "middle", NULL);
		out_puts("No dates to chart.</text>\n</svg>\n", fp);
		return;
	}
	if (x1 == x0)
		x1 = x0 + 1;
	xs = (double)(BU_W - BU_L - BU_R) / (double)(x1 - x0);
	ys = (double)(BU_H - BU_T - BU_B) / total;
	/* Axes, with ticks on whole objectives and on five dates. */
	line(fp, BU_L, BU_T, BU_L, BU_H - BU_B, "stroke=\"#666666\"");
	line(fp, BU_L, BU_H - BU_B, BU_W - BU_R, BU_H - BU_B,
	    "stroke=\"#666666\"");
	out_putc('\n', fp);
	step = c->total > 5 ? (c->total + 4) / 5 : 1;
	for (i = 0; i <= c->total; i += step) {
		y = BU_H - BU_B - (double)i * ys;
		line(fp, BU_L - 4, y, BU_L, y, "stroke=\"#666666\"");
		text_at(fp, BU_L - 6, y + 4, "end", NULL);
		fprintf(fp, "%zu</text>\n", i);
	}
	for (k = 0; k < 5; k++) {
		t = x0 + (int32_t)(((int64_t)(x1 - x0) * (int64_t)k) / 4);
		x = BU_L + (double)(t - x0) * xs;
		line(fp, x, BU_H - BU_B, x, BU_H - BU_B + 4,
		    "stroke=\"#666666\"");
		text_at(fp, x, BU_H - BU_B + 16, k == 0 ? "start" : k == 4 ?
		    "end" : "middle", NULL);
		fprintf(fp, "%s</text>\n", date_format(t, date));
	}
	text_at(fp, 12, 16, NULL, NULL);
	out_puts("objectives</text>\n", fp);
	if (c->ndue > 0) {
		out_puts("<polyline class=\"guide\" fill=\"none\" stroke=\"#666666\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 4\"", fp);
		steps(fp, c->due, c->ndue, 0, x0, xs, ys, x1);
		out_puts("/>\n", fp);
	}
	out_puts("<polyline class=\"done\" fill=\"none\" stroke=\"#0072b2\" "
	    "stroke-width=\"3\"", fp);
	steps(fp, c->done, c->ndone, undated, x0, xs, ys,
	    d->as_of != DATE_NONE ? d->as_of : x1);
	out_puts("/>\n", fp);
	if (d->as_of != DATE_NONE) {
		x = BU_L + (double)(d->as_of - x0) * xs;
		line(fp, x, BU_T, x, BU_H - BU_B, "stroke=\"#d55e00\" "
		    "stroke-dasharray=\"2 3\"");
		text_at(fp, x, BU_T - 4, x > BU_W - 80 ? "end" : "middle",
		    NULL);
		fprintf(fp, "as of %s</text>\n", date_format(d->as_of, date));
	}
	/* The key, in words and line styles, not colour alone. */
	y = BU_H - 8;
	line(fp, BU_L, y - 4, BU_L + 24, y - 4, "stroke=\"#0072b2\" "
	    "stroke-width=\"3\"");
	text_at(fp, BU_L + 30, y, NULL, NULL);
	out_puts("mastered</text>", fp);
	line(fp, BU_L + 120, y - 4, BU_L + 144, y - 4, "stroke=\"#666666\" "
	    "stroke-width=\"2\" stroke-dasharray=\"6 4\"");
	text_at(fp, BU_L + 150, y, NULL, NULL);
	out_puts("pacing guide</text>\n</svg>\n", fp);
}
