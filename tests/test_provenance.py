"""Claims, chains and quotes on the seed (expected table written by hand) and edge cases."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import needs_shared

from allegedly.provenance.chains import chain_text
from allegedly.provenance.extract import cited_outlet
from allegedly.provenance.quotes import quote_spans

SKY = "MINA → Sky News"
FILES = "MINA → Sky News → Leaked files ← IS defectors"
# (start of the claim text, status, chain) for every body sentence of the seed.
SEED_TABLE = [
    ("The files claim an astonishing", "claimed", "MINA → Sky News → files ← IS defectors"),
    ("The Islamic State group and Syrian", "reported", SKY),
    ("Leaked files show", "reported", FILES),
    ("The trade agreement in question", "reported", FILES),
    ("They also struck", "reported", FILES),
    ("The files further revealed", "reported", FILES),
    ("Sky received the documents", "reported", SKY),  # only Sky News can know what it received
    ("“Withdraw all heavy artillery", "alleged", "MINA → Sky News → document ← IS defectors"),
    ("Some documents purportedly", "alleged", "MINA → Sky News → documents ← IS defectors"),
    ("These files discussed", "reported", FILES),
    ("Documents dated about a month later", "reported", "MINA → Sky News → Documents ← IS defectors"),
    ("Experts told Sky News", "reported", "MINA → Sky News → Experts"),
    ("“It may take 20 years", "hypothetical", "MINA → Sky News → Afzal Ashraf"),
    ("“Almost certainly there will be", "future", "MINA → Sky News → Afzal Ashraf"),
]


@needs_shared
def test_seed_claims_status_and_chain(seed_record):
    got = [(c.text, c.status, chain_text(c.chain)) for c in seed_record.claims]
    assert len(got) == len(SEED_TABLE)
    for (text, status, chain), (start, want_status, want_chain) in zip(got, SEED_TABLE):
        assert text.startswith(start)
        assert (status, chain) == (want_status, want_chain), text


@needs_shared
def test_seed_no_teaser_in_claims(seed_record):
    for c in seed_record.claims:
        assert "Also Read" not in c.text and "NETANYAHU" not in c.text and "NASA" not in c.text
        assert seed_record.text[c.span[0]:c.span[1]].strip() == c.text


@needs_shared
def test_seed_subtitle_claim_cue_and_headline_outlet(seed_record):
    first = seed_record.claims[0]
    assert seed_record.text.count(first.text) == 1  # the repeated standfirst line is one claim
    [cue] = [c for c in first.cues if c.kind == "claim"]
    assert cue.text == "claim" and seed_record.text[cue.span[0]:cue.span[1]] == "claim"
    # the body names Sky News only later: the outlet hop comes from the headline suffix
    assert first.chain[1].name == "Sky News" and first.chain[1].span is None
    assert first.chain[2].kind == "document"


@needs_shared
def test_seed_quotes(seed_record):
    qs = [q for q in seed_record.quotes if q.kind == "direct"]
    assert len(qs) == 3
    assert qs[0].speaker == "document" and chain_text(qs[0].chain).startswith("MINA → Sky News → document")
    for q in qs[1:]:
        assert q.speaker == "Afzal Ashraf"
        assert q.affiliation == "Royal United Services Institute"
        assert q.cue == "told"
        assert chain_text(q.chain) == "MINA → Sky News → Afzal Ashraf"


@needs_shared
def test_store_anonymous_origin_query(seed_record, tmp_path):
    from allegedly.store import connect, save_record
    from allegedly.store.provenance import claims_from_anonymous

    conn = connect(str(tmp_path / "a.db"))
    save_record(conn, seed_record)
    rows = claims_from_anonymous(conn)
    # unnamed IS defectors are the origin of every file claim; unnamed experts of their own
    want = [chain for _start, _status, chain in SEED_TABLE if chain.endswith(("IS defectors", "Experts"))]
    assert [r[3] for r in rows] == want and len(want) == 10
    hops = conn.execute("SELECT count(*) FROM chain_hops WHERE owner='quote'").fetchone()[0]
    assert hops >= 9


@needs_shared
def test_seed_indirect_quotes(seed_record):
    ind = {q.speaker: q for q in seed_record.quotes if q.kind == "indirect"}
    experts = ind["Experts"]
    assert experts.cue == "told" and experts.text.startswith("the files exemplify")
    assert chain_text(experts.chain) == "MINA → Sky News → Experts"
    assert all(not q.text.startswith(("that ", "“")) for q in ind.values())
    assert ind["Sky News"].text.startswith("The Islamic State group")  # not the dateline before it
    # "Documents … said X, and a defector told Sky that Y": two indirect quotes, two speakers
    assert ind["Documents"].text.endswith("their “Specialized Areas”")
    assert ind["defector"].text == "the target of the operation was Europe"
    assert chain_text(ind["defector"].chain) == "MINA → Sky News → defector"


def test_odd_quote_marks_never_crash():
    assert quote_spans('He said "this is one two three four and never closed') == []
    assert len(quote_spans("“one two three four” and “five six seven eight”")) == 2
    # an unmatched opening mark costs one quote, not the pairing of every quote after it
    text = "He said “this never closes. Later “one two three four” was said."
    assert [text[s:e] for s, e in quote_spans(text)] == ["“one two three four”"]
    text = 'He said "this never closes.\n\nLater she said "one two three four" here.'
    assert [text[s:e] for s, e in quote_spans(text)] == ['"one two three four"']
    # a quote may run over several sentences on separate lines (CAT text: one sentence a line)
    assert len(quote_spans("“We will do it right.\nAnd we will do it once.”")) == 1


def test_cited_outlet_from_headline_suffix():
    assert cited_outlet("Islamic State, Assad Regime Secretly Cooperated for Years: Sky News") == "Sky News"
    assert cited_outlet("A headline without a cited outlet") is None
    assert cited_outlet("Boeing 787 Dreamliner: First Flight") is None  # not an outlet
    assert cited_outlet("Deal signed - AFP") == "AFP"


def test_hedged_document_subject_is_the_evidence_hop(pipeline):
    """A hedge with a document as subject and no say-verb: outlet → the documents (the seed's
    "Some documents purportedly contained orders" in another shape)."""
    r = _record(pipeline, "Several cables allegedly contained instructions to move the units west.",
                title="Army units moved west in secret: Reuters")
    assert _only(r) == ("alleged", "Wikinews → Reuters → cables")
    r = _record(pipeline, "The minister allegedly ordered the units to move west.",
                title="Army units moved west in secret: Reuters")
    assert _only(r) == ("alleged", "Wikinews → Reuters")  # a person acting is no evidence hop


def test_the_cited_outlet_as_subject_is_its_own_report(pipeline):
    """In a story relayed from an outlet, what the outlet did is that outlet's report; another
    subject, or an article citing no outlet, stays the publisher's own voice."""
    title = "Army units moved west in secret: Reuters"
    r = _record(pipeline, "Reuters obtained the orders from two officers.", title=title)
    assert _only(r) == ("reported", "Wikinews → Reuters")
    assert [c.kind for c in r.claims[0].cues] == ["relay"] and r.claims[0].cues[0].text == "Reuters"
    r = _record(pipeline, "The army obtained the orders from two officers.", title=title)
    assert _only(r) == ("asserted", "Wikinews")
    r = _record(pipeline, "Reuters obtained the orders from two officers.")
    assert _only(r) == ("asserted", "Wikinews")


def test_staff_of_a_state_body_are_officials(pipeline):
    """NER calls the Senate an organisation; its aides still speak for a state body."""
    r = _record(pipeline, "Two Senate aides said the bill would pass next week.")
    assert [h.kind for h in r.claims[0].chain] == ["publisher", "official"]


