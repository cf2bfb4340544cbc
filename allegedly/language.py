"""Which language an article is written in, with py3langid (its model ships in the wheel).

py3langid was chosen over lingua-language-detector after a short measurement on
this machine (eval/README.md, issue 12): both named ru/uk/ar/fa/fr/de/es/tr/en
right on short news paragraphs, but py3langid loads in 0.5 s and ~40 MB and
reads a 2,300-character article in 0.7 ms, where lingua needs 10 s and 1.1 GB
to load all its models and 5.6 ms an article.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

ENGLISH = "en"
UNDETERMINED = "und"
# Below this probability (py3langid's length-calibrated softmax) the guess is not
# kept: short or mixed texts ("Hello world.") come out near-uniform.
MIN_CONFIDENCE = 0.5
# English this likely or more wins even when another language scores higher: news in
# English-lexified creoles and dialects (Nigerian Pidgin "pcm", Scots) is read best as English,
# and a wrong non-English verdict costs every claim and event of an English article.
ENGLISH_CONTENDER = 0.25
# Language is settled long before this: reading more only costs time.
SAMPLE_CHARS = 20_000


@dataclass(frozen=True)
class Detected:
    code: str  # ISO 639-1 ("en", "ru", "ar"), or "und" when undetermined
    confidence: float

    @property
    def english(self) -> bool:
        return self.code == ENGLISH


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def detect(text: str, title: str = "") -> Detected:
    """The language of ``title`` + ``text`` (only the first SAMPLE_CHARS are read)."""
    sample = f"{title}\n{text[:SAMPLE_CHARS]}".strip()
    if not any(c.isalpha() for c in sample):
        return Detected(UNDETERMINED, 0.0)
    ranked = _identifier().rank(sample.encode("utf-8", "replace"))
    code, confidence = ranked[0]
    english = next((p for c, p in ranked if c == ENGLISH), 0.0)
    if code != ENGLISH and english >= ENGLISH_CONTENDER:
        return Detected(ENGLISH, float(english))
    if confidence < MIN_CONFIDENCE:
        return Detected(UNDETERMINED, float(confidence))
    return Detected(str(code), float(confidence))


def name(code: str | None) -> str:
    """'ru' → 'Russian' (pycountry's ISO 639 table), the code itself when unknown."""
    if not code or code == UNDETERMINED:
        return "undetermined"
    try:
        import pycountry

        found = pycountry.languages.get(alpha_2=code)
    except (KeyError, LookupError):
        found = None
    return found.name if found is not None else code
