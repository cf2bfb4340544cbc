"""The store on a PostgreSQL server: a connection that speaks to the store code as sqlite3 does.

``connect("postgresql://…")`` returns a :class:`PgConnection`; the writers, readers and the
query layer run on it unchanged. What differs between the engines is translated here, and only here:

- statements: ``?`` placeholders become ``%s`` (and a literal ``%`` is doubled), ``LIKE`` becomes
  ``ILIKE`` (SQLite's LIKE ignores case), ``BEGIN IMMEDIATE`` becomes ``BEGIN`` plus a transaction-level
  advisory lock, so writers take turns as they do on one SQLite file and readers never wait;
- migrations: the same ``migrations/NNNN_*.sql`` files, each statement translated mechanically
  (:func:`translate_migration`): ``INTEGER PRIMARY KEY`` → an identity column, INTEGER → BIGINT
  (SQLite integers are 64-bit), REAL → DOUBLE PRECISION (PostgreSQL's REAL is 32-bit), BLOB → BYTEA,
  TEXT → TEXT COLLATE "C" (SQLite compares text byte by byte: ids, dates and the ``\\uffff`` bound of
  date ranges sort the same on both). The full-text index is SQLite's FTS5; statements about it are
  left out and ``migrations/postgres/NNNN_*.sql`` (PostgreSQL-only, applied with the migration of the
  same number) builds the PostgreSQL one: a tsvector table with a GIN index kept by a trigger;
- rows: a tuple that also answers ``row["name"]`` and ``dict(row)``, like sqlite3.Row;
- errors: psycopg's are raised as the sqlite3 DB-API classes (the original chained), so the callers'
  ``except sqlite3.OperationalError`` and the web's "interrupted" answer hold for both engines.
"""
from __future__ import annotations

import re
import sqlite3
import time
from importlib import resources
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from allegedly.errors import StoreError

URL_PREFIXES = ("postgresql://", "postgres://")
WRITE_LOCK = 0x616C6C65  # 'alle': the advisory lock writers take for their transaction
SEARCH_CONFIG = "allegedly_search"


def is_url(target: Any) -> bool:
    return isinstance(target, str) and target.startswith(URL_PREFIXES)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    url = re.sub(r"(://[^:/@]+):[^/]*@", r"\1:***@", url)
    return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", url)


class Row(tuple):
    """A result row: a tuple (unpacking, ``row[0]``) that also answers ``row["name"]`` and ``keys()``."""

    __slots__ = ()
    _names: tuple[str, ...] = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor):
    if cursor.description is None:
        return tuple
    names = tuple(c.name for c in cursor.description)
    cls = type("Row", (Row,), {"__slots__": (), "_names": names, "_index": {n: i for i, n in enumerate(names)}})
    return lambda values: tuple.__new__(cls, values)


