"""The API documentation page (/api/v1/docs): public, readable without JavaScript, and true to
the API. Every worked example on it is sent to the API for real, with a token, and the answer
must have the documented shape (errors: the documented words); every example validates against
its schema, so neither the page nor the OpenAPI document can drift from what the API does."""
from __future__ import annotations

import json
import shlex
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import jsonschema
import pytest

from portal import access
from portal.blueprints.api import docs as api_docs
from portal.blueprints.api import examples, openapi
from portal.services import accounts
from portal.services.audit import Actor
from tests import factories as f

DOCS = "/api/v1/docs"
NOT_CALLS = {"getOpenApi", "getDocs"}  # the two documents: no worked example of their own


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json


def _document(app):
    """The document the page is rendered from (PORTAL_URL: http://portal.test in the tests)."""
    return openapi.openapi_document(app.config["PORTAL_URL"].rstrip("/") + "/api/v1")


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _validate(value, schema, spec):
    # The schema inside the whole document, so that its $refs (#/components/...) resolve.
    jsonschema.validate(value, {**spec, **schema})


# --- the page ----------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.ids, self.links, self.problems = [], [], [], []
        self.h1_text, self._in_h1 = "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.problems.append(f"inline style on <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.problems.append(f"inline event handler on <{tag}>")
        if tag == "script" and "src" not in attrs:
            self.problems.append("inline <script>")
        if tag == "th" and attrs.get("scope") not in ("col", "row"):
            self.problems.append("<th> without scope")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
            self._in_h1 = tag == "h1"
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1_text += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_the_docs_are_declared_public_in_the_access_table():
    """Public, like the OpenAPI document: an API reference holds no member data. Without this
    rule the page falls under the api blueprint's TOKEN rule and answers 401."""
    assert access.rule_for("api.docs") == access.ANYONE, 'portal/access.py ENDPOINT_RULES needs "api.docs": ANYONE'


def test_the_docs_are_public_html_without_a_token(client, spec):
    response = client.get(DOCS)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    page = _parse(html)
    assert page.h1_text.strip() == "API documentation" and page.headings.count(1) == 1
    assert 'href="/api/v1/openapi.json"' in html
    assert "Authorization: Bearer &lt;token&gt;" in html and "ccp_" in html
    assert "120 per minute" in html  # the rate limits are this portal's settings
    for path, method, operation in _operations(spec):
        anchor = api_docs.anchor(operation["operationId"])
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html, path
        assert f"{method.upper()}</span> <code class=\"api-path\">/api/v1{path}</code>" in html
    # A token is not needed, and a wrong one changes nothing.
    assert client.get(DOCS, headers={"Authorization": "Bearer ccp_not-a-token"}).status_code == 200


def test_the_docs_open_for_every_signed_in_role(make_client):
    for role in ("patient", "provider", "support", "admin"):
        assert make_client(role).get(DOCS).status_code == 200, role


def test_the_page_is_accessible_markup(client):
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = _parse(html)
    assert not page.problems, page.problems
    assert page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:]):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    assert len(page.ids) == len(set(page.ids)), [i for i in page.ids if page.ids.count(i) > 1]
    missing = {link for link in page.links if link.startswith("#") and link[1:] not in page.ids}
    assert not missing, missing
    # Parameters: a real table, with a row header per parameter and labels for the phone layout.
    assert '<th scope="row"><code>npi</code></th>' in html and 'data-label="Required"' in html
    # Code comes in <pre> boxes that wrap (api-docs.css), and the JSON schema is behind <details>.
    assert '<pre class="api-code"><code>curl -s' in html and "<summary>Show the JSON schema" in html


def test_the_stylesheet_keeps_code_and_tables_inside_a_phone_screen(app):
    css = (app.static_folder + "/css/api-docs.css")
    text = open(css, encoding="utf-8").read()
    assert "white-space: pre-wrap" in text and "overflow-wrap: anywhere" in text
    assert "@media (max-width: 40rem)" in text and "attr(data-label)" in text


def test_schemas_are_field_lists_with_refs_resolved(client):
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # VerificationResult -> Match -> attribution ($ref Attribution, or null) -> care_coordinator_phone
    assert "One of these 2 shapes:" in html and '<p class="api-variant-title">Match</p>' in html
    assert '<code class="api-field-name">care_coordinator_phone</code> <span class="api-field-type">string or null' \
           '</span> <strong class="api-required">required</strong>' in html
    assert '<code class="api-field-name">date_of_service</code> <span class="api-field-type">date (YYYY-MM-DD)' \
           '</span> <span class="api-optional">optional</span>' in html
    assert "$ref" not in html  # resolved everywhere, the JSON schemas included


# --- the schema renderer (unit) ---------------------------------------------------------------------


