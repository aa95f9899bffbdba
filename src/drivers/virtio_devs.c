// SPDX-License-Identifier: GPL-2.0-only
/*
 * The small virtio devices of a libvirt / virt-install guest, each a fixed
 * virtqueue list on the virtio-pci transport (virtio_pci.c does the vector
 * requests and their fallbacks).  None of these drivers passes a struct
 * irq_affinity to virtio_find_vqs: their vectors are never managed.  A
 * queue without a callback takes no vector in the per-queue mode.
 *
 *   virtio-balloon-pci  drivers/virtio/virtio_balloon.c init_vqs
 *   virtio-rng-pci      drivers/char/hw_random/virtio-rng.c probe_common
 *   virtio-serial-pci   drivers/char/virtio_console.c virtcons_probe, init_vqs
 *   virtio-{keyboard,mouse,tablet}-pci
 *                       drivers/virtio/virtio_input.c virtinput_init_vqs
 *   virtio-gpu-pci, virtio-vga
 *                       drivers/gpu/drm/virtio/virtgpu_kms.c virtio_gpu_init
 *   vhost-vsock-pci     net/vmw_vsock/virtio_transport.c virtio_vsock_probe
 *
 * The queue lists are the same in 6.1 and 6.12 (6.12 passes them as struct
 * virtqueue_info).  Device side: QEMU 7.2's properties and defaults as
 * `qemu-system-x86_64 -device NAME,help` prints them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/devprops.h"
#include "drivers/driver.h"
#include "drivers/virtio_pci.h"
#include "kernel/sim.h"
#include "lib/nomem.h"
#include "pci/pci.h"

/*
 * QEMU's vectors property: any uint32 (realize checks nothing), but
 * msix_init refuses more than 2048 entries and the device is then built
 * without MSI-X (virtio_pci_msix_entries), as with 0
 */
#define VECTORS_DOC "MSI-X table size (0: INTx only; QEMU 7.2 builds the device without MSI-X above 2048, as with 0)"
#define VECTORS_PROP(dflt)                                                                               \
	{ .name = "vectors", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 0xffffffffLL, .def = dflt, \
	  .doc = VECTORS_DOC }

/* ------------------------------------------------------------ balloon */

/*
 * hw/virtio/virtio-balloon.c: no "vectors" property, so the proxy has no
 * MSI-X; no ioeventfd either.  guest-stats-polling-interval is a QOM
 * property of the inner device (an int64): its setter refuses a negative
 * value and one above UINT32_MAX.  guest-stats is read-only: QEMU refuses it
 * on a command line ("not writable"), and so does irqsim, by not listing it.
 */
static const struct devprop virtio_balloon_props[] = {
	{ .name = "free-page-hint", .type = DP_BOOL, .use = DP_MODELLED, .def = 0,
	  .doc = "offers VIRTIO_BALLOON_F_FREE_PAGE_HINT: a free_page_vq without a callback" },
	{ .name = "free-page-reporting", .type = DP_BOOL, .use = DP_MODELLED, .def = 0,
	  .doc = "offers VIRTIO_BALLOON_F_REPORTING: a reporting_vq with a callback" },
	DP_IGN_BOOL("deflate-on-oom", 0),
	DP_IGN_INT("guest-stats-polling-interval", 0, 0xffffffffLL, 0),
	DP_IGN_STR("iothread"),
	DP_IGN_BOOL("page-poison", 1),
	DP_IGN_BOOL("qemu-4-0-config-size", 0),
};
DEVPROP_CLASS(virtio_balloon_devprops, "virtio-balloon-pci", virtio_balloon_props, &devprop_virtio_pci,
	      "The memory balloon. QEMU gives it no MSI-X table (it has no vectors property): it always "
	      "ends on its INTx line, shared, named virtioN.");

struct virtio_devs_cfg {
	unsigned max_ports;   /* virtio-serial: max_nr_ports in the config space */
	bool free_page_hint;  /* balloon features offered */
	bool reporting;
};

/* QEMU's "not given" of a uint32 vectors property (DEV_NVECTORS_UNSPECIFIED) */
#define VECTORS_UNSET 0xffffffffULL

/*
 * The MSI-X table of the proxy.  dflt is QEMU's default of the class; for
 * virtio-rng-pci that default is "unset", which its realize turns into 2,
 * and a vectors=4294967295 on the command line is the same value, so it
 * gets 2 as well (unset_as).
 */
