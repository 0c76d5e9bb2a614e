"""Regenerate the README's picture of the seed article's graph and its Turtle excerpt.

    python scripts/readme_assets.py [--model PATH]

1. runs ``kg build seeds/ -o exports/ --force`` (with ``--model PATH`` if given);
2. finds, in ``exports/graph.ttl``, Russia's DEMAND events (source Russia,
   Wikidata Q159, or a person affiliated with it, such as Vladimir Putin) on
   NATO (Q7184) or the United States (Q30); when there is none it says so and
   exits with status 1, touching neither ``docs/graph.png`` nor the README;
3. screenshots ``exports/graph.html`` in headless Chromium (Playwright,
   ``/usr/bin/chromium`` or ``$KG_CHROMIUM``; every non-file request aborted)
   into ``docs/graph.png``, 1200×800;
4. rewrites the README between ``<!-- turtle-excerpt:start -->`` and
   ``<!-- turtle-excerpt:end -->`` with a ```` ```turtle ```` block: the
   prefixes used, each event with its ``sem:eventType``, ``kg:sourceActor``,
   ``kg:targetActor``, ``kg:content`` and ``kg:modality``, and the direct
   ``kg:demand`` triples of its actors, written by kg's own Turtle writer.

Exit status: 0 done, 1 no such demand in the output, 2 any other failure.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import RDF, SKOS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # kg from this checkout, also when it is not installed

from kg.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from kg.rdfio import turtle_lines  # noqa: E402
from kg.vocab import CAMEO, KG, SCHEMA, SEM  # noqa: E402

SEEDS, EXPORTS = ROOT / "seeds", ROOT / "exports"
README, PNG = ROOT / "README.md", ROOT / "docs" / "graph.png"
START, END = "<!-- turtle-excerpt:start -->", "<!-- turtle-excerpt:end -->"
RUSSIA, TARGETS = "Q159", ("Q7184", "Q30")  # NATO, United States
CHROMIUM = chromium_path() or "/usr/bin/chromium"
SETTLE_MS = 1000
WIDTH, HEIGHT = 1200, 800


def _shown(path: Path) -> str:
    """``path`` relative to the checkout when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


class Failure(Exception):
    """A step failed; the message says which and why."""


def build(model: str | None) -> None:
    """``kg build seeds/ -o exports/`` in this checkout."""
    cmd = [sys.executable, "-m", "kg", "build", "seeds/", "-o", "exports/", "--force"]
    if model:
        cmd += ["--model", model]
    print("$ python", " ".join(cmd[1:]), flush=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    if run.returncode != 0:
        hint = "" if model else " (if the bundled model is missing, pass --model PATH)"
        raise Failure(f"kg build failed with status {run.returncode}{hint}")


# ------------------------------------------------------------------ Turtle


def _entity(g: rdflib.Graph, qid: str) -> rdflib.term.Node | None:
    return next(g.subjects(SCHEMA.identifier, rdflib.Literal(qid)), None)


def _nt(term: rdflib.term.Node) -> str:
    """A term in N-Triples syntax, as :func:`kg.rdfio.turtle_lines` takes it."""
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise Failure(f"unexpected blank node {term!r} in graph.ttl")


def demand_triples(g: rdflib.Graph) -> list[tuple[str, str, str]]:
    """The excerpt's triples, in N-Triples syntax: each DEMAND event of Russia on NATO/US, then the shortcuts."""
    russia = _entity(g, RUSSIA)
    if russia is None:
        return []
    sources = {russia, *(p for p in g.subjects(SCHEMA.affiliation, russia) if (p, RDF.type, SCHEMA.Person) in g)}
    targets = {t for t in (_entity(g, q) for q in TARGETS) if t is not None}
    demand_types = set(g.transitive_subjects(SKOS.broader, CAMEO["10"]))  # cameo:10 and the codes below it
    events = sorted(
        (
            e
            for e in set(g.subjects(RDF.type, SEM.Event))
            if set(g.objects(e, SEM.eventType)) & demand_types
            and set(g.objects(e, KG.sourceActor)) & sources
            and set(g.objects(e, KG.targetActor)) & targets
        ),
        key=_nt,
    )
    shown = (SEM.eventType, KG.sourceActor, KG.targetActor, KG.content, KG.modality)
    triples: list[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]] = []
    shortcuts: list[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]] = []
    for e in events:
        triples.append((e, RDF.type, SEM.Event))
        for p in shown:
            triples += [(e, p, o) for o in sorted(g.objects(e, p), key=_nt)]
        for src in sorted(set(g.objects(e, KG.sourceActor)) & sources, key=_nt):
            for tgt in sorted(set(g.objects(e, KG.targetActor)) & targets, key=_nt):
                if (src, KG.demand, tgt) in g:
                    shortcuts.append((src, KG.demand, tgt))
    unique = list(dict.fromkeys(triples + shortcuts))
    return [(_nt(s), _nt(p), _nt(o)) for s, p, o in unique]


