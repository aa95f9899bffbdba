// SPDX-License-Identifier: GPL-2.0-only
/*
 * QEMU command lines and libvirt domains as scenarios: shell reading, the
 * QEMU defaults the scenario language does not share, and errors that point
 * into the user's text.
 */
#include "testutil.h"

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

/* The directive lines of a conversion (comments dropped), one string. */
static char *directives(const struct irqsim_conversion *c)
{
	char *out = calloc(1, c->len + 1);
	assert_non_null(out);
	for (const char *p = c->text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (*p != '#')
			strncat(out, p, n);
		p += n;
	}
	return out;
}

typedef int (*converter)(const char *name, const char *buf, size_t len, struct irqsim_conversion *out, char *err,
			 size_t errlen);

/* The directives a converter writes for text (it must succeed). */
static char *convert_ok(converter fn, const char *name, const char *text)
{
	struct irqsim_conversion c;
	char err[512];
	if (fn(name, text, strlen(text), &c, err, sizeof(err)))
		fail_msg("%s", err);
	char *d = directives(&c);
	irqsim_conversion_free(&c);
	return d;
}

static char *qemu(const char *cmd)
{
	return convert_ok(irqsim_from_qemu, "t.args", cmd);
}

static char *libvirt(const char *xml)
{
	return convert_ok(irqsim_from_libvirt, "t.xml", xml);
}

static void qemu_err(const char *cmd, const char *want)
{
	struct irqsim_conversion c;
	char err[512];
	if (irqsim_from_qemu("t.args", cmd, strlen(cmd), &c, err, sizeof(err)) == 0) {
		/* a conversion whose text the parser or the model refuses: the error maps back */
		struct scenario s;
		if (!scenario_parse(c.name, c.text, c.len, &s, err, sizeof(err))) {
			struct sim *sim = irqsim_run(&s, NULL, err, sizeof(err));
			scenario_free(&s);
			if (sim) {
				irqsim_free(sim);
				fail_msg("'%s' converted and ran", cmd);
			}
		}
		irqsim_conversion_remap(&c, err, sizeof(err));
		irqsim_conversion_free(&c);
	}
	assert_string_equal(err, want);
}

static void test_libvirt_log(void **state)
{
	(void)state;
	/* a libvirt log: a header line, environment, continuations, JSON devices, a later message */
	char *d = qemu("2024-01-01 00:00:00.000+0000: starting up libvirt version: 9.0.0\n"
		       "LC_ALL=C \\\nPATH=/usr/bin \\\n/usr/bin/qemu-system-x86_64 \\\n"
		       "-machine pc-q35-7.2,accel=kvm,usb=off \\\n-smp 4,sockets=1,cores=4 \\\n"
		       "-device '{\"driver\":\"virtio-blk-pci\",\"num-queues\":2,\"id\":\"disk0\",\"drive\":\"d\"}' \\\n"
		       "-append \"quiet \\\"a b\\\"\"\nchar device redirected to /dev/pts/3\n");
	assert_string_equal(d, "machine q35\nsmp 4,sockets=1,cores=4\ncmdline \"quiet \\\"a b\\\"\"\nhost kvm\n"
			       "device virtio-blk-pci,num-queues=2,id=disk0\nboot\n");
	free(d);
}

static void test_kernel_and_defaults(void **state)
{
	(void)state;
	char *d = qemu("qemu-system-x86_64 -nodefaults -kernel /boot/vmlinuz-6.12.107+deb12-amd64 -M pc-i440fx-5.1 "
		       "-device virtio-blk-pci -device virtio-scsi-pci,num_queues=3 -device e1000");
	/* before QEMU 5.2 one queue by default; -kernel names the kernel line */
	/* e1000 has no model of its own: pci-generic, its INTx requested when the interface opens */
	assert_string_equal(d, "kernel 6.12\nmachine pc\ndevice virtio-blk-pci,num-queues=1\n"
			       "device virtio-scsi-pci,num_queues=3\n"
			       "device pci-generic,qemu=e1000,driver=e1000,msi=0,types=intx,max-vectors=1,request=0\nboot\n");
	free(d);
	d = qemu("qemu-system-x86_64 -kernel /boot/vmlinuz-5.10.0-28-amd64");
	assert_string_equal(d, "kernel 5.10\nmachine pc\nboot\n"); /* 5.10 is a line since issue 24 */
	free(d);
	/* an option's argument is never read as an option, even when it looks like one */
	d = qemu("qemu-system-x86_64 -name -device -smp 2 -append -numa -numa node,cpus=0-1");
	assert_string_equal(d, "machine pc\nsmp 2\nnuma node,cpus=0-1\ncmdline \"-numa\"\nboot\n");
	free(d);
}

