#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curriculum.h"
#include "date.h"
#include "groups.h"
#include "playlist.h"

/* Four objectives without prerequisites, A B C D, in that guide order. */
static struct curriculum *cur;
static struct playlist_opts popts;

static void
setup(void)
{
	static struct curriculum_objective o[4];
	static const char *const ids[] = { "A", "B", "C", "D" };
	struct pl_err err = { 0 };
	size_t i;

	memset(o, 0, sizeof o);
	for (i = 0; i < 4; i++) {
		o[i].id = ids[i];
		o[i].course = "M";
		o[i].due = DATE_NONE;
	}
	cur = curriculum_new(o, 4, &err);
	cr_assert_not_null(cur);
	playlist_opts_init(&popts);
	popts.as_of = date_from_ymd(2024, 12, 1);
}

static void
teardown(void)
{
	curriculum_free(cur);
}

TestSuite(groups, .init = setup, .fini = teardown);

/* A class of up to 16 students; student i's mastery is mastery[i]. */
struct class {
	struct playlist_student st[16];
	struct playlist_mastery m[16][4];
	struct playlist_pacing pace[16];
	char ids[16][8];
	size_t n;
};

/* Adds a student who has mastered the objectives in `done` (a string of
 * letters), has score `score` on the others, and the given pacing. */
static void
add_student(struct class *c, const char *id, const char *done,
    double score, enum playlist_pace status, long days)
{
	size_t i = c->n++, k;

	snprintf(c->ids[i], sizeof c->ids[i], "%s", id);
	for (k = 0; k < 4; k++) {
		int is_done = strchr(done, 'A' + (int)k) != NULL;

		c->m[i][k] = (struct playlist_mastery){ .has_evidence = 1,
			.score = is_done ? 0.9 : score,
			.level = is_done ? "proficient" : "beginning",
			.mastered = is_done,
			.mastered_on = is_done ? date_from_ymd(2024, 10, 1) :
			DATE_NONE, .last_date = date_from_ymd(2024, 10, 1) };
	}
	c->pace[i] = (struct playlist_pacing){ "M", status, days };
	memset(&c->st[i], 0, sizeof c->st[i]);
	c->st[i].id = c->ids[i];
	c->st[i].mastery = c->m[i];
	c->st[i].pacing = &c->pace[i];
	c->st[i].npacing = status == PLAYLIST_PACE_UNKNOWN ? 0 : 1;
}

static struct groups *
auto_groups(const struct class *c, long max, long min)
{
	struct groups *g = groups_new();
	struct groups_opts go = { max, min };
	struct pl_err err = { 0 };

	cr_assert_eq(groups_auto(g, cur, c->st, c->n, &popts, &go, &err), 0,
	    "%s", err.msg);
	return g;
}

/* "A-1:s1,s2 A-2:s3" from the rows, in order. */
static char *
layout(const struct groups *g)
{
	static char out[512];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < g->n; i++) {
		if (i == 0 || strcmp(g->rows[i].group_id,
		    g->rows[i - 1].group_id) != 0) {
			strcat(out, i ? " " : "");
			strcat(out, g->rows[i].group_id);
			strcat(out, ":");
		} else {
			strcat(out, ",");
		}
		strcat(out, g->rows[i].student_id);
	}
	return out;
}

