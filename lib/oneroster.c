/*
 * oneroster.c - reading OneRoster 1.1 / 1.2 CSV bundles (research/formats.md
 * section 1).  The manifest decides which files exist and the version.
 * Small files (lineItems, link files, users, classes, enrollments) are
 * loaded into interned maps; results are streamed.  Real bundles reorder
 * columns, add extension columns, leave status empty in bulk mode, mark
 * deletions with status "tobedeleted" in delta mode and write day/month
 * dates: all are handled here or reported.
 */
#include "oneroster.h"
#include "date.h"
#include "intern.h"
#include "num.h"
#include "zipfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const oneroster_files[ONEROSTER_NFILES] = {
	"academicSessions", "categories", "classes", "classResources",
	"courses", "courseResources", "demographics", "enrollments",
	"lineItemLearningObjectiveIds", "lineItems", "lineItemScoreScales",
	"orgs", "resources", "resultLearningObjectiveIds", "results",
	"resultScoreScales", "roles", "scoreScales", "userProfiles",
	"userResources", "users"
};

int
oneroster_id_parse(const char *s)
{
	if (strcmp(s, "sourcedid") == 0)
		return ONEROSTER_ID_SOURCED;
	if (strcmp(s, "identifier") == 0)
		return ONEROSTER_ID_IDENTIFIER;
	if (strcmp(s, "username") == 0)
		return ONEROSTER_ID_USERNAME;
	return -1;
}

static const char *
plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

static int
file_index(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ONEROSTER_NFILES; i++)
		if (util_strncaseeq(name, len, oneroster_files[i]))
			return (int)i;
	return -1;
}

enum oneroster_mode
oneroster_mode_of(const struct oneroster_manifest *m, const char *file)
{
	int i = file_index(file, strlen(file));

	return i < 0 ? ONEROSTER_ABSENT : m->mode[i];
}

/* Field i of the current record, trimmed; "" when i < 0. */
static const char *
cell(const struct table *t, long i, size_t *len)
{
	const char *s;

	if (i < 0) {
		*len = 0;
		return "";
	}
	s = table_field(t, (size_t)i, len);
	return util_trim(s, len);
}

/* Field i of an id, name or title column, trimmed, with a spreadsheet
 * text formula ( ="00123" ) read as its string; "" when i < 0.  Scores,
 * dates and vocabularies (status, role) are read with cell. */
static const char *
text(struct table *t, long i, size_t *len)
{
	if (i < 0) {
		*len = 0;
		return "";
	}
	return table_text(t, (size_t)i, len);
}

static int
shown(size_t len)
{
	return len > 40 ? 40 : (int)len;
}

int
oneroster_manifest_read(FILE *fp, const char *name,
    struct oneroster_manifest *m, struct import_stats *st,
    struct pl_err *err)
{
	static const char *const names[] = { "propertyName", "value" };
	static const int req[] = { 1, 1 };
	long idx[2];
	struct table *t = table_open(fp, name, NULL, err);
	int r, rc = -1;

	memset(m, 0, sizeof *m);
	if (t == NULL || table_cols(t, names, req, 2, idx, err) != 0)
		goto out;
	while ((r = table_next(t, err)) == 1) {
		size_t plen, vlen;
		const char *p = cell(t, idx[0], &plen);
		const char *v = cell(t, idx[1], &vlen);
		int f;

		if (util_strncaseeq(p, plen, "oneroster.version")) {
			snprintf(m->version, sizeof m->version, "%.*s",
			    (int)(vlen > 15 ? 15 : vlen), v);
			continue;
		}
		if (plen <= 5 || !util_strncaseeq(p, 5, "file."))
			continue;
		if ((f = file_index(p + 5, plen - 5)) < 0) {
			import_note(st, "%s:%ld: unknown file property \"%.*s\" "
			    "ignored", table_name(t), table_line(t), shown(plen), p);
			continue;
		}
		if (util_strncaseeq(v, vlen, "bulk"))
			m->mode[f] = ONEROSTER_BULK;
		else if (util_strncaseeq(v, vlen, "delta"))
			m->mode[f] = ONEROSTER_DELTA;
		else if (!util_strncaseeq(v, vlen, "absent"))
			import_note(st, "%s:%ld: %.*s has %s%.*s%s: read as absent",
			    table_name(t), table_line(t), shown(plen), p,
			    vlen ? "mode \"" : "no mode", shown(vlen), v,
			    vlen ? "\"" : "");
	}
	if (r < 0)
		goto out;
	if (m->version[0] == '\0') {
		pl_err_set(err, table_name(t), 0, PL_EXIT_DATA,
		    "no oneroster.version (not a OneRoster manifest?)");
		goto out;
	}
	if (strcmp(m->version, "1.1") != 0 && strcmp(m->version, "1.2") != 0)
		import_note(st, "oneroster.version %s read as 1.1", m->version);
	rc = 0;
out:
	table_close(t);
	return rc;
}

/*
 * Where the bundle's files are: a folder, or a ZIP archive holding them at
 * its top or under one folder (root, "" or "x/").
 */
struct source {
	const char *path;	/* the folder or the archive, as given */
	struct zipfile *zip;	/* NULL for a folder */
	char root[512];
};

/* An open data file of the bundle. */
struct bfile {
	FILE *fp;
	struct table *t;
	struct zipfile *zip;	/* the archive of a member, or NULL */
	char path[1024];	/* "dir/x.csv" or "archive:x.csv" */
};

/* After a failed read of a ZIP member: why, in place of the table layer's
 * plain "read error". */
static void
bfile_why(const struct bfile *b, struct pl_err *err)
{
	const char *why;

	if (b->zip != NULL && (why = zipfile_member_error(b->zip)) != NULL)
		pl_err_set(err, b->path, 0, PL_EXIT_DATA, "%s", why);
}

