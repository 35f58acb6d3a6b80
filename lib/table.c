/*
 * table.c - the table reader (CSV on libcsv, TSV by a line scanner) and the
 * table writer.  The reader streams: it reads the input in 64 KiB chunks and
 * keeps only the records of the current chunk, so memory does not grow with
 * the input.  Physical line numbers are counted here, since libcsv does not.
 *
 * A CSV line with no quote, CR or NUL byte means the same to every CSV
 * reader: its fields are the text between delimiters.  While libcsv stands
 * between records, such a line is split where it lies in the chunk, its
 * delimiters overwritten by NULs, and handed out without a copy; any other
 * line goes to libcsv, which is fed line by line until it stands between
 * records again.
 */
#include "table.h"
#include "date.h"
#include "num.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define CHUNK_SIZE (64u * 1024u)

struct field {
	size_t off, len;
};

struct record {
	size_t first, nfields;
	long line;
	int has_nul;
};

struct table {
	FILE *fp;
	char name[256];
	char delim;
	int tsv;
	size_t max_field;
	int eof, failed;
	long long nread;	/* bytes read from fp */
	long long remain;	/* bytes a slice may still read; -1: no bound */
	int clean_end;		/* a slice ended between records */

	char *chunk;		/* raw input not yet consumed (TSV) or parsed */
	size_t chunk_len, chunk_pos, chunk_cap;
	int fast_ok;		/* libcsv stands between records */
	/* table_peek's last scan: the 64 bytes from chunk win_pos, a bit each
	 * for delimiters, LFs and bytes no plain line holds; good (win_ok)
	 * while nothing but table_peek and table_take moves through the
	 * chunk, so a short line's scan serves the next lines too. */
	size_t win_pos;
	uint64_t win_d, win_n, win_bad;
	int win_ok;
	unsigned char special[256];	/* bytes a fast line cannot hold */
	struct line_field {
		const char *s;
		size_t len;
	} *lf;			/* the fields of a fast line */
	size_t lf_cap;
	int cur_fast;		/* the current record is a fast line */

	struct csv_parser csv;
	int csv_ready;

	char *data;		/* field bytes, each NUL-terminated */
	size_t data_len, data_cap;
	struct field *fields;
	size_t nfields, fields_cap;
	struct record *recs;
	size_t nrecs, recs_cap, rec_pos;
	size_t pending_first;	/* first field of the record being built */
	long pending_line;
	int pending_nul;
	long error_line;	/* the record csv_error was set for */
	long lines;		/* newlines consumed so far */
	int after_cr;		/* the last terminator was a CR */
	char csv_error[128];	/* set by callbacks */

	struct record cur;
	unsigned long records;
	char **header;
	size_t ncols;
	size_t head0_len;	/* strlen(header[0]), when ncols > 0 */
	char problem[160];
	const char *problem_kind;
	char **texts;		/* table_text's copies for the current record */
	size_t ntexts, texts_cap;
};

/* The bound on libcsv's field buffer, checked by its realloc function. */
/* Called every 65536 records of a main reader (a progress line). */
static void (*progress_hook)(unsigned long records);

static _Thread_local size_t csv_limit = TABLE_MAX_FIELD;
static _Thread_local int csv_too_big;

static void *
bounded_realloc(void *p, size_t n)
{
	if (n > csv_limit + 256) {
		csv_too_big = 1;
		return NULL;
	}
	return realloc(p, n);
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

const char *
table_name(const struct table *t)
{
	return t->name;
}

char
table_delim(const struct table *t)
{
	return t->delim;
}

size_t
table_ncols(const struct table *t)
{
	return t->ncols;
}

const char *
table_colname(const struct table *t, size_t i)
{
	return i < t->ncols ? t->header[i] : "";
}

long
table_line(const struct table *t)
{
	return t->cur.line;
}

unsigned long
table_records(const struct table *t)
{
	return t->records;
}

size_t
table_nfields(const struct table *t)
{
	return t->cur.nfields;
}

const char *
table_field(const struct table *t, size_t i, size_t *len)
{
	const struct field *f;

	if (i >= t->cur.nfields) {
		if (len)
			*len = 0;
		return "";
	}
	if (t->cur_fast) {
		if (len)
			*len = t->lf[i].len;
		return t->lf[i].s;
	}
	f = &t->fields[t->cur.first + i];
	if (len)
		*len = f->len;
	return t->data + f->off;
}

int
table_formula_text(const char *s, size_t n, char *out, size_t *outlen)
{
	size_t i, len = 0;

	if (n < 3 || s[0] != '=' || s[1] != '"' || s[n - 1] != '"')
		return 0;
	for (i = 2; i < n - 1; i++) {
		if (s[i] == '"' && (i + 1 >= n - 1 || s[++i] != '"'))
			return 0;	/* a lone quote: an expression */
		if (out != NULL)
			out[len] = s[i];
		len++;
	}
	*outlen = len;
	return 1;
}

/* Frees table_text's copies of the record that was current. */
static void
drop_texts(struct table *t)
{
	while (t->ntexts > 0)
		free(t->texts[--t->ntexts]);
}

int
table_decimal_comma(const struct table *t, int forced)
{
	return forced || table_delim(t) == ';';
}

char *
table_unwrap_text(char *s, size_t *len)
{
	size_t n;

	s = (char *)util_trim(s, len);
	/* A string that is itself a text formula is unwrapped in turn, so
	 * that what pl-import writes reads back the same.  Each turn
	 * shortens it: it ends. */
	while (table_formula_text(s, *len, NULL, &n)) {
		table_formula_text(s, *len, s, &n);
		*len = n;
		s = (char *)util_trim(s, len);
	}
	return s;
}

const char *
table_text(struct table *t, size_t i, size_t *len)
{
	const char *s = table_field(t, i, len);
	size_t n;
	char *copy, *p;

	s = util_trim(s, len);
	if (!table_formula_text(s, *len, NULL, &n))
		return s;
	if (n == *len - 3) {
		/* No doubled quote: the string lies in the field, and holds
		 * no quote, so it is no formula. */
		*len = n;
		return util_trim(s + 2, len);
	}
	copy = xmalloc(*len);
	memcpy(copy, s, *len);
	p = table_unwrap_text(copy, len);
	t->texts = xgrow(t->texts, &t->texts_cap, t->ntexts + 1,
	    sizeof *t->texts);
	t->texts[t->ntexts++] = copy;
	return p;
}

/* Appends one field to the record being built. */
static void
add_field(struct table *t, const char *s, size_t n)
{
	if (t->nfields == t->pending_first) {
		t->pending_line = t->lines + 1;
		t->pending_nul = 0;
	}
	t->after_cr = 0;
	/* libcsv goes on to the end of what it was fed (other records, in a
	 * file with CR line ends): the first error keeps its record's line. */
	if (t->nfields - t->pending_first >= TABLE_MAX_FIELDS) {
		if (t->csv_error[0] == '\0') {
			snprintf(t->csv_error, sizeof t->csv_error,
			    "record has more than %u fields", TABLE_MAX_FIELDS);
			t->error_line = t->pending_line;
		}
		return;
	}
	if (n > t->max_field) {
		if (t->csv_error[0] == '\0') {
			snprintf(t->csv_error, sizeof t->csv_error,
			    "field longer than the limit of %zu bytes",
			    t->max_field);
			t->error_line = t->pending_line;
		}
		return;
	}
	t->data = xgrow(t->data, &t->data_cap, t->data_len + n + 1, 1);
	t->fields = xgrow(t->fields, &t->fields_cap, t->nfields + 1,
	    sizeof *t->fields);
	if (n)
		memcpy(t->data + t->data_len, s, n);
	t->data[t->data_len + n] = '\0';
	t->fields[t->nfields].off = t->data_len;
	t->fields[t->nfields].len = n;
	t->nfields++;
	t->data_len += n + 1;
	if (n && memchr(s, '\0', n) != NULL)
		t->pending_nul = 1;
	if (n && !t->tsv) {
		const char *p = s, *end = s + n;

		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			t->lines++;
			p++;
		}
	}
}

