#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "curriculum.h"
#include "date.h"
#include "playlist.h"

/*
 * The fixture: five objectives of course M6, in pacing-guide order, and an
 * activity library.  as_of is 2024-12-01.
 *   0 6.RP.1                  due 2024-11-15  30 min  essential
 *   1 6.RP.2  <- 6.RP.1       due 2024-12-04  40 min  essential
 *   2 6.RP.3  <- 6.RP.1 6.RP.2 due 2024-12-10 45 min
 *   3 6.EE.1                  due 2024-12-04  20 min  (no activities)
 *   4 6.EE.2  <- 6.EE.1       due 2025-01-15          essential
 */
static const char *const pre_rp2[] = { "6.RP.1" };
static const char *const pre_rp3[] = { "6.RP.1", "6.RP.2" };
static const char *const pre_ee2[] = { "6.EE.1" };
static const char *const tag_soccer[] = { "soccer" };
static const char *const tag_music[] = { "music" };

static struct curriculum *cur;
static struct playlist_catalog *cat;
static struct playlist_opts opts;

static void
setup(void)
{
	static struct curriculum_objective o[5];
	static struct playlist_activity a[12];
	struct pl_err err = { 0 };
	size_t n = 0;

	memset(o, 0, sizeof o);
	o[0] = (struct curriculum_objective){ "6.RP.1", "Ratios", "M6",
		date_from_ymd(2024, 11, 15), 30, 1, NULL, 0 };
	o[1] = (struct curriculum_objective){ "6.RP.2", "Unit rates", "M6",
		date_from_ymd(2024, 12, 4), 40, 1, pre_rp2, 1 };
	o[2] = (struct curriculum_objective){ "6.RP.3", "Ratio reasoning",
		"M6", date_from_ymd(2024, 12, 10), 45, 0, pre_rp3, 2 };
	o[3] = (struct curriculum_objective){ "6.EE.1", "Exponents", "M6",
		date_from_ymd(2024, 12, 4), 20, 0, NULL, 0 };
	o[4] = (struct curriculum_objective){ "6.EE.2", "Expressions", "M6",
		date_from_ymd(2025, 1, 15), 0, 1, pre_ee2, 1 };
	cur = curriculum_new(o, 5, &err);
	cr_assert_not_null(cur, "%s", err.msg);
	/* Listed out of id order on purpose. */
	a[n++] = (struct playlist_activity){ "RP2-video", "6.RP.2",
		"Rates on video", "video", 10, PLAYLIST_FOUNDATION, NULL, 0,
		0 };
	a[n++] = (struct playlist_activity){ "RP2-read", "6.RP.2",
		"Reading rates", "reading", 15, PLAYLIST_FOUNDATION, NULL, 0,
		0 };
	a[n++] = (struct playlist_activity){ "RP2-soccer", "6.RP.2",
		"Rates on the pitch", "practice", 20, PLAYLIST_PRACTICE,
		tag_soccer, 1, 0 };
	a[n++] = (struct playlist_activity){ "RP2-sheet", "6.RP.2",
		"Rate worksheet", "worksheet", 25, PLAYLIST_PRACTICE, NULL, 0,
		0 };
	a[n++] = (struct playlist_activity){ "RP2-quiz", "6.RP.2",
		"Rates check", "practice", 10, PLAYLIST_ASSESSMENT, NULL, 0,
		1 };
	a[n++] = (struct playlist_activity){ "RP2-explore", "6.RP.2",
		"Rates in music", "project", 30, PLAYLIST_EXPLORATION,
		tag_music, 1, 0 };
	a[n++] = (struct playlist_activity){ "RP3-quiz", "6.RP.3",
		"Ratio check", "practice", 10, PLAYLIST_ASSESSMENT, NULL, 0,
		0 };
	a[n++] = (struct playlist_activity){ "RP3-lesson", "6.RP.3",
		"Ratio lesson", "video", 20, PLAYLIST_FOUNDATION, NULL, 0, 1 };
	a[n++] = (struct playlist_activity){ "RP1-practice", "6.RP.1",
		"Ratio practice", "practice", 15, PLAYLIST_PRACTICE, NULL, 0,
		0 };
	a[n++] = (struct playlist_activity){ "RP1-explore", "6.RP.1",
		"Ratios in recipes", "project", 25, PLAYLIST_EXPLORATION, NULL,
		0, 0 };
	a[n++] = (struct playlist_activity){ "EE2-video", "6.EE.2",
		"Expressions on video", "video", 10, PLAYLIST_FOUNDATION, NULL,
		0, 0 };
	a[n++] = (struct playlist_activity){ "X-1", "9.ZZ.9", "Stray",
		"video", 10, PLAYLIST_FOUNDATION, NULL, 0, 0 };
	cat = playlist_catalog_new(cur, a, n);
	playlist_opts_init(&opts);
	opts.as_of = date_from_ymd(2024, 12, 1);
}

