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

/*
 * The CASE JSON package.  run_json imports text (its length: n, or strlen)
 * into a string; strict, rejected and err are optional.
 */
static char *
run_json_n(const char *text, size_t n, enum standards_id id, int strict,
    struct import_stats *st, unsigned long *rejected, struct pl_err *err,
    int *rc)
{
	struct pl_err e;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(out, ',', 0);
	struct reject *rj = reject_new(NULL, strict, &e);

	if (err == NULL)
		err = &e;
	pl_err_clear(err);
	memset(st, 0, sizeof *st);
	*rc = standards_json_objectives(text, n, "pkg.json", w, id, 0, rj, st,
	    err);
	if (rejected != NULL)
		*rejected = reject_count(rj);
	table_writer_free(w);
	fclose(out);
	reject_free(rj);
	return buf;
}

static char *
run_json(const char *text, enum standards_id id, struct import_stats *st,
    int *rc)
{
	return run_json_n(text, strlen(text), id, 0, st, NULL, NULL, rc);
}

/* An association of type type from item from to node to. */
#define ASSOC(type, from, to) "{\"associationType\":\"" type "\"," \
	"\"originNodeURI\":{\"title\":\"\",\"identifier\":\"" from "\"," \
	"\"uri\":\"https://example.org/" from "\"}," \
	"\"destinationNodeURI\":{\"title\":\"\",\"identifier\":\"" to "\"," \
	"\"uri\":\"https://example.org/" to "\"}"

/* The list of hierarchy_order_and_prerequisites as a package: the same
 * items, hierarchy, sequence numbers and edges. */
static const char package[] =
    "{\"CFDocument\":{\"identifier\":\"doc\",\"title\":\"Doc\"},\n"
    "\"CFItems\":[\n"
    "{\"identifier\":\"id-c\",\"fullStatement\":\"Course\","
    "\"humanCodingScheme\":\"C\"},\n"
    "{\"identifier\":\"id-u1\",\"fullStatement\":\"Unit one\","
    "\"humanCodingScheme\":\"C.U1\"},\n"
    "{\"identifier\":\"id-u2\",\"fullStatement\":\"Unit two\","
    "\"humanCodingScheme\":\"C.U2\"},\n"
    "{\"identifier\":\"id-a\",\"fullStatement\":\"Alpha\","
    "\"humanCodingScheme\":\"C.U1.a\"},\n"
    "{\"identifier\":\"id-b\",\"fullStatement\":\"Beta\","
    "\"humanCodingScheme\":\"C.U1.b\"},\n"
    "{\"identifier\":\"id-x\",\"fullStatement\":\"Ex\","
    "\"humanCodingScheme\":\"C.U2.x\"},\n"
    "{\"identifier\":\"id-y\",\"fullStatement\":\"Why\","
    "\"humanCodingScheme\":\"C.U2.y\"}],\n"
    "\"CFAssociations\":[\n"
    ASSOC("isChildOf", "id-c", "doc") "},\n"
    ASSOC("isChildOf", "id-u1", "id-c") ",\"sequenceNumber\":2},\n"
    ASSOC("isChildOf", "id-u2", "id-c") ",\"sequenceNumber\":1},\n"
    ASSOC("isChildOf", "id-a", "id-u1") ",\"sequenceNumber\":2},\n"
    ASSOC("isChildOf", "id-b", "id-u1") ",\"sequenceNumber\":1},\n"
    ASSOC("isChildOf", "id-x", "id-u2") ",\"sequenceNumber\":1},\n"
    ASSOC("isChildOf", "id-y", "id-u2") ",\"sequenceNumber\":2},\n"
    ASSOC("precedes", "id-a", "id-x") "},\n"
    ASSOC("precedes", "id-a", "id-b") "},\n"
    ASSOC("precedes", "id-x", "id-y") "},\n"
    ASSOC("precedes", "id-y", "NOPE") "},\n"
    ASSOC("precedes", "id-y", "id-u1") "},\n"
    ASSOC("isRelatedTo", "id-a", "id-y") "},\n"
    ASSOC("exactMatchOf", "id-b", "elsewhere") "}]}\n";

