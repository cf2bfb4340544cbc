"""Score allegedly's attributions on PolNeAR (political news, brat; ../shared/eval/polnear).

    python eval/polnear_eval.py [--split train|dev] [--sample N] [--errors N] [--json OUT]

Each article's .txt goes through the pipeline whole (headline line included, so the gold
offsets hold); the headline is also the title, and the outlet is metadata.tsv's publisher.
A prediction is (a) a direct quote whose speaker is known: one attribution however many
sentences or paragraphs it runs over (consecutive quotes of one chain with at most a short
attribution between them are one), as in PolNeAR; its cues those of the claims holding it
with the same chain; and (b) every other claim whose chain names someone beyond the
publisher, or that the writer hedges with nobody named ("seems", "reportedly": PolNeAR's
attribution without a source): its content is the claim's span (for a nested claim, the
attributed words). Source = the chain's last hop (name and where it is named); cues = the
words of its cues other than modals. A claim with no words beyond its source and cue ("Biden
said.", a sentence the parser cut off from its quote) is no attribution of its own.

Measures (word sets, punctuation ignored; spans of the cleaned text are mapped back to the
.txt through a word alignment, so the cleaner's cuts do not shift them):
- content: recall = gold contents covered >= 50% by one prediction ("cover"), or exactly
  ("exact"), or touched ("overlap"); precision = predictions that cover >= 50% of one gold
  content, are exact, or touch any gold content (the "overlap" precision is the target's).
- source and cue, over the gold attributions whose content a prediction touches (the
  prediction overlapping it most): exact = same words; lenient = words overlap, or (source)
  the head word of the gold source is in the predicted name (a pronoun resolved to "Donald
  Trump" counts when it sits at the gold "he"). Recall divides by all gold attributions with
  a source/cue, precision by all predictions naming a source/having a cue (each judged
  against the gold attribution whose content it overlaps most). A quote's placeholder hop
  "unnamed speaker" (no name, no place in the text: the article never says who) names no
  source, as PolNeAR's attributions without a source; it counts as a miss for recall. PolNeAR
  has no coreference layer, so a name given at another mention of the same person than the
  gold's is not credited (the lenient measure stays overlap or head word).
- quoted-asserted: claims lying mostly inside a direct quote that are "asserted" (must be 0);
  headlines: articles whose headline line carries no claim (must be 0).

Spacy parses are cached in eval/.cache/polnear (git-ignored), keyed by the cleaned text, so
a rerun only pays for provenance.
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import pickle
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("ALLEGEDLY_SHARED", ROOT.parent / "shared")) / "eval" / "polnear"
CACHE = ROOT / "eval" / ".cache" / "polnear"
_WORD = re.compile(r"\w+", re.UNICODE)
_UPTO = ("allegedly_provenance", "allegedly_events")  # what the cache stops before
# metadata.tsv's publisher codes, as a user would name the outlet when ingesting
OUTLETS = {"breitbart": "Breitbart", "huff-post": "HuffPost", "nyt": "The New York Times",
           "politico": "Politico", "usa-today": "USA Today", "wash-post": "The Washington Post",
           "west-journal": "Western Journalism"}


@dataclass
class Unit:
    """One attribution, gold or predicted, as word-index sets of the .txt."""

    content: frozenset[int]
    source: frozenset[int] = frozenset()
    source_name: str = ""
    cue: frozenset[int] = frozenset()
    status: str = ""
    text: str = ""


@dataclass
class Article:
    name: str
    text: str
    gold: list[Unit] = field(default_factory=list)


def words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _index(spans: list[tuple[int, int]], pieces) -> frozenset[int]:
    return frozenset(i for i, (s, e) in enumerate(spans) for a, b in pieces if s < b and a < e)


def _pieces(field_text: str) -> list[tuple[int, int]]:
    return [tuple(int(x) for x in p.split()) for p in field_text.split(";")]


def load_gold(ann: str, spans) -> list[Unit]:
    """E lines tie an attribution's Source, Cue and Content (T lines) together."""
    ts, events = {}, []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            ts[parts[0]] = (label, _pieces(where))
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(x.split(":", 1) for x in parts[1].split() if ":" in x))
    out = []
    for ev in events:
        content = [p for role, t in ev.items() if role.startswith("Content") and t in ts for p in ts[t][1]]
        if not content:
            continue
        get = lambda role: ts[ev[role]][1] if ev.get(role) in ts else []  # noqa: E731
        out.append(Unit(_index(spans, content), _index(spans, get("Source")), cue=_index(spans, get("Cue"))))
    return [u for u in out if u.content]


