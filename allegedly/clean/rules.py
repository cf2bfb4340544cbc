"""Noise rules: each finds spans of scraping noise in a raw body.

A rule reads the body as a list of ``Line``s (offsets into the raw body) and
returns ``Cut``s. Rules are pure and independent; ``allegedly.clean`` merges
their cuts and rebuilds the text. Every pattern is compiled once at import so
a rule is one linear pass over the lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # offset of the first non-blank char in the raw body
    end: int  # offset just past the last non-blank char
    text: str  # raw[start:end]

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(frozen=True, slots=True)
class Cut:
    start: int
    end: int
    reason: str


def split_lines(raw: str) -> list[Line]:
    """Lines with edge whitespace trimmed (CR, NBSP, tabs), offsets kept exact."""
    lines: list[Line] = []
    pos = 0
    for chunk in raw.split("\n"):
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        else:
            lines.append(Line(pos, pos, ""))
        pos += len(chunk) + 1
    return lines


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Groups of consecutive non-blank lines (blank lines separate paragraphs)."""
    paras: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                paras.append(current)
            current = []
        else:
            current.append(line)
    if current:
        paras.append(current)
    return paras


def blocks(lines: list[Line]) -> list[list[Line]]:
    """Paragraphs; in a body without blank lines every line is one (one-newline layouts)."""
    if any(line.blank for line in lines):
        return paragraphs(lines)
    return [[line] for line in lines]


_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _fold(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


# --- repeated-line ---------------------------------------------------------

_MIN_WORDS_FAR_REPEAT = 4  # short lines ("Photo", "Video") may legitimately recur


_SENTENCE_END = re.compile(r"[.!?…][”’\"')\]]*$")
_MIN_WORDS_SENTENCE = 6


def _body_sentence(text: str) -> bool:
    """A line that reads as article text: it ends a sentence and is longer than a label.

    Live blogs and explainers repeat real sentences far apart ("It takes 1,237 delegates to
    win the nomination."); a subtitle or gallery heading repeated further down has no
    sentence end ("The files claim an astonishing level of collusion …").
    """
    return bool(_SENTENCE_END.search(text)) and len(text.split()) >= _MIN_WORDS_SENTENCE


def repeated_lines(lines: list[Line]) -> list[Cut]:
    """A line seen before (whitespace/case folded): later copies are noise.

    A copy right after its original (blank lines between allowed) is cut at
    any length (a scraper's doubled line: one copy stays, nothing is lost); a
    copy further down only if it is long enough to be a subtitle rather than a
    short label, and is not a sentence of body text: the article said it twice.
    """
    seen: set[str] = set()
    previous = ""
    cuts: list[Cut] = []
    for line in lines:
        if line.blank:
            continue
        key = _fold(line.text)
        if not _WORD.search(key):
            previous = key
            continue
        adjacent = key == previous
        far = key in seen and len(key.split()) >= _MIN_WORDS_FAR_REPEAT and not _body_sentence(line.text)
        if adjacent or far:
            cuts.append(Cut(line.start, line.end, "repeated-line"))
        seen.add(key)
        previous = key
    return cuts


# --- teaser ----------------------------------------------------------------

_TEASER_LEAD = (
    r"also\s+read|read\s+also|read\s+more|more\s+to\s+read|also\s+watch|watch\s+also|also\s+see|"
    r"see\s+also|related(?:\s+(?:stories|story|articles?|news|links?|content|coverage|reading))?|"
    r"recommended(?:\s+for\s+you)?|you\s+(?:may|might)\s+also\s+(?:like|read|be\s+interested\s+in)|"
    r"more\s+from\s+[\w .&'’-]{1,40}|more\s+on\s+this\s+story|more|further\s+reading|"
    r"don['’]?t\s+miss|must\s+read|trending(?:\s+now)?|popular\s+now|editor['’]?s\s+picks?|"
    r"top\s+stories|latest\s+news|suggested(?:\s+reading)?|in\s+case\s+you\s+missed\s+it"
)
# Separator after the lead: ':' '|' '>>' dashes, or nothing when the lead is the whole line.
_TEASER = re.compile(
    rf"^[\W_]{{0,3}}(?:{_TEASER_LEAD})\s*(?:[:|»>]+|[-–—]+\s)(?:.*)$|^[\W_]{{0,3}}(?:{_TEASER_LEAD})\s*[:|»>.…]*$",
    re.IGNORECASE,
)
# All-caps leads may run straight into the headline ("READ MORE Trump says ...").
_TEASER_CAPS = re.compile(
    r"^(?:ALSO READ|READ ALSO|READ MORE|RELATED|ALSO WATCH|SEE ALSO|RECOMMENDED|MORE)\b[\s\u00a0]+\S.*$"
)


def teaser_lines(lines: list[Line]) -> list[Cut]:
    return [
        Cut(line.start, line.end, "teaser")
        for line in lines
        if not line.blank and (_TEASER.match(line.text) or _TEASER_CAPS.match(line.text))
    ]


# A dateline opens a story ("LONDON (Reuters) -", "GAZA CITY, May 3 --"); never a promo.
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’/-]*(?:\([^)]*\))?\s*(?:[-–—]|,\s*\w+\s+\d)")
_PROMO_MAX_WORDS = 20
_PROMO_MIN_WORDS = 3
_PROMO_MAX_CHARS = 200
_PROMO_UPPER_SHARE = 0.9


