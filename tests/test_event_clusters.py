"""Report families inside event clusters: ids, passages, citations, origin, clusters, store, CLI, API."""
from __future__ import annotations

import json

from click.testing import CliRunner

from allegedly.ids import article_id
from allegedly.records import ArticleRecord, Entity
from allegedly.stories.clusters import EventIndex, event_features, text_dates, text_figures
from allegedly.stories.credits import credited
from allegedly.stories.engine import cluster_all
from allegedly.stories.features import features
from allegedly.stories.index import StoryIndex

QUAKE = ("A magnitude {m} earthquake struck {place} on {day}, toppling buildings and killing at least {dead} "
         "people, officials said. Rescuers dug through rubble in {place} as aftershocks rattled the region. "
         "The quake's epicentre lay near {near}, the seismological service said, and schools were closed.")


def _rec(rid, text, outlet=None, published=None, title="", media=(), url=None):
    ents = []
    for name in media:  # a media entity as the actor dictionary names it
        i = text.find(name.split()[-1]) if name.split()[-1] in text else 0
        ents.append(Entity(text=name, type="media", span=(i, i + len(name)), name=name))
    return ArticleRecord(id=rid, title=title, text=text, outlet=outlet, publisher=outlet, published=published,
                         entities=ents, url=url)


# --- ids ------------------------------------------------------------------------------------------

def test_the_same_text_at_two_urls_is_two_articles_and_one_url_twice_is_one():
    a = article_id("T", "Body text.", "https://www.example.com/news/1/")
    assert a == article_id("T", "Body  text.", "http://example.com/news/1")  # same page, linked otherwise
    assert a != article_id("T", "Body text.", "https://other.org/wire/1")  # syndication: two articles
    assert article_id("T", "Body text.", None, "Outlet A") != article_id("T", "Body text.", None, "Outlet B")
    assert article_id("T", "Body text.") == article_id("T", " Body text. ")  # no place: title and body


# --- report families --------------------------------------------------------------------------------

ORIGIN = "\n".join(
    f"Paragraph {i}: the inspectors {w} the {x} at the Harwick plant on Tuesday, and the board of the "
    f"Harwick utility said it would {v} the {y} before the winter season starts in earnest."
    for i, (w, x, v, y) in enumerate([("sealed", "turbine hall", "replace", "valves"),
                                      ("tested", "cooling ponds", "drain", "reservoir"),
                                      ("closed", "north gate", "rebuild", "fence"),
                                      ("audited", "control room", "upgrade", "software"),
                                      ("inspected", "boiler house", "repair", "pipes"),
                                      ("photographed", "storage yard", "clear", "debris")]))


def test_a_page_quoting_four_paragraphs_joins_the_family_whatever_the_rest():
    own = " ".join(f"Commentary sentence {i} about regional politics, budgets, mayors and elections in "
                   f"the valley towns of Dunmore and Keswick {i}." for i in range(40))
    quoting = "\n".join([own, *ORIGIN.split("\n")[:4], own.replace("Commentary", "Opinion")])
    records = [_rec("o", ORIGIN, "Harwick Gazette", "2024-01-09"), _rec("q", quoting, "Valley Blog", "2024-01-10")]
    result = cluster_all(records)
    assert len(result.stories) == 1 and len(result.events) == 1
    edges = result.stories[0].edges
    assert [(e.source, e.target, e.kind) for e in edges] == [("o", "q", "quotes")]


