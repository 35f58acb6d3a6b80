#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outset.h"
#include "testutil.h"
#include "table.h"

/* A scratch folder for one test's files. */
static char dir[64];

static void
make_dir(void)
{
	snprintf(dir, sizeof dir, "/tmp/pl-outset-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void
remove_dir(void)
{
	test_remove_dir(dir);
}

TestSuite(outset, .init = make_dir, .fini = remove_dir);

static void
put_file(const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The whole file dir/name (the caller frees it), or NULL. */
static char *
slurp(const char *name)
{
	char path[512];
	FILE *fp;
	char *buf;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return buf;
}

/* Entries in the folder (temporary files included). */
static size_t
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void
row3(struct table_writer *w, const char *a, const char *b, const char *c)
{
	const char *f[3] = { a, b, c };

	table_put_row(w, f, 3);
}

/* The prefix of the partition files in the folder. */
static const char *
prefix(void)
{
	static char buf[128];

	snprintf(buf, sizeof buf, "%s/part-", dir);
	return buf;
}

Test(outset, one_output_is_replaced_only_on_commit)
{
	char path[512], *text;
	struct outset *o;
	struct table_writer *w;
	struct pl_err err;
	struct stat st;

	put_file("out.csv", "old\n");
	snprintf(path, sizeof path, "%s/out.csv", dir);
	o = outset_new(path, NULL, 0, 0600);
	w = outset_writer(o, ',', 0, NULL, NULL, &err);
	cr_assert_not_null(w, "%s", err.msg);
	cr_assert_eq(outset_writer(o, ',', 0, NULL, NULL, &err), w);
	row3(w, "student_id", "objective_id", "score");
	row3(w, "s1", "a", "1");
	table_writer_flush(w);
	text = slurp("out.csv");
	cr_assert_str_eq(text, "old\n");
	free(text);
	cr_assert_eq(outset_commit(o, &err), 0, "%s", err.msg);
	text = slurp("out.csv");
	cr_assert_str_eq(text, "student_id,objective_id,score\ns1,a,1\n");
	free(text);
	cr_assert_eq(entries(), 1, "a temporary file stayed");

	/* A new file gets the mode asked for. */
	snprintf(path, sizeof path, "%s/new.csv", dir);
	o = outset_new(path, NULL, 0, 0640);
	w = outset_writer(o, ',', 0, NULL, NULL, &err);
	cr_assert_not_null(w, "%s", err.msg);
	row3(w, "student_id", "objective_id", "score");
	cr_assert_eq(outset_commit(o, &err), 0, "%s", err.msg);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0640, "mode %o", st.st_mode & 07777);
}

Test(outset, part_names_are_padded_and_take_the_extension)
{
	struct outset *o = outset_new(NULL, "out/p-", 3, 0644);
	char name[64];

	outset_part_name(o, 0, ',', name, sizeof name);
	cr_assert_str_eq(name, "out/p-0.csv");
	outset_part_name(o, 2, '\t', name, sizeof name);
	cr_assert_str_eq(name, "out/p-2.tsv");
	outset_part_name(o, 1, ';', name, sizeof name);
	cr_assert_str_eq(name, "out/p-1.csv");
	outset_abort(o);

	/* 12 files: two digits, so that they sort. */
	o = outset_new(NULL, "p", 12, 0644);
	outset_part_name(o, 0, ',', name, sizeof name);
	cr_assert_str_eq(name, "p00.csv");
	outset_part_name(o, 11, ',', name, sizeof name);
	cr_assert_str_eq(name, "p11.csv");
	outset_abort(o);

	o = outset_new(NULL, "p", 10, 0644);
	outset_part_name(o, 9, ',', name, sizeof name);
	cr_assert_str_eq(name, "p9.csv");
	outset_abort(o);
	o = outset_new(NULL, "p", 101, 0644);
	outset_part_name(o, 7, ',', name, sizeof name);
	cr_assert_str_eq(name, "p007.csv");
	outset_abort(o);
}

/* FNV-1a, 64 bits, as pl-import(1) documents the partition hash. */
static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Writes students ids[0..n) two rows each (in the order given, each
 * student's rows apart) into parts files, committed. */
static void
write_parts(const char *const *ids, size_t n, size_t parts, char delim)
{
	struct outset *o = outset_new(NULL, prefix(), parts, 0644);
	struct table_writer *w;
	struct pl_err err;
	size_t i, k;

	w = outset_writer(o, delim, 0, NULL, NULL, &err);
	cr_assert_not_null(w, "%s", err.msg);
	row3(w, "objective_id", "Student_ID", "score");
	for (k = 0; k < 2; k++)
		for (i = 0; i < n; i++)
			row3(w, k ? "b" : "a", ids[i], "1");
	cr_assert_eq(outset_commit(o, &err), 0, "%s", err.msg);
}

/* The number of the file that holds the rows of student id, checking
 * that no other file holds any. */
static long
file_of(const char *id, size_t parts, char delim)
{
	char pat[32], name[32];
	long found = -1;
	size_t i;

	snprintf(pat, sizeof pat, "%c%s%c", delim, id, delim);
	for (i = 0; i < parts; i++) {
		char *text;
		const char *p;
		int rows = 0;

		snprintf(name, sizeof name, "part-%zu.%s", i,
		    delim == '\t' ? "tsv" : "csv");
		text = slurp(name);
		cr_assert_not_null(text, "no %s", name);
		cr_assert_eq(strncmp(text, "objective_id", 12), 0,
		    "%s has no header: %s", name, text);
		for (p = text; (p = strstr(p, pat)) != NULL; p++)
			rows++;
		if (rows) {
			cr_assert_eq(found, -1, "%s in two files", id);
			cr_assert_eq(rows, 2, "%s: %d rows in %s", id, rows,
			    name);
			found = (long)i;
		}
		free(text);
	}
	cr_assert_neq(found, -1, "%s in no file", id);
	return found;
}

static const char *const IDS[] = {
	"s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09",
	"s10", "s11", "s12", "Ana", "Bo", "x-9", "10042",
};
#define NIDS (sizeof IDS / sizeof IDS[0])

Test(outset, each_student_in_the_file_of_its_hash)
{
	size_t i, used[4] = { 0, 0, 0, 0 };

	write_parts(IDS, NIDS, 4, ',');
	for (i = 0; i < NIDS; i++) {
		long f = file_of(IDS[i], 4, ',');

		cr_assert_eq(f, (long)(fnv1a(IDS[i]) % 4), "%s", IDS[i]);
		used[f]++;
	}
	for (i = 0; i < 4; i++)
		cr_assert_gt(used[i], 0, "file %zu is empty", i);
}

/* Another run, other students, another order, tab-separated: a student's
 * file does not move. */
Test(outset, the_same_student_always_in_the_same_file)
{
	const char *some[NIDS / 2];
	long before[NIDS];
	size_t i;

	write_parts(IDS, NIDS, 4, ',');
	for (i = 0; i < NIDS; i++)
		before[i] = file_of(IDS[i], 4, ',');
	for (i = 0; i < NIDS / 2; i++)
		some[i] = IDS[NIDS - 1 - 2 * i];
	write_parts(some, NIDS / 2, 4, '\t');
	for (i = 0; i < NIDS / 2; i++)
		cr_assert_eq(file_of(IDS[NIDS - 1 - 2 * i], 4, '\t'),
		    before[NIDS - 1 - 2 * i], "%s moved", IDS[NIDS - 1 - 2 * i]);
}

Test(outset, abort_replaces_none)
{
	struct outset *o = outset_new(NULL, prefix(), 3, 0644);
	struct table_writer *w;
	struct pl_err err;
	size_t i;

	put_file("part-0.csv", "old0\n");
	put_file("part-2.csv", "old2\n");
	w = outset_writer(o, ',', 0, NULL, NULL, &err);
	cr_assert_not_null(w, "%s", err.msg);
	cr_assert_eq(entries(), 5, "three temporary files beside the two");
	row3(w, "student_id", "objective_id", "score");
	for (i = 0; i < NIDS; i++)
		row3(w, IDS[i], "a", "1");
	table_writer_flush(w);
	outset_abort(o);
	cr_assert_eq(entries(), 2);
	{
		char *a = slurp("part-0.csv"), *b = slurp("part-2.csv");

		cr_assert_str_eq(a, "old0\n");
		cr_assert_str_eq(b, "old2\n");
		cr_assert_null(slurp("part-1.csv"));
		free(a);
		free(b);
	}
}

/* A file that cannot be opened: no writer, an error naming it, and
 * nothing left behind. */
Test(outset, a_part_that_cannot_be_opened)
{
	char bad[128], *text;
	struct outset *o;
	struct pl_err err;

	snprintf(bad, sizeof bad, "%s/none/p-", dir);
	o = outset_new(NULL, bad, 2, 0644);
	memset(&err, 0, sizeof err);
	cr_assert_null(outset_writer(o, ',', 0, NULL, NULL, &err));
	cr_assert_eq(err.status, PL_EXIT_DATA);
	cr_assert_not_null(strstr(err.file, "none/p-0.csv"), "%s", err.file);
	cr_assert_not_null(strstr(err.msg, "cannot write"), "%s", err.msg);
	outset_abort(o);

	/* The second part fails: the first one's temporary file goes. */
	put_file("keep.csv", "old\n");
	cr_assert_eq(mkdir(strcat(strcpy(bad, dir), "/part-1.csv"), 0755), 0);
	o = outset_new(NULL, prefix(), 2, 0644);
	cr_assert_null(outset_writer(o, ',', 0, NULL, NULL, &err));
	cr_assert_not_null(strstr(err.file, "part-1.csv"), "%s", err.file);
	outset_abort(o);
	rmdir(bad);
	cr_assert_eq(entries(), 1);
	text = slurp("keep.csv");
	cr_assert_str_eq(text, "old\n");
	free(text);
}

/* Leaves out column 1 and upper-cases the rest (the header too); counts
 * the fields of rows after the header it sees. */
static int
drop_and_shout(void *arg, unsigned long row, size_t col, const char **s,
    size_t *n)
{
	static char buf[64];
	size_t i;

	if (row > 0)
		++*(int *)arg;
	if (col == 1)
		return 1;
	for (i = 0; i < *n && i < sizeof buf; i++)
		buf[i] = (char)toupper((unsigned char)(*s)[i]);
	*s = buf;
	*n = i;
	return 0;
}

Test(outset, the_filter_applies_to_every_file)
{
	struct outset *o = outset_new(NULL, prefix(), 3, 0644);
	struct table_writer *w;
	struct pl_err err;
	int calls = 0;
	size_t i, rows = 0;

	w = outset_writer(o, ',', 0, drop_and_shout, &calls, &err);
	cr_assert_not_null(w, "%s", err.msg);
	row3(w, "student_id", "secret", "score");
	for (i = 0; i < NIDS; i++)
		row3(w, IDS[i], "hidden", "ok");
	cr_assert_eq(outset_commit(o, &err), 0, "%s", err.msg);
	/* Each field of each row once (the header is filtered per file). */
	cr_assert_eq(calls, 3 * (int)NIDS, "%d calls", calls);
	for (i = 0; i < 3; i++) {
		char name[32], *text;
		const char *p;

		snprintf(name, sizeof name, "part-%zu.csv", i);
		text = slurp(name);
		cr_assert_not_null(text);
		cr_assert_eq(strncmp(text, "STUDENT_ID,SCORE\n", 17), 0, "%s",
		    text);
		cr_assert_null(strstr(text, "HIDDEN"), "%s", text);
		for (p = strchr(text, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
			cr_assert_eq(strncmp(strchr(p, ','), ",OK\n", 4), 0,
			    "%s", text);
			rows++;
		}
		free(text);
	}
	cr_assert_eq(rows, NIDS);
}
