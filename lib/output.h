/*
 * output.h - where a tool's output goes: standard output, or a file written
 * atomically (a temporary file in the same folder, fsync, rename), so that
 * a failed run never leaves a half file and never clobbers the last good
 * one.  Only a regular file or a new path is replaced that way; a device, a
 * FIFO or /dev/stdout is written straight through and never replaced.
 * Temporary files are removed on SIGINT, SIGTERM and SIGHUP.
 *
 * What output_open returns belongs to the caller and is released by
 * output_commit or output_abort (exactly one of them).
 */
#ifndef PL_OUTPUT_H
#define PL_OUTPUT_H

#include <stdio.h>
#include <sys/types.h>

#include "util.h"

struct output;

/*
 * Opens path for writing (NULL or "-": standard output).  mode is the
 * permission of a newly created file (for example 0600 or 0644).  Returns
 * NULL with err set when the folder cannot take a temporary file.
 */
struct output *output_open(const char *path, mode_t mode, struct pl_err *err);
FILE *output_file(struct output *o);
/* Flushes, checks for write errors, fsyncs and renames into place.
 * Returns 0, or -1 with err set ("write error: No space left on device");
 * on failure the temporary file is removed and the old file kept. */
int output_commit(struct output *o, struct pl_err *err);
/* The first half of output_commit, for several files that stand or fall
 * together: flushes, fsyncs and closes the temporary file, without the
 * rename.  Returns 0, or -1 with err set; then, or when another file of
 * the set fails, output_abort discards it.  output_commit renames. */
int output_prepare(struct output *o, struct pl_err *err);
/* Discards what was written (the temporary file), keeping the old file. */
void output_abort(struct output *o);

#endif
