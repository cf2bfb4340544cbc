"""The last word on a claim's status: cues deduplicated, a source-less 'appears to' read as the
writer's hedge, and claims brought into line with the quotes found in their sentence.

Claims and quotes must not contradict each other: a sentence that is (mostly) a direct quote
whose speaker the quote layer knows ("“…,” he continued", "Minister X: “…”", the second
sentence of a quote running on) is that speaker's report, not the publisher's own fact.
"""
from __future__ import annotations

from allegedly.provenance.status import _KIND_STATUS, _ORDER, decide
from allegedly.records import Cue, Hop, Quote
from allegedly.spans import overlapping

_QUOTED_SHARE = 0.5  # share of a sentence's characters inside speaker-known quote marks


def _rank(c: Cue) -> int:
    status = _KIND_STATUS.get(c.kind)
    return _ORDER.index(status) if status in _ORDER else len(_ORDER)


def dedupe(cues: list[Cue]) -> list[Cue]:
    """One cue per word: 'denied' is an attribution and a negation; keep the kind that decides
    more ('denied, denied' helps no reader)."""
    best: dict[tuple, Cue] = {}
    for c in cues:
        key = (c.span, c.text) if c.text else (c.span, c.text, c.kind)
        if key not in best or _rank(c) < _rank(best[key]):
            best[key] = c
    return [c for c in cues if best.get((c.span, c.text) if c.text else (c.span, c.text, c.kind)) is c]


def writer_hedges(cues: list[Cue], chain: list[Hop]) -> list[Cue]:
    """'X appears to …' with nobody cited: the writer hedges (alleged), nobody claims (claimed
    needs a source who claims)."""
    if len(chain) > 1:
        return cues
    return [Cue(c.text, c.span, "hedge") if c.kind == "claim" else c for c in cues]


def status_of(cues: list[Cue], chain: list[Hop]) -> tuple[list[Cue], str]:
    cues = writer_hedges(dedupe(cues), chain)
    status = decide([c for c in cues if c.kind not in ("continuation", "quote")] +
                    ([Cue("", (0, 0), "attribution")] if len(chain) > 1 else []))
    return cues, status


def quoted_speaker(span: tuple[int, int], text: str, quotes: list[Quote]) -> Quote | None:
    """The speaker-known direct quote covering most of a claim's sentence, if it covers enough,
    or one that opens in the sentence that names its speaker ('X spoke about it: “…')."""
    size = len(text.strip()) or 1
    best, share = None, 0.0
    for q in (quotes[k] for k in overlapping(quotes, span[0], span[1])):  # only these can cover it
        if q.kind != "direct" or not q.speaker or len(q.chain) < 2:
            continue
        named = q.chain[-1].span
        if span[0] <= q.span[0] < span[1] and named is not None and span[0] <= named[0] < span[1]:
            return q
        over = max(0, min(span[1], q.span[1]) - max(span[0], q.span[0])) / size
        if over > share:
            best, share = q, over
    return best if share > _QUOTED_SHARE else None
