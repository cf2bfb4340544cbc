"""Dateline shapes, calendar conversion and the no-dateline cases, on real and typical text."""
from __future__ import annotations

import pytest

from allegedly.calendars import (
    find_calendar_dates,
    hijri_to_iso,
    month_of,
    solar_hijri_to_iso,
)
from allegedly.dateline import parse_dateline
from allegedly.records import Dateline
from conftest import needs_shared


def _dates(d: Dateline) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.calendar, m.iso) for m in d.dates]


def _spans_point_at_text(text: str, d: Dateline) -> None:
    assert d.span is not None
    assert text[d.span[0]:d.span[1]] == d.text
    for m in d.dates:
        assert m.span is not None and text[m.span[0]:m.span[1]] == m.text


def test_hijri_and_gregorian_dateline_after_subtitle():
    text = ("The files claim an astonishing level of collusion between IS and the regime\n\n"
            "London, 5 Rajab 1437/03 May 2016 (MINA) – The Islamic State group and Syrian "
            "President Bashar al-Assad’s regime have been clandestinely cooperating for years.")
    d = parse_dateline(text)
    assert d.place == "London" and d.agency == "MINA"
    assert _dates(d) == [("5 Rajab 1437", "hijri", "2016-04-12"),
                         ("03 May 2016", "gregorian", "2016-05-03")]
    assert d.consistent is False
    assert d.text == "London, 5 Rajab 1437/03 May 2016 (MINA) –"
    _spans_point_at_text(text, d)


def test_reuters_shape_has_no_invented_year():
    text = "LONDON, May 3 (Reuters) - Britain's finance minister said on Tuesday"
    d = parse_dateline(text)
    assert (d.place, d.agency) == ("London", "Reuters")
    assert _dates(d) == [("May 3", "gregorian", None)]
    assert d.consistent is None
    _spans_point_at_text(text, d)


def test_ap_shape_place_and_agency_only():
    d = parse_dateline("WASHINGTON (AP) — The Senate voted on Tuesday to")
    assert (d.place, d.agency, d.dates, d.text) == ("Washington", "AP", [], "WASHINGTON (AP) —")


def test_solar_hijri_dateline():
    d = parse_dateline("Tehran, Farvardin 12, 1395 (IRNA) - Iran's foreign minister said")
    assert (d.place, d.agency) == ("Tehran", "IRNA")
    assert _dates(d) == [("Farvardin 12, 1395", "solar_hijri", "2016-03-31")]


def test_hijri_with_ah_agrees_with_gregorian():
    d = parse_dateline("Cairo, 12 Ramadan 1437 AH / 17 June 2016 (Xinhua) - Egypt's president")
    assert (d.place, d.agency) == ("Cairo", "Xinhua")
    assert _dates(d) == [("12 Ramadan 1437 AH", "hijri", "2016-06-17"),
                         ("17 June 2016", "gregorian", "2016-06-17")]
    assert d.consistent is True


def test_one_day_drift_counts_as_consistent():
    # Sighting-based calendars often run a day behind Umm al-Qura.
    d = parse_dateline("Jakarta, 25 Rajab 1437/03 May 2016 (MINA) - Indonesia")
    assert [m.iso for m in d.dates] == ["2016-05-02", "2016-05-03"]
    assert d.consistent is True


def test_place_with_country_and_em_dash():
    d = parse_dateline("KABUL, Afghanistan, 3 May 2016 (Pajhwok) — Taliban fighters attacked")
    assert (d.place, d.agency) == ("Kabul, Afghanistan", "Pajhwok")
    assert _dates(d) == [("3 May 2016", "gregorian", "2016-05-03")]


def test_wikinews_date_line_alone():
    text = "January 09, 2008\nThe European Commission has forced Apple Inc. to lower its prices"
    d = parse_dateline(text)
    assert (d.place, d.agency, d.text) == (None, None, "January 09, 2008")
    assert _dates(d) == [("January 09, 2008", "gregorian", "2008-01-09")]
    _spans_point_at_text(text, d)


def test_colon_shape():
    d = parse_dateline("PARIS: French police arrested three men on Sunday")
    assert (d.place, d.agency, d.dates, d.text) == ("Paris", None, [], "PARIS:")


def test_pti_shape_with_colon_after_agency():
    d = parse_dateline("NEW DELHI, Dec 2 (PTI): The government on Friday said")
    assert (d.place, d.agency) == ("New Delhi", "PTI")
    assert _dates(d) == [("Dec 2", "gregorian", None)]


