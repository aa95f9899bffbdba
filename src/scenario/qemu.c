// SPDX-License-Identifier: GPL-2.0-only
/*
 * A QEMU command line as a scenario.  The text is read as a POSIX shell
 * reads one command (blanks, '...' and "..." quoting, backslash escapes and
 * backslash-newline continuations), starting at the QEMU binary when the
 * text names one: what precedes it on its line (a ps listing's columns, the
 * environment assignments libvirt logs) and the lines around the command (a
 * libvirt log's other messages) are not part of it.
 *
 * Options are QEMU's: key=value lists with ',,' for a literal comma
 * (util/qemu-option.c), or JSON objects (-device '{"driver":...}') as
 * libvirt writes them.  What irqsim models becomes a directive; everything
 * else is listed as ignored.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/nomem.h"
#include "drivers/devprops.h"
#include "lib/grow.h"
#include "lib/jsonload.h"
#include "lib/oneline.h"
#include "scenario/convert.h"

#define QEMU_MAX_TOKENS 100000u

struct qtok {
	char *s;
	size_t off;     /* source offset of the value's first character */
	size_t *pos;    /* source offset of each character (quotes and escapes removed) */
};

/* One item of an option list. */
struct qkv {
	char *key, *val;
	size_t off;     /* source offset of the key */
};

struct qopts {
	struct qkv *kv;
	size_t n;
};

struct qemu {
	struct conv c;
	struct qtok *t;
	size_t nt;
	/* what the command line sets (QEMU: the last -machine, -smp, ... wins) */
	const struct qtok *machine, *smp, *append, *kernel;
	char *machine_type;
	size_t machine_type_off;
	const struct qtok **devs, **numa;  /* -device and -numa node arguments, in order */
	size_t ndevs, nnuma;
	bool kvm, native_hotplug, nodefaults;
	bool irqchip_not_full;       /* kernel-irqchip=split or off: intel-iommu's intremap=auto is on */
	bool irqchip_split;          /* kernel-irqchip=split: under KVM intel-iommu's eim=auto is on */
	const struct qtok *pve_cfg;  /* -readconfig of Proxmox VE's q35 configuration */
	/* IDE drives the machine creates: -drive (if=ide is its default), -hda..-hdd and -cdrom (index >= 0) */
	struct ide_drive {
		const struct qtok *t;
		int index;           /* -hda 0 .. -hdd 3, -cdrom 2; -1: a -drive */
	} *ide;
	size_t nide;
	int compat_queues;           /* machine version before 5.2: num-queues defaults to 1 */
};

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static void pos_of(struct qemu *q, size_t off, unsigned *line, unsigned *col)
{
	conv_pos(&q->c, off, line, col);
}

static __attribute__((format(printf, 3, 4))) int qerr_at(struct qemu *q, size_t off, const char *fmt, ...)
{
	unsigned l, c;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pos_of(q, off, &l, &c);
	return conv_error(&q->c, l, c, "%s", msg);
}

/* ------------------------------------------------------------ tokens */

static int push_char(struct qemu *q, char **s, size_t **pos, size_t *n, size_t *cap, char ch, size_t off)
{
	if (*n + 1 >= *cap) {
		size_t nc = *cap ? *cap * 2 : 32;
		char *ns = nomem_check(realloc(*s, nc));
		if (ns)
			*s = ns;
		size_t *np = nomem_check(realloc(*pos, nc * sizeof(*np)));
		if (np)
			*pos = np;
		if (!ns || !np)
			return qerr_at(q, off, "out of memory");
		*cap = nc;
	}
	(*s)[*n] = ch;
	(*pos)[*n] = off;
	(*n)++;
	(*s)[*n] = '\0';
	return 0;
}

/*
 * Read one word at *i (not blank, not a newline).  Returns 0, or -1 on an
 * unbalanced quote (error set).
 */
static int read_word(struct qemu *q, size_t *i, struct qtok *t)
{
	const char *b = q->c.src;
	size_t len = q->c.srclen, n = 0, cap = 0, j = *i;
	char *s = NULL;
	size_t *pos = NULL;
	t->off = j;
	while (j < len && !is_blank(b[j]) && b[j] != '\n') {
		if (b[j] == '\'') {
			size_t open = j++;
			while (j < len && b[j] != '\'')
				if (push_char(q, &s, &pos, &n, &cap, b[j], j) || (j++, 0))
					goto fail;
			if (j >= len) {
				qerr_at(q, open, "unbalanced quote: the ' here is never closed");
				goto fail;
			}
			j++;
		} else if (b[j] == '"') {
			size_t open = j++;
			while (j < len && b[j] != '"') {
				if (b[j] == '\\' && j + 1 < len && strchr("\\\"$`\n", b[j + 1])) {
					if (b[j + 1] == '\n') {
						j += 2;
						continue;
					}
					j++;
				}
				if (push_char(q, &s, &pos, &n, &cap, b[j], j))
					goto fail;
				j++;
			}
			if (j >= len) {
				qerr_at(q, open, "unbalanced quote: the \" here is never closed");
				goto fail;
			}
			j++;
		} else if (b[j] == '\\') {
			if (j + 1 >= len) {
				j++;
				continue;
			}
			if (b[j + 1] == '\n') {
				/* a continuation inside a word joins it */
				j += 2;
				continue;
			}
			if (push_char(q, &s, &pos, &n, &cap, b[j + 1], j + 1))
				goto fail;
			j += 2;
		} else {
			if (push_char(q, &s, &pos, &n, &cap, b[j], j))
				goto fail;
			j++;
		}
	}
	if (!s && push_char(q, &s, &pos, &n, &cap, '\0', t->off))
		goto fail;
	if (!n)
		s[0] = '\0';
	else
		t->off = pos[0];
	t->s = s;
	t->pos = pos;
	*i = j;
	return 0;
fail:
	free(s);
	free(pos);
	return -1;
}

/* The offset of character k of token t in the source. */
static size_t tok_off(const struct qtok *t, size_t k)
{
	size_t n = strlen(t->s);
	if (!n)
		return t->off;
	return t->pos[k < n ? k : n - 1];
}

