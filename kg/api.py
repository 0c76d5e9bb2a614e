"""kg's Python API: a :class:`KnowledgeGraph` to ask questions of.

``kg.load(OUTDIR)`` opens what ``kg build`` wrote; ``kg.build(inputs)`` extracts
articles in memory. :func:`example` is a small hand-made example dataset (two
articles resembling the seed: Putin's demand on NATO, the Geneva talks), on
which the examples below run:

>>> from kg.api import example
>>> g = example()
>>> g
<KnowledgeGraph: 2 articles, 9 entities, 3 events>
>>> g.entity("Mr. Putin").name
'Vladimir Putin'
>>> for d in g.demands(by="Russia"):
...     print(d.source, "->", d.target, ":", d.content, d.modality)
('Vladimir Putin',) -> ('NATO',) : limit troops and military equipment in Eastern Europe asserted
>>> g.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] > 100
True

Names (``by=``, ``of=``, ``source=``...) may be any alias: "Putin", "Mr. Putin",
"Moscow"; an actor also stands for the people affiliated with it, so
``demands(by="Russia")`` finds what Putin demanded.
"""

from __future__ import annotations

import html
import itertools
import os
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.append import read_facts_jsonl
from kg.graph import build_graph, countries_of
from kg.query import (
    ArticleRecord,
    DyadRecord,
    EntityRecord,
    EventRecord,
    RelationRecord,
    Results,
    Step,
    run,
)
from kg.records import (
    AFFILIATED_WITH,
    CAMEO_CODES,
    CAMEO_ROOTS,
    HOLDS_POSITION,
    MODALITIES,
    Article,
    ArticleFacts,
    Entity,
    Event,
    Evidence,
    Relation,
)
from kg.vocab import DEFAULT_BASE_IRI

__all__ = ["KnowledgeGraph", "build", "example", "load"]

_HONORIFICS = re.compile(r"^(?:(?:mr|mrs|ms|miss|dr|sir|dame|president|prime minister|minister|the)\.?\s+)+")


def _norm(name: str) -> str:
    text = re.sub(r"[\s\u00a0]+", " ", name.casefold().replace("’", "'")).strip()
    return re.sub(r"[.,]", "", text).strip()


def _evidence(evs: Iterable[dict[str, Any]]) -> tuple[Evidence, ...]:
    keys = ("doc_id", "start", "end", "sentence", "sent_start", "sent_end")
    return tuple(Evidence(*(ev[k] for k in keys)) for ev in evs)


