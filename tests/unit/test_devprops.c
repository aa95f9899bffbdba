// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the device property tables (src/drivers/devprops.c): the
 * tables are sound, a device line is checked and typed through them, the
 * converters keep exactly the modelled properties, and the DEVICES section of
 * man/irqsim-scenario.5 is the text generated from the tables.
 *
 * IRQSIM_PRINT_MAN=1 build/tests/test_devprops prints that section, to paste
 * between the BEGIN/END markers of the page after changing a table.
 */
#include "testutil.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/devprops.h"
#include "drivers/driver.h"
#include "drivers/pcieport.h"
#include "kernel/sim.h"
#include "pci/pci.h"
#include "simutil.h"
#include "scenario/scenario.h"

static const struct devprops *resolve_ok(const char *line, struct scenario *scn)
{
	char err[512];
	if (scenario_parse("t.scn", line, strlen(line), scn, err, sizeof(err)))
		fail_msg("parse: %s", err);
	struct devprops *p;
	if (devprops_resolve(&scn->dirs[0].u.device, &p, err, sizeof(err)))
		fail_msg("resolve: %s", err);
	assert_non_null(p);
	return p;
}

static void resolve_err(const char *line, const char *want)
{
	struct scenario scn;
	char err[512];
	if (scenario_parse("t.scn", line, strlen(line), &scn, err, sizeof(err)))
		fail_msg("parse: %s", err);
	struct devprops *p = NULL;
	assert_int_equal(devprops_resolve(&scn.dirs[0].u.device, &p, err, sizeof(err)), -1);
	assert_null(p);
	assert_string_equal(err, want);
	scenario_free(&scn);
}

/* Every class: unique names along the chain, defaults of the right type and in range. */
static void test_tables_sound(void **state)
{
	(void)state;
	for (size_t i = 0; devprop_classes[i]; i++) {
		const struct devprop_class *cls = devprop_classes[i];
		assert_ptr_equal(devprop_class_find(cls->name), cls);
		assert_non_null(cls->doc);
		const struct driver_model *drv = driver_find(cls->name);
		if (drv)
			assert_ptr_equal(drv->props, cls);
		for (const struct devprop_class *c = cls; c; c = c->parent)
			for (size_t k = 0; k < c->nr; k++) {
				const struct devprop *p = &c->props[k];
				for (const struct devprop_class *d = c; d; d = d->parent)
					for (size_t m = d == c ? k + 1 : 0; m < d->nr; m++)
						if (!strcmp(d->props[m].name, p->name))
							fail_msg("%s: '%s' declared twice", cls->name, p->name);
				assert_false(!strcmp(p->name, "id") || !strcmp(p->name, "count"));
				switch (p->type) {
				case DP_INT:
				case DP_SIZE:
					assert_true(p->min <= p->max);
					if (!p->def_doc && (p->def < p->min || p->def > p->max))
						fail_msg("%s.%s: default %lld outside %lld..%lld", cls->name, p->name,
							 p->def, p->min, p->max);
					break;
				case DP_BOOL:
					assert_true(p->def == 0 || p->def == 1);
					break;
				case DP_ENUM: {
					long long n = 0;
					while (p->choices[n])
						n++;
					assert_true(p->def >= 0 && p->def < n);
					break;
				}
				default:
					break;
				}
				/* what the model reads is documented */
				if (p->use != DP_IGNORED && !p->doc)
					fail_msg("%s.%s: no doc", cls->name, p->name);
			}
	}
	/* every device the model knows has a table */
	assert_null(devprop_class_find("e1000"));
}

static void test_resolve_typed(void **state)
{
	(void)state;
	struct scenario scn;
	const struct devprops *p =
		resolve_ok("device virtio-blk-pci,num-queues=0x10,multifunction,intx=no,serial=abc,addr=1f.7\n", &scn);
	const struct devprop_value *v = devprops_given(p, "num-queues");
	assert_non_null(v);
	assert_int_equal(v->n, 16);
	assert_int_equal(v->pos.line, 1);
	assert_int_equal(v->pos.col, 23);
	/* by the table entry itself, as a driver reads its own */
	assert_ptr_equal(devprops_given_entry(p, v->prop), v);
	assert_int_equal(devprops_entry_value(p, v->prop), 16);
	assert_null(devprops_given_entry(NULL, v->prop));
	assert_int_equal(devprops_entry_value(NULL, devprops_given(p, "intx")->prop), 1); /* the default */
	assert_int_equal(devprops_given(p, "multifunction")->n, 1); /* a bare name is on */
	assert_int_equal(devprops_given(p, "intx")->n, 0);
	assert_string_equal(devprops_given(p, "serial")->s, "abc");
	assert_int_equal(devprops_given(p, "addr")->n, 0x1f << 3 | 7);
	assert_null(devprops_given(p, "vectors"));
	assert_null(devprops_given(NULL, "vectors"));
	/* the placement properties, read once for every copy the line adds */
	assert_ptr_equal(p->pci.addr, devprops_given(p, "addr"));
	assert_null(p->pci.bus);
	assert_true(p->pci.multifunction);
	assert_false(p->pci.intx);
	devprops_free((struct devprops *)p);
	scenario_free(&scn);
	p = resolve_ok("device virtio-blk-pci,bus=br3\n", &scn);
	assert_ptr_equal(p->pci.bus, devprops_given(p, "bus"));
	assert_false(p->pci.root_bus);
	assert_null(p->pci.addr);
	assert_false(p->pci.multifunction); /* the defaults */
	assert_true(p->pci.intx);
	devprops_free((struct devprops *)p);
	scenario_free(&scn);
	p = resolve_ok("device nvme,bus=pcie.0\n", &scn);
	assert_true(p->pci.root_bus);
	devprops_free((struct devprops *)p);
	scenario_free(&scn);

	/* the devices without a driver model have tables too */
	p = resolve_ok("device intel-iommu,intremap=on,caching-mode=off\n", &scn);
	assert_int_equal(devprops_given(p, "intremap")->n, 0); /* OnOffAuto: on is the first value */
	assert_true(p->pci.intx); /* no pci-device properties: the defaults */
	devprops_free((struct devprops *)p);
	scenario_free(&scn);
	p = resolve_ok("device pci-bridge,id=b,chassis_nr=3,shpc=on\n", &scn);
	devprops_free((struct devprops *)p);
	scenario_free(&scn);

	/* a device irqsim does not model: no table, the caller refuses it */
	char err[64];
	struct devprops *none = (struct devprops *)1;
	assert_int_equal(scenario_parse("t.scn", "device e1000,x=1\n", 17, &scn, err, sizeof(err)), 0);
	assert_int_equal(devprops_resolve(&scn.dirs[0].u.device, &none, err, sizeof(err)), 0);
	assert_null(none);
	scenario_free(&scn);
}