static int set_vectors(struct pci_dev *dev, unsigned long long dflt, unsigned long long unset_as)
{
	unsigned long long vectors = dev_prop_set(dev, "vectors") ? (unsigned long long)dev_prop_int(dev, "vectors") : dflt;
	if (vectors == VECTORS_UNSET && unset_as)
		vectors = unset_as;
	dev->msix_table_size = virtio_pci_msix_entries(vectors);
	dev->has_msix = dev->msix_table_size > 0;
	return 0;
}

/* The device's configuration, owned by the pci_dev (from the sim's kmem, freed with it). */
static struct virtio_devs_cfg *new_cfg(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	struct virtio_devs_cfg *cfg = kmem_zalloc(&s->kmem, sizeof(*cfg));
	if (!cfg)
		nomem_error(err, errlen);
	dev->drv_cfg = cfg;
	return cfg;
}

static int virtio_balloon_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	struct virtio_devs_cfg *cfg = new_cfg(s, dev, err, errlen);
	if (!cfg)
		return -1;
	cfg->free_page_hint = dev_prop_bool(dev, "free-page-hint");
	cfg->reporting = dev_prop_bool(dev, "free-page-reporting");
	dev->has_msix = false; /* no vectors property: the proxy's nvectors stays 0 */
	dev->msix_table_size = 0;
	return 0;
}

/* virtballoon_probe -> init_vqs: five slots, the optional ones unnamed when their feature is off */
static int virtio_balloon_probe(struct sim *s, struct pci_dev *dev)
{
	const struct virtio_devs_cfg *cfg = dev->drv_cfg;
	struct virtqueue_info vqs[5] = {
		{ .name = "inflate", .callback = true },
		{ .name = "deflate", .callback = true },
		/* VIRTIO_BALLOON_F_STATS_VQ: QEMU offers it unconditionally */
		{ .name = "stats", .callback = true },
		{ .name = cfg->free_page_hint ? "free_page_vq" : NULL, .callback = false },
		{ .name = cfg->reporting ? "reporting_vq" : NULL, .callback = true },
	};
	return vp_find_vqs(s, dev, 5, vqs, NULL);
}

/* ------------------------------------------------------------ rng */

/*
 * hw/virtio/virtio-rng-pci.c, hw/virtio/virtio-rng.c: vectors defaults to
 * QEMU's "unset" (4294967295), which virtio_rng_pci_realize makes 2 (the
 * recorded virt-install guest's rng runs config + input on MSI-X)
 */
static const struct devprop virtio_rng_props[] = {
	{ .name = "vectors", .type = DP_INT, .use = DP_MODELLED, .min = 0, .max = 0xffffffffLL,
	  .def_doc = "2 (QEMU shows 4294967295, 'unset', which realize makes 2, also when a line gives it)",
	  .doc = VECTORS_DOC },
	DP_IGN_BOOL("ioeventfd", 1),
	DP_IGN_INT("max-bytes", 0, 0x7fffffffffffffffLL, 0x7fffffffffffffffLL),
	DP_IGN_INT("period", 0, 0xffffffffLL, 65536),
	DP_IGN_STR("rng"),
};
DEVPROP_CLASS(virtio_rng_devprops, "virtio-rng-pci", virtio_rng_props, &devprop_virtio_pci,
	      "The entropy source: one queue, 'input', with a callback: config + input vectors.");

/* ------------------------------------------------------------ serial */

/* QEMU refuses max_ports above (VIRTIO_QUEUE_MAX - 2) / 2: port 0 and the control pair share the 1024 queues */
#define VIRTIO_SERIAL_MAX_PORTS 511

/* hw/char/virtio-serial-bus.c and hw/virtio/virtio-serial-pci.c */
static const struct devprop virtio_serial_props[] = {
	{ .name = "max_ports", .type = DP_INT, .use = DP_MODELLED, .min = 1, .max = VIRTIO_SERIAL_MAX_PORTS,
	  .def = 31, .doc = "ports of the bus; above 1 QEMU offers VIRTIO_CONSOLE_F_MULTIPORT" },
	VECTORS_PROP(2),
	DP_IGN_BOOL("ioeventfd", 1),
	DP_IGN_INT("class", 0, 0xffffffffLL, 0),
	DP_IGN_BOOL("emergency-write", 1),
};
DEVPROP_CLASS(virtio_serial_devprops, "virtio-serial-pci", virtio_serial_props, &devprop_virtio_pci,
	      "The virtio-serial controller (virtio_console). With multiport an input and an output queue "
	      "per port plus the control pair: 2 x max_ports + 1 queues with a callback, far more than the "
	      "default 2 vectors, so it ends on the shared config + virtqueues pair.");

