// SPDX-License-Identifier: GPL-2.0-only
/*
 * A libvirt domain XML as a scenario: the parts that decide interrupt
 * vectors (vCPUs and their topology, NUMA cells, the machine type, the kernel
 * command line, the PCI devices irqsim models with their queue counts and
 * addresses), in the order libvirt gives them to QEMU (PCI controllers by
 * index first, then the other devices in document order).  Everything else
 * is named as ignored.  libxml2 parses; libxml2 gives elements a line but no
 * column, so a value's column is found by looking for its attribute on that
 * line.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lib/nomem.h"
#include "scenario/convert.h"

#define MAX_CONTROLLERS 1024

struct lv {
	struct conv c;
	xmlDocPtr doc;
	bool q35;
	int compat;                          /* conv_machine_kind's */
	/* PCI controllers by index: 1 modelled, -1 present but not modelled */
	signed char bus[MAX_CONTROLLERS];
	unsigned nets, nvme_implicit;
};

static bool is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name);
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
		if (is(k, name))
			return k;
	return NULL;
}

/* An attribute (libxml2 allocates; freed by the caller). */
static char *attr(xmlNodePtr n, const char *name)
{
	return n ? (char *)xmlGetProp(n, (const xmlChar *)name) : NULL;
}

/* Element text, without surrounding blanks; NULL if none. */
static char *text(xmlNodePtr n)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	if (!t)
		return NULL;
	char *s = (char *)t, *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*e = '\0';
	size_t lead = strspn(s, " \t\r\n");
	memmove(s, s + lead, strlen(s + lead) + 1);
	return s;
}

/* Where an element, or its attribute 'name' (its value), is in the source. */
static void where(struct lv *l, xmlNodePtr n, const char *name, unsigned *line, unsigned *col)
{
	long ln = xmlGetLineNo(n);
	*line = ln > 0 && ln < INT_MAX ? (unsigned)ln : 1;
	*col = 1;
	/* the start of that line */
	const char *s = l->c.src, *end = s + l->c.srclen;
	unsigned cur = 1;
	while (s < end && cur < *line) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			return;
		s = nl + 1;
		cur++;
	}
	const char *lend = memchr(s, '\n', (size_t)(end - s));
	if (!lend)
		lend = end;
	char pat[64];
	int pl = snprintf(pat, sizeof(pat), name ? "%s=" : "<%s", name ? name : (const char *)n->name);
	if (pl <= 0 || (size_t)pl >= sizeof(pat))
		return;
	for (const char *p = s; p + pl <= lend; p++)
		if (!memcmp(p, pat, (size_t)pl) && (name ? p == s || !isalnum((unsigned char)p[-1]) : true)) {
			*col = (unsigned)(p - s) + 1 + (name ? (unsigned)pl + 1 : 0);
			return;
		}
}

static __attribute__((format(printf, 4, 5))) int lerr(struct lv *l, xmlNodePtr n, const char *a, const char *fmt,
						      ...)
{
	unsigned line, col;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where(l, n, a, &line, &col);
	return conv_error(&l->c, line, col, "%s", msg);
}

/* Begin a directive line at element n; mark further stretches with put(). */
static FILE *begin(struct lv *l, xmlNodePtr n)
{
	unsigned line, col;
	where(l, n, NULL, &line, &col);
	return conv_begin(&l->c, line, col);
}

/* ",key=VALUE" (or "key=VALUE" with sep 0) with VALUE from attribute a of n. */
static int put(struct lv *l, FILE *f, char sep, const char *key, const char *val, xmlNodePtr n, const char *a)
{
	unsigned line, col;
	if (sep)
		fputc(sep, f);
	where(l, n, a, &line, &col);
	/* an error about the option points at the attribute's value */
	if (conv_mark(&l->c, line, col, false))
		return -1;
	fprintf(f, "%s", key);
	if (conv_mark(&l->c, line, col, a != NULL))
		return -1;
	long bad = conv_put_optval(f, val);
	if (bad >= 0)
		return lerr(l, n, a, "'%.40s': irqsim cannot carry %s in this value", val,
			    val[bad] == ' ' ? "a blank" : "this character");
	return 0;
}

static unsigned long number(const char *s, bool *ok)
{
	char *end;
	*ok = s && *s && *s != '-' && *s != '+';
	unsigned long v = *ok ? strtoul(s, &end, 0) : 0;
	if (*ok && *end)
		*ok = false;
	return v;
}

