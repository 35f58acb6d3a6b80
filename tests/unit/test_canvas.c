#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "date.h"

enum { GRADEBOOK, ROSTER, MASTERY, OUTCOMES };

/* Runs one reader over text; returns the output (to free) and fills st. */
static char *
run(int which, const char *text, const struct canvas_opts *o,
    struct import_stats *st, int *rc)
{
	struct pl_err err;
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct table *t;
	struct table_writer *w;
	struct reject *rj = reject_new(NULL, 0, &err);

	cr_assert_not_null(in);
	cr_assert_not_null(out);
	memset(st, 0, sizeof *st);
	t = table_open(in, "mem.csv", NULL, &err);
	cr_assert_not_null(t, "%s", err.msg);
	w = table_writer_new(out, ',', 0);
	switch (which) {
	case GRADEBOOK:
	case ROSTER:
		if (which == ROSTER) {
			struct canvas_roster *r = canvas_roster_new();

			*rc = canvas_gradebook(t, w, o, r, 0, rj, st, &err);
			canvas_roster_write(r, w, st);
			canvas_roster_free(r);
		} else {
			*rc = canvas_gradebook(t, w, o, NULL, 0, rj, st, &err);
		}
		break;
	case MASTERY:
		*rc = canvas_mastery(t, w, o, 0, rj, st, &err);
		break;
	default:
		*rc = canvas_outcomes(t, w, 0, rj, st, &err);
		break;
	}
	table_writer_free(w);
	table_close(t);
	fclose(in);
	fclose(out);
	reject_free(rj);
	return buf;
}

static void
opts(struct canvas_opts *o)
{
	memset(o, 0, sizeof *o);
	o->ev.fixed_date = date_from_ymd(2026, 9, 30);
	o->points_possible = 4;
}

Test(canvas, rules)
{
	static const struct {
		const char *method;
		long n;
		const char *want;	/* NULL: rejected */
	} cases[] = {
		{ "decaying_average", 0, "weighted:0.65" },
		{ "decaying_average", 40, "weighted:0.4" },
		{ "weighted_average", 99, "weighted:0.99" },
		{ "standard_decaying_average", 75, "decaying:0.75" },
		{ "standard_decaying_average", 49, NULL },
		{ "n_mastery", 0, "n-times:5" },
		{ "n_mastery", 10, "n-times:10" },
		{ "n_mastery", 11, NULL },
		{ "highest", 0, "highest" },
		{ "latest", 0, "recent" },
		{ "average", 0, "mean" },
		{ "", 0, "" },
		{ "median", 0, NULL },
	};
	size_t i;
	char buf[64];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = canvas_rule(cases[i].method, cases[i].n, buf, sizeof buf);

		if (cases[i].want == NULL) {
			cr_expect_eq(rc, -1, "%s %ld accepted", cases[i].method,
			    cases[i].n);
		} else {
			cr_expect_eq(rc, 0, "%s %ld rejected", cases[i].method,
			    cases[i].n);
			cr_expect_str_eq(buf, cases[i].want);
		}
	}
}

/* A Canvas export with every quirk: ';' and decimal commas, a Manual
 * Posting row, Points Possible with leading spaces, a total, a read-only
 * custom column, EX, N/A, an empty cell, the test student. */
static const char gradebook[] =
    "Student;ID;SIS User ID;SIS Login ID;Section;Notes;Quiz (7);Lab (8);"
    "Current Score\n"
    ";;;;;;Manual Posting;;\n"
    "    Points Possible;;;;;(read only);10,00;4,00;(read only)\n"
    "\"B, A\";1;s1;a;P1;x;7,5;EX;75\n"
    "\"D, C\";2;;c;P1;;N/A;3;50\n"
    "\"Student, Test\";3;;;P1;;10;4;100\n";

