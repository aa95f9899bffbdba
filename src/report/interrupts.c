// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/interrupts (kernel/irq/proc.c: show_interrupts,
 * arch/x86/kernel/irq.c: arch_show_interrupts) and the /proc/irq/N affinity
 * files.  Counts are 0: the simulator allocates vectors, it delivers no
 * interrupts.
 */
#include <libsmartcols.h>
#include <stdio.h>
#include <string.h>

#include "irq/irqdesc.h"
#include "irq/proc.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "report/report.h"

static int irq_prec(const struct sim *s)
{
	int prec = 3;
	for (unsigned j = 1000; prec < 10 && j <= s->irqs.nr_irqs; j *= 10)
		prec++;
	return prec;
}

/* The irq's handlers' names, comma-separated, or "-" */
static void actions_list(const struct irq_desc *d, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (const struct irqaction *a = d->action; a && n < len; a = a->next)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "", a->name);
	if (!buf[0])
		snprintf(buf, len, "-");
}

const struct report_column report_interrupts_columns[] = {
	{ "IRQ", "the irq number", SCOLS_JSON_NUMBER, 0, false },
	{ "CHIP", "the irq chip (IO-APIC, PCI-MSIX-0000:00:03.0, ...)", 0, 0, false },
	{ "HWIRQ", "the hardware irq number in its domain, or -", 0, 0, false },
	{ "HANDLER", "the flow handler (edge, fasteoi)", 0, 0, false },
	{ "ACTIONS", "the handlers' names", 0, 0, false },
	{ "EFFECTIVE", "the CPU the vector is on, or - (not started, or 3.10 with its mask)", 0, 0, false },
};
const size_t report_interrupts_nr_columns =
	sizeof(report_interrupts_columns) / sizeof(report_interrupts_columns[0]);

/*
 * /proc/interrupts as a table, as lsirq(1) makes one: one row per requested
 * irq, without the per-CPU counts (all 0 here).
 */
static int interrupts_table(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	struct libscols_table *tb = report_table_new("interrupts", report_interrupts_columns,
						     report_interrupts_nr_columns, fmt, out, err, errlen);
	if (!tb)
		return -1;
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->action)
			continue;
		char irq[16], hwirq[24], eff[16], actions[512];
		snprintf(irq, sizeof(irq), "%u", d->irq);
		if (d->has_domain && !s->prof->proc_no_hwirq)
			snprintf(hwirq, sizeof(hwirq), "%lu", d->hwirq);
		else
			snprintf(hwirq, sizeof(hwirq), "-");
		if (d->has_effective && !d->effective_is_affinity)
			snprintf(eff, sizeof(eff), "%u", d->effective_cpu);
		else
			snprintf(eff, sizeof(eff), "-");
		actions_list(d, actions, sizeof(actions));
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		scols_line_set_data(ln, 0, irq);
		scols_line_set_data(ln, 1, d->chip_name[0] ? d->chip_name : "-");
		scols_line_set_data(ln, 2, hwirq);
		scols_line_set_data(ln, 3, d->handler);
		scols_line_set_data(ln, 4, actions);
		scols_line_set_data(ln, 5, eff);
	}
	report_table_print(tb, fmt);
	if (fmt->json)
		fputc('\n', out);
	return 0;
}