static void ignored_element(struct lv *l, xmlNodePtr n)
{
	char kind[80];
	snprintf(kind, sizeof(kind), "<%.60s>", (const char *)n->name);
	conv_ignored(&l->c, kind, "%s", kind);
}

/* ---------------------------------------------------------- machine */

static int do_os(struct lv *l, xmlNodePtr os)
{
	xmlNodePtr type = child(os, "type");
	char *machine = attr(type, "machine"), *arch = attr(type, "arch");
	int rc = 0;
	if (arch && strcmp(arch, "x86_64") && strcmp(arch, "i686"))
		rc = lerr(l, type, "arch", "irqsim models x86 guests (arch='x86_64'), not '%.40s'", arch);
	else if (machine && conv_machine_kind(machine, &l->q35, &l->compat))
		rc = lerr(l, type, "machine", "irqsim models the pc and q35 machines (pc, q35, pc-i440fx-*, "
			  "pc-q35-*), not '%.40s'", machine);
	unsigned line, col;
	xmlNodePtr kern = child(os, "kernel");
	char *k = text(kern);
	if (!rc && k) {
		const char *kl = conv_kernel_line(k);
		where(l, kern, NULL, &line, &col);
		if (kl)
			rc = conv_line(&l->c, line, col, "kernel %s", kl);
		else
			conv_note(&l->c, "<kernel>%s</kernel>: not a kernel line irqsim models, the default kernel is used", k);
	}
	if (!rc) {
		if (!machine)
			conv_note(&l->c, "<type> names no machine: QEMU's default, pc");
		where(l, type ? type : os, machine ? "machine" : NULL, &line, &col);
		rc = conv_line(&l->c, line, col, "machine %s", l->q35 ? "q35" : "pc");
		if (l->compat > 0)
			conv_note(&l->c, "machine %s: virtio-blk and virtio-scsi default to one queue (before QEMU 5.2)",
				  machine);
	}
	for (xmlNodePtr n = os->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !is(n, "type") && !is(n, "kernel") && !is(n, "cmdline"))
			conv_ignored(&l->c, "<os> elements", "<os><%s>", (const char *)n->name);
	xmlFree(k);
	xmlFree(machine);
	xmlFree(arch);
	return rc;
}

/* smp N[,sockets=..][,dies=..][,cores=..][,threads=..][,maxcpus=M] from <vcpu> and <cpu><topology> */
static int do_smp(struct lv *l, xmlNodePtr vcpu, xmlNodePtr topo)
{
	char *n = text(vcpu), *cur = attr(vcpu, "current");
	int rc = 0;
	FILE *f = begin(l, vcpu);
	if (!f) {
		rc = -1;
		goto out;
	}
	fputs("smp ", f);
	/* QEMU gets -smp CURRENT,maxcpus=N: the others are hot-pluggable */
	if (cur)
		rc = put(l, f, 0, "", cur, vcpu, "current");
	else
		rc = put(l, f, 0, "", n ? n : "", vcpu, NULL);
	static const char *const keys[] = { "sockets", "dies", "clusters", "cores", "threads" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && !rc; i++) {
		char *v = attr(topo, keys[i]);
		char key[16];
		snprintf(key, sizeof(key), "%s=", keys[i]);
		if (v)
			rc = put(l, f, ',', key, v, topo, keys[i]);
		xmlFree(v);
	}
	if (!rc && cur)
		rc = put(l, f, ',', "maxcpus=", n ? n : "", vcpu, NULL);
	rc = conv_end(&l->c) || rc ? -1 : 0;
out:
	xmlFree(n);
	xmlFree(cur);
	return rc;
}

/* <cell id= cpus='0-3,8-11'>: numa node,nodeid=ID,cpus=0-3,cpus=8-11 */
static int do_cell(struct lv *l, xmlNodePtr cell)
{
	char *id = attr(cell, "id"), *cpus = attr(cell, "cpus");
	int rc = 0;
	FILE *f = begin(l, cell);
	if (!f) {
		rc = -1;
		goto out;
	}
	fputs("numa node", f);
	if (id)
		rc = put(l, f, ',', "nodeid=", id, cell, "id");
	if (cpus && strchr(cpus, '^'))
		rc = lerr(l, cell, "cpus", "cpus='%.40s': irqsim takes CPU ranges, not '^' exclusions", cpus);
	for (char *save = NULL, *r = cpus ? strtok_r(cpus, ",", &save) : NULL; r && !rc; r = strtok_r(NULL, ",", &save))
		rc = put(l, f, ',', "cpus=", r, cell, "cpus");
	rc = conv_end(&l->c) || rc ? -1 : 0;
out:
	xmlFree(id);
	xmlFree(cpus);
	return rc;
}