/* The JSON form gives what the CSV form gives, for either id. */
Test(standards, json_same_table_as_csv)
{
	struct import_stats st, cst;
	enum standards_id ids[] = { STANDARDS_ID_CODE,
	    STANDARDS_ID_IDENTIFIER };
	size_t i;
	int rc;

	for (i = 0; i < 2; i++) {
		char *csv = run(list, ids[i], &cst, &rc);
		char *json;

		cr_assert_eq(rc, 0);
		json = run_json(package, ids[i], &st, &rc);
		cr_assert_eq(rc, 0);
		cr_expect_str_eq(json, csv);
		cr_expect_eq(st.written, 4);
		cr_expect_eq(st.records, 7);
		/* NOPE is unknown, id-u1 a group, C and the units groups;
		 * isRelatedTo and exactMatchOf are not used. */
		cr_expect_eq(st.nnotes, 3);
		cr_expect_str_eq(st.notes[0], "1 reference to items not in the "
		    "list dropped: \"NOPE\"");
		cr_expect_str_eq(st.notes[2], "3 items with children used as "
		    "course and unit, not objectives");
		free(csv);
		free(json);
	}
}

/* Top items follow their isChildOf sequenceNumber (a string holding a
 * number counts); children without one follow a numeric listEnumeration,
 * then the file; abbreviatedStatement stands in for an empty
 * fullStatement; a byte order mark and an association type in OpenSALT's
 * spelling are fine. */
Test(standards, json_order_titles_and_spellings)
{
	static const char text[] =
	    "\xEF\xBB\xBF{\"CFDocument\":{\"identifier\":\" doc \"},"
	    "\"CFItems\":["
	    "{\"identifier\":\"t1\",\"humanCodingScheme\":\"T1\","
	    "\"fullStatement\":\"First top\"},"
	    "{\"identifier\":\"t2\",\"humanCodingScheme\":\"T2\","
	    "\"fullStatement\":\" \",\"abbreviatedStatement\":\"Second\"},"
	    "{\"identifier\":\"u\",\"humanCodingScheme\":\"U\","
	    "\"fullStatement\":\"Unit\"},"
	    "{\"identifier\":\"c\",\"humanCodingScheme\":\"U.c\","
	    "\"fullStatement\":\"Cee\",\"listEnumeration\":\"c\"},"
	    "{\"identifier\":\"b\",\"humanCodingScheme\":\"U.b\","
	    "\"fullStatement\":\"Bee\",\"listEnumeration\":\"2\"},"
	    "{\"identifier\":\"a\",\"humanCodingScheme\":\"U.a\","
	    "\"fullStatement\":\"Ay\",\"listEnumeration\":\"1\"}],"
	    "\"CFAssociations\":["
	    ASSOC("isChildOf", "t1", "doc") ",\"sequenceNumber\":\"3\"},"
	    ASSOC("Is Child Of", "t2", "doc") ",\"sequenceNumber\":2},"
	    ASSOC("IsChildOf", "u", "doc") ",\"sequenceNumber\":1},"
	    ASSOC("isChildOf", "c", "u") "},"
	    ASSOC("isChildOf", "b", "u") "},"
	    ASSOC("isChildOf", "a", "u") "}]}";
	struct import_stats st;
	int rc;
	char *out = run_json(text, STANDARDS_ID_CODE, &st, &rc);

	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out, "objective_id,title,course_id,unit,prerequisites,"
	    "standard,identifier\n"
	    "U.a,Ay,U,U,,U.a,a\n"
	    "U.b,Bee,U,U,,U.b,b\n"
	    "U.c,Cee,U,U,,U.c,c\n"
	    "T2,Second,,,,T2,t2\n"
	    "T1,First top,,,,T1,t1\n");
	cr_expect_eq(st.nnotes, 1);
	free(out);
}

