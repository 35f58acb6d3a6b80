/*
 * fuzz_report.c - the input path of pl-report in-process: the roster and
 * objectives through the catalog loaders, up to four tables through
 * report_read (told apart by their columns, or read as mastery, pacing,
 * playlist and groups), then report_data and every report kind in every
 * format: render_report as text, Markdown and HTML, render_rows through
 * the table writer as CSV and TSV, each student's page (render_student_page)
 * and the --split index (html_index) over render_safe_name.
 *
 * Input: two option bytes, then tables separated by NUL bytes: roster,
 * objectives, then the data tables.  The option bytes pick the scale, the
 * date flags, how the data tables are read, and --section, --course and
 * --student (taken from the data, so that they select something).
 *
 * Oracles beyond "no sanitizer report": the HTML never holds "<script"
 * and every '<' in it opens or closes one of the elements the renderer
 * writes (an allow-list), so no '<' from the data got through unescaped;
 * text and Markdown hold no control character but newline and form feed (no terminal
 * escapes from the data); a render that fails says why; the same data
 * renders the same twice (one format per input, picked by the option
 * byte, and the pages); render_safe_name gives a non-empty name of
 * [A-Za-z0-9._~-] without '/', a leading '.' or '-', never "." or "..",
 * shorter than RENDER_NAME_SIZE; render_file_names gives names that differ
 * even ignoring case.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "catalog.h"
#include "date.h"
#include "fuzz.h"
#include "html.h"
#include "mastery.h"
#include "reject.h"
#include "render.h"
#include "report.h"
#include "table.h"

#define NTABLES 6

static int memfd[NTABLES];
static char path[NTABLES][64];
static int32_t as_of;

/* The elements html.c and svg.c write. */
static const char *const tags[] = {
	"!DOCTYPE", "a", "article", "body", "br", "desc", "details",
	"figcaption", "figure", "g", "h1", "h2", "head", "html", "li",
	"line", "meta", "ol", "p", "polyline", "rect", "section", "span",
	"style", "summary", "svg", "table", "tbody", "td", "text", "th",
	"thead", "title", "tr"
};

static const char *const scales[] = {
	NULL,
	"no<0.5<yes",
	"beginning<0.5<developing<0.75<proficient<0.9<advanced",
	"1<0.25<2<0.5<3<0.75<4"
};

static void
init(void)
{
	int i;

	for (i = 0; i < NTABLES; i++) {
		memfd[i] = memfd_create("fuzz_report", 0);
		FUZZ_CHECK(memfd[i] >= 0, "memfd_create");
		snprintf(path[i], sizeof path[i], "/proc/self/fd/%d", memfd[i]);
	}
	FUZZ_CHECK(date_parse("2024-10-01", 10, 0, &as_of) == 0, "as_of");
}

static void
put(int i, const void *data, size_t size)
{
	FUZZ_CHECK(ftruncate(memfd[i], 0) == 0 && (size == 0 ||
	    pwrite(memfd[i], data, size, 0) == (ssize_t)size),
	    "writing the memfd");
}

