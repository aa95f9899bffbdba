// SPDX-License-Identifier: GPL-2.0-only
#include "kernel/profile.h"

static const struct kernel_profile profiles[] = {
	[KERNEL_3_10] = {
		.line = KERNEL_3_10,
		.release = "3.10.0-693.el7.x86_64",
		/* the lowest alloc_intr_gate vector: LOCAL_TIMER_VECTOR 0xef */
		.first_system_vector = 0xef,
		.has_cleanup_vector = true,
		.virtio_intx_irq0 = true,
		.allocated_counts_managed = true,
		.msi_two_pass = true,
		.proc_shows_actionless_counted = true,
		.osc_query_support_first = true,
		.legacy_vector_alloc = true,
		.proc_no_hwirq = true,
	},
	[KERNEL_4_18] = {
		.line = KERNEL_4_18,
		.release = "4.18.0-305.el8.x86_64",
		/* LOCAL_TIMER_VECTOR 0xec is FIRST_SYSTEM_VECTOR */
		.first_system_vector = 0xec,
		.has_cleanup_vector = true,
		.virtio_intx_irq0 = true,
		.allocated_counts_managed = true,
		.msi_two_pass = true,
		.proc_shows_actionless_counted = true,
		.osc_query_support_first = true,
	},
	[KERNEL_6_1] = {
		.line = KERNEL_6_1,
		.release = "6.1.0-56-amd64",
		.first_system_vector = 0xec,
		.has_cleanup_vector = true,
		/* "virtio_pci: don't try to use intx if pin is zero" (v6.1-rc1) */
		.virtio_intx_irq0 = false,
		/* Debian's 6.1 stable series carries "Exclude managed interrupts in
		 * irq_matrix_allocated()" */
		.allocated_counts_managed = false,
		.proc_shows_actionless_counted = true,
		.any_locked_aff_before_node = true,
		.osc_hpx_type3 = true,
	},
	[KERNEL_6_12] = {
		.line = KERNEL_6_12,
		.release = "6.12.0-amd64",
		/* POSTED_MSI_NOTIFICATION_VECTOR 0xeb is FIRST_SYSTEM_VECTOR */
		.first_system_vector = 0xeb,
		.has_cleanup_vector = false,
		.virtio_intx_irq0 = false,
		.virtio_shared_slow = true,
		.msi_per_device_domain = true,
		.allocated_counts_managed = false,
		.proc_shows_actionless_counted = false,
		.any_locked_aff_before_node = true,
		.pci_gsi_map_at_boot = true,
		.probe_fail_dev_err = true,
		.possible_is_present = true,
		.affinity_usr_eperm = true,
		.osc_hpx_type3 = true,
		.pciehp_button_msg_combined = true,
	},
};

const struct kernel_profile *kernel_profile_get(enum kernel_line k)
{
	return &profiles[k];
}
