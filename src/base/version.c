// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel lines irqsim models: names, provenance, the distributions that
 * ship them, and how a `uname -r` string maps to a line and to the switches
 * its point release sets differently (stable backports).
 */
#include "kernel/version.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/profile.h"

static const struct {
	const char *name;
	enum kernel_provenance prov;
	const char *distros;
} lines[KERNEL_NR_LINES] = {
	[KERNEL_3_10] = { "3.10", PROV_SEED_FIGURES, "RHEL/CentOS 7" },
	[KERNEL_4_18] = { "4.18", PROV_SEED_FIGURES, "RHEL/CentOS 8" },
	[KERNEL_5_10] = { "5.10", PROV_SOURCE, "Debian 11" },
	[KERNEL_5_14] = { "5.14", PROV_SOURCE, "RHEL 9, Rocky/Alma 9, RHCOS (upstream 5.14 plus the backports irqsim knows)" },
	[KERNEL_5_15] = { "5.15", PROV_SOURCE, "Ubuntu 22.04" },
	[KERNEL_6_1] = { "6.1", PROV_BOOT, "Debian 12, Amazon Linux 2023" },
	[KERNEL_6_6] = { "6.6", PROV_SOURCE, "Azure Linux 3" },
	[KERNEL_6_8] = { "6.8", PROV_SOURCE, "Ubuntu 24.04" },
	[KERNEL_6_12] = { "6.12", PROV_BOOT, "RHEL 10, Debian 13, Debian 12 backports" },
	[KERNEL_6_18] = { "6.18", PROV_SOURCE, "the 2025 LTS, Amazon Linux 2023 newer AMIs" },
	[KERNEL_7_0] = { "7.0", PROV_SOURCE, "Ubuntu 26.04, upstream" },
};

static const char *const prov_text[] = {
	[PROV_SEED_FIGURES] = "from the seed's figures",
	[PROV_SOURCE] = "from source and patches",
	[PROV_BOOT] = "verified by boot",
};

int kernel_line_parse(const char *s, enum kernel_line *out)
{
	if (!s)
		return -1;
	for (unsigned i = 0; i < KERNEL_NR_LINES; i++) {
		if (strcmp(s, lines[i].name) == 0) {
			if (out)
				*out = (enum kernel_line)i;
			return 0;
		}
	}
	return -1;
}

const char *kernel_line_name(enum kernel_line k)
{
	return (unsigned)k < KERNEL_NR_LINES ? lines[k].name : "unknown";
}

enum kernel_provenance kernel_line_provenance_kind(enum kernel_line k)
{
	return (unsigned)k < KERNEL_NR_LINES ? lines[k].prov : PROV_SOURCE;
}

const char *kernel_line_provenance(enum kernel_line k)
{
	return prov_text[kernel_line_provenance_kind(k)];
}

const char *kernel_line_distros(enum kernel_line k)
{
	return (unsigned)k < KERNEL_NR_LINES ? lines[k].distros : "";
}

const char *kernel_sel_name(const struct kernel_sel *sel)
{
	return sel->release[0] ? sel->release : kernel_line_name(sel->line);
}

static void override(struct kernel_sel *sel, const char *sw, bool v)
{
	int i = kernel_switch_index(sw);
	if (i < 0 || i >= 64)
		return;
	sel->mask |= 1ull << i;
	if (v)
		sel->value |= 1ull << i;
	else
		sel->value &= ~(1ull << i);
}