class Cursor:
    """What ``execute`` returns: iterate it, or fetchone/fetchall; ``rowcount`` as sqlite3 has it."""

    def __init__(self, cur, conn: "PgConnection | None" = None, insert: bool = False):
        self._cur = cur
        self._conn = conn
        self._insert = insert

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The id the last INSERT drew from an identity column (SQLite's rowid of an INTEGER PRIMARY KEY);
        read it right after the INSERT. ``INSERT … RETURNING id`` is the portable way."""
        if not (self._insert and self._conn):
            return None
        try:
            return self._conn.raw.execute("SELECT lastval()").fetchone()[0]
        except Exception:  # noqa: BLE001 - no identity drawn in this session
            return None

    @property
    def description(self):
        return self._cur.description

    def fetchone(self):
        return self._cur.fetchone() if self._cur.description is not None else None

    def fetchall(self) -> list:
        return self._cur.fetchall() if self._cur.description is not None else []

    def fetchmany(self, size: int = 1) -> list:
        return self._cur.fetchmany(size) if self._cur.description is not None else []

    def __iter__(self) -> Iterator:
        return iter(self._cur) if self._cur.description is not None else iter(())

    def close(self) -> None:
        self._cur.close()


class PgConnection:
    """A psycopg connection in autocommit mode, used like the store's sqlite3 connections."""

    dialect = "postgresql"

    def __init__(self, raw, url: str):
        self.raw = raw
        self.url = url
        self.deadline: float | None = None  # set by queries.time_limit: statements after it are refused
        self.row_factory = None  # accepted and ignored: rows are always Row

    # --- the sqlite3.Connection surface the store uses ----------------------------------------
    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence | Mapping | None = ()) -> Cursor:
        self._check_deadline()
        named = isinstance(params, Mapping)
        stmt = self._upsert(translate(sql, named=named))
        params = dict(params) if named else tuple(params or ())
        _check_params(params.values() if named else params)
        with _errors():
            cur = self.raw.cursor()
            cur.execute(stmt, params)
            if stmt == "BEGIN":
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        return Cursor(cur, self, stmt.lstrip()[:6].upper() == "INSERT")

    def executemany(self, sql: str, seq: Iterable[Sequence]) -> Cursor:
        self._check_deadline()
        rows = [tuple(p) for p in seq]
        for row in rows:
            _check_params(row)
        cur = self.raw.cursor()
        if rows:
            with _errors():
                cur.executemany(self._upsert(translate(sql)), rows)
        return Cursor(cur)

    def _upsert(self, stmt: str) -> str:
        """SQLite's ``INSERT OR IGNORE`` / ``INSERT OR REPLACE`` as ``ON CONFLICT`` on the table's primary
        key (the portable spelling is better; this keeps code written for SQLite alone working)."""
        m = _INSERT_OR.match(stmt)
        if not m:
            return stmt
        how, table, columns, rest = m.group(1).upper(), m.group(2), m.group(3), m.group(4)
        if re.search(r"(?i)\b(ON\s+CONFLICT|RETURNING)\b", rest):
            raise StoreError(f"INSERT OR {how} with ON CONFLICT or RETURNING cannot be translated: {stmt[:80]}…")
        head = f"INSERT INTO {table}({columns}){rest.rstrip().rstrip(';')}"
        if how == "IGNORE":
            return head + " ON CONFLICT DO NOTHING"
        key = self._primary_key(table)
        names = [c.strip() for c in columns.split(",")]
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c.strip('"') not in key)
        return head + f" ON CONFLICT ({', '.join(key)}) " + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")

    def _primary_key(self, table: str) -> list[str]:
        cache = self.__dict__.setdefault("_keys", {})
        if table not in cache:
            cache[table] = [r[0] for r in self.raw.execute(
                """SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
                   AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary""",
                (table.strip('"'),))]
            if not cache[table]:
                raise StoreError(f"INSERT OR REPLACE into {table}: the table has no primary key to replace on")
        return cache[table]

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> "PgConnection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _check_deadline(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise sqlite3.OperationalError("interrupted: the request's time budget is spent")


def _check_params(values: Iterable) -> None:
    # PostgreSQL text cannot hold NUL; say so as a store error (a 400 on the web, that article's
    # error in a batch) rather than a driver error.
    for v in values:
        if isinstance(v, str) and "\x00" in v:
            raise StoreError("a value holds a NUL character (\\x00), which PostgreSQL text cannot store")


def connect(url: str, *, read_only: bool = False, timeout: float = 10.0) -> PgConnection:
    """Open the store at a ``postgresql://`` URL (libpq syntax: user, password, host, port, database,
    ``?options=-csearch_path%3Dname`` for a schema)."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - a pinned dependency
        raise StoreError(f"{redact(url)}: the PostgreSQL driver is missing (pip install 'psycopg[binary]')") from exc
    try:
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=int(timeout))
    except psycopg.Error as exc:
        raise StoreError(f"{redact(url)}: cannot open as a PostgreSQL store: {str(exc).strip()}") from exc
    _adapt(raw)
    if read_only:
        raw.execute("SET default_transaction_read_only = on")
    return PgConnection(raw, url)


def _adapt(raw) -> None:
    """Answers typed as SQLite gives them: numeric sums as int (or float), bools stored as 0/1."""
    from decimal import Decimal

    from psycopg.adapt import Loader
    from psycopg.types.numeric import IntDumper

    class NumericLoader(Loader):
        def load(self, data):
            value = Decimal(bytes(data).decode())
            return int(value) if value == value.to_integral_value() else float(value)

    class BoolAsInt(IntDumper):
        def dump(self, obj):
            return b"1" if obj else b"0"

    raw.adapters.register_loader("numeric", NumericLoader)
    raw.adapters.register_dumper(bool, BoolAsInt)


class _errors:
    """psycopg errors raised as the sqlite3 classes the store code catches."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None:
            return False
        import psycopg
        from psycopg import errors as e

        if not isinstance(exc, psycopg.Error):
            return False
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, e.QueryCanceled):
            raise sqlite3.OperationalError(f"interrupted ({msg})") from exc
        if isinstance(exc, e.ReadOnlySqlTransaction):
            raise sqlite3.OperationalError(f"attempt to write a readonly database ({msg})") from exc
        if isinstance(exc, psycopg.IntegrityError):
            raise sqlite3.IntegrityError(msg) from exc
        if isinstance(exc, psycopg.DataError):
            raise sqlite3.DataError(msg) from exc
        if isinstance(exc, (psycopg.OperationalError, psycopg.ProgrammingError, psycopg.InternalError)):
            raise sqlite3.OperationalError(msg) from exc
        raise sqlite3.DatabaseError(msg) from exc


