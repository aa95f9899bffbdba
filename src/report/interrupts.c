// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/interrupts (kernel/irq/proc.c: show_interrupts,
 * arch/x86/kernel/irq.c: arch_show_interrupts) and the /proc/irq/N affinity
 * files.  Counts are 0: the simulator allocates vectors, it delivers no
 * interrupts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irq/irqdesc.h"
#include "irq/proc.h"
#include "irqsim/irqsim.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "report/report.h"

static int irq_prec(const struct sim *s)
{
	int prec = 3;
	for (unsigned j = 1000; prec < 10 && j <= s->irqs.nr_irqs; j *= 10)
		prec++;
	return prec;
}

/* The irq's handlers' names */
static json_t *actions_list(const struct irq_desc *d)
{
	json_t *arr = json_array();
	if (!arr)
		report_push(NULL, NULL); /* remembered as out of memory */
	for (const struct irqaction *a = d->action; a; a = a->next)
		report_push(arr, report_str(a->name));
	return arr;
}

const struct report_column report_interrupts_columns[] = {
	{ "irq", "the irq number", RT_NUMBER, false, false },
	{ "chip", "the irq chip (IO-APIC, PCI-MSIX-0000:00:03.0, ...; null: none)", RT_STRING, true, false },
	{ "hwirq", "the hardware irq number in its domain (null: none shown)", RT_NUMBER, true, false },
	{ "handler", "the flow handler (edge, fasteoi)", RT_STRING, false, false },
	{ "actions", "the handlers' names", RT_STRINGS, false, false },
	{ "effective_cpu", "the CPU the vector is on (null: not started, or 3.10 with its mask)", RT_NUMBER, true,
	  false },
};
const size_t report_interrupts_nr_columns =
	sizeof(report_interrupts_columns) / sizeof(report_interrupts_columns[0]);

/*
 * The requested irqs as rows, as lsirq(1) makes them: the table form and the
 * JSON of the interrupts view (the per-CPU counts are all 0 here).
 */
static int interrupts_table(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	struct report_table *tb =
		report_table_new(report_interrupts_columns, report_interrupts_nr_columns, fmt, err, errlen);
	if (!tb)
		return -1;
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->action)
			continue;
		json_t *row = report_table_row(tb);
		report_set(row, "irq", report_int(d->irq));
		report_set(row, "chip", d->chip_name[0] ? report_str(d->chip_name) : json_null());
		report_set(row, "hwirq",
			   d->has_domain && !s->prof->proc_no_hwirq ? report_int((long long)d->hwirq) : json_null());
		report_set(row, "handler", report_str(d->handler));
		report_set(row, "actions", actions_list(d));
		report_set(row, "effective_cpu",
			   d->has_effective && !d->effective_is_affinity ? report_int(d->effective_cpu) : json_null());
	}
	return report_table_finish(tb, s, "interrupts", "interrupts", fmt, out, err, errlen);
}

int report_interrupts(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	/* the /proc/interrupts text unless a table option asks for the table */
	if (report_format_custom(fmt))
		return interrupts_table(s, fmt, out, err, errlen);
	int prec = irq_prec(s);
	unsigned cpu;
	if (fmt->json)
		return interrupts_table(s, fmt, out, err, errlen);
	/*
	 * Every count is 0: the online CPUs' cells ("%10u " each) are the same
	 * for every line, written once here and then in one piece per line (a
	 * formatting call per cell was 1 s of a 1.5 s run at 8192 CPUs).
	 */
	static const char cell[] = "         0 ";
	size_t cw = sizeof(cell) - 1, ncells = cpumask_weight(&s->cpu_online_mask);
	char *zeros = nomem_check(malloc(ncells * cw + 1));
	if (!zeros) {
		snprintf(err, errlen, "irqsim: out of memory");
		return -1;
	}
	for (size_t c = 0; c < ncells; c++)
		memcpy(zeros + c * cw, cell, cw);
	fprintf(out, "%*s", prec + 8, "");
	for_each_cpu(cpu, &s->cpu_online_mask)
		fprintf(out, "CPU%-8u", cpu);
	fputc('\n', out);
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->action)
			continue;
		fprintf(out, "%*u: ", prec, d->irq);
		fwrite(zeros, 1, ncells * cw, out);
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
		/* switch no_mce_vectors: THR, DFR, MCE, MCP need CONFIG_X86_MCE (the last four rows) */
		if (s->prof->no_mce_vectors && l + 4 >= sizeof(arch_lines) / sizeof(arch_lines[0]))
			continue;
		fprintf(out, "%*s: ", prec, arch_lines[l][0]);
		fwrite(zeros, 1, ncells * cw, out);
		fprintf(out, "  %s\n", arch_lines[l][1]);
	}
	fprintf(out, "%*s: %10u\n", prec, "ERR", 0u);
	fprintf(out, "%*s: %10u\n", prec, "MIS", 0u);
	fprintf(out, "%*s: ", prec, "PIN");
	fwrite(zeros, 1, ncells * cw, out);
	fprintf(out, "  %s\n", "Posted-interrupt notification event");
	free(zeros);
	return 0;
}

const struct report_column report_affinity_columns[] = {
	{ "irq", "the irq number (/proc/irq/N)", RT_NUMBER, false, false },
	{ "smp_affinity_list", "smp_affinity_list", RT_CPULIST, false, false },
	{ "effective_affinity_list", "effective_affinity_list (null before the irq is started)", RT_CPULIST, true,
	  false },
	{ "managed", "kernel-managed affinity", RT_BOOL, false, false },
	{ "actions", "the handlers' names, as /proc/interrupts lists them", RT_STRINGS, false, true },
};
const size_t report_affinity_nr_columns = sizeof(report_affinity_columns) / sizeof(report_affinity_columns[0]);

/*
 * One line per /proc/irq/N: N smp_affinity_list effective_affinity_list, as
 * a shell loop over /proc prints them; the table when the caller chose
 * columns, sorting or another table format, and for JSON.
 */
int report_affinity(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	char aff[8192], eff[8192];
	struct report_table *tb = NULL;
	bool table = report_format_custom(fmt) || fmt->json;
	if (table && !(tb = report_table_new(report_affinity_columns, report_affinity_nr_columns, fmt, err, errlen)))
		return -1;
	for (unsigned i = 0; i < s->irqs.size; i++) {
		struct irq_desc *d = s->irqs.descs[i];
		if (!d || !d->proc_registered)
			continue;
		read_irq_affinity(s, d->irq, aff, sizeof(aff));
		read_irq_effective_affinity(s, d, eff, sizeof(eff));
		if (!tb) {
			fprintf(out, "%u %s %s\n", d->irq, aff, eff[0] ? eff : "-");
			continue;
		}
		json_t *row = report_table_row(tb);
		report_set(row, "irq", report_int(d->irq));
		report_set(row, "smp_affinity_list", report_cpulist(aff));
		report_set(row, "effective_affinity_list", eff[0] ? report_cpulist(eff) : json_null());
		report_set(row, "managed", json_boolean(d->affinity_managed));
		report_set(row, "actions", actions_list(d));
	}
	return tb ? report_table_finish(tb, s, "affinity", "irqs", fmt, out, err, errlen) : 0;
}