def load_split(split: str, sample: int | None = None, seed: int = 11, half: str | None = None) -> list[Article]:
    folder = DATA / split
    if not folder.is_dir():
        raise SystemExit(f"no PolNeAR split at {folder} (needs ../shared/eval/polnear)")
    anns = {}
    for p in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], p)  # several annotators: the first file
    names = sorted(anns)
    if half:  # "even"/"odd": the articles polnear_cue_model.py --odd-only did not/did fit on
        names = names[half == "odd"::2]
    if sample:
        names = sorted(random.Random(seed).sample(names, min(sample, len(names))))
    out = []
    for name in names:
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        out.append(Article(name, text, load_gold(anns[name].read_text(encoding="utf-8"), words(text))))
    return out


# -- running allegedly ---------------------------------------------------------------------

def _parsed(pipeline, art: Article):
    """The doc after every component before provenance, from the cache when it holds it."""
    from spacy.tokens import Doc

    from allegedly.records import RawArticle

    title = art.text.split("\n", 1)[0].strip()
    outlet = OUTLETS.get(art.name.split("_", 1)[0])
    prep = pipeline.prepare(RawArticle(source=art.name, text=art.text, title=title, outlet=outlet, fmt="text"))
    doc = prep.doc
    key = hashlib.sha1((pipeline.settings.model + "\0" + doc.text).encode()).hexdigest()[:16]
    path = CACHE / f"{art.name}.{key}.pkl"
    nlp = pipeline.nlp
    if path.exists():
        blob = pickle.loads(path.read_bytes())
        cached = Doc(nlp.vocab).from_bytes(blob["doc"], exclude=["user_data"])
        cached._.context, cached._.entities = doc._.context, blob["entities"]
        cached.user_data["allegedly_removed"] = doc.user_data.get("allegedly_removed")
        return cached
    with nlp.select_pipes(disable=[n for n in _UPTO if n in nlp.pipe_names]):
        doc = nlp(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"doc": doc.to_bytes(exclude=["user_data"]), "entities": doc._.entities}))
    return doc


def _aligner(raw: str, clean: str):
    """Cleaned-text word index → .txt word index (the cleaner only cuts; words keep order)."""
    rw, cw = words(raw), words(clean)
    if raw == clean:
        return rw, cw, {i: i for i in range(len(cw))}
    sm = difflib.SequenceMatcher(None, [raw[s:e] for s, e in rw], [clean[s:e] for s, e in cw], autojunk=False)
    return rw, cw, {b + k: a + k for a, b, n in sm.get_matching_blocks() for k in range(n)}


