#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "date.h"
#include "mastery.h"
#include "progress.h"
#include "reject.h"
#include "table.h"
#include "testutil.h"

/* The options of pl-progress's defaults: decaying:0.65, the default
 * scale, --min-evidence 1, nothing cut by --as-of. */
static void
opts_init(struct progress_opts *o)
{
	memset(o, 0, sizeof *o);
	o->rule.kind = MASTERY_DECAYING;
	o->rule.weight = MASTERY_DEFAULT_WEIGHT;
	mastery_scale_default(&o->scale);
	o->min_evidence = 1;
	o->as_of = date_from_ymd(2099, 12, 31);
	o->ev.fixed_date = DATE_NONE;
}

/* What the sink was handed: mastery rows, and the students in order. */
struct rows {
	char *text;
	size_t len;
	FILE *fp;
	struct table_writer *w;
	char students[256];
};

static void
rows_open(struct rows *r)
{
	memset(r, 0, sizeof *r);
	r->fp = open_memstream(&r->text, &r->len);
	cr_assert_not_null(r->fp);
	r->w = table_writer_new(r->fp, ',', 0);
	progress_write_header(r->w);
}

/* Ends the rows; r->text holds them (to free). */
static void
rows_close(struct rows *r)
{
	table_writer_free(r->w);
	fclose(r->fp);
}

static int
sink(void *arg, const struct progress *p, const struct progress_student *s,
    struct pl_err *err)
{
	struct rows *r = arg;

	size_t used = strlen(r->students);

	(void)err;
	/* The first students only: the fixtures of interest are small. */
	if (used + strlen(s->id) + 2 <= sizeof r->students)
		snprintf(r->students + used, sizeof r->students - used, "%s ",
		    s->id);
	progress_write_student(r->w, p, s);
	return 0;
}

static void
load_objectives(const char *text, struct catalog_objectives *o)
{
	struct pl_err err;
	char *path = test_temp_file("progress", text);
	int rc = catalog_load_objectives(path, NULL, 0, o, &err);

	unlink(path);
	free(path);
	cr_assert_eq(rc, 0, "%s", err.msg);
	snprintf(o->name, sizeof o->name, "objectives.csv");
}

static void
load_roster(const char *text, struct catalog_roster *r)
{
	struct pl_err err;
	char *path = test_temp_file("progress", text);
	int rc = catalog_load_roster(path, NULL, 0, r, &err);

	unlink(path);
	free(path);
	cr_assert_eq(rc, 0, "%s", err.msg);
}

/*
 * One run of the engine on evidence text: progress_new, progress_read
 * (rejects to rj, which may be NULL only when nothing is rejected),
 * progress_finish.  Returns 0, or -1 with err set; the rows in *r (to
 * free), the counts of unknown and left-out rows in the others.
 */
struct counts {
	unsigned long unknown_rows, future_rows;
	size_t unknown_objectives;
};

static int
run(const struct progress_opts *o, const struct catalog_objectives *objs,
    const struct catalog_roster *roster, const char *evidence,
    struct reject *rj, struct rows *r, struct counts *k, struct pl_err *err)
{
	FILE *in = fmemopen((void *)evidence, strlen(evidence), "r");
	struct progress *p;
	struct table *t;
	int rc = -1;

	pl_err_clear(err);
	rows_open(r);
	cr_assert_not_null(in);
	t = table_open(in, "ev.csv", NULL, err);
	cr_assert_not_null(t, "%s", err->msg);
	p = progress_new(o, objs, roster, sink, r, err);
	cr_assert_not_null(p, "%s", err->msg);
	if (progress_read(p, t, NULL, rj, err) == 0 &&
	    progress_finish(p, err) == 0)
		rc = 0;
	if (k != NULL) {
		k->unknown_rows = progress_unknown_rows(p);
		k->unknown_objectives = progress_unknown_objectives(p);
		k->future_rows = progress_future_rows(p);
	}
	progress_free(p);
	table_close(t);
	fclose(in);
	rows_close(r);
	return rc;
}

#define HEADER "student_id,objective_id,course_id,evidence_count," \
    "last_date,score,level,mastered,mastered_on,rule\n"

