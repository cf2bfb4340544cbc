"""Remove scraping noise from an article body, keeping a record of each cut.

PLACEHOLDER: replaced by the clean-rules work (issue 2, part 2).
"""
from __future__ import annotations

from allegedly.records import Removal


def clean(text: str) -> tuple[str, list[Removal]]:
    return text, []
