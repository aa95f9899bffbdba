/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated machine: one booted kernel on one QEMU machine.  Every layer
 * (matrix, vector domain, irq core, PCI, drivers) keeps its state here; the
 * scenario runner drives it and the reports read it.
 */
#ifndef IRQSIM_SIM_H
#define IRQSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/topology.h"
#include "base/printk.h"
#include "irq/cpumask.h"
#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/params.h"
#include "lib/kmem.h"
#include "lib/nomem.h"
#include "kernel/profile.h"
#include "pci/acpi_link.h"
#include "pci/pci_root.h"
#include "scenario/scenario.h"

struct pci_dev;
struct legacy_vector_state;

/*
 * The vector space after one timeline step (the map view's timeline): the
 * matrix counters over the online CPUs and how the drivers' devices ended so
 * far.  Recorded by sim_snapshot_step, a few counters a step.
 */
/* What a step did to an interrupt or a device (the steps and explain views) */
enum step_event_kind {
	SE_MOVED,           /* to another CPU/vector (held: the old one until the move is cleaned up) */
	SE_MOVE_PENDING,    /* a new affinity waits for the irq's next interrupt */
	SE_SHUTDOWN,        /* managed, its mask has no online CPU left: shut down, not migrated */
	SE_RESTARTED,       /* managed, a CPU of its mask came back */
	SE_AFFINITY_BROKEN, /* not managed, no CPU of its mask online: forced to any online CPU */
	SE_FREED,           /* its vector freed (the irq released) */
	SE_DEV_FELL_BACK,   /* a device ended worse than its driver's first choice */
	SE_DEV_FAILED,      /* a device's probe failed */
};

struct step_event {
	enum step_event_kind kind;
	unsigned irq;
	char *name;               /* the irq's action name or the device's kernel name; NULL: none */
	bool managed, held;
	int from_cpu, from_vec;   /* -1: none */
	int to_cpu, to_vec;
	int dev;                  /* device events: index among the devices with a driver */
	const char *pci;          /* its address (devices live as long as the sim) */
	int mode, err;            /* enum dev_irq_mode, probe errno */
};

struct step_snapshot {
	unsigned step;
	struct step_event *ev;    /* what the step did, in irq then device order (kernel/step_events.c) */
	size_t nev;
	char *text;               /* the directive as written, "boot" */
	unsigned online;          /* online CPUs */
	unsigned slots;           /* online CPUs x allocatable vectors */
	unsigned allocated;       /* vectors held by irqs (managed or not) */
	unsigned managed_reserved; /* managed reservations not yet allocated */
	unsigned available;       /* what a non-managed irq could still get */
	unsigned min_available;   /* the emptiest online CPU's available count */
	unsigned devices;         /* functions with a driver */
	unsigned fell_back;       /* of them: shared, INTx, failed, fewer vectors */
	unsigned failed;          /* of them: probe failed */
};

struct sim {
	/* the allocator of the model's small objects: irq descriptors, actions, MSI descriptors and masks, PCI
	 * functions, the drivers' state and virtio tables (lib/kmem.h) */
	struct kmem kmem;
	const struct kernel_profile *prof;  /* = &prof_buf */
	struct kernel_profile prof_buf;     /* the line's base with the point release's overrides */
	struct kernel_sel sel;              /* the kernel as the user named it */
	/* bit i: the run met switch i of kernel_switches[], which is not modelled */
	uint64_t unmodelled_hit;
	enum machine_type machine;
	enum pcie_hotplug_mode pcie_hotplug; /* q35: who handles PCIe hot-plug (QEMU side) */
	enum root_port_layout root_ports;    /* q35: where root ports without addr= go */
	struct cpu_topology topo;
	struct boot_params params;

	struct cpumask cpu_online_mask;
	struct cpumask irq_default_affinity;
	/* isolcpus=managed_irq,LIST: housekeeping_cpumask(HK_TYPE_MANAGED_IRQ) */
	bool hk_managed_irq;
	struct cpumask housekeeping_managed_irq;

