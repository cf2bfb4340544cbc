"""Story and event clustering as Spark stages over a run's records (``OUT/records``).

1. order: the records in input order, the first of each article id (a repeat is "already
   stored", as in ingest), numbered 0..n-1 (their arrival), from the id column on the driver;
2. candidates: each article filed under its blocking keys (LSH bands, sampled passages,
   names, outlets), each key's group walked in arrival order (spark/blocking.py);
3. verify: every candidate pair scored on the executors with stories.index.verify;
4. assign: on the driver, the order-dependent part (event clusters, then the union of the
   verified links) over the collected edges and the event bags streamed in order from Parquet
   (so ``--out`` must be a path the driver reads too: local, or a shared mount);
5. views: one shuffle by event cluster; each task analyses the cluster's stories, then
   summarises the cluster, and writes its rows with pyarrow.

Writes ``OUT/assignment`` (one row per article), ``OUT/stories`` and ``OUT/event_clusters``.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from allegedly.spark.assign import assign, verify_pair
from allegedly.spark.blocking import all_keys, article_candidates, walk
from allegedly.spark.executor import event_features_of, story_features
from allegedly.spark.views import CLUSTER_COLUMNS, STORY_COLUMNS, Member, cluster_row, story_row, story_view

ASSIGNMENT_COLUMNS = ("id", "seq", "story_id", "cluster_id", "score", "links")
FEATURE_COLS = ["id", "part", "pos", "text_sig", "bag_sig", "entities", "size", "bag_size", "passages", "outlet_key",
                "credit", "published"]
# Story features (signatures, passages, names: ~2.5 KB an article) up to this size are
# broadcast for verification instead of joined: about 25,000 articles.
BROADCAST_BYTES = 64 << 20


@dataclass
class ClusterRun:
    articles: int
    edges: int  # verified candidate pairs (a link either way)
    stories: int
    event_clusters: int
    seconds: dict[str, float]
    cpu: dict[str, float]  # CPU seconds per stage by ``cpu_clock`` (empty without one)


def arrival(out: str) -> dict[str, tuple[int, int, int]]:
    """Article id → (arrival number, part, pos): the records in input order (each task wrote one part file,
    its rows in input order), the first row of each id (a repeat is "already stored", as in
    ingest). Read on the driver from the id column alone."""
    seq: dict[str, tuple[int, int, int]] = {}
    for batch in _batches(out, ["id", "part", "pos"]):
        for aid, part, pos in zip(*(c.to_pylist() for c in batch.columns)):
            if aid is not None and aid not in seq:
                seq[aid] = (len(seq), part, pos)
    return seq


def _parts(out: str) -> list[str]:
    return sorted(str(p) for p in Path(out, "records").glob("part-*.parquet"))


def _batches(out: str, columns: list[str]):
    import pyarrow.dataset as ds

    parts = _parts(out)
    return ds.dataset(parts, format="parquet").to_batches(columns=columns) if parts else iter(())


def record_rows(sc, out: str, columns: list[str]):
    """RDD of the records' rows (dicts of ``columns``, id not null), one task per part file,
    read with pyarrow on the executors. Spark SQL's reader would pack the small files of a
    modest run into one task (its split size is at least 4 MB), leaving the other cores idle,
    and would hand each row to Python through the JVM."""
    parts = _parts(out)
    return sc.parallelize(parts, max(1, len(parts))).mapPartitions(lambda paths: _read_parts(paths, columns))


def _read_parts(paths, columns: list[str]):
    import pyarrow.parquet as pq

    for path in paths:
        for batch in pq.ParquetFile(path).iter_batches(columns=columns):
            yield from (row for row in batch.to_pylist() if row["id"] is not None)


def event_stream(out: str):
    """(id, EventFeatures) in arrival order, a batch at a time."""
    taken = set()
    for batch in _batches(out, ["id", "bag", "prior", "day", "embedding"]):
        for row in batch.to_pylist():
            aid = row["id"]
            if aid is not None and aid not in taken:
                taken.add(aid)
                yield aid, event_features_of(row)


def verified_edges(feats, n: int, table=None):
    """``feats``: RDD of (seq, Features); ``n`` shuffle partitions. Shuffled by blocking key
    (each group walked in arrival order), then by article (its candidates); with ``table``
    (a broadcast seq → Features) each article's candidates are verified there, else its
    features travel with it and a third shuffle (by candidate) joins the candidate's."""
    found = feats.flatMap(lambda t: all_keys(*t)).groupByKey(n).flatMap(lambda kv: walk(*kv))
    if table is not None:
        return found.groupByKey(n).flatMap(lambda kv: _verify_against(kv[0], kv[1], table.value))
    own = feats.map(lambda t: (t[0], ("features", t[1])))
    per_article = found.union(own).groupByKey(n).flatMap(lambda kv: _to_candidates(*kv))  # (b, (a, fa))
    return per_article.join(feats, n).map(lambda kv: verify_pair(kv[1][0][0], kv[1][0][1], kv[0], kv[1][1])) \
        .filter(lambda e: e is not None)


