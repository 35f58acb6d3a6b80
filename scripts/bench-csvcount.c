/*
 * bench-csvcount - the libcsv parsing floor: counts the fields and records
 * of a CSV file with libcsv's default callbacks doing nothing else, read in
 * 64 KiB blocks, the way any libcsv-based tool must at least work.
 *
 *   bench-csvcount FILE
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long fields, records;

static void
on_field(void *s, size_t n, void *arg)
{
	(void)s;
	(void)n;
	(void)arg;
	fields++;
}

static void
on_row(int c, void *arg)
{
	(void)c;
	(void)arg;
	records++;
}

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	struct csv_parser p;
	FILE *fp;
	size_t n;

	if (argc != 2 || (fp = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: bench-csvcount FILE\n");
		return 2;
	}
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return 1;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n)
			return 1;
	csv_fini(&p, on_field, on_row, NULL);
	csv_free(&p);
	fclose(fp);
	printf("%lu records, %lu fields\n", records, fields);
	return 0;
}
