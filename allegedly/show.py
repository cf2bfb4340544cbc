"""A readable terminal view of one ArticleRecord, built from section renderers.

Each section is a function ``record -> rich renderable | None`` (None = nothing
to show). Features add theirs with ``register_section`` in their own module and
list that module once in ``SECTION_MODULES``; this file needs no other edit.
"""
from __future__ import annotations

import importlib
from collections import Counter
from typing import Callable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from allegedly.records import ArticleRecord

Section = Callable[[ArticleRecord], RenderableType | None]

# Modules whose import registers more sections (one line per feature).
SECTION_MODULES: list[str] = ["allegedly.provenance.render", "allegedly.events.show"]

TYPE_STYLES: dict[str, str] = {
    "place": "bold green",
    "person": "bold cyan",
    "armed_group": "bold red",
    "government": "bold yellow",
    "military": "bold dark_orange",
    "media": "bold magenta",
    "organisation": "bold blue",
    "think_tank": "bold blue",
    "igo": "bold bright_blue",
    "ngo": "bold bright_blue",
    "group": "bold bright_cyan",
    "document": "bold underline",
    "date": "italic bright_black",
}
DEFAULT_STYLE = "bold bright_white"
REMOVAL_STYLE = "dim strike"
_MAX_REMOVAL_CHARS = 70


def style_for(entity_type: str) -> str:
    return TYPE_STYLES.get(entity_type, DEFAULT_STYLE)


