/*
 * fuzz_import.c - the whole pl-import input path in-process: the first
 * byte picks the kind (long evidence, --wide, --table roster, objectives or
 * activities) and the options (--dmy, --excel-dates, --decimal-comma,
 * --strict, --max-score or --map/--align); the rest is the input table.
 * A --wide input that begins as a Pearson MyLab export does is read as
 * one (mylab_evidence), as pl-import's detection would.
 * As pl-import does, a ';' table reads decimal commas and the output is CSV
 * (TSV for a TSV input), written here to a memory stream.
 *
 * Oracle: what pl-import writes is canonical, so importing it again (long
 * evidence, or the same --table kind, with no options) rejects nothing,
 * skips nothing and writes the same bytes.  The second import is told the
 * delimiter: detection misreads a written header holding ';' or a tab
 * (tests/fuzz/crashes/import/header-semicolon-redetected, a fix for
 * lib/table.c).
 */
#include <stdint.h>
#include <string.h>

#include "align.h"
#include "date.h"
#include "detect.h"
#include "fuzz.h"
#include "import.h"
#include "mylab.h"
#include "reject.h"

enum { K_LONG, K_WIDE, K_ROSTER, K_OBJECTIVES, K_ACTIVITIES };

static const char ALIGN[] =
    "item_id,objective_id,max_score\n"
    "Quiz 1,MATH.7.1,10\n"
    "Unit Test: Ratios (5678),MATH.7.2,50\n"
    "a,A,\n"
    "b,B,0.5\n";

/*
 * Runs one import of in[0..n) and returns what it wrote (malloc'd, its
 * length in *outlen), or NULL when the import failed.  Counts in *st and
 * the number of rejected rows in *rejected.
 */
