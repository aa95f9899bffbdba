// SPDX-License-Identifier: GPL-2.0-only
/* Scenario text built from another machine description, with its source map. */
#define _GNU_SOURCE
#include "lib/nomem.h"
#include "scenario/convert.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/version.h"
#include "lib/oneline.h"

#define NOTE_MAX 200u  /* characters of user text quoted in a comment */

int conv_init(struct conv *c, const char *name, const char *src, size_t len, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->src = src;
	c->srclen = len;
	c->err = err;
	c->errlen = errlen;
	c->hdr = nomem_check(open_memstream(&c->hdr_buf, &c->hdr_len));
	c->body = nomem_check(open_memstream(&c->body_buf, &c->body_len));
	if (!c->hdr || !c->body) {
		snprintf(err, errlen, "%s: out of memory", name);
		conv_finish(c, NULL);
		return -1;
	}
	return 0;
}

static void free_what(struct conv *c)
{
	for (size_t i = 0; i < c->nr_what; i++)
		free(c->what[i]);
	free(c->what);
	free(c->what_n);
	free(c->what_tab);
	c->what = NULL;
	c->what_n = NULL;
	c->what_tab = NULL;
	c->nr_what = c->cap_what = c->what_tab_cap = 0;
}

/*
 * "-m, -device e1000 (2), <graphics>": the first CONV_IGNORED_KINDS kinds,
 * then how many more things of how many other kinds (a domain with 160,000
 * unknown elements gets one short line, not 1.6 MB)
 */
static char *what_summary(const struct conv *c)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = nomem_check(open_memstream(&s, &n));
	if (!f)
		return NULL;
	unsigned long more = 0;
	for (size_t i = 0; i < c->nr_what; i++) {
		if (i >= CONV_IGNORED_KINDS) {
			more += c->what_n[i];
			continue;
		}
		fprintf(f, "%s%s", i ? ", " : "", c->what[i]);
		if (c->what_n[i] > 1)
			fprintf(f, " (%u)", c->what_n[i]);
	}
	if (c->nr_what > CONV_IGNORED_KINDS)
		fprintf(f, ", and %lu more of %zu other kinds", more, c->nr_what - CONV_IGNORED_KINDS);
	/* a memstream fails only when it cannot grow */
	if (ferror(f) | fclose(f)) {
		free(s);
		return nomem_check(NULL);
	}
	return s;
}

/*
 * The guest drivers of QEMU 7.2's PCI devices irqsim has no model of, as
 * 6.1 drives them.  INTx-only NICs request their line when the interface
 * opens, which no scenario step does (request=0), as irqsim's e1000e and
 * vmxnet3 models do; the USB host controllers, sound cards and qxl request
 * it at probe.  The INTx pin is the one QEMU gives the device (EHCI D, the ICH9
 * UHCIs A, B, C in turn, PIIX's UHCI D; A otherwise).  A virtio device without a model takes QEMU's usual two
 * vectors (config and one queue), per-vq, without its virtio index (the
 * later virtio devices' names shift by one in the real guest).
 */
