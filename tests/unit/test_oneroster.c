#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "oneroster.h"
#include "zip_fixture.h"

static void
put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
cleanup(const char *dir)
{
	static const char *const files[] = { "manifest.csv", "lineItems.csv",
	    "results.csv", "users.csv", "enrollments.csv", "classes.csv",
	    "lineItemLearningObjectiveIds.csv",
	    "resultLearningObjectiveIds.csv" };
	char path[512];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static char *
run(const char *dir, int roster, const struct oneroster_opts *o,
    struct import_stats *st, int *rc, struct pl_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(out, ',', 0);
	struct reject *rj = reject_new(NULL, 0, err);

	memset(st, 0, sizeof *st);
	*rc = roster ? oneroster_roster(dir, w, o, 0, rj, st, err) :
	    oneroster_evidence(dir, w, o, 0, rj, st, err);
	table_writer_free(w);
	fclose(out);
	reject_free(rj);
	return buf;
}

Test(oneroster, manifest_modes)
{
	static const char text[] =
	    "propertyName,value\n"
	    "manifest.version,1.0\n"
	    "oneroster.version,1.2\n"
	    "file.results,delta\n"
	    "file.lineItems,bulk\n"
	    "file.scoreScales,\n"
	    "file.users,absent\n";
	struct oneroster_manifest m;
	struct import_stats st;
	struct pl_err err;
	FILE *fp = fmemopen((void *)text, sizeof text - 1, "r");

	memset(&st, 0, sizeof st);
	cr_assert_eq(oneroster_manifest_read(fp, "manifest.csv", &m, &st, &err),
	    0, "%s", err.msg);
	cr_expect_str_eq(m.version, "1.2");
	cr_expect_eq(oneroster_mode_of(&m, "results"), ONEROSTER_DELTA);
	cr_expect_eq(oneroster_mode_of(&m, "lineItems"), ONEROSTER_BULK);
	cr_expect_eq(oneroster_mode_of(&m, "scoreScales"), ONEROSTER_ABSENT);
	cr_expect_eq(oneroster_mode_of(&m, "users"), ONEROSTER_ABSENT);
	cr_expect_eq(oneroster_mode_of(&m, "classes"), ONEROSTER_ABSENT);
	/* The empty mode is told, not silently dropped. */
	cr_expect_eq(st.nnotes, 1);
	cr_expect(strstr(st.notes[0], "file.scoreScales") != NULL);
	fclose(fp);
}

Test(oneroster, manifest_without_version)
{
	static const char text[] = "propertyName,value\nfile.users,bulk\n";
	struct oneroster_manifest m;
	struct import_stats st;
	struct pl_err err;
	FILE *fp = fmemopen((void *)text, sizeof text - 1, "r");

	memset(&st, 0, sizeof st);
	cr_expect_eq(oneroster_manifest_read(fp, "manifest.csv", &m, &st, &err),
	    -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	fclose(fp);
}

Test(oneroster, results_to_evidence_12)
{
	char dir[] = "/tmp/pl-oneroster-XXXXXX";
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	int rc;
	char *out;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "manifest.csv", "propertyName,value\noneroster.version,1.2\n"
	    "file.lineItems,delta\nfile.results,delta\n"
	    "file.lineItemLearningObjectiveIds,bulk\n"
	    "file.resultLearningObjectiveIds,bulk\n");
	/* Columns reordered; an extension column. */
	put(dir, "lineItems.csv", "title,sourcedId,status,resultValueMax,"
	    "classSourcedId,dueDate,x_ext\n"
	    "Lab,L1,active,4,k1,2026-09-09,1\n"
	    "Quiz,L2,active,10,k1,2026-09-12,2\n"
	    "Gone,L3,tobedeleted,10,k1,2026-09-12,3\n");
	put(dir, "lineItemLearningObjectiveIds.csv", "sourcedId,status,"
	    "dateLastModified,lineItemSourcedId,source,learningObjectiveId\n"
	    "a,,,L1,case,G1\nb,,,L1,case,G2\n");
	put(dir, "resultLearningObjectiveIds.csv", "sourcedId,status,"
	    "dateLastModified,resultSourcedId,source,learningObjectiveId,score,"
	    "textScore\nc,,,R2,case,G1,4,\nd,tobedeleted,,R2,case,G2,1,\n");
	put(dir, "results.csv", "sourcedId,status,dateLastModified,"
	    "lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate\n"
	    "R1,,,L1,s1,fully graded,3,2026-09-10T08:00:00Z\n"
	    "R2,,,L1,s2,fully graded,2,2026-09-11\n"
	    "R3,tobedeleted,,L2,s1,fully graded,9,2026-09-12\n"
	    "R4,,,L3,s1,fully graded,9,2026-09-12\n"
	    "R5,,,L2,s2,exempt,9,2026-09-12\n"
	    "R6,,,L2,s1,fully graded,8,\n");
	memset(&o, 0, sizeof o);
	o.fixed_date = DATE_NONE;
	out = run(dir, 0, &o, &st, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	/* R1: both objectives of L1 at the result's score; R2: its own
	 * per-objective score (the deleted G2 link is ignored); R3, R4
	 * deleted; R5 exempt; R6 dated by L2's dueDate. */
	cr_expect_str_eq(out,
	    "student_id,objective_id,date,score,max_score,item_id,source\n"
	    "s1,G1,2026-09-10,3,4,L1,oneroster:R1\n"
	    "s1,G2,2026-09-10,3,4,L1,oneroster:R1\n"
	    "s2,G1,2026-09-11,4,4,L1,oneroster:R2\n"
	    "s1,L2,2026-09-12,8,10,L2,oneroster:R6\n");
	cr_expect_eq(st.written, 4);
	free(out);
	cleanup(dir);
}

Test(oneroster, roster_students_with_sections)
{
	char dir[] = "/tmp/pl-oneroster-XXXXXX";
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	int rc;
	char *out;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "manifest.csv", "propertyName,value\noneroster.version,1.1\n"
	    "file.users,bulk\nfile.enrollments,bulk\nfile.classes,bulk\n");
	put(dir, "classes.csv", "sourcedId,title\nc1,Math A\nc2,Math B\n");
	put(dir, "users.csv", "role,sourcedId,givenName,familyName,identifier,"
	    "grades\nstudent,u1,Ada,Lovelace,007,07\nteacher,t1,Kay,J,,\n"
	    "student,u2,Alan,Turing,,08\n");
	put(dir, "enrollments.csv", "sourcedId,classSourcedId,userSourcedId,"
	    "role,status\ne1,c1,u1,student,\ne2,c2,u1,student,\n"
	    "e3,c1,t1,teacher,\ne4,c2,u2,student,tobedeleted\n");
	memset(&o, 0, sizeof o);
	out = run(dir, 1, &o, &st, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_expect_str_eq(out, "student_id,name,section,grade_level\n"
	    "u1,\"Lovelace, Ada\",Math A; Math B,07\n"
	    "u2,\"Turing, Alan\",,08\n");
	free(out);
	o.class_id = "c2";
	o.id = ONEROSTER_ID_IDENTIFIER;
	out = run(dir, 1, &o, &st, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_expect_str_eq(out, "student_id,name,section,grade_level\n"
	    "007,\"Lovelace, Ada\",Math B,07\n");
	free(out);
	cleanup(dir);
}

Test(oneroster, missing_results)
{
	char dir[] = "/tmp/pl-oneroster-XXXXXX";
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	int rc;
	char *out;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "manifest.csv", "propertyName,value\noneroster.version,1.1\n"
	    "file.results,bulk\nfile.lineItems,bulk\n");
	put(dir, "lineItems.csv", "sourcedId,title,resultValueMax\nL1,A,4\n");
	memset(&o, 0, sizeof o);
	out = run(dir, 0, &o, &st, &rc, &err);
	cr_expect_eq(rc, -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect(strstr(err.file, "results.csv") != NULL, "%s", err.file);
	free(out);
	cleanup(dir);
}

/* The files of a 1.1 bundle with results, as (name, text) pairs. */
static const char *const BUNDLE[][2] = {
	{ "manifest.csv", "propertyName,value\noneroster.version,1.1\n"
	    "file.lineItems,bulk\nfile.results,bulk\nfile.users,bulk\n" },
	{ "lineItems.csv", "sourcedId,title,resultValueMax,dueDate\n"
	    "L1,Lab,4,2026-09-09\nL2,Quiz,10,2026-09-12\n" },
	{ "results.csv", "sourcedId,lineItemSourcedId,studentSourcedId,score,"
	    "scoreDate\nR1,L1,u1,3,2026-09-10\nR2,L9,u1,3,2026-09-10\n"
	    "R3,L2,u2,8,\n" },
	{ "users.csv", "sourcedId,role,givenName,familyName,identifier\n"
	    "u1,student,Ada,Lovelace,007\nu2,student,Alan,Turing,008\n" },
};
#define NBUNDLE (sizeof BUNDLE / sizeof BUNDLE[0])

/* Writes BUNDLE as the archive path, each name after prefix. */
static void
put_zip(const char *path, const char *prefix)
{
	struct zipfix_entry e[NBUNDLE];
	char names[NBUNDLE][64];
	size_t i;

	memset(e, 0, sizeof e);
	for (i = 0; i < NBUNDLE; i++) {
		snprintf(names[i], sizeof names[i], "%s%s", prefix,
		    BUNDLE[i][0]);
		e[i].name = names[i];
		e[i].data = BUNDLE[i][1];
	}
	zipfix_deflated(path, e, NBUNDLE);
}

Test(oneroster, zip_reads_as_the_folder)
{
	char dir[] = "/tmp/pl-oneroster-XXXXXX", path[64];
	static const char *const prefixes[] = { "", "bundle/",
	    "export/2026/bundle/" };
	struct oneroster_opts o;
	struct import_stats st, zst;
	struct pl_err err;
	char *want, *got;
	int rc, roster;
	size_t i, k;

	cr_assert_not_null(mkdtemp(dir));
	for (i = 0; i < NBUNDLE; i++)
		put(dir, BUNDLE[i][0], BUNDLE[i][1]);
	snprintf(path, sizeof path, "%s/b.zip", dir);
	memset(&o, 0, sizeof o);
	o.fixed_date = DATE_NONE;
	o.id = ONEROSTER_ID_IDENTIFIER;
	for (roster = 0; roster < 2; roster++) {
		o.zip = 0;
		want = run(dir, roster, &o, &st, &rc, &err);
		cr_assert_eq(rc, 0, "%s", err.msg);
		for (k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
			put_zip(path, prefixes[k]);
			o.zip = 1;
			got = run(path, roster, &o, &zst, &rc, &err);
			cr_assert_eq(rc, 0, "%s: %s", err.file, err.msg);
			cr_expect_str_eq(got, want, "%s", prefixes[k]);
			cr_expect_eq(zst.records, st.records);
			cr_expect_eq(zst.written, st.written);
			free(got);
			unlink(path);
		}
		free(want);
	}
	cleanup(dir);
}

Test(oneroster, zip_messages_name_the_member)
{
	char dir[] = "/tmp/pl-oneroster-XXXXXX", path[64], want[128];
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	struct reject *rj;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	struct table_writer *w;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.zip", dir);
	put_zip(path, "bundle/");
	memset(&o, 0, sizeof o);
	memset(&st, 0, sizeof st);
	o.fixed_date = DATE_NONE;
	o.zip = 1;
	out = open_memstream(&buf, &len);
	w = table_writer_new(out, ',', 0);
	rj = reject_new(NULL, 1, &err);
	cr_expect_eq(oneroster_evidence(path, w, &o, 0, rj, &st, &err), -1);
	snprintf(want, sizeof want, "%s:bundle/results.csv", path);
	cr_expect_str_eq(err.file, want);
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.msg, "lineItemSourcedId \"L9\" is not in "
	    "lineItems.csv");
	table_writer_free(w);
	fclose(out);
	free(buf);
	reject_free(rj);
	unlink(path);
	cleanup(dir);
}

Test(oneroster, zip_bundles_that_cannot_be_read)
{
	static const struct {
		struct zipfix_entry e[3];
		size_t n;
		const char *file, *msg;
	} cases[] = {
		{ { { "users.csv", "sourcedId\n", 0, 0, 0, 0 } }, 1, "",
		    "no manifest.csv in the archive (not a OneRoster bundle?)" },
		{ { { "[Content_Types].xml", "<x/>", 0, 0, 0, 0 } }, 1, "",
		    "an Office document, not a OneRoster bundle (a spreadsheet? "
		    "save it as CSV)" },
		{ { { "a/manifest.csv", "x\n", 0, 0, 0, 0 },
		    { "b/manifest.csv", "x\n", 0, 0, 0, 0 } }, 2, "",
		    "manifest.csv twice, as \"a/manifest.csv\" and "
		    "\"b/manifest.csv\": one bundle per archive" },
		{ { { "manifest.csv", "propertyName,value\noneroster.version,"
		    "1.1\nfile.users,bulk\n", 0, 0, 0, 0 } }, 1, ":users.csv",
		    "no such member in the archive (the manifest lists it as "
		    "bulk)" },
		/* A read error says why, not just "read error". */
		{ { { "manifest.csv", "propertyName,value\noneroster.version,"
		    "1.1\nfile.users,bulk\n", 0, 0, 0, 0 }, { "users.csv",
		    "sourcedId\nu1\n", 0, 0, 1, 0 } }, 2, ":users.csv",
		    "cannot read: CRC error (the archive is damaged)" },
		{ { { "manifest.csv", "propertyName,value\noneroster.version,"
		    "1.1\n", 0, 0, 7, 0 } }, 1, ":manifest.csv",
		    "cannot read: CRC error (the archive is damaged)" },
	};
	char dir[] = "/tmp/pl-oneroster-XXXXXX", path[64], want[128];
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	size_t i;
	int rc;
	char *out;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.zip", dir);
	memset(&o, 0, sizeof o);
	o.zip = 1;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		zipfix_stored(path, cases[i].e, cases[i].n, 0);
		pl_err_clear(&err);
		out = run(path, 1, &o, &st, &rc, &err);
		cr_expect_eq(rc, -1, "case %zu", i);
		cr_expect_eq(err.status, PL_EXIT_DATA);
		snprintf(want, sizeof want, "%s%s", path, cases[i].file);
		cr_expect_str_eq(err.file, want, "case %zu", i);
		cr_expect_str_eq(err.msg, cases[i].msg, "case %zu", i);
		free(out);
	}
	unlink(path);
	cleanup(dir);
}

Test(oneroster, zip_root_too_long)
{
	char dir[] = "/tmp/pl-oneroster-XXXXXX", path[64], name[700];
	struct zipfix_entry e[1];
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	int rc;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.zip", dir);
	memset(name, 'd', 600);
	snprintf(name + 600, sizeof name - 600, "/manifest.csv");
	memset(e, 0, sizeof e);
	e[0].name = name;
	e[0].data = "propertyName,value\n";
	zipfix_stored(path, e, 1, 0);
	memset(&o, 0, sizeof o);
	o.zip = 1;
	free(run(path, 1, &o, &st, &rc, &err));
	cr_expect_eq(rc, -1);
	cr_expect_str_eq(err.msg, "the bundle's folder name is too long (601 "
	    "bytes)");
	unlink(path);
	cleanup(dir);
}

Test(oneroster, due_date_read_with_the_date_flags_and_bad_one_rejected)
{
	char dir[] = "/tmp/pl-oneroster-XXXXXX";
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	struct reject *rj;
	struct table_writer *w;
	FILE *out;
	char *buf = NULL, *res;
	size_t len = 0;
	int rc;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "manifest.csv", "propertyName,value\noneroster.version,1.1\n"
	    "file.lineItems,bulk\nfile.results,bulk\n");
	put(dir, "lineItems.csv", "sourcedId,title,dueDate,resultValueMax\n"
	    "li1,Q1,05/09/2026,10\n");
	put(dir, "results.csv", "sourcedId,lineItemSourcedId,studentSourcedId,"
	    "score,scoreDate\nr1,li1,u1,7,\n");
	memset(&o, 0, sizeof o);
	o.date_flags = DATE_DMY;
	o.fixed_date = date_from_ymd(2026, 10, 1);
	res = run(dir, 0, &o, &st, &rc, &err);
	cr_expect_eq(rc, 0, "%s", err.msg);
	/* 5 September, not 9 May, and not --date. */
	cr_expect(strstr(res, "u1,li1,2026-09-05,7,10") != NULL, "%s", res);
	free(res);
	/* An unreadable dueDate is a bad row of lineItems.csv, and its
	 * result without scoreDate is not dated --date in silence. */
	put(dir, "lineItems.csv", "sourcedId,title,dueDate,resultValueMax\n"
	    "li1,Q1,junk,10\n");
	rj = reject_new(NULL, 1, &err);
	out = open_memstream(&buf, &len);
	w = table_writer_new(out, ',', 0);
	memset(&st, 0, sizeof st);
	rc = oneroster_evidence(dir, w, &o, 0, rj, &st, &err);
	cr_expect_eq(rc, -1);
	cr_expect_eq(err.line, 2);
	cr_expect(strstr(err.file, "lineItems.csv") != NULL, "%s", err.file);
	cr_expect(strstr(err.msg, "dueDate \"junk\"") != NULL, "%s", err.msg);
	table_writer_free(w);
	fclose(out);
	free(buf);
	reject_free(rj);
	cleanup(dir);
}

