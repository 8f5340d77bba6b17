"""Every page of the portal, in every state worth checking: THE list the page checks run over.

test_pages.py opens each entry in Chromium at phone (375 px) and desktop (1280 px) widths and
checks it with axe-core (no serious or critical violation), for horizontal scrolling, and
saves a screenshot of each width under test-artifacts/browser/pages/. A page added to the portal
is covered by adding an entry here; test_pages.py fails while a page's endpoint has no entry
(or a reason in NOT_PAGES for answers that are not HTML pages).

An entry: `id` names the test and the screenshots; `account` is who is signed in (None: a
visitor; else a key of Portal.accounts: patient, provider, support, admin); `path` is opened first
({placeholders} come from `values` below); `prepare`, when given, then does what a person does to
reach the state to check (open the chat panel, submit a form with mistakes, upload a file);
`heading` must then be in the page's h1 ({placeholders} too); `endpoint` is the Flask endpoint
that answered last.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.browser import steps
from tests.browser.conftest import enter_code
from tests.browser.server import Portal

HCP = "healthcare-partners-medical-group-torrance-ca"


@dataclass(frozen=True)
class PageCase:
    id: str
    endpoint: str | None  # None: an error page with no route (404)
    path: str
    heading: str
    account: str | None = None
    prepare: Callable[[Page, Portal], None] | None = None


def values(portal: Portal) -> dict[str, str]:
    return {"hcp": HCP, "npi": portal.npi, "user_id": str(portal.provider_user_id),
            "verified": portal.members["verified"].member_id, "organization": portal.organization_name}


def _submit(label: str) -> Callable[[Page, Portal], None]:
    """Submit the page's form untouched: the page then shows its validation errors."""
    def prepare(page: Page, portal: Portal) -> None:
        page.locator("main").get_by_role("button", name=label, exact=True).click()
        expect(page.locator(".error-summary, .error-message").first).to_be_visible()
    return prepare


def _chat_open(page: Page, portal: Portal) -> None:
    steps.open_chat_and_ask(page, "who is my care coordinator?")


def _assistant_answer(page: Page, portal: Portal) -> None:
    page.get_by_label("Question", exact=True).fill("is there a cost to join?")
    page.locator("main").get_by_role("button", name="Ask").click()
    expect(page.locator("main .assistant-reply")).to_be_visible()


def _assistant_thanks(page: Page, portal: Portal) -> None:
    _assistant_answer(page, portal)
    page.locator("main .assistant-feedback").get_by_role("button", name="Yes").click()


def _conversation(page: Page, portal: Portal) -> None:
    """A conversation of the questions the server asked before the tests, from the log's turn link."""
    page.get_by_role("link", name="Turn 1 of its conversation").first.click()
    expect(page.get_by_role("heading", name="Conversation", level=1)).to_be_visible()


def _contact_request(page: Page, portal: Portal) -> None:
    """A request made, so that support staff have one in their queue."""
    page.goto("/assistant/contact")
    page.get_by_label("What do you need help with?").fill("My doctor's new office is missing")
    page.get_by_label("Your name").fill("Page Check")
    page.get_by_label("Phone number").fill("312-555-0199")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()


def _requests_queue(page: Page, portal: Portal) -> None:
    _contact_request(page, portal)
    page.goto("/support/requests")
    expect(page.locator("main article").first).to_be_visible()


def _forgot_sent(page: Page, portal: Portal) -> None:
    page.get_by_label("E-mail address").fill("nobody@example.com")
    page.locator("main").get_by_role("button").click()


def _enroll_without_consent(page: Page, portal: Portal) -> None:
    page.get_by_label("Best days and times to reach you (optional)").fill("weekdays after 5 pm")
    page.get_by_role("button", name="Join Tobacco cessation").click()
    expect(page.locator(".error-summary")).to_be_visible()


def _confirmation(page: Page, portal: Portal) -> None:
    if page.get_by_role("link", name="Join Weight management").count():
        steps.enroll(page, "Weight management", contact="Phone", times="mornings")
    else:  # joined by an earlier run of this check: My programs links its confirmation
        page.locator("main .card").filter(has_text="Weight management").get_by_role("link").first.click()


def _contact_preferences(page: Page, portal: Portal) -> None:
    """How to be contacted about a program the patient is in (joined by the confirmation check)."""
    _confirmation(page, portal)
    page.goto("/my/programs")
    page.locator("main .card").filter(has_text="Weight management").get_by_role("link", name="Change").click()


