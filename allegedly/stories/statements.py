"""Whose statement a report family rests on: one statement-giver behind several families is one
underlying source.

Six outlets that each rewrite a company's press statement are six report families with six
origins, but an analyst asking "how many sources say this?" hears one voice: the company's.
A family *rests on* an organisation when at least two thirds of its attributed claims (three or
more) come from that organisation, and the organisation speaks in them itself or through its
statement (a family quoting one employee is not resting on the employer's statement): from the organisation itself ("Facebook said"), from a person who speaks for it
("Paul Grewal, Facebook's vice president", "Facebook Vice President … Paul Grewal"), or from
its statement ("the statement read"). Independent reporting that also quotes an official is
not resting on the official: its own interviewees, witnesses and other named sources keep the
organisation's share below the bar, so a quake report quoting civil protection, the mayor and
two residents stays its own source.

Organisations are the actor dictionary's, or names NER tags as organisations that say they are one
("… Civil Protection agency", "Defence Ministry"): NER's ORG alone also covers people ("Bettie
Page"), teams and places, and a family quoting one of those is not relaying a statement.

What counts: claims whose chain names a source beyond the publisher. Unnamed speakers
("a spokesman", "residents") and documents other than statements are neutral (they neither
support nor dilute); another outlet or a person with no known organisation dilutes.
"""
from __future__ import annotations

import re
from collections import Counter

from allegedly.records import ArticleRecord
from allegedly.stories.names import name_key

ORG_TYPES = frozenset({"company", "government", "igo", "ngo", "organisation", "armed_group", "political_party",
                       "military", "think_tank"})
STATEMENT_WORDS = frozenset({"statement", "statements", "post", "blog post", "blog", "press release", "release",
                             "announcement", "news release", "newsroom post", "communique", "communiqué"})
SHARE = 2 / 3  # of a family's non-neutral attributed claims
MIN_CLAIMS = 3
# words allowed between an organisation and the name of the person who speaks for it
_TITLE_WORDS = frozenset(
    "vice president deputy general counsel chief executive officer spokesman spokeswoman spokesperson head "
    "director secretary minister chairman chairwoman founder senior junior communications press public "
    "policy affairs operating financial technology security legal and of the its a an current former "
    "manager commissioner governor coordinator adviser advisor representative".split())
_NEUTRAL_KINDS = {"anonymous", "publisher"}
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


# an organisation NER alone proposes must say it is one ("Civil Protection agency", "Defence
# Ministry"): NER tags people ("Bettie Page"), teams and places as ORG; the actor dictionary's are sure
_ORG_HEAD = re.compile(
    r"\b(agency|ministry|department|police|office|service|services|committee|council|commission|"
    r"company|corporation|corp|inc|ltd|group|bank|university|association|foundation|institute|authority|"
    r"army|navy|force|forces|party|union|court|government|administration|embassy|organization|organisation|"
    r"protection|survey|board|bureau|federation|league|church|hospital|airlines?|railways?)\b", re.I)


def _sure_org(e) -> bool:
    return e.source == "actors" or bool(_ORG_HEAD.search(e.name or e.text))


def _orgs(record: ArticleRecord) -> dict[str, str]:
    """name_key → canonical name of the organisations the page names."""
    out: dict[str, str] = {}
    people = {name_key(e.text) for e in getattr(record, "entities", None) or [] if e.type == "person"}
    for e in getattr(record, "entities", None) or []:
        if e.type in ORG_TYPES and _sure_org(e) and name_key(e.text) not in people:
            name = e.name or e.text
            for form in {e.text, name}:
                if name_key(form):
                    out.setdefault(name_key(form), name)
    return out


def _titles_only(between: str) -> bool:
    words = _WORD.findall(between.lower())
    return len(words) <= 8 and all(w.strip("'’.") in _TITLE_WORDS or w == "s" for w in words)  # s: Facebook's


def affiliations(records: list[ArticleRecord]) -> dict[str, str]:
    """person name_key → organisation name, from the pages' quotes and the words around the names
    ("Facebook's Paul Grewal", "Facebook Vice President … Paul Grewal", "Paul Grewal, Facebook's
    vice president", "Paul Grewal, deputy general counsel at Facebook")."""
    out: dict[str, str] = {}
    for r in records:
        orgs = _orgs(r)
        for q in getattr(r, "quotes", None) or []:
            if name_key(q.speaker) and q.affiliation and name_key(q.affiliation) in orgs:
                out.setdefault(name_key(q.speaker), orgs[name_key(q.affiliation)])
        text = r.text or ""
        people = {h.name for item in [*r.claims, *r.quotes] for h in item.chain if h.kind in ("person", "official")}
        for person in people:
            if name_key(person) in out or len(person.split()) < 2:
                continue
            for m in re.finditer(re.escape(person), text):
                before, after = text[max(0, m.start() - 120):m.start()], text[m.end():m.end() + 120]
                found = _org_before(before, orgs) or _org_after(after, orgs)
                if found:
                    out[name_key(person)] = found
                    break
    return out


