#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "catalog.h"
#include "date.h"
#include "paceview.h"
#include "table.h"
#include "testutil.h"

/*
 * Weekends only, from Monday 2026-08-31 (instructional day 1):
 *
 *   d1 08-31  d3 09-02  d5 09-04  d8 09-09  d10 09-11  d12 09-15
 *   d13 09-16  d15 09-18  d20 09-25  d60 11-20
 *
 * Courses (the objectives file lists bio first; "misc" has no course_id):
 *   ""   misc                 due d10
 *   alg  a1 a2 a3 a4          due d5, d10, d15, d60
 *   bio  b1 b2                due d10, d20
 * All start on 08-31; each ends on its latest due date.  As of 09-16
 * (d13), alg expects 2 (due d5 and d10); with 3 mastered the 3rd is due
 * on d15, 2 days ahead (on_track within the tolerance of 2); with 4 the
 * 4th is due on d60, 47 days ahead; with 1 the 2nd was due on d10, 3 days
 * behind; with none the 1st was due on d5, 8 days behind (intervene).
 * In bio one mastered of 2 projects d26 (10-05), 6 days after its end:
 * intervene; none mastered is 3 days behind (d10), and no projection
 * is not yet a miss before a full window (15 days) has passed.  Days
 * left are counted to d10 for "", d20 for bio, d60 for alg (at least 1).
 */
static const char OBJECTIVES[] =
    "objective_id,course_id,due_date\n"
    "b1,bio,2026-09-11\n"
    "b2,bio,2026-09-25\n"
    "a1,alg,2026-09-04\n"
    "a2,alg,2026-09-11\n"
    "misc,,2026-09-11\n"
    "a3,alg,2026-09-18\n"
    "a4,alg,2026-11-20\n";

static const char ROSTER[] =
    "student_id,target_date\n"
    "s1,\n"
    "s5,2026-10-30\n";

static int32_t
D(const char *s)
{
	int32_t d = 0;

	cr_assert_eq(date_parse(s, strlen(s), 0, &d), 0, "bad test date %s", s);
	return d;
}

static struct catalog_objectives objs;
static struct catalog_roster roster;
static struct calendar *cal;

static void
load(void)
{
	struct pl_err err;
	char *path;

	memset(&objs, 0, sizeof objs);
	memset(&roster, 0, sizeof roster);
	path = test_temp_file("paceview", OBJECTIVES);
	cr_assert_eq(catalog_load_objectives(path, NULL, 0, &objs, &err), 0,
	    "%s", err.msg);
	unlink(path);
	free(path);
	path = test_temp_file("paceview", ROSTER);
	cr_assert_eq(catalog_load_roster(path, NULL, 0, &roster, &err), 0,
	    "%s", err.msg);
	unlink(path);
	free(path);
	cal = calendar_new();
}

static void
unload(void)
{
	catalog_free_objectives(&objs);
	catalog_free_roster(&roster);
	calendar_free(cal);
}

TestSuite(paceview, .init = load, .fini = unload);

/* An item: the catalog objective id, mastered or not, mastered_on (NULL:
 * none) and the last score's date. */
static struct progress_item
item(const char *id, int mastered, const char *on, const char *last)
{
	struct progress_item it;

	memset(&it, 0, sizeof it);
	it.catalog = id ? catalog_objective(&objs, id, strlen(id)) : -1;
	if (id)
		cr_assert_geq(it.catalog, 0, "no objective %s", id);
	it.count = 1;
	it.last_date = D(last);
	it.r.has_score = 1;
	it.r.mastered = mastered;
	it.r.mastered_on = on ? D(on) : DATE_NONE;
	return it;
}

static struct paceview *
view(const struct pacing_options *opt, const char *as_of)
{
	struct pl_err err;
	struct paceview *v = paceview_new(&objs, &roster, cal, D("2026-08-31"),
	    DATE_NONE, D(as_of), opt, &err);

	cr_assert_not_null(v, "%s", err.msg);
	return v;
}

/* The rows of students st[0..n) through v, header first. */
static char *
rows(struct paceview *v, const struct progress_student *st, size_t n)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&text, &len);
	struct table_writer *w = table_writer_new(fp, ',', 0);
	struct pl_err err;

	cr_assert_not_null(fp);
	paceview_write_header(v, w);
	for (i = 0; i < n; i++)
		cr_assert_eq(paceview_write_student(v, w, &st[i], &err), 0,
		    "%s", err.msg);
	table_writer_free(w);
	fclose(fp);
	return text;
}

/* The line of text that starts with prefix, without its newline. */
static char *
line_of(const char *text, const char *prefix)
{
	static char buf[512];
	const char *p = text;

	for (; p != NULL && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			size_t n = strcspn(p, "\n");

			snprintf(buf, sizeof buf, "%.*s", (int)n, p);
			return buf;
		}
	}
	cr_assert_fail("no line starting %s in\n%s", prefix, text);
	return NULL;
}

