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
