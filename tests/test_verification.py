"""Office verification: one patient (web and API), batches (CSV and API), recent results,
provider checks, the attributed roster, and what each writes to the audit trail."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta, timezone

import jsonschema
import pytest
from markupsafe import escape
from sqlalchemy import event, func, select, update

from portal.formatting import long_date
from portal.models import AuditEvent, VerificationRecord, utcnow
from portal.services import accounts, verification
from portal.services.audit import Actor
from portal.services.verification import NO_MATCH, VerificationError, build_query
from tests import factories as f
from tests.helpers import post

TODAY = date.today()


@pytest.fixture
def care(db):
    """An attributed member with a PCP, a coordinator and enrollments, in an organization."""
    org = f.organization(name="Harbor Medical Group")
    program = f.program(org, name="Collaborative Care - Harbor Medical Group")
    pcp = f.provider(programs=[program], first_name="Maria", last_name="Garcia")
    coordinator = f.care_coordinator(org, first_name="Casey", last_name="Nurse", phone="310-555-0142")
    member = f.member(first_name="Ana", last_name="Núñez-O'Brien", date_of_birth=date(1975, 3, 9), zip="90503")
    f.attribution(member, program, pcp=pcp, care_coordinator=coordinator, start_date=date(2020, 1, 1))
    diabetes = f.clinical_program(code="diabetes", name="Diabetes", category="chronic")
    stress = f.clinical_program(code="stress-management", name="Stress management")
    f.enrollment(member, diabetes)
    f.enrollment(member, stress, status="withdrawn", withdrawn_at=datetime(2026, 2, 1, tzinfo=timezone.utc))
    db.commit()
    return {"org": org, "program": program, "member": member, "pcp": pcp, "coordinator": coordinator}


@pytest.fixture
def office(make_client, care):
    return make_client("provider", organization=care["org"])


def _verify(client, member, **overrides):
    data = {"member_id": member.member_id, "date_of_birth": member.date_of_birth.isoformat(),
            "last_name": member.last_name, "date_of_service": TODAY.isoformat()}
    data.update(overrides)
    return post(client, "/office/verify", data)


def audit_rows(db, action):
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


# --- validation (unit) --------------------------------------------------------------------------


@pytest.mark.parametrize("args, field", [
    (("", "1975-03-09", "Rivera"), "member_id"),
    (("CC1'; DROP TABLE members;--", "1975-03-09", "Rivera"), "member_id"),
    (("CC123", "1975-02-31", "Rivera"), "date_of_birth"),
    (("CC123", "09/03/75", "Rivera"), "date_of_birth"),
    (("CC123", "not a date", "Rivera"), "date_of_birth"),
    (("CC123", (TODAY + timedelta(days=1)).isoformat(), "Rivera"), "date_of_birth"),
    (("CC123", "1975-03-09", ""), "last_name"),
    (("CC123", "1975-03-09", "<script>"), "last_name"),
    (("CC123", "1975-03-09", "Rivera", "1970-01-01"), "date_of_service"),
    (("CC123", "1975-03-09", "Rivera", "2031-13-01"), "date_of_service"),
])
def test_bad_input_names_the_field(args, field):
    # The day the cases were written for (TODAY, at collection), even when the run crosses midnight.
    with pytest.raises(VerificationError) as error:
        build_query(*args, today=TODAY)
    assert error.value.field == field


def test_us_dates_and_default_date_of_service():
    query = build_query(" cc 123 ", "03/09/1975", "  Rivera ")
    assert query.member_ref == "CC123" and query.date_of_birth == date(1975, 3, 9)
    assert query.date_of_service == date.today()


# --- one patient on the web --------------------------------------------------------------------


def test_match_confirm_then_details(office, care, db):
    member = care["member"]
    response = _verify(office, member, last_name="nunez obrien")  # case, accents, hyphen, apostrophe
    assert response.status_code == 302
    page = office.get(response.headers["Location"]).get_data(as_text=True)
    # Confirm step: name and date of birth only.
    assert "Is this your patient?" in page and "Ana" in page and "March 9, 1975" in page
    assert care["program"].name not in page and "310-555-0142" not in page
    reference = re.search(r"Reference <strong>(V-[0-9A-F]+)</strong>", page).group(1)
    confirmed = post(office, f"/office/verify/{reference}/confirm", {"answer": "yes"})
    page = office.get(confirmed.headers["Location"]).get_data(as_text=True)
    for text in (care["program"].name, "Harbor Medical Group", "Maria Garcia", "Casey Nurse", "310-555-0142",
                 "January 1, 2020 to ongoing", "Diabetes", "active since January 5, 2026", "Stress management",
                 "withdrawn since February 1, 2026"):
        assert text in page, text
    assert "90503" not in page  # minimum necessary: no address
    verify_event = audit_rows(db, "member.verify")[-1]
    assert verify_event.member_ref == member.member_id and verify_event.outcome == "match"
    assert verify_event.user_id == office.user.id and verify_event.organization_id == care["org"].id
    assert verify_event.details["attributed"] is True
    assert audit_rows(db, "member.view")[-1].member_ref == member.member_id


@pytest.mark.parametrize("overrides", [
    {"date_of_birth": "1975-03-10"}, {"last_name": "Smith"}, {"member_id": "CC999999999"},
])
def test_no_match_is_one_generic_answer(office, care, db, overrides):
    response = _verify(office, care["member"], **overrides)
    assert response.status_code == 200  # the form again, as typed, to correct
    page = response.get_data(as_text=True)
    assert "No match" in page and "Is this your patient?" not in page
    typed = {"member_id": care["member"].member_id, "last_name": care["member"].last_name, **overrides}
    assert all(escape(typed[name]) in page for name in ("member_id", "last_name"))  # shown back as typed
    assert "Ana" not in page and "date of birth is wrong" not in page.lower()
    assert audit_rows(db, "member.verify")[-1].outcome == "no_match"


def test_not_attributed_before_the_attribution_started(office, care, db):
    from portal.models import Attribution

    db.execute(update(Attribution).values(start_date=TODAY - timedelta(days=30)))
    db.commit()
    before = TODAY - timedelta(days=60)
    response = _verify(office, care["member"], date_of_service=before.isoformat())
    reference = response.headers["Location"].rsplit("/", 1)[1]
    post(office, f"/office/verify/{reference}/confirm", {"answer": "yes"})
    page = office.get(f"/office/verify/{reference}").get_data(as_text=True)
    assert f"Not attributed to a Collaborative Care program on {long_date(before)}" in page


def test_form_errors_are_400_and_not_looked_up(office, care, db):
    response = _verify(office, care["member"], date_of_birth="1975-02-31")
    assert response.status_code == 400
    response = _verify(office, care["member"], date_of_birth=(TODAY + timedelta(days=3)).isoformat())
    assert response.status_code == 400 and "in the future" in response.get_data(as_text=True)
    assert not audit_rows(db, "member.verify")


def test_a_verification_is_a_constant_number_of_queries(office, care, db, app, monkeypatch):
    """Many attributions and enrollments do not add queries."""
    monkeypatch.setattr(verification, "PURGE_EVERY", 1)  # purge every time: the count is deterministic
    member = care["member"]
    statements = []

    def count(*_args):
        statements.append(1)

    actor = Actor.for_user(office.user)
    query = build_query(member.member_id, "1975-03-09", "Nunez-O'Brien")
    event.listen(db.get_bind(), "before_cursor_execute", count)
    try:
        verification.verify(db, actor, query)
        first = len(statements)
        for year in range(2010, 2019):
            f.attribution(member, care["program"], start_date=date(year, 1, 1), end_date=date(year, 12, 31))
        for i in range(8):
            f.enrollment(member, f.clinical_program(), status="completed")
        db.commit()
        statements.clear()
        verification.verify(db, actor, query)
        assert len(statements) == first <= 8
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", count)


def test_verification_is_rate_limited_per_user(office, care, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_VERIFY", "2 per minute")
    statuses = [_verify(office, care["member"]).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_recent_list_is_per_user_and_purged_after_24_hours(office, care, db, make_client):
    response = _verify(office, care["member"])
    reference = response.headers["Location"].rsplit("/", 1)[1]
    assert reference in office.get("/office/verifications").get_data(as_text=True)
    colleague = make_client("provider", organization=care["org"])
    assert colleague.get(f"/office/verify/{reference}").status_code == 404
    assert reference not in colleague.get("/office/verifications").get_data(as_text=True)
    db.execute(update(VerificationRecord).values(created_at=utcnow() - timedelta(hours=25)))
    db.commit()
    assert office.get(f"/office/verify/{reference}").status_code == 404
    assert verification.purge_expired(db) == 1
    db.commit()
    assert db.scalar(select(VerificationRecord)) is None


# --- batches --------------------------------------------------------------------------------


def _upload(client, content: bytes, name: str = "patients.csv"):
    return post(client, "/office/verify/batch", {"file": (io.BytesIO(content), name)},
                content_type="multipart/form-data")


def test_batch_with_bom_semicolons_empty_rows_and_errors(office, care, db):
    m = care["member"]
    content = ("\ufeffMember ID;DOB;Last Name;date_of_service\n"
               f"{m.member_id};1975-03-09;NUNEZ OBRIEN;{TODAY}\n"
               "\n"
               f"{m.member_id};1975-03-10;Nunez-O'Brien;\n"
               "CC123;1975-02-31;Rivera;\n"
               f"=cmd|' /C calc'!A0;03/09/1975;@SUM(1);\n").encode()
    response = _upload(office, content)
    assert response.status_code == 302
    page = office.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 rows: 1 matched, 1 no match, 2 with errors" in page
    assert "Error in date of birth" in page and "Error in member id" in page
    reference = response.headers["Location"].rsplit("/", 1)[1]
    download = office.get(f"/office/verify/batch/{reference}.csv")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert [r["status"] for r in rows] == ["match", "no_match", "error", "error"]
    assert rows[0]["program"] == care["program"].name and rows[0]["care_coordinator_phone"] == "310-555-0142"
    assert rows[0]["enrollments"].startswith("Diabetes: active")
    assert rows[3]["member_id"].startswith("'=") and rows[3]["last_name"].startswith("'@")
    assert rows[2]["error_field"] == "date_of_birth" and "1975-02-31" in rows[2]["error"]
    batch_events = [e for e in audit_rows(db, "member.verify") if e.details.get("reference") == reference]
    assert sorted(e.details["row"] for e in batch_events) == [2, 4]  # lines of the looked-up rows
    assert audit_rows(db, "verification.export")


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"name,birthday\nA,1975-01-01\n", "missing: member_id, date_of_birth, last_name"),
    (b"member_id,date_of_birth,last_name\n", "no rows to verify"),
    (b"%PDF-1.4\x00\x01\x02binary", "not a CSV text file"),
    ("member_id,date_of_birth,last_name\nCC1,1975-01-01,M\u00fcller\n".encode("latin-1"), "not UTF-8"),
    (("member_id,date_of_birth,last_name\n" + "CC1,1975-01-01,Rivera\n" * 1001).encode(), "more than 1,000 rows"),
])
def test_batch_file_problems_are_explained(office, care, db, content, message):
    response = _upload(office, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert not audit_rows(db, "member.verify") and db.scalar(select(VerificationRecord)) is None


def test_batch_upload_too_large_is_413(office, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    response = _upload(office, b"member_id,date_of_birth,last_name\n" + b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413


def test_a_1000_row_batch_takes_a_few_queries_not_thousands(office, care, db):
    rows = [(i + 2, {"member_id": care["member"].member_id if i % 2 else f"ZZ{i:09d}",
                     "date_of_birth": "1975-03-09", "last_name": "Nunez-O'Brien"}) for i in range(1000)]
    statements = []
    listener = lambda *_args: statements.append(1)  # noqa: E731
    event.listen(db.get_bind(), "before_cursor_execute", listener)
    try:
        _, results = verification.verify_batch(db, Actor.for_user(office.user), rows, channel="test")
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", listener)
    assert sum(1 for r in results if r.result and r.result.matched) == 500
    # Lookups: 3 queries per 500-row chunk; inserts of 1,000 audit rows are batched by the ORM.
    assert len(statements) < 60, len(statements)


# --- providers and roster --------------------------------------------------------------------


def test_provider_check_by_npi(office, care, db):
    page = office.get(f"/office/providers?npi={care['pcp'].npi}").get_data(as_text=True)
    assert "Participating on" in page and "Maria Garcia" in page
    assert audit_rows(db, "provider.verify")[-1].target == f"npi:{care['pcp'].npi}"
    bad = office.get("/office/providers?npi=1234567890")
    assert bad.status_code == 400 and "check digit" in bad.get_data(as_text=True)


def test_roster_shows_own_organization_with_filters_and_exports(office, care, db):
    other_program = f.program()
    stranger = f.member(last_name="Stranger")
    f.attribution(stranger, other_program)
    newcomer = f.member(last_name="Newcomer")
    f.attribution(newcomer, care["program"], start_date=TODAY - timedelta(days=3))
    leaver = f.member(last_name="Leaver")
    f.attribution(leaver, care["program"], start_date=date(2019, 1, 1), end_date=TODAY - timedelta(days=10))
    db.commit()
    page = office.get("/office/roster").get_data(as_text=True)
    assert "Showing 1 to 2 of 2 members" in page and "Stranger" not in page and "Leaver" not in page
    since = (TODAY - timedelta(days=7)).isoformat()
    assert "Newcomer" in office.get(f"/office/roster?new_since={since}").get_data(as_text=True)
    assert "Núñez" not in office.get(f"/office/roster?new_since={since}").get_data(as_text=True)
    dropped = office.get(f"/office/roster?dropped_since={(TODAY - timedelta(days=30)).isoformat()}").get_data(as_text=True)
    assert "Leaver" in dropped and "Newcomer" not in dropped
    enrolled = office.get("/office/roster?program=diabetes").get_data(as_text=True)
    assert "Núñez" in enrolled and "Newcomer" not in enrolled
    by_pcp = office.get(f"/office/roster?pcp={care['pcp'].id}").get_data(as_text=True)
    assert "Núñez" in by_pcp and "Newcomer" not in by_pcp
    assert office.get("/office/roster?new_since=yesterday").status_code == 400

    exported = list(csv.DictReader(io.StringIO(office.get("/office/roster.csv").get_data(as_text=True))))
    assert {r["last_name"] for r in exported} == {"Núñez-O'Brien", "Newcomer"}
    group = json.loads(office.get("/office/roster.json").get_data(as_text=True))
    assert group["resourceType"] == "Group" and group["quantity"] == 2
    ana = next(m for m in group["member"] if m["entity"]["identifier"]["value"] == care["member"].member_id)
    assert ana["period"] == {"start": "2020-01-01"}
    assert ana["extension"][0]["valueReference"]["identifier"]["value"] == care["pcp"].npi
    kinds = [e.details.get("format") for e in audit_rows(db, "roster.export")]
    assert kinds == ["csv", "fhir"] and len(audit_rows(db, "roster.view")) >= 6


# --- the API ------------------------------------------------------------------------------------


@pytest.fixture
def api(app, db, office):
    _, raw = accounts.create_api_token(db, Actor(role="admin"), office.user, "system")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}
    spec = client.get("/api/v1/openapi.json").json

    def call(method, path, schema=None, **kw):
        response = client.open(f"/api/v1{path}", method=method, headers=headers, **kw)
        if schema:
            jsonschema.validate(response.json, {"$ref": f"#/components/schemas/{schema}", **spec})
        return response

    return call


def test_api_verification_match_and_generic_no_match(api, care, db):
    m = care["member"]
    body = {"member_id": m.member_id, "date_of_birth": "1975-03-09", "last_name": "nunez o'brien"}
    response = api("POST", "/verifications", "VerificationResult", json=body)
    assert response.status_code == 200 and response.json["match"] is True
    assert response.json["attribution"]["care_coordinator_phone"] == "310-555-0142"
    miss = api("POST", "/verifications", "VerificationResult", json={**body, "last_name": "Smith"})
    assert miss.json == {"match": False, "message": NO_MATCH, "reference": miss.json["reference"]}
    events = audit_rows(db, "member.verify")
    assert [(e.details["channel"], e.details["reference"]) for e in events] == [
        ("api", response.json["reference"]), ("api", miss.json["reference"])]
    # The calling system has the result: the portal keeps no copy, only the audit events.
    assert db.scalar(select(func.count(VerificationRecord.id))) == 0


@pytest.mark.parametrize("body, field", [
    ({"member_id": "CC1", "date_of_birth": "1975-02-31", "last_name": "A"}, "date_of_birth"),
    ({"date_of_birth": "1975-01-01", "last_name": "A"}, "member_id"),
    ([1, 2, 3], None),
])
def test_api_verification_bad_input(api, care, body, field):
    response = api("POST", "/verifications", "Error", json=body)
    assert response.status_code == 400 and response.json["error"].get("field") == field


def test_api_batch(api, care, db):
    m = care["member"]
    items = [{"member_id": m.member_id, "date_of_birth": "1975-03-09", "last_name": "Nunez-O'Brien"},
             {"member_id": "CC1", "date_of_birth": "1975-13-01", "last_name": "X"}, "not an object"]
    response = api("POST", "/verifications/batch", "BatchResult", json={"items": items})
    assert [r["status"] for r in response.json["results"]] == ["match", "error", "error"]
    assert [e.details["channel"] for e in audit_rows(db, "member.verify")] == ["api-batch"]
    assert db.scalar(select(func.count(VerificationRecord.id))) == 0
    too_many = api("POST", "/verifications/batch", "Error", json={"items": [items[0]] * 1001})
    assert too_many.status_code == 400 and "1,001" in too_many.json["error"]["message"]


def test_api_provider_programs_roster_and_openapi(api, care, app):
    response = api("GET", f"/providers/{care['pcp'].npi}?date=2020-06-01", "Provider")
    assert response.json["participating"] is True and response.json["as_of"] == "2020-06-01"
    assert api("GET", "/providers/1234567890", "Error").status_code == 400
    programs = api("GET", "/programs?q=harbor", "ProgramList")
    assert programs.json["total"] == 1
    assert api("GET", "/programs?state=ZZ", "Error").status_code == 400
    group = api("GET", "/roster?per_page=10", "RosterGroup")
    assert group.json["quantity"] == 1 and group.json["member"][0]["entity"]["identifier"]["value"] == care["member"].member_id
    assert api("GET", "/roster?page=0", "Error").status_code == 400
    spec = app.test_client().get("/api/v1/openapi.json").json
    documented = {"/api/v1" + path for path in spec["paths"]}
    routed = {rule.rule.replace("<npi>", "{npi}") for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert documented == routed


def test_the_api_limit_counts_per_token_whatever_the_header_spelling(app, db, office, care, monkeypatch):
    """"bearer", "BEARER" and two spaces are one token: they share one count."""
    monkeypatch.setitem(app.config, "RATELIMIT_VERIFY", "3 per minute")
    _, raw = accounts.create_api_token(db, Actor(role="admin"), office.user, "system")
    client = app.test_client()
    m = care["member"]
    body = {"member_id": m.member_id, "date_of_birth": "1975-03-09", "last_name": "Nunez-O'Brien"}
    spellings = [f"Bearer {raw}", f"bearer {raw}", f"BEARER  {raw}", f" Bearer {raw} "]
    statuses = [client.post("/api/v1/verifications", json=body, headers={"Authorization": h}).status_code
                for h in spellings]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize("path", ["/office/roster", "/office/roster.csv", "/office/roster.json"])
def test_a_roster_filter_too_large_for_the_database_is_a_clear_400(office, path):
    response = office.get(f"{path}?pcp=99999999999999999999")
    assert response.status_code == 400 and "Not a number from the list" in response.get_data(as_text=True)
    assert office.get(f"{path}?coordinator=-1").status_code == 400



def test_the_api_answers_in_english_whatever_the_headers(app, db, office, care):
    """The JSON API is a contract for programs: Accept-Language or a Spanish cookie change nothing."""
    _, raw = accounts.create_api_token(db, Actor(role="admin"), office.user, "system")
    client = app.test_client()
    client.set_cookie("lang", "es", domain="portal.test")
    body = {"member_id": care["member"].member_id, "date_of_birth": "1975-02-30", "last_name": "x"}
    response = client.post("/api/v1/verifications", json=body,
                           headers={"Authorization": f"Bearer {raw}", "Accept-Language": "es"})
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith("Date of birth")


def test_an_api_error_holding_what_was_sent_is_plain_text_not_html(app, db, office, care):
    _, raw = accounts.create_api_token(db, Actor(role="admin"), office.user, "system")
    body = {"member_id": care["member"].member_id, "date_of_birth": "<b>&'", "last_name": "x"}
    response = app.test_client().post("/api/v1/verifications", json=body, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 400
    message = response.json["error"]["message"]
    assert "<b>&'" in message and "&lt;" not in message
