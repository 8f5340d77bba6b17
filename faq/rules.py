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
class Rule:
    kind: str
    pattern: re.Pattern[str]


def make_rules(kind: str, *patterns: str) -> tuple[Rule, ...]:
    return tuple(Rule(kind, re.compile(pattern)) for pattern in patterns)


SCOPE_RULES: tuple[Rule, ...] = make_rules(
    MEDICAL_ADVICE,
    r"\b(dose(?! (the|a|an|this|that|it|my|your|our|they|she|he)\b)|doses|dosage|dosing|mg|milligrams?|mcg)\b",
    r"\bside effects?\b",
    r"\bhow (much|many) (\w+ ){1,2}(should|can|do) i (take|inject|use|eat|drink|have)\b",
    r"\bshould i (take|stop|start|be worried|worry|go to|see a doctor|get tested|eat|drink|inject)\b"
    r"(?! (the|this|my|a|that) (\w+ )?(program|programs|collaborative|enrollment)\b)",
    r"\b(can|could|may) i (take(?! part)|mix|combine|drink|eat)\b",
    r"\bis (it|this|that) (normal|bad|serious|dangerous|healthy)\b",
    r"\bis \w+ (bad|good|healthy|unhealthy|dangerous) for (me|you|my)\b",
    r"\bnormal (blood sugar|blood pressure|level|range|a1c|heart rate|weight)\b",
    r"\b(symptoms?|signs?) of\b",
    r"\bwhat (medication|medicine|medicines|drug|drugs|antibiotic|antibiotics|pill|pills)\b",
    r"\b(prescription|prescriptions|prescribe|refill|refills|antibiotic|antibiotics|ibuprofen|tylenol|"
    r"aspirin|metformin|lisinopril|statin|statins|meds)\b",
    r"\bhow (do|can|should) i (lower|reduce|raise|increase|treat|cure|get rid of)\b",
    r"\b(?<!see my )(?<!view my )(?<!access my )(diagnose|diagnosis|cure|remedy|remedies)\b",
    r"\b(headache|migraine|fever|cough|rash|nausea|vomiting|diarrhea|dizzy|dizziness|sore throat|"
    r"infection|flu|covid|hurts|aches|ache|pain|sore|swollen)\b",
    # what to eat or do about a condition, which doctor or therapist to see
    r"\bwhat (should|can) (i|he|she|we|they) (eat|drink|avoid)\b",
    r"\b(recommend|suggest) (me )?(a|an|any|some|the)? ?(good |great |local )?(therapist|counselor|psychiatrist|"
    r"psychologist|doctor|dermatologist|surgeon|dentist|specialist|cardiologist|pediatrician)s?\b",
    r"\b(vaccine|vaccines|vaccination|shots?|booster|blood test results|lab results|test results)\b",
    # what to take or how to treat, however it is worded ("how many calories i should eat", "should the doc
    # increase amlodipine", "would phentermine be appropriate", "what a1c goal should i use")
    r"\b(i|we|he|she|they) (should|must) (eat|drink|take|give|inject)\b",
    r"\bshould (we|he|she|they|the patient|the doc|the doctor|the provider|my doctor|our doctor|you) "
    r"(\w+ )?(take|increase|decrease|lower|raise|titrate|adjust|prescribe|hold)\b",
    r"\bshould (i|we) (increase|decrease|titrate|adjust|prescribe)\b",
    r"\bwould (\w+ ){1,3}be (appropriate|safe|ok|okay|indicated|contraindicated|a good (choice|option|idea))\b",
    r"\bwhat (\w+ ){0,2}(goal|target|dose|regimen|threshold|cutoff) (should|would|do|does|can) (i|we|you)\b",
    r"\bat what age (should|do|does|can|is|are)\b",
    # a reading with its number: "my sugar is 250", "bp was 168 102", "egfr is 28"
    r"\b(bp|blood pressure|sugar|blood sugar|glucose|a1c|egfr|gfr|ldl|hdl|cholesterol|heart rate|pulse|"
    r"temperature|temp|oxygen|o2|psa|tsh) (is|was|of|at|reads|reading|went|came back|has been|been) "
    r"(\w+ ){0,2}\d+",
    r"\b(generic|brand name)\b|\bbrand (medicine|drug|medication)s?\b",
    r"\bwhat (is|are) (a )?(good|healthy|normal|safe|high|low|bad) (blood pressure|blood sugar|sugar|a1c|cholesterol|"
    r"heart rate|bmi|weight)\b",
    r"\b(what causes|contagious|allerg\w*)\b",
    r"\b(fmla|disability (forms?|paperwork)|work note|doctor note|sick note|medical necessity|peer to peer)\b",
) + make_rules(
    BENEFITS,
    r"\b(claim|claims|eob|eobs|explanation of benefits|dental|dentist|teeth|vision|glasses|contact lenses|"
    r"eye exam|pharmac\w*|formulary|prior auth\w*|preauth\w*|pre authorization|pre auth|cpt|icd|icd ?10|"
    r"hcpcs|tax id|tin|fax|hearing aids?|chiropract\w*|acupunctur\w*|durable medical equipment|dme)\b",
    r"\b(does|will|would|do) (my|the|our|her|his|their) (\w+ )?(plan|insurance|coverage|policy) (cover|pay for|include)\b"
    r"(?! (the |my |a |this |our )?(collaborative|collab|program|care coordinat|coordinat|nurse))",
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
    r"\b(insurance|id|i would|member id|member|plan|medicare|medicaid|hsa|fsa) cards?\b",  # "id" reads "i would"
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
    r"\b(medicare advantage|medigap|supplemental plan)\b|\bopen enrollment\b(?!.*\bprograms?\b)",
    # an office's claims, contracts and payments outside Collaborative Care
    r"\b(remit|remits|remittance|remittances|835|837|era|eras|eft|denial|denials|denied|appeal|appeals|"
    r"recoup\w*|overpayment|underpaid|underpayment|co \d+|pr \d+|carc|rarc|modifier|modifiers)\b",
    r"\b(credentialing|credentialed|recredential\w*|caqh|fee schedules?|contracted rates?|allowed amounts?|"
    r"billing codes?|procedure codes?|diagnosis codes?|cms 1500|ub 04|clearinghouse|superbill)\b",
    r"\bcredential (a|an|the|our|my|new|this)\b|\btax (id|i would|ids)\b",
    # coding and billing a service ("can we bill 99490", "how do we code a visit", "rate for 99214"),
    # authorizations and pre-certification
    r"\b(can|could|may|should|how do|how can|how should) (we|i) (bill|code)\b(?! for (collaborative|collab|the program|"
    r"this program))",
    r"\b(bill|billing|code|coding|rate|rates|pay|paid|reimburse\w*|cpt) (for |code )?\d{5}\b",
    r"\b(precert\w*|pre cert\w*|pre certification|step therapy|pa request|pa requests|pa status)\b",
    r"\bauthorizations? (for|request|status|number)\b",
    r"\b(timely filing|w9|w 9|1099|rvus?|mail order)\b|\baccepting new patients\b",
)

