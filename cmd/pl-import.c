/*
 * pl-import - turn real exports into canonical pl tables.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "align.h"
#include "canvas.h"
#include "cli.h"
#include "date.h"
#include "detect.h"
#include "import.h"
#include "oneroster.h"
#include "outset.h"
#include "output.h"
#include "pseudo.h"
#include "reject.h"
#include "standards.h"
#include "table.h"

enum {
	OPT_ALIGN = CLI_OPT_FIRST_TOOL,
	OPT_CLASS,
	OPT_DATE,
	OPT_DROP,
	OPT_FROM,
	OPT_KEYGEN,
	OPT_MAP,
	OPT_MAX_SCORE,
	OPT_OBJECTIVE_ID,
	OPT_PARTITION,
	OPT_POINTS_POSSIBLE,
	OPT_PREFIX,
	OPT_PSEUDONYMIZE,
	OPT_STUDENT_ID,
	OPT_TABLE,
	OPT_WIDE
};

static const char usage[] =
"Usage: pl-import [OPTION]... [FILE|DIR]...\n"
"Turn a gradebook, LMS or standards export into canonical pl evidence (or a\n"
"roster or objectives table).\n"
"\n"
"Options:\n"
"      --align FILE      item_id,objective_id[,max_score]: which assignment,\n"
"                        line item or outcome measures which objective\n"
"      --class ID        oneroster: only this class (classSourcedId)\n"
"      --date DATE       the date of every score, for exports without one\n"
"                        (canvas, canvas-outcomes, --wide: default --as-of)\n"
"      --drop COL        with --pseudonymize: leave column COL out too\n"
"                        (repeatable)\n"
"      --from FORMAT     auto (the default), generic, canvas,\n"
"                        canvas-outcomes, oneroster (a bundle folder), case\n"
"      --keygen FILE     write a new random key for --pseudonymize to FILE\n"
"                        (mode 600) and exit\n"
"      --map COL=SOURCE  generic: read column COL from column SOURCE\n"
"                        (repeatable), e.g. --map student_id=\"Student ID\"\n"
"      --max-score N     the maximum of scores that state none\n"
"      --objective-id KIND  case: code (humanCodingScheme, the default) or\n"
"                        identifier (the CASE GUID)\n"
"      --partition N     write N files PREFIX0.csv ... chosen by a stable\n"
"                        hash of student_id, instead of one output\n"
"      --points-possible N  canvas-outcomes: top of the mastery scale (4)\n"
"      --prefix P        the partition files' names begin with P\n"
"                        (default \"part-\")\n"
"      --pseudonymize KEYFILE  replace every student_id by a keyed hash\n"
"                        (HMAC-SHA256) and leave out names, emails, logins\n"
"      --student-id KIND canvas: sis (default), canvas or login;\n"
"                        oneroster: sourcedid (default), identifier, username\n"
"      --table KIND      write a roster, objectives or activities table\n"
"                        instead of evidence\n"
"      --wide            generic: one row per student, a column per item\n"
"\n"
"%s"
"\n"
"Examples:\n"
"  $ pl-import --from canvas --date 2026-09-30 --align align.csv \\\n"
"      semicolon-bom.csv\n"
"  $ pl-import --table roster oneroster-1.1-oat-sa\n"
"  $ pl-import sample_case.csv\n"
"\n"
"See pl-import(1), pl-formats(5), pl(7).\n";

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "align", required_argument, NULL, OPT_ALIGN },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "drop", required_argument, NULL, OPT_DROP },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "keygen", required_argument, NULL, OPT_KEYGEN },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "max-score", required_argument, NULL, OPT_MAX_SCORE },
	{ "objective-id", required_argument, NULL, OPT_OBJECTIVE_ID },
	{ "partition", required_argument, NULL, OPT_PARTITION },
	{ "points-possible", required_argument, NULL, OPT_POINTS_POSSIBLE },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ "pseudonymize", required_argument, NULL, OPT_PSEUDONYMIZE },
	{ "student-id", required_argument, NULL, OPT_STUDENT_ID },
	{ "table", required_argument, NULL, OPT_TABLE },
	{ "wide", no_argument, NULL, OPT_WIDE },
	{ NULL, 0, NULL, 0 }
};

struct options {
	struct cli_common c;
	struct import_opts imp;
	const char *align_path, *class_id, *student_id, *objective_id;
	const char *maps[64];	/* canonical, source pairs for --table */
	size_t nmaps;
	int table;		/* -1: evidence */
	int from;
	int32_t date;
	double points_possible;
	const char *keygen, *keyfile, *prefix;
	const char *drop[64];
	size_t ndrop;
	long partition;
};

