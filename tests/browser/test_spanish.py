"""The portal in Spanish, as a Spanish-speaking patient uses it: every page of the page list that
opens by its address, in Spanish at phone width (accessible, nothing sideways, no English text
left), and the journeys: registering, joining and leaving a program with the e-mails that
follow, the language switch, and the assistant with and without JavaScript.

The Spanish expected here is read from the compiled catalog (portal/translations), so the tests
check that the pages show the catalog's words, whatever a translator later improves."""
from __future__ import annotations

import re
from functools import cache

import pytest
from babel.support import Translations
from playwright.sync_api import Page, expect

from tests.browser.checks import PHONE, ROOT, assert_accessible, checkpoint, horizontal_overflow, screenshot, \
    small_targets
from tests.browser import steps
from tests.browser.pages import PAGES, values
from tests.browser.server import PASSWORD, Portal

# Words that are English and never Spanish: two of them in one stretch of text is English prose.
ENGLISH = frozenset("the your you and of with this that have has will what who when please our are is to for from "
                    "they their be it been was were which can't don't".split())
GET_PAGES = [case for case in PAGES if case.prepare is None]


@cache
def _catalog() -> Translations:
    return Translations.load(str(ROOT / "portal" / "translations"), ["es"])


def es(message: str, **values) -> str:
    """The catalog's Spanish for an English message, filled in like the portal does."""
    text = _catalog().gettext(message)
    assert text != message or not re.search("[a-z]", message), f"no Spanish for {message!r}"
    return text % values if values else text


def english_left(page: Page) -> list[str]:
    """Stretches of visible or hidden page text in English: text nodes outside code and outside
    elements marked with another language (lang="en": the switch's "English", an answer given
    in English), holding two or more English-only words."""
    texts = page.evaluate("""() => {
        const found = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            if (element.closest('script, style, code, pre')) continue;
            const marked = element.closest('[lang]');
            if (marked && !marked.lang.startsWith('es')) continue;
            const text = node.textContent.replace(/\\s+/g, ' ').trim();
            if (text) found.push(text);
        }
        for (const element of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
            const marked = element.closest('[lang]');
            if (marked && !marked.lang.startsWith('es')) continue;
            for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
                const value = element.getAttribute(name);
                if (value) found.push(value);
            }
        }
        return found;
    }""")
    return [text for text in texts
            if len({word for word in re.findall(r"[a-z']+", text.lower()) if word in ENGLISH}) >= 2]


