// SPDX-License-Identifier: GPL-2.0-only
/*
 * The switches of every kernel line.  A line's profile is derived from this
 * one table: switch i is on for line k iff bit k of kernel_switches[i].lines
 * is set, so the documentation (docs/model.md, checked against this table
 * by tests/unit/test_profile.c) and the model cannot drift apart.
 *
 * "checked" says how each row is known: "boot" (a 6.1/6.12 boot recorded
 * under QEMU, tests/conformance/golden), "seed" (the seed scenarios' figures,
 * 3.10/4.18), "log" (the commit's title and hash seen in a merge, stable or
 * push mail, which dates it; the diff itself not read), "spec"
 * (../shared/spec/kernel-lines.md only), "not checked" (from the project's
 * earlier notes or memory of the upstream history).
 */
#include "kernel/profile.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#define ALL_LINES ((1u << KERNEL_NR_LINES) - 1)
#define UPTO(k) ((1u << ((k) + 1)) - 1)
#define FROM(k) (ALL_LINES & ~((1u << (k)) - 1))
#define SW(field) #field, offsetof(struct kernel_profile, field)

const struct kernel_switch kernel_switches[] = {
	/* ---- vector space (arch/x86) ---- */
	{ SW(has_cleanup_vector), UPTO(KERNEL_6_1), "arch/x86/kernel/apic/vector.c: IRQ_MOVE_CLEANUP_VECTOR (0x20)",
	  "bdc1dad299bb x86/vector: Replace IRQ_MOVE_CLEANUP_VECTOR with a timer callback (6.6)",
	  "log (the tip commit mail, Aug 2023 on 6.5-rc4: the 6.6 merge window); boot (6.1 has 0x20, 6.12 not)", true,
	  "vector 0x20 is a system vector: one allocatable vector fewer per CPU" },
	{ SW(posted_msi_vector), FROM(KERNEL_6_12), "arch/x86/include/asm/irq_vectors.h: FIRST_SYSTEM_VECTOR",
	  "x86/irq: Reserve a per CPU IDT vector for posted MSIs (6.10, POSTED_MSI_NOTIFICATION_VECTOR 0xeb)",
	  "boot (6.12 allocates up to 0xea); 6.10 boundary: spec", true,
	  "allocation ends below 0xeb instead of 0xec: one allocatable vector fewer per CPU" },
	{ SW(idt_ve_cp_gates), FROM(KERNEL_6_12), "arch/x86/kernel/idt.c: def_idts (#VE 20, #CP 21 gates)",
	  "configuration (TDX guest, IBT), not one commit",
	  "boot (6.12 marks 0-21, 6.1 0-19); other lines: not checked", true,
	  "exception vectors 20 and 21 are marked in system_vectors (below 0x20: no allocation change)" },
	{ SW(sysvec_rhel8_block), KL(KERNEL_4_18), "arch/x86/kernel/apic/vector.c: lapic_assign_system_vectors",
	  "RHEL 8 kernel (no upstream commit): seed 000's system_map dump", "seed", true,
	  "every vector from 0xec to 0xff is a system vector" },
	{ SW(legacy_vector_alloc), KL(KERNEL_3_10), "arch/x86/kernel/apic/io_apic.c: __assign_irq_vector",
	  "2f75d9e1c905 genirq: Add the matrix allocator (4.15) replaced it", "seed", true,
	  "3.10's stepped per-CPU vector search instead of the matrix allocator" },
	/* ---- matrix (kernel/irq/matrix.c) ---- */
	{ SW(matrix_empty_mask_einval), FROM(KERNEL_5_10), "kernel/irq/matrix.c: irq_matrix_alloc",
	  "genirq/matrix: Deal with the sillyness of for_each_cpu() on UP (5.2)", "not checked", true,
	  "an empty mask fails with -EINVAL instead of -ENOSPC" },
	{ SW(matrix_free_warn_return), FROM(KERNEL_5_10), "kernel/irq/matrix.c: irq_matrix_free",
	  "commit not identified (4.18-RHEL carries on, 6.1 returns)", "seed (4.18), boot (6.1)", true,
	  "freeing a vector that is not allocated warns and returns instead of corrupting the counters" },
	{ SW(allocated_counts_managed), UPTO(KERNEL_4_18), "kernel/irq/matrix.c: irq_matrix_allocated",
	  "a0b0bad10587 genirq/matrix: Exclude managed interrupts in irq_matrix_allocated() (6.7; stable 4.19.298, "
	  "5.10.201, 5.15.139, 6.1.63)",
	  "log (mainline, and the 4.19.298 and 5.15.139-rc1 stable pushes list it); 5.10.201/6.1.63: the same "
	  "stable batch, not read", true,
	  "X in \"CPU N has X vectors, Y available. Cannot disable CPU\" counts managed vectors" },
	/* ---- vector assignment (arch/x86/kernel/apic/vector.c) ---- */
	{ SW(any_locked_aff_before_node), FROM(KERNEL_5_10),
	  "arch/x86/kernel/apic/vector.c: assign_irq_vector_any_locked",
	  "190113b4c653 x86/apic/vector: Fix ordering in vector assignment (5.11, stable)", "boot (6.1); 5.x: not checked",
	  true, "the affinity mask is tried before the node mask" },
	{ SW(warn_affinity_broken), FROM(KERNEL_5_10), "arch/x86/kernel/apic/vector.c: activate_reserved",
	  "743dac494d61 x86/apic/vector: Warn when vector space exhaustion breaks affinity (5.2)",
	  "boot (6.1); 5.x: not checked", true, "\"Affinity broken due to vector space exhaustion.\" is logged" },
	{ SW(activate_fixed_assigns), FROM(KERNEL_5_10), "arch/x86/kernel/apic/vector.c: x86_vector_activate",
	  "upstream since the matrix conversion (4.15); RHEL 8 activates fixed irqs as a no-op",
	  "seed (4.18), boot (6.1)", true, "activating a non-reservable irq assigns it a vector again" },
	{ SW(managed_nocpu_positive_einval), KL(KERNEL_4_18), "arch/x86/kernel/apic/vector.c: activate_managed",
	  "RHEL 8 kernel (no upstream commit)", "seed", true,
	  "managed startup without an online CPU returns +EINVAL (the caller takes it as success)" },
	/* ---- spreading (kernel/irq/affinity.c, lib/group_cpus.c) ---- */
	{ SW(no_managed_irqs), KL(KERNEL_3_10), "kernel/irq/affinity.c: irq_create_affinity_masks",
	  "genirq: Introduce IRQD_AFFINITY_MANAGED flag (4.8) added managed irqs", "seed", true,
	  "no managed interrupts: drivers set affinity hints" },
	{ SW(affinity_node_whole_mask), KL(KERNEL_4_18), "kernel/irq/affinity.c: __irq_build_affinity_masks",
	  "08d835dff916 genirq/affinity: Consider that CPUs on nodes can be unbalanced (5.18; stable 5.10.y, 5.15.y; "
	  "RHEL 9 from 5.14.0-92) fixed it",
	  "log (stable shortlogs and the el9 changelog name it)", true,
	  "with no more vectors than nodes a vector gets the node's whole possible mask" },
	{ SW(affinity_single_vector_skip), UPTO(KERNEL_5_15), "kernel/irq/affinity.c: irq_create_affinity_masks",
	  "commit not identified (the project's 4.18 notes: upstream 5.1 .. 5.x)", "seed (4.18); 5.x: not checked",
	  true, "a single vector gets no spread mask" },
	{ SW(sort_double_pop), FROM(KERNEL_6_12), "lib/sort.c: sort_r",
	  "lib/sort: Optimize heapsort with double-pop variation (6.11)", "boot (6.12 tie order); 6.11 boundary: not checked",
	  true, "the heapsort's tie order, which decides which node's CPUs come first" },
	{ SW(nr_masks_default_affinity), FROM(KERNEL_6_18), "kernel/irq/affinity.c: irq_create_affinity_masks",
	  "b6139a6abf67 lib/group_cpus: Let group_cpu_evenly() return the number of initialized masks (6.17)", "spec",
	  true, "spread vectors past the groups group_cpus_evenly filled get irq_default_affinity instead of an empty mask" },
	{ SW(cluster_grouping), FROM(KERNEL_7_0), "lib/group_cpus.c: __group_cpus_evenly",
	  "89802ca36c96 lib/group_cpus: make group CPU cluster aware (7.0)",
	  "patch (as posted for merging, 2025-11-11; the merged diff not compared); the cluster is the L2 "
	  "sharing mask, a core's SMT threads under QEMU 7.2",
	  true,
	  "inside a node, each L2 cluster gets its share of the groups when there are no more clusters than groups; "
	  "clusters of equal size are taken in the heapsort's tie order (4 CPUs, 4 queues: CPUs 1, 3, 2, 0)" },
	/* ---- MSI ---- */
	{ SW(msi_two_pass), UPTO(KERNEL_5_15), "kernel/irq/msi.c: __msi_domain_alloc_irqs",
	  "genirq/msi series of 5.17 (msi_init_virq) activates each vector right after allocating it",
	  "seed (4.18), boot (6.1); 5.x: not checked", true, "all MSI vectors are allocated before any is activated" },
	{ SW(ir_msi_no_reservation), KL(KERNEL_4_18), "kernel/irq/msi.c: msi_check_reservation_mode",
	  "upstream, not RHEL's alone: 4.x arch/x86/kernel/apic/msi.c gives pci_msi_ir_domain_info no "
	  "MSI_FLAG_MUST_REACTIVATE (the native pci_msi_domain_info has it), so msi_check_reservation_mode refuses "
	  "reservation mode, as seed 000's stack shows (-28 from __irq_domain_activate_irq inside "
	  "msi_domain_alloc_irqs); the commit that gave the remapping domain the flag before 6.1 is not identified "
	  "(5.x lines keep reservation mode here)",
	  "seed; source (the 4.x flags read)", true,
	  "MSI-X and MSI behind an interrupt-remapping domain are activated with a real vector at allocation "
	  "(no reservation mode): the remapping MSI domain's info lacks MSI_FLAG_MUST_REACTIVATE" },
	{ SW(msi_per_device_domain), FROM(KERNEL_6_6), "drivers/pci/msi/irqdomain.c: pci_setup_msi_device_domain",
	  "per-device PCI/MSI domains on x86 (6.2)", "boot (6.12 chip names); 6.2 boundary: spec", true,
	  "chip names PCI-MSIX-<bdf>, hwirq = MSI-X index" },
	/* ---- drivers ---- */
	{ SW(virtio_intx_irq0), UPTO(KERNEL_5_15), "drivers/virtio/virtio_pci_common.c: vp_find_vqs",
	  "virtio_pci: don't try to use intx if pin is zero (6.1)", "boot (6.1); 5.x: not checked", true,
	  "INTx is tried even when the function has no interrupt pin" },
	{ SW(virtio_shared_slow), FROM(KERNEL_6_12), "drivers/virtio/virtio_pci_common.c: vp_find_vqs",
	  "06909a4427d6 virtio_pci: introduce vector allocation fallback for slow path virtqueues (6.11)",
	  "boot (6.12); log (the virtio pull with the series, 6.11)", true,
	  "the fallback ladder has a \"shared slow\" stage" },
	{ SW(virtio_blk_num_request_queues), FROM(KERNEL_6_1), "drivers/block/virtio_blk.c: init_vq",
	  "1a662cf6cb9a virtio-blk: add num_request_queues module parameter (5.16)", "boot (6.1); log (posted Sep 2021, merged for 5.16)",
	  true, "virtio_blk.num_request_queues caps the request queues" },
	{ SW(virtio_blk_poll_queues), FROM(KERNEL_6_1), "drivers/block/virtio_blk.c: init_vq",
	  "4e0400525691 virtio-blk: support polling I/O (5.19)", "boot (6.1); log (posted Apr 2022, in the 5.19 virtio pull)",
	  true,
	  "virtio_blk.poll_queues queues take no vector; \"default/read/poll queues\" is logged" },
	{ SW(virtio_scsi_poll_queues), FROM(KERNEL_6_12), "drivers/scsi/virtio_scsi.c: virtscsi_init",
	  "scsi: virtio_scsi: Add mq_poll support (commit not identified)", "boot (6.12); boundary: not checked", true,
	  "virtio_scsi.virtscsi_poll_queues queues take no vector" },
	{ SW(nvme_setup_in_probe), FROM(KERNEL_6_6), "drivers/nvme/host/pci.c: nvme_probe",
	  "nvme-pci: move more setup work to nvme_probe (6.2)", "boot (6.12); 6.2 boundary: not checked", true,
	  "a failed setup is a probe failure of the driver core, not \"Removing after probe failure\"" },
	/* ---- /proc/irq writes ---- */
	{ SW(affinity_usr_eperm), FROM(KERNEL_6_12), "kernel/irq/proc.c: write_irq_affinity",
	  "eb29369fa543 genirq/proc: Change the return value for set affinity permission error (6.12)",
	  "boot (6.1 EIO, 6.12 EPERM); log (irq/core pull for 6.12)", true,
	  "a managed irq's affinity write fails with EPERM instead of EIO" },
	{ SW(affinity_files_0444), FROM(KERNEL_6_12), "kernel/irq/proc.c: register_irq_proc",
	  "c7718e5c76d4 genirq/proc: Correctly set file permissions for affinity control files (6.12)",
	  "log (irq/core pull for 6.12, next to eb29369fa543)", true,
	  "smp_affinity(_list) of a managed irq is 0444: a non-root writer gets EACCES at open" },
	/* ---- CPU hotplug ---- */
	{ SW(possible_is_present), FROM(KERNEL_6_12), "arch/x86/kernel/cpu/topology.c: topology_init_possible_cpus",
	  "x86 topology rework (6.9)", "boot (6.12)", true,
	  "possible CPUs = present CPUs when the MADT lacks Online Capable (QEMU 7.2)" },
	/* ---- /proc/interrupts ---- */
	{ SW(proc_no_hwirq), KL(KERNEL_3_10), "kernel/irq/proc.c: show_interrupts",
	  "the hwirq column came with irq domains (3.x+)", "seed", true, "no hwirq column" },
	{ SW(proc_chip_column_narrow), FROM(KERNEL_6_18), "kernel/irq/proc.c: show_interrupts",
	  "f9ed1f7c2e26 genirq/proc: Use seq_put_decimal_ull_width() + 9d9f204bdf72 genirq/proc: Add missing space "
	  "separator back (6.13)",
	  "patch (9d9f204bdf72's diff: a space after the counts, chip printed \"%8s\" without its leading space); "
	  "f9ed1f7c2e26 not read",
	  true, "one space fewer before the chip column" },
	/* ---- messages ---- */
	{ SW(vector_setup_race_fix), FROM(KERNEL_6_18), "arch/x86/kernel/irq.c: common_interrupt",
	  "ce0b5eedcb75 x86/irq: Plug vector setup race (6.17; 6.12.42)", "spec", false,
	  "the \"No irq handler\" message format (not modelled: irqsim delivers no stray interrupts)" },
	{ SW(pci_gsi_map_at_boot), FROM(KERNEL_6_12), "drivers/acpi/pci_irq.c: acpi_pci_irq_enable",
	  "commit not identified (seen in the q35 6.12 boot: irqs 21, 22 mapped at boot)", "boot (6.12)", true,
	  "PCI INTx GSIs are mapped during boot enumeration" },
	{ SW(dmar_fault_irq_local), FROM(KERNEL_6_12), "drivers/iommu/intel/dmar.c: enable_drhd_fault_handling",
	  "iommu/vt-d: Allocate DMAR fault interrupts locally (6.9; hash not checked)",
	  "boot (6.1 and 6.12 q35-4cpu-iommu recordings); 6.9 boundary: not checked", true,
	  "the DMAR fault interrupt is requested per CPU node at CPU online; QEMU's node-less unit gets it at "
	  "intel_iommu_init instead of on CPU 0 at apic_bsp_setup" },
	{ SW(probe_fail_dev_err), FROM(KERNEL_6_12), "drivers/base/dd.c: call_driver_probe",
	  "commit not identified", "boot (6.12)", true,
	  "probe failures read \"probe with driver %s failed with error %d\"" },
	{ SW(osc_hpx_type3), FROM(KERNEL_5_10), "drivers/acpi/pci_root.c: calculate_support",
	  "PCI/ACPI: Add _HPX Type 3 support (5.0)", "boot (6.1)", true, "the _OSC support word has HPX-Type3" },
	{ SW(osc_query_support_first), UPTO(KERNEL_4_18), "drivers/acpi/pci_root.c: negotiate_os_control",
	  "commit not identified", "seed", true, "a support-only _OSC query runs first" },
	{ SW(pciehp_button_msg_combined), FROM(KERNEL_6_12), "drivers/pci/hotplug/pciehp_ctrl.c: pciehp_handle_button_press",
	  "commit not identified", "boot (6.1 vs 6.12)", true,
	  "one \"Button press: will power on|off in 5 sec\" message" },
	{ SW(acpi_link_msg_handle), FROM(KERNEL_5_14), "drivers/acpi/pci_link.c: acpi_pci_link_add, acpi_pci_link_allocate",
	  "ACPI: PCI: Replace direct printk() invocations in pci_link.c (5.13)",
	  "boot (6.1, 6.12: every golden's link lines); the older format from the patch", true,
	  "the links print \"ACPI: PCI: Interrupt link LNKA configured for IRQ 10\" and \"ACPI: \\_SB_.LNKB: Enabled at IRQ 10\" "
	  "instead of \"ACPI: PCI Interrupt Link [LNKA] (IRQs 5 *10 11)\" and \"... [LNKB] enabled at IRQ 10\"" },
	{ SW(request_irq_cond_oneshot), FROM(KERNEL_6_12), "include/linux/interrupt.h: request_irq",
	  "genirq: Set IRQF_COND_ONESHOT in request_irq() (6.14; stable 6.12.y, not 6.1.y)",
	  "boot (pc-2cpu-bridges-intx: 6.1.0-57 prints megaraid_sas's flags 00000000, 6.12.118 00200000)", true,
	  "request_irq (not request_threaded_irq, pci_request_irq) adds IRQF_COND_ONESHOT, printed by \"Flags mismatch\"" },
	/* ---- build configuration of a flavour (set by the release string only, no line's base) ---- */
	{ SW(no_mce_vectors), 0u,
	  "arch/x86/kernel/idt.c: def_idts, apic_idts (X86_TRAP_MC; THRESHOLD_APIC_VECTOR, DEFERRED_ERROR_VECTOR)",
	  "configuration, not a commit: Debian's 6.1 -cloud-amd64 flavour is built without CONFIG_X86_MCE",
	  "boot (6.1.0-57-cloud-amd64: no assign_system for 18, 244, 249; no THR/DFR/MCE/MCP rows); "
	  "6.12 -cloud has CONFIG_X86_MCE=y (boot 6.12.118+deb12-cloud-amd64)",
	  true, "no machine-check gate (vector 18) nor threshold/deferred-error vectors (0xf9, 0xf4): "
	  "three system vectors fewer outside the allocatable range (no per-CPU capacity change)" },
	{ SW(nvme_builtin), 0u, "drivers/nvme/host/pci.c: nvme_init (module_init)",
	  "configuration, not a commit: Debian's -cloud-amd64 flavours build CONFIG_BLK_DEV_NVME=y",
	  "boot (6.1.0-57-cloud-amd64, 6.12.118+deb12-cloud-amd64: nvme's vectors before /init, ahead of ttyS0's)", true,
	  "nvme binds during boot (before the ISA serial port's irq is requested), not when the module is loaded" },
};
const size_t kernel_nr_switches = sizeof(kernel_switches) / sizeof(kernel_switches[0]);

