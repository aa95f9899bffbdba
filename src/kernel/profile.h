/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One profile per kernel line: every behavioural difference the model
 * switches on, each citing where it comes from.
 */
#ifndef IRQSIM_PROFILE_H
#define IRQSIM_PROFILE_H

#include <stdbool.h>

#include "kernel/version.h"

struct kernel_profile {
	enum kernel_line line;
	const char *release;           /* uname -r of the reference kernel */
	/* arch/x86/include/asm/irq_vectors.h: FIRST_SYSTEM_VECTOR */
	unsigned first_system_vector;
	/* IRQ_MOVE_CLEANUP_VECTOR 0x20 exists (removed in 6.12) */
	bool has_cleanup_vector;
	/* drivers/virtio/virtio_pci_common.c: INTx tried even if pci_dev->irq == 0 */
	bool virtio_intx_irq0;
	/* 6.12: extra SHARED_SLOW attempt with pre_vectors incremented again */
	bool virtio_shared_slow;
	/* drivers/pci/msi/irqdomain.c: 6.12 per-device MSI domains, hwirq = index */
	bool msi_per_device_domain;
	/* kernel/irq/matrix.c: irq_matrix_allocated counts managed vectors too */
	bool allocated_counts_managed;
	/* 4.18: all MSI vectors allocated before any is activated */
	bool msi_two_pass;
	/* kernel/irq/proc.c: 6.1 shows irqs without action if they counted */
	bool proc_shows_actionless_counted;
	/* arch/x86/kernel/apic/vector.c: assign_irq_vector_any_locked order is
	 * node&aff, aff&online, node, online (6.x) instead of node&aff, node,
	 * aff&online, online (4.18) */
	bool any_locked_aff_before_node;
	/* 6.12 maps the INTx GSI of every PCI function during boot enumeration
	 * (right after the ACPI SCI is requested), not at pci_enable_device:
	 * observed in the q35 6.12 boot trace (irqs 21, 22 reserved at boot) */
	bool pci_gsi_map_at_boot;
	/* drivers/base/dd.c: call_driver_probe reports failures with dev_err
	 * "probe with driver %s failed with error %d" (6.12) instead of
	 * pr_warn "%s: probe of %s failed with error %d" */
	bool probe_fail_dev_err;
	/* arch/x86/kernel/cpu/topology.c (6.9 rework): disabled MADT entries count
	 * as hot-pluggable only with the ACPI Online Capable flag, which QEMU 7.2
	 * does not set: possible CPUs = present CPUs ("Allowing 2 present CPUs
	 * plus 0 hotplug CPUs" for -smp 2,maxcpus=4).  6.1 allows all of maxcpus. */
	bool possible_is_present;
	/* kernel/irq/proc.c: write_irq_affinity refuses a managed or
	 * no-balancing irq with -EPERM (6.12) instead of -EIO (4.18, 6.1);
	 * recorded: pc-4cpu-set-affinity-6.1 vs -6.12 */
	bool affinity_usr_eperm;
	/* drivers/acpi/pci_root.c: the _OSC support word carries HPX-Type3
	 * (calculate_support, 5.x+); 3.10/4.18 have no such bit */
	bool osc_hpx_type3;
	/* 3.10/4.18 negotiate_os_control: a support-only _OSC query runs first,
	 * so a host bridge without _OSC (i440fx PNP0A03) stops right after
	 * "OS supports"; 6.x checks the OS requirements before calling _OSC */
	bool osc_query_support_first;
	/* drivers/pci/hotplug/pciehp_ctrl.c: one "Button press: will power
	 * on|off in 5 sec" message (6.12) instead of "Attention button pressed"
	 * plus "Powering on|off due to button press" (4.18, 6.1); recorded:
	 * q35-4cpu-native-hotplug-6.1 vs -6.12 */
	bool pciehp_button_msg_combined;
	/* arch/x86/kernel/apic/io_apic.c (3.10): __assign_irq_vector searches
	 * the per-CPU vector_irq tables in steps of 16; kernel/irq/matrix.c
	 * ("genirq: Add the matrix allocator") replaced it in 4.15.  Vectors are
	 * assigned when an irq is created (no reservation mode, no managed
	 * irqs); see arch/x86/vector_legacy.c */
	bool legacy_vector_alloc;
	/* kernel/irq/proc.c (3.10): show_interrupts prints the chip name and the
	 * flow handler name only, no hwirq column */
	bool proc_no_hwirq;
};

const struct kernel_profile *kernel_profile_get(enum kernel_line k);

#endif
