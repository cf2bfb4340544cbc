"""eval/polnear_eval.py's reading of brat files and its scores, on a made-up article (no
PolNeAR text is copied here)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

import polnear_eval as pe  # noqa: E402

TEXT = "Ms. Lee said the plan would fail. The plan was approved on Monday."
ANN = ("T1\tSource 0 7\tMs. Lee\nT2\tCue 8 12\tsaid\nT3\tContent 13 32\tthe plan would fail\n"
       "T4\tAttribution 8 12\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")


def _unit(text: str, start: int, end: int) -> frozenset[int]:
    return pe._index(pe.words(text), [(start, end)])


def test_load_gold_ties_source_cue_and_content():
    [g] = pe.load_gold(ANN, pe.words(TEXT))
    ws = pe.words(TEXT)
    assert [TEXT[ws[i][0]:ws[i][1]] for i in sorted(g.content)] == ["the", "plan", "would", "fail"]
    assert [TEXT[ws[i][0]:ws[i][1]] for i in sorted(g.source)] == ["Ms", "Lee"]
    assert [TEXT[ws[i][0]:ws[i][1]] for i in sorted(g.cue)] == ["said"]


def test_scores_cover_exact_overlap_source_and_cue():
    art = pe.Article("x", TEXT, pe.load_gold(ANN, pe.words(TEXT)))
    sentence = pe.Unit(_unit(TEXT, 0, 33), _unit(TEXT, 4, 7), "Lee", _unit(TEXT, 8, 12))
    wrong = pe.Unit(_unit(TEXT, 34, 66), frozenset(), "", frozenset())
    out = pe.score([(art, [sentence, wrong])])
    assert out["content_overlap"] == {"p": 0.5, "r": 1.0, "f1": 0.667}
    assert out["content_cover"]["r"] == 1.0 and out["content_exact"]["r"] == 0.0
    assert out["source_lenient"]["r"] == 1.0 and out["source_exact"]["r"] == 0.0  # "Lee" in "Ms. Lee"
    assert out["cue_exact"] == {"p": 1.0, "r": 1.0, "f1": 1.0}


def test_a_quotes_cue_is_the_attribution_beside_it():
    text = "“I’m honored!” she said. “It’s giving me goosebumps.” Later, she left."
    quote = (text.index("“It’s"), text.index("Later") - 1)
    said = (text.index("she said"), text.index("said.") + 5)
    assert pe._next_to(said, quote, text)
    assert pe._next_to((quote[0] + 2, quote[0] + 9), quote, text)  # overlapping
    assert not pe._next_to((text.index("Later"), len(text)), (0, text.index(" she")), text)