/* What the run shares across input files. */
struct run {
	struct outset *out;
	struct table_writer *w;
	struct pseudo_key key;
	struct pseudo_filter *filter;
	struct pl_err *err;
	struct reject *rj;
	struct import_stats st;
	int fmt, table, files;
};

static void
add_map(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t i;
	char *canon;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		cli_usage("invalid --map \"%s\" (expected COLUMN=SOURCE)", arg);
	if (o->nmaps + 2 >= sizeof o->maps / sizeof o->maps[0])
		cli_usage("too many --map options");
	canon = xstrndup(arg, (size_t)(eq - arg));
	o->maps[o->nmaps++] = canon;
	o->maps[o->nmaps++] = eq + 1;
	for (i = 0; i < EV_NCOLS; i++)
		if (strcmp(canon, evidence_names[i]) == 0)
			o->imp.map[i] = eq + 1;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	char help[6144];
	int opt;

	snprintf(help, sizeof help, usage, cli_common_help);
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&o->c, opt, optarg, help))
			continue;
		switch (opt) {
		case OPT_ALIGN:
			o->align_path = optarg;
			break;
		case OPT_CLASS:
			o->class_id = optarg;
			break;
		case OPT_DATE:
			o->date = cli_date("--date", optarg, 0);
			break;
		case OPT_FROM:
			if ((o->from = detect_parse(optarg)) < 0)
				cli_usage("unknown format \"%s\" for --from "
				    "(accepted: auto, generic, canvas, "
				    "canvas-outcomes, oneroster, case)", optarg);
			break;
		case OPT_MAP:
			add_map(o, optarg);
			break;
		case OPT_DROP:
			if (o->ndrop == sizeof o->drop / sizeof o->drop[0])
				cli_usage("too many --drop options");
			o->drop[o->ndrop++] = optarg;
			break;
		case OPT_KEYGEN:
			o->keygen = optarg;
			break;
		case OPT_PARTITION:
			o->partition = cli_long("--partition", optarg, 1, 10000);
			break;
		case OPT_PREFIX:
			o->prefix = optarg;
			break;
		case OPT_PSEUDONYMIZE:
			o->keyfile = optarg;
			break;
		case OPT_MAX_SCORE:
			o->imp.ev.max_score = cli_double("--max-score", optarg,
			    1e-9, 1e12);
			break;
		case OPT_OBJECTIVE_ID:
			if (strcmp(optarg, "code") != 0 &&
			    strcmp(optarg, "identifier") != 0)
				cli_usage("unknown --objective-id \"%s\" "
				    "(accepted: code, identifier)", optarg);
			o->objective_id = optarg;
			break;
		case OPT_POINTS_POSSIBLE:
			o->points_possible = cli_double("--points-possible",
			    optarg, 1e-9, 1e12);
			break;
		case OPT_STUDENT_ID:
			if (canvas_id_parse(optarg) < 0 &&
			    oneroster_id_parse(optarg) < 0)
				cli_usage("unknown --student-id \"%s\" (accepted: "
				    "sis, canvas, login, sourcedid, identifier, "
				    "username)", optarg);
			o->student_id = optarg;
			break;
		case OPT_TABLE:
			o->table = import_table_kind(optarg);
			if (o->table < 0)
				cli_usage("unknown table \"%s\" for --table "
				    "(accepted: roster, objectives, activities)",
				    optarg);
			break;
		case OPT_WIDE:
			o->imp.wide = 1;
			break;
		}
	}
	if (o->partition && o->c.output)
		cli_usage("--partition writes its own files; it cannot be "
		    "combined with -o");
	if (o->prefix && !o->partition)
		cli_usage("--prefix goes with --partition");
	if (o->ndrop && !o->keyfile)
		cli_usage("--drop goes with --pseudonymize");
	if (o->table >= 0 && (o->imp.wide || o->align_path))
		cli_usage("--table cannot be combined with --wide or --align");
	if (o->table < 0 && o->nmaps > 0) {
		size_t i, j;

		for (i = 0; i < o->nmaps; i += 2) {
			for (j = 0; j < EV_NCOLS; j++)
				if (strcmp(o->maps[i], evidence_names[j]) == 0)
					break;
			if (j == EV_NCOLS)
				cli_usage("unknown evidence column \"%s\" in --map "
				    "(accepted: student_id, objective_id, date, "
				    "score, max_score, seq, item_id, kind, "
				    "weight, correct, source)", o->maps[i]);
		}
	}
	o->imp.ev.date_flags = o->c.date_flags;
	o->imp.ev.decimal_comma = o->c.decimal_comma;
	o->imp.ev.fixed_date = o->date != DATE_NONE ? o->date :
	    o->imp.wide ? o->c.as_of : DATE_NONE;
}

