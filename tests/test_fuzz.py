"""Property-based fuzzing (hypothesis) of the readers, the cleaner, the dateline parser and the
whole pipeline: whatever the input, the answer is a record or an error naming the input, never
an exception out of the batch, and every span points at its text.

Sizes are kept small enough for CI (about half a minute in all); raise them locally with
``HYPOTHESIS_PROFILE=deep``.
"""
from __future__ import annotations

import io
import json
import os

from hypothesis import HealthCheck, example, given, settings, strategies as st

from allegedly.clean import clean
from allegedly.dateline import parse_dateline
from allegedly.errors import InputError
from allegedly.ingest import parse_bytes, read_inputs
from allegedly.ingest.jsonl import iter_jsonl_stream
from allegedly.records import RawArticle

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("deep", max_examples=1_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Text that looks enough like news to reach the parser's corners: words, names, quotes,
# datelines, dashes, blank lines, teaser lines, stray markup and odd characters.
_PIECES = st.sampled_from([
    "the", "minister", "said", "IS", "army", "Palmyra", "Sky News", "reported", "allegedly", "denied",
    "“", "”", '"', "'", ",", ".", " – ", "\n", "\n\n", "(MINA)", "LONDON,", "3 May 2016", "5 Rajab 1437",
    "Also Read:", "<b>", "&amp;", "\u00a0", "\t", "🙂", "٣", "Пальмира", "السورية", "...", "?", "!",
    "according to", "officials", "told", "would", "not", "attack", "talks", "on Monday",
])
NEWSY = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=80).map(" ".join)
ANY_TEXT = st.one_of(NEWSY, st.text(max_size=400))


def _check_spans(record) -> None:
    n = len(record.text)
    for item in [*record.entities, *record.claims, *record.quotes, *record.events]:
        s, e = item.span
        assert 0 <= s <= e <= n, item
    for item in [*record.entities, *record.claims]:
        assert record.text[item.span[0]:item.span[1]] == item.text, item


# --- readers -----------------------------------------------------------------------------------


@given(data=st.binary(max_size=2_000), kind=st.sampled_from([None, "text", "html", "jsonl", "xml"]))
@example(data=b'{"text": "a \\ud800 b"}\n', kind="jsonl")
@example(data=b"\xff\xfe" + "x".encode("utf-16-le"), kind=None)
@example(data=b"<Document><token sentence='x'>a</token></Document>", kind="xml")
def test_parse_bytes_answers_articles_or_input_errors(data, kind):
    try:
        items = list(parse_bytes("fuzz", data, kind, max_bytes=10_000))
    except InputError as exc:
        assert exc.source == "fuzz" and exc.problem
        return
    for item in items:
        assert isinstance(item, (RawArticle, InputError))


_JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3),
                           max_leaves=8)
_ARTICLE_OBJ = st.fixed_dictionaries({}, optional={k: st.one_of(st.text(max_size=200), _JSON_VALUE)
                                                   for k in ("title", "text", "html", "url", "published", "outlet")})


@given(lines=st.lists(st.one_of(_ARTICLE_OBJ.map(json.dumps), st.text(max_size=60),
                                st.binary(max_size=60).map(lambda b: b.decode("latin-1"))), max_size=8))
def test_jsonl_stream_yields_one_answer_per_line(lines):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = list(iter_jsonl_stream("fuzz.jsonl", io.BytesIO(data).readline, max_bytes=5_000))
    assert all(isinstance(i, (RawArticle, InputError)) for i in items)
    assert len(items) <= max(1, len([line for line in data.split(b"\n") if line.strip()]))


@given(names=st.lists(st.text(alphabet=st.characters(blacklist_characters="/\x00"), min_size=1, max_size=12),
                      max_size=5, unique=True),
       bodies=st.lists(st.binary(max_size=300), min_size=5, max_size=5))
def test_a_folder_of_anything_never_raises(tmp_path_factory, names, bodies):
    folder = tmp_path_factory.mktemp("fuzz")
    for name, body in zip(names, bodies):
        if name in (".", ".."):
            continue
        try:
            (folder / (name + ".txt")).write_bytes(body)
        except (OSError, UnicodeEncodeError):  # a name the file system refuses (too long, a lone surrogate)
            continue
    for item in read_inputs([str(folder)]):
        assert isinstance(item, (RawArticle, InputError))
        item.source.encode("utf-8")  # storable and printable


# --- cleaner and dateline ---------------------------------------------------------------------------


@given(raw=ANY_TEXT)
def test_cleaner_removals_point_into_the_raw_text(raw):
    text, removed = clean(raw)
    assert isinstance(text, str)
    for r in removed:
        assert raw[r.span[0]:r.span[1]] == r.text
        assert 0 <= r.at <= len(text)


@given(text=ANY_TEXT, head=st.sampled_from(["", "London, 5 Rajab 1437/03 May 2016 (MINA) – ",
                                             "WASHINGTON (AP) — ", "NEW DELHI, Dec 2 (PTI): ", "January 09, 2008\n"]))
def test_dateline_spans_point_at_their_text(text, head):
    body = head + text
    d = parse_dateline(body)
    if d.span:
        assert body[d.span[0]:d.span[1]].strip() == d.text.strip() or d.text in body
    for m in d.dates:
        if m.span:
            assert body[m.span[0]:m.span[1]] == m.text


# --- the whole pipeline --------------------------------------------------------------------------------


@settings(max_examples=int(os.environ.get("FUZZ_PIPELINE_EXAMPLES", "15")))
@given(articles=st.lists(st.tuples(st.text(max_size=40), ANY_TEXT,
                                   st.one_of(st.none(), st.text(max_size=20), st.just("2016-05-03"))),
                         min_size=1, max_size=4))
@example(articles=[("t", "Hello \ud800 world, the minister said.", None)])
@example(articles=[("t", "“" * 50 + " said " + "”" * 50, "not-a-date")])
def test_the_pipeline_answers_every_article(pipeline, articles):
    raws = [RawArticle(source=f"fuzz:{i}", title=t, text=body, published=pub)
            for i, (t, body, pub) in enumerate(articles)]
    outcomes = list(pipeline.process_many(raws))
    assert [o.source for o in outcomes] == [r.source for r in raws]
    for o in outcomes:
        assert (o.record is None) != (o.error is None)
        if o.record:
            _check_spans(o.record)
