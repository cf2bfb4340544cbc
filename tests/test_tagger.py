"""The opt-in attribution tagger (provenance/tagger.py): a CRF fitted here on a few
hand-labelled sentences (no PolNeAR data: its model never ships) must turn a phrase cue the
rules miss into a nested claim held by its source, leave the sentence's own claim asserted,
and change nothing when no model is named."""
from __future__ import annotations

import re

import pytest

from allegedly.errors import ConfigError
from allegedly.provenance import tagger

# [S source] [C cue] [T content]; everything else O
_TRAIN = [
    "[S Trump] [C is bent on] [T building a wall along the southern border] .",
    "[S Sanders] [C is bent on] [T breaking up the big banks in his first year] .",
    "[S The governor] [C was always in favor of] [T a higher minimum wage for workers] .",
    "[S Rubio] [C is in favor of] [T cutting taxes for every family in the country] .",
    "[T The deal hurt American workers for decades] , [S the senator] [C argued] .",
    "The roof of the old house collapsed during the storm on Monday .",
    "The company opened a new factory in Ohio last year .",
    "Voters in Iowa went to the polls on a cold night .",
]




@pytest.fixture(scope="module")
def model_path(pipeline, tmp_path_factory):
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for line in _TRAIN:
        plain = re.sub(r"\[(?:S|C|T) ([^\]]+)\]", r"\1", line)
        plain = re.sub(r" +", " ", plain).replace(" .", ".").replace(" ,", ",")
        doc = pipeline.nlp(plain)
        labels = ["O"] * len(doc)
        for m in re.finditer(r"\[(S|C|T) ([^\]]+)\]", line):
            at = plain.find(m.group(2))
            for t in doc:
                if at <= t.idx < at + len(m.group(2)):
                    labels[t.i] = {"S": "SRC", "C": "CUE", "T": "CON"}[m.group(1)]
        sent = doc[:]
        trainer.append(tagger.features(sent), labels)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True})
    path = tmp_path_factory.mktemp("tagger") / "tiny.crfsuite"
    trainer.train(str(path))
    return str(path)


def _record(pipeline, text: str):
    from allegedly.records import RawArticle

    return pipeline.process(RawArticle(source="test", text=text, title="Tagger test", outlet="Wikinews",
                                       fmt="cat-xml"))


TEXT = "Senator Elizabeth Warren met donors in Boston. Warren is bent on raising taxes on the richest families."


def test_tagger_nests_a_phrase_cue_the_rules_miss(pipeline, model_path, monkeypatch):
    monkeypatch.setenv(tagger.ENV, model_path)
    claims = _record(pipeline, TEXT).claims
    outer = [c for c in claims if c.text.startswith("Warren is bent on")]
    assert outer and outer[0].status == "asserted"  # the writer asserts the stance is held
    nested = [c for c in claims if "raising taxes on the richest families" in c.text and c is not outer[0]]
    assert nested, [c.text for c in claims]
    assert nested[0].status == "reported" and "Warren" in nested[0].chain[-1].name
    assert any("bent on" in x.text for x in nested[0].cues)
    # a sentence with no cue gets nothing from the tagger
    assert not [c for c in claims if c.text.startswith("Senator") and c.status != "asserted"]


def test_no_model_named_changes_nothing(pipeline, model_path, monkeypatch):
    monkeypatch.delenv(tagger.ENV, raising=False)
    assert tagger.model() is None
    without = [(c.text, c.status) for c in _record(pipeline, TEXT).claims]
    assert not any("raising taxes" in t and s == "reported" for t, s in without)


def test_missing_model_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(tagger.ENV, str(tmp_path / "nothing.crfsuite"))
    with pytest.raises(ConfigError, match="nothing.crfsuite"):
        tagger.model()


def test_features_are_read_off_the_parse(pipeline):
    doc = pipeline.nlp("Trump is bent on building a wall.")
    feats = tagger.features(doc[:])
    assert len(feats) == len(doc)
    assert "l=bent" in feats[2] and any(f.startswith("d=") for f in feats[0])


def test_training_script_never_writes_into_the_package():
    """PolNeAR states no licence: eval/polnear_tagger.py refuses an --out inside allegedly/."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "eval"))
    import polnear_tagger

    with pytest.raises(SystemExit, match="not inside the package"):
        polnear_tagger.main(["--out", str(root / "allegedly" / "data" / "tagger.crfsuite")])
