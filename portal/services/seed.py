"""Deterministic demo data: `seed_database(engine, "demo" | "full")`.

The directory is the same at both scales: the one real arrangement from the source
documents (HealthCare Partners Medical Group, Torrance, CA, effective April 1, 2013), then
generated primary care arrangements in 32 states and specialist arrangements in the five
specialties, all flagged is_demo and saying so in their names and summaries. The scale
only changes how many providers, care coordinators, members, attributions and
enrollments are generated: a few thousand for "demo", the source documents' figures for
"full" (144,000 providers, 2,650,000 members).

Same rng_seed, same rows: every random choice comes from random.Random instances seeded
from rng_seed (one per phase, so the directory does not depend on the scale), ids are
assigned here, and every date derives from fixed anchor dates, never from today.

Rows are plain tuples written with services.bulk (COPY on PostgreSQL), a batch at a time,
inside one transaction: a failure leaves the database as it was.
"""
from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from typing import Any

from sqlalchemy import Connection, Engine, Table, literal, select

from portal.models import ORGANIZATION_KINDS, SPECIALTIES, Base
from portal.services.bulk import bulk_insert, deferred_indexes_and_keys, reset_sequences
from portal.services.npi import make_npi
from portal.services.states import STATES
from portal.services.text import fold, name_key

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

# --- the tables written, in foreign-key order ----------------------------------------------

_TABLE_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("organizations", ("id", "external_id", "name", "kind", "city", "state", "website", "is_demo")),
    ("clinical_programs", ("id", "code", "name", "category", "summary", "description", "audience",
                           "after_joining", "how_to_leave", "eligibility", "is_open")),
    ("consent_texts", ("id", "version", "body", "effective_at")),
    ("programs", ("id", "slug", "organization_id", "name", "arrangement", "specialty", "city", "state",
                  "effective_date", "end_date", "payment_model", "summary", "partner_organizations",
                  "care_coordination", "last_updated", "is_demo")),
    ("program_clinical_programs", ("program_id", "clinical_program_id")),
    ("providers", ("id", "npi", "first_name", "last_name", "credential", "specialty", "organization_id",
                   "is_primary_care")),
    ("provider_participations", ("id", "provider_id", "program_id", "start_date", "end_date")),
    ("care_coordinators", ("id", "organization_id", "first_name", "last_name", "credential", "phone", "email",
                           "is_active")),
    ("members", ("id", "member_id", "first_name", "last_name", "last_name_key", "date_of_birth", "zip",
                 "state")),
    ("attributions", ("id", "member_id", "program_id", "pcp_id", "care_coordinator_id", "start_date",
                      "end_date")),
    ("enrollments", ("id", "member_id", "clinical_program_id", "status", "confirmation_code",
                     "consent_text_id", "consented_at", "contact_preference", "contact_times", "enrolled_at",
                     "withdrawn_at", "withdraw_reason")),
)

# Their secondary indexes (and foreign keys) are built once, after loading: see
# bulk.deferred_indexes_and_keys.
_BULK_TABLES = ("providers", "provider_participations", "care_coordinators", "members", "attributions",
                "enrollments")

Row = tuple[Any, ...]


class _Loader:
    """Buffers rows per table; whenever a buffer fills, writes every buffer in foreign-key
    order, so each write only references rows already written and memory stays bounded."""

    def __init__(self, connection: Connection, batch_size: int = BATCH_SIZE) -> None:
        self.connection = connection
        self.batch_size = batch_size
        self.tables = [(Base.metadata.tables[name], list(columns)) for name, columns in _TABLE_COLUMNS]
        self.buffers: dict[str, list[Row]] = {name: [] for name, _ in _TABLE_COLUMNS}
        self.counts: dict[str, int] = {name: 0 for name, _ in _TABLE_COLUMNS}

    def rows(self, table: str) -> list[Row]:
        return self.buffers[table]

    def flush_if_full(self) -> None:
        if any(len(buffer) >= self.batch_size for buffer in self.buffers.values()):
            self.flush()

    def flush(self) -> None:
        for table, columns in self.tables:
            buffer = self.buffers[table.name]
            if buffer:
                self.counts[table.name] += bulk_insert(self.connection, table, columns, buffer, self.batch_size)
                buffer.clear()


