/*
 * align.c - the alignment table, loaded whole (it is small: one row per
 * assignment) into an interned map.
 */
#include "align.h"
#include "intern.h"
#include "num.h"

#include <stdlib.h>
#include <string.h>

struct align {
	struct intern *items;
	char **objectives;
	double *max;
	unsigned char *used;
	size_t cap;
};

struct align *
align_load(FILE *fp, const char *name, const struct table_opts *topts,
    struct pl_err *err)
{
	return align_open(fp, name, topts, 0, err);
}

struct align *
align_open(FILE *fp, const char *name, const struct table_opts *topts,
    int decimal_comma, struct pl_err *err)
{
	static const char *const names[] = { "item_id", "objective_id", "max_score" };
	static const int req[] = { 1, 1, 0 };
	struct align *a = xcalloc(1, sizeof *a);
	struct table *t = table_open(fp, name, topts, err);
	long idx[3];
	int rc;

	a->items = intern_new();
	if (t == NULL || table_cols(t, names, req, 3, idx, err) != 0)
		goto fail;
	decimal_comma = table_decimal_comma(t, decimal_comma);
	while ((rc = table_next(t, err)) == 1) {
		size_t ilen, olen, mlen, n;
		/* The ids may be written ="0042", as the export's are. */
		const char *item = table_text(t, (size_t)idx[0], &ilen);
		const char *obj = table_text(t, (size_t)idx[1], &olen);
		const char *max = idx[2] >= 0 ?
		    table_field(t, (size_t)idx[2], &mlen) : "";
		double m = 0;
		uint32_t id;

		if (idx[2] < 0)
			mlen = 0;
		max = util_trim(max, &mlen);
		if (ilen == 0 || olen == 0) {
			pl_err_set(err, table_name(t), table_line(t), PL_EXIT_DATA,
			    "empty %s", ilen == 0 ? "item_id" : "objective_id");
			goto fail;
		}
		if (mlen > 0 && (num_parse(max, mlen, decimal_comma, &m) != 0 ||
		    !(m > 0))) {
			pl_err_set(err, table_name(t), table_line(t), PL_EXIT_DATA,
			    "max_score \"%.*s\" is not a positive number%s",
			    (int)(mlen > 40 ? 40 : mlen), max, !decimal_comma &&
			    num_parse(max, mlen, 1, &m) == 0 ?
			    " (a decimal comma? give --decimal-comma)" : "");
			goto fail;
		}
		n = intern_count(a->items);
		id = intern_add(a->items, item, ilen);
		if (id < n) {
			pl_err_set(err, table_name(t), table_line(t), PL_EXIT_DATA,
			    "duplicate item_id \"%.*s\"",
			    (int)(ilen > 40 ? 40 : ilen), item);
			goto fail;
		}
		if (id >= a->cap) {
			size_t cap = a->cap;

			a->objectives = xgrow(a->objectives, &cap, id + 1,
			    sizeof *a->objectives);
			cap = a->cap;
			a->max = xgrow(a->max, &cap, id + 1, sizeof *a->max);
			cap = a->cap;
			a->used = xgrow(a->used, &cap, id + 1, 1);
			a->cap = cap;
		}
		a->objectives[id] = xstrndup(obj, olen);
		a->max[id] = m;
		a->used[id] = 0;
	}
	if (rc < 0)
		goto fail;
	table_close(t);
	return a;
fail:
	table_close(t);
	align_free(a);
	return NULL;
}

void
align_free(struct align *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < intern_count(a->items); i++)
		free(a->objectives[i]);
	intern_free(a->items);
	free(a->objectives);
	free(a->max);
	free(a->used);
	free(a);
}

long
align_find(const struct align *a, const char *s, size_t n)
{
	uint32_t id;

	s = util_trim(s, &n);
	id = intern_find(a->items, s, n);
	return id == UINT32_MAX ? -1 : (long)id;
}

const char *
align_objective(const struct align *a, long i)
{
	return a->objectives[i];
}

double
align_max(const struct align *a, long i)
{
	return a->max[i];
}

void
align_use(struct align *a, long i)
{
	a->used[i] = 1;
}

size_t
align_count(const struct align *a)
{
	return intern_count(a->items);
}

int
align_used(const struct align *a, long i)
{
	return a->used[i];
}

const char *
align_item(const struct align *a, long i)
{
	return intern_str(a->items, (uint32_t)i);
}