def predict(pipeline, art: Article, title_apart: bool = True) -> tuple[list[Unit], dict]:
    from allegedly.provenance.extract import extract
    from allegedly.provenance.quotes import quote_spans
    from allegedly.provenance.settle import UNNAMED_SPEAKER

    doc = _parsed(pipeline, art)
    claims, quotes = extract(doc, doc._.context)
    _, cw, to_raw = _aligner(art.text, doc.text)

    def idx(*spans) -> frozenset[int]:
        return frozenset(to_raw[i] for i in _index(cw, [s for s in spans if s]) if i in to_raw)

    def cues_of(c) -> list:
        return [x.span for x in c.cues if x.text and x.kind not in ("modal", "future")]

    def unit(content, chain, cue_spans, status) -> Unit:
        hop = chain[-1] if chain and chain[-1].kind != "publisher" else None
        if hop is not None and hop.name == UNNAMED_SPEAKER and not hop.span:
            hop = None  # "someone said it, the article never says who": no source named
        return Unit(idx(content), idx(hop.span) if hop and hop.span else frozenset(), hop.name if hop else "",
                    idx(*cue_spans), status, doc.text[content[0]:content[1]])

    # a claim the writer hedges with nobody named ("seems", "reportedly") is PolNeAR's
    # attribution with no source: predicted, with no source
    attributed = [c for c in claims if any(h.kind != "publisher" for h in c.chain)
                  or any(x.kind in ("hedge", "claim") for x in c.cues)]
    # a direct quote whose speaker is known is one attribution, however many sentences it runs
    # over (PolNeAR's unit); its cue is the attribution cue of the claims that hold it
    spoken = [q for q in quotes if q.kind == "direct" and q.speaker and q.chain]
    preds = []
    for span, chain in _runs(doc.text, spoken):
        near = [c for c in attributed if c.chain == chain and _next_to(c.span, span, doc.text)]
        preds.append(unit(span, chain, [s for c in near for s in cues_of(c)], "quote"))
    for c in attributed:
        if _quoted_share(c.span, [q.span for q in spoken]) > 0.5:
            continue  # its words are the quote's
        content = getattr(c, "content", None) or c.span
        u = unit(content, c.chain, cues_of(c), c.status)
        if u.source_name and not u.content - u.source - u.cue:
            continue  # "Biden said.": an attribution cut off from its quote, no content of its own
        preds.append(u)
    marks = quote_spans(doc.text)
    inside = [c for c in claims if _quoted_share(c.span, marks) > 0.5]
    first = doc.text.find("\n")
    facts = {"quoted": len(inside), "quoted_asserted": sum(c.status == "asserted" for c in inside),
             "headline": any(c.span[0] < (first if first > 0 else len(doc.text)) for c in claims),
             "claims": len(claims)}
    if title_apart:  # the headline as a user's title field, apart from the body: has it a claim?
        from allegedly.provenance.headline import title_claims

        facts["title_claimed"] = bool(title_claims(pipeline.nlp, art.text.split("\n", 1)[0].strip(), doc))
    return preds, facts


_RUN_GAP = 80  # characters between two quotes of one speaker: an attribution ("…,” he said. “…")


def _runs(text: str, spoken) -> list[tuple[tuple[int, int], list]]:
    """Consecutive direct quotes of one speaker, apart by at most a short attribution or a
    paragraph break, as one quotation (how PolNeAR marks a quote over several paragraphs)."""
    out: list[tuple[tuple[int, int], list]] = []
    for q in sorted(spoken, key=lambda q: q.span):
        if out and out[-1][1] == q.chain and len(text[out[-1][0][1]:q.span[0]].strip()) < _RUN_GAP:
            out[-1] = ((out[-1][0][0], q.span[1]), q.chain)
        else:
            out.append((q.span, q.chain))
    return out


def _next_to(claim, quote, text: str) -> bool:
    """The claim overlaps the quotation or is the attribution right beside it, which the parser
    may cut off as a sentence of its own ("“I’m honored!” she said. “It’s giving me …”")."""
    if claim[0] < quote[1] and quote[0] < claim[1]:
        return True
    gap = text[claim[1]:quote[0]] if claim[1] <= quote[0] else text[quote[1]:claim[0]]
    return not gap.strip(" \t,.")


def _quoted_share(span, marks) -> float:
    size = max(1, span[1] - span[0])
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in marks) / size


# -- scoring -------------------------------------------------------------------------------

def _cover(pred: frozenset, gold: frozenset) -> float:
    return len(pred & gold) / len(gold) if gold else 0.0


def _source_ok(p: Unit, g: Unit, text_words: list[str]) -> tuple[bool, bool]:
    if not g.source or not p.source_name:
        return False, False
    exact = p.source == g.source
    name = {w.lower() for w in _WORD.findall(p.source_name)}
    head = text_words[max(g.source)].lower() if g.source else ""
    return exact, exact or bool(p.source & g.source) or head in name


