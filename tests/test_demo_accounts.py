"""The first run: `flask seed --scale demo` (what `make run` does) makes one demo account per
role over the demo data and prints their passwords once; the home page says how to try them;
`users demo-accounts --reset-passwords` makes new ones. (Refusals in production:
tests/test_demo_accounts_production.py.)

One demo database for the module, seeded through the real command; emptied when it ends.
"""
from __future__ import annotations

import logging
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from portal.care import coordinators
from portal.extensions import db as _db
from portal.models import Attribution, AuditEvent, Base, Enrollment, MessageThread, Organization, Program, User
from portal.services import passwords, second_factor
from portal.services.seed import HCP_SLUG, demo_accounts
from tests.helpers import codes, csrf_token, post, post_to

ROW = re.compile(r"^  (.+?)\s{2,}(\S+@demo\.example)\s+([a-z0-9]{4}(?:-[a-z0-9]{4}){3})\s+(/\S*) \((.+)\)$", re.M)
PASSWORDS: dict[str, str] = {}  # e-mail -> the password printed last


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage() + repr(record.args) + repr(getattr(record, "__dict__", {})))


@pytest.fixture(scope="module")
def seeded(app):
    """(the seed's output, every log record written while it ran)."""
    from portal import jobs
    from tests.conftest import empty_all_tables

    jobs.init_app(app)
    records = _Records()
    root = logging.getLogger()
    level = root.level
    root.addHandler(records)
    root.setLevel(logging.DEBUG)
    try:
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["seed", "--scale", "demo"])
    finally:
        root.removeHandler(records)
        root.setLevel(level)
    assert result.exit_code == 0, result.output
    PASSWORDS.update({email: password for _, email, password, _, _ in ROW.findall(result.output)})
    yield result.output, records.messages
    with app.app_context():
        empty_all_tables()


@pytest.fixture
def session(app, seeded):
    with app.app_context():
        yield _db.session
        _db.session.remove()


def _user(session, key: str) -> User:
    return session.scalar(select(User).where(User.email == demo_accounts._BY_KEY[key].email))


def _sign_in(client, session, key: str, password: str | None = None):
    """Sign in as a demo account with its printed password; a staff account without a second
    factor sets one up on the way, as the terminal says it must. Returns the last response."""
    email = demo_accounts._BY_KEY[key].email
    response = post(client, "/login", {"email": email, "password": password or PASSWORDS[email]})
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    if location.endswith("/login/setup"):
        client.get("/login/setup")
        with client.session_transaction() as cookie:
            secret = second_factor.unseal(cookie["second_factor_setup"])
        response = post_to(client, "/login/setup", {"code": codes(secret)[0]})
        assert response.status_code == 302, response.get_data(as_text=True)
    elif location.endswith("/login/code"):
        session.expire_all()
        for code in codes(second_factor.unseal(_user(session, key).totp_secret)):
            response = post_to(client, "/login/code", {"code": code})
            if response.status_code == 302:
                break
        assert response.status_code == 302, response.get_data(as_text=True)
    return response


# --- the terminal ---------------------------------------------------------------------------------


def test_seed_prints_the_sign_in_table_once(app, seeded):
    output, _ = seeded
    rows = ROW.findall(output)
    assert [(label, email) for label, email, *_ in rows] == [(demo.label, demo.email) for demo in demo_accounts.ROLES]
    assert re.search(r"^  role\s+e-mail\s+password\s+start at$", output, re.M)
    for (label, _, password, path, start), demo in zip(rows, demo_accounts.ROLES, strict=True):
        assert output.count(password) == 1, label
        assert (path, start) == (demo_accounts.page_path(app, demo), demo.start)
    assert "Sign in at http://" in output and "/login" in output
    assert "make demo-passwords" in output and "users demo-accounts --reset-passwords" in output
    # What the staff roles need besides the password, truthfully (second_factor.REQUIRED_ROLES).
    flat = " ".join(output.split())
    assert ("like every staff account, the office staff, office admin, care coordinator, support and admin "
            "accounts must set up an authenticator app") in flat
    assert "The patient signs in with the password alone." in flat
    assert re.search(r"Verify a patient \(office staff\): member ID CC\d{9}, date of birth \d{4}-\d\d-\d\d, "
                     r"last name [A-Za-z]+\.", flat)


