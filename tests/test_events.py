"""Event coding: PLOVER types, participants, place, date, claims; seed acceptance; PLOVER GSR floor."""
from __future__ import annotations

import pytest

from conftest import EVAL, needs_shared

from allegedly.events.ontology import CAMEO_ROOT, PLOVER_TYPES, current_type, quad_class
from allegedly.events.triggers import lexicon
from allegedly.nlp import ArticleContext
from allegedly.records import Claim, Event, Hop


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def code(nlp, text: str, published: str | None = "2016-05-03"):
    doc = nlp.make_doc(text)
    doc._.context = ArticleContext(published=published)
    return nlp(doc)._.events


# --- ontology and lexicon ---------------------------------------------------------------

def test_sixteen_types_each_with_a_cameo_root():
    assert len(PLOVER_TYPES) == 16
    assert set(CAMEO_ROOT) == set(PLOVER_TYPES)
    assert quad_class("18") == 4 and quad_class("03") == 1 and quad_class("06") == 2 and quad_class("12") == 3


def test_old_plover_names_map_to_current_types():
    assert current_type("DEMAND") == "REQUEST"
    assert current_type("DISAPPROVE") == "ACCUSE"
    assert current_type("FIGHT") == "ASSAULT"
    assert current_type("INVESTIGATE") == "ACCUSE"
    assert current_type("assault") == "ASSAULT"
    assert current_type("DOCUMENT") is None


def test_lexicon_only_uses_plover_types():
    lex = lexicon()
    for table in (lex.verbs, lex.nouns, lex.phrasal):
        assert {t for t, _, _ in table.values()} <= set(PLOVER_TYPES)
    assert "say" in lex.report_verbs and "say" not in lex.verbs


# --- rules on single sentences ----------------------------------------------------------

def test_reported_speech_codes_the_content_not_the_report(nlp):
    events = code(nlp, "Sky News reported that Syrian troops attacked rebels in Aleppo.")
    assert [e.type for e in events] == ["ASSAULT"]
    e = events[0]
    assert "troops" in e.actor[0].text and e.actor[0].code == "SYR" and e.actor[0].sector == "MIL"
    assert e.recipient and e.recipient[0].text == "rebels"
    assert e.location is not None and e.location.text == "Aleppo"  # not London, not Sky


def test_coordinated_actors_and_noun_trigger(nlp):
    events = code(nlp, "Israel and Jordan signed a trade agreement in Amman on Monday.")
    e = events[0]
    assert e.type in ("SUPPORT", "AGREE", "COOPERATE")
    assert [p.code for p in e.actor] == ["ISR", "JOR"]
    assert e.date is not None and e.date.iso == "2016-05-02" and e.date.precision == "day"
    assert e.location is not None and e.location.text == "Amman"


def test_the_phrase_head_codes_the_actor_and_dictionary_sectors_win(nlp):
    e = code(nlp, "NATO-member Norway sent troops to Afghanistan.")[0]
    assert [(p.code, p.sector) for p in e.actor] == [("NOR", None)]  # Norway, not the IGO before it
    e = code(nlp, "The US Congress rejected the budget proposed by the president.")[0]
    assert [(p.code, p.sector) for p in e.actor] == [("USA", "LEG")]


def test_negated_agreement_is_a_rejection(nlp):
    events = code(nlp, "The government did not agree to the ceasefire.")
    assert events[0].type == "REJECT" and events[0].mode == "negated"


def test_a_negated_governor_gives_reject_with_rejects_cameo_root(nlp):
    for text in ("Israel did not agree to withdraw its troops from Gaza.",
                 "Russia never promised to send aid to Syria."):
        e = code(nlp, text)[0]
        assert (e.type, e.mode, e.cameo_root) == ("REJECT", "negated", CAMEO_ROOT["REJECT"]), text


def test_refused_to_meet_is_reject_and_promise_of_aid_is_agree(nlp):
    assert code(nlp, "Iran refused to meet the inspectors.")[0].type == "REJECT"
    e = code(nlp, "Japan will provide food aid to Sudan.")[0]
    assert e.type == "AGREE" and e.mode == "intent"
    assert [p.code for p in e.recipient] == ["SDN"]


def test_obligation_is_a_request(nlp):
    events = code(nlp, "Russia said that Sudan must return the helicopter.")
    assert [e.type for e in events] == ["REQUEST"]
    # the one reported statement that is itself the act: the speaker requests, the subject is asked
    assert [p.code for p in events[0].actor] == ["RUS"] and [p.code for p in events[0].recipient] == ["SDN"]


def _recipients(nlp, text: str, typ: str) -> list[tuple[str, str | None]]:
    events = [e for e in code(nlp, text) if e.type == typ]
    assert events, f"no {typ} event in {text!r}"
    return [(p.text, p.code) for e in events for p in e.recipient]


def test_the_owner_of_what_an_act_is_aimed_at_is_its_recipient(nlp):
    # "against Sweden's decision", "on the Taliban religious faction", "calls by Belarus's rulers"
    assert ("Sweden", "SWE") in _recipients(nlp, "Up to 1,000 ethnic Turks began a hunger strike to protest "
                                                 "against Sweden's decision to expel them.", "PROTEST")
    assert [c for _, c in _recipients(nlp, "President Clinton imposed sanctions on the Taliban religious faction.",
                                      "SANCTION")] == ["AFG"]
    assert [c for _, c in _recipients(nlp, "Berlin rejected recent calls by Belarus's rulers for economic aid.",
                                      "REJECT")] == ["BLR"]


