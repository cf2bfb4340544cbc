"""Confidences that mean something: the chance that an event's type is the one a human coder gives.

The coder's raw confidence (a hand-set score from the trigger kind and how many roles were
filled) is mapped through a logistic (Platt) model fitted by ``eval/calibrate_events.py`` on
labelled main events: the PLOVER gold records with an even index and the even rows of CASE
2021 dev (mapped to PLOVER). The odd halves are kept for reporting reliability. Features: the
raw score (which already carries whether a bare noun names it), whether the event is an
article's or a sentence's main event, and whether it is a verbal act (talk) or an accident.
Only main events have a gold type, so events that are neither are scored by the same model
with both main flags off (an extrapolation, stated as such). The fitted coefficients live in
``allegedly/data/event_calibration.json``; without that file the raw score is kept.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

CALIBRATION_PATH = Path(__file__).resolve().parent.parent / "data" / "event_calibration.json"
VERBAL = {"REQUEST", "ACCUSE", "REJECT", "SUPPORT", "THREATEN", "CONSULT"}
FEATURES = ("raw", "article_main", "sentence_main", "verbal", "other")


def features(typ: str, main: str | None, raw: float) -> list[float]:
    return [raw, float(main == "article"), float(main == "sentence"), float(typ in VERBAL), float(typ == "OTHER")]


ENABLED = True  # eval/calibrate_events.py turns it off to see raw scores while fitting


@lru_cache(maxsize=1)
def model() -> dict | None:
    if not ENABLED or not CALIBRATION_PATH.exists():
        return None
    return json.loads(CALIBRATION_PATH.read_text("utf-8"))


def calibrated(typ: str, main: str | None, raw: float) -> float:
    m = model()
    if m is None:
        return raw
    z = m["intercept"] + sum(w * x for w, x in zip(m["weights"], features(typ, main, raw)))
    return round(1 / (1 + math.exp(-z)), 2)
