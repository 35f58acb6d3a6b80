#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "oneroster.h"

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
