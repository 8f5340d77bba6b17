"""What people do on the portal, as browser steps shared by the page checks and the journeys.
Each step uses the page the way a person does: by labels, roles and visible text."""
from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from tests.browser.server import Member, Portal


def open_chat_and_ask(page: Page, question: str) -> None:
    """The chat panel at the foot of every page: open it, ask, wait for the answer (JavaScript on)."""
    page.get_by_text("Questions? Ask our assistant").click()
    page.get_by_label("Your question").fill(question)
    page.locator("[data-assistant-form]").get_by_role("button", name="Ask").click()
    expect(page.locator("[data-assistant-log] .assistant-reply").last).to_be_visible()


def submit_verification(page: Page, member: Member, last_name: str | None = None) -> None:
    page.goto("/office/verify")
    page.get_by_label("Member ID").fill(member.member_id)
    page.get_by_label("Date of birth").fill(member.date_of_birth.isoformat())
    page.get_by_label("Last name").fill(last_name or member.last_name)
    page.get_by_role("button", name="Verify", exact=True).click()
    page.wait_for_load_state("load")


def batch_file(rows: list[tuple[str, str, str]]) -> dict:
    lines = ["member_id,date_of_birth,last_name", *(",".join(row) for row in rows)]
    return {"name": "patients.csv", "mimeType": "text/csv", "buffer": ("\n".join(lines) + "\n").encode()}


def upload_batch(page: Page, rows: list[tuple[str, str, str]]) -> None:
    page.goto("/office/verify/batch")
    page.get_by_label("CSV file").set_input_files(batch_file(rows))
    page.get_by_role("button", name="Upload and verify").click()
    expect(page.get_by_role("heading", name="Batch verification results")).to_be_visible()


def batch_rows(portal: Portal) -> list[tuple[str, str, str]]:
    """Two members who match, one whose last name is wrong, one with an impossible date."""
    verified, other = portal.members["batch"], portal.members["batch_other"]
    return [(verified.member_id, verified.date_of_birth.isoformat(), verified.last_name),
            (other.member_id, other.date_of_birth.strftime("%m/%d/%Y"), other.last_name.upper()),
            (other.member_id, other.date_of_birth.isoformat(), "Notthename"),
            (verified.member_id, "1990-02-31", verified.last_name)]


def enroll(page: Page, program: str, contact: str = "E-mail", times: str = "") -> None:
    """From My programs: join `program` (its name), choosing how to be contacted, consenting."""
    page.goto("/my/programs")
    page.get_by_role("link", name=f"Join {program}").click()
    page.get_by_label(contact, exact=True).check()
    if contact == "Phone":
        page.get_by_label("Phone number (for a call)").fill("312-555-0123")
    if times:
        page.get_by_label("Best days and times to reach you (optional)").fill(times)
    page.get_by_label("I have read the consent above and I agree to it").check()
    page.get_by_role("button", name=f"Join {program}").click()
    expect(page.get_by_role("heading", name=f"You have joined {program}")).to_be_visible()


def wait_for_mail(portal: Portal, subjects: list[str], seconds: float = 20) -> dict:
    """The messages the portal's SMTP server received, by subject, once all of `subjects` arrived
    (the worker sends them a moment after the page said so); fails when one never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not set(subjects) <= {m["Subject"] for m in portal.mailbox.messages}:
        time.sleep(0.2)
    received = {m["Subject"]: m for m in portal.mailbox.messages}
    assert set(subjects) <= set(received), sorted(received)
    return received
