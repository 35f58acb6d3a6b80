/*
 * align.h - the alignment table (item_id, objective_id, max_score): which
 * assignment or gradebook column measures which objective.
 *
 * What align_load returns belongs to the caller (align_free).  Strings it
 * returns stay valid until align_free.
 */
#ifndef PL_ALIGN_H
#define PL_ALIGN_H

#include <stddef.h>
#include <stdio.h>

#include "table.h"

struct align;

/* Reads an alignment table from fp (name for messages).  item_id and
 * objective_id are required; max_score optional, read with a decimal
 * comma (8,5) when decimal_comma is set or the table is
 * semicolon-delimited.  A duplicate item_id or a bad max_score is an error
 * (status 1) naming its line. */
struct align *align_open(FILE *fp, const char *name,
    const struct table_opts *topts, int decimal_comma, struct pl_err *err);
/* align_open without --decimal-comma. */
struct align *align_load(FILE *fp, const char *name,
    const struct table_opts *topts, struct pl_err *err);
void align_free(struct align *a);
/* Index of item s[0..n) (matched exactly after trimming), or -1. */
long align_find(const struct align *a, const char *s, size_t n);
const char *align_objective(const struct align *a, long i);
/* 0 when the table gives none. */
double align_max(const struct align *a, long i);
/* Marks entry i as used; align_unused lists the ones never used. */
void align_use(struct align *a, long i);
size_t align_count(const struct align *a);
int align_used(const struct align *a, long i);
const char *align_item(const struct align *a, long i);

#endif
