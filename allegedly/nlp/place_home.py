"""Where an outlet's articles are set: its home state or province.

Local news rarely names its own state ('Paris' in a Paris, Tennessee paper is
that Paris). What an outlet's articles ground without doubt (a qualified town,
the dateline, a name with one namesake, the state named) says where its home
is; the home then favours namesakes there in the outlet's other articles
(``ArticleContext.home_region``, read by ``allegedly_places``). Learnt from the
articles themselves, never from labels.

In the product the homes come from the store: each stored article keeps the
regions it grounds without doubt (``ArticleRecord.regions``, table
``outlet_regions``); ``allegedly ingest`` computes the homes from those rows
once, before any worker starts, and keeps them for the whole run, so the result
does not depend on workers or batch order. The next run sees this run's articles.
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
        self.add(outlet, sure_regions(places, admin1_of))

    def add(self, outlet: str | None, regions: Iterable[tuple[str, str]]) -> None:
        """Count one article of ``outlet`` that grounds ``regions`` without doubt."""
        regions = set(regions)
        if outlet and regions:
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

    def table(self) -> dict[str, tuple[str, str]]:
        """Every outlet that has a home, and its home."""
        return {o: h for o in sorted(self._regions) if (h := self.home(o)) is not None}


def sure_regions(places: Iterable[Entity], admin1_of: Callable[[Entity], str | None]) -> list[tuple[str, str]]:
    """The (country, admin1) regions an article's places ground without doubt, sorted."""
    return sorted({(e.country, a) for e in places
                   if e.country and (e.evidence in SURE_EVIDENCE or e.feature == "A.ADM1")
                   and e.role is None and (a := admin1_of(e))})


def region_code(region: tuple[str, str]) -> str:
    return f"{region[0]}-{region[1]}"


def homes_from_rows(rows: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """Homes from (article_id, outlet, 'CC-ADMIN1') rows, e.g. the ``outlet_regions`` table.
    Order-free: the counts are the same whatever order the rows come in."""
    per_article: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for article_id, outlet, code in rows:
        country, _, admin1 = code.partition("-")
        if admin1:
            per_article.setdefault((outlet, article_id), set()).add((country, admin1))
    homes = OutletHomes()
    for (outlet, _), regions in sorted(per_article.items()):
        homes.add(outlet, regions)
    return homes.table()
