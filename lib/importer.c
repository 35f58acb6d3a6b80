/*
 * importer.c - the run of pl-import: one input after another, each settled
 * to a format and read by that format's reader into one shared output.
 */
#include "importer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "align.h"
#include "canvas.h"
#include "date.h"
#include "mylab.h"
#include "oneroster.h"
#include "outset.h"
#include "pseudo.h"
#include "standards.h"
#include "table.h"
#include "tablefile.h"
#include "zipfile.h"

struct importer {
	struct importer_opts o;	/* a copy, with the evidence options settled */
	struct align *align;
	struct outset *out;
	struct table_writer *w;
	struct pseudo_key key;
	struct pseudo_filter *filter;
	struct import_stats st;
	struct canvas_roster *roster;	/* --table roster of Canvas exports */
	int keyed;		/* the key is loaded */
	int fmt, table;		/* those of the first input */
	int files;		/* inputs read so far */
};

void
importer_opts_init(struct importer_opts *o)
{
	memset(o, 0, sizeof *o);
	o->table = -1;
	o->from = DETECT_AUTO;
	o->date = DATE_NONE;
}

void
importer_opts_free(struct importer_opts *o)
{
	size_t i;

	for (i = 0; i < o->nmaps; i += 2)
		free((char *)o->maps[i]);
	o->nmaps = 0;
	o->maps[0] = NULL;
}

/* The index of an evidence column, or -1. */
static int
evidence_column(const char *name)
{
	int i;

	for (i = 0; i < EV_NCOLS; i++)
		if (strcmp(name, evidence_names[i]) == 0)
			return i;
	return -1;
}

int
importer_map(struct importer_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *canon;
	int col;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		return -1;
	if (o->nmaps + 2 >= sizeof o->maps / sizeof o->maps[0])
		return -2;
	canon = xstrndup(arg, (size_t)(eq - arg));
	o->maps[o->nmaps++] = canon;
	o->maps[o->nmaps++] = eq + 1;
	o->maps[o->nmaps] = NULL;
	if ((col = evidence_column(canon)) >= 0)
		o->imp.map[col] = eq + 1;
	return 0;
}

const char *
importer_bad_map(const struct importer_opts *o)
{
	size_t i;

	for (i = 0; i < o->nmaps; i += 2)
		if (evidence_column(o->maps[i]) < 0)
			return o->maps[i];
	return NULL;
}

