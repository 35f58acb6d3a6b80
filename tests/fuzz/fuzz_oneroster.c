/*
 * fuzz_oneroster.c - the OneRoster bundle reader on ZIP archives.  The
 * first byte picks the mode and the options:
 *
 *   bit 0 clear: the rest is the archive itself, through a memfd: libzip,
 *     the name checks, the bounds and the member streams on any bytes;
 *   bit 0 set: the rest is the text of manifest.csv, lineItems.csv,
 *     results.csv, users.csv, enrollments.csv and classes.csv, split by
 *     NUL bytes, written both as a folder and as a stored archive (bit 1:
 *     under a folder "b/");
 *   bit 2 --table roster, bits 3-4 --student-id, bit 5 --class c1,
 *   bit 6 --dmy, bit 7 --zip-max-size 4K (on any bytes only).
 *
 * Oracles: a refusal says why and names the archive, or one of its
 * members as "ARCHIVE:MEMBER"; an archive reads exactly as the folder of
 * the same files: the same status, output bytes, counts and rejects, and
 * the same message on the same line of the same file.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "fuzz.h"
#include "oneroster.h"
#include "reject.h"
#include "../zip_stored.h"

static const char *const FILES[] = { "manifest.csv", "lineItems.csv",
    "results.csv", "users.csv", "enrollments.csv", "classes.csv" };
#define NFILES (sizeof FILES / sizeof FILES[0])

static char dir[64];		/* the folder of the bundle */
static char zip[80];		/* the archive */
static int memfd = -1;
static char mempath[64];

static void
remove_files(void)
{
	char path[128];
	size_t i;

	for (i = 0; i < NFILES; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, FILES[i]);
		unlink(path);
	}
	unlink(zip);
	rmdir(dir);
}

static void
setup(void)
{
	if (dir[0] != '\0')
		return;
	/* In memory when the machine has a tmpfs there: files are written
	 * on every run. */
	snprintf(dir, sizeof dir, "%s/pl-fuzz-oneroster-XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	FUZZ_CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(zip, sizeof zip, "%s.zip", dir);
	atexit(remove_files);
	memfd = memfd_create("fuzz-oneroster", 0);
	FUZZ_CHECK(memfd >= 0, "memfd_create");
	snprintf(mempath, sizeof mempath, "/proc/self/fd/%d", memfd);
}

/* One header of a stored entry: local, or central with its offset. */
static void
header(FILE *fp, const char *name, const char *data, size_t len,
    int central, uint32_t offset)
{
	struct zipfix_entry e;

	memset(&e, 0, sizeof e);
	e.name = name;
	e.data = len ? data : NULL;	/* a part need not end in a NUL */
	e.len = len;
	zipfix_header(fp, &e, central, offset);
}

/* Writes the n parts as the folder's files and as the archive. */
static void
write_bundle(const char *const *part, const size_t *len, size_t n,
    const char *prefix)
{
	uint32_t offsets[NFILES];
	char path[128], name[64];
	long cd, end;
	size_t i;
	FILE *fp;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, FILES[i]);
		fp = fopen(path, "wb");
		FUZZ_CHECK(fp != NULL, "%s", path);
		fwrite(part[i], 1, len[i], fp);
		fclose(fp);
	}
	fp = fopen(zip, "wb");
	FUZZ_CHECK(fp != NULL, "%s", zip);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s%s", prefix, FILES[i]);
		offsets[i] = (uint32_t)ftell(fp);
		header(fp, name, part[i], len[i], 0, 0);
		fwrite(part[i], 1, len[i], fp);
	}
	cd = ftell(fp);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s%s", prefix, FILES[i]);
		header(fp, name, part[i], len[i], 1, offsets[i]);
	}
	end = ftell(fp);
	zipfix_u32(fp, 0x06054b50u);
	zipfix_u32(fp, 0);
	zipfix_u16(fp, (unsigned)n);
	zipfix_u16(fp, (unsigned)n);
	zipfix_u32(fp, (uint32_t)(end - cd));
	zipfix_u32(fp, (uint32_t)cd);
	zipfix_u16(fp, 0);
	fclose(fp);
}

struct outcome {
	int rc;
	struct pl_err err;
	struct import_stats st;
	unsigned long rejected;
	char *out;
	size_t len;
};

static void
run(const char *path, int roster, const struct oneroster_opts *o,
    struct outcome *r)
{
	struct reject *rj;
	struct table_writer *w;
	FILE *mem;

	memset(r, 0, sizeof *r);
	pl_err_clear(&r->err);
	rj = reject_new(NULL, 0, &r->err);
	mem = open_memstream(&r->out, &r->len);
	w = table_writer_new(mem, ',', 0);
	r->rc = roster ? oneroster_roster(path, w, o, 0, rj, &r->st, &r->err) :
	    oneroster_evidence(path, w, o, 0, rj, &r->st, &r->err);
	r->rejected = reject_count(rj);
	if (r->rc != 0)
		FUZZ_CHECK(r->err.msg[0] != '\0' && r->err.status != 0,
		    "failed without a message");
	table_writer_free(w);
	fclose(mem);
	reject_free(rj);
}