#define INTX_OPEN "msi=0,types=intx,max-vectors=1,request=0"
#define INTX_PROBE "msi=0,types=intx,max-vectors=1"
#define NO_IRQ "msi=0,types=none,pin=none" /* QEMU gives these no INTx pin */
static const struct conv_generic_dev generic_devs[] = {
	{ "e1000", "driver=e1000," INTX_OPEN, "e1000: INTx, requested when the interface opens" },
	{ "e1000-82544gc", "driver=e1000," INTX_OPEN, "e1000: INTx, requested when the interface opens" },
	{ "e1000-82545em", "driver=e1000," INTX_OPEN, "e1000: INTx, requested when the interface opens" },
	{ "rtl8139", "driver=8139cp," INTX_OPEN, "8139cp: INTx, requested when the interface opens" },
	{ "ne2k_pci", "driver=ne2k-pci," INTX_OPEN, "ne2k-pci: INTx, requested when the interface opens" },
	{ "pcnet", "driver=pcnet32," INTX_OPEN, "pcnet32: INTx, requested when the interface opens" },
	{ "usb-ehci", "driver=ehci-pci," INTX_PROBE ",name=ehci_hcd:usb%u,pin=D", "ehci-pci: INTx at probe" },
	{ "ich9-usb-ehci1", "driver=ehci-pci," INTX_PROBE ",name=ehci_hcd:usb%u,pin=D", "ehci-pci: INTx at probe" },
	{ "ich9-usb-ehci2", "driver=ehci-pci," INTX_PROBE ",name=ehci_hcd:usb%u,pin=D", "ehci-pci: INTx at probe" },
	{ "ich9-usb-uhci1", "driver=uhci_hcd," INTX_PROBE ",name=uhci_hcd:usb%u", "uhci_hcd: INTx at probe" },
	{ "ich9-usb-uhci2", "driver=uhci_hcd," INTX_PROBE ",name=uhci_hcd:usb%u,pin=B", "uhci_hcd: INTx at probe" },
	{ "ich9-usb-uhci3", "driver=uhci_hcd," INTX_PROBE ",name=uhci_hcd:usb%u,pin=C", "uhci_hcd: INTx at probe" },
	{ "ich9-usb-uhci4", "driver=uhci_hcd," INTX_PROBE ",name=uhci_hcd:usb%u", "uhci_hcd: INTx at probe" },
	{ "ich9-usb-uhci5", "driver=uhci_hcd," INTX_PROBE ",name=uhci_hcd:usb%u,pin=B", "uhci_hcd: INTx at probe" },
	{ "ich9-usb-uhci6", "driver=uhci_hcd," INTX_PROBE ",name=uhci_hcd:usb%u,pin=C", "uhci_hcd: INTx at probe" },
	{ "piix3-usb-uhci", "driver=uhci_hcd," INTX_PROBE ",name=uhci_hcd:usb%u,pin=D", "uhci_hcd: INTx at probe" },
	{ "piix4-usb-uhci", "driver=uhci_hcd," INTX_PROBE ",name=uhci_hcd:usb%u,pin=D", "uhci_hcd: INTx at probe" },
	{ "pci-ohci", "driver=ohci-pci," INTX_PROBE ",name=ohci_hcd:usb%u", "ohci-pci: INTx at probe" },
	{ "AC97", "driver=snd_intel8x0," INTX_PROBE ",name=snd_intel8x0", "snd_intel8x0: INTx at probe" },
	{ "ES1370", "driver=snd_ens1370," INTX_PROBE ",name=ENS1370", "snd_ens1370: INTx at probe" },
	{ "intel-hda", "driver=snd_hda_intel,msi=1,types=msi-intx,max-vectors=1,name=snd_hda_intel",
	  "snd_hda_intel: one MSI vector, else INTx" },
	{ "qxl-vga", "driver=qxl," INTX_PROBE ",name=qxl", "qxl: INTx at probe" },
	{ "qxl", "driver=qxl," INTX_PROBE ",name=qxl", "qxl: INTx at probe" },
	{ "VGA", "driver=bochs-drm," NO_IRQ, "bochs-drm: no interrupt" },
	{ "bochs-display", "driver=bochs-drm," NO_IRQ, "bochs-drm: no interrupt" },
	{ "secondary-vga", "driver=bochs-drm," NO_IRQ, "bochs-drm: no interrupt" },
	{ "cirrus-vga", "driver=cirrus," NO_IRQ, "cirrus: no interrupt" },
	{ "i6300esb", "driver=i6300esb," NO_IRQ, "i6300esb: no interrupt" },
	{ "pvpanic-pci", "driver=pvpanic-pci," NO_IRQ, "pvpanic-pci: no interrupt" },
	{ "virtio-9p-pci", "driver=9pnet_virtio,msix=2,msi=0,types=msix-intx,min-vectors=2,max-vectors=2,"
			   "pre-vectors=1,pre-name=virtio-config,name=virtio-requests",
	  "9pnet_virtio: config and one request queue, per-vq" },
	{ "vfio-pci", "driver=vfio-guest,msi=1,max-vectors=1",
	  "a host device passed through: its own MSI-X table and its guest driver decide; one vector assumed "
	  "(write it as pci-generic with its driver's footprint)" },
};

const struct conv_generic_dev *conv_generic_find(const char *qemu)
{
	for (size_t i = 0; i < sizeof(generic_devs) / sizeof(generic_devs[0]); i++)
		if (!strcmp(generic_devs[i].qemu, qemu))
			return &generic_devs[i];
	return NULL;
}

bool conv_not_pci(const char *qemu)
{
	static const char *const prefixes[] = { "usb-", "scsi-", "ide-", "isa-", "hda-", "ccid-", "tpm-" };
	static const char *const names[] = { "virtconsole", "virtserialport", "pvpanic", "vmcoreinfo", "pc-dimm",
					     "nvdimm", "ramfb", "sga", "floppy", "virtio-serial-port", "i2c-ddc",
					     "vmgenid" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(qemu, prefixes[i], strlen(prefixes[i])))
			return true;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(qemu, names[i]))
			return true;
	return false;
}

