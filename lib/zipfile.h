/*
 * zipfile.h - the members of a ZIP archive read as streams (on libzip),
 * with bounds against hostile archives.  Nothing is ever extracted to disk.
 *
 * zipfile_open reads the archive's directory and refuses an archive with
 * an unsafe member name (absolute, a drive letter, a ".." part) or one
 * name twice.  Names are matched with '\' read as '/' (some Windows tools
 * write it).  A member is read through a FILE that yields its bytes as
 * they are inflated: one member is open at a time and none is ever held
 * whole in memory.  Before reading, a member larger than the size limit,
 * or one of over ZIPFILE_RATIO_FROM bytes inflating to more than
 * ZIPFILE_MAX_RATIO times its compressed size, is refused; while reading,
 * a member that yields more (or fewer) bytes than its entry declares, or
 * fails its CRC, makes the read fail.
 *
 * Arguments are borrowed.  What zipfile_open returns belongs to the caller
 * (zipfile_close); the FILE of zipfile_member_open belongs to the zipfile
 * (zipfile_member_close).  Names from zipfile_name live as long as the
 * zipfile.  Messages name the archive as given, and a member as
 * "ARCHIVE:MEMBER".
 */
#ifndef PL_ZIPFILE_H
#define PL_ZIPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* The default bound on one member's uncompressed size: 1 GiB. */
#define ZIPFILE_MAX_SIZE (UINT64_C(1) << 30)
/* Inflating more than this many bytes per compressed byte is a zip bomb
 * (deflate reaches about 1030; real CSV files about 3 to 10)... */
#define ZIPFILE_MAX_RATIO 100
/* ... for members of at least this many bytes (1 MiB). */
#define ZIPFILE_RATIO_FROM (UINT64_C(1) << 20)
/* More entries than this is not an archive of a few tables. */
#define ZIPFILE_MAX_ENTRIES 65536

struct zipfile;

/* 1 when path is a regular file that begins as a ZIP archive does (a
 * local file header, or the end record of an empty archive). */
int zipfile_sniff(const char *path);

/*
 * Opens the archive at path.  max_size bounds each member's uncompressed
 * size (0: ZIPFILE_MAX_SIZE).  Returns NULL with err set (status 1) when
 * the file cannot be opened, is not a ZIP archive (or a truncated one), or
 * has an unsafe or repeated member name.
 */
struct zipfile *zipfile_open(const char *path, uint64_t max_size,
    struct pl_err *err);
/* Closes the open member, if any, and the archive. */
void zipfile_close(struct zipfile *z);

/* The number of entries, directories included. */
size_t zipfile_count(const struct zipfile *z);
/* Entry i's name, '\' read as '/'; directories end in '/'. */
const char *zipfile_name(const struct zipfile *z, size_t i);
/* The index of the member (not a directory) called name, or -1. */
long zipfile_find(const struct zipfile *z, const char *name);

/*
 * Opens member i for reading and returns its stream, or NULL with err set
 * (naming "ARCHIVE:MEMBER", status 1) when another member is open, or the
 * member is too large, inflates absurdly, is encrypted or cannot be read.
 */
FILE *zipfile_member_open(struct zipfile *z, size_t i, struct pl_err *err);
/*
 * When a read of the open member failed (fread short, ferror set, errno
 * EIO), why: "CRC error: the archive is damaged", ...; NULL otherwise.
 */
const char *zipfile_member_error(const struct zipfile *z);
/* Closes the open member's stream (nothing when none is open). */
void zipfile_member_close(struct zipfile *z);

#endif