def _org_before(before: str, orgs: dict[str, str]) -> str | None:
    """"Facebook Vice President and Deputy General Counsel " → Facebook."""
    best = None
    for name in dict.fromkeys(orgs.values()):  # insertion order: deterministic on ties
        i = before.rfind(name)
        rest = before[i + len(name):]
        if i >= 0 and _titles_only(rest) and re.search(r"\w", rest) and (best is None or i > best[0]):
            best = (i, name)
    return best[1] if best else None


def _org_after(after: str, orgs: dict[str, str]) -> str | None:
    """", Facebook's vice president" or ", deputy general counsel at Facebook" → Facebook."""
    if not after.startswith(","):
        return None
    clause = re.split(r"[,;.(]|\bsaid\b|\bsays\b", after[1:], maxsplit=1)[0]
    for name in orgs.values():
        i = clause.find(name)
        if i < 0:
            continue
        head, tail = clause[:i], clause[i + len(name):]
        if _titles_only(head.replace(" at ", " of ").replace(" for ", " of ")) and _titles_only(tail):
            return name
    return None


def _source_of(hop, orgs: dict[str, str], people: dict[str, str]) -> str | None:
    """The underlying source key of one claim's first hop past the publisher; None when neutral."""
    key = name_key(hop.name)
    if hop.kind in _NEUTRAL_KINDS or not key:
        return None
    if hop.kind == "document":
        return "statement" if hop.name.lower().strip() in STATEMENT_WORDS or key in STATEMENT_WORDS else None
    if hop.kind == "outlet":
        return f"outlet:{key}"
    if key in orgs:
        return name_key(orgs[key])
    if key in people:
        return name_key(people[key])
    last = key.split()[-1]  # "Grewal" after "Paul Grewal"
    for full, org in people.items():
        if full and full.split()[-1] == last:
            return name_key(org)
    return f"{hop.kind}:{key}"


def rests_on(records: list[ArticleRecord], people: dict[str, str] | None = None) -> str | None:
    """The organisation (its name) whose statement nearly all of the family's attributed claims
    come from, or None."""
    people = affiliations(records) if people is None else people
    counts: Counter[str] = Counter()
    voiced: Counter[str] = Counter()  # claims the organisation makes itself ("Facebook said")
    names: dict[str, str] = {}
    statements = 0
    for r in records:
        orgs = _orgs(r)
        for claim in r.claims:
            hop = next((h for h in claim.chain if h.kind != "publisher"), None)
            if hop is None:
                continue
            src = _source_of(hop, orgs, people)
            if src == "statement":
                statements += 1
            elif src is not None:
                counts[src] += 1
                if ":" not in src and name_key(hop.name) in orgs:
                    voiced[src] += 1
                if ":" not in src:
                    names.setdefault(src, orgs.get(src) or next(o for o in people.values() if name_key(o) == src))
    orgs_only = [(k, n) for k, n in counts.most_common() if ":" not in k]
    if not orgs_only:
        return None
    top, n = orgs_only[0]
    total = sum(counts.values()) + statements
    n += statements  # a statement is the organisation's when the family rests on one organisation
    if n < MIN_CLAIMS or n < SHARE * total:
        return None
    if not (statements or voiced[top]):
        return None  # one affiliated person's words, not the organisation's statement
    return names[top]


# A byline: "By Carole Cadwalladr", "by Greg Miller and Greg Jaffe", or an author line of names
# alone ("Carole Cadwalladr and Emma Graham-Harrison") near the top of the page.
_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}"
_AUTHORS = re.compile(rf"^\s*(?:by\s+)?({_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s*$", re.I)
_BY = re.compile(r"^\s*by\s+", re.I)
BYLINE_LINES = 15


def _once(text: str, name: str) -> bool:
    surname = name.split()[-1]
    return len(re.findall(rf"\b{re.escape(surname)}\b", text)) == 1


def reporters(records: list[ArticleRecord]) -> list[str]:
    """The reporters the family's pages name in a byline (name_keys, sorted): one reporter's work is
    one underlying source, whichever outlet carries it (a blog copy of her long-read, her paper's
    own page)."""
    out: set[str] = set()
    for r in records:
        people = {name_key(e.text) for e in getattr(r, "entities", None) or [] if e.type == "person"}
        for line in (r.text or "").splitlines()[:BYLINE_LINES]:
            m = _AUTHORS.match(line)
            if not m or len(line) > 120:
                continue
            names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", m.group(1)) if n.strip()]
            keys = [name_key(n) for n in names]
            # a line of names alone is an author line when it pairs two or more people the page
            # never names again (a caption "Donald Trump and Vladimir Putin" names its subjects)
            if _BY.match(line) or (len(names) >= 2 and all(k in people for k in keys)
                                   and all(_once(r.text, n) for n in names)):
                out.update(k for k in keys if len(k.split()) >= 2)
    return sorted(out)