static int
is_dir(const char *path)
{
	struct stat sb;

	return strcmp(path, "-") != 0 && stat(path, &sb) == 0 &&
	    S_ISDIR(sb.st_mode);
}

static int
make_writer(const struct options *o, struct run *run, const struct table *t)
{
	char delim;

	if (run->w != NULL)
		return 0;
	delim = o->c.out_format ? (char)o->c.out_format :
	    t != NULL && table_delim(t) == '\t' ? '\t' : ',';
	run->w = outset_writer(run->out, delim,
	    o->c.spreadsheet ? TABLE_SPREADSHEET : 0,
	    run->filter ? pseudo_filter : NULL, run->filter, run->err);
	return run->w != NULL ? 0 : -1;
}

/* Imports one OneRoster bundle folder. */
static int
run_bundle(struct options *o, struct run *run, const char *dir,
    struct pl_err *err)
{
	struct oneroster_opts oo;

	memset(&oo, 0, sizeof oo);
	oo.date_flags = o->c.date_flags;
	oo.max_score = o->imp.ev.max_score;
	oo.fixed_date = o->date;
	oo.align = o->imp.align;
	oo.class_id = o->class_id;
	oo.id = o->student_id ? oneroster_id_parse(o->student_id) : 0;
	if (make_writer(o, run, NULL) != 0)
		return -1;
	return run->table == IMPORT_ROSTER ?
	    oneroster_roster(dir, run->w, &oo, run->files > 0, run->rj,
	    &run->st, err) :
	    oneroster_evidence(dir, run->w, &oo, run->files > 0, run->rj,
	    &run->st, err);
}

/* Imports one table of a known format. */
static int
run_table(struct options *o, struct run *run, struct table *t, int fmt,
    struct pl_err *err)
{
	struct canvas_opts co;
	int done = run->files > 0;

	if (make_writer(o, run, t) != 0)
		return -1;
	memset(&co, 0, sizeof co);
	co.ev = o->imp.ev;
	co.ev.decimal_comma |= table_delim(t) == ';';
	co.ev.fixed_date = o->date != DATE_NONE ? o->date : o->c.as_of;
	co.align = o->imp.align;
	co.id = o->student_id ? canvas_id_parse(o->student_id) : 0;
	co.points_possible = o->points_possible > 0 ? o->points_possible : 4;
	switch (fmt) {
	case DETECT_CANVAS:
		return canvas_gradebook(t, run->w, &co, run->table ==
		    IMPORT_ROSTER, done, run->rj, &run->st, err);
	case DETECT_CANVAS_MASTERY:
		return canvas_mastery(t, run->w, &co, done, run->rj, &run->st,
		    err);
	case DETECT_CANVAS_OUTCOMES:
		return canvas_outcomes(t, run->w, done, run->rj, &run->st, err);
	case DETECT_CASE:
		return standards_objectives(t, run->w, o->objective_id &&
		    strcmp(o->objective_id, "identifier") == 0 ?
		    STANDARDS_ID_IDENTIFIER : STANDARDS_ID_CODE, done, run->rj,
		    &run->st, err);
	default:
		if (table_delim(t) == ';')
			o->imp.ev.decimal_comma = 1;
		done = run->table >= 0 ?
		    import_normalise(t, run->w, (enum import_table)run->table,
		    o->maps, &o->imp.ev, done, run->rj, &run->st, err) :
		    import_evidence(t, run->w, &o->imp, done, run->rj, &run->st,
		    err);
		o->imp.ev.decimal_comma = o->c.decimal_comma;
		return done;
	}
}

