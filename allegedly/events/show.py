"""`allegedly show` section: the article's events with participants, place, date and claim status.

One block per event rather than a wide table: an event has nine fields and a
chain, and a table of that squeezed into an 80-column terminal is unreadable.
"""
from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from allegedly.provenance.render import shown_chain, status_text
from allegedly.records import ArticleRecord, Event, Participant
from allegedly.show import block, register_section, section, short


def _people(people: list[Participant]) -> str:
    return "; ".join(p.text + (f" [{(p.code or '')}{(p.sector or '')}]" if p.code or p.sector else "")
                     for p in people) or "?"


def _when(e: Event) -> str:
    when = (e.date.iso or e.date.text or "") if e.date else ""
    if e.date and e.date.precision and when:
        when += f" ({e.date.precision})"
    if e.report_date and e.report_date.iso:
        when = f"{when}, reported {e.report_date.iso}".strip(", ")
    return when


def event_block(i: int, e: Event, record: ArticleRecord) -> RenderableType:
    head = Text(f"{i:>3} ", style="bold")
    head.append(e.type, style="bold")
    if e.mode:
        head.append(f" {e.mode}")
    if e.cameo_root:
        head.append(f" /{e.cameo_root}", style="bright_black")
    head.append(f"  {short(e.trigger or '', 50)}")
    head.append(f"  conf {e.confidence:.2f}", style="bright_black")
    if e.main == "article":
        head.append("  main event", style="bold")
    rows = [("who", _people(e.actor)), ("to whom", _people(e.recipient))]
    if e.location:
        by = f"  · {e.place_by}" if e.place_by and e.place_by != "own" else ""
        rows.append(("where", e.location.text + (f" ({e.location.country})" if e.location.country else "") + by))
    if _when(e):
        rows.append(("when", _when(e)))
    if e.claim is not None and 0 <= e.claim < len(record.claims):
        claim = record.claims[e.claim]
        said = Text(f"#{e.claim} ")
        said.append_text(status_text(e.status or claim.status))
        said.append(f"  {shown_chain(claim.chain)}")
        rows.append(("claim", said))
    else:
        rows.append(("claim", Text("none (outside any claim)", style="bright_black")))
    return block(head, rows)


def event_section(record: ArticleRecord) -> RenderableType | None:
    return section("events", [event_block(i, e, record) for i, e in enumerate(record.events)])


register_section(event_section)
