"""``kg_roles``: HOLDS_POSITION and AFFILIATED_WITH from the words around a name.

- premodifiers: "Russian Deputy Foreign Minister Sergei Ryabkov" → title
  "Deputy Foreign Minister", affiliated with Russia;
- appositions: "Ban Ki-moon, the UN Secretary-General" and "Iraq's new
  president, Jalal Talabani";
- then definite descriptions ("the secretary of state", "the Iranian
  president") are resolved to the person who holds that title.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract import scan, syntax
from kg.extract.entities import draft_from_gaz
from kg.extract.state import DocState, require, span_evidence
from kg.gazetteer import Gazetteer, default_gazetteer
from kg.records import AFFILIATED_WITH, HOLDS_POSITION, Relation

#: nouns that take an "of" complement as part of the title ("head of X's office")
HEAD_NOUNS = {"head", "chief", "leader", "member", "director", "chairman", "chairwoman",
              "president", "secretary", "minister", "spokesman", "spokeswoman", "spokesperson",
              "commander", "governor", "mayor", "ambassador", "envoy", "founder"}
#: titles of a state's own offices (the last word of the title)
NATIONAL_OFFICES = {"president", "president-elect", "minister", "chancellor", "king", "queen", "premier",
                    "emir", "sultan", "monarch", "ambassador"}
#: first words of a deputy's title ("Vice President", "Deputy Prime Minister")
DEPUTY_WORDS = {"vice", "deputy"}
#: adjectives that qualify a title without being part of it
SKIP_ADJ = {"new", "former", "then", "current", "incoming", "outgoing", "late", "top", "own"}
#: occupations news gives as a person's role ("security analyst X", "Shia cleric X")
OCCUPATIONS = {"analyst", "cleric", "expert", "economist", "scholar", "professor", "researcher",
               "lawyer", "attorney", "activist", "historian", "commentator", "doctor", "physician",
               "surgeon", "journalist", "correspondent", "editor", "officer", "politician"}
#: nouns for a person that are no title but whose modifiers say whom the person belongs to
#: ("UK resident X", "Jangeli's Sudanese counterpart, X")
PERSON_NOUNS = {"resident", "citizen", "national", "native", "counterpart", "hostage", "refugee",
                "man", "woman"}
#: verbs that give a person a title with "as" or a predicate ("sworn in as president",
#: "was named foreign minister", "serves as envoy")
APPOINT_VERBS = {"swear", "elect", "re-elect", "reelect", "appoint", "name", "nominate", "install",
                 "serve", "act", "remain", "designate", "confirm"}
#: organizations a person's possessive makes theirs ("Netanyahu's Likud", "al-Sadr's Mahdi Army")
MEMBER_KINDS = {"party", "armed_group"}
MEMBER_NAME_WORDS = {"party", "army", "movement", "front", "brigade", "brigades", "militia"}
#: verbs whose subject belongs to their object ("X heads the IAEA", "X joined Hamas")
MEMBER_VERBS = {"lead", "head", "chair", "run", "direct", "command", "found", "co-found", "join",
                "represent"}
#: and with a preposition ("X works for the BBC")
MEMBER_PHRASES = {"work for", "work at", "work with", "serve in", "serve on", "serve with", "speak for"}
#: of those, the ones whose active subject holds the title ("X serves as envoy")
SERVE_VERBS = {"serve", "act", "remain"}
#: dependents before a title noun that belong to its noun phrase
NP_DEPS = {"det", "amod", "compound", "nmod:poss", "poss", "flat", "flat:name", "nummod", "case",
           "nmod:desc", "nmod:unmarked", "punct", "advmod", "nmod:npmod", "npadvmod"}
#: dependents after a title noun that continue the title ("Attorney General")
TITLE_TAIL_DEPS = {"flat", "flat:name", "compound", "fixed"}
#: words of a description's clause that are not the title's own ("who is a former warlord")
CLAUSE_DEPS = {"cc", "preconj", "cop", "aux", "aux:pass", "auxpass", "nsubj", "nsubj:pass", "nsubjpass",
               "mark", "advmod", "expl"}
#: dependency labels of a description set off by commas beside a name that a parser
#: may give instead of ``appos`` ("X, Somali Foreign Minister," as a conjunct)
LOOSE_APPOS = {"appos", "conj", "amod", "nmod:desc", "nmod", "dep", "compound"}


class RoleExtractor:
    """Titles and affiliations of persons (``kg_roles``)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or default_gazetteer()
        titles = {t.lower() for t in self.gaz.titles()}
        self.title_words = {w for t in titles for w in t.replace("-", " ").split()}
        self.title_heads = {t.replace("-", " ").split()[-1] for t in titles}
        self.title_heads |= {t.split()[-1] for t in titles}  # "secretary-general"
        self.title_heads |= OCCUPATIONS
        self.title_words |= OCCUPATIONS
        #: the nouns for a person among the title heads ("secretary", not the "state" of
        #: "Secretary of State"): what the looser rules need to see
        self.person_heads = {_person_head(t) for t in titles} | OCCUPATIONS
        self.modifiers = {m.lower() for m in self.gaz.title_modifiers()}
        self.honorifics = {h.lower().rstrip(".") for h in self.gaz.honorifics()}

    @syntax.caching_parse
    def __call__(self, doc: Doc) -> Doc:
        st = require(doc, "kg_roles", "kg_entities")
        seen: set[tuple[str, str, str]] = set()
        for mention in doc.spans.get("kg_mentions", []):
            if mention.label_ != "PERSON":
                continue
            rels = self._premodifiers(doc, st, mention) + self._apposition(doc, st, mention)
            if not any(r.predicate == HOLDS_POSITION for r in rels):
                rels += self._predicative(doc, st, mention)
            rels += self._membership(doc, st, mention, rels)
            for rel in rels:
                k = (rel.subject, rel.predicate, rel.object.lower())
                if k not in seen:
                    seen.add(k)
                    st.relations.append(rel)
                if rel.predicate == HOLDS_POSITION and rel.object not in st.positions.get(rel.subject, []):
                    # "president" and "President X" both: the capitalised one is a formal title
                    st.positions.setdefault(rel.subject, []).append(rel.object)
        self._deputies(st)  # (before the dominant state is given to national offices)
        self._national_offices(doc, st)
        self._descriptions(doc, st)
        self._described_subjects(doc, st)
        st.done.add("kg_roles")
        return doc

    def _national_offices(self, doc: Doc, st: DocState) -> None:
        """"President Nicolas Sarkozy" in an article about France: a national office with no
        state named belongs to the article's clearly dominant state (low confidence)."""
        counts: dict[str, int] = {}
        for key, draft in st.entities.items():
            if draft.type == "COUNTRY" and draft.named:
                counts[key] = len(draft.mentions)
        for key in st.demonyms.values():  # "Iraqi forces" speaks of Iraq too
            if key in counts:
                counts[key] += 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return
        country = ranked[0][0]
        for person, titles in list(st.positions.items()):
            if not any(t.split()[-1].lower() in NATIONAL_OFFICES and t.split()[-1][0].isupper()
                       and all(w.lower() in self.title_words for w in t.replace("-", " ").split())
                       for t in titles):
                continue  # a formal title ("President"), not "university president"
            if st.affiliated_states(person):
                continue
            rel = next(r for r in st.relations if r.subject == person and r.predicate == HOLDS_POSITION)
            st.relations.append(Relation(person, AFFILIATED_WITH, country, rel.evidence, confidence=0.5))

    def _deputies(self, st: DocState) -> None:
        """"Vice President Pence" beside "U.S. President Donald Trump": a deputy's office with
        no state named belongs to the state of the article's one holder of the office."""
        # (the states known before any deputy is given one)
        states = {p: st.affiliated_states(p) for p in st.positions}
        for person, titles in list(st.positions.items()):
            if states[person]:
                continue
            for title in titles:
                words = title.replace("-", " ").split()
                if len(words) < 2 or words[0].lower() not in DEPUTY_WORDS \
                        or words[-1].lower() not in NATIONAL_OFFICES:
                    continue
                office = " ".join(words[1:]).lower()
                holders = {p for p, ts in st.positions.items() if p != person
                           and any(t.replace("-", " ").lower() == office for t in ts)}
                found = {c for p in holders for c in states[p]}
                if len(holders) == 1 and len(found) == 1:
                    rel = next(r for r in st.relations if r.subject == person and r.predicate == HOLDS_POSITION)
                    st.relations.append(Relation(person, AFFILIATED_WITH, found.pop(), rel.evidence, confidence=0.6))
                    break

    # ------------------------------------------------------------ the word forms
    def _is_title_token(self, tok: Token) -> bool:
        low = tok.lower_.rstrip(".")
        return low in self.title_words or low in self.modifiers or low in self.honorifics \
            or (tok.text == "-" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in self.title_words)

    def _is_head(self, tok: Token) -> bool:
        return tok.lower_.rstrip(".") in self.title_heads or (
            tok.tag_ in {"NNS", "NNPS"} and tok.lemma_.lower() in self.title_heads)

    def _relations(self, doc: Doc, st: DocState, person: str, words: list[Token],
                   anchor: Span, conf: float) -> list[Relation]:
        """Split title words and affiliation words (demonyms, countries, organizations)."""
        out: list[Relation] = []
        ev = span_evidence(doc[min(t.i for t in words + list(anchor)) : max(
            t.i for t in words + list(anchor)) + 1])
        affiliations: list[str] = []
        title: list[Token] = []
        for tok in words:
            key = st.entity_of(tok)
            if key is not None and key != person and st.entities.get(key) and st.entities[key].type == "PERSON" \
                    and any(self._is_head(t) for t in title):
                return []  # "Minister Lily Munro and CHCH-TV reporter": another person's title
            if key is not None and key != person and st.entities.get(key) and \
                    st.entities[key].type in {"COUNTRY", "ORGANIZATION"}:
                if key not in affiliations:
                    affiliations.append(key)
                if title:
                    title.append(tok)  # "head of al-Sadr's office": inside the title
                continue
            if not title and (tok.lower_ in SKIP_ADJ or tok.dep_ in {"det", "case"} or tok.is_punct
                              or tok.lower_ in POSSESSIVES):
                continue
            title.append(tok)
        parts = _split_coordinated(title)
        if not all(any(self._is_head(t) for t in part) for part in parts):
            parts = [title]  # "Minister of Trade and Industry" is one title
        for part in parts:
            text = self._title_text(doc, st, part)
            if text is None:
                continue
            out.append(Relation(person, HOLDS_POSITION, text, ev, object_is_entity=False,
                                confidence=conf))
            implied = self.gaz.implied_country(text)
            if implied is not None and not any(
                    st.entities[k].type == "COUNTRY" for k in affiliations):
                # "Secretary of State Antony Blinken": the title names the state
                affiliations.append(draft_from_gaz(st, implied, self.gaz, named=False).key)
                conf *= 0.9
        for key in affiliations:
            out.append(Relation(person, AFFILIATED_WITH, key, ev, confidence=conf))
            # a government body stands for its state too ("State Department spokesman")
            country = st.entities[key].country
            if country and country in st.entities:
                out.append(Relation(person, AFFILIATED_WITH, country, ev, confidence=conf * 0.9))
        return out

    def _title_text(self, doc: Doc, st: DocState, title: list[Token]) -> str | None:
        """The title the words give, if they are one (not "University" or "Shia")."""
        title = list(title)
        while title and (title[-1].is_punct or title[-1].dep_ in {"case", "cc"}
                         or title[-1].lower_ in {"of", "the", "and"}):
            title.pop()
        marks = [n for n, t in enumerate(title) if t.lower_ in POSSESSIVES
                 and not any(self._is_head(x) for x in title[:n])]
        if marks:  # "the nation's new president": the possessor is no part of the title
            title = title[marks[-1] + 1 :]
        while title and (title[0].dep_ in {"det", "case", "cc"} or title[0].lower_ in SKIP_ADJ | {"and", "as"}
                         or title[0].tag_ == "PRP$"):
            title.pop(0)  # "Her former professor"
        while len(title) > 1 and title[-1].lower_.rstrip(".") in self.honorifics and any(
                self._is_head(t) and t.lower_.rstrip(".") not in self.honorifics for t in title[:-1]):
            title.pop()  # "President Sheikh Sharif Ahmed": the honorific goes with the name
        if not title or not any(self._is_head(t) for t in title) \
                or all(t.lower_.rstrip(".") in self.honorifics for t in title):
            return None
        head = next((title[n - 1] for n, t in enumerate(title) if n and t.lower_ in {"of", "for"}), title[-1])
        if len(title) > 1 and head.tag_ in {"NNS", "NNPS"}:
            return None  # "three representatives", "fellow senators": a group, not a title
        text = _strip_leading_affiliation(doc, st, title, doc[title[0].i : title[-1].i + 1].text)
        if len(title) == 1 and title[0].tag_ in {"NNS", "NNPS"} and title[0].lemma_:
            text = title[0].lemma_  # "one of the officials": an official
        return text

    def _premodifiers(self, doc: Doc, st: DocState, mention: Span) -> list[Relation]:
        person = mention.kb_id_
        i = mention.start - 1
        words: list[Token] = []
        while i >= mention.sent.start:
            tok = doc[i]
            if self._is_title_token(tok) or (st.entity_of(tok) and st.entity_of(tok) != person) \
                    or tok.lower_ in POSSESSIVES or (tok.lower_ == "of" and words) \
                    or (tok.lower_ == "and" and words and self._is_title_token(words[0]) and words[0].is_title
                        and words[0].lower_.rstrip(".") not in self.honorifics and i > mention.sent.start
                        and self._is_person(doc[i - 1])):  # "Deputy Prime Minister and Foreign Minister X"
                words.insert(0, tok)
                i -= 1
                continue
            if tok.pos_ in {"ADJ", "NOUN", "PROPN"} and tok.is_lower and tok.lower_ not in SKIP_ADJ and (
                (not words and tok.lower_ in self.title_heads)
                or (not words and tok.pos_ != "ADJ" and tok.lemma_.lower() in PERSON_NOUNS)  # "UK resident"
                or (words and tok.head in words and tok.dep_ in syntax.COMPOUNDS)
            ):
                words.insert(0, tok)  # "security analyst", "political analyst"
                i -= 1
                continue
            org = self._short_org(st, tok) if words else None
            if org is not None:  # "University president X" after "Columbia University"
                st.token_entity[tok.i] = org
                words.insert(0, tok)
                i -= 1
                continue
            break
        while words and (words[0].lower_ in {"of"} | POSSESSIVES):
            words.pop(0)
        if not words:
            return []
        for tok in words:  # "Representative Adam Schiff said": the title stands for him
            if self._is_title_token(tok) and tok.i not in st.token_entity and not st.demonyms.get(tok.i):
                st.token_entity[tok.i] = person
        return self._relations(doc, st, person, words, mention, 0.9)

    def _short_org(self, st: DocState, tok: Token) -> str | None:
        """A capitalised word that is the last word of one organization's name mentioned
        before ("University" after "Columbia University") stands for that organization."""
        if not tok.is_title or tok.pos_ not in {"PROPN", "NOUN"} or tok.i in st.token_entity:
            return None
        found = {key for key, d in st.entities.items()
                 if d.type == "ORGANIZATION" and d.named and len(d.name.split()) > 1
                 and d.name.split()[-1] == tok.text and any(s < tok.i for s, _ in d.mentions)}
        return found.pop() if len(found) == 1 else None

    def _apposition(self, doc: Doc, st: DocState, mention: Span) -> list[Relation]:
        nominal = self._appositive(doc, st, mention)
        if nominal is None:
            return []
        if nominal.i not in st.token_entity:  # the title noun stands for the person
            st.token_entity[nominal.i] = mention.kb_id_
        return self._description(doc, st, mention, nominal, 0.8)

    def _predicative(self, doc: Doc, st: DocState, mention: Span) -> list[Relation]:
        """A title said of the person: "X, who is the country's foreign minister", "X is the
        president of Y", "X was sworn in as president", "Y appointed X as its envoy"."""
        root = mention.root
        nominal: Token | None = None
        for clause in root.children:  # "X, who is a former warlord"
            if clause.dep_ in syntax.RELCL and clause.i > root.i and _copular(clause) and any(
                    c.dep_ in syntax.SUBJ and c.lower_ in {"who", "that"} for c in clause.children):
                nominal = clause
        head = root.head
        if nominal is None and root.dep_ in syntax.SUBJ and head.i > root.i and _copular(head):
            nominal = head  # "X is the president of Y"
        if nominal is None and head.lemma_.lower() in APPOINT_VERBS and (
                root.dep_ in syntax.SUBJ | syntax.PASS_SUBJ | syntax.OBJ) and head.i != root.i:
            found = [o for p, o in syntax.preposition_objects(head) if p == "as" and o.i > root.i]
            found += [c for c in head.children if c.dep_ in {"xcomp", "oprd"} and c.i > root.i]
            if root.dep_ in syntax.SUBJ and not syntax.is_passive(head) and head.lemma_.lower() not in SERVE_VERBS:
                found = []  # "X appointed Y as envoy": the title is Y's
            nominal = found[0] if found else None
        if nominal is None or st.entity_of(nominal) or not (
                self._describes_person(st, nominal) or self._is_person(nominal)):
            return []  # ("serves as premier" may come tagged as an adjective)
        return self._description(doc, st, mention, nominal, 0.75)

    def _membership(self, doc: Doc, st: DocState, mention: Span, found: list[Relation]) -> list[Relation]:
        """An organization the person is of ("Ismail Haniyeh of Hamas", "X, from the BBC,")
        or leads, joins, represents or works for ("X, who heads the IAEA")."""
        person = mention.kb_id_
        root = mention.root
        objs = [(o, p == "of") for p, o in syntax.preposition_objects(root)
                if p in {"of", "from", "with"} and o.i >= mention.end]
        verbs = [c for c in root.children if c.dep_ in syntax.RELCL and c.i > root.i and any(
            x.dep_ in syntax.SUBJ and x.lower_ in {"who", "that"} for x in c.children)]
        if root.dep_ in syntax.SUBJ and root.head.i > root.i:
            verbs.append(root.head)
        for verb in verbs:
            lemma = verb.lemma_.lower()
            if lemma in MEMBER_VERBS:
                objs += [(o, False) for o in syntax.objects(verb)]
            objs += [(o, False) for p, o in syntax.preposition_objects(verb)
                     if f"{lemma} {p}" in MEMBER_PHRASES]
        head = root.head  # "Netanyahu's Likud party", "al-Sadr's Mahdi Army"
        if root.dep_ in syntax.POSSESSIVE and head.i > root.i:
            owned = st.entity_of(head) or next((st.entity_of(c) for c in head.children
                                                if c.dep_ in syntax.COMPOUNDS and c.i > root.i), None)
            draft = st.entities.get(owned) if owned else None
            if draft is not None and draft.type == "ORGANIZATION" and (
                    draft.kind in MEMBER_KINDS or set(draft.name.lower().split()) & MEMBER_NAME_WORDS):
                objs.append((head, False))
        out: list[Relation] = []
        done = {r.object for r in found}
        for obj, of in objs:
            key = st.entity_of(obj) or (owned if obj is head else None)
            draft = st.entities.get(key) if key else None
            if key is None or draft is None or key == person or key in done or not (
                    draft.type == "ORGANIZATION" or (of and draft.type == "COUNTRY")):
                continue
            done.add(key)
            out.append(Relation(person, AFFILIATED_WITH, key, span_evidence(syntax.phrase(obj)), confidence=0.7))
        return out

    def _description(self, doc: Doc, st: DocState, mention: Span, nominal: Token,
                     conf: float) -> list[Relation]:
        """Title and affiliations from a noun phrase that describes the person."""
        person = mention.kb_id_
        if nominal.lower_ == "one":  # "Ali Musa, one of the officials of ...": an official
            members = [o for p, o in syntax.preposition_objects(nominal)
                       if p == "of" and o.tag_ in {"NNS", "NNPS"} and not st.entity_of(o)]
            if not members:
                return []
            nominal = members[0]
        party = self._party(st, nominal)
        if party is None and nominal.pos_ not in {"NOUN", "PROPN"} and not self._is_person(nominal):
            return []
        span = syntax.phrase(nominal)
        # the noun phrase's own words: its modifiers, words of a title parsed after its
        # head ("Attorney General"), and the complement of a head noun ("head of X")
        own = {t.i for c in nominal.children if (c.i < nominal.i and c.dep_ in NP_DEPS) or (
            c.i > nominal.i and c.dep_ in TITLE_TAIL_DEPS) for t in c.subtree}
        clauses = {t.i for c in nominal.children if c.dep_ == "conj" and c.i > nominal.i and (
            c.pos_ in {"VERB", "AUX"} or any(x.dep_ in CLAUSE_DEPS - {"cc", "preconj"} for x in c.children))
            for t in c.subtree}  # "... member of the jury and was highly impressed"
        words = [t for t in span if (t.i in own or t.i == nominal.i or (
            nominal.lower_ in HEAD_NOUNS and t.i > nominal.i)) and t.i not in clauses]
        # cut relative clauses and trailing PPs that are not the title's complement
        words = [t for t in words if not (mention.start <= t.i < mention.end) and (
            t == nominal or t.dep_ not in CLAUSE_DEPS)]
        cut = _first_clause_break(words, nominal)
        words = words[:cut]
        if nominal.i < mention.start:  # a title before the name ends there
            words = [t for t in words if t.i < mention.start]
        if party is not None:  # "Adam Schiff, a Democrat on the House Intelligence Committee"
            rels = [Relation(person, AFFILIATED_WITH, party, span_evidence(span), confidence=conf)]
        else:
            rels = self._relations(doc, st, person, words, mention, conf)
        extra = [(obj, prep) for prep, obj in syntax.preposition_objects(nominal)
                 if prep in {"at", "for", "with", "of", "in", "on"}]
        for obj, prep in extra:
            key = st.entity_of(obj)
            if key and key != person and st.entities.get(key) and all(r.object != key for r in rels) and (
                    st.entities[key].type == "ORGANIZATION" or (prep == "of" and st.entities[key].type == "COUNTRY")):
                # "a spokesman for the State Department", "crown prince of Saudi Arabia"
                rels.append(Relation(person, AFFILIATED_WITH, key, span_evidence(span), confidence=0.7))
        return rels

    def _appositive(self, doc: Doc, st: DocState, mention: Span) -> Token | None:
        """The head noun of a description set off by commas beside the name: an apposition
        as the parser gives it, or a noun phrase between commas that it hangs elsewhere
        ("Afghanistan's president, Hamid Karzai", "X, Somali Foreign Minister,", "the
        Council and the Romanian President, Traian Băsescu", "X, a Republican")."""
        root = mention.root
        free = {None, mention.kb_id_}  # words that stand for no one else
        nominal: Token | None = None
        for child in root.children:
            if child.dep_ == "appos" and child.i > root.i and st.entity_of(child) in free and all(
                    t.is_punct or t.like_num for t in doc[mention.end : child.left_edge.i]):
                # "X, 19, a member of ...", not after "and Senator Ted Cruz"
                nominal = child
        if nominal is None and root.dep_ == "appos" and root.head.i < root.i \
                and st.entity_of(root.head) in free:
            nominal = root.head
        if nominal is not None:
            return nominal
        if mention.end + 1 < len(doc) and doc[mention.end].text == ",":
            for tok in doc[mention.end + 1 : min(len(doc), mention.end + 4)]:
                if tok.dep_ == "appos" and tok.left_edge.i in {mention.end, mention.end + 1} \
                        and st.entity_of(tok) in free and tok.head is not root \
                        and (root in tok.head.conjuncts or root.head in tok.head.conjuncts):
                    return tok  # "Trump and Senator Ted Cruz, a Republican": hung on the first conjunct
            for child in root.children:
                if child.i > mention.end and child.left_edge.i in {mention.end, mention.end + 1} \
                        and child.dep_ in LOOSE_APPOS \
                        and st.entity_of(child) in free and self._describes_person(st, child):
                    return child
        start = mention.start
        while start > mention.sent.start and doc[start - 1].is_title \
                and doc[start - 1].lower_.rstrip(".") in self.honorifics:
            start -= 1  # "Somalia's Defence Minister, Sheikh Yusuf Mohammad Siad"
        if start >= 2 and doc[start - 1].text == "," and doc[start - 2].sent == mention.sent:
            tok = doc[start - 2]
            while tok.head is not tok and tok.head.i < start - 1 and tok.head.right_edge.i <= tok.i:
                tok = tok.head  # "the president of Afghanistan, Hamid Karzai": president
            related = tok.head == root or root.head == tok or (tok.head == root.head and root.head is not root)
            if related and tok.dep_ in LOOSE_APPOS | syntax.SUBJ | syntax.OBJ and st.entity_of(tok) in free \
                    and self._describes_person(st, tok):
                return tok
        return None

    def _describes_person(self, st: DocState, noun: Token) -> bool:
        """A title, an occupation, a person noun ("counterpart") or a party member."""
        if noun.pos_ not in {"NOUN", "PROPN", "ADJ"}:
            return False
        if self._party(st, noun) is not None:
            return True
        if noun.pos_ == "ADJ":
            return False
        return self._is_person(noun) or noun.lemma_.lower() in PERSON_NOUNS

    def _is_person(self, tok: Token) -> bool:
        """A title's head noun that names a person ("minister", "Secretary-General")."""
        return tok.lower_.rstrip(".") in self.person_heads or tok.lemma_.lower() in self.person_heads

    def _party(self, st: DocState, noun: Token) -> str | None:
        """A party member noun ("a Democrat", "a Republican") → the party's entity key."""
        if not noun.is_title:
            return None
        for name in (f"{noun.text} Party", f"{noun.text}ic Party"):
            entry = self.gaz.lookup(name)
            if entry is not None and entry.type == "ORGANIZATION":
                return draft_from_gaz(st, entry, self.gaz, named=False).key
        return None

    # ------------------------------------------------------------ descriptions
    def _descriptions(self, doc: Doc, st: DocState) -> None:
        """"the secretary of state" → the one person holding that title."""
        holders: dict[str, set[str]] = {}
        for person, titles in st.positions.items():
            for t in titles:
                holders.setdefault(t.lower().split()[-1], set()).add(person)
                holders.setdefault(t.lower(), set()).add(person)
        if not holders:
            return
        affiliated: dict[str, set[str]] = {}
        for rel in st.relations:
            if rel.predicate == AFFILIATED_WITH:
                affiliated.setdefault(rel.subject, set()).add(rel.object)
        # a description names a holder only through a word of a title (or around a demonym)
        words = {w for key in holders for w in key.split()}
        candidates = {t.i for t in scan.lowered(doc, scan.ids(words))} | {i for i, k in st.demonyms.items() if k}
        for i in sorted(candidates):
            tok = doc[i]
            if tok.i in st.token_entity or tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            det = [c for c in tok.children if c.dep_ == "det" and c.lower_ == "the"]
            if not det:
                continue
            phrase = " ".join(t.lower_ for t in doc[det[0].i + 1 : tok.i + 1]
                              if not st.demonyms.get(t.i))
            tail = " ".join(t.lower_ for t in syntax.phrase(tok) if t.i > tok.i)
            states = {st.entity_of(t) for t in doc[det[0].i + 1 : tok.i] if st.entity_of(t)}
            for cand in (f"{phrase} {tail}".strip(), phrase, tok.lower_):
                people = holders.get(cand.strip())
                if people and states:  # "the Romanian President": Romania's, not Iraq's
                    people = {p for p in people if states <= affiliated.get(p, set())}
                if people and len(people) == 1:
                    st.token_entity[tok.i] = next(iter(people))
                    break

    def _described_subjects(self, doc: Doc, st: DocState) -> None:
        """"Betancourt said ... . The Colombian-French politician was greeted": a definite
        description with demonyms that opens the next sentence as its subject speaks of the
        person the sentence before was about; the demonyms give that person's states."""
        for head in sorted({doc[i].head for i in st.demonyms if doc[i].head.i != i}, key=lambda t: t.i):
            if head.i in st.token_entity or head.pos_ != "NOUN" or head.dep_ not in syntax.SUBJ | syntax.PASS_SUBJ \
                    or not (self._is_person(head) or head.lemma_.lower() in PERSON_NOUNS) \
                    or head.tag_ in {"NNS", "NNPS"} \
                    or not any(c.dep_ == "det" and c.lower_ == "the" and c.i == head.left_edge.i
                               for c in head.children):
                continue
            states = {st.demonyms[c.i] for c in head.children if c.i in st.demonyms and c.i < head.i}
            sent = head.sent
            if not states or sent.start == 0 or head.left_edge.i != sent.start:
                continue
            before = doc[sent.start - 1].sent
            person = self._topic(st, before)
            if person is None:
                continue
            known = set(st.affiliated_states(person))
            if known - states:
                continue  # "Blinken met Lavrov. The Russian diplomat said": not Blinken
            st.token_entity[head.i] = person
            ev = span_evidence(syntax.phrase(head))
            for key in sorted(states - known):
                st.relations.append(Relation(person, AFFILIATED_WITH, key, ev, confidence=0.6))

    @staticmethod
    def _topic(st: DocState, sent: Span) -> str | None:
        """The person a sentence is about: its main clause's subject."""
        subject = syntax.main_subject(sent)
        key = st.token_entity.get(subject.i) if subject is not None else None
        draft = st.entities.get(key) if key else None
        return key if draft is not None and draft.type == "PERSON" else None