def test_dative_and_passive_recipients(nlp):
    assert _recipients(nlp, "The United States is providing military intelligence to Macedonia.", "AID") == [
        ("Macedonia", "MKD")]
    assert _recipients(nlp, "I'll be calling upon the Secretary of Defense for a full debriefing.", "REQUEST") == [
        ("Secretary of Defense", None)]  # 'upon' tagged SCONJ is still the preposition
    got = _recipients(nlp, "Three US servicemen were killed by a roadside bomb near Basra.", "ASSAULT")
    assert [c for _, c in got] == ["USA"] and "servicemen" in got[0][0]


def test_who_is_asked_or_warned_is_the_recipient(nlp):
    # the parser breaks "that the US cancel plans" (cancel as a compound): the named actor stands in
    assert _recipients(nlp, "The PRC demanded that the US cancel plans to sell weapons to Taiwan.", "REQUEST")[0] == (
        "US", "USA")
    assert [c for _, c in _recipients(nlp, "Iran threatened to launch a new offensive unless Baghdad accepted "
                                           "its conditions.", "THREATEN")] == ["IRQ"]
    assert [c for _, c in _recipients(nlp, "Russia threatened to stop the negotiations if the United States goes "
                                           "ahead with the deployment.", "THREATEN")] == ["USA"]


def test_the_territory_acted_on_is_the_recipient_not_a_venue(nlp):
    assert [t for t, _ in _recipients(nlp, "Turkish authorities imposed a curfew in the town of Cizre.", "COERCE")] == [
        "Cizre"]
    e = code(nlp, "Syria will withdraw its troops from Lebanon.")[0]
    assert [p.code for p in e.recipient] == ["LBN"]
    # a meeting or a protest held somewhere is not aimed at the place
    assert _recipients(nlp, "The two leaders met in Geneva on Monday.", "CONSULT") == []
    assert _recipients(nlp, "Thousands of students protested in Paris.", "PROTEST") == []


def test_taken_from_owned_through_of_and_aimed_through_against(nlp):
    # what is taken from someone; the owner two nouns down; whom a war is aimed at
    assert [c for _, c in _recipients(nlp, "Palestinian police in Jericho confiscated weapons and explosives from "
                                           "Palestinian armed groups.", "COERCE")] == ["PSE"]
    assert [c for _, c in _recipients(nlp, "Jewish settlers set fire to the offices of the Palestinian "
                                           "administrators overnight.", "ASSAULT")] == ["PSE"]
    assert [c for _, c in _recipients(nlp, "Britain mobilized army reservists for a possible war against Iraq.",
                                      "MOBILIZE")] == ["IRQ"]
    # what is given comes from the giver, who is no recipient
    assert _recipients(nlp, "Japan received aid from the United States.", "AID") == []


def test_a_visit_targets_its_host_and_a_noun_takes_its_verbs_indirect_object(nlp):
    assert _recipients(nlp, "Iraqi President Saddam Hussein arrived in Amman on a previously unannounced visit.",
                       "CONSULT") == [("Amman", "JOR")]
    assert _recipients(nlp, "The European Community gave the Ivory Coast 5.1 million dollars of aid.", "AID") == [
        ("Ivory Coast", "CIV")]
    assert _recipients(nlp, "The Hamas threatened Monday to resume terrorist activities in Israel.", "THREATEN") == [
        ("Israel", "ISR")]


def test_recipient_rules_stay_out_of_things_and_the_actor_itself(nlp):
    # harm to a thing is harm to its owner; a thing allowed or a product line supported is no one's
    assert _recipients(nlp, "Israeli positions were shelled overnight.", "ASSAULT") == [("Israeli", "ISR")]
    assert _recipients(nlp, "VoIP applications would be allowed over Wi-Fi only.", "AGREE") == []
    assert _recipients(nlp, "These new computers have been set up to support the newest collection of Mac "
                            "software.", "COOPERATE") == []
    # the one warned about is the speaker itself; 'it' is a thing, not the one asked
    assert _recipients(nlp, "The company has warned that it might run out of money by March if more aid was not "
                            "given.", "THREATEN") == []
    assert _recipients(nlp, "Alan Mulally remembered asking, \u201cIt's the best-selling car in America.\u201d",
                       "REQUEST") == []


def test_of_names_who_suffers_a_harm_and_between_whom_a_mediation_runs(nlp):
    assert _recipients(nlp, "Police condemned the arrest of the activists.", "ACCUSE") == [("activists", None)]
    assert [c for _, c in _recipients(nlp, "A group of Chechen refugees are continuing a hunger strike in protest of "
                                           "the Russian government's refusal.", "PROTEST")] == ["RUS"]
    assert [c for _, c in _recipients(nlp, "Sheikh Hamad launched a mediation effort on Saturday between the "
                                           "Emirates and Saudi Arabia.", "CONSULT")] == ["ARE", "SAU"]
    # an attack "from" a place came from there; it is not aimed at it
    assert _recipients(nlp, "Rocket attacks from Gaza continued.", "ASSAULT") == []


def test_a_town_codes_as_its_country_and_west_before_a_name_is_a_compass_point(nlp):
    assert _recipients(nlp, "Turkish authorities have imposed a curfew in the town of Cizre.", "COERCE") == [
        ("Cizre", "TUR")]  # the gazetteer grounds Cizre in Turkey
    assert _recipients(nlp, "Benin opened its borders today to most West Africans.", "CONCEDE") == [
        ("most West Africans", None)]  # not the bloc 'the West'
    assert [c for _, c in _recipients(nlp, "IS trained fighters to attack the West.", "ASSAULT")] == ["WST"]


