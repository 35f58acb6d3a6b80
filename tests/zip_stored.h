/*
 * zip_stored.h - the headers of a stored ZIP entry, written byte by byte so
 * that a test can give any name, a wrong size or a wrong CRC; shared by
 * the unit tests' fixture (tests/unit/zip_fixture.h) and the fuzz harness
 * that builds bundles (tests/fuzz/fuzz_oneroster.c).  Arguments are
 * borrowed.
 */
#ifndef PL_ZIP_STORED_H
#define PL_ZIP_STORED_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct zipfix_entry {
	const char *name;
	const char *data;	/* NULL: "" */
	size_t len;		/* 0: strlen(data) */
	long declared;		/* the size the entry states; 0: the true one */
	uint32_t crc_xor;	/* flips bits of the stated CRC */
	unsigned flags;		/* general purpose flags: 0x800 marks the
				 * name UTF-8 (else it is read as CP437) */
};

static uint32_t
zipfix_crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return c ^ 0xffffffffu;
}

static void
zipfix_u16(FILE *fp, unsigned v)
{
	fputc((int)(v & 0xff), fp);
	fputc((int)((v >> 8) & 0xff), fp);
}

static void
zipfix_u32(FILE *fp, uint32_t v)
{
	zipfix_u16(fp, v & 0xffff);
	zipfix_u16(fp, v >> 16);
}

/* One header of an entry: local (central 0) or central (its offset). */
static void
zipfix_header(FILE *fp, const struct zipfix_entry *e, int central,
    uint32_t offset)
{
	const char *data = e->data ? e->data : "";
	size_t len = e->len ? e->len : strlen(data);
	uint32_t crc = zipfix_crc32((const unsigned char *)data, len) ^
	    e->crc_xor;
	uint32_t usize = e->declared ? (uint32_t)e->declared : (uint32_t)len;

	zipfix_u32(fp, central ? 0x02014b50u : 0x04034b50u);
	if (central)
		zipfix_u16(fp, 0x031e);	/* made by: Unix, 3.0 */
	zipfix_u16(fp, 20);		/* version needed */
	zipfix_u16(fp, e->flags);
	zipfix_u16(fp, 0);		/* stored */
	zipfix_u16(fp, 0);		/* time */
	zipfix_u16(fp, 0x21);		/* 1980-01-01 */
	zipfix_u32(fp, crc);
	zipfix_u32(fp, (uint32_t)len);
	zipfix_u32(fp, usize);
	zipfix_u16(fp, (unsigned)strlen(e->name));
	zipfix_u16(fp, 0);		/* extra */
	if (central) {
		zipfix_u16(fp, 0);	/* comment */
		zipfix_u16(fp, 0);	/* disk */
		zipfix_u16(fp, 0);	/* internal attributes */
		zipfix_u32(fp, 0);	/* external attributes */
		zipfix_u32(fp, offset);
	}
	fputs(e->name, fp);
}

#endif
