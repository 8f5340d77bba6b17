"""Text analysis: from a raw question to the tokens the rules and the matcher read.

A question goes through these steps (the knowledge base's phrasings go through the
same ones, so both sides meet on equal terms):

1. truncation, HTML tags and control characters removed;
2. folding: lower case, accents removed, typographic apostrophes made plain;
3. contractions expanded ("can't" -> "can not") and words split, keeping sentence
   punctuation as separate marks so the emergency rules can see clause boundaries;
4. spelling fixes from `lexicon.SPELLING` -> the *surface* words, read by the rules;
5. light stemming ("enrolling" -> "enroll") and, for questions, correction of unknown
   words against the knowledge base's vocabulary (`SpellingCorrector`);
6. synonym phrases mapped to concepts (longest phrase first) and stop words dropped
   -> the *tokens* the matcher scores.

The word tables and the stemmer are a language's `Lexicon`: `ENGLISH` here (tables in
`faq.lexicon`), `faq.lexicon_es.SPANISH` for Spanish; `faq.language` lists them.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from faq import lexicon
from faq.lexicon import UNSTEMMED

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_TAG = re.compile(r"<[^<>]{0,200}>")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_CONTRACTIONS = (
    (re.compile(r"\bod'd\b"), "overdosed"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(what|that|it|there|here|who|where|how|he|she|tonight|today|this)'s\b"), r"\1 is"),
    (re.compile(r"'s\b"), ""),
)
_WORD_OR_MARK = re.compile(r"[a-z0-9]+|[.,;:!?]")
_LETTER = re.compile(r"[^\W\d_]")
CLAUSE_MARKS = frozenset(".,;:!?")
NPI_CONCEPT = "npi"
SHORT_WORD_CUTOFF = 88.0  # rapidfuzz ratio a 4-letter unknown word needs to be corrected ("hart" -> "heart")


def expand_contractions(folded: str) -> str:
    """Contractions of folded text written out: "can't" -> "can not", "she's" -> "she is"."""
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    return folded


def fold(text: str) -> str:
    """Lower case with accents removed and apostrophes made plain: 'Núñez’s' -> "nunez's"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().translate(_APOSTROPHES)


def stem(word: str) -> str:
    """A light suffix stemmer: plurals, -ing, -ed and a final -e ('changes' -> 'chang')."""
    if len(word) <= 3 or not word.isalpha() or word in UNSTEMMED:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4:
        word = _undouble(word[:-2])
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def normalize_phrase(text: str, max_chars: int = 2000, lexicon: Lexicon | None = None) -> str:
    """A phrasing's near-literal normal form: folded words, contractions expanded, common
    misspellings fixed, punctuation dropped. "Can't log-in!" -> "can not log in".

    Staff negative examples match questions on this form (so a negative blocks that
    phrasing, not every question about the same thing); the portal can store it as the
    unique key of a staff-approved phrase. `lexicon`: the phrasing's language (default English).
    """
    return _words(_surface(text, max_chars, lexicon or ENGLISH)[0])


def _surface(text: str, max_chars: int, lexicon: Lexicon) -> tuple[tuple[str, ...], float]:
    """Surface words (and clause marks) of `text`, and the share of its letters outside a-z."""
    text = _TAG.sub(" ", _CONTROL.sub(" ", (text if isinstance(text, str) else "")[:max_chars]))
    folded = fold(text)
    letters = _LETTER.findall(folded)
    foreign = sum(1 for c in letters if not ("a" <= c <= "z")) / len(letters) if letters else 0.0
    folded = lexicon.expand(folded)
    return tuple(lexicon.spell(_WORD_OR_MARK.findall(folded))), foreign


def _words(surface: Iterable[str]) -> str:
    return " ".join(word for word in surface if word not in CLAUSE_MARKS)


_SENTENCE_ENDS = frozenset(".?!")


def _main_request(surface: tuple[str, ...], stems: tuple[str, ...], lexicon: Lexicon) -> tuple[str, ...]:
    """The stems without the asides of a message that asks more than one thing: a clause
    opened by "also", "separately", "side question", "if not"... runs to the end of its
    sentence and is left out ("How do I verify a patient? Also, can I change my email?"
    asks how to verify). A message that is all aside keeps every word."""
    kept: list[str] = []
    skipping = False
    clause_start = True
    position = 0  # index into stems: one stem per surface word that is not a mark
    for index, word in enumerate(surface):
        if word in CLAUSE_MARKS:
            clause_start = True
            if word in _SENTENCE_ENDS:
                skipping = False
            continue
        if clause_start and not skipping:
            ahead = surface[index:index + 4]
            if ahead and ahead[0] in lexicon.aside_leads:
                ahead = ahead[1:]
            if any(tuple(ahead[:len(aside)]) == aside for aside in lexicon.asides) and position > 0:
                skipping = True
        clause_start = word in lexicon.aside_leads and clause_start
        if not skipping:
            kept.append(stems[position])
        position += 1
    return tuple(kept) if kept else stems


