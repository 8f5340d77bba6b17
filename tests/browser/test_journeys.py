"""What people come to the portal to do, start to finish, in Chromium. Every key page on the
way is checked with axe-core and photographed (checks.checkpoint): test-artifacts/browser/journeys/."""
from __future__ import annotations

import csv
import io
import re

import pyotp
from playwright.sync_api import Page, expect

from portal.formatting import long_date
from tests.browser import steps
from tests.browser.checks import PHONE, checkpoint, focus_is_visible
from tests.browser.conftest import RECOVERY_CODES, TOTP_KEYS, sign_in
from tests.browser.server import PASSWORD, Portal


def test_visitor_browses_the_directory_by_state_and_opens_a_program(open_page):
    page = open_page()
    page.goto("/")
    checkpoint(page, "visitor", "1-home")
    page.get_by_role("link", name="Browse the program directory").click()
    expect(page.get_by_role("heading", name="Program directory", level=1)).to_be_visible()
    checkpoint(page, "visitor", "2-directory")

    page.get_by_role("region", name="Browse by state").get_by_role("link", name="California", exact=True).click()
    status = page.locator("main .result-count")
    expect(status).to_contain_text(re.compile(r"of \d+ programs? in California"))
    results = page.locator("main .result")
    assert results.count() > 0
    for meta in results.locator(".result-meta").all_inner_texts():
        assert ", CA ·" in meta, meta
    checkpoint(page, "visitor", "3-california")

    first = results.first.get_by_role("link")
    group = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(group)
    expect(page.locator("main")).to_contain_text("California")
    expect(page.get_by_role("heading", name="Participating providers")).to_be_visible()
    checkpoint(page, "visitor", "4-program")


