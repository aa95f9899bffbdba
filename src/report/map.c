// SPDX-License-Identifier: GPL-2.0-only
/*
 * The map view: one self-contained HTML page (inline SVG and CSS, no script)
 * that draws the vector space as a grid of CPUs x the 256 x86 vectors, each
 * cell coloured by its state in the matrix bitmaps (or 3.10's vector_irq
 * tables), with the devices that own the allocated cells and a per-step
 * timeline of the matrix counters.  A device's cells light up through CSS
 * :target when its link is followed, so highlighting works without
 * JavaScript.  The page is well-formed XML so that tests can parse it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vector.h"
#include "arch/x86/vector_legacy.h"
#include "drivers/driver.h"
#include "irq/irqdesc.h"
#include "irq/matrix.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "irqsim/irqsim.h"
#include "report/report.h"
#include "whatif/stats.h"

enum cell_state {
	C_UNUSABLE,       /* CPU exceptions (0-31) and vectors outside the allocation range */
	C_SYSTEM,         /* system vectors (APIC timer, IPIs, syscall, PIC cascade) */
	C_ALLOC,          /* allocated to a non-managed irq */
	C_ALLOC_MANAGED,  /* allocated to a managed irq */
	C_MANAGED_RSVD,   /* reserved for a managed irq, not allocated */
	C_FREE,
	C_OFFLINE,        /* the whole row of a possible CPU that is not online */
	C_NR
};

/* CSS class, colour, legend text.  The colours are exact: the screenshot test looks for them. */
static const struct {
	const char *cls, *color, *label;
} states[C_NR] = {
	[C_UNUSABLE] = { "x", "#c8c8c8", "not usable by devices (below 0x20 or past the allocation range)" },
	[C_SYSTEM] = { "y", "#4d4d4d", "system vector" },
	[C_ALLOC] = { "a", "#1f77b4", "allocated to an irq" },
	[C_ALLOC_MANAGED] = { "m", "#7b3fa0", "allocated to a managed irq" },
	[C_MANAGED_RSVD] = { "r", "#f0a030", "managed reservation (reserved, not allocated)" },
	[C_FREE] = { "f", "#2ca02c", "free" },
	[C_OFFLINE] = { "o", "#f2d0d0", "offline CPU" },
};

/* What the page knows about one cell's owner. */
struct owner {
	const struct irq_desc *desc;
	int dev;                    /* device index (among devices with a driver), -1 */
};

struct map {
	struct sim *s;
	unsigned ncpu;
	struct owner *own;          /* [ncpu * NR_VECTORS] */
	unsigned count[C_NR];       /* cells per state over the online CPUs; C_OFFLINE: CPUs */
	unsigned *dev_cells;        /* allocated cells per device index */
	const struct pci_dev **devs; /* device index -> device */
	unsigned ndev;
	/* geometry */
	unsigned cw, ch, gx, gy, bar_x, bar_w;
};

static void esc(FILE *out, const char *str)
{
	for (const char *p = str ? str : ""; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			fputc(*p, out);
		}
	}
}

static unsigned alloc_size(const struct sim *s)
{
	return s->matrix ? s->matrix->alloc_size : legacy_vectors_usable(s);
}

static enum cell_state cell_state(const struct map *mp, unsigned cpu, unsigned vec)
{
	struct sim *s = mp->s;
	if (!cpumask_test_cpu(cpu, &s->cpu_online_mask))
		return C_OFFLINE;
	if (!s->matrix) {
		/* 3.10: used_vectors and everything from first_system_vector up belong to the system */
		struct legacy_vector_state *v = s->legacy;
		if (vec < FIRST_EXTERNAL_VECTOR)
			return C_UNUSABLE;
		if ((v->used_vectors[vec / 64] >> (vec % 64)) & 1 || vec >= v->first_system_vector)
			return C_SYSTEM;
		return *legacy_vector_irq(v, cpu, vec) > VECTOR_UNDEFINED ? C_ALLOC : C_FREE;
	}
	const struct irq_matrix *m = s->matrix;
	if (vecmap_test(&m->system_map, vec))
		return C_SYSTEM;
	if (vec < m->alloc_start || vec >= m->alloc_end || cpu >= m->nr_maps)
		return C_UNUSABLE;
	const struct cpumap *cm = &m->maps[cpu];
	if (vecmap_test(&cm->alloc_map, vec)) {
		const struct irq_desc *d = mp->own[(size_t)cpu * NR_VECTORS + vec].desc;
		return d && d->affinity_managed ? C_ALLOC_MANAGED : C_ALLOC;
	}
	return vecmap_test(&cm->managed_map, vec) ? C_MANAGED_RSVD : C_FREE;
}

