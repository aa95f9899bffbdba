#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Count the pixels of each cell state's colour in a screenshot of a map page
(PNG decoded here with zlib only), the colours read from the page's own CSS:

  png_states.py SHOT.png MAP.html exhausted|roomy

Only the grid's rows count: pixel rows with at least 900 pixels of state
colours (a grid row is 1024 pixels of cells plus its per-CPU bar; the
timeline's bars are 600 wide, the legend's swatches 12).
exhausted: managed reservations are the most common state colour and free
vectors nearly absent (under 1% of the managed pixels), as on seed 000;
roomy: more free than managed-reserved pixels."""
import re
import struct
import sys
import zlib

NAMES = {"x": "not usable", "y": "system", "a": "allocated", "m": "allocated managed",
         "r": "managed reserved", "f": "free", "o": "offline"}


def decode_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ft == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ft == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif ft == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ft == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    png, html, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(html, encoding="utf-8") as f:
        css = f.read()
    colours = {}
    for cls in NAMES:
        m = re.search(r"\n\.%s\{fill:#([0-9a-f]{6})\}" % cls, css)
        if not m:
            raise SystemExit(f"{html}: no colour for state .{cls}")
        colours[bytes.fromhex(m.group(1))] = cls
    w, h, bpp, rows = decode_png(png)
    counts = dict.fromkeys(NAMES, 0)
    grid_rows = 0
    for line in rows:
        row = dict.fromkeys(NAMES, 0)
        for i in range(0, len(line), bpp):
            cls = colours.get(line[i:i + 3])
            if cls:
                row[cls] += 1
        if sum(row.values()) >= 900:
            grid_rows += 1
            for c, n in row.items():
                counts[c] += n
    summary = ", ".join(f"{NAMES[c]} {n}" for c, n in counts.items())
    print(f"{png}: {w}x{h}, {grid_rows} grid rows: {summary}")
    if grid_rows < 100:
        raise SystemExit(f"{png}: the grid is not in the screenshot")
    top = max(counts, key=counts.get)
    if mode == "exhausted":
        if top != "r" or counts["f"] * 100 > counts["r"]:
            raise SystemExit(f"{png}: expected managed reservations to dominate and free to be nearly absent")
    elif mode == "roomy":
        if counts["f"] <= counts["r"] or counts["f"] < 10000:
            raise SystemExit(f"{png}: expected more free than managed-reserved pixels")
    else:
        raise SystemExit(f"unknown mode {mode}")


main()
