// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the scenario v1 parser (src/scenario/parse.c). */
#include "testutil.h"

#include "irqsim/irqsim.h"
#include "scenario/scenario.h"

static char errbuf[512];

/* Parse a NUL-terminated text as "x.scn"; fails the test on a parse error. */
static void parse_ok(const char *text, struct scenario *s)
{
	int rc = scenario_parse("x.scn", text, strlen(text), s, errbuf, sizeof(errbuf));

	if (rc != 0)
		fail_msg("unexpected error: %s", errbuf);
	assert_string_equal(errbuf, "");
}

/* Parse and expect exactly one error line; the scenario must stay empty. */
static void parse_err_n(const char *text, size_t len, const char *expected)
{
	struct scenario s;
	int rc;

	memset(errbuf, 'Z', sizeof(errbuf));
	rc = scenario_parse("x.scn", text, len, &s, errbuf, sizeof(errbuf));
	if (rc != -1)
		fail_msg("no error for \"%s\" (expected \"%s\")", text, expected);
	assert_string_equal(errbuf, expected);
	assert_null(strchr(errbuf, '\n'));
	assert_null(s.dirs);
	assert_int_equal(s.nr_dirs, 0);
	assert_null(s.filename);
}

static void parse_err(const char *text, const char *expected)
{
	parse_err_n(text, strlen(text), expected);
}

static void assert_pos(struct src_pos p, unsigned line, unsigned col)
{
	assert_int_equal(p.line, line);
	assert_int_equal(p.col, col);
}

/* ------------------------------------------------------------ happy paths */

static void test_kernel_machine(void **state)
{
	struct scenario s;

	(void)state;
	parse_ok("kernel 6.1\nmachine q35\n", &s);
	assert_string_equal(s.filename, "x.scn");
	assert_int_equal(s.nr_dirs, 2);
	assert_int_equal(s.dirs[0].kind, SCN_KERNEL);
	assert_int_equal(s.dirs[0].u.kernel.line, KERNEL_6_1);
	assert_pos(s.dirs[0].pos, 1, 1);
	assert_string_equal(s.dirs[0].text, "kernel 6.1");
	assert_int_equal(s.dirs[1].kind, SCN_MACHINE);
	assert_int_equal(s.dirs[1].u.machine.type, MACHINE_Q35);
	assert_pos(s.dirs[1].pos, 2, 1);
	scenario_free(&s);

	static const struct {
		const char *text;
		enum kernel_line k;
	} ks[] = {
		{ "kernel 3.10", KERNEL_3_10 },
		{ "kernel 4.18", KERNEL_4_18 },
		{ "kernel 6.1", KERNEL_6_1 },
		{ "kernel\t6.12  ", KERNEL_6_12 },
	};
	for (size_t i = 0; i < TU_ARRAY_SIZE(ks); i++) {
		parse_ok(ks[i].text, &s);
		assert_int_equal(s.nr_dirs, 1);
		assert_int_equal(s.dirs[0].u.kernel.line, ks[i].k);
		scenario_free(&s);
	}

	parse_ok("machine pc", &s);
	assert_int_equal(s.dirs[0].u.machine.type, MACHINE_PC);
	scenario_free(&s);
}

static void test_smp(void **state)
{
	struct scenario s;
	const struct smp_config *c;

	(void)state;
	parse_ok("smp 8,sockets=2,dies=1,clusters=1,cores=2,threads=2,maxcpus=16", &s);
	assert_int_equal(s.nr_dirs, 1);
	assert_int_equal(s.dirs[0].kind, SCN_SMP);
	c = &s.dirs[0].u.smp;
	assert_int_equal(c->cpus, 8);
	assert_int_equal(c->sockets, 2);
	assert_int_equal(c->dies, 1);
	assert_int_equal(c->clusters, 1);
	assert_int_equal(c->cores, 2);
	assert_int_equal(c->threads, 2);
	assert_int_equal(c->maxcpus, 16);
	scenario_free(&s);

	/* cpus= spelled out, any order, unspecified values stay 0 */
	parse_ok("smp cpus=4,threads=2", &s);
	c = &s.dirs[0].u.smp;
	assert_int_equal(c->cpus, 4);
	assert_int_equal(c->threads, 2);
	assert_int_equal(c->sockets, 0);
	assert_int_equal(c->dies, 0);
	assert_int_equal(c->clusters, 0);
	assert_int_equal(c->cores, 0);
	assert_int_equal(c->maxcpus, 0);
	scenario_free(&s);

	/* no cpus at all, the largest accepted value */
	parse_ok("smp sockets=1,maxcpus=8192", &s);
	c = &s.dirs[0].u.smp;
	assert_int_equal(c->cpus, 0);
	assert_int_equal(c->sockets, 1);
	assert_int_equal(c->maxcpus, 8192);
	scenario_free(&s);
}