static void vnote(struct conv *c, const char *prefix, const char *fmt, va_list ap);

void conv_generic(struct conv *c, const char *fmt, ...)
{
	if (c->failed)
		return;
	/* as many notes as conv_ignored gives; the count covers all */
	if (c->generic++ < CONV_IGNORED_NOTES) {
		va_list ap;
		va_start(ap, fmt);
		vnote(c, "pci-generic (no model of its own): ", fmt, ap);
		va_end(ap);
	}
}

int conv_finish(struct conv *c, struct irqsim_conversion *out)
{
	/* a line begun and never ended: an error (a failed allocation) part-way through it */
	if (c->line)
		conv_cancel(c);
	if (c->hdr && c->generic) {
		fprintf(c->hdr, "# %lu function%s without a model of %s own written as pci-generic\n", c->generic,
			c->generic == 1 ? "" : "s", c->generic == 1 ? "its" : "their");
		c->hdr_lines++;
	}
	if (c->hdr && c->ignored_unlisted) {
		fprintf(c->hdr, "# ignored (not modelled): %lu more, not listed one by one (the summary counts them by kind)\n",
			c->ignored_unlisted);
		c->hdr_lines++;
	}
	/* a memstream fails only when it cannot grow: the text would be cut */
	if (c->hdr && (ferror(c->hdr) | fclose(c->hdr)))
		c->failed = nomem();
	if (c->body && (ferror(c->body) | fclose(c->body)))
		c->failed = nomem();
	c->hdr = c->body = NULL;
	int rc = c->failed || !c->hdr_buf || !c->body_buf ? -1 : 0;
	if (!rc && out) {
		memset(out, 0, sizeof(*out));
		out->len = c->hdr_len + c->body_len;
		out->text = nomem_check(malloc(out->len + 1));
		out->name = nomem_check(strdup(c->name));
		out->ignored = c->nr_what ? what_summary(c) : NULL;
		if (out->ignored) /* it quotes the input: no terminal escapes reach stderr */
			text_one_line(out->ignored);
		if (!out->text || !out->name || (c->nr_what && !out->ignored)) {
			irqsim_conversion_free(out);
			nomem();
			snprintf(c->err, c->errlen, "irqsim: out of memory");
			rc = -1;
		} else {
			memcpy(out->text, c->hdr_buf, c->hdr_len);
			memcpy(out->text + c->hdr_len, c->body_buf, c->body_len);
			out->text[out->len] = '\0';
			out->map = c->map;
			out->nr_map = c->nr_map;
			out->hdr_lines = c->hdr_lines;
			c->map = NULL;
		}
	}
	free(c->hdr_buf);
	free(c->body_buf);
	free(c->map);
	c->hdr_buf = c->body_buf = NULL;
	c->map = NULL;
	free_what(c);
	return rc;
}

