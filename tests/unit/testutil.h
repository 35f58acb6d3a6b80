/*
 * testutil.h - what several unit tests do with files (a scratch folder, a
 * file put in it, a temporary file, a file read whole) and with the
 * messages a run tells.  Failures are Criterion assertions.
 */
#ifndef PL_TESTUTIL_H
#define PL_TESTUTIL_H

#include <stddef.h>

/* Makes a new folder /tmp/pl-TAG-XXXXXX; its path goes to dir. */
void test_scratch_dir(char *dir, size_t size, const char *tag);
/* Removes the folder dir and what it holds. */
void test_remove_dir(const char *dir);
/* Writes text to the file name in folder dir; its path goes to path. */
void test_put_file(const char *dir, const char *name, const char *text,
    char *path, size_t size);
/* Writes text to a new file /tmp/pl-TAG-XXXXXX; returns its path (the
 * caller unlinks and frees it). */
char *test_temp_file(const char *tag, const char *text);
/*
 * The warnings or messages a run told, one a line: test_collect is the
 * callback (its arg a struct test_told) that tools' options take.
 */
struct test_told {
	char text[1024];
};
void test_collect(void *arg, const char *msg);
/* The whole file at path, NUL-terminated (the caller frees it), or NULL
 * when it cannot be opened. */
char *test_slurp(const char *path);
/* A table_writer_filter that keeps every cell as it is: a writer with it
 * takes rows cell by cell, never in one piece. */
int test_keep_cell(void *arg, unsigned long row, size_t col, const char **s,
    size_t *n);

#endif
