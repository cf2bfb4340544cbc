"""The fast forms in stories/features.py give what their plain forms give, exactly.

The story signatures are stored and compared across runs, so a faster way of computing
them must not move a single bit: each is checked here against the straightforward form.
"""
from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import numpy as np
import pytest

from allegedly.stories import clusters as C
from allegedly.stories import features as F

AWKWARD = [
    "", "   ", "\n\n", "x", "A", " Abc", "\nAb", ". Abc Def", "x. Abc of the Def", "a.\tBb", ".. Aa",
    "x’s Ab", "_Ab", "1Ab", "x\u00a0Ab", "Über Ölaf said İstanbul’s mayor. İzmir’s.\r\nok",
    "a. b", 'a."  b', 'a.")\n\nb', "a.\n\nb", "a\n\n b", "a. \n b", 'a."x', "a.’ ’ b", "\n\nx", "x\n",
    "x.\u2028y", "“Hi.” She said", "a.)", "a.) ", "a?! b", "a… b", 'a.""\n', "a .\n", "a\r\nb",
    "a.\r\n\r\nb", 'a,\n"b." c', 'Q: "\n', "the boys.‘ Next one", "Hé said “go.” Next\u2028line…  ½ ﬁne.",
    "a.\n\u0301b c’d ’e f' g", "Ａｂｃ． ＤＥＦ! x?y z", "1.5 22 3,000 .5 ,7 a1 12% 1% 5%% x2.5 (7.1)",
    "٣٣ and ９９ or 4,5.", "7.1", " 7.1", "a7.1", "17,5 x", "1.15 pm", "19.09.2017", "3/7.1", ":7,1 9.9h 9.9 am",
    "٣.٤ 123.4 12.3.4 magnitude 8,1 and 6.9.", "The Bank of the West and Bank of England. The Hill said. U.S. Army’s move",
]


def _texts() -> list[str]:
    path = Path(__file__).resolve().parent.parent / "examples" / "articles" / "wikinews.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return AWKWARD + [r["text"] for r in rows] + [f"{r['title']}\n{r['text']}" for r in rows]


@pytest.mark.parametrize("fast, plain", [
    (F._SENTENCE, F._SENTENCE_PLAIN), (F._FIGURE, F._FIGURE_PLAIN), (F._CAP_RUN, F._CAP_RUN_PLAIN),
    (C._DECIMAL, C._DECIMAL_PLAIN)])
def test_fast_patterns_match_as_the_plain_ones(fast, plain):
    slow = re.compile(plain)
    for text in _texts():
        assert fast.split(text) == slow.split(text), text[:60]
        assert fast.findall(text) == slow.findall(text), text[:60]


def test_words_of_the_sentences_are_the_words_of_the_text():
    for text in _texts():
        assert [w for ws in F.sentence_words(text) for w in ws] == F.words(text), text[:60]
        for title in ("", "A title.", "Title ending in a quote.”", "  "):
            if title:
                body = f"{title}\n{text}"
                assert F.words(body)[len(F.words(title)):] == F.words(text)


def test_signature_is_the_universal_hash_minimum():
    rng = np.random.default_rng(3)
    for n in (1, 2, 7, 170, 600):
        items = {str(rng.integers(0, 1 << 40)) for _ in range(n)}
        hv = np.array([zlib.crc32(s.encode("utf-8")) for s in items], dtype=np.uint64)
        expected = (((np.outer(hv, F._A) + F._B) % F._PRIME) & F._MAX).min(axis=0).astype(np.uint32)
        assert np.array_equal(F.signature(items), expected)
    assert (F.signature(set()) == np.uint32(0xFFFFFFFF)).all()


def test_passage_hashes_are_the_sampled_window_sums():
    for text in _texts():
        ws = F.words(text)
        got = F.passage_hashes(text)
        if len(ws) < F.PASSAGE:
            assert got.size == 0
            continue
        wh = np.array([zlib.crc32(w.encode("utf-8")) for w in ws], dtype=np.uint64)
        windows = np.lib.stride_tricks.sliding_window_view(wh, F.PASSAGE)
        with np.errstate(over="ignore"):
            hs = ((windows * F._PASSAGE_MULT).sum(axis=1, dtype=np.uint64) >> np.uint64(16)) & np.uint64(0xFFFFFFFF)
        assert np.array_equal(got, np.unique(hs[hs % F.PASSAGE_SAMPLE == 0]).astype(np.uint32))