static void
teardown(void)
{
	playlist_catalog_free(cat);
	curriculum_free(cur);
}

TestSuite(playlist, .init = setup, .fini = teardown);

static const struct playlist_mastery NONE_M = { .mastered_on = DATE_NONE,
	.last_date = DATE_NONE };

static struct playlist_mastery
mastered_on(int y, int m, int d)
{
	struct playlist_mastery x = { .has_evidence = 1, .score = 0.9,
		.level = "proficient", .mastered = 1,
		.mastered_on = date_from_ymd(y, m, d),
		.last_date = date_from_ymd(y, m, d) };

	return x;
}

/* One expected row: activity (or NULL), kind, minutes, reason. */
struct want {
	const char *objective;
	const char *activity;
	enum playlist_kind kind;
	long minutes;
	const char *reason;
};

static void
check_rows(const struct playlist_student *s, const struct want *w,
    size_t n)
{
	struct playlist *p = playlist_new();
	size_t i, got = playlist_build(p, cur, cat, s, &opts);

	cr_assert_eq(got, n, "%s: %zu rows, expected %zu", s->id, got, n);
	for (i = 0; i < n; i++) {
		const struct playlist_row *r = &p->rows[i];

		cr_expect_str_eq(r->student_id, s->id);
		cr_expect_eq(r->seq, (long)i + 1);
		cr_expect_str_eq(r->objective_id, w[i].objective, "row %zu",
		    i + 1);
		if (w[i].activity == NULL)
			cr_expect_null(r->activity_id, "row %zu", i + 1);
		else
			cr_expect_str_eq(r->activity_id ? r->activity_id :
			    "(none)", w[i].activity, "row %zu", i + 1);
		cr_expect_eq(r->kind, w[i].kind, "row %zu", i + 1);
		cr_expect_eq(r->minutes, w[i].minutes, "row %zu", i + 1);
		cr_expect_str_eq(r->reason, w[i].reason, "row %zu: %s", i + 1,
		    r->reason);
	}
	playlist_free(p);
}

static const char *const ana_interests[] = { "Soccer" };
static const char *const ana_modalities[] = { "reading" };

static void
ana(struct playlist_student *s, struct playlist_mastery *m)
{
	size_t i;

	for (i = 0; i < 5; i++)
		m[i] = NONE_M;
	m[0] = mastered_on(2024, 10, 2);
	memset(s, 0, sizeof *s);
	s->id = "ana";
	s->interests = ana_interests;
	s->ninterests = 1;
	s->modalities = ana_modalities;
	s->nmodalities = 1;
	s->mastery = m;
}

Test(playlist, ready_with_preferences_and_missing_activities)
{
	struct playlist_student s;
	struct playlist_mastery m[5];
	static const struct want w[] = {
		{ "6.RP.2", "RP2-read", PLAYLIST_READY, 15,
		  "ready: prerequisite 6.RP.1 mastered; due Dec 4; essential; "
		  "matches preferred modality reading" },
		{ "6.RP.2", "RP2-soccer", PLAYLIST_READY, 20,
		  "ready: prerequisite 6.RP.1 mastered; due Dec 4; essential; "
		  "matches interest in soccer" },
		{ "6.RP.2", "RP2-quiz", PLAYLIST_READY, 10,
		  "ready: prerequisite 6.RP.1 mastered; due Dec 4; essential; "
		  "essential activity" },
		{ "6.EE.1", NULL, PLAYLIST_READY, 20,
		  "ready: no prerequisites; due Dec 4; no activity for this "
		  "objective in the library yet" },
	};

	ana(&s, m);
	check_rows(&s, w, 4);
	cr_expect_eq(playlist_catalog_unknown(cat), 1);
}

