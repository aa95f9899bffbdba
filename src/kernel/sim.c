// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building and booting the simulated machine, and running a scenario's
 * timeline on it.  The boot sequence reproduces what the reference kernels
 * log on the canonical QEMU machines (tests/conformance/golden/ boot traces):
 * system vectors, CPU 0 online, legacy ISA vectors, IO-APIC take-over, AP
 * bring-up, then the ISA interrupts the built-in drivers request.
 */
#define _GNU_SOURCE
#include "kernel/sim.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/ioapic.h"
#include "arch/x86/vector.h"
#include "arch/x86/vector_legacy.h"
#include "drivers/driver.h"
#include "drivers/generic.h"
#include "drivers/iommu/amd_iommu.h"
#include "drivers/iommu/intel_irq_remapping.h"
#include "drivers/pcieport.h"
#include "drivers/shpchp.h"
#include "drivers/usbdev.h"
#include "drivers/virtio_pci.h"
#include "irq/cpuhotplug.h"
#include "irq/manage.h"
#include "irq/proc.h"
#include "irqsim/irqsim.h"
#include "kernel/invariants.h"
#include "lib/grow.h"
#include "pci/pci.h"
#include "scenario/shell.h"
#include "user/irqbalance.h"

void sim_step_result(struct sim *s, const char *text, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL, *line = NULL;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!nomem_check(msg))
		return;
	if (asprintf(&line, "step %u %s: %s", s->step, text, msg) < 0)
		line = NULL;
	free(msg);
	if (!nomem_check(line))
		return;
	if (array_grow_cap(&s->steps.lines, &s->steps.cap, s->steps.nr, sizeof(*s->steps.lines), 16)) {
		free(line);
		return;
	}
	s->steps.lines[s->steps.nr++] = line;
}

static _Thread_local sim_step_hook_fn *step_hook;

void sim_set_step_hook(sim_step_hook_fn *fn)
{
	step_hook = fn;
}

int sim_snapshot_step(struct sim *s, const char *text)
{
	if (array_grow_cap(&s->snaps.v, &s->snaps.cap, s->snaps.nr, sizeof(*s->snaps.v), 16))
		return -ENOMEM;
	struct step_snapshot *sn = &s->snaps.v[s->snaps.nr];
	memset(sn, 0, sizeof(*sn));
	sn->text = nomem_check(strdup(text));
	if (!sn->text)
		return -ENOMEM;
	sn->step = s->step;
	sn->online = cpumask_weight(&s->cpu_online_mask);
	sn->slots = sn->online * (s->matrix ? s->matrix->alloc_size : legacy_vectors_usable(s));
	sn->allocated = vector_total_allocated(s);
	sn->available = vector_global_available(s);
	sn->min_available = UINT_MAX;
	unsigned cpu;
	for_each_cpu(cpu, &s->cpu_online_mask) {
		if (s->matrix) /* 3.10 has no managed reservations */
			sn->managed_reserved += s->matrix->maps[cpu].managed - s->matrix->maps[cpu].managed_allocated;
		unsigned avl = vector_cpu_available(s, cpu);
		if (avl < sn->min_available)
			sn->min_available = avl;
	}
	if (sn->min_available == UINT_MAX)
		sn->min_available = 0;
	/* the device counts are the map's, kept with the events (a tenth of the step's cost on seed 000) */
	for (size_t i = 0; !s->step_events_omitted && i < s->nr_pdevs; i++) {
		const struct pci_dev *d = s->pdevs[i];
		if (!d->drv || boot_params_blacklisted(&s->params, driver_name(d)))
			continue;
		sn->devices++;
		sn->fell_back += device_fell_back(d);
		sn->failed += device_irq_mode(d) == DM_FAILED;
	}
	s->snaps.nr++;
	if (!s->step_events_omitted && step_events_record(s, sn))
		return -ENOMEM;
	return step_hook ? step_hook(s) : 0;
}

static int set_err(char *err, size_t errlen, const char *file, struct src_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int set_err(char *err, size_t errlen, const char *file, struct src_pos pos, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%u:%u: %s", file, pos.line, pos.col, msg);
	return -1;
}

/* arch/x86/kernel/apic/vector.c: arch_probe_nr_irqs (with PCI MSI) */
static unsigned probe_nr_irqs(unsigned nr_cpu_ids, unsigned gsi_top)
{
	unsigned long nr = (unsigned long)gsi_top + NR_IRQS_LEGACY + 8ul * nr_cpu_ids;
	nr += gsi_top <= NR_IRQS_LEGACY ? 8ul * nr_cpu_ids : 16ul * gsi_top;
	unsigned long cap = 256ul * nr_cpu_ids;
	if (nr > cap)
		nr = cap;
	return (unsigned)nr;
}

/* The built-in drivers' ISA interrupts, in the order the reference boot requests them. */
static const char *const platform_owner = "platform";
static int dev_order(const void *a, const void *b);

/* The PCI functions in enumeration order (bus, then devfn): a malloc'ed copy. */
static struct pci_dev **pci_devices_in_order(struct sim *s)
{
	size_t n = s->nr_pdevs;
	if (!n)
		return NULL;
	struct pci_dev **order = nomem_check(malloc(n * sizeof(*order)));
	if (!order)
		return NULL;
	memcpy(order, s->pdevs, n * sizeof(*order));
	qsort(order, n, sizeof(*order), dev_order);
	return order;
}

/*
 * The final fixups run while PCI enumeration adds each function
 * (subsys_initcall), before any built-in driver registers (device_initcall):
 * the 6.12 pc-2cpu-emulated-exhaust recording enables the xHCI's links
 * (quirk_usb_early_handoff) before virtio_pci binds the disks in front of it.
 */
static void run_enum_fixups(struct sim *s)
{
	struct pci_dev **order = pci_devices_in_order(s);
	if (!order)
		return;
	for (size_t i = 0; i < s->nr_pdevs; i++)
		if (order[i]->drv && order[i]->drv->enum_fixup)
			order[i]->drv->enum_fixup(s, order[i]);
	free(order);
}

static void probe_builtin(struct sim *s, struct pci_dev *d)
{
	/* a built-in virtio driver's device exists once virtio_pci bound the function */
	if (d->drv->is_virtio && !d->drvdata)
		return;
	d->probed = true;
	s->probing = d;
	int err = d->drv->probe(s, d);
	s->probing = NULL;
	if (err)
		d->probe_err = err;
}

/* Built-in PCI drivers (pcieport) bind while the PCI bus is enumerated. */
static void probe_builtin_drivers(struct sim *s)
{
	size_t n = s->nr_pdevs;
	struct pci_dev **order = pci_devices_in_order(s);
	if (!order)
		return;
	for (size_t i = 0; i < n; i++) {
		struct pci_dev *d = order[i];
		if (d->drv && driver_builtin(s, d->drv) && !d->drv->async_probe && !d->probed)
			probe_builtin(s, d);
	}
	/* shpchp registers after pcieport (drivers/pci/pcie links before drivers/pci/hotplug) */
	for (size_t i = 0; i < n; i++)
		if (shpchp_binds(s, order[i]))
			shpchp_probe(s, order[i]);
	free(order);
}

/*
 * Built-in drivers that prefer asynchronous probing (nvme, built into
 * Debian's -cloud flavours): the probes run on the async thread, which
 * kernel_init waits for (async_synchronize_full) before /init starts.
 * Booted: 6.1.0-57-cloud-amd64 and 6.12.118+deb12-cloud-amd64 take nvme's
 * vectors after rtc0's irq 8 and before ttyS0's irq 4 (opened by /init).
 */
static void probe_async_builtin_drivers(struct sim *s)
{
	size_t n = s->nr_pdevs;
	struct pci_dev **order = pci_devices_in_order(s);
	if (!order)
		return;
	for (size_t i = 0; i < n; i++) {
		struct pci_dev *d = order[i];
		if (d->drv && driver_builtin(s, d->drv) && d->drv->async_probe && !d->probed)
			probe_builtin(s, d);
	}
	free(order);
}

/*
 * 6.12: every function of a built-in PCI driver (pcieport; virtio_pci, built
 * into Debian's 6.12) has its INTx GSI mapped as pci_bus_add_devices adds it
 * (bus by bus, in devfn order), and a built-in driver (pcieport) probes it
 * right then: recorded q35 6.12 boot traces show each root port's GSI
 * reserve and MSI-X vector before the next port's GSI.
 */
static void add_devices_mapping_gsis(struct sim *s)
{
	struct pci_dev **order = pci_devices_in_order(s);
	if (!order)
		return;
	/*
	 * A built-in virtio_pci walks the bus after pcieport did (drivers/pci
	 * links before drivers/virtio): q35-2cpu-virt-install-6.12 maps the GSI
	 * of virtio-vga at 00:01.0 after every root port of slot 2.  Each
	 * function is enabled (its GSI mapped) and gets its virtio index; a
	 * built-in virtio driver (virtio_console, drivers/char links after
	 * drivers/virtio) probes them only once all are there, in pass 2:
	 * q35-2cpu-iommu-exhaust-6.12 maps the GSIs of slots 1-4 before the
	 * first virtio-serial's MSI-X vectors.
	 */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < s->nr_pdevs; i++) {
			struct pci_dev *d = order[i];
			bool by_virtio_pci = d->drv && d->drv->is_virtio && virtio_pci_builtin(s);
			if (by_virtio_pci != (pass >= 1))
				continue;
			if (pass == 2) {
				if (d->drvdata && driver_builtin(s, d->drv) && !d->probed)
					probe_builtin(s, d);
				continue;
			}
			/* a function whose driver is a module (e1000e, xhci_pci, ahci...)
			 * keeps its GSI unmapped until that module enables it: 6.12 q35
			 * recordings show e1000e's GSI reserved under its insmod */
			if (d->drv && (driver_builtin(s, d->drv) || d->drv->is_virtio) && d->intx_pin && d->intx_routed) {
				/* the driver's pci_enable_device enables the bridges above first */
				if (d->parent)
					pci_enable_bridge(s, d->parent);
				unsigned gsi = pci_intx_enable_gsi(s, d);
				int irq = gsi ? ioapic_map_gsi(s, gsi) : -1;
				if (irq > 0) {
					d->irq = d->line_irq = (unsigned)irq;
					d->intx_mapped = true;
				}
			}
			/* 6.12: built-in shpchp probes a q35 SHPC bridge as it is added */
			if (pass == 0 && shpchp_binds(s, d))
				shpchp_probe(s, d);
			/* fails only when an allocation does: counted, the run ends in out of memory */
			if (by_virtio_pci && !d->drvdata && virtio_pci_probe(s, d))
				continue;
			if (!by_virtio_pci && d->drv && driver_builtin(s, d->drv) && !d->drv->async_probe && !d->probed)
				probe_builtin(s, d);
		}
	free(order);
}

