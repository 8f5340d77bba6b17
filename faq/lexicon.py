"""Word tables used by the text analyzer: spellings, synonyms and stop words.

All keys are written in plain lower-case English; `faq.text` stems them with the same
stemmer it applies to questions, so "enrolled", "enrolling" and "enrol" all reach the
same entry. Values of SYNONYMS are *concepts*: final tokens that are never stemmed or
mapped again, so two phrasings of one idea meet on the same token.
"""
from __future__ import annotations

# Token-level fixes applied before anything else: common misspellings, texting
# shorthand and apostrophe-less contractions. A value may hold several words.
SPELLING: dict[str, str] = {
    # contractions typed without an apostrophe
    "cant": "can not", "cannot": "can not", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "wont": "will not", "wouldnt": "would not", "shouldnt": "should not", "havent": "have not",
    "im": "i am", "ive": "i have", "id": "i would", "ill": "i will", "whats": "what is",
    "hows": "how is", "wheres": "where is", "whos": "who is", "theres": "there is",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "lemme": "let me",
    # texting shorthand
    "u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks", "ty": "thanks",
    "pt": "patient", "pts": "patients", "mbr": "member", "dob": "date of birth", "w": "with",
    "info": "information", "birthday": "date of birth", "birthdate": "date of birth", "prog": "program", "programme": "program", "programmes": "programs",
    "wat": "what", "wht": "what", "r": "are", "hw": "how", "abt": "about",
    # frequent misspellings (the analyzer also corrects unknown words against the vocabulary)
    "enrol": "enroll", "enrolment": "enrollment", "enrolement": "enrollment", "enroling": "enrolling",
    "unenrol": "unenroll", "disenrol": "disenroll",
    "withdrawl": "withdrawal", "withdrawel": "withdrawal",
    "diabetis": "diabetes", "diabeties": "diabetes", "diebetes": "diabetes",
    "coordinater": "coordinator", "cordinator": "coordinator", "coordinatior": "coordinator",
    "pasword": "password", "passwrod": "password", "passowrd": "password", "pw": "password",
    "pwd": "password", "passwd": "password",
    "eligable": "eligible", "elegible": "eligible", "eligibilty": "eligibility",
    "verfy": "verify", "verifiy": "verify", "verfiy": "verify",
    "quiting": "quitting", "smokeing": "smoking",
    "docter": "doctor", "doctr": "doctor", "phsyician": "physician", "physican": "physician",
    "managment": "management", "mangement": "management",
    "torrence": "torrance", "preventative": "preventive",
    "pian": "pain", "unconcious": "unconscious", "breating": "breathing", "bleading": "bleeding",
    "colaborative": "collaborative", "collaboritive": "collaborative",
    "registar": "register", "regester": "register",
    "progam": "program", "porgram": "program", "programm": "program", "pogram": "program",
    "gol": "goal", "gols": "goals", "hart": "heart", "chek": "check", "chk": "check",
    "ment": "meant", "tokn": "token", "acct": "account", "accout": "account", "acount": "account",
    "coordinaters": "coordinators", "cordinators": "coordinators", "diabetic's": "diabetic",
    # first letters the corrector keeps, and shorthand of office staff and older writers
    "apointment": "appointment", "appt": "appointment", "wen": "when", "ther": "there", "askign": "asking",
    "chnage": "change", "cahnge": "change", "manger": "manager", "mgmt": "management", "mgr": "manager",
    "recieve": "receive", "recieved": "received", "pharmacys": "pharmacies", "perscription": "prescription",
    "eligiblity": "eligibility", "prov": "provider", "provs": "providers",
    "docs": "doctors", "acces": "access", "attrib": "attribution", "pcp's": "pcp", "npis": "npi",
}

# Words the stemmer leaves alone because their form carries meaning: "enrolled" is a
# state (am I in it?), "enroll" an action (how do I join?).
UNSTEMMED: frozenset[str] = frozenset({"enrolled", "enrollments", "joined", "signed"})

# US states: a state's name means "where is the program", i.e. the directory.
US_STATES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii "
    "idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan "
    "minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania "
    "tennessee texas utah vermont virginia washington wisconsin wyoming"
).split() + [
    "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
    "rhode island", "south carolina", "south dakota", "west virginia", "district of columbia",
]

