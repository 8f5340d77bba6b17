"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json, and rendered for
people at /api/v1/docs).

Schemas are JSON Schema 2020-12; the test suite validates real responses against them, so
the document cannot drift from what the API does.

Examples are named: an operation's worked example `match` is the request made of every
parameter's `examples["match"]` and the request body's `examples["match"]`, and the response
that answers it is the `examples["match"]` of one of its responses. The documentation page
shows each as a curl command with its answer, and tests/test_api_docs.py makes each request
for real and checks that the answer has the documented shape (and, for errors, the same words).
The shared 401 and 429 examples have no request of their own.
"""
from __future__ import annotations

from typing import Any

from portal.blueprints.api.examples import (
    ASSISTANT_ANSWER_HTML, ASSISTANT_ANSWER_TEXT, BAD_DATE, EXAMPLE_DAY, EXAMPLE_MEMBER, EXAMPLE_NPI, MATCH,
    NO_MATCH_ANSWER, ORGANIZATION, PROGRAM, UNKNOWN_NPI, fhir_member,
)
from portal.errors import MESSAGES
from portal.models import SPECIALTIES

_DATE = {"type": "string", "format": "date"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_NULLABLE_STR = {"type": ["string", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _d(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "description": description}


def _examples(**named: tuple[str, Any]) -> dict[str, Any]:
    """Example Objects by name: (summary, value)."""
    return {name: {"summary": summary, "value": value} for name, (summary, value) in named.items()}


def _json(schema: dict[str, Any], description: str, examples: dict[str, Any] | None = None,
          media_type: str = "application/json", headers: dict[str, Any] | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {"schema": schema}
    if examples:
        content["examples"] = examples
    response: dict[str, Any] = {"description": description, "content": {media_type: content}}
    if headers:
        response["headers"] = headers
    return response


def _error(status: int, title: str, message: str, field: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"status": status, "title": title, "message": message}
    if field:
        error["field"] = field
    return {"error": error}


def _invalid(message: str, field: str | None) -> dict[str, Any]:
    return _error(400, "Invalid request", message, field)


def _bad_input(**named: tuple[str, Any]) -> dict[str, Any]:
    return _json(_ref("Error"), "Invalid input: `error.message` says what is wrong and `error.field` names "
                                "the field at fault, when there is one. Nothing was looked up.", _examples(**named))


_RATE_HEADERS = {
    "X-RateLimit-Limit": {"description": "How many calls the tightest limit that applies allows in its window.",
                          "schema": {"type": "integer"}},
    "X-RateLimit-Remaining": {"description": "How many of them are left.", "schema": {"type": "integer"}},
    "X-RateLimit-Reset": {"description": "When the window ends (Unix time, seconds).", "schema": {"type": "integer"}},
}
UNAUTHORIZED = _error(401, "Unauthorized", "Send a valid API token: Authorization: Bearer <token>.")
TOO_MANY = _error(429, MESSAGES[429][0], MESSAGES[429][1])
_UNAUTHORIZED = _json(_ref("Error"), "The token is missing, unknown or revoked, or its user or organization can no "
                                     "longer use the portal.",
                      _examples(unauthorized=("No valid token", UNAUTHORIZED)),
                      headers={"WWW-Authenticate": {"description": 'Bearer realm="portal-api"',
                                                    "schema": {"type": "string"}}})
_TOO_MANY = _json(_ref("Error"), "Too many requests for this token (for the assistant: from this address): wait "
                                 "and retry.", _examples(too_many=("Over a rate limit", TOO_MANY)),
                  headers={"Retry-After": {"description": "Seconds to wait before trying again.",
                                           "schema": {"type": "integer"}}, **_RATE_HEADERS})
_ERRORS = {"401": _UNAUTHORIZED, "429": _TOO_MANY}

# --- schemas ----------------------------------------------------------------------------------

_MEMBER_ID = {"type": "string", "maxLength": 20, "description": (
    "The member ID on the patient's ID card: letters and digits (spaces are ignored, case does not matter).")}
_REFERENCE = {"type": "string", "description": (
    "This verification's reference, recorded with its audit event: quote it when you ask about the lookup.")}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "description": "Every error answers this object, with the HTTP status code.",
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["status", "title", "message"], "properties": {
            "status": _d({"type": "integer"}, "The HTTP status code."),
            "title": _d({"type": "string"}, "A short name of the problem."),
            "message": _d({"type": "string"}, "What went wrong and what to do, in a sentence you can show to a "
                                              "person."),
            "field": _d({"type": "string"}, "The input field at fault, when there is one.")}}},
    },
    "VerificationRequest": {
        "type": "object", "required": ["member_id", "date_of_birth", "last_name"],
        "properties": {"member_id": _MEMBER_ID,
                       "date_of_birth": _d(_DATE, "YYYY-MM-DD (MM/DD/YYYY is accepted too)."),
                       "last_name": {"type": "string", "maxLength": 80, "description": (
                           "Letters, spaces, hyphens and apostrophes; case, accents and punctuation do not "
                           "matter (\"nunez obrien\" finds \"N\u00fa\u00f1ez-O'Brien\").")},
                       "date_of_service": _d(_DATE, "The day to verify, within two years of today. Default: today.")},
    },
    "Attribution": {
        "description": "The member's Collaborative Care program on the date of service: the physician group "
                       "accountable for their care, their primary care physician and care coordinator.",
        "type": "object",
        "required": ["program", "program_slug", "organization", "pcp", "pcp_npi", "care_coordinator",
                     "care_coordinator_phone", "start_date", "end_date"],
        "properties": {"program": _d({"type": "string"}, "The program's name."),
                       "program_slug": _d({"type": "string"}, "The program's page: /programs/<program_slug>."),
                       "organization": _d({"type": "string"}, "The physician group."),
                       "pcp": _d(_NULLABLE_STR, "The primary care physician, if one is assigned."),
                       "pcp_npi": _d(_NULLABLE_STR, "The primary care physician's NPI."),
                       "care_coordinator": _d(_NULLABLE_STR, "The care coordinator, if one is assigned."),
                       "care_coordinator_phone": _d(_NULLABLE_STR, "The care coordinator's phone number."),
                       "start_date": _d(_DATE, "The attribution's first day."),
                       "end_date": _d(_NULLABLE_DATE, "Its last day, if it has one.")},
    },
    "Enrollment": {
        "description": "A clinical or lifestyle program the member is in, or has left, on the date of service "
                       "(the latest enrollment in each program).",
        "type": "object", "required": ["program", "category", "status", "since"],
        "properties": {"program": _d({"type": "string"}, "The program's name."),
                       "category": _d({"enum": ["lifestyle", "chronic"]}, "A lifestyle program or a chronic "
                                                                          "condition program."),
                       "status": {"enum": ["active", "withdrawn", "completed"]},
                       "since": _d(_DATE, "When the member enrolled, withdrew or completed it.")},
    },
    "VerificationResult": {
        "description": "A match carries the member's name, date of birth, attribution on the date of service "
                       "and enrollments; no match carries only a generic message, whatever field was wrong.",
        "oneOf": [
            {"title": "No match", "type": "object", "required": ["match", "message"], "additionalProperties": False,
             "properties": {"match": {"const": False},
                            "message": _d({"type": "string"}, "Always the same words, whichever field was wrong."),
                            "reference": _REFERENCE}},
            {"title": "Match", "type": "object",
             "required": ["match", "member_id", "date_of_service", "first_name", "last_name", "date_of_birth",
                          "attributed", "attribution", "enrollments"],
             "additionalProperties": False,
             "properties": {"match": {"const": True}, "reference": _REFERENCE,
                            "member_id": _d({"type": "string"}, "The member ID, as the payer writes it."),
                            "date_of_service": _d(_DATE, "The day verified."),
                            "first_name": {"type": "string"}, "last_name": {"type": "string"},
                            "date_of_birth": _DATE,
                            "attributed": _d({"type": "boolean"}, "Whether the member is attributed to a "
                                                                  "program on the date of service."),
                            "attribution": _d({"oneOf": [_ref("Attribution"), {"type": "null"}]},
                                              "`null` when the member is not attributed on that day."),
                            "enrollments": {"type": "array", "items": _ref("Enrollment")}}},
        ],
    },
    "BatchRequest": {
        "type": "object", "required": ["items"],
        "properties": {"items": {"type": "array", "minItems": 1, "maxItems": 1000,
                                 "description": "One object per patient, each as for POST /verifications.",
                                 "items": _ref("VerificationRequest")}},
    },
    "BatchResult": {
        "type": "object", "required": ["reference", "count", "results"],
        "properties": {"reference": _d({"type": "string"}, "The batch's reference, recorded with its audit "
                                                           "events."),
                       "count": _d({"type": "integer"}, "How many results follow: one per item."),
                       "results": {"type": "array", "description": "In the order of the items.", "items": {
                           "type": "object", "required": ["index", "status"], "properties": {
                               "index": _d({"type": "integer"}, "The item's position in `items`, from 0."),
                               "status": _d({"enum": ["match", "no_match", "error"]},
                                            "`error`: this item's input is wrong and was not looked up."),
                               "field": _d({"type": "string"}, "With an error: the field at fault."),
                               "error": _d({"type": "string"}, "With an error: what is wrong."),
                               "result": _d(_ref("VerificationResult"), "With a match or no match: the result, "
                                                                       "as POST /verifications answers it "
                                                                       "(without a reference).")}}}},
    },
    "Provider": {
        "type": "object",
        "required": ["npi", "name", "specialty", "primary_care", "organization", "as_of", "participating",
                     "participations"],
        "properties": {"npi": {"type": "string", "pattern": "^[12][0-9]{9}$"},
                       "name": _d({"type": "string"}, "Name and credential."),
                       "specialty": {"type": "string"},
                       "primary_care": _d({"type": "boolean"}, "Whether the provider is a primary care physician."),
                       "organization": _d({"type": "string"}, "The provider's physician group."),
                       "as_of": _d(_DATE, "The day the participation is for."),
                       "participating": _d({"type": "boolean"}, "Whether the provider participates in a program "
                                                                "on that day."),
                       "participations": {"type": "array", "items": {"type": "object", "required": [
                           "program", "program_slug", "state", "start_date", "end_date", "active"], "properties": {
                           "program": _d({"type": "string"}, "The program's name."),
                           "program_slug": _d({"type": "string"}, "The program's page: /programs/<program_slug>."),
                           "state": _d({"type": "string"}, "The program's state."),
                           "start_date": _DATE, "end_date": _NULLABLE_DATE,
                           "active": _d({"type": "boolean"}, "Whether this participation covers `as_of`.")}}}},
    },
    "ProgramList": {
        "type": "object", "required": ["total", "page", "per_page", "programs"],
        "properties": {"total": _d({"type": "integer"}, "How many programs match, on every page."),
                       "page": {"type": "integer"}, "per_page": {"type": "integer"},
                       "programs": {"type": "array", "items": {"type": "object", "required": [
                           "slug", "name", "organization", "arrangement", "specialty", "city", "state",
                           "effective_date", "end_date", "demo_data"], "properties": {
                           "slug": _d({"type": "string"}, "The program's page: /programs/<slug>."),
                           "name": {"type": "string"},
                           "organization": _d({"type": "string"}, "The physician group."),
                           "arrangement": _d({"enum": ["primary_care", "specialist"]},
                                             "A primary care group's arrangement or a specialist group's."),
                           "specialty": _d({"type": ["string", "null"]}, "A specialist arrangement's specialty."),
                           "city": {"type": "string"},
                           "state": {"type": "string"}, "effective_date": _DATE,
                           "end_date": _NULLABLE_DATE,
                           "demo_data": _d({"type": "boolean"}, "Generated demonstration data, not a real "
                                                                "arrangement."),
                           "score": _d({"type": ["number", "null"]}, "How well it matches `q`, 0 to 100; `null` "
                                                                     "without `q`.")}}}},
    },
    "AssistantRequest": {
        "type": "object", "required": ["question"],
        "properties": {"question": {"type": "string", "maxLength": 10000},
                       "audience": _d({"enum": ["patient", "provider"], "default": "patient"},
                                      "Whose answers: a patient's or a physician office's."),
                       "conversation_id": {"type": "string", "maxLength": 64, "description": (
                           "The conversation_id of the previous answer, to continue that conversation: "
                           "follow-ups (\"and for heart disease?\"), picking a suggestion by number or words "
                           "(\"2\", \"the tobacco one\"), \"not what I meant\". Omit it to start a new one. "
                           "A conversation is forgotten ASSISTANT_CONVERSATION_MINUTES (30 by default) after its "
                           "last question; an unknown or expired id starts a new conversation.")},
                       "language": _d({"enum": ["en", "es"]},
                                      "The language to read the question in and answer in. Leave it out to let "
                                      "the assistant tell from the question (English or Spanish); when the "
                                      "question does not say (\"NPI\", \"2\"), the conversation's language, "
                                      "else the request's (Accept-Language), else English.")},
    },
    "AssistantAnswer": {
        "type": "object", "additionalProperties": False,
        "required": ["outcome", "topic_id", "confidence", "answer_text", "answer_html", "suggestions",
                     "conversation_id", "language"],
        "properties": {"outcome": _d({"enum": ["answer", "clarify", "fallback", "emergency"]},
                                     "`answer`: an answer; `clarify`: a question back, with suggestions; `fallback`: "
                                     "no answer, and where to get help; `emergency`: whom to call now."),
                       "topic_id": _d({"type": ["string", "null"]}, "The topic answered, if any."),
                       "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                       "answer_text": _d({"type": "string"}, "The answer as plain text."),
                       "answer_html": {"type": "string", "description": (
                           "Sanitized HTML. An emergency's reply (checked before anything else, on the whole "
                           "question) links its numbers: tel:911, tel:988 and sms:988 (and Poison Help or the "
                           "National Domestic Violence Hotline where they apply); show it as HTML or, if you "
                           "cannot, answer_text.")},
                       "suggestions": {"type": "array", "description": "Questions to offer next.",
                                       "items": {"type": "object", "required": ["topic_id", "question"],
                                                 "properties": {"topic_id": {"type": "string"},
                                                                "question": {"type": "string"}}}},
                       "conversation_id": {"type": "string", "description": (
                           "Send it back with the next question to continue this conversation.")},
                       "language": _d({"enum": ["en", "es"]}, "The language of the answer (and of the question "
                                                              "as it was read).")},
    },
    "RosterGroup": {
        "description": "A FHIR-style Group (Da Vinci ATR member attribution list): one page of the office's "
                       "attributed members.",
        "type": "object", "required": ["resourceType", "type", "actual", "quantity", "member", "meta"],
        "properties": {"resourceType": {"const": "Group"}, "type": {"const": "person"}, "actual": {"const": True},
                       "name": {"type": "string"},
                       "managingEntity": _d({"type": "object", "properties": {"display": {"type": "string"}}},
                                            "The office's organization."),
                       "characteristic": _d({"type": "array", "items": {"type": "object", "properties": {
                           "code": {"type": "object", "properties": {"text": {"const": "attributed as of"}}},
                           "valueBoolean": {"const": True}, "exclude": {"const": False},
                           "period": {"type": "object", "properties": {"start": _d(_DATE, "as_of")}}}}},
                           "The day the roster is for."),
                       "quantity": _d({"type": "integer"}, "How many members match, on every page."),
                       "meta": {"type": "object", "properties": {"page": {"type": "integer"},
                                                                 "per_page": {"type": "integer"},
                                                                 "pages": _d({"type": "integer"}, "How many pages "
                                                                                                  "there are.")}},
                       "member": {"type": "array", "description": "This page's members.", "items": {
                           "type": "object", "required": ["entity", "period"], "properties": {
                               "entity": {"type": "object", "properties": {
                                   "identifier": {"type": "object", "properties": {
                                       "system": {"const": "urn:collaborative-care:member-id"},
                                       "value": _d({"type": "string"}, "The member ID.")}},
                                   "display": _d({"type": "string"}, "The member's name.")}},
                               "period": _d({"type": "object", "properties": {"start": _DATE, "end": _DATE}},
                                            "The attribution's period; `end` only once it has one."),
                               "inactive": _d({"type": "boolean"}, "Whether the attribution has ended."),
                               "extension": _d({"type": "array", "items": {"type": "object", "properties": {
                                   "url": {"const": "http://hl7.org/fhir/us/davinci-atr/StructureDefinition/"
                                                    "ext-attributedProvider"},
                                   "valueReference": {"type": "object", "properties": {
                                       "identifier": {"type": "object", "properties": {
                                           "system": {"const": "http://hl7.org/fhir/sid/us-npi"},
                                           "value": _d({"type": "string"}, "The PCP's NPI.")}},
                                       "display": _d({"type": "string"}, "The PCP's name.")}}}}},
                                               "The attributed primary care physician, when there is one.")}}}},
    },
}


def _param(name: str, description: str, schema: dict[str, Any], where: str = "query", required: bool = False,
           **examples: Any) -> dict[str, Any]:
    parameter = {"name": name, "in": where, "required": required, "description": description, "schema": schema}
    if examples:
        parameter["examples"] = {key: {"value": value} for key, value in examples.items()}
    return parameter


INTRODUCTION = (
    "For physician offices' systems: verify members' attribution and enrollments, providers' participation, "
    "the office's attributed roster, and the program directory. Every call but the assistant's and this "
    "document needs an office user's API token (`Authorization: Bearer <token>`), is rate limited per token, "
    "and every member lookup is audited. Errors answer `{\"error\": {\"status\", \"title\", \"message\"[, "
    "\"field\"]}}`. Documentation for people, with examples: /api/v1/docs.")


def openapi_document(server_url: str) -> dict[str, Any]:
    secured = [{"bearerAuth": []}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Collaborative Care Partner Portal API", "version": "1.0.0", "description": INTRODUCTION},
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": (
                "An office staff user's API token (it starts with ccp_), created in the portal under "
                "Office > Your API tokens or by an administrator; it acts as that user.")}},
            "schemas": SCHEMAS,
        },
        "paths": {
            "/verifications": {"post": {
                "operationId": "verifyMember", "summary": "Verify one member", "security": secured,
                "description": "Is this patient attributed to a Collaborative Care program on the date of service, "
                               "and in which clinical and lifestyle programs are they enrolled? Member ID, date of "
                               "birth and last name must all match one member; anything else answers the same "
                               "generic no match, whichever field was wrong. A match carries the minimum "
                               "necessary: no address, no diagnoses. Every call is audited; the portal keeps no "
                               "copy of the result.",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _ref("VerificationRequest"),
                    "examples": _examples(
                        # No date_of_service: today's (a fixed day would be refused two years on).
                        match=("A member who is attributed and enrolled", EXAMPLE_MEMBER),
                        no_match=("A last name that does not match", {**EXAMPLE_MEMBER, "last_name": "Rivers"}),
                        bad_date=("A date of birth that is not a date", {**EXAMPLE_MEMBER,
                                                                          "date_of_birth": "1975-02-31"}))}}},
                "responses": {
                    "200": _json(_ref("VerificationResult"), "Match or a generic no match.", _examples(
                        match=("Match", {**MATCH, "reference": "V-3F9A1C27D4"}),
                        no_match=("No match", {**NO_MATCH_ANSWER, "reference": "V-8B20E4F915"}))),
                    "400": _bad_input(bad_date=("The field at fault", _invalid(BAD_DATE, "date_of_birth"))),
                    **_ERRORS},
            }},
            "/verifications/batch": {"post": {
                "operationId": "verifyMembers", "summary": "Verify up to 1,000 members", "security": secured,
                "description": "Many patients in one call (for example tomorrow's schedule): one result per item, "
                               "in order. An item with bad input gets an error naming its field and is not "
                               "looked up; the others are. The whole batch is refused only when `items` is "
                               "missing, empty or longer than 1,000.",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _ref("BatchRequest"),
                    "examples": _examples(
                        mixed=("A match, a date that is not a date and a no match", {"items": [
                            EXAMPLE_MEMBER,
                            {"member_id": "CC100000456", "date_of_birth": "1975-13-01", "last_name": "Chen"},
                            {"member_id": "CC100000789", "date_of_birth": "1980-07-04", "last_name": "Okafor"}]}),
                        no_items=("No items", {"items": []}))}}},
                "responses": {
                    "200": _json(_ref("BatchResult"), "One result per item, in order.", _examples(mixed=(
                        "Three results", {"reference": "V-5C7D09AB31", "count": 3, "results": [
                            {"index": 0, "status": "match", "result": MATCH},
                            {"index": 1, "status": "error", "field": "date_of_birth",
                             "error": "Date of birth \u201c1975-13-01\u201d is not a real date: use YYYY-MM-DD "
                                      "(or MM/DD/YYYY)."},
                            {"index": 2, "status": "no_match", "result": NO_MATCH_ANSWER}]}))),
                    "400": _bad_input(no_items=("No items", _invalid(
                        "Send {\"items\": [...]} with one object per patient.", "items"))),
                    **_ERRORS},
            }},
            "/providers/{npi}": {"get": {
                "operationId": "getProvider", "summary": "A provider's participation on a date", "security": secured,
                "description": "Whether a provider participates in a Collaborative Care program on a date, and "
                               "their participations in every program.",
                "parameters": [
                    _param("npi", "The provider's 10-digit NPI (spaces and hyphens are ignored).", {"type": "string"},
                           "path", True, participating=EXAMPLE_NPI, bad_npi="1234567890", not_found=UNKNOWN_NPI),
                    _param("date", "The day, as YYYY-MM-DD. Default: today.", _DATE, participating=EXAMPLE_DAY)],
                "responses": {
                    "200": _json(_ref("Provider"), "The provider and their participations.", _examples(
                        participating=("A participating provider", {
                            "npi": EXAMPLE_NPI, "name": "Maria Garcia, MD", "specialty": "Family Medicine",
                            "primary_care": True, "organization": ORGANIZATION, "as_of": EXAMPLE_DAY,
                            "participating": True,
                            "participations": [{**PROGRAM, "state": "IL", "start_date": "2016-01-01",
                                                "end_date": None, "active": True}]}))),
                    "400": _json(_ref("Error"), "Not a valid NPI: the message says why.", _examples(bad_npi=(
                        "A wrong check digit", _error(400, "Invalid NPI", "This NPI's check digit is wrong: please "
                                                                          "check it for a typing error.")))),
                    "404": _json(_ref("Error"), "No provider has this NPI in the portal.", _examples(not_found=(
                        "An NPI the portal does not know", _error(404, "Not found",
                                                                  "No participating provider has this NPI.")))),
                    **_ERRORS},
            }},
            "/programs": {"get": {
                "operationId": "searchPrograms", "summary": "Search the program directory", "security": secured,
                "description": "The Collaborative Care programs (arrangements with physician groups), as in the "
                               "public program directory, filtered and one page at a time. With `q`, the best "
                               "matches come first.",
                "parameters": [
                    _param("q", "Words to look for in the group's name, the program's name, city, state and "
                                "specialty; typos are tolerated.", {"type": "string", "maxLength": 200},
                           search="heart"),
                    _param("state", "Two-letter state code.", {"type": "string"}, search="TX", bad_state="ZZ"),
                    _param("specialty", "Only specialist arrangements of this specialty.",
                           {"enum": list(SPECIALTIES)}, search="cardiology"),
                    _param("page", "Page number. Default: 1.", {"type": "integer", "minimum": 1}),
                    _param("per_page", "Results per page. Default: 50.", {"type": "integer", "minimum": 1,
                                                                          "maximum": 200}, search=10)],
                "responses": {
                    "200": _json(_ref("ProgramList"), "Matching programs.", _examples(search=(
                        "Cardiology programs in Texas matching \u201cheart\u201d", {
                            "total": 1, "page": 1, "per_page": 10, "programs": [{
                                "slug": "example-heart-specialists-austin-tx",
                                "name": "Collaborative Care for Specialists: Cardiology - Example Heart Specialists",
                                "organization": "Example Heart Specialists", "arrangement": "specialist",
                                "specialty": "cardiology", "city": "Austin", "state": "TX",
                                "effective_date": "2018-04-01", "end_date": None, "demo_data": False,
                                "score": 100.0}]}))),
                    "400": _bad_input(bad_state=("An unknown state", _invalid(
                        "state must be a two-letter US state code.", "state"))),
                    **_ERRORS},
            }},
            "/roster": {"get": {
                "operationId": "getRoster", "summary": "The office's attributed roster (one page)",
                "security": secured,
                "description": "The members attributed to the token's organization's programs on a day, as a "
                               "FHIR-style Group (Da Vinci ATR member attribution list), one page at a time. "
                               "Every call is audited.",
                "parameters": [
                    _param("as_of", "Attributed on this day, as YYYY-MM-DD. Default: today.", _DATE,
                           bad_date="06/01/2026"),
                    _param("new_since", "Only attributions that started on or after this day.", _DATE),
                    _param("dropped_since", "Only attributions that ended between this day and as_of.", _DATE),
                    _param("pcp", "Only this PCP's patients: the provider's id in the portal (the office's roster "
                                  "page lists them).", {"type": "integer"}),
                    _param("coordinator", "Only this care coordinator's patients: their id in the portal.",
                           {"type": "integer"}),
                    _param("program", "Only members actively enrolled in this clinical program, by code (for "
                                      "example diabetes).", {"type": "string"}),
                    _param("page", "Page number. Default: 1.", {"type": "integer", "minimum": 1}, first_page=1),
                    _param("per_page", "Members per page. Default: 100.", {"type": "integer", "minimum": 1,
                                                                           "maximum": 1000}, first_page=2)],
                "responses": {
                    "200": _json(_ref("RosterGroup"), "One page of the roster.", _examples(first_page=(
                        "The first two members", {
                            "resourceType": "Group", "type": "person", "actual": True,
                            "name": f"Collaborative Care attributed members: {ORGANIZATION}",
                            "managingEntity": {"display": ORGANIZATION},
                            "characteristic": [{"code": {"text": "attributed as of"}, "valueBoolean": True,
                                                "exclude": False, "period": {"start": EXAMPLE_DAY}}],
                            "quantity": 12,
                            "member": [fhir_member("CC100000123", "Ana Rivera", "2020-01-01"),
                                       fhir_member("CC100000321", "Sam Lee", "2024-09-01")],
                            "meta": {"page": 1, "per_page": 2, "pages": 6}})), media_type="application/fhir+json"),
                    "400": _bad_input(bad_date=("A date written another way", _invalid(
                        "as_of must be a date as YYYY-MM-DD.", "as_of"))),
                    **_ERRORS},
            }},
            "/assistant/ask": {"post": {
                "operationId": "askAssistant", "summary": "Ask the assistant (public, no token; rate limited per "
                                                          "address)", "security": [],
                "description": "The portal's assistant answers general questions about Collaborative Care and its "
                               "programs from a curated knowledge base (not medical advice). It knows nobody: "
                               "the API has no session, so answers hold no personal data. Questions are logged "
                               "with personal details masked.",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _ref("AssistantRequest"),
                    "examples": _examples(
                        answer=("A question with an answer", {"question": "What does a care coordinator do?",
                                                              "audience": "provider"}),
                        no_question=("No question", {"audience": "patient"}))}}},
                "responses": {
                    "200": _json(_ref("AssistantAnswer"), "The assistant's reply.", _examples(answer=("An answer", {
                        "outcome": "answer", "topic_id": "care-coordinator", "confidence": 1.0,
                        "answer_text": ASSISTANT_ANSWER_TEXT, "answer_html": ASSISTANT_ANSWER_HTML,
                        "suggestions": [
                            {"topic_id": "case-manager", "question": "What do the health plan's case managers do?"},
                            {"topic_id": "care-programs-overview", "question": "What health programs can I join?"}],
                        "conversation_id": "vdbbfZ2QwKG0kBMi4ToeSgbeSppagPsM", "language": "en"}))),
                    "400": _bad_input(no_question=("No question", _invalid("question must be a non-empty string.",
                                                                           "question"))),
                    "429": _TOO_MANY},
            }},
            "/openapi.json": {"get": {"operationId": "getOpenApi", "summary": "This document", "security": [],
                                      "description": "The OpenAPI 3.1 description of the API, for tools.",
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
            "/docs": {"get": {"operationId": "getDocs", "summary": "This document for people (HTML)", "security": [],
                              "description": "The API's documentation with examples, as a web page.",
                              "responses": {"200": {"description": "An HTML page.",
                                                    "content": {"text/html": {"schema": {"type": "string"}}}}}}},
        },
    }
