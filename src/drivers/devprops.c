// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device properties checked and typed from a device line; see devprops.h.
 * The shared classes (every PCI device, the virtio-pci proxy) and the
 * devices without a driver model of their own (pci-bridge, intel-iommu) are
 * here; each driver declares its own class next to its setup.
 *
 * Names, types, defaults and ranges are QEMU 7.2's (hw/pci/pci.c,
 * hw/virtio/virtio-pci.c, hw/virtio/virtio.c, hw/pci-bridge/pci_bridge_dev.c,
 * hw/i386/x86-iommu.c, hw/i386/intel_iommu.c), checked against the output of
 * QEMU 7.2 itself kept in tests/qdev/qemu-7.2/ (tests/unit/test_devprops.c).
 */
#include "drivers/devprops.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nomem.h"
#include "lib/streq.h"
#include "pci/pci.h"

static const struct devprop *must_find(const struct devprop_class *cls, const char *name);
static void devprops_read_pci(struct devprops *p);

const char *const devprop_on_off_auto[] = { "on", "off", "auto", NULL };
const char *const devprop_blockdev_on_error[] = { "report", "ignore", "enospc", "stop", "auto", NULL };
const char *const devprop_pcie_speed[] = { "2_5", "5", "8", "16", NULL };
const char *const devprop_pcie_width[] = { "1", "2", "4", "8", "12", "16", "32", NULL };

/* The entries of pci_device_props that devprops_resolve reads into struct devprops_pci, by index */
enum { PCI_PROP_BUS, PCI_PROP_ADDR, PCI_PROP_MULTIFUNCTION, PCI_PROP_INTX };

/* qdev's PCIDevice properties, common to every PCI function */
static const struct devprop pci_device_props[] = {
	[PCI_PROP_BUS] = { .name = "bus", .type = DP_BUS, .use = DP_MODELLED, .def_doc = "the root bus",
	  .doc = "the id of a pci-bridge or pcie-root-port to sit behind (pci.0 and pcie.0 name the root bus)" },
	[PCI_PROP_ADDR] = { .name = "addr", .type = DP_ADDR, .use = DP_MODELLED, .def_doc = "the first free slot",
	  .doc = "slot and function on the bus, SLOT[.FN] in hex" },
	[PCI_PROP_MULTIFUNCTION] = { .name = "multifunction", .type = DP_BOOL, .use = DP_MODELLED, .def = 0,
	  .doc = "accepted as QEMU takes it; functions share a slot through addr=SLOT.FN" },
	[PCI_PROP_INTX] = { .name = "intx", .type = DP_BOOL, .use = DP_IRQSIM, .def = 1,
	  .doc = "off: no INTx route, as if pci_dev->irq were 0" },
	DP_IGN_STR("romfile"),
	DP_IGN_INT("rombar", 0, 0xffffffffLL, 1),
	DP_IGN_INT("romsize", 0, 0xffffffffLL, 0xffffffffLL),
	DP_IGN_BOOL("x-pcie-lnksta-dllla", 1),
	DP_IGN_BOOL("x-pcie-extcap-init", 1),
	DP_IGN_STR("failover_pair_id"),
	DP_IGN_INT("acpi-index", 0, 0xffffffffLL, 0),
};
DEVPROP_CLASS(devprop_pci_device, "pci-device", pci_device_props, NULL,
	      "Every PCI device (all but intel-iommu and amd-iommu) takes these.");

/*
 * the virtio-pci proxy (VirtIOPCIProxy) and the virtio device core
 * (VirtIODevice); ioeventfd is not here: each device class declares it (or
 * not: balloon, input and vhost-vsock have none) with its own default
 */
