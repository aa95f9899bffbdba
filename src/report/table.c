// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table toolkit (table.h): typed rows, -o/--sort on the rows, then
 * libsmartcols for the text forms (as util-linux's lsirq) and jansson for
 * JSON, so a row's keys and types do not depend on the format options.
 * The leaf of report/: it calls nothing else of the folder (the views and
 * the what-if tables build on it; tests/layering/check holds it to that),
 * and it owns the format options' checks (irqsim_output_check).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <libsmartcols.h>
#include <stdlib.h>
#include <string.h>

#include "irq/cpumask.h"
#include "irqsim/irqsim.h"
#include "lib/nomem.h"
#include "lib/oneline.h"
#include "report/table.h"

static _Thread_local bool json_oom;
_Thread_local bool report_table_scols_forced;

/* A failed allocation while a document is built: the print says so, and the entry point counts it (lib/nomem.h) */
static void table_oom(void)
{
	json_oom = true;
	nomem();
}

struct report_table {
	const struct report_column *cols;
	size_t ncols;
	const struct irqsim_output *fmt;
	size_t sel[64]; /* the shown columns, in order */
	size_t nsel;
	int sort; /* column index, -1 */
	json_t *rows;
	/*
	 * nomem_count when the table was made: a row built after an allocation
	 * failure may hold a null for a number it could not make, so a table
	 * is printed only while no failure has been counted since
	 */
	unsigned long nomem_mark;
};

/* Does name (len bytes) name column c?  Case and '-' for '_' do not matter: -o PER-VQ is per_vq. */
static bool column_is(const struct report_column *c, const char *name, size_t len)
{
	if (strlen(c->key) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char a = (char)tolower((unsigned char)name[i]);
		if ((a == '-' ? '_' : a) != c->key[i])
			return false;
	}
	return true;
}

static int column_find(const struct report_table *tb, const char *name, size_t len)
{
	for (size_t i = 0; i < tb->ncols; i++)
		if (column_is(&tb->cols[i], name, len))
			return (int)i;
	return -1;
}

/* "irqsim: unknown column 'X' (columns: a,b,...)"; the name is the user's, printed safely */
static void unknown_column(const struct report_table *tb, const char *what, const char *name, size_t len, char *err,
			   size_t errlen)
{
	char quoted[64];
	snprintf(quoted, sizeof(quoted), "%.*s", (int)(len < 63 ? len : 63), name);
	text_one_line(quoted);
	size_t n = (size_t)snprintf(err, errlen, "irqsim: unknown column '%s'%s (columns:", quoted, what);
	for (size_t i = 0; i < tb->ncols && n < errlen; i++)
		n += (size_t)snprintf(err + n, errlen - n, "%s%s", i ? "," : " ", tb->cols[i].key);
	if (n < errlen)
		snprintf(err + n, errlen - n, ")");
}

/* The -o list: the named columns only, or (+A,B) the default ones and then those */
static int select_columns(struct report_table *tb, const char *list, char *err, size_t errlen)
{
	const size_t max = sizeof(tb->sel) / sizeof(tb->sel[0]);
	bool add = list && list[0] == '+';
	tb->nsel = 0;
	if (!list || add)
		for (size_t i = 0; i < tb->ncols && tb->nsel < max; i++)
			if (!tb->cols[i].extra)
				tb->sel[tb->nsel++] = i;
	if (!list)
		return 0;
	for (const char *p = list + add;;) {
		if (add && *p == '+')
			p++;
		size_t len = strcspn(p, ",");
		int c = column_find(tb, p, len);
		if (c < 0) {
			unknown_column(tb, "", p, len, err, errlen);
			return -1;
		}
		/* a column named twice, or a default one named after '+', moves to its place in the list */
		for (size_t i = 0; i < tb->nsel; i++)
			if (tb->sel[i] == (size_t)c) {
				memmove(tb->sel + i, tb->sel + i + 1, (tb->nsel - i - 1) * sizeof(tb->sel[0]));
				tb->nsel--;
				break;
			}
		if (tb->nsel < max)
			tb->sel[tb->nsel++] = (size_t)c;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

struct report_table *report_table_new(const struct report_column *cols, size_t n, const struct irqsim_output *fmt,
				      char *err, size_t errlen)
{
	static const struct irqsim_output plain;
	struct report_table *tb = nomem_check(calloc(1, sizeof(*tb)));
	if (!tb || !(tb->rows = nomem_check(json_array()))) {
		free(tb);
		snprintf(err, errlen, "irqsim: out of memory");
		return NULL;
	}
	tb->nomem_mark = nomem_count;
	tb->cols = cols;
	tb->ncols = n;
	tb->fmt = fmt ? fmt : &plain;
	tb->sort = -1;
	if (select_columns(tb, tb->fmt->columns, err, errlen))
		goto fail;
	if (tb->fmt->sort && (tb->sort = column_find(tb, tb->fmt->sort, strlen(tb->fmt->sort))) < 0) {
		unknown_column(tb, " for --sort", tb->fmt->sort, strlen(tb->fmt->sort), err, errlen);
		goto fail;
	}
	return tb;
fail:
	report_table_free(tb);
	return NULL;
}

void report_table_free(struct report_table *tb)
{
	if (!tb)
		return;
	json_decref(tb->rows);
	free(tb);
}

json_t *report_table_row(struct report_table *tb)
{
	json_t *row = json_object();
	if (!row || json_array_append_new(tb->rows, row)) {
		table_oom();
		return NULL;
	}
	return row;
}

/*
 * The order of two values of one column: null last, numbers as numbers,
 * strings byte-wise, arrays element by element.  Not locale-dependent.
 */
static int cmp_values(const json_t *a, const json_t *b)
{
	if (!a || json_is_null(a) || !b || json_is_null(b))
		return (!a || json_is_null(a)) - (!b || json_is_null(b));
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);
		return (x > y) - (x < y);
	}
	if (json_is_string(a) && json_is_string(b))
		return strcmp(json_string_value(a), json_string_value(b));
	if (json_is_boolean(a) && json_is_boolean(b))
		return json_is_true(a) - json_is_true(b);
	if (json_is_array(a) && json_is_array(b)) {
		size_t na = json_array_size(a), nb = json_array_size(b);
		for (size_t i = 0; i < na && i < nb; i++) {
			int c = cmp_values(json_array_get(a, i), json_array_get(b, i));
			if (c)
				return c;
		}
		return (na > nb) - (na < nb);
	}
	return 0;
}

struct sort_item {
	json_t *row;
	size_t pos;
	const char *key;
};

static int cmp_rows(const void *x, const void *y)
{
	const struct sort_item *a = x, *b = y;
	int c = cmp_values(json_object_get(a->row, a->key), json_object_get(b->row, b->key));
	/* stable: rows with equal keys keep the view's order */
	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* The rows in --sort order (borrowed references); NULL if out of memory */
static struct sort_item *sorted_rows(struct report_table *tb)
{
	size_t n = json_array_size(tb->rows);
	struct sort_item *v = nomem_check(malloc((n ? n : 1) * sizeof(*v)));
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = (struct sort_item){ json_array_get(tb->rows, i), i, tb->sort >= 0 ? tb->cols[tb->sort].key : NULL };
	if (tb->sort >= 0)
		qsort(v, n, sizeof(*v), cmp_rows);
	return v;
}

json_t *report_table_json(struct report_table *tb)
{
	struct sort_item *v = NULL;
	json_t *arr = NULL;
	if (nomem_count != tb->nomem_mark || !(v = sorted_rows(tb)) || !(arr = json_array()))
		goto oom;
	for (size_t i = 0; i < json_array_size(tb->rows); i++) {
		json_t *o = json_object();
		if (!o || json_array_append_new(arr, o))
			goto oom;
		for (size_t k = 0; k < tb->nsel; k++) {
			const char *key = tb->cols[tb->sel[k]].key;
			json_t *val = json_object_get(v[i].row, key);
			report_set(o, key, val ? json_incref(val) : json_null());
		}
	}
	free(v);
	return arr;
oom:
	table_oom();
	free(v);
	json_decref(arr);
	return NULL;
}

/* Append s to a growing buffer; false if out of memory */
static bool buf_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = (*cap ? *cap * 2 : 64) + n;
		char *b = nomem_check(realloc(*buf, c));
		if (!b)
			return false;
		*buf = b;
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return true;
}

/* A value as text (a new string): "-" for null, yes/no, lists comma-separated, CPU runs as ranges */
static char *value_text(const json_t *v, enum report_type type)
{
	char *buf = NULL, num[64];
	size_t len = 0, cap = 0;
	bool ok = buf_add(&buf, &len, &cap, "", 0);
	/* nothing and an empty list both read "-" in a table */
	if (!v || json_is_null(v) || (json_is_array(v) && !json_array_size(v))) {
		ok = ok && buf_add(&buf, &len, &cap, "-", 1);
	} else if (json_is_string(v)) {
		ok = ok && buf_add(&buf, &len, &cap, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		ok = ok && buf_add(&buf, &len, &cap, num, strlen(num));
	} else if (json_is_boolean(v)) {
		ok = ok && buf_add(&buf, &len, &cap, json_is_true(v) ? "yes" : "no", json_is_true(v) ? 3 : 2);
	} else if (json_is_array(v)) {
		size_t n = json_array_size(v);
		for (size_t i = 0; i < n && ok; i++) {
			const json_t *e = json_array_get(v, i);
			if (i)
				ok = buf_add(&buf, &len, &cap, ",", 1);
			if (json_is_string(e)) {
				ok = ok && buf_add(&buf, &len, &cap, json_string_value(e), json_string_length(e));
				continue;
			}
			json_int_t x = json_integer_value(e), last = x;
			if (type == RT_CPULIST)
				while (i + 1 < n && json_integer_value(json_array_get(v, i + 1)) == last + 1)
					last++, i++;
			if (last > x + 0)
				snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT "-%" JSON_INTEGER_FORMAT, x, last);
			else
				snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, x);
			ok = ok && buf_add(&buf, &len, &cap, num, strlen(num));
		}
	}
	if (!ok) {
		free(buf);
		return NULL;
	}
	/* the text forms print strings from inputs: no control characters, valid UTF-8 */
	return text_one_line(buf);
}

