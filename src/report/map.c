// SPDX-License-Identifier: GPL-2.0-only
/*
 * The map view: one self-contained HTML page (inline SVG, CSS and script, no
 * network) that draws the vector space as a grid of CPUs x the 256 x86
 * vectors, each cell coloured by its state in the matrix bitmaps (or 3.10's
 * vector_irq tables), with the devices grouped into ranges, a per-step
 * timeline of the matrix counters and per-CPU totals.
 *
 * The page is an explorer: a step control redraws the grid, the counts and
 * the step's headline after any step, from every step's cells kept while the
 * scenario ran (map_record, a sim step hook) and embedded as compact JSON;
 * selecting a device or a group lights up its cells and shows its causal
 * chain.  Several runs (the variants of a file, compare's runs) are drawn
 * side by side with the same cells and scales.  Without script the page
 * still shows the last step, and a device's link lights its cells up through
 * CSS :target.  The page is well-formed XML so that tests can parse it.
 */
#include <errno.h>
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
#include "report/groups.h"
#include "report/map.h"
#include "lib/nomem.h"
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

struct map_log;

/* What the page knows about one cell's owner. */
struct owner {
	const struct irq_desc *desc;
	int pdev;                   /* index in s->pdevs, -1 */
};

/* A device's index by its address (bsearch), for the owners of the cells. */
struct dev_ref {
	const struct pci_dev *d;
	int pdev;
};

struct map {
	struct sim *s;
	unsigned ncpu;
	struct owner *own;          /* [ncpu * NR_VECTORS] */
	struct dev_ref *refs;       /* sorted by address */
	int *num;                   /* pdev index -> index among devices with a driver (the summary's #N), -1 */
	unsigned count[C_NR];       /* cells per state over the online CPUs; C_OFFLINE: CPUs */
	unsigned *dev_cells;        /* allocated cells per pdev index */
	const struct map_log *lg;   /* the page's: every step's cells */
};

/* The page's geometry, the same for every pane */
struct geom {
	unsigned cw, ch, gx, gy, bar_x, bar_w, ncpu;
	unsigned tl_label, tl_bar;  /* timeline: label column, bar width */
	unsigned tl_text, tl_mark;  /* timeline: the counters' column (0: none, side by side), a mark's */
	unsigned long long tl_max;  /* timeline: the largest slot count of any pane's step */
};

/*
 * What map_record keeps of every step: the rows of CPUs that changed since
 * the step before, the devices whose mode changed, the first device that
 * fell back and the first that failed, and the emptiest CPU.
 */
struct map_log {
	unsigned ncpu;
	char **prev;                /* [ncpu] each CPU's last row as encoded */
	signed char *mode;          /* [nmode] each pdev's last mode (DM_*), -1 not yet seen; +DM_NR: fell back */
	size_t nmode;
	json_t *steps;              /* one object a recorded step */
	json_t *irqnames;           /* "irq" -> its action's name, as irqs appear */
	size_t bytes;               /* of the rows kept: at MAP_LOG_MAX the hook keeps no more steps */
	bool full;
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

static int ref_cmp(const void *a, const void *b)
{
	const struct dev_ref *x = a, *y = b;
	return x->d < y->d ? -1 : x->d > y->d;
}

static int pdev_index(const struct map *mp, const struct pci_dev *d)
{
	if (!d)
		return -1;
	struct dev_ref key = { d, -1 };
	const struct dev_ref *r = bsearch(&key, mp->refs, mp->s->nr_pdevs, sizeof(*mp->refs), ref_cmp);
	return r ? r->pdev : -1;
}

static void set_owner(struct map *mp, unsigned cpu, unsigned vec, const struct irq_desc *d)
{
	if (cpu >= mp->ncpu || vec >= NR_VECTORS)
		return;
	mp->own[(size_t)cpu * NR_VECTORS + vec] = (struct owner){ d, pdev_index(mp, d ? d->dev : NULL) };
}

static void map_free(struct map *mp)
{
	free(mp->own);
	free(mp->refs);
	free(mp->num);
	free(mp->dev_cells);
}

/* Who holds each (CPU, vector): the vector domain's per-irq data, or 3.10's tables. */
static int map_build(struct map *mp, struct sim *s)
{
	memset(mp, 0, sizeof(*mp));
	mp->s = s;
	mp->ncpu = s->topo.nr_cpu_ids;
	size_t np = s->nr_pdevs + 1;
	mp->own = nomem_check(calloc((size_t)mp->ncpu * NR_VECTORS, sizeof(*mp->own)));
	mp->refs = nomem_check(calloc(np, sizeof(*mp->refs)));
	mp->num = nomem_check(calloc(np, sizeof(*mp->num)));
	mp->dev_cells = nomem_check(calloc(np, sizeof(*mp->dev_cells)));
	if (!mp->own || !mp->refs || !mp->num || !mp->dev_cells) {
		map_free(mp);
		return -1;
	}
	int n = 0;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		mp->refs[i] = (struct dev_ref){ s->pdevs[i], (int)i };
		mp->num[i] = s->pdevs[i]->drv ? n++ : -1;
	}
	qsort(mp->refs, s->nr_pdevs, sizeof(*mp->refs), ref_cmp);
	for (unsigned i = 0; i < s->irqs.size; i++) {
		const struct irq_desc *d = s->irqs.descs[i];
		if (!d || !s->matrix || !d->apicd)
			continue;
		/* an unfinished move holds its old vector too */
		if (d->apicd->vector)
			set_owner(mp, d->apicd->cpu, d->apicd->vector, d);
		if (d->apicd->prev_vector)
			set_owner(mp, d->apicd->prev_cpu, d->apicd->prev_vector, d);
	}
	if (!s->matrix)
		for (unsigned cpu = 0; cpu < mp->ncpu && cpu < s->legacy->nr_cpus; cpu++)
			for (unsigned vec = 0; vec < NR_VECTORS; vec++) {
				int irq = *legacy_vector_irq(s->legacy, cpu, vec);
				const struct irq_desc *d = irq > VECTOR_UNDEFINED ? irq_to_desc(s, (unsigned)irq) : NULL;
				if (d)
					set_owner(mp, cpu, vec, d);
			}
	for (unsigned cpu = 0; cpu < mp->ncpu; cpu++) {
		if (!cpumask_test_cpu(cpu, &s->cpu_online_mask)) {
			mp->count[C_OFFLINE]++;
			continue;
		}
		for (unsigned vec = 0; vec < NR_VECTORS; vec++) {
			enum cell_state st = cell_state(mp, cpu, vec);
			mp->count[st]++;
			int p = mp->own[(size_t)cpu * NR_VECTORS + vec].pdev;
			if ((st == C_ALLOC || st == C_ALLOC_MANAGED) && p >= 0)
				mp->dev_cells[p]++;
		}
	}
	return 0;
}

