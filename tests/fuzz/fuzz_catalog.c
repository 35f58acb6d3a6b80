/*
 * fuzz_catalog.c - the catalog loaders (objectives, roster, activities,
 * calendar) on arbitrary tables: the input path that pl-progress, pl-plan
 * and pl-report share.  The loaders take a path, so the bytes go into a
 * memfd read through /proc/self/fd.  The first byte picks the loader and
 * the date flags.  Oracles: a refusal names the file and says why; a load
 * holds unique, non-empty ids that find themselves, valid dates, numbers
 * >= 0, non-empty list items, and a calendar sorted without repeats.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "catalog.h"
#include "date.h"
#include "fuzz.h"

static int memfd = -1;
static char path[64];

static void
check_date(int32_t d)
{
	int y, m, dd;

	if (d == DATE_NONE)
		return;
	date_to_ymd(d, &y, &m, &dd);
	FUZZ_CHECK(date_valid_ymd(y, m, dd), "day %ld", (long)d);
}

static void
check_list(const struct catalog_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		FUZZ_CHECK(l->v[i][0] != '\0' && l->v[i][0] != ' ' &&
		    strchr(l->v[i], ';') == NULL, "list item \"%s\"", l->v[i]);
}

static void
load(int which, int flags, const struct table_opts *topts)
{
	struct pl_err err;
	size_t i;
	int rc;

	pl_err_clear(&err);
	switch (which) {
	case 0: {
		struct catalog_objectives o;

		rc = catalog_load_objectives(path, topts, flags, &o, &err);
		if (rc != 0)
			break;
		for (i = 0; i < o.n; i++) {
			FUZZ_CHECK(o.v[i].id[0] != '\0', "empty id");
			FUZZ_CHECK(catalog_objective(&o, o.v[i].id,
			    strlen(o.v[i].id)) == (long)i, "id %zu", i);
			FUZZ_CHECK(o.v[i].est_minutes >= 0, "minutes");
			FUZZ_CHECK(o.v[i].line >= 2, "line %ld", o.v[i].line);
			check_date(o.v[i].due);
			check_list(&o.v[i].prereqs);
		}
		catalog_free_objectives(&o);
		break;
	}
	case 1: {
		struct catalog_roster r;

		rc = catalog_load_roster(path, topts, flags, &r, &err);
		if (rc != 0)
			break;
		for (i = 0; i < r.n; i++) {
			FUZZ_CHECK(r.v[i].id[0] != '\0', "empty id");
			FUZZ_CHECK(catalog_student(&r, r.v[i].id,
			    strlen(r.v[i].id)) == (long)i, "id %zu", i);
			check_date(r.v[i].target);
			check_list(&r.v[i].interests);
			check_list(&r.v[i].modalities);
		}
		catalog_free_roster(&r);
		break;
	}
	case 2: {
		struct catalog_activities a;

		rc = catalog_load_activities(path, topts, &a, &err);
		if (rc != 0)
			break;
		for (i = 0; i < a.n; i++) {
			FUZZ_CHECK(a.v[i].id[0] != '\0' &&
			    a.v[i].objective[0] != '\0', "empty id");
			FUZZ_CHECK(a.v[i].minutes >= 0, "minutes");
			check_list(&a.v[i].tags);
		}
		catalog_free_activities(&a);
		break;
	}
	default: {
		struct catalog_calendar c;

		rc = catalog_load_calendar(path, topts, flags, &c, &err);
		if (rc != 0)
			break;
		for (i = 0; i < c.n; i++) {
			check_date(c.days[i]);
			FUZZ_CHECK(i == 0 || c.days[i] > c.days[i - 1],
			    "calendar not sorted at %zu", i);
			FUZZ_CHECK(c.names[i] != NULL, "name");
		}
		catalog_free_calendar(&c);
		break;
	}
	}
	if (rc != 0)
		FUZZ_CHECK(err.msg[0] != '\0' && err.status != 0 &&
		    strcmp(err.file, path) == 0, "refused without a message "
		    "or the file's name (\"%s\": %s)", err.file, err.msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_opts topts;

	if (size < 1)
		return 0;
	if (memfd < 0) {
		memfd = memfd_create("fuzz_catalog", 0);
		FUZZ_CHECK(memfd >= 0, "memfd_create");
		snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
	}
	FUZZ_CHECK(ftruncate(memfd, 0) == 0 && pwrite(memfd, data + 1, size - 1,
	    0) == (ssize_t)(size - 1), "writing the memfd");
	memset(&topts, 0, sizeof topts);
	if (data[0] & 0x40)
		topts.max_field = 64;
	load(data[0] & 3, (data[0] >> 2) & 3, &topts);
	return 0;
}
