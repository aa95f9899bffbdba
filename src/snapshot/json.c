// SPDX-License-Identifier: GPL-2.0-only
/*
 * The snapshot as one JSON document (jansson), and back.  Reading checks
 * every field's type and names the place of a bad one as FILE:LINE:COL:
 * jansson reports syntax errors with their position; for a well-formed
 * document with a wrong field, json_locate() finds the field in the text.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>

#include "irq/cpumask.h"
#include "lib/oneline.h"
#include "lib/jsonload.h"
#include "lib/readfile.h"
#include "snapshot/snapshot_int.h"

/* ---- writing ---- */

/*
 * jansson's constructors return NULL and its setters -1 when they cannot
 * allocate, and a setter given NULL fails: every value goes through one of
 * these two, so one flag says whether the document is whole.
 */
static _Thread_local bool json_short;

/* json_decref, with the signature snap_hold wants */
static void json_release(void *j)
{
	json_decref(j);
}

static void jset(json_t *o, const char *k, json_t *v)
{
	if (json_object_set_new(o, k, v))
		json_short = true;
}

static void japp(json_t *a, json_t *v)
{
	if (json_array_append_new(a, v))
		json_short = true;
}

/* A machine's text that is not UTF-8 (a name in /proc, a log line): kept, its bad bytes U+FFFD, not dropped */
static json_t *jstring(const char *v)
{
	json_t *j = v ? json_string(v) : json_null();
	if (!j && v) {
		char *fixed = text_utf8_copy(v);
		j = fixed ? json_string(fixed) : NULL;
		free(fixed);
	}
	return j;
}

static void set_s(json_t *o, const char *k, const char *v)
{
	jset(o, k, jstring(v));
}

static void set_i(json_t *o, const char *k, long long v, bool known)
{
	jset(o, k, known ? json_integer(v) : json_null());
}

/* an enum snap_tri: null when the snapshot does not know */
static void set_tri(json_t *o, const char *k, enum snap_tri v)
{
	jset(o, k, v == SNAP_UNKNOWN ? json_null() : json_boolean(v == SNAP_YES));
}

static char *hex(unsigned v, unsigned width)
{
	static _Thread_local char buf[16]; /* per thread: the library may run in several */
	snprintf(buf, sizeof(buf), "0x%0*x", (int)width, v);
	return buf;
}

