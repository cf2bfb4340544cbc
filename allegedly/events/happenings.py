"""Accidents, disasters and epidemics: things that happen with no actor, which PLOVER does not code.

News about them uses the words of conflict ("an explosion ripped through a warehouse,
killing an engineer", "landslides captured on footage"), and a trigger lexicon alone
turns them into ASSAULTs. A sentence that names such a happening or its setting (a
plant, a gas cylinder, a volcano) and holds no attack cue (a bomb, militants, an
airstrike, protesters) is about the happening: its violent events are typed ``OTHER``
with the kind as mode (disaster | accident | epidemic), and a happening named without
any violent trigger becomes an ``OTHER`` event of its own, so it is recognised rather
than dropped. The word lists are the ``happenings`` section of
``allegedly/data/plover_triggers.json``.
"""
from __future__ import annotations

import json
from functools import lru_cache

from spacy.tokens import Span, Token

from allegedly.events.triggers import LEXICON_PATH, doc_forms

OTHER = "OTHER"
KINDS = ("disaster", "accident", "epidemic")
CONFLICT = {"ASSAULT", "COERCE", "PROTEST"}


@lru_cache(maxsize=1)
def happenings() -> dict[str, frozenset[str]]:
    raw = json.loads(LEXICON_PATH.read_text("utf-8")).get("happenings", {})
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


def _pooled(sent: Span) -> set[str]:
    """The sentence's word forms pooled: each token's own and lemma, and the two-word forms it starts
    ("fire fighters" fight no one: a word after "fire" counts only inside its two-word form). Read once
    per sentence (cached on the doc) since every check uses it."""
    cache = sent.doc.user_data.setdefault("allegedly_vocab", {})
    if sent.start not in cache:
        all_lows, all_lems, _ = doc_forms(sent.doc)
        lows, lems = all_lows[sent.start:sent.end], all_lems[sent.start:sent.end]
        pooled = {f"{a} {b}" for a, b in zip(lows, lows[1:])} | {f"{a} {b}" for a, b in zip(lems, lems[1:])}
        for i, (low, lem) in enumerate(zip(lows, lems)):
            if not (i and lows[i - 1] == "fire"):
                pooled.add(low), pooled.add(lem)
        cache[sent.start] = pooled
    return cache[sent.start]


def _per_token(sent: Span) -> list[tuple[Token, set[str]]]:
    """Each token with its word forms (as pooled by ``_pooled``); only read when the sentence names a happening."""
    toks = list(sent)
    forms = [(t.lower_, t.lemma_.lower()) for t in toks]
    per = []
    for i, tok in enumerate(toks):
        keys = set(forms[i])
        if i + 1 < len(toks):
            keys |= {f"{forms[i][0]} {forms[i + 1][0]}", f"{forms[i][1]} {forms[i + 1][1]}"}
        if i and forms[i - 1][0] == "fire":
            keys.discard(forms[i][0]), keys.discard(forms[i][1])
        per.append((tok, keys))
    return per


def attack_cue(sent: Span, political: bool = True) -> bool:
    """An attacker, a weapon or (``political``) a protest named in the sentence."""
    h = happenings()
    words = h.get("attack", frozenset()) | (h.get("political", frozenset()) if political else frozenset())
    return not words.isdisjoint(_pooled(sent))


def named(sent: Span) -> list[tuple[Token, str]]:
    """The happening words of the sentence with their kind ("explosion" → accident)."""
    h = happenings()
    pooled = _pooled(sent)
    if all(pooled.isdisjoint(h.get(kind, frozenset())) for kind in KINDS):
        return []
    out = []
    for tok, keys in _per_token(sent):
        if tok.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ", "ADV"):
            continue
        for kind in KINDS:
            if keys & h.get(kind, frozenset()):
                out.append((tok, kind))
                break
    return out


def kind_of(sent: Span) -> str | None:
    """The kind of happening a sentence is about, or None when it names none or names an attack.

    A blast or a fire alone is no accident ("a blast hit the market" is usually a bomb):
    it counts only next to a setting (a plant, a gas cylinder) or another happening word.
    """
    if attack_cue(sent):
        return None
    found = named(sent)
    if not found:
        return None
    has_setting = not happenings().get("settings", frozenset()).isdisjoint(_pooled(sent))
    strong = [k for t, k in found if k != "accident" or t.lemma_.lower() in ("leak", "spill", "accident", "collision",
                                                                                "collide", "crash", "derailment", "derail",
                                                                                "capsize")]
    if strong:
        return strong[0]
    if found and has_setting:
        return found[0][1]
    blasts = [k for t, k in found if t.lemma_.lower() in ("explosion", "blast", "explode")]
    if blasts and not _article_attack(sent.doc):
        return blasts[0]  # "fresh explosions near the blast site": no bomb, no attacker anywhere
    return None


def _article_attack(doc) -> bool:
    key = "allegedly_article_attack"
    if key not in doc.user_data:
        doc.user_data[key] = any(attack_cue(s) for s in doc.sents)
    return doc.user_data[key]
