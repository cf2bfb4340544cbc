"""Stories across outlets: cluster copies and rewrites, find the origin, count independent sources.

    from allegedly.stories import update, cluster_records
    update(conn, record)          # per stored article (registered as a store writer)
    views = cluster_records(records)   # in memory: StoryView per story
"""
from __future__ import annotations


def update(conn, record) -> str:
    """Cluster one stored record into its story (see allegedly.store.stories.update)."""
    from allegedly.store.stories import update as _update

    return _update(conn, record)


def cluster_records(records):
    from allegedly.stories.engine import cluster_records as _cluster

    return _cluster(records)


__all__ = ["cluster_records", "update"]