/* The heading of a column: its key in upper case */
static void heading(const struct report_column *c, char *buf, size_t len)
{
	size_t i = 0;
	for (; c->key[i] && i + 1 < len; i++)
		buf[i] = (char)toupper((unsigned char)c->key[i]);
	buf[i] = '\0';
}

/* RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled */
static int csv_cell(FILE *out, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")])
		return fputs(s, out) < 0 ? -1 : 0;
	fputc('"', out);
	for (; *s; s++)
		if ((*s == '"' && fputc('"', out) == EOF) || fputc(*s, out) == EOF)
			return -1;
	return fputc('"', out) == EOF ? -1 : 0;
}

static int table_csv(struct report_table *tb, const struct sort_item *v, FILE *out)
{
	for (size_t k = 0; k < tb->nsel && !tb->fmt->noheadings; k++)
		fprintf(out, "%s%s", k ? "," : "", tb->cols[tb->sel[k]].key);
	if (!tb->fmt->noheadings)
		fputc('\n', out);
	for (size_t i = 0; i < json_array_size(tb->rows); i++) {
		for (size_t k = 0; k < tb->nsel; k++) {
			const struct report_column *c = &tb->cols[tb->sel[k]];
			json_t *val = json_object_get(v[i].row, c->key);
			/* CSV has no null: an empty cell */
			bool empty = !val || json_is_null(val) || (json_is_array(val) && !json_array_size(val));
			char *s = empty ? nomem_check(strdup("")) : value_text(val, c->type);
			if (!s)
				return -1;
			if (k)
				fputc(',', out);
			csv_cell(out, s);
			free(s);
		}
		fputc('\n', out);
	}
	return 0;
}

