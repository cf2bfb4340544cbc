"""Entity layer tests on real text (the seed) and small hand-written cases."""
from __future__ import annotations

import pytest

from tests.conftest import needs_shared


@pytest.fixture(scope="module")
def nlp():
    from allegedly.nlp import build_nlp

    return build_nlp()


def test_function_word_acronym_parsed_as_name(nlp):
    doc = nlp("Leaked files show that IS and the Assad regime coordinated the withdrawal.")
    is_tok = next(t for t in doc if t.text == "IS")
    assert is_tok.pos_ == "PROPN"
    assert is_tok.dep_ in {"nsubj", "conj"}
    assert is_tok.head.text in {"coordinated", "regime"}


def test_all_caps_headline_and_plain_words_untouched(nlp):
    doc = nlp("THE WAR IS OVER\nThe plan is simple and it works.")
    for tok in doc:
        assert tok.norm_ != "nato", tok.text


@needs_shared
def test_seed_is_tokens_are_proper_nouns(nlp, seed_text):
    doc = nlp(seed_text)
    tags = [t.pos_ for t in doc if t.text == "IS"]
    assert tags and all(pos == "PROPN" for pos in tags)


# --- allegedly_entities: the merge of NER, actors and places ---------------------------

import dataclasses  # noqa: E402

from allegedly.nlp.entities import merge, trim  # noqa: E402
from allegedly.records import Entity  # noqa: E402


def _ent(text, doc_text, type_, source, confidence=0.9, label=None, **kw):
    start = doc_text.index(text)
    return Entity(text=text, type=type_, span=(start, start + len(text)), source=source,
                  confidence=confidence, label=label, **kw)


def test_trim_drops_possessive_and_edge_punctuation():
    text = "Syrian President Bashar al-Assad’s regime and the “Islamic State”, said the U.S."
    s = text.index("Bashar")
    assert text[slice(*trim(text, s, s + len("Bashar al-Assad’s")))] == "Bashar al-Assad"
    s = text.index("“Islamic")
    assert text[slice(*trim(text, s, s + len("“Islamic State”,")))] == "Islamic State"
    s = text.index("U.S.")
    assert text[slice(*trim(text, s, s + 4))] == "U.S."


def test_grounded_mentions_win_over_overlapping_ner():
    text = "Palmyra was retaken, Sky reported, after the Assad Regime Secretly traded oil."
    ner = [_ent("Palmyra", text, "person", "ner", 0.7, "PERSON"),
           _ent("Sky", text, "person", "ner", 0.7, "PERSON"),
           _ent("Assad Regime Secretly", text, "organisation", "ner", 0.6, "ORG")]
    grounded = [_ent("Palmyra", text, "place", "gazetteer", 0.9, id="geonames:170017", country="SY"),
                _ent("Sky", text, "media", "actors", 0.8, id="actor:sky_news"),
                _ent("Assad Regime", text, "government", "actors", 0.95, id="actor:syrian_government")]
    merged = merge(text, grounded, ner)
    assert [(e.text, e.type) for e in merged] == [
        ("Palmyra", "place"), ("Sky", "media"), ("Assad Regime", "government")]
    # the NER label is kept on the grounded mention for reference
    assert merged[0].label == "PERSON" and merged[0].country == "SY"


def test_ner_fills_gaps_and_longest_grounded_wins():
    text = "Dr. Afzal Ashraf of the Royal United Services Institute spoke in London."
    ner = [_ent("Afzal Ashraf", text, "person", "ner", 0.7, "PERSON"),
           _ent("London", text, "place", "ner", 0.7, "GPE")]
    grounded = [_ent("Royal United Services Institute", text, "think_tank", "actors", 0.95),
                _ent("Royal", text, "place", "gazetteer", 0.3),
                _ent("London", text, "place", "gazetteer", 0.9, country="GB")]
    merged = merge(text, grounded, ner)
    assert [(e.text, e.type, e.source) for e in merged] == [
        ("Afzal Ashraf", "person", "ner"),
        ("Royal United Services Institute", "think_tank", "actors"),
        ("London", "place", "gazetteer")]
    assert merged[2].label == "GPE"


