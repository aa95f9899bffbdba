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
	bool has_irqaffinity;          /* irqaffinity= */
	char *irqaffinity;             /* list, parsed once topology is known */
	bool pcie_aspm_off;
	char *pcie_ports;              /* native|compat|auto */
	unsigned virtio_blk_num_request_queues; /* 0 = not given */
	unsigned virtio_blk_poll_queues;
	bool reset_devices;
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

#endif