static bool word_is_binary(const char *w, size_t n, bool *other_arch)
{
	while (n && (*w == '\'' || *w == '"')) {
		w++;
		n--;
	}
	while (n && (w[n - 1] == '\'' || w[n - 1] == '"' || w[n - 1] == '\\'))
		n--;
	const char *base = w;
	for (size_t k = 0; k < n; k++)
		if (w[k] == '/')
			base = w + k + 1;
	size_t bl = n - (size_t)(base - w);
	*other_arch = false;
	if (bl > 12 && !strncmp(base, "qemu-system-", 12)) {
		*other_arch = !((bl == 18 && !strncmp(base + 12, "x86_64", 6)) || (bl == 16 && !strncmp(base + 12, "i386", 4)));
		return true;
	}
	return (bl == 8 && !strncmp(base, "qemu-kvm", 8)) || (bl == 3 && !strncmp(base, "kvm", 3));
}

/* Where the command starts: the first word naming QEMU, else the text's start. */
static int find_start(struct qemu *q, size_t *start, bool *found)
{
	const char *b = q->c.src;
	size_t len = q->c.srclen;
	*found = false;
	*start = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && (is_blank(b[i]) || b[i] == '\n'))
			i++;
		size_t w = i;
		while (i < len && !is_blank(b[i]) && b[i] != '\n')
			i++;
		bool other;
		if (i > w && word_is_binary(b + w, i - w, &other)) {
			if (other)
				return qerr_at(q, w, "irqsim models x86 guests (qemu-system-x86_64), not this binary");
			*start = w;
			*found = true;
			/* kvm (Debian's, Proxmox VE's) and qemu-kvm (RHEL's) accelerate with KVM by default */
			size_t n = i - w;
			q->kvm = (n >= 3 && !strncmp(b + i - 3, "kvm", 3) && (n == 3 || b[i - 4] == '/' || b[i - 4] == '-'));
			return 0;
		}
	}
	return 0;
}

static bool is_assignment(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	return *s == '=';
}

/* The words of the command; a newline that is not escaped or quoted ends it. */
static int tokenize(struct qemu *q, size_t start, size_t *end)
{
	const char *b = q->c.src;
	size_t len = q->c.srclen, i = start;
	while (i < len) {
		if (is_blank(b[i])) {
			i++;
			continue;
		}
		if (b[i] == '\\' && i + 1 < len && b[i + 1] == '\n') {
			i += 2;
			continue;
		}
		if (b[i] == '\n') {
			if (q->nt)
				break;
			i++;
			continue;
		}
		if (b[i] == '#') {
			/* a shell comment runs to the end of its line */
			while (i < len && b[i] != '\n')
				i++;
			continue;
		}
		if (q->nt == QEMU_MAX_TOKENS)
			return qerr_at(q, i, "too many words (more than 100000)");
		struct qtok *nt = array_grow(q->t, q->nt, sizeof(*nt));
		if (!nt)
			return qerr_at(q, i, "out of memory");
		q->t = nt;
		if (read_word(q, &i, &q->t[q->nt]))
			return -1;
		q->nt++;
	}
	*end = i;
	return 0;
}

/* ----------------------------------------------------------- options */

static void opts_free(struct qopts *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->kv[i].key);
		free(o->kv[i].val);
	}
	free(o->kv);
	memset(o, 0, sizeof(*o));
}

static int opts_add(struct qemu *q, struct qopts *o, const char *k, size_t kl, const char *v, size_t off)
{
	struct qkv *n = array_grow(o->kv, o->n, sizeof(*n));
	if (!n)
		return qerr_at(q, off, "out of memory");
	o->kv = n;
	n[o->n].key = nomem_check(strndup(k, kl));
	n[o->n].val = nomem_check(strdup(v));
	n[o->n].off = off;
	if (!n[o->n].key || !n[o->n].val) {
		free(n[o->n].key);
		free(n[o->n].val);
		return qerr_at(q, off, "out of memory");
	}
	o->n++;
	return 0;
}

/*
 * QEMU's key=value list; the first item may omit its key ('implied').
 * An item without '=' elsewhere is a flag: QEMU reads 'foo' as foo=on.
 */
static int parse_keyval(struct qemu *q, const struct qtok *t, const char *implied, struct qopts *o)
{
	const char *s = t->s;
	size_t n = strlen(s), i = 0;
	char *val = nomem_check(malloc(n + 1));
	if (!val)
		return qerr_at(q, t->off, "out of memory");
	bool first = true;
	while (i <= n) {
		size_t ks = i;
		while (i < n && s[i] != '=' && s[i] != ',')
			i++;
		size_t kl = i - ks, v = 0;
		bool eq = i < n && s[i] == '=';
		if (eq) {
			for (i++; i < n; i++) {
				if (s[i] == ',') {
					if (s[i + 1] != ',')
						break;
					i++;
				}
				val[v++] = s[i];
			}
		}
		val[v] = '\0';
		int rc = 0;
		if (!eq && first && implied) {
			/* "virtio-blk-pci" -> driver=virtio-blk-pci, with ',,' unescaped */
			for (size_t k = ks; k < ks + kl; k++)
				val[v++] = s[k];
			val[v] = '\0';
			rc = opts_add(q, o, implied, strlen(implied), val, tok_off(t, ks));
		} else if (!kl && !eq && i >= n && first) {
			rc = 0; /* an empty value: no items */
		} else if (!kl) {
			rc = qerr_at(q, tok_off(t, ks), "expected key=value%s", eq ? " (the key is missing)" : "");
		} else {
			rc = opts_add(q, o, s + ks, kl, eq ? val : "on", tok_off(t, ks));
		}
		if (rc) {
			free(val);
			return -1;
		}
		first = false;
		if (i >= n)
			break;
		i++; /* the ',' */
		if (i == n) {
			free(val);
			return qerr_at(q, tok_off(t, i - 1), "expected an option after ','");
		}
	}
	free(val);
	return 0;
}

/* libvirt's JSON form of -device/-netdev/-object: a flat object. */
static int parse_json(struct qemu *q, const struct qtok *t, struct qopts *o)
{
	json_error_t je;
	json_t *j;
	int lr = json_load_counted(t->s, strlen(t->s), JSON_REJECT_DUPLICATES, &j, &je);
	if (lr == -ENOMEM)
		return qerr_at(q, t->off, "out of memory"); /* irqsim_from_qemu says so (it counted) */
	if (lr) {
		size_t k = je.position > 0 ? (size_t)je.position - 1 : 0;
		return qerr_at(q, tok_off(t, k), "bad JSON: %s", text_one_line(je.text));
	}
	if (!json_is_object(j)) {
		json_decref(j);
		return qerr_at(q, t->off, "expected a JSON object");
	}
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v) {
		char buf[64];
		const char *val = NULL;
		char *dumped = NULL;
		if (json_is_string(v))
			val = json_string_value(v);
		else if (json_is_integer(v))
			snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v)), val = buf;
		else if (json_is_true(v))
			val = "on";
		else if (json_is_false(v))
			val = "off";
		else
			val = dumped = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		int rc = val ? opts_add(q, o, key, strlen(key), val, t->off) : qerr_at(q, t->off, "out of memory");
		free(dumped);
		if (rc) {
			json_decref(j);
			return -1;
		}
	}
	json_decref(j);
	return 0;
}

