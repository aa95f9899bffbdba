/* SPDX-License-Identifier: GPL-2.0-only */
/* i40e's MSI-X budget (drivers/net/ethernet/intel/i40e/i40e_main.c: i40e_init_msix), for tests and reports. */
#ifndef IRQSIM_I40E_H
#define IRQSIM_I40E_H

#include <stdbool.h>

/* The vector budget of one PF (port), per feature. */
struct i40e_budget {
	unsigned misc, lan, fdsb, iwarp, vmdq, total;
};

/* i40e_sw_init's feature flags for 'cpus' online CPUs + i40e_init_msix's budget for a table of 'table_size'. */
void i40e_msix_budget(unsigned table_size, unsigned cpus, bool vmdq_cap, bool iwarp_cap, struct i40e_budget *b);

#endif