static int virtio_serial_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	struct virtio_devs_cfg *cfg = new_cfg(s, dev, err, errlen);
	if (!cfg)
		return -1;
	cfg->max_ports = (unsigned)dev_prop_int(dev, "max_ports");
	return set_vectors(dev, 2, 0);
}

/*
 * virtcons_probe -> init_vqs: port 0's input and output first, then (with
 * multiport) the control pair, whose output queue has no callback, then an
 * input/output pair per further port.
 */
static int virtio_serial_probe(struct sim *s, struct pci_dev *dev)
{
	const struct virtio_devs_cfg *cfg = dev->drv_cfg;
	bool multiport = cfg->max_ports > 1;
	unsigned nr_queues = multiport ? (cfg->max_ports + 1) * 2 : 2;
	struct virtqueue_info *vqs = nomem_check(calloc(nr_queues, sizeof(*vqs)));
	if (!vqs)
		return -ENOMEM;
	vqs[0] = (struct virtqueue_info){ .name = "input", .callback = true };
	vqs[1] = (struct virtqueue_info){ .name = "output", .callback = true };
	if (multiport) {
		vqs[2] = (struct virtqueue_info){ .name = "control-i", .callback = true };
		vqs[3] = (struct virtqueue_info){ .name = "control-o", .callback = false };
		for (unsigned j = 4; j < nr_queues; j += 2) {
			vqs[j] = (struct virtqueue_info){ .name = "input", .callback = true };
			vqs[j + 1] = (struct virtqueue_info){ .name = "output", .callback = true };
		}
	}
	int err = vp_find_vqs(s, dev, nr_queues, vqs, NULL);
	free(vqs);
	return err;
}

/* A port on a virtio-serial bus (hw/char/virtio-console.c, virtio-serial-bus.c): no PCI function */
static const struct devprop virtio_port_props[] = {
	DP_IGN_STR("bus"),
	DP_IGN_STR("chardev"),
	DP_IGN_STR("name"),
	DP_IGN_INT("nr", 0, 0xffffffffLL, 0xffffffffLL),
};
DEVPROP_CLASS(virtconsole_devprops, "virtconsole", virtio_port_props, NULL,
	      "A console port on a virtio-serial bus: not a PCI function, no interrupt of its own (the "
	      "controller's queues exist for every port up to max_ports). Needs a virtio-serial-pci; "
	      "not hot-pluggable in irqsim.");
DEVPROP_CLASS(virtserialport_devprops, "virtserialport", virtio_port_props, NULL,
	      "A port on a virtio-serial bus (the guest agent's org.qemu.guest_agent.0): as virtconsole.");

/* ------------------------------------------------------------ input */

/* hw/virtio/virtio-input-pci.c, hw/input/virtio-input-hid.c: no ioeventfd */
#define VIRTIO_INPUT_PROPS                                                                               \
	VECTORS_PROP(2), DP_IGN_STR("display"),                                                          \
		DP_IGN_INT("head", 0, 0xffffffffLL, 0), DP_IGN_STR("serial")
static const struct devprop virtio_keyboard_props[] = { VIRTIO_INPUT_PROPS };
static const struct devprop virtio_pointer_props[] = { VIRTIO_INPUT_PROPS, DP_IGN_BOOL("wheel-axis", 1) };
#define VIRTIO_INPUT_DOC                                                                                 \
	"An input device (virtio_input): events and status queues, both with a callback, so 3 vectors "  \
	"per queue against QEMU's 2: it ends on the shared config + virtqueues pair."
DEVPROP_CLASS(virtio_keyboard_devprops, "virtio-keyboard-pci", virtio_keyboard_props, &devprop_virtio_pci,
	      VIRTIO_INPUT_DOC);
DEVPROP_CLASS(virtio_mouse_devprops, "virtio-mouse-pci", virtio_pointer_props, &devprop_virtio_pci,
	      VIRTIO_INPUT_DOC);
DEVPROP_CLASS(virtio_tablet_devprops, "virtio-tablet-pci", virtio_pointer_props, &devprop_virtio_pci,
	      VIRTIO_INPUT_DOC);

/* ------------------------------------------------------------ gpu */