/* Ends the record being built, if it has any field. */
static void
end_record(struct table *t)
{
	struct record *r;

	if (t->nfields == t->pending_first)
		return;
	t->recs = xgrow(t->recs, &t->recs_cap, t->nrecs + 1, sizeof *t->recs);
	r = &t->recs[t->nrecs++];
	r->first = t->pending_first;
	r->nfields = t->nfields - t->pending_first;
	r->line = t->pending_line;
	r->has_nul = t->pending_nul;
	t->pending_first = t->nfields;
}

static void
csv_cb_field(void *s, size_t n, void *arg)
{
	add_field(arg, s ? s : "", s ? n : 0);
}

static void
csv_cb_row(int c, void *arg)
{
	struct table *t = arg;
	int had_fields = t->nfields != t->pending_first;

	end_record(t);
	if (c == '\r') {
		t->lines++;
		t->after_cr = 1;
	} else if (c == '\n') {
		if (!(t->after_cr && !had_fields))
			t->lines++;
		t->after_cr = 0;
	}
}

/*
 * Drops the records already handed out, keeping the fields of a record not
 * yet complete at the front of the buffers.
 */
static void
compact(struct table *t)
{
	size_t keep = t->nfields - t->pending_first, i, base, bytes;

	if (keep == 0) {
		t->data_len = 0;
	} else {
		base = t->fields[t->pending_first].off;
		bytes = t->data_len - base;
		memmove(t->data, t->data + base, bytes);
		for (i = 0; i < keep; i++) {
			t->fields[i] = t->fields[t->pending_first + i];
			t->fields[i].off -= base;
		}
		t->data_len = bytes;
	}
	t->nfields = keep;
	t->pending_first = 0;
	t->nrecs = 0;
	t->rec_pos = 0;
}

/* Reads more input into the chunk buffer; returns bytes read, 0 at EOF. */
static size_t
fill(struct table *t, struct pl_err *err)
{
	size_t n, want;

	t->win_ok = 0;
	if (t->chunk_pos > 0) {
		memmove(t->chunk, t->chunk + t->chunk_pos,
		    t->chunk_len - t->chunk_pos);
		t->chunk_len -= t->chunk_pos;
		t->chunk_pos = 0;
	}
	if (t->eof)
		return 0;
	if (t->chunk_cap < t->chunk_len + CHUNK_SIZE + 1) {
		t->chunk_cap = t->chunk_len + CHUNK_SIZE + 1;
		t->chunk = xrealloc(t->chunk, t->chunk_cap);
	}
	want = CHUNK_SIZE;
	if (t->remain >= 0 && (long long)want > t->remain)
		want = (size_t)t->remain;
	n = want ? fread(t->chunk + t->chunk_len, 1, want, t->fp) : 0;
	t->nread += (long long)n;
	if (t->remain >= 0)
		t->remain -= (long long)n;
	if (n < want || t->remain == 0) {
		if (n < want && ferror(t->fp)) {
			pl_err_set(err, t->name, 0, PL_EXIT_DATA, "read error: %s",
			    strerror(errno));
			t->failed = 1;
			return 0;
		}
		t->eof = 1;
	}
	t->chunk_len += n;
	return n;
}

/*
 * The line where the record libcsv is reading starts: the line of its first
 * field when one is complete, else the line after the last one consumed.
 * (pending_line alone is stale until the record's first field ends: it
 * still names the record before, which a field too long or a quote left
 * open at the end of input would then be blamed on.)
 */
static long
open_record_line(const struct table *t)
{
	return t->nfields != t->pending_first ? t->pending_line :
	    t->lines + 1;
}

/* Sets err for the first error a callback left, with its record's line;
 * else for libcsv's own (a field too long for its buffer), which stops it
 * in the record it is reading. */
static int
csv_fail(struct table *t, struct pl_err *err)
{
	long line = t->csv_error[0] ? t->error_line : open_record_line(t);

	if (csv_too_big && t->csv_error[0] == '\0')
		snprintf(t->csv_error, sizeof t->csv_error,
		    "field longer than the limit of %zu bytes", t->max_field);
	if (t->csv_error[0] == '\0')
		snprintf(t->csv_error, sizeof t->csv_error, "%s",
		    csv_strerror(csv_error(&t->csv)));
	pl_err_set(err, t->name, line, PL_EXIT_DATA, "%s", t->csv_error);
	t->failed = 1;
	return -1;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR 1
#define ONES 0x0101010101010101ULL
#define LOW7 0x7f7f7f7f7f7f7f7fULL

/* The high bit of each byte of x that equals the byte in c (repeated). */
static uint64_t
bytes_eq(uint64_t x, uint64_t c)
{
	uint64_t y = x ^ c;

	return ~(((y & LOW7) + LOW7) | y | LOW7);
}
#endif

/* Ends field nf of a plain line at s + i. */
static int
plain_field(struct table *t, char *s, size_t start, size_t i, size_t nf)
{
	if (i - start > t->max_field || nf == TABLE_MAX_FIELDS)
		return -1;
	if (nf == t->lf_cap)
		t->lf = xgrow(t->lf, &t->lf_cap, nf + 1, sizeof *t->lf);
	t->lf[nf].s = s + start;
	t->lf[nf].len = i - start;
	return 0;
}

/*
 * Byte s[at] of a line, one a scan found special: a delimiter ends field
 * *nf (returns 0), an LF ends the line too (1); any other byte, or a field
 * over the bounds, makes the line not plain (-1).
 */
static inline int
plain_at(struct table *t, char *s, size_t at, size_t *start, size_t *nf)
{
	char c = s[at];

	if (c != t->delim && c != '\n')
		return -1;
	if (plain_field(t, s, *start, at, *nf) != 0)
		return -1;
	(*nf)++;
	*start = at + 1;
	return c == '\n';
}

/* Makes the nf fields in t->lf the current record, each NUL-ended. */
static void
lf_current(struct table *t, size_t nf)
{
	size_t k;

	for (k = 0; k < nf; k++)
		((char *)t->lf[k].s)[t->lf[k].len] = '\0';
	t->cur.first = 0;
	t->cur.nfields = nf;
	t->cur.line = t->lines + 1;
	t->cur.has_nul = 0;
	t->pending_line = t->lines + 1;
}

/*
 * Splits the line s[0..n) (its LF excluded) in place when it is plain.
 * Returns 1 with the record current, 0 for a blank line, -1 when the line
 * must go to libcsv.
 */
static int
fast_line(struct table *t, char *s, size_t n)
{
	size_t i, start = 0, nf = 0;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n == 0)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && !t->special[(unsigned char)s[i]])
			continue;
		if (i < n && s[i] != t->delim)
			return -1;
		if (plain_field(t, s, start, i, nf) != 0)
			return -1;
		nf++;
		start = i + 1;
	}
	lf_current(t, nf);
	return 1;
}