def test_a_trigger_noun_takes_its_by_agent_and_a_subject_withdrawal_its_of_agent(nlp):
    events = code(nlp, "Attacks by rebels on the army continued.")
    assert [p.text for p in events[0].actor] == ["rebels"]
    events = code(nlp, "The withdrawal of Serbian forces began on Monday.")
    assert [p.code for p in events[0].actor] == ["SRB"]
    # under a verb the clause subject withdraws them, and the place left is the recipient
    e = code(nlp, "The United States speeded up the withdrawal of some invasion forces from Panama.")[0]
    assert [p.code for p in e.actor] == ["USA"] and [p.code for p in e.recipient] == ["PAN"]


def test_no_event_for_an_agreements_content_or_a_bare_noun_beside_a_verb(nlp):
    # the subject is an agreement, not an actor; the bare 'trade agreement' is only mentioned
    assert code(nlp, "The trade agreement in question called for the two sides to trade oil for fertilizer.") == []
    events = code(nlp, "Police arrested the protesters after the demonstration.")
    assert "COERCE" in [e.type for e in events]
    assert not [e for e in events if e.trigger == "demonstration"]  # the bare noun beside the verb
    # a trigger noun alone in its sentence is still the sentence's event
    assert [e.type for e in code(nlp, "A ceasefire in the north of the country.")] == ["RETREAT"]


def test_relative_dates_resolve_against_the_article_date(nlp):
    e = code(nlp, "Police arrested twelve protesters in Cairo a month later.")[0]
    assert e.type == "COERCE"
    assert e.date is not None and e.date.iso and e.date.iso.startswith("2016-06")
    e = code(nlp, "The army shelled the town in March.")[0]
    assert e.date.iso == "2016-03" and e.date.precision == "month"


def test_events_inherit_the_claim_that_holds_the_trigger():
    from allegedly.events.coder import to_event, _claim_of

    claims = [Claim(text="a", span=(0, 100), status="reported", chain=[Hop("MINA", "publisher")]),
              Claim(text="b", span=(10, 40), status="alleged")]
    assert _claim_of(20, claims) == 1  # the innermost claim
    assert _claim_of(60, claims) == 0
    assert _claim_of(200, claims) is None


def test_no_crash_and_no_events_on_strange_docs(nlp):
    for text in ("", "   ", "!!!", "a" * 5000, "“ ” ' \" (", "IS IS IS IS"):
        doc = nlp.make_doc(text)
        doc._.context = ArticleContext()
        out = nlp(doc)
        assert isinstance(out._.events, list)
        assert not [w for w in (out._.warnings or []) if "allegedly_events" in w]


# --- real text ----------------------------------------------------------------------------

@needs_shared
def test_seed_events(seed_record):
    events: list[Event] = seed_record.events
    text = seed_record.text

    def find(types, pred=lambda e: True):
        return [e for e in events if e.type in types and pred(e)]

    coop = find({"COOPERATE", "AGREE"}, lambda e: {p.code for p in e.actor} >= {"SYR"}
                and any("Islamic State" in p.text or p.text == "IS" for p in e.actor))
    assert coop, "cooperation between IS and the Syrian government"
    dated = [e for e in coop if e.report_date is not None]
    assert dated and dated[0].report_date.iso == "2016-05-02"  # "Sky News reported on Monday"
    assert any(e.date is not None and e.date.precision == "duration" for e in coop)  # "for years"
    palmyra = lambda e: e.location is not None and "Palmyra" in e.location.text  # noqa: E731
    assert find({"RETREAT", "AGREE"}, palmyra), "withdrawal of weapons from Palmyra"
    retake = find({"ASSAULT"}, palmyra)
    assert retake and "retook" in retake[0].trigger, "the Syrian army retaking Palmyra"
    assert any(p.code == "SYR" for p in retake[0].actor)
    assert find({"THREATEN", "MOBILIZE"}, lambda e: "train" in (e.trigger or "")), "IS training fighters"
    # the standfirst's bare "the regime": the one state whose government and army the article names
    [regime] = [p for e in events for p in e.actor if p.text == "regime"]
    assert (regime.code, regime.sector) == ("SYR", "GOV")
    for e in events:  # evidence spans point into the cleaned text
        assert 0 <= e.span[0] < e.span[1] <= len(text)
        assert text[e.span[0]:e.span[1]].split()[0] in (e.trigger or "")


@needs_shared
def test_seed_events_carry_claim_status_and_chain(seed_record):
    if not seed_record.claims:
        pytest.skip("the provenance component (issue 3) produced no claims yet")
    key = [e for e in seed_record.events if e.type in ("ASSAULT", "RETREAT", "COOPERATE", "MOBILIZE", "AGREE")]
    assert key
    for e in key:
        if e.claim is None:
            continue
        claim = seed_record.claims[e.claim]
        assert claim.span[0] <= e.span[0] < claim.span[1]
        assert e.status == claim.status
    statuses = {e.status for e in key if e.claim is not None}
    assert statuses & {"reported", "alleged", "claimed"}
    assert all(seed_record.claims[e.claim].chain for e in key if e.claim is not None)


@needs_shared
def test_no_event_from_teasers(seed_record):
    teasers = [r for r in seed_record.removed if "also read" in r.text.lower()]
    if not teasers:
        pytest.skip("the cleaning rules (issue 2) removed no teaser yet")
    assert "Also Read" not in seed_record.text
    for e in seed_record.events:
        assert "NETANYAHU" not in (e.trigger or "") and "NASA" not in (e.trigger or "")
        for r in teasers:  # no event sits where a teaser was cut
            assert not (e.span[0] <= r.at < e.span[1]) or r.at in (e.span[0], e.span[1])