/* One CPU's counters as the debugfs VECTOR file prints them. */
struct cpu_tot {
	unsigned avl, man, mac, act;
};

static struct cpu_tot cpu_totals(const struct sim *s, unsigned cpu)
{
	if (s->matrix) {
		const struct cpumap *cm = &s->matrix->maps[cpu];
		return (struct cpu_tot){ cm->available, cm->managed, cm->managed_allocated, cm->allocated };
	}
	return (struct cpu_tot){ vector_cpu_available(s, cpu), 0, 0, vector_cpu_allocated(s, cpu) };
}

/*
 * A CPU's row as the page's script reads it: "o" for an offline CPU, else
 * runs of one state as its letter and length ("x32y", a length of 1 left
 * out), each allocated cell alone with its irq and pdev ("m@26.3"; -1: none),
 * then "|avl,man,mac,act".
 */
static void encode_row(const struct map *mp, unsigned cpu, FILE *f)
{
	if (!cpumask_test_cpu(cpu, &mp->s->cpu_online_mask)) {
		fputc('o', f);
		return;
	}
	for (unsigned vec = 0; vec < NR_VECTORS;) {
		enum cell_state st = cell_state(mp, cpu, vec);
		if (st == C_ALLOC || st == C_ALLOC_MANAGED) {
			const struct owner *o = &mp->own[(size_t)cpu * NR_VECTORS + vec];
			fprintf(f, "%s@%d.%d", states[st].cls, o->desc ? (int)o->desc->irq : -1, o->pdev);
			vec++;
			continue;
		}
		unsigned end = vec + 1;
		while (end < NR_VECTORS && cell_state(mp, cpu, end) == st)
			end++;
		fputs(states[st].cls, f);
		if (end - vec > 1)
			fprintf(f, "%u", end - vec);
		vec = end;
	}
	struct cpu_tot t = cpu_totals(mp->s, cpu);
	fprintf(f, "|%u,%u,%u,%u", t.avl, t.man, t.mac, t.act);
}

static void map_log_free(void *arg)
{
	struct map_log *lg = arg;
	if (!lg)
		return;
	for (unsigned i = 0; lg->prev && i < lg->ncpu; i++)
		free(lg->prev[i]);
	free(lg->prev);
	free(lg->mode);
	json_decref(lg->steps);
	json_decref(lg->irqnames);
	free(lg);
}

static struct map_log *map_log_new(const struct sim *s)
{
	struct map_log *lg = nomem_check(calloc(1, sizeof(*lg)));
	if (!lg)
		return NULL;
	lg->ncpu = s->topo.nr_cpu_ids;
	lg->prev = nomem_check(calloc(lg->ncpu ? lg->ncpu : 1, sizeof(*lg->prev)));
	lg->steps = nomem_check(json_array());
	lg->irqnames = nomem_check(json_object());
	if (!lg->prev || !lg->steps || !lg->irqnames) {
		map_log_free(lg);
		return NULL;
	}
	return lg;
}

/* The cells and devices after the step just snapshotted, as changes from the step before. */
static int record_into(struct map_log *lg, struct sim *s)
{
	struct map mp;
	if (map_build(&mp, s))
		return -ENOMEM;
	json_t *step = json_object(), *rows = json_array(), *modes = json_array();
	report_set(step, "rows", rows);
	report_set(step, "modes", modes);
	for (unsigned cpu = 0; cpu < mp.ncpu && cpu < lg->ncpu; cpu++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = nomem_check(open_memstream(&buf, &len));
		if (!f)
			break;
		encode_row(&mp, cpu, f);
		if (fclose(f) || !buf) {
			free(buf);
			nomem();
			break;
		}
		if (lg->prev[cpu] && !strcmp(lg->prev[cpu], buf)) {
			free(buf);
			continue;
		}
		json_t *r = json_array();
		lg->bytes += len + 8;
		report_push(r, report_int(cpu));
		report_push(r, report_str(buf));
		report_push(rows, r);
		free(lg->prev[cpu]);
		lg->prev[cpu] = buf;
	}
	if (lg->nmode < s->nr_pdevs) {
		signed char *m = nomem_check(realloc(lg->mode, s->nr_pdevs));
		if (m) {
			memset(m + lg->nmode, -1, s->nr_pdevs - lg->nmode);
			lg->mode = m;
			lg->nmode = s->nr_pdevs;
		}
	}
	int fb = -1, fail = -1;
	for (size_t i = 0; i < s->nr_pdevs && i < lg->nmode; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		enum dev_irq_mode m = device_irq_mode(d);
		bool fell = device_fell_back(d);
		/* the devices sim_snapshot_step counts: its driver not left out by rd.driver.blacklist= */
		bool counted = !boot_params_blacklisted(&s->params, d->drv->kernel_name);
		if (counted && fell && fb < 0)
			fb = (int)i;
		if (counted && m == DM_FAILED && fail < 0)
			fail = (int)i;
		signed char code = (signed char)(m + (fell ? DM_NR : 0));
		if (lg->mode[i] == code)
			continue;
		lg->mode[i] = code;
		json_t *e = json_array();
		report_push(e, report_int((long long)i));
		report_push(e, report_int(m));
		report_push(e, report_int(fell));
		report_push(modes, e);
	}
	report_set(step, "fb", report_int(fb));
	report_set(step, "fail", report_int(fail));
	/* the emptiest online CPU, the first of equals (sim_stats' choice) */
	int mc = -1;
	unsigned mv = 0, cpu;
	for_each_cpu(cpu, &s->cpu_online_mask) {
		unsigned avl = vector_cpu_available(s, cpu);
		if (mc < 0 || avl < mv) {
			mc = (int)cpu;
			mv = avl;
		}
	}
	report_set(step, "mc", report_int(mc));
	report_set(step, "mv", report_int(mv));
	report_set(step, "snap", report_int(s->snaps.nr ? (long long)s->snaps.nr - 1 : 0));
	for (unsigned i = 0; i < s->irqs.size; i++) {
		const struct irq_desc *d = s->irqs.descs[i];
		char key[16];
		if (!d || !d->action)
			continue;
		snprintf(key, sizeof(key), "%u", d->irq);
		if (!json_object_get(lg->irqnames, key))
			report_set(lg->irqnames, key, report_str(d->action->name));
	}
	report_push(lg->steps, step);
	map_free(&mp);
	return 0;
}

/* The cells kept of all steps, at most (robustness.md, Limits); the last step is always drawn */
#define MAP_LOG_MAX (48u << 20)

