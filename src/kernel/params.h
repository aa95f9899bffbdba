/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel command line: the parameters the model knows, and the rest. */
#ifndef IRQSIM_PARAMS_H
#define IRQSIM_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "irq/cpumask.h"

struct boot_params {
	char *cmdline;                 /* as given */
	unsigned nr_cpus;              /* nr_cpus= (0 = not given) */
	unsigned maxcpus;              /* maxcpus= (UINT_MAX = not given) */
	bool maxcpus_set;
	bool pci_nomsi;                /* pci=nomsi */
	bool intremap_off;             /* intremap=off */
	bool intel_iommu_off;          /* intel_iommu=off: no DMA remapping */
	bool amd_iommu_off;            /* amd_iommu=off: no AMD-Vi at all (no remapping, no event irq) */
	bool nox2apic;                 /* nox2apic: the guest stays in xAPIC mode */
	bool has_irqaffinity;          /* irqaffinity= */
	char *irqaffinity;             /* list, parsed once topology is known */
	bool pcie_aspm_off;            /* pcie_aspm=off: aspm_support_enabled false */
	/* pcie_ports= (drivers/pci/pcie/portdrv_pci.c: pcie_port_setup, prefix
	 * matches; any other value, "auto" included, changes nothing) */
	bool pcie_ports_disabled;      /* compat */
	bool pcie_ports_native;        /* native: port services without _OSC */
	bool pcie_ports_dpc_native;    /* dpc-native */
	/* possible_cpus=N (arch/x86/kernel/smpboot.c: prefill_possible_map, 6.1) */
	unsigned possible_cpus;
	bool possible_cpus_set;
	/* isolcpus=[flag,...]LIST (kernel/sched/isolation.c): the CPU list is
	 * parsed once the topology is known */
	char *isolcpus;                /* LIST, NULL if not given */
	bool isolcpus_managed_irq;     /* the managed_irq flag */
	bool isolcpus_domain;          /* domain (also the default without flags) */
	/* module parameters of modelled modules that the module does not have
	 * ("virtio_blk.num_queues"): the module warns and ignores them when it
	 * loads (kernel/module/main.c: unknown_module_param_cb) */
	char **unknown_modparams;      /* "module.param" */
	size_t nr_unknown_modparams;
	unsigned virtio_blk_num_request_queues; /* 0 = not given */
	unsigned virtio_blk_poll_queues;
	bool reset_devices;
	/* drivers/acpi/pci_link.c __setup handlers: acpi_irq_balance /
	 * acpi_irq_nobalance (the last one wins; neither: on in IO-APIC mode),
	 * acpi_irq_isa= / acpi_irq_pci= (acpi_irq_penalty_update, in
	 * command-line order): an ISA IRQ's table penalty cleared (pci) and
	 * ISA_USED added (isa) since the last clear, counted up to 64 (16 put an
	 * IRQ beyond ISA_ALWAYS already) */
	bool acpi_irq_balance_set;
	bool acpi_irq_balance;
	bool acpi_irq_pci_clear[16];
	unsigned char acpi_irq_isa_used[16];
	/* rd.driver.blacklist= (dracut) and modprobe.blacklist= (kmod): module
	 * names user space will not load, comma-separated, repeatable */
	char **blacklist;
	size_t nr_blacklist;
	/* driver module parameters (drivers/nvme/host/pci.c, drivers/scsi/virtio_scsi.c) */
	unsigned nvme_poll_queues;         /* nvme.poll_queues= */
	unsigned nvme_write_queues;        /* nvme.write_queues= */
	unsigned virtio_scsi_poll_queues;  /* virtio_scsi.virtscsi_poll_queues= (6.12) */
	/* words of the command line the model does not model */
	char **ignored;
	size_t nr_ignored;
	/* words that are known and deliberately have no effect on vectors */
	char **noeffect;
	size_t nr_noeffect;
};

/*
 * Split and interpret a kernel command line (kernel/params.c: parse_args
 * quoting rules).  Returns 0, or -1 with "message" in err and the byte
 * offset of the bad word in *errpos.
 */
int boot_params_parse(struct boot_params *p, const char *cmdline, char *err, size_t errlen,
		      unsigned *errpos);
void boot_params_free(struct boot_params *p);
/* Is this kernel module kept out by rd.driver.blacklist= / modprobe.blacklist=? */
bool boot_params_blacklisted(const struct boot_params *p, const char *module);

#endif
