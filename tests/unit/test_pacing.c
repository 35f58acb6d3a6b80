#include <criterion/criterion.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "pacing.h"

/*
 * The fall semester: 2026-08-24 (Mon) to 2027-01-15 (Fri), off on Labor
 * Day 09-07, Thanksgiving 11-25..27 and the winter break
 * 12-21..2027-01-01.  Instructional day numbers (H = holiday; each row is a
 * Monday..Friday week labelled by its Monday):
 *
 *   08-24  1  2  3  4  5      10-19 40 41 42 43 44      12-14 77 78 79 80 81
 *   08-31  6  7  8  9 10      10-26 45 46 47 48 49      12-21  H  H  H  H  H
 *   09-07  H 11 12 13 14      11-02 50 51 52 53 54      12-28  H  H  H  H  H
 *   09-14 15 16 17 18 19      11-09 55 56 57 58 59      01-04 82 83 84 85 86
 *   09-21 20 21 22 23 24      11-16 60 61 62 63 64      01-11 87 88 89 90 91
 *   09-28 25 26 27 28 29      11-23 65 66  H  H  H      01-18 92 93 94 95 96
 *   10-05 30 31 32 33 34      11-30 67 68 69 70 71      01-25 97 .. .. .. 101
 *   10-12 35 36 37 38 39      12-07 72 73 74 75 76
 *
 * Days after 01-15 are ordinary weekdays (the calendar lists no more
 * holidays): 92 is 01-18, 96 is 01-22, 101 is 01-29; further out, day
 * 91 + 5w + r is 01-15 + 7w days + r weekdays.
 *
 * The course: 12 objectives due on days
 *   8 (09-02), 15 (09-14), 23 (09-24), 30 (10-05), 38 (10-15), 45 (10-26),
 *   53 (11-05), 60 (11-16), 68 (12-01), 75 (12-10), 83 (01-05), 91 (01-15),
 * start 08-24 (day 1), end 01-15 (day 91).  Options: window 15,
 * tolerance 2, intervene after 5.
 *
 * Most students are seen as of 10-21 (day 42): elapsed 42, the window is
 * days 28..42 (10-01..10-21), 49 days are left (43..91), 5 objectives are
 * due (days 8..38).  days_ahead = s_m - 42 when the m-th due day s_m is
 * after day 42, s_{m+1} - 42 when the (m+1)-th is before it, else 0.
 */

static int32_t
D(const char *s)
{
	int32_t d = 0;

	cr_assert_eq(date_parse(s, strlen(s), 0, &d), 0, "bad test date %s", s);
	return d;
}

static struct calendar *
semester(void)
{
	struct calendar *c = calendar_new();
	int32_t d;

	calendar_add(c, D("2026-09-07"));
	for (d = D("2026-11-25"); d <= D("2026-11-27"); d++)
		calendar_add(c, d);
	for (d = D("2026-12-21"); d <= D("2027-01-01"); d++)
		calendar_add(c, d);
	return c;
}

static const char *course_due[12] = {
	"2026-09-02", "2026-09-14", "2026-09-24", "2026-10-05",
	"2026-10-15", "2026-10-26", "2026-11-05", "2026-11-16",
	"2026-12-01", "2026-12-10", "2027-01-05", "2027-01-15",
};

static struct pacing_course *
course12(const struct calendar *cal, int32_t start, int32_t end)
{
	int32_t due[12];
	struct pl_err err;
	struct pacing_course *c;
	size_t i;

	for (i = 0; i < 12; i++)
		due[i] = D(course_due[i]);
	c = pacing_course_new(cal, due, 12, start, end, &err);
	cr_assert_not_null(c, "%s", err.msg);
	return c;
}

struct student_case {
	const char *name;
	const char *as_of;
	const char *target;		/* NULL: none */
	const char *mastered_on[13];	/* NULL-terminated */
	long mastered, expected, days_ahead, window_mastered;
	double velocity, needed;
	const char *projected;		/* "" none */
	enum pacing_status status;
};