def score(results: list[tuple[Article, list[Unit]]]) -> dict:
    n = Counter()
    for art, preds in results:
        tw = [art.text[s:e] for s, e in words(art.text)]
        n["gold"] += len(art.gold)
        n["pred"] += len(preds)
        n["gold_source"] += sum(bool(g.source) for g in art.gold)
        n["gold_cue"] += sum(bool(g.cue) for g in art.gold)
        for g in art.gold:
            best = max(preds, key=lambda p: len(p.content & g.content), default=None)
            if best is None or not best.content & g.content:
                continue
            n["r_overlap"] += 1
            n["r_cover"] += any(_cover(p.content, g.content) >= 0.5 for p in preds)
            n["r_exact"] += any(p.content == g.content for p in preds)
            ex, le = _source_ok(best, g, tw)
            n["r_source_exact"] += ex
            n["r_source_lenient"] += le
            n["r_cue_exact"] += _cue_exact(best.cue, g.cue)
            n["r_cue_lenient"] += bool(best.cue & g.cue)
        for p in preds:
            golds = [g for g in art.gold if p.content & g.content]
            n["p_overlap"] += bool(golds)
            n["p_cover"] += any(_cover(p.content, g.content) >= 0.5 for g in golds)
            n["p_exact"] += any(p.content == g.content for g in golds)
            g = max(golds, key=lambda g: len(p.content & g.content), default=None)
            if g is None:
                continue
            ex, le = _source_ok(p, g, tw)
            n["p_source_exact"] += ex
            n["p_source_lenient"] += le
            n["p_cue_exact"] += _cue_exact(p.cue, g.cue)
            n["p_cue_lenient"] += bool(p.cue & g.cue)
    n["pred_source"] = sum(bool(p.source_name) for _, preds in results for p in preds)
    n["pred_cue"] = sum(bool(p.cue) for _, preds in results for p in preds)
    out = {"articles": len(results), "gold": n["gold"], "predicted": n["pred"]}
    for m in ("overlap", "cover", "exact"):
        out[f"content_{m}"] = _prf(n[f"p_{m}"], n["pred"], n[f"r_{m}"], n["gold"])
    for f, denom in (("source", "gold_source"), ("cue", "gold_cue")):
        for m in ("exact", "lenient"):
            out[f"{f}_{m}"] = _prf(n[f"p_{f}_{m}"], n[f"pred_{f}"], n[f"r_{f}_{m}"], n[denom])
    return out


def _cue_exact(pred: frozenset, gold: frozenset) -> bool:
    """The gold cue's words are all among the prediction's cue words."""
    return bool(gold) and gold <= pred


def _prf(p_hit: int, p_all: int, r_hit: int, r_all: int) -> dict:
    p = p_hit / p_all if p_all else 0.0
    r = r_hit / r_all if r_all else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def evaluate(split: str = "train", sample: int | None = None, errors: int = 0, log=print,
             breakdown: bool = False, half: str | None = None) -> dict:
    from allegedly.pipeline import Pipeline

    pipeline = Pipeline()
    arts = load_split(split, sample, half=half)
    results, facts = [], Counter()
    no_headline = []
    for i, art in enumerate(arts, 1):
        preds, f = predict(pipeline, art)
        results.append((art, preds))
        facts.update({k: int(v) for k, v in f.items()})
        if not f["headline"]:
            no_headline.append(art.name)
        if i % 50 == 0:
            log(f"  {i}/{len(arts)} articles", file=sys.stderr)
    out = score(results)
    out.update(quoted_claims=facts["quoted"], quoted_asserted=facts["quoted_asserted"],
               headlines_without_claim=len(no_headline), claims=facts["claims"],
               titles_without_claim=len(arts) - facts["title_claimed"])
    if errors:
        _show_misses(results, errors, log)
    if breakdown:
        out["breakdown"] = error_breakdown(results)
    return out


_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "their", "its"}


