"""Geoparsing on LGL and GeoVirus (../shared/eval/geoparsing): recognition and resolution.

    python eval/geoparsing_eval.py [--set lgl|geovirus|all] [--half all|even|odd]
                                   [--errors N] [--limit N] [--fresh]

Runs the pipeline as a user would (cleaning, spaCy, actors, places, entities)
on each article and compares its place mentions with the gold toponyms
(measures of Gritta, Pilehvar & Collier 2019):

* recognition P/R/F1: a predicted place span matches a gold span it overlaps
  (one to one); exact-span F1 is printed as well;
* acc@161 on recognised toponyms: the share of matched gold toponyms (with
  gold coordinates) whose predicted point lies within 161 km; a match without
  coordinates counts as wrong; mean and median error km and AUC of the log error
  curve over the same;
* acc@161 over all gold: the same share over every gold toponym with coordinates,
  a miss counting as wrong (end to end);
* on LGL also the share with the exact GeoNames id.

Development used the even-numbered LGL articles only (``--half even``); the odd
half and GeoVirus are reported untouched. Demonyms ('Syrian') are modifiers,
not places, and are not counted as predicted toponyms.

Parsed docs (spaCy only) are cached under eval/.cache/ (git-ignored) so
repeated runs only redo the allegedly components; ``--fresh`` reparses.
"""
from __future__ import annotations

import argparse
import bisect
import difflib
import math
import os
import pickle
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(os.environ.get("ALLEGEDLY_SHARED", ROOT.parent / "shared")) / "eval" / "geoparsing"
CACHE = ROOT / "eval" / ".cache"
BASE = ("allegedly_protect_acronyms", "allegedly_line_breaks", "model")
AFTER = ("allegedly_actors", "allegedly_places", "allegedly_entities")
MAX_KM = 20_039  # half the earth's circumference: the worst possible error


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    feature: str | None = None


@dataclass
class Article:
    key: str
    title: str
    text: str
    gold: list[Gold]
    outlet: str | None = None  # the web domain (LGL), for the outlet's home


def read_lgl(path: Path) -> list[Article]:
    out = []
    for a in ET.parse(path).getroot():
        gold = []
        for t in a.find("toponyms"):
            g = t.find("gaztag")
            lat = lon = gid = feat = None
            if g is not None and g.find("lat") is not None:
                lat, lon = float(g.findtext("lat")), float(g.findtext("lon"))
                gid = int(g.get("geonameid"))
                feat = f"{g.findtext('fclass')}.{g.findtext('fcode')}"
            gold.append(Gold(int(t.findtext("start")), int(t.findtext("end")), t.findtext("phrase"),
                             lat, lon, gid, feat))
        out.append(Article(a.get("docid"), a.findtext("title") or "", a.findtext("text"), gold,
                           (a.findtext("domain") or "").strip() or None))
    return out


def read_geovirus(path: Path) -> list[Article]:
    out = []
    for i, a in enumerate(ET.parse(path).getroot()):
        text = a.findtext("text")
        gold = []
        for loc in a.find("locations"):
            start, end = _aligned(text, loc.findtext("name"), int(loc.findtext("start")),
                                  int(loc.findtext("end")))
            gold.append(Gold(start, end, loc.findtext("name"), float(loc.findtext("lat")),
                             float(loc.findtext("lon"))))
        out.append(Article(f"gv{i}", "", text, gold))
    return out


