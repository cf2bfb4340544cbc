"""Plain text: the first non-empty line is the title, the rest is the body."""
from __future__ import annotations

from allegedly.errors import EmptyInput
from allegedly.ingest.guard import check_prose
from allegedly.records import RawArticle


def parse_text(source: str, text: str, **meta) -> RawArticle:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            body = "\n".join(lines[i + 1 :]).strip("\n")
            if not body.strip():
                raise EmptyInput(source, "only a title line, no body text")
            check_prose(source, body)
            return RawArticle(source=source, title=line.strip(), text=body, fmt="text", **meta)
    raise EmptyInput(source, "empty file (no non-blank line)")