/* Index of the device among those with a driver (the summary's and explain's #N). */
static int dev_index(const struct map *mp, const struct pci_dev *d)
{
	for (unsigned k = 0; d && k < mp->ndev; k++)
		if (mp->devs[k] == d)
			return (int)k;
	return -1;
}

static void set_owner(struct map *mp, unsigned cpu, unsigned vec, const struct irq_desc *d, int dev)
{
	if (cpu >= mp->ncpu || vec >= NR_VECTORS)
		return;
	mp->own[(size_t)cpu * NR_VECTORS + vec] = (struct owner){ d, dev };
}

/* Who holds each (CPU, vector): the vector domain's per-irq data, or 3.10's tables. */
static int map_build(struct map *mp, struct sim *s)
{
	memset(mp, 0, sizeof(*mp));
	mp->s = s;
	mp->ncpu = s->topo.nr_cpu_ids;
	mp->own = nomem_check(calloc((size_t)mp->ncpu * NR_VECTORS, sizeof(*mp->own)));
	mp->devs = nomem_check(calloc(s->nr_pdevs + 1, sizeof(*mp->devs)));
	mp->dev_cells = nomem_check(calloc(s->nr_pdevs + 1, sizeof(*mp->dev_cells)));
	if (!mp->own || !mp->devs || !mp->dev_cells)
		return -1;
	for (size_t i = 0; i < s->nr_pdevs; i++)
		if (s->pdevs[i]->drv)
			mp->devs[mp->ndev++] = s->pdevs[i];
	for (unsigned i = 0; i < s->irqs.size; i++) {
		const struct irq_desc *d = s->irqs.descs[i];
		if (!d)
			continue;
		int dev = dev_index(mp, d->dev);
		if (s->matrix && d->apicd) {
			/* an unfinished move holds its old vector too */
			if (d->apicd->vector)
				set_owner(mp, d->apicd->cpu, d->apicd->vector, d, dev);
			if (d->apicd->prev_vector)
				set_owner(mp, d->apicd->prev_cpu, d->apicd->prev_vector, d, dev);
		}
	}
	if (!s->matrix)
		for (unsigned cpu = 0; cpu < mp->ncpu && cpu < s->legacy->nr_cpus; cpu++)
			for (unsigned vec = 0; vec < NR_VECTORS; vec++) {
				int irq = *legacy_vector_irq(s->legacy, cpu, vec);
				const struct irq_desc *d = irq > VECTOR_UNDEFINED ? irq_to_desc(s, (unsigned)irq) : NULL;
				if (d)
					set_owner(mp, cpu, vec, d, dev_index(mp, d->dev));
			}
	for (unsigned cpu = 0; cpu < mp->ncpu; cpu++) {
		if (!cpumask_test_cpu(cpu, &s->cpu_online_mask)) {
			mp->count[C_OFFLINE]++;
			continue;
		}
		for (unsigned vec = 0; vec < NR_VECTORS; vec++) {
			enum cell_state st = cell_state(mp, cpu, vec);
			mp->count[st]++;
			int dev = mp->own[(size_t)cpu * NR_VECTORS + vec].dev;
			if ((st == C_ALLOC || st == C_ALLOC_MANAGED) && dev >= 0)
				mp->dev_cells[dev]++;
		}
	}
	/* cells: 4 px wide; rows shrink with the CPU count so 512 CPUs stay about 1000 px tall */
	mp->cw = 4;
	mp->ch = mp->ncpu <= 96 ? 8 : mp->ncpu <= 192 ? 4 : mp->ncpu <= 640 ? 2 : 1;
	mp->gx = 64;
	mp->gy = 28;
	mp->bar_x = mp->gx + NR_VECTORS * mp->cw + 12;
	mp->bar_w = 120;
	return 0;
}

static void map_free(struct map *mp)
{
	free(mp->own);
	free(mp->devs);
	free(mp->dev_cells);
}

static double pct(unsigned part, unsigned whole)
{
	return whole ? 100.0 * part / whole : 0.0;
}