def test_weekday_and_agency_between_dashes():
    d = parse_dateline("BEIRUT, Tuesday, May 3, 2016 (AFP) - Rebels said")
    assert (d.place, d.agency) == ("Beirut", "AFP")
    assert _dates(d) == [("May 3, 2016", "gregorian", "2016-05-03")]
    d = parse_dateline("KABUL, 3 May 2016 – IANS – Taliban fighters")
    assert (d.place, d.agency) == ("Kabul", "IANS")


def test_more_capitalised_places_and_a_bare_agency_tag():
    d = parse_dateline("THE HAGUE (Reuters) - Judges at the court ruled")
    assert (d.place, d.agency) == ("The Hague", "Reuters")
    d = parse_dateline("UNITED NATIONS (AP) — The Security Council")
    assert (d.place, d.agency) == ("United Nations", "AP")
    d = parse_dateline("ST. LOUIS, Mo. (AP) — Police said")
    assert (d.place, d.agency) == ("St. Louis, Mo.", "AP")
    d = parse_dateline("Jakarta, MINA – The Indonesian government")
    assert (d.place, d.agency, d.text) == ("Jakarta", "MINA", "Jakarta, MINA –")


@pytest.mark.parametrize("text", [
    "Apple, the computer maker, said on Monday that it would cut prices.",
    "Apple (AAPL) – the company said it would cut prices.",
    "Note: this article was updated on 3 May 2016.",
    "The files claim an astonishing level of collusion – between IS and the regime.",
    "London – a city of nine million – woke up to snow.",
    "Washington, DC – a city of lobbyists – woke up to snow.",
    "THE US REJECTS NETANYAHU'S COMPARISON OF IRAN – and more",
    "BREAKING NEWS – the army has retaken the city.",
    "In May 2016, the army retook Palmyra.",
    "",
    "\x00\ufffd((((",
    "(" * 500,
])
def test_ordinary_openings_are_not_datelines(text):
    assert parse_dateline(text) == Dateline()


def test_out_of_range_hijri_day_gives_no_iso():
    d = parse_dateline("Cairo, 31 Rajab 1437 (MENA) - The ministry said")
    assert _dates(d) == [("31 Rajab 1437", "hijri", None)]
    assert hijri_to_iso(1437, 13, 1) is None and hijri_to_iso(1200, 1, 1) is None


@pytest.mark.parametrize("name,month", [
    ("Muharam", 1), ("Rabi' al-Awwal", 3), ("Rabi’ al-Awwal", 3), ("Rabiul Awal", 3), ("Rabi I", 3),
    ("Rabi al-Akhir", 4), ("Rabi II", 4), ("Jumadil Awal", 5), ("Jumada I", 5),
    ("Jumada al-Thani", 6), ("Jumada II", 6), ("Sya'ban", 8), ("Ramazan", 9), ("Ramadhan", 9),
    ("Syawal", 10), ("Dhul Qa'dah", 11), ("Zulkaedah", 11), ("Dhu al-Hijjah", 12), ("Zulhijjah", 12),
])
def test_hijri_month_spellings(name, month):
    assert month_of(name) == ("hijri", month)
    found = find_calendar_dates(f"on 10 {name} 1437 H the")
    assert [(d.calendar, d.month, d.day, d.year) for d in found] == [("hijri", month, 10, 1437)]


def test_solar_hijri_arithmetic_known_days():
    assert solar_hijri_to_iso(1395, 1, 1) == "2016-03-20"  # Nowruz 2016
    assert solar_hijri_to_iso(1357, 11, 22) == "1979-02-11"  # revolution anniversary
    assert solar_hijri_to_iso(1403, 12, 30) == "2025-03-20"  # 1403 is a leap year
    assert solar_hijri_to_iso(1402, 12, 30) is None  # 1402 is not
    assert solar_hijri_to_iso(1395, 7, 31) is None  # Mehr has 30 days


@needs_shared
def test_seed_dateline(seed_text):
    from allegedly.clean import clean
    from allegedly.ingest.text import parse_text

    text, _ = clean(parse_text("seed", seed_text).text)
    d = parse_dateline(text)
    assert (d.place, d.agency, d.consistent) == ("London", "MINA", False)
    assert [(m.calendar, m.iso) for m in d.dates] == [("hijri", "2016-04-12"),
                                                      ("gregorian", "2016-05-03")]
    _spans_point_at_text(text, d)


@needs_shared
def test_wikinews_datelines_match_metadata(wikinews):
    for article in wikinews:
        d = parse_dateline(article.text)
        assert d.place is None, article.source
        assert [m.iso for m in d.dates] == [article.published[:10]], article.source


@needs_shared
def test_wikinews_body_lines_are_not_datelines(wikinews):
    # Drop the date line: what follows is ordinary prose and must not be read as a dateline.
    found = [parse_dateline(a.text.split("\n", 1)[1]) for a in wikinews]
    assert [d.text for d in found if d.span] == []