static void test_numa(void **state)
{
	struct scenario s;
	const struct numa_node_config *n;

	(void)state;
	parse_ok("numa node,nodeid=1,cpus=0-3,cpus=8,memdev=m0\n"
		 "numa node,mem=1G\n"
		 "numa node,cpus=8191\n", &s);
	assert_int_equal(s.nr_dirs, 3);
	assert_int_equal(s.dirs[0].kind, SCN_NUMA);
	n = &s.dirs[0].u.numa;
	assert_int_equal(n->nodeid, 1);
	assert_true(n->has_cpus);
	assert_int_equal(cpumask_weight(&n->cpus), 5);
	for (unsigned c = 0; c < 4; c++)
		assert_true(cpumask_test_cpu(c, &n->cpus));
	assert_false(cpumask_test_cpu(4, &n->cpus));
	assert_true(cpumask_test_cpu(8, &n->cpus));

	n = &s.dirs[1].u.numa;
	assert_int_equal(n->nodeid, -1);
	assert_false(n->has_cpus);
	assert_true(cpumask_empty(&n->cpus));

	n = &s.dirs[2].u.numa;
	assert_int_equal(n->nodeid, -1);
	assert_int_equal(cpumask_weight(&n->cpus), 1);
	assert_true(cpumask_test_cpu(8191, &n->cpus));
	assert_pos(s.dirs[2].pos, 3, 1);
	scenario_free(&s);
}

static void test_cmdline(void **state)
{
	struct scenario s;

	(void)state;
	parse_ok("  cmdline \"quiet a=\\\"b#c\\\" d\\\\e\"   # the # is a comment here \"x\n"
		 "cmdline \"\"\n", &s);
	assert_int_equal(s.nr_dirs, 2);
	assert_int_equal(s.dirs[0].kind, SCN_CMDLINE);
	assert_string_equal(s.dirs[0].u.cmdline, "quiet a=\"b#c\" d\\e");
	assert_string_equal(s.dirs[0].text, "cmdline \"quiet a=\\\"b#c\\\" d\\\\e\"");
	assert_pos(s.dirs[0].pos, 1, 3);
	assert_string_equal(s.dirs[1].u.cmdline, "");
	scenario_free(&s);
}

static void test_device(void **state)
{
	struct scenario s;
	const struct scn_device *d;
	const struct scn_opt *o;

	(void)state;
	/*        1234567890123456789012345678901234567890123456789012345 */
	parse_ok("device e1000,romfile=a,,b,id=n1,multifunction,bus=pci.0 # nic\n"
		 "\tdevice virtio-blk-pci,count=3,num-queues=4,x.y_z=\n"
		 "device pvpanic\n", &s);
	assert_int_equal(s.nr_dirs, 3);

	assert_int_equal(s.dirs[0].kind, SCN_DEVICE);
	assert_string_equal(s.dirs[0].text,
			    "device e1000,romfile=a,,b,id=n1,multifunction,bus=pci.0");
	d = &s.dirs[0].u.device;
	assert_string_equal(d->driver, "e1000");
	assert_pos(d->driver_pos, 1, 8);
	assert_string_equal(d->id, "n1");
	assert_int_equal(d->count, 1);
	assert_int_equal(d->nr_opts, 3);
	assert_string_equal(d->opts[0].key, "romfile");
	assert_string_equal(d->opts[0].value, "a,b");
	assert_pos(d->opts[0].pos, 1, 14);
	assert_string_equal(d->opts[1].key, "multifunction");
	assert_string_equal(d->opts[1].value, "");
	assert_pos(d->opts[1].pos, 1, 33);
	assert_string_equal(d->opts[2].key, "bus");
	assert_string_equal(d->opts[2].value, "pci.0");
	assert_pos(d->opts[2].pos, 1, 47);

	o = scn_device_opt(d, "bus");
	assert_non_null(o);
	assert_ptr_equal(o, &d->opts[2]);
	assert_null(scn_device_opt(d, "id"));
	assert_null(scn_device_opt(d, "addr"));

	d = &s.dirs[1].u.device;
	assert_pos(s.dirs[1].pos, 2, 2);
	assert_string_equal(d->driver, "virtio-blk-pci");
	assert_pos(d->driver_pos, 2, 9);
	assert_null(d->id);
	assert_int_equal(d->count, 3);
	assert_int_equal(d->nr_opts, 2);
	assert_string_equal(d->opts[0].key, "num-queues");
	assert_string_equal(d->opts[0].value, "4");
	assert_pos(d->opts[0].pos, 2, 32);
	assert_string_equal(d->opts[1].key, "x.y_z");
	assert_string_equal(d->opts[1].value, "");
	assert_pos(d->opts[1].pos, 2, 45);

	d = &s.dirs[2].u.device;
	assert_string_equal(d->driver, "pvpanic");
	assert_null(d->id);
	assert_int_equal(d->count, 1);
	assert_int_equal(d->nr_opts, 0);
	assert_null(d->opts);
	scenario_free(&s);
}

