"""allegedly: news articles → claims and events that know who said it.

    import allegedly

    record = allegedly.extract("Syrian troops retook Palmyra on Monday, Sky News reported.",
                               title="Palmyra retaken", outlet="MINA", published="2016-05-03")
    record["claims"][0]["status"]            # 'reported' — the JSON contract of `allegedly extract`

    with allegedly.open_store("allegedly.db") as store:
        store.claims(status="alleged", since="2016-05")       # the same lists as the JSON API
        store.source("IS defectors")["claims"]

``extract`` loads spaCy once per process (a few seconds) and reuses it.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("allegedly")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__", "extract", "extract_record", "open_store", "Store"]


def __getattr__(name: str):
    # the library module imports the store and (on first use) spaCy: only when asked for
    if name in ("extract", "extract_record", "open_store", "Store"):
        from allegedly import library

        return getattr(library, name)
    raise AttributeError(f"module 'allegedly' has no attribute {name!r}")