/* Unsorted evidence: S1's two O1 scores out of date order. */
static const char EVIDENCE[] =
    "student_id,objective_id,date,score,max_score\n"
    "S2,O2,2026-09-03,2,4\n"
    "S1,O1,2026-09-05,4,4\n"
    "S1,O1,2026-09-01,2,4\n"
    "S2,O1,2026-09-02,3,4\n"
    "S1,O2,2026-09-04,1,4\n";

static const struct catalog_objectives no_objectives;
static const struct catalog_roster no_roster;

/* Rows come by student, then objective, in id order, each pair's scores
 * in date order: S1's O1 is 0.65 * 1 + 0.35 * 0.5, not 0.65 * 0.5 +
 * 0.35 * 1. */
Test(progress, grouped_by_student_and_objective_in_date_order)
{
	struct progress_opts o;
	struct pl_err err;
	struct rows r;

	opts_init(&o);
	cr_assert_eq(run(&o, &no_objectives, &no_roster, EVIDENCE, NULL, &r,
	    NULL, &err), 0, "%s", err.msg);
	cr_expect_str_eq(r.text, HEADER
	    "S1,O1,,2,2026-09-05,0.825,proficient,yes,2026-09-05,"
	    "decaying:0.65\n"
	    "S1,O2,,1,2026-09-04,0.25,beginning,no,,decaying:0.65\n"
	    "S2,O1,,1,2026-09-02,0.75,proficient,yes,2026-09-02,"
	    "decaying:0.65\n"
	    "S2,O2,,1,2026-09-03,0.5,developing,no,,decaying:0.65\n");
	cr_expect_str_eq(r.students, "S1 S2 ");
	free(r.text);
}

/* On input sorted by student, --grouped hands over the same rows as the
 * default read; on input that is not, it stops at the first row of a
 * student seen before, naming its line. */
Test(progress, grouped_mode_gives_the_same_rows_on_sorted_input)
{
	static const char sorted[] =
	    "student_id,objective_id,date,score,max_score\n"
	    "S1,O2,2026-09-04,1,4\n"
	    "S1,O1,2026-09-05,4,4\n"
	    "S1,O1,2026-09-01,2,4\n"
	    "S2,O2,2026-09-03,2,4\n"
	    "S2,O1,2026-09-02,3,4\n"
	    "S3,O1,2026-09-02,1,4\n";
	struct progress_opts o;
	struct pl_err err;
	struct rows plain, grouped;

	opts_init(&o);
	cr_assert_eq(run(&o, &no_objectives, &no_roster, sorted, NULL, &plain,
	    NULL, &err), 0, "%s", err.msg);
	o.grouped = 1;
	cr_assert_eq(run(&o, &no_objectives, &no_roster, sorted, NULL,
	    &grouped, NULL, &err), 0, "%s", err.msg);
	cr_expect_str_eq(grouped.text, plain.text);
	cr_expect_str_eq(grouped.students, "S1 S2 S3 ");
	cr_expect_str_eq(plain.text, HEADER
	    "S1,O1,,2,2026-09-05,0.825,proficient,yes,2026-09-05,"
	    "decaying:0.65\n"
	    "S1,O2,,1,2026-09-04,0.25,beginning,no,,decaying:0.65\n"
	    "S2,O1,,1,2026-09-02,0.75,proficient,yes,2026-09-02,"
	    "decaying:0.65\n"
	    "S2,O2,,1,2026-09-03,0.5,developing,no,,decaying:0.65\n"
	    "S3,O1,,1,2026-09-02,0.25,beginning,no,,decaying:0.65\n");
	free(plain.text);
	free(grouped.text);

	cr_expect_eq(run(&o, &no_objectives, &no_roster, EVIDENCE, NULL,
	    &grouped, NULL, &err), -1);
	cr_expect_eq(err.line, 5);
	cr_expect_str_eq(err.file, "ev.csv");
	cr_expect_str_eq(err.msg, "input is not grouped by student: \"S2\" "
	    "appears again after other students (sort the evidence by "
	    "student_id, or drop --grouped)");
	free(grouped.text);
}

/*
 * Rows wait in a ring before they are stored (HELD_ROWS), and a run of one
 * student's rows is stored at once: either way each student's scores keep
 * their input order, which decides same-day ties.  Students recurring 1 to
 * 9 rows apart and in runs, scores on two days (so order matters to the
 * decaying average), some of another maximum (the side table): the rows
 * in that order equal --grouped on the same rows stably sorted by
 * student.
 */
