// SPDX-License-Identifier: GPL-2.0-only
/*
 * irqsim plan --fixes: try the known remedies on a scenario and rank them by
 * how many devices keep message-signalled vectors.  Each remedy is a copy
 * of the parsed scenario with one change (a device option, the kernel
 * command line, the vCPU count, the kernel), run through the same model.
 * The result is data (whatif.h); report/fixes.c prints it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "pci/pci.h"
#include "scenario/edit.h"
#include "scenario/scenario.h"
#include "whatif/stats.h"
#include "whatif/whatif.h"

struct remedy {
	const char *name;
	const char *side_effect;
	/* change the scenario: the number of directives changed, or -1 (out of memory) */
	int (*edit)(struct scenario *scn);
	const char *kernel;       /* run on this kernel instead */
	const char *add_cmdline;  /* append to the command line */
	const char *drop_cmdline; /* remove this parameter */
	const char *needs;        /* applies only if a device line names this device */
	/* the parameter to append, computed from the scenario (NULL: not applicable) */
	char *(*cmdline_for)(const struct scenario *scn);
};

/*
 * KEY=VALUE on every virtio-blk-pci line.  A line counts as changed unless
 * the option already comes first with that value (and nowhere else), as
 * the remedy has always been judged on the line's text.
 */
static int blk_opt(struct scenario *scn, const char *key, const char *value)
{
	int changed = 0;
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		struct scn_device *dev = &scn->dirs[i].u.device;
		if ((scn->dirs[i].kind != SCN_DEVICE && scn->dirs[i].kind != SCN_HOTPLUG) ||
		    strcmp(dev->driver, "virtio-blk-pci"))
			continue;
		/* the line's own text after the driver name */
		const char *w = strstr(scn->dirs[i].text, "virtio-blk-pci");
		char *want = NULL, *other = NULL;
		if (asprintf(&want, ",%s=%s", key, value) < 0)
			return nomem();
		if (asprintf(&other, ",%s=", key) < 0) {
			free(want);
			return nomem();
		}
		size_t wl = strlen(want);
		w = w ? w + strlen("virtio-blk-pci") : "";
		bool same = !strncmp(w, want, wl) && (!w[wl] || w[wl] == ',' || isspace((unsigned char)w[wl])) &&
			    !strstr(w + wl, other);
		free(want);
		free(other);
		changed += !same;
	}
	if (changed && scn_edit_device_opt(scn, "virtio-blk-pci", key, value) < 0)
		return -1;
	return changed;
}

static int one_queue(struct scenario *scn)
{
	return blk_opt(scn, "num-queues", "1");
}

static int unmanaged(struct scenario *scn)
{
	return blk_opt(scn, "managed-affinity", "off");
}

static const struct scn_directive *smp_dir(const struct scenario *scn)
{
	for (size_t i = 0; i < scn->nr_dirs; i++)
		if (scn->dirs[i].kind == SCN_SMP)
			return &scn->dirs[i];
	return NULL;
}

/*
 * Twice the vCPUs, as sweep --vary smp=2N makes them (scn_edit_smp): the
 * same sockets, dies, clusters and threads with twice the cores per socket
 * (README, "twice the vCPUs").  Not offered past 4096 vCPUs (8192 is the
 * most a scenario takes) or where the topology cannot take twice as many.
 */
static int double_cpus(struct scenario *scn)
{
	const struct scn_directive *d = smp_dir(scn);
	char err[160];
	if (!d || d->u.smp.cpus == 0 || d->u.smp.cpus > 4096)
		return 0;
	return scn_edit_smp(scn, 2 * d->u.smp.cpus, err, sizeof(err)) ? 0 : 1;
}

/* isolcpus=managed_irq,1-N: every CPU but the boot CPU isolated from managed irqs */
static char *isolate_managed(const struct scenario *scn)
{
	const struct scn_directive *d = smp_dir(scn);
	unsigned n = d ? d->u.smp.cpus : 1;
	char *out = NULL;
	if (n < 2)
		return NULL;
	if (asprintf(&out, "isolcpus=managed_irq,1-%u", n - 1) < 0) {
		nomem();
		return NULL;
	}
	return out;
}

