"""A learnt cue detector: is this verb (or predicative adjective) someone's stance, belief,
intention or words, whatever its lemma?

The lexicons (lexicon.py) know the usual cues; PolNeAR's cues are wider ("laid out his
vision", "is a vocal advocate of", "remain popular with") and a lemma is a cue in one
context and not in another ("called X a liar" / "called the meeting"). This is a logistic
regression over a handful of parse features of the word, its arguments and its subject
(features() below), trained on PolNeAR's TRAIN split by eval/polnear_cue_model.py. PolNeAR
states no licence, so nothing trained on it ships: the model is opt-in, read from the JSON file
(feature → weight, no text) that the environment variable ALLEGEDLY_CUE_MODEL names; without it
no word is a learnt cue and the lexicons alone decide. Words it gives a probability ≥ the
file's threshold are read as stance verbs (nested.py). Nouns with a clause or
an 'of/to/for/about/on/against' phrase after them are examples too (noun_candidate; their own
features in _noun_features): one outside lexicon.CUE_NOUNS above the threshold is a stance head.
"""
from __future__ import annotations

import json
import math
import os
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from allegedly.errors import ConfigError
from allegedly.provenance import lexicon as lx

ENV = "ALLEGEDLY_CUE_MODEL"


def model_path() -> Path | None:
    """The model file ALLEGEDLY_CUE_MODEL names, or None (no learnt cues)."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None
_PRONOUNS = frozenset("he she they it i we you who that".split())


def _subject_kind(tok: Token) -> str:
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and tok.dep_ in ("xcomp", "conj", "acomp") and tok.head.i != tok.i:
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return "none"
    low = subj.lower_
    if low in _PRONOUNS:
        return "pron:" + low
    if subj.ent_type_:
        return "ent:" + subj.ent_type_
    lemma = subj.lemma_.lower()
    if lemma in lx.PEOPLE_NOUNS or lemma in lx.ANONYMOUS_NOUNS or lemma in lx.OFFICIAL_NOUNS \
            or lemma in lx.ROLE_NOUNS:
        return "people"
    if lemma in lx.ORG_NOUNS or lemma in lx.GROUP_NOUNS:
        return "org"
    if lemma in lx.DOCUMENT_NOUNS:
        return "document"
    return "other:" + subj.pos_


def _lexicon(lemma: str) -> str:
    if lemma in lx.SAY_VERBS:
        return "say"
    if lemma in lx.STANCE_VERBS:
        return "stance"
    if lemma in lx.STANCE_ADJECTIVES:
        return "adj"
    return "none"


_NOUN_PREPS = frozenset("of to for about on against".split())


def noun_candidate(tok: Token) -> bool:
    """A noun with a clause or an 'of/to/for/about/on/against' phrase after it: the shape of a
    nominal stance head ("his assertion that …", "in favor of …", "plans to …")."""
    return tok.pos_ == "NOUN" and any(
        c.i > tok.i and (c.dep_ in ("acl", "ccomp", "xcomp") or c.dep_ == "prep" and c.lower_ in _NOUN_PREPS)
        for c in tok.children)


def candidate(tok: Token, nouns: bool = False) -> bool:
    return tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.dep_ == "acomp") or (nouns and noun_candidate(tok))


def features(tok: Token) -> list[str]:
    """Names of the features that hold for ``tok`` (a verb or a predicative adjective)."""
    lemma = tok.lemma_.lower()
    subj = _subject_kind(tok)
    kids = {c.dep_ for c in tok.children}
    preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt")}
    out = ["bias", f"lemma={lemma}", f"dep={tok.dep_}", f"tag={tok.tag_}", f"subj={subj.split(':')[0]}",
           f"subjx={subj}", f"lex={_lexicon(lemma)}", f"lemma|subj={lemma}|{subj.split(':')[0]}",
           f"lemma|dep={lemma}|{tok.dep_}"]
    out += [f"kid={k}" for k in sorted(kids & _KID_DEPS)]
    out += [f"lemma|kid={lemma}|{k}" for k in sorted(kids & _KID_DEPS)]
    out += [f"prep={p}" for p in sorted(preps)]
    out += [f"lemma|prep={lemma}|{p}" for p in sorted(preps)]
    if any(c.dep_ == "neg" for c in tok.children):
        out.append("neg")
    if any(c.dep_ == "aux" and c.lower_ in lx.HYPOTHETICAL_MODALS | lx.FUTURE_MODALS for c in tok.children):
        out.append("modal")
    if tok.pos_ == "NOUN":
        out += _noun_features(tok, lemma)
    if tok.dep_ in ("xcomp", "ccomp", "acomp", "conj", "advcl"):
        out.append(f"head={tok.head.lemma_.lower()}")
        out.append(f"headlex={_lexicon(tok.head.lemma_.lower())}")
    return out


def _noun_features(tok: Token, lemma: str) -> list[str]:
    """A noun head: its holder (possessor / 'by' phrase), what it hangs on, its complement."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    holder = "none" if poss is None else "pron" if poss.pos_ == "PRON" else poss.ent_type_ or "noun"
    out = ["noun", f"noun|poss={holder}",
           f"noun|head={tok.head.lemma_.lower()}|{tok.dep_}"]
    if tok.dep_ == "pobj":
        out.append(f"noun|in={tok.head.lower_}|{lemma}")
        out.append(f"noun|gov={tok.head.head.lemma_.lower()}")
    for c in tok.children:
        if c.i > tok.i and c.dep_ in ("acl", "ccomp", "xcomp"):
            that = any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            to = any(m.dep_ == "aux" and m.lower_ == "to" for m in c.children)
            out += [f"noun|comp={'that' if that else 'to' if to else c.dep_}",
                    f"lemma|comp={lemma}|{'that' if that else 'to' if to else c.dep_}"]
    if any(c.dep_ == "amod" for c in tok.children):
        out.append("noun|amod")
    return out


_KID_DEPS = frozenset("ccomp xcomp dobj dative oprd attr acomp parataxis advcl prep prt agent neg".split())


def _weights() -> tuple[dict[str, float], float]:
    return _load(model_path())


@lru_cache(maxsize=4)
def _load(path: Path | None) -> tuple[dict[str, float], float]:
    if path is None:
        return {}, 1.1  # no model: nothing is ever above the threshold
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["weights"], float(data["threshold"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{ENV}={path}: not a cue model file ({exc}); build one with "
                         f"python eval/polnear_cue_model.py --write") from None


def probability(tok: Token) -> float:
    weights, _ = _weights()
    z = sum(weights.get(f, 0.0) for f in features(tok))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def learnt_cue(tok: Token) -> bool:
    """The model reads ``tok`` as a cue: only words outside the lexicons, which it extends
    (never a word that is no verb or predicative adjective)."""
    if not candidate(tok) or _lexicon(tok.lemma_.lower()) != "none" or tok.lemma_ in lx.DENY_VERBS \
            or tok.lemma_ in lx.NOT_STANCE_VERBS:
        return False  # the lexicons' words keep their own rules ("did not comment": nothing said)
    weights, threshold = _weights()
    return bool(weights) and probability(tok) >= threshold


def learnt_noun_cue(tok: Token) -> bool:
    """The model reads the noun ``tok`` as a stance head ("his seeming intention to …", "in
    favor of …"): only nouns outside lexicon.CUE_NOUNS, and only with a model fitted on nouns."""
    if not noun_candidate(tok) or tok.lemma_.lower() in lx.CUE_NOUNS:
        return False
    weights, threshold = _weights()
    return "noun" in weights and probability(tok) >= threshold