int snapshot_write_json(const struct snapshot *s, FILE *out)
{
	json_t *root = json_object();
	json_short = false;
	jset(root, "irqsim_snapshot", json_integer(SNAPSHOT_FORMAT));
	set_s(root, "source", s->source);
	set_s(root, "arch", s->arch);
	set_s(root, "kernel_release", s->release);
	set_s(root, "cmdline", s->cmdline);
	json_t *cpus = json_object();
	set_s(cpus, "possible", s->possible);
	set_s(cpus, "online", s->online);
	set_s(cpus, "present", s->present);
	set_s(cpus, "isolated", s->isolated);
	json_t *topo = json_array();
	for (size_t i = 0; i < s->nr_cpus; i++) {
		const struct snap_cpu *c = &s->cpus[i];
		json_t *o = json_object();
		set_i(o, "cpu", c->cpu, true);
		set_i(o, "package", c->package, c->package >= 0);
		set_i(o, "die", c->die, c->die >= 0);
		set_i(o, "core", c->core, c->core >= 0);
		set_i(o, "node", c->node, c->node >= 0);
		jset(o, "online", json_boolean(c->online));
		japp(topo, o);
	}
	jset(cpus, "topology", topo);
	jset(root, "cpus", cpus);
	set_s(root, "irq_default_affinity", s->default_affinity);
	set_i(root, "proc_interrupts_cpus", s->proc_cpus, s->proc_cpus > 0);
	json_t *irqs = json_array();
	for (size_t i = 0; i < s->nr_irqs; i++) {
		const struct snap_irq *q = &s->irqs[i];
		json_t *o = json_object();
		set_i(o, "irq", q->irq, true);
		set_s(o, "chip", q->chip);
		set_s(o, "hwirq", q->hwirq);
		set_s(o, "type", q->type);
		set_s(o, "handler", q->handler);
		set_s(o, "actions", q->actions);
		set_s(o, "affinity", q->affinity);
		set_s(o, "effective", q->effective);
		set_i(o, "node", q->node, q->node >= 0);
		jset(o, "count", json_integer((json_int_t)q->count));
		jset(o, "in_proc_interrupts", json_boolean(q->in_proc));
		japp(irqs, o);
	}
	jset(root, "irqs", irqs);
	json_t *pcis = json_array();
	for (size_t i = 0; i < s->nr_pcis; i++) {
		const struct snap_pci *p = &s->pcis[i];
		json_t *o = json_object();
		set_s(o, "bdf", p->bdf);
		set_s(o, "vendor", hex(p->vendor, 4));
		set_s(o, "device", hex(p->device, 4));
		set_s(o, "subsystem_vendor", hex(p->subvendor, 4));
		set_s(o, "subsystem_device", hex(p->subdevice, 4));
		set_s(o, "class", hex(p->class, 6));
		set_i(o, "irq", p->irq, p->irq >= 0);
		set_i(o, "numa_node", p->numa_node, p->numa_node >= 0);
		set_s(o, "driver", p->driver);
		set_i(o, "config_bytes", p->config_len, true);
		set_i(o, "msix_table", p->msix_table, p->msix_table >= 0);
		set_i(o, "msi_max", p->msi_max, p->msi_max >= 0);
		set_i(o, "pcie_type", p->pcie_type, p->pcie_type >= 0);
		set_i(o, "hotplug_slot", p->hotplug_slot, p->hotplug_slot >= 0);
		set_i(o, "secondary_bus", p->secondary_bus, p->secondary_bus >= 0);
		/* only when config space showed it (snapshots without it stay as they were) */
		if (p->intx_pin >= 0)
			set_i(o, "intx_pin", p->intx_pin, true);
		json_t *m = json_array();
		for (size_t k = 0; k < p->nr_msi_irqs; k++) {
			json_t *e = json_object();
			set_i(e, "irq", p->msi_irqs[k].irq, true);
			set_s(e, "mode", p->msi_irqs[k].msix ? "msix" : "msi");
			japp(m, e);
		}
		jset(o, "msi_irqs", m);
		if (p->virtio_dev) {
			json_t *v = json_object();
			set_s(v, "name", p->virtio_dev);
			set_i(v, "device_id", p->virtio_id, p->virtio_id >= 0);
			set_s(v, "driver", p->virtio_driver);
			jset(o, "virtio", v);
		}
		japp(pcis, o);
	}
	jset(root, "pci", pcis);
	json_t *params = json_object();
	for (size_t i = 0; i < s->nr_params; i++) {
		/* a parameter file's name is a key: made UTF-8 as a value would be */
		char *key = text_utf8_copy(s->params[i].name);
		if (!key)
			json_short = true;
		else
			set_s(params, key, s->params[i].value);
		free(key);
	}
	jset(root, "module_parameters", params);
	json_t *dm = json_array();
	for (size_t i = 0; i < s->nr_dmesg; i++)
		japp(dm, jstring(s->dmesg[i]));
	jset(root, "dmesg", dm);
	json_t *plat = json_object();
	set_tri(plat, "cpu_x2apic", s->cpu_x2apic);
	set_tri(plat, "acpi_dmar", s->acpi_dmar);
	set_tri(plat, "acpi_ivrs", s->acpi_ivrs);
	jset(root, "platform", plat);
	set_s(root, "vector_debugfs", s->vector_dump);
	json_t *un = json_array();
	for (size_t i = 0; i < s->nr_unread; i++) {
		json_t *o = json_object();
		set_s(o, "path", s->unread[i].path);
		set_s(o, "error", s->unread[i].why);
		japp(un, o);
	}
	jset(root, "unreadable", un);
	if (json_short || !root) {
		/* nothing written: an incomplete snapshot would read as another machine */
		json_decref(root);
		nomem();
		return -1;
	}
	int rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	/* jansson fails on a write error or when it cannot allocate its buffer */
	if (rc && !ferror(out))
		nomem();
	if (!rc)
		fputc('\n', out); /* after a failure, nothing more: what was written is a beginning of the document */
	json_decref(root);
	return rc ? -1 : 0;
}

/* ---- locating a field in the text ---- */

struct jscan {
	const char *t;
	size_t len, pos;
};