/*
 * The common line, split in one pass, eight bytes at a time where it can:
 * LF-ended, no quote (in TSV, no backslash), CR or NUL in it (fast_line
 * and libcsv, or tsv_line, take the others).  Looks at most at
 * s[0..avail); returns the bytes of the line
 * with its LF, with the record current (or *blank set for an empty line),
 * or 0 when the line is not of that kind.
 */
static size_t
plain_line(struct table *t, char *s, size_t avail, int *blank)
{
	size_t i = 0, start = 0, nf = 0;
	char d = t->delim, q = t->tsv ? '\\' : '"';

#ifdef __SSE2__
	{
		const __m128i vd = _mm_set1_epi8(d), vq = _mm_set1_epi8(q);
		const __m128i vn = _mm_set1_epi8('\n');
		const __m128i vr = _mm_set1_epi8('\r');
		const __m128i vz = _mm_setzero_si128();

		for (; i + 16 <= avail; i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			    _mm_or_si128(_mm_cmpeq_epi8(x, vd),
			    _mm_cmpeq_epi8(x, vn)), _mm_or_si128(
			    _mm_or_si128(_mm_cmpeq_epi8(x, vq),
			    _mm_cmpeq_epi8(x, vr)), _mm_cmpeq_epi8(x, vz))));

			for (; m != 0; m &= m - 1) {
				int r = plain_at(t, s, i + (size_t)__builtin_ctz(m),
				    &start, &nf);

				if (r < 0)
					return 0;
				if (r > 0)
					goto end;
			}
		}
	}
#endif
#ifdef SWAR
	uint64_t cd = ONES * (unsigned char)d, cq = ONES * (unsigned char)q;

	for (; i + 8 <= avail; i += 8) {
		uint64_t x, m;

		memcpy(&x, s + i, 8);
		m = bytes_eq(x, cd) | bytes_eq(x, ONES * '\n') |
		    bytes_eq(x, cq) | bytes_eq(x, ONES * '\r') |
		    bytes_eq(x, 0);
		for (; m != 0; m &= m - 1) {
			int r = plain_at(t, s, i + (size_t)(__builtin_ctzll(m) >>
			    3), &start, &nf);

			if (r < 0)
				return 0;
			if (r > 0)
				goto end;
		}
	}
#endif
	for (; i < avail; i++) {
		char c = s[i];
		int r;

		if (c != d && c != '\n') {
			if (c == q || c == '\r' || c == '\0')
				return 0;
			continue;
		}
		if ((r = plain_at(t, s, i, &start, &nf)) < 0)
			return 0;
		if (r > 0)
			goto end;
	}
	return 0;
end:
	if (nf == 1 && t->lf[0].len == 0) {
		*blank = 1;
		return start;
	}
	*blank = 0;
	lf_current(t, nf);
	return start;
}

/* One more record read, and every 65536 the progress line.  Slices
 * (remain >= 0) belong to worker threads: only the main reader reports
 * progress. */
static void
count_record(struct table *t)
{
	t->records++;
	if (progress_hook != NULL && (t->records & 0xFFFF) == 0 &&
	    t->remain < 0)
		progress_hook(t->records);
}

/* The lowest set bit of x (not 0). */
static inline unsigned
ctz64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
	return (unsigned)__builtin_ctzll(x);
#else
	unsigned n = 0;

	while (!(x & 1)) {
		x >>= 1;
		n++;
	}
	return n;
#endif
}

/*
 * table_peek's scan: the positions of the delimiters, LFs and bytes no
 * plain line holds (quote, CR, NUL) among the 64 bytes at s, a bit each.
 */
#ifdef __SSE2__
static inline uint64_t
mask16(__m128i x, __m128i c)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, c));
}

static inline void
scan64(const char *s, char d, char q, uint64_t *md, uint64_t *mn,
    uint64_t *mbad)
{
	const __m128i vd = _mm_set1_epi8(d), vq = _mm_set1_epi8(q);
	const __m128i vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r');
	const __m128i vz = _mm_setzero_si128();
	int k;

	*md = *mn = *mbad = 0;
	for (k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + 16 * k));

		*md |= mask16(x, vd) << (16 * k);
		*mn |= mask16(x, vn) << (16 * k);
		*mbad |= (mask16(x, vq) | mask16(x, vr) | mask16(x, vz)) <<
		    (16 * k);
	}
}
#else
static inline void
scan64(const char *s, char d, char q, uint64_t *md, uint64_t *mn,
    uint64_t *mbad)
{
	int k;

	*md = *mn = *mbad = 0;
	for (k = 0; k < 64; k++) {
		char c = s[k];

		*md |= (uint64_t)(c == d) << k;
		*mn |= (uint64_t)(c == '\n') << k;
		*mbad |= (uint64_t)(c == q || c == '\r' || c == '\0') << k;
	}
}
#endif

size_t
table_peek(struct table *t, struct table_span *f)
{
	const char *s = t->chunk + t->chunk_pos;
	uint64_t md, mn, mbad, below;
	size_t nl, k, start = 0, off = t->chunk_pos - t->win_pos;

	/* What table_next would split the same way, as plain_line does,
	 * and table_problem would pass: libcsv between records, nothing
	 * queued, a whole line of the header's fields in the 64 bytes
	 * scanned last or, when its LF is not there, in the next 64. */
	if (t->ncols < 2 || t->ntexts > 0 || t->failed || t->max_field < 64 ||
	    (!t->tsv && (!t->fast_ok || t->rec_pos != t->nrecs)))
		return 0;
	if (t->win_ok && off < 64 && (t->win_n >> off) != 0) {
		md = t->win_d >> off;
		mn = t->win_n >> off;
		mbad = t->win_bad >> off;
	} else {
		if (t->chunk_len - t->chunk_pos < 64)
			return 0;
		scan64(s, t->delim, t->tsv ? '\\' : '"', &md, &mn, &mbad);
		t->win_pos = t->chunk_pos;
		t->win_d = md;
		t->win_n = mn;
		t->win_bad = mbad;
		t->win_ok = 1;
		if (mn == 0)
			return 0;
	}
	nl = ctz64(mn);
	below = (UINT64_C(1) << nl) - 1;
	md &= below;
	if ((mbad & below) || md == 0 ||
	    ctz64(md) >= t->head0_len)
		return 0;
	for (k = 0; md != 0; k++, md &= md - 1) {
		size_t at = ctz64(md);

		if (k + 1 == t->ncols)
			return 0;
		f[k].s = s + start;
		f[k].len = at - start;
		start = at + 1;
	}
	if (k + 1 != t->ncols)
		return 0;
	f[k].s = s + start;
	f[k].len = nl - start;
	return nl + 1;
}

void
table_take(struct table *t, size_t used)
{
	t->chunk_pos += used;
	t->lines++;
	t->cur.first = 0;
	t->cur.nfields = 0;
	t->cur.line = t->lines;
	t->cur.has_nul = 0;
	t->pending_line = t->lines;
	t->cur_fast = 1;
	count_record(t);
}

