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
			return try_help();
		}
	}
	if (optind < argc)
		return usage_error("snapshot: unexpected argument '%s'", argv[optind]);
	char err[1024];
	struct snapshot *s;
	if (irqsim_snapshot_collect(root, &s, err, sizeof(err))) {
		errmsg(err);
		return 2;
	}
	int rc;
	if (out && strcmp(out, "-")) {
		/* FILE keeps its old content unless all of the new one was written */
		struct outfile o;
		rc = outfile_open(&o, out) ? 1 : outfile_close(&o, irqsim_snapshot_write(s, o.f) && write_failed(o.f));
	} else {
		/* a lost write to stdout is reported when it is closed */
		rc = irqsim_snapshot_write(s, stdout) && write_failed(stdout) ? 1 : 0;
	}
	irqsim_snapshot_free(s);
	return rc;
}

/*
 * The guest a scenario (FILE, --qemu, --qemu-args, --libvirt) describes,
 * run on the doctor's kernel, as the snapshot taken inside it: *simp keeps
 * the run the snapshot was taken from.  0, or 2 with a message.
 */
static int doctor_scenario(struct input *in, const char *kernel, struct sim **simp, struct snapshot **snap)
{
	char err[1024];
	struct irqsim_scenarios sc;
	int rc = input_scenarios(in, 0, &sc);
	if (rc)
		return rc;
	struct irqsim_options ro = { .kernel = kernel };
	*simp = irqsim_run(sc.scns[0], &ro, err, sizeof(err));
	irqsim_scenarios_free(&sc);
	if (!*simp) {
		input_error(in, err, sizeof(err));
		return 2;
	}
	if (irqsim_snapshot_of_sim(*simp, snap)) {
		errmsg("out of memory");
		return 1;
	}
	return 0;
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "preflight", required_argument, NULL, 'p' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'J' },
		{ "no-model", no_argument, NULL, 'N' },
		{ "add", required_argument, NULL, 'a' },
		{ "scenario", required_argument, NULL, 'F' },
		{ "variant", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		INPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct irqsim_doctor_options o = { 0 };
	struct input in = { 0 };
	int json = 0, c, rc = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:k:Jha:", opts, NULL)) != -1) {
		if (input_option(c, "doctor", &in, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'F':
			/* the positional argument is a snapshot: a scenario FILE is named by its option */
			if (in.opt)
				return usage_error("doctor takes one of --scenario, --from-snapshot, --qemu, --qemu-args, "
						   "--libvirt (%s and --scenario given)", in.opt);
			in.src = SRC_FILE;
			in.arg = optarg;
			in.opt = "--scenario";
			break;
		case 'V':
			in.variant = optarg;
			break;
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
			     "       irqsim doctor --scenario FILE|--qemu 'COMMAND'|--qemu-args FILE|--libvirt DOMAIN.XML\n"
			     "                     [--variant NAME] [options as above]\n"
			     "Rebuild the vector space of this machine (no argument), a snapshot, a sosreport,\n"
			     "a debugfs VECTOR file or a recorded irq_matrix trace (tracefs text),\n"
			     "or of the guest a scenario describes once it has run,\n"
			     "show its headroom and the known failure patterns, and what to do.");
			return 0;
		default:
			return try_help();
		}
	}
	if (argc - optind > (in.opt ? 0 : 1))
		return usage_error("doctor: unexpected argument '%s'", argv[in.opt ? optind : optind + 1]);
	if (in.variant && (!in.opt || in.src == SRC_SNAPSHOT))
		return usage_error("doctor --variant applies to a scenario (--scenario, --qemu, --qemu-args, --libvirt)");
	char err[1024];
	struct snapshot *s = NULL;
	struct sim *sim = NULL;
	if (in.opt && in.src != SRC_SNAPSHOT) {
		rc = doctor_scenario(&in, o.kernel, &sim, &s);
	} else {
		const char *path = in.opt ? in.arg : optind < argc ? argv[optind] : NULL;
		rc = path ? irqsim_snapshot_load(path, &s, err, sizeof(err)) : irqsim_snapshot_collect("/", &s, err, sizeof(err));
		if (rc) {
			errmsg(err);
			rc = 2;
		}
	}
	if (!rc && irqsim_doctor(s, &o, json, stdout, err, sizeof(err)))
		rc = write_failed(stdout) ? 1 : (errmsg(err), 2);
	irqsim_snapshot_free(s);
	irqsim_free(sim);
	input_free(&in);
	return rc;
}
