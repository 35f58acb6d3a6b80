#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zip_fixture.h"
#include "zipfile.h"

/* A fresh folder and the path of "name" in it (the folder is left for
 * cleanup). */
static char tmpdir[64];

static const char *
tmp(const char *name)
{
	static char path[128];

	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/pl-zipfile-XXXXXX");
		cr_assert_not_null(mkdtemp(tmpdir));
	}
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static void
cleanup(void)
{
	char cmd[128];

	if (tmpdir[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		cr_assert_eq(system(cmd), 0);
	}
	tmpdir[0] = '\0';
}

TestSuite(zipfile, .fini = cleanup);

/* The whole of member name, read through its FILE (malloc'd), or NULL
 * with *why set when the read failed. */
static char *
slurp(struct zipfile *z, const char *name, size_t *len, const char **why,
    struct pl_err *err)
{
	long at = zipfile_find(z, name);
	char *buf = NULL;
	size_t cap = 0, n;
	FILE *fp;

	*len = 0;
	*why = NULL;
	cr_assert(at >= 0, "no member %s", name);
	fp = zipfile_member_open(z, (size_t)at, err);
	if (fp == NULL)
		return NULL;
	do {
		buf = realloc(buf, cap += 4096);
		n = fread(buf + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0);
	if (ferror(fp)) {
		cr_expect_eq(errno, EIO);
		*why = zipfile_member_error(z);
		cr_assert_not_null(*why);
		zipfile_member_close(z);
		free(buf);
		return NULL;
	}
	cr_expect_null(zipfile_member_error(z));
	zipfile_member_close(z);
	return buf;
}

Test(zipfile, sniff)
{
	static const struct zipfix_entry one[] = { { "a.csv", "x\n", 0, 0,
	    0, 0 } };
	FILE *fp;

	zipfix_stored(tmp("a.zip"), one, 1, 0);
	cr_expect_eq(zipfile_sniff(tmp("a.zip")), 1);
	zipfix_stored(tmp("empty.zip"), NULL, 0, 0);
	cr_expect_eq(zipfile_sniff(tmp("empty.zip")), 1);
	fp = fopen(tmp("a.csv"), "w");
	fputs("PK,x\n", fp);
	fclose(fp);
	cr_expect_eq(zipfile_sniff(tmp("a.csv")), 0);
	cr_expect_eq(zipfile_sniff(tmpdir), 0);
	cr_expect_eq(zipfile_sniff("-"), 0);
	cr_expect_eq(zipfile_sniff(tmp("none.zip")), 0);
}

Test(zipfile, members_read_as_streams)
{
	static char big[300000];
	struct zipfix_entry e[] = {
		{ "b\\manifest.csv", "propertyName,value\n", 0, 0, 0, 0 },
		{ "b/", NULL, 0, 0, 0, 0 },
		{ "b/big.csv", big, sizeof big, 0, 0, 0 },
	};
	const char *why;
	struct pl_err err;
	struct zipfile *z;
	size_t i, len;
	char *s;
	int deflated;

	/* Text that deflates about 3 to 1. */
	for (i = 0; i < sizeof big; i++)
		big[i] = i % 61 == 60 ? '\n' : "0123456789abcdef"[(i * 7 +
		    i / 13) % 16];
	for (deflated = 0; deflated < 2; deflated++) {
		if (deflated)
			zipfix_deflated(tmp("b.zip"), e, 3);
		else
			zipfix_stored(tmp("b.zip"), e, 3, 0);
		z = zipfile_open(tmp("b.zip"), 0, &err);
		cr_assert_not_null(z, "%s", err.msg);
		cr_expect_eq(zipfile_count(z), 3);
		/* '\' is read as '/'; a folder is no member. */
		cr_expect_str_eq(zipfile_name(z, 0), "b/manifest.csv");
		cr_expect_eq(zipfile_find(z, "b/manifest.csv"), 0);
		cr_expect_eq(zipfile_find(z, "b/"), -1);
		cr_expect_eq(zipfile_find(z, "manifest.csv"), -1);
		s = slurp(z, "b/manifest.csv", &len, &why, &err);
		cr_assert_not_null(s, "%s %s", err.msg, why ? why : "");
		cr_expect_eq(len, 19);
		cr_expect(memcmp(s, "propertyName,value\n", 19) == 0);
		free(s);
		s = slurp(z, "b/big.csv", &len, &why, &err);
		cr_assert_not_null(s, "%s %s", err.msg, why ? why : "");
		cr_expect_eq(len, sizeof big);
		cr_expect(memcmp(s, big, sizeof big) == 0);
		free(s);
		zipfile_close(z);
	}
}

Test(zipfile, one_member_open_at_a_time)
{
	static const struct zipfix_entry e[] = { { "a.csv", "a\n", 0, 0, 0, 0 },
	    { "b.csv", "b\n", 0, 0, 0, 0 } };
	struct pl_err err;
	struct zipfile *z;

	zipfix_stored(tmp("a.zip"), e, 2, 0);
	z = zipfile_open(tmp("a.zip"), 0, &err);
	cr_assert_not_null(z, "%s", err.msg);
	cr_assert_not_null(zipfile_member_open(z, 0, &err));
	cr_expect_null(zipfile_member_open(z, 1, &err));
	cr_expect(strstr(err.msg, "still open") != NULL, "%s", err.msg);
	cr_expect(strstr(err.file, "a.zip:b.csv") != NULL, "%s", err.file);
	zipfile_member_close(z);
	cr_expect_not_null(zipfile_member_open(z, 1, &err));
	/* zipfile_close closes the open member too. */
	zipfile_close(z);
}

Test(zipfile, unsafe_names_refuse_the_archive)
{
	/* flags 0x800: the name is marked UTF-8; unsafe 2: libzip refuses
	 * the name itself (a control byte is no UTF-8 name to it). */
	static const struct {
		const char *name;
		unsigned flags;
		int unsafe;
	} cases[] = {
		{ "../users.csv", 0, 1 }, { "b/../../users.csv", 0, 1 },
		{ "b/..", 0, 1 }, { "/etc/users.csv", 0, 1 },
		{ "C:/users.csv", 0, 1 }, { "c:\\users.csv", 0, 1 },
		{ "..\\users.csv", 0, 1 }, { "b\\..\\..\\users.csv", 0, 1 },
		{ "users\n.csv", 0, 1 }, { "users\033[2J.csv", 0x800, 2 },
		/* Not marked UTF-8, the name is CP437, where 0x1b is a
		 * glyph (libzip gives "users\u2190[2J.csv"). */
		{ "users\033[2J.csv", 0, 0 },
		{ "a..b.csv", 0, 0 }, { "..users.csv", 0, 0 },
		{ "b/..c/d.csv", 0, 0 }, { "./users.csv", 0, 0 },
		{ "b/.../x.csv", 0, 0 },
	};
	struct pl_err err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct zipfix_entry e[] = { { "manifest.csv", "x\n", 0, 0, 0,
		    0 }, { cases[i].name, "y\n", 0, 0, 0, cases[i].flags } };
		struct zipfile *z;

		zipfix_stored(tmp("u.zip"), e, 2, 0);
		pl_err_clear(&err);
		z = zipfile_open(tmp("u.zip"), 0, &err);
		if (cases[i].unsafe) {
			cr_expect_null(z, "%s accepted", cases[i].name);
			cr_expect(strstr(err.msg, cases[i].unsafe == 1 ?
			    "unsafe name" : "damaged") != NULL, "%s: %s",
			    cases[i].name, err.msg);
			cr_expect_eq(err.status, PL_EXIT_DATA);
		} else {
			cr_expect_not_null(z, "%s: %s", cases[i].name, err.msg);
		}
		zipfile_close(z);
	}
}

Test(zipfile, a_name_twice_refuses_the_archive)
{
	static const struct zipfix_entry twice[] = {
		{ "b/users.csv", "a\n", 0, 0, 0, 0 },
		{ "b/results.csv", "b\n", 0, 0, 0, 0 },
		{ "b\\users.csv", "c\n", 0, 0, 0, 0 },
	};
	static const struct zipfix_entry cased[] = {
		{ "users.csv", "a\n", 0, 0, 0, 0 }, { "Users.csv", "b\n", 0, 0, 0, 0 },
	};
	struct pl_err err;
	struct zipfile *z;

	zipfix_stored(tmp("t.zip"), twice, 3, 0);
	cr_expect_null(zipfile_open(tmp("t.zip"), 0, &err));
	cr_expect_str_eq(err.msg, "member \"b/users.csv\" is in the archive "
	    "twice: refused (which one is meant?)");
	zipfix_stored(tmp("c.zip"), cased, 2, 0);
	z = zipfile_open(tmp("c.zip"), 0, &err);
	cr_expect_not_null(z, "%s", err.msg);
	zipfile_close(z);
}

Test(zipfile, size_limit)
{
	static char data[2000];
	struct zipfix_entry e[] = { { "a.csv", data, sizeof data, 0, 0, 0 } };
	const char *why;
	struct pl_err err;
	struct zipfile *z;
	size_t len;
	char *s;

	memset(data, 'x', sizeof data);
	zipfix_stored(tmp("s.zip"), e, 1, 0);
	/* At the limit: read. */
	z = zipfile_open(tmp("s.zip"), sizeof data, &err);
	cr_assert_not_null(z, "%s", err.msg);
	s = slurp(z, "a.csv", &len, &why, &err);
	cr_expect_not_null(s, "%s", err.msg);
	cr_expect_eq(len, sizeof data);
	free(s);
	zipfile_close(z);
	/* A byte over: refused before reading. */
	z = zipfile_open(tmp("s.zip"), sizeof data - 1, &err);
	cr_assert_not_null(z, "%s", err.msg);
	cr_expect_null(zipfile_member_open(z, 0, &err));
	cr_expect(strstr(err.file, "s.zip:a.csv") != NULL, "%s", err.file);
	cr_expect_str_eq(err.msg, "2000 bytes uncompressed, over the limit of "
	    "1999 (--zip-max-size): refused");
	zipfile_close(z);
	/* The default, against an entry that claims 4 GB. */
	e[0].declared = 0xF0000000L;
	zipfix_stored(tmp("s.zip"), e, 1, 0);
	z = zipfile_open(tmp("s.zip"), 0, &err);
	cr_assert_not_null(z, "%s", err.msg);
	cr_expect_null(zipfile_member_open(z, 0, &err));
	cr_expect_str_eq(err.msg, "4026531840 bytes uncompressed, over the "
	    "limit of 1G (--zip-max-size): refused");
	zipfile_close(z);
}

Test(zipfile, absurd_ratio_refused)
{
	static char zeros[2u << 20], text[2u << 20];
	struct zipfix_entry e[] = {
		{ "zeros.csv", zeros, sizeof zeros, 0, 0, 0 },
		{ "text.csv", text, sizeof text, 0, 0, 0 },
		{ "small.csv", zeros, 100000, 0, 0, 0 },
	};
	uint32_t x = 1;
	struct pl_err err;
	struct zipfile *z;
	size_t i;

	memset(zeros, '0', sizeof zeros);
	for (i = 0; i < sizeof text; i++) {
		x = x * 1103515245u + 12345u;
		text[i] = (char)('a' + (x >> 16) % 26);
	}
	zipfix_deflated(tmp("r.zip"), e, 3);
	z = zipfile_open(tmp("r.zip"), 0, &err);
	cr_assert_not_null(z, "%s", err.msg);
	cr_expect_null(zipfile_member_open(z, 0, &err));
	cr_expect(strstr(err.msg, "over 100 times as many: refused as a zip "
	    "bomb") != NULL, "%s", err.msg);
	/* Real text, and small members whatever their ratio, are read. */
	cr_expect_not_null(zipfile_member_open(z, 1, &err), "%s", err.msg);
	zipfile_member_close(z);
	cr_expect_not_null(zipfile_member_open(z, 2, &err), "%s", err.msg);
	zipfile_close(z);
}

Test(zipfile, damaged_members_fail_their_reads)
{
	static const struct {
		long declared;
		uint32_t crc_xor;
		const char *why;
	} cases[] = {
		{ 5, 0, "more data than the 5 bytes its entry declares: refused "
		    "(a damaged or hostile archive)" },
		{ 0, 1, "cannot read: CRC error (the archive is damaged)" },
		{ 50, 0, "cannot read: " },
	};
	const char *why;
	struct pl_err err;
	size_t i, len;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct zipfix_entry e[] = { { "a.csv", "a,b\n1,2\n3,4\n", 0,
		    cases[i].declared, cases[i].crc_xor, 0 } };
		struct zipfile *z;

		zipfix_stored(tmp("d.zip"), e, 1, 0);
		z = zipfile_open(tmp("d.zip"), 0, &err);
		cr_assert_not_null(z, "%s", err.msg);
		cr_expect_null(slurp(z, "a.csv", &len, &why, &err));
		cr_expect(why != NULL && strncmp(why, cases[i].why,
		    strlen(cases[i].why)) == 0, "case %zu: %s", i,
		    why ? why : err.msg);
		zipfile_close(z);
	}
}