# --- statements ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|(?<!:):\w+|\w+|[^\w'\":?%-]+|.", re.S)
_CHAR = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|.", re.S)
_CACHE: dict[tuple[str, bool], str] = {}
_INSERT_OR = re.compile(r"(?is)^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+([\w\"]+)\s*\(([^)]*)\)(.*)$")


def translate(sql: str, named: bool = False) -> str:
    """A statement written for SQLite, as PostgreSQL takes it through psycopg (``named``: the
    parameters are a mapping, ``:name`` in the statement)."""
    out = _CACHE.get((sql, named))
    if out is not None:
        return out
    if sql.strip().upper() == "BEGIN IMMEDIATE":
        out = "BEGIN"
    else:
        parts = []
        for m in _TOKEN.finditer(sql):
            tok = m.group(0)
            if tok == "?":
                parts.append("%s")
            elif tok == "%":
                parts.append("%%")
            elif tok[0] == "'" and "%" in tok:
                parts.append(tok.replace("%", "%%"))
            elif tok.upper() == "LIKE":
                parts.append("ILIKE")
            elif named and tok[0] == ":" and len(tok) > 1:
                parts.append(f"%({tok[1:]})s")
            else:
                parts.append(tok)
        out = "".join(parts)
    if len(_CACHE) < 5000:
        _CACHE[(sql, named)] = out
    return out


# --- migrations ---------------------------------------------------------------------------------

_TYPES = {"INTEGER": "BIGINT", "INT": "BIGINT", "REAL": "DOUBLE PRECISION", "FLOAT": "DOUBLE PRECISION",
          "DOUBLE": "DOUBLE PRECISION", "BLOB": "BYTEA", "TEXT": 'TEXT COLLATE "C"'}
_SQLITE_ONLY = re.compile(r"\barticles_fts\b", re.I)
_NOT_PORTABLE = re.compile(r"\b(VIRTUAL\s+TABLE|CREATE\s+TRIGGER|PRAGMA|INSERT\s+OR|WITHOUT\s+ROWID)\b", re.I)


def strip_comments(sql: str) -> str:
    return "".join(m.group(0) for m in _TOKEN.finditer(sql) if not m.group(0).startswith("--"))


def translate_migration(script: str, name: str) -> list[str]:
    """The PostgreSQL statements of one migration file (SQLite's full-text index left out)."""
    from allegedly.store.connection import split_sql

    out = []
    for stmt in split_sql(strip_comments(script)):
        if _SQLITE_ONLY.search(stmt):
            continue  # SQLite's FTS5 index; migrations/postgres/ builds PostgreSQL's
        if _NOT_PORTABLE.search(stmt):
            raise StoreError(f"migration {name}: not portable to PostgreSQL (keep migrations to plain "
                             f"CREATE TABLE/INDEX/VIEW and ALTER TABLE ADD COLUMN): {stmt[:80]}…")
        out.append(_translate_ddl(stmt.rstrip().rstrip(";")))
    return out


def _translate_ddl(stmt: str) -> str:
    m = re.match(r"(?is)^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?([\w\"]+)\s*\((.*)\)\s*$", stmt)
    if m:
        columns = [_column(c) for c in _split_top(m.group(3))]
        return f"CREATE TABLE {m.group(1) or ''}{m.group(2)} (\n    " + ",\n    ".join(columns) + "\n)"
    m = re.match(r"(?is)^(\s*ALTER\s+TABLE\s+[\w\"]+\s+ADD\s+(?:COLUMN\s+)?)(.*)$", stmt)
    if m:
        return m.group(1) + _column(m.group(2))
    return stmt


