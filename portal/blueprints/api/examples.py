"""The invented people, providers and programs of the API's examples (portal/blueprints/api/
openapi.py puts them in the document; tests/test_api_docs.py makes them in a database and sends
each example for real). 555 phone numbers; no real person."""
from __future__ import annotations

from typing import Any

from portal.services.verification import NO_MATCH

EXAMPLE_DAY = "2026-06-01"
EXAMPLE_MEMBER = {"member_id": "CC100000123", "date_of_birth": "1975-03-09", "last_name": "Rivera"}
EXAMPLE_NPI = "1234567893"  # a valid check digit
UNKNOWN_NPI = "1234567802"  # a valid check digit, nobody's
ORGANIZATION = "Example Medical Group"
PROGRAM = {"program": "Collaborative Care - Example Medical Group",
           "program_slug": "example-medical-group-springfield-il"}
ATTRIBUTION = {**PROGRAM, "organization": ORGANIZATION, "pcp": "Maria Garcia, MD", "pcp_npi": EXAMPLE_NPI,
               "care_coordinator": "Casey Morgan, RN", "care_coordinator_phone": "217-555-0142",
               "start_date": "2020-01-01", "end_date": None}
MATCH = {"match": True, "member_id": EXAMPLE_MEMBER["member_id"], "date_of_service": EXAMPLE_DAY,
         "first_name": "Ana", "last_name": "Rivera", "date_of_birth": EXAMPLE_MEMBER["date_of_birth"],
         "attributed": True, "attribution": ATTRIBUTION,
         "enrollments": [{"program": "Diabetes", "category": "chronic", "status": "active", "since": "2026-01-15"},
                         {"program": "Stress management", "category": "lifestyle", "status": "withdrawn",
                          "since": "2026-02-01"}]}
NO_MATCH_ANSWER = {"match": False, "message": NO_MATCH}
BAD_DATE = "Date of birth \u201c1975-02-31\u201d is not a real date: use YYYY-MM-DD (or MM/DD/YYYY)."


def fhir_member(member_id: str, name: str, start: str) -> dict[str, Any]:
    return {"entity": {"identifier": {"system": "urn:collaborative-care:member-id", "value": member_id},
                       "display": name},
            "period": {"start": start}, "inactive": False,
            "extension": [{"url": "http://hl7.org/fhir/us/davinci-atr/StructureDefinition/ext-attributedProvider",
                           "valueReference": {"identifier": {"system": "http://hl7.org/fhir/sid/us-npi",
                                                             "value": EXAMPLE_NPI},
                                              "display": "Maria Garcia, MD"}}]}


ASSISTANT_ANSWER_TEXT = (
    "A care coordinator is typically a registered nurse employed by your medical group. They work with patients, "
    "especially people with chronic conditions, to make sure they get the screenings and follow-up care they need "
    "and have access to educational materials that help them manage their health.\n\nCare coordinators work "
    "closely with your health plan's case managers and help you access clinical programs, such as the diabetes "
    "and heart disease programs and the weight, stress and tobacco programs.")
ASSISTANT_ANSWER_HTML = (
    "<p>A care coordinator is typically a <strong>registered nurse employed by your medical\ngroup</strong>. They "
    "work with patients, especially people with chronic conditions,\nto make sure they get the screenings and "
    "follow-up care they need and have\naccess to educational materials that help them manage their health.</p>\n"
    "<p>Care coordinators work closely with your health plan's case managers and help\nyou access clinical "
    "programs, such as the diabetes and heart disease programs\nand the weight, stress and tobacco programs.</p>")