static void boot_platform_irqs(struct sim *s)
{
	/* ACPI SCI, then the i8042 AUX probe (request, free, request), keyboard, RTC, serial console */
	request_irq(s, 9, IRQF_SHARED, "acpi", platform_owner);
	/* the ACPI namespace scan adds the host bridge: _OSC before PCI enumeration */
	acpi_pci_root_add(s);
	/* ... and the PCI interrupt links after it (QEMU's DSDT declares them later) */
	acpi_pci_links_scan(s);
	/*
	 * subsys_initcall: enumeration applies the final fixups; they come
	 * before pci_iommu_init (q35-4cpu-iommu-xhci-msi-6.12: the xHCI's
	 * handoff reserves and frees its GSI's vector before dmar0 takes one)
	 */
	run_enum_fixups(s);
	/* rootfs_initcall pci_iommu_init: DMA remapping's fault interrupt, if not yet there; AMD-Vi's event irq */
	intel_iommu_init(s);
	amd_iommu_init(s);
	if (s->prof->pci_gsi_map_at_boot)
		add_devices_mapping_gsis(s);
	else
		probe_builtin_drivers(s);
	request_irq(s, 12, IRQF_SHARED, "i8042", platform_owner + 1);
	free_irq(s, 12, platform_owner + 1);
	request_irq(s, 12, IRQF_SHARED, "i8042", platform_owner + 1);
	request_irq(s, 1, IRQF_SHARED, "i8042", platform_owner + 2);
	request_irq(s, 8, 0, "rtc0", platform_owner + 3);
	probe_async_builtin_drivers(s);
	request_irq(s, 4, IRQF_SHARED, "ttyS0", platform_owner + 4);
	/* the serial console: its interrupts keep coming (console output, input) */
	struct irq_desc *tty = irq_to_desc(s, 4);
	if (tty)
		tty->fires = true;
}

static void boot_timer(struct sim *s)
{
	/* setup_default_timer_irq: irq 0 is active on ISA vector 0x30 before the IO-APIC takes over */
	struct irq_desc *d = irq_alloc_desc_at(s, 0, 0);
	struct irqaction *a = irqaction_new(s, "timer");
	if (!d || !a) {
		kmem_free(&s->kmem, a);
		return;
	}
	a->flags = IRQF_TIMER | IRQF_NOBALANCING | IRQF_IRQPOLL;
	a->dev_id = platform_owner + 5;
	d->action = a;
	d->activated = true;
	d->started = true;
	d->depth = 0;
	d->no_balancing = true;
}

static int sim_power_on(struct sim *s)
{
	s->trace.enabled = true;
	/* setup_arch -> acpi_boot_init: the MADT's x2APIC entries an xAPIC guest cannot use (enabled ones warn) */
	for (unsigned i = 0; i < s->apicid_dropped_present; i++)
		sim_log(s, LOG_WARNING, "ACPI: x2apic entry ignored");
	/* drivers/pci/pcie/aspm.c: pcie_aspm_disable, while the command line is parsed */
	if (s->params.pcie_aspm_off)
		sim_log(s, LOG_INFO, "PCIe ASPM is disabled");
	cpumask_clear(&s->cpu_online_mask);
	cpumask_set_cpu(0, &s->cpu_online_mask);
	s->gsi_top = QEMU_IOAPIC_PINS;
	s->dynirq_base = QEMU_IOAPIC_PINS;
	s->irqs.nr_irqs = probe_nr_irqs(s->topo.nr_cpu_ids, s->gsi_top);
	if (x86_vector_init(s))
		return -ENOMEM;
	lapic_assign_system_vectors(s);
	boot_timer(s);
	/* apic_bsp_setup: remapping's fault interrupt before setup_IO_APIC */
	intel_irq_remap_enable(s);
	amd_iommu_prepare(s);
	ioapic_setup_legacy(s);
	/* smp_init: bring up the present CPUs (maxcpus= limits them) */
	unsigned limit = s->params.maxcpus_set ? s->params.maxcpus : UINT_MAX;
	unsigned cpu, up = 1;
	for_each_cpu(cpu, &s->topo.present) {
		if (cpu == 0 || cpu >= s->topo.nr_cpu_ids)
			continue;
		if (up >= limit)
			break;
		cpumask_set_cpu(cpu, &s->cpu_online_mask);
		lapic_online_cpu(s, cpu);
		up++;
	}
	sim_set_this_cpu(s, 0);
	boot_platform_irqs(s);
	return 0;
}

static int dev_order(const void *a, const void *b)
{
	const struct pci_dev *x = *(struct pci_dev *const *)a, *y = *(struct pci_dev *const *)b;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	return x->devfn < y->devfn ? -1 : x->devfn > y->devfn;
}

static void report_probe_error(struct sim *s, struct pci_dev *dev, int err)
{
	const char *name = driver_dev_name(dev);
	dev->probe_err = err;
	/* drivers/base/dd.c (call_driver_probe; really_probe on 3.10): -ENODEV
	 * and -ENXIO mean "not my device" and are logged at debug level only
	 * (recorded: sym53c8xx's -ENODEV after its request_irq failed) */
	if (err == -ENODEV || err == -ENXIO)
		return;
	if (s->prof->probe_fail_dev_err)
		sim_log(s, LOG_ERR, "%s %s: probe with driver %s failed with error %d", driver_name(dev), name,
			driver_name(dev), err);
	else
		sim_log(s, LOG_WARNING, "%s: probe of %s failed with error %d", driver_name(dev), name, err);
}

/*
 * One kernel module binds several QEMU devices (virtio_input: keyboard,
 * mouse, tablet; virtio_gpu: virtio-gpu-pci, virtio-vga): the module is what
 * loads, and its driver_register walks every device it matches.
 */
static bool same_module(const struct pci_dev *a, const struct pci_dev *b)
{
	/* by name: pci-generic stands for many drivers (driver_name) */
	return a->drv && b->drv && !strcmp(driver_name(a), driver_name(b));
}

/* Probe every unbound device of one module, in enumeration order. */
static void probe_driver_devices(struct sim *s, struct pci_dev **order, size_t n, const struct pci_dev *first)
{
	const struct driver_model *drv = first->drv;
	for (size_t i = 0; i < n; i++) {
		struct pci_dev *d = order[i];
		if (!same_module(d, first) || d->probed)
			continue;
		/* virtio_pci_probe failed (only an allocation can: counted, the run ends in out of memory) */
		if (drv->is_virtio && !d->drvdata)
			continue;
		d->probed = true;
		s->probing = d;
		int err = d->drv->probe(s, d);
		s->probing = NULL;
		/* a probe that killed the kernel never returns */
		if (s->panicked) {
			d->probe_err = err ? err : -EIO;
			return;
		}
		if (err)
			report_probe_error(s, d, err);
	}
}

/*
 * Bind drivers to devices present at boot, as the harness's module loading
 * does: the modules in first-use order of the scenario's devices (virtio_pci
 * just before the first virtio driver), each module probing its devices in
 * enumeration order (driver_register walks the PCI bus).
 */
static void bind_boot_devices(struct sim *s)
{
	size_t n = s->nr_pdevs;
	/* load_module -> parse_args -> unknown_module_param_cb: the modelled
	 * modules' unknown MOD.PARAM= words are reported and ignored */
	for (size_t i = 0; i < s->params.nr_unknown_modparams; i++) {
		const char *w = s->params.unknown_modparams[i];
		const char *dot = strchr(w, '.');
		size_t pl = strcspn(dot + 1, "=");
		sim_log(s, LOG_WARNING, "%.*s: unknown parameter '%.*s' ignored", (int)(dot - w), w, (int)pl, dot + 1);
	}
	/* virtio_blk's parameters a line does not have yet: unknown to its module too */
	if (s->params.virtio_blk_num_request_queues && !s->prof->virtio_blk_num_request_queues)
		sim_log(s, LOG_WARNING, "virtio_blk: unknown parameter 'num_request_queues' ignored");
	if (s->params.virtio_blk_poll_queues && !s->prof->virtio_blk_poll_queues)
		sim_log(s, LOG_WARNING, "virtio_blk: unknown parameter 'poll_queues' ignored");
	struct pci_dev **order = pci_devices_in_order(s);
	if (!order)
		return;
	bool virtio_pci_loaded = false;
	for (size_t i = 0; i < n && !s->panicked; i++) {
		const struct driver_model *drv = s->pdevs[i]->drv;
		/* a module the initramfs leaves out never binds its devices */
		if (!drv || driver_builtin(s, drv) || boot_params_blacklisted(&s->params, driver_name(s->pdevs[i])))
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = same_module(s->pdevs[j], s->pdevs[i]);
		if (seen)
			continue;
		if (drv->is_virtio && !virtio_pci_loaded) {
			/* virtio_pci binds every virtio function (virtio indexes) */
			for (size_t k = 0; k < n; k++)
				if (order[k]->drv && order[k]->drv->is_virtio && !order[k]->probed && !order[k]->drvdata)
					virtio_pci_probe(s, order[k]);
			virtio_pci_loaded = true;
		}
		probe_driver_devices(s, order, n, s->pdevs[i]);
	}
	free(order);
}