def test_passwords_are_strong_and_kept_only_as_hashes(seeded, session):
    output, log_messages = seeded
    assert len(PASSWORDS) == len(demo_accounts.ROLES) and len(set(PASSWORDS.values())) == len(PASSWORDS)
    for email, password in PASSWORDS.items():
        passwords.check_policy(password, (email,))
        user = session.scalar(select(User).where(User.email == email))
        assert user.password_hash.startswith("$argon2id$") and passwords.verify_password(user.password_hash, password)
    # Nowhere in the database (every row of every table), nor in any log record.
    everything = "\n".join(repr(tuple(row)) for table in Base.metadata.sorted_tables
                           for row in session.execute(select(table)))
    for password in PASSWORDS.values():
        assert password not in everything
        assert password.replace("-", "") not in everything
        assert not any(password in message for message in log_messages)
    created = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).all()
    assert len(created) == len(demo_accounts.ROLES) and all(event.ip_address == "cli" for event in created)
    assert all(event.details["demo_account"] for event in created)


def test_if_empty_re_run_makes_nothing_and_prints_no_password(app, seeded, session):
    before = session.scalar(select(func.count()).select_from(User))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed", "--scale", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "nothing to do" in result.output
    assert "patient@demo.example" in result.output and "make demo-passwords" in result.output
    assert not ROW.search(result.output)
    assert not any(password in result.output for password in PASSWORDS.values())
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(User)) == before == len(demo_accounts.ROLES)
    again = app.test_cli_runner().invoke(args=["seed", "--scale", "demo"])
    assert again.exit_code != 0 and "already holds data" in again.output
    assert session.scalar(select(func.count()).select_from(User)) == before


# --- the accounts fit together ---------------------------------------------------------------------


def test_the_accounts_are_one_office_its_coordinator_and_their_patient(session):
    hcp = session.scalar(select(Program).where(Program.slug == HCP_SLUG))
    users = {demo.key: _user(session, demo.key) for demo in demo_accounts.ROLES}
    assert {key: user.role for key, user in users.items()} == {demo.key: demo.role for demo in demo_accounts.ROLES}
    for key in ("office", "office_admin", "coordinator"):
        assert users[key].organization_id == hcp.organization_id, key
    assert users["office_admin"].is_office_admin and not users["office"].is_office_admin
    assert not users["coordinator"].is_office_admin
    patient = users["patient"].member
    attribution = session.scalar(select(Attribution).where(Attribution.member_id == patient.id,
                                                           Attribution.end_date.is_(None)))
    assert attribution.program_id == hcp.id and attribution.pcp_id is not None
    coordinator = coordinators.coordinator_of(users["coordinator"])
    assert coordinator is not None and coordinator.id == attribution.care_coordinator_id
    # The patient's messages and enrollment changes are read by the coordinator's own account.
    assert coordinators.office_readers(session, coordinator, hcp.organization_id) == [users["coordinator"]]
    assert session.scalar(select(Enrollment).where(Enrollment.member_id == patient.id, Enrollment.status == "active"))
    for key, user in users.items():
        assert second_factor.required(user) == (key != "patient") and not second_factor.enabled(user), key


def test_the_patient_signs_in_with_the_password_and_writes_to_their_coordinator(app, session):
    client = app.test_client()
    response = _sign_in(client, session, "patient")
    assert response.headers["Location"].endswith("/my/care-team")
    patient = _user(session, "patient")
    coordinator = _user(session, "coordinator").care_coordinator
    team = unescape(client.get("/my/care-team").get_data(as_text=True))
    assert "HealthCare Partners Medical Group" in team and coordinator.display_name in team
    assert f"Write to {coordinator.display_name}" in team  # their own account reads the messages
    programs = client.get("/my/programs").get_data(as_text=True)
    assert "Programs I am in" in programs and "Weight management" in programs
    sent = post_to(client, "/my/messages/new", {"subject": "Hello", "body": "A question from the demo patient."})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    thread = session.scalar(select(MessageThread).where(MessageThread.member_id == patient.member_id))
    assert thread is not None and thread.care_coordinator_id == coordinator.id
    office = app.test_client()
    _sign_in(office, session, "coordinator")
    inbox = office.get("/office/messages").get_data(as_text=True)
    assert "Hello" in inbox


def test_every_staff_account_sets_up_its_second_factor_then_reaches_its_start_page(app, session):
    for demo in demo_accounts.ROLES:
        client = app.test_client()
        first = post(client, "/login", {"email": demo.email, "password": PASSWORDS[demo.email]})
        assert first.status_code == 302
        if demo.second_factor and not second_factor.enabled(_user(session, demo.key)):
            assert first.headers["Location"].endswith("/login/setup"), demo.key  # as the terminal says
        client = app.test_client()
        _sign_in(client, session, demo.key)
        page = client.get(demo_accounts.page_path(app, demo))
        assert page.status_code == 200, (demo.key, page.status_code)