/* Feeds n bytes of the chunk to libcsv. */
static int
csv_feed(struct table *t, size_t n, struct pl_err *err)
{
	csv_limit = t->max_field;
	csv_too_big = 0;
	if (csv_parse(&t->csv, t->chunk + t->chunk_pos, n, csv_cb_field,
	    csv_cb_row, t) != n || t->csv_error[0])
		return csv_fail(t, err);
	t->chunk_pos += n;
	return 0;
}

/*
 * Makes the next CSV record current: a plain line split in place (returns
 * 2), or a record queued by libcsv (returns 1).  0 at the end, -1 on error.
 */
static int
csv_more(struct table *t, struct pl_err *err)
{
	while (t->rec_pos == t->nrecs) {
		size_t len = t->chunk_len - t->chunk_pos;
		char *at = t->chunk + t->chunk_pos, *nl;

		compact(t);
		if (len > 0 && t->fast_ok) {
			int blank;
			size_t used = plain_line(t, at, len, &blank);

			if (used > 0) {
				t->chunk_pos += used;
				t->lines++;
				if (!blank)
					return 2;
				continue;
			}
		}
		if (len > 0) {
			nl = memchr(at, '\n', len);
			if (nl == NULL && t->fast_ok && !t->eof &&
			    len < CHUNK_SIZE) {
				fill(t, err);
				if (t->failed)
					return -1;
				continue;
			}
			if (nl != NULL && t->fast_ok) {
				int rc = fast_line(t, at, (size_t)(nl - at));

				if (rc >= 0) {
					t->chunk_pos += (size_t)(nl - at) + 1;
					t->lines++;
					if (rc == 1)
						return 2;
					continue;
				}
			}
			/* libcsv takes the rest of this line. */
			if (csv_feed(t, nl ? (size_t)(nl - at) + 1 : len, err) != 0)
				return -1;
			t->fast_ok = nl != NULL && t->csv.pstate == 0 &&
			    !t->csv.quoted;
			continue;
		}
		if (!t->eof) {
			t->chunk_pos = t->chunk_len = 0;
			fill(t, err);
			if (t->failed)
				return -1;
			continue;
		}
		{
			long start = open_record_line(t);

			if (t->csv_ready == 1)
				t->clean_end = t->fast_ok &&
				    t->nfields == t->pending_first;
			if (t->csv_ready == 2)
				return t->rec_pos < t->nrecs ? 1 : 0;
			t->csv_ready = 2;
			/* libcsv reports an open quote at the end only in its
			 * strict mode, which we do not use: state 2 is
			 * FIELD_BEGUN. */
			if (t->csv.pstate == 2 && t->csv.quoted) {
				pl_err_set(err, t->name, start, PL_EXIT_DATA,
				    "unterminated quoted field at end of input");
				t->failed = 1;
				return -1;
			}
			if (csv_fini(&t->csv, csv_cb_field, csv_cb_row, t) != 0) {
				if (csv_error(&t->csv) == CSV_EPARSE) {
					pl_err_set(err, t->name, start,
					    PL_EXIT_DATA, "unterminated quoted field at end of input");
					t->failed = 1;
					return -1;
				}
				return csv_fail(t, err);
			}
			if (t->csv_error[0])
				return csv_fail(t, err);
			return t->rec_pos < t->nrecs ? 1 : 0;
		}
	}
	return 1;
}

/* Undoes the TSV escapes \t \n \r \\ in place; returns the new length. */
static size_t
tsv_unescape(char *s, size_t n)
{
	size_t i, j;

	if (memchr(s, '\\', n) == NULL)
		return n;
	for (i = j = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[i + 1];

			if (c == 't' || c == 'n' || c == 'r' || c == '\\') {
				s[j++] = c == 't' ? '\t' : c == 'n' ? '\n' :
				    c == 'r' ? '\r' : '\\';
				i++;
				continue;
			}
		}
		s[j++] = s[i];
	}
	return j;
}

/*
 * Splits one TSV line s[0..n) (its LF excluded) in place: tabs become NULs
 * and escapes are undone where they lie.  Returns 1 with the record
 * current, 0 for a blank line, -1 on a field or record over the bounds.
 */
static int
tsv_line(struct table *t, char *s, size_t n)
{
	size_t i, start = 0, nf = 0;
	int esc = 0, nul = 0;

	t->lines++;
	if (n && s[n - 1] == '\r')
		n--;
	if (n == 0)
		return 0;
	t->pending_line = t->lines;
	for (i = 0; i <= n; i++) {
		size_t len;

		if (i < n) {
			if (!t->special[(unsigned char)s[i]])
				continue;
			if (s[i] == '\\') {
				esc = 1;
				continue;
			}
			if (s[i] == '\0') {
				nul = 1;
				continue;
			}
		}
		len = i - start;
		if (esc)
			len = tsv_unescape(s + start, len);
		if (len > t->max_field) {
			snprintf(t->csv_error, sizeof t->csv_error,
			    "field longer than the limit of %zu bytes",
			    t->max_field);
			return -1;
		}
		if (nf == TABLE_MAX_FIELDS) {
			snprintf(t->csv_error, sizeof t->csv_error,
			    "record has more than %u fields", TABLE_MAX_FIELDS);
			return -1;
		}
		if (nf == t->lf_cap)
			t->lf = xgrow(t->lf, &t->lf_cap, nf + 1, sizeof *t->lf);
		t->lf[nf].s = s + start;
		t->lf[nf].len = len;
		nf++;
		esc = 0;
		start = i + 1;
	}
	for (i = 0; i < nf; i++)
		((char *)t->lf[i].s)[t->lf[i].len] = '\0';
	t->cur.first = 0;
	t->cur.nfields = nf;
	t->cur.line = t->lines;
	t->cur.has_nul = nul;
	return 1;
}

/* Makes the next TSV line current (returns 2); 0 at the end, -1 on error. */
static int
tsv_more(struct table *t, struct pl_err *err)
{
	for (;;) {
		size_t avail = t->chunk_len - t->chunk_pos, len;
		char *line = t->chunk + t->chunk_pos;
		char *nl;
		int rc, blank;

		/* Most lines are plain: split in the pass that finds their
		 * end. */
		if (avail > 0 && (len = plain_line(t, line, avail,
		    &blank)) > 0) {
			t->chunk_pos += len;
			t->lines++;
			if (!blank)
				return 2;
			continue;
		}
		nl = memchr(line, '\n', avail);
		if (nl == NULL) {
			if (!t->eof) {
				if (avail >= t->max_field * 4 + CHUNK_SIZE) {
					t->pending_line = t->lines + 1;
					snprintf(t->csv_error,
					    sizeof t->csv_error,
					    "line longer than the limit of %zu "
					    "bytes", t->max_field * 4 +
					    CHUNK_SIZE);
					goto toolong;
				}
				fill(t, err);
				if (t->failed)
					return -1;
				continue;
			}
			if (avail == 0)
				return 0;
			len = avail;
			t->chunk_pos = t->chunk_len;
			t->clean_end = 0;
		} else {
			len = (size_t)(nl - line);
			t->chunk_pos += len + 1;
		}
		rc = tsv_line(t, line, len);
		if (rc < 0)
			goto toolong;
		if (rc > 0)
			return 2;
	}
toolong:
	pl_err_set(err, t->name, t->pending_line, PL_EXIT_DATA, "%s",
	    t->csv_error);
	t->failed = 1;
	return -1;
}

