"""Long articles in bounded windows: the spaCy model sees one window at a time.

spaCy's parser and NER hold memory in proportion to the Doc they are given and
refuse texts over ``nlp.max_length`` (1,000,000 characters). An article longer
than ``Settings.window_chars`` is cut at paragraph breaks (else line breaks,
sentence ends, spaces) into windows; the model's components (and those placed
before it) run on each window, ``Doc.from_docs`` joins the windows back into one
Doc whose text is the article's, and allegedly's components after the model run
once over the whole Doc, so their spans need no shifting and a claim can still
look back across a window edge.
"""
from __future__ import annotations

import re
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from allegedly.budget import Budget
from allegedly.nlp.context import ArticleContext, warn

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


def split_windows(text: str, size: int) -> list[tuple[int, int]]:
    """``[start, end)`` pieces of ``text``, each at most ``size`` characters, covering it exactly.

    A piece ends after a blank line if one lies in its second half, else after a
    line break, a sentence end or a space; a text with none of these is cut hard.
    """
    if size <= 0:
        raise ValueError("window size must be positive")
    out, start = [], 0
    while len(text) - start > size:
        out.append((start, _cut(text, start, start + size)))
        start = out[-1][1]
    out.append((start, len(text)))
    return out


def _cut(text: str, start: int, limit: int) -> int:
    floor = start + (limit - start) // 2
    for sep in ("\n\n", "\n"):
        at = text.rfind(sep, floor, limit)
        if at != -1:
            return at + len(sep)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, limit)]
    if ends:
        return ends[-1]
    at = text.rfind(" ", floor, limit)
    return at + 1 if at != -1 else limit


def model_part(nlp: Language, after_model: tuple[str, ...]) -> tuple[list, list]:
    """The pipeline split into what runs per window and what runs on the joined Doc."""
    tail = [(n, p) for n, p in nlp.pipeline if n in after_model]
    head = [(n, p) for n, p in nlp.pipeline if n not in after_model]
    return head, tail


# Windows read by the model together: batching helps nlp.pipe a little, and two
# windows of 100k characters keep a 1M-character article near 1.2 GB peak (four: 1.9 GB).
WINDOWS_PER_BATCH = 2


def run_windowed(nlp: Language, text: str, ctx: ArticleContext, size: int,
                 after_model: tuple[str, ...], budget: Budget) -> Doc:
    head, tail = model_part(nlp, after_model)
    pieces = split_windows(text, size)
    parts, warnings = [], []
    for first in range(0, len(pieces), WINDOWS_PER_BATCH):
        docs = []
        for start, end in pieces[first:first + WINDOWS_PER_BATCH]:
            doc = nlp.make_doc(text[start:end])
            doc._.context = ctx
            docs.append(doc)
        for _, proc in head:
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            budget.check()
        for doc in docs:
            warnings.extend(doc._.warnings or [])
        parts.extend(docs)
    # user_data holds only Doc-level extensions here (context, warnings): set them again below.
    doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=("user_data",))
    del parts
    doc._.context = ctx
    for message in warnings:
        warn(doc, message)
    for _, proc in tail:
        doc = proc(doc)
        budget.check()
    return doc


def run_whole(nlp: Language, doc: Doc, budget: Budget) -> Doc:
    """One Doc through every component, the budget checked between them."""
    for _, proc in nlp.pipeline:
        doc = proc(doc)
        budget.check()
    return doc


def windows_of(text: str, size: int) -> Iterator[str]:
    for start, end in split_windows(text, size):
        yield text[start:end]