static const struct student_case cases[] = {
	/* 8 mastered; s_8 = 60: +18.  Window: 30 33 36 40.  4 remain:
	 * 4 * 15 / 4 = 15 days -> 57 (11-11). */
	{ "ahead", "2026-10-21", NULL,
	  { "2026-08-28", "2026-09-04", "2026-09-14", "2026-09-21",
	    "2026-10-05", "2026-10-08", "2026-10-13", "2026-10-19" },
	  8, 5, 18, 4, 4.0 / 3, 20.0 / 49, "2026-11-11", PACING_AHEAD },
	/* 5 counted (10-22 is after as_of); s_5 = 38 <= 42 < s_6 = 45: 0.
	 * Window: 29 36.  7 * 15 / 2 = 52.5 -> 53 days -> 95 (01-21), which
	 * misses the end (91) by 4 <= 5. */
	{ "on_track", "2026-10-21", NULL,
	  { "2026-09-01", "2026-09-11", "2026-09-23", "2026-10-02",
	    "2026-10-13", "2026-10-22" },
	  5, 5, 0, 2, 2.0 / 3, 35.0 / 49, "2027-01-21", PACING_ON_TRACK },
	/* 4; s_5 = 38 < 42: -4.  Window 30 35 40.  8 * 15 / 3 = 40 -> 82. */
	{ "behind", "2026-10-21", NULL,
	  { "2026-09-21", "2026-10-05", "2026-10-12", "2026-10-19" },
	  4, 5, -4, 3, 1.0, 40.0 / 49, "2027-01-04", PACING_BEHIND },
	/* 2; s_3 = 23: -19.  Window 41.  10 * 15 / 1 = 150 -> day 192:
	 * 101 weekdays after 01-15 = 20 weeks + 1 -> 2027-06-07. */
	{ "intervene_days", "2026-10-21", NULL,
	  { "2026-09-04", "2026-10-20" },
	  2, 5, -19, 1, 1.0 / 3, 50.0 / 49, "2027-06-07", PACING_INTERVENE },
	/* 5, on pace (0 days), but nothing in the window: no projection,
	 * and the window is full (42 >= 15): intervene. */
	{ "intervene_stalled", "2026-10-21", NULL,
	  { "2026-08-28", "2026-09-04", "2026-09-14", "2026-09-21",
	    "2026-09-28" },
	  5, 5, 0, 0, 0.0, 35.0 / 49, "", PACING_INTERVENE },
	/* 5, on pace, window 35 only: 7 * 15 = 105 days -> 147: 56 weekdays
	 * after 01-15 = 11 weeks + 1 -> 04-05; misses by 56 > 5. */
	{ "intervene_projection", "2026-10-21", NULL,
	  { "2026-08-28", "2026-09-04", "2026-09-14", "2026-09-21",
	    "2026-10-12" },
	  5, 5, 0, 1, 1.0 / 3, 35.0 / 49, "2027-04-05", PACING_INTERVENE },

	/* Status boundaries.  Mastered on days 1 2 44 45 46; s_6 = 45.
	 * Each window holds 44 45 46, so the velocity is 1 and the
	 * projection 35 days on; 6 due by day 47. */
	{ "minus_2_on_track", "2026-10-28", NULL,
	  { "2026-08-24", "2026-08-25", "2026-10-22", "2026-10-26",
	    "2026-10-27" },
	  5, 6, -2, 3, 1.0, 35.0 / 44, "2027-01-04", PACING_ON_TRACK },
	{ "minus_3_behind", "2026-10-29", NULL,
	  { "2026-08-24", "2026-08-25", "2026-10-22", "2026-10-26",
	    "2026-10-27" },
	  5, 6, -3, 3, 1.0, 35.0 / 43, "2027-01-05", PACING_BEHIND },
	{ "minus_5_behind", "2026-11-02", NULL,
	  { "2026-08-24", "2026-08-25", "2026-10-22", "2026-10-26",
	    "2026-10-27" },
	  5, 6, -5, 3, 1.0, 35.0 / 41, "2027-01-07", PACING_BEHIND },
	{ "minus_6_intervene", "2026-11-03", NULL,
	  { "2026-08-24", "2026-08-25", "2026-10-22", "2026-10-26",
	    "2026-10-27" },
	  5, 6, -6, 3, 1.0, 35.0 / 40, "2027-01-08", PACING_INTERVENE },
	/* Mastered on days 1 2 30 31 32; s_5 = 38; 4 due by day 36. */
	{ "plus_2_on_track", "2026-10-13", NULL,
	  { "2026-08-24", "2026-08-25", "2026-10-05", "2026-10-06",
	    "2026-10-07" },
	  5, 4, 2, 3, 1.0, 35.0 / 55, "2026-12-04", PACING_ON_TRACK },
	{ "plus_3_ahead", "2026-10-12", NULL,
	  { "2026-08-24", "2026-08-25", "2026-10-05", "2026-10-06",
	    "2026-10-07" },
	  5, 4, 3, 3, 1.0, 35.0 / 56, "2026-12-03", PACING_AHEAD },

	/* Thanksgiving inside the window: as of 12-02 (69) the 15 days are
	 * 55..69 = 11-09..12-02, so 11-10 (56) counts and 11-06 (54) does
	 * not (15 weekdays would start 11-12).  10 mastered; s_10 = 75: +6.
	 * Window 56 66 69.  2 * 15 / 3 = 10 -> 79 (12-16).  Left 22. */
	{ "holiday_in_window", "2026-12-02", NULL,
	  { "2026-09-02", "2026-09-14", "2026-09-24", "2026-10-05",
	    "2026-10-15", "2026-10-26", "2026-11-06", "2026-11-10",
	    "2026-11-24", "2026-12-02" },
	  10, 9, 6, 3, 1.0, 10.0 / 22, "2026-12-16", PACING_AHEAD },
	/* Winter break between as_of 12-17 (80) and s_11 = 01-05 (83): +3
	 * instructional days, not 13 weekdays.  Window 66..80: 68 75 79.
	 * 1 * 15 / 3 = 5 -> 85 (01-07).  Left 11. */
	{ "holiday_before_due", "2026-12-17", NULL,
	  { "2026-09-02", "2026-09-14", "2026-09-24", "2026-10-05",
	    "2026-10-15", "2026-10-26", "2026-11-05", "2026-11-16",
	    "2026-12-01", "2026-12-10", "2026-12-16" },
	  11, 10, 3, 3, 1.0, 5.0 / 11, "2027-01-07", PACING_AHEAD },
	/* Behind across the break: as of 01-05 (83), 9 mastered,
	 * s_10 = 75: -8.  Window 69..83: 81.  3 * 15 = 45 -> 128: 37
	 * weekdays after 01-15 = 7 weeks + 2 -> 03-09.  Left 8. */
	{ "behind_over_break", "2027-01-05", NULL,
	  { "2026-09-02", "2026-09-14", "2026-09-24", "2026-10-05",
	    "2026-10-15", "2026-10-26", "2026-11-05", "2026-11-16",
	    "2026-12-18" },
	  9, 11, -8, 1, 1.0 / 3, 15.0 / 8, "2027-03-09", PACING_INTERVENE },

	/* Everything mastered by 10-21: s_12 = 91: +49; nothing remains:
	 * projected = as_of, needed 0.  Window 30 33 36. */
	{ "all_mastered_early", "2026-10-21", NULL,
	  { "2026-08-26", "2026-08-31", "2026-09-03", "2026-09-09",
	    "2026-09-14", "2026-09-17", "2026-09-22", "2026-09-25",
	    "2026-09-30", "2026-10-05", "2026-10-08", "2026-10-13" },
	  12, 5, 49, 3, 1.0, 0.0, "2026-10-21", PACING_AHEAD },
	/* After the end (01-22, day 96), all mastered on their due dates:
	 * m = total, s_12 = 91 before as_of: 0.  Window 82..96: 83 91. */
	{ "all_mastered_after_end", "2027-01-22", NULL,
	  { "2026-09-02", "2026-09-14", "2026-09-24", "2026-10-05",
	    "2026-10-15", "2026-10-26", "2026-11-05", "2026-11-16",
	    "2026-12-01", "2026-12-10", "2027-01-05", "2027-01-15" },
	  12, 12, 0, 2, 2.0 / 3, 0.0, "2027-01-22", PACING_ON_TRACK },
	/* After the end, 10 mastered: s_11 = 83: -13.  No day left
	 * (L = -5, floored to 1): needed 5 * 2 / 1.  Window: 92 (01-18).
	 * 2 * 15 = 30 -> 126: 35 weekdays after 01-15 = 7 weeks -> 03-05. */
	{ "after_end_unfinished", "2027-01-22", NULL,
	  { "2026-09-02", "2026-09-14", "2026-09-24", "2026-10-05",
	    "2026-10-15", "2026-10-26", "2026-11-05", "2026-11-16",
	    "2026-12-01", "2027-01-18" },
	  10, 12, -13, 1, 1.0 / 3, 10.0, "2027-03-05", PACING_INTERVENE },

	/* Nothing mastered by 10-21: s_1 = 8: -34. */
	{ "nothing_mastered", "2026-10-21", NULL, { NULL },
	  0, 5, -34, 0, 0.0, 60.0 / 49, "", PACING_INTERVENE },
	/* Nothing mastered on 08-31 (day 6), before the first due date: 0.
	 * The window is the 6 days so far: no projection, not yet a miss.
	 * Left 85. */
	{ "nothing_mastered_early", "2026-08-31", NULL, { NULL },
	  0, 0, 0, 0, 0.0, 60.0 / 85, "", PACING_ON_TRACK },
	/* Before the start (08-20): counts run from 08-23, so 08-21 is not
	 * a day; elapsed 0, velocity 0, left 91. */
	{ "before_start", "2026-08-20", NULL, { NULL },
	  0, 0, 0, 0, 0.0, 60.0 / 91, "", PACING_ON_TRACK },
	/* Before the start with two objectives tested out: s_2 = 15,
	 * counted from 08-23: +15. */
	{ "before_start_pretested", "2026-08-20", NULL,
	  { "2026-08-17", "2026-08-18" },
	  2, 0, 15, 0, 0.0, 50.0 / 91, "", PACING_AHEAD },
	/* Day 6, 3 mastered (two before the start): the window is clipped to
	 * the 6 days so far and counts all 3: velocity 5 * 3 / 6 = 2.5;
	 * 9 * 6 / 3 = 18 -> 24 (09-25).  s_3 = 23: +17.  Left 85. */
	{ "early_window_clipped", "2026-08-31", NULL,
	  { "2026-08-18", "2026-08-20", "2026-08-26" },
	  3, 0, 17, 3, 2.5, 45.0 / 85, "2026-09-25", PACING_AHEAD },

	/* Target 12-18 (day 81), earlier than the end: D = 81, expected
	 * floor(12 * 42 / 81) = 6; personal due days ceil(81k/12):
	 * 7 14 21 27 34 41 48 54 61 68 75 81.  6 mastered: s_6 = 41 <= 42 <
	 * s_7 = 48: 0 (on the class schedule, +3).  Window 30 33 40.
	 * 6 * 15 / 3 = 30 -> 72 (12-07), before the target.  Left 39. */
	{ "target_earlier_on_track", "2026-10-21", "2026-12-18",
	  { "2026-08-28", "2026-09-09", "2026-09-18", "2026-10-05",
	    "2026-10-08", "2026-10-19" },
	  6, 6, 0, 3, 1.0, 30.0 / 39, "2026-12-07", PACING_ON_TRACK },
	{ "no_target_same_student", "2026-10-21", NULL,
	  { "2026-08-28", "2026-09-09", "2026-09-18", "2026-10-05",
	    "2026-10-08", "2026-10-19" },
	  6, 5, 3, 3, 1.0, 30.0 / 49, "2026-12-07", PACING_AHEAD },
	/* Same target, 4 mastered: s_5 = 34: -8. */
	{ "target_earlier_behind", "2026-10-21", "2026-12-18",
	  { "2026-09-21", "2026-10-05", "2026-10-12", "2026-10-19" },
	  4, 6, -8, 3, 1.0, 40.0 / 39, "2027-01-04", PACING_INTERVENE },
	/* Target 01-29 (day 101), later than the end: D = 101, expected
	 * floor(12 * 42 / 101) = 4; personal due days 9 17 26 34 43 ...
	 * The "behind" student (4 mastered) is on track: s_4 = 34 <= 42 <
	 * s_5 = 43.  Projection 82 (01-04).  Left 59. */
	{ "target_later", "2026-10-21", "2027-01-29",
	  { "2026-09-21", "2026-10-05", "2026-10-12", "2026-10-19" },
	  4, 4, 0, 3, 1.0, 40.0 / 59, "2027-01-04", PACING_ON_TRACK },
	/* The on_track student with that extended target: the projection
	 * 01-21 now falls before the target; s_5 = 43 > 42: +1. */
	{ "target_later_projection", "2026-10-21", "2027-01-29",
	  { "2026-09-01", "2026-09-11", "2026-09-23", "2026-10-02",
	    "2026-10-13" },
	  5, 4, 1, 2, 2.0 / 3, 35.0 / 59, "2027-01-21", PACING_ON_TRACK },
};

