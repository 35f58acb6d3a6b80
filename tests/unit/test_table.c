#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "num.h"
#include "table.h"
#include "testutil.h"

static struct table *
open_text(const char *text, size_t n, FILE **fp, char delim)
{
	struct table_opts o = { delim, 0 };
	struct pl_err err;
	struct table *t;

	*fp = fmemopen((void *)text, n, "r");
	cr_assert_not_null(*fp);
	t = table_open(*fp, "mem.csv", &o, &err);
	cr_assert_not_null(t, "table_open: %s", err.msg);
	return t;
}

/* Reads the next record and checks its fields and line. */
static void
expect_record(struct table *t, long line, size_t n, const char *const *want)
{
	struct pl_err err;
	size_t i, len;

	cr_assert_eq(table_next(t, &err), 1, "%s", err.msg);
	cr_expect_eq(table_line(t), line, "line %ld, want %ld", table_line(t), line);
	cr_assert_eq(table_nfields(t), n);
	for (i = 0; i < n; i++) {
		const char *f = table_field(t, i, &len);

		cr_expect_eq(len, strlen(want[i]));
		cr_expect_str_eq(f, want[i]);
	}
}

Test(table, dialects_and_lines)
{
	static const char text[] =
	    "\xEF\xBB\xBF Student_ID ;Score\r\n"
	    "S1;3,5\r\n"
	    "\r\n"
	    "\"S;2\";\"multi\r\nline\"\r\n"
	    "S3;\"say \"\"hi\"\"\"\r\n"
	    "S4;last";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;

	cr_expect_eq(table_delim(t), ';');
	cr_expect_eq(table_ncols(t), 2);
	cr_expect_str_eq(table_colname(t, 0), "Student_ID");
	cr_expect_eq(table_col(t, "student_id"), 0);
	cr_expect_eq(table_col(t, " SCORE "), 1);
	cr_expect_eq(table_col(t, "date"), -1);
	expect_record(t, 2, 2, (const char *[]){ "S1", "3,5" });
	expect_record(t, 4, 2, (const char *[]){ "S;2", "multi\r\nline" });
	expect_record(t, 6, 2, (const char *[]){ "S3", "say \"hi\"" });
	expect_record(t, 7, 2, (const char *[]){ "S4", "last" });
	cr_expect_eq(table_next(t, &err), 0);
	table_close(t);
	fclose(fp);
}

Test(table, tsv_unescapes_and_counts_lines)
{
	static const char text[] = "a\tb\n1\tx\\ty\n\n2\tback\\\\slash\r\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);

	cr_expect_eq(table_delim(t), '\t');
	expect_record(t, 2, 2, (const char *[]){ "1", "x\ty" });
	expect_record(t, 4, 2, (const char *[]){ "2", "back\\slash" });
	table_close(t);
	fclose(fp);
}

Test(table, problems_ragged_and_nul)
{
	static const char text[] = "a,b,c\n1,2\n1,2,3\n1,x\0y,3\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;

	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_str_eq(table_problem(t), "2 fields, expected 3");
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_null(table_problem(t));
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_str_eq(table_problem(t), "NUL byte in column \"b\"");
	table_close(t);
	fclose(fp);
}

/* Two exports concatenated: the second header is a problem, in any case
 * and with blanks around its cells; a row that only starts like the
 * header is data. */
Test(table, problems_repeated_header)
{
	static const char text[] =
	    " Student_ID ,score,date\n"
	    "S1,3,2026-01-01\n"
	    "student_id, SCORE ,Date\n"
	    "student_id,3,2026-01-02\n"
	    "student_i,score,date\n"
	    "student_id,score\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;

	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_null(table_problem(t));
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_str_eq(table_problem(t), "the header line repeated");
	cr_expect_str_eq(table_problem_kind(t), "repeated header");
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_null(table_problem(t));
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_null(table_problem(t));
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_str_eq(table_problem(t), "2 fields, expected 3");
	table_close(t);
	fclose(fp);
}

Test(table, unterminated_quote_and_field_bound)
{
	static const char text[] = "a,b\n1,2\n3,\"open\n4,5\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;
	char *big;
	size_t n = 3 * 1024 * 1024;
	struct table_opts o = { 0, 1024 * 1024 };

	cr_assert_eq(table_next(t, &err), 1);
	cr_assert_eq(table_next(t, &err), -1);
	cr_expect_str_eq(err.msg, "unterminated quoted field at end of input");
	cr_expect_eq(err.line, 3);
	table_close(t);
	fclose(fp);

	big = malloc(n + 16);
	memcpy(big, "a,b\n1,\"", 7);
	memset(big + 7, 'x', n);
	memcpy(big + 7 + n, "\"\n", 2);
	fp = fmemopen(big, n + 9, "r");
	t = table_open(fp, "big.csv", &o, &err);
	cr_assert_not_null(t);
	cr_expect_eq(table_next(t, &err), -1);
	cr_expect_str_eq(err.msg, "field longer than the limit of 1048576 bytes");
	cr_expect_eq(err.line, 2);
	table_close(t);
	fclose(fp);
	free(big);
}

Test(table, empty_input_and_missing_column)
{
	FILE *fp = fmemopen((void *)"\n\n", 2, "r");
	struct pl_err err;
	struct table *t = table_open(fp, "e.csv", NULL, &err);
	long idx[2];

	cr_expect_null(t);
	cr_expect_str_eq(err.msg, "empty input: no header line");
	fclose(fp);
	t = open_text("x,Y\n", 4, &fp, 0);
	cr_expect_eq(table_cols(t, (const char *[]){ "y", "score" },
	    (const int[]){ 1, 1 }, 2, idx, &err), -1);
	cr_expect_str_eq(err.msg, "missing required column \"score\" (found: x, Y)");
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	table_close(t);
	fclose(fp);
}