static const struct devprop virtio_pci_props[] = {
	DP_IGN_ENUM("disable-legacy", devprop_on_off_auto, 2),
	DP_IGN_BOOL("disable-modern", 0),
	DP_IGN_BOOL("virtio-pci-bus-master-bug-migration", 0),
	DP_IGN_BOOL("migrate-extra", 1),
	DP_IGN_BOOL("modern-pio-notify", 0),
	DP_IGN_BOOL("x-disable-pcie", 0),
	DP_IGN_BOOL("page-per-vq", 0),
	DP_IGN_BOOL("x-ignore-backend-features", 0),
	DP_IGN_BOOL("ats", 0),
	DP_IGN_BOOL("x-ats-page-aligned", 1),
	DP_IGN_BOOL("x-pcie-deverr-init", 1),
	DP_IGN_BOOL("x-pcie-lnkctl-init", 1),
	DP_IGN_BOOL("x-pcie-pm-init", 1),
	DP_IGN_BOOL("x-pcie-flr-init", 1),
	DP_IGN_BOOL("aer", 0),
	DP_IGN_BOOL("indirect_desc", 1),
	DP_IGN_BOOL("event_idx", 1),
	DP_IGN_BOOL("notify_on_empty", 1),
	DP_IGN_BOOL("any_layout", 1),
	DP_IGN_BOOL("iommu_platform", 0),
	DP_IGN_BOOL("packed", 0),
	DP_IGN_BOOL("queue_reset", 1),
	DP_IGN_BOOL("use-started", 1),
	DP_IGN_BOOL("use-disabled-flag", 1),
	DP_IGN_BOOL("x-disable-legacy-check", 0),
};
DEVPROP_CLASS(devprop_virtio_pci, "virtio-pci", virtio_pci_props, &devprop_pci_device,
	      "Every virtio device takes these too.");

/* hw/pci-bridge/pci_bridge_dev.c */
static const struct devprop pci_bridge_props[] = {
	DP_IGN_INT("chassis_nr", 0, 255, 0),
	{ .name = "msi", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "off: the SHPC controller has no MSI capability (then shpchp is not modelled on the bridge)" },
	{ .name = "shpc", .type = DP_BOOL, .use = DP_MODELLED, .def = 1,
	  .doc = "the SHPC hot-plug controller, with the bridge's INTx pin (INTA) and its MSI vector; on q35 "
		 "(6.1, 6.12, ACPI hot-plug) shpchp's failed probe maps the pin's GSI for good and takes and gives "
		 "back the MSI vector; off: no pin" },
	{ .name = "bus-reserve", .type = DP_INT, .use = DP_IGNORED, .min = 0, .max = 0xffffffffLL, .def_doc = "none" },
	DP_IGN_SIZE_UNSET("io-reserve"),
	DP_IGN_SIZE_UNSET("mem-reserve"),
	DP_IGN_SIZE_UNSET("pref32-reserve"),
	DP_IGN_SIZE_UNSET("pref64-reserve"),
};
DEVPROP_CLASS(devprop_pci_bridge, "pci-bridge", pci_bridge_props, &devprop_pci_device,
	      "A PCI-PCI bridge with 31 slots.");

/*
 * hw/i386/x86-iommu.c and hw/i386/intel_iommu.c: a platform device, no PCI
 * properties.  intremap, eim, x-buggy-eim and aw-bits are checked as QEMU
 * 7.2's realize does under TCG (intel_iommu_config); the others concern DMA
 * translation, which moves no interrupt.
 */
static const struct devprop intel_iommu_props[] = {
	{ .name = "intremap", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "interrupt remapping (q35): IR- chips whose affinity changes apply at once, unless the kernel has "
		 "intremap=off (the unit's DMAR fault interrupt dmar0 is there either way, unless intel_iommu=off on "
		 "6.12 or both are off); "
		 "auto is on (QEMU 7.2 under TCG: off only with KVM's full in-kernel irqchip)" },
	{ .name = "eim", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "extended interrupt mode: on (QEMU 7.2 takes it only under KVM with kernel-irqchip=split, the "
		 "machine irqsim then models) gives the guest x2APIC: remapping in x2apic mode and every CPU up, "
		 "also APIC ids above 254; auto is off (TCG)" },
	{ .name = "x-buggy-eim", .type = DP_BOOL, .use = DP_MODELLED, .def = 0,
	  .doc = "turns EIM on with intremap on unless eim=off, as eim=on does" },
	{ .name = "aw-bits", .type = DP_INT, .use = DP_IGNORED, .min = 39, .max = 48, .def = 39,
	  .doc = "39 or 48, as QEMU accepts" },
	DP_IGN_BOOL("device-iotlb", 0),
	DP_IGN_BOOL("pt", 1),
	DP_IGN_BOOL("caching-mode", 0),
	DP_IGN_BOOL("x-scalable-mode", 0),
	DP_IGN_BOOL("x-pasid-mode", 0),
	DP_IGN_BOOL("snoop-control", 0),
	DP_IGN_BOOL("dma-drain", 1),
	DP_IGN_BOOL("dma-translation", 1),
	DP_IGN_INT("version", 0, 0xffffffffLL, 0),
};
DEVPROP_CLASS(devprop_intel_iommu, "intel-iommu", intel_iommu_props, NULL,
	      "The VT-d IOMMU (q35 only, not hot-pluggable): a platform device, so no PCI properties. "
	      "eim=on (QEMU 7.2 needs KVM with kernel-irqchip=split for it) gives the guest x2APIC, which a "
	      "machine with APIC ids above 254 needs (more than 255 CPUs); aw-bits is 39 or 48.");