static void test_netdev_queues(void **state)
{
	(void)state;
	/* the NIC's pairs come from its tap; QEMU's mq default is off, its vectors default (2 x pairs + 2) irqsim's */
	char *d = qemu("qemu-system-x86_64 -device virtio-net-pci,netdev=a,id=n0 -netdev tap,id=a,queues=4 "
		       "-netdev tap,id=b,fds=3:4:5 -device virtio-net-pci,netdev=b,mq=on,vectors=8");
	assert_string_equal(d, "machine pc\ndevice virtio-net-pci,queues=4,id=n0,mq=off\n"
			       "device virtio-net-pci,queues=3,mq=on,vectors=8\nboot\n");
	free(d);
}

/* intel-iommu's intremap=auto: on under TCG and KVM's split irqchip, off with KVM's full one (QEMU 7.2) */
static void test_iommu_intremap_auto(void **state)
{
	(void)state;
	char *d = qemu("qemu-system-x86_64 -M q35 -device intel-iommu");
	assert_string_equal(d, "machine q35\ndevice intel-iommu\nboot\n");
	free(d);
	d = qemu("qemu-system-x86_64 -M q35,accel=kvm -device intel-iommu");
	assert_string_equal(d, "machine q35\nhost kvm\ndevice intel-iommu,intremap=off\nboot\n");
	free(d);
	/* eim=on is kept (the guest's x2APIC); KVM's split irqchip turns eim's auto on */
	d = qemu("qemu-system-x86_64 -M q35,accel=kvm,kernel-irqchip=split -device intel-iommu,eim=on");
	assert_string_equal(d, "machine q35\nhost kvm\ndevice intel-iommu,eim=on\nboot\n");
	free(d);
	d = qemu("qemu-system-x86_64 -accel kvm,kernel-irqchip=split -M q35 -device intel-iommu,intremap=on");
	assert_string_equal(d, "machine q35\nhost kvm\ndevice intel-iommu,intremap=on,eim=on\nboot\n");
	free(d);
	d = qemu("qemu-system-x86_64 -accel kvm,kernel-irqchip=split -M q35 -device intel-iommu,intremap=off");
	assert_string_equal(d, "machine q35\nhost kvm\ndevice intel-iommu,intremap=off\nboot\n");
	free(d);
	/* libvirt: kernel-irqchip=split only with <ioapic driver='qemu'/> (q35's implicit sata0 counted) */
	static const char dom[] = "<domain type='%s'><os><type machine='q35'/></os>%s<devices><iommu model='intel'/>"
				  "<memballoon model='none'/><controller type='usb' model='none'/></devices></domain>";
	char xml[512];
	snprintf(xml, sizeof(xml), dom, "kvm", "");
	d = libvirt(xml);
	assert_string_equal(d, "machine q35 root-ports=packed\nhost kvm\ndevice intel-iommu,intremap=off\ndevice ich9-ahci,addr=1f.2,id=sata0\nboot\n");
	free(d);
	snprintf(xml, sizeof(xml), dom, "kvm", "<features><ioapic driver='qemu'/></features>");
	d = libvirt(xml);
	assert_string_equal(d, "machine q35 root-ports=packed\nhost kvm\ndevice intel-iommu,eim=on\ndevice ich9-ahci,addr=1f.2,id=sata0\nboot\n");
	free(d);
	snprintf(xml, sizeof(xml), dom, "qemu", "");
	d = libvirt(xml);
	assert_string_equal(d, "machine q35 root-ports=packed\ndevice intel-iommu\ndevice ich9-ahci,addr=1f.2,id=sata0\nboot\n");
	free(d);
	/* a root port's <target hotplug='off'> is QEMU's hotplug=off */
	d = libvirt("<domain><os><type machine='q35'/></os><devices><controller type='pci' index='1' "
		    "model='pcie-root-port'><target hotplug='off'/></controller><memballoon model='none'/>"
		    "<controller type='usb' model='none'/></devices></domain>");
	assert_string_equal(d, "machine q35 root-ports=packed\ndevice pcie-root-port,id=pci.1,hotplug=off\n"
			       "device ich9-ahci,addr=1f.2,id=sata0\nboot\n");
	free(d);
}

/* The libvirt guest's other virtio devices: variants and aliases map to one model, ports keep no bus */
static void test_virtio_guest_devices(void **state)
{
	(void)state;
	char *d = qemu("qemu-system-x86_64 -M q35 -device virtio-serial-pci-non-transitional,id=vs0,max_ports=4 "
		       "-chardev pty,id=c0 -device virtconsole,chardev=c0,bus=vs0.0,name=console.0 "
		       "-device virtio-balloon,free-page-reporting=on,deflate-on-oom=on -device virtio-rng-pci-transitional "
		       "-device virtio-tablet,vectors=3 -device virtio-vga -device vhost-vsock-pci-non-transitional,guest-cid=3");
	assert_string_equal(d, "machine q35\ndevice virtio-serial-pci,id=vs0,max_ports=4\ndevice virtconsole\n"
			       "device virtio-balloon-pci,free-page-reporting=on\ndevice virtio-rng-pci\n"
			       "device virtio-tablet-pci,vectors=3\ndevice virtio-vga\ndevice vhost-vsock-pci\nboot\n");
	free(d);
}

