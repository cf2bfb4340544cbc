"""What the story index compares: shingle and content-word signatures.

Two MinHash signatures per article (datasketch, ``NUM_PERM`` permutations):

* ``text``: 5-word shingles taken inside sentences, so syndicated copies with
  noise lines and reordered sentences keep almost all their shingles;
* ``bag``: the set of content words (stop words and numbers dropped, crude
  stemming), which survives paraphrase rules and added attributions.

Hashing uses ``zlib.crc32`` (C speed, stable across processes) so signatures
can be stored and the index rebuilt without re-reading any text.
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SHINGLE = 5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# _SENTENCE, _FIGURE and _CAP_RUN are written to begin with the class of their first character, so
# re's scanner jumps between candidate positions instead of trying the look-behinds at every
# one (2-3× faster on news text). The matches are those of the plain forms kept beside them,
# which tests/test_stories_features.py checks on awkward strings and the bundled articles.
_SENTENCE_PLAIN = r"(?<=[.!?…])[\"'”’)]*\s+|\n+"
_SENTENCE = re.compile(r"[\"'”’)\s](?:(?<=[.!?…][\"'”’)])[\"'”’)]*\s+|(?<=[.!?…]\s)\s*|(?<=\n)\n*)")

STOP = frozenset(
    """a about above according after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your yours
    yourself said says say told tell reported reports report reportedly according stated states announced
    claimed claims alleged allegedly purportedly apparently would may might must shall one two new also
    mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week
    year years month months day days time""".split()
)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return text.replace("’", "'").replace("‘", "'")


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _SENTENCE.split(text)) if s]


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Crude suffix stripping: enough to make 'coordinated'/'coordinating' meet."""
    for suffix in ("ations", "ation", "ings", "ing", "edly", "ed", "es", "s", "ly"):
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return _content(words(text))


def _content(ws: list[str]) -> set[str]:
    return {stem(w) for w in ws if w not in STOP and not w.isdigit() and len(w) > 2}


def sentence_words(text: str) -> list[list[str]]:
    """The words of each sentence. Joined, they are ``words(text)``: a sentence ends at white
    space (after any closing quotes) or a line break, never inside a word, and normalising
    works character by character there, so one tokenisation serves every signal."""
    return [words(s) for s in sentences(text)]


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return _shingles(sentence_words(text), k)


def _shingles(per_sentence: list[list[str]], k: int = SHINGLE) -> set[str]:
    out: set[str] = set()
    for ws in per_sentence:
        if len(ws) < k:
            if len(ws) >= 3:
                out.add(" ".join(ws))
            continue
        out.update(map(" ".join, zip(*(ws[i:] for i in range(k)))))  # the k-word windows
    return out


def _hashes(items: set[str]) -> np.ndarray:
    return np.fromiter(map(zlib.crc32, map(str.encode, items)), dtype=np.uint64, count=len(items))


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1, scheme="legacy")
_A, _B = (p.astype(np.uint64) for p in _TEMPLATE.permutations)
_PRIME = np.uint64((1 << 61) - 1)
_MAX = np.uint64((1 << 32) - 1)
_61, _ONE = np.uint64(61), np.uint64(1)


def signature(items: set[str]) -> np.ndarray:
    """MinHash signature (uint32[NUM_PERM]) using the permutations of a seeded datasketch MinHash."""
    if not items:
        return np.full(NUM_PERM, _MAX, dtype=np.uint32)
    # Universal hashing (a*h+b mod p) vectorised over all items: no per-item Python call.
    # a*h+b wraps at 2**64 (as datasketch's numpy code does); the remainder by the Mersenne
    # prime p = 2**61-1 is taken with shifts and masks, in place, which is a third cheaper than
    # numpy's integer division and gives the same values: x ≡ (x >> 61) + (x & p) (mod p), a sum
    # below 2p, and y < 2p has y mod p = (y + ((y + 1) >> 61)) & p, whose low 32 bits are kept.
    x = np.multiply.outer(_hashes(items), _A)
    x += _B
    t = x >> _61
    x &= _PRIME
    x += t
    np.add(x, _ONE, out=t)
    t >>= _61
    x += t
    x &= _MAX
    return x.min(axis=0).astype(np.uint32)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass(frozen=True, slots=True)
