"""Walk the inputs a user names (files, folders, '-') and turn each into articles or errors.

The reader is an iterator with live counters, so the CLI can stream articles
into the pipeline and still print "skipped 3 files of unsupported type" at
the end. Nothing raised by one input escapes: it is yielded as InputError.
"""
from __future__ import annotations

import io
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from allegedly.errors import InputError, safe_text
from allegedly.ingest import guard
from allegedly.ingest.cat import is_cat_xml, read_cat_xml
from allegedly.ingest.html import looks_like_html, parse_html
from allegedly.ingest.jsonl import iter_jsonl, iter_jsonl_stream
from allegedly.ingest.text import parse_text
from allegedly.records import RawArticle

FORMATS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "xml",
}
SUPPORTED = "allegedly reads .txt, .html, .jsonl, CAT .xml"
STDIN = "<stdin>"

Item = RawArticle | InputError


class InputReader:
    """Iterator over RawArticle | InputError for ``paths``; counts what it skips on the way."""

    def __init__(self, paths: Iterable[str], stdin: BinaryIO | None = None, max_bytes: int | None = None):
        self.paths = [str(p) for p in paths]
        self.stdin = stdin
        self.max_bytes = default_max_bytes() if max_bytes is None else max_bytes
        self.skipped_types: Counter[str] = Counter()  # extension → files left out of folders
        self.hidden = 0  # hidden files/folders left out of folders
        self.unreadable_folders = 0  # folders os.walk could not list (each also yielded as an error)
        self.files = 0
        self.articles = 0
        self.errors = 0
        self._items = self._generate()

    @property
    def skipped(self) -> int:
        """Files inside folders left out because their type is not an article format."""
        return sum(self.skipped_types.values())

    def skipped_line(self) -> str:
        if not self.skipped:
            return ""
        kinds = ", ".join(f"{ext} ×{n}" for ext, n in self.skipped_types.most_common())
        noun = "file" if self.skipped == 1 else "files"
        return f"skipped {self.skipped} {noun} of unsupported type ({kinds})"

    def __iter__(self) -> "InputReader":
        return self

    def __next__(self) -> Item:
        item = next(self._items)
        source = safe_text(item.source)  # a file name with bytes that are not UTF-8
        if isinstance(item, InputError):
            self.errors += 1
            return item if source == item.source else InputError(source, item.problem)
        self.articles += 1
        return item if source == item.source else replace(item, source=source)

    def _generate(self) -> Iterator[Item]:
        for path in self.paths:
            if path == "-":
                yield from self._guarded(STDIN, self._read_stdin)
            elif os.path.isdir(path):
                yield from self._folder(path)
            else:
                yield from self._guarded(path, lambda p=path: self._read_file(p, explicit=True))

    def _guarded(self, source: str, read) -> Iterator[Item]:
        # The one place where a bad input turns into a yielded error instead of an exception.
        try:
            yield from read()
        except InputError as exc:
            yield exc
        except (OSError, MemoryError) as exc:
            yield InputError(source, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        except Exception as exc:  # a parser bug must not end the batch either
            yield InputError(source, f"unexpected {type(exc).__name__} while reading: {exc}")

    def _folder(self, root: str) -> Iterator[Item]:
        found = 0
        for path in walk(root, self):
            if isinstance(path, InputError):
                yield path
                continue
            found += 1
            yield from self._guarded(path, lambda p=path: self._read_file(p, explicit=False))
        if not found and not self.unreadable_folders:
            yield InputError(root, f"folder holds no article files ({SUPPORTED})")

    def _read_file(self, path: str, explicit: bool) -> Iterator[Item]:
        ext = Path(path).suffix.lower()
        kind = FORMATS.get(ext)
        if kind is None and ext:
            raise InputError(path, f"unsupported file type {ext}; {SUPPORTED}")
        size = guard.stat_size(path, path)
        if kind == "jsonl":
            yield from self._read_jsonl_file(path, size)
            return
        guard.check_size(path, size, self.max_bytes)
        with open(path, "rb") as fh:
            data = fh.read(self.max_bytes + 1 if self.max_bytes else -1)
        self.files += 1
        yield from parse_bytes(path, data, kind, self.max_bytes)

    def _read_jsonl_file(self, path: str, size: int) -> Iterator[Item]:
        guard.check_size(path, size, 0)  # the limit applies per line
        with open(path, "rb") as fh:
            guard.check_text(path, fh.read(1024))
            fh.seek(0)
            self.files += 1
            yield from iter_jsonl_stream(path, fh.readline, self.max_bytes)

    def _read_stdin(self) -> Iterator[Item]:
        if self.stdin is None:
            raise InputError(STDIN, "'-' given but no standard input is available")
        head = _as_bytes(self.stdin.read(_SNIFF_BYTES))
        if head and sniff(head) == "jsonl":
            guard.check_text(STDIN, head)
            self.files += 1
            yield from iter_jsonl_stream(STDIN, _chained_readline(head, self.stdin), self.max_bytes)
            return
        rest = b""
        room = self.max_bytes + 1 - len(head) if self.max_bytes else -1
        if len(head) == _SNIFF_BYTES and room != 0 and room >= -1:
            rest = _as_bytes(self.stdin.read(room))
        data = head + rest
        guard.check_size(STDIN, len(data), self.max_bytes)
        self.files += 1
        yield from parse_bytes(STDIN, data, None, self.max_bytes)


_SNIFF_BYTES = 64 * 1024


def _as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data  # a text stream handed in by mistake


def _chained_readline(head: bytes, stream: BinaryIO):
    """readline over the sniffed head, then the rest of the stream."""
    buffered = io.BytesIO(head)

    def readline(limit: int = -1) -> bytes:
        part = buffered.readline(limit)
        if part.endswith(b"\n") or (limit > 0 and len(part) >= limit):
            return part
        more = stream.readline(limit - len(part) if limit > 0 else -1)
        return part + _as_bytes(more)

    return readline


def default_max_bytes() -> int:
    value = os.environ.get("ALLEGEDLY_MAX_BYTES", "")
    return int(value) if value.isdigit() else guard.DEFAULT_MAX_BYTES


def walk(root: str, reader: InputReader) -> Iterator[str | InputError]:
    """Article files under ``root``, recursive and sorted; hidden entries and other types are counted.

    A folder that cannot be listed (no permission, gone meanwhile) is yielded as an
    InputError naming it, never skipped in silence.
    """
    problems: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=problems.append):
        yield from _unreadable(problems, reader)
        reader.hidden += sum(1 for d in dirs if d.startswith("."))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                reader.hidden += 1
                continue
            ext = Path(name).suffix.lower()
            if ext not in FORMATS:
                reader.skipped_types[ext or "(no extension)"] += 1
                continue
            yield os.path.join(folder, name)
    yield from _unreadable(problems, reader)