static void
bfile_close(struct bfile *b)
{
	table_close(b->t);
	if (b->zip != NULL)
		zipfile_member_close(b->zip);
	else if (b->fp != NULL)
		fclose(b->fp);
	b->t = NULL;
	b->fp = NULL;
	b->zip = NULL;
}

/* The next record of b (table_next, with bfile_why). */
static int
bfile_next(struct bfile *b, struct pl_err *err)
{
	int r = table_next(b->t, err);

	if (r < 0)
		bfile_why(b, err);
	return r;
}

/* Lower-cases the ASCII letters of s. */
static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * Opens file.csv of the source into b->fp, b->path naming it.  A data file
 * (listed says how the manifest lists it, for messages) is also looked for
 * in lower case, as some bundles write the names; the manifest (listed
 * NULL) is not.  Returns 0, or -1 with err set.
 */
static int
source_fopen(const struct source *src, struct bfile *b, const char *file,
    const char *listed, struct pl_err *err)
{
	long at;

	if (src->zip == NULL) {
		snprintf(b->path, sizeof b->path, "%s/%s.csv", src->path, file);
		b->fp = fopen(b->path, "rb");
		if (b->fp == NULL && listed != NULL) {
			lower(b->path + strlen(src->path) + 1);
			b->fp = fopen(b->path, "rb");
		}
		if (b->fp == NULL) {
			snprintf(b->path, sizeof b->path, "%s/%s.csv", src->path,
			    file);
			pl_err_set(err, b->path, 0, PL_EXIT_DATA, "%s (%s)",
			    strerror(errno), listed != NULL ? listed :
			    "not a OneRoster bundle?");
			return -1;
		}
		return 0;
	}
	snprintf(b->path, sizeof b->path, "%s%s.csv", src->root, file);
	at = zipfile_find(src->zip, b->path);
	if (at < 0 && listed != NULL) {
		lower(b->path + strlen(src->root));
		at = zipfile_find(src->zip, b->path);
	}
	if (at < 0) {
		snprintf(b->path, sizeof b->path, "%s:%s%s.csv", src->path,
		    src->root, file);
		pl_err_set(err, b->path, 0, PL_EXIT_DATA, "no such member in "
		    "the archive (%s)", listed != NULL ? listed :
		    "not a OneRoster bundle?");
		return -1;
	}
	snprintf(b->path, sizeof b->path, "%s:%s", src->path,
	    zipfile_name(src->zip, (size_t)at));
	if ((b->fp = zipfile_member_open(src->zip, (size_t)at, err)) == NULL)
		return -1;
	b->zip = src->zip;
	return 0;
}

/*
 * Opens <name>.csv of the bundle when the manifest lists it.  Returns 1
 * when open, 0 when the manifest says absent (and required is 0), -1 with
 * err set otherwise.
 */
static int
bfile_open(struct bfile *b, const struct source *src, const char *name,
    const struct oneroster_manifest *m, int required, struct pl_err *err)
{
	enum oneroster_mode mode = oneroster_mode_of(m, name);

	memset(b, 0, sizeof *b);
	if (mode == ONEROSTER_ABSENT) {
		if (required)
			pl_err_set(err, src->path, 0, PL_EXIT_DATA, "the bundle "
			    "has no %s.csv (manifest: file.%s absent)", name,
			    name);
		return required ? -1 : 0;
	}
	if (source_fopen(src, b, name, mode == ONEROSTER_BULK ?
	    "the manifest lists it as bulk" : "the manifest lists it as delta",
	    err) != 0)
		return -1;
	b->t = table_open(b->fp, b->path, NULL, err);
	if (b->t == NULL) {
		bfile_why(b, err);
		bfile_close(b);
		return -1;
	}
	return 1;
}

/* Structural problems go to the reject log: 1 rejected, -1 fatal. */
static int
structural(struct table *t, struct reject *rj, struct pl_err *err)
{
	const char *problem = table_problem(t);

	if (problem == NULL)
		return 0;
	if (reject_row(rj, t, strstr(problem, "NUL") ? "NUL byte" :
	    "wrong number of fields", problem, err))
		return -1;
	return 1;
}

static int
deleted(const struct table *t, long status)
{
	size_t len;
	const char *s = cell(t, status, &len);

	return util_strncaseeq(s, len, "tobedeleted");
}

/*
 * The next record to read: structural problems go to the reject log, and
 * when status (a column, or -1) says "tobedeleted" the record is passed
 * over.  Returns 1, 0 at the end, or -1 with err set.
 */
static int
next_live(struct bfile *f, long status, struct reject *rj,
    struct pl_err *err)
{
	int r;

