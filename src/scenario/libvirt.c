// SPDX-License-Identifier: GPL-2.0-only
/*
 * A libvirt domain XML as a scenario: the parts that decide interrupt
 * vectors (vCPUs and their topology, NUMA cells, the machine type, the kernel
 * command line, the PCI devices irqsim models with their queue counts and
 * addresses), in the order libvirt gives them to QEMU (PCI controllers by
 * index first, then the other devices in document order).  Everything else
 * is named as ignored.  libxml2 parses; libxml2 gives elements a line but no
 * column, so each start tag's place in the source is taken as the parser
 * reaches it (one pass), and a value's column is found by reading the
 * attributes of its own start tag.
 *
 * A document with a DOCTYPE is refused before its DTD is read: a DTD is
 * where entities are declared (one 100 KB entity referenced 20,000 times
 * would be 2 GB of text), and libvirt never writes one.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nomem.h"
#include "scenario/convert.h"
#include "scenario/xmldl.h"

#define MAX_CONTROLLERS 1024
/*
 * libxml2 2.9 checks each attribute of a start tag against all the tag's
 * earlier ones (100,000 attributes on one element: 25 s), and its name
 * dictionary slows down with the number of different names (320,000: 5 s).
 * A libvirt element has a handful of attributes and the domain schema a few
 * hundred names: more is refused, the first in one pass over the text before
 * libxml2 reads it, the second as the parser meets the names.
 */
#define MAX_ATTRS 64
#define MAX_NAMES 4096

/* Where a start tag is in the source: '<' at start, its '>' or "/>" at end */
struct tagpos {
	size_t start, end, bol;              /* bol: where start's line begins */
	unsigned line;
};

struct lv {
	struct conv c;
	xmlDocPtr doc;
	bool q35;
	int compat;                          /* conv_machine_kind's */
	/* PCI controllers by index: 1 modelled, -1 present but not modelled; the first element of each index */
	signed char bus[MAX_CONTROLLERS];
	xmlNodePtr ctl[MAX_CONTROLLERS];
	/* the index='' of every <controller type='nvme'>, sorted (for the disks on them) */
	char **nvme_idx;
	size_t nr_nvme;
	unsigned nets, nvme_implicit;
	unsigned next_index;                 /* the next <controller type='pci'> index libvirt would give */
	/* root ports (by index) that no device sits behind yet: libvirt fills them before adding ports */
	bool free_port[MAX_CONTROLLERS];
	bool irqchip_full;                   /* KVM without <ioapic driver='qemu'/>: intremap's auto is off */
	bool irqchip_split;                  /* KVM with <ioapic driver='qemu'/>: eim's auto is on */
	/* start tags in document order (an element's _private is its index + 1) */
	struct tagpos *tags;
	size_t nr_tags, cap_tags;
	size_t cur, cur_bol;                 /* the line counter: source offset cur is on line cur_line */
	unsigned cur_line;
	bool oom;
	long dtd;                            /* offset of a <!DOCTYPE, -2 none, -1 seen at an unknown place */
	unsigned dtd_line;
	/* the different element and attribute names met (libxml2 gives each name one pointer), a hash set */
	const xmlChar *names[2 * MAX_NAMES];
	unsigned nr_names;
	unsigned names_line, names_col;      /* where the name past MAX_NAMES was met, line 0 not */
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
	size_t i = n ? (size_t)(uintptr_t)n->_private : 0;
	*col = 1;
	if (!i || i > l->nr_tags) {
		/* not seen by start_element (text converted from another encoding): the line libxml2 keeps */
		long ln = n ? xmlGetLineNo(n) : 1;
		*line = ln > 0 && ln < INT_MAX ? (unsigned)ln : 1;
		return;
	}
	const struct tagpos *t = &l->tags[i - 1];
	const char *s = l->c.src;
	*line = t->line;
	*col = (unsigned)(t->start - t->bol) + 1;
	if (!name)
		return;
	/* the attributes of this start tag, quoted values skipped whole: NAME S? = S? QUOTE VALUE QUOTE */
	size_t kl = strlen(name), p = t->start + 1;
	while (p < t->end && !isspace((unsigned char)s[p]))
		p++;
	while (p < t->end) {
		while (p < t->end && isspace((unsigned char)s[p]))
			p++;
		size_t an = p;
		while (p < t->end && s[p] != '=' && !isspace((unsigned char)s[p]))
			p++;
		size_t ae = p;
		while (p < t->end && (isspace((unsigned char)s[p]) || s[p] == '='))
			p++;
		if (p >= t->end || (s[p] != '\'' && s[p] != '"'))
			return;
		char q = s[p++];
		if (ae - an == kl && !memcmp(s + an, name, kl)) {
			/* the value's line and column: the tag may span lines */
			size_t bol = t->bol;
			for (size_t k = t->start; k < p; k++)
				if (s[k] == '\n') {
					(*line)++;
					bol = k + 1;
				}
			*col = (unsigned)(p - bol) + 1;
			return;
		}
		const char *close = memchr(s + p, q, t->end - p);
		if (!close)
			return;
		p = (size_t)(close - s) + 1;
	}
}

/* Count a name met by the parser; false past MAX_NAMES. */
static bool name_seen(struct lv *l, const xmlChar *name)
{
	size_t m = sizeof(l->names) / sizeof(l->names[0]) - 1, i = ((uintptr_t)name >> 4) * 2654435761u & m;
	while (l->names[i] && l->names[i] != name)
		i = (i + 1) & m;
	if (l->names[i])
		return true;
	if (l->nr_names == MAX_NAMES)
		return false;
	l->names[i] = name;
	l->nr_names++;
	return true;
}

/*
 * The offset of the first start tag with more than MAX_ATTRS attributes, or
 * -1: one pass, tag to tag, quoted values, comments, CDATA and processing
 * instructions skipped whole.  It stops where the parser would (a DOCTYPE,
 * which is refused, or a construct left open).
 */