Test(progress, held_rows_keep_each_students_order)
{
	enum { NROWS = 3000, NST = 9 };
	static char mixed[NROWS * 40 + 64], sorted[NROWS * 40 + 64];
	static unsigned char who[NROWS];
	static char line[NROWS][40];
	char *m = mixed, *q = sorted;
	unsigned seed = 11, st = 0, i, k;
	struct progress_opts o;
	struct pl_err err;
	struct rows a, b;

	m += sprintf(m, "student_id,objective_id,date,score,max_score\n");
	q += sprintf(q, "student_id,objective_id,date,score,max_score\n");
	for (i = 0; i < NROWS; i++) {
		seed = seed * 1103515245u + 12345u;
		/* A run of the same student, or a jump of 1 to 8. */
		if ((seed >> 16) % 3 != 0)
			st = (st + 1 + (seed >> 8) % 8) % NST;
		who[i] = (unsigned char)st;
		sprintf(line[i], "S%u,O%u,2026-09-0%u,%u,%u\n", st,
		    (seed >> 20) % 3, 1 + (seed >> 12) % 2, (seed >> 4) % 5,
		    (seed >> 24) % 7 == 0 ? 5 : 4);
		m += sprintf(m, "%s", line[i]);
	}
	for (k = 0; k < NST; k++)
		for (i = 0; i < NROWS; i++)
			if (who[i] == k)
				q += sprintf(q, "%s", line[i]);
	opts_init(&o);
	cr_assert_eq(run(&o, &no_objectives, &no_roster, mixed, NULL, &a,
	    NULL, &err), 0, "%s", err.msg);
	o.grouped = 1;
	cr_assert_eq(run(&o, &no_objectives, &no_roster, sorted, NULL, &b,
	    NULL, &err), 0, "%s", err.msg);
	cr_expect_str_eq(a.text, b.text);
	cr_expect_gt(strlen(a.text), 27 * 40);
	free(a.text);
	free(b.text);
}

/* --all: every roster student, and every student with evidence, gets a
 * row for each objective; those without evidence are not_yet with count
 * 0, and the objective's course. */
Test(progress, all_gives_roster_students_without_evidence)
{
	static const char ev[] =
	    "student_id,objective_id,date,score,max_score\n"
	    "S2,O2,2026-09-03,4,4\n"
	    "S1,O1,2026-09-01,3,4\n";
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct progress_opts o;
	struct pl_err err;
	struct rows r;

	load_objectives("objective_id,course_id\nO2,M6\nO1,M6\n", &objs);
	load_roster("student_id\nS3\nS1\n", &roster);
	opts_init(&o);
	o.all = 1;
	cr_assert_eq(run(&o, &objs, &roster, ev, NULL, &r, NULL, &err), 0,
	    "%s", err.msg);
	cr_expect_str_eq(r.text, HEADER
	    "S1,O1,M6,1,2026-09-01,0.75,proficient,yes,2026-09-01,"
	    "decaying:0.65\n"
	    "S1,O2,M6,0,,,not_yet,no,,decaying:0.65\n"
	    "S2,O1,M6,0,,,not_yet,no,,decaying:0.65\n"
	    "S2,O2,M6,1,2026-09-03,1,advanced,yes,2026-09-03,decaying:0.65\n"
	    "S3,O1,M6,0,,,not_yet,no,,decaying:0.65\n"
	    "S3,O2,M6,0,,,not_yet,no,,decaying:0.65\n");
	cr_expect_str_eq(r.students, "S1 S2 S3 ");
	free(r.text);

	/* Without --all, a roster student without evidence is not handed
	 * over at all. */
	o.all = 0;
	cr_assert_eq(run(&o, &objs, &roster, ev, NULL, &r, NULL, &err), 0,
	    "%s", err.msg);
	cr_expect_str_eq(r.students, "S1 S2 ");
	free(r.text);
	catalog_free_objectives(&objs);
	catalog_free_roster(&roster);
}

/* Bad rows go to the reject log with the line they stand on, and the
 * rest is read. */
