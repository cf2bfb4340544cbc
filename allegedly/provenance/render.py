"""The `show` section: claims with status colour, cues and chain; then quotes."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text

from allegedly.provenance.chains import chain_text
from allegedly.show import register_section

STATUS_STYLES = {"asserted": "white", "reported": "cyan", "alleged": "yellow", "claimed": "yellow",
                 "denied": "red", "hypothetical": "magenta", "future": "magenta"}


def claim_table(record):
    if not record.claims:
        return None
    t = Table(title="Claims", show_lines=False)
    for col in ("#", "status", "chain", "claim (cues highlighted)"):
        t.add_column(col)
    for i, c in enumerate(record.claims):
        text = Text(c.text)
        for cue in c.cues:
            a, b = cue.span[0] - c.span[0], cue.span[1] - c.span[0]
            if 0 <= a < b <= len(c.text):
                text.stylize("bold underline", a, b)
        t.add_row(str(i), Text(c.status, style=STATUS_STYLES.get(c.status, "")), chain_text(c.chain), text)
    return t


def quote_table(record):
    if not record.quotes:
        return None
    t = Table(title="Quotes")
    for col in ("kind", "speaker", "affiliation", "cue", "chain", "quote"):
        t.add_column(col)
    for q in record.quotes:
        text = q.text if q.kind == "indirect" else f"“{q.text}”"
        t.add_row(q.kind, q.speaker or "?", q.affiliation or "", q.cue or "", chain_text(q.chain), text)
    return t


register_section(claim_table)
register_section(quote_table)