# --- small helpers ----------------------------------------------------------------------


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: "Women's Care of St. Louis" -> "womens-care-of-st-louis"."""
    return fold(text.replace("'", "")).replace(" ", "-")


def _first_of_month_between(rng: random.Random, low: date, high: date) -> date:
    day = date.fromordinal(low.toordinal() + rng.randrange(high.toordinal() - low.toordinal() + 1))
    return day.replace(day=1)


def _apportion(total: int, weights: Sequence[float], minimum: int) -> list[int]:
    """Split `total` into whole numbers proportional to `weights` (largest remainder), each
    at least `minimum`; the parts always add up to `total` exactly."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError("total too small for the minimum")
    weight_sum = sum(weights)
    shares = [spare * weight / weight_sum for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[: spare - sum(counts)]:
        counts[index] += 1
    return [count + minimum for count in counts]


# --- programs -----------------------------------------------------------------------------


@dataclass
class _Plan:
    """One arrangement and its organization (one each, sharing the id)."""

    id: int
    organization: str
    kind: str
    specialty: str | None
    city: str
    state: str
    effective: date
    end: date | None
    weight: float  # relative size: number of providers and members
    partners: str
    clinical_ids: tuple[int, ...]
    is_demo: bool = True

    @property
    def slug(self) -> str:
        return _slugify(f"{self.organization} {self.city} {self.state}")

    @property
    def member_weight(self) -> float:
        return self.weight * (_SPECIALIST_MEMBER_WEIGHT if self.specialty else 1.0)

    @property
    def last_day(self) -> int:
        """Ordinal of the last day an ended period in this program can end."""
        return min(self.end or _LAST_PAST_DAY, _LAST_PAST_DAY).toordinal()


def _plan_programs(rng: random.Random) -> list[_Plan]:
    hcp = _Plan(1, HCP_ORGANIZATION, "multi_specialty_group", None, "Torrance", "CA", date(2013, 4, 1), None,
                4.0, HCP_ORGANIZATION, tuple(_CLINICAL_IDS.values()), is_demo=False)
    plans = [hcp]
    names = {hcp.organization}

    def group_name(patterns: Sequence[str], state: _State) -> tuple[str, str]:
        while True:
            city = rng.choice(state.cities)
            place = f"Greater {city}" if rng.random() < 0.15 else city
            name = rng.choice(patterns).format(place=place)
            if name not in names:
                names.add(name)
                return name, city

    def size() -> float:
        return min(4.0, max(0.25, rng.lognormvariate(0.0, 0.75)))

    def partners(city: str, always: bool) -> str:
        if always or rng.random() < 0.25:
            return rng.choice(_HOSPITAL_NAMES).format(city=city)
        return ""

    year_weights = ((2008, 1), (2009, 2), (2010, 3), (2011, 5), (2012, 8), (2013, 10), (2014, 10), (2015, 9),
                    (2016, 8), (2017, 6), (2018, 5), (2019, 4), (2020, 3), (2021, 3))
    kind_weights = [(kind, weight) for kind, weight, _ in _PRIMARY_CARE_KINDS]
    patterns_by_kind = {kind: patterns for kind, _, patterns in _PRIMARY_CARE_KINDS}
    for state in _STATE_TABLE:
        for _ in range(state.programs - (1 if state.code == hcp.state else 0)):
            kind = _weighted(rng, kind_weights)
            name, city = group_name(patterns_by_kind[kind], state)
            effective = date(_weighted(rng, year_weights), 1 if rng.random() < 0.4 else rng.randint(1, 12), 1)
            offered = tuple(sorted(rng.sample(list(_CLINICAL_IDS.values()), rng.randint(3, 5))))
            # A physician hospital organization always names its hospital; an integrated
            # delivery system has its own facilities.
            partner = "" if kind == "integrated_delivery_system" else partners(
                city, always=kind == "physician_hospital_organization"
            )
            plans.append(_Plan(len(plans) + 1, name, kind, None, city, state.code, effective, None, size(),
                               partner, offered))
    primary_care = plans[1:]

    state_weights = [(state, state.programs) for state in _STATE_TABLE]
    for specialty, patterns in _SPECIALIST_GROUP_NAMES.items():
        offered = tuple(sorted(_CLINICAL_IDS[code] for code in _SPECIALTY_CLINICAL_PROGRAMS[specialty]))
        for pattern in patterns:
            state = _weighted(rng, state_weights)
            name, city = group_name((pattern,), state)
            effective = date(rng.randint(2014, 2021), 1 if rng.random() < 0.4 else rng.randint(1, 12), 1)
            plans.append(_Plan(len(plans) + 1, name, "specialist_group", specialty, city, state.code, effective,
                               None, size(), partners(city, always=False), offered))
    specialists = plans[len(primary_care) + 1:]

    ended = rng.sample(primary_care, _ENDED_PROGRAM_COUNT[0]) + rng.sample(specialists, _ENDED_PROGRAM_COUNT[1])
    for plan in ended:
        # The last day of a month, three or more years after the start and before 2025.
        first_after = _first_of_month_between(rng, date(plan.effective.year + 3, 2, 1), date(2024, 12, 31))
        plan.end = first_after - timedelta(days=1)
    return plans


def _program_texts(rng: random.Random, plan: _Plan) -> tuple[str, str, str, str]:
    """(program name, summary, payment model, care coordination) of a generated program."""
    where = f"{plan.city}, {STATES[plan.state]}"
    notice = "Demo data: this arrangement is generated for demonstration and is not a real program."
    kind = ORGANIZATION_KINDS[plan.kind].lower()
    article = "an" if kind[0] in "aeiou" else "a"
    possessive = plan.organization + ("'" if plan.organization.endswith("s") else "'s")
    if plan.specialty is None:
        name = f"Collaborative Care Arrangement (demo data) - {plan.organization}"
        about = (
            f"{notice} {plan.organization} is {article} {kind} in {where}. Under the arrangement the group is "
            "responsible and accountable for the health, affordability and experience of care of the "
            "population it serves."
        )
        patients = rng.choice((
            "Patients keep seeing their own doctors and care team. The group's care coordinators help people "
            "with chronic conditions, such as diabetes or heart disease, get the screenings and follow-up care "
            "they need.",
            "Patients do not need to do anything to take part: they keep their current doctor. The group "
            "focuses on preventive care and on helping people manage chronic conditions.",
            "The group's doctors and care coordinators work with the health plan's case managers so that "
            "patients get coordinated care, especially when they see several doctors.",
        ))
    else:
        specialty = SPECIALTIES[plan.specialty].lower()
        name = f"Collaborative Care for Specialists: {SPECIALTIES[plan.specialty]} (demo data) - " + plan.organization
        about = (
            f"{notice} {plan.organization} is a specialist group in {where} practicing {specialty}. Under the "
            "arrangement the group works to improve the quality and affordability of the specialty care it "
            "provides."
        )
        patients = rng.choice((
            "The group works with patients' primary care doctors and the health plan's case managers to "
            "coordinate care before and after specialist visits.",
            "Patients keep their specialist and care team; the group's care coordinators help them follow "
            "their care plan between visits.",
        ))
    payment = rng.choice((
        "Demo data: the group is paid for the medical and care coordination services it provides and can "
        "earn a \u201cpay for value\u201d reward for meeting targets for improving quality and lowering "
        "medical costs.",
        "Demo data: the health plan compensates the group for its medical and care coordination services; "
        "through a \u201cpay for value\u201d structure the group is also rewarded when it meets targets for "
        "improving quality and lowering medical costs.",
    ))
    offered = [_CLINICAL_PROGRAMS[cid - 1][1].lower() for cid in plan.clinical_ids]
    listed = offered[0] if len(offered) == 1 else ", ".join(offered[:-1]) + " and " + offered[-1]
    coordination = (
        f"{possessive} care coordinators, typically registered nurses employed by the group, work "
        "with patients, especially people with chronic conditions, to make sure they get the screenings and "
        "follow-up care they need, and work closely with the health plan's case managers.\n\n"
        f"They can also help patients join the {listed} program{'s' if len(offered) > 1 else ''}."
    )
    return name, f"{about}\n\n{patients}", payment, coordination


def _write_directory(loader: _Loader, rng: random.Random, plans: list[_Plan]) -> None:
    organizations, programs, offers = (loader.rows(t) for t in ("organizations", "programs",
                                                                "program_clinical_programs"))
    for plan in plans:
        if plan.is_demo:
            name, summary, payment, coordination = _program_texts(rng, plan)
            website: str | None = f"https://{_slugify(plan.organization)}.example.org"
            last_updated = _first_of_month_between(
                rng, (plan.end or plan.effective) + timedelta(days=60), _LAST_PAST_DAY
            )
        else:
            name, summary = _HCP_PROGRAM, _HCP_SUMMARY
            payment, coordination = _HCP_PAYMENT_MODEL, _HCP_CARE_COORDINATION
            website, last_updated = None, date(2014, 6, 1)
        organizations.append((plan.id, f"ORG{plan.id:05d}", plan.organization, plan.kind, plan.city, plan.state,
                              website, plan.is_demo))
        programs.append((plan.id, plan.slug, plan.id, name, "specialist" if plan.specialty else "primary_care",
                         plan.specialty, plan.city, plan.state, plan.effective, plan.end, payment, summary,
                         plan.partners, coordination, last_updated, plan.is_demo))
        offers.extend((plan.id, clinical_id) for clinical_id in plan.clinical_ids)


def _write_catalog(loader: _Loader) -> None:
    clinical = loader.rows("clinical_programs")
    for (code, name, category, summary, description, audience, first_step) in _CLINICAL_PROGRAMS:
        clinical.append((_CLINICAL_IDS[code], code, name, category, summary, description, audience,
                         _AFTER_JOINING.format(first_step=first_step), _LEAVE_ANY_TIME, dict(_ELIGIBILITY), True))
    loader.rows("consent_texts").append((1, CONSENT_VERSION, _CONSENT_BODY, _CONSENT_EFFECTIVE))


# --- providers and care coordinators -------------------------------------------------------


@dataclass
class _Staff:
    """Who can be named on an attribution, per program id."""

    current_pcps: dict[int, list[int]]  # primary care providers participating today
    all_pcps: dict[int, list[int]]  # every primary care provider of the group (for past periods)
    coordinators: dict[int, list[int]]


def _provider_counts(rng: random.Random, plans: list[_Plan], scale: _Scale) -> list[tuple[int, int]]:
    """(primary care, specialists) per program."""
    totals = scale.providers
    if totals is None:
        counts = []
        for plan in plans:
            if plan.specialty:
                counts.append((0, rng.randint(6, 10)))
            else:
                total = rng.randint(10, 14)
                specialist_count = 0 if plan.kind == "large_primary_care_practice" else rng.randint(2, 3)
                counts.append((total - specialist_count, specialist_count))
        return counts

    def split(group: list[_Plan], total: int, minimum: int) -> dict[int, int]:
        return dict(zip((p.id for p in group), _apportion(total, [p.weight for p in group], minimum), strict=True))

    primary_care = [plan for plan in plans if plan.specialty is None]
    pcps = split(primary_care, totals.primary_care, 20)
    specialists = split([plan for plan in plans if plan.specialty], totals.specialist_groups, 50)
    # Large primary care practices have no specialists.
    specialists |= split([plan for plan in primary_care if plan.kind != "large_primary_care_practice"],
                         totals.other_specialists, 10)
    return [(pcps.get(plan.id, 0), specialists.get(plan.id, 0)) for plan in plans]


def _participation(rng: random.Random, plan: _Plan, may_end: bool) -> tuple[date, date | None]:
    """A participation period: from the program's start (or later), ending with the program
    or, for a few providers, when they stopped participating."""
    effective = plan.effective.toordinal()
    last_start = (plan.end or _LAST_PARTICIPATION_START).toordinal()
    start = effective if rng.random() < 0.4 else effective + rng.randrange(last_start - effective + 1)
    if plan.end:
        return date.fromordinal(start), plan.end
    end = None
    if may_end and rng.random() < _PARTICIPATION_ENDED_SHARE:
        earliest_end = start + 90
        if earliest_end < _LAST_PAST_DAY.toordinal():
            end = date.fromordinal(rng.randint(earliest_end, _LAST_PAST_DAY.toordinal()))
    return date.fromordinal(start), end


def _write_providers(loader: _Loader, rng: random.Random, plans: list[_Plan], scale: _Scale) -> _Staff:
    providers, participations = loader.rows("providers"), loader.rows("provider_participations")
    staff = _Staff({p.id: [] for p in plans}, {p.id: [] for p in plans}, {p.id: [] for p in plans})
    by_state: dict[str, list[_Plan]] = {}
    for plan in plans:
        by_state.setdefault(plan.state, []).append(plan)
    npi_offset = rng.randrange(_NPI_BASE)
    provider_id = participation_id = 0
    for plan, (primary_count, specialist_count) in zip(plans, _provider_counts(rng, plans, scale), strict=True):
        group_specialties = _GROUP_SPECIALTIES[plan.specialty] if plan.specialty else _OTHER_SPECIALTIES
        neighbours = [other for other in by_state[plan.state] if other is not plan]
        for index in range(primary_count + specialist_count):
            provider_id += 1
            is_primary_care = index < primary_count
            if is_primary_care:
                credential = _weighted(rng, _CREDENTIALS_PRIMARY)
                specialty = _weighted(rng, _PRIMARY_CARE_SPECIALTIES)
            else:
                credential = _weighted(rng, _CREDENTIALS_SPECIALIST)
                specialty = _weighted(rng, group_specialties)
            npi = make_npi(_NPI_BASE + (npi_offset + provider_id * _NPI_STRIDE) % _NPI_BASE)
            providers.append((provider_id, npi, rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES), credential,
                              specialty, plan.id, is_primary_care))
            # The first two primary care providers always stay, so every group has a PCP today.
            start, end = _participation(rng, plan, may_end=index >= 2)
            participation_id += 1
            participations.append((participation_id, provider_id, plan.id, start, end))
            if is_primary_care:
                staff.all_pcps[plan.id].append(provider_id)
                if end is None:
                    staff.current_pcps[plan.id].append(provider_id)
            if neighbours and rng.random() < _SECOND_PARTICIPATION_SHARE:
                other = rng.choice(neighbours)
                start, end = _participation(rng, other, may_end=True)
                participation_id += 1
                participations.append((participation_id, provider_id, other.id, start, end))
            loader.flush_if_full()
    return staff


