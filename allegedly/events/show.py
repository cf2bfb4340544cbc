"""`allegedly show` section: the article's events with participants, place, date and claim status."""
from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from allegedly.records import ArticleRecord, Participant
from allegedly.show import register_section, short

STATUS_STYLES = {"asserted": "green", "reported": "cyan", "alleged": "yellow", "claimed": "yellow",
                 "denied": "red", "hypothetical": "magenta", "future": "magenta"}


def _people(people: list[Participant]) -> str:
    return "; ".join(p.text + (f" [{(p.code or '')}{(p.sector or '')}]" if p.code or p.sector else "") for p in people)


def event_table(record: ArticleRecord) -> RenderableType | None:
    if not record.events:
        return None
    table = Table(title=f"events ({len(record.events)})", title_justify="left")
    for col in ("#", "type", "actor → recipient", "where", "when", "status", "chain", "trigger", "conf"):
        table.add_column(col)
    for i, e in enumerate(record.events):
        chain = ""
        if e.claim is not None and 0 <= e.claim < len(record.claims):
            chain = " → ".join(h.name for h in record.claims[e.claim].chain)
        when = e.date.iso or e.date.text if e.date else ""
        if e.report_date and e.report_date.iso:
            when = f"{when} (reported {e.report_date.iso})".strip()
        kind = e.type + (f" {e.mode}" if e.mode else "") + (f" /{e.cameo_root}" if e.cameo_root else "")
        table.add_row(
            str(i), kind, short(f"{_people(e.actor)} → {_people(e.recipient)}", 60),
            e.location.text if e.location else "", when or "",
            Text(e.status or "", style=STATUS_STYLES.get(e.status or "", "")), short(chain, 40),
            short(e.trigger or "", 30), f"{e.confidence:.2f}",
        )
    return table


register_section(event_table)
