/*
 * detect.c - recognising an export by its header row, and the loose
 * matching of vendor header names.
 */
#include "detect.h"

#include <string.h>

#include "canvas.h"
#include "import.h"
#include "mylab.h"
#include "oneroster.h"

static const char *const names[] = {
	"generic", "canvas", "canvas-outcomes", "canvas-outcomes", "oneroster",
	"case", "case", "mylab", "auto"
};

static const char *const titles[] = {
	"generic table", "Canvas gradebook export",
	"Canvas Learning Mastery export", "Canvas outcomes CSV",
	"OneRoster CSV bundle", "CASE/OpenSALT standards CSV",
	"CASE JSON package", "Pearson MyLab export", "auto"
};

const char *
detect_name(enum detect_format f)
{
	return names[f];
}

const char *
detect_title(enum detect_format f)
{
	return titles[f];
}

int
detect_parse(const char *name)
{
	static const struct {
		const char *name;
		enum detect_format f;
	} known[] = {
		{ "auto", DETECT_AUTO }, { "canvas", DETECT_CANVAS },
		{ "canvas-outcomes", DETECT_CANVAS_MASTERY },
		{ "case", DETECT_CASE }, { "generic", DETECT_GENERIC },
		{ "mylab", DETECT_MYLAB },
		{ "oneroster", DETECT_ONEROSTER }, { "opensalt", DETECT_CASE },
	};
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(name, known[i].name) == 0)
			return (int)known[i].f;
	return -1;
}

char *
detect_key(const char *name, char *buf, size_t size)
{
	size_t n = 0;

	for (; *name != '\0' && n + 1 < size; name++) {
		char c = *name;

		if (c >= 'A' && c <= 'Z')
			buf[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buf[n++] = c;
	}
	buf[n] = '\0';
	return buf;
}

/* Index of the first of the n names whose key is key, or -1. */
static long
find_key(const char *const *hdr, size_t n, const char *key)
{
	char buf[128];
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(detect_key(hdr[i], buf, sizeof buf), key) == 0)
			return (long)i;
	return -1;
}

/* 1 when some name ends with suffix (compared without case). */
static int
any_ends_with(const char *const *hdr, size_t n, const char *suffix)
{
	size_t i, sl = strlen(suffix);

	for (i = 0; i < n; i++) {
		size_t hl = strlen(hdr[i]);

		if (hl > sl && util_strcaseeq(hdr[i] + hl - sl, suffix))
			return 1;
	}
	return 0;
}

enum detect_format
detect_header(const char *const *hdr, size_t n)
{
	char k0[64], k1[64], k2[64];

	if (n == 0)
		return DETECT_GENERIC;
	detect_key(hdr[0], k0, sizeof k0);
	detect_key(n > 1 ? hdr[1] : "", k1, sizeof k1);
	detect_key(n > 2 ? hdr[2] : "", k2, sizeof k2);
	if (strcmp(k0, "propertyname") == 0 && strcmp(k1, "value") == 0)
		return DETECT_ONEROSTER;
	if (strcmp(k0, "studentname") == 0 &&
	    find_key(hdr, n, "studentid") >= 0 &&
	    any_ends_with(hdr, n, " result"))
		return DETECT_CANVAS_MASTERY;
	if ((strcmp(k0, "student") == 0 && strcmp(k1, "id") == 0) ||
	    (strcmp(k0, "lastname") == 0 && strcmp(k1, "firstname") == 0 &&
	    strcmp(k2, "id") == 0))
		return DETECT_CANVAS;
	if (find_key(hdr, n, "vendorguid") >= 0 &&
	    find_key(hdr, n, "objecttype") >= 0)
		return DETECT_CANVAS_OUTCOMES;
	if (find_key(hdr, n, "fullstatement") >= 0 ||
	    find_key(hdr, n, "humancodingscheme") >= 0)
		return DETECT_CASE;
	if (mylab_header(hdr, n))
		return DETECT_MYLAB;
	return DETECT_GENERIC;
}