Test(progress, rejected_rows_are_logged_with_their_line)
{
	static const char ev[] =
	    "student_id,objective_id,date,score,max_score\n"
	    "S1,O1,2026-09-01,3,4\n"
	    "S1,O1,2026-09-02,abc,4\n"
	    "S2,O1,2026-09-02,1,4\n"
	    "S2,O1\n"
	    "S2,O1,2026-13-01,1,4\n";
	char *path = test_temp_file("progress", "");
	struct progress_opts o;
	struct pl_err err;
	struct reject *rj = reject_new(path, 0, &err);
	struct rows r;
	char *log;

	cr_assert_not_null(rj, "%s", err.msg);
	opts_init(&o);
	cr_assert_eq(run(&o, &no_objectives, &no_roster, ev, rj, &r, NULL,
	    &err), 0, "%s", err.msg);
	cr_expect_eq(reject_count(rj), 3);
	cr_assert_eq(reject_finish(rj, 1, &err), 0, "%s", err.msg);
	reject_free(rj);
	log = test_slurp(path);
	cr_expect_str_eq(log, "file,line,reason,student_id,objective_id,date,"
	    "score,max_score,record\n"
	    "ev.csv,3,\"score \"\"abc\"\" is not a number\",S1,O1,2026-09-02,"
	    "abc,4,\n"
	    "ev.csv,5,\"2 fields, expected 5\",S2,O1,,,,\n"
	    "ev.csv,6,\"date \"\"2026-13-01\"\" is not a valid date\",S2,O1,"
	    "2026-13-01,1,4,\n");
	cr_expect_str_eq(r.text, HEADER
	    "S1,O1,,1,2026-09-01,0.75,proficient,yes,2026-09-01,"
	    "decaying:0.65\n"
	    "S2,O1,,1,2026-09-02,0.25,beginning,no,,decaying:0.65\n");
	free(log);
	free(r.text);
	unlink(path);
	free(path);

	/* Under --strict the first bad row is the error, with its line. */
	rj = reject_new(NULL, 1, &err);
	cr_expect_eq(run(&o, &no_objectives, &no_roster, ev, rj, &r, NULL,
	    &err), -1);
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.file, "ev.csv");
	reject_free(rj);
	free(r.text);
}

/* Scores dated after --as-of are left out, and counted. */
Test(progress, rows_after_as_of_are_left_out)
{
	struct progress_opts o;
	struct counts k;
	struct pl_err err;
	struct rows r;

	opts_init(&o);
	o.as_of = date_from_ymd(2026, 9, 3);
	cr_assert_eq(run(&o, &no_objectives, &no_roster, EVIDENCE, NULL, &r,
	    &k, &err), 0, "%s", err.msg);
	cr_expect_str_eq(r.text, HEADER
	    "S1,O1,,1,2026-09-01,0.5,developing,no,,decaying:0.65\n"
	    "S2,O1,,1,2026-09-02,0.75,proficient,yes,2026-09-02,"
	    "decaying:0.65\n"
	    "S2,O2,,1,2026-09-03,0.5,developing,no,,decaying:0.65\n");
	cr_expect_eq(k.future_rows, 2);
	free(r.text);
}

/* --only-kind keeps the scores of that kind (any case); the others are
 * counted as left out.  Without a kind column it is a usage error. */