static void js_ws(struct jscan *j)
{
	while (j->pos < j->len && (j->t[j->pos] == ' ' || j->t[j->pos] == '\t' || j->t[j->pos] == '\n' ||
				   j->t[j->pos] == '\r'))
		j->pos++;
}

/* Skip a string at pos (on its quote); copies up to n-1 bytes of its raw text to out. */
static void js_string(struct jscan *j, char *out, size_t n)
{
	size_t k = 0;
	j->pos++;
	while (j->pos < j->len && j->t[j->pos] != '"') {
		if (j->t[j->pos] == '\\')
			j->pos++;
		else if (out && k + 1 < n)
			out[k++] = j->t[j->pos];
		j->pos++;
	}
	j->pos++;
	if (out)
		out[k] = 0;
}

/*
 * Skip one value.  Containers are skipped by counting brackets, not by
 * recursion: jansson accepts nesting 2048 deep, and a depth cap that stopped
 * without consuming left json_locate's loop spinning on the same byte.
 * Always consumes at least one byte when there is one.
 */
static void js_value(struct jscan *j)
{
	js_ws(j);
	if (j->pos >= j->len)
		return;
	char c = j->t[j->pos];
	if (c == '"') {
		js_string(j, NULL, 0);
	} else if (c == '{' || c == '[') {
		size_t depth = 0;
		while (j->pos < j->len) {
			char ch = j->t[j->pos];
			if (ch == '"') {
				js_string(j, NULL, 0);
				continue;
			}
			j->pos++;
			if (ch == '{' || ch == '[')
				depth++;
			else if ((ch == '}' || ch == ']') && --depth == 0)
				return;
		}
	} else {
		size_t start = j->pos;
		while (j->pos < j->len && !strchr(",}] \t\r\n", j->t[j->pos]))
			j->pos++;
		if (j->pos == start)
			j->pos++;
	}
}

/*
 * Position of the value at 'path' ("irqs", "3", "affinity": object keys and
 * array indexes) in a well-formed document; the deepest container reached
 * when a component is missing.
 */
static size_t json_locate(const char *text, size_t len, const char *const *path, int n)
{
	struct jscan j = { text, len, 0 };
	js_ws(&j);
	for (int i = 0; i < n; i++) {
		size_t here = j.pos;
		if (j.pos >= len)
			return here;
		char c = text[j.pos];
		if (c != '{' && c != '[')
			return here;
		j.pos++;
		bool found = false;
		long idx = 0, want = c == '[' ? strtol(path[i], NULL, 10) : -1;
		for (;;) {
			js_ws(&j);
			if (j.pos >= len || text[j.pos] == '}' || text[j.pos] == ']')
				break;
			if (text[j.pos] == ',') {
				j.pos++;
				continue;
			}
			if (c == '{') {
				char key[128];
				js_string(&j, key, sizeof(key));
				js_ws(&j);
				j.pos++;
				js_ws(&j);
				if (!strcmp(key, path[i])) {
					found = true;
					break;
				}
			} else if (idx++ == want) {
				js_ws(&j);
				found = true;
				break;
			}
			js_value(&j);
		}
		if (!found)
			return here;
	}
	return j.pos;
}

/* ---- reading ---- */

struct jread {
	const char *file, *text;
	size_t len;
	char *err;
	size_t errlen;
	const char *path[4];
	int depth;
	char idxbuf[4][24];
	bool failed;
};

