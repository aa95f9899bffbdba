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


char *irqsim_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	char *buf = scenario_read_file(path, len, err, errlen);
	if (nomem_since(nm, err, errlen)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Append scenario i of out: a parse of text (copied), named name. */
static int push_scenario(struct irqsim_scenarios *out, const char *file, const char *name, const char *text,
			 size_t len, char *err, size_t errlen)
{
	size_t i = out->n;
	struct scenario *scn = nomem_check(calloc(1, sizeof(*scn)));
	char *t = nomem_check(malloc(len + 1)), *nm = nomem_check(strdup(name));
	if (!scn || !t || !nm) {
		free(scn);
		free(t);
		free(nm);
		return nomem_error(err, errlen);
	}
	memcpy(t, text, len);
	t[len] = '\0';
	if (scenario_parse(file, text, len, scn, err, errlen)) {
		free(scn);
		free(t);
		free(nm);
		return -1;
	}
	out->scns[i] = scn;
	out->texts[i] = t;
	out->lens[i] = len;
	out->names[i] = nm;
	out->n++;
	return 0;
}

static int scenarios_parse(const char *name, const char *text, size_t len, const char *variant, int all,
			   struct irqsim_scenarios *out, char *err, size_t errlen)
{
	struct scn_variant *v = NULL;
	int nv = scenario_variants(name, text, len, &v, err, errlen);
	if (nv < 0)
		return -1;
	out->variants = nv > 0;
	size_t cap = nv ? (size_t)nv : 1;
	out->scns = nomem_check(calloc(cap, sizeof(*out->scns)));
	out->names = nomem_check(calloc(cap, sizeof(*out->names)));
	out->texts = nomem_check(calloc(cap, sizeof(*out->texts)));
	out->lens = nomem_check(calloc(cap, sizeof(*out->lens)));
	int rc = !out->scns || !out->names || !out->texts || !out->lens ? nomem_error(err, errlen) : 0;
	if (!rc && !nv && !variant) {
		rc = push_scenario(out, name, name, text, len, err, errlen);
	} else if (!rc) {
		for (int i = 0; i < nv && !rc; i++)
			if ((variant && !strcmp(variant, v[i].name)) || (!variant && all))
				rc = push_scenario(out, name, v[i].name, v[i].text, v[i].len, err, errlen);
		if (!rc && !out->n) {
			scenario_variant_choice_error(err, errlen, name, variant, v, nv);
			rc = -1;
		}
	}
	scenario_variants_free(v, nv);
	return rc;
}

/* Every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
int irqsim_scenarios_parse(const char *name, const char *text, size_t len, const char *variant, int all,
			   struct irqsim_scenarios *out, char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	memset(out, 0, sizeof(*out));
	int rc = scenarios_parse(name, text, len, variant, all, out, err, errlen);
	if (nomem_since(nm, err, errlen) || rc) {
		irqsim_scenarios_free(out);
		return -1;
	}
	return (int)out->n;
}

void irqsim_scenarios_free(struct irqsim_scenarios *s)
{
	for (size_t i = 0; i < s->n; i++) {
		irqsim_scenario_free(s->scns[i]);
		free(s->names[i]);
		free(s->texts[i]);
	}
	free(s->scns);
	free(s->names);
	free(s->texts);
	free(s->lens);
	memset(s, 0, sizeof(*s));
}

/* The one scenario of a file, or the variant named: through irqsim_scenarios_parse, as the CLI loads. */
struct scenario *irqsim_scenario_load(const char *path, const char *variant, char *err, size_t errlen)
{
	size_t len;
	char *buf = irqsim_read_file(path, &len, err, errlen);
	if (!buf)
		return NULL;
	struct irqsim_scenarios all;
	int n = irqsim_scenarios_parse(strcmp(path, "-") ? path : "<stdin>", buf, len, variant, 0, &all, err, errlen);
	free(buf);
	if (n < 0)
		return NULL;
	struct scenario *scn = all.scns[0];
	all.scns[0] = NULL;
	irqsim_scenarios_free(&all);
	return scn;
}

void irqsim_scenario_free(struct scenario *scn)
{
	if (!scn)
		return;
	scenario_free(scn);
	free(scn);
}
