"""WARC and WARC.gz files (warcio), e.g. Common Crawl News: response records → Pages.

Requests, metadata, warcinfo and revisit records carry no page and are passed
over; every response or resource record becomes a Page whose fetch time is its
WARC-Date, so it goes through the same checks as a fetched page.
"""
from __future__ import annotations

from typing import Iterator

from allegedly.collect.records import Page
from allegedly.collect.urls import normalise
from allegedly.errors import InputError

PAGE_RECORDS = ("response", "resource")


def read_warc(path: str, max_bytes: int = 10 * 1024 * 1024) -> Iterator[Page | InputError]:
    """One Page per response/resource record with an http(s) target; an InputError for a broken file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    records = pages = 0
    with fh:
        try:
            for record in ArchiveIterator(fh):
                records += 1
                if record.rec_type not in PAGE_RECORDS:
                    continue
                page = _page(path, record, max_bytes)
                if page is not None:
                    pages += 1
                    yield page
            if not pages:
                what = f"{records} records" if records else "no records"
                yield InputError(path, f"{what} and none a response with an http(s) URL; is this a WARC file?")
        except ArchiveLoadFailed as exc:
            yield InputError(path, f"not a readable WARC file: {exc}")
        except Exception as exc:  # a truncated gzip member and the like end the file, not the run
            yield InputError(path, f"WARC file broken after some records: {type(exc).__name__}: {exc}")


def _page(path: str, record, max_bytes: int) -> Page | None:
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    url = normalise(target)
    if url is None:
        return None
    date = record.rec_headers.get_header("WARC-Date") or ""
    if record.rec_type == "response" and record.http_headers is not None:
        status = int(record.http_headers.get_statuscode() or 0) or None
        ctype = record.http_headers.get_header("Content-Type")
    else:
        status, ctype = 200, record.rec_headers.get_header("Content-Type")
    body = record.content_stream().read(max_bytes + 1)
    error = f"record over the size limit of {max_bytes:,} bytes" if len(body) > max_bytes else None
    return Page(url=url, final_url=target, status=status, fetched_at=date, kind="warc",
                body=b"" if error else body, content_type=ctype, error=error)
