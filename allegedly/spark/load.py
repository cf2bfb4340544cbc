"""Load a clustered Spark run (``OUT/records``, ``assignment``, ``stories``, ``event_clusters``)
into an empty SQLite store in one transaction.

Articles go through the store's writers (every table but the story ones: the same rows as
ingest), then the story and event-cluster tables are filled with ``executemany`` from the
Parquet datasets: no per-article clustering, no story re-analysed. The rows are those the
store's own writers leave after ingesting the same articles in the same order
(tests/test_spark.py compares every story table). When some article could not be stored
(a writer failed on it), the stories computed on the cluster would hold an article the
store lacks: the loader then recomputes the stories in the store (``rebuild``) instead.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterator

from allegedly.store.connection import now, transaction
from allegedly.store.batch import IngestSummary, store_outcomes


def _rows(out: str, name: str, columns: list[str]) -> Iterator[dict]:
    import pyarrow.dataset as ds

    parts = sorted(Path(out, name).glob("part-*.parquet"))
    for batch in ds.dataset([str(p) for p in parts], format="parquet").to_batches(columns=columns):
        yield from batch.to_pylist()


def is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def load(conn: sqlite3.Connection, out: str, **store_kwargs) -> IngestSummary:
    """Store the run's articles and its stories; ``store_kwargs`` go to ``store_outcomes``."""
    from allegedly.spark.driver import outcomes
    from allegedly.store.stories import rebuild, update

    with transaction(conn):
        summary = store_outcomes(conn, outcomes(out), exclude=(update,), **store_kwargs)
        if summary.interrupted:
            return summary
        assigned = {r["id"]: r for r in _rows(out, "assignment", ["id", "seq", "story_id", "cluster_id", "score",
                                                                   "links"])}
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if stored == len(assigned):
            _members(conn, out, assigned)
            _stories(conn, out)
            _clusters(conn, out)
            return summary
    rebuild(conn)  # some article is missing: cluster what the store holds, one article at a time
    return summary


def _members(conn, out: str, assigned: dict[str, dict]) -> None:
    cols = ["id", "text_sig", "bag_sig", "entities", "size", "bag_size", "passages", "outlet_key", "credit",
            "published", "bag", "prior", "day", "embedding"]
    members, articles, links = [], [], []
    for r in _rows(out, "records", cols):
        a = assigned.get(r["id"])
        if a is None or a.get("_done"):
            continue  # an error row, or a repeat of an article already taken
        a["_done"] = True
        members.append((r["id"], a["story_id"], a["seq"], r["published"], r["size"], r["bag_size"], r["text_sig"],
                        r["bag_sig"], r["entities"], r["passages"], r["outlet_key"], r["credit"]))
        prior = {k: round(p, 6) for k, p in json.loads(r["prior"] or "{}").items()}
        articles.append((r["id"], a["cluster_id"], a["seq"], r["day"], a["score"], r["bag"],
                         json.dumps(prior, ensure_ascii=False, sort_keys=True), r["embedding"]))
        links.extend((r["id"], other, kind, score) for other, kind, score in json.loads(a["links"]))
    conn.executemany(
        """INSERT INTO story_members(article_id, story_id, seq, published, size, bag_size, text_sig, bag_sig,
               entities, passages, outlet_key, credit) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", members)
    conn.executemany("INSERT INTO story_links(article_id, other_id, kind, score) VALUES (?,?,?,?)", links)
    conn.executemany(
        """INSERT INTO event_cluster_articles(article_id, cluster_id, seq, day, score, bag, prior, embedding)
           VALUES (?,?,?,?,?,?,?,?)""", articles)


def _stories(conn, out: str) -> None:
    stamp = now()
    stories, edges, claims, appearances, members = [], [], [], [], []
    for s in _rows(out, "stories", None):
        stories.append((s["id"], s["title"], s["origin_article"], s["origin_name"], s["origin_via"],
                        s["origin_basis"], s["article_count"], s["independent_count"], s.get("rests_on"),
                        s.get("reporters"), stamp))
        edges.extend((s["id"], *e) for e in json.loads(s["edges"]))
        for c in json.loads(s["claims"]):
            claims.append((s["id"], c["group"], c["text"], len(c["appearances"]), len(c["independent"]),
                           json.dumps(c["independent"], ensure_ascii=False)))
            appearances.extend((s["id"], c["group"], *a) for a in c["appearances"])
        members.append((s["id"], s["cluster_id"], s["cluster_score"]))
    conn.executemany(
        """INSERT INTO stories(id, title, origin_article, origin_name, origin_via, origin_basis, article_count,
               independent_count, rests_on, reporters, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)""", stories)
    conn.executemany("INSERT INTO copy_edges(story_id, source, target, kind, score) VALUES (?,?,?,?,?)", edges)
    conn.executemany(
        """INSERT INTO story_claims(story_id, claim_group, text, appearances, independent_count, origins)
           VALUES (?,?,?,?,?,?)""", claims)
    conn.executemany(
        """INSERT INTO claim_appearances(story_id, claim_group, article_id, claim_seq, outlet, status, text,
               origin_key, origin_label) VALUES (?,?,?,?,?,?,?,?,?)""", appearances)
    conn.executemany("INSERT INTO event_cluster_members(story_id, cluster_id, score) VALUES (?,?,?)", members)


def _clusters(conn, out: str) -> None:
    stamp = now()
    rows = [(c["id"], c["title"], c["first_date"], c["last_date"], c["story_count"], c["article_count"],
             c["independent_count"], c["sources"], c.get("underlying_count"), c.get("underlying_sources"), stamp)
            for c in _rows(out, "event_clusters", None)]
    conn.executemany(
        """INSERT INTO event_clusters(id, title, first_date, last_date, story_count, article_count,
               independent_count, sources, underlying_count, underlying_sources, updated_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?)""", rows)
