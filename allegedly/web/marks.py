"""The article text cut into pieces, each inside at most one claim (for status colouring)."""
from __future__ import annotations

from dataclasses import dataclass

from allegedly.records import ArticleRecord


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    claim: int | None = None  # index into record.claims
    status: str | None = None
    chain: str | None = None


def pieces(record: ArticleRecord) -> list[Piece]:
    """Claims in text order; a claim overlapping one already placed (content nested in a
    sentence) is left to the claims list rather than drawn twice."""
    from allegedly.provenance.chains import chain_text

    text, out, pos = record.text, [], 0
    for i, c in sorted(enumerate(record.claims), key=lambda ic: (ic[1].span[0], -ic[1].span[1])):
        start, end = c.span
        if start < pos or not 0 <= start < end <= len(text):
            continue
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start:end], i, c.status, chain_text(c.chain)))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out