def _verify_against(seq: int, found, table: dict):
    fa = table[seq]
    for b in article_candidates(seq, found):
        edge = verify_pair(seq, fa, b, table[b])
        if edge is not None:
            yield edge


def feature_bytes(out: str) -> int:
    """The uncompressed size of the story features in ``OUT/records`` (Parquet metadata only)."""
    import pyarrow.parquet as pq

    total = 0
    for path in _parts(out):
        meta = pq.ParquetFile(path).metadata
        for g in range(meta.num_row_groups):
            group = meta.row_group(g)
            total += sum(group.column(c).total_uncompressed_size for c in range(group.num_columns)
                         if group.column(c).path_in_schema in FEATURE_COLS)
    return total


def feature_table(out: str, seq: dict[str, tuple[int, int, int]]) -> dict:
    """seq → Features of every article's first row, read on the driver."""
    table = {}
    for batch in _batches(out, FEATURE_COLS):
        for row in batch.to_pylist():
            if row["id"] is not None:
                n, part, pos = seq[row["id"]]
                if (row["part"], row["pos"]) == (part, pos):
                    table[n] = story_features(row)
    return table


def _to_candidates(seq: int, items):
    fa, found = None, []
    for what, payload in items:
        if what == "features":
            fa = payload
        else:
            found.append((what, payload))
    for b in article_candidates(seq, found):
        yield b, (seq, fa)


def cluster(spark, out: str, cpu_clock=None, broadcast_bytes: int = BROADCAST_BYTES) -> ClusterRun:
    """``cpu_clock``: a function giving CPU seconds so far (bench/spark_bench.py passes one
    summing the driver, the JVM and the Python workers) to time each stage in CPU too.
    Story features up to ``broadcast_bytes`` (uncompressed) are broadcast to the executors
    for verification, saving a shuffle (as Spark SQL broadcasts a join's small side)."""
    import time

    from pyspark import StorageLevel

    clock, seconds, cpu, used = time.perf_counter(), {}, {}, cpu_clock() if cpu_clock else 0.0

    def lap(name: str) -> None:
        nonlocal clock, used
        now = time.perf_counter()
        seconds[name], clock = round(now - clock, 2), now
        if cpu_clock:
            spent = cpu_clock()
            cpu[name], used = round(spent - used, 2), spent

    sc = spark.sparkContext
    shuffle = max(2, sc.defaultParallelism * 2)  # Spark's 200 shuffle partitions are for far bigger data
    seq = sc.broadcast(arrival(out))
    table = sc.broadcast(feature_table(out, seq.value)) if feature_bytes(out) <= broadcast_bytes else None
    feats = record_rows(sc, out, FEATURE_COLS).mapPartitions(lambda rows: _first(rows, seq.value))
    if table is None:
        feats = feats.persist(StorageLevel.MEMORY_AND_DISK)  # read twice: keys, and the join
    n = len(seq.value)
    lap("order")
    edges = verified_edges(feats, shuffle, table).collect()
    feats.unpersist()
    if table is not None:
        table.unpersist()
    lap("candidates and verify")
    done = assign(event_stream(out), edges)
    lap("assign")

    story_cluster = {}  # a story's event cluster: that of its last-arrived article (placements in arrival order)
    for p in done.placements:
        story_cluster[p.story_id] = p.cluster_id
    by_id = sc.broadcast({p.article_id: (p.seq, *seq.value[p.article_id][1:], p.story_id, p.cluster_id,
                                         float(p.score), json.dumps(p.links, ensure_ascii=False),
                                         story_cluster[p.story_id]) for p in done.placements})
    _write_assignment(out, done)
    n_stories = len(story_cluster)
    n_clusters = len({p.cluster_id for p in done.placements if p.story_id == p.article_id})
    del done, story_cluster
    for name in ("stories", "event_clusters"):
        shutil.rmtree(Path(out, name), ignore_errors=True)
        Path(out, name).mkdir(parents=True)
    # one shuffle: by event cluster, each task analysing the cluster's stories then summarising it
    members = record_rows(sc, out, ["id", "part", "pos", "record", "size"]).mapPartitions(
        lambda rows: _members(rows, by_id.value))
    members.groupByKey(shuffle).mapPartitionsWithIndex(lambda i, groups: _write_views(out, i, groups)).collect()
    by_id.unpersist()
    seq.unpersist()
    lap("views")
    return ClusterRun(n, len(edges), n_stories, n_clusters, seconds, cpu)


