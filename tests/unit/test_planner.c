#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "planner.h"
#include "reject.h"
#include "testutil.h"

/* A scratch folder for one test's files. */
static char dir[64];

static void
make_dir(void)
{
	test_scratch_dir(dir, sizeof dir, "planner");
}

/* Writes text to name in the folder; its path goes to path. */
static void
put_file(const char *name, const char *text, char *path, size_t size)
{
	test_put_file(dir, name, text, path, size);
}

/* Removes the folder and what the test put in it. */
static void
clean_dir(void)
{
	static const char *const names[] = { "objectives.csv", "mastery.csv",
	    "mastery2.csv", "mastery.tsv", "activities.csv", "roster.csv",
	    "pacing.csv", "sessions.csv", "requests.csv", "assign.csv",
	    "out.csv", "cycle.csv" };
	char path[128];
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	cr_expect_eq(rmdir(dir), 0, "files left in %s", dir);
}

static const char OBJECTIVES[] =
    "objective_id,title,course_id,prerequisites,due_date,est_minutes,"
    "essential\n"
    "A,Alpha,M,,2026-11-10,30,yes\n"
    "B,Beta,M,A,2026-11-24,20,no\n"
    "C,Gamma,M,,2026-12-01,15,no\n";

static const char MASTERY[] =
    "student_id,objective_id,score,level,mastered,mastered_on,last_date\n"
    "s2,A,0.3,beginning,no,,2026-10-01\n"
    "s1,A,0.9,proficient,yes,2026-11-01,2026-11-01\n"
    "s1,C,0.9,proficient,yes,2026-11-02,2026-11-02\n";

/* A run's paths and options, on the folder's files. */
struct fixture {
	struct planner_opts o;
	struct test_told told;
	char objs[128], mastery[128], out[128];
};

static void
fixture_init(struct fixture *f)
{
	make_dir();
	memset(f, 0, sizeof *f);
	put_file("objectives.csv", OBJECTIVES, f->objs, sizeof f->objs);
	put_file("mastery.csv", MASTERY, f->mastery, sizeof f->mastery);
	snprintf(f->out, sizeof f->out, "%s/out.csv", dir);
	plan_opts_init(&f->o.p);
	f->o.p.as_of = date_from_ymd(2026, 11, 20);
	f->o.p.warn = test_collect;
	f->o.p.warn_arg = &f->told;
	f->o.objectives = f->objs;
	f->o.output = f->out;
	f->o.mode = 0644;
	f->o.warn = test_collect;
	f->o.warn_arg = &f->told;
}

/*
 * The whole run on the mastery operands: new, read, write, commit.
 * Returns the output's bytes (to free); fails the test on an error.
 */
static char *
run(struct fixture *f, const char *const *paths, size_t n,
    struct reject *rj)
{
	struct planner *pl;
	struct pl_err err;
	char *got;

	unlink(f->out);
	pl_err_clear(&err);
	pl = planner_new(&f->o, &err);
	cr_assert_not_null(pl, "%s", err.msg);
	cr_assert_eq(planner_read(pl, paths, n, rj, &err), 0, "%s", err.msg);
	cr_assert_eq(planner_write(pl, &err), 0, "%s", err.msg);
	cr_expect_null(test_slurp(f->out), "output in place before the commit");
	cr_assert_eq(planner_commit(pl, &err), 0, "%s", err.msg);
	planner_free(pl);
	got = test_slurp(f->out);
	cr_assert_not_null(got);
	return got;
}

#define PLAYLIST_HEADER "student_id,seq,objective_id,activity_id,title," \
    "modality,minutes,phase,kind,due_date,reason\n"

/* The default: a playlist per student, in id order, the output put in
 * place by the commit; nothing to warn about. */
Test(planner, playlist_of_each_student)
{
	struct fixture f;
	const char *paths[1];
	char *got;

	fixture_init(&f);
	paths[0] = f.mastery;
	got = run(&f, paths, 1, NULL);
	cr_expect_str_eq(got, PLAYLIST_HEADER
	    "s1,1,B,,Beta,,20,,ready,2026-11-24,ready: prerequisite A "
	    "mastered; due Nov 24; no activity for this objective in the "
	    "library yet\n"
	    "s2,1,A,,Alpha,,30,,ready,2026-11-10,ready: no prerequisites; "
	    "overdue since Nov 10; essential; no activity for this objective "
	    "in the library yet\n"
	    "s2,2,C,,Gamma,,15,,ready,2026-12-01,ready: no prerequisites; due "
	    "Dec 1; no activity for this objective in the library yet\n");
	cr_expect_str_eq(f.told.text, "");
	free(got);
	clean_dir();
}

/* Freed before its commit (a later step failed), the run leaves no
 * output behind. */