@needs_shared
def test_a_bare_government_is_the_one_state_the_article_names(pipeline, wikinews):
    """'He said that the government was buying bad loans': the US, the only government named;
    with two states' governments or forces named it stays uncoded."""
    from allegedly.events.actors import home_state
    from allegedly.records import Entity

    us = Entity("US government", "government", (0, 13), country="US")
    assert home_state([us, Entity("US Army", "military", (20, 27), country="US")]) == "USA"
    assert home_state([us, Entity("Canadian government", "government", (30, 49), country="CA")]) is None
    assert home_state([Entity("Toronto", "place", (0, 7), country="CA")]) is None
    [shares] = [r for r in wikinews if r.title.startswith("Shares worldwide surge due to US government plan")]
    record = pipeline.process(shares)
    coded = [p.code for e in record.events for p in e.actor if p.text.lower() == "government"]
    assert coded and set(coded) == {"USA"}


def test_teaser_lines_give_no_event_even_uncleaned(nlp, seed_text):
    """The seed's 'Also Read' teasers are cut by cleaning; the coder also ignores them in raw text."""
    body = seed_text.split("\n", 1)[1]
    # the seed's teasers are all-caps; a mixed-case one must be ignored too
    last = list(__import__("re").finditer(r"Also Read:[^\n]*", body))[-1]
    body = body[: last.start()] + "Also Read: Israeli troops attacked protesters in Gaza on Friday" + body[last.end():]
    events = code(nlp, body)
    teasers = [(m.start(), m.end()) for m in __import__("re").finditer(r"Also Read:[^\n]*", body)]
    assert len(teasers) == 2
    assert events
    for e in events:
        assert not any(a <= e.span[0] < b for a, b in teasers), e


@needs_shared
def test_wikinews_articles_code_without_errors(pipeline, wikinews):
    outcomes = list(pipeline.process_many(wikinews[:40]))
    records = [o.record for o in outcomes if o.record]
    assert len(records) == 40
    assert sum(len(r.events) for r in records) > 40
    for r in records:
        for e in r.events:
            assert e.type in PLOVER_TYPES or e.type == "OTHER" and e.mode in ("disaster", "accident", "epidemic")
            assert 0 <= e.span[0] < e.span[1] <= len(r.text)
    assert not [w for o in outcomes for w in o.warnings if "allegedly_events" in w]


@pytest.mark.skipif(not EVAL.exists(), reason=f"needs the PLOVER gold standard at {EVAL}")
def test_plover_gold_type_accuracy_floor():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
    from plover_eval import evaluate

    result = evaluate(EVAL)
    assert result["records"] >= 300
    assert result["type_accuracy"] >= 0.86  # measured 0.870 (280/322); issue target 0.85
    assert result["source_text"] >= 0.89  # measured 0.892
    assert result["source_code"] >= 0.79  # measured 0.809 (0.704 before the sentence's country for domestic actors)
    assert result["target_text"] >= 0.71  # measured 0.727 (0.433 before owners, asked clauses, territories)
    assert result["target_code"] >= 0.68  # measured 0.699 (0.635 before; 0.369 before roles)
    assert result["reported_speech_events"] == 0


def test_grounded_places_and_actor_entities_from_the_entity_layer(nlp):
    from allegedly.events.coder import code_doc
    from allegedly.records import Entity

    text = "Syrian forces retook the city of Palmyra from Daesh fighters."
    doc = nlp.make_doc(text)
    doc._.context = ArticleContext(published="2016-05-03")
    doc = nlp(doc)
    start = text.index("Palmyra")
    doc._.entities = [
        Entity("Palmyra", "place", (start, start + 7), id="geonames:170592", name="Tadmur",
               lat=34.56, lon=38.28, country="SY", feature="P.PPLA2"),
        Entity("Daesh", "armed_group", (text.index("Daesh"), text.index("Daesh") + 5), id="actor:islamic_state"),
    ]
    e = code_doc(doc)[0]
    assert e.type == "ASSAULT" and e.cameo_root == "19"
    assert e.location is not None and e.location.geonames_id == 170592 and e.location.country == "SY"
    assert e.actor[0].code == "SYR" and e.actor[0].sector == "MIL"


def test_actor_dictionary_file_is_used_when_present(tmp_path, monkeypatch):
    import json

    from allegedly.events import actors

    (tmp_path / "actors.json").write_text(json.dumps({"actors": [
        {"id": "actor:sky_news", "name": "Sky News", "aliases": ["Sky"], "country": "GB", "type": "media"}]}))
    monkeypatch.setattr(actors, "DATA", tmp_path)
    actors.actor_dictionary.cache_clear()
    try:
        table = actors.actor_dictionary()
        assert table["sky"]["name"] == "Sky News" and table["sky_news"]["name"] == "Sky News"
        assert actors._entry_code(table["sky"]) == ("GBR", "MED")
    finally:
        actors.actor_dictionary.cache_clear()


# --- words of war without war, places of the target, datelines, future dates -------------

def article(pipeline, text: str, published: str | None = None):
    """A full article pass (cleaning, dateline, entities), for rules that need the dateline."""
    from allegedly.records import RawArticle

    prepared = pipeline.prepare(RawArticle(source="test", title="t", text=text, published=published))
    return pipeline.nlp(prepared.doc)._.events


