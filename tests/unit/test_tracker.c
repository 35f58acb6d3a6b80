#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "reject.h"
#include "tracker.h"
#include "testutil.h"

/* A scratch folder for one test's files. */
static char dir[64];

static void
make_dir(void)
{
	test_scratch_dir(dir, sizeof dir, "tracker");
}

static void
put_file(const char *name, const char *text, char *path, size_t size)
{
	test_put_file(dir, name, text, path, size);
}

static const char EVIDENCE[] =
    "student_id,objective_id,date,score,max_score\n"
    "S2,O1,2026-09-01,3,4\n"
    "S1,O1,2026-09-02,4,4\n"
    "S1,O9,2026-09-03,1,4\n"
    "S1,O1,2026-12-30,1,4\n";

/* One file through the whole run: mastery rows in id order, the future
 * score left out, a warning for the objective not in the objectives, the
 * output in place only once committed. */
Test(tracker, mastery_rows_and_warnings)
{
	struct tracker_opts o;
	struct tracker *tr;
	struct pl_err err;
	struct test_told t = { "" };
	char ev[128], objs[128], out[128];
	const char *paths[1];
	char *got;

	make_dir();
	put_file("ev.csv", EVIDENCE, ev, sizeof ev);
	put_file("objs.csv", "objective_id,title\nO1,One\n", objs,
	    sizeof objs);
	snprintf(out, sizeof out, "%s/out.csv", dir);
	tracker_opts_init(&o);
	o.p.as_of = date_from_ymd(2026, 12, 1);
	o.objectives = objs;
	o.output = out;
	o.threads = 1;
	o.mode = 0644;
	o.warn = test_collect;
	o.arg = &t;
	pl_err_clear(&err);
	paths[0] = ev;
	tr = tracker_new(&o, &err);
	cr_assert_not_null(tr, "%s", err.msg);
	cr_assert_eq(tracker_read(tr, paths, 1, NULL, &err), 0, "%s",
	    err.msg);
	cr_assert_eq(tracker_finish(tr, &err), 0, "%s", err.msg);
	{
		char want[256];

		snprintf(want, sizeof want, "1 evidence row for 1 objective "
		    "not in %s, kept\n", objs);
		cr_expect_str_eq(t.text, want);
	}
	cr_expect_null(test_slurp(out), "no output before the commit");
	cr_assert_eq(tracker_commit(tr, &err), 0, "%s", err.msg);
	tracker_free(tr);
	got = test_slurp(out);
	cr_assert_not_null(got);
	cr_expect_str_eq(got,
	    "student_id,objective_id,course_id,evidence_count,last_date,"
	    "score,level,mastered,mastered_on,rule\n"
	    "S1,O1,,1,2026-09-02,1,advanced,yes,2026-09-02,decaying:0.65\n"
	    "S1,O9,,1,2026-09-03,0.25,beginning,no,,decaying:0.65\n"
	    "S2,O1,,1,2026-09-01,0.75,proficient,yes,2026-09-01,"
	    "decaying:0.65\n");
	free(got);
	unlink(out);
	unlink(ev);
	unlink(objs);
	rmdir(dir);
}

/* A run that fails, or is freed before its commit, leaves no output. */
Test(tracker, no_output_without_commit)
{
	struct tracker_opts o;
	struct tracker *tr;
	struct pl_err err;
	char ev[128], out[128];
	const char *paths[1];

	make_dir();
	put_file("ev.csv", EVIDENCE, ev, sizeof ev);
	snprintf(out, sizeof out, "%s/out.csv", dir);
	tracker_opts_init(&o);
	o.p.as_of = date_from_ymd(2026, 12, 31);
	o.objectives = "/nonexistent/objectives.csv";
	o.output = out;
	o.mode = 0644;
	pl_err_clear(&err);
	cr_expect_null(tracker_new(&o, &err));
	cr_expect_neq(err.msg[0], '\0');
	o.objectives = NULL;
	tr = tracker_new(&o, &err);
	cr_assert_not_null(tr, "%s", err.msg);
	paths[0] = ev;
	cr_assert_eq(tracker_read(tr, paths, 1, NULL, &err), 0);
	cr_assert_eq(tracker_finish(tr, &err), 0);
	tracker_free(tr);
	cr_expect_null(test_slurp(out));
	unlink(ev);
	rmdir(dir);
}

