/*
 * output.c - atomic output files.  A regular file (or a new path) is
 * written to a temporary file beside it, flushed, fsynced and renamed over
 * the target only when everything was written; anything else (a device,
 * a FIFO) is written straight through, and a path that is the tool's own
 * standard output or error (/dev/stdout redirected to a file) through that
 * descriptor.  A symbolic link stays a link: the file it names, there or
 * not yet, is the one replaced so.  Temporary files are removed if the
 * process is interrupted or exits without committing them.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PENDING 64

struct output {
	FILE *fp;
	char *path;		/* target, NULL for stdout */
	char *real;		/* the file a link names, or NULL: path */
	char *tmp;		/* temporary file, NULL when straight through */
	int slot;
	int ready;		/* output_prepare closed the temporary file */
};

/* Temporary files to remove on a signal; async-signal-safe to read. */
static char *volatile pending[MAX_PENDING];
static int handlers_installed;

static void
on_signal(int sig)
{
	int i;

	for (i = 0; i < MAX_PENDING; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* At exit, whatever the way (an error's exit, out of memory in any
 * thread), no temporary file stays behind: a committed one is no longer
 * pending. */
static void
on_exit_unlink(void)
{
	int i;

	for (i = 0; i < MAX_PENDING; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
}

static void
install_handlers(void)
{
	struct sigaction sa;
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	if (handlers_installed)
		return;
	handlers_installed = 1;
	atexit(on_exit_unlink);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;

		/* Keep an inherited "ignore" (nohup) as it is. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static int
track(char *tmp)
{
	int i;

	for (i = 0; i < MAX_PENDING; i++) {
		if (pending[i] == NULL) {
			pending[i] = tmp;
			return i;
		}
	}
	return -1;
}

static void
untrack(struct output *o)
{
	if (o->slot >= 0)
		pending[o->slot] = NULL;
	o->slot = -1;
}

/* 1 or 2 when st is the file on that descriptor of ours, else 0. */
static int
own_descriptor(const struct stat *st)
{
	struct stat fs;
	int fd;

	for (fd = 1; fd <= 2; fd++)
		if (fstat(fd, &fs) == 0 && fs.st_dev == st->st_dev &&
		    fs.st_ino == st->st_ino)
			return fd;
	return 0;
}

/* Straight through: our own descriptor fd (its offset and O_APPEND kept),
 * or, when fd is 0, path opened afresh. */
static int
open_through(struct output *o, const char *path, int fd, struct pl_err *err)
{
	int d = fd ? dup(fd) : -1;

	o->fp = fd ? (d < 0 ? NULL : fdopen(d, "w")) : fopen(path, "w");
	if (o->fp == NULL) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot write: %s",
		    strerror(errno));
		if (d >= 0)
			close(d);
		return -1;
	}
	return 0;
}

/*
 * The file a chain of symbolic links at path names (a copy of path when it
 * is no link), whether that file exists or not, in a new string; NULL with
 * errno set when a link cannot be read or the chain is over 40 links.
 */
static char *
link_target(const char *path)
{
	char *cur = xstrdup(path), buf[4096];
	struct stat st;
	int hops;

	for (hops = 0; hops <= 40; hops++) {
		const char *slash;
		ssize_t n;
		char *next;

		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		if ((n = readlink(cur, buf, sizeof buf)) < 0)
			break;
		if ((size_t)n == sizeof buf) {
			errno = ENAMETOOLONG;
			break;
		}
		/* A relative link is relative to its own folder. */
		slash = buf[0] == '/' ? NULL : strrchr(cur, '/');
		next = xmalloc((slash ? (size_t)(slash - cur) + 1 : 0) +
		    (size_t)n + 1);
		sprintf(next, "%.*s%.*s", slash ? (int)(slash - cur) + 1 : 0,
		    cur, (int)n, buf);
		free(cur);
		cur = next;
	}
	if (hops > 40)
		errno = ELOOP;
	free(cur);
	return NULL;
}

struct output *
output_open(const char *path, mode_t mode, struct pl_err *err)
{
	struct output *o = xcalloc(1, sizeof *o);
	struct stat st;
	const char *slash, *dest = path;
	int exists, fd;
	size_t n;

	o->slot = -1;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return o;
	}
	o->path = xstrdup(path);
	exists = stat(path, &st) == 0;
	/* Never renamed over: our own stdout or stderr (/dev/stdout to a
	 * file), anything but a regular file. */
	if (exists && (fd = own_descriptor(&st)) != 0) {
		if (open_through(o, path, fd, err) != 0)
			goto fail;
		return o;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		if (open_through(o, path, 0, err) != 0)
			goto fail;
		return o;
	}
	if (exists)
		mode = st.st_mode & 07777;
	/* A link stays: the file it names, there or not yet, is replaced. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((o->real = link_target(path)) == NULL) {
			pl_err_set(err, path, 0, PL_EXIT_DATA,
			    "cannot write: %s", strerror(errno));
			goto fail;
		}
		dest = o->real;
	}
	slash = strrchr(dest, '/');
	o->tmp = xmalloc(strlen(dest) + 16);
	if (slash != NULL)
		sprintf(o->tmp, "%.*s/.%s.", (int)(slash - dest), dest,
		    slash + 1);
	else
		sprintf(o->tmp, ".%s.", dest);
	/* mkstemp's template: six X's replaced by a unique name. */
	n = strlen(o->tmp);
	memset(o->tmp + n, 'X', 6);
	o->tmp[n + 6] = '\0';
	install_handlers();
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot write: %s",
		    strerror(errno));
		goto fail;
	}
	o->slot = track(o->tmp);
	if (fchmod(fd, mode) != 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		pl_err_set(err, path, 0, PL_EXIT_DATA, "cannot write: %s",
		    strerror(errno));
		close(fd);
		unlink(o->tmp);
		goto fail;
	}
	return o;
