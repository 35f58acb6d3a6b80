/*
 * outset.c - one output or a set of partition files behind one writer.
 */
#include "outset.h"
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct outset {
	char *output, *prefix;
	size_t parts;
	unsigned mode;
	struct output **outs;
	size_t nouts;
	struct table_writer *w;
};

struct outset *
outset_new(const char *output, const char *prefix, size_t parts,
    unsigned mode)
{
	struct outset *o = xcalloc(1, sizeof *o);

	o->output = output ? xstrdup(output) : NULL;
	o->prefix = prefix ? xstrdup(prefix) : NULL;
	o->parts = parts;
	o->mode = mode;
	return o;
}

static void
release(struct outset *o)
{
	table_writer_free(o->w);
	free(o->outs);
	free(o->output);
	free(o->prefix);
	free(o);
}

void
outset_part_name(const struct outset *o, size_t i, char delim, char *buf,
    size_t size)
{
	int width = 1;
	size_t n;

	for (n = o->parts - 1; n >= 10; n /= 10)
		width++;
	char num[32];

	snprintf(num, sizeof num, "%0*zu", width > 20 ? 20 : width, i);
	snprintf(buf, size, "%.3000s%s.%s", o->prefix ? o->prefix : "", num,
	    delim == '\t' ? "tsv" : "csv");
}

struct table_writer *
outset_writer(struct outset *o, char delim, int flags, table_filter_fn filter,
    void *filter_arg, struct pl_err *err)
{
	size_t i, n = o->parts ? o->parts : 1;
	FILE **fps;

	if (o->w != NULL)
		return o->w;
	o->outs = xcalloc(n, sizeof *o->outs);
	for (i = 0; i < n; i++) {
		char name[4096];

		if (o->parts)
			outset_part_name(o, i, delim, name, sizeof name);
		o->outs[i] = output_open(o->parts ? name : o->output,
		    (mode_t)o->mode, err);
		if (o->outs[i] == NULL)
			return NULL;
		o->nouts++;
	}
	o->w = table_writer_new(output_file(o->outs[0]), delim, flags);
	if (filter != NULL)
		table_writer_filter(o->w, filter, filter_arg);
	if (o->parts) {
		fps = xcalloc(n, sizeof *fps);
		for (i = 0; i < n; i++)
			fps[i] = output_file(o->outs[i]);
		table_writer_route(o->w, fps, n, "student_id");
		free(fps);
	}
	return o->w;
}

int
outset_commit(struct outset *o, struct pl_err *err)
{
	size_t i;
	int rc = 0;

	/* Every file written, synced and closed before any is renamed, so
	 * that a failure there replaces none. */
	for (i = 0; i < o->nouts && rc == 0; i++)
		if (output_prepare(o->outs[i], err) != 0)
			rc = -1;
	for (i = 0; i < o->nouts; i++) {
		if (rc != 0) {
			output_abort(o->outs[i]);
			continue;
		}
		if (output_commit(o->outs[i], err) != 0)
			rc = -1;
	}
	release(o);
	return rc;
}

void
outset_abort(struct outset *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->nouts; i++)
		output_abort(o->outs[i]);
	release(o);
}
