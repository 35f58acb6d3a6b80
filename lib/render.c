/*
 * render.c - the reports of pl-report as text and Markdown, their rows for
 * CSV/TSV, and what the HTML and SVG writers share: selection, per-course
 * figures, urgency order, display width, escaping and safe file names.
 */
#include "fastout.h"
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "html.h"
#include "num.h"

static const char *const KIND_NAMES[] = {
	"class", "student", "pacing", "interventions", "groups"
};

int
render_kind_parse(const char *s, enum render_kind *out)
{
	size_t i;

	for (i = 0; i < sizeof KIND_NAMES / sizeof KIND_NAMES[0]; i++)
		if (strcmp(s, KIND_NAMES[i]) == 0) {
			*out = (enum render_kind)i;
			return 0;
		}
	return -1;
}

const char *
render_kind_name(enum render_kind k)
{
	return KIND_NAMES[k];
}

int
render_format_parse(const char *s, enum render_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = RENDER_TEXT;
	else if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
		*out = RENDER_MD;
	else if (strcmp(s, "html") == 0)
		*out = RENDER_HTML;
	else
		return -1;
	return 0;
}

int
render_status_parse(const char *s, enum render_status *out)
{
	size_t n = strlen(s);

	s = util_trim(s, &n);
	if (n == 0)
		*out = RENDER_STATUS_NONE;
	else if (util_strncaseeq(s, n, "ahead"))
		*out = RENDER_AHEAD;
	else if (util_strncaseeq(s, n, "on_track") ||
	    util_strncaseeq(s, n, "on-track"))
		*out = RENDER_ON_TRACK;
	else if (util_strncaseeq(s, n, "behind"))
		*out = RENDER_BEHIND;
	else if (util_strncaseeq(s, n, "intervene"))
		*out = RENDER_INTERVENE;
	else
		return -1;
	return 0;
}

const char *
render_status_name(enum render_status s)
{
	switch (s) {
	case RENDER_AHEAD: return "ahead";
	case RENDER_ON_TRACK: return "on_track";
	case RENDER_BEHIND: return "behind";
	case RENDER_INTERVENE: return "intervene";
	default: return "";
	}
}

/* The status as words for people. */
const char *
render_status_words(enum render_status s)
{
	switch (s) {
	case RENDER_AHEAD: return "ahead";
	case RENDER_ON_TRACK: return "on track";
	case RENDER_BEHIND: return "behind";
	case RENDER_INTERVENE: return "intervene";
	default: return "";
	}
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static const char *
str(const char *s)
{
	return s ? s : "";
}

/*
 * Decodes one UTF-8 character at s (not at the NUL).  Returns the bytes
 * used (at least 1); a bad sequence gives U+FFFD for its first byte.
 */
static size_t
utf8_next(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, c &= 0x07, min = 0x10000;
	else {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return len;
}

size_t
render_utf8_next(const char *s, uint32_t *cp)
{
	return utf8_next((const unsigned char *)s, cp);
}

/* Characters a terminal must not receive from data: C0 and C1 controls,
 * DEL, and the bidirectional overrides that can disguise text. */
static int
hostile(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
	    (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0xFFFD;
}

static int
in_ranges(uint32_t c, const uint32_t (*r)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c >= r[i][0] && c <= r[i][1])
			return 1;
	return 0;
}

static size_t
char_width(uint32_t c)
{
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
		{ 0x0610, 0x061A }, { 0x064B, 0x065F }, { 0x0E31, 0x0E31 },
		{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x1AB0, 0x1AFF },
		{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x20D0, 0x20FF },
		{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	};
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
		{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
		{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
		{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
		{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
	};

	if (hostile(c))
		return 1;
	if (in_ranges(c, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (in_ranges(c, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

size_t
render_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)str(s);
	size_t w = 0;
	uint32_t c;

	while (*p) {
		p += utf8_next(p, &c);
		w += char_width(c);
	}
	return w;
}

size_t
render_prefix(const char *s, size_t cols)
{
	const unsigned char *p = (const unsigned char *)str(s);
	size_t used = 0, len, w, n = 0;
	uint32_t c;

	while (p[n]) {
		len = utf8_next(p + n, &c);
		w = char_width(c);
		if (used + w > cols)
			break;
		used += w;
		n += len;
	}
	return n;
}

static void
pad(FILE *fp, size_t n)
{
	while (n-- > 0)
		out_putc(' ', fp);
}

/* Writes the characters of s that fit in max columns, made safe; returns
 * the columns used. */
static size_t
put_safe(FILE *fp, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)str(s);
	size_t used = 0, len, w;
	uint32_t c;

	while (*p) {
		len = utf8_next(p, &c);
		w = char_width(c);
		if (used + w > max)
			break;
		if (hostile(c))
			out_putc('?', fp);
		else
			out_write(p, 1, len, fp);
		used += w;
		p += len;
	}
	return used;
}

void
render_text_fit(FILE *fp, const char *s, size_t width, int right)
{
	size_t w = render_width(s), used;

	if (w <= width) {
		if (right)
			pad(fp, width - w);
		put_safe(fp, s, w);
		if (!right)
			pad(fp, width - w);
		return;
	}
	if (width == 0)
		return;
	used = put_safe(fp, s, width - 1);
	out_puts("\xe2\x80\xa6", fp);
	pad(fp, width - 1 - used);
}

/* Writes s safe for a terminal, whole. */
static void
text_put(FILE *fp, const char *s)
{
	put_safe(fp, s, (size_t)-1);
}

/*
 * Writes s word-wrapped at width columns, continuation lines (and the
 * first, when first is set) indented by indent spaces.
 */
static void
text_wrap(FILE *fp, const char *s, size_t indent, size_t width, int first)
{
	size_t col = indent, avail = width > indent + 10 ? width - indent : 10;
	const char *p = str(s);
	char word[512];

	if (first)
		pad(fp, indent);
	while (*p) {
		size_t n = 0, w;

		while (*p == ' ')
			p++;
		while (p[n] && p[n] != ' ')
			n++;
		if (n == 0)
			break;
		if (n >= sizeof word)
			n = sizeof word - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		while (p[0] && p[0] != ' ')
			p++;
		w = render_width(word);
		if (col > indent && col + 1 + w > indent + avail) {
			out_putc('\n', fp);
			pad(fp, indent);
			col = indent;
		} else if (col > indent) {
			out_putc(' ', fp);
			col++;
		}
		if (w > avail)
			w = avail, render_text_fit(fp, word, w, 0);
		else
			put_safe(fp, word, w);
		col += w;
	}
	out_putc('\n', fp);
}

void
render_md_escape(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)str(s);
	size_t len;
	uint32_t c;

	while (*p) {
		len = utf8_next(p, &c);
		if (c < 0x80 && strchr("|\\`*_[]<>&~", (int)c) != NULL) {
			out_putc('\\', fp);
			out_putc((int)c, fp);
		} else if (hostile(c))
			out_putc(' ', fp);
		else
			out_write(p, 1, len, fp);
		p += len;
	}
}

void
render_num(FILE *fp, double v)
{
	char buf[NUM_BUFSIZE];

	num_format(v, buf);
	out_puts(buf, fp);
}

/* A number as text for a data row, or "" when it is NAN. */
static const char *
rawstr(double v, char *buf)
{
	if (isnan(v)) {
		buf[0] = '\0';
		return buf;
	}
	num_format(v, buf);
	return buf;
}

/* A number as text for people: 2 decimals at most, "" when NAN. */
static const char *
numstr(double v, char *buf)
{
	return rawstr(isnan(v) ? v : num_round(v, 2), buf);
}

void
render_num2(FILE *fp, double v)
{
	char buf[NUM_BUFSIZE];

	if (!isnan(v))
		out_puts(numstr(v, buf), fp);
}

static int
name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/*
 * A name Windows (and so an SMB share or a FAT stick) takes for a device
 * whatever its case and extension: CON, PRN, AUX, NUL, COM0-9, LPT0-9,
 * before the first '.'.
 */
static int
device_name(const char *name)
{
	static const char *const devices[] = { "con", "prn", "aux", "nul" };
	const char *dot = strchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name), i;

	for (i = 0; i < sizeof devices / sizeof devices[0]; i++)
		if (util_strncaseeq(name, n, devices[i]))
			return 1;
	return n == 4 && (util_strncaseeq(name, 3, "com") ||
	    util_strncaseeq(name, 3, "lpt")) && name[3] >= '0' &&
	    name[3] <= '9';
}

/* Appends '~' and 16 hex digits of the hash of id to buf[0..n); returns
 * the new length (buf needs n + 18 bytes). */
static size_t
add_hash(char *buf, size_t n, const char *id)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t h = util_hash(id, strlen(id));
	int i;

	buf[n++] = '~';
	for (i = 15; i >= 0; i--)
		buf[n++] = hex[(h >> (4 * i)) & 15];
	buf[n] = '\0';
	return n;
}

size_t
render_safe_name(const char *id, char *buf)
{
	const unsigned char *p = (const unsigned char *)str(id);
	size_t n = 0, len;
	int changed = 0;
	uint32_t c;

	while (*p) {
		len = utf8_next(p, &c);
		if (n == RENDER_NAME_KEEP) {
			changed = 1;
			break;
		}
		if (len == 1 && name_char(*p) &&
		    !(n == 0 && (*p == '.' || *p == '-')))
			buf[n++] = (char)*p;
		else {
			buf[n++] = '_';
			changed = 1;
		}
		p += len;
	}
	buf[n] = '\0';
	if (n == 0) {
		/* Never a name that starts with '~' (tilde expansion). */
		buf[n++] = '_';
		buf[n] = '\0';
		changed = 1;
	}
	if (util_strcaseeq(buf, "index") || device_name(buf))
		changed = 1;
	if (changed)
		n = add_hash(buf, n, str(id));
	return n;
}

/* Compares names as a case-insensitive file system does (they are
 * ASCII). */
static int
fold_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || x == 0)
			return x - y;
	}
}

struct file_name {
	char *name;
	const char *id;
	size_t i;
};

/* By name ignoring case, then by the exact id, then by input order. */
static int
by_folded_name(const void *pa, const void *pb)
{
	const struct file_name *a = pa, *b = pb;
	int r = fold_cmp(a->name, b->name);

	if (r == 0)
		r = strcmp(a->id, b->id);
	if (r == 0)
		r = a->i < b->i ? -1 : a->i > b->i;
	return r;
}

/* Calls fn on each run of two or more names equal ignoring case, with f
 * sorted first. */
static void
each_clash(struct file_name *f, size_t n,
    void (*fn)(struct file_name *run, size_t len))
{
	size_t i, j;

	qsort(f, n, sizeof *f, by_folded_name);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && fold_cmp(f[i].name, f[j].name) == 0;
		    j++)
			;
		if (j - i > 1)
			fn(f + i, j - i);
	}
}