static const char *const releases[KERNEL_NR_LINES] = {
	[KERNEL_3_10] = "3.10.0-693.el7.x86_64",   [KERNEL_4_18] = "4.18.0-305.el8.x86_64",
	[KERNEL_5_10] = "5.10.0-32-amd64",         [KERNEL_5_14] = "5.14.0-427.13.1.el9_4.x86_64",
	[KERNEL_5_15] = "5.15.0-125-generic",      [KERNEL_6_1] = "6.1.0-56-amd64",
	[KERNEL_6_6] = "6.6.47.1-1.azl3",          [KERNEL_6_8] = "6.8.0-45-generic",
	[KERNEL_6_12] = "6.12.0-amd64",            [KERNEL_6_18] = "6.18.0",
	[KERNEL_7_0] = "7.0.0",
};

static void set_switch(struct kernel_profile *p, size_t i, bool v)
{
	*(bool *)((char *)p + kernel_switches[i].offset) = v;
}

static void derive(struct kernel_profile *p)
{
	if (p->legacy_vector_alloc)
		p->first_system_vector = 0xef; /* 3.10: LOCAL_TIMER_VECTOR, the lowest system gate */
	else if (p->posted_msi_vector)
		p->first_system_vector = 0xeb; /* POSTED_MSI_NOTIFICATION_VECTOR */
	else
		p->first_system_vector = 0xec; /* LOCAL_TIMER_VECTOR */
}