def caps_promos(lines: list[Line]) -> list[Cut]:
    """A one-line paragraph in capitals, several words, no closing period."""
    cuts: list[Cut] = []
    for para in blocks(lines):
        if len(para) != 1:
            continue
        line = para[0]
        if _is_caps_headline(line.text):
            cuts.append(Cut(line.start, line.end, "teaser"))
    return cuts


def _is_caps_headline(text: str) -> bool:
    if len(text) > _PROMO_MAX_CHARS or text.endswith((".", ",", ";")):
        return False
    words = _WORD.findall(text)
    if not _PROMO_MIN_WORDS <= len(words) <= _PROMO_MAX_WORDS or _DATELINE.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    # Each word must be capitals: an acronym-heavy sentence still has lowercase words.
    caps_words = sum(1 for w in words if w.isupper() or len(w) == 1)
    return upper >= _PROMO_UPPER_SHARE * len(letters) and caps_words >= len(words) - 1


# --- editor-code -----------------------------------------------------------

# "(T/R07/R01)", "(R01/P4)", "(T/RS2/P2)": slash-separated short codes, one slash at least.
_DESK_CODE = re.compile(r"\((?:[A-Z0-9]{1,5}/){1,5}[A-Z0-9]{1,5}\)")
_CREDIT_INNER = (
    r"(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written|"
    r"reported|translated|production)\s+by\b[^()]*"
)
_CREDIT = re.compile(rf"\({_CREDIT_INNER}\)", re.IGNORECASE)
_CREDIT_LINE = re.compile(rf"^(?:--\s*)?{_CREDIT_INNER}$", re.IGNORECASE)


def editor_codes(lines: list[Line]) -> list[Cut]:
    """Desk codes and "(Reporting by …; Editing by …)" credits closing a line."""
    cuts: list[Cut] = []
    for line in lines:
        if line.blank:
            continue
        if _CREDIT_LINE.match(line.text):
            cuts.append(Cut(line.start, line.end, "editor-code"))
            continue
        cuts.extend(_closing_codes(line))
    return cuts


_MAX_CLOSING_CODES = 3  # a code plus a credit is the most seen; bounds the peeling


def _closing_codes(line: Line) -> list[Cut]:
    # Only the last parenthesised group is examined (found with rfind, not a
    # regex search) so a line costs linear time whatever its whitespace.
    cuts: list[Cut] = []
    text = line.text
    while text.endswith(")") and len(cuts) < _MAX_CLOSING_CODES:
        open_at = text.rfind("(")
        if open_at < 0:
            break
        group = text[open_at:]
        if not (_DESK_CODE.fullmatch(group) or _CREDIT.fullmatch(group)):
            break
        cuts.append(Cut(line.start + open_at, line.start + len(text), "editor-code"))
        text = text[:open_at].rstrip()
    return cuts


# --- share -----------------------------------------------------------------

_SHARE = re.compile(
    r"^[\W_]{0,3}(?:share\s+(?:this|on|via|the\s+article|article|story)\b|share\s*[:|]|"
    r"follow\s+(?:us|@\w+)\b|like\s+us\s+on\b|subscribe\s+(?:to|for|now|here|today)\b|subscribe\s*$|"
    r"click\s+(?:here|to)\b|tap\s+here\b|"
    r"(?:we|this\s+(?:web)?site|our\s+(?:web)?site)\s+uses?\s+cookies\b|"
    r"(?:accept|reject|manage)\s+(?:all\s+)?cookies\b|cookie\s+(?:policy|settings|preferences)\b|"
    r"print\s+(?:this|article|page|story)\b|print\s*$|email\s+(?:this|article|story)\b|"
    r"sign\s+up\s+(?:for|to|now|here|today)\b|join\s+(?:us\s+on|our\s+(?:whatsapp|telegram|channel))\b|"
    r"download\s+(?:our|the)\s+\w*\s*app\b|get\s+(?:our|the)\s+(?:latest\s+)?(?:newsletter|app)\b|"
    r"tweet\s+this\b|pin\s+it\s*$|(?:facebook|twitter|whatsapp|linkedin|telegram|reddit|email)"
    r"(?:\s*[|,/·•]\s*(?:facebook|twitter|x|whatsapp|linkedin|telegram|reddit|email|print|copy\s+link))+\s*$)",
    re.IGNORECASE,
)
_SHARE_MAX_WORDS = 40  # a long line starting "Click to…" is prose, not a button