# Phrases (one to four words) mapped to a concept. The longest phrase wins, so
# "quit smoking" is tobacco while "quit the program" keeps "quit".
SYNONYMS: dict[str, str] = {
    # the program itself and accountable care
    "collaborative care": "collabcare", "collaborative accountable care": "collabcare",
    "collab care": "collabcare", "cac": "collabcare",
    "accountable care organization": "aco", "accountable care organizations": "aco",
    "aco": "aco", "acos": "aco",
    "patient centered medical home": "pcmh", "patient centred medical home": "pcmh",
    "medical home": "pcmh", "pcmh": "pcmh",
    "triple aim": "goal", "goal": "goal", "aim": "goal", "objective": "goal", "purpose": "goal",
    "point": "goal", "mission": "goal", "outcome": "goal",
    "how many": "size", "how big": "size", "number of": "size", "size": "size", "total": "size",
    "directory": "directory", "list of programs": "directory", "map": "directory",
    "near me": "directory", "near": "directory", "nearby": "directory", "in my area": "directory",
    "browse": "directory", "search programs": "directory", "filter": "directory", "state": "state",
    **{name: "state" for name in US_STATES},
    "healthcare partners": "healthcarepartners", "health care partners": "healthcarepartners",
    "healthcare partner": "healthcarepartners",
    # people and roles
    "primary care physician": "pcp", "primary care doctor": "pcp", "primary care provider": "pcp",
    "primary doctor": "pcp", "family doctor": "pcp", "regular doctor": "pcp", "gp": "pcp",
    "general practitioner": "pcp", "pcp": "pcp",
    "doctor": "doctor", "doc": "doctor", "physician": "doctor", "dr": "doctor", "md": "doctor",
    "care coordinator": "coordinator", "coordinator": "coordinator", "nurse coordinator": "coordinator",
    "care manager": "coordinator", "care team": "careteam",
    "case manager": "casemanager", "case management": "casemanager", "case mgr": "casemanager",
    "registered nurse": "rn", "nurse": "rn", "rn": "rn",
    "npi": "npi", "national provider identifier": "npi",
    "independent practice association": "ipa", "independent physician association": "ipa",
    "ipa": "ipa", "physician hospital organization": "pho", "pho": "pho",
    "practice": "group", "medical group": "group", "physician group": "group", "clinic": "group",
    "group": "group",
    "human": "human", "person": "human", "agent": "human", "representative": "human",
    "rep": "human", "someone": "human", "somebody": "human", "real person": "human",
    "live person": "human", "customer service": "support", "help desk": "support",
    "helpdesk": "support", "support": "support", "tech support": "support",
    # specialties
    "cardiology": "cardiology", "cardiologist": "cardiology",
    "oncology": "oncology", "oncologist": "oncology", "cancer": "oncology",
    "orthopedics": "orthopedics", "orthopedic": "orthopedics", "orthopaedic": "orthopedics",
    "ortho": "orthopedics", "gastroenterology": "gastro", "gastroenterologist": "gastro",
    "gastro": "gastro", "gi": "gastro", "obstetrics gynecology": "obgyn", "ob gyn": "obgyn",
    "obgyn": "obgyn", "obstetrics": "obgyn", "gynecology": "obgyn", "gynecologist": "obgyn",
    "specialist": "specialist", "specialty": "specialist", "speciality": "specialist",
    "specialties": "specialist",
    # care programs
    "quit smoking": "tobacco", "stop smoking": "tobacco", "quit vaping": "tobacco",
    "stop vaping": "tobacco", "smoking": "tobacco", "smoke": "tobacco", "smoker": "tobacco",
    "cigarette": "tobacco", "cig": "tobacco", "vape": "tobacco", "vaping": "tobacco",
    "e cig": "tobacco", "nicotine": "tobacco", "chew": "tobacco", "cigar": "tobacco",
    "juul": "tobacco", "tobacco": "tobacco", "cessation": "tobacco",
    "lose weight": "weight", "losing weight": "weight", "weight loss": "weight", "weight": "weight",
    "overweight": "weight", "obese": "weight", "obesity": "weight", "diet": "weight",
    "bmi": "weight", "pound": "weight", "lbs": "weight",
    "stress": "stress", "stressed": "stress", "anxiety": "stress", "anxious": "stress",
    "overwhelmed": "stress", "burnout": "stress", "burned out": "stress", "coping": "stress",
    "cope": "stress",
    "diabetes": "diabetes", "diabetic": "diabetes", "blood sugar": "diabetes", "sugar": "diabetes",
    "a1c": "diabetes", "glucose": "diabetes", "prediabetes": "diabetes", "type 1": "diabetes",
    "type 2": "diabetes",
    "heart": "heart", "cardiac": "heart", "cardio": "heart", "cardiovascular": "heart",
    "heart failure": "heart", "heart attack": "heart", "heart disease": "heart", "blood pressure": "heart",
    "hypertension": "heart", "cholesterol": "heart", "chf": "heart", "coronary": "heart",
    "chronic": "chronic", "chronic disease": "chronic", "chronic condition": "chronic",
    "chronic illness": "chronic", "long term": "chronic", "ongoing": "chronic",
    "disease management": "chronic", "illness": "chronic",
    "lifestyle": "lifestyle", "wellness": "lifestyle", "healthy living": "lifestyle",
    "habit": "lifestyle",
    "screening": "screening", "preventive": "screening", "prevention": "screening",
    "mammogram": "screening", "colonoscopy": "screening", "checkup": "screening",
    "check up": "screening", "follow up": "followup", "followup": "followup",
    "education": "education", "educational": "education", "material": "education",
    "resource": "education", "handout": "education", "brochure": "education",
    "reading material": "education", "learn": "education",
    # enrolling and leaving
    "enroll": "enroll", "enrollment": "enroll", "join": "enroll", "sign up": "enroll",
    "signup": "enroll", "opt in": "enroll",
    "enrolled": "enrolled", "enrollments": "enrolled", "joined": "enrolled", "signed up": "enrolled",
    "get signed up": "enroll", "getting signed up": "enroll",
    "who can join": "eligible", "who can enroll": "eligible", "who can sign up": "eligible",
    "who can participate": "eligible", "can anyone": "eligible",
    "withdraw": "withdraw", "withdrawal": "withdraw", "unenroll": "withdraw",
    "disenroll": "withdraw", "cancel": "withdraw", "opt out": "withdraw", "drop out": "withdraw",
    "leave": "withdraw", "stop": "withdraw", "get out": "withdraw", "unsubscribe": "withdraw",
    "quit the program": "withdraw", "quit a program": "withdraw", "quit program": "withdraw",
    "eligible": "eligible", "eligibility": "eligible", "elig": "eligible", "qualify": "eligible",
    "qualified": "eligible", "requirement": "eligible",
    "status": "status", "confirmation": "confirmation", "currently": "status", "already": "status",
    "still": "status", "so far": "status", "go through": "status", "went through": "status",
    "my program": "myprograms", "am i in": "membership", "i am in": "membership",
    "am i part of": "membership", "am i a part of": "membership", "am i covered by": "membership",
    "next": "after", "afterward": "after", "after": "after", "now what": "after", "what now": "after",
    # offices
    "verify": "verify", "verification": "verify", "check": "verify", "confirm": "verify",
    "validate": "verify", "look up": "lookup", "lookup": "lookup",
    "attribution": "attribution", "attributed": "attribution", "attrib": "attribution",
    "assigned": "attribution", "assign": "attribution",
    "roster": "roster", "panel": "roster", "patient list": "roster", "member list": "roster",
    "batch": "batch", "bulk": "batch", "mass": "batch", "at once": "batch",
    "in one go": "batch", "many patients": "batch",
    "api": "api", "api key": "api", "api token": "api", "endpoint": "api", "openapi": "api",
    "integration": "api", "integrate": "api", "interface": "api", "ehr": "api",
    "participate": "participate", "participation": "participate", "participating": "participate",
    "in network": "participate", "take part": "participate",
    "not found": "notfound", "no match": "notfound", "no result": "notfound",
    "fail": "problem", "failed": "problem", "error": "problem", "not working": "problem",
    "does not work": "problem", "returned nothing": "problem", "came back empty": "problem",
    "pay for value": "payforvalue", "p4v": "payforvalue", "value based": "payforvalue",
    "payment": "payment", "paid": "payment", "compensate": "payment", "compensation": "payment",
    "reimburse": "payment", "reimbursement": "payment", "incentive": "payment",
    "bonus": "payment", "reward": "payment", "fee for service": "payment",
    "quality": "quality", "measure": "measure", "metric": "measure", "target": "measure",
    "hedis": "measure", "benchmark": "measure", "kpi": "measure", "performance": "measure",
    # money for patients
    "cost": "cost", "price": "cost", "fee": "cost", "charge": "cost", "bill": "cost",
    "free": "cost", "expensive": "cost", "money": "cost", "out of pocket": "cost",
    "copay": "cost", "co pay": "cost", "deductible": "cost", "premium": "cost", "pay": "cost",
    # accounts
    "register": "register", "registration": "register", "create account": "register",
    "new account": "register", "set up an account": "register", "make an account": "register",
    "account": "account", "acct": "account", "profile": "account", "setting": "account",
    "get into my account": "login", "get in to my account": "login", "get into the portal": "login",
    "get into the site": "login", "get back in": "login", "get in to the portal": "login",
    "log in": "login", "login": "login", "sign in": "login", "signin": "login", "log on": "login",
    "logon": "login", "logged in": "login",
    "password": "password", "pass word": "password", "passcode": "password",
    "locked out": "lockout", "locked": "lockout", "lock out": "lockout", "lockout": "lockout",
    "forgot": "forgot", "forget": "forgot", "forgotten": "forgot", "remember": "forgot",
    "reset": "reset", "recover": "reset",
    "privacy": "privacy", "private": "privacy", "confidential": "privacy", "hipaa": "privacy",
    "secure": "privacy", "security": "privacy", "safe": "privacy",
    "data": "data", "information": "data", "record": "data", "detail": "data",
    "contact": "contact", "reach": "contact", "call": "contact", "phone": "contact",
    "email": "contact", "e mail": "contact", "talk to": "contact", "speak with": "contact",
    "speak to": "contact", "talk with": "contact", "get in touch": "contact",
    "get hold of": "contact", "message": "contact",
    # the portal and this assistant
    "portal": "portal", "website": "portal", "site": "portal", "web site": "portal",
    "assistant": "assistant", "bot": "assistant", "chatbot": "assistant", "robot": "assistant",
    "ai": "assistant", "what can you do": "assistant", "who are you": "assistant",
    "what can you help with": "assistant", "ask you": "assistant",
    "keep up": "followup", "keep up with": "followup", "keep": "keep", "stay with": "keep",
    "same": "keep", "still see": "keep",
    "change": "change", "switch": "change", "different": "change", "new": "change",
    "benefit": "benefit", "advantage": "benefit", "in it for me": "benefit",
    "get out of this": "benefit", "get out of it": "benefit", "most out of": "benefit",
    "end up": "attribution", "ended up": "attribution", "put in": "attribution", "placed in": "attribution",
    "role": "role", "job": "role", "responsibility": "role", "what do they do": "role",
    "what does she do": "role", "what does he do": "role",
    "employ": "employ", "employed": "employ", "employer": "employ", "work for": "employ",
    "hospital": "hospital", "find my program": "findmyprogram",
    "what can i do here": "portal", "what can i do on here": "portal",
    "insurance": "plan", "insurer": "plan", "payer": "plan", "health plan": "plan",
    # how people really ask: purpose, who it is for, definitions
    "accomplish": "goal", "achieve": "goal", "trying to do": "goal", "hope to": "goal",
    "was created": "goal", "was it created": "goal", "was this created": "goal",
    "was this program created": "goal", "why does it exist": "goal", "intended": "goal",
    "meant for": "benefit", "best for": "benefit", "good for": "benefit", "right for": "benefit",
    "designed for": "benefit", "mainly for": "benefit", "who is it for": "benefit",
    "worth it": "benefit", "how will this help": "benefit", "how does this help": "benefit",
    "how would this help": "benefit", "will this help": "benefit", "how can this help": "benefit",
    "define": "explain", "definition": "explain", "explain": "explain", "explanation": "explain",
    "overview": "explain", "simple terms": "explain", "plain terms": "explain",
    "plain english": "explain", "in a nutshell": "explain", "hear about": "explain",
    "heard about": "explain", "keep hearing": "explain", "heard of": "explain",
    "what does it mean": "explain", "what does that mean": "explain",
    # leaving a program, keeping a doctor
    "take me off": "withdraw", "take off": "withdraw", "remove me": "withdraw",
    "drop this": "withdraw", "drop my": "withdraw", "drop the": "withdraw", "quit this": "withdraw",
    "quit my": "withdraw", "quit it": "withdraw", "quit the": "withdraw", "discontinue": "withdraw", "end my": "withdraw",
    "no longer want": "withdraw", "not interested anymore": "withdraw", "back out": "withdraw",
    "get out of the program": "withdraw", "get out of a program": "withdraw",
    "leave my doctor": "keep", "lose my doctor": "keep", "give up my doctor": "keep",
    "stop seeing": "keep", "keep seeing": "keep", "still go to": "keep",
    # the assistant itself vs a person
    "are you a real person": "assistant", "are you a person": "assistant", "are you human": "assistant",
    "are you a human": "assistant", "are you real": "assistant", "are you a bot": "assistant",
    "are you a robot": "assistant", "is this a bot": "assistant", "is this a real person": "assistant",
    "am i talking to a bot": "assistant", "am i talking to a person": "assistant",
    "am i talking to a human": "assistant", "am i chatting with": "assistant", "automated": "assistant",
    # portal accounts and who sees what
    "sign up for an account": "register", "sign up for the portal": "register",
    "sign up page": "register", "account sign up": "register", "sign up for the site": "register",
    "new hire": "staff", "coworker": "staff", "co worker": "staff", "colleague": "staff",
    "front desk": "staff", "office staff": "staff", "staff": "staff", "team member": "staff",
    "receptionist": "staff", "office manager": "staff",
    "sell": "share", "share": "share", "shared": "share", "sharing": "share", "give out": "share",
    "audit": "audit", "audited": "audit", "audit trail": "audit", "is it logged": "audit",
    "get logged": "audit", "are logged": "audit", "tracked": "audit", "monitored": "audit",
    "see my information": "privacy", "see my records": "privacy", "see my data": "privacy",
    "access my information": "privacy", "access my records": "privacy", "pull up my records": "privacy",
    "look at my records": "privacy", "view my records": "privacy", "see my diagnosis": "privacy",
    "diagnosis": "data", "diagnoses": "data", "medical record": "data", "chart": "data",
    "health record": "data",
    # conditions
    "kidney": "chronic", "copd": "chronic", "asthma": "chronic", "arthritis": "chronic",
    "ckd": "chronic", "chronic kidney disease": "chronic", "lung disease": "chronic",
    "part of": "participate",
    # caregivers and older patients: letters, scams, someone else's enrollment
    "letter": "letter", "flyer": "letter", "flier": "letter", "mailer": "letter", "notice": "letter",
    "paperwork": "letter", "packet": "letter", "welcome packet": "letter", "in the mail": "letter",
    "scam": "legit", "legit": "legit", "legitimate": "legit", "fraud": "legit", "real thing": "legit",
    "get off": "withdraw", "get him off": "withdraw", "get her off": "withdraw", "get them off": "withdraw",
    "get me off": "withdraw", "take him off": "withdraw", "take her off": "withdraw", "take them off": "withdraw",
    "take him out": "withdraw", "take her out": "withdraw", "take me out": "withdraw", "take them out": "withdraw",
    "off the program": "withdraw", "off of the program": "withdraw", "out of the program": "withdraw",
    "how do i get out of it": "withdraw", "how do we get out of it": "withdraw", "opt him out": "withdraw",
    "opt her out": "withdraw", "sign him up": "enroll", "sign her up": "enroll", "sign them up": "enroll",
    "sign my": "enroll", "sign me up": "enroll", "enroll my": "enroll", "enroll him": "enroll", "enroll her": "enroll",
    "enroll them": "enroll", "sign them back up": "enroll", "sign her back up": "enroll", "sign him back up": "enroll",
    "get them out": "withdraw", "get them out of": "withdraw",
    "wait management": "weight", "wait loss": "weight", "loose weight": "weight",
    # what is kept about a person
    "log": "audit", "logged": "audit", "log into": "login", "log onto": "login", "logged into": "login",
    "log back in": "login", "logged out": "login", "log out": "login", "logged me out": "login",
    "sign into": "login", "sign on": "login", "store": "audit", "stored": "audit", "recorded": "audit",
    "keep track": "followup", "keep track of": "followup",
    # office staff and IT
    "270": "eligible", "271": "eligible", "270 271": "eligible", "eligibility check": "eligible",
    "token": "api", "bearer": "api", "oauth": "api", "client secret": "api", "api credential": "api",
    "web service": "api", "call your system": "api", "hit your api": "api",
    "sftp": "csv", "ftp": "csv", "csv": "csv", "spreadsheet": "csv", "excel": "csv", "xlsx": "csv",
    "file upload": "csv", "flat file": "csv",
    "sso": "access", "single sign on": "access", "active directory": "access", "okta": "access",
    "user account": "access", "office account": "access",
    # who a program is for, however it is worded ("who this program helps the most", "for who is it")
    "helps the most": "benefit", "help the most": "benefit", "helps most": "benefit", "most helpful": "benefit",
    "most useful": "benefit", "useful for": "benefit", "helpful for": "benefit", "kind of patients": "benefit",
    "kind of people": "benefit", "type of patients": "benefit", "types of patients": "benefit",
    "meant to help": "benefit", "who is this for": "benefit", "for who": "benefit", "for whom": "benefit",
    # which programs there are (not how to join one): "what programs i can join"
    "programs can i join": "catalog", "programs i can join": "catalog", "programs can we join": "catalog",
    "programs can he join": "catalog", "programs can she join": "catalog", "programs can i sign up for": "catalog",
    "programs i can sign up for": "catalog", "programs can i enroll in": "catalog", "programs i can enroll in": "catalog",
    "programs are there": "catalog", "programs there are": "catalog", "programs do you have": "catalog",
    "programs do you offer": "catalog", "programs are offered": "catalog", "programs are available": "catalog",
    "this program help": "benefit", "the program help": "benefit", "program help me": "benefit",
    "program helps me": "benefit", "collaborative care help me": "benefit",
    "able to see": "privacy", "be able to see": "privacy",
    "get attributed": "getattributed", "gets attributed": "getattributed", "got attributed": "getattributed",
    "get assigned": "getattributed", "gets assigned": "getattributed", "got assigned": "getattributed",
    "become attributed": "getattributed", "becomes attributed": "getattributed",
    "big": "size", "small": "size", "this page": "portal",
    "make account": "register", "make a account": "register", "make me an account": "register",
    "open an account": "register", "open account": "register", "get an account": "register",
    "i am logged in": "signedin", "once i am logged in": "signedin", "while logged in": "signedin",
    "already logged in": "signedin", "when i am logged in": "signedin", "already signed in": "signedin",
    "i am signed in": "signedin", "while signed in": "signedin",
    "it is wrong": "problem", "says wrong": "problem", "is wrong": "update", "are wrong": "update", "show wrong": "update", "shows wrong": "update",
    "is incorrect": "update", "incorrect": "update", "fix my": "update", "correct my": "update",
    "can anybody": "eligible", "anybody can": "eligible", "anyone can": "eligible", "only some people": "eligible",
    "only for certain": "eligible", "certain patients": "eligible", "certain people": "eligible",
    "stress management": "stress", "weight management": "weight", "lifestyle management": "lifestyle",
    "life style": "lifestyle", "life style management": "lifestyle",
    "lose him": "keep", "lose her": "keep", "lose my doc": "keep", "lose my pcp": "keep",
    "nobody contact": "after", "nobody contacted": "after", "no one contacted": "after", "nobody called": "after",
    "no one called": "after", "nobody reach out": "after", "nobody reached out": "after", "not heard from": "after",
    "is what exactly": "explain",
    "who is my care coordinator": "name", "who is my coordinator": "name", "who is my nurse": "name",
    "who my care coordinator is": "name", "who my coordinator is": "name", "name of my coordinator": "name",
    "automatically": "automatic", "auto": "automatic",
    "never signed up": "notsignedup", "never sign up": "notsignedup", "did not sign up": "notsignedup",
    "never asked": "notsignedup", "without asking": "notsignedup", "never agreed": "notsignedup",
    "never joined": "notsignedup", "did not join": "notsignedup", "never enrolled": "notsignedup",
    "contact us": "support", "call for help": "support", "help line": "support", "helpline": "support",
    "not a bot": "human", "not a robot": "human", "not a machine": "human",
    "address or diagnosis": "privacy", "address and diagnosis": "privacy", "diagnosis or address": "privacy",
    "catalog": "catalog", "all the care programs": "catalog",
    "all care programs": "catalog", "all the health programs": "catalog", "every program": "catalog",
    # second-language and phone wording
    "stop to smoke": "tobacco", "quit to smoke": "tobacco", "stop smoke": "tobacco", "quit smoke": "tobacco",
    "stop to vape": "tobacco", "cardiac disease": "heart", "heart problem": "heart", "heart condition": "heart",
    "get logged in": "login", "get logged on": "login", "active": "status", "inactive": "status",
    "who is allowed to": "eligible", "allowed to join": "eligible", "allowed to enroll": "eligible",
    "save": "audit", "saved": "audit", "what i type": "audit", "what i write": "audit",
    # what the portal does
    "do on this site": "portaluse", "do on this website": "portaluse", "do on this portal": "portaluse",
    "do on the site": "portaluse", "do on the portal": "portaluse", "do on here": "portaluse",
    "feature": "portaluse", "use this site for": "portaluse", "use this portal for": "portaluse",
    "help with the portal": "support", "help with the site": "support", "help with the website": "support",
    "portal help": "support", "site help": "support",
}