/* Does a device or hotplug line of the scenario name this device? */
static bool has_device(const struct scenario *scn, const char *name)
{
	for (size_t i = 0; i < scn->nr_dirs; i++)
		if ((scn->dirs[i].kind == SCN_DEVICE || scn->dirs[i].kind == SCN_HOTPLUG) &&
		    !strcmp(scn->dirs[i].u.device.driver, name))
			return true;
	return false;
}

static const struct remedy remedies[] = {
	{ .name = "no-managed-affinity",
	  .side_effect = "queue irqs are ordinary irqs: movable, not shut down with their CPUs; needs a patched "
			 "virtio_blk (init_vq without its irq_affinity descriptor)",
	  .edit = unmanaged },
	{ .name = "num-queues=1", .side_effect = "one queue per disk: no per-CPU submission queues", .edit = one_queue },
	{ .name = "virtio_blk.num_request_queues=1",
	  .side_effect = "one queue per disk for every virtio-blk disk of the guest, without touching the VM definition",
	  .add_cmdline = "virtio_blk.num_request_queues=1", .needs = "virtio-blk-pci" },
	{ .name = "twice-the-vcpus",
	  .side_effect = "a bigger VM; each managed queue vector still reserves on every CPU of its mask",
	  .edit = double_cpus },
	{ .name = "kernel-6.12", .side_effect = "a kernel upgrade", .kernel = "6.12" },
	{ .name = "drop-pcie_aspm=off", .side_effect = "ASPM back under OS control", .drop_cmdline = "pcie_aspm=off" },
	/* kernel/irq/manage.c irq_do_set_affinity: isolation narrows the effective CPU only;
	 * kernel/irq/matrix.c irq_matrix_reserve_managed still reserves on the whole mask */
	{ .name = "isolcpus=managed_irq",
	  .side_effect = "managed irqs are steered to the boot CPU where their mask allows it; their reservations "
			 "still cover the whole mask",
	  .cmdline_for = isolate_managed },
	/* seed 001's first fix: dracut leaves the module out of the kdump initramfs */
	{ .name = "leave-i40e-out-of-kdump",
	  .side_effect = "no network in the kdump kernel: the dump goes to a local disk (rd.driver.blacklist=i40e in "
			 "KDUMP_COMMANDLINE_APPEND)",
	  .add_cmdline = "rd.driver.blacklist=i40e", .needs = "i40e" },
	/* seed 001's second fix: more CPUs for the kdump kernel */
	{ .name = "drop-nr_cpus=1",
	  .side_effect = "the kdump kernel brings up every CPU: more per-CPU memory out of the crashkernel reservation",
	  .drop_cmdline = "nr_cpus=1" },
};
_Static_assert(sizeof(remedies) / sizeof(remedies[0]) < WHATIF_MAX_FIXES, "whatif_fixes.rows holds every remedy");

/* Apply a remedy to a copy of the scenario: 1 (out holds it), 0 if it changes nothing, -1. */
static int apply(const struct remedy *r, const struct scenario *scn, struct scenario *out)
{
	if (scn_dup(scn, out))
		return -1;
	int changed = r->kernel ? 1 : 0, c = 0;
	if (r->edit)
		c = r->edit(out);
	else if (r->add_cmdline)
		c = scn_edit_cmdline_append(out, r->add_cmdline);
	else if (r->drop_cmdline)
		c = scn_edit_cmdline_drop(out, r->drop_cmdline);
	if (c <= 0 && !changed) {
		scenario_free(out);
		return c < 0 ? -1 : 0;
	}
	return 1;
}

/*
 * What a remedy is ranked by: devices on MSI/MSI-X, where a device whose
 * unplug was asked for counts when it is gone, not while it lingers with
 * its vectors (seed 002: dropping pcie_aspm=off completes the unplug).
 */
static int fix_score(const struct sim_stats *st, const struct whatif_outcome *o)
{
	return (int)o->msi_devices - (int)o->unplug_pending + (int)st->counts[DM_REMOVED];
}