	/* the vector domain under the irq core (x86_vector_ops), and the drivers'
	 * CPU hotplug callbacks the core runs (drivers_cpuhp, as registered with
	 * cpuhp_setup_state): set by irqsim_run, so irq/ calls neither by name */
	const struct irq_arch_ops *irq_arch;
	void (*cpuhp_drivers)(struct sim *s, unsigned cpu, bool online);
	/* the remapping chip's irq_set_affinity for remapped irqs (ir_set_affinity), NULL without remapping */
	int (*ir_set_affinity)(struct sim *s, struct irq_desc *desc, const struct cpumask *dest, bool force);
	struct irq_matrix *matrix;      /* NULL on 3.10 (kernel_profile.legacy_vector_alloc) */
	struct legacy_vector_state *legacy; /* 3.10's per-CPU vector_irq tables, else NULL */
	/* interrupt remapping is on (device intel-iommu,intremap=on, no intremap=off) */
	bool irq_remapping;
	bool intel_iommu;            /* the machine has QEMU's intel-iommu (VT-d unit dmar0) */
	struct pci_dev *amd_iommu;   /* QEMU's amd-iommu: its own PCI function, NULL without */
	bool amd_iommu_intremap;     /* amd-iommu's intremap (QEMU builds the IVRS IO-APIC entry) */
	/*
	 * the guest runs x2APIC with remapping in x2apic mode (intel-iommu
	 * eim=on, remapping on, no nox2apic); without it CPUs whose APIC id is
	 * above 254 are not brought up: apicid_dropped of them (present ones:
	 * apicid_dropped_present), from CPU apicid_first_dropped on
	 */
	bool x2apic;
	/* msi_domain_alloc_irqs is activating an irq itself (no reservation
	 * mode): the explanation of a failure names that caller */
	bool msi_alloc_activating;
	unsigned apicid_dropped, apicid_dropped_present, apicid_first_dropped;
	unsigned dmar_fault_irq;     /* dmar0's fault interrupt, 0 until requested */
	/* the kernel died (BUG/panic): nothing runs after it */
	bool panicked;
	char *panic_reason;          /* "kernel BUG at FILE:LINE!" */
	struct irq_table irqs;
	unsigned dynirq_base;    /* first irq number for dynamic allocation */
	unsigned gsi_top;

	/* PCI */
	struct pci_host_bridge host; /* the one host bridge, after _OSC */
	/* the typed properties of each device/hotplug directive, by directive index (NULL elsewhere) */
	struct devprops **dir_props;
	size_t nr_dir_props;
	struct pci_dev **pdevs;  /* every device ever added, in creation order */
	size_t nr_pdevs;
	size_t pdevs_cap;        /* room in pdevs (doubled when full) */
	/* the device pci_find_by_id_except found last (hot-plugs name the same bus= bridge in a row) */
	struct pci_dev *id_hint;
	const char *id_hint_key;      /* the id string id_hint was found for (a scenario's: it outlives the run) */
	/* add_device's last driver lookup: the scenario's driver string and its model */
	const char *drv_hint_key;
	const struct driver_model *drv_hint;
	/* USB devices (usb-tablet, ...): not PCI functions, no interrupt of their own; listed by the summary */
	struct sim_usb_dev {
		const char *driver;          /* "usb-tablet" (the scenario's, which outlives the sim) */
		char *id;                    /* NULL: none */
		const struct pci_dev *hc;    /* its USB host controller */
		char bus[72];                /* QEMU's bus name: "usb.0", "usb-bus.0" */
		unsigned port;               /* root port; 0: behind the usb-hub QEMU adds when the ports run out */
	} *usb_devs;
	size_t nr_usb_devs;
	unsigned next_bus;       /* next bus number handed to a bridge */
	uint32_t bus_slots[256]; /* occupied slots of each bus number */

	/* ACPI PCI interrupt links (drivers/acpi/pci_link.c, pci/acpi_link.h):
	 * QEMU's links, their IRQs and the penalty table */
	struct acpi_links acpi_links;

	/* instance counters of the driver cores, in probe order; the kernel's
	 * IDAs reuse a removed instance's number, these do not (no scenario
	 * removes a SCSI host, USB bus or sound card and adds another) */
	unsigned scsi_host_next; /* scsi_host_alloc: host_no */
	unsigned usb_bus_next;   /* usb_register_bus: bus numbers handed out */
	unsigned snd_card_next;  /* snd_card_new: card index */

	/* virtio index IDA: lowest free index */
	unsigned char *virtio_ida;
	unsigned virtio_ida_size;
	unsigned virtio_ida_free;       /* every index below it is taken (the search starts there) */

	struct trace_log trace;
	struct klog log;