/* Every '<' of the HTML starts an element of the allow-list. */
static void
check_html(const char *s, size_t n)
{
	size_t i, j, k;

	for (i = 0; i + 7 <= n; i++)
		FUZZ_CHECK(strncasecmp(s + i, "<script", 7) != 0,
		    "<script at %zu", i);
	for (i = 0; i < n; i++) {
		char name[16];

		if (s[i] != '<')
			continue;
		j = i + 1;
		if (j < n && s[j] == '/')
			j++;
		for (k = 0; j < n && k + 1 < sizeof name && (s[j] == '!' ||
		    (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' &&
		    s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')); j++)
			name[k++] = s[j];
		name[k] = '\0';
		FUZZ_CHECK(j < n && (s[j] == '>' || s[j] == ' ' ||
		    s[j] == '\n' || s[j] == '/'), "'<' not opening an element "
		    "at %zu: \"%.40s\"", i, s + i);
		for (k = 0; k < sizeof tags / sizeof *tags; k++)
			if (strcmp(name, tags[k]) == 0)
				break;
		FUZZ_CHECK(k < sizeof tags / sizeof *tags, "element <%s> not "
		    "in the allow-list at %zu: \"%.60s\"", name, i, s + i);
	}
}

/* Text for people: no control character but newline (and the form feed
 * between student pages). */
static void
check_plain(const char *s, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		FUZZ_CHECK(((unsigned char)s[i] >= 0x20 && s[i] != 0x7f) ||
		    s[i] == '\n' || s[i] == '\f',
		    "%s: control byte 0x%02x at %zu: \"%.60s\"", what,
		    (unsigned char)s[i], i, s + (i > 30 ? i - 30 : 0));
}

static void
check_name(const char *id, const char *name, size_t len)
{
	size_t i;

	FUZZ_CHECK(len > 0 && len < RENDER_NAME_SIZE && strlen(name) == len,
	    "length %zu", len);
	FUZZ_CHECK(name[0] != '.' && name[0] != '-', "\"%s\" from \"%s\"",
	    name, id);
	FUZZ_CHECK(strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	    strcmp(name, "index") != 0, "\"%s\"", name);
	for (i = 0; i < len; i++)
		FUZZ_CHECK((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '.' ||
		    name[i] == '_' || name[i] == '-' || name[i] == '~',
		    "\"%s\" from \"%s\": byte 0x%02x", name, id,
		    (unsigned char)name[i]);
}

/* Runs fn into a memstream; returns the bytes (malloc'd). */
struct job {
	const struct render_data *d;
	enum render_kind kind;
	int format;		/* render_format, or 10 CSV, 11 TSV */
	size_t student;		/* for pages; RENDER_NONE: the report */
	const struct render_opts *o;
	const char *const *files;	/* html_index */
};

static int
put_row(const char *const *cells, size_t n, void *arg)
{
	table_put_row(arg, cells, n);
	return 0;
}

static char *
render(const struct job *j, size_t *len, int *rc)
{
	struct pl_err err;
	char *buf = NULL;
	FILE *out;

	pl_err_clear(&err);
	*len = 0;
	*rc = 0;
	out = open_memstream(&buf, len);
	FUZZ_CHECK(out != NULL, "open_memstream");
	if (j->files != NULL) {
		html_index(out, j->d, j->o, j->files);
	} else if (j->format >= 10) {
		struct table_writer *w = table_writer_new(out,
		    j->format == 10 ? ',' : '\t', TABLE_NEUTRALISE);

		*rc = render_rows(j->d, j->kind, j->o, put_row, w);
		table_writer_free(w);
	} else if (j->student != RENDER_NONE) {
		*rc = render_student_page(out, j->d, j->student,
		    (enum render_format)j->format, j->o, &err);
	} else {
		*rc = render_report(out, j->d, j->kind,
		    (enum render_format)j->format, j->o, &err);
	}
	if (*rc != 0 && j->format < 10)
		FUZZ_CHECK(err.msg[0] != '\0', "a render failed without a "
		    "message");
	fclose(out);
	return buf;
}

/* Renders j (twice when twice is set, and compares) and checks the
 * output of its format. */
static void
check(const struct job *j, int twice)
{
	size_t alen, blen;
	int arc, brc;
	char *a = render(j, &alen, &arc), *b;

	if (twice) {
		b = render(j, &blen, &brc);
		FUZZ_CHECK(arc == brc && alen == blen && memcmp(a, b, alen) ==
		    0, "two renders differ (kind %d format %d)", (int)j->kind,
		    j->format);
		free(b);
	}
	if (j->files != NULL || j->format == RENDER_HTML)
		check_html(a, alen);
	else if (j->format == RENDER_TEXT || j->format == RENDER_MD)
		check_plain(a, alen, j->format == RENDER_TEXT ? "text" : "md");
	free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct catalog_objectives objs;
	struct catalog_roster roster;
	struct mastery_scale scale;
	struct table_opts topts = { 0, 0 };
	struct render_opts ro;
	struct report *r = NULL;
	struct reject *rj;
	struct pl_err err;
	const struct render_data *d;
	const uint8_t *p, *end;
	size_t n[NTABLES], i, k, nnames = 0;
	char **names = NULL;
	const char **ids;
	uint8_t o0, o1;
	int have_objs = 0, have_roster = 0, date_flags;

	if (size < 2)
		return 0;
	if (!ready) {
		init();
		ready = 1;
	}
	o0 = data[0];
	o1 = data[1];
	p = data + 2;
	end = data + size;
	for (i = 0; i < NTABLES; i++) {
		const uint8_t *z = p < end ? memchr(p, 0, (size_t)(end - p)) :
		    NULL;

		n[i] = z ? (size_t)(z - p) : (size_t)(end - p);
		put((int)i, p, n[i]);
		p = z ? z + 1 : end;
	}

	memset(&objs, 0, sizeof objs);
	memset(&roster, 0, sizeof roster);
	pl_err_clear(&err);
	if (scales[o1 & 3] == NULL)
		mastery_scale_default(&scale);
	else
		FUZZ_CHECK(mastery_scale_parse(scales[o1 & 3], &scale, &err) ==
		    0, "scale");
	date_flags = (o1 & 4) ? DATE_DMY : 0;
	if (n[0] > 0) {
		if (catalog_load_roster(path[0], NULL, date_flags, &roster,
		    &err) != 0)
			goto out;
		have_roster = 1;
	}
	if (n[1] > 0) {
		if (catalog_load_objectives(path[1], NULL, date_flags, &objs,
		    &err) != 0)
			goto out;
		have_objs = 1;
	}
	r = report_new(have_objs ? &objs : NULL, have_roster ? &roster : NULL,
	    &scale, date_flags, (o1 >> 3) & 1);
	rj = reject_new(NULL, 0, &err);
	FUZZ_CHECK(rj != NULL, "reject_new");
	for (i = 2; i < NTABLES; i++) {
		enum report_table kind = (o1 & 0x10) ? (enum report_table)(i -
		    1) : REPORT_DETECT;
		FILE *fp;
		struct table *t;
		int rc;

		if (n[i] == 0)
			continue;
		fp = fopen(path[i], "r");
		FUZZ_CHECK(fp != NULL, "fopen");
		t = table_open(fp, path[i], &topts, &err);
		rc = t == NULL ? -1 : report_read(r, t, kind, rj, &err);
		if (rc != 0)
			FUZZ_CHECK(err.msg[0] != '\0', "report_read refused "
			    "without a message");
		table_close(t);
		fclose(fp);
		if (rc != 0) {
			reject_finish(rj, 1, NULL);
			reject_free(rj);
			goto out;
		}
	}
	reject_finish(rj, 1, NULL);
	reject_free(rj);
	d = report_data(r, as_of);

	memset(&ro, 0, sizeof ro);
	ro.width = (o0 & 0x80) ? 40 : 0;
	if ((o0 & 0x10) && d->nstudents > 0)
		ro.section = d->students[o1 % d->nstudents].section;
	if ((o0 & 0x20) && d->nobjectives > 0)
		ro.course = d->objectives[o1 % d->nobjectives].course;
	if ((o0 & 0x40) && d->nstudents > 0)
		ro.student = d->students[(o1 >> 4) % d->nstudents].id;

	/* Safe names: well formed, and different ids, different names; the
	 * --split file names: unique ignoring case. */
	names = xcalloc(d->nstudents + 1, sizeof *names);
	ids = xcalloc(d->nstudents + 1, sizeof *ids);
	nnames = d->nstudents;
	for (i = 0; i < d->nstudents; i++) {
		char safe[RENDER_NAME_SIZE];
		size_t len = render_safe_name(d->students[i].id, safe);

		check_name(d->students[i].id, safe, len);
		ids[i] = d->students[i].id;
	}
	render_file_names(ids, d->nstudents, ".html", names);
	for (i = 0; i < d->nstudents; i++) {
		size_t len = strlen(names[i]);

		FUZZ_CHECK(len > 5 && strcmp(names[i] + len - 5, ".html") == 0,
		    "\"%s\"", names[i]);
		FUZZ_CHECK(strspn(names[i], "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-") == len &&
		    names[i][0] != '.' && names[i][0] != '-' &&
		    strcasecmp(names[i], "index.html") != 0, "\"%s\"",
		    names[i]);
		for (k = 0; k < i && d->nstudents <= 64; k++)
			FUZZ_CHECK(strcasecmp(names[k], names[i]) != 0,
			    "ids \"%s\" and \"%s\" named \"%s\" and \"%s\"",
			    d->students[k].id, d->students[i].id, names[k],
			    names[i]);
	}
	free(ids);
	{
		/* Every report kind in every format. */
		struct job j;
		int f;

		memset(&j, 0, sizeof j);
		j.d = d;
		j.o = &ro;
		j.student = RENDER_NONE;
		for (k = RENDER_CLASS; k <= RENDER_GROUPS; k++) {
			j.kind = (enum render_kind)k;
			for (f = RENDER_TEXT; f <= RENDER_HTML; f++) {
				j.format = f;
				check(&j, (o0 >> 2) % 4 == f);
			}
			j.format = (o0 & 1) ? 11 : 10;
			check(&j, (o0 >> 2) % 4 == 3);
		}
		/* Pages of the first few students, and the index. */
		j.kind = RENDER_STUDENT;
		for (i = 0; i < d->nstudents && i < 3; i++) {
			j.student = (i + o0) % d->nstudents;
			j.format = (int)((o0 >> 1) + i) % 3;
			check(&j, 1);
		}
		j.student = RENDER_NONE;
		j.format = RENDER_HTML;
		j.files = (const char *const *)names;
		check(&j, 1);
	}
out:
	{
		/* The raw bytes of the first table as an id. */
		char safe[RENDER_NAME_SIZE], *id = xmalloc(n[0] + 1);

		memcpy(id, data + 2, n[0]);
		id[n[0]] = '\0';
		check_name(id, safe, render_safe_name(id, safe));
		free(id);
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	report_free(r);
	catalog_free_objectives(&objs);
	catalog_free_roster(&roster);
	return 0;
}
