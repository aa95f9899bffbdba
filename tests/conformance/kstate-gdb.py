# SPDX-License-Identifier: GPL-2.0-only
"""gdb script (run inside gdb, not on its own): the `irqsim-kstate` command
reads the guest kernel's interrupt-vector state from memory and appends it
to a file in the kstate.txt format of tests/conformance/README.md.

Loaded by `record --kstate` into one gdb that has the guest's -dbg vmlinux
and is attached to QEMU's gdb stub (the guest stopped); the guest runs
Debian's 6.1 or 6.12 kernel booted with nokaslr, so the symbols' addresses
are the vmlinux's.  Everything is read through the kernel's debug info (the
struct layouts of either line come from the DWARF, not from here); only
the encodings of the two irq descriptor containers (6.1: the xarray
irq_desc_tree, 6.12: the maple tree sparse_irqs) are walked by hand.

    irqsim-kstate FILE STEP TEXT...
"""

import gdb

KERNEL_MIN = 0xffff800000000000     # lowest x86-64 kernel address
MARKER_MIN = (1 << 64) - 4096       # -4095..-1: error values and markers
MARKER_SHUTDOWN = (1 << 64) - 1
MARKER_RETRIGGERED = (1 << 64) - 2


def val(expr):
    return gdb.parse_and_eval(expr)


def u(v):
    return int(v) & 0xffffffffffffffff


def signed32(v):
    """An unsigned int field debugfs prints with %d (irq_common_data.node:
    NUMA_NO_NODE is -1)."""
    v &= 0xffffffff
    return v - (1 << 32) if v >> 31 else v


def read_longs(addr, n):
    mem = gdb.selected_inferior().read_memory(addr, 8 * n)
    b = bytes(mem)
    return [int.from_bytes(b[8 * i:8 * i + 8], "little") for i in range(n)]


def map_addr(field):
    """Where a bitmap field's words are: 6.1 embeds them (an array), 6.12
    points to them (system_map, managed_map) or ends the struct with them
    (alloc_map[], a flexible array: its address either way)."""
    if field.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        return u(field)
    return u(field.address)