int
table_next(struct table *t, struct pl_err *err)
{
	int rc;

	t->win_ok = 0;		/* the chunk may move */
	if (t->failed)
		return -1;
	if (t->ntexts > 0)
		drop_texts(t);
	rc = t->tsv ? tsv_more(t, err) : csv_more(t, err);
	if (rc <= 0)
		return rc;
	t->cur_fast = rc == 2;
	if (rc == 1)
		t->cur = t->recs[t->rec_pos++];
	count_record(t);
	return 1;
}

void
table_set_progress(void (*fn)(unsigned long records))
{
	progress_hook = fn;
}

static const char *problem_of(struct table *t);

const char *
table_problem(struct table *t)
{
	/* Most records: no NUL, the fields expected, and a first field
	 * shorter than the header's first name (trimming only shortens it),
	 * so not the header repeated. */
	if (!t->cur.has_nul && t->cur.nfields == t->ncols &&
	    t->ncols > 1 && t->cur_fast && t->lf[0].len < t->head0_len)
		return NULL;
	return problem_of(t);
}

static const char *
problem_of(struct table *t)
{
	size_t i;

	if (t->cur.has_nul) {
		for (i = 0; i < t->cur.nfields; i++) {
			size_t len;
			const char *f = table_field(t, i, &len);

			if (memchr(f, '\0', len) != NULL)
				break;
		}
		snprintf(t->problem, sizeof t->problem,
		    "NUL byte in column \"%s\"", table_colname(t, i));
		t->problem_kind = "NUL byte";
		return t->problem;
	}
	if (t->cur.nfields == t->ncols && t->ncols > 1) {
		size_t len;
		const char *f0 = util_trim(table_field(t, 0, &len), &len);

		/* Most records differ from the header in their first
		 * field's length. */
		if (len == t->head0_len && util_strncaseeq(f0, len,
		    t->header[0])) {
			for (i = 1; i < t->ncols; i++) {
				const char *f = table_field(t, i, &len);

				f = util_trim(f, &len);
				if (!util_strncaseeq(f, len, t->header[i]) ||
				    strlen(t->header[i]) != len)
					break;
			}
			if (i == t->ncols) {
				snprintf(t->problem, sizeof t->problem,
				    "the header line repeated");
				t->problem_kind = "repeated header";
				return t->problem;
			}
		}
	}
	if (t->cur.nfields != t->ncols) {
		snprintf(t->problem, sizeof t->problem,
		    "%zu field%s, expected %zu", t->cur.nfields,
		    t->cur.nfields == 1 ? "" : "s", t->ncols);
		t->problem_kind = "wrong number of fields";
		return t->problem;
	}
	return NULL;
}

/* Chooses the delimiter from the header line: tab > ';' > ','. */
static char
detect(const char *s, size_t n)
{
	size_t i, tabs = 0, semis = 0;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == '\t')
			tabs++;
		else if (!quoted && c == ';')
			semis++;
	}
	return tabs ? '\t' : semis ? ';' : ',';
}

/* Sets up the parser for t->delim. */
static int
start_parser(struct table *t, struct pl_err *err)
{
	t->tsv = t->delim == '\t';
	t->clean_end = 1;
	if (t->tsv) {
		t->special['\t'] = t->special['\\'] = t->special['\0'] = 1;
		return 0;
	}
	if (csv_init(&t->csv, CSV_STRICT_FINI | CSV_REPALL_NL |
	    CSV_APPEND_NULL) != 0) {
		pl_err_set(err, t->name, 0, PL_EXIT_DATA, "out of memory");
		return -1;
	}
	csv_set_delim(&t->csv, (unsigned char)t->delim);
	csv_set_space_func(&t->csv, no_space);
	csv_set_realloc_func(&t->csv, bounded_realloc);
	csv_set_blk_size(&t->csv, 4096);
	t->csv_ready = 1;
	t->fast_ok = 1;
	t->special[(unsigned char)t->delim] = 1;
	t->special['"'] = t->special['\r'] = t->special['\0'] = 1;
	return 0;
}

long long
table_offset(const struct table *t)
{
	if (t->failed || (!t->tsv && (!t->fast_ok || t->rec_pos < t->nrecs ||
	    t->nfields != t->pending_first)))
		return -1;
	return t->nread - (long long)(t->chunk_len - t->chunk_pos);
}

struct table *
table_open_slice(FILE *fp, const struct table *head, long long len,
    struct pl_err *err)
{
	struct table *t = xcalloc(1, sizeof *t);
	size_t i;

	t->fp = fp;
	t->remain = len;
	memcpy(t->name, head->name, sizeof t->name);
	t->max_field = head->max_field;
	t->delim = head->delim;
	if (start_parser(t, err) != 0) {
		table_close(t);
		return NULL;
	}
	t->ncols = head->ncols;
	t->header = xcalloc(t->ncols + 1, sizeof *t->header);
	for (i = 0; i < t->ncols; i++)
		t->header[i] = xstrdup(head->header[i]);
	t->head0_len = head->head0_len;
	fill(t, err);
	if (t->failed) {
		table_close(t);
		return NULL;
	}
	return t;
}

int
table_clean_end(const struct table *t)
{
	return !t->failed && t->eof && t->chunk_pos == t->chunk_len &&
	    t->clean_end;
}

int
table_split(FILE *fp, const struct table *head, long long start,
    long long size, size_t n, long long *cuts)
{
	char *buf = xmalloc(1u << 20);
	long long pos = start, target;
	size_t k = 1, got = 0, i = 0;
	int quoted = 0, rc = 0;

	cuts[0] = start;
	target = start + (size - start) / (long long)n;
	/* TSV has no quotes: a cut is the first line end from the target,
	 * and the bytes before it need not be read. */
	while (head->tsv && k < n) {
		char *nl = NULL;

		if (target < cuts[k - 1])
			target = cuts[k - 1];
		if (fseeko(fp, (off_t)target, SEEK_SET) != 0) {
			rc = -1;
			break;
		}
		pos = target;
		while (nl == NULL && (got = fread(buf, 1, 1u << 16, fp)) > 0) {
			if ((nl = memchr(buf, '\n', got)) == NULL)
				pos += (long long)got;
		}
		if (nl == NULL)
			break;
		cuts[k++] = pos + (long long)(nl - buf) + 1;
		target = start + (size - start) / (long long)n * (long long)k;
	}
	while (!head->tsv && k < n) {
		if (i == got) {
			got = fread(buf, 1, 1u << 20, fp);
			i = 0;
			if (got == 0)
				break;
		}
		if (pos < target) {
			/* Count quotes up to the target, a memchr at a time. */
			size_t lim = got - i;
			char *q;

			if ((long long)lim > target - pos)
				lim = (size_t)(target - pos);
			q = memchr(buf + i, '"', lim);
			if (q == NULL) {
				i += lim;
				pos += (long long)lim;
			} else {
				quoted = !quoted;
				pos += (long long)(q - (buf + i)) + 1;
				i = (size_t)(q - buf) + 1;
			}
			continue;
		}
		if (buf[i] == '"')
			quoted = !quoted;
		i++;
		pos++;
		if (buf[i - 1] == '\n' && !quoted) {
			cuts[k++] = pos;
			target = start + (size - start) / (long long)n *
			    (long long)k;
			if (target < pos)
				target = pos;
		}
	}
	if (ferror(fp))
		rc = -1;
	free(buf);
	for (i = k; i <= n; i++)
		cuts[i] = size;
	return rc < 0 ? -1 : (int)k;
}