Test(oneroster, roster_counts_deleted_users_and_other_classes)
{
	char dir[] = "/tmp/pl-oneroster-XXXXXX";
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	char *out;
	int rc;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "manifest.csv", "propertyName,value\noneroster.version,1.2\n"
	    "file.users,bulk\nfile.enrollments,bulk\n");
	put(dir, "users.csv", "sourcedId,status,givenName,familyName\n"
	    "u1,active,Ada,Lovelace\nu2,tobedeleted,Grace,Hopper\n"
	    "u3,active,Al,Ng\n");
	put(dir, "enrollments.csv", "sourcedId,classSourcedId,userSourcedId,"
	    "role\ne1,c1,u1,student\ne2,c1,u2,student\ne3,c2,u3,student\n");
	memset(&o, 0, sizeof o);
	o.class_id = "c1";
	out = run(dir, 1, &o, &st, &rc, &err);
	cr_expect_eq(rc, 0, "%s", err.msg);
	cr_expect_str_eq(out, "student_id,name,section,grade_level\n"
	    "u1,\"Lovelace, Ada\",c1,\n");
	cr_assert_eq(st.nnotes, 2);
	cr_expect_str_eq(st.notes[0], "1 user marked tobedeleted skipped");
	cr_expect_str_eq(st.notes[1], "1 student not enrolled in c1 left out");
	free(out);
	cleanup(dir);
}