static void jerr(struct jread *r, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void jerr(struct jread *r, const char *key, const char *fmt, ...)
{
	if (r->failed)
		return;
	r->failed = true;
	const char *path[5];
	int n = r->depth;
	for (int i = 0; i < n; i++)
		path[i] = r->path[i];
	if (key)
		path[n++] = key;
	size_t pos = json_locate(r->text, r->len, path, n);
	unsigned line = 1, col = 1;
	for (size_t i = 0; i < pos && i < r->len; i++) {
		if (r->text[i] == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%u:%u: %s", r->file, line, col, msg);
}

static void push(struct jread *r, const char *key)
{
	r->path[r->depth++] = key;
}

static void push_idx(struct jread *r, size_t i)
{
	snprintf(r->idxbuf[r->depth], sizeof(r->idxbuf[0]), "%zu", i);
	r->path[r->depth] = r->idxbuf[r->depth];
	r->depth++;
}

/* A string or null field; "what" completes "must be". */
static char *get_str(struct jread *r, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		jerr(r, key, "'%s' must be a string or null", key);
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

static long long get_int(struct jread *r, json_t *o, const char *key, long long lo, long long hi, long long dflt)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return dflt;
	if (!json_is_integer(v)) {
		jerr(r, key, "'%s' must be an integer or null", key);
		return dflt;
	}
	long long n = json_integer_value(v);
	if (n < lo || n > hi) {
		jerr(r, key, "'%s' must be between %lld and %lld", key, lo, hi);
		return dflt;
	}
	return n;
}

static unsigned get_hex(struct jread *r, json_t *o, const char *key)
{
	char *v = get_str(r, o, key);
	if (!v)
		return 0;
	char *end;
	errno = 0;
	unsigned long n = strtoul(v, &end, 16);
	if (*end || end == v || errno || n > 0xffffff)
		jerr(r, key, "'%s' must be a hexadecimal id such as \"0x1af4\"", key);
	free(v);
	return (unsigned)n;
}

static bool get_bool(struct jread *r, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return false;
	if (!json_is_boolean(v)) {
		jerr(r, key, "'%s' must be true or false", key);
		return false;
	}
	return json_is_true(v);
}

/* true, false or null/absent (unknown) */
static enum snap_tri get_tri(struct jread *r, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return SNAP_UNKNOWN;
	return get_bool(r, o, key) ? SNAP_YES : SNAP_NO;
}

static json_t *get_array(struct jread *r, json_t *o, const char *key, size_t max)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		jerr(r, key, "'%s' must be an array", key);
		return NULL;
	}
	if (json_array_size(v) > max) {
		jerr(r, key, "'%s' has more than %zu entries", key, max);
		return NULL;
	}
	return v;
}

static bool need_object(struct jread *r, json_t *v, const char *what)
{
	if (json_is_object(v))
		return true;
	jerr(r, NULL, "%s must be an object", what);
	return false;
}

/* A CPU list field: the kernel's cpulist format, within NR_CPUS. */
static bool cpu_list(struct jread *r, const char *key, const char *list, struct cpumask *m)
{
	unsigned pos = 0;
	cpumask_clear(m);
	if (!list)
		return false;
	if (cpulist_parse(list, m, NR_CPUS, &pos)) {
		jerr(r, key, "'%s' must be a CPU list such as \"0-3,8\" (bad at offset %u)", key, pos);
		return false;
	}
	return true;
}

/* online within present within possible, as the kernel keeps them (kernel/cpu.c: set_cpu_online) */
static void check_cpu_lists(struct jread *r, const struct snapshot *s)
{
	struct cpumask possible, present, online, isolated;
	/* subset tests look at the words of this thread's nr_cpu_ids: all of them here */
	unsigned words = cpumask_begin_all_words();
	bool have_possible = cpu_list(r, "possible", s->possible, &possible);
	bool have_present = cpu_list(r, "present", s->present, &present);
	bool have_online = cpu_list(r, "online", s->online, &online);
	cpu_list(r, "isolated", s->isolated, &isolated);
	if (have_online && cpumask_empty(&online))
		jerr(r, "online", "'online' must name at least one CPU");
	if (have_possible && have_present && !cpumask_subset(&present, &possible))
		jerr(r, "present", "'present' (%s) must be within 'possible' (%s)", s->present, s->possible);
	if (have_online && have_present && !cpumask_subset(&online, &present))
		jerr(r, "online", "'online' (%s) must be within 'present' (%s)", s->online, s->present);
	else if (have_online && have_possible && !cpumask_subset(&online, &possible))
		jerr(r, "online", "'online' (%s) must be within 'possible' (%s)", s->online, s->possible);
	cpumask_end_all_words(words);
}

static void read_cpus(struct jread *r, json_t *root, struct snapshot *s)
{
	json_t *cpus = json_object_get(root, "cpus");
	if (!cpus || json_is_null(cpus))
		return;
	push(r, "cpus");
	if (need_object(r, cpus, "'cpus'")) {
		s->possible = get_str(r, cpus, "possible");
		s->online = get_str(r, cpus, "online");
		s->present = get_str(r, cpus, "present");
		s->isolated = get_str(r, cpus, "isolated");
		check_cpu_lists(r, s);
		json_t *topo = get_array(r, cpus, "topology", SNAP_MAX_CPUS);
		push(r, "topology");
		for (size_t i = 0; topo && i < json_array_size(topo) && !r->failed; i++) {
			json_t *o = json_array_get(topo, i);
			push_idx(r, i);
			if (need_object(r, o, "a topology entry")) {
				struct snap_cpu c;
				c.cpu = (unsigned)get_int(r, o, "cpu", 0, SNAP_MAX_CPUS - 1, 0);
				c.package = (int)get_int(r, o, "package", 0, 1 << 20, -1);
				c.die = (int)get_int(r, o, "die", 0, 1 << 20, -1);
				c.core = (int)get_int(r, o, "core", 0, 1 << 20, -1);
				c.node = (int)get_int(r, o, "node", 0, 1 << 20, -1);
				c.online = get_bool(r, o, "online");
				s->cpus = xgrow(s->cpus, s->nr_cpus, sizeof(*s->cpus));
				s->cpus[s->nr_cpus++] = c;
			}
			r->depth--;
		}
		r->depth--;
	}
	r->depth--;
}

/* An entry being read, not yet in the snapshot: its strings freed if an allocation fails (snap_hold) */
static void pci_release(void *p)
{
	struct snap_pci *d = p;
	free(d->bdf);
	free(d->driver);
	free(d->msi_irqs);
	free(d->virtio_dev);
	free(d->virtio_driver);
}

static void read_irqs(struct jread *r, json_t *root, struct snapshot *s)
{
	json_t *irqs = get_array(r, root, "irqs", SNAP_MAX_IRQS);
	push(r, "irqs");
	for (size_t i = 0; irqs && i < json_array_size(irqs) && !r->failed; i++) {
		json_t *o = json_array_get(irqs, i);
		push_idx(r, i);
		if (need_object(r, o, "an irq entry")) {
			struct snap_irq q = { .node = -1 };
			snap_hold(&q, snap_irq_release);
			if (!json_object_get(o, "irq"))
				jerr(r, NULL, "an irq entry needs \"irq\"");
			q.irq = (unsigned)get_int(r, o, "irq", 0, (1 << 24) - 1, 0);
			q.chip = get_str(r, o, "chip");
			q.hwirq = get_str(r, o, "hwirq");
			q.type = get_str(r, o, "type");
			q.handler = get_str(r, o, "handler");
			q.actions = get_str(r, o, "actions");
			q.affinity = get_str(r, o, "affinity");
			q.effective = get_str(r, o, "effective");
			q.node = (int)get_int(r, o, "node", 0, 1 << 20, -1);
			q.count = (unsigned long long)get_int(r, o, "count", 0, INT64_MAX, 0);
			q.in_proc = get_bool(r, o, "in_proc_interrupts");
			if (snapshot_irq(s, q.irq) || (s->nr_irqs && s->irqs[s->nr_irqs - 1].irq >= q.irq))
				jerr(r, "irq", "irq %u is out of ascending order or listed twice", q.irq);
			s->irqs = xgrow(s->irqs, s->nr_irqs, sizeof(*s->irqs));
			s->irqs[s->nr_irqs++] = q;
			snap_drop(&q);
		}
		r->depth--;
	}
	r->depth--;
}

static void read_pci(struct jread *r, json_t *root, struct snapshot *s)
{
	json_t *pcis = get_array(r, root, "pci", SNAP_MAX_PCI);
	push(r, "pci");
	for (size_t i = 0; pcis && i < json_array_size(pcis) && !r->failed; i++) {
		json_t *o = json_array_get(pcis, i);
		push_idx(r, i);
		if (need_object(r, o, "a pci entry")) {
			struct snap_pci p = { 0 };
			snap_hold(&p, pci_release);
			p.bdf = get_str(r, o, "bdf");
			if (!p.bdf) {
				jerr(r, NULL, "a pci entry needs \"bdf\"");
				p.bdf = xstrdup("?");
			}
			p.vendor = get_hex(r, o, "vendor");
			p.device = get_hex(r, o, "device");
			p.subvendor = get_hex(r, o, "subsystem_vendor");
			p.subdevice = get_hex(r, o, "subsystem_device");
			p.class = get_hex(r, o, "class");
			p.irq = (int)get_int(r, o, "irq", 0, (1 << 24) - 1, -1);
			p.numa_node = (int)get_int(r, o, "numa_node", 0, 1 << 20, -1);
			p.driver = get_str(r, o, "driver");
			p.config_len = (int)get_int(r, o, "config_bytes", 0, 4096, 0);
			p.msix_table = (int)get_int(r, o, "msix_table", 0, 2048, -1);
			p.msi_max = (int)get_int(r, o, "msi_max", 0, 32, -1);
			p.pcie_type = (int)get_int(r, o, "pcie_type", 0, 15, -1);
			p.hotplug_slot = (int)get_int(r, o, "hotplug_slot", 0, 1, -1);
			p.secondary_bus = (int)get_int(r, o, "secondary_bus", 0, 255, -1);
			p.intx_pin = (int)get_int(r, o, "intx_pin", 0, 4, -1);
			p.virtio_id = -1;
			json_t *m = get_array(r, o, "msi_irqs", 2048);
			push(r, "msi_irqs");
			for (size_t k = 0; m && k < json_array_size(m) && !r->failed; k++) {
				json_t *e = json_array_get(m, k);
				push_idx(r, k);
				if (need_object(r, e, "an msi_irqs entry")) {
					unsigned irq = (unsigned)get_int(r, e, "irq", 0, (1 << 24) - 1, 0);
					char *mode = get_str(r, e, "mode");
					snap_hold(&mode, snap_release_ptr);
					if (!mode || (strcmp(mode, "msi") && strcmp(mode, "msix")))
						jerr(r, "mode", "'mode' must be \"msi\" or \"msix\"");
					p.msi_irqs = xgrow(p.msi_irqs, p.nr_msi_irqs, sizeof(*p.msi_irqs));
					p.msi_irqs[p.nr_msi_irqs].irq = irq;
					p.msi_irqs[p.nr_msi_irqs].msix = mode && !strcmp(mode, "msix");
					p.nr_msi_irqs++;
					snap_drop(&mode);
					free(mode);
				}
				r->depth--;
			}
			r->depth--;
			json_t *v = json_object_get(o, "virtio");
			if (v && !json_is_null(v)) {
				push(r, "virtio");
				if (need_object(r, v, "'virtio'")) {
					p.virtio_dev = get_str(r, v, "name");
					p.virtio_id = (int)get_int(r, v, "device_id", 0, 0xffff, -1);
					p.virtio_driver = get_str(r, v, "driver");
				}
				r->depth--;
			}
			s->pcis = xgrow(s->pcis, s->nr_pcis, sizeof(*s->pcis));
			s->pcis[s->nr_pcis++] = p;
			snap_drop(&p);
		}
		r->depth--;
	}
	r->depth--;
}

/*
 * The CPU rows of a VECTOR text as the doctor reads them (the lines after
 * the "| CPU | avl" header that start with five numbers), checked: a CPU
 * below 8192, counts up to 256, mac within man and act (managed-allocated
 * vectors are counted in both), ascending CPUs, each once
 * (irq_matrix_debug_show walks the online CPUs).  One pass, the CPUs
 * gathered in a mask.  0, or -1 with "LINE:1: message" in msg.
 */
static int vector_rows(const char *text, struct cpumask *cpus, unsigned *last, unsigned *rows, char *msg, size_t msglen)
{
	cpumask_clear(cpus);
	*rows = *last = 0;
	unsigned line = 1;
	bool table = false;
	for (const char *p = text; *p; line++) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		char buf[512];
		snprintf(buf, sizeof(buf), "%.*s", (int)(l < 511 ? l : 511), p);
		unsigned cpu, a, b, c, e;
		if (strstr(buf, "| CPU | avl"))
			table = true;
		else if (table && sscanf(buf, " %u %u %u %u %u", &cpu, &a, &b, &c, &e) == 5) {
			if (cpu >= SNAP_MAX_CPUS || a > 256 || b > 256 || e > 256) {
				snprintf(msg, msglen, "%u:1: CPU row out of range (a CPU below 8192, counts below 256)", line);
				return -1;
			}
			if (c > b || c > e) {
				snprintf(msg, msglen, "%u:1: CPU %u: mac %u exceeds man %u or act %u (managed-allocated vectors "
					 "are counted in both)", line, cpu, c, b, e);
				return -1;
			}
			if (*rows && cpu <= *last) {
				snprintf(msg, msglen, "%u:1: CPU %u after CPU %u: the rows must be in ascending CPU order, each "
					 "CPU once", line, cpu, *last);
				return -1;
			}
			cpumask_set_cpu(cpu, cpus);
			*last = cpu;
			(*rows)++;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

static void read_rest(struct jread *r, json_t *root, struct snapshot *s)
{
	json_t *params = json_object_get(root, "module_parameters");
	if (params && !json_is_null(params)) {
		push(r, "module_parameters");
		if (need_object(r, params, "'module_parameters'")) {
			const char *k;
			json_t *v;
			json_object_foreach(params, k, v) {
				if (!json_is_string(v)) {
					jerr(r, k, "module parameter '%s' must be a string", k);
					break;
				}
				snap_add_param(s, k, json_string_value(v));
			}
		}
		r->depth--;
	}
	json_t *dm = get_array(r, root, "dmesg", SNAP_MAX_DMESG);
	push(r, "dmesg");
	for (size_t i = 0; dm && i < json_array_size(dm) && !r->failed; i++) {
		json_t *v = json_array_get(dm, i);
		if (!json_is_string(v)) {
			push_idx(r, i);
			jerr(r, NULL, "dmesg lines must be strings");
			r->depth--;
			break;
		}
		s->dmesg = xgrow(s->dmesg, s->nr_dmesg, sizeof(*s->dmesg));
		/* copied before it is counted: a failure leaves no uninitialised entry */
		char *t = xstrdup(json_string_value(v));
		s->dmesg[s->nr_dmesg++] = t;
	}
	r->depth--;
	json_t *plat = json_object_get(root, "platform");
	if (plat && !json_is_null(plat)) {
		push(r, "platform");
		if (need_object(r, plat, "'platform'")) {
			s->cpu_x2apic = get_tri(r, plat, "cpu_x2apic");
			s->acpi_dmar = get_tri(r, plat, "acpi_dmar");
			s->acpi_ivrs = get_tri(r, plat, "acpi_ivrs");
		}
		r->depth--;
	}
	s->vector_dump = get_str(r, root, "vector_debugfs");
	/* checked as a VECTOR file is: the doctor subtracts mac from act */
	struct cpumask cpus;
	unsigned rows, last;
	char msg[200];
	if (s->vector_dump && vector_rows(s->vector_dump, &cpus, &last, &rows, msg, sizeof(msg)))
		jerr(r, "vector_debugfs", "'vector_debugfs' line %s", msg);
	json_t *un = get_array(r, root, "unreadable", 100000);
	push(r, "unreadable");
	for (size_t i = 0; un && i < json_array_size(un) && !r->failed; i++) {
		json_t *o = json_array_get(un, i);
		push_idx(r, i);
		if (need_object(r, o, "an unreadable entry")) {
			char *p = get_str(r, o, "path"), *w = get_str(r, o, "error");
			snap_note_unread(s, p ? p : "?", w ? w : "?");
			free(p);
			free(w);
		}
		r->depth--;
	}
	r->depth--;
}

int snapshot_read_json(const char *filename, const char *text, size_t len, struct snapshot *out, char *err,
		       size_t errlen)
{
	memset(out, 0, sizeof(*out));
	json_error_t je;
	json_t *root;
	int lr = json_load_counted(text, len, JSON_REJECT_DUPLICATES, &root, &je);
	if (lr == -ENOMEM)
		return nomem_error(err, errlen);
	if (lr) {
		snprintf(err, errlen, "%s:%d:%d: %s", filename, je.line > 0 ? je.line : 1, je.column > 0 ? je.column : 1,
			 text_one_line(je.text));
		return -1;
	}
	struct jread r = { .file = filename, .text = text, .len = len, .err = err, .errlen = errlen };
	if (!need_object(&r, root, "a snapshot")) {
		json_decref(root);
		return -1;
	}
	json_t *fmt = json_object_get(root, "irqsim_snapshot");
	if (!fmt)
		jerr(&r, NULL, "not an irqsim snapshot (no \"irqsim_snapshot\" format field)");
	else if (get_int(&r, root, "irqsim_snapshot", 1, 1000, 0) != SNAPSHOT_FORMAT && !r.failed)
		jerr(&r, "irqsim_snapshot", "snapshot format %lld is not supported (this irqsim reads format %d)",
		     (long long)json_integer_value(fmt), SNAPSHOT_FORMAT);
	if (!r.failed) {
		/* released if an allocation fails below (snap_oom_call) */
		snap_hold(root, json_release);
		out->source = get_str(&r, root, "source");
		out->arch = get_str(&r, root, "arch");
		out->release = get_str(&r, root, "kernel_release");
		out->cmdline = get_str(&r, root, "cmdline");
		out->default_affinity = get_str(&r, root, "irq_default_affinity");
		out->proc_cpus = (unsigned)get_int(&r, root, "proc_interrupts_cpus", 0, SNAP_MAX_CPUS, 0);
		read_cpus(&r, root, out);
		read_irqs(&r, root, out);
		read_pci(&r, root, out);
		read_rest(&r, root, out);
	}
	snap_drop(root);
	json_decref(root);
	if (r.failed) {
		snapshot_free(out);
		return -1;
	}
	if (!out->source)
		out->source = xstrdup(filename);
	return 0;
}

int snapshot_load(const char *path, struct snapshot *out, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return snapshot_collect(path, out, err, errlen);
	/* a JSON snapshot of an 8192-CPU machine with its /proc/interrupts is some 100 MB */
	size_t len;
	char *buf = read_file_capped(path, (size_t)512 << 20, &len, err, errlen);
	if (!buf)
		return -1;
	int rc;
	snap_hold(buf, free);
	size_t lead = strspn(buf, " \t\r\n");
	/* the text readers stop at a NUL: the rest of the file would be lost unseen (jansson reports its own) */
	if (lead < len && buf[lead] != '{' && snapshot_check_nul(path, buf, len, err, errlen))
		rc = -1;
	else if (lead < len && buf[lead] != '{' && snapshot_is_trace(buf))
		rc = snapshot_from_trace(path, buf, len, out, err, errlen);
	else if (lead < len && buf[lead] != '{' && memmem(buf, len, "Online bitmaps:", 15))
		rc = snapshot_from_vector_dump(path, buf, len, out, err, errlen);
	else
		rc = snapshot_read_json(path, buf, len, out, err, errlen);
	snap_drop(buf);
	free(buf);
	return rc;
}

int snapshot_check_nul(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
	const char *nul = memchr(text, '\0', len);
	if (!nul)
		return 0;
	unsigned line = 1;
	const char *bol = text;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(nul - p))) != NULL; bol = ++p)
		line++;
	snprintf(err, errlen, "%s:%u:%zu: unexpected NUL byte", path, line, (size_t)(nul - bol) + 1);
	return -1;
}