/*
 * hw/display/virtio-gpu-base.c, virtio-gpu.c, virtio-gpu-pci.c, virtio-vga.c:
 * ioeventfd off by default.  max_outputs: realize refuses more than
 * VIRTIO_GPU_MAX_SCANOUTS (16); virtio-gpu-pci takes 0, virtio-vga crashes
 * on it (QEMU 7.2 dies with SIGSEGV at startup), so irqsim refuses 0 there.
 */
#define VIRTIO_GPU_PROPS(min_outputs)                                                                    \
	VECTORS_PROP(3), DP_IGN_BOOL("ioeventfd", 0), DP_IGN_INT("max_outputs", min_outputs, 16, 1),      \
		DP_IGN_BOOL("edid", 1), DP_IGN_INT("xres", 0, 0xffffffffLL, 1280),                       \
		DP_IGN_INT("yres", 0, 0xffffffffLL, 800), DP_IGN_BOOL("blob", 0),                        \
		DP_IGN_SIZE("max_hostmem", 0, LLONG_MAX, 256LL << 20)
static const struct devprop virtio_gpu_props[] = { VIRTIO_GPU_PROPS(0) };
static const struct devprop virtio_vga_props[] = { VIRTIO_GPU_PROPS(1), DP_IGN_BOOL("big-endian-framebuffer", 0) };
DEVPROP_CLASS(virtio_gpu_devprops, "virtio-gpu-pci", virtio_gpu_props, &devprop_virtio_pci,
	      "The virtio GPU (virtio_gpu, a DRM driver): control and cursor queues, config + control + "
	      "cursor vectors; boots headless under -display none.");
DEVPROP_CLASS(virtio_vga_devprops, "virtio-vga", virtio_vga_props, &devprop_virtio_pci,
	      "virtio-gpu with a VGA front end (libvirt's primary video model 'virtio'): as virtio-gpu-pci.");

/* ------------------------------------------------------------ vsock */

/*
 * hw/virtio/vhost-vsock.c, vhost-vsock-common.c, vhost-vsock-pci.c: no
 * ioeventfd.  guest-cid is a uint64 whose default, 0, realize refuses: it
 * takes 3 to UINT32_MAX only, so QEMU needs one on the line.  irqsim does not
 * model the CID and takes a line without it (a scenario made from a guest
 * snapshot cannot know it).
 */
static const struct devprop vhost_vsock_props[] = {
	VECTORS_PROP(3),
	{ .name = "guest-cid", .type = DP_INT, .use = DP_IGNORED, .min = 3, .max = 0xffffffffLL,
	  .def_doc = "0, which QEMU refuses (it needs one; irqsim does not)" },
	DP_IGN_ENUM("seqpacket", devprop_on_off_auto, 2),
	DP_IGN_STR("vhostfd"),
};
DEVPROP_CLASS(vhost_vsock_devprops, "vhost-vsock-pci", vhost_vsock_props, &devprop_virtio_pci,
	      "The vsock device (vmw_vsock_virtio_transport): rx, tx and event queues, 4 vectors per queue "
	      "against QEMU's 3, so the shared pair. The driver takes one device per guest: a second "
	      "fails its probe with -EBUSY. Modelled from source only (no /dev/vhost-vsock on the "
	      "recording host).");

