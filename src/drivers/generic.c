// SPDX-License-Identifier: GPL-2.0-only
/*
 * pci-generic: a PCI function irqsim has no model of, written down as what
 * its driver asks of the PCI/MSI core.  Every interrupt user of a real host
 * (mlx5_core, ice, bnxt_en, lpfc, qla2xxx, a function passed to vfio-pci)
 * can be described this way, and a snapshot turns each unmodelled function
 * into one (run --from-snapshot).
 *
 * The probe is the common shape of a PCI driver's interrupt setup:
 * pci_enable_device, then one pci_alloc_irq_vectors_affinity(min, max,
 * TYPES [| PCI_IRQ_AFFINITY], {pre_vectors, post_vectors}) - which tries
 * MSI-X, then MSI, then the INTx line, as the flags allow
 * (drivers/pci/msi/api.c; min..max narrowed by irq_calc_affinity_vectors
 * when managed) - then request_irq of the first 'request' vectors, named
 * from patterns, IRQF_SHARED on INTx only.  A failed allocation or request
 * fails the probe (the irqs taken are freed first), as most drivers do.
 * Drivers that retry with fewer vectors are described by their min-vectors:
 * the MSI-X range retry (__pci_enable_msix_range) already gives them what
 * the table and the vector space allow.
 *
 * Device side: 'msix' is the MSI-X table size (0: no capability), 'msi' the
 * MSI capability's vector count (multiple MSI is capped at one vector on x86
 * without interrupt remapping, as the model's MSI path does).  The MSI
 * capability is taken as without per-vector masking (reservation mode
 * off), as on QEMU's emulated devices; MSI-X vectors are reserved until
 * request_irq, as on every MSI-X function.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "drivers/generic.h"
#include "drivers/usbdev.h"
#include "irq/affinity.h"
#include "irq/manage.h"
#include "kernel/sim.h"
#include "pci/pci.h"

#define GENERIC_MAX_VECTORS 2048 /* the MSI-X table's limit (PCI spec: 11-bit table size) */
#define GENERIC_NAME_MAX 64      /* an expanded irq name; longer patterns are refused */

/* PCI_IRQ_* of the driver's call; the choices' order is the enum's */
static const char *const generic_types[] = { "msix-msi-intx", "msix-msi", "msix-intx", "msix",
					     "msi-intx",      "msi",      "intx",      "none", NULL };
/* "none": a driver that takes no interrupt (bochs-drm, i6300esb): pci_enable_device only */
static const unsigned generic_type_flags[] = {
	PCI_IRQ_MSIX | PCI_IRQ_MSI | PCI_IRQ_LEGACY, PCI_IRQ_MSIX | PCI_IRQ_MSI, PCI_IRQ_MSIX | PCI_IRQ_LEGACY,
	PCI_IRQ_MSIX, PCI_IRQ_MSI | PCI_IRQ_LEGACY, PCI_IRQ_MSI, PCI_IRQ_LEGACY, 0,
};

/* the INTx pin QEMU gives the function (PCI_INTERRUPT_PIN); the order is pci_place's pin - 1 */
static const char *const generic_pins[] = { "A", "B", "C", "D", "none", NULL };