/* Printable ASCII only: one byte is one column, and libsmartcols passes it as it is. */
static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

/*
 * The aligned table as libsmartcols prints it when nothing in it needs
 * libsmartcols: headings, printable ASCII cells, no column to wrap, no
 * -r/-P/-n.  Every column but the last is padded to its widest cell (or
 * heading) and followed by one space; the last is not padded; a table
 * without rows prints nothing, not even its headings.  Returns 0,
 * 1 when the table is not of that kind (the caller uses libsmartcols), -1
 * when out of memory.  A summary of 512 devices spent 2 ms in libsmartcols,
 * a third of `irqsim run`, measuring every cell's width in wide characters.
 */
static int table_plain(struct report_table *tb, const struct sort_item *v, FILE *out)
{
	const struct irqsim_output *fmt = tb->fmt;
	size_t nrows = json_array_size(tb->rows), n = nrows * tb->nsel, width[64], linecap = 0;
	if (fmt->raw || fmt->pairs || fmt->noheadings || !tb->nsel)
		return 1;
	if (!nrows)
		return 0;
	for (size_t k = 0; k < tb->nsel; k++) {
		const struct report_column *c = &tb->cols[tb->sel[k]];
		if (c->type == RT_TEXT || !plain_ascii(c->key))
			return 1;
		width[k] = strlen(c->key);
	}
	char **cell = nomem_check(calloc(n ? n : 1, sizeof(*cell)));
	char *line = NULL;
	int rc = -1;
	if (!cell)
		return -1;
	for (size_t i = 0; i < nrows; i++)
		for (size_t k = 0; k < tb->nsel; k++) {
			const struct report_column *c = &tb->cols[tb->sel[k]];
			char *s = cell[i * tb->nsel + k] = value_text(json_object_get(v[i].row, c->key), c->type);
			if (!s)
				goto out;
			if (!plain_ascii(s)) {
				rc = 1;
				goto out;
			}
			if (strlen(s) > width[k])
				width[k] = strlen(s);
		}
	for (size_t k = 0; k < tb->nsel; k++)
		linecap += width[k] + 1;
	if (!(line = nomem_check(malloc(linecap + 1))))
		goto out;
	for (size_t i = 0; i <= nrows; i++) {
		size_t len = 0;
		for (size_t k = 0; k < tb->nsel; k++) {
			char head[64];
			const char *s = cell[i ? (i - 1) * tb->nsel + k : 0];
			if (!i) {
				heading(&tb->cols[tb->sel[k]], head, sizeof(head));
				s = head;
			}
			size_t l = strlen(s);
			memcpy(line + len, s, l);
			len += l;
			if (k + 1 < tb->nsel) {
				memset(line + len, ' ', width[k] - l + 1);
				len += width[k] - l + 1;
			}
		}
		line[len++] = '\n';
		fwrite(line, 1, len, out);
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(cell[i]);
	free(cell);
	free(line);
	return rc;
}

int report_table_text(struct report_table *tb, FILE *out)
{
	const struct irqsim_output *fmt = tb->fmt;
	if (nomem_count != tb->nomem_mark)
		return -1;
	struct sort_item *v = sorted_rows(tb);
	struct libscols_table *st = NULL;
	int rc = -1;
	if (!v)
		return -1;
	if (fmt->csv) {
		rc = table_csv(tb, v, out);
		free(v);
		return rc;
	}
	if (!report_table_scols_forced && (rc = table_plain(tb, v, out)) <= 0) {
		free(v);
		return rc;
	}
	rc = -1;
	if (!(st = nomem_check(scols_new_table())))
		goto out;
	scols_table_enable_raw(st, fmt->raw);
	scols_table_enable_export(st, fmt->pairs);
	scols_table_enable_noheadings(st, fmt->noheadings);
	scols_table_set_stream(st, out);
	for (size_t k = 0; k < tb->nsel; k++) {
		const struct report_column *c = &tb->cols[tb->sel[k]];
		char head[64];
		/* pairs are keys, as in JSON and CSV; the table's headings are for people */
		if (fmt->pairs)
			snprintf(head, sizeof(head), "%s", c->key);
		else
			heading(c, head, sizeof(head));
		if (!scols_table_new_column(st, head, 0, c->type == RT_TEXT ? SCOLS_FL_WRAP : 0))
			goto out;
	}
	for (size_t i = 0; i < json_array_size(tb->rows); i++) {
		struct libscols_line *ln = scols_table_new_line(st, NULL);
		if (!ln)
			goto out;
		for (size_t k = 0; k < tb->nsel; k++) {
			const struct report_column *c = &tb->cols[tb->sel[k]];
			char *s = value_text(json_object_get(v[i].row, c->key), c->type);
			if (!s || scols_line_refer_data(ln, k, s)) {
				free(s);
				goto out;
			}
		}
	}
	rc = scols_print_table(st) ? -1 : 0;
out:
	scols_unref_table(st);
	free(v);
	return rc;
}

void report_columns_print(const struct report_column *cols, size_t n, FILE *out)
{
	int w = 0;
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(cols[i].key) > w)
			w = (int)strlen(cols[i].key);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%*s  %s%s\n", w, cols[i].key, cols[i].help, cols[i].extra ? " (not shown by default)" : "");
}