def short(text: str, limit: int = _MAX_REMOVAL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


STATUS_STYLES: dict[str, str] = {
    "asserted": "green", "reported": "cyan", "alleged": "yellow", "claimed": "yellow",
    "denied": "red", "hypothetical": "magenta", "future": "magenta",
}


def block(head: Text, rows: list[tuple[str, RenderableType | str]]) -> RenderableType:
    """One record as a head line and indented label/value rows that wrap inside their column.

    Claims, quotes and events have too many fields for a table in 80 columns.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bright_black", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value)
    return Group(head, Padding(grid, (0, 0, 0, 6)))


def section(title: str, blocks: list[RenderableType]) -> RenderableType | None:
    if not blocks:
        return None
    return Group(Text(f"{title} ({len(blocks)})", style="bold"), *blocks, Text(""))


def header(record: ArticleRecord) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    source = record.publisher or record.outlet
    if record.publisher and record.outlet and record.publisher != record.outlet:
        source = f"{record.publisher} (via {record.outlet})"
    for label, value in (
        ("id", record.id),
        ("publisher", source),
        ("url", record.url),
        ("published", record.published),
        ("source", record.source),
        ("language", _foreign(record.language)),
    ):
        if value:
            grid.add_row(label, Text(str(value)))
    dl = dateline_text(record)
    if dl is not None:
        grid.add_row("dateline", dl)
    return Panel(grid, title=Text(record.title or "(untitled)", style="bold"), title_align="left")


def _foreign(code: str | None) -> str | None:
    # English needs no line; another language says why claims and events are missing.
    if code in (None, "en"):
        return None
    from allegedly.language import name

    return f"{code} ({name(code)}): not English, so no claims, quotes or events are read"


def dateline_text(record: ArticleRecord) -> Text | None:
    d = record.dateline
    if not (d.text or d.place or d.agency or d.dates):
        return None
    out = Text()
    parts = [p for p in (d.place, d.agency and f"({d.agency})") if p]
    out.append(" ".join(parts) or d.text)
    for m in d.dates:
        out.append("\n  " + m.text, style="bold")
        out.append(f"  {m.calendar} → {m.iso or '?'}", style="cyan")
    if d.consistent is False:
        out.append("\n  inconsistent: the dates disagree", style="bold red")
    elif d.consistent is True:
        out.append("\n  consistent", style="green")
    return out


def marked_text(record: ArticleRecord) -> RenderableType:
    """The cleaned text, entities coloured by type, removals marked where they were cut."""
    body = Text(record.text)
    for e in record.entities:
        start, end = e.span
        if 0 <= start < end <= len(record.text):
            body.stylize(style_for(e.type), start, end)
    cuts = sorted((min(max(r.at, 0), len(record.text)), i) for i, r in enumerate(record.removed))
    if not cuts:
        return Group(Rule("text", align="left"), legend(record), body)
    out = Text()
    pos = 0
    for at, i in cuts:
        out.append_text(body[pos:at])
        r = record.removed[i]
        marker = f"⟦removed {r.reason}: {short(r.text)}⟧"
        # A cut at a line start was a whole line: give the marker a line of its own.
        own_line = at == 0 or record.text[at - 1] == "\n"
        out.append(marker + ("\n" if own_line else " "), style=REMOVAL_STYLE)
        pos = at
    out.append_text(body[pos:])
    return Group(Rule("text", align="left"), legend(record), out)


def legend(record: ArticleRecord) -> Text:
    out = Text("legend: ", style="dim")
    for t in sorted({e.type for e in record.entities}):
        out.append(t, style=style_for(t))
        out.append("  ")
    if record.removed:
        out.append("⟦removed⟧", style=REMOVAL_STYLE)
    out.append("\n")
    return out


def entity_table(record: ArticleRecord) -> RenderableType | None:
    if not record.entities:
        return None
    counts = Counter((e.text, e.type, e.id) for e in record.entities)
    first = {}
    for e in record.entities:
        first.setdefault((e.text, e.type, e.id), e)
    table = Table(title=f"entities ({len(record.entities)} mentions)", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("mention", max_width=20)
    table.add_column("type")
    table.add_column("×", justify="right")
    table.add_column("grounded as · by")
    for key, e in first.items():
        table.add_row(Text(e.text, style=style_for(e.type)), e.type, str(counts[key]), grounding(e))
    return table


def grounding(e) -> Text:
    """'Tadmur, SY (34.562, 38.284) geonames:170017 · gazetteer 0.75', the id unbroken."""
    name = ", ".join(x for x in (e.name, e.country) if x)
    where = f"({e.lat:.3f}, {e.lon:.3f})" if e.lat is not None and e.lon is not None else ""
    out = Text(" ".join(x for x in (name, where) if x))
    if e.id:
        out.append(("\n" if out else "") + e.id)
    out.append(f"{' · ' if out else ''}{e.source} {e.confidence:.2f}", style="bright_black")
    return out


def removal_table(record: ArticleRecord) -> RenderableType | None:
    if not record.removed:
        return None
    table = Table(title=f"removed ({len(record.removed)})", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("#", "reason", "at", "raw span", "text"):
        table.add_column(col)
    for i, r in enumerate(record.removed):
        table.add_row(str(i), r.reason, str(r.at), f"{r.span[0]}–{r.span[1]}", short(r.text, 90))
    return table


SECTIONS: list[Section] = [header, marked_text, entity_table, removal_table]
_loaded = False


def register_section(fn: Section, *, after: Section | None = None) -> Section:
    """Add a section (at the end, or right after ``after``); usable as a decorator."""
    if fn in SECTIONS:
        return fn
    if after is not None and after in SECTIONS:
        SECTIONS.insert(SECTIONS.index(after) + 1, fn)
    else:
        SECTIONS.append(fn)
    return fn


def sections() -> list[Section]:
    global _loaded
    if not _loaded:
        for module in SECTION_MODULES:
            importlib.import_module(module)
        _loaded = True
    return list(SECTIONS)


def render(record: ArticleRecord) -> Group:
    parts: list[RenderableType] = []
    for section in sections():
        try:
            part = section(record)
        except Exception as exc:  # noqa: BLE001 - one broken section must not hide the others
            part = Text(f"[section {section.__name__} failed: {type(exc).__name__}: {exc}]", style="red")
        if part is not None:
            parts.append(part)
            parts.append(Text(""))
    return Group(*parts)


def show(record: ArticleRecord, console: Console | None = None) -> None:
    (console or Console()).print(render(record))
