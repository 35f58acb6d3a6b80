/*
 * html.h - the reports as one self-contained HTML file: inline CSS (with a
 * print style) and SVG charts, no script, nothing fetched, system fonts
 * only, lang and <title> set, tables with <th scope>, colour always beside
 * text, every value escaped.
 *
 * Arguments are borrowed; output goes to the caller's FILE *, whose
 * errors the caller checks.
 */
#ifndef PL_HTML_H
#define PL_HTML_H

#include <stdio.h>

#include "render.h"

/* Writes s escaped for HTML text and attribute values (& < > " '); control
 * characters other than tab and newline, and bytes that are not UTF-8,
 * become U+FFFD. */
void html_escape(FILE *fp, const char *s);

/* A whole page holding report k. */
void html_report(FILE *fp, const struct render_data *d, enum render_kind k,
    const struct render_opts *opts);

/* A whole page holding one student's report. */
void html_student_page(FILE *fp, const struct render_data *d, size_t student,
    const struct render_opts *opts);

/* The index of a --split folder: a page linking each selected student i
 * to files[i] (a name relative to the folder; NULL: no link). */
void html_index(FILE *fp, const struct render_data *d,
    const struct render_opts *opts, const char *const *files);

#endif
