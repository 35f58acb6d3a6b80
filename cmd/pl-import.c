/*
 * pl-import - turn real exports into canonical pl tables.
 */
#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "cli.h"
#include "detect.h"
#include "importer.h"
#include "mylab.h"
#include "num.h"
#include "oneroster.h"
#include "pseudo.h"
#include "reject.h"

enum {
	OPT_ALIGN = CLI_OPT_FIRST_TOOL,
	OPT_CLASS,
	OPT_DATE,
	OPT_DROP,
	OPT_FROM,
	OPT_HEADER_LINE,
	OPT_KEYGEN,
	OPT_MAP,
	OPT_MAX_SCORE,
	OPT_OBJECTIVE_ID,
	OPT_PARTITION,
	OPT_POINTS_ROW,
	OPT_POINTS_POSSIBLE,
	OPT_PREFIX,
	OPT_PSEUDONYMIZE,
	OPT_STUDENT_ID,
	OPT_TABLE,
	OPT_WIDE,
	OPT_ZIP_MAX_SIZE
};

static const char usage[] =
"Usage: pl-import [OPTION]... [FILE|DIR|ZIP]...\n"
"Turn a gradebook, LMS or standards export into canonical pl evidence (or a\n"
"roster or objectives table).\n"
"\n"
"Options:\n"
"      --align FILE      item_id,objective_id[,max_score]: which assignment,\n"
"                        line item or outcome measures which objective\n"
"      --class ID        oneroster: only this class (classSourcedId)\n"
"      --date DATE       the date of every score, for exports without one\n"
"                        (canvas, canvas-outcomes, mylab, --wide: default\n"
"                        --as-of)\n"
"      --drop COL        with --pseudonymize: leave column COL out too\n"
"                        (repeatable)\n"
"      --from FORMAT     auto (the default), generic, canvas,\n"
"                        canvas-outcomes, mylab (Pearson MyLab),\n"
"                        oneroster (a bundle folder or ZIP archive),\n"
"                        case (a CASE CSV list or JSON package)\n"
"      --header-line N   the header is line N: the lines above it (a\n"
"                        vendor's preamble) are not read\n"
"      --keygen FILE     write a new random key for --pseudonymize to FILE\n"
"                        (mode 600) and exit\n"
"      --map COL=SOURCE  generic: read column COL from column SOURCE\n"
"                        (repeatable), e.g. --map student_id=\"Student ID\"\n"
"      --max-score N     the maximum of scores that state none\n"
"      --objective-id KIND  case: code (humanCodingScheme, the default) or\n"
"                        identifier (the CASE GUID)\n"
"      --partition N     write N files (1 to 10000) PREFIX0.csv ... chosen\n"
"                        by a stable hash of student_id, instead of one\n"
"                        output\n"
"      --points-row LABEL  --wide: the row whose first cell is LABEL gives\n"
"                        each item's max_score\n"
"      --points-possible N  canvas-outcomes: top of the mastery scale (4)\n"
"      --prefix P        the partition files' names begin with P\n"
"                        (default \"part-\")\n"
"      --pseudonymize KEYFILE  replace every student_id by a keyed hash\n"
"                        (HMAC-SHA256) and leave out names, emails, logins\n"
"      --student-id KIND canvas: sis (default), canvas or login;\n"
"                        mylab: email (default) or login;\n"
"                        oneroster: sourcedid (default), identifier, username\n"
"      --table KIND      write a roster, objectives or activities table\n"
"                        instead of evidence\n"
"      --wide            generic: one row per student, a column per item\n"
"      --zip-max-size SIZE  oneroster: refuse a member of a ZIP bundle larger\n"
"                        than SIZE uncompressed (K, M, G, T suffixes;\n"
"                        default 1G)\n"
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
	{ "header-line", required_argument, NULL, OPT_HEADER_LINE },
	{ "keygen", required_argument, NULL, OPT_KEYGEN },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "max-score", required_argument, NULL, OPT_MAX_SCORE },
	{ "objective-id", required_argument, NULL, OPT_OBJECTIVE_ID },
	{ "partition", required_argument, NULL, OPT_PARTITION },
	{ "points-possible", required_argument, NULL, OPT_POINTS_POSSIBLE },
	{ "points-row", required_argument, NULL, OPT_POINTS_ROW },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ "pseudonymize", required_argument, NULL, OPT_PSEUDONYMIZE },
	{ "student-id", required_argument, NULL, OPT_STUDENT_ID },
	{ "table", required_argument, NULL, OPT_TABLE },
	{ "wide", no_argument, NULL, OPT_WIDE },
	{ "zip-max-size", required_argument, NULL, OPT_ZIP_MAX_SIZE },
	{ NULL, 0, NULL, 0 }
};

struct options {
	struct cli_common c;
	struct importer_opts run;
	const char *keygen;
};

/* Prints what the importer says: notes plainly, summary lines as
 * warnings; nothing under -q. */
static void
say(void *arg, int warning, const char *msg)
{
	const struct options *o = arg;

	if (o->c.quiet)
		return;
	if (warning)
		cli_warn("%s", msg);
	else
		cli_note("%s", msg);
}