class Features:
    """Everything the index keeps per article (no text)."""

    article_id: str
    text_sig: np.ndarray
    bag_sig: np.ndarray
    entities: frozenset[str]
    published: str | None = None
    size: int = 0  # number of shingles: tells a copy with noise added from its source
    bag_size: int = 0  # number of content words
    passages: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))  # sampled long shingles
    outlet: str = ""  # name key of the page's own outlet
    credit: str | None = None  # name key of the outlet it credits (stories/credits.py)


def entity_keys(record) -> frozenset[str]:
    """Normalised names of people, organisations and places (capitalised runs as a fallback),
    and the figures the text gives ("#5.2%", "#10,000"): two stories on one topic share names
    but rarely their numbers, which a rewrite keeps."""
    names = {
        normalise(e.name or e.text)
        for e in getattr(record, "entities", []) or []
        if e.type not in {"date", "time", "number", "money", "percent", "ordinal", "cardinal"}
    }
    if not names:
        names = {normalise(m) for m in capitalised_runs(record.text)}
    return frozenset({n for n in names if len(n) > 2} | figures(record.text))


_FIGURE_PLAIN = r"(?<![\w.,])\d+(?:[.,]\d+)*%?"
_FIGURE = re.compile(r"\d(?<![\w.,]\d)\d*(?:[.,]\d+)*%?")


def figures(text: str) -> set[str]:
    """Numbers of two or more digits, or with a decimal part or a per cent sign."""
    return {"#" + m for m in _FIGURE.findall(text) if len(m.rstrip("%")) > 1 or m.endswith("%")}


_CAP_RUN_PLAIN = r"(?<![.!?]\s)(?<!^)\b([A-Z][\w’'-]+(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'-]+)*)"
# \b before a capital, not at the start: the character before it is not a word character
_CAP_RUN = re.compile(r"([A-Z](?<=\W[A-Z])(?<![.!?]\s[A-Z])[\w’'-]+(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'-]+)*)")


def capitalised_runs(text: str) -> set[str]:
    """Capitalised word runs not at a sentence start: a cheap stand-in for NER."""
    return {m for m in _CAP_RUN.findall(text) if m.lower() not in STOP}


PASSAGE, PASSAGE_SAMPLE = 8, 8  # 8-word shingles, one in PASSAGE_SAMPLE kept (by hash)


_PASSAGE_MULT = (np.random.default_rng(11).integers(1, 2**32, size=PASSAGE, dtype=np.uint64) | np.uint64(1))
_PASSAGE_MULTS = [np.uint64(m) for m in _PASSAGE_MULT.tolist()]


@lru_cache(maxsize=500_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def passage_hashes(text: str) -> np.ndarray:
    """A fixed sample of the page's 8-word shingles, across sentence ends: any passage of
    some 40 words shared verbatim leaves a few of them in both pages, whatever the rest.
    A shingle's hash mixes its words' crc32 with fixed odd multipliers (vectorised)."""
    return _passages(words(text))


def _passages(ws: list[str]) -> np.ndarray:
    if len(ws) < PASSAGE:
        return np.zeros(0, dtype=np.uint32)
    wh = np.fromiter(map(_word_hash, ws), dtype=np.uint64, count=len(ws))
    m = len(ws) - PASSAGE + 1
    # the sum of word j of each window times multiplier j, one shifted slice at a time
    # (wrapping at 2**64, so the order of the additions does not matter)
    hs = wh[:m] * _PASSAGE_MULTS[0]
    for j in range(1, PASSAGE):
        hs += wh[j : j + m] * _PASSAGE_MULTS[j]
    hs >>= np.uint64(16)
    hs &= np.uint64(0xFFFFFFFF)
    hs = hs[hs % PASSAGE_SAMPLE == 0]
    return np.unique(hs).astype(np.uint32)


def features(record) -> Features:
    from allegedly.stories.credits import credited, own_key

    title = getattr(record, "title", "")
    body = f"{title}\n{record.text}" if title else record.text
    per_sentence = sentence_words(body)  # tokenised once for shingles, content words and passages
    body_words = [w for ws in per_sentence for w in ws]
    text_words = body_words[len(words(title)):] if title else body_words
    sh, bag = _shingles(per_sentence), _content(body_words)
    return Features(
        article_id=record.id,
        text_sig=signature(sh),
        bag_sig=signature(bag),
        entities=entity_keys(record),
        published=record.published,
        size=len(sh),
        bag_size=len(bag),
        passages=_passages(text_words),
        outlet=own_key(record),
        credit=credited(record),
    )