static void
check_case(const struct pacing_course *course, const struct student_case *k)
{
	int32_t mastered_on[12];
	struct pacing_options opt;
	struct pacing_result r;
	struct pl_err err;
	char buf[16];
	size_t i;

	for (i = 0; i < 12; i++)
		mastered_on[i] = DATE_NONE;
	for (i = 0; i < 12 && k->mastered_on[i] != NULL; i++)
		mastered_on[i] = D(k->mastered_on[i]);
	pacing_options_default(&opt);
	cr_assert_eq(pacing_compute(course, mastered_on,
	    k->target ? D(k->target) : DATE_NONE, D(k->as_of), &opt, &r, &err),
	    0, "%s: %s", k->name, err.msg);

	cr_expect_eq(r.total, 12, "%s", k->name);
	cr_expect_eq(r.mastered, k->mastered, "%s mastered", k->name);
	cr_expect_eq(r.expected, k->expected, "%s expected %ld", k->name,
	    r.expected);
	cr_expect_eq(r.days_ahead, k->days_ahead, "%s days_ahead %ld",
	    k->name, r.days_ahead);
	cr_expect_eq(r.window_mastered, k->window_mastered,
	    "%s window_mastered %ld", k->name, r.window_mastered);
	cr_expect_float_eq(r.velocity_per_week, k->velocity, 1e-9,
	    "%s velocity %g", k->name, r.velocity_per_week);
	cr_expect_float_eq(r.needed_per_week, k->needed, 1e-9,
	    "%s needed %g", k->name, r.needed_per_week);
	cr_expect_str_eq(date_format(r.projected_date, buf), k->projected,
	    "%s projected", k->name);
	cr_expect_eq(r.status, k->status, "%s status %s", k->name,
	    pacing_status_name(r.status));
	cr_expect_float_eq(r.pct_complete, 100.0 * (double)k->mastered / 12,
	    1e-9, "%s pct", k->name);
	cr_expect_eq(r.as_of, D(k->as_of), "%s", k->name);
	cr_expect_eq(r.target_date, k->target ? D(k->target) : DATE_NONE,
	    "%s", k->name);
	cr_expect_eq(r.credit, PACING_CREDIT_UNASKED, "%s", k->name);
}