static void test_comma_escape(void **state)
{
	struct scenario s;
	const struct scn_device *d;

	(void)state;
	/* ",," anywhere in a value, also at its start and end, and ",,,," */
	parse_ok("device x,a=,,b,c=d,,,e=,,,,,f=1", &s);
	d = &s.dirs[0].u.device;
	assert_int_equal(d->nr_opts, 4);
	assert_string_equal(d->opts[0].key, "a");
	assert_string_equal(d->opts[0].value, ",b");
	assert_pos(d->opts[0].pos, 1, 10);
	assert_string_equal(d->opts[1].key, "c");
	assert_string_equal(d->opts[1].value, "d,");
	assert_pos(d->opts[1].pos, 1, 16);
	assert_string_equal(d->opts[2].key, "e");
	assert_string_equal(d->opts[2].value, ",,");
	assert_pos(d->opts[2].pos, 1, 22);
	assert_string_equal(d->opts[3].key, "f");
	assert_string_equal(d->opts[3].value, "1");
	assert_pos(d->opts[3].pos, 1, 29);
	scenario_free(&s);
}

static void test_runtime_events(void **state)
{
	struct scenario s;
	const struct scn_device *d;

	(void)state;
	parse_ok("kernel 6.12\n"
		 "device e1000,id=nic0\n"
		 "boot\n"
		 "hotplug virtio-net-pci,id=n1,bus=root.1\n"
		 "hotplug virtio-net-pci,count=2\n"
		 "cpu offline 3\n"
		 "cpu   online\t8191\n"
		 "unplug n1\n"
		 "unplug nic0\n", &s);
	assert_int_equal(s.nr_dirs, 9);
	assert_int_equal(s.dirs[2].kind, SCN_BOOT);
	assert_pos(s.dirs[2].pos, 3, 1);
	assert_string_equal(s.dirs[2].text, "boot");

	assert_int_equal(s.dirs[3].kind, SCN_HOTPLUG);
	d = &s.dirs[3].u.device;
	assert_string_equal(d->driver, "virtio-net-pci");
	assert_pos(d->driver_pos, 4, 9);
	assert_string_equal(d->id, "n1");
	assert_int_equal(d->count, 1);
	assert_int_equal(d->nr_opts, 1);
	assert_string_equal(d->opts[0].key, "bus");
	assert_string_equal(d->opts[0].value, "root.1");
	assert_pos(d->opts[0].pos, 4, 30);

	d = &s.dirs[4].u.device;
	assert_null(d->id);
	assert_int_equal(d->count, 2);

	assert_int_equal(s.dirs[5].kind, SCN_CPU_OFFLINE);
	assert_int_equal(s.dirs[5].u.cpu, 3);
	assert_int_equal(s.dirs[6].kind, SCN_CPU_ONLINE);
	assert_int_equal(s.dirs[6].u.cpu, 8191);
	assert_string_equal(s.dirs[6].text, "cpu   online\t8191");
	assert_int_equal(s.dirs[7].kind, SCN_UNPLUG);
	assert_string_equal(s.dirs[7].u.unplug_id, "n1");
	assert_string_equal(s.dirs[8].u.unplug_id, "nic0");
	assert_pos(s.dirs[8].pos, 9, 1);
	scenario_free(&s);
}