/*
 * hw/i386/amd_iommu.c (QEMU 7.2): '-device amd-iommu' is a sysbus device
 * that realizes its own PCI function (AMDVI-PCI, class 0x0806) at the first
 * free slot of the root bus; its only properties are x86-iommu's.
 */
static const struct devprop amd_iommu_props[] = {
	{ .name = "intremap", .type = DP_ENUM, .use = DP_MODELLED, .choices = devprop_on_off_auto, .def = 2,
	  .doc = "interrupt remapping (q35): IR- chips whose affinity changes apply at once, unless the kernel has "
		 "intremap=off or amd_iommu=off; off: QEMU's IVRS then names no IO-APIC and the kernel keeps "
		 "remapping off; the IOMMU's own event interrupt AMD-Vi is there either way unless amd_iommu=off; "
		 "auto is on (QEMU 7.2 under TCG)" },
	DP_IGN_BOOL("device-iotlb", 0),
	DP_IGN_BOOL("pt", 1),
};
DEVPROP_CLASS(devprop_amd_iommu, "amd-iommu", amd_iommu_props, NULL,
	      "The AMD-Vi IOMMU (q35 only, not hot-pluggable, one per machine): QEMU 7.2 adds its PCI function "
	      "(class 0806, no driver, one MSI) at the first free root-bus slot where the line "
	      "stands, so the devices after it move one slot on.");

bool amd_iommu_intremap(const struct devprops *p)
{
	const struct devprop_value *v = devprops_given(p, "intremap");
	/* x86_iommu_realize: auto is off only with KVM's full in-kernel irqchip; irqsim's machine is TCG's */
	return !v || v->n != 1;
}

/* The value of an intel-iommu property: given or default, and where it was given (line 0: not). */
static long long iommu_value(const struct devprops *p, const char *name, struct src_pos *pos)
{
	const struct devprop_value *v = devprops_given(p, name);
	*pos = v ? v->pos : (struct src_pos){ 0 };
	return v ? v->n : must_find(&devprop_intel_iommu, name)->def;
}

int intel_iommu_config(const struct devprops *p, bool *intremap, bool *eim_on, char *err, size_t errlen)
{
	enum { ON, OFF, AUTO };
	struct src_pos ir_pos, eim_pos, buggy_pos, aw_pos;
	long long ir = iommu_value(p, "intremap", &ir_pos), eim = iommu_value(p, "eim", &eim_pos);
	bool buggy = iommu_value(p, "x-buggy-eim", &buggy_pos) != 0;
	long long aw = iommu_value(p, "aw-bits", &aw_pos);
	/* x86_iommu_realize: auto is off only with KVM's full in-kernel irqchip; irqsim's machine is TCG's */
	*intremap = ir != OFF;
	/* vtd_decide_config, in its order, with QEMU's messages */
	if (eim == ON && !*intremap) {
		snprintf(err, errlen, "%u:%u: eim=on cannot be selected without intremap=on", eim_pos.line, eim_pos.col);
		return -1;
	}
	/*
	 * eim auto is on only with an in-kernel irqchip or x-buggy-eim; eim=on
	 * without x-buggy-eim needs KVM with kernel-irqchip=split, which QEMU
	 * checks and irqsim takes as the machine the scenario describes (the
	 * vector allocation is the guest kernel's either way)
	 */
	*eim_on = *intremap && (eim == ON || (eim == AUTO && buggy));
	if (aw != 39 && aw != 48) {
		snprintf(err, errlen, "%u:%u: Supported values for aw-bits are: 39, 48", aw_pos.line, aw_pos.col);
		return -1;
	}
	return 0;
}

/* Property 'name' of the class chain (own properties first), or NULL. */
static const struct devprop *chain_find(const struct devprop_class *c, const char *name)
{
	for (; c; c = c->parent)
		for (size_t i = 0; i < c->nr; i++)
			if (str_eq(c->props[i].name, name))
				return &c->props[i];
	return NULL;
}

