"""When did an event happen: find temporal expressions in a sentence and resolve them.

News dates events relative to the article ("on Monday", "last week", "a month
later"), so every expression is resolved against an anchor (the article's
date) and, for "N units later/earlier", a reference date (the event before).

``EventDate.iso`` is always an ISO 8601 form whose length says its precision:
- day      ``2016-05-02``
- week     ``2016-W17`` (ISO week; "last week" names a week, not a day, so we
           do not pretend to know the day)
- month    ``2016-03``;  year ``2008``;  decade ``1990/1999``
- duration an ISO interval ending at the anchor: ``P3Y/2016-05-03`` ("for three
           years"), ``2011/2016-05-03`` ("since 2011"); None when the length is
           unknown ("for years").
``resolve`` returns None for text it does not understand, and an EventDate with
``iso=None`` when it understands the expression but has no anchor to place it.

Our own rules come first because they follow news conventions exactly
(weekdays are the most recent one on or before the article date; a day-month
date more than three days after the article belongs to the previous year);
dateparser (RELATIVE_BASE, PREFER_DATES_FROM='past') is the fallback for
phrasings the rules do not cover. Its ``search_dates`` is not used: it finds
'may', 'we' and '1437/03'. ``find_date_expressions`` is a strict regex instead.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Callable

from allegedly.calendars import GREGORIAN, find_calendar_dates, match_calendar_date
from allegedly.records import EventDate

_FUTURE_SLACK_DAYS = 3  # an article may announce a date a few days ahead
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "a couple of": 2, "couple of": 2}
_UNIT = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "year"}
_DURATION_LETTER = {"day": "D", "week": "W", "month": "M", "year": "Y"}

Resolved = tuple[str | None, str]  # (iso, precision)


# --- small date arithmetic -------------------------------------------------------------

def _parse_anchor(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def _shift(day: dt.date, n: int, unit: str) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    return _add_months(day, n * (12 if unit == "year" else 1))


def _format(day: dt.date, precision: str) -> str:
    if precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "year":
        return f"{day.year:04d}"
    return day.isoformat()


def _count(word: str) -> int | None:
    word = word.strip()
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


# --- rules: each takes (match, anchor, reference) and returns (iso, precision) ----------

_WD = "|".join(_WEEKDAYS)
_MON = "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_NUM = r"\d+|a couple of|couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_UNITS = r"(?P<unit>day|week|month|year|decade)s?"
_PART_OF_DAY = r"(?: (?:morning|afternoon|evening|night))?"


def _relative_day(offset: int) -> Callable[..., Resolved]:
    def rule(m, anchor, ref, future=False):
        return (_format(anchor + dt.timedelta(days=offset), "day") if anchor else None), "day"
    return rule


def _weekday(m, anchor, ref, future=False) -> Resolved:
    if anchor is None:
        return None, "day"
    target = _WEEKDAYS.index(m.group("wd"))
    back = (anchor.weekday() - target) % 7
    mod = m.group("mod")
    if mod == "next":
        day = anchor + dt.timedelta(days=(target - anchor.weekday()) % 7 or 7)
    elif mod == "this":
        day = anchor + dt.timedelta(days=target - anchor.weekday())
    elif mod in ("last", "past", "previous"):
        day = anchor - dt.timedelta(days=back or 7)
    elif future:
        day = anchor + dt.timedelta(days=(target - anchor.weekday()) % 7)
    else:
        day = anchor - dt.timedelta(days=back)  # news convention: the one on or before
    return _format(day, "day"), "day"


def _period(m, anchor, ref, future=False) -> Resolved:
    unit = m.group("unit")
    precision = "week" if unit == "weekend" else unit
    if anchor is None:
        return None, precision
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "this": 0}[m.group("mod")]
    day = _shift(anchor, step, "week" if unit == "weekend" else unit)
    return _format(day, precision), precision


def _offset(m, anchor, ref, future=False) -> Resolved:
    unit = _UNIT[m.group("unit")]
    n = _count(m.group("n")) if m.group("n") else None
    if n is not None and m.group("unit") == "decade":
        n *= 10
    base = anchor if m.group("dir") == "ago" else (ref or anchor)
    if n is None or base is None:
        return None, unit
    sign = 1 if m.group("dir") in ("later", "after", "afterwards", "on") else -1
    return _format(_shift(base, sign * n, unit), unit), unit


def _adjacent(m, anchor, ref, future=False) -> Resolved:
    """'the next day', 'the previous week': one unit from the reference (else the anchor)."""
    unit = m.group("unit")
    base = ref or anchor
    if base is None:
        return None, unit
    return _format(_shift(base, -1 if m.group("dir") == "previous" else 1, unit), unit), unit


def _amount(m) -> int | None:
    """How many units: "two" → 2, "a" → 1, bare singular "the past decade" → 1, "years" → None."""
    n = _count(m.group("n")) if m.group("n") else (None if m.group(0).rstrip().endswith("s") else 1)
    if n is not None and m.group("unit") == "decade":
        n *= 10
    return n


def _duration(m, anchor, ref, future=False) -> Resolved:
    unit = _UNIT[m.group("unit")]
    n = _amount(m)
    if n is None or anchor is None:
        return None, "duration"
    return f"P{n}{_DURATION_LETTER[unit]}/{anchor.isoformat()}", "duration"


def _since(m, anchor, ref, future=False) -> Resolved:
    start = resolve(m.group("what"), anchor.isoformat() if anchor else None)
    if start is None or start.iso is None or start.precision == "duration":
        return None, "duration"
    begin = start.iso.split("/")[0]
    return f"{begin}/{anchor.isoformat() if anchor else '..'}", "duration"


def _month(m, anchor, ref, future=False) -> Resolved:
    month = _month_number(m.group("mon"))
    if m.group("year"):
        return f"{int(m.group('year')):04d}-{month:02d}", "month"
    if anchor is None:
        return None, "month"
    mod = m.group("mod")
    year = anchor.year
    if mod == "next":
        year += 1 if month <= anchor.month else 0
    elif mod in ("last", "past", "previous"):
        year -= 1 if month >= anchor.month else 0
    elif mod != "this" and future:
        year += 1 if month < anchor.month else 0
    elif mod != "this":
        year -= 1 if month > anchor.month else 0
    return f"{year:04d}-{month:02d}", "month"


def _year(m, anchor, ref, future=False) -> Resolved:
    return f"{int(m.group('year')):04d}", "year"


def _decade(m, anchor, ref, future=False) -> Resolved:
    start = int(m.group("decade"))
    return f"{start:04d}/{start + 9:04d}", "decade"


def _day_of_month(m, anchor, ref, future=False) -> Resolved:
    if anchor is None:
        return None, "day"
    day = int(m.group("d"))
    for step in ((0, 1, 2) if future else (0, -1, -2)):
        try:
            candidate = _add_months(anchor.replace(day=1), step).replace(day=day)
        except ValueError:
            continue
        if _plausible(candidate, anchor, future):
            return candidate.isoformat(), "day"
    return None, "day"


def _plausible(day: dt.date, anchor: dt.date, future: bool) -> bool:
    """Past-looking text allows a few days ahead of the article; future text a few days back."""
    slack = dt.timedelta(days=_FUTURE_SLACK_DAYS)
    return day >= anchor - slack if future else day <= anchor + slack


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(name[:3]))


_RULES: list[tuple[re.Pattern[str], Callable[..., Resolved]]] = [
    (re.compile(r"(?:today|tonight|this (?:morning|afternoon|evening)|now)"), _relative_day(0)),
    (re.compile(r"(?:the )?day before yesterday"), _relative_day(-2)),
    (re.compile(rf"(?:yesterday{_PART_OF_DAY}|last night)"), _relative_day(-1)),
    (re.compile(rf"tomorrow{_PART_OF_DAY}"), _relative_day(1)),
    (re.compile(rf"(?:(?P<mod>last|next|this|past|previous) )?(?P<wd>{_WD}){_PART_OF_DAY}"), _weekday),
    (re.compile(r"(?:(?:earlier|later|early|late) )?(?:the )?(?P<mod>last|next|this|past|previous) "
                r"(?P<unit>week|weekend|month|year)"), _period),
    (re.compile(rf"(?:(?P<n>{_NUM}|several|a few|few|many) )?{_UNITS} "
                r"(?P<dir>later|after|afterwards|on|earlier|before|ago)"), _offset),
    (re.compile(r"the (?P<dir>previous|next|following) (?P<unit>day|week|month|year)"), _adjacent),
    (re.compile(rf"(?:(?:for|over|in) )?(?:the )?(?:(?:past|last|previous|next|recent|coming) )?"
                rf"(?:(?P<n>{_NUM}|several|a few|few|many) )?{_UNITS}"), _duration),
    (re.compile(r"since (?P<what>.+)"), _since),
    (re.compile(rf"(?:(?P<mod>last|next|this|past|previous) )?(?:(?:early|late|mid)[- ]?)?"
                rf"(?P<mon>{_MON})\.?(?:,? (?P<year>\d{{4}}))?"), _month),
    (re.compile(r"(?:the )?(?:early |late |mid-?)?(?P<decade>(?:1[89]|20)\d0)'?s"), _decade),
    (re.compile(r"(?:the )?(?:year )?(?P<year>1[5-9]\d\d|20\d\d)"), _year),
    (re.compile(r"the (?P<d>[0-3]?\d)(?:st|nd|rd|th)"), _day_of_month),
]

_LEAD = re.compile(r"^(?:(?:on|in|at|during|by|from|until|till|of|as of|as early as|as late as) )+")
_WEEKDAY_PREFIX = re.compile(rf"^(?:{_WD}),? (?=\S)")


def resolve(expression: str, anchor_iso: str | None, reference_iso: str | None = None,
            future: bool = False) -> EventDate | None:
    """Resolve a temporal expression against the article date (and the previous event's date).

    ``future=True`` is for statements about what will happen ("goes live on
    July 1", mode future): year-less dates, bare weekdays and months then
    resolve forward from the article date instead of back.
    """
    try:
        return _resolve(expression, _parse_anchor(anchor_iso), _parse_anchor(reference_iso), future)
    except Exception:  # noqa: BLE001 - a date we cannot place is left unplaced, never a crash
        return None


def _resolve(expression: str, anchor: dt.date | None, ref: dt.date | None,
             future: bool) -> EventDate | None:
    text = " ".join(expression.split())
    norm = text.lower().strip(" .,;:")
    if not norm.startswith("since "):
        norm = _LEAD.sub("", norm)
    calendar_date = _calendar_date(norm, anchor, future)
    if calendar_date is not None:
        return EventDate(iso=calendar_date[0], text=text, precision=calendar_date[1])
    for pattern, rule in _RULES:
        m = pattern.fullmatch(norm)
        if m:
            iso, precision = rule(m, anchor, ref, future)
            return EventDate(iso=iso, text=text, precision=precision)
    fallback = _dateparser(norm, anchor, future)
    return EventDate(iso=fallback[0], text=text, precision=fallback[1]) if fallback else None


def _calendar_date(norm: str, anchor: dt.date | None, future: bool) -> Resolved | None:
    """'June 18', '18 June 2008', 'Tuesday, 3 May', 'the 5th of May', '5 Rajab 1437'."""
    norm = _WEEKDAY_PREFIX.sub("", re.sub(r"^the ", "", norm))
    found = match_calendar_date(norm, 0)
    if found is None or found.end != len(norm):
        return None
    if found.year is not None:
        return found.iso, "day"
    if found.calendar != GREGORIAN or anchor is None:
        return None, "day"
    for year in (anchor.year, anchor.year + (1 if future else -1)):
        try:
            day = dt.date(year, found.month, found.day)
        except ValueError:
            continue
        if _plausible(day, anchor, future):
            return day.isoformat(), "day"
    return None, "day"


@functools.lru_cache(maxsize=64)
def _parser_for(anchor: dt.date, future: bool):
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()),
                "PREFER_DATES_FROM": "future" if future else "past"}
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(norm: str, anchor: dt.date | None, future: bool) -> Resolved | None:
    """dateparser for phrasings our rules miss; only with an anchor and only for worded text."""
    if anchor is None or not re.search(r"[a-z]{3}", norm) or len(norm) > 40:
        return None
    data = _parser_for(anchor, future).get_date_data(norm)
    if data is None or data.date_obj is None:
        return None
    precision = data.period if data.period in ("day", "week", "month", "year") else "day"
    return _format(data.date_obj.date(), precision), precision


# --- finding expressions in a sentence -------------------------------------------------

def _ci(pattern: str) -> str:
    return f"(?i:{pattern})"


_CAP_WD = "|".join(w.capitalize() for w in _WEEKDAYS)
_CAP_MON = "|".join(m.capitalize() for m in _MONTHS)
# Months that are also common words need a preposition, a day or a year next to them.
_SAFE_MON = "|".join(m.capitalize() for m in _MONTHS if m not in ("may", "march", "august"))
_ABBR_MON = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR4 = r"(?:1[5-9]\d\d|20\d\d)(?![\d,.]\d|\d|/\d|%)"
_PREP = _ci(r"(?:on|in|during|since|until|by|from|as of|last|next|this|early|late|mid-?|of)\s+")
_QUAL = _ci(r"(?:(?:early|late|mid)[- ]?)")
_NUMW = _ci(rf"(?:{_NUM}|several|a few|few|many)")
_UNITW = _ci(r"(?:day|week|month|year|decade)s?")
_UNIT_S = _ci(r"(?:day|week|month|year|decade)s")

_FULL_DATE = "|".join([
    rf"(?:(?:{_CAP_WD}),? )?(?:{_ci('the ')})?{_DAYNUM} (?:{_ci('of ')})?(?:{_CAP_MON}|{_ABBR_MON})(?:,? {_YEAR4})?",
    rf"(?:(?:{_CAP_WD}),? )?(?:{_CAP_MON}|{_ABBR_MON}) {_DAYNUM}(?:,? {_YEAR4})?",
    r"(?<!\d)\d{4}-[01]\d-[0-3]\d(?!\d)",
])
_DATE_EXPR = "|".join([
    # full dates first: "June 18, 2008", "on 18 June", "Tuesday, May 3", "the 5th of May", "2016-05-03"
    rf"(?:{_ci('on ')})?(?:{_FULL_DATE})",
    rf"{_ci('since')} (?:{_FULL_DATE}|(?:{_QUAL})?(?:{_CAP_MON}) {_YEAR4}|{_YEAR4})",
    rf"{_ci('since')} (?:(?:{_QUAL})?(?:{_CAP_MON})|{_CAP_WD}|{_ci('last (?:week|month|year)')})",
    rf"{_NUMW} {_UNITW} {_ci('(?:later|afterwards|earlier|ago|before|after)')}",
    rf"{_UNIT_S} {_ci('(?:later|afterwards|earlier)')}",
    rf"{_ci('(?:for|over|in) (?:the )?(?:(?:past|last|previous|next|recent|coming) )?')}(?:{_NUMW} )?{_UNIT_S}",
    rf"{_ci('(?:for|over) (?:the )?(?:past|last|previous) (?:{_NUM} )?(?:day|week|month|year|decade)s?')}",
    rf"{_ci('the (?:previous|next|following) (?:day|week|month|year)')}",
    # "last week", but not "the last week of March" (that is March)
    rf"{_ci('(?:(?:earlier|later|early|late) )?(?:this|last|next|past|previous) (?:weekend|week|month|year)(?! of)')}",
    rf"{_ci('(?:the )?day before yesterday')}",
    rf"{_ci('(?:yesterday|tomorrow)(?: (?:morning|afternoon|evening|night))?|today|tonight|last night')}",
    rf"{_ci('this (?:morning|afternoon|evening)')}",
    rf"(?:{_ci('(?:on|last|next|this) ')})?(?:{_CAP_WD}){_ci(_PART_OF_DAY)}",
    rf"{_PREP}(?:{_QUAL})?(?:{_CAP_MON})(?: {_YEAR4})?",
    rf"(?:{_QUAL})?(?:{_CAP_MON}) {_YEAR4}",
    rf"(?:{_QUAL})?(?:{_SAFE_MON})\b",
    rf"(?:{_ci('(?:in|during) ')})?{_ci('the ')}(?:{_QUAL})?(?:1[89]|20)\d0'?s\b",
    rf"(?:{_ci('(?:in|since|by|until|during|from|of) ')})?(?:{_ci('the year ')})?(?<![$£€#\d/.-]){_YEAR4}",
    rf"{_ci('on the ')}{_DAYNUM}(?! {_ci('of')})",
])
_EXPR_RE = re.compile(rf"(?<![\w-])(?:{_DATE_EXPR})(?![\w-])")


def find_date_expressions(sentence: str) -> list[tuple[str, int, int]]:
    """Temporal expressions in a sentence as (text, start, end), left to right, not overlapping.

    Each one is something ``resolve`` understands; a preposition that carries
    meaning ("since", "for", "on") is kept in the text.
    """
    sentence = sentence or ""
    found = [(m.group(0), m.start(), m.end()) for m in _EXPR_RE.finditer(sentence)]
    # Hijri and Solar Hijri dates ("5 Rajab 1437") come from the calendar tables.
    for d in find_calendar_dates(sentence):
        if d.calendar != GREGORIAN and d.year and not any(a < d.end and d.start < b for _, a, b in found):
            found.append((d.text, d.start, d.end))
    return sorted(found, key=lambda f: f[1])
