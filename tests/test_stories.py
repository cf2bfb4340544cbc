"""Stories: clustering copies/rewrites, origin, claim matching, independent sources, store and CLI."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from allegedly.records import ArticleRecord, Claim, Hop
from allegedly.stories import cluster_records
from allegedly.stories.features import content_words, features, jaccard, shingles
from allegedly.stories.index import StoryIndex, containment
from allegedly.stories.names import name_key
from conftest import SEED, needs_shared

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))


def _record(rid, text, outlet, published=None, claims=(), title=""):
    return ArticleRecord(id=rid, title=title, text=text, outlet=outlet, publisher=outlet, published=published,
                         claims=list(claims))


def _claims(text, publisher, chain_tail=(), status="reported"):
    """One claim per line, all with the same chain after the publisher."""
    out, pos = [], 0
    for line in text.split("\n"):
        start = text.index(line, pos)
        pos = start + len(line)
        chain = [Hop(publisher, "publisher"), *[Hop(n, k) for n, k in chain_tail]]
        out.append(Claim(line, (start, pos), status if chain_tail else "asserted", chain=chain))
    return out


# --- pure parts ---------------------------------------------------------------


def test_name_key_meets_short_and_long_outlet_names():
    assert name_key("Sky") == name_key("Sky News") == name_key("SKY NEWS") == "sky"
    assert name_key("The News") == "the news"  # nothing left: keep the words
    assert name_key("Reuters") != name_key("Sky News")


def test_shingles_stay_inside_sentences_and_survive_reordering():
    a = "The council approved the new budget on Tuesday evening. Protesters gathered outside the hall all day."
    b = "Protesters gathered outside the hall all day. The council approved the new budget on Tuesday evening."
    assert shingles(a) == shingles(b)
    assert "according" not in content_words("Prices rose, according to Reuters.")


def test_containment_from_jaccard():
    assert containment(0.5, 100, 100) == pytest.approx(2 / 3, rel=1e-6)
    assert containment(0.8, 80, 100) == pytest.approx(1.0)
    assert containment(0.0, 0, 10) == 0.0


# --- real text: Wikinews --------------------------------------------------------


@needs_shared
def test_copy_with_noise_and_rewrite_join_the_original(wikinews):
    from build_story_corpus import make_record, rewrite, syndicate, split_sentences, body_sentences
    import random
    from datetime import datetime

    raw = wikinews[5]
    rng, when = random.Random(3), datetime(2008, 1, 9, 8)
    orig = make_record(raw.title, split_sentences(raw.text), "Wikinews", when, None)
    copy = make_record(raw.title, syndicate(rng, split_sentences(raw.text), "Metro Post"), "Metro Post", when, None)
    rew = make_record(raw.title + " – Asia Herald", rewrite(rng, body_sentences(raw.text), "Wikinews", when),
                      "Asia Herald", when, "Wikinews")
    index = StoryIndex()
    ids = [index.add(features(r)).story_id for r in (orig, copy, rew)]
    assert ids == [orig.id] * 3
    assert jaccard(features(orig).text_sig, features(copy).text_sig) > 0.6


@needs_shared
def test_different_stories_on_one_topic_stay_apart(wikinews):
    """Many Apple (and Boeing …) articles: same vocabulary, different stories."""
    apple = [r for r in wikinews if "apple" in r.title.lower()]
    assert len(apple) >= 5
    records = [_record(f"a{i}", r.text, "Wikinews", r.published, title=r.title) for i, r in enumerate(apple)]
    views = cluster_records(records)
    assert len(views) == len(records)


@needs_shared
def test_eval_corpus_floors(wikinews):
    from build_story_corpus import build
    from stories_eval import evaluate

    result = evaluate(build(wikinews, sources=30, seed=11))
    assert result["gold_stories"] == 120
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.95
    assert result["origin_accuracy"] >= 0.9
    # every story is one original and what was derived from it: one source per claim,
    # also when the copies' chains are sub-chains of the original's
    assert result["independent_exact"] >= 0.95 and result["drift_independent_exact"] >= 0.95
    assert result["extra_sources"] <= 0.02 and result["drift_extra_sources"] <= 0.02


@needs_shared
def test_short_rewrites_join_their_source_and_same_topic_stories_stay_apart(wikinews):
    """Rewrites keeping a third to a half of their source. Before the rare-name candidates and
    the figures check (seed 7): P 0.961, R 0.811; after: P 1.000, R 0.990."""
    from build_story_corpus import build
    from stories_eval import evaluate

    result = evaluate(build(wikinews, sources=60, seed=7, keep_share=(0.3, 0.5)))
    assert result["precision"] >= 0.97 and result["recall"] >= 0.95
    assert result["origin_accuracy"] >= 0.9


def test_figures_tell_the_next_days_story_from_a_rewrite():
    from allegedly.stories.features import Features, figures
    from allegedly.stories.index import figures_agree

    assert figures("Shares fell 5.2% to 1,723.35 on 10 October 2008; 3 banks") == \
        {"#5.2%", "#1,723.35", "#10", "#2008"}
    sig = features(_record("x", "x", "O")).text_sig

    def f(*keys):
        return Features("a", sig, sig, frozenset(keys))

    monday = f("ftse", "#2008", "#5.2%", "#1,723.35", "#700")
    assert figures_agree(monday, f("ftse", "#2008", "#5.2%", "#1,723.35"))  # a shortened rewrite
    assert not figures_agree(monday, f("ftse", "#2008", "#3.76%", "#4,656.60", "#323.65"))  # the next day
    assert figures_agree(monday, f("ftse", "#2008"))  # too few figures to judge


def test_a_short_rewrite_is_found_through_its_rarest_names():
    """Its word-bag Jaccard with the source is under the LSH threshold; the names and figures
    it shares with no more than RARE_NAME articles bring the source in as a candidate."""
    from allegedly.stories.index import RARE_NAME

    lead = ("Officials of the Kestrel Valley Water Board cut supplies to four districts of Brannock "
            "after the reservoir fell to 12.5% of capacity.")
    body = [f"Paragraph {i} describes {w} in detail for readers." for i, w in
            enumerate("pumps pipes rainfall farmers tariffs schools hospitals rivers canals wells "
                      "meters valves storms forecasts budgets contracts engineers crews trucks tanks".split())]
    index = StoryIndex()
    index.add(features(_record("s", "\n".join([lead, *body]), "Wire")))
    for i in range(RARE_NAME + 2):  # a name this common is no longer tracked
        index.add(features(_record(f"c{i}", f"Residents of the Paragraph district {i} met.", "Other")))
    short = features(_record("r", lead.replace(" cut ", " reduced ") + " according to Wire.", "Daily"))
    first = index.order["s"]  # the LSH holds arrival numbers
    assert first not in index.bag_lsh.query(short.bag_sig)
    assert first not in index.text_lsh.query(short.text_sig)
    assert "s" in index.candidates(short)
    assert "paragraph" in index.names and index.names["paragraph"] is None  # too common: dropped
    assert index.names["brannock"] == ["s"]


@needs_shared
def test_claim_matching_floors(wikinews):
    """The same sentence in the original, its copies and its rewrites is one claim group.

    Measured at seed 11: copy P/R 1.000/0.983, rewrite 1.000/0.980, hedge shown 0.990; the
    misses are short sentences ("This will go down in history …") under MIN_WORDS."""
    from build_story_corpus import build
    from stories_eval import evaluate

    result = evaluate(build(wikinews, sources=30, seed=11, aligned=True))
    assert result["claim_copy_pairs"] > 500 and result["claim_rewrite_pairs"] > 500
    assert result["claim_copy_precision"] >= 0.95 and result["claim_copy_recall"] >= 0.95
    assert result["claim_rewrite_precision"] >= 0.95 and result["claim_rewrite_recall"] >= 0.93
    assert result["claim_hedged"] > 50 and result["claim_hedge_shown"] >= 0.9


def test_claim_matching_scores_merges_and_splits():
    """The scorer itself: a wrong merge costs precision, a split costs recall."""
    from types import SimpleNamespace as NS

    from build_story_corpus import Gold, GoldSentence
    from stories_eval import claim_matching

    def rec(rid, n):
        return _record(rid, "x" * (10 * n), "O", claims=[Claim("x", (10 * i, 10 * i + 9), "asserted") for i in range(n)])

    a, b = rec("a", 2), rec("b", 2)
    gold = Gold("origin", (GoldSentence(0, 9, 0), GoldSentence(10, 19, 1)))
    rows = [(a, "s", True, gold), (b, "s", False, Gold("copy", gold.sentences))]

    def views(groups):
        claims = [NS(group=g, appearances=[(NS(article_id=r, seq=q, status="asserted"), None) for r, q in members])
                  for g, members in enumerate(groups)]
        return [NS(id="s", claims=claims)]

    right = claim_matching(rows, views([[("a", 0), ("b", 0)], [("a", 1), ("b", 1)]]))
    assert (right["claim_copy_precision"], right["claim_copy_recall"]) == (1.0, 1.0)
    merged = claim_matching(rows, views([[("a", 0), ("b", 1)], [("a", 1), ("b", 0)]]))
    assert merged["claim_copy_precision"] == 0.0
    split = claim_matching(rows, views([[("a", 0), ("b", 0)], [("a", 1)], [("b", 1)]]))
    assert split["claim_copy_recall"] == 0.5


# --- origin, matching, independence ----------------------------------------------

LEAD = ("The regional water authority cut supplies to four northern districts after the reservoir fell to "
        "record lows\nEngineers expect the pumping station to reopen once the storms refill the upper basin")


def test_copies_are_not_independent_sources():
    orig = _record("o1", LEAD, "Valley Times", "2020-05-01T08:00", _claims(LEAD, "Valley Times"))
    copy_text = LEAD + "\nSubscribe to our newsletter"
    copy = _record("c1", copy_text, "Metro Post", "2020-05-01T10:00", _claims(copy_text, "Metro Post"))
    cite_text = LEAD.replace("lows", "lows, according to Valley Times")
    cites = _record("r1", cite_text, "Daily Courier", "2020-05-02T09:00",
                    _claims(cite_text, "Daily Courier", [("Valley Times", "outlet")]))
    [view] = cluster_records([copy, cites, orig])  # arrival order is not publication order
    assert view.origin.article_id == "o1"
    assert view.independent == 1
    lead = next(c for c in view.claims if "reservoir" in c.text)
    assert {a.article_id for a, _ in lead.appearances} == {"o1", "c1", "r1"}
    assert {a.status for a, _ in lead.appearances} == {"asserted", "reported"}
    assert [o.key for o in lead.independent] == ["valley times"]
    assert any(e.source == "o1" and e.target == "c1" and e.kind == "copy" for e in view.edges)


def test_two_outlets_with_their_own_sources_are_two_origins():
    a = _record("x1", LEAD, "Valley Times", "2020-05-01", _claims(LEAD, "Valley Times", [("Reuters", "outlet")]))
    b = _record("x2", LEAD, "Metro Post", "2020-05-01", _claims(LEAD, "Metro Post", [("Sky News", "outlet")]))
    [view] = cluster_records([a, b])
    assert all(len(c.independent) == 2 for c in view.claims)


# --- the seed ----------------------------------------------------------------------


def _seed_by_hand(seed_record_text: str) -> ArticleRecord:
    """The seed's claims as issue 3 specifies them: MINA → Sky News → documents → IS defectors."""
    text = seed_record_text
    sentences = [
        "The Islamic State group and Syrian President Bashar al-Assad’s regime have been clandestinely "
        "cooperating for years, Sky News reported on Monday.",
        "Leaked files show that IS and the Assad regime coordinated in practical ways",
        "They also struck an agreement to withdraw IS weapons from the city of Palmyra, according to Sky News.",
        "The files further revealed that IS has been training fighters to attack the West",
        "Some documents purportedly contained orders for a terrorist cell leaving Syria to commit attacks abroad.",
    ]
    claims = []
    for s in sentences:
        start = text.index(s)
        chain = [Hop("MINA", "publisher"), Hop("Sky News", "outlet"), Hop("leaked files", "document"),
                 Hop("IS defectors", "group")]
        claims.append(Claim(s, (start, start + len(s)), "reported", chain=chain))
    return ArticleRecord(id="seed", title="Islamic State, Assad Regime Secretly Cooperated for Years: Sky News",
                         text=text, publisher="MINA", claims=claims)


