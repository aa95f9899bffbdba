/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario language v1: one directive a line, '#' comments.  The parser only
 * checks syntax and value types; what a directive means is the model's job.
 * Every directive and every option keeps its source position so that the
 * model can report semantic errors as FILE:LINE:COL too.
 */
#ifndef IRQSIM_SCENARIO_H
#define IRQSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "arch/x86/topology.h"
#include "kernel/version.h"

struct src_pos {
	unsigned line, col; /* 1-based */
};

/* A QEMU-style "key=value" option of a device line, in source order. */
struct scn_opt {
	char *key;
	char *value;  /* "" for a bare flag ("multifunction") */
	struct src_pos pos;
};

struct scn_device {
	char *driver;            /* QEMU device name: "virtio-blk-pci" */
	struct src_pos driver_pos;
	char *id;                /* NULL if not given; with count=N>1 the copies are ID-0..ID-<N-1> */
	unsigned count;          /* count=N, default 1 */
	struct scn_opt *opts;    /* every option except id= and count= */
	size_t nr_opts;
};

enum scn_kind {
	SCN_KERNEL,      /* kernel 6.1 */
	SCN_MACHINE,     /* machine pc|q35 [pcie-hotplug=acpi|native] [root-ports=per-slot|packed] */
	SCN_SMP,         /* smp N,... */
	SCN_NUMA,        /* numa node,... */
	SCN_CMDLINE,     /* cmdline "..." */
	SCN_DEVICE,      /* device ... (present at boot) */
	SCN_BOOT,        /* boot */
	SCN_HOTPLUG,     /* hotplug ... */
	SCN_UNPLUG,      /* unplug ID */
	SCN_CPU_OFFLINE, /* cpu offline N */
	SCN_CPU_ONLINE,  /* cpu online N */
	SCN_SET_AFFINITY,/* set-affinity IRQS CPULIST (a write to /proc/irq/N/smp_affinity_list) */
	SCN_IO,          /* io ID: the device's interrupts fire */
	SCN_BALANCE,     /* balance powersave|spread [continuous] | balance off */
	SCN_HOST,        /* host kvm [max-irq-routes=N]: the hypervisor's own limits */
};

enum balance_mode { BALANCE_OFF, BALANCE_POWERSAVE, BALANCE_SPREAD };

struct scn_set_affinity {
	unsigned *irqs;          /* ascending, no duplicates */
	size_t nr_irqs;
	char *cpulist;           /* verbatim: the kernel parses it and may refuse it */
};

struct scn_balance {
	enum balance_mode mode;
	bool continuous;         /* keep balancing after every later step and device */
};

enum machine_type { MACHINE_PC, MACHINE_Q35 };

/*
 * Who handles PCIe hot-plug on q35 (QEMU 7.2): 'acpi' is QEMU's default
 * (ICH9-LPC.acpi-pci-hotplug-with-bridge-support=on: the root ports hide
 * their hot-plug capability and _OSC refuses PCIeHotplug); 'native' is
 * ...=off: the ports are hot-plug capable and _OSC may grant PCIeHotplug.
 */
enum pcie_hotplug_mode { PCIE_HOTPLUG_ACPI, PCIE_HOTPLUG_NATIVE };

/*
 * Where a root port without addr= goes on q35: QEMU's first free slot
 * ('per-slot', the default), or packed as libvirt assigns them
 * ('packed': the next free function of the last slot holding root ports,
 * up to 8 as one multifunction slot, then a new slot).
 */
enum root_port_layout { ROOT_PORTS_PER_SLOT, ROOT_PORTS_PACKED };

struct scn_machine {
	enum machine_type type;
	enum pcie_hotplug_mode pcie_hotplug;
	enum root_port_layout root_ports;
};

struct scn_directive {
	enum scn_kind kind;
	struct src_pos pos;      /* position of the directive keyword */
	char *text;              /* the whole source line, trimmed (for markers) */
	union {
		struct kernel_sel kernel;    /* a line name or a uname -r release */
		struct scn_machine machine;  /* machine pc|q35 [pcie-hotplug=acpi|native] */
		struct smp_config smp;
		struct numa_node_config numa;
		char *cmdline;               /* unquoted, escapes resolved */
		struct scn_device device;    /* SCN_DEVICE, SCN_HOTPLUG */
		char *unplug_id;
		unsigned cpu;                /* SCN_CPU_OFFLINE/ONLINE */
		struct scn_set_affinity aff; /* SCN_SET_AFFINITY */
		char *io_id;                 /* SCN_IO */
		struct scn_balance balance;  /* SCN_BALANCE */
		unsigned kvm_max_irq_routes; /* SCN_HOST: GSI routes per VM */
	} u;
};

struct scenario {
	char *filename;          /* as given, used in messages */
	struct scn_directive *dirs;
	size_t nr_dirs;
};

/*
 * Parse a scenario from a buffer.  On error returns -1 and writes a one-line
 * message "FILE:LINE:COL: message" (no trailing newline) into err.
 */
int scenario_parse(const char *filename, const char *buf, size_t len,
		   struct scenario *out, char *err, size_t errlen);
/* Read a file (or "-" for stdin) and parse it. */
int scenario_load(const char *path, struct scenario *out, char *err, size_t errlen);
void scenario_free(struct scenario *s);

/*
 * Variants: a line 'variant NAME' starts a named variant; lines before the
 * first one are common to all.  scenario_variants() gives, for each variant,
 * a copy of the text in which the other variants' lines (and every
 * 'variant' line) are blank, so line and column numbers stay those of the
 * file.  Returns the number of variants (0: the file has none), or -1 with
 * "FILE:LINE:COL: message" in err.
 */
struct scn_variant {
	char *name;
	char *text;
	size_t len;
	unsigned line;           /* of its 'variant' line */
};
int scenario_variants(const char *filename, const char *buf, size_t len, struct scn_variant **out,
		      char *err, size_t errlen);
void scenario_variants_free(struct scn_variant *v, int n);
/*
 * Why no variant of a file was chosen: it has none (one was named), the named
 * one is not among v, or none was named.  One line in err.
 */
void scenario_variant_choice_error(char *err, size_t errlen, const char *name, const char *variant,
				   const struct scn_variant *v, int nv);
/* Read a whole file (or "-" for stdin) of at most INPUT_MAX_BYTES (64 MiB); NULL with a message on error. */
char *scenario_read_file(const char *path, size_t *len, char *err, size_t errlen);

/* Look up a device option by key; NULL if absent. */
const struct scn_opt *scn_device_opt(const struct scn_device *d, const char *key);

#endif
