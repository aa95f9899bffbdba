// SPDX-License-Identifier: GPL-2.0-only
/*
 * irqsim sweep: run one scenario over every combination of a few varied
 * settings (vCPU count, a device option, a kernel command-line parameter, the
 * kernel line) and tabulate the outcome of each: the scenario's own devices
 * by interrupt mode, or, with a device spec to add, the capacity a plan finds
 * (how many more fit on per-vq vectors, where fallbacks and failures start).
 * Every cell is a full run of the model; nothing is interpolated.  The
 * result is data (whatif.h); report/sweep.c prints it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "irq/matrix.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "scenario/edit.h"
#include "scenario/scenario.h"
#include "whatif/stats.h"
#include "whatif/whatif.h"

#define SWEEP_MAX_VALUES 4096
#define SWEEP_MAX_RUNS 20000

static void axes_free(struct whatif_axis *ax, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t v = 0; v < ax[i].nr; v++)
			free(ax[i].values[v]);
		free(ax[i].values);
		free(ax[i].key);
		free(ax[i].driver);
	}
	free(ax);
}

static int push_value(struct whatif_axis *a, const char *v, size_t len, char *err, size_t errlen)
{
	if (a->nr >= SWEEP_MAX_VALUES) {
		snprintf(err, errlen, "--vary %s: more than %d values", a->key, SWEEP_MAX_VALUES);
		return -1;
	}
	char **n = nomem_check(realloc(a->values, (a->nr + 1) * sizeof(*n)));
	if (!n)
		return -1;
	a->values = n;
	if (!(n[a->nr] = nomem_check(strndup(v, len))))
		return -1;
	a->nr++;
	return 0;
}

static int parse_num(const char *s, size_t len, unsigned long *out)
{
	char buf[32];
	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *end;
	errno = 0;
	*out = strtoul(buf, &end, 10);
	return (*end || errno || buf[0] == '-' || buf[0] == '+') ? -1 : 0;
}

/*
 * One item of a value list: V, A..B (step 1), A..B:S (step S) or A..B*F
 * (multiply by F).
 */
static int expand_item(struct whatif_axis *a, const char *it, size_t len, char *err, size_t errlen)
{
	const char *dots = memmem(it, len, "..", 2);
	if (!dots)
		return push_value(a, it, len, err, errlen);
	const char *hi = dots + 2, *end = it + len;
	const char *op = NULL;
	for (const char *p = hi; p < end; p++)
		if (*p == ':' || *p == '*')
			op = p;
	unsigned long lo, top, step = 1;
	if (parse_num(it, (size_t)(dots - it), &lo) || parse_num(hi, (size_t)((op ? op : end) - hi), &top) ||
	    (op && (parse_num(op + 1, (size_t)(end - op - 1), &step) || step == 0 || (*op == '*' && step < 2)))) {
		snprintf(err, errlen, "--vary %s: bad range '%.*s' (expected A..B, A..B:STEP or A..B*FACTOR)",
			 a->key, (int)len, it);
		return -1;
	}
	if (lo > top) {
		snprintf(err, errlen, "--vary %s: empty range '%.*s'", a->key, (int)len, it);
		return -1;
	}
	if (op && *op == '*' && lo == 0) {
		snprintf(err, errlen, "--vary %s: a multiplied range cannot start at 0", a->key);
		return -1;
	}
	for (unsigned long v = lo; v <= top;) {
		char b[32];
		int n = snprintf(b, sizeof(b), "%lu", v);
		if (push_value(a, b, (size_t)n, err, errlen))
			return -1;
		unsigned long next = op && *op == '*' ? v * step : v + step;
		if (next <= v)
			break;
		v = next;
	}
	return 0;
}

static enum whatif_axis_kind axis_kind_of(const char *key)
{
	if (!strcmp(key, "smp"))
		return AX_SMP;
	if (!strcmp(key, "kernel"))
		return AX_KERNEL;
	/* module parameters (virtio_blk.num_request_queues) and the boot
	 * parameters irqsim models are kernel command-line words */
	static const char *const boot[] = { "nr_cpus", "maxcpus", "possible_cpus", "irqaffinity", "isolcpus",
					    "pci", "intremap", "pcie_aspm", "pcie_ports", "reset_devices" };
	if (strchr(key, '.'))
		return AX_CMDLINE;
	for (size_t i = 0; i < sizeof(boot) / sizeof(boot[0]); i++)
		if (!strcmp(key, boot[i]))
			return AX_CMDLINE;
	return AX_DEVICE;
}

