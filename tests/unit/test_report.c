#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report.h"

/* Reads text as one table of the given kind into r. */
static int
feed(struct report *r, const char *text, enum report_table kind,
    struct pl_err *err)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct table *t;
	struct reject *rj = reject_new(NULL, 0, err);
	int rc;

	cr_assert_not_null(fp);
	t = table_open(fp, "t.csv", NULL, err);
	cr_assert_not_null(t, "%s", err->msg);
	rc = report_read(r, t, kind, rj, err);
	table_close(t);
	reject_free(rj);
	fclose(fp);
	return rc;
}

Test(report, joins_tables_into_the_model)
{
	struct mastery_scale scale;
	struct pl_err err;
	struct report *r;
	const struct render_data *d;
	const struct render_cell *c;

	mastery_scale_default(&scale);
	r = report_new(NULL, NULL, &scale, 0, 0);
	cr_assert_eq(feed(r, "student_id,objective_id,course_id,score,level,"
	    "mastered,mastered_on\n"
	    "s2,b,m,0.9,advanced,yes,2024-09-10\n"
	    "s1,a,m,0.3,beginning,no,\n"
	    "s1,b,m,,not_yet,no,\n", REPORT_DETECT, &err), 0, "%s", err.msg);
	cr_assert_eq(feed(r, "student_id,course_id,total,mastered,expected,"
	    "status,days_ahead\ns1,m,2,0,1,behind,-3\n", REPORT_DETECT, &err),
	    0, "%s", err.msg);
	d = report_data(r, date_from_ymd(2024, 10, 1));
	/* students without a roster are sorted by id; objectives by course
	 * and id */
	cr_assert_eq(d->nstudents, 2);
	cr_expect_str_eq(d->students[0].id, "s1");
	cr_expect_str_eq(d->students[1].id, "s2");
	cr_assert_eq(d->nobjectives, 2);
	cr_expect_str_eq(d->objectives[0].id, "a");
	cr_expect_str_eq(d->objectives[1].course, "m");
	c = render_cell_at(d, 1, 1);
	cr_expect_str_eq(c->level, "advanced");
	cr_expect_eq(c->rank, 3);
	cr_expect_eq(c->mastered, 1);
	cr_expect_eq(c->mastered_on, date_from_ymd(2024, 9, 10));
	c = render_cell_at(d, 1, 0);
	cr_expect_null(c->level);
	c = render_cell_at(d, 0, 1);
	cr_expect_eq(c->rank, -1);
	cr_expect(isnan(c->score));
	cr_assert_eq(d->npacing, 1);
	cr_expect_eq(d->pacing[0].student, 0);
	cr_expect_eq(d->pacing[0].status, RENDER_BEHIND);
	cr_expect_eq(d->pacing[0].days_ahead, -3);
	report_free(r);
}

