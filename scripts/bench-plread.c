/*
 * bench-plread - pl's own table reader on its own, the counterpart of
 * bench-csvcount: opens FILE with table_open (CSV or TSV, as detected),
 * reads every record with table_next and looks at every field's bytes,
 * and prints the records, fields and bytes of field text it saw.
 *
 *   bench-plread FILE
 *
 * Built by scripts/bench against build/libpl.a.
 */
#include "table.h"

#include <stdio.h>

int
main(int argc, char **argv)
{
	struct table_opts o = { 0, 0 };
	struct pl_err err;
	struct table *t;
	unsigned long records = 0, fields = 0, bytes = 0;
	unsigned char mix = 0;
	FILE *fp;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-plread FILE\n");
		return 2;
	}
	if ((fp = fopen(argv[1], "r")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	if ((t = table_open(fp, argv[1], &o, &err)) == NULL) {
		fprintf(stderr, "bench-plread: %s\n", err.msg);
		return 1;
	}
	while ((rc = table_next(t, &err)) == 1) {
		size_t i, n = table_nfields(t);

		records++;
		for (i = 0; i < n; i++) {
			size_t len;
			const char *f = table_field(t, i, &len);

			fields++;
			bytes += len;
			if (len)	/* touch the text, as a reader would */
				mix ^= (unsigned char)f[len - 1];
		}
	}
	if (rc < 0)
		fprintf(stderr, "bench-plread: line %ld: %s\n", err.line,
		    err.msg);
	printf("%lu records, %lu fields, %lu bytes of fields (%u)\n", records,
	    fields, bytes, mix);
	table_close(t);
	fclose(fp);
	return rc < 0;
}
