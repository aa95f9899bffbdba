/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device properties, as QEMU's qdev declares them: each device model lists
 * the properties it knows with a type, a range and a default, and a device
 * line is checked against that list before anything is built.  The model
 * then reads typed values, never option strings.
 *
 * A class chains to its parent's properties (virtio-blk-pci -> the virtio-pci
 * proxy -> every PCI device), as QEMU's type hierarchy does.  Properties QEMU
 * has but irqsim does not model are listed too (DP_IGNORED): a QEMU command
 * line using them is right, and the scenario accepts them, but they change
 * nothing in the model.
 *
 * tests/unit/test_devprops.c checks every table against QEMU 7.2's own
 * "-device NAME,help" output, kept in tests/qdev/qemu-7.2/: names, types,
 * defaults and enum values must agree, and a range may only be narrower than
 * QEMU's type where QEMU's realize refuses the rest (the entry says why).
 */
#ifndef IRQSIM_DEVPROPS_H
#define IRQSIM_DEVPROPS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "scenario/scenario.h"

struct pci_dev;

enum devprop_type {
	DP_BOOL,  /* on|off (also QEMU's yes|no|true|false; a bare name is on) */
	DP_INT,   /* an integer in [min, max]: decimal, 0x hex or 0 octal */
	DP_STR,   /* any text */
	DP_ENUM,  /* one of choices[] */
	DP_BUS,   /* the id of a pci-bridge or pcie-root-port, or pci.0/pcie.0 */
	DP_ADDR,  /* PCI address SLOT[.FN], hex: slot 0-1f, function 0-7 */
	DP_SIZE,  /* a byte count in [min, max], as QEMU's size type: N[.F]{B,K,M,G,T,P,E} (1024s) or 0x hex */
};

enum devprop_use {
	DP_MODELLED, /* QEMU's, and the model reads it (converters keep it) */
	DP_IRQSIM,   /* irqsim's own, not QEMU's (converters never produce it) */
	DP_IGNORED,  /* QEMU's, accepted and checked, not modelled */
};

struct devprop {
	const char *name;
	enum devprop_type type;
	enum devprop_use use;
	long long min, max;          /* DP_INT, DP_SIZE */
	long long def;               /* DP_INT and DP_SIZE value, DP_BOOL 0/1, DP_ENUM index */
	const char *def_doc;         /* the default when it is computed, or when there is none ("none") */
	const char *const *choices;  /* DP_ENUM: NULL-terminated */
	const char *doc;             /* what it does in the model, for the manual; NULL if nothing to say */
};

struct devprop_class {
	const char *name;            /* QEMU type name, or a shared part ("pci-device") */
	const struct devprop *props;
	size_t nr;
	const struct devprop_class *parent;
	const char *doc;             /* what the model makes of the device, for the manual */
};

/* Table entries; d/def are the default, lo..hi the range QEMU accepts. */
#define DP_IGN_BOOL(n, d) { .name = n, .type = DP_BOOL, .use = DP_IGNORED, .def = d }
#define DP_IGN_INT(n, lo, hi, d) { .name = n, .type = DP_INT, .use = DP_IGNORED, .min = lo, .max = hi, .def = d }
#define DP_IGN_STR(n) { .name = n, .type = DP_STR, .use = DP_IGNORED, .def_doc = "none" }
#define DP_IGN_ENUM(n, ch, d) { .name = n, .type = DP_ENUM, .use = DP_IGNORED, .choices = ch, .def = d }
#define DP_IGN_SIZE(n, lo, hi, d) { .name = n, .type = DP_SIZE, .use = DP_IGNORED, .min = lo, .max = hi, .def = d }
/* a size whose QEMU default is "not given" (the type's maximum) */
#define DP_IGN_SIZE_UNSET(n) { .name = n, .type = DP_SIZE, .use = DP_IGNORED, .min = 0, .max = LLONG_MAX, .def_doc = "none" }

/* The block layer's common properties of a disk (QEMU's DEFINE_BLOCK_PROPERTIES) */
#define DP_BLOCK_PROPS                                                                                     \
	DP_IGN_STR("drive"), DP_IGN_ENUM("backend_defaults", devprop_on_off_auto, 2),                    \
	DP_IGN_SIZE("logical_block_size", 0, 0x200000, 0), DP_IGN_SIZE("physical_block_size", 0, 0x200000, 0), \
	DP_IGN_SIZE("min_io_size", 0, 0xffffffffLL, 0), DP_IGN_SIZE("opt_io_size", 0, 0xffffffffLL, 0),       \
	DP_IGN_SIZE("discard_granularity", 0, 0xffffffffLL, 0xffffffffLL),                                 \
	DP_IGN_ENUM("write-cache", devprop_on_off_auto, 2), DP_IGN_BOOL("share-rw", 0),                   \
	DP_IGN_ENUM("account-invalid", devprop_on_off_auto, 2), DP_IGN_ENUM("account-failed", devprop_on_off_auto, 2)