def test_the_english_detector_is_not_vacuous(open_page):
    page = open_page(locale="es-US")
    page.goto("/contact")
    assert english_left(page) == []
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = 'Your request was sent to the team.';
        document.querySelector('main').append(p);
    }""")
    assert english_left(page) == ["Your request was sent to the team."]


@pytest.mark.parametrize("case", GET_PAGES, ids=[case.id for case in GET_PAGES])
def test_page_in_spanish(case, portal, open_page):
    page = open_page(case.account, width=PHONE, locale="es-US")
    page.goto(case.path.format(**values(portal)))
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_be_visible()
    problems = [f"English on the Spanish page: {text!r}" for text in english_left(page)]
    name = f"es-{case.id}-{PHONE}"
    try:
        assert_accessible(page, name)
    except AssertionError as error:
        problems.append(str(error))
    problems += [f"scrolls sideways: {item}" for item in horizontal_overflow(page)]
    problems += [f"target under 44 px: {item}" for item in small_targets(page)]
    screenshot(page, "spanish", name)
    assert not problems, "\n".join(problems)


def test_a_spanish_speaker_registers_joins_and_leaves_a_program(open_page, portal: Portal):
    """The browser asks for Spanish (Accept-Language): everything on the way is Spanish, and so
    are the e-mails, because the account keeps the language it was made in."""
    member = portal.members["registers_es"]
    email = "paciente.nueva@example.com"
    page = open_page(width=PHONE, locale="es-US")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("summary.menu-button").click()
    page.locator(".nav-panel").get_by_role("link", name=es("Register")).click()
    checkpoint(page, "spanish", "1-register")

    page.get_by_label(es("Member ID")).fill(member.member_id)
    page.get_by_label(es("Date of birth")).fill(member.date_of_birth.isoformat())
    page.get_by_label(es("Last name")).fill(member.last_name)
    page.get_by_label(es("ZIP code")).fill(member.zip)
    page.get_by_label(es("E-mail address")).fill(email)
    page.get_by_label(es("Choose a password")).fill(PASSWORD)
    page.get_by_label(es("Type the password again")).fill(PASSWORD + "x")
    page.get_by_role("button", name=es("Create my account")).click()
    expect(page.locator(".error-summary")).to_contain_text(es("The two passwords are not the same."))
    checkpoint(page, "spanish", "2-register-errors")
    page.get_by_label(es("Choose a password")).fill(PASSWORD)
    page.get_by_label(es("Type the password again")).fill(PASSWORD)
    page.get_by_role("button", name=es("Create my account")).click()

    expect(page.get_by_role("heading", name=es("My care team"), level=1)).to_be_visible()
    expect(page.locator(".flash-success")).to_contain_text(
        es("Your account is ready and you are signed in. A confirmation is on its way to %(email)s.", email=email))
    assert english_left(page) == []
    checkpoint(page, "spanish", "3-care-team")

    program = es("Tobacco cessation")
    page.goto("/my/programs")
    expect(page.locator("main")).to_contain_text(es("You are not in any program at the moment."))
    page.get_by_role("link", name=es("Join %(program)s", program=program)).click()
    expect(page.get_by_role("heading", name=es("Join %(program)s", program=program))).to_be_visible()
    assert english_left(page) == []
    page.get_by_label(es("E-mail"), exact=True).check()
    page.get_by_role("button", name=es("Join %(program)s", program=program)).click()
    expect(page.locator(".error-summary")).to_be_visible()  # no consent given yet
    checkpoint(page, "spanish", "4-join-errors")
    page.get_by_label(es("I have read the consent above and I agree to it")).check()
    page.get_by_role("button", name=es("Join %(program)s", program=program)).click()
    expect(page.get_by_role("heading", name=es("You have joined %(program)s", program=program))).to_be_visible()
    confirmation = page.locator("main [role=status]")
    expect(confirmation).to_contain_text(re.compile(re.escape(es("Confirmation number: %(code)s", code="")) + r"\S+"))
    assert english_left(page) == []
    checkpoint(page, "spanish", "5-joined")

    page.goto("/my/programs")
    page.get_by_role("link", name=es("Leave %(program)s", program=program)).click()
    expect(page.get_by_role("heading", name=es("Leave %(program)s?", program=program), level=1)).to_be_visible()
    assert english_left(page) == []
    checkpoint(page, "spanish", "6-leave")
    page.get_by_role("button", name=es("Leave %(program)s", program=program)).click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(es("You are not in any program at the moment."))
    assert english_left(page) == []

    # What the pages said was sent arrived, written in Spanish.
    received = steps.wait_for_mail(portal, [es("Your portal account is ready"), es("You joined a program"),
                                       es("You left a program")])
    joined = received[es("You joined a program")]
    assert joined["To"] == email
    body = joined.get_body(("plain",)).get_content()
    assert es("You joined %(program)s.", program=program) in body and "You joined" not in body
    assert 'lang="es"' in joined.get_body(("html",)).get_content()


def test_the_switch_changes_the_language_and_the_account_keeps_it(open_page, portal: Portal):
    page = open_page(locale="en-US")
    page.goto("/care-programs")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("footer").get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.url.endswith("/care-programs")  # back on the page it was used on
    expect(page.get_by_role("heading", level=1)).to_have_text(es("Clinical and lifestyle programs"))
    page.goto("/programs")
    expect(page.locator("html")).to_have_attribute("lang", "es")  # remembered
    # Without JavaScript too: the switch is a form.
    plain = open_page(javascript=False, locale="es-US")
    plain.goto("/login")
    plain.locator("footer").get_by_role("button", name="English").click()
    expect(plain.locator("html")).to_have_attribute("lang", "en")
    expect(plain.get_by_role("heading", name="Sign in", level=1)).to_be_visible()


def test_the_assistant_answers_in_spanish_with_and_without_javascript(open_page):
    page = open_page(locale="es-US")
    page.goto("/care-programs")
    page.get_by_text(es("Questions? Ask our assistant")).click()
    page.get_by_label(es("Your question")).fill("¿cómo me inscribo en un programa?")
    page.locator("[data-assistant-form]").get_by_role("button", name=es("Ask")).click()
    reply = page.locator("[data-assistant-log] .assistant-reply").last
    expect(reply).to_contain_text(es("Health programs"))
    assert english_left(page) == []
    checkpoint(page, "spanish-assistant", "1-panel")

    # A Spanish question on an English page is answered in Spanish, marked as Spanish.
    english = open_page(locale="en-US")
    english.goto("/")
    english.get_by_text("Questions? Ask our assistant").click()
    english.get_by_label("Your question").fill("¿quién es mi coordinadora de atención?")
    english.locator("[data-assistant-form]").get_by_role("button", name="Ask").click()
    reply = english.locator("[data-assistant-log] .assistant-reply").last
    expect(reply).to_contain_text("coordinador")
    expect(reply.locator("[lang=es]").first).to_be_attached()

    plain = open_page(javascript=False, locale="es-US")
    plain.goto("/assistant")
    main = plain.locator("main")
    main.get_by_label(es("Question"), exact=True).fill("olvidé mi contraseña")
    main.get_by_role("button", name=es("Ask")).click()
    expect(main.locator(".assistant-reply")).to_contain_text("contraseña")
    assert english_left(plain) == []
    checkpoint(plain, "spanish-assistant", "2-no-js")


def test_someone_in_crisis_in_spanish_gets_988_in_spanish_on_a_phone(open_page):
    page = open_page(width=PHONE, locale="es-US")
    page.goto("/")
    page.get_by_text(es("Questions? Ask our assistant")).click()
    page.get_by_label(es("Your question")).fill("ya no aguanto mas, no quiero seguir viviendo")
    page.locator("[data-assistant-form]").get_by_role("button", name=es("Ask")).click()
    card = page.locator("[data-assistant-log] .assistant-reply").last
    expect(card).to_have_class(re.compile(r"\bassistant-emergency\b"))
    for href in ("tel:988", "sms:988", "tel:911"):
        expect(card.locator(f'a[href="{href}"]').first).to_be_visible()
    expect(card).to_contain_text("988")
    assert english_left(page) == []
    checkpoint(page, "spanish-assistant", "3-crisis-phone")