static int do_cpu_numa(struct lv *l, xmlNodePtr cpu)
{
	for (xmlNodePtr n = cpu ? cpu->children : NULL; n; n = n->next) {
		if (is(n, "numa")) {
			for (xmlNodePtr c = n->children; c; c = c->next)
				if (is(c, "cell") && do_cell(l, c))
					return -1;
		} else if (n->type == XML_ELEMENT_NODE && !is(n, "topology")) {
			conv_ignored(&l->c, "<cpu> elements", "<cpu><%s>", (const char *)n->name);
		}
	}
	return 0;
}

/* ---------------------------------------------------------- devices */

/*
 * ",bus=pci.N,addr=0xS[.0xF][,multifunction=on]" from <address type='pci'>.
 * 1: the device sits behind a controller irqsim does not model (skip it).
 */
static int put_address(struct lv *l, FILE *f, xmlNodePtr dev)
{
	xmlNodePtr a = child(dev, "address");
	char *type = attr(a, "type");
	int rc = 0;
	if (!a || !type || strcmp(type, "pci"))
		goto out;
	static const char *const names[] = { "domain", "bus", "slot", "function" };
	unsigned long v[4] = { 0 };
	for (size_t i = 0; i < 4 && !rc; i++) {
		char *s = attr(a, names[i]);
		bool ok;
		if (s) {
			v[i] = number(s, &ok);
			if (!ok || v[i] > (i == 2 ? 31 : i == 3 ? 7 : 255u))
				rc = lerr(l, a, names[i], "%s='%.40s': expected a number from 0 to %u", names[i], s,
					  i == 2 ? 31 : i == 3 ? 7 : 255);
		}
		xmlFree(s);
	}
	if (rc)
		goto out;
	if (v[0]) {
		conv_note(&l->c, "<%s> at PCI domain %lu: irqsim has one PCI domain, the device is left out",
			  (const char *)dev->name, v[0]);
		rc = 1;
		goto out;
	}
	if (v[1] && (v[1] >= MAX_CONTROLLERS || l->bus[v[1]] <= 0)) {
		conv_note(&l->c, "<%s> on bus %lu: %s, the device is left out", (const char *)dev->name, v[1],
			  v[1] < MAX_CONTROLLERS && l->bus[v[1]] < 0 ? "a controller irqsim does not model"
								     : "no <controller type='pci'> with that index");
		rc = 1;
		goto out;
	}
	char val[32];
	if (v[1]) {
		snprintf(val, sizeof(val), "pci.%lu", v[1]);
		if ((rc = put(l, f, ',', "bus=", val, a, "bus")))
			goto out;
	}
	if (v[3])
		snprintf(val, sizeof(val), "0x%lx.0x%lx", v[2], v[3]);
	else
		snprintf(val, sizeof(val), "0x%lx", v[2]);
	if ((rc = put(l, f, ',', "addr=", val, a, "slot")))
		goto out;
	char *mf = attr(a, "multifunction");
	if (mf && !strcmp(mf, "on"))
		rc = put(l, f, ',', "multifunction=", "on", a, "multifunction");
	xmlFree(mf);
out:
	xmlFree(type);
	return rc;
}

/* The device's id: its <alias name=>, else 'fallback' (may be NULL: none). */
static int put_id(struct lv *l, FILE *f, xmlNodePtr dev, const char *fallback)
{
	xmlNodePtr al = child(dev, "alias");
	char *name = attr(al, "name");
	int rc = 0;
	if (name)
		rc = put(l, f, ',', "id=", name, al, "name");
	else if (fallback)
		rc = put(l, f, ',', "id=", fallback, dev, NULL);
	xmlFree(name);
	return rc;
}

