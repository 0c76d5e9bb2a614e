"""The ``kg:`` vocabulary as RDF: every term with its label, comment, kind, domain and
range, shipped as ``kg/data/vocab.ttl`` (``python -m kg.vocabfile`` rewrites it).

>>> g = vocabulary_graph()
>>> str(g.value(KG.demand, RDFS.label))
'demand'
>>> (KG.sourceActor, RDFS.subPropertyOf, SEM.hasActor) in g
True
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.records import CAMEO_ROOTS
from kg.vocab import KG, PREFIXES, SCHEMA, SEM, cameo_label, interaction_property

#: term → (kind, label, comment, domain, range); kinds: class, object, data
TERMS: dict[str, tuple[str, str, str, URIRef | None, URIRef | None]] = {
    "Entity": ("class", "entity", "Anything kg identified as a referent in the news: a person, an "
               "organization, a country, a place. Also typed with the schema.org class of its kind.", None, None),
    "sourceActor": ("object", "source actor", "Who does the act: an entity (sub-property of sem:hasActor).",
                    SEM.Event, KG.Entity),
    "targetActor": ("object", "target actor", "Whom the act is aimed at: an entity (sub-property of "
                    "sem:hasActor); absent when the act has no addressee.", SEM.Event, KG.Entity),
    "speaker": ("object", "speaker", "Who reported the event, when the article gives it in someone's words.",
                SEM.Event, KG.Entity),
    "content": ("data", "content", "What is demanded, offered, rejected or said: a short phrase of the "
                "article (language-tagged).", SEM.Event, RDF.langString),
    "modality": ("data", "modality", "Whether the act happened as the article tells it: asserted, negated, "
                 "hypothetical, future, reported or demanded (an act demanded of someone, not done). Only "
                 "asserted and reported events give the direct actor-to-actor shortcuts.", SEM.Event, XSD.string),
    "trigger": ("data", "trigger", "The word or words of the article that express the event.", SEM.Event,
                RDF.langString),
    "cameoCode": ("data", "CAMEO code", "The event's CAMEO code as text (\"10\", \"046\"); the concept is its "
                  "sem:eventType.", SEM.Event, XSD.string),
    "confidence": ("data", "confidence", "The extractor's confidence in a fact, from 0 to 1.", None, XSD.decimal),
    "evidence": ("object", "evidence", "From a fact (an entity, an event, a reified relation) to the "
                 "oa:Annotation that gives the sentence of the article that states it.", None,
                 URIRef(PREFIXES["oa"] + "Annotation")),
    "entityType": ("data", "entity type", "kg's type name of an entity (PERSON, ORGANIZATION, COUNTRY, "
                   "LOCATION ...).", KG.Entity, XSD.string),
    "interactsWith": ("object", "interacts with", "From a source actor to a target actor of an asserted or "
                      "reported event: the super-property of the twenty CAMEO root shortcuts (kg:demand ...).",
                      KG.Entity, KG.Entity),
}


def _kg(name: str) -> URIRef:
    return URIRef(f"{KG._NS}{name}")


def vocabulary_graph() -> Graph:
    """Every ``kg:`` term, with ``rdfs:label``, ``rdfs:comment``, kind, domain and range."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    onto = URIRef(str(KG._NS).rstrip("#"))
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal("kg vocabulary", lang="en")))
    g.add((onto, RDFS.comment, Literal(
        "The terms of kg's RDF output that schema.org, SEM, PROV, Web Annotation and SKOS lack.", lang="en")))
    kinds = {"class": OWL.Class, "object": OWL.ObjectProperty, "data": OWL.DatatypeProperty}
    for name, (kind, label, comment, domain, range_) in TERMS.items():
        term = _kg(name)
        g.add((term, RDF.type, kinds[kind]))
        g.add((term, RDFS.isDefinedBy, onto))
        g.add((term, RDFS.label, Literal(label, lang="en")))
        g.add((term, RDFS.comment, Literal(comment, lang="en")))
        if domain is not None:
            g.add((term, RDFS.domain, domain))
        if range_ is not None:
            g.add((term, RDFS.range, range_))
    g.add((KG.Entity, RDFS.subClassOf, SCHEMA.Thing))
    for name in ("sourceActor", "targetActor"):
        g.add((_kg(name), RDFS.subPropertyOf, SEM.hasActor))
    for code, root in CAMEO_ROOTS.items():
        term = interaction_property(root)
        g.add((term, RDF.type, OWL.ObjectProperty))
        g.add((term, RDFS.isDefinedBy, onto))
        g.add((term, RDFS.subPropertyOf, KG.interactsWith))
        g.add((term, RDFS.label, Literal(cameo_label(root).lower(), lang="en")))
        g.add((term, RDFS.comment, Literal(
            f"A source actor to a target actor of an asserted or reported event of CAMEO root {code} "
            f"({cameo_label(root)}).", lang="en")))
        g.add((term, RDFS.domain, KG.Entity))
        g.add((term, RDFS.range, KG.Entity))
    return g


def vocabulary_turtle() -> str:
    return vocabulary_graph().serialize(format="turtle")


SHIPPED = Path(__file__).resolve().parent / "data" / "vocab.ttl"


def main() -> int:  # pragma: no cover
    SHIPPED.write_text(vocabulary_turtle(), encoding="utf-8")
    print(f"wrote {SHIPPED}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