def _relatives_as_them(stems: tuple[str, ...], lexicon: Lexicon) -> tuple[str, ...]:
    """ "my mom", "her husband" -> "them": whom a question is for, not what it asks."""
    out: list[str] = []
    for word in stems:
        if lexicon.is_relative(word) and out and out[-1] in lexicon.possessives:
            out[-1] = "them"
        else:
            out.append(word)
    return tuple(out)


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


@dataclass(frozen=True)
class Lexicon:
    """One language's word tables and stemmer, as the analyzer reads them.

    Keys are plain folded words (no accents); `stem` is applied to them as to questions, so
    every inflection of a word reaches the same entry. SYNONYMS' values are *concepts*: final
    tokens shared by every phrasing of one idea (and by every language, so "inscribirme" and
    "enroll" are both `enroll`).
    """

    code: str  # "en", "es"
    stem: Callable[[str], str]
    spelling: Mapping[str, str]  # token fixes before anything else: misspellings, shorthand
    synonyms: Mapping[str, str]  # phrase -> concept, longest phrase first
    stop_words: frozenset[str]
    fillers: tuple[str, ...] = ()  # phrases that carry no question at all: dropped
    common_words: frozenset[str] = frozenset()  # everyday words never "corrected" into the knowledge base's
    possessives: frozenset[str] = frozenset()  # "my mom" -> "them" (with relatives)
    relatives: frozenset[str] = frozenset()
    asides: tuple[tuple[str, ...], ...] = ()  # a clause opened by one is left out ("also, ...")
    aside_leads: frozenset[str] = frozenset()  # words that may come before an aside ("and also")
    contractions: tuple[tuple[re.Pattern[str], str], ...] = ()
    payer_leads: tuple[str, ...] = ("with",)  # "Collaborative Care with Cigna": the payer only says whose
    _relative_stems: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_relative_stems", frozenset(self.stem(word) for word in self.relatives))

    def expand(self, folded: str) -> str:
        """Contractions of folded text written out."""
        for pattern, replacement in self.contractions:
            folded = pattern.sub(replacement, folded)
        return folded

    def spell(self, words: Iterable[str]) -> list[str]:
        """The words with the spelling table's fixes (a fix may be several words)."""
        fixed: list[str] = []
        for word in words:
            fixed.extend(self.spelling.get(word, word).split())
        return fixed

    def is_relative(self, stemmed: str) -> bool:
        return stemmed in self._relative_stems


ENGLISH = Lexicon(
    code="en", stem=stem, spelling=lexicon.SPELLING, synonyms=lexicon.SYNONYMS, stop_words=lexicon.STOP_WORDS,
    fillers=lexicon.FILLER_PHRASES, common_words=lexicon.COMMON_WORDS, possessives=lexicon.POSSESSIVES,
    relatives=lexicon.RELATIVES,
    asides=(("also",), ("separately",), ("unrelated",), ("side", "question"), ("btw",), ("by", "the", "way"),
            ("if", "not"), ("one", "more", "thing"), ("oh", "and"), ("another", "question")),
    aside_leads=frozenset({"and", "but", "plus", "oh"}),
    contractions=_CONTRACTIONS,
)


@dataclass(frozen=True)
class Analysis:
    """What the analyzer made of one text."""

    surface: tuple[str, ...]  # folded words and clause marks after spelling fixes: read by rules
    stems: tuple[str, ...]  # stemmed (and corrected) words, marks removed
    tokens: tuple[str, ...]  # concepts and content stems, stop words removed: read by the matcher
    foreign_letters: float  # share of the letters that are not a-z (other scripts), 0..1

    @property
    def text(self) -> str:
        """The surface words and clause marks as one string, for pattern rules."""
        return " ".join(self.surface)

    @property
    def phrase(self) -> str:
        """The surface words without punctuation: see `normalize_phrase`."""
        return _words(self.surface)

    @property
    def key(self) -> str:
        """The tokens as one string: the normalized form used for fuzzy matching and duplicates."""
        return " ".join(self.tokens)


Corrector = Callable[[str], str]


