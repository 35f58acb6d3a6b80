/*
 * fuzz_standards.c - the CASE standards readers of pl-import
 * --from case: the first byte picks the options (bit 0: --objective-id
 * identifier, bit 1: --strict, bit 2: read the rest as a JSON package even
 * when it does not begin with '{'); the rest is the input, read as
 * pl-import reads it: a CASE JSON package when its first byte that is not
 * blank is '{' (standards_json_objectives), else a CASE CSV list through
 * the table layer (standards_objectives).
 *
 * Oracle: a refusal says why and with which status; an import writes a
 * well-formed objectives table (the seven columns, every row whole, every
 * objective_id present and distinct), no more rows than items read, and
 * the same bytes a second time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "intern.h"
#include "reject.h"
#include "standards.h"

/* Imports in[0..n) and returns what was written (malloc'd, its length in
 * *outlen), or NULL when the import failed. */
static char *
run(const char *in, size_t n, int json, enum standards_id id, int strict,
    struct import_stats *st, size_t *outlen)
{
	struct pl_err err;
	struct table_writer *w;
	struct reject *rj;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem;
	int rc;

	pl_err_clear(&err);
	memset(st, 0, sizeof *st);
	rj = reject_new(NULL, strict, &err);
	FUZZ_CHECK(rj != NULL, "reject_new");
	mem = open_memstream(&buf, &size);
	w = table_writer_new(mem, ',', 0);
	if (json) {
		rc = standards_json_objectives(in, n, "fuzz", w, id, 0, rj, st,
		    &err);
	} else {
		FILE *fp = fuzz_open(in, n);
		struct table *t = table_open(fp, "fuzz", NULL, &err);

		rc = t == NULL ? -1 : standards_objectives(t, w, id, 0, rj, st,
		    &err);
		table_close(t);
		fclose(fp);
	}
	if (rc != 0)
		FUZZ_CHECK(err.msg[0] != '\0' && (err.status == PL_EXIT_DATA ||
		    err.status == PL_EXIT_USAGE), "failed without a message "
		    "or status (status %d)", err.status);
	else
		FUZZ_CHECK(reject_finish(rj, 1, &err) == 0, "reject_finish");
	FUZZ_CHECK(st->written <= st->records, "%lu written from %lu items",
	    st->written, st->records);
	table_writer_free(w);
	reject_free(rj);
	fclose(mem);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	*outlen = size;
	return buf;
}

/* Reads the output back: the header, whole rows, distinct ids. */
static void
check_table(const char *out, size_t n, unsigned long written)
{
	static const char head[] = "objective_id,title,course_id,unit,"
	    "prerequisites,standard,identifier\n";
	struct table_opts topts = { ',', 0 };
	struct intern *ids = intern_new();
	struct pl_err err;
	struct table *t;
	unsigned long rows = 0;
	FILE *fp;
	int r;

	FUZZ_CHECK(n >= sizeof head - 1 && memcmp(out, head, sizeof head - 1)
	    == 0, "no header:\n%.*s", (int)(n > 200 ? 200 : n), out);
	fp = fuzz_open(out, n);
	t = table_open(fp, "out", &topts, &err);
	FUZZ_CHECK(t != NULL, "the output does not read: %s", err.msg);
	FUZZ_CHECK(table_ncols(t) == 7, "%zu columns", table_ncols(t));
	while ((r = table_next(t, &err)) == 1) {
		size_t len, before = intern_count(ids);
		const char *id = table_field(t, 0, &len);

		FUZZ_CHECK(table_problem(t) == NULL, "row %lu: %s", rows,
		    table_problem(t));
		FUZZ_CHECK(len > 0, "row %lu: empty objective_id", rows);
		intern_add(ids, id, len);
		FUZZ_CHECK(intern_count(ids) > before, "row %lu: objective_id "
		    "\"%.*s\" twice", rows, (int)len, id);
		rows++;
	}
	FUZZ_CHECK(r == 0, "the output does not read: %s", err.msg);
	FUZZ_CHECK(rows == written, "%lu rows, %lu written", rows, written);
	table_close(t);
	fclose(fp);
	intern_free(ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_stats st, st2;
	enum standards_id id;
	const char *in = (const char *)data + 1;
	char *out, *out2;
	size_t n, i, outlen, outlen2;
	int strict, json;

	if (size < 1)
		return 0;
	id = data[0] & 1 ? STANDARDS_ID_IDENTIFIER : STANDARDS_ID_CODE;
	strict = (data[0] >> 1) & 1;
	json = (data[0] >> 2) & 1;
	n = size - 1;
	/* As pl-import decides: the first byte that is not blank, after a
	 * byte order mark. */
	i = n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && strchr(" \t\r\n", in[i]) != NULL && in[i] != '\0')
		i++;
	json |= i < n && in[i] == '{';
	out = run(in, n, json, id, strict, &st, &outlen);
	if (out == NULL)
		return 0;
	check_table(out, outlen, st.written);
	out2 = run(in, n, json, id, strict, &st2, &outlen2);
	FUZZ_CHECK(out2 != NULL && outlen2 == outlen &&
	    memcmp(out, out2, outlen) == 0, "a second import wrote other "
	    "bytes");
	FUZZ_CHECK(st2.written == st.written && st2.nnotes == st.nnotes,
	    "a second import told another story");
	free(out);
	free(out2);
	return 0;
}
