"""Safety first: does a message show someone in danger? Checked before anything else.

`SafetyCheck(question)` returns a `Signal` or None:

- level EMERGENCY, kind CRISIS (suicidal thoughts, plans and means, hopelessness, being a
  burden, self-harm, saying goodbye; of the writer or of someone else): 988 first, 911 too;
- level EMERGENCY, kind VIOLENCE (threats, abuse, someone armed or breaking in), POISON
  (swallowed chemicals, carbon monoxide) or MEDICAL (a medical emergency described by its
  signs, an overdose): 911 first, 988 too;
- level DISTRESS (feeling low, overwhelmed, anxious, lonely; a crisis word that is denied or
  in the past): not an emergency by itself, so the question is answered and 988 offered.

How a message is read (`prepare`): the whole message up to SAFETY_MAX_CHARS (much more
than the matcher reads), zero-width and bidi characters deleted, lines joined, folded to
lower case without accents, contractions expanded, digits inside words read as letters
("k1ll"), long letter runs shortened ("dieeee"), texting spellings fixed ("kms", "wanna",
"myslef") and long danger words recognised even misspelled ("sucidal", "unconsious").

The rules are phrase patterns over word classes (who, wanting, dying, the means, the body
signs), not a list of sentences. A match does not count when a negation stands just before
it in its clause ("I'm not suicidal"): for crisis rules it lowers the level to DISTRESS.
Rules about an event ("a stroke", "a heart attack", "an overdose", "tried to kill
myself") do not count when the clause places the event in the past ("two years ago",
"history of", "after my stroke", "in 2019") or in a program's name ("the heart attack
recovery program"): a past crisis event still offers 988. Figures of speech ("these forms
are murder", "dying to know", "I could kill for a coffee") match no rule.

Support staff can add phrasings (`taught`), approved by a second person: they are matched
on the same prepared text, word for word.

Every message is read the English way (`english_reading`, the reading of before Spanish was added);
one that does not read as Spanish is checked exactly as before (same rules, context words and
weights). A message that reads as Spanish (`faq.safety_patterns_es.reads_spanish`) is checked on its
English reading with the English groups (without the few Spanish phrasings they held before) and the
Spanish context words too, and read a second time the Spanish way: Spanish texting fixed ("q", "xq", "toy"), danger words recovered however they are
spelled, the Spanish groups run after the English ones, and the Spanish words of negation, the past
and "si ..." join the English ones. Of the two readings the more cautious signal wins, so the Spanish
reading only ever adds safety. `Signal.spanish` says a Spanish phrase matched or the message reads
as Spanish.

When neither the rules nor a taught phrasing find an emergency, the learned word weights of
`faq.safety_model` have the last word: a second net for the ways of speaking no rule was
written for. They can only add safety (an emergency, or 988 offered), never take a rule's away. The
English reading is scored by the English weights, the Spanish reading by the weights learned
from every labelled file. The English weights learned Spanish words almost only from emergencies, so
on a Spanish message they lean to danger: an emergency they alone find (no rule of either reading),
in a message the Spanish weights score below `NO_EMERGENCY_BELOW`, is answered with 988 offered.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from faq import safety_patterns as en
from faq import safety_patterns_es as es
from faq.lexicon import SPELLING
from faq.safety_model import DISTRESS_AT, EMERGENCY_AT, NO_EMERGENCY_BELOW, SafetyModel
from faq.safety_patterns import CRISIS, DISTRESS, EMERGENCY, EMERGENCY_KINDS, MEDICAL, POISON, VIOLENCE, _Group
from faq.text import expand_contractions

__all__ = ["CRISIS", "DISTRESS", "EMERGENCY", "EMERGENCY_KINDS", "MEDICAL", "POISON", "SAFETY_MAX_CHARS", "VIOLENCE",
           "SafetyCheck", "Signal", "english_reading", "prepare", "readings"]

SAFETY_MAX_CHARS = 20_000


_INVISIBLE = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TAG = re.compile(r"<[^<>]{0,200}>")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_OPENING_MARKS = str.maketrans({"\u00bf": " ? ", "\u00a1": " ! "})  # in the Spanish reading they end a clause
_TOKEN = re.compile(r"[a-z0-9]+|[.,;:!?]+")
_LEET = str.maketrans("013457", "oieast")
_RUN = re.compile(r"([a-z])\1{2,}")
# Emoji that speak of danger, read as words.
_EMOJI_WORDS = str.maketrans({"\U0001faa6": " tombstone ", "\u26b0": " coffin ", "\U0001f52b": " gun ",
                              "\U0001f52a": " knife ", "\U0001f48a": " pills ", "\U0001fa78": " blood ",
                              "\u2620": " dead "})
_TO = re.compile(r"\b(want|wanna|going|gonna|need|have|got|ready|about|trying|like|decided|plan|planning) 2\b")
_CLAUSE_BREAKS = frozenset({".", ",", ";", ":", "!", "?", "but", "however", "though", "although", "pero"})
_NEGATIONS = frozenset({"no", "not", "never", "without", "nor", "deny", "denies", "denied", "none", "nunca"})
# A negation followed by one of these does not deny what comes next: "I can't stop thinking about dying".
_NOT_DENYING = frozenset({"stop", "help", "even", "sure", "know", "care", "wait", "seem", "get", "handle",
                          "cope", "take", "anymore", "longer", "matter"})
_NEGATION_WINDOW = 3
_DENIAL_WINDOW = 6
_DENIAL = (r"\b(?:have|having|had|any|history|plan|plans|intent|intention|ideation|feelings|urges|current|"
           r"active)\b|\bthoughts? (?:of|about)\b")
# Things that die or are dead without anyone being in danger, and what is said of them.
_THING_STATES = (r"\b(?:die|dies|died|dying|dead|death|responding|responsive|crashed|crashing|stopped|"
                 r"frozen|killing|killed)\b")
_THINGS = frozenset("""portal site website page app system server phone line link chat battery computer laptop screen
    internet wifi login upload form session car printer fax connection call plant plants account tablet browser
    network device email tab button pages apps cat dog meter monitor pump cgm glucometer scale tracker watch window
    """.split())

# Texting, slang and misspellings, on top of the assistant's own spelling table.
_SPELLING = {
    **SPELLING,
    "kms": "kill myself", "kys": "kill yourself", "kmn": "kill me now", "unaliving": "unalive",
    "unalived": "unalive", "sewerslide": "suicide", "suicidee": "suicide",
    "ctb": "catch the bus", "sh": "self harm", "selfharm": "self harm", "selfharming": "self harming",
    "od": "overdose", "oded": "overdosed", "odding": "overdosing",
    "myslef": "myself", "mysef": "myself", "myelf": "myself", "mself": "myself", "myslf": "myself",
    "mysel": "myself", "meself": "myself", "mysefl": "myself", "urself": "yourself",
    "kil": "kill", "kll": "kill", "kiil": "kill", "kiling": "killing", "killin": "killing",
    "dye": "die", "dieing": "dying", "dyin": "dying", "ded": "dead", "lyf": "life", "lfe": "life",
    "liv": "live", "livin": "living", "anymor": "anymore", "nemore": "anymore", "nomore": "no more",
    "tryna": "trying to", "gunna": "going to", "gona": "going to", "finna": "going to", "imma": "i am going to",
    "ima": "i am going to", "wana": "want to", "wan": "want", "wnt": "want", "cnt": "can not", "cudnt": "could not",
    "couldnt": "could not", "hasnt": "has not", "hadnt": "had not", "werent": "were not", "shouldnt": "should not",
    "hes": "he is", "shes": "she is", "theyre": "they are", "thats": "that is",
    "breth": "breath", "brethe": "breathe", "breathin": "breathing", "breating": "breathing",
    "brething": "breathing", "breahting": "breathing",
    "hart": "heart", "attak": "attack", "atack": "attack", "attck": "attack", "heartattack": "heart attack",
    "strok": "stroke", "stoke": "stroke", "chestpain": "chest pain", "chesst": "chest", "chst": "chest",
    "presure": "pressure", "preasure": "pressure", "bleeing": "bleeding", "bleding": "bleeding",
    "blod": "blood", "unconsious": "unconscious", "unconcious": "unconscious", "siezure": "seizure",
    "seizur": "seizure", "seziure": "seizure", "poisen": "poison", "posion": "poison", "pils": "pills",
    "percs": "percocet", "xans": "xanax", "benzos": "benzodiazepines",
    "epipen": "epi pen", "hopless": "hopeless", "worthles": "worthless",
    "nobody": "no one", "noone": "no one", "everybody": "everyone", "every1": "everyone", "sum1": "someone",
    "some1": "someone", "sumone": "someone", "bf": "boyfriend", "gf": "girlfriend", "hubby": "husband",
    "mom": "mother", "mum": "mother", "mommy": "mother", "dad": "father", "daddy": "father",
    "rn": "right now", "loc": "loss of consciousness",
    "diaphoretic": "sweating", "syncope": "fainted", "syncopal": "fainted", "unresp": "unresponsive",
    "l": "left", "r": "right", "gsw": "gunshot wound", "b": "be", "asap": "now", "pls": "please", "plz": "please",
    "halp": "help", "hlp": "help",
    "bc": "because", "cuz": "because", "coz": "because", "tho": "though", "abt": "about",
}
# Long words recognised when misspelled (rapidfuzz ratio), so the rules see the right word.
_FUZZY_WORDS = ("suicide", "suicidal", "overdose", "overdosed", "overdosing", "unconscious", "unresponsive",
                "anaphylaxis", "anaphylactic", "breathing", "hopeless", "seizure", "seizing", "bleeding",
                "convulsing", "poisoning", "poisoned", "strangled", "threatened", "threatening")
_FUZZY_MIN_LENGTH = 6
_FUZZY_CUTOFF = 87.0
_SPANISH_FUZZY_LENGTH = 8
_SPANISH_FUZZY_CUTOFF = 90.0
# Real words a letter or two away from a danger word: never "corrected".
_NOT_TYPOS = frozenset("""beating breeding seating heating treating bleating breathed seizures conscious responsive
    suicides threatens poisons sleeding sending reading feeding needing speeding convulsion convulsiones""".split())


def readings(question: str) -> tuple[str, str | None]:
    """The message's English reading, and its Spanish reading when it reads as Spanish (else None)."""
    text = question if isinstance(question, str) else ""
    text = _INVISIBLE.sub("", text[:SAFETY_MAX_CHARS])
    text = _TAG.sub(" ", _CONTROL.sub(" ", text)).translate(_EMOJI_WORDS)
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower().translate(_APOSTROPHES)
    folded = _TO.sub(r"\1 to", expand_contractions(folded))
    tokens = _TOKEN.findall(folded)
    english = " ".join(_fuzzy(word) for word in _words(tokens, spanish=False))
    if not es.reads_spanish(tokens, es.spanish_marks(unicodedata.normalize("NFC", text))):
        return english, None
    spanish = _words(_TOKEN.findall(folded.translate(_OPENING_MARKS)), spanish=True)
    return english, " ".join(_spanish_word(_fuzzy(word)) for word in spanish)


