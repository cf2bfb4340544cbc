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

from allegedly.events.triggers import LEXICON_PATH

OTHER = "OTHER"
KINDS = ("disaster", "accident", "epidemic")
CONFLICT = {"ASSAULT", "COERCE", "PROTEST"}


@lru_cache(maxsize=1)
def happenings() -> dict[str, frozenset[str]]:
    raw = json.loads(LEXICON_PATH.read_text("utf-8")).get("happenings", {})
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


def _keys(tok: Token) -> set[str]:
    keys = {tok.lower_, tok.lemma_.lower()}
    if tok.i + 1 < tok.sent.end:
        nxt = tok.doc[tok.i + 1]
        keys |= {f"{tok.lower_} {nxt.lower_}", f"{tok.lemma_.lower()} {nxt.lemma_.lower()}"}
    return keys


def attack_cue(sent: Span, political: bool = True) -> bool:
    """An attacker, a weapon or (``political``) a protest named in the sentence."""
    h = happenings()
    words = h.get("attack", frozenset()) | (h.get("political", frozenset()) if political else frozenset())
    # "fire fighters removed several dogs": firefighters fight no one
    return any(_keys(t) & words and not (t.i > 0 and t.doc[t.i - 1].lower_ == "fire") for t in sent)


def named(sent: Span) -> list[tuple[Token, str]]:
    """The happening words of the sentence with their kind ("explosion" → accident)."""
    h = happenings()
    out = []
    for tok in sent:
        if tok.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ", "ADV"):
            continue
        keys = _keys(tok)
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
    settings = happenings().get("settings", frozenset())
    has_setting = any(_keys(t) & settings for t in sent)
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