static const char HEADER[] = "student_id,course_id,total,mastered,expected,"
    "pct_complete,status,days_ahead,velocity_per_week,needed_per_week,"
    "projected_date,target_date,as_of";

Test(paceview, header_and_credit_column)
{
	struct pacing_options opt;
	struct paceview *v;
	char *text;

	pacing_options_default(&opt);
	v = view(&opt, "2026-09-16");
	text = rows(v, NULL, 0);
	cr_assert_str_eq(line_of(text, "student_id"), HEADER);
	free(text);
	paceview_free(v);

	cr_assert_null(pacing_credit_parse("1/2", &opt));
	v = view(&opt, "2026-09-16");
	text = rows(v, NULL, 0);
	cr_assert_str_eq(strchr(text, '\n') - strlen(",credit"),
	    ",credit\n", "%s", text);
	free(text);
	paceview_free(v);
}

/* One row per course, courses in id order ("" first), whatever the order
 * of the objectives file. */
Test(paceview, a_row_per_course_in_id_order)
{
	struct pacing_options opt;
	struct progress_student s = { "s1", 0, NULL, 0 };
	struct paceview *v;
	char *text;

	pacing_options_default(&opt);
	v = view(&opt, "2026-09-16");
	text = rows(v, &s, 1);
	cr_assert_str_eq(strchr(text, '\n') + 1,
	    "s1,,1,0,1,0,behind,-3,0,5,,,2026-09-16\n"
	    "s1,alg,4,0,2,0,intervene,-8,0,0.4255,,,2026-09-16\n"
	    "s1,bio,2,0,1,0,behind,-3,0,1.4286,,,2026-09-16\n");
	free(text);
	paceview_free(v);
}

/*
 * The four statuses in alg, from what each student mastered: the count
 * of mastered objectives on or before --as-of, never the others (not
 * mastered, another course, after --as-of, unknown to the objectives).
 */
Test(paceview, statuses_from_mastered_counts)
{
	struct pacing_options opt;
	struct progress_item i1[] = {
		item("a1", 1, "2026-09-02", "2026-09-02"),
		item("a2", 1, "2026-09-09", "2026-09-09"),
		item("a3", 1, "2026-09-15", "2026-09-15"),
		item("a4", 1, "2026-09-16", "2026-09-16"),
	};
	struct progress_item i2[] = {
		item("a1", 1, "2026-09-02", "2026-09-02"),
		item("a2", 1, "2026-09-09", "2026-09-09"),
		item("a3", 1, "2026-09-15", "2026-09-15"),
		item("a4", 1, "2026-09-17", "2026-09-17"),	/* after */
		item("b1", 1, "2026-09-02", "2026-09-02"),	/* bio */
	};
	struct progress_item i3[] = {
		item("a1", 0, "2026-09-02", "2026-09-08"),	/* lost */
		item("a2", 0, NULL, "2026-09-09"),
		item(NULL, 1, "2026-09-02", "2026-09-02"),	/* unknown */
	};
	struct progress_item i4[] = {
		item("a1", 1, "2026-09-02", "2026-09-02"),
	};
	struct progress_student st[] = {
		{ "s1", 0, i1, 4 }, { "s2", -1, i2, 5 }, { "s3", -1, i3, 3 },
		{ "s4", -1, i4, 1 },
	};
	struct paceview *v;
	char *text;

	pacing_options_default(&opt);
	v = view(&opt, "2026-09-16");
	text = rows(v, st, 4);
	cr_assert_str_eq(line_of(text, "s1,alg,"),
	    "s1,alg,4,4,2,100,ahead,47,1.5385,0,2026-09-16,,2026-09-16");
	cr_assert_str_eq(line_of(text, "s2,alg,"),
	    "s2,alg,4,3,2,75,on_track,2,1.1538,0.1064,2026-09-23,,2026-09-16");
	cr_assert_str_eq(line_of(text, "s2,bio,"),
	    "s2,bio,2,1,1,50,intervene,0,0.3846,0.7143,2026-10-05,,2026-09-16");
	cr_assert_str_eq(line_of(text, "s3,alg,"),
	    "s3,alg,4,0,2,0,intervene,-8,0,0.4255,,,2026-09-16");
	cr_assert_str_eq(line_of(text, "s4,alg,"),
	    "s4,alg,4,1,2,25,behind,-3,0.3846,0.3191,2026-11-10,,2026-09-16");
	free(text);
	paceview_free(v);
}

/* A mastered objective without a mastered_on date counts on the date of
 * its last score. */
