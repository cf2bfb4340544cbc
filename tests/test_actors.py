"""Actor dictionary (allegedly/data/actors.json) and the allegedly_actors component."""
from __future__ import annotations

import json
import re
from importlib import resources

import pycountry
import pytest

from tests.conftest import needs_shared

COMPONENTS = ("allegedly_protect_acronyms", "allegedly_line_breaks", "model", "allegedly_actors")


@pytest.fixture(scope="module")
def nlp():
    from allegedly.nlp import build_nlp
    from allegedly.settings import Settings

    # only what the actors need, so a half-finished later component cannot hide a failure here
    return build_nlp(Settings(components=COMPONENTS))


@pytest.fixture(scope="module")
def raw_actors() -> list[dict]:
    return json.loads(resources.files("allegedly.data").joinpath("actors.json").read_text("utf-8"))


def found(nlp, text: str) -> list[tuple[str, str | None, str]]:
    doc = nlp(text)
    assert not doc._.warnings, doc._.warnings
    return [(e.text, e.id, e.type) for e in doc._.actor_entities]


# --- the dictionary -------------------------------------------------------------------


def test_dictionary_shape(raw_actors):
    from allegedly.nlp.actors import TYPES

    assert isinstance(raw_actors, list) and len(raw_actors) >= 150
    ids = [a["id"] for a in raw_actors]
    assert len(ids) == len(set(ids))
    for a in raw_actors:
        assert re.fullmatch(r"actor:[a-z0-9_]+", a["id"]), a["id"]
        assert a["name"] and a["type"] in TYPES, a
        assert all(isinstance(x, str) and x.strip() == x and x for x in a["aliases"]), a["id"]
        assert a["name"].lower() not in {x.lower() for x in a["aliases"]}, a["id"]
        assert set(a.get("strict_aliases", [])) <= {a["name"], *a["aliases"]}, a["id"]
        if a["country"]:
            assert a["country"] == "XK" or pycountry.countries.get(alpha_2=a["country"]), a
        assert a["code"] is None or re.fullmatch(r"[A-Z]{3}", a["code"]), a
        assert a["sector"] is None or re.fullmatch(r"[A-Z]{3}", a["sector"]), a


def test_no_alias_names_two_actors(raw_actors):
    owner: dict[str, str] = {}
    for a in raw_actors:
        for form in {f.lower() for f in (a["name"], *a["aliases"])}:
            assert owner.setdefault(form, a["id"]) == a["id"], f"{form!r}: {owner[form]} and {a['id']}"


def test_codes_agree_with_country(raw_actors):
    for a in raw_actors:
        if a["country"] and a["code"] not in ("IMG", "NGO", "XKX"):
            assert a["code"] == pycountry.countries.get(alpha_2=a["country"]).alpha_3, a["id"]
        if a["type"] in ("igo",):
            assert a["code"] == "IGO", a["id"]


def test_protect_and_event_coder_read_the_file():
    from allegedly.events.actors import actor_dictionary
    from allegedly.nlp.protect import actor_acronyms

    assert {"IS", "ISIS", "WHO", "NATO"} <= actor_acronyms()
    table = actor_dictionary()
    assert table["assad regime"]["id"] == "actor:syrian_government"
    assert table["israeli army"]["code"] == "ISR"


# --- the component on hand-written text --------------------------------------------------


def test_common_words_are_not_actors(nlp):
    assert found(nlp, "It is late. The sky was blue and the plan is simple.") == []
    assert found(nlp, "WHO SAID IT\nNobody knows who said it.") == []
    assert found(nlp, "THE WAR IS OVER\nThis IS important.") == []
    assert found(nlp, "He bought an apple and a ford across the river.") == []
    # strict multi-word forms: lower case is an ordinary phrase
    assert found(nlp, "They dream of an Islamic state in hard financial times; he visited Russia today.") == []
    assert [i for _, i, _ in found(nlp, "Islamic State fighters left the White House.")] == [
        "actor:islamic_state", "actor:white_house"]


def test_strict_aliases_in_name_positions(nlp):
    got = found(nlp, "The WHO warned on Monday, a defector told Sky, and officials told the AP.")
    assert ("WHO", "actor:who", "igo") in got
    assert ("Sky", "actor:sky_news", "media") in got
    assert ("AP", "actor:associated_press", "media") in got


