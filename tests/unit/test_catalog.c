#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "date.h"

static const char *
write_tmp(const char *text)
{
	static char path[64];
	FILE *fp;

	strcpy(path, "/tmp/pl-catalog-XXXXXX");
	close(mkstemp(path));
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

Test(catalog, objectives_in_guide_order)
{
	const char *p = write_tmp(
	    "Objective_ID,title,prerequisites,due_date,essential,est_minutes,extra\n"
	    "6.RP.1,Ratios,,9/30/2026,yes,45,x\n"
	    "6.RP.3,Problems, 6.RP.1 ; 6.RP.2 ,2026-10-30,,,\n");
	struct catalog_objectives o;
	struct pl_err err;

	cr_assert_eq(catalog_load_objectives(p, NULL, 0, &o, &err), 0, "%s", err.msg);
	cr_expect_eq(o.n, 2);
	cr_expect_str_eq(o.v[1].id, "6.RP.3");
	cr_expect_eq(o.v[1].prereqs.n, 2);
	cr_expect_str_eq(o.v[1].prereqs.v[1], "6.RP.2");
	cr_expect_eq(o.v[0].due, date_from_ymd(2026, 9, 30));
	cr_expect_eq(o.v[0].essential, 1);
	cr_expect_eq(o.v[0].est_minutes, 45);
	cr_expect_eq(o.v[1].line, 3);
	cr_expect_eq(catalog_objective(&o, "6.RP.3", 6), 1);
	cr_expect_eq(catalog_objective(&o, "nope", 4), -1);
	cr_expect_eq(o.has_rule, 0);
	catalog_free_objectives(&o);
	unlink(p);
}

Test(catalog, errors_name_the_line)
{
	const char *p = write_tmp("objective_id,due_date\nA,2026-09-01\nB,2026-02-30\n");
	struct catalog_objectives o;
	struct catalog_roster r;
	struct pl_err err;

	cr_expect_eq(catalog_load_objectives(p, NULL, 0, &o, &err), -1);
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.msg, "due_date \"2026-02-30\" is not a valid date");
	unlink(p);
	p = write_tmp("student_id,name\nS1,A\nS1,B\n");
	cr_expect_eq(catalog_load_roster(p, NULL, 0, &r, &err), -1);
	cr_expect_str_eq(err.msg, "duplicate student_id \"S1\"");
	cr_expect_eq(err.line, 3);
	unlink(p);
	cr_expect_eq(catalog_load_roster("/nonexistent/x.csv", NULL, 0, &r, &err), -1);
	cr_expect_str_eq(err.msg, "cannot open: No such file or directory");
}

Test(catalog, calendar_sorted_unique)
{
	const char *p = write_tmp("date,name\n2026-11-27,Thanksgiving\n2026-09-07,Labor Day\n11/27/2026,again\n");
	struct catalog_calendar c;
	struct pl_err err;

	cr_assert_eq(catalog_load_calendar(p, NULL, 0, &c, &err), 0, "%s", err.msg);
	cr_expect_eq(c.n, 2);
	cr_expect_eq(c.days[0], date_from_ymd(2026, 9, 7));
	cr_expect_str_eq(c.names[1], "Thanksgiving");
	catalog_free_calendar(&c);
	unlink(p);
}
