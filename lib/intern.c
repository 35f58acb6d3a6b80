/*
 * intern.c - open-addressing hash set of strings kept in large chunks, so
 * interning a million ids costs a few allocations, not a million.  A slot
 * holds the id and the high half of its hash, so a lookup touches the
 * string only when the hashes agree.
 */
#include "intern.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK (1u << 16)

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct intern {
	uint64_t *slots;	/* id + 1 | the hash's high half, 0: empty */
	size_t nslots;
	const char **strs;
	uint32_t *lens;
	uint64_t *hashes;
	size_t count, cap;
	struct chunk *chunks;
};

struct intern *
intern_new(void)
{
	struct intern *in = xcalloc(1, sizeof *in);

	in->nslots = 64;
	in->slots = xcalloc(in->nslots, sizeof *in->slots);
	return in;
}

void
intern_free(struct intern *in)
{
	struct chunk *c, *next;

	if (in == NULL)
		return;
	for (c = in->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(in->slots);
	free(in->strs);
	free(in->lens);
	free(in->hashes);
	free(in);
}

static char *
store(struct intern *in, const char *s, size_t n)
{
	struct chunk *c = in->chunks;
	char *p;

	if (c == NULL || c->size - c->used < n + 1) {
		size_t size = n + 1 > CHUNK ? n + 1 : CHUNK;

		c = xmalloc(sizeof *c + size);
		c->used = 0;
		c->size = size;
		c->next = in->chunks;
		in->chunks = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* A slot's word for id with hash h. */
static uint64_t
slot_word(uint64_t h, uint32_t id)
{
	return (h & 0xffffffff00000000ULL) | ((uint64_t)id + 1);
}

static void
rehash(struct intern *in)
{
	size_t nslots = in->nslots * 2, i;
	uint64_t *slots = xcalloc(nslots, sizeof *slots);

	for (i = 0; i < in->count; i++) {
		size_t j = (size_t)in->hashes[i] & (nslots - 1);

		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = slot_word(in->hashes[i], (uint32_t)i);
	}
	free(in->slots);
	in->slots = slots;
	in->nslots = nslots;
}

static size_t
probe(const struct intern *in, const char *s, size_t n, uint64_t h)
{
	size_t j = (size_t)h & (in->nslots - 1);
	uint64_t high = h & 0xffffffff00000000ULL;

	for (;;) {
		uint64_t w = in->slots[j];
		uint32_t id;

		if (w == 0)
			return j;
		id = (uint32_t)w - 1;
		if ((w & 0xffffffff00000000ULL) == high && in->lens[id] == n &&
		    memcmp(in->strs[id], s, n) == 0)
			return j;
		j = (j + 1) & (in->nslots - 1);
	}
}

uint32_t
intern_find(const struct intern *in, const char *s, size_t n)
{
	size_t j = probe(in, s, n, util_hash(s, n));

	return in->slots[j] ? (uint32_t)in->slots[j] - 1 : UINT32_MAX;
}

uint32_t
intern_add(struct intern *in, const char *s, size_t n)
{
	uint64_t h = util_hash(s, n);
	size_t j = probe(in, s, n, h);
	size_t cap;

	if (in->slots[j])
		return (uint32_t)in->slots[j] - 1;
	if (in->count == in->cap) {
		cap = in->cap;
		in->strs = xgrow(in->strs, &cap, in->count + 1, sizeof *in->strs);
		cap = in->cap;
		in->lens = xgrow(in->lens, &cap, in->count + 1, sizeof *in->lens);
		cap = in->cap;
		in->hashes = xgrow(in->hashes, &cap, in->count + 1,
		    sizeof *in->hashes);
		in->cap = cap;
	}
	in->strs[in->count] = store(in, s, n);
	in->lens[in->count] = (uint32_t)n;
	in->hashes[in->count] = h;
	in->slots[j] = slot_word(h, (uint32_t)in->count);
	in->count++;
	if (in->count * 2 > in->nslots)
		rehash(in);
	return (uint32_t)in->count - 1;
}

size_t
intern_count(const struct intern *in)
{
	return in->count;
}

const char *
intern_str(const struct intern *in, uint32_t id)
{
	return in->strs[id];
}

size_t
intern_len(const struct intern *in, uint32_t id)
{
	return in->lens[id];
}