#define DEVPROP_CLASS(var, nm, arr, par, text)                                                                \
	const struct devprop_class var = { .name = nm, .props = arr, .nr = sizeof(arr) / sizeof(arr[0]),      \
					   .parent = par, .doc = text }

struct devprop_value {
	const struct devprop *prop;  /* its entry in the class's tables */
	struct src_pos pos;          /* of the key on the line */
	long long n;                 /* DP_INT, DP_SIZE, DP_BOOL (0/1), DP_ENUM (index), DP_ADDR (slot << 3 | fn) */
	const char *s;               /* DP_STR, DP_BUS: points into the scenario (which outlives the sim) */
};

/*
 * The resolved properties of one device line: the values given, in line
 * order (the others are their defaults).  Only what the line gives is
 * stored, so a long scenario costs what its text does, not lines x table.
 */
struct devprops {
	const struct devprop_class *cls;
	/*
	 * pci-device's properties that place the function, read once when the
	 * line is resolved (each copy the line adds reads them); for a class
	 * without them, the defaults
	 */
	struct devprops_pci {
		const struct devprop_value *bus;  /* bus=, NULL: not given */
		bool root_bus;                    /* bus= names the root bus: pci.0 or pcie.0 */
		const struct devprop_value *addr; /* addr=, NULL: not given */
		bool multifunction, intx;
	} pci;
	size_t nr;
	struct devprop_value v[];
};

/* The shared classes: every PCI function, the virtio-pci proxy; the devices without a driver model. */
extern const struct devprop_class devprop_pci_device, devprop_virtio_pci, devprop_pci_bridge, devprop_intel_iommu,
	devprop_amd_iommu;

/* QEMU's OnOffAuto, BlockdevOnError, PCIELinkSpeed and PCIELinkWidth */
extern const char *const devprop_on_off_auto[], *const devprop_blockdev_on_error[], *const devprop_pcie_speed[],
	*const devprop_pcie_width[];

/* The property class of a device ("virtio-blk-pci", "pci-bridge", "intel-iommu", ...), or NULL. */
const struct devprop_class *devprop_class_find(const char *device);
/* Every class of a device, in the order the manual lists them; NULL-terminated. */
extern const struct devprop_class *const devprop_classes[];

/*
 * Check a device line's options against its class and give them types.
 * 0 with *out (NULL when the device has no class: the caller refuses the
 * device), or -1 with "LINE:COL: message" in err: an unknown property (with
 * the nearest name), a value of the wrong type or out of range.
 */
int devprops_resolve(const struct scn_device *dv, struct devprops **out, char *err, size_t errlen);
void devprops_free(struct devprops *p);

/* The value of property 'name' (NULL p: nothing set).  NULL when not set. */
const struct devprop_value *devprops_given(const struct devprops *p, const char *name);
/*
 * The same for an entry of a class's table, which a driver names by its
 * address (its own table, indexed by an enum in designated initializers):
 * no lookup by name, for the properties read for every added device.
 */
const struct devprop_value *devprops_given_entry(const struct devprops *p, const struct devprop *entry);
/* Its value: given, or the entry's default (DP_INT, DP_SIZE, DP_BOOL, DP_ENUM) */
long long devprops_entry_value(const struct devprops *p, const struct devprop *entry);

/* Typed values of a device: the given value or the class default. */
long long dev_prop_int(const struct pci_dev *dev, const char *name);
bool dev_prop_bool(const struct pci_dev *dev, const char *name);
bool dev_prop_set(const struct pci_dev *dev, const char *name);
/* The same from a line's properties alone (p not NULL): the value given or the class default */
bool devprops_bool(const struct devprops *p, const char *name);

/*
 * Does the model of 'device' read QEMU property 'key'?  The converters
 * (QEMU command lines, libvirt domains) keep exactly those on the device
 * lines they write and list the others as ignored.
 */
bool devprop_modelled(const char *device, const char *key);

/*
 * intel-iommu's interrupt properties as QEMU 7.2 decides them
 * (x86_iommu_realize, vtd_decide_config): *intremap and *eim_on (extended
 * interrupt mode: the guest runs x2APIC), or -1 with "LINE:COL: message"
 * for what QEMU refuses.  p NULL: all defaults.
 */
int intel_iommu_config(const struct devprops *p, bool *intremap, bool *eim_on, char *err, size_t errlen);

/* amd-iommu's intremap as QEMU 7.2 decides it under TCG (auto is on).  p NULL: the default. */
bool amd_iommu_intremap(const struct devprops *p);

/* Levenshtein distance of two short strings (the "did you mean" suggestion). */
unsigned devprop_edit_distance(const char *a, const char *b);

#endif
