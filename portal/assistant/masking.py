"""De-identification of free text before it is stored (the assistant's log and its exports).

HIPAA Safe Harbor's identifiers that people type into a chat box are replaced by a
placeholder, in this order (earlier kinds are found first, so their digits are gone before
the looser rules run):

- web addresses and e-mail addresses: [URL], [EMAIL]; IP addresses (v4 and v6): [IP ADDRESS];
- card numbers (13-19 digits in any grouping, Luhn check): [CARD];
- SSNs (123-45-6789, 123 45 6789; nine digits after "SSN" or "social"): [SSN];
- phone and fax numbers (US formats, +1, 7-digit local numbers): [PHONE], [FAX];
- numbers introduced by what they are (member ID, MRN, chart, account, policy, group,
  claim, confirmation number ...) in any spacing: [MEMBER ID], [RECORD NUMBER],
  [ACCOUNT NUMBER]; member-ID-like codes (letters and six or more digits, in any spacing):
  [MEMBER ID];
- every date more precise than a year (03/09/1975, 3-9-75, 1975-03-09, 11/8, March 9, 1975,
  9 March 2009, Mar 9th, the 23rd of May, March 1975): [DATE]; a year alone is kept;
- street addresses with their unit, city and state, and PO boxes: [ADDRESS]; ZIP codes
  (5 digits or ZIP+4): [ZIP] (none of the digits are kept);
- names where the text says who someone is ("my name is", "I'm", "this is", "my son ...",
  "grandma ...", "patient ...", "pt:", "mbr", "verify ...", "last name ...", "Signed, ...",
  "- marco" at the end), a surname and a given name after a comma ("Okonkwo, Chidi"), a
  capitalized name opening a message or sentence before a mark or a verb ("Otis Mayfield,
  born ...", "Hope wants to ..."), and capitalized given names (with the surname after them)
  anywhere: [NAME]. Given names and surnames come from Faker's
  name lists of many languages; words of the assistant's own vocabulary are never taken for
  a name without such a cue, and a doctor's name ("Dr. Smith") is kept: it is not the
  asker's;
- any other run of six or more digits, or a code of letters and four or more digits: [NUMBER].

What stays is enough to read the question: "my name is [NAME], member [MEMBER ID], I was
born [DATE]".
"""
from __future__ import annotations

import importlib
import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_DAY_WORD = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
             r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|(?:twenty|thirty)(?:[- ]?(?:first|"
             r"second|third|fourth|fifth|sixth|seventh|eighth|ninth))?|twentieth|thirtieth)")
_MES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre|noviembre|diciembre)"
_I = re.IGNORECASE

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", _I)
_URL = re.compile(r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"']+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|us|info|"
                  r"biz|co|health|care|app|me|ly|ai)\b(?:[/?#][^\s<>\"']*)?", _I)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\d.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])", _I)
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_SSN = re.compile(r"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])")
_SSN_CUED = re.compile(r"\b(?:ssn|social security(?: number| no\.?| #)?|social)(?:\s*(?:is|was|:|#|no\.?))*\s*"
                       r"\d{3}[-. ]?\d{2}[-. ]?\d{4}(?!\d)", _I)
_SEP = r"(?:\s*[-./\u2010-\u2015]\s*|\s)"  # between a phone number's groups: "-", " - ", ".", "/", a dash, a space
_EXTENSION = r"(?:\s*,?\s*(?:ext\.?|extension|x)\s*\d{1,5}\b)?"
_PHONE = re.compile(rf"\+(?:[2-9]\d{{0,2}})(?:[\s.-]?\d{{1,4}}){{2,5}}(?![\d])|"
                    rf"(?<![\w+])(?:\+?1{_SEP}?)?(?:\(\s*\d{{3}}\s*\){_SEP}?|\d{{3}}{_SEP}?)\d{{3}}{_SEP}?\d{{4}}(?![\d]){_EXTENSION}|"
                    rf"(?<![\w-])\d{{3}}[-.\u2010-\u2015]\d{{4}}(?![\d-])")