Test(pacing, semester_students)
{
	struct calendar *cal = semester();
	struct pacing_course *c = course12(cal, D("2026-08-24"),
	    D("2027-01-15"));
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(c, &cases[i]);
	pacing_course_free(c);
	calendar_free(cal);
}

Test(pacing, status_names)
{
	cr_expect_str_eq(pacing_status_name(PACING_AHEAD), "ahead");
	cr_expect_str_eq(pacing_status_name(PACING_ON_TRACK), "on_track");
	cr_expect_str_eq(pacing_status_name(PACING_BEHIND), "behind");
	cr_expect_str_eq(pacing_status_name(PACING_INTERVENE), "intervene");
}

Test(pacing, defaults_from_due_dates)
{
	struct calendar *cal = semester();
	struct pacing_course *c = course12(cal, DATE_NONE, DATE_NONE);
	char buf[16];

	/* End = the last due date.  Spacing (91 - 8) / 11 = 7.5 -> 7; the
	 * 7th instructional day back from day 8, day 8 included, is day 2. */
	cr_expect_str_eq(date_format(c->end, buf), "2027-01-15");
	cr_expect_str_eq(date_format(c->start, buf), "2026-08-25");
	pacing_course_free(c);

	/* Only an end given: the start is still derived. */
	c = course12(cal, DATE_NONE, D("2027-01-22"));
	cr_expect_str_eq(date_format(c->end, buf), "2027-01-22");
	cr_expect_str_eq(date_format(c->start, buf), "2026-08-25");
	pacing_course_free(c);
	calendar_free(cal);
}