def test_sentence_initial_common_word_needs_support(nlp):
    assert found(nlp, "Sky was grey over London. Sky turned dark.") == []
    assert found(nlp, "Amnesty said the amnesty for rebels was a mistake. Amnesty was granted.") == []
    got = found(nlp, "Amnesty International said so. Amnesty called for a probe.")
    assert [i for _, i, _ in got] == ["actor:amnesty_international"] * 2


def test_capitalised_neighbours_block_strict_alias(nlp):
    ids = {i for _, i, _ in found(nlp, "He watched Sky Sports with Ivanka Trump in Blue Sky Lodge.")}
    assert "actor:sky_news" not in ids and "actor:donald_trump" not in ids
    assert ("Trump", "actor:donald_trump", "person") in found(nlp, "Officials said Mr Trump signed it.")


def test_part_of_a_longer_person_name_is_not_the_actor(nlp):
    got = found(nlp, "Michelle Obama and Laura Bush visited Hafez al-Assad's tomb.")
    assert [i for _, i, _ in got] == ["actor:hafez_al_assad"]


def test_longest_match_the_and_possessive(nlp):
    text = "The Islamic State group and Bashar al-Assad’s regime met the Syrian Arab Army."
    got = found(nlp, text)
    assert got == [
        ("Islamic State group", "actor:islamic_state", "armed_group"),
        ("Bashar al-Assad", "actor:bashar_al_assad", "person"),
        ("Syrian Arab Army", "actor:syrian_arab_army", "military"),
    ]
    doc = nlp(text)
    for e in doc._.actor_entities:
        assert doc.text[e.span[0] : e.span[1]] == e.text
        assert e.source == "actors" and 0 < e.confidence <= 1


def test_strange_docs_do_not_raise(nlp):
    for text in ["", "   \n\n ", "IS", "’s", "the", "\u200b\u200b", "IS IS IS is", "Sky"]:
        doc = nlp(text)
        assert isinstance(doc._.actor_entities, list)


# --- the seed and the corpus -------------------------------------------------------------


@needs_shared
def test_seed_actors(nlp, seed_text):
    doc = nlp(seed_text)
    got = [(e.text, e.id, e.type) for e in doc._.actor_entities]
    assert ("Islamic State group", "actor:islamic_state", "armed_group") in got
    assert sum(1 for t, i, _ in got if t == "IS" and i == "actor:islamic_state") >= 5
    assert ("Assad regime", "actor:syrian_government", "government") in got
    assert ("Sky News", "actor:sky_news", "media") in got
    told_sky = seed_text.index("told Sky.") + len("told ")
    assert any(e.span == (told_sky, told_sky + 3) and e.id == "actor:sky_news" for e in doc._.actor_entities)
    assert ("Royal United Services Institute", "actor:rusi", "think_tank") in got
    assert ("Syrian army", "actor:syrian_arab_army", "military") in got
    assert ("Syrian forces", "actor:syrian_arab_army", "military") in got
    # no lower-case "is" anywhere, and the all-caps teaser lines give no "IS"/"US"
    assert all(t != "is" for t, _, _ in got)
    for e in doc._.actor_entities:
        if e.text == "IS":
            line = seed_text[seed_text.rfind("\n", 0, e.span[0]) + 1 : seed_text.find("\n", e.span[0])]
            assert any(c.islower() for c in line)


@needs_shared
def test_wikinews_corpus(nlp, wikinews):
    with_actors = 0
    for article, doc in zip(wikinews, nlp.pipe(a.text for a in wikinews)):
        assert not doc._.warnings, (article.source, doc._.warnings)
        ents = doc._.actor_entities
        with_actors += bool(ents)
        for e in ents:
            assert doc.text[e.span[0] : e.span[1]] == e.text, article.source
            assert e.text.lower() not in {"is", "who", "sky", "apple", "the"} or e.text[0].isupper()
    # business and markets news: most articles name a company, a government or an outlet
    assert 0.75 * len(wikinews) <= with_actors <= len(wikinews)
