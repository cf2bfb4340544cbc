"""A publication date from metadata, checked and put in ISO form before it is stored.

Metadata dates come in ISO 8601 (kept as given, with their time), in the RFC 2822
form of feeds ("Tue, 03 May 2016 10:00:00 GMT") or as written text ("May 3,
2016"); the last two become ``YYYY-MM-DD``. Anything else ("not-a-date", a year
outside 1800–2200) is dropped with a warning, so the dateline can supply the date.
"""
from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_YEARS = range(1800, 2201)


def normalise_published(value: str | None) -> tuple[str | None, str | None]:
    """``(iso or None, warning or None)`` for a metadata date."""
    if value is None or not value.strip():
        return None, None
    text = " ".join(value.split())
    parsed = _parse(text)
    if parsed is None:
        return None, f"published date {_show(value)} is not a date; ignored"
    if parsed.year not in _YEARS:
        return None, f"published date {_show(value)} has year {parsed.year}, outside 1800–2200; ignored"
    if _ISO.match(text):
        return text, None
    return parsed.date().isoformat() if isinstance(parsed, datetime) else parsed.isoformat(), None


def _parse(text: str) -> date | datetime | None:
    if _ISO.match(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    if len(text) > 64 or not re.search(r"\d", text):
        return None
    try:
        import dateparser

        return dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    except Exception:  # dateparser raises assorted errors on odd strings; a bad date is only dropped
        return None


def _show(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "…")