def _write_coordinators(loader: _Loader, rng: random.Random, plans: list[_Plan], scale: _Scale,
                        staff: _Staff) -> None:
    rows = loader.rows("care_coordinators")
    current_weight = sum(plan.member_weight for plan in plans if plan.end is None)
    coordinator_id = 0
    for plan in plans:
        if scale.members_per_coordinator is None:
            count = rng.randint(2, 4)
        else:
            expected = scale.members * plan.member_weight / current_weight if plan.end is None else 0
            count = max(2, round(expected / scale.members_per_coordinator))
        domain = f"{_slugify(plan.organization)}.example.org"
        area_code = _STATES_BY_CODE[plan.state].area_code
        emails: set[str] = set()
        for _ in range(count):
            coordinator_id += 1
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
            local = f"{name_key(first)}.{name_key(last)}"
            email, suffix = f"{local}@{domain}", 1
            while email in emails:
                suffix += 1
                email = f"{local}{suffix}@{domain}"
            emails.add(email)
            credential = "RN, CCM" if rng.random() < 0.25 else "RN"
            # 555-0100 to 555-0199 are reserved for fictional use.
            phone = f"{area_code}-555-01{rng.randrange(100):02d}"
            rows.append((coordinator_id, plan.id, first, last, credential, phone, email, True))
            staff.coordinators[plan.id].append(coordinator_id)
    loader.flush_if_full()