/*
 * USB devices on their controller's bus, as the managers write them: a
 * QEMU command line keeps bus= and port=, libvirt's <input bus='usb'> and
 * <disk bus='usb'> become usb-tablet/usb-kbd/usb-storage on controller 0's
 * bus usb.0 (libvirt's alias of USB controller 0), after every PCI
 * function; ports='N' is p2=N,p3=N; q35's own AHCI is named when a disk
 * sits on ide.N (no new function), pc's PIIX IDE is not modelled.
 */
static void test_usb_and_ide_devices(void **state)
{
	(void)state;
	char *d = qemu("qemu-system-x86_64 -M q35 -device qemu-xhci,id=xhci,p2=15,p3=15 -device usb-tablet,bus=xhci.0,port=2 "
		       "-device usb-kbd -drive if=none,id=d0,file=a.img -device ide-hd,bus=ide.2,drive=d0");
	assert_string_equal(d, "machine q35\ndevice ich9-ahci,addr=1f.2\ndevice qemu-xhci,id=xhci,p2=15,p3=15\n"
			       "device usb-tablet,bus=xhci.0,port=2\ndevice usb-kbd\nboot\n");
	free(d);
	d = qemu("qemu-system-x86_64 -M pc -hda a.img -device ide-cd,bus=ide.1,unit=1");
	assert_string_equal(d, "machine pc\nboot\n");
	free(d);
	d = libvirt("<domain><os><type machine='q35'>hvm</type></os><devices>"
		    "<input type='tablet' bus='usb'><address type='usb' bus='0' port='3'/></input>"
		    "<controller type='usb' index='0' model='qemu-xhci' ports='8'><address type='pci' bus='0' slot='5'/></controller>"
		    "<input type='mouse' bus='ps2'/><input type='keyboard' bus='usb'/>"
		    "<disk type='file' device='disk'><target dev='sdb' bus='usb'/></disk>"
		    "<controller type='sata' index='0'><address type='pci' bus='0' slot='0x1f' function='2'/></controller>"
		    "<memballoon model='none'/></devices></domain>");
	assert_string_equal(d, "machine q35 root-ports=packed\ndevice qemu-xhci,p2=8,p3=8,id=usb,addr=0x5\n"
			       "device ich9-ahci,id=sata0,addr=0x1f.0x2\n"
			       "device usb-tablet,id=input0,bus=usb.0,port=3\ndevice usb-kbd,id=input2,bus=usb.0\n"
			       "device usb-storage,id=sdb,bus=usb.0\nboot\n");
	free(d);
}

static void test_errors_point_into_source(void **state)
{
	(void)state;
	qemu_err("qemu-system-x86_64 \\\n  -smp 4,cores=x", "t.args:2:16: expected a number after 'cores=', got 'x'");
	qemu_err("qemu-system-x86_64 -device \"virtio-blk-pci,num-queues=x", "t.args:1:28: unbalanced quote: the \" here is never closed");
	qemu_err("qemu-system-x86_64 -device virtio-blk-pci,vectors=2,num-queues=x",
		 "t.args:1:53: num-queues expects a number from 1 to 1024, got 'x'");
	/* found by the model while building the machine, not by the parser: still the -device it came from */
	qemu_err("qemu-system-x86_64 -M q35 -device pcie-root-port,id=r \\\n -device virtio-blk-pci,bus=r "
		 "-device virtio-blk-pci,bus=r", "t.args:2:39: PCI bus 1 (a PCIe port's link) is full (device 0 only)");
	/* a typed property out of its declared range */
	qemu_err("qemu-system-x86_64 -device nvme,msix_qsize=4096",
		 "t.args:1:33: msix_qsize expects a number from 1 to 2048, got '4096'");
	qemu_err("qemu-system-x86_64 -M isapc", "t.args:1:23: -machine: irqsim models the pc and q35 machines "
		 "(pc, q35, pc-i440fx-*, pc-q35-*), not 'isapc'");
}