def test_a_crediting_rewrite_joins_the_credited_family_and_the_outlet_is_the_origin():
    """In other words, but it credits the Gazette; the origin is never the page that credits."""
    rewrite = ("Inspectors shut the turbine hall at the Harwick plant, according to the Harwick Gazette. "
               "The Harwick utility plans new valves, a drained reservoir and a rebuilt north gate before "
               "winter, the Harwick Gazette reported.")
    rec = _rec("r", rewrite, "Daily Wire Digest", "2024-01-10", media=["Harwick Gazette"])
    assert credited(rec) == "harwick gazette"
    result = cluster_all([rec, _rec("o", ORIGIN, "Harwick Gazette", "2024-01-09")])
    assert len(result.stories) == 1
    assert result.stories[0].origin.name == "Harwick Gazette" and result.stories[0].origin.article_id == "o"
    alone = cluster_all([rec]).stories[0]  # the credited outlet is not in the store: still the origin
    assert alone.origin.name == "Harwick Gazette" and alone.origin.via == "Daily Wire Digest"


def test_a_credit_does_not_tie_two_happenings():
    """Two pages crediting one outlet about two different happenings stay two families."""
    a = _rec("a", QUAKE.format(m="7.1", place="Puebla", day="Tuesday", dead=200, near="Raboso"),
             "Site A", "2017-09-19", media=["Reuters"])
    b = _rec("b", "The central bank raised interest rates by half a point on Thursday, surprising traders "
             "and lifting the currency, Reuters reported. Mortgage lenders said repayments would rise.",
             "Site B", "2017-09-21", media=["Reuters"])
    assert len(cluster_all([a, b]).stories) == 2


# --- event clusters ---------------------------------------------------------------------------------

def test_independent_reports_of_one_happening_form_one_cluster_counting_each_family():
    one = _rec("1", QUAKE.format(m="7.1", place="Puebla", day="Tuesday", dead=217, near="Raboso"),
               "Wire One", "2017-09-19", title="Deadly quake hits central Mexico")
    two = _rec("2", "Buildings collapsed across Mexico City and Puebla when a 7.1 magnitude earthquake hit on "
               "Tuesday afternoon. Rescuers and volunteers pulled survivors from the rubble; at least 225 people "
               "died, the government said, and the epicentre was near Raboso.", "Paper Two", "2017-09-20",
               title="Mexico earthquake: rescuers search rubble in Puebla")
    other = _rec("3", "The central bank raised interest rates by half a point on Thursday, surprising traders "
                 "and lifting the peso. Mortgage lenders said repayments would rise.", "Paper Three", "2017-09-20")
    result = cluster_all([one, two, other])
    big = result.events[0]
    assert set(big.article_ids) == {"1", "2"} and len(big.story_ids) == 2 and big.independent == 2
    assert sorted(big.sources) == ["Paper Two", "Wire One"]


def test_two_quakes_in_one_region_a_month_apart_are_two_events():
    sept = _rec("s", QUAKE.format(m="7.1", place="Puebla", day="Tuesday", dead=217, near="Raboso"),
                "Wire", "2017-09-19")
    oct_ = _rec("o", QUAKE.format(m="6.9", place="Puebla", day="Monday", dead=12, near="Atlixco")
                .replace("rubble", "debris"), "Paper", "2017-10-23")
    index = EventIndex()
    a, b = index.add(event_features(sept)), index.add(event_features(oct_))
    assert a.cluster_id != b.cluster_id
    undated = EventIndex()  # without dates (and of one magnitude) the two read alike: the window tells them apart
    x = undated.add(event_features(sept.__class__(**{**sept.as_dict(), "published": None})))
    y = undated.add(event_features(ArticleRecord.from_dict({**oct_.as_dict(), "published": None,
                                                             "text": oct_.text.replace("6.9", "7.1")})))
    assert x.cluster_id == y.cluster_id