/* ab1 and AB1: each gets the hash of its exact id (a name that already
 * has one keeps it). */
static void
hash_clash(struct file_name *run, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (strchr(run[i].name, '~') == NULL)
			add_hash(run[i].name, strlen(run[i].name), run[i].id);
}

/* Still equal (equal ids, or equal hashes): ~2, ~3, ... after the first
 * in byte order of the ids. */
static void
count_clash(struct file_name *run, size_t len)
{
	size_t i;

	for (i = 1; i < len; i++)
		snprintf(run[i].name + strlen(run[i].name), 24, "~%zu", i + 1);
}

void
render_file_names(const char *const *ids, size_t n, const char *ext,
    char **names)
{
	struct file_name *f = xcalloc(n + 1, sizeof *f);
	size_t i, extlen = strlen(ext);

	for (i = 0; i < n; i++) {
		f[i].name = xmalloc(RENDER_NAME_SIZE + 24 + extlen);
		f[i].id = str(ids[i]);
		f[i].i = i;
		render_safe_name(f[i].id, f[i].name);
	}
	/*
	 * A name with '~' ends in 16 hex digits and one without has none,
	 * so neither clashes with the other; a "~k" name ends in neither.
	 * Two passes leave every name unique ignoring case.
	 */
	each_clash(f, n, hash_clash);
	each_clash(f, n, count_clash);
	for (i = 0; i < n; i++) {
		memcpy(f[i].name + strlen(f[i].name), ext, extlen + 1);
		names[f[i].i] = f[i].name;
	}
	free(f);
}

char
render_level_letter(const struct render_data *d, const struct render_cell *c)
{
	char letters[16];
	size_t i, j;

	if (c == NULL || c->level == NULL)
		return '.';
	if (c->rank < 0 || (size_t)c->rank >= d->nlevels)
		return '-';
	for (i = 0; i <= (size_t)c->rank && i < sizeof letters; i++) {
		const char *l = str(d->levels[i]);
		char ch = 0;

		while (*l && ch == 0) {
			if (*l >= 'a' && *l <= 'z')
				ch = (char)(*l - 'a' + 'A');
			else if (*l >= 'A' && *l <= 'Z')
				ch = *l;
			l++;
		}
		for (j = 0; j < i && ch; j++)
			if (letters[j] == ch)
				ch = 0;
		letters[i] = ch ? ch : (char)(i < 9 ? '1' + i : '#');
	}
	return (size_t)c->rank < sizeof letters ? letters[c->rank] : '#';
}

const struct render_cell *
render_cell_at(const struct render_data *d, size_t s, size_t o)
{
	if (d->cells == NULL || s >= d->nstudents || o >= d->nobjectives)
		return NULL;
	return &d->cells[s * d->nobjectives + o];
}

const char *
render_student_name(const struct render_data *d, size_t s)
{
	const struct render_student *st = &d->students[s];

	return empty(st->name) ? str(st->id) : st->name;
}

/* util_split_list's callback: 1 when item is the section sought. */
static int
is_section(const char *item, size_t len, void *arg)
{
	const char *want = arg;

	return strlen(want) == len && memcmp(want, item, len) == 0;
}

int
render_in_section(const struct render_student *s, const char *section)
{
	const char *cell = str(s->section);

	/* A student of several sections has them as a list ("A; B"). */
	return util_split_list(cell, strlen(cell), is_section,
	    (void *)section) != 0;
}

int
render_selected(const struct render_data *d, size_t i,
    const struct render_opts *o)
{
	const struct render_student *s = &d->students[i];

	if (o == NULL)
		return 1;
	if (!empty(o->student) && strcmp(o->student, str(s->id)) != 0)
		return 0;
	if (!empty(o->section) && !render_in_section(s, o->section))
		return 0;
	return 1;
}

int
render_objective_selected(const struct render_data *d, size_t o,
    const struct render_opts *opts)
{
	if (opts == NULL || empty(opts->course))
		return 1;
	return strcmp(opts->course, str(d->objectives[o].course)) == 0;
}

static int
course_selected(const char *course, const struct render_opts *o)
{
	return o == NULL || empty(o->course) || strcmp(o->course, str(course)) == 0;
}

static int
cmp_date(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

struct render_course *
render_courses(const struct render_data *d, size_t s,
    const struct render_opts *opts, size_t *n)
{
	struct render_course *c = NULL;
	size_t cap = 0, nc = 0, o, i, k;

	for (o = 0; o < d->nobjectives; o++) {
		const struct render_objective *ob = &d->objectives[o];
		const struct render_cell *cell = render_cell_at(d, s, o);

		if (!render_objective_selected(d, o, opts))
			continue;
		for (k = 0; k < nc; k++)
			if (strcmp(c[k].course, str(ob->course)) == 0)
				break;
		if (k == nc) {
			c = xgrow(c, &cap, nc + 1, sizeof *c);
			memset(&c[nc], 0, sizeof *c);
			c[nc].course = str(ob->course);
			c[nc].due = xmalloc(d->nobjectives * sizeof(int32_t));
			c[nc].done = xmalloc(d->nobjectives * sizeof(int32_t));
			nc++;
		}
		c[k].total++;
		if (ob->due != DATE_NONE)
			c[k].due[c[k].ndue++] = ob->due;
		if (cell && cell->level && cell->mastered) {
			c[k].mastered++;
			if (cell->mastered_on != DATE_NONE)
				c[k].done[c[k].ndone++] = cell->mastered_on;
		}
	}
	for (k = 0; k < nc; k++) {
		qsort(c[k].due, c[k].ndue, sizeof(int32_t), cmp_date);
		qsort(c[k].done, c[k].ndone, sizeof(int32_t), cmp_date);
		for (i = 0; i < d->npacing; i++)
			if (d->pacing[i].student == s &&
			    strcmp(str(d->pacing[i].course), c[k].course) == 0) {
				c[k].pacing = &d->pacing[i];
				break;
			}
	}
	*n = nc;
	return c;
}

void
render_courses_free(struct render_course *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].due);
		free(c[i].done);
	}
	free(c);
}

