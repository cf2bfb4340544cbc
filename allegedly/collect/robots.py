"""robots.txt per origin, parsed with protego, fetched once a run (conditionally).

As RFC 9309 says: a robots.txt that is missing (4xx) allows everything; one the
server fails to give (5xx, no answer) forbids the whole site for this run.
"""
from __future__ import annotations

from dataclasses import dataclass

ROBOTS_AGENT = "allegedly"


@dataclass(frozen=True)
class Rules:
    parser: object | None  # protego.Protego; None allows everything
    refusal: str | None = None  # set when the whole site is off limits this run

    def refuses(self, url: str, agent: str = ROBOTS_AGENT) -> str | None:
        if self.refusal:
            return self.refusal
        if self.parser is not None and not self.parser.can_fetch(url, agent):
            return "robots.txt disallows it"
        return None

    def crawl_delay(self, agent: str = ROBOTS_AGENT) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay else None


def rules_from(status: int | None, body: str | None, error: str | None = None) -> Rules:
    """Rules from the answer to GET /robots.txt (a 304 comes here with the kept body)."""
    from protego import Protego

    if status is None or status >= 500 or status == 429:
        why = error or (f"HTTP {status}" if status else "no answer")
        return Rules(None, refusal=f"robots.txt could not be read ({why}), so the site is not fetched this run")
    if 400 <= status < 500:
        return Rules(None)
    try:
        return Rules(Protego.parse(body or ""))
    except Exception:  # an unparsable robots.txt says nothing we could follow
        return Rules(None)