def _split_top(body: str) -> list[str]:
    parts, depth, buf = [], 0, ""
    for m in _CHAR.finditer(body):
        tok = m.group(0)
        depth += {"(": 1, ")": -1}.get(tok, 0)
        if tok == "," and depth == 0:
            parts.append(buf.strip())
            buf = ""
        else:
            buf += tok
    if buf.strip():
        parts.append(buf.strip())
    return parts


def _column(definition: str) -> str:
    m = re.match(r"(?is)^(\"[^\"]+\"|\w+)\s+(\w+)(.*)$", definition.strip())
    if not m or m.group(1).upper() in ("PRIMARY", "FOREIGN", "UNIQUE", "CHECK", "CONSTRAINT"):
        return definition.strip()  # a table constraint
    name, kind, rest = m.group(1), m.group(2).upper(), m.group(3)
    rest = re.sub(r"(?i)\s+AUTOINCREMENT\b", "", rest)
    if kind in ("INTEGER", "INT") and re.match(r"(?i)^\s*PRIMARY\s+KEY\b", rest):
        return f"{name} BIGINT GENERATED BY DEFAULT AS IDENTITY{rest}"
    return f"{name} {_TYPES.get(kind, kind)}{rest}"


def extra_migration(version: int) -> str | None:
    """The PostgreSQL-only script that goes with migration ``version``, if any."""
    folder = resources.files("allegedly.store").joinpath("migrations").joinpath("postgres")
    for entry in folder.iterdir():
        if entry.name.startswith(f"{version:04d}_") and entry.name.endswith(".sql"):
            return entry.read_text(encoding="utf-8")
    return None


def run_script(conn: PgConnection, script: str) -> None:
    """A PostgreSQL-only script as one batch (function bodies hold semicolons)."""
    with _errors():
        conn.raw.execute(script)


def table_exists(conn: PgConnection, name: str) -> bool:
    return conn.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]


def table_names(conn: PgConnection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]


# --- full-text search ---------------------------------------------------------------------------

_FTS_TOKEN = re.compile(r'"([^"]*)"|(\()|(\))|(\w+)\s*:(?!\*)|(\w+)(\*)?|(\^)|(,\s*\d+)|(\S)', re.U)


def tsquery(match: str, lex: Callable[[str], str] = str.lower) -> str:
    """An FTS5 query (words, "phrases", prefix*, AND/OR/NOT, NEAR(…), column:) as to_tsquery text,
    each word as ``lex`` gives its lexeme.

    Raises sqlite3.OperationalError where FTS5 would refuse the query, so search's fallbacks
    (the query's words instead) work the same on both engines."""
    if match.count('"') % 2:
        raise sqlite3.OperationalError(f"fts5: syntax error near unterminated string in {match!r}")
    groups: list[str] = []

    def near_group(m: re.Match) -> str:
        groups.append(_near(m.group(1), int(m.group(2) or 10), lex))
        return f" __near{len(groups) - 1}__ "

    match = _NEAR.sub(near_group, match)
    out: list[str] = []
    depth = 0
    near = False

    def operand(text: str) -> None:
        if out and out[-1] not in ("&", "|", "&!", "("):
            out.append("&")
        out.append(text)

    for m in _FTS_TOKEN.finditer(match):
        phrase, lp, rp, column, word, star, caret, near_n, other = m.groups()
        if phrase is not None:
            words = re.findall(r"\w+", phrase)
            if words:
                operand("(" + " <-> ".join(f"'{lex(w)}'" for w in words) + ")")
        elif lp:
            if out and out[-1] not in ("&", "|", "&!", "(") and not near:
                out.append("&")
            out.append("(")
            depth += 1
            near = False
        elif rp:
            if depth == 0 or not out or out[-1] in ("&", "|", "&!", "("):
                raise sqlite3.OperationalError(f"fts5: syntax error near \")\" in {match!r}")
            out.append(")")
            depth -= 1
        elif column:
            if column.lower() not in ("title", "text"):
                raise sqlite3.OperationalError(f"no such column: {column}")
        elif word:
            if word in ("AND", "OR", "NOT"):
                if not out or out[-1] in ("&", "|", "&!", "("):
                    raise sqlite3.OperationalError(f"fts5: syntax error near \"{word}\" in {match!r}")
                out.append({"AND": "&", "OR": "|", "NOT": "&!"}[word])
            elif word == "NEAR" and match[m.end():].lstrip().startswith("("):
                near = True
                if out and out[-1] not in ("&", "|", "&!", "("):
                    out.append("&")
            elif re.fullmatch(r"__near\d+__", word):
                operand(groups[int(word[6:-2])])
            else:
                operand(f"'{lex(word)}'" + (":*" if star else ""))
        elif near_n or caret:
            continue  # NEAR's distance and FTS5's "first token" mark: AND and any position here
        elif other:
            raise sqlite3.OperationalError(f"fts5: syntax error near \"{other}\" in {match!r}")
    if depth or not out or out[-1] in ("&", "|", "&!", "("):
        raise sqlite3.OperationalError(f"fts5: syntax error in {match!r}")
    return " ".join(out)