# --- the home page and the office's verification ----------------------------------------------------


def _panel(body: str) -> str:
    start = body.index('id="try-the-demo"')
    return body[start:body.index("</section>", start)]


def test_home_page_shows_the_demo_panel_after_the_calls_to_action(app, session, monkeypatch):
    body = app.test_client().get("/").get_data(as_text=True)
    panel = _panel(body)
    assert body.index('class="action-list"') < body.index('id="try-the-demo"') < body.index('id="how-title"')
    assert "<details" in panel and "<summary>" in panel  # folded: two lines on a phone
    assert "Try the demo" in panel and "development only" in panel
    for demo in demo_accounts.ROLES:
        assert demo.email in panel and demo.label in panel
    assert "printed in the terminal" in panel and "make demo-passwords" in panel
    assert not any(password in body for password in PASSWORDS.values())
    monkeypatch.setitem(app.config, "PORTAL_PRODUCTION", True)
    assert "try-the-demo" not in app.test_client().get("/").get_data(as_text=True)


def test_the_member_on_the_home_page_verifies_at_the_demo_office(app, session):
    panel = unescape(_panel(app.test_client().get("/").get_data(as_text=True)))
    member_id = re.search(r"<dt>Member ID</dt><dd>(CC\d{9})</dd>", panel).group(1)
    born = re.search(r"<dt>Date of birth</dt><dd>[^<]*\((\d{4}-\d\d-\d\d)\)</dd>", panel).group(1)
    last_name = re.search(r"<dt>Last name</dt><dd>([^<]+)</dd>", panel).group(1)
    client = app.test_client()
    _sign_in(client, session, "office")
    response = post_to(client, "/office/verify", {"member_id": member_id, "date_of_birth": born,
                                                  "last_name": last_name})
    assert response.status_code == 302, response.get_data(as_text=True)
    result = response.headers["Location"]
    assert "Is this your patient?" in client.get(result).get_data(as_text=True)
    reference = result.rstrip("/").rsplit("/", 1)[1]
    confirmed = client.post(f"/office/verify/{reference}/confirm",
                            data={"answer": "yes", "csrf_token": csrf_token(client, result)})
    assert confirmed.status_code == 302
    page = unescape(client.get(result).get_data(as_text=True))
    assert "Attributed to a Collaborative Care program" in page
    assert "HealthCare Partners Medical Group" in page
    assert last_name in page and member_id in page
    hcp = session.get(Organization, _user(session, "office").organization_id)
    assert hcp.name == "HealthCare Partners Medical Group"
    assert member_id != _user(session, "patient").member.member_id


# --- new passwords -------------------------------------------------------------------------------------


def test_reset_passwords_prints_new_ones_once_and_the_old_ones_stop_working(app, session):
    old = dict(PASSWORDS)
    versions = {demo.key: _user(session, demo.key).session_version for demo in demo_accounts.ROLES}
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["users", "demo-accounts", "--reset-passwords"])
    assert result.exit_code == 0, result.output
    rows = ROW.findall(result.output)
    assert [email for _, email, *_ in rows] == list(demo_accounts.EMAILS)
    PASSWORDS.update({email: password for _, email, password, _, _ in rows})
    session.expire_all()
    for demo in demo_accounts.ROLES:
        user = _user(session, demo.key)
        assert PASSWORDS[demo.email] != old[demo.email]
        assert passwords.verify_password(user.password_hash, PASSWORDS[demo.email])
        assert not passwords.verify_password(user.password_hash, old[demo.email])
        assert user.session_version == versions[demo.key] + 1  # signed-in sessions end
    assert session.scalar(select(func.count()).select_from(User)) == len(demo_accounts.ROLES)
    # Staff accounts that set up a second factor (above) keep it, the others must still set one
    # up, and the terminal says which.
    flat = " ".join(result.output.split())
    staff = [demo for demo in demo_accounts.ROLES if demo.second_factor]
    kept = [demo for demo in staff if second_factor.enabled(_user(session, demo.key))]
    assert ("keep the authenticator app set up before" in flat
            or "keeps the authenticator app set up before" in flat) == bool(kept)
    assert ("must set up an authenticator app" in flat) == (len(kept) < len(staff))
    resets = session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.password_reset")).all()
    assert len(resets) == len(demo_accounts.ROLES) and all(event.details == {"demo_account": True} for event in resets)
    again = app.test_cli_runner().invoke(args=["users", "demo-accounts"])
    assert again.exit_code == 0 and "exist already" in again.output and not ROW.search(again.output)
    client = app.test_client()
    assert _sign_in(client, session, "patient").headers["Location"].endswith("/my/care-team")
