#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "date.h"
#include "plan.h"
#include "testutil.h"

static int
load_objectives(const char *text, struct catalog_objectives *o)
{
	struct pl_err err;
	char *path = test_temp_file("plan", text);
	int rc = catalog_load_objectives(path, NULL, 0, o, &err);

	unlink(path);
	free(path);
	cr_assert_eq(rc, 0, "%s", err.msg);
	return rc;
}

/* Found by fuzz_plan: minutes beyond a long were converted anyway
 * (undefined behaviour); they are an error naming the line now. */
Test(plan, minutes_beyond_the_bound_are_an_error)
{
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_activities acts;
	struct plan_opts o;
	struct pl_err err;
	char *path;

	memset(&roster, 0, sizeof roster);
	plan_opts_init(&o);
	load_objectives("objective_id,est_minutes\na,30\nb,1e300\n", &objs);
	memset(&acts, 0, sizeof acts);
	cr_expect_null(plan_new(&o, &objs, &roster, &acts, &err));
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.msg, "column \"est_minutes\": 1e+300 is more "
	    "than 10000000");
	catalog_free_objectives(&objs);

	load_objectives("objective_id,est_minutes\na,10000000\n", &objs);
	path = test_temp_file("plan", "activity_id,objective_id,minutes,phase\n"
	    "x,a,10000000,practice\ny,a,10000001,practice\n");
	cr_assert_eq(catalog_load_activities(path, NULL, &acts, &err), 0,
	    "%s", err.msg);
	unlink(path);
	free(path);
	cr_expect_null(plan_new(&o, &objs, &roster, &acts, &err));
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.msg, "column \"minutes\": 1e+07 is more than "
	    "10000000");
	catalog_free_activities(&acts);
	catalog_free_objectives(&objs);
}

/* Found by fuzz_plan: days_ahead beyond a long was converted anyway; such
 * a row is rejected now. */
/* Reads text with fn into p; returns the number of rows rejected. */
static unsigned long
read_rejects(struct plan *p, const char *text, int (*fn)(struct plan *,
    struct table *, struct reject *, struct pl_err *))
{
	struct pl_err err;
	struct reject *rj = reject_new(NULL, 0, &err);
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct table *t = table_open(fp, "t.csv", NULL, &err);
	unsigned long n;

	cr_assert_not_null(t, "%s", err.msg);
	cr_assert_eq(fn(p, t, rj, &err), 0, "%s", err.msg);
	n = reject_count(rj);
	table_close(t);
	fclose(fp);
	reject_finish(rj, 1, NULL);
	reject_free(rj);
	return n;
}

Test(plan, days_ahead_out_of_range_is_rejected)
{
	static const char text[] = "student_id,course_id,status,days_ahead\n"
	    "s1,m,behind,-1e20\n"
	    "s2,m,ahead,1000001\n"
	    "s3,m,behind,-1000000\n"
	    "s4,m,behind,2.5\n";
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_activities acts;
	struct plan_opts o;
	struct pl_err err;
	struct plan *p;

	memset(&roster, 0, sizeof roster);
	memset(&acts, 0, sizeof acts);
	plan_opts_init(&o);
	load_objectives("objective_id\na\n", &objs);
	p = plan_new(&o, &objs, &roster, &acts, &err);
	cr_assert_not_null(p, "%s", err.msg);
	cr_expect_eq(read_rejects(p, text, plan_read_pacing), 3);
	plan_free(p);
	catalog_free_objectives(&objs);
}

/* Numbers in a semicolon-delimited table were read with a decimal point
 * only, so a spreadsheet's 0,5 was a bad row; such a table has a decimal
 * comma (DESIGN 2), and --decimal-comma now reaches days_ahead too. */
