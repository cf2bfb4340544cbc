"""Name rules: the index key, common words, aliases, regions and demonyms.

Everything here is data or a pure function of a string; the cache key hashes
the lists (``fingerprint``) so editing one rebuilds the index.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Mapping

_FOLD = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ı": "i", "ð": "d", "þ": "th", "ħ": "h",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "\u02bf": "'", "\u02be": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2013": "-",
})
_SPACES = re.compile(r"\s+")


def norm(name: str) -> str:
    """The index key: lower-case, accents and special letters folded, spaces collapsed."""
    s = unicodedata.normalize("NFKD", name.translate(_FOLD))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _SPACES.sub(" ", s.translate(_FOLD)).strip().lower()


def keys_for(name: str) -> set[str]:
    key = norm(name)
    return {key, key.replace("-", " ")} if "-" in key else {key}


def _stop_words() -> frozenset[str]:
    try:  # a plain Python module of spaCy's, no model needed
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return frozenset()
    return frozenset(STOP_WORDS)


# English words that GeoNames lists as alternate names of some village, or that
# news text capitalises in titles and headlines. Primary names are kept (Nice,
# Mobile, Reading are real towns); the component adds the model's lexicon.
_CURATED = """
able about above across act action after again against age agency air all alliance also among and
any area arm army around art attack august back bad bank base battle bay beach bear bell best big
bird black blue board boat body border bridge bright brown building business camp can capital car
care case castle cell center central centre chief child church city civil clear close club coast
cold come common company corner council country county court cross crown day dead deal death deep
defense defence desert doctor dog door down dry early east easy end energy enemy english even evening
fair faith fall family far farm fast father field fire first fish five flag flat flower force
forest fort four free french friday front full game garden gate general gold golden good grand
grass great green group guard gulf hall happy hard head health heart heaven help high hill home
hope horse hospital hot house human ice independence independent island islands islamic justice
key king lake land last law leader liberty life light line lion little long lord love low lucky
main major march market may media middle mill mine minister mission monday moon most mother mount
mountain much music nation national navy new news next night north oak ocean office
oil old one open order palace paradise park party peace people pine plain plant point police
poor port post power president prince princess progress queen rain range red republic rich ridge
right river road rock rose royal rural saint saturday school sea second security service seven
shell short side silver six sky small snow social south spring square star state station stone
street strong summer sun sunday sunny support table tank temple ten terror the third three
thursday time today top tower town trade tree tuesday two union unity united university upper
valley victory view village war water metro airport college district wednesday well west white wind window winter wood world
year young zero
"""
COMMON_WORDS: frozenset[str] = _stop_words() | frozenset(_CURATED.split())
# Short or all-caps names kept for countries; ISO codes like IS (Iceland) are not
# names in running English text.
ALLOWED_SHORT = frozenset({"US", "U.S.", "UK", "U.K.", "USA", "U.S.A.", "UAE", "DRC", "PRC", "DPRK"})

COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the United States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "the United Kingdom"),
    "AE": ("UAE", "Emirates"),
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "CN": ("PRC",),
    "KP": ("DPRK",),
    "CI": ("Cote d'Ivoire",),
    "CZ": ("Czech Republic",),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "PS": ("Palestine", "Gaza Strip", "West Bank", "Palestinian Territories"),
    "VA": ("Vatican City", "Holy See"),
    "TL": ("East Timor", "Timor-Leste"),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "TR": ("Turkiye",),
    "KR": ("Korea", "Republic of Korea"),
    "SR": ("Surinam",),
    "RU": ("Russian Federation",),
    "IR": ("Islamic Republic of Iran",),
}

# News-style (AP) abbreviations of US states, Canadian provinces and Australian
# states → ISO 3166-2. Postal codes ('KY') are left out: 'IN', 'OR', 'ME' are words.
_ABBREVIATIONS = """
Ala.:US-AL Ariz.:US-AZ Ark.:US-AR Calif.:US-CA Cal.:US-CA Colo.:US-CO Conn.:US-CT Del.:US-DE
Fla.:US-FL Ga.:US-GA Ill.:US-IL Ind.:US-IN Kan.:US-KS Kans.:US-KS Ky.:US-KY La.:US-LA Md.:US-MD
Mass.:US-MA Mich.:US-MI Minn.:US-MN Miss.:US-MS Mo.:US-MO Mont.:US-MT Neb.:US-NE Nebr.:US-NE
Nev.:US-NV N.H.:US-NH N.J.:US-NJ N.M.:US-NM N.Y.:US-NY N.C.:US-NC N.D.:US-ND Okla.:US-OK Ore.:US-OR
Pa.:US-PA Penn.:US-PA R.I.:US-RI S.C.:US-SC S.D.:US-SD Tenn.:US-TN Tex.:US-TX Vt.:US-VT Va.:US-VA
Wash.:US-WA W.Va.:US-WV W.Va:US-WV Wis.:US-WI Wisc.:US-WI Wyo.:US-WY D.C.:US-DC
Alta.:CA-AB B.C.:CA-BC Man.:CA-MB N.B.:CA-NB Nfld.:CA-NL N.S.:CA-NS Ont.:CA-ON P.E.I.:CA-PE
Que.:CA-QC Sask.:CA-SK N.W.T.:CA-NT
N.S.W.:AU-NSW NSW:AU-NSW Qld:AU-QLD Qld.:AU-QLD Vic.:AU-VIC Tas.:AU-TAS
"""
STATE_ABBREVIATIONS: dict[str, str] = dict(item.split(":") for item in _ABBREVIATIONS.split())

REGIONS = (
    "Middle East", "Near East", "Levant", "Maghreb", "Sahel", "Horn of Africa", "North Africa",
    "West Africa", "East Africa", "Central Africa", "Southern Africa", "Sub-Saharan Africa",
    "Latin America", "Central America", "Caribbean", "Balkans", "Western Balkans", "Caucasus",
    "Scandinavia", "Eastern Europe", "Western Europe", "Central Europe", "Central Asia",
    "South Asia", "Southeast Asia", "East Asia", "Asia-Pacific", "Persian Gulf", "Arctic",
)

# Demonyms that suffix rules get wrong (or that would collide); checked first.
_DEMONYMS = """
Afghan:AF Albanian:AL Algerian:DZ American:US Americans:US Argentine:AR Argentinian:AR Armenian:AM
Australian:AU Austrian:AT Azerbaijani:AZ Azeri:AZ Bahraini:BH Bangladeshi:BD Belarusian:BY
Belgian:BE Bolivian:BO Bosnian:BA Brazilian:BR British:GB Briton:GB Britons:GB Bulgarian:BG
Burmese:MM Cambodian:KH Cameroonian:CM Canadian:CA Chadian:TD Chilean:CL Chinese:CN Colombian:CO
Congolese:CD Croatian:HR Cuban:CU Cypriot:CY Czech:CZ Danish:DK Dutch:NL Ecuadorian:EC Egyptian:EG
Emirati:AE English:GB Eritrean:ER Estonian:EE Ethiopian:ET Filipino:PH Finnish:FI French:FR
Georgian:GE German:DE Ghanaian:GH Greek:GR Guatemalan:GT Haitian:HT Honduran:HN Hungarian:HU
Icelandic:IS Indian:IN Indonesian:ID Iranian:IR Iraqi:IQ Irish:IE Israeli:IL Italian:IT
Ivorian:CI Jamaican:JM Japanese:JP Jordanian:JO Kazakh:KZ Kenyan:KE Korean:KR Kosovar:XK
Kurdish:IQ Kuwaiti:KW Kyrgyz:KG Lao:LA Laotian:LA Latvian:LV Lebanese:LB Liberian:LR Libyan:LY
Lithuanian:LT Macedonian:MK Malaysian:MY Malian:ML Maltese:MT Mauritanian:MR Mexican:MX
Moldovan:MD Mongolian:MN Moroccan:MA Mozambican:MZ Namibian:NA Nepalese:NP Nepali:NP
Nigerian:NG Nigerien:NE Norwegian:NO Omani:OM Pakistani:PK Palestinian:PS Panamanian:PA
Peruvian:PE Philippine:PH Polish:PL Portuguese:PT Qatari:QA Romanian:RO Russian:RU Rwandan:RW
Saudi:SA Scottish:GB Senegalese:SN Serb:RS Serbian:RS Singaporean:SG Slovak:SK Slovenian:SI
Somali:SO Somalian:SO Spanish:ES Sri Lankan:LK Sudanese:SD Swedish:SE Swiss:CH Syrian:SY
Taiwanese:TW Tajik:TJ Tanzanian:TZ Thai:TH Tunisian:TN Turkish:TR Turkmen:TM Ugandan:UG
Ukrainian:UA Uruguayan:UY Uzbek:UZ Venezuelan:VE Vietnamese:VN Welsh:GB Yemeni:YE Zambian:ZM
Zimbabwean:ZW
"""


def demonyms(country_names: Mapping[str, str]) -> dict[str, str]:
    """Demonym → ISO2: the table above, then '-n'/'-an'/'-i' forms of the
    remaining country names where they collide with nothing."""
    table: dict[str, str] = {}
    for item in re.findall(r"([A-Z][\w ]*?):([A-Z]{2})", _DEMONYMS):
        table[item[0].strip()] = item[1]
    covered = set(table.values())
    guessed: dict[str, set[str]] = {}
    for iso, name in country_names.items():
        if iso in covered or " " in name:
            continue
        forms = [name + "n"] if name.endswith("a") else [name + "ian", name + "i"]
        for form in forms:
            guessed.setdefault(form, set()).add(iso)
    for form, isos in guessed.items():
        if len(isos) == 1 and form not in table:
            table[form] = next(iter(isos))
    plurals = {d + "s": iso for d, iso in table.items() if d.endswith("n")}
    return {**plurals, **table}


def fingerprint() -> str:
    """A short hash of the word lists above, for the cache key."""
    return hashlib.sha1(
        "\n".join(sorted(COMMON_WORDS | ALLOWED_SHORT) + [_DEMONYMS, _ABBREVIATIONS, repr(COUNTRY_ALIASES), *REGIONS]).encode()
    ).hexdigest()[:8]
