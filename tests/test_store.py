"""The store on real files and a real PostgreSQL server: schema, transactions, FTS, references, readers
from other tools. Tests taking ``db``/``conn`` run on both engines (the postgres run skips with the reason
when no server can start); those about the SQLite file itself say so and skip on PostgreSQL."""
from __future__ import annotations

import sqlite3

import pytest

from allegedly.errors import InputError, StoreError
from allegedly.records import ArticleRecord, Dateline, DateMention, Entity, Removal
from allegedly.store import (
    apply_migrations,
    connect,
    known_migrations,
    load_record,
    register_writer,
    resolve_ref,
    save_record,
    schema_version,
    stored_ids,
)
from allegedly.store import connection, queries, writers
from allegedly.store.batch import store_outcomes

from conftest import needs_shared, SEED

TEXT = (
    "LONDON, 3 May 2016 (MINA) – Rebels withdrew heavy artillery from Palmyra to Raqqa, "
    "according to Sky News.\nThe convoy left at dawn."
)


def _span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return (start, start + len(word))


def make_record(n: int = 0, **changes) -> ArticleRecord:
    base = dict(
        id=f"{n:04x}aaaabbbbcccc"[:16],
        title=f"Convoy leaves Palmyra {n}",
        text=TEXT,
        outlet="MINA",
        url=f"https://example.org/{n}",
        published="2016-05-03",
        source=f"/data/in/{n:03d}_article.txt",
        dateline=Dateline(
            text="LONDON, 3 May 2016 (MINA)",
            place="London",
            agency="MINA",
            dates=[DateMention("3 May 2016", "gregorian", "2016-05-03", _span("3 May 2016")),
                   DateMention("5 Rajab 1437", "hijri", "2016-04-12")],
            consistent=False,
            span=(0, 25),
        ),
        removed=[Removal("Also Read: SOMETHING ELSE", "teaser", (120, 145), at=103)],
        entities=[
            Entity("Palmyra", "place", _span("Palmyra"), label="GPE", id="geonames:170978", name="Tadmur",
                   lat=34.56, lon=38.27, country="SY", feature="P.PPL", source="gazetteer", confidence=0.9),
            Entity("Raqqa", "place", _span("Raqqa"), id="geonames:172955", name="Ar Raqqah", lat=35.95, lon=39.01,
                   country="SY", feature="P.PPLA", source="gazetteer"),
            Entity("Sky News", "media", _span("Sky News"), label="ORG", id="actor:sky_news", source="actors"),
        ],
    )
    base.update(changes)
    return ArticleRecord(**base)


@pytest.fixture
def db(new_store):
    return new_store("store.db")


@pytest.fixture
def conn(db):
    c = connect(db)
    yield c
    c.close()


def sqlite_only(engine: str, why: str) -> None:
    if engine != "sqlite":
        pytest.skip(f"SQLite only: {why}")


def has_table(conn, name: str) -> bool:
    if connection.is_postgres(conn):
        return conn.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0] == 1


def plain_connection(db: str):
    """The store opened by the engine's own driver, as another tool would."""
    if db.startswith("postgresql://"):
        import psycopg

        return psycopg.connect(db)
    return sqlite3.connect(db)


def test_fresh_store_is_migrated_in_wal_mode(conn, engine):
    newest = known_migrations()[-1].version
    assert schema_version(conn) == newest
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in known_migrations()]
    if engine == "postgres":
        for name in ("articles", "removals", "entities", "dateline_dates", "ingest_errors", "runs",
                     "articles_fts", "places", "article_overview", "entity_counts", "fetches"):
            assert has_table(conn, name), name
        assert not conn.in_transaction
        return
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {"articles", "removals", "entities", "dateline_dates", "ingest_errors", "runs",
            "articles_fts", "places"} <= tables


def test_migrations_are_idempotent(db, conn):
    save_record(conn, make_record())
    again = connect(db)
    assert apply_migrations(again) == []
    assert again.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(known_migrations())
    assert again.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_newer_schema_is_refused_with_a_clear_message(db, conn):
    if connection.is_postgres(conn):  # schema_migrations alone holds the version there
        conn.execute("INSERT INTO schema_migrations VALUES (9999, 'from_the_future', 'now')")
    else:
        conn.execute("PRAGMA user_version = 9999")
    conn.close()
    with pytest.raises(StoreError, match=r"schema version 9999 is newer"):
        connect(db)