static void test_resolve_errors(void **state)
{
	(void)state;
	resolve_err("device virtio-blk-pci,num-queue=4\n",
		    "1:23: device 'virtio-blk-pci' has no property 'num-queue' (did you mean 'num-queues'?)");
	/* virtio-scsi's spelling on virtio-blk, and the other way round */
	resolve_err("device virtio-blk-pci,num_queues=4\n",
		    "1:23: device 'virtio-blk-pci' has no property 'num_queues' (did you mean 'num-queues'?)");
	resolve_err("device virtio-scsi-pci,num-queues=4\n",
		    "1:24: device 'virtio-scsi-pci' has no property 'num-queues' (did you mean 'num_queues'?)");
	resolve_err("device virtio-net-pci,vector=4\n",
		    "1:23: device 'virtio-net-pci' has no property 'vector' (did you mean 'vectors'?)");
	/* nothing close: no guess */
	resolve_err("device nvme,q=4\n",
		    "1:13: device 'nvme' has no property 'q' (irqsim-scenario(5) lists its properties)");
	/* a property of another device */
	resolve_err("device mpt3sas,vectors=4\n",
		    "1:16: device 'mpt3sas' has no property 'vectors' (irqsim-scenario(5) lists its properties)");
	resolve_err("device intel-iommu,bus=pci.0\n",
		    "1:20: device 'intel-iommu' has no property 'bus' (irqsim-scenario(5) lists its properties)");
	/* types and ranges */
	resolve_err("device virtio-blk-pci,num-queues=1025\n", "1:23: num-queues expects a number from 1 to 1024, got '1025'");
	resolve_err("device virtio-blk-pci,num-queues=\n", "1:23: num-queues expects a number from 1 to 1024, got ''");
	resolve_err("device virtio-blk-pci,num-queues=+4\n", "1:23: num-queues expects a number from 1 to 1024, got '+4'");
	resolve_err("device virtio-blk-pci,num-queues=4k\n", "1:23: num-queues expects a number from 1 to 1024, got '4k'");
	resolve_err("device virtio-blk-pci,num-queues=99999999999999999999\n",
		    "1:23: num-queues expects a number from 1 to 1024, got '99999999999999999999'");
	resolve_err("device virtio-blk-pci,bootindex=-2147483649\n",
		    "1:23: bootindex expects a number from -2147483648 to 2147483647, got '-2147483649'");
	resolve_err("device virtio-scsi-pci,num_queues=1023\n", "1:24: num_queues expects a number from 1 to 1022, got '1023'");
	resolve_err("device virtio-net-pci,mq=2\n", "1:23: mq expects 'on' or 'off', got '2'");
	resolve_err("device virtio-net-pci,disable-legacy=maybe\n",
		    "1:23: disable-legacy expects 'on', 'off' or 'auto', got 'maybe'");
	resolve_err("device nvme,addr=1.8\n", "1:13: bad PCI address '1.8' (expected SLOT[.FN] in hex)");
	resolve_err("device nvme,addr=.1\n", "1:13: bad PCI address '.1' (expected SLOT[.FN] in hex)");
	resolve_err("device nvme,bus=\n", "1:13: bus expects the id of a bridge, got nothing");
}