static const struct devprop generic_props[] = {
	{ .name = "qemu", .type = DP_STR, .use = DP_IRQSIM, .def_doc = "none",
	  .doc = "the QEMU device the function is (ich9-usb-ehci1, VGA, ...): the conformance recorder boots that "
		 "device for it (with its id, bus, addr and multifunction); the model reads nothing else from it" },
	{ .name = "pin", .type = DP_ENUM, .use = DP_IRQSIM, .choices = generic_pins, .def = 0,
	  .doc = "the function's INTx pin, as its QEMU device sets it (EHCI: D; ich9 UHCI 1-3: A-C; none: no "
		 "pin); it decides the GSI INTx reaches" },
	{ .name = "driver", .type = DP_STR, .use = DP_IRQSIM, .def_doc = "pci-generic",
	  .doc = "the kernel driver's name: messages, %d in names, modprobe.blacklist=, and binding (the "
		 "functions of one driver bind together, when its module loads)" },
	{ .name = "msix", .type = DP_INT, .use = DP_IRQSIM, .min = 0, .max = GENERIC_MAX_VECTORS, .def = 0,
	  .doc = "the function's MSI-X table size (0: no MSI-X capability)" },
	{ .name = "msi", .type = DP_INT, .use = DP_IRQSIM, .min = 0, .max = 32, .def = 1,
	  .doc = "vectors of its MSI capability, a power of two (0: none); x86 without interrupt remapping "
		 "gives one" },
	{ .name = "types", .type = DP_ENUM, .use = DP_IRQSIM, .choices = generic_types, .def = 0,
	  .doc = "the interrupt types the driver accepts, tried in this order (PCI_IRQ_MSIX, _MSI, _LEGACY); none: "
		 "the driver takes no interrupt" },
	{ .name = "min-vectors", .type = DP_INT, .use = DP_IRQSIM, .min = 1, .max = GENERIC_MAX_VECTORS, .def = 1,
	  .doc = "the fewest vectors the driver accepts" },
	{ .name = "max-vectors", .type = DP_INT, .use = DP_IRQSIM, .min = 1, .max = GENERIC_MAX_VECTORS,
	  .def_doc = "pre-vectors + online CPUs + post-vectors", .doc = "the most vectors the driver asks for" },
	{ .name = "pre-vectors", .type = DP_INT, .use = DP_IRQSIM, .min = 0, .max = GENERIC_MAX_VECTORS, .def = 0,
	  .doc = "leading vectors kept out of the affinity spreading (admin, misc, async)" },
	{ .name = "post-vectors", .type = DP_INT, .use = DP_IRQSIM, .min = 0, .max = GENERIC_MAX_VECTORS, .def = 0,
	  .doc = "trailing vectors kept out of the spreading" },
	{ .name = "managed-affinity", .type = DP_BOOL, .use = DP_IRQSIM, .def = 0,
	  .doc = "on: PCI_IRQ_AFFINITY, the queue vectors are spread over the CPUs and kernel-managed" },
	{ .name = "request", .type = DP_INT, .use = DP_IRQSIM, .min = 0, .max = GENERIC_MAX_VECTORS,
	  .def_doc = "every vector",
	  .doc = "how many vectors (from the first) get an irq at probe; the others stay allocated (a NIC "
		 "requests its queue irqs when the interface comes up)" },
	{ .name = "name", .type = DP_STR, .use = DP_IRQSIM, .def_doc = "%d-%i",
	  .doc = "irq name of the queue vectors: %d the driver, %p the PCI name, %i the index among the "
		 "queue vectors, %v the vector's index, %u a USB host controller's bus number (ehci_hcd:usb%u), %% a %" },
	{ .name = "pre-name", .type = DP_STR, .use = DP_IRQSIM, .def_doc = "%d-pre%i",
	  .doc = "irq name of the pre-vectors (%i counts from 0 among them)" },
	{ .name = "post-name", .type = DP_STR, .use = DP_IRQSIM, .def_doc = "%d-post%i",
	  .doc = "irq name of the post-vectors" },
};
DEVPROP_CLASS(generic_devprops, "pci-generic", generic_props, &devprop_pci_device,
	      "Any PCI function, described by its driver's interrupt request: pci_alloc_irq_vectors_affinity("
	      "min-vectors, max-vectors, types [| managed], pre/post-vectors), then request_irq of 'request' "
	      "vectors; a failure fails the probe. INTx is IRQF_SHARED.");

struct generic_dev {
	const char *driver;       /* points into the scenario */
	unsigned usb_bus;         /* a USB host controller's bus number (its names' %u); 0: none */
	unsigned nvec;            /* allocated */
	unsigned wanted;          /* max-vectors as asked */
	unsigned nr_irqs;         /* requested, from vector 0 */
};

static const char *prop_str(const struct pci_dev *dev, const char *name, const char *def)
{
	const struct devprop_value *v = devprops_given(dev->props, name);
	return v ? v->s : def;
}

/*
 * A name pattern with %u (a USB host controller's bus number, as its irq
 * names carry it: "ehci_hcd:usb1") replaced by 'bus'; the other % sequences
 * stay for generic_name_expand.  -1 when it does not fit.
 */
static int usb_bus_subst(char *out, size_t len, const char *pat, unsigned bus)
{
	size_t o = 0;
	for (const char *c = pat; *c; c++) {
		char num[16];
		const char *ins = num;
		if (c[0] == '%' && c[1] == 'u') {
			snprintf(num, sizeof(num), "%u", bus);
			c++;
		} else if (c[0] == '%' && c[1]) {
			num[0] = '%', num[1] = c[1], num[2] = 0;
			c++;
		} else {
			num[0] = *c, num[1] = 0;
		}
		size_t n = strlen(ins);
		if (o + n >= len)
			return -1;
		memcpy(out + o, ins, n + 1);
		o += n;
	}
	if (!o && len)
		out[0] = 0;
	return 0;
}