/* Messages from lower layers may start with "LINE:COL: "; prefix the file name. */
static void layer_err(char *err, size_t errlen, const struct scenario *scn, struct src_pos fallback, const char *e)
{
	unsigned l, c;
	int used = 0;
	if (sscanf(e, "%u:%u: %n", &l, &c, &used) == 2 && used)
		snprintf(err, errlen, "%s:%s", scn->filename, e);
	else
		set_err(err, errlen, scn->filename, fallback, "%s", e);
}

/*
 * Check every device line's properties against its model's table and give
 * them types, before anything is built: a typo fails the same way whether the
 * line would run or not (a hotplug after a panic never does).
 */
static int resolve_device_props(struct sim *s, const struct scenario *scn, char *err, size_t errlen)
{
	s->dir_props = nomem_check(calloc(scn->nr_dirs ? scn->nr_dirs : 1, sizeof(*s->dir_props)));
	if (!s->dir_props) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->nr_dir_props = scn->nr_dirs;
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		const struct scn_directive *d = &scn->dirs[i];
		if (d->kind != SCN_DEVICE && d->kind != SCN_HOTPLUG)
			continue;
		char e[300];
		if (devprops_resolve(&d->u.device, &s->dir_props[i], e, sizeof(e))) {
			layer_err(err, errlen, scn, d->pos, e);
			return -1;
		}
		char hint[160];
		if (!s->dir_props[i])
			return set_err(err, errlen, scn->filename, d->u.device.driver_pos,
				       "unknown device '%s' (%s)", d->u.device.driver,
				       driver_unknown_hint(d->u.device.driver, hint, sizeof(hint)));
	}
	return 0;
}

/* The properties of a device directive of the run's own scenario. */
static const struct devprops *dir_props(const struct sim *s, const struct scenario *scn,
					const struct scn_directive *dir)
{
	size_t i = (size_t)(dir - scn->dirs);
	return i < s->nr_dir_props ? s->dir_props[i] : NULL;
}

/*
 * A driver's set-up of its private state: 0, or -1 with the reason in err.
 * The set-ups that fail without a reason could only not allocate: counted
 * (lib/nomem.h) and said.
 */
static int driver_setup(struct sim *s, struct pci_dev *d, char *err, size_t errlen)
{
	if (errlen)
		err[0] = '\0';
	if (!d->drv->setup(s, d, err, errlen))
		return 0;
	if (errlen && !err[0]) {
		nomem();
		snprintf(err, errlen, "out of memory");
	}
	return -1;
}

/*
 * Where a device line puts its device (bus=, addr=) and whether its INTx pin
 * is wired (intx=off), from its properties; bus_dev: the device bus= names,
 * when the caller has found it (NULL: the PCI layer looks it up).
 */
static void device_place(const struct devprops *props, struct pci_dev *bus_dev, struct pci_place *pl)
{
	const struct devprop_value *v;
	const struct devprops_pci *pci = props ? &props->pci : NULL;
	*pl = (struct pci_place){ .addr = -1, .intx = !pci || pci->intx };
	if (!pci)
		return;
	if (pci->bus && !pci->root_bus) {
		pl->bus = pci->bus->s;
		pl->bus_pos = pci->bus->pos;
		pl->bus_dev = bus_dev;
	}
	if (pci->addr) {
		pl->addr = (int)pci->addr->n;
		pl->addr_pos = pci->addr->pos;
	}
	pl->multifunction = pci->multifunction;
	/* pci-generic's pin= (the choices A, B, C, D, none in that order) */
	if (props->cls == &generic_devprops && (v = devprops_given(props, "pin")))
		pl->pin = (unsigned char)(v->n + 1);
	/* QEMU's pci-bridge has an INTx pin (INTA) only for its SHPC controller (pci_bridge_dev_realize) */
	if (props->cls == &devprop_pci_bridge && !devprops_bool(props, "shpc"))
		pl->pin = 5;
}

/*
 * Copy 'copy' of a device line, with its driver's set-up.  bus_dev: the
 * device its bus= names, when the caller has found it already.
 */
static struct pci_dev *add_device(struct sim *s, const struct scenario *scn, const struct scn_directive *dir,
				  const struct devprops *props, unsigned copy, struct pci_dev *at, unsigned at_slot,
				  struct pci_dev *bus_dev, char *err, size_t errlen)
{
	char e[300];
	const struct scn_device *dv = &dir->u.device;
	/* every copy of a line names the same driver string: looked up once */
	if (s->drv_hint_key != dv->driver) {
		s->drv_hint = driver_find(dv->driver);
		s->drv_hint_key = dv->driver;
	}
	const struct driver_model *drv = s->drv_hint;
	if (!drv && strcmp(dv->driver, "pci-bridge")) {
		char hint[160];
		set_err(err, errlen, scn->filename, dv->driver_pos, "unknown device '%s' (%s)", dv->driver,
			driver_unknown_hint(dv->driver, hint, sizeof(hint)));
		return NULL;
	}
	struct pci_place place;
	device_place(props, bus_dev, &place);
	/* the PCI layer keeps the name: the driver model's, which outlives the scenario (the doctor's
	 * kdump check reads it after freeing its scenario) */
	const char *qemu_name = drv ? drv->qemu_name : "pci-bridge";
	struct pci_dev *d = pci_add_device_at(s, qemu_name, dv->id, props, &place, at, at_slot, e, sizeof(e));
	if (!d) {
		layer_err(err, errlen, scn, dir->pos, e);
		return NULL;
	}
	d->drv = drv;
	if (dv->id && dv->count > 1) {
		/* id=ID,count=N: the copies are ID-0 .. ID-<N-1> (as the harness names them) */
		free(d->id);
		if (asprintf(&d->id, "%s-%u", dv->id, copy) < 0) {
			d->id = NULL;
			nomem();
			return NULL;
		}
	}
	if (dv->id && pci_find_by_id_except(s, d->id, d)) {
		set_err(err, errlen, scn->filename, dv->driver_pos, "duplicate device id '%s'", d->id);
		return NULL;
	}
	if (drv && driver_setup(s, d, e, sizeof(e))) {
		layer_err(err, errlen, scn, dv->driver_pos, e);
		return NULL;
	}
	return d;
}

/* QEMU (as the conformance harness builds it) puts many boot devices behind pci-bridges */
#define ROOT_BUS_MAX 24u
#define PER_BRIDGE 31u

/*
 * QEMU's '-device intel-iommu' (q35 only): a platform device, not a PCI
 * function.  It turns interrupt remapping on unless it says intremap=off
 * (QEMU 7.2 resolves the default, auto, to on under TCG) or the kernel
 * command line does.  Modelled effects: the IR-IO-APIC / IR-PCI-MSI chip
 * names and 3.10's remapped MSI-X set-up (do_setup_msix_irqs).
 */
static bool is_iommu(const struct scn_directive *d)
{
	return !strcmp(d->u.device.driver, "intel-iommu");
}

/*
 * QEMU's '-device amd-iommu' (q35 only): a sysbus device that realizes its
 * own PCI function at the first free root-bus slot, in command-line order
 * (drivers/iommu/amd_iommu.c).
 */
static bool is_amd_iommu(const struct scn_directive *d)
{
	return !strcmp(d->u.device.driver, "amd-iommu");
}

/*
 * '-device virtconsole' / 'virtserialport': a port on a virtio-serial bus,
 * not a PCI function.  The controller's virtqueues exist for every port up to
 * its max_ports whether a port is plugged or not (virtio_console's init_vqs
 * sizes them from the config space), so a port changes no interrupt; it is
 * checked (QEMU refuses a port without a virtio-serial bus) and kept out of
 * the PCI layout.
 */
static bool is_serial_port(const struct scn_directive *d)
{
	return !strcmp(d->u.device.driver, "virtconsole") || !strcmp(d->u.device.driver, "virtserialport");
}

/* '-device usb-tablet' and the other USB devices (drivers/usbdev.c): on a USB controller's bus */
static bool is_usb_device(const struct scn_directive *d)
{
	return usb_device_is(d->u.device.driver);
}

/* Devices that are not PCI functions. */
static bool is_platform(const struct scn_directive *d)
{
	return is_iommu(d) || is_serial_port(d) || is_amd_iommu(d) || is_usb_device(d);
}

/*
 * QEMU's name of a USB controller's bus (qbus_init_internal): ID.0 when the
 * controller has an id, else usb-bus.N, N counting the USB buses made
 * without one, in creation order.
 */
