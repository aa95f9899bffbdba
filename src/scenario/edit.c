// SPDX-License-Identifier: GPL-2.0-only
/* Edits of a parsed scenario for what-if runs; see edit.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nomem.h"
#include "scenario/edit.h"

static int dup_str(char **p)
{
	if (*p && !(*p = nomem_check(strdup(*p))))
		return -1;
	return 0;
}

/* The copy of one directive's owned memory (d already a shallow copy): 0 or -1. */
static int dup_directive(struct scn_directive *d)
{
	int r = dup_str(&d->text);
	switch (d->kind) {
	case SCN_CMDLINE:
		return r | dup_str(&d->u.cmdline);
	case SCN_DEVICE:
	case SCN_HOTPLUG: {
		struct scn_device *v = &d->u.device;
		r |= dup_str(&v->driver) | dup_str(&v->id);
		if (!v->nr_opts) {
			v->opts = NULL;
			return r;
		}
		struct scn_opt *o = nomem_check(calloc(v->nr_opts, sizeof(*o)));
		if (!o) {
			v->opts = NULL;
			v->nr_opts = 0;
			return -1;
		}
		for (size_t k = 0; k < v->nr_opts; k++) {
			o[k] = v->opts[k];
			r |= dup_str(&o[k].key) | dup_str(&o[k].value);
		}
		v->opts = o;
		return r;
	}
	case SCN_UNPLUG:
		return r | dup_str(&d->u.unplug_id);
	case SCN_SET_AFFINITY: {
		unsigned *irqs = d->u.aff.nr_irqs ? nomem_check(malloc(d->u.aff.nr_irqs * sizeof(*irqs))) : NULL;
		if (irqs)
			memcpy(irqs, d->u.aff.irqs, d->u.aff.nr_irqs * sizeof(*irqs));
		else
			r = -1;
		d->u.aff.irqs = irqs;
		return r | dup_str(&d->u.aff.cpulist);
	}
	case SCN_IO:
		return r | dup_str(&d->u.io_id);
	default:
		return r;
	}
}

int scn_dup(const struct scenario *s, struct scenario *out)
{
	memset(out, 0, sizeof(*out));
	out->filename = s->filename ? nomem_check(strdup(s->filename)) : NULL;
	out->dirs = s->nr_dirs ? nomem_check(calloc(s->nr_dirs, sizeof(*out->dirs))) : NULL;
	if ((s->filename && !out->filename) || (s->nr_dirs && !out->dirs)) {
		scenario_free(out);
		return -1;
	}
	int r = 0;
	/* each directive counted as soon as it is copied, so scenario_free frees
	 * exactly what a failure left */
	for (size_t i = 0; i < s->nr_dirs; i++) {
		out->dirs[i] = s->dirs[i];
		out->nr_dirs++;
		r |= dup_directive(&out->dirs[i]);
	}
	if (r) {
		scenario_free(out);
		return -1;
	}
	return 0;
}

/* A new directive at the front (before anything it could depend on). */
static struct scn_directive *prepend(struct scenario *s, enum scn_kind kind, const char *text)
{
	struct scn_directive *n = nomem_check(realloc(s->dirs, (s->nr_dirs + 1) * sizeof(*n)));
	if (!n)
		return NULL;
	s->dirs = n;
	memmove(&n[1], &n[0], s->nr_dirs * sizeof(*n));
	s->nr_dirs++;
	memset(&n[0], 0, sizeof(n[0]));
	n[0].kind = kind;
	n[0].pos = (struct src_pos){ 1, 1 };
	n[0].text = nomem_check(strdup(text));
	return n[0].text ? &n[0] : NULL;
}

static struct scn_directive *find(struct scenario *s, enum scn_kind kind)
{
	for (size_t i = 0; i < s->nr_dirs; i++)
		if (s->dirs[i].kind == kind)
			return &s->dirs[i];
	return NULL;
}

int scn_edit_smp(struct scenario *s, unsigned cpus, char *err, size_t errlen)
{
	struct scn_directive *d = find(s, SCN_SMP);
	if (!d && !(d = prepend(s, SCN_SMP, "smp"))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct smp_config *c = &d->u.smp;
	unsigned extra = c->maxcpus > c->cpus && c->cpus ? c->maxcpus - c->cpus : 0;
	unsigned per_core = (c->dies ? c->dies : 1) * (c->clusters ? c->clusters : 1) * (c->threads ? c->threads : 1);
	c->cpus = cpus;
	if (c->maxcpus)
		c->maxcpus = cpus + extra;
	if (c->sockets && c->cores) {
		/* hw/core/machine-smp.c: sockets * dies * clusters * cores * threads = maxcpus */
		unsigned total = c->maxcpus ? c->maxcpus : cpus, per_socket = c->sockets * per_core;
		if (total % per_socket) {
			snprintf(err, errlen, "smp %u does not divide into %u sockets x %u threads", total, c->sockets,
				 per_core);
			return -1;
		}
		c->cores = total / per_socket;
	}
	return 0;
}

/* Is the word at w (length n) NAME or NAME=...? */
static int word_is(const char *w, size_t n, const char *name)
{
	size_t l = strlen(name);
	return n >= l && !strncmp(w, name, l) && (n == l || w[l] == '=');
}

int scn_edit_cmdline(struct scenario *s, const char *name, const char *value)
{
	struct scn_directive *d = find(s, SCN_CMDLINE);
	if (!d) {
		if (!(d = prepend(s, SCN_CMDLINE, "cmdline")))
			return -1;
		if (!(d->u.cmdline = nomem_check(strdup(""))))
			return -1;
	}
	const char *old = d->u.cmdline;
	size_t len = strlen(old), o = 0;
	char *out = nomem_check(malloc(len + strlen(name) + strlen(value) + 3));
	if (!out)
		return -1;
	/* keep every other word as it is (quoting included: parse_args splits on unquoted blanks) */
	for (size_t i = 0; i < len;) {
		while (i < len && (old[i] == ' ' || old[i] == '\t'))
			i++;
		size_t st = i;
		int q = 0;
		while (i < len && (q || (old[i] != ' ' && old[i] != '\t'))) {
			if (old[i] == '"')
				q = !q;
			i++;
		}
		if (i == st || word_is(old + st, i - st, name))
			continue;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, old + st, i - st);
		o += i - st;
	}
	o += (size_t)sprintf(out + o, "%s%s=%s", o ? " " : "", name, value);
	free(d->u.cmdline);
	d->u.cmdline = out;
	return 0;
}

