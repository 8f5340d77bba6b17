"""The safety check's rules (see `faq.safety`): word classes and the pattern groups, by kind.

Each group is one large alternation tried at word starts on the text `faq.safety.prepare`
made. `event` groups name an event that does not count when the words around it place it in
the past or make it a topic (`PAST`, `NOT_NOW`, `NOT_NOW_WEAK`, unless `NOW` says it is
happening), and for medical events when they are hypothetical (`HYPOTHETICAL`). A `weak`
group is a crisis read from danger words alone: any other kind found in the message comes first.

The few Spanish phrasings written here before `faq.safety_patterns_es` (the one `spanish` group, and
spans marked (?#es) ... (?#/es)) stay for the English reading of a message, so that it reads exactly
as it did; the Spanish reading uses each group's `english` pattern instead, beside the Spanish groups.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

EMERGENCY = "emergency"
DISTRESS = "distress"
CRISIS = "crisis"  # mental health crisis: 988 first
VIOLENCE = "violence"  # danger from someone else: 911 first
POISON = "poison"  # poisoning: 911 first, Poison Help
MEDICAL = "medical"  # any other medical emergency: 911 first
EMERGENCY_KINDS = (CRISIS, VIOLENCE, POISON, MEDICAL)  # the order of precedence

# --- word classes ------------------------------------------------------------------------------

_W = r"(?:[a-z0-9]+ |, )"  # one word (or a comma) and its space: gaps are written {0,n}
REFLEXIVE = r"(?:myself|my self|himself|herself|themselves|themself|yourself|ourselves|self)"
OBJ = r"(?:my|his|her|their|your|our)"
WANT = (r"(?:want|wants|wanted|wanting|wanna|wish|wishes|wishing|ready|going|gonna|plan|plans|planning|planned|"
        r"trying|tried|try|tempted|decided|deserve|deserves|need|needs|about|would like|like|"
        r"thinking about|thought about|think about|thinks about|thinking of|thought of|urge|urges|"
        r"considering|considered|will|would|might|should|could)")
DIE = (r"(?:die|be dead|not exist|stop existing|disappear|not be here|not be alive|not be around|sleep forever|"
       r"not wake up|never wake up|go to sleep and (?:not|never) wake up|be gone|not be here anymore|"
       r"be with (?:god|jesus)|join (?:my|his|her) \w+ in heaven)")
KILLWORD = (r"(?:kill|killing|killed|kills|end|ending|ended|hurt|hurting|harm|harming|cut|cutting|burn|burning|"
            r"hang|hanging|hanged|shoot|shooting|drown|drowning|poison|poisoning|starve|starving|strangle|"
            r"suffocate|suffocating|off|offing|stab|stabbing|overdose|overdosing|hitting|hit|punching|punch|"
            r"scratching|biting|banging|burned|burnt|starved|choke|choking|strangling)")
PILLS = (r"(?:pills|pill|meds|medication|medications|medicine|tablets|insulin|tylenol|advil|aspirin|ibuprofen|"
         r"acetaminophen|xanax|oxy|oxycodone|oxycontin|percocet|vicodin|hydrocodone|ambien|sleeping pills|"
         r"benzodiazepines|klonopin|valium|antidepressants|lithium|seroquel|opioids|painkillers|pain killers|"
         r"fentanyl|heroin|methadone|morphine|gabapentin|adderall)")
WEAPON = r"(?:gun|guns|pistol|rifle|shotgun|firearm|knife|knives|blade|razor|rope|noose|belt)"
HIGH = (r"(?:bridge|roof|rooftop|building|balcony|cliff|ledge|overpass|window|parking garage|train|tracks|"
        r"traffic|highway|freeway|car|subway|water|river|lake)")
BODY = r"(?:chest|arm|arms|jaw|back|neck|shoulder|shoulders|throat|stomach)"
CHILD = (r"(?:child|kid|kids|baby|toddler|son|daughter|infant|grandson|granddaughter|boy|girl|"
         r"\d+ (?:year|yr|month) old)")
POISONS = (r"(?:bleach|detergent|(?:laundry|tide|dishwasher|detergent|washing) pods?|antifreeze|"
           r"rat poison|poison|drano|lye|cleaner|cleaning (?:product|products|supplies|stuff|fluid|spray)|"
           r"button battery|battery|batteries|magnet|magnets|gasoline|gas|lighter fluid|lamp oil|"
           r"pesticide|weed killer|bug spray|windshield washer fluid|nail polish remover|vape juice|"
           r"nicotine|e liquid|mushrooms|edibles|drain cleaner|ammonia|mouthwash|hand sanitizer|"
           r"iron pills|vitamins|someone's pills|grandma's pills|my pills|his pills|her pills|the pills|"
           r"gummies|gummy|weed|pot|thc|cannabis|fluid|liquid|chemical|chemicals|soap|paint|glue|oil)")


@dataclass(frozen=True)
class _Group:
    kind: str  # EMERGENCY_KINDS or DISTRESS
    weak: bool  # a crisis read from words alone: another kind found in the message comes first
    event: bool  # names an event that may be past or the subject of talk (then it does not count)
    hypothetical: bool  # an event whose "if ..." or "worried about ..." also does not count
    spanish: bool
    pattern: re.Pattern[str]
    english: re.Pattern[str] | None = None  # `pattern` without its Spanish phrasings (None: nothing left)


# The Spanish phrasings these groups held before `faq.safety_patterns_es`, marked by the regex comments
# (?#es) ... (?#/es), which `pattern` ignores: the English reading of a message keeps them exactly as
# before; the Spanish reading, which has the Spanish groups, uses `english`.
_SPANISH_SPAN = re.compile(r"\(\?#es\).*?\(\?#/es\)", re.DOTALL)


def _group(kind: str, *patterns: str, event: bool = False, spanish: bool = False, weak: bool = False,
           hypothetical: bool | None = None) -> _Group:
    if hypothetical is None:
        hypothetical = event and kind != CRISIS
    english = [kept for p in patterns if (kept := _SPANISH_SPAN.sub("", p))] if not spanish else []
    return _Group(kind, weak, event, hypothetical, spanish, _compile(patterns),
                  _compile(english) if english else None)


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    joined = "|".join(f"(?:{p})" for p in patterns).replace("{_W}", _W)
    # At word starts only: rejecting every other position at once halves the time of these large alternations.
    return re.compile(rf"\b(?=[a-z0-9])(?:{joined})(?![a-z0-9])")


GROUPS: tuple[_Group, ...] = (
    # --- a mental health crisis: the writer or someone else ---------------------------------------
    _group(
        CRISIS,
        # wanting to die, not wanting to live
        rf"(?<!going )(?<!gonna )(?<!about ){WANT} to {_W}{{0,2}}?{DIE}",  # "going to die": a medical fear first
        r"(?:wish|wished|wishes|hope|hoping|pray|praying) (?:that )?(?:i|he|she|they) (?:was|were|would|could|will|"
        r"would just|could just|just|did not|do not|does not|never|had never|had not) (?:dead|die|never born|been born|"
        r"gone|wake up|not wake up|disappear|not here|exist|be dead)",
        r"might as well (?:die|be dead|end it|kill myself)|(?:death|dying|being dead|not existing|not being here|"
        r"the end) (?:would|will|could|is|seems|sounds) (?:be )?(?:a |the |like a )?(?:relief|easier|better|"
        r"peaceful|welcome|answer|only way|only option|best option|best way|way out|nice)",
        r"(?:do not|does not|did not|no longer|not|never|no|dont) {_W}?(?:want|wants|wanna|wish|care|plan|plans|"
        r"intend|intends|expect|expects|going|gonna|deserve|deserves) (?:to |on )?(?:live|living|be alive|being alive|"
        r"be here|being here|exist|go on|wake up|keep going|keep living|continue|be around|being around|stay alive|"
        r"see tomorrow|make it|survive)",
        r"(?:not|never) (?:going to|gonna) be (?:alive|here|around) (?:next|by|after|much longer|tomorrow|for long|"
        r"anymore)|(?:will not|wont|am not going to|not going to|will no longer) be (?:here|around|alive)"
        r"(?= [.,;:!?]|$| much longer| tomorrow| anymore| next| for long| by| to see| when| for| after)",
        r"(?:disappointed|sad|angry|upset|hate|sorry) (?:that )?(?:i am|i woke up|he is|she is|to be) still "
        r"(?:alive|here|breathing)|why am i still (?:alive|here)",
        # reasons to live, the point, hopelessness, being trapped
        r"(?:no|any|zero|lost (?:my|all)) (?:reason|point|purpose|will|reasons) (?:to|in|of|for) (?:live|living|"
        r"life|go on|going on|keep going|being here|being alive|anything|trying|wake up|waking up|it all|stay|"
        r"staying|exist|existing|go|keep|continue)",
        r"what is {_W}{0,2}the point (?:of|in) (?:living|life|anything|going on|it all|being alive|trying|me|"
        r"existing|waking up|any of it|carrying on)|what is (?:even )?the point (?:anymore|any more|now)|"
        r"what is even the point",
        rf"(?:crash|crashing|wreck|wrecking|hurt|hurting|cut|cutting|burn|burning|overdose|overdosing|hit|hitting|"
        rf"drive|driving|starve|starving|stop|stopped|stopping|burned|burnt|cut|hit|hurt|took|take|swallowed|"
        rf"skipped|skipping|scratched|scratching|punched|punch|injected|inject|ate|drank|overdosed) {_W}{{0,6}}?on purpose",
        r"(?:life|living) (?:is not|is no longer|not) worth (?:living|it)|not worth living",
        r"(?:tired|sick|done|finished) (?:of|with) (?:living|life|being alive|existing|everything|it all|being here|"
        r"this life|my life|fighting|trying)|(?:so|just|completely) done with (?:it all|everything|life)",
        r"(?:would |had )?rather (?:be dead|die|not (?:be|exist|live|wake up|be alive|be here))|"
        r"(?:want|wish|pray|praying|ask|asking|begging|beg) (?:for )?(?:god|the lord|jesus|lord) to take me|"
        r"(?:god|lord|jesus),? (?:please |just )?take me\b|"
        rf"(?:passed|died|gone|lost|death|funeral) {_W}{{0,12}}?(?:want|wish|ready|going|long|longing) to (?:join|be with|"
        rf"see|go to) (?:him|her|them)\b",
        r"(?:tonight|today|now|soon|this weekend) (?:i|i will|i am going to) (?:finish|end) (?:everything|it all|it|"
        r"things|my life)|(?:finish|finishing) (?:everything|it all|things|my life)|"
        r"(?:so|and|then) i (?:cut|burn|hurt myself|scratch)(?= [.,;:!?]|$)|want to feel something|"
        r"(?:planning|planned|plan|figured out|figuring out|worked out) (?:how|where|when) (?:i|he|she) (?:would|will|"
        r"am going to|is going to|could) do it|"
        rf"(?:saying|said|say|says|posting|posted|texting|texted|sending|sent|writing|wrote) {_W}{{0,3}}?goodbyes?\b"
        rf"(?! to (?:cigarettes|smoking|vaping|tobacco|sugar|soda|junk|my old|the old|bad habits|carbs))|"
        r"(?:gave|giving|give|given) (?:me|us|away|someone|her|him) (?:his|her|their|my) (?:dog|cat|pets|pet|bird)|"
        r"(?:going to|gonna|about to|want to|ready to) end this(?= [.,;:!?\"]|$| and)",
        r"(?:after|when|once|if) i am gone {_W}{0,8}(?:tonight|this weekend|tomorrow|soon|decided|made up my mind|"
        r"need to know)|(?:tonight|this weekend|tomorrow|decided|made up my mind|sorted before) {_W}{0,8}(?:after|when|once|"
        r"if) (?:i am gone|something happens to me)|if something happens to me {_W}{0,8}(?:tonight|this weekend|before|"
        r"sorted)|(?:i have decided|i decided|made up my mind|my mind is made up)(?= [.,;:!?]|$)|"
        r"not coming back(?= [.,;:!?]|$| tonight| this time)|one last (?:patrol|ride|walk|drive|mission)|"
        r"(?:log in|say goodbye|see you|talk to you|write) one (?:more|last) time|log(?:ging)? off (?:irl|for good|forever|"
        r"permanently|life)|no respawn|uninstall\w* (?:myself|my life)|gg no re|rage quit\w* (?:life|irl)|"
        r"(?:delete|deleting) myself|step off (?:the )?(?:edge|ledge|bridge|roof)|step off tonight|"
        r"(?:forgive me|sorry) for what i am (?:about|going) to do|what i am about to do|taking care of (?:things|"
        r"everything|it) (?:tonight|today|so nobody|so no one|for good)|so (?:nobody|no one) has to worry about me|"
        r"(?:would|will|could) (?:actually )?be (?:fatal|lethal|deadly)|(?:fatal|lethal) amount|looking at the (?:bridge|"
        r"tracks|water|river|edge|ledge|train)|cut again|cut deeper|(?:do not|don t) care if (?:it stops|i bleed|i die|"
        r"i wake up)|(?:tomorrow|tonight|today|friday|saturday|sunday|monday) is the (?:day|night)|take care of (?:mom|"
        r"dad|mother|father|the kids|my kids|my dog|my cat|everyone|her|him) for me|it is time(?= [.,;:!?]|$)|"
        r"(?:giving|gave|give|given) away (?:the |his |her |my )?(?:dog|cat|pets)|(?:will not|not) (?:be )?need(?:ing)? "
        r"{_W}{0,3}(?:after|anymore|much longer|tomorrow)|take (?:it|them) all(?= [.,;:!?]|$| at once| tonight)|"
        r"(?:whole|entire) (?:insulin )?pen|(?:not|do not) want to be found|be found in time|(?:will not|won t) be able "
        r"to (?:anymore|any longer)(?= [.,;:!?]|$)|look like an accident|i am planning it(?= [.,;:!?]|$)|22 a day|"
        r"one of the 22|whoever finds me|(?:lights|light) (?:are |is )?going out for me|(?:i am )?done fighting|"
        r"(?:is not |isn t )?the one who finds? me|(?:it is|it s) happening (?:soon|tonight|this weekend|tomorrow)|"
        r"(?:put|putting|got|getting|have) (?:all )?(?:my )?affairs in order|(?:hitting|banging|hit|bang) my head "
        r"(?:against|on|into) (?:the )?(?:wall|floor)|(?:blade|razor|knife|gun|pills|rope) (?:is )?(?:right )?(?:here|"
        r"with me|next to me|in my hand)(?= [.,;:!?]|$| and| now)|covered in cuts|(?:scratch|scratching|cut|cutting|pick|"
        r"picking|bite|biting) {_W}{0,3}(?:until|till) (?:i|it|they) (?:bleed|bled|bleeds)|(?:go|take it) further tonight|"
        r"carv\w* {_W}{0,3}(?:into|on) (?:my )?(?:skin|arm|arms|legs|wrist)|the rest of my (?:pills|meds|\w+ pills)|"
        r"see (?:you|ya) never|so (?:i|he|she) (?:die|dies|can die|will die)|let (?:it|this|diabetes|the \w+) take me|"
        r"(?:have|has|got) (?:a|the) plan(?= [.,;:!?]|$)|"
        r"(?:life insurance|insurance money) {_W}{0,8}(?:if|when|after) i (?:was|were|am|die|died) (?:gone|dead)|"
        r"worth more dead|help them more than i do|(?:can not|could not|unable to) keep (?:myself|him|her) safe|"
        r"(?:scared|afraid|terrified) (?:of )?what i (?:will|might|would) do(?: to myself)?|(?:can not|do not think i can) "
        r"stop myself|know (?:how|when|where) and (?:when|where|how)|pick the day|picked the (?:spot|place|day|date)|"
        r"i am ending (?:it|things|everything)|(?:already )?have the pills|(?:going|planning|about|ready) to do it"
        r"(?= [.,;:!?]|$)|thought it (?:all )?through|(?:have|got) (?:the |my |some )?pills and (?:i am|im) done|"
        r"done with all of it|(?:want|wants|hoping|hope) (?:it|this|the \w+) (?:to|will|would) kill me|sidearm|"
        r"eat(?:ing)? (?:my |the |a )?(?:gun|bullet|sidearm|pistol)|eating it|(?:think|thinking|thought|talking|talks|"
        r"talked) (?:about|of) (?:jumping|hanging|overdosing|cutting|shooting (?:myself|himself|herself)|drowning|"
        r"ending it)|climb back in|(?:i am|im) cutting (?:right now|now|again|myself)|cutting right now|"
        r"(?:already )?took the pills|took (?:like )?\d+ of them|(?:took|swallowed|ate) (?:everything|all) (?:in|from) "
        r"the (?:medicine )?(?:cabinet|cupboard|drawer)|(?:do not|dont) call anyone|last time you (?:will )?hear from me|"
        r"(?:lived|have lived) long enough|intend to take (?:them|it|all)|before (?:it is|it s) over|"
        r"(?:says|said|saying) (?:she|he|they) (?:took|swallowed|has taken|have taken) (?:pills|all|a bunch|too many|"
        r"something)|(?:car|garage) with a (?:hose|tube)|with a hose|(?:going|gonna|about) to take (?:them|all of them|"
        r"the pills|it all)|made (?:my|the) plans(?= [.,;:!?]|$)|(?:pills|meds|tablets) (?:saved|stashed|hidden|"
        r"stockpiled)|(?:going to|gonna|about to|want to|ready to|wants to) jump (?:tonight|today|now|off)|"
        r"video of {_W}{0,2}(?:cutting|herself|himself)|"
        r"(?:not|never) (?:sticking|staying) around|(?:tonight|today|this) (?:might be|is|will be|could be) it(?: for me)?"
        r"(?= [.,;:!?]|$| for me)|(?:the one who|who will|when they|when someone|before they|before anyone|if they) "
        r"(?:finds?|find) (?:me|my body)|find my body|funeral {_W}{0,6}(?:mine|my own)|planning (?:my|mine|my own) "
        r"(?:funeral|exit|way out|departure|death)|planning my exit|all at once (?:for|tonight|to)|"
        r"(?:think|thinking|thought) about how (?:i|he|she) (?:would|will|am going to|could) do it|"
        r"holding (?:the|my|a) (?:pills|gun|knife|rope|blade|razor|bottle)|\bi (?:want|wanna|going|am going|will|gonna) "
        r"(?:to )?(?:kill|hurt|end|finish) me\b(?! (?:if|when))|(?:hurt|painful|hurts) to (?:overdose|die|od)|"
        r"(?:bottle|pills) (?:is|are) (?:open|out|in my hand|ready)|(?:finish|finishing) me off|"
        r"(?:mag|magazine|clip|gun|pistol|rifle|chamber) (?:is )?loaded|on (?:the|a|this) (?:bridge|roof|ledge|overpass|"
        r"tracks)(?= [.,;:!?]|$| right now| now)|(?:ghost|leave|leaving|disappear|sleep|go away|check out|log off) "
        r"{_W}{0,2}(?:permanently|forever)|(?:wrote|written|writing|left) (?:the|my|some|a few)? ?(?:notes|letters|note|"
        r"letter)(?= [.,;:!?]|$)|walk(?:ing)? (?:into|in) (?:the )?(?:ocean|sea|lake|river|water|waves)|going to walk in\b|"
        r"(?:rehomed|rehoming|found homes for|finding homes for) (?:my )?(?:dog|dogs|cat|cats|pets|pet)|last thing "
        r"(?:on my list|to do|left to do|left)|(?:it is|it will be) better this way|thank you (?:all )?for everything|"
        r"(?:use|using|take|taking|swallow|swallowing|drink|drinking) all of (?:it|them) (?:tonight|now|at once|today)|"
        r"voices? {_W}{0,3}(?:telling|tell|told|say|saying|says|want|wants) me to (?:jump|kill|hurt|die|end|do it|cut)|"
        r"dead by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|next week|the weekend)|"
        r"(?:yeet|yeeting|throw|throwing|hurl) (?:myself|himself|herself) (?:off|from|in front|into)|"
        r"(?:sleep|sleeping) in the car with the (?:engine|motor) (?:on|running)|taped (?:up )?the (?:windows|vents|"
        r"doors)|(?:car|engine) is running in the garage|one way or another(?= [.,;:!?]|$| tonight)|"
        r"not safe (?:with|around|by) myself|(?:do not|can not) trust myself (?:alone|right now|tonight|around|with)|"
        r"(?:looking at|staring at|grabbed|holding) the (?:knives|knife|pills|gun|rope|razor|blade)|"
        r"stop being (?:a problem|a burden|in the way) (?:for|to)|to make it (?:all )?stop\b|"
        r"(?:will not|not) be needing {_W}{0,3}(?:after|anymore|much longer|tomorrow)|(?:will not|not) be needing "
        r"(?:my |the |any |this )?(?:follow up|appointment|appt|appointments|meds|medication|insulin|pills|refills?)|"
        r"not worth (?:the )?(?:oxygen|air|space)|waste of (?:oxygen|space|air)|would work (?:fastest|quickest|best) "
        r"{_W}{0,3}(?:not for|to die|to end)|not for cleaning|(?:checking|check) out early|paid off my (?:last|final) "
        r"bill|(?:in|inside) (?:the|my|our) garage (?:with|and) (?:the|my) (?:car|engine) (?:running|on)|"
        r"(?:stop|stopping|quit|skip|skipping) (?:my )?dialysis|let it happen(?= [.,;:!?]|$)|(?#es)(?:pastillas|pildoras|"
        r"cuchillo|pistola) en la mano|(?#/es)(?:where|how) (?:on the wrist|deep|to cut) {_W}{0,6}(?:make sure it works|hit the "
        r"artery|artery|vein)|how deep {_W}{0,6}(?:artery|vein)|to be (?:fatal|lethal|deadly)|charcoal and tape|tape and "
        r"charcoal|(?:gave|giving|give|given) (?:my|his|her) (?:dog|cat|pets|pet|bird) (?:to|away)|(?:cancel|cancelling|"
        r"canceling) (?:all )?(?:my )?(?:appointments|appts|everything) (?:permanently|for good|forever)|by the time "
        r"(?:you|she|he|they|anyone|someone) (?:reads?|sees?|gets?) this|(?:say|said) (?:bye|goodbye) {_W}{0,4}before i "
        r"go|(?:deleting|delete|closing|close) (?:all )?my accounts? (?:tonight|today|for good)|(?:do not|don t) want "
        r"(?:anyone|anybody|them|my \w+) (?:to )?(?:find|finding) me|finding me too soon|funeral {_W}{0,3}[?.!]? ?{_W}{0,4}"
        r"(?:mine|my own)|(?:wish|hope|pray) (?:that )?(?:i|he|she) (?:could|would|can) (?:just )?(?:go to sleep and "
        r"(?:not|never) wake up|not wake up|never wake up|die|disappear)|"
        r"how (?:much|many) {_W}{0,2}(?:antifreeze|bleach|poison|rat poison)\b|darkness (?:won|wins|is winning)|"
        r"(?:took|swallowed|taken) all of (?:them|it|my pills|the pills)|join (?:my|his|her) ancestors|"
        r"(?:i|he|she) (?:will not|won't) make it (?:through|to) (?:the night|morning|tomorrow)",
        r"hopeless(?! (?:at|with|when it comes to|about (?:my|the|this) (?:weight|diet|job|finances|situation|program|"
        r"sugar|numbers)) )|hopelessness|no hope (?:left|anymore|for me)|lost all hope|given up hope|nothing matters anymore",
        r"(?:can not|could not|do not|does not) see (?:a |any |the )?(?:way out|point|future|reason|light|end to this|"
        r"way forward)|no way out|(?:only|one) way out|no future for me|nothing (?:left )?to live for|nothing left for me",
        r"can not (?:go on|keep going|keep living|live like this|do this anymore|do this any more|take it anymore|"
        r"take it any more|take this anymore|take any more|take much more|handle (?:it|this|life) anymore|"
        r"face another day|do life|keep doing this|bear it|bear this|live with (?:this|myself))",
        r"(?:how much longer|how long) (?:i|he|she) can (?:go on|keep going|take (?:it|this)|hold on|do this|last)",
        r"can not (?:do it |do this |take it |go on |do life )?(?:anymore|any more|no more)(?= [.,;:!?]|$)",
        r"i am done (?:[.,!] )?(?:goodbye|bye|for good|with (?:it all|everything|life|living))|sorry for everything|"
        r"(?:i )?love you all(?= [.,;:!?]|$)|(?:tell|give) (?:my|them|everyone|her|him) {_W}{0,4}(?:i love|i am sorry)",
        r"(?:can not|could not|do not think i can|not sure i can|can no longer) (?:do|take|handle|bear|live with|"
        r"keep doing|go on with|deal with) (?:this|it|life|any of this|everything)(?: {_W}{0,1})? (?:much longer|any longer|"
        r"anymore|any more|no more)",
        r"(?:think|thinking|thought|thinks) (?:about|of) {_W}{0,2}(?:dying|death|not being (?:here|alive|around)|"
        r"not existing|ending (?:it|things|my life|everything)|not waking up|disappearing|going away forever|"
        r"killing myself|taking my (?:own )?life)",
        r"(?:end|ending|stop|stopping) (?:my|his|her|the|this) (?:suffering|pain|misery|torment|existence)|"
        r"(?:hate|hating) (?:being alive|living|existing|waking up|my existence)|(?:want|wants) (?:it|this|my life|life|"
        r"everything) (?:to be )?over\b|ready to (?:go|let go|die|leave this world|be done|give up)(?= [.,;:!?]|$| now| tonight)|"
        r"(?:be|join|see|go be) (?:with )?(?:my|his|her) (?:late|dead|deceased) \w+|"
        r"(?:will not|not going to|never) be (?:a )?(?:problem|burden|bother|trouble|worry) (?:for|to) (?:anyone|anybody|"
        r"you|them|everyone|my \w+) (?:much longer|anymore|soon|for long|again)|soon (?:i|he|she) (?:will not|wont) be "
        r"(?:a burden|a problem|here|around|alive)",
        r"(?:give|giving|gave) up on (?:life|living|everything|myself|it all)|(?:i am|i have) given up on (?:life|everything)",
        r"(?:want|wants|need|needs) (?:it|everything|this|the pain|all of this|the world|life|it all) (?:all )?to "
        r"(?:stop|end|be over|go away)",
        r"(?:end|ending|stop|stopping) (?:it|things|everything|it all)(?! with) (?:all )?(?:now|tonight|today|soon|tomorrow|"
        r"for good|forever|once and for all|this weekend|this week)|end it all|ending it all|"
        r"(?:want|wants|wanna|going|gonna|ready|planning|plan|decided|about|thinking about|thinking of|thought about|"
        r"think about|feel like|feeling like|felt like|close to|tempted to|considering) (?:to )?(?:end|ending) "
        r"(?:it|things|everything)(?: all)?(?! with)",
        # burden, nobody would care
        r"(?:am|is|are|being|feel like|feeling like|feels like) (?:a|such a|nothing but a|just a|only a|the) burden|"
        r"burden (?:to|on|for) (?:everyone|everybody|my|them|him|her|people|others|you|the family)",
        r"better off (?:dead|without me|without him|without her|if i (?:was|were|am|was not|were not) (?:gone|dead|"
        r"not here|here|around|alive)|if i died|if i never|when i am gone|with me gone|if he|if she)|"
        r"(?:happier|better|easier|lighter) (?:off )?(?:if|without|when) (?:i|me|he|she)\b {_W}{0,1}(?:was|were|am|is|"
        r"gone|not|dead|died|disappeared|never)",
        r"(?:can not|could not|do not) see (?:myself|himself|herself) (?:being )?(?:alive|here|around|living|"
        r"making it)|(?:want|wants|need|needs) out of (?:this life|life|this world|existence|everything)|"
        r"(?:life|everything|living|existence|my life) (?:is|feels|seems) (?:so |completely |totally )?(?:pointless|"
        r"meaningless|not worth it|worthless)",
        r"(?:no one|nobody) (?:would|will|is going to|gonna) (?:miss|care|notice|even notice) (?:me|if i|when i)",
        # saying goodbye, giving things away, a note
        r"(?:this is|saying|said|say|time to say|my|a) (?:my )?(?:final |last )?goodbyes?(?! to (?:cigarettes|smoking|"
        r"vaping|tobacco|sugar|soda|junk|my old|the old|bad habits|carbs))|"
        r"(?:bye|goodbye) (?:forever|cruel world|everyone|everybody|world|for good)|"
        r"(?:giving|gave|give|given) (?:away )?(?:all )?(?:of )?(?:my|his|her|everything) {_W}{0,4}away\b|"
        r"(?:giving|gave|give|given) away (?:all |all of |most of )?(?:my|his|her|everything|all)\b|"
        r"(?:wrote|writing|written|left|leave) (?:a |my |his |her )?(?:suicide |goodbye |last |final )?(?:note|letter|"
        r"notes|letters) (?:for|to|and)|suicide note|goodbye (?:note|letter|text|message)|"
        r"(?:will not|never) (?:hear from|see) me again|last (?:message|time you hear from me)|"
        r"(?:made|making) (?:my |his |her )?peace with (?:it|it all|everything|dying|death|god)|"
        r"will be (?:my|his|her|their) (?:last|final) (?:night|day|week|time|message)|"
        r"(?:tonight|today) (?:is )?the (?:night|day)\b(?! (?:of|for|before|after|when|that|i|we))|(?:last|final) (?:night|day) (?:alive|on earth)|"
        r"(?:will not|wont|not going to|does not) matter (?:after|by|anymore after) (?:tonight|tomorrow|today|"
        r"this weekend|next week)|(?:tombstone|coffin) soon|see you (?:all )?(?:on the other side|in heaven|"
        r"in the next life)|(?:picture|picturing|imagine|imagining|planning|plan) (?:my|his|her) (?:own )?"
        r"(?:funeral|death)|who should get (?:my|his|her) \w+ when",
        # plans and means
        r"(?:have|has|made|got|making|with) (?:a|the) plan (?:to|and|for|already|ready|,|\.|$)|"
        r"(?:going|planning|about|ready) to do it (?:tonight|today|this weekend|tomorrow|soon|now)|"
        r"know (?:where|how|when) (?:i am|he is|she is) going to do it|(?:what|when) (?:i am|he is|she is) "
        r"(?:going|planning) to do (?:tonight|today|this weekend|tomorrow)",
        rf"(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|collected|stashing|stashed) "
        rf"(?:up )?{_W}{{0,3}}?{PILLS}",
        rf"how (?:many|much) {_W}{{0,3}}?{PILLS} (?:does it|would it|will it|do i need to|would i need to) take",
        rf"how (?:many|much) {_W}{{0,6}}?(?:take|takes|need|needed) to (?:kill|die|overdose|be fatal|be lethal|end it|"
        rf"not wake up|never wake up|stop (?:my|his|her|a) heart)",
        rf"(?:how (?:many|much)|enough) {_W}{{0,4}}?(?:to|would|will|does it take to|it takes to|can|it would take to) "
        rf"(?:kill|die|overdose|be fatal|be lethal|end it|not wake up|stop (?:my|his|her) heart)",
        r"(?:lethal|fatal|deadly|toxic) (?:dose|amount|overdose|combination)|painless (?:way|ways) to (?:die|go)|"
        r"(?:best|easiest|quickest|fastest|quick|easy) (?:way|ways) to (?:die|kill|end it|go)|"
        r"(?:looked|looking|look|searched|searching|googled|googling|researched|researching) (?:up )?(?:ways|how|"
        r"methods)(?: to (?:die|kill|end it|do it|overdose))?",
        rf"(?:{WANT}|thinking of|thinking about|plan to|planning to|going to|gonna) {_W}{{0,1}}?(?:overdose|"
        rf"overdosing|take (?:all|every|the whole|a whole|a bottle)|swallow (?:all|the whole|a whole|every))",
        rf"(?:{PILLS}|pills|meds|insulin|gun|rope|knife|jump|overdose|at once|all of them) {_W}{{0,3}}?to "
        rf"(?:end it|end things|end everything|die|not wake up)",
        rf"(?:jump|jumping|jumped|leap|leaping|throw (?:myself|himself|herself)) (?:off|from|in front of|into|out) "
        rf"(?:of )?(?:a |the |this |that |my )?{_W}{{0,1}}?{HIGH}|"
        rf"(?:going to|gonna|about to|want to|ready to|wants to) jump(?: off| from)?(?= [.,;:!?]|$)",
        r"(?:standing|sitting|am|is|waiting|parked) (?:on|at|by|near) (?:the |a )?(?:edge (?:of )?(?:the |a )?|top of (?:the |a )?)?"
        r"(?:\w+ )?(?:bridge|roof|ledge|cliff|balcony|tracks|train tracks|railroad tracks|overpass|parking garage|"
        r"parking deck)",
        r"(?:hose|tube|pipe) (?:from|to|on|in) the (?:exhaust|tailpipe)|exhaust (?:hose|pipe) (?:in|into|through)|"
        r"(?:is|are|was) (?:\d+|twenty|thirty|forty|fifty|a hundred|a bottle|a handful|the whole bottle) {_W}{0,2}"
        r"(?:pills|tablets|meds|of them) enough",
        rf"(?:step|stepping|walk|walking|drive|driving|crash|crashing|steer|steering) {_W}{{0,2}}?(?:in front of|into|off) "
        rf"(?:a |the |of )?(?:train|truck|bus|car|traffic|bridge|cliff|wall|tree|river|lake|pole|oncoming|overpass|"
        rf"median|highway|road|ravine|canyon)",
        r"(?:jump|jumping|jumped) off (?:of )?(?:the |a |this |that )?(?:\w+ )?(?:golden gate|bridge|dam|tower|cliff|"
        r"building|roof|overpass|parking garage|parking deck|parking structure)",
        r"(?:in|inside) the garage (?:with|and) the (?:car|engine) (?:running|on)|car running in the (?:closed )?garage",
        rf"(?:{WEAPON}) (?:to|in|against|at) (?:my|his|her) (?:head|mouth|temple|wrist|wrists|neck|throat|hand)|"
        r"(?:bought|buy|buying|got|have|has|tied|tying) (?:a |the |my )?(?:rope|noose)|noose|"
        r"(?:loaded|loading|cleaning|holding|bought|buying) (?:a |the |my |his |her )?(?:gun|pistol|rifle|shotgun)|"
        r"(?:use|using|used) (?:it|them|the gun|the knife|a gun|a knife|the pills|the rope) on (?:myself|himself|herself)|"
        r"(?:pic|picture|photo|photos|pics|video) of {_W}{0,3}(?:pills|rope|blood|cuts|razor|blades|cutting)|"
        r"locked (?:myself|himself|herself|themselves) in (?:the|a|his|her|my) \w+ (?:with|and)",
        r"(?:slit|slitting|slash|slashing|cut|cutting|cuts|carve|carving) (?:on )?(?:my|his|her|their) (?:wrist|wrists|"
        r"arm|arms|thighs|thigh|legs|skin)|(?:started|start|starting|back to|relapsed|relapsing|keep|keeps|been) "
        r"(?:on |into )?(?:cutting|burning|self harm)|cutting again|(?:fresh|new) cuts|on purpose again|"
        r"relapsed (?:and|on|into|with) (?:cut|cutting|self harm|burning|burned|hurt)",
        rf"(?:stop|stopped|stopping|quit|quitting) (?:taking )?(?:my|his|her) {_W}{{0,2}}?(?:meds|medication|"
        rf"medicine|insulin|pills|heart meds)\b {_W}{{0,2}}?(?:on purpose|so (?:i|he|she|it) (?:can|will|would|could)|"
        rf"to die|and let)|(?:let|letting) (?:it|this|the \w+|diabetes|my \w+) kill me",
        # third person: someone says they will die or end it
        rf"(?:says|said|saying|talks about|talking about|talked about|keeps saying|kept saying|told me|tells me|"
        rf"texted|posted|threatening|threatened|threatens|mentions|mentioned|joking about|joked about|wrote) "
        rf"{_W}{{0,4}}?(?:dying|death|suicide|not being here|not being around|ending (?:it|{OBJ} life)|"
        rf"killing (?:himself|herself|themselves|themself)|being better off dead|wanting to die|"
        rf"goodbye(?! to (?:cigarettes|smoking|vaping|tobacco|sugar|soda|junk|bad habits|carbs)))",
        r"unalive|sewer slide|catch the bus|kill me now|end me|(?:reports|reporting|endorses|endorsing|having|"
        r"active|passive|expressing|expressed|voicing|has|with) (?:si|suicidal ideation)\b",
    ),
    # self-harm and suicide words: an event that may be in the past or the subject of a question
    _group(
        CRISIS,
        rf"{KILLWORD} {_W}{{0,2}}?{REFLEXIVE}",
        rf"(?:kill|killing|end|ending|ended|take|taking|took) (?:{OBJ} )?(?:own )?(?:life|lives)",
        r"(?<!career )(?<!social )(?<!political )(?<!financial )(?<!media )"
        r"suicid\w*(?! to (?:navigate|use|drive|try|sign|find|read|deal|fill))|self harm|self harming|self harmed|self injury|self injuring|self injure|"
        r"(?:wrote|written|writing|made|updated) (?:a|my) will\b|after i am gone|"
        r"(?:attempt|attempted|attempting|tried to|try to|trying to) (?:suicide|kill|end (?:it|my life|his life|her life)"
        r"|die|overdose)|overdosed on purpose",
        event=True,
    ),
    _group(
        CRISIS,
        r"(?:quiero|quiere|quisiera|voy a|va a|pienso en|pensando en|piensa en|ganas de|deseo|desea|tengo ganas de) "
        r"(?:me )?(?:morir|morirme|matarme|suicidarme|quitarme la vida|desaparecer|no despertar|dejar de vivir|"
        r"acabar con (?:todo|mi vida)|hacerme dano|cortarme|dormirme y no despertar)",
        r"me (?:quiero|voy a) (?:morir|matar|suicidar|cortar)|se (?:quiere|va a) (?:morir|matar|suicidar)|me mato\b",
        r"no (?:quiero|quiere) (?:vivir|seguir|estar aqui|despertar|seguir viviendo|existir)",
        r"(?:ya )?no (?:puedo|aguanto|soporto) (?:mas|seguir|con esto|vivir asi)",
        r"no vale la pena (?:vivir|seguir)|(?:soy|seria) una carga|(?:estarian|estaria) mejor sin mi|"
        r"sin (?:salida|esperanza)|no hay salida|me corto|me corte|me estoy cortando|quitarse la vida|"
        r"cansad[oa] de vivir|(?:no tengo|sin|no hay) (?:razon|razones|motivo|motivos|ganas) (?:para|de) vivir|"
        r"salida es la muerte|(?:no )?despertar nunca|nunca despertar|me despedi de|(?:es|sera) la ultima vez|"
        r"(?:no quiero|ya no quiero) (?:estar|seguir) aqui",
        spanish=True,
    ),
    # --- danger from someone else ---------------------------------------------------------------
    _group(
        VIOLENCE,
        r"(?:reports|reporting|endorses|endorsing|having|with active|active|expressing|expressed|voicing|has|with) "
        r"(?:hi|homicidal ideation|homicidal thoughts)\b|homicidal",
        r"(?:threaten|threatens|threatened|threatening|said (?:he|she|they) (?:would|will|is going to|was going to)|"
        r"says (?:he|she|they) (?:will|would|is going to)|tried to|trying to|swore to|promised to|coming to|"
        r"come to|coming over to|on (?:his|her|their) way to) (?:to )?(?:kill|hurt|beat|shoot|stab|strangle|choke|"
        r"murder|burn|rape|take) (?:me|us|my \w+|the kids|the baby|our \w+|her|him|them|you)\b",
        r"(?:he|she|they|someone|somebody|partner|husband|wife|boyfriend|girlfriend|ex) (?:is |are )?(?:going|gonna) to "
        r"(?:kill|hurt|beat|shoot|stab|murder) (?:me|us|my \w+|the kids|the baby)\b(?! (?:if|when|for|because|lol|haha))",
        rf"(?:he|she|they|someone|somebody|husband|wife|boyfriend|girlfriend|ex|dad|father|mom|mother|brother|"
        rf"(?:my|his|her|their) (?!cat\b|dog\b|kitten\b|puppy\b|pet\b|bird\b|parrot\b|"
        rf"hamster\b|horse\b)\w+|a man|a guy|a woman|the father|the mother|uncle|stepdad|partner) "
        rf"{_W}{{0,3}}?(?:hits|hit(?! (?:me|us) up)|beats|beat|beating|hitting|punched|punches|punching|slapped|slaps|kicked|kicks|"
        rf"choked|chokes|choking|strangled|strangling|pushed|shoved|raped|molested|molesting|abuses|abused|abusing|"
        rf"attacked|attacking|stabbed|shot|burned|threw|hurts|hurt|hurting|touches|touched|touching) "
        rf"(?:me|us|my (?!car\b|truck\b|phone\b|bill\b|account\b|limit\b|deductible\b|budget\b|inbox\b|email\b)\w+|"
        rf"the kids|the baby|her|him)\b(?! (?:feelings|feeling|back|with (?:a|the|my) (?:bill|charge|fee|fine|ticket|"
        rf"question|surprise)))",
        r"(?:ex|he|she|they|stalker|someone|somebody|a man|a guy) {_W}{0,3}(?:parked|waiting|standing|sitting|lurking) "
        r"outside (?:my|the)|coming (?:here|over|back) to (?:deal with|get|hurt|shoot|kill|teach|finish)|"
        r"(?:not allowed|is not allowed|will not let (?:her|him|me)) to (?:leave|go out|use)|kept in (?:a|the|her|his) room|"
        r"following me (?:home|everywhere|around)|(?:i am|im|we are) hiding|hiding (?:under|in|behind) (?:the|my)|"
        r"finish the job|broke my (?:arm|nose|ribs|jaw|wrist|finger)|said {_W}{0,3}(?:will not|won't) make it (?:to|"
        r"through) (?:morning|the night|tomorrow)|never see (?:the kids|my kids|the children|my children) (?:alive )?again|"
        r"(?:bringing|bring|brought|take|taking) (?:a |the |his |her )?(?:gun|weapon|knife|it) to (?:school|work|class)|"
        r"(?:thinking about|thoughts of|urge to|want to|going to|scared i will|afraid i will|might|keep thinking about) "
        r"(?:hurting|hurt|harming|harm|shaking|shake|smothering|smother|drowning|drown) (?:my|the) (?:baby|child|kid|son|"
        r"daughter|kids|newborn)|comes into my (?:room|bed) at night|make (?:them|him|her|everyone|you all) pay|"
        r"(?:list of )?people who (?:wronged|hurt|crossed) me|(?:going|coming|go) (?:over|back|there|in) {_W}{0,2}with "
        r"(?:my|a|the|his) (?:gun|rifle|shotgun|pistol|knife|bat|weapon)|(?:sent|texted|showed) (?:me|him|her) "
        r"{_W}{0,3}(?:pic|picture|photo|video)? ?(?:of )?(?:a |his |her |their )?(?:gun|knife|weapon|rifle)|"
        r"fired (?:a|the|his|her) (?:gun|shot|weapon|rifle)|(?<!shingles )(?<!flu )(?<!covid )(?<!booster )shot at "
        r"(?:me|us|him|her|them|my|the house|our)|shooting at|bruises? on (?:her|his|my) (?:neck|throat)|"
        r"burns (?:him|her|me|them) with|marks all over (?:him|her|them)|to (?:shoot|stab|kill|hurt) (?:the|a|our|your) "
        r"(?:doctor|nurse|staff|receptionist|everyone|people)|threatening (?:our|the|my|his|her) (?:staff|family|kids|"
        r"wife|husband|neighbor\w*|children)|with a (?:bat|crowbar|machete)|(?#es)con (?:un|una) (?:cuchillo|pistola|arma)|"
        r"(?:alguien|un hombre) (?:esta )?entrando|(?#/es)next time (?:he|she|they) will (?:kill|finish|hurt)|"
        r"(?#es)(?:la|lo) golpea|(?#/es)followed me {_W}{0,8}(?:waiting|outside|home)|know where (?:i|we) live|(?:keeps|kept) showing up|"
        r"tracks my (?:phone|car|location)|showed up where i (?:was|am) (?:hiding|staying)|bruises (?:everywhere|all over)|"
        r"heard (?:him|her|them) screaming|burn(?:s|ed)? (?:him|her|me|them|my (?:\w+ )?\w+) with (?:a )?(?:cigarette|iron|"
        r"lighter)|did things to (?:her|him|me)|locks? (?:me|her|him) in (?:my|her|his|the) room|\bi (?:will|am going to|"
        r"gonna|want to|wanna) (?:stab|shoot|kill|hurt|strangle|beat) (?:her|him|them|someone|everyone|that (?:guy|man|"
        r"woman|girl|kid|bitch|bastard)|my (?:wife|husband|boyfriend|girlfriend|partner|ex|son|daughter|kids|child|baby|"
        r"mom|mother|dad|father|brother|sister|neighbor|boss|coworker|roommate|family))\b|"
        r"handprint|hand print|(?:he|she|they|someone) (?:is|are) "
        r"breaking in|banging on (?:my|the) (?:car )?(?:window|door)|"
        r"(?:sexually )?(?:assaulted|raped|molested)|rape|"
        r"(?:afraid|scared|terrified|fear) (?:for|of) my (?:life|safety|kids|children)|"
        r"(?:afraid|scared|terrified) (?:that )?(?:he|she|they|my \w+) (?:will|is going to|gonna|might) "
        r"(?:kill|hurt|beat|come back|find me)|not safe (?:at home|here|in my home|with him|with her)|unsafe at home|"
        r"(?:scared|afraid|terrified) to go home|told me not to tell (?:anyone|anybody|my mother|my father)",
        r"(?:has|have|had|pulled|pulling|holding|waving|pointing|got|grabbed|with|came in with|come back with) "
        r"(?:a|his|her|their|the) (?:gun|knife|weapon|pistol|rifle|machete|shotgun)\b(?! (?:permit|license|"
        r"licence|safety|class|course|show|store|shop|insurance|owner|owners|at home|in the house))",
        r"(?:yelling|screaming|shouting|saying|says|said|swears|swearing|swore|texting|texted|threatening) "
        r"(?:that )?(?:he|she|they) (?:will|would|is going to|was going to|are going to|gonna) (?:kill|hurt|shoot|"
        r"stab|beat|murder) (?:me|us|her|him|them|the kids|my \w+)",
        r"(?:he|she|they|husband|wife|boyfriend|girlfriend|partner|ex|stepdad|stepfather|stepmom|son|brother) "
        r"(?:will|would|is going to|are going to|gonna|going to|might|could) (?:kill|hurt|shoot|stab|beat|murder) "
        r"(?:me|us|her|him|the kids|the baby|my \w+)\b(?! (?:lol|haha))",
        r"(?:someone|somebody|a man|a guy|a stranger|an intruder|intruder|people|my ex) (?:is |are |just )?"
        r"(?:breaking|broke|trying to (?:get|break)|got) in(?:to)?|break in (?:right now|now)|"
        r"stalker|stalking me|(?:being|getting) (?:stalked|followed)|(?:following|watching) me (?:and|&)|"
        r"never see (?:him|her|them|me|you) (?:alive )?again|shoot up (?:a|the|his|her|my|their) \w+",
        rf"(?:{CHILD}) (?:is )?(?:being )?(?:abused|beaten|molested|hit|hurt) by|"
        rf"(?:touching|touched|touches) my (?:{CHILD})",
        r"(?:going|gonna|want|wants|wanna|plan|planning|about) to (?:kill|shoot|stab|murder) "
        r"(?:someone|somebody|people|him|her|them|everyone|my \w+|that \w+|the guy|the man|this guy)\b",
        # Spanish
        r"(?#es)(?:me|nos) (?:esta |estan )?(?:pega|golpea|golpeo|pego|amenaza|amenazo|amenazando|golpeando|pegando|"
        r"quiere matar|va a matar|violo|ataco|maltrata|maltratando)|"
        r"(?:amenaza|amenazo) con (?:matarme|matarnos|pegarme)|violencia (?:domestica|familiar)|"
        r"tengo miedo (?:de (?:mi esposo|mi pareja|mi novio|mi esposa|el|ella)|de que me (?:mate|pegue))|"
        r"tiene (?:una pistola|un arma|un cuchillo)|(?:alguien|un hombre|una persona) (?:esta )?(?:tratando de "
        r"entrar|entro|quiere entrar|metiendose)(?#/es)",
    ),
    # --- poisoning --------------------------------------------------------------------------------
    _group(
        POISON,
        rf"(?:drank|drink|drinking|drunk|swallowed|swallow|swallowing|ate|eaten|eating|ingested|chewed|chewing|"
        rf"licked|bit into|sucked on|got into|inhaled|sniffed|huffing|huffed) "
        rf"{_W}{{0,6}}?{POISONS}",
        rf"(?:found|got into|got hold of|got ahold of) {_W}{{0,3}}?(?:{PILLS}|{POISONS}|pill box|pillbox|pill bottle|"
        rf"medicine cabinet|medicine)",
        r"poisoned|poisoning|(?:carbon monoxide|co) (?:alarm|detector|poisoning)|carbon monoxide|"
        r"(?:gas|fumes) (?:leak|smell) (?:and|&)|(?:bitten|bit|stung) by (?:a )?(?:snake|rattlesnake|spider|scorpion|"
        r"black widow|brown recluse)",
        r"(?#es)(?:bebio|trago|se trago|comio|tomo) (?:\w+ )?(?:cloro|blanqueador|veneno|detergente|pastillas|una pila|"
        r"anticongelante|limpiador)|envenen\w*|intoxica\w*(?#/es)",
    ),
    # --- a medical emergency, by its signs ------------------------------------------------------
    _group(
        MEDICAL,
        r"(?:c o|complains of|reports|reporting|having|acute|active) (?:cp|sob)\b|\bcp (?:radiating|and sob|"
        r"with sob|, sob)|\bsob (?:and|with|,) (?:cp|chest)",
        rf"(?:pain|pains|pressure|tightness|squeezing|heaviness|crushing|ache|weight) (?:in|on|across) (?:(?:{OBJ}|the) )?"
        rf"(?:left )?chest|crushing (?:pressure|pain|feeling)",
        rf"(?:elephant|weight|someone|something) (?:is )?(?:sitting|standing|pressing) on (?:{OBJ}) chest|"
        rf"(?:clutching|clutched|grabbing|holding) (?:{OBJ}) chest",
        rf"(?:pain|pressure|ache|tightness|numbness|tingling) (?:is )?(?:going|spreading|radiating|shooting|moving|"
        rf"traveling|goes|spreads|radiates|shoots|moves) (?:down|up|into|to|through) (?:(?:{OBJ}|the) )?(?:left )?{BODY}",
        rf"(?:left )?(?:arm|jaw) (?:pain|hurts|hurting|is numb|aches|aching) (?:and|with|&) {_W}{{0,3}}?(?:chest|sweat|"
        rf"sweating|sweaty|nausea|nauseous|short of breath|dizzy|clammy)",
        # breathing, choking, colour, pulse
        r"(?:can not|could not|cannot|unable to|struggling to|hard to|difficult to|trouble|difficulty|stopped|not|"
        r"can barely|barely|fighting to|labored|no) (?:breathe|breathing|breath|catch (?:my|his|her|their) breath|"
        r"get (?:any )?air|get a breath)\b(?! (?:easy|easier|a word|a sigh|a sigh of relief))",
        r"short(?:ness)? of breath|gasping|gasp for air|struggling for air|choked on (?!all |so much |these |this |the amount)|something stuck in (?:my|his|her|their|the) throat|not breathing|breathing "
        r"(?:is |feels |seems |sounds )?(?:very |really |so )?(?:weird|shallow|labored|noisy|stopped|funny|slow|rattly)",
        r"(?:lips|face|skin|fingers|fingertips|mouth|nails|baby|he|she|they|it) (?:(?:are|is|look|looks|went|going|"
        r"turning|turned|gone|getting|has|have) ){1,2}(?:kind of |a bit |really |very |all )?(?:blue|purple|grey|gray|"
        r"bluish|pale blue|ashen)|turning blue|blue lips|lips blue",
        r"no pulse|(?:can not|could not) (?:find|feel) (?:a |his |her )?(?:pulse|heartbeat)|no heartbeat|"
        r"heart (?:has )?stopped",
        # stroke signs
        r"(?:face|mouth|smile|eye|eyelid|lip) (?:is |looks |went |suddenly |has |feels )?(?:droop\w*|drooping|"
        r"crooked|lopsided|sagging|saggy|uneven|fallen|numb|paralyzed|twisted)|(?:droop\w*) (?:face|mouth|smile)",
        rf"(?:one side|left side|right side|half|side) of (?:(?:{OBJ}|the) )?(?:face|body) (?:is |went |feels |has gone |"
        rf"suddenly |just )*(?:numb|weak|droop\w*|paralyzed|dead|tingly|not working|limp|heavy)",
        rf"(?:can not|could not|unable to|can barely|cannot) (?:lift|raise|move|feel|use|grip) {_W}?(?:(?:{OBJ}|the) )?"
        rf"(?:left |right )?(?:arm|arms|leg|legs|hand|side)",
        r"(?:arm|leg|hand|side|face) (?:is |went |goes |feels |suddenly |just |has been |been )+(?:weak|numb|limp|dead|"
        r"heavy|paralyzed)",
        rf"slurr\w*|(?:talking|speaking|speech|words) (?:is |are |sound |sounds |coming out |came out )?(?:all |really |so "
        rf"|kind of )?(?:funny|"
        rf"gibberish|garbled|jumbled|weird|strange|wrong|nonsense|not making sense|drunk)|"
        rf"(?:can not|could not|unable to) (?:talk|speak|get (?:the |{OBJ} )?words out|find (?:the |{OBJ} )?words|"
        rf"understand what (?:i|we) (?:say|am saying))",
        r"sudden(?:ly)? (?:severe |bad |very bad |really bad )?(?:confusion|confused|numbness|numb|weakness|weak|"
        r"blindness|blind|headache|vision loss|can not see|dizziness|trouble walking|lost (?:his|her|my) balance)|"
        r"worst headache (?:of|in) (?:my|his|her|their) life|thunderclap headache|"
        r"(?:lost|losing|loss of) (?:vision|sight) in (?:one|my|his|her) (?:left |right )?eye|"
        r"can not see out of (?:one|my|his|her) (?:left |right )?eye",
        # allergic reaction
        r"(?:throat|tongue|lips|lip|face|mouth|airway|eyes) (?:is |are |feels |feel |started |keeps )?(?:swelling|"
        r"swollen|closing|closing up|tight|tightening|puffing up|puffed up|blowing up)|swelling shut|"
        r"(?:bad|severe|serious|major) (?:allergic )?reaction|"
        r"allergic reaction (?:and|with|&)|(?:hives|rash|welts) {_W}{0,5}(?:breath\w*|throat|wheez\w*|swell\w*)",
        # bleeding
        r"(?:bleeding|bleed|bleeds) (?:a lot|heavily|badly|profusely|out|everywhere|like crazy|so much|really bad)"
        r"(?! when i (?:floss|brush|shave))|"
        r"(?:severe|heavy|uncontrolled|massive|lots of|a lot of|non stop|nonstop) (?:bleeding|blood)|"
        r"(?:bleeding|blood) {_W}{0,3}(?:will not|wont|can not|does not|is not|not) (?:stop|stopping|slow)|"
        r"(?:will not|can not|does not|is not|has not|not|never) (?:stop|stopped|stopping) (?:the )?bleeding|"
        r"(?:soaked|soaking|soaks|bled) (?:through )?{_W}{0,2}(?:towel|towels|pad|pads|bandage|bandages|"
        r"gauze|clothes|shirt|sheets)|(?:spurting|gushing|pouring|squirting) (?:out )?blood|blood (?:is )?"
        r"(?:spurting|gushing|pouring|squirting|everywhere)|blood everywhere|"
        r"(?:coughing|throwing|vomiting|puking|spitting|threw|vomited|coughed) (?:up )?(?:lots of |a lot of )?blood|"
        r"(?:cut|sliced|chopped|severed) off (?:my|his|her|their) (?:finger|fingers|hand|thumb|toe)|"
        r"(?:cut|sliced|chopped) (?:my|his|her|their) (?:finger|fingers|hand|thumb|toe) off|severed",
        r"(?:grey|gray|pale|ashen|white) (?:,|and)? ?(?:sweaty|clammy|sweating)|cyanotic|cyanosis|"
        r"(?:meter|glucometer|monitor|cgm|reading) (?:just )?(?:says|reads|shows|said|showed) (?:hi|high)\b|"
        r"(?:it is |is |blood is |blood )?(?:spurting|gushing)\b|"
        r"(?:hives|stung|sting|allergic|peanuts?|shellfish|bee) {_W}{0,8}(?:hard to swallow|trouble swallowing|can not "
        r"swallow|hard to breathe)|(?:arm|leg|hand) (?:just )?(?:hangs|hanging|dangling|is limp)|suddenly (?:does not|"
        r"can not) (?:know|recognize|remember)|(?:bp|blood pressure|reads|reading|is) {_W}{0,3}(?:(?:1[6-9]\d|2\d\d) "
        r"(?:over )?1[1-9]\d|(?:1[89]\d|2\d\d) (?:over )?\d{2,3})\b|(?:jaw|back|arm|shoulder) {_W}{0,4}(?:aching|hurting|"
        r"pain|ache) {_W}{0,6}(?:sweat\w*|clammy|nause\w*|short of breath)|inhaler (?:is not|isnt|not) (?:working|helping)|"
        r"can only say {_W}{0,3}words|can not (?:finish|complete) (?:a |his |her )?sentences?|ribs (?:are )?(?:sucking|"
        r"pulling) in|(?:\d+|one|two|three|four|five|six|seven|eight) (?:day|days|week|weeks) old {_W}{0,4}(?:fever|"
        r"temperature|temp|not eating|will not eat|lethargic)|stiff neck {_W}{0,6}(?:fever|rash|vomit\w*|headache)|"
        r"(?:fever|burning up) {_W}{0,6}stiff neck|rash that (?:does not|will not) fade|purple spots|"
        r"(?:worst|unbearable|excruciating) pain|(?:testicle|testicular|scrotum) (?:pain|swelling|hurts)|pain in (?:his|my) "
        r"testicles?|face {_W}{0,1}(?:fall|falls|fell|falling) down|(?:speak|speaks|speaking|talk|talks|talking) strange|"
        r"(?#es)(?:azucar|glucosa) (?:esta )?(?:en )?(?:1\d|2\d|3\d|4\d|5[0-4])\b|(?#/es)cold to the touch|barely (?:moving|breathing|"
        r"conscious|responsive)|(?:headaches?|dizzy|nause\w*) {_W}{0,10}(?:furnace|heater|generator|fumes)|"
        r"(?:furnace|generator|heater) {_W}{0,6}(?:headache|dizzy|sick)|(?:took|injected|taken|gave) (?:my |his |her )?"
        r"{_W}{0,2}insulin (?:twice|two times|double)|accidentally (?:took|gave|swallowed|injected) {_W}{0,6}(?:twice|double|"
        r"too much|extra|the wrong)|clots (?:the size|as big|bigger)|passing (?:large |big )?clots|no wet diapers?|"
        r"(?:has not|have not) had a wet diaper|soft spot (?:looks |is )?sunken|(?:defibrillator|icd|aicd) {_W}{0,3}"
        r"(?:shocked|fired|went off|keeps shocking)|pink (?:foam|frothy|froth)|feel like (?:i am|im) drowning(?! in)|missed "
        r"(?:my )?dialysis|can not feel my (?:groin|legs|feet)|wet myself without|(?:arm|hand|leg|face|chest|skin|back) "
        r"{_W}{0,3}(?:blistering|blistered)|(?:got|was|been|is) (?:shocked|electrocuted)|electrocut\w*|(?:neck|back) "
        r"{_W}{0,3}(?:hurts|pain) {_W}{0,5}(?:numb|tingling|can not feel|can not move)|breath smells (?:fruity|sweet|like)|"
        r"fruity breath|breathing (?:deep|deeply) and fast|can not stop (?:vomiting|throwing up)|\d+ ?(?:yo|year old|"
        r"month old|mo) {_W}{0,3}(?:ingested|swallowed|ate|drank|got into)|(?:ingested|swallowed|got into) {_W}{0,5}"
        r"(?:very |really |so )?(?:drowsy|sleepy|lethargic|limp|unresponsive)|(?:worst|severe|sudden|thunderclap) "
        r"(?:ha|headache)|not wak\w* up|breath (?:is )?(?:slow|shallow|weak)|(?:speech|talking|words) (?:just )?(?:went|got|"
        r"is|are|turned) (?:weird|funny|strange|slurred|garbled)|(?:cramping|cramps|contractions|pains) every (?:\d+|two|"
        r"three|four|five) (?:minutes|min|mins)|gush of (?:fluid|water)|not (?:really )?with it|"
        r"baby (?:has not|had not|did not) (?:moved|kicked|moving)|(?:hit|banged|bumped) head\b|"
        r"hives {_W}{0,8}(?:voice|throat|breath\w*|swallow\w*)|(?:clammy|sweaty) {_W}{0,3}(?:nause\w*|dizzy|faint|barely "
        r"walk)|heart (?:is )?(?:pounding|racing|beating) {_W}{0,6}(?:faint|dizzy|chest|short of breath|pass out)|"
        r"(?:oxygen|o2|sats?|spo2|pulse ox) {_W}{0,3}(?:[5-8]\d|9[01])\b|grunting|(?#es)hinchando la (?:garganta|lengua|cara)|"
        r"garganta (?:hinchada|cerrando)|(?#/es)ketones|(?:glucose|sugar|bg|meter) {_W}{0,2}[5-9]\d\d\b|bleeding through(?! (?:my|the|our) (?:budget|money|"
        r"savings|wallet))|(?:took|swallowed) (?:my |his |her |the |a )?(?:whole|entire) (?:month|week|day|bottle|supply|"
        r"prescription|pack|box)(?: of)?|"
        r"nosebleed {_W}{0,4}(?:hour|hours|will not stop|eliquis|warfarin|blood thinner)|(?:palm|hand|hands|foot|feet) "
        r"{_W}{0,2}(?:blistered|blistering|burned|burnt)|(?:chemical|chemicals|bleach|acid|lye) (?:in|into|splashed in) "
        r"(?:my|his|her) eyes?|(?:on the floor|on the ground) (?:since|for|all night|for hours)|can not get off the floor|"
        r"pupil {_W}{0,3}(?:bigger|larger|different|dilated)|(?#es)hueso (?:afuera|salido)|(?#/es)bone (?:sticking out|is out|poking)|"
        r"(?:pills|tablets) (?:are )?missing|some are missing|(?:open|empty) bottle of|skin {_W}{0,3}(?:peeling|"
        r"blistering|charred|melting)|(?:gave|given) (?:my |the )?(?:baby|child|son|daughter|toddler|kid) "
        r"{_W}{0,4}(?:adult|wrong|too much|extra|double|\d+x)|(?:can see|seeing) the (?:baby )?head|baby coming now|"
        r"(?#es)mucho sangrado|embarazada {_W}{0,4}(?:sangr\w*|dolor fuerte)|(?#/es)(?:hot|burning up) and not making sense|"
        r"(?:zapped|shocked|electrocuted) (?:by|from)|(?:tearing|ripping) pain|feels like something (?:ripped|tore)|"
        r"(?:leg|arm|foot|hand) is cold and (?:pale|blue|numb)|(?:meter|glucometer|cgm|reading|sugar|glucose) (?:says|reads|"
        r"shows|is|at|was) (?:1\d|2\d|3\d|4\d|5[0-4])\b|bleeding from (?:his|her|my|the) head|blood thinners {_W}{0,6}"
        r"(?:fell|bleeding|hit)|(?:so|too) much blood|(?:can not|could not) get up|leg {_W}{0,2}(?:twisted|bent|broken|"
        r"deformed)|(?:idk|do not know|not sure) how many (?:she|he|they|i) (?:took|ate|swallowed|had)|gurgl\w*|"
        r"worst (?:\w+ )?pain|belly (?:is )?(?:hard as a rock|rigid|hard)|(?:testicle|testicles) {_W}{0,2}(?:hurts|hurting|"
        r"pain|swollen)|soft spot (?:is |looks )?(?:bulging|sunken)|(?:1|2|3|one|two|three) (?:month|months) old {_W}{0,4}"
        r"(?:fever|temperature|temp)|(?:eyes|soft spot) (?:look |looks |are |is )?sunken|confused and (?:can not|could not) "
        r"(?:stand|walk|get up)|left in (?:the|a|his|her) (?:hot )?car|(?:baby|infant|newborn|toddler) {_W}{0,6}(?:lethargic|"
        r"limp|floppy|unresponsive)|ice cold|mumbling|hypotherm\w*|fell (?:through|in|into) (?:the )?(?:ice|pool|water|"
        r"pond|lake|river)|crushing chest(?#es)|"
        r"(?:pego|golpeo) (?:en )?la cabeza {_W}{0,4}(?:vomit\w*|no responde|no despierta|sangr\w*|confundid\w*)(?#/es)",
        # labour and pregnancy
        r"(?:my|her) water (?:just )?(?:broke|broken|has broken)|water broke|in (?:active )?labor|going into labor|"
        r"(?:contractions|contraction) (?:are |every |coming )?(?:\d+|one|two|three|four|five) (?:minutes|min|mins|minute)|"
        r"baby is coming|baby (?:is )?crowning|(?:having|deliver|delivering) (?:the|a|my|her) baby (?:now|right now|"
        r"in the car|at home)|pregnant {_W}{0,6}(?:bleeding|cramping|severe pain|sharp pain|one side|shoulder|dizzy|"
        r"fainted|headache|seeing spots|swelling|vision|can not feel|baby (?:is not|stopped|"
        r"has not) mov\w*)|(?:bleeding|blood) {_W}{0,5}(?:pregnant|weeks pregnant)|baby (?:is not|stopped|has not been) "
        r"(?:moving|kicking)",
        # unresponsive, collapse, head injury
        r"(?:not|stopped|no longer|is not|isnt) (?:responding|responsive|waking up|breathing)|"
        r"(?:and|,|but|now) (?:is not|isnt|not|stopped|has not|is no longer) (?:moving|breathing|responding|waking up)|"
        r"(?:he|she|they|baby|body|him|her|dad|mom|father|mother|husband|wife|son|daughter|child|patient) "
        r"(?:is not|isnt|not|stopped|has not|is no longer|can not|cannot) (?:moving|move|breathing)|"
        r"(?:will not|can not|does not|could not|cannot|wont) (?:wake|wake up|be woken|respond|get (?:him|her|them) "
        r"to wake)|passed out|collapsed|collapsing|fainted|fainting|seizing|convulsing|convulsions|unconscious|"
        r"unresponsive|(?:about|going|gonna) to (?:pass out|faint|black out|collapse)|passing out|loss of consciousness|knocked (?:out|unconscious)|limp and|blacked out|keeled over|fell and (?:is not|can not|will not)",
        rf"(?:hit|banged|bumped|struck|cracked|smashed) (?:{OBJ}|the) head {_W}{{0,14}}?(?:unconscious|not (?:responding|"
        rf"waking|moving|making sense)|will not wake|passed out|vomiting|throwing up|confused|bleeding|seizing|knocked|"
        rf"blood thinners|warfarin|eliquis|xarelto|"
        rf"asking the same|repeating (?:himself|herself|themselves|the same)|keeps repeating|can not remember|"
        rf"does not remember|sleepy|drowsy)",
        r"seizure (?:will not|wont|is not|has not) (?:stop|stopping|stopped|ending)|seizure (?:right now|now)|"
        r"(?:having|had|has) (?:a )?(?:fit|fits)(?= [.,;:!?]|$| and| now| right now)|hemorrhag\w*|haemorrhag\w*|"
        r"(?:not|have not|has not|can not|could not|did not) (?:felt|feel|feeling) (?:the |my |her )?baby (?:move|moving|"
        r"kick|kicking)|(?:bad|strong|painful|severe|early|preterm) contractions|contractions {_W}{0,5}(?:too early|"
        r"weeks|preterm|premature|bleeding)|"
        r"seizures? (?:for|lasting) (?:\d+|five|ten|several) (?:minutes|min)",
        # low blood sugar with confusion; heat stroke
        r"(?:blood sugar|sugar|glucose|bg|bs|blood glucose|reading) (?:is |was |of |at |level |levels |reading |went |"
        r"just |dropped to |down to )*(?:only |at )?(?:1\d|2\d|3\d|4\d|5[0-4])\b(?! (?:years|percent|pounds|lbs|kg|"
        r"units|days))",
        r"(?:meter|glucometer|monitor|cgm|reading|dexcom|libre) (?:says|reads|shows|said|showed) (?:lo|low)\b|"
        r"(?:low|dropped|dropping|crashed|crashing|tanked|tanking|bottomed) {_W}{0,8}(?:confused|confusion|not making "
        r"(?:any )?sense|making no sense|passed out|unresponsive|will not wake|can not wake|slurring|acting drunk|seizing|"
        r"seizure|out of it|disoriented|combative|can not (?:talk|stand|swallow))",
        r"(?:diabetic|insulin|sugar) {_W}{0,6}(?:confused|not making sense|passed out|unresponsive|will not wake|"
        r"can not wake|out of it|disoriented|acting drunk|shaking and sweating)",
        r"heat ?stroke|(?:confused|disoriented|delirious) {_W}{0,2}(?:hot|burning up)|(?:hot|burning up) {_W}{0,2}"
        r"(?:confused|disoriented|not sweating)|stopped sweating",
        # overdose
        r"nodding (?:off|out) (?:and|&)|pinpoint pupils|need (?:narcan|naloxone)|gave (?:him|her|them) narcan",
        rf"(?:took|taken|swallowed|ate|popped|downed|take|taking) (?:like |about |around |maybe |over |almost )?(?:a |an )?(?:handful|bunch|lot|whole (?:bottle|pack|"
        rf"box|strip)|bottle|full bottle|all|box|pack|too many|too much|extra|double|triple|\d\d+|twenty|thirty|forty|"
        rf"fifty) {_W}{{0,3}}?(?:of )?(?:{OBJ} )?{_W}{{0,1}}?(?:{PILLS}|pills|insulin|medicine|meds)",
        r"(?:took|taken|swallowed|ate|take|taking) (?:way |far |a lot |much )?(?:too many|too much|a bottle|"
        r"a whole bottle|an overdose|all (?:my|of my|his|her))|(?:took|swallowed|ate|downed|drank|finished|emptied) "
        r"(?:the|a|my|his|her) (?:whole|entire|full) (?:bottle|pack|box|packet|strip)|empty (?:pill )?(?:bottle|"
        r"bottles|packet|blister pack)s? (?:of|next to|beside|by)|with an empty (?:pill )?bottle",
        rf"(?:mixed|mixing|took|taking|drank) {_W}{{0,5}}?(?:{PILLS}) (?:with|and|&) {_W}{{0,2}}?(?:alcohol|vodka|booze|"
        rf"drinking|beer|wine|whiskey|liquor|drinks)",
        rf"(?:alcohol|vodka|booze|beer|wine|whiskey|liquor|drinks|drinking|drunk|tequila|rum|gin) {_W}{{0,4}}?(?:and|with|"
        rf"then|plus) {_W}{{0,2}}?(?:took|taking|take|swallowed|popped|on) {_W}{{0,2}}?(?:{PILLS}|pills)",
        # burns, fire, dying now
        r"(?:severe|bad|third degree|serious|major) burns?|(?:burned|burnt) (?:\w+ ){0,3}(?:badly|severely|all over|"
        r"bad|really bad|so bad)|"
        r"(?:house|apartment|kitchen|car|clothes) (?:is )?on fire|(?:am|is|are) on fire|"
        r"fire in (?:my|the|our) (?:house|kitchen|apartment|home|building|room|bedroom)",
        r"(?:i am|he is|she is|they are|is) (?:dying|going to die|gonna die|about to die)\b(?! (?:to|for|of laughter|"
        r"in this|in the|over here|here waiting|waiting|my hair|his hair|her hair))|"
        r"(?:someone|somebody|he|she) (?:is )?dying (?:here|right now|now)",
        # Spanish
        r"(?#es)(?:dolor|presion|opresion) (?:de|en el|en mi) pecho|me duele (?:mucho )?el pecho|"
        r"no (?:puedo|puede|podemos) respirar|no respira|(?:se )?(?:esta )?ahog\w*|se desmayo|desmayad\w*|"
        r"inconsciente|no responde|no despierta|convulsion\w*(?! hace)|(?:sangra|sangrando|sangre) (?:mucho|sin parar|no para)|"
        r"mucha sangre|sobredosis|(?:tomo|tome|trago|se trago) (?:muchas|demasiadas|todas|un frasco de) (?:las |sus |mis )?"
        r"(?:pastillas|pildoras|medicinas)|"
        r"(?:cara|boca) (?:caida|torcida|chueca)|no puede hablar|labios morados|se puso morad\w*|"
        r"(?:se me rompio|se rompio|rompi) (?:la )?fuente|"
        r"(?:azucar|glucosa) (?:muy )?baja (?:y|e) (?:confundid\w*|no responde|desmayad\w*)|"
        r"(?:se )?(?:pego|golpeo) (?:en )?la cabeza (?:y|e) no (?:responde|despierta)(?#/es)",
    ),
    # medical events and words that are often the subject of a question ("call 911 if ...")
    _group(
        MEDICAL,
        r"chest (?:is |feels |feel |was |has been |keeps |getting |gets )?(?:pain|pains|hurt|hurts|hurting|pressure|"
        r"tight|tightness|tighten|tightening|is tight|feels tight|"
        r"heavy|heaviness|feels heavy|squeezing|squeezed|crushing|burning|ache|aches|aching|discomfort|"
        r"is killing|feels like|is on fire|is hurting)",
        r"heart attack|stroke|cardiac arrest|seizure|anaphylactic shock|asthma attack|allergic reaction|"
        r"choking(?! up| back| on (?:all |so much |these |this |the amount|paperwork|work|bills|forms|emails|acronyms|jargon|"
        r"red tape|debt|information|info))|"
        r"diabetic (?:coma|shock)|insulin shock|mini stroke|aneurysm|overdose|overdosed|overdosing|blood clot|"
        r"pulmonary embolism|heart (?:is )?racing (?:and|&)|narcan|naloxone|epi pen|epinephrine|anaphyla\w*|(?#es)emergencia|(?#/es)"
        r"hit by a car|run over|struck by a car|drown\w*(?! in (?:paperwork|bills|work|debt|stress|emails|"
        r"information|the details))",
        r"(?:call|calling|need|send|get) (?:an |a )?(?:ambulance|paramedics|emt)|(?:call|calling|dial) 911|911|"
        r"(?<!in an )(?<!for an )(?<!case of )(?<!case of an )(?<!during an )(?<!of an )emergency(?! (?:room|rooms|contact|contacts|department|visit|visits|claim|claims|coverage|bill|number|"
        r"numbers|care|services|fund|plan|kit|preparedness|line|phone))",
        event=True,
    ),
    # --- recall first: danger words that count unless their context explains them away -------------
    # (negation, the past, a topic or program, "if ..." for medical words, figures of speech).
    _group(
        CRISIS,
        # death and dying said of a person, not of a phone, a link or a deadline
        r"(?<!phone )(?<!battery )(?<!link )(?<!page )(?<!app )(?<!call )(?<!line )(?<!laptop )(?<!computer )"
        r"(?<!a )(?<!the )(?<!his )(?<!her )(?<!their )(?<!rather )(?<!before i )(?<!before we )(?<!sick to )"
        r"(?<!bored to )(?<!scared to )(?<!worried to )(?<!tired to )(?<!so )"
        r"(?:die|dying|death|dead)\b(?! (?:link|links|end|tired|battery|phone|line|zone|weight|lift|lifts|in the family|"
        r"gorgeous|last|center|centre|even|heat|ringer|simple|easy|sure|quiet|silent|my hair|his hair|her hair|"
        r"for (?:haha|lol)|in this|in the (?:heat|sun|"
        r"traffic|line|queue)|of (?:heat|thirst|hunger)|"
        r"than|of (?:boredom|embarrassment|laughter|shame|old age)|to\b|"
        r"serious|set|on|wrong|certificate|certificates|benefit|benefits|record|records|notice|date|"
        r"to (?:know|try|see|join|find|get|hear|sign|start|meet|learn|ask|be)|for (?:a|an|some|this|that|the|one|"
        r"it|these|those|\w+ing)|hard|down|over here|here waiting|waiting|of (?:boredom|embarrassment|laughter|laughing|"
        r"shame)))(?<!the death)",
        r"(?:on|off) this earth|off the planet|(?:checking|check) out (?:for good|of life|permanently)|"
        r"(?:calling|call) it quits (?:on|with) (?:life|living|everything)|(?:free|rid) of me|without me in it|"
        r"(?:will not|wont|do not|never) (?:need|be needing) (?:it|this|the \w+|them|anything) {_W}{0,3}(?:will not|wont|"
        r"not) be (?:around|here|alive)|(?:gone|leaving|leave|go|goodbye|bye|out|sleep|rest|disappear|disappearing) for good|"
        r"(?:pills|meds|tablets|medicine|medication|bottle) (?:are |is )?(?:ready|in front of me|lined up|counted|"
        r"out on the|next to me|in my hand)|(?:have|got|with) (?:my |the |all my |all the )?(?:pills|meds|tablets) "
        r"(?:ready|in front of me|lined up|counted out|next to me|saved|stashed|hidden)|"
        r"(?#es)(?:tomar|tomarme|tomare) todas|(?:pastillas|pildoras) (?:listas|guardadas|juntas)|^ya no aguanto|"
        r"poniendo (?:morad\w*|azul)|(?:regale|regalo|regalando) (?:mis|todas mis) cosas|"
        r"(?:quitar|quitarse|quitarme) la vida|(?:voy|va) a saltar|(?:una )?soga|(?:estoy|esta) en el puente|(?#/es)"
        r"(?:do|doing) something (?:stupid|drastic|bad|permanent) (?:tonight|today|to myself|soon)|"
        r"(?:do not|can not|dont) (?:want|see myself) to (?:be on|stay on|live on) (?:this|the) (?:earth|planet)",
        r"(?<!end of my )(?<!end of the )(?<!end of his )(?<!end of her )(?<!secret )"
        r"(?:service weapon|gun|guns|pistol|rifle|shotgun|firearm|firearms|razor|blade|blades|rope|noose)\b(?! (?:safety|permit|"
        r"license|licence|course|class|show|shop|store|lock|locks|owner|owners|control|violence|storage))",
        r"(?:scratch\w*|pick\w*|hit\w*|punch\w*|bang\w*|burn\w*|cut\w*) (?:my|his|her) (?:arms|legs|skin|wrists|head|"
        r"self) (?:until|till|so) (?:they|it|i) (?:bleed|bled|bleeds|hurt|hurts)",
        event=True, weak=True, hypothetical=True,
    ),
    _group(
        VIOLENCE,
        r"(?:being|getting|got|get) (?:attacked|beat up|beaten|beaten up|jumped|mugged|assaulted|hit(?! with| by a "
        r"(?:bill|charge|fee|car|truck|bike|ball)| up)|choked|strangled|stabbed|shot(?! down)|kidnapped|held hostage)|"
        r"(?:is|are|keeps|keep|kept|started|was|were) (?:hitting|beating|hurting|choking|kicking|punching|slapping|"
        r"threatening|strangling|attacking|shaking|smacking) (?:me|her|him|us|them|my \w+|the kids|the baby)|"
        r"(?:threw|throwing|thrown) (?:a|an|the|things|stuff|something|\w+) (?:\w+ )?at (?:me|my head|her|him|us|my \w+)|"
        r"locked (?:me|us|her|him) (?:in|out|inside)|took my (?:phone|keys|car keys) (?:and|so)|"
        r"(?:trying to|tried to|is|started|keeps) (?:break|breaking|kick|kicking|bust|busting|bang|banging) (?:down |in )?"
        r"(?:the |my )?(?:door|window)|hiding from (?:him|her|them|my \w+)|"
        r"won't let me (?:leave|go|out)|will not let me (?:leave|go|out)|(?:threatening|threatens|threatened) "
        r"(?:more|me|us|to)(?#es)|(?:me|nos) (?:esta|estan) (?:pegando|golpeando|atacando)(?#/es)",
    ),
    _group(
        POISON,
        rf"(?:drank|drunk|swallowed|ate|ingested|got into|gotten into|chewed) (?:something|some|stuff|a thing|whatever|"
        rf"what|some of) {_W}{{0,6}}?(?:under the sink|cleaning|cleaner|chemical|chemicals|bottle|garage|cabinet|pills|"
        rf"medicine|meds|poison)|(?:gas|propane|fumes) (?:leak|smell|smells)\b {_W}{{0,6}}?(?:dizzy|vomiting|throwing up|"
        rf"sick|headache|passed out|faint|nause\w*|sleepy|confused)|"
        rf"(?:smell|smelled|smelling|smells) (?:gas|fumes|propane|smoke|chemicals) {_W}{{0,8}}?(?:dizzy|headache|headaches|"
        rf"sick|vomit\w*|faint|passed out|nause\w*|sleepy|confused|throwing up)|"
        rf"(?:swallowed|ate|drank|chewed|bit) {_W}{{0,6}}?(?:coin|coins|magnet|magnets|battery|batteries|pod|pods|"
        rf"bleach|vape|cigarette|cigarettes|nicotine|marijuana|edible|edibles|pill|pills)",
    ),
    _group(
        MEDICAL,
        rf"throat {_W}{{0,4}}?(?:closing|swelling|swollen|tight|tightening|closing up)|(?#es)(?:cerrando|cierra) la garganta|(?#/es)"
        rf"(?:tongue|lips|face|eyes) {_W}{{0,3}}?(?:swelling|swollen|puff\w*|blowing up)",
        r"(?:shaking|shaky|sweaty|sweating|pale|clammy) (?:and|,) {_W}{0,3}(?:confused|disoriented|not making sense|"
        r"out of it|passing out|dizzy and|slurring)|(?:confused|disoriented|not making sense|out of it|not acting right) "
        r"(?:right now|and shaking|and sweating|and sweaty|and pale|and will not|and wont)|"
        r"(?:really |very |so )?(?:sleepy|drowsy|lethargic|out of it) (?:and|,) (?:not making sense|confused|"
        r"slurring|hard to wake|will not wake|can not wake)|not making sense (?:after|since)",
        r"(?:throwing|threw|vomiting|vomited|puking|coughing) (?:up )?(?:blood|what looks like coffee grounds|coffee grounds|"
        r"black stuff|something black)|(?:black|bloody|tarry) (?:stool|stools|poop|vomit|diarrhea)",
        r"eyes (?:rolled|rolling) back|(?:shaking|jerking|twitching|convulsing) (?:on the floor|all over|and not|"
        r"uncontrollably)|foaming at the mouth|turned (?:blue|grey|gray|purple)|went limp|is limp|"
        r"(?:will not|wont|can not|cant) (?:stay awake|keep (?:his|her|their) eyes open)",
        r"(?:boiling|hot) (?:water|oil|grease|coffee|soup) (?:on|onto|all over) (?:him|her|me|himself|herself|myself|my|his|"
        r"her)|skin (?:is )?(?:peeling|blistering|bubbling|charred|melting)|(?:face|hands|arms|legs|skin|body|back) "
        r"(?:and \w+ )?(?:are |is |got |were |was )?(?:badly |severely |really )?(?:burned|burnt|scalded)|scald\w*",
        r"(?:overdos\w*|od|narcan|naloxone) (?:right now|now|again|and|on)|(?:fentanyl|heroin|oxy|opioids|pills) "
        r"{_W}{0,4}(?:not breathing|blue|unresponsive|will not wake|nodding|barely breathing|snoring weird)",
    ),
    # violence and medical words that are often a topic or in the past ("an abusive relationship years ago")
    _group(
        VIOLENCE,
        r"domestic (?:violence|abuse)|being abused|(?:abusive|violent) (?:husband|wife|partner|boyfriend|girlfriend|"
        r"relationship|ex|father|mother|home|spouse)",
        event=True,
    ),
    _group(
        MEDICAL,
        r"(?#es)derrame cerebral|infarto|ataque (?:al|de) corazon(?#/es)",
        r"(?:car|bike|motorcycle)? ?(?:accident|crash|wreck)\b {_W}{0,8}(?:sleepy|confused|not making sense|bleeding|"
        r"unconscious|can not move|can not feel|not moving|passed out|head|numb|neck)",
        event=True,
    ),
    # --- softer distress: answered, with 988 offered ------------------------------------------------
    _group(
        DISTRESS,
        r"(?:feel|feeling|felt|feels|am|been|getting|so|really|very|super|pretty|kind of|kinda|just) "
        r"(?:\w+ ){0,2}?(?:down|low|sad|depressed|depressing|anxious|overwhelmed|stressed|stressed out|lonely|alone|"
        r"isolated|worthless|empty|numb|burnt out|burned out|burnout|exhausted|miserable|struggling|panicky|"
        r"panicking|scared|afraid|grieving|heartbroken|broken|crying|trapped|like a failure|lost|defeated|worn out|"
        r"unhappy|helpless|desperate|at the end of my rope|on edge|like giving up|terrible|awful|worried|hopeless)",
        r"sad|sadness|depression|depressed|anxiety|panic attacks?|mental health|grief|grieving|lonely|loneliness|"
        r"overwhelmed|overwhelming|defeated|breakdown|worn out|burnt out|burned out|isolating|"
        r"(?:can not|could not) (?:sleep|stop crying|cope|handle (?:it|this|everything|life)|get out of bed)|"
        r"(?:have not|has not|not) slept|no (?:energy|motivation)|down in the dumps|(?:too much|gray|grey|pointless)"
        r"(?: right now| lately)?$|everything (?:feels|is) (?:like )?(?:too much|gray|grey|pointless|heavy)|"
        r"falling apart|breaking point|rock bottom|losing (?:it|my mind)|barely holding|holding it together|"
        r"(?:having|had|going through) a (?:hard|rough|tough|difficult|bad) (?:time|week|day|month|year|patch)|"
        r"(?:rough|hard|tough) (?:week|day|month|time)|struggling|(?:cry|crying) (?:a lot|all the time|every day|"
        r"myself to sleep)|nobody cares|no one cares|(?:feel|feeling) like giving up|no one to talk to|"
        r"(?:do not|does not) (?:really )?have anyone|not (?:okay|ok|doing (?:great|well|good|okay|ok))|"
        r"stress eating|(?:so|really|very) tired of being|(?:keep|always|constantly|stop) worrying|worried sick|"
        r"stressed|anxious|(?:feel|feeling|felt) blue|(?:been|is|so) (?:really |so )?(?:hard|rough|tough)|"
        r"(?:a|such a|a total|a complete) (?:mess|wreck)|(?:no one|nobody) (?:understands|gets it|listens)|"
        r"not sleeping",
        r"(?#es)(?:triste|deprimid\w*|ansios\w*|agobiad\w*|estresad\w*|sol[oa]|no puedo dormir|ansiedad|depresion)(?#/es)",
    ),
)

# Words near an event that place it in the past or make it the subject of a question: "after my
# stroke two years ago", "history of suicide attempt", "stroke survivors", "call 911 if ...".
_PAST = re.compile(
    r"\b(?:ago|years ago|months ago|years later|years back|history|hx|h o|prior|previous|previously|"
    r"in (?:19|20)\d\d|(?:19|20)\d\d|last (?:year|spring|summer|fall|winter|decade)|used to|when i was|"
    r"as a (?:teen|teenager|kid|child)|in (?:high school|college|my twenties|my teens)|long (?:time )?ago|"
    r"survivor|survivors|survived|recovered|recovering|recovery|rehab|rehabilitation|died|passed away|"
    r"family history|runs in|in the past|clean|sober|sobriety|remission|hace (?:\w+ )?(?:anos|meses|semanas))\b")
_NOT_NOW = re.compile(
    r"\b(?:chart|record|recorded|how do i use|how to use|prepared|just in case|store|storage|safely|lock|locks|handout|"
    r"print|resources|flyer|report|action plan|auth|authorization|vs|versus|difference|quiz|definition|what is a|what is an|recognize|recognise|learn|learning|teach|contacto|contact|billed|bill|charged|charge|risk|risks|prevent|prevention|preventing|chance|chances|signs|symptoms|warning|awareness|screening|"
    r"protocol|protocols|policy|procedure|training|trained|resources|guidelines|hotline number|"
    r"program|programs|class|classes|education|support group|diagnosed|diagnosis|disorder|condition|"
    r"controlled|documented|referral|refer|eligible|eligibility|cover|covered|coverage|covers|claim|claims|"
    r"prescription|refill|refills|kit|carry|price|prices|cost|costs|discount|numero|"
    r"patients (?:with|who)|people (?:with|who)|members? (?:with|who)|"
    r"turned out|went to the er|was in the hospital|was hospitalized|ended up in|not having)\b")
# ... and, for medical events only, words that make them hypothetical: "call 911 if I ever have chest pain".
_HYPOTHETICAL = re.compile(
    r"\b(?:if it is|if there is|if (?:i|you|he|she|they|we|a patient|someone|my \w+) (?:ever|have|has|get|gets|think|feel|start|need|"
    r"am|is|was|call|calls|go|goes|went|use|uses|had)|what happens|in case|what if|when should|should (?:i|we|patients|they|a patient|members) call|when to|"
    r"what number|is it (?:ok|okay) to call|worry|worrying|worried|afraid of|scared of|fear of|nervous about)\b")
_NOT_NOW_WEAK = re.compile(r"\b(?:had (?:a|an|my|his|her|two|three|several)|has had|have had|after (?:my|his|"
                           r"her|their|a|an|the)|since (?:my|his|her|their|a|an|the)|last (?:week|month)|"
                           r"in (?:january|february|march|april|may|june|july|august|september|october|"
                           r"november|december))\b")
_NOW = re.compile(r"\b(?:just (?:now|happened|took|had|fell|collapsed|swallowed|started)|right now|now|currently|happening|think (?:i|he|she) (?:am|is) having|am having|"
                  r"is having|are having|minutes ago|an hour ago|hours ago|this morning|tonight|today|again|still|"
                  r"is back|have been|has been|for (?:\w+ )?(?:hours|minutes|an hour|a few minutes))\b|"
                  r"(?:i am|he is|she is|they are|we are|someone is)$")
_CONTEXT_WORDS = 7
# The writer says they are safe; unless a means or a time is named, a crisis reading becomes distress.
_DISCLAIMER = re.compile(r"\b(?:not like that|not in that way|not in a suicidal way|i am safe|i am not in danger|"
                         r"not going to do anything|not going to hurt myself|i would never (?:do|hurt|kill))\b")
_MEANS = re.compile(r"\b(?:pills|gun|guns|rope|knife|razor|blade|bridge|roof|tonight|plan|overdose|jump)\b")
# What follows a match that makes it a figure of speech.
_IDIOM = re.compile(r" (?:of (?:boredom|embarrassment|laughter|shame|old age|curiosity)|laughing|from laughing|"
                    r"than (?:use|using|go(?! on)|going(?! on)|call|calling|wait|waiting|deal|do|doing|eat|pay|talk|sit|fill|"
                    r"sign|log|read|try|join))")
# A means at hand and an intention or a time, anywhere in one message, together read as a crisis.
_MEANS_AT_HAND = re.compile(
    r"\b(?:(?<!end of my )(?<!end of the )rope|cord|noose|belt around|gun|guns|pistol|firearm|revolver|shotgun|rifle|"
    r"exhaust|hose|train tracks|"
    r"the tracks|train platform|platform|bridge|overpass|rooftop|the roof|ledge|charcoal|toaster|blade|razor|"
    r"(?:all|every|whole|entire|enough|the rest of|handful of|bottle of|boxes of|bowl of|all of) (?:my |the |his |her )?"
    r"(?:\w+ )?(?:pills|tablets|meds|insulin|pens|percocet|oxy|oxycodone|sleeping pills|tylenol)|pills (?:in hand|"
    r"in my hand|are open|open|lined up)|(?:pills|tablets) {_W}{0,4}(?:tonight|now))\b".replace("{_W}", _W))
_INTENT = re.compile(
    r"\b(?:tonight|tomorrow|today|now or never|going to|gonna|planning|planned|plan is|decided|i am ready|ready|"
    r"it is over|be over|do it|goodbye|bye|sorry|the end|last (?:day|night|time|login|message)|get through|working up|"
    r"after (?:dinner|work|my shift|this)|this (?:friday|saturday|sunday|monday|week|weekend)|on (?:monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)|no more|not getting off|step closer|either way|anyway|already)\b")
# Later in the sentence, only these say the event is going on: "... and my arm has been numb for the last hour".
_NOW_LATER = re.compile(r"\b(?:has been|have been|right now|currently|at the moment|for the (?:last|past) (?:\w+ )?"
                        r"(?:hour|hours|minutes)|for (?:\w+ )?(?:hours|minutes|an hour))\b")
