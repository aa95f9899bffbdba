// SPDX-License-Identifier: GPL-2.0-only
/*
 * A snapshot as a scenario: the kernel line, the QEMU machine, the CPUs and
 * NUMA nodes, the kernel command line and the PCI devices irqsim has models
 * for, at their addresses behind their bridges, with the queue counts their
 * MSI-X tables and irq names show.  What cannot be carried over is said in
 * comments, so the user sees what the what-if leaves out.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>

#include "drivers/generic.h"
#include "snapshot/snapshot_int.h"
#include "snapshot/snapshot_scenario.h"

/* ---- kernel line ---- */

int snapshot_kernel_sel(const char *release, struct kernel_sel *sel, char *note, size_t len)
{
	unsigned major = 0, minor = 0;
	char sub[400];
	memset(sel, 0, sizeof(*sel));
	sel->line = KERNEL_6_1;
	if (!release || sscanf(release, "%u.%u", &major, &minor) != 2) {
		snprintf(note, len, "kernel release unknown: modelled as 6.1 (%s)", kernel_line_provenance(KERNEL_6_1));
		return -1;
	}
	if (!kernel_sel_parse(release, sel, sub, sizeof(sub))) {
		snprintf(note, len, "kernel line %s chosen from the release (%s)%s%s", kernel_line_name(sel->line),
			 kernel_line_provenance(sel->line), sub[0] ? "; " : "", sub);
		return 0;
	}
	/* not a line irqsim has: the newest line not newer than the release (the oldest below it) */
	unsigned v = major * 1000 + minor;
	for (unsigned k = 0; k < KERNEL_NR_LINES; k++) {
		unsigned lmaj = 0, lmin = 0;
		if (sscanf(kernel_line_name((enum kernel_line)k), "%u.%u", &lmaj, &lmin) == 2 && lmaj * 1000 + lmin <= v)
			sel->line = (enum kernel_line)k;
		else if (k == 0)
			sel->line = KERNEL_3_10;
	}
	snprintf(note, len, "kernel %s is modelled as the nearest older line irqsim knows, %s (%s)", release,
		 kernel_line_name(sel->line), kernel_line_provenance(sel->line));
	return 0;
}

int snapshot_kernel_line(const char *release, enum kernel_line *line, char *note, size_t len)
{
	struct kernel_sel sel;
	int rc = snapshot_kernel_sel(release, &sel, note, len);
	*line = sel.line;
	return rc;
}

/* ---- devices ---- */

struct known_dev {
	unsigned vendor, device;
	const char *qemu;
};

static const struct known_dev known[] = {
	{ 0x1af4, 0x1001, "virtio-blk-pci" },  { 0x1af4, 0x1042, "virtio-blk-pci" },
	{ 0x1af4, 0x1000, "virtio-net-pci" },  { 0x1af4, 0x1041, "virtio-net-pci" },
	{ 0x1af4, 0x1004, "virtio-scsi-pci" }, { 0x1af4, 0x1048, "virtio-scsi-pci" },
	{ 0x1b36, 0x0010, "nvme" },            { 0x1b36, 0x000c, "pcie-root-port" },
	{ 0x1b36, 0x0001, "pci-bridge" },
	/* issue 22: the other virtio devices of a libvirt guest, transitional and modern ids */
	{ 0x1af4, 0x1002, "virtio-balloon-pci" }, { 0x1af4, 0x1045, "virtio-balloon-pci" },
	{ 0x1af4, 0x1005, "virtio-rng-pci" },     { 0x1af4, 0x1044, "virtio-rng-pci" },
	{ 0x1af4, 0x1003, "virtio-serial-pci" },  { 0x1af4, 0x1043, "virtio-serial-pci" },
	{ 0x1af4, 0x1053, "vhost-vsock-pci" },
	/* QEMU's emulated devices (issue 22), by their PCI ids */
	{ 0x1b36, 0x000d, "qemu-xhci" },       { 0x1033, 0x0194, "nec-usb-xhci" },
	{ 0x8086, 0x2922, "ich9-ahci" },       { 0x8086, 0x10d3, "e1000e" },
	{ 0x15ad, 0x07b0, "vmxnet3" },         { 0x15ad, 0x07c0, "pvscsi" },
	{ 0x1000, 0x0079, "megasas-gen2" },    { 0x1000, 0x0012, "lsi53c895a" },
	{ 0x8086, 0x293e, "ich9-intel-hda" },
};

/* One modern virtio id, several QEMU devices: told apart by the class code's base and sub class */
static const struct {
	unsigned device, class16;
	const char *qemu;
} known_by_class[] = {
	{ 0x1050, 0x0300, "virtio-vga" },          { 0x1050, 0x0380, "virtio-gpu-pci" },
	{ 0x1052, 0x0900, "virtio-keyboard-pci" }, { 0x1052, 0x0902, "virtio-mouse-pci" },
	{ 0x1052, 0x0980, "virtio-tablet-pci" },
};

/* QEMU pc (i440FX/PIIX3) and q35 (ICH9) chipset functions: part of 'machine' */
static const struct known_dev chipset[] = {
	{ 0x8086, 0x1237, "pc" },  { 0x8086, 0x7000, NULL }, { 0x8086, 0x7010, NULL }, { 0x8086, 0x7113, NULL },
	{ 0x8086, 0x29c0, "q35" }, { 0x8086, 0x2918, NULL }, { 0x8086, 0x2922, NULL }, { 0x8086, 0x2930, NULL },
};

const char *snapshot_qemu_device(const struct snap_pci *p)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i].vendor == p->vendor && known[i].device == p->device)
			return known[i].qemu;
	for (size_t i = 0; p->vendor == 0x1af4 && i < sizeof(known_by_class) / sizeof(known_by_class[0]); i++)
		if (known_by_class[i].device == p->device && known_by_class[i].class16 == p->class >> 8)
			return known_by_class[i].qemu;
	/* devices QEMU cannot emulate, modelled from their drivers (seed 001) */
	if (p->driver && (!strcmp(p->driver, "i40e") || !strcmp(p->driver, "mpt3sas") || !strcmp(p->driver, "nvme")))
		return p->driver;
	return NULL;
}

/*
 * The AMD IOMMU's own function: the one whose MSI irq is the IOMMU's event
 * interrupt "AMD-Vi" (drivers/iommu/amd/init.c: iommu_setup_msi).  Only the
 * first is found (QEMU has one IOMMU; irqsim models one).
 */
static const struct snap_pci *amd_iommu_function(const struct snapshot *s)
{
	for (size_t i = 0; i < s->nr_pcis; i++)
		for (size_t k = 0; k < s->pcis[i].nr_msi_irqs; k++) {
			const struct snap_irq *q = snapshot_irq(s, s->pcis[i].msi_irqs[k].irq);
			if (q && q->actions && !strcmp(q->actions, "AMD-Vi"))
				return &s->pcis[i];
		}
	return NULL;
}

static bool is_chipset(const struct snap_pci *p, const char **machine)
{
	for (size_t i = 0; i < sizeof(chipset) / sizeof(chipset[0]); i++)
		if (chipset[i].vendor == p->vendor && chipset[i].device == p->device) {
			if (chipset[i].qemu && machine)
				*machine = chipset[i].qemu;
			return true;
		}
	return false;
}

/* How many irqs of this function have an action name with this suffix after "<dev>-" */
static unsigned count_irqs(const struct snapshot *s, const struct snap_pci *p, const char *prefix)
{
	unsigned n = 0;
	char want[96];
	snprintf(want, sizeof(want), "%s-%s", p->virtio_dev ? p->virtio_dev : "", prefix);
	for (size_t k = 0; k < p->nr_msi_irqs; k++) {
		const struct snap_irq *q = snapshot_irq(s, p->msi_irqs[k].irq);
		if (q && q->actions && !strncmp(q->actions, want, strlen(want)))
			n++;
	}
	return n;
}

/*
 * virtio_blk request queues that all keep the full mask on a machine with
 * more than one CPU were not spread: a driver built without its affinity
 * descriptor (seed 000's fix), our managed-affinity=off.
 */
