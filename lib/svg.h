/*
 * svg.h - the charts of the HTML reports, drawn as inline SVG: the class
 * heat map, the pacing chart, and a student's course bar and burn-up.
 *
 * Arguments are borrowed; output goes to the caller's FILE *.  Every text
 * is escaped; every number is written with num_format, so the output does
 * not depend on the locale, and it holds no date but the data's own and
 * as_of, so the same data always gives the same bytes.  Every chart has
 * role="img", a <title> and a <desc>, and shows values as text beside
 * colour.
 */
#ifndef PL_SVG_H
#define PL_SVG_H

#include <stdio.h>

#include "render.h"

/*
 * Heat map of the selected students x selected objectives: one
 * <rect class="cell"> per pair, coloured by level on a viridis-like ramp
 * (grey for no evidence), with the level's letter on it and a <title>
 * tooltip naming the student, the objective and its title, the level and
 * the score.
 */
void svg_heatmap(FILE *fp, const struct render_data *d,
    const struct render_opts *opts);

/* One bar per pacing row: mastered against total, the expected count
 * marked with a line, the status written beside it. */
void svg_pacing(FILE *fp, const struct render_data *d,
    const struct render_pacing *const *rows, size_t n);

/* A course's progress bar: mastered of total, expected marked. */
void svg_course_bar(FILE *fp, const struct render_data *d, size_t student,
    const struct render_course *c);

/* Burn-up: objectives mastered over time (a step line) against the
 * pacing guide (cumulative due dates), as_of marked, dates on the x axis. */
void svg_burnup(FILE *fp, const struct render_data *d, size_t student,
    const struct render_course *c);

/*
 * Fill and ink colours ("#rrggbb") of level rank r of n (r -1 or no level:
 * grey); the ink is black or white, whichever contrasts more.
 */
void svg_level_colour(int r, size_t n, char fill[8], char ink[8]);

/* Okabe-Ito colour of a pacing status. */
const char *svg_status_colour(enum render_status s);

#endif