@pytest.mark.parametrize("text", [
    "Industry experts say the deal had been killed by the Pentagon.",  # a deal killed: no act, no agreement
    "Ryanair has been attempting to take over Aer Lingus since December.",  # a company taken over
    "I think the machines just took over.",
    "That contract was fought for between Boeing and Lockheed Martin.",
    "He said the process would be one that is executed quickly.",
    "Ford will fire 12% of its 53 executive officers.",  # a dismissal, not a shooting
    "Fourteen plants will be closed.",
    "Garuda Indonesia Flight 200, which killed 21 people, crashed in Yogyakarta.",  # an accident, no attacker
    "The Standard & Poor's 500 Index struck a ten-month high.",
    "This threatens the entire global growth story.",
    "Jean-Claude Trichet warned that talk of a complete recovery might be premature.",  # a judgement
    "The left winglet struck the side of the hangar.",  # a collision
    "The earthquake struck Haiti.",
    "The Airbus A330 jetliner crashed into the Atlantic Ocean in June, killing all 228 people on board.",
    "The Shanghai Composite Index lost 6.3 percent to close the day at 1,723.35.",
    "GM had spent $10.2 billion in an effort to prevent bankruptcy.",
    # an effort, not a battle
    "Facing its worst financial crisis since 1989, the government is fighting to stem off a crash and restore "
    "consumer confidence.",
])
def test_words_of_war_in_business_and_accidents_are_no_conflict_event(nlp, text):
    events = code(nlp, text)
    assert not [e for e in events if e.type in ("ASSAULT", "COERCE", "THREATEN", "AGREE")], (text, events)


def test_the_violent_sense_stays_with_people_places_and_weapons(nlp):
    assert [e.type for e in code(nlp, "Rebels took over the airport.")] == ["ASSAULT"]
    assert [e.type for e in code(nlp, "Troops fired on the crowd.")] == ["ASSAULT"]
    assert [e.type for e in code(nlp, "The regime executed 12 prisoners.")] == ["ASSAULT"]
    e = code(nlp, "Israel struck a convoy near Damascus.")[0]  # transitive 'strike' is an attack
    assert e.type == "ASSAULT" and e.location is not None and e.location.text == "Damascus"
    assert [e.type for e in code(nlp, "Security forces tortured scores of refugees.")] == ["ASSAULT"]
    assert [e.type for e in code(nlp, "A rocket struck the building.")] == ["ASSAULT"]
    assert [e.type for e in code(nlp, "Snipers struck the convoy.")] == ["ASSAULT"]
    assert [e.type for e in code(nlp, "Rebels stormed the base, killing 12 soldiers.")] == ["ASSAULT"]
    for text in ("Rebels fought to retake the town.", "Soldiers fought to protect civilians.",
                 "Troops fought to defend the city.", "The rebels fought for three days."):
        assert [e.type for e in code(nlp, text)] == ["ASSAULT"], text
    assert "COERCE" in [e.type for e in code(nlp, "The planes cannot fly to Europe because the airlines are banned.")]


def test_who_attributes_an_act_did_not_do_it_and_a_company_protest_is_an_accusation(nlp):
    events = code(nlp, "Officials attributed the blast to a car bomb.")
    assert all("Officials" not in p.text for e in events for p in e.actor)
    e = code(nlp, "Boeing said it expects there will be a protest of the award by Boeing.")[0]
    assert e.type == "ACCUSE"  # a protest filed by a company, not a demonstration, not a threat
    assert [e.type for e in code(nlp, "Thousands of workers will protest in Detroit.")] == ["THREATEN"]


def test_a_grounded_place_on_the_target_is_the_location_not_the_recipient(nlp):
    e = code(nlp, "Al-Shabaab militants attacked a military base in Somalia on Saturday.")[0]
    assert e.location is not None and e.location.text == "Somalia"
    assert "Somalia" not in [p.text for p in e.recipient]
    e = code(nlp, "The Houthis fired a missile at a ship in the Red Sea.")[0]
    assert e.type == "ASSAULT" and e.location is not None and e.location.text == "Red Sea"


def test_the_dateline_is_never_part_of_an_actor(pipeline):
    events = article(pipeline, "TRIPOLI, Libya, Aug. 28, 2023 (AP) - Clashes between rival militias in Tripoli "
                               "killed 55 people on Monday, the health ministry said.", "2023-08-28")
    assert [e.type for e in events] == ["ASSAULT"]  # the clashes that killed are one event
    e = events[0]
    assert [p.text for p in e.actor] == ["rival militias"]
    assert e.location is not None and e.location.text == "Tripoli"
    assert e.date is not None and e.date.iso == "2023-08-28"


def test_the_town_is_not_the_dateline_city(pipeline):
    events = article(pipeline, "LONDON, Nov. 5, 2005 (Reuters) - Troops will withdraw from the town on Friday. "
                               "Rebels attacked the base on November 2.", "2005-11-05")
    # "the town" never refers back to the dateline city; the dateline is only the last resort, said so
    assert events and all(e.location is None or e.location.text != "LONDON" or e.place_by == "dateline"
                          for e in events)
    assert all(e.place_by != "own" or e.location.text != "LONDON" for e in events)


@pytest.mark.parametrize("text,iso", [
    ("It is expected that the jet will wear the livery of Singapore Airlines when it arrives on November 11.",
     "2005-11-11"),
    ("The Malaysia visit will be rescheduled for November 17.", "2005-11-17"),
    ("The minister will visit Malaysia on November 11.", "2005-11-11"),
    ("Rebels attacked the base on November 2.", "2005-11-02"),
    ("Rebels attacked the base on November 20.", "2004-11-20"),  # past tense: the last November 20
])
def test_a_year_less_date_resolves_forward_in_a_future_clause_and_back_in_a_past_one(nlp, text, iso):
    events = code(nlp, text, published="2005-11-05")
    assert events and events[0].date is not None and events[0].date.iso == iso, (text, events)


def test_the_town_refers_back_to_a_town_not_a_sea(nlp):
    events = [e for e in code(nlp, "The jetliner crashed into the Atlantic Ocean in June. Rebels stormed the town.")
              if e.type == "ASSAULT"]
    assert events and all(e.location is None or "Ocean" not in e.location.text for e in events)


