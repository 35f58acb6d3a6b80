#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "date.h"
#include "detect.h"
#include "mylab.h"

/* The layout of the real export (ubraket513 fixtures), shortened. */
static const char export_text[] =
    ",,,,,1.1,1.2,1.3,\n"
    ",,,,Chapter Coverage,1,1,1,\n"
    ",,,,Weight,10,2.5,5,\n"
    ",,,,Attempt,1,1,1,\n"
    "Last name,First name,Email,Log-in,,Score,Score,Score,\n"
    "Lovelace,Ada,adl1@psu.edu,adl1,,0.79,0.45,0,\n"
    "Hopper,Grace,grace@example.com,grace,,0.8,,0.5,\n"
    "\n"
    ",,,,Course average,,,,\n";

/* Runs mylab_evidence over text; returns the output (to free). */
static char *
run(const char *text, const struct import_opts *o, enum mylab_id id,
    struct import_stats *st, int *rc, struct pl_err *err)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct table *t;
	struct table_writer *w;
	struct reject *rj = reject_new(NULL, 0, err);

	cr_assert_not_null(in);
	cr_assert_not_null(out);
	memset(st, 0, sizeof *st);
	t = table_open(in, "mem.csv", NULL, err);
	cr_assert_not_null(t, "%s", err->msg);
	w = table_writer_new(out, ',', 0);
	*rc = mylab_evidence(t, w, o, id, 0, rj, st, err);
	table_writer_free(w);
	table_close(t);
	fclose(in);
	fclose(out);
	reject_free(rj);
	return buf;
}

/* What mylab_evidence writes first. */
#define HEAD "student_id,objective_id,date,score,max_score,item_id,source\n"

static void
opts(struct import_opts *o)
{
	memset(o, 0, sizeof *o);
	o->ev.fixed_date = date_from_ymd(2026, 9, 30);
}

Test(mylab, header_signature)
{
	const char *real[] = { "", "", "", "", "", "1.1", "1.2", "1.3", "" };
	const char *canon[] = { "student_id", "objective_id", "date",
	    "score", "max_score" };
	const char *named[] = { "", "", "", "Name", "", "1.1" };
	const char *words[] = { "", "", "", "", "", "1.1", "Total" };
	const char *none[] = { "", "", "", "", "", "" };
	const char *dots[] = { "", "", "", "", "", "1..2" };

	cr_assert_eq(mylab_header(real, 9), 1);
	cr_assert_eq(detect_header(real, 9), DETECT_MYLAB);
	cr_assert_eq(mylab_header(canon, 5), 0);
	cr_assert_eq(mylab_header(named, 6), 0);
	cr_assert_eq(mylab_header(words, 7), 0);
	cr_assert_eq(mylab_header(none, 6), 0);
	cr_assert_eq(mylab_header(dots, 6), 0);
	cr_assert_eq(mylab_header(real, 4), 0);
	cr_assert_eq(detect_parse("mylab"), DETECT_MYLAB);
	cr_assert_str_eq(detect_name(DETECT_MYLAB), "mylab");
}

Test(mylab, id_parse)
{
	cr_assert_eq(mylab_id_parse("email"), MYLAB_ID_EMAIL);
	cr_assert_eq(mylab_id_parse("login"), MYLAB_ID_LOGIN);
	cr_assert_eq(mylab_id_parse("sis"), -1);
}

