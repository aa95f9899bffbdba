// SPDX-License-Identifier: GPL-2.0-only
/*
 * The small virtio devices of a libvirt guest (src/drivers/virtio_devs.c):
 * each one's queue list against QEMU 7.2's default MSI-X table, the vectors
 * it asks virtio_pci for, its irq names, that none is managed, the module
 * binding order of devices that share a driver, vsock's one-device rule and
 * the virtio-serial ports that are no PCI functions.
 */
#include "simutil.h"

#include <errno.h>

#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "irq/irqdesc.h"
#include "kernel/sim.h"
#include "pci/pci.h"

SIM_DEV_BY_ID

static const char *mode(struct pci_dev *d)
{
	return device_irq_mode_name(device_irq_mode(d));
}

/* The action name of MSI-X entry 'i' of a device. */
static const char *msix_name(struct sim *s, struct pci_dev *d, unsigned i)
{
	int irq = pci_irq_vector(d, i);
	struct irq_desc *desc = irq > 0 ? irq_to_desc(s, (unsigned)irq) : NULL;
	if (!desc || !desc->action)
		fail_msg("MSI-X entry %u of %s has no action", i, d->id);
	return desc->action->name;
}

static bool msix_managed(struct sim *s, struct pci_dev *d, unsigned i)
{
	int irq = pci_irq_vector(d, i);
	struct irq_desc *desc = irq > 0 ? irq_to_desc(s, (unsigned)irq) : NULL;
	return desc && desc->affinity_managed;
}

/* QEMU's defaults: what the virt-install golden recorded (6.1 and 6.12) */
static void test_defaults(void **state)
{
	(void)state;
	for (int k = 0; k < 2; k++) {
		struct sim *s = run_text("machine q35\nsmp 2\n"
					 "device virtio-vga,id=vga\n"
					 "device virtio-serial-pci,id=ser\n"
					 "device virtio-balloon-pci,id=bal\n"
					 "device virtio-rng-pci,id=rng\n"
					 "device virtio-tablet-pci,id=tab\n"
					 "device virtconsole,name=console.0\n"
					 "device virtserialport,name=org.qemu.guest_agent.0\n"
					 "boot\n",
					 k ? "6.12" : "6.1");
		struct pci_dev *vga = dev_by_id(s, "vga"), *ser = dev_by_id(s, "ser"), *bal = dev_by_id(s, "bal"),
			       *rng = dev_by_id(s, "rng"), *tab = dev_by_id(s, "tab");
		/* the ports are no PCI functions: 5 functions after the chipset's */
		size_t n = 0;
		for (size_t i = 0; i < s->nr_pdevs; i++)
			n += s->pdevs[i]->drv != NULL;
		assert_int_equal(n, 5);
		/* virtio-gpu: control + cursor + config = QEMU's 3 */
		assert_string_equal(mode(vga), "per-vq");
		assert_string_equal(msix_name(s, vga, 0), "virtio0-config");
		assert_string_equal(msix_name(s, vga, 1), "virtio0-control");
		assert_string_equal(msix_name(s, vga, 2), "virtio0-cursor");
		/* virtio-serial: 63 vectors per queue for 31 ports, QEMU gives 2 */
		assert_string_equal(mode(ser), "shared");
		assert_string_equal(msix_name(s, ser, 1), "virtio1-virtqueues");
		/* the balloon has no MSI-X in QEMU: its shared INTx line, named virtioN */
		assert_false(bal->has_msix);
		assert_string_equal(mode(bal), "intx");
		struct irq_desc *d = irq_to_desc(s, bal->irq);
		assert_non_null(d);
		assert_string_equal(d->action->name, "virtio2");
		/* rng: config + input fit QEMU's 2 */
		assert_string_equal(mode(rng), "per-vq");
		assert_string_equal(msix_name(s, rng, 1), "virtio3-input");
		/* input: events + status + config = 3 > 2 */
		assert_string_equal(mode(tab), "shared");
		/* Debian 6.12 builds virtio_console in: it probes at boot, before
		 * virtio_gpu's module binds the earlier function (6.1: module order) */
		if (k)
			assert_true(pci_irq_vector(ser, 0) < pci_irq_vector(vga, 0));
		else
			assert_true(pci_irq_vector(vga, 0) < pci_irq_vector(ser, 0));
		/* none of these drivers passes an irq_affinity descriptor */
		for (unsigned i = 0; i < 3; i++)
			assert_false(msix_managed(s, vga, i));
		assert_false(msix_managed(s, rng, 1));
		irqsim_free(s);
	}
}