def test_premises_and_companies_are_targets_of_force_but_not_of_business(nlp):
    assert [e.type for e in code(nlp, "Militants attacked the gas facility in the delta.")] == ["ASSAULT"]
    assert [e.type for e in code(nlp, "Rebels bombed a factory in Aleppo.")] == ["ASSAULT"]
    assert [e.type for e in code(nlp, "Hackers attacked Sony on Monday.")] == ["ASSAULT"]
    assert not [e for e in code(nlp, "Ford will close 14 plants.") if e.type in ("ASSAULT", "COERCE", "THREATEN")]
    assert not code(nlp, "Ryanair attempted to take over Aer Lingus.")


def test_who_is_allowed_is_the_recipient(nlp):
    for text, who in [("The electoral court allowed opposition leader Kofi Mensah to stand in the election.", "Mensah"),
                      ("The junta decided to allow the UN envoy to enter the country.", "UN envoy")]:
        events = code(nlp, text)
        assert any(who in p.text for e in events for p in e.recipient), (text, events)


def test_the_territory_of_a_noun_triggers_object_is_its_recipient(nlp):
    events = code(nlp, "The government announced the withdrawal of its remaining troops from Chad on Friday.")
    [retreat] = [e for e in events if e.type == "RETREAT"]
    assert [p.text for p in retreat.recipient] == ["Chad"]


# --- issue 13: PLOVER fidelity, happenings, main events, dates and places everywhere -----------

@pytest.mark.parametrize("text,typ,mode", [
    ("Rebels destroyed the bridge.", "ASSAULT", "destroy"),  # PLOVER 2021: destroy property is ASSAULT
    ("Gunmen kidnapped two aid workers.", "ASSAULT", "abduct"),
    ("Militants blew up the pipeline.", "ASSAULT", "explosives"),
    ("Armed men looted shops in the capital.", "ASSAULT", "destroy"),
    ("A mob lynched the suspect.", "ASSAULT", "beat"),
    ("Turkish forces set up a new observation post in Idlib.", "MOBILIZE", "troops"),
    ("The army established two military bases near the border.", "MOBILIZE", "troops"),
    ("Police found a cache of weapons in the village.", "COERCE", "confiscate"),
    ("Soldiers discovered a large amount of ammunition believed to belong to the rebels.", "COERCE", "confiscate"),
    ("Warplanes dropped barrel bombs on the town.", "ASSAULT", "aerial"),
    ("Mortar rounds landed near the compound.", "ASSAULT", "heavy-weapons"),
    ("Argentina has apologized to Brazil.", "SUPPORT", None),  # CAMEO 055 → PLOVER SUPPORT
])
def test_plover_2021_fidelity(nlp, text, typ, mode):
    events = code(nlp, text)
    assert [(e.type, e.mode) for e in events if e.main == "article"] == [(typ, mode)], events


def test_protest_nouns_and_force_against_protesters(nlp):
    e = code(nlp, "Security forces violently suppressed a peaceful protest outside the court.")
    assert "PROTEST" in [x.type for x in e] and "ACCUSE" not in [x.type for x in e]
    events = code(nlp, "Riot police fired tear gas to disperse student protesters outside parliament.")
    assert [x.type for x in events if x.main == "article"] == ["PROTEST"]  # the force elaborates the protest
    assert {"ASSAULT", "COERCE"} & {x.type for x in events}  # the police act keeps its own event
    events = code(nlp, "Activists staged a sit-in outside the ministry, demanding the release of detainees.")
    assert [x.type for x in events if x.main == "article"] == ["PROTEST"]
    # arresting the protesters intervenes in their protest (ACLED: protest with intervention): both are
    # recorded and the protest leads; an arrest with no protest in sight stays the main event
    events = code(nlp, "Police arrested the protesters after the demonstration.")
    assert {x.type for x in events} >= {"COERCE", "PROTEST"}
    assert [x.type for x in events if x.main == "article"] == ["PROTEST"]
    events = code(nlp, "Police arrested the opposition leader in the capital on Monday.")
    assert [x.type for x in events if x.main == "article"] == ["COERCE"]


def test_an_adjective_names_no_event(nlp):
    events = code(nlp, "The US-backed forces entered a locally established market.")
    assert not [e for e in events if e.type in ("SUPPORT", "COERCE")]
    assert not [e for e in code(nlp, "Members of the banned party met in Cairo.") if e.trigger == "banned"]


@pytest.mark.parametrize("text,kind", [
    ("An explosion at a chemical plant killed three workers.", "accident"),
    ("A drone captured dramatic footage of the landslides triggered by the earthquake.", "disaster"),
    ("At least five people were killed after a volcano erupted off the coast.", "disaster"),
    ("A chemical leak at the factory has killed ten people.", "accident"),
])
def test_accidents_and_disasters_are_no_conflict(nlp, text, kind):
    events = code(nlp, text)
    assert not [e for e in events if e.type in ("ASSAULT", "PROTEST", "COERCE")], events
    assert [e.mode for e in events if e.type == "OTHER"] and all(
        e.mode == kind and e.cameo_root is None for e in events if e.type == "OTHER")


def test_a_bomb_at_a_plant_is_still_an_attack(nlp):
    assert "ASSAULT" in [e.type for e in code(nlp, "Militants detonated a bomb at the gas plant, killing four.")]


def test_one_main_event_per_article_and_per_sentence(nlp):
    events = code(nlp, "Protesters rallied in Minsk on Sunday. They demanded the release of detained activists.")
    assert [e.type for e in events if e.main == "article"] == ["PROTEST"]
    sentence_mains = [e for e in events if e.main in ("article", "sentence")]
    assert len(sentence_mains) == 2  # one per sentence that has events
    assert all(0.0 < e.confidence < 1.0 for e in events)


