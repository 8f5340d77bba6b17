"""The care coordinator's side, start to finish, in Chromium: a patient joins the tobacco program
asking for a portal message, the coordinator sees it on the worklist, writes back, the patient
reads the answer, the coordinator marks the item contacted; then the patient withdraws and the
coordinator sees that too. Key pages are checked with axe-core and photographed
(checks.checkpoint: test-artifacts/browser/journeys/care/), the worklist at 375 px too.

The journey's people are its own: a seeded member whose care coordinator nobody else in the
browser tests uses (so that linking an office account to that coordinator changes nothing the
other tests see), with a patient account and the coordinator's office staff account made with
the command line, as tests/browser/server.py makes the others.
"""
from __future__ import annotations

import os
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Page, expect

from portal.care.coordinators import follow_up_due
from portal.formatting import long_date
from portal.models.directory import clinician_name
from tests.browser.checks import BROWSER_ZONE, PHONE, assert_accessible, checkpoint, horizontal_overflow, screenshot
from tests.browser.conftest import sign_in
from tests.browser.server import PASSWORD, Portal, _flask

PROGRAM = "Tobacco cessation"
JOURNEY = "care"
READ = re.compile(r"; read \w+ \d+, \d{4}, \d+:\d\d [AP]M [A-Z]")  # a message's read receipt, with its zone


@dataclass(frozen=True)
class CarePeople:
    patient_email: str
    patient_name: str  # first and last name, as the office pages show it
    member_id: str
    coordinator_email: str
    coordinator_name: str  # the coordinator's display name: "Ana Diaz, RN"
    organization_name: str


# An adult attributed today (to one program only) to a program of an organization that lets its
# staff sign in and has no office staff account yet, with an active care coordinator of that
# organization, whose program offers the tobacco cessation program; never enrolled in anything,
# with no portal account, and whose coordinator has no account either.
_CANDIDATES = """
SELECT m.member_id, m.first_name, m.last_name, c.id, c.first_name, c.last_name, c.credential, o.id, o.name
FROM members m
JOIN attributions a ON a.member_id = m.id
JOIN programs p ON p.id = a.program_id
JOIN organizations o ON o.id = p.organization_id
JOIN care_coordinators c ON c.id = a.care_coordinator_id
WHERE a.start_date <= :today AND (a.end_date IS NULL OR a.end_date >= :today)
  AND a.pcp_id IS NOT NULL AND c.is_active AND c.organization_id = o.id AND o.portal_access
  AND m.date_of_birth <= :adult
  AND 1 = (SELECT count(*) FROM attributions a2 WHERE a2.member_id = m.id AND a2.start_date <= :today
           AND (a2.end_date IS NULL OR a2.end_date >= :today))
  AND EXISTS (SELECT 1 FROM program_clinical_programs pc JOIN clinical_programs cp ON cp.id = pc.clinical_program_id
              WHERE pc.program_id = p.id AND cp.code = 'tobacco-cessation' AND cp.is_open)
  AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.member_id = m.id)
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id OR u.care_coordinator_id = c.id
                  OR u.organization_id = o.id)
ORDER BY m.id DESC
"""
# The care coordinators of the members the other browser tests use.
_THEIR_COORDINATORS = """
SELECT DISTINCT a.care_coordinator_id FROM attributions a JOIN members m ON m.id = a.member_id
WHERE a.care_coordinator_id IS NOT NULL AND m.member_id IN ({})
"""


def _cli_env(portal: Portal) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{portal.database}", "SECRET_KEY": secrets.token_hex(32),
           "PORTAL_MAIL_TO_LOG": "false"}
    for name in ("TEST_DATABASE_URL", "PORTAL_ENV", "PORTAL_PRODUCTION", "PREFERRED_URL_SCHEME", "JOB_QUEUE_URL"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="module")
def care_people(portal: Portal) -> CarePeople:
    today = date.today()
    params = {"today": today.isoformat(), "adult": today.replace(year=today.year - 19).isoformat()}
    others = [member.member_id for member in portal.members.values()]
    with sqlite3.connect(portal.database) as conn:
        taken = {row[0] for row in conn.execute(_THEIR_COORDINATORS.format(", ".join("?" * len(others))), others)}
        candidates = conn.execute(_CANDIDATES, params).fetchall()
    row = next((r for r in candidates if r[3] not in taken and r[0] not in others), None)
    if row is None:
        raise RuntimeError("the demo data set has no member suitable for the care coordination journey")
    member_id, first, last, coordinator_id, c_first, c_last, credential, organization_id, organization = row
    people = CarePeople(patient_email="care.journey.patient@example.com", patient_name=f"{first} {last}",
                        member_id=member_id, coordinator_email="care.journey.coordinator@office.example",
                        coordinator_name=clinician_name(c_first, c_last, credential), organization_name=organization)
    env = _cli_env(portal)
    _flask(env, "users", "create", "--email", people.patient_email, "--role", "patient", "--member-id", member_id,
           stdin=PASSWORD + "\n")
    _flask(env, "users", "create", "--email", people.coordinator_email, "--role", "provider",
           "--name", f"{c_first} {c_last}", "--organization", str(organization_id),
           "--coordinator", str(coordinator_id), stdin=PASSWORD + "\n")
    return people