_FAX_BEFORE = re.compile(r"\bfax\b[^.\n]{0,20}$", _I)
_NPI_BEFORE = re.compile(r"\bnpis?\b[^.\n]{0,20}$", _I)
_PROVIDER_WORDS = re.compile(r"\b(?:npi|provider|participat\w*|doctor|physician|clinician|dr)\b", _I)
_CODE_BEFORE = re.compile(r"\b(?:cpt|hcpcs|icd(?:-?10)?|(?<!zip )(?<!postal )code|codes|error|status)\b[^.\n]{0,12}$", _I)
_CUED_NUMBER = re.compile(
    r"\b(?P<cue>member(?:ship)?(?: id| number| no\.?| #)?|subscriber(?: id| number)?|id(?: number| no\.?| #)?|"
    r"mrn|medical record(?: number| no\.?| #)?|record(?: number| no\.?| #)|chart(?: number| no\.?| #)?|"
    r"account(?: number| no\.?| #)?|acct\.?(?: number| no\.?| #)?|policy(?: number| no\.?| #)?|"
    r"group(?: number| no\.?| #)|claim(?: number| no\.?| #)?|case(?: number| no\.?| #)|"
    r"confirmation(?: number| code| no\.?| #)?|reference(?: number| no\.?| #)?|card(?: number| no\.?| #))"
    r"(?P<gap>(?:\s*(?:is|was|:|#|no\.?|=|-))*\s*)"
    r"(?P<value>[a-z]{0,4}[ -]?\d(?:[ -]?\d|[a-z])+)", _I)
_CODE = re.compile(r"\b(?!(?:or|and|is|at|to|in|on|of|for|my|me|the|an|no|be|was|are|by|from|as|it|its|his|her|"
                   r"our|we|am|pm|call|text|fax|ph|tel|cell|ssn|npi|dob|zip|x|ext)\b)[a-z]{1,4}[ -]?[\do](?:[ -]?[\do]){5,}\b"
                   r"(?:[ -]\d{1,3}\b)?|\b[a-z]{2}\.\d{3}\.\d{3}\.\d{3}\b", _I)
_NINE_DIGITS = re.compile(r"(?<![\w-])\d{9}(?![\w-])")
_DATES = (
    re.compile(rf"(?<![\d/.-]){_YEAR}[-/.](?:0?[1-9]|1[0-2])[-/.](?:[12]\d|3[01]|0?[1-9])(?![\d/-]|\.\d)"),
    re.compile(r"(?<![\d/.-])(?:[12]\d|3[01]|0?[1-9])[/.-](?:[12]\d|3[01]|0?[1-9])[/.-](?:\d{4}|\d{2})(?![\d/-]|\.\d)"),
    re.compile(r"(?<![\d/.-])(?<!\d )(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])(?![\d/-]|\.\d)"),
    re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", _I),
    re.compile(rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}\b(?:,?\s+{_YEAR}\b)?", _I),
    re.compile(rf"\b{_MONTH}\s*,?\s+{_YEAR}\b", _I),
    re.compile(rf"(?<![\d/.-])(?:[12]\d|3[01]|0?[1-9])[-/ ]{_MONTH}[-/ ](?:\d{{4}}|\d{{2}})\b", _I),
    # "the fifth of September", "September the fifth", "15 de mayo de 1962", "3 de abril"
    re.compile(rf"\b(?:the\s+)?{_DAY_WORD}\s+of\s+{_MONTH}(?:,?\s+{_YEAR})?\b|\b{_MONTH}\s+(?:the\s+)?{_DAY_WORD}\b", _I),
    re.compile(rf"\b{_DAY}\s+de\s+{_MES}(?:,?\s+(?:de|del)\s+{_YEAR})?\b", _I),
)
_STREET = (r"(?:st|street|ave|avenue|av|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace|"
           r"pkwy|parkway|hwy|highway|cir|circle|trl|trail|sq|square|loop|row|run|pike|plaza|plz|alley|path|fwy|"
           r"freeway|expy|expressway)(?:\s+\d{1,5}[a-z]?\b(?:\s+[nsew]\b)?)?")
_UNIT = (r"(?:,?\s*(?:apt|apartment|unit|suite|ste|fl|floor|bldg|building|room|rm|lot|space|spc|trlr|#)\.?\s*#?\s*"
         r"[a-z0-9-]+\b)")
# After a street address: "Denver, CO", "Costa Mesa, CA", "Montreal" at the end, "springfield il 62701".
_CITY = r"(?-i:[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+){0,2})"
_CITY_STATE = (rf"(?:,?\s+{_CITY},?\s+(?:(?-i:[A-Z]{{2}})\b|{_CITY}(?=\s*(?:[,.;!?]|$|\d{{5}})))|,?\s+{_CITY}(?=\s*(?:[,.;!?]|$|\d{{5}}))|"
               rf",?\s+[a-z]+(?:\s[a-z]+)?,?\s+[a-z]{{2}}(?=\s+\d{{5}}))")