Test(pacing, undated_objectives)
{
	struct calendar *cal = semester();
	int32_t due[5] = { DATE_NONE, 0, DATE_NONE, 0, DATE_NONE };
	int32_t mastered[5] = { DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE,
	    DATE_NONE };
	struct pacing_options opt;
	struct pacing_result r;
	struct pacing_course *c;
	struct pl_err err;
	char buf[16];

	due[1] = D("2026-09-14");	/* day 15 */
	due[3] = D("2026-10-01");	/* day 28 */

	/* Objective 0 takes 09-14, 2 takes 10-01, the last (nothing after
	 * it) the end, here the latest due date 10-01.  Spacing
	 * (28 - 15) / 4 = 3 -> start day 13 (09-10). */
	c = pacing_course_new(cal, due, 5, DATE_NONE, DATE_NONE, &err);
	cr_assert_not_null(c, "%s", err.msg);
	cr_expect_str_eq(date_format(c->due[0], buf), "2026-09-14");
	cr_expect_str_eq(date_format(c->due[1], buf), "2026-09-14");
	cr_expect_str_eq(date_format(c->due[2], buf), "2026-10-01");
	cr_expect_str_eq(date_format(c->due[4], buf), "2026-10-01");
	cr_expect_str_eq(date_format(c->end, buf), "2026-10-01");
	cr_expect_str_eq(date_format(c->start, buf), "2026-09-10");

	/* As of 09-15 (16) with one mastered on 09-11 (14): expected 2 (both
	 * due 09-14); s_2 = 15 < 16: -1, on track.  elapsed 4 (13..16),
	 * velocity 5 * 1 / 4 = 1.25; 4 * 4 / 1 = 16 -> 32 (10-07), which is
	 * 4 after the end (28): not intervene.  Left 12: needed 20 / 12. */
	mastered[3] = D("2026-09-11");
	pacing_options_default(&opt);
	cr_assert_eq(pacing_compute(c, mastered, DATE_NONE, D("2026-09-15"),
	    &opt, &r, &err), 0, "%s", err.msg);
	cr_expect_eq(r.expected, 2);
	cr_expect_eq(r.days_ahead, -1);
	cr_expect_eq(r.elapsed, 4);
	cr_expect_float_eq(r.velocity_per_week, 1.25, 1e-9);
	cr_expect_str_eq(date_format(r.projected_date, buf), "2026-10-07");
	cr_expect_float_eq(r.needed_per_week, 20.0 / 12, 1e-9);
	cr_expect_eq(r.status, PACING_ON_TRACK);
	pacing_course_free(c);

	/* With an end of 10-30 (49) the last objective is due then; spacing
	 * (49 - 15) / 4 = 8 -> start day 8 (09-02). */
	c = pacing_course_new(cal, due, 5, DATE_NONE, D("2026-10-30"), &err);
	cr_assert_not_null(c, "%s", err.msg);
	cr_expect_str_eq(date_format(c->due[4], buf), "2026-10-30");
	cr_expect_str_eq(date_format(c->start, buf), "2026-09-02");
	pacing_course_free(c);

	/* No due date at all: all due on the end; one week back from it,
	 * that day included: 10-26 (45..49). */
	due[1] = due[3] = DATE_NONE;
	c = pacing_course_new(cal, due, 5, DATE_NONE, D("2026-10-30"), &err);
	cr_assert_not_null(c, "%s", err.msg);
	cr_expect_str_eq(date_format(c->due[0], buf), "2026-10-30");
	cr_expect_str_eq(date_format(c->start, buf), "2026-10-26");
	pacing_course_free(c);

	/* ... and without an end, an error. */
	pl_err_clear(&err);
	cr_expect_null(pacing_course_new(cal, due, 5, DATE_NONE, DATE_NONE,
	    &err));
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_str_eq(err.msg, "course has no due dates and no end date");
	calendar_free(cal);
}

