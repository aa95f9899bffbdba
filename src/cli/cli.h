/* SPDX-License-Identifier: GPL-2.0-only */
/* The irqsim command's subcommands, one per file where they are large. */
#ifndef IRQSIM_CLI_H
#define IRQSIM_CLI_H

int cmd_snapshot(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

#endif