@pytest.mark.parametrize("text, chain", [
    ("Investigators concluded that the pilot had ignored the warnings.", "Wikinews → Investigators"),
    ("The report found that the dam had been poorly built.", "Wikinews → report"),
    ("The court ruled that the law was unconstitutional.", "Wikinews → court"),
    ("The panel recommended that the plant be closed.", "Wikinews → panel"),
    ("Rescuers found two survivors in the rubble.", "Wikinews"),  # finding a thing reports nothing
    ("The firm proposed a merger with its rival.", "Wikinews"),
])
def test_findings_rulings_and_recommendations_are_attributed(pipeline, text, chain):
    r = _record(pipeline, text)
    assert chain_text(r.claims[0].chain) == chain


# Sentences invented for the learnt-cue tests: (sentence, lemmas that are cues). The model fitted
# on PolNeAR cannot ship (no licence), so these tests fit their own with the same code.
_CUE_TRAINING = [
    ("The mayor lauded the plan as a success for the city.", {"laud"}),
    ("The union praised the new contract.", {"praise"}),
    ("Police attributed the fire to faulty wiring.", {"attribute"}),
    ("Experts attributed the crash to pilot error.", {"attribute"}),
    ("The company challenged the ruling in court.", {"challenge"}),
    ("Airbus challenged the decision of the jury.", {"challenge"}),
    ("She sent a message about how taxes should be raised.", {"message"}),
    ("He made a promise about how the schools would be run.", {"promise"}),
    ("The dog walked to the park.", set()),
    ("The team won the match on Sunday.", set()),
    ("Workers built a new bridge over the river.", set()),
    ("The river flooded the town.", set()),
    ("The roof of the house collapsed.", set()),
    ("The door of the car opened.", set()),
    ("The council opened a library near the station.", set()),
]


@pytest.fixture
def learnt_cues(pipeline, tmp_path, monkeypatch):
    """A cue model fitted by eval/polnear_cue_model.py's own fit on the invented sentences above,
    switched on through ALLEGEDLY_CUE_MODEL as a user would."""
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
    from polnear_cue_model import fit

    from allegedly.provenance import cue_model

    feats, labels = [], []
    for sentence, cues in _CUE_TRAINING:
        for tok in pipeline.nlp(sentence):
            if cue_model.candidate(tok, nouns=True):
                feats.append(cue_model.features(tok))
                labels.append(int(tok.lemma_.lower() in cues))
    path = tmp_path / "cue_model.json"
    path.write_text(json.dumps({"threshold": 0.5, "weights": fit(feats, labels, min_count=1, l2=0.1)}))
    monkeypatch.setenv(cue_model.ENV, str(path))
    return path


# Real sentences from the Wikinews corpus (CC BY 2.5, see eval/README.md), one rule each.
def _record(pipeline, *sentences: str, title: str = "Wikinews test"):
    from allegedly.records import RawArticle

    return pipeline.process(RawArticle(source="test", text="\n".join(sentences), title=title,
                                       outlet="Wikinews", fmt="cat-xml"))


def _only(record):
    [claim] = record.claims
    return claim.status, chain_text(claim.chain)


def test_a_surname_source_takes_the_full_name_the_article_gives(pipeline):
    r = _record(pipeline,
                "In a New York press conference at 16:15 UTC, June 1st, Fritz Henderson, the Chief Executive Officer of "
                "General Motors, which filed for bankruptcy and Chapter 11 protection from its creditors earlier today, "
                "outlined a plan for what he called a “New GM”.",
                "Speaking to the press under safe harbor provisions of U.S. law, Henderson described the events of "
                "today as a “defining moment” in the history of General Motors.",
                "Henderson stated that he envisioned the bankruptcy process would take between 60 and 90 days.")
    chains = [chain_text(c.chain) for c in r.claims if len(c.chain) > 1]
    assert chains and set(chains) == {"Wikinews → Fritz Henderson"}
    assert {q.speaker for q in r.quotes} <= {"Fritz Henderson"}


def test_denial_needs_a_claim_as_object(pipeline):
    r = _record(pipeline, "USAF also denied that creating jobs in the US was a factor.")
    assert _only(r) == ("denied", "Wikinews → USAF")
    r = _record(pipeline, "Congressional lawmakers rejected the proposal in October.")
    assert _only(r) == ("asserted", "Wikinews")


def test_would_after_past_say_verb_is_future_unless_conditional(pipeline):
    r = _record(pipeline, "General Motors stated that the company would stop 30% of its North American production.")
    assert _only(r)[0] == "future"
    r = _record(pipeline, "The White House says that the collapse of the automakers would be a terrible setback.")
    assert _only(r)[0] == "hypothetical"
    r = _record(pipeline, "U.S. President Barack Obama's administration said it would not give more financial aid "
                "to the firm unless 90% of GM's bondholders would agree on compromises.")
    assert _only(r)[0] == "hypothetical"


def test_will_under_a_condition_is_hypothetical_and_plain_will_is_future(pipeline):
    # invented, in the shape of news copy
    r = _record(pipeline, "If the talks fail, the army will launch an offensive on Idlib.")
    assert _only(r)[0] == "hypothetical"
    r = _record(pipeline, "The army will launch an offensive on Idlib next week.")
    assert _only(r)[0] == "future"


def test_say_verb_in_adverbial_clause_does_not_attribute_the_sentence(pipeline):
    r = _record(pipeline, "IBM sued Papermaster in an attempt to block him from joining Apple, but a settlement "
                "was reached after he testified that no IBM corporate secrets had been disclosed to Apple.")
    assert _only(r) == ("asserted", "Wikinews")


def test_source_name_from_apposition_and_citing(pipeline):
    r = _record(pipeline, "The Vice President and general counsel of the company, Mark Chandler, explained that "
                "there was no doubt about the excitement of the new device from Apple.")
    assert _only(r) == ("reported", "Wikinews → Mark Chandler")
    r = _record(pipeline, "Citing people familiar with the situation, The Wall Street Journal reported that "
                "Papermaster had been pushed out due to an incompatibility with Apple's corporate culture.")
    assert _only(r) == ("reported", "Wikinews → Wall Street Journal → people familiar with the situation")


def test_indirect_quote_with_speaker_and_cue(pipeline):
    r = _record(pipeline, "Djamal told reporters that he felt the best option was the lifting of the ban.")
    [q] = r.quotes
    assert (q.kind, q.speaker, q.cue) == ("indirect", "Djamal", "told")
    assert q.text == "he felt the best option was the lifting of the ban"
    assert r.text[q.span[0]:q.span[1]] == q.text


def test_direct_quote_over_two_sentences_and_continued_quote(pipeline):
    r = _record(pipeline, "Northrop Grumman CEO Ron Sugar said in an interview “Everyone told us we were crazy, "
                "that we had no chance.", "But we took a big swing and in this case, we hit a home run.”")
    [q] = [q for q in r.quotes if q.kind == "direct"]
    assert q.speaker == "Ron Sugar" and q.text.endswith("we hit a home run.")
    r = _record(pipeline, "“There is an additional cost that must be paid by Indonesian airlines that buy the "
                "(Airbus) plane from Europe, US$200,000,” said Djamal.",
                "“Because of that we recommend not buying planes from Europe.",
                "As long as the EU ban is still in place, there will be additional payment.”")
    qs = [q for q in r.quotes if q.kind == "direct"]
    assert [q.speaker for q in qs] == ["Djamal", "Djamal"]


