"""The JSON API and the HTML pages over a real store built from the bundled articles.

The module runs once per store engine: an SQLite file, then a schema on a throwaway PostgreSQL
server (skipped with the reason when none can start)."""
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


from conftest import ENGINES, store_factory  # noqa: E402


@pytest.fixture(scope="module", params=ENGINES)
def web_engine(request) -> str:
    return request.param


@pytest.fixture
def fresh_store(request, web_engine, tmp_path):
    """``fresh_store(name)``: a new, empty store on the module's engine (a Path for SQLite, a URL for PostgreSQL)."""
    make = store_factory(request, web_engine, tmp_path)
    return lambda name: Path(make(name)) if web_engine == "sqlite" else make(name)


@pytest.fixture(scope="module")
def db(request, web_engine, tmp_path_factory) -> Path | str:
    path = store_factory(request, web_engine, tmp_path_factory.mktemp("web"))("web.db")
    result = CliRunner().invoke(cli.main, ["ingest", str(EXAMPLES), "--db", path])
    assert result.exit_code == 0, result.output
    return Path(path) if web_engine == "sqlite" else path


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


def test_each_request_sees_articles_ingested_meanwhile_and_cannot_write(fresh_store):
    db = fresh_store("live.db")
    runner = CliRunner()
    assert runner.invoke(cli.main, ["ingest", str(EXAMPLES / f"{SEED_FILE}.txt"), "--db", str(db)]).exit_code == 0
    client = TestClient(create_app(db))
    assert client.get("/api/articles").json()["total"] == 1
    assert runner.invoke(cli.main, ["ingest", str(EXAMPLES / "wikinews.jsonl"), "--db", str(db)]).exit_code == 0
    assert client.get("/api/articles").json()["total"] == 14
    from types import SimpleNamespace

    from allegedly.web.app import store

    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(db=client.app.state.db)))
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


def test_story_page_names_the_outlets_of_its_copy_graph(tmp_path, fresh_store):
    """The seed and a syndicated copy under another outlet: one story, a copy edge, two outlets."""
    import json

    title, body = (EXAMPLES / f"{SEED_FILE}.txt").read_text("utf-8").split("\n", 1)
    copy = tmp_path / "copy.jsonl"
    copy.write_text(json.dumps({"title": title, "text": body + "\nFollow us on Twitter for the latest news.",
                                "outlet": "Gulf Wire", "published": "2016-05-04"}) + "\n", encoding="utf-8")
    db = fresh_store("story.db")
    result = CliRunner().invoke(cli.main, ["ingest", str(EXAMPLES / f"{SEED_FILE}.txt"), str(copy), "--db", str(db)])
    assert result.exit_code == 0, result.output
    client = TestClient(create_app(db))
    [story] = client.get("/api/stories").json()["rows"]
    assert story["article_count"] == 2 and story["independent_count"] == 1
    page = html.unescape(client.get(f"/stories/{story['id']}").text)
    graph = page[page.index("Copy graph"):page.index("Claims and where they appear")]
    assert "MINA" in graph and "Gulf Wire" in graph and "copy" in graph


# --- issue 12: bounded cost, safe links, one error shape ---------------------------------------

def test_search_refuses_queries_too_big_to_answer_cheaply(client):
    import time

    start = time.monotonic()
    r = client.get("/api/search", params={"q": " ".join(["the"] * 800)})  # took 47 s before the bound
    assert r.status_code == 400 and r.json()["status"] == 400 and "at most" in r.json()["error"]
    many = " ".join(f"word{i}" for i in range(25))  # short, but too many terms
    r = client.get("/api/search", params={"q": many})
    assert r.status_code == 400 and "25 words; at most 20" in r.json()["error"]
    assert time.monotonic() - start < 5
    assert client.get("/search", params={"q": many}).status_code == 400  # the page says so too


def test_a_statement_over_its_time_budget_is_stopped_with_a_400(db):
    import sqlite3

    from allegedly.store.queries import time_limit

    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), time_limit(conn, 0.05):
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").fetchone()
    assert conn.execute("SELECT 1").fetchone() == (1,)  # the handler is gone afterwards
    slow = TestClient(create_app(db, statement_seconds=1e-9))
    r = slow.get("/api/claims", params={"limit": 1000})
    assert r.status_code == 400 and "took longer than" in r.json()["error"] and r.json()["ok"] is False


