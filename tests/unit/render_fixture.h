/*
 * render_fixture.h - a small class shared by the render, html and svg
 * tests: 2 students x 3 objectives of one course, as of 2024-10-01.
 */
#ifndef PL_RENDER_FIXTURE_H
#define PL_RENDER_FIXTURE_H

#include <math.h>

#include "date.h"
#include "render.h"

static const char *const FIX_LEVELS[] = {
	"beginning", "developing", "proficient", "advanced"
};

static const struct render_student FIX_STUDENTS[] = {
	{ "s1", "Ana Lopez", "7A" },
	{ "s2", "Ben Okafor", "7A" },
};

static struct render_objective fix_objectives[3];
static struct render_cell fix_cells[6];
static struct render_pacing fix_pacing[2];
static struct render_item fix_items[2];
static struct render_member fix_groups[2];

/* Fills d with the class; call at the start of each test. */
static void
fix_class(struct render_data *d)
{
	static const struct render_cell none = { .level = NULL, .rank = -1,
	    .score = NAN, .mastered = 0, .mastered_on = DATE_NONE };
	size_t i;

	fix_objectives[0] = (struct render_objective){ "alg.1",
	    "Solve linear equations", "alg1", date_from_ymd(2024, 9, 16) };
	fix_objectives[1] = (struct render_objective){ "alg.2",
	    "Graph lines", "alg1", date_from_ymd(2024, 9, 30) };
	fix_objectives[2] = (struct render_objective){ "alg.3",
	    "Systems of equations", "alg1", date_from_ymd(2024, 10, 21) };
	for (i = 0; i < 6; i++)
		fix_cells[i] = none;
	fix_cells[0] = (struct render_cell){ .level = "proficient",
	    .rank = 2, .score = 0.8, .mastered = 1,
	    .mastered_on = date_from_ymd(2024, 9, 10) };
	fix_cells[1] = (struct render_cell){ .level = "advanced",
	    .rank = 3, .score = 0.95, .mastered = 1,
	    .mastered_on = date_from_ymd(2024, 9, 25) };
	fix_cells[2] = (struct render_cell){ .level = "developing",
	    .rank = 1, .score = 0.6, .mastered = 0,
	    .mastered_on = DATE_NONE };
	fix_cells[3] = (struct render_cell){ .level = "beginning",
	    .rank = 0, .score = 0.3, .mastered = 0,
	    .mastered_on = DATE_NONE };
	fix_pacing[0] = (struct render_pacing){ 0, "alg1", 3, 2, 2,
	    RENDER_ON_TRACK, 0, 0.6667, 0.25, date_from_ymd(2024, 10, 8),
	    DATE_NONE };
	fix_pacing[1] = (struct render_pacing){ 1, "alg1", 3, 0, 2,
	    RENDER_INTERVENE, -11, 0, 0.75, DATE_NONE, DATE_NONE };
	fix_items[0] = (struct render_item){ 0, 1, 2, "act9",
	    "Systems by graphing", "video", 20, "foundation", "ready",
	    date_from_ymd(2024, 10, 21),
	    "Next in the pacing guide; its prerequisites are mastered." };
	fix_items[1] = (struct render_item){ 1, 1, 0, "act1",
	    "One-step equations", "practice", 15, "practice", "ready",
	    date_from_ymd(2024, 9, 16), "Overdue since 2024-09-16." };
	fix_groups[0] = (struct render_member){ "g1", 1, 0, "Tue 10:00",
	    "Ms Lee", "Not yet started; most behind." };
	fix_groups[1] = (struct render_member){ "g1", 0, 0, "Tue 10:00",
	    "Ms Lee", "Peer support." };
	*d = (struct render_data){ NULL, date_from_ymd(2024, 10, 1),
	    FIX_STUDENTS, 2, fix_objectives, 3, fix_cells, FIX_LEVELS, 4,
	    fix_pacing, 2, fix_items, 2, fix_groups, 2 };
}

#endif
