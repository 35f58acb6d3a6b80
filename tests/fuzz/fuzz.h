/*
 * fuzz.h - helpers shared by the libFuzzer harnesses: a FILE over the
 * fuzzer's bytes and the oracle check that stops the run with a message.
 *
 * What fuzz_open returns belongs to the caller (fclose).
 */
#ifndef PL_FUZZ_H
#define PL_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

/* An oracle failed: say which and where, then abort so libFuzzer keeps
 * the input as a crash. */
#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "oracle failed at %s:%d: %s: ",	\
		    __FILE__, __LINE__, #cond);				\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* A read-only stream over data[0..size); fmemopen refuses size 0 on some
 * C libraries, so an empty input reads /dev/null. */
static inline FILE *
fuzz_open(const void *data, size_t size)
{
	if (size == 0)
		return fopen("/dev/null", "r");
	return fmemopen((void *)data, size, "r");
}

#endif