static int parse_axis(const char *arg, struct whatif_axis *a, char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1]) {
		snprintf(err, errlen, "--vary expects KEY=VALUES (e.g. smp=8..128:8 or num-queues=1,2,4), got '%s'", arg);
		return -1;
	}
	if (!(a->key = nomem_check(strndup(arg, (size_t)(eq - arg)))))
		return -1;
	for (const char *k = a->key; *k; k++)
		if (*k == ',' || *k == ' ' || *k == '"') {
			snprintf(err, errlen, "--vary: bad key '%s'", a->key);
			return -1;
		}
	a->kind = axis_kind_of(a->key);
	a->opt = a->key;
	const char *colon = strchr(a->key, ':');
	if (colon) {
		/* DRIVER:OPTION: the option on every device of that driver */
		a->kind = AX_DEVICE;
		a->opt = colon + 1;
		if (colon == a->key || !*a->opt || !(a->driver = nomem_check(strndup(a->key, (size_t)(colon - a->key))))) {
			snprintf(err, errlen, "--vary: bad key '%s' (expected DRIVER:OPTION)", a->key);
			return -1;
		}
	}
	for (const char *p = eq + 1;;) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);
		if (!l) {
			snprintf(err, errlen, "--vary %s: empty value in '%s'", a->key, eq + 1);
			return -1;
		}
		if (expand_item(a, p, l, err, errlen))
			return -1;
		if (!c)
			break;
		p = c + 1;
	}
	for (size_t v = 0; v < a->nr; v++) {
		unsigned long n;
		struct kernel_sel k;
		if (a->kind == AX_SMP && (parse_num(a->values[v], strlen(a->values[v]), &n) || !n || n > 8192)) {
			snprintf(err, errlen, "--vary smp: '%s' is not a CPU count from 1 to 8192", a->values[v]);
			return -1;
		}
		if (a->kind == AX_KERNEL && kernel_sel_parse(a->values[v], &k, NULL, 0)) {
			snprintf(err, errlen, "--vary kernel: unknown kernel version '%s' (expected one of: " KERNEL_CHOICES
				 ", or a release of one)", a->values[v]);
			return -1;
		}
		if (strpbrk(a->values[v], " \t\"#")) {
			snprintf(err, errlen, "--vary %s: a value cannot hold blanks, quotes or '#': '%s'", a->key,
				 a->values[v]);
			return -1;
		}
	}
	return 0;
}

/* Is the --add spec a device of this driver (any driver if NULL)? */
static bool spec_is_driver(const char *spec, const char *driver)
{
	size_t l = driver ? strlen(driver) : 0;
	return !driver || (!strncmp(spec, driver, l) && (spec[l] == ',' || !spec[l]));
}

/* Apply one combination to a copy of the scenario and run it (a plan with add).  0, or -1 with the
 * reason in err (a cell error, not a sweep error). */
static int run_one(const struct scenario *base, const struct irqsim_options *opt, const char *add, unsigned max,
		   const struct whatif_axis *ax, size_t nax, const size_t *idx, struct whatif_cell *c, char *err,
		   size_t errlen)
{
	struct scenario scn;
	if (scn_dup(base, &scn)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* NULL options are the defaults, as for every entry point */
	struct irqsim_options o = opt ? *opt : (struct irqsim_options){ 0 };
	char *spec = add ? nomem_check(strdup(add)) : NULL;
	int r = 0;
	for (size_t i = 0; i < nax && !r; i++) {
		const char *v = ax[i].values[idx[i]];
		switch (ax[i].kind) {
		case AX_SMP:
			r = scn_edit_smp(&scn, (unsigned)strtoul(v, NULL, 10), err, errlen);
			break;
		case AX_KERNEL:
			o.kernel = v;
			break;
		case AX_CMDLINE:
			if ((r = scn_edit_cmdline(&scn, ax[i].key, v)))
				snprintf(err, errlen, "out of memory");
			break;
		case AX_DEVICE:
			if (scn_edit_device_opt(&scn, ax[i].driver, ax[i].opt, v) < 0) {
				snprintf(err, errlen, "%s=%s: not a valid value", ax[i].key, v);
				r = -1;
			} else if (spec && strcmp(ax[i].opt, "count") && spec_is_driver(spec, ax[i].driver)) {
				char *n = spec_set_opt(spec, ax[i].opt, v);
				free(spec);
				spec = n;
				if (!spec) {
					snprintf(err, errlen, "out of memory");
					r = -1;
				}
			}
			break;
		}
	}
	if (!r && spec) {
		r = irqsim_plan(&scn, &o, spec, max, &c->plan, err, errlen);
	} else if (!r) {
		struct sim *s = irqsim_run(&scn, &o, err, errlen);
		if (!s) {
			r = -1;
		} else {
			whatif_outcome(s, NULL, &c->o);
			irqsim_free(s);
		}
	}
	free(spec);
	scenario_free(&scn);
	return r;
}

/* Are all of an axis' values integers?  Then its column holds numbers. */
static bool axis_numeric(const struct whatif_axis *ax)
{
	for (size_t v = 0; v < ax->nr; v++) {
		const char *p = ax->values[v];
		if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 15)
			return false;
	}
	return true;
}