struct urgent {
	const struct render_pacing *p;
	const struct render_data *d;
};

/* The gap between the pace needed and the pace shown; larger is worse. */
static double
pace_gap(const struct render_pacing *p)
{
	double need = isnan(p->needed) ? 0 : p->needed;
	double vel = isnan(p->velocity) ? 0 : p->velocity;

	return need - vel;
}

static int
cmp_urgent(const void *a, const void *b)
{
	const struct urgent *x = a, *y = b;
	double dx = isnan(x->p->days_ahead) ? 0 : x->p->days_ahead;
	double dy = isnan(y->p->days_ahead) ? 0 : y->p->days_ahead;
	int c;

	if (x->p->status != y->p->status)
		return x->p->status > y->p->status ? -1 : 1;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	if (pace_gap(x->p) != pace_gap(y->p))
		return pace_gap(x->p) > pace_gap(y->p) ? -1 : 1;
	c = strcmp(str(x->d->students[x->p->student].id),
	    str(y->d->students[y->p->student].id));
	if (c != 0)
		return c;
	return strcmp(str(x->p->course), str(y->p->course));
}

const struct render_pacing **
render_urgent(const struct render_data *d, const struct render_opts *opts,
    int only_behind, size_t *n)
{
	struct urgent *u = xmalloc((d->npacing + 1) * sizeof *u);
	const struct render_pacing **out;
	size_t i, k = 0;

	for (i = 0; i < d->npacing; i++) {
		const struct render_pacing *p = &d->pacing[i];

		if (p->student >= d->nstudents || !render_selected(d, p->student, opts))
			continue;
		if (!course_selected(p->course, opts))
			continue;
		if (only_behind && p->status != RENDER_BEHIND &&
		    p->status != RENDER_INTERVENE)
			continue;
		u[k].p = p;
		u[k].d = d;
		k++;
	}
	qsort(u, k, sizeof *u, cmp_urgent);
	out = xmalloc((k + 1) * sizeof *out);
	for (i = 0; i < k; i++)
		out[i] = u[i].p;
	free(u);
	*n = k;
	return out;
}

/* Words for a count of school days. */
static void
days_words(char *buf, size_t size, double days)
{
	char n[NUM_BUFSIZE];

	num_format(fabs(days), n);
	snprintf(buf, size, "%s school day%s", n, fabs(days) == 1 ? "" : "s");
}

void
render_pace_text(const struct render_data *d, size_t s,
    const struct render_course *c, char *buf, size_t size)
{
	const struct render_pacing *p = c->pacing;
	const char *who = render_student_name(d, s);
	char a[NUM_BUFSIZE], b[NUM_BUFSIZE], days[64], date[16];
	size_t len, expected = 0, i;
	int started = 0;

	for (i = 0; i < d->nobjectives; i++) {
		const struct render_cell *cell = render_cell_at(d, s, i);

		if (cell && cell->level &&
		    strcmp(str(d->objectives[i].course), c->course) == 0)
			started = 1;
	}
	if (!started && c->mastered == 0) {
		snprintf(buf, size, "No work has been recorded yet for %s "
		    "in this course (%zu objectives).", who, c->total);
		return;
	}
	snprintf(buf, size, "%s has mastered %zu of %zu objectives.", who,
	    c->mastered, c->total);
	len = strlen(buf);
	if (p != NULL && p->status != RENDER_STATUS_NONE) {
		double days_ahead = isnan(p->days_ahead) ? 0 : p->days_ahead;

		days_words(days, sizeof days, days_ahead);
		numstr(p->expected, a);
		switch (p->status) {
		case RENDER_AHEAD:
			snprintf(buf + len, size - len, " That is %s ahead of "
			    "the pacing guide.", days);
			break;
		case RENDER_ON_TRACK:
			snprintf(buf + len, size - len, " That is on track "
			    "with the pacing guide.");
			break;
		default:
			snprintf(buf + len, size - len, " That is %s behind "
			    "the pacing guide, which expected %s by now.%s",
			    days, a[0] ? a : "more",
			    p->status == RENDER_INTERVENE ? " The teacher will "
			    "check in and plan extra support." : "");
			break;
		}
		len = strlen(buf);
		if (!isnan(p->velocity) && p->velocity > 0)
			snprintf(buf + len, size - len, " Recently: %s "
			    "objectives a week.", numstr(p->velocity, a));
		else if (!isnan(p->velocity))
			snprintf(buf + len, size - len, " No objective has "
			    "been mastered in the last three weeks.");
		len = strlen(buf);
		if (!isnan(p->needed) && p->needed > 0)
			snprintf(buf + len, size - len, " To finish on time: "
			    "%s a week.", numstr(p->needed, b));
		len = strlen(buf);
		if (p->projected != DATE_NONE)
			snprintf(buf + len, size - len, " At this pace the "
			    "course would be finished by %s.",
			    date_format(p->projected, date));
		return;
	}
	if (c->ndue > 0 && d->as_of != DATE_NONE) {
		for (i = 0; i < c->ndue; i++)
			if (c->due[i] <= d->as_of)
				expected++;
		snprintf(buf + len, size - len, " The pacing guide expected "
		    "%zu by %s.", expected, date_format(d->as_of, date));
	}
}

/* ---- text ---- */

static const char *const EIGHTHS[] = {
	"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89"
};
#define FULL_BLOCK "\xe2\x96\x88"
#define LIGHT_SHADE "\xe2\x96\x91"