class KnowledgeGraph:
    """The merged graph of some articles, with questions to ask of it.

    Built on the networkx graph of :mod:`kg.graph` (:meth:`to_networkx`) and an
    RDF store (:mod:`kg.store`) for :meth:`sparql`.
    """

    def __init__(
        self,
        facts: Iterable[ArticleFacts],
        store: ox.Store | None = None,
        base_iri: str = DEFAULT_BASE_IRI,
    ) -> None:
        self.facts: list[ArticleFacts] = list(facts)
        self.graph: nx.MultiDiGraph = build_graph(self.facts)
        self.base_iri = base_iri
        self._store = store
        self._index: dict[str, set[str]] = {}
        for node, d in self.graph.nodes(data=True):
            if d.get("kind") != "entity":
                continue
            for name in (d["name"], d["key"], d.get("wikidata") or "", *d["aliases"]):
                if name:
                    self._index.setdefault(_norm(name), set()).add(node)

    # ---------------------------------------------------------------- basics

    def __repr__(self) -> str:
        kinds = [d.get("kind") for _, d in self.graph.nodes(data=True)]
        return (
            f"<KnowledgeGraph: {kinds.count('article')} articles, {kinds.count('entity')} entities, "
            f"{kinds.count('event')} events>"
        )

    @property
    def store(self) -> ox.Store:
        """The RDF store (built in memory from the graph when none was opened)."""
        if self._store is None:
            from kg.store import memory_store

            self._store = memory_store(self.graph, self.base_iri)
        return self._store

    def quads(self) -> list[ox.Quad]:
        """The RDF quads, exactly as ``graph.trig`` has them (see :mod:`kg.rdf`)."""
        from kg.rdf import nquads

        return list(ox.parse(nquads(self.graph, self.base_iri).encode("utf-8"), ox.RdfFormat.N_QUADS))

    def to_networkx(self) -> nx.MultiDiGraph:
        """The networkx ``MultiDiGraph`` (schema: :mod:`kg.graph`)."""
        return self.graph

    def save(self, outdir: str | os.PathLike[str]) -> dict[str, Path]:
        """Write every export (as ``kg build`` does) into ``outdir``."""
        from kg.exports import write_exports

        return write_exports(self.facts, outdir, base_iri=self.base_iri)

    def _repr_html_(self) -> str:
        """The interactive view of :mod:`kg.html` in an iframe (Jupyter)."""
        try:
            from kg.html import generate_html

            page = generate_html(self.graph, title="kg graph")
        except Exception as e:  # the view is optional (pyvis); fall back to the summary
            return f"<pre>{html.escape(repr(self))}</pre><p>(no interactive view: {html.escape(str(e))})</p>"
        return (
            f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:600px;border:0" '
            'sandbox="allow-scripts"></iframe>'
        )

    # ---------------------------------------------------------------- names

    def _nodes(self, name: str | EntityRecord) -> set[str]:
        """Entity nodes named ``name`` (any alias, key or Wikidata id; honorifics ignored)."""
        if isinstance(name, EntityRecord):
            return {f"entity:{name.key}"}
        n = _norm(name)
        found = self._index.get(n) or self._index.get(_HONORIFICS.sub("", n))
        if found:
            return set(found)
        bare = _HONORIFICS.sub("", n)
        return {  # a person's surname alone
            node
            for node, d in self.graph.nodes(data=True)
            if d.get("kind") == "entity" and d["type"] == "PERSON" and bare and _norm(d["name"]).split()[-1:] == [bare]
        }

    def _actors(self, name: str | EntityRecord) -> set[str]:
        """``name``'s nodes and the people (or bodies) affiliated with them."""
        nodes = self._nodes(name)
        if not nodes:
            raise KeyError(f"no entity named {name!r}")
        for u, v, k in list(self.graph.in_edges(nodes, keys=True)):
            if k == AFFILIATED_WITH and v in nodes:
                nodes.add(u)
        return nodes

    def _label(self, node: str | None) -> str | None:
        return None if node is None else self.graph.nodes[node]["label"]

    def _entity(self, node: str) -> EntityRecord:
        d = self.graph.nodes[node]
        affiliations = sorted(
            self.graph.nodes[v]["label"] for _, v, k in self.graph.out_edges(node, keys=True) if k == AFFILIATED_WITH
        )
        return EntityRecord(
            name=d["label"],
            type=d["type"],
            key=d["key"],
            aliases=tuple(d["aliases"]),
            wikidata=d["wikidata"],
            positions=tuple(d["positions"]),
            affiliations=tuple(affiliations + d["affiliation_names"]),
            articles=tuple(d["articles"]),
            confidence=d["confidence"],
            evidence=_evidence(d["evidence"]),
        )

    # ---------------------------------------------------------------- questions

    def entity(self, name: str) -> EntityRecord:
        """The entity named ``name`` (any alias); the best attested one when several match.

        >>> example().entity("Moscow")
        EntityRecord(name='Russia', type='COUNTRY', key='Q159', aliases=('Moscow',), wikidata='Q159', ...)
        """
        nodes = self._nodes(name)
        if not nodes:
            raise KeyError(f"no entity named {name!r}")
        best = max(nodes, key=lambda n: (len(self.graph.nodes[n]["evidence"]), self.graph.nodes[n]["name"], n))
        return self._entity(best)

    def entities(self, type: str | None = None) -> Results[EntityRecord]:
        """Every entity (of ``type``: PERSON, ORGANIZATION, COUNTRY, LOCATION...), by name.

        >>> [e.name for e in example().entities("country")]
        ['Russia', 'United States']
        """
        want = type.upper() if type else None
        nodes = [n for n, d in self.graph.nodes(data=True) if d.get("kind") == "entity" and want in (None, d["type"])]
        return Results(sorted((self._entity(n) for n in nodes), key=lambda e: (e.name.casefold(), e.key)))

    def events(
        self,
        type: str | None = None,
        source: str | None = None,
        target: str | None = None,
        since: str | None = None,
        until: str | None = None,
        modality: str | Collection[str] | None = None,
    ) -> Results[EventRecord]:
        """Events, filtered by CAMEO type (name or code), actors, date range and modality.

        ``since``/``until`` are ISO dates (or year-month, year) compared with the
        event's time, else its articles' earliest date, at the coarser precision.

        >>> [(e.type, e.time) for e in example().events(since="2022-01-10", until="2022-01-31")]
        [('DEMAND', None), ('CONSULT', '2022-01-10')]
        >>> [e.type for e in example().events(until="2022-01-09", modality=["asserted"])]
        ['DEMAND', 'STATEMENT']
        >>> [e.type for e in example().events(type="04", source="Sherman")]
        ['CONSULT']
        """
        want = _check_type(type)
        mods = {modality} if isinstance(modality, str) else set(modality) if modality is not None else None
        if mods is not None and (bad := sorted(str(m) for m in mods - set(MODALITIES))):
            raise ValueError(f"unknown modality {', '.join(map(repr, bad))}: one of {', '.join(MODALITIES)}")
        for name, value in (("since", since), ("until", until)):
            if value is not None and not _PARTIAL_DATE.fullmatch(value):
                raise ValueError(f"{name}={value!r}: expected an ISO date, year-month or year (2022-01-10, "
                                 "2022-01, 2022)")
        src = self._actors(source) if source is not None else None
        tgt = self._actors(target) if target is not None else None
        out = []
        for node, d in self.graph.nodes(data=True):
            if d.get("kind") != "event":
                continue
            if want and want != d["type"] and not (want.isdigit() and d["cameo"].startswith(want)):
                continue
            if src is not None and not src.intersection(d["sources"]):
                continue
            if tgt is not None and not tgt.intersection(d["targets"]):
                continue
            if mods is not None and d["modality"] not in mods:
                continue
            if (since or until) and not self._in_range(d, since, until):
                continue
            out.append(self._event(node, d))
        return Results(sorted(out, key=lambda e: (e.time or "", e.type, e.id)))

    def _in_range(self, d: dict[str, Any], since: str | None, until: str | None) -> bool:
        dates = [self.graph.nodes[f"article:{a}"].get("date") for a in d["articles"]]
        when = d["time"] or min(filter(None, dates), default=None)
        if not when:
            return False
        if since and when < since[: len(when)]:
            return False
        return not (until and when[: len(until)] > until)

    def _event(self, node: str, d: dict[str, Any]) -> EventRecord:
        return EventRecord(
            type=d["type"],
            source=tuple(sorted(self.graph.nodes[n]["label"] for n in d["sources"])),
            target=tuple(sorted(self.graph.nodes[n]["label"] for n in d["targets"])),
            content=d["content"],
            time=d["time"],
            modality=d["modality"],
            cameo=d["cameo"],
            location=self._label(d["location"]),
            speaker=self._label(d["speaker"]),
            trigger=d["trigger"],
            id=node,
            source_keys=tuple(self.graph.nodes[n]["key"] for n in d["sources"]),
            target_keys=tuple(self.graph.nodes[n]["key"] for n in d["targets"]),
            articles=tuple(d["articles"]),
            confidence=d["confidence"],
            evidence=_evidence(d["evidence"]),
            reports=(reports := self._reports(d["articles"])),
            date=d["time"] or min((r.date for r in reports if r.date), default=None),
        )

    def _reports(self, doc_ids: Iterable[str]) -> tuple[ArticleRecord, ...]:
        """The articles of ``doc_ids``, with what the graph has of their title, date and URL."""
        out = []
        for doc in dict.fromkeys(doc_ids):
            a = self.graph.nodes.get(f"article:{doc}", {})
            out.append(ArticleRecord(doc, a.get("title"), a.get("date"), a.get("url")))
        return tuple(out)

    def demands(self, by: str | None = None, of: str | None = None) -> Results[EventRecord]:
        """DEMAND events made by ``by`` (or its people) of ``of``; each has ``.source``,
        ``.target``, ``.content``, ``.time``, ``.modality``, ``.evidence``.

        >>> [d.content for d in example().demands(by="Putin", of="NATO")]
        ['limit troops and military equipment in Eastern Europe']
        >>> example().demands(of="Russia")
        []
        """
        return self.events(type="DEMAND", source=by, target=of)

    def dyads(self, type: str | None = None, *, modality: str | Collection[str] | None = None,
              by_country: bool = False) -> Results[DyadRecord]:
        """Events counted per (source, target, type), most first; with ``by_country``, each
        actor stands for its country (a country itself, or the one a person or body is
        affiliated with; an actor with none keeps its own name).

        >>> [(d.source, d.target, d.type, d.count) for d in example().dyads("DEMAND", by_country=True)]
        [('Russia', 'NATO', 'DEMAND', 1)]
        """
        counts: dict[tuple[str, str, str], list[str]] = {}
        for ev in self.events(type=type, modality=modality):
            for s_key in ev.source_keys or ("",):
                for t_key in ev.target_keys or ("",):
                    s_name, t_name = self._side(s_key, by_country), self._side(t_key, by_country)
                    if s_name == t_name:
                        continue
                    ids = counts.setdefault((s_name, t_name, ev.type), [])
                    if ev.id not in ids:
                        ids.append(ev.id)
        rows = [DyadRecord(s, t, k, len(ids), tuple(ids)) for (s, t, k), ids in counts.items()]
        return Results(sorted(rows, key=lambda d: (-d.count, d.source, d.target, d.type)))

    def _side(self, key: str, by_country: bool) -> str:
        """An actor's name, or with ``by_country`` its country's ("" for no actor)."""
        if not key:
            return ""
        node = f"entity:{key}"
        if by_country:
            node = next(countries_of(self.graph, node), node)
        return str(self.graph.nodes[node]["label"])

    def relations(self, subject: str | None = None, predicate: str | None = None) -> Results[RelationRecord]:
        """AFFILIATED_WITH, HOLDS_POSITION... statements, by subject (any alias) and predicate.

        >>> [(r.predicate, r.object) for r in example().relations("Blinken")]
        [('AFFILIATED_WITH', 'United States'), ('HOLDS_POSITION', 'Secretary of State')]
        """
        subjects = self._nodes(subject) if subject is not None else None
        if subjects is not None and not subjects:
            raise KeyError(f"no entity named {subject!r}")
        out = []
        for node, d in self.graph.nodes(data=True):
            if d.get("kind") != "entity" or (subjects is not None and node not in subjects):
                continue
            for title in d["positions"]:
                ev = _evidence(d["position_evidence"].get(title, []))
                out.append(RelationRecord(d["label"], HOLDS_POSITION, title, d["key"], None, d["confidence"], ev,
                                          self._reports(e.doc_id for e in ev)))
            for name in d["affiliation_names"]:
                out.append(RelationRecord(d["label"], AFFILIATED_WITH, name, d["key"], None, d["confidence"]))
            for _, v, k, e in self.graph.out_edges(node, keys=True, data=True):
                if e.get("kind") == "relation":
                    obj = self.graph.nodes[v]
                    evs = _evidence(e["evidence"])
                    rec = RelationRecord(d["label"], k, obj["label"], d["key"], obj["key"], e["confidence"], evs,
                                         self._reports(x.doc_id for x in evs))
                    out.append(rec)
        if predicate is not None:
            out = [r for r in out if r.predicate == predicate.upper()]
        return Results(sorted(out, key=lambda r: (r.subject, r.predicate, r.object)))

    def _entity_graph(self) -> nx.MultiGraph:
        H = nx.MultiGraph()
        for u, v, k, d in self.graph.edges(keys=True, data=True):
            if d.get("kind") in ("interaction", "relation"):
                H.add_edge(u, v, key=(u, v, k), label=d["label"], source=u, target=v)
        return H

    def neighbors(self, name: str) -> Results[EntityRecord]:
        """Entities linked to ``name`` by an event between them or a relation.

        >>> [e.name for e in example().neighbors("NATO")]
        ['Vladimir Putin']
        """
        nodes = self._nodes(name)
        if not nodes:
            raise KeyError(f"no entity named {name!r}")
        H = self._entity_graph()
        found = {m for n in nodes if n in H for m in H.neighbors(n)} - nodes
        return Results(sorted((self._entity(n) for n in found), key=lambda e: (e.name.casefold(), e.key)))

    def path(self, a: str, b: str) -> Results[Step]:
        """The shortest chain of events and relations from ``a`` to ``b`` (empty if none).

        >>> for step in example().path("Blinken", "NATO"):
        ...     print(step.source, step.label, step.target)
        Antony Blinken AFFILIATED_WITH United States
        United States CONSULT Russia
        Vladimir Putin AFFILIATED_WITH Russia
        Vladimir Putin DEMAND NATO
        """
        src, dst = self.entity(a), self.entity(b)
        H = self._entity_graph()
        s, t = f"entity:{src.key}", f"entity:{dst.key}"
        if s not in H or t not in H or not nx.has_path(H, s, t):
            return Results()
        nodes = nx.shortest_path(H, s, t)
        steps = []
        for u, v in itertools.pairwise(nodes):
            edge = min(H.get_edge_data(u, v).values(), key=lambda e: (e["source"] != u, e["label"]))
            steps.append(Step(self._label(edge["source"]) or "", edge["label"], self._label(edge["target"]) or ""))
        return Results(steps)

    def evidence(self, fact: Any) -> tuple[Evidence, ...]:
        """The evidence of a record (entity, event, relation) or of an entity named ``fact``.

        >>> g = example()
        >>> [(ev.doc_id, ev.sentence[:17 if ev.doc_id.startswith('b') else 19]) for ev in g.evidence(g.demands()[0])]
        [('blinken-geneva-talks', 'Russian President'), ('putin-repeats', 'Moscow again demand')]
        """
        if isinstance(fact, str):
            return self.entity(fact).evidence
        return tuple(getattr(fact, "evidence", ()))

    def sparql(self, query: str, **bindings: Any) -> Any:
        """A SPARQL query over the union of all graphs; ``bindings`` are values, never query text.

        SELECT → :class:`kg.query.Results` of dicts; ASK → bool; CONSTRUCT → triples.

        >>> rows = example().sparql(
        ...     "SELECT DISTINCT ?name ?content WHERE "
        ...     "{ ?e kg:sourceActor ?who ; kg:content ?content . ?who schema:name ?name }",
        ...     name=ox.Literal("Vladimir Putin", language="en"))
        >>> [r["content"] for r in rows]
        ['limit troops and military equipment in Eastern Europe']
        """
        from kg.rdf import prefixes_for

        return run(self.store, query, bindings, prefixes_for(self.base_iri))