/* Is another vsock device bound?  virtio_vsock_probe keeps one, the_virtio_vsock. */
static bool vsock_taken(const struct sim *s, const struct pci_dev *dev)
{
	for (size_t i = 0; i < s->nr_pdevs; i++) {
		const struct pci_dev *o = s->pdevs[i];
		if (o == dev || !o->present || !o->drv || strcmp(o->drv->kernel_name, dev->drv->kernel_name))
			continue;
		const struct virtio_pci_device *vp = o->drvdata;
		if (o->probed && !o->probe_err && vp && vp->mode != VP_MODE_NONE)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------ fixed queue lists */

/* A device whose driver always asks for the same virtqueues, and QEMU's default MSI-X table size. */
struct fixed_vqs {
	const char *qemu_name;
	unsigned long long vectors, unset_as; /* unset_as: see set_vectors */
	unsigned nvqs;
	struct virtqueue_info vqs[3];
};

static const struct fixed_vqs fixed[] = {
	/* virtrng_probe -> probe_common: virtio_find_single_vq(random_recv_done, "input") */
	{ "virtio-rng-pci", VECTORS_UNSET, 2, 1, { { "input", true } } },
	/* virtinput_probe -> virtinput_init_vqs */
	{ "virtio-keyboard-pci", 2, 0, 2, { { "events", true }, { "status", true } } },
	{ "virtio-mouse-pci", 2, 0, 2, { { "events", true }, { "status", true } } },
	{ "virtio-tablet-pci", 2, 0, 2, { { "events", true }, { "status", true } } },
	/* virtio_gpu_probe -> virtio_gpu_init */
	{ "virtio-gpu-pci", 3, 0, 2, { { "control", true }, { "cursor", true } } },
	{ "virtio-vga", 3, 0, 2, { { "control", true }, { "cursor", true } } },
	/* virtio_vsock_probe -> virtio_vsock_vqs_init */
	{ "vhost-vsock-pci", 3, 0, 3, { { "rx", true }, { "tx", true }, { "event", true } } },
};

static const struct fixed_vqs *fixed_of(const struct pci_dev *dev)
{
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!strcmp(fixed[i].qemu_name, dev->drv->qemu_name))
			return &fixed[i];
	return NULL;
}

static int fixed_setup(struct sim *s, struct pci_dev *dev, char *err, size_t errlen)
{
	const struct fixed_vqs *f = fixed_of(dev);
	if (!f) {
		snprintf(err, errlen, "%s: no queue list (irqsim bug)", dev->drv->qemu_name);
		return -1;
	}
	return set_vectors(dev, f->vectors, f->unset_as);
}

static int fixed_probe(struct sim *s, struct pci_dev *dev)
{
	const struct fixed_vqs *f = fixed_of(dev);
	return vp_find_vqs(s, dev, f->nvqs, f->vqs, NULL);
}

static int vhost_vsock_probe(struct sim *s, struct pci_dev *dev)
{
	if (vsock_taken(s, dev))
		return -EBUSY; /* before any virtqueue is set up */
	return fixed_probe(s, dev);
}

/* ------------------------------------------------------------ drivers */

/* in_6_12: Debian's 6.12 config builds the driver in (CONFIG_VIRTIO_CONSOLE=y; 6.1: =m), it probes at boot */
#define VIRTIO_SMALL_DRIVER(var, qemu, cls, kname, in_6_12, setupfn, probefn)                            \
	const struct driver_model var = {                                                                \
		.qemu_name = qemu,                                                                       \
		.props = &cls,                                                                           \
		.kernel_name = kname,                                                                    \
		.is_virtio = true,                                                                       \
		.builtin_6_12 = in_6_12,                                                                 \
		.setup = setupfn,                                                                        \
		.probe = probefn,                                                                        \
		.remove = virtio_driver_remove,                                                          \
		.idle_vectors = virtio_config_vector_idle,                                               \
	}

VIRTIO_SMALL_DRIVER(virtio_balloon_driver, "virtio-balloon-pci", virtio_balloon_devprops, "virtio_balloon", false,
		    virtio_balloon_setup, virtio_balloon_probe);
VIRTIO_SMALL_DRIVER(virtio_rng_driver, "virtio-rng-pci", virtio_rng_devprops, "virtio_rng", false, fixed_setup,
		    fixed_probe);
VIRTIO_SMALL_DRIVER(virtio_serial_driver, "virtio-serial-pci", virtio_serial_devprops, "virtio_console", true,
		    virtio_serial_setup, virtio_serial_probe);
VIRTIO_SMALL_DRIVER(virtio_keyboard_driver, "virtio-keyboard-pci", virtio_keyboard_devprops, "virtio_input", false,
		    fixed_setup, fixed_probe);
VIRTIO_SMALL_DRIVER(virtio_mouse_driver, "virtio-mouse-pci", virtio_mouse_devprops, "virtio_input", false,
		    fixed_setup, fixed_probe);
VIRTIO_SMALL_DRIVER(virtio_tablet_driver, "virtio-tablet-pci", virtio_tablet_devprops, "virtio_input", false,
		    fixed_setup, fixed_probe);
VIRTIO_SMALL_DRIVER(virtio_gpu_driver, "virtio-gpu-pci", virtio_gpu_devprops, "virtio_gpu", false, fixed_setup,
		    fixed_probe);
VIRTIO_SMALL_DRIVER(virtio_vga_driver, "virtio-vga", virtio_vga_devprops, "virtio_gpu", false, fixed_setup,
		    fixed_probe);
VIRTIO_SMALL_DRIVER(vhost_vsock_driver, "vhost-vsock-pci", vhost_vsock_devprops, "vmw_vsock_virtio_transport", false,
		    fixed_setup, vhost_vsock_probe);