def test_failed_migration_leaves_schema_unchanged(db, conn, monkeypatch):
    good = known_migrations()
    broken = connection.Migration(good[-1].version + 1, "broken",
                                  "CREATE TABLE half_done(x INTEGER);\nINSERT INTO no_such_table VALUES (1);")
    monkeypatch.setattr(connection, "known_migrations", lambda: good + [broken])
    with pytest.raises(StoreError, match="broken failed"):
        apply_migrations(conn)
    assert schema_version(conn) == good[-1].version
    assert not has_table(conn, "half_done")


def test_an_unreachable_postgres_store_is_a_store_error_without_its_password():
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match=r"postgresql://ann:\*\*\*@/nowhere.*cannot open as a PostgreSQL store") as err:
        connect("postgresql://ann:secret@/nowhere?host=/nonexistent/socket/dir&connect_timeout=2")
    assert "secret" not in str(err.value)


def test_migrations_translate_to_postgres_types_and_leave_fts5_to_sqlite():
    from allegedly.store import postgres

    [table, view] = postgres.translate_migration(
        "-- a comment; with a semicolon\nCREATE TABLE t (\n  pk INTEGER PRIMARY KEY,\n  n INTEGER NOT NULL DEFAULT 0,"
        "\n  x REAL, b BLOB, \"end\" TEXT, PRIMARY KEY (pk)\n);\n"
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title);\nCREATE VIEW v AS SELECT 'a;b' AS s;", "0099_t")
    assert "pk BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" in table
    assert "n BIGINT NOT NULL DEFAULT 0" in table and "x DOUBLE PRECISION" in table and "b BYTEA" in table
    assert '"end" TEXT COLLATE "C"' in table and "PRIMARY KEY (pk)" in table
    assert view == "CREATE VIEW v AS SELECT 'a;b' AS s"
    with pytest.raises(StoreError, match="0099_t: not portable"):
        postgres.translate_migration("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;", "0099_t")
    assert postgres.translate("SELECT * FROM t WHERE a LIKE ? ESCAPE '\\' AND b = '100%' AND c = ?") == \
        "SELECT * FROM t WHERE a ILIKE %s ESCAPE '\\' AND b = '100%%' AND c = %s"
    assert postgres.tsquery('"Sky News" OR defect* NOT files') == "('sky' <-> 'news') | 'defect':* &! 'files'"


def test_sqlite_spellings_keep_working_on_both_engines(conn):
    """INSERT OR IGNORE / OR REPLACE, lastrowid and :named parameters, as code written for SQLite uses them."""
    row = ("s1", "first", 1, 1, "now")
    sql = "INTO stories(id, title, article_count, independent_count, updated_at) VALUES (?,?,?,?,?)"
    conn.execute("INSERT OR IGNORE " + sql, row)
    assert conn.execute("INSERT OR IGNORE " + sql, ("s1", "second", 2, 2, "now")).rowcount == 0
    assert tuple(conn.execute("SELECT title, article_count FROM stories").fetchone()) == ("first", 1)
    conn.execute("INSERT OR REPLACE " + sql, ("s1", "third", 3, 1, "later"))
    assert [tuple(r) for r in conn.execute("SELECT title, article_count FROM stories")] == [("third", 3)]
    ids = [conn.execute("INSERT INTO ingest_errors(source, problem, at) VALUES ('x', 'y', 'z')").lastrowid
           for _ in range(2)]
    assert ids == [r[0] for r in conn.execute("SELECT id FROM ingest_errors ORDER BY id")] and ids[1] == ids[0] + 1
    assert conn.execute("SELECT count(*) AS n FROM ingest_errors WHERE source = :s", {"s": "x"}).fetchone()["n"] == 2


