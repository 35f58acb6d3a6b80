/*
 * standards.h - standards lists as OpenSALT and other CASE tools write
 * them in CSV (the "CASE CSV" import sheet, the "CF Item" sheet, flat
 * code/statement/parent lists) turned into the objectives table.
 *
 * Arguments are borrowed; nothing returned needs freeing.
 */
#ifndef PL_STANDARDS_H
#define PL_STANDARDS_H

#include "import.h"
#include "reject.h"
#include "table.h"

/* Which CASE field becomes objective_id. */
enum standards_id {
	STANDARDS_ID_CODE,	/* humanCodingScheme, else identifier */
	STANDARDS_ID_IDENTIFIER	/* identifier (the CFItem GUID), else code */
};

/*
 * Reads the whole list (it is small) from t and writes objectives
 * (objective_id, title, course_id, unit, prerequisites, standard,
 * identifier) to w, the header unless header_done.  Items that other items
 * are children of ("Is Child Of", "parent") are units and courses, not
 * objectives; the leaves are written depth first, siblings in
 * sequenceNumber order.  "Precedes" makes the row a prerequisite of the
 * item it names.  References are matched against codes and identifiers;
 * unresolved ones are dropped and named in st.  Returns 0, or -1 with err
 * set (a read error, no id column: status 2, a bad row under --strict).
 */
int standards_objectives(struct table *t, struct table_writer *w,
    enum standards_id id, int header_done, struct reject *rj,
    struct import_stats *st, struct pl_err *err);

#endif
