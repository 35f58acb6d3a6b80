#define _GNU_SOURCE
/*
 * fuzz_evidence.c - evidence_parse_plain against evidence_parse on
 * arbitrary records.  The first byte picks the options (CSV or TSV, text
 * formulas, the decimal comma, day-first and Excel dates); the rest follows
 * a canonical header.  Oracle: every record the plain reader takes,
 * evidence_parse reads as evidence with the same fields, and its score is
 * over the maximum exactly when evidence_parse says so.
 */
#include <stdint.h>
#include <string.h>

#include "date.h"
#include "evidence.h"
#include "fuzz.h"

static int
same_text(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && memcmp(a, b, an) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char csv_head[] =
	    "student_id,objective_id,date,score,max_score\n";
	static const char tsv_head[] =
	    "student_id\tobjective_id\tdate\tscore\tmax_score\n";
	struct evidence_opts eo;
	struct evidence_cols c;
	struct table_opts to;
	struct pl_err err;
	struct table *t;
	const char *head;
	char *text;
	size_t hlen;
	unsigned flags;
	FILE *fp;

	if (size == 0)
		return 0;
	flags = data[0];
	head = flags & 1 ? tsv_head : csv_head;
	hlen = strlen(head);
	text = xmalloc(hlen + size);
	memcpy(text, head, hlen);
	memcpy(text + hlen, data + 1, size - 1);
	memset(&eo, 0, sizeof eo);
	eo.fixed_date = DATE_NONE;
	eo.text_formulas = (flags & 2) != 0;
	eo.decimal_comma = (flags & 4) != 0;
	eo.date_flags = (flags & 8 ? DATE_DMY : 0) | (flags & 16 ?
	    DATE_EXCEL : 0);
	memset(&to, 0, sizeof to);
	to.delim = flags & 1 ? '\t' : ',';
	fp = fuzz_open(text, hlen + size - 1);
	pl_err_clear(&err);
	t = fp ? table_open(fp, "fuzz", &to, &err) : NULL;
	if (t != NULL && evidence_find(t, NULL, &eo, &c, &err) == 0) {
		FUZZ_CHECK(evidence_plain_cols(&c), "canonical columns");
		while (table_next(t, &err) == 1) {
			struct evidence_row a, b;
			const char *kind = NULL;
			char why[256];
			int over = 0;

			if (table_problem(t) != NULL ||
			    !evidence_parse_plain(t, &c, &eo, &a))
				continue;
			FUZZ_CHECK(evidence_parse(t, &c, &eo, &b, &over, &kind,
			    why, sizeof why) == EVIDENCE_OK, "plain row "
			    "refused: %s", why);
			FUZZ_CHECK(same_text(a.student, a.student_len,
			    b.student, b.student_len), "student");
			FUZZ_CHECK(same_text(a.objective, a.objective_len,
			    b.objective, b.objective_len), "objective");
			FUZZ_CHECK(a.date == b.date, "date %ld vs %ld",
			    (long)a.date, (long)b.date);
			FUZZ_CHECK(a.points == b.points && a.max == b.max,
			    "score %.17g/%.17g vs %.17g/%.17g", a.points, a.max,
			    b.points, b.max);
			FUZZ_CHECK(a.seq == b.seq && a.weight == b.weight &&
			    a.correct == b.correct && a.item_len == b.item_len &&
			    a.kind_len == b.kind_len &&
			    a.source_len == b.source_len, "defaults");
			FUZZ_CHECK(over == (a.points > a.max), "over the maximum");
		}
	}
	if (t != NULL)
		table_close(t);
	if (fp != NULL)
		fclose(fp);
	free(text);
	return 0;
}
