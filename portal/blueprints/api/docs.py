"""The API documentation page (/api/v1/docs), built from the OpenAPI document.

Nothing here is written twice: operations, parameters, request bodies and responses come from
openapi_document(), schemas become indented field lists (name, type, required, description,
constraints) with every $ref resolved, and each worked example is the request made of the
operation's named examples (see portal/blueprints/api/openapi.py) with the response documented
for it. The same ExampleRequest that prints the curl command is the one tests/test_api_docs.py
sends to the API, so the page cannot show a call that does not work.
"""
from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

METHODS = ("get", "post", "put", "patch", "delete")
# Responses that every secured call can give, shown once in the introduction with their example.
SHARED_RESPONSES = {"401": "authentication", "429": "rate-limits"}
ERROR_SCHEMA = "#/components/schemas/Error"
# The operations' summaries (openapi.py writes them in English, the document's language), marked
# so that the page can show them in the reader's language: the template passes each summary to
# gettext, which leaves one missing here (or from the catalog) in English. The rest of the
# reference (descriptions of operations, fields, parameters and responses) stays in English.
SUMMARIES = (_l("Verify one member"), _l("Verify up to 1,000 members"), _l("A provider's participation on a date"),
             _l("Search the program directory"), _l("The office's attributed roster (one page)"),
             _l("Ask the assistant (public, no token; rate limited per address)"), _l("This document"),
             _l("This document for people (HTML)"))


def inline(text: str | None) -> Markup:
    """A description's text as HTML: escaped, with `code` spans (the only markup the document uses)."""
    parts = re.split(r"`([^`]+)`", text or "")
    return Markup("").join(Markup("<code>{}</code>").format(part) if index % 2 else escape(part)
                           for index, part in enumerate(parts))