/* The step hook: the log goes with the sim */
static int map_record(struct sim *s)
{
	if (!s->step)
		return 0; /* the state as booted (step 0): the map's steps start at boot */
	if (!s->step_log) {
		struct map_log *lg = map_log_new(s);
		if (!lg)
			return -ENOMEM;
		s->step_log = lg;
		s->step_log_free = map_log_free;
	}
	struct map_log *lg = s->step_log;
	if (lg->full)
		return 0;
	int rc = record_into(lg, s);
	/* the page is read in a browser: past the bound, the steps until the last are left out, and it says so */
	lg->full = lg->bytes >= MAP_LOG_MAX;
	return rc;
}

void report_map_record_steps(bool on)
{
	sim_set_step_hook(on ? map_record : NULL);
}

static double pct(unsigned part, unsigned whole)
{
	return whole ? 100.0 * part / whole : 0.0;
}

static const struct step_snapshot *rec_snap(const struct map *mp, size_t i);
static long long step_int(const struct map *mp, size_t i, const char *key);
static long first_step(const struct map *mp, const char *key);
static void dev_label(const struct map *mp, int pdev, FILE *out);

/* The headline: where the space went at the end, in the explain view's figures. */
static void headline(const struct map *mp, FILE *out)
{
	struct sim *s = mp->s;
	struct sim_stats st;
	sim_stats(s, &st);
	unsigned online = cpumask_weight(&s->cpu_online_mask), asz = alloc_size(s);
	unsigned slots = online * asz, allocated = vector_total_allocated(s), avl = vector_global_available(s);
	fprintf(out, "<p class=\"headline\">At the end: %u online CPUs × %u allocatable vectors = %u. ", online, asz,
		slots);
	if (st.managed_irqs) {
		fprintf(out, "<b>%u (%.1f%%) are held as managed reservations</b> of %u managed irqs (each reserves a "
			     "vector on every CPU of its mask: %u CPU slots; the first from device #%d, ",
			st.managed_reserved, pct(st.managed_reserved, slots), st.managed_irqs, st.managed_cpus,
			st.first_managed);
		esc(out, st.first_managed_name ? st.first_managed_name : "-");
		fputs("), ", out);
	}
	fprintf(out, "<b>%u (%.1f%%) are allocated</b> to irqs and <b>%u (%.1f%%) are available</b>", allocated,
		pct(allocated, slots), avl, pct(avl, slots));
	if (st.min_cpu >= 0)
		fprintf(out, "; the emptiest CPU, %d, has %u left", st.min_cpu, st.min_cpu_available);
	fputs(".", out);
	/* from the snapshots, which every run keeps; the device from the cells kept at that step */
	const struct step_snapshot *sn = NULL;
	for (size_t i = 0; i < s->snaps.nr && !sn; i++)
		if (s->snaps.v[i].fell_back)
			sn = &s->snaps.v[i];
	if (sn) {
		fprintf(out, " The space ran out at step %u (", sn->step);
		esc(out, sn->text);
		fputs(")", out);
		long fb = first_step(mp, "fb");
		if (fb >= 0 && rec_snap(mp, (size_t)fb) == sn) {
			fputs(": device ", out);
			dev_label(mp, (int)step_int(mp, (size_t)fb, "fb"), out);
			fputs(" fell back there first", out);
		}
		fputc('.', out);
	}
	if (s->panicked) {
		fputs(" The kernel panicked: ", out);
		esc(out, s->panic_reason);
		fputc('.', out);
	}
	fputs("</p>\n", out);
}

/* The step a pane's recorded step i stands for */
static const struct step_snapshot *rec_snap(const struct map *mp, size_t i)
{
	const struct map_log *lg = mp->lg;
	const struct sim *s = mp->s;
	json_t *v = json_object_get(json_array_get(lg->steps, i), "snap");
	size_t k = v ? (size_t)json_integer_value(v) : s->snaps.nr;
	return k < s->snaps.nr ? &s->snaps.v[k] : NULL;
}

static long long step_int(const struct map *mp, size_t i, const char *key)
{
	const struct map_log *lg = mp->lg;
	return json_integer_value(json_object_get(json_array_get(lg->steps, i), key));
}

/* The first recorded step at which a device fell back (key "fb") or failed ("fail"), -1 */
static long first_step(const struct map *mp, const char *key)
{
	const struct map_log *lg = mp->lg;
	for (size_t i = 0; i < json_array_size(lg->steps); i++)
		if (step_int(mp, i, key) >= 0)
			return (long)i;
	return -1;
}

static void style(FILE *out, const struct geom *g)
{
	fputs("<style>\n"
	      "body{font:13px/1.4 sans-serif;margin:16px;color:#222;background:#fff}\n"
	      "h1{font-size:18px;margin:0 0 8px}h2{font-size:15px;margin:18px 0 6px}\n"
	      ".headline,.stephead{font-size:14px;margin:4px 0;max-width:1400px}.stephead{background:#f4f4f8;padding:4px}\n"
	      "#stepctl{position:sticky;top:0;background:#fff;padding:6px 0;z-index:2;border-bottom:1px solid #ddd}\n"
	      "#stepctl input{width:420px;vertical-align:middle}\n"
	      ".panes{display:flex;gap:24px;align-items:flex-start}.pane{flex:0 0 auto}.panes .pane{max-width:860px}\n"
	      "svg text{font:10px sans-serif;fill:#222}svg text.s{font-size:9px}svg text.t{font-size:8px}\n"
	      "svg text.mk{fill:#c00;font-weight:bold}rect.cur{fill:#dde4ff}\n"
	      "ul.legend{list-style:none;padding:0;margin:6px 0}ul.legend li{display:inline-block;margin-right:16px}\n"
	      "table{border-collapse:collapse}td,th{padding:1px 6px;text-align:left;border-bottom:1px solid #eee}\n"
	      "td.n,th.n{text-align:right}tr.fail td,span.fail{color:#b00}\n"
	      "div.totals{max-height:420px;overflow:auto;display:inline-block;border:1px solid #ddd;margin:6px 0}\n"
	      "div.totals tr.min td{font-weight:bold;color:#b00}\n"
	      "details{margin:2px 0}details summary{cursor:pointer}details table{margin:4px 0 6px 18px}\n"
	      "pre.chain{margin:4px 0 4px 18px;font-size:12px;white-space:pre-wrap}\n"
	      ".selection{border:1px solid #ccd;background:#fafaff;padding:6px;margin:8px 0;max-width:1100px}\n"
	      ".grid span{display:block;height:0}\n"
	      ".grid span:target~svg rect.c{opacity:.25}\n"
	      "rect.mark{fill:#d00}rect.mark2{fill:#000}\n",
	      out);
	for (int i = 0; i < C_NR; i++)
		fprintf(out, ".%s{fill:%s}\n", states[i].cls, states[i].color);
	(void)g;
}