def test_works_without_typed_entities(pipeline):
    from allegedly.nlp.context import context_of
    from allegedly.provenance.extract import extract

    raw_text = "Jobs said yesterday that Apple will offer a free case to anyone who has purchased an iPhone 4."
    prepared = pipeline.prepare(__import__("allegedly.records", fromlist=["RawArticle"]).RawArticle(
        source="test", text=raw_text, title="t", outlet="Wikinews"))
    doc = pipeline.nlp(prepared.doc)
    doc._.entities = None
    claims, _quotes = extract(doc, context_of(doc))
    assert [(c.status, chain_text(c.chain)) for c in claims] == [("future", "Wikinews → Jobs")]


def test_pronoun_speaker_is_the_person_named_before(pipeline):
    r = _record(pipeline, "The United States's largest car manufacturer General Motors today named Mary Barra as its "
                "new chief executive.", "She said in a statement: “With an amazing portfolio of cars and trucks "
                "and the strongest financial performance in our recent history, this is an exciting time at today's GM.")
    assert chain_text(r.claims[1].chain) == "Wikinews → Mary Barra"


def test_modality_through_belief_verbs_and_going_to(pipeline):
    r = _record(pipeline, "Henderson stated that he envisioned the bankruptcy process would take between 60 and 90 days.")
    assert _only(r)[0] == "future"
    r = _record(pipeline, "“It's not going to be a pleasant sight,” Reid said.")
    assert _only(r) == ("future", "Wikinews → Reid")


def test_passive_say_verb_hedges_and_negated_say_verb_attributes_nothing(pipeline):
    r = _record(pipeline, "The iPhone is claimed to be “a revolutionary mobile phone” as stated on the Apple website.")
    assert _only(r)[0] == "alleged"
    r = _record(pipeline, "Papermaster did not comment on the situation.")
    assert _only(r) == ("asserted", "Wikinews")


def test_name_before_a_title_parsed_as_subject(pipeline):
    r = _record(pipeline, "Cerberus also led a consortium that acquired the majority stake in April of last year in "
                "GMAC, the financing arm of GM, and is said to planning to invest in auto parts giant Delphi.",
                "Buzz Hargrove, the president of Canadian Auto Workers said he had been assured that the collective "
                "bargaining agreement with Chrysler would remain and that jobs would not be eliminated.")
    assert (r.claims[1].status, chain_text(r.claims[1].chain)) == ("future", "Wikinews → Buzz Hargrove")


def test_sentence_inside_a_running_quote_keeps_the_speaker(pipeline):
    r = _record(pipeline, "Northrop Grumman CEO Ron Sugar said in an interview “Everyone told us we were crazy, "
                "that we had no chance.", "But we took a big swing and in this case, we hit a home run.”",
                "It is the biggest contract of its kind since the Joint Strike Fighter program.")
    assert [chain_text(c.chain) for c in r.claims] == ["Wikinews → Ron Sugar"] * 2 + ["Wikinews"]
    r = _record(pipeline, "“The response has been massive,” said Julien Talavan, a spokesman for Force Ouvrière, "
                "the main Airbus union in France.", "“This is just the beginning,” he said, hinting at future labor action.")
    assert chain_text(r.claims[1].chain) == "Wikinews → Julien Talavan"


def test_publisher_from_sign_off_boilerplate():
    from allegedly.publisher import detect_publisher, name_from_sign_off
    from allegedly.records import Dateline, RawArticle, Removal

    assert name_from_sign_off("Mi’raj Islamic News Agency (MINA)") == "MINA"
    assert name_from_sign_off("© 2016 Reuters. All rights reserved.") == "Reuters"
    assert name_from_sign_off("Source: Al Jazeera") == "Al Jazeera"
    assert name_from_sign_off("-- AFP") == "AFP"
    assert name_from_sign_off("Our standards: The Thomson Reuters Trust Principles.") is None
    raw = RawArticle(source="x", text="body")
    off = [Removal(text="Our standards: The Thomson Reuters Trust Principles.", reason="sign-off", span=(0, 1))]
    assert detect_publisher(raw, off, Dateline(agency="Reuters")) == "Reuters"  # falls through to the dateline
    assert detect_publisher(RawArticle(source="x", text="b", outlet="Wikinews"), off, Dateline()) == "Wikinews"


def test_attribution_inside_a_quote_speaks_for_both_halves(pipeline):
    r = _record(pipeline, "“It's a partnership that will give Chrysler a chance not only to survive, but to thrive in a "
                "global auto industry,” said American president Obama, “Fiat has demonstrated that it can build the "
                "clean, fuel-efficient cars that are the future of the industry.”")
    qs = [q for q in r.quotes if q.kind == "direct"]
    assert len(qs) == 2 and {q.speaker for q in qs} == {"Barack Obama"} and {q.cue for q in qs} == {"said"}  # the actor dictionary names him


def test_quote_speakers_from_inverted_verbs_participles_and_runs(pipeline):
    lines = ["“We are rolling out the first delivery airplane, the first 787,” enthused Scott Fancher, 787 project "
             "manager and Boeing vice president.",
             "“That's an amazing thing for those who have worked on the program five, six, seven years, here at "
             "Boeing and our partners around the world.”",
             "Boeing says they must increase the tempo of production from two a month to ten, if they are to meet "
             "customer demand.",
             "“It's an extraordinary challenge, no one has ever built a wide body aircraft at the rate of 10 per month "
             "before,” claims writer John Ostrower."]
    qs = [q for q in _record(pipeline, *lines).quotes if q.kind == "direct"]
    assert [(q.speaker, q.cue) for q in qs[:2]] == [("Scott Fancher", "enthused")] * 2
    assert qs[2].speaker != "Scott Fancher"  # a whole sentence between: the run of quotes is over
    r = _record(pipeline, "Deputy Defense Secretary Wolfowitz published an open-article in the Congressional Record, "
                "saying: “After we have selected an appropriate alternative, we intend to require competition.”")
    [q] = [q for q in r.quotes if q.kind == "direct"]
    assert (q.speaker, q.cue, chain_text(q.chain)) == ("Wolfowitz", "saying", "Wikinews → Wolfowitz")


def test_strange_docs_never_raise(pipeline):
    from allegedly.nlp.context import ArticleContext

    for text in ("", "!!!", "“ ” ' \" (", '"' * 50, "“" * 30 + "said he", "He said “" + "word " * 3000,
                 "according to them, ” he said “", "They said it. He told them that she claimed they would deny it."):
        doc = pipeline.nlp.make_doc(text)
        doc._.context = ArticleContext()
        out = pipeline.nlp(doc)
        assert not [w for w in (out._.warnings or []) if "provenance" in w], text[:40]
        assert isinstance(out._.claims, list) and isinstance(out._.quotes, list)


# Hop kinds (see allegedly/provenance/kinds.py): who the origin is, and as what.
def _origin(record, i: int = 0) -> tuple[str, str]:
    last = record.claims[i].chain[-1]
    return last.name, last.kind


@needs_shared
def test_seed_origin_kinds(seed_record):
    kinds = {(h.name, h.kind) for c in seed_record.claims for h in c.chain}
    assert {("Sky News", "outlet"), ("Leaked files", "document"), ("IS defectors", "anonymous"),
            ("Experts", "anonymous"), ("Afzal Ashraf", "person")} <= kinds
    defector = [q for q in seed_record.quotes if q.speaker == "defector"]
    assert defector and defector[0].chain[-1].kind == "anonymous"  # "a defector told Sky that …"


