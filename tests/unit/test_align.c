#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "align.h"

/* Loads text as an alignment table; NULL with err set when refused. */
static struct align *
load(const char *text, int decimal_comma, struct pl_err *err)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct align *a;

	cr_assert_not_null(fp);
	a = align_open(fp, "al.csv", NULL, decimal_comma, err);
	fclose(fp);
	return a;
}

Test(align, decimal_comma_max_score)
{
	struct pl_err err;
	struct align *a;

	/* Semicolons: a decimal comma, as the export's scores. */
	a = load("item_id;objective_id;max_score\n1;NF.1;8,5\n", 0, &err);
	cr_assert_not_null(a, "%s", err.msg);
	cr_expect_float_eq(align_max(a, align_find(a, "1", 1)), 8.5, 1e-12);
	align_free(a);
	/* Commas: only with --decimal-comma, and the refusal says so. */
	a = load("item_id,objective_id,max_score\n1,NF.1,\"8,5\"\n", 1, &err);
	cr_assert_not_null(a, "%s", err.msg);
	cr_expect_float_eq(align_max(a, 0), 8.5, 1e-12);
	align_free(a);
	a = load("item_id,objective_id,max_score\n1,NF.1,\"8,5\"\n", 0, &err);
	cr_assert_null(a);
	cr_expect_eq(err.line, 2);
	cr_expect(strstr(err.msg, "give --decimal-comma") != NULL, "%s",
	    err.msg);
}