/*
 * A debugfs VECTOR file alone (what a support engineer may be sent): the
 * kernel's per-CPU matrix figures, no irqs.  Its CPU rows are the online
 * CPUs (vector_rows).
 */
int snapshot_from_vector_dump(const char *path, const char *text, size_t len, struct snapshot *out, char *err,
			      size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (snapshot_check_nul(path, text, len, err, errlen))
		return -1;
	struct cpumask cpus;
	unsigned rows, last;
	char msg[200];
	if (vector_rows(text, &cpus, &last, &rows, msg, sizeof(msg))) {
		snprintf(err, errlen, "%s:%s", path, msg);
		return -1;
	}
	if (!rows) {
		snprintf(err, errlen, "%s:1:1: not a VECTOR file: no ' | CPU | avl | man | mac | act' table", path);
		return -1;
	}
	unsigned words = cpumask_begin_all_words();
	size_t listlen = 6 * (size_t)(last + 1) + 16; /* "NNNN," a CPU at worst */
	char *list = xmalloc(listlen);
	cpumask_print_list(list, listlen, &cpus, last + 1);
	cpumask_end_all_words(words);
	/* the snapshot owns the list before the next allocation, which may jump out (snap_oom) */
	out->online = list;
	out->source = xstrdup(path);
	out->arch = xstrdup("x86_64");
	out->possible = xstrdup(list);
	out->vector_dump = xstrdup(text);
	return 0;
}