def test_undated_quakes_part_on_the_magnitudes_their_ledes_name():
    """Chiapas (8.1) and Puebla (7.1), twelve days apart: undated pages in the same words are two
    events by their magnitudes; a page of the 7.1 quake whose lede gives none still joins it."""
    assert text_figures("a 7.1 magnitude quake, sismo de 7,1; 8.1-magnitude; at 1.15 pm; 3,000 hurt; 93.87") == \
        {"#7.1", "#8.1"}
    index = EventIndex()
    puebla = [_rec(i, QUAKE.format(m="7.1", place="central Mexico", day="Tuesday", dead=d, near="Raboso"))
              for i, d in (("p1", 217), ("p2", 225))]
    chiapas = _rec("c", QUAKE.format(m="8.1", place="central Mexico", day="Friday", dead=61, near="Raboso"))
    plain = _rec("p3", QUAKE.format(m="strong", place="central Mexico", day="Tuesday", dead=230, near="Raboso")
                 + " The magnitude 7.1 quake struck on the anniversary of the 1985 disaster.")
    # a later quake whose body recalls the 7.1 one ("five years after the magnitude 7.1 quake"):
    # figures are compared lede against lede, so the recollection does not tie it in
    later = _rec("l", QUAKE.format(m="7.6", place="central Mexico", day="Monday", dead=2, near="Raboso")
                 + " It struck on the anniversary of the magnitude 7.1 quake that killed hundreds.")
    placed = [index.add(event_features(r)).cluster_id for r in (*puebla, chiapas, plain, later)]
    assert placed[0] == placed[1] == placed[3] != placed[2]
    assert placed[4] not in (placed[0], placed[2])
    blind = EventIndex()  # the same pages without their magnitudes: one event
    same = [_rec(r.id, r.text.replace("7.1", "strong").replace("8.1", "strong")) for r in (*puebla, chiapas)]
    assert len({blind.add(event_features(r)).cluster_id for r in same}) == 1


def test_lede_embeddings_read_paraphrase_and_travel_compactly():
    from allegedly.stories import embedding

    quake, temblor, budget = (embedding.embed(t) for t in (
        "Powerful earthquake kills dozens in Mexico City", "Strong quake leaves many dead in Mexican capital",
        "Parliament passes the annual budget bill after a long debate"))
    assert len(quake) == 2 * embedding.dims() and embedding.dims() <= 256  # float16, a few hundred bytes
    v = embedding.vector(quake)
    assert abs(float(v @ v) - 1.0) < 1e-2
    assert embedding.cosine(v, embedding.vector(temblor)) > embedding.cosine(v, embedding.vector(budget)) + 0.1
    assert embedding.embed("") is None
    f = event_features(_rec("e", "Powerful earthquake kills dozens in Mexico City. Rescuers dig."))
    assert f.embedding is not None and len(f.embedding) == len(quake)


FIGHT = ("{champ} stopped {rival} in the {rnd} round on Saturday to keep his heavyweight title belts. The "
         "champion dropped {rival} with a right hand and the referee waved the fight off. The heavyweight "
         "champion has not lost in years and his title reign goes on, promoters said after the fight.")


def _fighter(rid, champ, rival, rnd, extra=""):
    text = FIGHT.format(champ=champ, rival=rival, rnd=rnd) + extra
    ents = [Entity(text=n, type="person", span=(text.find(n), text.find(n) + len(n)), name=n)
            for n in (champ, rival) + (("Emanuel Steward",) if "Steward" in extra else ())]
    return ArticleRecord(id=rid, title="", text=text, entities=ents)


def test_undated_happenings_of_one_kind_part_on_the_people_their_ledes_name():
    """Two undated fights of one champion against two challengers are two events; a page of the
    same fight naming one more person (his trainer) is not."""
    index = EventIndex()
    first = index.add(event_features(_fighter("a", "Wladimir Klitschko", "Hasim Rahman", "seventh")))
    same = index.add(event_features(_fighter("b", "Wladimir Klitschko", "Hasim Rahman", "seventh",
                                             " Emanuel Steward, his trainer, praised the jab.")))
    other = index.add(event_features(_fighter("c", "Wladimir Klitschko", "Tony Thompson", "sixth")))
    assert same.cluster_id == first.cluster_id
    assert other.cluster_id != first.cluster_id
    blind = EventIndex()  # the same texts without their people: the words alone tie the two fights
    plain = [ArticleRecord.from_dict({**_fighter(i, "Wladimir Klitschko", r, n).as_dict(), "entities": []})
             for i, r, n in (("a", "Hasim Rahman", "seventh"), ("c", "Tony Thompson", "sixth"))]
    assert len({blind.add(event_features(r)).cluster_id for r in plain}) == 1