void whatif_sweep_combination(const struct whatif_sweep *sw, size_t r, size_t *idx)
{
	for (size_t i = sw->nr_axes; i-- > 0;) {
		idx[i] = r % sw->axes[i].nr;
		r /= sw->axes[i].nr;
	}
}

int whatif_sweep_axes(const char *const *vary, size_t nr_vary, struct whatif_sweep *sw, char *err, size_t errlen)
{
	memset(sw, 0, sizeof(*sw));
	if (!nr_vary) {
		snprintf(err, errlen, "sweep needs at least one --vary KEY=VALUES");
		return -1;
	}
	if (!(sw->axes = nomem_check(calloc(nr_vary, sizeof(*sw->axes)))))
		return -1;
	sw->nr_axes = nr_vary;
	size_t runs = 1;
	for (size_t i = 0; i < nr_vary; i++) {
		struct whatif_axis *a = &sw->axes[i];
		if (parse_axis(vary[i], a, err, errlen))
			return -1;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(sw->axes[j].key, a->key)) {
				snprintf(err, errlen, "--vary %s given twice", a->key);
				return -1;
			}
		runs *= a->nr;
		if (runs > SWEEP_MAX_RUNS) {
			snprintf(err, errlen, "--vary: more than %d combinations", SWEEP_MAX_RUNS);
			return -1;
		}
		a->numeric = a->kind == AX_SMP || axis_numeric(a);
		sw->vary_kernel |= a->kind == AX_KERNEL;
	}
	sw->nr_cells = runs;
	return 0;
}

/* Does device option axis a name something: a device line that gives it, or the add spec? */
static bool axis_used(const struct scenario *scn, const char *add, const struct whatif_axis *a)
{
	bool used = add && strcmp(a->opt, "count") && spec_is_driver(add, a->driver);
	for (size_t d = 0; d < scn->nr_dirs && !used; d++) {
		const struct scn_directive *dr = &scn->dirs[d];
		if (dr->kind != SCN_DEVICE && dr->kind != SCN_HOTPLUG)
			continue;
		if (a->driver)
			used = !strcmp(dr->u.device.driver, a->driver);
		else
			used = !strcmp(a->opt, "count") ? dr->u.device.count > 1
						       : scn_device_opt(&dr->u.device, a->opt) != NULL;
	}
	return used;
}

int whatif_sweep_check(const struct scenario *scn, const char *add, struct whatif_sweep *sw, char *err,
		       size_t errlen)
{
	sw->plan = add != NULL;
	for (size_t i = 0; i < sw->nr_axes; i++) {
		const struct whatif_axis *a = &sw->axes[i];
		if (a->kind != AX_DEVICE || axis_used(scn, add, a))
			continue;
		if (a->driver)
			snprintf(err, errlen, "--vary %s: %s has no %s device%s", a->key, scn->filename, a->driver,
				 add ? " and --add is another device" : "");
		else
			snprintf(err, errlen,
				 "--vary %s: no device line of %s gives %s= (vary DRIVER:%s to set it on every device "
				 "of a driver)",
				 a->key, scn->filename, a->key, a->key);
		return -1;
	}
	if (sw->nr_axes > WHATIF_SWEEP_MAX_AXES) {
		snprintf(err, errlen, "irqsim: at most %d --vary options", WHATIF_SWEEP_MAX_AXES);
		return -1;
	}
	return 0;
}

int whatif_sweep_run(const struct scenario *scn, const struct irqsim_options *opt, const char *add, unsigned max,
		     struct whatif_sweep *sw, char *err, size_t errlen)
{
	sw->cells = nomem_check(calloc(sw->nr_cells, sizeof(*sw->cells)));
	size_t *idx = nomem_check(calloc(sw->nr_axes, sizeof(*idx)));
	int rc = sw->cells && idx ? 0 : -1;
	for (size_t r = 0; r < sw->nr_cells && !rc; r++) {
		whatif_sweep_combination(sw, r, idx);
		char e[512];
		if (run_one(scn, opt, add, max, sw->axes, sw->nr_axes, idx, &sw->cells[r], e, sizeof(e)) &&
		    !(sw->cells[r].error = nomem_check(strdup(e))))
			rc = -1;
	}
	free(idx);
	if (rc)
		snprintf(err, errlen, "irqsim: out of memory");
	return rc;
}

void whatif_sweep_free(struct whatif_sweep *sw)
{
	if (sw->cells)
		for (size_t r = 0; r < sw->nr_cells; r++)
			free(sw->cells[r].error);
	free(sw->cells);
	axes_free(sw->axes, sw->nr_axes);
	memset(sw, 0, sizeof(*sw));
}