def test_patient_registers_sees_care_team_enrolls_and_withdraws(open_page, portal: Portal):
    member = portal.members["registers"]
    page = open_page()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register").click()
    checkpoint(page, "patient", "1-register")

    page.get_by_label("Member ID").fill(member.member_id)
    page.get_by_label("Date of birth").fill(member.date_of_birth.isoformat())
    page.get_by_label("Last name").fill(member.last_name.lower())  # case does not matter
    page.get_by_label("ZIP code").fill(member.zip)
    page.get_by_label("E-mail address").fill("new.patient@example.com")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD + "x")
    page.get_by_role("button", name="Create my account").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("The two passwords are not the same.")
    checkpoint(page, "patient", "2-register-errors")
    summary.get_by_role("link").first.click()  # the summary links to the field in error
    expect(page.get_by_label("Type the password again")).to_be_focused()

    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="My care team", level=1)).to_be_visible()
    expect(page.get_by_text("Your account is ready and you are signed in.")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text(f"{member.first_name} {member.last_name} · member ID {member.member_id}")
    expect(main.get_by_role("link", name=member.program)).to_be_visible()
    expect(page.get_by_role("heading", name="Your care coordinator")).to_be_visible()
    expect(main.locator("dl.details")).to_contain_text("Phone")
    checkpoint(page, "patient", "3-care-team")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My programs").click()
    expect(main).to_contain_text("You are not in any program at the moment.")
    checkpoint(page, "patient", "4-my-programs")
    page.get_by_role("link", name="Join Tobacco cessation").click()
    expect(page.get_by_role("heading", name="Join Tobacco cessation")).to_be_visible()
    checkpoint(page, "patient", "5-enroll")
    page.get_by_label("E-mail", exact=True).check()
    page.get_by_label("Best days and times to reach you (optional)").fill("weekdays after 5 pm")
    page.get_by_role("button", name="Join Tobacco cessation").click()
    expect(page.locator(".error-summary")).to_be_visible()  # no consent given yet
    checkpoint(page, "patient", "6-enroll-errors")
    expect(page.get_by_label("E-mail", exact=True)).to_be_checked()  # the choices are kept
    page.get_by_label("I have read the consent above and I agree to it").check()
    page.get_by_role("button", name="Join Tobacco cessation").click()

    expect(page.get_by_role("heading", name="You have joined Tobacco cessation")).to_be_visible()
    confirmation = page.locator("main [role=status]")
    expect(confirmation).to_contain_text(re.compile(r"Confirmation number: \S+"))
    expect(confirmation).to_contain_text("E-mail, weekdays after 5 pm")
    code = confirmation.locator("strong").inner_text()
    checkpoint(page, "patient", "7-confirmation")

    page.get_by_role("link", name="My programs").last.click()
    card = main.locator(".card").filter(has=page.get_by_role("heading", name="Tobacco cessation"))
    expect(card).to_contain_text(code)
    card.get_by_role("link", name="Leave Tobacco cessation").click()
    # A page of its own says what leaving means before anything changes.
    expect(page.get_by_role("heading", name="Leave Tobacco cessation?", level=1)).to_be_visible()
    expect(main).to_contain_text("is told by e-mail that you left, and will not contact you about Tobacco cessation "
                                 "again.")
    expect(main).to_contain_text("A confirmation goes to new.patient@example.com.")
    expect(page.get_by_role("link", name="Keep me in the program")).to_have_attribute("href", "/my/programs")
    reason = page.get_by_role("group", name="Why are you leaving? (optional)")
    expect(reason.get_by_label("I would rather not say")).to_be_checked()
    reason.get_by_label("Another reason (you can say below)").check()
    page.get_by_label("Anything else your care team should know? (optional)").fill("I quit on my own")
    checkpoint(page, "patient", "8-leave")
    page.get_by_role("button", name="Leave Tobacco cessation").click()
    left = page.locator(".flash-success")
    expect(left).to_contain_text("You have left Tobacco cessation: a confirmation is on its way to "
                                 "new.patient@example.com")
    expect(left).to_contain_text("is told by e-mail and will not contact you about it again")
    expect(main).to_contain_text("You are not in any program at the moment.")
    history = page.get_by_role("region", name="Program history table").get_by_role("row")
    expect(history.filter(has_text=code)).to_contain_text("Left")
    expect(page.get_by_role("link", name="Join Tobacco cessation")).to_be_visible()  # can join again
    checkpoint(page, "patient", "9-left")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()

    # What the pages said was sent arrived at the SMTP server, through the worker.
    subjects = ["Your portal account is ready", "You joined a program", "A patient joined a program",
                "You left a program", "A patient left a program"]
    received = steps.wait_for_mail(portal, subjects)
    assert received["You left a program"]["To"] == "new.patient@example.com"
    notice = received["A patient left a program"].get_body(("plain",)).get_content()
    assert "Tobacco cessation" in notice and "I quit on my own" not in notice


# --- keyboard only --------------------------------------------------------------------------


def _focused(page: Page) -> str:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
        return `${el.tagName.toLowerCase()}|${el.type || ''}|${(label || el.innerText || el.value || '').trim()}`;
    }""")


def _tab_to(page: Page, target: str, limit: int = 80) -> None:
    """Tab forward until the focused element's description (tag|type|name) contains
    `target`; every element on the way must show where the focus is."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = focus_is_visible(page)
        description = _focused(page)
        seen.append(description)
        assert focus["visible"], f"no visible focus indicator on {description} ({page.url})"
        if target in description:
            return
    raise AssertionError(f"{target!r} not reached with Tab on {page.url}; focus went: {seen}")


def test_patient_enrolls_with_the_keyboard_only(open_page, portal: Portal):
    page = open_page()
    page.goto("/login")
    _tab_to(page, "input|text|E-mail address")
    page.keyboard.type(portal.accounts["keyboard"])
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My care team", level=1)).to_be_visible()

    # The skip link comes first and moves the focus to the main content.
    page.keyboard.press("Tab")
    assert "Skip to main content" in _focused(page) and focus_is_visible(page)["visible"]
    _tab_to(page, "a||My programs")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My programs", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip to main content
    _tab_to(page, "a||Join Tobacco cessation")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Join Tobacco cessation")).to_be_visible()

    _tab_to(page, "input|radio|Phone")
    page.keyboard.press("ArrowDown")  # arrow keys move within the radio group
    expect(page.get_by_label("E-mail", exact=True)).to_be_checked()
    _tab_to(page, "input|text|Best days and times")
    page.keyboard.type("mornings")
    _tab_to(page, "div||")  # the consent text scrolls, so it takes the focus too
    _tab_to(page, "input|checkbox|I have read the consent")
    page.keyboard.press("Space")
    expect(page.get_by_label("I have read the consent above and I agree to it")).to_be_checked()
    _tab_to(page, "button|submit|Join Tobacco cessation")
    checkpoint(page, "keyboard", "1-enroll-form-filled")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="You have joined Tobacco cessation")).to_be_visible()
    expect(page.locator("main [role=status]")).to_contain_text("E-mail, mornings")
    checkpoint(page, "keyboard", "2-confirmation")