static void test_converters_keep_modelled(void **state)
{
	(void)state;
	assert_true(devprop_modelled("virtio-blk-pci", "num-queues"));
	assert_true(devprop_modelled("virtio-blk-pci", "bus"));
	assert_true(devprop_modelled("virtio-scsi-pci", "num_queues"));
	assert_false(devprop_modelled("virtio-scsi-pci", "num-queues"));
	assert_false(devprop_modelled("virtio-blk-pci", "drive"));            /* QEMU's, ignored */
	assert_false(devprop_modelled("virtio-blk-pci", "managed-affinity")); /* irqsim's */
	assert_false(devprop_modelled("virtio-net-pci", "queues"));           /* irqsim's: from -netdev */
	assert_true(devprop_modelled("intel-iommu", "intremap"));
	assert_false(devprop_modelled("e1000", "bus"));
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(devprop_edit_distance("num-queue", "num-queues"), 1);
	assert_int_equal(devprop_edit_distance("", "abc"), 3);
	assert_int_equal(devprop_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(devprop_edit_distance("same", "same"), 0);
}

/* ------------------------------------------------------------- manual */

static void put_prop(FILE *f, const struct devprop *p)
{
	switch (p->type) {
	case DP_BOOL:
		fprintf(f, ".BR %s= on | off\n", p->name);
		break;
	case DP_INT:
		fprintf(f, ".BI %s= N\n", p->name);
		break;
	case DP_ENUM:
		fprintf(f, ".B %s=", p->name);
		for (size_t i = 0; p->choices[i]; i++)
			fprintf(f, "%s%s", i ? "|" : "", p->choices[i]);
		fputc('\n', f);
		break;
	case DP_BUS:
		fprintf(f, ".BI %s= ID\n", p->name);
		break;
	case DP_ADDR:
		fprintf(f, ".BI %s= SLOT\\fR[\\fP. FN\\fR]\\fP\n", p->name);
		break;
	case DP_STR:
		fprintf(f, ".BI %s= TEXT\n", p->name);
		break;
	case DP_SIZE:
		fprintf(f, ".BI %s= SIZE\n", p->name);
		break;
	}
	fprintf(f, "%s%s", p->use == DP_IRQSIM ? "(irqsim's) " : "", p->doc);
	if (p->type == DP_INT || p->type == DP_SIZE)
		fprintf(f, "; from %lld to %lld", p->min, p->max);
	if (p->def_doc)
		fprintf(f, "; default: %s", p->def_doc);
	else if (p->type == DP_INT || p->type == DP_SIZE)
		fprintf(f, "; default: %lld", p->def);
	else if (p->type == DP_BOOL)
		fprintf(f, "; default: %s", p->def ? "on" : "off");
	else if (p->type == DP_ENUM)
		fprintf(f, "; default: %s", p->choices[p->def]);
	fputs(".\n", f);
}

static void put_class(FILE *f, const struct devprop_class *c, const char *title)
{
	fprintf(f, ".SS \"%s\"\n%s\n", title, c->doc);
	size_t ign = 0;
	for (size_t i = 0; i < c->nr; i++) {
		if (c->props[i].use == DP_IGNORED) {
			ign++;
			continue;
		}
		fputs(".TP\n", f);
		put_prop(f, &c->props[i]);
	}
	if (ign) {
		fputs(".PP\nAccepted, checked by type and range as QEMU does, and not modelled:\n", f);
		size_t k = 0;
		for (size_t i = 0; i < c->nr; i++)
			if (c->props[i].use == DP_IGNORED)
				fprintf(f, ".BR %s%s\n", c->props[i].name, ++k < ign ? " ," : " .");
	}
	if (c->parent)
		fprintf(f, ".PP\nAnd the properties of %s.\n",
			c->parent == &devprop_virtio_pci ? "every virtio device" : "every PCI device");
}

/* The DEVICES section's generated part: malloc'd text. */
static char *man_section(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	put_class(f, &devprop_pci_device, "Every PCI device");
	put_class(f, &devprop_virtio_pci, "Every virtio device");
	for (size_t i = 0; devprop_classes[i]; i++)
		put_class(f, devprop_classes[i], devprop_classes[i]->name);
	assert_int_equal(fclose(f), 0);
	return buf;
}

#define MAN_PAGE "man/irqsim-scenario.5"
#define MAN_BEGIN ".\\\" BEGIN device properties, generated from the tables: see tests/unit/test_devprops.c\n"
#define MAN_END ".\\\" END device properties\n"

static void test_manual_matches_tables(void **state)
{
	(void)state;
	FILE *f = fopen(MAN_PAGE, "r");
	if (!f)
		fail_msg("%s: cannot open (run from the top of the tree)", MAN_PAGE);
	char *page = NULL;
	size_t cap = 0, len = 0;
	int ch;
	while ((ch = fgetc(f)) != EOF) {
		if (len + 1 >= cap) {
			cap = cap ? 2 * cap : 65536;
			page = realloc(page, cap);
			assert_non_null(page);
		}
		page[len++] = (char)ch;
	}
	fclose(f);
	assert_non_null(page);
	page[len] = '\0';
	const char *b = strstr(page, MAN_BEGIN), *e = strstr(page, MAN_END);
	if (!b || !e || e < b)
		fail_msg("%s: no generated device section (markers)", MAN_PAGE);
	b += strlen(MAN_BEGIN);
	char *want = man_section();
	if (strlen(want) != (size_t)(e - b) || strncmp(want, b, (size_t)(e - b)))
		fail_msg("%s: the device properties differ from the tables; regenerate with "
			 "IRQSIM_PRINT_MAN=1 build/tests/test_devprops", MAN_PAGE);
	free(want);
	free(page);
}

/* ------------------------------------------------- QEMU 7.2's own lists */

/*
 * tests/qdev/qemu-7.2/NAME.txt is the raw output of QEMU 7.2's
 * "-device NAME,help" (tests/qdev/refresh writes it).  Every class must agree
 * with it both ways: each QEMU property of the table exists in QEMU with a
 * matching type, range and default, and each property QEMU lets a command
 * line set is in the table (else a valid QEMU line would be refused).
 */
#define QDEV_DIR "tests/qdev/qemu-7.2/"

/* Classes of devices QEMU cannot emulate: no fixture. */
static const char *const synthetic[] = { "mpt3sas", "i40e", "pci-generic" };

/*
 * Properties "-device NAME,help" lists that a command line cannot set (QOM
 * properties with a getter only): QEMU refuses them ("... is not writable"),
 * so no table has them.  Each is probed in realize-limits.txt, which must
 * show that refusal.
 */
static const struct {
	const char *dev, *prop;
} read_only[] = {
	{ "virtio-balloon-pci", "guest-stats" }, /* the guest's statistics, for QMP qom-get */
	/* whether a USB device is attached to its port (hw/usb/bus.c usb_get_attached) */
	{ "usb-tablet", "attached" },
	{ "usb-kbd", "attached" },
	{ "usb-mouse", "attached" },
	{ "usb-storage", "attached" },
};

static bool is_read_only(const char *dev, const char *prop)
{
	for (size_t i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++)
		if (!strcmp(read_only[i].dev, dev) && !strcmp(read_only[i].prop, prop))
			return true;
	return false;
}

struct qprop {
	char name[64];
	char type[64];
	char def[64];   /* "" when QEMU prints no default */
	bool has_def;
};

/*
 * Devices QEMU 7.2 cannot realize on the recording host, and the message of
 * that failure: vhost-vsock-pci checks guest-cid, then opens /dev/vhost-vsock
 * (the host's vhost_vsock module, absent there).  A probe refused with that
 * message got past the property checks, but whether the rest of realize
 * (the MSI-X table, for one) takes the value is unknown: not conclusive
 * either way.  Any other refusal of these devices counts as usual.
 */
static const struct {
	const char *dev, *msg;
} host_lacks[] = {
	{ "vhost-vsock-pci", "failed to open vhost device" },
};

static bool host_cannot_realize(const char *dev, const char *record)
{
	size_t len = strcspn(record, "\n");
	for (size_t i = 0; i < sizeof(host_lacks) / sizeof(host_lacks[0]); i++) {
		const char *m = strstr(record, host_lacks[i].msg);
		if (!strcmp(host_lacks[i].dev, dev) && m && m < record + len)
			return true;
	}
	return false;
}

/* Parse "  name=<type>  - text (default: X)"; false for other lines. */
static bool parse_qprop(const char *line, struct qprop *q)
{
	memset(q, 0, sizeof(*q));
	if (strncmp(line, "  ", 2))
		return false;
	line += 2;
	const char *eq = strchr(line, '=');
	if (!eq || eq[1] != '<' || (size_t)(eq - line) >= sizeof(q->name))
		return false;
	memcpy(q->name, line, (size_t)(eq - line));
	const char *t = eq + 2, *te = strstr(t, ">");
	/* link<iothread>, child<...>: the type ends at the last '>' before blanks */
	const char *sp = strpbrk(t, " \n");
	const char *last = te;
	for (const char *x = te; x && (!sp || x < sp); x = strchr(x + 1, '>'))
		last = x;
	if (!last || (size_t)(last - t) >= sizeof(q->type))
		return false;
	memcpy(q->type, t, (size_t)(last - t));
	const char *d = strstr(last, "(default: ");
	if (d) {
		d += strlen("(default: ");
		const char *de = strrchr(d, ')');
		if (!de || (size_t)(de - d) >= sizeof(q->def))
			return false;
		memcpy(q->def, d, (size_t)(de - d));
		/* enum defaults are quoted */
		size_t n = strlen(q->def);
		if (n >= 2 && q->def[0] == '"' && q->def[n - 1] == '"') {
			memmove(q->def, q->def + 1, n - 2);
			q->def[n - 2] = '\0';
		}
		q->has_def = true;
	}
	return true;
}

/* The fixture of a device: its properties; NULL when there is none. */
static struct qprop *load_fixture(const char *device, size_t *nr)
{
	char path[256];
	snprintf(path, sizeof(path), QDEV_DIR "%s.txt", device);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct qprop *v = NULL;
	size_t n = 0, cap = 0;
	char line[512];
	bool version = false;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "# QEMU emulator version 7.2.", 28))
			version = true;
		struct qprop q;
		if (!parse_qprop(line, &q)) {
			/* every property line is indented: one the parser misses would hide a property */
			if (!strncmp(line, "  ", 2))
				fail_msg("%s: cannot parse '%s'", path, line);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(v, cap * sizeof(*v));
			assert_non_null(v);
		}
		v[n++] = q;
	}
	fclose(f);
	if (!version)
		fail_msg("%s: no QEMU 7.2 version header", path);
	/* virtconsole has 3 */
	if (n < 3)
		fail_msg("%s: only %zu properties parsed", path, n);
	*nr = n;
	return v;
}

