"""The graph of :mod:`kg.graph` as RDF: N-Triples, Turtle, TriG, JSON-LD, rdflib.

In the style of ``networkx.readwrite``: :func:`generate_quads` and
:func:`generate_triples` yield statements whose terms are already in N-Triples
syntax (``<iri>``, ``"text"@en``, ``"5"^^<...#integer>``); the writers of
:mod:`kg.rdfio` (re-exported here: :func:`write_ntriples`,
:func:`write_turtle`, :func:`write_trig`, :func:`write_jsonld`,
:func:`turtle_lines`...) turn them into files, fast and deterministically;
:func:`to_rdflib` gives an ``rdflib.Dataset`` for everything else.

Modelling (prefixes in :mod:`kg.vocab`; ``<base>`` is the user's base IRI):

- entity ``<base>entity/<key>``: ``a kg:Entity, schema:Person`` (Person /
  Organization / Country / Place / Thing), ``schema:name "…"@en`` (one),
  ``schema:alternateName``, ``schema:identifier`` (the key),
  ``kg:entityType``, ``schema:jobTitle``, ``schema:affiliation``,
  ``owl:sameAs wd:Q…`` (gazetteer entities), ``kg:confidence``.
- article ``<base>article/<doc_id>``: ``a schema:NewsArticle``,
  ``schema:identifier``, ``schema:headline``/``schema:name``,
  ``schema:datePublished`` (``xsd:date``/``gYearMonth``/``gYear``),
  ``schema:url``, ``schema:mentions`` each entity it names.
- event ``<base>event/<digest>``: ``a sem:Event``; ``sem:eventType`` a
  ``skos:Concept`` of the CAMEO scheme (``cameo:10``; codes below a root are
  ``skos:broader`` their parent), ``kg:cameoCode``, ``sem:hasActor`` every
  participant with ``kg:sourceActor``/``kg:targetActor`` for the roles,
  ``sem:hasPlace``, ``sem:hasTimeStamp`` (typed by granularity),
  ``kg:content``, ``kg:modality``, ``kg:trigger``, ``kg:speaker``,
  ``kg:confidence`` (``xsd:decimal``), ``prov:wasDerivedFrom`` the article(s).
- the shortcut ``<Russia> kg:demand <NATO>`` (one ``kg:`` property per CAMEO
  root, ``kg:intentToCooperate``...) for each source × target of every
  event whose modality is *asserted* or *reported* (never for negated,
  hypothetical or future acts, which did not happen).
- relations: the direct triple (``schema:affiliation``, ``schema:jobTitle``),
  once, in the entities graph, and in each article's graph an ``rdf:Statement``
  ``<base>statement/<digest>`` reifying it, with ``prov:wasDerivedFrom``,
  ``kg:confidence`` and evidence.
- evidence: ``oa:Annotation <base>annotation/<digest>`` with ``oa:hasBody``
  the entity / event / statement (which links back with ``kg:evidence``) and
  ``oa:hasTarget <…#target>``, an ``oa:SpecificResource`` whose
  ``oa:hasSource`` is the article and whose selectors are an
  ``oa:TextPositionSelector`` (``oa:start``/``oa:end``, offsets into the
  article's text: title, blank line, body) and an ``oa:TextQuoteSelector``
  (``oa:exact``, ``oa:prefix``, ``oa:suffix`` within the sentence).

Named graphs: ``<base>graph/entities`` (merged entity descriptions),
``<base>graph/cameo`` (the concept scheme) and ``<base>graph/article/<doc_id>``
(what each article states: its metadata, events, relations, evidence).
Turtle and N-Triples hold the union. No blank nodes: every IRI is a key or a
hash, so output is byte-identical for the same facts in any order.

>>> from kg.graph import build_graph
>>> "<http://kg.local/entity/Q159>" in entity_iri("Q159", "http://kg.local/")
True
>>> literal('say "hi"\\n', lang="en")
'"say \\\\"hi\\\\"\\\\n"@en'
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.rdfio import _prefix_lines as _prefix_lines  # bench/bench_rdf_write.py uses it
from kg.rdfio import (
    jsonld_document,
    ntriples_lines,
    turtle_lines,
    write_jsonld,
    write_ntriples,
    write_trig,
    write_turtle,
)
from kg.records import CAMEO_CODES, CAMEO_ROOTS
from kg.vocab import (
    CAMEO,
    CAMEO_SCHEME,
    DEFAULT_BASE_IRI,
    INTERACTION_PROPERTIES,
    KG,
    NT,
    PREFIXES,
    cameo_label,
)

__all__ = [
    "DEFAULT_BASE_IRI",
    "article_iri",
    "check_base_iri",
    "entity_iri",
    "generate_quads",
    "generate_triples",
    "jsonld_document",
    "literal",
    "nquads",
    "ntriples_lines",
    "prefixes_for",
    "to_rdflib",
    "turtle_lines",
    "write_jsonld",
    "write_ntriples",
    "write_trig",
    "write_turtle",
]

Triple = tuple[str, str, str]
Quad = tuple[str, str, str, str]

_XSD = "http://www.w3.org/2001/XMLSchema#"


def _i(iri: object) -> str:
    return f"<{iri}>"


A = NT.rdf_type
_ENTITY_CLASSES = {
    "PERSON": NT.schema_Person,
    "ORGANIZATION": NT.schema_Organization,
    "COUNTRY": NT.schema_Country,
    "LOCATION": NT.schema_Place,
}
_RELATION_PROPERTIES = {"AFFILIATED_WITH": NT.schema_affiliation}
_SHORTCUT_MODALITIES = {"asserted", "reported"}


# --------------------------------------------------------------------- terms

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f\ud800-\udfff]')
_SURROGATE = re.compile("[\ud800-\udfff]")


def _esc(text: str) -> str:
    """The body of an N-Triples/Turtle string literal (lone surrogates → U+FFFD)."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text).translate(_ESCAPES)


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal in N-Triples syntax.

    >>> literal("2022-01-09", datatype="http://www.w3.org/2001/XMLSchema#date")
    '"2022-01-09"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if lang:
        return f'"{_esc(value)}"@{lang}'
    if datatype:
        return f'"{_esc(value)}"^^<{datatype}>'
    return f'"{_esc(value)}"'