# --- members, attributions, enrollments ----------------------------------------------------


def _past_period(rand: Callable[[], float], first_day: int, last_day: int) -> tuple[int, int] | None:
    """A period of at least 30 days within [first_day, last_day] (ordinals), or None."""
    if last_day - first_day < 60:
        return None
    start = first_day + int(rand() * (last_day - first_day - 30))
    end = start + 30 + int(rand() * (last_day - start - 30))
    return start, end


@dataclass(frozen=True, slots=True)
class _Target:
    """What attributing a member to one program needs, precomputed for the member loop."""

    program_id: int
    state: str
    zip3: tuple[str, ...]
    first_day: int  # ordinal of the program's effective date
    last_day: int  # ordinal of the last day an ended attribution can end
    current_pcps: list[int]
    all_pcps: list[int]
    coordinators: list[int]
    clinical_ids: tuple[int, ...]


def _write_members(loader: _Loader, rng: random.Random, plans: list[_Plan], staff: _Staff, scale: _Scale,
                   progress: Callable[[str], None]) -> None:
    # This loop runs millions of times: names are bound locally and per-program data is
    # precomputed, and ordinals (ints) stand in for dates until a row is built.
    rand = rng.random
    targets = [
        _Target(plan.id, plan.state, _STATES_BY_CODE[plan.state].zip3, plan.effective.toordinal(), plan.last_day,
                staff.current_pcps[plan.id], staff.all_pcps[plan.id], staff.coordinators[plan.id],
                plan.clinical_ids)
        for plan in plans
    ]
    current = [target for target, plan in zip(targets, plans, strict=True) if plan.end is None]
    current_cum = list(accumulate(plan.member_weight for plan in plans if plan.end is None))
    all_cum = list(accumulate(plan.member_weight for plan in plans))
    first_names, last_names = _FIRST_NAMES, _LAST_NAMES
    last_name_keys = {last: name_key(last) for last in last_names}
    dob_ranges = [(low.toordinal(), high.toordinal() - low.toordinal() + 1) for low, high in _DOB_RANGES]
    as_of = ATTRIBUTIONS_AS_OF.toordinal()
    from_ordinal = date.fromordinal
    members, attributions, enrollments = (loader.rows(t) for t in ("members", "attributions", "enrollments"))
    codes: set[str] = set()
    member_number = 100_000_000
    attribution_id = enrollment_id = 0

    for member_pk in range(1, scale.members + 1):
        member_number += 1 + int(rand() * 300)  # increasing and unique, but not consecutive
        first = first_names[int(rand() * len(first_names))]
        last = last_names[int(rand() * len(last_names))]
        low, span = dob_ranges[0] if rand() < 0.12 else dob_ranges[1]
        born = low + int(rand() * span)

        target: _Target | None = None
        if rand() < _MEMBER_ENDED_ONLY_SHARE:
            # No current attribution, only one that has ended (a few tries to find one that fits).
            for _ in range(5):
                candidate = targets[bisect(all_cum, rand() * all_cum[-1])]
                period = _past_period(rand, max(candidate.first_day, born), candidate.last_day)
                if period:
                    target = candidate
                    attribution_id += 1
                    attributions.append(_past_attribution(rand, attribution_id, member_pk, target, period))
                    break
        if target is None:
            target = current[bisect(current_cum, rand() * current_cum[-1])]
            first_day = max(target.first_day, born)
            start = first_day + int(rand() * (as_of - first_day + 1))
            if rand() < _MEMBER_EARLIER_SHARE:
                earlier = targets[bisect(all_cum, rand() * all_cum[-1])]
                period = _past_period(rand, max(earlier.first_day, born), min(earlier.last_day, start - 1))
                if earlier is not target and period:
                    attribution_id += 1
                    attributions.append(_past_attribution(rand, attribution_id, member_pk, earlier, period))
            pcps, coordinators = target.current_pcps, target.coordinators
            attribution_id += 1
            attributions.append((
                attribution_id, member_pk, target.program_id,
                pcps[int(rand() * len(pcps))] if pcps else None,
                coordinators[int(rand() * len(coordinators))],
                from_ordinal(start), None,
            ))
            if born <= _ADULT_BORN_BY and target.clinical_ids and rand() < _ENROLLING_SHARE:
                joined = 2 if len(target.clinical_ids) > 1 and rand() < 0.2 else 1
                for clinical_id in rng.sample(target.clinical_ids, joined):
                    enrollment_id += 1
                    enrollments.append(_enrollment(rng, codes, enrollment_id, member_pk, clinical_id))

        zip3 = target.zip3
        members.append((member_pk, f"CC{member_number:09d}", first, last, last_name_keys[last], from_ordinal(born),
                        f"{zip3[int(rand() * len(zip3))]}{1 + int(rand() * 99):02d}", target.state))
        if len(members) >= loader.batch_size:
            loader.flush()
        if member_pk % PROGRESS_EVERY == 0:
            progress(f"members: {member_pk:,} of {scale.members:,}")