Test(canvas, gradebook_quirks)
{
	struct canvas_opts o;
	struct import_stats st;
	int rc;
	char *out;

	opts(&o);
	o.ev.decimal_comma = 1;
	out = run(GRADEBOOK, gradebook, &o, &st, &rc);
	cr_assert_eq(rc, 0);
	/* s1: 7.5/10 on Quiz; Lab excused.  Student 2 has no SIS id: the
	 * Canvas id 2; Quiz N/A; Lab 3/4.  The test student is skipped. */
	cr_expect_str_eq(out,
	    "student_id,objective_id,date,score,max_score,item_id,source\n"
	    "s1,Quiz,2026-09-30,7.5,10,7,canvas\n"
	    "2,Lab,2026-09-30,3,4,8,canvas\n");
	cr_expect_eq(st.written, 2);
	cr_expect_eq(st.no_evidence, 2);
	cr_expect_eq(st.records, 5);
	free(out);

	o.id = CANVAS_ID_LOGIN;
	out = run(ROSTER, gradebook, &o, &st, &rc);
	cr_expect_str_eq(out, "student_id,name,section\na,\"B, A\",P1\n"
	    "c,\"D, C\",P1\n");
	free(out);
}

Test(canvas, gradebook_align_names_unaligned)
{
	static const char al[] = "item_id,objective_id,max_score\n"
	    "7,OBJ.1,\nLab,OBJ.2,5\n";
	static const char text[] =
	    "Student,ID,SIS User ID,SIS Login ID,Section,Quiz (7),Lab (8),"
	    "Essay (9)\n"
	    "Points Possible,,,,,10.00,4.00,0.00\n"
	    "\"B, A\",1,s1,a,P1,10,4,1\n";
	struct canvas_opts o;
	struct import_stats st;
	struct pl_err err;
	FILE *fp = fmemopen((void *)al, sizeof al - 1, "r");
	struct align *a = align_load(fp, "align.csv", NULL, &err);
	int rc;
	char *out;

	cr_assert_not_null(a, "%s", err.msg);
	opts(&o);
	o.align = a;
	out = run(GRADEBOOK, text, &o, &st, &rc);
	cr_assert_eq(rc, 0);
	/* Lab's max comes from the alignment (5), not Points Possible (4). */
	cr_expect_str_eq(out,
	    "student_id,objective_id,date,score,max_score,item_id,source\n"
	    "s1,OBJ.1,2026-09-30,10,10,7,canvas\n"
	    "s1,OBJ.2,2026-09-30,4,5,8,canvas\n");
	/* Essay has 0 points: named in a note, not counted as unaligned. */
	cr_expect_eq(st.unaligned, 0);
	cr_expect(strstr(st.notes[st.nnotes - 1], "Essay (9)") != NULL ||
	    strstr(st.notes[0], "Essay (9)") != NULL);
	free(out);
	align_free(a);
	fclose(fp);
}

Test(canvas, gradebook_unaligned_counted)
{
	static const char al[] = "item_id,objective_id\n7,OBJ.1\n";
	static const char text[] =
	    "Student,ID,SIS User ID,SIS Login ID,Section,Quiz (7),Lab (8)\n"
	    "Points Possible,,,,,10.00,4.00\n"
	    "\"B, A\",1,s1,a,P1,10,4\n";
	struct canvas_opts o;
	struct import_stats st;
	struct pl_err err;
	FILE *fp = fmemopen((void *)al, sizeof al - 1, "r");
	struct align *a = align_load(fp, "align.csv", NULL, &err);
	int rc;
	char *out;

	opts(&o);
	o.align = a;
	out = run(GRADEBOOK, text, &o, &st, &rc);
	cr_expect_eq(st.unaligned, 1);
	cr_expect_str_eq(st.unaligned_names, "\"Lab (8)\"");
	cr_expect_eq(st.written, 1);
	free(out);
	align_free(a);
	fclose(fp);
}

