// SPDX-License-Identifier: GPL-2.0-only
/*
 * The public scenario loader: a file (or stdin), or one variant of it, parsed
 * into a heap scenario a library caller owns.  The CLI loads through the
 * same messages, so a caller sees exactly what `irqsim run` would print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nomem.h"
#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

void scenario_variant_choice_error(char *err, size_t errlen, const char *name, const char *variant,
				   const struct scn_variant *v, int nv)
{
	size_t n;
	if (!nv) {
		snprintf(err, errlen, "irqsim: %s has no variants (--variant %s)", name, variant ? variant : "");
		return;
	}
	if (variant)
		n = (size_t)snprintf(err, errlen, "irqsim: %s has no variant '%s' (it has:", name, variant);
	else
		n = (size_t)snprintf(err, errlen, "irqsim: %s has variants; choose one with --variant NAME (it has:",
				     name);
	for (int i = 0; i < nv && n < errlen; i++)
		n += (size_t)snprintf(err + n, errlen - n, " %s", v[i].name);
	if (n < errlen)
		snprintf(err + n, errlen - n, ")");
}

static struct scenario *scenario_load_unguarded(const char *path, const char *variant, char *err, size_t errlen);

/* Every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
struct scenario *irqsim_scenario_load(const char *path, const char *variant, char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	struct scenario *r = scenario_load_unguarded(path, variant, err, errlen);
	if (nomem_since(nm, err, errlen) && r) {
		irqsim_scenario_free(r);
		r = NULL;
	}
	return r;
}

static struct scenario *scenario_load_unguarded(const char *path, const char *variant, char *err, size_t errlen)
{
	size_t len;
	struct scn_variant *v = NULL;
	struct scenario *scn = nomem_check(calloc(1, sizeof(*scn)));
	char *buf = scn ? scenario_read_file(path, &len, err, errlen) : NULL;
	if (!buf) {
		if (!scn)
			snprintf(err, errlen, "irqsim: out of memory");
		free(scn);
		return NULL;
	}
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	int nv = scenario_variants(name, buf, len, &v, err, errlen);
	int rc = -1;
	if (nv == 0 && !variant) {
		rc = scenario_parse(name, buf, len, scn, err, errlen);
	} else if (nv >= 0) {
		int i = 0;
		while (i < nv && (!variant || strcmp(variant, v[i].name)))
			i++;
		if (i < nv)
			rc = scenario_parse(name, v[i].text, v[i].len, scn, err, errlen);
		else
			scenario_variant_choice_error(err, errlen, name, variant, v, nv);
		scenario_variants_free(v, nv);
	}
	free(buf);
	if (rc) {
		free(scn);
		return NULL;
	}
	return scn;
}

void irqsim_scenario_free(struct scenario *scn)
{
	if (!scn)
		return;
	scenario_free(scn);
	free(scn);
}
