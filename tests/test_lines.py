"""allegedly_line_breaks: paragraphs end sentences, wrapped lines do not."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp():
    from allegedly.nlp import build_nlp

    return build_nlp()


def sents(nlp, text):
    return [s.text.strip() for s in nlp(text).sents]


def test_subtitle_without_full_stop_is_its_own_sentence(nlp):
    text = ("The files claim an astonishing level of collusion between the rebels and the regime\n\n"
            "London, 3 May 2016 (MINA) – The group and the government have cooperated for years.")
    got = sents(nlp, text)
    assert got[0] == "The files claim an astonishing level of collusion between the rebels and the regime"
    assert all("London" not in s for s in got[:1])


def test_hard_wrapped_prose_is_not_split(nlp):
    text = ("The wire copy is wrapped at a fixed width so that one sentence of the report\n"
            "continues on the next line without any break in it.")
    assert len(sents(nlp, text)) == 1


def test_short_heading_line_breaks(nlp):
    got = sents(nlp, "Troops withdraw from the border\nThe army said on Monday that it had pulled back.")
    assert got[0] == "Troops withdraw from the border"


def test_event_in_subtitle_takes_no_date_or_country_from_the_dateline(pipeline):
    from allegedly.records import RawArticle

    raw = RawArticle(source="subtitle", title="Files show collusion", text=(
        "The files claim an astonishing level of collusion between the rebels and the regime\n\n"
        "London, 5 Rajab 1437/03 May 2016 (MINA) – The rebels and the government have cooperated for years."))
    record = pipeline.process(raw)
    first = [e for e in record.events if e.span[0] < raw.text.index("London")]
    for e in first:
        # the dateline's date is never read as the event's own; it only stands in, marked "publication"
        assert not e.date or e.date.iso is None or e.date.precision == "publication" and e.date.text is None, e
        assert all(p.code != "GBR" for p in e.actor + e.recipient), e