# --- office staff -----------------------------------------------------------------------------


def test_office_staff_verify_a_patient_and_a_batch_file(open_page, portal: Portal):
    member = portal.members["verified"]
    page = open_page(accept_downloads=True)
    sign_in(page, portal.accounts["provider"])
    expect(page.get_by_role("heading", name="Tools")).to_be_visible()
    checkpoint(page, "office", "1-home")

    page.get_by_role("link", name="Verify a patient").first.click()
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the member ID.")
    checkpoint(page, "office", "2-verify-errors")

    page.get_by_label("Member ID").fill(member.member_id)
    page.get_by_label("Date of birth").fill(member.date_of_birth.isoformat())
    page.get_by_label("Last name").fill(member.last_name.upper())
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("heading", name="Is this your patient?")).to_be_visible()
    step = page.locator("main .result-box")
    expect(step).to_contain_text(f"{member.first_name} {member.last_name}")
    expect(step).to_contain_text(long_date(member.date_of_birth))
    expect(page.locator("main")).not_to_contain_text(member.program)  # nothing more before confirming
    checkpoint(page, "office", "3-confirm-step")

    page.get_by_role("button", name="Yes, show the result").click()
    result = page.locator("main .result-box")
    expect(result).to_contain_text("Attributed to a Collaborative Care program")
    expect(result.get_by_role("link", name=member.program)).to_be_visible()
    expect(result.get_by_role("heading", name="Clinical and lifestyle programs")).to_be_visible()
    expect(result.locator("ul li").first).to_contain_text("active since")
    checkpoint(page, "office", "4-result")

    page.get_by_role("navigation", name="Office").get_by_role("link", name="Verify many").click()
    checkpoint(page, "office", "5-batch")
    rows = steps.batch_rows(portal)
    page.get_by_label("CSV file").set_input_files(steps.batch_file(rows))
    page.get_by_role("button", name="Upload and verify").click()
    expect(page.get_by_role("status").filter(has_text="rows:")).to_have_text(
        "4 rows: 2 matched, 1 no match, 1 with errors in the file.")
    table = page.get_by_role("region", name="Batch results table")
    expect(table.get_by_role("row").nth(1)).to_contain_text(portal.members["batch"].program)
    checkpoint(page, "office", "6-batch-result")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the results (CSV)").click()
    download = download_info.value
    assert re.fullmatch(r"verification-V-[0-9A-F]+-\d{8}T\d{6}Z\.csv", download.suggested_filename)
    got = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    # One result per data row, numbered by their line in the file (the header is line 1).
    assert [(r["row"], r["member_id"], r["status"]) for r in got] == [
        ("2", rows[0][0], "match"), ("3", rows[1][0], "match"), ("4", rows[2][0], "no_match"),
        ("5", rows[3][0], "error")]
    assert got[0]["program"] == portal.members["batch"].program and got[0]["attributed"] == "yes"
    assert got[1]["first_name"] == portal.members["batch_other"].first_name
    assert got[2]["program"] == "" and got[2]["first_name"] == ""  # no match reveals nothing
    assert got[3]["error_field"] == "date_of_birth"


# --- support staff ----------------------------------------------------------------------------


