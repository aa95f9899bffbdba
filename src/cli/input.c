// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine a command works on, read one way for every command: run,
 * compare, plan, sweep and doctor all take a scenario FILE, --qemu,
 * --qemu-args, --libvirt or --from-snapshot, and each becomes scenario
 * text the same way `irqsim scenario` and `run` have always made it.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "irqsim/irqsim.h"

bool input_option(int c, const char *cmd, struct input *in, int *rc)
{
	static const char *const names[] = {
		[SRC_QEMU] = "--qemu", [SRC_QEMU_ARGS] = "--qemu-args",
		[SRC_LIBVIRT] = "--libvirt", [SRC_SNAPSHOT] = "--from-snapshot",
	};
	enum source src = c == 'q' ? SRC_QEMU : c == 'Q' ? SRC_QEMU_ARGS : c == 'L' ? SRC_LIBVIRT : c == 'S' ? SRC_SNAPSHOT : SRC_FILE;
	if (src == SRC_FILE)
		return false;
	if (in->opt) {
		*rc = usage_error("%s takes one of --from-snapshot, --qemu, --qemu-args, --libvirt (%s and %s given)", cmd,
				  in->opt, names[src]);
		return true;
	}
	in->src = src;
	in->arg = optarg;
	in->opt = names[src];
	return true;
}

int input_args(const char *cmd, struct input *in, int argc, char **argv)
{
	if (in->src != SRC_FILE) {
		if (optind < argc)
			return usage_error("%s %s takes no scenario FILE", cmd, in->opt);
		return 0;
	}
	if (optind == argc)
		return usage_error("%s needs a scenario FILE (or --from-snapshot, --qemu, --qemu-args, --libvirt)", cmd);
	if (optind < argc - 1)
		return usage_error("%s: unexpected argument '%s' (one scenario FILE)", cmd, argv[optind + 1]);
	in->arg = argv[optind];
	return 0;
}

/* A QEMU command line or libvirt domain as scenario text; what was not modelled is named on stderr. */
static char *input_convert(struct input *in, size_t *len)
{
	char err[1024];
	size_t n = 0;
	char *buf = in->src == SRC_QEMU ? strdup(in->arg) : irqsim_read_file(in->arg, &n, err, sizeof(err));
	if (!buf) {
		errmsg(in->src == SRC_QEMU ? "out of memory" : err);
		return NULL;
	}
	const char *name = in->src == SRC_QEMU ? in->opt : strcmp(in->arg, "-") ? in->arg : "<stdin>";
	if (in->src == SRC_QEMU)
		n = strlen(buf);
	int rc = in->src == SRC_LIBVIRT ? irqsim_from_libvirt(name, buf, n, &in->conv, err, sizeof(err))
					: irqsim_from_qemu(name, buf, n, &in->conv, err, sizeof(err));
	free(buf);
	if (rc) {
		errmsg(err);
		return NULL;
	}
	/* exactly 'irqsim scenario --from-...' and a run of that text */
	if (in->conv.ignored && !in->no_ignored_note)
		fprintf(stderr, "irqsim: %s: not modelled, ignored: %s\n", in->conv.name, in->conv.ignored);
	in->name = in->conv.name;
	char *text = in->conv.text;
	*len = in->conv.len;
	in->conv.text = NULL;
	return text;
}

/* The scenario a snapshot (JSON, VECTOR file, trace or root directory) describes */
static char *input_snapshot(struct input *in, size_t *len)
{
	char err[1024];
	struct snapshot *snap;
	if (irqsim_snapshot_load(in->arg, &snap, err, sizeof(err))) {
		errmsg(err);
		return NULL;
	}
	char *text = irqsim_snapshot_scenario(snap, err, sizeof(err));
	irqsim_snapshot_free(snap);
	if (!text) {
		errmsg(err);
		return NULL;
	}
	in->name = in->arg;
	*len = strlen(text);
	return text;
}

char *input_text(struct input *in, size_t *len)
{
	if (in->src == SRC_SNAPSHOT)
		return input_snapshot(in, len);
	if (in->src != SRC_FILE)
		return input_convert(in, len);
	char err[1024];
	char *buf = irqsim_read_file(in->arg, len, err, sizeof(err));
	if (!buf)
		errmsg(err);
	in->name = strcmp(in->arg, "-") ? in->arg : "<stdin>";
	return buf;
}

int input_scenarios(struct input *in, int all, struct irqsim_scenarios *out)
{
	size_t len;
	memset(out, 0, sizeof(*out));
	char *buf = input_text(in, &len);
	if (!buf)
		return 2;
	char err[1024];
	int n = irqsim_scenarios_parse(in->name, buf, len, in->variant, all, out, err, sizeof(err));
	free(buf);
	if (n < 0) {
		input_error(in, err, sizeof(err));
		return 2;
	}
	return 0;
}

void input_error(const struct input *in, char *err, size_t errlen)
{
	if (in->src == SRC_SNAPSHOT && strncmp(err, "irqsim: ", 8)) {
		/* its line numbers are those of the generated text, not of the snapshot */
		fprintf(stderr, "irqsim: the scenario of snapshot %s: %s\n", in->arg, err);
		return;
	}
	if (in->conv.name)
		irqsim_conversion_remap(&in->conv, err, errlen);
	errmsg(err);
}

void input_free(struct input *in)
{
	irqsim_conversion_free(&in->conv);
	memset(&in->conv, 0, sizeof(in->conv));
}