static void usb_bus_name(const struct sim *s, const struct pci_dev *hc, char *buf, size_t len)
{
	if (hc->id) {
		snprintf(buf, len, "%s.0", hc->id);
		return;
	}
	unsigned n = 0, ports;
	for (size_t i = 0; i < s->nr_pdevs && s->pdevs[i] != hc; i++)
		n += !s->pdevs[i]->id && usb_hc(s->pdevs[i], &ports);
	snprintf(buf, len, "usb-bus.%u", n);
}

/*
 * The USB bus a device without bus= goes on: QEMU's qbus_find_recursive
 * walks the device tree depth first, each bus's children newest first
 * (bus_add_child inserts at the head), and takes the first USB bus.
 */
static const struct pci_dev *usb_default_hc(const struct sim *s, const struct pci_dev *bridge)
{
	for (size_t i = s->nr_pdevs; i-- > 0;) {
		const struct pci_dev *d = s->pdevs[i];
		unsigned ports;
		if (!d->present || d->parent != bridge)
			continue;
		if (usb_hc(d, &ports))
			return d;
		const struct pci_dev *below = d->is_bridge ? usb_default_hc(s, d) : NULL;
		if (below)
			return below;
	}
	return NULL;
}

/*
 * Attach copy 'copy' of a USB device line as QEMU's usb_claim_port does: to
 * its bus= (or the default USB bus), at port=N (a root port, free) or the
 * first free port - where QEMU puts a usb-hub on the last free root port
 * first and the device behind it.  No interrupt changes.
 */
static int add_usb_device(struct sim *s, const struct scenario *scn, const struct scn_directive *d,
			  const struct devprops *p, unsigned copy, char *err, size_t errlen)
{
	const struct scn_device *dv = &d->u.device;
	const struct devprop_value *bus = devprops_given(p, "bus"), *port = devprops_given(p, "port");
	const struct pci_dev *hc = NULL;
	char name[72];
	if (bus) {
		for (size_t i = 0; i < s->nr_pdevs && !hc; i++) {
			unsigned ports;
			if (!s->pdevs[i]->present || !usb_hc(s->pdevs[i], &ports))
				continue;
			usb_bus_name(s, s->pdevs[i], name, sizeof(name));
			if (!strcmp(name, bus->s))
				hc = s->pdevs[i];
		}
		if (!hc)
			return set_err(err, errlen, scn->filename, bus->pos,
				       "Bus '%s' not found (a USB controller's bus is ID.0, or usb-bus.N without an id; "
				       "its line must come first)", bus->s);
	} else if (!(hc = usb_default_hc(s, NULL))) {
		return set_err(err, errlen, scn->filename, dv->driver_pos,
			       "No 'usb-bus' bus found for device '%s' (a USB controller must come before it: "
			       "qemu-xhci, nec-usb-xhci, or pci-generic with driver=ehci-pci, uhci_hcd or ohci-pci)",
			       dv->driver);
	}
	usb_bus_name(s, hc, name, sizeof(name));
	unsigned ports, used = 0, want = 0;
	bool hub = false;
	usb_hc(hc, &ports);
	for (size_t i = 0; i < s->nr_usb_devs; i++)
		if (s->usb_devs[i].hc == hc) {
			if (s->usb_devs[i].port)
				used |= 1u << s->usb_devs[i].port;
			else
				hub = true;
		}
	/* the hub QEMU added holds the last root port that was free */
	unsigned hub_port = 0;
	for (unsigned k = ports; hub && k >= 1 && !hub_port; k--)
		if (!(used & 1u << k))
			hub_port = k;
	if (hub_port)
		used |= 1u << hub_port;
	if (port) {
		char *end;
		unsigned long n = strtoul(port->s, &end, 10);
		if (!*port->s || *end || port->s[0] == '-' || port->s[0] == '+' || n < 1 || n > ports ||
		    used & 1u << n)
			return set_err(err, errlen, scn->filename, port->pos,
				       "usb port %s (bus %s) not found (in use?) (irqsim: a root port from 1 to %u, "
				       "each once; no usb-hub paths)", port->s, name, ports);
		want = (unsigned)n;
	} else {
		unsigned nfree = 0;
		for (unsigned k = 1; k <= ports; k++)
			if (!(used & 1u << k)) {
				nfree++;
				if (!want)
					want = k;
			}
		if (!nfree && !hub_port)
			return set_err(err, errlen, scn->filename, dv->driver_pos,
				       "tried to attach usb device %s to a bus with no free ports (%s has %u)", dv->driver,
				       name, ports);
		/* usb_claim_port: on the last free port a usb-hub goes first, the device behind it */
		if (nfree <= 1)
			want = 0;
	}
	struct sim_usb_dev *u = nomem_check(realloc(s->usb_devs, (s->nr_usb_devs + 1) * sizeof(*u)));
	if (!u)
		return nomem_error(err, errlen);
	s->usb_devs = u;
	u += s->nr_usb_devs++;
	*u = (struct sim_usb_dev){ .driver = dv->driver, .hc = hc, .port = want };
	snprintf(u->bus, sizeof(u->bus), "%s", name);
	if (dv->id && dv->count > 1 && asprintf(&u->id, "%s-%u", dv->id, copy) < 0) {
		u->id = NULL;
		nomem();
		return nomem_error(err, errlen);
	} else if (dv->id && dv->count <= 1 && !(u->id = strdup(dv->id))) {
		nomem();
		return nomem_error(err, errlen);
	}
	return 0;
}

static int add_serial_port(const struct scenario *scn, const struct scn_directive *d, char *err, size_t errlen)
{
	const struct scn_device *dv = &d->u.device;
	if (d->kind != SCN_DEVICE)
		return set_err(err, errlen, scn->filename, dv->driver_pos,
			       "%s cannot be hot-plugged (irqsim: a port is not a PCI function)", dv->driver);
	for (const struct scn_directive *p = scn->dirs; p < d; p++)
		if (p->kind == SCN_DEVICE && !strcmp(p->u.device.driver, "virtio-serial-pci"))
			return 0;
	return set_err(err, errlen, scn->filename, dv->driver_pos,
		       "%s needs a virtio-serial-pci before it (no virtio-serial bus)", dv->driver);
}

static int add_iommu(struct sim *s, const struct scenario *scn, const struct scn_directive *d, char *err,
		     size_t errlen)
{
	const struct scn_device *dv = &d->u.device;
	if (d->kind != SCN_DEVICE)
		return set_err(err, errlen, scn->filename, dv->driver_pos, "%s cannot be hot-plugged", dv->driver);
	if (s->machine != MACHINE_Q35)
		return set_err(err, errlen, scn->filename, dv->driver_pos, "%s needs 'machine q35'", dv->driver);
	for (const struct scn_directive *p = scn->dirs; p < d; p++)
		if ((p->kind == SCN_DEVICE || p->kind == SCN_HOTPLUG) && (is_iommu(p) || is_amd_iommu(p)))
			/* QEMU 7.2's x86_iommu_realize */
			return set_err(err, errlen, scn->filename, dv->driver_pos,
				       "QEMU does not support multiple vIOMMUs for x86 yet");
	if (is_amd_iommu(d))
		/* its PCI function is added with the boot devices, in scenario order */
		return 0;
	bool intremap, eim;
	char e[300];
	if (intel_iommu_config(dir_props(s, scn, d), &intremap, &eim, e, sizeof(e))) {
		layer_err(err, errlen, scn, dv->driver_pos, e);
		return -1;
	}
	s->irq_remapping = intremap && !s->params.intremap_off;
	if (s->irq_remapping)
		s->ir_set_affinity = ir_set_affinity; /* intel_ir_set_affinity */
	s->intel_iommu = true;
	return 0;
}

/*
 * amd-iommu's PCI function, where QEMU realizes it: the first free root-bus
 * slot when its line comes.  The harness counts it as a boot device; beside
 * the bridges or root ports it gives more than ROOT_BUS_MAX of them that
 * slot was not recorded: refused.
 */
static int add_amd_iommu(struct sim *s, const struct scenario *scn, const struct scn_directive *d,
			 const struct devprops *props, bool crowded, char *err, size_t errlen)
{
	const struct scn_device *dv = &d->u.device;
	if (crowded)
		return set_err(err, errlen, scn->filename, dv->driver_pos,
			       "amd-iommu with more than %u boot devices: irqsim does not model where QEMU puts its "
			       "PCI function beside the bridges or root ports those get", ROOT_BUS_MAX);
	char e[200];
	struct pci_dev *f = pci_add_device(s, "amd-iommu", NULL, NULL, NULL, e, sizeof(e));
	if (!f) {
		layer_err(err, errlen, scn, dv->driver_pos, e);
		return -1;
	}
	amd_iommu_add(s, f, amd_iommu_intremap(props));
	return 0;
}

/* The device directive whose copies include boot device number 'idx' (scenario order). */
static const struct scn_directive *boot_device_dir(const struct scenario *scn, unsigned idx)
{
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		const struct scn_directive *d = &scn->dirs[i];
		if (d->kind != SCN_DEVICE || is_platform(d))
			continue;
		if (idx < d->u.device.count)
			return d;
		idx -= d->u.device.count;
	}
	return NULL;
}

/* The hotplug directive whose copies include hot-added device number 'idx' that names no bus. */
static const struct scn_directive *spare_port_dir(const struct sim *s, const struct scenario *scn, unsigned idx)
{
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		const struct scn_directive *d = &scn->dirs[i];
		if (d->kind != SCN_HOTPLUG || devprops_given(s->dir_props[i], "bus"))
			continue;
		if (idx < d->u.device.count)
			return d;
		idx -= d->u.device.count;
	}
	return NULL;
}

