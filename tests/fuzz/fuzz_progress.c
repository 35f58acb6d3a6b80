/*
 * fuzz_progress.c - the input path of pl-progress in-process: arbitrary
 * bytes as the evidence table (or, for the pacing view, the mastery table)
 * through progress_new, progress_read or progress_read_mastery and
 * progress_finish, with a sink that writes mastery rows
 * (progress_write_student) or pacing rows (paceview_write_student) into a
 * memstream.  The objectives, roster and calendar are small fixed tables
 * loaded once.  The first two bytes pick the rule, the scale, the
 * min-evidence, --only-kind, --all, the catalogs and the mode.
 *
 * Oracles beyond "no sanitizer report": the same input gives the same
 * output twice; and when no record is rejected, the input sorted by
 * student (stably, so each student's rows keep their order) read in
 * --grouped mode gives the same output as the default mode (inputs
 * without NUL bytes: a header cell holding one does not write back).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "calendar.h"
#include "catalog.h"
#include "date.h"
#include "evidence.h"
#include "fuzz.h"
#include "mastery.h"
#include "paceview.h"
#include "progress.h"
#include "reject.h"
#include "table.h"

static const char OBJECTIVES[] =
    "objective_id,title,course_id,prerequisites,due_date,est_minutes,rule\n"
    "O1,Ratios,M6,,2026-09-14,60,\n"
    "O2,Rates,M6,O1,2026-10-05,90,n-times:2@0.8\n"
    "O3,Percent,M6,O2,2026-11-02,,\n"
    "O4,Expressions,M6,O1,,30,mean-of-last:2\n"
    "E1,Essay,ELA,,2026-10-20,45,highest\n"
    "E2,Argument,ELA,E1,2026-12-01,45,\n";
static const char ROSTER[] =
    "student_id,name,section,target_date\n"
    "S1,Ana,A,\n"
    "S2,Ben,A,2026-12-15\n"
    "S4,Dee,B,\n";
static const char CALENDAR[] =
    "date,name\n"
    "2026-09-07,Labor Day\n"
    "2026-10-12,PD day\n"
    "2026-11-11,Veterans Day\n"
    "2026-11-26,Thanksgiving\n";

static const char *const rules[] = {
	"decaying", "decaying:0.3", "weighted", "weighted:0.9", "n-times:2",
	"n-times:3@0.7", "recent", "highest", "mean", "median", "mode",
	"highest-of-last:2", "mean-of-last:3", "power-law", "best-fit",
	"n-times:1"
};
static const char *const scales[] = {
	NULL,
	"no<0.5<yes",
	"1<0.25<2<0.5<3<0.75<4",
	"low<0.6<high<0.99<top"
};
static const char *const kinds[] = { NULL, "summative", "quiz", "" };

static struct catalog_objectives objs, noobjs;
static struct catalog_roster roster, noroster;
static struct catalog_calendar holidays;
static struct calendar *cal;
static int32_t as_of;
static char last_err[512];	/* why the last run stopped */

/* Loads a fixed table through a memfd, as the tools load a file. */
static int
memfd_with(const char *text)
{
	int fd = memfd_create("fuzz_progress", 0);

	FUZZ_CHECK(fd >= 0 && write(fd, text, strlen(text)) ==
	    (ssize_t)strlen(text), "memfd");
	return fd;
}

static void
init(void)
{
	struct pl_err err;
	char path[64];
	int fd;

	pl_err_clear(&err);
	fd = memfd_with(OBJECTIVES);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	FUZZ_CHECK(catalog_load_objectives(path, NULL, 0, &objs, &err) == 0,
	    "objectives: %s", err.msg);
	close(fd);
	fd = memfd_with(ROSTER);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	FUZZ_CHECK(catalog_load_roster(path, NULL, 0, &roster, &err) == 0,
	    "roster: %s", err.msg);
	close(fd);
	fd = memfd_with(CALENDAR);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	FUZZ_CHECK(catalog_load_calendar(path, NULL, 0, &holidays, &err) == 0,
	    "calendar: %s", err.msg);
	close(fd);
	cal = calendar_from_days(holidays.days, holidays.n);
	FUZZ_CHECK(date_parse("2026-11-20", 10, 0, &as_of) == 0, "as_of");
}

/* Where the students go, as in pl-progress. */
struct sink {
	struct table_writer *w;
	struct paceview *view;
};

static int
write_student(void *arg, const struct progress *p,
    const struct progress_student *s, struct pl_err *err)
{
	struct sink *k = arg;

	if (k->view != NULL)
		return paceview_write_student(k->view, k->w, s, err);
	progress_write_student(k->w, p, s);
	return 0;
}

struct run {
	struct progress_opts o;
	int catalogs, pacing;
	char delim;		/* 0: detected */
};

/*
 * Runs pl-progress over data[0..size) and returns what it wrote (malloc'd,
 * *len bytes) or NULL when it stopped on an error; *rejects gets the
 * rejected records.
 */