def share_lines(lines: list[Line]) -> list[Cut]:
    return [
        Cut(line.start, line.end, "share")
        for line in lines
        if not line.blank
        and len(line.text.split()) <= _SHARE_MAX_WORDS
        and _SHARE.match(line.text)
    ]


# --- sign-off --------------------------------------------------------------

_SIGNOFF_MAX_WORDS = 12
_SIGNOFF_MAX_CHARS = 100
_SIGNOFF_LEAD = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|source\s*:|sources\s*:|via\s*:|our\s+standards\s*:|"
    r"all\s+rights\s+reserved|[-–—]{1,2}\s*\S)",
    re.IGNORECASE,
)
_OUTLET_WORD = re.compile(
    r"\b(?:news|press|agency|agence|times|post|herald|tribune|gazette|journal|media|"
    r"broadcasting|television|radio|wire|reuters|afp|associated\s+press|bernama|xinhua|"
    r"anadolu|tass|kyodo|yonhap|ani|ians|pti)\b|\([A-Z]{2,6}\)\s*$",
    re.IGNORECASE,
)
_SMALL_WORDS = {"of", "the", "and", "for", "de", "la", "al", "el", "news", "by", "&", "in", "on"}


def sign_offs(lines: list[Line], already: Iterable[Cut]) -> list[Cut]:
    """Short closing paragraphs naming the outlet, walked back from the end.

    Only paragraphs still standing after the other rules count, so a sign-off
    hidden behind a share line is still seen as the last one.
    It needs the other rules' cuts, so ``clean`` runs it after them.
    """
    gone = {(c.start, c.end) for c in already}
    cuts: list[Cut] = []
    standing = [kept for para in blocks(lines) if (kept := [x for x in para if (x.start, x.end) not in gone])]
    # The first standing paragraph is the story itself, never a sign-off.
    for kept in reversed(standing[1:]):
        if len(kept) != 1 or not _is_sign_off(kept[0].text):
            break
        cuts.append(Cut(kept[0].start, kept[0].end, "sign-off"))
    return cuts


def _is_sign_off(text: str) -> bool:
    words = text.split()
    if len(words) > _SIGNOFF_MAX_WORDS or len(text) > _SIGNOFF_MAX_CHARS:
        return False
    if _SIGNOFF_LEAD.match(text):
        return text.lower().startswith(("our standards", "©", "copyright", "all rights")) or bool(
            _OUTLET_WORD.search(text) or _is_name_like(text.lstrip("-–— ").split())
        )
    # A bare outlet name: no sentence, every content word capitalised.
    if text.rstrip(")").endswith((".", "!", "?")):
        return False
    return bool(_OUTLET_WORD.search(text)) and _is_name_like(words)


def _is_name_like(words: list[str]) -> bool:
    content = [w for w in words if w.casefold() not in _SMALL_WORDS and _WORD.search(w)]
    if not content or len(content) > 8:
        return False
    return all(w.lstrip("(\"'“‘")[:1].isupper() for w in content)


LineRule = Callable[[list[Line]], list[Cut]]
# MediaWiki image options left at a line start when the image link itself was
# stripped ("150px Airbus, Europe's biggest…", "thumb|right|200px|").
_IMAGE_OPTIONS = re.compile(
    r"^(?:(?:thumb|thumbnail|frame|frameless|border|left|right|center|none|upright)\|)*"
    r"\d{2,4}px\b\|?\s*"
)


def markup_leftovers(lines: list[Line]) -> list[Cut]:
    """Image-size markup that survived HTML or wiki extraction, at the start of a line."""
    cuts: list[Cut] = []
    for line in lines:
        m = _IMAGE_OPTIONS.match(line.text)
        if m and m.end() < len(line.text):  # a line of only markup is not this rule's
            cuts.append(Cut(line.start, line.start + len(m.group().rstrip()), "markup"))
    return cuts


LINE_RULES: tuple[LineRule, ...] = (repeated_lines, teaser_lines, caps_promos, editor_codes, share_lines,
                                    markup_leftovers)