/* Passes a message to the caller's say, if any. */
static void
say(const struct importer *im, int warning, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void
say(const struct importer *im, int warning, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	if (im->o.say == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	im->o.say(im->o.say_arg, warning, msg);
	free(msg);
}

struct importer *
importer_new(const struct importer_opts *o, struct pl_err *err)
{
	struct importer *im = xcalloc(1, sizeof *im);
	struct evidence_opts *ev = &im->o.imp.ev;

	im->o = *o;
	ev->date_flags = o->date_flags;
	ev->decimal_comma = o->decimal_comma;
	ev->fixed_date = o->date != DATE_NONE ? o->date :
	    o->imp.wide ? o->as_of : DATE_NONE;
	if (o->align_path != NULL) {
		FILE *fp = strcmp(o->align_path, "-") == 0 ? stdin :
		    fopen(o->align_path, "r");

		if (fp == NULL) {
			pl_err_set(err, o->align_path, 0, PL_EXIT_DATA,
			    "cannot open: %s", strerror(errno));
			free(im);
			return NULL;
		}
		im->align = align_open(fp, o->align_path, NULL,
		    o->decimal_comma, err);
		if (fp != stdin)
			fclose(fp);
		if (im->align == NULL) {
			free(im);
			return NULL;
		}
		im->o.imp.align = im->align;
	}
	/* Nothing is opened until the first input is read. */
	im->out = outset_new(o->output, o->prefix ? o->prefix : "part-",
	    (size_t)o->partition, o->mode);
	return im;
}

void
importer_free(struct importer *im)
{
	if (im == NULL)
		return;
	if (im->out != NULL)
		outset_abort(im->out);
	pseudo_filter_free(im->filter);
	align_free(im->align);
	canvas_roster_free(im->roster);
	import_stats_free(&im->st);
	free(im);
}

static int
is_dir(const char *path)
{
	struct stat sb;

	return strcmp(path, "-") != 0 && stat(path, &sb) == 0 &&
	    S_ISDIR(sb.st_mode);
}

/* Opens the output on the first call; the delimiter is --csv/--tsv's, else
 * that of the first input table t (a bundle, or none: a comma). */
static int
make_writer(struct importer *im, const struct table *t, struct pl_err *err)
{
	char delim;

	if (im->w != NULL)
		return 0;
	delim = im->o.out_format ? (char)im->o.out_format :
	    t != NULL && table_delim(t) == '\t' ? '\t' : ',';
	im->w = outset_writer(im->out, delim,
	    im->o.spreadsheet ? TABLE_SPREADSHEET : 0,
	    im->filter ? pseudo_filter : NULL, im->filter, err);
	return im->w != NULL ? 0 : -1;
}

/* Imports one OneRoster bundle: a folder, or with zip an archive. */
static int
read_bundle(struct importer *im, const char *dir, int zip, struct reject *rj,
    struct pl_err *err)
{
	const struct importer_opts *o = &im->o;
	struct oneroster_opts oo;

	memset(&oo, 0, sizeof oo);
	oo.date_flags = o->date_flags;
	oo.max_score = o->imp.ev.max_score;
	oo.fixed_date = o->date;
	oo.align = o->imp.align;
	oo.class_id = o->class_id;
	oo.id = o->student_id ? oneroster_id_parse(o->student_id) : 0;
	oo.zip = zip;
	oo.zip_max_size = o->zip_max_size;
	if (make_writer(im, NULL, err) != 0)
		return -1;
	return im->table == IMPORT_ROSTER ?
	    oneroster_roster(dir, im->w, &oo, im->files > 0, rj, &im->st,
	    err) :
	    oneroster_evidence(dir, im->w, &oo, im->files > 0, rj, &im->st,
	    err);
}

/* Which CASE field --objective-id chose. */
static enum standards_id
standards_id(const struct importer_opts *o)
{
	return o->objective_id && strcmp(o->objective_id, "identifier") == 0 ?
	    STANDARDS_ID_IDENTIFIER : STANDARDS_ID_CODE;
}

/* Imports one table of a known format. */
static int
read_table(struct importer *im, struct table *t, struct reject *rj,
    struct pl_err *err)
{
	const struct importer_opts *o = &im->o;
	struct canvas_opts co;
	int done = im->files > 0;

	if (make_writer(im, t, err) != 0)
		return -1;
	memset(&co, 0, sizeof co);
	co.ev = o->imp.ev;
	co.ev.decimal_comma = table_decimal_comma(t, co.ev.decimal_comma);
	co.ev.fixed_date = o->date != DATE_NONE ? o->date : o->as_of;
	co.align = o->imp.align;
	co.id = o->student_id ? canvas_id_parse(o->student_id) : 0;
	co.points_possible = o->points_possible > 0 ? o->points_possible : 4;
	switch (im->fmt) {
	case DETECT_CANVAS:
		if (im->table == IMPORT_ROSTER && im->roster == NULL)
			im->roster = canvas_roster_new();
		return canvas_gradebook(t, im->w, &co, im->table ==
		    IMPORT_ROSTER ? im->roster : NULL, done, rj, &im->st, err);
	case DETECT_CANVAS_MASTERY:
		return canvas_mastery(t, im->w, &co, done, rj, &im->st, err);
	case DETECT_CANVAS_OUTCOMES:
		return canvas_outcomes(t, im->w, done, rj, &im->st, err);
	case DETECT_CASE:
		return standards_objectives(t, im->w, standards_id(o), done, rj,
		    &im->st, err);
	case DETECT_MYLAB: {
		struct import_opts io = o->imp;

		io.ev = co.ev;
		return mylab_evidence(t, im->w, &io, o->student_id ?
		    (enum mylab_id)mylab_id_parse(o->student_id) :
		    MYLAB_ID_EMAIL, done, rj, &im->st, err);
	}
	default: {
		struct import_opts io = o->imp;

		io.ev.decimal_comma = co.ev.decimal_comma;
		return im->table >= 0 ?
		    import_normalise(t, im->w, (enum import_table)im->table,
		    o->maps, &io.ev, done, rj, &im->st, err) :
		    import_evidence(t, im->w, &io, done, rj, &im->st, err);
	}
	}
}

/* Settles the format and table of one input; 0 or -1 with err set. */
static int
settle(struct importer *im, int fmt, const char *path, struct pl_err *err)
{
	const struct importer_opts *o = &im->o;
	struct detect_use u;
	int table = o->table;

	u.wide = o->imp.wide;
	u.map = o->nmaps > 0;
	u.class_id = o->class_id != NULL;
	u.points_possible = o->points_possible > 0;
	u.objective_id = o->objective_id != NULL;
	u.student_id = o->student_id;
	u.zip_max_size = o->zip_max_size > 0;
	if (detect_resolve(&fmt, &table, o->from != DETECT_AUTO, &u, path,
	    err) != 0)
		return -1;
	if (im->files > 0 && (fmt != im->fmt || table != im->table)) {
		pl_err_set(err, path, 0, PL_EXIT_USAGE, "is a %s, but the first "
		    "input was a %s: import them separately",
		    detect_title((enum detect_format)fmt),
		    detect_title((enum detect_format)im->fmt));
		return -1;
	}
	im->fmt = fmt;
	im->table = table;
	return 0;
}

/* Says which format an input was recognised as. */
static void
announce(const struct importer *im, const char *name, int fmt)
{
	say(im, 0, "%s: %s%s (--from %s)", name, fmt == DETECT_GENERIC ?
	    "no known export layout; read as a " : "read as a ",
	    detect_title((enum detect_format)fmt),
	    detect_name((enum detect_format)fmt));
}

/* Settles and imports a bundle: dir (a folder, or with zip an archive),
 * named path in messages. */
static int
run_bundle(struct importer *im, const char *path, const char *dir, int zip,
    struct reject *rj, struct pl_err *err)
{
	int rc;

	if (settle(im, DETECT_ONEROSTER, path, err) != 0)
		return -1;
	rc = read_bundle(im, dir, zip, rj, err);
	im->files++;
	return rc;
}

/* Settles and imports a CASE JSON package, peeked at in tf (closed here),
 * named name in messages. */
static int
run_json(struct importer *im, struct tablefile *tf, const char *path,
    const char *name, struct reject *rj, struct pl_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (im->o.from == DETECT_AUTO)
		announce(im, name, DETECT_CASE_JSON);
	if (settle(im, DETECT_CASE_JSON, path, err) == 0 &&
	    make_writer(im, NULL, err) == 0 &&
	    (buf = tablefile_slurp(tf, path, STANDARDS_MAX_JSON, &len,
	    err)) != NULL)
		rc = standards_json_objectives(buf, len, name, im->w,
		    standards_id(&im->o), im->files > 0, rj, &im->st, err);
	im->files++;
	free(buf);
	tablefile_close(tf);
	return rc;
}

/* What a bundle operand is. */
enum operand { OPERAND_TABLE, OPERAND_FOLDER, OPERAND_ZIP };

/*
 * Tells a bundle operand from a table.  Recognised: a folder, or a file
 * that begins as a ZIP archive does.  With --from oneroster, also any
 * other operand but a manifest.csv (read as a table, its folder then
 * read): a file is taken for an archive (so a damaged one is reported as
 * such), and so is a missing name ending in ".zip"; anything else is a
 * folder.
 */
static enum operand
operand_kind(const char *path, int fmt)
{
	const char *base = strrchr(path, '/');
	size_t len = strlen(path);
	struct stat sb;

	if (fmt != DETECT_AUTO && fmt != DETECT_ONEROSTER)
		return OPERAND_TABLE;
	if (is_dir(path))
		return OPERAND_FOLDER;
	if (zipfile_sniff(path))
		return OPERAND_ZIP;
	if (fmt == DETECT_AUTO)
		return OPERAND_TABLE;
	if (strcmp(path, "-") == 0)
		return OPERAND_FOLDER;
	if (util_strcaseeq(base != NULL ? base + 1 : path, "manifest.csv"))
		return OPERAND_TABLE;
	if (stat(path, &sb) == 0 || (len >= 4 &&
	    util_strcaseeq(path + len - 4, ".zip")))
		return OPERAND_ZIP;
	return OPERAND_FOLDER;
}

/*
 * 1 when path opens as a ZIP archive and is no Office document (those hold
 * [Content_Types].xml): what --from auto reads as a bundle, and says so.
 * For the others the error that follows says what they are.
 */
static int
bundle_archive(const char *path)
{
	struct pl_err e;
	struct zipfile *z = zipfile_open(path, 0, &e);
	int ok = z != NULL && zipfile_find(z, "[Content_Types].xml") < 0;

	zipfile_close(z);
	return ok;
}

/*
 * --header-line n: makes the first record on line n or after the header
 * of t, the lines before it a preamble not read.  0, or -1 with err set
 * when the input ends first.
 */
static int
skip_to_header(struct table *t, long n, struct pl_err *err)
{
	int rc = 1;

	while (table_line(t) < n && (rc = table_next(t, err)) == 1)
		;
	if (rc < 0)
		return -1;
	if (rc == 0) {
		pl_err_set(err, table_name(t), 0, PL_EXIT_DATA, "no header on "
		    "line %ld (--header-line): the input ends before it", n);
		return -1;
	}
	table_reheader(t);
	return 0;
}

/* Imports one input: a table, a CASE JSON package, a bundle folder or
 * archive, or a bundle's manifest. */
static int
run_input(struct importer *im, const char *path, struct reject *rj,
    struct pl_err *err)
{
	struct tablefile tf;
	struct table_opts topts;
	struct table *t;
	int fmt = im->o.from, rc, first;
	enum operand kind = operand_kind(path, fmt);

	if (kind != OPERAND_TABLE && im->o.header_line > 1) {
		pl_err_set(err, path, 0, PL_EXIT_USAGE, "--header-line does not "
		    "apply to a OneRoster bundle");
		return -1;
	}
	if (kind != OPERAND_TABLE) {
		if (fmt == DETECT_AUTO && (kind == OPERAND_FOLDER ||
		    bundle_archive(path)))
			announce(im, path, DETECT_ONEROSTER);
		return run_bundle(im, path, path, kind == OPERAND_ZIP, rj, err);
	}
	/* Content that begins with '{' is JSON: a CASE package. */
	if ((first = tablefile_peek(&tf, path, err)) == -2)
		return -1;
	if (first == '{' && (fmt == DETECT_AUTO || fmt == DETECT_CASE) &&
	    im->o.header_line > 1) {
		tablefile_close(&tf);
		pl_err_set(err, strcmp(path, "-") == 0 ? "(stdin)" : path, 0,
		    PL_EXIT_USAGE, "--header-line does not apply to a CASE "
		    "JSON package");
		return -1;
	}
	if (first == '{' && (fmt == DETECT_AUTO || fmt == DETECT_CASE))
		return run_json(im, &tf, path, strcmp(path, "-") == 0 ?
		    "(stdin)" : path, rj, err);
	memset(&topts, 0, sizeof topts);
	topts.delim = im->o.delim;
	if ((t = tablefile_table(&tf, path, &topts, err)) == NULL)
		return -1;
	if (im->o.header_line > 1 &&
	    skip_to_header(t, im->o.header_line, err) != 0) {
		tablefile_close(&tf);
		return -1;
	}
	if (fmt == DETECT_AUTO) {
		fmt = detect_table(t);
		/* A table already in canonical form needs no announcing. */
		if (!(fmt == DETECT_GENERIC &&
		    (table_col(t, "student_id") >= 0 ||
		    table_col(t, "objective_id") >= 0 ||
		    table_col(t, "activity_id") >= 0)))
			announce(im, table_name(t), fmt);
	}
	if (fmt == DETECT_ONEROSTER) {
		/* A manifest.csv operand names its bundle folder. */
		char dir[1024];
		const char *slash = strrchr(path, '/');

		tablefile_close(&tf);
		snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) :
		    1, slash ? path : ".");
		return run_bundle(im, path, dir, 0, rj, err);
	}
	rc = settle(im, fmt, path, err) != 0 ? -1 :
	    read_table(im, t, rj, err);
	im->files++;
	tablefile_close(&tf);
	return rc;
}