_HOUSE = r"(?:[nsew]\d{2,4}[nsew]\d{2,5}|[nsew]\d{3,6}|\d{1,6}(?:-?[a-z])?(?:\s1/2)?)"
_ADDRESS = re.compile(
    rf"(?:\b(?:apt|unit|suite|ste|bldg|building|room|rm|lot|space)\.?\s*#?\s*[a-z0-9-]+,\s*)*"
    rf"(?:\b{_HOUSE}\s+(?:avenida|calle|camino|paseo|via|rue|carretera|county road|state route|route|rte)\s+"
    rf"(?:[a-z0-9][\w'.-]*\s*){{1,3}}?(?=[,.;]|\s*$|\s+\d{{5}}|{_UNIT}){_UNIT}*(?:{_CITY_STATE})?|"
    rf"\b{_HOUSE}\s+(?:[nsew]\.?\s+|north\s+|south\s+|east\s+|west\s+)?(?:[a-z0-9][\w'.-]*\s+){{0,3}}?"
    rf"(?:{_STREET}|county (?:rd|road)\s+[a-z0-9]+)\b\.?(?:\s+(?:[nsew]|ne|nw|se|sw)\b\.?)?{_UNIT}*(?:{_CITY_STATE})?|"
    rf"\b(?:p\.?\s?o\.?\s*|(?:rr|hc|rte|rt|route|rural route)\.?\s*\d+\s+|psc\s*\d+,?\s*)?box\s+\d+(?:-?[a-z])?\b"
    rf"(?:,?\s*(?:apo|fpo|dpo)\s*(?:ae|ap|aa)\b)?{_CITY_STATE}?|\bgeneral delivery{_CITY_STATE}|"
    rf"\b(?:calle|avenida|av\.)\s+\d+[\w #-]*?(?=,|$)(?:{_CITY_STATE})?|\burb(?:\.|anizacion)\s+(?-i:[A-Z][a-z]+)"
    rf"(?:\s(?-i:[A-Z][a-z]+)){{0,2}}|(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+){{0,3}}) (?:apartments|apts|manor|village|towers|"
    rf"estates|mhp|mobile home park|trailer park)\b{_UNIT}*)", _I)
# A house number and a street name after "I live at", "send it to" ...: "123 Main", "215 Bowery".
_CUED_ADDRESS = re.compile(r"(?i:\b(?:live at|living at|address is|address on file is|moved to|mail (?:it |them )?to|"
                           r"send (?:it |them )?to|ship (?:it |them )?to|staying at|located at|shelter at|i am at|"
                           r"i'm at)\s+)(\d{1,6}(?:-[A-Z]|\s1/2)?\s+(?:[NSEW]\.?\s+)?[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})")
_ZIP = re.compile(r"(?<![\w-])\d{5}(?:-\d{4})?(?![\w-])")
_LONG_NUMBER = re.compile(r"(?<![\w])\d(?:[\d-]*\d){5,}(?![\w])|\b(?!0x)(?=\d*[a-z])(?=(?:[a-z]*\d){4})[a-z\d]{5,}\b", _I)

# --- names --------------------------------------------------------------------------------------

_FAKER_LOCALES = ("en_US", "en_GB", "en_IN", "es_MX", "es_ES", "fr_FR", "de_DE", "it_IT", "pt_BR", "pl_PL",
                  "vi_VN", "hi_IN", "ar_AA", "ru_RU", "yo_NG", "ko_KR")
# Given names that are also ordinary English words: a name only after a cue.
_WORD_NAMES = frozenset("""
    will may mark grace hope joy faith june april august bill art rose dawn summer amber ruby pearl ivy holly
    iris violet autumn sky skye sunny rich frank guy jack chase hunter mason miles sage river rocky sandy penny
    destiny harmony melody trinity crystal misty star precious lane dean page paige bishop king young price
    hall wood stone bell cook church long best white black green brown gray grey rice love early much little
    ford royal lucky major max ray dot al pat don van le la de del do bo
    virginia georgia carolina dakota austin houston dallas jackson madison charlotte phoenix denver
    christian justice chance noble sterling vernon wade wiley ash birch cliff glen heath forrest brook
    brooks bob carol case cash clay cole cody colt drew gene gay hart ivory jade jay jewel kay kelly
    kent lee lou lucky mac major marsh mercy merry more neil nick norm oliver pierce reed reid rex
    rusty scott shane spencer sterling stewart tab tanner ted terry tess tucker ty walker ward wells west
    wynn young zion home care
""".split())
_STOP = frozenset("""
    a an the and or but if so to of in on at by for from with as is are was were be been am i me my
    mine we us our you your he him his she her they them their it its this that these those here there
    calling writing asking checking trying looking wondering hoping about again also just still now
    not no yes ok okay hi hello hey thanks thank please dear sir madam team and who what when where why how
    can could would should will shall may might must do does did have has had get got want need like
    new old patient member doctor dr nurse office staff front desk coordinator care program programs
    mr mrs ms miss mx enrolled enrolling interested diabetic pregnant retired disabled unable sorry confused
    locked calling currently already still really very too up down out off over wrong incorrect misspelled i'm im
    spelled different missing listed showing changed right correct same spelling amex visa mastercard discover
""".split())
# Words that follow "I'm" and are not names.
_NOT_NAMES = frozenset("""sad done fine good okay new lost tired sick confused scared worried happy back home ready
    sorry stuck here there able unable late early busy free alone afraid angry upset glad sure calling writing
    pregnant diabetic retired disabled enrolled eligible interested married single divorced widowed urgent
    need trying having going looking new invalid valid wrong expired locked broken down working correct true false
    possible impossible required pending active inactive closed open""".split())