def test_support_staff_filter_the_log_and_teach_an_alternate_phrasing(open_page, portal: Portal):
    question = portal.fallback_question
    page = open_page()
    sign_in(page, portal.accounts["support"])
    expect(page.get_by_role("heading", name="Assistant dashboard")).to_be_visible()
    unanswered = page.get_by_role("region", name="Top unanswered questions")
    expect(unanswered).to_contain_text(question)
    checkpoint(page, "support", "1-dashboard")

    page.get_by_role("navigation", name="Support console").get_by_role("link", name="Log").click()
    filters = page.get_by_role("search", name="Log filters")
    filters.get_by_label("Outcome").select_option("fallback")
    filters.get_by_label("Question contains").fill("CC on my card")
    filters.get_by_role("button", name="Filter").click()
    expect(page.locator("main p[role=status]")).to_contain_text("Showing 1 to 1 of 1 exchange,")
    row = page.get_by_role("region", name="Exchanges table").get_by_role("row").nth(1)
    expect(row.get_by_role("cell").nth(2)).to_have_text("fallback")
    expect(row.get_by_role("cell").last).to_have_text("no")  # not reviewed yet
    checkpoint(page, "support", "2-log-filtered")

    row.get_by_role("link", name=question).click()
    expect(page.get_by_role("heading", name=re.compile(r"Exchange \d+"))).to_be_visible()
    checkpoint(page, "support", "3-exchange")
    teach = page.locator("form").filter(has=page.get_by_role("button", name="Add phrasing"))
    teach.get_by_label("Add as").select_option("alternate")
    teach.get_by_label("Topic", exact=True).select_option("what-is-collaborative-care")
    expect(teach.get_by_label("Phrasing")).to_have_value(question)
    teach.get_by_role("button", name="Add phrasing").click()

    expect(page.get_by_text("The phrasing was added: every worker uses it from the next question on.")).to_be_visible()
    accepted = page.get_by_role("region", name="Phrasings table").get_by_role("row").filter(has_text=question)
    expect(accepted).to_contain_text("alternate")
    expect(accepted).to_contain_text("What is Collaborative Care?")
    expect(accepted.get_by_role("button", name="Remove")).to_be_visible()
    checkpoint(page, "support", "4-phrasings")

    # The assistant now answers the question it could not answer before.
    steps.open_chat_and_ask(page, question)
    reply = page.locator("[data-assistant-log] .assistant-reply").last
    expect(reply).to_have_class(re.compile(r"\bassistant-answer\b"))
    expect(reply).to_contain_text("Collaborative Care")
    page.goto("/support/log?q=CC+on+my+card&reviewed=yes")
    expect(page.locator("main p[role=status]")).to_contain_text("of 1 exchange,")


# --- the assistant ----------------------------------------------------------------------------


def test_assistant_with_javascript(open_page):
    page = open_page()
    page.goto("/programs")
    steps.open_chat_and_ask(page, "who is my care coordinator?")
    assert page.url.endswith("/programs")  # answered in place
    log = page.get_by_role("log", name="Conversation with the assistant")
    expect(log.locator(".assistant-question")).to_have_text("who is my care coordinator?")
    expect(log.locator(".assistant-reply")).to_contain_text("care coordinator")
    expect(page.get_by_label("Your question")).to_be_focused()
    checkpoint(page, "assistant-js", "1-panel-answer")

    log.get_by_role("button", name="Yes").click()
    expect(log).to_contain_text("Thank you for your feedback.")
    page.locator("footer").get_by_role("link", name="Contact us").click()  # the conversation follows to the next page
    expect(page.get_by_role("heading", name="Contact us", level=1)).to_be_visible()
    expect(page.get_by_role("log", name="Conversation with the assistant")).to_contain_text("care coordinator")
    checkpoint(page, "assistant-js", "2-next-page")


def test_the_panel_keeps_the_newest_answer_in_sight_and_closes_with_escape(open_page):
    page = open_page()
    page.goto("/programs")
    steps.open_chat_and_ask(page, "how do I enroll in a program?")
    questions = ["what is a care coordinator?", "is there a cost to join?", "how do I leave a program?"]
    for number, question in enumerate(questions, start=2):
        page.get_by_label("Your question").fill(question)
        page.locator("[data-assistant-form]").get_by_role("button", name="Ask").click()
        expect(page.locator("[data-assistant-log] .assistant-reply")).to_have_count(number)
    log = page.locator("[data-assistant-log]")
    newest = log.locator(".assistant-question").last
    expect(newest).to_have_text(questions[-1])
    # The newest question is at the top of the log's visible part, not scrolled out of sight.
    in_sight = log.evaluate("log => { const q = log.querySelectorAll('.assistant-question');"
                            " const last = q[q.length - 1];"
                            " return log.scrollTop > 0 && last.offsetTop >= log.scrollTop"
                            " && last.offsetTop < log.scrollTop + log.clientHeight; }")
    assert in_sight
    expect(page.get_by_label("Your question")).to_be_focused()
    log.get_by_role("button", name="No").last.click()  # "Not helpful" leads to a person
    expect(log.locator(".assistant-feedback").last).to_contain_text("To talk to a person, call")
    expect(log.locator(".assistant-feedback").last.get_by_role("link", name="Contact us")).to_have_attribute(
        "href", "/contact")
    page.get_by_label("Your question").focus()
    page.keyboard.press("Escape")
    expect(page.get_by_label("Your question")).to_be_hidden()
    expect(page.get_by_text("Questions? Ask our assistant")).to_be_focused()


