"""Underlying sources: report families resting on one organisation's statement count once beside
the families with distinct origins; independent reports that also quote an official do not fold."""
from __future__ import annotations

import pytest

from allegedly.records import RawArticle

HILL = """Facebook has suspended the data firm Brightline Analytics, citing violations of its platform policies.

Facebook Vice President and Deputy General Counsel Dana Whitfield said in a statement Friday night that the firm did not delete the data it had been given by a university researcher.

Whitfield said the researcher had passed the data of millions of users to Brightline Analytics.

"We are moving aggressively to determine the accuracy of these claims," the statement read.

"If true, this is another unacceptable violation of trust," the statement read."""

UPI = """Facebook has suspended the account of Brightline Analytics, a data firm that worked for political campaigns.

Dana Whitfield, Facebook's vice president and deputy general counsel, said that the account of Brightline Analytics was suspended because a researcher lied to the company.

Whitfield said the researcher had forwarded the data of users to Brightline Analytics, which broke the platform's rules.

Facebook said it learned of the violation in 2015 and demanded that the data be destroyed."""

QUAKE_1 = """A powerful earthquake killed at least 42 people in the Mexican state of Puebla on Tuesday, the National Civil Protection agency said.

Maria Lopez, a shopkeeper in Atlixco, said her street had collapsed in seconds.

"We heard a roar and then everything fell," said Jorge Ramirez, a teacher who was in his classroom.

Governor Tony Gali said rescue teams were searching the rubble of two schools."""

QUAKE_2 = """Rescuers dug through collapsed buildings in Puebla on Tuesday after a powerful earthquake, and the National Civil Protection agency said at least 42 people had died.

Ana Torres, a nurse at the Atlixco clinic, said dozens of injured people had arrived within an hour.

"The walls cracked like paper," said Luis Herrera, who runs a bakery near the main square.

Red Cross coordinator Pedro Salas said the agency had sent forty ambulances to the state."""


@pytest.fixture(scope="module")
def records(pipeline):
    pages = {"hill": ("Facebook suspends data firm Brightline Analytics", "The Hill", HILL),
             "upi": ("Facebook suspends account of Brightline Analytics", "UPI", UPI),
             "q1": ("Quake kills dozens in Puebla", "Daily Record", QUAKE_1),
             "q2": ("Rescuers search rubble in Puebla after quake", "Evening Courier", QUAKE_2)}
    raws = [RawArticle(source=k, title=t, text=x, outlet=o, url=f"https://{k}.example/story",
                       published="2018-03-17") for k, (t, o, x) in pages.items()]
    return {raw.source: out.record for raw, out in zip(raws, pipeline.process_many(raws))}


def test_the_organisation_behind_a_statement_is_read_from_the_words_around_its_speaker(records):
    from allegedly.stories.statements import affiliations, rests_on

    assert affiliations([records["hill"]]).get("dana whitfield") == "Facebook"  # "Facebook Vice President … Dana Whitfield"
    assert affiliations([records["upi"]]).get("dana whitfield") == "Facebook"  # "Dana Whitfield, Facebook's vice president"
    assert rests_on([records["hill"]]) == rests_on([records["upi"]]) == "Facebook"
    # a report quoting civil protection, a governor and two residents rests on no one
    assert rests_on([records["q1"]]) is None and rests_on([records["q2"]]) is None


def test_families_resting_on_one_statement_are_one_underlying_source(records):
    from allegedly.stories.analysis import analyse
    from allegedly.stories.corroboration import summarise

    hill = analyse("s1", [records["hill"]], [], {}, {})
    upi = analyse("s2", [records["upi"]], [], {}, {})
    c = summarise("c", [hill, upi], {})
    assert c.independent == 2 and c.underlying == 1
    assert c.underlying_sources[0].startswith("Facebook (statement, via")
    q = summarise("q", [analyse("s3", [records["q1"]], [], {}, {}), analyse("s4", [records["q2"]], [], {}, {})], {})
    assert q.independent == q.underlying == 2  # independent reporting that also quotes an official is not a copy


def test_underlying_never_exceeds_independent():
    from allegedly.stories.corroboration import underlying

    # one outlet's two families, one resting on a statement: still one source behind them
    assert len(underlying([("The Hill", None, "a", "Facebook"), ("The Hill", None, "b", None)])) == 1
    assert len(underlying([("The Hill", None, "a", "Facebook"), ("UPI", None, "b", "Facebook"),
                           ("The New York Times", None, "c", None)])) == 2
    assert len(underlying([("The Hill", None, "a", None), ("UPI", None, "b", None)])) == 2


