#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "import.h"

/*
 * Imports the inputs texts[0..n) in turn into one output, as pl-import
 * does with several operands: generic evidence, or with kind >= 0 that
 * --table.  Returns the output (to free); *rc is the first failure's
 * status (0 when every input was read) and err its message.
 */
static char *
run_inputs(const char *const *texts, size_t n, int kind, int *rc,
    struct pl_err *err)
{
	struct import_stats st;
	struct import_opts o;
	char *buf = NULL, name[32];
	size_t len = 0, i;
	FILE *out = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(out, ',', 0);
	struct reject *rj = reject_new(NULL, 0, err);

	memset(&st, 0, sizeof st);
	memset(&o, 0, sizeof o);
	o.ev.fixed_date = DATE_NONE;
	*rc = 0;
	for (i = 0; i < n && *rc == 0; i++) {
		FILE *in = fmemopen((void *)texts[i], strlen(texts[i]), "r");
		struct table *t;

		snprintf(name, sizeof name, "in%zu.csv", i + 1);
		t = table_open(in, name, NULL, err);
		cr_assert_not_null(t, "%s", err->msg);
		*rc = kind >= 0 ? import_normalise(t, w, (enum import_table)kind,
		    NULL, &o.ev, i > 0, rj, &st, err) :
		    import_evidence(t, w, &o, i > 0, rj, &st, err);
		table_close(t);
		fclose(in);
	}
	table_writer_free(w);
	fclose(out);
	reject_free(rj);
	import_stats_free(&st);
	return buf;
}

Test(import, later_input_written_under_first_header)
{
	static const char *const in[] = {
		"student_id,objective_id,date,score,kind,comment\n"
		"S2,O1,2026-09-01,0.5,quiz,hello\n",
		"comment,student_id,objective_id,date,score,seq\n"
		"hi,S3,O1,2026-09-01,0.5,2\n",
	};
	const char *const in_ok[] = { in[0],
		"Comment,student_id,objective_id,date,score\n"
		"hi,S3,O1,2026-09-01,0.5\n",
	};
	struct pl_err err;
	int rc;
	char *out;

	/* seq is not in the first header: said, not lost. */
	out = run_inputs(in, 2, -1, &rc, &err);
	cr_expect_eq(rc, -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_str_eq(err.file, "in2.csv");
	cr_expect(strstr(err.msg, "\"seq\"") != NULL, "%s", err.msg);
	free(out);
	/* A column the later input lacks is empty; the others by name. */
	out = run_inputs(in_ok, 2, -1, &rc, &err);
	cr_expect_eq(rc, 0, "%s", err.msg);
	cr_expect_str_eq(out,
	    "student_id,objective_id,date,score,max_score,kind,comment\n"
	    "S2,O1,2026-09-01,0.5,1,quiz,hello\n"
	    "S3,O1,2026-09-01,0.5,1,,hi\n");
	free(out);
}

Test(import, later_table_written_under_first_header)
{
	static const char *const in[] = {
		"student_id,name,room\nS1,Ada,4\n",
		"room,student_id,section\n5,S2,P1\n",
		"Room,student_id\n5,S2\n",
	};
	const char *const in_ok[] = { in[0], in[2] };
	struct pl_err err;
	int rc;
	char *out;

	out = run_inputs(in, 2, IMPORT_ROSTER, &rc, &err);
	cr_expect_eq(rc, -1);
	cr_expect(strstr(err.msg, "\"section\"") != NULL, "%s", err.msg);
	free(out);
	out = run_inputs(in_ok, 2, IMPORT_ROSTER, &rc, &err);
	cr_expect_eq(rc, 0, "%s", err.msg);
	cr_expect_str_eq(out, "student_id,name,room\nS1,Ada,4\nS2,,5\n");
	free(out);
}

/*
 * Imports text as a --wide gradebook with o (the date 2026-11-25); returns
 * the output (to free).  st is filled (the caller frees it); *rejected
 * counts the rejected records, reject_new's strict as given.
 */
static char *
run_wide(const char *text, struct import_opts *o, int strict,
    struct import_stats *st, unsigned long *rejected)
{
	struct pl_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *out = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(out, ',', 0);
	struct reject *rj = reject_new(NULL, strict, &err);
	struct table *t = table_open(in, "w.csv", NULL, &err);

	cr_assert_not_null(t, "%s", err.msg);
	memset(st, 0, sizeof *st);
	o->wide = 1;
	o->ev.fixed_date = date_from_ymd(2026, 11, 25);
	cr_assert_eq(import_evidence(t, w, o, 0, rj, st, &err), 0, "%s",
	    err.msg);
	table_writer_free(w);
	fclose(out);
	*rejected = reject_count(rj);
	table_close(t);
	fclose(in);
	reject_free(rj);
	return buf;
}

Test(import, wide_skips_identity_columns)
{
	static const char text[] =
	    "student_id,E-mail,Username,ID,Quiz 1,Grade Level,Email Address,"
	    "user_name\nS1,a@b.org,ada,11,8,7,x,ada\n";
	struct import_stats st;
	struct import_opts o;
	unsigned long rejected;
	char *buf;

	memset(&o, 0, sizeof o);
	o.ev.max_score = 100;
	buf = run_wide(text, &o, 1, &st, &rejected);
	cr_expect_str_eq(buf, "student_id,objective_id,date,score,max_score,"
	    "item_id\nS1,Quiz 1,2026-11-25,8,100,Quiz 1\n");
	cr_assert_eq(st.nnotes, 1);
	cr_expect(strstr(st.notes[0], "6 columns") != NULL, "%s", st.notes[0]);
	free(buf);
	import_stats_free(&st);
}

Test(import, long_list_cell_kept_whole)
{
	struct pl_err err;
	const char *in[1];
	char *text, *out, *p;
	size_t len = 0, i, n = 0;
	FILE *fp = open_memstream(&text, &len);
	int rc;

	fputs("objective_id,prerequisites\nX,", fp);
	for (i = 0; i < 300; i++)
		fprintf(fp, "%sOBJ-%04zu-LONGNAME", i ? " ; " : "", i);
	fputs("\nY,;;\n", fp);
	fclose(fp);
	in[0] = text;
	out = run_inputs(in, 1, IMPORT_OBJECTIVES, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	for (p = out; (p = strstr(p, "OBJ-")) != NULL; p++)
		n++;
	cr_expect_eq(n, 300);
	cr_expect(strstr(out, "OBJ-0298-LONGNAME;OBJ-0299-LONGNAME\nY,\n") !=
	    NULL);
	free(out);
	free(text);
}

/* --points-row: the row of maxima, before the students, gives each item
 * its max_score (a cell that is no number gives none); one after a
 * student's row is rejected. */
Test(import, wide_points_row)
{
	static const char text[] =
	    "student_id,Quiz 1,Essay,Notes\n"
	    " points ,10,20,(read only)\n"
	    "S1,8,15,0.5\n"
	    "Points,5,5,5\n";
	struct import_stats st;
	struct import_opts o;
	unsigned long rejected;
	char *buf;

	memset(&o, 0, sizeof o);
	o.points_row = "Points";
	buf = run_wide(text, &o, 0, &st, &rejected);
	cr_expect_str_eq(buf, "student_id,objective_id,date,score,max_score,"
	    "item_id\n"
	    "S1,Quiz 1,2026-11-25,8,10,Quiz 1\n"
	    "S1,Essay,2026-11-25,15,20,Essay\n"
	    "S1,Notes,2026-11-25,0.5,1,Notes\n");
	cr_expect_eq(rejected, 1);
	free(buf);
	import_stats_free(&st);
}
