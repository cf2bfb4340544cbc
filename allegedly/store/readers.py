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
MAX_REF = 1000  # a path or id longer than this names nothing (and would overflow SQLite's LIKE)


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
    if len(ref) > MAX_REF:
        raise StoreError(f"no article matches a reference of {len(ref)} characters (at most {MAX_REF})")
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (ref,)).fetchone():
        return ref
    # An id prefix is an index range; the file-name match scans sources, so it goes last.
    for finder in (_by_exact_source, _by_prefix, _by_source):
        ids, total = finder(conn, ref)
        if total == 1:
            return ids[0]
        if total > 1:
            raise StoreError(_ambiguous(conn, ref, ids, total))
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    raise StoreError(
        f"no article matches {ref!r} (tried id, id prefix, source path, file name and stem; "
        f"the store holds {total} articles)"
    )


def _by_exact_source(conn, ref: str) -> tuple[list[str], int]:
    ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE source = ?", (ref,))]
    return ids, len(ids)


def _by_source(conn, ref: str) -> tuple[list[str], int]:
    like = "%" + ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        "SELECT id, source FROM articles WHERE source LIKE ? ESCAPE '\\'", (like,)
    ).fetchall()
    ids = sorted({r[0] for r in rows if _names_file(r[1], ref)})
    return ids, len(ids)


def _names_file(source: str, ref: str) -> bool:
    # "data/x.jsonl:3" is line 3 of x.jsonl; its name and stem are those of the file.
    path = re.sub(r":\d+$", "", source)
    p = PurePath(path)
    return ref in (p.name, p.stem) or path.endswith("/" + ref)


def _by_prefix(conn, ref: str) -> tuple[list[str], int]:
    if not _HEX.match(ref.lower()):
        return [], 0
    # A range over the unique index, so a short prefix costs a few rows, not a scan.
    bounds = (ref.lower(), ref.lower() + "g")
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?", (*bounds, _SHOW_CANDIDATES + 1)
    )]
    if len(ids) <= 1:
        return ids, len(ids)
    total = conn.execute("SELECT count(*) FROM articles WHERE id >= ? AND id < ?", bounds).fetchone()[0]
    return ids, total


def _ambiguous(conn, ref: str, ids: list[str], total: int) -> str:
    lines = []
    for aid in ids[:_SHOW_CANDIDATES]:
        row = conn.execute("SELECT title, source FROM articles WHERE id = ?", (aid,)).fetchone()
        lines.append(f"  {aid}  {row['title'][:60]}  ({row['source']})")
    more = f"\n  … and {total - _SHOW_CANDIDATES} more" if total > _SHOW_CANDIDATES else ""
    return f"{ref!r} matches {total} articles; use a longer id or the full path:\n" + "\n".join(lines) + more