int report_interrupts(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	if (report_format_custom(fmt))
		return interrupts_table(s, fmt, out, err, errlen);
	int json = fmt->json;
	int prec = irq_prec(s);
	unsigned cpu;
	if (json) {
		fputs("{\"interrupts\": [", out);
		int first = 1;
		for (unsigned i = 0; i < s->irqs.size; i++) {
			struct irq_desc *d = s->irqs.descs[i];
			if (!d || !d->action)
				continue;
			char eff[16] = "null";
			if (d->has_effective && !d->effective_is_affinity)
				snprintf(eff, sizeof(eff), "%u", d->effective_cpu);
			fprintf(out, "%s{\"irq\": %u, \"chip\": ", first ? "\n  " : ",\n  ", d->irq);
			json_put_string(out, d->chip_name);
			fprintf(out, ", \"hwirq\": %lu, \"handler\": ", d->hwirq);
			json_put_string(out, d->handler);
			fputs(", \"actions\": [", out);
			for (struct irqaction *a = d->action; a; a = a->next) {
				json_put_string(out, a->name);
				if (a->next)
					fputs(", ", out);
			}
			fprintf(out, "], \"effective_cpu\": %s}", eff);
			first = 0;
		}
		fputs("\n]}\n", out);
		return 0;
	}
	fprintf(out, "%*s", prec + 8, "");
	for_each_cpu(cpu, &s->cpu_online_mask)
		fprintf(out, "CPU%-8u", cpu);
	fputc('\n', out);
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->action)
			continue;
		fprintf(out, "%*u: ", prec, d->irq);
		for_each_cpu(cpu, &s->cpu_online_mask)
			fprintf(out, "%10u ", 0u);
		/* switch proc_chip_column_narrow (6.13): one space fewer before the chip name */
		fprintf(out, s->prof->proc_chip_column_narrow ? "%8s" : " %8s", d->chip_name[0] ? d->chip_name : "-");
		if (s->prof->proc_no_hwirq)
			; /* 3.10: chip name and flow handler only */
		else if (d->has_domain)
			fprintf(out, " %*lu", prec, d->hwirq);
		else
			fprintf(out, "%*s", prec + 1, "");
		fprintf(out, "-%-8s", d->handler);
		for (struct irqaction *a = d->action; a; a = a->next)
			fprintf(out, "%s%s", a == d->action ? "  " : ", ", a->name);
		fputc('\n', out);
	}
	/* arch_show_interrupts: the 6.1 Debian set seen in the reference guests */
	static const char *const arch_lines[][2] = {
		{ "NMI", "Non-maskable interrupts" }, { "LOC", "Local timer interrupts" },
		{ "SPU", "Spurious interrupts" }, { "PMI", "Performance monitoring interrupts" },
		{ "IWI", "IRQ work interrupts" }, { "RTR", "APIC ICR read retries" },
		{ "RES", "Rescheduling interrupts" }, { "CAL", "Function call interrupts" },
		{ "TLB", "TLB shootdowns" }, { "TRM", "Thermal event interrupts" },
		{ "THR", "Threshold APIC interrupts" }, { "DFR", "Deferred Error APIC interrupts" },
		{ "MCE", "Machine check exceptions" }, { "MCP", "Machine check polls" },
	};
	for (size_t l = 0; l < sizeof(arch_lines) / sizeof(arch_lines[0]); l++) {
		fprintf(out, "%*s: ", prec, arch_lines[l][0]);
		for_each_cpu(cpu, &s->cpu_online_mask)
			fprintf(out, "%10u ", 0u);
		fprintf(out, "  %s\n", arch_lines[l][1]);
	}
	fprintf(out, "%*s: %10u\n", prec, "ERR", 0u);
	fprintf(out, "%*s: %10u\n", prec, "MIS", 0u);
	fprintf(out, "%*s: ", prec, "PIN");
	for_each_cpu(cpu, &s->cpu_online_mask)
		fprintf(out, "%10u ", 0u);
	fprintf(out, "  %s\n", "Posted-interrupt notification event");
	return 0;
}

const struct report_column report_affinity_columns[] = {
	{ "IRQ", "the irq number (/proc/irq/N)", SCOLS_JSON_NUMBER, 0, false },
	{ "AFFINITY", "smp_affinity_list", 0, 0, false },
	{ "EFFECTIVE", "effective_affinity_list (- before the irq is started)", 0, 0, false },
	{ "MANAGED", "kernel-managed affinity (yes/no)", SCOLS_JSON_BOOLEAN, 0, true },
	{ "ACTIONS", "the handlers' names, as /proc/interrupts lists them", 0, 0, true },
};
const size_t report_affinity_nr_columns = sizeof(report_affinity_columns) / sizeof(report_affinity_columns[0]);

/*
 * One line per /proc/irq/N: N smp_affinity_list effective_affinity_list, as
 * a shell loop over /proc prints them; a libsmartcols table when the caller
 * chose columns, sorting or another table format.
 */
int report_affinity(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	char aff[8192], eff[8192], irq[16], actions[512];
	int first = 1, json = fmt->json;
	struct libscols_table *tb = NULL;
	if (report_format_custom(fmt)) {
		tb = report_table_new("irqs", report_affinity_columns, report_affinity_nr_columns, fmt, out, err,
				      errlen);
		if (!tb)
			return -1;
	} else if (json) {
		fputs("{\"irqs\": [", out);
	}
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->proc_registered)
			continue;
		read_irq_affinity(s, d->irq, aff, sizeof(aff));
		read_irq_effective_affinity(s, d, eff, sizeof(eff));
		if (!eff[0])
			snprintf(eff, sizeof(eff), "-");
		if (tb) {
			actions_list(d, actions, sizeof(actions));
			snprintf(irq, sizeof(irq), "%u", d->irq);
			struct libscols_line *ln = scols_table_new_line(tb, NULL);
			scols_line_set_data(ln, 0, irq);
			scols_line_set_data(ln, 1, aff);
			scols_line_set_data(ln, 2, eff);
			/* "no", not "false": libsmartcols' JSON boolean is false only for 0, N or n */
			scols_line_set_data(ln, 3, d->affinity_managed ? "yes" : "no");
			scols_line_set_data(ln, 4, actions);
		} else if (json) {
			fprintf(out, "%s{\"irq\": %u, \"smp_affinity_list\": ", first ? "\n  " : ",\n  ", d->irq);
			json_put_string(out, aff);
			fputs(", \"effective_affinity_list\": ", out);
			json_put_string(out, eff);
			fprintf(out, ", \"managed\": %s}", d->affinity_managed ? "true" : "false");
			first = 0;
		} else {
			fprintf(out, "%u %s %s\n", d->irq, aff, eff);
		}
	}
	if (tb) {
		report_table_print(tb, fmt);
		if (json)
			fputc('\n', out);
	} else if (json) {
		fputs("\n]}\n", out);
	}
	return 0;
}
