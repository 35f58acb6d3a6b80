/*
 * util.c - allocation, error records and small string helpers.
 */
#include "util.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
pl_err_set(struct pl_err *e, const char *file, long line, int status,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void
pl_err_clear(struct pl_err *e)
{
	if (e == NULL)
		return;
	e->file[0] = '\0';
	e->line = 0;
	e->status = 0;
	e->msg[0] = '\0';
}

/* The program's name for xnomem's message. */
static const char *nomem_name = "pl";

void
util_set_name(const char *name)
{
	nomem_name = name;
}

void
xnomem(size_t n)
{
	static atomic_flag once = ATOMIC_FLAG_INIT;

	/* Two threads out of memory at once: one says so and exits (exit
	 * twice is undefined); the other waits for the end. */
	if (atomic_flag_test_and_set(&once))
		for (;;)
			pause();
	fprintf(stderr, "%s: out of memory (asked for %zu bytes)\n",
	    nomem_name, n);
	exit(PL_EXIT_DATA);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		xnomem(n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		xnomem(n * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		xnomem(n);
	return q;
}

void *
xgrow(void *p, size_t *cap, size_t need, size_t elsize)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 16)
		c = 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / elsize)
			xnomem(SIZE_MAX);
		c *= 2;
	}
	*cap = c;
	return xrealloc(p, c * elsize);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
util_strcaseeq(const char *a, const char *b)
{
	while (*a && lower((unsigned char)*a) == lower((unsigned char)*b))
		a++, b++;
	return *a == '\0' && *b == '\0';
}

int
util_strncaseeq(const char *a, size_t an, const char *b)
{
	size_t i;

	for (i = 0; i < an; i++)
		if (b[i] == '\0' ||
		    lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return b[an] == '\0';
}

int
util_split_list(const char *s, size_t n,
    int (*fn)(const char *item, size_t len, void *arg), void *arg)
{
	size_t start = 0, i;
	int rc;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == ';') {
			size_t len = i - start;
			const char *item = util_trim(s + start, &len);

			if (len > 0 && (rc = fn(item, len, arg)) != 0)
				return rc;
			start = i + 1;
		}
	}
	return 0;
}

int
util_parse_bool(const char *s, size_t n, int *out)
{
	static const char *yes[] = { "yes", "true", "y", "1" };
	static const char *no[] = { "no", "false", "n", "0" };
	size_t i;

	s = util_trim(s, &n);
	for (i = 0; i < 4; i++) {
		if (util_strncaseeq(s, n, yes[i])) {
			*out = 1;
			return 0;
		}
		if (util_strncaseeq(s, n, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

uint64_t
util_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}