/* Makes the current record's fields, trimmed, the column names. */
static void
take_header(struct table *t)
{
	size_t i, len;

	t->ncols = t->cur.nfields;
	t->header = xcalloc(t->ncols + 1, sizeof *t->header);
	t->head0_len = 0;
	for (i = 0; i < t->ncols; i++) {
		const char *f = table_field(t, i, &len);

		f = util_trim(f, &len);
		t->header[i] = xstrndup(f, len);
		if (i == 0)
			t->head0_len = len;
	}
}

struct table *
table_open(FILE *fp, const char *name, const struct table_opts *opts,
    struct pl_err *err)
{
	return table_open_head(fp, NULL, 0, name, opts, err);
}

struct table *
table_open_head(FILE *fp, const char *head, size_t head_len,
    const char *name, const struct table_opts *opts, struct pl_err *err)
{
	struct table *t = xcalloc(1, sizeof *t);

	t->fp = fp;
	t->remain = -1;
	snprintf(t->name, sizeof t->name, "%s",
	    name == NULL || strcmp(name, "-") == 0 ? "(stdin)" : name);
	t->max_field = opts && opts->max_field ? opts->max_field : TABLE_MAX_FIELD;
	if (head_len > 0) {
		/* The bytes a caller peeked at come first, as if read now. */
		t->chunk_cap = head_len + CHUNK_SIZE + 1;
		t->chunk = xmalloc(t->chunk_cap);
		memcpy(t->chunk, head, head_len);
		t->chunk_len = head_len;
		t->nread = (long long)head_len;
	}
	fill(t, err);
	if (t->failed)
		goto fail;
	/* Keep reading until the header line is whole (or 1 MiB). */
	while (!t->eof && memchr(t->chunk, '\n', t->chunk_len) == NULL &&
	    t->chunk_len < TABLE_MAX_FIELD) {
		fill(t, err);
		if (t->failed)
			goto fail;
	}
	if (t->chunk_len >= 3 && memcmp(t->chunk, "\xEF\xBB\xBF", 3) == 0)
		t->chunk_pos = 3;
	/* Excel's "sep=;" first line names the delimiter. */
	if (t->chunk_len - t->chunk_pos >= 6 &&
	    memcmp(t->chunk + t->chunk_pos, "sep=", 4) == 0 &&
	    (t->chunk[t->chunk_pos + 5] == '\n' ||
	    t->chunk[t->chunk_pos + 5] == '\r') &&
	    t->chunk[t->chunk_pos + 4] != '\0' &&
	    strchr(",;\t|", t->chunk[t->chunk_pos + 4]) != NULL) {
		char sep = t->chunk[t->chunk_pos + 4];

		t->chunk_pos += 6;
		if (t->chunk[t->chunk_pos - 1] == '\r' &&
		    t->chunk_pos < t->chunk_len &&
		    t->chunk[t->chunk_pos] == '\n')
			t->chunk_pos++;
		t->lines++;
		if (!(opts && opts->delim))
			t->delim = sep;
	}
	if (t->delim == 0)
		t->delim = opts && opts->delim ? opts->delim :
		    detect(t->chunk + t->chunk_pos, t->chunk_len - t->chunk_pos);
	if (start_parser(t, err) != 0)
		goto fail;
	switch (table_next(t, err)) {
	case -1:
		goto fail;
	case 0:
		pl_err_set(err, t->name, 0, PL_EXIT_DATA,
		    "empty input: no header line");
		goto fail;
	}
	if (t->cur.has_nul) {
		size_t n0;
		const char *f0 = table_field(t, 0, &n0);

		/* A ZIP archive (a OneRoster bundle, an xlsx) piped in. */
		if (n0 >= 4 && memcmp(f0, "PK\003\004", 4) == 0)
			pl_err_set(err, t->name, 0, PL_EXIT_DATA, "a ZIP "
			    "archive, not a CSV or TSV table (pl-import reads a "
			    "OneRoster ZIP bundle given by its file name)");
		else
			pl_err_set(err, t->name, t->cur.line, PL_EXIT_DATA,
			    "NUL byte in the header line (UTF-16? save the "
			    "file as UTF-8)");
		goto fail;
	}
	t->records = 0;
	take_header(t);
	return t;
fail:
	table_close(t);
	return NULL;
}

void
table_reheader(struct table *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->header[i]);
	free(t->header);
	take_header(t);
}

void
table_close(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	if (t->csv_ready)
		csv_free(&t->csv);
	for (i = 0; i < t->ncols; i++)
		free(t->header[i]);
	free(t->header);
	free(t->chunk);
	free(t->lf);
	free(t->data);
	free(t->fields);
	free(t->recs);
	drop_texts(t);
	free(t->texts);
	free(t);
}

const char *
table_problem_kind(const struct table *t)
{
	return t->problem_kind ? t->problem_kind : "bad record";
}

long
table_col(const struct table *t, const char *name)
{
	size_t i;
	size_t n = strlen(name);

	name = util_trim(name, &n);
	for (i = 0; i < t->ncols; i++)
		if (util_strncaseeq(name, n, t->header[i]) &&
		    strlen(t->header[i]) == n)
			return (long)i;
	return -1;
}

int
table_cols(const struct table *t, const char *const *names, const int *req,
    size_t n, long *idx, struct pl_err *err)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		idx[i] = table_col(t, names[i]);
		for (j = idx[i] >= 0 ? (size_t)idx[i] + 1 : t->ncols;
		    j < t->ncols; j++) {
			if (util_strcaseeq(t->header[j], t->header[idx[i]])) {
				pl_err_set(err, t->name, 0, PL_EXIT_USAGE,
				    "column \"%s\" appears twice in the header "
				    "(columns %ld and %zu)", names[i], idx[i] + 1,
				    j + 1);
				return -1;
			}
		}
		if (idx[i] < 0 && req != NULL && req[i]) {
			char found[512];
			size_t len = 0;

			found[0] = '\0';
			for (j = 0; j < t->ncols && len < sizeof found - 8; j++) {
				int m = snprintf(found + len, sizeof found - len,
				    "%s%s", j ? ", " : "", t->header[j]);

				if (m < 0)
					break;
				len += (size_t)m;
			}
			if (len >= sizeof found - 8)
				snprintf(found + sizeof found - 8, 8, ", ...");
			pl_err_set(err, t->name, 0, PL_EXIT_USAGE,
			    "missing required column \"%s\" (found: %s)",
			    names[i], found);
			return -1;
		}
	}
	return 0;
}

/* Writer. */

struct table_writer {
	FILE *fp;
	char delim;
	int flags;
	int started;		/* BOM written */
	int col;		/* fields written in this row */
	unsigned char special[256];	/* bytes to quote (CSV) or escape */
	char specials[5];		/* the same bytes, as a list */
	char *ob;		/* escaped bytes not yet written */
	size_t olen, ocap;
	/* Buffered mode, when rows are filtered or routed. */
	table_filter_fn filter;
	void *filter_arg;
	FILE **routes;
	int *route_started;
	size_t nroutes;
	char *key;		/* routing column name */
	long key_col;		/* its index, known after the header */
	unsigned long row;	/* rows ended so far (0: the header is next) */
	char *buf;		/* the row's field bytes */
	size_t len, cap;
	size_t *off, *flen;
	size_t nf, fcap;
};