/* A minimal reader for csv-spectrum's JSON: an array of flat objects of
 * strings.  Returns the values in order, n set to their count. */
static char **
json_values(const char *s, size_t *n)
{
	char **v = calloc(256, sizeof *v);
	size_t k = 0;
	int key = 1;

	while (*s) {
		if (*s == '{')
			key = 1;
		if (*s == '"') {
			char *out = malloc(strlen(s) + 1), *o = out;

			for (s++; *s != '"'; s++) {
				if (*s == '\\') {
					s++;
					*o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' :
					    *s == 't' ? '\t' : *s;
				} else {
					*o++ = *s;
				}
			}
			*o = '\0';
			if (key)
				free(out);
			else
				v[k++] = out;
			key = !key;
		}
		s++;
	}
	*n = k;
	return v;
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 1 << 16);

	cr_assert_not_null(fp, "%s", path);
	*n = fread(buf, 1, (1 << 16) - 1, fp);
	fclose(fp);
	return buf;
}

static const char *spectrum[] = {
	"comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json",
	"location_coordinates", "newlines", "newlines_crlf",
	"quotes_and_newlines", "simple", "simple_crlf", "utf8"
};

/* Every csv-spectrum file reads to its JSON records, and what the writer
 * writes reads back to the same records. */
Test(table, csv_spectrum_round_trip)
{
	size_t f;

	for (f = 0; f < sizeof spectrum / sizeof spectrum[0]; f++) {
		char path[256], *csv, *json, *written = NULL;
		size_t csvlen, jsonlen, nv, k = 0, i, wlen = 0, pass;
		char **want;

		snprintf(path, sizeof path, "tests/data/csv-spectrum/csvs/%s.csv",
		    spectrum[f]);
		csv = slurp(path, &csvlen);
		snprintf(path, sizeof path, "tests/data/csv-spectrum/json/%s.json",
		    spectrum[f]);
		json = slurp(path, &jsonlen);
		want = json_values(json, &nv);
		for (pass = 0; pass < 2; pass++) {
			FILE *fp = fmemopen(pass ? written : csv,
			    pass ? wlen : csvlen, "r");
			FILE *wfp = pass ? NULL : open_memstream(&written, &wlen);
			struct table_writer *w = pass ? NULL :
			    table_writer_new(wfp, ',', 0);
			struct pl_err err;
			struct table *t = table_open(fp, path, NULL, &err);

			cr_assert_not_null(t, "%s: %s", spectrum[f], err.msg);
			if (w) {
				for (i = 0; i < table_ncols(t); i++)
					table_puts(w, table_colname(t, i));
				table_endrow(w);
			}
			k = 0;
			while (table_next(t, &err) == 1) {
				for (i = 0; i < table_nfields(t); i++) {
					size_t len;
					const char *s = table_field(t, i, &len);

					cr_assert_lt(k, nv, "%s: too many fields", spectrum[f]);
					/* csv-spectrum's own JSON for this file has
					 * another phone number than its CSV. */
					if (f != 5 || k != 0)
						cr_expect_str_eq(s, want[k],
						    "%s pass %zu field %zu",
						    spectrum[f], pass, k);
					k++;
					if (w)
						table_put(w, s, len);
				}
				if (w)
					table_endrow(w);
			}
			cr_expect_eq(k, nv, "%s: %zu of %zu fields", spectrum[f], k, nv);
			table_close(t);
			fclose(fp);
			if (w) {
				table_writer_free(w);
				fclose(wfp);
			}
		}
		for (i = 0; i < nv; i++)
			free(want[i]);
		free(want);
		free(csv);
		free(json);
		free(written);
	}
}

Test(table, writer_quotes_escapes_and_neutralises)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(fp, ',', TABLE_SPREADSHEET);

	table_puts(w, "=HYPERLINK(\"http://x\",\"y\")");
	table_puts(w, "-3.5");
	table_puts(w, "@SUM(A1)");
	table_puts(w, "a,b");
	table_endrow(w);
	table_writer_free(w);
	w = table_writer_new(fp, '\t', TABLE_NEUTRALISE);
	table_puts(w, "tab\there");
	table_puts(w, "+1+1");
	table_puts(w, "line\nbreak\\");
	table_endrow(w);
	table_writer_free(w);
	fclose(fp);
	cr_expect_str_eq(buf, "\xEF\xBB\xBF\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
	    "-3.5,\"'@SUM(A1)\",\"a,b\"\r\n"
	    "tab\\there\t'+1+1\tline\\nbreak\\\\\n");
	free(buf);
}

Test(table, excel_sep_line)
{
	static const char text[] = "sep=;\r\na;b\r\n1,5;2\r\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);

	cr_expect_eq(table_delim(t), ';');
	cr_expect_str_eq(table_colname(t, 1), "b");
	expect_record(t, 3, 2, (const char *[]){ "1,5", "2" });
	table_close(t);
	fclose(fp);
}

/* The cuts, worked by hand: "a,b\n" is bytes 0-3, "1,\"x\ny\"\n" 4-11,
 * "2,z\n" 12-15, "3,\"p\n\nq\"\n" 16-24 and "4,w\n" 25-28.  A third of the
 * 25 record bytes is 8: the first cut is the first newline outside quotes
 * at or after byte 12 (16); the second after byte 20, which lies inside
 * the quotes of record 3, so it is 25. */
static const char split_text[] =
    "a,b\n1,\"x\ny\"\n2,z\n3,\"p\n\nq\"\n4,w\n";