def bitmap_hex(words, nbits):
    """The kernel's %*pb form: 32-bit groups, most significant first."""
    groups = []
    for i in range((nbits + 31) // 32):
        groups.append((words[i // 2] >> (32 * (i % 2))) & 0xffffffff)
    return ",".join("%08x" % g for g in reversed(groups))


def bitmap_list(words, nbits):
    """The %*pbl form: 0-3,8."""
    out = []
    i = 0
    while i < nbits:
        if (words[i // 64] >> (i % 64)) & 1:
            j = i
            while j + 1 < nbits and (words[(j + 1) // 64] >> ((j + 1) % 64)) & 1:
                j += 1
            out.append(str(i) if i == j else "%d-%d" % (i, j))
            i = j + 1
        else:
            i += 1
    return ",".join(out)


def cpumask_list(mask, ncpus):
    """A cpumask_var_t (a pointer with CPUMASK_OFFSTACK, else an array of one
    struct cpumask) as a CPU list."""
    if mask.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        addr = u(mask)
    else:
        addr = u(mask.address)
    if addr == 0:
        return "-"
    return bitmap_list(read_longs(addr, (ncpus + 63) // 64), ncpus)


# ---------------------------------------------------------------- irq descs

def xa_walk(entry, out):
    """Every leaf entry of an xarray below ENTRY (6.1 irq_desc_tree).  An
    internal entry has the low bits 10; above 4096 it points to a node
    (plus 2), below it is a sibling or retry marker."""
    v = u(entry)
    if v == 0:
        return
    if v & 3 == 2:
        if v <= 4096:
            return
        node = gdb.Value(v - 2).cast(gdb.lookup_type("struct xa_node").pointer())
        slots = node["slots"]
        n = slots.type.strip_typedefs().range()[1] + 1
        for i in range(n):
            xa_walk(slots[i], out)
        return
    out.append(v)


MAPLE_TYPE_SHIFT, MAPLE_TYPE_MASK, MAPLE_NODE_MASK = 3, 0x0f, 0xff
MAPLE_RANGE_64, MAPLE_ARANGE_64 = 2, 3


def mt_walk(entry, lo, hi, out, root=True):
    """Every (first index, entry) of a maple tree below ENTRY covering
    [lo, hi] (6.12 sparse_irqs).  The root is a node if it is an internal
    entry (low bits 10, above 4096), else the tree's only entry (index 0);
    the slots of a non-leaf node always hold nodes, not marked internal.  A
    node entry has its type in bits 3-6 and the node at the entry with the
    low 8 bits cleared.  Slot i of a node covers (pivot[i-1], pivot[i]];
    the last slot ends at the node's maximum; a zero pivot after the first
    slot ends the node's data."""
    v = u(entry)
    if v == 0:
        return
    if root and not (v & 3 == 2 and v > 4096):
        out.append((lo, v))
        return
    typ = (v >> MAPLE_TYPE_SHIFT) & MAPLE_TYPE_MASK
    node = gdb.Value(v & ~MAPLE_NODE_MASK).cast(gdb.lookup_type("struct maple_node").pointer())
    if typ == MAPLE_ARANGE_64:
        body = node["ma64"]
    elif typ in (1, MAPLE_RANGE_64):          # maple_leaf_64, maple_range_64
        body = node["mr64"]
    else:
        raise gdb.GdbError("maple node type %d not handled" % typ)
    leaf = typ < MAPLE_RANGE_64
    pivots = body["pivot"]
    slots = body["slot"]
    npiv = pivots.type.strip_typedefs().range()[1] + 1
    first = lo
    for i in range(npiv + 1):
        piv = u(pivots[i]) if i < npiv else hi
        if i > 0 and i < npiv and piv == 0:
            break
        piv = min(piv, hi)
        s = slots[i]
        if leaf:
            sv = u(s)
            if sv:
                out.append((first, sv))
        else:
            mt_walk(s, first, piv, out, root=False)
        if piv >= hi:
            break
        first = piv + 1


def irq_descs():
    """[(irq, struct irq_desc *)] of every allocated descriptor."""
    desc_t = gdb.lookup_type("struct irq_desc").pointer()
    found = []
    try:
        tree = val("irq_desc_tree")
        leaves = []
        xa_walk(tree["xa_head"], leaves)
        for p in leaves:
            d = gdb.Value(p).cast(desc_t)
            found.append((int(d["irq_data"]["irq"]), d))
    except gdb.error as e:
        if "irq_desc_tree" not in str(e):
            raise
        tree = val("sparse_irqs")
        ents = []
        mt_walk(tree["ma_root"], 0, 0xffffffffffffffff, ents)
        for idx, p in ents:
            if p < KERNEL_MIN:
                raise gdb.GdbError("sparse_irqs: index %d holds 0x%x, not a pointer" % (idx, p))
            d = gdb.Value(p).cast(desc_t)
            irq = int(d["irq_data"]["irq"])
            if irq != idx:
                raise gdb.GdbError("sparse_irqs: index %d holds the desc of irq %d (walk: %s)" % (
                    idx, irq, " ".join("%d:%d" % (i, int(gdb.Value(q).cast(desc_t)["irq_data"]["irq"]))
                                       for i, q in ents)))
            found.append((irq, d))
    found.sort(key=lambda x: x[0])
    irqs = [i for i, _ in found]
    if len(set(irqs)) != len(irqs):
        raise gdb.GdbError("irq descriptor container lists an irq twice: %s" % irqs)
    return found


# ---------------------------------------------------------------- the dump

def symbol_at(addr):
    if addr == 0:
        return "-"
    b = gdb.block_for_pc(addr)
    while b is not None and b.function is None:
        b = b.superblock
    if b is not None and b.function is not None and b.start == addr:
        return b.function.name
    s = gdb.execute("info symbol 0x%x" % addr, to_string=True).split()
    return s[0] if s and s[1:2] == ["in"] else "0x%x" % addr


def cstring(p):
    if u(p) == 0:
        return "-"
    try:
        raw = bytes(gdb.selected_inferior().read_memory(u(p), 128))
    except gdb.MemoryError:
        return "?"
    return raw.split(b"\0")[0].decode("utf-8", "replace").replace(" ", "_") or "-"


def irqd_names():
    """(mask, name) of the IRQD_* enumerators this kernel has, from its debug
    info, in bit order; the IRQ_TYPE_* bits of IRQD_TRIGGER_MASK first."""
    names = [(1, "IRQ_TYPE_EDGE_RISING"), (2, "IRQ_TYPE_EDGE_FALLING"),
             (4, "IRQ_TYPE_LEVEL_HIGH"), (8, "IRQ_TYPE_LEVEL_LOW")]
    for f in val("IRQD_ACTIVATED").type.strip_typedefs().fields():
        v = int(f.enumval)
        if f.name.startswith("IRQD_") and v and v & (v - 1) == 0:
            names.append((v, f.name))
    return sorted(names)


def dump(path, step, text):
    inf = gdb.selected_inferior()
    if inf.pid == 0:
        # without a target gdb would read the vmlinux file's static data
        raise gdb.GdbError("not attached to the guest (target remote failed)")
    lock = val("vector_lock")
    lockword = bytes(inf.read_memory(u(lock.address), 4))
    if lockword != b"\0\0\0\0":
        # stopped inside a vector_lock section: not a consistent state
        raise gdb.GdbError("IRQSIM-KSTATE-BUSY vector_lock is held")
    ncpus = int(val("nr_cpu_ids"))
    m = val("vector_matrix").dereference()
    mbits = int(m["matrix_bits"])
    nwords = (mbits + 63) // 64
    out = ["step %s %s" % (step, text)]
    out.append("matrix matrix_bits=%d alloc_start=%d alloc_end=%d alloc_size=%d "
               "global_available=%d global_reserved=%d systembits_inalloc=%d "
               "total_allocated=%d online_maps=%d system_map=%s" % (
                   mbits, int(m["alloc_start"]), int(m["alloc_end"]), int(m["alloc_size"]),
                   int(m["global_available"]), int(m["global_reserved"]),
                   int(m["systembits_inalloc"]), int(m["total_allocated"]),
                   int(m["online_maps"]),
                   bitmap_hex(read_longs(map_addr(m["system_map"]), nwords), mbits)))
    pco = val("__per_cpu_offset")
    maps = u(m["maps"])
    cpumap_t = gdb.lookup_type("struct cpumap").pointer()
    vi_sym = val("vector_irq")
    vi_base = u(vi_sym.address)
    nvec = vi_sym.type.strip_typedefs().range()[1] + 1
    online = read_longs(u(val("__cpu_online_mask").address), (ncpus + 63) // 64)
    for cpu in range(ncpus):
        off = u(pco[cpu])
        c = gdb.Value((maps + off) & 0xffffffffffffffff).cast(cpumap_t).dereference()
        out.append("cpu %d initialized=%d online=%d available=%d allocated=%d managed=%d "
                   "managed_allocated=%d alloc_map=%s managed_map=%s" % (
                       cpu, int(c["initialized"]), int(c["online"]), int(c["available"]),
                       int(c["allocated"]), int(c["managed"]), int(c["managed_allocated"]),
                       bitmap_hex(read_longs(map_addr(c["alloc_map"]), nwords), mbits),
                       bitmap_hex(read_longs(map_addr(c["managed_map"]), nwords), mbits)))
        # this CPU's vector_irq[]: vector -> irq (or the kernel's markers)
        ents = read_longs((vi_base + off) & 0xffffffffffffffff, nvec)
        cells = []
        for vec, p in enumerate(ents):
            if p == 0:
                continue
            if KERNEL_MIN <= p < MARKER_MIN:
                d = gdb.Value(p).cast(gdb.lookup_type("struct irq_desc").pointer())
                cells.append("%d:%d" % (vec, int(d["irq_data"]["irq"])))
            else:
                # VECTOR_UNUSED is 0; the markers VECTOR_SHUTDOWN (-1) and
                # VECTOR_RETRIGGERED (-2) are small negative numbers
                cells.append("%d:%s" % (vec, {MARKER_SHUTDOWN: "shutdown",
                                              MARKER_RETRIGGERED: "retriggered"}.get(p, "0x%x" % p)))
        out.append("vectors %d online=%d %s" % (
            cpu, (online[cpu // 64] >> (cpu % 64)) & 1, " ".join(cells) or "-"))
    vdom = u(val("x86_vector_domain"))
    # the VECTOR domain's head of the debugfs dump (irq_domain_debug_show)
    vd_dom = val("x86_vector_domain").dereference()
    out.append("vecdomain name=%s size=%d mapped=%d flags=0x%08x" % (
        cstring(vd_dom["name"]), int(vd_dom["revmap_size"]), int(vd_dom["mapcount"]),
        int(vd_dom["flags"])))
    legacy = val("legacy_pic").dereference()
    nlegacy = int(legacy["nr_legacy_irqs"])
    io_apic_irqs = u(val("io_apic_irqs"))
    acd_t = gdb.lookup_type("struct apic_chip_data").pointer()
    names = irqd_names()
    for irq, d in irq_descs():
        cd = d["irq_common_data"]
        st = int(cd["state_use_accessors"])
        flags = [n for b, n in names if st & b]
        known = 0
        for b, _ in names:
            known |= b
        if st & ~known:
            flags.append("0x%x" % (st & ~known))
        top = d["irq_data"]
        line = ["irq %d dstate=0x%08x flags=%s depth=%d wake_depth=%d istate=0x%x status=0x%x" % (
            irq, st, ",".join(flags) or "-", int(d["depth"]), int(d["wake_depth"]),
            int(d["core_internal_state__do_not_mess_with_it"]),
            int(d["status_use_accessors"]))]
        line.append("node=%d affinity=%s effective=%s pending=%s" % (
            signed32(int(cd["node"])), cpumask_list(cd["affinity"], ncpus),
            cpumask_list(cd["effective_affinity"], ncpus),
            cpumask_list(d["pending_mask"], ncpus)))
        chip = top["chip"]
        line.append("handler=%s chip=%s hwirq=0x%x" % (
            symbol_at(u(d["handle_irq"])),
            cstring(chip["name"]) if u(chip) else "-", u(top["hwirq"])))
        # the hierarchy from the top level down to the root (VECTOR)
        levels = []
        level = top.address
        vd = None
        while u(level):
            dom = level["domain"]
            levels.append(cstring(dom["name"]) if u(dom) else "-")
            if u(dom) == vdom:
                vd = level
            level = level["parent_data"]
        line.append("domains=%s" % (">".join(levels) or "-"))
        # debugfs shows the vector part only below a VECTOR level
        if vd is None:
            line.append("vector=-")
        elif irq < nlegacy and not (io_apic_irqs >> irq) & 1:
            line.append("vector=legacy-pic")
        elif u(vd["chip_data"]) == 0:
            line.append("vector=unassigned")
        else:
            a = vd["chip_data"].cast(acd_t).dereference()
            line.append("vector=%d target=%d prev_vector=%d prev_target=%d move_in_progress=%d "
                        "is_managed=%d can_reserve=%d has_reserved=%d cleanup_pending=%d" % (
                            int(a["vector"]), int(a["cpu"]), int(a["prev_vector"]),
                            int(a["prev_cpu"]), int(a["move_in_progress"]),
                            int(a["is_managed"]), int(a["can_reserve"]),
                            int(a["has_reserved"]), int(u(a["clist"]["pprev"]) != 0)))
        out.append(" ".join(line))
    with open(path, "a") as f:
        f.write("\n".join(out) + "\n")
    return len(out)


class KstateCommand(gdb.Command):
    """irqsim-kstate FILE STEP TEXT...: append the kernel's vector state."""

    def __init__(self):
        super().__init__("irqsim-kstate", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        parts = arg.split(None, 2)
        if len(parts) < 2:
            raise gdb.GdbError("usage: irqsim-kstate FILE STEP [TEXT]")
        n = dump(parts[0], parts[1], parts[2] if len(parts) > 2 else "")
        gdb.write("IRQSIM-KSTATE-OK %d lines\n" % n)


KstateCommand()