Test(planner, no_output_without_commit)
{
	struct fixture f;
	struct planner *pl;
	struct pl_err err;
	const char *paths[1];

	fixture_init(&f);
	paths[0] = f.mastery;
	pl = planner_new(&f.o, &err);
	cr_assert_not_null(pl, "%s", err.msg);
	cr_assert_eq(planner_read(pl, paths, 1, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(planner_write(pl, &err), 0, "%s", err.msg);
	planner_free(pl);
	cr_expect_eq(access(f.out, F_OK), -1);
	clean_dir();
}

/* --groups: one group per next objective, the pacing read too. */
Test(planner, groups_with_pacing)
{
	struct fixture f;
	const char *paths[1];
	char pacing[128];
	char *got;

	fixture_init(&f);
	put_file("pacing.csv", "student_id,course_id,status,days_ahead\n"
	    "s1,M,on_track,0\ns2,M,behind,-3\n", pacing, sizeof pacing);
	f.o.pacing = pacing;
	f.o.p.mode = PLAN_GROUPS;
	paths[0] = f.mastery;
	got = run(&f, paths, 1, NULL);
	cr_expect_str_eq(got, "group_id,student_id,objective_id,slot,teacher,"
	    "reason\n"
	    "A-1,s2,A,,,ready: A is next; behind pace by 3 days; score 0.3; "
	    "group 1 of 1 for A\n"
	    "B-1,s1,B,,,ready: B is next; on track; group 1 of 1 for B\n");
	cr_expect_str_eq(f.told.text, "");
	free(got);
	clean_dir();
}

/* --sessions with an assignment that overfills its session: the
 * assignment is a row with an empty group_id, and the warning goes
 * through the callback. */
Test(planner, sessions_warn_about_assignments_not_placed)
{
	struct fixture f;
	const char *paths[1];
	char sessions[128], assign[128];
	char *got;

	fixture_init(&f);
	put_file("sessions.csv", "session_id,objective_id,slot,capacity,"
	    "teacher\nG1,A,mon,1,Ms. Rivera\nG2,B,mon,2,Mr. Abbott\n",
	    sessions, sizeof sessions);
	put_file("assign.csv", "student_id,session_id\ns2,G1\ns1,G1\n",
	    assign, sizeof assign);
	f.o.sessions = sessions;
	f.o.assign = assign;
	f.o.p.mode = PLAN_SESSIONS;
	paths[0] = f.mastery;
	got = run(&f, paths, 1, NULL);
	cr_expect_str_eq(got, "group_id,student_id,objective_id,slot,teacher,"
	    "reason\n"
	    "G1,s2,A,mon,Ms. Rivera,assigned by the teacher\n"
	    "G2,s1,B,mon,Mr. Abbott,placed by need: B is first on their list "
	    "(ready)\n"
	    ",s1,A,mon,Ms. Rivera,not placed: teacher assignment for G1: "
	    "over capacity: G1 holds 1 and is full\n");
	cr_expect_str_eq(f.told.text, "1 teacher assignment could not be "
	    "placed (see the rows with an empty group_id)\n");
	free(got);

	/* Without a callback, the same run is quiet. */
	f.o.warn = NULL;
	got = run(&f, paths, 1, NULL);
	cr_expect_str_eq(f.told.text, "1 teacher assignment could not be "
	    "placed (see the rows with an empty group_id)\n");
	free(got);
	clean_dir();
}

/* Activities of objectives not in --objectives are left out with one
 * warning that counts them, in the singular or the plural; the others
 * are planned. */
Test(planner, activities_of_unknown_objectives)
{
	struct fixture f;
	const char *paths[1];
	char acts[128], want[256];
	char *got;

	fixture_init(&f);
	put_file("activities.csv", "activity_id,objective_id,title,modality,"
	    "minutes,phase\n"
	    "X1,Z,Stray,video,5,practice\n"
	    "A1,B,Beta drill,practice,10,practice\n"
	    "X2,Y,Stray too,video,5,practice\n", acts, sizeof acts);
	f.o.activities = acts;
	f.o.p.students = (const char *const []){ "s1" };
	f.o.p.nstudents = 1;
	paths[0] = f.mastery;
	got = run(&f, paths, 1, NULL);
	cr_expect_str_eq(got, PLAYLIST_HEADER
	    "s1,1,B,A1,Beta drill,practice,10,practice,ready,2026-11-24,ready: "
	    "prerequisite A mastered; due Nov 24\n");
	snprintf(want, sizeof want, "2 activities for objectives not in %s, "
	    "left out\n", f.objs);
	cr_expect_str_eq(f.told.text, want);
	free(got);

	put_file("activities.csv", "activity_id,objective_id,title\n"
	    "X1,Z,Stray\n", acts, sizeof acts);
	f.told.text[0] = '\0';
	got = run(&f, paths, 1, NULL);
	snprintf(want, sizeof want, "1 activity for objectives not in %s, "
	    "left out\n", f.objs);
	cr_expect_str_eq(f.told.text, want);
	free(got);
	clean_dir();
}

/* The output takes the first mastery table's delimiter, unless a format
 * is forced; --spreadsheet writes for Excel. */
Test(planner, output_format_follows_the_first_mastery_table)
{
	struct fixture f;
	const char *paths[2];
	char tsv[128], second[128];
	char *got;

	fixture_init(&f);
	put_file("mastery.tsv", "student_id\tobjective_id\tlevel\tmastered\n"
	    "s3\tA\tproficient\tyes\n", tsv, sizeof tsv);
	put_file("mastery2.csv", "student_id,objective_id,level,mastered\n"
	    "s4,A,proficient,yes\n", second, sizeof second);
	f.o.p.max_items = 1;
	paths[0] = tsv;
	paths[1] = second;
	got = run(&f, paths, 2, NULL);
	cr_expect_str_eq(got,
	    "student_id\tseq\tobjective_id\tactivity_id\ttitle\tmodality\t"
	    "minutes\tphase\tkind\tdue_date\treason\n"
	    "s3\t1\tB\t\tBeta\t\t20\t\tready\t2026-11-24\tready: "
	    "prerequisite A mastered; due Nov 24; no activity for this "
	    "objective in the library yet\n"
	    "s4\t1\tB\t\tBeta\t\t20\t\tready\t2026-11-24\tready: "
	    "prerequisite A mastered; due Nov 24; no activity for this "
	    "objective in the library yet\n");
	free(got);

	f.o.out_format = ',';
	f.o.spreadsheet = 1;
	paths[0] = second;
	got = run(&f, paths, 1, NULL);
	cr_expect_str_eq(got, "\xef\xbb\xbf"
	    "student_id,seq,objective_id,activity_id,title,modality,minutes,"
	    "phase,kind,due_date,reason\r\n"
	    "s4,1,B,,Beta,,20,,ready,2026-11-24,ready: prerequisite A "
	    "mastered; due Nov 24; no activity for this objective in the "
	    "library yet\r\n");
	free(got);
	clean_dir();
}

/* A mastery row for an objective not in --objectives is rejected with
 * its line, and the rest planned. */
Test(planner, bad_mastery_rows_are_rejected)
{
	struct fixture f;
	const char *paths[1];
	char bad[128];
	struct pl_err err;
	struct reject *rj;

	fixture_init(&f);
	put_file("mastery2.csv", "student_id,objective_id,level,mastered\n"
	    "s1,A,proficient,yes\ns1,Q,proficient,yes\n", bad, sizeof bad);
	rj = reject_new(NULL, 0, &err);
	cr_assert_not_null(rj);
	/* Nothing is written: the rejects are what matter. */
	{
		struct planner *pl = planner_new(&f.o, &err);

		paths[0] = bad;
		cr_assert_not_null(pl, "%s", err.msg);
		cr_assert_eq(planner_read(pl, paths, 1, rj, &err), 0, "%s",
		    err.msg);
		planner_free(pl);
	}
	cr_expect_eq(reject_count(rj), 1);
	reject_free(rj);

	/* Under --strict it is the error, with the file and line. */
	rj = reject_new(NULL, 1, &err);
	{
		struct planner *pl = planner_new(&f.o, &err);

		cr_assert_not_null(pl, "%s", err.msg);
		pl_err_clear(&err);
		cr_expect_eq(planner_read(pl, paths, 1, rj, &err), -1);
		cr_expect_str_eq(err.file, bad);
		cr_expect_eq(err.line, 3);
		planner_free(pl);
	}
	reject_free(rj);
	clean_dir();
}

/* What cannot be planned is an error from the step that finds it. */
Test(planner, errors)
{
	struct fixture f;
	const char *paths[1];
	char cycle[128], missing[128];
	struct pl_err err;
	struct planner *pl;

	fixture_init(&f);
	f.o.objectives = "/nonexistent/objectives.csv";
	pl_err_clear(&err);
	cr_expect_null(planner_new(&f.o, &err));
	cr_expect_str_eq(err.file, "/nonexistent/objectives.csv");

	put_file("cycle.csv", "objective_id,prerequisites\nA,B\nB,A\n", cycle,
	    sizeof cycle);
	f.o.objectives = cycle;
	pl_err_clear(&err);
	cr_expect_null(planner_new(&f.o, &err));
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect_neq(strstr(err.msg, "prerequisite cycle"), NULL, "%s",
	    err.msg);

	f.o.objectives = f.objs;
	pl = planner_new(&f.o, &err);
	cr_assert_not_null(pl, "%s", err.msg);
	snprintf(missing, sizeof missing, "%s/absent.csv", dir);
	paths[0] = missing;
	pl_err_clear(&err);
	cr_expect_eq(planner_read(pl, paths, 1, NULL, &err), -1);
	cr_expect_str_eq(err.file, missing);
	planner_free(pl);
	clean_dir();
}
