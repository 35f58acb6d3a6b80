/*
 * testutil.c - file helpers shared by the unit tests (testutil.h).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

void
test_scratch_dir(char *dir, size_t size, const char *tag)
{
	snprintf(dir, size, "/tmp/pl-%s-XXXXXX", tag);
	cr_assert_not_null(mkdtemp(dir), "mkdtemp %s", dir);
}

void
test_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (unlink(path) != 0)
			test_remove_dir(path);	/* a folder */
	}
	closedir(d);
	rmdir(dir);
}

void
test_put_file(const char *dir, const char *name, const char *text,
    char *path, size_t size)
{
	FILE *fp;

	snprintf(path, size, "%s/%s", dir, name);
	fp = fopen(path, "w");
	cr_assert_not_null(fp, "%s", path);
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0, "%s", path);
}

char *
test_temp_file(const char *tag, const char *text)
{
	char *path = malloc(strlen(tag) + 32);
	int fd;
	size_t n = strlen(text);

	cr_assert_not_null(path);
	sprintf(path, "/tmp/pl-%s-XXXXXX", tag);
	fd = mkstemp(path);
	cr_assert_geq(fd, 0, "mkstemp %s", path);
	cr_assert_eq(write(fd, text, n), (ssize_t)n, "%s", path);
	cr_assert_eq(close(fd), 0, "%s", path);
	return path;
}

void
test_collect(void *arg, const char *msg)
{
	struct test_told *t = arg;

	strncat(t->text, msg, sizeof t->text - strlen(t->text) - 2);
	strcat(t->text, "\n");
}

char *
test_slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap);
			cr_assert_not_null(buf);
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
	} while (n > 0);
	fclose(fp);
	buf[len] = '\0';
	return buf;
}

int
test_keep_cell(void *arg, unsigned long row, size_t col, const char **s,
    size_t *n)
{
	(void)arg;
	(void)row;
	(void)col;
	(void)s;
	(void)n;
	return 0;
}