# Rules that hold only when the question names nothing of the program or the portal: the member's own
# bills, coverage, appointments and referrals, and what to eat or do ("why my premium go up" is about
# the plan; "will my premiums go up because of this program" is cost-to-patient).
UNLESS_PROGRAM_RULES: tuple[Rule, ...] = make_rules(
    MEDICAL_ADVICE,
    r"\bwhat (\w+ ){0,2}(i|we|he|she|they) (should|must) (do|eat|drink|take|give|use)\b",
    r"\bwhat (\w+ ){0,2}(i|we|he|she|they) can (eat|drink|take|give)\b",
    r"\bwhat (\w+ )?(screenings?|tests?|vaccines?|shots?|labs?) (do |should |does |must )?(i|we|he|she|they) "
    r"(need|get|have|take)\b",
    # food, exercise and supplements
    r"\b(vitamins?|supplements?|calories|carbs?|protein shakes?|probiotics?|melatonin|keto|fasting|workouts?)\b",
    r"\b(best|good|healthy|right|safe) (diet|diets|exercise|exercises|food|foods|meals?|stretch\w*|workouts?)\b",
) + make_rules(
    BENEFITS,
    r"\b(copays?|co pays?|deductibles?|coinsurance|premiums?|out of network|hsa|fsa|health savings account)\b",
    r"\b(is|are) (?!(it|this|that|there|they|these|those|you)\b)(\w+ ){1,3}(free|covered)\b",
    r"\b(my|the|this|a|that|our|her|his) (\w+ )?(bill|bills|invoice|statement)\b",
    r"\bcharged? (me|us|him|her|them) (twice|two times|double|again)\b|\b(double|twice) (charged|billed)\b",
    r"\b(reimbursement|payment|fee) (rates?|amounts?)\b",
    r"\b(what|which) tier\b|\btier (1|2|3|4|one|two|three|four)\b",
    # insurance paying for something: "is my insurance cover mri", "covered by my plan", "surgery coverage"
    r"\b(insurance|medicare|medicaid|policy) (\w+ ){0,3}(cover|covers|pay|pays|paying|coverage)\b",
    r"\b(my|our|her|his|their) plan (\w+ )?(cover|covers|coverage)\b",
    r"\bcovered (by|under|through) (my|the|our|her|his|their) (\w+ )?(plan|insurance|policy|medicare|medicaid)\b",
    r"(?<!geographic )\bcoverage\b(?! (area|areas|map|region))",
    r"\b(nursing homes?|home health|hospice|skilled nursing|transportation|rides? to)\b",
    r"\b(takes?|accepts?|accepting) (my|our|her|his|their) (\w+ )?(insurance|plan|medicare|medicaid)\b",
    r"\b(telehealth|telemedicine|virtual visits?|video visits?)\b",
    r"\b(go|going|went) (to )?(the |an |a )?(urgent care|er|emergency room|walk in clinic)\b",
    r"\b(make|book|schedule|reschedule|cancel|change|move|get|set up) (me )?(a |an |my |the |her |his )?(\w+ )?"
    r"appointments?\b",
    r"\b(which|what|any|nearest|closest) (\w+ )?(hospitals?|labs?|pharmac\w*|urgent cares?|specialists?|"
    r"dentists?|therapists?|facilities|imaging centers?) (are |is )?(in|out of) network\b",
    # a referral to a specialist (needing one to join the program is the program's eligibility)
    r"\b(need|get|give me|submit|send|request|requesting|status of|check on) (a |an |the |my |our |this )?"
    r"(new )?referrals?\b",
    r"\breferrals? (for|to|authorization|request|status|is|was|still|pending)\b",
)
_PROGRAM_NAMED = re.compile(
    r"\b(collaborative|collab|collabcare|cac|programs?|coordinators?|care team|care teams|because of (this|it)|"
    r"pay for value|value based|join|joining|enroll\w*|sign up|signing up|portal|site|website|account|app|"
    r"coach\w*|class|classes|calls?|nurse)\b|\b(does|will|would|is|can) (this|it) (\w+ )?(change|raise|increase|affect|add|"
    r"cost|go up|make)"
)