/* --class with an id the bundle does not have gave an empty table and
 * exit 0; the readers now say whether the bundle had the class (classes,
 * a student's enrollment, a line item, a result's classSourcedId), so
 * that pl-import can fail when no bundle of the run had it. */
Test(oneroster, class_found_says_whether_the_bundle_has_the_class)
{
	static const struct {
		int roster;
		const char *class_id;
		int found;
	} cases[] = {
		{ 1, "c1", 1 },		/* classes.csv, and enrolled */
		{ 1, "c3", 1 },		/* classes.csv only: an empty class */
		{ 1, "c2", 1 },		/* an enrollment only */
		{ 1, "nope", 0 },
		{ 0, "k1", 1 },		/* a line item's class */
		{ 0, "k2", 1 },		/* a line item without results */
		{ 0, "k9", 1 },		/* a result's classSourcedId */
		{ 0, "nope", 0 },
	};
	char dir[] = "/tmp/pl-oneroster-XXXXXX";
	struct oneroster_opts o;
	struct import_stats st;
	struct pl_err err;
	size_t i;
	int rc;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "manifest.csv", "propertyName,value\noneroster.version,1.1\n"
	    "file.users,bulk\nfile.enrollments,bulk\nfile.classes,bulk\n"
	    "file.lineItems,bulk\nfile.results,bulk\n");
	put(dir, "classes.csv", "sourcedId,title\nc1,Math A\nc3,Math C\n");
	put(dir, "users.csv", "role,sourcedId\nstudent,u1\nstudent,u2\n");
	put(dir, "enrollments.csv", "sourcedId,classSourcedId,userSourcedId,"
	    "role\ne1,c1,u1,student\ne2,c2,u2,student\n");
	put(dir, "lineItems.csv", "sourcedId,resultValueMax,classSourcedId\n"
	    "L1,4,k1\nL2,4,k2\nL3,4,\n");
	put(dir, "results.csv", "sourcedId,lineItemSourcedId,"
	    "studentSourcedId,score,scoreDate,classSourcedId\n"
	    "R1,L1,u1,3,2026-09-10,\nR2,L3,u1,2,2026-09-11,k9\n");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&o, 0, sizeof o);
		o.fixed_date = DATE_NONE;
		o.class_id = cases[i].class_id;
		free(run(dir, cases[i].roster, &o, &st, &rc, &err));
		cr_assert_eq(rc, 0, "case %zu: %s", i, err.msg);
		cr_expect_eq(st.class_found, cases[i].found, "case %zu (%s)",
		    i, cases[i].class_id);
	}
	cleanup(dir);
}