Test(canvas, mastery_rows)
{
	static const char text[] =
	    "Student name,Student ID,Student SIS ID,R > A result,"
	    "R > A mastery points,R > B result,R > B mastery points\n"
	    "\"B, A\",1,s1,3.5,3,,3\n"
	    "\"D, C\",2,N/A,2,3,4,3\n";
	struct canvas_opts o;
	struct import_stats st;
	int rc;
	char *out;

	opts(&o);
	out = run(MASTERY, text, &o, &st, &rc);
	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out,
	    "student_id,objective_id,date,score,max_score,item_id,source\n"
	    "s1,R > A,2026-09-30,3.5,4,R > A,canvas-mastery\n"
	    "2,R > A,2026-09-30,2,4,R > A,canvas-mastery\n"
	    "2,R > B,2026-09-30,4,4,R > B,canvas-mastery\n");
	cr_expect_eq(st.no_evidence, 1);
	free(out);
}

Test(canvas, outcomes_to_objectives)
{
	static const char text[] =
	    "vendor_guid,object_type,title,calculation_method,calculation_int,"
	    "parent_guids,workflow_state,mastery_points,ratings,,,\n"
	    "g,group,Unit 1,,,,active,,,,,\n"
	    "o1,outcome,First,n_mastery,2,g,active,3,4,Top,3,Mid\n"
	    "o2,outcome,Second,highest,,,deleted,3,,,,\n"
	    "o1,outcome,Again,highest,,g,active,3,,,,\n";
	struct canvas_opts o;
	struct import_stats st;
	int rc;
	char *out;

	opts(&o);
	out = run(OUTCOMES, text, &o, &st, &rc);
	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out,
	    "objective_id,title,unit,rule,mastery_points,max_points\n"
	    "o1,First,Unit 1,n-times:2,3,4\n");
	cr_expect_eq(st.written, 1);
	free(out);
}

/*
 * Ids, names and sections written as spreadsheet text formulas, quoted
 * ("=""00123""") or bare (="00456"), are read as their strings; so is the
 * test student's name.  Anything else that starts with '=' stays text,
 * and a score written so is not a number: Canvas never writes one, and a
 * spreadsheet does not count it either.
 */
static const char formulas[] =
    "Student,ID,SIS User ID,SIS Login ID,Section,Quiz (7)\n"
    "    Points Possible,,,,,10.00\n"
    "\"=\"\"Lee, Ada\"\"\",1,\"=\"\"00123\"\"\",ada,=\"P1\",8\n"
    "\"=\"\"Jo \"\"\"\"JJ\"\"\"\" Li\"\"\",2,=\"00456\",jo,P1,9\n"
    "\"=HYPERLINK(\"\"x\"\")\",3,=00789,x,=\"P\"&\"2\",7\n"
    "\"Dup, Row\",4,00123,dup,P2,6\n"
    "\"Bad, Score\",5,00999,bad,P2,=\"5\"\n"
    "\"=\"\"Student, Test\"\"\",6,,,P1,10\n";

Test(canvas, gradebook_text_formulas)
{
	struct canvas_opts o;
	struct import_stats st;
	int rc;
	char *out;

	opts(&o);
	out = run(GRADEBOOK, formulas, &o, &st, &rc);
	cr_assert_eq(rc, 0);
	/* 00123 again on line 6 is a duplicate; ="5" is a bad score. */
	cr_expect_str_eq(out,
	    "student_id,objective_id,date,score,max_score,item_id,source\n"
	    "00123,Quiz,2026-09-30,8,10,7,canvas\n"
	    "00456,Quiz,2026-09-30,9,10,7,canvas\n"
	    "=00789,Quiz,2026-09-30,7,10,7,canvas\n");
	free(out);

	out = run(ROSTER, formulas, &o, &st, &rc);
	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out, "student_id,name,section\n"
	    "00123,\"Lee, Ada\",P1\n"
	    "00456,\"Jo \"\"JJ\"\" Li\",P1\n"
	    "=00789,\"=HYPERLINK(\"\"x\"\")\",\"=\"\"P\"\"&\"\"2\"\"\"\n"
	    "00999,\"Bad, Score\",P2\n");
	cr_expect_eq(st.written, 4);
	free(out);
}

