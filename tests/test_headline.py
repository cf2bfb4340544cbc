"""A headline given apart from the body (the record's title) gets claims of its own."""
from __future__ import annotations

from allegedly.ingest.text import parse_text
from allegedly.provenance.headline import in_body
from allegedly.records import ArticleRecord, RawArticle

BODY = ("WASHINGTON -- Donald Trump spoke on Monday in Ohio. He repeated the promise to a crowd "
        "of supporters.\n\nThe crowd cheered.")


def test_title_apart_from_the_body_gets_an_attributed_claim(pipeline):
    title = "Trump says Mexico will pay for the wall"
    record = pipeline.process(RawArticle(source="t.txt", title=title, text=BODY, fmt="text"))
    assert record.title_claims, "the headline carries a claim"
    claim = record.title_claims[0]
    assert title[claim.span[0]:claim.span[1]] == claim.text  # spans point into the title
    assert claim.status != "asserted"
    assert claim.chain[-1].name == "Donald Trump" and claim.chain[-1].kind == "person"  # the body's full name
    assert claim.chain[-1].span == (0, 5)
    assert ArticleRecord.from_dict(record.as_dict()) == record


def test_text_file_headline_line_gets_claims(pipeline):
    raw = parse_text("t.txt", "Clinton's Health Scare\n\n" + BODY)
    record = pipeline.process(raw)
    assert [c.text for c in record.title_claims] == ["Clinton's Health Scare"]


def test_headline_already_in_the_body_is_not_claimed_twice(pipeline):
    title = "Trump says Mexico will pay for the wall"
    record = pipeline.process(RawArticle(source="t.txt", title=title, text=title + "\n\n" + BODY, fmt="text"))
    assert record.title_claims == []
    assert any(c.text.startswith("Trump says") for c in record.claims)


def test_no_title_no_headline_claims(pipeline):
    assert pipeline.process(RawArticle(source="t.txt", title="", text=BODY, fmt="text")).title_claims == []


def test_in_body_ignores_spacing_and_case():
    assert in_body("Trump  Says It", "  trump says it\nbody")
    assert not in_body("Trump says it", "Trump said more\nbody")


def test_store_keeps_headline_claims_apart(pipeline, tmp_path):
    from allegedly.store import connect, save_record
    from allegedly.store.claims import get_claim
    from allegedly.store.lists import list_claims

    record = pipeline.process(RawArticle(source="t.txt", title="Trump says Mexico will pay for the wall in Mexico City",
                                         text=BODY, fmt="text"))
    conn = connect(str(tmp_path / "a.db"))
    save_record(conn, record)
    rows = list_claims(conn, article_id=record.id, limit=100)
    heads = [r for r in rows if r["part"] == "title"]
    assert len(heads) == len(record.title_claims) and len(rows) == len(record.claims) + len(heads)
    assert heads[0]["idx"] == len(record.claims)
    assert record.title[heads[0]["start"]:heads[0]["end"]] == heads[0]["text"]
    assert get_claim(conn, record.id, heads[0]["idx"])["places"] == []  # the body's places are not in it


def test_headline_cited_from_an_outlet_is_reported(pipeline):
    title = "Islamic State, Assad Regime Secretly Cooperated for Years: Sky News"
    record = pipeline.process(RawArticle(source="t.txt", title=title, text=BODY, fmt="text"))
    claim = record.title_claims[0]
    assert claim.text == "Islamic State, Assad Regime Secretly Cooperated for Years"
    assert claim.status == "reported"
    assert claim.chain[-1].name == "Sky News" and claim.chain[-1].kind == "outlet"
    assert title[slice(*claim.chain[-1].span)] == "Sky News"