def test_merge_output_spans_point_into_text():
    text = "Leaked files show that IS and the Assad regime’s forces coordinated."
    grounded = [_ent("Assad regime’s", text, "government", "actors")]
    merged = merge(text, grounded, [])
    assert [text[slice(*e.span)] for e in merged] == [e.text for e in merged] == ["Assad regime"]


def test_entities_component_never_raises(nlp):
    doc = nlp("")
    assert doc._.entities == []
    doc = nlp("“ ’s ” — ’s")
    assert isinstance(doc._.entities, list)


@needs_shared
def test_seed_merged_entities(seed_record):
    by_text = {}
    for e in seed_record.entities:
        by_text.setdefault(e.text, []).append(e)
        assert seed_record.text[e.span[0]:e.span[1]] == e.text
    assert {e.type for e in by_text["IS"]} == {"armed_group"}
    assert by_text["Islamic State group"][0].id == by_text["IS"][0].id
    for name, country in (("Palmyra", "SY"), ("Raqqa province", "SY"), ("London", "GB"), ("Syria", "SY")):
        assert all(e.type == "place" and e.country == country and e.lat is not None for e in by_text[name]), name
    assert {e.type for e in by_text["Sky"]} == {"media"}  # the model says PERSON
    assert by_text["Assad regime"][0].type == "government"
    assert "Bashar al-Assad" in by_text  # no possessive ’s
    assert by_text["Afzal Ashraf"][0].type == "person"
    assert [(e.type, e.country) for e in by_text["Syrian"]] == [("group", "SY")]  # a nationality
    assert not any(t in by_text for t in ("Ashraf", "Royal", "May", "one", "tank"))
    # nothing from the removed teasers
    assert not any(t in by_text for t in ("NETANYAHU", "HAMAS", "NASA"))


@needs_shared
def test_wikinews_entities_are_consistent(pipeline, wikinews):
    types = set()
    for outcome in pipeline.process_many(wikinews):
        assert outcome.error is None, outcome.error
        rec = outcome.record
        spans = [e.span for e in rec.entities]
        assert spans == sorted(spans)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), rec.source  # no overlaps
        assert all(rec.text[s:e] == ent.text for (s, e), ent in zip(spans, rec.entities))
        assert not outcome.warnings, outcome.warnings
        types |= {e.type for e in rec.entities}
    assert {"person", "place", "organisation", "media", "government"} <= types


def test_a_bare_surname_is_the_person_named_in_full_before():
    from allegedly.nlp.entities import link_surnames

    text = "Apple CEO Steve Jobs spoke. Jobs said the case is free. Later Smith and Jobs left."
    ents = [_ent("Steve Jobs", text, "person", "actors", 0.95, id="actor:steve_jobs", name="Steve Jobs"),
            Entity(text="Jobs", type="organisation", span=(28, 32), source="ner", confidence=0.6, label="ORG"),
            Entity(text="Smith", type="person", span=(62, 67), source="ner", confidence=0.7, label="PERSON"),
            Entity(text="Jobs", type="person", span=(72, 76), source="ner", confidence=0.7, label="PERSON")]
    linked = link_surnames(ents)
    assert [(e.text, e.type, e.id) for e in linked] == [
        ("Steve Jobs", "person", "actor:steve_jobs"), ("Jobs", "person", "actor:steve_jobs"),
        ("Smith", "person", None), ("Jobs", "person", "actor:steve_jobs")]
    assert linked[1].label == "ORG" and linked[1].confidence == 0.8


def test_a_surname_shared_by_two_people_stays_unlinked():
    from allegedly.nlp.entities import link_surnames

    text = "Hillary Clinton met Bill Clinton. Clinton said no."
    ents = [_ent("Hillary Clinton", text, "person", "ner", 0.7, "PERSON"),
            _ent("Bill Clinton", text, "person", "ner", 0.7, "PERSON"),
            _ent("Clinton said", text, "person", "ner", 0.7, "PERSON")]
    ents[2] = dataclasses.replace(ents[2], text="Clinton", span=(ents[2].span[0], ents[2].span[0] + 7))
    linked = link_surnames(ents)
    assert linked[2].name is None


