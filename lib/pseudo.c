/*
 * pseudo.c - keyed pseudonyms for student ids, on libsodium.
 */
#include "pseudo.h"

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
ready(struct pl_err *err)
{
	if (sodium_init() < 0) {
		pl_err_set(err, "", 0, PL_EXIT_DATA,
		    "cannot initialise libsodium");
		return -1;
	}
	return 0;
}

int
pseudo_keygen(const char *path, struct pl_err *err)
{
	unsigned char k[PSEUDO_KEY_BYTES];
	char hex[2 * PSEUDO_KEY_BYTES + 2];
	int fd;
	ssize_t n;

	if (ready(err) != 0)
		return -1;
	randombytes_buf(k, sizeof k);
	sodium_bin2hex(hex, sizeof hex, k, sizeof k);
	sodium_memzero(k, sizeof k);
	strcat(hex, "\n");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot create key file: %s",
		    strerror(errno));
		sodium_memzero(hex, sizeof hex);
		return -1;
	}
	n = write(fd, hex, strlen(hex));
	sodium_memzero(hex, sizeof hex);
	if (n != (ssize_t)(2 * PSEUDO_KEY_BYTES + 1) || fsync(fd) != 0 ||
	    close(fd) != 0) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "write error: %s",
		    strerror(errno ? errno : EIO));
		unlink(path);
		return -1;
	}
	return 0;
}

int
pseudo_key_load(const char *path, struct pseudo_key *key, struct pl_err *err)
{
	char buf[2 * PSEUDO_KEY_BYTES + 8];
	struct stat st;
	size_t len, bin = 0;
	FILE *fp;

	if (ready(err) != 0)
		return -1;
	fp = fopen(path, "r");
	if (fp == NULL) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot open key file: %s",
		    strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 077) != 0) {
		fclose(fp);
		pl_err_set(err, path, 0, PL_EXIT_DATA, "key file is readable by "
		    "others (mode %03o); chmod 600 it", st.st_mode & 0777);
		return -1;
	}
	len = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[len] = '\0';
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (len != 2 * PSEUDO_KEY_BYTES ||
	    sodium_hex2bin(key->k, sizeof key->k, buf, len, NULL, &bin,
	    NULL) != 0 || bin != PSEUDO_KEY_BYTES) {
		sodium_memzero(buf, sizeof buf);
		pl_err_set(err, path, 0, PL_EXIT_DATA, "not a key file (expected "
		    "64 hex digits; make one with --keygen)");
		return -1;
	}
	sodium_memzero(buf, sizeof buf);
	return 0;
}

void
pseudo_id(const struct pseudo_key *key, const char *id, size_t n, char *out)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key->k, sizeof key->k);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, n);
	crypto_auth_hmacsha256_final(&st, mac);
	out[0] = 'P';
	sodium_bin2hex(out + 1, PSEUDO_BUFSIZE - 1, mac, 8);
}

enum { KEEP, HIDE, DROP };

struct pseudo_filter {
	const struct pseudo_key *key;
	const char *const *drop;
	size_t ndrop;
	unsigned char *what;	/* per column: KEEP, HIDE or DROP */
	size_t ncols, cap;
	char buf[PSEUDO_BUFSIZE];
};

/* Columns that name or reach a person. */
static const char *const identity[] = {
	"name", "student", "student name", "student_name", "first name",
	"first_name", "last name", "last_name", "given name", "family name",
	"preferred name", "email", "e-mail", "login", "login id", "username",
	"user name", "sis user id", "sis login id", "student sis id",
	"integration id", "phone", "address", "birthdate", "date of birth",
};

struct pseudo_filter *
pseudo_filter_new(const struct pseudo_key *key, const char *const *drop,
    size_t ndrop)
{
	struct pseudo_filter *f = xcalloc(1, sizeof *f);

	f->key = key;
	f->drop = drop;
	f->ndrop = ndrop;
	return f;
}

void
pseudo_filter_free(struct pseudo_filter *f)
{
	if (f == NULL)
		return;
	free(f->what);
	free(f);
}

static int
classify(const struct pseudo_filter *f, const char *s, size_t n)
{
	size_t i;

	s = util_trim(s, &n);
	if (util_strncaseeq(s, n, "student_id"))
		return HIDE;
	for (i = 0; i < f->ndrop; i++)
		if (util_strncaseeq(s, n, f->drop[i]))
			return DROP;
	for (i = 0; i < sizeof identity / sizeof identity[0]; i++)
		if (util_strncaseeq(s, n, identity[i]))
			return DROP;
	return KEEP;
}

int
pseudo_filter(void *arg, unsigned long row, size_t col, const char **s,
    size_t *n)
{
	struct pseudo_filter *f = arg;

	if (row == 0) {
		if (col >= f->cap) {
			size_t old = f->cap;

			f->what = xgrow(f->what, &f->cap, col + 1, 1);
			memset(f->what + old, KEEP, f->cap - old);
		}
		f->what[col] = (unsigned char)classify(f, *s, *n);
		if (col + 1 > f->ncols)
			f->ncols = col + 1;
		return f->what[col] == DROP;
	}
	if (col >= f->ncols || f->what[col] == KEEP)
		return 0;
	if (f->what[col] == DROP)
		return 1;
	if (*n == 0)
		return 0;
	pseudo_id(f->key, *s, *n, f->buf);
	*s = f->buf;
	*n = PSEUDO_BUFSIZE - 1;
	return 0;
}