def _aligned(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """GeoVirus offsets are mostly one past the name ('andi,' for 'Pandi'): the
    nearest exact occurrence of the name within a few characters, else as given."""
    for shift in (0, -1, 1, -2, 2, -3, 3):
        if text[start + shift:end + shift] == name:
            return start + shift, end + shift
    return start, end


def halves(articles: list[Article], half: str) -> list[Article]:
    if half == "all":
        return articles
    r = 0 if half == "even" else 1
    return [a for i, a in enumerate(articles) if i % 2 == r]


# -- running the pipeline ---------------------------------------------------------

def _offset_map(clean: str, raw: str):
    """A function from offsets in the cleaned text to offsets in the raw text."""
    if clean == raw:
        return lambda i: i
    blocks = difflib.SequenceMatcher(None, clean, raw, autojunk=False).get_matching_blocks()
    starts = [b.a for b in blocks]

    def mapped(i: int) -> int:
        k = max(0, bisect.bisect_right(starts, i) - 1)
        b = blocks[k]
        return b.b + min(i - b.a, b.size)

    return mapped


def parsed(name: str, articles: list[Article], fresh: bool):
    """(pipeline, docs) with the spaCy part cached on disk."""
    from allegedly.pipeline import Pipeline
    from allegedly.records import RawArticle
    from allegedly.settings import Settings
    from spacy.tokens import Doc

    pipe = Pipeline(Settings.from_env(components=BASE + AFTER))
    nlp = pipe.nlp
    path = CACHE / f"geoparsing-{name}.pickle"
    docs = None
    if path.exists() and not fresh:
        with open(path, "rb") as fh:
            stored = pickle.load(fh)
        if stored["keys"] == [a.key for a in articles]:
            docs = []
            for data, ctx, removed in stored["docs"]:
                doc = Doc(nlp.vocab).from_bytes(data)
                doc._.context = ctx
                doc.user_data["allegedly_removed"] = removed
                docs.append(doc)
    if docs is None:
        base_names = [n for n in nlp.pipe_names if not n.startswith(AFTER)]
        preps = [pipe.prepare(RawArticle(source=a.key, text=a.text)).doc for a in articles]
        with nlp.select_pipes(enable=base_names):
            docs = list(nlp.pipe(preps, batch_size=16))
        CACHE.mkdir(parents=True, exist_ok=True)
        payload = []
        for d in docs:
            ctx, removed = d._.context, d.user_data.get("allegedly_removed")
            d.user_data.clear()
            payload.append((d.to_bytes(), ctx, removed))
            d._.context = ctx
            d.user_data["allegedly_removed"] = removed
        with open(path, "wb") as fh:
            pickle.dump({"keys": [a.key for a in articles], "docs": payload}, fh)
    return nlp, docs


def outlet_homes(nlp, docs, articles):
    """A first pass without homes: each outlet's home from what its articles ground
    without doubt, no labels. The same counts ``allegedly ingest`` reads from the store's
    ``outlet_regions`` once the set has been ingested, so this pass is 'ingest the set, then
    ingest it again'."""
    from allegedly.nlp.place_home import OutletHomes
    from allegedly.nlp.places import _admin1_of, gazetteer

    homes = OutletHomes()
    after = [n for n in nlp.pipe_names if n.startswith(AFTER)]
    gaz = gazetteer(nlp.get_pipe("allegedly_places").cache_dir)
    for doc, art in zip(docs, articles):
        doc._.context.home_region = None
        for name in after:
            doc = nlp.get_pipe(name)(doc)
        homes.learn(art.outlet, doc._.place_entities or [], lambda e: _admin1_of(gaz, e))
    return homes


def predict(nlp, docs, articles, modifiers: bool, homes=None):
    """Per article, the predicted places as (start, end, lat, lon, id, evidence) in raw offsets.

    ``modifiers``: count demonyms and places inside organisation names too (LGL
    annotates them as toponyms; GeoVirus does not). ``homes``: outlet homes."""
    after = [n for n in nlp.pipe_names if n.startswith(AFTER)]
    out = []
    for doc, art in zip(docs, articles):
        doc.user_data.pop("allegedly_people_not_places", None)
        doc._.context.home_region = homes.home(art.outlet) if homes is not None else None
        for name in after:
            doc = nlp.get_pipe(name)(doc)
        to_raw = _offset_map(doc.text, art.text)
        preds = []
        ents = [e for e in doc._.entities or [] if e.type == "place"]
        if modifiers:
            ents += [m for m in getattr(doc._, "place_modifiers", None) or []
                     if not any(a < m.span[1] and m.span[0] < b for a, b in (e.span for e in ents))]
        for e in sorted(ents, key=lambda e: e.span):
            preds.append((to_raw(e.span[0]), to_raw(e.span[1]), e.lat, e.lon, e.id,
                          _how(e),
                          f"{e.name}/{e.feature}/{e.country}"))
        out.append(preds)
    return out


def _how(e) -> str:
    """'role:evidence' (older records have neither field)."""
    role, evidence = getattr(e, "role", None), getattr(e, "evidence", None)
    return (f"{role}:" if role else "") + (evidence or e.source)


# -- measures ----------------------------------------------------------------------

def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def match(gold: list[Gold], preds: list[tuple]) -> tuple[dict[int, tuple], int]:
    """gold index → prediction (overlap, one to one, exact spans first); and exact matches."""
    taken: set[int] = set()
    pairs: dict[int, tuple] = {}
    exact = 0
    for exact_pass in (True, False):
        for gi, g in enumerate(gold):
            if gi in pairs:
                continue
            for pi, p in enumerate(preds):
                if pi in taken:
                    continue
                ok = (p[0], p[1]) == (g.start, g.end) if exact_pass else p[0] < g.end and g.start < p[1]
                if ok:
                    pairs[gi] = p
                    taken.add(pi)
                    exact += exact_pass
                    break
    return pairs, exact


def evaluate(articles, predictions, errors: int = 0) -> dict:
    n_gold = sum(len(a.gold) for a in articles)
    n_pred = sum(len(p) for p in predictions)
    n_match = n_exact = 0
    dists: list[float] = []  # per recognised gold toponym with coordinates
    n_coord_gold = 0
    same_id = n_id_gold = 0
    by_evidence: Counter = Counter()
    by_evidence_ok: Counter = Counter()
    misses: Counter = Counter()
    wrong: list = []
    spurious: Counter = Counter()
    for art, preds in zip(articles, predictions):
        pairs, exact = match(art.gold, preds)
        used = {id(p) for p in pairs.values()}
        spurious.update(f"{art.text[p[0]:p[1]]} [{p[5]}]" for p in preds if id(p) not in used)
        n_match += len(pairs)
        n_exact += exact
        for gi, g in enumerate(art.gold):
            if g.lat is None:
                continue
            n_coord_gold += 1
            p = pairs.get(gi)
            if p is None:
                misses[g.text] += 1
                continue
            d = MAX_KM if p[2] is None else km(g.lat, g.lon, p[2], p[3])
            dists.append(d)
            by_evidence[p[5]] += 1
            by_evidence_ok[p[5]] += d < 161
            if g.geonames_id is not None:
                n_id_gold += 1
                same_id += p[4] == f"geonames:{g.geonames_id}"
            if d >= 161:
                wrong.append((d, art.key, g.text, g.feature, p[4], p[5], p[6], g.lat, g.lon))
    p = n_match / n_pred if n_pred else 0.0
    r = n_match / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    pe = n_exact / n_pred if n_pred else 0.0
    re_ = n_exact / n_gold if n_gold else 0.0
    ok = sum(d < 161 for d in dists)
    res = {
        "articles": len(articles), "gold": n_gold, "predicted": n_pred, "P": p, "R": r, "F1": f1,
        "F1_exact": 2 * pe * re_ / (pe + re_) if pe + re_ else 0.0,
        "recognised_with_coords": len(dists),
        "acc161_recognised": ok / len(dists) if dists else 0.0,
        "acc161_all": ok / n_coord_gold if n_coord_gold else 0.0,
        "gold_with_coords": n_coord_gold,
        "mean_km": statistics.fmean(dists) if dists else 0.0,
        "median_km": statistics.median(dists) if dists else 0.0,
        "auc": _auc(dists),
        "exact_id": same_id / n_id_gold if n_id_gold else None,
        "evidence": {k: (v, by_evidence_ok[k]) for k, v in by_evidence.most_common()},
    }
    if errors:
        res["top_misses"] = misses.most_common(errors)
        res["worst"] = sorted(wrong, key=lambda w: (w[2], w[0]))
        res["wrong_names"] = Counter(w[2] for w in wrong).most_common(errors)
        res["spurious"] = spurious.most_common(errors)
    return res


def _auc(dists: list[float]) -> float:
    """Area under the curve of log(1 + error km) scaled to [0, 1] (lower is better)."""
    if not dists:
        return 0.0
    top = math.log(MAX_KM + 1)
    return statistics.fmean(math.log(d + 1) / top for d in dists)


def show(name: str, res: dict, seconds: float) -> None:
    print(f"\n== {name}: {res['articles']} articles, {res['gold']} gold toponyms "
          f"({res['gold_with_coords']} with coordinates), {res['predicted']} predicted  [{seconds:.0f}s]")
    print(f"recognition  P {res['P']:.3f}  R {res['R']:.3f}  F1 {res['F1']:.3f}  (exact spans F1 "
          f"{res['F1_exact']:.3f})")
    print(f"resolution   acc@161 recognised {res['acc161_recognised']:.3f} "
          f"(of {res['recognised_with_coords']})  mean {res['mean_km']:.0f} km  "
          f"median {res['median_km']:.1f} km  AUC {res['auc']:.3f}"
          + (f"  exact GeoNames id {res['exact_id']:.3f}" if res["exact_id"] is not None else ""))
    print(f"end to end   acc@161 over all gold {res['acc161_all']:.3f}")
    print("by evidence (n, within 161 km):", {k: v for k, v in res["evidence"].items()})
    if "top_misses" in res:
        print("most missed:", res["top_misses"])
        print("most often wrong:", res["wrong_names"])
        print("most often spurious:", res["spurious"])
        for w in res["worst"]:
            print(f"  {w[0]:7.0f} km  {w[1]}  {w[2]!r} gold {w[3]} ({w[7]:.2f},{w[8]:.2f}) → {w[6]} {w[4]} [{w[5]}]")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=("lgl", "geovirus", "all"), default="all")
    ap.add_argument("--half", choices=("all", "even", "odd", "both"), default="both",
                    help="LGL articles by position; 'both' reports even, odd and all")
    ap.add_argument("--errors", type=int, default=0, help="print the N commonest misses and errors (LGL even half only)")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (quick looks)")
    ap.add_argument("--places-only", action="store_true",
                    help="on LGL too, count places only (not demonyms or places in organisation names)")
    ap.add_argument("--fresh", action="store_true", help="reparse instead of the cached spaCy docs")
    ap.add_argument("--no-homes", action="store_true",
                    help="without outlet homes (learnt in a first pass over the set's own articles)")
    args = ap.parse_args()
    if not GOLD_DIR.is_dir():
        sys.exit(f"no geoparsing gold at {GOLD_DIR} (needs ../shared/eval/geoparsing)")
    sets = []
    if args.set in ("lgl", "all"):
        sets.append(("lgl", read_lgl(GOLD_DIR / "lgl.xml")))
    if args.set in ("geovirus", "all"):
        sets.append(("geovirus", read_geovirus(GOLD_DIR / "GeoVirus.xml")))
    for name, articles in sets:
        if args.limit:
            articles = articles[: args.limit]
        t = time.perf_counter()
        nlp, docs = parsed(name + (f"-{args.limit}" if args.limit else ""), articles, args.fresh)
        homes = None if args.no_homes else outlet_homes(nlp, docs, articles)
        if homes is not None:
            outlets = {a.outlet for a in articles if a.outlet}
            print(f"{name}: outlet homes for {sum(homes.home(o) is not None for o in outlets)} of "
                  f"{len(outlets)} outlets")
        preds = predict(nlp, docs, articles, modifiers=name == "lgl" and not args.places_only, homes=homes)
        secs = time.perf_counter() - t
        if name == "lgl" and args.half != "all":
            idx = list(range(len(articles)))
            for half in (("even", "odd", "all") if args.half == "both" else (args.half,)):
                keep = set(halves(idx, half))
                sub = [a for i, a in enumerate(articles) if i in keep]
                sp = [p for i, p in enumerate(preds) if i in keep]
                show(f"LGL {half} half" if half != "all" else "LGL all", evaluate(sub, sp, args.errors
                     if half == "even" else 0), secs)
        else:
            show(name, evaluate(articles, preds), secs)  # errors: the development half only
    print(f"\ncache dir: {os.environ.get('ALLEGEDLY_CACHE', '~/.cache/allegedly')}")


if __name__ == "__main__":
    main()