	while ((r = bfile_next(f, err)) == 1) {
		if ((r = structural(f->t, rj, err)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (!deleted(f->t, status))
			return 1;
	}
	return r;
}

/* Parses a date cell, with a hint for day/month dates in the reason. */
static int
parse_date(const char *s, size_t len, int flags, int32_t *d, const char *col,
    char *why, size_t whysize)
{
	int32_t other;

	if (date_parse(s, len, flags, d) == 0)
		return 0;
	if (memchr(s, '/', len) != NULL &&
	    date_parse(s, len, flags ^ DATE_DMY, &other) == 0)
		snprintf(why, whysize, "%s \"%.*s\" is not a valid date (%s)",
		    col, shown(len), s, flags & DATE_DMY ?
		    "month/day? drop --dmy" : "day/month? give --dmy");
	else
		snprintf(why, whysize, "%s \"%.*s\" is not a valid date", col,
		    shown(len), s);
	return -1;
}

/* A list of NUL-separated strings. */
struct strlist {
	char *buf;
	size_t len, cap, n;
};

static void
strlist_add(struct strlist *l, const char *s, size_t n)
{
	l->buf = xgrow(l->buf, &l->cap, l->len + n + 1, 1);
	memcpy(l->buf + l->len, s, n);
	l->buf[l->len + n] = '\0';
	l->len += n + 1;
	l->n++;
}

struct lineitem {
	char *title, *class_id;
	double min, max;
	int32_t due;
	int dead, unaligned;
	char *rejected;		/* why its row was rejected ("file:line:
				 * reason"), or NULL */
	char *bad_due;		/* the same for its dueDate alone: only
				 * results without a scoreDate need it */
	struct strlist los;
};

/* A per-objective score of one result (1.2 resultLearningObjectiveIds). */
struct rlo {
	char *objective, *score;
	long line;
	size_t next;		/* index + 1 of the next entry of the result */
};

struct user {
	char *identifier, *username, *name, *grades;
	char *sections;		/* class titles, "; "-separated */
	int student_enrolled;	/* a student of the --class (any class
				 * without it) */
	int student_anywhere;	/* a student of any class */
};

struct bundle {
	struct oneroster_manifest m;
	struct intern *li_ids;
	struct lineitem *li;
	size_t li_cap;
	struct intern *res_ids;	/* results with objective scores */
	size_t *res_head;
	size_t res_cap;
	struct rlo *rlo;
	size_t nrlo, rlo_cap;
	struct intern *user_ids;
	struct user *users;
	size_t users_cap;
	struct intern *class_ids;
	char **class_title;
	size_t class_cap;
	int have_users;
	struct source src;
};

static void
bundle_free(struct bundle *b)
{
	size_t i;

	if (b->li_ids != NULL)
		for (i = 0; i < intern_count(b->li_ids); i++) {
			free(b->li[i].title);
			free(b->li[i].class_id);
			free(b->li[i].rejected);
			free(b->li[i].bad_due);
			free(b->li[i].los.buf);
		}
	free(b->li);
	intern_free(b->li_ids);
	for (i = 0; i < b->nrlo; i++) {
		free(b->rlo[i].objective);
		free(b->rlo[i].score);
	}
	free(b->rlo);
	free(b->res_head);
	intern_free(b->res_ids);
	if (b->user_ids != NULL)
		for (i = 0; i < intern_count(b->user_ids); i++) {
			free(b->users[i].identifier);
			free(b->users[i].username);
			free(b->users[i].name);
			free(b->users[i].grades);
			free(b->users[i].sections);
		}
	free(b->users);
	intern_free(b->user_ids);
	if (b->class_ids != NULL)
		for (i = 0; i < intern_count(b->class_ids); i++)
			free(b->class_title[i]);
	free(b->class_title);
	intern_free(b->class_ids);
	zipfile_close(b->src.zip);
}

/*
 * Finds the bundle in the archive: the one member called manifest.csv, at
 * the top or in a folder (then the root).  Returns 0 or -1 with err set.
 */
static int
zip_root(struct source *src, struct pl_err *err)
{
	size_t i, n = zipfile_count(src->zip);
	const char *found = NULL;

	for (i = 0; i < n; i++) {
		const char *name = zipfile_name(src->zip, i);
		const char *base = strrchr(name, '/');

		/* A Mac's resource forks ("__MACOSX/x/._manifest.csv") are
		 * not the bundle. */
		base = base != NULL ? base + 1 : name;
		if (strcmp(base, "manifest.csv") != 0 ||
		    strncmp(name, "__MACOSX/", 9) == 0)
			continue;
		if (found != NULL) {
			pl_err_set(err, src->path, 0, PL_EXIT_DATA,
			    "manifest.csv twice, as \"%.200s\" and \"%.200s\": "
			    "one bundle per archive", found, name);
			return -1;
		}
		found = name;
	}
	if (found == NULL) {
		pl_err_set(err, src->path, 0, PL_EXIT_DATA, "%s",
		    zipfile_find(src->zip, "[Content_Types].xml") >= 0 ?
		    "an Office document, not a OneRoster bundle (a spreadsheet? "
		    "save it as CSV)" : "no manifest.csv in the archive (not a "
		    "OneRoster bundle?)");
		return -1;
	}
	n = strlen(found) - strlen("manifest.csv");
	if (n >= sizeof src->root) {
		pl_err_set(err, src->path, 0, PL_EXIT_DATA, "the bundle's "
		    "folder name is too long (%zu bytes)", n);
		return -1;
	}
	memcpy(src->root, found, n);
	src->root[n] = '\0';
	return 0;
}

/* Opens the source (a folder, or the archive with o->zip) and reads the
 * manifest. */
static int
bundle_open(struct bundle *b, const char *dir, const struct oneroster_opts *o,
    struct import_stats *st, struct pl_err *err)
{
	struct bfile mf;
	int rc;

	memset(b, 0, sizeof *b);
	b->li_ids = intern_new();
	b->res_ids = intern_new();
	b->user_ids = intern_new();
	b->class_ids = intern_new();
	b->src.path = dir;
	if (o->zip && ((b->src.zip = zipfile_open(dir, o->zip_max_size,
	    err)) == NULL || zip_root(&b->src, err) != 0))
		return -1;
	memset(&mf, 0, sizeof mf);
	if (source_fopen(&b->src, &mf, "manifest", NULL, err) != 0)
		return -1;
	rc = oneroster_manifest_read(mf.fp, mf.path, &b->m, st, err);
	if (rc != 0)
		bfile_why(&mf, err);
	bfile_close(&mf);
	return rc;
}

/* Loads lineItems.csv. */
static int
load_lineitems(struct bundle *b, int date_flags, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	static const char *const names[] = { "sourcedId", "status", "title",
	    "classSourcedId", "resultValueMin", "resultValueMax", "dueDate" };
	static const int req[] = { 1, 0, 0, 0, 0, 0, 0 };
	enum { ID, STATUS, TITLE, CLASS, MIN, MAX, DUE, NC };
	struct bfile f;
	long idx[NC];
	int r, rc = -1;
	char why[300];
	struct strlist minnote = { NULL, 0, 0, 0 };
	unsigned long nmin = 0;

	if ((r = bfile_open(&f, &b->src, "lineItems", &b->m, 1, err)) <= 0)
		return -1;
	if (table_cols(f.t, names, req, NC, idx, err) != 0)
		goto out;
	/* A deleted line item is kept, marked dead; a rejected one is kept,
	 * marked rejected, so that its results say why they are rejected. */
	while ((r = next_live(&f, -1, rj, err)) == 1) {
		struct lineitem li;
		const char *id, *s;
		size_t idlen, len, before;
		uint32_t k;
		const char *bad = NULL;
		int due_bad = 0;

		memset(&li, 0, sizeof li);
		id = text(f.t, idx[ID], &idlen);
		if (idlen == 0) {
			if (reject_row(rj, f.t, "missing id", "empty sourcedId",
			    err))
				goto out;
			continue;
		}
		s = cell(f.t, idx[MAX], &len);
		if (len > 0 && (num_parse(s, len, 0, &li.max) != 0 ||
		    !(li.max > 0))) {
			snprintf(why, sizeof why, "resultValueMax \"%.*s\" is not "
			    "a positive number", shown(len), s);
			bad = "bad max_score";
		}
		s = cell(f.t, idx[MIN], &len);
		if (len > 0 && num_parse(s, len, 0, &li.min) == 0 &&
		    li.min != 0 && nmin++ == 0)
			strlist_add(&minnote, id, idlen);
		li.due = DATE_NONE;
		s = cell(f.t, idx[DUE], &len);
		if (bad == NULL && len > 0 && parse_date(s, len, date_flags,
		    &li.due, "dueDate", why, sizeof why) != 0) {
			due_bad = 1;
			li.due = DATE_NONE;
		}
		before = intern_count(b->li_ids);
		k = intern_add(b->li_ids, id, idlen);
		if (intern_count(b->li_ids) == before) {
			snprintf(why, sizeof why, "duplicate sourcedId \"%.*s\"",
			    shown(idlen), id);
			if (reject_row(rj, f.t, "duplicate id", why, err))
				goto out;
			continue;
		}
		if (bad != NULL || due_bad) {
			size_t n = strlen(table_name(f.t)) + strlen(why) + 32;
			char *at = xmalloc(n);

			snprintf(at, n, "%s:%ld: %s", table_name(f.t),
			    table_line(f.t), why);
			if (bad != NULL)
				li.rejected = at;
			else
				li.bad_due = at;
		}
		s = text(f.t, idx[TITLE], &len);
		li.title = xstrndup(len ? s : id, len ? len : idlen);
		s = text(f.t, idx[CLASS], &len);
		li.class_id = xstrndup(s, len);
		li.dead = deleted(f.t, idx[STATUS]);
		b->li = xgrow(b->li, &b->li_cap, (size_t)k + 1, sizeof *b->li);
		b->li[k] = li;
		if ((bad != NULL || due_bad) && reject_row(rj, f.t,
		    bad ? bad : "bad date", why, err))
			goto out;
	}
	if (r < 0)
		goto out;
	if (nmin)
		import_note(st, "%lu line item%s with resultValueMin not 0 "
		    "(first \"%s\"): scores read on 0..resultValueMax",
		    nmin, plural(nmin), minnote.buf);
	rc = 0;
out:
	free(minnote.buf);
	bfile_close(&f);
	return rc;
}

/* Loads the 1.2 link files when the manifest lists them. */
static int
load_links(struct bundle *b, struct reject *rj, struct import_stats *st,
    struct pl_err *err)
{
	static const char *const lnames[] = { "lineItemSourcedId",
	    "learningObjectiveId", "status" };
	static const char *const rnames[] = { "resultSourcedId",
	    "learningObjectiveId", "status", "score" };
	static const int req[] = { 1, 1, 0, 0 };
	struct bfile f;
	long idx[4];
	int r;
	unsigned long unknown = 0;

	if ((r = bfile_open(&f, &b->src, "lineItemLearningObjectiveIds",
	    &b->m, 0, err)) < 0)
		return -1;
	if (r > 0) {
		if (table_cols(f.t, lnames, req, 3, idx, err) != 0)
			goto fail;
		while ((r = next_live(&f, idx[2], rj, err)) == 1) {
			const char *li, *lo;
			size_t lilen, lolen;
			uint32_t k;

			li = text(f.t, idx[0], &lilen);
			lo = text(f.t, idx[1], &lolen);
			k = intern_find(b->li_ids, li, lilen);
			if (k == UINT32_MAX) {
				unknown++;
				continue;
			}
			if (lolen > 0)
				strlist_add(&b->li[k].los, lo, lolen);
		}
		if (r < 0)
			goto fail;
		bfile_close(&f);
		if (unknown)
			import_note(st, "%lu lineItemLearningObjectiveIds row%s "
			    "name no line item: ignored", unknown, plural(unknown));
	}
	if ((r = bfile_open(&f, &b->src, "resultLearningObjectiveIds",
	    &b->m, 0, err)) < 0)
		return -1;
	if (r == 0)
		return 0;
	if (table_cols(f.t, rnames, req, 4, idx, err) != 0)
		goto fail;
	while ((r = next_live(&f, idx[2], rj, err)) == 1) {
		const char *res, *lo, *sc;
		size_t reslen, lolen, sclen;
		uint32_t k;
		struct rlo *e;

		res = text(f.t, idx[0], &reslen);
		lo = text(f.t, idx[1], &lolen);
		sc = cell(f.t, idx[3], &sclen);
		if (reslen == 0 || lolen == 0)
			continue;
		k = intern_add(b->res_ids, res, reslen);
		if ((size_t)k >= b->res_cap) {
			size_t old = b->res_cap;

			b->res_head = xgrow(b->res_head, &b->res_cap,
			    (size_t)k + 1, sizeof *b->res_head);
			memset(b->res_head + old, 0,
			    (b->res_cap - old) * sizeof *b->res_head);
		}
		b->rlo = xgrow(b->rlo, &b->rlo_cap, b->nrlo + 1, sizeof *b->rlo);
		e = &b->rlo[b->nrlo];
		e->objective = xstrndup(lo, lolen);
		e->score = xstrndup(sc, sclen);
		e->line = table_line(f.t);
		e->next = 0;
		/* Append, keeping the file's order. */
		if (b->res_head[k] == 0) {
			b->res_head[k] = b->nrlo + 1;
		} else {
			size_t i = b->res_head[k] - 1;

			while (b->rlo[i].next)
				i = b->rlo[i].next - 1;
			b->rlo[i].next = b->nrlo + 1;
		}
		b->nrlo++;
	}
	if (r < 0)
		goto fail;
	bfile_close(&f);
	return 0;
fail:
	bfile_close(&f);
	return -1;
}

/* Loads classes.csv (titles) when listed. */
static int
load_classes(struct bundle *b, struct reject *rj, struct pl_err *err)
{
	static const char *const names[] = { "sourcedId", "title", "status" };
	static const int req[] = { 1, 0, 0 };
	struct bfile f;
	long idx[3];
	int r;

	if ((r = bfile_open(&f, &b->src, "classes", &b->m, 0, err)) <= 0)
		return r;
	if (table_cols(f.t, names, req, 3, idx, err) != 0)
		goto fail;
	while ((r = next_live(&f, idx[2], rj, err)) == 1) {
		const char *id, *title;
		size_t idlen, tlen, before;
		uint32_t k;

		id = text(f.t, idx[0], &idlen);
		title = text(f.t, idx[1], &tlen);
		before = intern_count(b->class_ids);
		k = intern_add(b->class_ids, id, idlen);
		if (intern_count(b->class_ids) == before)
			continue;
		b->class_title = xgrow(b->class_title, &b->class_cap,
		    (size_t)k + 1, sizeof *b->class_title);
		b->class_title[k] = xstrndup(tlen ? title : id,
		    tlen ? tlen : idlen);
	}
	if (r < 0)
		goto fail;
	bfile_close(&f);
	return 0;
fail:
	bfile_close(&f);
	return -1;
}

/* Loads users.csv: ids, names and grades. */
static int
load_users(struct bundle *b, int required, struct reject *rj,
    struct pl_err *err)
{
	static const char *const names[] = { "sourcedId", "identifier",
	    "username", "givenName", "familyName", "grades", "status",
	    "role" };
	static const int req[] = { 1, 0, 0, 0, 0, 0, 0, 0 };
	enum { ID, IDENT, USER, GIVEN, FAMILY, GRADES, STATUS, ROLE, NC };
	struct bfile f;
	long idx[NC];
	int r;

	if ((r = bfile_open(&f, &b->src, "users", &b->m, required, err)) <= 0)
		return r;
	b->have_users = 1;
	if (table_cols(f.t, names, req, NC, idx, err) != 0)
		goto fail;
	if (idx[GRADES] < 0) {
		static const char *const g[] = { "grade" };

		idx[GRADES] = table_col(f.t, g[0]);
	}
	while ((r = next_live(&f, idx[STATUS], rj, err)) == 1) {
		struct user u;
		const char *id, *s, *fam;
		size_t idlen, len, flen, before;
		uint32_t k;
		char name[512];

		id = text(f.t, idx[ID], &idlen);
		if (idlen == 0)
			continue;
		before = intern_count(b->user_ids);
		k = intern_add(b->user_ids, id, idlen);
		if (intern_count(b->user_ids) == before)
			continue;
		memset(&u, 0, sizeof u);
		s = text(f.t, idx[IDENT], &len);
		u.identifier = xstrndup(s, len);
		s = text(f.t, idx[USER], &len);
		u.username = xstrndup(s, len);
		s = text(f.t, idx[GIVEN], &len);
		fam = text(f.t, idx[FAMILY], &flen);
		snprintf(name, sizeof name, "%.*s%s%.*s",
		    (int)(flen > 240 ? 240 : flen), fam, flen && len ? ", " : "",
		    (int)(len > 240 ? 240 : len), s);
		u.name = xstrdup(name);
		s = text(f.t, idx[GRADES], &len);
		u.grades = xstrndup(s, len);
		b->users = xgrow(b->users, &b->users_cap, (size_t)k + 1,
		    sizeof *b->users);
		b->users[k] = u;
	}
	if (r < 0)
		goto fail;
	bfile_close(&f);
	return 1;
fail:
	bfile_close(&f);
	return -1;
}

/* The student_id of a user sourcedId; NULL with why set when it has none. */
static const char *
student_id(const struct bundle *b, const struct oneroster_opts *o,
    const char *sid, size_t slen, size_t *outlen, char *why, size_t whysize)
{
	uint32_t k;
	const char *s;

	if (o->id == ONEROSTER_ID_SOURCED) {
		*outlen = slen;
		return sid;
	}
	k = intern_find(b->user_ids, sid, slen);
	if (k == UINT32_MAX) {
		snprintf(why, whysize, "student \"%.*s\" is not in users.csv",
		    shown(slen), sid);
		return NULL;
	}
	s = o->id == ONEROSTER_ID_IDENTIFIER ? b->users[k].identifier :
	    b->users[k].username;
	if (s[0] == '\0') {
		snprintf(why, whysize, "student \"%.*s\" has no %s",
		    shown(slen), sid, o->id == ONEROSTER_ID_IDENTIFIER ?
		    "identifier" : "username");
		return NULL;
	}
	*outlen = strlen(s);
	return s;
}

/* Writes one evidence row. */
static void
put_evidence(struct table_writer *w, const char *sid, size_t slen,
    const char *objective, int32_t date, double score, double max,
    const char *item, const char *result, size_t rlen)
{
	char src[300];

	snprintf(src, sizeof src, "oneroster:%.*s",
	    (int)(rlen > 280 ? 280 : rlen), result);
	table_put(w, sid, slen);
	table_puts(w, objective);
	table_put_date(w, date);
	table_put_num(w, score + 0.0);
	table_put_num(w, max);
	table_puts(w, item);
	table_puts(w, src);
	table_endrow(w);
}

/* The objective an id names through --align, or the id itself. */
static const char *
mapped(const struct oneroster_opts *o, const char *id)
{
	long a;

	if (o->align == NULL)
		return id;
	a = align_find(o->align, id, strlen(id));
	if (a < 0)
		return id;
	align_use((struct align *)o->align, a);
	return align_objective(o->align, a);
}

/* 1 when a line item of the bundle, dead or alive, is of the --class. */
static int
lineitems_have_class(const struct bundle *b, const char *class_id)
{
	size_t i;

	for (i = 0; i < intern_count(b->li_ids); i++)
		if (strcmp(b->li[i].class_id, class_id) == 0)
			return 1;
	return 0;
}

/* What one result yields; counters for the notes. */
struct counts {
	unsigned long deleted, exempt, other_class, unaligned_rows;
};

int
oneroster_evidence(const char *dir, struct table_writer *w,
    const struct oneroster_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	static const char *const names[] = { "sourcedId", "status",
	    "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score",
	    "scoreDate", "classSourcedId" };
	static const int req[] = { 1, 0, 1, 1, 0, 0, 0, 0 };
	enum { ID, STATUS, LI, STUDENT, SSTATUS, SCORE, DATE, CLASS, NC };
	struct bundle b;
	struct bfile f;
	struct counts n;
	long idx[NC];
	int r, rc = -1;
	char why[400];

	memset(&f, 0, sizeof f);
	memset(&n, 0, sizeof n);
	if (bundle_open(&b, dir, o, st, err) != 0)
		goto out;
	if (oneroster_mode_of(&b.m, "results") == ONEROSTER_ABSENT) {
		pl_err_set(err, dir, 0, PL_EXIT_DATA, "the bundle has no results "
		    "(manifest: file.results absent); --table roster reads its "
		    "roster");
		goto out;
	}
	if (load_lineitems(&b, o->date_flags, rj, st, err) != 0 ||
	    load_links(&b, rj, st, err) != 0)
		goto out;
	if (o->class_id != NULL && lineitems_have_class(&b, o->class_id))
		st->class_found = 1;
	if (o->id != ONEROSTER_ID_SOURCED &&
	    load_users(&b, 1, rj, err) < 0)
		goto out;
	if (bfile_open(&f, &b.src, "results", &b.m, 1, err) < 0)
		goto out;
	if (table_cols(f.t, names, req, NC, idx, err) != 0)
		goto out;
	if (!header_done) {
		static const char *const head[] = { "student_id", "objective_id",
		    "date", "score", "max_score", "item_id", "source" };

		table_put_row(w, head, 7);
	}
	while ((r = bfile_next(&f, err)) == 1) {
		const char *rid, *lid, *stu, *s, *sid, *cls;
		size_t ridlen, lidlen, stulen, len, sidlen, clen;
		struct lineitem *li;
		uint32_t k, rk;
		int32_t date = DATE_NONE;
		double v, max;
		const char *objective = NULL;
		long a = -1;

		st->records++;
		if ((r = structural(f.t, rj, err)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		if (deleted(f.t, idx[STATUS])) {
			n.deleted++;
			continue;
		}
		rid = text(f.t, idx[ID], &ridlen);
		lid = text(f.t, idx[LI], &lidlen);
		stu = text(f.t, idx[STUDENT], &stulen);
		k = intern_find(b.li_ids, lid, lidlen);
		if (k == UINT32_MAX) {
			snprintf(why, sizeof why, "lineItemSourcedId \"%.*s\" is "
			    "not in lineItems.csv", shown(lidlen), lid);
			if (reject_row(rj, f.t, "unknown line item", why, err))
				goto out;
			continue;
		}
		li = &b.li[k];
		if (li->dead) {
			n.deleted++;
			continue;
		}
		if (li->rejected != NULL) {
			snprintf(why, sizeof why, "line item \"%.*s\" was rejected "
			    "(%.300s)", shown(lidlen), lid, li->rejected);
			if (reject_row(rj, f.t, "rejected line item", why, err))
				goto out;
			continue;
		}
		cls = li->class_id;
		clen = strlen(cls);
		if (clen == 0)
			cls = text(f.t, idx[CLASS], &clen);
		if (o->class_id != NULL &&
		    !(clen == strlen(o->class_id) &&
		    memcmp(cls, o->class_id, clen) == 0)) {
			n.other_class++;
			continue;
		}
		st->class_found = 1;
		s = cell(f.t, idx[SSTATUS], &len);
		if (util_strncaseeq(s, len, "exempt") ||
		    util_strncaseeq(s, len, "not submitted")) {
			n.exempt++;
			continue;
		}
		if (stulen == 0) {
			if (reject_row(rj, f.t, "missing student_id",
			    "empty studentSourcedId", err))
				goto out;
			continue;
		}
		sid = student_id(&b, o, stu, stulen, &sidlen, why, sizeof why);
		if (sid == NULL) {
			if (reject_row(rj, f.t, "unknown student", why, err))
				goto out;
			continue;
		}
		s = cell(f.t, idx[DATE], &len);
		if (len > 0) {
			if (parse_date(s, len, o->date_flags, &date, "scoreDate",
			    why, sizeof why) != 0) {
				if (reject_row(rj, f.t, "bad date", why, err))
					goto out;
				continue;
			}
		} else if (li->bad_due != NULL) {
			snprintf(why, sizeof why, "no scoreDate, and the dueDate "
			    "of line item \"%.*s\" was rejected (%.300s)",
			    shown(lidlen), lid, li->bad_due);
			if (reject_row(rj, f.t, "bad date", why, err))
				goto out;
			continue;
		} else {
			date = li->due != DATE_NONE ? li->due : o->fixed_date;
			if (date == DATE_NONE) {
				if (reject_row(rj, f.t, "bad date", "no scoreDate "
				    "and no dueDate (give --date)", err))
					goto out;
				continue;
			}
		}
		/* 1.2: per-objective scores of this result. */
		rk = intern_find(b.res_ids, rid, ridlen);
		if (rk != UINT32_MAX && (size_t)rk < b.res_cap &&
		    b.res_head[rk] != 0) {
			size_t i;

			max = o->max_score > 0 ? o->max_score : li->max;
			for (i = b.res_head[rk]; i != 0; i = b.rlo[i - 1].next) {
				const struct rlo *e = &b.rlo[i - 1];

				len = strlen(e->score);
				if (len == 0) {
					st->no_evidence++;
					continue;
				}
				if (num_parse(e->score, len, 0, &v) != 0 || v < 0 ||
				    max == 0) {
					if (max == 0)
						snprintf(why, sizeof why,
						    "objective \"%s\": no "
						    "resultValueMax (give "
						    "--max-score)", e->objective);
					else
						snprintf(why, sizeof why,
						    "resultLearningObjectiveIds"
						    ".csv line %ld: score \"%s\" "
						    "is not a number >= 0",
						    e->line, e->score);
					if (reject_row(rj, f.t, "bad score", why,
					    err))
						goto out;
					continue;
				}
				if (import_score_range(st, f.t, "result", v, max,
				    why, sizeof why) != 0) {
					if (reject_row(rj, f.t, "bad score", why,
					    err))
						goto out;
					continue;
				}
				put_evidence(w, sid, sidlen, mapped(o,
				    e->objective), date, v, max,
				    intern_str(b.li_ids, k), rid, ridlen);
				st->written++;
			}
			continue;
		}
		s = cell(f.t, idx[SCORE], &len);
		if (len == 0) {
			st->no_evidence++;
			continue;
		}
		if (num_parse(s, len, 0, &v) != 0 || v < 0) {
			snprintf(why, sizeof why, "score \"%.*s\" is not a number "
			    ">= 0", shown(len), s);
			if (reject_row(rj, f.t, "bad score", why, err))
				goto out;
			continue;
		}
		max = li->max;
		if (li->los.n == 0 && o->align != NULL) {
			const char *lis = intern_str(b.li_ids, k);

			a = align_find(o->align, lis, strlen(lis));
			if (a < 0)
				a = align_find(o->align, li->title,
				    strlen(li->title));
			if (a < 0) {
				if (!li->unaligned) {
					char name[300];

					snprintf(name, sizeof name, "%s (%s)",
					    li->title, lis);
					import_unaligned(st, name);
					li->unaligned = 1;
				}
				n.unaligned_rows++;
				continue;
			}
			align_use((struct align *)o->align, a);
			objective = align_objective(o->align, a);
			if (align_max(o->align, a) > 0)
				max = align_max(o->align, a);
		}
		if (max == 0)
			max = o->max_score > 0 ? o->max_score : v <= 1 ? 1 : 0;
		if (max == 0) {
			if (reject_row(rj, f.t, "no max_score", "line item has no "
			    "resultValueMax (give --max-score)", err))
				goto out;
			continue;
		}
		if (import_score_range(st, f.t, "result", v, max, why,
		    sizeof why) != 0) {
			if (reject_row(rj, f.t, "bad score", why, err))
				goto out;
			continue;
		}
		if (li->los.n > 0) {
			const char *p = li->los.buf;
			size_t i;

			for (i = 0; i < li->los.n; i++, p += strlen(p) + 1) {
				put_evidence(w, sid, sidlen, mapped(o, p), date, v,
				    max, intern_str(b.li_ids, k), rid, ridlen);
				st->written++;
			}
			continue;
		}
		if (objective == NULL)
			objective = intern_str(b.li_ids, k);
		put_evidence(w, sid, sidlen, objective, date, v, max,
		    intern_str(b.li_ids, k), rid, ridlen);
		st->written++;
	}
	if (r < 0)
		goto out;
	if (o->align == NULL) {
		size_t i, bare = 0;

		for (i = 0; i < intern_count(b.li_ids); i++)
			if (b.li[i].los.n == 0 && !b.li[i].dead &&
			    b.li[i].rejected == NULL)
				bare++;
		if (bare)
			import_note(st, "%zu line item%s without learning "
			    "objectives and no --align: objective_id is the "
			    "lineItem sourcedId", bare, plural(bare));
	}
	if (n.deleted)
		import_note(st, "%lu result%s marked tobedeleted (or of a deleted "
		    "line item) skipped", n.deleted, plural(n.deleted));
	if (n.exempt)
		import_note(st, "%lu result%s exempt or not submitted: no "
		    "evidence", n.exempt, plural(n.exempt));
	if (n.other_class)
		import_note(st, "%lu result%s of other classes than %s left out",
		    n.other_class, plural(n.other_class), o->class_id);
	if (n.unaligned_rows)
		import_note(st, "%lu result%s of unaligned line items not "
		    "imported", n.unaligned_rows, plural(n.unaligned_rows));
	rc = 0;
out:
	bfile_close(&f);
	bundle_free(&b);
	return rc;
}

/* Reads enrollments.csv: which users are students of which classes. */
static int
load_enrollments(struct bundle *b, const struct oneroster_opts *o,
    struct reject *rj, struct pl_err *err)
{
	static const char *const names[] = { "userSourcedId",
	    "classSourcedId", "role", "status" };
	static const int req[] = { 1, 1, 0, 0 };
	struct bfile f;
	long idx[4];
	int r;

	if ((r = bfile_open(&f, &b->src, "enrollments", &b->m, 0, err)) <= 0)
		return r;
	if (table_cols(f.t, names, req, 4, idx, err) != 0)
		goto fail;
	while ((r = next_live(&f, idx[3], rj, err)) == 1) {
		const char *uid, *cid, *title;
		size_t ulen, clen, len;
		uint32_t k, c;
		struct user *u;
		char *sec;

		title = cell(f.t, idx[2], &len);
		if (idx[2] >= 0 && !util_strncaseeq(title, len, "student"))
			continue;
		uid = text(f.t, idx[0], &ulen);
		cid = text(f.t, idx[1], &clen);
		k = intern_find(b->user_ids, uid, ulen);
		if (k == UINT32_MAX)
			continue;
		u = &b->users[k];
		u->student_anywhere = 1;
		if (o->class_id != NULL && !(clen == strlen(o->class_id) &&
		    memcmp(cid, o->class_id, clen) == 0))
			continue;
		c = intern_find(b->class_ids, cid, clen);
		title = c != UINT32_MAX ? b->class_title[c] : cid;
		len = c != UINT32_MAX ? strlen(title) : clen;
		u->student_enrolled = 1;
		if (u->sections == NULL) {
			u->sections = xstrndup(title, len);
		} else {
			size_t have = strlen(u->sections);

			sec = xmalloc(have + len + 3);
			memcpy(sec, u->sections, have);
			memcpy(sec + have, "; ", 2);
			memcpy(sec + have + 2, title, len);
			sec[have + len + 2] = '\0';
			free(u->sections);
			u->sections = sec;
		}
	}
	if (r < 0)
		goto fail;
	bfile_close(&f);
	return 1;
fail:
	bfile_close(&f);
	return -1;
}

/* 1 when classes.csv lists the --class or a student is enrolled in it. */
static int
roster_has_class(const struct bundle *b, const char *class_id)
{
	size_t i;

	if (intern_find(b->class_ids, class_id, strlen(class_id)) !=
	    UINT32_MAX)
		return 1;
	for (i = 0; i < intern_count(b->user_ids); i++)
		if (b->users[i].student_enrolled)
			return 1;
	return 0;
}

int
oneroster_roster(const char *dir, struct table_writer *w,
    const struct oneroster_opts *o, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err)
{
	static const char *const names[] = { "sourcedId", "status", "role" };
	static const int req[] = { 1, 0, 0 };
	struct bundle b;
	struct bfile f;
	long idx[3];
	int r, rc = -1, have_enrollments;
	unsigned long others = 0, unenrolled = 0, deleted_users = 0;
	struct intern *written = intern_new();
	char why[300];

	memset(&f, 0, sizeof f);
	if (bundle_open(&b, dir, o, st, err) != 0)
		goto out;
	if (load_classes(&b, rj, err) < 0 ||
	    load_users(&b, 1, rj, err) < 0 ||
	    (have_enrollments = load_enrollments(&b, o, rj, err)) < 0)
		goto out;
	if (o->class_id != NULL && !have_enrollments) {
		pl_err_set(err, dir, 0, PL_EXIT_DATA, "--class needs "
		    "enrollments.csv, and the manifest lists none");
		goto out;
	}
	if (o->class_id != NULL && roster_has_class(&b, o->class_id))
		st->class_found = 1;
	/* A second pass over users.csv keeps its order and its roles. */
	if (bfile_open(&f, &b.src, "users", &b.m, 1, err) < 0)
		goto out;
	if (table_cols(f.t, names, req, 3, idx, err) != 0)
		goto out;
	if (!header_done) {
		static const char *const head[] = { "student_id", "name",
		    "section", "grade_level" };

		table_put_row(w, head, 4);
	}
	while ((r = bfile_next(&f, err)) == 1) {
		const char *id, *role, *sid;
		size_t idlen, rlen, sidlen;
		uint32_t k;
		size_t before;
		const struct user *u;

		st->records++;
		if (table_problem(f.t) != NULL)
			continue;	/* reported by load_users */
		if (deleted(f.t, idx[1])) {
			deleted_users++;
			continue;
		}
		id = text(f.t, idx[0], &idlen);
		k = intern_find(b.user_ids, id, idlen);
		if (k == UINT32_MAX) {
			if (reject_row(rj, f.t, "missing id", "empty sourcedId",
			    err))
				goto out;
			continue;
		}
		u = &b.users[k];
		role = cell(f.t, idx[2], &rlen);
		if (idx[2] >= 0 ? !util_strncaseeq(role, rlen, "student") :
		    !u->student_anywhere) {
			others++;
			continue;
		}
		before = intern_count(written);
		intern_add(written, id, idlen);
		if (intern_count(written) == before) {
			snprintf(why, sizeof why, "duplicate sourcedId \"%.*s\"",
			    shown(idlen), id);
			if (reject_row(rj, f.t, "duplicate id", why, err))
				goto out;
			continue;
		}
		if (o->class_id != NULL && !u->student_enrolled) {
			unenrolled++;
			continue;
		}
		sid = student_id(&b, o, id, idlen, &sidlen, why, sizeof why);
		if (sid == NULL) {
			if (reject_row(rj, f.t, "missing student_id", why, err))
				goto out;
			continue;
		}
		table_put(w, sid, sidlen);
		table_puts(w, u->name);
		table_puts(w, u->sections != NULL ? u->sections : "");
		table_puts(w, u->grades);
		table_endrow(w);
		st->written++;
	}
	if (r < 0)
		goto out;
	if (deleted_users)
		import_note(st, "%lu user%s marked tobedeleted skipped",
		    deleted_users, plural(deleted_users));
	if (others)
		import_note(st, "%lu user%s other than students left out",
		    others, plural(others));
	if (unenrolled)
		import_note(st, "%lu student%s not enrolled in %s left out",
		    unenrolled, plural(unenrolled), o->class_id);
	rc = 0;
out:
	bfile_close(&f);
	bundle_free(&b);
	intern_free(written);
	return rc;
}