/* Rows are collected in w->ob and written in blocks of about this size. */
#define OUT_BLOCK (64u * 1024u)

struct table_writer *
table_writer_new(FILE *fp, char delim, int flags)
{
	struct table_writer *w = xcalloc(1, sizeof *w);
	size_t i;

	w->fp = fp;
	w->delim = delim ? delim : ',';
	w->flags = flags;
	w->key_col = -1;
	if (flags & TABLE_SPREADSHEET)
		w->flags |= TABLE_NEUTRALISE;
	w->specials[0] = w->delim;
	w->specials[1] = '\n';
	w->specials[2] = '\r';
	w->specials[3] = w->delim == '\t' ? '\\' : '"';
	/* A tab in a CSV field is quoted, so that no reader takes the line for
	 * TSV. */
	w->specials[4] = '\t';
	for (i = 0; i < sizeof w->specials; i++)
		w->special[(unsigned char)w->specials[i]] = 1;
	return w;
}

/* Room for n more bytes in w->ob; returns where they go. */
static char *
out_room(struct table_writer *w, size_t n)
{
	if (w->olen + n > w->ocap)
		w->ob = xgrow(w->ob, &w->ocap, w->olen + n, 1);
	return w->ob + w->olen;
}

static int
buffered(const struct table_writer *w)
{
	return w->filter != NULL || w->nroutes > 0;
}

/* Writes what w->ob holds to fp. */
static void
out_flush(struct table_writer *w, FILE *fp)
{
	if (w->olen && fp != NULL)
		fwrite(w->ob, 1, w->olen, fp);
	w->olen = 0;
}

void
table_writer_flush(struct table_writer *w)
{
	if (w != NULL && w->nroutes == 0)
		out_flush(w, w->fp);
}

void
table_writer_free(struct table_writer *w)
{
	if (w == NULL)
		return;
	table_writer_flush(w);
	free(w->ob);
	free(w->routes);
	free(w->route_started);
	free(w->key);
	free(w->buf);
	free(w->off);
	free(w->flen);
	free(w);
}

struct table_writer *
table_writer_lane(const struct table_writer *w)
{
	struct table_writer *l;

	if (buffered(w))
		return NULL;
	l = table_writer_new(NULL, w->delim, w->flags);
	l->started = 1;
	l->row = 1;		/* a lane's rows come after the header */
	return l;
}

void
table_writer_append(struct table_writer *w, const char *s, size_t n)
{
	if (w->fp != NULL && w->olen + n >= OUT_BLOCK) {
		out_flush(w, w->fp);
		fwrite(s, 1, n, w->fp);
		return;
	}
	memcpy(out_room(w, n), s, n);
	w->olen += n;
}

const char *
table_writer_bytes(const struct table_writer *w, size_t *len)
{
	*len = w->olen;
	return w->ob ? w->ob : "";
}

void
table_writer_clear(struct table_writer *w)
{
	w->olen = 0;
}

void
table_writer_filter(struct table_writer *w, table_filter_fn fn, void *arg)
{
	w->filter = fn;
	w->filter_arg = arg;
}

void
table_writer_route(struct table_writer *w, FILE **fps, size_t n,
    const char *key)
{
	w->routes = xcalloc(n, sizeof *w->routes);
	w->route_started = xcalloc(n, sizeof *w->route_started);
	memcpy(w->routes, fps, n * sizeof *fps);
	w->nroutes = n;
	w->key = xstrdup(key);
}

/* A cell a spreadsheet would take as a formula, unless it is a number. */
static int
dangerous(const char *s, size_t n)
{
	double v;

	if (n == 0 || strchr("=+-@\t\r", s[0]) == NULL || s[0] == '\0')
		return 0;
	return num_parse(s, n, 0, &v) != 0;
}

static void
out_byte(struct table_writer *w, char c)
{
	*out_room(w, 1) = c;
	w->olen++;
}

/* Appends one field to w->ob: the BOM first of all when asked, the
 * delimiter unless it is the row's first field, then the field escaped. */
/*
 * A header cell that would make a reader guess another dialect: any of
 * the delimiters detection looks for, or Excel's "sep=" line.  Quoted, it
 * reads back as written.
 */
static int
ambiguous_header(const char *s, size_t n)
{
	return memchr(s, ',', n) || memchr(s, ';', n) || memchr(s, '\t', n) ||
	    (n >= 4 && memcmp(s, "sep=", 4) == 0);
}

/*
 * Writes field s[0..n) escaped as w's dialect wants at o (room for 2 * n +
 * 8 bytes): as is, quoted, escaped (TSV) or neutralised.  header: a cell of
 * the header row, quoted too when it would make a reader guess another
 * dialect.  Returns where the field ends.
 */
/* Where the first byte of s[0..n) that w must quote or escape (one of
 * w->specials) is, n when none is: sixteen bytes at a time where SSE2 is,
 * for long text such as a playlist's reasons. */
static size_t
first_special(const struct table_writer *w, const char *s, size_t n)
{
	size_t i = 0;

#ifdef __SSE2__
	const char *b = w->specials;
	const __m128i v0 = _mm_set1_epi8(b[0]), v1 = _mm_set1_epi8(b[1]);
	const __m128i v2 = _mm_set1_epi8(b[2]), v3 = _mm_set1_epi8(b[3]);
	const __m128i v4 = _mm_set1_epi8(b[4]);

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(x, v0), _mm_cmpeq_epi8(x, v1)),
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, v2),
		    _mm_cmpeq_epi8(x, v3)), _mm_cmpeq_epi8(x, v4))));

		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n && !w->special[(unsigned char)s[i]]; i++)
		;
	return i;
}

static char *
escape_into(const struct table_writer *w, char *o, const char *s, size_t n,
    int header)
{
	size_t i;

	if ((w->flags & TABLE_NEUTRALISE) && dangerous(s, n)) {
		if (w->delim == '\t') {
			*o++ = '\'';
		} else {
			/* Quote so the apostrophe and the cell stay one field. */
			*o++ = '"';
			*o++ = '\'';
			for (i = 0; i < n; i++) {
				if (s[i] == '"')
					*o++ = '"';
				*o++ = s[i];
			}
			*o++ = '"';
			return o;
		}
	}
	i = first_special(w, s, n);
	if (i == n && header && w->delim != '\t' && ambiguous_header(s, n))
		i = 0;
	if (i == n) {
		memcpy(o, s, n);
		return o + n;
	}
	if (w->delim == '\t') {
		for (i = 0; i < n; i++) {
			char c = s[i];

			switch (c) {
			case '\t': c = 't'; break;
			case '\n': c = 'n'; break;
			case '\r': c = 'r'; break;
			case '\\': break;
			default:
				*o++ = c;
				continue;
			}
			*o++ = '\\';
			*o++ = c;
		}
		return o;
	}
	*o++ = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			*o++ = '"';
		*o++ = s[i];
	}
	*o++ = '"';
	return o;
}

