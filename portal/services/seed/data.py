"""The seed's fixed data: scales, anchor dates, shares, the real arrangement from the source
documents, the clinical program catalog and consent, states, group names and people."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any


SCALES = ("demo", "full")
DEFAULT_RNG_SEED = 20130401
BATCH_SIZE = 50_000
PROGRESS_EVERY = 250_000


class SeedError(Exception):
    """The seed cannot run: unknown scale, or the database already holds data."""


@dataclass(frozen=True)
class _ProviderTotals:
    primary_care: int
    specialist_groups: int  # specialists in the specialist arrangements' groups
    other_specialists: int  # specialists in primary care groups (multi-specialty groups and the like)


@dataclass(frozen=True)
class _Scale:
    members: int
    # Exact totals; None gives a dozen or so providers per program (demo).
    providers: _ProviderTotals | None
    # One care coordinator per this many expected members (at least two per group);
    # None gives two to four per group (demo).
    members_per_coordinator: int | None


_SCALES = {
    "demo": _Scale(5_000, None, None),
    # The source documents: more than 144,000 doctors (more than 81,000 primary care and
    # nearly 63,000 specialists) and more than 2.65 million customers.
    "full": _Scale(2_650_000, _ProviderTotals(81_100, 14_000, 48_900), 1_500),
}

# --- anchor dates -----------------------------------------------------------------------

ATTRIBUTIONS_AS_OF = date(2026, 1, 1)  # current attributions start on or before this day
_LAST_PAST_DAY = date(2025, 12, 31)  # ended periods (participations, attributions) end by then
_LAST_PARTICIPATION_START = date(2025, 6, 30)
_CONSENT_EFFECTIVE = datetime(2026, 1, 1, tzinfo=timezone.utc)
_ENROLLMENTS_FROM = datetime(2026, 1, 2, tzinfo=timezone.utc)
_ENROLLMENT_SPAN_SECONDS = int((datetime(2026, 10, 1, tzinfo=timezone.utc) - _ENROLLMENTS_FROM).total_seconds())
# Members born by this day are 18 or older on every possible enrollment date.
_ADULT_BORN_BY = date(2008, 1, 1).toordinal()
_DOB_RANGES = ((date(1935, 1, 1), date(1960, 12, 31)), (date(1961, 1, 1), date(2024, 12, 31)))

# --- shares -----------------------------------------------------------------------------

_ENDED_PROGRAM_COUNT = (6, 1)  # (primary care, specialist) arrangements that have ended
_PARTICIPATION_ENDED_SHARE = 0.05
_SECOND_PARTICIPATION_SHARE = 0.03
_MEMBER_ENDED_ONLY_SHARE = 0.02  # members with no current attribution, only an ended one
_MEMBER_EARLIER_SHARE = 0.03  # current members who also have an earlier, ended attribution
_ENROLLING_SHARE = 0.06  # of adults with a current attribution to a program offering any
_SPECIALIST_MEMBER_WEIGHT = 0.2  # specialist arrangements are attributed fewer members

# --- the real arrangement from the source documents --------------------------------------

HCP_ORGANIZATION = "HealthCare Partners Medical Group"
HCP_SLUG = "healthcare-partners-medical-group-torrance-ca"
_HCP_PROGRAM = "Cigna Collaborative Accountable Care (CAC) Program - HealthCare Partners Medical Group"
_HCP_SUMMARY = (
    "Cigna and HealthCare Partners Medical Group in Southern California launched a collaborative "
    "accountable care initiative to improve patient access to healthcare, enhance care coordination, and "
    "achieve the \u201ctriple aim\u201d of improved health, affordability and patient experience. The "
    "program became effective April 1, 2013.\n\n"
    "Under the program, patients continue to go to their current physician and care team and benefit from "
    "preventive care programs and disease management programs. HealthCare Partners monitors and coordinates "
    "all aspects of a patient's medical care. Patients most likely to see immediate benefits from the "
    "program are those actively engaged with their care teams and those who need help managing chronic "
    "conditions, such as diabetes or heart disease. Critical to the program's benefits is HealthCare "
    "Partners' coordinated care model supported by a wide array of resources.\n\n"
    "The principles of the patient-centered medical home are the foundation of Cigna's collaborative "
    "accountable care initiatives. Cigna then builds on that foundation with a strong focus on "
    "collaboration and communication with physician practices."
)
_HCP_CARE_COORDINATION = (
    "The HealthCare Partners care management team is aligned to a team of Cigna case managers to ensure a "
    "high degree of collaboration when needed. All aimed at improving the health of the individual, "
    "HealthCare Partners clinical programs include disease management programs for diabetes, heart disease "
    "and other conditions or lifestyle management programs, such as programs for tobacco cessation, weight "
    "management and stress management."
)
_HCP_PAYMENT_MODEL = (
    "Cigna will compensate HealthCare Partners Medical Group for the medical and care coordination services "
    "they provide. Additionally, they will be rewarded through a \u201cpay for value\u201d structure for "
    "meeting targets for improving quality and lowering medical costs."
)

# --- clinical program catalog and consent -------------------------------------------------

_LEAVE_ANY_TIME = (
    "You can leave at any time from My programs in the patient area, or by telling your care coordinator. "
    "Leaving does not change your health plan benefits or the care you get from your doctor."
)
_AFTER_JOINING = (
    "Your care coordinator will contact you the way you chose (phone, e-mail or portal message) to "
    "{first_step}. You can change how and when you are contacted at any time."
)
_ELIGIBILITY = {"min_age": 18, "requires_attribution": True}
# (code, name, category, summary, description, audience, first step after joining)
_CLINICAL_PROGRAMS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "weight-management", "Weight management", "lifestyle",
        "Coaching and practical tools to help you reach and keep a healthier weight.",
        "A coach works with you on small, practical changes to eating, activity and daily habits, at your own "
        "pace. You set the goals; your coach helps you track your progress and adjust the plan when life gets "
        "in the way. Your care coordinator keeps your doctor's care team informed, so your care stays "
        "connected.",
        "Adults (18 or older) whose medical group takes part in Collaborative Care and who want support with "
        "their weight. If you have a health condition, talk with your doctor before you change your diet or "
        "start a new kind of exercise.",
        "talk about your goals and plan a first coaching session",
    ),
    (
        "stress-management", "Stress management", "lifestyle",
        "Practical ways to recognize everyday stress and handle it better.",
        "A coach helps you notice what causes stress for you and practice ways of coping that fit your life, "
        "such as planning your time, relaxation techniques and healthy routines for sleep and activity. This "
        "program is not an emergency service: if you are in crisis or thinking about harming yourself, call "
        "or text 988, or call 911.",
        "Adults (18 or older) whose medical group takes part in Collaborative Care and who would like help "
        "managing stress.",
        "talk about what you would like to work on and plan a first coaching session",
    ),
    (
        "tobacco-cessation", "Tobacco cessation", "lifestyle",
        "Support to quit smoking, vaping or other tobacco, with a plan made with you.",
        "A coach helps you choose a quit date, prepare for cravings and the situations that trigger them, and "
        "stay tobacco-free afterwards. Your doctor can talk with you about medicines that may help; your coach "
        "can help you prepare for that conversation.",
        "Adults (18 or older) whose medical group takes part in Collaborative Care and who use any tobacco or "
        "nicotine product and want to quit, whether or not they have tried before.",
        "talk about your tobacco use and plan your quit date together",
    ),
    (
        "diabetes", "Diabetes", "chronic",
        "Help managing diabetes day to day, working with your doctor's care plan.",
        "A nurse care coordinator works with you and your doctor on what matters for living with diabetes: "
        "understanding your care plan, keeping up with checkups and the screenings your doctor recommends, "
        "taking medicines as prescribed, and healthy eating and activity. The program supports your doctor's "
        "care; it does not replace it.",
        "Adults (18 or older) living with diabetes whose medical group takes part in Collaborative Care.",
        "review your care plan with you and agree on what you would like help with first",
    ),
    (
        "heart-disease", "Heart disease", "chronic",
        "Support for living with heart disease, alongside your doctor's care.",
        "A nurse care coordinator works with you and your doctor on understanding your care plan, keeping "
        "follow-up appointments, taking medicines as prescribed, and heart-healthy habits. The program supports "
        "your doctor's care; it does not replace it. Call 911 for chest pain or other signs of a heart attack "
        "or stroke.",
        "Adults (18 or older) living with heart disease whose medical group takes part in Collaborative Care.",
        "review your care plan with you and agree on what you would like help with first",
    ),
)
_CLINICAL_IDS = {code: index for index, (code, *_rest) in enumerate(_CLINICAL_PROGRAMS, start=1)}
# What each specialty's arrangements offer; primary care arrangements offer three to five.
_SPECIALTY_CLINICAL_PROGRAMS = {
    "cardiology": ("heart-disease", "tobacco-cessation", "weight-management"),
    "gastroenterology": ("weight-management", "stress-management"),
    "obstetrics_gynecology": ("tobacco-cessation", "weight-management", "stress-management"),
    "oncology": ("tobacco-cessation", "stress-management"),
    "orthopedics": ("weight-management",),
}

CONSENT_VERSION = "2026-01"
_CONSENT_BODY = (
    "By joining this program, you agree that:\n\n"
    "Your health plan may share your enrollment, your contact details and the contact preference you choose "
    "with the care coordinator at your medical group and with the health plan's case managers, so that they "
    "can support you in this program.\n\n"
    "Your care coordinator may contact you about this program by the method you choose: phone, e-mail or "
    "portal message, at the times you give.\n\n"
    "Joining is voluntary. It does not change your health plan benefits or the care you get from your "
    "doctor. You can withdraw at any time in the patient area or by telling your care coordinator; after "
    "you withdraw you will not be contacted about this program again."
)

# --- places -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    code: str
    programs: int  # primary care arrangements in the state (the real one included for CA)
    area_code: str
    zip3: tuple[str, ...]  # real ZIP code prefixes of the state
    cities: tuple[str, ...]


def _state(code: str, programs: int, area_code: str, zip3: str, cities: str) -> _State:
    return _State(code, programs, area_code, tuple(zip3.split()), tuple(cities.split("|")))


# Exactly 32 states; Torrance is left out of California's cities so the real arrangement
# stays the only group there.
_STATE_TABLE: tuple[_State, ...] = (
    _state("CA", 24, "213", "900 902 906 913 917 920 926 940 945 950 956 958",
           "Los Angeles|San Diego|San Jose|San Francisco|Fresno|Sacramento|Long Beach|Oakland|Bakersfield|"
           "Anaheim|Santa Ana|Riverside|Irvine|Pasadena|Glendale|Santa Rosa|Stockton|Modesto|Ventura|"
           "Santa Barbara"),
    _state("TX", 22, "214", "750 752 760 770 773 775 782 787 799",
           "Houston|Dallas|San Antonio|Austin|Fort Worth|El Paso|Arlington|Plano|Corpus Christi|Lubbock|"
           "Irving|Frisco|McKinney|Waco|Tyler|The Woodlands"),
    _state("FL", 16, "305", "320 322 327 328 331 334 336 337 339",
           "Miami|Tampa|Orlando|Jacksonville|St. Petersburg|Fort Lauderdale|Tallahassee|Sarasota|Naples|"
           "Boca Raton|Gainesville|Clearwater|West Palm Beach"),
    _state("NY", 14, "212", "100 104 112 117 122 142 146",
           "New York|Brooklyn|Buffalo|Rochester|Syracuse|Albany|White Plains|Yonkers|Hempstead|Garden City"),
    _state("IL", 10, "312", "600 601 604 606 610 617 627",
           "Chicago|Naperville|Evanston|Oak Brook|Rockford|Peoria|Springfield|Schaumburg|Joliet|Champaign"),
    _state("PA", 10, "215", "150 152 170 180 190 191 194",
           "Philadelphia|Pittsburgh|Allentown|Harrisburg|Lancaster|Erie|Scranton|King of Prussia|Bethlehem|"
           "Reading"),
    _state("OH", 9, "614", "430 432 441 443 452 454",
           "Columbus|Cleveland|Cincinnati|Toledo|Akron|Dayton|Canton|Dublin|Westerville"),
    _state("GA", 9, "404", "300 302 303 305 310 314",
           "Atlanta|Savannah|Augusta|Macon|Marietta|Alpharetta|Athens|Roswell"),
    _state("NC", 9, "919", "274 275 276 277 280 282",
           "Charlotte|Raleigh|Durham|Greensboro|Winston-Salem|Cary|Asheville|Wilmington"),
    _state("NJ", 9, "201", "070 071 073 077 080 085 088",
           "Newark|Jersey City|Princeton|Morristown|Hackensack|Edison|Paterson|Cherry Hill|Toms River"),
    _state("VA", 8, "804", "220 221 222 230 232 234 240",
           "Richmond|Virginia Beach|Norfolk|Arlington|Alexandria|Roanoke|Charlottesville|Fairfax"),
    _state("WA", 7, "206", "980 981 983 984 992",
           "Seattle|Spokane|Tacoma|Bellevue|Everett|Olympia|Vancouver|Kirkland"),
    _state("AZ", 8, "602", "850 852 853 857 860",
           "Phoenix|Tucson|Mesa|Scottsdale|Chandler|Tempe|Glendale|Flagstaff"),
    _state("MA", 7, "617", "010 014 016 018 021 024 027",
           "Boston|Worcester|Springfield|Cambridge|Lowell|Newton|Quincy|Framingham"),
    _state("TN", 8, "615", "370 372 374 379 381",
           "Nashville|Memphis|Knoxville|Chattanooga|Franklin|Murfreesboro|Jackson"),
    _state("MO", 6, "314", "630 631 640 641 658",
           "St. Louis|Kansas City|Springfield|Columbia|Chesterfield|Independence"),
    _state("MD", 6, "410", "206 208 209 210 212 217",
           "Baltimore|Bethesda|Rockville|Columbia|Annapolis|Frederick|Towson"),
    _state("CO", 7, "303", "800 802 805 809 816",
           "Denver|Colorado Springs|Aurora|Boulder|Fort Collins|Lakewood|Englewood"),
    _state("MN", 4, "612", "550 551 553 554 559",
           "Minneapolis|St. Paul|Rochester|Duluth|Bloomington|Edina"),
    _state("WI", 4, "414", "530 532 535 541 549",
           "Milwaukee|Madison|Green Bay|Waukesha|Appleton|Kenosha"),
    _state("IN", 5, "317", "460 462 465 468 478",
           "Indianapolis|Fort Wayne|Evansville|South Bend|Carmel|Bloomington"),
    _state("SC", 5, "803", "290 292 294 295 296",
           "Columbia|Charleston|Greenville|Spartanburg|Myrtle Beach|Rock Hill"),
    _state("AL", 4, "205", "350 352 358 365 368",
           "Birmingham|Huntsville|Mobile|Montgomery|Tuscaloosa|Dothan"),
    _state("LA", 4, "504", "700 701 706 708 711",
           "New Orleans|Baton Rouge|Shreveport|Lafayette|Metairie|Lake Charles"),
    _state("KY", 4, "502", "400 402 405 410 420",
           "Louisville|Lexington|Bowling Green|Owensboro|Covington|Frankfort"),
    _state("OR", 4, "503", "970 972 973 974 977",
           "Portland|Eugene|Salem|Bend|Medford|Beaverton"),
    _state("OK", 4, "405", "730 731 740 741 743",
           "Oklahoma City|Tulsa|Norman|Edmond|Broken Arrow|Lawton"),
    _state("CT", 5, "860", "060 061 064 065 068",
           "Hartford|New Haven|Stamford|Bridgeport|Waterbury|Norwalk"),
    _state("UT", 4, "801", "840 841 843 844 846",
           "Salt Lake City|Provo|Ogden|St. George|Sandy|Murray"),
    _state("NV", 4, "702", "889 890 891 894 895",
           "Las Vegas|Henderson|Reno|Sparks|Carson City"),
    _state("MI", 3, "313", "480 481 482 488 495",
           "Detroit|Grand Rapids|Ann Arbor|Lansing|Troy|Kalamazoo"),
    _state("NH", 3, "603", "030 031 033 038",
           "Manchester|Nashua|Concord|Portsmouth|Dover"),
)
_STATES_BY_CODE = {state.code: state for state in _STATE_TABLE}

# --- group names --------------------------------------------------------------------------

_PRIMARY_CARE_KINDS = (  # (kind, weight, name patterns)
    ("large_primary_care_practice", 30, (
        "{place} Primary Care Associates", "{place} Family Physicians", "{place} Family Medicine Associates",
        "{place} Internal Medicine Associates", "Primary Care Partners of {place}",
    )),
    ("multi_specialty_group", 30, (
        "{place} Medical Group", "{place} Medical Associates", "{place} Clinic", "{place} Multispecialty Group",
        "{place} Physicians Group",
    )),
    ("integrated_delivery_system", 12, (
        "{place} Health System", "{place} Health", "{place} Health Network", "{place} Healthcare",
    )),
    ("physician_hospital_organization", 10, (
        "{place} Physician Hospital Organization", "{place} Physician Partners", "{place} Health Alliance",
    )),
    ("independent_practice_association", 18, (
        "{place} IPA", "{place} Independent Physicians Association", "{place} Physicians Network",
        "{place} Independent Practice Association",
    )),
)
_SPECIALIST_GROUP_NAMES = {
    "cardiology": ("{place} Heart & Vascular Associates", "{place} Cardiology Consultants",
                   "Heart Specialists of {place}", "{place} Cardiovascular Group"),
    "gastroenterology": ("{place} Digestive Health Specialists", "Gastroenterology Associates of {place}",
                         "{place} GI Consultants", "{place} Digestive Disease Associates"),
    "obstetrics_gynecology": ("{place} Women's Health Associates", "{place} OB-GYN Partners",
                              "Women's Care of {place}", "{place} Obstetrics & Gynecology Group"),
    "oncology": ("{place} Cancer Specialists", "{place} Oncology & Hematology Associates",
                 "Cancer Care of {place}", "{place} Oncology Partners"),
    "orthopedics": ("{place} Orthopaedic Associates", "{place} Bone & Joint Specialists",
                    "Orthopedic Specialists of {place}", "{place} Sports Medicine & Orthopaedics"),
}
_HOSPITAL_NAMES = ("{city} Regional Medical Center", "{city} Community Hospital", "{city} General Hospital",
                   "{city} Memorial Hospital", "{city} Medical Center")

# --- people -----------------------------------------------------------------------------

_FIRST_NAMES: tuple[str, ...] = tuple("""
James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret
Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin
Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey
Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda
Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine
Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather
Tyler Diane Aaron Ruth Adam Olivia Nathan Joyce Henry Virginia Douglas Victoria Zachary Kelly Peter
Lauren Kyle Christina Ethan Joan Walter Evelyn Noah Judith Jeremy Megan Christian Andrea Keith Cheryl
Roger Hannah Gerald Martha Harold Gloria Sean Teresa Austin Sara Carl Madison Arthur Frances Dylan
Kathryn Jesse Janice Jordan Abigail Bryan Alice Bruce Sophia Gabriel Grace Logan Denise Albert Amber
Alan Marilyn Juan Danielle Wayne Beverly Elijah Isabella Vincent Natalie Russell Charlotte Louis Alexis
José María Luis Carlos Sofía Camila Alejandro Lucía Mateo Valentina Diego Ximena Joaquín Inés André
Renée Chloé Zoë Wei Mei Jun Hiroshi Yuki Min-jun Ji-woo Priya Arjun Ananya Rahul Aisha Fatima Omar
Amir Layla Kwame Amara Chinedu Nkechi Thanh Linh Minh Siobhan Aoife Seán Darnell Imani Malik Keisha
""".split())

_LAST_NAMES: tuple[str, ...] = tuple(name.replace("_", " ") for name in """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall
Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins
Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly
Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes
Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell
Sullivan Bell Coleman Butler Henderson Barnes Fisher Vasquez Simmons Romero Jordan Patterson Alexander
Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina
Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy
Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon
Mendez Silva Shaw Snyder Mason Dixon Muñoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose
Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver
Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart
Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray
Delgado Berry Perkins Hoffman Johnston Matthews Peña Richards Contreras Willis Carpenter Lawrence
Sandoval Guerrero Chapman Rios Estrada Ortega Watkins Greene Núñez Wheeler Valdez Harper Burke Larson
Santiago Maldonado Morrison Franklin Carlson Dominguez Carr Lawson Jacobs O'Brien Lynch Singh Vega
Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson
Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little Banks Padilla
Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer Holland Juarez Newman Pearson Curtis
Cortez Douglas Schneider Barrett Navarro Figueroa Keller Ávila Wade Molina Stanley Hopkins Campos
Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier Powers Neal Leonard
O'Connor Smith-Jones D'Angelo García-López Nakamura Tanaka Yamamoto Kowalski Nowak Rossi Russo Okafor
Adeyemi Mensah Haddad Khalil Shah Gupta Kumar Sharma Desai Choi Kang Zhang Liu Huang Pham Müller
Van_Dyke De_la_Cruz Ibáñez Gómez-Ruiz St._Clair O'Neill MacLeod Abernathy Okonkwo Yilmaz
""".split())

_CREDENTIALS_PRIMARY = (("MD", 70), ("DO", 12), ("NP", 12), ("PA", 6))
_CREDENTIALS_SPECIALIST = (("MD", 85), ("DO", 10), ("NP", 3), ("PA", 2))
_PRIMARY_CARE_SPECIALTIES = (("Family Medicine", 45), ("Internal Medicine", 35), ("Pediatrics", 15),
                             ("General Practice", 5))
# Specialists of a specialist group, by the arrangement's specialty.
_GROUP_SPECIALTIES = {
    "cardiology": (("Cardiology", 80), ("Interventional Cardiology", 12), ("Cardiac Electrophysiology", 8)),
    "gastroenterology": (("Gastroenterology", 90), ("Hepatology", 10)),
    "obstetrics_gynecology": (("Obstetrics & Gynecology", 90), ("Maternal & Fetal Medicine", 10)),
    "oncology": (("Medical Oncology", 45), ("Hematology & Oncology", 40), ("Radiation Oncology", 15)),
    "orthopedics": (("Orthopaedic Surgery", 80), ("Sports Medicine", 12), ("Hand Surgery", 8)),
}
# Specialists in primary care groups other than large primary care practices.
_OTHER_SPECIALTIES = tuple((name, 1) for name in (
    "Allergy & Immunology", "Cardiology", "Dermatology", "Endocrinology", "Gastroenterology", "General Surgery",
    "Nephrology", "Neurology", "Obstetrics & Gynecology", "Medical Oncology", "Ophthalmology",
    "Orthopaedic Surgery", "Otolaryngology", "Psychiatry", "Pulmonology", "Rheumatology", "Urology",
))
_CONTACT_PREFERENCES = (("phone", 45), ("email", 35), ("portal", 20))
_CONTACT_TIMES = ("", "", "Weekday mornings", "Weekday afternoons", "Weekday evenings", "Any time")
_WITHDRAW_REASONS = (None, "I no longer want to take part.", "The timing does not work for me.",
                     "I prefer to work on this with my doctor.")
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I look-alikes
# NPIs: nine leading digits 1xxxxxxxx walked with a stride coprime to 10**8, so they are
# unique for up to 100 million providers yet look scattered.
_NPI_BASE = 100_000_000
_NPI_STRIDE = 7_654_321