static long crowded_tag(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		size_t left = (size_t)(end - p);
		const char *close;
		if (left >= 4 && !memcmp(p, "<!--", 4))
			close = memmem(p + 4, left - 4, "-->", 3);
		else if (left >= 9 && !memcmp(p, "<![CDATA[", 9))
			close = memmem(p + 9, left - 9, "]]>", 3);
		else if (left >= 2 && p[1] == '?')
			close = memmem(p + 2, left - 2, "?>", 2);
		else if (left >= 2 && p[1] == '!')
			return -1;
		else {
			/* a tag: its attributes are its '=' outside quotes */
			unsigned eq = 0;
			const char *q = p + 1;
			while (q < end && *q != '>' && *q != '<') {
				if (*q == '"' || *q == '\'') {
					const char *e = memchr(q + 1, *q, (size_t)(end - q - 1));
					if (!e)
						return -1;
					q = e + 1;
					continue;
				}
				if (*q == '=' && ++eq > MAX_ATTRS)
					return p - s;
				q++;
			}
			p = q;
			continue;
		}
		if (!close)
			return -1;
		p = close + 2;
	}
	return -1;
}

/*
 * The place of the start tag libxml2 just reported: the parser stands on the
 * tag's '>' (or "/>"), and '<' cannot appear in an attribute value, so the
 * last '<' before is where the tag begins.  Tags come in source order: the
 * line count goes forward only.
 */
static void tag_place(struct lv *l, xmlParserCtxtPtr ctxt)
{
	xmlParserInputPtr in = ctxt->input;
	xmlNodePtr node = ctxt->node;
	if (!node || !in || ctxt->inputNr != 1 || !in->buf || in->buf->encoder || in->cur < in->base)
		return;
	size_t end = in->consumed + (size_t)(in->cur - in->base);
	const char *s = l->c.src;
	if (end >= l->c.srclen || (s[end] != '>' && s[end] != '/') || end < l->cur)
		return;
	size_t start = end;
	while (start > l->cur && s[start] != '<')
		start--;
	if (s[start] != '<')
		return;
	if (l->nr_tags == l->cap_tags) {
		size_t cap = l->cap_tags ? 2 * l->cap_tags : 256;
		struct tagpos *t = nomem_check(reallocarray(l->tags, cap, sizeof(*t)));
		if (!t) {
			l->oom = true;
			xmlStopParser(ctxt);
			return;
		}
		l->tags = t;
		l->cap_tags = cap;
	}
	for (const char *nl; (nl = memchr(s + l->cur, '\n', start - l->cur)) != NULL;) {
		l->cur_line++;
		l->cur = l->cur_bol = (size_t)(nl - s) + 1;
	}
	l->cur = start;
	l->tags[l->nr_tags++] = (struct tagpos){ start, end, l->cur_bol, l->cur_line };
	node->_private = (void *)(uintptr_t)l->nr_tags;
}

/* libxml2's SAX start of an element, then its names counted and its start tag's place noted */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
			  int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
			  const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct lv *l = ctxt->_private;
	xmlSAX2StartElementNs(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
			      attributes);
	bool named = name_seen(l, localname);
	for (int i = 0; i < nb_attributes && named; i++)
		named = name_seen(l, attributes[5 * i]);
	size_t tags = l->nr_tags;
	tag_place(l, ctxt);
	if (!named) {
		/* refused where the tag is, else on the parser's line (the document is gone after the stop) */
		l->names_line = ctxt->input && ctxt->input->line > 0 ? (unsigned)ctxt->input->line : 1;
		l->names_col = 1;
		if (l->nr_tags > tags) {
			const struct tagpos *t = &l->tags[l->nr_tags - 1];
			l->names_line = t->line;
			l->names_col = (unsigned)(t->start - t->bol) + 1;
		}
		xmlStopParser(ctxt);
	}
}

/*
 * A DOCTYPE: stop before its internal subset is read (no entity is ever
 * declared, so none is expanded), and remember where it is.
 */
static void internal_subset(void *ctx, const xmlChar *name, const xmlChar *ExternalID, const xmlChar *SystemID)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct lv *l = ctxt->_private;
	xmlParserInputPtr in = ctxt->input;
	l->dtd = -1;
	l->dtd_line = in && in->line > 0 ? (unsigned)in->line : 1;
	if (in && ctxt->inputNr == 1 && in->buf && !in->buf->encoder && in->cur >= in->base) {
		size_t at = in->consumed + (size_t)(in->cur - in->base);
		for (size_t p = at < l->c.srclen ? at : l->c.srclen; p-- > 0;)
			if (l->c.src[p] == '<' && p + 9 <= l->c.srclen && !memcmp(l->c.src + p, "<!DOCTYPE", 9)) {
				l->dtd = (long)p;
				break;
			}
	}
	xmlStopParser(ctxt);
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
		/* libvirt packs the root ports it adds 8 to a slot: so does plan --add */
		rc = conv_line(&l->c, line, col, "machine %s", l->q35 ? "q35 root-ports=packed" : "pc");
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

static bool attr_is(xmlNodePtr n, const char *a, const char *v);

/*
 * Does libvirt give this device a root port of its own on q35?  Devices
 * without an <address> that QEMU makes PCI Express endpoints on a root
 * port (modern virtio, e1000e, nvme, the xHCI controllers, a host device);
 * primary video sits on the root bus (00:01.0), and conventional PCI
 * devices (virtio-transitional, lsi, megasas, vmxnet3, e1000, ...) go
 * behind a pcie-to-pci-bridge in libvirt, which irqsim does not model:
 * they stay on the root bus.
 */
static bool auto_port(struct lv *l, xmlNodePtr dev, const char *model)
{
	if (!model || !l->q35 || attr_is(child(dev, "address"), "type", "pci") ||
	    attr_is(child(dev, "address"), "type", "drive"))
		return false;
	if (attr_is(dev, "model", "virtio-transitional") || attr_is(child(dev, "model"), "type", "virtio-transitional") ||
	    attr_is(child(dev, "driver"), "model", "virtio-transitional"))
		return false;
	static const char *const pcie[] = { "virtio-blk-pci", "virtio-net-pci", "virtio-scsi-pci", "virtio-serial-pci",
					    "virtio-balloon-pci", "virtio-rng-pci", "virtio-keyboard-pci",
					    "virtio-mouse-pci", "virtio-tablet-pci", "virtio-gpu-pci", "vhost-vsock-pci",
					    "e1000e", "nvme", "qemu-xhci", "nec-usb-xhci" };
	for (size_t i = 0; i < sizeof(pcie) / sizeof(pcie[0]); i++)
		if (!strcmp(model, pcie[i]))
			return true;
	return is(dev, "hostdev");
}