/* vectors= per queue: which queues have callbacks decides the count */
static void test_queue_callbacks(void **state)
{
	(void)state;
	/* max_ports=1: no multiport, input + output only: 3 vectors */
	struct sim *s = run_text("smp 2\ndevice virtio-serial-pci,id=a,max_ports=1,vectors=3\n"
				 /* 2 ports: input, output, control-i (control-o has no callback), input, output */
				 "device virtio-serial-pci,id=b,max_ports=2,vectors=6\n"
				 "device virtio-serial-pci,id=c,max_ports=2,vectors=5\n"
				 "device virtio-keyboard-pci,id=k,vectors=3\n"
				 "device vhost-vsock-pci,id=v,vectors=4\n"
				 "boot\n",
				 "6.1");
	struct pci_dev *a = dev_by_id(s, "a"), *b = dev_by_id(s, "b"), *c = dev_by_id(s, "c"),
		       *k = dev_by_id(s, "k"), *v = dev_by_id(s, "v");
	assert_string_equal(mode(a), "per-vq");
	assert_string_equal(msix_name(s, a, 2), "virtio0-output");
	assert_string_equal(mode(b), "per-vq");
	const struct virtio_pci_device *vp = b->drvdata;
	assert_int_equal(vp->nvqs, 6);
	assert_int_equal(vp->vq_vector[3], -1); /* control-o: VIRTIO_MSI_NO_VECTOR */
	assert_string_equal(msix_name(s, b, 3), "virtio1-control-i");
	assert_string_equal(msix_name(s, b, 4), "virtio1-input");
	/* one vector short of config + 5: the shared pair */
	assert_string_equal(mode(c), "shared");
	assert_string_equal(msix_name(s, c, 1), "virtio2-virtqueues");
	assert_string_equal(mode(k), "per-vq");
	assert_string_equal(msix_name(s, k, 2), "virtio3-status");
	assert_string_equal(mode(v), "per-vq");
	assert_string_equal(msix_name(s, v, 3), "virtio4-event");
	irqsim_free(s);
}

/* vmw_vsock_virtio_transport keeps one device: the second fails with -EBUSY before its queues */
static void test_vsock_one_device(void **state)
{
	(void)state;
	struct sim *s = run_text("smp 2\ndevice vhost-vsock-pci,id=v0\ndevice vhost-vsock-pci,id=v1\nboot\n", "6.12");
	struct pci_dev *v0 = dev_by_id(s, "v0"), *v1 = dev_by_id(s, "v1");
	assert_string_equal(mode(v0), "shared");
	assert_int_equal(v1->probe_err, -EBUSY);
	assert_string_equal(mode(v1), "failed");
	assert_int_equal(v1->nr_msi, 0);
	irqsim_free(s);
	/* once the first is gone, a new one binds */
	s = run_text("smp 2\ndevice vhost-vsock-pci,id=v0\nboot\nunplug v0\nhotplug vhost-vsock-pci,id=v1\n", "6.1");
	assert_string_equal(mode(dev_by_id(s, "v1")), "shared");
	irqsim_free(s);
}

/*
 * One module, several QEMU devices: virtio_input binds the keyboard and the
 * tablet when it loads (first use: the keyboard), before virtio_blk's disk
 * that sits between them; the virtio indexes follow enumeration order.
 */
static void test_module_binds_all(void **state)
{
	(void)state;
	struct sim *s = run_text("smp 2\ndevice virtio-keyboard-pci,id=k\ndevice virtio-blk-pci,id=d\n"
				 "device virtio-tablet-pci,id=t\nboot\n",
				 "6.1");
	struct pci_dev *k = dev_by_id(s, "k"), *d = dev_by_id(s, "d"), *t = dev_by_id(s, "t");
	int ik = pci_irq_vector(k, 0), id = pci_irq_vector(d, 0), it = pci_irq_vector(t, 0);
	/* irqs are numbered in probe order: keyboard, tablet, then the disk */
	assert_true(ik < it && it < id);
	assert_string_equal(msix_name(s, t, 0), "virtio2-config");
	irqsim_free(s);
}

static void run_err(const char *text, const char *want)
{
	struct scenario scn;
	char err[512];
	if (scenario_parse("t.scn", text, strlen(text), &scn, err, sizeof(err)))
		fail_msg("parse: %s", err);
	struct irqsim_options o = { .kernel = "6.1" };
	struct sim *s = irqsim_run(&scn, &o, err, sizeof(err));
	scenario_free(&scn);
	assert_null(s);
	assert_string_equal(err, want);
}

static void test_port_errors(void **state)
{
	(void)state;
	run_err("smp 2\ndevice virtconsole\ndevice virtio-serial-pci\nboot\n",
		"t.scn:2:8: virtconsole needs a virtio-serial-pci before it (no virtio-serial bus)");
	run_err("smp 2\ndevice virtio-serial-pci\nboot\nhotplug virtserialport,name=x\n",
		"t.scn:4:9: virtserialport cannot be hot-plugged (irqsim: a port is not a PCI function)");
	run_err("smp 2\ndevice virtio-balloon-pci,vectors=2\nboot\n",
		"t.scn:2:27: device 'virtio-balloon-pci' has no property 'vectors' (irqsim-scenario(5) lists its properties)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_queue_callbacks),
		cmocka_unit_test(test_vsock_one_device),
		cmocka_unit_test(test_module_binds_all),
		cmocka_unit_test(test_port_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
