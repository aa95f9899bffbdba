// SPDX-License-Identifier: GPL-2.0-only
/*
 * irqsim plan --fixes: try the known remedies on a scenario and rank them by
 * how many devices keep message-signalled vectors.  Each remedy is the
 * scenario's own text with one change (a device option, the kernel command
 * line, the vCPU count, the kernel), run through the same model.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/output.h"
#include "pci/pci.h"
#include "report/report.h"
#include "report/stats.h"
#include "scenario/scenario.h"

struct remedy {
	const char *name;
	const char *side_effect;
	/* rewrite one line (NULL: keep it); may use the whole scenario for context */
	char *(*line)(const char *line);
	const char *kernel;       /* run on this kernel instead */
	const char *add_cmdline;  /* append to the command line */
	const char *drop_cmdline; /* remove this parameter */
	const char *needs;        /* applies only if a device line names this device */
	/* the parameter to append, computed from the scenario (NULL: not applicable) */
	char *(*cmdline_for)(const char *text, size_t len);
};

/* The first word of a line and whether it names a virtio-blk device */
static bool is_blk_line(const char *l)
{
	while (isspace((unsigned char)*l))
		l++;
	if (strncmp(l, "device ", 7) && strncmp(l, "hotplug ", 8))
		return false;
	const char *c = strchr(l, '#');
	const char *b = strstr(l, "virtio-blk-pci");
	return b && (!c || b < c);
}

/* Drop option KEY=... from a device line and add KEY=VALUE after the driver name. */
static char *set_opt(const char *l, const char *key, const char *value)
{
	char *out = nomem_check(malloc(strlen(l) + strlen(key) + strlen(value) + 4));
	if (!out)
		return NULL;
	size_t klen = strlen(key), o = 0;
	const char *drv = strstr(l, "virtio-blk-pci") + strlen("virtio-blk-pci");
	memcpy(out, l, (size_t)(drv - l));
	o = (size_t)(drv - l);
	o += (size_t)sprintf(out + o, ",%s=%s", key, value);
	for (const char *p = drv; *p;) {
		if (*p == ',' && !strncmp(p + 1, key, klen) && p[1 + klen] == '=') {
			p += 1 + klen + 1;
			while (*p && *p != ',' && !isspace((unsigned char)*p))
				p++;
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
	return out;
}

static char *one_queue(const char *l)
{
	return is_blk_line(l) ? set_opt(l, "num-queues", "1") : NULL;
}

static char *unmanaged(const char *l)
{
	return is_blk_line(l) ? set_opt(l, "managed-affinity", "off") : NULL;
}

/* smp N[,sockets=S...]: twice the vCPUs (and twice the sockets, so the topology stays whole) */
static char *double_cpus(const char *l)
{
	const char *p = l;
	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "smp ", 4))
		return NULL;
	p += 4;
	char *end;
	unsigned long n = strtoul(p, &end, 10);
	if (end == p || n == 0 || n > 4096)
		return NULL;
	char *out = nomem_check(malloc(strlen(l) + 32));
	if (!out)
		return NULL;
	size_t o = (size_t)sprintf(out, "smp %lu", 2 * n);
	for (const char *q = end; *q;) {
		unsigned long v;
		char *e2;
		if (!strncmp(q, ",sockets=", 9) && (v = strtoul(q + 9, &e2, 10)) > 0) {
			o += (size_t)sprintf(out + o, ",sockets=%lu", 2 * v);
			q = e2;
		} else if (!strncmp(q, ",maxcpus=", 9) && (v = strtoul(q + 9, &e2, 10)) > 0) {
			o += (size_t)sprintf(out + o, ",maxcpus=%lu", 2 * v);
			q = e2;
		} else {
			out[o++] = *q++;
		}
	}
	out[o] = '\0';
	return out;
}

/*
 * The next line of the text, without leading blanks, copied (NUL-terminated,
 * cut at 255 bytes) into buf.  Returns false at the end of the text.
 */
static bool next_line(const char *text, size_t len, size_t *off, char buf[256])
{
	if (*off >= len)
		return false;
	const char *nl = memchr(text + *off, '\n', len - *off);
	size_t e = nl ? (size_t)(nl - text) - *off : len - *off;
	size_t st = 0;
	while (st < e && isspace((unsigned char)text[*off + st]))
		st++;
	size_t n = e - st < 255 ? e - st : 255;
	memcpy(buf, text + *off + st, n);
	buf[n] = '\0';
	*off += e + 1;
	return true;
}

