/*
 * reject.c - counting, logging and summarising rejected input rows.
 */
#include "reject.h"
#include "cli.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

#define MAX_KINDS 32
#define SHOW_LINES 5

struct kind {
	char name[64];
	char file[256];
	unsigned long count;
	size_t nshown;		/* distinct lines seen */
	long last;		/* the line rejected last */
	long lines[SHOW_LINES];
	int entries;		/* rejected by reject_entry: where, not lines */
	int cells;		/* rejected by reject_cell: cells, not rows */
	char where[SHOW_LINES][32];
};

struct reject {
	int strict;
	int flags;		/* the file's table writer flags */
	char *path;
	struct output *out;
	struct table_writer *w;
	struct table_writer *lane;	/* formats a record's text */
	char **cols;		/* columns of the first rejected table */
	size_t ncols;
	struct kind kinds[MAX_KINDS];
	size_t nkinds;
	unsigned long total;
	char *pending;		/* reasons of the current record's rejected
				 * cells, "; "-separated, not yet logged */
	size_t pending_len, pending_cap;
};

struct reject *
reject_new(const char *path, int strict, struct pl_err *err)
{
	struct reject *r = xcalloc(1, sizeof *r);

	r->strict = strict;
	if (path != NULL) {
		r->out = output_open(path, 0600, err);
		if (r->out == NULL) {
			free(r);
			return NULL;
		}
		r->path = xstrdup(path);
	}
	return r;
}

void
reject_set_flags(struct reject *r, int table_flags)
{
	r->flags = table_flags;
}

static struct kind *
find_kind(struct reject *r, const char *name, const char *file, int cells)
{
	size_t i;

	for (i = 0; i < r->nkinds; i++)
		if (strcmp(r->kinds[i].name, name) == 0 &&
		    strcmp(r->kinds[i].file, file) == 0 &&
		    r->kinds[i].cells == cells)
			return &r->kinds[i];
	if (r->nkinds == MAX_KINDS)
		return &r->kinds[MAX_KINDS - 1];
	snprintf(r->kinds[r->nkinds].name, sizeof r->kinds[0].name, "%s", name);
	snprintf(r->kinds[r->nkinds].file, sizeof r->kinds[0].file, "%s", file);
	r->kinds[r->nkinds].cells = cells;
	return &r->kinds[r->nkinds++];
}

/* Counts one more rejection of kind k at the current record of t, its
 * line shown once however many times it is rejected. */
static void
count_line(struct reject *r, struct kind *k, const struct table *t)
{
	if (k->nshown == 0 || k->last != table_line(t)) {
		if (k->nshown < SHOW_LINES)
			k->lines[k->nshown] = table_line(t);
		k->nshown++;
		k->last = table_line(t);
	}
	k->count++;
	r->total++;
}

/*
 * The log's header: file, line, reason, the columns of the first table
 * logged (none when the first was an entry), record.
 */
static void
log_header(struct reject *r, const struct table *t, char delim)
{
	size_t i;

	r->w = table_writer_new(output_file(r->out), delim, r->flags);
	r->lane = table_writer_lane(r->w);
	table_puts(r->w, "file");
	table_puts(r->w, "line");
	table_puts(r->w, "reason");
	r->ncols = t != NULL ? table_ncols(t) : 0;
	r->cols = xcalloc(r->ncols + 1, sizeof *r->cols);
	for (i = 0; i < r->ncols; i++) {
		r->cols[i] = xstrdup(table_colname(t, i));
		table_puts(r->w, r->cols[i]);
	}
	table_puts(r->w, "record");
	table_endrow(r->w);
}

/* Puts the fields of t's record as one text, a row of the log's own
 * delimiter without its line end, in the record column. */
static void
put_record_text(struct reject *r, const struct table *t)
{
	const char *s;
	size_t i, len, n = table_nfields(t);

	for (i = 0; i < n; i++) {
		s = table_field(t, i, &len);
		table_put(r->lane, s, len);
	}
	table_endrow(r->lane);
	s = table_writer_bytes(r->lane, &len);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	table_put(r->w, s, len);
	table_writer_clear(r->lane);
}

/*
 * Logs the current record of t: its file, line and reason, its fields
 * under the header's columns of the same name, and, when its columns are
 * not the header's (a record of another file) or it has more fields than
 * its header, the whole record as text too, so that nothing is lost or
 * stands under another column's name.
 */
static void
log_record(struct reject *r, struct table *t, const char *reason)
{
	size_t i, j, len, n = table_ncols(t);
	int same;
	const char *f;

	if (r->w == NULL)
		log_header(r, t, table_delim(t) == '\t' ? '\t' : ',');
	same = n == r->ncols;
	for (i = 0; i < n && same; i++)
		same = util_strcaseeq(table_colname(t, i), r->cols[i]);
	table_puts(r->w, table_name(t));
	table_put_int(r->w, table_line(t));
	table_puts(r->w, reason);
	for (j = 0; j < r->ncols; j++) {
		i = j;
		if (!same)
			for (i = 0; i < n; i++)
				if (util_strcaseeq(table_colname(t, i), r->cols[j]))
					break;
		if (i < n && i < table_nfields(t)) {
			f = table_field(t, i, &len);
			table_put(r->w, f, len);
		} else {
			table_put(r->w, "", 0);
		}
	}
	if (!same || table_nfields(t) > n)
		put_record_text(r, t);
	else
		table_put(r->w, "", 0);
	table_endrow(r->w);
}

