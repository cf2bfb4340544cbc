"""Find and parse the dateline at the head of an article body.

A dateline is where and when the story was filed and who filed it:
"London, 5 Rajab 1437/03 May 2016 (MINA) –", "WASHINGTON (AP) —",
"NEW DELHI, Dec 2 (PTI):", "PARIS: ", or a bare date line ("January 09,
2008", Wikinews). It sits at the start of one of the first lines (a subtitle
may come first). Only real dateline shapes are accepted, so an ordinary
opening like "Apple, the computer maker, said…" yields nothing.

Shape rules (why they are strict):
- place + date(s) [+ (agency)] + separator: the date proves it is a dateline,
  so a mixed-case place is fine ("London, …", "Tehran, …");
- place + (agency) + separator, or place + separator with no date: the place
  must be written in capitals ("WASHINGTON (AP) —", "PARIS:") because a
  mixed-case "Apple (AAPL) – …" is an ordinary sentence far more often;
- a line that is nothing but a date.
"""
from __future__ import annotations

import datetime as dt
import re

from allegedly.calendars import CalendarDate, match_calendar_date
from allegedly.records import DateMention, Dateline

_HEAD_CHARS = 400
_HEAD_LINES = 3
_MAX_PREFIX = 120

_DASH = "-–—‒―"
_AGENCY_THEN_SEP = re.compile(
    rf"\s*\((?P<agency>[A-Z][\w&.'’ /-]{{0,38}})\)\s*(?P<sep>[{_DASH}]{{1,2}}|:)(?=\s|$)"
)
_SEP = re.compile(rf"\s*(?P<sep>[{_DASH}]{{1,2}}|:)(?=\s)")
# "KABUL, 3 May 2016 – IANS – …": an all-caps agency tag between two dashes.
_DASHED_AGENCY = re.compile(rf"\s*(?P<agency>[A-Z][A-Z&.]{{1,9}})\s*(?P<sep>[{_DASH}]{{1,2}}|:)(?=\s)")
_WEEKDAY = re.compile(
    r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+", re.IGNORECASE
)
_DATE_GLUE = re.compile(r"\s*(?:/|\||,|;|=)\s*")
_PLACE_WORD = re.compile(r"(?:[A-Z][\w.'’]*(?:-[\w.'’]+)*|al-\w+|de|du|la|el|es|upon|on|of|d'\w+)$")
_NOT_PLACE = {
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "we", "they", "i",
    "but", "and", "or", "if", "when", "while", "after", "before", "as", "in", "on", "at", "for",
    "note", "update", "updated", "editor", "photo", "photos", "video", "source", "by", "posted",
    "read", "breaking", "exclusive", "watch", "opinion", "analysis", "editorial", "live", "urgent",
    "flash", "comment", "warning", "correction", "advertisement", "sponsored", "related",
}
_KEEP_UPPER = {"US", "U.S.", "UK", "U.K.", "UAE", "DC", "D.C.", "USA", "UN", "DRC", "EU"}


def parse_dateline(text: str) -> Dateline:
    """The dateline of a cleaned body, or an empty Dateline. Never raises."""
    try:
        for start, end in _head_lines(text):
            found = _parse_line(text, start, end)
            if found is not None:
                return found
    except Exception:  # noqa: BLE001 - a dateline is optional; bad text must not stop an article
        return Dateline()
    return Dateline()