json_t *report_str(const char *s)
{
	if (!s)
		return json_null();
	/* JSON escapes the other control characters but may carry DEL raw: it goes with invalid UTF-8 */
	json_t *v = strchr(s, 0x7f) ? NULL : json_string(s);
	if (v)
		return v;
	/* not UTF-8, or DEL: each bad byte becomes U+FFFD */
	char *buf = text_utf8_copy(s);
	if (!buf) {
		table_oom();
		return NULL;
	}
	v = json_string(buf);
	free(buf);
	if (!v)
		table_oom();
	return v;
}

json_t *report_int(long long v)
{
	json_t *j = json_integer(v);
	if (!j)
		table_oom();
	return j;
}

json_t *report_index(int i)
{
	return i < 0 ? json_null() : report_int(i);
}

json_t *report_cpus(const struct cpumask *m)
{
	json_t *arr = json_array();
	unsigned cpu;
	if (!arr) {
		table_oom();
		return NULL;
	}
	for_each_cpu(cpu, m)
		report_push(arr, report_int(cpu));
	return arr;
}

json_t *report_cpulist(const char *list)
{
	json_t *arr = json_array();
	const char *p = list;
	if (!arr) {
		table_oom();
		return NULL;
	}
	while (*p) {
		char *end;
		if (*p < '0' || *p > '9')
			goto bad;
		unsigned long a = strtoul(p, &end, 10), b = a;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				goto bad;
			b = strtoul(end + 1, &end, 10);
		}
		/* a CPU list names at most NR_CPUS CPUs */
		if (b < a || b >= NR_CPUS)
			goto bad;
		for (unsigned long c = a; c <= b; c++)
			report_push(arr, report_int((long long)c));
		if (*end == ',' && end[1])
			end++;
		else if (*end)
			goto bad;
		p = end;
	}
	return arr;