/* Following a device's link (#devN) lights its cells up (without script too) */
static void style_targets(const struct map *mp, FILE *out)
{
	for (size_t p = 0; p < mp->s->nr_pdevs; p++)
		if (mp->dev_cells[p] && mp->num[p] >= 0)
			fprintf(out, "#dev%d:target~svg .d%d{opacity:1;fill:#ffd400}\n", mp->num[p], mp->num[p]);
}

static void legend(const struct map *mp, unsigned pane, FILE *out)
{
	fprintf(out, "<ul class=\"legend\" id=\"legend%u\">\n", pane);
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

/* A device as the page names it: "#198 virtio198 (0000:07:0d.0)" */
static void dev_label(const struct map *mp, int pdev, FILE *out)
{
	const struct pci_dev *d = mp->s->pdevs[pdev];
	fprintf(out, "#%d ", mp->num[pdev]);
	esc(out, driver_dev_name(d));
	fprintf(out, " (%s)", d->name);
}

/* A cell's tooltip: the irq, its action's name and its device (the script writes the same). */
static void cell_title(const struct map *mp, unsigned cpu, unsigned vec, const struct owner *o, FILE *out)
{
	fprintf(out, "CPU %u vector 0x%02x: ", cpu, vec);
	if (!o->desc) {
		fputs("allocated, no irq descriptor holds it", out);
		return;
	}
	fprintf(out, "irq %u", o->desc->irq);
	if (o->desc->action) {
		fputc(' ', out);
		esc(out, o->desc->action->name);
	}
	if (o->desc->affinity_managed)
		fputs(" (managed)", out);
	if (o->pdev >= 0 && mp->num[o->pdev] >= 0) {
		fputs(", device ", out);
		dev_label(mp, o->pdev, out);
	}
}

/* The marks of the first fallback and the first failure up to the last step, on the grid */
static void grid_marks(const struct map *mp, const struct geom *g, FILE *out)
{
	static const struct {
		const char *key, *cls, *what;
	} kinds[] = { { "fb", "mark", "first fallback" }, { "fail", "mark2", "first failure" } };
	unsigned line = 0;
	for (size_t k = 0; k < 2; k++) {
		long i = first_step(mp, kinds[k].key);
		const struct step_snapshot *sn = i >= 0 ? rec_snap(mp, (size_t)i) : NULL;
		if (!sn)
			continue;
		int pdev = (int)step_int(mp, (size_t)i, kinds[k].key), mc = (int)step_int(mp, (size_t)i, "mc");
		unsigned y = g->gy + (unsigned)(mc >= 0 ? mc : 0) * g->ch;
		fprintf(out, "<rect class=\"%s\" x=\"%u\" y=\"%u\" width=\"6\" height=\"%u\"><title>%s at step %u: device ",
			kinds[k].cls, g->gx - 8 - (unsigned)k * 7, y, g->ch > 4 ? g->ch : 4, kinds[k].what, sn->step);
		dev_label(mp, pdev, out);
		fprintf(out, "; the emptiest CPU, %d, had %lld available</title></rect>\n", mc,
			step_int(mp, (size_t)i, "mv"));
		fprintf(out, "<text class=\"mk\" x=\"%u\" y=\"%u\">%s %s at step %u: device ", g->gx + 4,
			g->gy + g->ncpu * g->ch + 14 + line * 13, k ? "■" : "▮", kinds[k].what, sn->step);
		dev_label(mp, pdev, out);
		fprintf(out, "; emptiest CPU %d: %lld available</text>\n", mc, step_int(mp, (size_t)i, "mv"));
		line++;
	}
}

static void grid(const struct map *mp, const struct geom *g, unsigned pane, FILE *out)
{
	unsigned w = g->bar_x + g->bar_w + (g->ch >= 8 ? 60 : 8);
	if (w < 560) /* the marks' lines under the grid */
		w = 560;
	unsigned h = g->gy + g->ncpu * g->ch + 36;
	fputs("<div class=\"grid\">\n", out);
	/* pane 0's device links light up cells without script too (CSS :target) */
	for (size_t p = 0; p < mp->s->nr_pdevs && !pane; p++)
		if (mp->dev_cells[p] && mp->num[p] >= 0)
			fprintf(out, "<span id=\"dev%d\"></span>\n", mp->num[p]);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"grid%u\" width=\"%u\" height=\"%u\" shape-rendering=\"crispEdges\">\n",
		pane, w, h);
	/* vector axis: a tick and label every 0x20 */
	for (unsigned v = 0; v <= NR_VECTORS; v += 0x20) {
		unsigned x = g->gx + v * g->cw;
		fprintf(out, "<text x=\"%u\" y=\"%u\">0x%02x</text><rect x=\"%u\" y=\"%u\" width=\"1\" height=\"4\" class=\"y\"/>\n",
			v == NR_VECTORS ? x - 24 : x, g->gy - 10, v == NR_VECTORS ? 0xff : v, v == NR_VECTORS ? x - 1 : x,
			g->gy - 5);
	}
	fprintf(out, "<text x=\"%u\" y=\"%u\">per CPU: %s</text>\n", g->bar_x, g->gy - 10,
		g->bar_w >= 120 ? "allocated | managed reserved | available" : "alloc | rsv | avail");
	unsigned label_every = g->ch >= 8 ? 2 : g->ch >= 4 ? 4 : g->ch >= 2 ? 8 : 32;
	for (unsigned cpu = 0; cpu < g->ncpu; cpu += label_every)
		fprintf(out, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">CPU %u</text>\n", g->gx - 18,
			g->gy + cpu * g->ch + (g->ch >= 8 ? g->ch - 1 : 8), cpu);
	fprintf(out, "<g id=\"cells%u\">\n", pane);
	for (unsigned cpu = 0; cpu < mp->ncpu; cpu++) {
		unsigned y = g->gy + cpu * g->ch;
		if (!cpumask_test_cpu(cpu, &mp->s->cpu_online_mask)) {
			fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"c o\"><title>CPU %u: offline</title></rect>\n",
				g->gx, y, NR_VECTORS * g->cw, g->ch, cpu);
			continue;
		}
		/* runs of one state; allocated cells one by one, each with its owner */
		for (unsigned vec = 0; vec < NR_VECTORS;) {
			enum cell_state st = cell_state(mp, cpu, vec);
			unsigned end = vec + 1;
			if (st == C_ALLOC || st == C_ALLOC_MANAGED) {
				const struct owner *o = &mp->own[(size_t)cpu * NR_VECTORS + vec];
				fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"c %s", g->gx + vec * g->cw,
					y, g->cw, g->ch, states[st].cls);
				if (o->pdev >= 0 && mp->num[o->pdev] >= 0)
					fprintf(out, " d%d", mp->num[o->pdev]);
				fputs("\"><title>", out);
				cell_title(mp, cpu, vec, o, out);
				fputs("</title></rect>\n", out);
				vec = end;
				continue;
			}
			while (end < NR_VECTORS && cell_state(mp, cpu, end) == st)
				end++;
			fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"c %s\"><title>CPU %u vector 0x%02x",
				g->gx + vec * g->cw, y, (end - vec) * g->cw, g->ch, states[st].cls, cpu, vec);
			if (end - 1 != vec)
				fprintf(out, "-0x%02x", end - 1);
			fprintf(out, ": %s</title></rect>\n", states[st].label);
			vec = end;
		}
		/* the CPU's totals as a bar: allocated | managed reserved | available */
		struct cpu_tot t = cpu_totals(mp->s, cpu);
		unsigned asz = alloc_size(mp->s), parts[3] = { t.act, t.man - t.mac, t.avl }, x = g->bar_x;
		const char *cls[3] = { "a", "r", "f" };
		fprintf(out, "<g><title>CPU %u: allocated %u, managed reserved %u, available %u (debugfs: act %u, man %u, mac %u, avl %u)</title>",
			cpu, t.act, t.man - t.mac, t.avl, t.act, t.man, t.mac, t.avl);
		for (int i = 0; i < 3; i++) {
			unsigned bw = asz ? (parts[i] * g->bar_w + asz / 2) / asz : 0;
			if (!bw)
				continue;
			fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"%s\"/>", x, y, bw, g->ch, cls[i]);
			x += bw;
		}
		if (g->ch >= 8)
			fprintf(out, "<text class=\"t\" x=\"%u\" y=\"%u\">%u | %u | %u</text>", g->bar_x + g->bar_w + 6,
				y + g->ch - 1, t.act, t.man - t.mac, t.avl);
		fputs("</g>\n", out);
	}
	fprintf(out, "</g>\n<g id=\"marks%u\">\n", pane);
	grid_marks(mp, g, out);
	fputs("</g>\n</svg>\n</div>\n", out);
}