# Phrases that carry no question at all ("I keep getting", "side question"): dropped like stop words.
FILLER_PHRASES: tuple[str, ...] = (
    "keep getting", "keep saying", "keeps saying", "keep missing", "keep happening", "keep trying",
    "keep telling", "keep asking", "side question", "also unrelated", "not sure", "no idea", "no clue",
    "a couple of", "a bunch of", "a lot of", "at some point", "right now", "for years", "in a while",
)

# Words that never decide a match on their own: they are dropped after synonyms.
STOP_WORDS: frozenset[str] = frozenset("""
    a an the i me my mine myself we us our ours you your yours he him his she her hers
    they them their it its this that these those there here is are was were be been being
    am do does did doing done have has had having will would shall should can could may
    might must to of in on at by for with from about as into like through over under up
    down out off and or but if so than too very just also any some all each every what
    which who whom whose when where why how please hi hello hey thanks thank ok okay yes
    no get got go going know tell want need really actually basically maybe question
    ask wondering wonder help something thing stuff one much many more most well now
    right today use using let make way again anymore else other own
    see show find give say said sure possible able exactly etc lol via per yet available
    offer offered provide exist special last year years month months week weeks day days ago
    recently yesterday tonight
    mother mom mommy mum father dad daddy husband wife spouse son daughter kid kids child children
    grandson granddaughter grandchild grandkids niece nephew sister brother aunt uncle grandma grandpa
    grandmother grandfather parent parents family friend neighbor lady gal girl guy fellow woman man
    honestly lately somewhere anywhere anything everything mention mentioned mentions suppose supposed
    think thought guess even though mainly mostly mostly separately unrelated completely totally
    literally probably definitely certainly
""".split())