static char *
run(const struct run *r, const uint8_t *data, size_t size, size_t *len,
    unsigned long *rejects)
{
	const struct catalog_objectives *ob = r->catalogs ? &objs : &noobjs;
	const struct catalog_roster *ro = r->catalogs ? &roster : &noroster;
	struct pl_err err;
	struct sink sink = { NULL, NULL };
	struct progress *p = NULL;
	struct reject *rj;
	struct table *t = NULL;
	struct table_opts topts = { r->delim, 0 };
	char *buf = NULL;
	FILE *in, *out;
	int rc = -1;

	pl_err_clear(&err);
	*len = 0;
	*rejects = 0;
	out = open_memstream(&buf, len);
	FUZZ_CHECK(out != NULL, "open_memstream");
	rj = reject_new(NULL, 0, &err);
	FUZZ_CHECK(rj != NULL, "reject_new");
	in = fuzz_open(data, size);
	FUZZ_CHECK(in != NULL, "fuzz_open");
	if (r->pacing) {
		struct pacing_options pace;

		pacing_options_default(&pace);
		pace.credit_k = 2;
		pace.credit_n = 3;
		sink.view = paceview_new(ob, ro, cal, DATE_NONE, DATE_NONE,
		    as_of, &pace, &err);
		FUZZ_CHECK(sink.view != NULL, "paceview_new: %s", err.msg);
	}
	p = progress_new(&r->o, ob, ro, write_student, &sink, &err);
	FUZZ_CHECK(p != NULL, "progress_new: %s", err.msg);
	if ((t = table_open(in, "fuzz", &topts, &err)) == NULL)
		goto done;
	sink.w = table_writer_new(out, table_delim(t) == '\t' ? '\t' : ',', 0);
	if (sink.view != NULL)
		paceview_write_header(sink.view, sink.w);
	else
		progress_write_header(sink.w);
	if ((r->o.from_mastery ? progress_read_mastery(p, t, rj, &err) :
	    progress_read(p, t, NULL, rj, &err)) != 0)
		goto done;
	if (progress_finish(p, &err) != 0)
		goto done;
	rc = 0;
done:
	if (rc != 0)
		FUZZ_CHECK(err.msg[0] != '\0' && err.status != 0,
		    "stopped without a message");
	snprintf(last_err, sizeof last_err, "%s:%ld: %s", err.file, err.line,
	    err.msg);
	*rejects = reject_count(rj);
	table_writer_free(sink.w);
	table_close(t);
	fclose(in);
	fclose(out);
	progress_free(p);
	paceview_free(sink.view);
	reject_finish(rj, 1, NULL);
	reject_free(rj);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* One record of the input, kept for sorting. */
struct rec {
	char **f;
	size_t nf;
	char *key;		/* the student id as evidence_parse reads it */
	size_t keylen;
	size_t order;
};

static int
rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	if (c == 0)
		c = (x->keylen > y->keylen) - (x->keylen < y->keylen);
	if (c == 0)
		c = (x->order > y->order) - (x->order < y->order);
	return c;
}

/*
 * The input's records sorted by student (stable), written back as a table
 * with the same header and delimiter (in *delim: a header cell may hold
 * another delimiter, so the sorted table is read with this one); NULL when
 * the input is not an evidence table.
 */
