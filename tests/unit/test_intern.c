#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "intern.h"

Test(intern, ids_in_first_seen_order)
{
	struct intern *in = intern_new();

	cr_assert_eq(intern_add(in, "b", 1), 0);
	cr_assert_eq(intern_add(in, "a", 1), 1);
	cr_assert_eq(intern_add(in, "b", 1), 0);
	cr_assert_eq(intern_add(in, "", 0), 2);
	cr_assert_eq(intern_count(in), 3);
	cr_assert_str_eq(intern_str(in, 1), "a");
	cr_assert_eq(intern_len(in, 2), 0);
	cr_assert_eq(intern_find(in, "c", 1), UINT32_MAX);
	cr_assert_eq(intern_find(in, "", 0), 2);
	intern_free(in);
}

/* Slots keep a string's first 8 bytes and its length (up to 255): ids
 * alike in those must still be told apart by the rest. */
Test(intern, long_ids_alike_at_the_start)
{
	struct intern *in = intern_new();
	char a[300], b[300];

	memset(a, 'x', sizeof a);
	memset(b, 'x', sizeof b);
	b[299] = 'y';
	cr_assert_eq(intern_add(in, "STUDENT-0001", 12), 0);
	cr_assert_eq(intern_add(in, "STUDENT-0002", 12), 1);
	cr_assert_eq(intern_add(in, "STUDENT-000", 11), 2);
	cr_assert_eq(intern_add(in, a, 300), 3);
	cr_assert_eq(intern_add(in, b, 300), 4);
	cr_assert_eq(intern_add(in, a, 299), 5);
	cr_assert_eq(intern_add(in, b, 299), 5);	/* same 299 bytes */
	cr_assert_eq(intern_find(in, "STUDENT-0002", 12), 1);
	cr_assert_eq(intern_find(in, b, 300), 4);
	cr_assert_eq(intern_len(in, 4), 300);
	cr_assert_eq(memcmp(intern_str(in, 4), b, 300), 0);
	/* Bytes past the length do not count, a NUL inside does. */
	cr_assert_eq(intern_add(in, "ab\0c", 4), 6);
	cr_assert_eq(intern_add(in, "ab\0d", 4), 7);
	cr_assert_eq(intern_add(in, "ab", 2), 8);
	intern_free(in);
}

/* Enough ids to grow the table many times; the hashed entry point gives
 * the same ids, before and after the table grows. */
Test(intern, many_ids_and_the_hashed_path)
{
	struct intern *in = intern_new(), *in2 = intern_new();
	char id[32];
	uint32_t i;

	for (i = 0; i < 100000; i++) {
		int n = snprintf(id, sizeof id, "S%07u", (unsigned)(i * 7919 % 100000));
		uint64_t h = intern_prefetch(in2, id, (size_t)n);

		cr_assert_eq(intern_add(in, id, (size_t)n), i);
		cr_assert_eq(intern_add_hashed(in2, id, (size_t)n, h), i);
	}
	cr_assert_eq(intern_count(in), 100000);
	for (i = 0; i < 100000; i += 997) {
		int n = snprintf(id, sizeof id, "S%07u", (unsigned)(i * 7919 % 100000));

		cr_assert_eq(intern_find(in, id, (size_t)n), i);
		cr_assert_eq(intern_add_hashed(in2, id, (size_t)n,
		    intern_prefetch(in2, id, (size_t)n)), i);
		cr_assert_str_eq(intern_str(in2, i), id);
	}
	cr_assert_eq(intern_count(in2), 100000);
	intern_free(in);
	intern_free(in2);
}

/* intern_new_recent remembers recent short ids: the same ids as a plain
 * set, for ids of every length, many of them sharing a remembered slot
 * (20000 ids, of which 8284 short, for 4096 slots),
 * looked up in turn so that each evicts another. */
Test(intern, recent_ids_same_as_plain)
{
	struct intern *in = intern_new(), *rc = intern_new_recent();
	char id[32];
	unsigned i, k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < 20000; i++) {
			unsigned v = i * 7919 % 20000;
			int n = snprintf(id, sizeof id, "%.*s%u",
			    (int)(v % 11), "OBJECTIVE-X", v);

			cr_assert_eq(intern_add(rc, id, (size_t)n),
			    intern_add(in, id, (size_t)n), "%s", id);
		}
	/* One byte, and the same bytes in another length. */
	cr_assert_eq(intern_add(rc, "a", 1), 20000);
	cr_assert_eq(intern_add(rc, "aa", 2), 20001);
	cr_assert_eq(intern_add(rc, "a", 1), 20000);
	cr_assert_eq(intern_add(rc, "aa\0", 3), 20002);
	cr_assert_eq(intern_add(rc, "", 0), 20003);
	cr_assert_eq(intern_add(rc, "", 0), 20003);
	cr_assert_eq(intern_count(rc), 20004);
	cr_assert_str_eq(intern_str(rc, 20001), "aa");
	intern_free(in);
	intern_free(rc);
}