def test_the_renderer_resolves_nests_and_stops_at_cycles():
    document = {"components": {"schemas": {
        "Node": {"type": "object", "required": ["name"], "description": "A node.",
                 "properties": {"name": {"type": "string", "maxLength": 5},
                                "parent": {"oneOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
                                "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "maxItems": 3},
                                "kind": {"const": "node"}}}}}}
    schemas = api_docs.Schemas(document)
    node = schemas.field(None, {"$ref": "#/components/schemas/Node"})
    assert node.type == "object" and node.description == "A node."
    by_name = {field.name: field for field in node.fields}
    assert by_name["name"].required and by_name["name"].notes_text == "At most 5 characters."
    # A Node inside a Node: called by its name, not expanded for ever.
    assert by_name["parent"].type == "Node or null" and not by_name["parent"].required
    assert by_name["parent"].fields == [] and by_name["parent"].variants == []
    assert by_name["tags"].type == "array of strings" and by_name["tags"].notes_text == "0 to 3 items."
    assert by_name["kind"].notes_text == 'Always `"node"`.'
    assert "$ref" not in json.dumps(schemas.inlined({"$ref": "#/components/schemas/Node"})["properties"]["name"])
    assert str(api_docs.inline("use `a<b>` here")) == "use <code>a&lt;b&gt;</code> here"


# --- the examples are true -------------------------------------------------------------------------


def test_every_example_validates_against_its_schema(spec):
    checked = 0
    for path, method, operation in _operations(spec):
        if "requestBody" in operation:
            media = next(iter(operation["requestBody"]["content"].values()))
            for name, example in media.get("examples", {}).items():
                if name not in {"bad_date", "no_items", "no_question"}:  # invalid on purpose: the API says why
                    _validate(example["value"], media["schema"], spec)
                    checked += 1
        for code, response in operation["responses"].items():
            for media in response.get("content", {}).values():
                for example in media.get("examples", {}).values():
                    _validate(example["value"], media["schema"], spec)
                    checked += 1
    assert checked >= 20


def test_every_call_has_a_worked_example_with_curl(app):
    document = _document(app)
    docs = api_docs.build(document)
    by_id = {op.operation_id: op for op in docs.operations}
    assert set(by_id) == {op["operationId"] for _, _, op in _operations(document)}
    for op in docs.operations:
        if op.operation_id in NOT_CALLS:
            continue
        assert op.examples and any(ex.status == "200" for ex in op.examples), op.operation_id
        for ex in op.examples:
            words = shlex.split(ex.curl.replace("\\\n", " "))
            assert words[:2] == ["curl", "-s"]
            assert ("-X" in words) == (op.method != "GET")
            assert f"http://portal.test/api/v1{ex.request.path}" in words
            assert ("Authorization: Bearer $TOKEN" in words) == (not op.public)
            if ex.request.body is not None:  # the body on the command line is the documented one
                assert json.loads(words[words.index("-d") + 1]) == ex.request.body == json.loads(ex.request_body)


def _shape(value):
    if isinstance(value, dict):
        return ("object", tuple(sorted((key, _shape(item)) for key, item in value.items())))
    if isinstance(value, list):
        return ("array", frozenset(_shape(item) for item in value))
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, (int, float)) else "string"


def _differences(documented, real, where="$"):
    """Where the real answer's keys or types differ from the documented example's; a list is
    compared as the set of its items' shapes (so a batch's match, error and no match count)."""
    if isinstance(documented, dict) and isinstance(real, dict):
        out = [f"{where}: documented key {key!r} is not in the real answer" for key in documented.keys() - real.keys()]
        out += [f"{where}: the real answer has the undocumented key {key!r}" for key in real.keys() - documented.keys()]
        for key in documented.keys() & real.keys():
            out += _differences(documented[key], real[key], f"{where}.{key}")
        return out
    if isinstance(documented, list) and isinstance(real, list):
        if not documented or not real:
            return [] if not documented and not real else [f"{where}: {len(documented)} documented items, "
                                                           f"{len(real)} real ones"]
        if {_shape(item) for item in documented} == {_shape(item) for item in real}:
            return []
        if len(documented) == len(real):
            return [problem for index, (d, r) in enumerate(zip(documented, real))
                    for problem in _differences(d, r, f"{where}[{index}]")]
        return [f"{where}: the items have other shapes than the documented ones"]
    if _shape(documented) != _shape(real):
        return [f"{where}: documented {_shape(documented)}, real {_shape(real)}"]
    return []


def test_the_shape_comparison_is_not_vacuous():
    assert _differences({"a": 1, "b": [{"c": "x"}]}, {"a": 2, "b": [{"c": "y"}, {"c": "z"}]}) == []
    assert _differences({"a": 1}, {"a": "1"}) == ["$.a: documented number, real string"]
    assert _differences({"a": 1}, {"a": 1, "b": 2}) == ["$: the real answer has the undocumented key 'b'"]
    assert _differences({"l": [{"x": 1}]}, {"l": [{"y": 1}]})
    assert _differences({"l": [1]}, {"l": []})
    assert _differences({"v": None}, {"v": "2026-01-01"})


