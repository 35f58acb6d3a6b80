#include <criterion/criterion.h>
#include <string.h>

#include "detect.h"

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
}
