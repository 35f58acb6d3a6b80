#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "evidence.h"

/*
 * A text formula in the id and text columns is its string only when the
 * reader asks (pl-import); a tool reading canonical evidence takes the
 * cell as it stands.  Score and date columns are never unwrapped.
 */
Test(evidence, text_formulas_only_when_asked)
{
	static const char text[] =
	    "student_id,objective_id,date,score,item_id,kind\n"
	    "\"=\"\"00123\"\"\",=\"A.1\",2026-09-01,0.5,=\"q \"\"1\"\"\","
	    "=SUM(1)\n"
	    "s2,A.1,2026-09-01,=\"0.5\",,\n";
	struct evidence_opts eo;
	struct evidence_cols c;
	struct evidence_row r;
	struct pl_err err;
	struct table *t;
	const char *kind;
	char why[200];
	int over, pass;

	for (pass = 0; pass < 2; pass++) {
		FILE *fp = fmemopen((void *)text, sizeof text - 1, "r");

		memset(&eo, 0, sizeof eo);
		eo.fixed_date = DATE_NONE;
		eo.text_formulas = pass;
		t = table_open(fp, "ev.csv", NULL, &err);
		cr_assert_not_null(t);
		cr_assert_eq(evidence_find(t, NULL, &eo, &c, &err), 0);
		cr_assert_eq(table_next(t, &err), 1);
		cr_assert_eq(evidence_parse(t, &c, &eo, &r, &over, &kind, why,
		    sizeof why), EVIDENCE_OK, "%s", why);
		if (pass) {
			cr_expect(r.student_len == 5 &&
			    memcmp(r.student, "00123", 5) == 0);
			cr_expect(r.objective_len == 3 &&
			    memcmp(r.objective, "A.1", 3) == 0);
			cr_expect(r.item_len == 5 &&
			    memcmp(r.item, "q \"1\"", 5) == 0);
		} else {
			cr_expect(r.student_len == 8 &&
			    memcmp(r.student, "=\"00123\"", 8) == 0);
			cr_expect(r.item_len == 10);
		}
		cr_expect(r.kind_len == 7 && memcmp(r.kind, "=SUM(1)", 7) == 0);
		cr_assert_eq(table_next(t, &err), 1);
		cr_expect_eq(evidence_parse(t, &c, &eo, &r, &over, &kind, why,
		    sizeof why), EVIDENCE_BAD);
		cr_expect_str_eq(why, "score \"=\"0.5\"\" is not a number");
		table_close(t);
		fclose(fp);
	}
}
