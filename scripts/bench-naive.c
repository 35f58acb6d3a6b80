/*
 * bench-naive - the performance issue's "plain C program with libcsv and
 * a hash table": pl-progress's default job done the obvious way, as a
 * peer in scripts/bench.  libcsv splits the file; each row's score goes
 * onto its student x objective pair's list in an open-addressing hash
 * table keyed by the two ids; at the end the pairs are sorted by id, each
 * pair's scores by date (input order on a tie), and the decaying average
 * (0.65 on the newest), count, last date and level written with stdio.
 * No checks beyond what libcsv does: a number that does not parse is 0.
 *
 *   bench-naive FILE      (student_id,objective_id,date,score,max_score)
 */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct obs {
	double v;
	int32_t date;		/* YYYYMMDD */
	int32_t next;		/* the pair's previous score, or -1 */
};

/* Ids up to 31 bytes together, kept in the entry: sorting then moves
 * entries, and compares without chasing pointers. */
#define KEY 32

struct pair {
	char key[KEY];		/* student '\0' objective '\0', zero-padded */
	int32_t last;		/* newest score read */
	int32_t n;
};

static struct pair *tab;
static size_t nslots, used;
static struct obs *obs;
static size_t nobs, obs_cap;

/* The current row's fields. */
static char f[5][64];
static size_t flen[5], col;
static unsigned long row;

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		fprintf(stderr, "bench-naive: out of memory\n");
		exit(1);
	}
	return p;
}

/* A key's hash, eight bytes at a time. */
static uint64_t
hash(const char *key)
{
	uint64_t h = 0, w;
	size_t i;

	for (i = 0; i < KEY; i += 8) {
		memcpy(&w, key + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	return h;
}

static void
grow(void)
{
	struct pair *old = tab;
	size_t oldn = nslots, i;

	nslots = nslots ? nslots * 2 : 1 << 16;
	tab = xrealloc(NULL, nslots * sizeof *tab);
	memset(tab, 0, nslots * sizeof *tab);
	for (i = 0; i < oldn; i++) {
		size_t j;

		if (old[i].key[0] == '\0')
			continue;
		j = hash(old[i].key) & (nslots - 1);
		while (tab[j].key[0] != '\0')
			j = (j + 1) & (nslots - 1);
		tab[j] = old[i];
	}
	free(old);
}

/* The pair of the current row, added when new. */
static struct pair *
pair_of(void)
{
	char key[KEY] = { 0 };
	size_t j;

	if (flen[0] == 0 || flen[0] + 1 + flen[1] + 1 > KEY) {
		fprintf(stderr, "bench-naive: row %lu: ids empty or too long\n",
		    row);
		exit(1);
	}
	memcpy(key, f[0], flen[0]);
	memcpy(key + flen[0] + 1, f[1], flen[1]);
	if (used * 2 >= nslots)
		grow();
	j = hash(key) & (nslots - 1);
	while (tab[j].key[0] != '\0') {
		if (memcmp(tab[j].key, key, KEY) == 0)
			return &tab[j];
		j = (j + 1) & (nslots - 1);
	}
	memcpy(tab[j].key, key, KEY);
	tab[j].last = -1;
	tab[j].n = 0;
	used++;
	return &tab[j];
}

static void
on_field(void *s, size_t n, void *arg)
{
	(void)arg;
	if (col < 5) {
		if (n > 63)
			n = 63;
		memcpy(f[col], s, n);
		f[col][n] = '\0';
		flen[col] = n;
	}
	col++;
}

static void
on_row(int c, void *arg)
{
	struct pair *p;
	struct obs *o;
	double max;

	(void)c;
	(void)arg;
	if (row++ == 0 || col < 5) {
		col = 0;
		return;
	}
	col = 0;
	p = pair_of();
	if (nobs == obs_cap) {
		obs_cap = obs_cap ? obs_cap * 2 : 1 << 16;
		obs = xrealloc(obs, obs_cap * sizeof *obs);
	}
	o = &obs[nobs];
	max = strtod(f[4], NULL);
	o->v = max > 0 ? strtod(f[3], NULL) / max : 0;
	o->date = (int32_t)(strtol(f[2], NULL, 10) * 10000 +
	    strtol(f[2] + 5, NULL, 10) * 100 + strtol(f[2] + 8, NULL, 10));
	o->next = p->last;
	p->last = (int32_t)nobs++;
	p->n++;
}

/* Zero-padded, NUL between the ids: memcmp orders by student, then
 * objective. */
static int
cmp_pair(const void *a, const void *b)
{
	return memcmp(((const struct pair *)a)->key,
	    ((const struct pair *)b)->key, KEY);
}

/* Scores of a pair: by date, then input order (their index). */
static int
cmp_obs(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	if (obs[x].date != obs[y].date)
		return obs[x].date < obs[y].date ? -1 : 1;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	struct csv_parser cp;
	int32_t *idx = NULL;
	size_t n, i, k, idx_cap = 0;
	FILE *fp;

	if (argc != 2 || (fp = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: bench-naive FILE\n");
		return 2;
	}
	csv_init(&cp, 0);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (csv_parse(&cp, buf, n, on_field, on_row, NULL) != n)
			return 1;
	csv_fini(&cp, on_field, on_row, NULL);
	fclose(fp);
	/* Pack the pairs to the front of the table and sort them. */
	for (i = 0, k = 0; i < nslots; i++)
		if (tab[i].key[0] != '\0')
			tab[k++] = tab[i];
	qsort(tab, k, sizeof *tab, cmp_pair);
	puts("student_id,objective_id,evidence_count,last_date,score,level");
	for (i = 0; i < k; i++) {
		const struct pair *p = &tab[i];
		const char *obj = p->key + strlen(p->key) + 1;
		size_t m = 0, j;
		int32_t at, last;
		double d = 0;

		if ((size_t)p->n > idx_cap) {
			idx_cap = (size_t)p->n * 2;
			idx = xrealloc(idx, idx_cap * sizeof *idx);
		}
		for (at = p->last; at >= 0; at = obs[at].next)
			idx[m++] = at;
		qsort(idx, m, sizeof *idx, cmp_obs);
		for (j = 0; j < m; j++)
			d = j == 0 ? obs[idx[j]].v : 0.35 * d +
			    0.65 * obs[idx[j]].v;
		last = obs[idx[m - 1]].date;
		printf("%s,%s,%zu,%04d-%02d-%02d,%.2f,%s\n", p->key, obj, m,
		    last / 10000, last / 100 % 100, last % 100, d,
		    d < 0.5 ? "beginning" : d < 0.75 ? "developing" :
		    d < 0.9 ? "proficient" : "advanced");
	}
	return 0;
}