@pytest.mark.parametrize("sentence, origin", [
    ("Chief investment officer at Fort Pitt Capital Group Charlie Smith said: “I think the machines just took over.",
     ("Charlie Smith", "person")),
    ("Spokeswoman Sandy Angers said that that the team formed to look at the development had been merged into "
     "the parent product development team and would cease looking at specific designs.", ("Sandy Angers", "person")),
    ("“Sentiment in the market is very weak and negative,” said the senior market strategist for Invesco AIM, "
     "Fritz Meyer.", ("Fritz Meyer", "person")),
    ("“This industry is, like no other, an emblem of the American spirit; a once and future symbol of America's "
     "success,” said Barack Obama, President of the United States.", ("Barack Obama", "person")),
    ("Mr MacFarlane said that the research facility was exciting for Australia and that it would put the "
     "Australian automotive in the spotlight.", ("MacFarlane", "person")),
    ("The vice president of Dacia, Constantin Stroe, said that the price Ford offers is not important.",
     ("Constantin Stroe", "person")),
    ("“It is the best decision for Britain and our plants,” said the general secretary of the British union Unite, "
     "Tony Woodley.", ("Tony Woodley", "person")),
    ("On this cut of the one shift, Whitey MacDonald, chairperson of Local 1520, Canadian Auto Workers union said "
     "“There is a lot of anger here today, there is no doubt about it.”", ("Whitey MacDonald", "person")),
    # a person's possession is not the person: the state body speaks
    ("U.S. President Barack Obama's administration said it would not give more financial aid to the firm unless "
     "90% of GM's bondholders would agree on compromises.", ("U.S. President Barack Obama's administration", "official")),
])
def test_named_person_with_a_title_is_that_person(pipeline, sentence, origin):
    assert _origin(_record(pipeline, sentence)) == origin


@pytest.mark.parametrize("sentence, origin", [
    ("The sources claimed that Papermaster was not used to the environment or corporate politics and did not "
     "possess the creativity the company wanted to see.", ("sources", "anonymous")),
    ("Citing people familiar with the situation, The Wall Street Journal reported that Papermaster had been pushed "
     "out due to an incompatibility with Apple's corporate culture.", ("people familiar with the situation", "anonymous")),
    ("Some say history tends to repeat itself.", ("Some", "anonymous")),
    ("Company executives said the firm is trying to eliminate dealers with poor performances, and retain those who "
     "make the strongest sales.", ("Company executives", "anonymous")),
    ("Ford Motor Company, the U.S. car maker, will reportedly pay $57 million (US$78 million) for a 72.4 percent "
     "stake in the Romanian assembly plant Automobile Craiova, a Romanian official said Friday.",
     ("Romanian official", "official")),
    ("In its press release, the Federal Reserve stated, “These measures, together with other actions taken in the "
     "last few days by individual central banks, are designed to improve the liquidity conditions in global "
     "financial markets.”", ("Federal Reserve", "official")),
    ("The Bank of America Corporation, the second-largest bank in the United States, has announced that it lost "
     "US$2.24 billion in the third quarter of this year, mainly due to increases in loan losses.",
     ("Bank of America Corporation", "group")),
])
def test_unnamed_sources_are_anonymous_and_unnamed_officials_official(pipeline, sentence, origin):
    assert _origin(_record(pipeline, sentence)) == origin


def test_pronoun_it_takes_its_antecedent(pipeline):
    r = _record(pipeline, "An email from Burkhardt & Associates to James Roche advises the Secretary to release "
                "fiscal numbers favorable to Boeing, apparently regardless of the facts: ''I'd distribute a one page "
                "memo saying the per plane cost of the lease will not be greater than x and have x be less than the "
                "last lease Boeing did for some commercial entity -- or that x is y dollars less than the cost of a "
                "new tanker,” it said.")
    assert _origin(r) == ("email", "document")


def test_a_thing_is_not_a_source(pipeline):
    r = _record(pipeline, "The plane promises increased fuel efficiency as it is the first model to be built out of "
                "plastic and carbon composites, more lightweight than conventional materials.")
    assert _only(r) == ("asserted", "Wikinews")


def test_surname_after_the_full_name_is_that_person(pipeline):
    r = _record(pipeline, "Spokeswoman Sandy Angers said that that the team formed to look at the development had "
                "been merged into the parent product development team and would cease looking at specific designs.",
                "“We've reduced our airplane-design effort and are focusing more on the technology breakthroughs,” "
                "said Angers.")
    assert _origin(r, 1) == ("Sandy Angers", "person")


