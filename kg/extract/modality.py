"""Modality of an event trigger: asserted, negated, hypothetical, future or demanded.

Read off the parse: negation on the trigger or its auxiliaries; modal
auxiliaries; conditional clauses; and governing words that make an act
possible, feared, planned or averted ("staving off a Russian invasion",
"could reach a tipping point", "has not decided", "set to meet").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import syntax

HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can", "must", "ought"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
#: words above a trigger that make it possible, feared or averted
HYPOTHETICAL_GOVERNORS = {
    "stave", "prevent", "avert", "avoid", "fear", "possibility", "possible", "risk", "deter",
    "threaten", "threat", "consider", "unless", "if", "whether", "potential", "hypothetical",
    "unlikely", "likely", "rumour", "rumor", "speculation", "prospect", "prospects", "chance",
    "look", "seek", "try", "attempt", "want", "wish", "hope", "ward", "rule", "danger", "may",
    "could", "might", "would", "warn", "worry", "concern", "doubt", "option",
}
#: words above a trigger that make it planned or scheduled
FUTURE_GOVERNORS = {
    "plan", "set", "slate", "schedule", "expect", "intend", "prepare", "due", "about",
    "going", "propose", "aim", "agree", "decide", "vow", "pledge", "promise", "upcoming",
}
#: words whose complement is an act demanded or requested of someone, not one done
#: ("demanded that China withdraw", "urged Iran to release", "calls for X to step down")
DIRECTIVE_GOVERNORS = {
    "demand", "urge", "ask", "call", "request", "insist", "require", "order", "press", "appeal",
    "plead", "implore", "beg", "petition", "lobby", "push", "want", "instruct", "command", "direct",
    "ultimatum", "pressure", "pressurize", "pressurise", "exhort", "entreat", "summon",
}
#: verbs whose to-infinitive is an act owed, not done ("has to withdraw", "needs to stop")
OBLIGATION_HEADS = {"have", "need"}
#: verbs that stop what follows "from" ("kept Putin from launching an invasion")
PREVENTING = {"keep", "prevent", "stop", "bar", "deter", "refrain", "discourage", "dissuade", "prohibit", "ban"}


def modality(trigger: Token, *, max_depth: int = 3) -> str:
    """The modality of the event whose trigger word is ``trigger``."""
    if syntax.is_negated(trigger) or any(syntax.is_negated(a) for a in syntax.auxiliaries(trigger)):
        return "negated"
    for aux in syntax.auxiliaries(trigger):
        low = aux.lower_
        if low in HYPOTHETICAL_AUX:
            return "hypothetical"
        if low in FUTURE_AUX:
            return "future"
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in trigger.children):
        return "hypothetical"
    if any(c.dep_ in {"mark", "case", "prep"} and c.lower_ == "from" for c in trigger.children) \
            and trigger.head.lemma_.lower() in PREVENTING:
        return "negated"  # "kept Putin from launching an invasion"
    tok = trigger
    for _ in range(max_depth):
        head = tok.head
        if head is tok:
            break
        conditional = any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in tok.children)
        if tok.dep_ in {"ccomp", "advcl"} and conditional:
            return "hypothetical"
        lemma = head.lemma_.lower()
        if lemma in DIRECTIVE_GOVERNORS and (tok.dep_ in {"ccomp", "xcomp", "acl"} or (
                tok.dep_ == "advcl" and any(m.tag_ == "TO" for m in tok.children))):
            return "demanded"  # "demanded that China withdraw its vessels": not done
        if tok.dep_ == "advcl":
            break  # "after delivering demands": a time clause keeps its own modality
        if tok.dep_ == "xcomp" and lemma in OBLIGATION_HEADS and any(m.tag_ == "TO" for m in tok.children):
            return "hypothetical"  # "Russia has to withdraw": owed, not done
        if tok.dep_ == "xcomp":  # "will keep on attacking": the controlling verb's auxiliaries
            auxes = {a.lower_ for a in syntax.auxiliaries(head)}
            if auxes & HYPOTHETICAL_AUX:
                return "hypothetical"
            if auxes & FUTURE_AUX:
                return "future"
        if lemma in HYPOTHETICAL_GOVERNORS or head.lower_ in HYPOTHETICAL_GOVERNORS:
            return "hypothetical"
        if lemma in FUTURE_GOVERNORS and tok.dep_ in {"xcomp", "ccomp", "obj", "dobj", "obl"}:
            return "future"
        if head.pos_ in {"VERB", "AUX"} and syntax.is_negated(head) and tok.dep_ in {"xcomp", "obj", "dobj"}:
            return "negated"
        if head.pos_ == "VERB" and tok.dep_ not in {"xcomp", "obj", "dobj", "nmod", "obl", "pobj", "prep"}:
            break
        tok = head
    return "asserted"


def tense(trigger: Token) -> str:
    """"past", "present" or "future", for placing weekdays in time."""
    auxes = {a.lower_ for a in syntax.auxiliaries(trigger)}
    if auxes & FUTURE_AUX or trigger.head.lemma_ in FUTURE_GOVERNORS:
        return "future"
    if trigger.tag_ in {"VBD", "VBN"} or auxes & {"was", "were", "had", "did", "has", "have"}:
        return "past"
    if trigger.pos_ == "NOUN":
        head = trigger.head
        if head.tag_ in {"VBD", "VBN"}:
            return "past"
        return "future" if head.lemma_ in FUTURE_GOVERNORS else "present"
    return "present"