Test(groups, neediest_first_and_split_evenly)
{
	struct class c = { 0 };
	struct groups *g;

	add_student(&c, "s1", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "s2", "", 0.2, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "s3", "", 0.7, PLAYLIST_PACE_BEHIND, -3);
	add_student(&c, "s4", "", 0.9, PLAYLIST_PACE_INTERVENE, -7);
	add_student(&c, "s5", "", 0.4, PLAYLIST_PACE_AHEAD, 4);
	add_student(&c, "s6", "", 0.1, PLAYLIST_PACE_UNKNOWN, 0);
	add_student(&c, "s7", "", 0.3, PLAYLIST_PACE_BEHIND, -5);
	/* All need A.  Need order: s4 (intervene), s7 (-5), s3 (-3), then
	 * on track / unknown by score: s6 0.1, s2 0.2, s1 0.5, then s5. */
	g = auto_groups(&c, 3, 1);
	cr_expect_str_eq(layout(g), "A-1:s4,s7,s3 A-2:s6,s2 A-3:s1,s5");
	cr_expect_str_eq(g->rows[0].reason, "ready: A is next; intervene: "
	    "behind pace by 7 days; score 0.9; group 1 of 3 for A");
	cr_expect_null(g->rows[0].slot);
	groups_free(g);
	g = auto_groups(&c, 7, 1);
	cr_expect_str_eq(layout(g), "A-1:s4,s7,s3,s6,s2,s1,s5");
	groups_free(g);
	g = auto_groups(&c, 1, 1);
	cr_expect_str_eq(layout(g),
	    "A-1:s4 A-2:s7 A-3:s3 A-4:s6 A-5:s2 A-6:s1 A-7:s5");
	groups_free(g);
	g = auto_groups(&c, 6, 4);
	/* 7 cannot make groups of 4..6: the even split keeps 4 and 3. */
	cr_expect_str_eq(layout(g), "A-1:s4,s7,s3,s6 A-2:s2,s1,s5");
	cr_expect_str_eq(g->rows[6].reason, "ready: A is next; ahead of pace "
	    "by 4 days; score 0.4; group 2 of 2 for A; smaller than the "
	    "minimum of 4 because 7 students need A next and a group holds "
	    "at most 6");
	cr_expect_null(strstr(g->rows[0].reason, "smaller"));
	groups_free(g);
	/* 7 with min 3: 4 and 3, both within bounds. */
	g = auto_groups(&c, 6, 3);
	cr_expect_str_eq(layout(g), "A-1:s4,s7,s3,s6 A-2:s2,s1,s5");
	cr_expect_null(strstr(g->rows[6].reason, "smaller"));
	groups_free(g);
}

Test(groups, objectives_apart_and_groups_by_neediest)
{
	struct class c = { 0 };
	struct groups *g;

	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "b", "A", 0.5, PLAYLIST_PACE_BEHIND, -2);
	add_student(&c, "c", "A", 0.6, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "d", "ABCD", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	g = auto_groups(&c, 6, 2);
	/* B's group has the neediest student, so it comes first. */
	cr_expect_str_eq(layout(g), "B-1:b,c A-1:a");
	cr_expect_eq(g->nothing_needed, 1);
	cr_expect_str_eq(g->rows[2].reason, "ready: A is next; on track; "
	    "score 0.5; group 1 of 1 for A; smaller than the minimum of 2 "
	    "because only 1 student needs A next");
	groups_free(g);
}