unsigned devprop_edit_distance(const char *a, const char *b)
{
	/* two rows of the classic table; names are short, longer ones are cut */
	enum { MAXN = 64 };
	unsigned row[MAXN + 1], prev[MAXN + 1];
	size_t la = strnlen(a, MAXN), lb = strnlen(b, MAXN);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			unsigned del = prev[j] + 1, ins = row[j - 1] + 1;
			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, row, (lb + 1) * sizeof(row[0]));
	}
	return prev[lb];
}

/* The closest property name to an unknown key, or NULL if none is close. */
static const char *nearest(const struct devprop_class *cls, const char *key)
{
	const char *best = NULL;
	unsigned bd = ~0u;
	for (const struct devprop_class *c = cls; c; c = c->parent)
		for (size_t i = 0; i < c->nr; i++) {
			unsigned d = devprop_edit_distance(key, c->props[i].name);
			if (d < bd) {
				bd = d;
				best = c->props[i].name;
			}
		}
	size_t kl = strlen(key);
	/* a third of the name may differ: num-queue, num_queues, vector */
	return bd <= (kl < 3 ? 1 : kl / 3) ? best : NULL;
}

static int bool_value(const char *v, long long *out)
{
	static const char *const yes[] = { "", "on", "yes", "true", "y" }, *const no[] = { "off", "no", "false", "n" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcmp(v, yes[i])) {
			*out = 1;
			return 0;
		}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcmp(v, no[i])) {
			*out = 0;
			return 0;
		}
	return -1;
}

/* pci-devfn: SLOT[.FN] in hex */
static int addr_value(const char *v, long long *out)
{
	char *end;
	if (!isxdigit((unsigned char)*v))
		return -1;
	unsigned long sl = strtoul(v, &end, 16), f = 0;
	if (*end == '.') {
		const char *p = end + 1;
		if (!isxdigit((unsigned char)*p))
			return -1;
		f = strtoul(p, &end, 16);
	}
	if (*end || sl > 31 || f > 7)
		return -1;
	*out = (long long)(sl << 3 | f);
	return 0;
}

static int int_value(const struct devprop *p, const char *v, long long *out)
{
	/* QEMU's integer visitor: no blanks, no '+'; a '-' only where the type is signed */
	if (!(isdigit((unsigned char)*v) || (*v == '-' && p->min < 0 && isdigit((unsigned char)v[1]))))
		return -1;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 0);
	if (*end || errno || n < p->min || n > p->max)
		return -1;
	*out = n;
	return 0;
}

/*
 * QEMU 7.2's size type (qemu_strtosz): decimal or 0x hex digits, a decimal
 * point with digits or none ("1." and "1.0" are 1), and a unit suffix (B, K,
 * M, G, T, P, E: powers of 1024, either case).  A fraction that is not 0
 * needs a suffix above B, and hex takes none.  No sign.  (QEMU also takes a
 * suffix after hex, with a deprecation warning: so does this.)
 */
static int size_value(const struct devprop *p, const char *v, long long *out)
{
	if (!isdigit((unsigned char)*v))
		return -1;
	char *end;
	errno = 0;
	bool hex = v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
	if (hex && !isxdigit((unsigned char)v[2]))
		return -1;
	unsigned long long n = strtoull(v, &end, hex ? 16 : 10);
	if (errno)
		return -1;
	unsigned long long frac_num = 0, frac_den = 1;
	if (*end == '.' && !hex) {
		/* up to 18 digits of fraction are exact in 64 bits; more change nothing a size can show */
		for (end++; isdigit((unsigned char)*end); end++)
			if (frac_den < 1000000000000000000ULL) {
				frac_num = frac_num * 10 + (unsigned)(*end - '0');
				frac_den *= 10;
			}
	}
	static const char units[] = "BKMGTPE";
	unsigned shift = 0;
	if (*end) {
		const char *u = strchr(units, toupper((unsigned char)*end));
		if (!u || end[1])
			return -1;
		shift = 10u * (unsigned)(u - units);
	}
	if (frac_num && shift == 0)
		return -1;
	if (shift && n > (~0ULL >> shift))
		return -1;
	unsigned long long bytes = n << shift;
	/* the fraction of the unit, rounded down to whole bytes */
	unsigned long long part =
		frac_num ? (unsigned long long)((long double)frac_num / (long double)frac_den * (long double)(1ULL << shift))
			 : 0;
	if (bytes + part < bytes || bytes + part > (unsigned long long)p->max || (long long)(bytes + part) < p->min)
		return -1;
	*out = (long long)(bytes + part);
	return 0;
}