/*
 * The per-CPU totals readable at any CPU count: consecutive CPUs with the
 * same figures in one row, the emptiest CPU's row in bold.
 */
static void totals(const struct map *mp, unsigned pane, FILE *out)
{
	struct sim *s = mp->s;
	struct sim_stats st;
	sim_stats(s, &st);
	fprintf(out, "<div class=\"totals\"><table id=\"tot%u\"><thead><tr><th>CPUs</th><th class=\"n\">allocated (act)</th>"
		     "<th class=\"n\">managed reserved (man − mac)</th><th class=\"n\">available (avl)</th></tr></thead><tbody>\n",
		pane);
	for (unsigned cpu = 0; cpu < mp->ncpu;) {
		bool on = cpumask_test_cpu(cpu, &s->cpu_online_mask);
		struct cpu_tot t = on ? cpu_totals(s, cpu) : (struct cpu_tot){ 0, 0, 0, 0 };
		unsigned end = cpu + 1;
		bool min = on && (int)cpu == st.min_cpu;
		for (; end < mp->ncpu && !min && (int)end != st.min_cpu; end++) {
			bool on2 = cpumask_test_cpu(end, &s->cpu_online_mask);
			struct cpu_tot t2 = on2 ? cpu_totals(s, end) : (struct cpu_tot){ 0, 0, 0, 0 };
			if (on2 != on || memcmp(&t, &t2, sizeof(t)))
				break;
		}
		fprintf(out, "<tr%s><td>%u", min ? " class=\"min\"" : "", cpu);
		if (end - cpu > 1)
			fprintf(out, "-%u", end - 1);
		if (on)
			fprintf(out, "%s</td><td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%u</td></tr>\n",
				min ? " (emptiest)" : "", t.act, t.man - t.mac, t.avl);
		else
			fputs("</td><td colspan=\"3\">offline</td></tr>\n", out);
		cpu = end;
	}
	fputs("</tbody></table></div>\n", out);
}

/* The matrix counters after each step as stacked bars: when did the space run out? */
static void timeline(const struct map *mp, const struct geom *g, unsigned pane, FILE *out)
{
	struct sim *s = mp->s;
	unsigned rh = 16, lx = g->tl_label, bw = g->tl_bar;
	long fbi = first_step(mp, "fb"), faili = first_step(mp, "fail");
	const struct step_snapshot *fb = fbi >= 0 ? rec_snap(mp, (size_t)fbi) : NULL;
	const struct step_snapshot *fail = faili >= 0 ? rec_snap(mp, (size_t)faili) : NULL;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"tl%u\" width=\"%u\" height=\"%zu\" shape-rendering=\"crispEdges\">\n",
		pane, lx + bw + 8 + g->tl_text + 2 * g->tl_mark, s->snaps.nr * rh + 4);
	for (size_t i = 0; i < s->snaps.nr; i++) {
		const struct step_snapshot *sn = &s->snaps.v[i];
		unsigned y = (unsigned)i * rh + 2;
		fprintf(out, "<g class=\"tlrow\" data-snap=\"%zu\"><title>step %u ", i, sn->step);
		esc(out, sn->text);
		fprintf(out, ": allocated %u, managed reserved %u, available %u of %u; emptiest CPU %u available; "
			     "%u devices, %u fell back, %u failed</title>",
			sn->allocated, sn->managed_reserved, sn->available, sn->slots, sn->min_available, sn->devices,
			sn->fell_back, sn->failed);
		fprintf(out, "<rect class=\"bg\" x=\"0\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"none\"/>", y - 1,
			lx + bw + 8 + g->tl_text + 2 * g->tl_mark, rh);
		/* the whole directive: the label column is as wide as the longest one */
		fprintf(out, "<text x=\"2\" y=\"%u\">%u ", y + 11, sn->step);
		esc(out, sn->text);
		fputs("</text>", out);
		unsigned sum = sn->allocated + sn->managed_reserved + sn->available;
		unsigned other = sn->slots > sum ? sn->slots - sum : 0;
		unsigned parts[4] = { sn->allocated, sn->managed_reserved, sn->available, other };
		const char *cls[4] = { "a", "r", "f", "x" };
		unsigned x = lx;
		for (int k = 0; k < 4; k++) {
			unsigned w = (unsigned)(((unsigned long long)parts[k] * bw + g->tl_max / 2) / g->tl_max);
			if (!w)
				continue;
			fprintf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"%s\"/>", x, y, w, rh - 4,
				cls[k]);
			x += w;
		}
		if (g->tl_text)
			fprintf(out, "<text class=\"s\" x=\"%u\" y=\"%u\">alloc %u · rsv %u · free %u · min %u · "
			     "dev %u · fb %u · failed %u</text>",
			lx + bw + 8, y + 10, sn->allocated, sn->managed_reserved, sn->available, sn->min_available,
			sn->devices, sn->fell_back, sn->failed);
		for (int k = 0; k < 2; k++) {
			const struct step_snapshot *mk = k ? fail : fb;
			long ri = k ? faili : fbi;
			if (mk != sn)
				continue;
			int pdev = (int)step_int(mp, (size_t)ri, k ? "fail" : "fb");
			fprintf(out, "<text class=\"s mk\" x=\"%u\" y=\"%u\">%s %s: #%d ", lx + bw + 8 + g->tl_text + (fb == fail && k ? g->tl_mark : 0),
				y + 10, k ? "◀ ■" : "◀ ▮", k ? "failure" : "fallback", mp->num[pdev]);
			esc(out, driver_dev_name(s->pdevs[pdev]));
			fputs("</text>", out);
		}
		fputs("</g>\n", out);
	}
	fputs("</svg>\n", out);
}

