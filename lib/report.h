/*
 * report.h - gathers the tables pl-report reads (mastery, pacing,
 * playlist, groups; roster and objectives to join names and titles) into
 * the plain model that render draws.
 *
 * What report_new returns belongs to the caller (report_free) and owns
 * every string it holds.  The render_data from report_data stays valid
 * until the next report_read or report_free.
 */
#ifndef PL_REPORT_H
#define PL_REPORT_H

#include "catalog.h"
#include "mastery.h"
#include "reject.h"
#include "render.h"
#include "table.h"

/* The tables pl-report knows. */
enum report_table {
	REPORT_DETECT,		/* tell from the columns */
	REPORT_MASTERY,
	REPORT_PACING,
	REPORT_PLAYLIST,
	REPORT_GROUPS
};

struct report;

/* objectives and roster may be NULL; they are copied.  scale gives the
 * order of the levels. */
struct report *report_new(const struct catalog_objectives *objectives,
    const struct catalog_roster *roster, const struct mastery_scale *scale,
    int date_flags, int decimal_comma);
void report_free(struct report *r);

/*
 * Reads table t as kind (REPORT_DETECT: mastery has level or mastered,
 * pacing has status and days_ahead, playlist has activity_id or reason
 * with seq, groups has group_id or session_id).  Bad rows go to rj.
 * Returns 0, or -1 with err set (status 2 for an unknown table or a
 * missing column, 1 for a read error or a bad row under --strict).
 */
int report_read(struct report *r, struct table *t, enum report_table kind,
    struct reject *rj, struct pl_err *err);

/* The model: students in roster order, then the others by id; objectives
 * in pacing-guide order, then the others by course and id. */
const struct render_data *report_data(struct report *r, int32_t as_of);

#endif