static int add_boot_devices(struct sim *s, const struct scenario *scn, char *err, size_t errlen)
{
	unsigned total = 0;
	bool explicit_bus = false;
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		const struct scn_directive *d = &scn->dirs[i];
		if ((d->kind == SCN_DEVICE || d->kind == SCN_HOTPLUG) && (is_iommu(d) || is_amd_iommu(d))) {
			if (add_iommu(s, scn, d, err, errlen))
				return -1;
			continue;
		}
		if ((d->kind == SCN_DEVICE || d->kind == SCN_HOTPLUG) && is_serial_port(d)) {
			if (add_serial_port(scn, d, err, errlen))
				return -1;
			continue;
		}
		if (d->kind == SCN_HOTPLUG && is_usb_device(d))
			return set_err(err, errlen, scn->filename, d->u.device.driver_pos,
				       "%s cannot be hot-plugged (irqsim: a USB device is not a PCI function)",
				       d->u.device.driver);
		if (d->kind != SCN_DEVICE)
			continue;
		total += d->u.device.count;
		if (devprops_given(s->dir_props[i], "bus"))
			explicit_bus = true;
	}
	bool bridges = s->machine == MACHINE_PC && total > ROOT_BUS_MAX && !explicit_bus;
	struct pci_dev **br = NULL;
	unsigned nbr = 0;
	if (bridges) {
		nbr = (total + PER_BRIDGE - 1) / PER_BRIDGE;
		br = nomem_check(calloc(nbr, sizeof(*br)));
		if (!br)
			return nomem_error(err, errlen);
		for (unsigned b = 0; b < nbr; b++) {
			char e[200];
			br[b] = pci_add_device(s, "pci-bridge", NULL, NULL, NULL, e, sizeof(e));
			if (!br[b]) {
				/* the bridge was for the devices from number b * PER_BRIDGE on: blame the line of the first */
				const struct scn_directive *d = boot_device_dir(scn, b * PER_BRIDGE);
				set_err(err, errlen, scn->filename, d ? d->pos : (struct src_pos){ 1, 1 },
					"%s (a pci-bridge for boot devices %u and on)", e, b * PER_BRIDGE + 1);
				free(br);
				return -1;
			}
		}
	}
	unsigned idx = 0;
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		const struct scn_directive *dir = &scn->dirs[i];
		if (dir->kind == SCN_DEVICE && is_amd_iommu(dir)) {
			if (add_amd_iommu(s, scn, dir, s->dir_props[i], total + 1 > ROOT_BUS_MAX, err, errlen)) {
				free(br);
				return -1;
			}
			continue;
		}
		/* a USB device attaches to a controller of an earlier line, as QEMU realizes them in order */
		for (unsigned c = 0; dir->kind == SCN_DEVICE && is_usb_device(dir) && c < dir->u.device.count; c++)
			if (add_usb_device(s, scn, dir, s->dir_props[i], c, err, errlen)) {
				free(br);
				return -1;
			}
		if (dir->kind != SCN_DEVICE || is_platform(dir))
			continue;
		for (unsigned c = 0; c < dir->u.device.count; c++, idx++) {
			struct pci_dev *d = add_device(s, scn, dir, s->dir_props[i], c, NULL, 0, NULL, err, errlen);
			if (!d) {
				free(br);
				return -1;
			}
			/* as the harness builds it: bus=brN,addr=(i % 31) + 1 */
			if (bridges)
				pci_place(s, d, br[idx / PER_BRIDGE], (idx % PER_BRIDGE) + 1);
		}
	}
	free(br);
	/* q35's root bus is not hot-pluggable: the harness gives every hot-added
	 * device that names no bus a spare pcie-root-port at boot */
	if (s->machine == MACHINE_Q35) {
		unsigned spare = 0;
		for (size_t i = 0; i < scn->nr_dirs; i++) {
			const struct scn_directive *d = &scn->dirs[i];
			if (d->kind == SCN_HOTPLUG && !devprops_given(s->dir_props[i], "bus"))
				spare += d->u.device.count;
		}
		for (unsigned i = 0; i < spare; i++) {
			char e[200];
			struct pci_dev *p = sim_add_bridge(s, "pcie-root-port", e, sizeof(e));
			if (!p) {
				/* the port is made at boot for a later hotplug line: blame that line */
				const struct scn_directive *d = spare_port_dir(s, scn, i);
				set_err(err, errlen, scn->filename, d ? d->pos : (struct src_pos){ 1, 1 },
					"%s (the spare pcie-root-port q35 needs at boot for this hot-plug)", e);
				return -1;
			}
			p->spare_port = true;
			if (asprintf(&p->id, "hp%u", i) < 0) {
				p->id = NULL;
				nomem();
				return nomem_error(err, errlen);
			}
		}
	}
	return 0;
}

struct pci_dev *sim_add_bridge(struct sim *s, const char *kind, char *err, size_t errlen)
{
	char e[200];
	struct pci_dev *b = pci_add_device(s, kind, NULL, NULL, NULL, e, sizeof(e));
	if (!b) {
		snprintf(err, errlen, "%s", e);
		return NULL;
	}
	b->drv = driver_find(kind);
	if (b->drv && driver_setup(s, b, e, sizeof(e))) {
		snprintf(err, errlen, "%s", e);
		return NULL;
	}
	return b;
}

/* The next spare root port with nothing behind it (q35 hot-plug). */
static struct pci_dev *spare_port(struct sim *s)
{
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		struct pci_dev *p = s->pdevs[i];
		if (!p->present || !p->spare_port || p->spare_used)
			continue;
		return p;
	}
	return NULL;
}

/*
 * Who in the guest acts on hot-plug events of the slot a device sits in.
 * QEMU signals through ACPI (acpiphp) on pc and on q35 with ACPI PCI
 * hot-plug, through the root port's slot (attention button, presence and
 * link changes: pciehp) on q35 with pcie-hotplug=native.  Without pciehp on
 * the port nobody sees those events: drivers/pci/hotplug/acpiphp_glue.c has
 * no ACPI slot there and the port's slot interrupts have no handler.
 */
enum hp_handler { HP_ACPIPHP, HP_PCIEHP, HP_NOBODY };

static enum hp_handler slot_handler(const struct pci_dev *d)
{
	const struct pci_dev *port = d->parent;
	if (!port || !port->is_hotplug_bridge)
		return HP_ACPIPHP;
	return pcieport_has_pciehp(port) ? HP_PCIEHP : HP_NOBODY;
}

/* pciehp's slot name: the physical slot number (0 on QEMU's ports), made
 * unique with "-N" in registration order (drivers/pci/slot.c: make_slot_name) */
static void pciehp_slot_name(const struct sim *s, const struct pci_dev *port, char *buf, size_t len)
{
	unsigned before = 0;
	for (size_t i = 0; i < s->nr_pdevs && s->pdevs[i] != port; i++)
		if (s->pdevs[i]->port_services & PCIE_PORT_SERVICE_HP)
			before++;
	if (before)
		snprintf(buf, len, "0-%u", before);
	else
		snprintf(buf, len, "0");
}

/*
 * One pciehp event on the port of a slot: its interrupt fires, pciehp logs
 * each message (drivers/pci/hotplug/pciehp_ctrl.c; "%s" is the slot name,
 * some messages have no colon after it).  NULL ends the list.
 */
static void pciehp_event(struct sim *s, struct pci_dev *port, const char *const *msgs)
{
	char slot[16];
	pciehp_slot_name(s, port, slot, sizeof(slot));
	pciehp_isr(s, port);
	for (; *msgs; msgs++) {
		char line[160];
		snprintf(line, sizeof(line), *msgs, slot);
		sim_log(s, LOG_INFO, "pcieport %s: pciehp: %s", port->name, line);
	}
}

/* Why nobody handles the slot of d (summary and steps). */
void sim_unhandled_slot_reason(const struct sim *s, const struct pci_dev *d, char *buf, size_t len)
{
	const struct pci_dev *port = d->parent;
	if (s->params.pcie_ports_disabled)
		snprintf(buf, len, "port %s has no pciehp: pcie_ports=compat", port->name);
	else if (!(s->host.osc_control_set & OSC_PCI_EXPRESS_NATIVE_HP_CONTROL))
		snprintf(buf, len, "port %s has no pciehp: _OSC did not grant PCIeHotplug (host bridge "
			 "native_pcie_hotplug=0)%s", port->name,
			 s->params.pcie_aspm_off ? ", not requested after pcie_aspm=off" :
			 s->params.pci_nomsi ? ", not requested after pci=nomsi" : "");
	else
		snprintf(buf, len, "port %s has no pciehp", port->name);
}