fail:
	untrack(o);
	free(o->tmp);
	free(o->real);
	free(o->path);
	free(o);
	return NULL;
}

FILE *
output_file(struct output *o)
{
	return o->fp;
}

/* Flushes, and for a temporary file fsyncs and closes it; 0, or the
 * errno of the first failure (the file then stays open or closed as
 * o->ready says). */
static int
settle(struct output *o)
{
	int e = 0;

	if (o->ready)
		return 0;
	if (fflush(o->fp) != 0 || ferror(o->fp))
		e = errno ? errno : EIO;
	if (o->tmp != NULL) {
		if (e == 0 && fsync(fileno(o->fp)) != 0)
			e = errno;
		if (fclose(o->fp) != 0 && e == 0)
			e = errno;
		o->ready = 1;
	}
	return e;
}

int
output_prepare(struct output *o, struct pl_err *err)
{
	int e = settle(o);

	if (e != 0)
		pl_err_set(err, o->path ? o->path : "", 0, PL_EXIT_DATA,
		    "write error: %s", strerror(e));
	return e ? -1 : 0;
}

int
output_commit(struct output *o, struct pl_err *err)
{
	const char *name = o->path ? o->path : "(stdout)";
	int e = settle(o), rc = e ? -1 : 0;

	if (o->tmp != NULL) {
		if (rc == 0 && rename(o->tmp, o->real ? o->real : o->path)
		    != 0) {
			e = errno;
			rc = -1;
		}
		if (rc != 0)
			unlink(o->tmp);
		untrack(o);
	} else if (o->path != NULL) {
		if (fclose(o->fp) != 0 && rc == 0) {
			e = errno;
			rc = -1;
		}
	}
	if (rc != 0)
		pl_err_set(err, o->path ? name : "", 0, PL_EXIT_DATA,
		    "write error: %s", strerror(e));
	free(o->tmp);
	free(o->real);
	free(o->path);
	free(o);
	return rc;
}

void
output_abort(struct output *o)
{
	if (o == NULL)
		return;
	if (o->tmp != NULL) {
		if (!o->ready)
			fclose(o->fp);
		unlink(o->tmp);
		untrack(o);
	} else if (o->path != NULL) {
		fclose(o->fp);
	} else {
		fflush(o->fp);
	}
	free(o->tmp);
	free(o->real);
	free(o->path);
	free(o);
}