Test(canvas, mastery_and_outcomes_text_formulas)
{
	static const char mastery[] =
	    "Student name,Student ID,Student SIS ID,R > A result\n"
	    "\"=\"\"B, A\"\"\",1,\"=\"\"0042\"\"\",3\n"
	    "Test Student,2,=\"N/A\",4\n";
	static const char outcomes[] =
	    "vendor_guid,object_type,title,calculation_method,"
	    "calculation_int,parent_guids,workflow_state,mastery_points\n"
	    "=\"g01\",group,=\"Unit 1\",,,,active,\n"
	    "\"=\"\"007\"\"\",outcome,\"=\"\"Say \"\"\"\"hi\"\"\"\"\"\"\","
	    "highest,,=\"g01\",active,3\n";
	struct canvas_opts o;
	struct import_stats st;
	int rc;
	char *out;

	opts(&o);
	out = run(MASTERY, mastery, &o, &st, &rc);
	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out,
	    "student_id,objective_id,date,score,max_score,item_id,source\n"
	    "0042,R > A,2026-09-30,3,4,R > A,canvas-mastery\n");
	free(out);

	out = run(OUTCOMES, outcomes, &o, &st, &rc);
	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out,
	    "objective_id,title,unit,rule,mastery_points,max_points\n"
	    "007,\"Say \"\"hi\"\"\",Unit 1,highest,3,\n");
	free(out);
}

/* Reads each of texts[0..n) as a gradebook export into one roster. */
static char *
run_rosters(const char *const *texts, size_t n, struct import_stats *st,
    unsigned long *rejected)
{
	struct pl_err err;
	struct canvas_opts o;
	char *buf = NULL, name[32];
	size_t len = 0, i;
	FILE *out = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(out, ',', 0);
	struct reject *rj = reject_new(NULL, 0, &err);
	struct canvas_roster *r = canvas_roster_new();

	opts(&o);
	memset(st, 0, sizeof *st);
	for (i = 0; i < n; i++) {
		FILE *in = fmemopen((void *)texts[i], strlen(texts[i]), "r");
		struct table *t;

		snprintf(name, sizeof name, "in%zu.csv", i + 1);
		t = table_open(in, name, NULL, &err);
		cr_assert_not_null(t, "%s", err.msg);
		cr_assert_eq(canvas_gradebook(t, w, &o, r, i > 0, rj, st, &err),
		    0, "%s", err.msg);
		table_close(t);
		fclose(in);
	}
	canvas_roster_write(r, w, st);
	canvas_roster_free(r);
	table_writer_free(w);
	fclose(out);
	*rejected = reject_count(rj);
	reject_free(rj);
	return buf;
}

Test(canvas, roster_of_several_exports_has_each_student_once)
{
	static const char *const in[] = {
		"Student,ID,SIS User ID,SIS Login ID,Section,Quiz (1)\n"
		"Points Possible,,,,,10\n\"Lovelace, Ada\",11,S1,ada,P1,8\n"
		"\"Hopper, Grace\",12,S2,grace,P1,9\n",
		"Student,ID,SIS User ID,SIS Login ID,Section,Lab (2)\n"
		"Points Possible,,,,,10\n\"Lovelace, Ada\",11,S1,ada,Sci,8\n"
		"\"Other, Name\",12,S2,grace,Sci,9\n\"Ng, Al\",13,S3,al,Sci,9\n",
	};
	struct import_stats st;
	unsigned long rejected;
	char *out = run_rosters(in, 2, &st, &rejected);

	cr_expect_str_eq(out, "student_id,name,section\n"
	    "S1,\"Lovelace, Ada\",P1; Sci\n"
	    "S2,\"Hopper, Grace\",P1\n"
	    "S3,\"Ng, Al\",Sci\n");
	/* The same id under another name is not merged in silence. */
	cr_expect_eq(rejected, 1);
	cr_assert_eq(st.nnotes, 1);
	cr_expect(strstr(st.notes[0], "1 student in more than one export") !=
	    NULL, "%s", st.notes[0]);
	free(out);
}
