#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Drive map pages in headless Chromium through chromedriver (the W3C
WebDriver protocol over HTTP, standard library only) the way a person does:

  browser.py single PAGE.html SHOT.png    one run's page
  browser.py sides PAGE.html SHOT.png N   N runs side by side

single: at load the page shows the last step and its headline is the one the
page carries without script; then the step control is moved with the keyboard
through every step, and at each the grid's cells must agree with the matrix
counters the simulation recorded after that step (allocated cells = allocated,
managed reservation cells = managed reserved) and the marks of the first
fallback and failure must appear from their step on; then a device range is
selected by its link (its cells light up, their number is the range's vectors
on the map, its chain shows), then one device of it, then the control moves
back to the first step (the selection has no cells there).
sides: N panes, each grid with the same geometry; the control moves every
pane; pane 0's grid cells and the others' are the same size.
Exit 0 with one line of what was seen; 1 with what went wrong."""
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HOME, RIGHT, END = "\ue011", "\ue014", "\ue010"
# side by side: two panes of 2 px cells fit a 1920 px screen
WIDTH = 1920 if sys.argv[1] == "sides" else 1440


def fail(msg):
    print(f"{sys.argv[2]}: {msg}")
    sys.exit(1)


class Driver:
    def __init__(self, profile):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.proc = subprocess.Popen([shutil.which("chromedriver"), f"--port={self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": browser,
            # root needs --no-sandbox; a private profile keeps parallel runs apart
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     f"--window-size={WIDTH},1800", f"--user-data-dir={profile}"]}}}}
        self.sid = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.load(r)["value"] if path != "/status" else None
        except urllib.error.HTTPError as e:
            fail(f"webdriver {method} {path}: {e.read()[:300]!r}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.sid}{path}", body)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        els = self.s("POST", "/elements", {"using": "css selector", "value": css})
        if not els:
            fail(f"no element {css}")
        return list(els[0].values())[0]

    def click(self, css):
        self.s("POST", f"/element/{self.find(css)}/click", {})

    def keys(self, css, text):
        self.s("POST", f"/element/{self.find(css)}/value", {"text": text})

    def quit(self):
        try:
            self.s("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait()


# What a pane shows: the counts of the cells drawn and of the legend, the headline, the marks
STATE = """
const pi = arguments[0], cells = document.querySelectorAll('#cells' + pi + ' rect.c');
const n = {};
for (const r of cells) {
  const cls = r.getAttribute('class').split(' ')[1];
  n[cls] = (n[cls] || 0) + Number(r.getAttribute('width')) / D_cw();
}
function D_cw() { return JSON.parse(document.getElementById('mapdata').textContent).geom.cw; }
const legend = {};
for (const li of document.querySelectorAll('#legend' + pi + ' li'))
  legend[li.getAttribute('data-state')] = Number(li.getAttribute('data-count'));
const data = JSON.parse(document.getElementById('mapdata').textContent).panes[pi];
const k = Math.min(Number(document.getElementById('step').value), data.steps.length - 1);
return {k: k, cells: n, legend: legend, c: data.steps[k].c, n: data.steps[k].n, nsteps: data.steps.length,
        head: document.getElementById('head' + pi).textContent,
        label: document.getElementById('steplabel').textContent,
        marks: document.querySelectorAll('#marks' + pi + ' rect').length,
        fb: data.steps.findIndex(s => s.fb >= 0), fail: data.steps.findIndex(s => s.fail >= 0)};