static void test_layout(void **state)
{
	struct scenario s;

	(void)state;
	/* comments, blank lines, CRLF, tabs, no final newline */
	parse_ok("# a scenario\r\n"
		 "\r\n"
		 "   \t  \n"
		 "\tmachine pc\t# trailing comment\r\n"
		 "#kernel 9.9\n"
		 "smp 2#comment right after the value\n"
		 "cmdline \"#not a comment\"#but this is\n"
		 "boot", &s);
	assert_int_equal(s.nr_dirs, 4);
	assert_int_equal(s.dirs[0].kind, SCN_MACHINE);
	assert_pos(s.dirs[0].pos, 4, 2);
	assert_string_equal(s.dirs[0].text, "machine pc");
	assert_int_equal(s.dirs[1].kind, SCN_SMP);
	assert_int_equal(s.dirs[1].u.smp.cpus, 2);
	assert_string_equal(s.dirs[1].text, "smp 2");
	assert_string_equal(s.dirs[2].u.cmdline, "#not a comment");
	assert_string_equal(s.dirs[2].text, "cmdline \"#not a comment\"");
	assert_int_equal(s.dirs[3].kind, SCN_BOOT);
	assert_pos(s.dirs[3].pos, 8, 1);
	scenario_free(&s);

	/* empty input and comment-only input are valid, empty scenarios */
	parse_ok("", &s);
	assert_int_equal(s.nr_dirs, 0);
	assert_string_equal(s.filename, "x.scn");
	scenario_free(&s);
	parse_ok("# nothing\n\n", &s);
	assert_int_equal(s.nr_dirs, 0);
	scenario_free(&s);

	/* no boot at all is fine for the parser */
	parse_ok("kernel 6.1\ndevice e1000\n", &s);
	assert_int_equal(s.nr_dirs, 2);
	scenario_free(&s);

	/* scenario_free is idempotent */
	scenario_free(&s);
	scenario_free(NULL);
}

/* ------------------------------------------------------------- errors */

