// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel command line as far as interrupt vectors care.  Words are split like
 * kernel/params.c:next_arg does (double quotes may surround the value or the
 * whole word); '-' and '_' are equivalent in parameter names (parameq).
 */
#include "kernel/params.h"
#include "lib/nomem.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int push(char ***arr, size_t *n, const char *w)
{
	char **na = nomem_check(realloc(*arr, (*n + 1) * sizeof(**arr)));
	if (!na)
		return -1;
	*arr = na;
	na[*n] = nomem_check(strdup(w));
	if (!na[*n])
		return -1;
	(*n)++;
	return 0;
}

/*
 * Comma-separated option lists (pci=, intremap=, intel_iommu=): step *v past
 * the next option, its length in *len; false at the end.
 */
static bool next_opt(const char **v, size_t *len)
{
	if (**v == ',')
		(*v)++;
	if (!**v)
		return false;
	*len = strcspn(*v, ",");
	*v += *len;
	return true;
}

static bool opt_is(const char *opt, size_t len, const char *want)
{
	return strlen(want) == len && !strncmp(opt, want, len);
}

static bool name_is(const char *name, size_t len, const char *want)
{
	if (strlen(want) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char a = name[i] == '-' ? '_' : name[i];
		char b = want[i] == '-' ? '_' : want[i];
		if (a != b)
			return false;
	}
	return true;
}

