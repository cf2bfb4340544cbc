"""The PLOVER event ontology: its 16 types, their CAMEO roots, quad classes and old names.

PLOVER (Open Event Data Alliance) replaced CAMEO's 20 roots with 16 types and
moved detail into modes. The gold standard file still uses some pre-1.0 names
(DEMAND, DISAPPROVE, FIGHT, INVESTIGATE); ``current_type`` maps them so old
and new data compare.
"""
from __future__ import annotations

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# The CAMEO root a type usually falls under (a trigger may override it: FIGHT-like
# ASSAULTs with heavy weapons are CAMEO 19, appeals are 02 rather than 10).
CAMEO_ROOT: dict[str, str] = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "CONCEDE": "08", "COOPERATE": "06",
    "AID": "07", "RETREAT": "08", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12",
    "THREATEN": "13", "PROTEST": "14", "SANCTION": "16", "MOBILIZE": "15", "COERCE": "17",
    "ASSAULT": "18",
}

CAMEO_ROOT_NAMES: dict[str, str] = {
    "01": "MAKE PUBLIC STATEMENT", "02": "APPEAL", "03": "EXPRESS INTENT TO COOPERATE",
    "04": "CONSULT", "05": "ENGAGE IN DIPLOMATIC COOPERATION", "06": "ENGAGE IN MATERIAL COOPERATION",
    "07": "PROVIDE AID", "08": "YIELD", "09": "INVESTIGATE", "10": "DEMAND", "11": "DISAPPROVE",
    "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "EXHIBIT FORCE POSTURE",
    "16": "REDUCE RELATIONS", "17": "COERCE", "18": "ASSAULT", "19": "FIGHT",
    "20": "USE UNCONVENTIONAL MASS VIOLENCE",
}

# GDELT's QuadClass from the CAMEO root: 1 verbal coop, 2 material coop,
# 3 verbal conflict, 4 material conflict.
def quad_class(cameo_root: str | None) -> int | None:
    if not cameo_root or not cameo_root.isdigit():
        return None
    n = int(cameo_root)
    if n <= 5:
        return 1
    if n <= 9:
        return 2
    if n <= 14:
        return 3
    return 4


# Goldstein scale value of each CAMEO root code (Goldstein 1992 as tabulated for
# CAMEO root events); GDELT reports the value of the event code, we have roots.
GOLDSTEIN_ROOT: dict[str, float] = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2,
    "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0,
}

# Pre-1.0 PLOVER names (and a few CAMEO root names) → the current type.
OLD_NAMES: dict[str, str] = {
    "DEMAND": "REQUEST", "APPEAL": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT", "YIELD": "CONCEDE", "REDUCE": "SANCTION", "EXHIBIT": "MOBILIZE",
}

# Modes PLOVER defines per type (a subset we can recognise from triggers).
MODES: dict[str, tuple[str, ...]] = {
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "ASSAULT": ("beat", "firearms", "explosives", "heavy-weapons", "assassinate", "torture",
                "suicide-attack", "sexual", "primitive", "aerial", "other"),
    "COERCE": ("seize", "destroy", "arrest", "detain", "deport", "ban", "curfew", "martial-law",
               "censor", "restrict", "confiscate", "cyber"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "obstruct"),
    "CONSULT": ("visit", "host", "phone", "meet", "third-party", "multilateral"),
    "MOBILIZE": ("troops", "weapons", "police", "alert", "train"),
    "THREATEN": ("violence", "restrict", "relations", "curfew", "martial-law", "political", "ultimatum"),
    "SANCTION": ("relations", "economic", "expel", "withdraw-aid"),
    "AID": ("economic", "military", "humanitarian", "asylum"),
    "RETREAT": ("withdraw", "ceasefire", "demobilize", "release"),
}

# Our modes that say how an event is stated rather than what it is.
STATEMENT_MODES = ("negated", "intent", "attempted")


def current_type(name: str | None) -> str | None:
    """Map an old or CAMEO-style name to the current PLOVER type (None if unknown)."""
    if not name:
        return None
    name = name.strip().upper()
    if name in PLOVER_TYPES:
        return name
    return OLD_NAMES.get(name)


def cameo_root(plover_type: str, override: str | None = None) -> str | None:
    return override or CAMEO_ROOT.get(plover_type)