static const struct {
	const char *text;
	const char *err;
} error_cases[] = {
	/* directives */
	{ "devcie e1000",
	  "x.scn:1:1: unknown directive 'devcie' (expected one of: kernel, machine, smp, numa, "
	  "cmdline, device, boot, hotplug, unplug, cpu, set-affinity, io, balance, host, variant)" },
	{ "kernel 6.1\n\n   Kernel 6.1",
	  "x.scn:3:4: unknown directive 'Kernel' (expected one of: kernel, machine, smp, numa, "
	  "cmdline, device, boot, hotplug, unplug, cpu, set-affinity, io, balance, host, variant)" },
	{ "\x01\xff",
	  "x.scn:1:1: unknown directive '\\x01\\xff' (expected one of: kernel, machine, smp, "
	  "numa, cmdline, device, boot, hotplug, unplug, cpu, set-affinity, io, balance, host, variant)" },
	/* kernel */
	{ "kernel 5.4",
	  "x.scn:1:8: unknown kernel version '5.4' (expected one of: 3.10, 4.18, 5.10, 5.14, 5.15, 6.1, 6.6, 6.8, 6.12, 6.18, 7.0, or a release of one of them as uname -r prints it)" },
	{ "kernel 5.4\r\n",
	  "x.scn:1:8: unknown kernel version '5.4' (expected one of: 3.10, 4.18, 5.10, 5.14, 5.15, 6.1, 6.6, 6.8, 6.12, 6.18, 7.0, or a release of one of them as uname -r prints it)" },
	{ "kernel",
	  "x.scn:1:7: expected a kernel version after 'kernel' (one of: 3.10, 4.18, 5.10, 5.14, 5.15, 6.1, 6.6, 6.8, 6.12, 6.18, 7.0), "
	  "got end of line" },
	{ "kernel 6.1 extra", "x.scn:1:12: unexpected 'extra' after the kernel version" },
	{ "kernel 6.1\nkernel 6.12", "x.scn:2:1: duplicate 'kernel' directive (first at line 1)" },
	/* machine */
	{ "machine i440fx", "x.scn:1:9: unknown machine type 'i440fx' (expected 'pc' or 'q35')" },
	{ "machine",
	  "x.scn:1:8: expected a machine type after 'machine' ('pc' or 'q35'), got end of line" },
	{ "machine q35\n# x\nmachine pc",
	  "x.scn:3:1: duplicate 'machine' directive (first at line 1)" },
	/* smp */
	{ "kernel 6.1\n\nsmp abc", "x.scn:3:5: expected a number after 'smp', got 'abc'" },
	{ "smp", "x.scn:1:4: expected a number after 'smp', got end of line" },
	{ "smp ,cores=2", "x.scn:1:5: expected a number after 'smp', got ','" },
	{ "smp 4,cores=x2", "x.scn:1:13: expected a number after 'cores=', got 'x2'" },
	{ "smp 4,cores=", "x.scn:1:13: expected a number after 'cores=', got end of line" },
	{ "smp 4,cores=,threads=1", "x.scn:1:13: expected a number after 'cores=', got ','" },
	{ "smp -1", "x.scn:1:5: expected a number after 'smp', got '-1'" },
	{ "smp 4,cores=0", "x.scn:1:13: 'cores' must be between 1 and 8192, got '0'" },
	{ "smp 8193", "x.scn:1:5: 'cpus' must be between 1 and 8192, got '8193'" },
	{ "smp 99999999999999999999999999",
	  "x.scn:1:5: 'cpus' must be between 1 and 8192, got '99999999999999999999999999'" },
	{ "smp cpus=0", "x.scn:1:10: 'cpus' must be between 1 and 8192, got '0'" },
	{ "smp 4,cores=2,cores=2",
	  "x.scn:1:15: duplicate smp option 'cores' (already given at column 7)" },
	{ "smp 4,cpus=4", "x.scn:1:7: duplicate smp option 'cpus' (already given at column 5)" },
	{ "smp 4,sockts=2",
	  "x.scn:1:7: unknown smp option 'sockts' (expected one of: cpus, sockets, dies, "
	  "clusters, cores, threads, maxcpus)" },
	{ "smp 4,cores", "x.scn:1:12: expected '=' after 'cores'" },
	{ "smp 4,", "x.scn:1:7: expected an option after ',', got end of line" },
	{ "smp 4,,cores=2", "x.scn:1:7: expected an option after ',', got ','" },
	{ "smp 4,=2", "x.scn:1:7: expected an option name before '='" },
	{ "smp 4, cores=2",
	  "x.scn:1:8: unexpected 'cores=2' after smp options (options are comma-separated, "
	  "without spaces)" },
	{ "smp 2\nsmp 4", "x.scn:2:1: duplicate 'smp' directive (first at line 1)" },
	/* numa */
	{ "numa cpus=0", "x.scn:1:6: expected 'node' after 'numa', got 'cpus=0'" },
	{ "numa", "x.scn:1:5: expected 'node' after 'numa', got end of line" },
	{ "numa node=1", "x.scn:1:6: expected 'node' after 'numa', got 'node=1'" },
	{ "numa node,cpus=3-1",
	  "x.scn:1:16: invalid CPU range '3-1' (first CPU is greater than last)" },
	{ "numa node,cpus=0-8192", "x.scn:1:18: CPU 8192 out of range (must be below 8192)" },
	{ "numa node,cpus=10000-10001", "x.scn:1:16: CPU 10000 out of range (must be below 8192)" },
	{ "numa node,cpus=x",
	  "x.scn:1:16: expected a CPU number or range (N or N-M) after 'cpus=', got 'x'" },
	{ "numa node,cpus=1-",
	  "x.scn:1:16: expected a CPU number or range (N or N-M) after 'cpus=', got '1-'" },
	{ "numa node,cpus=1-2,,3",
	  "x.scn:1:16: expected a CPU number or range (N or N-M) after 'cpus=', got '1-2,3'" },
	{ "numa node,cpus=",
	  "x.scn:1:16: expected a CPU number or range (N or N-M) after 'cpus=', got end of line" },
	{ "numa node,cpus", "x.scn:1:15: expected '=' after 'cpus'" },
	{ "numa node,nodeid=1,nodeid=2",
	  "x.scn:1:20: duplicate numa option 'nodeid' (already given at column 11)" },
	{ "numa node,nodeid=1024", "x.scn:1:18: 'nodeid' must be between 0 and 1023, got '1024'" },
	{ "numa node,size=1G",
	  "x.scn:1:11: unknown numa option 'size' (expected one of: nodeid, cpus, mem, memdev)" },
	/* cmdline */
	{ "cmdline \"abc", "x.scn:1:9: unterminated string (missing closing '\"')" },
	{ "cmdline \"abc\\\"", "x.scn:1:9: unterminated string (missing closing '\"')" },
	{ "cmdline \"abc\\", "x.scn:1:9: unterminated string (missing closing '\"')" },
	{ "cmdline abc", "x.scn:1:9: expected a double-quoted string after 'cmdline', got 'abc'" },
	{ "cmdline", "x.scn:1:8: expected a double-quoted string after 'cmdline', got end of line" },
	{ "cmdline \"a\\nb\"", "x.scn:1:11: invalid escape '\\n' (only \\\" and \\\\ are allowed)" },
	{ "cmdline \"a\" b", "x.scn:1:13: unexpected 'b' after the closing quote" },
	/* device / hotplug */
	{ "device e1000,id=1abc",
	  "x.scn:1:17: invalid id '1abc' (expected a letter followed by letters, digits, '-', "
	  "'.', '_')" },
	{ "device e1000,id=a+b",
	  "x.scn:1:17: invalid id 'a+b' (expected a letter followed by letters, digits, '-', "
	  "'.', '_')" },
	{ "device e1000,id=", "x.scn:1:17: expected a device id after 'id=', got end of line" },
	{ "device e1000,id", "x.scn:1:16: expected '=' after 'id'" },
	{ "device e1000,bus=a,bus=b",
	  "x.scn:1:20: duplicate option 'bus' (already given at column 14)" },
	{ "device e1000,id=a,id=b", "x.scn:1:19: duplicate option 'id' (already given at column 14)" },
	{ "device e1000,count=1,count=1",
	  "x.scn:1:22: duplicate option 'count' (already given at column 14)" },
	{ "device e1000,count=0", "x.scn:1:20: 'count' must be between 1 and 65536, got '0'" },
	{ "device e1000,count=65537", "x.scn:1:20: 'count' must be between 1 and 65536, got '65537'" },
	{ "device e1000,count=x", "x.scn:1:20: expected a number after 'count=', got 'x'" },
	{ "device e1000!,id=a",
	  "x.scn:1:13: invalid character '!' in device driver name (expected letters, digits, "
	  "'_', '.', '-')" },
	{ "device ,id=a", "x.scn:1:8: expected a device driver name after 'device', got ','" },
	{ "device", "x.scn:1:7: expected a device driver name after 'device', got end of line" },
	{ "device e1000,=x", "x.scn:1:14: expected an option name before '='" },
	{ "device e1000,,x", "x.scn:1:14: expected an option after ',', got ','" },
	{ "device e1000,x!y=1",
	  "x.scn:1:15: invalid character '!' in option name (expected letters, digits, '_', "
	  "'.', '-')" },
	{ "device e1000,a b",
	  "x.scn:1:16: unexpected 'b' after device options (options are comma-separated, "
	  "without spaces)" },
	{ "boot\nhotplug", "x.scn:2:8: expected a device driver name after 'hotplug', got end of line" },
	/* ordering */
	{ "boot\ndevice e1000",
	  "x.scn:2:1: 'device' after 'boot' (line 1); use 'hotplug' to add a device at runtime" },
	{ "boot\n  smp 2",
	  "x.scn:2:3: 'smp' after 'boot' (line 1); machine configuration must come before 'boot'" },
	{ "kernel 6.1\nboot\nkernel 6.1",
	  "x.scn:3:1: 'kernel' after 'boot' (line 2); machine configuration must come before "
	  "'boot'" },
	{ "boot\ncmdline \"x\"",
	  "x.scn:2:1: 'cmdline' after 'boot' (line 1); machine configuration must come before "
	  "'boot'" },
	{ "hotplug e1000",
	  "x.scn:1:1: 'hotplug' before 'boot' (runtime events must come after a 'boot' line)" },
	{ "unplug x", "x.scn:1:1: 'unplug' before 'boot' (runtime events must come after a 'boot' line)" },
	{ "cpu offline 1", "x.scn:1:1: 'cpu' before 'boot' (runtime events must come after a 'boot' line)" },
	{ "boot\nboot", "x.scn:2:1: duplicate 'boot' directive (first at line 1)" },
	{ "boot now", "x.scn:1:6: unexpected 'now' after 'boot'" },
	/* cpu / unplug */
	{ "boot\ncpu offline 8192", "x.scn:2:13: CPU number must be between 0 and 8191, got '8192'" },
	{ "boot\ncpu down 1", "x.scn:2:5: expected 'online' or 'offline' after 'cpu', got 'down'" },
	{ "boot\ncpu", "x.scn:2:4: expected 'online' or 'offline' after 'cpu', got end of line" },
	{ "boot\ncpu offline", "x.scn:2:12: expected a CPU number after 'offline', got end of line" },
	{ "boot\ncpu online x", "x.scn:2:12: expected a number after 'online', got 'x'" },
	{ "boot\ncpu online 1 2", "x.scn:2:14: unexpected '2' after the CPU number" },
	{ "boot\nunplug 9x",
	  "x.scn:2:8: invalid id '9x' (expected a letter followed by letters, digits, '-', '.', "
	  "'_')" },
	{ "boot\nunplug", "x.scn:2:7: expected a device id after 'unplug', got end of line" },
	{ "boot\nunplug a b", "x.scn:2:10: unexpected 'b' after the device id" },
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < TU_ARRAY_SIZE(error_cases); i++)
		parse_err(error_cases[i].text, error_cases[i].err);
}

