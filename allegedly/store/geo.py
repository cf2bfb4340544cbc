"""Events and claims in space and time: GeoJSON for the map, dated items for the timeline.

An event is placed where it happened (its location); a claim at each geocoded place
it mentions. On the timeline an event stands at its own date (``date_iso``, else
the day its source reported it) or at its article's publication date; a claim at
its article's date, or at the date of the events it carries.
"""
from __future__ import annotations

import sqlite3
from typing import Any

from allegedly.store.lists import EVENT_DATE, claims_where, events_where

MAX_FEATURES = 5000
KINDS = ("events", "claims")


def _kinds(kind: str | None) -> tuple[str, ...]:
    from allegedly.errors import StoreError

    if kind and kind not in KINDS:
        raise StoreError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return (kind,) if kind else KINDS


def _short(text: str, n: int = 140) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def geojson(conn: sqlite3.Connection, *, kind: str | None = None, status: str | None = None,
            type: str | None = None, country: str | None = None, since: str | None = None,
            until: str | None = None, source: str | None = None, limit: int = MAX_FEATURES,
            offset: int = 0) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of located events and claims (``kind`` keeps one of them), events first."""
    features: list[dict] = []
    want = limit + offset
    if "events" in _kinds(kind):
        w, _ = events_where(conn, type=type, status=status, location_country=country, since=since, until=until,
                            source=source)
        w.add("e.lat IS NOT NULL AND e.lon IS NOT NULL")
        for r in conn.execute(
                f"""SELECT e.article_id, e.seq, e.type, e.trigger, e.status, e.chain_text, e.location_text,
                           e.location_country, e.lat, e.lon, e.claim_seq, {EVENT_DATE} AS date, a.published, a.title
                    FROM events e JOIN articles a ON a.id = e.article_id{w}
                    ORDER BY e.article_id, e.seq LIMIT ?""", (*w.args, want)):
            url = (f"/claims/{r['article_id']}/{r['claim_seq']}" if r["claim_seq"] is not None
                   else f"/articles/{r['article_id']}")
            features.append(_point(r["lon"], r["lat"], {
                "kind": "event", "id": f"{r['article_id']}-{r['seq']}", "type": r["type"], "status": r["status"],
                "label": f"{r['type']} ({r['trigger']}) at {r['location_text']}", "place": r["location_text"],
                "country": r["location_country"], "chain": r["chain_text"], "date": r["date"],
                "published": r["published"], "title": r["title"], "url": url}))
    if "claims" in _kinds(kind) and not type:
        w, _ = claims_where(conn, status=status, since=since, until=until, source=source)
        w.add("p.type = 'place' AND p.lat IS NOT NULL AND p.lon IS NOT NULL")
        w.add("coalesce(c.part, 'text') = 'text'")  # a headline claim's offsets are the title's
        if country:
            w.add("p.country = ?", country)
        for r in conn.execute(
                f"""SELECT c.article_id, c.idx, c.text, c.status, c.chain_text, p.text AS place, p.country, p.lat,
                           p.lon, a.published, a.title
                    FROM claims c JOIN articles a ON a.id = c.article_id
                    JOIN entities p ON p.article_id = c.article_id AND p.start >= c.start AND p."end" <= c."end"
                    {w} ORDER BY c.article_id, c.idx, p.start LIMIT ?""", (*w.args, want)):
            features.append(_point(r["lon"], r["lat"], {
                "kind": "claim", "id": f"{r['article_id']}-{r['idx']}", "status": r["status"],
                "label": _short(r["text"]), "place": r["place"], "country": r["country"], "chain": r["chain_text"],
                "date": None, "published": r["published"], "title": r["title"],
                "url": f"/claims/{r['article_id']}/{r['idx']}"}))
    return {"type": "FeatureCollection", "features": features[offset:want]}


def _point(lon: float, lat: float, props: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def timeline(conn: sqlite3.Connection, *, by: str = "published", kind: str | None = None, status: str | None = None,
             type: str | None = None, since: str | None = None, until: str | None = None,
             source: str | None = None, limit: int = MAX_FEATURES, offset: int = 0) -> list[dict[str, Any]]:
    """Dated items, oldest first: events and claims at their event date (``by="event"``) or publication date."""
    items: list[dict] = []
    want = limit + offset
    if "events" in _kinds(kind):
        date = EVENT_DATE if by == "event" else "a.published"
        w, _ = events_where(conn, type=type, status=status, since=since, until=until, date_by=by, source=source)
        w.add(f"{date} IS NOT NULL")
        for r in conn.execute(
                f"""SELECT e.article_id, e.seq, e.type, e.trigger, e.status, e.location_text, e.claim_seq,
                           {date} AS date, a.title FROM events e JOIN articles a ON a.id = e.article_id{w}
                    ORDER BY 8, 1, 2 LIMIT ?""", (*w.args, want)):
            where = f" at {r['location_text']}" if r["location_text"] else ""
            items.append({"kind": "event", "id": f"e-{r['article_id']}-{r['seq']}", "date": r["date"][:10],
                          "status": r["status"], "label": f"{r['type']} ({r['trigger']}){where}",
                          "title": r["title"], "url": (f"/claims/{r['article_id']}/{r['claim_seq']}"
                                                       if r["claim_seq"] is not None else f"/articles/{r['article_id']}")})
    if "claims" in _kinds(kind) and not type:
        w, _ = claims_where(conn, status=status, since=None if by == "event" else since,
                            until=None if by == "event" else until, source=source)
        if by == "event":  # a claim is dated by the events it carries
            # HAVING names the aggregate, not its alias: PostgreSQL takes no output names there
            sql = f"""SELECT c.article_id, c.idx, c.text, c.status, a.title, min({EVENT_DATE}) AS date
                      FROM claims c JOIN articles a ON a.id = c.article_id
                      JOIN events e ON e.article_id = c.article_id AND e.claim_seq = c.idx{w}
                      GROUP BY c.article_id, c.idx, c.text, c.status, a.title
                      HAVING min({EVENT_DATE}) IS NOT NULL"""
            having = [(f"min({EVENT_DATE}) >= ?", since), (f"min({EVENT_DATE}) <= ?", until and until + "\uffff")]
            extra = [v for _, v in having if v]
            sql += "".join(f" AND {cond}" for cond, v in having if v)
        else:
            sql = f"""SELECT c.article_id, c.idx, c.text, c.status, a.title, a.published AS date
                      FROM claims c JOIN articles a ON a.id = c.article_id{w}
                      {'AND' if w.parts else 'WHERE'} a.published IS NOT NULL"""
            extra = []
        for r in conn.execute(sql + " ORDER BY date, 1, 2 LIMIT ?", (*w.args, *extra, want)):
            items.append({"kind": "claim", "id": f"c-{r['article_id']}-{r['idx']}", "date": r["date"][:10],
                          "status": r["status"], "label": _short(r["text"], 80), "title": r["title"],
                          "url": f"/claims/{r['article_id']}/{r['idx']}"})
    # the order of the SQL (article, then claim or event number), so a page is a slice of the whole
    items.sort(key=lambda i: (i["date"], i["kind"], i["id"].rsplit("-", 1)[0], int(i["id"].rsplit("-", 1)[1])))
    return items[offset:want]