/* The headline: where the space went, in the explain view's figures. */
static void headline(const struct map *mp, FILE *out)
{
	struct sim *s = mp->s;
	struct sim_stats st;
	sim_stats(s, &st);
	unsigned online = cpumask_weight(&s->cpu_online_mask), asz = alloc_size(s);
	unsigned slots = online * asz, allocated = vector_total_allocated(s), avl = vector_global_available(s);
	fprintf(out, "<p class=\"headline\">%u online CPUs × %u allocatable vectors = %u. ", online, asz, slots);
	if (st.managed_irqs)
		fprintf(out, "<b>%u (%.1f%%) are held as managed reservations</b> of %u managed irqs (each reserves a "
			     "vector on every CPU of its mask: %u CPU slots; the first from device #%d, ",
			st.managed_reserved, pct(st.managed_reserved, slots), st.managed_irqs, st.managed_cpus,
			st.first_managed);
	if (st.managed_irqs) {
		esc(out, st.first_managed_name ? st.first_managed_name : "-");
		fputs("), ", out);
	}
	fprintf(out, "<b>%u (%.1f%%) are allocated</b> to irqs and <b>%u (%.1f%%) are available</b>", allocated,
		pct(allocated, slots), avl, pct(avl, slots));
	if (st.min_cpu >= 0)
		fprintf(out, "; the emptiest CPU, %d, has %u left", st.min_cpu, st.min_cpu_available);
	fputs(".</p>\n<p class=\"headline\">", out);
	const struct step_snapshot *ran_out = NULL;
	for (size_t i = 0; i < s->snaps.nr && !ran_out; i++)
		if (s->snaps.v[i].fell_back)
			ran_out = &s->snaps.v[i];
	if (ran_out) {
		fprintf(out, "The space ran out at step %u (", ran_out->step);
		esc(out, ran_out->text);
		fputs("): the first device fell back there. ", out);
	}
	unsigned nfb = 0;
	for (unsigned k = 0; k < mp->ndev; k++)
		nfb += device_fell_back(mp->devs[k]);
	fprintf(out, "%u of %u devices with a driver fell back or failed", nfb, mp->ndev);
	static const struct {
		enum dev_irq_mode m;
		const char *what;
	} stages[] = { { DM_SHARED, "shared MSI-X" }, { DM_INTX, "INTx" }, { DM_FAILED, "failures" } };
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		if (st.first[stages[i].m] < 0)
			continue;
		fprintf(out, "; %s from device #%d (", stages[i].what, st.first[stages[i].m]);
		esc(out, st.first_name[stages[i].m]);
		fputc(')', out);
	}
	if (s->panicked) {
		fputs("; the kernel panicked: ", out);
		esc(out, s->panic_reason);
	}
	fputs(".</p>\n", out);
}

static void style(const struct map *mp, FILE *out)
{
	fputs("<style>\n"
	      "body{font:13px/1.4 sans-serif;margin:16px;color:#222;background:#fff}\n"
	      "h1{font-size:18px;margin:0 0 8px}h2{font-size:15px;margin:18px 0 6px}\n"
	      ".headline{font-size:14px;margin:4px 0;max-width:1400px}\n"
	      "svg text{font:10px sans-serif;fill:#222}svg text.s{font-size:9px}svg text.t{font-size:7px}\n"
	      "ul.legend{list-style:none;padding:0;margin:6px 0}ul.legend li{display:inline-block;margin-right:16px}\n"
	      "table{border-collapse:collapse}td,th{padding:1px 6px;text-align:left;border-bottom:1px solid #eee}\n"
	      "td.n{text-align:right}tr.fail td{color:#b00}\n"
	      ".grid span{display:block;height:0}\n"
	      ".grid span:target~svg rect.c{opacity:.25}\n"
	      "rect.mark{fill:#d00}\n",
	      out);
	for (int i = 0; i < C_NR; i++)
		fprintf(out, ".%s{fill:%s}\n", states[i].cls, states[i].color);
	/* following a device's link (#devN) lights its cells up */
	for (unsigned k = 0; k < mp->ndev; k++)
		if (mp->dev_cells[k])
			fprintf(out, "#dev%u:target~svg .d%u{opacity:1;fill:#ffd400}\n", k, k);
	fputs("</style>\n", out);
}