static int parse_opts(struct qemu *q, const struct qtok *t, const char *implied, struct qopts *o)
{
	memset(o, 0, sizeof(*o));
	int rc = t->s[0] == '{' ? parse_json(q, t, o) : parse_keyval(q, t, implied, o);
	if (rc)
		opts_free(o);
	return rc;
}

static const char *opt_get(const struct qopts *o, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->kv[i].key, key))
			v = o->kv[i].val; /* the last one wins, as in QEMU */
	return v;
}

/* ---------------------------------------------------------- options */

/* QEMU options without an argument (qemu-options.hx), with one dash. */
static const char *const no_arg[] = {
	"-nodefaults", "-no-reboot", "-no-shutdown", "-enable-kvm", "-nographic", "-S", "-s", "-snapshot",
	"-no-user-config", "-no-hpet", "-no-acpi", "-daemonize", "-full-screen", "-no-fd-bootchk", "-usb",
	"-win2k-hack", "-no-kvm", "-preconfig", "-only-migratable", "-enable-sync-profile", "-semihosting",
	"-version", "-help", "-h", "-old-param", "-no-frame", "-alt-grab", "-ctrl-grab", "-no-quit",
	"-portrait", "-rtc-td-hack", "-no-kvm-irqchip", "-no-kvm-pit", "-no-kvm-pit-reinjection",
	"-no-graphic", "-curses", "-sdl", "-xen-attach", "-nodefconfig",
};

static bool takes_arg(const char *opt)
{
	for (size_t i = 0; i < sizeof(no_arg) / sizeof(no_arg[0]); i++)
		if (!strcmp(opt, no_arg[i]))
			return false;
	return true;
}

static int do_machine(struct qemu *q, const struct qtok *t)
{
	struct qopts o;
	if (parse_opts(q, t, "type", &o))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < o.n && !rc; i++) {
		const struct qkv *kv = &o.kv[i];
		if (!strcmp(kv->key, "type")) {
			bool q35;
			if (conv_machine_kind(kv->val, &q35, &q->compat_queues)) {
				rc = qerr_at(q, kv->off, "-machine: irqsim models the pc and q35 machines (pc, q35, "
					     "pc-i440fx-*, pc-q35-*), not '%.40s'", kv->val);
				break;
			}
			free(q->machine_type);
			q->machine_type = nomem_check(strdup(kv->val));
			q->machine_type_off = kv->off;
		} else if (!strcmp(kv->key, "accel")) {
			q->kvm = !strncmp(kv->val, "kvm", 3);
		} else if (!strcmp(kv->key, "kernel-irqchip")) {
			q->irqchip_not_full = !strcmp(kv->val, "split") || !strcmp(kv->val, "off");
			q->irqchip_split = !strcmp(kv->val, "split");
		} else {
			conv_ignored(&q->c, "-machine properties", "-machine %s=%s", kv->key, kv->val);
		}
	}
	opts_free(&o);
	return rc;
}

/* ------------------------------------------------------------ devices */

/*
 * QEMU device names irqsim has a model of.  The properties kept on the device
 * line are those the model reads (its property table, drivers/devprops.h);
 * the others are listed as ignored.
 */
static const struct {
	const char *qemu, *model;
} devices[] = {
	{ "virtio-blk-pci", "virtio-blk-pci" },
	{ "virtio-blk-pci-transitional", "virtio-blk-pci" },
	{ "virtio-blk-pci-non-transitional", "virtio-blk-pci" },
	{ "virtio-blk", "virtio-blk-pci" },
	{ "virtio-net-pci", "virtio-net-pci" },
	{ "virtio-net-pci-transitional", "virtio-net-pci" },
	{ "virtio-net-pci-non-transitional", "virtio-net-pci" },
	{ "virtio-net", "virtio-net-pci" },
	{ "virtio-scsi-pci", "virtio-scsi-pci" },
	{ "virtio-scsi-pci-transitional", "virtio-scsi-pci" },
	{ "virtio-scsi-pci-non-transitional", "virtio-scsi-pci" },
	{ "virtio-scsi", "virtio-scsi-pci" },
	{ "nvme", "nvme" },
	{ "pcie-root-port", "pcie-root-port" },
	{ "pci-bridge", "pci-bridge" },
	{ "intel-iommu", "intel-iommu" },
	{ "amd-iommu", "amd-iommu" },
	/* issue 22: the other virtio devices of a libvirt guest, their variants and aliases */
	{ "virtio-balloon-pci", "virtio-balloon-pci" },
	{ "virtio-balloon-pci-transitional", "virtio-balloon-pci" },
	{ "virtio-balloon-pci-non-transitional", "virtio-balloon-pci" },
	{ "virtio-balloon", "virtio-balloon-pci" },
	{ "virtio-rng-pci", "virtio-rng-pci" },
	{ "virtio-rng-pci-transitional", "virtio-rng-pci" },
	{ "virtio-rng-pci-non-transitional", "virtio-rng-pci" },
	{ "virtio-rng", "virtio-rng-pci" },
	{ "virtio-serial-pci", "virtio-serial-pci" },
	{ "virtio-serial-pci-transitional", "virtio-serial-pci" },
	{ "virtio-serial-pci-non-transitional", "virtio-serial-pci" },
	{ "virtio-serial", "virtio-serial-pci" },
	{ "virtconsole", "virtconsole" },
	{ "virtserialport", "virtserialport" },
	{ "virtio-keyboard-pci", "virtio-keyboard-pci" },
	{ "virtio-keyboard", "virtio-keyboard-pci" },
	{ "virtio-mouse-pci", "virtio-mouse-pci" },
	{ "virtio-mouse", "virtio-mouse-pci" },
	{ "virtio-tablet-pci", "virtio-tablet-pci" },
	{ "virtio-tablet", "virtio-tablet-pci" },
	{ "virtio-gpu-pci", "virtio-gpu-pci" },
	{ "virtio-gpu", "virtio-gpu-pci" },
	{ "virtio-vga", "virtio-vga" },
	{ "vhost-vsock-pci", "vhost-vsock-pci" },
	{ "vhost-vsock-pci-non-transitional", "vhost-vsock-pci" },
	/* emulated devices (issue 22) */
	{ "qemu-xhci", "qemu-xhci" },
	{ "nec-usb-xhci", "nec-usb-xhci" },
	{ "ich9-ahci", "ich9-ahci" },
	{ "e1000e", "e1000e" },
	{ "vmxnet3", "vmxnet3" },
	{ "pvscsi", "pvscsi" },
	{ "megasas-gen2", "megasas-gen2" },
	{ "lsi53c895a", "lsi53c895a" },
	{ "ich9-intel-hda", "ich9-intel-hda" },
	/* USB devices: on a USB controller's bus, no PCI function, no interrupt of their own */
	{ "usb-tablet", "usb-tablet" },
	{ "usb-kbd", "usb-kbd" },
	{ "usb-mouse", "usb-mouse" },
	{ "usb-storage", "usb-storage" },
};

