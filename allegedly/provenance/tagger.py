"""A sequence tagger for attributions the rules miss: which words of a sentence are a cue, a
source and a content, whatever the cue's shape ("is bent on", "in favor of", "documents handed
to X show", a cue at the end of the sentence).

A linear-chain CRF (CRFsuite, through python-crfsuite) over parse features of each word
(features() below: word, lemma, POS, dependency, head lemma, side of the root, entity type,
the nearest cue-lexicon word above it and how it hangs there, depth, quote marks, neighbours,
what hangs on it), with one label per
word: CUE, SRC, CON or O. It reads a sentence the rules leave asserted (extract.py), from the
parse already made; a cue it is confident of (the mean of the cue words' marginal
probabilities ≥ the threshold) with a content of a few words becomes an attribution.

No model ships with the package: the one built by eval/polnear_tagger.py is learnt from
PolNeAR, whose repository states no licence (../shared/eval/polnear/README.md: never ship
anything trained on it inside the package). A user who may use it points
ALLEGEDLY_ATTRIBUTION_TAGGER at the model file (a threshold in PATH.threshold beside it);
unset, the tagger never runs and the rules stand alone; a path with no file is a ConfigError.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from allegedly.errors import ConfigError
from allegedly.provenance import lexicon as lx

ENV = "ALLEGEDLY_ATTRIBUTION_TAGGER"
LABELS = ("CUE", "SRC", "CON", "O")
DEFAULT_THRESHOLD = 0.8  # the cue's mean marginal probability; the model file's own wins
_QUOTE_MARKS = frozenset('" “ ” ‘ ’ \'\''.split())


def _lex(lemma: str) -> str:
    if lemma in lx.SAY_VERBS:
        return "say"
    if lemma in lx.STANCE_VERBS:
        return "stance"
    if lemma in lx.ATTITUDE_VERBS:
        return "think"
    if lemma in lx.STANCE_ADJECTIVES:
        return "adj"
    if lemma in lx.CUE_NOUNS:
        return "noun"
    if lemma in lx.DENY_VERBS:
        return "deny"
    if lemma in lx.DOCUMENT_NOUNS:
        return "doc"
    return ""


def _bucket(n: int, top: int) -> str:
    return str(n) if n < top else f"{top}+"


def features(sent: Span, quotes: list[tuple[int, int]] = ()) -> list[list[str]]:
    """One list of feature names per word of ``sent`` (cheap: read off the parse, each
    token attribute fetched once)."""
    toks = list(sent)
    n, base = len(toks), sent.start
    lemmas = [t.lemma_.lower() for t in toks]
    pos = [t.pos_ for t in toks]
    deps = [t.dep_ for t in toks]
    heads = [t.head.i - base for t in toks]
    lexes = [_lex(x) for x in lemmas]
    root = sent.root.i - base
    spans = [(s, e) for s, e in quotes if s < sent.end_char and sent.start_char < e]
    out = []
    for k, t in enumerate(toks):
        lemma, dep, h = lemmas[k], deps[k], heads[k]
        hl = lemmas[h] if 0 <= h < n else t.head.lemma_.lower()
        f = [f"w={t.lower_}", f"l={lemma}", f"p={pos[k]}", f"d={dep}", f"hl={hl}", f"dhl={dep}|{hl}",
             f"side={'<' if k < root else '>' if k > root else '='}"]
        ent = t.ent_type_
        if ent:
            f.append(f"e={ent}")
        x = lexes[k]
        if x:
            f.append(f"xd={x}|{dep}")
        text = t.text
        if text in _QUOTE_MARKS or text[:1] in _OPENERS:
            f.append("qmark")
        if spans and any(s <= t.idx < e for s, e in spans):
            f.append("inq")
        # the nearest cue word above it, and the dependency it hangs there by: the content of
        # "said [that …]" hangs by ccomp, the source by nsubj
        depth, a, via = 0, k, dep
        while 0 <= a < n and heads[a] != a and depth < 12:
            via, a, depth = deps[a], heads[a], depth + 1
            if not 0 <= a < n:
                break
            ax = lexes[a]
            if ax:
                f += [f"axv={ax}|{via}", f"axl={lemmas[a]}|{via}"]
                break
        f.append(f"depth={_bucket(depth, 5)}")
        for off in (-1, 1):
            j = k + off
            if 0 <= j < n:
                f += [f"{off}l={lemmas[j]}", f"{off}p={pos[j]}"]
            else:
                f.append(f"{off}edge")
        out.append(f)
    for k, h in enumerate(heads):  # what hangs on each word ("said" with a ccomp, a noun with poss)
        if 0 <= h < n and h != k and deps[k] in _KIDS:
            out[h].append(f"k={deps[k]}")
    return out


_OPENERS = frozenset("“”\"")


_KIDS = frozenset("ccomp xcomp nsubj nsubjpass dobj prep agent neg aux mark poss acl relcl".split())


@dataclass(frozen=True)
class Found:
    """An attribution the tagger reads in a sentence: word indices into the doc."""

    cue: tuple[int, ...]
    source: tuple[int, ...]
    content: tuple[int, ...]
    confidence: float  # mean marginal probability of the cue words


@lru_cache(maxsize=4)
def _load(path: str):
    import pycrfsuite

    if not os.path.isfile(path):
        raise ConfigError(f"{ENV}: no tagger model at {path!r} (build one with python eval/polnear_tagger.py --out PATH)")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    threshold = DEFAULT_THRESHOLD
    side = path + ".threshold"
    if os.path.isfile(side):
        threshold = float(open(side, encoding="utf-8").read().strip())
    return tagger, threshold


def model() -> tuple[object, float] | None:
    """(tagger, threshold) when ALLEGEDLY_ATTRIBUTION_TAGGER names a model, else None."""
    path = os.environ.get(ENV, "").strip()
    return _load(path) if path else None


def _runs(idx: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in idx:
        if out and i == out[-1][-1] + 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def read(sent: Span, quotes=(), loaded=None, min_content: int = 3) -> list[Found]:
    """The attributions the tagger is confident of in ``sent``: each cue run with the content
    and source runs nearest to it (a run joins its nearest cue)."""
    loaded = loaded or model()
    if loaded is None or len(sent) < 4:
        return []
    tagger, threshold = loaded
    tags = tagger.tag(features(sent, quotes))
    base = sent.start
    cues = _runs([k for k, x in enumerate(tags) if x == "CUE"])
    if not cues:
        return []
    confident = []
    for run in cues:
        p = sum(tagger.marginal("CUE", k) for k in run) / len(run)
        if p >= threshold:
            confident.append((run, p))
    if not confident:
        return []
    parts: dict[int, dict[str, list[int]]] = {n: {"SRC": [], "CON": []} for n in range(len(confident))}
    for label in ("SRC", "CON"):
        for run in _runs([k for k, x in enumerate(tags) if x == label]):
            near = min(range(len(confident)), key=lambda n: min(abs(k - c) for k in run for c in confident[n][0]))
            parts[near][label] += run
    out = []
    for n, (run, p) in enumerate(confident):
        con = parts[n]["CON"]
        if sum(sent.doc[base + k].is_alpha for k in con) < min_content:
            continue
        out.append(Found(tuple(base + k for k in run), tuple(base + k for k in parts[n]["SRC"]),
                         tuple(base + k for k in range(min(con), max(con) + 1)), round(p, 3)))
    return out


def source_head(doc, found: Found) -> Token | None:
    """The head word of the source run (the word whose head lies outside it)."""
    toks = [doc[i] for i in found.source]
    inside = set(found.source)
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    return max(heads, key=lambda t: (t.pos_ in ("PROPN", "NOUN", "PRON"), -t.i)) if heads else None


def cue_head(doc, found: Found) -> Token:
    """The cue word the others hang on ("bent" of "is bent on", "favor" of "in favor of")."""
    inside = set(found.cue)
    toks = [doc[i] for i in found.cue]
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    content = [t for t in heads if t.pos_ in ("VERB", "NOUN", "ADJ", "PROPN")]
    return (content or heads or toks)[0]


def holder(doc, found: Found) -> Token | None:
    """Who holds the attribution: the source the tagger marks, else (no source words) the
    possessor of a cue noun or the subject of the verb the cue is or hangs on."""
    from allegedly.provenance import sources as src

    head = source_head(doc, found)
    if head is not None:
        return head
    tok = cue_head(doc, found)
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX"):
            subj = src.subject(tok)
            if subj is not None and subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                return tok.head  # "Clinton, who has vowed to …": the noun the clause hangs on
            if subj is not None:
                return subj
            if tok.dep_ not in ("xcomp", "conj", "advcl") or tok.head.i == tok.i:
                return None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None
