#define _GNU_SOURCE
/*
 * fuzz_table.c - the table reader on arbitrary bytes, with delimiter
 * detection and with each forced delimiter, with the default and a small
 * field bound.  Oracle: every record read, written back by the table writer
 * and read again, comes back the same (the header and every record, field
 * by field, byte by byte); table_text of every field is trimmed, no longer
 * than the field and no text formula.  And a second read that tries
 * table_peek (and table_take) before each record reads the same records,
 * lines and count, and ends the same way.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "table.h"

/* The records of one read: fields as one byte run with their lengths. */
struct records {
	char *bytes;
	size_t nbytes, bcap;
	size_t *len;		/* field lengths */
	size_t nlen, lcap;
	size_t *nf;		/* fields per record; record 0 is the header */
	size_t nrec, rcap;
	char delim;		/* the delimiter the reader used */
};

static void
rec_add(struct records *r, const char *const *f, const size_t *len, size_t n)
{
	size_t i;

	r->nf = xgrow(r->nf, &r->rcap, r->nrec + 1, sizeof *r->nf);
	r->nf[r->nrec++] = n;
	for (i = 0; i < n; i++) {
		r->bytes = xgrow(r->bytes, &r->bcap, r->nbytes + len[i] + 1, 1);
		memcpy(r->bytes + r->nbytes, f[i], len[i]);
		r->nbytes += len[i];
		r->len = xgrow(r->len, &r->lcap, r->nlen + 1, sizeof *r->len);
		r->len[r->nlen++] = len[i];
	}
}

static void
rec_free(struct records *r)
{
	free(r->bytes);
	free(r->len);
	free(r->nf);
}

/*
 * Reads fp as a table with opts, checking the reader's own promises, and
 * collects the header and each record.  Returns 1 when the read ended
 * cleanly, 0 when it stopped on an error, -1 when table_open failed.
 */
static int
read_all(FILE *fp, const struct table_opts *opts, struct records *out)
{
	struct pl_err err;
	struct table *t;
	const char **f = NULL;
	size_t *len = NULL, cap = 0, cap2 = 0, i, n;
	long prev_line = 0;
	int rc;

	pl_err_clear(&err);
	t = table_open(fp, "fuzz", opts, &err);
	if (t == NULL) {
		FUZZ_CHECK(err.msg[0] != '\0' && err.status == 1,
		    "table_open failed without a message");
		return -1;
	}
	if (opts->delim)
		FUZZ_CHECK(table_delim(t) == opts->delim, "delimiter not kept");
	else
		FUZZ_CHECK(strchr(",;\t|", table_delim(t)) != NULL,
		    "detected delimiter %d", table_delim(t));
	out->delim = table_delim(t);
	n = table_ncols(t);
	FUZZ_CHECK(n >= 1, "a header without columns");
	f = xgrow(f, &cap, n, sizeof *f);
	len = xgrow(len, &cap2, n, sizeof *len);
	/* A header name cut at a NUL byte may end in a blank that table_col
	 * trims away (see crashes/table/header-nul-name): names are compared
	 * trimmed. */
	for (i = 0; i < n; i++) {
		len[i] = strlen(table_colname(t, i));
		f[i] = util_trim(table_colname(t, i), &len[i]);
		if (len[i] == strlen(table_colname(t, i)))
			FUZZ_CHECK(table_col(t, f[i]) >= 0 &&
			    table_col(t, f[i]) <= (long)i,
			    "column %zu not found", i);
	}
	rec_add(out, f, len, n);
	while ((rc = table_next(t, &err)) == 1) {
		const char *p;
		size_t plen;

		n = table_nfields(t);
		FUZZ_CHECK(n >= 1, "a record without fields");
		FUZZ_CHECK(table_line(t) > prev_line, "line %ld after %ld",
		    table_line(t), prev_line);
		prev_line = table_line(t);
		f = xgrow(f, &cap, n, sizeof *f);
		len = xgrow(len, &cap2, n, sizeof *len);
		for (i = 0; i < n; i++) {
			f[i] = table_field(t, i, &len[i]);
			FUZZ_CHECK(f[i][len[i]] == '\0', "field not terminated");
			FUZZ_CHECK(len[i] <= (opts->max_field ? opts->max_field :
			    TABLE_MAX_FIELD), "field over the bound");
		}
		/* table_text: no longer than the trimmed field, trimmed, no
		 * text formula left, and the fields as they were (the round
		 * trip compares them). */
		for (i = 0; i < n; i++) {
			size_t tl, fl = len[i], m;
			const char *s = table_text(t, i, &tl);

			util_trim(f[i], &fl);
			FUZZ_CHECK(tl <= fl, "text longer than its field");
			FUZZ_CHECK(tl == 0 || (!util_blank((unsigned char)s[0]) &&
			    !util_blank((unsigned char)s[tl - 1])),
			    "text not trimmed");
			FUZZ_CHECK(!table_formula_text(s, tl, NULL, &m),
			    "text still a formula");
		}
		p = table_field(t, n, &plen);
		FUZZ_CHECK(plen == 0 && p[0] == '\0', "field past the end");
		if (table_problem(t) != NULL)
			FUZZ_CHECK(table_problem_kind(t)[0] != '\0', "no kind");
		rec_add(out, f, len, n);
	}
	if (rc < 0)
		FUZZ_CHECK(err.msg[0] != '\0' && err.line > 0,
		    "read error without a message or line");
	FUZZ_CHECK(table_records(t) == out->nrec - 1, "record count");
	free(f);
	free(len);
	table_close(t);
	return rc == 0;
}

