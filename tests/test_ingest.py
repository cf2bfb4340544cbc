"""Ingest: every format, folders and stdin, and one test per kind of bad input."""
from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, SEED, needs_shared, wikinews_paths

from allegedly.errors import EmptyInput, InputError
from allegedly.ids import article_id
from allegedly.ingest import read_inputs, sources
from allegedly.ingest.text import parse_text
from allegedly.records import RawArticle

DATA = Path(__file__).parent / "data" / "ingest"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
HTML_PAGE = DATA / "wikinews_airbus_page.html"


def items(*paths, **kw) -> list:
    return list(read_inputs([str(p) for p in paths], **kw))


def articles(found) -> list[RawArticle]:
    return [i for i in found if isinstance(i, RawArticle)]


def errors(found) -> list[InputError]:
    return [i for i in found if isinstance(i, InputError)]


def only_error(path, **kw) -> InputError:
    found = items(path, **kw)
    assert len(found) == 1 and isinstance(found[0], InputError), found
    return found[0]


# --- formats -----------------------------------------------------------------------------------

def test_plain_text_first_line_is_the_title():
    (a,) = items(DATA / "boeing_737.txt")
    assert a.fmt == "text"
    assert a.title == "Boeing pushes back 737 replacement development"
    assert a.title not in a.text
    assert a.text.startswith("May 24, 2008")
    assert "Boeing" in a.text and a.source.endswith("boeing_737.txt")


def test_html_keeps_the_article_and_drops_the_page_around_it():
    (a,) = items(HTML_PAGE)
    assert a.fmt == "html"
    assert a.title == "Airbus announces job cuts of 10,000"
    assert a.url == "http://en.wikinews.org/wiki/Airbus_announces_job_cuts_of_10,000"
    assert a.published == "2007-02-28"
    for kept in ("Louis Gallois, the Airbus chief executive, said the company expects",
                 "“The response has been massive,” said Julien Talavan",
                 "The restructuring announcement also includes the proposed sale or closure of 3 plants."):
        assert kept in a.text
    for gone in ("cookie", "Accept all", "World news desk", "Subscribe", "Most read stories",
                 "airport lounges", "All rights reserved", "Privacy policy", "dataLayer"):
        assert gone not in a.text, gone
    assert not a.text.startswith(a.title)  # the <h1> is the title, not the first body line


def test_html_declared_windows_1252_is_decoded(tmp_path):
    body = "<p>The minister\x92s statement was read out, officials said on Tuesday afternoon.</p>" * 3
    page = f'<html><head><meta charset="windows-1252"><title>T</title></head><body><article>{body}</article></body></html>'
    f = tmp_path / "legacy.html"
    f.write_bytes(page.encode("latin-1"))
    (a,) = items(f)
    assert "minister’s statement" in a.text


def test_jsonl_bad_lines_are_errors_named_by_line_and_the_rest_go_on():
    path = DATA / "mixed.jsonl"
    found = items(path)
    good = articles(found)
    assert [a.title for a in good] == ["First Airbus A380 delivered", "Japan enters recession"]
    assert [a.source for a in good] == [f"{path}:1", f"{path}:6"]
    assert all(a.outlet == "Wikinews" and a.url.startswith("http://en.wikinews.org/") for a in good)
    assert good[0].published == "2007-10-15" and good[0].fmt == "jsonl"
    bad = {e.source: e.problem for e in errors(found)}
    assert set(bad) == {f"{path}:{n}" for n in (2, 3, 4, 5)}
    assert "not valid JSON" in bad[f"{path}:2"]
    assert '"text" must be a string, not int' in bad[f"{path}:3"]
    assert "list where an article object" in bad[f"{path}:4"]
    assert 'no "text" or "html" field' in bad[f"{path}:5"]


def test_jsonl_html_field_is_extracted(tmp_path):
    page = HTML_PAGE.read_text(encoding="utf-8")
    f = tmp_path / "pages.ndjson"
    f.write_text(json.dumps({"html": page, "outlet": "Mirror Site", "url": "https://mirror.example/x"}) + "\n")
    (a,) = items(f)
    assert a.fmt == "html" and a.outlet == "Mirror Site" and a.url == "https://mirror.example/x"
    assert a.title == "Airbus announces job cuts of 10,000" and "Julien Talavan" in a.text
    assert "cookie" not in a.text


def test_cat_xml():
    (a,) = items(DATA / "3806_apple_intel_mac.xml")
    assert a.fmt == "cat-xml" and a.outlet == "Wikinews"
    assert a.title == "Apple unveils new Intel-based Mac"
    assert a.published == "2006-01-11"
    assert a.url and "wikinews" in a.url


