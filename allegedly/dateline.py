"""Find and parse the dateline. PLACEHOLDER: replaced by the dateline work."""
from __future__ import annotations

from allegedly.records import Dateline


def parse_dateline(text: str) -> Dateline:
    return Dateline()