static int device_index(const char *name)
{
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (!strcmp(devices[i].qemu, name))
			return (int)i;
	return -1;
}

/* One ",key=value" of a device line, with its source position. */
static int put_opt(struct qemu *q, FILE *f, const struct qkv *kv, const char *key, const char *val, bool exact)
{
	unsigned l, c;
	pos_of(q, kv->off, &l, &c);
	fputc(',', f);
	if (conv_mark(&q->c, l, c, exact))
		return -1;
	fprintf(f, "%s=", key);
	long bad = conv_put_optval(f, val);
	if (bad >= 0) {
		char ch[2] = { val[bad], '\0' };
		return qerr_at(q, kv->off, "%s: irqsim cannot carry %s in an option value", key,
			       iscntrl((unsigned char)ch[0]) ? "a control character" : ch[0] == ' ' ? "a blank" : ch);
	}
	return 0;
}

/* The queue pairs a -netdev gives its NIC: queues=N, or one per tap fd (fds=a:b). */
static unsigned netdev_queues(const struct qopts *nd, bool *given)
{
	const char *v = opt_get(nd, "queues");
	*given = true;
	if (v) {
		char *end;
		unsigned long n = strtoul(v, &end, 0);
		return *end || !*v || n > 1024 ? 0 : (unsigned)n;
	}
	if ((v = opt_get(nd, "fds"))) {
		unsigned n = 1;
		for (; *v; v++)
			n += *v == ':';
		return n;
	}
	*given = false;
	return 1;
}

/* ------------------------------------------------------------ Proxmox VE */

/* -readconfig of Proxmox VE's q35 configuration (qemu-server's pve-q35-4.0.cfg, installed in /usr/share/qemu-server) */
static bool pve_q35_cfg(const char *path)
{
	const char *base = strrchr(path, '/');
	return !strcmp(base ? base + 1 : path, "pve-q35-4.0.cfg");
}

/* One of that file's PCI bridges, which Proxmox's -device lines name as bus= */
static bool pve_bridge(const char *id)
{
	return !strcmp(id, "pci.0") || !strcmp(id, "pci.1") || !strcmp(id, "pci.2") || !strcmp(id, "pci.3");
}

/*
 * The devices pve-q35-4.0.cfg creates, as Proxmox publishes the file: two
 * ICH9 USB 2 controllers (EHCI at 1d.7 and 1a.7, three UHCI companions each
 * at 1d.0-2 and 1a.0-2), ich9-intel-hda at 1b.0, four root ports at
 * 1c.0-3 (ich9-pcie-port-1..4), a DMI-to-PCI bridge (i82801b11-bridge) at
 * 1e.0 and behind it the PCI bridges pci.0-pci.3 at slots 1-4.  The DMI
 * bridge is written as a pci-bridge (a plain PCI-PCI bridge, the same INTx
 * swizzling, no interrupt of its own); pci.N becomes pve-pci.N, for
 * irqsim's pci.0 is the root bus.
 */
static int pve_devices(struct qemu *q, bool q35)
{
	static const char *const lines[] = {
		"device pci-generic,qemu=ich9-usb-ehci1,id=ehci,driver=ehci-pci,msi=0,types=intx,max-vectors=1,name=ehci_hcd:usb%u,pin=D,"
		"multifunction=on,addr=1d.7",
		"device pci-generic,qemu=ich9-usb-uhci1,id=uhci-1,driver=uhci_hcd,msi=0,types=intx,max-vectors=1,name=uhci_hcd:usb%u,"
		"multifunction=on,addr=1d.0",
		"device pci-generic,qemu=ich9-usb-uhci2,id=uhci-2,driver=uhci_hcd,msi=0,types=intx,max-vectors=1,name=uhci_hcd:usb%u,pin=B,"
		"multifunction=on,addr=1d.1",
		"device pci-generic,qemu=ich9-usb-uhci3,id=uhci-3,driver=uhci_hcd,msi=0,types=intx,max-vectors=1,name=uhci_hcd:usb%u,pin=C,"
		"multifunction=on,addr=1d.2",
		"device pci-generic,qemu=ich9-usb-ehci2,id=ehci-2,driver=ehci-pci,msi=0,types=intx,max-vectors=1,name=ehci_hcd:usb%u,pin=D,"
		"multifunction=on,addr=1a.7",
		"device pci-generic,qemu=ich9-usb-uhci4,id=uhci-4,driver=uhci_hcd,msi=0,types=intx,max-vectors=1,name=uhci_hcd:usb%u,"
		"multifunction=on,addr=1a.0",
		"device pci-generic,qemu=ich9-usb-uhci5,id=uhci-5,driver=uhci_hcd,msi=0,types=intx,max-vectors=1,name=uhci_hcd:usb%u,pin=B,"
		"multifunction=on,addr=1a.1",
		"device pci-generic,qemu=ich9-usb-uhci6,id=uhci-6,driver=uhci_hcd,msi=0,types=intx,max-vectors=1,name=uhci_hcd:usb%u,pin=C,"
		"multifunction=on,addr=1a.2",
		"device ich9-intel-hda,id=audio0,addr=1b.0",
		"device pcie-root-port,id=ich9-pcie-port-1,port=1,chassis=1,multifunction=on,addr=1c.0",
		"device pcie-root-port,id=ich9-pcie-port-2,port=2,chassis=2,multifunction=on,addr=1c.1",
		"device pcie-root-port,id=ich9-pcie-port-3,port=3,chassis=3,multifunction=on,addr=1c.2",
		"device pcie-root-port,id=ich9-pcie-port-4,port=4,chassis=4,multifunction=on,addr=1c.3",
		"device pci-bridge,id=pcidmi,chassis_nr=5,shpc=off,addr=1e.0",
		"device pci-bridge,id=pve-pci.0,chassis_nr=1,bus=pcidmi,addr=1",
		"device pci-bridge,id=pve-pci.1,chassis_nr=2,bus=pcidmi,addr=2",
		"device pci-bridge,id=pve-pci.2,chassis_nr=3,bus=pcidmi,addr=3",
		"device pci-bridge,id=pve-pci.3,chassis_nr=4,bus=pcidmi,addr=4",
	};
	unsigned l, c;
	pos_of(q, q->pve_cfg->off, &l, &c);
	if (!q35) {
		conv_ignored(&q->c, "-readconfig", "-readconfig %s: Proxmox's q35 configuration on a pc machine",
			     q->pve_cfg->s);
		return 0;
	}
	conv_note(&q->c, "-readconfig %s: Proxmox VE's q35 devices (2 EHCI + 6 UHCI as pci-generic, HDA, 4 root ports, "
		  "the DMI bridge and pci.0-pci.3 as pve-pci.0-pve-pci.3)", q->pve_cfg->s);
	q->c.generic += 8;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (conv_line(&q->c, l, c, "%s", lines[i]))
			return -1;
	return 0;
}