Test(table, split_at_record_boundaries)
{
	FILE *fp;
	struct table *t = open_text(split_text, sizeof split_text - 1, &fp, 0);
	long long cuts[4];
	size_t n = sizeof split_text - 1;

	cr_assert_eq(table_offset(t), 4);
	cr_assert_eq(fseek(fp, 4, SEEK_SET), 0);
	cr_assert_eq(table_split(fp, t, 4, (long long)n, 3, cuts), 3);
	cr_expect_eq(cuts[0], 4);
	cr_expect_eq(cuts[1], 16);
	cr_expect_eq(cuts[2], 25);
	cr_expect_eq(cuts[3], 29);
	table_close(t);
	fclose(fp);
}

/* TSV has no quoting: "a\tb\n" is bytes 0-3, "1\t\"x\n" 4-8, "2\ty\n" 9-12,
 * "3\t\"z\n" 13-17 and "4\tw\n" 18-21.  A third of the 18 record bytes is
 * 6: the cuts follow the first newlines at or after bytes 10 (12) and 16
 * (17), the quotes counting for nothing. */
Test(table, split_tsv_ignores_quotes)
{
	static const char text[] =
	    "a\tb\n1\t\"x\n2\ty\n3\t\"z\n4\tw\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, '\t');
	long long cuts[4];
	size_t n = sizeof text - 1;

	cr_assert_eq(table_offset(t), 4);
	cr_assert_eq(fseek(fp, 4, SEEK_SET), 0);
	cr_assert_eq(table_split(fp, t, 4, (long long)n, 3, cuts), 3);
	cr_expect_eq(cuts[0], 4);
	cr_expect_eq(cuts[1], 13);
	cr_expect_eq(cuts[2], 18);
	cr_expect_eq(cuts[3], 22);
	/* More slices than lines after a point: the rest are empty. */
	cr_assert_eq(fseek(fp, 4, SEEK_SET), 0);
	{
		long long many[9];
		int k = table_split(fp, t, 4, (long long)n, 8, many), i;

		cr_assert(k >= 2 && k <= 8);
		for (i = 0; i < 8; i++)
			cr_expect_leq(many[i], many[i + 1]);
		cr_expect_eq(many[8], 22);
	}
	table_close(t);
	fclose(fp);
}

/* Opens the slice [start, end) of split_text on the header of t. */
static struct table *
open_slice(const struct table *head, FILE **fp, long start, long end)
{
	struct pl_err err;
	struct table *s;

	*fp = fmemopen((void *)split_text, sizeof split_text - 1, "r");
	cr_assert_not_null(*fp);
	cr_assert_eq(fseek(*fp, start, SEEK_SET), 0);
	s = table_open_slice(*fp, head, end - start, &err);
	cr_assert_not_null(s, "%s", err.msg);
	return s;
}

Test(table, slices)
{
	FILE *fp, *sfp;
	struct table *t = open_text(split_text, sizeof split_text - 1, &fp, 0);
	struct table *s;
	struct pl_err err;
	static const char *const r3[] = { "3", "p\n\nq" };
	static const char *const r4[] = { "4", "w" };
	static const char *const r2[] = { "2", "" };

	/* A true slice: its records, lines from the slice's start, a clean
	 * end. */
	s = open_slice(t, &sfp, 16, 25);
	cr_expect_eq(table_ncols(s), 2);
	cr_expect_str_eq(table_colname(s, 1), "b");
	expect_record(s, 1, 2, r3);
	cr_assert_eq(table_next(s, &err), 0);
	cr_expect_eq(table_clean_end(s), 1);
	table_close(s);
	fclose(sfp);

	s = open_slice(t, &sfp, 25, 29);
	expect_record(s, 1, 2, r4);
	cr_assert_eq(table_next(s, &err), 0);
	cr_expect_eq(table_clean_end(s), 1);
	table_close(s);
	fclose(sfp);

	/* Cut inside quotes: the slice cannot end cleanly. */
	s = open_slice(t, &sfp, 16, 20);
	cr_expect_eq(table_next(s, &err), -1);
	cr_expect_eq(table_clean_end(s), 0);
	table_close(s);
	fclose(sfp);

	/* Cut inside a line: the last record is cut short, not clean. */
	s = open_slice(t, &sfp, 12, 14);
	expect_record(s, 1, 2, r2);
	cr_assert_eq(table_next(s, &err), 0);
	cr_expect_eq(table_clean_end(s), 0);
	table_close(s);
	fclose(sfp);

	table_close(t);
	fclose(fp);
}

Test(table, tsv_split_in_place)
{
	static const char text[] = "a\tb\r\nx\\ty\t\\\\z\n\nlast\tline";
	static const char *const r1[] = { "x\ty", "\\z" };
	static const char *const r2[] = { "last", "line" };
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;

	cr_assert_eq(table_delim(t), '\t');
	expect_record(t, 2, 2, r1);
	expect_record(t, 4, 2, r2);
	cr_assert_eq(table_next(t, &err), 0);
	table_close(t);
	fclose(fp);
}