Test(tracker, defaults_and_bkt_use)
{
	struct tracker_opts o;

	tracker_opts_init(&o);
	cr_expect_eq(o.p.rule.kind, MASTERY_DECAYING);
	cr_expect_eq(o.p.min_evidence, 1);
	cr_expect_eq(o.start, DATE_NONE);
	cr_expect_eq(o.p.ev.fixed_date, DATE_NONE);
	cr_expect_eq(tracker_uses_bkt(&o), 0);
	o.objectives = "objectives.csv";	/* may hold a bkt rule */
	cr_expect_eq(tracker_uses_bkt(&o), 1);
	o.p.rule.kind = MASTERY_BKT;
	cr_expect_eq(tracker_uses_bkt(&o), 1);
	o.p.rule.fit = 1;
	cr_expect_eq(tracker_uses_bkt(&o), 2);
}

/* Each option that needs another is refused without it, with the reason;
 * the defaults and the usual combinations pass. */
Test(tracker, options_that_go_together)
{
	struct tracker_opts o;
	struct pl_err err;
	const char *why;

	tracker_opts_init(&o);
	cr_expect_null(tracker_opts_check(&o));
	o.p.all = 1;
	cr_expect_str_eq(tracker_opts_check(&o),
	    "--all needs --objectives and --roster");
	o.objectives = "objectives.csv";
	o.roster = "roster.csv";
	cr_expect_null(tracker_opts_check(&o));
	o.pacing = 1;
	cr_expect_null(tracker_opts_check(&o));
	o.objectives = NULL;
	o.p.all = 0;
	cr_expect_str_eq(tracker_opts_check(&o),
	    "--pacing needs --objectives (the pacing guide)");

	tracker_opts_init(&o);
	o.p.from_mastery = 1;
	cr_expect_str_eq(tracker_opts_check(&o),
	    "--from-mastery goes with --pacing");
	tracker_opts_init(&o);
	o.start = date_from_ymd(2026, 9, 1);
	why = tracker_opts_check(&o);
	cr_expect(why != NULL && strstr(why, "go with --pacing") != NULL);
	tracker_opts_init(&o);
	o.pace.credit_n = 10;
	cr_expect_not_null(tracker_opts_check(&o));

	tracker_opts_init(&o);
	o.bkt.eval = 1;
	why = tracker_opts_check(&o);
	cr_expect(why != NULL && strstr(why, "go with --rule bkt") != NULL);
	cr_assert_eq(mastery_rule_parse("bkt", &o.p.rule, &err), 0);
	cr_expect_str_eq(tracker_opts_check(&o), "--rule bkt needs "
	    "--bkt-params FILE (or use bkt:fit to fit the parameters)");
	o.bkt_params = "params.csv";
	cr_expect_null(tracker_opts_check(&o));
	o.bkt_params_out = "out.csv";
	cr_expect_str_eq(tracker_opts_check(&o),
	    "--bkt-params-out needs --rule bkt:fit");
	cr_assert_eq(mastery_rule_parse("bkt:fit", &o.p.rule, &err), 0);
	cr_expect_null(tracker_opts_check(&o));
	o.p.grouped = 1;
	why = tracker_opts_check(&o);
	cr_expect(why != NULL && strstr(why, "--grouped") != NULL);
	o.p.grouped = 0;
	o.bkt.predict = 1;
	o.pacing = 1;
	o.objectives = "objectives.csv";
	cr_expect_str_eq(tracker_opts_check(&o),
	    "--predict cannot be combined with --pacing");
}