def test_every_event_gets_a_date_and_says_how(nlp):
    events = code(nlp, "Rebels attacked the base. The army shelled the town in March.", published="2016-05-03")
    undated, dated = events[0], events[-1]
    assert undated.date is not None and undated.date.iso == "2016-05-03" and undated.date.precision == "publication"
    assert dated.date.iso == "2016-03" and dated.date.precision == "month"


def test_place_falls_back_to_the_sentence_then_the_dateline(pipeline):
    events = article(pipeline, "KABUL, Afghanistan, May 3, 2016 (AP) - Gunmen killed two guards. "
                               "In Herat, officials said the attackers were arrested.", "2016-05-03")
    assert events and all(e.location is not None and e.place_by for e in events)
    assert {e.place_by for e in events} <= {"own", "sentence", "dateline", "article"}
    first = events[0]
    assert first.place_by == "dateline" and first.location.country == "AF"  # Kabul, or its country when
    # the all-caps town is not grounded; never Herat, which is another sentence's place


def test_main_and_place_by_reach_the_store_and_the_exports(tmp_path):
    from allegedly.export import OUR_COLUMNS, gdelt_row, load_events, plover_record
    from allegedly.records import ArticleRecord, EventDate, Place
    from allegedly.store import connect, save_record

    text = "Rebels attacked the base in Homs."
    ev = Event(type="ASSAULT", cameo_root="18", span=(7, 15), trigger="attacked", main="article", place_by="own",
               location=Place("Homs", 169577, 34.7, 36.7, "SY"), date=EventDate("2016-05-03", None, "publication"))
    conn = connect(tmp_path / "t.db")
    assert save_record(conn, ArticleRecord(id="0123456789abcdef", title="t", text=text, published="2016-05-03",
                                           events=[ev]))
    row = conn.execute("SELECT main, place_by, date_precision FROM events").fetchone()
    assert tuple(row) == ("article", "own", "publication")
    e = load_events(conn)[0]
    assert dict(zip(OUR_COLUMNS, gdelt_row(e)[61:]))["main_event"] == "article"
    rec = plover_record(e)
    assert rec["mainEvent"] == "article" and rec["eventLoc"]["chosenBy"] == "own"


def test_calibrated_confidence_is_a_probability():
    from allegedly.events.calibration import calibrated, model

    assert model() is not None, "allegedly/data/event_calibration.json ships with the package"
    assert 0.0 < calibrated("ACCUSE", None, 0.5) < calibrated("ASSAULT", "sentence", 0.9) < 1.0


def test_violence_named_in_an_accusation_is_recorded_too(nlp):
    events = code(nlp, "Human Rights Watch accused the security forces of killing civilians in the village.")
    types = [e.type for e in events]
    assert "ACCUSE" in types and "ASSAULT" in types
    # the sentence states an accusation (PLOVER's coders code that); the article is about the killing
    assert [e.type for e in events if e.main == "article"] == ["ASSAULT"]
    assert any(e.type == "ACCUSE" and e.main == "sentence" for e in events)


# --- second round of issue 13: misses on real news, actor countries -------------------------

def _types(events) -> set[str]:
    return {e.type for e in events}


def test_weapons_inside_what_was_found_and_the_noun_a_participle_describes(nlp):
    found = code(nlp, "Two bags containing hand grenades were discovered near the bridge on Monday.")
    assert [(e.type, e.mode) for e in found] == [("COERCE", "confiscate")]
    gas = code(nlp, "Villagers fell ill after toxic gas used by the militants spread through the valley.")
    assert ("ASSAULT", "chemical") in {(e.type, e.mode) for e in gas}
    assert ("COERCE", "confiscate") not in {(e.type, e.mode) for e in code(nlp, "Two bags of clothes were discovered.")}


def test_dispersing_a_crowd_by_force_implies_the_gathering(nlp):
    events = code(nlp, "Police fired tear gas and rubber bullets to disperse the crowd in the main square.")
    assert "PROTEST" in _types(events) and "OTHER" not in _types(events)  # crowd control rules out an accident
    assert [e.type for e in events if e.main == "article"] == ["PROTEST"]


def test_a_protest_named_as_the_setting_stays_a_protest(nlp):
    events = code(nlp, "A police officer hits a protester with his baton during a demonstration in the capital.")
    assert {"ASSAULT", "PROTEST"} <= _types(events) and "ACCUSE" not in _types(events)


def test_taken_to_hospital_is_no_protest_but_taking_to_the_streets_is(nlp):
    assert "PROTEST" not in _types(code(nlp, "The driver was taken to hospital after his car overturned."))
    assert "PROTEST" in _types(code(nlp, "Thousands of teachers took to the streets of the capital on Friday."))


def test_a_person_captured_is_arrested_a_town_captured_is_assaulted(nlp):
    assert [(e.type, e.mode) for e in code(nlp, "The army captured a senior rebel commander.")] == [("COERCE", "arrest")]
    assert [e.type for e in code(nlp, "Rebels captured the town after heavy fighting.") if e.main == "article"] == ["ASSAULT"]


@pytest.mark.parametrize("text, typ, phrase", [
    ("Militants charged an army camp outside the town at night.", "ASSAULT", "charged"),
    ("Government forces pushed the rebels out of three villages.", "ASSAULT", "pushed"),
    ("The army established control over the whole district.", "ASSAULT", "established"),
    ("Mourners lit candles to honour the student killed by police.", "PROTEST", "lit"),
    ("The rioters used live ammunition against the guards.", "ASSAULT", "used"),
])
def test_acts_named_by_a_pair_of_words(nlp, text, typ, phrase):
    assert any(e.type == typ and phrase in e.trigger for e in code(nlp, text))