/* The devices in ranges (report/groups.c, as the explain view groups them), each expandable. */
static int devices(const struct map *mp, unsigned pane, FILE *out)
{
	struct sim *s = mp->s;
	struct dev_group *gs;
	long ng = report_device_groups(s, &gs);
	if (ng < 0)
		return -1;
	char pp[16] = "";
	if (pane)
		snprintf(pp, sizeof(pp), "p%u", pane);
	fprintf(out, "<div class=\"selection\" id=\"sel%u\">Select a device or a group below: its cells light up on the "
		     "grid (at the step shown) and its causal chain shows here.</div>\n<div id=\"groups%u\">\n",
		pane, pane);
	size_t pdev = 0;
	for (long gi = 0; gi < ng; gi++) {
		const struct dev_group *g = &gs[gi];
		enum dev_irq_mode mode = device_irq_mode(g->d0);
		fprintf(out, "<details id=\"%sg%ld\" data-first=\"%zu\" data-last=\"%zu\"><summary><a href=\"#%sgrp%ld\">select</a> ",
			pp, gi, g->first, g->last, pp, gi);
		fprintf(out, "#%zu", g->first);
		if (g->count > 1)
			fprintf(out, "–#%zu", g->last);
		fputs(" ", out);
		esc(out, driver_dev_name(g->d0));
		if (g->count > 1) {
			fputs(" .. ", out);
			esc(out, driver_dev_name(g->dn));
			fprintf(out, ", %zu devices", g->count);
		}
		fputs(": ", out);
		esc(out, g->d0->drv->kernel_name);
		fprintf(out, ", <span%s>%s%s</span>", g->fell_back ? " class=\"fail\"" : "", device_irq_mode_name(mode),
			g->fell_back && (mode == DM_MSIX || mode == DM_MSI) ? " (fewer vectors than asked)" : "");
		if (g->d0->probe_err)
			fprintf(out, ", errno %d", g->d0->probe_err);
		fputs("</summary>\n<table><tr><th>#</th><th>PCI</th><th>id</th><th>name</th><th>irqs</th>"
		      "<th class=\"n\">vectors on the map</th><th class=\"n\">managed reservations</th></tr>\n",
		      out);
		for (size_t n = 0; n < g->count; pdev++) {
			const struct pci_dev *d = s->pdevs[pdev];
			if (!d->drv)
				continue;
			n++;
			/* one reservation per CPU of each managed irq's mask; the allocated one is on the map */
			unsigned rsv = 0;
			for (unsigned i = 0; i < d->nr_msi; i++) {
				const struct irq_desc *x = irq_to_desc(s, d->msi[i].irq);
				if (x && x->apicd && x->affinity_managed)
					rsv += cpumask_weight(x->affinity) - (x->apicd->vector && !x->managed_shutdown);
			}
			char irqs[256];
			report_irq_text(s, d, irqs, sizeof(irqs));
			fprintf(out, "<tr%s><td class=\"n\">%d</td><td>", device_fell_back(d) ? " class=\"fail\"" : "",
				mp->num[pdev]);
			if (mp->dev_cells[pdev])
				fprintf(out, "<a href=\"#%sdev%d\">%s</a>", pp, mp->num[pdev], d->name);
			else
				fprintf(out, "<a href=\"#%snodev%d\">%s</a>", pp, mp->num[pdev], d->name);
			fputs("</td><td>", out);
			esc(out, d->id ? d->id : "-");
			fputs("</td><td>", out);
			esc(out, driver_dev_name(d));
			fprintf(out, "</td><td>%s</td><td class=\"n\">%u</td><td class=\"n\">%u</td></tr>\n",
				irqs[0] ? irqs : "-", mp->dev_cells[pdev], rsv);
		}
		fputs("</table>\n<pre class=\"chain\">", out);
		esc(out, g->d0->explain ? g->d0->explain : "(no chain recorded)");
		if (g->count > 1)
			fputs("\n(the others: the same steps with their own numbers)", out);
		fputs("</pre>\n</details>\n", out);
	}
	fputs("</div>\n", out);
	free(gs);
	return 0;
}

/* Print s as JSON into the page: '<', '>' and '&' escaped so that the script element stays text. */
static int put_json(json_t *v, FILE *out)
{
	char *txt = json_dumps(v, JSON_COMPACT);
	if (!txt) {
		nomem();
		return -1;
	}
	for (const char *p = txt; *p; p++) {
		if (*p == '<')
			fputs("\\u003c", out);
		else if (*p == '>')
			fputs("\\u003e", out);
		else if (*p == '&')
			fputs("\\u0026", out);
		else
			fputc(*p, out);
	}
	free(txt);
	return 0;
}