Test(plan, semicolon_tables_have_a_decimal_comma)
{
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_activities acts;
	struct plan_opts o;
	struct pl_err err;
	struct plan *p;

	memset(&roster, 0, sizeof roster);
	memset(&acts, 0, sizeof acts);
	plan_opts_init(&o);
	load_objectives("objective_id\na\nb\n", &objs);
	p = plan_new(&o, &objs, &roster, &acts, &err);
	cr_assert_not_null(p, "%s", err.msg);
	cr_expect_eq(read_rejects(p, "student_id;objective_id;score\n"
	    "s1;a;0,5\ns1;b;1\ns2;a;0.5\n", plan_read_mastery), 1);
	cr_expect_eq(read_rejects(p, "student_id;status;days_ahead\n"
	    "s1;behind;-3,0\ns2;ahead;4\n", plan_read_pacing), 0);
	cr_expect_eq(read_rejects(p, "student_id,status,days_ahead\n"
	    "s1,behind,\"-3,0\"\n", plan_read_pacing), 1);
	o.decimal_comma = 1;
	cr_expect_eq(read_rejects(p, "student_id,status,days_ahead\n"
	    "s1,behind,\"-3,0\"\n", plan_read_pacing), 0);
	plan_free(p);
	catalog_free_objectives(&objs);
}

/* Warnings a plan gave, one a line. */
static void
collect_warning(void *arg, const char *msg)
{
	char *buf = arg;

	strcat(buf, msg);
	strcat(buf, "\n");
}

/* The table plan_write writes, in a new string (free). */
static char *
written(struct plan *p)
{
	char *text = NULL;
	size_t len = 0, conflicts;
	struct pl_err err;
	FILE *fp = open_memstream(&text, &len);
	struct table_writer *w = table_writer_new(fp, ',', 0);

	cr_assert_eq(plan_write(p, w, &conflicts, &err), 0, "%s", err.msg);
	table_writer_free(w);
	fclose(fp);
	return text;
}

/* A student only in the pacing table was made a student and got a
 * playlist and groups; students are those of the roster and of the
 * mastery rows (pl-plan(1)), and such pacing rows are left out with one
 * warning that counts them. */
Test(plan, pacing_makes_no_students)
{
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct catalog_activities acts;
	struct plan_opts o;
	struct pl_err err;
	struct plan *p;
	char warnings[1024] = "", *path, *out;
	enum plan_mode modes[] = { PLAN_PLAYLIST, PLAN_GROUPS };
	size_t i;

	memset(&acts, 0, sizeof acts);
	plan_opts_init(&o);
	o.warn = collect_warning;
	o.warn_arg = warnings;
	load_objectives("objective_id\na\n", &objs);
	path = test_temp_file("plan", "student_id,name\nann,Ann\n");
	cr_assert_eq(catalog_load_roster(path, NULL, 0, &roster, &err), 0,
	    "%s", err.msg);
	unlink(path);
	free(path);
	p = plan_new(&o, &objs, &roster, &acts, &err);
	cr_assert_not_null(p, "%s", err.msg);
	cr_expect_eq(read_rejects(p, "student_id,objective_id,score\n"
	    "bob,a,0.2\n", plan_read_mastery), 0);
	cr_expect_eq(read_rejects(p, "student_id,course_id,status,days_ahead\n"
	    "zed,,behind,-3\nann,,ahead,2\nbob,,behind,-1\nzoe,,behind,-9\n",
	    plan_read_pacing), 0);
	cr_expect_str_eq(warnings, "t.csv: left out 2 rows of students in "
	    "neither the roster nor the mastery (lines 2, 5)\n");
	for (i = 0; i < 2; i++) {
		o.mode = modes[i];
		out = written(p);
		cr_expect_null(strstr(out, "zed"), "%s", out);
		cr_expect_null(strstr(out, "zoe"), "%s", out);
		cr_expect_not_null(strstr(out, "ann,"), "%s", out);
		cr_expect_not_null(strstr(out, "bob,"), "%s", out);
		free(out);
	}
	plan_free(p);
	catalog_free_roster(&roster);
	catalog_free_objectives(&objs);
}