Test(report, unknown_table_and_missing_column)
{
	struct pl_err err;
	struct report *r = report_new(NULL, NULL, NULL, 0, 0);

	cr_expect_eq(feed(r, "student_id,name\ns1,A\n", REPORT_DETECT, &err),
	    -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_str_eq(err.msg, "not a mastery, pacing, playlist or groups "
	    "table (found: student_id, name)");
	cr_expect_eq(feed(r, "student_id,level\ns1,x\n", REPORT_MASTERY, &err),
	    -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_not_null(strstr(err.msg, "\"objective_id\""), "%s", err.msg);
	cr_expect_not_null(strstr(err.msg, "in the mastery table"), "%s",
	    err.msg);
	report_free(r);
}

/* Found by fuzz_report: a count beyond a long was converted anyway
 * (undefined behaviour).  Counts and sequence numbers outside
 * 0..1000000000 are bad rows now. */
Test(report, counts_out_of_range_are_bad_rows)
{
	static const char *const pacing =
	    "student_id,course_id,total,mastered,status,days_ahead\n"
	    "s1,m,5e49,0,behind,-3\n"
	    "s2,m,3,-1,behind,-3\n"
	    "s3,m,3,1000000001,behind,-3\n"
	    "s4,m,1000000000,2.5,ahead,4\n";
	static const char *const playlist =
	    "student_id,seq,objective_id,activity_id,reason\n"
	    "s1,1e300,a,x,r\n"
	    "s1,2,a,y,r\n";
	struct pl_err err;
	struct report *r = report_new(NULL, NULL, NULL, 0, 0);
	struct reject *rj = reject_new(NULL, 0, &err);
	const struct render_data *d;
	const char *texts[] = { pacing, playlist };
	size_t i;

	for (i = 0; i < 2; i++) {
		FILE *fp = fmemopen((void *)texts[i], strlen(texts[i]), "r");
		struct table *t = table_open(fp, "t.csv", NULL, &err);

		cr_assert_not_null(t, "%s", err.msg);
		cr_assert_eq(report_read(r, t, REPORT_DETECT, rj, &err), 0,
		    "%s", err.msg);
		table_close(t);
		fclose(fp);
	}
	cr_expect_eq(reject_count(rj), 4);
	d = report_data(r, date_from_ymd(2024, 10, 1));
	cr_assert_eq(d->npacing, 1);
	cr_expect_eq(d->pacing[0].total, 1000000000L);
	cr_expect_eq(d->pacing[0].mastered, 2);
	cr_assert_eq(d->nplaylist, 1);
	cr_expect_eq(d->playlist[0].seq, 2);
	reject_finish(rj, 1, NULL);
	reject_free(rj);
	report_free(r);
}

/* The words a table repeats are kept once: every cell of a level points
 * at the same text, and texts that differ stay apart (an empty level is
 * not_yet). */
Test(report, repeated_words_kept_once)
{
	struct mastery_scale scale;
	struct pl_err err;
	struct report *r;
	const struct render_data *d;
	const struct render_cell *a, *b, *c, *e;

	mastery_scale_default(&scale);
	r = report_new(NULL, NULL, &scale, 0, 0);
	cr_assert_eq(feed(r, "student_id,objective_id,score,level,mastered\n"
	    "s1,a,0.6,developing,no\n"
	    "s2,a,0.6,developing,no\n"
	    "s1,b,0.65,developing,no\n"
	    "s2,b,0.3,Developing,no\n"
	    "s3,a,,,no\n", REPORT_DETECT, &err), 0, "%s", err.msg);
	d = report_data(r, date_from_ymd(2024, 10, 1));
	a = render_cell_at(d, 0, 0);
	b = render_cell_at(d, 1, 0);
	c = render_cell_at(d, 0, 1);
	e = render_cell_at(d, 1, 1);
	cr_assert(a->level && b->level && c->level && e->level);
	cr_expect_str_eq(a->level, "developing");
	cr_expect(a->level == b->level && a->level == c->level);
	cr_expect_str_eq(e->level, "Developing");
	cr_expect(e->level != a->level);
	cr_expect_eq(e->rank, a->rank);
	cr_expect_str_eq(render_cell_at(d, 2, 0)->level, "not_yet");
	report_free(r);
}

/* Reads text as one table into r with its own reject log; returns the
 * number of rows rejected. */
static unsigned long
feed_rejects(struct report *r, const char *text, enum report_table kind)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct pl_err err;
	struct table *t;
	struct reject *rj = reject_new(NULL, 0, &err);
	unsigned long n;

	cr_assert_not_null(fp);
	t = table_open(fp, "t.csv", NULL, &err);
	cr_assert_not_null(t, "%s", err.msg);
	cr_assert_eq(report_read(r, t, kind, rj, &err), 0, "%s", err.msg);
	n = reject_count(rj);
	reject_finish(rj, 1, NULL);
	reject_free(rj);
	table_close(t);
	fclose(fp);
	return n;
}

/* A mastery row with an empty objective_id was dropped without a word,
 * even under --strict; it is a bad row now, like one with an empty
 * student_id. */
Test(report, empty_objective_id_is_a_bad_row)
{
	struct report *r = report_new(NULL, NULL, NULL, 0, 0);
	const struct render_data *d;

	cr_expect_eq(feed_rejects(r, "student_id,objective_id,level,mastered\n"
	    "s1,a,proficient,yes\n"
	    "s1,,proficient,yes\n"
	    ",a,beginning,no\n", REPORT_MASTERY), 2);
	d = report_data(r, date_from_ymd(2024, 10, 1));
	cr_expect_eq(d->nstudents, 1);
	cr_expect_eq(d->nobjectives, 1);
	report_free(r);
}

/* A second mastery row for a student and objective was taken over the
 * first without a word; it is a bad row now (the first stands), as in
 * pl-plan, across tables too.  Enough objectives to need more than one
 * word of bits a student, added after students already have bits. */
Test(report, second_row_for_a_student_and_objective_is_a_bad_row)
{
	char *text = malloc(64 * 1024), *p;
	struct report *r = report_new(NULL, NULL, NULL, 0, 0);
	const struct render_data *d;
	int o, s;

	cr_assert_not_null(text);
	p = text + sprintf(text, "student_id,objective_id,level,mastered\n");
	for (o = 0; o < 130; o++)
		for (s = 0; s < 3; s++)
			p += sprintf(p, "s%d,o%03d,%s,no\n", s, o,
			    o == 7 ? "beginning" : "developing");
	for (s = 0; s < 3; s++)
		p += sprintf(p, "s%d,o%03d,advanced,yes\ns%d,o129,advanced,"
		    "yes\n", s, 7, s);
	cr_expect_eq(feed_rejects(r, text, REPORT_MASTERY), 6);
	cr_expect_eq(feed_rejects(r, "student_id,objective_id,level\n"
	    "s1,o000,advanced\ns3,o000,advanced\n", REPORT_MASTERY), 1);
	d = report_data(r, date_from_ymd(2024, 10, 1));
	cr_assert_eq(d->nstudents, 4);
	cr_assert_eq(d->nobjectives, 130);
	cr_expect_str_eq(render_cell_at(d, 1, 7)->level, "beginning");
	cr_expect_str_eq(render_cell_at(d, 2, 129)->level, "developing");
	cr_expect_str_eq(render_cell_at(d, 1, 0)->level, "developing");
	cr_expect_str_eq(render_cell_at(d, 3, 0)->level, "advanced");
	report_free(r);
	free(text);
}

/* Numbers in a semicolon-delimited table were read with a decimal point
 * only, so a spreadsheet's 0,5 made the row bad; such a table has a
 * decimal comma (DESIGN 2). */
Test(report, semicolon_tables_have_a_decimal_comma)
{
	struct report *r = report_new(NULL, NULL, NULL, 0, 0);
	const struct render_data *d;

	cr_expect_eq(feed_rejects(r, "student_id;objective_id;level;score\n"
	    "s1;a;developing;0,5\ns2;a;developing;0.5\n", REPORT_MASTERY), 1);
	cr_expect_eq(feed_rejects(r, "student_id;course_id;expected;status;"
	    "days_ahead;velocity_per_week;needed_per_week\n"
	    "s1;m;2,5;behind;-3;1,25;1,5\n", REPORT_PACING), 0);
	cr_expect_eq(feed_rejects(r, "student_id,objective_id,score\n"
	    "s3,a,\"0,5\"\n", REPORT_MASTERY), 1);
	d = report_data(r, date_from_ymd(2024, 10, 1));
	cr_expect_eq(render_cell_at(d, 0, 0)->score, 0.5);
	cr_assert_eq(d->npacing, 1);
	cr_expect_eq(d->pacing[0].expected, 2.5);
	cr_expect_eq(d->pacing[0].velocity, 1.25);
	cr_expect_eq(d->pacing[0].needed, 1.5);
	report_free(r);
}

/* A rejected row still added its student (shown as 0 of n mastered) and
 * its objective (an empty column); a rejected row adds nothing now, in
 * any table. */
Test(report, rejected_rows_add_nothing)
{
	struct report *r = report_new(NULL, NULL, NULL, 0, 0);
	const struct render_data *d;

	cr_expect_eq(feed_rejects(r, "student_id,objective_id,level,mastered\n"
	    "ann,a,proficient,yes\nbob,a,proficient,maybe\n"
	    "ann,z,proficient,maybe\n", REPORT_MASTERY), 2);
	cr_expect_eq(feed_rejects(r, "student_id,course_id,status,days_ahead\n"
	    "cat,m,later,-3\n", REPORT_PACING), 1);
	cr_expect_eq(feed_rejects(r, "student_id,seq,objective_id,activity_id,"
	    "reason\ndan,x,y,act,r\n", REPORT_PLAYLIST), 1);
	d = report_data(r, date_from_ymd(2024, 10, 1));
	cr_assert_eq(d->nstudents, 1);
	cr_expect_str_eq(d->students[0].id, "ann");
	cr_assert_eq(d->nobjectives, 1);
	cr_expect_str_eq(d->objectives[0].id, "a");
	cr_expect_eq(d->npacing, 0);
	cr_expect_eq(d->nplaylist, 0);
	report_free(r);
}

/* A level the scale does not have was shown as "not yet" without a word
 * (a --scale other than pl-progress's); it is a bad row now.  Names match
 * in any case; not_yet and an empty level are no score. */
Test(report, level_not_on_the_scale_is_a_bad_row)
{
	struct mastery_scale scale;
	struct report *r;
	const struct render_data *d;

	mastery_scale_default(&scale);
	r = report_new(NULL, NULL, &scale, 0, 0);
	cr_expect_eq(feed_rejects(r, "student_id,objective_id,level,mastered\n"
	    "ann,a,Proficient,yes\nann,b,not_yet,no\nann,c,,no\n"
	    "bob,a,met,yes\ncat,a,near,no\n", REPORT_MASTERY), 2);
	d = report_data(r, date_from_ymd(2024, 10, 1));
	cr_assert_eq(d->nstudents, 1);
	cr_expect_str_eq(d->students[0].id, "ann");
	cr_assert_eq(d->nobjectives, 3);
	cr_expect_eq(render_cell_at(d, 0, 0)->rank, 2);
	cr_expect_str_eq(render_cell_at(d, 0, 1)->level, "not_yet");
	cr_expect_str_eq(render_cell_at(d, 0, 2)->level, "not_yet");
	report_free(r);
}