Test(groups, bad_sizes_are_usage_errors)
{
	struct class c = { 0 };
	struct groups *g = groups_new();
	struct groups_opts go = { 2, 3 };
	struct pl_err err = { 0 };

	cr_expect_eq(groups_auto(g, cur, c.st, 0, &popts, &go, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	go.max_size = 0;
	go.min_size = 0;
	cr_expect_eq(groups_auto(g, cur, c.st, 0, &popts, &go, &err), -1);
	groups_free(g);
}

/* "S1:a,b S2:c" of the session rows (sorted by session, student). */
static struct groups *
run_sessions(const struct class *c, const struct groups_session *se,
    size_t nse, const struct groups_request *rq, size_t nrq,
    const struct groups_assign *as, size_t nas)
{
	struct groups *g = groups_new();
	struct pl_err err = { 0 };

	cr_assert_eq(groups_sessions(g, cur, c->st, c->n, &popts, se, nse,
	    rq, nrq, as, nas, &err), 0, "%s", err.msg);
	return g;
}

/* "why:student/session" of every unmet entry, in order. */
static char *
unmet(const struct groups *g)
{
	static char out[512];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < g->nunmet; i++) {
		char part[96];

		snprintf(part, sizeof part, "%s%s:%s/%s", i ? " " : "",
		    g->unmet[i].why, g->unmet[i].student_id,
		    g->unmet[i].session_id ? g->unmet[i].session_id : "-");
		strcat(out, part);
	}
	return out;
}

Test(groups, over_requested_session_goes_to_the_neediest)
{
	struct class c = { 0 };
	struct groups_session se[] = { { "S1", "A", "mon", "Lee", 2 } };
	struct groups_request rq[] = {
		{ "a", "S1", 1 }, { "b", "S1", 1 }, { "c", "S1", 1 },
	};
	struct groups *g;

	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "b", "", 0.5, PLAYLIST_PACE_INTERVENE, -9);
	add_student(&c, "c", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	g = run_sessions(&c, se, 1, rq, 3, NULL, 0);
	/* b (need 2) wins a place; a and c tie, and a comes first by id. */
	cr_expect_str_eq(layout(g), "S1:a,b");
	cr_expect_str_eq(unmet(g), "full:c/S1");
	cr_expect_str_eq(g->unmet[0].reason, "full: all 2 places in S1 are "
	    "taken");
	cr_expect_str_eq(g->rows[1].reason, "choice 1; ready for A; "
	    "intervene: behind pace by 9 days");
	cr_expect_str_eq(g->rows[1].slot, "mon");
	cr_expect_str_eq(g->rows[1].teacher, "Lee");
	cr_expect_eq(g->placed_requests, 2);
	cr_expect_eq(g->placed_score, 9 + 49);
	groups_free(g);
}

Test(groups, under_requested_and_implicit_placement)
{
	struct class c = { 0 };
	struct groups_session se[] = {
		{ "S1", "A", "mon", "Lee", 5 },
		{ "S2", "B", "mon", "Kim", 5 },
	};
	struct groups_request rq[] = { { "a", "S1", 1 }, { "b", "S1", 2 } };
	struct groups *g;

	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "b", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "c", "A", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "d", "ABCD", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	g = run_sessions(&c, se, 2, rq, 2, NULL, 0);
	/* c asked for nothing and needs B first: placed in S2 by need;
	 * d needs nothing. */
	cr_expect_str_eq(layout(g), "S1:a,b S2:c");
	cr_expect_str_eq(unmet(g), "");
	cr_expect_str_eq(g->rows[2].reason, "placed by need: B is first on "
	    "their list (ready); on track");
	groups_free(g);
}

Test(groups, placement_by_need_never_takes_a_requested_place)
{
	struct class c = { 0 };
	struct groups_session se[] = { { "S1", "A", "mon", "Lee", 1 },
		{ "S2", "A", "tue", "Lee", 1 } };
	struct groups_request rq[] = { { "a", "S1", 3 } };
	struct groups *g;

	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_AHEAD, 2);
	add_student(&c, "b", "", 0.5, PLAYLIST_PACE_INTERVENE, -9);
	g = run_sessions(&c, se, 2, rq, 1, NULL, 0);
	/* b asked for nothing: S2 is free, S1 is a's. */
	cr_expect_str_eq(layout(g), "S1:a S2:b");
	cr_expect_eq(g->placed_requests, 1);
	cr_expect_eq(g->placed_by_need, 1);
	groups_free(g);
	se[1].capacity = 0;
	g = run_sessions(&c, se, 2, rq, 1, NULL, 0);
	cr_expect_str_eq(layout(g), "S1:a");
	groups_free(g);
}

Test(groups, two_sessions_in_one_slot)
{
	struct class c = { 0 };
	struct groups_session se[] = {
		{ "S1", "A", "mon", "Lee", 1 },
		{ "S2", "B", "mon", "Kim", 1 },
		{ "S3", "B", "tue", "Kim", 1 },
	};
	struct groups_request rq[] = {
		{ "a", "S2", 2 }, { "a", "S1", 1 }, { "a", "S3", 3 },
	};
	struct groups *g;

	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	g = run_sessions(&c, se, 3, rq, 3, NULL, 0);
	/* Monday: choice 1 beats choice 2; Tuesday is free. */
	cr_expect_str_eq(layout(g), "S1:a S3:a");
	cr_expect_str_eq(unmet(g), "slot clash:a/S2");
	groups_free(g);
	/* A under review: still eligible, same result. */
	c.m[0][0] = (struct playlist_mastery){ .has_evidence = 1,
		.score = 0.6, .level = "developing",
		.mastered_on = date_from_ymd(2024, 10, 1),
		.last_date = date_from_ymd(2024, 11, 30) };
	g = run_sessions(&c, se, 3, rq, 3, NULL, 0);
	cr_expect_str_eq(layout(g), "S1:a S3:a");
	groups_free(g);
	/* A mastered: S1 is not ready; S2 and S3 are in different slots. */
	c.m[0][0].mastered = 1;
	c.m[0][0].level = "proficient";
	g = run_sessions(&c, se, 3, rq, 3, NULL, 0);
	cr_expect_str_eq(layout(g), "S2:a S3:a");
	cr_expect_str_eq(unmet(g), "not ready:a/S1");
	cr_expect_str_eq(g->unmet[0].reason, "not ready: A is not an "
	    "objective a is ready for or reviewing");
	groups_free(g);
}

