"""Where an outlet's articles are set: its home state or province.

Local news rarely names its own state ('Paris' in a Paris, Tennessee paper is
that Paris). What an outlet's articles ground without doubt (a qualified town,
the dateline, a name with one namesake, the state named) says where its home
is; the home then favours namesakes there in the outlet's other articles
(``ArticleContext.home_region``, read by ``allegedly_places``). Learnt from the
articles themselves, never from labels.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable
from urllib.parse import urlsplit

from allegedly.records import Entity

# Evidence that needs no setting: what the article itself pins down.
SURE_EVIDENCE = frozenset({"qualifier", "dateline", "only"})


def outlet_key(outlet: str | None, url: str | None) -> str | None:
    """The outlet's name, else its web domain without 'www.'."""
    if outlet and outlet.strip():
        return outlet.strip().lower()
    if url:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
        return host.removeprefix("www.") or None
    return None


@dataclass
class OutletHomes:
    """Per outlet, how many articles ground places without doubt in each
    (country, admin1); the home is the region most of them name.

    ``min_articles``: articles naming the region before it counts as home;
    ``min_share``: its share of the outlet's articles that name any region."""

    min_articles: int = 2
    min_share: float = 0.5
    _regions: dict[str, Counter] = field(default_factory=dict)
    _articles: Counter = field(default_factory=Counter)

    def learn(self, outlet: str | None, places: Iterable[Entity],
              admin1_of: Callable[[Entity], str | None]) -> None:
        if not outlet:
            return
        regions = {(e.country, a) for e in places
                   if e.country and (e.evidence in SURE_EVIDENCE or e.feature == "A.ADM1")
                   and e.role is None and (a := admin1_of(e))}
        if regions:
            self._articles[outlet] += 1
            self._regions.setdefault(outlet, Counter()).update(regions)

    def home(self, outlet: str | None) -> tuple[str, str] | None:
        counts = self._regions.get(outlet or "")
        if not counts:
            return None
        (region, n), = counts.most_common(1)
        if n >= self.min_articles and n >= self.min_share * self._articles[outlet]:
            return region
        return None