def english_reading(question: str) -> str:
    """The message read the English way, whatever its language: folded words and clause marks, one space apart."""
    return readings(question)[0]


def prepare(question: str) -> str:
    """The message as the safety rules read it: its Spanish reading when it reads as Spanish, else its English one."""
    english, spanish = readings(question)
    return english if spanish is None else spanish


def _words(tokens: list[str], spanish: bool) -> list[str]:
    """The tokens with digits read as letters, letter runs shortened and texting fixed (Spanish texting
    only in the Spanish reading: "q" and "toy" stay themselves in an English message)."""
    words: list[str] = []
    for token in tokens:
        if token[0] in ".,;:!?":
            words.append(token[0])
            continue
        if not token.isdigit() and not token.isalpha():
            token = token.translate(_LEET) if not token[-1].isdigit() or token[0].isalpha() else token
        if len(token) > 3:
            token = _RUN.sub(lambda m: m.group(1) * (2 if m.group(1) in "eolst" else 1), token)
        fixed = (es.TEXTING.get(token) or es.TEXTING_IN_SPANISH.get(token)) if spanish else None
        words.extend((fixed or _SPELLING.get(token, token)).split())
    return words


_fuzzy_cache: dict[str, str] = {}


def _fuzzy(word: str) -> str:
    if len(word) < _FUZZY_MIN_LENGTH or not word.isalpha():
        return word
    known = _fuzzy_cache.get(word)
    if known is None:
        best = process.extractOne(word, _FUZZY_WORDS, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        # A typo, not another word: "responsive" is not a misspelled "unresponsive", "beating" not "breathing".
        known = (best[0] if best and word not in best[0] and best[0] not in word and word[0] == best[0][0]
                 and word not in _NOT_TYPOS else word)
        if len(_fuzzy_cache) < 50_000:
            _fuzzy_cache[word] = known
    return known


_SPANISH_KEYS = {es.sound_key(word): word for word in es.DANGER_WORDS}
_SPANISH_DANGER = frozenset(es.DANGER_WORDS)
_SPANISH_LONG_KEYS = tuple(key for key in _SPANISH_KEYS if len(key) >= _SPANISH_FUZZY_LENGTH)
_spanish_cache: dict[str, str] = {}


def _spanish_word(word: str) -> str:
    """A Spanish danger word however it is spelled: the same sound ("suisidarme", "desmallo", "aorcarme"),
    or for a long word nearly the same letters ("sucidarme")."""
    if len(word) < 4 or word in _SPANISH_DANGER or not word.isalpha():
        return word
    key = es.sound_key(word)
    if len(key) < _SPANISH_FUZZY_LENGTH:
        return _SPANISH_KEYS.get(key, word)
    known = _spanish_cache.get(word)
    if known is None:
        known = _SPANISH_KEYS.get(key, "")
        if not known:
            best = process.extractOne(key, _SPANISH_LONG_KEYS, scorer=fuzz.ratio, score_cutoff=_SPANISH_FUZZY_CUTOFF)
            known = _SPANISH_KEYS[best[0]] if best and best[0][0] == key[0] else word
        if len(_spanish_cache) < 50_000:
            _spanish_cache[word] = known
    return known


@dataclass(frozen=True)
class Signal:
    """What the safety check found in a message."""

    level: str  # EMERGENCY or DISTRESS
    kind: str  # EMERGENCY_KINDS for an emergency, DISTRESS otherwise
    spanish: bool = False  # a Spanish phrase matched or the message reads as Spanish: the reply also speaks Spanish


@dataclass(frozen=True)
class _Language:
    """The groups one reading runs and the words around a match it heeds (negation, the past, topics...)."""

    groups: tuple[_Group, ...]
    past: re.Pattern[str]
    not_now: re.Pattern[str]
    not_now_weak: re.Pattern[str]
    hypothetical: re.Pattern[str]
    now: re.Pattern[str]
    now_later: re.Pattern[str]
    idiom: re.Pattern[str]
    disclaimer: re.Pattern[str]
    means: re.Pattern[str]
    means_at_hand: re.Pattern[str]
    intent: re.Pattern[str]
    denial: re.Pattern[str]
    thing_states: re.Pattern[str]
    things: frozenset[str]
    clause_breaks: frozenset[str]
    negations: frozenset[str]
    not_denying: frozenset[str]
    after_breaks: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "after_breaks", self.clause_breaks | {"and", "because", "so"})


