/*
 * testutil.h - what several unit tests do with files: a scratch folder,
 * a file put in it, a file read whole.  Failures are Criterion assertions.
 */
#ifndef PL_TESTUTIL_H
#define PL_TESTUTIL_H

#include <stddef.h>

/* Makes a new folder /tmp/pl-TAG-XXXXXX; its path goes to dir. */
void test_scratch_dir(char *dir, size_t size, const char *tag);
/* Writes text to the file name in folder dir; its path goes to path. */
void test_put_file(const char *dir, const char *name, const char *text,
    char *path, size_t size);
/* The whole file at path, NUL-terminated (the caller frees it), or NULL
 * when it cannot be opened. */
char *test_slurp(const char *path);

#endif
