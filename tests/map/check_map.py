#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Structural check of one map page against the matrix as the vector view
prints it (irqsim run ... --view vector -J):

  check_map.py MAP.html VECTOR.json

The page must be well-formed XML (XHTML with inline SVG) under 5 MB; the
legend's counts must be the matrix totals (allocated = act, managed
reservations = man - mac, free = avl, summed over the online CPUs; offline =
possible - online); every allocated cell must be its own rect with a tooltip;
every device link must have its target and cells to light up."""
import json
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def fail(msg):
    print(f"{sys.argv[1]}: {msg}")
    sys.exit(1)


def main():
    path, vpath = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) > 5 * 1024 * 1024:
        fail(f"{len(raw)} bytes, over 5 MB")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        fail(f"not well-formed: {e}")
    with open(vpath) as f:
        vec = json.load(f)
    legend = {li.get("data-state"): int(li.get("data-count"))
              for li in root.iter(XHTML + "li") if li.get("data-state")}
    if set(legend) != set("xyamrfo"):
        fail(f"legend states {sorted(legend)}")
    # docs/schema/vector.schema.json: the matrix, or 3.10's vector_irq tables
    legacy = vec["allocator"] == "vector_irq"
    cpus = (vec["vector_irq"] if legacy else vec["matrix"])["cpus"]
    if legacy:
        want = {"am": sum(c["allocated"] for c in cpus), "r": 0,
                "f": sum(c["available"] for c in cpus)}
    else:
        want = {"am": sum(c["act"] for c in cpus),
                "r": sum(c["man"] - c["mac"] for c in cpus),
                "f": sum(c["avl"] for c in cpus)}
    got = {"am": legend["a"] + legend["m"], "r": legend["r"], "f": legend["f"]}
    if got != want:
        fail(f"legend {got} but the matrix says {want}")
    h1 = "".join(next(root.iter(XHTML + "h1")).itertext())
    m = re.search(r"(\d+) of (\d+) CPUs online", h1)
    if not m or int(m.group(1)) != len(cpus):
        fail(f"heading '{h1}' but {len(cpus)} CPUs online")
    if legend["o"] != int(m.group(2)) - int(m.group(1)):
        fail(f"{legend['o']} offline CPUs in the legend, heading '{h1}'")
    svgs = list(root.iter(SVG + "svg"))
    if len(svgs) < 3:  # timeline, grid, legend swatches
        fail(f"{len(svgs)} svg elements")
    cells = [r for r in root.iter(SVG + "rect")
             if r.get("class", "").split()[:2] in (["c", "a"], ["c", "m"])]
    if len(cells) != got["am"]:
        fail(f"{len(cells)} allocated cells drawn, legend says {got['am']}")
    for r in cells:
        t = r.find(SVG + "title")
        if t is None or not re.match(r"CPU \d+ vector 0x[0-9a-f]{2}: (irq \d+|allocated)", t.text or ""):
            fail(f"allocated cell without its irq in a tooltip: {ET.tostring(r)[:200]}")
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    owned = set()
    for r in cells:
        owned.update(c for c in r.get("class").split() if c.startswith("d"))
    for a in root.iter(XHTML + "a"):
        href = a.get("href", "")
        if not href.startswith("#dev"):
            continue
        if href[1:] not in ids:
            fail(f"link {href} has no target")
        if "d" + href[4:] not in owned:
            fail(f"link {href}: no cell of that device")
    print(f"{path}: ok ({len(raw)} bytes, {len(cells)} allocated cells, legend {legend})")


main()