int generic_name_expand(char *out, size_t len, const char *pat, const char *driver, const char *pci, unsigned idx,
			unsigned vec)
{
	size_t o = 0;
	out[0] = 0;
	for (const char *c = pat; *c; c++) {
		char num[24];
		const char *ins = num;
		if (*c != '%') {
			num[0] = *c;
			num[1] = 0;
		} else {
			switch (*++c) {
			case 'd': ins = driver; break;
			case 'p': ins = pci; break;
			case 'i': snprintf(num, sizeof(num), "%u", idx); break;
			case 'v': snprintf(num, sizeof(num), "%u", vec); break;
			case '%': ins = "%"; break;
			default: return -1;
			}
		}
		size_t n = strlen(ins);
		if (o + n >= len)
			return -1;
		memcpy(out + o, ins, n);
		o += n;
		out[o] = 0;
	}
	return 0;
}

static int generic_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	(void)s;
	static const char *const pats[][2] = { { "name", "%d-%i" }, { "pre-name", "%d-pre%i" },
					       { "post-name", "%d-post%i" } };
	const char *driver = prop_str(dev, "driver", "pci-generic");
	const struct devprop_value *dv = devprops_given(dev->props, "driver");
	if (!*driver || strlen(driver) > 32 || strpbrk(driver, "% \t")) {
		snprintf(err, errlen, "%u:%u: driver: a kernel driver name (1 to 32 characters, no '%%' or blank)",
			 dv->pos.line, dv->pos.col);
		return -1;
	}
	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		char buf[GENERIC_NAME_MAX + 1], pat[4 * GENERIC_NAME_MAX];
		/* the longest expansion: a 4-digit index, a 3-digit USB bus */
		if (usb_bus_subst(pat, sizeof(pat), prop_str(dev, pats[i][0], pats[i][1]), 127) ||
		    generic_name_expand(buf, sizeof(buf), pat, driver, dev->name, 2047, 2047)) {
			const struct devprop_value *v = devprops_given(dev->props, pats[i][0]);
			snprintf(err, errlen, "%u:%u: %s: an irq name of at most %d characters with %%d %%p %%i %%v %%u %%%% "
				 "only", v->pos.line, v->pos.col, pats[i][0], GENERIC_NAME_MAX);
			return -1;
		}
	}
	long long msi = dev_prop_int(dev, "msi");
	if (msi & (msi - 1)) {
		const struct devprop_value *v = devprops_given(dev->props, "msi");
		snprintf(err, errlen, "%u:%u: msi: the MSI capability has 1, 2, 4, 8, 16 or 32 vectors (or 0)",
			 v->pos.line, v->pos.col);
		return -1;
	}
	struct generic_dev *g = kmem_zalloc(&s->kmem, sizeof(*g));
	if (!g)
		return -1;
	g->driver = driver;
	dev->has_msix = dev_prop_int(dev, "msix") > 0;
	dev->msix_table_size = (unsigned)dev_prop_int(dev, "msix");
	dev->has_msi = msi > 0;
	dev->msi_vec_count = (unsigned)msi;
	dev->msi_maskable = false;
	dev->drv_cfg = g;
	return 0;
}

static void generic_free_irqs(struct sim *s, struct pci_dev *dev)
{
	struct generic_dev *g = dev->drv_cfg;
	for (unsigned i = 0; i < g->nr_irqs; i++) {
		int irq = pci_irq_vector(dev, i);
		if (irq > 0)
			free_irq(s, (unsigned)irq, g);
	}
	g->nr_irqs = 0;
}

static void vector_name(const struct pci_dev *dev, unsigned vec, char *buf, size_t len)
{
	struct generic_dev *g = dev->drv_cfg;
	unsigned pre = (unsigned)dev_prop_int(dev, "pre-vectors"), post = (unsigned)dev_prop_int(dev, "post-vectors");
	const char *pat;
	unsigned idx;
	/* irq_create_affinity_masks' layout: pre, the spread set, post (post only past the pre-vectors) */
	if (vec < pre) {
		pat = prop_str(dev, "pre-name", "%d-pre%i");
		idx = vec;
	} else if (g->nvec > pre + post && vec >= g->nvec - post) {
		pat = prop_str(dev, "post-name", "%d-post%i");
		idx = vec - (g->nvec - post);
	} else {
		pat = prop_str(dev, "name", "%d-%i");
		idx = vec - pre;
	}
	/* checked at setup for the longest index */
	char upat[4 * GENERIC_NAME_MAX];
	if (usb_bus_subst(upat, sizeof(upat), pat, g->usb_bus))
		upat[0] = 0;
	generic_name_expand(buf, len, upat, g->driver, dev->name, idx, vec);
}