# Words that follow "my husband" and are no name: "my husband passed on ...".
_VERBS = frozenset("""passed died wants needs said says called asked told moved lives lived works worked started
    stopped finished enrolled joined left quit turns turned just also really only never always""".split())
_PARTICLES = frozenset({"van", "der", "den", "de", "del", "della", "da", "di", "dos", "du", "la", "le", "von",
                        "al", "el", "bin", "ibn", "ben", "st", "mac", "y"})
_KIN = (r"grandpa|grandma|granny|nana|papa|mama|auntie|aunt|uncle|cousin|abuela|abuelo|abuelita|abuelito|tia|tía|"
        r"tio|tío|mi hija|mi hijo|mi esposo|mi esposa|mi mamá|mi mama|mi papá|mi papa|ông|bà|anh|chị|madame|"
        r"monsieur|tante|tonton")
_RELATIONS = (r"son|daughter|wife|husband|mom|mother|mum|dad|father|child|kid|baby|brother|sister|grandson|"
              r"granddaughter|grandma|grandmother|grandpa|grandfather|partner|spouse|aunt|uncle|niece|nephew|"
              r"boyfriend|girlfriend|friend|fiance|fiancee|stepson|stepdaughter|cousin|caregiver|neighbor")
# A cue that says the next words are who someone is, whatever their case.
_STRONG_CUE = re.compile(
    rf"\b(?:(?:my|his|her|their|the|patient'?s?|member'?s?|(?:{_RELATIONS})'?s?) )?(?:full |first |last |maiden )?"
    r"names?(?: is| are| was|\s*:|\s*-)|\b(?:last|first|full|maiden|sur) ?name(?: is| of)?:?|\bnamed|\b(?:attn|attention|c/o|care of|ask for|sent by):?", _I)
# A sign-off: the name that follows is capitalized, or one of the name lists' words.
_SIGN_OFF = re.compile(r"\b(?:signed|regards|respectfully|sincerely|best|cheers|thanks|thank you|thx|ty|love),|"
                       r"\b(?:signed|respectfully|sincerely)(?= )|(?:^|\s)[-\u2013\u2014]+(?= ?\S+(?: \S+)?\s*$)|"
                       r"\b(?:thanks|thx|ty|cheers|regards|gracias|cam on|merci|mesi)(?= \S+\s*$)|[?!.]+(?= [a-z]\w+\s*$)|"
                       r",(?= (?-i:[A-Z][a-z][\w'’-]*)(?: (?-i:[A-Z][a-z][\w'’-]*))?\s*$)", _I)
# A cue after which a capitalized word (or one of the name lists' words) is a name.
_CUE = re.compile(
    rf"\b(?:i am|i'm|i’m|im|this is|it is|it's|it’s|he is|she is|he's|she's|hello from|hi from|greetings from|"
    rf"hi|hello|hey|dear|"
    r"patient|pt\.?|member|for member|for patient|mbr\.?|mr\.?|mrs\.?|ms\.?|miss|mx\.?|its|on behalf of|behalf of|"
    r"regarding|re:|reach|contact|ask for|nurse|receptionist|assistant|office (?:manager|mgr)|mgr|biller|scheduler|"
    r"caregiver|coordinator|verify(?:ing)?(?: elig(?:ibility)?(?: for)?)?|check(?:ing)? elig(?:ibility)?(?: for)?|"
    r"callback for|call back|add|enroll|paciente|pcte\.?|sra?\.?|srta\.?|don|doña|dona|se[ñn]or(?:a|ita)?|"
    r"me llamo|soy)(?=:? )",
    _I)
# A relation said before a name: what follows is a name unless it is an ordinary word ("my daughter
# keisha got ...", "grandma Rose", "abuela carmen", "my brother Will").
_KIN_CUE = re.compile(rf"\b(?:(?:(?:my|his|her|our|their|the|patient's|member's) (?:{_RELATIONS}),?(?: is)?)|{_KIN}|"
                      rf"(?:asking|calling|writing) (?:for|about|on behalf of)|addressed to|(?:me|you) and)(?= )", _I)
