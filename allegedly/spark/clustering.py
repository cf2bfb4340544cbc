"""Story and event clustering as Spark stages over a run's records (``OUT/records``).

1. order: the records in input order, the first of each article id (a repeat is "already
   stored", as in ingest), numbered 0..n-1 (their arrival);
2. candidates: each article filed under its blocking keys (LSH bands, sampled passages,
   names, outlets), each key's group walked in arrival order (spark/blocking.py);
3. verify: every candidate pair scored on the executors with stories.index.verify;
4. assign: on the driver, the order-dependent part (event clusters, then the union of the
   verified links) over the collected edges and the event bags streamed in order;
5. views: each story analysed, then each event cluster summarised, on the executors.

Writes ``OUT/assignment`` (one row per article), ``OUT/stories`` and ``OUT/event_clusters``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from operator import add

from allegedly.spark.assign import assign, verify_pair
from allegedly.spark.blocking import (band_keys, bucket_pairs, name_keys, name_probes, outlet_keys, outlet_pairs,
                                      passage_keys, passage_pairs, quoted_candidates, rarest_pairs)
from allegedly.spark.executor import event_features_of, story_features
from allegedly.spark.views import CLUSTER_COLUMNS, STORY_COLUMNS, Member, cluster_row, story_row, story_view

ASSIGNMENT_COLUMNS = ("id", "seq", "story_id", "cluster_id", "score", "links")


@dataclass
class ClusterRun:
    articles: int
    candidates: int
    edges: int
    stories: int
    event_clusters: int
    seconds: dict[str, float]


def first_records(spark, out: str):
    """Each article once (its first row in input order), with its features."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    df = spark.read.parquet(f"{out}/records").where("id IS NOT NULL")
    first = Window.partitionBy("id").orderBy("part", "pos")
    return df.withColumn("_n", F.row_number().over(first)).where("_n = 1").drop("_n")


def candidate_pairs(feats):
    """``feats``: RDD of (seq, Features). Returns the RDD of distinct (later, earlier) pairs."""
    bands = feats.flatMap(lambda t: band_keys(*t)).groupByKey().flatMap(lambda kv: bucket_pairs(kv[1]))
    quoted = (feats.flatMap(lambda t: passage_keys(*t)).groupByKey()
              .flatMap(lambda kv: ((p, 1) for p in passage_pairs(kv[1]))).reduceByKey(add)
              .mapPartitions(quoted_candidates))
    names = (feats.flatMap(lambda t: name_keys(*t)).groupByKey().flatMap(lambda kv: name_probes(kv[0], kv[1]))
             .groupByKey().flatMap(lambda kv: rarest_pairs(kv[0], kv[1])))
    outlets = feats.flatMap(lambda t: outlet_keys(*t)).groupByKey().flatMap(lambda kv: outlet_pairs(kv[1]))
    return bands.union(quoted).union(names).union(outlets).filter(lambda p: p[0] != p[1]).distinct()


def verified_edges(pairs, feats):
    by_seq = feats.map(lambda t: (t[0], t[1]))
    with_a = pairs.join(by_seq).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))  # (b, (a, fa))
    return with_a.join(by_seq).map(lambda kv: verify_pair(kv[1][0][0], kv[1][0][1], kv[0], kv[1][1])) \
        .filter(lambda e: e is not None)


def cluster(spark, out: str) -> ClusterRun:
    import time

    from pyspark import StorageLevel
    from pyspark.sql.types import (DoubleType, IntegerType, LongType, StringType, StructField, StructType)

    clock, seconds = time.perf_counter(), {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name], clock = round(now - clock, 2), now

    records = first_records(spark, out).orderBy("part", "pos")
    cols = ["id", "text_sig", "bag_sig", "entities", "size", "bag_size", "passages", "outlet_key", "credit",
            "published"]
    feats = (records.select(*cols).rdd.zipWithIndex()
             .map(lambda t: (t[1], story_features(t[0].asDict()))).persist(StorageLevel.MEMORY_AND_DISK))
    n = feats.count()
    lap("order")
    pairs = candidate_pairs(feats).persist(StorageLevel.MEMORY_AND_DISK)
    n_pairs = pairs.count()
    lap("candidates")
    edges = verified_edges(pairs, feats).collect()
    pairs.unpersist()
    feats.unpersist()
    lap("verify")
    bags = records.select("id", "bag", "prior", "day").toLocalIterator(prefetchPartitions=True)
    done = assign(((r["id"], event_features_of(r.asDict())) for r in bags), edges)
    lap("assign")

    rows = [(p.article_id, p.seq, p.story_id, p.cluster_id, float(p.score), json.dumps(p.links, ensure_ascii=False))
            for p in done.placements]
    schema = StructType([StructField("id", StringType(), False), StructField("seq", LongType(), False),
                         StructField("story_id", StringType(), False), StructField("cluster_id", StringType(), False),
                         StructField("score", DoubleType(), False), StructField("links", StringType(), False)])
    assignment = spark.createDataFrame(rows, schema, verifySchema=False)
    assignment.write.mode("overwrite").parquet(f"{out}/assignment")
    assignment = spark.read.parquet(f"{out}/assignment")
    del rows, done

    members = (records.select("id", "record", "size").join(assignment, "id").rdd
               .map(lambda r: (r["story_id"], Member(r["seq"], r["record"], r["size"], r["links"], r["cluster_id"],
                                                     r["score"]))))
    views = (members.groupByKey().map(lambda kv: story_view(kv[0], kv[1]))
             .persist(StorageLevel.MEMORY_AND_DISK))
    text, whole, real = StringType(), IntegerType(), DoubleType()
    story_types = [text] * 6 + [whole, whole, text, real, text, text, text]
    story_schema = StructType([StructField(c, t, True) for c, t in zip(STORY_COLUMNS, story_types)])
    spark.createDataFrame(views.map(lambda t: story_row(*t[:3])), story_schema) \
        .write.mode("overwrite").parquet(f"{out}/stories")
    cluster_types = [text] * 4 + [whole, whole, whole, text, text]
    cluster_schema = StructType([StructField(c, t, True) for c, t in zip(CLUSTER_COLUMNS, cluster_types)])
    clusters = views.map(lambda t: (t[1], (t[0], t[3]))).groupByKey().map(lambda kv: cluster_row(kv[0], kv[1]))
    spark.createDataFrame(clusters, cluster_schema).write.mode("overwrite").parquet(f"{out}/event_clusters")
    views.unpersist()
    lap("views")
    n_stories = spark.read.parquet(f"{out}/stories").count()
    n_clusters = spark.read.parquet(f"{out}/event_clusters").count()
    return ClusterRun(n, n_pairs, len(edges), n_stories, n_clusters, seconds)
