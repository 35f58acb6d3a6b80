#include <criterion/criterion.h>
#include <string.h>

#include "detect.h"
#include "import.h"

struct detect_case {
	const char *header[6];
	enum detect_format want;
};

static const struct detect_case cases[] = {
	{ { "Student", "ID", "SIS User ID", "SIS Login ID", "Section", NULL },
	    DETECT_CANVAS },
	{ { "LastName", "FirstName", "ID", "Section", NULL }, DETECT_CANVAS },
	{ { "Student name", "Student ID", "Student SIS ID", "A > B result",
	    "A > B mastery points", NULL }, DETECT_CANVAS_MASTERY },
	/* Without a result column it is not the mastery export. */
	{ { "Student name", "Student ID", NULL }, DETECT_GENERIC },
	{ { "canvas_id", "vendor_guid", "object_type", "title", NULL },
	    DETECT_CANVAS_OUTCOMES },
	{ { "!canvas_id", "!vendor_guid", "!object_type", NULL },
	    DETECT_CANVAS_OUTCOMES },
	{ { "Identifier", "fullStatement", "Human Coding Scheme", NULL },
	    DETECT_CASE },
	{ { "CFItemType", "fullStatement", "humanCodingScheme", "parent", NULL },
	    DETECT_CASE },
	{ { "identifier", "human_coding_scheme", NULL }, DETECT_CASE },
	{ { "propertyName", "value", NULL }, DETECT_ONEROSTER },
	{ { "student_id", "objective_id", "date", "score", NULL },
	    DETECT_GENERIC },
	{ { "Last name", "First name", "Email", "Log-in", NULL },
	    DETECT_GENERIC },
	{ { NULL }, DETECT_GENERIC },
};

Test(detect, header_signatures)
{
	size_t i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (n = 0; cases[i].header[n] != NULL; n++)
			;
		cr_expect_eq(detect_header(cases[i].header, n), cases[i].want,
		    "case %zu (%s): got %d, want %d", i,
		    n ? cases[i].header[0] : "(empty)",
		    detect_header(cases[i].header, n), cases[i].want);
	}
}

Test(detect, keys_and_names)
{
	char buf[32];

	cr_expect_str_eq(detect_key("Human Coding_Scheme", buf, sizeof buf),
	    "humancodingscheme");
	cr_expect_str_eq(detect_key(" Is Child-Of ", buf, sizeof buf),
	    "ischildof");
	cr_expect_str_eq(detect_key("SIS User ID", buf, 5), "sisu");
	cr_expect_eq(detect_parse("canvas-outcomes"), DETECT_CANVAS_MASTERY);
	cr_expect_eq(detect_parse("opensalt"), DETECT_CASE);
	cr_expect_eq(detect_parse("auto"), DETECT_AUTO);
	cr_expect_eq(detect_parse("excel"), -1);
	cr_expect_str_eq(detect_name(DETECT_CANVAS_OUTCOMES), "canvas-outcomes");
	cr_expect_str_eq(detect_name(DETECT_ONEROSTER), "oneroster");
	/* Both CASE forms are --from case. */
	cr_expect_str_eq(detect_name(DETECT_CASE_JSON), "case");
	cr_expect_str_eq(detect_title(DETECT_CASE_JSON), "CASE JSON package");
	cr_expect_str_eq(detect_name(DETECT_AUTO), "auto");
}

Test(detect, resolve_format_table_and_options)
{
	static const struct {
		int fmt, table, explicit;
		struct detect_use u;
		int ok, want_fmt, want_table;
	} rcases[] = {
		/* An outcomes CSV or a standards list implies objectives. */
		{ DETECT_CANVAS_OUTCOMES, -1, 0, { 0 }, 1,
		    DETECT_CANVAS_OUTCOMES, IMPORT_OBJECTIVES },
		{ DETECT_CASE, -1, 1, { 0 }, 1, DETECT_CASE, IMPORT_OBJECTIVES },
		/* --from canvas-outcomes --table objectives: the outcomes CSV. */
		{ DETECT_CANVAS_MASTERY, IMPORT_OBJECTIVES, 1, { 0 }, 1,
		    DETECT_CANVAS_OUTCOMES, IMPORT_OBJECTIVES },
		/* ... but a detected mastery export has no objectives. */
		{ DETECT_CANVAS_MASTERY, IMPORT_OBJECTIVES, 0, { 0 }, 0, 0, 0 },
		{ DETECT_CANVAS, IMPORT_ROSTER, 1, { 0 }, 1, DETECT_CANVAS,
		    IMPORT_ROSTER },
		{ DETECT_CASE, IMPORT_ROSTER, 1, { 0 }, 0, 0, 0 },
		/* A CASE JSON package is read as the CSV list is. */
		{ DETECT_CASE_JSON, -1, 0, { .objective_id = 1 }, 1,
		    DETECT_CASE_JSON, IMPORT_OBJECTIVES },
		{ DETECT_CASE_JSON, IMPORT_ROSTER, 0, { 0 }, 0, 0, 0 },
		{ DETECT_CASE_JSON, -1, 1, { .student_id = "sis" }, 0, 0, 0 },
		{ DETECT_GENERIC, IMPORT_ACTIVITIES, 0, { 0 }, 1, DETECT_GENERIC,
		    IMPORT_ACTIVITIES },
		{ DETECT_CANVAS, -1, 0, { .wide = 1 }, 0, 0, 0 },
		{ DETECT_ONEROSTER, -1, 1, { .class_id = 1 }, 1,
		    DETECT_ONEROSTER, -1 },
		{ DETECT_CANVAS, -1, 1, { .class_id = 1 }, 0, 0, 0 },
		{ DETECT_ONEROSTER, IMPORT_ROSTER, 1, { .zip_max_size = 1 }, 1,
		    DETECT_ONEROSTER, IMPORT_ROSTER },
		{ DETECT_GENERIC, -1, 0, { .zip_max_size = 1 }, 0, 0, 0 },
		{ DETECT_CANVAS, -1, 1, { .student_id = "login" }, 1,
		    DETECT_CANVAS, -1 },
		{ DETECT_ONEROSTER, -1, 1, { .student_id = "login" }, 0, 0, 0 },
		{ DETECT_ONEROSTER, -1, 1, { .student_id = "identifier" }, 1,
		    DETECT_ONEROSTER, -1 },
		{ DETECT_GENERIC, -1, 1, { .student_id = "sis" }, 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof rcases / sizeof rcases[0]; i++) {
		struct pl_err err;
		int fmt = rcases[i].fmt, table = rcases[i].table;
		int rc = detect_resolve(&fmt, &table, rcases[i].explicit,
		    &rcases[i].u, "x.csv", &err);

		if (!rcases[i].ok) {
			cr_expect_eq(rc, -1, "case %zu accepted", i);
			cr_expect_eq(err.status, PL_EXIT_USAGE, "case %zu", i);
			continue;
		}
		cr_expect_eq(rc, 0, "case %zu: %s", i, err.msg);
		cr_expect_eq(fmt, rcases[i].want_fmt, "case %zu", i);
		cr_expect_eq(table, rcases[i].want_table, "case %zu", i);
	}
}