/* An item under two parents keeps the first; a cycle of isChildOf is left
 * out; without a CFDocument its children are references not in the list;
 * an edge from a group or onto itself is dropped. */
Test(standards, json_odd_hierarchies)
{
	static const char text[] =
	    "{\"CFItems\":["
	    "{\"identifier\":\"u\",\"humanCodingScheme\":\"U\"},"
	    "{\"identifier\":\"v\",\"humanCodingScheme\":\"V\"},"
	    "{\"identifier\":\"a\",\"humanCodingScheme\":\"A\"},"
	    "{\"identifier\":\"b\",\"humanCodingScheme\":\"B\"},"
	    "{\"identifier\":\"c\",\"humanCodingScheme\":\"C\"},"
	    "{\"identifier\":\"d\",\"humanCodingScheme\":\"D\"}],"
	    "\"CFAssociations\":null}";
	static const char assocs[] =
	    "{\"CFDocument\":{\"identifier\":\"doc\"},\"CFItems\":["
	    "{\"identifier\":\"u\",\"humanCodingScheme\":\"U\"},"
	    "{\"identifier\":\"v\",\"humanCodingScheme\":\"V\"},"
	    "{\"identifier\":\"a\",\"humanCodingScheme\":\"A\"},"
	    "{\"identifier\":\"b\",\"humanCodingScheme\":\"B\"},"
	    "{\"identifier\":\"c\",\"humanCodingScheme\":\"C\"},"
	    "{\"identifier\":\"d\",\"humanCodingScheme\":\"D\"}],"
	    "\"CFAssociations\":["
	    ASSOC("isChildOf", "a", "u") "},"
	    ASSOC("isChildOf", "a", "v") "},"
	    ASSOC("isChildOf", "b", "v") "},"
	    ASSOC("isChildOf", "c", "d") "},"
	    ASSOC("isChildOf", "d", "c") "},"
	    ASSOC("isChildOf", "u", "elsewhere") "},"
	    ASSOC("precedes", "u", "b") "},"
	    ASSOC("precedes", "a", "b") "},"
	    ASSOC("precedes", "b", "b") "}]}";
	struct import_stats st;
	int rc;
	char *out = run_json(text, STANDARDS_ID_CODE, &st, &rc);

	/* No associations: a flat list in file order. */
	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out, "objective_id,title,course_id,unit,prerequisites,"
	    "standard,identifier\nU,,,,,U,u\nV,,,,,V,v\nA,,,,,A,a\n"
	    "B,,,,,B,b\nC,,,,,C,c\nD,,,,,D,d\n");
	cr_expect_eq(st.nnotes, 0);
	free(out);
	out = run_json(assocs, STANDARDS_ID_CODE, &st, &rc);
	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out, "objective_id,title,course_id,unit,prerequisites,"
	    "standard,identifier\nA,,U,U,,A,a\nB,,V,V,A,B,b\n");
	cr_assert_eq(st.nnotes, 5);
	cr_expect_str_eq(st.notes[0], "1 reference to items not in the list "
	    "dropped: \"elsewhere\"");
	cr_expect_str_eq(st.notes[1], "2 Precedes edges between groups (not "
	    "objectives) dropped: \"B\"");
	cr_expect_str_eq(st.notes[2], "1 item with more than one isChildOf: "
	    "the first kept: \"A\"");
	cr_expect_str_eq(st.notes[4], "2 items in a cycle of \"Is Child Of\" "
	    "left out");
	free(out);
}

/* Invalid JSON is an error with jansson's line and column; a NUL in a
 * string is said plainly. */
