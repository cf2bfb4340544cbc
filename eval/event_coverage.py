"""How many events get a date and a place: the bundled articles (examples/articles) by default.

    python eval/event_coverage.py [PATH ...]

For every event: dated (an ISO date, or a stated duration) and how (precision day/month/…,
or "publication" when the clause names no date and the article's date stands in); placed and
how (place_by: own | sentence | dateline | article), and with coordinates. Coordinates are
counted over the events of articles that name a grounded place at all, as the issue asks
("when the article names a place").
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def coverage(records) -> dict:
    c, precision, place_by = Counter(), Counter(), Counter()
    for r in records:
        names_place = any(e.type == "place" and e.lat is not None for e in r.entities)
        for e in r.events:
            c["events"] += 1
            c["dated"] += e.date is not None
            precision[e.date.precision if e.date else "none"] += 1
            place_by[getattr(e, "place_by", None) or "none"] += 1
            c["placed"] += e.location is not None
            if names_place:
                c["events_in_placed_articles"] += 1
                coords = e.location is not None and e.location.lat is not None
                c["with_coordinates"] += coords
                # the three steps only (own, sentence, dateline), without the article's main place
                c["with_coordinates_3"] += coords and getattr(e, "place_by", None) != "article"
            c["main"] += getattr(e, "main", None) == "article"
    n = max(c["events"], 1)
    return {
        "articles": len(records), "events": c["events"], "article_main_events": c["main"],
        "dated": c["dated"] / n, "date_precision": dict(precision),
        "placed": c["placed"] / n, "place_by": dict(place_by),
        "events_in_articles_naming_a_place": c["events_in_placed_articles"],
        "with_coordinates_where_a_place_is_named": c["with_coordinates"] / max(c["events_in_placed_articles"], 1),
        "same_without_the_article_place_step": c["with_coordinates_3"] / max(c["events_in_placed_articles"], 1),
    }


def main(argv: list[str] | None = None) -> int:
    from allegedly.ingest import read_inputs
    from allegedly.pipeline import Pipeline

    paths = (argv if argv is not None else sys.argv[1:]) or [str(ROOT / "examples" / "articles")]
    records = [o.record for o in Pipeline().process_many(read_inputs(paths)) if o.record]
    for key, value in coverage(records).items():
        print(f"{key:42s} {value:.3f}" if isinstance(value, float) else f"{key:42s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