bad:
	json_decref(arr);
	return json_null();
}

/* v is taken in every case: freed when there is no obj to take it (an earlier failure) */
void report_set(json_t *obj, const char *key, json_t *v)
{
	if (!obj)
		json_decref(v);
	if (!obj || !v || json_object_set_new(obj, key, v))
		table_oom();
}

void report_push(json_t *arr, json_t *v)
{
	if (!arr)
		json_decref(v);
	if (!arr || !v || json_array_append_new(arr, v))
		table_oom();
}

json_t *report_doc(const char *command, const char *view, const char *kernel)
{
	json_oom = false;
	json_t *doc = json_object(), *head = json_object();
	report_set(head, "format_version", report_int(REPORT_FORMAT_VERSION));
	report_set(head, "command", report_str(command));
	report_set(head, "view", report_str(view));
	report_set(head, "kernel", report_str(kernel));
	report_set(doc, "irqsim", head);
	return doc;
}

/* A JSON string: the escapes RFC 8259 requires, and DEL escaped too so no control byte is printed raw */
static void put_string(FILE *out, const char *str, size_t len)
{
	putc_unlocked('"', out);
	for (size_t i = 0; i < len;) {
		/* a run that needs no escape, written at once */
		size_t run = i;
		while (run < len && str[run] != '"' && str[run] != '\\' && (unsigned char)str[run] >= 0x20 &&
		       str[run] != 0x7f)
			run++;
		fwrite_unlocked(str + i, 1, run - i, out);
		if (run == len)
			break;
		unsigned char c = (unsigned char)str[run];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs_unlocked("\\n", out);
		else if (c == '\t')
			fputs_unlocked("\\t", out);
		else
			fprintf(out, "\\u%04x", c);
		i = run + 1;
	}
	putc_unlocked('"', out);
}

static bool is_container(const json_t *v)
{
	return json_is_object(v) || json_is_array(v);
}

/* Does a container hold only scalars?  Then it is printed on one line. */
static bool flat(const json_t *v)
{
	const char *key;
	json_t *m;
	size_t i;
	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if (is_container(m))
				return false;
	} else {
		json_object_foreach((json_t *)v, key, m)
			if (is_container(m))
				return false;
	}
	return true;
}

static void put_indent(FILE *out, int depth)
{
	static const char spaces[] = "\n                                                                ";
	fwrite_unlocked(spaces, 1, 1 + 2 * (size_t)(depth < 32 ? depth : 32), out);
}

/*
 * The document as people read it and scripts parse it: objects and arrays
 * that hold containers one member a line, indented by two spaces; a
 * container of scalars (a list of irqs, a trace event) on one line.
 */
