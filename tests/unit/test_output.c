#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "testutil.h"

/* A scratch folder for one test's files, and paths in it. */
static char dir[64];
static char path_buf[4][256];

static void
make_dir(void)
{
	test_scratch_dir(dir, sizeof dir, "output");
}

static void
remove_dir(void)
{
	test_remove_dir(dir);
}

/* dir/name, in one of four buffers (so that a test can hold four). */
static const char *
at(int i, const char *name)
{
	snprintf(path_buf[i], sizeof path_buf[i], "%s/%s", dir, name);
	return path_buf[i];
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The first line of the file at path, or "" when there is none. */
static const char *
line_of(const char *path)
{
	static char buf[256];
	FILE *fp = fopen(path, "r");

	buf[0] = '\0';
	if (fp != NULL) {
		if (fgets(buf, sizeof buf, fp) == NULL)
			buf[0] = '\0';
		fclose(fp);
	}
	return buf;
}

/* How many entries dir holds, . and .. aside. */
static int
entries(void)
{
	char cmd[128];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

static void
write_through(struct output *o, const char *text)
{
	cr_assert_not_null(o);
	fputs(text, output_file(o));
}

TestSuite(output, .init = make_dir, .fini = remove_dir);

Test(output, a_new_file_appears_only_on_commit)
{
	struct pl_err err;
	const char *p = at(0, "new.csv");
	struct output *o = output_open(p, 0600, &err);
	struct stat st;

	write_through(o, "a,b\n");
	cr_expect_neq(access(p, F_OK), 0, "no file before the commit");
	cr_assert_eq(output_commit(o, &err), 0, "%s", err.msg);
	cr_expect_str_eq(line_of(p), "a,b\n");
	cr_assert_eq(stat(p, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0600);
	cr_expect_eq(entries(), 1, "no temporary file left");
}

Test(output, abort_keeps_the_old_file_and_its_mode)
{
	struct pl_err err;
	const char *p = at(0, "old.csv");
	struct output *o;
	struct stat st;

	put(p, "last night\n");
	cr_assert_eq(chmod(p, 0640), 0);
	o = output_open(p, 0600, &err);
	write_through(o, "half a fil");
	output_abort(o);
	cr_expect_str_eq(line_of(p), "last night\n");
	cr_expect_eq(entries(), 1, "no temporary file left");
	o = output_open(p, 0600, &err);
	write_through(o, "tonight\n");
	cr_assert_eq(output_commit(o, &err), 0, "%s", err.msg);
	cr_expect_str_eq(line_of(p), "tonight\n");
	cr_assert_eq(stat(p, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0640, "a replaced file keeps its mode");
}

/* A link stays a link; the file it names is replaced, there or not. */
Test(output, a_link_stays_and_its_file_is_replaced)
{
	struct pl_err err;
	const char *real = at(0, "real.csv"), *link = at(1, "link.csv");
	struct output *o;
	struct stat st;

	put(real, "old\n");
	cr_assert_eq(symlink("real.csv", link), 0);
	o = output_open(link, 0600, &err);
	write_through(o, "new\n");
	cr_assert_eq(output_commit(o, &err), 0, "%s", err.msg);
	cr_assert_eq(lstat(link, &st), 0);
	cr_expect(S_ISLNK(st.st_mode), "link.csv is still a link");
	cr_expect_str_eq(line_of(real), "new\n");
	cr_expect_eq(entries(), 2);
}

/* A link to nothing yet, through another folder: the named file is made
 * atomically, with the mode asked for; a failed run leaves nothing. */
Test(output, a_dangling_link_is_written_atomically)
{
	struct pl_err err;
	const char *sub = at(0, "sub"), *link = at(1, "sub/out.csv");
	const char *target = at(2, "made.csv");
	struct output *o;
	struct stat st;

	cr_assert_eq(mkdir(sub, 0700), 0);
	cr_assert_eq(symlink("../made.csv", link), 0);
	o = output_open(link, 0600, &err);
	write_through(o, "half");
	cr_expect_neq(access(target, F_OK), 0, "nothing before the commit");
	output_abort(o);
	cr_expect_neq(access(target, F_OK), 0, "nothing after an abort");
	o = output_open(link, 0644, &err);
	write_through(o, "whole\n");
	cr_assert_eq(output_commit(o, &err), 0, "%s", err.msg);
	cr_expect_str_eq(line_of(target), "whole\n");
	cr_assert_eq(stat(target, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0644);
	cr_assert_eq(lstat(link, &st), 0);
	cr_expect(S_ISLNK(st.st_mode));
}

/* Files that stand or fall together: each prepared (synced, closed),
 * then all renamed, or all discarded. */
Test(output, prepared_files_are_renamed_or_discarded_together)
{
	struct pl_err err;
	const char *a = at(0, "a.csv"), *b = at(1, "b.csv");
	struct output *oa, *ob;

	put(a, "old a\n");
	put(b, "old b\n");
	oa = output_open(a, 0600, &err);
	ob = output_open(b, 0600, &err);
	write_through(oa, "new a\n");
	write_through(ob, "new b\n");
	cr_assert_eq(output_prepare(oa, &err), 0, "%s", err.msg);
	cr_assert_eq(output_prepare(ob, &err), 0, "%s", err.msg);
	cr_expect_str_eq(line_of(a), "old a\n", "nothing renamed yet");
	output_abort(oa);
	output_abort(ob);
	cr_expect_str_eq(line_of(a), "old a\n");
	cr_expect_str_eq(line_of(b), "old b\n");
	cr_expect_eq(entries(), 2, "no temporary file left");
	oa = output_open(a, 0600, &err);
	write_through(oa, "new a\n");
	cr_assert_eq(output_prepare(oa, &err), 0, "%s", err.msg);
	cr_assert_eq(output_commit(oa, &err), 0, "%s", err.msg);
	cr_expect_str_eq(line_of(a), "new a\n");
	cr_expect_eq(entries(), 2);
}

Test(output, a_loop_of_links_is_an_error)
{
	struct pl_err err;

	cr_assert_eq(symlink("b", at(0, "a")), 0);
	cr_assert_eq(symlink("a", at(1, "b")), 0);
	pl_err_clear(&err);
	cr_expect_null(output_open(at(0, "a"), 0600, &err));
	cr_expect(strstr(err.msg, "cannot write") != NULL, "%s", err.msg);
}

/* /dev/stdout redirected to a file: written through the descriptor, its
 * offset and O_APPEND kept, never a temporary file renamed over it. */
Test(output, our_own_stdout_is_written_through)
{
	struct pl_err err;
	const char *p = at(0, "log.txt");
	char self[64];
	int fd, saved;
	struct output *o;

	put(p, "first\n");
	fd = open(p, O_WRONLY | O_APPEND);
	cr_assert_geq(fd, 0);
	fflush(stdout);
	saved = dup(1);
	cr_assert_geq(saved, 0);
	cr_assert_eq(dup2(fd, 1), 1);
	close(fd);
	snprintf(self, sizeof self, "/proc/self/fd/1");
	o = output_open(self, 0600, &err);
	write_through(o, "second\n");
	cr_assert_eq(output_commit(o, &err), 0, "%s", err.msg);
	cr_assert_eq(dup2(saved, 1), 1);
	close(saved);
	{
		FILE *fp = fopen(p, "r");
		char all[64] = "";
		size_t n;

		cr_assert_not_null(fp);
		n = fread(all, 1, sizeof all - 1, fp);
		all[n] = '\0';
		fclose(fp);
		cr_expect_str_eq(all, "first\nsecond\n");
	}
	cr_expect_eq(entries(), 1, "no temporary file beside it");
}

Test(output, a_folder_that_cannot_take_a_file_is_an_error)
{
	struct pl_err err;

	pl_err_clear(&err);
	cr_expect_null(output_open(at(0, "no/such/folder/x.csv"), 0600,
	    &err));
	cr_expect(strstr(err.msg, "cannot write") != NULL, "%s", err.msg);
	cr_expect_neq(err.status, 0);
}

Test(output, a_write_error_is_reported_at_commit)
{
	struct pl_err err;
	struct output *o;

	if (access("/dev/full", W_OK) != 0)
		cr_skip_test("no /dev/full");
	o = output_open("/dev/full", 0600, &err);
	write_through(o, "more than the disk takes\n");
	pl_err_clear(&err);
	cr_expect_eq(output_commit(o, &err), -1);
	cr_expect(strstr(err.msg, "write error") != NULL, "%s", err.msg);
}
