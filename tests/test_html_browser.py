"""kg.html in a real headless Chromium (Debian's, via Playwright), with all network blocked.

Skipped when the ``playwright`` client or a Chromium binary is missing; set
``KG_CHROMIUM`` to use another binary than ``/usr/bin/chromium``.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.browser import CHROMIUM_ARGS, chromium_path
from kg.html import write_html

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright client is not installed (pip install playwright)"
)
CHROMIUM = chromium_path()
if CHROMIUM is None:
    pytest.skip(
        "no Chromium binary (apt-get install chromium, or set KG_CHROMIUM)", allow_module_level=True
    )

ARGS = CHROMIUM_ARGS
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"
BAD = f" {XSS_IMG} {XSS_SCRIPT}"


def _ev(sentence: str) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": "d1",
            "start": 0,
            "end": 5,
            "sentence": sentence,
            "sent_start": 0,
            "sent_end": len(sentence),
        }
    ]


def graph(bad: str = "") -> nx.MultiDiGraph:
    """Russia —DEMAND→ NATO, Putin AFFILIATED_WITH Russia, a lone STATEMENT, Geneva alone."""
    G = nx.MultiDiGraph()
    G.add_node(
        "article:d1",
        kind="article",
        label=f"Blinken: talks{bad}",
        title=f"Blinken: talks{bad}",
        date="2022-01-09",
        url="https://example.com/1",
        doc_id="d1",
    )
    for key, name, etype, aliases in [
        ("Q159", "Russia", "COUNTRY", ["Moscow"]),
        ("Q7184", "NATO", "ORGANIZATION", []),
        ("person/vladimir-putin", "Vladimir Putin", "PERSON", ["Putin"]),
        ("Q71", "Geneva", "LOCATION", []),
    ]:
        G.add_node(
            f"entity:{key}",
            kind="entity",
            type=etype,
            label=name + bad,
            name=name + bad,
            aliases=[a + bad for a in aliases],
            wikidata=None,
            positions=["President" + bad] if etype == "PERSON" else [],
            articles=["d1"],
            evidence=_ev(f"{name} was mentioned.{bad}"),
            confidence=0.9,
        )
    ru, nato, putin = "entity:Q159", "entity:Q7184", "entity:person/vladimir-putin"
    for eid, etype, cameo, src, dst, content in [
        ("event:d", "DEMAND", "10", ru, nato, "limit troops"),
        ("event:s", "STATEMENT", "01", putin, None, "talks are useless"),
    ]:
        G.add_node(
            eid,
            kind="event",
            type=etype,
            cameo=cameo,
            label=etype,
            content=content + bad,
            modality="asserted",
            time="2022-01-09",
            location=None,
            trigger="said",
            articles=["d1"],
            evidence=_ev(f"{etype} sentence.{bad}"),
            confidence=0.8,
        )
        G.add_edge(eid, src, key="source", kind="role", role="source", label="source")
        G.add_edge(eid, "article:d1", key="mentioned_in", kind="provenance", label="mentioned_in")
        if dst:
            G.add_edge(eid, dst, key="target", kind="role", role="target", label="target")
            G.add_edge(
                src,
                dst,
                key=f"{etype}:x",
                kind="interaction",
                label=etype,
                type=etype,
                event=eid,
                content=content + bad,
                modality="asserted",
                time="2022-01-09",
                evidence=_ev(f"Russia demanded that NATO {content}.{bad}"),
                confidence=0.8,
            )
    G.add_edge(
        putin,
        ru,
        key="AFFILIATED_WITH",
        kind="relation",
        predicate="AFFILIATED_WITH",
        label="AFFILIATED_WITH",
        evidence=_ev(f"Russian President Putin.{bad}"),
    )
    return G


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"Chromium does not start: {exc}")
        yield b
        b.close()


class Page:
    """A page that aborts every non-file request and records dialogs, errors, requests."""

    def __init__(self, browser: Any, bypass_csp: bool = False) -> None:
        context = browser.new_context(
            viewport={"width": 1200, "height": 800}, bypass_csp=bypass_csp
        )
        self.page = context.new_page()
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", self._console)
        self.page.route("**/*", self._route)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        # (not wait_for_function: its polling evaluates strings, which the page's CSP forbids)
        self.page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
        self.page.evaluate("kgNetwork.stopSimulation()")  # keep nodes still for hovering
        return self.page

    def hover(self, node_ids: list[str]) -> str:
        """Move the mouse onto the nodes' centre (or the midpoint of two); the tooltip text."""
        x, y = self.page.evaluate(
            """ids => {
                const r = document.getElementById('kg-network').getBoundingClientRect();
                const pos = kgNetwork.getPositions(ids);
                const p = {x: 0, y: 0};
                const k = ids.length;
                ids.forEach(id => { p.x += pos[id].x / k; p.y += pos[id].y / k; });
                const d = kgNetwork.canvasToDOM(p);
                return [r.left + d.x, r.top + d.y];
            }""",
            node_ids,
        )
        self.page.mouse.move(5, 400)
        self.page.mouse.move(x, y, steps=4)
        tip = self.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5_000)
        return str(tip.inner_text())