static bool unspread(const struct snapshot *s, const struct snap_pci *p)
{
	unsigned named = 0, full = 0;
	char want[96];
	snprintf(want, sizeof(want), "%s-req.", p->virtio_dev ? p->virtio_dev : "");
	for (size_t k = 0; k < p->nr_msi_irqs; k++) {
		const struct snap_irq *q = snapshot_irq(s, p->msi_irqs[k].irq);
		if (!q || !q->actions || strncmp(q->actions, want, strlen(want)))
			continue;
		named++;
		full += q->affinity && s->possible && !strcmp(q->affinity, s->possible);
	}
	return named >= 2 && full == named && s->possible && strchr(s->possible, '-');
}

/* nvme I/O queues with an irq: the "nvmeXqN" (N >= 1) names among the function's actions */
static unsigned nvme_irq_queues(const struct snapshot *s, const struct snap_pci *p)
{
	unsigned n = 0;
	for (size_t k = 0; k < p->nr_msi_irqs; k++) {
		const struct snap_irq *q = snapshot_irq(s, p->msi_irqs[k].irq);
		for (const char *a = q && q->actions ? q->actions : ""; (a = strstr(a, "nvme")); a += 4) {
			unsigned ctrl, qid;
			if (sscanf(a, "nvme%uq%u", &ctrl, &qid) == 2 && qid > 0)
				n++;
		}
	}
	return n;
}

struct out {
	char *buf;
	size_t len;
};

