"""Read articles back: whole records from their JSON, and references to ids."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import PurePath

from allegedly.errors import StoreError
from allegedly.records import ArticleRecord

_HEX = re.compile(r"^[0-9a-f]{4,16}$")
_SHOW_CANDIDATES = 5


def load_record(conn: sqlite3.Connection, article_id: str) -> ArticleRecord:
    row = conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise StoreError(f"no article with id {article_id!r} in the store")
    try:
        return ArticleRecord.from_dict(json.loads(row[0]))
    except (ValueError, TypeError) as exc:
        raise StoreError(f"article {article_id}: stored record is not readable: {exc}") from exc


def resolve_ref(conn: sqlite3.Connection, ref: str) -> str:
    """The article id ``ref`` names: a full id, a source path, file name or stem, or an id prefix.

    Raises StoreError when nothing matches or when the reference is ambiguous.
    """
    ref = ref.strip()
    if not ref:
        raise StoreError("empty article reference")
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (ref,)).fetchone():
        return ref
    for finder in (_by_source, _by_prefix):
        ids = finder(conn, ref)
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise StoreError(_ambiguous(conn, ref, ids))
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    raise StoreError(
        f"no article matches {ref!r} (tried id, id prefix, source path, file name and stem; "
        f"the store holds {total} articles)"
    )


def _by_source(conn, ref: str) -> list[str]:
    exact = [r[0] for r in conn.execute("SELECT id FROM articles WHERE source = ?", (ref,))]
    if exact:
        return exact
    like = "%" + ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        "SELECT id, source FROM articles WHERE source LIKE ? ESCAPE '\\'", (like,)
    ).fetchall()
    return sorted({r[0] for r in rows if _names_file(r[1], ref)})


def _names_file(source: str, ref: str) -> bool:
    # "data/x.jsonl:3" is line 3 of x.jsonl; its name and stem are those of the file.
    path = re.sub(r":\d+$", "", source)
    p = PurePath(path)
    return ref in (p.name, p.stem) or path.endswith("/" + ref)


def _by_prefix(conn, ref: str) -> list[str]:
    if not _HEX.match(ref.lower()):
        return []
    rows = conn.execute(
        "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id", (ref.lower(), ref.lower() + "g")
    )
    return [r[0] for r in rows]


def _ambiguous(conn, ref: str, ids: list[str]) -> str:
    lines = []
    for aid in ids[:_SHOW_CANDIDATES]:
        row = conn.execute("SELECT title, source FROM articles WHERE id = ?", (aid,)).fetchone()
        lines.append(f"  {aid}  {row['title'][:60]}  ({row['source']})")
    more = f"\n  … and {len(ids) - _SHOW_CANDIDATES} more" if len(ids) > _SHOW_CANDIDATES else ""
    return f"{ref!r} matches {len(ids)} articles; use a longer id:\n" + "\n".join(lines) + more
