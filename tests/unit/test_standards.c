#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standards.h"

static char *
run(const char *text, enum standards_id id, struct import_stats *st,
    int *rc)
{
	struct pl_err err;
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct table *t = table_open(in, "std.csv", NULL, &err);
	struct table_writer *w = table_writer_new(out, ',', 0);
	struct reject *rj = reject_new(NULL, 0, &err);

	memset(st, 0, sizeof *st);
	*rc = standards_objectives(t, w, id, 0, rj, st, &err);
	table_writer_free(w);
	table_close(t);
	fclose(in);
	fclose(out);
	reject_free(rj);
	return buf;
}

/* Units U1 (seq 2) and U2 (seq 1) under course C; leaves ordered by their
 * sequence numbers within each unit; Precedes lists in both separators. */
static const char list[] =
    "Identifier,fullStatement,HumanCodingScheme,sequenceNumber,IsChildOf,"
    "Precedes\n"
    "id-c,Course,C,,,\n"
    "id-u1,Unit one,C.U1,2,C,\n"
    "id-u2,Unit two,C.U2,1,C,\n"
    "id-a,Alpha,C.U1.a,2,C.U1,\"C.U2.x; C.U1.b\"\n"
    "id-b,Beta,C.U1.b,1,id-u1,\n"
    "id-x,Ex,C.U2.x,1,C.U2,C.U2.y\n"
    "id-y,Why,C.U2.y,2,C.U2,\"NOPE,C.U1\"\n";

Test(standards, hierarchy_order_and_prerequisites)
{
	struct import_stats st;
	int rc;
	char *out = run(list, STANDARDS_ID_CODE, &st, &rc);

	cr_assert_eq(rc, 0);
	/* Depth first: C, then U2 (seq 1) before U1 (seq 2); inside U1,
	 * b (seq 1) before a (seq 2).  a precedes x and b; x precedes y. */
	cr_expect_str_eq(out,
	    "objective_id,title,course_id,unit,prerequisites,standard,"
	    "identifier\n"
	    "C.U2.x,Ex,C,C.U2,C.U1.a,C.U2.x,id-x\n"
	    "C.U2.y,Why,C,C.U2,C.U2.x,C.U2.y,id-y\n"
	    "C.U1.b,Beta,C,C.U1,C.U1.a,C.U1.b,id-b\n"
	    "C.U1.a,Alpha,C,C.U1,,C.U1.a,id-a\n");
	cr_expect_eq(st.written, 4);
	/* NOPE is unknown; C.U1 is a group: both told in notes. */
	cr_expect_eq(st.nnotes, 3);
	free(out);
}

Test(standards, identifiers_as_ids)
{
	struct import_stats st;
	int rc;
	char *out = run(list, STANDARDS_ID_IDENTIFIER, &st, &rc);

	cr_assert_eq(rc, 0);
	cr_expect(strstr(out, "\nid-x,Ex,id-c,id-u2,id-a,C.U2.x,id-x\n") != NULL,
	    "%s", out);
	free(out);
}

Test(standards, flat_list_keeps_file_order)
{
	static const char text[] =
	    "fullStatement,humanCodingScheme,sequenceNumber\n"
	    "B,S.2,2\nA,S.1,1\n";
	struct import_stats st;
	int rc;
	char *out = run(text, STANDARDS_ID_CODE, &st, &rc);

	cr_expect_str_eq(out, "objective_id,title,course_id,unit,prerequisites,"
	    "standard,identifier\nS.2,B,,,,S.2,\nS.1,A,,,,S.1,\n");
	free(out);
}