class Analyzer:
    """Turns text into an `Analysis` using a language's lexicon (plus optional extra synonyms)."""

    def __init__(self, extra_synonyms: Mapping[str, str] | None = None, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon = lexicon or ENGLISH
        self._stop = frozenset(lexicon.stem(word) for word in lexicon.stop_words)
        self._phrases: dict[tuple[str, ...], str] = {}
        fillers = dict.fromkeys(lexicon.fillers, "")  # a phrase that maps to "" is dropped
        for phrase, concept in {**fillers, **lexicon.synonyms, **(extra_synonyms or {})}.items():
            key = self._phrase_key(phrase)
            if key:
                self._phrases[key] = concept
        for phrase in extra_synonyms or {}:
            # "Collaborative Care with Cigna": the payer after "with" only names whose program it is
            key = self._phrase_key(phrase)
            if key:
                for lead in lexicon.payer_leads:
                    self._phrases.setdefault((lexicon.stem(lead), *key), "")
        self._longest = max((len(key) for key in self._phrases), default=1)

    def _phrase_key(self, phrase: str) -> tuple[str, ...]:
        lexicon = self.lexicon
        return tuple(lexicon.stem(word) for word in lexicon.spell(_WORD_OR_MARK.findall(fold(phrase))))

    @property
    def known_stems(self) -> frozenset[str]:
        """Every stem the lexicon knows: stop words, the words of synonym phrases and common
        everyday words (never "corrected" into a knowledge-base word: "weather" is not "whether")."""
        stem_of = self.lexicon.stem
        return self._stop | {word for key in self._phrases for word in key} | {
            stem_of(word) for word in self.lexicon.common_words}

    def is_stop(self, stemmed: str) -> bool:
        return stemmed in self._stop

    def normalize_phrase(self, text: str, max_chars: int = 2000) -> str:
        """`normalize_phrase` in this analyzer's language."""
        return normalize_phrase(text, max_chars, self.lexicon)

    def analyze(self, text: str, max_chars: int = 2000, corrector: Corrector | None = None) -> Analysis:
        """Analyze `text` (only its first `max_chars` characters); never raises on any string."""
        surface, foreign = _surface(text, max_chars, self.lexicon)
        stems = tuple(self._stem(word, corrector) for word in surface if word not in CLAUSE_MARKS)
        kept = _main_request(surface, stems, self.lexicon)
        return Analysis(surface, stems, tuple(self._concepts(_relatives_as_them(kept, self.lexicon))), foreign)

    def _stem(self, word: str, corrector: Corrector | None) -> str:
        if word.isdigit():
            return NPI_CONCEPT if len(word) == 10 else word
        stemmed = self.lexicon.stem(word)
        return corrector(stemmed) if corrector else stemmed

    def _concepts(self, stems: tuple[str, ...]) -> Iterable[str]:
        """Longest synonym phrase first (a filler phrase yields nothing); unmatched stems kept unless
        stop words or bare numbers."""
        position = 0
        while position < len(stems):
            for length in range(min(self._longest, len(stems) - position), 0, -1):
                concept = self._phrases.get(stems[position:position + length])
                if concept is not None:
                    if concept:
                        yield concept
                    position += length
                    break
            else:
                word = stems[position]
                if word not in self._stop and not word.isdigit():
                    yield word
                position += 1


class SpellingCorrector:
    """Replaces an unknown word by the closest known one (rapidfuzz ratio >= cutoff).

    Known words (the vocabulary plus the lexicon's stop words and common words) and short
    words are left alone. A correction keeps the first letter: people rarely mistype it, and
    real words one letter away ("fever" / "never", "stack" / "track") mostly differ there.
    Results are cached, so a repeated typo costs one dictionary lookup.
    """

    _CACHE_LIMIT = 20_000

    def __init__(self, vocabulary: Iterable[str], known: Iterable[str], min_length: int, cutoff: float) -> None:
        self._targets = sorted(set(vocabulary))
        self._known = frozenset(known) | frozenset(self._targets)
        self._by_letter: dict[str, list[str]] = {}
        for target in self._targets:
            self._by_letter.setdefault(target[:1], []).append(target)
        self._min_length = min_length
        self._cutoff = cutoff
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        if word in self._known or len(word) < self._min_length or not word.isalpha():
            return word
        cached = self._cache.get(word)
        if cached is None:
            # a short word has few letters to go wrong in: it needs a closer match
            cutoff = self._cutoff if len(word) > 4 else max(self._cutoff, SHORT_WORD_CUTOFF)
            best = process.extractOne(word, self._by_letter.get(word[:1], ()), scorer=fuzz.ratio, score_cutoff=cutoff)
            cached = best[0] if best else word
            if len(self._cache) < self._CACHE_LIMIT:
                self._cache[word] = cached
        return cached