Test(groups, more_placements_before_higher_choices)
{
	struct class c = { 0 };
	struct groups_session se[] = {
		{ "S1", "A", "mon", "Lee", 1 },
		{ "S2", "A", "mon", "Kim", 1 },
	};
	/* x alone in S1 is worth 49; x in S2 (45) plus y in S1 (0) places
	 * two requests, which comes first. */
	struct groups_request rq[] = {
		{ "x", "S1", 1 }, { "x", "S2", 5 }, { "y", "S1", 12 },
	};
	struct groups *g;

	add_student(&c, "x", "", 0.5, PLAYLIST_PACE_INTERVENE, -6);
	add_student(&c, "y", "", 0.5, PLAYLIST_PACE_AHEAD, 3);
	g = run_sessions(&c, se, 2, rq, 3, NULL, 0);
	cr_expect_str_eq(layout(g), "S1:y S2:x");
	cr_expect_eq(g->placed_requests, 2);
	cr_expect_eq(g->placed_score, 45);
	cr_expect_str_eq(unmet(g), "full:x/S1");
	groups_free(g);
}

Test(groups, slot_clash_between_requests)
{
	struct class c = { 0 };
	struct groups_session se[] = {
		{ "S1", "A", "mon", "Lee", 1 },
		{ "S2", "A", "mon", "Kim", 1 },
	};
	struct groups_request rq[] = { { "a", "S2", 2 }, { "a", "S1", 1 } };
	struct groups *g;

	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	g = run_sessions(&c, se, 2, rq, 2, NULL, 0);
	cr_expect_str_eq(layout(g), "S1:a");
	cr_expect_str_eq(unmet(g), "slot clash:a/S2");
	cr_expect_str_eq(g->unmet[0].reason, "slot clash: a is placed in S1 "
	    "(choice 1) at mon");
	groups_free(g);
}

