#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "importer.h"
#include "tablefile.h"

struct map_case {
	const char *arg;
	int want;
};

static const struct map_case map_cases[] = {
	{ "student_id=Student ID", 0 },
	{ "score==x", 0 },		/* the source may hold '=' */
	{ "student_id", -1 },
	{ "=Student ID", -1 },
	{ "student_id=", -1 },
	{ "", -1 },
};

Test(importer, map_forms)
{
	struct importer_opts o;
	size_t i;

	for (i = 0; i < sizeof map_cases / sizeof map_cases[0]; i++) {
		importer_opts_init(&o);
		cr_expect_eq(importer_map(&o, map_cases[i].arg),
		    map_cases[i].want, "case %zu (%s)", i, map_cases[i].arg);
		cr_expect_eq(o.nmaps, map_cases[i].want == 0 ? 2u : 0u);
		importer_opts_free(&o);
	}
}

Test(importer, map_sets_evidence_columns_and_ends_with_null)
{
	struct importer_opts o;

	importer_opts_init(&o);
	cr_assert_eq(importer_map(&o, "student_id=Student ID"), 0);
	cr_assert_eq(importer_map(&o, "score==x"), 0);
	cr_expect_str_eq(o.imp.map[EV_STUDENT], "Student ID");
	cr_expect_str_eq(o.imp.map[EV_SCORE], "=x");
	cr_expect_null(o.imp.map[EV_DATE]);
	cr_expect_str_eq(o.maps[0], "student_id");
	cr_expect_str_eq(o.maps[3], "=x");
	cr_expect_null(o.maps[4]);
	cr_expect_null(importer_bad_map(&o));
	cr_assert_eq(importer_map(&o, "name=Full Name"), 0);
	cr_expect_str_eq(importer_bad_map(&o), "name");
	importer_opts_free(&o);
	cr_expect_eq(o.nmaps, 0u);
}

Test(importer, at_most_31_maps)
{
	struct importer_opts o;
	int i;

	importer_opts_init(&o);
	for (i = 0; i < IMPORTER_MAX_MAPS; i++)
		cr_assert_eq(importer_map(&o, "item_id=x"), 0, "map %d", i);
	cr_expect_eq(importer_map(&o, "item_id=x"), -2);
	cr_expect_eq(o.nmaps, 62u);
	cr_expect_null(o.maps[62]);
	importer_opts_free(&o);
}

Test(importer, defaults)
{
	struct importer_opts o;

	importer_opts_init(&o);
	cr_expect_eq(o.table, -1);
	cr_expect_eq(o.from, DETECT_AUTO);
	cr_expect_eq(o.date, DATE_NONE);
	cr_expect_null(importer_bad_map(&o));
}

/* What a run said, one "W: " or "N: " line each. */
struct said {
	char text[2048];
};

static void
collect(void *arg, int warning, const char *msg)
{
	struct said *s = arg;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s: %s\n",
	    warning ? "W" : "N", msg);
}

static char dir[] = "/tmp/pl-importer-XXXXXX";