/* The vCPU count of the scenario's smp line (1 without one). */
static unsigned smp_cpus(const char *text, size_t len)
{
	char l[256];
	for (size_t off = 0; next_line(text, len, &off, l);)
		if (!strncmp(l, "smp ", 4))
			return (unsigned)strtoul(l + 4, NULL, 10);
	return 1;
}

/* isolcpus=managed_irq,1-N: every CPU but the boot CPU isolated from managed irqs */
static char *isolate_managed(const char *text, size_t len)
{
	unsigned n = smp_cpus(text, len);
	char *out = NULL;
	if (n < 2)
		return NULL;
	if (asprintf(&out, "isolcpus=managed_irq,1-%u", n - 1) < 0) {
		nomem();
		return NULL;
	}
	return out;
}

/* Does a device or hotplug line of the text name this device? */
static bool has_device(const char *text, size_t len, const char *name)
{
	size_t nl = strlen(name);
	char l[256];
	for (size_t off = 0; next_line(text, len, &off, l);) {
		const char *w = !strncmp(l, "device ", 7) ? l + 7 : !strncmp(l, "hotplug ", 8) ? l + 8 : NULL;
		if (w && !strncmp(w, name, nl) && (w[nl] == ',' || isspace((unsigned char)w[nl]) || !w[nl]))
			return true;
	}
	return false;
}

static const struct remedy remedies[] = {
	{ .name = "no-managed-affinity",
	  .side_effect = "queue irqs are ordinary irqs: movable, not shut down with their CPUs; needs a patched "
			 "virtio_blk (init_vq without its irq_affinity descriptor)",
	  .line = unmanaged },
	{ .name = "num-queues=1", .side_effect = "one queue per disk: no per-CPU submission queues", .line = one_queue },
	{ .name = "virtio_blk.num_request_queues=1",
	  .side_effect = "one queue per disk for every virtio-blk disk of the guest, without touching the VM definition",
	  .add_cmdline = "virtio_blk.num_request_queues=1", .needs = "virtio-blk-pci" },
	{ .name = "twice-the-vcpus",
	  .side_effect = "a bigger VM; each managed queue vector still reserves on every CPU of its mask",
	  .line = double_cpus },
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

/* Apply a remedy to the text; NULL if it changes nothing. */
static char *apply(const struct remedy *r, const char *text, size_t len, size_t *outlen)
{
	size_t cap = len * 2 + 256, o = 0;
	char *out = nomem_check(malloc(cap));
	if (!out)
		return NULL;
	bool changed = false, has_cmdline = false;
	for (size_t off = 0; off < len;) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t e = nl ? (size_t)(nl - text) - off : len - off;
		char *line = nomem_check(strndup(text + off, e)), *nw = NULL;
		if (!line) {
			free(out);
			return NULL;
		}
		const char *t = line;
		while (isspace((unsigned char)*t))
			t++;
		if (r->line)
			nw = r->line(line);
		if (!strncmp(t, "cmdline ", 8) && (r->add_cmdline || r->drop_cmdline)) {
			has_cmdline = true;
			char *q = strrchr(line, '"');
			if (r->add_cmdline && q && q > strchr(line, '"')) {
				if (asprintf(&nw, "%.*s %s%s", (int)(q - line), line, r->add_cmdline, q) < 0) {
					nw = NULL;
					nomem();
				}
			} else if (r->drop_cmdline) {
				/* the parameter as a whole word: nr_cpus=1, not nr_cpus=16 */
				size_t dl = strlen(r->drop_cmdline);
				for (char *d = strstr(line, r->drop_cmdline); d; d = strstr(d + 1, r->drop_cmdline)) {
					char after = d[dl];
					bool start = d == line || d[-1] == ' ' || d[-1] == '"';
					if (start && (after == ' ' || after == '"' || !after)) {
						nw = nomem_check(strdup(line));
						if (nw)
							memset(nw + (d - line), ' ', dl);
						break;
					}
				}
			}
		}
		if (r->add_cmdline && !has_cmdline && !strncmp(t, "boot", 4) && (!t[4] || isspace((unsigned char)t[4]))) {
			/* no cmdline line: add one just before boot */
			o += (size_t)snprintf(out + o, cap - o, "cmdline \"%s\"\n", r->add_cmdline);
			has_cmdline = changed = true;
		}
		const char *use = nw ? nw : line;
		size_t ul = strlen(use);
		if (o + ul + 2 + 256 > cap) {
			cap = (o + ul + 2 + 256) * 2;
			char *n2 = nomem_check(realloc(out, cap));
			if (!n2) {
				free(out);
				free(nw);
				free(line);
				return NULL;
			}
			out = n2;
		}
		memcpy(out + o, use, ul);
		o += ul;
		if (nl)
			out[o++] = '\n';
		if (nw && strcmp(nw, line))
			changed = true;
		free(nw);
		free(line);
		off += e + 1;
	}
	if (r->add_cmdline && !has_cmdline) {
		/* neither a cmdline nor a boot line (boot is implied at the end): add it last */
		o += (size_t)snprintf(out + o, cap - o, "%scmdline \"%s\"\n", o && out[o - 1] != '\n' ? "\n" : "",
				      r->add_cmdline);
		changed = true;
	}
	out[o] = '\0';
	if (!changed && !r->kernel) {
		free(out);
		return NULL;
	}
	*outlen = o;
	return out;
}

