/*
 * zipfile.c - reading the members of a ZIP archive as streams (libzip does
 * the ZIP format and the inflating; fopencookie gives the table layer the
 * FILE it reads).  The bounds against hostile archives are checked here:
 * unsafe and repeated names when the archive is opened, size and ratio
 * when a member is opened, the declared size while it is read.
 */
#define _GNU_SOURCE
#include "zipfile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <zip.h>

struct zipfile {
	zip_t *za;
	char path[256];		/* as given, for messages */
	uint64_t max_size;
	size_t n;
	char **names;		/* '\' read as '/' */
	size_t *sorted;		/* entry indices in the order of their names */

	/* The open member. */
	FILE *fp;
	zip_file_t *zf;
	char member[1024];	/* "ARCHIVE:MEMBER" */
	uint64_t declared, got;
	char error[256];
};

int
zipfile_sniff(const char *path)
{
	unsigned char head[4];
	struct stat sb;
	FILE *fp;
	size_t n;

	/* Only a regular file: reading a FIFO would take its data. */
	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &sb) != 0 ||
	    !S_ISREG(sb.st_mode) || (fp = fopen(path, "rb")) == NULL)
		return 0;
	n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	return n == 4 && head[0] == 'P' && head[1] == 'K' &&
	    ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
}

/* A name fit for a message: at most 80 bytes, control bytes as '?'. */
static const char *
shown(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 4 < size && i < 80; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (s[i] != '\0') {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}

/* A size as --zip-max-size takes it: "1G", "500M", "512K" or bytes. */
static const char *
size_text(uint64_t v, char *buf, size_t size)
{
	static const char units[] = "TGMK";
	int shift;

	for (shift = 40; shift >= 10; shift -= 10)
		if (v >= (UINT64_C(1) << shift) &&
		    v % (UINT64_C(1) << shift) == 0) {
			snprintf(buf, size, "%" PRIu64 "%c", v >> shift,
			    units[(40 - shift) / 10]);
			return buf;
		}
	snprintf(buf, size, "%" PRIu64, v);
	return buf;
}

/* 1 when extracting name would leave the folder (it is absolute, has a
 * drive letter or a ".." part), or when it holds a control byte (which a
 * message would send to the terminal). */
static int
unsafe(const char *name)
{
	const char *p = name, *slash;

	if (name[0] == '/' || (((name[0] | 0x20) >= 'a' &&
	    (name[0] | 0x20) <= 'z') && name[1] == ':'))
		return 1;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 1;
	p = name;
	for (;;) {
		slash = strchr(p, '/');
		if ((slash ? (size_t)(slash - p) : strlen(p)) == 2 &&
		    p[0] == '.' && p[1] == '.')
			return 1;
		if (slash == NULL)
			return 0;
		p = slash + 1;
	}
}

/* For qsort_r: the order of two entries' names. */
static int
by_name(const void *a, const void *b, void *arg)
{
	char *const *names = arg;

	return strcmp(names[*(const size_t *)a], names[*(const size_t *)b]);
}

/* Says why zip_open refused the archive. */
static void
open_error(const char *path, int code, struct pl_err *err)
{
	zip_error_t ze;

	switch (code) {
	case ZIP_ER_NOZIP:
		pl_err_set(err, path, 0, PL_EXIT_DATA, "not a ZIP archive, or a "
		    "truncated one (no directory at its end)");
		return;
	case ZIP_ER_INCONS:
		pl_err_set(err, path, 0, PL_EXIT_DATA, "a damaged ZIP archive "
		    "(its directory is inconsistent)");
		return;
	case ZIP_ER_MULTIDISK:
		pl_err_set(err, path, 0, PL_EXIT_DATA, "a ZIP archive split over "
		    "several files: join them first");
		return;
	}
	zip_error_init_with_code(&ze, code);
	pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot read the ZIP archive: "
	    "%s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
}

/* Reads the names and checks them: none unsafe, none twice. */
static int
read_names(struct zipfile *z, struct pl_err *err)
{
	char buf[100];
	size_t i;

	z->names = xcalloc(z->n ? z->n : 1, sizeof *z->names);
	z->sorted = xcalloc(z->n ? z->n : 1, sizeof *z->sorted);
	for (i = 0; i < z->n; i++) {
		const char *name = zip_get_name(z->za, i, 0);
		char *p;

		if (name == NULL) {
			pl_err_set(err, z->path, 0, PL_EXIT_DATA, "entry %zu: %s",
			    i + 1, zip_strerror(z->za));
			return -1;
		}
		z->names[i] = xstrdup(name);
		for (p = z->names[i]; *p != '\0'; p++)
			if (*p == '\\')
				*p = '/';
		if (unsafe(z->names[i])) {
			pl_err_set(err, z->path, 0, PL_EXIT_DATA, "member \"%s\" "
			    "has an unsafe name (absolute, with a \"..\" part "
			    "or a control character): refused", shown(name, buf,
			    sizeof buf));
			return -1;
		}
		z->sorted[i] = i;
	}
	qsort_r(z->sorted, z->n, sizeof *z->sorted, by_name, z->names);
	for (i = 1; i < z->n; i++)
		if (strcmp(z->names[z->sorted[i - 1]],
		    z->names[z->sorted[i]]) == 0) {
			pl_err_set(err, z->path, 0, PL_EXIT_DATA, "member \"%s\" "
			    "is in the archive twice: refused (which one is "
			    "meant?)", shown(z->names[z->sorted[i]], buf,
			    sizeof buf));
			return -1;
		}
	return 0;
}

struct zipfile *
zipfile_open(const char *path, uint64_t max_size, struct pl_err *err)
{
	struct zipfile *z;
	struct stat sb;
	zip_int64_t n;
	int fd, code = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot open: %s",
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "not a regular file (a "
		    "ZIP archive is read from a file, not a pipe)");
		close(fd);
		return NULL;
	}
	z = xcalloc(1, sizeof *z);
	snprintf(z->path, sizeof z->path, "%s", path);
	z->max_size = max_size ? max_size : ZIPFILE_MAX_SIZE;
	if ((z->za = zip_fdopen(fd, 0, &code)) == NULL) {
		close(fd);
		open_error(path, code, err);
		zipfile_close(z);
		return NULL;
	}
	n = zip_get_num_entries(z->za, 0);
	if (n < 0 || n > ZIPFILE_MAX_ENTRIES) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "%" PRId64 " entries, over "
		    "the limit of %d: refused", (int64_t)n, ZIPFILE_MAX_ENTRIES);
		zipfile_close(z);
		return NULL;
	}
	z->n = (size_t)n;
	if (read_names(z, err) != 0) {
		zipfile_close(z);
		return NULL;
	}
	return z;
}

