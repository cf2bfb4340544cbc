"""One name per person in an article: 'Henderson', 'Jobs' and 'Steve' become the full name
the article gives ('Fritz Henderson', 'Steve Jobs') when exactly one full name fits, and a
chain never names the same source twice in a row.

Sentence by sentence, a surname can only be matched to full names named as sources before
it; this pass runs once the whole article is read, so a full name given anywhere counts
(in a source, or in any person entity).
"""
from __future__ import annotations

from dataclasses import replace

from allegedly.records import Claim, Entity, Hop, Quote


def _full_names(claims: list[Claim], quotes: list[Quote], entities: list[Entity]) -> set[str]:
    names = {h.name for c in [*claims, *quotes] for h in c.chain if h.kind == "person"}
    names |= {(e.name or e.text) for e in entities if e.type == "person"}
    return {n for n in names if len(n.split()) >= 2 and all(w[:1].isupper() for w in n.split()[-1:])}


def expansions(claims: list[Claim], quotes: list[Quote], entities: list[Entity]) -> dict[str, str]:
    """Single-word person names → the one full name whose first or last word they are."""
    full = _full_names(claims, quotes, entities)
    short = {h.name for c in [*claims, *quotes] for h in c.chain if h.kind == "person" and " " not in h.name}
    out = {}
    for name in short:
        fits = {f for f in full if name in (f.split()[0], f.split()[-1])}
        if len(fits) == 1:
            out[name] = fits.pop()
    return out


def expand(claims: list[Claim], quotes: list[Quote], entities: list[Entity]) -> tuple[list[Claim], list[Quote]]:
    names = expansions(claims, quotes, entities)

    def chain(hops: list[Hop]) -> list[Hop]:
        out: list[Hop] = []
        for h in hops:
            h = replace(h, name=names[h.name]) if h.kind == "person" and h.name in names else h
            if not out or out[-1].name != h.name:  # "Djamal", then "Jusman Syafii Djamal": one person, one hop
                out.append(h)
        return out

    claims = [replace(c, chain=chain(c.chain)) for c in claims]
    quotes = [replace(q, chain=chain(q.chain), speaker=names.get(q.speaker, q.speaker))
              for q in quotes]
    return claims, quotes
