/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU offline/online: kernel/irq/cpuhotplug.c and the x86 vector side */
#ifndef IRQSIM_CPUHOTPLUG_H
#define IRQSIM_CPUHOTPLUG_H

#include <stddef.h>

struct sim;

/* echo 0 > /sys/devices/system/cpu/cpuN/online: 0 or -errno, reason in why */
int cpu_offline(struct sim *s, unsigned cpu, char *why, size_t len);
/* echo 1 > .../online */
int cpu_online(struct sim *s, unsigned cpu, char *why, size_t len);

#endif
