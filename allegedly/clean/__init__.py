"""Remove scraping noise from an article body, keeping a record of each cut.

``clean(body)`` returns the cleaned text and one ``Removal`` per cut. The
cleaned text is the raw body with the cut spans taken out; the only other
change is the whitespace at each cut, which is joined back as one paragraph
break, one line break or one space (the widest break found around the cut), so
offsets of kept text map back exactly and no run of 3+ newlines appears.
"""
from __future__ import annotations

from allegedly.clean.rules import LINE_RULES, Cut, sign_offs, split_lines
from allegedly.records import Removal

__all__ = ["clean"]


def clean(text: str) -> tuple[str, list[Removal]]:
    if not isinstance(text, str):
        raise TypeError(f"clean() needs the article body as str, got {type(text).__name__}")
    if not text.strip():
        return text, []
    lines = split_lines(text)
    cuts: list[Cut] = [cut for rule in LINE_RULES for cut in rule(lines)]
    cuts += sign_offs(lines, cuts)
    return _rebuild(text, _merge(cuts))


def _merge(cuts: list[Cut]) -> list[Cut]:
    """Sort and drop overlaps (first rule to claim a char keeps it)."""
    merged: list[Cut] = []
    for cut in sorted(cuts, key=lambda c: (c.start, -c.end)):
        if cut.end <= cut.start:
            continue
        if merged and cut.start < merged[-1].end:
            continue
        merged.append(cut)
    return merged


def _rebuild(raw: str, cuts: list[Cut]) -> tuple[str, list[Removal]]:
    out: list[str] = []
    size = 0
    removals: list[Removal] = []
    pos = 0
    i = 0
    while i < len(cuts):
        # Cuts with only whitespace between them share one join.
        j = i + 1
        while j < len(cuts) and not raw[cuts[j - 1].end : cuts[j].start].strip():
            j += 1
        group = cuts[i:j]
        before = raw[pos : group[0].start]
        kept = before.rstrip()
        gaps = [before[len(kept) :]]
        gaps += [raw[a.end : b.start] for a, b in zip(group, group[1:])]
        after_end = cuts[j].start if j < len(cuts) else len(raw)
        after = raw[group[-1].end : after_end]
        tail = after[: len(after) - len(after.lstrip())]
        gaps.append(tail)
        out.append(kept)
        size += len(kept)
        at = size
        nothing_before = size == 0
        nothing_after = not after.strip() and j == len(cuts)
        joiner = "" if nothing_before or nothing_after else _join(gaps)
        out.append(joiner)
        size += len(joiner)
        for cut in group:
            removals.append(Removal(raw[cut.start : cut.end], cut.reason, (cut.start, cut.end), at))
        pos = group[-1].end + len(tail)
        i = j
    out.append(raw[pos:])
    return "".join(out), removals


def _join(gaps: list[str]) -> str:
    """The widest break around the cut: a cut line between paragraphs leaves
    one paragraph break, a cut line inside one-newline text leaves a newline."""
    newlines = max(g.count("\n") for g in gaps)
    if newlines >= 2:
        return "\n\n"
    if newlines == 1:
        return "\n"
    return " " if any(gaps) else ""
