"""Place and Match records and the Gazetteer: look-up, scoring, article context.

The index itself is plain columns and a dict (see ``builder``), so it pickles
small and loads fast; ``Place`` records are made on demand per look-up.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from allegedly.gazetteer import names
from allegedly.gazetteer.names import COMMON_WORDS

# Look-ups normalise the same few thousand names again and again (every pass, every
# repeat of a name): the folding is pure, so it is remembered.
norm = functools.lru_cache(maxsize=1 << 16)(names.norm)

FEATURES = ("P.PPL", "P.PPLA", "P.PPLC", "A.ADM2", "A.ADM1", "L.CONT", "A.PCLI", "L.RGN")
# Rank used in scoring: country > ADM1 = capital > continent > ADM2 > seat > town.
# A capital ties with a province so that population decides 'Washington'.
_FEATURE_RANK = {
    "A.PCLI": 1.0, "A.ADM1": 0.8, "P.PPLC": 0.8, "L.CONT": 0.7, "L.RGN": 0.7, "A.ADM2": 0.5,
    "P.PPLA": 0.4, "P.PPL": 0.0,
}
# pycountry gives subdivisions no population; score them as a mid-sized place so
# that 'Ontario' is the province, not the Californian city, but a big city of the
# same name can still win.
_ADMIN_POPULATION = 300_000
_BROAD = frozenset({"A.PCLI", "L.CONT", "L.RGN"})
_SUPRANATIONAL = frozenset({"L.CONT", "L.RGN"})


@dataclass(frozen=True, slots=True)
class Place:
    geonames_id: int | None
    name: str
    country: str | None  # ISO 3166-1 alpha-2; None for continents
    lat: float | None
    lon: float | None
    feature: str
    population: int = 0
    code: str | None = None  # ISO 3166-2 code of a subdivision, continent code
    admin1: str = ""  # GeoNames first-level admin code ('KY', '08'), for towns and divisions

    @property
    def ref(self) -> str:
        """A stable id: ``geonames:<id>`` when GeoNames has one, else the ISO code."""
        if self.geonames_id:
            return f"geonames:{self.geonames_id}"
        if self.code and ":" in self.code:
            return self.code
        return f"iso3166-2:{self.code}"


@dataclass(frozen=True, slots=True)
class Match:
    place: Place
    score: float
    primary: bool  # the name is the place's own name, not an alternate
    in_context: bool  # the place lies in one of the article's countries
    ambiguous: bool  # another place in another country scored close
    candidates: int
    # What decided between the candidates: 'only' (one candidate), 'qualifier'
    # ('Paris, Texas'), 'region' (the article's state or province), 'nearby' (close
    # to places already resolved), 'country' (the article's countries), 'prior'
    # (name, feature and population alone).
    evidence: str = "prior"


class Gazetteer:
    """Columns of places plus a name → candidates index.

    Candidates are ints ``row << 1 | primary`` so the index stays a plain dict
    of str → int | tuple[int, ...] (compact to pickle, cheap to hold).
    """

    def __init__(self, cols: dict, index: dict, extras: dict):
        self._c = cols
        self._index = index
        self._x = extras  # demonyms, capitals, admin links
        self._by_gid: dict[int, int] | None = None
        self.info: dict = {}

    # -- look-up -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._c["name"])

    def place(self, row: int) -> Place:
        c = self._c
        lat = c["lat"][row]
        return Place(
            geonames_id=c["gid"][row] or None,
            name=c["name"][row],
            country=c["cc"][row] or None,
            lat=None if math.isnan(lat) else lat,
            lon=None if math.isnan(lat) else c["lon"][row],
            feature=FEATURES[c["feat"][row]],
            population=c["pop"][row],
            code=c["code"].get(row),
            admin1=c["adm1"][row],
        )

    def candidates(self, name: str, common_words: frozenset[str] = frozenset()) -> list[tuple[Place, bool]]:
        """Every place called ``name``, with whether it is the primary name.

        Alternate names in ``common_words`` (lower-case) are dropped here: the
        caller may know more common words than the build-time list.
        """
        return [(self.place(row), primary) for row, primary in self._rows(norm(name), common_words)]

    def _rows(self, key: str, common_words: frozenset[str] = frozenset()) -> list[tuple[int, bool]]:
        hit = self._index.get(key)
        if hit is None:
            return []
        codes = (hit,) if isinstance(hit, int) else hit
        drop_alt = key in common_words or key in COMMON_WORDS
        return [(code >> 1, bool(code & 1)) for code in codes if (code & 1) or not drop_alt]

    def country(self, iso2: str) -> Place | None:
        row = self._x["countries"].get(iso2.upper())
        return None if row is None else self.place(row)

    def admin_seat_of(self, place: Place) -> Place | None:
        """The subdivision whose seat is this city ('Raqqa province' → SY-RA)."""
        if place.geonames_id is None:
            return None
        row = self._x["admin_of_city"].get(place.geonames_id)
        return None if row is None else self.place(row)

    def demonym_country(self, text: str) -> str | None:
        """ISO2 of a demonym or nationality adjective ('Syrian', 'Iraqis')."""
        return self._x["demonyms"].get(norm(text))

    def admin1_of(self, geonames_id: int) -> str | None:
        """The GeoNames admin1 code of the place with this id."""
        rows = self._by_gid
        if rows is None:  # built on first use, never pickled
            rows = {g: r for r, g in enumerate(self._c["gid"]) if g}
            self._by_gid = rows
        row = rows.get(geonames_id)
        return None if row is None else (self._c["adm1"][row] or None)

    def is_common_word(self, name: str, common_words: frozenset[str] = frozenset()) -> bool:
        key = norm(name)
        return key in COMMON_WORDS or key in common_words

    def resolve(
        self,
        name: str,
        context: Mapping[str, float] | Sequence[str] = (),
        *,
        hint_country: str | None = None,
        hint_admin1: str | None = None,
        common_words: frozenset[str] = frozenset(),
        allow_common: bool = False,
        features: frozenset[str] | None = None,
        regions: Mapping[tuple[str, str], float] | None = None,
        proximity: "Proximity | None" = None,
        local: bool = False,
    ) -> Match | None:
        """The best place for ``name`` given the article's countries.

        ``context`` maps ISO2 → weight in (0, 1] (a plain list means weight 1).
        A hint ('Palmyra, New York') outranks the article context. Names are
        capitalised in English text, so a lower-case query finds nothing; a
        name that is also a common word ('May', 'Most', 'Tank') only finds
        countries and continents unless ``allow_common`` (the
        caller has other evidence, e.g. NER said GPE). ``features`` keeps only
        those feature codes. A continent or region called exactly so wins
        outright: 'Middle East' is not the hamlet in Pennsylvania.
        ``regions`` maps (ISO2, GeoNames admin1 code) → weight: the article's
        states or provinces; ``proximity`` the places the article names (without
        doubt, or as candidates of its other names). Both favour towns and
        divisions there; population stays the last prior. ``local``: the article
        has a setting of its own (states, small places found only in its
        countries): where a namesake lies in its state or near its places, a
        world city outside its countries loses the big-city bonus.
        """
        if not any(ch.isupper() for ch in name):
            return None
        key = norm(name)
        rows = self._rows(key, common_words)
        if rows and not allow_common and (key in COMMON_WORDS or key in common_words):
            rows = [(r, p) for r, p in rows if FEATURES[self._c["feat"][r]] in _BROAD]
        if features is not None:
            rows = [(r, p) for r, p in rows if FEATURES[self._c["feat"][r]] in features]
        broad = [(r, p) for r, p in rows if p and FEATURES[self._c["feat"][r]] in _SUPRANATIONAL]
        rows = broad or rows
        if not rows:
            return None
        weights = _weights(context)
        if local:  # only where a namesake lies in the article's state or near its places
            local = any(self._local_place(r, regions or {}, proximity, key) for r, _ in rows)
        ctx = _Context(weights, hint_country, hint_admin1, regions or {}, proximity, key, local)
        scored = sorted(
            ((*_score(self.place(r), p, ctx, self._c["adm1"][r]), r, p) for r, p in rows),
            key=lambda t: (-t[0], -self._c["pop"][t[2]], t[2]),
        )
        famous = self._famous_instead(scored[0][2], scored[0][3], [t[2] for t in scored[1:]])
        if famous != scored[0][2]:  # the famous one first; the namesake it beat makes it ambiguous
            scored.sort(key=lambda t: t[2] != famous)
        best_score, parts, row, primary = scored[0]
        best = self.place(row)
        rivals = [t[0] for t in scored[1:] if self._c["cc"][t[2]] != best.country]
        ambiguous = bool(rivals) and best_score - max(rivals) < 0.15
        in_ctx = best.country is not None and (
            best.country in weights or best.country == hint_country
        )
        evidence = _evidence(parts, scored) if len(scored) > 1 else "only"
        return Match(best, round(best_score, 4), primary, in_ctx, ambiguous, len(rows), evidence)

    def _local_place(self, row: int, regions, proximity, key: str) -> bool:
        c = self._c
        if not FEATURES[c["feat"][row]].startswith("P."):
            return False
        if (c["cc"][row], c["adm1"][row]) in regions:
            return True
        lat = c["lat"][row]
        return bool(proximity) and not math.isnan(lat) and proximity.bonus(lat, c["lon"][row], key) > 0

    def _famous_instead(self, row: int, primary: bool, others: list[int]) -> int:
        """An alternate spelling of a small town ('Frankfurt' for Frankfort,
        Kentucky) more likely means the famous city spelled so (Frankfurt am
        Main): a town at least ten times larger, of 100k or more, wins."""
        pop, feat = self._c["pop"], self._c["feat"]
        if primary or not FEATURES[feat[row]].startswith("P."):
            return row
        big = [r for r in others if FEATURES[feat[r]].startswith("P.")
               and pop[r] >= max(10 * pop[row], 100_000)]
        return max(big, key=lambda r: pop[r]) if big else row

    # -- article context ---------------------------------------------------
    def country_of_mention(self, text: str, common_words: frozenset[str] = frozenset()) -> str | None:
        """ISO2 for an unambiguous country mention: name, demonym, capital, state.

        A capital or state named by a common word ('West', 'Central') says nothing.
        """
        found = self.mention(text, common_words)
        return found[0] if found else None

    def mention(self, text: str, common_words: frozenset[str]) -> tuple[str, str] | None:
        """(ISO2, the table that said so) for a mention."""
        abbr = self._x.get("abbreviations", {}).get(text.strip())
        if abbr is not None:  # 'Ky.' says the United States
            return (self._c["cc"][abbr], "abbreviations") if self._c["cc"][abbr] else None
        key = norm(text)
        tables = ("country_keys", "demonyms")
        if key not in COMMON_WORDS and key not in common_words:
            tables += ("capitals", "unique_admin")
        for table in tables:
            iso = self._x[table].get(key)
            if iso and (table != "capitals" or self._largest_country(key) == iso):
                return iso, table
        return None

    def _largest_country(self, key: str) -> str | None:
        """Country of the most populous place of that name: 'San Jose' is a
        capital (Costa Rica) but says nothing about Costa Rica."""
        rows = self._rows(key)
        if not rows:
            return None
        pop = self._c["pop"]
        return self._c["cc"][max(rows, key=lambda rp: pop[rp[0]])[0]] or None

    def context_countries(
        self, mentions: Iterable[str], common_words: frozenset[str] = frozenset()
    ) -> dict[str, float]:
        """ISO2 → weight (count relative to the most mentioned country)."""
        counts: dict[str, int] = {}
        by_capital: dict[str, int] = {}
        for text in mentions:
            found = self.mention(text, common_words)
            if found:
                table = by_capital if found[1] == "capitals" else counts
                table[found[0]] = table.get(found[0], 0) + 1
        # A capital alone says little where other mentions name other countries:
        # 'Paris' in a story set in Illinois is Paris, Illinois, not a French story.
        alone = not counts
        for iso, n in by_capital.items():
            if iso in counts or alone:
                counts[iso] = counts.get(iso, 0) + n
        if not counts:
            return {}
        top = max(counts.values())
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return {iso: n / top for iso, n in ranked}


def _weights(context: Mapping[str, float] | Sequence[str]) -> dict[str, float]:
    if isinstance(context, Mapping):
        return {k: float(v) for k, v in context.items() if v > 0}
    return {iso: 1.0 for iso in context}


@dataclass(frozen=True, slots=True)
class _Context:
    weights: Mapping[str, float]
    hint_cc: str | None
    hint_adm1: str | None
    regions: Mapping[tuple[str, str], float]
    proximity: "Proximity | None"
    key: str
    local: bool = False


# Contextual terms of the score, in the order they are named as evidence on a tie.
_CONTEXT_TERMS = ("qualifier", "region", "nearby", "country")


def _score(p: Place, primary: bool, ctx: _Context, adm1: str) -> tuple[float, dict[str, float]]:
    """Context, name, feature and population, in one additive score.

    Population counts 0.1 per decade, so the in-context bonus (0.3 plus up to
    0.1 for the most mentioned country) is worth three to four decades: a
    Syrian article's 'Palmyra' is Tadmur (51k, alternate name), an article
    without context gets the largest place of that own name. Cities of over
    about a million get up to 0.3 more, because 'Paris' in a story about the
    United States is still the French capital, unless the article's own state
    (``region``, up to 0.3) or places close by (``nearby``, up to 0.3) say
    otherwise. A qualifier ('Paris, Texas') outweighs all of these.

    Returns the score and its contextual terms (for the evidence).
    """
    parts: dict[str, float] = {}
    if ctx.hint_cc and p.country == ctx.hint_cc:
        parts["qualifier"] = 0.6 + (0.4 if ctx.hint_adm1 and adm1 == ctx.hint_adm1 else 0.0)
    elif p.country in ctx.weights:
        parts["country"] = 0.3 + 0.1 * ctx.weights[p.country]
    if p.feature not in _BROAD:
        w = ctx.regions.get((p.country or "", adm1)) if adm1 else None
        if w:
            parts["region"] = 0.3 * w
        if ctx.proximity and p.lat is not None:
            bonus = ctx.proximity.bonus(p.lat, p.lon, ctx.key)
            if bonus:
                parts["nearby"] = bonus
    score = sum(parts.values())
    if primary:
        score += 0.1
    score += 0.1 * _FEATURE_RANK[p.feature]
    pop = p.population or (_ADMIN_POPULATION if p.feature.startswith("A.ADM") else 0)
    decades = math.log10(pop + 1)
    score += 0.1 * decades
    if p.feature.startswith("P.") and not (ctx.local and p.country not in ctx.weights):
        score += 0.3 * min(max((decades - 5.5) / 0.7, 0.0), 1.0)
    return score, parts


def _evidence(parts: dict[str, float], scored: list) -> str:
    """The contextual term that put the winner ahead of the best other place:
    the one it leads the runner-up on most, if that lead alone is the margin;
    'prior' when the winner leads on name, feature and population alone."""
    best, runner = scored[0], max(scored[1:], key=lambda t: t[0])
    margin = best[0] - runner[0]
    if margin < 0:  # the famous city put ahead of a namesake that scored higher
        return "prior"
    leads = {t: parts[t] - runner[1].get(t, 0.0) for t in parts}
    leads = {t: v for t, v in leads.items() if v > 0}
    if not leads:
        return "prior"
    term = max(leads, key=lambda t: (leads[t], -_CONTEXT_TERMS.index(t)))
    total = sum(leads.values())
    return term if margin < total else "prior"


class Proximity:
    """The places an article names, as support for one another.

    Anchors (places named without doubt) count fully; every candidate of the
    article's other names counts by how specific that name is (a name with
    one candidate in the world more than 'Springfield'). A place within 150 km
    of supporting places gets up to 0.3: 'Paris' near 'Henry County' and
    'Whitlock' is Paris, Tennessee. Points sit in 1° cells for a quick look-up.
    """

    RADIUS_KM = 150.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[str, float, float, float]]] = {}

    def __bool__(self) -> bool:
        return bool(self._cells)

    def add(self, lat: float, lon: float, group: str, weight: float) -> None:
        self._cells.setdefault((math.floor(lat), math.floor(lon)), []).append((group, weight, lat, lon))

    def bonus(self, lat: float, lon: float, skip: str = "") -> float:
        """Up to 0.3: the best support per other name within the radius, summed."""
        best: dict[str, float] = {}
        ci, cj = math.floor(lat), math.floor(lon)
        reach = (-2, -1, 0, 1, 2)  # 2° covers the radius up to about 60° of latitude
        for di in reach:
            for dj in reach:
                for group, w, a, b in self._cells.get((ci + di, cj + dj), ()):
                    if group == skip or w <= best.get(group, 0.0):
                        continue
                    if _km(lat, lon, a, b) < self.RADIUS_KM:
                        best[group] = w
        return round(min(0.3, 0.3 * sum(best.values())), 4)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