def _past_attribution(rand: Callable[[], float], attribution_id: int, member_pk: int, target: _Target,
                      period: tuple[int, int]) -> Row:
    pcps, coordinators = target.all_pcps, target.coordinators
    return (attribution_id, member_pk, target.program_id, pcps[int(rand() * len(pcps))] if pcps else None,
            coordinators[int(rand() * len(coordinators))], date.fromordinal(period[0]), date.fromordinal(period[1]))


def _enrollment(rng: random.Random, codes: set[str], enrollment_id: int, member_pk: int, clinical_id: int) -> Row:
    enrolled_at = _ENROLLMENTS_FROM + timedelta(seconds=rng.randrange(_ENROLLMENT_SPAN_SECONDS))
    while (code := "EN-" + "".join(rng.choices(_CODE_ALPHABET, k=8))) in codes:
        pass
    codes.add(code)
    withdrawn_at, reason = None, None
    status = "withdrawn" if rng.random() < 0.15 else "active"
    if status == "withdrawn":
        withdrawn_at = enrolled_at + timedelta(days=rng.randint(1, 45), seconds=rng.randrange(86_400))
        reason = rng.choice(_WITHDRAW_REASONS)
    return (enrollment_id, member_pk, clinical_id, status, code, 1, enrolled_at,
            _weighted(rng, _CONTACT_PREFERENCES), rng.choice(_CONTACT_TIMES), enrolled_at, withdrawn_at, reason)