# -------------------------------------------------------------------- entry points


_PARTIAL_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


def _check_type(type: str | None) -> str | None:
    """An event type filter, upper-cased: a CAMEO root's name or a code's leading digits
    ("0": the roots 01-09)."""
    if not type:
        return None
    want = type.upper()
    if want in CAMEO_CODES or (want.isdigit() and any(r.startswith(want[:2]) for r in CAMEO_ROOTS)):
        return want
    raise ValueError(f"unknown event type {type!r}: a CAMEO root's name ({', '.join(CAMEO_CODES)}) or a CAMEO code")


def load(outdir: str | os.PathLike[str]) -> KnowledgeGraph:
    """The graph ``kg build`` wrote to ``outdir`` (``facts.jsonl`` and the ``store``)."""
    from kg.store import STORE_DIR, base_iri_of, open_store

    out = Path(outdir)
    facts = read_facts_jsonl(out / "facts.jsonl")
    if (out / STORE_DIR).is_dir():
        store = open_store(out / STORE_DIR)
        return KnowledgeGraph(facts, store, base_iri_of(store))
    return KnowledgeGraph(facts)


def build(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    model: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    *,
    workers: int = 1,
    dask: Any = None,
) -> KnowledgeGraph:
    """Extract the articles of ``inputs`` (files, folders) into an in-memory graph.

    ``workers`` processes (or a Dask cluster: a ``distributed.Client`` or a
    scheduler address) do the extraction, as ``kg build --workers/--dask`` do;
    run it under ``if __name__ == "__main__":`` in a script, as for any
    process pool.
    """
    from kg.parallel import extract_corpus
    from kg.sources import read_inputs

    paths = [os.fspath(p) for p in ([inputs] if isinstance(inputs, str | os.PathLike) else inputs)]
    return KnowledgeGraph(extract_corpus(read_inputs(paths), model, workers=workers, dask=dask), base_iri=base_iri)