static void test_error_after_valid_lines(void **state)
{
	(void)state;
	/* everything parsed before the error is freed (LSan checks this) */
	parse_err("kernel 6.1\nmachine q35\nsmp 4\nnuma node,cpus=0-3\ncmdline \"a\"\n"
		  "device e1000,id=a,bus=pcie.0,romfile=x\nboot\nhotplug e1000,id=b,x=y\n"
		  "unplug b\ncpu offline 1\nbogus",
		  "x.scn:11:1: unknown directive 'bogus' (expected one of: kernel, machine, smp, "
		  "numa, cmdline, device, boot, hotplug, unplug, cpu, set-affinity, io, balance, host, variant)");
	/* an error in the middle of a device's options frees the options so far */
	parse_err("device e1000,a=1,b=2,id=x,c=3,a=4",
		  "x.scn:1:31: duplicate option 'a' (already given at column 14)");
}

static void test_nul_byte(void **state)
{
	static const char text[] = "kernel 6.1\nsm\0p 2\n";

	(void)state;
	parse_err_n(text, sizeof(text) - 1, "x.scn:2:3: unexpected NUL byte");
	parse_err_n("\0", 1, "x.scn:1:1: unexpected NUL byte");
	/* inside a comment too */
	parse_err_n("# \0", 3, "x.scn:1:3: unexpected NUL byte");
}