def _en(value: str) -> str:
    return f'"{_esc(value)}"@en'


def _decimal(x: float) -> str:
    text = f"{round(float(x), 3):.3f}".rstrip("0")
    return f'"{text}0"^^{NT.xsd_decimal}' if text.endswith(".") else f'"{text}"^^{NT.xsd_decimal}'


def _nni(n: int) -> str:
    return f'"{int(n)}"^^{NT.xsd_nonNegativeInteger}'


def _time(value: str) -> str:
    """A date, year-month or year typed by granularity; else a plain string."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
            return literal(value, datatype=_XSD + "date")
        if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            return literal(value, datatype=_XSD + "gYearMonth")
        if re.fullmatch(r"\d{4}", value):
            return literal(value, datatype=_XSD + "gYear")
    except ValueError:
        pass
    return literal(value)


_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9_.~-]*")


@functools.lru_cache(maxsize=1 << 16)
def _segment(text: str, safe: str = "") -> str:
    """Percent-encode ``text`` for an IRI path; '.' and '..' segments too."""
    if _PLAIN_SEGMENT.fullmatch(text):
        return text
    out = quote(text, safe=safe, errors="replace")
    return "/".join("%2E" * len(s) if s in (".", "..") else s for s in out.split("/"))


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\#?]')


def _valid_iri(iri: str) -> bool:
    """Whether a strict parser (oxigraph's) accepts ``iri`` as an absolute IRI."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _url_term(url: str) -> str:
    """``<url>`` (unsafe characters percent-encoded) if a valid IRI, else a literal."""
    fixed = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", url)
    iri = quote(fixed, safe="!#$%&'()*+,/:;=?@[]~", errors="replace")
    return f"<{iri}>" if _valid_iri(iri) else literal(url)


def check_base_iri(base_iri: str) -> str:
    """Return ``base_iri`` if it is an absolute IRI ending in '/' (no '#', '?').

    >>> check_base_iri("https://data.example.org/kg/")
    'https://data.example.org/kg/'
    """
    if not base_iri.endswith("/") or _IRI_UNSAFE.search(base_iri) or not _valid_iri(base_iri + "entity/x"):
        raise ValueError(f"base IRI must be an absolute IRI ending in '/', without '#' or '?': {base_iri!r}")
    return base_iri


def entity_iri(key: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """``<base>entity/<key>`` (slashes kept, everything else percent-encoded)."""
    return f"<{base_iri}entity/{_segment(key, '/')}>"


def article_iri(doc_id: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """``<base>article/<doc_id>`` (the doc_id is one percent-encoded segment)."""
    return f"<{base_iri}article/{_segment(doc_id)}>"


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "replace")).hexdigest()[:16]


def prefixes_for(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The vocabulary prefixes plus ``entity:``, ``event:``... of ``base_iri``."""
    data = {name: f"{base_iri}{name}/" for name in ("entity", "event", "article", "statement", "annotation", "graph")}
    return {**PREFIXES, **data}


# ------------------------------------------------------------------- triples


def _cameo_code(code: str | None, event_type: str) -> str | None:
    """``code`` if it is a CAMEO code under a known root, else the type's root code.

    >>> _cameo_code("1056", "DEMAND"), _cameo_code("x", "DEMAND"), _cameo_code(None, "?")
    ('1056', '10', None)
    """
    if code and re.fullmatch(r"[0-9]{2,4}", code) and code[:2] in CAMEO_ROOTS:
        return code
    return CAMEO_CODES.get(event_type)


def _edge_key(edge: tuple[str, str, str, dict[str, Any]]) -> tuple[str, str, str]:
    return edge[0], edge[1], str(edge[2])


class _Minter:
    """Makes the statements of one graph under one base IRI."""

    def __init__(self, G: nx.MultiDiGraph, base: str, union: bool = False) -> None:
        # union: statements repeated in several named graphs are made once
        self.G, self.base, self.union = G, check_base_iri(base), union
        self.entities_graph = f"<{base}graph/entities>"
        self.cameo_graph = f"<{base}graph/cameo>"
        self.buf: list[Quad] = []  # the methods append here; quads() drains it
        self.shortcuts: set[Triple] = set()  # union: made once though several events imply them

    def node_iri(self, node: str) -> str:
        d = self.G.nodes[node]
        kind = d.get("kind")
        if kind == "entity":
            return entity_iri(d["key"], self.base)
        if kind == "article":
            return article_iri(d["doc_id"], self.base)
        return f"<{self.base}event/{_segment(node.split(':', 1)[1])}>"

    def doc_graph(self, doc_id: str) -> str:
        return f"<{self.base}graph/article/{_segment(doc_id)}>"

    def evidence(self, body: str, evs: Iterable[dict[str, Any]]) -> None:
        """oa:Annotations of ``body`` at each evidence, in each article's graph."""
        add = self.buf.append
        for ev in evs:
            doc, start, end = ev["doc_id"], ev["start"], ev["end"]
            g, art = self.doc_graph(doc), article_iri(doc, self.base)
            ann = f"{self.base}annotation/{_digest(body, doc, start, end)}"
            a, tgt, pos, quo = f"<{ann}>", f"<{ann}#target>", f"<{ann}#position>", f"<{ann}#quote>"
            add((body, NT.kg_evidence, a, g))
            add((a, A, NT.oa_Annotation, g))
            add((a, NT.oa_hasBody, body, g))
            add((a, NT.oa_hasTarget, tgt, g))
            add((tgt, A, NT.oa_SpecificResource, g))
            add((tgt, NT.oa_hasSource, art, g))
            add((tgt, NT.oa_hasSelector, pos, g))
            add((pos, A, NT.oa_TextPositionSelector, g))
            add((pos, NT.oa_start, _nni(start), g))
            add((pos, NT.oa_end, _nni(end), g))
            sentence, s0 = ev["sentence"], ev["sent_start"]
            if s0 <= start <= end <= ev["sent_end"] and len(sentence) == ev["sent_end"] - s0:
                add((tgt, NT.oa_hasSelector, quo, g))
                add((quo, A, NT.oa_TextQuoteSelector, g))
                add((quo, NT.oa_exact, literal(sentence[start - s0 : end - s0]), g))
                if start > s0:
                    add((quo, NT.oa_prefix, literal(sentence[: start - s0]), g))
                if end < ev["sent_end"]:
                    add((quo, NT.oa_suffix, literal(sentence[end - s0 :]), g))

    def article(self, d: dict[str, Any]) -> None:
        add = self.buf.append
        s, g = article_iri(d["doc_id"], self.base), self.doc_graph(d["doc_id"])
        add((s, A, NT.schema_NewsArticle, g))
        add((s, NT.schema_identifier, literal(d["doc_id"]), g))
        if d.get("title"):
            add((s, NT.schema_headline, _en(d["title"]), g))
            add((s, NT.schema_name, _en(d["title"]), g))
        if d.get("date"):
            add((s, NT.schema_datePublished, _time(d["date"]), g))
        if d.get("url"):
            add((s, NT.schema_url, _url_term(d["url"]), g))

    def entity(self, d: dict[str, Any]) -> None:
        add = self.buf.append
        s, g = entity_iri(d["key"], self.base), self.entities_graph
        add((s, A, NT.kg_Entity, g))
        add((s, A, _ENTITY_CLASSES.get(d["type"], NT.schema_Thing), g))
        add((s, NT.schema_name, _en(d["name"] or d["label"]), g))
        add((s, NT.schema_identifier, literal(d["key"]), g))
        if d["type"]:
            add((s, NT.kg_entityType, literal(d["type"]), g))
        for alias in d["aliases"]:
            add((s, NT.schema_alternateName, _en(alias), g))
        if re.fullmatch(r"Q[1-9][0-9]*", d.get("wikidata") or ""):
            add((s, NT.owl_sameAs, f"<http://www.wikidata.org/entity/{d['wikidata']}>", g))
        if d["confidence"]:
            add((s, NT.kg_confidence, _decimal(d["confidence"]), g))
        for doc in d["articles"]:
            add((article_iri(doc, self.base), NT.schema_mentions, s, self.doc_graph(doc)))
        self.evidence(s, d["evidence"])
        for title in d["positions"]:
            job = _en(title)
            add((s, NT.schema_jobTitle, job, g))
            self.statement(s, NT.schema_jobTitle, job, d["position_evidence"].get(title, []), None)

    def statement(self, s: str, p: str, o: str, evs: list[dict[str, Any]], conf: float | None) -> None:
        """The reification of a direct triple (which the entities graph holds, once: a query
        over the union of the graphs finds it once), in the graph of each article."""
        add = self.buf.append
        st = f"<{self.base}statement/{_digest(s, p, o)}>"
        for n, doc in enumerate(sorted({ev["doc_id"] for ev in evs})):
            g = self.doc_graph(doc)
            if not (self.union and n):
                add((st, A, NT.rdf_Statement, g))
                add((st, NT.rdf_subject, s, g))
                add((st, NT.rdf_predicate, p, g))
                add((st, NT.rdf_object, o, g))
                if conf is not None:
                    add((st, NT.kg_confidence, _decimal(conf), g))
            add((st, NT.prov_wasDerivedFrom, article_iri(doc, self.base), g))
        self.evidence(st, evs)

    def relation(self, u: str, v: str, d: dict[str, Any]) -> None:
        add = self.buf.append
        s, o = self.node_iri(u), self.node_iri(v)
        pred = d.get("predicate", "")
        p = _RELATION_PROPERTIES.get(pred) or _i(f"{KG._NS}{_segment(pred)}")
        add((s, p, o, self.entities_graph))
        self.statement(s, p, o, d.get("evidence", []), d.get("confidence"))

    def event(self, node: str, d: dict[str, Any]) -> None:
        add = self.buf.append
        s = self.node_iri(node)
        sources = [self.node_iri(n) for n in d["sources"]]
        targets = [self.node_iri(n) for n in d["targets"]]
        for n, doc in enumerate(d["articles"]):
            g = self.doc_graph(doc)
            add((s, NT.prov_wasDerivedFrom, article_iri(doc, self.base), g))
            if not (self.union and n):
                self.event_body(s, d, sources, targets, g)
        self.evidence(s, d["evidence"])

    def event_body(self, s: str, d: dict[str, Any], sources: list[str], targets: list[str], g: str) -> None:
        add = self.buf.append
        add((s, A, NT.sem_Event, g))
        code = _cameo_code(d["cameo"], d["type"])
        if code:
            add((s, NT.sem_eventType, _i(CAMEO[code]), g))
        add((s, NT.kg_cameoCode, literal(d["cameo"]), g))
        for actor in sources:
            add((s, NT.kg_sourceActor, actor, g))
        for actor in targets:
            add((s, NT.kg_targetActor, actor, g))
        for actor in sources + targets:
            add((s, NT.sem_hasActor, actor, g))
        if d.get("location"):
            add((s, NT.sem_hasPlace, self.node_iri(d["location"]), g))
        if d.get("speaker"):
            add((s, NT.kg_speaker, self.node_iri(d["speaker"]), g))
        if d.get("time"):
            add((s, NT.sem_hasTimeStamp, _time(d["time"]), g))
        if d.get("content"):
            add((s, NT.kg_content, _en(d["content"]), g))
        if d.get("trigger"):
            add((s, NT.kg_trigger, _en(d["trigger"]), g))
        add((s, NT.kg_modality, literal(d["modality"]), g))
        add((s, NT.kg_confidence, _decimal(d["confidence"]), g))
        if d["modality"] in _SHORTCUT_MODALITIES:
            shortcut = _i(INTERACTION_PROPERTIES.get(d["type"], KG.interactsWith))
            for src in sources:
                for tgt in targets:
                    if src == tgt:
                        continue
                    if self.union:
                        if (src, shortcut, tgt) in self.shortcuts:
                            continue
                        self.shortcuts.add((src, shortcut, tgt))
                    add((src, shortcut, tgt, g))

    def cameo(self, codes: set[str]) -> None:
        add = self.buf.append
        g, scheme = self.cameo_graph, _i(CAMEO_SCHEME)
        add((scheme, A, NT.skos_ConceptScheme, g))
        add((scheme, NT.skos_prefLabel, _en("CAMEO event codes"), g))
        for code in sorted(codes | {c[:3] for c in codes if len(c) > 3} | set(CAMEO_ROOTS)):
            c = _i(CAMEO[code])
            add((c, A, NT.skos_Concept, g))
            add((c, NT.skos_inScheme, scheme, g))
            add((c, NT.skos_notation, literal(code), g))
            if code in CAMEO_ROOTS:
                add((c, NT.skos_prefLabel, _en(cameo_label(CAMEO_ROOTS[code])), g))
                add((c, NT.skos_topConceptOf, scheme, g))
                add((scheme, NT.skos_hasTopConcept, c, g))
            else:
                parent = code[:3] if len(code) > 3 else code[:2]
                add((c, NT.skos_broader, _i(CAMEO[parent]), g))
                # "100" is the root's own generic code; a finer one is named by its root and code
                root = cameo_label(CAMEO_ROOTS[code[:2]])
                add((c, NT.skos_prefLabel, _en(root if code == f"{code[:2]}0" else f"{root}: CAMEO {code}"), g))

    def quads(self) -> Iterator[Quad]:
        G, codes = self.G, set()
        for node in sorted(G.nodes):
            self.buf = []
            d = G.nodes[node]
            kind = d.get("kind")
            if kind == "entity":
                self.entity(d)
            elif kind == "article":
                self.article(d)
            elif kind == "event":
                codes.add(_cameo_code(d["cameo"], d["type"]) or "")
                self.event(node, d)
            yield from self.buf
        self.buf = []
        for u, v, _, d in sorted(G.edges(keys=True, data=True), key=_edge_key):
            if d.get("kind") == "relation":
                self.relation(u, v, d)
        self.cameo(codes - {""})
        yield from self.buf


def generate_quads(G: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[Quad]:
    """(s, p, o, graph) in N-Triples syntax; may repeat a quad (writers dedupe)."""
    return _Minter(G, base_iri).quads()


def generate_triples(G: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[Triple]:
    """The distinct (s, p, o) of the union of all named graphs, N-Triples syntax.

    Deterministic: the same graph content gives the same sequence.
    """
    for s, p, o, _ in _Minter(G, base_iri, union=True).quads():
        yield s, p, o


# -------------------------------------------------------------------- rdflib


def nquads(G: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """Sorted, duplicate-free N-Quads text."""
    return "".join(sorted({f"{s} {p} {o} {g} .\n" for s, p, o, g in generate_quads(G, base_iri)}))


def _rdflib_term(term: Any) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD + "string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def to_rdflib(G: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI) -> rdflib.Dataset:
    """An ``rdflib.Dataset``: one named graph per article, entities, CAMEO.

    Its default graph is the union of the named graphs (``default_union``).
    """
    ds = rdflib.Dataset(default_union=True)
    for prefix, ns in prefixes_for(base_iri).items():
        ds.bind(prefix, ns, override=True)
    graphs: dict[str, rdflib.Graph] = {}
    data = nquads(G, base_iri).encode("utf-8")
    for q in ox.parse(data, ox.RdfFormat.N_QUADS):
        name = q.graph_name.value
        if name not in graphs:
            graphs[name] = ds.graph(rdflib.URIRef(name))
        graphs[name].add((_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object)))
    return ds