void conv_pos(const struct conv *c, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1;
	size_t start = 0;
	if (off > c->srclen)
		off = c->srclen;
	for (size_t i = 0; i < off; i++)
		if (c->src[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = (unsigned)(off - start) + 1;
}

int conv_error(struct conv *c, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->errlen, "%s:%u:%u: ", c->name, line, col);
	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	/* the message quotes user text: keep it one printable line */
	for (char *p = c->err; *p; p++)
		if (iscntrl((unsigned char)*p))
			*p = '?';
	c->failed = true;
	return -1;
}

static int oom(struct conv *c)
{
	c->failed = true;
	nomem();
	snprintf(c->err, c->errlen, "irqsim: out of memory");
	return -1;
}

int conv_mark(struct conv *c, unsigned line, unsigned col, bool exact)
{
	if (c->nr_map == c->cap_map) {
		size_t cap = c->cap_map ? 2 * c->cap_map : 16;
		struct conv_map *m = nomem_check(realloc(c->map, cap * sizeof(*m)));
		if (!m)
			return oom(c);
		c->map = m;
		c->cap_map = cap;
	}
	fflush(c->line);
	c->map[c->nr_map++] = (struct conv_map){ c->lines + 1, (unsigned)c->line_len + 1, line, col, exact };
	return 0;
}

FILE *conv_begin(struct conv *c, unsigned line, unsigned col)
{
	c->line_buf = NULL;
	c->line_len = 0;
	c->line = nomem_check(open_memstream(&c->line_buf, &c->line_len));
	if (!c->line) {
		oom(c);
		return NULL;
	}
	if (conv_mark(c, line, col, false)) {
		fclose(c->line);
		free(c->line_buf);
		c->line = NULL;
		return NULL;
	}
	return c->line;
}

int conv_end(struct conv *c)
{
	int bad = ferror(c->line) | fclose(c->line);
	c->line = NULL;
	int rc = 0;
	if (bad || !c->line_buf) {
		rc = oom(c);
	} else if (c->line_len > CONV_MAX_LINE || strpbrk(c->line_buf, "\n\r\v\f")) {
		/* the line's first segment is where it came from */
		size_t i = c->nr_map;
		while (i > 0 && c->map[i - 1].out_line == c->lines + 1)
			i--;
		rc = c->line_len > CONV_MAX_LINE
			? conv_error(c, c->map[i].line, c->map[i].col,
				     "too long for irqsim (a scenario line holds at most %u bytes)", CONV_MAX_LINE)
			: conv_error(c, c->map[i].line, c->map[i].col, "a line break inside a value");
	} else {
		fprintf(c->body, "%s\n", c->line_buf);
		c->lines++;
	}
	free(c->line_buf);
	c->line_buf = NULL;
	return rc;
}

void conv_cancel(struct conv *c)
{
	fclose(c->line);
	free(c->line_buf);
	c->line = NULL;
	c->line_buf = NULL;
	while (c->nr_map && c->map[c->nr_map - 1].out_line == c->lines + 1)
		c->nr_map--;
}

int conv_line(struct conv *c, unsigned line, unsigned col, const char *fmt, ...)
{
	FILE *f = conv_begin(c, line, col);
	if (!f)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	return conv_end(c);
}

/* User text in a comment: one line, printable, valid UTF-8, bounded. */
static void put_comment_text(FILE *f, const char *s)
{
	size_t n = strnlen(s, NOTE_MAX);
	char *t = nomem_check(strndup(s, n));
	if (!t) {
		fputs("?", f);
		return;
	}
	fputs(text_one_line(t), f);
	if (s[n])
		fputs("...", f);
	free(t);
}

static void vnote(struct conv *c, const char *prefix, const char *fmt, va_list ap)
{
	char *s;
	if (vasprintf(&s, fmt, ap) < 0) {
		nomem();
		return;
	}
	fputs("# ", c->hdr);
	fputs(prefix, c->hdr);
	put_comment_text(c->hdr, s);
	fputc('\n', c->hdr);
	c->hdr_lines++;
	free(s);
}

void conv_note(struct conv *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vnote(c, "", fmt, ap);
	va_end(ap);
}

static size_t what_hash(const char *k)
{
	size_t h = 14695981039346656037ull;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return h;
}

/* The table slot of kind k: where it is, or the empty slot where it goes. */
static size_t what_slot(const struct conv *c, const char *k)
{
	size_t m = c->what_tab_cap - 1, i = what_hash(k) & m;
	while (c->what_tab[i] && strcmp(c->what[c->what_tab[i] - 1], k))
		i = (i + 1) & m;
	return i;
}

static bool what_oom(struct conv *c)
{
	oom(c);
	return false;
}

/* Room for one more kind: the arrays doubled, the table kept at most half full. */
static bool what_grow(struct conv *c)
{
	if (c->nr_what == c->cap_what) {
		size_t cap = c->cap_what ? 2 * c->cap_what : 16;
		char **w = reallocarray(c->what, cap, sizeof(*w));
		if (!w)
			return what_oom(c);
		c->what = w;
		unsigned *wn = reallocarray(c->what_n, cap, sizeof(*wn));
		if (!wn)
			return what_oom(c);
		c->what_n = wn;
		c->cap_what = cap;
	}
	if (2 * (c->nr_what + 1) > c->what_tab_cap) {
		size_t cap = c->what_tab_cap ? 2 * c->what_tab_cap : 32;
		size_t *t = nomem_check(calloc(cap, sizeof(*t)));
		if (!t)
			return what_oom(c);
		free(c->what_tab);
		c->what_tab = t;
		c->what_tab_cap = cap;
		for (size_t i = 0; i < c->nr_what; i++)
			c->what_tab[what_slot(c, c->what[i])] = i + 1;
	}
	return true;
}

void conv_ignored(struct conv *c, const char *kind, const char *fmt, ...)
{
	if (c->failed)
		return;
	if (c->ignored_noted < CONV_IGNORED_NOTES) {
		c->ignored_noted++;
		va_list ap;
		va_start(ap, fmt);
		vnote(c, "ignored (not modelled): ", fmt, ap);
		va_end(ap);
	} else {
		c->ignored_unlisted++;
	}
	/* a printable, bounded name */
	char k[NOTE_MAX / 8 + 1];
	size_t j;
	for (j = 0; kind[j] && j < NOTE_MAX / 8; j++)
		k[j] = iscntrl((unsigned char)kind[j]) || kind[j] == ',' ? '?' : kind[j];
	k[j] = '\0';
	if (c->what_tab) {
		size_t i = what_slot(c, k);
		if (c->what_tab[i]) {
			c->what_n[c->what_tab[i] - 1]++;
			return;
		}
	}
	if (!what_grow(c))
		return;
	char *dup = strdup(k);
	if (!dup) {
		what_oom(c);
		return;
	}
	c->what[c->nr_what] = dup;
	c->what_n[c->nr_what++] = 1;
	c->what_tab[what_slot(c, dup)] = c->nr_what;
}

long conv_put_optval(FILE *f, const char *v)
{
	for (const char *p = v; *p; p++)
		if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p) || *p == '#' || *p == '"')
			return p - v;
	for (const char *p = v; *p; p++) {
		if (*p == ',')
			fputc(',', f);
		fputc(*p, f);
	}
	return -1;
}

