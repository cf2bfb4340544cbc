"""Read CAT XML (the tokenised format of the SemEval-2015 TimeLine corpus).

Each ``<token sentence=… >`` becomes text again: tokens are joined with the
spacing English print uses, LaTeX-style quotes become curly quotes, sentence 0
is the title and every later sentence a line of the body. The corpus keeps no
paragraph breaks, so none are invented.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from allegedly.errors import InputError
from allegedly.records import RawArticle

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "''", "”", "n't"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "US$", "CA$", "A$", "£", "€", "#", "``", "“", "`"}
_CLITIC = re.compile(r"^'(s|re|ve|m|ll|d)$|^'$", re.I)
_NAME_PREFIX = re.compile(r"\s?[A-Z]['’]")  # the tokeniser splits O'Leary, D'Alema after the apostrophe
_DATE_LINE = re.compile(r"^[A-Z][a-z]+ \d{1,2}, \d{4}$")


def detokenise(tokens: list[str]) -> str:
    out: list[str] = []
    open_double = False
    glue_next = False
    for tok in tokens:
        tok = tok.replace("&amp;", "&")
        if tok == '"':
            tok = "”" if open_double else "“"
            open_double = not open_double
        elif tok == "``":
            tok = "“"
        elif tok == "''":
            tok = "”"
        glue = (
            not out
            or glue_next
            or tok in _NO_SPACE_BEFORE
            or tok == "”"
            or _CLITIC.match(tok) is not None
            or (out and out[-1].endswith("'") and tok.lower() in {"m", "s", "re", "ve", "ll", "d"})
            or (out and _NAME_PREFIX.fullmatch(out[-1]) is not None and tok[:1].isupper())
        )
        out.append(tok if glue else " " + tok)
        glue_next = tok in _NO_SPACE_AFTER or tok == "“"
    return "".join(out).strip()


def read_cat_xml(path: str | Path, data: bytes | None = None) -> RawArticle:
    """Parse one CAT XML document into a RawArticle (title = sentence 0)."""
    source = str(path)
    try:
        root = etree.fromstring(data if data is not None else Path(path).read_bytes())
    except etree.XMLSyntaxError as exc:
        raise InputError(source, f"broken XML: {exc}") from exc
    if root.tag != "Document" or root.find("token") is None:
        raise InputError(source, "XML but not a CAT document (no <Document> with <token> children)")
    sentences: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        number = tok.get("sentence", "0")
        if not number.strip().isdigit():
            raise InputError(source, f'CAT <token> with sentence="{number[:20]}", not a number (line {tok.sourceline})')
        sentences.setdefault(int(number), []).append(tok.text or "")
    lines = [detokenise(sentences[k]) for k in sorted(sentences)]
    title, body = lines[0], lines[1:]
    published = None
    if body and _DATE_LINE.match(body[0]):
        from datetime import datetime

        try:
            published = datetime.strptime(body[0], "%B %d, %Y").date().isoformat()
        except ValueError:
            published = None
    return RawArticle(
        source=source,
        title=title,
        text="\n".join(body),
        url=root.get("src_url"),
        published=published,
        outlet="Wikinews",
        fmt="cat-xml",
    )


def is_cat_xml(head: bytes) -> bool:
    return b"<Document" in head[:400] and b"<token" in head[:2000]
