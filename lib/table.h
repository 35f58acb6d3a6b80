/*
 * table.h - reading and writing the CSV/TSV tables every tool speaks.
 *
 * Reader: CSV (RFC 4180, on libcsv) or TSV (a line scanner), the dialect
 * detected from the header line (tab > ';' > ','), a UTF-8 BOM skipped, CRLF
 * or LF, quoted fields holding delimiters, quotes and newlines.  It streams:
 * only the current record is held.  Each record knows the physical line on
 * which it starts.  Columns are found by name, case-insensitively, trimmed.
 *
 * Writer: CSV quoted only where needed, TSV with backslash escapes (\t \n \r
 * \\), optionally for spreadsheets (BOM, CRLF, formula injection
 * neutralised).
 *
 * Arguments are borrowed.  What table_open and table_writer_new return
 * belongs to the caller.  Field pointers from table_field stay valid until
 * the next table_next or table_close.
 */
#ifndef PL_TABLE_H
#define PL_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* Default bound on one field, and on one whole record. */
#define TABLE_MAX_FIELD (1u << 20)
#define TABLE_MAX_FIELDS 65536

struct table_opts {
	char delim;		/* 0: detect; otherwise ',', '\t', ';', ... */
	size_t max_field;	/* bytes; 0 means TABLE_MAX_FIELD */
};

struct table;

/*
 * Opens a table on fp (borrowed; not closed by table_close) and reads its
 * header.  name is used in messages ("-" or NULL for standard input, shown
 * as "(stdin)").  Returns NULL with err set (status 1) on an empty input, a
 * read error or a malformed header.
 */
struct table *table_open(FILE *fp, const char *name,
    const struct table_opts *opts, struct pl_err *err);
/*
 * The same on an input whose first head_len bytes (head, borrowed) were
 * already read from fp by the caller: the table reads them first, then
 * the rest of fp.
 */
struct table *table_open_head(FILE *fp, const char *head, size_t head_len,
    const char *name, const struct table_opts *opts, struct pl_err *err);
void table_close(struct table *t);
/* Makes the current record the header, its fields the column names: for
 * exports whose header row follows a preamble (MyLab's). */
void table_reheader(struct table *t);

/* The name used in messages. */
const char *table_name(const struct table *t);
/* The delimiter in use: ',', '\t', ';' or what opts said. */
char table_delim(const struct table *t);
size_t table_ncols(const struct table *t);
/* Column i's name as written in the header (trimmed). */
const char *table_colname(const struct table *t, size_t i);
/* Index of the column called name (case-insensitive), or -1. */
long table_col(const struct table *t, const char *name);
/*
 * Finds each of the n names; idx[i] gets its index, or -1.  When a name
 * marked required (req[i] != 0) is absent, sets err (status 2: "missing
 * required column "x" (found: a, b, c)") and returns -1.
 */
int table_cols(const struct table *t, const char *const *names,
    const int *req, size_t n, long *idx, struct pl_err *err);

/*
 * Reads the next record.  Returns 1 for a record, 0 at the end of the
 * input, -1 on a fatal error (unterminated quote at the end, a field over
 * the size bound, a read error) with err set.  Blank lines are skipped.
 */
int table_next(struct table *t, struct pl_err *err);
size_t table_nfields(const struct table *t);
/* A field where it lies in the input, not NUL-terminated. */
struct table_span {
	const char *s;
	size_t len;
};

/*
 * The fast way through the common line: when the next line is short,
 * whole in the buffer, holds no quote, CR or NUL (in TSV, no backslash),
 * has the header's number of fields (at least 2) and is not the header
 * repeated, puts its fields in f (table_ncols of them) and returns its
 * length with its LF; else returns 0, and table_next reads it.  table_next
 * would read the same fields and table_problem find nothing wrong.  The
 * spans stay valid until the next table_next, table_take or table_close.
 */
size_t table_peek(struct table *t, struct table_span *f);
/*
 * Consumes the line table_peek returned (used, its return), as table_next
 * would: it counts as a record and its line is table_line's; but it is
 * not current, and table_field gives "" until the next table_next.
 */
void table_take(struct table *t, size_t used);

/* Field i of the current record, NUL-terminated, its length in *len (may
 * be NULL); "" when i is past the end of a short record. */