static void build_base(enum kernel_line k, struct kernel_profile *p)
{
	memset(p, 0, sizeof(*p));
	p->line = k;
	p->release = releases[k];
	for (size_t i = 0; i < kernel_nr_switches; i++)
		set_switch(p, i, (kernel_switches[i].lines >> k) & 1u);
	derive(p);
}

/*
 * Built once, on first use, from the table above: libirqsim may be called
 * from several threads (src/arch/x86/topology.c locks its cache too).
 */
static struct kernel_profile profiles[KERNEL_NR_LINES];
static pthread_once_t profiles_once = PTHREAD_ONCE_INIT;

static void build_all(void)
{
	for (unsigned k = 0; k < KERNEL_NR_LINES; k++)
		build_base((enum kernel_line)k, &profiles[k]);
}

const struct kernel_profile *kernel_profile_get(enum kernel_line k)
{
	if ((unsigned)k >= KERNEL_NR_LINES)
		k = KERNEL_6_1;
	pthread_once(&profiles_once, build_all);
	return &profiles[k];
}

void kernel_profile_build(const struct kernel_sel *sel, struct kernel_profile *out)
{
	build_base(sel->line, out);
	for (size_t i = 0; i < kernel_nr_switches && i < 64; i++)
		if ((sel->mask >> i) & 1u)
			set_switch(out, i, (sel->value >> i) & 1u);
	derive(out);
}

int kernel_switch_index(const char *name)
{
	for (size_t i = 0; i < kernel_nr_switches; i++)
		if (strcmp(kernel_switches[i].name, name) == 0)
			return (int)i;
	return -1;
}