def _contact_details_errors(page: Page, portal: Portal) -> None:
    page.get_by_label("Phone number").fill("not a number")
    page.locator("main").get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()


def _unconfirmed(page: Page, portal: Portal) -> None:
    steps.submit_verification(page, portal.members["verified"])
    expect(page.get_by_role("heading", name="Is this your patient?")).to_be_visible()


def _confirmed(page: Page, portal: Portal) -> None:
    _unconfirmed(page, portal)
    page.get_by_role("button", name="Yes, show the result").click()


def _no_match(page: Page, portal: Portal) -> None:
    steps.submit_verification(page, portal.members["verified"], last_name="Notthename")


def _batch_result(page: Page, portal: Portal) -> None:
    steps.upload_batch(page, steps.batch_rows(portal))


def _draft(page: Page, portal: Portal) -> None:
    page.get_by_role("button", name="Draft a new topic from this question").click()


def _import_run(page: Page, portal: Portal) -> None:
    page.get_by_label("What the file holds").select_option("organizations")
    page.get_by_label("CSV file").set_input_files({
        "name": "organizations.csv", "mimeType": "text/csv",
        "buffer": b"external_id,name,kind,city,state\nBROWSER-1,Browser Test Group,"
                  b"multi_specialty_group,Springfield,IL\nBROWSER-2,,nonsense,Nowhere,ZZ\n"})
    page.get_by_label("Dry run: check and count, change nothing").check()
    page.locator("main").get_by_role("button", name="Import").click()
    expect(page.get_by_text("Dry run: nothing was changed")).to_be_visible(timeout=30_000)


COLLEAGUE = "page.colleague@office.example"


def _leave(page: Page, portal: Portal) -> None:
    _confirmation(page, portal)
    page.goto("/my/programs")
    page.locator("main .card").filter(has_text="Weight management").get_by_role(
        "link", name="Leave Weight management").click()


def _fresh_code(page: Page, portal: Portal) -> None:
    if "/account/verify-code" in page.url:
        enter_code(page, portal.accounts["admin"])


def _suspend(page: Page, portal: Portal) -> None:
    page.goto(f"/admin/organizations?q={portal.organization_name}")
    page.locator("main tr").filter(has_text=portal.organization_name).get_by_role("link", name="Suspend").click()


def _token_then_revoke(page: Page, portal: Portal, start: str, admin: bool) -> None:
    """The confirmation of revoking a live token of the office user's (made once, here)."""
    page.goto(start)
    if not page.locator("main").get_by_role("link", name="Revoke").count():
        for _ in range(2):  # a fresh second-factor code may be asked for first
            if admin:
                page.get_by_label("Office user's e-mail").fill(portal.accounts["provider"])
            page.get_by_label("What the token is for").fill("page check")
            page.locator("main").get_by_role("button", name="Create token" if admin else "Create a token").click()
            page.wait_for_load_state("load")
            if "/account/verify-code" not in page.url:
                break
            enter_code(page, portal.accounts["admin" if admin else "provider"])
        page.goto(start)
    page.locator("main").get_by_role("link", name="Revoke").first.click()


def _admin_token(page: Page, portal: Portal) -> None:
    _token_then_revoke(page, portal, "/admin/tokens", admin=True)


def _own_token(page: Page, portal: Portal) -> None:
    _token_then_revoke(page, portal, "/office/", admin=False)


def _failed_message(page: Page, portal: Portal) -> None:
    """A failed e-mail to cancel (a queued one would be sent by the worker within a second)."""
    with sqlite3.connect(portal.database) as conn:
        conn.execute("INSERT INTO outbox_messages (created_at, kind, channel, recipient, context, subject, status, "
                     "attempts, next_attempt_at, last_error, failed_at) VALUES (datetime('now'), 'password_reset', "
                     "'email', 'page.check@example.com', '{}', '', 'failed', 5, datetime('now'), "
                     "'550 mailbox unavailable', datetime('now'))")
    page.goto("/admin/outbox?status=failed")
    page.locator("main tr").filter(has_text="p…@example.com").first.get_by_role("link", name="Cancel").click()