	/* one result line per timeline step, as the recorder writes steps.txt */
	struct {
		char **lines;
		size_t nr, cap;
	} steps;
	/* balance ... continuous: irqbalance runs after every device and step */
	enum balance_mode balance_continuous;
	/* one snapshot per timeline step, in order */
	struct {
		struct step_snapshot *v;
		size_t nr, cap;
	} snaps;
	/* each irq's and device's state after the last step (kernel/step_events.c) */
	struct step_prev *prev_irq;
	size_t nprev_irq;
	signed char *prev_mode;
	size_t nprev_mode;
	/* what the step hook (sim_set_step_hook) kept of each step, freed with the sim by step_log_free */
	void *step_log;
	void (*step_log_free)(void *log);
	/* 'host kvm': KVM_MAX_IRQ_ROUTES of the host (0: no host named) */
	unsigned kvm_max_irq_routes;

	/* the device whose probe is running: explanations are attached to it */
	struct pci_dev *probing;
	/* no view of this run prints the causal chains (IRQSIM_OMIT_EXPLAIN): none is recorded */
	bool explain_omitted;
	/* nor the kernel log (IRQSIM_OMIT_LOG): sim_log formats nothing */
	bool log_omitted;
	/*
	 * nor each step's irq and device events and device counts
	 * (IRQSIM_OMIT_STEP_EVENTS): no walk of every irq and device per step
	 */
	bool step_events_omitted;

	bool booted;
	/* check the matrix invariants after every matrix operation */
	bool check_invariants;
	char invariant_error[300];    /* first violation, "" if none */
	unsigned step;           /* scenario step number for markers */
	/* the most nvme controllers probed within one step (the kernel sets those
	 * up concurrently; irqsim one after another), and the step counted now */
	unsigned nvme_concurrent, nvme_step_probes, nvme_probe_step;
	char errbuf[512];
};

/* kernel/irq/irqdesc.c: irq_to_desc - NULL past the table or for a free number */
static inline struct irq_desc *irq_to_desc(const struct sim *s, unsigned irq)
{
	return irq < s->irqs.size ? s->irqs.descs[irq] : NULL;
}

/*
 * Hot-add one device of a hotplug directive (copy number 'copy' of count=N)
 * and probe it; with 'parent' it goes to 'slot' behind that bridge/port.
 */
struct pci_dev *sim_hotplug_one(struct sim *s, const struct scenario *scn, const struct scn_directive *dir,
			       const struct devprops *props, unsigned copy, struct pci_dev *parent, unsigned slot,
			       char *err, size_t errlen);

/* Why nobody in the guest handles hot-plug events of the slot of d (a device behind a port without pciehp). */
/*
 * Size the cpumask helpers for s: irqsim_run does it for the sim it builds,
 * and every entry point that reads an existing sim must, because a caller
 * may have built a sim with another CPU count since.
 */
void sim_select(const struct sim *s);
void sim_unhandled_slot_reason(const struct sim *s, const struct pci_dev *d, char *buf, size_t len);

/* Add a pci-bridge or pcie-root-port on the root bus, with its driver model set up (not probed). */
struct pci_dev *sim_add_bridge(struct sim *s, const char *kind, char *err, size_t errlen);

/* Record the result of the current step: "step N TEXT: " + the formatted text. */
void sim_step_result(struct sim *s, const char *text, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* What the step just run did to the interrupts and devices, into sn: 0 or -ENOMEM (kernel/step_events.c). */
int step_events_record(struct sim *s, struct step_snapshot *sn);
void step_events_free(struct sim *s);
const char *step_event_name(enum step_event_kind k);

/* Record the vector space after the step just run ('text' is copied): 0 or -ENOMEM. */
int sim_snapshot_step(struct sim *s, const char *text);

/*
 * Called at the end of every sim_snapshot_step of the calling thread's runs
 * while set (NULL: none), and once before the first step with s->step 0 (the
 * state as the kernel booted: irqdebug --after-step 0, the kstate view); 0,
 * or -ENOMEM to fail the run.  The map view sets one to keep every step's
 * cells (report/map.c), which no other view pays for.
 */
typedef int sim_step_hook_fn(struct sim *s);
void sim_set_step_hook(sim_step_hook_fn *fn);

/* The CPU that runs "kernel code" for an operation (for matrix this_cpu). */
static inline void sim_set_this_cpu(struct sim *s, unsigned cpu)
{
	if (s->matrix)
		s->matrix->this_cpu = cpu;
}

/* One line per such switch met: "kernel 7.0: <effect> [<commit>]"; returns the count */
unsigned sim_unmodelled_notes(const struct sim *s, char *buf, size_t len);

#endif