Test(playlist, variety_picks_a_new_modality)
{
	static const char *const mods[] = { "video" };
	struct playlist_student s;
	struct playlist_mastery m[5];
	static const struct want w[] = {
		{ "6.RP.2", "RP2-video", PLAYLIST_READY, 10,
		  "ready: prerequisite 6.RP.1 mastered; due Dec 4; essential; "
		  "matches preferred modality video" },
		/* practice is used by the essential quiz; worksheet is new */
		{ "6.RP.2", "RP2-sheet", PLAYLIST_READY, 25,
		  "ready: prerequisite 6.RP.1 mastered; due Dec 4; essential" },
		{ "6.RP.2", "RP2-quiz", PLAYLIST_READY, 10,
		  "ready: prerequisite 6.RP.1 mastered; due Dec 4; essential; "
		  "essential activity" },
	};

	ana(&s, m);
	s.id = "ben";
	s.ninterests = 0;
	s.modalities = mods;
	opts.max_items = 3;
	check_rows(&s, w, 3);
}

Test(playlist, budget_cuts_mid_objective)
{
	struct playlist_student s;
	struct playlist_mastery m[5];
	struct playlist *p = playlist_new();

	ana(&s, m);
	/* 15 + 20 = 35; the quiz (10) would make 45 > 40: stop there. */
	opts.minutes = 40;
	cr_expect_eq(playlist_build(p, cur, cat, &s, &opts), 2);
	cr_expect_str_eq(p->rows[1].activity_id, "RP2-soccer");
	/* Exactly on the budget is within it. */
	opts.minutes = 45;
	cr_expect_eq(playlist_build(p, cur, cat, &s, &opts), 3);
	/* A first item longer than the budget is still listed. */
	opts.minutes = 5;
	cr_expect_eq(playlist_build(p, cur, cat, &s, &opts), 1);
	cr_expect_str_eq(p->rows[5].activity_id, "RP2-read");
	cr_expect_eq(p->rows[5].seq, 1);
	opts.minutes = 0;
	opts.max_items = 2;
	cr_expect_eq(playlist_build(p, cur, cat, &s, &opts), 2);
	cr_expect_eq(p->n, 8);
	playlist_free(p);
}

Test(playlist, nothing_mastered)
{
	struct playlist_student s = { 0 };
	static const struct want w[] = {
		{ "6.RP.1", "RP1-practice", PLAYLIST_READY, 15,
		  "ready: no prerequisites; overdue since Nov 15; essential" },
		{ "6.EE.1", NULL, PLAYLIST_READY, 20,
		  "ready: no prerequisites; due Dec 4; no activity for this "
		  "objective in the library yet" },
	};

	s.id = "dee";
	check_rows(&s, w, 2);
}

Test(playlist, everything_mastered_and_ahead_gives_stretch)
{
	struct playlist_student s = { 0 };
	struct playlist_mastery m[5];
	struct playlist_pacing pace = { "M6", PLAYLIST_PACE_AHEAD, 6 };
	size_t i;
	static const struct want w[] = {
		{ "6.RP.1", "RP1-explore", PLAYLIST_STRETCH, 25,
		  "stretch: ahead of pace by 6 days; goes further with 6.RP.1, "
		  "mastered on Oct 2" },
		{ "6.RP.2", "RP2-explore", PLAYLIST_STRETCH, 30,
		  "stretch: ahead of pace by 6 days; goes further with 6.RP.2, "
		  "mastered on Oct 2" },
	};

	for (i = 0; i < 5; i++)
		m[i] = mastered_on(2024, 10, 2);
	s.id = "eve";
	s.mastery = m;
	check_rows(&s, w, 0);
	s.pacing = &pace;
	s.npacing = 1;
	check_rows(&s, w, 2);
	/* Ahead in another course only: no stretch here. */
	pace.course = "SCI";
	check_rows(&s, w, 0);
}

Test(playlist, stretch_after_ready_for_an_ahead_student)
{
	struct playlist_student s;
	struct playlist_mastery m[5];
	struct playlist_pacing pace = { "", PLAYLIST_PACE_AHEAD, 1 };
	struct playlist *p = playlist_new();
	size_t n;

	ana(&s, m);
	s.pacing = &pace;
	s.npacing = 1;
	n = playlist_build(p, cur, cat, &s, &opts);
	cr_assert_eq(n, 6);
	cr_expect_str_eq(p->rows[4].activity_id, "RP2-explore");
	cr_expect_str_eq(p->rows[4].reason, "stretch: ahead of pace by 1 day; "
	    "explores 6.RP.2, which is next");
	cr_expect_str_eq(p->rows[5].activity_id, "RP1-explore");
	playlist_free(p);
}