@pytest.mark.postgres
def test_search_finds_the_same_articles_on_both_engines(tmp_path, pg_server):
    """FTS5 in SQLite, a tsvector index in PostgreSQL: the same words, stems, folded accents and query syntax."""
    from conftest import pg_schema_url

    texts = ["The U.S. economy grew; officials told us so.", "Zürich talks on the al-Assad file resumed.",
             "Sky News said the convoys left.", "The open sky policy was news to the minister.",
             "Airbus A380 deliveries slowed in 2016.", "Talks on a trade deal resumed in Geneva."]
    stores = [connect(str(tmp_path / "s.db")), connect(pg_schema_url(pg_server))]
    for c in stores:
        for i, text in enumerate(texts):
            save_record(c, make_record(i, title=f"Item {i}", text=text, entities=[], removed=[]))
    seen = {}
    for q in ["U.S. economy", "us", "Zurich", "assad", "Sky News", "news", "convoy", '"trade deal" OR A380',
              "deal*", "talks NOT Geneva", "NEAR(sky policy, 1)", "NEAR(open news, 1)", "2016", "item", "the",
              "files:", '"unbalanced']:
        try:
            found = [{h["id"] for h in queries.search(c, q)} for c in stores]
        except StoreError:
            with pytest.raises(StoreError):
                queries.search(stores[1], q)
            continue
        assert found[0] == found[1], q
        assert [queries.count_search(c, q) for c in stores] == [len(found[0])] * 2, q
        seen[q] = len(found[0])
    # accents folded, "U.S." cut into words, "us" not stemmed to "u", NEAR's distance kept
    assert {q: seen[q] for q in ("Zurich", "assad", "us", "U.S. economy", "NEAR(sky policy, 1)",
                                 "NEAR(open news, 1)", "convoy")} == {
        "Zurich": 1, "assad": 1, "us": 1, "U.S. economy": 1, "NEAR(sky policy, 1)": 1, "NEAR(open news, 1)": 0,
        "convoy": 1}
    for c in stores:
        c.close()


@pytest.mark.postgres
def test_a_lost_server_stops_the_batch_with_a_store_error(pg_server):
    from conftest import pg_schema_url

    url = pg_schema_url(pg_server)
    c = connect(url)
    save_record(c, make_record(0))
    pid = c.execute("SELECT pg_backend_pid()").fetchone()[0]
    with connect(url, migrate=False) as other:
        other.execute("SELECT pg_terminate_backend(?)", (pid,))
    with pytest.raises(StoreError, match="the store failed while saving b.txt"):
        store_outcomes(c, [_outcome(make_record(1), source="b.txt"), _outcome(make_record(2), source="c.txt")])
    with connect(url) as again:
        assert stored_ids(again) == {make_record(0).id}


def test_not_a_database_is_a_store_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="notes.db"):
        connect(str(bad))


def test_split_sql_keeps_trigger_bodies_whole():
    script = "-- a; comment\nCREATE TABLE t(a);\nCREATE TRIGGER x AFTER INSERT ON t BEGIN\n" \
             "  INSERT INTO t VALUES (1);\n  DELETE FROM t;\nEND;\n"
    parts = connection.split_sql(script)
    assert len(parts) == 2
    assert parts[1].startswith("CREATE TRIGGER") and parts[1].endswith("END;")


def test_save_twice_stores_once_and_force_replaces(conn):
    r = make_record()
    assert save_record(conn, r) is True
    assert save_record(conn, r) is False
    changed = make_record(title="A corrected title", entities=make_record().entities[:1])
    assert save_record(conn, changed, replace=True) is True
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert conn.execute("SELECT title FROM articles").fetchone()[0] == "A corrected title"
    assert conn.execute("SELECT count(*) FROM entities").fetchone()[0] == 1  # old rows cascaded away
    assert conn.execute("SELECT count(*) FROM removals").fetchone()[0] == 1
    assert queries.search(conn, "corrected")[0]["id"] == r.id
    assert queries.search(conn, "Palmyra")  # text still indexed once
    assert len(queries.search(conn, "convoy")) == 1


def test_rows_mirror_the_record(conn):
    r = make_record()
    save_record(conn, r)
    a = conn.execute("SELECT * FROM articles").fetchone()
    assert (a["dateline_place"], a["dateline_agency"], a["dateline_consistent"]) == ("London", "MINA", 0)
    ents = conn.execute('SELECT text, type, start, "end", ref_id, country FROM entities ORDER BY seq').fetchall()
    assert [tuple(e) for e in ents][0] == ("Palmyra", "place", *_span("Palmyra"), "geonames:170978", "SY")
    for e in ents:
        assert TEXT[e["start"]:e["end"]] == e["text"]
    dates = conn.execute("SELECT text, calendar, iso FROM dateline_dates ORDER BY seq").fetchall()
    assert [tuple(d) for d in dates] == [("3 May 2016", "gregorian", "2016-05-03"),
                                         ("5 Rajab 1437", "hijri", "2016-04-12")]
    rem = conn.execute('SELECT reason, start, "end", at FROM removals').fetchone()
    assert tuple(rem) == ("teaser", 120, 145, 103)
    places = conn.execute("SELECT name, country FROM places ORDER BY name").fetchall()
    assert [tuple(p) for p in places] == [("Ar Raqqah", "SY"), ("Tadmur", "SY")]


