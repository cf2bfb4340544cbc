"""Input guards: reject what is not an article before any parser sees it.

Each guard raises InputError with a message that names the input and says
what is wrong, so a batch can print it as is and carry on.
"""
from __future__ import annotations

import codecs
import os
import re

from allegedly.errors import EmptyInput, InputError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Magic numbers of the binary files people most often drop into an article folder by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"%PDF-", "PDF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"PK\x03\x04", "ZIP/DOCX/XLSX"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (DOC/XLS)"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet"),
    (b"ID3", "MP3"),
    (b"OggS", "Ogg"),
    (b"\x00\x00\x00\x18ftyp", "MP4"),
    (b"\x00\x00\x00\x20ftyp", "MP4"),
)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_LEGACY = {"windows-1252", "cp1252", "iso-8859-1", "latin-1", "latin1", "iso8859-1", "us-ascii", "ascii"}


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover


def check_size(source: str, size: int, max_bytes: int) -> None:
    """Refuse empty and oversized inputs from their stat size, before reading them."""
    if size == 0:
        raise EmptyInput(source, "empty file (0 bytes)")
    if max_bytes and size > max_bytes:
        raise InputError(
            source,
            f"file is {human_size(size)}, over the size limit of {human_size(max_bytes)}; "
            f"raise it with the environment variable ALLEGEDLY_MAX_BYTES (Python: max_bytes=) "
            f"if this really is one input",
        )


def stat_size(source: str, path: str) -> int:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(source, "no such file or folder") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    return st.st_size


def magic_name(head: bytes) -> str | None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def _looks_textual(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and control / len(head) > 0.10:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut by the 1 KB window is still text
    return True


def check_text(source: str, data: bytes) -> None:
    """Refuse binary data: a known magic number, NUL bytes or mostly control bytes in the first KB.

    Signatures made of printable letters ("MZ", "BZh", "ID3", "%PDF-") also start ordinary
    text, so they only count when the bytes after them are not text.
    """
    head = data[:1024]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(source, "UTF-16 text; save it as UTF-8 (allegedly reads UTF-8)")
    name = magic_name(head)
    textual = _looks_textual(head)
    if name and (not textual or not _printable(head[:8])):
        raise InputError(source, f"binary file (looks like {name}), not an article")
    if b"\x00" in head:
        raise InputError(source, "binary file (NUL bytes in the first KB), not an article")
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and control / len(head) > 0.10:
        raise InputError(source, f"binary file ({control} control bytes in the first {len(head)}), not an article")


_SENTENCE_END = re.compile(r"[.!?。؟।]")


def check_prose(source: str, body: str) -> None:
    """Refuse text files that are data, not prose: label files and name lists dropped beside articles.

    Tab-separated records (annotation and timeline files) and lists of short lines without one
    sentence end would otherwise be parsed as articles and cluster into nonsense stories.
    """
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    tabbed = sum(1 for ln in lines if "\t" in ln)
    if lines and (tabbed == len(lines) or (len(lines) >= 3 and tabbed * 2 >= len(lines))):
        raise InputError(
            source,
            f"tab-separated data ({tabbed} of {len(lines)} lines hold tab-separated fields), not an article; "
            f"label or annotation files do not belong in an article folder",
        )
    if len(lines) >= 5 and not any(_SENTENCE_END.search(ln) for ln in lines):
        words = sorted(len(ln.split()) for ln in lines)
        if words[len(words) // 2] <= 6:
            raise InputError(
                source,
                f"a list of {len(lines)} short lines with no sentence in it, not an article",
            )


def _printable(b: bytes) -> bool:
    return all(32 <= c < 127 or c in (9, 10, 13) for c in b)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares (meta charset or XML prolog), lower-cased."""
    m = _CHARSET.search(data[:4096]) or re.search(rb"""<\?xml[^>]*encoding=["']([^"']+)""", data[:200])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode(source: str, data: bytes) -> str:
    """UTF-8 (BOM allowed); Windows-1252 only when the document itself declares a legacy charset."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if declared_charset(data) in _LEGACY:
            return data.decode("cp1252", errors="replace")
        bad = data[exc.start:exc.start + 1].hex()
        lines = data.count(b"\n", 0, exc.start)
        where = f"line {lines + 1}, " if lines else ""
        raise InputError(
            source,
            f"invalid UTF-8 at byte offset {exc.start} ({where}byte 0x{bad}); re-encode it as UTF-8",
        ) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(source: str, field: str, value: str | None) -> None:
    """Refuse a lone UTF-16 surrogate (JSON's "\\ud800"): it is no character and cannot be encoded."""
    if not value:
        return
    m = _SURROGATE.search(value)
    if m:
        raise InputError(
            source,
            f'field "{field}" holds a lone surrogate \\u{ord(m.group()):04x} at character {m.start()}: '
            f"not valid Unicode (a JSON \\uXXXX escape without its pair); fix the encoder that wrote it",
        )