/*
 * One modelled device line: "device MODEL[,EXTRA],id=..,KEY=<driver queues>,bus/addr"
 * (extra: irqsim's own options, pci-generic's).
 */
static int device_line_x(struct lv *l, xmlNodePtr dev, const char *model, const char *extra, const char *id,
			 const char *qkey)
{
	char port[32] = "";
	unsigned reuse = 1;
	while (reuse < MAX_CONTROLLERS && !l->free_port[reuse])
		reuse++;
	if (auto_port(l, dev, model) && reuse < MAX_CONTROLLERS) {
		/* a root port the domain lists with nothing behind it */
		l->free_port[reuse] = false;
		snprintf(port, sizeof(port), "pci.%u", reuse);
	} else if (auto_port(l, dev, model)) {
		/* libvirt's address assignment on q35: a root port of its own, packed 8 to a slot (root-ports=packed) */
		snprintf(port, sizeof(port), "pci.%u", l->next_index++);
		FILE *pf = begin(l, dev);
		if (!pf)
			return -1;
		fprintf(pf, "device pcie-root-port,id=%s", port);
		if (conv_end(&l->c))
			return -1;
	}
	FILE *f = begin(l, dev);
	if (!f)
		return -1;
	fprintf(f, "device %s", model);
	if (extra)
		fprintf(f, ",%s", extra);
	int rc = put_id(l, f, dev, id);
	if (port[0])
		fprintf(f, ",bus=%s", port);
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
	if (!rc && model && !strcmp(model, "pcie-root-port")) {
		/* <target hotplug='off'>: libvirt's pcie-root-port,hotplug=off (no pciehp, no hot-adds) */
		xmlNodePtr tg = child(dev, "target");
		char *hp = attr(tg, "hotplug");
		if (hp)
			rc = put(l, f, ',', "hotplug=", hp, tg, "hotplug");
		xmlFree(hp);
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

static int device_line(struct lv *l, xmlNodePtr dev, const char *model, const char *id, const char *qkey)
{
	return device_line_x(l, dev, model, NULL, id, qkey);
}

/* A QEMU device irqsim has no model of, as pci-generic (conv_generic_find's table) with a note. */
static int generic_line(struct lv *l, xmlNodePtr dev, const char *qemu, const char *id)
{
	const struct conv_generic_dev *g = conv_generic_find(qemu);
	if (!g) {
		conv_ignored(&l->c, qemu, "<%s> as QEMU's %s (not known to irqsim: its interrupts are not counted)",
			     (const char *)dev->name, qemu);
		return 0;
	}
	conv_generic(&l->c, "<%s> as QEMU's %s: %s", (const char *)dev->name, qemu, g->why);
	/* the QEMU device it is (the recorder boots it) */
	char opts[256];
	snprintf(opts, sizeof(opts), "qemu=%s,%s", qemu, g->opts);
	return device_line_x(l, dev, "pci-generic", opts, id, NULL);
}

/*
 * libvirt's id of a USB controller (qemuAssignDeviceControllerAlias): its
 * <alias>, else "usb" for index 0 and usbN for the others.
 */
static void usb_controller_id(struct lv *l, xmlNodePtr ctl, const char *idx, char *buf, size_t len)
{
	(void)l;
	char *a = attr(child(ctl, "alias"), "name");
	if (a)
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, "usb%s", idx && strcmp(idx, "0") ? idx : "");
	xmlFree(a);
}

/*
 * A USB device (<input bus='usb'>, <disk bus='usb'>) as libvirt's command
 * line has it: -device usb-tablet,id=inputN,bus=CONTROLLER.0[,port=P], on
 * the controller of its <address type='usb' bus='N'> (index 0 without one)
 * and its port (libvirt gives the first free one when none is written, as
 * QEMU does without port=).  Its <alias>, else a disk's target dev, an
 * input's inputN (N counting the <input> elements before it, libvirt's
 * alias).  1, or -1 on an error.
 */
static int usb_line(struct lv *l, xmlNodePtr n, const char *model, const char *disk_id)
{
	xmlNodePtr a = child(n, "address");
	bool usb_addr = attr_is(a, "type", "usb");
	char *busn = usb_addr ? attr(a, "bus") : NULL, *port = usb_addr ? attr(a, "port") : NULL;
	const char *want = busn ? busn : "0";
	char ctl_id[64] = "";
	for (xmlNodePtr c = n->parent ? n->parent->children : NULL; c && !ctl_id[0]; c = c->next) {
		char *idx = attr(c, "index");
		if (is(c, "controller") && attr_is(c, "type", "usb") && !strcmp(idx ? idx : "0", want))
			usb_controller_id(l, c, idx, ctl_id, sizeof(ctl_id));
		xmlFree(idx);
	}
	/* no such controller: libvirt's implicit one is "usb" (a missing index N is QEMU's error, at the run) */
	if (!ctl_id[0])
		snprintf(ctl_id, sizeof(ctl_id), "usb%.20s", strcmp(want, "0") ? want : "");
	char id[32], bus[80];
	unsigned k = 0;
	for (xmlNodePtr c = n->parent ? n->parent->children : NULL; c && c != n; c = c->next)
		k += is(c, "input");
	snprintf(id, sizeof(id), "input%u", k);
	if (disk_id)
		snprintf(id, sizeof(id), "%.31s", disk_id);
	snprintf(bus, sizeof(bus), "%s.0", ctl_id);
	int rc = 1;
	FILE *f = begin(l, n);
	if (!f)
		rc = -1;
	else {
		fprintf(f, "device %s", model);
		if (put_id(l, f, n, id) || put(l, f, ',', "bus=", bus, busn ? a : n, busn ? "bus" : NULL) ||
		    (port && put(l, f, ',', "port=", port, a, "port")))
			rc = -1;
		rc = conv_end(&l->c) || rc < 0 ? -1 : 1;
	}
	xmlFree(busn);
	xmlFree(port);
	return rc;
}

/* A virtio model libvirt names: virtio, virtio-transitional, virtio-non-transitional (the same interrupts) */
static bool virtio_model(const char *m)
{
	return m && (!strcmp(m, "virtio") || !strcmp(m, "virtio-transitional") || !strcmp(m, "virtio-non-transitional"));
}

/*
 * The libvirt elements that make a PCI function, other than disks, NICs on
 * virtio, SCSI/NVMe and PCI controllers: 1 done (or nothing to do), 0 not
 * one of them, -1 error.
 */
static int do_other_device(struct lv *l, xmlNodePtr n)
{
	char *model = attr(n, "model"), *type = attr(n, "type"), *bus = attr(n, "bus");
	char id[48];
	int rc = 1;
	if (is(n, "memballoon")) {
		if (virtio_model(model))
			rc = device_line(l, n, "virtio-balloon-pci", "balloon0", NULL) ? -1 : 1;
		else if (!model || strcmp(model, "none"))
			conv_ignored(&l->c, "<memballoon>", "<memballoon model='%s'>", model ? model : "?");
	} else if (is(n, "rng")) {
		if (virtio_model(model))
			rc = device_line(l, n, "virtio-rng-pci", "rng0", NULL) ? -1 : 1;
		else
			conv_ignored(&l->c, "<rng>", "<rng model='%s'>", model ? model : "?");
	} else if (is(n, "vsock")) {
		rc = virtio_model(model) || !model ? (device_line(l, n, "vhost-vsock-pci", "vsock0", NULL) ? -1 : 1) : 1;
	} else if (is(n, "input")) {
		if (bus && !strcmp(bus, "usb") && type &&
		    (!strcmp(type, "tablet") || !strcmp(type, "keyboard") || !strcmp(type, "mouse"))) {
			rc = usb_line(l, n, !strcmp(type, "tablet") ? "usb-tablet" : !strcmp(type, "keyboard") ? "usb-kbd"
													  : "usb-mouse", NULL);
		} else if (bus && !strcmp(bus, "virtio") && type &&
		    (!strcmp(type, "tablet") || !strcmp(type, "keyboard") || !strcmp(type, "mouse"))) {
			char m[32];
			snprintf(m, sizeof(m), "virtio-%s-pci", type);
			snprintf(id, sizeof(id), "input-%s", type);
			rc = device_line(l, n, m, id, NULL) ? -1 : 1;
		} else {
			/* PS/2 input: no PCI function of its own (the i8042 is the machine's) */
			conv_ignored(&l->c, "<input> not virtio", "<input type='%s' bus='%s'> (no PCI function of its own)",
				     type ? type : "?", bus ? bus : "?");
		}
	} else if (is(n, "video")) {
		xmlNodePtr m = child(n, "model");
		char *vt = attr(m, "type"), *primary = attr(m, "primary");
		/* libvirt: the primary virtio video is virtio-vga, a secondary one virtio-gpu-pci */
		bool second = primary && !strcmp(primary, "no");
		if (vt && !strcmp(vt, "virtio"))
			rc = device_line(l, n, second ? "virtio-gpu-pci" : "virtio-vga", "video0", NULL) ? -1 : 1;
		else if (vt && !strcmp(vt, "qxl"))
			rc = generic_line(l, n, second ? "qxl" : "qxl-vga", "video0") ? -1 : 1;
		else if (vt && (!strcmp(vt, "vga") || !strcmp(vt, "bochs") || !strcmp(vt, "cirrus")))
			rc = generic_line(l, n, !strcmp(vt, "vga") ? "VGA" : !strcmp(vt, "bochs") ? "bochs-display"
												: "cirrus-vga",
					  "video0") ? -1 : 1;
		else if (!vt || strcmp(vt, "none"))
			conv_ignored(&l->c, "<video>", "<video> model '%s'", vt ? vt : "?");
		xmlFree(vt);
		xmlFree(primary);
	} else if (is(n, "sound")) {
		if (model && !strcmp(model, "ich9"))
			rc = device_line(l, n, "ich9-intel-hda", "sound0", NULL) ? -1 : 1;
		else if (model && (!strcmp(model, "ich6") || !strcmp(model, "ac97") || !strcmp(model, "es1370")))
			rc = generic_line(l, n, !strcmp(model, "ich6") ? "intel-hda" : !strcmp(model, "ac97") ? "AC97"
													: "ES1370",
					  "sound0") ? -1 : 1;
		else
			conv_ignored(&l->c, "<sound>", "<sound model='%s'>", model ? model : "?");
	} else if (is(n, "hostdev")) {
		if (attr_is(n, "type", "pci"))
			rc = generic_line(l, n, "vfio-pci", "hostdev0") ? -1 : 1;
		else
			conv_ignored(&l->c, "<hostdev> not PCI", "<hostdev type='%s'> (no PCI function of its own)",
				     type ? type : "?");
	} else if (is(n, "channel") || is(n, "console")) {
		xmlNodePtr tg = child(n, "target");
		char *tt = attr(tg, "type"), *name = attr(tg, "name");
		if (tt && !strcmp(tt, "virtio")) {
			/* a port on the virtio-serial controller: no PCI function, its controller's queues */
			FILE *f = begin(l, n);
			rc = f ? 1 : -1;
			if (f) {
				fputs(is(n, "console") ? "device virtconsole" : "device virtserialport", f);
				if (name && put(l, f, ',', "name=", name, tg, "name"))
					rc = -1;
				rc = conv_end(&l->c) || rc < 0 ? -1 : 1;
			}
		} else {
			conv_ignored(&l->c, is(n, "console") ? "<console> not virtio" : "<channel> not virtio",
				     "<%s> target '%s' (no PCI function of its own)", (const char *)n->name, tt ? tt : "?");
		}
		xmlFree(tt);
		xmlFree(name);
	} else {
		rc = 0;
	}
	xmlFree(model);
	xmlFree(type);
	xmlFree(bus);
	return rc;
}

static bool attr_is(xmlNodePtr n, const char *a, const char *v)
{
	char *s = attr(n, a);
	bool r = s && !strcmp(s, v);
	xmlFree(s);
	return r;
}

/*
 * One pass over the devices: which <controller type='pci' index=N> are
 * modelled bridges (before any device uses them), the first element of each
 * index, and the indexes of the NVMe controllers.
 */
static void pci_controller_at(struct lv *l, xmlNodePtr n, unsigned i)
{
	l->bus[i] = attr_is(n, "model", "pcie-root-port") || attr_is(n, "model", "pci-bridge") ? 1 : -1;
	l->free_port[i] = attr_is(n, "model", "pcie-root-port");
	if (i + 1 > l->next_index)
		l->next_index = i + 1;
	if (!l->ctl[i])
		l->ctl[i] = n;
}

static bool child_attr_set(xmlNodePtr n, const char *a)
{
	char *v = attr(n, a);
	xmlFree(v);
	return v != NULL;
}

static int scan_pci_controllers(struct lv *l, xmlNodePtr devs)
{
	size_t cap = 0;
	l->next_index = 1; /* index 0 is the root (pci.0 / pcie.0) */
	for (xmlNodePtr n = devs->children; n; n = n->next) {
		if (is(n, "controller") && attr_is(n, "type", "nvme")) {
			char *idx = attr(n, "index");
			if (!idx)
				continue;
			if (l->nr_nvme == cap) {
				cap = cap ? 2 * cap : 16;
				char **v = nomem_check(reallocarray(l->nvme_idx, cap, sizeof(*v)));
				if (!v) {
					xmlFree(idx);
					return conv_error(&l->c, 1, 1, "out of memory");
				}
				l->nvme_idx = v;
			}
			l->nvme_idx[l->nr_nvme++] = idx;
			continue;
		}
		if (!is(n, "controller") || !attr_is(n, "type", "pci"))
			continue;
		char *idx = attr(n, "index");
		bool ok = true;
		/* no index: the root is 0; the others get theirs below, as libvirt numbers them */
		unsigned long i = idx ? number(idx, &ok) : 0;
		xmlFree(idx);
		if (!idx && !attr_is(n, "model", "pcie-root") && !attr_is(n, "model", "pci-root"))
			continue;
		if (!ok || i >= MAX_CONTROLLERS)
			return lerr(l, n, "index", "<controller type='pci'>: index expects a number from 0 to %u",
				    MAX_CONTROLLERS - 1);
		pci_controller_at(l, n, (unsigned)i);
	}
	/* libvirt gives a controller without an index the lowest free one */
	unsigned next = 1;
	for (xmlNodePtr n = devs->children; n; n = n->next) {
		if (!is(n, "controller") || !attr_is(n, "type", "pci") || child_attr_set(n, "index") ||
		    attr_is(n, "model", "pcie-root") || attr_is(n, "model", "pci-root"))
			continue;
		while (next < MAX_CONTROLLERS && l->ctl[next])
			next++;
		if (next >= MAX_CONTROLLERS)
			return lerr(l, n, NULL, "<controller type='pci'>: more than %u controllers", MAX_CONTROLLERS - 1);
		pci_controller_at(l, n, next);
	}
	if (l->nr_nvme)
		qsort(l->nvme_idx, l->nr_nvme, sizeof(*l->nvme_idx), cmp_str);
	return 0;
}

static int do_pci_controllers(struct lv *l)
{
	for (unsigned i = 1; i < MAX_CONTROLLERS; i++) {
		xmlNodePtr n = l->ctl[i];
		if (!l->bus[i] || !n)
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
	}
	return 0;
}

/*
 * A disk with <address type='drive' controller=N> on a declared <controller type='nvme' index=N>: a namespace.
 * The indexes were gathered and sorted once (scan_pci_controllers): 40,000 disks do not walk their siblings each.
 */
static bool on_nvme_controller(struct lv *l, xmlNodePtr disk)
{
	xmlNodePtr a = child(disk, "address");
	if (!attr_is(a, "type", "drive"))
		return false;
	char *ctl = attr(a, "controller");
	const char *key = ctl ? ctl : "0";
	bool found = l->nr_nvme && bsearch(&key, l->nvme_idx, l->nr_nvme, sizeof(*l->nvme_idx), cmp_str);
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
	else if (bus && !strcmp(bus, "nvme") && !on_nvme_controller(l, n))
		/* an NVMe disk of its own: QEMU's -device nvme,drive=...,serial=... */
		rc = device_line(l, n, "nvme", dev, NULL);
	else if (bus && !strcmp(bus, "usb"))
		/* a USB disk on a USB controller: usb-storage, no function of its own */
		rc = usb_line(l, n, "usb-storage", dev ? dev : "usb-disk") < 0 ? -1 : 0;
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
		char *mt = attr(child(n, "model"), "type");
		bool vio = virtio_model(mt);
		xmlFree(mt);
		if (vio) {
			char id[32];
			snprintf(id, sizeof(id), "net%u", l->nets++);
			return device_line(l, n, "virtio-net-pci", id, "queues");
		}
		char *m = attr(child(n, "model"), "type");
		char id[32];
		snprintf(id, sizeof(id), "net%u", l->nets++);
		int rc = 0;
		/* no model: QEMU's NIC of the machine, e1000e on q35, e1000 on pc */
		const char *q = m ? m : l->q35 ? "e1000e" : "e1000";
		if (!m)
			conv_note(&l->c, "<interface> without a model: QEMU's default NIC, %s", q);
		if (!strcmp(q, "e1000e") || !strcmp(q, "vmxnet3"))
			rc = device_line(l, n, q, id, NULL);
		else
			rc = generic_line(l, n, q, id);
		xmlFree(m);
		return rc;
	}
	if (is(n, "controller")) {
		char *type = attr(n, "type"), *model = attr(n, "model"), *idx = attr(n, "index");
		int rc = 0;
		char id[48];
		snprintf(id, sizeof(id), "%s%s", type ? type : "controller", idx ? idx : "0");
		/* libvirt's alias of USB controller 0 is "usb" (its devices' bus is usb.0) */
		if (type && !strcmp(type, "usb") && (!idx || !strcmp(idx, "0")))
			snprintf(id, sizeof(id), "usb");
		if (type && !strcmp(type, "pci")) {
			/* done first, by index */
		} else if (type && !strcmp(type, "scsi") && model && (!strcmp(model, "virtio-scsi") || virtio_model(model))) {
			rc = device_line(l, n, "virtio-scsi-pci", id, "num_queues");
		} else if (type && !strcmp(type, "nvme")) {
			rc = device_line(l, n, "nvme", id, NULL);
		} else if (type && !strcmp(type, "scsi") && model &&
			   (!strcmp(model, "lsilogic") || !strcmp(model, "megasas") || !strcmp(model, "vmpvscsi"))) {
			rc = device_line(l, n, !strcmp(model, "lsilogic") ? "lsi53c895a" : !strcmp(model, "megasas") ?
					 "megasas-gen2" : "pvscsi", id, NULL);
		} else if (type && !strcmp(type, "virtio-serial")) {
			rc = device_line(l, n, "virtio-serial-pci", id, NULL);
		} else if (type && !strcmp(type, "sata")) {
			/* q35's own AHCI at 00:1f.2 (libvirt's sata0), or an added ich9-ahci */
			rc = device_line(l, n, "ich9-ahci", id, NULL);
		} else if (type && !strcmp(type, "usb") && model && !strcmp(model, "none")) {
			/* no USB controller */
		} else if (type && !strcmp(type, "usb")) {
			/* libvirt's default model: qemu-xhci on q35, piix3-uhci on pc */
			const char *m = model ? model : l->q35 ? "qemu-xhci" : "piix3-uhci";
			if (!model)
				conv_note(&l->c, "<controller type='usb'> without a model: libvirt's default, %s", m);
			char *ports = attr(n, "ports");
			char extra[48];
			bool okp = true;
			unsigned long np = ports ? number(ports, &okp) : 0;
			/* libvirt's ports='N' of an xHCI controller: -device qemu-xhci,p2=N,p3=N */
			snprintf(extra, sizeof(extra), "p2=%lu,p3=%lu", np, np);
			if (ports && (!okp || np > 15)) {
				rc = lerr(l, n, "ports", "'%.20s': an xHCI controller has 1 to 15 ports", ports);
			} else if (!strcmp(m, "qemu-xhci") || !strcmp(m, "nec-xhci"))
				rc = device_line_x(l, n, !strcmp(m, "qemu-xhci") ? "qemu-xhci" : "nec-usb-xhci", ports ? extra : NULL,
						   id, NULL);
			else {
				char q[40];
				/* libvirt's names: ich9-ehci1, ich9-uhci1..3, piix3-uhci, piix4-uhci, pci-ohci */
				snprintf(q, sizeof(q), "%s%s", !strncmp(m, "ich9-", 5) ? "ich9-usb-" : "",
					 !strncmp(m, "ich9-", 5) ? m + 5 : !strcmp(m, "piix3-uhci") ? "piix3-usb-uhci" :
					 !strcmp(m, "piix4-uhci") ? "piix4-usb-uhci" : m);
				rc = generic_line(l, n, q, id);
			}
			xmlFree(ports);
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
		/* <driver eim='on'>: the guest's x2APIC (more than 255 vCPUs need it) */
		char *eim = attr(drv, "eim");
		FILE *f = begin(l, n);
		int rc = f ? 0 : -1;
		if (f) {
			fputs("device intel-iommu", f);
			if (ir) {
				rc = put(l, f, ',', "intremap=", ir, drv, "intremap");
			} else if (l->irqchip_full) {
				/* QEMU 7.2's intremap=auto under KVM with the in-kernel irqchip */
				fputs(",intremap=off", f);
				conv_note(&l->c, "<iommu>: no intremap, and KVM's in-kernel irqchip: intremap=off");
			}
			if (eim && !rc) {
				rc = put(l, f, ',', "eim=", eim, drv, "eim");
			} else if (!rc && l->irqchip_split && !(ir && !strcmp(ir, "off"))) {
				/* QEMU 7.2's eim=auto with KVM's split irqchip and remapping on */
				fputs(",eim=on", f);
				conv_note(&l->c, "<iommu>: no eim, and KVM's split irqchip: eim=on (the guest runs x2APIC)");
			}
			rc = conv_end(&l->c) || rc ? -1 : 0;
		}
		xmlFree(ir);
		xmlFree(eim);
		return rc;
	}
	int other = do_other_device(l, n);
	if (other)
		return other < 0 ? -1 : 0;
	if (n->type == XML_ELEMENT_NODE)
		ignored_element(l, n);
	return 0;
}

struct dev_key {
	xmlNodePtr node;        /* NULL: a device libvirt adds (implicit) */
	int implicit;           /* which (IMPLICIT_*), with node NULL */
	size_t seq;             /* libvirt's assignment phase, then document order */
	unsigned long key;      /* bus << 8 | slot << 3 | function; ULONG_MAX - 1: no PCI address; ULONG_MAX: a port */
};

enum { IMPLICIT_NONE, IMPLICIT_USB, IMPLICIT_VSERIAL, IMPLICIT_BALLOON, IMPLICIT_SATA };

/*
 * libvirt's order for the elements it gives a PCI address
 * (qemuDomainAssignDevicePCISlots): filesystems, network interfaces, sound
 * cards, the other controllers (USB, SCSI, virtio-serial, in document order
 * by type), virtio disks, host devices, the memballoon, rngs, the watchdog,
 * video, shared memory, virtio inputs, PCI serials; vsock and the rest after.
 * On q35 each takes the next free root port in this order, so it decides
 * their buses (a default virt-install guest: NIC 01, USB 02,
 * virtio-serial 03, disk 04, balloon 05, rng 06).
 */
static size_t libvirt_phase(xmlNodePtr n)
{
	static const char *const phases[] = { "filesystem", "interface", "sound", "controller", "disk", "hostdev",
					       "memballoon", "rng", "watchdog", "video", "shmem", "input", "serial" };
	for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++)
		if (is(n, phases[i]))
			return i;
	return sizeof(phases) / sizeof(phases[0]);
}
#define PHASE_CONTROLLER 3
#define PHASE_MEMBALLOON 6
#define PHASE_SEQ(phase, i) ((size_t)(phase) << 20 | (i))