def _head_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the first few non-empty lines, leading spaces skipped."""
    lines: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text[:_HEAD_CHARS + _MAX_PREFIX]):
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if start >= _HEAD_CHARS or len(lines) >= _HEAD_LINES:
            break
        if m.group(0).strip():
            lines.append((start, m.end()))
    return lines


def _parse_line(text: str, start: int, end: int) -> Dateline | None:
    alone = _dates_only(text, start, end)
    if alone is not None:
        return alone
    for cut in _separators(text, start, min(end, start + _MAX_PREFIX)):
        found = _parse_prefix(text, start, cut)
        if found is not None:
            return found
    return None


def _dates_only(text: str, start: int, end: int) -> Dateline | None:
    line_end = start + len(text[start:end].rstrip())
    dates = _date_run(text, start, line_end)
    if dates is None:
        return None
    return _make(text, (start, line_end), None, None, dates)


def _separators(text: str, start: int, limit: int) -> list[re.Match[str]]:
    """Candidate ends of the dateline: '(Agency) –', '(Agency):', ' – ', ': '."""
    found: list[re.Match[str]] = []
    for pos in range(start + 1, limit):
        ch = text[pos]
        if ch == "(" or ch.isspace() or ch == ":" or ch in _DASH:
            m = _AGENCY_THEN_SEP.match(text, pos) if ch in " (" else None
            m = m or _SEP.match(text, pos)
            if m and (not found or m.start() >= found[-1].end()):
                found.append(m)
    return found


def _parse_prefix(text: str, start: int, cut: re.Match[str]) -> Dateline | None:
    prefix_end = cut.start()
    agency = cut.groupdict().get("agency")
    place_end = _place_end(text, start, prefix_end)
    if place_end is None:
        return None
    place = text[start:place_end]
    rest = re.match(r",?\s*", text[place_end:prefix_end])
    rest_start = place_end + (rest.end() if rest else 0)
    dates: list[CalendarDate] = []
    if rest_start < prefix_end:
        run = _date_run(text, rest_start, prefix_end)
        if run is None:
            return None
        dates = run
    head = place.split(",")[0]
    shouting = head.upper() == head
    if not dates and not shouting:
        # only "Jakarta, MINA –" may go without a date or capitals; "Apple (AAPL) –" may not
        if agency is not None:
            return None
        place, agency = _split_tail_agency(place)
        if agency is None:
            return None
    if agency is not None and not _agency_like(agency):
        return None
    end = cut.end()
    if agency is None and cut.group("sep") != ":":
        dashed = _DASHED_AGENCY.match(text, end)
        if dashed:
            agency, end = dashed.group("agency"), dashed.end()
    return _make(text, (start, end), _normalise_place(place), agency, dates)


def _split_tail_agency(place: str) -> tuple[str, str | None]:
    """'Jakarta, MINA' → ('Jakarta', 'MINA'): a short all-caps tag after a mixed-case place."""
    head, _, tail = place.rpartition(",")
    tail = tail.strip()
    if head and re.fullmatch(r"[A-Z]{2,6}", tail) and tail not in _KEEP_UPPER:
        return head.rstrip(), tail
    return place, None


def _place_end(text: str, start: int, limit: int) -> int | None:
    """End of 'Place[, Region[, Country]]' at ``start`` (before any date), or None."""
    pos, end, parts = start, None, 0
    while pos < limit and parts < 3:
        if parts and match_calendar_date(text, pos):
            break
        m = re.match(r"[^,]+", text[pos:limit])
        if not m or not _is_place(m.group(0).strip()):
            break
        end = pos + len(m.group(0).rstrip())
        parts += 1
        nxt = re.match(r",\s*", text[end:limit])
        if not nxt:
            break
        pos = end + nxt.end()
    return end


def _is_place(candidate: str) -> bool:
    words = candidate.split()
    if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in candidate):
        return False
    if not words[0][0].isupper():
        return False
    # "THE HAGUE" yes, "The files claim" / "THE US REJECTS NETANYAHU" no
    the_place = words[0] == "THE" and len(words) == 2 and candidate.isupper()
    if words[0].lower() in _NOT_PLACE and not the_place:
        return False
    if _WEEKDAY.fullmatch(candidate + " "):
        return False
    if match_calendar_date(candidate + " 1", 0) is not None and len(words) == 1:
        return False  # a bare month name ("Dec") is the date, not a region
    return all(_PLACE_WORD.match(w) for w in words)


def _agency_like(agency: str) -> bool:
    words = agency.split()
    return 1 <= len(words) <= 4 and words[0].lower() not in _NOT_PLACE and not agency[-1].isdigit()


def _date_run(text: str, start: int, end: int) -> list[CalendarDate] | None:
    """Dates that fill text[start:end] exactly ("5 Rajab 1437/03 May 2016"), else None."""
    pos, dates = start, []
    weekday = _WEEKDAY.match(text, pos)
    if weekday and weekday.end() < end:
        pos = weekday.end()
    while pos < end:
        found = match_calendar_date(text, pos)
        if found is None or found.end > end:
            return None
        dates.append(found)
        pos = found.end
        glue = _DATE_GLUE.match(text, pos)
        if glue and glue.end() < end:
            pos = glue.end()
        elif text[pos:end].strip(" ,"):
            return None
        else:
            pos = end
    return dates or None


def _normalise_place(place: str) -> str:
    """Title-case the parts written in capitals ("KABUL, Afghanistan" → "Kabul, Afghanistan")."""
    return ", ".join(_normalise_part(p.strip()) for p in place.split(","))


def _normalise_part(part: str) -> str:
    if part.upper() != part:
        return part
    return " ".join(w if w in _KEEP_UPPER else _title(w) for w in part.split())


def _title(word: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())


def _make(text: str, span: tuple[int, int], place: str | None, agency: str | None,
          dates: list[CalendarDate]) -> Dateline:
    mentions = [DateMention(text=d.text, calendar=d.calendar, iso=d.iso, span=(d.start, d.end))
                for d in dates]
    return Dateline(text=text[span[0]:span[1]], place=place, agency=agency, dates=mentions,
                    consistent=consistency(mentions), span=span)


def consistency(mentions: list[DateMention]) -> bool | None:
    """True when all full dates agree within a day (sighting vs Umm al-Qura), None if < 2."""
    days = [dt.date.fromisoformat(m.iso) for m in mentions if m.iso]
    if len(days) < 2:
        return None
    return (max(days) - min(days)).days <= 1
