// SPDX-License-Identifier: GPL-2.0-only
/* irqsim command line: a thin layer over libirqsim. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

static void usage(FILE *f)
{
	fputs("Usage: irqsim run FILE [--view summary|interrupts|vector|trace|dmesg|affinity|steps|explain] [-J|--json]\n"
	      "                       [--kernel 3.10|4.18|6.1|6.12] [--variant NAME] [--explain] [--check-invariants]\n"
	      "       irqsim compare --kernels K1,K2,... FILE [--variant NAME] [-J|--json]\n"
	      "       irqsim plan FILE --add DEVICE-SPEC [--max N] [--kernel K] [-J|--json]\n"
	      "       irqsim plan FILE --fixes [--kernel K] [-J|--json]\n"
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
		{ "steps", IRQSIM_VIEW_STEPS },     { "explain", IRQSIM_VIEW_EXPLAIN },
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

/*
 * The scenarios a file holds: itself, or its variants (all, or the one
 * named).  Fills scns/names (n entries); 0 or 2 (exit status, message printed).
 */
struct runs {
	struct scenario scns[256];
	const char *names[256];
	int n;
	struct scn_variant *v;
	int nv;
};

static void runs_free(struct runs *r)
{
	for (int i = 0; i < r->n; i++)
		scenario_free(&r->scns[i]);
	scenario_variants_free(r->v, r->nv);
}