static char *
sorted_input(const struct run *r, const uint8_t *data, size_t size,
    size_t *len, char *delim)
{
	struct table_opts topts = { 0, 0 };
	struct evidence_cols c;
	struct evidence_opts ev = r->o.ev;
	struct table_writer *w;
	struct table *t;
	struct pl_err err;
	struct rec *v = NULL;
	size_t n = 0, cap = 0, i, j;
	char *buf = NULL;
	FILE *in = fuzz_open(data, size), *out;
	const char **cells;
	int rc;

	*len = 0;
	if ((t = table_open(in, "fuzz", &topts, &err)) == NULL) {
		fclose(in);
		return NULL;
	}
	if (table_delim(t) == ';')
		ev.decimal_comma = 1;
	if (evidence_find(t, NULL, &ev, &c, &err) != 0) {
		table_close(t);
		fclose(in);
		return NULL;
	}
	out = open_memstream(&buf, len);
	*delim = table_delim(t);
	w = table_writer_new(out, *delim, 0);
	cells = xcalloc(table_ncols(t) + 1, sizeof *cells);
	for (i = 0; i < table_ncols(t); i++)
		cells[i] = table_colname(t, i);
	table_put_row(w, cells, table_ncols(t));
	free(cells);
	while ((rc = table_next(t, &err)) == 1) {
		struct evidence_row row;
		const char *kind;
		char why[256];
		int over;
		struct rec *x;

		v = xgrow(v, &cap, n + 1, sizeof *v);
		x = &v[n];
		x->order = n;
		x->nf = table_nfields(t);
		x->f = xcalloc(x->nf + 1, sizeof *x->f);
		for (i = 0; i < x->nf; i++) {
			size_t fl;
			const char *s = table_field(t, i, &fl);

			x->f[i] = xmalloc(fl + 1);
			memcpy(x->f[i], s, fl);
			x->f[i][fl] = '\0';
		}
		if (table_problem(t) == NULL && evidence_parse(t, &c, &ev,
		    &row, &over, &kind, why, sizeof why) == EVIDENCE_OK) {
			x->key = xmalloc(row.student_len + 1);
			memcpy(x->key, row.student, row.student_len);
			x->keylen = row.student_len;
		} else {
			x->key = xmalloc(1);
			x->keylen = 0;
		}
		n++;
	}
	table_close(t);
	fclose(in);
	if (rc == 0 && n > 1)
		qsort(v, n, sizeof *v, rec_cmp);
	for (i = 0; i < n; i++) {
		if (rc == 0)
			table_put_row(w, (const char *const *)v[i].f, v[i].nf);
		for (j = 0; j < v[i].nf; j++)
			free(v[i].f[j]);
		free(v[i].f);
		free(v[i].key);
	}
	free(v);
	table_writer_free(w);
	fclose(out);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct pl_err err;
	struct run r;
	char *a, *b;
	size_t alen, blen;
	unsigned long rej, rej2;
	uint8_t o0, o1;

	if (size < 2)
		return 0;
	if (!ready) {
		init();
		ready = 1;
	}
	o0 = data[0];
	o1 = data[1];
	data += 2;
	size -= 2;

	memset(&r, 0, sizeof r);
	pl_err_clear(&err);
	FUZZ_CHECK(mastery_rule_parse(rules[o0 & 15], &r.o.rule, &err) == 0,
	    "rule %s", rules[o0 & 15]);
	if (scales[o1 & 3] == NULL)
		mastery_scale_default(&r.o.scale);
	else
		FUZZ_CHECK(mastery_scale_parse(scales[o1 & 3], &r.o.scale,
		    &err) == 0, "scale %s", scales[o1 & 3]);
	r.o.min_evidence = (o1 >> 2) & 3;
	r.o.only_kind = kinds[(o1 >> 4) & 3];
	r.o.as_of = (o1 & 0x40) ? as_of + 400 : as_of;
	r.o.ev.fixed_date = DATE_NONE;
	r.o.ev.date_flags = (o1 & 0x80) ? DATE_DMY : 0;
	r.catalogs = (o0 >> 4) & 1;
	r.o.all = r.catalogs && (o0 & 0x20);

	switch (o0 >> 6) {
	case 0:
	case 1:
		/* The mastery table, default mode, twice; then grouped. */
		a = run(&r, data, size, &alen, &rej);
		b = run(&r, data, size, &blen, &rej2);
		FUZZ_CHECK((a == NULL) == (b == NULL) && alen == blen &&
		    rej == rej2 && (a == NULL || memcmp(a, b, alen) == 0),
		    "two runs differ");
		free(b);
		/* A NUL byte in a header cell cuts its name (table_colname),
		 * so such an input is not written back the same. */
		if (a != NULL && rej == 0 && memchr(data, 0, size) == NULL) {
			size_t slen;
			char *s = sorted_input(&r, data, size, &slen,
			    &r.delim);

			if (s != NULL) {
				r.o.grouped = 1;
				b = run(&r, (const uint8_t *)s, slen, &blen,
				    &rej2);
				FUZZ_CHECK(b != NULL, "grouped run of the sorted "
				    "input failed: %s\n%.*s", last_err,
				    (int)slen, s);
				FUZZ_CHECK(rej2 == 0 && blen == alen &&
				    memcmp(a, b, alen) == 0, "--grouped on the "
				    "sorted input differs:\n--- default\n%.*s"
				    "--- grouped\n%.*s", (int)alen, a,
				    (int)blen, b);
				free(b);
				free(s);
			}
		}
		free(a);
		break;
	case 2:
		/* The pacing view from evidence, default or grouped. */
		r.catalogs = 1;
		r.pacing = 1;
		r.o.include_roster = 1;
		r.o.all = 0;
		r.o.grouped = (o0 >> 5) & 1;
		a = run(&r, data, size, &alen, &rej);
		b = run(&r, data, size, &blen, &rej2);
		FUZZ_CHECK((a == NULL) == (b == NULL) && alen == blen &&
		    (a == NULL || memcmp(a, b, alen) == 0), "two runs differ");
		free(a);
		free(b);
		break;
	default:
		/* The pacing view from mastery rows (--from-mastery). */
		r.catalogs = 1;
		r.pacing = 1;
		r.o.include_roster = 1;
		r.o.from_mastery = 1;
		r.o.all = 0;
		r.o.grouped = (o0 >> 5) & 1;
		a = run(&r, data, size, &alen, &rej);
		b = run(&r, data, size, &blen, &rej2);
		FUZZ_CHECK((a == NULL) == (b == NULL) && alen == blen &&
		    (a == NULL || memcmp(a, b, alen) == 0), "two runs differ");
		free(a);
		free(b);
		break;
	}
	return 0;
}