int
importer_read(struct importer *im, const char *const *paths, size_t n,
    struct reject *rj, struct pl_err *err)
{
	const struct importer_opts *o = &im->o;
	static const char *const stdin_only[] = { "-" };
	size_t i;

	if (n == 0) {
		paths = stdin_only;
		n = 1;
	}
	if (o->keyfile != NULL && !im->keyed) {
		if (pseudo_key_load(o->keyfile, &im->key, err) != 0)
			return -1;
		im->filter = pseudo_filter_new(&im->key, o->drop, o->ndrop);
		im->keyed = 1;
	}
	for (i = 0; i < n; i++)
		if (run_input(im, paths[i], rj, err) != 0)
			return -1;
	/* A bundle without the class among others that have it is fine; a
	 * run where none had it was a wrong id, not an empty class. */
	if (o->class_id != NULL && !im->st.class_found) {
		pl_err_set(err, NULL, 0, PL_EXIT_DATA, "--class \"%s\": no "
		    "bundle read has that class (classSourcedId)", o->class_id);
		return -1;
	}
	/* A Canvas roster is written once every export has been read. */
	if (im->roster != NULL)
		canvas_roster_write(im->roster, im->w, &im->st);
	return 0;
}

/* Says which --align items matched nothing, the first eight by name. */
static void
summary_align(const struct importer *im)
{
	size_t i, n = 0, len = 0;
	char names[256] = "";

	for (i = 0; i < align_count(im->align); i++) {
		if (align_used(im->align, (long)i))
			continue;
		if (n++ < 8 && len < sizeof names - 4)
			len += (size_t)snprintf(names + len, sizeof names - len,
			    "%s\"%s\"", len ? ", " : "",
			    align_item(im->align, (long)i));
	}
	if (n)
		say(im, 1, "%zu --align item%s matched nothing: %s%s", n,
		    n == 1 ? "" : "s", names, n > 8 ? ", ..." : "");
}

void
importer_summary(const struct importer *im)
{
	const struct import_stats *st = &im->st;
	size_t i;

	for (i = 0; i < st->nnotes; i++)
		say(im, 1, "%s", st->notes[i]);
	if (st->no_evidence)
		say(im, 1, "%lu empty or excused score%s skipped (no evidence)",
		    st->no_evidence, st->no_evidence == 1 ? "" : "s");
	if (st->over_max)
		say(im, 1, "%lu score%s over the maximum, kept (first on line "
		    "%ld)", st->over_max, st->over_max == 1 ? "" : "s",
		    st->first_over_max);
	if (st->unaligned)
		say(im, 1, "%lu item%s not in --align, not imported: %s%s",
		    st->unaligned, st->unaligned == 1 ? "" : "s",
		    st->unaligned_names, st->unaligned > 8 ? ", ..." : "");
	if (im->align != NULL)
		summary_align(im);
}

int
importer_commit(struct importer *im, struct pl_err *err)
{
	int rc;

	if (make_writer(im, NULL, err) != 0)
		return -1;
	im->w = NULL;
	rc = outset_commit(im->out, err);
	im->out = NULL;
	return rc;
}