def error_breakdown(results) -> dict:
    """Where recall is lost: gold attributions not covered >= 50%, by their cue's words (lower
    case); and source errors on the covered ones, by kind (nothing named, a gold pronoun
    named wrongly, another name)."""
    missed, source = Counter(), Counter()
    for art, preds in results:
        ws = words(art.text)
        txt = lambda ix: " ".join(art.text[ws[i][0]:ws[i][1]] for i in sorted(ix)).lower()  # noqa: E731
        tw = [art.text[s:e] for s, e in ws]
        for g in art.gold:
            if not any(_cover(p.content, g.content) >= 0.5 for p in preds):
                missed[txt(g.cue) or "(no cue)"] += 1
                continue
            if not g.source:
                continue
            best = max(preds, key=lambda p: len(p.content & g.content))
            if _source_ok(best, g, tw)[1]:
                source["right"] += 1
            elif not best.source_name:
                source["none named"] += 1
            elif txt(g.source) in _PRONOUNS:
                source["gold pronoun, wrong name"] += 1
            else:
                source["other name"] += 1
    return {"missed_by_cue": dict(missed.most_common(60)), "missed": sum(missed.values()),
            "source_on_covered": dict(source)}


def _show_misses(results, k: int, log) -> None:
    misses = []
    for art, preds in results:
        ws = words(art.text)
        txt = lambda ix: " ".join(art.text[ws[i][0]:ws[i][1]] for i in sorted(ix))  # noqa: E731
        for g in art.gold:
            if not any(_cover(p.content, g.content) >= 0.5 for p in preds):
                misses.append(f"MISS [{txt(g.source)}] <{txt(g.cue)}> {txt(g.content)[:160]}")
        for p in preds:
            if not any(p.content & g.content for g in art.gold):
                misses.append(f"FALSE [{p.source_name}] {p.status}: {p.text[:160]}")
    for line in random.Random(0).sample(misses, min(k, len(misses))):
        log(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="train", choices=["train", "dev"])
    ap.add_argument("--sample", type=int, default=None, help="a fixed random sample of N articles")
    ap.add_argument("--errors", type=int, default=0, help="print N random misses and false attributions")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--breakdown", action="store_true", help="misses by cue and source errors by kind")
    ap.add_argument("--half", choices=["even", "odd"], default=None,
                    help="every other article (even: those polnear_cue_model.py --odd-only left out)")
    ap.add_argument("--cue-model", type=Path, default=None,
                    help="use the learnt cue model at this path (eval/polnear_cue_model.py --write builds it)")
    ap.add_argument("--tagger", type=Path, default=None,
                    help="use the attribution tagger model at this path (eval/polnear_tagger.py builds it)")
    args = ap.parse_args(argv)
    if args.cue_model:
        os.environ["ALLEGEDLY_CUE_MODEL"] = str(args.cue_model.resolve())
    if args.tagger:
        os.environ["ALLEGEDLY_ATTRIBUTION_TAGGER"] = str(args.tagger.resolve())
    out = evaluate(args.split, args.sample, args.errors, breakdown=args.breakdown, half=args.half)
    print(f"PolNeAR {args.split}: {out['articles']} articles, {out['gold']} gold attributions, "
          f"{out['predicted']} predicted (of {out['claims']} claims)")
    for key in ("content_overlap", "content_cover", "content_exact", "source_exact", "source_lenient",
                "cue_exact", "cue_lenient"):
        m = out[key]
        print(f"  {key:16s} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}")
    print(f"  claims mostly inside a direct quote: {out['quoted_claims']}, of them asserted: {out['quoted_asserted']}")
    print(f"  headlines without a claim: {out['headlines_without_claim']} (in the body); "
          f"{out['titles_without_claim']} (as a title apart from the body)")
    if args.breakdown:
        b = out["breakdown"]
        print(f"  missed (not covered >= 50%): {b['missed']}; by cue: " +
              ", ".join(f"{k} {v}" for k, v in list(b["missed_by_cue"].items())[:40]))
        print("  source on covered gold: " + ", ".join(f"{k} {v}" for k, v in b["source_on_covered"].items()))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