static int load_runs(const char *path, const char *variant, struct runs *r)
{
	char err[1024];
	size_t len;
	memset(r, 0, sizeof(*r));
	char *buf = scenario_read_file(path, &len, err, sizeof(err));
	if (!buf) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	r->nv = scenario_variants(name, buf, len, &r->v, err, sizeof(err));
	if (r->nv < 0) {
		r->nv = 0;
		free(buf);
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (r->nv == 0) {
		if (variant) {
			free(buf);
			fprintf(stderr, "irqsim: %s has no variants (--variant %s)\n", name, variant);
			return 2;
		}
		int rc = scenario_parse(name, buf, len, &r->scns[0], err, sizeof(err));
		free(buf);
		if (rc) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		r->names[0] = name;
		r->n = 1;
		return 0;
	}
	free(buf);
	for (int i = 0; i < r->nv; i++) {
		if (variant && strcmp(variant, r->v[i].name))
			continue;
		if (scenario_parse(name, r->v[i].text, r->v[i].len, &r->scns[r->n], err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		r->names[r->n++] = r->v[i].name;
	}
	if (!r->n) {
		fprintf(stderr, "irqsim: %s has no variant '%s' (it has:", name, variant);
		for (int i = 0; i < r->nv; i++)
			fprintf(stderr, " %s", r->v[i].name);
		fputs(")\n", stderr);
		return 2;
	}
	return 0;
}

/* Run each scenario of r on each kernel and print one comparison row per run. */
static int compare_runs(struct runs *r, const char *what, char **kernels, int nk, int check, int json)
{
	size_t cap = (size_t)r->n * (size_t)(nk ? nk : 1);
	struct sim **sims = calloc(cap, sizeof(*sims));
	char **labels = calloc(cap, sizeof(*labels));
	int n = 0, rc = 0;
	char err[1024];
	if (!sims || !labels) {
		free(sims);
		free(labels);
		return 1;
	}
	for (int i = 0; i < r->n && !rc; i++) {
		for (int k = 0; k < (nk ? nk : 1); k++) {
			struct irqsim_options o = { .kernel = nk ? kernels[k] : NULL, .check_invariants = check };
			struct sim *s = irqsim_run(&r->scns[i], &o, err, sizeof(err));
			if (!s) {
				fprintf(stderr, "%s\n", err);
				rc = 2;
				break;
			}
			if (asprintf(&labels[n], "%s%s%s", r->n > 1 || !nk ? r->names[i] : "", r->n > 1 && nk ? "@" : "",
				     nk ? kernels[k] : "") < 0)
				labels[n] = NULL;
			sims[n++] = s;
		}
	}
	if (!rc)
		rc = irqsim_compare_print(what, (const char *const *)labels, sims, (size_t)n, json, stdout) ? 1 : 0;
	for (int i = 0; i < n; i++) {
		irqsim_free(sims[i]);
		free(labels[i]);
	}
	free(sims);
	free(labels);
	return rc;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "view", required_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'J' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "variant", required_argument, NULL, 'V' },
		{ "explain", no_argument, NULL, 'E' },
		{ "check-invariants", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum irqsim_view view = IRQSIM_VIEW_SUMMARY;
	const char *view_name = "summary";
	bool view_given = false;
	struct irqsim_options o = { 0 };
	const char *variant = NULL;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "v:Jk:h", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			if (parse_view(optarg, &view)) {
				fprintf(stderr, "irqsim: unknown view '%s' (expected summary, interrupts, vector, trace, dmesg, affinity, steps or explain)\n", optarg);
				return 2;
			}
			view_name = optarg;
			view_given = true;
			break;
		case 'J':
			json = 1;
			break;
		case 'k':
			o.kernel = optarg;
			break;
		case 'V':
			variant = optarg;
			break;
		case 'E':
			view = IRQSIM_VIEW_EXPLAIN;
			view_name = "explain";
			view_given = true;
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
	struct runs *r = malloc(sizeof(*r));
	if (!r)
		return 1;
	int rc = load_runs(argv[optind], variant, r);
	if (rc)
		goto out;
	if (r->nv && !variant) {
		/* a file of variants: compare them all */
		if (view_given && view != IRQSIM_VIEW_SUMMARY) {
			fprintf(stderr, "irqsim: %s has variants; choose one with --variant NAME for the %s view\n",
				argv[optind], view_name);
			rc = 2;
			goto out;
		}
		char *k = (char *)o.kernel;
		rc = compare_runs(r, "VARIANT", o.kernel ? &k : NULL, o.kernel ? 1 : 0, o.check_invariants, json);
		goto out;
	}
	char err[1024];
	struct sim *s = irqsim_run(&r->scns[0], &o, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "%s\n", err);
		rc = 2;
		goto out;
	}
	rc = irqsim_report(s, view, json, stdout) ? 1 : 0;
	irqsim_free(s);
out:
	runs_free(r);
	free(r);
	return rc;
}

/* irqsim compare --kernels K1,K2 FILE: one scenario (each variant) on several kernels */
static int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernels", required_argument, NULL, 'k' },
		{ "variant", required_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'J' },
		{ "check-invariants", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *kernels[16], *klist = NULL;
	const char *variant = NULL;
	int nk = 0, json = 0, check = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:Jh", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			klist = optarg;
			break;
		case 'V':
			variant = optarg;
			break;
		case 'J':
			json = 1;
			break;
		case 'c':
			check = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 || !klist) {
		fprintf(stderr, "irqsim: compare needs --kernels K1,K2,... and one scenario FILE\n");
		usage(stderr);
		return 2;
	}
	for (char *save = NULL, *k = strtok_r(klist, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		if (nk == 16) {
			fprintf(stderr, "irqsim: --kernels takes at most 16 kernels\n");
			return 2;
		}
		kernels[nk++] = k;
	}
	if (!nk) {
		fprintf(stderr, "irqsim: --kernels needs at least one kernel (e.g. 4.18,6.1,6.12)\n");
		return 2;
	}
	struct runs *r = malloc(sizeof(*r));
	if (!r)
		return 1;
	int rc = load_runs(argv[optind], variant, r);
	if (!rc)
		rc = compare_runs(r, "RUN", kernels, nk, check, json);
	runs_free(r);
	free(r);
	return rc;
}

static int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "add", required_argument, NULL, 'a' },
		{ "max", required_argument, NULL, 'm' },
		{ "fixes", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'J' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct irqsim_options o = { 0 };
	const char *spec = NULL;
	unsigned long max = 100000;
	int json = 0, fixes = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "a:m:Jk:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			spec = optarg;
			break;
		case 'f':
			fixes = 1;
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
	if (optind != argc - 1 || (!spec == !fixes)) {
		fprintf(stderr, "irqsim: plan needs a scenario FILE and either --add DEVICE-SPEC or --fixes\n");
		usage(stderr);
		return 2;
	}
	if (fixes) {
		char err[1024];
		size_t len;
		const char *path = argv[optind];
		char *text = scenario_read_file(path, &len, err, sizeof(err));
		if (!text) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		int r = irqsim_fixes(strcmp(path, "-") ? path : "<stdin>", text, len, &o, json, stdout, err, sizeof(err));
		free(text);
		if (r) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		return 0;
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
	if (!strcmp(argv[1], "compare"))
		return cmd_compare(argc - 1, argv + 1);
	fprintf(stderr, "irqsim: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
