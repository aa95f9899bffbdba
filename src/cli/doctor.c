// SPDX-License-Identifier: GPL-2.0-only
/* irqsim snapshot / doctor: thin wrappers over libirqsim's snapshot API. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "irqsim/irqsim.h"

int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *root = "/";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'h':
			puts("Usage: irqsim snapshot [-o FILE] [--root DIR]\n"
			     "Read this machine's interrupt state (or a sosreport / copied tree below DIR),\n"
			     "without changing anything, and write it as one JSON document.");
			return 0;
		default:
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "irqsim: snapshot: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	char err[1024];
	struct snapshot *s;
	if (irqsim_snapshot_collect(root, &s, err, sizeof(err))) {
		fprintf(stderr, "irqsim: %s\n", err);
		return 2;
	}
	FILE *f = out && strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!f) {
		perror(out);
		irqsim_snapshot_free(s);
		return 1;
	}
	int rc = irqsim_snapshot_write(s, f);
	if (f != stdout && fclose(f))
		rc = -1;
	irqsim_snapshot_free(s);
	return rc ? 1 : 0;
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "preflight", required_argument, NULL, 'p' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'J' },
		{ "no-model", no_argument, NULL, 'N' },
		{ "add", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct irqsim_doctor_options o = { 0 };
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:k:Jha:", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o.preflight = optarg;
			break;
		case 'k':
			o.kernel = optarg;
			break;
		case 'J':
			json = 1;
			break;
		case 'N':
			o.no_model = 1;
			break;
		case 'a':
			o.add = optarg;
			break;
		case 'h':
			puts("Usage: irqsim doctor [SNAPSHOT.json|DIR|VECTOR-FILE|TRACE] [--preflight offline=CPULIST|suspend|kdump[:CMDLINE]]\n"
			     "                     [--add DEVICE-SPEC] [--kernel K] [--no-model] [-J|--json]\n"
			     "Rebuild the vector space of this machine (no argument), a snapshot, a sosreport,\n"
			     "a debugfs VECTOR file or a recorded irq_matrix trace (tracefs text),\n"
			     "show its headroom and the known failure patterns, and what to do.");
			return 0;
		default:
			return 2;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "irqsim: doctor: unexpected argument '%s'\n", argv[optind + 1]);
		return 2;
	}
	char err[1024];
	struct snapshot *s;
	int rc = optind < argc ? irqsim_snapshot_load(argv[optind], &s, err, sizeof(err))
			       : irqsim_snapshot_collect("/", &s, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	rc = irqsim_doctor(s, &o, json, stdout, err, sizeof(err));
	irqsim_snapshot_free(s);
	if (rc) {
		fprintf(stderr, "irqsim: %s\n", err);
		return 2;
	}
	return 0;
}
