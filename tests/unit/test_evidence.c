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

static int
same_row(const struct evidence_row *a, const struct evidence_row *b)
{
	return a->student_len == b->student_len &&
	    memcmp(a->student, b->student, a->student_len) == 0 &&
	    a->objective_len == b->objective_len &&
	    memcmp(a->objective, b->objective, a->objective_len) == 0 &&
	    a->item_len == b->item_len && a->kind_len == b->kind_len &&
	    a->source_len == b->source_len && a->date == b->date &&
	    a->points == b->points && a->max == b->max && a->seq == b->seq &&
	    a->weight == b->weight && a->correct == b->correct;
}

/*
 * evidence_parse_plain takes only rows evidence_parse reads the same way:
 * every row it takes, evidence_parse reads as OK with the same fields;
 * it takes the plain rows (and so the test cannot pass by taking none);
 * every row it leaves is one with something to trim, unwrap, convert or
 * reject.  Both CSV (some lines through libcsv) and TSV.  And
 * evidence_parse_spans, on the lines table_peek splits (a second reader
 * of the same text), takes the same rows as evidence_parse_plain.
 */
Test(evidence, plain_rows_read_as_evidence_parse_reads_them)
{
	/* 1: taken (2: only when formulas are not unwrapped), 0: left. */
	static const struct { const char *text; int taken; } rows[] = {
		{ "S1,O1,2026-09-01,3,4", 1 },
		{ "s-2,A.1.b,2026-10-31,0,1", 1 },
		{ "S3,O1,2026-09-01,40,4", 1 },
		{ "S4,O1,2026-09-01,007,10", 1 },
		{ "S5,O1,2026-02-28,123456789012345,100000000000000", 1 },
		{ "=S6,O1,2026-09-01,1,1", 2 },
		{ "S7,O1, 2026-09-01 ,1,2", 1 },
		{ "S8,O1,09/01/2026,1,2", 1 },
		{ "\"S9\",O1,2026-09-01,1,2", 1 },
		{ "S10,O1,2026-09-01,1,2\r", 1 },
		{ " S11,O1,2026-09-01,1,2", 0 },
		{ "S12,O1 ,2026-09-01,1,2", 0 },
		{ ",O1,2026-09-01,1,2", 0 },
		{ "S14,,2026-09-01,1,2", 0 },
		{ "S15,O1,2026-09-01,0.5,1", 0 },
		{ "S16,O1,2026-09-01,3/4,", 0 },
		{ "S17,O1,2026-09-01,85%,", 0 },
		{ "S18,O1,2026-09-01,EX,4", 0 },
		{ "S19,O1,2026-09-01,,4", 0 },
		{ "S20,O1,2026-09-01,-1,4", 0 },
		{ "S21,O1,2026-09-01,41,4", 0 },
		{ "S22,O1,2026-09-01,1,0", 0 },
		{ "S23,O1,2026-09-01,1,", 0 },
		{ "S24,O1,2026-02-30,1,2", 0 },
		{ "S25,O1,,1,2", 0 },
		{ "S26,O1,2026-09-01,1234567890123456,1e16", 0 },
		{ "S27,O1,2026-09-01,3 ,4", 0 },
	};
	size_t nrows = sizeof rows / sizeof rows[0], i;
	int tsv, formulas;

	for (tsv = 0; tsv < 2; tsv++) {
		for (formulas = 0; formulas < 2; formulas++) {
			char text[4096], *p = text;
			struct evidence_opts eo;
			struct evidence_cols c;
			struct evidence_row a, b, sp;
			struct table_span f[5];
			struct pl_err err;
			struct table *t, *t2;
			FILE *fp, *fp2;
			size_t took = 0, want = 0, peeked = 0;

			p += sprintf(p, "student_id,objective_id,date,score,"
			    "max_score\n");
			for (i = 0; i < nrows; i++)
				p += sprintf(p, "%s\n", rows[i].text);
			if (tsv)
				for (p = text; *p; p++)
					if (*p == ',')
						*p = '\t';
			fp = fmemopen(text, strlen(text), "r");
			memset(&eo, 0, sizeof eo);
			eo.fixed_date = DATE_NONE;
			eo.text_formulas = formulas;
			t = table_open(fp, tsv ? "ev.tsv" : "ev.csv", NULL,
			    &err);
			cr_assert_not_null(t);
			fp2 = fmemopen(text, strlen(text), "r");
			t2 = table_open(fp2, tsv ? "ev.tsv" : "ev.csv", NULL,
			    &err);
			cr_assert_not_null(t2);
			cr_assert_eq(evidence_find(t, NULL, &eo, &c, &err), 0);
			cr_assert(evidence_plain_cols(&c));
			for (i = 0; table_next(t, &err) == 1; i++) {
				const char *kind = NULL;
				char why[200];
				int over, got;
				enum evidence_status st;
				size_t used;

				memset(&a, 0, sizeof a);
				got = evidence_parse_plain(t, &c, &eo, &a);
				st = evidence_parse(t, &c, &eo, &b, &over, &kind,
				    why, sizeof why);
				if (got) {
					took++;
					cr_expect_eq(st, EVIDENCE_OK, "row %zu: %s",
					    i, why);
					cr_expect(same_row(&a, &b), "row %zu", i);
				}
				cr_expect_eq(got, rows[i].taken == 1 ||
				    (rows[i].taken == 2 && !formulas),
				    "row %zu (%s), tsv %d, formulas %d", i,
				    rows[i].text, tsv, formulas);
				want += rows[i].taken == 1 ||
				    (rows[i].taken == 2 && !formulas);
				if ((used = table_peek(t2, f)) > 0) {
					peeked++;
					cr_expect_eq(evidence_parse_spans(f, &c,
					    &eo, &sp), got, "row %zu", i);
					cr_expect(!got || same_row(&a, &sp),
					    "row %zu", i);
					table_take(t2, used);
				} else {
					cr_assert_eq(table_next(t2, &err), 1);
				}
			}
			cr_expect_eq(i, nrows);
			cr_expect_eq(took, want);
			cr_expect_geq(took, 9);
			cr_expect_geq(peeked, 15);
			table_close(t);
			fclose(fp);
			table_close(t2);
			fclose(fp2);
		}
	}
}
