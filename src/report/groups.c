// SPDX-License-Identifier: GPL-2.0-only
#include "report/groups.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/driver.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "pci/pci.h"

/* '0'..'9' without the locale's table (isdigit is a call per character: this loop reads every explanation) */
static inline bool digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

/* Do the chains of a and b differ only in their digit runs? */
static bool same_shape(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	while (*a && *b) {
		if (*a == *b && !digit(*a)) {
			a++;
			b++;
			continue;
		}
		if (digit(*a) && digit(*b)) {
			while (digit(*a))
				a++;
			while (digit(*b))
				b++;
			continue;
		}
		return false;
	}
	return !*a && !*b;
}

static bool same_group(const struct pci_dev *a, const struct pci_dev *b)
{
	/* pci-generic functions of different drivers (driver=) are different groups */
	return a->drv == b->drv && !strcmp(driver_name(a), driver_name(b)) && device_irq_mode(a) == device_irq_mode(b) &&
	       device_fell_back(a) == device_fell_back(b) && same_shape(a->explain, b->explain);
}

long report_device_groups(const struct sim *s, struct dev_group **out)
{
	struct dev_group *g = NULL;
	size_t n = 0, idx = 0;
	*out = NULL;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv)
			continue;
		if (n && same_group(g[n - 1].dn, d)) {
			g[n - 1].dn = d;
			g[n - 1].last = idx++;
			g[n - 1].count++;
			continue;
		}
		if (!g) {
			/* at most one group a device */
			g = nomem_check(calloc(s->nr_pdevs, sizeof(*g)));
			if (!g)
				return -1;
		}
		g[n++] = (struct dev_group){ idx, idx, d, d, 1, device_fell_back(d) };
		idx++;
	}
	*out = g;
	return (long)n;
}

char *report_cause_line(const struct pci_dev *d, char *buf, size_t len)
{
	const char *p = d->explain ? d->explain : "", *attempt = NULL;
	size_t alen = 0;
	buf[0] = '\0';
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *t = p;
		while (t < p + n && isspace((unsigned char)*t))
			t++;
		size_t tn = n - (size_t)(t - p);
		/* a result line: "-> ok" or "-> -28 (ENOSPC)" */
		if (tn >= 3 && !strncmp(t, "->", 2)) {
			if (t[3] == '-' && attempt) {
				snprintf(buf, len, "%.*s", (int)alen, attempt);
				return buf;
			}
		} else {
			attempt = t;
			alen = tn;
		}
		p += n + (nl ? 1 : 0);
	}
	/* a chain without result lines (3.10's IO-APIC path): the first line naming an errno (-ENOSPC) */
	for (p = d->explain ? d->explain : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		for (size_t k = 0; k + 2 < n; k++)
			if (p[k] == '-' && p[k + 1] == 'E' && isupper((unsigned char)p[k + 2])) {
				const char *t = p;
				while (t < p + n && isspace((unsigned char)*t))
					t++;
				snprintf(buf, len, "%.*s", (int)(n - (size_t)(t - p)), t);
				return buf;
			}
		p += n + (nl ? 1 : 0);
	}
	return buf;
}