_NAME_HERE = re.compile(r"(?:^|[.!?,]\s+|\b(?i:hi|hello|hey),?\s+)((?:[A-Z]\.\s?){0,2}(?:[A-Z][\w'’-]*\.? ){0,3}"
                        r"[A-Z][\w'’-]+)(?=(?i: here\b| speaking\b| from\b| at (?:the|dr)\b|,? (?:front desk|billing|"
                        r"nurse|office manager)\b| \(| [\u2013\u2014-] ))")
# "O'NEILL, PATRICK - ...", "LEE, SOO-AH / DOB": a surname, a comma and a given name, as in records.
_INVERTED = re.compile(r"(?:^|[:/|]\s*|\bpatient\s+)((?-i:[A-Z][\w'’-]+),\s*(?-i:[A-Z][\w'’-]+)(?: [A-Z]\.?)?)"
                       r"(?=\s*(?:[-\u2013\u2014/|(\ue000-\uf8ff]|$|,? (?:dob|born|member|mrn|id|asks|requesting|wants)\b))", _I)
# "Harold's phone is ...": a name owning an identifier.
_OWNER = re.compile(r"\b([A-Z][a-z]+)'s (?=(?:phone|number|cell|email|e-mail|address|dob|bday|birthday|date of birth|"
                    r"card|login|new|care|coordinator|pcp|doctor|weight|enrollment|account|portal|page|"
                    r"member|mrn|account|ssn)\b)")
# What may follow a name in records and shorthand: a mark, a placeholder, "dob", "and", or a verb
# ("asks", "wants", "quiere").
_NAME_VERBS = (r"asks?|asking|asked|wants?|requesting|requests|needs?|passed|called|calling|said|says|would like|"
               r"finished|enrolled|(?:can|does|did|is|was)n'?t|got|moved|used|quiere|tiene|puede|dice|pa|"
               r"is (?:my|his|her|in|on|asking|spelled)")
_AFTER_NAME = rf"(?:[),.;:|\ue000-\uf8ff]|$|(?i:dob|d\.o\.b|born|mbr|member|mrn|id|here|and|y|{_NAME_VERBS})\b)"
_VERB_AFTER = re.compile(rf"\s*(?i:{_NAME_VERBS})\b")
# At the start of a message or sentence, a capitalized name and what follows it: "Otis Mayfield, born ...".
_NAME_AT_START = re.compile(rf"(?<![\w'’-])(?-i:[A-ZÀ-ÖØ-Þ](?:'[A-Z])?[a-zß-öø-ÿ][\w'’-]*(?: (?:(?:van|der|den|de|la|del|bin|"
                            rf"ibn|von|da|di|al|el) )*[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ][\w'’-]*){{0,3}})(?![\w'’-])(?=\s*{_AFTER_NAME})")
# "garcia, luis", "o'neill, kathleen": a surname and a given name of the name lists, in lower case.
_INVERTED_LOWER = re.compile(r"(?<![\w'’-])([a-z][\w'’-]+), ([a-z][\w'’-]+)\b")
_CAPITALIZED_PAIR = re.compile(r"\b[A-Z][a-z][\w'’-]*(?: [A-Z][a-z][\w'’-]*)+")
_PLACE_WORDS = frozenset("san santa los las new fort saint st port lake mount el la north south east west "
                         "upper lower palm cedar grand little big".split())