def test_load_record_round_trips(conn):
    r = make_record()
    save_record(conn, r)
    assert load_record(conn, r.id) == r
    with pytest.raises(StoreError, match="no article"):
        load_record(conn, "ffffffffffffffff")


def test_fts_finds_words_stemmed_and_in_titles(conn):
    save_record(conn, make_record(0))
    save_record(conn, make_record(1, text="Talks on a trade deal resumed in Geneva.", entities=[], removed=[]))
    hits = queries.search(conn, "artillery")
    assert [h["id"] for h in hits] == [make_record(0).id]
    assert "[artillery]" in hits[0]["snippet"]
    assert [h["id"] for h in queries.search(conn, "deals")] == [make_record(1).id]  # porter stemming
    assert len(queries.search(conn, "convoy palmyra")) == 2  # titles are indexed
    assert queries.search(conn, '"trade deal" OR nothing')
    with pytest.raises(StoreError, match="bad search query"):
        queries.search(conn, '"unbalanced')


def test_fts_phrase_hits_first_and_unparseable_queries_fall_back_to_words(conn):
    save_record(conn, make_record(0, text="The open sky policy was news to the minister.", entities=[], removed=[]))
    save_record(conn, make_record(1, text="Experts told Sky News about the files.", entities=[], removed=[]))
    hits = queries.search(conn, "Sky News")
    assert [h["id"] for h in hits] == [make_record(1).id, make_record(0).id]  # the phrase first, then all words
    assert [h["id"] for h in queries.search(conn, "files:")] == [make_record(1).id]  # no "no such column"
    assert len(queries.search(conn, "NOT")) == 0  # a bare operator is a word, not a syntax error


def test_failing_writer_rolls_back_only_that_article(conn):
    def fragile(c, record):
        c.execute("INSERT INTO ingest_errors(source, problem, at) VALUES ('w', 'written by writer', 'now')")
        if record.title.endswith("1"):
            raise RuntimeError("writer bug")

    register_writer(fragile)
    try:
        save_record(conn, make_record(0))
        with pytest.raises(RuntimeError):
            save_record(conn, make_record(1))
        save_record(conn, make_record(2))
    finally:
        writers._WRITERS.remove(fragile)
    assert stored_ids(conn) == {make_record(0).id, make_record(2).id}
    for table in ("entities", "removals", "dateline_dates"):
        ids = {r[0] for r in conn.execute(f"SELECT DISTINCT article_id FROM {table}")}
        assert make_record(1).id not in ids
    assert conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 2
    assert queries.search(conn, "convoy") and len(queries.search(conn, "convoy")) == 2


def _outcome(record=None, error=None, source="x", warnings=()):
    from allegedly.pipeline import Outcome

    return Outcome(source=source, record=record, error=error, warnings=list(warnings))


def test_store_outcomes_counts_errors_and_keeps_going(conn):
    def boom(c, record):
        if record.title.endswith("1"):
            raise ValueError("bad value")

    register_writer(boom)
    seen = []
    try:
        outcomes = [
            _outcome(make_record(0), source="a.txt"),
            _outcome(error=InputError("empty.txt", "empty file"), source="empty.txt"),
            _outcome(make_record(1), source="b.txt"),
            _outcome(make_record(0), source="a-again.txt"),
            _outcome(source="c.txt", warnings=["already stored as abc"]),
            _outcome(make_record(2), source="d.txt"),
        ]
        s = store_outcomes(conn, outcomes, on_error=lambda src, p: seen.append(src))
    finally:
        writers._WRITERS.remove(boom)
    assert (s.stored, s.already_stored, s.errors) == (2, 2, 2)
    assert seen == ["empty.txt", "b.txt"]
    errs = conn.execute("SELECT source, problem FROM ingest_errors ORDER BY id").fetchall()
    assert [e[0] for e in errs] == ["empty.txt", "b.txt"]
    assert "bad value" in errs[1][1]


def test_interrupt_keeps_what_was_stored(conn):
    def stream():
        yield _outcome(make_record(0))
        yield _outcome(make_record(1))
        raise KeyboardInterrupt

    s = store_outcomes(conn, stream())
    assert s.interrupted and s.stored == 2
    assert len(stored_ids(conn)) == 2
    assert not conn.in_transaction


