#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pseudo.h"

/* RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
 * gives 5bdcc146bf60754e... ; with our 32-byte keys we check the same
 * construction on a key padded with zeros, which HMAC treats the same. */
Test(pseudo, hmac_sha256_rfc4231_case2)
{
	struct pseudo_key k;
	char out[PSEUDO_BUFSIZE];
	const char *data = "what do ya want for nothing?";

	memset(&k, 0, sizeof k);
	memcpy(k.k, "Jefe", 4);
	pseudo_id(&k, data, strlen(data), out);
	cr_expect_str_eq(out, "P5bdcc146bf60754e");
}

Test(pseudo, keygen_load_stable_and_private)
{
	char path[] = "/tmp/pl-key-XXXXXX";
	struct pseudo_key a, b;
	struct pl_err err;
	struct stat st;
	char p1[PSEUDO_BUFSIZE], p2[PSEUDO_BUFSIZE], p3[PSEUDO_BUFSIZE];

	close(mkstemp(path));
	unlink(path);
	cr_assert_eq(pseudo_keygen(path, &err), 0, "%s", err.msg);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	cr_expect_eq(pseudo_keygen(path, &err), -1, "never overwrites a key");
	cr_assert_eq(pseudo_key_load(path, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pseudo_key_load(path, &b, &err), 0, "%s", err.msg);
	pseudo_id(&a, "S001", 4, p1);
	pseudo_id(&b, "S001", 4, p2);
	pseudo_id(&a, "S002", 4, p3);
	cr_expect_str_eq(p1, p2);
	cr_expect_str_neq(p1, p3);
	cr_expect_eq(strlen(p1), 17);
	chmod(path, 0644);
	cr_expect_eq(pseudo_key_load(path, &a, &err), -1);
	cr_expect_str_eq(err.msg, "key file is readable by others (mode 644); chmod 600 it");
	unlink(path);
}