@pytest.mark.parametrize("url, status, words", [
    (f"/api/claims?offset={2**63}", 400, "offset"),  # was a bare 500 (OverflowError)
    ("/api/claims?offset=-1", 400, "offset"),
    ("/api/claims?contains=" + "x" * 60_000, 400, "contains"),  # was "LIKE or GLOB pattern too complex"
    ("/api/articles/" + "x" * 60_000, 400, "ref"),
    ("/api/stories/%25", 404, "no story matches '%'"),  # '%' matched every story
    ("/api/stories/_", 404, "no story matches '_'"),
    ("/api/claims?since=May", 400, "since"),
    ("/api/events?date_by=someday", 400, "date_by"),
    ("/api/claims/662ad45b/999", 404, "has no claim 999"),
    ("/api/sources/nobody", 404, "no source named 'nobody'"),
    ("/api/claims?article_id=zzzz", 400, "no article matches 'zzzz'"),
])
def test_more_errors_have_the_one_shape(client, url, status, words):
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.json() == {"ok": False, "error": r.json()["error"], "status": status} and words in r.json()["error"]


def test_store_lists_refuse_long_patterns_and_references_themselves(db):
    from allegedly.store.lists import list_claims
    from allegedly.store.readers import resolve_ref

    from allegedly.web.app import open_read_only

    conn = open_read_only(db)
    with pytest.raises(StoreError, match="at most 1000"):
        list_claims(conn, contains="x" * 60_000)
    with pytest.raises(StoreError, match="at most 1000"):
        resolve_ref(conn, "x" * 60_000)


def test_wrong_method_is_405_with_allow(client):
    r = client.post("/api/claims")
    assert r.status_code == 405 and r.headers["allow"] == "GET"
    assert r.json() == {"ok": False, "error": "Method Not Allowed", "status": 405}


def test_unexpected_failure_is_a_500_in_the_error_shape(db, monkeypatch):
    from allegedly.store import queries

    monkeypatch.setattr(queries, "stats", lambda conn: 1 / 0)
    r = TestClient(create_app(db), raise_server_exceptions=False).get("/api/stats")
    assert r.status_code == 500 and r.json() == {"ok": False, "status": 500,
                                                  "error": "internal error (ZeroDivisionError); the server log has the details"}


