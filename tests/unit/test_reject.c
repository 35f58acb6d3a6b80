#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reject.h"

/* Reads the file at path whole (to free). */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = xcalloc(4096, 1);

	cr_assert_not_null(fp);
	(void)fread(buf, 1, 4095, fp);
	fclose(fp);
	return buf;
}

Test(reject, cells_of_one_record_logged_once)
{
	static const char text[] = "student_id,Q1,Q2,Q3\nS1,x,y,3\nS2,4,z,5\n";
	char path[] = "/tmp/pl-reject-XXXXXX";
	struct pl_err err;
	FILE *in = fmemopen((void *)text, sizeof text - 1, "r");
	struct table *t = table_open(in, "w.csv", NULL, &err);
	struct reject *rj;
	char *log;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	close(fd);
	rj = reject_new(path, 0, &err);
	cr_assert_not_null(rj, "%s", err.msg);
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_eq(reject_cell(rj, t, "bad score", "Q1 bad", &err), 0);
	cr_expect_eq(reject_cell(rj, t, "bad score", "Q2 bad", &err), 0);
	reject_cells_done(rj, t);
	cr_assert_eq(table_next(t, &err), 1);
	reject_cells_done(rj, t);	/* nothing rejected: nothing logged */
	cr_expect_eq(reject_count(rj), 2);
	cr_assert_eq(reject_finish(rj, 1, &err), 0, "%s", err.msg);
	log = slurp(path);
	cr_expect_str_eq(log, "line,reason,student_id,Q1,Q2,Q3\n"
	    "2,Q1 bad; Q2 bad,S1,x,y,3\n");
	free(log);
	reject_free(rj);
	table_close(t);
	fclose(in);
	unlink(path);
}
