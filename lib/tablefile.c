/*
 * tablefile.c - opening and closing a table by the name of its file, and
 * peeking at an input before deciding how to read it.
 */
#include "tablefile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The name an input goes by in messages. */
static const char *
display_name(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0 ? "(stdin)" : path;
}

/* Opens path into f->fp; 0, or -1 with err set. */
static int
open_file(struct tablefile *f, const char *path, struct pl_err *err)
{
	f->t = NULL;
	f->head = NULL;
	f->head_len = 0;
	if (path == NULL || strcmp(path, "-") == 0)
		f->fp = stdin;
	else if ((f->fp = fopen(path, "r")) == NULL) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

struct table *
tablefile_open(struct tablefile *f, const char *path,
    const struct table_opts *opts, struct pl_err *err)
{
	if (open_file(f, path, err) != 0)
		return NULL;
	return tablefile_table(f, path, opts, err);
}

int
tablefile_peek(struct tablefile *f, const char *path, struct pl_err *err)
{
	int c = EOF;

	if (open_file(f, path, err) != 0)
		return -2;
	f->head = xmalloc(TABLEFILE_PEEK_MAX);
	while (f->head_len < TABLEFILE_PEEK_MAX && (c = getc(f->fp)) != EOF) {
		f->head[f->head_len++] = (char)c;
		/* The three bytes of a byte order mark count as blank; the
		 * first byte of a broken one is content. */
		if (f->head_len <= 3 && memcmp(f->head, "\xEF\xBB\xBF",
		    f->head_len) == 0)
			continue;
		if (f->head_len <= 3 && (unsigned char)f->head[0] == 0xEF)
			return 0xEF;
		if (!util_blank(c))
			return (unsigned char)c;
	}
	if (ferror(f->fp)) {
		pl_err_set(err, display_name(path), 0, PL_EXIT_DATA,
		    "read error: %s", strerror(errno));
		tablefile_close(f);
		return -2;
	}
	/* An incomplete byte order mark was not one. */
	if (f->head_len > 0 && f->head_len < 3 &&
	    memcmp(f->head, "\xEF\xBB\xBF", f->head_len) == 0)
		return (unsigned char)f->head[0];
	return -1;
}

struct table *
tablefile_table(struct tablefile *f, const char *path,
    const struct table_opts *opts, struct pl_err *err)
{
	f->t = table_open_head(f->fp, f->head, f->head_len, path, opts, err);
	free(f->head);
	f->head = NULL;
	f->head_len = 0;
	if (f->t == NULL)
		tablefile_close(f);
	return f->t;
}

char *
tablefile_slurp(struct tablefile *f, const char *path, size_t max,
    size_t *len, struct pl_err *err)
{
	size_t n = f->head_len, cap, want, got;
	char *buf;

	/* Never read more than one byte past the limit. */
	cap = n + 65536 < max + 1 ? n + 65536 : max + 1;
	if (cap < n)
		cap = n;
	buf = xmalloc(cap + 1);
	if (n > 0)
		memcpy(buf, f->head, n);
	while (n <= max) {
		if (n == cap) {
			cap = cap <= (max + 1) / 2 ? cap * 2 : max + 1;
			buf = xrealloc(buf, cap + 1);
		}
		want = cap - n;
		got = fread(buf + n, 1, want, f->fp);
		n += got;
		if (got < want)
			break;
	}
	if (n > max) {
		pl_err_set(err, display_name(path), 0, PL_EXIT_DATA,
		    "longer than the limit of %zu bytes", max);
		free(buf);
		return NULL;
	}
	if (ferror(f->fp)) {
		pl_err_set(err, display_name(path), 0, PL_EXIT_DATA,
		    "read error: %s", strerror(errno));
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

void
tablefile_close(struct tablefile *f)
{
	if (f->t != NULL)
		table_close(f->t);
	if (f->fp != NULL && f->fp != stdin)
		fclose(f->fp);
	free(f->head);
	f->t = NULL;
	f->fp = NULL;
	f->head = NULL;
	f->head_len = 0;
}