static void legend(const struct map *mp, FILE *out)
{
	fputs("<ul class=\"legend\">\n", out);
	for (int i = 0; i < C_NR; i++) {
		fprintf(out, "<li data-state=\"%s\" data-count=\"%u\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"12\"><rect width=\"12\" "
			     "height=\"12\" class=\"%s\"/></svg> %s: <b>%u</b>%s</li>\n",
			states[i].cls, mp->count[i], states[i].cls, states[i].label, mp->count[i],
			i == C_OFFLINE ? " CPUs" : "");
	}
	fputs("</ul>\n", out);
	if (mp->s->matrix && mp->s->matrix->global_reserved)
		fprintf(out, "<p>Besides the cells: %u non-managed reservations (global_reserved) are counted against "
			     "the free vectors without holding one.</p>\n",
			mp->s->matrix->global_reserved);
}

/* A cell's tooltip: the irq, its action's name and its device. */
static void cell_title(const struct map *mp, unsigned cpu, unsigned vec, const struct owner *o, FILE *out)
{
	fprintf(out, "CPU %u vector 0x%02x: ", cpu, vec);
	if (!o->desc) {
		fputs("allocated, no irq descriptor holds it", out);
		return;
	}
	const struct irq_desc *d = o->desc;
	fprintf(out, "irq %u ", d->irq);
	esc(out, d->action ? d->action->name : d->chip_name);
	if (d->affinity_managed)
		fputs(" (managed)", out);
	if (o->dev >= 0) {
		const struct pci_dev *p = mp->devs[o->dev];
		fprintf(out, ", device #%d %s ", o->dev, p->name);
		esc(out, driver_dev_name(p));
		fputs(" (", out);
		esc(out, p->drv->kernel_name);
		fprintf(out, ", %s)", device_irq_mode_name(device_irq_mode(p)));
	}
}

static void run_title(enum cell_state st, unsigned cpu, unsigned from, unsigned to, FILE *out)
{
	fprintf(out, "<title>CPU %u vector 0x%02x", cpu, from);
	if (to != from)
		fprintf(out, "-0x%02x", to);
	fprintf(out, ": %s</title>", states[st].label);
}

/* One CPU's counters as the debugfs VECTOR file prints them, and a bar of them. */
static void cpu_totals(const struct map *mp, unsigned cpu, unsigned y, FILE *out)
{
	struct sim *s = mp->s;
	unsigned asz = alloc_size(s), avl, act, man = 0, mac = 0;
	if (s->matrix) {
		const struct cpumap *cm = &s->matrix->maps[cpu];
		avl = cm->available;
		act = cm->allocated;
		man = cm->managed;
		mac = cm->managed_allocated;
	} else {
		avl = vector_cpu_available(s, cpu);
		act = vector_cpu_allocated(s, cpu);
	}
	unsigned parts[3] = { act, man - mac, avl };
	const char *cls[3] = { "a", "r", "f" };
	unsigned x = mp->bar_x;
	fprintf(out, "<g><title>CPU %u: avl %u, man %u, mac %u, act %u</title>", cpu, avl, man, mac, act);
	for (int i = 0; i < 3; i++) {
		unsigned w = asz ? (parts[i] * mp->bar_w + asz / 2) / asz : 0;
		if (!w)
			continue;
		fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"%s\"/>", x, y, w, mp->ch,
			cls[i]);
		x += w;
	}
	if (mp->ch >= 8)
		fprintf(out, "<text class=\"t\" x=\"%u\" y=\"%u\">avl %u man %u mac %u act %u</text>",
			mp->bar_x + mp->bar_w + 6, y + mp->ch - 1, avl, man, mac, act);
	fputs("</g>\n", out);
}