/* Settles the format and table of one input; 0 or -1 with err set. */
static int
settle(const struct options *o, struct run *run, int fmt, const char *path,
    struct pl_err *err)
{
	struct detect_use u;
	int table = o->table;

	u.wide = o->imp.wide;
	u.map = o->nmaps > 0;
	u.class_id = o->class_id != NULL;
	u.points_possible = o->points_possible > 0;
	u.objective_id = o->objective_id != NULL;
	u.student_id = o->student_id;
	if (detect_resolve(&fmt, &table, o->from != DETECT_AUTO, &u, path,
	    err) != 0)
		return -1;
	if (run->files > 0 && (fmt != run->fmt || table != run->table)) {
		pl_err_set(err, path, 0, PL_EXIT_USAGE, "is a %s, but the first "
		    "input was a %s: import them separately",
		    detect_title((enum detect_format)fmt),
		    detect_title((enum detect_format)run->fmt));
		return -1;
	}
	run->fmt = fmt;
	run->table = table;
	return 0;
}

static int
run_input(struct options *o, struct run *run, const char *path,
    struct pl_err *err)
{
	FILE *fp;
	struct table *t;
	struct table_opts topts;
	int fmt = o->from, rc;

	if (fmt == DETECT_ONEROSTER || (fmt == DETECT_AUTO && is_dir(path))) {
		if (fmt == DETECT_AUTO && !o->c.quiet)
			fprintf(stderr, "%s: %s: read as a %s (--from oneroster)\n",
			    cli_prog(), path, detect_title(DETECT_ONEROSTER));
		if (settle(o, run, DETECT_ONEROSTER, path, err) != 0)
			return -1;
		rc = run_bundle(o, run, path, err);
		run->files++;
		return rc;
	}
	if ((fp = cli_fopen(path, err)) == NULL)
		return -1;
	memset(&topts, 0, sizeof topts);
	topts.delim = o->c.delim;
	if ((t = table_open(fp, path, &topts, err)) == NULL) {
		if (fp != stdin)
			fclose(fp);
		return -1;
	}
	if (fmt == DETECT_AUTO) {
		fmt = detect_table(t);
		/* A table already in canonical form needs no announcing. */
		if (!o->c.quiet && !(fmt == DETECT_GENERIC &&
		    (table_col(t, "student_id") >= 0 ||
		    table_col(t, "objective_id") >= 0 ||
		    table_col(t, "activity_id") >= 0)))
			fprintf(stderr, "%s: %s: %s%s (--from %s)\n", cli_prog(),
			    table_name(t), fmt == DETECT_GENERIC ? "no known "
			    "export layout; read as a " : "read as a ",
			    detect_title((enum detect_format)fmt),
			    detect_name((enum detect_format)fmt));
	}
	if (fmt == DETECT_ONEROSTER) {
		/* A manifest.csv operand names its bundle folder. */
		char dir[1024];
		const char *slash = strrchr(path, '/');

		table_close(t);
		if (fp != stdin)
			fclose(fp);
		snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) :
		    1, slash ? path : ".");
		if (settle(o, run, fmt, path, err) != 0)
			return -1;
		rc = run_bundle(o, run, dir, err);
		run->files++;
		return rc;
	}
	rc = settle(o, run, fmt, path, err) != 0 ? -1 :
	    run_table(o, run, t, run->fmt, err);
	run->files++;
	table_close(t);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static void
