"""Find PLOVER event triggers in a parsed sentence.

A trigger is a verb (attacked, retook), a phrasal verb (pulled out, handed
over), a verb whose meaning depends on its object (train fighters, close the
border), a light verb carrying a trigger noun (held talks, struck an
agreement) or a bare trigger noun (a trade deal, the withdrawal). The lexicon
is ours, in ``allegedly/data/plover_triggers.json``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

Entry = tuple[str, str | None, str | None]  # (type, mode, cameo root)
LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "plover_triggers.json"


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Entry]
    phrasal: dict[str, Entry]
    nouns: dict[str, Entry]
    light_verbs: frozenset[str]
    relax_verbs: frozenset[str]
    restriction_nouns: frozenset[str]
    object_verbs: dict[str, dict[str, Entry]]
    governors: dict[str, str]  # lemma -> type it imposes on what it governs
    report_verbs: frozenset[str]
    retreat_nouns: frozenset[str]
    person_object_verbs: frozenset[str]
    intransitive_only: frozenset[str]
    phrasal_places: dict[str, frozenset[str]]  # phrasal -> the places its preposition must lead to
    # every lemma a verb trigger can start from, and every word of a noun trigger: a token outside
    # them is skipped at once (most tokens of a sentence; the rules behind are costly)
    verb_words: frozenset[str] = frozenset()
    noun_words: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(LEXICON_PATH.read_text("utf-8"))
    entry = lambda v: (v[0], v[1], v[2])  # noqa: E731
    governors = {lemma: typ for typ, lemmas in raw["governors"].items() for lemma in lemmas}
    verb_words = {*raw["verbs"], *raw["light_verbs"], *raw["relax_verbs"], *raw["object_verbs"], *raw["report_verbs"],
                  *(k.split()[0] for k in raw["phrasal"]), *(k.split()[0] for k in raw["object_verbs"])}
    noun_words = {w for k in raw["nouns"] for w in k.replace("-", " ").split()}
    return Lexicon(
        verb_words=frozenset(verb_words),
        noun_words=frozenset(noun_words),
        verbs={k: entry(v) for k, v in raw["verbs"].items()},
        phrasal={k: entry(v) for k, v in raw["phrasal"].items()},
        nouns={k: entry(v) for k, v in raw["nouns"].items()},
        light_verbs=frozenset(raw["light_verbs"]),
        relax_verbs=frozenset(raw["relax_verbs"]),
        restriction_nouns=frozenset(raw["restriction_nouns"]),
        object_verbs={v: {n: entry(e) for n, e in objs.items()} for v, objs in raw["object_verbs"].items()},
        governors=governors,
        report_verbs=frozenset(raw["report_verbs"]),
        retreat_nouns=frozenset(raw.get("retreat_nouns", ())),
        person_object_verbs=frozenset(raw.get("person_object_verbs", ())),
        intransitive_only=frozenset(raw.get("intransitive_only", ())),
        phrasal_places={k: frozenset(v) for k, v in raw.get("phrasal_places", {}).items() if isinstance(v, list)},
    )


@dataclass(frozen=True)
class Hit:
    """One trigger: the head token that anchors it and the tokens that name it."""

    head: Token  # the verb (or the noun for bare noun triggers) whose clause holds the roles
    type: str
    mode: str | None
    cameo: str | None
    tokens: tuple[Token, ...]
    kind: str  # verb | phrasal | object | light | noun

    @property
    def text(self) -> str:
        toks = sorted(self.tokens, key=lambda t: t.i)
        return " ".join(t.text for t in toks)

    @property
    def char_span(self) -> tuple[int, int]:
        toks = sorted(self.tokens, key=lambda t: t.i)
        return toks[0].idx, toks[-1].idx + len(toks[-1].text)


_VERBAL = {"VERB", "AUX"}
_OBJ = {"dobj", "obj", "attr", "nsubjpass", "oprd"}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _objects(verb: Token) -> list[Token]:
    out = [c for c in verb.children if c.dep_ in _OBJ]
    # "held talks with X": the object; "blocked roads" as conj too
    return out + [cc for o in out for cc in o.conjuncts]


def _noun_entry(tok: Token, lex: Lexicon) -> tuple[Entry, tuple[Token, ...]] | None:
    """A trigger noun, preferring a two-word compound (trade deal, hunger strike)."""
    lemma = _lemma(tok)
    left = tok.doc[tok.i - 1] if tok.i > 0 else None
    if left is not None and left.dep_ in ("compound", "amod", "nmod"):
        two = f"{_lemma(left)} {lemma}"
        if two in lex.nouns:
            return lex.nouns[two], (left, tok)
        two = f"{left.lower_} {tok.lower_}"
        if two in lex.nouns:
            return lex.nouns[two], (left, tok)
    if tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 1].text == "-":
        hyphen = f"{tok.lower_}-{tok.doc[tok.i + 2].lower_}"
        for key in (hyphen, hyphen.rstrip("s")):
            if key in lex.nouns:  # "sit-ins" comes as sit, -, ins
                return lex.nouns[key], (tok, tok.doc[tok.i + 1], tok.doc[tok.i + 2])
    for key in (tok.lower_, lemma):
        if key in lex.nouns:
            return lex.nouns[key], (tok,)
    # "state of emergency", "martial law"
    if tok.i + 2 < len(tok.doc):
        three = f"{tok.lower_} {tok.doc[tok.i + 1].lower_} {tok.doc[tok.i + 2].lower_}"
        if three in lex.nouns:
            return lex.nouns[three], (tok, tok.doc[tok.i + 1], tok.doc[tok.i + 2])
    return None


def _compound_entry(tok: Token, lex: Lexicon) -> tuple[Entry, tuple[Token, ...]] | None:
    """'a mediation mission', 'a mediation effort': the trigger is the modifier noun."""
    for child in tok.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and child.pos_ in ("NOUN", "PROPN"):
            found = _noun_entry(child, lex)
            if found:
                return found[0], (*found[1], tok)
    return None


_MODAL_MUST = {"must", "should"}


def _modal_hit(tok: Token) -> Hit | None:
    """'China must drop barriers': an obligation laid on an actor is a REQUEST."""
    from allegedly.events.actors import is_actorish

    aux = [c for c in tok.children if c.dep_ == "aux" and c.lower_ in _MODAL_MUST]
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if aux and subj and is_actorish(subj[0]) and subj[0].lower_ not in ("it", "this", "that"):
        return Hit(tok, "REQUEST", None, "10", (aux[0], tok), "modal")
    return None


def _verb_lemma(tok: Token, lex: Lexicon) -> str:
    """spaCy's lemma, or a suffix-stripped form when the lemmatiser missed a rare verb ('staged')."""
    lemma = _lemma(tok)
    known = lambda w: w in lex.verbs or w in lex.light_verbs or w in lex.object_verbs or w in lex.relax_verbs  # noqa: E731
    if known(lemma) or lemma in lex.report_verbs:
        return lemma
    low = tok.lower_
    for suffix, add in (("ied", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("s", "")):
        if low.endswith(suffix) and known(low[: -len(suffix)] + add):
            return low[: -len(suffix)] + add
    return lemma


_PERSON_WORDS = {"prisoner", "hostage", "detainee", "captive", "suspect", "activist", "journalist", "soldier",
                 "national", "citizen", "civilian", "dissident", "leader", "member", "people", "man", "woman"}


def _plain_verb_fits(tok: Token, lemma: str, objs: list[Token], lex: Lexicon) -> bool:
    """Reject readings the verb alone cannot carry: 'released a phone', 'demonstrates its ability'."""
    if lemma in lex.person_object_verbs and tok.dep_ != "amod":
        if tok.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in tok.children):
            objs = [c for c in tok.children if c.dep_ == "nsubjpass"]
        from allegedly.events.actors import sector_word

        if not any(o.ent_type_ in ("PERSON", "NORP", "GPE") or _lemma(o) in _PERSON_WORDS or sector_word(o)
                   or o.pos_ == "PRON" and o.lower_ in ("them", "him", "her", "us", "who") for o in objs):
            return False
    if lemma in lex.intransitive_only and (objs or any(c.dep_ == "ccomp" for c in tok.children)):
        return False
    return True