static int dev_key_cmp(const void *a, const void *b)
{
	const struct dev_key *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The guest's enumeration key of an element's <address type='pci'> (values checked later, when it is written) */
static unsigned long pci_address_key(xmlNodePtr dev)
{
	xmlNodePtr a = child(dev, "address");
	/* ports on virtio-serial come after every PCI function (their controller first) */
	if (is(dev, "channel") || is(dev, "console"))
		return ULONG_MAX;
	/* so do USB devices (their controller first) */
	if ((is(dev, "input") && attr_is(dev, "bus", "usb")) || (is(dev, "disk") && attr_is(child(dev, "target"), "bus", "usb")))
		return ULONG_MAX;
	if (!attr_is(a, "type", "pci"))
		return ULONG_MAX - 1;
	static const char *const names[] = { "bus", "slot", "function" };
	unsigned long v[3] = { 0 };
	for (size_t i = 0; i < 3; i++) {
		char *s = attr(a, names[i]);
		bool ok = true;
		if (s)
			v[i] = number(s, &ok);
		xmlFree(s);
		if (!ok || v[i] > 255)
			return ULONG_MAX - 1;
	}
	return v[0] << 8 | (v[1] & 31) << 3 | (v[2] & 7);
}

/*
 * What libvirt adds to a domain that does not list it (as a domain
 * written by Nova or by hand is given to libvirt): a virtio memballoon
 * unless <memballoon model='none'/>, a USB controller of the machine's
 * default model unless <controller type='usb' model='none'/>, a
 * virtio-serial controller for virtio <channel>s and <console>s, and on q35
 * the SATA controller at 00:1f.2 (sata0, q35's own AHCI: a Linux guest's
 * coldplug loads ahci for it, as the recorded default virt-install guest,
 * golden q35-2cpu-virt-install-default, shows).  Returns the IMPLICIT_*
 * devices to add as a bit mask (1 << IMPLICIT_*).
 */
static unsigned implicit_devices(struct lv *l, xmlNodePtr devs)
{
	bool balloon = false, usb = false, sata = false, vserial = false, ports = false;
	for (xmlNodePtr n = devs->children; n; n = n->next) {
		balloon |= is(n, "memballoon");
		usb |= is(n, "controller") && attr_is(n, "type", "usb");
		sata |= is(n, "controller") && attr_is(n, "type", "sata");
		vserial |= is(n, "controller") && attr_is(n, "type", "virtio-serial");
		ports |= (is(n, "channel") || is(n, "console")) && attr_is(child(n, "target"), "type", "virtio");
	}
	unsigned add = 0;
	if (!balloon) {
		conv_note(&l->c, "no <memballoon>: libvirt adds a virtio one (<memballoon model='none'/> says there is none)");
		add |= 1u << IMPLICIT_BALLOON;
	}
	if (!usb && l->q35) {
		conv_note(&l->c, "no USB <controller>: libvirt adds q35's default, qemu-xhci (model='none' says there is "
			  "none)");
		add |= 1u << IMPLICIT_USB;
	} else if (!usb) {
		conv_note(&l->c, "no USB <controller>: libvirt adds pc's default, piix3-uhci, function 1.2 of the "
			  "PIIX3: its INTx is not counted (model='none' says there is none)");
	}
	if (!vserial && ports) {
		conv_note(&l->c, "no <controller type='virtio-serial'>: libvirt adds one for the virtio ports");
		add |= 1u << IMPLICIT_VSERIAL;
	}
	if (!sata && l->q35) {
		conv_note(&l->c, "no <controller type='sata'>: libvirt's implicit sata0, q35's own AHCI at 00:1f.2, "
			  "which ahci drives");
		add |= 1u << IMPLICIT_SATA;
	}
	return add;
}

static int implicit_line(struct lv *l, xmlNodePtr devs, int what)
{
	switch (what) {
	case IMPLICIT_USB:
		return device_line(l, devs, "qemu-xhci", "usb", NULL);
	case IMPLICIT_VSERIAL:
		return device_line(l, devs, "virtio-serial-pci", "virtio-serial0", NULL);
	case IMPLICIT_BALLOON:
		return device_line(l, devs, "virtio-balloon-pci", "balloon0", NULL);
	default:
		return device_line_x(l, devs, "ich9-ahci", "addr=1f.2", "sata0", NULL);
	}
}

static int do_devices(struct lv *l, xmlNodePtr devs)
{
	if (!devs)
		return 0;
	if (scan_pci_controllers(l, devs))
		return -1;
	/*
	 * libvirt keeps the first free root-bus slot for the primary video before
	 * it places anything else: 00:01.0 on q35 (before any root port), 00:02.0
	 * on pc (after the PIIX3, before pci-bridges and the devices in their
	 * phase order)
	 */
	xmlNodePtr video = NULL;
	for (xmlNodePtr n = devs->children; n && !video; n = n->next)
		if (is(n, "video") && !child(n, "address") && !attr_is(child(n, "model"), "primary", "no"))
			video = n;
	if ((video && do_device(l, video)) || do_pci_controllers(l))
		return -1;
	/* intel-iommu first: libvirt puts it before the other devices too */
	for (xmlNodePtr n = devs->children; n; n = n->next)
		if (is(n, "iommu") && do_device(l, n))
			return -1;
	/*
	 * The others in the order the guest enumerates them - bus by bus (a
	 * controller's index is its bus number), then slot and function - for
	 * the guest's udev loads their modules as coldplug walks the PCI
	 * devices, and irqsim binds modules in line order (docs/model.md,
	 * "Binding order").  Elements without a PCI address keep their order,
	 * after those with one.
	 */
	size_t n = 0;
	for (xmlNodePtr d = devs->children; d; d = d->next)
		n += !is(d, "iommu") && d != video;
	unsigned add = implicit_devices(l, devs);
	struct dev_key *k = nomem_check(calloc(n + 4, sizeof(*k)));
	if (!k)
		return conv_error(&l->c, 1, 1, "out of memory");
	n = 0;
	for (xmlNodePtr d = devs->children; d; d = d->next) {
		if (is(d, "iommu") || d == video)
			continue;
		k[n].node = d;
		k[n].key = pci_address_key(d);
		/* those libvirt places in its phase order; the others by address */
		k[n].seq = k[n].key == ULONG_MAX - 1 ? PHASE_SEQ(libvirt_phase(d), n) : n;
		/* a port with a device behind it is not free for the devices libvirt places */
		if (k[n].key < ULONG_MAX - 1 && (k[n].key >> 8) < MAX_CONTROLLERS)
			l->free_port[k[n].key >> 8] = false;
		n++;
	}
	/* libvirt's implicit controllers come after the listed ones (USB before
	 * virtio-serial: its post-parse adds the defaults first), the balloon in
	 * its phase, sata0 at its address on the root bus */
	size_t last = (size_t)1 << 20;
	for (int what = IMPLICIT_USB; what <= IMPLICIT_SATA; what++) {
		if (!(add & 1u << what))
			continue;
		k[n].implicit = what;
		k[n].key = what == IMPLICIT_SATA ? (0x1ful << 3 | 2) : ULONG_MAX - 1;
		k[n].seq = what == IMPLICIT_BALLOON ? PHASE_SEQ(PHASE_MEMBALLOON, last - 1)
						     : PHASE_SEQ(PHASE_CONTROLLER, last - 4 + (size_t)what);
		n++;
	}
	qsort(k, n, sizeof(*k), dev_key_cmp);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = k[i].node ? do_device(l, k[i].node) : implicit_line(l, devs, k[i].implicit);
	free(k);
	return rc ? -1 : 0;
}

static int convert(struct lv *l, xmlNodePtr dom)
{
	char *type = attr(dom, "type");
	bool kvm = type && !strcmp(type, "kvm");
	xmlFree(type);
	/* libvirt asks QEMU for kernel-irqchip=split only with <ioapic driver='qemu'/> */
	l->irqchip_full = kvm && !attr_is(child(child(dom, "features"), "ioapic"), "driver", "qemu");
	l->irqchip_split = kvm && !l->irqchip_full;
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
 * libxml2 is loaded, and its global set-up run, once, whichever thread
 * converts first (xmldl.c).  Its error reports go to the parser context
 * (XML_PARSE_NOERROR, xmlCtxtGetLastError), never to the caller's global
 * handler, which is left as the caller set it.
 */
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

static int from_libvirt_unguarded(const char *name, const char *buf, size_t len, struct irqsim_conversion *out,
				  char *err, size_t errlen);

/* Every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
int irqsim_from_libvirt(const char *name, const char *buf, size_t len, struct irqsim_conversion *out, char *err,
			size_t errlen)
{
	unsigned long nm = nomem_count;
	if (xmldl_load(err, errlen)) {
		if (out)
			memset(out, 0, sizeof(*out));
		return -1;
	}
	/* libxml2's error handlers are per thread: ours for this call, then the caller's again */
	xmlGenericErrorFunc gen = xmlGenericError;
	void *gen_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc st = xmlStructuredError;
	void *st_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, no_errors);
	xmlSetStructuredErrorFunc(NULL, xml_error);
	int rc = from_libvirt_unguarded(name, buf, len, out, err, errlen);
	if (rc && nomem_count == nm) {
		/*
		 * libxml2 lets some allocation failures pass unreported, as
		 * another XML error (an encoding switch that failed, a message
		 * it could not copy): a real error is found again, the same
		 */
		char again[1024];
		struct irqsim_conversion c2;
		size_t n = (errlen < sizeof(again) ? errlen : sizeof(again)) - (errlen > 0);
		if (!from_libvirt_unguarded(name, buf, len, &c2, again, sizeof(again))) {
			irqsim_conversion_free(&c2);
			nomem();
		} else if (strncmp(again, err, n)) {
			nomem();
		}
	}
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
	conv_note(&l->c, "devices without an <address>: on q35 each PCIe device gets a root port of its own, packed 8 "
		  "to a slot as libvirt adds them; the others the slots QEMU would give them in this order");
	int rc = 0;
	l->dtd = -2;
	l->cur_line = 1;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	long crowded = ctxt && len <= INT_MAX ? crowded_tag(buf, len) : -1;
	if (!ctxt) {
		nomem();
		rc = conv_error(&l->c, 1, 1, "out of memory");
	} else if (len > INT_MAX) {
		rc = conv_error(&l->c, 1, 1, "too large for an XML file");
	} else if (crowded >= 0) {
		unsigned line, col;
		conv_pos(&l->c, (size_t)crowded, &line, &col);
		rc = conv_error(&l->c, line, col, "an element with more than %u attributes: not a libvirt domain", MAX_ATTRS);
	} else if (memchr(buf, '\0', len)) {
		unsigned line, col;
		conv_pos(&l->c, (size_t)((const char *)memchr(buf, '\0', len) - buf), &line, &col);
		rc = conv_error(&l->c, line, col, "unexpected NUL byte");
	} else if (len >= 2 && (!memcmp(buf, "\xfe\xff", 2) || !memcmp(buf, "\xff\xfe", 2) ||
				(len >= 4 && !memcmp(buf, "\x4c\x6f\xa7\x94", 4)))) {
		/* a UTF-16 byte-order mark, EBCDIC's "<?xm" (UTF-32 has NUL bytes) */
		rc = conv_error(&l->c, 1, 1, "not UTF-8: irqsim reads a libvirt domain as UTF-8, as libvirt writes it");
	} else {
		/* the parser's errors stay in its context (xmlCtxtGetLastError) */
		ctxt->sax->serror = xml_error;
		ctxt->_private = l;
		ctxt->sax->startElementNs = start_element;
		ctxt->sax->internalSubset = internal_subset;
		/*
		 * no network, no entity substitution (no XML_PARSE_NOENT), no DTD loading; a DOCTYPE stops the parse.
		 * UTF-8, as libvirt writes a domain: no encoding declaration switches to a converter (the first
		 * bytes cannot either, above).  A converter reads its input piece by piece, and libxml2 2.9 leaks
		 * the converter (iconv, ICU) or dereferences NULL when memory runs out there
		 */
		l->doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
					   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
		if (l->dtd != -2 || (l->doc && (l->doc->intSubset || l->doc->extSubset))) {
			unsigned line = l->dtd_line ? l->dtd_line : 1, col = 1;
			if (l->dtd >= 0)
				conv_pos(&l->c, (size_t)l->dtd, &line, &col);
			rc = conv_error(&l->c, line, col, "a DOCTYPE: irqsim refuses DTDs and entity declarations in a "
					"libvirt domain (libvirt never writes them)");
		} else if (l->oom) {
			rc = conv_error(&l->c, 1, 1, "out of memory");
		} else if (l->names_line) {
			rc = conv_error(&l->c, l->names_line, l->names_col, "more than %u different element and attribute "
					"names: not a libvirt domain", MAX_NAMES);
		} else if (!l->doc) {
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
	for (size_t i = 0; i < l->nr_nvme; i++)
		xmlFree(l->nvme_idx[i]);
	free(l->nvme_idx);
	free(l->tags);
	if (rc)
		l->c.failed = true;
	rc = conv_finish(&l->c, rc ? NULL : out) || rc ? -1 : 0;
	free(l);
	return rc;
}