summary(const struct options *o, const struct import_stats *st)
{
	size_t i;

	if (o->c.quiet)
		return;
	for (i = 0; i < st->nnotes; i++)
		cli_warn("%s", st->notes[i]);
	if (st->no_evidence)
		cli_warn("%lu empty or excused score%s skipped (no evidence)",
		    st->no_evidence, st->no_evidence == 1 ? "" : "s");
	if (st->over_max)
		cli_warn("%lu score%s over the maximum, kept (first on line %ld)",
		    st->over_max, st->over_max == 1 ? "" : "s",
		    st->first_over_max);
	if (st->unaligned)
		cli_warn("%lu item%s not in --align, not imported: %s%s",
		    st->unaligned, st->unaligned == 1 ? "" : "s",
		    st->unaligned_names, st->unaligned > 8 ? ", ..." : "");
	if (o->imp.align != NULL) {
		size_t n = 0, len = 0;
		char names[256] = "";

		for (i = 0; i < align_count(o->imp.align); i++) {
			if (align_used(o->imp.align, (long)i))
				continue;
			if (n++ < 8 && len < sizeof names - 4)
				len += (size_t)snprintf(names + len,
				    sizeof names - len, "%s\"%s\"",
				    len ? ", " : "", align_item(o->imp.align,
				    (long)i));
		}
		if (n)
			cli_warn("%zu --align item%s matched nothing: %s%s", n,
			    n == 1 ? "" : "s", names, n > 8 ? ", ..." : "");
	}
}

int
main(int argc, char **argv)
{
	struct options o;
	struct run run;
	struct pl_err err;
	struct align *al = NULL;
	int status = PL_EXIT_DATA, i, nfiles;
	const char *stdin_only[] = { "-" };
	const char *const *files;

	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	o.table = -1;
	o.from = DETECT_AUTO;
	o.date = DATE_NONE;
	parse_options(argc, argv, &o);
	nfiles = argc - optind;
	files = nfiles > 0 ? (const char *const *)argv + optind : stdin_only;
	if (nfiles == 0)
		nfiles = 1;

	if (o.align_path != NULL) {
		FILE *fp = cli_fopen(o.align_path, &err);

		if (fp == NULL || (al = align_load(fp, o.align_path, NULL,
		    &err)) == NULL) {
			if (fp != NULL)
				fclose(fp);
			goto fail;
		}
		fclose(fp);
		o.imp.align = al;
	}
	if ((run.rj = reject_new(o.c.reject, o.c.strict, &err)) == NULL)
		goto fail;
	if (o.keygen != NULL) {
		if (pseudo_keygen(o.keygen, &err) != 0)
			goto fail;
		status = PL_EXIT_OK;
		goto done;
	}
	if (o.keyfile != NULL) {
		if (pseudo_key_load(o.keyfile, &run.key, &err) != 0)
			goto fail;
		run.filter = pseudo_filter_new(&run.key, o.drop, o.ndrop);
	}
	run.err = &err;
	run.out = outset_new(o.c.output, o.prefix ? o.prefix : "part-",
	    (size_t)o.partition, o.c.mode);
	for (i = 0; i < nfiles; i++)
		if (run_input(&o, &run, files[i], &err) != 0)
			goto fail;
	summary(&o, &run.st);
	if (cli_rejects_done(&o.c, &run.rj, &err) != 0)
		goto fail;
	if (run.w == NULL && make_writer(&o, &run, NULL) != 0)
		goto fail;
	run.w = NULL;
	i = outset_commit(run.out, &err);
	run.out = NULL;
	if (i != 0)
		goto fail;
	status = PL_EXIT_OK;
	goto done;
fail:
	status = cli_fail(&o.c, &run.rj, &err);
	run.w = NULL;
	if (run.out != NULL)
		outset_abort(run.out);
done:
	reject_free(run.rj);
	pseudo_filter_free(run.filter);
	align_free(al);
	for (i = 0; i < (int)o.nmaps; i += 2)
		free((char *)o.maps[i]);
	return cli_close_stdout(status);
}
