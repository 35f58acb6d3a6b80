/*
 * pseudo.h - pseudonymous student ids: a keyed hash (HMAC-SHA256 from
 * libsodium) of the id, truncated to 64 bits and written as "P" and 16
 * lower-case hex digits.  The same key always maps an id to the same
 * pseudonym, so files pseudonymised on different nights still join; without
 * the key the mapping can neither be reversed nor recomputed from a guess.
 *
 * Key files hold 32 random bytes as 64 hex digits and a newline.
 */
#ifndef PL_PSEUDO_H
#define PL_PSEUDO_H

#include <stddef.h>

#include "util.h"

#define PSEUDO_KEY_BYTES 32
#define PSEUDO_BUFSIZE 18	/* "P" + 16 hex + NUL */

struct pseudo_key {
	unsigned char k[PSEUDO_KEY_BYTES];
};

/* Writes a new random key to path, created with mode 0600; an existing
 * file is never overwritten (status 1). */
int pseudo_keygen(const char *path, struct pl_err *err);
/* Reads a key file; a file readable by others is refused (status 1), as
 * is anything but 64 hex digits. */
int pseudo_key_load(const char *path, struct pseudo_key *key,
    struct pl_err *err);
/* The pseudonym of id[0..n) into out (PSEUDO_BUFSIZE bytes). */
void pseudo_id(const struct pseudo_key *key, const char *id, size_t n,
    char *out);

/*
 * A table_writer filter (lib/table.h) for pseudonymised output: the
 * student_id column is replaced by its pseudonym, and columns that name a
 * person (name, student name, first name, last name, email, login, sis
 * user id, sis login id, username, ...) or are listed in drop are left
 * out.  What pseudo_filter_new returns belongs to the caller
 * (pseudo_filter_free); it borrows key and drop.
 */
struct pseudo_filter;

struct pseudo_filter *pseudo_filter_new(const struct pseudo_key *key,
    const char *const *drop, size_t ndrop);
void pseudo_filter_free(struct pseudo_filter *f);
int pseudo_filter(void *arg, unsigned long row, size_t col, const char **s,
    size_t *n);

#endif