Test(table, writer_hold_and_lanes)
{
	char *out = NULL;
	size_t outlen = 0, n;
	FILE *fp = open_memstream(&out, &outlen);
	struct table_writer *w, *l;
	const char *b;

	cr_assert_not_null(fp);
	w = table_writer_new(fp, ',', TABLE_HOLD | TABLE_SPREADSHEET);
	table_puts(w, "a");
	table_puts(w, "b");
	table_endrow(w);
	fflush(fp);
	cr_expect_eq(outlen, 0, "held rows are not written yet");
	l = table_writer_lane(w);
	cr_assert_not_null(l);
	table_puts(l, "x,y");
	table_put_int(l, -120);
	table_endrow(l);
	b = table_writer_bytes(l, &n);
	cr_expect_eq(n, 12);
	cr_expect(memcmp(b, "\"x,y\",-120\r\n", 12) == 0);
	table_writer_append(w, b, n);
	table_writer_clear(l);
	table_writer_bytes(l, &n);
	cr_expect_eq(n, 0);
	table_writer_free(l);
	table_writer_flush(w);
	fflush(fp);
	cr_assert_eq(outlen, 3 + 5 + 12);
	cr_expect(memcmp(out, "\xEF\xBB\xBF" "a,b\r\n\"x,y\",-120\r\n", 20) == 0);
	table_writer_free(w);
	fclose(fp);
	free(out);
}

/*
 * Three fields of r's lengths (0-12 A, 0-8 B then end2, 0-20 C) joined by
 * delim at text + len, no line end; returns the new length.
 */
static size_t
plain_fields(char *text, size_t len, unsigned r, char delim,
    const char *end2)
{
	size_t a = (r >> 8) % 13, b = (r >> 12) % 9, c = (r >> 16) % 21;

	memset(text + len, 'A', a);
	len += a;
	text[len++] = delim;
	memset(text + len, 'B', b);
	len += b;
	len += (size_t)sprintf(text + len, "%s", end2);
	text[len++] = delim;
	memset(text + len, 'C', c);
	return len + c;
}

/*
 * Plain lines (no quote, CR or NUL) are split sixteen or eight bytes at a
 * time: every place a delimiter or LF can fall in a block, blank lines, a
 * quoted line right after a plain one in the same block, and lines across
 * the reader's 64 KB chunks, each against a split by hand.
 */
Test(table, plain_lines_every_offset)
{
	size_t cap = 400000, len = 0, line = 1, i, nrec = 0;
	char *text = malloc(cap);
	FILE *fp;
	struct table *t;
	struct pl_err err;
	unsigned r = 12345;

	cr_assert_not_null(text);
	len += (size_t)sprintf(text, "a,b,c\n");
	while (len < cap - 200) {
		r = r * 1103515245u + 12345u;
		if (r % 17 == 0) {
			len += (size_t)sprintf(text + len, "\n");
		} else if (r % 19 == 0) {
			len += (size_t)sprintf(text + len, "q,\"x,%u\",z\n", r % 100);
		} else {
			len = plain_fields(text, len, r, ',', "");
			text[len++] = '\n';
		}
	}
	t = open_text(text, len, &fp, ',');
	/* The reference: walk the text again, line by line. */
	for (i = 6; i < len; ) {
		char *nl = memchr(text + i, '\n', len - i);
		size_t n = (size_t)(nl - (text + i));

		line++;
		if (n == 0) {
			i++;
			continue;
		}
		cr_assert_eq(table_next(t, &err), 1, "%s", err.msg);
		cr_assert_eq(table_line(t), (long)line);
		cr_assert_eq(table_nfields(t), 3);
		if (text[i] == 'q') {
			size_t fl;

			cr_assert_eq(table_field(t, 1, &fl)[0], 'x');
		} else {
			size_t f, start = i, k = 0, fl;

			for (f = i; f <= i + n; f++) {
				if (f < i + n && text[f] != ',')
					continue;
				cr_assert_eq(table_field(t, k, &fl), table_field(t,
				    k, NULL));
				cr_assert_eq(fl, f - start, "line %zu field %zu",
				    line, k);
				k++;
				start = f + 1;
			}
		}
		nrec++;
		i += n + 1;
	}
	cr_assert_eq(table_next(t, &err), 0);
	cr_assert_gt(nrec, 10000);
	table_close(t);
	fclose(fp);
	free(text);
}

/*
 * The same for TSV: plain lines split a block at a time, and lines with an
 * escape, a literal quote or a CR in any place of a block, across the
 * chunks, each against a split by hand.
 */
Test(table, tsv_plain_lines_every_offset)
{
	size_t cap = 400000, len = 0, line = 1, i, nrec = 0;
	char *text = malloc(cap);
	FILE *fp;
	struct table *t;
	struct pl_err err;
	unsigned r = 777;

	cr_assert_not_null(text);
	len += (size_t)sprintf(text, "a\tb\tc\n");
	while (len < cap - 200) {
		r = r * 1103515245u + 12345u;
		if (r % 17 == 0) {
			text[len++] = '\n';
			continue;
		}
		/* Field 2 ends, now and then, in an escape or a quote. */
		len = plain_fields(text, len, r, '\t', r % 7 == 0 ? "\\t" :
		    r % 11 == 0 ? "\"" : "");
		if (r % 13 == 0)
			text[len++] = '\r';
		text[len++] = '\n';
	}
	t = open_text(text, len, &fp, '\t');
	for (i = 6; i < len; ) {
		char *nl = memchr(text + i, '\n', len - i);
		size_t n = (size_t)(nl - (text + i)), f, start = i, k = 0, fl;

		line++;
		if (n == 0) {
			i++;
			continue;
		}
		if (text[i + n - 1] == '\r')
			n--;
		cr_assert_eq(table_next(t, &err), 1, "%s", err.msg);
		cr_assert_eq(table_line(t), (long)line);
		cr_assert_eq(table_nfields(t), 3);
		for (f = i; f <= i + n; f++) {
			size_t want;

			if (f < i + n && text[f] != '\t')
				continue;
			want = f - start;
			/* "\t" in the text is one tab in the field. */
			if (want >= 2 && memcmp(text + f - 2, "\\t", 2) == 0)
				want--;
			table_field(t, k, &fl);
			cr_assert_eq(fl, want, "line %zu field %zu", line, k);
			if (k == 1 && want >= 1 && text[f - 1] == 't' &&
			    text[f - 2] == '\\')
				cr_assert_eq(table_field(t, 1, NULL)[want - 1],
				    '\t');
			k++;
			start = f + 1;
		}
		nrec++;
		i += (size_t)(nl - (text + i)) + 1;
	}
	cr_assert_eq(table_next(t, &err), 0);
	cr_assert_gt(nrec, 10000);
	table_close(t);
	fclose(fp);
	free(text);
}