_DOCTOR = re.compile(r"\b(?:dr|doctor|dra|np|pa|nurse|rn|md|provider|coordinator)\.?\s*$", _I)
_NAME_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?\.?|[^\W\d_]\.")
_PLACEHOLDER = re.compile(r"\[[A-Z ]+\]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_PLACEHOLDER_NEAR = re.compile(r"\[(?:MEMBER ID|DATE)\]")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip(".").replace("’", "'")
    return folded[:-2] if folded.endswith("'s") else folded


@lru_cache(maxsize=1)
def _name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """Given names and surnames of Faker's person providers, folded, Latin letters only."""
    given: set[str] = set()
    family: set[str] = set()
    for locale in _FAKER_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attribute, target in (("first_names", given), ("first_names_male", given),
                                  ("first_names_female", given), ("last_names", family)):
            names = getattr(provider, attribute, None) or ()
            target.update(_fold(n) for n in names if n.isascii() or n.isalpha())
    given = {n for n in given if n.isalpha() and n.isascii() and len(n) > 1}
    family = {n for n in family if n.replace("-", "").replace("'", "").isalpha() and n.isascii() and len(n) > 1}
    return frozenset(given), frozenset(family)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


class Masker:
    """Replaces identifiers by placeholders; `known_words` (e.g. the assistant's vocabulary)
    are never taken for a name unless a cue says so."""

    def __init__(self, known_words: Iterable[str] = ()) -> None:
        self._known = frozenset(_fold(w) for w in known_words) - _name_lists()[0]
        self._given, self._family = _name_lists()

    def __call__(self, text: str) -> str:
        if not text:
            return text
        text = _PRIVATE_USE.sub(" ", text)  # the name search marks placeholders with these
        text = _EMAIL.sub("[EMAIL]", text)
        text = _URL.sub(lambda m: "[URL]" + _trailing(m.group(0)), text)
        text = _IPV4.sub(_ipv4, text)
        text = _IPV6.sub(_ipv6, text)
        text = _CARD.sub(lambda m: "[CARD]" if luhn_valid(re.sub(r"\D", "", m.group(0))) else m.group(0), text)
        text = _SSN_CUED.sub(lambda m: _keep_cue(m, "[SSN]"), text)
        text = _SSN.sub("[SSN]", text)
        text = _PHONE.sub(lambda m: _phone(text, m), text)
        text = _CUED_NUMBER.sub(_cued_number, text)
        text = _NINE_DIGITS.sub("[SSN]", text)
        for pattern in _DATES:
            text = pattern.sub("[DATE]", text)
        text = _ADDRESS.sub("[ADDRESS]", text)
        text = _CUED_ADDRESS.sub(lambda m: m.group(0)[:m.start(1) - m.start()] + "[ADDRESS]", text)
        text = _ZIP.sub(lambda m: m.group(0) if _CODE_BEFORE.search(text[:m.start()]) else "[ZIP]", text)
        text = _CODE.sub(lambda m: "[MEMBER ID]" if sum(c.isdigit() for c in m.group(0)) >= 5
                         and not m.group(0).lower().startswith("npi") else m.group(0), text)
        text = _LONG_NUMBER.sub(lambda m: m.group(0) if _is_npi(text, m) else "[NUMBER]", text)
        return self._names(text)

    # --- names ----------------------------------------------------------------------------------

    def _names(self, text: str) -> str:
        placeholders: list[str] = []

        def protect(match: re.Match[str]) -> str:
            placeholders.append(match.group(0))
            return chr(0xE000 + len(placeholders) - 1)

        text = _PLACEHOLDER.sub(protect, text)
        text = self._find_names(text)
        return _PRIVATE_USE.sub(lambda m: placeholders[ord(m.group(0)) - 0xE000], text)

    def _find_names(self, text: str) -> str:
        cased = _capitals_tell(text)
        spans: list[tuple[int, int]] = []
        for cue in _STRONG_CUE.finditer(text):
            spans += self._run(text, cue.end(), cased, strong=True)
        for cue in (*_SIGN_OFF.finditer(text), *_CUE.finditer(text)):
            if not _DOCTOR.search(text[:cue.start()]):
                spans += self._run(text, cue.end(), cased, strong=False)
        for cue in _KIN_CUE.finditer(text):  # a relation is a cue, not a strong one: "my husband collapsed"
            spans += self._run(text, cue.end(), cased, strong=False)
        for pattern in (_NAME_HERE, _INVERTED, _OWNER):  # "Sarah-Beth Collins here", "LEE, SOO-AH", "Harold's phone"
            for m in pattern.finditer(text):
                words = [_fold(w) for w in re.findall(r"[^\W\d_][\w'’-]*", m.group(1))]
                if (not words or _DOCTOR.search(text[:m.start(1)]) or re.match(r"(?i)dr\b|doctor\b", m.group(1))
                        or any(len(w) > 1 and w in _STOP for w in words)):
                    continue  # "Dr. Brooks from ...": a doctor is not the asker
                if pattern is _NAME_HERE and all(w in self._known for w in words):
                    continue  # "HIPAA - who can see ...": the assistant's own words are no name
                if (pattern is _NAME_HERE and len(words) == 1 and words[0] not in self._given | self._family
                        and text[m.end(1):m.end(1) + 5].lower() == " from"):
                    continue  # "Lockout from IP ...": one word that is no name
                spans.append((m.start(1), m.end(1)))
        if cased:
            for pair in _CAPITALIZED_PAIR.finditer(text):  # "Mei-Ling Chao" inside a sentence
                raw = pair.group(0).split()
                while raw and _fold(raw[0]) in _STOP:  # "For Ewan McDonald-Fraser"
                    raw = raw[1:]
                if len(raw) < 2:
                    continue
                start = pair.start() + pair.group(0).index(raw[0])
                words = [_fold(w) for w in raw]
                if ((not _sentence_start(text, start) or start != pair.start()) and not _DOCTOR.search(text[:pair.start()])
                        and words[0] not in _PLACE_WORDS and not any(w in _STOP or w in self._known for w in words)
                        and not any(w.upper() == w for w in raw)
                        and (any(w in self._given or w in self._family for w in words) or "-" in " ".join(raw))):
                    spans.append((start, pair.end()))
        for start in _NAME_AT_START.finditer(text):  # "Chester Dunlap. I want ...", "Hope wants to ..."
            words = [_fold(w) for w in start.group(0).split()]
            if len(words) == 1 and not (words[0] in self._given | self._family or _VERB_AFTER.match(text, start.end())):
                continue  # one word, then a mark or a noun: a name of the lists only ("Thanks.", "Verifying member")
            if (_sentence_start(text, start.start()) and not _DOCTOR.search(text[:start.start()])
                    and words[0] not in _PLACE_WORDS
                    and not any(w in _STOP or w in self._known or w in _NOT_NAMES for w in words if w not in _PARTICLES)):
                spans.append(start.span())
        for pair in _INVERTED_LOWER.finditer(text):
            surname, given = (_fold(w) for w in pair.groups())
            if (surname in self._family and given in self._given and given not in _WORD_NAMES
                    and not {surname, given} & (self._known | _STOP)):
                spans.append(pair.span())
        if cased:
            for token in _NAME_TOKEN.finditer(text):
                word = _fold(token.group(0).split("-")[0])
                if (token.group(0)[0].isupper() and word in self._given and word not in _WORD_NAMES
                        and word not in self._known and not _DOCTOR.search(text[:token.start()])
                        and (not _sentence_start(text, token.start()) or _then_surname(text, token.end()))):
                    spans += self._run(text, token.start(), cased, strong=False)
        for placeholder in _PRIVATE_USE.finditer(text):  # "CC100000321 04/11/1970 Patel"
            spans += self._run(text, placeholder.end(), cased, strong=False, surname_only=True)
            before = re.search(r"(?:^|[:(]\s*|\s)([A-Z][\w'’-]+),?\s*$", text[:placeholder.start()])
            if before and (_fold(before.group(1)) in self._family or (  # "Verify: Okafor, CC100..."
                    re.search(r"(?:^|[:(])\s*$", text[:before.start(1)]) and not _acronym(before.group(1))
                    and _fold(before.group(1)) not in self._known | _STOP)):
                spans.append((before.start(1), before.end(1)))
        return _replace(text, spans, "[NAME]")

    def _run(self, text: str, start: int, cased: bool, strong: bool,
             surname_only: bool = False) -> list[tuple[int, int]]:
        """The span of the name that starts at `start` (after spaces, commas and colons), if any."""
        position = start
        begin = end = -1
        count = 0
        while count < 6:
            gap = re.match(r"[\s,:(/|]*" if count == 0 else r"[ \t]+|,\s*(?=[A-Z][\w'’-]+(?:\s+[A-Z]\.?)?\s*" + _AFTER_NAME + ")",
                           text[position:])
            if gap is None:
                break
            token = _NAME_TOKEN.match(text, position + gap.end())
            if token is None:
                break
            word = token.group(0)
            if not self._is_name_word(word, cased, strong and (count == 0 or not cased), first=count == 0,
                                      surname_only=surname_only, text=text, end=token.end()):
                break
            if begin < 0:
                begin = token.start()
            end = token.end() - (1 if word.endswith(".") and len(word) > 2 else 0)
            position = token.end()
            count += 1
            if surname_only:
                break
        if begin < 0:
            return []
        # "Smith-Jones, Karen" / "Brown, Terrence": a surname and a comma before the given name.
        before = re.search(r"([^\W\d_][\w'’-]*),\s*$", text[:begin])
        if before and before.group(1)[0].isupper() and _fold(before.group(1)) not in _STOP | self._known:
            begin = before.start(1)
        return [(begin, end)]

    def _is_name_word(self, word: str, cased: bool, strong: bool, *, first: bool, surname_only: bool,
                      text: str, end: int) -> bool:
        """Whether `word` continues (or, `first`, starts) a name after a cue."""
        folded = _fold(word)
        if folded in _PARTICLES:  # "Van der Berg", "de la Cruz": only with a name after it
            following = _NAME_TOKEN.match(text, end + 1) if text[end:end + 1] == " " else None
            return bool(following) and (following.group(0)[0].isupper() or _fold(following.group(0)) in _PARTICLES)
        if folded.endswith(("n't", "'re", "'ll", "'ve", "'d", "'m")):  # "isn't", "they're": never a name
            return False
        if len(folded) == 1:  # an initial: "Robert J. Kim"
            return word[0].isupper() and not first
        if folded in _STOP or (cased and _acronym(word) and folded not in self._family):  # "DOB", "ID", but "LEE"
            return False
        listed = folded in self._given or folded in self._family
        if surname_only:
            return (word[0].isupper() if cased else True) and listed
        if cased:  # capitals tell: a name is capitalized and, without a strong cue, not the assistant's word
            return word[0].isupper() and (strong or listed or folded not in self._known)
        # lower case or capitals only: the name lists, or a strong cue (or a surname after a name in capitals),
        # or a short form of a listed given name set off by a comma: "i'm jess, ..."
        if listed or ((strong or (not first and word.isupper())) and folded not in self._known | _VERBS):
            return True
        if not first or len(folded) < 3 or folded in self._known | _NOT_NAMES:
            return False
        following = _NAME_TOKEN.match(text, end + 1) if text[end:end + 1] == " " else None
        if following and _fold(following.group(0)) in self._family - self._known:
            return True  # "its jess martinez again": a surname of the lists follows
        if re.match(r"\s+my (?:number|phone|cell|email|dob|birthday|member|name)\b", text[end:]):
            return True  # "hi im darnell my number is ..."
        if _shouting(text) and not strong:
            return True  # "THIS IS DMITRI VOLKOV": capitals tell nothing, the cue does
        return (re.match(r"\s*(?:,|$| and | here\b)", text[end:]) is not None
                and any(name.startswith(folded) for name in self._given))


def _replace(text: str, spans: list[tuple[int, int]], placeholder: str) -> str:
    merged: list[list[int]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    for begin, end in reversed(merged):
        text = text[:begin] + placeholder + text[end:]
    return text


def _acronym(word: str) -> bool:
    """"MRN", "DOB", "PCP": capitals only, four letters at most."""
    return word.isupper() and len(word) <= 4


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _capitals_tell(text: str) -> bool:
    """Whether the writer capitalizes words (some, inside a sentence) without writing in capitals."""
    if _shouting(text):
        return False
    return any(not _sentence_start(text, m.start()) and m.group(0) not in ("I", "Im", "I'm", "I’m")
               for m in re.finditer(r"\b[A-Z][\w'’]*", text))


def _then_surname(text: str, position: int) -> bool:
    """A capitalized word, a comma or the end follows: "Marcus Hale, 555-...", "- Priya"."""
    return re.match(r"(?: [A-Z][\w'’-]+|\s*,|\s*$)", text[position:]) is not None


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in ".!?\n\"'(" or before.endswith(("[NAME]",))


def _trailing(url: str) -> str:
    stripped = url.rstrip(".,;:!?)'\"")
    return url[len(stripped):]


def _ipv4(match: re.Match[str]) -> str:
    address = match.group(0).split(":")[0]
    return "[IP ADDRESS]" if all(int(part) <= 255 for part in address.split(".")) else match.group(0)


def _ipv6(match: re.Match[str]) -> str:
    try:
        ipaddress.IPv6Address(match.group(0))
    except ValueError:
        return match.group(0)
    return "[IP ADDRESS]"


def _keep_cue(match: re.Match[str], placeholder: str) -> str:
    cue = re.match(r"\D*", match.group(0))
    return (cue.group(0) if cue else "") + placeholder


def _is_npi(text: str, match: re.Match[str]) -> bool:
    """A provider's NPI (not the asker's identifier): ten digits after "NPI", or with a valid
    check digit in a question about providers."""
    return re.fullmatch(r"\d{10}", match.group(0)) is not None and (
        bool(_NPI_BEFORE.search(text[:match.start()]))
        or (bool(_PROVIDER_WORDS.search(text)) and luhn_valid("80840" + match.group(0))))


def _phone(text: str, match: re.Match[str]) -> str:
    if _is_npi(text, match):
        return match.group(0)
    return "[FAX]" if _FAX_BEFORE.search(text[:match.start()]) else "[PHONE]"


def _cued_number(match: re.Match[str]) -> str:
    value = match.group("value")
    if sum(c.isdigit() for c in value) < 3:
        return match.group(0)
    cue = match.group("cue").lower()
    kind = ("[MEMBER ID]" if cue.startswith(("member", "subscriber", "id")) else
            "[RECORD NUMBER]" if cue.startswith(("mrn", "medical", "record", "chart")) else "[ACCOUNT NUMBER]")
    trailing = re.search(r"[ -]+$", value)
    return match.group("cue") + match.group("gap") + kind + (trailing.group(0) if trailing else "")


_default: Masker | None = None


def mask_personal_data(text: str) -> str:
    """Mask with the default masker (no extra known words)."""
    global _default
    if _default is None:
        _default = Masker()
    return _default(text)