def _worklist_card(page: Page, people: CarePeople, change: str):
    """The patient's card on the worklist for one change ("Joined" or "Left")."""
    return page.locator("main article.worklist-item").filter(
        has=page.get_by_role("link", name=people.patient_name, exact=True)).filter(has_text=f"{change} {PROGRAM}")


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _due_dates(*moments: datetime) -> str:
    """A pattern for the follow-up's due date as the confirmation page words it, for an
    enrollment made between these moments (two dates when they straddle midnight UTC)."""
    # The browser's zone once its script has set the cookie, else the server's default.
    zones = (BROWSER_ZONE, os.environ.get("PORTAL_TIME_ZONE", "America/New_York"))
    return "|".join(re.escape(long_date(follow_up_due(moment), zone)) for moment in moments for zone in zones)


def _mail_to(portal: Portal, recipient: str, subject: str, timeout: float = 20) -> list:
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in portal.mailbox.messages if m["To"] == recipient and m["Subject"] == subject]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_patient_joins_asking_for_a_portal_message_and_the_coordinator_follows_up(
        open_page, portal: Portal, care_people: CarePeople):
    people = care_people
    question = "Can I start on a weekday? I would like to set my quit date for the first of the month."
    answer = "Yes: a weekday is fine. I have put you down for a first call with the coach on Monday."

    # --- the patient joins, asking to be contacted with a portal message ---------------------------
    patient = open_page()
    sign_in(patient, people.patient_email)
    patient_nav = patient.get_by_role("navigation", name="Main")
    patient_nav.get_by_role("link", name="My programs").click()
    patient.get_by_role("link", name=f"Join {PROGRAM}").click()
    expect(patient.get_by_role("heading", name=f"Join {PROGRAM}", level=1)).to_be_visible()
    contact = patient.get_by_role("group", name="How should your care coordinator contact you?")
    expect(contact.get_by_role("radio")).to_have_count(3)
    expect(contact).to_contain_text("A portal message appears on My messages.")
    contact.get_by_label("Portal message", exact=True).check()
    patient.get_by_label("Best days and times to reach you (optional)").fill("weekday evenings")
    patient.get_by_label("I have read the consent above and I agree to it").check()
    checkpoint(patient, JOURNEY, "1-enroll-portal-message")
    before = _utcnow()
    patient.get_by_role("button", name=f"Join {PROGRAM}").click()

    expect(patient.get_by_role("heading", name=f"You have joined {PROGRAM}", level=1)).to_be_visible()
    due = _due_dates(before, _utcnow())
    main = patient.locator("main")
    expect(main.locator("[role=status]")).to_contain_text("Portal message, weekday evenings")
    next_steps = main.locator("li").filter(has_text="has it on their worklist")
    # Who, how and by when.
    expect(next_steps).to_contain_text(f"Your care coordinator, {people.coordinator_name}, at "
                                       f"{people.organization_name} has it on their worklist to contact you with a "
                                       "message here in the portal, weekday evenings, within 2 business days: by ")
    expect(next_steps).to_contain_text("It will be on My messages, and you get an e-mail saying there is one.")
    expect(next_steps).to_contain_text(re.compile(rf"business days: by ({due})\."))
    expect(next_steps.get_by_role("link", name="My messages")).to_have_attribute("href", "/my/messages")
    checkpoint(patient, JOURNEY, "2-confirmation")

    # --- the patient writes to the coordinator about the program -----------------------------------
    patient_nav.get_by_role("link", name="My programs").click()
    card = main.locator(".card").filter(has=patient.get_by_role("heading", name=PROGRAM))
    expect(card).to_contain_text("Contact by portal message, weekday evenings.")
    card.get_by_role("link", name=f"Write to {people.coordinator_name} about it").click()
    expect(patient.get_by_role("heading", name=f"Write to {people.coordinator_name}", level=1)).to_be_visible()
    expect(main).to_contain_text(f"About: {PROGRAM}")
    patient.get_by_label("Your message").fill(question)
    checkpoint(patient, JOURNEY, "3-new-message")
    patient.get_by_role("button", name="Send").click()
    expect(patient.locator(".flash-success")).to_contain_text(f"Your message is sent to {people.coordinator_name}.")
    expect(patient.get_by_role("heading", name=f"About {PROGRAM}", level=1)).to_be_visible()
    sent = patient.get_by_role("list", name="Messages, oldest first").get_by_role("listitem")
    expect(sent).to_have_count(1)
    expect(sent.first).to_contain_text(question)
    expect(sent.first).to_contain_text("not read yet")

    # --- the coordinator signs in (with the second factor) and sees it on the worklist ------------
    office = open_page()
    sign_in(office, people.coordinator_email)
    expect(office.get_by_role("heading", name=f"Care coordination: {people.coordinator_name}")).to_be_visible()
    office_nav = office.get_by_role("navigation", name="Main")
    office_nav.get_by_role("link", name="Worklist").click()
    expect(office.get_by_role("heading", name="Care coordination worklist", level=1)).to_be_visible()
    expect(office.locator("main")).to_contain_text(f"as {people.coordinator_name}")
    joined = _worklist_card(office, people, "Joined")
    expect(joined).to_have_count(1)
    expect(joined).to_contain_text("Portal message, weekday evenings")
    expect(joined).to_contain_text("Contact by")
    expect(joined.locator("dd").last).to_have_text("Open")
    checkpoint(office, JOURNEY, "4-worklist")
    office.set_viewport_size({"width": PHONE, "height": 900})
    office.reload()
    assert office.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
        horizontal_overflow(office)
    assert_accessible(office, f"{JOURNEY}-4-worklist-phone")
    screenshot(office, "journeys", JOURNEY, "4-worklist-phone")
    office.set_viewport_size({"width": 1280, "height": 900})

    # --- the coordinator opens Messages and the thread, and writes back ---------------------------
    office_nav.get_by_role("link", name="Messages").click()
    expect(office.get_by_role("heading", name="Secure messages", level=1)).to_be_visible()
    row = office.locator("main .thread-row").filter(has_text=people.member_id)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{people.patient_name} ({people.member_id})")
    expect(row).to_contain_text("1 unread")
    checkpoint(office, JOURNEY, "5-inbox")
    row.get_by_role("link", name=f"About {PROGRAM}").click()
    expect(office.get_by_role("heading", name=f"About {PROGRAM}", level=1)).to_be_visible()
    expect(office.locator("main .lead")).to_have_text(
        f"With {people.patient_name}, member ID {people.member_id}, about {PROGRAM}.")
    thread = office.get_by_role("list", name="Messages, oldest first").get_by_role("listitem")
    expect(thread).to_have_count(1)
    expect(thread.first).to_contain_text(f"{people.patient_name},")
    expect(thread.first).to_contain_text(question)
    checkpoint(office, JOURNEY, "6-thread")
    office.get_by_label("Your answer").fill(answer)
    office.get_by_role("button", name="Send").click()
    expect(office.locator(".flash-success")).to_contain_text("Your answer is sent.")
    expect(thread).to_have_count(2)
    expect(thread.last).to_contain_text(f"{people.coordinator_name} (care team)")
    expect(thread.last).to_contain_text(answer)
    expect(thread.last).to_contain_text("not read yet")
    checkpoint(office, JOURNEY, "7-thread-answered")

    # --- the patient reads the answer on My messages ---------------------------------------------
    patient_nav.get_by_role("link", name="My messages").click()
    expect(patient.get_by_role("heading", name="My messages", level=1)).to_be_visible()
    mine = main.locator(".thread-row").filter(has=patient.get_by_role("link", name=f"About {PROGRAM}"))
    expect(mine).to_contain_text("1 new from your care team")
    checkpoint(patient, JOURNEY, "8-my-messages")
    mine.get_by_role("link", name=f"About {PROGRAM}").click()
    expect(main.locator(".lead")).to_have_text(f"With {people.coordinator_name}, about {PROGRAM}.")
    read = patient.get_by_role("list", name="Messages, oldest first").get_by_role("listitem")
    expect(read).to_have_count(2)
    expect(read.first).to_contain_text(READ)  # the coordinator opened it
    expect(read.last).to_contain_text(f"{people.coordinator_name} (care team)")
    expect(read.last).to_contain_text(answer)
    checkpoint(patient, JOURNEY, "9-patient-thread")
    office.reload()
    expect(thread.last).to_contain_text(READ)  # and the patient opened the answer

    # Each side was told there is a message, and only that: no text in the e-mail.
    for recipient, text in ((people.coordinator_email, question), (people.patient_email, answer)):
        notices = _mail_to(portal, recipient, "You have a new secure message")
        assert notices, f"no new-message e-mail to {recipient}"
        body = notices[-1].get_body(("plain",)).get_content()
        assert text not in body and PROGRAM not in body and "Sign in to read it" in body, body

    # --- the coordinator records that they reached the patient -----------------------------------
    office_nav.get_by_role("link", name="Worklist").click()
    joined.get_by_role("link", name=people.patient_name, exact=True).click()
    expect(office.get_by_role("heading", name=f"{people.patient_name}: joined {PROGRAM}", level=1)).to_be_visible()
    expect(office.locator("main")).to_contain_text(people.member_id)
    expect(office.get_by_role("link", name=f"About {PROGRAM}")).to_be_visible()  # the thread, from the item
    outcome = office.get_by_role("group", name="What happened?")
    expect(outcome.get_by_role("radio")).to_have_count(4)
    for label in ("Reached", "Left a message", "No answer", "Declined"):
        expect(outcome.get_by_label(label, exact=True)).to_be_visible()
    checkpoint(office, JOURNEY, "10-item-joined")
    outcome.get_by_label("Reached", exact=True).check()
    office.get_by_label("Note (optional)").fill("Answered in the portal; first coaching call on Monday")
    office.get_by_role("button", name="Record").click()
    expect(office.locator(".flash-success")).to_contain_text("Recorded: Reached. The item is done.")
    expect(office.get_by_role("heading", name="Care coordination worklist", level=1)).to_be_visible()
    expect(joined).to_have_count(0)  # no longer open
    office.locator("main summary", has_text="Filters").click()  # folded away until used
    office.get_by_label("Show").select_option("done")
    office.get_by_role("button", name="Show").click()
    expect(joined).to_have_count(1)
    expect(joined.locator("dd").last).to_have_text("Done: Reached")

    # --- the patient leaves the program -----------------------------------------------------------
    patient_nav.get_by_role("link", name="My programs").click()
    card.get_by_role("link", name=f"Leave {PROGRAM}").click()
    expect(patient.get_by_role("heading", name=f"Leave {PROGRAM}?", level=1)).to_be_visible()
    expect(patient.locator("main")).to_contain_text(
        f"Your care coordinator, {people.coordinator_name}, at {people.organization_name} sees on their worklist that "
        f"you left, and will not contact you about {PROGRAM} again.")
    patient.get_by_role("group", name="Why are you leaving? (optional)").get_by_label(
        "I prefer to work on this with my doctor").check()
    patient.get_by_label("Anything else your care team should know? (optional)").fill(
        "I would rather go to the group sessions at my clinic")
    checkpoint(patient, JOURNEY, "10b-leave")
    patient.get_by_role("button", name=f"Leave {PROGRAM}").click()
    left = patient.locator(".flash-success")
    expect(left).to_contain_text(f"You have left {PROGRAM}: a confirmation is on its way to {people.patient_email} "
                                 "and your care team sees it on their worklist and will not contact you about it again")
    expect(patient.get_by_role("link", name=f"Join {PROGRAM}")).to_be_visible()
    checkpoint(patient, JOURNEY, "11-left")

    # --- the coordinator sees it and notes it ---------------------------------------------------
    office_nav.get_by_role("link", name="Worklist").click()
    withdrawal = _worklist_card(office, people, "Left")
    expect(withdrawal).to_have_count(1)
    expect(withdrawal).not_to_contain_text("Contact by")  # nobody contacts them about it again
    checkpoint(office, JOURNEY, "12-worklist-left")
    withdrawal.get_by_role("link", name=people.patient_name, exact=True).click()
    expect(office.get_by_role("heading", name=f"{people.patient_name}: left {PROGRAM}", level=1)).to_be_visible()
    expect(office.locator("main")).to_contain_text(
        "I prefer to work on this with my doctor. I would rather go to the group sessions at my clinic")
    outcome = office.get_by_role("group", name="What happened?")
    expect(outcome.get_by_role("radio")).to_have_count(1)  # only noting it: no contact
    checkpoint(office, JOURNEY, "13-item-left")
    outcome.get_by_label("Noted, no contact", exact=True).check()
    office.get_by_role("button", name="Record").click()
    expect(office.locator(".flash-success")).to_contain_text("Recorded: Noted, no contact. The item is done.")
    expect(withdrawal).to_have_count(0)
    expect(office.locator("main p[role=status]")).to_have_text("Nothing here: nobody is waiting.")