Test(table, formula_text)
{
	static const struct {
		const char *cell;
		const char *want;	/* NULL: not a text formula */
	} cases[] = {
		{ "=\"00123\"", "00123" },
		{ "=\"\"", "" },
		{ "=\"say \"\"hi\"\"\"", "say \"hi\"" },
		{ "=\"\"\"\"", "\"" },
		{ "=\"=\"\"x\"\"\"", "=\"x\"" },	/* one level only */
		{ "=\"a,b;c\"", "a,b;c" },
		{ "=\"caf\xc3\xa9\"", "caf\xc3\xa9" },
		{ "=00123", NULL },
		{ "=SUM(A1:A3)", NULL },
		{ "=\"a\"&\"b\"", NULL },	/* an expression */
		{ "=HYPERLINK(\"http://x\")", NULL },
		{ "=\"open", NULL },
		{ "=\"", NULL },
		{ "=\"a\"\"", NULL },		/* a lone quote at the end */
		{ "= \"a\"", NULL },
		{ "\"a\"", NULL },
		{ "+\"a\"", NULL },
		{ "00123", NULL },
		{ "", NULL },
		{ "=", NULL },
	};
	size_t i, len;
	char out[64];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i].cell;
		int is = table_formula_text(s, strlen(s), out, &len);

		if (cases[i].want == NULL) {
			cr_expect_eq(is, 0, "case %zu: %s", i, s);
			continue;
		}
		cr_expect_eq(is, 1, "case %zu: %s", i, s);
		cr_expect_eq(len, strlen(cases[i].want), "case %zu", i);
		cr_expect_eq(memcmp(out, cases[i].want, len), 0, "case %zu", i);
		/* Without out, only the length. */
		cr_expect_eq(table_formula_text(s, strlen(s), NULL, &len), 1);
		cr_expect_eq(len, strlen(cases[i].want));
	}
	/* Bounded by n, not by a NUL. */
	cr_expect_eq(table_formula_text("=\"ab\"xyz", 5, out, &len), 1);
	cr_expect_eq(len, 2);
	cr_expect_eq(table_formula_text("=\"ab\"", 4, out, &len), 0);
}

/* table_text: CSV-quoted and bare forms alike, trimmed inside and out;
 * table_field still gives the cell as written; copies made for doubled
 * quotes survive later calls in the record and are freed by the next
 * record (ASan would tell). */
Test(table, text_reads_formulas)
{
	static const char text[] =
	    "id,name,note\n"
	    "\"=\"\"00123\"\"\",=\"Lee\", ok \n"
	    " =\" 007 \" ,\"=\"\"Jo \"\"\"\"JJ\"\"\"\" Li\"\"\",=1+1\n"
	    "=\"a\"&\"b\",\"=\"\"\"\"\"\"\"\"\"\"\"\"\",x\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;
	const char *a, *b, *c;
	size_t la, lb, lc;

	cr_assert_eq(table_next(t, &err), 1);
	a = table_text(t, 0, &la);
	b = table_text(t, 1, &lb);
	c = table_text(t, 2, &lc);
	cr_expect(la == 5 && memcmp(a, "00123", 5) == 0);
	cr_expect(lb == 3 && memcmp(b, "Lee", 3) == 0);
	cr_expect(lc == 2 && memcmp(c, "ok", 2) == 0);
	cr_expect_str_eq(table_field(t, 0, NULL), "=\"00123\"");
	cr_assert_eq(table_next(t, &err), 1);
	b = table_text(t, 1, &lb);
	a = table_text(t, 0, &la);
	c = table_text(t, 2, &lc);
	cr_expect(la == 3 && memcmp(a, "007", 3) == 0);
	cr_expect(lb == 10 && memcmp(b, "Jo \"JJ\" Li", 10) == 0);
	cr_expect(lc == 4 && memcmp(c, "=1+1", 4) == 0);
	cr_assert_eq(table_next(t, &err), 1);
	a = table_text(t, 0, &la);
	b = table_text(t, 1, &lb);
	c = table_text(t, 7, &lc);
	cr_expect(la == 8 && memcmp(a, "=\"a\"&\"b\"", 8) == 0);
	cr_expect(lb == 2 && memcmp(b, "\"\"", 2) == 0);
	cr_expect_eq(lc, 0);
	cr_expect_eq(table_next(t, &err), 0);
	table_close(t);
	fclose(fp);
}

/* A string that is a text formula again is unwrapped in turn, to the
 * end; what is left of an expression stays as it is. */