"""


def check_step(d, pi, where):
    st = d.js(STATE, pi)
    cells = {k: int(v) for k, v in st["cells"].items()}
    for key in "amrf":
        if cells.get(key, 0) != st["legend"][key]:
            fail(f"{where}: {cells.get(key, 0)} '{key}' cells drawn, the legend says {st['legend'][key]}")
    online, slots, alloc, rsv = st["c"][0:4]
    if cells.get("a", 0) + cells.get("m", 0) != alloc:
        fail(f"{where} (step {st['n']}): {cells.get('a', 0) + cells.get('m', 0)} allocated cells, the matrix had {alloc}")
    if cells.get("r", 0) != rsv:
        fail(f"{where} (step {st['n']}): {cells.get('r', 0)} managed reservation cells, the matrix had {rsv}")
    if not st["head"].startswith(f"After step {st['n']} ("):
        fail(f"{where}: headline '{st['head'][:80]}' at step {st['n']}")
    want = (st["fb"] >= 0 and st["k"] >= st["fb"]) + (st["fail"] >= 0 and st["k"] >= st["fail"])
    if st["marks"] != want:
        fail(f"{where} (step {st['n']}): {st['marks']} marks on the grid, want {want}")
    return st


def static_head(page, pi):
    with open(page, encoding="utf-8") as f:
        m = re.search(rf'<p class="stephead" id="head{pi}">(.*?)</p>', f.read())
    return (m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&amp;", "&")) if m else None


def wait_kind(d, kind):
    """hashchange is dispatched after the click returns"""
    for _ in range(50):
        if d.js("return document.getElementById('sel0').getAttribute('data-kind')") == kind:
            return
        time.sleep(0.1)
    fail(f"no {kind} selected after the click (hash '{d.js('return location.hash')}')")


def single(d, page):
    st = check_step(d, 0, "at load")
    if st["k"] != st["nsteps"] - 1:
        fail(f"the page opened at recorded step {st['k']}, not the last ({st['nsteps'] - 1})")
    if st["head"] != static_head(page, 0):
        fail(f"the script's headline of the last step differs from the page's own:\n  {st['head']}\n  {static_head(page, 0)}")
    d.keys("#step", HOME)
    first = check_step(d, 0, "after Home")
    if first["k"] != 0 or "step %d " % first["n"] not in first["label"]:
        fail(f"Home left the control at {first['k']} ('{first['label']}')")
    for i in range(1, st["nsteps"]):
        d.keys("#step", RIGHT)
        now = check_step(d, 0, f"after {i} x Right")
        if now["k"] != i:
            fail(f"after {i} x Right the control is at {now['k']}")
    # a range of devices that fell back, else the last range
    groups = d.js("return [...document.querySelectorAll('#groups0 details')].map("
                  "e => [e.id, e.querySelector('summary').textContent, e.querySelectorAll('tr').length - 1])")
    pick = next((g for g in groups if "shared" in g[1] or "failed" in g[1] or "intx" in g[1]), groups[-1])
    gid = pick[0]
    d.click(f"#{gid} summary a")
    wait_kind(d, "grp")
    sel = d.js("const p = document.getElementById('sel0'); "
               "const n = [...document.querySelectorAll('#" + gid + " td.n:nth-last-child(2)')]"
               ".reduce((a, td) => a + Number(td.textContent), 0); "
               "const lit = [...document.querySelectorAll('#cells0 rect.c')].filter(r => "
               "getComputedStyle(r).fill === 'rgb(255, 212, 0)').length; "
               "return [p.getAttribute('data-kind'), Number(p.getAttribute('data-cells')), n, lit, p.textContent, "
               "document.getElementById('" + gid + "').open, location.hash]")
    kind, cells, want, lit, text, opened, hash_ = sel
    if kind != "grp" or cells != want or lit != want:
        fail(f"range {pick[1][:60]}: panel {kind}, {cells} cells, {lit} lit on the grid; its table says {want}")
    if "->" not in text or not opened:
        fail(f"range {pick[1][:60]}: no chain shown or not opened: '{text[:120]}'")
    # one device of the range
    d.click(f"#{gid} table tr:nth-child(2) a")
    wait_kind(d, "dev")
    kind, cells, text = d.js("const p = document.getElementById('sel0'); return [p.getAttribute('data-kind'), "
                             "Number(p.getAttribute('data-cells')), p.textContent]")
    want1 = int(d.js("return document.querySelector('#" + gid + " table tr:nth-child(2) td.n:nth-last-child(2)').textContent"))
    if kind != "dev" or cells != want1 or not text.startswith("Device #"):
        fail(f"device of {pick[1][:40]}: panel {kind}, {cells} cells (want {want1}): '{text[:80]}'")
    d.keys("#step", HOME)
    early = d.js("return Number(document.getElementById('sel0').getAttribute('data-cells'))")
    return (f"{st['nsteps']} steps checked, range '{pick[1].strip()[:50]}' {want} cells lit, "
            f"device {want1}, {early} at the first step")


def sides(d, n):
    panes = d.js("return document.querySelectorAll('.pane').length")
    if panes != n:
        fail(f"{panes} panes, want {n}")
    geo = d.js("return [...document.querySelectorAll('svg[id^=grid]')].map(s => [s.getAttribute('width'), "
               "s.getAttribute('height')])")
    if len(set(map(tuple, geo))) != 1:
        fail(f"grids of different sizes: {geo}")
    # a single cell is as wide in every pane; the timeline bars share one scale
    widths = d.js("return [...document.querySelectorAll('svg[id^=grid]')].map(s => "
                  "Math.min(...[...s.querySelectorAll('rect.c.a, rect.c.m')].map(r => Number(r.getAttribute('width')))))")
    if len(set(widths)) != 1:
        fail(f"cell widths differ between panes: {widths}")
    for pi in range(n):
        check_step(d, pi, f"pane {pi} at load")
    d.keys("#step", HOME)
    for pi in range(n):
        st = check_step(d, pi, f"pane {pi} after Home")
        if st["k"] != 0:
            fail(f"pane {pi} did not follow the control")
    d.keys("#step", END)
    label = d.js("return document.getElementById('steplabel').textContent")
    if label.count("|") != n - 1:
        fail(f"the control's label names {label.count('|') + 1} panes: '{label}'")
    return f"{n} panes, grids {geo[0][0]}x{geo[0][1]}, cells {widths[0]} px"


def main():
    mode, page, shot = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    profile = tempfile.mkdtemp(prefix="irqsim-map-")
    d = Driver(profile)
    try:
        d.s("POST", "/url", {"url": "file://" + page})
        for _ in range(600):
            if d.js("return document.body.getAttribute('data-ready')") == "1":
                break
            time.sleep(0.1)
        else:
            # the script sets data-ready last: an exception on the way leaves it unset
            fail("the page's script never finished (no data-ready)")
        d.keys("#step", END)
        with open(shot, "wb") as f:
            f.write(base64.b64decode(d.s("GET", "/screenshot")))
        seen = single(d, page) if mode == "single" else sides(d, int(sys.argv[4]))
        print(f"{page}: ok, {seen}")
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


main()