void
zipfile_close(struct zipfile *z)
{
	size_t i;

	if (z == NULL)
		return;
	zipfile_member_close(z);
	if (z->names != NULL)
		for (i = 0; i < z->n; i++)
			free(z->names[i]);
	free(z->names);
	free(z->sorted);
	/* Read only: nothing to write back. */
	if (z->za != NULL)
		zip_discard(z->za);
	free(z);
}

size_t
zipfile_count(const struct zipfile *z)
{
	return z->n;
}

const char *
zipfile_name(const struct zipfile *z, size_t i)
{
	return z->names[i];
}

long
zipfile_find(const struct zipfile *z, const char *name)
{
	size_t lo = 0, hi = z->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(z->names[z->sorted[mid]], name);

		if (c == 0) {
			size_t len = strlen(name);

			return len > 0 && name[len - 1] == '/' ? -1 :
			    (long)z->sorted[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Records why a read failed; the read then returns -1 with errno EIO. */
static ssize_t
read_failed(struct zipfile *z, const char *why)
{
	snprintf(z->error, sizeof z->error, "%s", why);
	errno = EIO;
	return -1;
}

/* fopencookie's read: inflates at most what the entry declares. */
static ssize_t
member_read(void *cookie, char *buf, size_t size)
{
	struct zipfile *z = cookie;
	uint64_t left = z->declared - z->got;
	zip_int64_t n;
	char why[200];

	if (z->error[0] != '\0') {
		errno = EIO;
		return -1;
	}
	if (left == 0) {
		char extra;

		/* libzip checks the CRC when the data ends: read to there. */
		if ((n = zip_fread(z->zf, &extra, 1)) == 0)
			return 0;
		if (n > 0) {
			snprintf(why, sizeof why, "more data than the %" PRIu64
			    " bytes its entry declares: refused (a damaged or "
			    "hostile archive)", z->declared);
			return read_failed(z, why);
		}
	} else {
		n = zip_fread(z->zf, buf, size < left ? size : (size_t)left);
		if (n > 0) {
			z->got += (uint64_t)n;
			return (ssize_t)n;
		}
		/* Short data: libzip usually says so first. */
		if (n == 0) {
			snprintf(why, sizeof why, "ends after %" PRIu64 " of the %"
			    PRIu64 " bytes its entry declares (the archive is "
			    "damaged)", z->got, z->declared);
			return read_failed(z, why);
		}
	}
	snprintf(why, sizeof why, "cannot read: %s (the archive is damaged)",
	    zip_file_strerror(z->zf));
	return read_failed(z, why);
}

static int
member_close(void *cookie)
{
	struct zipfile *z = cookie;

	if (z->zf != NULL)
		zip_fclose(z->zf);
	z->zf = NULL;
	return 0;
}

FILE *
zipfile_member_open(struct zipfile *z, size_t i, struct pl_err *err)
{
	static const cookie_io_functions_t io = { member_read, NULL, NULL,
	    member_close };
	zip_stat_t sb;
	char buf[32];

	snprintf(z->member, sizeof z->member, "%s:%s", z->path, z->names[i]);
	if (z->fp != NULL) {
		pl_err_set(err, z->member, 0, PL_EXIT_DATA, "another member of "
		    "the archive is still open");
		return NULL;
	}
	zip_stat_init(&sb);
	if (zip_stat_index(z->za, i, 0, &sb) != 0) {
		pl_err_set(err, z->member, 0, PL_EXIT_DATA, "%s",
		    zip_strerror(z->za));
		return NULL;
	}
	if ((sb.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) !=
	    (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) {
		pl_err_set(err, z->member, 0, PL_EXIT_DATA, "its entry declares "
		    "no size: refused");
		return NULL;
	}
	if (sb.size > z->max_size) {
		pl_err_set(err, z->member, 0, PL_EXIT_DATA, "%" PRIu64 " bytes "
		    "uncompressed, over the limit of %s (--zip-max-size): "
		    "refused", (uint64_t)sb.size, size_text(z->max_size, buf,
		    sizeof buf));
		return NULL;
	}
	if (sb.size >= ZIPFILE_RATIO_FROM && (sb.comp_size == 0 ||
	    sb.size / sb.comp_size > ZIPFILE_MAX_RATIO)) {
		pl_err_set(err, z->member, 0, PL_EXIT_DATA, "%" PRIu64 " bytes "
		    "inflate to %" PRIu64 ", over %d times as many: refused as "
		    "a zip bomb (if the archive is genuine, unzip it and give "
		    "the folder)", (uint64_t)sb.comp_size, (uint64_t)sb.size,
		    ZIPFILE_MAX_RATIO);
		return NULL;
	}
	if ((sb.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    sb.encryption_method != ZIP_EM_NONE) {
		pl_err_set(err, z->member, 0, PL_EXIT_DATA, "encrypted: give the "
		    "bundle unencrypted");
		return NULL;
	}
	if ((z->zf = zip_fopen_index(z->za, i, 0)) == NULL) {
		if (zip_error_code_zip(zip_get_error(z->za)) ==
		    ZIP_ER_COMPNOTSUPP)
			pl_err_set(err, z->member, 0, PL_EXIT_DATA, "compressed "
			    "by method %u, which this libzip cannot read (zip it "
			    "again with deflate)", (unsigned)sb.comp_method);
		else
			pl_err_set(err, z->member, 0, PL_EXIT_DATA, "cannot read: "
			    "%s", zip_strerror(z->za));
		return NULL;
	}
	z->declared = sb.size;
	z->got = 0;
	z->error[0] = '\0';
	if ((z->fp = fopencookie(z, "r", io)) == NULL) {
		pl_err_set(err, z->member, 0, PL_EXIT_DATA, "cannot read: %s",
		    strerror(errno));
		member_close(z);
	}
	return z->fp;
}

const char *
zipfile_member_error(const struct zipfile *z)
{
	return z->fp != NULL && z->error[0] != '\0' ? z->error : NULL;
}

void
zipfile_member_close(struct zipfile *z)
{
	if (z->fp != NULL)
		fclose(z->fp);
	z->fp = NULL;
}