Test(pacing, one_objective)
{
	struct calendar *cal = semester();
	int32_t due = D("2026-10-15");		/* day 38 */
	int32_t mastered = DATE_NONE;
	struct pacing_options opt;
	struct pacing_result r;
	struct pacing_course *c;
	struct pl_err err;
	char buf[16];

	/* End 10-15; one objective: spacing 5, start day 34 (10-09). */
	c = pacing_course_new(cal, &due, 1, DATE_NONE, DATE_NONE, &err);
	cr_assert_not_null(c, "%s", err.msg);
	cr_expect_str_eq(date_format(c->start, buf), "2026-10-09");
	pacing_options_default(&opt);
	opt.credit_k = 1;
	opt.credit_n = 1;

	/* 10-13 (36): 3 days elapsed, nothing due yet, 0 days; left 2
	 * (37, 38): needed 5 * 1 / 2. */
	cr_assert_eq(pacing_compute(c, &mastered, DATE_NONE, D("2026-10-13"),
	    &opt, &r, &err), 0);
	cr_expect_eq(r.elapsed, 3);
	cr_expect_eq(r.expected, 0);
	cr_expect_eq(r.days_ahead, 0);
	cr_expect_float_eq(r.velocity_per_week, 0.0, 1e-12);
	cr_expect_eq(r.projected_date, DATE_NONE);
	cr_expect_float_eq(r.needed_per_week, 2.5, 1e-9);
	cr_expect_eq(r.status, PACING_ON_TRACK);
	cr_expect_eq(r.credit, PACING_CREDIT_NO);

	/* 10-16 (39), still not mastered: one day overdue. */
	cr_assert_eq(pacing_compute(c, &mastered, DATE_NONE, D("2026-10-16"),
	    &opt, &r, &err), 0);
	cr_expect_eq(r.expected, 1);
	cr_expect_eq(r.days_ahead, -1);
	cr_expect_eq(r.status, PACING_ON_TRACK);
	cr_expect_float_eq(r.needed_per_week, 5.0, 1e-9);

	/* Mastered on 10-14: done; projected = as_of; credit 1/1. */
	mastered = D("2026-10-14");
	cr_assert_eq(pacing_compute(c, &mastered, DATE_NONE, D("2026-10-16"),
	    &opt, &r, &err), 0);
	cr_expect_eq(r.mastered, 1);
	cr_expect_eq(r.days_ahead, 0);
	cr_expect_float_eq(r.pct_complete, 100.0, 1e-12);
	cr_expect_str_eq(date_format(r.projected_date, buf), "2026-10-16");
	cr_expect_float_eq(r.needed_per_week, 0.0, 1e-12);
	cr_expect_eq(r.credit, PACING_CREDIT_YES);
	cr_expect_eq(r.status, PACING_ON_TRACK);
	pacing_course_free(c);
	calendar_free(cal);
}