def _colleague(page: Page, portal: Portal) -> None:
    page.goto("/office/staff")
    if not page.locator("main").get_by_text(COLLEAGUE).count():
        page.goto("/office/staff/new")
        page.get_by_label("E-mail address").fill(COLLEAGUE)
        page.get_by_label("Name").fill("Pat Colleague")
        page.locator("main").get_by_role("button", name="Add and invite").click()
        expect(page.locator(".flash-success")).to_be_visible()
    page.locator("main tr").filter(has_text=COLLEAGUE).get_by_role("link", name="Disable").click()


PAGES: list[PageCase] = [
    # Anyone
    PageCase("home", "public.home", "/", "Cigna Collaborative Care"),
    PageCase("home-chat-open", "public.home", "/", "Cigna Collaborative Care", prepare=_chat_open),
    PageCase("directory", "public.program_directory", "/programs", "Program directory"),
    PageCase("directory-state", "public.program_directory", "/programs?state=CA&sort=name", "Program directory"),
    PageCase("directory-error", "public.program_directory", "/programs?state=ZZ&page=0", "Program directory"),
    PageCase("program", "public.program_page", "/programs/{hcp}", "HealthCare Partners Medical Group"),
    PageCase("providers", "public.provider_lookup", "/providers?q=maria+garsia", "Find a doctor"),
    PageCase("providers-group", "public.provider_lookup", "/providers?q=healthcare+partners", "Find a doctor"),
    PageCase("providers-npi", "public.provider_lookup", "/providers?q={npi}", "Find a doctor"),
    PageCase("providers-bad-npi", "public.provider_lookup", "/providers?q=1234567890", "Find a doctor"),
    PageCase("care-programs", "public.care_programs", "/care-programs", "Clinical and lifestyle programs"),
    PageCase("care-program", "public.care_program", "/care-programs/tobacco-cessation", "Tobacco cessation"),
    PageCase("contact", "public.contact", "/contact", "Contact us"),
    PageCase("privacy", "public.privacy", "/privacy", "Privacy and your information"),
    PageCase("api-docs", "api.docs", "/api/v1/docs", "API documentation"),
    PageCase("assistant", "assistant.page", "/assistant", "Ask a question"),
    PageCase("assistant-answer", "assistant.page", "/assistant", "Ask a question", prepare=_assistant_answer),
    PageCase("assistant-thanks", "assistant.feedback", "/assistant", "Thank you for your feedback",
             prepare=_assistant_thanks),
    PageCase("assistant-contact", "assistant.contact", "/assistant/contact", "Ask us to contact you"),
    PageCase("assistant-contact-errors", "assistant.contact", "/assistant/contact", "Ask us to contact you",
             prepare=_submit("Send my request")),
    PageCase("assistant-contact-sent", "assistant.contact_sent", "/assistant/contact", "We have your request",
             prepare=_contact_request),
    PageCase("login", "auth.login", "/login", "Sign in"),
    PageCase("login-errors", "auth.login", "/login", "Sign in", prepare=_submit("Sign in")),
    PageCase("register", "auth.register", "/register", "Register as a patient"),
    PageCase("register-errors", "auth.register", "/register", "Register as a patient",
             prepare=_submit("Create my account")),
    PageCase("forgot-password", "auth.forgot_password", "/forgot-password", "Forgot your password?"),
    PageCase("forgot-password-sent", "auth.forgot_password", "/forgot-password", "Check your e-mail",
             prepare=_forgot_sent),
    PageCase("reset-password-invalid", "auth.reset_password", "/reset-password", "This link no longer works"),
    PageCase("not-found", None, "/no-such-page", "Page not found"),
    # Patients
    PageCase("care-team", "patient.care_team", "/my/care-team", "My care team", account="patient"),
    PageCase("my-programs", "patient.programs", "/my/programs", "My programs", account="patient"),
    PageCase("enroll", "patient.enroll", "/my/programs/tobacco-cessation/enroll", "Join Tobacco cessation",
             account="patient"),
    PageCase("enroll-errors", "patient.enroll", "/my/programs/tobacco-cessation/enroll", "Join Tobacco cessation",
             account="patient", prepare=_enroll_without_consent),
    PageCase("enroll-confirmation", "patient.confirmation", "/my/programs", "Weight management",
             account="patient", prepare=_confirmation),
    PageCase("leave", "patient.leave", "/my/programs", "Leave Weight management?", account="patient", prepare=_leave),
    PageCase("contact-preferences", "patient.contact_preferences", "/my/programs", "How to contact me about",
             account="patient", prepare=_contact_preferences),
    PageCase("my-messages", "patient.messages_view", "/my/messages", "My messages", account="patient"),
    PageCase("new-message", "patient.new_message", "/my/messages/new", "Write to", account="patient"),
    PageCase("contact-details", "patient.contact_details", "/my/contact-details", "My contact details",
             account="patient"),
    PageCase("contact-details-errors", "patient.contact_details", "/my/contact-details", "My contact details",
             account="patient", prepare=_contact_details_errors),
    PageCase("account", "auth.account", "/account", "My account", account="patient"),
    PageCase("change-password-errors", "auth.change_password", "/account/password", "Change my password",
             account="patient", prepare=_submit("Change password")),
    PageCase("time-zone", "auth.time_zone", "/account/time-zone", "Time zone", account="patient"),
    PageCase("two-factor-set-up", "auth.two_factor", "/account/two-factor", "Set up your second factor",
             account="patient"),
    PageCase("two-factor-on", "auth.two_factor", "/account/two-factor", "Second factor", account="support"),
    PageCase("verify-code", "auth.verify_code", "/account/verify-code", "Confirm it is you", account="support"),
    PageCase("forbidden", "provider.home", "/office/", "Access denied", account="patient"),
    # Office staff
    PageCase("office", "provider.home", "/office/", "{organization}", account="provider"),
    PageCase("verify", "provider.verify", "/office/verify", "Verify a patient", account="provider"),
    PageCase("verify-errors", "provider.verify", "/office/verify", "Verify a patient", account="provider",
             prepare=_submit("Verify")),
    PageCase("verify-confirm-step", "provider.verification", "/office/verify", "Verification result",
             account="provider", prepare=_unconfirmed),
    PageCase("verify-result", "provider.verification", "/office/verify", "Verification result",
             account="provider", prepare=_confirmed),
    PageCase("verify-no-match", "provider.verify", "/office/verify", "Verify a patient",
             account="provider", prepare=_no_match),
    PageCase("batch", "provider.batch", "/office/verify/batch", "Verify many patients", account="provider"),
    PageCase("batch-errors", "provider.batch", "/office/verify/batch", "Verify many patients", account="provider",
             prepare=_submit("Upload and verify")),
    PageCase("batch-result", "provider.batch_result", "/office/verify/batch", "Batch verification results",
             account="provider", prepare=_batch_result),
    PageCase("recent", "provider.recent", "/office/verifications", "Your verifications of the last 24 hours",
             account="provider"),
    PageCase("provider-check", "provider.provider_check", "/office/providers?npi={npi}",
             "Verify a provider's participation", account="provider"),
    PageCase("roster", "provider.roster_view", "/office/roster", "Attributed roster of {organization}", account="provider"),
    PageCase("staff", "provider.staff", "/office/staff", "Staff of {organization}", account="provider"),
    PageCase("worklist", "provider.worklist_view", "/office/worklist?status=all", "Care coordination worklist",
             account="provider"),
    PageCase("office-messages", "provider.inbox", "/office/messages", "Secure messages", account="provider"),
    PageCase("staff-disable", "provider.set_staff_enabled", "/office/staff", f"Disable {COLLEAGUE}?", account="provider",
             prepare=_colleague),
    PageCase("revoke-own-token", "provider.revoke_token", "/office/", "Revoke the API token", account="provider",
             prepare=_own_token),
    PageCase("staff-new-errors", "provider.add_staff", "/office/staff/new", "Add a staff member",
             account="provider", prepare=_submit("Add and invite")),
    # Support staff
    PageCase("support-dashboard", "support.dashboard", "/support/", "Assistant dashboard", account="support"),
    PageCase("support-log", "support.log", "/support/log?outcome=fallback", "Assistant log", account="support"),
    PageCase("support-exchange", "support.exchange", "/support/log/1", "Exchange 1", account="support"),
    PageCase("support-draft", "support.draft", "/support/log/1", "Draft of a new topic", account="support",
             prepare=_draft),
    PageCase("support-queue", "support.queue", "/support/queue", "Review queue", account="support"),
    PageCase("support-conversation", "support.conversation", "/support/log", "Conversation", account="support",
             prepare=_conversation),
    PageCase("support-requests", "support.requests", "/support/requests", "Contact requests", account="support",
             prepare=_requests_queue),
    PageCase("support-phrases-errors", "support.phrases", "/support/phrases", "Staff-approved phrasings",
             account="support", prepare=_submit("Add phrasing")),
    # Administrators
    PageCase("admin", "admin.dashboard", "/admin/", "Administration", account="admin"),
    PageCase("admin-users", "admin.users", "/admin/users?role=provider", "Users", account="admin"),
    PageCase("admin-user", "admin.user_detail", "/admin/users/{user_id}", "desk@office.example", account="admin"),
    PageCase("admin-disable", "admin.set_enabled", "/admin/users/{user_id}/enabled?enabled=0",
             "Disable desk@office.example?", account="admin"),
    PageCase("admin-end-sessions", "admin.end_sessions", "/admin/users/{user_id}/sessions/end",
             "End every session of desk@office.example?", account="admin"),
    PageCase("admin-reset-second-factor", "admin.reset_second_factor", "/admin/users/{user_id}/second-factor/reset",
             "Reset the second factor of desk@office.example?", account="admin", prepare=_fresh_code),
    PageCase("admin-remove-office-admin", "admin.set_office_admin", "/admin/users/{user_id}/office-admin?office_admin=0",
             "Remove desk@office.example as an office administrator?", account="admin"),
    PageCase("admin-suspend", "admin.organization_access", "/admin/organizations", "Suspend the portal access of {organization}?",
             account="admin", prepare=_suspend),
    PageCase("admin-revoke-token", "admin.revoke_token", "/admin/tokens", "Revoke the API token", account="admin",
             prepare=_admin_token),
    PageCase("admin-cancel-email", "admin.outbox_cancel", "/admin/outbox", "Cancel the “Password reset link” e-mail",
             account="admin", prepare=_failed_message),
    PageCase("admin-user-new-errors", "admin.create_user", "/admin/users/new", "Create a user", account="admin",
             prepare=_submit("Create user")),
    PageCase("admin-organizations", "admin.organizations", "/admin/organizations", "Organizations' access",
             account="admin"),
    PageCase("admin-tokens", "admin.tokens", "/admin/tokens", "API tokens", account="admin"),
    PageCase("admin-imports", "admin.imports", "/admin/imports", "Imports", account="admin"),
    PageCase("admin-import-run", "admin.import_run", "/admin/imports", "Import", account="admin",
             prepare=_import_run),
    PageCase("admin-outbox", "admin.outbox", "/admin/outbox", "Outbox", account="admin"),
    PageCase("admin-audit", "admin.audit_log", "/admin/audit?member={verified}", "Audit log", account="admin"),
]

