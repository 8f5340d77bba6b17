"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json).

Schemas are JSON Schema 2020-12; the test suite validates real responses against them, so
the document cannot drift from what the API does.
"""
from __future__ import annotations

from typing import Any

from portal.models import SPECIALTIES

_DATE = {"type": "string", "format": "date"}
_NULLABLE_STR = {"type": ["string", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "400": _json(_ref("Error"), "Invalid input: `error.field` names the field at fault."),
    "401": _json(_ref("Error"), "Missing, unknown, revoked or disabled token."),
    "429": _json(_ref("Error"), "Too many requests for this token: wait and retry."),
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["status", "title", "message"], "properties": {
            "status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"},
            "field": {"type": "string"}}}},
    },
    "VerificationRequest": {
        "type": "object", "required": ["member_id", "date_of_birth", "last_name"],
        "properties": {"member_id": {"type": "string", "maxLength": 20}, "date_of_birth": _DATE,
                       "last_name": {"type": "string", "maxLength": 80},
                       "date_of_service": {**_DATE, "description": "Default: today."}},
    },
    "Attribution": {
        "type": "object",
        "required": ["program", "program_slug", "organization", "pcp", "pcp_npi", "care_coordinator",
                     "care_coordinator_phone", "start_date", "end_date"],
        "properties": {"program": {"type": "string"}, "program_slug": {"type": "string"},
                       "organization": {"type": "string"}, "pcp": _NULLABLE_STR, "pcp_npi": _NULLABLE_STR,
                       "care_coordinator": _NULLABLE_STR, "care_coordinator_phone": _NULLABLE_STR,
                       "start_date": _DATE, "end_date": {"type": ["string", "null"], "format": "date"}},
    },
    "Enrollment": {
        "type": "object", "required": ["program", "category", "status", "since"],
        "properties": {"program": {"type": "string"}, "category": {"enum": ["lifestyle", "chronic"]},
                       "status": {"enum": ["active", "withdrawn", "completed"]}, "since": _DATE},
    },
    "VerificationResult": {
        "description": "A match carries the member's name, date of birth, attribution on the date of service "
                       "and enrollments; no match carries only a generic message, whatever field was wrong.",
        "oneOf": [
            {"type": "object", "required": ["match", "message"], "additionalProperties": False,
             "properties": {"match": {"const": False}, "message": {"type": "string"},
                            "reference": {"type": "string"}}},
            {"type": "object",
             "required": ["match", "member_id", "date_of_service", "first_name", "last_name", "date_of_birth",
                          "attributed", "attribution", "enrollments"],
             "additionalProperties": False,
             "properties": {"match": {"const": True}, "reference": {"type": "string"}, "member_id": {"type": "string"},
                            "date_of_service": _DATE, "first_name": {"type": "string"},
                            "last_name": {"type": "string"}, "date_of_birth": _DATE, "attributed": {"type": "boolean"},
                            "attribution": {"oneOf": [_ref("Attribution"), {"type": "null"}]},
                            "enrollments": {"type": "array", "items": _ref("Enrollment")}}},
        ],
    },
    "BatchRequest": {
        "type": "object", "required": ["items"],
        "properties": {"items": {"type": "array", "minItems": 1, "maxItems": 1000,
                                 "items": _ref("VerificationRequest")}},
    },
    "BatchResult": {
        "type": "object", "required": ["reference", "count", "results"],
        "properties": {"reference": {"type": "string"}, "count": {"type": "integer"}, "results": {
            "type": "array", "items": {"type": "object", "required": ["index", "status"], "properties": {
                "index": {"type": "integer"}, "status": {"enum": ["match", "no_match", "error"]},
                "field": {"type": "string"}, "error": {"type": "string"},
                "result": _ref("VerificationResult")}}}},
    },
    "Provider": {
        "type": "object",
        "required": ["npi", "name", "specialty", "primary_care", "organization", "as_of", "participating",
                     "participations"],
        "properties": {"npi": {"type": "string", "pattern": "^[12][0-9]{9}$"}, "name": {"type": "string"},
                       "specialty": {"type": "string"}, "primary_care": {"type": "boolean"},
                       "organization": {"type": "string"}, "as_of": _DATE, "participating": {"type": "boolean"},
                       "participations": {"type": "array", "items": {"type": "object", "properties": {
                           "program": {"type": "string"}, "program_slug": {"type": "string"},
                           "state": {"type": "string"}, "start_date": _DATE,
                           "end_date": {"type": ["string", "null"], "format": "date"},
                           "active": {"type": "boolean"}}}}},
    },
    "ProgramList": {
        "type": "object", "required": ["total", "page", "per_page", "programs"],
        "properties": {"total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                       "programs": {"type": "array", "items": {"type": "object", "required": [
                           "slug", "name", "organization", "arrangement", "specialty", "city", "state",
                           "effective_date", "end_date", "demo_data"], "properties": {
                           "slug": {"type": "string"}, "name": {"type": "string"},
                           "organization": {"type": "string"},
                           "arrangement": {"enum": ["primary_care", "specialist"]},
                           "specialty": {"type": ["string", "null"]}, "city": {"type": "string"},
                           "state": {"type": "string"}, "effective_date": _DATE,
                           "end_date": {"type": ["string", "null"], "format": "date"},
                           "demo_data": {"type": "boolean"}, "score": {"type": ["number", "null"]}}}}},
    },
    "AssistantRequest": {
        "type": "object", "required": ["question"],
        "properties": {"question": {"type": "string", "maxLength": 10000},
                       "audience": {"enum": ["patient", "provider"], "default": "patient"},
                       "conversation_id": {"type": "string", "maxLength": 64, "description": (
                           "The conversation_id of the previous answer, to continue that conversation: "
                           "follow-ups (\"and for heart disease?\"), picking a suggestion by number or words "
                           "(\"2\", \"the tobacco one\"), \"not what I meant\". Omit it to start a new one. "
                           "A conversation is forgotten ASSISTANT_CONVERSATION_MINUTES (30 by default) after its "
                           "last question; an unknown or expired id starts a new conversation.")}},
    },
    "AssistantAnswer": {
        "type": "object", "additionalProperties": False,
        "required": ["outcome", "topic_id", "confidence", "answer_text", "answer_html", "suggestions",
                     "conversation_id"],
        "properties": {"outcome": {"enum": ["answer", "clarify", "fallback", "emergency"]},
                       "topic_id": {"type": ["string", "null"]},
                       "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                       "answer_text": {"type": "string"},
                       "answer_html": {"type": "string", "description": (
                           "Sanitized HTML. An emergency's reply (checked before anything else, on the whole "
                           "question) links its numbers: tel:911, tel:988 and sms:988 (and Poison Help or the "
                           "National Domestic Violence Hotline where they apply); show it as HTML or, if you "
                           "cannot, answer_text.")},
                       "suggestions": {"type": "array", "items": {"type": "object", "required": ["topic_id", "question"],
                                                                  "properties": {"topic_id": {"type": "string"},
                                                                                 "question": {"type": "string"}}}},
                       "conversation_id": {"type": "string", "description": (
                           "Send it back with the next question to continue this conversation.")}},
    },
    "RosterGroup": {
        "description": "A FHIR-style Group (Da Vinci ATR member attribution list): one page of the office's "
                       "attributed members.",
        "type": "object", "required": ["resourceType", "type", "actual", "quantity", "member", "meta"],
        "properties": {"resourceType": {"const": "Group"}, "type": {"const": "person"}, "actual": {"const": True},
                       "name": {"type": "string"}, "quantity": {"type": "integer"},
                       "meta": {"type": "object", "properties": {"page": {"type": "integer"},
                                                                 "per_page": {"type": "integer"},
                                                                 "pages": {"type": "integer"}}},
                       "member": {"type": "array", "items": {"type": "object", "required": ["entity", "period"],
                                                             "properties": {"entity": {"type": "object"},
                                                                            "period": {"type": "object"},
                                                                            "inactive": {"type": "boolean"},
                                                                            "extension": {"type": "array"}}}}},
    },
}


def _param(name: str, description: str, schema: dict[str, Any], where: str = "query", required: bool = False):
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def openapi_document(server_url: str) -> dict[str, Any]:
    secured = [{"bearerAuth": []}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Collaborative Care Partner Portal API",
            "version": "1.0.0",
            "description": "For physician offices' systems: verify members' attribution and enrollments, providers' "
                           "participation, the office's attributed roster, and the public program directory. "
                           "Every call needs an office user's API token (Authorization: Bearer ...), is rate "
                           "limited per token, and every member lookup is audited.",
        },
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": {
            "/verifications": {"post": {
                "summary": "Verify one member", "security": secured,
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _ref("VerificationRequest")}}},
                "responses": {"200": _json(_ref("VerificationResult"), "Match or a generic no match."), **_ERRORS},
            }},
            "/verifications/batch": {"post": {
                "summary": "Verify up to 1,000 members", "security": secured,
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("BatchRequest")}}},
                "responses": {"200": _json(_ref("BatchResult"), "One result per item, in order."), **_ERRORS},
            }},
            "/providers/{npi}": {"get": {
                "summary": "A provider's participation on a date", "security": secured,
                "parameters": [_param("npi", "10-digit NPI", {"type": "string"}, "path", True),
                               _param("date", "Default: today", _DATE)],
                "responses": {"200": _json(_ref("Provider"), "The provider and their participations."),
                              "404": _json(_ref("Error"), "No provider with this NPI."), **_ERRORS},
            }},
            "/programs": {"get": {
                "summary": "Search the program directory", "security": secured,
                "parameters": [_param("q", "Text, typos tolerated", {"type": "string", "maxLength": 200}),
                               _param("state", "Two-letter state code", {"type": "string"}),
                               _param("specialty", "Specialist arrangements of one specialty",
                                      {"enum": list(SPECIALTIES)}),
                               _param("page", "Page number", {"type": "integer", "minimum": 1}),
                               _param("per_page", "Results per page", {"type": "integer", "maximum": 200})],
                "responses": {"200": _json(_ref("ProgramList"), "Matching programs."), **_ERRORS},
            }},
            "/roster": {"get": {
                "summary": "The office's attributed roster (one page)", "security": secured,
                "parameters": [_param("as_of", "Attributed on (default today)", _DATE),
                               _param("new_since", "Attributions started on or after", _DATE),
                               _param("dropped_since", "Attributions ended between this day and as_of", _DATE),
                               _param("pcp", "Provider id of the PCP", {"type": "integer"}),
                               _param("coordinator", "Care coordinator id", {"type": "integer"}),
                               _param("program", "Actively enrolled in this clinical program (code)",
                                      {"type": "string"}),
                               _param("page", "Page number", {"type": "integer", "minimum": 1}),
                               _param("per_page", "Members per page", {"type": "integer", "maximum": 1000})],
                "responses": {"200": {"description": "A FHIR-style Group.", "content": {
                    "application/fhir+json": {"schema": _ref("RosterGroup")}}}, **_ERRORS},
            }},
            "/assistant/ask": {"post": {
                "summary": "Ask the assistant (public, no token; rate limited per address)", "security": [],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _ref("AssistantRequest")}}},
                "responses": {"200": _json(_ref("AssistantAnswer"), "The assistant's reply."),
                              "400": _ERRORS["400"], "429": _ERRORS["429"]},
            }},
            "/openapi.json": {"get": {"summary": "This document", "security": [],
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        },
    }