@needs_shared
def test_seed_by_hand_is_one_story_with_one_independent_origin():
    record = _seed_by_hand(SEED.read_text(encoding="utf-8"))
    [view] = cluster_records([record])
    assert view.article_ids == ("seed",)
    assert view.origin.name == "Sky News" and view.origin.via == "MINA"
    assert view.claims and all(len(c.independent) == 1 for c in view.claims)
    assert all(c.independent[0].label == "IS defectors (via Sky News)" for c in view.claims)
    assert view.independent == 1


@needs_shared
def test_seed_through_the_pipeline_is_a_one_article_story(seed_record):
    [view] = cluster_records([seed_record])
    assert view.article_ids == (seed_record.id,)
    if not seed_record.claims:
        pytest.skip("provenance (issue 3) has not landed: the seed record has no claims yet")
    assert view.independent == 1
    assert all(len(c.independent) == 1 for c in view.claims)


# --- store and CLI -------------------------------------------------------------------


def _corpus():
    other = ("Parliament passed the fisheries bill by a narrow margin late on Thursday night\n"
             "Opposition members walked out before the final vote on the quota amendments")
    orig = _record("o1", LEAD, "Valley Times", "2020-05-01T08:00", _claims(LEAD, "Valley Times"))
    copy_text = LEAD + "\nSubscribe to our newsletter"
    copy = _record("c1", copy_text, "Metro Post", "2020-05-01T10:00", _claims(copy_text, "Metro Post"))
    lone = _record("u1", other, "Asia Herald", "2020-05-03", _claims(other, "Asia Herald"))
    return orig, copy, lone


