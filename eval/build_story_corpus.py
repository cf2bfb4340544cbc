"""Build a story-clustering test corpus from real Wikinews articles.

Each chosen source article becomes a story: the original (outlet Wikinews), syndicated
copies (same text under another outlet, noise lines added, published later) and
rewrites (sentences reordered, paraphrased by rules, "according to <origin>" added,
other date stamps). The rest stay as unrelated one-article stories — the corpus has
several articles on one topic (Apple, Boeing …), which must stay apart.

    python eval/build_story_corpus.py --out /tmp/stories.jsonl [--sources 60]

Gold: each line's record has ``gold_story`` and ``gold_origin`` next to it, plus
``gold_role`` (origin, copy, rewrite) and ``gold_sentences``: one ``[start, end, source,
hedged]`` per sentence of the text — its char span, the index of the original sentence it
came from (into the original's sentences; null for noise and date stamps) and whether an
"according to" was added to it. Claims aligned to these spans give claim-matching gold.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from allegedly.ids import article_id
from allegedly.records import ArticleRecord, Claim, Hop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

OUTLETS = ["Daily Courier", "Global Wire", "Metro Post", "News Today", "The Observer Online", "Asia Herald"]
NOISE = [
    "Also Read: Ten gadgets you need this summer",
    "Follow us on Twitter for the latest news.",
    "Advertisement",
    "Subscribe to our newsletter to get stories like this every morning.",
    "Click here to read more stories from {outlet}.",
]
PARAPHRASE = [
    (r"\bsaid\b", "stated"), (r"\bannounced\b", "revealed"), (r"\bbig\b", "large"),
    (r"\bbegan\b", "started"), (r"\bbuy\b", "purchase"), (r"\bhowever\b", "but"),
    (r"\bcompany\b", "firm"), (r"\babout\b", "around"), (r"\bwill\b", "is set to"),
    (r"\bthe first\b", "the initial"), (r"\bshow\b", "indicate"), (r"\balso\b", "additionally"),
    (r"\bhelp\b", "assist"), (r"\bmany\b", "numerous"), (r"\bpeople\b", "individuals"),
]
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


@dataclass(frozen=True, slots=True)
class GoldSentence:
    start: int
    end: int
    source: int | None  # index of the original sentence; None: noise or a date stamp
    hedged: bool = False  # "according to <origin>" was added


@dataclass(frozen=True, slots=True)
class Gold:
    role: str  # origin, copy or rewrite
    sentences: tuple[GoldSentence, ...]


Line = tuple[str, "int | None", bool]  # (text, source sentence, hedged)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for line in text.splitlines() for s in _SENT.split(line) if s.strip()]


def body_sentences(text: str) -> list[str]:
    """Sentences without the date stamp line Wikinews starts with."""
    sents = split_sentences(text)
    return sents[1:] if sents and re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", sents[0]) else sents


def is_noise(sentence: str) -> bool:
    return any(sentence == n.split("{")[0] or sentence.startswith(n.split("{")[0]) for n in NOISE) or "©" in sentence


def claims_for(text: str, publisher: str, cited: str | None) -> list[Claim]:
    """One claim per sentence: own voice, or reported via the cited outlet.

    Noise lines get none: the cleaning stage cuts them before provenance runs."""
    out, pos = [], 0
    for sent in split_sentences(text):
        start = text.find(sent, pos)
        pos = start + len(sent)
        if is_noise(sent):
            continue
        chain = [Hop(publisher, "publisher")]
        status = "asserted"
        if cited and f"according to {cited}" in sent:
            chain.append(Hop(cited, "outlet"))
            status = "reported"
        out.append(Claim(sent, (start, pos), status, chain=chain))
    return out


def make_record(title: str, sentences: list[str], outlet: str, published: datetime | None, cited: str | None):
    text = "\n".join(sentences)
    return ArticleRecord(
        id=article_id(title + outlet, text), title=title, text=text, outlet=outlet, publisher=outlet,
        published=published.isoformat(timespec="minutes") if published else None,
        claims=claims_for(text, outlet, cited),
    )


def gold_sentences(lines: list[Line]) -> tuple[GoldSentence, ...]:
    """Spans of the lines in ``"\n".join`` of their texts, as make_record builds the text."""
    out, pos = [], 0
    for text, source, hedged in lines:
        out.append(GoldSentence(pos, pos + len(text), source, hedged))
        pos += len(text) + 1
    return tuple(out)


def _lines(sents: list[str], first: int = 0) -> list[Line]:
    return [(s, first + i, False) for i, s in enumerate(sents)]


def _texts(lines: list[Line]) -> list[str]:
    return [t for t, _, _ in lines]


def syndicate_lines(rng: random.Random, lines: list[Line], outlet: str) -> list[Line]:
    out = list(lines)
    for _ in range(rng.randint(1, 3)):
        out.insert(rng.randint(0, len(out)), (rng.choice(NOISE).format(outlet=outlet), None, False))
    return out + [(f"© {outlet}. All rights reserved.", None, False)]


def syndicate(rng: random.Random, sents: list[str], outlet: str) -> list[str]:
    return _texts(syndicate_lines(rng, _lines(sents), outlet))


def paraphrase(sentence: str) -> str:
    for pattern, repl in PARAPHRASE:
        sentence = re.sub(pattern, repl, sentence)
    return sentence


KEEP = (0.6, 1.0)  # share of the original's sentences a rewrite keeps


def rewrite_lines(rng: random.Random, lines: list[Line], origin: str, when: datetime,
                  keep_share: tuple[float, float] = KEEP) -> list[Line]:
    keep = max(3, round(len(lines) * rng.uniform(*keep_share)))  # rewrites often cut the tail
    out = [(paraphrase(t), src, h) for t, src, h in lines[:keep]]
    head, tail = out[:2], out[2:]
    rng.shuffle(tail)  # rewrites keep the lead, move the rest around
    out = head + tail
    for i in rng.sample(range(len(out)), k=max(1, len(out) // 3)):
        text, src, _ = out[i]
        if text.endswith("."):
            out[i] = (text[:-1] + f", according to {origin}.", src, True)
    return [(when.strftime("%B %d, %Y"), None, False)] + out


def rewrite(rng: random.Random, sents: list[str], origin: str, when: datetime) -> list[str]:
    return _texts(rewrite_lines(rng, _lines(sents), origin, when))


def story_variants(rng: random.Random, raw, n: int, keep_share: tuple[float, float] = KEEP):
    """(record, Gold) for one source article: the original, copies and rewrites."""
    when = datetime.fromisoformat(raw.published) if raw.published else datetime(2010, 1, 1)
    when = when.replace(hour=8)
    sents = split_sentences(raw.text)
    body = body_sentences(raw.text)
    stamp_lines = len(sents) - len(body)  # the date stamp is no claim: it gets no source
    lines = [(t, None if i < stamp_lines else i, False) for i, (t, _, _) in enumerate(_lines(sents))]
    body_lines = lines[stamp_lines:]

    def record(title, out: list[Line], outlet, published, cited, role):
        return make_record(title, _texts(out), outlet, published, cited), Gold(role, gold_sentences(out))

    yield record(raw.title, lines, "Wikinews", when, None, "origin")
    outlets = rng.sample(OUTLETS, k=len(OUTLETS))
    for k in range(n):
        outlet = outlets[k % len(outlets)]
        later = when + timedelta(hours=rng.randint(1, 40))
        if k % 2 == 0:
            # Feeds re-stamp copies: some carry a time hours before the original's, some none.
            roll = rng.random()
            stamp = when - timedelta(hours=rng.randint(1, 6)) if roll < 0.3 else None if roll < 0.45 else later
            yield record(raw.title, syndicate_lines(rng, lines, outlet), outlet, stamp, None, "copy")
        else:
            title = paraphrase(raw.title) + f" – {outlet}"
            yield record(title, rewrite_lines(rng, body_lines, "Wikinews", later, keep_share), outlet, later, "Wikinews",
                         "rewrite")


def build(raws, *, sources: int = 60, seed: int = 7, aligned: bool = False, keep_share: tuple[float, float] = KEEP):
    """Records with gold labels: [(record, gold_story, is_origin)], with ``aligned`` a fourth
    item, the record's Gold (role and where each sentence came from)."""
    rng = random.Random(seed)
    raws = sorted(raws, key=lambda r: r.source)
    chosen = set(rng.sample(range(len(raws)), k=min(sources, len(raws))))
    out = []
    for i, raw in enumerate(raws):
        n = rng.randint(1, 4) if i in chosen else 0
        for record, gold in story_variants(rng, raw, n, keep_share):
            out.append((record, f"story{i}", gold.role == "origin", gold))
    rng.shuffle(out)  # arrival order is not publication order
    return out if aligned else [row[:3] for row in out]


def load_wikinews():
    from conftest import wikinews_paths  # the one list of the 120 distinct articles
    from allegedly.ingest.cat import read_cat_xml

    return [read_cat_xml(p) for p in wikinews_paths()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--sources", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rows = build(load_wikinews(), sources=args.sources, seed=args.seed, aligned=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for record, story, origin, gold in rows:
            fh.write(json.dumps({
                "record": record.as_dict(), "gold_story": story, "gold_origin": origin, "gold_role": gold.role,
                "gold_sentences": [[g.start, g.end, g.source, g.hedged] for g in gold.sentences],
            }) + "\n")
    print(f"{len(rows)} articles, {len({row[1] for row in rows})} stories → {args.out}")


if __name__ == "__main__":
    main()
