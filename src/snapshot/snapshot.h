/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A snapshot of a real machine's interrupt state: what /proc, /sys and (when
 * present) debugfs say, as text, without interpretation.  The doctor rebuilds
 * the vector space from it; `run --from-snapshot` turns it into a scenario.
 *
 * Everything is read from files laid out as on a live system, relative to a
 * root directory: "/" for the machine itself, or a sosreport / recorded tree.
 * Nothing is ever opened for writing.
 */
#ifndef IRQSIM_SNAPSHOT_H
#define IRQSIM_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SNAPSHOT_FORMAT 1

/* One interrupt: /proc/interrupts, /proc/irq/N/ and /sys/kernel/irq/N/ */
struct snap_irq {
	unsigned irq;
	char *chip;          /* chip_name (or the /proc/interrupts chip column) */
	char *hwirq;         /* as printed: "540672", "2" */
	char *type;          /* trigger: "edge", "level" */
	char *handler;       /* flow handler name (sys/kernel/irq/N/name): "edge", "fasteoi" */
	char *actions;       /* comma-separated action names, "" for none, NULL unknown */
	char *affinity;      /* smp_affinity_list, NULL unknown */
	char *effective;     /* effective_affinity_list, NULL unknown */
	int node;            /* /proc/irq/N/node, -1 unknown */
	unsigned long long count; /* sum over CPUs */
	bool in_proc;        /* listed in /proc/interrupts */
};

/* One MSI/MSI-X irq of a PCI function (sys/bus/pci/devices/BDF/msi_irqs/N) */
struct snap_msi_irq {
	unsigned irq;
	bool msix;
};

/* One PCI function: sys/bus/pci/devices/BDF */
struct snap_pci {
	char *bdf;           /* "0000:00:02.0" */
	unsigned vendor, device, subvendor, subdevice, class;
	int irq;             /* INTx irq (pci_dev->irq), -1 unknown */
	int numa_node;       /* -1 */
	char *driver;        /* bound driver, NULL none */
	/* from config space; -1 unknown (not readable), 0 no such capability */
	int msix_table;      /* MSI-X table size */
	int msi_max;         /* MSI: vectors the function can ask for */
	int pcie_type;       /* PCIe capability device/port type, -1 none/unknown */
	int hotplug_slot;    /* PCIe slot with a hot-plug controller: 1, 0, -1 unknown */
	int config_len;      /* bytes of config space read, 0 none */
	int secondary_bus;   /* a bridge's secondary bus number, -1 not a bridge/unknown */
	int intx_pin;        /* PCI_INTERRUPT_PIN: 1..4 INTA..INTD, 0 none, -1 unknown */
	struct snap_msi_irq *msi_irqs;
	size_t nr_msi_irqs;
	/* the virtio device behind a virtio-pci function */
	int virtio_id;       /* virtio device id (2 block, 1 net, 8 scsi), -1 */
	char *virtio_dev;    /* "virtio3" */
	char *virtio_driver; /* "virtio_blk" */
};

struct snap_cpu {
	unsigned cpu;
	int package, die, core, node; /* -1 unknown */
	bool online;
};

struct snap_param {
	char *name;          /* "virtio_blk.num_request_queues" */
	char *value;
};

/* A file that could not be read, and why (the snapshot says what it lacks) */
struct snap_unread {
	char *path;
	char *why;
};

/* Something the snapshot may or may not say: unknown (not in it), no, yes */
enum snap_tri { SNAP_UNKNOWN = 0, SNAP_NO, SNAP_YES };

struct snapshot {
	char *source;        /* "/" (live), or the directory read */
	char *arch;          /* "x86_64"; NULL unknown */
	char *release;       /* uname -r */
	char *cmdline;       /* /proc/cmdline */
	char *possible, *online, *present, *isolated; /* CPU lists, NULL unknown */
	char *default_affinity; /* /proc/irq/default_smp_affinity (hex mask) */
	unsigned proc_cpus;  /* CPU columns in /proc/interrupts */
	struct snap_cpu *cpus;
	size_t nr_cpus;
	struct snap_irq *irqs;  /* ascending irq number */
	size_t nr_irqs;
	struct snap_pci *pcis;  /* ascending BDF */
	size_t nr_pcis;
	struct snap_param *params;
	size_t nr_params;
	char **dmesg;
	size_t nr_dmesg;
	/* the interrupt platform's firmware and CPU traces (JSON "platform") */
	enum snap_tri cpu_x2apic;   /* /proc/cpuinfo's flags have x2apic (the CPU can run it) */
	enum snap_tri acpi_dmar;    /* sys/firmware/acpi/tables/DMAR: Intel VT-d units */
	enum snap_tri acpi_ivrs;    /* sys/firmware/acpi/tables/IVRS: AMD-Vi units */
	char *vector_dump;   /* debugfs irq/domains/VECTOR, NULL absent */
	char *vector_from;   /* NULL: the debugfs file; else what it was rebuilt from ("N irq_matrix events") */
	/*
	 * An irq_matrix trace that does not start at boot (events enabled on a running machine): only the counters its
	 * events carry are known, for the CPUs that have events; trace_online is the online CPU count (the tracefs
	 * header's #P:N, else the last event's online_maps)
	 */
	bool trace_after_boot;
	unsigned trace_online;
	char **notes;        /* what the reader noticed about its input (a gap in a trace) */
	size_t nr_notes;
	struct snap_unread *unread;
	size_t nr_unread;
};

