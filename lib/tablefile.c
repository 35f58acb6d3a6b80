/*
 * tablefile.c - opening and closing a table by the name of its file.
 */
#include "tablefile.h"

#include <errno.h>
#include <string.h>

struct table *
tablefile_open(struct tablefile *f, const char *path,
    const struct table_opts *opts, struct pl_err *err)
{
	f->t = NULL;
	if (path == NULL || strcmp(path, "-") == 0)
		f->fp = stdin;
	else if ((f->fp = fopen(path, "r")) == NULL) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot open: %s",
		    strerror(errno));
		return NULL;
	}
	if ((f->t = table_open(f->fp, path, opts, err)) == NULL)
		tablefile_close(f);
	return f->t;
}

void
tablefile_close(struct tablefile *f)
{
	if (f->t != NULL)
		table_close(f->t);
	if (f->fp != NULL && f->fp != stdin)
		fclose(f->fp);
	f->t = NULL;
	f->fp = NULL;
}