enum detect_format
detect_table(const struct table *t)
{
	const char *hdr[64];
	size_t i, n = table_ncols(t);

	/* The signatures live in the first columns, or are found by name:
	 * 64 columns are plenty to decide. */
	if (n > sizeof hdr / sizeof hdr[0])
		n = sizeof hdr / sizeof hdr[0];
	for (i = 0; i < n; i++)
		hdr[i] = table_colname(t, i);
	return detect_header(hdr, n);
}

long
detect_col(const struct table *t, const char *const *want)
{
	char a[128], b[128];
	size_t i, j;

	for (j = 0; want[j] != NULL; j++) {
		detect_key(want[j], b, sizeof b);
		for (i = 0; i < table_ncols(t); i++)
			if (strcmp(detect_key(table_colname(t, i), a, sizeof a),
			    b) == 0)
				return (long)i;
	}
	return -1;
}

int
detect_resolve(int *fmt, int *table, int explicit, const struct detect_use *u,
    const char *path, struct pl_err *err)
{
	const char *bad = NULL, *name;
	int f = *fmt, t = *table, ok, is_case;

	if (f == DETECT_CANVAS_MASTERY && t == IMPORT_OBJECTIVES && explicit)
		f = DETECT_CANVAS_OUTCOMES;
	is_case = f == DETECT_CASE || f == DETECT_CASE_JSON;
	if ((f == DETECT_CANVAS_OUTCOMES || is_case) && t < 0)
		t = IMPORT_OBJECTIVES;
	name = detect_name((enum detect_format)f);
	ok = t < 0 ? f != DETECT_CANVAS_OUTCOMES && !is_case :
	    f == DETECT_GENERIC || (t == IMPORT_ROSTER &&
	    (f == DETECT_CANVAS || f == DETECT_ONEROSTER)) ||
	    (t == IMPORT_OBJECTIVES && (f == DETECT_CANVAS_OUTCOMES ||
	    is_case));
	if ((u->wide || u->map) && f != DETECT_GENERIC)
		bad = u->wide ? "--wide" : "--map";
	else if (u->class_id && f != DETECT_ONEROSTER)
		bad = "--class";
	else if (u->zip_max_size && f != DETECT_ONEROSTER)
		bad = "--zip-max-size";
	else if (u->points_possible && f != DETECT_CANVAS_MASTERY)
		bad = "--points-possible";
	else if (u->objective_id && !is_case)
		bad = "--objective-id";
	if (bad != NULL) {
		pl_err_set(err, path, 0, PL_EXIT_USAGE, "%s does not apply to "
		    "the %s format", bad, name);
		return -1;
	}
	if (u->student_id != NULL && (f == DETECT_CANVAS ||
	    f == DETECT_CANVAS_MASTERY ? canvas_id_parse(u->student_id) :
	    f == DETECT_ONEROSTER ? oneroster_id_parse(u->student_id) :
	    f == DETECT_MYLAB ? mylab_id_parse(u->student_id) : -1) < 0) {
		pl_err_set(err, path, 0, PL_EXIT_USAGE, "--student-id %s does "
		    "not apply to the %s format%s", u->student_id, name,
		    f == DETECT_ONEROSTER ? " (accepted: sourcedid, "
		    "identifier, username)" : f == DETECT_CANVAS ?
		    " (accepted: sis, canvas, login)" : f ==
		    DETECT_CANVAS_MASTERY ? " (accepted: sis, canvas)" :
		    f == DETECT_MYLAB ? " (accepted: email, login)" : "");
		return -1;
	}
	if (!ok) {
		pl_err_set(err, path, 0, PL_EXIT_USAGE, "the %s format gives no "
		    "%s table", name, t < 0 ? "evidence" : t == IMPORT_ROSTER ?
		    "roster" : t == IMPORT_OBJECTIVES ? "objectives" :
		    "activities");
		return -1;
	}
	*fmt = f;
	*table = t;
	return 0;
}
