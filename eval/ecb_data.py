"""ECB+ documents as RawArticles, and their pipeline records cached under eval/.cache/ecb-plus/.

    python eval/ecb_data.py        # (re)build the record cache: every document through the pipeline

The corpus (../shared/eval/ecb-plus, see its README) is tokenised; a document is rebuilt as
text from its tokens. In ``ecbplus`` documents the first sentence is often the page URL and a
date line may follow: they become the article's ``url`` and ``published``, as a feed would give
them; the next sentence is the headline (the title).
"""
from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ALLEGEDLY_SHARED", ROOT.parent / "shared"))
ECB = SHARED / "eval" / "ecb-plus"
CACHE = ROOT / "eval" / ".cache" / "ecb-plus"
sys.path.insert(0, str(ROOT))

from allegedly.records import ArticleRecord, RawArticle  # noqa: E402


@dataclass(frozen=True)
class Doc:
    name: str  # 1_1ecb
    topic: int
    gold: str  # "1-ecb" | "1-ecbplus": the gold event
    raw: RawArticle


_GLUE_LEFT = re.compile(r"\s+([.,;:!?%)\]}'’”]|n't|'s|'re|'ll|'ve|'d|'m)(?=\s|$)")
_GLUE_RIGHT = re.compile(r"([(\[{$“‘])\s+")


def detokenise(tokens: list[str]) -> str:
    s = " ".join(tokens).replace("``", "“").replace("''", "”")
    s = _GLUE_RIGHT.sub(r"\1", _GLUE_LEFT.sub(r"\1", s))
    return re.sub(r"(\d) ?([:/]) (\d)", r"\1\2\3", re.sub(r"(\d) ([:/]) ?(\d)", r"\1\2\3", s))


_YEAR = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}/\d{1,2}/\d{2}\b")
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|"
                    r"jul|aug|sep|oct|nov|dec)|\b\d{1,2}/\d{1,2}/\d{2}", re.I)


def _date(line: str) -> str | None:
    """The date of a page's date line ("Posted on Thu Jun 13, 2013 08:45 AM PDT"), else None."""
    if len(line) > 70 or not _YEAR.search(line) or not _MONTH.search(line):
        return None
    import warnings

    from dateutil import parser

    cleaned = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", r"\1", line.replace("@", " ").replace("|", " "))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # time-zone names are not needed for a date
            return parser.parse(cleaned, fuzzy=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


def read_doc(path: Path) -> Doc:
    root = ET.parse(path).getroot()
    sents: dict[int, list[str]] = {}
    for t in root.iter("token"):
        sents.setdefault(int(t.get("sentence")), []).append(t.text or "")
    lines = [detokenise(sents[k]) for k in sorted(sents)]
    url = published = None
    if lines and lines[0].replace(" ", "").startswith("http"):
        url = lines.pop(0).replace(" ", "")
        for i, line in enumerate(lines[:3]):  # the date line sits before or after the headline
            published = _date(line)
            if published:
                lines.pop(i)
                break
    title = ""
    if url and lines:
        title = lines.pop(0)
    name = path.stem
    topic = int(name.split("_")[0])
    kind = "ecbplus" if name.endswith("ecbplus") else "ecb"
    raw = RawArticle(source=name, text="\n".join(lines) or title, title=title, url=url, published=published,
                     fmt="text")
    return Doc(name, topic, f"{topic}-{kind}", raw)


def documents() -> list[Doc]:
    return sorted((read_doc(p) for p in ECB.glob("*/*.xml")), key=lambda d: (d.topic, d.name))


def load_records() -> dict[str, ArticleRecord]:
    """name → record from the cache (build it with ``python eval/ecb_data.py``)."""
    path = CACHE / "records.jsonl"
    if not path.exists():
        return {}
    out = {}
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        out[row["name"]] = ArticleRecord.from_dict(row["record"])
    return out


def build_cache() -> None:
    from allegedly.pipeline import Pipeline

    docs = documents()
    CACHE.mkdir(parents=True, exist_ok=True)
    pipe = Pipeline()
    tmp = CACHE / "records.jsonl.part"
    with tmp.open("w", encoding="utf-8") as out:
        for doc, outcome in zip(docs, pipe.process_many([d.raw for d in docs])):
            if outcome.record is None:
                print(f"{doc.name}: {outcome.error}", file=sys.stderr)
                continue
            out.write(json.dumps({"name": doc.name, "record": outcome.record.as_dict()}, ensure_ascii=False) + "\n")
    tmp.replace(CACHE / "records.jsonl")
    print(f"{len(docs)} documents → {CACHE / 'records.jsonl'}")


if __name__ == "__main__":
    build_cache()