struct credit_case {
	long k, n, mastered;
	enum pacing_credit want;
};

/* 12 objectives: 7/10 needs 8.4, rounded up to 9; 2/3 needs exactly 8. */
static const struct credit_case credit_cases[] = {
	{ 7, 10, 8, PACING_CREDIT_NO },
	{ 7, 10, 9, PACING_CREDIT_YES },
	{ 2, 3, 7, PACING_CREDIT_NO },
	{ 2, 3, 8, PACING_CREDIT_YES },
	{ 1, 1, 11, PACING_CREDIT_NO },
	{ 1, 1, 12, PACING_CREDIT_YES },
	{ 0, 1, 0, PACING_CREDIT_YES },
	{ 0, 0, 12, PACING_CREDIT_UNASKED },
};

Test(pacing, credit)
{
	struct calendar *cal = semester();
	struct pacing_course *c = course12(cal, D("2026-08-24"),
	    D("2027-01-15"));
	struct pacing_options opt;
	struct pacing_result r;
	struct pl_err err;
	int32_t mastered_on[12];
	size_t i;
	long j;

	for (i = 0; i < sizeof credit_cases / sizeof credit_cases[0]; i++) {
		const struct credit_case *k = &credit_cases[i];

		for (j = 0; j < 12; j++)
			mastered_on[j] = j < k->mastered ? D("2026-09-01") :
			    DATE_NONE;
		/* One mastery after as_of never counts. */
		if (k->mastered < 12)
			mastered_on[11] = D("2026-10-22");
		pacing_options_default(&opt);
		opt.credit_k = k->k;
		opt.credit_n = k->n;
		cr_assert_eq(pacing_compute(c, mastered_on, DATE_NONE,
		    D("2026-10-21"), &opt, &r, &err), 0, "%s", err.msg);
		cr_expect_eq(r.mastered, k->mastered);
		cr_expect_eq(r.credit, k->want, "%ld/%ld with %ld", k->k, k->n,
		    k->mastered);
	}
	pacing_course_free(c);
	calendar_free(cal);
}

