#include <criterion/criterion.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "intern.h"
#include "util.h"

Test(intern, dense_ids_in_first_seen_order)
{
	struct intern *in = intern_new();
	char buf[32];
	uint32_t i;

	for (i = 0; i < 100000; i++) {
		int n = snprintf(buf, sizeof buf, "s%u", i % 5000);

		cr_assert_eq(intern_add(in, buf, (size_t)n), i % 5000);
	}
	cr_expect_eq(intern_count(in), 5000);
	cr_expect_str_eq(intern_str(in, 42), "s42");
	cr_expect_eq(intern_find(in, "s4999", 5), 4999);
	cr_expect_eq(intern_find(in, "nope", 4), UINT32_MAX);
	intern_free(in);
}

static int
collect(const char *item, size_t len, void *arg)
{
	char *out = arg;

	strncat(out, item, len);
	strcat(out, "|");
	return 0;
}

Test(util, split_list_trims_and_skips_empty)
{
	char out[64] = "";
	const char *s = " 6.RP.1; 6.RP.2 ;;6.EE.1 ";

	util_split_list(s, strlen(s), collect, out);
	cr_expect_str_eq(out, "6.RP.1|6.RP.2|6.EE.1|");
}

Test(util, bool_and_case)
{
	int b = -1;

	cr_expect_eq(util_parse_bool(" Yes", 4, &b), 0);
	cr_expect_eq(b, 1);
	cr_expect_eq(util_parse_bool("0", 1, &b), 0);
	cr_expect_eq(b, 0);
	cr_expect_eq(util_parse_bool("maybe", 5, &b), -1);
	cr_expect(util_strcaseeq("Student_ID", "student_id"));
	cr_expect(!util_strcaseeq("student", "student_id"));
}

/* The published FNV-1a 64 test values. */
Test(util, fnv1a_64_reference_values)
{
	cr_expect_eq(util_hash("", 0), 0xcbf29ce484222325ULL);
	cr_expect_eq(util_hash("a", 1), 0xaf63dc4c8601ec8cULL);
	cr_expect_eq(util_hash("foobar", 6), 0x85944171f73967e8ULL);
}

/* Out of memory: the tool's name and the size asked for on stderr, exit
 * status 1 (in a child, since it exits). */
Test(util, out_of_memory_names_the_tool)
{
	int fd[2], st;
	char buf[128];
	ssize_t n;
	pid_t pid;

	cr_assert_eq(pipe(fd), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		util_set_name("pl-test");
		xnomem(123);
	}
	close(fd[1]);
	n = read(fd[0], buf, sizeof buf - 1);
	close(fd[0]);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(n > 0);
	buf[n] = '\0';
	cr_expect_str_eq(buf, "pl-test: out of memory (asked for 123 bytes)\n");
	cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 1);
}

Test(util, trim_blanks_and_byte_order_marks)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "  S1\t", "S1" },
		{ "\xef\xbb\xbfS1", "S1" },
		{ " \xef\xbb\xbf \xef\xbb\xbfS1 ", "S1" },
		{ "\xef\xbb\xbf", "" },
		{ "\xef\xbb", "\xef\xbb" },
		{ "S\xef\xbb\xbf" "1", "S\xef\xbb\xbf" "1" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = strlen(cases[i].in);
		const char *s = util_trim(cases[i].in, &n);

		cr_expect_eq(n, strlen(cases[i].want), "case %zu", i);
		cr_expect(memcmp(s, cases[i].want, n) == 0, "case %zu", i);
	}
}