/* cy: 6.RP.1 mastered on Oct 2 but now at level, 6.EE.1 still
 * Developing; 6.RP.2 and 6.RP.3 stay mastered; 6.EE.2 is not mastered and
 * waits for 6.EE.1. */
static void
cy(struct playlist_student *s, struct playlist_mastery *m,
    const char *level)
{
	size_t i;

	for (i = 0; i < 5; i++)
		m[i] = mastered_on(2024, 10, 2);
	m[0].mastered = 0;
	m[0].level = level;
	m[0].score = 0.6;
	m[3] = (struct playlist_mastery){ .has_evidence = 1, .score = 0.55,
		.level = "Developing", .mastered_on = DATE_NONE,
		.last_date = date_from_ymd(2024, 11, 25) };
	m[4] = NONE_M;
	memset(s, 0, sizeof *s);
	s->id = "cy";
	s->mastery = m;
}

Test(playlist, only_review_left)
{
	struct playlist_student s;
	struct playlist_mastery m[5];
	static const struct want w[] = {
		{ "6.RP.1", "RP1-practice", PLAYLIST_REVIEW, 15,
		  "review: mastered on Oct 2 but the latest score fell to "
		  "developing; overdue since Nov 15; essential" },
		{ "6.EE.1", NULL, PLAYLIST_REVIEW, 20,
		  "review: still Developing after work on Nov 25; due Dec 4; "
		  "no activity for this objective in the library yet" },
	};

	cy(&s, m, "developing");
	check_rows(&s, w, 2);
}

/* A piece of a reason longer than the room left is written whole: a
 * level name of 300 bytes. */
Test(playlist, long_reason_pieces_are_whole)
{
	struct playlist_student s;
	struct playlist_mastery m[5];
	struct playlist *p = playlist_new();
	char level[301], want[512];

	memset(level, 'x', 300);
	level[300] = '\0';
	cy(&s, m, level);
	cr_assert_eq(playlist_build(p, cur, cat, &s, &opts), 2);
	snprintf(want, sizeof want, "review: mastered on Oct 2 but the "
	    "latest score fell to %s; overdue since Nov 15; essential",
	    level);
	cr_expect_str_eq(p->rows[0].reason, want);
	playlist_free(p);
}

Test(playlist, developing_but_stale_is_ready_not_review)
{
	struct playlist_student s = { 0 };
	struct playlist_mastery m[5];
	struct playlist_need needs[5];
	size_t i;

	for (i = 0; i < 5; i++)
		m[i] = NONE_M;
	/* 16 days before as_of: not recent. */
	m[3] = (struct playlist_mastery){ .has_evidence = 1, .score = 0.55,
		.level = "developing", .mastered_on = DATE_NONE,
		.last_date = date_from_ymd(2024, 11, 15) };
	s.id = "old";
	s.mastery = m;
	cr_assert_eq(playlist_needs(cur, &s, &opts, needs), 2);
	cr_expect_eq(needs[0].objective, 0);
	cr_expect_eq(needs[1].objective, 3);
	cr_expect_eq(needs[1].kind, PLAYLIST_READY);
	/* Exactly 10 days is recent. */
	m[3].last_date = date_from_ymd(2024, 11, 21);
	cr_assert_eq(playlist_needs(cur, &s, &opts, needs), 2);
	cr_expect_eq(needs[0].objective, 3);
	cr_expect_eq(needs[0].kind, PLAYLIST_REVIEW);
	opts.recent_days = 9;
	playlist_needs(cur, &s, &opts, needs);
	cr_expect_eq(needs[0].kind, PLAYLIST_READY);
}