def _first(rows, seq: dict[str, tuple[int, int, int]]):
    """(arrival number, Features) of each row that is its article's first (repeats dropped)."""
    for row in rows:
        n, part, pos = seq[row["id"]]
        if (row["part"], row["pos"]) == (part, pos):
            yield n, story_features(row)


def _members(rows, by_id: dict[str, tuple]):
    """(story's event cluster, (story, Member)) of each article's first row."""
    for row in rows:
        s, part, pos, story, cluster_id, score, links, home = by_id[row["id"]]
        if (row["part"], row["pos"]) == (part, pos):
            yield home, (story, Member(s, row["record"], row["size"], links, cluster_id, score))


def _write_views(out: str, part: int, groups) -> list[int]:
    """Each event cluster's stories analysed, then the cluster summarised; one Parquet file per
    task in ``OUT/stories`` and ``OUT/event_clusters`` (written whole under a temporary name, so
    a retried task replaces it)."""
    stories, clusters = [], []
    for cluster_id, members in groups:
        by_story: dict[str, list[Member]] = {}
        for story, member in members:
            by_story.setdefault(story, []).append(member)
        views = [story_view(story, ms) for story, ms in sorted(by_story.items())]
        stories.extend(story_row(*v[:3]) for v in views)
        clusters.append(cluster_row(cluster_id, [(v[0], v[3]) for v in views]))
    _write_rows(Path(out, "stories", f"part-{part:05d}.parquet"), STORY_COLUMNS, STORY_TYPES, stories)
    _write_rows(Path(out, "event_clusters", f"part-{part:05d}.parquet"), CLUSTER_COLUMNS, CLUSTER_TYPES, clusters)
    return [len(stories), len(clusters)]


STORY_TYPES = ("string",) * 6 + ("int32", "int32", "string", "float64", "string", "string", "string", "string",
                                  "string")
CLUSTER_TYPES = ("string",) * 4 + ("int32", "int32", "int32", "string", "string", "int32", "string")


def _write_rows(path: Path, columns, types, rows: list[tuple]) -> None:
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, t) for c, t in zip(columns, types)])
    table = pa.Table.from_arrays([pa.array([r[i] for r in rows], type=t) for i, t in enumerate(types)],
                                 schema=schema)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    pq.write_table(table, temporary)
    os.replace(temporary, path)


def _write_assignment(out: str, done) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(out, "assignment")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    table = pa.table({c: [getattr(p, a) for p in done.placements] for c, a in
                      (("id", "article_id"), ("seq", "seq"), ("story_id", "story_id"), ("cluster_id", "cluster_id"),
                       ("score", "score"))})
    table = table.append_column("links", pa.array([json.dumps(p.links, ensure_ascii=False) for p in done.placements]))
    pq.write_table(table, folder / "part-00000.parquet")