const char *conv_kernel_line(const char *image)
{
	/* the release follows the last "vmlinuz-"/"vmlinux-"/"bzImage-" or is the whole name */
	const char *base = strrchr(image, '/');
	base = base ? base + 1 : image;
	static const char *const prefixes[] = { "vmlinuz-", "vmlinux-", "bzImage-", "linux-" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(base, prefixes[i], strlen(prefixes[i]))) {
			base += strlen(prefixes[i]);
			break;
		}
	/* MAJOR.MINOR followed by '.', '-', '+' or the end: "6.1.0-56-amd64", "6.12.107+deb12-amd64" */
	char line[16];
	size_t n = 0;
	int dots = 0;
	for (const char *p = base; *p && n < sizeof(line) - 1; p++) {
		if (*p == '.' && ++dots == 2)
			break;
		if (!isdigit((unsigned char)*p) && *p != '.')
			break;
		line[n++] = *p;
	}
	line[n] = '\0';
	enum kernel_line k;
	if (dots == 0 || kernel_line_parse(line, &k))
		return NULL;
	return kernel_line_name(k);
}

int conv_machine_kind(const char *type, bool *q35, int *compat)
{
	int maj, min;
	*compat = 0;
	/* Proxmox VE's machine versions ("q35+pve0", "pc-i440fx-8.1+pve0"): its own compat tweaks, same devices */
	const char *plus = strstr(type, "+pve");
	if (plus && plus[4] && strspn(plus + 4, "0123456789") == strlen(plus + 4) && plus - type < 64) {
		char base[64];
		memcpy(base, type, (size_t)(plus - type));
		base[plus - type] = '\0';
		return conv_machine_kind(base, q35, compat);
	}
	if (!strcmp(type, "pc") || !strcmp(type, "q35")) {
		*q35 = type[0] == 'q';
		return 0;
	}
	const char *ver;
	if (!strncmp(type, "pc-i440fx-", 10)) {
		*q35 = false;
		ver = type + 10;
	} else if (!strncmp(type, "pc-q35-", 7)) {
		*q35 = true;
		ver = type + 7;
	} else {
		return -1;
	}
	/* QEMU's hw_compat_5_1: before 5.2, virtio-blk and virtio-scsi had one queue by default */
	if (sscanf(ver, "%d.%d", &maj, &min) == 2)
		*compat = maj < 5 || (maj == 5 && min < 2) ? 1 : -1;
	return 0;
}

void irqsim_conversion_remap(const struct irqsim_conversion *c, char *err, size_t errlen)
{
	size_t nl = strlen(c->name);
	unsigned line, col;
	int used = 0;
	if (strncmp(err, c->name, nl) || err[nl] != ':' ||
	    sscanf(err + nl + 1, "%u:%u: %n", &line, &col, &used) != 2 || !used)
		return;
	if (line <= c->hdr_lines)
		return;
	line -= c->hdr_lines;
	const struct conv_map *m = NULL, *segs = c->map;
	for (size_t i = 0; i < c->nr_map; i++)
		if (segs[i].out_line == line && (!m || segs[i].out_col <= col))
			m = &segs[i];
	if (!m)
		return;
	unsigned scol = m->exact && col >= m->out_col ? m->col + (col - m->out_col) : m->col;
	char *msg = nomem_check(strdup(err + nl + 1 + used));
	if (!msg)
		return;
	snprintf(err, errlen, "%s:%u:%u: %s", c->name, m->line, scol, msg);
	free(msg);
}

void irqsim_conversion_free(struct irqsim_conversion *c)
{
	free(c->text);
	free(c->ignored);
	free(c->name);
	free(c->map);
	memset(c, 0, sizeof(*c));
}