static void put_value(FILE *out, const json_t *v, int depth)
{
	const char *key;
	json_t *m;
	size_t i;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY: {
		bool obj = json_is_object(v), one_line = flat(v);
		size_t n = obj ? json_object_size(v) : json_array_size(v), k = 0;
		putc(obj ? '{' : '[', out);
		if (obj) {
			json_object_foreach((json_t *)v, key, m) {
				if (one_line)
					fputs_unlocked(k++ ? ", " : "", out);
				else
					fputs_unlocked(k++ ? "," : "", out), put_indent(out, depth + 1);
				put_string(out, key, strlen(key));
				fputs_unlocked(": ", out);
				put_value(out, m, depth + 1);
			}
		} else {
			json_array_foreach(v, i, m) {
				if (one_line)
					fputs_unlocked(i ? ", " : "", out);
				else
					fputs_unlocked(i ? "," : "", out), put_indent(out, depth + 1);
				put_value(out, m, depth + 1);
			}
		}
		if (n && !one_line)
			put_indent(out, depth);
		putc(obj ? '}' : ']', out);
		return;
	}
	case JSON_STRING:
		put_string(out, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
	{
		char num[24];
		int n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		fwrite_unlocked(num, 1, (size_t)n, out);
		return;
	}
	case JSON_TRUE:
		fputs("true", out);
		return;
	case JSON_FALSE:
		fputs("false", out);
		return;
	default: /* no view has a real; null */
		fputs("null", out);
		return;
	}
}

int report_doc_print(json_t *doc, FILE *out, char *err, size_t errlen)
{
	return report_doc_print_rows(doc, NULL, NULL, NULL, out, err, errlen);
}

int report_doc_print_rows(json_t *doc, const char *key, report_row_fn *next, void *arg, FILE *out, char *err,
			  size_t errlen)
{
	if (json_oom || !doc) {
		json_decref(doc);
		json_oom = false;
		snprintf(err, errlen, "irqsim: out of memory");
		return -1;
	}
	if (!key) {
		put_value(out, doc, 0);
	} else {
		/* doc's members, then key's rows one at a time: a long trace is never a tree in memory */
		const char *k;
		json_t *m, *row;
		fputs_unlocked("{", out);
		json_object_foreach(doc, k, m) {
			put_indent(out, 1);
			put_string(out, k, strlen(k));
			fputs_unlocked(": ", out);
			put_value(out, m, 1);
			fputs_unlocked(",", out);
		}
		put_indent(out, 1);
		put_string(out, key, strlen(key));
		fputs_unlocked(": [", out);
		size_t n = 0;
		while ((row = next(arg, n))) {
			if (json_oom) { /* a row built part-way: dropped, and the document fails below */
				json_decref(row);
				break;
			}
			fputs_unlocked(n++ ? "," : "", out);
			put_indent(out, 2);
			put_value(out, row, 2);
			json_decref(row);
		}
		if (n)
			put_indent(out, 1);
		fputs_unlocked("]\n}", out);
		if (json_oom) {
			json_decref(doc);
			json_oom = false;
			snprintf(err, errlen, "irqsim: out of memory");
			return -1;
		}
	}
	json_decref(doc);
	if (putc('\n', out) == EOF || ferror(out)) {
		snprintf(err, errlen, "irqsim: write error");
		return -1;
	}
	return 0;
}

int report_filtered(FILE *out, char *err, size_t errlen, report_print_fn *print, const void *arg)
{
	FILE *f = nomem_check(text_filter_open(out));
	if (!f) {
		snprintf(err, errlen, "irqsim: out of memory");
		return -1;
	}
	int rc = print(arg, f, err, errlen);
	bool failed = ferror(f);
	if (fclose(f) || failed) {
		if (!rc)
			snprintf(err, errlen, "irqsim: write error");
		return -1;
	}
	return rc;
}

int report_table_doc_print(const void *arg, FILE *out, char *err, size_t errlen)
{
	const struct report_table_doc *d = arg;
	if (d->tb->fmt->json) {
		json_t *doc = report_doc(d->command, d->view, d->kernel);
		report_set(doc, d->key, report_table_json(d->tb));
		return report_doc_print(doc, out, err, errlen);
	}
	if (report_table_text(d->tb, out)) {
		snprintf(err, errlen, "irqsim: out of memory");
		return -1;
	}
	return 0;
}

int irqsim_output_check(const struct irqsim_output *fmt, char *err, size_t errlen)
{
	const char *set[4];
	int n = 0;
	if (!fmt)
		return 0;
	if (fmt->json)
		set[n++] = "-J";
	if (fmt->raw)
		set[n++] = "-r";
	if (fmt->pairs)
		set[n++] = "-P";
	if (fmt->csv)
		set[n++] = "--csv";
	if (n < 2)
		return 0;
	snprintf(err, errlen, "irqsim: options %s and %s are mutually exclusive", set[0], set[1]);
	return -1;
}

bool report_format_custom(const struct irqsim_output *fmt)
{
	return fmt && (fmt->raw || fmt->pairs || fmt->noheadings || fmt->columns || fmt->sort || fmt->csv);
}
