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
UNNAMED_SPEAKER = "unnamed speaker"  # the hop of a direct quote whose speaker the article never names


def sourced(chain: list[Hop]) -> bool:
    """Does the chain name someone besides the publisher? (An article with no known publisher
    has chains without the publisher hop: length alone does not tell.)"""
    return any(h.kind != "publisher" for h in chain)


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
    if sourced(chain):
        return cues
    return [Cue(c.text, c.span, "hedge") if c.kind == "claim" else c for c in cues]


def status_of(cues: list[Cue], chain: list[Hop]) -> tuple[list[Cue], str]:
    cues = writer_hedges(dedupe(cues), chain)
    status = decide([c for c in cues if c.kind not in ("continuation", "quote")] +
                    ([Cue("", (0, 0), "attribution")] if sourced(chain) else []))
    return cues, status


def quoted_speaker(span: tuple[int, int], text: str, quotes: list[Quote]) -> Quote | None:
    """The speaker-known direct quote covering most of a claim's sentence, if it covers enough,
    or one that opens in the sentence that names its speaker ('X spoke about it: “…')."""
    size = len(text.strip()) or 1
    best, share = None, 0.0
    by_speaker: dict[str, float] = {}  # "… was “so swollen …,” she was “whisked … off”": two quotes, one speaker
    for q in (quotes[k] for k in overlapping(quotes, span[0], span[1])):  # only these can cover it
        if q.kind != "direct" or not q.speaker or not sourced(q.chain):
            continue
        named = q.chain[-1].span
        if span[0] <= q.span[0] < span[1] and named is not None and span[0] <= named[0] < span[1]:
            return q
        over = max(0, min(span[1], q.span[1]) - max(span[0], q.span[0])) / size
        by_speaker[q.speaker] = by_speaker.get(q.speaker, 0.0) + over
        if over > 0 and (best is None or by_speaker[q.speaker] > share):
            best, share = q, by_speaker[q.speaker]
    return best if share > _QUOTED_SHARE else None


def quoted_unnamed(span: tuple[int, int], text: str, quotes: list[Quote]) -> Quote | None:
    """A direct quote with no known speaker covering most of the claim's sentence: a sentence
    of a direct quote is someone's words, never the writer's assertion."""
    size = len(text.strip()) or 1
    direct = [q for q in quotes if q.kind == "direct" and q.span[0] < span[1] and span[0] < q.span[1]]
    over = sum(min(span[1], q.span[1]) - max(span[0], q.span[0]) for q in direct) / size
    return direct[0] if direct and over > _QUOTED_SHARE else None