/* A bar of width columns filled to frac (0..1) in eighths of a block. */
static void
text_bar(FILE *fp, double frac, size_t width)
{
	long eighths, full, i;

	if (isnan(frac) || frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	eighths = (long)num_round(frac * (double)width * 8, 0);
	full = eighths / 8;
	for (i = 0; i < full; i++)
		out_puts(FULL_BLOCK, fp);
	if (eighths % 8) {
		out_puts(EIGHTHS[eighths % 8], fp);
		i++;
	}
	for (; i < (long)width; i++)
		out_puts(LIGHT_SHADE, fp);
}

static size_t
text_width(const struct render_opts *o)
{
	return o && o->width > 20 ? (size_t)o->width : 80;
}

static void
text_heading(FILE *fp, const char *s, char under)
{
	size_t w = render_width(s);

	text_put(fp, s);
	out_putc('\n', fp);
	while (w-- > 0)
		out_putc(under, fp);
	out_putc('\n', fp);
}

/*
 * The scope line under a title: "As of DATE, section S, course C" with
 * put writing the names in the format's escaping, then end; nothing when
 * there is no date, section or course.
 */
static void
put_scope(FILE *fp, const struct render_data *d, const struct render_opts *o,
    void (*put)(FILE *, const char *), const char *end)
{
	char date[16];

	if (d->as_of != DATE_NONE)
		fprintf(fp, "As of %s", date_format(d->as_of, date));
	if (o && !empty(o->section)) {
		out_puts(", section ", fp);
		put(fp, o->section);
	}
	if (o && !empty(o->course)) {
		out_puts(", course ", fp);
		put(fp, o->course);
	}
	if (d->as_of != DATE_NONE || (o && (!empty(o->section) ||
	    !empty(o->course))))
		out_puts(end, fp);
}

static void
text_title(FILE *fp, const struct render_data *d, const char *def,
    const struct render_opts *o)
{
	char line[512];

	snprintf(line, sizeof line, "%s", empty(d->title) ? def : d->title);
	text_heading(fp, line, '=');
	put_scope(fp, d, o, text_put, ".\n");
	out_putc('\n', fp);
}

/* The widest display width among the names of the selected students,
 * bounded to lo..hi. */
static size_t
name_width(const struct render_data *d, const struct render_opts *o,
    size_t lo, size_t hi)
{
	size_t w = lo, i, x;

	for (i = 0; i < d->nstudents; i++)
		if (render_selected(d, i, o) &&
		    (x = render_width(render_student_name(d, i))) > w)
			w = x;
	return w > hi ? hi : w;
}

/* Pacing rows as an aligned table. */
static void
text_pacing_table(FILE *fp, const struct render_data *d,
    const struct render_pacing *const *rows, size_t n, size_t width)
{
	/* Course 8, Status 9, Days 5, Done 7, Exp 5, Pace 5, Need 5, Projected 10 */
	size_t fixed = 8 + 9 + 5 + 7 + 5 + 5 + 5 + 10 + 8, nw, i;
	char a[NUM_BUFSIZE], b[64], date[16];

	nw = width > fixed + 10 ? width - fixed - 1 : 10;
	if (nw > 24)
		nw = 24;
	render_text_fit(fp, "Student", nw, 0);
	out_puts(" Course   Status     Days    Done   Exp  Pace  Need Projected\n",
	    fp);
	for (i = 0; i < n; i++) {
		const struct render_pacing *p = rows[i];

		render_text_fit(fp, render_student_name(d, p->student), nw, 0);
		out_putc(' ', fp);
		render_text_fit(fp, p->course, 8, 0);
		out_putc(' ', fp);
		render_text_fit(fp, render_status_words(p->status), 9, 0);
		out_putc(' ', fp);
		if (!isnan(p->days_ahead) && p->days_ahead > 0)
			snprintf(b, sizeof b, "+%s", numstr(p->days_ahead, a));
		else
			snprintf(b, sizeof b, "%s", numstr(p->days_ahead, a));
		render_text_fit(fp, b, 5, 1);
		out_putc(' ', fp);
		snprintf(b, sizeof b, "%ld/%ld", p->mastered, p->total);
		render_text_fit(fp, b, 7, 1);
		out_putc(' ', fp);
		render_text_fit(fp, numstr(p->expected, a), 5, 1);
		out_putc(' ', fp);
		render_text_fit(fp, numstr(p->velocity, a), 5, 1);
		out_putc(' ', fp);
		render_text_fit(fp, numstr(p->needed, a), 5, 1);
		out_putc(' ', fp);
		out_puts(date_format(p->projected, date), fp);
		out_putc('\n', fp);
	}
}

static const char PACING_KEY[] =
    "Days: school days ahead (+) or behind (-) the pacing guide.  Done:\n"
    "mastered/total.  Exp: expected by now.  Pace: mastered a week lately.\n"
    "Need: a week to finish on time.\n";

static void
text_interventions(FILE *fp, const struct render_data *d,
    const struct render_opts *o, size_t width)
{
	const struct render_pacing **rows;
	size_t n;

	rows = render_urgent(d, o, 1, &n);
	if (d->npacing == 0)
		out_puts("No pacing table was given.\n", fp);
	else if (n == 0)
		out_puts("Nobody is behind the pacing guide.\n", fp);
	else
		text_pacing_table(fp, d, rows, n, width);
	free(rows);
}

/* The levels and their letters, for the key under a matrix. */
static void
level_key(FILE *fp, const struct render_data *d, int md)
{
	struct render_cell c;
	size_t r;

	memset(&c, 0, sizeof c);
	for (r = d->nlevels; r-- > 0;) {
		c.level = d->levels[r];
		c.rank = (int)r;
		fprintf(fp, "%c ", render_level_letter(d, &c));
		if (md)
			render_md_escape(fp, d->levels[r]);
		else
			text_put(fp, d->levels[r]);
		out_puts(", ", fp);
	}
	out_puts("- not yet, . no evidence", fp);
}

size_t
render_count_selected(const struct render_data *d, const struct render_opts *o,
    size_t *nobj)
{
	size_t i, n = 0;

	*nobj = 0;
	for (i = 0; i < d->nobjectives; i++)
		*nobj += render_objective_selected(d, i, o);
	for (i = 0; i < d->nstudents; i++)
		n += render_selected(d, i, o);
	return n;
}

/* Mastered and selected objectives of student s. */
size_t
render_mastered_count(const struct render_data *d, size_t s,
    const struct render_opts *o)
{
	size_t i, n = 0;
	const struct render_cell *c;

	for (i = 0; i < d->nobjectives; i++)
		if (render_objective_selected(d, i, o) &&
		    (c = render_cell_at(d, s, i)) && c->level && c->mastered)
			n++;
	return n;
}

static void
text_matrix(FILE *fp, const struct render_data *d,
    const struct render_opts *o, size_t width)
{
	size_t nobj, nstu = render_count_selected(d, o, &nobj);
	size_t nw = name_width(d, o, 7, 20), per, start, i, j, k, shown;
	size_t *cols = xmalloc((nobj + 1) * sizeof *cols);
	char b[64];

	for (i = 0, k = 0; i < d->nobjectives; i++)
		if (render_objective_selected(d, i, o))
			cols[k++] = i;
	/* name, then 3 columns per objective, then " 999/999 " and a bar of 10 */
	per = width > nw + 20 + 3 ? (width - nw - 20) / 3 : 1;
	if (nobj > per) {
		/* blocks of even size: 8 and 7 rather than 14 and 1 */
		size_t blocks = (nobj + per - 1) / per;

		per = (nobj + blocks - 1) / blocks;
	}
	for (start = 0; start < nobj || start == 0; start += per) {
		shown = nobj - start < per ? nobj - start : per;
		if (nobj > per)
			fprintf(fp, "Objectives %zu-%zu of %zu\n", start + 1,
			    start + shown, nobj);
		render_text_fit(fp, "Student", nw, 0);
		for (k = 0; k < shown; k++)
			fprintf(fp, "%3zu", start + k + 1);
		out_puts("  Mastered\n", fp);
		for (i = 0; i < d->nstudents; i++) {
			size_t m;

			if (!render_selected(d, i, o))
				continue;
			render_text_fit(fp, render_student_name(d, i), nw, 0);
			for (k = 0; k < shown; k++) {
				j = cols[start + k];
				fprintf(fp, "  %c", render_level_letter(d,
				    render_cell_at(d, i, j)));
			}
			m = render_mastered_count(d, i, o);
			snprintf(b, sizeof b, "%zu/%zu", m, nobj);
			out_puts("  ", fp);
			render_text_fit(fp, b, 7, 1);
			out_putc(' ', fp);
			text_bar(fp, nobj ? (double)m / (double)nobj : 0, 10);
			out_putc('\n', fp);
		}
		if (nobj == 0)
			break;
		if (start + per < nobj)
			out_putc('\n', fp);
	}
	if (nstu == 0)
		out_puts("No students.\n", fp);
	free(cols);
}

/* Counts of each level for objective o among the selected students:
 * counts[0..nlevels) by rank, counts[nlevels] not yet, counts[nlevels+1]
 * no evidence; returns the number mastered. */
size_t
render_level_counts(const struct render_data *d, size_t o,
    const struct render_opts *opts, size_t *counts)
{
	size_t i, m = 0;
	const struct render_cell *c;

	memset(counts, 0, (d->nlevels + 2) * sizeof *counts);
	for (i = 0; i < d->nstudents; i++) {
		if (!render_selected(d, i, opts))
			continue;
		c = render_cell_at(d, i, o);
		if (c == NULL || c->level == NULL)
			counts[d->nlevels + 1]++;
		else if (c->rank < 0 || (size_t)c->rank >= d->nlevels)
			counts[d->nlevels]++;
		else
			counts[c->rank]++;
		if (c && c->level && c->mastered)
			m++;
	}
	return m;
}

static void
text_objectives(FILE *fp, const struct render_data *d,
    const struct render_opts *o, size_t width)
{
	size_t nobj, nstu = render_count_selected(d, o, &nobj);
	size_t ncount = d->nlevels + 2, fixed, idw = 9, tw, i, k, r, num = 0;
	size_t *counts = xmalloc(ncount * sizeof *counts);
	struct render_cell c;
	char b[64];

	if (nobj == 0) {
		out_puts("No objectives.\n", fp);
		free(counts);
		return;
	}
	for (i = 0; i < d->nobjectives; i++)
		if (render_objective_selected(d, i, o) &&
		    render_width(d->objectives[i].id) > idw)
			idw = render_width(d->objectives[i].id);
	if (idw > 14)
		idw = 14;
	fixed = 4 + idw + 1 + 3 * ncount + 9;
	tw = width > fixed + 10 ? width - fixed - 1 : 10;
	out_puts("  # ", fp);
	render_text_fit(fp, "Objective", idw, 0);
	out_putc(' ', fp);
	render_text_fit(fp, "Title", tw, 0);
	memset(&c, 0, sizeof c);
	for (r = 0; r < d->nlevels; r++) {
		c.level = d->levels[r];
		c.rank = (int)r;
		fprintf(fp, "  %c", render_level_letter(d, &c));
	}
	out_puts("  -  .  Mastered\n", fp);
	for (i = 0; i < d->nobjectives; i++) {
		size_t m;

		if (!render_objective_selected(d, i, o))
			continue;
		m = render_level_counts(d, i, o, counts);
		fprintf(fp, "%3zu ", ++num);
		render_text_fit(fp, d->objectives[i].id, idw, 0);
		out_putc(' ', fp);
		render_text_fit(fp, d->objectives[i].title, tw, 0);
		for (k = 0; k < ncount; k++)
			fprintf(fp, "%3zu", counts[k]);
		snprintf(b, sizeof b, "%zu/%zu", m, nstu);
		out_putc(' ', fp);
		render_text_fit(fp, b, 9, 1);
		out_putc('\n', fp);
	}
	free(counts);
}

static void
text_class(FILE *fp, const struct render_data *d, const struct render_opts *o)
{
	size_t width = text_width(o);

	text_title(fp, d, "Class report", o);
	text_heading(fp, "Needs attention", '-');
	text_interventions(fp, d, o, width);
	out_putc('\n', fp);
	text_heading(fp, "Mastery", '-');
	level_key(fp, d, 0);
	out_puts(".\n\n", fp);
	text_matrix(fp, d, o, width);
	out_putc('\n', fp);
	text_heading(fp, "Objectives", '-');
	text_objectives(fp, d, o, width);
}

/* A family-facing description of a cell's level. */
const char *
render_level_words(const struct render_cell *c)
{
	if (c == NULL || c->level == NULL)
		return "not started";
	if (strcmp(c->level, "not_yet") == 0)
		return "not yet";
	return c->level;
}

void
render_item_text(const struct render_data *d, const struct render_item *it,
    char *buf, size_t size)
{
	char a[NUM_BUFSIZE], date[16];
	const char *obj = "", *otitle = "";
	size_t len;

	if (it->objective < d->nobjectives) {
		obj = str(d->objectives[it->objective].id);
		otitle = str(d->objectives[it->objective].title);
	}
	snprintf(buf, size, "%s", !empty(it->title) ? it->title :
	    !empty(otitle) ? otitle : obj);
	len = strlen(buf);
	if (!empty(otitle) && !empty(it->title))
		snprintf(buf + len, size - len, " (for %s)", otitle);
	else if (!empty(obj) && empty(otitle))
		snprintf(buf + len, size - len, " (%s)", obj);
	len = strlen(buf);
	if (!empty(it->kind))
		snprintf(buf + len, size - len, "; %s", it->kind);
	len = strlen(buf);
	if (!empty(it->modality))
		snprintf(buf + len, size - len, ", %s", it->modality);
	len = strlen(buf);
	if (!isnan(it->minutes))
		snprintf(buf + len, size - len, ", %s min",
		    numstr(it->minutes, a));
	len = strlen(buf);
	if (it->due != DATE_NONE)
		snprintf(buf + len, size - len, ", due %s",
		    date_format(it->due, date));
}

static int
cmp_item(const void *a, const void *b)
{
	const struct render_item *x = *(const struct render_item *const *)a;
	const struct render_item *y = *(const struct render_item *const *)b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x < y ? -1 : x > y;
}

const struct render_item **
render_student_items(const struct render_data *d, size_t s,
    const struct render_opts *o, size_t *n)
{
	const struct render_item **v = xmalloc((d->nplaylist + 1) * sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < d->nplaylist; i++) {
		const struct render_item *it = &d->playlist[i];

		if (it->student != s)
			continue;
		if (it->objective < d->nobjectives &&
		    !render_objective_selected(d, it->objective, o))
			continue;
		v[k++] = it;
	}
	qsort(v, k, sizeof *v, cmp_item);
	*n = k;
	return v;
}

static void
text_student(FILE *fp, const struct render_data *d, size_t s,
    const struct render_opts *o)
{
	const struct render_student *st = &d->students[s];
	size_t width = text_width(o), nc, k, i, n;
	struct render_course *c = render_courses(d, s, o, &nc);
	const struct render_item **items;
	char line[2048], date[16];

	snprintf(line, sizeof line, "Progress report: %s",
	    render_student_name(d, s));
	text_heading(fp, line, '=');
	out_puts("Student ", fp);
	text_put(fp, st->id);
	if (!empty(st->section)) {
		out_puts(", section ", fp);
		text_put(fp, st->section);
	}
	if (d->as_of != DATE_NONE)
		fprintf(fp, ", as of %s", date_format(d->as_of, date));
	out_puts(".\n\n", fp);
	if (nc == 0)
		out_puts("No objectives to report.\n\n", fp);
	for (k = 0; k < nc; k++) {
		size_t nw = width > 51 ? width - 41 : 10;

		snprintf(line, sizeof line, "Course %s: %zu of %zu mastered",
		    empty(c[k].course) ? "(none)" : c[k].course,
		    c[k].mastered, c[k].total);
		text_heading(fp, line, '-');
		out_puts("  ", fp);
		text_bar(fp, c[k].total ? (double)c[k].mastered /
		    (double)c[k].total : 0, 30);
		fprintf(fp, " %3ld%%\n", c[k].total ? (long)num_round(100.0 *
		    (double)c[k].mastered / (double)c[k].total, 0) : 0L);
		render_pace_text(d, s, &c[k], line, sizeof line);
		text_wrap(fp, line, 2, width, 1);
		out_putc('\n', fp);
		out_puts("  ", fp);
		render_text_fit(fp, "Objective", nw, 0);
		out_putc(' ', fp);
		render_text_fit(fp, "Level", 11, 0);
		out_putc(' ', fp);
		render_text_fit(fp, "Score", 15, 0);
		out_puts(" Mastered\n", fp);
		for (i = 0; i < d->nobjectives; i++) {
			const struct render_objective *ob = &d->objectives[i];
			const struct render_cell *cell = render_cell_at(d, s, i);
			char a[NUM_BUFSIZE];

			if (!render_objective_selected(d, i, o) ||
			    strcmp(str(ob->course), c[k].course) != 0)
				continue;
			snprintf(line, sizeof line, "%s%s%s", str(ob->id),
			    empty(ob->title) ? "" : " ", str(ob->title));
			out_puts("  ", fp);
			render_text_fit(fp, line, nw, 0);
			out_putc(' ', fp);
			render_text_fit(fp, render_level_words(cell), 11, 0);
			out_putc(' ', fp);
			text_bar(fp, cell && cell->level ? cell->score : 0, 8);
			out_putc(' ', fp);
			render_text_fit(fp, cell && cell->level ?
			    numstr(cell->score, a) : "", 6, 1);
			out_putc(' ', fp);
			out_puts(cell && cell->level && cell->mastered ?
			    date_format(cell->mastered_on, date) : "", fp);
			out_putc('\n', fp);
		}
		out_putc('\n', fp);
	}
	items = render_student_items(d, s, o, &n);
	text_heading(fp, "What is next", '-');
	if (n == 0)
		out_puts("Nothing is planned yet.\n", fp);
	for (i = 0; i < n; i++) {
		char num[32];

		snprintf(num, sizeof num, "%2zu. ", i + 1);
		out_puts(num, fp);
		render_item_text(d, items[i], line, sizeof line);
		text_wrap(fp, line, 4, width, 0);
		if (!empty(items[i]->reason)) {
			snprintf(line, sizeof line, "Why: %s", items[i]->reason);
			text_wrap(fp, line, 4, width, 1);
		}
	}
	free(items);
	render_courses_free(c, nc);
}

static void
text_pacing(FILE *fp, const struct render_data *d,
    const struct render_opts *o, int only_behind)
{
	const struct render_pacing **rows;
	size_t n;

	text_title(fp, d, only_behind ? "Interventions" : "Pacing", o);
	rows = render_urgent(d, o, only_behind, &n);
	if (n == 0)
		out_puts(d->npacing == 0 ? "No pacing table was given.\n" :
		    only_behind ? "Nobody is behind the pacing guide.\n" :
		    "No students.\n", fp);
	else {
		text_pacing_table(fp, d, rows, n, text_width(o));
		out_putc('\n', fp);
		out_puts(PACING_KEY, fp);
	}
	free(rows);
}

/* Group rows in display order. */
struct gsort {
	const struct render_member *m;
	const struct render_data *d;
};

static const char *
member_objective(const struct render_data *d, const struct render_member *m)
{
	return m->objective < d->nobjectives ?
	    str(d->objectives[m->objective].id) : "";
}

static int
cmp_member(const void *a, const void *b)
{
	const struct gsort *x = a, *y = b;
	int c;

	if ((c = strcmp(str(x->m->group), str(y->m->group))) != 0)
		return c;
	if ((c = strcmp(str(x->m->slot), str(y->m->slot))) != 0)
		return c;
	if ((c = strcmp(member_objective(x->d, x->m),
	    member_objective(y->d, y->m))) != 0)
		return c;
	if ((c = strcmp(str(x->m->teacher), str(y->m->teacher))) != 0)
		return c;
	if ((c = strcmp(render_student_name(x->d, x->m->student),
	    render_student_name(y->d, y->m->student))) != 0)
		return c;
	return strcmp(str(x->d->students[x->m->student].id),
	    str(y->d->students[y->m->student].id));
}

/* 1 when a and b belong under the same group heading. */
static int
same_group(const struct render_data *d, const struct render_member *a,
    const struct render_member *b)
{
	return strcmp(str(a->group), str(b->group)) == 0 &&
	    strcmp(str(a->slot), str(b->slot)) == 0 &&
	    strcmp(member_objective(d, a), member_objective(d, b)) == 0 &&
	    strcmp(str(a->teacher), str(b->teacher)) == 0;
}

const struct render_member **
render_group_rows(const struct render_data *d, const struct render_opts *o,
    size_t *n)
{
	struct gsort *g = xmalloc((d->ngroups + 1) * sizeof *g);
	const struct render_member **out;
	size_t i, k = 0;

	for (i = 0; i < d->ngroups; i++) {
		const struct render_member *m = &d->groups[i];

		if (m->student >= d->nstudents || !render_selected(d, m->student, o))
			continue;
		if (m->objective < d->nobjectives &&
		    !render_objective_selected(d, m->objective, o))
			continue;
		g[k].m = m;
		g[k].d = d;
		k++;
	}
	qsort(g, k, sizeof *g, cmp_member);
	out = xmalloc((k + 1) * sizeof *out);
	for (i = 0; i < k; i++)
		out[i] = g[i].m;
	free(g);
	*n = k;
	return out;
}

void
render_group_heading(const struct render_data *d,
    const struct render_member *m, size_t members, char *buf, size_t size)
{
	size_t len;

	snprintf(buf, size, "%s", empty(m->group) ? "(no group)" : m->group);
	len = strlen(buf);
	if (m->objective < d->nobjectives) {
		const struct render_objective *ob = &d->objectives[m->objective];

		snprintf(buf + len, size - len, ": %s%s%s", str(ob->id),
		    empty(ob->title) ? "" : " ", str(ob->title));
		len = strlen(buf);
	}
	if (!empty(m->slot)) {
		snprintf(buf + len, size - len, "; %s", m->slot);
		len = strlen(buf);
	}
	if (!empty(m->teacher)) {
		snprintf(buf + len, size - len, "; with %s", m->teacher);
		len = strlen(buf);
	}
	snprintf(buf + len, size - len, " (%zu student%s)", members,
	    members == 1 ? "" : "s");
}

/* The number of rows from rows[i] on under the same heading. */
size_t
render_group_span(const struct render_data *d, const struct render_member *const *rows,
    size_t i, size_t n)
{
	size_t j = i + 1;

	while (j < n && same_group(d, rows[i], rows[j]))
		j++;
	return j - i;
}

static void
text_groups(FILE *fp, const struct render_data *d, const struct render_opts *o)
{
	size_t n, i, j, span, width = text_width(o);
	const struct render_member **rows = render_group_rows(d, o, &n);
	size_t nw = name_width(d, o, 7, 24);
	char line[1024];

	text_title(fp, d, "Groups", o);
	if (n == 0)
		out_puts("No groups.\n", fp);
	for (i = 0; i < n; i += span) {
		span = render_group_span(d, rows, i, n);
		render_group_heading(d, rows[i], span, line, sizeof line);
		text_wrap(fp, line, 0, width, 0);
		for (j = i; j < i + span; j++) {
			out_puts("  ", fp);
			if (empty(rows[j]->reason)) {
				text_put(fp, render_student_name(d,
				    rows[j]->student));
				out_putc('\n', fp);
				continue;
			}
			render_text_fit(fp, render_student_name(d,
			    rows[j]->student), nw, 0);
			out_putc(' ', fp);
			text_wrap(fp, rows[j]->reason, nw + 3, width, 0);
		}
		out_putc('\n', fp);
	}
	free(rows);
}

/* ---- Markdown ---- */

static void
md_title(FILE *fp, const struct render_data *d, const char *def,
    const struct render_opts *o)
{
	out_puts("# ", fp);
	render_md_escape(fp, empty(d->title) ? def : d->title);
	out_puts("\n\n", fp);
	put_scope(fp, d, o, render_md_escape, ".\n\n");
}

static void
md_cell(FILE *fp, const char *s)
{
	out_puts(" ", fp);
	render_md_escape(fp, s);
	out_puts(" |", fp);
}

static void
md_numcell(FILE *fp, double v)
{
	char a[NUM_BUFSIZE];

	md_cell(fp, numstr(v, a));
}

static void
md_pacing_table(FILE *fp, const struct render_data *d,
    const struct render_pacing *const *rows, size_t n)
{
	size_t i;
	char b[64], date[16];

	out_puts("| Student | Section | Course | Status | Days ahead | Mastered "
	    "| Expected | Per week | Needed per week | Projected |\n"
	    "|---|---|---|---|--:|--:|--:|--:|--:|---|\n", fp);
	for (i = 0; i < n; i++) {
		const struct render_pacing *p = rows[i];

		out_puts("|", fp);
		md_cell(fp, render_student_name(d, p->student));
		md_cell(fp, d->students[p->student].section);
		md_cell(fp, p->course);
		md_cell(fp, render_status_words(p->status));
		md_numcell(fp, p->days_ahead);
		snprintf(b, sizeof b, "%ld/%ld", p->mastered, p->total);
		md_cell(fp, b);
		md_numcell(fp, p->expected);
		md_numcell(fp, p->velocity);
		md_numcell(fp, p->needed);
		md_cell(fp, date_format(p->projected, date));
		out_putc('\n', fp);
	}
}

static void
md_pacing(FILE *fp, const struct render_data *d, const struct render_opts *o,
    int only_behind, int heading)
{
	const struct render_pacing **rows;
	size_t n;

	if (heading)
		md_title(fp, d, only_behind ? "Interventions" : "Pacing", o);
	rows = render_urgent(d, o, only_behind, &n);
	if (n == 0)
		out_puts(d->npacing == 0 ? "No pacing table was given.\n" :
		    only_behind ? "Nobody is behind the pacing guide.\n" :
		    "No students.\n", fp);
	else
		md_pacing_table(fp, d, rows, n);
	free(rows);
}

static void
md_class(FILE *fp, const struct render_data *d, const struct render_opts *o)
{
	size_t nobj, nstu = render_count_selected(d, o, &nobj), i, j, k;
	size_t *counts = xmalloc((d->nlevels + 2) * sizeof *counts);
	char b[64];

	md_title(fp, d, "Class report", o);
	out_puts("## Needs attention\n\n", fp);
	md_pacing(fp, d, o, 1, 0);
	out_puts("\n## Mastery\n\n", fp);
	level_key(fp, d, 1);
	out_puts(".\n\n", fp);
	if (nstu == 0 || nobj == 0)
		out_puts(nstu == 0 ? "No students.\n" : "No objectives.\n", fp);
	else {
		out_puts("| Student | Section |", fp);
		for (j = 0; j < d->nobjectives; j++)
			if (render_objective_selected(d, j, o))
				md_cell(fp, d->objectives[j].id);
		out_puts(" Mastered |\n|---|---|", fp);
		for (j = 0; j < nobj; j++)
			out_puts(":-:|", fp);
		out_puts("--:|\n", fp);
		for (i = 0; i < d->nstudents; i++) {
			if (!render_selected(d, i, o))
				continue;
			out_puts("|", fp);
			md_cell(fp, render_student_name(d, i));
			md_cell(fp, d->students[i].section);
			for (j = 0; j < d->nobjectives; j++) {
				const struct render_cell *c;

				if (!render_objective_selected(d, j, o))
					continue;
				c = render_cell_at(d, i, j);
				snprintf(b, sizeof b, "%c",
				    render_level_letter(d, c));
				md_cell(fp, b);
			}
			snprintf(b, sizeof b, "%zu/%zu",
			    render_mastered_count(d, i, o), nobj);
			md_cell(fp, b);
			out_putc('\n', fp);
		}
	}
	out_puts("\n## Objectives\n\n", fp);
	if (nobj == 0)
		out_puts("No objectives.\n", fp);
	else {
		out_puts("| Objective | Title | Course |", fp);
		for (k = 0; k < d->nlevels; k++)
			md_cell(fp, d->levels[k]);
		out_puts(" not yet | no evidence | Mastered |\n|---|---|---|", fp);
		for (k = 0; k < d->nlevels + 3; k++)
			out_puts("--:|", fp);
		out_putc('\n', fp);
		for (j = 0; j < d->nobjectives; j++) {
			size_t m;

			if (!render_objective_selected(d, j, o))
				continue;
			m = render_level_counts(d, j, o, counts);
			out_puts("|", fp);
			md_cell(fp, d->objectives[j].id);
			md_cell(fp, d->objectives[j].title);
			md_cell(fp, d->objectives[j].course);
			for (k = 0; k < d->nlevels + 2; k++) {
				snprintf(b, sizeof b, "%zu", counts[k]);
				md_cell(fp, b);
			}
			snprintf(b, sizeof b, "%zu/%zu", m, nstu);
			md_cell(fp, b);
			out_putc('\n', fp);
		}
	}
	free(counts);
}

static void
md_student(FILE *fp, const struct render_data *d, size_t s,
    const struct render_opts *o)
{
	const struct render_student *st = &d->students[s];
	size_t nc, k, i, n;
	struct render_course *c = render_courses(d, s, o, &nc);
	const struct render_item **items;
	char line[2048], date[16];

	out_puts("# Progress report: ", fp);
	render_md_escape(fp, render_student_name(d, s));
	out_puts("\n\nStudent ", fp);
	render_md_escape(fp, st->id);
	if (!empty(st->section)) {
		out_puts(", section ", fp);
		render_md_escape(fp, st->section);
	}
	if (d->as_of != DATE_NONE)
		fprintf(fp, ", as of %s", date_format(d->as_of, date));
	out_puts(".\n\n", fp);
	if (nc == 0)
		out_puts("No objectives to report.\n\n", fp);
	for (k = 0; k < nc; k++) {
		out_puts("## Course ", fp);
		render_md_escape(fp, empty(c[k].course) ? "(none)" : c[k].course);
		fprintf(fp, ": %zu of %zu mastered\n\n", c[k].mastered,
		    c[k].total);
		render_pace_text(d, s, &c[k], line, sizeof line);
		render_md_escape(fp, line);
		out_puts("\n\n| Objective | Title | Level | Score | Mastered on |\n"
		    "|---|---|---|--:|---|\n", fp);
		for (i = 0; i < d->nobjectives; i++) {
			const struct render_objective *ob = &d->objectives[i];
			const struct render_cell *cell = render_cell_at(d, s, i);
			char a[NUM_BUFSIZE];

			if (!render_objective_selected(d, i, o) ||
			    strcmp(str(ob->course), c[k].course) != 0)
				continue;
			out_puts("|", fp);
			md_cell(fp, ob->id);
			md_cell(fp, ob->title);
			md_cell(fp, render_level_words(cell));
			md_cell(fp, cell && cell->level ? numstr(cell->score, a) : "");
			md_cell(fp, cell && cell->level && cell->mastered ?
			    date_format(cell->mastered_on, date) : "");
			out_putc('\n', fp);
		}
		out_putc('\n', fp);
	}
	items = render_student_items(d, s, o, &n);
	out_puts("## What is next\n\n", fp);
	if (n == 0)
		out_puts("Nothing is planned yet.\n", fp);
	for (i = 0; i < n; i++) {
		fprintf(fp, "%zu. ", i + 1);
		render_item_text(d, items[i], line, sizeof line);
		render_md_escape(fp, line);
		if (!empty(items[i]->reason)) {
			out_puts(" \xe2\x80\x94 why: ", fp);
			render_md_escape(fp, items[i]->reason);
		}
		out_putc('\n', fp);
	}
	free(items);
	render_courses_free(c, nc);
}

static void
md_groups(FILE *fp, const struct render_data *d, const struct render_opts *o)
{
	size_t n, i, j, span;
	const struct render_member **rows = render_group_rows(d, o, &n);
	char line[1024];

	md_title(fp, d, "Groups", o);
	if (n == 0)
		out_puts("No groups.\n", fp);
	for (i = 0; i < n; i += span) {
		span = render_group_span(d, rows, i, n);
		render_group_heading(d, rows[i], span, line, sizeof line);
		out_puts("## ", fp);
		render_md_escape(fp, line);
		out_puts("\n\n| Student | Section | Reason |\n|---|---|---|\n", fp);
		for (j = i; j < i + span; j++) {
			out_puts("|", fp);
			md_cell(fp, render_student_name(d, rows[j]->student));
			md_cell(fp, d->students[rows[j]->student].section);
			md_cell(fp, rows[j]->reason);
			out_putc('\n', fp);
		}
		out_putc('\n', fp);
	}
	free(rows);
}

/* ---- dispatch ---- */

static int
check_written(FILE *fp, struct pl_err *err)
{
	if (fflush(fp) != 0 || ferror(fp)) {
		pl_err_set(err, NULL, 0, PL_EXIT_DATA, "write error");
		return -1;
	}
	return 0;
}

static int
find_student(const struct render_data *d, const struct render_opts *o,
    struct pl_err *err)
{
	size_t i;

	if (o == NULL || empty(o->student))
		return 0;
	for (i = 0; i < d->nstudents; i++)
		if (strcmp(str(d->students[i].id), o->student) == 0)
			return 0;
	pl_err_set(err, NULL, 0, PL_EXIT_DATA, "no student \"%s\"", o->student);
	return -1;
}

/*
 * Text is drawn into memory first, then copied to fp without the blanks
 * that padding leaves at the ends of lines.
 */
static FILE *
text_begin(char **buf, size_t *len)
{
	FILE *m = open_memstream(buf, len);

	if (m == NULL) {
		fprintf(stderr, "pl: out of memory\n");
		exit(PL_EXIT_DATA);
	}
	return m;
}

static void
text_end(FILE *m, char **bufp, size_t *len, FILE *fp)
{
	size_t i, start = 0, end;
	char *buf;

	fclose(m);
	buf = *bufp;
	for (i = 0; i <= *len; i++) {
		if (i < *len && buf[i] != '\n')
			continue;
		end = i;
		while (end > start && buf[end - 1] == ' ')
			end--;
		out_write(buf + start, 1, end - start, fp);
		if (i < *len)
			out_putc('\n', fp);
		start = i + 1;
	}
	free(buf);
}

int
render_student_page(FILE *fp, const struct render_data *d, size_t student,
    enum render_format f, const struct render_opts *o, struct pl_err *err)
{
	if (f == RENDER_HTML)
		html_student_page(fp, d, student, o);
	else if (f == RENDER_MD)
		md_student(fp, d, student, o);
	else {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = text_begin(&buf, &len);

		text_student(m, d, student, o);
		text_end(m, &buf, &len, fp);
	}
	return check_written(fp, err);
}

int
render_report(FILE *fp, const struct render_data *d, enum render_kind k,
    enum render_format f, const struct render_opts *o, struct pl_err *err)
{
	size_t i, len = 0;
	int first = 1;
	FILE *out = fp;
	char *buf = NULL;

	if (find_student(d, o, err) != 0)
		return -1;
	if (f == RENDER_HTML) {
		html_report(fp, d, k, o);
		return check_written(fp, err);
	}
	if (f == RENDER_TEXT)
		fp = text_begin(&buf, &len);
	switch (k) {
	case RENDER_CLASS:
		(f == RENDER_MD ? md_class : text_class)(fp, d, o);
		break;
	case RENDER_STUDENT:
		for (i = 0; i < d->nstudents; i++) {
			if (!render_selected(d, i, o))
				continue;
			if (!first)
				out_puts(f == RENDER_MD ? "\n---\n\n" : "\n\f\n", fp);
			first = 0;
			(f == RENDER_MD ? md_student : text_student)(fp, d, i, o);
		}
		if (first)
			out_puts("No students.\n", fp);
		break;
	case RENDER_PACING:
	case RENDER_INTERVENTIONS:
		if (f == RENDER_MD)
			md_pacing(fp, d, o, k == RENDER_INTERVENTIONS, 1);
		else
			text_pacing(fp, d, o, k == RENDER_INTERVENTIONS);
		break;
	case RENDER_GROUPS:
		(f == RENDER_MD ? md_groups : text_groups)(fp, d, o);
		break;
	}
	if (f == RENDER_TEXT)
		text_end(fp, &buf, &len, out);
	return check_written(out, err);
}

/* ---- rows for CSV/TSV ---- */

/* A row under construction: cells point into bufs or at borrowed text. */
struct row {
	const char **cells;
	char (*bufs)[NUM_BUFSIZE];
	size_t n, cap;
};

static void
row_add(struct row *r, const char *s)
{
	r->cells[r->n++] = str(s);
}

static char *
row_buf(struct row *r)
{
	return r->bufs[r->n];
}

static void
row_num(struct row *r, double v)
{
	row_add(r, rawstr(v, row_buf(r)));
}

static void
row_date(struct row *r, int32_t day)
{
	row_add(r, date_format(day, row_buf(r)));
}

static void
row_count(struct row *r, long v)
{
	snprintf(row_buf(r), NUM_BUFSIZE, "%ld", v);
	row_add(r, r->bufs[r->n]);
}

static int
pacing_rows(const struct render_data *d, const struct render_opts *o,
    int only_behind, struct row *r, render_row_fn fn, void *arg)
{
	static const char *const head[] = {
		"student_id", "name", "section", "course_id", "status",
		"days_ahead", "mastered", "total", "expected",
		"velocity_per_week", "needed_per_week", "projected_date",
		"target_date"
	};
	const struct render_pacing **rows;
	size_t n, i;
	int rc;

	if ((rc = fn(head, 13, arg)) != 0)
		return rc;
	rows = render_urgent(d, o, only_behind, &n);
	for (i = 0; i < n && rc == 0; i++) {
		const struct render_pacing *p = rows[i];
		const struct render_student *st = &d->students[p->student];

		r->n = 0;
		row_add(r, st->id);
		row_add(r, st->name);
		row_add(r, st->section);
		row_add(r, p->course);
		row_add(r, render_status_name(p->status));
		row_num(r, p->days_ahead);
		row_count(r, p->mastered);
		row_count(r, p->total);
		row_num(r, p->expected);
		row_num(r, p->velocity);
		row_num(r, p->needed);
		row_date(r, p->projected);
		row_date(r, p->target);
		rc = fn(r->cells, r->n, arg);
	}
	free(rows);
	return rc;
}

static int
class_rows(const struct render_data *d, const struct render_opts *o,
    struct row *r, render_row_fn fn, void *arg)
{
	size_t nobj, i, j;
	int rc;

	render_count_selected(d, o, &nobj);
	r->n = 0;
	row_add(r, "student_id");
	row_add(r, "name");
	row_add(r, "section");
	row_add(r, "mastered");
	row_add(r, "total");
	for (j = 0; j < d->nobjectives; j++)
		if (render_objective_selected(d, j, o))
			row_add(r, d->objectives[j].id);
	if ((rc = fn(r->cells, r->n, arg)) != 0)
		return rc;
	for (i = 0; i < d->nstudents && rc == 0; i++) {
		if (!render_selected(d, i, o))
			continue;
		r->n = 0;
		row_add(r, d->students[i].id);
		row_add(r, d->students[i].name);
		row_add(r, d->students[i].section);
		row_count(r, (long)render_mastered_count(d, i, o));
		row_count(r, (long)nobj);
		for (j = 0; j < d->nobjectives; j++) {
			const struct render_cell *c;

			if (!render_objective_selected(d, j, o))
				continue;
			c = render_cell_at(d, i, j);
			row_add(r, c && c->level ? c->level : "");
		}
		rc = fn(r->cells, r->n, arg);
	}
	return rc;
}

static int
student_rows(const struct render_data *d, const struct render_opts *o,
    struct row *r, render_row_fn fn, void *arg)
{
	static const char *const head[] = {
		"student_id", "name", "section", "course_id", "objective_id",
		"title", "due_date", "level", "score", "mastered",
		"mastered_on"
	};
	size_t i, j;
	int rc;

	if ((rc = fn(head, 11, arg)) != 0)
		return rc;
	for (i = 0; i < d->nstudents && rc == 0; i++) {
		if (!render_selected(d, i, o))
			continue;
		for (j = 0; j < d->nobjectives && rc == 0; j++) {
			const struct render_objective *ob = &d->objectives[j];
			const struct render_cell *c = render_cell_at(d, i, j);
			int has = c && c->level;

			if (!render_objective_selected(d, j, o))
				continue;
			r->n = 0;
			row_add(r, d->students[i].id);
			row_add(r, d->students[i].name);
			row_add(r, d->students[i].section);
			row_add(r, ob->course);
			row_add(r, ob->id);
			row_add(r, ob->title);
			row_date(r, ob->due);
			row_add(r, has ? c->level : "");
			row_num(r, has ? c->score : NAN);
			row_add(r, has && c->mastered ? "yes" : "no");
			row_date(r, has && c->mastered ? c->mastered_on :
			    DATE_NONE);
			rc = fn(r->cells, r->n, arg);
		}
	}
	return rc;
}

static int
group_rows(const struct render_data *d, const struct render_opts *o,
    struct row *r, render_row_fn fn, void *arg)
{
	static const char *const head[] = {
		"group_id", "slot", "teacher", "objective_id", "title",
		"student_id", "name", "section", "reason"
	};
	size_t n, i;
	const struct render_member **rows;
	int rc;

	if ((rc = fn(head, 9, arg)) != 0)
		return rc;
	rows = render_group_rows(d, o, &n);
	for (i = 0; i < n && rc == 0; i++) {
		const struct render_member *m = rows[i];
		const struct render_student *st = &d->students[m->student];
		int has = m->objective < d->nobjectives;

		r->n = 0;
		row_add(r, m->group);
		row_add(r, m->slot);
		row_add(r, m->teacher);
		row_add(r, has ? d->objectives[m->objective].id : "");
		row_add(r, has ? d->objectives[m->objective].title : "");
		row_add(r, st->id);
		row_add(r, st->name);
		row_add(r, st->section);
		row_add(r, m->reason);
		rc = fn(r->cells, r->n, arg);
	}
	free(rows);
	return rc;
}

int
render_rows(const struct render_data *d, enum render_kind k,
    const struct render_opts *o, render_row_fn fn, void *arg)
{
	struct row r;
	int rc = 0;

	r.cap = d->nobjectives + 16;
	r.cells = xmalloc(r.cap * sizeof *r.cells);
	r.bufs = xmalloc(r.cap * sizeof *r.bufs);
	r.n = 0;
	switch (k) {
	case RENDER_CLASS:
		rc = class_rows(d, o, &r, fn, arg);
		break;
	case RENDER_STUDENT:
		rc = student_rows(d, o, &r, fn, arg);
		break;
	case RENDER_PACING:
	case RENDER_INTERVENTIONS:
		rc = pacing_rows(d, o, k == RENDER_INTERVENTIONS, &r, fn, arg);
		break;
	case RENDER_GROUPS:
		rc = group_rows(d, o, &r, fn, arg);
		break;
	}
	free(r.cells);
	free(r.bufs);
	return rc;
}
