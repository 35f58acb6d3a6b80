/*
 * util.h - allocation that cannot fail, error records and exit statuses
 * shared by every module of libpl.
 *
 * Arguments are borrowed.  What x*alloc and xstr*dup return belongs to the
 * caller.  The library never prints or exits, with one exception: running
 * out of memory inside x*alloc prints one line and exits 1.
 */
#ifndef PL_UTIL_H
#define PL_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses, the same in every tool and man page. */
enum pl_exit {
	PL_EXIT_OK = 0,		/* success */
	PL_EXIT_DATA = 1,	/* bad data, I/O error, cycle, rows rejected under --strict */
	PL_EXIT_USAGE = 2	/* bad option, missing column, bad rule text */
};

/*
 * An error as the library reports it: where (file, physical line of the
 * record, 0 when unknown), what, and which exit status it deserves.
 */
struct pl_err {
	char file[256];
	long line;
	int status;
	char msg[768];
};

void pl_err_set(struct pl_err *e, const char *file, long line, int status,
    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
void pl_err_clear(struct pl_err *e);

/* Says "out of memory (asked for n bytes)" and exits 1. */
_Noreturn void xnomem(size_t n);
/* The name xnomem's message starts with (default "pl"); set by cli_init. */
void util_set_name(const char *name);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of *cap elements of size elsize to hold at least need. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elsize);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* ASCII case-insensitive comparisons, independent of the locale. */
int util_strcaseeq(const char *a, const char *b);
int util_strncaseeq(const char *a, size_t an, const char *b);
/* An ASCII blank: space, tab, CR, LF. */
static inline int
util_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 1 when s[0..n) begins with a UTF-8 byte order mark (U+FEFF). */
static inline int
util_bom(const char *s, size_t n)
{
	return n >= 3 && (unsigned char)s[0] == 0xEF &&
	    (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF;
}

/*
 * Trims blanks from both ends of s[0..*n), and byte order marks before the
 * text: one left in a cell when files were joined (cat a.csv b.csv) is
 * invisible, and S1 after it would be another student.  Inline: it runs
 * on every field of every row.
 */
static inline const char *
util_trim(const char *s, size_t *n)
{
	size_t len = *n;

	for (;;) {
		if (len > 0 && util_blank((unsigned char)*s))
			s++, len--;
		else if (util_bom(s, len))
			s += 3, len -= 3;
		else
			break;
	}
	while (len > 0 && util_blank((unsigned char)s[len - 1]))
		len--;
	*n = len;
	return s;
}

/*
 * Splits a list cell ("a; b;c") on ';', trimming each item and skipping
 * empty ones.  Calls fn(item, len, arg) for each; stops early and returns
 * fn's value when it is not 0.
 */
int util_split_list(const char *s, size_t n,
    int (*fn)(const char *item, size_t len, void *arg), void *arg);

/* Parses yes/no/true/false/y/n/1/0 (any case); 0 ok, -1 not a boolean. */
int util_parse_bool(const char *s, size_t n, int *out);

/* 64-bit FNV-1a hash of s[0..n), stable across runs and machines. */
uint64_t util_hash(const char *s, size_t n);

#endif
