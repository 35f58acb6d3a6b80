/*
 * outset.h - where a tool's table goes: one output (standard output or a
 * file written atomically) or N partition files PREFIX<i>.csv chosen by a
 * stable hash of student_id, so that a district can run each shard on its
 * own machine.  Every file is written atomically; on failure none is
 * replaced: all are written, synced and closed before the first is
 * renamed (only a rename failing after another succeeded, which needs
 * the folder changed under the run, could leave some replaced).  An
 * optional row filter (lib/table.h) applies to all of them.
 *
 * What outset_new returns belongs to the caller, released by
 * outset_commit or outset_abort.
 */
#ifndef PL_OUTSET_H
#define PL_OUTSET_H

#include <stddef.h>

#include "table.h"

struct outset;

/* output: -o FILE or NULL for stdout; with parts > 0, prefix names the
 * partition files instead.  Nothing is opened yet. */
struct outset *outset_new(const char *output, const char *prefix,
    size_t parts, unsigned mode);
/*
 * Opens the files (on the first call) and returns the writer, which the
 * set owns.  delim decides the extension of partition files (.tsv for a
 * tab, else .csv).  Returns NULL with err set.
 */
struct table_writer *outset_writer(struct outset *o, char delim, int flags,
    table_filter_fn filter, void *filter_arg, struct pl_err *err);
/* The name of partition i into buf (size bytes). */
void outset_part_name(const struct outset *o, size_t i, char delim,
    char *buf, size_t size);
int outset_commit(struct outset *o, struct pl_err *err);
void outset_abort(struct outset *o);

#endif