static void emit(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct out *o, const char *fmt, ...)
{
	/* measured, then written in place: nothing to leak if the buffer cannot grow */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	o->buf = xrealloc(o->buf, o->len + (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

static const struct snap_pci *bridge_of_bus(const struct snapshot *s, unsigned bus, unsigned *ordinal)
{
	unsigned k = 0;
	for (size_t i = 0; i < s->nr_pcis; i++) {
		const struct snap_pci *p = &s->pcis[i];
		const char *q = snapshot_qemu_device(p);
		if (!q || (strcmp(q, "pci-bridge") && strcmp(q, "pcie-root-port")))
			continue;
		k++;
		/* without config space, bridges number their buses in enumeration order */
		if (p->secondary_bus >= 0 ? (unsigned)p->secondary_bus == bus : k == bus) {
			*ordinal = k;
			return p;
		}
	}
	return NULL;
}

static void bridge_id(const struct snap_pci *p, unsigned ordinal, char *buf, size_t len)
{
	snprintf(buf, len, "%s%u", !strcmp(snapshot_qemu_device(p), "pci-bridge") ? "br" : "rp",
		 p->secondary_bus >= 0 ? (unsigned)p->secondary_bus : ordinal);
}

/* ---- functions irqsim has no model of: pci-generic from their irqs ---- */

/* The irq name a device line can carry: printable, no blank, '#' or '"' (',' and '%' are escaped). */
static bool writable_name(const char *n)
{
	if (!*n || strlen(n) > 64)
		return false;
	for (; *n; n++)
		if (!isgraph((unsigned char)*n) || *n == '#' || *n == '"')
			return false;
	return true;
}

/*
 * A name pattern that gives names[first..first+cnt) with %i counting from
 * 0 in the group and %v the vector index: the first name with its PCI
 * name as %p and, at most, one of its numbers as %i or %v.  Written to pat
 * (escaped for the pattern); false when none fits.
 */
static bool fit_pattern(char *pat, size_t len, char *const *names, size_t first, size_t cnt, const char *drv,
			const char *pci)
{
	if (!cnt) {
		pat[0] = 0;
		return true;
	}
	const char *n0 = names[first];
	size_t l0 = strlen(n0), pl = strlen(pci);
	/*
	 * candidate k: the start of the number replaced, the last number first
	 * ("nvme0q0": the queue's, not the controller's), %i before %v; at the
	 * end (k = -1) none, the literal name
	 */
	for (long k = (long)l0 - 1; k >= -1; k--) {
		if (k >= 0 && (!isdigit((unsigned char)n0[k]) || (k > 0 && isdigit((unsigned char)n0[k - 1]))))
			continue;
		for (int kind = 0; kind < (k >= 0 ? 2 : 1); kind++) {
			char cand[160];
			size_t o = 0;
			bool ok = true, used = k < 0;
			for (size_t c = 0; c < l0 && ok;) {
				const char *ins;
				size_t skip;
				char one[3];
				if ((long)c == k) {
					size_t e = c;
					while (isdigit((unsigned char)n0[e]))
						e++;
					unsigned long v = strtoul(n0 + c, NULL, 10);
					if (v != (kind ? first : 0)) {
						ok = false;
						break;
					}
					ins = kind ? "%v" : "%i";
					skip = e - c;
					used = true;
				} else if (pl && !strncmp(n0 + c, pci, pl)) {
					ins = "%p";
					skip = pl;
				} else {
					one[0] = n0[c];
					one[1] = n0[c] == '%' ? '%' : 0;
					one[2] = 0;
					ins = one;
					skip = 1;
				}
				size_t il = strlen(ins);
				if (o + il >= sizeof(cand))
					ok = false;
				else {
					memcpy(cand + o, ins, il);
					o += il;
					c += skip;
				}
			}
			/* a number inside the PCI name is never the index */
			if (!ok || !used)
				continue;
			cand[o] = 0;
			for (size_t i = 0; i < cnt && ok; i++) {
				char got[160];
				ok = !generic_name_expand(got, sizeof(got), cand, drv, pci, (unsigned)i, (unsigned)(first + i)) &&
				     !strcmp(got, names[first + i]);
			}
			if (ok && strlen(cand) < len) {
				strcpy(pat, cand);
				return true;
			}
		}
	}
	return false;
}

static int irq_cmp(const void *a, const void *b)
{
	unsigned x = ((const struct snap_msi_irq *)a)->irq, y = ((const struct snap_msi_irq *)b)->irq;
	return x < y ? -1 : x > y;
}

/* An option value on a device line: ',' doubled */
static void emit_value(struct out *o, const char *key, const char *v)
{
	emit(o, ",%s=", key);
	for (; *v; v++)
		emit(o, "%s", *v == ',' ? ",," : (char[]){ *v, 0 });
}

/*
 * Is the action a USB host controller's irq name ("ehci_hcd:usb2": the
 * hcd driver's name, ":usb" and the bus number, usb_add_hcd) on a USB
 * controller function (class 0c03)?  On a shared line every controller's
 * looks alike: the bus number is the model's to give (%u), in probe order.
 */
static bool usb_hcd_action(const struct snap_pci *p, const char *a)
{
	const char *u = strstr(a, "_hcd:usb");
	if ((p->class >> 8) != 0x0c03 || !u || u == a)
		return false;
	u += strlen("_hcd:usb");
	return *u && strspn(u, "0123456789") == strlen(u);
}

/* The action of the function's INTx line that is its driver's, or NULL. */
static const char *intx_action(const struct snapshot *s, const struct snap_pci *p, char *buf, size_t len)
{
	const struct snap_irq *q = p->irq > 0 ? snapshot_irq(s, (unsigned)p->irq) : NULL;
	if (!q || !q->actions || !p->driver)
		return NULL;
	for (const char *a = q->actions; *a;) {
		size_t n = strcspn(a, ",");
		if (n < len) {
			memcpy(buf, a, n);
			buf[n] = 0;
			/* "ahci[0000:00:1f.2]", "ehci_hcd:usb1", "i801_smbus": the driver's name, or its PCI name */
			if (strstr(buf, p->driver) || strstr(buf, p->bdf + 5))
				return buf;
			/* a USB host controller's: its hcd's name and bus ("ehci_hcd:usb2" for ehci-pci) */
			if (usb_hcd_action(p, buf))
				return buf;
		}
		a += n;
		while (*a == ',' || *a == ' ')
			a++;
	}
	return NULL;
}

/* Does the function hold an interrupt: MSI irqs, or its driver's action on its INTx line? */
static bool takes_interrupts(const struct snapshot *s, const struct snap_pci *p)
{
	char buf[128];
	return p->nr_msi_irqs || intx_action(s, p, buf, sizeof(buf));
}

/* pci-generic's pin= when config space showed a pin other than INTA (QEMU's EHCI: D; no pin: none) */
static void intx_pin_opt(struct out *o, const struct snap_pci *p)
{
	static const char *const pins[] = { "none", "A", "B", "C", "D" };
	if (p->intx_pin >= 0 && p->intx_pin <= 4 && p->intx_pin != 1)
		emit(o, ",pin=%s", pins[p->intx_pin]);
}

/*
 * pci-generic's options from what the function shows: its capabilities,
 * the vectors it holds and their type (the driver's fallbacks are not
 * visible: the type it ended in is the only one given), managed-ness from
 * the masks (irq_create_affinity_masks splits the CPUs over the queue
 * vectors; the full-mask ones before and after are pre/post vectors), and
 * name patterns that give back every irq name.
 */
static void generic_opts(struct out *o, const struct snapshot *s, const struct snap_pci *p, char *note, size_t nlen)
{
	const char *drv = p->driver && writable_name(p->driver) && !strchr(p->driver, '%') && strlen(p->driver) <= 32
				  ? p->driver : "unknown";
	emit_value(o, "driver", drv);
	size_t n = p->nr_msi_irqs;
	bool msix = n && p->msi_irqs[0].msix;
	long table = p->msix_table > 0 ? p->msix_table : msix ? (long)n : 0;
	long msi = p->msi_max >= 0 ? p->msi_max : (!msix && n ? 1 : 0);
	if (msi > 32 || (msi & (msi - 1)))
		msi = 1;
	if (table > 2048)
		table = 2048;
	if (table)
		emit(o, ",msix=%ld", table);
	if (msi != 1)
		emit(o, ",msi=%ld", msi);
	char buf[128];
	if (!n) {
		const char *a = intx_action(s, p, buf, sizeof(buf));
		emit(o, ",types=intx,max-vectors=1");
		if (a && writable_name(a) && usb_hcd_action(p, a)) {
			/* "ehci_hcd:usb%u": the bus number is given in probe order, as the kernel does */
			char pat[160];
			snprintf(pat, sizeof(pat), "%.*s%%u", (int)(strstr(a, ":usb") + 4 - a), a);
			emit_value(o, "name", pat);
		} else if (a && writable_name(a)) {
			char pat[160];
			char *names[1] = { buf };
			if (fit_pattern(pat, sizeof(pat), names, 0, 1, drv, p->bdf))
				emit_value(o, "name", pat);
		}
		intx_pin_opt(o, p);
		return;
	}
	emit(o, ",types=%s,max-vectors=%zu", msix ? "msix" : "msi", n);
	struct snap_msi_irq *v = xmalloc(n * sizeof(*v));
	memcpy(v, p->msi_irqs, n * sizeof(*v));
	snap_hold(&v, snap_release_ptr);
	qsort(v, n, sizeof(*v), irq_cmp);
	char **names = xmalloc(n * sizeof(*names));
	snap_hold(&names, snap_release_ptr);
	/* the first action names, in one buffer: nothing to lose if an allocation fails */
	size_t total = 0;
	for (size_t k = 0; k < n; k++) {
		const struct snap_irq *q = snapshot_irq(s, v[k].irq);
		total += (q && q->actions ? strcspn(q->actions, ",") : 0) + 1;
	}
	char *namebuf = xmalloc(total);
	snap_hold(&namebuf, snap_release_ptr);
	char *nb = namebuf;
	size_t named = 0;
	bool gap = false, unwritable = false;
	/* managed by shape: disjoint masks smaller than the possible CPUs that together cover them */
	struct cpumask possible, uni, m;
	unsigned pos = 0;
	bool have_possible = s->possible && !cpulist_parse(s->possible, &possible, NR_CPUS, &pos);
	unsigned np = have_possible ? cpumask_weight(&possible) : 0, spread = 0;
	size_t first_spread = n, last_spread = 0;
	bool disjoint = true;
	cpumask_clear(&uni);
	for (size_t k = 0; k < n; k++) {
		const struct snap_irq *q = snapshot_irq(s, v[k].irq);
		names[k] = NULL;
		if (q && q->actions && *q->actions) {
			size_t l = strcspn(q->actions, ",");
			names[k] = nb;
			memcpy(nb, q->actions, l);
			nb[l] = 0;
			nb += l + 1;
			unwritable |= !writable_name(names[k]);
			if (named == k)
				named++;
			else
				gap = true;
		}
		pos = 0;
		if (np > 1 && q && q->affinity && !cpulist_parse(q->affinity, &m, NR_CPUS, &pos) &&
		    cpumask_weight(&m) < np) {
			disjoint &= !cpumask_intersects(&uni, &m);
			cpumask_or(&uni, &uni, &m);
			spread++;
			first_spread = k < first_spread ? k : first_spread;
			last_spread = k;
		}
	}
	bool managed = spread >= 2 && disjoint && have_possible && cpumask_equal(&uni, &possible) &&
		       last_spread - first_spread + 1 == spread;
	size_t pre = 0, post = 0;
	if (managed) {
		pre = first_spread;
		post = n - 1 - last_spread;
		emit(o, ",managed-affinity=on");
	}
	if (named < n)
		emit(o, ",request=%zu", named);
	/* name patterns for the requested vectors: pre/post groups as the masks say, else the first that fits */
	char pq[160] = "", pp[160] = "", pt[160] = "";
	bool fit = false;
	if (named && !unwritable) {
		for (size_t a = managed ? pre : 0; a <= (managed ? pre : (named < 3 ? named : 3)) && !fit; a++)
			for (size_t b = managed ? post : 0; b <= (managed ? post : 3) && !fit; b++) {
				if (a + b > named || (managed && named < n))
					continue;
				size_t mid = named - a - b;
				if (b && named < n)
					continue; /* post-vectors are the last allocated: unrequested ones would sit between */
				fit = fit_pattern(pp, sizeof(pp), names, 0, a, drv, p->bdf) &&
				      fit_pattern(pq, sizeof(pq), names, a, mid, drv, p->bdf) &&
				      fit_pattern(pt, sizeof(pt), names, a + mid, b, drv, p->bdf);
				if (fit && !managed) {
					pre = a;
					post = b;
				}
			}
	}
	if (pre)
		emit(o, ",pre-vectors=%zu", pre);
	if (post)
		emit(o, ",post-vectors=%zu", post);
	if (fit) {
		if (pq[0])
			emit_value(o, "name", pq);
		if (pp[0])
			emit_value(o, "pre-name", pp);
		if (pt[0])
			emit_value(o, "post-name", pt);
	} else if (named) {
		snprintf(note, nlen, "its irq names (%s...) follow no pattern pci-generic can write: named %s-N",
			 names[0], drv);
	}
	if (gap && !note[0])
		snprintf(note, nlen, "irqs after the first unrequested vector are left unrequested");
	intx_pin_opt(o, p);
	snap_drop(&namebuf);
	free(namebuf);
	snap_drop(&names);
	free(names);
	snap_drop(&v);
	free(v);
}

static void emit_device(struct out *o, const struct snapshot *s, const struct snap_pci *p, const char *qemu,
			struct snap_scenario_info *info, bool mf0, const char *verb)
{
	unsigned dom, bus, slot, fn;
	char note[256] = "";
	if (sscanf(p->bdf, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) != 4) {
		emit(o, "# %s: address not understood, left out\n", p->bdf);
		info->unmodelled++;
		return;
	}
	emit(o, "%s %s", verb, qemu);
	bool bridge = !strcmp(qemu, "pci-bridge") || !strcmp(qemu, "pcie-root-port");
	if (bridge) {
		unsigned ord = 0;
		for (size_t i = 0; i < s->nr_pcis && &s->pcis[i] != p; i++) {
			const char *q = snapshot_qemu_device(&s->pcis[i]);
			ord += q && (!strcmp(q, "pci-bridge") || !strcmp(q, "pcie-root-port"));
		}
		char id[32];
		bridge_id(p, ord + 1, id, sizeof(id));
		emit(o, ",id=%s", id);
	}
	if (bus) {
		unsigned ord = 0;
		const struct snap_pci *br = bridge_of_bus(s, bus, &ord);
		if (!br) {
			emit(o, "\n# %s: its bridge (bus %02x) is not in the snapshot; placed on the root bus\n", p->bdf, bus);
		} else {
			char id[32];
			bridge_id(br, ord, id, sizeof(id));
			emit(o, ",bus=%s", id);
		}
	}
	if (fn)
		emit(o, ",addr=%x.%x", slot, fn);
	else
		emit(o, ",addr=%x", slot);
	/* function 0 after another function of its slot (EHCI at .7 binds first): QEMU needs multifunction=on */
	if (mf0)
		emit(o, ",multifunction=on");
	/* QEMU's pci-bridge has INTA only with its SHPC controller (a DMI bridge, i82801b11, has none either) */
	if (!strcmp(qemu, "pci-bridge") && p->intx_pin == 0)
		emit(o, ",shpc=off");
	if (!strcmp(qemu, "virtio-blk-pci")) {
		unsigned q = count_irqs(s, p, "req.");
		if (!q && p->msix_table > 1)
			q = (unsigned)p->msix_table - 1;
		if (q)
			emit(o, ",num-queues=%u", q);
		if (p->msix_table > 0 && q && (unsigned)p->msix_table != q + 1)
			emit(o, ",vectors=%d", p->msix_table);
		if (unspread(s, p))
			emit(o, ",managed-affinity=off");
	} else if (!strcmp(qemu, "virtio-net-pci")) {
		unsigned q = count_irqs(s, p, "input.");
		if (!q && p->msix_table >= 4)
			q = ((unsigned)p->msix_table - 2) / 2;
		if (q > 1)
			emit(o, ",queues=%u", q);
	} else if (!strcmp(qemu, "virtio-scsi-pci")) {
		unsigned q = count_irqs(s, p, "request");
		if (!q && p->msix_table > 3)
			q = (unsigned)p->msix_table - 3;
		if (q)
			emit(o, ",num_queues=%u", q);
	} else if (!strcmp(qemu, "nvme")) {
		if (p->msix_table > 0 && p->msix_table != 65)
			emit(o, ",msix_qsize=%d", p->msix_table);
		/* fewer I/O queues than the driver asks for: QEMU's max_ioqpairs capped them */
		unsigned w = snapshot_param(s, "nvme.write_queues", 0), poll = snapshot_param(s, "nvme.poll_queues", 0);
		unsigned np = 0;
		for (size_t i = 0; i < s->nr_cpus; i++)
			np++;
		unsigned want = np + w + poll < 64 ? np + w + poll : 64;
		unsigned have = nvme_irq_queues(s, p);
		if (have && have + poll < want && p->nr_msi_irqs > 1)
			emit(o, ",max_ioqpairs=%u", have + poll);
	} else if (!strcmp(qemu, "virtio-serial-pci")) {
		/* a vector per queue shows the ports: an input queue each (max_ports unknown when shared) */
		unsigned ports = count_irqs(s, p, "input");
		if (ports > 1 || (ports == 1 && !count_irqs(s, p, "control-i")))
			emit(o, ",max_ports=%u", ports);
		if (p->msix_table >= 0 && p->msix_table != 2)
			emit(o, ",vectors=%d", p->msix_table);
	} else if (strstr(qemu, "virtio-") == qemu || !strcmp(qemu, "vhost-vsock-pci")) {
		/* QEMU's default table: 2 (rng, input), 3 (gpu, vga, vsock); the balloon has none */
		int dflt = strstr(qemu, "gpu") || strstr(qemu, "vga") || strstr(qemu, "vsock") ? 3 : 2;
		if (strcmp(qemu, "virtio-balloon-pci") && p->msix_table >= 0 && p->msix_table != dflt)
			emit(o, ",vectors=%d", p->msix_table);
	} else if (!strcmp(qemu, "qemu-xhci") || !strcmp(qemu, "nec-usb-xhci")) {
		/* MSI irqs and no MSI-X one: the controller's MSI-X was off (xhci_hcd tries MSI-X first) */
		bool msi = false, msix = false;
		for (size_t k = 0; k < p->nr_msi_irqs; k++) {
			msix |= p->msi_irqs[k].msix;
			msi |= !p->msi_irqs[k].msix;
		}
		if (msi && !msix)
			emit(o, ",msix=off");
	} else if (!strcmp(qemu, "pci-generic")) {
		generic_opts(o, s, p, note, sizeof(note));
	} else if (!strcmp(qemu, "i40e") || !strcmp(qemu, "mpt3sas")) {
		if (p->msix_table > 0)
			emit(o, ",msix=%d", p->msix_table);
	}
	/* pci_dev->irq 0: the function has no INTx route */
	if (!bridge && p->irq == 0)
		emit(o, ",intx=off");
	emit(o, "\n");
	if (note[0])
		emit(o, "# %s: %s\n", p->bdf, note);
	if (!bridge && p->msix_table < 0 && p->nr_msi_irqs)
		emit(o, "# %s: MSI-X table size not readable (config space needs root): sizes from its irqs\n", p->bdf);
}

static int core_cmp(const void *a, const void *b)
{
	const struct snap_cpu *x = a, *y = b;
	if (x->package != y->package)
		return x->package < y->package ? -1 : 1;
	return x->core < y->core ? -1 : x->core > y->core;
}

/*
 * The most CPUs sharing one core (package and core id known): the threads
 * per core.  Sorted by package and core, a core's CPUs are one run (counting
 * pairs of CPUs took 0.1 s at 8192 CPUs).
 */
static unsigned max_threads(const struct snapshot *s)
{
	struct snap_cpu *c = xmalloc(s->nr_cpus * sizeof(*c));
	size_t n = 0;
	for (size_t i = 0; i < s->nr_cpus; i++)
		if (s->cpus[i].core >= 0)
			c[n++] = s->cpus[i];
	qsort(c, n, sizeof(*c), core_cmp);
	unsigned threads = 1;
	for (size_t i = 0, run = 0; i < n; i++) {
		run = i && !core_cmp(&c[i - 1], &c[i]) ? run + 1 : 1;
		if (run > threads)
			threads = (unsigned)run;
	}
	free(c);
	return threads;
}

static void emit_smp(struct out *o, const struct snapshot *s, struct cpumask *possible, struct cpumask *present)
{
	unsigned np = cpumask_weight(possible), nr = cpumask_weight(present);
	/* sockets and threads from the topology the kernel reports */
	unsigned sockets = 0, threads = max_threads(s);
	int pkgs[64];
	unsigned npk = 0;
	for (size_t i = 0; i < s->nr_cpus; i++) {
		const struct snap_cpu *c = &s->cpus[i];
		bool seen = false;
		for (unsigned k = 0; k < npk; k++)
			seen |= pkgs[k] == c->package;
		if (!seen && npk < 64)
			pkgs[npk++] = c->package;
	}
	sockets = npk;
	emit(o, "smp %u", nr);
	if (sockets > 1 || threads > 1) {
		unsigned cores = np / (sockets ? sockets : 1) / threads;
		if (sockets * cores * threads == np && cores)
			emit(o, ",sockets=%u,cores=%u,threads=%u", sockets, cores, threads);
	}
	if (np > nr)
		emit(o, ",maxcpus=%u", np);
	emit(o, "\n");
}

static void emit_numa(struct out *o, const struct snapshot *s)
{
	int maxnode = -1;
	for (size_t i = 0; i < s->nr_cpus; i++)
		if (s->cpus[i].node > maxnode)
			maxnode = s->cpus[i].node;
	if (maxnode < 1)
		return;
	struct cpumask m;
	for (int n = 0; n <= maxnode; n++) {
		cpumask_clear(&m);
		for (size_t i = 0; i < s->nr_cpus; i++)
			if (s->cpus[i].node == n)
				cpumask_set_cpu(s->cpus[i].cpu, &m);
		char list[4096];
		cpumask_print_list(list, sizeof(list), &m, NR_CPUS);
		emit(o, "numa node,nodeid=%d%s%s\n", n, cpumask_empty(&m) ? "" : ",cpus=", cpumask_empty(&m) ? "" : list);
	}
}

/* Module parameters that change vector use, when not at their defaults. */
static void emit_cmdline(struct out *o, const struct snapshot *s)
{
	static const char *const params[] = { "virtio_blk.num_request_queues", "virtio_blk.poll_queues",
					      "nvme.poll_queues", "nvme.write_queues",
					      "virtio_scsi.virtscsi_poll_queues" };
	char *line = xstrdup("");
	snap_hold(&line, snap_release_ptr);
	size_t len = 0;
	const char *c = s->cmdline ? s->cmdline : "";
	bool dropped = false;
	while (*c) {
		while (isspace((unsigned char)*c))
			c++;
		const char *e = c;
		while (*e && !isspace((unsigned char)*e))
			e++;
		if (e == c)
			break;
		/* the scenario's cmdline is one quoted string: words with quotes cannot be carried */
		if (memchr(c, '"', (size_t)(e - c)) || memchr(c, '\\', (size_t)(e - c)) || !strncmp(c, "--", 2)) {
			dropped = true;
			if (e - c == 2 && !strncmp(c, "--", 2))
				break; /* init's arguments follow */
			c = e;
			continue;
		}
		line = xrealloc(line, len + (size_t)(e - c) + 2);
		if (len)
			line[len++] = ' ';
		memcpy(line + len, c, (size_t)(e - c));
		len += (size_t)(e - c);
		line[len] = 0;
		c = e;
	}
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		for (size_t k = 0; k < s->nr_params; k++)
			if (!strcmp(s->params[k].name, params[i]) && strcmp(s->params[k].value, "0") &&
			    !strstr(line, params[i])) {
				char *nl;
				if (asprintf(&nl, "%s%s%s=%s", line, len ? " " : "", params[i], s->params[k].value) < 0)
					snap_oom(NULL);
				free(line);
				line = nl;
				len = strlen(line);
			}
	if (dropped)
		emit(o, "# kernel command line: words with quotes or after '--' left out\n");
	if (len)
		emit(o, "cmdline \"%s\"\n", line);
	snap_drop(&line);
	free(line);
}

/* The kernel module that drives a function: the virtio driver behind virtio-pci, else the PCI driver */
static const char *module_of(const struct snap_pci *p)
{
	return p->virtio_driver ? p->virtio_driver : p->driver;
}

/* The N of a virtio function's virtioN */
static bool virtio_index(const struct snap_pci *p, unsigned *n)
{
	char *end;
	if (!p->virtio_dev || strncmp(p->virtio_dev, "virtio", 6) || !isdigit((unsigned char)p->virtio_dev[6]))
		return false;
	unsigned long v = strtoul(p->virtio_dev + 6, &end, 10);
	*n = (unsigned)v;
	return !*end && v < UINT_MAX;
}

static bool is_ehci(const struct snap_pci *p)
{
	return p->driver && (!strcmp(p->driver, "ehci-pci") || !strcmp(p->driver, "ehci_hcd"));
}

static bool usb_companion(const struct snap_pci *p)
{
	return p->driver && (!strcmp(p->driver, "uhci_hcd") || !strcmp(p->driver, "ohci-pci") ||
			     !strcmp(p->driver, "ohci_hcd"));
}

static unsigned first_msi_irq(const struct snap_pci *p)
{
	unsigned m = UINT_MAX;
	for (size_t k = 0; k < p->nr_msi_irqs; k++)
		m = p->msi_irqs[k].irq < m ? p->msi_irqs[k].irq : m;
	return m;
}

struct fn_key {
	size_t idx;       /* in s->pcis (BDF order) */
	unsigned key;     /* the module's first irq */
};

/* qsort has no context argument in C11: the snapshot the module comparison reads (one thread per call, see below) */
static _Thread_local const struct snapshot *mod_snap;

static int fn_module_cmp(const void *a, const void *b)
{
	const struct fn_key *x = a, *y = b;
	const char *mx = module_of(&mod_snap->pcis[x->idx]), *my = module_of(&mod_snap->pcis[y->idx]);
	int c = !mx || !my ? (mx != NULL) - (my != NULL) : strcmp(mx, my);
	return c ? c : x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int fn_idx_cmp(const void *a, const void *b)
{
	const struct fn_key *x = a, *y = b;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int fn_key_cmp(const void *a, const void *b)
{
	const struct fn_key *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Give each module's functions the lowest key among them (sorted by module,
 * a run is one module: no quadratic scan of 65536 functions).  marked: only
 * the keys with the top bit (a place an INTx-only function took from the
 * module before it), which lose the bit.
 */
static void module_min_keys(const struct snapshot *s, struct fn_key *k, size_t n, bool marked)
{
	mod_snap = s;
	qsort(k, n, sizeof(*k), fn_module_cmp);
	for (size_t a = 0; a < n;) {
		const char *ma = module_of(&s->pcis[k[a].idx]);
		size_t b = a + 1;
		unsigned m = k[a].key;
		while (ma && b < n && module_of(&s->pcis[k[b].idx]) && !strcmp(ma, module_of(&s->pcis[k[b].idx])))
			m = k[b].key < m ? k[b].key : m, b++;
		for (size_t c = a; c < b; c++)
			if (!marked || (k[c].key & 0x80000000u))
				k[c].key = marked ? m & 0x7fffffffu : m;
		a = b;
	}
}

/* A PCI address as the kernel prints it (dddd:bb:dd.f, lower-case hex) at p */
static bool bdf_at(const char *p)
{
	static const char pat[] = "hhhh:hh:hh.h";
	for (size_t i = 0; i < sizeof(pat) - 1; i++)
		if (pat[i] == 'h' ? !isxdigit((unsigned char)p[i]) : p[i] != pat[i])
			return false; /* the terminating NUL matches nothing: no read past it */
	return true;
}

static _Thread_local const struct snapshot *bdf_snap;

static int bdf_idx_cmp(const void *a, const void *b)
{
	return strcmp(bdf_snap->pcis[*(const size_t *)a].bdf, bdf_snap->pcis[*(const size_t *)b].bdf);
}

/*
 * What the kernel log says of each function's binding (one pass over it,
 * a sorted lookup per address).  first[i]: the first line a driver printed
 * naming function i (its address: "nvme nvme0: pci function 0000:02:01.0",
 * "sym0: ... at pci 0000:01:01.0", "megaraid_sas 0000:00:04.0: ..."; or,
 * behind virtio-pci, its virtioN: "virtio_blk virtio1: ..."), UINT_MAX if
 * none; the PCI core's own lines ("pci ...", "pci_bus ...") are the
 * enumeration, not a driver (first[] holds twice the line number).  hot[i]:
 * the last line that enumerated function i after init started ("Run /init as init process"): a hot-added function
 * (acpiphp/pciehp rescan), UINT_MAX for one present at boot.
 */
static void read_probe_log(const struct snapshot *s, unsigned *first, unsigned *hot)
{
	for (size_t i = 0; i < s->nr_pcis; i++)
		first[i] = hot[i] = UINT_MAX;
	if (!s->nr_pcis || !s->nr_dmesg)
		return;
	size_t *by = xmalloc(s->nr_pcis * sizeof(*by));
	snap_hold(&by, snap_release_ptr);
	for (size_t i = 0; i < s->nr_pcis; i++)
		by[i] = i;
	bdf_snap = s;
	qsort(by, s->nr_pcis, sizeof(*by), bdf_idx_cmp);
	/* virtioN -> function (indexes below 65536, as virtio_index's users bound them) */
	unsigned maxv = 0, v;
	for (size_t i = 0; i < s->nr_pcis; i++)
		if (virtio_index(&s->pcis[i], &v) && v < 65536 && v + 1 > maxv)
			maxv = v + 1;
	size_t *virt = xmalloc((maxv ? maxv : 1) * sizeof(*virt));
	snap_hold(&virt, snap_release_ptr);
	for (unsigned i = 0; i < maxv; i++)
		virt[i] = SIZE_MAX;
	for (size_t i = 0; i < s->nr_pcis; i++)
		if (virtio_index(&s->pcis[i], &v) && v < maxv)
			virt[v] = i;
	bool init = false;
	for (size_t l = 0; l < s->nr_dmesg && l < UINT_MAX; l++) {
		const char *t = s->dmesg[l];
		if (!strncmp(t, "Run /", 5) && strstr(t, " as init process"))
			init = true;
		bool core = !strncmp(t, "pci ", 4) || !strncmp(t, "pci_bus ", 8);
		if (core && !(init && bdf_at(t + 4) && !strncmp(t + 16, ": [", 3)))
			continue;
		for (const char *c = t; *c; c++) {
			size_t hit = SIZE_MAX;
			if (bdf_at(c) && (c == t || !isxdigit((unsigned char)c[-1])) && !isxdigit((unsigned char)c[12])) {
				char key[13];
				memcpy(key, c, 12);
				key[12] = 0;
				size_t lo = 0, hi = s->nr_pcis;
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					int r = strcmp(s->pcis[by[mid]].bdf, key);
					if (!r) {
						hit = by[mid];
						break;
					}
					if (r < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
				c += 11;
			} else if (!core && !strncmp(c, " virtio", 7) && isdigit((unsigned char)c[7])) {
				char *end;
				unsigned long n = strtoul(c + 7, &end, 10);
				if (*end == ':' && n < maxv)
					hit = virt[n];
				c = end - 1;
			}
			if (hit == SIZE_MAX)
				continue;
			if (core) {
				/* the last time: a slot emptied by unplug and filled again holds the later function */
				hot[hit] = (unsigned)l;
				break; /* the enumeration line names its function first */
			}
			if (first[hit] == UINT_MAX)
				first[hit] = 2 * (unsigned)l; /* even: odd keys are a place just after, below */
		}
	}
	/*
	 * A virtio function whose driver printed nothing (virtio_net): on a
	 * shared INTx line the actions are listed in request order (__setup_irq
	 * appends), and a virtio device requests its line as its driver probes
	 * (vp_find_vqs_intx, named virtioN), so it follows the virtio device
	 * listed just before it (pc-2cpu-bridges-intx on 6.12: "sym53c8xx,
	 * virtio1, virtio0": virtio_net loaded after virtio_blk)
	 */
	for (size_t r = 0; r < s->nr_irqs; r++) {
		const char *a = s->irqs[r].actions;
		size_t prev = SIZE_MAX;
		while (a && *a) {
			size_t cur = SIZE_MAX;
			char *end;
			if (!strncmp(a, "virtio", 6) && isdigit((unsigned char)a[6])) {
				unsigned long n = strtoul(a + 6, &end, 10);
				if ((*end == ',' || !*end) && n < maxv)
					cur = virt[n];
			}
			if (cur != SIZE_MAX && first[cur] == UINT_MAX && hot[cur] == UINT_MAX && prev != SIZE_MAX &&
			    first[prev] != UINT_MAX && !(first[prev] & 1))
				first[cur] = first[prev] + 1;
			prev = cur;
			a = strchr(a, ',');
			a = a ? a + 1 + (a[1] == ' ') : NULL;
		}
	}
	snap_drop(&virt);
	free(virt);
	snap_drop(&by);
	free(by);
}

/* A function the scenario lists after the bridges: q35's own AHCI only when ahci drives it */
static bool listed_function(const struct snap_pci *p)
{
	const char *q = snapshot_qemu_device(p);
	if (is_chipset(p, NULL) && !(p->driver && !strcmp(p->driver, "ahci")))
		return false;
	return !(q && (!strcmp(q, "pci-bridge") || !strcmp(q, "pcie-root-port")));
}

static _Thread_local const unsigned *hot_line;

static int hot_cmp(const void *a, const void *b)
{
	unsigned x = hot_line[*(const size_t *)a], y = hot_line[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

/* The listed functions read_probe_log found hot-added, in the order the log added them */
static size_t *hot_added_in_order(const struct snapshot *s, const unsigned *hot, size_t *nr)
{
	size_t *out = xmalloc((s->nr_pcis ? s->nr_pcis : 1) * sizeof(*out)), n = 0;
	for (size_t i = 0; i < s->nr_pcis; i++)
		if (hot[i] != UINT_MAX && listed_function(&s->pcis[i]))
			out[n++] = i;
	hot_line = hot;
	qsort(out, n, sizeof(*out), hot_cmp);
	*nr = n;
	return out;
}

/*
 * The non-bridge functions a scenario lists, in the order their modules
 * bound: irqsim binds modules in the order of their first device line
 * (docs/model.md, "Binding order"), and the machine's irq numbers show its
 * order - irq descriptors are numbered as drivers allocate them
 * (irq_domain_alloc_descs takes the lowest free number), so a module whose
 * functions hold lower MSI irqs probed first.  A module's key is the lowest
 * MSI irq of its functions; one with only INTx (whose irq is its GSI, no
 * clue to the order) keeps its place after the module before it in BDF
 * order (its earliest such place), or, a virtio one, after the driver of
 * the virtio device numbered just below it.  Within a module the functions
 * stay in BDF order, as driver_register walks the bus.
 */
static size_t *functions_in_binding_order(const struct snapshot *s, const unsigned *first, const unsigned *hot,
					  size_t *nr)
{
	struct fn_key *k = xmalloc((s->nr_pcis ? s->nr_pcis : 1) * sizeof(*k));
	snap_hold(&k, snap_release_ptr);
	size_t n = 0;
	for (size_t i = 0; i < s->nr_pcis; i++) {
		/* a hot-added function is a hotplug line after boot, not a device line */
		if (!listed_function(&s->pcis[i]) || hot[i] != UINT_MAX)
			continue;
		k[n].idx = i;
		k[n].key = first_msi_irq(&s->pcis[i]);
		n++;
	}
	/* the module's key: its lowest irq */
	module_min_keys(s, k, n, false);
	/*
	 * No function holds an MSI irq (pci=nomsi, or INTx-only drivers): irq
	 * numbers are GSIs and show nothing, but the order still matters (the
	 * ACPI links take their IRQ at first enable, pc-2cpu-bridges-intx).
	 * The kernel log does: a module's key is the first line its probe
	 * printed naming one of its functions; one that printed none keeps
	 * the rule below (after the module before it in bus order).
	 */
	bool msi = false;
	for (size_t a = 0; a < n; a++)
		msi |= k[a].key != UINT_MAX;
	if (!msi) {
		for (size_t a = 0; a < n; a++)
			k[a].key = first[k[a].idx] < 0x80000000u ? first[k[a].idx] : UINT_MAX;
		module_min_keys(s, k, n, false);
	}
	/* back to bus order */
	qsort(k, n, sizeof(*k), fn_idx_cmp);
	/*
	 * An INTx-only virtio driver (the balloon) follows the virtio device
	 * numbered just below its own: virtio devices are numbered as
	 * virtio_pci finds them and their drivers load as they appear on the
	 * virtio bus, so virtioN's driver comes after virtio(N-1)'s
	 */
	unsigned maxv = 0, v;
	for (size_t a = 0; a < n; a++)
		if (virtio_index(&s->pcis[k[a].idx], &v) && v < 65536 && v + 1 > maxv)
			maxv = v + 1;
	if (maxv) {
		unsigned *below = xmalloc(maxv * sizeof(*below));
		for (unsigned i = 0; i < maxv; i++)
			below[i] = UINT_MAX;
		for (size_t a = 0; a < n; a++)
			if (k[a].key != UINT_MAX && virtio_index(&s->pcis[k[a].idx], &v) && v < maxv)
				below[v] = k[a].key;
		for (unsigned i = 1; i < maxv; i++)
			if (below[i] == UINT_MAX)
				below[i] = below[i - 1];
		for (size_t a = 0; a < n; a++)
			if (k[a].key == UINT_MAX && virtio_index(&s->pcis[k[a].idx], &v) && v > 0 && v < maxv &&
			    below[v - 1] != UINT_MAX)
				k[a].key = below[v - 1];
		free(below);
	}
	/* INTx-only modules follow the module before them */
	unsigned prev = 0;
	bool intx_only = false;
	for (size_t a = 0; a < n; a++) {
		if (k[a].key == UINT_MAX) {
			k[a].key = prev | 0x80000000u; /* marked: a place taken from the module before */
			intx_only = true;
		} else {
			prev = k[a].key;
		}
	}
	/*
	 * ... at its first function's place: a module binds all its functions
	 * when it loads (driver_register walks the bus), so one whose functions
	 * sit in several places (the UHCIs at 00:1a and 00:1d) takes the
	 * earliest of them
	 */
	if (intx_only)
		module_min_keys(s, k, n, true);
	qsort(k, n, sizeof(*k), fn_key_cmp);
	size_t *out = xmalloc((n ? n : 1) * sizeof(*out));
	/*
	 * ehci-pci before the companion controllers' uhci_hcd and ohci-pci
	 * (their MODULE_SOFTDEP "pre: ehci_pci"; usbcore warns when ehci_hcd
	 * comes later): the EHCI functions move before the first UHCI/OHCI one,
	 * which is also the order their USB bus numbers show
	 */
	size_t first_companion = n, o = 0;
	for (size_t a = 0; a < n && first_companion == n; a++)
		if (usb_companion(&s->pcis[k[a].idx]))
			first_companion = a;
	for (size_t a = 0; a < n; a++) {
		if (a == first_companion)
			for (size_t b = a; b < n; b++)
				if (is_ehci(&s->pcis[k[b].idx]))
					out[o++] = k[b].idx;
		if (!(a >= first_companion && is_ehci(&s->pcis[k[a].idx])))
			out[o++] = k[a].idx;
	}
	snap_drop(&k);
	free(k);
	*nr = n;
	return out;
}

/* The first dmesg line that contains 'needle', or NULL. */
static const char *dmesg_has(const struct snapshot *s, const char *needle)
{
	for (size_t i = 0; i < s->nr_dmesg; i++)
		if (strstr(s->dmesg[i], needle))
			return s->dmesg[i];
	return NULL;
}

void snapshot_platform(const struct snapshot *s, struct snap_platform *p)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < s->nr_irqs; i++) {
		const struct snap_irq *q = &s->irqs[i];
		p->ir_chip |= q->chip && !strncmp(q->chip, "IR-", 3);
		p->dmar_irq |= q->chip && !strcmp(q->chip, "DMAR-MSI");
		p->amd_vi_irq |= q->actions && strstr(q->actions, "AMD-Vi") != NULL;
	}
	p->ir_log = dmesg_has(s, "Enabled IRQ remapping in");
	const char *amd_log = dmesg_has(s, "AMD-Vi: Interrupt remapping enabled");
	if (!p->ir_log)
		p->ir_log = amd_log;
	p->amd = p->amd_vi_irq || amd_log || s->acpi_ivrs == SNAP_YES;
	static const char *const x2[] = { "Enabled IRQ remapping in x2apic mode", "x2apic: enabled by BIOS",
					  "APIC routing to cluster x2apic", "APIC routing to physical x2apic",
					  "APIC routing to: cluster x2apic", "APIC routing to: physical x2apic" };
	for (size_t i = 0; i < sizeof(x2) / sizeof(x2[0]) && !p->x2apic_log; i++)
		p->x2apic_log = dmesg_has(s, x2[i]);
	p->xapic_log = dmesg_has(s, "Enabled IRQ remapping in xapic mode");
	if (!p->xapic_log)
		p->xapic_log = dmesg_has(s, "x2apic: IRQ remapping doesn't support X2APIC mode");
}

/*
 * The platform's lines of the scenario (after smp), or -1 with err where
 * the snapshot contradicts itself: no x86 machine brings up more than 255
 * CPUs in xAPIC mode, remapping the log reports leaves IR- chips behind,
 * and QEMU's IOMMUs exist on q35 only.
 */
static int emit_platform(struct out *o, const struct snapshot *s, const char *machine, bool qemu_machine,
			 unsigned possible, char *err, size_t errlen)
{
	struct snap_platform p;
	snapshot_platform(s, &p);
	bool ir = p.ir_chip || p.dmar_irq;
	if (p.ir_log && !p.ir_chip && s->nr_irqs) {
		snprintf(err, errlen, "%s: the log says interrupt remapping is on ('%.80s') but no irq in /proc/interrupts "
			 "is on an IR- chip", s->source, p.ir_log);
		return -1;
	}
	if (p.x2apic_log && p.xapic_log) {
		snprintf(err, errlen, "%s: the log says both x2APIC ('%.60s') and xAPIC ('%.60s')", s->source,
			 p.x2apic_log, p.xapic_log);
		return -1;
	}
	/* xAPIC addresses APIC ids 0-254: no more CPUs than that come up without x2APIC */
	if (p.xapic_log && possible > 255) {
		snprintf(err, errlen, "%s: %u possible CPUs, but the log says the machine runs xAPIC ('%.60s'), which "
			 "addresses at most 255", s->source, possible, p.xapic_log);
		return -1;
	}
	if (s->cpu_x2apic == SNAP_NO && possible > 255) {
		snprintf(err, errlen, "%s: %u possible CPUs, but /proc/cpuinfo has no x2apic flag: without x2APIC a "
			 "machine addresses at most 255", s->source, possible);
		return -1;
	}
	if (ir && s->acpi_dmar == SNAP_NO && s->acpi_ivrs == SNAP_NO) {
		snprintf(err, errlen, "%s: IR- chips or a DMAR fault irq, but the firmware has neither a DMAR nor an IVRS "
			 "table (sys/firmware/acpi/tables)", s->source);
		return -1;
	}
	if (qemu_machine && ir && strcmp(machine, "q35")) {
		snprintf(err, errlen, "%s: IR- chips or a DMAR fault irq on a QEMU %s machine: QEMU's IOMMUs exist on q35 "
			 "only", s->source, machine);
		return -1;
	}
	/*
	 * An AMD IOMMU (its "AMD-Vi" irq) is QEMU's amd-iommu, remapping or
	 * not; its function is then not a device line of its own.  QEMU adds
	 * that function at the first free slot: first, as a guest that lists the
	 * IOMMU first has it.  (QEMU 7.2's amd-iommu has no x2APIC support.)
	 */
	if (!strcmp(machine, "q35") && amd_iommu_function(s)) {
		emit(o, "device amd-iommu,intremap=%s\n", p.ir_chip ? "on" : "off");
		return 0;
	}
	bool x2apic = p.x2apic_log || possible > 255;
	if (ir || x2apic) {
		if (p.amd)
			emit(o, "# AMD-Vi interrupt remapping: modelled as VT-d's (the remapping domain passes vector "
				"allocation through to the vector domain either way); its fault irq is dmar0's\n");
		if (!ir)
			emit(o, "# x2APIC without an IR- chip (a KVM guest's physical x2APIC): modelled as remapping in x2apic "
				"mode, so that every CPU comes up; remapping's chip names and dmar0 are the model's\n");
		emit(o, "device intel-iommu,intremap=on%s\n", x2apic ? ",eim=on" : "");
	}
	return 0;
}

/*
 * Is the function a function 0 whose slot already has a function listed
 * (seen: one bit per bus and slot of domain 0, set as functions are
 * listed)?  Other domains are not tracked: their functions keep BDF order
 * within a module.
 */
static bool after_slot_mate(const struct snap_pci *p, unsigned char *seen)
{
	unsigned d, b, sl, fn;
	if (sscanf(p->bdf, "%x:%x:%x.%x", &d, &b, &sl, &fn) != 4 || d || b > 255 || sl > 31)
		return false;
	bool mate = fn == 0 && (seen[b * 32 + sl] & 1);
	seen[b * 32 + sl] = 1;
	return mate;
}

/* One function's line ("device" or "hotplug"), or a comment saying why it has none */
static void emit_function(struct out *o, const struct snapshot *s, const struct snap_pci *p, const struct snap_pci *amd,
			  struct snap_scenario_info *info, unsigned char *seen, const char *verb)
{
	const char *q = snapshot_qemu_device(p);
	if (p == amd)
		return;
	if (!q) {
		if (!takes_interrupts(s, p)) {
			if (p->driver)
				emit(o, "# %s %04x:%04x (%s): holds no interrupt, left out\n", p->bdf, p->vendor, p->device,
				     p->driver);
			return;
		}
		emit(o, "# %s %04x:%04x (%s): no model of its own: pci-generic, from its irqs\n", p->bdf, p->vendor,
		     p->device, p->driver ? p->driver : "no driver");
		q = "pci-generic";
		info->generic++;
	}
	emit_device(o, s, p, q, info, after_slot_mate(p, seen), verb);
	info->devices++;
}

char *snapshot_scenario(const struct snapshot *s, struct snap_scenario_info *info, char *err, size_t errlen)
{
	memset(info, 0, sizeof(*info));
	if (s->arch && strcmp(s->arch, "x86_64") && strcmp(s->arch, "i686")) {
		snprintf(err, errlen, "%s: the snapshot is from %s; irqsim models x86 only", s->source, s->arch);
		return NULL;
	}
	if (s->trace_after_boot) {
		snprintf(err, errlen, "%s: the trace does not start at boot: it does not say which CPUs the machine has",
			 s->source);
		return NULL;
	}
	struct cpumask possible, present, online;
	unsigned pos = 0;
	if (!s->possible || cpulist_parse(s->possible, &possible, NR_CPUS, &pos) || cpumask_empty(&possible)) {
		snprintf(err, errlen, "%s: the snapshot has no possible CPU list", s->source);
		return NULL;
	}
	if (!s->present || cpulist_parse(s->present, &present, NR_CPUS, &pos))
		cpumask_copy(&present, &possible);
	if (!s->online || cpulist_parse(s->online, &online, NR_CPUS, &pos))
		cpumask_copy(&online, &present);
	struct out o = { xstrdup(""), 0 };
	snap_hold(&o.buf, snap_release_ptr);
	snapshot_kernel_sel(s->release, &info->sel, info->line_note, sizeof(info->line_note));
	info->line = info->sel.line;
	emit(&o, "# from the snapshot of %s (%s)\n", s->source, s->release ? s->release : "kernel unknown");
	if (info->line_note[0])
		emit(&o, "# %s\n", info->line_note);
	/* the release itself only where its point release changes a switch */
	emit(&o, "kernel %s\n", info->sel.mask ? info->sel.release : kernel_line_name(info->line));
	const char *machine = NULL;
	for (size_t i = 0; i < s->nr_pcis; i++)
		if (!strncmp(s->pcis[i].bdf, "0000:00:00.", 11))
			is_chipset(&s->pcis[i], &machine);
	info->qemu_machine = machine != NULL;
	if (!machine) {
		machine = "q35";
		emit(&o, "# not a QEMU pc or q35 machine: modelled as q35 (PCIe), without its chipset's interrupts\n");
	}
	/*
	 * The kernel's _OSC result decides when the log has it: QEMU 7.2 shows
	 * the hot-plug capability on root ports with an id and chassis of
	 * their own even while ACPI handles hot-plug (q35-2cpu-virt-install:
	 * "platform does not support [PCIeHotplug LTR]", no pciehp).  Without
	 * that line, QEMU hides the capability while ACPI handles hot-plug.
	 */
	bool native = false, osc = false;
	for (size_t i = 0; i < s->nr_dmesg; i++)
		if (strstr(s->dmesg[i], "_OSC: OS now controls [")) {
			osc = true;
			native |= strstr(s->dmesg[i], "PCIeHotplug") != NULL;
		}
	for (size_t i = 0; i < s->nr_pcis && !osc; i++)
		native |= s->pcis[i].hotplug_slot == 1 && s->pcis[i].pcie_type == 4;
	emit(&o, "machine %s%s\n", machine, !strcmp(machine, "q35") && native ? " pcie-hotplug=native" : "");
	emit_smp(&o, s, &possible, &present);
	emit_numa(&o, s);
	emit_cmdline(&o, s);
	if (emit_platform(&o, s, machine, info->qemu_machine, cpumask_weight(&possible), err, errlen)) {
		snap_drop(&o.buf);
		free(o.buf);
		return NULL;
	}
	/* bridges first (they give bus numbers in order; their driver, pcieport, is built in) */
	for (size_t i = 0; i < s->nr_pcis; i++) {
		const char *q = snapshot_qemu_device(&s->pcis[i]);
		if (q && (!strcmp(q, "pci-bridge") || !strcmp(q, "pcie-root-port")) && !is_chipset(&s->pcis[i], NULL)) {
			emit_device(&o, s, &s->pcis[i], q, info, false, "device");
			info->devices++;
		}
	}
	/* then the functions, their drivers in the order the machine bound them (an AMD IOMMU's is its device line) */
	const struct snap_pci *amd = !strcmp(machine, "q35") ? amd_iommu_function(s) : NULL;
	size_t nf = 0;
	unsigned *first = xmalloc((s->nr_pcis ? s->nr_pcis : 1) * 2 * sizeof(*first)), *hot = first + s->nr_pcis;
	snap_hold(&first, snap_release_ptr);
	read_probe_log(s, first, hot);
	size_t *fns = functions_in_binding_order(s, first, hot, &nf);
	snap_hold(&fns, snap_release_ptr);
	unsigned char seen[256 * 32] = { 0 };
	for (size_t f = 0; f < nf; f++)
		emit_function(&o, s, &s->pcis[fns[f]], amd, info, seen, "device");
	snap_drop(&fns);
	free(fns);
	emit(&o, "boot\n");
	/*
	 * The functions the log shows hot-added, as hotplug lines after boot in
	 * the order they were added: such a function takes the irqs, virtioN
	 * index and link state every driver bound before it left
	 * (pc-2cpu-bridges-intx: the disk hot-added at 00:03.0 is virtio2)
	 */
	size_t nh = 0;
	size_t *added = hot_added_in_order(s, hot, &nh);
	snap_hold(&added, snap_release_ptr);
	for (size_t i = 0; i < nh; i++)
		emit_function(&o, s, &s->pcis[added[i]], amd, info, seen, "hotplug");
	snap_drop(&added);
	free(added);
	snap_drop(&first);
	free(first);
	for (unsigned c = cpumask_first(&present); c < NR_CPUS; c = cpumask_next_from(&present, c + 1))
		if (!cpumask_test_cpu(c, &online))
			emit(&o, "cpu offline %u\n", c);
	snap_drop(&o.buf);
	return o.buf;
}

struct scenario_call {
	const struct snapshot *snap;
	char *text, *err;
	size_t errlen;
};

static int scenario_call(void *arg)
{
	struct scenario_call *c = arg;
	struct snap_scenario_info info;
	c->text = snapshot_scenario(c->snap, &info, c->err, c->errlen);
	return c->text ? 0 : -1;
}

char *irqsim_snapshot_scenario(const struct snapshot *snap, char *err, size_t errlen)
{
	struct scenario_call c = { snap, NULL, err, errlen };
	/*
	 * outside any simulation: every CPU the lists name, whatever this thread
	 * ran before (a run of 64 CPUs left its width, and a CPU 155 made "no
	 * possible CPU list")
	 */
	unsigned words = cpumask_begin_all_words();
	int rc = snap_oom_call(scenario_call, &c, NULL, err, errlen);
	cpumask_end_all_words(words);
	return rc ? NULL : c.text;
}
