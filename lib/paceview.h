/*
 * paceview.h - the pacing table of pl-progress: the courses of
 * --objectives, each with its schedule, and one pacing row per student and
 * course computed from the student's mastery results.
 *
 * Arguments are borrowed (the objectives, roster and calendar must outlive
 * the view).  What paceview_new returns belongs to the caller
 * (paceview_free).
 */
#ifndef PL_PACEVIEW_H
#define PL_PACEVIEW_H

#include "calendar.h"
#include "catalog.h"
#include "pacing.h"
#include "progress.h"
#include "table.h"

struct paceview;

/*
 * Builds a schedule per course_id of objectives (courses in id order; an
 * objective without course_id belongs to the course ""), from start and
 * end (DATE_NONE: from the due dates).  Returns NULL with err set.
 */
struct paceview *paceview_new(const struct catalog_objectives *objectives,
    const struct catalog_roster *roster, const struct calendar *cal,
    int32_t start, int32_t end, int32_t as_of,
    const struct pacing_options *opt, struct pl_err *err);
void paceview_free(struct paceview *v);

void paceview_write_header(const struct paceview *v, struct table_writer *w);
/* Writes the rows of one student (one per course). */
int paceview_write_student(struct paceview *v, struct table_writer *w,
    const struct progress_student *s, struct pl_err *err);

#endif