@needs_shared
def test_origin_kind_on_the_claims_gold(pipeline):
    """Floor on the origin kinds labelled by reading the gold sentences (eval/claims_gold.jsonl)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
    import claims_eval as ce

    gold = [g for g in ce.load_gold() if g.get("origin_kind")]
    k = ce.score(ce.run(gold, pipeline))["origin_kind"]
    assert k["labelled"] >= 70 and k["accuracy"] >= 0.93 and k["accuracy_found"] >= 0.97, k


def test_a_title_said_before_with_a_name_is_that_person(pipeline):
    r = _record(pipeline, "Stock indexes worldwide rose on Friday, after US bank chief Ben Bernanke said that the US "
                "economy was starting to recover from the recession.",
                "Addressing a conference in Wyoming, the bank chief said that “the prospects for a return to growth "
                "in the near term appear good.”")
    assert _origin(r, 1) == ("Ben Bernanke", "person")


# Issue 3 review fixes. "real": a sentence of the Wikinews corpus; "invented": a short news-style
# sentence written for the rule (no corpus article has the shape).
def _statuses(record) -> list[tuple[str, str]]:
    return [(c.status, chain_text(c.chain)) for c in record.claims]


@pytest.mark.parametrize("sentence, want", [
    ("The government denied shelling civilians in Homs.", ("denied", "Wikinews → government")),  # invented
    ("Hezbollah denied any involvement in the attack.", ("denied", "Wikinews → Hezbollah")),  # invented
    ("The army dismissed the reports as fabrications.", ("denied", "Wikinews → army")),  # invented
    ("The ministry dismissed the video as fake.", ("denied", "Wikinews → ministry")),  # invented
    ("The journalist was denied entry to the country.", ("asserted", "Wikinews")),  # invented: withheld
    ("The board dismissed the manager in May.", ("asserted", "Wikinews")),  # invented: not a denial
])
def test_deny_with_any_object_is_a_denial_but_a_thing_withheld_is_not(pipeline, sentence, want):
    assert _only(_record(pipeline, sentence)) == want


def test_a_cue_word_is_listed_once(pipeline):
    [claim] = _record(pipeline, "The ministry denied that its forces had shelled the city.").claims  # invented
    assert [(c.text, c.kind) for c in claim.cues] == [("denied", "negation")]


@pytest.mark.parametrize("sentence, want", [
    # invented: a medium named by a common noun speaks, as an outlet
    ("Israeli jets struck a weapons convoy near Damascus on Wednesday, state media reported.",
     ("reported", "Wikinews → state media", "outlet")),
    ("Israeli jets bombed a convoy near Damascus, Syrian state TV said.",
     ("reported", "Wikinews → Syrian state TV", "outlet")),
    ("Israel struck a convoy near Damascus last week, according to Lebanese media.",
     ("reported", "Wikinews → Lebanese media", "outlet")),
    # real: "agency" ends like "emergency" but speaks
    ("The Reuters news agency reports that, at their height, the losses cause equity values to lose $1 trillion.",
     ("reported", "Wikinews → Reuters news agency", "outlet")),
])
def test_media_nouns_are_sources(pipeline, sentence, want):
    r = _record(pipeline, sentence)
    assert (*_only(r), r.claims[0].chain[-1].kind) == want


def test_a_source_named_in_one_sentence_does_not_leak_into_later_ones(pipeline, learnt_cues):
    r = _record(pipeline, "Reuters reports that the rebels captured the airport.",  # invented
                "Officials attributed the blast to a car bomb.",
                "The rebels are believed to have withdrawn from Qusayr.",
                "Industry experts say the deal had been killed by the Pentagon.")
    # "attributed the blast to …" is the officials' stance (a nested claim, learnt cue model); the
    # writer asserts the act, and Reuters leaks into neither
    assert _statuses(r) == [("reported", "Wikinews → Reuters"), ("asserted", "Wikinews"),
                            ("reported", "Wikinews → Officials"),
                            ("alleged", "Wikinews"), ("reported", "Wikinews → Industry experts")]
    # a headline-cited outlet still stands above every source of the article
    r = _record(pipeline, "Industry experts say the deal had been killed by the Pentagon.", title="Deal dead: Sky News")
    assert _statuses(r) == [("reported", "Wikinews → Sky News → Industry experts")]


def test_an_unattributed_sentence_continues_a_report_only_through_a_link(pipeline):
    text = "Leaked files show that the two sides coordinated, according to Sky News. "  # invented
    r = _record(pipeline, text + "They also struck an oil deal.")
    assert _statuses(r)[1] == _statuses(r)[0] and "Sky News" in _statuses(r)[1][1]
    r = _record(pipeline, text + "Fighting resumed in the north on Monday.")
    assert _statuses(r)[1] == ("asserted", "Wikinews")
    # a passive say-verb hides the source: not the report before it, even right after it
    r = _record(pipeline, "Reuters reports that the rebels captured the airport. The rebels are believed to have "
                "withdrawn from Qusayr.")  # invented
    assert _statuses(r) == [("reported", "Wikinews → Reuters"), ("alleged", "Wikinews")]


def test_a_definite_source_named_again_keeps_its_outlet(pipeline):
    r = _record(pipeline, "Citing people familiar with the situation, The Wall Street Journal reported that "  # real
                "Papermaster had been pushed out due to an incompatibility with Apple's corporate culture.",
                "The sources claimed that Papermaster was not used to the environment or corporate politics and did "
                "not possess the creativity the company wanted to see.")
    assert _statuses(r)[1] == ("claimed", "Wikinews → Wall Street Journal → sources")


def test_appear_without_a_source_is_the_writers_hedge(pipeline):
    r = _record(pipeline, "The device appears to be running a mobile version of the Apple operating system Mac OSX.")  # real
    assert _only(r) == ("alleged", "Wikinews")
    assert [c.kind for c in r.claims[0].cues] == ["hedge"]
    r = _record(pipeline, "Analysts said the device appears to be running Mac OSX.")  # invented: the source hedges
    assert _only(r)[0] == "claimed"


def test_a_quoted_sentence_of_a_known_speaker_is_reported_by_that_speaker(pipeline):
    # real: a quote over two sentences closed by "he continued" (the speaker comes from the quote layer)
    r = _record(pipeline, "Peter Cardillo, chief market economist at Avalon Partners, commented on the current "
                "financial situation in the US.",
                "''I'm more convinced now than ever that this market has made a bottom.",
                "The capitulation came when we breached 8,000,” he continued.")
    assert _statuses(r)[1:] == [("reported", "Wikinews → Peter Cardillo")] * 2
    # invented: a colon after a bare name or after a clause introduces the subject's words
    r = _record(pipeline, "The minister met reporters in Aleppo.",
                'Interior minister Ali Hassan: "We arrested 12 militants in Aleppo."')
    assert _statuses(r)[1] == ("reported", "Wikinews → Ali Hassan")
    [q] = r.quotes
    assert q.speaker == "Ali Hassan"
    r = _record(pipeline, "Procter & Gamble spokeswoman Jennifer Chelune spoke about the incident: “We don't know "  # real
                "what caused it.", "We know that that was an electronic trade and we're looking into it.”")
    assert _statuses(r) == [("reported", "Wikinews → Jennifer Chelune")] * 2


def test_inverted_say_verb_misread_as_a_noun_still_names_the_speaker(pipeline):
    r = _record(pipeline, "“It's an extraordinary challenge, no one has ever built a wide body aircraft at the rate of "  # real
                "10 per month before,” claims writer John Ostrower.")
    assert _only(r) == ("claimed", "Wikinews → John Ostrower")


def test_went_on_to_say_speaks_for_the_subject(pipeline):
    r = _record(pipeline, "Jusman Syafii Djamal met airline chiefs on Monday.",  # invented first line
                "However, he went on to say that should a manufacturer be willing to pay the cost itself, he did not "
                "object to the purchase of the aircraft.")  # real
    assert _statuses(r)[1] == ("hypothetical", "Wikinews → Jusman Syafii Djamal")
    r = _record(pipeline, "Jusman Syafii Djamal continued to work on the plan.")  # invented: no words reported
    assert _only(r) == ("asserted", "Wikinews")


@pytest.mark.parametrize("sentence, nested", [
    # real: a concessive clause reports the experts; the main clause stays the writer's
    ("Congressional lawmakers rejected the proposal in October, although industry experts say the deal had been "
     "killed by the Pentagon because of reports stating that the deal had favored Boeing.",
     ("reported", "Wikinews → industry experts", "the deal had been killed by the Pentagon")),
    # real: a participle on the main clause claims for the main clause's subject
    ("When the Air Force selected Los Angeles based Northrop Grumman on February 29 to build the aircraft, Boeing "
     "challenged the award in a formal protest before the GAO, claiming the evaluation was skewed towards Northrop.",
     ("claimed", "Wikinews → Boeing", "the evaluation was skewed towards Northrop")),
])
def test_reported_content_off_the_main_line_is_a_nested_claim(pipeline, sentence, nested):
    r = _record(pipeline, sentence)
    outer, *nested_claims = r.claims
    inner = next(c for c in nested_claims if c.text.startswith(nested[2]))
    # other stances of the sentence ("Boeing challenged the award": learnt cue model) are
    # nested claims too, never asserted, inside the sentence
    assert all(c.status != "asserted" and outer.span[0] <= c.span[0] < c.span[1] <= outer.span[1]
               for c in nested_claims)
    assert (outer.status, chain_text(outer.chain)) == ("asserted", "Wikinews")
    assert (inner.status, chain_text(inner.chain)) == nested[:2] and inner.text.startswith(nested[2])
    assert outer.span[0] <= inner.span[0] < inner.span[1] <= outer.span[1]
    assert r.text[inner.span[0]:inner.span[1]] == inner.text
    assert any(q.kind == "indirect" and q.text == inner.text for q in r.quotes)  # claims and quotes agree


# Speakers and affiliations of quotes: real sentences of the Wikinews corpus, one rule each.
def _quotes(record):
    return [(q.speaker, q.affiliation, chain_text(q.chain)) for q in record.quotes if q.kind == "direct"]


def test_a_title_phrase_before_a_name_is_the_affiliation_not_the_name(pipeline):
    r = _record(pipeline, "Assistant Secretary of the Air Force for Acquisition Marvin Sambur defended the Air "
                "Force's exclusive consideration of Boeing, saying, “This was not a competitive bid process.”")
    assert _quotes(r) == [("Marvin Sambur", "Air Force", "Wikinews → Marvin Sambur")]


def test_an_outlet_quoting_a_person_is_a_hop_before_the_person(pipeline):
    r = _record(pipeline, "“We do not need to buy aircraft from Europe as long as the flying ban stays unrevoked,” "
                "Detik.com quoted Djamal as saying, although Xinhua translated the quote as: “As long as the ban "
                "is still in place, it is better we do not buy aircraft] from Europe.”",
                "“If aircraft are purchased and registered as Indonesian in Europe], we are worried the planes "
                "won't be able to fly to Indonesia because Indonesian airlines' aircraft are banned from flying "
                "over Europe,” he continued.")
    got = _quotes(r)
    assert got[:2] == [("Djamal", None, "Wikinews → Detik.com → Djamal")] * 2
    assert got[2][0] == "Djamal"  # "he continued": the same person
    r = _record(pipeline, "GovExec.com quotes a “Senate aide” as saying: “The House language of the spending bill "
                "ignores an analysis of alternatives called for in last year's authorizing language.”")
    assert _quotes(r) == [("Senate aide", None, "Wikinews → GovExec.com → Senate aide")]


def test_an_affiliation_repeating_the_speaker_or_naming_the_reporting_outlet_is_dropped(pipeline):
    r = _record(pipeline, "A statement from Apple Computer stated that “Apple and Apple Corps now have differing "
                "interpretations of this agreement and will need to ask a court to resolve this dispute.”")
    assert [(q.speaker, q.affiliation) for q in r.quotes if q.kind == "direct"] == [("Apple Computer", None)]
    r = _record(pipeline, "“With this production facility, Romania will become an important auto production "
                "center in Europe”, concluded Stroe, cited by HotNews.")
    assert _quotes(r) == [("Stroe", None, "Wikinews → Stroe")]


def test_the_affiliation_is_what_the_role_noun_speaks_for(pipeline):
    r = _record(pipeline, "“The response has been massive,” said Julien Talavan, a spokesman for Force Ouvrière, "
                "the main Airbus union in France.",
                "“This is just the beginning,” he said, hinting at future labor action.")
    assert _quotes(r) == [("Julien Talavan", "Force Ouvrière", "Wikinews → Julien Talavan")] * 2
    r = _record(pipeline, "Chief investment officer at Fort Pitt Capital Group Charlie Smith said: “I think the "
                "machines just took over.”")
    assert _quotes(r) == [("Charlie Smith", "Fort Pitt Capital Group", "Wikinews → Charlie Smith")]
    r = _record(pipeline, "Apple's worldwide vice-president of marketing for the iPod, Greg Joswiak, indicated that "
                "this patch is available for people who want “an easy-to-use option to set their own personal "
                "volume limit.”")
    assert _quotes(r)[0][:2] == ("Greg Joswiak", "Apple")  # the owner of the role, not the product


def test_a_person_near_a_cut_clause_is_not_the_speaker(pipeline):
    r = _record(pipeline, "Henry Paulson, the US Treasury Secretary, explained the government's reasoning behind "
                "its plan.",
                "President George W. Bush, speaking at a press conference alongside Paulson, said “this is a "
                "pivotal moment for America's economy.”",
                "The government plan is permitted under the Gold Reserve Act of 1934, which gives the Treasury the "
                "permission “to deal in gold, foreign exchange, and other instruments of credit and securities.”")
    assert _quotes(r) == [("George W. Bush", None, "Wikinews → George W. Bush"), (None, None, "Wikinews")]


def test_who_hung_on_an_organisation_speaks_for_the_person_before_it(pipeline):
    r = _record(pipeline, "A contrary view is offered by Charles O'Reilly, a management expert at Stanford "
                "University, who stated, “Great companies rarely go from strength to strength”.")
    [(speaker, aff, _chain)] = _quotes(r)
    assert speaker.startswith("Charles O") and speaker.endswith("Reilly") and aff == "Stanford University"


def test_a_documents_author_speaks_through_the_document(pipeline):
    r = _record(pipeline, "An additional email by Roche provides a stark contrast to his criticism of Airbus, as he "
                "talks to Assistant Secretary of the Air Force for Acquisition Marvin Sambur about Boeing, saying, "
                "“I love Ya, Big Guy. Give it to the Blue Eyed Arabs of the North.”")
    assert _quotes(r) == [("Roche", None, "Wikinews → email ← Roche")]


def test_calling_something_a_quoted_phrase_attributes_it(pipeline):
    r = _record(pipeline, "The activist organization the Project on Government Oversight has called it “a textbook "
                "case of favoritism to a single defense contractor.”")
    assert _quotes(r)[0][0] == "Project on Government Oversight"


def test_a_reported_list_is_not_cut_at_a_comma(pipeline):
    r = _record(pipeline, "Louis Gallois, the Airbus chief executive, said the company expects to cut approximately "
                "4,300 jobs in France, 3,700 in Germany, 1,600 in UK and 400 in Spain.")
    [q] = [q for q in r.quotes if q.kind == "indirect"]
    assert q.speaker == "Louis Gallois" and q.text.endswith("1,600 in UK and 400 in Spain")


def test_a_surname_speaker_takes_the_full_name_the_article_gives(pipeline):
    r = _record(pipeline, "Jusman Syafii Djamal, minister of transport for Indonesia, has recommended that local "
                "airlines should not purchase aircraft from European manufacturers, such as Airbus.",
                "“We do not need to buy aircraft from Europe as long as the flying ban stays unrevoked,” "
                "Detik.com quoted Djamal as saying.")
    assert _quotes(r) == [("Jusman Syafii Djamal", None, "Wikinews → Detik.com → Jusman Syafii Djamal")]
    assert chain_text(r.claims[-1].chain).startswith("Wikinews → Detik.com → ")  # the claim's chain alike


def test_naming_verbs_and_pronoun_documents_name_the_speaker(pipeline):
    r = _record(pipeline, "Steve called podcasting “Wayne's World for radio”.")
    assert _quotes(r) == [("Steve", None, "Wikinews → Steve")]
    r = _record(pipeline, "An email from Burkhardt & Associates to James Roche advises the Secretary to release "
                "fiscal numbers favorable to Boeing, apparently regardless of the facts: ''I'd distribute a one page "
                "memo saying the per plane cost of the lease will not be greater than x.” it said.")
    assert _quotes(r)[0] == ("Burkhardt & Associates", None, "Wikinews → email ← Burkhardt & Associates")


def test_full_names_only_when_one_fits():
    from allegedly.provenance.fullnames import expansions
    from allegedly.records import Claim, Entity, Hop

    def claim(name):
        return Claim("x", (0, 1), "reported", chain=[Hop("W", "publisher"), Hop(name, "person")])

    people = [Entity("Steve Jobs", "person", (0, 10)), Entity("Jobs", "person", (20, 24))]
    assert expansions([claim("Jobs"), claim("Steve")], [], people) == {"Jobs": "Steve Jobs", "Steve": "Steve Jobs"}
    two = people + [Entity("Laurene Jobs", "person", (30, 42))]
    assert expansions([claim("Jobs"), claim("Steve")], [], two) == {"Steve": "Steve Jobs"}  # two Jobs: left alone


def test_a_name_after_a_long_title_is_a_person_though_ner_calls_it_an_organisation(pipeline):
    r = _record(pipeline, "Assistant Secretary of the Air Force for Acquisition Marvin Sambur defended the Air Force's "
                "exclusive consideration of Boeing, saying, “This was not a competitive bid process.”")
    assert [(h.name, h.kind) for h in r.claims[0].chain][1:] == [("Marvin Sambur", "person")]


# Issue 11: attribution whatever the cue, never a quoted sentence asserted (invented sentences
# shaped like PolNeAR's political news; no PolNeAR text is copied here).
def _nested_of(record):
    return [(c.status, chain_text(c.chain), c.text) for c in record.claims[1:]]


def test_a_stance_verb_asserts_the_act_and_ascribes_the_content(pipeline):
    r = _record(pipeline, "Trump has praised Putin as a strong leader.")
    assert _statuses(r)[0] == ("asserted", "Wikinews")
    assert _nested_of(r) == [("reported", "Wikinews → Trump", "Putin as a strong leader")]


def test_a_party_and_state_tag_is_never_the_speaker(pipeline):
    r = _record(pipeline, "Marco Rubio, R-Fla., criticized the deal as a giveaway to Iran.")
    assert [chain for _, chain, _ in _nested_of(r)] == ["Wikinews → Marco Rubio"]
    r = _record(pipeline, "Sen. Ted Cruz (R-Texas) said the plan was a disaster.")
    assert _only(r) == ("reported", "Wikinews → Ted Cruz")


def test_a_noun_cue_with_its_holder_is_attributed(pipeline):
    r = _record(pipeline, "Ms. Clinton repeated the line on Monday.",
                "Critics mocked her assertion that the strategy was finally working.")
    got = {(status, chain, text) for status, chain, text in _statuses_texts(r)}
    assert ("reported", "Wikinews → Clinton", "the strategy was finally working") in got
    assert ("reported", "Wikinews → Critics", "her assertion that the strategy was finally working") in got


def _statuses_texts(record):
    return [(c.status, chain_text(c.chain), c.text) for c in record.claims]


def test_a_who_clause_attributes_what_follows_its_cue(pipeline):
    r = _record(pipeline, "The senator, who told reporters that the bill would pass, left the building early.")
    assert _statuses(r)[0] == ("asserted", "Wikinews")
    assert [(s, t) for s, _, t in _nested_of(r)] == [("future", "the bill would pass")]


def test_a_sentence_of_a_direct_quote_is_never_asserted(pipeline):
    r = _record(pipeline, "“We will not back down from this fight, not now and not ever,” the crowd was told.")
    assert r.claims and all(c.status != "asserted" for c in r.claims)
    assert len(r.claims[0].chain) > 1


def test_a_verbless_headline_line_is_a_claim_and_a_name_before_a_colon_its_source(pipeline):
    r = _record(pipeline, "Trey Gowdy: Benghazi Probe Helped Reveal Email Scandal",
                "The committee met on Tuesday.")
    assert _statuses(r)[0] == ("reported", "Wikinews → Trey Gowdy")
    assert [c.text for c in r.claims][1] == "The committee met on Tuesday."


def test_sourced_without_a_publisher(pipeline):
    """An article whose publisher is unknown: chains have no publisher hop, a quote's sentence
    still takes its speaker."""
    from allegedly.records import RawArticle

    r = pipeline.process(RawArticle(source="test", title="t", text="“The deal is dead and everybody knows it,” "
                                    "said Senator John Smith. “We will start again next year.”"))
    assert r.publisher is None
    assert [(c.status, chain_text(c.chain)) for c in r.claims] == [("reported", "John Smith"), ("future", "John Smith")]


def test_he_and_she_pass_over_people_the_article_marks_with_the_other_gender(pipeline):
    r = _record(pipeline, "Hillary Clinton met Bernie Sanders on Monday in Ohio.",
                "Ms. Clinton thanked Mr. Sanders for his support.",
                "She said the party was united behind her campaign.")
    said = next(c for c in r.claims if c.text.startswith("She said"))
    assert said.chain[-1].name == "Hillary Clinton"  # not Sanders, named last but a man
    unmarked = _record(pipeline, "Hillary Clinton met Bernie Sanders on Monday in Ohio.",
                       "She said the party was united behind her campaign.")
    # with no mark in the text both are possible, and the last named stands as before
    assert next(c for c in unmarked.claims if c.text.startswith("She said")).chain[-1].name == "Bernie Sanders"


def test_gender_marks_read_from_the_article():
    from allegedly.provenance.gender import fits, gender

    class Doc:  # the module reads .text and .user_data only
        text = "Mr. Trump met Congresswoman Maxine Waters and Ms. Clinton; Mr. Clinton left."
        user_data: dict = {}

    doc = Doc()
    assert gender(doc, "Donald Trump") == "m" and gender(doc, "Maxine Waters") == "f"
    assert gender(doc, "Hillary Clinton") is None  # marked both ways: two Clintons
    assert not fits(doc, "Donald Trump", "she") and fits(doc, "Donald Trump", "his") and fits(doc, "Jeb Bush", "she")


def test_a_who_clause_names_its_speaker_where_who_stands(pipeline):
    text = "Sen. Chris Murphy, who told reporters that the bill would pass, left the building early."
    r = _record(pipeline, text)
    nested = [c for c in r.claims[1:] if c.text == "the bill would pass"]
    assert nested and nested[0].chain[-1].name == "Chris Murphy"
    start, end = nested[0].chain[-1].span
    assert r.text[start:end] == "who"


def test_no_learnt_cue_without_a_model(pipeline, monkeypatch):
    from allegedly.provenance import cue_model

    monkeypatch.delenv(cue_model.ENV, raising=False)
    assert not (Path(cue_model.__file__).parent.parent / "data" / "cue_model.json").exists(), \
        "nothing trained on PolNeAR (no licence) ships in the package"
    doc = pipeline.nlp("The governor lauded the deal as a win for workers.")
    assert not cue_model.learnt_cue(next(t for t in doc if t.lower_ == "lauded"))
    r = _record(pipeline, "Officials attributed the blast to a car bomb.")
    assert [c.status for c in r.claims] == ["asserted"]  # the lexicons alone decide


def test_a_broken_cue_model_file_is_named(pipeline, tmp_path, monkeypatch):
    from allegedly.errors import ConfigError
    from allegedly.provenance import cue_model
    from allegedly.provenance.component import Provenance

    bad = tmp_path / "model.json"
    bad.write_text("{not json")
    monkeypatch.setenv(cue_model.ENV, str(bad))
    with pytest.raises(ConfigError, match="ALLEGEDLY_CUE_MODEL=.*model.json: not a cue model file"):
        cue_model._weights()
    with pytest.raises(ConfigError, match="not a cue model file"):  # when the pipeline is built, not per article
        Provenance()


def test_learnt_cue_model_reads_context(pipeline, learnt_cues):
    from allegedly.provenance.cue_model import _weights, features, learnt_cue, probability

    weights, threshold = _weights()
    assert weights and 0 < threshold < 1
    doc = pipeline.nlp("The governor lauded the deal as a win for workers. The dog walked to the park. "
                       "Senator Smith argued that the tax plan would hurt workers.")
    lauded, walked, argued = (next(t for t in doc if t.lower_ == w) for w in ("lauded", "walked", "argued"))
    assert "lemma=laud" in features(lauded) and "kid=dobj" in features(lauded)
    assert learnt_cue(lauded) and probability(lauded) > probability(walked)
    assert not learnt_cue(walked)
    assert not learnt_cue(argued)  # a say-verb keeps the lexicon's rules
    assert not learnt_cue(next(t for t in doc if t.lower_ == "tax"))  # never a noun


def test_a_date_or_a_mark_never_speaks(pipeline):
    from allegedly.provenance.kinds import speaks

    doc = pipeline.nlp("July said nothing. Smith said it rained.")
    july = next(t for t in doc if t.text == "July")
    assert july.ent_type_ != "DATE" or not speaks(july)
    assert not speaks(next(t for t in doc if t.text == "."))
    assert speaks(next(t for t in doc if t.text == "Smith"))


def test_learnt_noun_head_holds_a_stance(pipeline, learnt_cues):
    """A noun the learnt model reads as a stance head ("sent very clear messages about …")
    nests what follows it with the subject of the verb it hangs on as the holder, the main
    clause staying asserted; a plain noun with an 'of' phrase never is a head."""
    from allegedly.provenance.cue_model import learnt_noun_cue, noun_candidate

    text = "Gore sent very clear messages about how law enforcement is to be pursued in this country."
    doc = pipeline.nlp(text + " The roof of the house collapsed.")
    messages, roof = (next(t for t in doc if t.lower_ == w) for w in ("messages", "roof"))
    assert noun_candidate(messages) and noun_candidate(roof)
    assert learnt_noun_cue(messages) and not learnt_noun_cue(roof)
    r = _record(pipeline, text)
    assert r.claims[0].status == "asserted"
    nested = [c for c in r.claims[1:] if "law enforcement is to be pursued" in c.text]
    assert nested and nested[0].status == "reported" and nested[0].chain[-1].name == "Gore"


# -- speakers (issue 11s): invented sentences in the shape of PolNeAR's TRAIN errors ----------

def test_a_name_modifying_the_speaker_noun_is_not_the_speaker(pipeline):
    r = _record(pipeline, "A senior Obama administration official said the talks would resume on Friday.")
    [claim] = [c for c in r.claims if len(c.chain) > 1]
    assert claim.chain[-1].name.endswith("official")


def test_a_document_takes_only_its_own_makers_origin(pipeline):
    r = _record(pipeline, "A letter from the American Legion warns that the emblem may not be used.",
                "The reports show that the group spent millions on advertising.")
    reports = next(c for c in r.claims if c.text.startswith("The reports"))
    assert "American Legion" not in chain_text(reports.chain)
    assert reports.chain[-1].name.lower().endswith("reports")


def test_a_cue_noun_without_possessor_is_held_by_the_verbs_subject(pipeline):
    r = _record(pipeline, "Senator Marco Rubio voiced strong opposition to the nuclear deal with Iran on Tuesday.")
    nested = [c for c in r.claims if c.chain[-1].name == "Marco Rubio"]
    assert nested and any(x.text == "opposition" for c in nested for x in c.cues)
    assert any("nuclear deal" in c.text for c in nested)


def test_a_paragraph_wrapped_in_straight_marks_is_not_one_quote(pipeline):
    # PolNeAR's Huffington Post texts wrap paragraphs in straight marks around curly quotes
    r = _record(pipeline, "\"“You don’t win the nomination by how many states you win,” Rubio responded "
                "before adding that he will have to win some states in March.\"")
    [q] = [q for q in r.quotes if q.kind == "direct"]
    assert q.speaker == "Rubio" and q.text.startswith("You don’t win")


def test_a_quote_after_its_speakers_attribution_sentence_runs_on(pipeline):
    r = _record(pipeline, "''We were not very happy when it was first announced,'' said Jock A. Finlayson, head of "
                "policy at the Business Council of British Columbia. Now, ''within the business community there "
                "is a sizable constituency saying this is fine.''")
    qs = [q for q in r.quotes if q.kind == "direct"]
    assert [q.speaker for q in qs] == ["Jock A. Finlayson", "Jock A. Finlayson"]


def test_an_attribution_cut_off_as_its_own_sentence_names_the_quotes_speaker(pipeline):
    r = _record(pipeline, "Jane Doe, 29, moved back in with her parents last year.",
                "\"Who wants to live at home at 29?\" she said. \"I don't. But luckily, I can.\"")
    qs = [q for q in r.quotes if q.kind == "direct"]
    assert [q.speaker for q in qs] == ["Jane Doe", "Jane Doe"]
    assert not any(h.name == "unnamed speaker" for c in r.claims for h in c.chain)


def test_a_participle_going_on_from_the_say_verb_is_a_statement_of_its_own(pipeline):
    # PolNeAR marks "adding that B" as a second attribution of the same speaker
    r = _record(pipeline, "Tom Ebeling met reporters on Monday.",
                "The group is not affiliated with the campaign, Ebeling said, adding that the candidate is "
                "grateful for their support.")
    [added] = [c for c in r.claims if any(x.text == "adding" for x in c.cues)]
    assert added.chain[-1].name == "Tom Ebeling" and added.status == "reported"
    assert added.text.startswith("the candidate is grateful")
    outer = next(c for c in r.claims if c.text.startswith("The group"))
    assert outer.chain == added.chain and outer.status == "reported"
    # a participle inside what is said, or with no clause, is no statement of its own
    r = _record(pipeline, "Ebeling said the group is not affiliated with the campaign, adding to the confusion.")
    assert not any(x.text == "adding" for c in r.claims for x in c.cues)


def test_a_paragraph_going_on_with_he_names_the_source_at_the_pronoun(pipeline):
    text = "Cruz has said he is a strong supporter of legal immigration. He defended Trump's remarks on immigration."
    r = _record(pipeline, text)
    [c] = [c for c in r.claims if c.text.startswith("He defended")]
    assert c.chain[-1].name.endswith("Cruz") and c.chain[-1].span == (text.index("He defended"), text.index("He defended") + 2)
    assert any(x.text == "defended" for x in c.cues) and c.status == "reported"


def test_a_quote_whose_opening_marks_end_the_sentence_before_is_its_own_speakers(pipeline):
    # the parser may hang the opening '' on the sentence before; that sentence does not hold the quote
    text = ("The government cannot plan the economy, Mr. Lou said. ''So it's very hard to estimate how many "
            "people you lose if you cut steel production,'' he said.")
    r = _record(pipeline, text)
    [q] = [q for q in r.quotes if q.kind == "direct"]
    at = text.rindex("he said")
    assert q.chain[-1].span == (at, at + 2)


def test_a_colon_ending_the_paragraph_before_introduces_the_quotes_speaker(pipeline):
    r = _record(pipeline, "Senator Ted Cruz spoke at the debate on Wednesday night.\n\nCruz continued:\n\n"
                "“The questions asked in this debate illustrate why the American people don’t trust the media.”")
    [q] = [q for q in r.quotes if q.kind == "direct"]
    assert q.speaker and q.speaker.endswith("Cruz")


def test_a_party_tag_hung_on_the_name_is_not_the_speaker(pipeline):
    r = _record(pipeline, "Senate Majority Whip John Cornyn (R-Tex.) said the bill would pass the Senate this week.")
    [c] = [c for c in r.claims if len(c.chain) > 1]
    assert c.chain[-1].name.endswith("Cornyn")


def test_a_polls_percent_share_speaks(pipeline):
    r = _record(pipeline, "In a Trump-Clinton matchup, 21 percent of the voters said they would not vote at all.")
    [c] = [c for c in r.claims if len(c.chain) > 1]
    assert c.status != "asserted" and "percent" in c.chain[-1].name


def test_i_outside_any_quote_is_a_source_of_its_own(pipeline):
    # a first-person column or transcript: PolNeAR marks "I" as the source of "I think …"
    text = "The debate was long. I think it is a sure sign we need her to be president of the United States."
    r = _record(pipeline, text)
    [c] = [c for c in r.claims if c.text.startswith("I think")]
    assert c.status != "asserted" and c.chain[-1].name == "I" and c.chain[-1].span == (text.index("I think"), text.index("I think") + 1)
    # inside a quote, even one whose closing mark is missing, "I" is the quote's speaker
    r = _record(pipeline, "Analyst Charlie Smith said: “I think the machines just took over.")
    assert not any(h.name == "I" for c in r.claims for h in c.chain)


def test_a_stance_on_a_single_name_is_held(pipeline):
    r = _record(pipeline, "Corporate executives love Clinton.")
    nested = [c for c in r.claims if c.text == "Clinton"]
    assert nested and nested[0].status != "asserted" and "executives" in nested[0].chain[-1].name.lower()


def test_is_expected_to_hides_its_source_as_is_believed_to_does(pipeline):
    r = _record(pipeline, "Clinton is expected to win the primary in New York next week.")
    [c] = r.claims
    assert c.status == "alleged" and any(x.text == "expected" and x.kind == "hedge" for x in c.cues)
    r = _record(pipeline, "Alan Mulally has reported that Ford will rename the Five Hundred to the Taurus for the "
                "2008 model year, when a facelifted model is expected to be launched.")
    assert [c.status for c in r.claims] == ["future"]  # a clause inside a report is not hedged by it
    r = _record(pipeline, "The company expected sales to rise in the spring.")
    assert all(x.text != "expected" or x.kind != "hedge" for c in r.claims for x in c.cues)
