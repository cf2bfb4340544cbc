"""allegedly_line_breaks: a blank line ends a sentence, before the parser runs.

News bodies keep headlines, subtitles and datelines as their own paragraphs,
often without a full stop ("... collusion between IS and the regime" then
"London, 5 Rajab 1437 ..."). The parser then runs them into one sentence, and
claims, quotes and events inherit the wrong span, date and place. The parser
respects sentence starts set before it, so marking them here is enough.
A single newline only breaks after closing punctuation or a short line: hard-
wrapped wire copy breaks lines mid-sentence.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from allegedly.nlp.context import line_bounds, warn

_CLOSING = frozenset('.!?:"”’)')
# Lines shorter than this without end punctuation are headings, not wrapped prose.
_SHORT_LINE = 60


def _breaks_here(doc: Doc, i: int) -> bool:
    """Does the whitespace token i end the sentence before it?"""
    space = doc[i].text
    if space.count("\n") >= 2:
        return True
    if "\n" not in space or i == 0:
        return False
    prev = doc[i - 1]
    if prev.text and prev.text[-1] in _CLOSING:
        return True
    line_start = line_bounds(doc, prev.idx)[0]
    return prev.idx + len(prev.text) - line_start < _SHORT_LINE


def mark_line_breaks(doc: Doc) -> Doc:
    try:
        for i in range(len(doc) - 1):
            if doc[i].is_space and _breaks_here(doc, i) and not doc[i + 1].is_space:
                doc[i + 1].is_sent_start = True
    except Exception as exc:  # never break the pipeline on a strange doc
        warn(doc, f"allegedly_line_breaks: {exc!r}")
    return doc


@Language.factory("allegedly_line_breaks")
def make(nlp: Language, name: str):
    return mark_line_breaks