static void test_line_length(void **state)
{
	struct scenario s;
	char *text = malloc(4096 + 8);

	(void)state;
	assert_non_null(text);
	/* exactly 4096 characters (plus CRLF) is fine */
	text[0] = '#';
	memset(text + 1, 'a', 4095);
	memcpy(text + 4096, "\r\nboot", 7);
	parse_ok(text, &s);
	assert_int_equal(s.nr_dirs, 1);
	assert_pos(s.dirs[0].pos, 2, 1);
	scenario_free(&s);
	/* 4097 is not */
	memset(text, 'a', 4097);
	text[4097] = '\0';
	parse_err(text, "x.scn:1:4097: line too long (more than 4096 characters)");
	free(text);
}

static void test_line_count(void **state)
{
	struct scenario s;
	size_t n = 1000000;
	char *text = malloc(n + 8);

	(void)state;
	assert_non_null(text);
	memset(text, '\n', n);
	text[n] = '\0';
	parse_ok(text, &s); /* exactly 1,000,000 (empty) lines */
	assert_int_equal(s.nr_dirs, 0);
	scenario_free(&s);
	memcpy(text + n, "boot", 5);
	parse_err(text, "x.scn:1000001:1: too many lines (more than 1000000)");
	free(text);
}

static void test_error_buffer(void **state)
{
	struct scenario s;
	char small[12];

	(void)state;
	/* truncated, still NUL-terminated */
	memset(small, 'Z', sizeof(small));
	assert_int_equal(scenario_parse("x.scn", "bogus", 5, &s, small, sizeof(small)), -1);
	assert_string_equal(small, "x.scn:1:1: ");
	assert_int_equal(scenario_parse("a-very-long-file-name.scn", "bogus", 5, &s, small,
					sizeof(small)), -1);
	assert_string_equal(small, "a-very-long");
	/* no buffer at all */
	assert_int_equal(scenario_parse("x.scn", "bogus", 5, &s, NULL, 0), -1);
	assert_null(s.dirs);
	/* NULL buffer of length 0 is an empty scenario; NULL file name is allowed */
	assert_int_equal(scenario_parse(NULL, NULL, 0, &s, errbuf, sizeof(errbuf)), 0);
	assert_string_equal(s.filename, "<input>");
	scenario_free(&s);
	/* the length is honoured: the text after it is never read */
	assert_int_equal(scenario_parse("x.scn", "boot\nbogus", 4, &s, errbuf, sizeof(errbuf)), 0);
	assert_int_equal(s.nr_dirs, 1);
	scenario_free(&s);
}

static void test_load(void **state)
{
	static const char text[] = "kernel 6.1\nboot\nbogus 1\n";
	struct scenario s;
	char path[256], want[512];

	(void)state;
	assert_int_equal(tu_write_tmp(text, 16, path, sizeof(path)), 0);
	assert_int_equal(scenario_load(path, &s, errbuf, sizeof(errbuf)), 0);
	assert_string_equal(s.filename, path);
	assert_int_equal(s.nr_dirs, 2);
	assert_int_equal(s.dirs[1].kind, SCN_BOOT);
	scenario_free(&s);
	unlink(path);

	assert_int_equal(tu_write_tmp(text, sizeof(text) - 1, path, sizeof(path)), 0);
	assert_int_equal(scenario_load(path, &s, errbuf, sizeof(errbuf)), -1);
	snprintf(want, sizeof(want), "%s:3:1: unknown directive 'bogus' (expected one of: "
		 "kernel, machine, smp, numa, cmdline, device, boot, hotplug, unplug, cpu, set-affinity, io, balance, host, variant)", path);
	assert_string_equal(errbuf, want);
	assert_null(s.dirs);
	unlink(path);

	assert_int_equal(scenario_load("/nonexistent/dir/x.scn", &s, errbuf, sizeof(errbuf)), -1);
	assert_string_equal(errbuf, "cannot open /nonexistent/dir/x.scn: No such file or directory");
	assert_null(s.dirs);

	assert_int_equal(scenario_load("/", &s, errbuf, sizeof(errbuf)), -1);
	assert_string_equal(errbuf, "cannot read /: Is a directory");
}