Test(playlist, behind_student_gets_essentials_first)
{
	struct playlist_student s = { 0 };
	struct playlist_mastery m[5];
	struct playlist_need needs[5];
	struct playlist_pacing pace = { "M6", PLAYLIST_PACE_ON_TRACK, 0 };
	struct playlist *p = playlist_new();

	m[0] = m[1] = m[3] = mastered_on(2024, 10, 2);
	m[2] = m[4] = NONE_M;
	s.id = "fin";
	s.mastery = m;
	s.pacing = &pace;
	s.npacing = 1;
	/* On track: by due date, 6.RP.3 (Dec 10) before 6.EE.2 (Jan 15). */
	cr_assert_eq(playlist_needs(cur, &s, &opts, needs), 2);
	cr_expect_eq(needs[0].objective, 2);
	cr_expect_eq(needs[1].objective, 4);
	pace.status = PLAYLIST_PACE_BEHIND;
	pace.days_ahead = -4;
	cr_assert_eq(playlist_needs(cur, &s, &opts, needs), 2);
	cr_expect_eq(needs[0].objective, 4);
	cr_expect_eq(needs[1].objective, 2);
	cr_assert_eq(playlist_build(p, cur, cat, &s, &opts), 3);
	cr_expect_str_eq(p->rows[0].reason, "ready: prerequisite 6.EE.1 "
	    "mastered; due Jan 15, 2025; essential; behind pace by 4 days, so "
	    "essentials come first");
	/* 6.RP.3: the essential lesson, then the quiz, by phase. */
	cr_expect_str_eq(p->rows[1].activity_id, "RP3-lesson");
	cr_expect_str_eq(p->rows[2].activity_id, "RP3-quiz");
	cr_expect_str_eq(p->rows[2].reason, "ready: prerequisites 6.RP.1 and "
	    "6.RP.2 mastered; due Dec 10; behind pace by 4 days, so "
	    "essentials come first");
	playlist_free(p);
}

Test(playlist, deterministic)
{
	struct playlist_student s;
	struct playlist_mastery m[5];
	struct playlist *p1 = playlist_new(), *p2 = playlist_new();
	size_t i;

	ana(&s, m);
	playlist_build(p1, cur, cat, &s, &opts);
	playlist_build(p2, cur, cat, &s, &opts);
	cr_assert_eq(p1->n, p2->n);
	for (i = 0; i < p1->n; i++) {
		cr_expect_str_eq(p1->rows[i].reason, p2->rows[i].reason);
		cr_expect_eq(p1->rows[i].activity_id, p2->rows[i].activity_id);
	}
	playlist_free(p1);
	playlist_free(p2);
}

Test(playlist, names_parse_both_ways)
{
	/* Values no parse below should leave. */
	enum playlist_phase ph = PLAYLIST_PRACTICE;
	enum playlist_pace pc = PLAYLIST_PACE_INTERVENE;

	cr_expect_eq(playlist_phase_parse("Assessment", &ph), 0);
	cr_expect_eq(ph, PLAYLIST_ASSESSMENT);
	cr_expect_eq(playlist_phase_parse("", &ph), 0);
	cr_expect_eq(ph, PLAYLIST_PRACTICE);
	cr_expect_eq(playlist_phase_parse("warmup", &ph), -1);
	cr_expect_eq(playlist_pace_parse("on_track", &pc), 0);
	cr_expect_eq(pc, PLAYLIST_PACE_ON_TRACK);
	cr_expect_eq(playlist_pace_parse("late", &pc), -1);
	cr_expect_str_eq(playlist_pace_name(PLAYLIST_PACE_INTERVENE),
	    "intervene");
	cr_expect_str_eq(playlist_kind_name(PLAYLIST_STRETCH), "stretch");
}

/* Dates in reasons: the month and day, and the year when it is not
 * as_of's (or there is no as_of). */
Test(playlist, says_dates_as_people_do)
{
	char buf[16];
	int32_t as_of = date_from_ymd(2026, 12, 31);

	cr_expect_str_eq(playlist_say_date(date_from_ymd(2026, 10, 2), as_of,
	    buf), "Oct 2");
	cr_expect_str_eq(playlist_say_date(date_from_ymd(2026, 1, 31), as_of,
	    buf), "Jan 31");
	cr_expect_str_eq(playlist_say_date(date_from_ymd(2025, 12, 25), as_of,
	    buf), "Dec 25, 2025");
	cr_expect_str_eq(playlist_say_date(date_from_ymd(2026, 5, 9),
	    DATE_NONE, buf), "May 9, 2026");
	cr_expect_str_eq(playlist_say_date(date_from_ymd(9999, 12, 31), as_of,
	    buf), "Dec 31, 9999");
}