Test(table, text_unwraps_nested_formulas)
{
	static const char text[] =
	    "a,b,c,d\n"
	    "\"=\"\"=\"\"\"\"00123\"\"\"\"\"\"\","
	    "\"=\"\"=\"\"\"\"=\"\"\"\"\"\"\"\"00123\"\"\"\"\"\"\"\"\"\"\"\"\"\"\","
	    "=\"=SUM(1)\","
	    "\"=\"\"=\"\"\"\"a\"\"\"\"&\"\"\"\"b\"\"\"\"\"\"\"\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;
	const char *s;
	size_t len;

	cr_assert_eq(table_next(t, &err), 1);
	cr_assert_eq(table_nfields(t), 4);
	s = table_text(t, 0, &len);
	cr_expect(len == 5 && memcmp(s, "00123", 5) == 0);
	s = table_text(t, 1, &len);
	cr_expect(len == 5 && memcmp(s, "00123", 5) == 0);
	s = table_text(t, 2, &len);
	cr_expect(len == 7 && memcmp(s, "=SUM(1)", 7) == 0);
	s = table_text(t, 3, &len);
	cr_expect(len == 8 && memcmp(s, "=\"a\"&\"b\"", 8) == 0);
	table_close(t);
	fclose(fp);
}

/* TSV has no quoting: the formula arrives as written. */
Test(table, text_reads_formulas_in_tsv)
{
	static const char text[] = "id\tname\n=\"00123\"\t=\"a \"\"b\"\"\"\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;
	const char *s;
	size_t len;

	cr_assert_eq(table_next(t, &err), 1);
	s = table_text(t, 0, &len);
	cr_expect(len == 5 && memcmp(s, "00123", 5) == 0);
	s = table_text(t, 1, &len);
	cr_expect(len == 5 && memcmp(s, "a \"b\"", 5) == 0);
	table_close(t);
	fclose(fp);
}

/* Writes a header and two rows of cells, through table_put or through
 * table_escape and table_put_escaped; returns the bytes. */
static char *
write_cells(char delim, int flags, const char *const *cells, size_t n,
    int escaped, int filtered)
{
	char *buf = NULL, esc[256];
	size_t len = 0, i, row;
	FILE *fp = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(fp, delim, flags);

	if (filtered)
		table_writer_filter(w, test_keep_cell, NULL);
	for (row = 0; row < 3; row++) {
		for (i = 0; i < n; i++) {
			size_t k = strlen(cells[i]);

			if (!escaped) {
				table_put(w, cells[i], k);
				continue;
			}
			cr_assert_lt(2 * k + 8, sizeof esc);
			table_put_escaped(w, cells[i], k, esc,
			    table_escape(w, cells[i], k, esc));
		}
		table_endrow(w);
	}
	table_writer_free(w);
	fclose(fp);
	return buf;
}

/* table_put_escaped writes what table_put writes: quoting, TSV escapes,
 * neutralised formulas, the header row (quoted where it would make a
 * reader guess the dialect) and a filtered writer. */
Test(table, escaped_cells_equal_put)
{
	static const char *const cells[] = { "plain", "a,b", "say \"hi\"",
	    "tab\there", "line\nbreak\\", "=SUM(A1)", "-3.5", "@x", "a;b",
	    "sep=,", "" };
	static const struct { char delim; int flags; } kinds[] = {
		{ ',', 0 }, { ',', TABLE_SPREADSHEET }, { '\t', 0 },
		{ '\t', TABLE_NEUTRALISE }, { ';', 0 },
	};
	size_t n = sizeof cells / sizeof cells[0], k;
	int filtered;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (filtered = 0; filtered < 2; filtered++) {
			char *a = write_cells(kinds[k].delim, kinds[k].flags,
			    cells, n, 0, filtered);
			char *b = write_cells(kinds[k].delim, kinds[k].flags,
			    cells, n, 1, filtered);

			cr_expect_str_eq(b, a, "delim %d flags %d filtered %d",
			    kinds[k].delim, kinds[k].flags, filtered);
			free(a);
			free(b);
		}
	}
}

/* table_escape_keeps says 1 exactly when table_escape writes the cell as it
 * is, for every kind of writer; writers of one delimiter and one formula
 * rule escape alike, others do not. */
Test(table, escape_keeps_when_escaping_is_identity)
{
	static const char *const cells[] = { "plain", "a,b", "say \"hi\"",
	    "tab\there", "line\nbreak", "back\\slash", "=SUM(A1)", "-3.5",
	    "+1", "@x", "a;b", "O-1", "", "r\r" };
	static const struct { char delim; int flags; } kinds[] = {
		{ ',', 0 }, { ',', TABLE_SPREADSHEET }, { '\t', 0 },
		{ '\t', TABLE_NEUTRALISE }, { ';', 0 }, { ',', TABLE_NEUTRALISE },
	};
	struct table_writer *w[sizeof kinds / sizeof kinds[0]];
	size_t nk = sizeof kinds / sizeof kinds[0], k, j, i;

	for (k = 0; k < nk; k++)
		w[k] = table_writer_new(stdout, kinds[k].delim, kinds[k].flags);
	for (k = 0; k < nk; k++) {
		for (i = 0; i < sizeof cells / sizeof cells[0]; i++) {
			char esc[64];
			size_t n = strlen(cells[i]);
			size_t e = table_escape(w[k], cells[i], n, esc);
			int same = e == n && memcmp(esc, cells[i], n) == 0;

			cr_expect_eq(table_escape_keeps(w[k], cells[i], n),
			    same, "\"%s\" delim %d flags %d", cells[i],
			    kinds[k].delim, kinds[k].flags);
		}
		for (j = 0; j < nk; j++)
			cr_expect_eq(table_writers_escape_alike(w[k], w[j]),
			    kinds[k].delim == kinds[j].delim &&
			    !(kinds[k].flags & 3) == !(kinds[j].flags & 3),
			    "%zu %zu", k, j);
	}
	for (k = 0; k < nk; k++)
		table_writer_free(w[k]);
}

/* One row of text, numbers, dates and a flag: cell by cell, or (whole 1)
 * in one piece through table_row_begin when the writer takes it. */