Test(groups, must_assigns_first_and_conflicts_reported)
{
	struct class c = { 0 };
	struct groups_session se[] = {
		{ "S1", "A", "mon", "Lee", 1 },
		{ "S2", "A", "mon", "Kim", 2 },
		{ "S3", "A", "tue", "Kim", 2 },
	};
	struct groups_assign as[] = {
		{ "a", "S1" },		/* placed */
		{ "b", "S1" },		/* over capacity */
		{ "a", "S2" },		/* slot clash with S1 */
		{ "a", "S1" },		/* duplicate */
		{ "z", "S1" },		/* unknown student */
		{ "b", "S9" },		/* unknown session */
		{ "c", "S3" },		/* placed, though c has mastered A */
	};
	struct groups_request rq[] = {
		{ "a", "S3", 1 },	/* placed by the flow */
		{ "b", "S1", 1 },	/* full: b got choice 2 instead */
		{ "b", "S2", 2 },	/* placed */
		{ "c", "S2", 1 },	/* not ready */
		{ "a", "S2", 2 },	/* slot clash with the teacher's S1 */
	};
	struct groups *g;

	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "b", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	add_student(&c, "c", "A", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	g = run_sessions(&c, se, 3, rq, 5, as, 7);
	cr_expect_str_eq(layout(g), "S1:a S2:b S3:a,c");
	cr_expect_str_eq(unmet(g), "over capacity:b/S1 slot clash:a/S2 "
	    "duplicate:a/S1 unknown student:z/S1 unknown session:b/S9 "
	    "slot clash:a/S2 not ready:c/S2 full:b/S1");
	cr_expect_str_eq(g->unmet[0].reason, "over capacity: S1 holds 1 and "
	    "is full");
	cr_expect_str_eq(g->unmet[1].reason, "slot clash: a is already "
	    "assigned to S1 at mon");
	cr_expect_str_eq(g->unmet[5].reason, "slot clash: the teacher "
	    "assigned a to S1 at mon");
	cr_expect_eq(g->unmet[0].kind, GROUPS_UNMET_ASSIGN);
	cr_expect_eq(g->unmet[5].kind, GROUPS_UNMET_REQUEST);
	cr_expect_str_eq(g->rows[0].reason, "assigned by the teacher; on "
	    "track");
	groups_free(g);
}

Test(groups, data_errors)
{
	struct class c = { 0 };
	struct groups *g = groups_new();
	struct pl_err err = { 0 };
	struct groups_session bad_obj[] = { { "S1", "Q", "mon", NULL, 1 } };
	struct groups_session dup[] = { { "S1", "A", "mon", NULL, 1 },
		{ "S1", "B", "tue", NULL, 1 } };
	struct groups_session neg[] = { { "S1", "A", "mon", NULL, -1 } };

	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	cr_expect_eq(groups_sessions(g, cur, c.st, 1, &popts, bad_obj, 1,
	    NULL, 0, NULL, 0, &err), -1);
	cr_expect_str_eq(err.msg, "session \"S1\": unknown objective \"Q\"");
	cr_expect_eq(groups_sessions(g, cur, c.st, 1, &popts, dup, 2,
	    NULL, 0, NULL, 0, &err), -1);
	cr_expect_str_eq(err.msg, "duplicate session \"S1\"");
	cr_expect_eq(groups_sessions(g, cur, c.st, 1, &popts, neg, 1,
	    NULL, 0, NULL, 0, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	add_student(&c, "a", "", 0.5, PLAYLIST_PACE_ON_TRACK, 0);
	cr_expect_eq(groups_sessions(g, cur, c.st, 2, &popts, neg, 0,
	    NULL, 0, NULL, 0, &err), -1);
	cr_expect_str_eq(err.msg, "duplicate student \"a\"");
	groups_free(g);
}

/* A random instance: up to 6 students, 4 sessions, 2 slots. */
struct instance {
	struct class c;
	struct groups_session se[4];
	struct groups_request rq[24];
	size_t nse, nrq;
	char sid[4][24];
};

static unsigned
rnd(unsigned *seed, unsigned n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % n;
}

static void
make_instance(struct instance *in, unsigned *seed)
{
	static const char *const objs[] = { "A", "B", "C", "D" };
	static const char *const slots[] = { "mon", "tue" };
	size_t ns = 1 + rnd(seed, 6), i, j;

	memset(in, 0, sizeof *in);
	in->nse = 1 + rnd(seed, 4);
	for (j = 0; j < in->nse; j++) {
		snprintf(in->sid[j], sizeof in->sid[j], "S%zu", j + 1);
		in->se[j] = (struct groups_session){ in->sid[j],
			objs[rnd(seed, 4)], slots[rnd(seed, 2)], NULL,
			(long)rnd(seed, 4) };
	}
	for (i = 0; i < ns; i++) {
		char id[24], done[5] = "";
		size_t k, nd = 0;
		long rank = 1;

		for (k = 0; k < 4; k++)
			if (rnd(seed, 4) == 0)
				done[nd++] = (char)('A' + k);
		snprintf(id, sizeof id, "p%zu", i);
		add_student(&in->c, id, done, rnd(seed, 10) / 10.0,
		    (enum playlist_pace)rnd(seed, 5), -(long)rnd(seed, 8));
		/* Every student asks for at least one session. */
		for (j = 0; j < in->nse; j++)
			if (rnd(seed, 3) != 0 || (j + 1 == in->nse &&
			    rank == 1))
				in->rq[in->nrq++] = (struct groups_request){
					in->c.ids[i], in->sid[j],
					rank++ + (long)rnd(seed, 2) };
	}
}

struct best {
	long count;
	long score;
};

/* The best (count, score) over every choice of one session per slot per
 * student among their eligible requests, within capacities. */
static void
brute(const struct instance *in, size_t s, long *room, long count,
    long score, struct best *b)
{
	size_t q, r;

	if (s == in->c.n) {
		if (count > b->count || (count == b->count && score >
		    b->score)) {
			b->count = count;
			b->score = score;
		}
		return;
	}
	brute(in, s + 1, room, count, score, b);
	/* One or two requests of s, in different slots. */
	for (q = 0; q < in->nrq; q++) {
		const struct groups_request *x = &in->rq[q];
		size_t jx = (size_t)(x->session_id[1] - '1');
		long sx;

		if (strcmp(x->student_id, in->c.ids[s]) != 0 ||
		    room[jx] == 0 ||
		    in->c.m[s][in->se[jx].objective_id[0] - 'A'].mastered)
			continue;
		sx = 20 * (in->c.pace[s].status == PLAYLIST_PACE_INTERVENE ?
		    2 : in->c.pace[s].status == PLAYLIST_PACE_BEHIND) +
		    (x->rank < 10 ? 10 - x->rank : 0);
		room[jx]--;
		brute(in, s + 1, room, count + 1, score + sx, b);
		for (r = q + 1; r < in->nrq; r++) {
			const struct groups_request *y = &in->rq[r];
			size_t jy = (size_t)(y->session_id[1] - '1');
			long sy;

			if (strcmp(y->student_id, in->c.ids[s]) != 0 ||
			    room[jy] == 0 || strcmp(in->se[jx].slot,
			    in->se[jy].slot) == 0 || in->c.m[s][
			    in->se[jy].objective_id[0] - 'A'].mastered)
				continue;
			sy = 20 * (in->c.pace[s].status ==
			    PLAYLIST_PACE_INTERVENE ? 2 : in->c.pace[s].status
			    == PLAYLIST_PACE_BEHIND) +
			    (y->rank < 10 ? 10 - y->rank : 0);
			room[jy]--;
			brute(in, s + 1, room, count + 2, score + sx + sy, b);
			room[jy]++;
		}
		room[jx]++;
	}
}

/* Checks a result is feasible: capacities, one session per slot. */
static void
check_feasible(const struct instance *in, const struct groups *g)
{
	size_t i, k;
	long used[4] = { 0 };

	for (i = 0; i < g->n; i++) {
		size_t j = (size_t)(g->rows[i].group_id[1] - '1');

		used[j]++;
		cr_assert_leq(used[j], in->se[j].capacity);
		for (k = 0; k < i; k++)
			cr_assert(strcmp(g->rows[k].student_id,
			    g->rows[i].student_id) != 0 ||
			    strcmp(g->rows[k].slot, g->rows[i].slot) != 0,
			    "two sessions in one slot");
	}
}

Test(groups, flow_is_optimal_against_brute_force)
{
	unsigned seed = 2024;
	int iter;

	for (iter = 0; iter < 200; iter++) {
		struct instance in;
		struct best b = { 0, 0 };
		long room[4];
		size_t j;
		struct groups *g;

		make_instance(&in, &seed);
		for (j = 0; j < in.nse; j++)
			room[j] = in.se[j].capacity;
		brute(&in, 0, room, 0, 0, &b);
		g = run_sessions(&in.c, in.se, in.nse, in.rq, in.nrq, NULL, 0);
		check_feasible(&in, g);
		cr_assert_eq(g->placed_requests, b.count, "instance %d", iter);
		cr_assert_eq(g->placed_score, b.score, "instance %d", iter);
		cr_assert_eq((long)g->n, b.count);
		/* Every request is placed or explained. */
		cr_assert_eq(g->n + g->nunmet, in.nrq, "instance %d", iter);
		for (j = 0; j < g->nunmet; j++)
			cr_assert_str_neq(g->unmet[j].why, "not chosen");
		groups_free(g);
	}
}

Test(groups, same_rows_in_any_order_same_result)
{
	unsigned seed = 77;
	int iter;

	for (iter = 0; iter < 50; iter++) {
		struct instance in;
		struct groups *g1, *g2;
		struct playlist_student rev[16];
		struct groups_request rrq[24];
		size_t i;

		make_instance(&in, &seed);
		for (i = 0; i < in.c.n; i++)
			rev[i] = in.c.st[in.c.n - 1 - i];
		for (i = 0; i < in.nrq; i++)
			rrq[i] = in.rq[in.nrq - 1 - i];
		g1 = run_sessions(&in.c, in.se, in.nse, in.rq, in.nrq, NULL, 0);
		in.c.n = in.c.n;
		{
			struct class c2 = in.c;

			memcpy(c2.st, rev, sizeof rev);
			g2 = run_sessions(&c2, in.se, in.nse, rrq, in.nrq,
			    NULL, 0);
		}
		cr_assert_str_eq(layout(g1), layout(g2), "instance %d", iter);
		cr_assert_str_eq(unmet(g1), unmet(g2), "instance %d", iter);
		for (i = 0; i < g1->n; i++)
			cr_assert_str_eq(g1->rows[i].reason,
			    g2->rows[i].reason);
		groups_free(g1);
		groups_free(g2);
	}
}