def test_resolve_ref_by_id_prefix_path_name_and_stem(conn):
    a = make_record(0, source="/data/in/000_4dec16913f75ed72.txt")
    b = make_record(1, id="0001bbbbbbbbbbbb", source="feeds/wire.jsonl:3")
    c = make_record(2, id="0001cccccccccccc", source="feeds/wire.jsonl:4")
    for r in (a, b, c):
        save_record(conn, r)
    assert resolve_ref(conn, a.id) == a.id
    assert resolve_ref(conn, a.id[:6]) == a.id
    assert resolve_ref(conn, "000_4dec16913f75ed72") == a.id
    assert resolve_ref(conn, "000_4dec16913f75ed72.txt") == a.id
    assert resolve_ref(conn, "/data/in/000_4dec16913f75ed72.txt") == a.id
    assert resolve_ref(conn, "feeds/wire.jsonl:4") == c.id
    with pytest.raises(StoreError, match="matches 2 articles") as err:
        resolve_ref(conn, "wire.jsonl")
    assert b.id in str(err.value) and c.id in str(err.value)
    with pytest.raises(StoreError, match="matches 2 articles"):
        resolve_ref(conn, "0001")
    assert resolve_ref(conn, "0001c") == c.id
    with pytest.raises(StoreError, match="no article matches '000'"):
        resolve_ref(conn, "000")  # prefixes need 4+ characters, so a short number is not a guess
    with pytest.raises(StoreError, match="no article matches 'nothing_like_it'"):
        resolve_ref(conn, "nothing_like_it")


def test_list_and_stats(conn):
    save_record(conn, make_record(0, published="2016-05-01"))
    save_record(conn, make_record(1, published="2016-05-03", outlet="Wikinews"))
    save_record(conn, make_record(2, published=None))
    listed = queries.list_articles(conn)
    assert [r["id"] for r in listed] == [make_record(1).id, make_record(0).id, make_record(2).id]
    assert [r["id"] for r in queries.list_articles(conn, outlet="Wikinews")] == [make_record(1).id]
    s = queries.stats(conn)
    assert s["tables"]["articles"] == 3 and s["tables"]["entities"] == 9
    assert s["entity_types"] == {"place": 6, "media": 3}
    assert "articles_fts" not in s["tables"]


def test_readers_keep_working_while_a_writer_holds_the_lock(db, conn):  # WAL / MVCC
    save_record(conn, make_record(0))
    reader = connect(db)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM articles")
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # WAL: readers see the last commit
    conn.execute("ROLLBACK")
    reader.close()


@pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy")
def test_pandas_reads_the_store_as_is(db, conn):
    pd = pytest.importorskip("pandas")
    save_record(conn, make_record(0))
    save_record(conn, make_record(1))
    with plain_connection(db) as plain:
        articles = pd.read_sql("SELECT id, title, published, dateline_consistent FROM articles", plain)
        places = pd.read_sql("SELECT * FROM places", plain)
    assert len(articles) == 2 and set(places["country"]) == {"SY"}
    assert places.groupby("name").size().to_dict() == {"Ar Raqqah": 2, "Tadmur": 2}


@pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy")
def test_duckdb_queries_store_tables(db, conn):
    """DuckDB over the store: tables handed over through pandas/Arrow (works offline)."""
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    save_record(conn, make_record(0))
    with plain_connection(db) as plain:
        entities = pd.read_sql("SELECT * FROM entities", plain)
    got = duckdb.sql("SELECT type, count(*) AS n FROM entities GROUP BY type ORDER BY type").fetchall()
    assert got == [("media", 1), ("place", 2)]


def _load_duckdb_sqlite_extension(con) -> None:
    """LOAD sqlite_scanner from the PyPI package (INSTALL would download it)."""
    import glob
    import os

    try:
        import duckdb_extension_sqlite_scanner as package
    except ImportError:
        pytest.skip("duckdb-extension-sqlite-scanner (the dev extra) is not installed")
    found = glob.glob(os.path.join(os.path.dirname(package.__file__), "extensions", "*",
                                   "sqlite_scanner.duckdb_extension"))
    assert found, f"no extension file inside {package.__file__}"
    con.execute(f"LOAD '{found[0]}'")


