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

#include <stdio.h>
#include <stdlib.h>

#include "drivers/devprops.h"
#include "drivers/driver.h"
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
	assert_null(devprop_class_find("e1000e"));
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
	assert_int_equal(devprops_given(p, "multifunction")->n, 1); /* a bare name is on */
	assert_int_equal(devprops_given(p, "intx")->n, 0);
	assert_string_equal(devprops_given(p, "serial")->s, "abc");
	assert_int_equal(devprops_given(p, "addr")->n, 0x1f << 3 | 7);
	assert_null(devprops_given(p, "vectors"));
	assert_null(devprops_given(NULL, "vectors"));
	devprops_free((struct devprops *)p);
	scenario_free(&scn);

	/* the devices without a driver model have tables too */
	p = resolve_ok("device intel-iommu,intremap=on,caching-mode=off\n", &scn);
	assert_int_equal(devprops_given(p, "intremap")->n, 1);
	devprops_free((struct devprops *)p);
	scenario_free(&scn);
	p = resolve_ok("device pci-bridge,id=b,chassis_nr=3,shpc=on\n", &scn);
	devprops_free((struct devprops *)p);
	scenario_free(&scn);

	/* a device irqsim does not model: no table, the caller refuses it */
	char err[64];
	struct devprops *none = (struct devprops *)1;
	assert_int_equal(scenario_parse("t.scn", "device e1000e,x=1\n", 18, &scn, err, sizeof(err)), 0);
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
	resolve_err("device virtio-blk-pci,bootindex=-2\n", "1:23: bootindex expects a number from -1 to 2147483647, got '-2'");
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
	assert_false(devprop_modelled("e1000e", "bus"));
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
	}
	fprintf(f, "%s%s", p->use == DP_IRQSIM ? "(irqsim's) " : "", p->doc);
	if (p->type == DP_INT)
		fprintf(f, "; from %lld to %lld", p->min, p->max);
	if (p->def_doc)
		fprintf(f, "; default: %s", p->def_doc);
	else if (p->type == DP_INT)
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

int main(void)
{
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