def _unreadable(problems: list[OSError], reader: InputReader) -> Iterator[InputError]:
    while problems:
        exc = problems.pop(0)
        reader.unreadable_folders += 1
        yield InputError(str(exc.filename), f"cannot read folder: {exc.strerror or exc}; its articles are not read")


def parse_bytes(source: str, data: bytes, kind: str | None, max_bytes: int = 0) -> Iterator[Item]:
    """Guard, decode and parse one input; ``kind`` None means sniff it (stdin, no extension)."""
    if max_bytes and len(data) > max_bytes:
        raise InputError(source, f"input is over the size limit of {guard.human_size(max_bytes)}")
    guard.check_text(source, data)
    if kind is None:
        kind = sniff(data)
    if kind == "xml":
        if not is_cat_xml(data[:4096]):
            raise InputError(source, f"XML but not a CAT document (no <Document> with <token> children); {SUPPORTED}")
        yield read_cat_xml(source, data)
        return
    text = guard.decode(source, data)
    if not text.strip():
        raise InputError(source, "blank file (only white space)")
    if kind == "jsonl":
        yield from iter_jsonl(source, text)
    elif kind == "html":
        yield parse_html(source, text)
    else:
        yield parse_text(source, text)


def sniff(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if is_cat_xml(head):
        return "xml"
    if head.startswith(b"{"):
        return "jsonl"
    if looks_like_html(head):
        return "html"
    return "text"