static char *
run(const char *in, size_t n, int kind, const struct import_opts *io,
    const char *const *tmap, int strict, char delim, struct import_stats *st,
    unsigned long *rejected, size_t *outlen, char *outdelim, int *cut)
{
	struct pl_err err;
	struct table_opts topts;
	struct import_opts o = *io;
	struct table_writer *w;
	struct reject *rj;
	struct table *t;
	FILE *fp = fuzz_open(in, n), *mem;
	char *buf = NULL;
	size_t size = 0, i, ncols;
	int rc;

	pl_err_clear(&err);
	memset(st, 0, sizeof *st);
	memset(&topts, 0, sizeof topts);
	topts.delim = delim;
	rj = reject_new(NULL, strict, &err);
	t = table_open(fp, "fuzz", &topts, &err);
	if (t == NULL) {
		FUZZ_CHECK(err.msg[0] != '\0', "table_open: no message");
		reject_free(rj);
		fclose(fp);
		return NULL;
	}
	/* A header name cut at a NUL byte can end in a blank, which a second
	 * read trims (tests/fuzz/crashes/import/header-nul-name, a fix for
	 * lib/table.c): such inputs are not compared. */
	*cut = 0;
	for (i = 0; i < table_ncols(t); i++) {
		const char *h = table_colname(t, i);
		size_t hl = strlen(h);

		if (hl && strchr(" \t\r\n", h[hl - 1]) != NULL)
			*cut = 1;
	}
	mem = open_memstream(&buf, &size);
	*outdelim = table_delim(t) == '\t' ? '\t' : ',';
	w = table_writer_new(mem, *outdelim, 0);
	if (table_delim(t) == ';')
		o.ev.decimal_comma = 1;
	ncols = table_ncols(t);		/* before a MyLab header row's */
	if (kind == K_WIDE && detect_table(t) == DETECT_MYLAB)
		rc = mylab_evidence(t, w, &o, MYLAB_ID_EMAIL, 0, rj, st, &err);
	else if (kind == K_LONG || kind == K_WIDE)
		rc = import_evidence(t, w, &o, 0, rj, st, &err);
	else
		rc = import_normalise(t, w, kind == K_ROSTER ? IMPORT_ROSTER :
		    kind == K_OBJECTIVES ? IMPORT_OBJECTIVES :
		    IMPORT_ACTIVITIES, tmap, &o.ev, 0, rj, st, &err);
	*rejected = reject_count(rj);
	if (rc != 0)
		FUZZ_CHECK(err.msg[0] != '\0' && err.status != 0,
		    "import failed without a message");
	else
		FUZZ_CHECK(reject_finish(rj, 1, &err) == 0, "reject_finish");
	FUZZ_CHECK(st->written <= st->records * (kind == K_WIDE ?
	    ncols : 1), "%lu written from %lu records", st->written,
	    st->records);
	import_stats_free(st);		/* the counts stay */
	table_close(t);
	table_writer_free(w);
	reject_free(rj);
	fclose(mem);
	fclose(fp);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	*outlen = size;
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tmap[] = { "student_id", "SIS User ID",
	    "objective_id", "Standard", NULL };
	struct import_opts o, plain;
	struct import_stats st, st2;
	struct align *al = NULL;
	unsigned long rej, rej2;
	char *out, *out2;
	size_t outlen, outlen2;
	int kind, strict, opt;
	char delim, delim2;
	int cut = 0, cut2 = 0;

	if (size < 1)
		return 0;
	kind = data[0] % 5;
	opt = data[0] >> 6;
	strict = (data[0] >> 5) & 1;
	memset(&o, 0, sizeof o);
	o.ev.fixed_date = DATE_NONE;
	o.ev.date_flags = (data[0] >> 3) & 3;	/* DATE_DMY, DATE_EXCEL */
	o.ev.decimal_comma = opt == 3;
	o.wide = kind == K_WIDE;
	if (kind == K_WIDE)
		o.ev.fixed_date = date_from_ymd(2026, 11, 20);	/* --as-of */
	if (opt == 1)
		o.ev.max_score = 10;
	if (opt == 2 && kind == K_LONG) {
		o.map[EV_STUDENT] = "Student ID";
		o.map[EV_OBJECTIVE] = "Standard";
		o.map[EV_SCORE] = "Score";
		o.map[EV_MAX] = "Points Possible";
		o.map[EV_DATE] = "Submitted";
	}
	if (opt == 2 && kind == K_WIDE) {
		struct pl_err err;
		FILE *fp = fmemopen((void *)ALIGN, sizeof ALIGN - 1, "r");

		al = align_load(fp, "align", NULL, &err);
		fclose(fp);
		FUZZ_CHECK(al != NULL, "align: %s", err.msg);
		o.align = al;
	}
	out = run((const char *)data + 1, size - 1, kind, &o,
	    opt == 2 ? tmap : NULL, strict, 0, &st, &rej, &outlen, &delim, &cut);
	align_free(al);
	if (out == NULL)
		return 0;
	if (cut) {
		free(out);
		return 0;
	}
	if (strict)
		FUZZ_CHECK(rej == 0, "--strict went on after a bad row");

	/* Importing the output again changes nothing. */
	memset(&plain, 0, sizeof plain);
	plain.ev.fixed_date = DATE_NONE;
	out2 = run(out, outlen, kind == K_WIDE ? K_LONG : kind, &plain, NULL, 0,
	    delim, &st2, &rej2, &outlen2, &delim2, &cut2);
	FUZZ_CHECK(out2 != NULL, "the output does not import again:\n%.*s",
	    (int)(outlen > 2000 ? 2000 : outlen), out);
	FUZZ_CHECK(rej2 == 0 && st2.no_evidence == 0, "%lu rows of the output "
	    "rejected, %lu skipped:\n%.*s", rej2, st2.no_evidence,
	    (int)(outlen > 2000 ? 2000 : outlen), out);
	FUZZ_CHECK(st2.written == st.written, "%lu rows again, %lu before",
	    st2.written, st.written);
	FUZZ_CHECK(outlen2 == outlen && memcmp(out, out2, outlen) == 0,
	    "the output changed on a second import:\n%.*s---\n%.*s",
	    (int)(outlen > 2000 ? 2000 : outlen), out,
	    (int)(outlen2 > 2000 ? 2000 : outlen2), out2);
	free(out);
	free(out2);
	return 0;
}