def test_assistant_without_javascript(open_page):
    page = open_page(javascript=False)
    page.goto("/")
    page.get_by_text("Questions? Ask our assistant").click()  # <details> opens without script
    page.get_by_label("Your question").fill("who is my care coordinator?")
    page.locator("[data-assistant-form]").get_by_role("button", name="Ask").click()
    expect(page).to_have_url(re.compile(r"/assistant$"))
    answer = page.locator("main .assistant-reply")
    expect(page.locator("main .assistant-question")).to_have_text("who is my care coordinator?")
    expect(answer).to_contain_text("care coordinator")
    checkpoint(page, "assistant-no-js", "1-answer")

    suggestion = answer.locator(".assistant-suggestions button").first
    suggested = suggestion.inner_text()
    suggestion.click()
    expect(page.locator("main .assistant-question").last).to_have_text(suggested)
    page.locator("main .assistant-feedback").get_by_role("button", name="Yes").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    checkpoint(page, "assistant-no-js", "2-thanks")


def _ask_in_panel(page: Page, question: str, count: int) -> None:
    page.get_by_label("Your question").fill(question)
    page.locator("[data-assistant-form]").get_by_role("button", name="Ask").click()
    expect(page.locator("[data-assistant-log] .assistant-reply")).to_have_count(count)


def test_a_three_turn_conversation_in_the_panel(open_page):
    """The panel opens over the page; follow-ups lean on the last turn; an option is picked by its number."""
    page = open_page()
    page.goto("/programs")
    launcher = page.get_by_text("Questions? Ask our assistant")
    steps.open_chat_and_ask(page, "tell me about the diabetes program")
    sheet = page.locator(".assistant-sheet")
    box = sheet.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"]  # over the page, in sight
    log = page.get_by_role("log", name="Conversation with the assistant")
    expect(log.locator(".assistant-reply").last).to_contain_text("diabetes")
    expect(page.locator("[data-assistant-starters]")).to_be_hidden()  # the conversation takes their room
    _ask_in_panel(page, "and for heart disease?", 2)
    expect(log.locator(".assistant-reply").last).to_contain_text("heart disease program")
    options = log.locator(".assistant-reply").last.locator(".assistant-options button")
    expect(options).to_have_count(3)
    _ask_in_panel(page, "2", 3)  # option 2 by its number
    expect(log.locator(".assistant-question").last).to_have_text("2")
    expect(log.locator(".assistant-reply").last).not_to_contain_text("not sure")
    expect(page.get_by_label("Your question")).to_be_focused()
    checkpoint(page, "assistant-conversation", "1-three-turns")
    page.goto("/contact")
    expect(log.locator(".assistant-question")).to_have_count(3)  # the transcript follows to the next page
    expect(page.get_by_label("Your question")).not_to_be_focused()  # reopened, but the page keeps the focus
    page.get_by_role("button", name="Close").click()
    expect(launcher).to_be_focused()
    launcher.click()
    expect(page.get_by_label("Your question")).to_be_focused()
    page.keyboard.press("Escape")
    expect(launcher).to_be_focused()


