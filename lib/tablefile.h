/*
 * tablefile.h - a table read from a named file or, for "-", from standard
 * input: the fopen, table_open, table_close and fclose that every reader of
 * operands repeats.  An input can also be peeked at first (is it JSON?) and
 * then read as a table or taken whole into memory.
 *
 * Arguments are borrowed.  A tablefile filled by tablefile_open or
 * tablefile_peek is released by tablefile_close.
 */
#ifndef PL_TABLEFILE_H
#define PL_TABLEFILE_H

#include <stdio.h>

#include "table.h"
#include "util.h"

/* How far tablefile_peek looks for a byte that is not blank. */
#define TABLEFILE_PEEK_MAX 4096

struct tablefile {
	FILE *fp;
	struct table *t;
	char *head;		/* bytes tablefile_peek read, not yet handed on */
	size_t head_len;
};

/*
 * Opens path ("-" or NULL: standard input, named "(stdin)") as a table.
 * Returns the table, or NULL with err set ("cannot open: ..." naming path,
 * status 1, or the table layer's error) and nothing left open.
 */
struct table *tablefile_open(struct tablefile *f, const char *path,
    const struct table_opts *opts, struct pl_err *err);

/*
 * Opens path (as tablefile_open does) and reads up to the first byte of
 * its content that is not blank, a UTF-8 byte order mark skipped.  Returns
 * that byte (0..255); -1 when the input ends first or the first
 * TABLEFILE_PEEK_MAX bytes are all blank; -2 with err set (status 1) and
 * nothing left open when path cannot be opened or read.  Nothing is lost:
 * tablefile_table and tablefile_slurp read the peeked bytes first.
 */
int tablefile_peek(struct tablefile *f, const char *path,
    struct pl_err *err);
/* After tablefile_peek: the input as a table.  Returns NULL with err set,
 * and f closed, as tablefile_open does. */
struct table *tablefile_table(struct tablefile *f, const char *path,
    const struct table_opts *opts, struct pl_err *err);
/*
 * After tablefile_peek: the whole input, peeked bytes included, in a
 * buffer that belongs to the caller (NUL-terminated; its length in *len).
 * Returns NULL with err set (status 1, naming path) on a read error or
 * when the input is longer than max bytes; f stays open either way.
 */
char *tablefile_slurp(struct tablefile *f, const char *path, size_t max,
    size_t *len, struct pl_err *err);

/* Closes the table and the file (never standard input). */
void tablefile_close(struct tablefile *f);

#endif
