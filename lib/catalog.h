/*
 * catalog.h - the small tables every planning tool loads whole: objectives
 * (the curriculum and pacing guide), the roster, activities and the
 * calendar of days without instruction.
 *
 * A bad value or a duplicate id in these tables is an error naming its line
 * (status 1): they are a school's configuration, not a stream of evidence,
 * so they are fixed rather than skipped.  What catalog_load_* fills belongs
 * to the caller and is released by the matching catalog_free_*.
 */
#ifndef PL_CATALOG_H
#define PL_CATALOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "intern.h"
#include "table.h"

/* A list cell ("a;b;c") split into strings. */
struct catalog_list {
	char **v;
	size_t n, cap;
};

struct catalog_objective {
	char *id, *title, *course, *unit, *rule, *standard;
	struct catalog_list prereqs;
	int32_t due;		/* DATE_NONE when absent */
	double est_minutes;	/* 0 when absent */
	int essential;		/* 1 yes, 0 no or absent */
	long line;
};

struct catalog_objectives {
	struct catalog_objective *v;	/* in file (pacing-guide) order */
	size_t n, cap;
	struct intern *ids;		/* id -> index */
	int has_rule;			/* the table has a rule column */
	char name[256];			/* file, for messages */
};

struct catalog_student {
	char *id, *name, *section, *grade_level, *coach;
	struct catalog_list interests, modalities;
	int32_t target;		/* DATE_NONE when absent */
	long line;
};

struct catalog_roster {
	struct catalog_student *v;
	size_t n, cap;
	struct intern *ids;
	char name[256];
};

struct catalog_activity {
	char *id, *objective, *title, *modality, *phase, *url;
	struct catalog_list tags;
	double minutes;		/* 0 when absent */
	int essential;
	long line;
};

struct catalog_activities {
	struct catalog_activity *v;
	size_t n, cap;
	char name[256];
};

/* Non-instructional dates, sorted, without duplicates. */
struct catalog_calendar {
	int32_t *days;
	size_t n, cap;
	char **names;		/* parallel to days; "" when unnamed */
};

/* path "-" reads stdin.  date_flags: DATE_DMY, DATE_EXCEL. */
int catalog_load_objectives(const char *path, const struct table_opts *topts,
    int date_flags, struct catalog_objectives *out, struct pl_err *err);
int catalog_load_roster(const char *path, const struct table_opts *topts,
    int date_flags, struct catalog_roster *out, struct pl_err *err);
int catalog_load_activities(const char *path, const struct table_opts *topts,
    struct catalog_activities *out, struct pl_err *err);
int catalog_load_calendar(const char *path, const struct table_opts *topts,
    int date_flags, struct catalog_calendar *out, struct pl_err *err);

/* Index of an objective or student id, or -1. */
long catalog_objective(const struct catalog_objectives *o, const char *id,
    size_t len);
long catalog_student(const struct catalog_roster *r, const char *id,
    size_t len);

void catalog_free_objectives(struct catalog_objectives *o);
void catalog_free_roster(struct catalog_roster *r);
void catalog_free_activities(struct catalog_activities *a);
void catalog_free_calendar(struct catalog_calendar *c);

#endif