def test_store_is_incremental_across_connections_and_rebuilds(new_store):  # SQLite, then PostgreSQL
    from allegedly.store import connect, save_record
    from allegedly.store.stories import rebuild

    db = new_store("s.db")
    orig, copy, lone = _corpus()
    conn = connect(db)
    save_record(conn, orig)
    save_record(conn, lone)
    conn.close()
    conn = connect(db)  # a new run: the index comes back from stored signatures
    save_record(conn, copy)
    members = dict(conn.execute("SELECT article_id, story_id FROM story_members").fetchall())
    assert members == {"o1": "o1", "c1": "o1", "u1": "u1"}
    row = conn.execute("SELECT article_count, origin_article, independent_count FROM stories WHERE id='o1'").fetchone()
    assert tuple(row) == (2, "o1", 1)
    n_app = conn.execute("SELECT count(*) FROM claim_appearances WHERE story_id='o1'").fetchone()[0]
    assert n_app == 4  # two shared claims × 2 articles; "Subscribe to our newsletter" is too short to match
    assert rebuild(conn) == 2
    assert dict(conn.execute("SELECT article_id, story_id FROM story_members").fetchall()) == members
    save_record(conn, copy, replace=True)  # ingest --force: the stale index is noticed and rebuilt
    assert conn.execute("SELECT count(*) FROM story_members").fetchone()[0] == 3


