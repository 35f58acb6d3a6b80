/*
 * tablefile.h - a table read from a named file or, for "-", from standard
 * input: the fopen, table_open, table_close and fclose that every reader of
 * operands repeats.
 *
 * Arguments are borrowed.  A tablefile filled by tablefile_open is released
 * by tablefile_close.
 */
#ifndef PL_TABLEFILE_H
#define PL_TABLEFILE_H

#include <stdio.h>

#include "table.h"
#include "util.h"

struct tablefile {
	FILE *fp;
	struct table *t;
};

/*
 * Opens path ("-" or NULL: standard input, named "(stdin)") as a table.
 * Returns the table, or NULL with err set ("cannot open: ..." naming path,
 * status 1, or the table layer's error) and nothing left open.
 */
struct table *tablefile_open(struct tablefile *f, const char *path,
    const struct table_opts *opts, struct pl_err *err);
/* Closes the table and the file (never standard input). */
void tablefile_close(struct tablefile *f);

#endif