Test(progress, only_kind)
{
	static const char ev[] =
	    "student_id,objective_id,date,score,max_score,kind\n"
	    "S1,O1,2026-09-01,1,4,formative\n"
	    "S1,O1,2026-09-02,4,4,Summative\n"
	    "S1,O2,2026-09-03,2,4,formative\n"
	    "S2,O1,2026-09-04,3,4,summative\n";
	struct progress_opts o;
	struct counts k;
	struct pl_err err;
	struct rows r;

	opts_init(&o);
	o.only_kind = "summative";
	cr_assert_eq(run(&o, &no_objectives, &no_roster, ev, NULL, &r, &k,
	    &err), 0, "%s", err.msg);
	cr_expect_str_eq(r.text, HEADER
	    "S1,O1,,1,2026-09-02,1,advanced,yes,2026-09-02,decaying:0.65\n"
	    "S2,O1,,1,2026-09-04,0.75,proficient,yes,2026-09-04,"
	    "decaying:0.65\n");
	cr_expect_eq(k.future_rows, 2);
	free(r.text);

	cr_expect_eq(run(&o, &no_objectives, &no_roster, EVIDENCE, NULL, &r,
	    NULL, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_neq(strstr(err.msg, "\"kind\""), NULL, "%s", err.msg);
	free(r.text);
}

/* Evidence for objectives not in --objectives is kept and counted; under
 * --strict it is an error naming the row's line. */
Test(progress, objectives_unknown_to_the_catalog)
{
	struct catalog_objectives objs;
	struct progress_opts o;
	struct counts k;
	struct pl_err err;
	struct rows r;

	load_objectives("objective_id,course_id\nO1,M6\n", &objs);
	opts_init(&o);
	cr_assert_eq(run(&o, &objs, &no_roster, EVIDENCE, NULL, &r, &k,
	    &err), 0, "%s", err.msg);
	cr_expect_eq(k.unknown_rows, 2);
	cr_expect_eq(k.unknown_objectives, 1);
	cr_expect_str_eq(r.text, HEADER
	    "S1,O1,M6,2,2026-09-05,0.825,proficient,yes,2026-09-05,"
	    "decaying:0.65\n"
	    "S1,O2,,1,2026-09-04,0.25,beginning,no,,decaying:0.65\n"
	    "S2,O1,M6,1,2026-09-02,0.75,proficient,yes,2026-09-02,"
	    "decaying:0.65\n"
	    "S2,O2,,1,2026-09-03,0.5,developing,no,,decaying:0.65\n");
	free(r.text);

	o.strict = 1;
	cr_expect_eq(run(&o, &objs, &no_roster, EVIDENCE, NULL, &r, NULL,
	    &err), -1);
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect_str_eq(err.msg, "objective \"O2\" is not in objectives.csv");
	free(r.text);
	catalog_free_objectives(&objs);
}

/* An objective's own rule overrides --rule; a bad one is a usage error
 * naming the objectives' line. */
Test(progress, objective_rules)
{
	struct catalog_objectives objs;
	struct progress_opts o;
	struct pl_err err;
	struct rows r;

	load_objectives("objective_id,rule\nO1,mean\nO2,\n", &objs);
	opts_init(&o);
	cr_assert_eq(run(&o, &objs, &no_roster, EVIDENCE, NULL, &r, NULL,
	    &err), 0, "%s", err.msg);
	cr_expect_str_eq(r.text, HEADER
	    "S1,O1,,2,2026-09-05,0.75,proficient,yes,2026-09-05,mean\n"
	    "S1,O2,,1,2026-09-04,0.25,beginning,no,,decaying:0.65\n"
	    "S2,O1,,1,2026-09-02,0.75,proficient,yes,2026-09-02,mean\n"
	    "S2,O2,,1,2026-09-03,0.5,developing,no,,decaying:0.65\n");
	free(r.text);
	catalog_free_objectives(&objs);

	load_objectives("objective_id,rule\nO1,mean\nO2,sometimes\n", &objs);
	pl_err_clear(&err);
	cr_expect_null(progress_new(&o, &objs, &no_roster, sink, NULL, &err));
	cr_expect_eq(err.line, 3);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_str_eq(err.file, "objectives.csv");
	cr_expect_eq(strncmp(err.msg, "objective \"O2\": ", 16), 0, "%s",
	    err.msg);
	catalog_free_objectives(&objs);
}

/*
 * Rows held before storing keep their students' ids in the table's
 * buffers, and copy them before the table reads on: 20,000 rows (600 KB,
 * many refills of the input buffer), students recurring 1 to 8 rows apart,
 * every fifth row one that table_next reads (a quoted id, or a score with
 * a decimal point) among lines read in one step, give the rows of the same
 * file where every row is read by table_next.
 */
Test(progress, held_ids_outlive_the_input_buffer)
{
	enum { NROWS = 20000, NST = 40 };
	static char mixed[NROWS * 48 + 64], slow[NROWS * 48 + 64];
	char *m = mixed, *q = slow;
	unsigned seed = 5, st = 0, i;
	struct progress_opts o;
	struct pl_err err;
	struct rows a, b;

	m += sprintf(m, "student_id,objective_id,date,score,max_score\n");
	q += sprintf(q, "student_id,objective_id,date,score,max_score\n");
	for (i = 0; i < NROWS; i++) {
		unsigned ob, day, sc;
		char id[32];

		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 3 != 0)
			st = (st + 1 + (seed >> 8) % 8) % NST;
		ob = (seed >> 20) % 5;
		day = 1 + (seed >> 12) % 9;
		sc = (seed >> 4) % 5;
		snprintf(id, sizeof id, "Student-%0*u", (int)(1 + st % 7), st);
		if (i % 5 == 0 && i % 2 == 0)
			m += sprintf(m, "\"%s\",O%u,2026-09-0%u,%u,4\n", id, ob,
			    day, sc);
		else if (i % 5 == 0)
			m += sprintf(m, "%s,O%u,2026-09-0%u,%u.0,4\n", id, ob,
			    day, sc);
		else
			m += sprintf(m, "%s,O%u,2026-09-0%u,%u,4\n", id, ob,
			    day, sc);
		q += sprintf(q, "%s,O%u,2026-09-0%u,%u.0,4\n", id, ob, day,
		    sc);
	}
	opts_init(&o);
	cr_assert_eq(run(&o, &no_objectives, &no_roster, mixed, NULL, &a,
	    NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(run(&o, &no_objectives, &no_roster, slow, NULL, &b,
	    NULL, &err), 0, "%s", err.msg);
	cr_expect_gt(strlen(a.text), NST * 5 * 40);
	cr_expect_str_eq(a.text, b.text);
	free(a.text);
	free(b.text);
}

/* A file large enough for threads: 9000 rows of 300 students, in an
 * order that is not the students'. */
static char *
big_file(const char *bad_row, long bad_at)
{
	FILE *fp;
	char *path = test_temp_file("progress", "student_id,objective_id,date,score,"
	    "max_score\n");
	long i;

	fp = fopen(path, "a");
	cr_assert_not_null(fp);
	for (i = 0; i < 9000; i++) {
		long k = (i * 7919) % 9000;

		if (i == bad_at)
			fputs(bad_row, fp);
		fprintf(fp, "Student-%04ld,Objective-%ld,2026-%02ld-%02ld,%ld,"
		    "10\n", k % 300, k / 300 % 6, 9 + k % 3, 1 + k / 1800,
		    k % 11);
	}
	fclose(fp);
	return path;
}

/* Reads path with threads (1: progress_read alone) into rows; returns
 * what progress_read_threads returned (1 when it was not used). */
static int
read_file(const char *path, int threads, struct rows *r, struct reject *rj)
{
	struct progress_opts o;
	struct pl_err err;
	struct progress *p;
	struct table *t;
	FILE *fp = fopen(path, "r");
	int rc = 1;

	cr_assert_not_null(fp);
	opts_init(&o);
	rows_open(r);
	t = table_open(fp, path, NULL, &err);
	cr_assert_not_null(t, "%s", err.msg);
	p = progress_new(&o, &no_objectives, &no_roster, sink, r, &err);
	cr_assert_not_null(p, "%s", err.msg);
	if (threads > 1)
		rc = progress_read_threads(p, t, path, threads, NULL, &err);
	cr_assert_neq(rc, -1, "%s", err.msg);
	if (rc == 1)
		cr_assert_eq(progress_read(p, t, NULL, rj, &err), 0, "%s",
		    err.msg);
	cr_assert_eq(progress_finish(p, &err), 0, "%s", err.msg);
	progress_free(p);
	table_close(t);
	fclose(fp);
	rows_close(r);
	return rc;
}

Test(progress, read_threads_gives_the_rows_of_one_thread)
{
	char *path = big_file("", -1);
	struct rows one, four;

	cr_expect_eq(read_file(path, 1, &one, NULL), 1);
	cr_expect_eq(read_file(path, 4, &four, NULL), 0,
	    "progress_read_threads declined a 200 KB file");
	cr_expect_gt(one.len, 9000 * 10);
	cr_expect_eq(four.len, one.len);
	cr_expect_str_eq(four.text, one.text);
	free(one.text);
	free(four.text);
	unlink(path);
	free(path);
}

/* A slice that meets a bad row gives the file back to one thread, which
 * rejects the row with its line. */
Test(progress, read_threads_leaves_bad_rows_to_one_thread)
{
	char *path = big_file("Student-0001,Objective-1,2026-09-01,x,10\n",
	    7000);
	struct pl_err err;
	struct reject *rj = reject_new(NULL, 1, &err);
	struct progress_opts o;
	struct progress *p;
	struct table *t;
	FILE *fp = fopen(path, "r");

	cr_assert_not_null(rj);
	cr_assert_not_null(fp);
	opts_init(&o);
	t = table_open(fp, path, NULL, &err);
	cr_assert_not_null(t, "%s", err.msg);
	p = progress_new(&o, &no_objectives, &no_roster, sink, NULL, &err);
	cr_assert_not_null(p, "%s", err.msg);
	cr_expect_eq(progress_read_threads(p, t, path, 4, NULL, &err), 1);
	/* Under --strict, the one-thread read stops at it: line 7002 (the
	 * header, 7000 rows, then the bad one). */
	cr_expect_eq(progress_read(p, t, NULL, rj, &err), -1);
	cr_expect_eq(err.line, 7002);
	cr_expect_str_eq(err.msg, "score \"x\" is not a number");
	progress_free(p);
	reject_free(rj);
	table_close(t);
	fclose(fp);
	unlink(path);
	free(path);
}

/*
 * Objective ids the writer must quote, escape or neutralise, among plain
 * ones, in a file of enough pairs for two threads (2,000 students x 20
 * objectives): the rows of one kind of writer, read by one thread and
 * finished by threads (1: progress_finish), with progress_write_to naming
 * named (NULL: not called).
 */
static const char *const hostile_objectives[] = { "O,1", "=1+1", "O\"q",
    "O\t4", "-5", "O\\6", "plain-7", "@8", "+9", "O 10" };

static char *
hostile_file(void)
{
	FILE *fp;
	char *path = test_temp_file("progress", "student_id,objective_id,date,"
	    "score,max_score\n");
	size_t no = sizeof hostile_objectives / sizeof hostile_objectives[0];
	long i;

	fp = fopen(path, "a");
	cr_assert_not_null(fp);
	for (i = 0; i < 2000 * 20; i++) {
		long k = (i * 7919) % 40000, ob = k % 20;
		char id[32];

		if ((size_t)ob < no)
			snprintf(id, sizeof id, "\"%s\"", ob == 2 ? "O\"\"q" :
			    hostile_objectives[ob]);
		else
			snprintf(id, sizeof id, "Obj-%ld", ob);
		fprintf(fp, "S%05ld,%s,2026-10-%02ld,%ld,4\n", k / 20, id,
		    1 + k % 28, k % 5);
	}
	fclose(fp);
	return path;
}

static char *
hostile_rows(const char *path, char delim, int flags, int threads,
    const struct table_writer *named)
{
	struct progress_opts o;
	struct pl_err err;
	struct progress *p;
	struct table *t;
	struct rows r;
	FILE *fp = fopen(path, "r");
	int rc;

	cr_assert_not_null(fp);
	opts_init(&o);
	memset(&r, 0, sizeof r);
	r.fp = open_memstream(&r.text, &r.len);
	r.w = table_writer_new(r.fp, delim, flags);
	progress_write_header(r.w);
	t = table_open(fp, path, NULL, &err);
	cr_assert_not_null(t, "%s", err.msg);
	p = progress_new(&o, &no_objectives, &no_roster, sink, &r, &err);
	cr_assert_not_null(p, "%s", err.msg);
	if (named != NULL)
		progress_write_to(p, named);
	cr_assert_eq(progress_read(p, t, NULL, NULL, &err), 0, "%s", err.msg);
	rc = threads > 1 ? progress_finish_threads(p, r.w, threads, &err) : 1;
	cr_assert_neq(rc, -1, "%s", err.msg);
	cr_assert(threads == 1 || rc == 0, "threads were not used");
	if (rc == 1)
		cr_assert_eq(progress_finish(p, &err), 0, "%s", err.msg);
	progress_free(p);
	table_close(t);
	fclose(fp);
	rows_close(&r);
	return r.text;
}

/* The ids a writer keeps as they are are copied; the others are escaped
 * as ever: by one thread or two, with the writer named or not, or with a
 * writer of another kind named. */
Test(progress, named_writer_gives_the_same_rows)
{
	static const struct { char delim; int flags; } kinds[] = {
		{ ',', 0 }, { ',', TABLE_SPREADSHEET }, { '\t', 0 },
		{ '\t', TABLE_NEUTRALISE },
	};
	size_t nk = sizeof kinds / sizeof kinds[0], k;
	char *path = hostile_file();

	for (k = 0; k < nk; k++) {
		FILE *sinkhole = fopen("/dev/null", "w");
		struct table_writer *same = table_writer_new(sinkhole,
		    kinds[k].delim, kinds[k].flags);
		struct table_writer *other = table_writer_new(sinkhole,
		    kinds[(k + 1) % nk].delim, kinds[(k + 1) % nk].flags);
		char *plain = hostile_rows(path, kinds[k].delim,
		    kinds[k].flags, 1, NULL);
		char *named = hostile_rows(path, kinds[k].delim,
		    kinds[k].flags, 1, same);
		char *wrong = hostile_rows(path, kinds[k].delim,
		    kinds[k].flags, 1, other);
		char *two = hostile_rows(path, kinds[k].delim,
		    kinds[k].flags, 2, NULL);

		cr_expect_gt(strlen(plain), 40000 * 30);
		cr_expect(strstr(plain, kinds[k].delim == ',' ? "\"O,1\"" :
		    "O\\t4") != NULL, "kind %zu", k);
		cr_expect_str_eq(named, plain, "kind %zu", k);
		cr_expect_str_eq(wrong, plain, "kind %zu", k);
		cr_expect_str_eq(two, plain, "kind %zu", k);
		free(plain);
		free(named);
		free(wrong);
		free(two);
		table_writer_free(same);
		table_writer_free(other);
		fclose(sinkhole);
	}
	unlink(path);
	free(path);
}

/* Rows written in one piece (cells of up to 32 bytes copied as 32) equal
 * rows written cell by cell (a filtering writer takes them so), for ids,
 * level names and rules of every length from 1 to 80 bytes. */
Test(progress, whole_rows_equal_cell_by_cell)
{
	struct progress_opts o;
	char *text[2] = { NULL, NULL };
	int way;

	for (way = 0; way < 2; way++) {
		char ev[64 * 1024], id[96];
		size_t n = 0, len[2] = { 0, 0 };
		int k;
		struct pl_err err;
		struct progress *p;
		struct table *t;
		struct rows r;
		FILE *in;

		opts_init(&o);
		/* A level name of 31 bytes, the longest there is. */
		snprintf(o.scale.name[o.scale.nlevels - 1], MASTERY_NAME_MAX,
		    "proficient-and-then-some-more-x");
		n += (size_t)snprintf(ev + n, sizeof ev - n, "student_id,"
		    "objective_id,date,score,max_score\n");
		for (k = 1; k <= 80; k++) {
			memset(id, 'a' + k % 26, (size_t)k);
			id[k] = '\0';
			n += (size_t)snprintf(ev + n, sizeof ev - n,
			    "%s,O%s,2026-10-01,%d,4\n", id, id, k % 5);
		}
		memset(&r, 0, sizeof r);
		r.fp = open_memstream(&text[way], &len[way]);
		r.w = table_writer_new(r.fp, ',', 0);
		if (way == 1)
			table_writer_filter(r.w, test_keep_cell, NULL);
		progress_write_header(r.w);
		in = fmemopen(ev, n, "r");
		t = table_open(in, "ev.csv", NULL, &err);
		cr_assert_not_null(t, "%s", err.msg);
		p = progress_new(&o, &no_objectives, &no_roster, sink, &r,
		    &err);
		cr_assert_not_null(p, "%s", err.msg);
		cr_assert_eq(progress_read(p, t, NULL, NULL, &err), 0, "%s",
		    err.msg);
		cr_assert_eq(progress_finish(p, &err), 0, "%s", err.msg);
		progress_free(p);
		table_close(t);
		fclose(in);
		rows_close(&r);
	}
	cr_expect_gt(strlen(text[0]), 80 * 80);
	cr_expect(strstr(text[0], "proficient-and-then-some-more-x") != NULL);
	cr_expect_str_eq(text[0], text[1]);
	free(text[0]);
	free(text[1]);
}
