"""Who 'he' and 'she' can be: a person's gender as the article itself gives it.

No name list is shipped (first names guess badly and the ones on the package index are
GPL); the article says it often enough: "Mr. Trump", "Ms. Clinton", "Mrs. Clinton",
"Congresswoman Maxine Waters", "the spokeswoman, Hope Hicks". A person with no such mark
is compatible with either pronoun, so resolution is unchanged for them.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

_MARKS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lady": "f",
          "congressman": "m", "congresswoman": "f", "spokesman": "m", "spokeswoman": "f",
          "chairman": "m", "chairwoman": "f", "businessman": "m", "businesswoman": "f",
          "councilman": "m", "councilwoman": "f", "assemblyman": "m", "assemblywoman": "f",
          "king": "m", "queen": "f", "prince": "m", "princess": "f", "husband": "m", "wife": "f",
          "father": "m", "mother": "f", "son": "m", "daughter": "f", "brother": "m", "sister": "f"}
_MARK = re.compile(r"\b((?i:" + "|".join(_MARKS) + r"))\b\.?,?\s+((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+)")
_KEY = "allegedly_genders"


def _marked(doc: Doc) -> dict[str, set[str]]:
    """Surname → genders marked for it anywhere in the text (found once per doc)."""
    found = doc.user_data.get(_KEY)
    if found is None:
        found = {}
        for m in _MARK.finditer(doc.text):
            if not m.group(2)[:1].isupper():
                continue
            surname = re.sub(r"[’']s?$", "", m.group(2).split()[-1])  # "Mr. Trump's"
            found.setdefault(surname.lower(), set()).add(_MARKS[m.group(1).lower()])
        doc.user_data[_KEY] = found
    return found


def gender(doc: Doc, name: str) -> str | None:
    """'m', 'f' or None (unmarked, or marked both ways: two people of one surname)."""
    words = name.split()
    if not words:
        return None
    marks = _marked(doc).get(words[-1].lower(), set())
    return next(iter(marks)) if len(marks) == 1 else None


def fits(doc: Doc, name: str, pronoun: str) -> bool:
    """'he'/'his' cannot be a person the article marks as a woman, nor 'she'/'her' a man."""
    want = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}.get(pronoun.lower())
    got = gender(doc, name)
    return want is None or got is None or got == want