static void grid(const struct map *mp, FILE *out)
{
	unsigned w = mp->bar_x + mp->bar_w + 190;
	unsigned h = mp->gy + mp->ncpu * mp->ch + 8;
	fputs("<div class=\"grid\">\n", out);
	for (unsigned k = 0; k < mp->ndev; k++)
		if (mp->dev_cells[k])
			fprintf(out, "<span id=\"dev%u\"></span>\n", k);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" shape-rendering=\"crispEdges\">\n",
		w, h);
	/* vector axis: a tick and label every 0x20 */
	for (unsigned v = 0; v <= NR_VECTORS; v += 0x20) {
		unsigned x = mp->gx + v * mp->cw;
		fprintf(out, "<text x=\"%u\" y=\"%u\">0x%02x</text><rect x=\"%u\" y=\"%u\" width=\"1\" height=\"4\" class=\"y\"/>\n",
			v == NR_VECTORS ? x - 24 : x, mp->gy - 10, v == NR_VECTORS ? 0xff : v, v == NR_VECTORS ? x - 1 : x,
			mp->gy - 5);
	}
	fprintf(out, "<text x=\"%u\" y=\"%u\">per-CPU totals (allocated | managed reserved | available)</text>\n",
		mp->bar_x, mp->gy - 10);
	unsigned label_every = mp->ch >= 8 ? 2 : mp->ch >= 4 ? 4 : 32;
	for (unsigned cpu = 0; cpu < mp->ncpu; cpu++) {
		unsigned y = mp->gy + cpu * mp->ch;
		if (cpu % label_every == 0)
			fprintf(out, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">CPU %u</text>\n", mp->gx - 4,
				y + (mp->ch >= 8 ? mp->ch - 1 : 8), cpu);
		if (!cpumask_test_cpu(cpu, &mp->s->cpu_online_mask)) {
			fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"c o\"><title>CPU %u: offline</title></rect>\n",
				mp->gx, y, NR_VECTORS * mp->cw, mp->ch, cpu);
			continue;
		}
		/* runs of one state; allocated cells one by one, each with its owner */
		for (unsigned vec = 0; vec < NR_VECTORS;) {
			enum cell_state st = cell_state(mp, cpu, vec);
			unsigned end = vec + 1;
			if (st == C_ALLOC || st == C_ALLOC_MANAGED) {
				const struct owner *o = &mp->own[(size_t)cpu * NR_VECTORS + vec];
				fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"c %s", mp->gx + vec * mp->cw,
					y, mp->cw, mp->ch, states[st].cls);
				if (o->dev >= 0)
					fprintf(out, " d%d", o->dev);
				fputs("\"><title>", out);
				cell_title(mp, cpu, vec, o, out);
				fputs("</title></rect>\n", out);
				vec = end;
				continue;
			}
			while (end < NR_VECTORS && cell_state(mp, cpu, end) == st)
				end++;
			fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"c %s\">", mp->gx + vec * mp->cw,
				y, (end - vec) * mp->cw, mp->ch, states[st].cls);
			run_title(st, cpu, vec, end - 1, out);
			fputs("</rect>\n", out);
			vec = end;
		}
		cpu_totals(mp, cpu, y, out);
	}
	fputs("</svg>\n</div>\n", out);
}

/* The matrix counters after each step as stacked bars: when did the space run out? */
static void timeline(const struct map *mp, FILE *out)
{
	struct sim *s = mp->s;
	unsigned maxslots = 1, rh = 16, lx = 330, bw = 600;
	for (size_t i = 0; i < s->snaps.nr; i++)
		if (s->snaps.v[i].slots > maxslots)
			maxslots = s->snaps.v[i].slots;
	const struct step_snapshot *first_fb = NULL;
	for (size_t i = 0; i < s->snaps.nr && !first_fb; i++)
		if (s->snaps.v[i].fell_back)
			first_fb = &s->snaps.v[i];
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%zu\" shape-rendering=\"crispEdges\">\n",
		lx + bw + 420, s->snaps.nr * rh + 4);
	for (size_t i = 0; i < s->snaps.nr; i++) {
		const struct step_snapshot *sn = &s->snaps.v[i];
		unsigned y = (unsigned)i * rh + 2;
		char label[64];
		/* long directives are cut to keep the bars aligned; the tooltip has all of it */
		snprintf(label, sizeof(label), "%.56s%s", sn->text, strlen(sn->text) > 56 ? "…" : "");
		fprintf(out, "<g><title>step %u ", sn->step);
		esc(out, sn->text);
		fprintf(out, ": allocated %u, managed reserved %u, available %u of %u; emptiest CPU %u available; "
			     "%u devices, %u fell back, %u failed</title>",
			sn->allocated, sn->managed_reserved, sn->available, sn->slots, sn->min_available, sn->devices,
			sn->fell_back, sn->failed);
		fprintf(out, "<text x=\"0\" y=\"%u\">%u ", y + 11, sn->step);
		esc(out, label);
		fputs("</text>", out);
		unsigned other = sn->slots - (sn->allocated + sn->managed_reserved + sn->available < sn->slots
						      ? sn->allocated + sn->managed_reserved + sn->available
						      : sn->slots);
		unsigned parts[4] = { sn->allocated, sn->managed_reserved, sn->available, other };
		const char *cls[4] = { "a", "r", "f", "x" };
		unsigned x = lx;
		for (int k = 0; k < 4; k++) {
			unsigned w = (unsigned)(((unsigned long long)parts[k] * bw + maxslots / 2) / maxslots);
			if (!w)
				continue;
			fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"%s\"/>", x, y, w, rh - 4,
				cls[k]);
			x += w;
		}
		fprintf(out, "<text class=\"s\" x=\"%u\" y=\"%u\">alloc %u · managed %u · free %u · min CPU %u · "
			     "devices %u, fell back %u, failed %u%s</text></g>\n",
			lx + bw + 8, y + 10, sn->allocated, sn->managed_reserved, sn->available, sn->min_available,
			sn->devices, sn->fell_back, sn->failed, sn == first_fb ? " ◀ space ran out" : "");
	}
	fputs("</svg>\n", out);
}

