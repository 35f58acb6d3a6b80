/*
 * pl-import - turn real exports into canonical pl tables.
 */
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "cli.h"
#include "date.h"
#include "import.h"
#include "output.h"
#include "reject.h"
#include "table.h"

enum {
	OPT_ALIGN = CLI_OPT_FIRST_TOOL,
	OPT_DATE,
	OPT_FROM,
	OPT_MAP,
	OPT_MAX_SCORE,
	OPT_TABLE,
	OPT_WIDE
};

static const char usage[] =
"Usage: pl-import [OPTION]... [FILE]...\n"
"Turn a gradebook or LMS export into canonical pl evidence (or check and\n"
"normalise a roster, objectives or activities table).\n"
"\n"
"Options:\n"
"      --align FILE      item_id,objective_id[,max_score]: which assignment\n"
"                        (column or item) measures which objective\n"
"      --date DATE       the date of every score, for exports without one\n"
"                        (wide default: --as-of)\n"
"      --from FORMAT     generic (the default): any CSV/TSV export\n"
"      --map COL=SOURCE  read canonical column COL from column SOURCE\n"
"                        (repeatable), e.g. --map student_id=\"Student ID\"\n"
"      --max-score N     the maximum of scores that state none\n"
"      --table KIND      check and normalise a roster, objectives or\n"
"                        activities table instead of evidence\n"
"      --wide            one row per student, one column per assignment\n"
"\n"
"%s"
"\n"
"Examples:\n"
"  $ pl-import --map student_id=\"Student ID\" --map objective_id=Standard \\\n"
"      --map score=Score --map max_score=\"Points Possible\" export.csv\n"
"  $ pl-import --wide --align alignments.csv --date 2026-09-30 gradebook.csv\n"
"  $ pl-import --table roster roster.csv -o roster.clean.csv\n"
"\n"
"See pl-import(1), pl-formats(5), pl(7).\n";

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "align", required_argument, NULL, OPT_ALIGN },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "max-score", required_argument, NULL, OPT_MAX_SCORE },
	{ "table", required_argument, NULL, OPT_TABLE },
	{ "wide", no_argument, NULL, OPT_WIDE },
	{ NULL, 0, NULL, 0 }
};

struct options {
	struct cli_common c;
	struct import_opts imp;
	const char *align_path;
	const char *maps[64];	/* canonical, source pairs for --table */
	size_t nmaps;
	int table;		/* -1: evidence */
	int32_t date;
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
	char help[4096];
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
		case OPT_DATE:
			o->date = cli_date("--date", optarg, 0);
			break;
		case OPT_FROM:
			if (strcmp(optarg, "generic") != 0)
				cli_usage("unknown format \"%s\" for --from "
				    "(accepted: generic)", optarg);
			break;
		case OPT_MAP:
			add_map(o, optarg);
			break;
		case OPT_MAX_SCORE:
			o->imp.ev.max_score = cli_double("--max-score", optarg,
			    1e-9, 1e12);
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

static void
summary(const struct options *o, const struct import_stats *st)
{
	if (o->c.quiet)
		return;
	if (st->no_evidence)
		cli_warn("%lu empty or excused score%s skipped (no evidence)",
		    st->no_evidence, st->no_evidence == 1 ? "" : "s");
	if (st->over_max)
		cli_warn("%lu score%s over the maximum, kept (first on line %ld)",
		    st->over_max, st->over_max == 1 ? "" : "s",
		    st->first_over_max);
	if (st->unaligned)
		cli_warn("%lu column%s not in --align, not imported: %s%s",
		    st->unaligned, st->unaligned == 1 ? "" : "s",
		    st->unaligned_names, st->unaligned > 8 ? ", ..." : "");
	if (o->imp.align != NULL) {
		size_t i, n = 0, len = 0;
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
			cli_warn("%zu --align item%s matched no column: %s%s",
			    n, n == 1 ? "" : "s", names, n > 8 ? ", ..." : "");
	}
}

int
main(int argc, char **argv)
{
	struct options o;
	struct pl_err err;
	struct output *out = NULL;
	struct table_writer *w = NULL;
	struct reject *rj = NULL;
	struct import_stats st;
	struct table_opts topts;
	struct align *al = NULL;
	int status = PL_EXIT_DATA, i, nfiles;
	const char *stdin_only[] = { "-" };
	const char *const *files;

	memset(&o, 0, sizeof o);
	memset(&st, 0, sizeof st);
	pl_err_clear(&err);
	cli_init(argv[0], &o.c);
	o.table = -1;
	o.date = DATE_NONE;
	parse_options(argc, argv, &o);
	memset(&topts, 0, sizeof topts);
	topts.delim = o.c.delim;
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
	if ((rj = reject_new(o.c.reject, o.c.strict, &err)) == NULL)
		goto fail;
	if ((out = output_open(o.c.output, 0644, &err)) == NULL)
		goto fail;
	for (i = 0; i < nfiles; i++) {
		FILE *fp = cli_fopen(files[i], &err);
		struct table *t;
		int rc;

		if (fp == NULL)
			goto fail;
		t = table_open(fp, files[i], &topts, &err);
		if (t == NULL) {
			if (fp != stdin)
				fclose(fp);
			goto fail;
		}
		if (w == NULL) {
			char delim = o.c.out_format ? (char)o.c.out_format :
			    table_delim(t) == '\t' ? '\t' : ',';

			w = table_writer_new(output_file(out), delim,
			    o.c.spreadsheet ? TABLE_SPREADSHEET : 0);
		}
		if (table_delim(t) == ';')
			o.imp.ev.decimal_comma = 1;
		rc = o.table >= 0 ?
		    import_normalise(t, w, (enum import_table)o.table, o.maps,
		    &o.imp.ev, i > 0, rj, &st, &err) :
		    import_evidence(t, w, &o.imp, i > 0, rj, &st, &err);
		o.imp.ev.decimal_comma = o.c.decimal_comma;
		table_close(t);
		if (fp != stdin)
			fclose(fp);
		if (rc != 0)
			goto fail;
	}
	summary(&o, &st);
	i = reject_finish(rj, o.c.quiet, &err);
	reject_free(rj);
	rj = NULL;
	if (i != 0)
		goto fail;
	if (output_commit(out, &err) != 0) {
		out = NULL;
		goto fail;
	}
	out = NULL;
	status = PL_EXIT_OK;
	goto done;
fail:
	if (rj != NULL && err.status != PL_EXIT_USAGE)
		reject_finish(rj, o.c.quiet || o.c.strict, NULL);
	cli_report(&err);
	status = err.status ? err.status : PL_EXIT_DATA;
	if (out != NULL)
		output_abort(out);
done:
	table_writer_free(w);
	reject_free(rj);
	align_free(al);
	for (i = 0; i < (int)o.nmaps; i += 2)
		free((char *)o.maps[i]);
	if (err.status == PL_EXIT_USAGE)
		fprintf(stderr, "Try '%s --help' for more information.\n",
		    cli_prog());
	return cli_close_stdout(status);
}
