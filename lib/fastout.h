/*
 * fastout.h - stdio writes without the per-call lock, where the C library
 * has them (glibc): the report renderers write millions of short pieces
 * to a FILE no other thread touches, and the lock was a seventh of
 * pl-report's time.  Elsewhere these are the plain calls.
 *
 * Include it first, before any system header: it asks for the GNU names.
 * Only code that writes a FILE from one thread at a time may use it.
 */
#ifndef PL_FASTOUT_H
#define PL_FASTOUT_H

#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include <stdio.h>

#ifdef __GLIBC__
#define out_write(p, size, n, fp) fwrite_unlocked(p, size, n, fp)
#define out_puts(s, fp) fputs_unlocked(s, fp)
#else
#define out_write(p, size, n, fp) fwrite(p, size, n, fp)
#define out_puts(s, fp) fputs(s, fp)
#endif
/* POSIX has this one. */
#define out_putc(c, fp) putc_unlocked(c, fp)

#endif