def test_store_cli_api_and_exports_carry_the_underlying_sources(tmp_path, new_store):  # SQLite, then PostgreSQL
    import json

    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from allegedly.cli import main
    from allegedly.web.app import create_app

    src = tmp_path / "pages.jsonl"
    src.write_text("\n".join(json.dumps({"url": f"https://{o}.example/fb", "title": t, "text": x, "outlet": o,
                                         "published": "2018-03-17"})
                             for o, t, x in (("The Hill", "Facebook suspends data firm Brightline Analytics", HILL),
                                             ("UPI", "Facebook suspends account of Brightline Analytics", UPI))))
    db, runner = new_store("u.db"), CliRunner()
    assert runner.invoke(main, ["ingest", str(src), "--db", db]).exit_code == 0
    clusters = [json.loads(x) for x in runner.invoke(main, ["happenings", "--db", db, "--json"]).output.splitlines()]
    assert len(clusters) == 1
    c = clusters[0]
    assert c["independent_count"] == 2 and c["underlying_count"] == 1
    assert c["underlying_sources"][0].startswith("Facebook (statement, via")
    assert {f["rests_on"] for f in c["families"]} == {"Facebook"}
    shown = runner.invoke(main, ["happenings", c["id"][:8], "--db", db]).output
    assert "2 independent sources · 1 underlying: Facebook (statement" in " ".join(shown.split())
    client = TestClient(create_app(db))
    api = client.get("/api/event-clusters").json()["rows"][0]
    assert api["underlying_count"] == 1 and api["independent_count"] == 2
    story_id = c["families"][0]["id"]
    assert client.get(f"/api/stories/{story_id}").json()["event_cluster"]["underlying_count"] == 1
    assert "1 underlying source" in client.get(f"/stories/{story_id}").text
    out = tmp_path / "claims.jsonl"
    assert runner.invoke(main, ["export", "--db", db, "--rows", "claims", "--format", "jsonl", "-o", str(out)]).exit_code == 0
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert rows and {r["cluster_underlying_sources"] for r in rows} == {1}


def test_a_name_ner_alone_calls_an_organisation_is_no_statement_giver():
    from allegedly.records import ArticleRecord, Claim, Entity, Hop
    from allegedly.stories.statements import rests_on

    def page(org: str, source: str) -> ArticleRecord:
        text = f"{org} said in a statement on Friday that the show would go on."
        claims = [Claim(text=text, span=(0, len(text)), status="reported",
                        chain=[Hop("Daily Record", "publisher"), Hop(org, "group")]) for _ in range(3)]
        return ArticleRecord(id="p", title="", text=text, outlet="Daily Record", claims=claims,
                             entities=[Entity(text=org, type="organisation", span=(0, len(org)), source=source)])

    assert rests_on([page("Page", "ner")]) is None  # NER's ORG for a person's surname ("Bettie Page")
    assert rests_on([page("Mexico's National Civil Protection agency", "ner")]) == "Mexico's National Civil Protection agency"
    assert rests_on([page("Facebook", "actors")]) == "Facebook"


def test_families_whose_bylines_share_a_reporter_are_one_underlying_source():
    from allegedly.records import ArticleRecord, Entity
    from allegedly.stories.analysis import StoryView
    from allegedly.stories.corroboration import summarise
    from allegedly.stories.origin import Origin
    from allegedly.stories.statements import reporters

    def page(text: str, people: list[str]) -> ArticleRecord:
        ents = [Entity(text=p, type="person", span=(text.index(p), text.index(p) + len(p))) for p in people]
        return ArticleRecord(id="p", title="", text=text, entities=ents)

    paper = page("Revealed: 50 million profiles harvested\n\nCarole Cadwalladr and Emma Graham-Harrison\n\n"
                 "The firm that worked with the campaign harvested the data.", ["Carole Cadwalladr", "Emma Graham-Harrison"])
    blog = page("The Files\n\nby Carole Cadwalladr\n\nThe first time I met the whistleblower he had no pink hair.", [])
    caption = page("Donald Trump and Vladimir Putin\n\nTrump met Putin in Helsinki, where Putin spoke first.",
                   ["Donald Trump", "Vladimir Putin"])
    assert reporters([paper]) == ["carole cadwalladr", "emma graham harrison"]
    assert reporters([blog]) == ["carole cadwalladr"]
    assert reporters([caption]) == []  # a caption names its subjects, who come back in the text

    def view(sid, origin, who):
        return StoryView(sid, "", (sid,), Origin(sid, origin, None, "only"), (), (), 1, reporters=tuple(who))

    c = summarise("c", [view("a", "The Observer", reporters([paper])), view("b", "Strategic Study India", reporters([blog])),
                        view("d", "The New York Times", [])], {})
    assert c.independent == 3 and c.underlying == 2