const char *table_field(const struct table *t, size_t i, size_t *len);
/*
 * A spreadsheet's text formula: s[0..n) that is exactly '=' and one
 * double-quoted string with its inner quotes doubled (="00123",
 * ="say ""hi""") stands for that string, the text a spreadsheet shows.
 * Returns 1, writes the string's length to *outlen and, when out is not
 * NULL, the string to out (at most n - 3 bytes, no NUL; out may be s).
 * Returns 0 for anything else, which stays text as it stands: no other
 * formula is evaluated.  One level: the string may be a formula again.
 */
int table_formula_text(const char *s, size_t n, char *out, size_t *outlen);
/*
 * Field i of the current record read as the text of an id, name or other
 * text column of an export: trimmed, and while it is a text formula
 * (table_formula_text), replaced by its string and trimmed again.  Not
 * NUL-terminated; valid until the next table_next or table_close.
 * pl-import reads exports so; canonical tables are read with table_field,
 * as they stand.
 */
const char *table_text(struct table *t, size_t i, size_t *len);
/* Whether numbers in t have a decimal comma: forced (--decimal-comma),
 * or t is semicolon-delimited, as spreadsheets in comma-decimal locales
 * write it. */
int table_decimal_comma(const struct table *t, int forced);
/* The same on text of its own, s[0..*len) (writable): trimmed and, while
 * a text formula, unwrapped in place; returns where the text starts. */
char *table_unwrap_text(char *s, size_t *len);
/*
 * Has fn called every 65536 records read (by any table but a thread's
 * slice), for a progress line; NULL stops it.  Set once by the main.
 */
void table_set_progress(void (*fn)(unsigned long records));
/* Physical line (1-based) on which the current record starts. */
long table_line(const struct table *t);
/* Records read so far, the header excluded. */
unsigned long table_records(const struct table *t);
/*
 * What is structurally wrong with the current record, or NULL: a record
 * with a different number of fields than the header ("3 fields, expected
 * 5"), a NUL byte in a field, or the header line repeated (as when two
 * exports are concatenated).  Written into a buffer owned by t.
 */
const char *table_problem(struct table *t);
/* A short category of the last problem, for summaries: "wrong number of
 * fields", "NUL byte" or "repeated header". */
const char *table_problem_kind(const struct table *t);

/*
 * Reading one file with several threads, each on a slice of it.
 *
 * table_offset: the byte offset in the input of the next record, or -1
 * when the reader cannot say (it holds a record it has not handed out, or
 * stands inside a record).  Right after table_open it is where the first
 * record begins.
 *
 * table_split: reads fp (positioned at byte start of a file of size bytes)
 * and cuts [start, size) into up to n slices of about equal size, each cut
 * just after a newline outside quotes (a quote-parity scan; TSV has no
 * quotes).  cuts[0..n] get the slice bounds (slice i is [cuts[i],
 * cuts[i+1])).  Returns the number of slices, -1 on a read error.
 *
 * table_open_slice: a reader on the next len bytes of fp (positioned by
 * the caller at a slice's start), with head's delimiter and columns; no
 * header is read.  Line numbers count from the slice's start.
 *
 * table_clean_end: after table_next returned 0 on a slice, 1 when the
 * slice ended between records, so the cut was a true record boundary
 * (libcsv, quirks included, agrees with the quote-parity scan).
 */
long long table_offset(const struct table *t);
int table_split(FILE *fp, const struct table *head, long long start,
    long long size, size_t n, long long *cuts);
struct table *table_open_slice(FILE *fp, const struct table *head,
    long long len, struct pl_err *err);
int table_clean_end(const struct table *t);

/* Writer flags. */
enum {
	TABLE_SPREADSHEET = 1,	/* UTF-8 BOM, CRLF, and TABLE_NEUTRALISE */
	TABLE_NEUTRALISE = 2,	/* prefix ' to cells starting = + - @ tab CR */
	TABLE_HOLD = 4		/* write rows in 64 KiB blocks, not one by one
				 * (the caller calls table_writer_flush) */
};

struct table_writer;

/*
 * fp may be NULL: the rows then stay in the writer's memory, to be taken
 * with table_writer_bytes (a thread formats its part of the output so).
 */
