"""Which outlet a page credits: background recalls of older reports are not credits."""
from __future__ import annotations

from allegedly.records import ArticleRecord, Claim, Entity, Hop
from allegedly.stories.credits import background, credit_of


def _page(text: str, outlets: list[tuple[str, str]], relayed: str | None = None) -> ArticleRecord:
    claims = [Claim(text="the firm paid people", span=(0, 1), status="reported",
                    chain=[Hop("Engadget", "publisher"), Hop(relayed, "outlet")])] if relayed else []
    ents = []
    for form, name in outlets:
        start = text.index(form)
        ents.append(Entity(text=form, type="media", span=(start, start + len(form)), name=name, source="actors"))
    return ArticleRecord(id="p", title="", text=text, outlet="Engadget", entities=ents, claims=claims)


def test_an_outlet_recalled_for_an_older_report_is_not_the_credit():
    text = ("Yesterday's bombshell article in the Guardian showed how the firm took the data.\n\n"
            "It's been more than a year since The Intercept reported that the firm paid people to take a quiz.")
    # the page attributes a claim to The Intercept (a chain counts double), yet its credit is the Guardian
    page = _page(text, [("Guardian", "The Guardian"), ("Intercept", "The Intercept")], relayed="Intercept")
    assert credit_of(page)[0] == "guardian"
    assert background(text, text.index("Intercept")) and not background(text, text.index("Guardian"))
    # "Last May The Guardian reported" alone is background: no credit at all
    text = "Facebook suspended the firm on Friday. Last May The Guardian reported on the firm's data."
    assert credit_of(_page(text, [("Guardian", "The Guardian")])) is None


def test_a_date_inside_quoted_speech_does_not_make_a_credit_background():
    text = ('"It\'s the same nightmare as in 1985," one resident, Georgina Sanchez, 52, sobbed to AFP.\n'
            "In 2014, Steve Bannon, then chairman of the news network Breitbart, was his boss.")
    page = _page(text, [("AFP", "Agence France-Presse"), ("Breitbart", "Breitbart News")])
    assert credit_of(page)[0] == "agence france presse"
    assert background(text, text.index("Breitbart"))