int scn_edit_cmdline_append(struct scenario *scn, const char *param)
{
	int n = 0;
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		if (scn->dirs[i].kind != SCN_CMDLINE)
			continue;
		char *c = NULL;
		if (asprintf(&c, "%s %s", scn->dirs[i].u.cmdline, param) < 0)
			return nomem();
		free(scn->dirs[i].u.cmdline);
		scn->dirs[i].u.cmdline = c;
		n++;
	}
	if (n)
		return n;
	/* no cmdline line: one with the parameter alone */
	struct scn_directive *d = prepend(scn, SCN_CMDLINE, "cmdline");
	if (!d || !(d->u.cmdline = nomem_check(strdup(param))))
		return -1;
	return 1;
}

int scn_edit_cmdline_drop(struct scenario *scn, const char *param)
{
	int n = 0;
	size_t dl = strlen(param);
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		if (scn->dirs[i].kind != SCN_CMDLINE)
			continue;
		char *line = scn->dirs[i].u.cmdline;
		for (char *d = strstr(line, param); d; d = strstr(d + 1, param)) {
			if ((d == line || d[-1] == ' ') && (d[dl] == ' ' || !d[dl])) {
				memset(d, ' ', dl);
				n++;
				break;
			}
		}
	}
	return n;
}

static int add_opt(struct scn_device *dev, const char *key, const char *value)
{
	struct scn_opt *n = nomem_check(realloc(dev->opts, (dev->nr_opts + 1) * sizeof(*n)));
	if (!n)
		return -1;
	dev->opts = n;
	struct scn_opt *o = &n[dev->nr_opts];
	o->key = nomem_check(strdup(key));
	o->value = nomem_check(strdup(value));
	o->pos = dev->driver_pos;
	if (!o->key || !o->value) {
		free(o->key);
		free(o->value);
		return -1;
	}
	dev->nr_opts++;
	return 0;
}

int scn_edit_device_opt(struct scenario *s, const char *driver, const char *key, const char *value)
{
	int changed = 0;
	for (size_t i = 0; i < s->nr_dirs; i++) {
		struct scn_directive *d = &s->dirs[i];
		if (d->kind != SCN_DEVICE && d->kind != SCN_HOTPLUG)
			continue;
		struct scn_device *dev = &d->u.device;
		if (driver && strcmp(dev->driver, driver))
			continue;
		if (!strcmp(key, "count")) {
			if (dev->count <= 1 && !driver)
				continue;
			char *end;
			errno = 0;
			unsigned long n = strtoul(value, &end, 10);
			if (!*value || *end || errno || n == 0 || n > 65536)
				return -1;
			dev->count = (unsigned)n;
			changed++;
			continue;
		}
		bool found = false;
		for (size_t k = 0; k < dev->nr_opts; k++) {
			if (strcmp(dev->opts[k].key, key))
				continue;
			char *v = nomem_check(strdup(value));
			if (!v)
				return -1;
			free(dev->opts[k].value);
			dev->opts[k].value = v;
			found = true;
		}
		if (!found && driver && add_opt(dev, key, value))
			return -1;
		changed += found || driver;
	}
	return changed;
}

/* Where KEY= starts in spec (after a comma), or NULL. */
static const char *opt_at(const char *spec, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = strchr(spec, ','); p; p = strchr(p + 1, ','))
		if (!strncmp(p + 1, key, kl) && p[1 + kl] == '=')
			return p;
	return NULL;
}

int spec_has_opt(const char *spec, const char *key)
{
	return opt_at(spec, key) != NULL;
}

char *spec_set_opt(const char *spec, const char *key, const char *value)
{
	char *out = NULL;
	const char *p = opt_at(spec, key);
	if (!p) {
		if (asprintf(&out, "%s,%s=%s", spec, key, value) < 0)
			return nomem_check(NULL);
		return out;
	}
	const char *e = strchr(p + 1, ',');
	if (asprintf(&out, "%.*s,%s=%s%s", (int)(p - spec), spec, key, value, e ? e : "") < 0)
		return nomem_check(NULL);
	return out;
}