struct pci_dev *sim_hotplug_one(struct sim *s, const struct scenario *scn, const struct scn_directive *dir,
			       const struct devprops *props, unsigned copy, struct pci_dev *parent, unsigned slot,
			       char *err, size_t errlen)
{
	/* a port QEMU will not hot-add behind (pcie-root-port hotplug=off) */
	const struct devprop_value *bus = props ? props->pci.bus : NULL;
	struct pci_dev *port = parent ? parent : bus ? pci_find_by_id(s, bus->s) : NULL;
	char why[200];
	if (pcieport_hotplug_refused(s, port, why, sizeof(why))) {
		set_err(err, errlen, scn->filename, bus ? bus->pos : dir->u.device.driver_pos, "%s", why);
		return NULL;
	}
	/* the port found above is the bridge bus= names: not looked up again */
	struct pci_dev *d = add_device(s, scn, dir, props, copy, parent, slot, parent ? NULL : port, err, errlen);
	if (!d)
		return NULL;
	if (parent) {
		/* placed by add_device */
	} else if (s->machine == MACHINE_Q35 && !bus) {
		struct pci_dev *port = spare_port(s);
		if (port) {
			port->spare_used = true;
			pci_place(s, d, port, 0);
		}
	}
	enum hp_handler h = slot_handler(d);
	if (h == HP_NOBODY) {
		/* no Presence Detect handler: the guest never enumerates the device */
		d->hp_unseen = true;
		return d;
	}
	if (h == HP_PCIEHP) {
		/* QEMU presses the attention button of the slot; pciehp powers it on */
		static const char *const msgs[] = { "Slot(%s): Attention button pressed",
			"Slot(%s) Powering on due to button press", "Slot(%s): Card present", "Slot(%s): Link Up", NULL };
		static const char *const msgs_612[] = { "Slot(%s): Button press: will power on in 5 sec",
			"Slot(%s): Card present", "Slot(%s): Link Up", NULL };
		pciehp_event(s, d->parent, s->prof->pciehp_button_msg_combined ? msgs_612 : msgs);
	}
	if (!d->drv)
		return d;
	/* pci_bus_add_device runs the final fixups of a hot-added function too */
	if (d->drv->enum_fixup)
		d->drv->enum_fixup(s, d);
	/* virtio_pci_probe fails only when an allocation does: counted, the run ends in out of memory */
	if (d->drv->is_virtio && virtio_pci_probe(s, d))
		return d;
	if (boot_params_blacklisted(&s->params, driver_name(d)))
		return d;
	d->probed = true;
	s->probing = d;
	int e = d->drv->probe(s, d);
	if (s->panicked)
		d->probe_err = e ? e : -EIO;
	else if (e)
		report_probe_error(s, d, e);
	s->probing = NULL;
	if (s->balance_continuous != BALANCE_OFF)
		irqbalance_pass(s, s->balance_continuous);
	return d;
}

static int hotplug(struct sim *s, const struct scenario *scn, const struct scn_directive *dir, char *err,
		   size_t errlen)
{
	for (unsigned c = 0; c < dir->u.device.count && !s->panicked; c++)
		if (!sim_hotplug_one(s, scn, dir, dir_props(s, scn, dir), c, NULL, 0, err, errlen))
			return -1;
	return 0;
}

static int unplug(struct sim *s, const struct scenario *scn, const struct scn_directive *dir, char *err,
		  size_t errlen)
{
	struct pci_dev *d = pci_find_by_id(s, dir->u.unplug_id);
	if (!d)
		return set_err(err, errlen, scn->filename, dir->pos, "no device with id '%s'", dir->u.unplug_id);
	if (d->hp_unseen) {
		/* QEMU (hw/pci/pcie.c, since 6.1): a slot whose power and power
		 * indicator are off is unplugged at once, without the guest */
		d->present = false;
		pci_slot_mark(s, d, false);
		return 0;
	}
	enum hp_handler h = slot_handler(d);
	if (h == HP_NOBODY) {
		/* QEMU pressed the attention button; nothing in the guest answers,
		 * so the slot is never powered off and QEMU keeps waiting */
		d->unplug_pending = true;
		return 1;
	}
	if (h == HP_PCIEHP) {
		/* pciehp_handle_button_press, then pciehp_disable_slot after 5 s */
		static const char *const msgs[] = { "Slot(%s): Attention button pressed",
			"Slot(%s): Powering off due to button press", NULL };
		static const char *const msgs_612[] = { "Slot(%s): Button press: will power off in 5 sec", NULL };
		pciehp_event(s, d->parent, s->prof->pciehp_button_msg_combined ? msgs_612 : msgs);
	}
	/* pci_stop_and_remove_bus_device -> driver remove -> pci_disable_device */
	if (d->drv) {
		if (d->probed && !d->probe_err)
			d->drv->remove(s, d);
		if (d->drv->is_virtio)
			virtio_pci_remove(s, d);
	}
	pci_disable_device(s, d);
	d->present = false;
	pci_slot_mark(s, d, false);
	return 0;
}

static void step_done(struct sim *s, const char *text);

static int hotplug_step(struct sim *s, const struct scenario *scn, const struct scn_directive *dir, char *err,
			size_t errlen)
{
	size_t first = s->nr_pdevs;
	if (hotplug(s, scn, dir, err, errlen))
		return -1;
	for (size_t i = first; i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		if (!d->hp_unseen)
			continue;
		char why[300];
		sim_unhandled_slot_reason(s, d, why, sizeof(why));
		sim_step_result(s, dir->text, "rc=0 device_add done, the guest does not see %s: %s",
				d->id ? d->id : d->name, why);
		return 0;
	}
	step_done(s, dir->text);
	return 0;
}

/* The step line mirrors the recorder's: DEVICE_DELETED, or none within its timeout. */
static int unplug_step(struct sim *s, const struct scenario *scn, const struct scn_directive *dir, char *err,
		       size_t errlen)
{
	int r = unplug(s, scn, dir, err, errlen);
	if (r < 0)
		return -1;
	if (r == 0) {
		sim_step_result(s, dir->text, "rc=0 DEVICE_DELETED");
		return 0;
	}
	struct pci_dev *d = pci_find_by_id(s, dir->u.unplug_id);
	char why[300];
	sim_unhandled_slot_reason(s, d, why, sizeof(why));
	sim_step_result(s, dir->text, "rc=1 no DEVICE_DELETED: the unplug request stays pending (%s)", why);
	return 0;
}

/* cpu offline|online N: echo 0|1 > /sys/devices/system/cpu/cpuN/online */
static void cpu_step(struct sim *s, const struct scn_directive *d)
{
	char why[200] = "", path[80], msg[300];
	unsigned cpu = d->u.cpu;
	int e = d->kind == SCN_CPU_OFFLINE ? cpu_offline(s, cpu, why, sizeof(why)) : cpu_online(s, cpu, why, sizeof(why));
	if (!e) {
		sim_step_result(s, d->text, "rc=0");
		return;
	}
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online", cpu);
	/* a CPU that does not exist has no directory; cpu0 has no online file (create: EACCES) */
	shell_redirect_error(msg, sizeof(msg), path, e == -ENODEV ? -ENOENT : e, e == -ENODEV || e == -EACCES);
	sim_step_result(s, d->text, "rc=1 %s", msg);
}

/* set-affinity IRQS LIST: echo LIST > /proc/irq/N/smp_affinity_list for each N */
static void set_affinity_step(struct sim *s, const struct scn_directive *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = nomem_check(open_memstream(&buf, &len));
	if (!f)
		return;
	for (size_t i = 0; i < d->u.aff.nr_irqs; i++) {
		unsigned irq = d->u.aff.irqs[i];
		char path[64], msg[300], aff[8192];
		int e = write_irq_affinity(s, irq, d->u.aff.cpulist);
		read_irq_affinity(s, irq, aff, sizeof(aff));
		fprintf(f, "%sirq %u: rc=%d", i ? "; " : "", irq, e ? 1 : 0);
		if (e) {
			snprintf(path, sizeof(path), "/proc/irq/%u/smp_affinity_list", irq);
			shell_redirect_error(msg, sizeof(msg), path, e, e == -ENOENT);
			fprintf(f, " %s", msg);
		}
		fprintf(f, " affinity=%s", aff);
	}
	/* a memstream's write or close fails only when it cannot grow */
	if (ferror(f) | fclose(f)) {
		nomem();
		free(buf);
		return;
	}
	sim_step_result(s, d->text, "%s", buf ? buf : "");
	free(buf);
}

/* io ID: I/O on a device, so its queue (or INTx) interrupts fire; a virtio config irq does not */
static int io_step(struct sim *s, const struct scenario *scn, const struct scn_directive *dir, char *err,
		   size_t errlen)
{
	struct pci_dev *d = pci_find_by_id(s, dir->u.io_id);
	if (!d)
		return set_err(err, errlen, scn->filename, dir->pos, "no device with id '%s'", dir->u.io_id);
	if (!d->present || !d->probed || d->probe_err || !d->drv || !d->drv->block_io) {
		sim_step_result(s, dir->text, "rc=1 no block device");
		return 0;
	}
	if (device_irq_mode(d) == DM_INTX) {
		struct irq_desc *desc = irq_to_desc(s, d->irq);
		if (desc)
			handle_irq_burst(s, desc);
	} else {
		for (unsigned i = 0; i < d->nr_msi; i++) {
			if (!device_msi_carries_io(d, d->msi[i].msi_index))
				continue;
			struct irq_desc *desc = irq_to_desc(s, d->msi[i].irq);
			if (desc)
				handle_irq_burst(s, desc);
		}
	}
	sim_step_result(s, dir->text, "rc=0");
	return 0;
}

/* The result of a boot or hot-plug step: rc=0, or the panic that ended it. */
static void step_done(struct sim *s, const char *text)
{
	if (s->panicked)
		sim_step_result(s, text, "rc=1 kernel panic: %s", s->panic_reason ? s->panic_reason : "");
	else
		sim_step_result(s, text, "rc=0");
}