_NEAR = re.compile(r'\bNEAR\(([^()]*?)(?:,\s*(\d+))?\s*\)')


def _near(inner: str, distance: int, lex: Callable[[str], str]) -> str:
    """FTS5's NEAR(a b, N) — a and b at most N words apart, either order — as tsquery distance operators;
    with phrases or more than two terms, all of them anywhere (AND)."""
    terms = re.findall(r'"[^"]*"|\w+\*?', inner)
    words = [t for t in terms if re.fullmatch(r"\w+", t)]
    if len(terms) == 2 and len(words) == 2 and distance < 50:
        a, b = (f"'{lex(w)}'" for w in words)
        return "(" + " | ".join(f"{x} <{k}> {y}" for k in range(1, distance + 2) for x, y in ((a, b), (b, a))) + ")"
    parts = []
    for t in terms:
        ws = re.findall(r"\w+", t)
        if len(ws) == 1:
            parts.append(f"'{lex(ws[0])}'" + (":*" if t.endswith("*") else ""))
        elif ws:
            parts.append("(" + " <-> ".join(f"'{lex(w)}'" for w in ws) + ")")
    if not parts:
        raise sqlite3.OperationalError(f"fts5: syntax error in NEAR({inner})")
    return "(" + " & ".join(parts) + ")"


def server_tsquery(conn: PgConnection, match: str) -> str:
    """``tsquery(match)`` with each word folded and stemmed as the index's words are (0001_search.sql)."""
    words: list[str] = []
    tsquery(match, lambda w: words.append(w) or "x")  # the words, and FTS5's syntax errors
    lexemes = conn.__dict__.setdefault("_lexemes", {})  # per connection: a page asks twice or more
    todo = list(dict.fromkeys(w for w in words if w not in lexemes))
    if todo:
        found = conn.execute(
            "SELECT array(SELECT allegedly_lexeme(allegedly_fold(w)) FROM unnest(?::text[]) WITH ORDINALITY u(w, i) "
            "ORDER BY i)", (todo,)).fetchone()[0]
        if len(lexemes) > 10_000:
            lexemes.clear()
        lexemes.update({w: re.sub(r"\W", "", x or "") or w.lower() for w, x in zip(todo, found)})
    return tsquery(match, lambda w: lexemes[w])


def search_rows(conn: PgConnection, match: str, limit: int, columns: str) -> list[dict]:
    """The articles matching an FTS5 query, best first, with a snippet (``[hit]`` marks) and a score
    (lower is better, as FTS5's bm25)."""
    # The headline is made for the page of hits only (it parses the whole text): ranked in the subquery.
    outer = re.sub(r"\ba\.", "h.", columns)
    rows = conn.execute(
        f"""SELECT {outer},
               ts_headline('{SEARCH_CONFIG}', h.text, to_tsquery('{SEARCH_CONFIG}', ?),
                           'StartSel=[, StopSel=], MaxWords=12, MinWords=6, ShortWord=0, MaxFragments=1, '
                           'FragmentDelimiter=…') AS snippet, h.score
            FROM (SELECT a.*, -ts_rank_cd(f.doc, q, 1) AS score
                  FROM articles_fts f JOIN articles a ON a.pk = f.pk, to_tsquery('simple', ?) AS q
                  WHERE f.doc @@ q ORDER BY score, a.pk LIMIT ?) AS h
            ORDER BY h.score, h.pk""",
        (tsquery(match), server_tsquery(conn, match), limit)).fetchall()
    # FTS5 marks a run of matched words once ("[Sky News]"); ts_headline marks each word
    return [dict(r) | {"snippet": re.sub(r"\](\s+)\[", r"\1", r["snippet"])} for r in rows]


def search_count(conn: PgConnection, match: str) -> int:
    return conn.execute("SELECT count(*) FROM articles_fts WHERE doc @@ to_tsquery('simple', ?)",
                        (server_tsquery(conn, match),)).fetchone()[0]