def _codes(events, role: str) -> list[tuple[str, str | None]]:
    main = [e for e in events if e.main == "article"] or events
    return [(p.text, p.code) for p in getattr(main[0], role)]


def test_actor_country_from_the_phrase_and_its_sentence(nlp):
    from allegedly.events.actors import _demonym

    assert _codes(code(nlp, "Rebels in the Ivory Coast rejected the offer."), "actor") == [("Rebels", "CIV")]
    assert _codes(code(nlp, "Gambian President Dawda Jawara will mediate the dispute."), "actor")[0][1] == "GMB"
    # a domestic actor takes the one country its sentence names
    assert _codes(code(nlp, "President Omar El Bashir lifted the curfew imposed in Sudan."), "actor")[0][1] == "SDN"
    assert _codes(code(nlp, "The Mozambique government accepted demands from Shona rebels."), "recipient") == [
        ("Shona rebels", "MOZ")]
    # … but a leader facing that country's coded side is not given its country
    assert _codes(code(nlp, "President Smith met the German chancellor in Berlin."), "actor")[0][1] != "DEU"
    # two countries named: no guess
    assert _codes(code(nlp, "President Smith criticised France and Spain."), "actor")[0][1] is None
    assert (_demonym("fijian"), _demonym("togolese"), _demonym("chadian"), _demonym("zambian")) == (
        "FJI", "TGO", "TCD", "ZMB")


def test_a_group_facing_its_own_leader_and_an_act_as_source_take_the_sentence_country(nlp):
    # protesters against their own president are at home (a person facing the state would not be)
    events = code(nlp, "Islamic fundamentalists continued their hunger strike to demand the resignation of "
                       "Algerian President Ahmed Ben Bella.")
    assert _codes(events, "actor") == [("Islamic fundamentalists", "DZA")]
    assert _codes(code(nlp, "A minefield explosion near the town of Samarra killed two Iraqi youths."), "actor") == [
        ("minefield explosion", "IRQ")]


def _countries_plain(span) -> set[str]:
    """The country scan before it skipped n-grams (kept here as the reference)."""
    from allegedly.events.actors import _demonym, country_table

    table, words = country_table(), [t.text.lower() for t in span]
    found: set[str] = set()
    covered: set[int] = set()
    for n in (6, 5, 4, 3, 2, 1):
        for i in range(len(words) - n + 1):
            if covered & set(range(i, i + n)):
                continue
            key = " ".join(words[i : i + n]).removesuffix(" 's").removesuffix(" ’s")
            if n == 1 and not span[i].text[:1].isupper():
                continue
            code = table.get(key) or (_demonym(key) if n == 1 else None)
            if code:
                found.add(code)
                covered |= set(range(i, i + n))
    return found


def test_country_scan_skips_only_ngrams_no_name_starts_with():
    import spacy

    from allegedly.events.actors import _countries_in

    nlp = spacy.blank("en")
    texts = [
        "The Republic of Korea and North Korea 's leaders met in Seoul.",
        "turkey 's price rose; Turkey 's army moved; the Chadian and Fijian envoys left.",
        "People 's Republic of China , United States of America , Democratic Republic of the Congo",
        "Iraqi  forces \n\n entered Mosul ’s old city with Syrian and Iranian backing .",
        "new york and New Zealand and new   zealand 's Bosnia and Herzegovina",
        "", "'s", "Korea", "of the of the",
    ]
    for doc in nlp.pipe(texts):
        assert _countries_in(doc[:]) == _countries_plain(doc[:]), doc.text
    for path in EXAMPLES_TEXTS():
        doc = nlp(path)
        assert _countries_in(doc[:]) == _countries_plain(doc[:])


def EXAMPLES_TEXTS() -> list[str]:
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "examples" / "articles"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in (folder / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    return texts


def test_event_features_weigh_each_word_as_the_plain_loop_did():
    from collections import Counter
    from types import SimpleNamespace

    from allegedly.stories.clusters import (CORE, LEDE_WEIGHT, event_features, text_dates, text_figures,
                                            word_prior)
    from allegedly.stories.features import STOP, content_words, sentences, stem, words

    for k, text in enumerate(EXAMPLES_TEXTS()):
        title = text.split("\n", 1)[0][:80]
        record = SimpleNamespace(id=f"a{k}", text=text, title=title, entities=[], published=None)
        bag: Counter[str] = Counter()
        prior: dict[str, float] = {}
        for part, counted in ((text, True), (title, False)):  # the loop word by word, as it was
            for w in words(part):
                if w not in STOP and len(w) > 2 and not w.isdigit():
                    prior[stem(w)] = max(prior.get(stem(w), 0.0), word_prior(w))
                    bag[stem(w)] += counted
        lede = f"{title} {' '.join(sentences(text)[:3])}"
        for w in content_words(lede):
            bag[w] += LEDE_WEIGHT
        for d in text_dates(text) | text_figures(text):
            bag[d] = 1
        for d in text_dates(lede) | text_figures(lede):
            bag[CORE + d] = 1
        f = event_features(record)
        assert list(f.prior.items()) == [(w, p) for w, p in prior.items() if p > 0]
        assert set(f.bag) == {w for w, n in bag.items() if n}
        assert [(w, n) for w, n in f.bag.items() if w[0] not in "%#" + CORE] == \
            [(w, n) for w, n in bag.items() if n and w[0] not in "%#" + CORE]  # words: same weights, same order
        assert all(f.bag[w] == n for w, n in bag.items() if n)