# Endpoints answered with something other than an HTML page, with the reason they are not above.
NOT_PAGES = {
    "static": "CSS and JavaScript files",
    "public.healthz": "JSON health check",
    "public.find_my_program": "a redirect to the one doctor search (public.provider_lookup)",
    "provider.roster_csv": "CSV download",
    "provider.roster_fhir": "JSON download",
    "provider.batch_csv_download": "CSV download (the office journey checks its rows)",
    "support.log_csv": "CSV download",
    "support.log_eval_tsv": "TSV download",
    "admin.audit_export": "CSV download",
    # Reached only between the password and the session, or once right after a set-up: checked
    # (axe, 375 px) by test_journeys.py's second-factor journey.
    "auth.second_factor": "the code step of signing in (second-factor journey)",
    "auth.second_factor_setup": "the set-up step of a first sign-in (second-factor journey)",
    "auth.recovery_codes": "shown once after a set-up (second-factor journey)",
    "provider.export_thread": "text download (test_care.py checks its contents)",
    # A patient's thread and a worklist item need a patient and a coordinator of one group:
    # checked (axe, 375 px) by test_care_journey.py, which makes them.
    "patient.thread": "a secure message thread (care journey)",
    "provider.thread": "a secure message thread (care journey)",
    "provider.work_item": "a worklist item (care journey)",
    # The same shared confirmation page as the other guarded actions (checked above); reaching it
    # would leave the office user linked to a coordinator for the checks after it.
    "admin.link_coordinator": "confirmation of removing a coordinator link (test_guarded_actions.py)",
    "provider.link_coordinator": "the same confirmation, asked of an office administrator (test_care.py)",
}
