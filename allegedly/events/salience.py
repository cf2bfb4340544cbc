"""The main event of a sentence and of an article.

A sentence's main event is the act its clause states: the trigger highest in the parse,
a material act before talk about one ("protesters rallied …; they demanded …"), a stated act
before an intended, negated or attempted one. An article's main event is its lead's (the
first sentence with an event; the title is not coded), unless a later act is the one the
others elaborate: the same type told again and again down the article. Force used on or by
protesters elaborates the protest, so the protest leads (``bonus`` set by the coder).

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


def pick(sentences: Sequence[Sequence[Scored]]) -> tuple[set[int], int | None]:
    """ids of each sentence's main event, and the id of the article's main event (None: no event)."""
    mains = [max(evs, key=score) for evs in sentences if evs]
    if not mains:
        return set(), None
    types = Counter(m.type for m in mains)
    best, best_score = None, float("-inf")
    for rank, m in enumerate(mains):
        s = score(m) - LEAD_WEIGHT * rank + REPEAT_WEIGHT * min(types[m.type] - 1, 3)
        if s > best_score:
            best, best_score = m, s
    return {id(m) for m in mains}, id(best)
