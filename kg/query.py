"""Query results: small typed records, result lists, and SPARQL with bound values.

The records :class:`EntityRecord`, :class:`EventRecord` (a demand is an
``EventRecord`` of type ``DEMAND``), :class:`RelationRecord` and
:class:`Step` are what :class:`kg.api.KnowledgeGraph` returns, inside a
:class:`Results` list that renders itself in Jupyter and converts to pandas.

User values never become query text: :func:`run` binds them through
pyoxigraph's ``substitutions`` and :func:`values_clause` writes a ``VALUES``
block from RDF terms serialised by pyoxigraph (escaped by the N-Triples rules),
for endpoints that do not take bindings:

>>> import pyoxigraph as ox
>>> values_clause("name", [ox.Literal('Ru"} } DROP ALL #', language="en")])
'VALUES ?name { "Ru\\\\"} } DROP ALL #"@en }'
>>> str(to_term(3)), str(to_term("Russia"))
('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"Russia"')
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar

import pyoxigraph as ox

from kg.records import Evidence

__all__ = [
    "DEMANDS_SPARQL",
    "EntityRecord",
    "EventRecord",
    "RelationRecord",
    "Results",
    "Step",
    "demands_query",
    "python_value",
    "run",
    "to_term",
    "values_clause",
]

T = TypeVar("T")
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity of the merged graph: its canonical name, type and every alias."""

    name: str
    type: str
    key: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    positions: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()  # names of what it is AFFILIATED_WITH
    articles: tuple[str, ...] = field(default=(), repr=False)
    confidence: float = field(default=0.0, repr=False)
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article that reports a fact: its id, title, date and URL (what it has of them)."""

    doc_id: str
    title: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event (a demand is one of type ``DEMAND``); actors given by name, keys alongside."""

    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    content: str | None = None
    time: str | None = None
    modality: str = "asserted"
    cameo: str = field(default="", repr=False)
    location: str | None = field(default=None, repr=False)
    speaker: str | None = field(default=None, repr=False)
    trigger: str | None = field(default=None, repr=False)
    id: str = field(default="", repr=False)
    source_keys: tuple[str, ...] = field(default=(), repr=False)
    target_keys: tuple[str, ...] = field(default=(), repr=False)
    articles: tuple[str, ...] = field(default=(), repr=False)
    confidence: float = field(default=0.0, repr=False)
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)
    #: the articles that report it, with their titles, dates and URLs
    reports: tuple[ArticleRecord, ...] = field(default=(), repr=False)
    #: the event's own time, else the date of the first article that reports it
    date: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """subject —predicate→ object (an entity name, or a title for HOLDS_POSITION)."""

    subject: str
    predicate: str
    object: str
    subject_key: str = field(default="", repr=False)
    object_key: str | None = field(default=None, repr=False)
    confidence: float = field(default=0.0, repr=False)
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)
    #: the articles that state it, with their titles, dates and URLs
    reports: tuple[ArticleRecord, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class DyadRecord:
    """How many events of one type went from one side to the other (actors or their countries)."""

    source: str
    target: str
    type: str
    count: int
    events: tuple[str, ...] = field(default=(), repr=False)  # the event ids


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a path, in the direction the graph has it."""

    source: str
    label: str
    target: str


def _cell(value: Any) -> Any:
    if isinstance(value, tuple) and value and isinstance(value[0], Evidence):
        return len(value)
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return value


def _row(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    if hasattr(item, "__dataclass_fields__"):
        return {f.name: getattr(item, f.name) for f in fields(item)}
    return {"value": item}


class Results(list[T], Generic[T]):
    """A list of records that renders as a table in Jupyter and converts to pandas.

    >>> r = Results([Step("Putin", "AFFILIATED_WITH", "Russia")])
    >>> r.to_rows()
    [{'source': 'Putin', 'label': 'AFFILIATED_WITH', 'target': 'Russia'}]
    >>> "<td>AFFILIATED_WITH</td>" in r._repr_html_()
    True
    """

    def to_rows(self) -> list[dict[str, Any]]:
        """One dict per record (evidence lists become their length, tuples comma-joined)."""
        return [{k: _cell(v) for k, v in _row(item).items()} for item in self]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` (pandas is optional: ImportError names it when missing)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        return pd.DataFrame(self.to_rows())

    def _repr_html_(self, limit: int = 50) -> str:
        rows = self.to_rows()
        if not rows:
            return "<p><em>no results</em></p>"
        cols = list(dict.fromkeys(k for r in rows for k in r))
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape('' if r.get(c) is None else str(r.get(c)))}</td>" for c in cols)
            + "</tr>"
            for r in rows[:limit]
        )
        more = f"<p>… {len(rows) - limit} more</p>" if len(rows) > limit else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


# ------------------------------------------------------------------ SPARQL


def to_term(value: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An RDF term for a Python value: terms pass; str/int/float/bool become typed literals."""
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int | float):
        return ox.Literal(value)
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"cannot bind {type(value).__name__} as an RDF term: {value!r}")