@pytest.fixture
def example_world(db):
    """The people, provider and programs the documented examples name (openapi.py)."""
    org = f.organization(name="Example Medical Group")
    program = f.program(org, name="Collaborative Care - Example Medical Group",
                        slug="example-medical-group-springfield-il")
    pcp = f.provider(programs=[program], npi=examples.EXAMPLE_NPI, first_name="Maria", last_name="Garcia")
    coordinator = f.care_coordinator(org, first_name="Casey", last_name="Morgan", phone="217-555-0142")
    member = f.member(member_id=examples.EXAMPLE_MEMBER["member_id"], first_name="Ana",
                      last_name=examples.EXAMPLE_MEMBER["last_name"],
                      date_of_birth=date.fromisoformat(examples.EXAMPLE_MEMBER["date_of_birth"]))
    f.attribution(member, program, pcp=pcp, care_coordinator=coordinator, start_date=date(2020, 1, 1))
    other = f.member(member_id="CC100000321", first_name="Sam", last_name="Lee")
    f.attribution(other, program, pcp=pcp, care_coordinator=coordinator, start_date=date(2024, 9, 1))
    diabetes = f.clinical_program(code="diabetes", name="Diabetes", category="chronic")
    stress = f.clinical_program(code="stress-management", name="Stress management")
    f.enrollment(member, diabetes, enrolled_at=datetime(2026, 1, 15, tzinfo=timezone.utc))
    f.enrollment(member, stress, status="withdrawn", withdrawn_at=datetime(2026, 2, 1, tzinfo=timezone.utc))
    heart = f.organization(name="Example Heart Specialists", city="Austin", state="TX")
    f.program(heart, name="Collaborative Care for Specialists: Cardiology - Example Heart Specialists",
              slug="example-heart-specialists-austin-tx", arrangement="specialist", specialty="cardiology",
              effective_date=date(2018, 4, 1), is_demo=False)
    office_user = f.user("provider", organization=org)
    db.commit()
    _, raw = accounts.create_api_token(db, Actor(role="admin"), office_user, "documentation test")
    return raw


def _send(client, request: api_docs.ExampleRequest, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token and request.token else {}
    return client.open("/api/v1" + request.path, method=request.method, headers=headers,
                       **({"json": request.body} if request.body is not None else {}))


def test_every_worked_example_is_what_the_api_answers(app, example_world, client):
    docs = api_docs.build(_document(app))
    sent = 0
    for op in docs.operations:
        for ex in op.examples:
            response = _send(client, ex.request, example_world)
            label = f"{op.method} {op.path} example {ex.name!r}"
            assert str(response.status_code) == ex.status, f"{label}: {response.status_code} {response.json}"
            assert response.mimetype == ex.media_type, label
            if response.status_code < 400:
                problems = _differences(ex.response, response.json)
                assert not problems, f"{label}:\n" + "\n".join(problems)
            else:  # errors are deterministic: the documented words are the API's words
                assert response.json == ex.response, label
            sent += 1
    assert sent >= 12


def test_the_shared_401_and_429_examples_are_what_the_api_answers(app, client, example_world, monkeypatch):
    document = _document(app)
    docs = api_docs.build(document)
    unauthorized = json.loads(docs.shared_examples["401"][1])
    too_many = json.loads(docs.shared_examples["429"][1])
    assert unauthorized == openapi.UNAUTHORIZED and too_many == openapi.TOO_MANY
    for op in docs.operations:
        if op.public or not op.examples:
            continue
        response = _send(client, op.examples[0].request, token=None)
        assert response.status_code == 401 and response.json == unauthorized, op.path
        assert response.headers["WWW-Authenticate"].startswith("Bearer ")

    by_id = {op.operation_id: op for op in docs.operations}
    monkeypatch.setitem(app.config, "RATELIMIT_API", "1 per minute")
    programs = by_id["searchPrograms"].examples[0].request
    first, second = _send(client, programs, example_world), _send(client, programs, example_world)
    assert first.status_code == 200 and second.status_code == 429 and second.json == too_many
    for header in ("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        assert header in second.headers, header
    documented = {name for name, _ in docs.rate_headers}
    assert documented == {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}
    assert documented <= set(first.headers.keys())

    monkeypatch.setitem(app.config, "RATELIMIT_ASSISTANT", "1 per minute")
    ask = by_id["askAssistant"].examples[0].request
    assert _send(client, ask, None).status_code == 200
    limited = _send(client, ask, None)
    assert limited.status_code == 429 and limited.json == too_many


def test_the_document_names_the_portal_never_the_host_header(client, app):
    sent = client.get("/api/v1/openapi.json", headers={"Host": "evil.example"})
    servers = [server["url"] for server in sent.json["servers"]]
    assert servers == [app.config["PORTAL_URL"].rstrip("/") + "/api/v1"] and "evil" not in sent.get_data(as_text=True)
