"""Phones first: the header's Menu button (keyboard, and without JavaScript), the directory's
results before its state map, and the printouts of a verification and of the roster."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import steps
from tests.browser.checks import ARTIFACTS, HEADER_MAX, PHONE, SCREEN_HEIGHT, checkpoint
from tests.browser.server import Portal


def _header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_menu_button_opens_the_links_with_the_keyboard(open_page, javascript):
    page = open_page("patient", width=PHONE, javascript=javascript)
    page.goto("/my/programs")
    menu = page.locator(".site-header summary", has_text="Menu")
    links = page.locator(".nav-panel")
    assert _header_height(page) <= HEADER_MAX
    expect(menu).to_be_visible()
    expect(links).to_be_hidden()
    expect(page.locator(".nav-wide")).to_be_hidden()  # one list of links at a time
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the logo
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    expect(links.get_by_role("link", name="My care team")).to_be_visible()
    expect(links.get_by_role("link", name="My programs")).to_have_attribute("aria-current", "page")
    expect(links.get_by_role("button", name="Sign out")).to_be_visible()
    if javascript:  # Escape closes it and gives the focus back to the button
        page.keyboard.press("Escape")
        expect(links).to_be_hidden()
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Menu"
    else:
        page.keyboard.press("Enter")
        expect(links).to_be_hidden()
    menu.click()
    links.get_by_role("link", name="My care team").click()
    expect(page.get_by_role("heading", name="My care team", level=1)).to_be_visible()


def test_on_a_wide_screen_the_links_are_in_the_header(open_page):
    page = open_page("provider")
    page.goto("/office/")
    expect(page.locator(".site-header summary")).to_be_hidden()
    expect(page.locator(".nav-wide").get_by_role("link", name="Office")).to_be_visible()
    assert _header_height(page) <= HEADER_MAX


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_directory_shows_results_first_on_a_phone(open_page, javascript):
    page = open_page(width=PHONE, javascript=javascript)
    page.set_viewport_size({"width": PHONE, "height": SCREEN_HEIGHT[PHONE]})
    page.goto("/programs")
    first = page.locator("main .result").first
    assert first.bounding_box()["y"] < SCREEN_HEIGHT[PHONE], first.bounding_box()
    states = page.get_by_text("Browse by state: map and list")
    expect(page.get_by_role("link", name="California", exact=True)).to_be_hidden()
    assert states.bounding_box()["y"] > first.bounding_box()["y"]  # the map comes after the results
    states.click()
    page.get_by_role("link", name="California", exact=True).click()
    expect(page.locator("main .result-count")).to_contain_text("in California")
    checkpoint(page, "phone", "directory-california")


def test_the_directory_state_map_is_open_on_a_wide_screen(open_page):
    page = open_page()
    page.goto("/programs")
    expect(page.get_by_role("link", name="California", exact=True)).to_be_visible()


def test_a_printed_verification_has_its_reference_and_no_navigation(open_page, portal: Portal):
    page = open_page("provider")
    steps.submit_verification(page, portal.members["verified"])
    page.get_by_role("button", name="Yes, show the result").click()
    expect(page.get_by_role("heading", name="Verification result")).to_be_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".subnav", ".assistant-panel", ".site-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    stamp = page.locator(".print-stamp")
    expect(stamp).to_be_visible()
    reference = page.locator("main .muted strong").first.inner_text()
    expect(stamp).to_contain_text(reference)
    expect(stamp).to_contain_text("printed")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.print-stamp')).position") == "fixed"  # every page
    page.pdf(path=str(ARTIFACTS / "print-verification.pdf"))


def test_a_printed_roster_repeats_its_header_and_foot_on_every_page(open_page, portal: Portal):
    page = open_page("provider")
    page.goto("/office/roster")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".filter-form")).to_be_hidden()
    foot = page.locator("main table tfoot")
    expect(foot).to_be_visible()
    expect(foot).to_contain_text(f"attributed roster of {portal.organization_name}")
    groups = page.evaluate("""() => [getComputedStyle(document.querySelector('main thead')).display,
                                     getComputedStyle(document.querySelector('main tfoot')).display]""")
    assert groups == ["table-header-group", "table-footer-group"]  # repeated on every printed page
    page.pdf(path=str(ARTIFACTS / "print-roster.pdf"))