static void sim_init_defaults(struct sim *s, const struct scenario *scn, const struct irqsim_options *opt,
			      struct kernel_sel *k, struct smp_config *smp, const char **cmdline,
			      struct src_pos *cmdpos)
{
	memset(k, 0, sizeof(*k));
	k->line = KERNEL_6_1;
	s->machine = MACHINE_PC;
	memset(smp, 0, sizeof(*smp));
	smp->cpus = 1;
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		const struct scn_directive *d = &scn->dirs[i];
		switch (d->kind) {
		case SCN_KERNEL:
			*k = d->u.kernel;
			break;
		case SCN_MACHINE:
			s->machine = d->u.machine.type;
			s->pcie_hotplug = d->u.machine.pcie_hotplug;
			s->root_ports = d->u.machine.root_ports;
			break;
		case SCN_HOST:
			s->kvm_max_irq_routes = d->u.kvm_max_irq_routes;
			break;
		case SCN_SMP:
			*smp = d->u.smp;
			break;
		case SCN_CMDLINE:
			*cmdline = d->u.cmdline;
			*cmdpos = d->pos;
			break;
		default:
			break;
		}
	}
	if (opt && opt->kernel)
		kernel_sel_parse(opt->kernel, k, NULL, 0);
}

/*
 * Whether the guest runs x2APIC: QEMU offers it with intel-iommu eim=on
 * (KVM's split irqchip; the TCG CPU of QEMU 7.2 has none), and
 * enable_IR_x2apic keeps it when remapping comes up in x2apic mode
 * (intremap not off on the command line, no nox2apic).  Errors in the
 * device's properties are add_iommu's to report, in scenario order.
 */
static bool guest_x2apic(const struct sim *s, const struct scenario *scn)
{
	if (s->params.nox2apic || s->params.intremap_off)
		return false;
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		const struct scn_directive *d = &scn->dirs[i];
		if (d->kind != SCN_DEVICE || !is_iommu(d))
			continue;
		struct devprops *p = NULL;
		char e[300];
		bool intremap = false, eim = false;
		if (!devprops_resolve(&d->u.device, &p, e, sizeof(e)) && p)
			(void)intel_iommu_config(p, &intremap, &eim, e, sizeof(e));
		devprops_free(p);
		return intremap && eim;
	}
	return false;
}

/*
 * The CPUs an xAPIC guest can use: APIC ids 0-254 (255 is the xAPIC
 * broadcast).  arch/x86/kernel/acpi/boot.c acpi_parse_x2apic drops the MADT
 * entries the APIC driver's apic_id_valid refuses (default_apic_id_valid:
 * id < 255), so those CPUs are neither present nor possible; QEMU lists
 * ids >= 255 as x2APIC entries.  QEMU's ids grow with the CPU index, so the
 * usable CPUs are the first ones.  Returns how many.
 */
static unsigned xapic_usable_cpus(const struct cpu_topology *t)
{
	unsigned n = 0;
	while (n < t->nr_cpu_ids && topology_apic_id(t, n) < 255)
		n++;
	return n;
}

/* Drop CPUs >= n from every mask of the topology (nr_cpu_ids = n). */
static void limit_possible_cpus(struct cpu_topology *t, unsigned n)
{
	if (n >= t->nr_cpu_ids)
		return;
	for (unsigned c = n; c < t->nr_cpu_ids; c++) {
		cpumask_clear_cpu(c, &t->possible);
		cpumask_clear_cpu(c, &t->present);
		for (unsigned nd = 0; nd < t->nr_node_ids; nd++)
			cpumask_clear_cpu(c, &t->node_mask[nd]);
	}
	t->nr_cpu_ids = n;
	if (t->cpus > n)
		t->cpus = n;
}

/*
 * isolcpus= (kernel/sched/isolation.c: housekeeping_setup): the housekeeping
 * CPUs are the possible CPUs outside the list; if none of them is present
 * the boot CPU is kept.  Only the managed_irq flag matters to vectors.
 */
static void housekeeping_setup(struct sim *s)
{
	if (!s->params.isolcpus)
		return;
	struct cpumask iso, hk;
	unsigned pos;
	if (cpulist_parse(s->params.isolcpus, &iso, s->topo.nr_cpu_ids, &pos)) {
		/* parsed against nr_cpu_ids: the kernel warns and boots without isolation */
		sim_log(s, LOG_WARNING, "Housekeeping: nohz_full= or isolcpus= incorrect CPU range");
		return;
	}
	cpumask_andnot(&hk, &s->topo.possible, &iso);
	if (!cpumask_intersects(&hk, &s->topo.present)) {
		cpumask_set_cpu(0, &hk);
		cpumask_clear_cpu(0, &iso);
		sim_log(s, LOG_WARNING, "Housekeeping: must include one present CPU, using boot CPU:0");
	}
	if (cpumask_empty(&iso) || !s->params.isolcpus_managed_irq)
		return;
	s->hk_managed_irq = true;
	s->housekeeping_managed_irq = hk;
}

static bool env_check_invariants(void)
{
	const char *v = getenv("IRQSIM_CHECK_INVARIANTS");
	return v && *v && strcmp(v, "0") != 0;
}

/*
 * Between steps: the matrix's own checks ran after each of its operations;
 * now the descriptors must agree with it.  A kernel that died mid-operation
 * (BUG) keeps whatever half-done state it had, as the real one does.
 */
static bool invariants_broken(struct sim *s)
{
	if (!s->check_invariants)
		return false;
	if (!s->invariant_error[0] && !s->panicked)
		sim_check_invariants(s, s->invariant_error, sizeof(s->invariant_error));
	return s->invariant_error[0] != '\0';
}

/* What the scenario and the options say before anything is built: its kernel, -smp and command line */
struct sim_setup {
	struct kernel_sel k;
	struct smp_config smp;
	const char *cmdline;
	struct src_pos cmdpos;
};

/*
 * The kernel's profile and the run's switches (invariants, what is not
 * recorded), from the scenario and the options: 0, or -1 with err.
 */
static int sim_configure(struct sim *s, const struct scenario *scn, const struct irqsim_options *opt,
			 struct sim_setup *su, char *err, size_t errlen)
{
	s->irq_arch = &x86_vector_ops;
	s->cpuhp_drivers = drivers_cpuhp;
	su->cmdline = "";
	su->cmdpos = (struct src_pos){ 1, 1 };
	sim_init_defaults(s, scn, opt, &su->k, &su->smp, &su->cmdline, &su->cmdpos);
	if (opt && opt->kernel) {
		struct kernel_sel kk;
		if (kernel_sel_parse(opt->kernel, &kk, NULL, 0)) {
			snprintf(err, errlen, "--kernel: unknown kernel '%s' (expected a release of one of: " KERNEL_CHOICES
				 ")", opt->kernel);
			return -1;
		}
	}
	s->sel = su->k;
	kernel_profile_build(&su->k, &s->prof_buf);
	s->prof = &s->prof_buf;
	/*
	 * IRQSIM_CHECK_INVARIANTS=1 turns the checks on for every simulation
	 * of the process, the doctor's and the planner's included: make check
	 * sets it for the whole test suite.
	 */
	s->check_invariants = (opt && opt->check_invariants) || env_check_invariants();
	s->trace.omitted = opt && (opt->omit & IRQSIM_OMIT_TRACE);
	s->explain_omitted = opt && (opt->omit & IRQSIM_OMIT_EXPLAIN);
	s->log_omitted = opt && (opt->omit & IRQSIM_OMIT_LOG);
	s->step_events_omitted = opt && (opt->omit & IRQSIM_OMIT_STEP_EVENTS);
	if (s->prof->legacy_vector_alloc) {
		/* what the 3.10 model does not cover: refuse it rather than guess */
		for (size_t i = 0; i < scn->nr_dirs; i++) {
			const struct scn_directive *d = &scn->dirs[i];
			if (d->kind == SCN_CPU_OFFLINE || d->kind == SCN_CPU_ONLINE)
				return set_err(err, errlen, scn->filename, d->pos,
					       "kernel 3.10: CPU hot-plug is not modelled for the pre-matrix allocator "
					       "(fixup_irqs/__setup_vector_irq); use a later line");
		}
	}
	return 0;
}

/* The topology from -smp and -numa: 0, or -1 with err (at the smp line) */
static int sim_build_topology(struct sim *s, const struct scenario *scn, const struct smp_config *smp, char *err,
			      size_t errlen)
{
	struct numa_node_config *nodes = NULL;
	unsigned nr_nodes = 0;
	for (size_t i = 0; i < scn->nr_dirs; i++)
		if (scn->dirs[i].kind == SCN_NUMA)
			nr_nodes++;
	if (nr_nodes) {
		nodes = nomem_check(calloc(nr_nodes, sizeof(*nodes)));
		if (!nodes)
			return -1;
		nr_nodes = 0;
		for (size_t i = 0; i < scn->nr_dirs; i++)
			if (scn->dirs[i].kind == SCN_NUMA)
				nodes[nr_nodes++] = scn->dirs[i].u.numa;
	}
	char e[300];
	int tr = topology_build(&s->topo, smp, nodes, nr_nodes, e, sizeof(e));
	free(nodes);
	if (tr) {
		struct src_pos p = { 1, 1 };
		for (size_t i = 0; i < scn->nr_dirs; i++)
			if (scn->dirs[i].kind == SCN_SMP)
				p = scn->dirs[i].pos;
		return set_err(err, errlen, scn->filename, p, "%s", e);
	}
	return 0;
}

/*
 * The kernel command line's effect on the CPUs: nr_cpu_ids (nr_cpus=,
 * possible_cpus=, maxcpus=0), irq_default_affinity (irqaffinity=) and the
 * housekeeping CPUs (isolcpus=).  0, or -1 with err.
 */