/* ------------------------------------------------------------ IDE / AHCI */

/*
 * The IDE buses a device line may name at device number 'upto': the
 * machine's own (q35: ich9-ahci at 00:1f.2, ide.0-ide.5, one unit each; pc:
 * the PIIX IDE, ide.0 and ide.1, two units each), then each -device
 * ich9-ahci before it (ID.0-ID.5 with an id, else the next automatic
 * ide.N).  The units a bus takes, 0 when there is no such bus.
 */
static unsigned ide_bus_units(struct qemu *q, size_t upto, bool q35, const char *bus)
{
	unsigned next = q35 ? 6 : 2;
	const char *dot = strrchr(bus, '.');
	char *end;
	unsigned long n = dot && dot[1] ? strtoul(dot + 1, &end, 10) : ULONG_MAX;
	if (!dot || !dot[1] || *end || dot[1] == '+' || dot[1] == '-')
		return 0;
	bool auto_name = (size_t)(dot - bus) == 3 && !strncmp(bus, "ide", 3);
	if (auto_name && n < next)
		return q35 ? 1 : 2;
	for (size_t i = 0; i < upto && i < q->ndevs; i++) {
		struct qopts o;
		if (parse_opts(q, q->devs[i], "driver", &o))
			return 0;
		const char *drv = opt_get(&o, "driver"), *id = opt_get(&o, "id");
		bool hit = false;
		if (drv && !strcmp(drv, "ich9-ahci")) {
			if (id)
				hit = !strncmp(bus, id, (size_t)(dot - bus)) && strlen(id) == (size_t)(dot - bus) && n < 6;
			else {
				hit = auto_name && n >= next && n < next + 6;
				next += 6;
			}
		}
		opts_free(&o);
		if (hit)
			return 1;
	}
	return 0;
}

/*
 * The IDE drives and devices of a command line, checked as QEMU 7.2 places
 * them (drive_new's bus/unit/index arithmetic, the IDE bus's unit count),
 * and on q35 the chipset's AHCI they sit on named once: a disk on ide.N is
 * on ich9-ahci 00:1f.2, which takes no new function, and its driver (ahci)
 * binds to it.  pc's PIIX IDE (ata_piix, ISA IRQs 14/15) is not modelled.
 */
static int ide_devices(struct qemu *q, bool q35)
{
	const unsigned nbus = q35 ? 6 : 2, units = q35 ? 1 : 2;
	unsigned char used[6][2] = { { 0 } };
	const struct qtok *first = NULL; /* the first IDE drive or device: where the AHCI line points */
	int rc = 0;
	/* the machine creates its drives' devices before any -device */
	for (size_t i = 0; i < q->nide && !rc; i++) {
		const struct ide_drive *dr = &q->ide[i];
		long bus = 0, unit = -1;
		if (dr->index >= 0) {
			bus = dr->index / (long)units;
			unit = dr->index % (long)units;
		} else {
			struct qopts o;
			if ((rc = parse_opts(q, dr->t, "file", &o)))
				break;
			const char *iface = opt_get(&o, "if"), *b = opt_get(&o, "bus"), *u = opt_get(&o, "unit"),
				   *ix = opt_get(&o, "index");
			bool ide = !iface || !strcmp(iface, "ide");
			char *end = NULL;
			if (ide && ix) {
				long v = strtol(ix, &end, 10);
				bus = v / (long)units;
				unit = v % (long)units;
				if (*end || v < 0)
					rc = qerr_at(q, dr->t->off, "-drive %.60s: index= expects a number", dr->t->s);
			}
			if (ide && !rc && !ix && b && ((bus = strtol(b, &end, 10)) < 0 || *end))
				rc = qerr_at(q, dr->t->off, "-drive %.60s: bus= expects a number", dr->t->s);
			if (ide && !rc && !ix && u && ((unit = strtol(u, &end, 10)) < 0 || *end))
				rc = qerr_at(q, dr->t->off, "-drive %.60s: unit= expects a number", dr->t->s);
			opts_free(&o);
			if (!ide || rc)
				continue;
		}
		if (unit >= (long)units) {
			rc = qerr_at(q, dr->t->off, "-drive %.60s: unit %ld too big (max is %u)", dr->t->s, unit, units - 1);
			break;
		}
		/* no unit: the first free one from this bus on (drive_new) */
		if (unit < 0)
			for (unit = 0; bus < (long)nbus && used[bus][unit];)
				if (++unit == (long)units)
					unit = 0, bus++;
		if (bus >= (long)nbus) {
			rc = qerr_at(q, dr->t->off, "-drive %.60s: machine type does not support if=ide,bus=%ld,unit=%ld "
				     "(%s)", dr->t->s, bus, unit,
				     q35 ? "q35's AHCI has buses 0 to 5, one unit each" : "pc's PIIX IDE has buses 0 and 1");
			break;
		}
		if (used[bus][unit]) {
			rc = qerr_at(q, dr->t->off, "-drive %.60s: drive with bus=%ld, unit=%ld (index=%ld) exists", dr->t->s, bus,
				     unit, bus * (long)units + unit);
			break;
		}
		used[bus][unit] = 1;
		first = first ? first : dr->t;
	}
	for (size_t i = 0; i < q->ndevs && !rc; i++) {
		struct qopts o;
		if ((rc = parse_opts(q, q->devs[i], "driver", &o)))
			break;
		const char *drv = opt_get(&o, "driver"), *bus = opt_get(&o, "bus"), *u = opt_get(&o, "unit");
		if (drv && !strncmp(drv, "ide-", 4) && bus) {
			unsigned n = ide_bus_units(q, i, q35, bus);
			char *end;
			long unit = u ? strtol(u, &end, 10) : -1;
			unsigned long b = strtoul(bus + 4, NULL, 10);
			bool own = !strncmp(bus, "ide.", 4) && b < nbus;
			if (!n)
				rc = qerr_at(q, q->devs[i]->off, "-device %.60s: Bus '%.40s' not found (%s)", q->devs[i]->s,
					     bus, q35 ? "q35's AHCI at 00:1f.2 has ide.0 to ide.5" : "pc's PIIX IDE has ide.0 and ide.1");
			else if (u && (*end || unit < 0))
				rc = qerr_at(q, q->devs[i]->off, "-device %.60s: unit= expects a number", q->devs[i]->s);
			else if (own) {
				if (unit < 0)
					for (unit = 0; unit < (long)n && used[b][unit]; unit++)
						;
				if (unit >= (long)n || used[b][unit])
					rc = qerr_at(q, q->devs[i]->off, "-device %.60s: Can't create IDE unit %ld, bus supports "
						     "only %u unit%s", q->devs[i]->s, unit, n, n == 1 ? "" : "s");
				else
					used[b][unit] = 1;
			}
			if (own && !first)
				first = q->devs[i];
		} else if (drv && !strncmp(drv, "ide-", 4) && !first) {
			first = q->devs[i];
		}
		opts_free(&o);
	}
	if (rc || !first)
		return rc;
	if (!q35) {
		conv_note(&q->c, "IDE disks on pc's PIIX IDE (00:01.1, ata_piix on ISA IRQs 14 and 15): not modelled");
		return 0;
	}
	unsigned l, c;
	pos_of(q, first->off, &l, &c);
	conv_note(&q->c, "IDE/SATA disks on q35's own AHCI (ich9-ahci at 00:1f.2, buses ide.0-ide.5): no new function, "
		  "its driver ahci binds to it");
	return conv_line(&q->c, l, c, "device ich9-ahci,addr=1f.2");
}