/* Devices whose module the remedy leaves out on purpose (rd.driver.blacklist=):
 * not a loss but the remedy's stated side effect. */
static int left_out(const struct sim *s)
{
	int n = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		n += d->present && d->drv && boot_params_blacklisted(&s->params, d->drv->kernel_name);
	}
	return n;
}


/*
 * Ranking: no kernel panic first, then most devices gained (a remedy the
 * scenario refuses below every other), then fewer failures; the sort is
 * stable, so catalogue order last.
 */
static bool ranks_before(const struct whatif_fix *a, const struct whatif_fix *b)
{
	int ga = a->applies ? a->gained : -1000000, gb = b->applies ? b->gained : -1000000;
	if (a->o.panicked != b->o.panicked)
		return !a->o.panicked;
	if (ga != gb)
		return ga > gb;
	return a->o.failed < b->o.failed;
}

/* One remedy on the scenario: a row in out, unless it does not apply (0), or -1 (out of memory). */
static int try_remedy(const struct remedy *r, const struct scenario *scn, const struct irqsim_options *opt,
		      struct sim *base, int base_score, struct whatif_fixes *out)
{
	if (r->kernel && base->prof->line >= KERNEL_6_12)
		return 0;
	if (r->needs && !has_device(scn, r->needs))
		return 0;
	struct remedy computed = *r;
	char *param = NULL;
	if (r->cmdline_for) {
		if (!(param = r->cmdline_for(scn)))
			return 0;
		computed.add_cmdline = param;
	}
	struct scenario edited;
	int a = apply(&computed, scn, &edited);
	free(param);
	if (a <= 0)
		return a; /* not applicable to this scenario */
	char e2[512];
	/* NULL options are the defaults, as for every entry point */
	struct irqsim_options o = opt ? *opt : (struct irqsim_options){ 0 };
	if (r->kernel)
		o.kernel = r->kernel;
	struct sim *s = irqsim_run(&edited, &o, e2, sizeof(e2));
	scenario_free(&edited);
	struct whatif_fix *row = &out->rows[out->nr++];
	*row = (struct whatif_fix){ .remedy = r->name, .side_effect = r->side_effect, .applies = s != NULL };
	if (!s) {
		row->side_effect = "does not apply (the scenario refuses it)";
		return 1;
	}
	struct sim_stats st;
	whatif_outcome(s, &st, &row->o);
	row->gained = fix_score(&st, &row->o) + left_out(s) - base_score;
	irqsim_free(s);
	return 1;
}

int whatif_fixes(const struct scenario *scn, const struct irqsim_options *opt, struct whatif_fixes *out, char *err,
		 size_t errlen)
{
	memset(out, 0, sizeof(*out));
	struct sim *base = irqsim_run(scn, opt, err, errlen);
	if (!base)
		return -1;
	struct sim_stats bst;
	snprintf(out->kernel, sizeof(out->kernel), "%s", kernel_line_name(base->prof->line));
	struct whatif_fix *as_is = &out->rows[out->nr++];
	*as_is = (struct whatif_fix){ .remedy = "(as is)", .applies = true };
	whatif_outcome(base, &bst, &as_is->o);
	int base_score = fix_score(&bst, &as_is->o) + left_out(base);
	for (size_t i = 0; i < sizeof(remedies) / sizeof(remedies[0]); i++) {
		if (try_remedy(&remedies[i], scn, opt, base, base_score, out) < 0) {
			irqsim_free(base);
			return nomem_error(err, errlen);
		}
	}
	irqsim_free(base);
	/* insertion sort of the remedies (row 0 stays first), stable */
	for (size_t i = 2; i < out->nr; i++)
		for (size_t j = i; j > 1 && ranks_before(&out->rows[j], &out->rows[j - 1]); j--) {
			struct whatif_fix tmp = out->rows[j];
			out->rows[j] = out->rows[j - 1];
			out->rows[j - 1] = tmp;
		}
	return 0;
}