Test(standards, json_invalid)
{
	static const char broken[] =
	    "{\"CFItems\": [\n  {\"identifier\": \"a\"}\n  {}\n]}";
	static const char nul[] = "{\"a\": \"\\u0000\"}";
	struct import_stats st;
	struct pl_err err;
	int rc;
	char *out;

	out = run_json_n(broken, strlen(broken), STANDARDS_ID_CODE, 0, &st,
	    NULL, &err, &rc);
	cr_expect_eq(rc, -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect_str_eq(err.file, "pkg.json");
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.msg, "invalid JSON (column 3): ']' expected near "
	    "'{'");
	cr_expect_str_eq(out, "");
	free(out);
	out = run_json_n(nul, strlen(nul), STANDARDS_ID_CODE, 0, &st, NULL,
	    &err, &rc);
	cr_expect_eq(rc, -1);
	cr_expect_str_eq(err.msg, "invalid JSON (column 14): \\u0000 (a NUL "
	    "character) in a string");
	free(out);
	/* A NUL byte after the value. */
	out = run_json_n("{\"a\": 1}\0", 9, STANDARDS_ID_CODE, 0, &st, NULL,
	    &err, &rc);
	cr_expect_eq(rc, -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	free(out);
}

struct bad_package {
	const char *text;
	int status;
	const char *msg;
};

static const struct bad_package bad_packages[] = {
	{ "[1, 2]", PL_EXIT_DATA,
	    "not a CASE package: the JSON is an array, not an object" },
	{ "{\"CFDocument\": {\"identifier\": \"d\"}, \"CFAssociations\": []}",
	    PL_EXIT_USAGE, "missing required member \"CFItems\" (found: "
	    "CFDocument, CFAssociations)" },
	{ "{}", PL_EXIT_USAGE,
	    "missing required member \"CFItems\" (found: none)" },
	{ "{\"CFItems\": {}}", PL_EXIT_DATA,
	    "\"CFItems\" is an object, not an array" },
	{ "{\"CFItems\": [], \"CFAssociations\": \"x\"}", PL_EXIT_DATA,
	    "\"CFAssociations\" is a string, not an array" },
	{ "{\"imsx_codeMajor\": \"failure\", \"imsx_severity\": \"error\", "
	    "\"imsx_description\": \"Unknown Object\"}", PL_EXIT_DATA,
	    "a CASE error response, not a package: \"Unknown Object\"" },
};

Test(standards, json_not_a_package)
{
	struct import_stats st;
	struct pl_err err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof bad_packages / sizeof bad_packages[0]; i++) {
		char *out = run_json_n(bad_packages[i].text,
		    strlen(bad_packages[i].text), STANDARDS_ID_CODE, 0, &st,
		    NULL, &err, &rc);

		cr_expect_eq(rc, -1, "case %zu", i);
		cr_expect_eq(err.status, bad_packages[i].status, "case %zu", i);
		cr_expect_eq(err.line, 0, "case %zu", i);
		cr_expect_str_eq(err.msg, bad_packages[i].msg, "case %zu", i);
		cr_expect_str_eq(out, "", "case %zu", i);
		free(out);
	}
}

/* An empty CFItems writes the header and says so. */
Test(standards, json_empty_items)
{
	struct import_stats st;
	int rc;
	char *out = run_json("{\"CFDocument\": {}, \"CFItems\": []}",
	    STANDARDS_ID_CODE, &st, &rc);

	cr_assert_eq(rc, 0);
	cr_expect_str_eq(out, "objective_id,title,course_id,unit,prerequisites,"
	    "standard,identifier\n");
	cr_expect_eq(st.written, 0);
	cr_assert_eq(st.nnotes, 1);
	cr_expect_str_eq(st.notes[0], "pkg.json: \"CFItems\" is empty: no "
	    "objectives");
	free(out);
}

/* Bad items and associations are rejected one by one, or stop the run
 * under --strict, naming the entry. */
