"""Benchmark kg.html: synthetic graphs → HTML → load in headless Chromium → seconds.

    python bench/bench_html.py                 # 2,000 and 10,000 displayed nodes
    python bench/bench_html.py --sizes 500 2000 --repeat 3 --keep /tmp/bench

For each size it prints the Python time (view + layout + HTML), the file size,
and the browser time from navigation start until the network is drawn
(``window.kgReady``, set on vis-network's first ``afterDrawing`` after
stabilization), plus the time of one redraw after a zoom (interactivity).
Network requests other than file:// are aborted. Targets: 2k ≤ 3 s, 10k ≤ 10 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.browser import CHROMIUM_ARGS, chromium_path
from kg.html import write_html

CHROMIUM = chromium_path() or "/usr/bin/chromium"
TYPES = ["PERSON", "ORGANIZATION", "COUNTRY", "LOCATION", "NORP"]
EVENTS = [
    ("STATEMENT", "01"),
    ("CONSULT", "04"),
    ("DEMAND", "10"),
    ("THREATEN", "13"),
    ("AID", "07"),
    ("FIGHT", "19"),
    ("REJECT", "12"),
    ("APPEAL", "02"),
]


def synthetic_graph(n: int, seed: int = 0, edges_per_node: float = 1.5) -> nx.MultiDiGraph:
    """A kg-schema graph whose default HTML view has ``n`` nodes (90 % entities)."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    n_ent = max(2, int(n * 0.9))
    docs = [f"doc{i}" for i in range(max(1, n // 20))]
    for doc in docs:
        G.add_node(
            f"article:{doc}",
            kind="article",
            label=f"Article {doc}",
            title=f"Title {doc}",
            date="2022-01-09",
            url=f"https://example.com/{doc}",
            doc_id=doc,
        )

    def evidence(text: str) -> list[dict[str, Any]]:
        doc = rng.choice(docs)
        return [
            {
                "doc_id": doc,
                "start": 0,
                "end": 5,
                "sentence": text,
                "sent_start": 0,
                "sent_end": len(text),
            }
        ]

    ents = [f"entity:e{i}" for i in range(n_ent)]
    for i, nid in enumerate(ents):
        name = f"Entity {i}"
        G.add_node(
            nid,
            kind="entity",
            type=rng.choice(TYPES),
            label=name,
            name=name,
            aliases=[f"E{i}"],
            wikidata=None,
            positions=["minister"] if i % 7 == 0 else [],
            articles=[rng.choice(docs)],
            evidence=evidence(f"{name} was mentioned."),
            confidence=0.9,
        )
    weights = [1 / (i + 1) ** 0.8 for i in range(n_ent)]  # a few hubs, many leaves
    for k in range(int(n_ent * edges_per_node)):
        u = ents[k % n_ent] if k < n_ent else rng.choices(ents, weights)[0]
        v = rng.choices(ents, weights)[0]
        if u == v:
            continue
        etype, cameo = rng.choice(EVENTS)
        eid = f"event:i{k}"
        text = f"{u} {etype.lower()}s {v}."
        G.add_node(
            eid,
            kind="event",
            type=etype,
            cameo=cameo,
            label=etype,
            content="something",
            modality="asserted",
            time="2022-01",
            location=None,
            trigger="said",
            articles=[],
            evidence=evidence(text),
            confidence=0.7,
        )
        G.add_edge(eid, u, key="source", kind="role", role="source", label="source")
        G.add_edge(eid, v, key="target", kind="role", role="target", label="target")
        G.add_edge(
            u,
            v,
            key=f"{etype}:{k}",
            kind="interaction",
            label=etype,
            type=etype,
            event=eid,
            content="something",
            modality="asserted",
            time="2022-01",
            evidence=evidence(text),
            confidence=0.7,
        )
    for k in range(n - n_ent):  # events with no second actor → event nodes
        eid = f"event:s{k}"
        G.add_node(
            eid,
            kind="event",
            type="STATEMENT",
            cameo="01",
            label="STATEMENT",
            content=f"statement {k}",
            modality="asserted",
            time=None,
            location=None,
            trigger="said",
            articles=[],
            evidence=evidence("It said so."),
            confidence=0.5,
        )
        G.add_edge(eid, rng.choice(ents), key="source", kind="role", role="source", label="source")
    return G


def measure(page: Any, path: Path, timeout_s: float) -> tuple[float, float]:
    """(seconds from navigation start to drawn, seconds for one zoom redraw)."""
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready]", state="attached", timeout=timeout_s * 1000)
    ready = page.evaluate("window.kgReadyTime") / 1000
    redraw = page.evaluate(
        """() => new Promise(resolve => {
            const t = performance.now();
            kgNetwork.once('afterDrawing', () => resolve((performance.now() - t) / 1000));
            kgNetwork.moveTo({scale: kgNetwork.getScale() * 1.5});
        })"""
    )
    return ready, redraw


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="directory to keep the HTML files in")
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args(argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed (pip install playwright)", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 2
    out = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    print(
        f"{'nodes':>7} {'edges':>7} {'python s':>9} {'MB':>6} {'load→drawn s':>13} {'redraw s':>9}"
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in args.sizes:
                G = synthetic_graph(n)
                t = time.perf_counter()
                path = write_html(G, out / f"graph-{n}.html", title=f"synthetic {n}")
                py_s = time.perf_counter() - t
                n_edges = sum(1 for *_, d in G.edges(data=True) if d["kind"] == "interaction")
                n_edges += n - max(2, int(n * 0.9))
                for _ in range(args.repeat):
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    page.route("**/*", route)
                    ready, redraw = measure(page, path, args.timeout)
                    page.close()
                    mb = path.stat().st_size / 1e6
                    print(
                        f"{n:>7} {n_edges:>7} {py_s:>9.2f} {mb:>6.1f} {ready:>13.2f} "
                        f"{redraw:>9.3f}",
                        flush=True,
                    )
        finally:
            browser.close()
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    if blocked:
        print(f"blocked {len(blocked)} network requests: {blocked[:3]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