static void
make_dir(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void
remove_dir(void)
{
	char cmd[64];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

/* Writes text to dir/name; the path into path (4096 bytes). */
static void
put_file(const char *name, const char *text, char *path)
{
	FILE *fp;

	snprintf(path, 4096, "%s/%s", dir, name);
	cr_assert_not_null(fp = fopen(path, "w"));
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0);
}

static void
read_all(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	cr_assert_not_null(fp, "%s", path);
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

/*
 * A wide gradebook with --align: Quiz 1 and Quiz 2 are aligned (maximum
 * 10), Essay is not, "EX" is excused, and the --align item Missing is in
 * no column.  Three scores are left, dated --date.
 */
Test(importer, wide_with_align, .init = make_dir, .fini = remove_dir)
{
	struct importer_opts o;
	struct importer *im;
	struct reject *rj;
	struct pl_err err;
	struct said said = { "" };
	char wide[4096], align[4096], out[4096], got[1024];
	const char *paths[1];

	put_file("wide.csv", "Name,student_id,Quiz 1,Quiz 2,Essay,Total\n"
	    "\"Lee, Jordan\",S1,8,EX,3,\nAda,S2,10,7,,17\n", wide);
	put_file("align.csv", "item_id,objective_id,max_score\n"
	    "Quiz 1,6.RP.1,10\nQuiz 2,6.RP.2,10\nMissing,6.RP.3,5\n", align);
	snprintf(out, sizeof out, "%s/out.csv", dir);
	importer_opts_init(&o);
	o.imp.wide = 1;
	o.align_path = align;
	cr_assert_eq(date_parse("2026-09-30", 10, 0, &o.date), 0);
	o.output = out;
	o.mode = 0644;
	o.say = collect;
	o.say_arg = &said;
	paths[0] = wide;
	cr_assert_not_null(im = importer_new(&o, &err), "%s", err.msg);
	cr_assert_not_null(rj = reject_new(NULL, 0, &err));
	cr_assert_eq(importer_read(im, paths, 1, rj, &err), 0, "%s",
	    err.msg);
	importer_summary(im);
	cr_assert_eq(importer_commit(im, &err), 0, "%s", err.msg);
	importer_free(im);
	reject_free(rj);
	read_all(out, got, sizeof got);
	cr_expect_str_eq(got, "student_id,objective_id,date,score,max_score,"
	    "item_id\n"
	    "S1,6.RP.1,2026-09-30,8,10,Quiz 1\n"
	    "S2,6.RP.1,2026-09-30,10,10,Quiz 1\n"
	    "S2,6.RP.2,2026-09-30,7,10,Quiz 2\n");
	/* A header with student_id is canonical: no note. */
	cr_expect_str_eq(said.text,
	    "W: 2 columns of names, ids or totals not imported: \"Name\", "
	    "\"Total\"\n"
	    "W: 1 empty or excused score skipped (no evidence)\n"
	    "W: 1 item not in --align, not imported: \"Essay\"\n"
	    "W: 1 --align item matched nothing: \"Missing\"\n");
}

/* An unknown layout is announced; a second input of another format is a
 * usage error, and nothing is put in place. */
Test(importer, formats_do_not_mix, .init = make_dir, .fini = remove_dir)
{
	struct importer_opts o;
	struct importer *im;
	struct reject *rj;
	struct pl_err err;
	struct said said = { "" };
	char ev[4096], oc[4096], out[4096];
	const char *paths[2];

	put_file("ev.csv", "Who,What,When,Mark\n", ev);
	put_file("oc.csv", "canvas_id,vendor_guid,object_type,title\n", oc);
	snprintf(out, sizeof out, "%s/out.csv", dir);
	importer_opts_init(&o);
	o.imp.map[EV_STUDENT] = "Who";
	o.imp.map[EV_OBJECTIVE] = "What";
	o.imp.map[EV_DATE] = "When";
	o.imp.map[EV_SCORE] = "Mark";
	o.imp.ev.max_score = 4;
	o.output = out;
	o.mode = 0644;
	o.say = collect;
	o.say_arg = &said;
	paths[0] = ev;
	paths[1] = oc;
	cr_assert_not_null(im = importer_new(&o, &err));
	cr_assert_not_null(rj = reject_new(NULL, 0, &err));
	cr_expect_eq(importer_read(im, paths, 2, rj, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_str_eq(err.file, oc);
	cr_expect_str_eq(err.msg, "is a Canvas outcomes CSV, but the first "
	    "input was a generic table: import them separately");
	importer_free(im);
	reject_free(rj);
	cr_expect_eq(access(out, F_OK), -1);
	cr_expect_eq(strncmp(said.text, "N: ", 3), 0);
	cr_expect_neq(strstr(said.text, "ev.csv: no known export layout; "
	    "read as a generic table (--from generic)\n"), NULL, "%s",
	    said.text);
	cr_expect_neq(strstr(said.text, "oc.csv: read as a Canvas outcomes "
	    "CSV (--from canvas-outcomes)\n"), NULL, "%s", said.text);
}

Test(tablefile, open_and_close, .init = make_dir, .fini = remove_dir)
{
	struct tablefile tf;
	struct pl_err err;
	struct table *t;
	char path[4096];

	put_file("t.tsv", "a\tb\n1\t2\n", path);
	cr_assert_not_null(t = tablefile_open(&tf, path, NULL, &err));
	cr_expect_eq(table_delim(t), '\t');
	cr_expect_eq(table_col(t, "b"), 1);
	tablefile_close(&tf);
	cr_expect_null(tf.fp);
	snprintf(path, sizeof path, "%s/none.csv", dir);
	cr_expect_null(tablefile_open(&tf, path, NULL, &err));
	cr_expect_str_eq(err.file, path);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect_str_eq(err.msg, "cannot open: No such file or directory");
}

/* Runs one import of text (written to dir/name) with o; returns the
 * output in got. */
static int
import_text(struct importer_opts *o, const char *name, const char *text,
    char *got, size_t size)
{
	struct importer *im;
	struct reject *rj;
	struct pl_err err;
	char in[4096], out[4096];
	const char *paths[1];
	int rc;

	put_file(name, text, in);
	snprintf(out, sizeof out, "%s/out.csv", dir);
	o->output = out;
	o->mode = 0644;
	paths[0] = in;
	cr_assert_not_null(im = importer_new(o, &err), "%s", err.msg);
	cr_assert_not_null(rj = reject_new(NULL, 0, &err));
	rc = importer_read(im, paths, 1, rj, &err);
	if (rc == 0)
		rc = importer_commit(im, &err);
	importer_free(im);
	reject_free(rj);
	if (rc == 0)
		read_all(out, got, size);
	return rc;
}

/*
 * Every table pl-import reads takes ="..." in its id and text columns as
 * the string: long evidence (student, objective, item), wide evidence
 * (the student), and --table (ids, text and lists; not dates, which stay
 * as written and are rejected).  Columns passed through stay as they are.
 */
Test(importer, text_formulas_in_generic_tables, .init = make_dir,
    .fini = remove_dir)
{
	struct importer_opts o;
	char got[1024];

	importer_opts_init(&o);
	cr_assert_eq(import_text(&o, "long.csv",
	    "student_id,objective_id,date,score,item_id,note\n"
	    "\"=\"\"00123\"\"\",=\"6.RP.1\",2026-09-01,0.5,=\"q1\","
	    "=\"kept\"\n", got, sizeof got), 0);
	cr_expect_str_eq(got, "student_id,objective_id,date,score,max_score,"
	    "item_id,note\n"
	    "00123,6.RP.1,2026-09-01,0.5,1,q1,\"=\"\"kept\"\"\"\n");

	importer_opts_init(&o);
	o.imp.wide = 1;
	cr_assert_eq(date_parse("2026-09-30", 10, 0, &o.date), 0);
	cr_assert_eq(import_text(&o, "wide.csv", "student_id,Quiz 1\n"
	    "=\"0042\",0.75\n", got, sizeof got), 0);
	cr_expect_str_eq(got, "student_id,objective_id,date,score,max_score,"
	    "item_id\n0042,Quiz 1,2026-09-30,0.75,1,Quiz 1\n");

	importer_opts_init(&o);
	o.table = IMPORT_ROSTER;
	cr_assert_eq(import_text(&o, "roster.csv",
	    "student_id,name,grade_level,interests,target_date\n"
	    "=\"00123\",\"=\"\"Lee, Ada\"\"\",=\"09\",\"=\"\"art; music\"\"\",\n"
	    "=\"00124\",Bo,=\"09\",,=\"2027-06-01\"\n", got, sizeof got), 0);
	cr_expect_str_eq(got, "student_id,name,grade_level,interests,"
	    "target_date\n00123,\"Lee, Ada\",09,art;music,\n");
}

struct peek_case {
	const char *text;
	size_t len;
	int want;
};

static const struct peek_case peek_cases[] = {
	{ "{\"a\": 1}", 8, '{' },
	{ " \r\n\t{", 5, '{' },
	{ "\xEF\xBB\xBF\n{", 5, '{' },
	{ "\xEF\xBB\xBF" "a,b\n", 7, 'a' },
	{ "\xEF\xBBx", 3, 0xEF },	/* a broken byte order mark */
	{ "\xEF", 1, 0xEF },
	{ "", 0, -1 },
	{ "  \n\n", 4, -1 },
};

/* tablefile_peek finds the first byte that is not blank, and what it read
 * is read again by tablefile_table and tablefile_slurp. */
Test(tablefile, peek_then_read, .init = make_dir, .fini = remove_dir)
{
	struct tablefile tf;
	struct pl_err err;
	struct table *t;
	char path[4096], *buf;
	size_t i, len;
	FILE *fp;

	for (i = 0; i < sizeof peek_cases / sizeof peek_cases[0]; i++) {
		snprintf(path, sizeof path, "%s/p%zu", dir, i);
		cr_assert_not_null(fp = fopen(path, "w"));
		fwrite(peek_cases[i].text, 1, peek_cases[i].len, fp);
		cr_assert_eq(fclose(fp), 0);
		cr_expect_eq(tablefile_peek(&tf, path, &err),
		    peek_cases[i].want, "case %zu", i);
		cr_assert_not_null(buf = tablefile_slurp(&tf, path, 100, &len,
		    &err), "case %zu: %s", i, err.msg);
		cr_expect_eq(len, peek_cases[i].len, "case %zu", i);
		cr_expect_eq(memcmp(buf, peek_cases[i].text, len), 0,
		    "case %zu", i);
		free(buf);
		tablefile_close(&tf);
	}
	/* Blank lines and a BOM before a header: the table sees them all. */
	put_file("t.csv", "\xEF\xBB\xBF\n\na,b\n1,2\n", path);
	cr_expect_eq(tablefile_peek(&tf, path, &err), 'a');
	cr_assert_not_null(t = tablefile_table(&tf, path, NULL, &err), "%s",
	    err.msg);
	cr_expect_eq(table_col(t, "b"), 1);
	cr_assert_eq(table_next(t, &err), 1);
	cr_expect_eq(table_line(t), 4);
	cr_expect_str_eq(table_field(t, 1, NULL), "2");
	tablefile_close(&tf);
	snprintf(path, sizeof path, "%s/none.json", dir);
	cr_expect_eq(tablefile_peek(&tf, path, &err), -2);
	cr_expect_str_eq(err.msg, "cannot open: No such file or directory");
}

/* tablefile_slurp refuses an input over its limit. */
Test(tablefile, slurp_limit, .init = make_dir, .fini = remove_dir)
{
	struct tablefile tf;
	struct pl_err err;
	char path[4096], *buf;
	size_t len;

	put_file("j.json", "{\"CFItems\": []}", path);
	cr_expect_eq(tablefile_peek(&tf, path, &err), '{');
	cr_expect_null(tablefile_slurp(&tf, path, 14, &len, &err));
	cr_expect_eq(err.status, PL_EXIT_DATA);
	cr_expect_str_eq(err.file, path);
	cr_expect_str_eq(err.msg, "longer than the limit of 14 bytes");
	tablefile_close(&tf);
	cr_expect_eq(tablefile_peek(&tf, path, &err), '{');
	cr_assert_not_null(buf = tablefile_slurp(&tf, path, 15, &len, &err));
	cr_expect_eq(len, 15);
	free(buf);
	tablefile_close(&tf);
	/* Past the peeked bytes: over 64 KiB is read in several steps. */
	cr_assert_not_null(buf = malloc(200001));
	memset(buf, ' ', 200000);
	buf[0] = '{';
	buf[200000] = '\0';
	put_file("big.json", buf, path);
	free(buf);
	cr_expect_eq(tablefile_peek(&tf, path, &err), '{');
	cr_assert_not_null(buf = tablefile_slurp(&tf, path, 200000, &len,
	    &err));
	cr_expect_eq(len, 200000);
	free(buf);
	tablefile_close(&tf);
}

/* A CASE JSON package is recognised by its content and announced; a CSV
 * list after it is another format. */
Test(importer, case_json_by_content, .init = make_dir, .fini = remove_dir)
{
	struct importer_opts o;
	struct importer *im;
	struct reject *rj;
	struct pl_err err;
	struct said said = { "" };
	char pkg[4096], csv[4096], out[4096], got[1024];
	const char *paths[2];

	put_file("pkg.json", "\n  {\"CFDocument\": {\"identifier\": \"d\"}, "
	    "\"CFItems\": [{\"identifier\": \"g-1\", \"humanCodingScheme\": "
	    "\"S.1\", \"fullStatement\": \"One\"}]}\n", pkg);
	put_file("list.csv", "humanCodingScheme,fullStatement\nS.2,Two\n", csv);
	snprintf(out, sizeof out, "%s/out.csv", dir);
	importer_opts_init(&o);
	o.output = out;
	o.mode = 0644;
	o.say = collect;
	o.say_arg = &said;
	paths[0] = pkg;
	paths[1] = csv;
	cr_assert_not_null(im = importer_new(&o, &err));
	cr_assert_not_null(rj = reject_new(NULL, 0, &err));
	cr_expect_eq(importer_read(im, paths, 1, rj, &err), 0, "%s", err.msg);
	cr_expect_eq(importer_read(im, paths + 1, 1, rj, &err), -1);
	cr_expect_eq(err.status, PL_EXIT_USAGE);
	cr_expect_str_eq(err.msg, "is a CASE/OpenSALT standards CSV, but the "
	    "first input was a CASE JSON package: import them separately");
	cr_assert_eq(importer_commit(im, &err), 0, "%s", err.msg);
	importer_free(im);
	reject_free(rj);
	read_all(out, got, sizeof got);
	cr_expect_str_eq(got, "objective_id,title,course_id,unit,prerequisites,"
	    "standard,identifier\nS.1,One,,,,S.1,g-1\n");
	cr_expect_neq(strstr(said.text, "pkg.json: read as a CASE JSON package "
	    "(--from case)\n"), NULL, "%s", said.text);
}

/* --header-line: the lines above the header are a preamble, not read; the
 * header is the first record on that line or after it. */
Test(importer, header_line_skips_a_preamble, .init = make_dir,
    .fini = remove_dir)
{
	struct importer_opts o;
	struct importer *im;
	struct reject *rj;
	struct pl_err err;
	char in[4096], out[4096], got[1024];
	const char *paths[1];

	put_file("pre.csv", "Class 7A, exported 2026-11-20\n\n"
	    "student_id,objective_id,date,score,max_score\n"
	    "S1,O1,2026-11-01,3,4\n", in);
	snprintf(out, sizeof out, "%s/out.csv", dir);
	importer_opts_init(&o);
	o.header_line = 3;
	o.output = out;
	o.mode = 0644;
	paths[0] = in;
	cr_assert_not_null(im = importer_new(&o, &err), "%s", err.msg);
	cr_assert_not_null(rj = reject_new(NULL, 0, &err));
	cr_assert_eq(importer_read(im, paths, 1, rj, &err), 0, "%s",
	    err.msg);
	cr_assert_eq(importer_commit(im, &err), 0, "%s", err.msg);
	importer_free(im);
	read_all(out, got, sizeof got);
	cr_expect_str_eq(got, "student_id,objective_id,date,score,max_score\n"
	    "S1,O1,2026-11-01,3,4\n");

	/* Past the end: an error naming the line. */
	importer_opts_init(&o);
	o.header_line = 9;
	o.output = out;
	cr_assert_not_null(im = importer_new(&o, &err), "%s", err.msg);
	cr_assert_eq(importer_read(im, paths, 1, rj, &err), -1);
	cr_expect(strstr(err.msg, "no header on line 9") != NULL, "%s",
	    err.msg);
	cr_expect_eq(err.status, PL_EXIT_DATA);
	importer_free(im);
	reject_free(rj);
}
