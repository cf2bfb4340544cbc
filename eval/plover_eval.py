"""Score allegedly's event coder on the PLOVER gold standard records (PLOVER_GSR_CAMEO.json).

    python eval/plover_eval.py [--gold PATH] [--errors N]

Each record's sentence goes through the full pipeline with the record's date as
the article date. The sentence's main event is the one whose trigger sits
highest in the dependency tree. Gold types use PLOVER's pre-1.0 names in part
(DEMAND, DISAPPROVE, FIGHT, INVESTIGATE); they are mapped to the current 16
types first (``allegedly.events.ontology.current_type``).

Measures:
- type accuracy: main event type == gold type (a record with no event counts wrong);
  also "any": some event of the sentence has the gold type;
- source / target accuracy, over records whose gold has that role:
  text = some predicted participant shares a content word with some gold actorText;
  code = some predicted participant's code equals a gold code (only where gold has codes);
- no-event handling: the file has no no-event records (every record carries an event), so
  we report the records where we found none (misses), and events coded for a report verb
  whose whole trigger is a report verb (say, report, tell, …; PETRARCH's flaw: must be 0).
The gold file is CC BY-SA: it is read from ../shared, never copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = Path(os.environ.get("ALLEGEDLY_SHARED", ROOT.parent / "shared")) / "eval" / "PLOVER_GSR_CAMEO.json"
_STOP = {"the", "a", "an", "of", "and", "in", "on", "to", "'s", "’s", "s", "for", "with", "its", "their", "his", "her"}
_REPORT = {"say", "said", "says", "report", "reported", "tell", "told", "according", "announced", "quoted"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _gold_actors(value) -> list[dict]:
    if not value:
        return []
    items = value if isinstance(value, list) else [value]
    return [a for a in items if isinstance(a, dict) and a.get("actorText")]


def _depth(doc, span) -> int:
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None:
        return 99
    tok, d = sp.root, 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def main_event(doc):
    events = list(doc._.events or [])
    if not events:
        return None
    # the main clause's event; among equals, the surer one, then the first
    return min(events, key=lambda e: (_depth(doc, e.span), -e.confidence, e.span[0]))


def _match(pred, gold: list[dict]) -> tuple[bool, bool | None]:
    text = any(_words(p.text) & _words(g["actorText"]) for p in pred for g in gold)
    codes = {g.get("code") for g in gold if g.get("code")}
    code = None if not codes else any(p.code in codes for p in pred)
    return text, code


def evaluate(gold_path: Path = DEFAULT_GOLD, errors: int = 0) -> dict:
    from allegedly.events.ontology import current_type
    from allegedly.nlp import ArticleContext
    from allegedly.pipeline import Pipeline

    records = [r for r in json.loads(gold_path.read_text("utf-8")) if r.get("text") and current_type(r.get("event"))]
    nlp = Pipeline().nlp

    def docs():
        for r in records:
            doc = nlp.make_doc(r["text"].strip())
            doc._.context = ArticleContext(published=r.get("date"))
            yield doc

    c = Counter()
    per_type: dict[str, Counter] = {}
    wrong = []
    for r, doc in zip(records, nlp.pipe(docs(), batch_size=64)):
        gold = current_type(r["event"])
        ev = main_event(doc)
        pt = per_type.setdefault(gold, Counter())
        c["n"] += 1
        pt["n"] += 1
        if ev is None:
            c["no_event"] += 1
            wrong.append((r["id"], gold, None, r["text"]))
            continue
        c["reported_speech_events"] += sum(
            1 for e in doc._.events if (e.trigger or "").lower() in _REPORT)
        ok = ev.type == gold
        c["type_ok"] += ok
        pt["ok"] += ok
        c["any_ok"] += any(e.type == gold for e in doc._.events)
        if not ok:
            wrong.append((r["id"], gold, f"{ev.type}:{ev.trigger}", r["text"]))
        for role, pred in (("source", ev.actor), ("target", ev.recipient)):
            g = _gold_actors(r.get(role))
            if not g:
                continue
            c[f"{role}_n"] += 1
            text, code = _match(pred, g)
            c[f"{role}_text"] += text
            if code is not None:
                c[f"{role}_code_n"] += 1
                c[f"{role}_code"] += code
    result = {
        "records": c["n"],
        "type_accuracy": c["type_ok"] / c["n"],
        "type_any_event": c["any_ok"] / c["n"],
        "source_text": c["source_text"] / max(c["source_n"], 1),
        "source_code": c["source_code"] / max(c["source_code_n"], 1),
        "target_text": c["target_text"] / max(c["target_n"], 1),
        "target_code": c["target_code"] / max(c["target_code_n"], 1),
        "no_event": c["no_event"],
        "reported_speech_events": c["reported_speech_events"],
        "per_type": {t: (v["ok"], v["n"]) for t, v in sorted(per_type.items())},
        "counts": dict(c),
    }
    result["errors"] = wrong[:errors]
    return result


def _print(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    t = Table("measure", "value", title=f"PLOVER GSR ({result['records']} records)")
    for key in ("type_accuracy", "type_any_event", "source_text", "source_code", "target_text", "target_code"):
        t.add_row(key, f"{result[key]:.3f}")
    t.add_row("no event found (misses)", str(result["no_event"]))
    t.add_row("events for a report verb (must be 0)", str(result["reported_speech_events"]))
    console.print(t)
    pt = Table("gold type", "correct", "n", "accuracy", title="per type")
    for typ, (ok, n) in result["per_type"].items():
        pt.add_row(typ, str(ok), str(n), f"{ok / n:.2f}")
    console.print(pt)
    for rid, gold, got, text in result["errors"]:
        console.print(f"[dim]{rid}[/] gold={gold} got={got} :: {text[:150]}", highlight=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--errors", type=int, default=0, help="print the first N wrongly typed records")
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2
    _print(evaluate(args.gold, args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