Test(standards, json_bad_entries)
{
	static const char text[] =
	    "{\"CFItems\": [\"x\", {\"identifier\": 5}, {\"fullStatement\": "
	    "\"no id\"}, {\"identifier\": \"p\", \"humanCodingScheme\": \"P\"}, "
	    "{\"identifier\": \"q\", \"humanCodingScheme\": \"P\"}, "
	    "{\"identifier\": \"r\", \"humanCodingScheme\": [\"R\"]}], "
	    "\"CFAssociations\": [7, {}, {\"associationType\": \"precedes\", "
	    "\"originNodeURI\": {\"identifier\": \"p\"}, \"destinationNodeURI\": "
	    "{\"title\": \"Q\"}}, {\"associationType\": \"isChildOf\", "
	    "\"originNodeURI\": \"p\"}, {\"associationType\": \"exemplar\"}]}";
	struct import_stats st;
	struct pl_err err;
	unsigned long rejected;
	int rc;
	char *out = run_json_n(text, strlen(text), STANDARDS_ID_CODE, 0, &st,
	    &rejected, &err, &rc);

	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_expect_str_eq(out, "objective_id,title,course_id,unit,prerequisites,"
	    "standard,identifier\nP,,,,,P,p\n");
	/* Five items and four associations; the exemplar is not used. */
	cr_expect_eq(rejected, 9);
	cr_expect_eq(st.records, 6);
	free(out);
	out = run_json_n(text, strlen(text), STANDARDS_ID_CODE, 1, &st,
	    &rejected, &err, &rc);
	cr_expect_eq(rc, -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect_str_eq(err.file, "pkg.json");
	cr_expect_str_eq(err.msg, "CFItems[0]: the item is a string, not an "
	    "object");
	free(out);
}

/* A value over the bound on a field rejects its item. */
Test(standards, json_field_bound)
{
	size_t n = TABLE_MAX_FIELD + 64;
	char *text = malloc(n + 64), *out;
	struct import_stats st;
	struct pl_err err;
	unsigned long rejected;
	int rc, len;

	cr_assert_not_null(text);
	len = sprintf(text, "{\"CFItems\": [{\"identifier\": \"i\", "
	    "\"fullStatement\": \"");
	memset(text + len, 'a', TABLE_MAX_FIELD + 1);
	strcpy(text + len + TABLE_MAX_FIELD + 1, "\"}]}");
	out = run_json_n(text, strlen(text), STANDARDS_ID_CODE, 1, &st,
	    &rejected, &err, &rc);
	cr_expect_eq(rc, -1);
	cr_expect_str_eq(err.msg, "CFItems[0]: \"fullStatement\" is longer "
	    "than the limit of 1048576 bytes");
	free(out);
	/* At the bound it is taken. */
	strcpy(text + len + TABLE_MAX_FIELD, "\"}]}");
	out = run_json_n(text, strlen(text), STANDARDS_ID_CODE, 1, &st,
	    &rejected, &err, &rc);
	cr_expect_eq(rc, 0, "%s", err.msg);
	cr_expect_eq(st.written, 1);
	free(out);
	free(text);
}

/* A package over STANDARDS_MAX_JSON bytes, or one whose tree would take
 * more than its budget, is refused. */
Test(standards, json_size_bounds)
{
	size_t n = (size_t)STANDARDS_MAX_JSON + 1, i;
	char *text = calloc(1, n), *out;
	struct import_stats st;
	struct pl_err err;
	int rc;

	cr_assert_not_null(text);
	text[0] = '{';
	out = run_json_n(text, n, STANDARDS_ID_CODE, 0, &st, NULL, &err, &rc);
	cr_expect_eq(rc, -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect_str_eq(err.msg, "longer than the limit of 67108864 bytes");
	free(out);
	/* 3 bytes of "{}," make some 200 bytes of tree. */
	n = (size_t)strlen("{\"CFItems\":[");
	memcpy(text, "{\"CFItems\":[", n);
	for (i = 0; i < 200000; i++) {
		memcpy(text + n, "{},", 3);
		n += 3;
	}
	memcpy(text + n, "{}]}", 4);
	n += 4;
	out = run_json_n(text, n, STANDARDS_ID_CODE, 0, &st, NULL, &err, &rc);
	cr_expect_eq(rc, -1);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect_str_eq(err.msg, "too many values: reading the package would "
	    "take more than 16 MiB");
	free(out);
	free(text);
}
