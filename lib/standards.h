/*
 * standards.h - standards lists turned into the objectives table: as
 * OpenSALT and other CASE tools write them in CSV (the "CASE CSV" import
 * sheet, the "CF Item" sheet, flat code/statement/parent lists), and as
 * CASE servers publish them in JSON (the IMS CASE 1.0 CFPackage of
 * /ims/case/v1p0/CFPackages/{id}).  Both give the same table by the same
 * rules.
 *
 * Arguments are borrowed; nothing returned needs freeing.  The JSON reader
 * uses jansson, whose allocator it replaces (once, at its first call) by
 * one that counts, to bound what a package may take: nothing else in the
 * program may use jansson before that call.
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

/* The largest CASE JSON package read (bytes). */
#define STANDARDS_MAX_JSON (64u << 20)

/*
 * The same from a CASE JSON package buf[0..len) (a UTF-8 byte order mark
 * is skipped) named name in messages.  Items come from "CFItems"
 * (identifier, humanCodingScheme, fullStatement, abbreviatedStatement,
 * listEnumeration), the hierarchy and the prerequisites from the
 * "CFAssociations" of type isChildOf (origin is a child of destination;
 * a child of the CFDocument is a top item) and precedes (origin becomes a
 * prerequisite of destination), matched by their nodes' identifiers;
 * siblings, top items included, are ordered by the isChildOf
 * sequenceNumber, else a numeric listEnumeration, else the file's order.
 * Other association types are not used.  A bad item or association (not
 * an object, a member of the wrong type or over TABLE_MAX_FIELD, no id, a
 * duplicate id, a link without an identifier) goes to rj as "CFItems[i]"
 * or "CFAssociations[i]".  Returns 0, or -1 with err set: invalid JSON
 * (with jansson's line and column), over STANDARDS_MAX_JSON or the memory
 * budget, not a package: status 1; no "CFItems" member: status 2.
 */
int standards_json_objectives(const char *buf, size_t len, const char *name,
    struct table_writer *w, enum standards_id id, int header_done,
    struct reject *rj, struct import_stats *st, struct pl_err *err);

#endif