def test_a_three_turn_conversation_without_javascript(open_page):
    page = open_page(javascript=False)
    page.goto("/assistant")
    page.locator("main").get_by_label("Question", exact=True).fill("tell me about the weight management program")
    page.locator("main").get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("main .assistant-reply")).to_contain_text("weight")
    page.locator("main").get_by_label("Question", exact=True).fill("what about stress?")
    page.locator("main").get_by_role("button", name="Ask", exact=True).click()
    main = page.locator("main")
    expect(main.locator(".assistant-reply")).to_contain_text("stress")
    expect(main.get_by_role("list", name="Earlier in this conversation")).to_contain_text(
        "Tell me about the weight management program")
    expect(main).to_contain_text("You can answer with the number of an option above")
    first_option = main.locator(".assistant-reply .assistant-options button").first.inner_text()
    page.locator("main").get_by_label("Question", exact=True).fill("1")
    page.locator("main").get_by_role("button", name="Ask", exact=True).click()
    expect(main.get_by_role("list", name="Earlier in this conversation").locator("li")).to_have_count(2)
    expect(main.locator(".assistant-question").last).to_have_text("1")
    checkpoint(page, "assistant-conversation-no-js", "1-three-turns")
    assert first_option


def test_the_assistant_hands_over_to_a_person(open_page):
    page = open_page()
    page.goto("/")
    steps.open_chat_and_ask(page, "zorbly fneep wibble")
    log = page.get_by_role("log", name="Conversation with the assistant")
    expect(log.locator(".assistant-reply").last).to_contain_text("Could you ask in other words?")
    _ask_in_panel(page, "blorp quux snargle", 2)
    last = log.locator(".assistant-reply").last
    expect(last).to_contain_text("A person on our support team can help")
    expect(last.get_by_role("link", name=re.compile("1-800"))).to_have_attribute("href", re.compile(r"^tel:"))
    checkpoint(page, "assistant-handover", "1-two-misses")
    last.get_by_role("link", name="ask us to contact you").click()
    expect(page.get_by_role("heading", name="Ask us to contact you", level=1)).to_be_visible()
    page.get_by_label("What do you need help with?").fill("The directory does not list my doctor's new office")
    page.get_by_label("Your name").fill("Rosa Alvarez")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Phone number").fill("312-555-0142")
    checkpoint(page, "assistant-handover", "2-request-form")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("status")).to_contain_text("call you at 312-555-0142")
    checkpoint(page, "assistant-handover", "3-sent")
    page = open_page("support")
    page.goto("/support/requests")
    card = page.locator("article", has_text="Rosa Alvarez")
    expect(card).to_contain_text("The directory does not list my doctor's new office")
    expect(card.get_by_role("link", name="an assistant conversation")).to_be_visible()
    checkpoint(page, "assistant-handover", "4-support-queue")
    card.get_by_label("What happened (optional)").fill("Called back; office added")
    card.get_by_role("button", name=re.compile("Mark request .* done")).click()
    expect(page.locator(".flash")).to_contain_text("marked done")
    expect(page.locator("article", has_text="Rosa Alvarez")).to_have_count(0)


