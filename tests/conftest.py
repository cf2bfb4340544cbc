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


# --- the store on both engines ---------------------------------------------------------------
# Store and web tests take a store target from `new_store()`: an SQLite file, or a fresh schema on a
# throwaway PostgreSQL server (tests/pgserver.py) that the session starts once and drops at the end.
# The postgres runs skip with the reason when no server can start.

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_server():
    from tests import pgserver

    server, why = pgserver.shared()
    if server is None:
        pytest.skip(f"no PostgreSQL server for the postgres runs: {why}")
    yield server
    server.stop()


def pg_schema_url(server) -> str:
    from tests import pgserver

    return pgserver.schema_url(server)


def store_factory(request, engine: str, folder: Path):
    def make(name: str = "store.db") -> str:
        if engine == "sqlite":
            return str(folder / name)
        return pg_schema_url(request.getfixturevalue("pg_server"))
    return make


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture
def new_store(request, engine, tmp_path):
    """``new_store(name)``: the target (``--db``) of a new, empty store on this test's engine."""
    return store_factory(request, engine, tmp_path)