def test_undated_pages_part_on_the_dates_their_ledes_name():
    assert text_dates("On Sept. 19, 1985, and 7 September; may 3 people; Jan 2.5 million") == {"%09-19", "%09-07"}
    index = EventIndex()
    sept = [_rec(i, f"On Sept. 19 a {QUAKE.format(m='7.1', place='Puebla', day='Tuesday', dead=d, near='Raboso')}")
            for i, d in (("s1", 217), ("s2", 225))]
    later = _rec("o", f"On Oct. 23 a {QUAKE.format(m='7.1', place='Puebla', day='Monday', dead=12, near='Raboso')}")
    placed = [index.add(event_features(r)).cluster_id for r in (*sept, later)]
    assert placed[0] == placed[1] != placed[2]


def test_a_story_index_without_event_clusters_keeps_citations_strict():
    rewrite = _rec("r", "The Harwick utility will replace valves, the Harwick Gazette reported.", "Other",
                   "2024-01-10", media=["Harwick Gazette"])
    index = StoryIndex()
    index.add(features(_rec("o", ORIGIN, "Harwick Gazette", "2024-01-09")))
    assert not index.add(features(rewrite)).links  # too little shared to tell one happening without the clusters


# --- store, CLI and API -----------------------------------------------------------------------------

def _jsonl(tmp_path):
    rows = [
        {"url": "https://wire.example/quake", "title": "Deadly quake hits central Mexico", "published": "2017-09-19",
         "outlet": "Wire One", "text": QUAKE.format(m="7.1", place="Puebla", day="Tuesday", dead=217, near="Raboso")},
        {"url": "https://copy.example/quake", "title": "Deadly quake hits central Mexico", "published": "2017-09-19",
         "outlet": "Copy Site", "text": QUAKE.format(m="7.1", place="Puebla", day="Tuesday", dead=217, near="Raboso")},
        {"url": "https://paper.example/mexico", "title": "Mexico earthquake: rescuers search rubble in Puebla",
         "published": "2017-09-20", "outlet": "Paper Two",
         "text": "Buildings collapsed across Mexico City and Puebla when a 7.1 magnitude earthquake hit on Tuesday "
                 "afternoon. Rescuers and volunteers pulled survivors from the rubble; at least 225 people died, "
                 "the government said, and the epicentre was near Raboso."},
    ]
    path = tmp_path / "quake.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_store_cli_and_api_carry_story_cluster_and_independent_count(tmp_path, new_store):  # SQLite, then PostgreSQL
    from allegedly.cli import main

    db, src = new_store("s.db"), _jsonl(tmp_path)
    runner = CliRunner()
    out = runner.invoke(main, ["ingest", str(src), "--db", db])
    assert out.exit_code == 0 and "stored 3" in out.output  # the wire text at two URLs: two articles
    again = runner.invoke(main, ["ingest", str(src), "--db", db])
    assert "stored 0, already stored 3" in again.output  # the same URLs: idempotent
    listed = runner.invoke(main, ["happenings", "--db", db, "--json"])
    clusters = [json.loads(line) for line in listed.output.splitlines()]
    assert len(clusters) == 1
    c = clusters[0]
    assert c["article_count"] == 3 and c["story_count"] == 2 and c["independent_count"] == 2
    assert {f["article_count"] for f in c["families"]} == {1, 2}
    stories = [json.loads(line) for line in runner.invoke(main, ["stories", "--db", db, "--json"]).output.splitlines()]
    assert {s["event_cluster_id"] for s in stories} == {c["id"]} and stories[0]["event_independent_count"] == 2
    shown = runner.invoke(main, ["happenings", c["id"][:8], "--db", db])
    assert shown.exit_code == 0 and "2 independent sources" in shown.output and "Copy Site" in shown.output
    story = runner.invoke(main, ["story", stories[0]["id"], "--db", db])
    assert f"event cluster {c['id']}" in story.output
    from allegedly.store import connect
    from allegedly.store.clusters import forget, load_event_index

    conn = connect(db)  # each row keeps its lede embedding, and the index replayed from the rows has them
    assert all(e for (e,) in conn.execute("SELECT embedding FROM event_cluster_articles").fetchall())
    forget(conn)
    assert all(c.emb is not None for c in load_event_index(conn).clusters.values())
    conn.close()
    rebuilt = runner.invoke(main, ["stories", "--db", db, "--rebuild", "--json"])
    assert rebuilt.exit_code == 0
    assert [json.loads(x) for x in runner.invoke(main, ["happenings", "--db", db, "--json"]).output.splitlines()][0][
        "independent_count"] == 2

    from fastapi.testclient import TestClient

    from allegedly.web.app import create_app

    client = TestClient(create_app(db))
    api = client.get("/api/event-clusters").json()
    assert api["total"] == 1
    api = api["rows"]
    assert api[0]["id"] == c["id"] and api[0]["independent_count"] == 2
    one = client.get(f"/api/event-clusters/{c['id'][:8]}").json()
    assert one["cluster"]["story_count"] == 2 and sum(len(f["members"]) for f in one["families"]) == 3
    assert client.get("/api/event-clusters/nope").status_code == 404
    assert client.get(f"/api/stories/{stories[0]['id']}").json()["event_cluster"]["id"] == c["id"]
    page = client.get(f"/stories/{stories[0]['id']}").text
    assert f"event cluster <a href=\"/api/event-clusters/{c['id']}\">" in page and "2 independent sources" in page