def _ev(article: Article, phrase: str) -> Evidence:
    text = article.text
    start = text.index(phrase)
    s0 = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    s1 = text.find(".", start + len(phrase))
    s1 = len(text) if s1 < 0 else s1 + 1
    return Evidence(article.doc_id, start, start + len(phrase), text[s0:s1], s0, s1)


def example_facts() -> list[ArticleFacts]:
    """The facts of :func:`example`: two hand-made articles (not extracted, so they never change)."""
    a = Article(
        "blinken-geneva-talks",
        "Secretary of State Antony Blinken on Sunday downplayed prospects for a breakthrough with Moscow. "
        "Talks begin Monday in Geneva between Deputy Secretary of State Wendy Sherman and Russian Deputy "
        "Foreign Minister Sergei Ryabkov. Russian President Vladimir Putin has demanded that NATO limit troops "
        "and military equipment in Eastern Europe.",
        title="Blinken: Breakthrough with Putin unlikely",
        date="2022-01-09",
    )
    b = Article("putin-repeats", "Moscow again demanded it, Mr. Putin told reporters.", title="Putin", date="2022-01")
    e = lambda p: _ev(a, p)  # noqa: E731
    putin, russia, us, nato = "person/vladimir-putin", "Q159", "Q30", "Q7184"
    first = ArticleFacts(
        a,
        entities=(
            Entity("person/antony-blinken", "Antony Blinken", "PERSON", ("Blinken",), mentions=(e("Antony Blinken"),)),
            Entity(putin, "Vladimir Putin", "PERSON", ("Putin",), mentions=(e("Vladimir Putin"),)),
            Entity("person/wendy-sherman", "Wendy Sherman", "PERSON", mentions=(e("Wendy Sherman"),)),
            Entity("person/sergei-ryabkov", "Sergei Ryabkov", "PERSON", mentions=(e("Sergei Ryabkov"),)),
            Entity(russia, "Russia", "COUNTRY", ("Moscow",), wikidata=russia, mentions=(e("Moscow"),)),
            Entity(us, "United States", "COUNTRY", wikidata=us),
            Entity(nato, "NATO", "ORGANIZATION", wikidata=nato, mentions=(e("NATO"),)),
            Entity("Q71", "Geneva", "LOCATION", wikidata="Q71", mentions=(e("Geneva"),)),
            Entity("location/eastern-europe", "Eastern Europe", "LOCATION", mentions=(e("Eastern Europe"),)),
        ),
        events=(
            Event(
                "v1",
                "DEMAND",
                "10",
                "demanded",
                e("demanded"),
                (putin,),
                (nato,),
                content="limit troops and military equipment in Eastern Europe",
                confidence=0.8,
            ),
            Event(
                "v2",
                "CONSULT",
                "04",
                "Talks",
                e("Talks"),
                ("person/wendy-sherman", us),
                ("person/sergei-ryabkov", russia),
                time="2022-01-10",
                location="Q71",
                confidence=0.7,
            ),
            Event("v3", "STATEMENT", "01", "downplayed", e("downplayed"), ("person/antony-blinken",)),
        ),
        relations=(
            Relation(
                "person/antony-blinken",
                HOLDS_POSITION,
                "Secretary of State",
                e("Secretary of State Antony"),
                object_is_entity=False,
            ),
            Relation("person/antony-blinken", AFFILIATED_WITH, us, e("Secretary of State Antony")),
            Relation(putin, HOLDS_POSITION, "President", e("President Vladimir Putin"), object_is_entity=False),
            Relation(putin, AFFILIATED_WITH, russia, e("Russian President")),
            Relation("person/wendy-sherman", AFFILIATED_WITH, us, e("Wendy Sherman")),
            Relation("person/sergei-ryabkov", AFFILIATED_WITH, russia, e("Sergei Ryabkov")),
        ),
    )
    second = ArticleFacts(
        b,
        entities=(
            Entity(putin, "Putin", "PERSON", ("Mr. Putin",), mentions=(_ev(b, "Mr. Putin"),)),
            Entity(russia, "Russia", "COUNTRY", ("Moscow",), wikidata=russia, mentions=(_ev(b, "Moscow"),)),
        ),
        events=(
            Event(
                "e1",
                "DEMAND",
                "10",
                "demanded",
                _ev(b, "demanded"),
                (putin,),
                (nato,),
                content="Limit troops and military equipment in Eastern Europe.",
                modality="reported",
            ),
        ),
    )
    return [first, second]


def example() -> KnowledgeGraph:
    """An example dataset: :func:`example_facts` as a :class:`KnowledgeGraph` (in-memory store)."""
    return KnowledgeGraph(example_facts())