def test_openapi_says_400_not_422_and_types_the_answers(client):
    spec = client.get("/openapi.json").json()
    assert "422" not in str(spec) and "HTTPValidationError" not in spec["components"]["schemas"]
    claims = spec["paths"]["/api/claims"]["get"]["responses"]
    assert claims["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert claims["200"]["content"]["application/json"]["schema"]["$ref"].endswith("Page_ClaimRow_")
    assert "404" in spec["paths"]["/api/articles/{ref}"]["get"]["responses"]
    assert {"Claim", "Hop", "Event", "StoryDetail"} <= set(spec["components"]["schemas"])  # the record, typed
    row = spec["components"]["schemas"]["ClaimRow"]["properties"]
    assert {"status", "chain_text", "origin_kind", "cues"} <= set(row)
    for path in ("/api/events", "/api/stories", "/api/search", "/api/quotes", "/api/sources", "/api/geo",
                 "/api/timeline", "/api/network", "/api/claims/{article}/{idx}", "/api/sources/{name}",
                 "/api/stats", "/api/articles/{ref}", "/api/stories/{ref}"):
        assert "$ref" in str(spec["paths"][path]["get"]["responses"]["200"]), path


def test_only_http_urls_become_links_and_pages_carry_a_csp(fresh_store):
    from allegedly.store import connect, save_record

    db = fresh_store("xss.db")
    conn = connect(db)
    for i, url in enumerate(["javascript:alert(document.cookie)", "https://example.org/a", "data:text/html,x"]):
        save_record(conn, ArticleRecord(id=f"{i}" * 16, title=f"t{i}", text="Some text.", url=url))
    conn.close()
    client = TestClient(create_app(db))
    bad = client.get("/articles/0000000000000000").text
    assert 'href="javascript:' not in bad and "javascript:alert(document.cookie)" in html.unescape(bad)  # shown as text
    assert 'href="https://example.org/a"' in client.get("/articles/1111111111111111").text
    assert 'href="data:' not in client.get("/articles/2222222222222222").text
    for url in ("/", "/api/stats", "/map", "/docs"):
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp and "object-src 'none'" in csp


# --- issue 15: pages, lists, totals, prefixes, dates ------------------------------------------

def test_lists_have_totals_next_links_and_offsets(client):
    first = client.get("/api/claims", params={"limit": 2}).json()
    assert first["total"] >= 300 and first["offset"] == 0 and len(first["rows"]) == 2
    second = client.get(first["next"]).json()
    assert second["offset"] == 2 and second["rows"][0] != first["rows"][0]
    last = client.get("/api/claims", params={"limit": 10, "offset": first["total"] - 3}).json()
    assert len(last["rows"]) == 3 and last["next"] is None
    for url, q in (("/api/articles", {}), ("/api/events", {}), ("/api/stories", {}), ("/api/quotes", {}),
                   ("/api/sources", {}), ("/api/search", {"q": "said"})):
        page = client.get(url, params={"limit": 1, "offset": 1, **q}).json()
        assert page["offset"] == 1 and page["total"] >= 2 and page["next"] and len(page["rows"]) == 1, url
    html_page = client.get("/claims", params={"limit": 5}).text
    assert 'rel="next"' in html_page and "of " in html_page


def test_id_prefixes_and_file_names_work_in_every_article_filter(client):
    full = client.get(f"/api/articles/{SEED_FILE}").json()["id"]
    for endpoint in ("/api/claims", "/api/events", "/api/quotes"):
        by_id = client.get(endpoint, params={"article_id": full}).json()
        by_prefix = client.get(endpoint, params={"article_id": full[:6]}).json()
        by_file = client.get(endpoint, params={"article_id": SEED_FILE}).json()
        assert by_id["total"] == by_prefix["total"] == by_file["total"] > 0, endpoint
    assert client.get(f"/api/claims/{full[:8]}/2").json()["article_id"] == full


def test_date_range_filters_on_lists_and_pages(client):
    seed = client.get("/api/claims", params={"since": "2016-05-03", "until": "2016-05-03"}).json()
    # the body's 14 claims and the headline's ("…: Sky News", a title apart from the body)
    assert seed["total"] == 15 and {r["published"] for r in seed["rows"]} == {"2016-05-03"}
    assert [r["part"] for r in seed["rows"]].count("title") == 1
    assert client.get("/api/claims", params={"until": "2004"}).json()["total"] > 0  # a year is a period
    assert client.get("/api/articles", params={"since": "2016"}).json()["total"] == 1
    by_event = client.get("/api/events", params={"date_by": "event", "since": "2016-05-02", "until": "2016-05-02"}).json()
    assert by_event["total"] >= 1 and all("2016-05-02" in (r["date_iso"] or r["report_date_iso"]) for r in by_event["rows"])
    page = html.unescape(client.get("/events", params={"country": "SY"}).text)  # the page used to ignore country=
    assert "Palmyra" in page and "California" not in page
    assert client.get("/events", params={"country": "US"}).status_code == 200


def test_geojson_places_events_and_claims_with_their_status(client):
    data = client.get("/api/geo").json()
    assert data["type"] == "FeatureCollection"
    palmyra = [f for f in data["features"] if f["properties"]["place"] == "Palmyra"]
    kinds = {f["properties"]["kind"] for f in palmyra}
    assert kinds == {"event", "claim"} and palmyra[0]["geometry"]["coordinates"] == [38.28402, 34.5624]
    assert {f["properties"]["status"] for f in palmyra} <= {"alleged", "reported", "asserted"}
    only = client.get("/api/geo", params={"kind": "events", "status": "alleged", "country": "SY"}).json()["features"]
    assert only and all(f["properties"]["kind"] == "event" and f["properties"]["status"] == "alleged" for f in only)
    assert client.get("/api/geo", params={"since": "2017"}).json()["features"] == []
    two = client.get("/api/geo", params={"limit": 2, "offset": 1}).json()["features"]
    assert [f["properties"]["id"] for f in two] == [f["properties"]["id"] for f in data["features"][1:3]]


def test_timeline_by_event_date_and_by_publication_date(client):
    by_event = client.get("/api/timeline", params={"by": "event", "since": "2016"}).json()["items"]
    assert "2016-05-02" in {i["date"] for i in by_event}  # "Sky News reported on Monday"
    published = client.get("/api/timeline", params={"since": "2016"}).json()["items"]
    assert {i["date"] for i in published} == {"2016-05-03"} and {"event", "claim"} == {i["kind"] for i in published}
    paged = client.get("/api/timeline", params={"since": "2016", "limit": 3, "offset": 2}).json()["items"]
    assert paged == published[2:5]


def test_network_chains_and_source_page(client):
    net = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("MINA", "Sky News")]["kind"] == "relays" and edges[("MINA", "Sky News")]["weight"] >= 9
    assert edges[("Sky News", "Leaked files")]["kind"] == "cites"
    assert edges[("Leaked files", "IS defectors")]["kind"] == "from"
    bare = client.get("/api/network", params={"hide": "publisher"}).json()
    assert "publisher" not in {n["kind"] for n in bare["nodes"]} and bare["claims"] == net["claims"]
    assert ("Sky News", "Leaked files") in {(e["source"], e["target"]) for e in bare["edges"]}
    assert "leave out the publishers" in client.get("/network", params={"hide": "publisher"}).text
    src = client.get("/api/sources/IS defectors").json()
    assert src["kinds"] == {"anonymous": 13} and src["claims"] == 9
    assert any(e["source"] == "Leaked files" for e in src["relayed_by"])
    page = html.unescape(client.get("/sources/IS%20defectors").text)
    assert "Who relays it" in page and "Leaked files" in page and "MINA → Sky News" in page


