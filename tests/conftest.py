"""Shared fixtures. Tests that need ../shared are marked and skip without it."""
from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ALLEGEDLY_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_4dec16913f75ed72.txt"
CORPUS = SHARED / "corpus" / "wikinews-timeline"
EVAL = SHARED / "eval" / "PLOVER_GSR_CAMEO.json"

needs_shared = pytest.mark.skipif(
    not SEED.exists(), reason=f"needs ../shared (seed, corpus, eval) at {SHARED}; not present"
)


def wikinews_paths() -> list[str]:
    """The 120 distinct Wikinews articles: 30 trial + 3×30 evaluation (Track A CAT)."""
    trial = sorted(glob.glob(str(CORPUS / "Corpus-trial-data_task4" / "*.xml")))
    evals = sorted(glob.glob(str(CORPUS / "SemEval_Task4_data" / "corpus_*" / "corpus_trackA_CAT" / "*.xml")))
    return trial + evals


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"needs the seed article at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def wikinews():
    """RawArticles for the 120 Wikinews articles, detokenised."""
    from allegedly.ingest.cat import read_cat_xml

    paths = wikinews_paths()
    if not paths:
        pytest.skip(f"needs the Wikinews corpus under {CORPUS}")
    return [read_cat_xml(p) for p in paths]


@pytest.fixture(scope="session")
def pipeline():
    from allegedly.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_record(pipeline, seed_text):
    from allegedly.ingest.text import parse_text

    return pipeline.process(parse_text(str(SEED), seed_text))
