"""Pattern rules that decide before matching whether a question is out of scope.

(Emergencies are decided even earlier, by `faq.safety`.) The rules read `Analysis.surface`
(folded words with contractions expanded and common misspellings fixed, clause
punctuation kept), never the stemmed tokens. A match is ignored when a negation ("no",
"not", "never", "without", ...) stands in the five words before it within the same
clause, so "no chest pain or fever, just curious about the heart program" is not read as
a request for medical advice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from faq.text import CLAUSE_MARKS, Analysis

MEDICAL_ADVICE = "medical_advice"
BENEFITS = "benefits"
OTHER_LANGUAGE = "other_language"

_NEGATIONS = frozenset({"no", "not", "never", "without", "nor", "deny", "denies", "none"})
_CLAUSE_BREAKS = CLAUSE_MARKS | {"but", "however", "though", "although"}
_SCOPE_NEGATION_WINDOW = 5


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]


def _rules(kind: str, *patterns: str) -> tuple[_Rule, ...]:
    return tuple(_Rule(kind, re.compile(pattern)) for pattern in patterns)


SCOPE_RULES: tuple[_Rule, ...] = _rules(
    MEDICAL_ADVICE,
    r"\b(dose|doses|dosage|dosing|mg|milligrams?|mcg)\b",
    r"\bside effects?\b",
    r"\bhow (much|many) (\w+ ){1,2}(should|can|do) i (take|inject|use|eat|drink|have)\b",
    r"\bshould i (take|stop|start|be worried|worry|go to|see a doctor|get tested|eat|drink|inject)\b",
    r"\b(can|could|may) i (take(?! part)|mix|combine|drink|eat)\b",
    r"\bis (it|this|that) (normal|bad|serious|dangerous|healthy)\b",
    r"\bis \w+ (bad|good|healthy|unhealthy|dangerous) for (me|you|my)\b",
    r"\bnormal (blood sugar|blood pressure|level|range|a1c|heart rate|weight)\b",
    r"\b(symptoms?|signs?) of\b",
    r"\bwhat (medication|medicine|medicines|drug|drugs|antibiotic|antibiotics|pill|pills)\b",
    r"\b(prescription|prescriptions|prescribe|refill|refills|antibiotic|antibiotics|ibuprofen|tylenol|"
    r"aspirin|metformin|lisinopril|statin|statins|meds)\b",
    r"\bhow (do|can|should) i (lower|reduce|raise|increase|treat|cure|get rid of)\b",
    r"\b(diagnose|diagnosis|cure|remedy|remedies)\b",
    r"\b(headache|migraine|fever|cough|rash|nausea|vomiting|diarrhea|dizzy|dizziness|sore throat|"
    r"infection|flu|covid|hurts|aches|ache|pain|sore|swollen)\b",
) + _rules(
    BENEFITS,
    r"\b(claim|claims|eob|explanation of benefits|dental|dentist|teeth|vision|glasses|contact lenses|"
    r"eye exam|pharmacy|formulary|prior auth\w*|preauth\w*|pre authorization|cpt|icd|tax id|fax)\b",
    r"\b(does|will|would) (my|the) (plan|insurance) (cover|pay for)\b",
)

# Frequent words of other languages, and English words that show a question is English.
_FOREIGN_WORDS = frozenset("""
    como que por para el los las del una puedo quiero tengo necesito ayuda hola gracias donde
    cuando programa inscribo inscribirme contrasena medico cita seguro mi en de la es esta
    je tu vous nous les des est pour avec mon ma mes voudrais comment changer mot passe bonjour
    merci ich und der die das ist nicht wie kann meinen mein arzt bitte danke hallo finden
    voce nao obrigado meu minha sono grazie ciao
""".split())
_ENGLISH_HINTS = frozenset("""
    i me my you your the a an is are do does how what can to of and for in on with this that
    program doctor care help please
""".split())
_FOREIGN_LETTER_SHARE = 0.5


def detect_out_of_scope(analysis: Analysis) -> str | None:
    """OTHER_LANGUAGE, MEDICAL_ADVICE or BENEFITS when the question is outside what the assistant answers."""
    if _other_language(analysis):
        return OTHER_LANGUAGE
    text = analysis.text
    return next((rule.kind for rule in SCOPE_RULES if _affirmed(rule.pattern, text, _SCOPE_NEGATION_WINDOW)), None)


def _other_language(analysis: Analysis) -> bool:
    """Mostly another script, or 3+ frequent foreign words outnumbering English ones (2 with none)."""
    if analysis.foreign_letters >= _FOREIGN_LETTER_SHARE:
        return True
    words = analysis.phrase.split()
    foreign = sum(word in _FOREIGN_WORDS for word in words)
    english = sum(word in _ENGLISH_HINTS for word in words)
    return (foreign >= 3 and foreign > english) or (foreign == 2 and english == 0)


def _affirmed(pattern: re.Pattern[str], text: str, window: int) -> bool:
    """Whether `pattern` occurs in `text` at least once without a negation in the `window` words before it."""
    for match in pattern.finditer(text):
        before = tuple(text[: match.start()].split())
        if not _negated_at(before, len(before), window):
            return True
    return False


def _negated_at(surface: tuple[str, ...], position: int, window: int) -> bool:
    """Whether a negation stands in the `window` words before `position`, within its clause."""
    for word in reversed(surface[max(0, position - window):position]):
        if word in _CLAUSE_BREAKS:
            return False
        if word in _NEGATIONS:
            return True
    return False
