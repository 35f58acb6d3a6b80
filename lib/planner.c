/*
 * planner.c - the run of pl-plan: catalogs and tables in, the playlist or
 * groups table out.
 */
#include "planner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "output.h"
#include "table.h"
#include "tablefile.h"

struct planner {
	struct planner_opts o;
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_activities acts;
	struct plan *p;
	struct output *out;
	struct table_writer *w;
	char delim;		/* that of the first mastery table */
};

typedef int (*reader_fn)(struct plan *, struct table *, struct reject *,
    struct pl_err *);

/* Passes a warning to the caller's callback, if any. */
static void
warn(const struct planner *pl, const char *msg)
{
	if (pl->o.warn != NULL)
		pl->o.warn(pl->o.warn_arg, msg);
}

struct planner *
planner_new(const struct planner_opts *o, struct pl_err *err)
{
	struct planner *pl = xcalloc(1, sizeof *pl);
	size_t n;
	char msg[512];

	/* The tables named by options take their delimiter from their own
	 * header, as in pl-progress and pl-report: o->delim (-d, --csv,
	 * --tsv) is the mastery input's. */
	pl->o = *o;
	if (catalog_load_objectives(o->objectives, NULL, o->p.date_flags,
	    &pl->objs, err) != 0 ||
	    (o->roster && catalog_load_roster(o->roster, NULL,
	    o->p.date_flags, &pl->roster, err) != 0) ||
	    (o->activities && catalog_load_activities(o->activities, NULL,
	    &pl->acts, err) != 0) ||
	    (pl->p = plan_new(&pl->o.p, &pl->objs, &pl->roster, &pl->acts,
	    err)) == NULL) {
		planner_free(pl);
		return NULL;
	}
	if ((n = plan_unknown_activities(pl->p)) > 0) {
		snprintf(msg, sizeof msg, "%zu activit%s for objectives not in "
		    "%s, left out", n, n == 1 ? "y" : "ies", pl->objs.name);
		warn(pl, msg);
	}
	return pl;
}

void
planner_free(struct planner *pl)
{
	if (pl == NULL)
		return;
	/* The writer flushes into the file: free it before the file goes. */
	table_writer_free(pl->w);
	if (pl->out != NULL)
		output_abort(pl->out);
	plan_free(pl->p);
	catalog_free_objectives(&pl->objs);
	catalog_free_roster(&pl->roster);
	catalog_free_activities(&pl->acts);
	free(pl);
}

/* Opens path and feeds it to fn (NULL: it is the sessions table).  keep
 * is set for the mastery input: it is read with -d's delimiter, and the
 * first table gives the planner its output delimiter; the others detect
 * their own. */
static int
read_file(struct planner *pl, const char *path, reader_fn fn, int keep,
    struct reject *rj, struct pl_err *err)
{
	struct table_opts topts = { keep ? pl->o.delim : 0, 0 };
	struct tablefile tf;
	struct table *t;
	int rc;

	if ((t = tablefile_open(&tf, path, &topts, err)) == NULL)
		return -1;
	if (keep && pl->delim == 0)
		pl->delim = table_delim(t);
	rc = fn == NULL ? plan_read_sessions(pl->p, t, err) :
	    fn(pl->p, t, rj, err);
	tablefile_close(&tf);
	return rc;
}

int
planner_read(struct planner *pl, const char *const *paths, size_t n,
    struct reject *rj, struct pl_err *err)
{
	const struct planner_opts *o = &pl->o;
	size_t i;

	if (n == 0 && read_file(pl, "-", plan_read_mastery, 1, rj, err) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (read_file(pl, paths[i], plan_read_mastery, 1, rj, err) != 0)
			return -1;
	if ((o->pacing && read_file(pl, o->pacing, plan_read_pacing, 0, rj,
	    err) != 0) ||
	    (o->sessions && read_file(pl, o->sessions, NULL, 0, rj,
	    err) != 0) ||
	    (o->requests && read_file(pl, o->requests, plan_read_requests, 0,
	    rj, err) != 0) ||
	    (o->assign && read_file(pl, o->assign, plan_read_assign, 0, rj,
	    err) != 0))
		return -1;
	return 0;
}

int
planner_write(struct planner *pl, struct pl_err *err)
{
	size_t conflicts = 0;
	char msg[256];

	if ((pl->out = output_open(pl->o.output, pl->o.mode, err)) == NULL)
		return -1;
	pl->w = table_writer_new(output_file(pl->out), pl->o.out_format ?
	    (char)pl->o.out_format : pl->delim == '\t' ? '\t' : ',',
	    TABLE_HOLD | (pl->o.spreadsheet ? TABLE_SPREADSHEET : 0));
	if (plan_write(pl->p, pl->w, &conflicts, err) != 0)
		return -1;
	if (conflicts > 0) {
		snprintf(msg, sizeof msg, "%zu teacher assignment%s could not "
		    "be placed (see the rows with an empty group_id)",
		    conflicts, conflicts == 1 ? "" : "s");
		warn(pl, msg);
	}
	return 0;
}

int
planner_commit(struct planner *pl, struct pl_err *err)
{
	int rc;

	table_writer_free(pl->w);
	pl->w = NULL;
	rc = output_commit(pl->out, err);
	pl->out = NULL;
	return rc;
}