/*
 * The interrupt platform a snapshot shows: remapping (IR- chips: Intel's
 * IR-IO-APIC, IR-PCI-MSI, 6.12's IR-PCI-MSIX-<bdf>, and AMD's; the units'
 * fault irqs DMAR-MSI "dmarN" and "AMD-Vi"; the kernel's remapping line;
 * the firmware's DMAR or IVRS table) and x2APIC (the kernel's lines:
 * arch/x86/kernel/apic/apic.c, x2apic_*.c, the remapping mode of
 * drivers/iommu/intel/irq_remapping.c).  The log lines point into s.
 */
struct snap_platform {
	bool ir_chip, dmar_irq, amd_vi_irq;
	bool amd;               /* AMD-Vi: its fault irq, its log line or the IVRS table */
	const char *ir_log;     /* "... Enabled IRQ remapping in ..." or AMD-Vi's remapping line */
	const char *x2apic_log; /* a line saying the machine runs x2APIC */
	const char *xapic_log;  /* a line saying it does not */
};
void snapshot_platform(const struct snapshot *s, struct snap_platform *p);

/* Read the machine rooted at 'root' ("/" for the live system).  0, or -1 with err. */
int snapshot_collect(const char *root, struct snapshot *out, char *err, size_t errlen);
void snapshot_free(struct snapshot *s);

/* Write as one JSON document; 0 or -1. */
int snapshot_write_json(const struct snapshot *s, FILE *out);
/* Read a JSON snapshot; -1 with "FILE:LINE:COL: message" in err. */
int snapshot_read_json(const char *filename, const char *text, size_t len, struct snapshot *out, char *err,
		       size_t errlen);
/*
 * Load a snapshot from a path: a JSON file, or a directory laid out as a
 * root file system (sosreport, recorded tree).  -1 with err.
 */
int snapshot_load(const char *path, struct snapshot *out, char *err, size_t errlen);

/* -1 with "FILE:LINE:COL: unexpected NUL byte" if text[0..len) holds one (the text readers would stop there). */
int snapshot_check_nul(const char *path, const char *text, size_t len, char *err, size_t errlen);
/*
 * A debugfs irq/domains/VECTOR file alone as a snapshot (CPUs and the kernel's figures); -1 with err.
 * text holds len bytes and a NUL after them.
 */
int snapshot_from_vector_dump(const char *path, const char *text, size_t len, struct snapshot *out, char *err,
			      size_t errlen);

/*
 * A recorded irq_matrix trace (tracefs text) as a snapshot: the CPUs and the
 * VECTOR file the kernel would have printed at its end; -1 with
 * "FILE:LINE:COL: message".
 */
bool snapshot_is_trace(const char *text);
int snapshot_from_trace(const char *path, const char *text, size_t len, struct snapshot *out, char *err,
			size_t errlen);

/* A module parameter ("nvme.poll_queues") from sysfs, else from the command line, else dflt */
unsigned snapshot_param(const struct snapshot *s, const char *name, unsigned dflt);
const struct snap_irq *snapshot_irq(const struct snapshot *s, unsigned irq);
const struct snap_pci *snapshot_pci_of_irq(const struct snapshot *s, unsigned irq);

/* What `irqsim snapshot` would read from the guest a simulation describes (from_sim.c). */
struct sim;
int snapshot_from_sim(struct sim *s, struct snapshot *out);

/* Parse /proc/interrupts text into s->irqs (merging by irq number) and s->proc_cpus; -1 with err (LINE:COL). */
int snapshot_parse_interrupts(struct snapshot *s, const char *text, char *err, size_t errlen);

/*
 * Allocation failure in the snapshot code (the readers, the snapshot of a
 * sim, the doctor and its report), whose helpers (xmalloc, xstrdup, ...)
 * do not return NULL: fn(arg) runs with such a failure caught; it returns
 * fn's value, or, after a failure, runs cleanup(arg) (if given) and returns
 * -1 with "irqsim: out of memory" in err.  Every public entry point into
 * that code goes through it.  Memory held only by the interrupted
 * function's locals at that moment is not freed.
 */
int snap_oom_call(int (*fn)(void *), void *arg, void (*cleanup)(void *), char *err, size_t errlen);
/*
 * What a function inside snap_oom_call owns across allocations: released
 * with release(p) if one fails, forgotten by snap_drop(p) (or when the
 * snap_oom_call returns).  At most 16 at once per thread; more are leaked
 * on failure, never misused.  The release runs before the jump back, so p
 * may be a local of the function that fails.
 */
void snap_hold(void *p, void (*release)(void *));
void snap_drop(const void *p);
/* snapshot_free, with the signature snap_hold wants */
void snapshot_release(void *s);
/* free(*(void **)pp): for a held variable whose buffer moves (xrealloc) */
void snap_release_ptr(void *pp);

#endif
