"""The `show` sections: claims with status colour, cues and chain; then quotes."""
from __future__ import annotations

from rich.text import Text

from allegedly.provenance.chains import chain_text
from allegedly.records import Claim, Quote
from allegedly.show import STATUS_STYLES, block, register_section, section


def shown_chain(chain) -> str:
    # An article with no outlet, sign-off or agency tag has no publisher hop to show.
    return chain_text(chain) or "(publisher unknown)"


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLES.get(status, ""))


def claim_block(i: int, c: Claim, where: str = ""):
    head = Text(f"{i:>3} ", style="bold")
    if where:
        head.append(f"{where} ", style="bold")
    head.append_text(status_text(c.status))
    head.append(f"  {shown_chain(c.chain)}")
    text = Text(c.text)
    for cue in c.cues:
        a, b = cue.span[0] - c.span[0], cue.span[1] - c.span[0]
        if 0 <= a < b <= len(c.text):
            text.stylize("bold underline", a, b)
    rows = [("", text)]
    cues = [cue.text if cue.text.strip() else f"({cue.kind})" for cue in c.cues]
    if cues:
        rows.append(("cues", ", ".join(cues)))
    return block(head, rows)


def quote_block(i: int, q: Quote):
    head = Text(f"{i:>3} ", style="bold")
    head.append(q.kind, style="bold")
    head.append(f"  {q.speaker or '?'}")
    if q.affiliation:
        head.append(f" ({q.affiliation})")
    if q.cue:
        head.append(f" — {q.cue}", style="bright_black")
    text = q.text if q.kind == "indirect" or q.text.startswith(("“", '"')) else f"“{q.text}”"
    return block(head, [("", text), ("chain", shown_chain(q.chain))])


def claims_section(record):
    # the headline's own claims (a title apart from the body) first, numbered after the body's as in the store
    n = len(record.claims)
    heads = [claim_block(n + j, c, "(headline)") for j, c in enumerate(getattr(record, "title_claims", None) or [])]
    return section("claims", heads + [claim_block(i, c) for i, c in enumerate(record.claims)])


def quotes_section(record):
    return section("quotes", [quote_block(i, q) for i, q in enumerate(record.quotes)])


register_section(claims_section)
register_section(quotes_section)