def sentence(notes: list[str]) -> str:
    """["one of `a`", "at most 20 characters"] -> "One of `a`; at most 20 characters." (the notes
    may be lazy strings: the sentence is in the reader's language)"""
    text = "; ".join(str(note) for note in notes)
    return text[:1].upper() + text[1:] + "." if text else ""


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def anchor(operation_id: str) -> str:
    """verifyMember -> verify-member (the operation's id on the page)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", operation_id).lower()


# --- schemas as field lists ---------------------------------------------------------------------


@dataclass
class Field:
    """One property: `fields` are an object's (or an array's objects') properties, `variants` the
    alternatives of a oneOf."""

    name: str | None
    type: str
    required: bool = False
    description: str = ""
    notes: list[str] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    variants: list[Field] = field(default_factory=list)

    @property
    def notes_text(self) -> str:
        return sentence(self.notes)


class Schemas:
    def __init__(self, document: dict[str, Any]):
        self.document = document

    def resolve(self, schema: dict[str, Any], seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], tuple[str, ...]]:
        """The schema a $ref points to (its siblings, e.g. a description, kept over it)."""
        while "$ref" in schema and schema["$ref"] not in seen:
            ref = schema["$ref"]
            target: Any = self.document
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            seen = (*seen, ref)
            schema = {**target, **{key: value for key, value in schema.items() if key != "$ref"}}
        return schema, seen

    def inlined(self, schema: Any, seen: tuple[str, ...] = ()) -> Any:
        """The schema with every $ref replaced by what it points to (for "Show the JSON schema")."""
        if isinstance(schema, dict):
            if "$ref" in schema and schema["$ref"] in seen:
                return schema
            resolved, seen = self.resolve(schema, seen) if "$ref" in schema else (schema, seen)
            return {key: self.inlined(value, seen) for key, value in resolved.items()}
        if isinstance(schema, list):
            return [self.inlined(item, seen) for item in schema]
        return schema

    def type_label(self, schema: dict[str, Any], seen: tuple[str, ...] = ()) -> str:
        schema, seen = self.resolve(schema, seen)
        if "$ref" in schema:  # a schema inside itself: called by its name
            return schema["$ref"].rpartition("/")[2]
        if "oneOf" in schema:
            labels = [self.type_label(option, seen) for option in schema["oneOf"]]
            return " or ".join(dict.fromkeys(labels))
        if "const" in schema:
            return _json_type(schema["const"])
        if "enum" in schema:
            return " or ".join(dict.fromkeys(_json_type(value) for value in schema["enum"]))
        kind = schema.get("type")
        if isinstance(kind, list):
            return " or ".join(self.type_label({**schema, "type": one}, seen) for one in kind)
        if kind == "array":
            items = self.type_label(schema.get("items", {}), seen)
            return f"array of {_plural(items)}"
        if kind == "string" and schema.get("format") == "date":
            return "date (YYYY-MM-DD)"
        if kind == "string" and schema.get("format"):
            return f"string ({schema['format']})"
        return kind or ("object" if "properties" in schema else "any")

    def notes(self, schema: dict[str, Any]) -> list[str]:
        """The schema's constraints in words, lazy: the page is built once and read in either language."""
        schema, _seen = self.resolve(schema)
        notes = []
        number, code = "{:,}".format, "`{}`".format
        if "const" in schema:
            notes.append(_l("always %(value)s", value=code(json.dumps(schema["const"]))))
        if "enum" in schema:
            notes.append(_l("one of %(values)s", values=", ".join(map(code, schema["enum"]))))
        if "default" in schema:
            notes.append(_l("default %(value)s", value=code(schema["default"])))
        if "minLength" in schema:
            notes.append(_l("at least %(num)s characters", num=number(schema["minLength"])))
        if "maxLength" in schema:
            notes.append(_l("at most %(num)s characters", num=number(schema["maxLength"])))
        if "minimum" in schema and "maximum" in schema:
            notes.append(_l("from %(low)s to %(high)s", low=number(schema["minimum"]),
                            high=number(schema["maximum"])))
        elif "minimum" in schema:
            notes.append(_l("at least %(num)s", num=number(schema["minimum"])))
        elif "maximum" in schema:
            notes.append(_l("at most %(num)s", num=number(schema["maximum"])))
        if "minItems" in schema or "maxItems" in schema:
            notes.append(_l("%(low)s to %(high)s items", low=number(schema.get("minItems", 0)),
                            high=number(schema["maxItems"])) if "maxItems" in schema
                         else _l("at least %(num)s items", num=number(schema["minItems"])))
        if "pattern" in schema:
            notes.append(_l("matches %(pattern)s", pattern=code(schema["pattern"])))
        return notes

    def field(self, name: str | None, schema: dict[str, Any], required: bool = False,
              seen: tuple[str, ...] = ()) -> Field:
        description = schema.get("description", "")  # the one at the place of use first
        resolved, inner_seen = self.resolve(schema, seen)
        item = Field(name, self.type_label(schema, seen), required, description or resolved.get("description", ""),
                     self.notes(schema))
        if "$ref" in resolved:  # a schema that refers to itself: named, not expanded
            return item
        options = [option for option in resolved.get("oneOf", [])
                   if self.resolve(option, inner_seen)[0].get("type") != "null"]
        if len(options) == 1:  # "an object or null"
            inner = self.field(None, options[0], seen=inner_seen)
            item.fields, item.variants = inner.fields, inner.variants
        elif options:
            for option in options:
                variant = self.field(None, option, seen=inner_seen)
                variant.name = self.resolve(option, inner_seen)[0].get("title")
                item.variants.append(variant)
        else:
            item.fields = self.properties(resolved, inner_seen)
            if not item.fields and resolved.get("type") == "array":
                items = self.field(None, resolved.get("items", {}), seen=inner_seen)
                item.fields, item.variants = items.fields, items.variants
        return item

    def properties(self, schema: dict[str, Any], seen: tuple[str, ...]) -> list[Field]:
        required = set(schema.get("required", []))
        return [self.field(name, prop, name in required, seen) for name, prop in schema.get("properties", {}).items()]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "object"