/* One modelled device line: "device MODEL,id=..,KEY=<driver queues>,bus/addr". */
static int device_line(struct lv *l, xmlNodePtr dev, const char *model, const char *id, const char *qkey)
{
	FILE *f = begin(l, dev);
	if (!f)
		return -1;
	fprintf(f, "device %s", model);
	int rc = put_id(l, f, dev, id);
	if (!rc && qkey) {
		xmlNodePtr drv = child(dev, "driver");
		char *q = attr(drv, "queues");
		char key[32];
		snprintf(key, sizeof(key), "%s=", qkey);
		if (q)
			rc = put(l, f, ',', key, q, drv, "queues");
		else if (l->compat > 0 && strcmp(model, "virtio-net-pci"))
			rc = put(l, f, ',', key, "1", dev, NULL);
		xmlFree(q);
	}
	int skip = rc ? rc : put_address(l, f, dev);
	if (skip < 0) {
		conv_end(&l->c);
		return -1;
	}
	if (skip > 0) {
		/* left out: drop the line built so far */
		conv_cancel(&l->c);
		return 0;
	}
	return conv_end(&l->c);
}

static bool attr_is(xmlNodePtr n, const char *a, const char *v)
{
	char *s = attr(n, a);
	bool r = s && !strcmp(s, v);
	xmlFree(s);
	return r;
}

/* <controller type='pci' index=N>: which indexes are modelled bridges (before any device uses them). */
static int scan_pci_controllers(struct lv *l, xmlNodePtr devs)
{
	for (xmlNodePtr n = devs->children; n; n = n->next) {
		if (!is(n, "controller") || !attr_is(n, "type", "pci"))
			continue;
		char *idx = attr(n, "index");
		bool ok;
		unsigned long i = number(idx, &ok);
		xmlFree(idx);
		if (!ok || i >= MAX_CONTROLLERS)
			return lerr(l, n, "index", "<controller type='pci'>: index expects a number from 0 to %u",
				    MAX_CONTROLLERS - 1);
		l->bus[i] = attr_is(n, "model", "pcie-root-port") || attr_is(n, "model", "pci-bridge") ? 1 : -1;
	}
	return 0;
}

static int do_pci_controllers(struct lv *l, xmlNodePtr devs)
{
	for (unsigned i = 1; i < MAX_CONTROLLERS; i++) {
		if (!l->bus[i])
			continue;
		for (xmlNodePtr n = devs->children; n; n = n->next) {
			char *idx = is(n, "controller") && attr_is(n, "type", "pci") ? attr(n, "index") : NULL;
			bool ok, match = idx && number(idx, &ok) == i;
			xmlFree(idx);
			if (!match)
				continue;
			char *model = attr(n, "model");
			char id[32];
			snprintf(id, sizeof(id), "pci.%u", i);
			int rc = 0;
			if (l->bus[i] > 0)
				rc = device_line(l, n, model, id, NULL);
			else
				conv_ignored(&l->c, "<controller type='pci'>", "<controller type='pci' model='%s' index='%u'>",
					     model ? model : "?", i);
			xmlFree(model);
			if (rc)
				return -1;
			break;
		}
	}
	return 0;
}

/* A disk with <address type='drive' controller=N> on a declared <controller type='nvme' index=N>: a namespace. */
static bool on_nvme_controller(xmlNodePtr disk)
{
	xmlNodePtr a = child(disk, "address");
	if (!attr_is(a, "type", "drive"))
		return false;
	char *ctl = attr(a, "controller");
	bool found = false;
	for (xmlNodePtr n = disk->parent->children; n && !found; n = n->next)
		if (is(n, "controller") && attr_is(n, "type", "nvme"))
			found = attr_is(n, "index", ctl ? ctl : "0");
	xmlFree(ctl);
	return found;
}

static int do_disk(struct lv *l, xmlNodePtr n)
{
	xmlNodePtr target = child(n, "target");
	char *bus = attr(target, "bus"), *dev = attr(target, "dev");
	int rc = 0;
	if (bus && !strcmp(bus, "virtio"))
		rc = device_line(l, n, "virtio-blk-pci", dev, "num-queues");
	else if (bus && !strcmp(bus, "nvme") && !on_nvme_controller(n))
		/* an NVMe disk of its own: QEMU's -device nvme,drive=...,serial=... */
		rc = device_line(l, n, "nvme", dev, NULL);
	else if (!bus || strcmp(bus, "nvme"))
		conv_ignored(&l->c, "<disk> not on virtio", "<disk> %s on bus '%s' (no PCI function of its own)",
			     dev ? dev : "?", bus ? bus : "?");
	xmlFree(bus);
	xmlFree(dev);
	return rc;
}