def _emergency_links_work(page: Page, card) -> None:
    """The card's numbers are tel:/sms: links, visible on the phone screen and big enough to tap."""
    for href in ("tel:988", "sms:988", "tel:911"):
        link = card.locator(f'a[href="{href}"]').first
        expect(link).to_be_visible()
        # Measured once the style sheet applies to it (a page just loaded on a busy machine can
        # be laid out for a moment before it is).
        expect(link).to_have_css("display", "inline-block")
        box = link.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44, (href, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    expect(card).to_contain_text("not monitored by a person")


def test_someone_in_crisis_gets_the_emergency_card_on_a_phone(open_page):
    page = open_page(width=PHONE)
    page.goto("/care-programs")
    steps.open_chat_and_ask(page, "how do i leave the weight program. honestly i cant go on anymore")
    card = page.locator("[data-assistant-log] .assistant-reply").last
    expect(card).to_have_class(re.compile(r"\bassistant-emergency\b"))
    expect(card).to_contain_text("988")
    card.scroll_into_view_if_needed()
    _emergency_links_work(page, card)
    checkpoint(page, "assistant-emergency", "1-phone-js")

    no_script = open_page(width=PHONE, javascript=False)
    no_script.goto("/assistant")
    no_script.locator("main").get_by_label("Question", exact=True).fill("my toddler drank bleach")
    no_script.locator("main").get_by_role("button", name="Ask").click()
    card = no_script.locator("main .assistant-reply")
    expect(card).to_have_class(re.compile(r"\bassistant-emergency\b"))
    _emergency_links_work(no_script, card)
    expect(card.locator('a[href="tel:18002221222"]')).to_be_visible()
    checkpoint(no_script, "assistant-emergency", "2-phone-no-js")


# --- idle sessions ----------------------------------------------------------------------------


def test_idle_session_shows_its_timeout_warning(open_page):
    """Office staff are signed out after 15 idle minutes; the warning shows 2 minutes before.
    Playwright's clock stands in for the minutes."""
    page = open_page("provider")
    page.clock.install()
    page.goto("/office/verify")
    banner = page.get_by_role("alertdialog", name="Are you still there?")
    expect(banner).to_be_hidden()
    page.clock.fast_forward("12:55")
    page.clock.run_for(1000)
    expect(banner).to_be_hidden()
    page.clock.fast_forward("00:10")  # 13:05 idle: 1:55 left
    page.clock.run_for(1000)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("you will be signed out in 2 minutes without activity")
    expect(banner.get_by_role("button", name="Stay signed in")).to_be_focused()
    checkpoint(page, "idle", "1-warning")

    page.clock.fast_forward("01:00")
    page.clock.run_for(1000)
    expect(banner).to_contain_text(re.compile(r"signed out in \d+ seconds"))
    banner.get_by_role("button", name="Stay signed in").click()
    expect(banner).to_be_hidden()
    page.clock.fast_forward("10:00")  # the session was renewed: no warning for a while
    page.clock.run_for(1000)
    expect(banner).to_be_hidden()
    expect(page.get_by_role("heading", name="Verify a patient", level=1)).to_be_visible()

    still = open_page("provider", javascript=False)  # without JavaScript the footer says it
    still.goto("/office/verify")
    expect(still.locator("footer")).to_contain_text("signed out after 15 minutes without activity")


# --- the second factor ----------------------------------------------------------------------------


def _password_step(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")


def test_staff_set_up_a_second_factor_then_sign_in_with_a_code_and_a_recovery_code(open_page, portal):
    email = portal.accounts["second_factor"]
    first = open_page(width=PHONE)
    _password_step(first, email)
    expect(first).to_have_url(re.compile(r"/login/setup$"))
    expect(first.get_by_role("img", name="QR code for setting up the authenticator app")).to_be_visible()
    checkpoint(first, "second-factor", "1-set-up-phone")
    first.get_by_label("Code").fill("000000")
    first.get_by_role("button", name="Turn on the second factor").click()
    expect(first.locator(".error-summary, [role=alert]").first).to_contain_text("not right")
    key = first.locator("#totp-key").inner_text().replace(" ", "")
    TOTP_KEYS[email] = key
    first.get_by_label("Code").fill(pyotp.TOTP(key).now())
    first.get_by_role("button", name="Turn on the second factor").click()
    expect(first.locator("h1")).to_have_text("Your recovery codes")
    checkpoint(first, "second-factor", "2-recovery-codes-phone")
    RECOVERY_CODES[email] = first.locator(".recovery-codes code").all_inner_texts()
    assert len(RECOVERY_CODES[email]) == 10
    first.get_by_role("link", name="I have kept them: continue").click()
    expect(first).not_to_have_url(re.compile(r"/login|/recovery-codes"))

    with_code = open_page(width=PHONE)
    _password_step(with_code, email)
    expect(with_code).to_have_url(re.compile(r"/login/code$"))
    checkpoint(with_code, "second-factor", "3-code-phone")
    sign_in(with_code, email)
    expect(with_code).not_to_have_url(re.compile(r"/login"))

    code = RECOVERY_CODES[email][0]
    for attempt in range(2):
        with_recovery = open_page(width=PHONE)
        _password_step(with_recovery, email)
        with_recovery.get_by_label("Code").fill(code.lower())  # as typed, in any case
        with_recovery.get_by_role("button", name="Continue").click()
        with_recovery.wait_for_load_state("load")
        if attempt == 0:
            expect(with_recovery).not_to_have_url(re.compile(r"/login"))
        else:  # a recovery code works once
            expect(with_recovery).to_have_url(re.compile(r"/login/code$"))
            expect(with_recovery.locator("main")).to_contain_text("used already")
