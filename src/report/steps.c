// SPDX-License-Identifier: GPL-2.0-only
/*
 * The steps view: one line per timeline step with its outcome as the
 * user's shell or QEMU monitor saw it (the recorder's steps.txt), then what
 * the step did to the interrupts (kernel/step_events.c), one line each.
 */
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "kernel/sim.h"
#include "irqsim/irqsim.h"
#include "report/report.h"

/* The step number a line starts with ("step 3 ..."), or null */
static json_t *step_number(const char *line)
{
	char *end;
	if (strncmp(line, "step ", 5) || line[5] < '0' || line[5] > '9')
		return json_null();
	unsigned long n = strtoul(line + 5, &end, 10);
	return *end == ' ' || *end == ':' || !*end ? report_int((long long)n) : json_null();
}

/* The snapshot of step n (its events), or NULL */
static const struct step_snapshot *snap_of(const struct sim *s, json_t *n)
{
	for (size_t i = 0; json_is_integer(n) && i < s->snaps.nr; i++)
		if ((json_int_t)s->snaps.v[i].step == json_integer_value(n))
			return &s->snaps.v[i];
	return NULL;
}

static json_t *place(int cpu, int vec)
{
	if (cpu < 0)
		return json_null();
	json_t *o = json_object();
	report_set(o, "cpu", report_int(cpu));
	report_set(o, "vector", vec >= 0 ? report_int(vec) : json_null());
	return o;
}

static bool dev_event(const struct step_event *e)
{
	return e->kind == SE_DEV_FELL_BACK || e->kind == SE_DEV_FAILED;
}

/* " #3 virtio3 (0000:00:05.0)", the address alone for a function the kernel does not name */
static void dev_text(const struct step_event *e, FILE *out)
{
	fprintf(out, " #%d ", e->dev);
	if (e->name && strcmp(e->name, e->pci))
		fprintf(out, "%s (%s)", e->name, e->pci);
	else
		fputs(e->pci, out);
}

/*
 * Event k of sn as a line ("irq 26 virtio0-req.1 (managed): shut down, ..."),
 * the devices that follow it with the same outcome in the same line: the
 * number of events printed.
 */
size_t report_step_event_text(const struct step_snapshot *sn, size_t k, FILE *out)
{
	const struct step_event *e = &sn->ev[k];
	if (dev_event(e)) {
		size_t n = 1;
		while (k + n < sn->nev && sn->ev[k + n].kind == e->kind && sn->ev[k + n].mode == e->mode &&
		       sn->ev[k + n].err == e->err)
			n++;
		const struct step_event *l = &sn->ev[k + n - 1];
		fputs("device", out);
		dev_text(e, out);
		if (n > 1) {
			fputs(" ..", out);
			dev_text(l, out);
			fprintf(out, ", %zu devices", n);
		}
		fputs(": ", out);
		if (e->kind == SE_DEV_FAILED)
			fprintf(out, "probe failed (%d)", e->err);
		else
			fprintf(out, "fell back to %s", device_irq_mode_name((enum dev_irq_mode)e->mode));
		fputc('\n', out);
		return n;
	}
	fprintf(out, "irq %u%s%s%s: ", e->irq, e->name ? " " : "", e->name ? e->name : "", e->managed ? " (managed)" : "");
	switch (e->kind) {
	case SE_MOVED:
	case SE_AFFINITY_BROKEN:
		if (e->kind == SE_AFFINITY_BROKEN)
			fputs("affinity broken, no CPU of its mask online: ", out);
		fprintf(out, "moved from CPU %d vector 0x%02x to CPU %d vector 0x%02x", e->from_cpu, e->from_vec, e->to_cpu,
			e->to_vec);
		if (e->held)
			fputs(" (the old vector held until the move is cleaned up)", out);
		break;
	case SE_MOVE_PENDING:
		fprintf(out, "move pending until its next interrupt (on CPU %d vector 0x%02x until then", e->from_cpu,
			e->from_vec);
		if (e->to_cpu >= 0)
			fprintf(out, "; then to CPU %d", e->to_cpu);
		fputc(')', out);
		break;
	case SE_SHUTDOWN:
		fprintf(out, "shut down, not migrated: its mask has no online CPU left (vector 0x%02x on CPU %d freed)",
			e->from_vec, e->from_cpu);
		break;
	case SE_RESTARTED:
		fprintf(out, "restarted on CPU %d vector 0x%02x: a CPU of its mask is online again", e->to_cpu, e->to_vec);
		break;
	case SE_FREED:
		fprintf(out, "vector 0x%02x on CPU %d freed", e->from_vec, e->from_cpu);
		break;
	default:
		break;
	}
	fputc('\n', out);
	return 1;
}

json_t *report_step_events_json(const struct step_snapshot *sn)
{
	json_t *arr = json_array();
	for (size_t k = 0; sn && k < sn->nev; k++) {
		const struct step_event *e = &sn->ev[k];
		json_t *o = json_object();
		bool dev = dev_event(e);
		report_push(arr, o);
		report_set(o, "event", report_str(step_event_name(e->kind)));
		report_set(o, "irq", dev ? json_null() : report_int(e->irq));
		report_set(o, "name", report_str(e->name));
		report_set(o, "managed", json_boolean(e->managed));
		report_set(o, "from", place(e->from_cpu, e->from_vec));
		report_set(o, "to", place(e->to_cpu, e->to_vec));
		report_set(o, "device", dev ? report_int(e->dev) : json_null());
		report_set(o, "pci", report_str(e->pci));
		report_set(o, "mode", dev ? report_str(device_irq_mode_name((enum dev_irq_mode)e->mode)) : json_null());
		report_set(o, "errno", dev ? report_int(e->err) : json_null());
	}
	return arr;
}

int report_steps(struct sim *s, const struct irqsim_output *fmt, FILE *out, char *err, size_t errlen)
{
	if (fmt->json) {
		json_t *doc = report_sim_doc(s, "steps"), *steps = json_array();
		report_set(doc, "steps", steps);
		for (size_t i = 0; i < s->steps.nr; i++) {
			json_t *o = json_object();
			report_push(steps, o);
			json_t *n = step_number(s->steps.lines[i]);
			const struct step_snapshot *sn = snap_of(s, n);
			report_set(o, "step", n);
			report_set(o, "text", report_str(s->steps.lines[i]));
			report_set(o, "events", report_step_events_json(sn));
		}
		return report_doc_print(doc, out, err, errlen);
	}
	for (size_t i = 0; i < s->steps.nr; i++) {
		fprintf(out, "%s\n", s->steps.lines[i]);
		json_t *n = step_number(s->steps.lines[i]);
		const struct step_snapshot *sn = snap_of(s, n);
		json_decref(n);
		for (size_t k = 0; sn && k < sn->nev;) {
			fputs("  ", out);
			k += report_step_event_text(sn, k, out);
		}
	}
	return 0;
}
