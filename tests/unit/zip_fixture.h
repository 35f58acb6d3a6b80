/*
 * zip_fixture.h - writing ZIP archives for the zipfile and oneroster
 * tests: zipfix_stored writes stored entries byte by byte, so a test can
 * give any name (unsafe, twice), a wrong size or a wrong CRC; zipfix_deflated
 * writes well-formed deflated entries through libzip.  Both assert on
 * failure.  Arguments are borrowed.
 */
#ifndef PL_ZIP_FIXTURE_H
#define PL_ZIP_FIXTURE_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "../zip_stored.h"

/* Writes n stored entries to path (with a ZIP64 end record past 65535);
 * disk is the end record's disk number (0 for a normal archive). */
static void
zipfix_stored(const char *path, const struct zipfix_entry *e, size_t n,
    unsigned disk)
{
	FILE *fp = fopen(path, "wb");
	uint32_t *offsets = calloc(n ? n : 1, sizeof *offsets);
	long cd, end;
	size_t i;

	cr_assert_not_null(fp);
	for (i = 0; i < n; i++) {
		const char *data = e[i].data ? e[i].data : "";

		offsets[i] = (uint32_t)ftell(fp);
		zipfix_header(fp, &e[i], 0, 0);
		fwrite(data, 1, e[i].len ? e[i].len : strlen(data), fp);
	}
	cd = ftell(fp);
	for (i = 0; i < n; i++)
		zipfix_header(fp, &e[i], 1, offsets[i]);
	end = ftell(fp);
	if (n > 0xffff) {
		/* ZIP64 end record and its locator: the count needs 64 bits. */
		zipfix_u32(fp, 0x06064b50u);
		zipfix_u32(fp, 44);
		zipfix_u32(fp, 0);
		zipfix_u16(fp, 0x031e);
		zipfix_u16(fp, 45);
		zipfix_u32(fp, disk);
		zipfix_u32(fp, disk);
		zipfix_u32(fp, (uint32_t)n);
		zipfix_u32(fp, 0);
		zipfix_u32(fp, (uint32_t)n);
		zipfix_u32(fp, 0);
		zipfix_u32(fp, (uint32_t)(end - cd));
		zipfix_u32(fp, 0);
		zipfix_u32(fp, (uint32_t)cd);
		zipfix_u32(fp, 0);
		zipfix_u32(fp, 0x07064b50u);
		zipfix_u32(fp, 0);
		zipfix_u32(fp, (uint32_t)end);
		zipfix_u32(fp, 0);
		zipfix_u32(fp, 1);
	}
	zipfix_u32(fp, 0x06054b50u);
	zipfix_u16(fp, disk);
	zipfix_u16(fp, disk);
	zipfix_u16(fp, n > 0xffff ? 0xffff : (unsigned)n);
	zipfix_u16(fp, n > 0xffff ? 0xffff : (unsigned)n);
	zipfix_u32(fp, (uint32_t)(end - cd));
	zipfix_u32(fp, (uint32_t)cd);
	zipfix_u16(fp, 0);
	cr_assert_eq(fclose(fp), 0);
	free(offsets);
}

/* Writes n deflated entries to path through libzip. */
static void
zipfix_deflated(const char *path, const struct zipfix_entry *e, size_t n)
{
	int code = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
	size_t i;

	cr_assert_not_null(za, "zip_open %s: %d", path, code);
	for (i = 0; i < n; i++) {
		const char *data = e[i].data ? e[i].data : "";
		size_t len = e[i].len ? e[i].len : strlen(data);
		zip_source_t *src = zip_source_buffer(za, data, len, 0);
		zip_int64_t k;

		cr_assert_not_null(src);
		k = zip_file_add(za, e[i].name, src, ZIP_FL_ENC_UTF_8);
		cr_assert(k >= 0, "%s", zip_strerror(za));
		cr_assert_eq(zip_set_file_compression(za, (zip_uint64_t)k,
		    ZIP_CM_DEFLATE, 9), 0);
	}
	cr_assert_eq(zip_close(za), 0, "zip_close %s", path);
}

#endif