static void choices_text(const struct devprop *p, char *buf, size_t len)
{
	size_t o = 0, n = 0;
	while (p->choices[n])
		n++;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ",
				      p->choices[i]);
}

/* Type and range of one value: 0, or -1 with "LINE:COL: message". */
static int check_value(const struct devprop *p, const struct scn_opt *o, struct devprop_value *v, char *err,
		       size_t errlen)
{
	int bad = 0;
	switch (p->type) {
	case DP_BOOL:
		if (bool_value(o->value, &v->n)) {
			snprintf(err, errlen, "%u:%u: %s expects 'on' or 'off', got '%s'", o->pos.line, o->pos.col, p->name,
				 o->value);
			return -1;
		}
		break;
	case DP_INT:
		if (int_value(p, o->value, &v->n)) {
			snprintf(err, errlen, "%u:%u: %s expects a number from %lld to %lld, got '%s'", o->pos.line,
				 o->pos.col, p->name, p->min, p->max, o->value);
			return -1;
		}
		break;
	case DP_SIZE:
		if (size_value(p, o->value, &v->n)) {
			snprintf(err, errlen, "%u:%u: %s expects a size from %lld to %lld bytes (a K, M, G, T, P or E "
				 "suffix counts 1024s), got '%s'", o->pos.line, o->pos.col, p->name, p->min, p->max, o->value);
			return -1;
		}
		break;
	case DP_ENUM:
		bad = 1;
		for (size_t i = 0; p->choices[i] && bad; i++)
			if (!strcmp(o->value, p->choices[i])) {
				v->n = (long long)i;
				bad = 0;
			}
		if (bad) {
			char ch[200];
			choices_text(p, ch, sizeof(ch));
			snprintf(err, errlen, "%u:%u: %s expects %s, got '%s'", o->pos.line, o->pos.col, p->name, ch,
				 o->value);
			return -1;
		}
		break;
	case DP_ADDR:
		if (addr_value(o->value, &v->n)) {
			snprintf(err, errlen, "%u:%u: bad PCI address '%s' (expected SLOT[.FN] in hex)", o->pos.line,
				 o->pos.col, o->value);
			return -1;
		}
		break;
	case DP_BUS:
		if (!*o->value) {
			snprintf(err, errlen, "%u:%u: %s expects the id of a bridge, got nothing", o->pos.line, o->pos.col,
				 p->name);
			return -1;
		}
		v->s = o->value;
		break;
	case DP_STR:
		v->s = o->value;
		break;
	}
	return 0;
}

/*
 * pci-device's placement properties of a line, found once here: every copy
 * the line adds reads them (device_place), and finding each by name cost
 * more than the rest of placing the device.
 */
static void devprops_read_pci(struct devprops *p)
{
	struct devprops_pci *pci = &p->pci;
	pci->bus = devprops_given_entry(p, &pci_device_props[PCI_PROP_BUS]);
	pci->root_bus = pci->bus && (!strcmp(pci->bus->s, "pci.0") || !strcmp(pci->bus->s, "pcie.0"));
	pci->addr = devprops_given_entry(p, &pci_device_props[PCI_PROP_ADDR]);
	pci->multifunction = devprops_entry_value(p, &pci_device_props[PCI_PROP_MULTIFUNCTION]) != 0;
	pci->intx = devprops_entry_value(p, &pci_device_props[PCI_PROP_INTX]) != 0;
}

int devprops_resolve(const struct scn_device *dv, struct devprops **out, char *err, size_t errlen)
{
	*out = NULL;
	const struct devprop_class *cls = devprop_class_find(dv->driver);
	if (!cls)
		return 0;
	struct devprops *p = nomem_zalloc(1, sizeof(*p) + dv->nr_opts * sizeof(p->v[0]));
	if (!p)
		return nomem_error(err, errlen);
	p->cls = cls;
	for (size_t k = 0; k < dv->nr_opts; k++) {
		const struct scn_opt *o = &dv->opts[k];
		const struct devprop *d = chain_find(cls, o->key);
		if (!d) {
			const char *near = nearest(cls, o->key);
			if (near)
				snprintf(err, errlen, "%u:%u: device '%s' has no property '%s' (did you mean '%s'?)",
					 o->pos.line, o->pos.col, dv->driver, o->key, near);
			else
				snprintf(err, errlen, "%u:%u: device '%s' has no property '%s' (irqsim-scenario(5) lists "
					 "its properties)", o->pos.line, o->pos.col, dv->driver, o->key);
			devprops_free(p);
			return -1;
		}
		/* the parser refuses a key given twice: one value per property */
		struct devprop_value *v = &p->v[p->nr];
		v->prop = d;
		v->pos = o->pos;
		if (check_value(d, o, v, err, errlen)) {
			devprops_free(p);
			return -1;
		}
		p->nr++;
	}
	devprops_read_pci(p);
	*out = p;
	return 0;
}