/* A maximum: a number over 0, up to 1e12. */
static double
positive(const char *opt, const char *arg)
{
	double v;

	if (num_parse(arg, strlen(arg), 0, &v) != 0 || !(v > 0) || v > 1e12)
		cli_usage("invalid value for %s: \"%s\" (expected a number "
		    "greater than 0, up to 1000000000000)", opt, arg);
	return v;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	struct importer_opts *r = &o->run;
	const char *bad;
	char help[6144];
	int opt, rc;

	snprintf(help, sizeof help, usage, cli_common_help);
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&o->c, opt, optarg, help))
			continue;
		switch (opt) {
		case OPT_ALIGN: r->align_path = optarg; break;
		case OPT_CLASS: r->class_id = optarg; break;
		case OPT_DATE: r->date = cli_date("--date", optarg); break;
		case OPT_FROM:
			if ((r->from = detect_parse(optarg)) < 0)
				cli_usage("unknown format \"%s\" for --from "
				    "(accepted: auto, generic, canvas, "
				    "canvas-outcomes, mylab, oneroster, case)",
				    optarg);
			break;
		case OPT_MAP:
			if ((rc = importer_map(r, optarg)) == -1)
				cli_usage("invalid --map \"%s\" (expected "
				    "COLUMN=SOURCE)", optarg);
			if (rc != 0)
				cli_usage("too many --map options");
			break;
		case OPT_DROP:
			if (r->ndrop == IMPORTER_MAX_DROP)
				cli_usage("too many --drop options");
			r->drop[r->ndrop++] = optarg;
			break;
		case OPT_HEADER_LINE:
			r->header_line = cli_long("--header-line", optarg, 1,
			    1000000);
			break;
		case OPT_KEYGEN: o->keygen = optarg; break;
		case OPT_PARTITION:
			r->partition = cli_long("--partition", optarg, 1, 10000);
			break;
		case OPT_PREFIX: r->prefix = optarg; break;
		case OPT_PSEUDONYMIZE: r->keyfile = optarg; break;
		case OPT_MAX_SCORE:
			r->imp.ev.max_score = positive("--max-score", optarg);
			break;
		case OPT_OBJECTIVE_ID:
			if (strcmp(optarg, "code") != 0 &&
			    strcmp(optarg, "identifier") != 0)
				cli_usage("unknown --objective-id \"%s\" "
				    "(accepted: code, identifier)", optarg);
			r->objective_id = optarg;
			break;
		case OPT_POINTS_ROW: r->imp.points_row = optarg; break;
		case OPT_POINTS_POSSIBLE:
			r->points_possible = positive("--points-possible",
			    optarg);
			break;
		case OPT_STUDENT_ID:
			if (canvas_id_parse(optarg) < 0 &&
			    oneroster_id_parse(optarg) < 0 &&
			    mylab_id_parse(optarg) < 0)
				cli_usage("unknown --student-id \"%s\" (accepted: "
				    "sis, canvas, login, email, sourcedid, "
				    "identifier, username)", optarg);
			r->student_id = optarg;
			break;
		case OPT_TABLE:
			if ((r->table = import_table_kind(optarg)) < 0)
				cli_usage("unknown table \"%s\" for --table "
				    "(accepted: roster, objectives, activities)",
				    optarg);
			break;
		case OPT_WIDE: r->imp.wide = 1; break;
		case OPT_ZIP_MAX_SIZE:
			r->zip_max_size = cli_size("--zip-max-size", optarg);
			break;
		}
	}
	if (r->partition && o->c.output)
		cli_usage("--partition writes its own files; it cannot be "
		    "combined with -o");
	if (r->prefix && !r->partition)
		cli_usage("--prefix goes with --partition");
	if (r->ndrop && !r->keyfile)
		cli_usage("--drop goes with --pseudonymize");
	if (r->imp.points_row && !r->imp.wide)
		cli_usage("--points-row goes with --wide");
	if (r->table >= 0 && (r->imp.wide || r->align_path))
		cli_usage("--table cannot be combined with --wide or --align");
	if (r->table < 0 && (bad = importer_bad_map(r)) != NULL)
		cli_usage("unknown evidence column \"%s\" in --map (accepted: "
		    "student_id, objective_id, date, score, max_score, seq, "
		    "item_id, kind, weight, correct, source)", bad);
	r->as_of = o->c.as_of;
	r->date_flags = o->c.date_flags;
	r->decimal_comma = o->c.decimal_comma;
	r->delim = o->c.delim;
	r->out_format = o->c.out_format;
	r->spreadsheet = o->c.spreadsheet;
	r->output = o->c.output;
	r->mode = o->c.mode;
	r->say = say;
	r->say_arg = o;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct pl_err err;
	struct importer *im = NULL;
	struct reject *rj = NULL;
	int rc, status;

	memset(&o, 0, sizeof o);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	importer_opts_init(&o.run);
	parse_options(argc, argv, &o);

	if ((im = importer_new(&o.run, &err)) == NULL ||
	    (rj = cli_reject_new(&o.c, &err)) == NULL)
		rc = -1;
	else if (o.keygen != NULL)
		rc = pseudo_keygen(o.keygen, &err);
	else if ((rc = importer_read(im, (const char *const *)argv + optind,
	    (size_t)(argc - optind), rj, &err)) == 0) {
		importer_summary(im);
		rc = cli_rejects_done(&o.c, &rj, &err) != 0 ? -1 :
		    importer_commit(im, &err);
	}
	status = rc == 0 ? PL_EXIT_OK : cli_fail(&o.c, &rj, &err);
	reject_free(rj);
	importer_free(im);
	importer_opts_free(&o.run);
	return cli_close_stdout(status);
}