static void
put_mixed_row(struct table_writer *w, const char *text, long n, int32_t day,
    double v, int b, int whole)
{
	char *o;
	char d = table_writer_delim(w);
	size_t k = strlen(text);

	if (whole && (o = table_row_begin(w, 2 * k + 8 + TABLE_CELL_INT +
	    TABLE_CELL_DATE * 2 + NUM_BUFSIZE + 4 + 8)) != NULL) {
		o += table_escape(w, text, k, o);
		*o++ = d;
		o = table_cell_int(o, n);
		*o++ = d;
		o = table_cell_date(o, day);
		*o++ = d;
		o = table_cell_num(o, v);
		*o++ = d;
		o = table_cell_bool(o, b);
		*o++ = d;
		o = table_cell_date(o, DATE_NONE);
		table_row_end(w, o);
		return;
	}
	table_put(w, text, k);
	table_put_int(w, n);
	table_put_date(w, day);
	table_put_num(w, v);
	table_put_bool(w, b);
	table_put_date(w, DATE_NONE);
	table_endrow(w);
}

static char *
write_mixed(char delim, int flags, int whole, int filtered)
{
	static const char *const texts[] = { "plain", "a,b", "say \"hi\"",
	    "tab\there", "=SUM(A1)", "-3.5", "" };
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(fp, delim, flags);

	if (filtered)
		table_writer_filter(w, test_keep_cell, NULL);
	/* Before the header, a row is taken cell by cell only. */
	cr_assert_null(table_row_begin(w, 64));
	for (i = 0; i < 6; i++)
		table_put(w, "h", 1);
	table_endrow(w);
	if (filtered)
		cr_assert_null(table_row_begin(w, 64));
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		put_mixed_row(w, texts[i], (long)i * 1000 - 2500,
		    date_from_ymd(2026, 1 + (int)i, 9), (double)i / 3 - 1,
		    (int)i % 2, whole);
	table_writer_free(w);
	fclose(fp);
	return buf;
}

/* A row written in one piece is byte for byte the row table_put and the
 * typed puts write, in every dialect; a filtered writer or a row begun
 * cell by cell takes no whole row. */
Test(table, whole_rows_equal_cells)
{
	static const struct { char delim; int flags; } kinds[] = {
		{ ',', 0 }, { ',', TABLE_SPREADSHEET }, { '\t', 0 },
		{ '\t', TABLE_NEUTRALISE }, { ';', 0 },
	};
	size_t k;
	int filtered;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (filtered = 0; filtered < 2; filtered++) {
			char *a = write_mixed(kinds[k].delim, kinds[k].flags,
			    0, filtered);
			char *b = write_mixed(kinds[k].delim, kinds[k].flags,
			    1, filtered);

			cr_expect_str_eq(b, a, "delim %d flags %d filtered %d",
			    kinds[k].delim, kinds[k].flags, filtered);
			free(a);
			free(b);
		}
	}
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		struct table_writer *w = table_writer_new(fp, ',', 0);

		table_put(w, "h", 1);
		table_endrow(w);
		cr_expect_not_null(table_row_begin(w, 16));
		table_put(w, "x", 1);
		cr_expect_null(table_row_begin(w, 16));
		table_endrow(w);
		table_writer_free(w);
		fclose(fp);
		cr_expect_str_eq(buf, "h\nx\n");
		free(buf);
	}
}

/* One cell of n bytes, all 'a' but s[at] = c, written alone on a row
 * after a header row "h" (which is left out of what is returned). */
static char *
write_long_cell(char delim, size_t n, size_t at, char c)
{
	char cell[64], *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct table_writer *w = table_writer_new(fp, delim, 0);

	memset(cell, 'a', n);
	if (at < n)
		cell[at] = c;
	table_put(w, "h", 1);
	table_endrow(w);
	table_put(w, cell, n);
	table_endrow(w);
	table_writer_free(w);
	fclose(fp);
	cr_assert(len > 2 && memcmp(buf, "h\n", 2) == 0);
	memmove(buf, buf + 2, len - 1);
	return buf;
}

/*
 * Long cells are scanned sixteen bytes at a time: a byte to quote (CSV)
 * or escape (TSV) is found at every offset, in the first block, a later
 * one or the tail, and a cell with none is written as it is.
 */
Test(table, writer_finds_specials_at_every_offset)
{
	static const char csv_special[] = { ',', '"', '\n', '\r', '\t' };
	static const char tsv_special[] = { '\t', '\\', '\n', '\r' };
	size_t n, at, k;

	for (n = 1; n <= 50; n++) {
		for (at = 0; at < n; at++) {
			for (k = 0; k < sizeof csv_special; k++) {
				char *got = write_long_cell(',', n, at,
				    csv_special[k]);

				cr_assert_eq(got[0], '"', "CSV: byte %d at %zu "
				    "of %zu not quoted: %s", csv_special[k],
				    at, n, got);
				free(got);
			}
			for (k = 0; k < sizeof tsv_special; k++) {
				char *got = write_long_cell('\t', n, at,
				    tsv_special[k]);

				cr_assert_eq(got[at], '\\', "TSV: byte %d at %zu "
				    "of %zu not escaped", tsv_special[k], at,
				    n);
				cr_assert_eq(strlen(got), n + 2);
				free(got);
			}
			{
				/* A ';' is nothing special in a CSV cell. */
				char *got = write_long_cell(',', n, at, ';');

				cr_assert_eq(strlen(got), n + 1, "%s", got);
				cr_assert_eq(got[0], at == 0 ? ';' : 'a');
				free(got);
			}
		}
	}
}