/* A cheap in-process fuzzer: token soup and byte noise must never crash. */
static void test_garbage(void **state)
{
	static const char *const toks[] = {
		"kernel", "machine", "smp", "numa", "cmdline", "device", "boot", "hotplug",
		"unplug", "cpu", "online", "offline", "node", "6.1", "pc", "q35", " ", " ",
		"\t", "\n", "\n", "\r", ",", ",", ",,", "=", "\"", "\\", "#", "0", "1", "8191",
		"8192", "-", "id", "count", "cpus", "nodeid", "cores", "a", "e1000", "\x80",
		"99999999999999999999", "id=", "count=2", "cpus=1-3", "mem=1",
	};
	uint64_t x = 0x9e3779b97f4a7c15ull;
	char buf[512];

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		struct scenario s;
		size_t len = 0;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned n = (unsigned)(x % 40);
		for (unsigned k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			if (iter % 4 == 3) {
				buf[len++] = (char)(x >> 24);
				continue;
			}
			const char *t = toks[(x >> 11) % TU_ARRAY_SIZE(toks)];
			size_t tl = strlen(t);

			if (len + tl >= sizeof(buf))
				break;
			memcpy(buf + len, t, tl);
			len += tl;
		}
		if (scenario_parse("f", buf, len, &s, errbuf, sizeof(errbuf)) == 0) {
			scenario_free(&s);
		} else {
			assert_null(strchr(errbuf, '\n'));
			assert_string_prefix(errbuf, "f:");
		}
	}
}

/* Parse, then run through the model: the model's error, which must point at a line. */
static void run_err(const char *text, const char *expected)
{
	struct scenario s;
	parse_ok(text, &s);
	char err[512] = "";
	struct sim *sim = irqsim_run(&s, NULL, err, sizeof(err));
	scenario_free(&s);
	if (sim) {
		irqsim_free(sim);
		fail_msg("ran, expected: %s", expected);
	}
	assert_string_equal(err, expected);
}

/* Errors the model finds late (building the machine, hot-plug) still name the line that caused them. */
static void test_late_errors_have_a_position(void **state)
{
	(void)state;
	/* q35 makes a spare root port at boot for each hot-plug without bus=: the root bus fills up */
	run_err("machine q35\nboot\nhotplug virtio-blk-pci,count=40\n",
		"x.scn:3:1: PCI bus 0 is full (32 slots) (the spare pcie-root-port q35 needs at boot for this hot-plug)");
	/* pc puts more than 24 boot devices behind bridges; the 31st bridge has no slot: the line of device 931 */
	run_err("device nvme,count=900\n\ndevice virtio-blk-pci,count=100\n",
		"x.scn:3:1: PCI bus 0 is full (32 slots) (a pci-bridge for boot devices 931 and on)");
	/* a port's link has one device: the second hot-plug behind it */
	run_err("machine q35\ndevice pcie-root-port,id=r\nboot\nhotplug nvme,bus=r\n  hotplug nvme,bus=r\n",
		"x.scn:5:3: PCI bus 1 (a PCIe port's link) is full (device 0 only)");
	run_err("boot\nhotplug virtio-blk-pci,addr=3\nhotplug nvme,addr=3\n",
		"x.scn:3:14: PCI slot 03.0 is already in use");
	/* a property the model refuses after the table accepted it */
	run_err("device nvme,num_queues=1\n",
		"x.scn:1:13: num_queues=1 leaves max_ioqpairs at 0 (it must be from 1 to 65535)");
	/* a typo on a hot-plug line is found before the run, even behind a line that fails later */
	run_err("machine q35\nboot\nhotplug virtio-blk-pci,count=40\nhotplug nvme,max-ioqpairs=2\n",
		"x.scn:4:14: device 'nvme' has no property 'max-ioqpairs' (did you mean 'max_ioqpairs'?)");
	run_err("device virtio-blk-pci,num-queue=4\n",
		"x.scn:1:23: device 'virtio-blk-pci' has no property 'num-queue' (did you mean 'num-queues'?)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_machine),
		cmocka_unit_test(test_smp),
		cmocka_unit_test(test_numa),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_device),
		cmocka_unit_test(test_comma_escape),
		cmocka_unit_test(test_runtime_events),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_after_valid_lines),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_line_count),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_late_errors_have_a_position),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