static int do_device(struct lv *l, xmlNodePtr n)
{
	if (is(n, "disk"))
		return do_disk(l, n);
	if (is(n, "interface")) {
		if (attr_is(child(n, "model"), "type", "virtio")) {
			char id[32];
			snprintf(id, sizeof(id), "net%u", l->nets++);
			return device_line(l, n, "virtio-net-pci", id, "queues");
		}
		char *m = attr(child(n, "model"), "type");
		conv_ignored(&l->c, "<interface> not virtio", "<interface> model '%s'", m ? m : "(libvirt's default)");
		xmlFree(m);
		return 0;
	}
	if (is(n, "controller")) {
		char *type = attr(n, "type"), *model = attr(n, "model"), *idx = attr(n, "index");
		int rc = 0;
		char id[48];
		snprintf(id, sizeof(id), "%s%s", type ? type : "controller", idx ? idx : "0");
		if (type && !strcmp(type, "pci")) {
			/* done first, by index */
		} else if (type && !strcmp(type, "scsi") && model && !strcmp(model, "virtio-scsi")) {
			rc = device_line(l, n, "virtio-scsi-pci", id, "num_queues");
		} else if (type && !strcmp(type, "nvme")) {
			rc = device_line(l, n, "nvme", id, NULL);
		} else {
			conv_ignored(&l->c, "<controller>", "<controller type='%s'%s%s%s>", type ? type : "?",
				     model ? " model='" : "", model ? model : "", model ? "'" : "");
		}
		xmlFree(type);
		xmlFree(model);
		xmlFree(idx);
		return rc;
	}
	if (is(n, "iommu")) {
		if (!attr_is(n, "model", "intel")) {
			conv_ignored(&l->c, "<iommu> not intel", "<iommu> of another model than 'intel'");
			return 0;
		}
		xmlNodePtr drv = child(n, "driver");
		char *ir = attr(drv, "intremap");
		FILE *f = begin(l, n);
		int rc = f ? 0 : -1;
		if (f) {
			fputs("device intel-iommu", f);
			if (ir)
				rc = put(l, f, ',', "intremap=", ir, drv, "intremap");
			rc = conv_end(&l->c) || rc ? -1 : 0;
		}
		xmlFree(ir);
		return rc;
	}
	if (n->type == XML_ELEMENT_NODE)
		ignored_element(l, n);
	return 0;
}

static int do_devices(struct lv *l, xmlNodePtr devs)
{
	if (!devs)
		return 0;
	if (scan_pci_controllers(l, devs) || do_pci_controllers(l, devs))
		return -1;
	/* intel-iommu first: libvirt puts it before the other devices too */
	for (xmlNodePtr n = devs->children; n; n = n->next)
		if (is(n, "iommu") && do_device(l, n))
			return -1;
	for (xmlNodePtr n = devs->children; n; n = n->next)
		if (!is(n, "iommu") && do_device(l, n))
			return -1;
	return 0;
}

static int convert(struct lv *l, xmlNodePtr dom)
{
	char *type = attr(dom, "type");
	bool kvm = type && !strcmp(type, "kvm");
	xmlFree(type);
	xmlNodePtr os = child(dom, "os"), vcpu = child(dom, "vcpu"), cpu = child(dom, "cpu");
	xmlNodePtr devs = child(dom, "devices");
	if (!os)
		conv_note(&l->c, "no <os>: machine pc");
	if (os ? do_os(l, os) : conv_line(&l->c, 1, 1, "machine pc"))
		return -1;
	if (vcpu && do_smp(l, vcpu, child(cpu, "topology")))
		return -1;
	if (!vcpu)
		conv_note(&l->c, "no <vcpu>: one vCPU%s", child(cpu, "topology") ? " (<topology> left out with it)" : "");
	if (do_cpu_numa(l, cpu))
		return -1;
	xmlNodePtr cmd = child(os, "cmdline");
	char *cl = text(cmd);
	if (cl) {
		unsigned line, col;
		where(l, cmd, NULL, &line, &col);
		FILE *f = conv_begin(&l->c, line, col);
		if (!f) {
			xmlFree(cl);
			return -1;
		}
		fputs("cmdline \"", f);
		for (const char *p = cl; *p; p++) {
			if (*p == '"' || *p == '\\')
				fputc('\\', f);
			fputc(iscntrl((unsigned char)*p) ? ' ' : *p, f);
		}
		fputc('"', f);
		xmlFree(cl);
		if (conv_end(&l->c))
			return -1;
	}
	if (kvm && conv_line(&l->c, 1, 1, "host kvm"))
		return -1;
	for (xmlNodePtr n = dom->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !is(n, "os") && !is(n, "vcpu") && !is(n, "cpu") && !is(n, "devices"))
			ignored_element(l, n);
	if (do_devices(l, devs))
		return -1;
	return conv_line(&l->c, 1, 1, "boot");
}