# Clearly not a question for this assistant at all (falls back as "no match"): chat about
# the weather, the time, recipes, stocks, the office's own equipment and systems.
OFF_TOPIC = re.compile(
    r"\b(weather|forecast|temperature outside|what time is it|time is it|recipes?|stock price|stock|"
    r"meaning of life|joke|lottery|sports|score of the|printer|printers|wifi|wi fi|fax machine|copier|"
    r"toner|gym|movie|restaurant|horoscope|traffic|outlook|citrix|vpn|laptop|keyboard)\b|"
    r"\b(ehr|emr|epic|athena|nextgen|computer|screen|system) (\w+ )?(freez\w*|crash\w*|froze|is down|went down|"
    r"is slow|kick\w* me out)"
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


@dataclass(frozen=True)
class Scope:
    """One language's scope rules (the English ones are this module's tables; Spanish:
    `faq.rules_es.SPANISH_SCOPE`)."""

    rules: tuple[Rule, ...]  # out of scope wherever they match
    unless_program: tuple[Rule, ...]  # out of scope unless the question names the program or the portal
    program_named: re.Pattern[str]
    off_topic: re.Pattern[str]  # no match...
    anchors: re.Pattern[str]  # ...unless one of these is named too
    foreign_words: frozenset[str]  # frequent words of languages this one is not
    own_words: frozenset[str]  # frequent words of this language
    negations: frozenset[str] = _NEGATIONS
    clause_breaks: frozenset[str] = _CLAUSE_BREAKS


ENGLISH_SCOPE = Scope(SCOPE_RULES, UNLESS_PROGRAM_RULES, _PROGRAM_NAMED, OFF_TOPIC, _ANCHORS, _FOREIGN_WORDS,
                      _ENGLISH_HINTS)


def detect_out_of_scope(analysis: Analysis, scope: Scope = ENGLISH_SCOPE) -> str | None:
    """OTHER_LANGUAGE, MEDICAL_ADVICE, BENEFITS or NO_MATCH (off topic) when the question is outside
    what the assistant answers."""
    if _other_language(analysis, scope):
        return OTHER_LANGUAGE
    text = analysis.text

    def affirmed(rule: Rule) -> bool:
        return _affirmed(rule.pattern, text, _SCOPE_NEGATION_WINDOW, scope)

    kind = next((rule.kind for rule in scope.rules if affirmed(rule)), None)
    if kind is None and not scope.program_named.search(text):
        kind = next((rule.kind for rule in scope.unless_program if affirmed(rule)), None)
    if kind is None and scope.off_topic.search(text) and not scope.anchors.search(text):
        return NO_MATCH
    return kind


def _other_language(analysis: Analysis, scope: Scope) -> bool:
    """Mostly another script, or 3+ frequent foreign words outnumbering this language's (2 with none)."""
    if analysis.foreign_letters >= _FOREIGN_LETTER_SHARE:
        return True
    words = analysis.phrase.split()
    foreign = sum(word in scope.foreign_words for word in words)
    own = sum(word in scope.own_words for word in words)
    return (foreign >= 3 and foreign > own) or (foreign == 2 and own == 0)


def _affirmed(pattern: re.Pattern[str], text: str, window: int, scope: Scope) -> bool:
    """Whether `pattern` occurs in `text` at least once without a negation in the `window` words before it."""
    for match in pattern.finditer(text):
        before = tuple(text[: match.start()].split())
        if not _negated_at(before, len(before), window, scope):
            return True
    return False


def _negated_at(surface: tuple[str, ...], position: int, window: int, scope: Scope) -> bool:
    """Whether a negation stands in the `window` words before `position`, within its clause."""
    for word in reversed(surface[max(0, position - window):position]):
        if word in scope.clause_breaks:
            return False
        if word in scope.negations:
            return True
    return False