def _view(sid: str, origin: str, n: int = 1):
    from allegedly.stories.analysis import StoryView
    from allegedly.stories.origin import Origin

    ids = tuple(f"{sid}-{i}" for i in range(n))
    return StoryView(sid, "", ids, Origin(ids[0], origin, None, "credited"), (), (), 1)


def test_sister_titles_of_one_newsroom_are_one_source():
    from allegedly.stories.corroboration import summarise
    from allegedly.stories.names import newsroom_key

    assert newsroom_key("The Observer") == newsroom_key("The Guardian") == "guardian"
    assert newsroom_key("The Mail on Sunday") == newsroom_key("Daily Mail")
    assert newsroom_key("The Independent") != newsroom_key("The Guardian")
    views = [_view("s1", "The Observer", 3), _view("s2", "The Guardian", 2), _view("s3", "The New York Times")]
    assert summarise("c", views, {}).independent == 2
    # two outlets that are not one newsroom stay two
    assert summarise("c", [_view("s1", "The Observer"), _view("s2", "The Independent")], {}).independent == 2


def test_a_family_relaying_unnamed_media_adds_no_source():
    from allegedly.stories.corroboration import summarise
    from allegedly.stories.names import unnamed_media

    assert unnamed_media("Media") and unnamed_media("media in the United States") and unnamed_media("local media")
    assert unnamed_media("US media reports") and unnamed_media("the press")
    for outlet in ("United Press International", "Associated Press", "Press TV", "Media Matters", "Newsweek"):
        assert not unnamed_media(outlet), outlet
    views = [_view("s1", "The Washington Post", 5), _view("s2", "Media"), _view("s3", "The New York Times", 2)]
    view = summarise("c", views, {})
    assert view.independent == 2 and "Media" not in view.sources
    # alone, a relay of unnamed reports is still one source: something reported it
    assert summarise("c", [_view("s2", "local media", 2), _view("s4", "US media reports")], {}).independent == 1
