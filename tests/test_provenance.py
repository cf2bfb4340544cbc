"""Claims, chains and quotes on the seed (expected table written by hand) and edge cases."""
from __future__ import annotations

import pytest
from conftest import needs_shared

from allegedly.provenance.chains import chain_text
from allegedly.provenance.extract import cited_outlet
from allegedly.provenance.quotes import quote_spans

SKY = "MINA → Sky News"
FILES = "MINA → Sky News → Leaked files ← IS defectors"
# (start of the claim text, status, chain) for every body sentence of the seed.
SEED_TABLE = [
    ("The Islamic State group and Syrian", "reported", SKY),
    ("Leaked files show", "reported", FILES),
    ("The trade agreement in question", "reported", FILES),
    ("They also struck", "reported", FILES),
    ("The files further revealed", "reported", FILES),
    ("Sky received the documents", "asserted", "MINA"),
    ("“Withdraw all heavy artillery", "alleged", "MINA → Sky News → document ← IS defectors"),
    ("Some documents purportedly", "alleged", SKY),
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
def test_seed_quotes(seed_record):
    qs = seed_record.quotes
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
    assert [r[3] for r in rows] == ["MINA → Sky News → Experts"]
    hops = conn.execute("SELECT count(*) FROM chain_hops WHERE owner='quote'").fetchone()[0]
    assert hops >= 9


def test_odd_quote_marks_never_crash():
    assert quote_spans('He said "this is one two three four and never closed') == []
    assert len(quote_spans("“one two three four” and “five six seven eight”")) == 2


def test_cited_outlet_from_headline_suffix():
    assert cited_outlet("Islamic State, Assad Regime Secretly Cooperated for Years: Sky News") == "Sky News"
    assert cited_outlet("A headline without a cited outlet") is None
