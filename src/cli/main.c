// SPDX-License-Identifier: GPL-2.0-only
/* irqsim command line: a thin layer over libirqsim. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

static void usage(FILE *f)
{
	fputs("Usage: irqsim run FILE [--view summary|interrupts|vector|trace|dmesg|affinity|steps] [-J|--json]\n"
	      "                       [--kernel 4.18|6.1|6.12] [--check-invariants]\n"
	      "       irqsim plan FILE --add DEVICE-SPEC [--max N] [--kernel K] [-J|--json]\n"
	      "       irqsim --help | --version\n",
	      f);
}

static int parse_view(const char *v, enum irqsim_view *out)
{
	static const struct {
		const char *name;
		enum irqsim_view view;
	} views[] = {
		{ "summary", IRQSIM_VIEW_SUMMARY }, { "interrupts", IRQSIM_VIEW_INTERRUPTS },
		{ "vector", IRQSIM_VIEW_VECTOR },   { "trace", IRQSIM_VIEW_TRACE },
		{ "dmesg", IRQSIM_VIEW_DMESG },     { "affinity", IRQSIM_VIEW_AFFINITY },
		{ "steps", IRQSIM_VIEW_STEPS },
	};
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(v, views[i].name)) {
			*out = views[i].view;
			return 0;
		}
	return -1;
}

/* Load a scenario; on error print its one-line message.  0 or 2 (exit status). */
static int load_scenario(const char *path, struct scenario *scn)
{
	char err[1024];
	if (scenario_load(path, scn, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "view", required_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'J' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "check-invariants", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum irqsim_view view = IRQSIM_VIEW_SUMMARY;
	struct irqsim_options o = { 0 };
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "v:Jk:h", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			if (parse_view(optarg, &view)) {
				fprintf(stderr, "irqsim: unknown view '%s' (expected summary, interrupts, vector, trace, dmesg, affinity or steps)\n", optarg);
				return 2;
			}
			break;
		case 'J':
			json = 1;
			break;
		case 'k':
			o.kernel = optarg;
			break;
		case 'c':
			o.check_invariants = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "irqsim: run needs exactly one scenario FILE\n");
		usage(stderr);
		return 2;
	}
	struct scenario scn;
	char err[1024];
	if (load_scenario(argv[optind], &scn))
		return 2;
	struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "%s\n", err);
		scenario_free(&scn);
		return 2;
	}
	int r = irqsim_report(s, view, json, stdout);
	irqsim_free(s);
	scenario_free(&scn);
	return r ? 1 : 0;
}

static int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "add", required_argument, NULL, 'a' },
		{ "max", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'J' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct irqsim_options o = { 0 };
	const char *spec = NULL;
	unsigned long max = 100000;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "a:m:Jk:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			spec = optarg;
			break;
		case 'm': {
			char *end;
			max = strtoul(optarg, &end, 10);
			if (!*optarg || *end || max == 0 || max > 1000000) {
				fprintf(stderr, "irqsim: --max expects a number from 1 to 1000000, got '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case 'J':
			json = 1;
			break;
		case 'k':
			o.kernel = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 || !spec) {
		fprintf(stderr, "irqsim: plan needs a scenario FILE and --add DEVICE-SPEC\n");
		usage(stderr);
		return 2;
	}
	struct scenario scn;
	char err[1024];
	if (load_scenario(argv[optind], &scn))
		return 2;
	struct irqsim_plan p;
	int r = irqsim_plan(&scn, &o, spec, (unsigned)max, &p, err, sizeof(err));
	scenario_free(&scn);
	if (r) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	irqsim_plan_print(&p, spec, json, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("irqsim 0.1");
		return 0;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "plan"))
		return cmd_plan(argc - 1, argv + 1);
	fprintf(stderr, "irqsim: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