static int sim_apply_cmdline(struct sim *s, const struct scenario *scn, const struct sim_setup *su, char *err,
			     size_t errlen)
{
	char e[300];
	unsigned epos = 0;
	if (boot_params_parse(&s->params, su->cmdline, e, sizeof(e), &epos))
		/* the column inside the quoted string */
		return set_err(err, errlen, scn->filename, (struct src_pos){ su->cmdpos.line, su->cmdpos.col + 9 + epos },
			       "%s", e);
	/* nr_cpus= caps the possible CPUs (nr_cpu_ids); 6.12 sees no hot-pluggable CPUs on QEMU 7.2 */
	unsigned possible = s->topo.nr_cpu_ids;
	/* without x2APIC the MADT entries of APIC ids above 254 are ignored */
	s->x2apic = guest_x2apic(s, scn);
	if (!s->x2apic) {
		unsigned usable = xapic_usable_cpus(&s->topo);
		if (usable < possible) {
			s->apicid_dropped = possible - usable;
			s->apicid_dropped_present = s->topo.cpus > usable ? s->topo.cpus - usable : 0;
			s->apicid_first_dropped = usable;
			possible = usable;
		}
	}
	if (s->prof->possible_is_present && s->topo.cpus < possible)
		possible = s->topo.cpus;
	if (s->params.nr_cpus && s->params.nr_cpus < possible)
		possible = s->params.nr_cpus;
	/*
	 * possible_cpus=N: 6.1 prefill_possible_map takes N as the possible
	 * count (more than the firmware's CPUs would add possible CPUs without
	 * an APIC id: not modelled, capped here); 6.12
	 * topology_apply_cmdline_limits_early only lowers it.  maxcpus=0 leaves
	 * one possible CPU on both.
	 */
	if (s->params.possible_cpus_set && s->params.possible_cpus < possible)
		possible = s->params.possible_cpus ? s->params.possible_cpus : 1;
	if (s->params.maxcpus_set && s->params.maxcpus == 0)
		possible = 1;
	limit_possible_cpus(&s->topo, possible);
	cpumask_set_nr_cpu_ids(s->topo.nr_cpu_ids);
	/* init_irq_default_affinity / irqaffinity= (the boot CPU is always added) */
	cpumask_setall(&s->irq_default_affinity, s->topo.nr_cpu_ids);
	if (s->params.has_irqaffinity) {
		unsigned pos;
		struct cpumask m;
		if (cpulist_parse(s->params.irqaffinity, &m, s->topo.nr_cpu_ids, &pos))
			return set_err(err, errlen, scn->filename, su->cmdpos,
				       "irqaffinity=%s: not a valid CPU list for %u CPUs", s->params.irqaffinity,
				       s->topo.nr_cpu_ids);
		cpumask_set_cpu(0, &m);
		s->irq_default_affinity = m;
	}
	housekeeping_setup(s);
	return 0;
}

/* One step of the scenario on a machine that still runs: 0, or -1 with err */
static int run_step(struct sim *s, const struct scenario *scn, const struct scn_directive *d, bool *booted,
		    char *err, size_t errlen)
{
	switch (d->kind) {
	case SCN_BOOT:
		bind_boot_devices(s);
		*booted = true;
		step_done(s, d->text);
		return 0;
	case SCN_HOTPLUG:
		return hotplug_step(s, scn, d, err, errlen);
	case SCN_UNPLUG:
		return unplug_step(s, scn, d, err, errlen);
	case SCN_CPU_OFFLINE:
	case SCN_CPU_ONLINE:
		cpu_step(s, d);
		return 0;
	case SCN_SET_AFFINITY:
		set_affinity_step(s, d);
		return 0;
	case SCN_IO:
		return io_step(s, scn, d, err, errlen);
	case SCN_BALANCE: {
		unsigned moved = irqbalance_pass(s, d->u.balance.mode);
		s->balance_continuous = d->u.balance.continuous ? d->u.balance.mode : BALANCE_OFF;
		sim_step_result(s, d->text, "rc=0 moved=%u", moved);
		return 0;
	}
	default:
		return 0;
	}
}

/*
 * The timeline: every step from boot on, each recorded (sim_snapshot_step)
 * and checked; a scenario without a boot line boots at the end.  0, or -1
 * with err (allocation failures since nm reported as such).
 */
static int run_steps(struct sim *s, const struct scenario *scn, unsigned long nm, char *err, size_t errlen)
{
	bool booted = false;
	for (size_t i = 0; i < scn->nr_dirs; i++) {
		const struct scn_directive *d = &scn->dirs[i];
		if (d->kind < SCN_BOOT)
			continue;
		s->step++;
		sim_marker(s, "step %u %s", s->step, d->text);
		if (s->panicked) {
			/* the machine is dead: later steps do not happen */
			sim_step_result(s, d->text, "not run: the kernel panicked");
			if (d->kind == SCN_BOOT)
				booted = true;
			if (sim_snapshot_step(s, d->text))
				return nomem_error(err, errlen);
			continue;
		}
		if (run_step(s, scn, d, &booted, err, errlen) || nomem_since(nm, err, errlen))
			return -1;
		if (s->balance_continuous != BALANCE_OFF && d->kind != SCN_BALANCE)
			irqbalance_pass(s, s->balance_continuous);
		if (sim_snapshot_step(s, d->text))
			return nomem_error(err, errlen);
		if (invariants_broken(s))
			return set_err(err, errlen, scn->filename, d->pos, "invariant violated during this step: %s",
				       s->invariant_error);
	}
	if (!booted) {
		s->step++;
		sim_marker(s, "step %u boot", s->step);
		bind_boot_devices(s);
		step_done(s, "boot");
		if (sim_snapshot_step(s, "boot"))
			return nomem_error(err, errlen);
		if (invariants_broken(s)) {
			snprintf(err, errlen, "%s: invariant violated at boot: %s", scn->filename, s->invariant_error);
			return -1;
		}
	}
	return 0;
}

struct sim *irqsim_run(const struct scenario *scn, const struct irqsim_options *opt, char *err, size_t errlen)
{
	unsigned long nm = nomem_count;
	struct sim *s = nomem_check(calloc(1, sizeof(*s)));
	if (!s) {
		nomem_error(err, errlen);
		return NULL;
	}
	struct sim_setup su;
	if (sim_configure(s, scn, opt, &su, err, errlen) || sim_build_topology(s, scn, &su.smp, err, errlen) ||
	    sim_apply_cmdline(s, scn, &su, err, errlen))
		goto fail;
	if (resolve_device_props(s, scn, err, errlen) || add_boot_devices(s, scn, err, errlen))
		goto fail;
	if (sim_power_on(s)) {
		nomem_error(err, errlen);
		goto fail;
	}
	/* the state as the kernel booted, before the first step (step 0: --after-step 0, the kstate view) */
	if (step_hook && step_hook(s)) {
		nomem_error(err, errlen);
		goto fail;
	}
	if (run_steps(s, scn, nm, err, errlen) || nomem_since(nm, err, errlen))
		goto fail;
	s->booted = true;
	return s;
fail:
	/* a failure that came from an allocation is reported as such, not as what it broke */
	nomem_since(nm, err, errlen);
	irqsim_free(s);
	return NULL;
}

void sim_select(const struct sim *s)
{
	cpumask_set_nr_cpu_ids(s->topo.nr_cpu_ids);
}

void irqsim_free(struct sim *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		struct pci_dev *d = s->pdevs[i];
		if (d->drvdata && d->drv && d->drv->is_virtio)
			virtio_pci_free(s, d);
		kmem_free(&s->kmem, d->drv_cfg);
		kmem_free(&s->kmem, d->msi);
		kmem_free(&s->kmem, d->msi_affinity);
		free(d->id);
		free(d->fail_reason);
		free(d->explain);
		kmem_free(&s->kmem, d);
	}
	free(s->pdevs);
	for (size_t i = 0; i < s->nr_usb_devs; i++)
		free(s->usb_devs[i].id);
	free(s->usb_devs);
	for (size_t i = 0; i < s->nr_dir_props; i++)
		devprops_free(s->dir_props[i]);
	free(s->dir_props);
	free(s->virtio_ida);
	irq_table_free(s);
	irq_matrix_destroy(s->matrix);
	legacy_vector_destroy(s->legacy);
	free(s->panic_reason);
	trace_log_free(&s->trace);
	for (size_t i = 0; i < s->log.nr; i++)
		free(s->log.lines[i].text);
	free(s->log.lines);
	for (size_t i = 0; i < s->steps.nr; i++)
		free(s->steps.lines[i]);
	free(s->steps.lines);
	if (s->step_log_free)
		s->step_log_free(s->step_log);
	step_events_free(s);
	for (size_t i = 0; i < s->snaps.nr; i++)
		free(s->snaps.v[i].text);
	free(s->snaps.v);
	boot_params_free(&s->params);
	topology_free(&s->topo);
	kmem_destroy(&s->kmem);
	free(s);
}

unsigned sim_unmodelled_notes(const struct sim *s, char *buf, size_t len)
{
	unsigned n = 0;
	size_t o = 0;
	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < kernel_nr_switches && i < 64; i++) {
		if (!((s->unmodelled_hit >> i) & 1u))
			continue;
		n++;
		if (o < len) {
			int w = snprintf(buf + o, len - o, "kernel %s: %s is not modelled: %s [%s]\n",
					 kernel_sel_name(&s->sel), kernel_switches[i].name, kernel_switches[i].effect,
					 kernel_switches[i].commit);
			if (w > 0)
				o += (size_t)w;
		}
	}
	return n;
}