def _either(english: re.Pattern[str] | str, spanish: str) -> re.Pattern[str]:
    """An English context pattern and its Spanish counterpart, as one pattern."""
    return re.compile(f"(?:{getattr(english, 'pattern', english)})|(?:{spanish})")


_ENGLISH = _Language(
    en.GROUPS, en._PAST, en._NOT_NOW, en._NOT_NOW_WEAK, en._HYPOTHETICAL, en._NOW, en._NOW_LATER, en._IDIOM,
    en._DISCLAIMER, en._MEANS, en._MEANS_AT_HAND, en._INTENT, re.compile(_DENIAL), re.compile(_THING_STATES),
    _THINGS, _CLAUSE_BREAKS, _NEGATIONS, _NOT_DENYING)
_SPANISH = _Language(
    tuple(replace(group, pattern=group.english) for group in en.GROUPS if group.english) + es.GROUPS,
    _either(en._PAST, es.PAST), _either(en._NOT_NOW, es.NOT_NOW),
    _either(en._NOT_NOW_WEAK, es.NOT_NOW_WEAK), _either(en._HYPOTHETICAL, es.HYPOTHETICAL), _either(en._NOW, es.NOW),
    _either(en._NOW_LATER, es.NOW_LATER), _either(en._IDIOM, es.IDIOM), _either(en._DISCLAIMER, es.DISCLAIMER),
    _either(en._MEANS, es.MEANS), _either(en._MEANS_AT_HAND, es.MEANS_AT_HAND), _either(en._INTENT, es.INTENT),
    _either(_DENIAL, es.DENIAL), _either(_THING_STATES, es.THING_STATES), _THINGS | es.THINGS,
    _CLAUSE_BREAKS | es.CLAUSE_BREAKS, _NEGATIONS | es.NEGATIONS, _NOT_DENYING | es.NOT_DENYING)