struct table_writer *table_writer_new(FILE *fp, char delim, int flags);
/* Writes what is held (a partial row too) to the FILE, if there is one. */
void table_writer_flush(struct table_writer *w);
/* Flushes and frees w; does not close its FILE. */
void table_writer_free(struct table_writer *w);
/*
 * A writer into memory (no FILE) with w's delimiter and flags, its BOM
 * counted as written: a thread formats rows with it, and the caller then
 * table_writer_append's its bytes to w in order.  NULL when w filters or
 * routes rows.
 */
struct table_writer *table_writer_lane(const struct table_writer *w);
/* Adds bytes already formatted (whole rows) to what w writes. */
void table_writer_append(struct table_writer *w, const char *s, size_t n);
/* The bytes held and not yet written; table_writer_clear drops them. */
const char *table_writer_bytes(const struct table_writer *w, size_t *len);
void table_writer_clear(struct table_writer *w);
void table_put(struct table_writer *w, const char *s, size_t n);
void table_puts(struct table_writer *w, const char *s);
/*
 * For a field written again and again (a student's id on each of its
 * rows): table_escape writes s[0..n) into out (room for 2 * n + 8 bytes)
 * as it stands in a row after the header, and returns its length;
 * table_put_escaped then puts s with those bytes, the same as table_put(w,
 * s, n) but for the escaping.
 */
size_t table_escape(const struct table_writer *w, const char *s, size_t n,
    char *out);
void table_put_escaped(struct table_writer *w, const char *s, size_t n,
    const char *esc, size_t escn);
/* 1 when table_escape would write s[0..n) as it is; 1 when writers a and b
 * escape every field alike (the same delimiter, both neutralising
 * formulas or neither). */
int table_escape_keeps(const struct table_writer *w, const char *s,
    size_t n);
int table_writers_escape_alike(const struct table_writer *a,
    const struct table_writer *b);
void table_put_num(struct table_writer *w, double v);
void table_put_int(struct table_writer *w, long v);
void table_put_date(struct table_writer *w, int32_t day);
void table_put_bool(struct table_writer *w, int b);
void table_endrow(struct table_writer *w);
/*
 * A row written in one piece, for rows by the million: table_row_begin
 * gives room for max bytes, where the caller writes the row's cells, each
 * as table_escape or a table_cell_ function writes it, joined by
 * table_writer_delim(w); table_row_end(w, end) then ends the row, as
 * table_endrow would.  NULL when w takes rows only cell by cell (it
 * filters or routes them, the header is not written yet, or cells of
 * this row were put): table_put and table_endrow then.
 */
char *table_row_begin(struct table_writer *w, size_t max);
void table_row_end(struct table_writer *w, char *end);
char table_writer_delim(const struct table_writer *w);
/* The text of a plain cell written at o (room for TABLE_CELL_INT,
 * TABLE_CELL_DATE, NUM_BUFSIZE or 4 bytes), as table_put_int,
 * table_put_date, table_put_num (v finite) and table_put_bool write it;
 * each returns where the cell ends. */
#define TABLE_CELL_INT 24
#define TABLE_CELL_DATE 16
char *table_cell_int(char *o, long v);
char *table_cell_date(char *o, int32_t day);
char *table_cell_num(char *o, double v);
char *table_cell_bool(char *o, int b);
/*
 * Rows can be transformed on their way out.  A filter is called for every
 * field of every row (row 0 is the header) with the field's column index;
 * it may point *s and *n at other bytes (valid until it is called again),
 * or return 1 to leave the field out.
 */
typedef int (*table_filter_fn)(void *arg, unsigned long row, size_t col,
    const char **s, size_t *n);
void table_writer_filter(struct table_writer *w, table_filter_fn fn,
    void *arg);
/*
 * Spreads the rows over fps[0..n) (borrowed) by a stable hash of the column
 * called key (FNV-1a of its text, modulo n; a row without it goes to the
 * first file); the header goes to every file.  The writer's own FILE is
 * then not used.
 */
void table_writer_route(struct table_writer *w, FILE **fps, size_t n,
    const char *key);
/* Writes a whole row of NUL-terminated strings. */
void table_put_row(struct table_writer *w, const char *const *fields,
    size_t n);

#endif