static int parse_uint(const char *v, unsigned *out)
{
	char *end;
	if (!v || !*v || !isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	unsigned long x = strtoul(v, &end, 0);
	if (errno || *end || x > UINT_MAX)
		return -1;
	*out = (unsigned)x;
	return 0;
}

/* Parameters that exist and are understood but do not change vectors. */
static const char *const noeffect_params[] = {
	"console", "quiet", "panic", "lpj", "trace_event", "trace_clock", "trace_buf_size",
	"tp_printk", "loglevel", "earlyprintk", "rdinit", "init", "root", "ro", "rw",
	"debug", "ignore_loglevel", "printk.time", "nokaslr", "crashkernel", "mitigations",
	NULL,
};

/*
 * kernel/sched/isolation.c: housekeeping_isolcpus_setup.  Leading flags
 * "nohz,", "domain,", "managed_irq," (unknown alphabetic flags are skipped),
 * then the CPU list; no flag means "domain".  -1 if the value is malformed.
 */
static int isolcpus_setup(struct boot_params *p, const char *v)
{
	bool any = false;
	while (isalpha((unsigned char)*v)) {
		size_t l = strcspn(v, ",");
		if (!v[l])
			break;          /* a word without ',' is not a flag */
		for (size_t i = 0; i < l; i++)
			if (!isalpha((unsigned char)v[i]) && v[i] != '_')
				return -1;
		if (l == 11 && !strncmp(v, "managed_irq", 11))
			p->isolcpus_managed_irq = true;
		else if (l == 6 && !strncmp(v, "domain", 6))
			p->isolcpus_domain = true;
		any = true;
		v += l + 1;
	}
	if (!*v)
		return -1;
	if (!any)
		p->isolcpus_domain = true;
	free(p->isolcpus);
	p->isolcpus = nomem_check(strdup(v));
	return p->isolcpus ? 0 : -1;
}

/*
 * "module.param" of a module the model has: true if the module has no such
 * parameter.  virtio_blk (drivers/block/virtio_blk.c module_param) has
 * num_request_queues, poll_queues and queue_depth.
 */
static bool unknown_modparam(const char *name, size_t nlen)
{
	static const char *const virtio_blk_params[] = {
		"virtio_blk.num_request_queues", "virtio_blk.poll_queues", "virtio_blk.queue_depth", NULL,
	};
	size_t ml = strlen("virtio_blk.");
	if (nlen <= ml || !name_is(name, ml, "virtio_blk."))
		return false;
	for (const char *const *k = virtio_blk_params; *k; k++)
		if (name_is(name, nlen, *k))
			return false;
	return true;
}

/*
 * drivers/acpi/pci_link.c: acpi_irq_penalty_update reads at most 16
 * numbers with get_option (an optional '-', then simple_strtoull base 0):
 * it stops at something that is no number, and after a number in 0-15
 * that no comma follows; a number outside 0-15 is skipped and the scan
 * goes on right after it
 */
static void acpi_irq_penalty_update(struct boot_params *p, const char *v, bool used)
{
	for (int i = 0; i < 16; i++) {
		bool neg = *v == '-';
		const char *c = v + neg;
		if (!isdigit((unsigned char)*c))
			break;
		char *end;
		errno = 0;
		unsigned long long n = strtoull(c, &end, 0);
		bool comma = *end == ',';
		v = end + comma;
		/* the int get_option returns: "-0" is 0; a negative, too large or
		 * overflowing number is skipped */
		if ((neg && n) || errno || n > 15)
			continue;
		if (used) {
			if (p->acpi_irq_isa_used[n] < 64)
				p->acpi_irq_isa_used[n]++;
		} else {
			p->acpi_irq_pci_clear[n] = true;
			p->acpi_irq_isa_used[n] = 0;
		}
		if (!comma)
			break;
	}
}

/*
 * The platform's parameters (PCI, interrupt remapping, x2APIC, PCIe port
 * services): *mine false when the word is none of them.
 */
static int apply_platform(struct boot_params *p, const char *word, const char *name, size_t nlen, const char *val,
			  bool *mine)
{
	*mine = true;
	if (name_is(name, nlen, "pci")) {
		/* pci=opt1,opt2: only nomsi matters here */
		bool known = false;
		const char *v = val ? val : "";
		size_t l;
		while (next_opt(&v, &l))
			if (opt_is(v - l, l, "nomsi"))
				p->pci_nomsi = known = true;
		if (!known)
			return push(&p->ignored, &p->nr_ignored, word);
	} else if (name_is(name, nlen, "intremap")) {
		/*
		 * drivers/iommu/irq_remapping.c: setup_irqremap walks a comma list;
		 * on/nosid/no_x2apic_optout change no vector (QEMU's DMAR table has
		 * no x2APIC opt-out flag, and source-id checks are the hardware's)
		 */
		const char *v = val ? val : "";
		bool other = !*v;
		size_t l;
		while (next_opt(&v, &l)) {
			if (opt_is(v - l, l, "off"))
				p->intremap_off = true;
			else if (!opt_is(v - l, l, "on") && !opt_is(v - l, l, "nosid") &&
				 !opt_is(v - l, l, "no_x2apic_optout"))
				other = true;
		}
		if (other)
			return push(&p->ignored, &p->nr_ignored, word);
	} else if (name_is(name, nlen, "intel_iommu")) {
		/* drivers/iommu/intel/iommu.c: intel_iommu_setup; only on/off matter here
		 * (DMA remapping, which sets up the DMAR fault interrupt on 6.12) */
		const char *v = val ? val : "";
		bool other = !*v;
		size_t l;
		while (next_opt(&v, &l)) {
			if (opt_is(v - l, l, "off") || opt_is(v - l, l, "on"))
				p->intel_iommu_off = opt_is(v - l, l, "off");
			else
				other = true;
		}
		if (other)
			return push(&p->ignored, &p->nr_ignored, word);
	} else if (name_is(name, nlen, "amd_iommu")) {
		/* drivers/iommu/amd/init.c: parse_amd_iommu_options; only off matters
		 * here (the state machine stops at IOMMU_CMDLINE_DISABLED) */
		const char *v = val ? val : "";
		bool other = !*v;
		size_t l;
		while (next_opt(&v, &l)) {
			if (opt_is(v - l, l, "off"))
				p->amd_iommu_off = true;
			else
				other = true;
		}
		if (other)
			return push(&p->ignored, &p->nr_ignored, word);
	} else if (name_is(name, nlen, "nox2apic") || name_is(name, nlen, "x2apic_phys")) {
		/*
		 * arch/x86/kernel/apic/apic.c: setup_nox2apic keeps the guest in
		 * xAPIC mode (remapping then in xapic mode, APIC ids above 254
		 * unusable); x2apic_phys picks the physical x2APIC driver, whose
		 * per-CPU vectors are the cluster driver's since the matrix
		 * allocator (4.15): no effect here.  Only a guest with x2APIC
		 * (intel-iommu eim=on) has either to choose.
		 */
		if (val)
			return push(&p->ignored, &p->nr_ignored, word);
		if (name_is(name, nlen, "nox2apic"))
			p->nox2apic = true;
	} else if (name_is(name, nlen, "pcie_aspm")) {
		if (val && !strcmp(val, "off"))
			p->pcie_aspm_off = true;
		else
			return push(&p->ignored, &p->nr_ignored, word);
	} else if (name_is(name, nlen, "pcie_ports")) {
		/* pcie_port_setup: prefix matches, anything else is accepted and
		 * changes nothing */
		const char *v = val ? val : "";
		if (!strncmp(v, "compat", 6))
			p->pcie_ports_disabled = true;
		else if (!strncmp(v, "native", 6))
			p->pcie_ports_native = true;
		else if (!strncmp(v, "dpc-native", 10))
			p->pcie_ports_dpc_native = true;
		else
			return push(&p->noeffect, &p->nr_noeffect, word);
	} else {
		*mine = false;
	}
	return 0;
}

/*
 * The numeric parameters: a kernel parameter or a module parameter given on
 * the command line (nvme, virtio_scsi: passed to the module at load).
 * set_off: the flag that says it was given (0: none).
 */
struct num_param {
	const char *name;
	size_t off, set_off;
	bool positive;
};
static const struct num_param num_params[] = {
	{ "nr_cpus", offsetof(struct boot_params, nr_cpus), 0, true },
	{ "maxcpus", offsetof(struct boot_params, maxcpus), offsetof(struct boot_params, maxcpus_set), false },
	{ "possible_cpus", offsetof(struct boot_params, possible_cpus), offsetof(struct boot_params, possible_cpus_set),
	  false },
	{ "virtio_blk.num_request_queues", offsetof(struct boot_params, virtio_blk_num_request_queues), 0, false },
	{ "virtio_blk.poll_queues", offsetof(struct boot_params, virtio_blk_poll_queues), 0, false },
	{ "nvme.poll_queues", offsetof(struct boot_params, nvme_poll_queues), 0, false },
	{ "nvme.write_queues", offsetof(struct boot_params, nvme_write_queues), 0, false },
	{ "virtio_scsi.virtscsi_poll_queues", offsetof(struct boot_params, virtio_scsi_poll_queues), 0, false },
};

static int apply(struct boot_params *p, const char *word, const char *name, size_t nlen,
		 const char *val, char *err, size_t errlen)
{
#define BADVAL(what) do { snprintf(err, errlen, "invalid value for %.*s: expected %s", (int)nlen, name, what); return -1; } while (0)
	bool platform;
	int r = apply_platform(p, word, name, nlen, val, &platform);
	if (platform)
		return r;
	for (const struct num_param *n = num_params; n < num_params + sizeof(num_params) / sizeof(num_params[0]); n++) {
		if (!name_is(name, nlen, n->name))
			continue;
		unsigned *v = (unsigned *)((char *)p + n->off);
		if (parse_uint(val, v) || (n->positive && !*v))
			BADVAL(n->positive ? "a positive number" : "a number");
		if (n->set_off)
			*(bool *)((char *)p + n->set_off) = true;
		return 0;
	}
	if (name_is(name, nlen, "irqaffinity")) {
		if (!val || !*val)
			BADVAL("a cpu list");
		free(p->irqaffinity);
		if (!(p->irqaffinity = nomem_check(strdup(val)))) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		p->has_irqaffinity = true;
	} else if (name_is(name, nlen, "isolcpus")) {
		if (isolcpus_setup(p, val ? val : ""))
			BADVAL("[nohz,][domain,][managed_irq,]CPU-LIST");
	} else if (unknown_modparam(name, nlen)) {
		return push(&p->unknown_modparams, &p->nr_unknown_modparams, word);
	} else if (name_is(name, nlen, "rd.driver.blacklist") || name_is(name, nlen, "modprobe.blacklist")) {
		/* user space reads these from /proc/cmdline: dracut's initramfs
		 * (the kdump kernel's) and kmod's modprobe skip the modules */
		if (!val || !*val)
			BADVAL("MODULE[,MODULE...]");
		for (const char *m = val; *m;) {
			size_t l = strcspn(m, ",");
			if (l) {
				char *w = nomem_check(strndup(m, l));
				if (!w || push(&p->blacklist, &p->nr_blacklist, w)) {
					free(w);
					return -1;
				}
				free(w);
			}
			m += l + (m[l] == ',');
		}
	} else if (name_is(name, nlen, "acpi_irq_balance") || name_is(name, nlen, "acpi_irq_nobalance")) {
		/* the handlers ignore their argument */
		p->acpi_irq_balance_set = true;
		p->acpi_irq_balance = name_is(name, nlen, "acpi_irq_balance");
	} else if (name_is(name, nlen, "acpi_irq_isa") || name_is(name, nlen, "acpi_irq_pci")) {
		acpi_irq_penalty_update(p, val ? val : "", name_is(name, nlen, "acpi_irq_isa"));
	} else if (name_is(name, nlen, "reset_devices")) {
		p->reset_devices = true;
	} else {
		for (const char *const *n = noeffect_params; *n; n++)
			if (name_is(name, nlen, *n))
				return push(&p->noeffect, &p->nr_noeffect, word);
		return push(&p->ignored, &p->nr_ignored, word);
	}
	return 0;
#undef BADVAL
}

int boot_params_parse(struct boot_params *p, const char *cmdline, char *err, size_t errlen,
		      unsigned *errpos)
{
	size_t len = strlen(cmdline);
	char *word = nomem_check(malloc(len + 1));
	if (!word) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	free(p->cmdline);
	if (!(p->cmdline = nomem_check(strdup(cmdline)))) {
		free(word);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	const char *c = cmdline;
	while (*c) {
		while (*c == ' ' || *c == '\t' || *c == '\n')
			c++;
		if (!*c)
			break;
		const char *start = c;
		bool inq = false;
		size_t n = 0;
		/* next_arg: quotes toggle, spaces outside quotes end the word */
		while (*c && (inq || (*c != ' ' && *c != '\t' && *c != '\n'))) {
			if (*c == '"')
				inq = !inq;
			else
				word[n++] = *c;
			c++;
		}
		word[n] = '\0';
		if (inq) {
			snprintf(err, errlen, "unterminated quote in kernel command line");
			*errpos = (unsigned)(start - cmdline);
			free(word);
			return -1;
		}
		char *eq = strchr(word, '=');
		size_t nlen = eq ? (size_t)(eq - word) : n;
		if (errlen)
			err[0] = '\0';
		if (apply(p, word, word, nlen, eq ? eq + 1 : NULL, err, errlen)) {
			if (errlen && !err[0])
				snprintf(err, errlen, "out of memory"); /* push()'s failure: counted, the run says so */
			*errpos = (unsigned)(start - cmdline);
			free(word);
			return -1;
		}
	}
	free(word);
	return 0;
}

void boot_params_free(struct boot_params *p)
{
	free(p->cmdline);
	free(p->irqaffinity);
	free(p->isolcpus);
	for (size_t i = 0; i < p->nr_blacklist; i++)
		free(p->blacklist[i]);
	free(p->blacklist);
	for (size_t i = 0; i < p->nr_unknown_modparams; i++)
		free(p->unknown_modparams[i]);
	free(p->unknown_modparams);
	for (size_t i = 0; i < p->nr_ignored; i++)
		free(p->ignored[i]);
	free(p->ignored);
	for (size_t i = 0; i < p->nr_noeffect; i++)
		free(p->noeffect[i]);
	free(p->noeffect);
	memset(p, 0, sizeof(*p));
}

bool boot_params_blacklisted(const struct boot_params *p, const char *module)
{
	for (size_t i = 0; i < p->nr_blacklist; i++) {
		/* module names treat '-' and '_' alike (kmod: underscores) */
		const char *a = p->blacklist[i], *b = module;
		while (*a && *b && (*a == *b || ((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))) {
			a++;
			b++;
		}
		if (!*a && !*b)
			return true;
	}
	return false;
}
