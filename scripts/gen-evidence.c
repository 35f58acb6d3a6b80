/*
 * gen-evidence - deterministic synthetic evidence for benchmarks.
 *
 *   gen-evidence ROWS [STUDENTS [OBJECTIVES [SEED]]]
 *
 * Writes ROWS evidence rows (student_id,objective_id,date,score,max_score)
 * to stdout: students S0000001.. each working through objectives O001..
 * with scores on a 0-4 scale that rise with practice, dated over a
 * semester, in an order shuffled the way an LMS export interleaves
 * students.  The same arguments always give the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static uint64_t
next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int
main(int argc, char **argv)
{
	long rows = argc > 1 ? atol(argv[1]) : 1000000;
	long students = argc > 2 ? atol(argv[2]) : rows / 200 + 1;
	long objectives = argc > 3 ? atol(argv[3]) : 100;
	uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 20261125;
	long i;
	static char buf[1 << 16];

	if (rows < 0 || students < 1 || objectives < 1 || objectives > 999) {
		fprintf(stderr, "usage: gen-evidence ROWS [STUDENTS [OBJECTIVES [SEED]]]\n");
		return 2;
	}
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	state = seed;
	fputs("student_id,objective_id,date,score,max_score\n", stdout);
	for (i = 0; i < rows; i++) {
		uint64_t r = next();
		long s = (long)(r % (uint64_t)students);
		long o = (long)((r >> 20) % (uint64_t)objectives);
		int day = (int)((r >> 40) % 110);	/* 2026-08-24 + day */
		int ability = (int)((uint64_t)(s * 2654435761u) % 3);
		int score = (int)((r >> 50) % 3) + (day > 40) + (ability > 0);
		int m = 8 + day / 31, d = 24 + day % 31;

		if (score > 4)
			score = 4;
		if (d > 30) {
			d -= 30;
			m++;
		}
		if (m > 12)
			m = 12;
		printf("S%07ld,O%03ld,2026-%02d-%02d,%d,4\n", s + 1, o + 1, m, d,
		    score);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
