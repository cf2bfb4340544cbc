"""Who cites whom: the source network drawn from the claims' chains, and one source's page.

Every hop of a claim's chain is a node (outlets, documents, people, groups …, by
name); each pair of consecutive hops is an edge from the one who relays to the one
relied on: ``relays`` to an outlet, ``from`` out of a document (leaked files ← IS
defectors), ``cites`` otherwise. An edge's weight is the number of claims resting on it.
"""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from typing import Any

from allegedly.errors import StoreError
from allegedly.store.lists import claims_where

MAX_NODES = 300


def edge_kind(upper_kind: str, lower_kind: str) -> str:
    if lower_kind in ("outlet", "publisher"):
        return "relays"
    return "from" if upper_kind == "document" else "cites"


def network(conn: sqlite3.Connection, *, max_nodes: int = MAX_NODES, hide: tuple[str, ...] = (),
            **filters) -> dict[str, Any]:
    """Nodes and weighted edges over the claims that pass ``filters`` (those of ``list_claims``).

    ``hide`` leaves hops of those kinds out (e.g. the publisher, which every chain starts with):
    their neighbours are linked directly."""
    w, _ = claims_where(conn, **filters)
    rows = conn.execute(
        f"""SELECT h.article_id, h.owner_idx, h.hop_idx, h.name, h.kind
            FROM chain_hops h JOIN claims c ON c.article_id = h.article_id AND c.idx = h.owner_idx
            JOIN articles a ON a.id = c.article_id
            {w.__str__() + (' AND ' if w.parts else ' WHERE ')}h.owner = 'claim'
            ORDER BY h.article_id, h.owner_idx, h.hop_idx""", w.args)
    chains: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        chain = chains[(r["article_id"], r["owner_idx"])]  # a claim counts even when all its hops are hidden
        if r["kind"] not in hide:
            chain.append((r["name"], r["kind"]))
    kinds: dict[str, Counter] = defaultdict(Counter)
    claims: Counter = Counter()
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for hops in chains.values():
        for name, kind in hops:
            kinds[name][kind] += 1
        for name in {n for n, _ in hops}:
            claims[name] += 1
        for (a, ka), (b, kb) in zip(hops, hops[1:]):
            if a == b:
                continue
            e = edges.setdefault((a, b), {"source": a, "target": b, "kind": edge_kind(ka, kb), "weight": 0})
            e["weight"] += 1
    keep = {n for n, _ in claims.most_common(max_nodes)}
    nodes = [{"id": n, "name": n, "kind": kinds[n].most_common(1)[0][0], "claims": claims[n]}
             for n in sorted(keep, key=lambda n: (-claims[n], n))]
    return {"nodes": nodes,
            "edges": sorted((e for e in edges.values() if e["source"] in keep and e["target"] in keep),
                            key=lambda e: (-e["weight"], e["source"], e["target"])),
            "claims": len(chains), "truncated": len(claims) > len(keep)}


def list_sources(conn: sqlite3.Connection, *, kind: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Sources named in chains, most relied-on first: name, kind, claims and articles resting on them."""
    where, args = ("WHERE owner = 'claim' AND kind = ?", [kind]) if kind else ("WHERE owner = 'claim'", [])
    grouped = f"""SELECT name, kind, count(DISTINCT article_id || ':' || owner_idx) AS claims,
                         count(DISTINCT article_id) AS articles
                  FROM chain_hops {where} GROUP BY name, kind"""
    total = conn.execute(f"SELECT count(*) FROM ({grouped}) AS g", args).fetchone()[0]
    rows = conn.execute(f"{grouped} ORDER BY claims DESC, name LIMIT ? OFFSET ?", (*args, limit, offset))
    return [dict(r) for r in rows], total


def source(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    """One source: its kinds, who relays it, whom it relies on, and the figures of what rests on it."""
    kinds = {r[0]: r[1] for r in conn.execute(
        "SELECT kind, count(*) FROM chain_hops WHERE name = ? GROUP BY kind ORDER BY 2 DESC", (name,))}
    if not kinds:
        raise StoreError(f"no source named {name!r} in any chain (see /api/sources for the names the store holds)")
    net = network(conn, source=name)
    return {
        "name": name, "kinds": kinds,
        "claims": conn.execute("""SELECT count(DISTINCT article_id || ':' || owner_idx) FROM chain_hops
                                  WHERE name = ? AND owner = 'claim'""", (name,)).fetchone()[0],
        "quotes": conn.execute("""SELECT count(DISTINCT article_id || ':' || owner_idx) FROM chain_hops
                                  WHERE name = ? AND owner = 'quote'""", (name,)).fetchone()[0],
        "articles": conn.execute("SELECT count(DISTINCT article_id) FROM chain_hops WHERE name = ?",
                                 (name,)).fetchone()[0],
        "relayed_by": [e for e in net["edges"] if e["target"] == name],
        "relies_on": [e for e in net["edges"] if e["source"] == name],
        "network": net,
    }
