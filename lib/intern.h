/*
 * intern.h - a set of strings, each given a dense id 0, 1, 2, ... in the
 * order first seen.  Used for student and objective ids so that per-row
 * state holds small integers, never text.
 *
 * What intern_new returns belongs to the caller (intern_free).  Strings
 * returned by intern_str stay valid until intern_free.
 */
#ifndef PL_INTERN_H
#define PL_INTERN_H

#include <stddef.h>
#include <stdint.h>

struct intern;

struct intern *intern_new(void);
/* The same, for a few ids each looked up very often (a file's objectives):
 * intern_add remembers the last 256 lookups of ids of 1 to 8 bytes, so it
 * writes even when the id is known: threads that share such a set look
 * ids up with intern_find. */
struct intern *intern_new_recent(void);
void intern_free(struct intern *in);
/* Id of s[0..n), added when new. */
uint32_t intern_add(struct intern *in, const char *s, size_t n);
/*
 * For a caller that knows a string before it needs its id: the hash that
 * intern_add_hashed takes, after asking the CPU to fetch the string's slot
 * (a table of many ids is larger than the cache, and a lookup waits on
 * memory).  A hint only: any change to the set in between is fine.
 */
uint64_t intern_prefetch(const struct intern *in, const char *s, size_t n);
/* intern_add, with h from intern_prefetch of the same s[0..n). */
uint32_t intern_add_hashed(struct intern *in, const char *s, size_t n,
    uint64_t h);
/* Id of s[0..n), or UINT32_MAX when absent. */
uint32_t intern_find(const struct intern *in, const char *s, size_t n);
size_t intern_count(const struct intern *in);
const char *intern_str(const struct intern *in, uint32_t id);
size_t intern_len(const struct intern *in, uint32_t id);

#endif
