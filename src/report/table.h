/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The table toolkit: a view declares its columns with a type, fills rows of
 * typed values (jansson objects keyed by the columns' keys), and this prints
 * them in whichever format was asked for: the aligned table, raw (-r),
 * pairs (-P) and no headings (-n) through libsmartcols, CSV, or JSON
 * through jansson.  Column selection (-o) and sorting (--sort) work on the
 * rows before any format sees them, so they choose and order keys but never
 * change a key or its type: the JSON of a row is the same object whatever
 * the options.
 */
#ifndef IRQSIM_REPORT_TABLE_H
#define IRQSIM_REPORT_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct irqsim_output;
struct cpumask;

/* What a column holds, in JSON and in the text table */
enum report_type {
	RT_STRING,  /* a string */
	RT_TEXT,    /* a string of prose: the aligned table may wrap it */
	RT_NUMBER,  /* an integer */
	RT_BOOL,    /* true/false; "yes"/"no" in text */
	RT_NUMBERS, /* an array of integers; "24,25,26" in text */
	RT_CPULIST, /* an array of CPU numbers; a cpu list "0-3,8" in text */
	RT_STRINGS, /* an array of strings; "a,b" in text */
};

/*
 * One column.  key is its JSON key, its -P and --csv name and, in upper
 * case, its heading; lower-case snake case.  A nullable column's missing
 * value is JSON null ("-" in text).  extra columns are shown only when -o
 * names them (JSON included).
 */
struct report_column {
	const char *key;
	const char *help;
	enum report_type type;
	bool nullable;
	bool extra;
};

struct report_table;

/*
 * A table of the given columns for fmt.  NULL with err ("irqsim: unknown
 * column 'X' (columns: ...)") on an unknown -o or --sort column, before
 * anything is printed, or on allocation failure.
 */
struct report_table *report_table_new(const struct report_column *cols, size_t n, const struct irqsim_output *fmt,
				      char *err, size_t errlen);
/* A new row (owned by the table) to fill with report_set; NULL if out of memory. */
json_t *report_table_row(struct report_table *tb);
/*
 * The selected columns of every row, in --sort order, as a JSON array of
 * objects (a new reference); NULL if out of memory.
 */
json_t *report_table_json(struct report_table *tb);
/* Print the table as text (aligned, raw, pairs or CSV as fmt says); 0 or -1 (out of memory). */
int report_table_text(struct report_table *tb, FILE *out);
/* Tests: print every aligned table with libsmartcols, as the plain path must match it */
extern _Thread_local bool report_table_scols_forced;
void report_table_free(struct report_table *tb);
/* Print the columns, one a line: KEY  what it shows (--list-columns). */
void report_columns_print(const struct report_column *cols, size_t n, FILE *out);

/*
 * Building JSON values.  Allocation failures are remembered (per thread)
 * and reported by report_doc_print, so a view can fill a document without
 * checking every call.
 */
/* A JSON string of s with invalid UTF-8 replaced by U+FFFD; null for NULL. */
json_t *report_str(const char *s);
json_t *report_int(long long v);
/* An index (of a device, a CPU), or null for -1 (none) */
json_t *report_index(int i);
/* The CPUs of a mask as an array of numbers */
json_t *report_cpus(const struct cpumask *m);
/* A cpu list ("0-3,8", as the kernel prints one) as an array of numbers; null if it is not one */
json_t *report_cpulist(const char *list);
/* Set obj[key] = v (taking v's reference). */
void report_set(json_t *obj, const char *key, json_t *v);
/* Append v to the array arr (taking v's reference). */
void report_push(json_t *arr, json_t *v);

/* The version of the JSON documents' format: docs/schema/, README "JSON output" */
#define REPORT_FORMAT_VERSION 1

/*
 * A new document: {"irqsim": {"format_version": 1, "command": command,
 * "view": view or null, "kernel": kernel or null}}.
 */
json_t *report_doc(const char *command, const char *view, const char *kernel);
/*
 * Print a document (indented, keys in insertion order, one trailing newline)
 * and free it.  0, or -1 with "irqsim: out of memory" in err if a value of it
 * could not be allocated.
 */
int report_doc_print(json_t *doc, FILE *out, char *err, size_t errlen);
/*
 * The same, with a last member key whose array is made one element at a
 * time: next(arg, i) returns the i-th element (a new reference; NULL after
 * the last), printed and freed before the next is made.
 */
typedef json_t *report_row_fn(void *arg, size_t i);
int report_doc_print_rows(json_t *doc, const char *key, report_row_fn *next, void *arg, FILE *out, char *err,
			  size_t errlen);

/*
 * Call print(arg, f, err, errlen) with f a text filter (text_filter_open) on
 * out, so that nothing it prints carries a control character or invalid
 * UTF-8 from an input.  print's result, or -1 with "irqsim: write error" if
 * the filtered text could not be written, "irqsim: out of memory".
 */
typedef int report_print_fn(const void *arg, FILE *f, char *err, size_t errlen);
int report_filtered(FILE *out, char *err, size_t errlen, report_print_fn *print, const void *arg);

/*
 * A table as its text form or, with -J, as the document
 * report_doc(command, view, kernel) with the rows under key: a
 * report_print_fn taking a struct report_table_doc.
 */
struct report_table_doc {
	struct report_table *tb;
	const char *command, *view, *kernel, *key;
};
int report_table_doc_print(const void *arg, FILE *out, char *err, size_t errlen);

/* Does fmt ask for more than the default table or JSON? */
bool report_format_custom(const struct irqsim_output *fmt);

#endif
