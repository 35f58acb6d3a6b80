#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reject.h"
#include "testutil.h"

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
	log = test_slurp(path);
	cr_expect_str_eq(log, "file,line,reason,student_id,Q1,Q2,Q3,record\n"
	    "w.csv,2,Q1 bad; Q2 bad,S1,x,y,3,\n");
	free(log);
	reject_free(rj);
	table_close(t);
	fclose(in);
	unlink(path);
}

/* Records of files of other columns stand under the columns of their
 * names and whole in the record column; each names its file. */
Test(reject, records_of_other_files_keep_their_columns)
{
	static const char a[] = "id,score\nS1,x\n";
	static const char b[] = "Score,name,id\n7,Ada,S2\n";
	char path[] = "/tmp/pl-reject-XXXXXX";
	struct pl_err err;
	FILE *ina = fmemopen((void *)a, sizeof a - 1, "r");
	FILE *inb = fmemopen((void *)b, sizeof b - 1, "r");
	struct table *ta = table_open(ina, "a.csv", NULL, &err);
	struct table *tb = table_open(inb, "b.csv", NULL, &err);
	struct reject *rj;
	char *log;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	close(fd);
	rj = reject_new(path, 0, &err);
	cr_assert_not_null(rj, "%s", err.msg);
	cr_assert_eq(table_next(ta, &err), 1);
	cr_assert_eq(table_next(tb, &err), 1);
	cr_expect_eq(reject_row(rj, ta, "bad score", "bad a", &err), 0);
	cr_expect_eq(reject_row(rj, tb, "bad name", "bad b", &err), 0);
	cr_expect_eq(reject_entry(rj, "c.json", "CFItems[0]", "bad item",
	    "{}", "bad c", &err), 0);
	cr_assert_eq(reject_finish(rj, 1, &err), 0, "%s", err.msg);
	log = test_slurp(path);
	cr_expect_str_eq(log, "file,line,reason,id,score,record\n"
	    "a.csv,2,bad a,S1,x,\n"
	    "b.csv,2,bad b,S2,7,\"7,Ada,S2\"\n"
	    "c.json,CFItems[0],bad c,,,{}\n");
	free(log);
	reject_free(rj);
	table_close(ta);
	table_close(tb);
	fclose(ina);
	fclose(inb);
	unlink(path);
}