Test(paceview, mastered_without_date_counts_on_the_last_score)
{
	struct pacing_options opt;
	struct progress_item early[] = { item("b1", 1, NULL, "2026-09-02") };
	struct progress_item late[] = { item("b1", 1, NULL, "2026-09-17") };
	struct progress_student st[] = {
		{ "s1", 0, early, 1 }, { "s2", -1, late, 1 },
	};
	struct paceview *v;
	char *text;

	pacing_options_default(&opt);
	v = view(&opt, "2026-09-16");
	text = rows(v, st, 2);
	cr_assert_str_eq(line_of(text, "s1,bio,"),
	    "s1,bio,2,1,1,50,intervene,0,0.3846,0.7143,2026-10-05,,2026-09-16");
	cr_assert_str_eq(line_of(text, "s2,bio,"),
	    "s2,bio,2,0,1,0,behind,-3,0,1.4286,,,2026-09-16");
	free(text);
	paceview_free(v);
}

/*
 * A roster student without evidence gets a row per course, measured
 * against the target_date of the roster: 2026-10-30 is d45, so alg's 4
 * objectives are due on d12, d23, d34, d45 and as of d13 one is
 * expected, 1 day overdue; the target_date is the deadline (32 days
 * left).
 */
Test(paceview, roster_student_without_evidence_and_target)
{
	struct pacing_options opt;
	struct progress_student s = { "s5", 1, NULL, 0 };
	struct paceview *v;
	char *text;

	pacing_options_default(&opt);
	v = view(&opt, "2026-09-16");
	text = rows(v, &s, 1);
	cr_assert_str_eq(line_of(text, "s5,alg,"),
	    "s5,alg,4,0,1,0,on_track,-1,0,0.625,,2026-10-30,2026-09-16");
	cr_assert_str_eq(line_of(text, "s5,bio,"),
	    "s5,bio,2,0,0,0,on_track,0,0,0.3125,,2026-10-30,2026-09-16");
	free(text);
	paceview_free(v);
}

Test(paceview, credit_per_course)
{
	struct pacing_options opt;
	struct progress_item it[] = {
		item("a1", 1, "2026-09-02", "2026-09-02"),
		item("a2", 1, "2026-09-09", "2026-09-09"),
		item("b1", 1, "2026-09-02", "2026-09-02"),
	};
	struct progress_student s = { "s1", 0, it, 3 };
	struct paceview *v;
	char *text;

	pacing_options_default(&opt);
	/* 3/4: alg needs 3 of 4, bio 2 of 2, "" 1 of 1. */
	cr_assert_null(pacing_credit_parse("3/4", &opt));
	v = view(&opt, "2026-09-16");
	text = rows(v, &s, 1);
	cr_assert_str_eq(strrchr(line_of(text, "s1,alg,"), ','), ",no");
	cr_assert_str_eq(strrchr(line_of(text, "s1,bio,"), ','), ",no");
	cr_assert_str_eq(strrchr(line_of(text, "s1,,"), ','), ",no");
	free(text);
	paceview_free(v);

	cr_assert_null(pacing_credit_parse("1/2", &opt));
	v = view(&opt, "2026-09-16");
	text = rows(v, &s, 1);
	cr_assert_str_eq(strrchr(line_of(text, "s1,alg,"), ','), ",yes");
	cr_assert_str_eq(strrchr(line_of(text, "s1,bio,"), ','), ",yes");
	cr_assert_str_eq(strrchr(line_of(text, "s1,,"), ','), ",no");
	free(text);
	paceview_free(v);
}

/* A course the schedule cannot be made of is an error naming the
 * objectives file and the course. */
Test(paceview, course_without_due_dates_needs_an_end)
{
	static const char text[] = "objective_id,course_id,due_date\n"
	    "a1,alg,2026-09-04\n"
	    "g1,geo,\n"
	    "g2,geo,\n";
	struct catalog_objectives o;
	struct pacing_options opt;
	struct paceview *v;
	struct pl_err err;
	char *path;

	memset(&o, 0, sizeof o);
	path = test_temp_file("paceview", text);
	cr_assert_eq(catalog_load_objectives(path, NULL, 0, &o, &err), 0,
	    "%s", err.msg);
	pacing_options_default(&opt);
	memset(&err, 0, sizeof err);
	v = paceview_new(&o, &roster, cal, DATE_NONE, DATE_NONE,
	    D("2026-09-16"), &opt, &err);
	cr_assert_null(v);
	cr_assert_eq(err.status, PL_EXIT_USAGE);
	cr_assert_str_eq(err.file, o.name);
	cr_assert_eq(strncmp(err.msg, "course \"geo\": ", 14), 0, "%s",
	    err.msg);

	/* With an end, geo's objectives are all due on it. */
	v = paceview_new(&o, &roster, cal, DATE_NONE, D("2026-09-25"),
	    D("2026-09-16"), &opt, &err);
	cr_assert_not_null(v, "%s", err.msg);
	paceview_free(v);
	catalog_free_objectives(&o);
	unlink(path);
	free(path);
}
