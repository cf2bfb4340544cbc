"""Month-name tables and conversions for the Gregorian, Hijri and Solar Hijri calendars.

News from the Muslim world often dates an article twice ("5 Rajab 1437/03 May
2016"). dateparser does not know transliterated Hijri months, so the tables
here list the spellings agencies actually use, and conversion goes through
hijridate (Umm al-Qura, 1343-1500 AH). Solar Hijri (Iranian) dates use the
standard arithmetic of the 2820/33-year break table (Borkowski), written here
so no extra package is needed: it is exact for 1-3177 AP and costs 30 lines.

Every converter returns an ISO ``YYYY-MM-DD`` string or None (a day that does
not exist in its month, a year outside the table): never raises.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import hijridate

GREGORIAN = "gregorian"
HIJRI = "hijri"
SOLAR_HIJRI = "solar_hijri"

# Characters that vary freely inside transliterations: apostrophes (straight,
# curly, ayn/hamza marks), hyphens, spaces.
_SEPARATORS = "'’‘ʼʿʾ`´\\-\\s"
_STRIP = re.compile(f"[{_SEPARATORS}.]+")

_HIJRI_SPELLINGS: dict[int, tuple[str, ...]] = {
    1: ("Muharram", "Muharam", "Moharram", "Muharrem"),
    2: ("Safar", "Saffar", "Sapar"),
    3: ("Rabi al-Awwal", "Rabi' al-Awwal", "Rabi al-Awal", "Rabi ul-Awwal", "Rabiul Awal",
        "Rabiul Awwal", "Rabi'ul Awwal", "Rabi I", "Rabee al-Awwal", "Rabi-ul-Awwal", "Robiul Awal"),
    4: ("Rabi al-Thani", "Rabi' al-Thani", "Rabi al-Akhir", "Rabi' al-Akhir", "Rabi al-Akhar",
        "Rabiul Akhir", "Rabi'ul Akhir", "Rabi ul-Akhir", "Rabi ul-Thani", "Rabi us-Sani", "Rabi II",
        "Rabee al-Thani", "Rabi-ul-Sani", "Robiul Akhir"),
    5: ("Jumada al-Ula", "Jumada al-Awwal", "Jumada al-Oula", "Jumada al-Ulaa", "Jumadil Awal",
        "Jumadil Awwal", "Jumadal Ula", "Jumada I", "Jumadi al-Awwal", "Jumadil Ula"),
    6: ("Jumada al-Akhirah", "Jumada al-Akhira", "Jumada al-Akhir", "Jumada al-Thani",
        "Jumada al-Thaniyah", "Jumada ath-Thaniyah", "Jumadil Akhir", "Jumadil Akhirah",
        "Jumada II", "Jumadi al-Thani", "Jumadi al-Sani", "Jumadal Akhirah"),
    7: ("Rajab", "Rejeb", "Rejab"),
    8: ("Sha'ban", "Shaban", "Sya'ban", "Syaban", "Shaaban", "Sha'aban", "Saban"),
    9: ("Ramadan", "Ramadhan", "Ramazan", "Ramadaan", "Romadhon", "Ramzan"),
    10: ("Shawwal", "Shawal", "Syawal", "Syawwal", "Sevval"),
    11: ("Dhu al-Qadah", "Dhu al-Qa'dah", "Dhul Qa'dah", "Dhul Qadah", "Dhu al-Qi'dah",
         "Dhul Qi'dah", "Dhu'l-Qa'dah", "Dhu'l-Qi'dah", "Zulkaedah", "Zulqaidah", "Zul Qaidah",
         "Zulqa'dah", "Dhul-Qa'adah", "Dhu al-Qaadah", "Zilqad", "Dzulqa'dah"),
    12: ("Dhu al-Hijjah", "Dhul Hijjah", "Dhu'l-Hijjah", "Dhul-Hijja", "Dhu al-Hijja", "Zulhijjah",
         "Zul Hijjah", "Zilhajj", "Dzulhijjah", "Thul Hijjah"),
}

_SOLAR_SPELLINGS: dict[int, tuple[str, ...]] = {
    1: ("Farvardin",), 2: ("Ordibehesht", "Ordibehest"), 3: ("Khordad",), 4: ("Tir",),
    5: ("Mordad", "Amordad"), 6: ("Shahrivar", "Shahrivar"), 7: ("Mehr", "Mihr"),
    8: ("Aban",), 9: ("Azar", "Adhar"), 10: ("Dey", "Dei"), 11: ("Bahman",), 12: ("Esfand", "Esfandiar"),
}

_GREGORIAN_NAMES = ("January", "February", "March", "April", "May", "June", "July",
                    "August", "September", "October", "November", "December")
_GREGORIAN_EXTRA = {"sept": 9}


def month_key(name: str) -> str:
    """Spelling-insensitive key: lower case, no apostrophes, hyphens, spaces or dots."""
    return _STRIP.sub("", name).lower()


def _table(spellings: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {month_key(s): m for m, names in spellings.items() for s in names}


HIJRI_MONTHS: dict[str, int] = _table(_HIJRI_SPELLINGS)
SOLAR_HIJRI_MONTHS: dict[str, int] = _table(_SOLAR_SPELLINGS)
GREGORIAN_MONTHS: dict[str, int] = {
    **{n.lower(): i for i, n in enumerate(_GREGORIAN_NAMES, 1)},
    **{n[:3].lower(): i for i, n in enumerate(_GREGORIAN_NAMES, 1)},
    **_GREGORIAN_EXTRA,
}


def _spelling_pattern(spelling: str) -> str:
    """A spelling as a regex where the apostrophes/hyphens/spaces between its parts are free.

    Separators are only allowed where the spelling has one; spellings that
    differ inside a word ("Sya'ban"/"Syaban") are listed separately, which keeps
    the pattern cheap to try at every position of a sentence.
    """
    parts = [p for p in re.split(f"[{_SEPARATORS}]+", spelling) if p]
    return f"[{_SEPARATORS}]{{0,3}}".join(re.escape(p) for p in parts)


def _alternation(spellings: list[str]) -> str:
    # Longest first so "Rabi II" wins over "Rabi I" and "Jumada al-Akhirah" over "Jumada".
    return "|".join(_spelling_pattern(s) for s in sorted(set(spellings), key=len, reverse=True))


HIJRI_MONTH_PATTERN = _alternation([s for names in _HIJRI_SPELLINGS.values() for s in names])
SOLAR_MONTH_PATTERN = _alternation([s for names in _SOLAR_SPELLINGS.values() for s in names])
GREGORIAN_MONTH_PATTERN = (
    "(?:" + "|".join(_GREGORIAN_NAMES) + ")|(?:Sept|" + "|".join(n[:3] for n in _GREGORIAN_NAMES) + r")\.?"
)
MONTH_PATTERN = f"(?:{HIJRI_MONTH_PATTERN})|(?:{SOLAR_MONTH_PATTERN})|(?:{GREGORIAN_MONTH_PATTERN})"


def month_of(name: str) -> tuple[str, int] | None:
    """(calendar, month number) for a month name in any of the three tables."""
    key = month_key(name)
    for calendar, table in ((GREGORIAN, GREGORIAN_MONTHS), (HIJRI, HIJRI_MONTHS),
                            (SOLAR_HIJRI, SOLAR_HIJRI_MONTHS)):
        if key in table:
            return calendar, table[key]
    return None


def gregorian_to_iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except (ValueError, OverflowError):
        return None


def hijri_to_iso(year: int, month: int, day: int) -> str | None:
    """Umm al-Qura conversion; None outside 1343-1500 AH or for a day the month lacks."""
    try:
        return hijridate.Hijri(year, month, day).to_gregorian().isoformat()
    except (ValueError, OverflowError, TypeError):
        return None


# Years (AP) at which the 33-year leap cycle restarts; Borkowski's break table.
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097,
           2192, 2262, 2324, 2394, 2456, 3178)


@dataclass(frozen=True, slots=True)
class _SolarYear:
    leap: bool
    nowruz: dt.date  # Gregorian date of 1 Farvardin


def _solar_year(jy: int) -> _SolarYear | None:
    if not _BREAKS[0] <= jy < _BREAKS[-1]:
        return None
    gy = jy + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += (jump // 33) * 8 + (jump % 33) // 4
        jp = jm
    n = jy - jp
    leap_j += (n // 33) * 8 + ((n % 33) + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - ((gy // 100 + 1) * 3) // 4 - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + ((jump + 4) // 33) * 33
    leap = (((n + 1) % 33) - 1) % 4
    try:
        nowruz = dt.date(gy, 3, 1) + dt.timedelta(days=march - 1)
    except (ValueError, OverflowError):
        return None
    return _SolarYear(leap=leap == 0, nowruz=nowruz)


def solar_hijri_to_iso(year: int, month: int, day: int) -> str | None:
    """Iranian (Solar Hijri) date → Gregorian ISO; None for impossible dates."""
    info = _solar_year(year)
    if info is None or not 1 <= month <= 12:
        return None
    length = 31 if month <= 6 else 30 if month <= 11 else (30 if info.leap else 29)
    if not 1 <= day <= length:
        return None
    offset = (month - 1) * 31 - max(0, month - 7) + day - 1
    return (info.nowruz + dt.timedelta(days=offset)).isoformat()


CONVERTERS = {GREGORIAN: gregorian_to_iso, HIJRI: hijri_to_iso, SOLAR_HIJRI: solar_hijri_to_iso}


def to_iso(calendar: str, year: int | None, month: int, day: int) -> str | None:
    """Gregorian ISO date for a calendar date; None when the year is unknown or the date impossible."""
    if year is None:
        return None
    return CONVERTERS[calendar](year, month, day)


@dataclass(frozen=True, slots=True)
class CalendarDate:
    """A written date found in text: which calendar, its parts, and its Gregorian ISO day."""

    text: str
    calendar: str
    year: int | None
    month: int
    day: int
    start: int
    end: int

    @property
    def iso(self) -> str | None:
        return to_iso(self.calendar, self.year, self.month, self.day)


_NOT_LETTER = r"(?![^\W\d_])"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"\d{3,4}(?!\d)"
_ERA = r"(?:\s*(?:A\.H\.|AH|H|S\.H\.|SH|AP|CE|AD)\b\.?)?"
_DATE_RE = re.compile(
    r"(?<![^\W_])(?:"  # never start inside a word: also makes the scan fast
    rf"(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{MONTH_PATTERN}){_NOT_LETTER}(?:,?\s+(?P<y1>{_YEAR}){_ERA})?"
    rf"|(?P<m2>{MONTH_PATTERN}){_NOT_LETTER}\s+(?P<d2>{_DAY})\b(?:,?\s+(?P<y2>{_YEAR}){_ERA})?"
    r"|(?P<iy>\d{4})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))",
    re.IGNORECASE,
)


def match_calendar_date(text: str, pos: int = 0) -> CalendarDate | None:
    """A date starting exactly at ``pos`` ("5 Rajab 1437", "May 3, 2016", "Farvardin 12, 1395")."""
    m = _DATE_RE.match(text, pos)
    if not m:
        return None
    if m.group("iy"):
        return CalendarDate(m.group(0), GREGORIAN, int(m.group("iy")), int(m.group("im")),
                            int(m.group("id")), m.start(), m.end())
    which = "1" if m.group("m1") else "2"
    found = month_of(m.group("m" + which))
    if found is None:
        return None
    calendar, month = found
    day = int(re.match(r"\d+", m.group("d" + which)).group(0))  # type: ignore[union-attr]
    year_text = m.group("y" + which)
    return CalendarDate(m.group(0), calendar, int(year_text) if year_text else None, month, day,
                        m.start(), m.end())


def find_calendar_dates(text: str) -> list[CalendarDate]:
    """All written dates in ``text`` in any of the three calendars, left to right."""
    return [d for m in _DATE_RE.finditer(text) if (d := match_calendar_date(text, m.start()))]