def png_pixels(data: bytes) -> list[bytes]:
    """The pixels of an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    bpp = 4
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, prev = zlib.decompress(idat), width * bpp, bytearray(width * bpp)
    pixels: list[bytes] = []
    for row in range(len(raw) // (stride + 1)):
        ftype, line = (
            raw[row * (stride + 1)],
            bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels += [bytes(line[i : i + 3]) for i in range(0, stride, bpp)]
        prev = line
    return pixels


def test_loads_offline_with_expected_nodes_and_edges(browser: Any, tmp_path: Path) -> None:
    p = Page(browser)
    page = p.open(write_html(graph(), tmp_path / "graph.html"))
    ids = page.evaluate("kgNodes.getIds().sort()")
    assert ids == [
        "entity:Q159",
        "entity:Q71",
        "entity:Q7184",
        "entity:person/vladimir-putin",
        "event:s",
    ]
    edges = page.evaluate("kgEdges.get().map(e => [e.from, e.label || null, e.to])")
    assert ["entity:Q159", "DEMAND", "entity:Q7184"] in edges
    assert ["entity:person/vladimir-putin", "AFFILIATED_WITH", "entity:Q159"] in edges
    assert ["entity:person/vladimir-putin", None, "event:s"] in edges
    assert page.evaluate("Object.keys(kgNetwork.body.nodes).length") == 5
    assert page.evaluate("kgTooltip('entity:Q159').textContent").startswith("Russia")
    assert p.blocked == [] and p.errors == [] and p.dialogs == []
    page.close()


def test_tooltips_show_on_hover(browser: Any, tmp_path: Path) -> None:
    p = Page(browser)
    p.open(write_html(graph(), tmp_path / "graph.html"))
    text = p.hover(["entity:Q159"])
    assert "Russia" in text and "COUNTRY" in text and "Moscow" in text
    assert "Russia was mentioned." in text and "Blinken: talks (2022-01-09)" in text
    text = p.hover(["entity:person/vladimir-putin"])
    assert "Putin" in text and "President" in text
    text = p.hover(["entity:Q159", "entity:Q7184"])  # the DEMAND edge's midpoint
    assert "Russia —DEMAND→ NATO" in text and "limit troops" in text and "asserted" in text
    assert "2022-01-09" in text and "Russia demanded that NATO limit troops." in text
    assert p.errors == []
    p.page.close()


def test_screenshot_is_not_blank(browser: Any, tmp_path: Path) -> None:
    p = Page(browser)
    page = p.open(write_html(graph(), tmp_path / "graph.html"))
    page.evaluate("['kg-panel', 'kg-legend'].forEach(i => document.getElementById(i).remove())")
    pixels = png_pixels(page.screenshot())
    assert len(pixels) == 1200 * 800
    colours = set(pixels)
    drawn = sum(1 for px in pixels if px != b"\xff\xff\xff")
    assert len(colours) > 30, len(colours)  # node colours, labels, anti-aliasing
    assert drawn > 0.002 * len(pixels)
    page.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["csp", "escaping-only"])
def test_hostile_article_runs_no_script(browser: Any, tmp_path: Path, bypass_csp: bool) -> None:
    p = Page(browser, bypass_csp)
    path = write_html(
        graph(BAD), tmp_path / "hostile.html", title=f"Report{BAD}", include_articles=True
    )
    page = p.open(path)
    assert page.title() == f"Report{BAD}"
    texts = [p.hover([nid]) for nid in page.evaluate("kgNodes.getIds()")]
    texts.append(p.hover(["entity:Q159", "entity:Q7184"]))
    assert all(XSS_SCRIPT in t and XSS_IMG in t for t in texts)  # shown as text
    page.fill("#kg-search", XSS_IMG)
    page.select_option("#kg-type", "PERSON")
    page.evaluate("kgApplyFilter()")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert p.dialogs == [] and p.blocked == []
    assert not any("Content Security Policy" in e for e in p.errors), p.errors
    page.close()


def test_search_and_type_filters(browser: Any, tmp_path: Path) -> None:
    p = Page(browser)
    page = p.open(write_html(graph(), tmp_path / "graph.html"))
    visible = "kgNodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"
    page.fill("#kg-search", "moscow")
    page.evaluate("kgApplyFilter()")
    assert page.evaluate(visible) == [
        "entity:Q159",
        "entity:Q7184",
        "entity:person/vladimir-putin",
    ]  # match + neighbours
    page.uncheck("#kg-neighbours")
    assert page.evaluate(visible) == ["entity:Q159"]
    page.fill("#kg-search", "")
    page.check("#kg-neighbours")
    page.select_option("#kg-type", "PERSON")
    page.evaluate("kgApplyFilter()")
    assert page.evaluate(visible) == ["entity:Q159", "entity:person/vladimir-putin", "event:s"]
    page.select_option("#kg-type", "")
    page.select_option("#kg-etype", "DEMAND")
    assert page.evaluate(visible) == ["entity:Q159", "entity:Q7184"]
    assert page.evaluate("kgEdges.get({filter: e => !e.hidden}).map(e => e.label)") == ["DEMAND"]
    assert "2 nodes, 1 edges shown" in page.inner_text("#kg-count")
    page.close()


def test_empty_graph_loads(browser: Any, tmp_path: Path) -> None:
    p = Page(browser)
    page = p.open(write_html(nx.MultiDiGraph(), tmp_path / "empty.html"))
    assert page.evaluate("kgNodes.length") == 0 and p.errors == []
    page.close()


def test_large_graph_uses_python_layout(browser: Any, tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    n = 1200
    for i in range(n):
        G.add_node(f"entity:e{i}", kind="entity", type="PERSON", label=f"E{i}", name=f"E{i}")
    for i in range(1, n):
        G.add_edge(
            f"entity:e{i}",
            f"entity:e{(i * 7) % i}",
            key=f"CONSULT:{i}",
            kind="interaction",
            label="CONSULT",
            type="CONSULT",
            event=f"event:{i}",
        )
    p = Page(browser)
    page = p.open(write_html(G, tmp_path / "big.html"))
    assert page.evaluate("kgData.layout") == "static"
    assert page.evaluate("kgNetwork.physics.options.enabled") is False
    assert page.evaluate("kgNodes.length") == n
    assert page.evaluate("kgReadyTime") < 20_000
    assert p.errors == []
    page.close()