# --- entry point ----------------------------------------------------------------------------


def _ensure_empty(connection: Connection) -> None:
    for name, _ in _TABLE_COLUMNS:
        table: Table = Base.metadata.tables[name]
        if connection.execute(select(literal(1)).select_from(table).limit(1)).first():
            raise SeedError(f"The database already holds data (table {name}); the seed only loads an empty one.")


def seed_database(
    engine: Engine,
    scale: str,
    *,
    rng_seed: int = DEFAULT_RNG_SEED,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Load the deterministic data set of `scale` ("demo" or "full") into an empty database,
    in one transaction. Returns the number of rows written per table."""
    if scale not in SCALES:
        raise SeedError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}.")
    spec = _SCALES[scale]

    def phase_rng(phase: str) -> random.Random:
        # One stream per phase: the directory comes out the same whatever the scale.
        return random.Random(f"{rng_seed}:{phase}")

    with engine.begin() as connection:
        _ensure_empty(connection)
        loader = _Loader(connection)
        plans = _plan_programs(phase_rng("programs"))
        _write_catalog(loader)
        _write_directory(loader, phase_rng("program-texts"), plans)
        states = len({plan.state for plan in plans if plan.specialty is None})
        progress(f"programs: {len(plans)} ({sum(1 for p in plans if p.specialty is None)} primary care "
                 f"in {states} states)")
        loader.flush()
        bulk_tables = [table for table, _ in loader.tables if table.name in _BULK_TABLES]
        with deferred_indexes_and_keys(connection, bulk_tables):
            staff = _write_providers(loader, phase_rng("providers"), plans, spec)
            _write_coordinators(loader, phase_rng("coordinators"), plans, spec, staff)
            loader.flush()
            progress(f"providers: {loader.counts['providers']:,}; care coordinators: "
                     f"{loader.counts['care_coordinators']:,}")
            _write_members(loader, phase_rng("members"), plans, staff, spec, progress)
            loader.flush()
            progress(f"members: {loader.counts['members']:,}; attributions: {loader.counts['attributions']:,}; "
                     f"enrollments: {loader.counts['enrollments']:,}; building indexes")
        reset_sequences(connection, [table for table, _ in loader.tables])
    return loader.counts