def test_a_kept_record_serves_its_story_only_while_its_row_is_unchanged(new_store):  # SQLite, then PostgreSQL
    import dataclasses

    from allegedly.store import connect, save_record

    db = new_store("k.db")
    orig, copy, lone = _corpus()
    conn = connect(db)
    save_record(conn, orig)  # kept in memory for the refresh when its copy arrives
    save_record(conn, lone)
    other = connect(db)  # another process replaces it: same id, same JSON length, another row
    changed = dataclasses.replace(orig, claims=[dataclasses.replace(c, status="reported") for c in orig.claims])
    save_record(other, changed, replace=True)
    other.close()
    save_record(conn, copy)
    statuses = {r[0] for r in conn.execute("SELECT status FROM claim_appearances WHERE article_id = 'o1'")}
    assert statuses == {"reported"}  # read from the store, not the record kept from the first save
    conn.close()


def test_cli_lists_and_shows_stories(new_store):  # SQLite, then PostgreSQL
    from allegedly.cli import main
    from allegedly.store import connect, save_record

    db = new_store("s.db")
    conn = connect(db)
    for r in _corpus():
        save_record(conn, r)
    conn.close()
    runner = CliRunner()
    listed = runner.invoke(main, ["stories", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert "Valley Times" in listed.output and "o1" in listed.output
    shown = runner.invoke(main, ["story", "c1", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "copy" in shown.output and "Metro Post" in shown.output and "asserted" in shown.output
    missing = runner.invoke(main, ["story", "zzz", "--db", db])
    assert missing.exit_code != 0 and "no story matches" in missing.output
    rebuilt = runner.invoke(main, ["stories", "--rebuild", "--db", db, "--json"])
    assert rebuilt.exit_code == 0 and rebuilt.output.count("\n") >= 2


def test_chain_without_publisher_hop_and_short_outlet_name_meet():
    """A relaying outlet named "Sky" in one chain and "Sky News" in another is one origin."""
    a = _record("y1", LEAD, "Valley Times", "2020-05-01", _claims(LEAD, "Valley Times", [("Sky", "outlet")]))
    no_pub = [Claim(c.text, c.span, c.status, chain=[Hop("Sky News", "outlet"), Hop("IS defectors", "group")])
              for c in _claims(LEAD, "Metro Post", [("x", "outlet")])]
    b = _record("y2", LEAD, "Metro Post", "2020-05-01", no_pub)
    [view] = cluster_records([a, b])
    assert view.claims and all([o.key for o in c.independent] == ["sky"] for c in view.claims)


# --- syndicated copies add no source (issue 5) -------------------------------------------

SEED_LIKE = ("Leaked files show that the regime and the militia coordinated the withdrawal from the oasis town\n"
             "The files claim an astonishing level of collusion between the militia and the regime forces\n"
             "Defectors said the militia trained fighters to attack targets abroad for years")
_FULL = [("Sky News", "outlet"), ("leaked files", "document"), ("IS defectors", "anonymous")]


def _with_chains(record, tails):
    """The record with claim i's chain after the publisher replaced by tails[i]."""
    pub = Hop(record.publisher, "publisher")
    claims = [Claim(c.text, c.span, "reported", chain=[pub, *[Hop(n, k) for n, k in tail]])
              for c, tail in zip(record.claims, tails)]
    return ArticleRecord(id=record.id, title=record.title, text=record.text, outlet=record.outlet,
                         publisher=record.publisher, published=record.published, claims=claims)


@pytest.mark.parametrize("copy_first", [False, True])
def test_copy_whose_chain_lost_a_hop_adds_no_source(copy_first):
    """The copy's claims read as 'IS defectors (via leaked files)' or with no attribution at all:
    still Sky News' sources, whichever of the two the copy graph takes for upstream."""
    stamps = ("2016-05-03T08:00", "2016-05-03T07:00") if copy_first else ("2016-05-03T08:00", "2016-05-03T09:00")
    orig = _record("m1", SEED_LIKE, "MINA", stamps[0], _claims(SEED_LIKE, "MINA"))
    copy_text = SEED_LIKE + "\nPress TV"
    copy = _record("p1", copy_text, "Press TV", stamps[1], _claims(copy_text, "Press TV"))
    orig = _with_chains(orig, [_FULL] * 3)
    copy = _with_chains(copy, [_FULL[1:], _FULL, ()])
    [view] = cluster_records([orig, copy])
    assert [e.kind for e in view.edges] == ["copy"]
    assert (view.edges[0].source == "p1") == copy_first  # both directions are exercised
    assert view.independent == 1
    assert len(view.claims) == 3
    for claim in view.claims:
        assert {a.article_id for a, _ in claim.appearances} == {"m1", "p1"}
        assert [o.label for o in claim.independent] == ["IS defectors (via Sky News)"]


def _app(aid, outlet, tail, text="the militia and the regime coordinated the withdrawal"):
    from allegedly.stories.match import Appearance

    chain = ((outlet, "publisher"), *tail)
    return Appearance(aid, 0, outlet, "reported", text, chain, frozenset(text.split()))


def _resolve(apps, edges):
    from allegedly.stories.independence import derivation_links, independent_sources, resolve
    from allegedly.stories.match import ClaimGroup

    origins = resolve(ClaimGroup(0, apps[0].text, tuple(apps)), derivation_links(edges), apps[0].article_id)
    return origins, sorted(o.key for o in independent_sources(origins))


def test_sub_chains_collapse_only_along_copy_edges():
    from allegedly.stories.origin import Edge

    a = _app("a", "Valley Times", [("Reuters", "outlet"), ("officials", "anonymous")])
    b = _app("b", "Metro Post", [("officials", "anonymous")])
    # no edge: two outlets that each name officials are two sources
    assert _resolve([a, b], [])[1] == ["officials", "reuters"]
    origins, keys = _resolve([a, b], [Edge("b", "a", "copy", 0.97)])  # b upstream, but a reads fuller
    assert keys == ["reuters"] and origins[("b", 0)].label == "officials (via Reuters)"
    # a rewrite inherits only from what it rewrote: the original's own attribution stands
    assert _resolve([a, b], [Edge("b", "a", "rewrite", 0.6)])[1] == ["officials", "reuters"]
    assert _resolve([a, b], [Edge("a", "b", "rewrite", 0.6)])[1] == ["reuters"]


def test_a_copy_naming_a_new_source_and_a_citing_cycle():
    from allegedly.stories.origin import Edge

    a = _app("a", "Valley Times", [("Reuters", "outlet")])
    b = _app("b", "Metro Post", [("AP", "outlet")])
    assert _resolve([a, b], [Edge("a", "b", "copy", 0.9)])[1] == ["ap", "reuters"]
    # y relays Sky News, x (a copy, but its chain names y's outlet too) relays y: one source, Sky
    y = _app("y", "Metro Post", [("Sky News", "outlet")])
    x = _app("x", "Daily Courier", [("Metro Post", "outlet"), ("Sky News", "outlet")])
    for edges in ([Edge("y", "x", "copy", 0.95)], [Edge("x", "y", "copy", 0.95)]):
        assert _resolve([x, y], edges)[1] == ["sky"]


def _syndicate(seed: str, agency: str) -> str:
    """The seed under another agency: the dateline's agency replaced, the sign-off line dropped."""
    import re

    m = re.search(r"\(([^()]{2,40})\)\s*[–—-]", seed)
    assert m, "the seed has a dateline with an agency in brackets"
    lines = seed[:m.start(1)].rstrip("\n") + seed[m.start(1):].replace(m.group(1), agency, 1)
    body = lines.rstrip().split("\n")
    if m.group(1) in body[-1]:  # a sign-off naming the agency
        body = body[:-1]
    return "\n".join(body) + "\n"


@needs_shared
def test_seed_and_its_syndicated_copy_are_one_independent_source(tmp_path, seed_text):
    import json

    from allegedly.cli import main

    copy_text = _syndicate(seed_text, "Press TV")
    assert "(Press TV)" in copy_text and copy_text != seed_text
    seed, copy = tmp_path / "seed.txt", tmp_path / "copy.txt"
    seed.write_text(seed_text, encoding="utf-8")
    copy.write_text(copy_text, encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    ingested = runner.invoke(main, ["ingest", str(seed), str(copy), "--db", db])
    assert ingested.exit_code == 0, ingested.output
    listed = runner.invoke(main, ["stories", "--db", db, "--json"])
    [row] = [json.loads(line) for line in listed.output.splitlines() if line.startswith("{")]
    assert (row["article_count"], row["independent_count"]) == (2, 1)
    data = json.loads(runner.invoke(main, ["story", row["id"], "--db", db, "--json"]).output)
    assert any(e["kind"] == "copy" for e in data["edges"])
    shared = [c for c in data["claims"] if len({a["article_id"] for a in c["appearances"]}) == 2]
    assert shared and all(c["independent_count"] == 1 for c in shared)


@needs_shared
def test_seed_copy_with_drifted_chains_through_the_pipeline(pipeline, seed_text):
    """The reviewer's copy: claims that lost the cited outlet in extraction still add no source."""
    from allegedly.ingest.text import parse_text

    orig = pipeline.process(parse_text("seed.txt", seed_text))
    copy = pipeline.process(parse_text("copy.txt", _syndicate(seed_text, "Press TV")))
    assert copy.publisher == "Press TV" and orig.claims
    drifted = [Claim(c.text, c.span, c.status, chain=[h for h in c.chain if h.kind != "outlet"]) for c in copy.claims]
    copy = ArticleRecord(id=copy.id, title=copy.title, text=copy.text, outlet=copy.outlet,
                         publisher=copy.publisher, published=copy.published, claims=drifted)
    for records in ([orig, copy], [copy, orig]):
        [view] = cluster_records(records)
        assert len(view.article_ids) == 2 and view.independent == 1
        shared = [c for c in view.claims if len({a.article_id for a, _ in c.appearances}) == 2]
        assert len(shared) >= len(orig.claims) // 2
        assert all(len(c.independent) == 1 for c in shared)