def test_duckdb_attaches_the_sqlite_file(db, conn, engine):
    sqlite_only(engine, "DuckDB attaches the store file")
    duckdb = pytest.importorskip("duckdb")
    save_record(conn, make_record(0))
    conn.close()
    con = duckdb.connect()
    _load_duckdb_sqlite_extension(con)
    con.execute(f"ATTACH '{db}' AS store (TYPE sqlite, READ_ONLY)")
    assert con.execute("SELECT count(*) FROM store.entities").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM store.articles").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM store.places").fetchone()[0] == 2  # a view


@needs_shared
def test_seed_record_survives_the_store(new_store, seed_record):
    c = connect(new_store("seed.db"))
    save_record(c, seed_record)
    assert load_record(c, resolve_ref(c, SEED.stem)) == seed_record
    assert queries.search(c, "defectors")[0]["id"] == seed_record.id
    n = c.execute("SELECT count(*) FROM entities").fetchone()[0]
    assert n == len(seed_record.entities)


def test_fts_index_stays_true_after_replace_and_vacuum(conn):
    for n in range(4):
        save_record(conn, make_record(n, text=f"Report number {n}: the envoy{n} arrived."))
    save_record(conn, make_record(1, text="Rewritten: the envoy1 left."), replace=True)
    conn.execute("VACUUM")
    if connection.is_postgres(conn):  # one index row per article, each equal to its article's text
        stale = conn.execute(
            """SELECT count(*) FROM articles a FULL JOIN articles_fts f ON f.pk = a.pk
               WHERE f.doc IS DISTINCT FROM allegedly_search_doc(a.title, a.text)""").fetchone()[0]
        assert stale == 0
    else:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")  # raises if out of sync
    for n in range(4):
        assert [h["id"] for h in queries.search(conn, f"envoy{n}")] == [make_record(n).id]
    assert [h["id"] for h in queries.search(conn, "rewritten")] == [make_record(1).id]
    assert queries.search(conn, "arrived") and len(queries.search(conn, "arrived")) == 3


def test_a_migration_added_later_with_a_lower_number_is_still_applied(db, monkeypatch):
    """Features land in any order: a store at 0003 must still get a newly added 0002."""
    everything = known_migrations()
    first = everything[0]
    late = connection.Migration(first.version + 1, "late_feature", "CREATE TABLE late_feature(x INTEGER);")
    later = connection.Migration(late.version + 1, "later_feature", "CREATE TABLE later_feature(x TEXT);")
    monkeypatch.setattr(connection, "known_migrations", lambda: [first, later])
    c = connect(db)
    assert schema_version(c) == later.version
    monkeypatch.setattr(connection, "known_migrations", lambda: [first, late, later])
    assert apply_migrations(c) == [late.version]
    assert schema_version(c) == later.version
    assert c.execute("SELECT count(*) FROM late_feature").fetchone()[0] == 0
    assert apply_migrations(c) == []


def test_datasette_serves_the_store_as_is(db, conn, engine):
    """Datasette opens the file with no metadata or plugins: tables, views and FTS search."""
    sqlite_only(engine, "Datasette serves SQLite files")
    pytest.importorskip("datasette")
    import asyncio
    from pathlib import Path

    from datasette.app import Datasette

    save_record(conn, make_record(0))
    save_record(conn, make_record(1))
    conn.close()
    name = Path(db).stem

    async def fetch():
        ds = Datasette(files=[db], immutables=[])
        await ds.invoke_startup()
        tables = (await ds.client.get(f"/{name}.json")).json()
        places = (await ds.client.get(f"/{name}/places.json?_shape=array")).json()
        sql = (await ds.client.get(f"/{name}.json", params={
            "sql": "SELECT count(*) AS n FROM entities WHERE type = 'place'", "_shape": "array"})).json()
        found = {}
        for word in ("convoys", "Tadmur"):  # porter stemming: convoys finds "Convoy"
            rows = (await ds.client.get(f"/{name}/articles.json", params={
                "_search": word, "_shape": "array"})).json()
            found[word] = len(rows)
        return tables, places, sql, found

    tables, places, sql, found = asyncio.run(fetch())
    names = {t["name"] for t in tables["tables"]}
    assert {"articles", "removals", "entities", "claims", "quotes", "chain_hops"} <= names
    assert {p["name"] for p in places} == {"Tadmur", "Ar Raqqah"}
    assert sql == [{"n": 4}]
    assert found == {"convoys": 2, "Tadmur": 0}  # Datasette's search uses articles_fts
