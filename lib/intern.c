/*
 * intern.c - open-addressing hash set of strings kept in large chunks, so
 * interning a million ids costs a few allocations, not a million.  A slot
 * holds the id, part of its hash, its length and its first 8 bytes, so
 * looking up a short id reads one slot, and a long one its text only when
 * all those agree.
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

/* One string: its text (in a chunk), length and the hash's low half. */
struct ent {
	const char *s;
	uint32_t len;
	uint32_t hash;
};

/*
 * A slot holds a tag (the hash's top 24 bits, the length up to 255, and
 * id + 1; 0 when empty) and the string's first 8 bytes (head_of): an id
 * of 8 bytes or fewer is found with this one read, a longer one also
 * reads its entry.
 */
struct slot {
	uint64_t tag;
	uint64_t head;
};

#define TAG_KEY 0xffffffff00000000ULL
#define MAX_COUNT 0x7fffffffu

/* A string of 1 to 8 bytes looked up lately, by head_of and length: a
 * few ids looked up on every row (objectives) are found with one read and
 * no hash.  Direct-mapped: in 256 slots, a third of a 100-objective
 * catalog shared a slot with another and they kept evicting each other;
 * 4096 slots (64 KiB, of which only the ids' lines are read) made the
 * lookups of a 10M-row file take 0.01 s, not 0.05. */
#define RECENT_BITS 12
#define RECENT (1u << RECENT_BITS)

struct recent {
	uint64_t head;
	uint32_t len;		/* 0: empty */
	uint32_t id;
};

struct intern {
	struct recent *recent;	/* NULL unless intern_new_recent's */
	struct slot *slots;
	size_t nslots;
	struct ent *ents;
	size_t count, cap;
	struct chunk *chunks;
};

/*
 * Empty slots, zeroed by writing: calloc's fresh pages would map the
 * shared zero page on the first probe's read, and the first insert's
 * write would then fault again to copy it, flushing the page from every
 * thread's TLB.
 */
static struct slot *
new_slots(size_t n)
{
	struct slot *slots = xmalloc(n * sizeof *slots);

	memset(slots, 0, n * sizeof *slots);
	return slots;
}

struct intern *
intern_new(void)
{
	struct intern *in = xcalloc(1, sizeof *in);

	in->nslots = 64;
	in->slots = new_slots(in->nslots);
	return in;
}