static unsigned msi_devices(const struct sim_stats *st)
{
	return st->counts[DM_PER_VQ] + st->counts[DM_SHARED] + st->counts[DM_MSIX] + st->counts[DM_MSI];
}

/*
 * What a remedy is ranked by: devices on MSI/MSI-X, where a device whose
 * unplug was asked for counts when it is gone, not while it lingers with
 * its vectors (seed 002: dropping pcie_aspm=off completes the unplug).
 */
static int fix_score(const struct sim_stats *st)
{
	return (int)msi_devices(st) - (int)st->unplug_pending + (int)st->counts[DM_REMOVED];
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


const struct report_column report_fixes_columns[] = {
	{ "remedy", "the remedy, or (as is)", RT_STRING, false, false },
	{ "msi_devices", "devices that keep MSI/MSI-X vectors (null: the remedy does not apply)", RT_NUMBER, true,
	  false },
	{ "gained", "msi_devices compared with the scenario as it is", RT_NUMBER, true, false },
	{ "per_vq", "virtio devices with a vector per queue", RT_NUMBER, true, false },
	{ "shared", "virtio devices sharing one vector", RT_NUMBER, true, false },
	{ "intx", "devices on INTx", RT_NUMBER, true, false },
	{ "failed", "devices whose probe failed", RT_NUMBER, true, false },
	{ "side_effect", "what the remedy costs, or why it does not apply (null: as is)", RT_TEXT, true,
	  false },
	{ "outcome", "ok, or panic (the kernel hit a BUG); null if it does not apply", RT_STRING, true, false },
};
const size_t report_fixes_nr_columns = sizeof(report_fixes_columns) / sizeof(report_fixes_columns[0]);
static int fixes_body(const char *filename, const char *text, size_t len, const struct irqsim_options *opt, int json,
		 FILE *out, char *err, size_t errlen, unsigned long nm)
{
	struct scenario scn;
	if (scenario_parse(filename, text, len, &scn, err, errlen))
		return -1;
	struct sim *base = irqsim_run(&scn, opt, err, errlen);
	scenario_free(&scn);
	if (!base)
		return -1;
	struct sim_stats bst;
	sim_stats(base, &bst);
	struct row {
		const struct remedy *r;
		struct sim_stats st;
		int gained;
		bool panicked;
		const char *note;
	} rows[sizeof(remedies) / sizeof(remedies[0])];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(remedies) / sizeof(remedies[0]); i++) {
		const struct remedy *r = &remedies[i];
		if (r->kernel && base->prof->line >= KERNEL_6_12)
			continue;
		if (r->needs && !has_device(text, len, r->needs))
			continue;
		struct remedy computed = *r;
		char *param = NULL;
		if (r->cmdline_for) {
			if (!(param = r->cmdline_for(text, len)))
				continue;
			computed.add_cmdline = param;
		}
		size_t nlen = 0;
		char *t = apply(&computed, text, len, &nlen);
		free(param);
		if (!t)
			continue; /* not applicable to this scenario */
		char e2[512];
		/* NULL options are the defaults, as for every entry point */
		struct irqsim_options o = opt ? *opt : (struct irqsim_options){ 0 };
		if (r->kernel)
			o.kernel = r->kernel;
		struct sim *s = NULL;
		if (!scenario_parse(filename, t, nlen, &scn, e2, sizeof(e2))) {
			s = irqsim_run(&scn, &o, e2, sizeof(e2));
			scenario_free(&scn);
		}
		free(t);
		rows[n].r = r;
		rows[n].note = NULL;
		rows[n].panicked = false;
		if (!s) {
			rows[n].gained = -1000000;
			rows[n].note = "does not apply (the scenario refuses it)";
			memset(&rows[n].st, 0, sizeof(rows[n].st));
		} else {
			sim_stats(s, &rows[n].st);
			rows[n].gained = fix_score(&rows[n].st) + left_out(s) - fix_score(&bst) - left_out(base);
			rows[n].panicked = s->panicked;
			irqsim_free(s);
		}
		n++;
	}
	/* rank: no kernel panic first, then most devices gained, then fewer
	 * failures, then catalogue order */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && ((!rows[j].panicked && rows[j - 1].panicked) ||
					     (rows[j].panicked == rows[j - 1].panicked &&
					      (rows[j].gained > rows[j - 1].gained ||
					       (rows[j].gained == rows[j - 1].gained &&
						rows[j].st.counts[DM_FAILED] < rows[j - 1].st.counts[DM_FAILED]))));
		     j--) {
			struct row tmp = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = tmp;
		}
	/*
	 * a remedy whose run ran out of memory would print as "does not apply":
	 * print nothing then (the caller reports the failure)
	 */
	if (nomem_count != nm) {
		irqsim_free(base);
		return -1;
	}
	struct irqsim_output fmt = opt && opt->format ? *opt->format : (struct irqsim_output){ 0 };
	fmt.json |= json;
	struct report_table *tb = irqsim_output_check(&fmt, err, errlen)
					  ? NULL
					  : report_table_new(report_fixes_columns, report_fixes_nr_columns, &fmt, err, errlen);
	if (!tb) {
		irqsim_free(base);
		return -1;
	}
	json_t *ln = report_table_row(tb);
	report_set(ln, "remedy", report_str("(as is)"));
	report_set(ln, "msi_devices", report_int(msi_devices(&bst)));
	report_set(ln, "gained", report_int(0));
	report_set(ln, "per_vq", report_int(bst.counts[DM_PER_VQ]));
	report_set(ln, "shared", report_int(bst.counts[DM_SHARED]));
	report_set(ln, "intx", report_int(bst.counts[DM_INTX]));
	report_set(ln, "failed", report_int(bst.counts[DM_FAILED]));
	report_set(ln, "side_effect", json_null());
	report_set(ln, "outcome", report_str(base->panicked ? "panic" : "ok"));
	for (size_t i = 0; i < n; i++) {
		const struct sim_stats *st = &rows[i].st;
		bool applies = !rows[i].note;
		ln = report_table_row(tb);
		report_set(ln, "remedy", report_str(rows[i].r->name));
		report_set(ln, "msi_devices", applies ? report_int(msi_devices(st)) : json_null());
		report_set(ln, "gained", applies ? report_int(rows[i].gained) : json_null());
		report_set(ln, "per_vq", applies ? report_int(st->counts[DM_PER_VQ]) : json_null());
		report_set(ln, "shared", applies ? report_int(st->counts[DM_SHARED]) : json_null());
		report_set(ln, "intx", applies ? report_int(st->counts[DM_INTX]) : json_null());
		report_set(ln, "failed", applies ? report_int(st->counts[DM_FAILED]) : json_null());
		report_set(ln, "side_effect", report_str(applies ? rows[i].r->side_effect : rows[i].note));
		report_set(ln, "outcome", applies ? report_str(rows[i].panicked ? "panic" : "ok") : json_null());
	}
	const struct report_table_doc doc = { tb, "plan", "fixes", kernel_line_name(base->prof->line), "fixes" };
	int rc = report_filtered(out, err, errlen, report_table_doc_print, &doc);
	report_table_free(tb);
	irqsim_free(base);
	return rc;
}

int irqsim_fixes(const char *filename, const char *text, size_t len, const struct irqsim_options *opt, int json,
		 FILE *out, char *err, size_t errlen)
{
	/* every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
	unsigned long nm = nomem_count;
	int rc = fixes_body(filename, text, len, opt, json, out, err, errlen, nm);
	return nomem_since(nm, err, errlen) ? -1 : output_result(out, rc, err, errlen);
}