static int do_device(struct qemu *q, const struct qtok *t, struct qopts *netdevs, size_t nnetdevs)
{
	struct qopts o;
	if (parse_opts(q, t, "driver", &o))
		return -1;
	const char *drv = opt_get(&o, "driver");
	int rc = 0;
	if (!drv) {
		rc = qerr_at(q, t->off, "-device: no driver named (expected DRIVER,key=value,...)");
		goto out;
	}
	int dev = device_index(drv);
	const struct conv_generic_dev *gen = dev < 0 ? conv_generic_find(drv) : NULL;
	/* an unknown device at an explicit PCI address still holds that slot */
	static const struct conv_generic_dev held = { "", "driver=unknown,msi=0,types=none",
						      "not known to irqsim: it holds its slot (addr=); its interrupts, if "
						      "any, are not counted" };
	if (dev < 0 && !gen && !conv_not_pci(drv) && opt_get(&o, "addr"))
		gen = &held;
	if (dev < 0 && !gen) {
		/* nothing that may take an interrupt passes without a word */
		if (conv_not_pci(drv))
			conv_ignored(&q->c, drv, "-device %s (no PCI function of its own)", t->s);
		else
			conv_ignored(&q->c, drv, "-device %s (not known to irqsim: if it is a PCI function, its "
				     "interrupts are not counted)", t->s);
		goto out;
	}
	const char *model = gen ? "pci-generic" : devices[dev].model;
	unsigned l, c;
	pos_of(q, t->off, &l, &c);
	FILE *f = conv_begin(&q->c, l, c);
	if (!f) {
		rc = -1;
		goto out;
	}
	fprintf(f, "device %s", model);
	if (gen) {
		/* the QEMU device it is, when its name is one (the recorder boots it) */
		if (drv[strspn(drv, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")] == '\0')
			fprintf(f, ",qemu=%s", drv);
		fprintf(f, ",%s", gen->opts);
		conv_generic(&q->c, "-device %s: %s", drv, gen->why);
	}
	const char *id = opt_get(&o, "id");
	bool has_queues = false, has_mq = false;
	for (size_t i = 0; i < o.n && !rc; i++) {
		const struct qkv *kv = &o.kv[i];
		if (!strcmp(kv->key, "driver"))
			continue;
		if (opt_get(&o, kv->key) != kv->val) {
			/* QEMU takes the last of a repeated property */
			continue;
		}
		if (q->pve_cfg && !strcmp(kv->key, "bus") && pve_bridge(kv->val)) {
			/* Proxmox's bridges pci.0-pci.3 are not the root bus irqsim's pci.0 names */
			char b[16];
			snprintf(b, sizeof(b), "pve-%s", kv->val);
			rc = put_opt(q, f, kv, kv->key, b, false);
		} else if ((!strcmp(kv->key, "id") && strcmp(model, "intel-iommu") && strcmp(model, "amd-iommu")) || devprop_modelled(model, kv->key)) {
			rc = put_opt(q, f, kv, kv->key, kv->val, t->s[0] != '{');
			has_queues |= !strcmp(kv->key, "num-queues") || !strcmp(kv->key, "num_queues");
			has_mq |= !strcmp(kv->key, "mq");
		} else if (!strcmp(kv->key, "netdev") && !strcmp(model, "virtio-net-pci")) {
			const struct qopts *nd = NULL;
			for (size_t k = 0; k < nnetdevs; k++) {
				const char *nid = opt_get(&netdevs[k], "id");
				if (nid && !strcmp(nid, kv->val))
					nd = &netdevs[k];
			}
			bool given;
			unsigned n = nd ? netdev_queues(nd, &given) : 1;
			if (!nd)
				conv_note(&q->c, "-device %s: no -netdev with id '%s': one queue pair", id ? id : drv, kv->val);
			else if (!n)
				rc = qerr_at(q, kv->off, "-netdev %.40s: queues= expects a number from 1 to 1024", kv->val);
			else if (n > 1) {
				/* the tap's queue pairs are the NIC's (virtio-net max_queue_pairs) */
				char num[16];
				snprintf(num, sizeof(num), "%u", n);
				rc = put_opt(q, f, kv, "queues", num, false);
				has_queues = true;
			}
		} else {
			conv_ignored(&q->c, "-device properties", "-device %s: %s=%s", id ? id : drv, kv->key, kv->val);
		}
	}
	/* QEMU's mq default (off) where irqsim's queues= implies mq=on; vectors
	 * needs nothing: QEMU 7.2's default, 2 x the netdev's pairs + 2, is irqsim's */
	if (!rc && !strcmp(model, "virtio-net-pci") && has_queues && !has_mq)
		fputs(",mq=off", f);
	/* intremap=auto (x86_iommu_realize) is off under KVM with the full in-kernel irqchip, on otherwise */
	if (!rc && (!strcmp(model, "intel-iommu") || !strcmp(model, "amd-iommu")) && q->kvm && !q->irqchip_not_full &&
	    !opt_get(&o, "intremap")) {
		fputs(",intremap=off", f);
		conv_note(&q->c, "-device %s: intremap defaults to off under KVM with the in-kernel irqchip", model);
	}
	/* vtd_decide_config: eim=auto is on with an in-kernel (split) irqchip and remapping on: the guest runs x2APIC */
	const char *ir = opt_get(&o, "intremap");
	if (!rc && !strcmp(model, "intel-iommu") && q->kvm && q->irqchip_split && !opt_get(&o, "eim") &&
	    !(ir && !strcmp(ir, "off"))) {
		fputs(",eim=on", f);
		conv_note(&q->c, "-device intel-iommu: eim defaults to on under KVM with kernel-irqchip=split");
	}
	if (!rc && !has_queues && q->compat_queues > 0 &&
	    (!strcmp(model, "virtio-blk-pci") || !strcmp(model, "virtio-scsi-pci")))
		fputs(!strcmp(model, "virtio-blk-pci") ? ",num-queues=1" : ",num_queues=1", f);
	if (rc) {
		conv_end(&q->c);
		goto out;
	}
	rc = conv_end(&q->c);
out:
	opts_free(&o);
	return rc;
}

/* ------------------------------------------------------------ the run */

static int do_global(struct qemu *q, const struct qtok *t)
{
	static const char key[] = "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=";
	if (!strncmp(t->s, key, sizeof(key) - 1) && (!strcmp(t->s + sizeof(key) - 1, "off") ||
						      !strcmp(t->s + sizeof(key) - 1, "false"))) {
		q->native_hotplug = true;
		return 0;
	}
	conv_ignored(&q->c, "-global", "-global %s", t->s);
	return 0;
}

static int put_cmdline(struct qemu *q)
{
	const struct qtok *t = q->append;
	unsigned l, c;
	pos_of(q, t->off, &l, &c);
	FILE *f = conv_begin(&q->c, l, c);
	if (!f)
		return -1;
	fputs("cmdline \"", f);
	for (const char *p = t->s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		/* the kernel splits its command line at any white space */
		fputc(iscntrl((unsigned char)*p) ? ' ' : *p, f);
	}
	fputc('"', f);
	return conv_end(&q->c);
}

static int emit(struct qemu *q, struct qopts *netdevs, size_t nnd)
{
	unsigned l, c;
	if (q->kernel) {
		const char *k = conv_kernel_line(q->kernel->s);
		pos_of(q, q->kernel->off, &l, &c);
		if (k && conv_line(&q->c, l, c, "kernel %s", k))
			return -1;
		if (!k)
			conv_note(&q->c, "-kernel %s: not a kernel line irqsim models, the default kernel is used",
				  q->kernel->s);
	}
	bool q35 = false;
	int compat;
	if (q->machine_type)
		conv_machine_kind(q->machine_type, &q35, &compat);
	else
		conv_note(&q->c, "no -machine: QEMU's default, pc");
	pos_of(q, q->machine_type ? q->machine_type_off : 0, &l, &c);
	if (q->native_hotplug && !q35)
		conv_note(&q->c, "-global ICH9-LPC...=off: the pc machine has no ICH9-LPC, ignored");
	if (conv_line(&q->c, l, c, "machine %s%s", q35 ? "q35" : "pc",
		      q->native_hotplug && q35 ? " pcie-hotplug=native" : ""))
		return -1;
	if (q->compat_queues > 0)
		conv_note(&q->c, "machine %s: virtio-blk and virtio-scsi default to one queue (before QEMU 5.2)",
			  q->machine_type);
	if (q->smp) {
		FILE *f;
		pos_of(q, q->smp->off, &l, &c);
		if (!(f = conv_begin(&q->c, l, c)))
			return -1;
		fputs("smp ", f);
		if (conv_mark(&q->c, l, c, true))
			return -1;
		fputs(q->smp->s, f);
		if (conv_end(&q->c))
			return -1;
	}
	for (size_t i = 0; i < q->nnuma; i++) {
		const struct qtok *t = q->numa[i];
		pos_of(q, t->off, &l, &c);
		FILE *f = conv_begin(&q->c, l, c);
		if (!f)
			return -1;
		fputs("numa ", f);
		if (conv_mark(&q->c, l, c, true))
			return -1;
		fputs(t->s, f);
		if (conv_end(&q->c))
			return -1;
	}
	if (q->append && put_cmdline(q))
		return -1;
	if (q->kvm) {
		/* the VM runs on KVM: count its GSI routes */
		if (conv_line(&q->c, l, c, "host kvm"))
			return -1;
	}
	if (q->pve_cfg && pve_devices(q, q35))
		return -1;
	if (ide_devices(q, q35))
		return -1;
	for (size_t i = 0; i < q->ndevs; i++)
		if (do_device(q, q->devs[i], netdevs, nnd))
			return -1;
	return conv_line(&q->c, 1, 1, "boot");
}

static int push_tok(struct qemu *q, const struct qtok ***v, size_t *n, const struct qtok *t)
{
	const struct qtok **nv = array_grow(*v, *n, sizeof(*nv));
	if (!nv)
		return qerr_at(q, t->off, "out of memory");
	nv[(*n)++] = t;
	*v = nv;
	return 0;
}

static int convert(struct qemu *q)
{
	size_t start, end = 0;
	bool found;
	if (find_start(q, &start, &found) || tokenize(q, start, &end))
		return -1;
	size_t i = 0;
	if (found) {
		i = 1;
	} else {
		while (i < q->nt && is_assignment(q->t[i].s))
			i++;
		if (i < q->nt && q->t[i].s[0] != '-')
			return qerr_at(q, q->t[i].off, "expected a QEMU command line (qemu-system-x86_64 -machine ...): no QEMU binary and no option here");
	}
	if (!q->nt || i >= q->nt)
		return qerr_at(q, q->c.srclen, "expected a QEMU command line (qemu-system-x86_64 -machine ...), got nothing");
	/* what follows the command (a libvirt log's later lines) */
	while (end < q->c.srclen && isspace((unsigned char)q->c.src[end]))
		end++;
	if (end < q->c.srclen) {
		unsigned l, c;
		pos_of(q, end, &l, &c);
		conv_note(&q->c, "the text from line %u on is not part of the command, ignored", l);
	}
	struct qopts *netdevs = NULL;
	size_t nnd = 0;
	int rc = 0;
	for (; i < q->nt && !rc; i++) {
		const struct qtok *t = &q->t[i];
		char opt[64];
		if (t->s[0] != '-' || !t->s[1]) {
			conv_ignored(&q->c, "disk images", "%s (a disk image)", t->s);
			continue;
		}
		/* QEMU takes --opt as -opt */
		snprintf(opt, sizeof(opt), "%s", t->s + (t->s[1] == '-' ? 1 : 0));
		if (!takes_arg(opt)) {
			if (!strcmp(opt, "-enable-kvm"))
				q->kvm = true;
			else if (!strcmp(opt, "-nodefaults"))
				q->nodefaults = true;
			else
				conv_ignored(&q->c, opt, "%s", opt);
			continue;
		}
		if (i + 1 >= q->nt) {
			rc = qerr_at(q, t->off, "%s: expected an argument after it", opt);
			break;
		}
		const struct qtok *a = &q->t[++i];
		if (!strcmp(opt, "-machine") || !strcmp(opt, "-M")) {
			rc = do_machine(q, a);
		} else if (!strcmp(opt, "-accel")) {
			struct qopts o;
			if (!(rc = parse_opts(q, a, "accel", &o))) {
				const char *acc = opt_get(&o, "accel"), *ic = opt_get(&o, "kernel-irqchip");
				q->kvm = acc && !strcmp(acc, "kvm");
				if (ic) {
					q->irqchip_not_full = !strcmp(ic, "split") || !strcmp(ic, "off");
					q->irqchip_split = !strcmp(ic, "split");
				}
				opts_free(&o);
			}
		} else if (!strcmp(opt, "-smp")) {
			q->smp = a;
		} else if (!strcmp(opt, "-append")) {
			q->append = a;
		} else if (!strcmp(opt, "-kernel")) {
			q->kernel = a;
		} else if (!strcmp(opt, "-global")) {
			rc = do_global(q, a);
		} else if (!strcmp(opt, "-netdev")) {
			struct qopts *n = array_grow(netdevs, nnd, sizeof(*n));
			if (!n) {
				rc = qerr_at(q, a->off, "out of memory");
				break;
			}
			netdevs = n;
			if (!(rc = parse_opts(q, a, "type", &netdevs[nnd]))) {
				nnd++;
				conv_ignored(&q->c, opt, "%s %s (the back end; its queues= count is used)", opt, a->s);
			}
		} else if (!strcmp(opt, "-numa")) {
			if (strncmp(a->s, "node", 4) || (a->s[4] && a->s[4] != ','))
				conv_ignored(&q->c, "-numa dist/cpu", "-numa %s", a->s);
			else
				rc = push_tok(q, &q->numa, &q->nnuma, a);
		} else if (!strcmp(opt, "-device")) {
			/* emitted in order after the machine */
			rc = push_tok(q, &q->devs, &q->ndevs, a);
		} else if (!strcmp(opt, "-readconfig") && pve_q35_cfg(a->s)) {
			q->pve_cfg = a;
		} else if (!strcmp(opt, "-drive") || !strcmp(opt, "-hda") || !strcmp(opt, "-hdb") || !strcmp(opt, "-hdc") ||
			   !strcmp(opt, "-hdd") || !strcmp(opt, "-cdrom")) {
			/* an IDE drive unless if= says otherwise (checked once the machine is known) */
			struct ide_drive *d = array_grow(q->ide, q->nide, sizeof(*d));
			if (!d) {
				rc = qerr_at(q, a->off, "out of memory");
				break;
			}
			q->ide = d;
			q->ide[q->nide++] = (struct ide_drive){ .t = a, .index = !strcmp(opt, "-drive") ? -1 : !strcmp(opt, "-cdrom") ? 2
													    : opt[3] - 'a' };
			conv_ignored(&q->c, opt, "%s %s", opt, a->s);
		} else {
			conv_ignored(&q->c, opt, "%s %s", opt, a->s);
		}
	}
	if (!rc && !q->nodefaults)
		conv_note(&q->c, "no -nodefaults: QEMU adds a VGA card and a NIC irqsim does not model; "
			  "slots QEMU picks for later devices may differ");
	if (!rc)
		rc = emit(q, netdevs, nnd);
	for (size_t k = 0; k < nnd; k++)
		opts_free(&netdevs[k]);
	free(netdevs);
	return rc;
}

static int from_qemu_unguarded(const char *name, const char *buf, size_t len, struct irqsim_conversion *out, char *err,
		     size_t errlen);

/* Every allocation failure inside ends the call with "irqsim: out of memory" (lib/nomem.h) */
int irqsim_from_qemu(const char *name, const char *buf, size_t len, struct irqsim_conversion *out, char *err,
		     size_t errlen)
{
	unsigned long nm = nomem_count;
	int rc = from_qemu_unguarded(name, buf, len, out, err, errlen);
	if (nomem_since(nm, err, errlen) && !rc) {
		irqsim_conversion_free(out);
		rc = -1;
	}
	return rc;
}

static int from_qemu_unguarded(const char *name, const char *buf, size_t len, struct irqsim_conversion *out, char *err,
		     size_t errlen)
{
	struct qemu q;
	memset(&q, 0, sizeof(q));
	if (conv_init(&q.c, name, buf, len, err, errlen))
		return -1;
	conv_note(&q.c, "irqsim scenario from the QEMU command line in %s", name);
	const char *nul = memchr(buf, '\0', len);
	int rc = nul ? qerr_at(&q, (size_t)(nul - buf), "unexpected NUL byte") : convert(&q);
	for (size_t i = 0; i < q.nt; i++) {
		free(q.t[i].s);
		free(q.t[i].pos);
	}
	free(q.t);
	free(q.devs);
	free(q.ide);
	free(q.numa);
	free(q.machine_type);
	if (rc)
		q.c.failed = true;
	return conv_finish(&q.c, rc ? NULL : out) || rc ? -1 : 0;
}
