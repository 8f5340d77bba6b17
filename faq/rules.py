"""Pattern rules that decide before any matching: emergencies and out-of-scope questions.

Both read `Analysis.surface` (folded words with contractions expanded and common
misspellings fixed, clause punctuation kept), never the stemmed tokens, so "heart
disease program" and "stress management" can never look like an emergency: only
phrases describing something happening now do ("I'm having chest pain", "she isn't
breathing", "I want to kill myself").

A match is ignored when a negation ("no", "not", "never", "without", ...) stands just
before it within the same clause: "I'm not having chest pain, but..." is not an
emergency, while "I don't want to live anymore" is, because the negation is part of
that pattern itself. Emergencies look only three words back (missing an emergency
costs more than a needless 911 reminder); out-of-scope rules look five words back, so
"no chest pain or fever, just curious about the heart program" is not read as a
request for medical advice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from faq.text import CLAUSE_MARKS, Analysis

CRISIS = "crisis"  # mental health crisis: 988 first, then 911
MEDICAL = "medical"  # any other emergency: 911 first

MEDICAL_ADVICE = "medical_advice"
BENEFITS = "benefits"
OTHER_LANGUAGE = "other_language"

_NEGATIONS = frozenset({"no", "not", "never", "without", "nor", "deny", "denies", "none"})
_CLAUSE_BREAKS = CLAUSE_MARKS | {"but", "however", "though", "although"}
_EMERGENCY_NEGATION_WINDOW = 3
_SCOPE_NEGATION_WINDOW = 5
_SELF = r"(my ?self|himself|herself|themselves|themself)"


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]


def _rules(kind: str, *patterns: str) -> tuple[_Rule, ...]:
    return tuple(_Rule(kind, re.compile(pattern)) for pattern in patterns)


EMERGENCY_RULES: tuple[_Rule, ...] = _rules(
    CRISIS,
    r"\bkill(ing)? " + _SELF,
    r"\b(hurt|harm|cut|hurting|harming|cutting) " + _SELF,
    r"\bself ?harm",
    r"\b(end|ending|take|taking) (my|his|her|their) (own )?life\b",
    r"\b(end|ending) it all\b",
    r"\b(want|wanting|wish|wishing|ready|deserve|going|plan|planning) to die\b",
    r"\b(do not|no longer|not) want to (live|be alive|be here|go on|wake up)\b",
    r"\bno (reason|point) (to|in) (live|living|go on|going on)\b",
    r"\bbetter off dead\b",
    r"\b(quiero morir|me quiero morir|matarme|suicidarme)\b",
) + _rules(
    MEDICAL,
    r"\bchest (pain|pains|hurt|hurts|hurting|pressure|tight|tightness|is (tight|hurting|killing))\b",
    r"\bpains? in (my|his|her|their|the) chest\b",
    r"\bhaving (a |an )?(heart attack|stroke|seizure|allergic reaction)\b",
    r"\b(heart attack|stroke|seizure)( \w+)? (right now|just now)\b|\b(heart attack|stroke|seizure) now\b",
    r"\b(signs?|symptoms?) of (a )?(heart attack|stroke)\b",
    r"\b(can not|could not|unable to|struggling to|hard to|difficult to|trouble|difficulty|stopped|not) "
    r"(breathe|breath|breathing)\b",
    r"\bshort(ness)? of breath\b",
    r"\blips (are |is )?(turning )?blue\b",
    r"\bface (is )?droop",
    r"\b(slurred|slurring) (speech|words)|\bspeech is slurr",
    r"\b(arm|leg|side|face) (is |went |goes )?(suddenly )?(weak|numb)\b",
    r"\b(took|taken|swallowed|ate) (too many|too much|a whole bottle|a bottle|an overdose)\b",
    r"\boverdos",
    r"\b(bleeding|bleed) (a lot|heavily|badly|profusely|out)\b",
    r"\b(severe|heavy|uncontrolled|massive) bleeding\b",
    r"\b(will not|can not|does not) stop bleeding\b",
    r"\blots? of blood\b|\bblood everywhere\b",
    r"\b(not|stopped) (responding|responsive|waking up)\b",
    r"\b(will not|can not|does not) wake (up)?\b",
    r"\b(passed out|collapsed|fainted|seizing|convulsing|unconscious|unresponsive)\b",
    r"\bchok(ing|es|ed)\b",
    r"\bthroat (is )?(closing|swelling|swollen)|\bswelling shut\b",
    r"\b(going to|about to|gonna) die\b|\b(i am|he is|she is|they are|is) dying\b",
    r"\b911\b",
    r"\bemergency\b(?! (room|contact|department|visit|claim|coverage|bill|number))",
    r"\b(dolor (de|en el) pecho|no puedo respirar|no respira)\b",
    r"\b(kill|shoot|stab|hurt) (someone|somebody|people|him|her|them)\b",
)

# Single words that signal danger even misspelled ("sucidal"): matched with rapidfuzz.
_DANGER_WORDS: dict[str, str] = {
    "suicide": CRISIS, "suicidal": CRISIS, "overdose": MEDICAL, "overdosed": MEDICAL,
    "anaphylaxis": MEDICAL, "anaphylactic": MEDICAL,
}
_DANGER_WORD_CUTOFF = 85.0

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


def detect_emergency(analysis: Analysis) -> str | None:
    """CRISIS or MEDICAL when the text describes an emergency, else None."""
    text = analysis.text
    kinds = {rule.kind for rule in EMERGENCY_RULES if _affirmed(rule.pattern, text, _EMERGENCY_NEGATION_WINDOW)}
    crisis, medical = CRISIS in kinds, MEDICAL in kinds
    for position, word in enumerate(analysis.surface):
        if len(word) < 6:
            continue
        for danger, kind in _DANGER_WORDS.items():
            if fuzz.ratio(word, danger) >= _DANGER_WORD_CUTOFF and not _negated_at(
                analysis.surface, position, _EMERGENCY_NEGATION_WINDOW
            ):
                crisis |= kind == CRISIS
                medical |= kind == MEDICAL
    if crisis:
        return CRISIS
    return MEDICAL if medical else None


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