_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def values_clause(var: str, terms: Iterable[Any]) -> str:
    """``VALUES ?var { ... }`` of RDF terms, each serialised (and escaped) by pyoxigraph."""
    if not _VAR.fullmatch(var):
        raise ValueError(f"not a SPARQL variable name: {var!r}")
    return f"VALUES ?{var} {{ {' '.join(str(to_term(t)) for t in terms)} }}"


def python_value(term: Any) -> Any:
    """A plain Python value of an RDF term: IRIs and strings as str, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in (_XSD + "integer", _XSD + "nonNegativeInteger", _XSD + "int", _XSD + "long"):
            return int(term.value)
        if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
            return float(term.value)
        if dt == _XSD + "boolean":
            return term.value == "true"
        return term.value
    return getattr(term, "value", str(term))


def prefixed(iri: str, prefixes: dict[str, str]) -> str:
    """``iri`` as a prefixed name when a namespace of ``prefixes`` holds it (the longest one)
    and the rest is a plain local name, else the IRI itself.

    >>> prefixed("http://schema.org/name", {"schema": "http://schema.org/"})
    'schema:name'
    >>> prefixed("http://example.org/x y", {"schema": "http://schema.org/"})
    'http://example.org/x y'
    """
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    if best is not None:
        local = iri[len(best):]
        if _LOCAL.fullmatch(local):
            name = next(p for p, ns in prefixes.items() if ns == best)
            return f"{name}:{local}"
    return iri


_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-/]*[A-Za-z0-9_\-])?")


def run(
    store: ox.Store,
    sparql: str,
    bindings: Mapping[str, Any] | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> Any:
    """A query over the union of all graphs, with ``bindings`` substituted as values.

    Variables bound by ``bindings`` should be projected (``SELECT *``); others are
    joined through a trailing ``VALUES`` block of serialised terms.
    SELECT → :class:`Results` of dicts (variable → Python value); ASK → bool;
    CONSTRUCT/DESCRIBE → :class:`Results` of ``pyoxigraph.Triple``.
    """
    from kg.store import query

    subs = {k.lstrip("?$"): to_term(v) for k, v in (bindings or {}).items()}
    try:
        result = query(store, sparql, subs, prefixes)
    except RuntimeError as e:
        if not subs or "does not contains variable" not in str(e):
            raise
        # a bound variable that is not projected: join a VALUES block of the serialised terms instead
        values = "".join(f"\n{values_clause(k, [v])}" for k, v in subs.items())
        result = query(store, sparql + values, None, prefixes)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Results({n: python_value(sol[n]) for n in names} for sol in result)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return Results(result)


#: Demands as SPARQL: ``?by_name`` / ``?of_name`` bound to a name or alias
#: (``@en`` literals), or left unbound for any. Affiliated people count for their state.
DEMANDS_SPARQL = """\
SELECT DISTINCT ?event ?source ?target ?content ?time ?modality WHERE {
  ?event a sem:Event ; sem:eventType <http://kg.local/cameo/10> ;
         kg:sourceActor ?s ; kg:targetActor ?t ; kg:modality ?modality .
  OPTIONAL { ?event kg:content ?content }
  OPTIONAL { ?event sem:hasTimeStamp ?time }
  ?s schema:name ?source . ?t schema:name ?target .
  { ?s schema:name|schema:alternateName ?by_name } UNION
  { ?s schema:affiliation/(schema:name|schema:alternateName) ?by_name }
  { ?t schema:name|schema:alternateName ?of_name } UNION
  { ?t schema:affiliation/(schema:name|schema:alternateName) ?of_name }
}
ORDER BY ?event ?source ?target"""


def demands_query(by: str | None = None, of: str | None = None) -> str:
    """:data:`DEMANDS_SPARQL` for any SPARQL endpoint: names as a ``VALUES`` block of ``@en`` literals.

    >>> print(demands_query(by="Russia").splitlines()[4])
      VALUES ?by_name { "Russia"@en }
    """
    extra = [values_clause(var, [ox.Literal(name, language="en")]) for var, name in (("by_name", by), ("of_name", of))
             if name is not None]  # fmt: skip
    prologue = "PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>\nPREFIX kg: <http://kg.local/ns#>\n"
    prologue += "PREFIX schema: <http://schema.org/>\n"
    # inline VALUES at the top of the WHERE block (some stores, Virtuoso, reject a trailing VALUES clause)
    return prologue + DEMANDS_SPARQL.replace("WHERE {\n", "WHERE {\n" + "".join(f"  {v}\n" for v in extra), 1) + "\n"