static int generic_probe(struct sim *s, struct pci_dev *dev)
{
	struct generic_dev *g = dev->drv_cfg;
	unsigned pre = (unsigned)dev_prop_int(dev, "pre-vectors"), post = (unsigned)dev_prop_int(dev, "post-vectors");
	unsigned min = (unsigned)dev_prop_int(dev, "min-vectors");
	unsigned max = dev_prop_set(dev, "max-vectors") ? (unsigned)dev_prop_int(dev, "max-vectors")
							: pre + post + cpumask_weight(&s->cpu_online_mask);
	bool managed = dev_prop_bool(dev, "managed-affinity");
	long long type = dev_prop_int(dev, "types");
	unsigned flags = generic_type_flags[type] | (managed ? PCI_IRQ_AFFINITY : 0);
	struct irq_affinity desc = { .pre_vectors = pre, .post_vectors = post };
	unsigned ports;
	pci_enable_device(s, dev);
	/* usb_add_hcd: a USB 1/2 host controller registers one bus, numbered in probe order with xhci's two */
	if (usb_hc(dev, &ports) && !g->usb_bus)
		g->usb_bus = ++s->usb_bus_next;
	if (!flags)
		return 0;
	/* what the driver can get at best: the managed range is capped to the CPUs first */
	g->wanted = managed ? irq_calc_affinity_vectors(&s->topo, min, max, &desc) : max;
	sim_explain(s, "%s: pci_alloc_irq_vectors_affinity(%u, %u, %s%s, pre_vectors=%u, post_vectors=%u)", g->driver,
		    min, max, generic_types[type], managed ? "|AFFINITY" : "", pre, post);
	int r = pci_alloc_irq_vectors_affinity(s, dev, min, max, flags, managed ? &desc : NULL);
	if (r < 0) {
		sim_log(s, LOG_ERR, "%s %s: failed to allocate %u to %u interrupt vectors: %d", g->driver, dev->name, min,
			max, r);
		pci_disable_device(s, dev);
		return r;
	}
	g->nvec = (unsigned)r;
	unsigned want = dev_prop_set(dev, "request") ? (unsigned)dev_prop_int(dev, "request") : g->nvec;
	if (want > g->nvec)
		want = g->nvec;
	unsigned irqf = dev->irq_mode == PCI_IRQ_MODE_INTX ? IRQF_SHARED : 0;
	for (unsigned i = 0; i < want; i++) {
		char name[GENERIC_NAME_MAX + 1];
		vector_name(dev, i, name, sizeof(name));
		int irq = pci_irq_vector(dev, i);
		int e = irq > 0 ? request_irq(s, (unsigned)irq, irqf, name, g) : -EINVAL;
		if (e) {
			sim_log(s, LOG_ERR, "%s %s: request_irq %s failed: %d", g->driver, dev->name, name, e);
			generic_free_irqs(s, dev);
			pci_free_irq_vectors(s, dev);
			pci_disable_device(s, dev);
			return e;
		}
		g->nr_irqs = i + 1;
	}
	return 0;
}

static void generic_remove(struct sim *s, struct pci_dev *dev)
{
	generic_free_irqs(s, dev);
	pci_free_irq_vectors(s, dev);
	pci_disable_device(s, dev);
}

static bool generic_short_of_vectors(const struct pci_dev *dev)
{
	const struct generic_dev *g = dev->drv_cfg;
	return g && g->nvec < g->wanted;
}

static const char *generic_module(const struct pci_dev *dev)
{
	const struct generic_dev *g = dev->drv_cfg;
	return g ? g->driver : "pci-generic";
}

/*
 * drivers/usb/host/pci-quirks.c: quirk_usb_early_handoff runs for every USB
 * host controller (a PCI_CLASS_SERIAL_USB final fixup) whether its driver
 * loads or not: it enables the function, which maps its INTx GSI, and
 * disables it again (a reserve, then remove_reserved, in both kernels'
 * boot traces of Proxmox's EHCI and UHCI functions).  Here: a pci-generic
 * function whose driver is a USB host controller driver.
 */
static void generic_usb_early_handoff(struct sim *s, struct pci_dev *dev)
{
	unsigned ports;
	if (dev->enabled || !usb_hc(dev, &ports))
		return;
	pci_enable_device(s, dev);
	pci_disable_device(s, dev);
}

const struct driver_model generic_driver = {
	.enum_fixup = generic_usb_early_handoff,
	.qemu_name = "pci-generic",
	.props = &generic_devprops,
	.kernel_name = "pci-generic",
	.setup = generic_setup,
	.probe = generic_probe,
	.remove = generic_remove,
	.short_of_vectors = generic_short_of_vectors,
	.module_name = generic_module,
};