def _plural(label: str) -> str:
    if label.startswith("array"):
        return "arrays"
    if label.startswith("date"):
        return "dates (YYYY-MM-DD)"
    return " or ".join(word + "s" for word in label.split(" or "))


# --- operations -----------------------------------------------------------------------------------


@dataclass
class Parameter:
    name: str
    where: str
    required: bool
    type: str
    description: str
    notes: list[str]
    example: Any

    @property
    def notes_text(self) -> str:
        return sentence(self.notes)


@dataclass
class Body:
    media_type: str
    shape: Field
    schema_json: str


@dataclass
class Response:
    code: str
    phrase: str
    description: str
    media_type: str | None
    shape: Field | None
    schema_json: str | None
    error: bool  # answers the Error object, described once in the introduction
    shared: str | None  # the introduction's section about this response (401, 429)
    headers: list[tuple[str, str]]


@dataclass
class ExampleRequest:
    method: str
    path: str  # under the server URL, with the query string
    body: Any = None
    token: bool = True

    def curl(self, server_url: str) -> str:
        lines = [f"curl -s{' -X ' + self.method if self.method != 'GET' else ''} {shlex.quote(server_url + self.path)}"]
        if self.token:
            lines.append('-H "Authorization: Bearer $TOKEN"')
        if self.body is not None:
            lines.append("-H 'Content-Type: application/json'")
            lines.append("-d " + shlex.quote(json.dumps(self.body, ensure_ascii=False)))
        return " \\\n  ".join(lines)


@dataclass
class Example:
    name: str
    summary: str
    request: ExampleRequest
    curl: str
    request_body: str | None
    status: str
    phrase: str
    media_type: str
    response: Any

    @property
    def response_json(self) -> str:
        return to_json(self.response)


@dataclass
class Operation:
    id: str
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    public: bool
    parameters: list[Parameter]
    body: Body | None
    responses: list[Response]
    examples: list[Example]


@dataclass
class Docs:
    title: str
    version: str
    server_url: str
    base_path: str  # the server URL's path, before each operation's path
    operations: list[Operation]
    error_shape: Field
    shared_examples: dict[str, tuple[str, str]]  # "401" -> (description, JSON)
    rate_headers: list[tuple[str, str]]