static void test_libvirt(void **state)
{
	(void)state;
	static const char xml[] =
		"<domain type='qemu'>\n"
		"  <vcpu current='2'>4</vcpu>\n"
		"  <os><type arch='x86_64' machine='pc-q35-8.0'>hvm</type><cmdline>quiet</cmdline></os>\n"
		"  <devices>\n"
		"    <interface type='network'><model type='virtio'/><driver queues='2'/></interface>\n"
		"    <controller type='pci' index='1' model='pcie-root-port'/>\n"
		"    <disk type='file'><target dev='vda' bus='virtio'/>\n"
		"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></disk>\n"
		"    <graphics type='vnc'/>\n"
		"    <disk type='file'><target dev='nvmea' bus='nvme'/></disk>\n"
		"    <controller type='nvme' index='1'/>\n"
		"    <disk type='file'><target dev='nvmeb' bus='nvme'/><address type='drive' controller='1'/></disk>\n"
		"  </devices>\n"
		"</domain>\n";
	struct irqsim_conversion c;
	char err[512];
	if (irqsim_from_libvirt("t.xml", xml, strlen(xml), &c, err, sizeof(err)))
		fail_msg("%s", err);
	char *d = directives(&c);
	/*
	 * controllers first (QEMU needs the bus before the device), CPUs beyond 'current' hot-pluggable;
	 * devices in the guest's enumeration order (those with an address first: q35's implicit sata0
	 * at 00:1f.2 before bus 1), each PCIe device without one on a root port of its own in
	 * libvirt's order (qemuDomainAssignDevicePCISlots: interfaces, controllers - the nvme one,
	 * then the implicit q35 USB controller -, disks, the implicit memballoon)
	 */
	assert_string_equal(d, "machine q35 root-ports=packed\nsmp 2,maxcpus=4\ncmdline \"quiet\"\n"
			       "device pcie-root-port,id=pci.1\n"
			       "device ich9-ahci,addr=1f.2,id=sata0\n"
			       "device virtio-blk-pci,id=vda,bus=pci.1,addr=0x0\n"
			       "device pcie-root-port,id=pci.2\ndevice virtio-net-pci,id=net0,bus=pci.2,queues=2\n"
			       "device pcie-root-port,id=pci.3\ndevice nvme,id=nvme1,bus=pci.3\n"
			       "device pcie-root-port,id=pci.4\ndevice qemu-xhci,id=usb,bus=pci.4\n"
			       "device pcie-root-port,id=pci.5\ndevice nvme,id=nvmea,bus=pci.5\n"
			       "device pcie-root-port,id=pci.6\ndevice virtio-balloon-pci,id=balloon0,bus=pci.6\nboot\n");
	assert_string_equal(c.ignored, "<graphics>");
	free(d);
	irqsim_conversion_free(&c);
	static const char bad[] = "<domain>\n  <vcpu>2</vcpu>\n  <devices>\n";
	assert_int_equal(irqsim_from_libvirt("t.xml", bad, strlen(bad), &c, err, sizeof(err)), -1);
	assert_string_prefix(err, "t.xml:4:1: ");
}

/*
 * pc: libvirt gives the primary video 00:02.0 first, then the devices without
 * an address the next free slots in its order (qemuDomainAssignDevicePCISlots:
 * interfaces, sound, controllers - the listed USB one, then the virtio-serial
 * controller it adds for the agent's channel -, disks, memballoon), not in
 * document order; QEMU's first-free-slot assignment of these lines gives the
 * same slots (02 video, 03 net, 04 sound, 05 usb, 06 virtio-serial, 07 disk,
 * 08 balloon)
 */
static void test_libvirt_pc_order(void **state)
{
	(void)state;
	char *d = libvirt("<domain type='qemu'><os><type machine='pc-i440fx-7.2'>hvm</type></os><devices>"
			  "<disk type='file'><target dev='vda' bus='virtio'/></disk>"
			  "<controller type='usb' index='0' model='ich9-ehci1'/>"
			  "<interface type='network'><model type='virtio'/></interface><sound model='ich9'/>"
			  "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
			  "<video><model type='virtio'/></video><memballoon model='virtio'/></devices></domain>");
	assert_string_equal(d, "machine pc\ndevice virtio-vga,id=video0\ndevice virtio-net-pci,id=net0\n"
			       "device ich9-intel-hda,id=sound0\n"
			       "device pci-generic,qemu=ich9-usb-ehci1,driver=ehci-pci,msi=0,types=intx,max-vectors=1,"
			       "name=ehci_hcd:usb%u,pin=D,id=usb\n"
			       "device virtio-serial-pci,id=virtio-serial0\ndevice virtio-blk-pci,id=vda\n"
			       "device virtio-balloon-pci,id=balloon0\n"
			       "device virtserialport,name=org.qemu.guest_agent.0\nboot\n");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libvirt_log),
		cmocka_unit_test(test_kernel_and_defaults),
		cmocka_unit_test(test_netdev_queues),
		cmocka_unit_test(test_iommu_intremap_auto),
		cmocka_unit_test(test_virtio_guest_devices),
		cmocka_unit_test(test_errors_point_into_source),
		cmocka_unit_test(test_libvirt),
		cmocka_unit_test(test_libvirt_pc_order),
		cmocka_unit_test(test_usb_and_ide_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