# The English reading of a Spanish message: the English groups without their Spanish phrasings of before,
# heeding the Spanish words around a match too.
_ENGLISH_OF_SPANISH = replace(_SPANISH, groups=tuple(group for group in _SPANISH.groups if not group.spanish))
_CONTEXT_WORDS = en._CONTEXT_WORDS
_SEVERITY = {EMERGENCY: 2, DISTRESS: 1}


class SafetyCheck:
    """The rules, plus staff-taught phrasings per kind (`taught`: kind -> phrasings), plus the
    learned layer (`model`: the package's weights unless given; None for the rules alone)."""

    def __init__(self, taught: Mapping[str, Iterable[str]] | None = None,
                 model: SafetyModel | None | Literal["default"] = "default") -> None:
        self._model = default_model() if model == "default" else model
        self._taught: list[tuple[str, re.Pattern[str]]] = []
        for kind, phrases in (taught or {}).items():
            if kind not in EMERGENCY_KINDS:
                raise ValueError(f"unknown emergency kind {kind!r}")
            words = sorted({w for w in (prepare(p) for p in phrases) if w.strip(" .,;:!?")}, key=len, reverse=True)
            if words:
                alternatives = "|".join(re.escape(w) for w in words)
                self._taught.append((kind, re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")))

    def __call__(self, question: str) -> Signal | None:
        english, spanish = readings(question)
        if spanish is None:
            return self._check(english, _ENGLISH, self._model)
        model = self._model.spanish or self._model if self._model is not None else None
        second = self._check(spanish, _SPANISH, model, offer=False)  # few Spanish rows: their distress is noisy
        # The English weights learned Spanish words almost only from emergencies, so on a Spanish message
        # they lean to danger: an emergency they alone find, which the Spanish weights (that learned Spanish
        # ordinary questions too) are sure is none, offers 988 with the answer instead of replacing it.
        scores = model.probabilities(spanish) if model is not None else None
        doubted = scores is not None and sum(scores[kind] for kind in EMERGENCY_KINDS) < NO_EMERGENCY_BELOW
        signal = self._check(english, _ENGLISH_OF_SPANISH, self._model, route=not doubted)
        # The more cautious of the two readings; of two emergencies, the Spanish reading's kind.
        chosen = max((second, signal), key=lambda s: _SEVERITY[s.level] if s is not None else 0)
        return Signal(chosen.level, chosen.kind, True) if chosen is not None else None

    def _check(self, text: str, language: _Language, model: SafetyModel | None, offer: bool = True,
               route: bool = True) -> Signal | None:
        """The signal in one reading of a message: the rules, then the learned weights (which, unless
        `offer`, only route emergencies: 988 offered alone is left to the rules and the English weights;
        unless `route`, only offer 988, even for what they score as an emergency)."""
        signal = self._rules(text, language)
        if model is None or (signal is not None and signal.level == EMERGENCY):
            return signal
        probabilities = model.probabilities(text)
        if probabilities is None:
            return signal
        emergency = sum(probabilities[kind] for kind in EMERGENCY_KINDS)
        if emergency >= EMERGENCY_AT and route:
            return Signal(EMERGENCY, max(EMERGENCY_KINDS, key=probabilities.__getitem__), _looks_spanish(text))
        if signal is None and offer and (emergency >= DISTRESS_AT or probabilities[DISTRESS] >= DISTRESS_AT):
            return Signal(DISTRESS, DISTRESS, _looks_spanish(text))  # unsure, or distress: answered, 988 offered
        return signal

    def _rules(self, text: str, language: _Language) -> Signal | None:
        found: set[str] = set()
        weak = distress = spanish = False
        for group in language.groups:
            if group.kind in found:
                continue
            for match in group.pattern.finditer(text):
                before = text[:match.start()].split()
                if (group.kind != DISTRESS and set(before[-5:]) & language.things
                        and language.thing_states.search(match.group(0))):
                    continue  # "the portal is dead", "my phone battery is about to die", "the app is not responding"
                if group.kind != DISTRESS and language.idiom.match(text, match.end()):  # "die of boredom"
                    continue
                if _negated(before, language) or (group.event and _not_now(text, match, before, group.hypothetical,
                                                                           language)):
                    distress |= group.kind == CRISIS
                    spanish |= group.spanish and group.kind == CRISIS
                    continue
                if group.kind == DISTRESS:
                    distress = True
                elif group.weak:
                    weak = True
                else:
                    found.add(group.kind)
                spanish |= group.spanish
                break
        if weak and not found:
            found.add(CRISIS)
        for kind, pattern in self._taught:
            if any(not _negated(text[:m.start()].split(), language) for m in pattern.finditer(text)):
                found.add(kind)
        if (not found and language.means_at_hand.search(text) and language.intent.search(text)
                and not language.disclaimer.search(text)):
            found.add(CRISIS)  # a means and an intention anywhere: "the cord is tied ... no more anything"
        if found == {CRISIS} and language.disclaimer.search(text) and not language.means.search(text):
            return Signal(DISTRESS, DISTRESS, spanish)  # "not like that, just get away": answered, with 988 offered
        for kind in EMERGENCY_KINDS:
            if kind in found:
                return Signal(EMERGENCY, kind, spanish)
        return Signal(DISTRESS, DISTRESS, spanish) if distress else None


@lru_cache(maxsize=1)
def default_model() -> SafetyModel:
    return SafetyModel.load()


def _looks_spanish(text: str) -> bool:
    """Whether a reading of a message reads as Spanish (for a signal the learned weights found)."""
    return es.reads_spanish(text.split())


def _negated(before: list[str], language: _Language) -> bool:
    """A negation in the last few words before a match, within its clause, denying it (further
    back when the words between deny thoughts or a history: "I don't have any thoughts of")."""
    longer = before[-_DENIAL_WINDOW:]
    if language.denial.search(" ".join(longer)) and _negated_in(longer, language):
        return True
    return _negated_in(before[-_NEGATION_WINDOW:], language)


def _negated_in(window: list[str], language: _Language) -> bool:
    for offset in range(len(window) - 1, -1, -1):
        word = window[offset]
        if word in language.clause_breaks:
            return False
        if word in language.negations:
            following = window[offset + 1] if offset + 1 < len(window) else ""
            if word == "no" and following == "one":  # "no one cares": not a denial; "no one is hurting me": one
                if len(window) - offset > 3:
                    continue
            return following not in language.not_denying
    return False


def _not_now(text: str, match: re.Match[str], before: list[str], hypothetical: bool, language: _Language) -> bool:
    """Whether the words around an event, within its clause, place it in the past or make it a topic."""
    after = _until_break(text[match.end():].split()[:_CONTEXT_WORDS], language.after_breaks)
    near_before = _until_break(before[::-1][:_CONTEXT_WORDS], language.clause_breaks - {","})[::-1]
    own = " ".join((match.group(0), *after))
    if language.past.search(own):  # "my stroke two years ago", "suicide attempt in college"
        return True
    context = " ".join((*near_before, own))
    before_text = " ".join(near_before)
    if hypothetical and language.hypothetical.search(before_text):  # "a class on what to do if someone is choking"
        return True
    # "I'm having a stroke right now, is it covered"; the "I am" of `now` ends the words before the event.
    if language.now.search(context) or language.now.search(before_text) or language.now_later.search(
            " ".join(_until_break(text[match.end():].split(), language.clause_breaks - {","}))):
        return False
    return bool(language.past.search(context) or language.not_now.search(context)
                or language.not_now_weak.search(context) or (hypothetical and language.hypothetical.search(context)))


def _until_break(words: list[str], breaks: frozenset[str]) -> list[str]:
    """The words up to the first of `breaks`."""
    for index, word in enumerate(words):
        if word in breaks:
            return words[:index]
    return words