def test_claim_page_and_every_claim_anchor_exists(client):
    claims = client.get("/api/claims", params={"limit": 1000}).json()["rows"]
    pages: dict[str, str] = {}
    for c in claims:  # nested claims used to have no anchor (5 of 332 links went nowhere)
        body = pages.setdefault(c["article_id"], client.get(f"/articles/{c['article_id']}").text)
        assert f'id="claim-{c["idx"]}"' in body, (c["article_id"], c["idx"])
    full = client.get(f"/api/articles/{SEED_FILE}").json()["id"]
    page = html.unescape(client.get(f"/claims/{full}/2").text)
    assert "Leaked files show that IS" in page and 'href="/sources/IS%20defectors"' in page
    assert client.get(f"/claims/{full}/999").status_code == 404


def test_docs_are_served_from_this_server(client):
    docs = client.get("/docs").text
    assert re.findall(r'(?:src|href)="([^"]+)"', docs) == [
        "/static/vendor/swagger-ui/swagger-ui.css", "/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/docs.js"]
    for asset in re.findall(r'(?:src|href)="([^"]+)"', docs):
        assert client.get(asset).status_code == 200


def test_story_page_draws_its_copy_graph(tmp_path, fresh_store):
    import json

    title, body = (EXAMPLES / f"{SEED_FILE}.txt").read_text("utf-8").split("\n", 1)
    copy = tmp_path / "copy.jsonl"
    copy.write_text(json.dumps({"title": title, "text": body + "\nFollow us on Twitter for the latest news.",
                                "outlet": "Gulf Wire", "published": "2016-05-04"}) + "\n", encoding="utf-8")
    db = fresh_store("story.db")
    assert CliRunner().invoke(cli.main, ["ingest", str(EXAMPLES / f"{SEED_FILE}.txt"), str(copy), "--db", str(db)]).exit_code == 0
    client = TestClient(create_app(db))
    [story] = client.get("/api/stories").json()["rows"]
    page = client.get(f"/stories/{story['id']}").text
    data = json.loads(re.search(r'<script type="application/json" id="copy-graph-data">(.*?)</script>', page, re.S)[1])
    assert len(data["nodes"]) == 2 and len(data["edges"]) == 1 and "/static/graph.js" in page


def test_serve_passes_its_time_limit(db, monkeypatch):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    result = CliRunner().invoke(cli.main, ["serve", "--db", str(db), "--time-limit", "0.5", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert seen["app"].state.statement_seconds == 0.5 and seen["host"] == "127.0.0.1"


def test_quotes_page_and_sources_with_a_slash(client, fresh_store):
    rows = client.get("/api/quotes", params={"source": "IS defectors"}).json()
    assert rows["total"] == 4 and all("IS defectors" in r["chain_text"] for r in rows["rows"])
    page = html.unescape(client.get("/quotes", params={"source": "IS defectors"}).text)
    assert all(r["text"] in page for r in rows["rows"]) and "4 of 4" in page
    from allegedly.store import connect, save_record

    db = fresh_store("slash.db")
    conn = connect(db)
    chain = [Hop("Wire", "publisher"), Hop("AP/Reuters", "outlet")]
    save_record(conn, ArticleRecord(id="ab" * 8, title="t", text="It rained, AP/Reuters said.",
                                    claims=[Claim("It rained", (0, 9), "reported", chain=chain)]))
    conn.close()
    other = TestClient(create_app(db))
    assert other.get("/api/sources/AP%2FReuters").json()["claims"] == 1
    assert "AP/Reuters" in html.unescape(other.get("/sources/AP%2FReuters").text)


def test_postgres_sessions_are_reused_and_a_dead_one_is_replaced(db, web_engine):
    if web_engine != "postgres":
        pytest.skip("PostgreSQL only: SQLite opens its file per request")
    from allegedly.store import connect

    client = TestClient(create_app(db))
    pool = client.app.state.pool
    for _ in range(3):
        assert client.get("/api/articles").status_code == 200
    assert len(pool._idle) == 1  # one request after another: one session, kept
    pid = pool._idle[0].raw.info.backend_pid
    with connect(db, migrate=False) as admin:
        admin.execute("SELECT pg_terminate_backend(?)", (pid,))
    assert client.get("/api/articles").json()["total"] == 14  # the dead session is dropped, a new one answers
    assert [c.raw.info.backend_pid for c in pool._idle] != [pid]
    assert client.get("/api/claims", params={"status": "reproted"}).status_code == 400  # a refusal keeps it
    slow = TestClient(create_app(db, statement_seconds=1e-9))
    assert slow.get("/api/claims").status_code == 400  # over its budget
    assert len(slow.app.state.pool._idle) == 1
    assert client.get("/api/articles").status_code == 200 and len(pool._idle) == 1
    slow.app.state.statement_seconds = 5  # the budget was reset on the way out: the same session answers
    assert slow.get("/api/claims").status_code == 200