def test_other_xml_is_a_clear_error(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text('<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>')
    e = only_error(f)
    assert e.source == str(f) and "not a CAT document" in e.problem


def test_folder_is_recursive_sorted_and_counts_skipped_types(tmp_path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(DATA / "boeing_737.txt", tmp_path / "b" / "deeper" / "z.txt")
    shutil.copy(DATA / "3806_apple_intel_mac.xml", tmp_path / "a.xml")
    shutil.copy(HTML_PAGE, tmp_path / "b" / "page.HTM")
    shutil.copy(DATA / "boeing_737.txt", tmp_path / ".git" / "hidden.txt")
    shutil.copy(DATA / "boeing_737.txt", tmp_path / ".hidden.txt")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "b" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "b" / "notes.md").write_text("notes")
    reader = read_inputs([str(tmp_path)])
    found = list(reader)
    assert not errors(found)
    assert [Path(a.source).name for a in found] == ["a.xml", "page.HTM", "z.txt"]
    assert reader.skipped == 3 and reader.hidden == 2
    assert reader.skipped_line().startswith("skipped 3 files of unsupported type")
    assert ".pdf" in reader.skipped_line() and ".png" in reader.skipped_line()


def test_empty_folder_is_an_error(tmp_path):
    e = only_error(tmp_path)
    assert "no article files" in e.problem


def test_stdin_is_sniffed():
    text = (DATA / "boeing_737.txt").read_bytes()
    (a,) = items("-", stdin=io.BytesIO(text))
    assert a.source == "<stdin>" and a.fmt == "text" and a.title.startswith("Boeing pushes back")
    found = items("-", stdin=io.BytesIO((DATA / "mixed.jsonl").read_bytes()))
    assert len(articles(found)) == 2 and errors(found)[0].source == "<stdin>:2"
    (h,) = items("-", stdin=io.BytesIO(HTML_PAGE.read_bytes()))
    assert h.fmt == "html" and "Julien Talavan" in h.text
    (x,) = items("-", stdin=io.BytesIO((DATA / "3806_apple_intel_mac.xml").read_bytes()))
    assert x.fmt == "cat-xml"


def test_stdin_missing_or_empty():
    assert "no standard input" in only_error("-").problem
    e = only_error("-", stdin=io.BytesIO(b""))
    assert e.source == "<stdin>" and isinstance(e, EmptyInput)


# --- bad inputs ----------------------------------------------------------------------------------

def test_missing_path(tmp_path):
    e = only_error(tmp_path / "nope.txt")
    assert e.source == str(tmp_path / "nope.txt") and "no such file" in e.problem


def test_unsupported_type_given_explicitly(tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(b"%PDF-1.7 ...")
    e = only_error(f)
    assert e.problem == "unsupported file type .pdf; allegedly reads .txt, .html, .jsonl, CAT .xml"


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    e = only_error(f)
    assert isinstance(e, EmptyInput) and e.source == str(f) and "empty file" in e.problem
    g = tmp_path / "blank.txt"
    g.write_text("  \n\n \t\n")
    assert "blank" in only_error(g).problem


@pytest.mark.parametrize("head,kind", [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"), (b"%PDF-1.5\n%\xe2\xe3", "PDF"),
                                        (b"PK\x03\x04\x14\x00", "ZIP"), (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG")])
def test_binary_file_named_by_magic_number(tmp_path, head, kind):
    f = tmp_path / "article.txt"  # a binary file under a text name: the bytes decide
    f.write_bytes(head + os.urandom(2000))
    e = only_error(f)
    assert e.source == str(f) and f"binary file (looks like {kind}" in e.problem


def test_binary_file_without_magic(tmp_path):
    f = tmp_path / "dump.txt"
    f.write_bytes(b"abc\x00\x00\x01\x02" * 300)
    assert "binary file (NUL bytes" in only_error(f).problem


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    f = tmp_path / "huge.txt"
    line = "Shares rose on Monday after the central bank said it would cut rates, analysts said.\n"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("Markets rally\n\n")
        fh.write(line * (20 * 1024 * 1024 // len(line) + 1))
    assert f.stat().st_size > 20 * 1024 * 1024

    def no_open(*a, **k):
        raise AssertionError("the file was opened before its size was checked")

    monkeypatch.setattr(sources, "open", no_open, raising=False)
    e = only_error(f)
    assert e.source == str(f)
    assert "20.0 MB" in e.problem and "limit of 10.0 MB" in e.problem and "max_bytes" in e.problem
    monkeypatch.undo()
    (a,) = items(f, max_bytes=30 * 1024 * 1024)  # raising the limit lets it through
    assert a.title == "Markets rally"


def test_stdin_over_the_size_limit():
    e = only_error("-", stdin=io.BytesIO(b"Title\n\n" + b"x" * 5000), max_bytes=1000)
    assert e.source == "<stdin>" and "limit of 1000 bytes" in e.problem


def test_invalid_utf8_names_the_byte_offset(tmp_path):
    f = tmp_path / "latin.txt"
    data = "Title line\n\nThe café was closed, police said.".encode("utf-8")
    bad = data.replace("é".encode("utf-8"), b"\xe9")
    f.write_bytes(bad)
    e = only_error(f)
    assert e.source == str(f)
    offset = bad.index(b"\xe9")
    assert f"invalid UTF-8 at byte offset {offset} (line 3" in e.problem and "0xe9" in e.problem


@pytest.mark.parametrize("markup", [
    "<html><head><title>Loading</title></head><body><div id='app'></div><script>render()</script></body></html>",
    "<html><body><<<p>>>\n</ta<b<le><div class=",
    "<!DOCTYPE html><html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
])
def test_broken_html_or_no_article_text(tmp_path, markup):
    f = tmp_path / "page.html"
    f.write_text(markup)
    e = only_error(f)
    assert e.source == str(f) and "no extractable article text" in e.problem


def test_a_batch_mixing_bad_and_good_inputs_keeps_every_good_article(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    (bad / "latin.txt").write_bytes(b"T\n\nna\xefve")
    (bad / "broken.html").write_text("<html><body><div class=")
    with open(bad / "huge.txt", "wb") as fh:
        fh.truncate(20 * 1024 * 1024 + 1)  # sparse: the stat size is what counts
    found = items(DATA / "boeing_737.txt", bad, tmp_path / "missing.txt", HTML_PAGE, DATA / "mixed.jsonl",
                  DATA / "3806_apple_intel_mac.xml")
    titles = [a.title for a in articles(found)]
    assert titles == ["Boeing pushes back 737 replacement development", "Airbus announces job cuts of 10,000",
                      "First Airbus A380 delivered", "Japan enters recession", "Apple unveils new Intel-based Mac"]
    sources_in_error = {Path(e.source.split(":")[0]).name for e in errors(found)}
    assert {"empty.txt", "image.txt", "latin.txt", "broken.html", "huge.txt", "missing.txt",
            "mixed.jsonl"} == sources_in_error


def test_a_parser_crash_is_yielded_not_raised(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(sources, "parse_text", boom)
    shutil.copy(DATA / "boeing_737.txt", tmp_path / "x.txt")
    found = items(tmp_path / "x.txt", HTML_PAGE)
    assert "unexpected RuntimeError" in errors(found)[0].problem and len(articles(found)) == 1


# --- ids ------------------------------------------------------------------------------------------

def test_the_same_article_twice_gets_the_same_id(tmp_path):
    a = items(DATA / "boeing_737.txt")[0]
    copy = tmp_path / "copy" / "again.txt"
    copy.parent.mkdir()
    copy.write_text((DATA / "boeing_737.txt").read_text().replace("\n", "\r\n"))
    as_json = tmp_path / "one.jsonl"
    as_json.write_text(json.dumps({"title": a.title, "text": a.text, "outlet": "Elsewhere"}) + "\n")
    b = items(copy)[0]
    c = items(as_json)[0]
    assert article_id(a.title, a.text) == article_id(b.title, b.text) == article_id(c.title, c.text)
    other = items(HTML_PAGE)[0]
    assert article_id(other.title, other.text) != article_id(a.title, a.text)


# --- real data ------------------------------------------------------------------------------------

def test_bundled_examples_read_cleanly():
    reader = read_inputs([str(EXAMPLES)])
    found = list(reader)
    assert not errors(found)
    got = articles(found)
    assert len(got) >= 12 and any(a.source.endswith("000_4dec16913f75ed72.txt") for a in got)
    attribution = (EXAMPLES / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for a in got:
        assert a.title and len(a.text) > 300
        if a.fmt == "jsonl":
            assert a.outlet == "Wikinews" and a.published and a.url in attribution
    assert "CC BY 2.5" in attribution or "Attribution 2.5" in attribution
    assert "Mi'raj Islamic News Agency" in attribution


@needs_shared
def test_seed_through_read_inputs_equals_parse_text():
    (a,) = items(SEED)
    assert a == parse_text(str(SEED), SEED.read_text(encoding="utf-8"))


@needs_shared
def test_whole_wikinews_corpus_reads_without_errors():
    if not wikinews_paths():
        pytest.skip(f"needs the Wikinews corpus under {CORPUS}")
    folders = [CORPUS / "Corpus-trial-data_task4",
               *sorted((CORPUS / "SemEval_Task4_data").glob("corpus_*/corpus_trackA_CAT"))]
    reader = read_inputs([str(f) for f in folders])
    found = list(reader)
    assert not errors(found)
    assert [a.source for a in found] == wikinews_paths() and reader.skipped == 0
    assert all(a.fmt == "cat-xml" and a.title and a.text for a in found)


def test_text_that_starts_like_a_magic_number_is_still_text(tmp_path):
    f = tmp_path / "mz.txt"
    f.write_text("MZ Motors recalls 10,000 cars\n\nThe company said on Friday that brakes may fail.\n")
    (a,) = items(f)
    assert a.title == "MZ Motors recalls 10,000 cars"


def _jsonl_rows(n: int, words: int = 40) -> list[str]:
    sentence = "Officials said on Monday that the talks would go on, according to a statement. "
    return [json.dumps({"title": f"Story {i}", "text": sentence * words, "url": f"https://ex.org/{i}"})
            for i in range(n)]


def test_jsonl_size_limit_applies_per_line_not_per_file(tmp_path):
    rows = _jsonl_rows(30)
    rows.insert(10, json.dumps({"title": "Huge", "text": "x" * 50_000}))
    f = tmp_path / "dump.jsonl"
    f.write_text("\n".join(rows) + "\n")
    assert f.stat().st_size > 100_000
    found = items(f, max_bytes=20_000)
    assert [a.title for a in articles(found)] == [f"Story {i}" for i in range(30)]
    (e,) = errors(found)
    assert e.source == f"{f}:11" and "over the size limit of 19.5 KB" in e.problem
    assert [a.source for a in articles(found)][10] == f"{f}:12"  # numbering goes on after the cut line


def test_stdin_jsonl_streams_past_the_sniffed_head():
    data = ("\n".join(_jsonl_rows(200)) + "\n").encode()
    assert len(data) > 4 * sources._SNIFF_BYTES
    found = items("-", stdin=io.BytesIO(data))
    assert not errors(found) and len(found) == 200 and found[-1].source == "<stdin>:200"
    assert found[-1].title == "Story 199" and found[-1].text == json.loads(_jsonl_rows(200)[-1])["text"]


def test_jsonl_line_with_invalid_utf8(tmp_path):
    f = tmp_path / "enc.jsonl"
    f.write_bytes(b'{"title": "ok", "text": "fine body text"}\n{"title": "caf\xe9", "text": "x"}\n')
    found = items(f)
    assert len(articles(found)) == 1
    (e,) = errors(found)
    assert e.source == f"{f}:2" and e.problem.startswith("invalid UTF-8 at byte offset 14 (byte 0xe9)")


def test_cat_detokeniser_rebuilds_spacing_quotes_and_names():
    from allegedly.ingest.cat import detokenise

    tokens = ["Michael", "O'", "Leary", ",", "chief", "executive", ",", "said", '"', "we", "'re",
              "ready", '"', "(", "AP", ")", "."]
    assert detokenise(tokens) == "Michael O'Leary, chief executive, said “we're ready” (AP)."
    assert detokenise(["Rock", "'n'", "roll", "and", "the", "boys", "'", "club"]) == "Rock 'n' roll and the boys' club"


def test_label_files_beside_articles_are_refused_by_name(tmp_path):
    # SemEval timeline gold files and entity lists sit in the same folders as the articles.
    (tmp_path / "airbus.txt").write_text("Airbus\n0\tXXXX-XX-XX\t3307-3-take_away\n1\t2007-02-28\t61389-4-said\n")
    (tmp_path / "entities.txt").write_text("Boeing 787\nAirbus A380\nAirbus\nBoeing 777\nRyanair\nEADS\n")
    (tmp_path / "story.txt").write_text(
        "Flood\nThe river rose overnight, officials said.\n\nResidents\tleft their homes early.\n")
    found = items(tmp_path)
    bad = {os.path.basename(e.source): str(e) for e in errors(found)}
    assert "tab-separated data (2 of 2 lines" in bad["airbus.txt"]
    assert "short lines with no sentence" in bad["entities.txt"]
    assert [os.path.basename(a.source) for a in articles(found)] == ["story.txt"]


def test_short_prose_and_one_tabbed_line_stay_articles():
    art = parse_text("x.txt", "Title\nA short line.\nAnother\tline with a tab.\nThird line.\n")
    assert art.title == "Title"
    art = parse_text("y.txt", "Breaking\nQuake hits\nMore soon\n")
    assert art.text.startswith("Quake")
