/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One profile per kernel line: a set of named switches, every behavioural
 * difference the model follows.  Each switch is described once, in
 * kernel_switches[] (profile.c): its name, the kernel function it comes
 * from, the commit that introduced it, the lines it is on for and how that
 * was checked.  docs/model.md carries the same table and a unit test
 * (tests/unit/test_profile.c) compares the two.
 */
#ifndef IRQSIM_PROFILE_H
#define IRQSIM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/version.h"

struct kernel_profile {
	enum kernel_line line;
	const char *release;           /* uname -r of the reference kernel */
	/*
	 * arch/x86/include/asm/irq_vectors.h: FIRST_SYSTEM_VECTOR, derived from
	 * the switches: 0xef (3.10 LOCAL_TIMER_VECTOR), 0xeb with posted_msi_vector,
	 * else 0xec
	 */
	unsigned first_system_vector;

	/* ---- switches: one bool each, described in kernel_switches[] ---- */
	bool has_cleanup_vector;
	bool posted_msi_vector;
	bool idt_ve_cp_gates;
	bool sysvec_rhel8_block;
	bool legacy_vector_alloc;
	bool matrix_empty_mask_einval;
	bool matrix_free_warn_return;
	bool allocated_counts_managed;
	bool any_locked_aff_before_node;
	bool warn_affinity_broken;
	bool activate_fixed_assigns;
	bool managed_nocpu_positive_einval;
	bool no_managed_irqs;
	bool affinity_node_whole_mask;
	bool affinity_single_vector_skip;
	bool sort_double_pop;
	bool nr_masks_default_affinity;
	bool cluster_grouping;
	bool msi_two_pass;
	bool ir_msi_no_reservation;
	bool msi_per_device_domain;
	bool virtio_intx_irq0;
	bool virtio_shared_slow;
	bool virtio_blk_num_request_queues;
	bool virtio_blk_poll_queues;
	bool virtio_scsi_poll_queues;
	bool nvme_setup_in_probe;
	bool affinity_usr_eperm;
	bool affinity_files_0444;
	bool possible_is_present;
	bool proc_no_hwirq;
	bool proc_chip_column_narrow;
	bool vector_setup_race_fix;
	bool pci_gsi_map_at_boot;
	bool dmar_fault_irq_local;
	bool probe_fail_dev_err;
	bool osc_hpx_type3;
	bool osc_query_support_first;
	bool pciehp_button_msg_combined;
	bool request_irq_cond_oneshot;
	bool acpi_link_msg_handle;
	bool no_mce_vectors;
	bool nvme_builtin;
};

#define KL(k) (1u << (k))

/* A switch: what it is, where it comes from, where it is on. */
struct kernel_switch {
	const char *name;        /* the field name, as docs/model.md lists it */
	size_t offset;           /* offsetof(struct kernel_profile, <bool>) */
	unsigned lines;          /* KL(line) for every line whose base has it on */
	const char *function;    /* the kernel function (file: function) */
	const char *commit;      /* commit title/hash and first release, or the source of the figure */
	const char *checked;     /* how irqsim knows it: boot, seed, patch, "not checked" */
	bool modelled;           /* false: the profile says so and runs that meet it warn */
	const char *effect;      /* one line: what changes when it is on */
};

extern const struct kernel_switch kernel_switches[];
extern const size_t kernel_nr_switches;

/* The base profile of a line (no point-release overrides) */
const struct kernel_profile *kernel_profile_get(enum kernel_line k);
/* The profile of a selection: the line's base with the point release's overrides */
void kernel_profile_build(const struct kernel_sel *sel, struct kernel_profile *out);
/* Index of a switch in kernel_switches[] by name, or -1 */
int kernel_switch_index(const char *name);
static inline bool kernel_switch_value(const struct kernel_profile *p, size_t i)
{
	return *(const bool *)((const char *)p + kernel_switches[i].offset);
}

#endif