def test_organisations_named_like_outlets_are_media():
    from allegedly.nlp.entities import outlet_like

    for name in ("AppleInsider", "The Register", "Jakarta Post", "the Times", "Fox News", "Radio Free Asia"):
        assert outlet_like(name), name
    for name in ("Boeing", "World Bank", "Consumer Reports", "Canadian Auto Workers", "Newsweek Inc"):
        assert not outlet_like(name), name


def test_ner_mentions_lose_a_leading_lowercase_the(nlp):
    doc = nlp("Officials at the Pentagon and the Canadian Auto Workers said The Guardian was wrong.")
    texts = {e.text for e in doc._.entities}
    assert "Canadian Auto Workers" in texts and "the Canadian Auto Workers" not in texts


def test_an_acronym_defined_in_the_article_is_that_entity():
    from allegedly.nlp.entities import link_acronyms

    text = "Singapore Airlines (SIA) ordered jets. SIA said the SIA deal and the SIAM plan stand."
    full = _ent("Singapore Airlines", text, "company", "actors", 0.95, id="actor:singapore_airlines")
    ner_sia = Entity(text="SIA", type="organisation", span=(text.index("SIA said"), text.index("SIA said") + 3),
                     source="ner", confidence=0.6, label="ORG")
    linked = link_acronyms(text, [full, ner_sia])
    assert [(e.text, e.type, e.id, text[slice(*e.span)]) for e in linked] == [
        ("Singapore Airlines", "company", "actor:singapore_airlines", "Singapore Airlines"),
        ("SIA", "company", "actor:singapore_airlines", "SIA"),
        ("SIA", "company", "actor:singapore_airlines", "SIA"),
        ("SIA", "company", "actor:singapore_airlines", "SIA")]  # "SIAM" is not SIA
    assert link_acronyms("No acronyms (here) at all.", [full]) == [full]


def test_named_seas_and_gulfs_are_not_grounded_to_towns_or_provinces(nlp):
    doc = nlp("Rebels attacked a ship in the Red Sea and another in the Gulf of Aden, officials in Sudan said.")
    places = {e.text: e for e in doc._.entities if e.type == "place"}
    assert not any(e.id and e.id.startswith("iso3166-2:SD") for e in places.values())  # not Sudan's Red Sea state
    assert not any(e.id == "geonames:415189" for e in places.values())  # nor the city of Aden
    assert places["Sudan"].country == "SD"
    doc = nlp("He flew from Aden to Sanaa.")
    assert [e.country for e in doc._.entities if e.text == "Aden"] == ["YE"]


def test_places_found_to_be_people_and_modifiers_are_merged():
    from allegedly.nlp.entities import as_people, with_place_modifiers

    text = "Skater Georgia Smith won. Georgia said Syrian forces left; the Kentucky State Police came."
    georgia = Entity(text="Georgia", type="place", span=(26, 33), label="GPE", source="ner")
    assert as_people([georgia], [(26, 33)])[0].type == "person"
    assert as_people([georgia], [])[0].type == "place"
    syrian = Entity(text="Syrian", type="group", span=(39, 45), label="NORP", source="ner")
    police = Entity(text="the Kentucky State Police", type="organisation", span=(58, 83), label="ORG")
    mod = Entity(text="Syrian", type="place", span=(39, 45), id="geonames:163843", country="SY",
                 lat=35.0, lon=38.0, feature="A.PCLI", source="gazetteer", role="modifier", evidence="demonym")
    inside = Entity(text="Kentucky", type="place", span=(62, 70), id="geonames:6254925", country="US",
                    feature="A.ADM1", source="gazetteer", role="organisation_location")
    out = with_place_modifiers([syrian, police], [mod, inside])
    assert out[0].type == "group" and out[0].role == "modifier" and out[0].id == "geonames:163843"
    assert out[1].type == "organisation" and out[1].location == "geonames:6254925"
    assert not any(e.type == "place" for e in out)  # neither is a place where something happened