/* What the script needs of one pane: devices, groups, every recorded step */
static json_t *pane_data(const struct map *mp, const char *label, const struct geom *g)
{
	struct sim *s = mp->s;
	const struct map_log *lg = mp->lg;
	json_t *o = json_object(), *devs = json_array(), *steps = json_array(), *gj = json_array();
	report_set(o, "label", report_str(label));
	report_set(o, "ncpu", report_int(mp->ncpu));
	report_set(o, "asz", report_int(alloc_size(s)));
	report_set(o, "devs", devs);
	for (size_t p = 0; p < s->nr_pdevs; p++) {
		const struct pci_dev *d = s->pdevs[p];
		if (!d->drv) {
			report_push(devs, json_null());
			continue;
		}
		json_t *e = json_array();
		report_push(e, report_int(mp->num[p]));
		report_push(e, report_str(d->name));
		report_push(e, report_str(driver_dev_name(d)));
		report_push(e, report_str(d->drv->kernel_name));
		report_push(e, report_str(d->explain ? d->explain : ""));
		report_push(devs, e);
	}
	struct dev_group *gs;
	long ng = report_device_groups(s, &gs);
	for (long i = 0; i < ng; i++) {
		json_t *e = json_array();
		report_push(e, report_int((long long)gs[i].first));
		report_push(e, report_int((long long)gs[i].last));
		report_push(gj, e);
	}
	free(gs);
	report_set(o, "groups", gj);
	report_set(o, "irqnames", json_incref(lg->irqnames));
	report_set(o, "steps", steps);
	for (size_t i = 0; i < json_array_size(lg->steps); i++) {
		const struct step_snapshot *sn = rec_snap(mp, i);
		json_t *orig = json_array_get(lg->steps, i), *st = json_copy(orig), *c = json_array();
		/*
		 * the copy fails only for memory, and jansson (2.14) copies an
		 * object without the members it could not add: either is counted,
		 * or the page would lose data and look whole
		 */
		if (!st || json_object_size(st) != json_object_size(orig))
			nomem();
		if (!sn || !st) {
			json_decref(st);
			json_decref(c);
			continue;
		}
		report_set(st, "n", report_int(sn->step));
		report_set(st, "t", report_str(sn->text));
		unsigned v[] = { sn->online, sn->slots, sn->allocated, sn->managed_reserved, sn->available,
				 sn->devices, sn->fell_back, sn->failed };
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			report_push(c, report_int(v[k]));
		report_set(st, "c", c);
		report_push(steps, st);
	}
	(void)g;
	return o;
}

/* The script (report/map_script.c) reads every pane's data from here */
static int page_data(struct map *mps, const char *const *labels, size_t n, const struct geom *g, FILE *out)
{
	json_t *doc = json_object(), *panes = json_array(), *gj = json_object(), *modes = json_array(),
	       *st = json_object();
	report_set(doc, "panes", panes);
	report_set(doc, "geom", gj);
	report_set(gj, "cw", report_int(g->cw));
	report_set(gj, "ch", report_int(g->ch));
	report_set(gj, "gx", report_int(g->gx));
	report_set(gj, "gy", report_int(g->gy));
	report_set(gj, "bar_x", report_int(g->bar_x));
	report_set(gj, "bar_w", report_int(g->bar_w));
	report_set(gj, "ncpu", report_int(g->ncpu));
	report_set(doc, "modes", modes);
	for (int m = 0; m < DM_NR; m++)
		report_push(modes, report_str(device_irq_mode_name((enum dev_irq_mode)m)));
	report_set(doc, "states", st);
	for (int i = 0; i < C_NR; i++)
		report_set(st, states[i].cls, report_str(states[i].label));
	for (size_t i = 0; i < n; i++)
		report_push(panes, pane_data(&mps[i], labels ? labels[i] : "", g));
	fputs("<script type=\"application/json\" id=\"mapdata\">", out);
	int rc = put_json(doc, out);
	fputs("</script>\n", out);
	json_decref(doc);
	return rc;
}

/*
 * The step headline of the last step, as the script writes it for every
 * step (report/map_script.c, stepHead): the page reads the same without script.
 */
static void step_head(const struct map *mp, unsigned pane, FILE *out)
{
	struct sim *s = mp->s;
	const struct map_log *lg = mp->lg;
	size_t last = json_array_size(lg->steps) - 1;
	const struct step_snapshot *sn = rec_snap(mp, last);
	fprintf(out, "<p class=\"stephead\" id=\"head%u\">", pane);
	if (!sn) {
		fputs("</p>\n", out);
		return;
	}
	unsigned counts[DM_NR] = { 0 };
	for (size_t p = 0; p < s->nr_pdevs; p++)
		if (s->pdevs[p]->drv)
			counts[device_irq_mode(s->pdevs[p])]++;
	fprintf(out, "After step %u (", sn->step);
	esc(out, sn->text);
	fprintf(out, "): %u CPUs online, %u slots: %u allocated, %u managed reservations, %u available; "
		     "the emptiest CPU, %lld, has %lld available. %u devices:",
		sn->online, sn->slots, sn->allocated, sn->managed_reserved, sn->available, step_int(mp, last, "mc"),
		step_int(mp, last, "mv"), sn->devices);
	const char *sep = " ";
	for (int m = 0; m < DM_NR; m++) {
		if (!counts[m])
			continue;
		fprintf(out, "%s%u %s", sep, counts[m], device_irq_mode_name((enum dev_irq_mode)m));
		sep = ", ";
	}
	fprintf(out, "; %u fell back, %u failed.", sn->fell_back, sn->failed);
	long fb = step_int(mp, last, "fb"), fail = step_int(mp, last, "fail");
	if (fb >= 0) {
		fputs(" First fallback: device ", out);
		dev_label(mp, (int)fb, out);
		fputc('.', out);
	}
	if (fail >= 0) {
		fputs(" First failure: device ", out);
		dev_label(mp, (int)fail, out);
		fputc('.', out);
	}
	fputs("</p>\n", out);
}

static void pane(struct map *mp, const char *label, const struct geom *g, unsigned idx, size_t n, FILE *out)
{
	struct sim *s = mp->s;
	unsigned online = cpumask_weight(&s->cpu_online_mask);
	const struct map_log *lg = mp->lg;
	fprintf(out, "<div class=\"pane\" id=\"pane%u\">\n", idx);
	fprintf(out, "<%s>%s%s%sVector space: kernel %s, machine %s, %u of %u CPUs online</%s>\n", n > 1 ? "h2" : "h1",
		n > 1 ? "<b>" : "", n > 1 ? label : "", n > 1 ? "</b>: " : "", kernel_line_name(s->prof->line),
		s->machine == MACHINE_PC ? "pc" : "q35", online, mp->ncpu, n > 1 ? "h2" : "h1");
	headline(mp, out);
	step_head(mp, idx, out);
	if (json_array_size(lg->steps) < s->snaps.nr && lg->full)
		fprintf(out, "<p class=\"stepnote\">The cells of %zu of the %zu steps were kept: past %u MiB of them the "
			     "steps until the last are left out (the step control skips them).</p>\n",
			json_array_size(lg->steps), s->snaps.nr, MAP_LOG_MAX >> 20);
	else if (json_array_size(lg->steps) < s->snaps.nr)
		fputs("<p class=\"stepnote\">Only the last step's cells were kept (irqsim run --view map keeps every step's).</p>\n", out);
	fputs("<h2>Timeline: the vector space after each step</h2>\n", out);
	timeline(mp, g, idx, out);
	fprintf(out, "<h2>CPUs × vectors%s</h2>\n",
		s->matrix ? " (irq_matrix bitmaps)" : " (3.10 vector_irq tables, no matrix)");
	legend(mp, idx, out);
	grid(mp, g, idx, out);
	fputs("<h2>Per-CPU totals</h2>\n", out);
	totals(mp, idx, out);
	fputs("<h2>Devices, in ranges</h2>\n", out);
	fputs("<p>Ranges of devices that ended the same way by the same steps (as the explain view groups them); "
	      "open one for its devices. Select a device or a range to light up its vectors and read its chain.</p>\n",
	      out);
	devices(mp, idx, out);
	fputs("</div>\n", out);
}

