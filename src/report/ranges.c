// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary's default text after its outcome lines: the devices in ranges
 * (report/groups.c, as the explain view groups them), one row a range, so
 * that 512 disks that ended the same way are one line, not 512.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "lib/nomem.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "report/groups.h"
#include "report/ranges.h"
#include "report/report.h"

enum { R_DEVICES, R_COUNT, R_DRIVER, R_ID, R_NAME, R_MODE, R_VECTORS, R_IRQS, R_ERRNO, R_NR };

static const char *const heads[R_NR] = { "DEVICES", "N", "DRIVER", "ID", "NAME", "MODE", "VECTORS", "IRQS", "ERRNO" };

/* "a" or "a .. b" */
static char *span(const char *a, const char *b)
{
	char *s = NULL;
	a = a ? a : "-";
	b = b ? b : "-";
	if (!strcmp(a, b) ? asprintf(&s, "%s", a) < 0 : asprintf(&s, "%s .. %s", a, b) < 0)
		s = NULL;
	return nomem_check(s);
}

/* "n" or "lo-hi" */
static char *num_span(long lo, long hi, bool any)
{
	char *s = NULL;
	if (!any ? asprintf(&s, "-") < 0 : lo == hi ? asprintf(&s, "%ld", lo) < 0 : asprintf(&s, "%ld-%ld", lo, hi) < 0)
		s = NULL;
	return nomem_check(s);
}

/* The vectors a device holds, as the summary's VECTORS column counts them */
static unsigned dev_vectors(const struct pci_dev *d)
{
	enum dev_irq_mode m = device_irq_mode(d);
	return (m == DM_PER_VQ || m == DM_SHARED || m == DM_MSIX || m == DM_MSI) ? d->nr_msi : (m == DM_INTX ? 1 : 0);
}

static void range_row(struct sim *s, const struct dev_group *g, char **cell)
{
	const struct pci_dev *d0 = g->d0, *dn = g->dn;
	const char *n0 = driver_dev_name(d0), *nn = driver_dev_name(dn);
	long vlo = 0, vhi = 0, ilo = 0, ihi = 0, elo = 0, ehi = 0;
	bool vany = false, iany = false;
	for (size_t i = 0, n = 0; i < s->nr_pdevs && n <= g->last; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		if (n++ < g->first)
			continue;
		long v = dev_vectors(d), e = d->probe_err;
		if (!vany || v < vlo)
			vlo = v;
		if (!vany || v > vhi)
			vhi = v;
		if (!vany || e < elo)
			elo = e;
		if (!vany || e > ehi)
			ehi = e;
		vany = true;
		json_t *irqs = report_irq_list(s, d);
		for (size_t k = 0; k < json_array_size(irqs); k++) {
			long q = (long)json_integer_value(json_array_get(irqs, k));
			if (!iany || q < ilo)
				ilo = q;
			if (!iany || q > ihi)
				ihi = q;
			iany = true;
		}
		json_decref(irqs);
	}
	cell[R_DEVICES] = span(d0->name, dn->name);
	cell[R_COUNT] = num_span((long)g->count, (long)g->count, true);
	cell[R_DRIVER] = span(driver_name(d0), driver_name(dn));
	cell[R_ID] = span(d0->id, dn->id);
	/* the kernel's name (virtio0), none for functions it does not name */
	cell[R_NAME] = span(n0 != d0->name ? n0 : NULL, nn != dn->name ? nn : NULL);
	cell[R_MODE] = nomem_check(strdup(device_irq_mode_name(device_irq_mode(d0))));
	cell[R_VECTORS] = num_span(vlo, vhi, vany);
	if (g->count == 1) {
		/* one device: its irqs as the per-device table lists them */
		char buf[256];
		report_irq_text(s, d0, buf, sizeof(buf));
		cell[R_IRQS] = nomem_check(strdup(buf[0] ? buf : "-"));
	} else {
		cell[R_IRQS] = num_span(ilo, ihi, iany);
	}
	cell[R_ERRNO] = num_span(elo, ehi, true);
}

int report_device_ranges(struct sim *s, FILE *out)
{
	struct dev_group *gs;
	long ng = report_device_groups(s, &gs);
	if (ng < 0)
		return -1;
	char **cells = nomem_check(calloc((size_t)ng * R_NR + 1, sizeof(*cells)));
	int rc = cells ? 0 : -1;
	size_t width[R_NR];
	for (int c = 0; c < R_NR; c++)
		width[c] = strlen(heads[c]);
	for (long i = 0; i < ng && !rc; i++) {
		char **row = cells + (size_t)i * R_NR;
		range_row(s, &gs[i], row);
		for (int c = 0; c < R_NR; c++) {
			if (!row[c]) {
				rc = -1;
				break;
			}
			if (strlen(row[c]) > width[c])
				width[c] = strlen(row[c]);
		}
	}
	for (long i = -1; i < ng && !rc; i++) {
		for (int c = 0; c < R_NR; c++) {
			const char *v = i < 0 ? heads[c] : cells[(size_t)i * R_NR + c];
			/* the counts right-aligned, the last column unpadded */
			if (c == R_COUNT)
				fprintf(out, "%*s ", (int)width[c], v);
			else if (c == R_NR - 1)
				fprintf(out, "%s\n", v);
			else
				fprintf(out, "%-*s ", (int)width[c], v);
		}
	}
	for (size_t i = 0; cells && i < (size_t)ng * R_NR; i++)
		free(cells[i]);
	free(cells);
	free(gs);
	return rc;
}
