"""The JSON API and the HTML pages over a real store built from the bundled articles."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from allegedly import cli
from allegedly.errors import StoreError
from allegedly.records import ArticleRecord, Claim, Hop

fastapi = pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from allegedly.web import create_app  # noqa: E402
from allegedly.web.marks import pieces  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
SEED_FILE = "000_4dec16913f75ed72"
FILES_CHAIN = "MINA → Sky News → Leaked files ← IS defectors"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    result = CliRunner().invoke(cli.main, ["ingest", str(EXAMPLES), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr><td>", page)


def test_article_json_is_the_extract_contract_and_the_page_shows_the_same_claims(client):
    record = client.get(f"/api/articles/{SEED_FILE}").json()
    assert {"id", "title", "dateline", "text", "removed", "entities", "claims", "quotes", "events"} <= set(record)
    assert record["publisher"] == "MINA" and record["dateline"]["consistent"] is False
    page = client.get(f"/articles/{record['id']}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    body = html.unescape(page.text)
    assert FILES_CHAIN in body and "the dates disagree" in body
    for claim in record["claims"]:  # every claim is drawn with its status and text
        assert claim["text"] in body
    assert body.count('<span class="status ') >= len(record["claims"])
    assert f'href="/api/articles/{record["id"]}"' in page.text  # each page links its JSON


def test_claim_filters_agree_between_api_and_page(client):
    rows = client.get("/api/claims", params={"origin_kind": "anonymous", "limit": 500}).json()["rows"]
    assert rows and {r["origin_kind"] for r in rows} == {"anonymous"}
    assert any(r["chain_text"] == FILES_CHAIN for r in rows)
    assert all(isinstance(r["cues"], list) for r in rows)
    page = html.unescape(client.get("/claims", params={"origin_kind": "anonymous", "limit": 500}).text)
    assert all(r["text"] in page for r in rows)
    alleged = client.get("/api/claims", params={"status": "alleged"}).json()["rows"]
    assert alleged and {r["status"] for r in alleged} == {"alleged"}
    found = client.get("/api/claims", params={"contains": "purportedly"}).json()["rows"]
    assert [r["text"].startswith("Some documents purportedly") for r in found] == [True]
    empty = client.get("/api/claims", params={"status": "alleged", "contains": "no such words"})
    assert empty.status_code == 200 and empty.json()["rows"] == [] and empty.json()["total"] == 0  # known values, nothing matches: no error


def test_events_carry_participants_place_and_the_claims_chain(client):
    rows = client.get("/api/events", params={"country": "SY"}).json()["rows"]
    assert rows and {r["location_country"] for r in rows} == {"SY"}
    retook = [r for r in rows if r["trigger"] == "retook"]
    assert retook and retook[0]["type"] == "ASSAULT" and retook[0]["location_text"] == "Palmyra"
    assert retook[0]["actors"][0]["code"] == "SYR" and retook[0]["status"] == "alleged"
    page = html.unescape(client.get("/events", params={"type": "ASSAULT"}).text)
    assert "Syrian forces" in page and "MINA → Sky News → document ← IS defectors" in page


def test_stories_list_and_page(client):
    stories = client.get("/api/stories").json()["rows"]
    seed = [s for s in stories if s["title"].endswith(": Sky News")]
    assert len(seed) == 1 and seed[0]["independent_count"] == 1
    data = client.get(f"/api/stories/{SEED_FILE}").json()  # a member article names its story
    assert data["story"]["id"] == seed[0]["id"] and data["claims"]
    page = html.unescape(client.get(f"/stories/{seed[0]['id'][:8]}").text)
    assert "1 independent source" in page and "origin Sky News" in page


def test_home_search_and_stats(client):
    home = client.get("/")
    assert home.status_code == 200 and 'href="/claims?origin_kind=anonymous"' in home.text
    hits = client.get("/api/search", params={"q": "Sky News"}).json()["rows"]
    assert hits[0]["title"].endswith("Sky News")
    assert "Sky News" in html.unescape(client.get("/search", params={"q": "Palmyra"}).text)
    stats = client.get("/api/stats").json()
    assert stats["tables"]["articles"] == 14 and stats["facets"]["claim_status"]["alleged"] >= 1


@pytest.mark.parametrize("url, status, words", [
    ("/api/claims?status=reproted", 400, "no claims with status 'reproted'; the store holds: alleged"),
    ("/api/events?type=BOMB", 400, "no events with type 'BOMB'"),
    ("/api/articles/nope", 404, "no article matches 'nope'"),
    ("/api/stories/nope", 404, "no story matches 'nope'"),
    ("/api/claims?limit=0", 400, "limit"),
    ("/api/claims?limit=abc", 400, "limit: Input should be a valid integer"),
    ("/api/search?q=%22Sky", 400, "bad search query"),
    ("/api/no-such-endpoint", 404, "Not Found"),
])
def test_api_errors_have_one_shape(client, url, status, words):
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert body["ok"] is False and body["status"] == status and words in body["error"]


def test_page_errors_are_pages_with_the_message(client):
    r = client.get("/articles/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "no article matches" in html.unescape(r.text)
    r = client.get("/claims", params={"status": "reproted"})
    assert r.status_code == 400 and "the store holds" in html.unescape(r.text)


def test_each_request_sees_articles_ingested_meanwhile_and_cannot_write(tmp_path):
    db = tmp_path / "live.db"
    runner = CliRunner()
    assert runner.invoke(cli.main, ["ingest", str(EXAMPLES / f"{SEED_FILE}.txt"), "--db", str(db)]).exit_code == 0
    client = TestClient(create_app(db))
    assert client.get("/api/articles").json()["total"] == 1
    assert runner.invoke(cli.main, ["ingest", str(EXAMPLES / "wikinews.jsonl"), "--db", str(db)]).exit_code == 0
    assert client.get("/api/articles").json()["total"] == 14
    from types import SimpleNamespace

    from allegedly.web.app import store

    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(db=db.resolve())))
    dependency = store(request)  # the dependency on its own: a read-only connection
    conn = next(dependency)
    with pytest.raises(Exception, match="readonly"):
        conn.execute("DELETE FROM articles")
    dependency.close()


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no store at .*missing.db; run `allegedly ingest"):
        create_app(tmp_path / "missing.db")
    result = CliRunner().invoke(cli.main, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1 and "no store at" in result.output


def test_pieces_rebuild_the_text_and_skip_nested_claims():
    text = "Rebels said the town fell. Officials denied it. Calm returned."
    claims = [Claim("Rebels said the town fell.", (0, 26), "reported", chain=[Hop("W", "publisher"), Hop("Rebels", "group")]),
              Claim("the town fell", (12, 25), "reported"),  # nested content: drawn once, in the list
              Claim("Officials denied it.", (27, 47), "denied")]
    ps = pieces(ArticleRecord(id="x", title="t", text=text, claims=claims))
    assert "".join(p.text for p in ps) == text
    assert [(p.claim, p.status) for p in ps if p.claim is not None] == [(0, "reported"), (2, "denied")]
    assert ps[0].chain == "W → Rebels"


def test_story_page_names_the_outlets_of_its_copy_graph(tmp_path):
    """The seed and a syndicated copy under another outlet: one story, a copy edge, two outlets."""
    import json

    title, body = (EXAMPLES / f"{SEED_FILE}.txt").read_text("utf-8").split("\n", 1)
    copy = tmp_path / "copy.jsonl"
    copy.write_text(json.dumps({"title": title, "text": body + "\nFollow us on Twitter for the latest news.",
                                "outlet": "Gulf Wire", "published": "2016-05-04"}) + "\n", encoding="utf-8")
    db = tmp_path / "story.db"
    result = CliRunner().invoke(cli.main, ["ingest", str(EXAMPLES / f"{SEED_FILE}.txt"), str(copy), "--db", str(db)])
    assert result.exit_code == 0, result.output
    client = TestClient(create_app(db))
    [story] = client.get("/api/stories").json()["rows"]
    assert story["article_count"] == 2 and story["independent_count"] == 1
    page = html.unescape(client.get(f"/stories/{story['id']}").text)
    graph = page[page.index("Copy graph"):page.index("Claims and where they appear")]
    assert "MINA" in graph and "Gulf Wire" in graph and "copy" in graph
