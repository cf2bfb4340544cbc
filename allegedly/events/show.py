"""`allegedly show` section: the article's events with participants, place, date and claim status.

One block per event rather than a wide table: an event has nine fields and a
chain, and a table of that squeezed into an 80-column terminal is unreadable.
"""
from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from allegedly.records import ArticleRecord, Event, Participant
from allegedly.show import register_section, short

STATUS_STYLES = {"asserted": "green", "reported": "cyan", "alleged": "yellow", "claimed": "yellow",
                 "denied": "red", "hypothetical": "magenta", "future": "magenta"}


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


def event_block(i: int, e: Event, record: ArticleRecord) -> Text:
    out = Text(f"{i:>3} ", style="bold")
    out.append(e.type, style="bold")
    if e.mode:
        out.append(f" {e.mode}")
    if e.cameo_root:
        out.append(f" /{e.cameo_root}", style="bright_black")
    out.append(f"  {_people(e.actor)} → {_people(e.recipient)}")
    out.append(f"  conf {e.confidence:.2f}\n", style="bright_black")
    details = [("trigger", short(e.trigger or "", 50))]
    if e.location:
        loc = e.location.text + (f" ({e.location.country})" if e.location.country else "")
        details.append(("where", loc))
    if _when(e):
        details.append(("when", _when(e)))
    for label, value in details:
        out.append(f"      {label} ", style="bright_black")
        out.append(f"{value}\n")
    out.append("      claim ", style="bright_black")
    if e.claim is not None and 0 <= e.claim < len(record.claims):
        claim = record.claims[e.claim]
        out.append(f"#{e.claim} ")
        out.append(e.status or claim.status, style=STATUS_STYLES.get(e.status or claim.status, ""))
        out.append("  " + " → ".join(h.name for h in claim.chain))
    else:
        out.append("none (outside any claim)", style="bright_black")
    return out


def event_section(record: ArticleRecord) -> RenderableType | None:
    if not record.events:
        return None
    title = Text(f"events ({len(record.events)})", style="bold")
    return Group(title, *(event_block(i, e, record) for i, e in enumerate(record.events)))


register_section(event_section)
