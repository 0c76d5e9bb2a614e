"""Extraction: spaCy components over a ``Doc`` and the facts records made from them.

Importing this package registers kg's spaCy factories (``kg_sentences``,
``kg_gazetteer``, ``kg_entities``, ``kg_roles``, ``kg_events``, ``kg_event_reader``); they are also declared under
the ``spacy_factories`` entry point, so ``nlp.add_pipe("kg_events")`` works in
any pipeline once kg is installed.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import entities, events, gazetteer_ruler, learned, roles, sentences  # noqa: F401  (factories)
from kg.extract.state import DocState, freeze_entity, state
from kg.records import AFFILIATED_WITH, Article, ArticleFacts, Event

__all__ = ["ArticleTimeout", "extract", "extract_article", "facts_from_doc", "time_limit"]


def _prepare(doc: Doc, article: Article) -> Doc:
    st = state(doc)
    st.doc_id, st.date = article.doc_id, article.date
    st.text = article.text  # what doc.text would join anew from the tokens
    return doc


#: Articles per ``nlp.pipe`` batch. spaCy's working memory grows with the batch and
#: the process keeps it (kg's pipeline on news articles: batch 64, 850 MB peak;
#: 32, 510 MB; 16, 330 MB), at the same speed.
BATCH_SIZE = 16


class ArticleTimeout(TimeoutError):
    """An article's extraction took longer than its time budget."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in the block after ``seconds`` (a real-time timer and
    its signal: only in a process's main thread on Unix; elsewhere, no limit)."""
    usable = seconds is not None and seconds > 0 and hasattr(signal, "setitimer") \
        and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise ArticleTimeout(f"took longer than {seconds:g} s (--article-timeout)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract(
    articles: Iterable[Article], nlp: Language, *, batch_size: int = BATCH_SIZE,
    on_error: Callable[[Article, Exception], None] | None = None, article_timeout: float | None = None,
) -> Iterator[ArticleFacts]:
    """Facts of each article, in order, streaming through ``nlp.pipe``.

    With ``on_error``, an article whose extraction fails is reported to it and
    skipped, and the others go on; without, the error is raised. kg's own work
    on an article that takes longer than ``article_timeout`` seconds is
    stopped: :class:`ArticleTimeout`, reported like any failure.
    """
    model = nlp.meta.get("kg_model")
    # kg's components at the end of the pipeline need the article's id and
    # date, so they run after nlp.pipe, once those are on the Doc
    names = nlp.pipe_names
    split = len(names)
    while split and names[split - 1].startswith("kg_"):
        split -= 1
    base, kg_names = names[:split], names[split:]
    texts = ((a.text, a) for a in _within_limit(articles, nlp.max_length, on_error))
    with nlp.select_pipes(enable=base):
        for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
            try:
                with time_limit(article_timeout):
                    _prepare(doc, article)
                    for name in kg_names:
                        doc = nlp.get_pipe(name)(doc)
                    facts = facts_from_doc(doc, article, model=model)
            except Exception as err:
                if on_error is None:
                    raise
                on_error(article, err)
                continue
            yield facts


def _within_limit(
    articles: Iterable[Article], limit: int, on_error: Callable[[Article, Exception], None] | None
) -> Iterator[Article]:
    """Articles spaCy can take (``nlp.max_length`` characters); longer ones go to ``on_error``."""
    for article in articles:
        if len(article.text) <= limit:
            yield article
            continue
        problem = ValueError(f"article of {len(article.text):,} characters: over the pipeline's "
                             f"limit of {limit:,} (split it)")
        if on_error is None:
            raise problem
        on_error(article, problem)


def extract_article(article: Article, nlp: Language) -> ArticleFacts:
    """Facts of one article."""
    return next(extract([article], nlp))


def facts_from_doc(doc: Doc, article: Article, *, model: str | None = None) -> ArticleFacts:
    """Freeze what kg's components left on ``doc`` into immutable records."""
    st = state(doc)
    # a person's state beside the person; an act aimed only at the actor's own side is dropped
    evs = [e for e in (_with_affiliations(st, ev) for ev in st.events) if e is not None]
    evs = _drop_bare_demands(evs)
    referenced = {k for ev in evs for k in (*ev.source, *ev.target, ev.location) if k}
    referenced |= {r.subject for r in st.relations}
    referenced |= {r.object for r in st.relations if r.object_is_entity}
    ents = [
        freeze_entity(doc, d) for d in st.entities.values()
        if d.named or d.key in referenced
    ]
    end = len(st.text_of(doc))
    ents.sort(key=lambda e: (e.mentions[0].start if e.mentions else end, e.key))
    known = {e.key for e in ents}
    rels = [r for r in st.relations if r.subject in known and (not r.object_is_entity or r.object in known)]
    evs = [ev for ev in evs if all(k in known for k in (*ev.source, *ev.target))]
    return ArticleFacts(article=article, entities=tuple(ents), events=tuple(evs),
                        relations=tuple(rels), model=model)


def _with_affiliations(st: DocState, ev: Event) -> Event | None:
    """A person acting for a state: list the state beside the person (ANNOTATION.md)."""
    from dataclasses import replace

    def expand(keys: tuple[str, ...]) -> tuple[str, ...]:
        out = list(keys)
        for key in keys:
            draft = st.entities.get(key)
            if draft is None or draft.type != "PERSON":
                if draft is not None and draft.country and draft.country not in out:
                    out.append(draft.country)  # a government body acts for its state
                continue
            affiliations = [r.object for r in st.relations if r.subject == key and r.predicate == AFFILIATED_WITH]
            states = st.affiliated_states(key)
            for obj in affiliations:
                if obj not in out and not (obj in states and len(states) > 1):
                    out.append(obj)  # (a person of two states acts for neither: "the Colombian-French politician")
        return tuple(out)

    if ev.type == "STATEMENT":
        return ev
    source = expand(ev.source)
    own = set(source) | {c for k in source if k in st.entities and (c := st.entities[k].country)}
    target = tuple(k for k in expand(ev.target)  # no act aimed at the actor's own state or its bodies
                   if k not in own and (k not in st.entities or st.entities[k].country not in own))
    if ev.target and not target:
        return None
    return replace(ev, source=source, target=target)


def _drop_bare_demands(evs: list[Event]) -> list[Event]:
    """"The kidnappers' demands" says no more than the demand spelt out elsewhere by the same side."""
    spelt = {k for e in evs if e.type == "DEMAND" and (e.content or e.target) for k in e.source}
    return [e for e in evs if not (e.type == "DEMAND" and not e.content and not e.target
                                   and set(e.source) & spelt)]