Test(pacing, bad_input)
{
	struct calendar *cal = semester();
	struct pacing_course *c = course12(cal, D("2026-08-24"),
	    D("2027-01-15"));
	struct pacing_options opt;
	struct pacing_result r;
	struct pl_err err;
	int32_t mastered_on[12] = { 0 };
	int32_t due = D("2026-10-15");
	size_t i;

	for (i = 0; i < 12; i++)
		mastered_on[i] = DATE_NONE;
	pacing_options_default(&opt);
	cr_expect_eq(pacing_compute(c, mastered_on, DATE_NONE, DATE_NONE,
	    &opt, &r, &err), -1);
	opt.window = 0;
	cr_expect_eq(pacing_compute(c, mastered_on, DATE_NONE, D("2026-10-21"),
	    &opt, &r, &err), -1);
	cr_expect_str_eq(err.msg,
	    "window must be at least 1 instructional day, not 0");
	pacing_options_default(&opt);
	opt.credit_k = 11;
	opt.credit_n = 10;
	cr_expect_eq(pacing_compute(c, mastered_on, DATE_NONE, D("2026-10-21"),
	    &opt, &r, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_str_eq(err.msg,
	    "credit 11/10 is not a fraction K/N with 0 <= K <= N");
	pacing_options_default(&opt);
	opt.tolerance = -1;
	cr_expect_eq(pacing_compute(c, mastered_on, DATE_NONE, D("2026-10-21"),
	    &opt, &r, &err), -1);
	pacing_course_free(c);

	cr_expect_null(pacing_course_new(cal, &due, 0, DATE_NONE, DATE_NONE,
	    &err));
	cr_expect_str_eq(err.msg, "course has no objectives");
	cr_expect_null(pacing_course_new(cal, &due, 1, D("2027-02-01"),
	    D("2027-01-15"), &err));
	cr_expect_str_eq(err.msg,
	    "course start 2027-02-01 is after its end 2027-01-15");
	calendar_free(cal);
}

/* --credit K/N: 1 <= K <= N <= 1000; a bad one leaves the options as they
 * were and says what was expected. */
Test(pacing, credit_parse)
{
	static const char *const bad[] = { "7", "/10", "0/10", "11/10",
	    "7/x", "7/10x", "7/1001", "", "-1/2" };
	struct pacing_options o;
	size_t i;

	pacing_options_default(&o);
	cr_expect_null(pacing_credit_parse("7/10", &o));
	cr_expect_eq(o.credit_k, 7);
	cr_expect_eq(o.credit_n, 10);
	cr_expect_null(pacing_credit_parse("1000/1000", &o));
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		o.credit_k = 3;
		o.credit_n = 4;
		cr_expect_not_null(pacing_credit_parse(bad[i], &o), "%s",
		    bad[i]);
		cr_expect(o.credit_k == 3 && o.credit_n == 4, "%s", bad[i]);
	}
	cr_expect_str_eq(pacing_credit_parse("7", &o),
	    "expected K/N, e.g. 7/10");
	cr_expect_str_eq(pacing_credit_parse("7/x", &o),
	    "expected K/N, e.g. 7/10");
	cr_expect_str_eq(pacing_credit_parse("11/10", &o),
	    "expected K/N with 1 <= K <= N <= 1000, e.g. 7/10");
	cr_expect_str_eq(pacing_credit_parse("0/10", &o),
	    "expected K/N with 1 <= K <= N <= 1000, e.g. 7/10");
	cr_expect_str_eq(pacing_credit_parse("7/1001", &o),
	    "expected K/N with 1 <= K <= N <= 1000, e.g. 7/10");
}