def _media(content: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    media_type = next(iter(content))
    return media_type, content[media_type]


def _is_public(document: dict[str, Any], operation: dict[str, Any]) -> bool:
    return operation.get("security", document.get("security")) == []


def _body_examples(operation: dict[str, Any]) -> dict[str, Any]:
    return _media(operation["requestBody"]["content"])[1].get("examples", {}) if "requestBody" in operation else {}


def _response_examples(operation: dict[str, Any], codes=lambda code: code not in SHARED_RESPONSES):
    """(name, code, media type, Example Object) of the responses whose code passes `codes`."""
    for code, response in operation.get("responses", {}).items():
        if codes(code):
            for media_type, media in response.get("content", {}).items():
                for name, example in media.get("examples", {}).items():
                    yield name, code, media_type, example


def example_requests(document: dict[str, Any], path: str, method: str,
                     operation: dict[str, Any]) -> dict[str, ExampleRequest]:
    """The operation's worked examples by name: the request each one sends."""
    body_examples = _body_examples(operation)
    requests = {}
    for name, *_ in _response_examples(operation):
        url, query = path, []
        for parameter in operation.get("parameters", []):
            value = parameter.get("examples", {}).get(name, {}).get("value")
            if value is None and parameter["in"] == "path":
                raise ValueError(f"{method.upper()} {path}: example {name!r} has no value for {parameter['name']}")
            if value is None:
                continue
            if parameter["in"] == "path":
                url = url.replace("{" + parameter["name"] + "}", quote(str(value), safe=""))
            else:
                query.append((parameter["name"], value))
        if "requestBody" in operation and name not in body_examples:
            raise ValueError(f"{method.upper()} {path}: example {name!r} has no request body")
        body = body_examples[name]["value"] if name in body_examples else None
        requests[name] = ExampleRequest(method.upper(), url + (f"?{urlencode(query)}" if query else ""), body,
                                        token=not _is_public(document, operation))
    return requests


def _parameters(schemas: Schemas, operation: dict[str, Any]) -> list[Parameter]:
    # A parameter's example in its table: one of a call that succeeds (not the wrong date of an error).
    succeeding = {name for name, *_ in _response_examples(operation, lambda code: code.startswith("2"))}
    return [Parameter(p["name"], p["in"], p.get("required", False), schemas.type_label(p["schema"]),
                      p.get("description", ""), schemas.notes(p["schema"]),
                      next((e["value"] for name, e in p.get("examples", {}).items() if name in succeeding), None))
            for p in operation.get("parameters", [])]


def _body(schemas: Schemas, operation: dict[str, Any]) -> Body | None:
    if "requestBody" not in operation:
        return None
    media_type, media = _media(operation["requestBody"]["content"])
    return Body(media_type, schemas.field(None, media["schema"]), to_json(schemas.inlined(media["schema"])))


def _responses(schemas: Schemas, operation: dict[str, Any]) -> list[Response]:
    responses = []
    for code, response in sorted(operation.get("responses", {}).items()):
        media_type, media = _media(response["content"]) if response.get("content") else (None, {})
        schema = media.get("schema")
        is_error = bool(schema) and schema.get("$ref") == ERROR_SCHEMA
        fields = schema is not None and not is_error and schema.get("type") != "string"
        responses.append(Response(
            code, HTTPStatus(int(code)).phrase, response.get("description", ""), media_type,
            schemas.field(None, schema) if fields else None, to_json(schemas.inlined(schema)) if fields else None,
            is_error, SHARED_RESPONSES.get(code),
            [(name, header.get("description", "")) for name, header in response.get("headers", {}).items()]))
    return responses


def _examples(document: dict[str, Any], server_url: str, path: str, method: str,
              operation: dict[str, Any]) -> list[Example]:
    answers = {name: (code, media_type, example) for name, code, media_type, example in _response_examples(operation)}
    body_examples = _body_examples(operation)
    examples = []
    for name, request in example_requests(document, path, method, operation).items():
        code, media_type, answer = answers[name]
        sent = body_examples.get(name, {})
        examples.append(Example(name, sent.get("summary") or answer.get("summary", name), request,
                                request.curl(server_url), to_json(sent["value"]) if "value" in sent else None,
                                code, HTTPStatus(int(code)).phrase, media_type, answer["value"]))
    return examples


def build(document: dict[str, Any]) -> Docs:
    schemas = Schemas(document)
    server_url = document["servers"][0]["url"]
    operations, shared, rate_headers = [], {}, []
    for path, item in document["paths"].items():
        for method in (method for method in METHODS if method in item):
            op = item[method]
            operation_id = op.get("operationId") or f"{method}{path}"
            operations.append(Operation(
                anchor(operation_id), operation_id, method.upper(), path, op.get("summary", ""),
                op.get("description", ""), _is_public(document, op), _parameters(schemas, op), _body(schemas, op),
                _responses(schemas, op), _examples(document, server_url, path, method, op)))
            for code, response in op.get("responses", {}).items():
                if code in SHARED_RESPONSES and code not in shared:  # shown once, in the introduction
                    example = next(iter(_media(response["content"])[1].get("examples", {}).values()))
                    shared[code] = (response.get("description", ""), to_json(example["value"]))
                if code == "429" and not rate_headers:
                    rate_headers = [(name, header.get("description", ""))
                                    for name, header in response.get("headers", {}).items()
                                    if name.lower().startswith("x-ratelimit-")]
    info = document["info"]
    return Docs(info["title"], info["version"], server_url, urlsplit(server_url).path.rstrip("/"), operations,
                schemas.field(None, {"$ref": ERROR_SCHEMA}), shared, rate_headers)