/* The same read, table_peek tried before each record: the records and
 * their lines must be table_next's. */
static void
peek_read(FILE *fp, const struct table_opts *opts, const struct records *want,
    int want_rc)
{
	struct records got;
	struct pl_err err;
	struct table *t;
	struct table_span *sp;
	const char **f = NULL;
	size_t *len = NULL, cap = 0, cap2 = 0, i, n, used;
	long prev_line = 0;
	int rc = -2;

	memset(&got, 0, sizeof got);
	pl_err_clear(&err);
	t = table_open(fp, "fuzz", opts, &err);
	FUZZ_CHECK(t != NULL, "table_open failed the second time");
	n = table_ncols(t);
	sp = xcalloc(n, sizeof *sp);
	f = xgrow(f, &cap, n, sizeof *f);
	len = xgrow(len, &cap2, n, sizeof *len);
	for (i = 0; i < n; i++) {
		len[i] = strlen(table_colname(t, i));
		f[i] = util_trim(table_colname(t, i), &len[i]);
	}
	rec_add(&got, f, len, n);
	for (;;) {
		if ((used = table_peek(t, sp)) > 0) {
			for (i = 0; i < n; i++) {
				f[i] = sp[i].s;
				len[i] = sp[i].len;
			}
			rec_add(&got, f, len, n);
			table_take(t, used);
		} else {
			if ((rc = table_next(t, &err)) != 1)
				break;
			n = table_nfields(t);
			f = xgrow(f, &cap, n, sizeof *f);
			len = xgrow(len, &cap2, n, sizeof *len);
			for (i = 0; i < n; i++)
				f[i] = table_field(t, i, &len[i]);
			rec_add(&got, f, len, n);
			n = table_ncols(t);
		}
		FUZZ_CHECK(table_line(t) > prev_line, "peek: line %ld after %ld",
		    table_line(t), prev_line);
		prev_line = table_line(t);
	}
	FUZZ_CHECK((rc == 0) == (want_rc == 1), "peek: the read ended %d, "
	    "not %d", rc, want_rc);
	FUZZ_CHECK(got.nrec == want->nrec, "peek: %zu records, not %zu",
	    got.nrec, want->nrec);
	FUZZ_CHECK(got.nlen == want->nlen && memcmp(got.len, want->len,
	    want->nlen * sizeof *want->len) == 0, "peek: field lengths differ");
	FUZZ_CHECK(memcmp(got.nf, want->nf, want->nrec * sizeof *want->nf) ==
	    0, "peek: fields per record differ");
	FUZZ_CHECK(got.nbytes == want->nbytes && memcmp(got.bytes,
	    want->bytes, want->nbytes) == 0, "peek: field bytes differ");
	FUZZ_CHECK(table_records(t) == got.nrec - 1, "peek: record count");
	free(sp);
	free(f);
	free(len);
	rec_free(&got);
	table_close(t);
}