POSSESSIVES = {"'s", "’s", "'", "’"}


def _person_head(title: str) -> str:
    """The noun of a title that names the person: "secretary" of "Secretary of State"."""
    words = title.lower().split()
    if "of" in words[1:]:
        return words[words.index("of") - 1]
    return words[-1]


def _copular(tok: Token) -> bool:
    """A noun predicate with a copula: "(who) is the president"."""
    return tok.pos_ in {"NOUN", "PROPN"} and any(c.dep_ == "cop" and c.lemma_.lower() == "be" for c in tok.children)


def _split_coordinated(title: list[Token]) -> list[list[Token]]:
    """"Deputy Prime Minister and Foreign Minister" → two titles."""
    parts: list[list[Token]] = [[]]
    for tok in title:
        if tok.lower_ in {"and", "&"}:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def _strip_leading_affiliation(doc: Doc, st: DocState, title: list[Token], text: str) -> str:
    """No country adjective at the front of a title."""
    while title and st.demonyms.get(title[0].i):
        title = title[1:]
    return doc[title[0].i : title[-1].i + 1].text if title else text


def _first_clause_break(words: list[Token], nominal: Token) -> int:
    """Where the title's own words end: at a clause, a comma, or a place ("in Afghanistan")."""
    for n, tok in enumerate(words):
        if tok.i > nominal.i and (tok.dep_ in syntax.RELCL or tok.text in {",", "(", ";"}
                                  or tok.lower_ in {"who", "which", "that", "in", "near", "since"}):
            return n
    return len(words)


@Language.factory("kg_roles", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_role_extractor(nlp: Language, name: str) -> RoleExtractor:
    """Factory of ``kg_roles``: ``nlp.add_pipe("kg_roles")`` (after ``kg_entities``)."""
    return RoleExtractor()