Test(table, reheader_takes_a_later_row)
{
	static const char text[] = ",,1.1\nLast name, Email ,Score,x\n"
	    "Ada,a@x,0.5,1\n";
	FILE *fp;
	struct table *t = open_text(text, sizeof text - 1, &fp, 0);
	struct pl_err err;

	cr_assert_eq(table_ncols(t), 3);
	cr_assert_str_eq(table_colname(t, 2), "1.1");
	cr_assert_eq(table_next(t, &err), 1);
	table_reheader(t);
	cr_assert_eq(table_ncols(t), 4);
	cr_assert_str_eq(table_colname(t, 0), "Last name");
	cr_assert_str_eq(table_colname(t, 1), "Email");
	cr_assert_eq(table_col(t, "score"), 2);
	cr_assert_eq(table_next(t, &err), 1);
	cr_assert_null(table_problem(t), "%s", table_problem(t));
	cr_assert_eq(table_line(t), 3);
	cr_assert_eq(table_next(t, &err), 0);
	table_close(t);
	fclose(fp);
}

/* One line of a random table of 4 columns: mostly plain, else quoted,
 * with a CR, NUL or backslash, blank, too long, of the wrong number of
 * fields, or the header again. */
static size_t
random_line(char *out, unsigned *seed, char delim)
{
	static const char *const odd[] = {
	    "\"a,b\"", "x\r", "y\\z", "", "\"q\"\"q\"", "student_id",
	    "a very long field that takes the line past sixty-four bytes",
	};
	size_t n = 0, k, nf;
	unsigned r;

	*seed = *seed * 1103515245u + 12345u;
	r = (*seed >> 8) % 100;
	nf = r < 80 ? 4 : r < 85 ? 3 : r < 90 ? 5 : r < 93 ? 1 : 4;
	for (k = 0; k < nf; k++) {
		*seed = *seed * 1103515245u + 12345u;
		if (k > 0)
			out[n++] = delim;
		if (r >= 93 && (*seed >> 16) % 3 == 0) {
			const char *f = odd[(*seed >> 8) % 7];

			memcpy(out + n, f, strlen(f));
			n += strlen(f);
		} else if (r >= 93 && (*seed >> 16) % 3 == 1) {
			out[n++] = 'n';
			out[n++] = '\0';
		} else {
			n += (size_t)sprintf(out + n, "S%u", (*seed >> 12) %
			    (k == 0 ? 99999 : 999));
		}
	}
	if (r == 99)
		n = (size_t)sprintf(out, "student_id%cobjective_id%cdate%c"
		    "score", delim, delim, delim);
	out[n++] = '\n';
	return n;
}

/*
 * table_peek and table_take read what table_next reads: a random table's
 * records (with their lines, counted as records) are the same read either
 * way, in CSV and TSV, where peeking is tried before every record.  Its
 * lines are short, so one scan of 64 bytes serves several peeks.
 */
Test(table, peek_reads_what_next_reads)
{
	static char text[1 << 20];
	char delims[] = { ',', '\t' };
	int dk;

	for (dk = 0; dk < 2; dk++) {
		char d = delims[dk];
		size_t n = (size_t)sprintf(text, "student_id%cobjective_id%c"
		    "date%cscore\n", d, d, d);
		unsigned seed = 7;
		FILE *fa, *fb;
		struct table *a, *b;
		struct pl_err err;
		struct table_span f[4];
		size_t peeked = 0, used, i;
		int rc;

		while (n + 200 < sizeof text)
			n += random_line(text + n, &seed, d);
		a = open_text(text, n, &fa, d);
		b = open_text(text, n, &fb, d);
		for (;;) {
			/* A line peeked at and then read by table_next (as when
			 * a caller finds a field it cannot take as it is) reads
			 * the same, and so do the lines after it. */
			if ((used = table_peek(b, f)) > 0 && ++peeked % 5 == 0) {
				cr_assert_eq(table_next(b, &err), 1);
				cr_assert_eq(table_next(a, &err), 1);
				cr_assert_eq(table_line(b), table_line(a));
				cr_assert_eq(table_nfields(b), table_nfields(a));
				for (i = 0; i < table_nfields(a); i++) {
					size_t la, lb;
					const char *sa = table_field(a, i, &la);
					const char *sb = table_field(b, i, &lb);

					cr_assert_eq(la, lb);
					cr_assert(memcmp(sa, sb, la) == 0);
				}
				continue;
			}
			if (used > 0) {
				cr_assert_eq(table_next(a, &err), 1);
				cr_assert_null(table_problem(a));
				cr_assert_eq(table_nfields(a), 4);
				for (i = 0; i < 4; i++) {
					size_t len;
					const char *s = table_field(a, i, &len);

					cr_assert_eq(f[i].len, len);
					cr_assert(memcmp(f[i].s, s, len) == 0);
				}
				table_take(b, used);
				cr_assert_eq(table_line(b), table_line(a));
				cr_assert_eq(table_records(b), table_records(a));
				continue;
			}
			rc = table_next(b, &err);
			cr_assert_eq(table_next(a, &err), rc);
			if (rc != 1)
				break;
			cr_assert_eq(table_line(b), table_line(a));
			cr_assert_eq(table_nfields(b), table_nfields(a));
			cr_assert_eq(table_problem(b) == NULL,
			    table_problem(a) == NULL);
		}
		cr_assert_eq(table_records(b), table_records(a));
		/* Most lines are plain, and most of those were peeked. */
		cr_assert_gt(peeked, table_records(a) * 7 / 10);
		table_close(a);
		table_close(b);
		fclose(fa);
		fclose(fb);
	}
}
