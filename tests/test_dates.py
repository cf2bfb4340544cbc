"""Event dates: finding temporal expressions in real sentences and resolving them."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from allegedly.dates import find_date_expressions, resolve
from allegedly.records import EventDate
from conftest import needs_shared

SEED_ANCHOR = "2016-05-03"  # a Tuesday


def _iso(expression: str, anchor: str | None = SEED_ANCHOR, **kw) -> tuple[str | None, str | None]:
    d = resolve(expression, anchor, **kw)
    assert d is not None, expression
    return d.iso, d.precision


def _found(sentence: str) -> list[str]:
    hits = find_date_expressions(sentence)
    for text, start, end in hits:
        assert sentence[start:end] == text
    return [t for t, _, _ in hits]


@pytest.mark.parametrize("expression,expected", [
    ("on Monday", ("2016-05-02", "day")),
    ("Tuesday", ("2016-05-03", "day")),  # the article's own weekday is the article's day
    ("last Tuesday", ("2016-04-26", "day")),
    ("next Monday", ("2016-05-09", "day")),
    ("on Sunday night", ("2016-05-01", "day")),
    ("yesterday", ("2016-05-02", "day")),
    ("today", ("2016-05-03", "day")),
    ("the day before yesterday", ("2016-05-01", "day")),
    ("last week", ("2016-W17", "week")),
    ("earlier this week", ("2016-W18", "week")),
    ("in March", ("2016-03", "month")),
    ("in June", ("2015-06", "month")),  # a June after the article is last year's
    ("last May", ("2015-05", "month")),
    ("in early March 2008", ("2008-03", "month")),
    ("in 2008", ("2008", "year")),
    ("the 1990s", ("1990/1999", "decade")),
    ("on June 18", ("2015-06-18", "day")),
    ("on May 5", ("2016-05-05", "day")),  # two days ahead: still this year
    ("June 18, 2008", ("2008-06-18", "day")),
    ("on the 5th of May", ("2016-05-05", "day")),
    ("Tuesday, 3 May", ("2016-05-03", "day")),
    ("on the 18th", ("2016-04-18", "day")),
    ("5 Rajab 1437", ("2016-04-12", "day")),
    ("earlier this month", ("2016-05", "month")),
    ("last month", ("2016-04", "month")),
    ("last year", ("2015", "year")),
    ("two years ago", ("2014", "year")),
    ("three days ago", ("2016-04-30", "day")),
    ("for years", (None, "duration")),
    ("for months", (None, "duration")),
    ("in recent years", (None, "duration")),
    ("for three years", ("P3Y/2016-05-03", "duration")),
    ("over the past decade", ("P10Y/2016-05-03", "duration")),
    ("since 2011", ("2011/2016-05-03", "duration")),
    ("since March", ("2016-03/2016-05-03", "duration")),
    ("since October 9, 2002", ("2002-10-09/2016-05-03", "duration")),
])
def test_resolve_against_the_seed_date(expression, expected):
    assert _iso(expression) == expected


def test_relative_to_a_reference_event():
    assert _iso("a month later", reference_iso="2016-01-15") == ("2016-02", "month")
    assert _iso("three days later", reference_iso="2016-01-15") == ("2016-01-18", "day")
    # 2016-01-01 is a Friday, so it belongs to ISO week 53 of 2015
    assert _iso("two weeks earlier", reference_iso="2016-01-15") == ("2015-W53", "week")
    assert _iso("the next day", reference_iso="2016-01-31") == ("2016-02-01", "day")
    # without a reference, "later" counts from the article
    assert _iso("a year later") == ("2017", "year")
    # "days later" is understood but has no count
    assert _iso("days later", reference_iso="2016-01-15") == (None, "day")


def test_future_statements_resolve_forward():
    # Wikinews 2010-06-08: "iAd, which goes live on July 1."
    assert _iso("on July 1", "2010-06-08") == ("2009-07-01", "day")
    assert _iso("on July 1", "2010-06-08", future=True) == ("2010-07-01", "day")
    assert _iso("Friday", future=True) == ("2016-05-06", "day")
    assert _iso("in March", future=True) == ("2017-03", "month")


def test_dateparser_covers_phrasings_the_rules_do_not():
    assert _iso("the night of April 30") == ("2016-04-30", "day")
    assert _iso("the night of April 30", future=True) == ("2017-04-30", "day")


def test_empty_sentence_has_no_expressions():
    assert find_date_expressions("") == []
    assert find_date_expressions(None) == []  # type: ignore[arg-type]


def test_without_anchor_only_absolute_dates_resolve():
    assert _iso("in 2008", None) == ("2008", "year")
    assert _iso("June 18, 2008", None) == ("2008-06-18", "day")
    assert _iso("on Monday", None) == (None, "day")
    assert _iso("on June 18", None) == (None, "day")
    assert _iso("on Monday", "not a date") == (None, "day")


@pytest.mark.parametrize("junk", ["", "blah", "1437/03", "Apple", "31 Rajab 1437x", "\x00"])
def test_not_a_date(junk):
    assert resolve(junk, SEED_ANCHOR) is None


def test_impossible_dates_give_no_iso():
    assert _iso("31 Rajab 1437") == (None, "day")
    assert _iso("February 30, 2016") == (None, "day")


def test_seed_sentence():
    s = ("The Islamic State group and Syrian President Bashar al-Assad’s regime have been "
         "clandestinely cooperating for years, Sky News reported on Monday.")
    assert _found(s) == ["for years", "on Monday"]
    assert resolve("on Monday", SEED_ANCHOR) == EventDate("2016-05-02", "on Monday", "day")


@pytest.mark.parametrize("anchor,sentence,expected", [
    ("2008-07-02", "The Government Accountability Office on June 18 called for a re-run of the bidding "
                   "for the U.S.", [("on June 18", "2008-06-18", "day")]),
    ("2010-06-16", "Pre-orders of the recently announced iPhone 4 began Tuesday, overwhelming Apple "
                   "and AT&T.", [("Tuesday", "2010-06-15", "day")]),
    ("2010-07-17", "Apple Inc. announced Friday that it will give owners of its new iPhone 4 a free "
                   "case.", [("Friday", "2010-07-16", "day")]),
    ("2005-02-17", "The 777-200LR will be the basis for an all-freight version of the 777, announced "
                   "last November.", [("last November", "2004-11", "month")]),
    ("2009-02-20", "It was the lowest ending for the index since October 9, 2002.",
     [("since October 9, 2002", "2002-10-09/2009-02-20", "duration")]),
    ("2010-06-08", "Yesterday, at this year's Apple Worldwide Developers Conference (WWDC), company "
                   "CEO Steve Jobs unveiled iPhone 4.",
     [("Yesterday", "2010-06-07", "day"), ("this year", "2010", "year")]),
    ("2009-04-01", "Car sales rebounded in the last week of March.", [("of March", "2009-03", "month")]),
])
def test_wikinews_sentences(anchor, sentence, expected):
    got = []
    for text, _, _ in find_date_expressions(sentence):
        d = resolve(text, anchor)
        got.append((text, d.iso if d else None, d.precision if d else None))
    assert got == expected


@pytest.mark.parametrize("sentence", [
    "We may see more attacks, and we will march on.",
    "London, 5 Rajab 1437/03 May 2016 (MINA) – a 2,000-strong force and $2008 in cash.",
    "The August assembly met 12,000 people; 20 percent said no.",
    "The day after the vote, nothing changed.",
])
def test_no_false_expressions(sentence):
    found = _found(sentence)
    assert all(resolve(t, SEED_ANCHOR) is not None for t in found)
    assert not [t for t in found if t.lower() in ("may", "march", "august", "we", "day after")]
    assert "1437/03" not in " ".join(found)


def test_hijri_dates_are_found_in_sentences():
    assert _found("The offensive began on 5 Rajab 1437 and ended in May 2016.") == [
        "5 Rajab 1437", "in May 2016"]


@needs_shared
def test_every_expression_found_in_wikinews_resolves(wikinews):
    total = unresolved = 0
    for article in wikinews:
        for line in article.text.split("\n")[1:]:
            for text, _, _ in find_date_expressions(line):
                total += 1
                d = resolve(text, article.published)
                if d is None:
                    unresolved += 1
                elif d.iso and d.precision == "day" and not re.search(r"\d{4}", text):
                    # a day written without a year lands within a year before the article
                    gap = dt.date.fromisoformat(article.published[:10]) - dt.date.fromisoformat(d.iso)
                    assert -4 <= gap.days <= 366, (text, article.published, d.iso)
    assert total > 400
    assert unresolved == 0


def test_a_month_day_ahead_of_the_article_is_last_year_in_the_past_and_this_year_in_the_future():
    # an article of 2005-11-05: "arrived on November 11" was 2004; "will arrive on November 11" is 2005
    assert _iso("on November 11", "2005-11-05") == ("2004-11-11", "day")
    assert _iso("on November 11", "2005-11-05", future=True) == ("2005-11-11", "day")
    assert _iso("November 2", "2005-11-05", future=True) == ("2005-11-02", "day")  # a few days back still fits