static void devices(const struct map *mp, FILE *out)
{
	struct sim *s = mp->s;
	fputs("<table>\n<tr><th>#</th><th>PCI</th><th>id</th><th>driver</th><th>name</th><th>mode</th><th>irqs</th>"
	      "<th>vectors on the map</th><th>managed reservations</th></tr>\n",
	      out);
	for (unsigned k = 0; k < mp->ndev; k++) {
		const struct pci_dev *d = mp->devs[k];
		enum dev_irq_mode mode = device_irq_mode(d);
		/* one reservation per CPU of each managed irq's mask; the allocated one is on the map */
		unsigned rsv = 0;
		for (unsigned i = 0; i < d->nr_msi; i++) {
			const struct irq_desc *x = irq_to_desc(s, d->msi[i].irq);
			if (x && x->apicd && x->affinity_managed)
				rsv += cpumask_weight(&x->affinity) - (x->apicd->vector && !x->managed_shutdown);
		}
		char irqs[256];
		report_irq_text(s, d, irqs, sizeof(irqs));
		fprintf(out, "<tr%s><td class=\"n\">%u</td><td>", device_fell_back(d) ? " class=\"fail\"" : "", k);
		if (mp->dev_cells[k])
			fprintf(out, "<a href=\"#dev%u\">%s</a>", k, d->name);
		else
			fputs(d->name, out);
		fputs("</td><td>", out);
		esc(out, d->id ? d->id : "-");
		fputs("</td><td>", out);
		esc(out, d->drv->kernel_name);
		fputs("</td><td>", out);
		esc(out, driver_dev_name(d));
		fprintf(out, "</td><td>%s", device_irq_mode_name(mode));
		if (d->probe_err)
			fprintf(out, " (%d)", d->probe_err);
		fprintf(out, "</td><td>%s</td><td class=\"n\">%u</td><td class=\"n\">%u</td></tr>\n", irqs[0] ? irqs : "-",
			mp->dev_cells[k], rsv);
	}
	fputs("</table>\n", out);
}

int report_map(struct sim *s, int json, FILE *out)
{
	if (json)
		return -1; /* an HTML page; the other views carry the JSON */
	struct map mp;
	if (map_build(&mp, s)) {
		map_free(&mp);
		return -1;
	}
	unsigned online = cpumask_weight(&s->cpu_online_mask);
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n",
	      out);
	fprintf(out, "<title>irqsim vector map: kernel %s, %s, %u CPUs</title>\n", kernel_line_name(s->prof->line),
		s->machine == MACHINE_PC ? "pc" : "q35", online);
	style(&mp, out);
	fputs("</head>\n<body>\n", out);
	fprintf(out, "<h1>Vector space: kernel %s, machine %s, %u of %u CPUs online</h1>\n",
		kernel_line_name(s->prof->line), s->machine == MACHINE_PC ? "pc" : "q35", online, mp.ncpu);
	headline(&mp, out);
	fputs("<h2>Timeline: the vector space after each step</h2>\n", out);
	timeline(&mp, out);
	fprintf(out, "<h2>CPUs × vectors%s</h2>\n",
		s->matrix ? " (irq_matrix bitmaps)" : " (3.10 vector_irq tables, no matrix)");
	legend(&mp, out);
	grid(&mp, out);
	fputs("<h2>Devices</h2>\n<p>Follow a device's link to light up its vectors on the map "
	      "(each allocated cell's tooltip names its irq and device).</p>\n",
	      out);
	devices(&mp, out);
	fputs("</body>\n</html>\n", out);
	map_free(&mp);
	return 0;
}