/* Append "; "-separated sentences to note (truncated at len, never overrun) */
static void note_add(char *note, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note_add(char *note, size_t len, const char *fmt, ...)
{
	if (!note || !len)
		return;
	size_t o = strlen(note);
	if (o && o + 2 < len) {
		memcpy(note + o, "; ", 3);
		o += 2;
	}
	if (o + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(note + o, len - o, fmt, ap);
	va_end(ap);
}

/*
 * Point releases.  Upstream-style versions (5.10.X, 6.1.X, 6.12.X: Debian
 * 12 backports and Debian 13 print them, "6.12.118+deb12-cloud-amd64") give
 * the stable base directly; Debian 11/12 print the ABI number instead
 * ("6.1.0-57-amd64"), mapped with the ABI where the fix arrived.
 */
static void point_release(struct kernel_sel *sel, unsigned patch, const char *rest, char *note, size_t len)
{
	unsigned abi = 0;
	bool debian_abi = patch == 0 && rest[0] == '-' && isdigit((unsigned char)rest[1]) && strstr(rest, "-amd64");
	if (debian_abi)
		abi = (unsigned)strtoul(rest + 1, NULL, 10);
	const char *name = kernel_line_name(sel->line);
	/* irq_matrix_allocated stops counting managed vectors (stable, Nov 2023) */
	static const struct {
		enum kernel_line line;
		unsigned stable;     /* first upstream point release with the fix */
		unsigned debian_abi; /* first Debian ABI with it, 0: no Debian mapping */
	} excl[] = {
		{ KERNEL_5_10, 201, 27 },
		{ KERNEL_5_15, 139, 0 },
		{ KERNEL_6_1, 63, 14 },
	};
	for (size_t i = 0; i < sizeof(excl) / sizeof(excl[0]); i++) {
		if (excl[i].line != sel->line)
			continue;
		bool before = false;
		if (patch)
			before = patch < excl[i].stable;
		else if (debian_abi && excl[i].debian_abi)
			before = abi < excl[i].debian_abi;
		if (before) {
			override(sel, "allocated_counts_managed", true);
			note_add(note, len, "%s.%u predates the irq_matrix_allocated backport (%s.%u): the \"Cannot "
				 "disable CPU\" figure counts managed vectors", name, patch ? patch : 0, name, excl[i].stable);
		} else if (!patch && !(debian_abi && excl[i].debian_abi)) {
			note_add(note, len, "the release does not give its stable base: modelled as %s's current builds "
				 "(after %s.%u)", name, name, excl[i].stable);
		}
	}
	if (debian_abi)
		note_add(note, len, "Debian ABI %s.0-%u is mapped to its stable base by release date (Debian's changelog "
			 "not read)", name, abi);
	/* "x86/irq: Plug vector setup race" reached 6.12.42 */
	if (sel->line == KERNEL_6_12 && patch >= 42) {
		override(sel, "vector_setup_race_fix", true);
		note_add(note, len, "6.12.%u carries ce0b5eedcb75 (\"No irq handler\" format; not modelled)", patch);
	}
	/*
	 * Debian's -cloud-amd64 flavour is a smaller configuration of the same
	 * source.  Booted (tests/conformance/golden/ *-cloud-amd64): 6.1's is
	 * built without CONFIG_X86_MCE (three system vectors fewer, none in the
	 * allocatable range) and both 6.1's and 6.12's build nvme in; everything
	 * else the recorded cases touch (virtio, IO-APIC, ACPI hotplug, the
	 * affinity writes) behaves as the generic flavour.
	 */
	if (strstr(rest, "-cloud-")) {
		if (sel->line == KERNEL_6_1 || sel->line == KERNEL_6_12) {
			override(sel, "nvme_builtin", true);
			if (sel->line == KERNEL_6_1)
				override(sel, "no_mce_vectors", true);
			note_add(note, len, "Debian's -cloud flavour: nvme built in%s (booted; the rest as the generic "
				 "flavour)", sel->line == KERNEL_6_1 ? ", no machine-check vectors" : "");
		} else {
			note_add(note, len, "a -cloud flavour of %s: its configuration is not known to irqsim, modelled as "
				 "the generic flavour", name);
		}
	}
	if (strstr(rest, ".el"))
		note_add(note, len, "RHEL kernel: Red Hat's backports are followed only where irqsim knows them%s",
			 sel->line == KERNEL_4_18 ? " (the 4.18 figures are seed 000's 4.18.0-305)" : "");
}

int kernel_sel_parse(const char *s, struct kernel_sel *out, char *note, size_t notelen)
{
	memset(out, 0, sizeof(*out));
	if (note && notelen)
		note[0] = '\0';
	if (!s)
		return -1;
	if (!kernel_line_parse(s, &out->line))
		return 0;
	unsigned major, minor, patch = 0;
	int n = 0;
	if (sscanf(s, "%3u.%3u%n", &major, &minor, &n) != 2 || n <= 0)
		return -1;
	const char *rest = s + n;
	if (*rest == '.' && isdigit((unsigned char)rest[1])) {
		char *end;
		patch = (unsigned)strtoul(rest + 1, &end, 10);
		rest = end;
	}
	/* what may follow: -ABI..., +deb12..., or nothing */
	if (*rest && *rest != '-' && *rest != '+' && *rest != '.' && *rest != '_')
		return -1;
	if (strlen(s) >= sizeof(out->release))
		return -1;
	char name[16];
	snprintf(name, sizeof(name), "%u.%u", major, minor);
	if (kernel_line_parse(name, &out->line))
		return -1;
	snprintf(out->release, sizeof(out->release), "%s", s);
	point_release(out, patch, rest, note, notelen);
	return 0;
}