/* The file of a message past the bundle's name: "" for the bundle, else
 * the file in it ("results.csv"). */
static const char *
inside(const char *file, const char *bundle, char sep, const char *root)
{
	size_t n = strlen(bundle);

	FUZZ_CHECK(strncmp(file, bundle, n) == 0, "\"%s\" does not name %s",
	    file, bundle);
	if (file[n] == '\0')
		return "";
	FUZZ_CHECK(file[n] == sep, "\"%s\" after %s", file, bundle);
	file += n + 1;
	n = strlen(root);
	FUZZ_CHECK(strncmp(file, root, n) == 0, "\"%s\" is not in %s", file,
	    root);
	return file + n;
}

/* A message with the folder's and the archive's words for a missing file
 * made one. */
static const char *
plain(const char *msg)
{
	static const char *const missing[] = { "No such file or directory (",
	    "no such member in the archive (" };
	size_t i;

	for (i = 0; i < 2; i++)
		if (strncmp(msg, missing[i], strlen(missing[i])) == 0)
			return msg + strlen(missing[i]);
	return msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int ids[] = { ONEROSTER_ID_SOURCED, ONEROSTER_ID_IDENTIFIER,
	    ONEROSTER_ID_USERNAME, ONEROSTER_ID_SOURCED };
	struct oneroster_opts o;
	struct outcome a, b;
	int roster;

	if (size < 1)
		return 0;
	setup();
	memset(&o, 0, sizeof o);
	o.fixed_date = DATE_NONE;
	o.id = (enum oneroster_id)ids[(data[0] >> 3) & 3];
	o.class_id = data[0] & 0x20 ? "c1" : NULL;
	o.date_flags = data[0] & 0x40 ? DATE_DMY : 0;
	roster = (data[0] >> 2) & 1;
	if (!(data[0] & 1)) {
		/* Any bytes as the archive. */
		FUZZ_CHECK(ftruncate(memfd, 0) == 0 && pwrite(memfd, data + 1,
		    size - 1, 0) == (ssize_t)(size - 1), "memfd");
		o.zip = 1;
		o.zip_max_size = data[0] & 0x80 ? 4096 : 0;
		run(mempath, roster, &o, &a);
		if (a.rc != 0)
			inside(a.err.file, mempath, ':', "");
		free(a.out);
		return 0;
	} else {
		const char *part[NFILES], *p = (const char *)data + 1;
		const char *end = (const char *)data + size;
		const char *root = data[0] & 2 ? "b/" : "";
		size_t len[NFILES], n = 0;

		while (n < NFILES) {
			const char *nul = memchr(p, '\0', (size_t)(end - p));

			part[n] = p;
			len[n] = (size_t)((nul ? nul : end) - p);
			n++;
			if (nul == NULL)
				break;
			p = nul + 1;
		}
		remove_files();
		FUZZ_CHECK(mkdir(dir, 0700) == 0, "mkdir %s", dir);
		write_bundle(part, len, n, root);
		o.zip = 0;
		run(dir, roster, &o, &a);
		o.zip = 1;
		run(zip, roster, &o, &b);
		FUZZ_CHECK(a.rc == b.rc, "folder %d (%s: %s), archive %d (%s: %s)",
		    a.rc, a.err.file, a.err.msg, b.rc, b.err.file, b.err.msg);
		if (a.rc != 0) {
			const char *fa = inside(a.err.file, dir, '/', "");
			const char *fb = inside(b.err.file, zip, ':', root);

			FUZZ_CHECK(strcmp(fa, fb) == 0 &&
			    a.err.line == b.err.line &&
			    a.err.status == b.err.status &&
			    strcmp(plain(a.err.msg), plain(b.err.msg)) == 0,
			    "folder %s:%ld: %s; archive %s:%ld: %s", a.err.file,
			    a.err.line, a.err.msg, b.err.file, b.err.line,
			    b.err.msg);
		}
		FUZZ_CHECK(a.len == b.len && memcmp(a.out, b.out, a.len) == 0,
		    "outputs differ:\n%.*s---\n%.*s", (int)a.len, a.out,
		    (int)b.len, b.out);
		FUZZ_CHECK(a.st.records == b.st.records &&
		    a.st.written == b.st.written &&
		    a.st.no_evidence == b.st.no_evidence &&
		    a.st.nnotes == b.st.nnotes && a.rejected == b.rejected,
		    "counts differ");
		free(a.out);
		free(b.out);
	}
	return 0;
}
