"""The main event of a sentence and of an article.

A sentence's main event is grammatical: the act its main clause states, the trigger highest
in the parse (what PLOVER's coders code for a sentence, and what ``eval/plover_eval.py``
scores). An article's main event is what happened: a material act before talk about it
("protesters rallied …; they demanded …"), a stated act before an intended, negated or
attempted one, the lead (the first sentence with an event; the title is not coded) before
later sentences, and the act the others elaborate (its type told again down the article).
Force used on or by protesters elaborates the protest, so the protest leads (``bonus`` set
by the coder).

The weights are hand-set, ordered by how much an act is "what happened" in news
(CASE 2021 even rows were looked at to order them; the odd rows were not).
"""
from __future__ import annotations

from collections import Counter
from typing import Protocol, Sequence

from allegedly.events.ontology import STATEMENT_MODES

# material acts first; verbal acts last; OTHER (accidents, disasters) is what happened too
TYPE_WEIGHT: dict[str, float] = {
    "ASSAULT": 3.0, "PROTEST": 3.0, "OTHER": 3.0, "COERCE": 2.6, "MOBILIZE": 2.6, "RETREAT": 2.4,
    "AGREE": 2.2, "SANCTION": 2.0, "AID": 2.0, "CONCEDE": 1.6, "COOPERATE": 1.6, "CONSULT": 1.4,
    "THREATEN": 1.2, "REJECT": 0.8, "REQUEST": 0.8, "ACCUSE": 0.6, "SUPPORT": 0.4,
}
DEPTH_WEIGHT = 0.35
LEAD_WEIGHT = 1.2  # per sentence after the lead
REPEAT_WEIGHT = 0.4  # per later sentence whose main event has the same type (at most 3)


class Scored(Protocol):
    type: str
    mode: str | None
    depth: int
    bonus: float


def score(c: Scored) -> float:
    s = TYPE_WEIGHT.get(c.type, 1.0) - DEPTH_WEIGHT * min(c.depth, 6) + c.bonus
    if c.mode in STATEMENT_MODES:
        s -= 2.0
    return s


def _clause_rank(c: Scored) -> tuple:
    """A sentence's main event: the act its main clause states (the trigger highest in the parse),
    then the surer, then the first — what PLOVER's coders code for a sentence."""
    return (c.depth, -getattr(c, "confidence", 0.0), getattr(getattr(c, "hit", None), "head", None) and c.hit.head.i)


def pick(sentences: Sequence[Sequence[Scored]]) -> tuple[set[int], int | None]:
    """ids of each sentence's main event, and the id of the article's main event (None: no event).

    The sentence's main event is grammatical (its main clause); the article's is what happened:
    over all events, the salience ``score`` less ``LEAD_WEIGHT`` per sentence after the first one
    with an event, plus ``REPEAT_WEIGHT`` for each other sentence whose events share its type.
    """
    mains = [min(evs, key=_clause_rank) for evs in sentences if evs]
    if not mains:
        return set(), None
    told = Counter(t for evs in sentences for t in {c.type for c in evs})
    best, best_score = None, float("-inf")
    for rank, evs in enumerate(e for e in sentences if e):
        for c in evs:
            s = score(c) - LEAD_WEIGHT * rank + REPEAT_WEIGHT * min(told[c.type] - 1, 3)
            if s > best_score:
                best, best_score = c, s
    return {id(m) for m in mains}, id(best)