int
reject_row(struct reject *r, struct table *t, const char *kind,
    const char *reason, struct pl_err *err)
{
	struct kind *k = find_kind(r, kind, table_name(t), 0);

	count_line(r, k, t);
	if (r->out != NULL)
		log_record(r, t, reason);
	if (r->strict) {
		pl_err_set(err, table_name(t), table_line(t), PL_EXIT_DATA,
		    "%s", reason);
		return -1;
	}
	return 0;
}

int
reject_entry(struct reject *r, const char *file, const char *where,
    const char *kind, const char *record, const char *reason,
    struct pl_err *err)
{
	struct kind *k = find_kind(r, kind, file, 0);

	k->entries = 1;
	if (k->nshown < SHOW_LINES)
		snprintf(k->where[k->nshown], sizeof k->where[0], "%s", where);
	k->nshown++;
	k->count++;
	r->total++;
	if (r->out != NULL) {
		size_t i;

		if (r->w == NULL)
			log_header(r, NULL, ',');
		table_puts(r->w, file);
		table_puts(r->w, where);
		table_puts(r->w, reason);
		for (i = 0; i < r->ncols; i++)
			table_puts(r->w, "");
		table_puts(r->w, record);
		table_endrow(r->w);
	}
	if (r->strict) {
		pl_err_set(err, file, 0, PL_EXIT_DATA, "%s: %s", where, reason);
		return -1;
	}
	return 0;
}

int
reject_cell(struct reject *r, struct table *t, const char *kind,
    const char *reason, struct pl_err *err)
{
	struct kind *k = find_kind(r, kind, table_name(t), 1);
	size_t n = strlen(reason);

	count_line(r, k, t);
	if (r->out != NULL) {
		r->pending = xgrow(r->pending, &r->pending_cap,
		    r->pending_len + n + 3, 1);
		if (r->pending_len > 0) {
			memcpy(r->pending + r->pending_len, "; ", 2);
			r->pending_len += 2;
		}
		memcpy(r->pending + r->pending_len, reason, n + 1);
		r->pending_len += n;
	}
	if (r->strict) {
		reject_cells_done(r, t);
		pl_err_set(err, table_name(t), table_line(t), PL_EXIT_DATA,
		    "%s", reason);
		return -1;
	}
	return 0;
}

void
reject_cells_done(struct reject *r, struct table *t)
{
	if (r->pending_len == 0)
		return;
	log_record(r, t, r->pending);
	r->pending_len = 0;
}

unsigned long
reject_count(const struct reject *r)
{
	return r->total;
}

int
reject_finish(struct reject *r, int quiet, struct pl_err *err)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < r->nkinds && !quiet; i++) {
		const struct kind *k = &r->kinds[i];
		char lines[192];
		size_t len = 0;

		for (j = 0; j < k->nshown && j < SHOW_LINES; j++)
			len += k->entries ?
			    (size_t)snprintf(lines + len, sizeof lines - len,
			    "%s%s", j ? ", " : "", k->where[j]) :
			    (size_t)snprintf(lines + len, sizeof lines - len,
			    "%s%ld", j ? ", " : "", k->lines[j]);
		if (k->cells)
			cli_warn("%s: skipped %lu cell%s, the rest of %s "
			    "kept: %s (line%s %s%s)", k->file, k->count,
			    k->count == 1 ? "" : "s", k->count == 1 ? "its row" :
			    k->nshown == 1 ? "their row" : "their rows",
			    k->name, k->nshown == 1 ? "" : "s", lines,
			    k->nshown > SHOW_LINES ? ", ..." : "");
		else if (k->entries)
			cli_warn("%s: skipped %lu entr%s: %s (%s%s)", k->file,
			    k->count, k->count == 1 ? "y" : "ies", k->name,
			    lines, k->nshown > SHOW_LINES ? ", ..." : "");
		else
			cli_warn("%s: skipped %lu row%s: %s (line%s %s%s)",
			    k->file, k->count, k->count == 1 ? "" : "s",
			    k->name, k->nshown == 1 ? "" : "s", lines,
			    k->nshown > SHOW_LINES ? ", ..." : "");
	}
	if (r->out != NULL) {
		struct output *out = r->out;

		/* Nothing rejected: the header alone says so. */
		if (r->w == NULL)
			log_header(r, NULL, ',');
		table_writer_flush(r->w);
		r->out = NULL;
		rc = output_commit(out, err);
	}
	return rc;
}

void
reject_free(struct reject *r)
{
	size_t i;

	if (r == NULL)
		return;
	/* The writers flush into the file: free them before it goes. */
	table_writer_free(r->w);
	table_writer_free(r->lane);
	if (r->out != NULL)
		output_abort(r->out);
	for (i = 0; i < r->ncols && r->cols != NULL; i++)
		free(r->cols[i]);
	free(r->cols);
	free(r->pending);
	free(r->path);
	free(r);
}