/* The inclusive range of a QEMU integer type; false for a type that is not one. */
static bool int_range(const char *type, long long *lo, unsigned long long *hi)
{
	static const struct {
		const char *t;
		long long lo;
		unsigned long long hi;
	} r[] = {
		{ "uint8", 0, 0xff },          { "uint16", 0, 0xffff }, { "uint32", 0, 0xffffffffULL },
		{ "int32", -0x80000000LL, 0x7fffffff }, { "uint64", 0, ~0ULL }, { "size", 0, ~0ULL },
		/* a QOM property of type "int" (the balloon's guest-stats-polling-interval): an int64 */
		{ "int", LLONG_MIN, LLONG_MAX },
	};
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (!strcmp(type, r[i].t)) {
			*lo = r[i].lo;
			*hi = r[i].hi;
			return true;
		}
	return false;
}

/* QEMU's enum types and their values, as "-device ...,help" names them */
static const struct {
	const char *type;
	const char *values;
} qenums[] = {
	{ "OnOffAuto", "on/off/auto" },
	{ "BlockdevOnError", "report/ignore/enospc/stop/auto" },
	{ "PCIELinkSpeed", "2_5/5/8/16" },
	{ "PCIELinkWidth", "1/2/4/8/12/16/32" },
};

static int drift(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int drift(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* 0 when the entry agrees with QEMU's, else -1 with the difference in err */
static int check_prop(const char *dev, const struct devprop *p, const struct qprop *q, char *err, size_t errlen)
{
	long long lo;
	unsigned long long hi;
	if (!strcmp(q->type, "bool")) {
		if (p->type != DP_BOOL)
			return drift(err, errlen, "%s.%s: QEMU's is a bool", dev, p->name);
		if (q->has_def && !p->def_doc && p->def != !strcmp(q->def, "true"))
			return drift(err, errlen, "%s.%s: QEMU's default is %s", dev, p->name, q->def);
	} else if (!strcmp(p->name, "addr")) {
		if (p->type != DP_ADDR || strcmp(q->type, "int32"))
			return drift(err, errlen, "%s.addr: QEMU's is a PCI address (int32)", dev);
	} else if (int_range(q->type, &lo, &hi)) {
		bool size = !strcmp(q->type, "size");
		if (p->type != (size ? DP_SIZE : DP_INT))
			return drift(err, errlen, "%s.%s: QEMU's is a%s %s", dev, p->name, size ? "" : "n integer", q->type);
		/* the table may narrow the type's range to what realize accepts (the
		 * reason is in the driver's table), never widen it */
		if (p->min < lo || (unsigned long long)p->max > hi)
			return drift(err, errlen, "%s.%s: %lld..%lld is outside QEMU's %s", dev, p->name, p->min, p->max, q->type);
		if (q->has_def) {
			unsigned long long qd = strtoull(q->def, NULL, 10);
			long long qs = strtoll(q->def, NULL, 10);
			bool unset = qd == hi; /* the type's maximum: "not given", realize computes it */
			/* a default outside the range realize accepts: QEMU needs the property on the line
			 * (vhost-vsock-pci's guest-cid 0), the table says so in words */
			bool refused = lo < 0 ? qs < p->min || qs > p->max
					      : qd < (unsigned long long)p->min || qd > (unsigned long long)p->max;
			if (p->def_doc) {
				if (!unset && !refused)
					return drift(err, errlen, "%s.%s: QEMU's default is %s, the table says '%s'", dev, p->name, q->def,
						 p->def_doc);
			} else if (lo < 0 ? qs != p->def : qd != (unsigned long long)p->def) {
				return drift(err, errlen, "%s.%s: QEMU's default is %s, the table's %lld", dev, p->name, q->def, p->def);
			}
		}
	} else if (!strcmp(q->type, "str") || !strncmp(q->type, "link<", 5)) {
		if (p->type != DP_STR && !(p->type == DP_BUS && !strcmp(p->name, "bus")))
			return drift(err, errlen, "%s.%s: QEMU's is a %s", dev, p->name, q->type);
	} else {
		size_t k = 0;
		while (k < sizeof(qenums) / sizeof(qenums[0]) && strcmp(qenums[k].type, q->type))
			k++;
		if (k == sizeof(qenums) / sizeof(qenums[0]))
			return drift(err, errlen, "%s.%s: QEMU type %s unknown to this test", dev, p->name, q->type);
		if (p->type != DP_ENUM)
			return drift(err, errlen, "%s.%s: QEMU's is an enum (%s)", dev, p->name, q->type);
		char have[128] = "";
		for (size_t i = 0; p->choices[i]; i++)
			snprintf(have + strlen(have), sizeof(have) - strlen(have), "%s%s", i ? "/" : "", p->choices[i]);
		if (strcmp(have, qenums[k].values))
			return drift(err, errlen, "%s.%s: values %s, QEMU's %s", dev, p->name, have, qenums[k].values);
		if (q->has_def && strcmp(p->choices[p->def], q->def))
			return drift(err, errlen, "%s.%s: QEMU's default is %s, the table's %s", dev, p->name, q->def, p->choices[p->def]);
	}
	return 0;
}

/* The number of disagreements, each printed. */
static unsigned cross_check(const struct devprop_class *cls, const char *device)
{
	unsigned bad = 0;
	size_t nq = 0;
	struct qprop *q = load_fixture(device, &nq);
	if (!q)
	{
		print_error("%s: no fixture " QDEV_DIR "%s.txt (add the device to tests/qdev/refresh and run it, or "
			    "list it as synthetic here)\n", cls->name, device);
		return 1;
	}
	/* table -> QEMU */
	for (const struct devprop_class *c = cls; c; c = c->parent)
		for (size_t k = 0; k < c->nr; k++) {
			const struct devprop *p = &c->props[k];
			const struct qprop *m = NULL;
			for (size_t i = 0; i < nq && !m; i++)
				if (!strcmp(q[i].name, p->name))
					m = &q[i];
			if (p->use == DP_IRQSIM) {
				if (m) {
					print_error("%s.%s: marked irqsim's, but QEMU has it\n", cls->name, p->name);
					bad++;
				}
				continue;
			}
			if (!strcmp(p->name, "bus"))
				continue; /* qdev's own, not a class property: "-device ...,help" never lists it */
			char err[256];
			if (!m) {
				print_error("%s.%s: QEMU 7.2 has no such property\n", device, p->name);
				bad++;
			} else if (check_prop(device, p, m, err, sizeof(err))) {
				print_error("%s (" QDEV_DIR "%s.txt)\n", err, device);
				bad++;
			}
		}
	/* QEMU -> table: what a command line may set (child<> are QEMU's inner objects) */
	for (size_t i = 0; i < nq; i++) {
		if (!strncmp(q[i].type, "child<", 6) || is_read_only(device, q[i].name))
			continue;
		bool found = false;
		for (const struct devprop_class *c = cls; c && !found; c = c->parent)
			for (size_t k = 0; k < c->nr && !found; k++)
				found = !strcmp(c->props[k].name, q[i].name);
		if (!found) {
			print_error("%s: QEMU 7.2's property '%s' (%s) is not in the table\n", device, q[i].name,
				    q[i].type);
			bad++;
		}
	}
	free(q);
	return bad;
}

static void test_tables_match_qemu(void **state)
{
	(void)state;
	size_t checked = 0;
	unsigned bad = 0;
	for (size_t i = 0; devprop_classes[i]; i++) {
		const struct devprop_class *cls = devprop_classes[i];
		bool synth = false;
		for (size_t k = 0; k < sizeof(synthetic) / sizeof(synthetic[0]); k++)
			synth |= !strcmp(cls->name, synthetic[k]);
		if (synth)
			continue;
		bad += cross_check(cls, cls->name);
		checked++;
	}
	assert_true(checked >= 7);
	if (bad)
		fail_msg("%u properties disagree with QEMU 7.2", bad);
}

/* The checker itself: a drifted entry fails it (run as a forked child so the failure can be seen). */
static void test_cross_check_catches_drift(void **state)
{
	(void)state;
	struct qprop q;
	assert_true(parse_qprop("  num-queues=<uint16>    -  (default: 65535)\n", &q));
	assert_string_equal(q.name, "num-queues");
	assert_string_equal(q.type, "uint16");
	assert_string_equal(q.def, "65535");
	assert_true(parse_qprop("  eim=<OnOffAuto>        - on/off/auto (default: \"auto\")\n", &q));
	assert_string_equal(q.def, "auto");
	assert_true(parse_qprop("  iothread=<link<iothread>>\n", &q));
	assert_string_equal(q.type, "link<iothread>");
	assert_false(q.has_def);
	assert_false(parse_qprop("nvme options:\n", &q));
	assert_false(parse_qprop("# command: x\n", &q));

	/* drifted entries are caught: default, type, range, enum values */
	char err[256];
	struct qprop mq;
	assert_true(parse_qprop("  max_ioqpairs=<uint32>  -  (default: 64)\n", &mq));
	const struct devprop ok = DP_IGN_INT("max_ioqpairs", 1, 65535, 64);
	assert_int_equal(check_prop("nvme", &ok, &mq, err, sizeof(err)), 0);
	const struct devprop bad_def = DP_IGN_INT("max_ioqpairs", 1, 65535, 63);
	assert_int_equal(check_prop("nvme", &bad_def, &mq, err, sizeof(err)), -1);
	assert_string_equal(err, "nvme.max_ioqpairs: QEMU's default is 64, the table's 63");
	const struct devprop wide = DP_IGN_INT("max_ioqpairs", 0, 0x100000000LL, 64);
	assert_int_equal(check_prop("nvme", &wide, &mq, err, sizeof(err)), -1);
	const struct devprop as_bool = DP_IGN_BOOL("max_ioqpairs", 0);
	assert_int_equal(check_prop("nvme", &as_bool, &mq, err, sizeof(err)), -1);
	struct qprop ir;
	assert_true(parse_qprop("  intremap=<OnOffAuto>   - on/off/auto (default: \"auto\")\n", &ir));
	static const char *const on_off[] = { "on", "off", NULL };
	const struct devprop two = DP_IGN_ENUM("intremap", on_off, 1);
	assert_int_equal(check_prop("intel-iommu", &two, &ir, err, sizeof(err)), -1);
	assert_string_equal(err, "intel-iommu.intremap: values on/off, QEMU's on/off/auto");
	const struct devprop off = DP_IGN_ENUM("intremap", devprop_on_off_auto, 1);
	assert_int_equal(check_prop("intel-iommu", &off, &ir, err, sizeof(err)), -1);
	const struct devprop autod = DP_IGN_ENUM("intremap", devprop_on_off_auto, 2);
	assert_int_equal(check_prop("intel-iommu", &autod, &ir, err, sizeof(err)), 0);

	/* a default in words: QEMU's "unset" (the type's maximum), or a default realize refuses */
	struct qprop cid;
	assert_true(parse_qprop("  guest-cid=<uint64>     -  (default: 0)\n", &cid));
	const struct devprop needed = { .name = "guest-cid", .type = DP_INT, .use = DP_IGNORED, .min = 3,
					.max = 0xffffffffLL, .def_doc = "0, refused" };
	assert_int_equal(check_prop("vhost-vsock-pci", &needed, &cid, err, sizeof(err)), 0);
	const struct devprop taken = { .name = "guest-cid", .type = DP_INT, .use = DP_IGNORED, .min = 0,
				       .max = 0xffffffffLL, .def_doc = "3" };
	assert_int_equal(check_prop("vhost-vsock-pci", &taken, &cid, err, sizeof(err)), -1);
	assert_string_equal(err, "vhost-vsock-pci.guest-cid: QEMU's default is 0, the table says '3'");

	/* a realize probe is not conclusive only for a listed device refused with its message */
	const char *lacks = "refused: vhost-vsock: failed to open vhost device: No such file or directory (exit 1)\n";
	assert_true(host_cannot_realize("vhost-vsock-pci", lacks));
	assert_false(host_cannot_realize("virtio-rng-pci", lacks));
	assert_false(host_cannot_realize("vhost-vsock-pci", "refused: guest-cid property must be greater than 2 (exit 1)\n"
							  "x failed to open vhost device\n"));
}

/* ------------------------------------- what QEMU 7.2 makes of the values */

/* Defaults QEMU computes at realize, and values it takes but bends (each checked against QEMU 7.2 by hand). */
static void test_qemu_realize_semantics(void **state)
{
	(void)state;
	/* virtio-net-pci: vectors is 2 x queue pairs + 2, 4 without a multiqueue netdev ("info qtree": vectors = 4);
	 * virtio-blk/scsi: num-queues follows the boot vCPUs, not maxcpus ("-smp 2,maxcpus=8": 2 and 2) */
	struct sim *s = run_text("machine q35\nsmp 2,maxcpus=8\ndevice virtio-net-pci,id=n\ndevice virtio-blk-pci,id=b\n"
				 "device virtio-scsi-pci,id=c\ndevice virtio-blk-pci,id=big,vectors=2049\n"
				 "device virtio-blk-pci,id=max,vectors=2048,logical_block_size=4k,physical_block_size=0x1000\n"
				 "boot\n", "6.1");
	assert_int_equal(pci_find_by_id(s, "n")->msix_table_size, 4);
	assert_int_equal(pci_find_by_id(s, "b")->msix_table_size, 3);
	assert_int_equal(pci_find_by_id(s, "c")->msix_table_size, 5);
	/* more than 2048: QEMU warns "unable to init msix vectors" and the device has no MSI-X */
	struct pci_dev *big = pci_find_by_id(s, "big");
	assert_false(big->has_msix);
	assert_string_equal(device_irq_mode_name(device_irq_mode(big)), "intx");
	assert_int_equal(pci_find_by_id(s, "max")->msix_table_size, 2048);
	irqsim_free(s);

	/* virtio-rng-pci: vectors shows 4294967295, "unset", which realize makes 2, given or not; the other
	 * small virtio devices have a plain default; above 2048 none has MSI-X ("info qtree": 2, 2, and 0
	 * after "unable to init msix vectors to 2049") */
	s = run_text("machine q35\nsmp 2\ndevice virtio-rng-pci,id=r\ndevice virtio-rng-pci,id=u,vectors=4294967295\n"
		     "device virtio-rng-pci,id=big,vectors=2049\ndevice virtio-tablet-pci,id=t,vectors=4294967295\n"
		     "device virtio-gpu-pci,id=g,vectors=2048\ndevice virtio-serial-pci,id=c\nboot\n", "6.1");
	assert_int_equal(pci_find_by_id(s, "r")->msix_table_size, 2);
	assert_int_equal(pci_find_by_id(s, "u")->msix_table_size, 2);
	assert_false(pci_find_by_id(s, "big")->has_msix);
	assert_string_equal(device_irq_mode_name(device_irq_mode(pci_find_by_id(s, "big"))), "intx");
	assert_false(pci_find_by_id(s, "t")->has_msix);
	assert_int_equal(pci_find_by_id(s, "g")->msix_table_size, 2048);
	assert_int_equal(pci_find_by_id(s, "c")->msix_table_size, 2);
	irqsim_free(s);

	/* intel-iommu: intremap's default, auto, is on under TCG ("info qtree": intremap = "on") */
	s = run_text("machine q35\nsmp 2\ndevice intel-iommu\nboot\n", "6.1");
	assert_true(s->irq_remapping);
	irqsim_free(s);
	s = run_text("machine q35\nsmp 2\ndevice intel-iommu,intremap=off,x-buggy-eim=on\nboot\n", "6.1");
	assert_false(s->irq_remapping);
	irqsim_free(s);

	/* pcie-root-port hotplug=off: no Hot-Plug Capable slot, so no pciehp on its vector */
	s = run_text("machine q35 pcie-hotplug=native\nsmp 2\ndevice pcie-root-port,id=off,hotplug=off\n"
		     "device pcie-root-port,id=nat,x-native-hotplug=off\ndevice pcie-root-port,id=on\nboot\n", "6.1");
	assert_false(pcieport_has_pciehp(pci_find_by_id(s, "off")));
	assert_false(pcieport_has_pciehp(pci_find_by_id(s, "nat")));
	assert_true(pcieport_has_pciehp(pci_find_by_id(s, "on")));
	irqsim_free(s);

	/* nvme: max_ioqpairs up to 65535, and num_queues up to 65536 (max_ioqpairs = num_queues - 1) */
	s = run_text("smp 2\ndevice nvme,max_ioqpairs=65535\ndevice nvme,num_queues=65536\nboot\n", "6.1");
	irqsim_free(s);
}

/* QEMU's size type: suffixes count 1024s, a fraction needs one (each case tried on QEMU 7.2's mem-reserve) */
static void test_size_values(void **state)
{
	(void)state;
	static const struct {
		const char *v;
		long long want; /* -1: refused */
	} t[] = {
		{ "512", 512 }, { "4k", 4096 }, { "4K", 4096 }, { "2M", 2097152 }, { "1.5k", 1536 }, { "0x200", 512 },
		{ "0", 0 }, { "512B", 512 }, { "2097153", -1 }, { "1.5", -1 }, { "4x", -1 }, { "k", -1 }, { "-1", -1 },
		{ "+4", -1 }, { "4kk", -1 }, { "0x", -1 }, { "1.k", 1024 }, { "1.0", 1 }, { "1.", 1 }, { "0x1k", 1024 },
		{ "1.5b", -1 }, { ".5k", -1 }, { "1e3", -1 }, { "4k.", -1 }, { "99999999999999999999E", -1 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char line[128];
		snprintf(line, sizeof(line), "device virtio-blk-pci,logical_block_size=%s\n", t[i].v);
		struct scenario scn;
		char err[512];
		if (scenario_parse("t.scn", line, strlen(line), &scn, err, sizeof(err)))
			fail_msg("parse: %s", err);
		struct devprops *p = NULL;
		int rc = devprops_resolve(&scn.dirs[0].u.device, &p, err, sizeof(err));
		if (t[i].want < 0) {
			if (rc != -1)
				fail_msg("'%s' accepted", t[i].v);
			assert_string_equal(strstr(err, "logical_block_size expects a size from 0 to 2097152 bytes")
						    ? "ok" : err, "ok");
		} else {
			if (rc)
				fail_msg("'%s': %s", t[i].v, err);
			assert_int_equal(devprops_given(p, "logical_block_size")->n, t[i].want);
		}
		devprops_free(p);
		scenario_free(&scn);
	}
}

/* ------------------------------------------- ranges narrowed by realize */

/*
 * Where a table narrows QEMU's type range (nvme max_ioqpairs 1..65535 in a
 * uint32), the bounds are what QEMU 7.2's realize accepts.  The probes are
 * the bounds and one past each (inside the type); tests/qdev/refresh gets
 * them from IRQSIM_PRINT_PROBES=1 build/tests/test_devprops, runs QEMU on
 * each and records "DEVICE PROP VALUE accepted" or "... refused: MESSAGE"
 * in realize-limits.txt, which this test reads.
 */
#define LIMITS QDEV_DIR "realize-limits.txt"

struct probe {
	const char *dev, *prop;
	const struct devprop *p; /* NULL for a read-only property */
	long long v;
	bool accept;
};

/* Call fn on each probe of every class with a fixture; the number of probes. */
static size_t for_each_probe(void (*fn)(const struct probe *, void *), void *arg)
{
	size_t n = 0;
	for (size_t i = 0; devprop_classes[i]; i++) {
		const struct devprop_class *cls = devprop_classes[i];
		size_t nq = 0;
		struct qprop *q = load_fixture(cls->name, &nq);
		if (!q)
			continue;
		for (const struct devprop_class *c = cls; c; c = c->parent)
			for (size_t k = 0; k < c->nr; k++) {
				const struct devprop *p = &c->props[k];
				if (p->type != DP_INT && p->type != DP_SIZE)
					continue;
				long long lo;
				unsigned long long hi;
				const struct qprop *m = NULL;
				for (size_t j = 0; j < nq && !m; j++)
					if (!strcmp(q[j].name, p->name))
						m = &q[j];
				if (!m || !int_range(m->type, &lo, &hi))
					continue;
				struct probe pr = { .dev = cls->name, .prop = p->name, .p = p };
				if (p->min > lo) {
					pr.v = p->min - 1, pr.accept = false, fn(&pr, arg), n++;
					pr.v = p->min, pr.accept = true, fn(&pr, arg), n++;
				}
				/* LLONG_MAX stands for the size type's 2^64-1, which a long long cannot hold */
				if ((unsigned long long)p->max < hi && p->max != LLONG_MAX) {
					pr.v = p->max, pr.accept = true, fn(&pr, arg), n++;
					pr.v = p->max + 1, pr.accept = false, fn(&pr, arg), n++;
				}
			}
		free(q);
	}
	for (size_t i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++) {
		struct probe pr = { .dev = read_only[i].dev, .prop = read_only[i].prop, .v = 0, .accept = false };
		fn(&pr, arg), n++;
	}
	return n;
}

static void print_probe(const struct probe *pr, void *arg)
{
	(void)arg;
	printf("%s %s %lld\n", pr->dev, pr->prop, pr->v);
}

struct limits {
	char *text;
	unsigned bad, inconclusive;
};

static void check_probe(const struct probe *pr, void *arg)
{
	struct limits *l = arg;
	char key[200];
	snprintf(key, sizeof(key), "\n%s %s %lld ", pr->dev, pr->prop, pr->v);
	const char *at = strstr(l->text, key);
	if (!at) {
		print_error("%s: no probe '%s %s %lld' (run tests/qdev/refresh)\n", LIMITS, pr->dev, pr->prop, pr->v);
		l->bad++;
		return;
	}
	at += strlen(key);
	bool accepted = !strncmp(at, "accepted", 8);
	if (!accepted && strncmp(at, "refused", 7)) {
		print_error("%s: '%s %s %lld': neither accepted nor refused\n", LIMITS, pr->dev, pr->prop, pr->v);
		l->bad++;
	} else if (!pr->p) {
		size_t len = strcspn(at, "\n");
		const char *w = strstr(at, "is not writable");
		if (accepted || !w || w >= at + len) {
			print_error("%s.%s: QEMU 7.2 does not refuse it as read-only: %.*s\n", pr->dev, pr->prop, (int)len, at);
			l->bad++;
		}
	} else if (!accepted && host_cannot_realize(pr->dev, at)) {
		l->inconclusive++;
	} else if (!accepted && pr->accept && (!strcmp(pr->prop, "min_io_size") || !strcmp(pr->prop, "opt_io_size")) &&
		   (strstr(at, "logical_block_size") || strstr(at, "logical blocks"))) {
		/* QEMU's bound of these follows logical_block_size (a multiple of it, at most 65535 blocks):
		 * the table keeps the size32 bound, which max + 1 probes */
	} else if (accepted != pr->accept) {
		print_error("%s.%s: QEMU 7.2 %s %lld, the table's range is %lld..%lld\n", pr->dev, pr->prop,
			    accepted ? "accepts" : "refuses", pr->v, pr->p->min, pr->p->max);
		l->bad++;
	}
}

static void test_narrowed_ranges_match_qemu(void **state)
{
	(void)state;
	FILE *f = fopen(LIMITS, "r");
	if (!f)
		fail_msg("%s: cannot open (run from the top of the tree)", LIMITS);
	struct limits l = { 0 };
	size_t len = 0, cap = 0;
	int ch;
	/* a newline first, so every record is found as "\nDEVICE PROP VALUE " */
	do {
		ch = len ? fgetc(f) : '\n';
		if (len + 2 >= cap) {
			cap = cap ? 2 * cap : 65536;
			l.text = realloc(l.text, cap);
			assert_non_null(l.text);
		}
		if (ch != EOF)
			l.text[len++] = (char)ch;
	} while (ch != EOF);
	fclose(f);
	l.text[len] = '\0';
	if (!strstr(l.text, "\n# QEMU emulator version 7.2."))
		fail_msg("%s: no QEMU 7.2 version header", LIMITS);
	size_t n = for_each_probe(check_probe, &l);
	free(l.text);
	/* the inconclusive ones are few (vhost-vsock-pci's guest-cid 3 and 4294967295) */
	assert_true(n - l.inconclusive >= 20);
	assert_true(l.inconclusive <= 4);
	if (l.bad)
		fail_msg("%u of %zu realize probes disagree with the tables", l.bad, n);
}

int main(void)
{
	if (getenv("IRQSIM_PRINT_PROBES")) {
		for_each_probe(print_probe, NULL);
		return fflush(stdout) ? 1 : 0;
	}
	if (getenv("IRQSIM_PRINT_MAN")) {
		char *s = man_section();
		fputs(s, stdout);
		free(s);
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sound),
		cmocka_unit_test(test_resolve_typed),
		cmocka_unit_test(test_resolve_errors),
		cmocka_unit_test(test_converters_keep_modelled),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_manual_matches_tables),
		cmocka_unit_test(test_tables_match_qemu),
		cmocka_unit_test(test_cross_check_catches_drift),
		cmocka_unit_test(test_qemu_realize_semantics),
		cmocka_unit_test(test_size_values),
		cmocka_unit_test(test_narrowed_ranges_match_qemu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