void devprops_free(struct devprops *p)
{
	free(p);
}

/*
 * The model asks for its properties by literal name, thousands of times a
 * run (every probe reads intx, bus, num-queues, vectors ...): a small cache
 * of (class, name pointer) -> entry spares the walk of the class chain with
 * strcmp, which was 17% of seed 000's simulation.  A hit is checked by the
 * entry's own name, so a name buffer reused for another name only misses.
 * Per thread, as simulations may run in several.
 *
 * Two ways a set, the least recently used one replaced: with one, two hot
 * pairs whose hashes met evicted each other on every call, and each miss
 * walked the chain (on main at 9b9967fe, 11,646 misses a seed 000 run cost
 * 2.3 M instructions, a quarter of the simulation, where the same code had
 * cost 0.2 M before the literals moved).
 */
#define FIND_SET_BITS 6
#define FIND_SETS (1u << FIND_SET_BITS)
static _Thread_local struct find_set {
	struct {
		const struct devprop_class *cls;
		const char *name;
		const struct devprop *prop;
	} way[2];
	unsigned lru; /* the way a miss replaces */
} find_cache[FIND_SETS];

static const struct devprop *cached_find(const struct devprop_class *cls, const char *name)
{
	/* Fibonacci hashing of both pointers: the top bits pick the set */
	uint64_t h = ((uint64_t)(uintptr_t)name ^ ((uint64_t)(uintptr_t)cls << 17)) * 0x9e3779b97f4a7c15ull;
	struct find_set *set = &find_cache[h >> (64 - FIND_SET_BITS)];
	for (unsigned w = 0; w < 2; w++) {
		const struct devprop *d = set->way[w].prop;
		if (set->way[w].cls == cls && set->way[w].name == name && (d->name == name || !strcmp(d->name, name))) {
			set->lru = w ^ 1;
			return d;
		}
	}
	const struct devprop *d = chain_find(cls, name);
	if (d) {
		unsigned w = set->lru;
		set->way[w].cls = cls;
		set->way[w].name = name;
		set->way[w].prop = d;
		set->lru = w ^ 1;
	}
	return d;
}

/* A property the code asks for but the class does not declare is a bug in irqsim, not in the input. */
static const struct devprop *must_find(const struct devprop_class *cls, const char *name)
{
	const struct devprop *d = cls ? cached_find(cls, name) : NULL;
	if (!d) {
		fprintf(stderr, "irqsim: internal error: device class '%s' declares no property '%s'\n",
			cls ? cls->name : "?", name);
		abort();
	}
	return d;
}

const struct devprop_value *devprops_given_entry(const struct devprops *p, const struct devprop *entry)
{
	for (size_t i = 0; p && i < p->nr; i++)
		if (p->v[i].prop == entry)
			return &p->v[i];
	return NULL;
}

long long devprops_entry_value(const struct devprops *p, const struct devprop *entry)
{
	const struct devprop_value *v = devprops_given_entry(p, entry);
	return v ? v->n : entry->def;
}

const struct devprop_value *devprops_given(const struct devprops *p, const char *name)
{
	return p ? devprops_given_entry(p, must_find(p->cls, name)) : NULL;
}

static long long dev_value(const struct pci_dev *dev, const char *name)
{
	const struct devprops *p = dev->props;
	return devprops_entry_value(p, must_find(p ? p->cls : devprop_class_find(dev->qemu_driver), name));
}

long long dev_prop_int(const struct pci_dev *dev, const char *name)
{
	return dev_value(dev, name);
}

bool dev_prop_bool(const struct pci_dev *dev, const char *name)
{
	return dev_value(dev, name) != 0;
}

bool devprops_bool(const struct devprops *p, const char *name)
{
	return devprops_entry_value(p, must_find(p->cls, name)) != 0;
}

bool dev_prop_set(const struct pci_dev *dev, const char *name)
{
	return devprops_given(dev->props, name) != NULL;
}

bool devprop_modelled(const char *device, const char *key)
{
	const struct devprop_class *cls = devprop_class_find(device);
	const struct devprop *d = cls ? chain_find(cls, key) : NULL;
	return d && d->use == DP_MODELLED;
}