/*
 * libxml2's global set-up is not thread-safe the first time: run it once,
 * whichever thread converts first.  Its error reports go to the parser
 * context (XML_PARSE_NOERROR, xmlCtxtGetLastError), never to the caller's
 * global handler, which is left as the caller set it.
 */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void no_errors(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* libxml2 reports its allocation failures here (they would read as XML errors, or as absent attributes) */
static void xml_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (e && (e->code == XML_ERR_NO_MEMORY || e->domain == XML_FROM_MEMORY))
		nomem();
}

static void xml_init(void)
{
	xmlInitParser();
}

static int from_libvirt_unguarded(const char *name, const char *buf, size_t len, struct irqsim_conversion *out,
				  char *err, size_t errlen);

/* Every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
int irqsim_from_libvirt(const char *name, const char *buf, size_t len, struct irqsim_conversion *out, char *err,
			size_t errlen)
{
	unsigned long nm = nomem_count;
	pthread_once(&xml_once, xml_init);
	/* libxml2's error handlers are per thread: ours for this call, then the caller's again */
	xmlGenericErrorFunc gen = xmlGenericError;
	void *gen_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc st = xmlStructuredError;
	void *st_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, no_errors);
	xmlSetStructuredErrorFunc(NULL, xml_error);
	int rc = from_libvirt_unguarded(name, buf, len, out, err, errlen);
	xmlSetStructuredErrorFunc(st_ctx, st);
	xmlSetGenericErrorFunc(gen_ctx, gen);
	if (nomem_since(nm, err, errlen) && !rc) {
		irqsim_conversion_free(out);
		rc = -1;
	}
	return rc;
}

static int from_libvirt_unguarded(const char *name, const char *buf, size_t len, struct irqsim_conversion *out,
				  char *err, size_t errlen)
{
	struct lv *l = calloc(1, sizeof(*l));
	if (!l) {
		nomem();
		return nomem_error(err, errlen);
	}
	if (conv_init(&l->c, name, buf, len, err, errlen)) {
		free(l);
		return -1;
	}
	conv_note(&l->c, "irqsim scenario from the libvirt domain in %s", name);
	conv_note(&l->c, "devices without an <address> get the slots QEMU would give them in this order");
	int rc = 0;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		nomem();
		rc = conv_error(&l->c, 1, 1, "out of memory");
	} else if (len > INT_MAX) {
		rc = conv_error(&l->c, 1, 1, "too large for an XML file");
	} else {
		/* the parser's errors stay in its context (xmlCtxtGetLastError) */
		ctxt->sax->serror = xml_error;
		/* no network, no entity expansion, no DTD loading */
		l->doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
					   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!l->doc) {
			const xmlError *e = xmlCtxtGetLastError(ctxt);
			char msg[256];
			snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "not XML");
			msg[strcspn(msg, "\n")] = '\0';
			rc = conv_error(&l->c, e && e->line > 0 ? (unsigned)e->line : 1,
					e && e->int2 > 0 ? (unsigned)e->int2 : 1, "%s", msg);
		} else {
			xmlNodePtr root = xmlDocGetRootElement(l->doc);
			if (!is(root, "domain"))
				rc = root ? lerr(l, root, NULL, "expected a libvirt <domain>, got <%.40s>", (const char *)root->name)
					  : conv_error(&l->c, 1, 1, "expected a libvirt <domain>");
			else
				rc = convert(l, root);
		}
	}
	if (l->doc)
		xmlFreeDoc(l->doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	if (rc)
		l->c.failed = true;
	rc = conv_finish(&l->c, rc ? NULL : out) || rc ? -1 : 0;
	free(l);
	return rc;
}