_AGREEING = {"agree", "accept", "reach", "sign", "seal", "broker", "strike", "forge"}


def _object_entry(obj: Token, table: dict[str, Entry]) -> Entry | None:
    """The pair's entry for an object, or for what it is a quantity or container of
    ("a total of 156 observation points", "a stash of firearms"); a described object first
    ("used poisonous gas" is a chemical attack, "used tear gas" crowd control)."""
    for o in (obj, *(p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj")):
        for m in o.children:
            if m.dep_ in ("amod", "compound") and m.i == o.i - 1 and f"{m.lower_} {_lemma(o)}" in table:
                return table[f"{m.lower_} {_lemma(o)}"]
        for key in (_lemma(o), o.lower_, o.lower_[:-1] if o.lower_.endswith("s") else None):
            if key in table:  # spaCy lemmatises "bases" as "basis"
                return table[key]
    return _contained(obj, table)


def _contained(obj: Token, table: dict[str, Entry]) -> Entry | None:
    """'packages containing explosive devices were discovered', 'a car loaded with weapons': a
    weapon inside what was found is what was seized (only for the confiscating pairs)."""
    for t in obj.subtree:
        if t.i != obj.i and t.pos_ in ("NOUN", "ADJ") and abs(t.i - obj.i) <= 8:
            entry = table.get(_lemma(t)) or table.get(t.lower_)
            if entry and entry[1] == "confiscate":
                return entry
    return None


@lru_cache(maxsize=1)
def _weapon_impact() -> tuple[frozenset[str], frozenset[str]]:
    raw = json.loads(LEXICON_PATH.read_text("utf-8")).get("weapon_impact", {})
    return frozenset(raw.get("verbs", ())), frozenset(raw.get("subjects", ()))


def _impact_hit(tok: Token) -> Hit | None:
    """'Mortar rounds landed near the compound', 'shells hit residential areas': a weapon that lands is an attack."""
    verbs, weapons = _weapon_impact()
    if _lemma(tok) not in verbs:
        return None
    agents = [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    for s in [*tok.children, *agents]:  # "was hit by Turkish airstrikes"
        if (s.dep_ in ("nsubj", "nsubjpass") or s in agents) and ({_lemma(s), s.lower_.rstrip("s")} | {
                _lemma(c) for c in s.children if c.dep_ == "compound"}) & weapons:
            return Hit(tok, "ASSAULT", "heavy-weapons", "19", (tok,), "verb")
    return None


def _modifier(tok: Token) -> bool:
    """'a locally established market', 'US-backed forces', 'the banned party': a participle or
    adjective describing a noun names no event of this sentence."""
    if tok.tag_ in ("VB", "VBP", "VBZ", "VBD"):
        return False  # "raids to detain leaders" mis-parsed as amod: a finite or bare verb describes nothing
    return tok.dep_ in ("amod", "compound", "nmod")


def _wrong_place(prep: Token, places: frozenset[str] | None) -> bool:
    """'was taken to hospital' is no 'took to the streets': the place the phrasal must lead to."""
    if places is None or prep.dep_ != "prep":
        return False
    return not any(_lemma(p) in places or p.lower_ in places for p in prep.children if p.dep_ == "pobj")


def _verb_hit(tok: Token, lex: Lexicon) -> Hit | None:
    lemma = _verb_lemma(tok, lex)
    if lemma not in lex.verb_words:
        return None
    report = lemma in lex.report_verbs
    # phrasal verbs: particle or a fixed object/prep ("set fire", "call for")
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "dobj", "advmod") and child.i > tok.i:
            key = f"{lemma} {child.lower_}"
            if key in lex.phrasal and not _wrong_place(child, lex.phrasal_places.get(key)):
                t, m, c = lex.phrasal[key]
                for o in _objects(tok):  # "set up a base" is MOBILIZE, "set up a company" is not
                    found = _object_entry(o, lex.object_verbs.get(key, {}))
                    if found:
                        t, m, c = found
                return Hit(tok, t, m, c, (tok, child), "phrasal")
    for child in tok.children:  # "called for the two sides to trade": 'for' marks the clause
        if child.dep_ in ("advcl", "ccomp", "xcomp") and child.i > tok.i:
            marks = [m for m in child.children if m.dep_ == "mark" and m.i < child.i]
            key = f"{lemma} {marks[0].lower_}" if marks else ""
            if key in lex.phrasal:
                t, m, c = lex.phrasal[key]
                return Hit(tok, t, m, c, (tok, marks[0]), "phrasal")
    objs = _objects(tok)
    if not objs and tok.dep_ == "acl" and tok.tag_ == "VBN":
        objs = [tok.head]  # "poisonous gas used by terrorists", "weapons found in the car"
    table = lex.object_verbs.get(lemma, {})
    # "discovered a large amount of ammunition believed to …": the parser makes the object a clause subject
    clause_subjects = [s for c in tok.children if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"]
    for o in objs + (clause_subjects if table and not objs else []):  # a pair the lexicon names: train fighters, sign (anything), lodge a protest
        found = _object_entry(o, table)
        if found:
            t, m, c = found
            return Hit(tok, t, m, c, (tok, o), "object")
    if lemma in lex.relax_verbs:
        for o in objs:
            found = _noun_entry(o, lex) or _compound_entry(o, lex)
            ol = _lemma(o)
            if ol in lex.retreat_nouns:  # lifting a blockade or siege pulls forces back
                return Hit(tok, "RETREAT", "withdraw", "08", (tok, o), "object")
            if ol in lex.restriction_nouns or o.lower_ in lex.restriction_nouns or (
                found and found[0][0] in ("COERCE", "SANCTION", "PROTEST")
            ):
                return Hit(tok, "CONCEDE", None, "08", (tok, o), "object")
            if found and found[0][0] in ("CONSULT", "COOPERATE", "AID", "SUPPORT"):
                # ending talks, mediation or aid reduces relations
                return Hit(tok, "SANCTION", "relations", "16", (tok, o), "object")
    if "*" in table and objs and lemma not in lex.light_verbs:
        t, m, c = table["*"]
        return Hit(tok, t, m, c, (tok,), "object")
    if lemma in lex.light_verbs or lemma in lex.object_verbs:
        for o in objs:
            found = _noun_entry(o, lex) or _compound_entry(o, lex)
            if found:
                (t, m, c), toks = found
                if t == "RETREAT" and lemma in _AGREEING:
                    # "agreed a ceasefire": PLOVER codes the agreeing (AGREE); the ceasefire kept is RETREAT
                    t, m, c = "AGREE", None, "03"
                return Hit(tok, t, m, c, (tok, *toks), "light")
    if "*" in table and objs:
        t, m, c = table["*"]
        return Hit(tok, t, m, c, (tok,), "object")
    if lemma in lex.verbs and not report and _plain_verb_fits(tok, lemma, objs, lex):
        t, m, c = lex.verbs[lemma]
        return Hit(tok, t, m, c, (tok,), "verb")
    return None


def doc_forms(doc) -> tuple[list[str], list[str], list[str]]:
    """Every token's lower form, lemma (lower-cased) and POS, read once per document: the coder's
    word checks run over whole sentences many times, and a spaCy Token is rebuilt on each access.
    Kept in ``doc.user_data`` for the coding pass (``code_doc`` drops it)."""
    forms = doc.user_data.get("allegedly_forms")
    if forms is None or len(forms[0]) != len(doc):
        lows, lems, pos = [], [], []
        for t in doc:
            lows.append(t.lower_), lems.append(t.lemma_.lower()), pos.append(t.pos_)
        forms = doc.user_data["allegedly_forms"] = (lows, lems, pos)
    return forms


def find_triggers(sent: Span) -> list[Hit]:
    """Every trigger in a sentence, left to right; nouns already carried by a verb are skipped."""
    from allegedly.events.sense import counted, fits, threat_fits

    lex = lexicon()
    hits: list[Hit] = []
    used: set[int] = set()
    doc = sent.doc
    lows, lems, pos = doc_forms(doc)
    span = range(sent.start, sent.end)
    modal = not _MODAL_MUST.isdisjoint(lows[sent.start:sent.end])
    for i in span:
        if pos[i] in _VERBAL:
            tok = doc[i]
            if tok.pos_ == "AUX" and tok.dep_ in ("aux", "auxpass") or _modifier(tok):
                continue
            hit = _verb_hit(tok, lex) or (modal and _modal_hit(tok)) or _impact_hit(tok)
            if hit and not (fits(hit) and threat_fits(hit)):
                # "killed the deal", "fired workers", "took over Aer Lingus": words of war, no violence;
                # the deal killed is no agreement event either
                used.update(c.i for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))
                continue
            if hit:
                hits.append(hit)
                used.update(t.i for t in hit.tokens)
    for i in span:
        if lows[i] not in lex.noun_words and lems[i] not in lex.noun_words:
            continue
        tok = doc[i]
        if tok.i in used or tok.dep_ == "compound" or tok.ent_type_ in ("DATE", "TIME", "ORG", "WORK_OF_ART", "EVENT"):
            continue
        hyphened = tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == "-"
        if tok.pos_ != "NOUN" and not (tok.pos_ == "PROPN" and tok.text.islower()) and not hyphened:
            continue  # 'March' the month, 'Strike' in a name
        found = _noun_entry(tok, lex)
        if found and counted(tok):
            (t, m, c), toks = found
            if any(x.i in used for x in toks):
                continue
            hits.append(Hit(tok, t, m, c, toks, "noun"))
            used.update(x.i for x in toks)
    return sorted(hits, key=lambda h: h.head.i)