/*
 * Writes the records with the table writer and reads them back with the
 * same delimiter.  A record of one empty field is written as an empty
 * line, which readers skip, so those are left out of the comparison; a
 * first header name that starts with a UTF-8 byte-order mark (possible
 * only after blank lines or a second mark) comes back without it, so such
 * tables are not compared.
 */
static void
round_trip(const struct records *r, char delim)
{
	struct records back, want;
	struct table_writer *w;
	struct table_opts opts;
	char *buf = NULL;
	size_t bufsize = 0, i, j, k = 0, kb = 0;
	FILE *mem;
	int rc;

	if (r->nf[0] == 1 && r->len[0] == 0)
		return;		/* a header of one empty name: an empty line */
	if (r->len[0] >= 3 && memcmp(r->bytes, "\xEF\xBB\xBF", 3) == 0)
		return;		/* read back as a byte-order mark and skipped */
	mem = open_memstream(&buf, &bufsize);
	memset(&want, 0, sizeof want);
	w = table_writer_new(mem, delim, 0);
	for (i = 0; i < r->nrec; i++) {
		int skip = i > 0 && r->nf[i] == 1 && r->len[k] == 0;

		for (j = 0; j < r->nf[i]; j++) {
			table_put(w, r->bytes + kb, r->len[k]);
			if (!skip) {
				want.len = xgrow(want.len, &want.lcap, want.nlen + 1,
				    sizeof *want.len);
				want.len[want.nlen++] = r->len[k];
				want.bytes = xgrow(want.bytes, &want.bcap,
				    want.nbytes + r->len[k] + 1, 1);
				memcpy(want.bytes + want.nbytes, r->bytes + kb,
				    r->len[k]);
				want.nbytes += r->len[k];
			}
			kb += r->len[k++];
		}
		table_endrow(w);
		if (!skip) {
			want.nf = xgrow(want.nf, &want.rcap, want.nrec + 1,
			    sizeof *want.nf);
			want.nf[want.nrec++] = r->nf[i];
		}
	}
	table_writer_free(w);
	fclose(mem);

	memset(&back, 0, sizeof back);
	memset(&opts, 0, sizeof opts);
	opts.delim = delim;
	mem = fuzz_open(buf, bufsize);
	rc = read_all(mem, &opts, &back);
	fclose(mem);
	FUZZ_CHECK(rc == 1, "the written table does not read back (%zu bytes)",
	    bufsize);
	FUZZ_CHECK(back.nrec == want.nrec, "%zu records back, %zu written",
	    back.nrec, want.nrec);
	FUZZ_CHECK(back.nlen == want.nlen, "%zu fields back, %zu written",
	    back.nlen, want.nlen);
	for (i = 0; i < want.nrec; i++)
		FUZZ_CHECK(back.nf[i] == want.nf[i], "record %zu: %zu fields "
		    "back, %zu written", i, back.nf[i], want.nf[i]);
	for (i = 0; i < want.nlen; i++)
		FUZZ_CHECK(back.len[i] == want.len[i], "field %zu: length %zu "
		    "back, %zu written", i, back.len[i], want.len[i]);
	FUZZ_CHECK(back.nbytes == want.nbytes &&
	    memcmp(back.bytes, want.bytes, want.nbytes) == 0,
	    "field bytes differ");
	rec_free(&back);
	rec_free(&want);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct table_opts configs[] = {
		{ 0, 0 }, { 0, 64 }, { ',', 0 }, { '\t', 0 }, { ';', 64 },
		{ '|', 0 }
	};
	size_t c;

	for (c = 0; c < sizeof configs / sizeof configs[0]; c++) {
		struct records r;
		FILE *fp = fuzz_open(data, size);
		int rc;

		memset(&r, 0, sizeof r);
		rc = read_all(fp, &configs[c], &r);
		fclose(fp);
		if (rc >= 0) {
			fp = fuzz_open(data, size);
			peek_read(fp, &configs[c], &r, rc);
			fclose(fp);
		}
		/* A header whose first name is "sep=" (after trimming) can be
		 * written as Excel's delimiter line and cannot always read
		 * back the same: TSV has no quoting to tell them apart.  A
		 * known limit; such inputs are not compared. */
		if (rc >= 0 && !(size >= 4 && memmem(data, size,
		    "sep=", 4) != NULL))
			round_trip(&r, r.delim);
		rec_free(&r);
	}
	return 0;
}
