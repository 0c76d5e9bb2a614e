"""Namespaces and the ``kg:`` vocabulary of kg's RDF output.

kg reuses established vocabularies wherever one has the term:

==========  =============================================  =======================
prefix      namespace                                      used for
==========  =============================================  =======================
``schema``  ``http://schema.org/``                         entities, articles
``sem``     ``http://semanticweb.cs.vu.nl/2009/11/sem/``   events (Simple Event Model)
``prov``    ``http://www.w3.org/ns/prov#``                 derivation from articles
``oa``      ``http://www.w3.org/ns/oa#``                   evidence (Web Annotation)
``skos``    ``http://www.w3.org/2004/02/skos/core#``       the CAMEO concept scheme
``wd``      ``http://www.wikidata.org/entity/``            ``owl:sameAs`` targets
``cameo``   ``http://kg.local/cameo/``                     CAMEO concepts (``cameo:10``)
``kg``      ``http://kg.local/ns#``                        the few terms none of them has
==========  =============================================  =======================

``schema:`` is the ``http`` form, the one schema.org's own RDF files and most
triple stores use. The ``kg:`` and ``cameo:`` namespaces are fixed; the IRIs of
the *data* (entities, events, articles...) are minted under a base IRI the user
chooses (``--base-iri``), by default :data:`DEFAULT_BASE_IRI`.

>>> str(KG.modality)
'http://kg.local/ns#modality'
>>> str(KG["yield"])
'http://kg.local/ns#yield'
>>> interaction_property("INTENT_TO_COOPERATE") == KG.intentToCooperate
True
>>> str(cameo_concept("046"))
'http://kg.local/cameo/046'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.records import CAMEO_ROOTS

#: Base of the data IRIs when the user gives none. ``.local`` is reserved
#: (RFC 6762), so these IRIs never collide with a real web site: override it
#: with ``--base-iri https://your.org/kg/`` to publish the graph.
DEFAULT_BASE_IRI = "http://kg.local/"

SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
CAMEO = Namespace("http://kg.local/cameo/")
#: The ``skos:ConceptScheme`` of the CAMEO codes.
CAMEO_SCHEME = URIRef("http://kg.local/cameo/scheme")


class KG(DefinedNamespace):
    """Terms that schema.org, SEM, PROV, OA and SKOS lack."""

    _NS = Namespace("http://kg.local/ns#")
    _fail = True

    # classes
    Entity: URIRef  # anything kg identified as a referent (person, country, ...)

    # event properties
    sourceActor: URIRef  # rdfs:subPropertyOf sem:hasActor: who acts
    targetActor: URIRef  # rdfs:subPropertyOf sem:hasActor: whom the act aims at
    speaker: URIRef  # who reported the event (reported speech)
    content: URIRef  # what is demanded, offered, rejected...: a short phrase
    modality: URIRef  # "asserted" | "negated" | "hypothetical" | "future" | "reported" | "demanded"
    trigger: URIRef  # the word(s) that express the event
    cameoCode: URIRef  # the CAMEO code as text, e.g. "10" (also skos:notation)
    confidence: URIRef  # xsd:decimal in [0, 1]
    evidence: URIRef  # fact → its oa:Annotation(s)
    entityType: URIRef  # kg's type name ("PERSON", "DATE", ...)
    interactsWith: URIRef  # super-property of the direct actor → actor properties

    # direct actor → actor properties, one per CAMEO root category ("Russia kg:demand NATO")
    statement: URIRef
    appeal: URIRef
    intentToCooperate: URIRef
    consult: URIRef
    diplomaticCooperation: URIRef
    materialCooperation: URIRef
    aid: URIRef
    investigate: URIRef
    demand: URIRef
    disapprove: URIRef
    reject: URIRef
    threaten: URIRef
    protest: URIRef
    forcePosture: URIRef
    reduceRelations: URIRef
    coerce: URIRef
    assault: URIRef
    fight: URIRef
    massViolence: URIRef

    _extras = ["yield"]  # noqa: RUF012  (a Python keyword)


def _camel(name: str) -> str:
    first, *rest = name.lower().split("_")
    return first + "".join(word.capitalize() for word in rest)


#: CAMEO root name → the direct actor → actor property.
INTERACTION_PROPERTIES: dict[str, URIRef] = {name: KG[_camel(name)] for name in CAMEO_ROOTS.values()}


def interaction_property(event_type: str) -> URIRef:
    """The ``kg:`` property of a CAMEO root name: ``"DEMAND"`` → ``kg:demand``.

    >>> str(interaction_property("REDUCE_RELATIONS"))
    'http://kg.local/ns#reduceRelations'
    """
    return INTERACTION_PROPERTIES.get(event_type) or KG.interactsWith


def cameo_concept(code: str) -> URIRef:
    """The SKOS concept of a CAMEO code."""
    return CAMEO[code]


def cameo_label(root_name: str) -> str:
    """A human label of a CAMEO root name.

    >>> cameo_label("INTENT_TO_COOPERATE")
    'Intent to cooperate'
    """
    return root_name.replace("_", " ").capitalize()


#: Prefixes bound in every serialisation (the data prefixes are added per base IRI).
PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": str(OA),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "wd": str(WD),
    "cameo": str(CAMEO),
    "kg": str(KG._NS),
}


class NT:
    """The terms kg writes, in N-Triples syntax (``<iri>``), for :mod:`kg.rdf`.

    >>> NT.schema_name
    '<http://schema.org/name>'
    """

    kg_Entity = f"<{KG._NS}Entity>"
    kg_cameoCode = f"<{KG._NS}cameoCode>"
    kg_confidence = f"<{KG._NS}confidence>"
    kg_content = f"<{KG._NS}content>"
    kg_entityType = f"<{KG._NS}entityType>"
    kg_evidence = f"<{KG._NS}evidence>"
    kg_modality = f"<{KG._NS}modality>"
    kg_sourceActor = f"<{KG._NS}sourceActor>"
    kg_speaker = f"<{KG._NS}speaker>"
    kg_targetActor = f"<{KG._NS}targetActor>"
    kg_trigger = f"<{KG._NS}trigger>"
    oa_Annotation = f"<{OA}Annotation>"
    oa_SpecificResource = f"<{OA}SpecificResource>"
    oa_TextPositionSelector = f"<{OA}TextPositionSelector>"
    oa_TextQuoteSelector = f"<{OA}TextQuoteSelector>"
    oa_end = f"<{OA}end>"
    oa_exact = f"<{OA}exact>"
    oa_hasBody = f"<{OA}hasBody>"
    oa_hasSelector = f"<{OA}hasSelector>"
    oa_hasSource = f"<{OA}hasSource>"
    oa_hasTarget = f"<{OA}hasTarget>"
    oa_prefix = f"<{OA}prefix>"
    oa_start = f"<{OA}start>"
    oa_suffix = f"<{OA}suffix>"
    owl_sameAs = f"<{PREFIXES['owl']}sameAs>"
    prov_wasDerivedFrom = f"<{PREFIXES['prov']}wasDerivedFrom>"
    rdf_Statement = f"<{PREFIXES['rdf']}Statement>"
    rdf_object = f"<{PREFIXES['rdf']}object>"
    rdf_predicate = f"<{PREFIXES['rdf']}predicate>"
    rdf_subject = f"<{PREFIXES['rdf']}subject>"
    rdf_type = f"<{PREFIXES['rdf']}type>"
    schema_Country = f"<{SCHEMA}Country>"
    schema_NewsArticle = f"<{SCHEMA}NewsArticle>"
    schema_Organization = f"<{SCHEMA}Organization>"
    schema_Person = f"<{SCHEMA}Person>"
    schema_Place = f"<{SCHEMA}Place>"
    schema_Thing = f"<{SCHEMA}Thing>"
    schema_affiliation = f"<{SCHEMA}affiliation>"
    schema_alternateName = f"<{SCHEMA}alternateName>"
    schema_datePublished = f"<{SCHEMA}datePublished>"
    schema_headline = f"<{SCHEMA}headline>"
    schema_identifier = f"<{SCHEMA}identifier>"
    schema_jobTitle = f"<{SCHEMA}jobTitle>"
    schema_mentions = f"<{SCHEMA}mentions>"
    schema_name = f"<{SCHEMA}name>"
    schema_url = f"<{SCHEMA}url>"
    sem_Event = f"<{SEM}Event>"
    sem_eventType = f"<{SEM}eventType>"
    sem_hasActor = f"<{SEM}hasActor>"
    sem_hasPlace = f"<{SEM}hasPlace>"
    sem_hasTimeStamp = f"<{SEM}hasTimeStamp>"
    skos_Concept = f"<{PREFIXES['skos']}Concept>"
    skos_ConceptScheme = f"<{PREFIXES['skos']}ConceptScheme>"
    skos_broader = f"<{PREFIXES['skos']}broader>"
    skos_hasTopConcept = f"<{PREFIXES['skos']}hasTopConcept>"
    skos_inScheme = f"<{PREFIXES['skos']}inScheme>"
    skos_notation = f"<{PREFIXES['skos']}notation>"
    skos_prefLabel = f"<{PREFIXES['skos']}prefLabel>"
    skos_topConceptOf = f"<{PREFIXES['skos']}topConceptOf>"
    xsd_decimal = f"<{PREFIXES['xsd']}decimal>"
    xsd_nonNegativeInteger = f"<{PREFIXES['xsd']}nonNegativeInteger>"