Test(mylab, export_to_evidence)
{
	struct import_opts o;
	struct import_stats st;
	struct pl_err err;
	int rc;
	char *out;

	opts(&o);
	out = run(export_text, &o, MYLAB_ID_EMAIL, &st, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_str_eq(out,
	    HEAD
	    "adl1@psu.edu,1.1,2026-09-30,0.79,1,1.1,mylab\n"
	    "adl1@psu.edu,1.2,2026-09-30,0.45,1,1.2,mylab\n"
	    "adl1@psu.edu,1.3,2026-09-30,0,1,1.3,mylab\n"
	    "grace@example.com,1.1,2026-09-30,0.8,1,1.1,mylab\n"
	    "grace@example.com,1.3,2026-09-30,0.5,1,1.3,mylab\n");
	cr_assert_eq(st.written, 5);
	cr_assert_eq(st.no_evidence, 1);
	free(out);
	import_stats_free(&st);
}

Test(mylab, login_and_align)
{
	static const char al[] = "item_id,objective_id\n1.1,ALG.1\n1.3,ALG.3\n";
	FILE *fp = fmemopen((void *)al, sizeof al - 1, "r");
	struct import_opts o;
	struct import_stats st;
	struct pl_err err;
	struct align *a;
	int rc;
	char *out;

	opts(&o);
	a = align_open(fp, "align.csv", NULL, 0, &err);
	cr_assert_not_null(a, "%s", err.msg);
	fclose(fp);
	o.align = a;
	out = run(export_text, &o, MYLAB_ID_LOGIN, &st, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_str_eq(out,
	    HEAD
	    "adl1,ALG.1,2026-09-30,0.79,1,1.1,mylab\n"
	    "adl1,ALG.3,2026-09-30,0,1,1.3,mylab\n"
	    "grace,ALG.1,2026-09-30,0.8,1,1.1,mylab\n"
	    "grace,ALG.3,2026-09-30,0.5,1,1.3,mylab\n");
	cr_assert_eq(st.unaligned, 1);
	free(out);
	import_stats_free(&st);
	align_free(a);
}

Test(mylab, repeated_section_is_its_own_item)
{
	struct import_opts o;
	struct import_stats st;
	struct pl_err err;
	int rc;
	char *out;

	opts(&o);
	out = run(",,,,,2.1,2.1\nLast name,First name,Email,Log-in,,Score,"
	    "Score\nL,A,a@x,a,,0.5,1\n", &o, MYLAB_ID_EMAIL, &st, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_str_eq(out,
	    HEAD
	    "a@x,2.1,2026-09-30,0.5,1,2.1,mylab\n"
	    "a@x,2.1 #2,2026-09-30,1,1,2.1 #2,mylab\n");
	cr_assert_eq(st.nnotes, 1);
	free(out);
	import_stats_free(&st);
}

Test(mylab, bad_cells_and_rows)
{
	struct import_opts o;
	struct import_stats st;
	struct pl_err err;
	int rc;
	char *out;

	opts(&o);
	/* absent is not a score; a fraction over 1 has no maximum; a
	 * student row without its email is rejected, a footer is not. */
	out = run(",,,,,1.1,1.2\nLast name,First name,Email,Log-in,,Score,"
	    "Score\nL,A,a@x,a,,absent,0.5\nM,B,b@x,b,,3,1\nN,C,,c,,1,1\n"
	    ",,,,Course average,0.7,0.7\n", &o, MYLAB_ID_EMAIL, &st, &rc,
	    &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_str_eq(out,
	    HEAD
	    "a@x,1.2,2026-09-30,0.5,1,1.2,mylab\n"
	    "b@x,1.2,2026-09-30,1,1,1.2,mylab\n");
	free(out);
	import_stats_free(&st);
}

/* Runs text expecting a failure; its error in *err. */
static void
fails(const char *text, enum mylab_id id, struct pl_err *err)
{
	struct import_opts o;
	struct import_stats st;
	int rc;
	char *out;

	opts(&o);
	out = run(text, &o, id, &st, &rc, err);
	cr_assert_eq(rc, -1);
	free(out);
	import_stats_free(&st);
}

Test(mylab, structure_errors)
{
	struct pl_err err;

	fails(",,,,,1.1\n,,,,Weight,10\n", MYLAB_ID_EMAIL, &err);
	cr_assert_eq(err.status, PL_EXIT_DATA);
	cr_assert(strstr(err.msg, "no header row") != NULL, "%s", err.msg);

	fails(",,,,,1.1\nAda,,,,,0.5\n", MYLAB_ID_EMAIL, &err);
	cr_assert_eq(err.line, 2);
	cr_assert(strstr(err.msg, "before the header row") != NULL, "%s",
	    err.msg);

	fails(",,,,,1.1\nLast name,First name,Email,,,Score\n",
	    MYLAB_ID_LOGIN, &err);
	cr_assert_eq(err.status, PL_EXIT_USAGE);
	cr_assert(strstr(err.msg, "no Log-in column") != NULL, "%s", err.msg);
}