# Everyday words that are not the knowledge base's but are real words, so the spelling
# corrector never turns them into one ("weather" is not "whether", "dental" not "detail",
# "father" not "faster", "ready" not "read"). Stemmed like everything else.
COMMON_WORDS: frozenset[str] = frozenset("""
    weather whether tomorrow recipe bread stock price company copy cream dental dentist director
    directly father mother sister brother daughter husband wife grandson granddaughter niece nephew
    ready physical speech sting officer browser short closer smaller enter fever great angel sound
    stack medicare medicaid asking unrelated connection recognition recovery newborn baby gym
    membership printer network meaning life therapist urgent appointment schedule pension income
    social security retired retirement dementia pneumonia knee surgery surgeon stomach prostate
    assisted living tablet computer phone voicemail flyer mailer packet paperwork envelope card
    newsletter board huddle supervisor manager boss vendor window desk line morning afternoon
    evening tonight weekend saturday sunday monday friday spring summer winter fall
""".split())

# "my mother", "her husband": who a question is for never decides what it asks. Before synonym
# phrases are matched, a possessive and one of these words read as "them", so "take my mom off
# the program" meets "take them off" and "sign my dad up" meets "sign them up".
POSSESSIVES: frozenset[str] = frozenset({"my", "our", "his", "her", "their", "your"})
RELATIVES: frozenset[str] = frozenset("""
    mother mom mommy mum father dad daddy husband wife spouse son daughter kid child children grandson
    granddaughter grandchild grandkid niece nephew sister brother aunt uncle grandma grandpa grandmother
    grandfather parent family friend neighbor
""".split())

# Concepts that name what to do about a program (join it, leave it, pay for it, check it), and
# concepts that name which program. When a question holds both, the program named is the
# object of the action ("how do I enroll in the diabetes program" asks how to enroll), so its
# words count for less (Settings.object_weight).
ACTION_CONCEPTS: frozenset[str] = frozenset({"enroll", "withdraw", "cost", "enrolled", "status", "eligible"})
PROGRAM_CONCEPTS: frozenset[str] = frozenset({"diabetes", "heart", "stress", "weight", "tobacco", "lifestyle",
                                               "chronic"})
