"""The exceptions allegedly raises.

    AllegedlyError
    ├── InputError        an input (file, line, URL) cannot be read as an article
    │   └── EmptyInput    it decoded fine but holds no article text
    ├── StoreError        the SQLite store is unusable (wrong schema, locked, corrupt)
    └── ConfigError       a setting names something that does not exist

Messages name the input and the problem, so a batch can log them as they are.
"""
from __future__ import annotations


class AllegedlyError(Exception):
    """Base class for every error allegedly raises on purpose."""


class InputError(AllegedlyError):
    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")

    def __reduce__(self):
        # Worker processes send errors back pickled; the default would call __init__ with the message only.
        return (type(self), (self.source, self.problem))


class EmptyInput(InputError):
    pass


class StoreError(AllegedlyError):
    pass


class ConfigError(AllegedlyError):
    pass


def printable(text: str) -> str:
    """``text`` on one line: control characters (a newline in a file name) as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def safe_text(text: str) -> str:
    """``text`` encodable as UTF-8: a file name's undecodable bytes (kept by Python as lone
    surrogates, b"\\xff" → "\\udcff") become "\\xff", other lone surrogates "\\ud800"."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for c in text:
        if "\udc80" <= c <= "\udcff":
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        elif "\ud800" <= c <= "\udfff":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)
