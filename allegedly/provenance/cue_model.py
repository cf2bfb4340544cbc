"""A learnt cue detector: is this verb (or predicative adjective) someone's stance, belief,
intention or words, whatever its lemma?

The lexicons (lexicon.py) know the usual cues; PolNeAR's cues are wider ("laid out his
vision", "is a vocal advocate of", "remain popular with") and a lemma is a cue in one
context and not in another ("called X a liar" / "called the meeting"). This is a logistic
regression over a handful of parse features of the word, its arguments and its subject
(features() below), trained on PolNeAR's TRAIN split by eval/polnear_cue_model.py; the
weights (feature → weight, no text) are allegedly/data/cue_model.json. Words it gives a
probability ≥ the file's threshold are read as stance verbs (nested.py).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from allegedly.provenance import lexicon as lx

MODEL = Path(__file__).resolve().parent.parent / "data" / "cue_model.json"
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


def candidate(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.dep_ == "acomp")


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
    if tok.dep_ in ("xcomp", "ccomp", "acomp", "conj", "advcl"):
        out.append(f"head={tok.head.lemma_.lower()}")
        out.append(f"headlex={_lexicon(tok.head.lemma_.lower())}")
    return out


_KID_DEPS = frozenset("ccomp xcomp dobj dative oprd attr acomp parataxis advcl prep prt agent neg".split())


@lru_cache(maxsize=1)
def _weights() -> tuple[dict[str, float], float]:
    if not MODEL.exists():
        return {}, 1.1  # no model shipped: nothing is ever above the threshold
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    return data["weights"], float(data["threshold"])


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
