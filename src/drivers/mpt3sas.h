/* SPDX-License-Identifier: GPL-2.0-only */
/* mpt3sas's reply-queue (MSI-X vector) count, for tests and reports. */
#ifndef IRQSIM_MPT3SAS_H
#define IRQSIM_MPT3SAS_H

#include <stdbool.h>

#include "kernel/version.h"

/*
 * The vectors _base_enable_msix asks for: min(online CPUs, table size); on
 * 4.18+ also at most max_msix_vectors, 1 under reset_devices (kdump), else 8.
 */
unsigned mpt3sas_reply_queues(enum kernel_line k, unsigned cpus, unsigned table_size, bool reset_devices);

#endif