static void
emit(struct table_writer *w, int *started, int first, const char *s,
    size_t n)
{
	char *o;

	/* The worst case: every byte doubled or escaped, quotes, BOM. */
	o = out_room(w, 2 * n + 8);
	if (!*started) {
		*started = 1;
		if (w->flags & TABLE_SPREADSHEET) {
			memcpy(o, "\xEF\xBB\xBF", 3);
			o += 3;
		}
	}
	if (!first)
		*o++ = w->delim;
	o = escape_into(w, o, s, n, w->row == 0);
	w->olen = (size_t)(o - w->ob);
}

size_t
table_escape(const struct table_writer *w, const char *s, size_t n,
    char *out)
{
	return (size_t)(escape_into(w, out, s, n, 0) - out);
}

int
table_escape_keeps(const struct table_writer *w, const char *s, size_t n)
{
	return !((w->flags & TABLE_NEUTRALISE) && dangerous(s, n)) &&
	    first_special(w, s, n) == n;
}

int
table_writers_escape_alike(const struct table_writer *a,
    const struct table_writer *b)
{
	return a->delim == b->delim && (a->flags & TABLE_NEUTRALISE) ==
	    (b->flags & TABLE_NEUTRALISE);
}

void
table_put(struct table_writer *w, const char *s, size_t n)
{
	if (!buffered(w)) {
		emit(w, &w->started, w->col++ == 0, s, n);
		return;
	}
	w->buf = xgrow(w->buf, &w->cap, w->len + n + 1, 1);
	if (w->nf == w->fcap) {
		size_t cap = w->fcap;

		w->off = xgrow(w->off, &cap, w->nf + 1, sizeof *w->off);
		cap = w->fcap;
		w->flen = xgrow(w->flen, &cap, w->nf + 1, sizeof *w->flen);
		w->fcap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->off[w->nf] = w->len;
	w->flen[w->nf++] = n;
	w->len += n;
}

/* Writes the buffered row to fp, through the filter. */
static void
flush_row(struct table_writer *w, FILE *fp, int *started)
{
	size_t i;
	int first = 1;

	for (i = 0; i < w->nf; i++) {
		const char *s = w->buf + w->off[i];
		size_t n = w->flen[i];

		if (w->filter != NULL && w->filter(w->filter_arg, w->row, i, &s,
		    &n) != 0)
			continue;
		emit(w, started, first, s, n);
		first = 0;
	}
	if (w->flags & TABLE_SPREADSHEET)
		out_byte(w, '\r');
	out_byte(w, '\n');
	if (w->nroutes > 0)
		out_flush(w, fp);
	else if (w->olen >= OUT_BLOCK)
		out_flush(w, fp);
}

/*
 * A field this module made itself (a number, a date, yes or no): no byte
 * any dialect quotes or escapes, and nothing a spreadsheet would take for
 * a formula, so it goes straight to the output when nothing else is to be
 * done first.
 */
static void
put_plain(struct table_writer *w, const char *s, size_t n)
{
	char *o;

	if (buffered(w) || !w->started || w->row == 0) {
		table_put(w, s, n);
		return;
	}
	o = out_room(w, n + 1);
	if (w->col++ > 0)
		*o++ = w->delim;
	memcpy(o, s, n);
	w->olen = (size_t)(o + n - w->ob);
}

void
table_put_escaped(struct table_writer *w, const char *s, size_t n,
    const char *esc, size_t escn)
{
	/* Where table_put would escape it in turn: a row after the header,
	 * nothing collected first. */
	if (buffered(w) || !w->started || w->row == 0) {
		table_put(w, s, n);
		return;
	}
	put_plain(w, esc, escn);
}

void
table_puts(struct table_writer *w, const char *s)
{
	table_put(w, s ? s : "", s ? strlen(s) : 0);
}

char *
table_cell_num(char *o, double v)
{
	return o + num_format(v, o);
}

char *
table_cell_int(char *o, long v)
{
	return num_put_long(o, v);
}

char *
table_cell_date(char *o, int32_t day)
{
	/* YYYY-MM-DD, or nothing for no date. */
	date_format(day, o);
	return o + (day == DATE_NONE ? 0 : 10);
}

char *
table_cell_bool(char *o, int b)
{
	if (b) {
		memcpy(o, "yes", 3);
		return o + 3;
	}
	memcpy(o, "no", 2);
	return o + 2;
}

void
table_put_num(struct table_writer *w, double v)
{
	char buf[NUM_BUFSIZE];
	size_t n = (size_t)(table_cell_num(buf, v) - buf);

	/* inf and nan are words a spreadsheet reads otherwise. */
	if (isfinite(v))
		put_plain(w, buf, n);
	else
		table_put(w, buf, n);
}

void
table_put_int(struct table_writer *w, long v)
{
	char buf[TABLE_CELL_INT];

	put_plain(w, buf, (size_t)(table_cell_int(buf, v) - buf));
}

void
table_put_date(struct table_writer *w, int32_t day)
{
	char buf[TABLE_CELL_DATE];

	put_plain(w, buf, (size_t)(table_cell_date(buf, day) - buf));
}

void
table_put_bool(struct table_writer *w, int b)
{
	char buf[4];

	put_plain(w, buf, (size_t)(table_cell_bool(buf, b) - buf));
}

char
table_writer_delim(const struct table_writer *w)
{
	return w->delim;
}

char *
table_row_begin(struct table_writer *w, size_t max)
{
	/* As put_plain: a row after the header, nothing put yet. */
	if (buffered(w) || !w->started || w->row == 0 || w->col != 0)
		return NULL;
	return out_room(w, max);
}

/* Ends a row written straight into w->ob. */
static void
end_plain_row(struct table_writer *w)
{
	if (w->flags & TABLE_SPREADSHEET)
		out_byte(w, '\r');
	out_byte(w, '\n');
	if (w->fp != NULL && (w->olen >= OUT_BLOCK ||
	    !(w->flags & TABLE_HOLD)))
		out_flush(w, w->fp);
	w->col = 0;
	w->row++;
}

void
table_row_end(struct table_writer *w, char *end)
{
	w->olen = (size_t)(end - w->ob);
	end_plain_row(w);
}

void
table_endrow(struct table_writer *w)
{
	size_t i;

	if (!buffered(w)) {
		end_plain_row(w);
		return;
	}
	if (w->nroutes == 0) {
		flush_row(w, w->fp, &w->started);
	} else if (w->row == 0) {
		for (i = 0; i < w->nf; i++)
			if (w->flen[i] == strlen(w->key) &&
			    util_strncaseeq(w->buf + w->off[i], w->flen[i], w->key))
				w->key_col = (long)i;
		for (i = 0; i < w->nroutes; i++)
			flush_row(w, w->routes[i], &w->route_started[i]);
	} else {
		const char *k = "";
		size_t kn = 0, r;

		if (w->key_col >= 0 && (size_t)w->key_col < w->nf) {
			k = w->buf + w->off[w->key_col];
			kn = w->flen[w->key_col];
		}
		r = (size_t)(util_hash(k, kn) % w->nroutes);
		flush_row(w, w->routes[r], &w->route_started[r]);
	}
	if (w->nroutes == 0 && !(w->flags & TABLE_HOLD))
		out_flush(w, w->fp);
	w->row++;
	w->nf = 0;
	w->len = 0;
}

void
table_put_row(struct table_writer *w, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		table_puts(w, fields[i]);
	table_endrow(w);
}