struct intern *
intern_new_recent(void)
{
	struct intern *in = intern_new();

	in->recent = xcalloc(RECENT, sizeof *in->recent);
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
	free(in->recent);
	free(in->slots);
	free(in->ents);
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

/* 8 bytes of s as a number (any byte order: only equality and the hash's
 * spread matter here). */
static uint64_t
load8(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

static uint32_t
load4(const char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return w;
}

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

/*
 * The last step, MurmurHash3's 64-bit finalizer: every bit of h moves
 * every bit of the slot index.  mix alone left ids that differ in their
 * last digits (S0037750, S0037751) in runs of neighbouring slots: 2.9
 * extra probes a lookup in a table of 50,000 students, 0.3 with this.
 */
static uint64_t
finish(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* A word at a time: ids are short, and this runs once per field, inlined
 * where a reader calls it for every row. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	size_t i = 0;

	for (; i + 8 <= n; i += 8)
		h = mix(h ^ load8(s + i));
	if (i + 4 <= n) {
		h = mix(h ^ load4(s + i));
		i += 4;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return finish(h);
}

/* a[0..n) == b[0..n), by words where they fit, reading nothing past n. */
static int
same(const char *a, const char *b, size_t n)
{
	size_t i;

	if (n >= 8) {
		for (i = 0; i + 8 <= n; i += 8)
			if (load8(a + i) != load8(b + i))
				return 0;
		return load8(a + n - 8) == load8(b + n - 8);
	}
	if (n >= 4)
		return load4(a) == load4(b) &&
		    load4(a + n - 4) == load4(b + n - 4);
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The slot tag of a string of n bytes with hash h, id not yet set. */
static uint64_t
tag_of(uint64_t h, size_t n)
{
	return (h & 0xffffff0000000000ULL) | (uint64_t)(n < 255 ? n : 255) << 32;
}

/*
 * The first 8 bytes of s, or all n of a shorter one, as one word: equal
 * words of strings of one length are equal bytes.  Loads, not a copy into
 * a zeroed word, whose store a load of the whole word could not forward.
 */
static uint64_t
head_of(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 8)
		return load8(s);
	if (n >= 4)
		return load4(s) | (uint64_t)load4(s + n - 4) << 32;
	if (n == 0)
		return 0;
	return u[0] | (uint64_t)u[n / 2] << 8 | (uint64_t)u[n - 1] << 16;
}

static void
rehash(struct intern *in)
{
	size_t nslots = in->nslots * 2, i;
	struct slot *slots = new_slots(nslots);

	for (i = 0; i < in->nslots; i++) {
		const struct slot *sl = &in->slots[i];
		size_t j;

		if (sl->tag == 0)
			continue;
		j = (size_t)in->ents[(uint32_t)sl->tag - 1].hash & (nslots - 1);
		while (slots[j].tag)
			j = (j + 1) & (nslots - 1);
		slots[j] = *sl;
	}
	free(in->slots);
	in->slots = slots;
	in->nslots = nslots;
}

static inline size_t
probe(const struct intern *in, const char *s, size_t n, uint64_t h)
{
	size_t j = (size_t)(uint32_t)h & (in->nslots - 1);
	uint64_t tag = tag_of(h, n), head = head_of(s, n);

	for (;;) {
		const struct slot *sl = &in->slots[j];

		if (sl->tag == 0)
			return j;
		if ((sl->tag & TAG_KEY) == tag && sl->head == head) {
			const struct ent *e;

			if (n <= 8)
				return j;
			e = &in->ents[(uint32_t)sl->tag - 1];
			if (e->len == n && same(e->s + 8, s + 8, n - 8))
				return j;
		}
		j = (j + 1) & (in->nslots - 1);
	}
}

uint32_t
intern_find(const struct intern *in, const char *s, size_t n)
{
	size_t j = probe(in, s, n, hash(s, n));

	return in->slots[j].tag ? (uint32_t)in->slots[j].tag - 1 : UINT32_MAX;
}

uint64_t
intern_prefetch(const struct intern *in, const char *s, size_t n)
{
	uint64_t h = hash(s, n);

#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(&in->slots[(size_t)(uint32_t)h & (in->nslots - 1)]);
#endif
	return h;
}

uint32_t
intern_add(struct intern *in, const char *s, size_t n)
{
	struct recent *r;
	uint64_t head;

	if (in->recent == NULL || n - 1 >= 8)
		return intern_add_hashed(in, s, n, hash(s, n));
	head = head_of(s, n);
	r = &in->recent[((head ^ n) * 0x9e3779b97f4a7c15ULL) >>
	    (64 - RECENT_BITS)];
	if (r->len != n || r->head != head) {
		r->id = intern_add_hashed(in, s, n, hash(s, n));
		r->head = head;
		r->len = (uint32_t)n;
	}
	return r->id;
}

uint32_t
intern_add_hashed(struct intern *in, const char *s, size_t n, uint64_t h)
{
	size_t j = probe(in, s, n, h);
	struct ent *e;

	if (in->slots[j].tag)
		return (uint32_t)in->slots[j].tag - 1;
	if (n > UINT32_MAX || in->count >= MAX_COUNT)
		xnomem(SIZE_MAX);
	in->ents = xgrow(in->ents, &in->cap, in->count + 1, sizeof *in->ents);
	e = &in->ents[in->count];
	e->s = store(in, s, n);
	e->len = (uint32_t)n;
	e->hash = (uint32_t)h;
	in->slots[j].tag = tag_of(h, n) | ((uint64_t)in->count + 1);
	in->slots[j].head = head_of(s, n);
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
	return in->ents[id].s;
}

size_t
intern_len(const struct intern *in, uint32_t id)
{
	return in->ents[id].len;
}