def turtle_excerpt(ttl: Path) -> str:
    """The Turtle of :func:`demand_triples` with the prefix lines it uses; '' when there is no such demand."""
    g = rdflib.Graph(bind_namespaces="none")
    g.parse(ttl, format="turtle")
    triples = demand_triples(g)
    if not triples:
        return ""
    prefixes = {p: str(ns) for p, ns in g.namespaces() if p}
    body = "".join(turtle_lines(triples, prefixes)).rstrip("\n") + "\n"
    bare = re.sub(r'"(?:[^"\\]|\\.)*"|<[^>\s]*>', " ", body)  # literals and full IRIs hold no prefixed names
    used = set(re.findall(r"(?<![\w.-])([A-Za-z][\w.-]*):", bare)) & set(prefixes)
    head = "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in sorted(used))
    return f"{head}\n{body}"


def rewrite_readme(turtle: str) -> bool:
    """Put ``turtle`` between the README's markers; whether the README changed."""
    text = README.read_text(encoding="utf-8")
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise Failure(f"README.md needs exactly one {START} ... {END} section")
    head, rest = text.split(START)
    _, tail = rest.split(END)
    new = f"{head}{START}\n```turtle\n{turtle}```\n{END}{tail}"
    if new == text:
        return False
    README.write_text(new, encoding="utf-8")
    return True


# -------------------------------------------------------------- screenshot


def screenshot(html: Path, png: Path) -> None:
    """``html`` in headless Chromium, all network blocked, after the graph is ready and settled."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise Failure("the playwright client is not installed (pip install playwright)") from exc
    if not Path(CHROMIUM).exists():
        raise Failure(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set KG_CHROMIUM)")
    blocked: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    if not html.exists():
        raise Failure(f"{html} was not written (kg.html unavailable?)")
    png.parent.mkdir(parents=True, exist_ok=True)
    tmp = png.with_name(f".{png.name}.tmp.png")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}).new_page()
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.route("**/*", route)
                page.goto(html.resolve().as_uri())
                page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
                page.wait_for_timeout(SETTLE_MS)  # let physics settle
                page.screenshot(path=str(tmp))
            finally:
                browser.close()
        if errors:
            raise Failure("graph.html reported errors: " + "; ".join(errors))
        tmp.replace(png)
    except Failure:
        raise
    except Exception as exc:  # Playwright: Chromium does not start, timeout...
        raise Failure(f"screenshot of {html} failed: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    if blocked:
        print(f"note: blocked {len(blocked)} non-file request(s): {blocked[:3]}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", help="spaCy pipeline name or directory, passed to kg build")
    args = ap.parse_args(argv)
    try:
        build(args.model)
        ttl = EXPORTS / "graph.ttl"
        turtle = turtle_excerpt(ttl)
        if not turtle:
            print(
                f"readme_assets: no DEMAND event of Russia ({RUSSIA}, or a person affiliated with it) on "
                f"NATO ({TARGETS[0]}) or the United States ({TARGETS[1]}) in {_shown(ttl)}; "
                "README.md and docs/graph.png left unchanged",
                file=sys.stderr,
            )
            return 1
        screenshot(EXPORTS / "graph.html", PNG)
        print(f"wrote {_shown(PNG)}")
        changed = rewrite_readme(turtle)
        print(f"{'updated' if changed else 'unchanged'}: README.md Turtle excerpt\n\n{turtle}", end="")
    except Failure as exc:
        print(f"readme_assets: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