Test(zipfile, archives_that_cannot_be_opened)
{
	static const struct zipfix_entry e[] = { { "a.csv", "a\n", 0, 0, 0, 0 } };
	struct pl_err err;
	FILE *fp;
	char buf[64];
	size_t n;

	cr_expect_null(zipfile_open(tmp("none.zip"), 0, &err));
	cr_expect_str_eq(err.msg, "cannot open: No such file or directory");
	cr_expect_null(zipfile_open(tmpdir, 0, &err));
	cr_expect(strstr(err.msg, "not a regular file") != NULL, "%s",
	    err.msg);
	/* Cut short: the directory at the end is gone. */
	zipfix_stored(tmp("a.zip"), e, 1, 0);
	fp = fopen(tmp("a.zip"), "rb");
	n = fread(buf, 1, 40, fp);
	fclose(fp);
	fp = fopen(tmp("cut.zip"), "wb");
	fwrite(buf, 1, n, fp);
	fclose(fp);
	cr_expect_null(zipfile_open(tmp("cut.zip"), 0, &err));
	cr_expect_str_eq(err.msg, "not a ZIP archive, or a truncated one (no "
	    "directory at its end)");
	cr_expect_str_eq(err.file, tmp("cut.zip"));
	zipfix_stored(tmp("split.zip"), e, 1, 1);
	cr_expect_null(zipfile_open(tmp("split.zip"), 0, &err));
	cr_expect(strstr(err.msg, "split over several files") != NULL, "%s",
	    err.msg);
}

Test(zipfile, too_many_entries)
{
	struct zipfix_entry *e = calloc(ZIPFILE_MAX_ENTRIES + 1, sizeof *e);
	char (*names)[8] = calloc(ZIPFILE_MAX_ENTRIES + 1, sizeof *names);
	struct pl_err err;
	size_t i;

	for (i = 0; i <= ZIPFILE_MAX_ENTRIES; i++) {
		snprintf(names[i], sizeof names[i], "%zx", i);
		e[i].name = names[i];
	}
	zipfix_stored(tmp("many.zip"), e, ZIPFILE_MAX_ENTRIES + 1, 0);
	cr_expect_null(zipfile_open(tmp("many.zip"), 0, &err));
	cr_expect_str_eq(err.msg, "65537 entries, over the limit of 65536: "
	    "refused");
	free(e);
	free(names);
}