int report_map_multi(struct sim *const *sims, const char *const *labels, size_t n, FILE *out)
{
	struct map *mps = nomem_check(calloc(n ? n : 1, sizeof(*mps)));
	struct map_log **owned = nomem_check(calloc(n ? n : 1, sizeof(*owned)));
	if (!mps || !owned) {
		free(mps);
		free(owned);
		return -1;
	}
	struct geom g = { 0 };
	size_t built = 0, maxsteps = 0, maxlabel = 8;
	int rc = 0;
	for (; built < n; built++) {
		struct sim *s = sims[built];
		sim_select(s);
		if (map_build(&mps[built], s))
			break;
		/*
		 * a sim run without the map's hook (a library caller, or a run that
		 * kept another view's steps: irqdebug, kstate): its last step only,
		 * kept for this page
		 */
		if (!s->step_log || s->step_log_free != map_log_free) {
			struct map_log *own = map_log_new(s);
			if (!own || record_into(own, s)) {
				map_log_free(own);
				map_free(&mps[built]);
				break;
			}
			mps[built].lg = own;
			owned[built] = own;
		} else {
			struct map_log *lg = s->step_log;
			/* steps left out past MAP_LOG_MAX: the last one still */
			size_t nrec = json_array_size(lg->steps);
			json_t *last = json_object_get(json_array_get(lg->steps, nrec ? nrec - 1 : 0), "snap");
			if (s->snaps.nr && (!last || (size_t)json_integer_value(last) != s->snaps.nr - 1) &&
			    record_into(lg, s)) {
				map_free(&mps[built]);
				break;
			}
			mps[built].lg = lg;
		}
		if (mps[built].ncpu > g.ncpu)
			g.ncpu = mps[built].ncpu;
		const struct map_log *lg = mps[built].lg;
		if (json_array_size(lg->steps) > maxsteps)
			maxsteps = json_array_size(lg->steps);
		for (size_t i = 0; i < s->snaps.nr; i++) {
			if (s->snaps.v[i].slots > g.tl_max)
				g.tl_max = s->snaps.v[i].slots;
			size_t l = strlen(s->snaps.v[i].text);
			if (l > maxlabel)
				maxlabel = l;
		}
	}
	if (built < n) {
		rc = -1;
		goto out;
	}
	if (!g.tl_max)
		g.tl_max = 1;
	/* side by side: cells half as wide, so that two grids fit a screen; rows shrink with the CPU count */
	g.cw = n > 1 ? 2 : 4;
	g.ch = g.ncpu <= 96 ? 8 : g.ncpu <= 192 ? 4 : g.ncpu <= 640 ? 2 : 1;
	g.gx = 72;
	g.gy = 28;
	g.bar_x = g.gx + NR_VECTORS * g.cw + 12;
	g.bar_w = n > 1 ? 80 : 120;
	/* about 5.6 px a character at 10 px sans-serif: the label column holds the longest directive */
	g.tl_label = (unsigned)(maxlabel * 52 / 10) + 30;
	g.tl_bar = n > 1 ? 240 : 420;
	g.tl_text = n > 1 ? 0 : 290;
	g.tl_mark = n > 1 ? 120 : 150;
	const struct sim *s0 = sims[0];
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n",
	      out);
	fprintf(out, "<title>irqsim vector map: kernel %s, %s, %u CPUs%s</title>\n", kernel_line_name(s0->prof->line),
		s0->machine == MACHINE_PC ? "pc" : "q35", cpumask_weight(&s0->cpu_online_mask),
		n > 1 ? ", side by side" : "");
	style(out, &g);
	style_targets(&mps[0], out);
	fputs("</style>\n<style id=\"selstyle\"></style>\n</head>\n<body>\n", out);
	if (n > 1) {
		fputs("<h1>Vector spaces side by side:", out);
		for (size_t i = 0; i < n; i++) {
			fputs(i ? " | " : " ", out);
			esc(out, labels ? labels[i] : "");
		}
		fputs("</h1>\n", out);
	}
	fprintf(out, "<div id=\"stepctl\"><label>Step <input type=\"range\" id=\"step\" min=\"0\" max=\"%zu\" value=\"%zu\"/></label> "
		     "<span id=\"steplabel\">the last step</span> <span id=\"stepnote\"></span></div>\n",
		maxsteps ? maxsteps - 1 : 0, maxsteps ? maxsteps - 1 : 0);
	fprintf(out, "<div class=\"%s\">\n", n > 1 ? "panes" : "single");
	for (size_t i = 0; i < n; i++) {
		char *lab = NULL;
		if (labels) {
			/* the label in the heading is markup: escape it once here */
			size_t len = 0;
			FILE *f = nomem_check(open_memstream(&lab, &len));
			if (f) {
				esc(f, labels[i]);
				fclose(f);
			}
		}
		pane(&mps[i], lab ? lab : "", &g, (unsigned)i, n, out);
		free(lab);
	}
	fputs("</div>\n", out);
	if (page_data(mps, labels, n, &g, out))
		rc = -1;
	fputs("<script>//<![CDATA[\n", out);
	fputs(report_map_script, out);
	fputs("//]]></script>\n</body>\n</html>\n", out);
out:
	for (size_t i = 0; i < built; i++) {
		map_free(&mps[i]);
		map_log_free(owned[i]);
	}
	free(mps);
	free(owned);
	return rc;
}

int report_map(struct sim *s, int json, FILE *out)
{
	if (json)
		return -1; /* an HTML page; the other views carry the JSON */
	return report_map_multi(&s, NULL, 1, out);
}

int irqsim_map_compare(const char *const *labels, struct sim *const *sims, size_t n, FILE *out, char *err,
		       size_t errlen)
{
	if (!report_map_multi(sims, labels, n, out))
		return 0;
	return nomem_error(err, errlen);
}

void irqsim_map_record_steps(int on)
{
	report_map_record_steps(on);
}
