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
NO_MATCH = "no_match"  # off topic: the same reason (and reply) as a question no topic matches
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
    r"\b(dose(?! (the|a|an|this|that|it|my|your|our|they|she|he)\b)|doses|dosage|dosing|mg|milligrams?|mcg)\b",
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
    # what to eat or do about a condition, which doctor or therapist to see
    r"\bwhat (should|can) (i|he|she|we|they) (eat|drink|avoid)\b",
    r"\b(recommend|suggest) (me )?(a|an|any|some|the)? ?(good |great |local )?(therapist|counselor|psychiatrist|"
    r"psychologist|doctor|dermatologist|surgeon|dentist|specialist|cardiologist|pediatrician)s?\b",
    r"\b(vaccine|vaccines|vaccination|shots?|booster|blood test results|lab results|test results)\b",
) + _rules(
    BENEFITS,
    r"\b(claim|claims|eob|eobs|explanation of benefits|dental|dentist|teeth|vision|glasses|contact lenses|"
    r"eye exam|pharmac\w*|formulary|prior auth\w*|preauth\w*|pre authorization|pre auth|cpt|icd|icd ?10|"
    r"hcpcs|tax id|tin|fax|hearing aids?|chiropract\w*|acupunctur\w*|durable medical equipment|dme)\b",
    r"\b(does|will|would|do) (my|the|our|her|his|their) (\w+ )?(plan|insurance|coverage|policy) (cover|pay for|include)\b",
    # a drug, test or visit "covered" (the program's own cost is cost-to-patient)
    r"\b(is|are) (?!(this|it|that|the|there|collaborative|care|my doctor|program)\b)(\w+ ){1,2}covered\b",
    r"\b(is|are) (my|her|his|the) (\w+ )?(visit|visits|test|tests|scan|mri|surgery|procedure|drug|medication|"
    r"medicine|prescription|therapy|stay|ambulance|er visit|labs?)s? covered\b",
    # a member's own copay, deductible, premium, bill or card
    r"\b(how much|what) (is|are|was|will be|would be) (my|her|his|their|the|a|our) (\w+ ){0,2}(copays?|co pays?|"
    r"deductibles?|coinsurance|premiums?|out of pocket)\b",
    r"\bhow much of (my|her|his|their|the) (\w+ )?(deductible|out of pocket)",
    r"\b(copays?|co pays?|deductibles?|coinsurance) (for|on|at) (a|an|my|the|this|her|his) "
    r"(?!(\w+ )?(program|programs|collaborative|coordinator|coordinators|care team|calls?)\b)",
    r"\b(my|her|his|their|our|the patient'?s?) (\w+ )?(balance|statement|invoice|eob)\b",
    r"\b(pay|paying|mail|send) (my|the|her|his|our) (\w+ )?(premium|bill|invoice|balance)s?\b",
    r"\bpremium payments?\b",
    r"\bdeductible (met|left|remaining|status)\b|\bmet (her|his|their|my|the) deductible\b",
    r"\b(got|received) (a|an|this|that|my|another) (\w+ ){0,2}(bill|statement|invoice)\b",
    r"\bwhy (was|am|were|did|is) (i|we|she|he|they|my \w+) (\w+ ){0,2}(charged|billed)\b",
    r"\b(insurance|id|i would|member id|member|plan|medicare|medicaid) cards?\b",  # "id" reads "i would"
    r"\bhow much (does|do|will|would|is|are) (a|an|my|the|her|his) (\w+ ){0,2}(visits?|tests?|scans?|mri|surgery|"
    r"procedures?|x rays?|prescriptions?|medications?|ambulance|er|labs?|physical therapy)( \w+)? (cost|be)\b",
    r"\badd (my|a|our|her|his) (\w+ ){0,2}(newborn|baby|spouse|wife|husband|child|son|daughter|dependent)s? "
    r"(to|on)\b",
    r"\b(urgent care|emergency room|walk in clinic)s? (near|close|nearby|in network)\b|\bnearest (urgent care|er|"
    r"emergency room|hospital|clinic)\b",
    r"\bin network (pharmac\w*|hospitals?|labs?|urgent care|dentists?|therapists?)\b",
    r"\b(next|upcoming) (\w+ )?appointments?\b|\bwhen is (my|her|his|the) (\w+ )?appointment\b|"
    r"\bappointments? with (dr|doctor)\b",
    r"\b(schedule|reschedule|book|cancel|make|change|move) (a|an|my|the|her|his) (\w+ )?(appointment|visit)\b",
    # an office's claims, contracts and payments outside Collaborative Care
    r"\b(remit|remits|remittance|remittances|835|837|era|eras|eft|denial|denials|denied|appeal|appeals|"
    r"recoup\w*|overpayment|underpaid|underpayment|co \d+|pr \d+|carc|rarc|modifier|modifiers)\b",
    r"\b(credentialing|credentialed|recredential\w*|caqh|fee schedules?|contracted rates?|allowed amounts?|"
    r"billing codes?|procedure codes?|diagnosis codes?|cms 1500|ub 04|clearinghouse|superbill)\b",
)

# Clearly not a question for this assistant at all (falls back as "no match"): chat about
# the weather, the time, recipes, stocks, the office's own equipment.
OFF_TOPIC = re.compile(
    r"\b(weather|forecast|temperature outside|what time is it|time is it|recipes?|stock price|stock|"
    r"meaning of life|joke|lottery|sports|score of the|printer|printers|wifi|wi fi|fax machine|copier|"
    r"toner|gym|movie|restaurant|horoscope|traffic)\b"
)
# ...unless the question also names something this assistant is for ("is there a weight
# program? also what's the weather like" is a question about the program).
_ANCHORS = re.compile(
    r"\b(programs?|collaborative|collab|portal|site|website|account|password|log ?in|sign ?in|enroll\w*|"
    r"coordinator|care team|nurse|doctor|patients?|members?|npi|roster|attribut\w*|verify|lookup|api|assistant)\b"
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
    """OTHER_LANGUAGE, MEDICAL_ADVICE, BENEFITS or NO_MATCH (off topic) when the question is outside
    what the assistant answers."""
    if _other_language(analysis):
        return OTHER_LANGUAGE
    text = analysis.text
    kind = next((rule.kind for rule in SCOPE_RULES if _affirmed(rule.pattern, text, _SCOPE_NEGATION_WINDOW)), None)
    if kind is None and OFF_TOPIC.search(text) and not _ANCHORS.search(text):
        return NO_MATCH
    return kind


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
