"""Every page in pages.PAGES at phone and desktop widths: axe-core finds no serious or critical
violation (tap targets of 44 px included), nothing scrolls sideways (not even at 320 px), the
header keeps within 100 px and the page's own content starts in the first screen, and a
screenshot of each width is saved (`make screenshots` makes a gallery of them)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.browser.checks import (NARROWEST, SCREEN_HEIGHT, WIDTHS, assert_accessible, axe_violations, first_screen,
                                  horizontal_overflow, screenshot, small_targets)
from tests.browser.pages import NOT_PAGES, PAGES, values


def _endpoint(app, url: str) -> str | None:
    from urllib.parse import urlsplit

    adapter = app.url_map.bind("portal.test")
    path = urlsplit(url).path
    for method in ("GET", "POST"):
        try:
            return adapter.match(path, method=method)[0]
        except MethodNotAllowed:
            continue
        except NotFound:
            return None
    return None


def test_every_page_is_in_the_list(app):
    """A new page fails here until it has an entry in pages.PAGES (or a reason in NOT_PAGES)."""
    html_get = {rule.endpoint for rule in app.url_map.iter_rules()
                if "GET" in rule.methods and (not rule.endpoint.startswith("api.") or rule.endpoint == "api.docs")}
    listed = {case.endpoint for case in PAGES}
    missing = html_get - listed - set(NOT_PAGES)
    assert not missing, f"add these pages to tests/browser/pages.py PAGES (or NOT_PAGES): {sorted(missing)}"
    assert not set(NOT_PAGES) & listed
    assert len({case.id for case in PAGES}) == len(PAGES)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_checks_find_what_they_should(open_page, javascript):
    """Not vacuous: an image without a text alternative, faint text, tiny buttons side by side, a
    box wider than the window and a tall header, added to a page, are reported (with and
    without JavaScript)."""
    page = open_page(javascript=javascript)
    page.goto("/contact")
    assert not axe_violations(page) and not horizontal_overflow(page) and not first_screen(page)
    assert not small_targets(page), small_targets(page)
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.append(document.createElement('img'));
        const faint = document.createElement('p');
        faint.textContent = 'Faint text';
        faint.style.color = '#c8c8c8';
        const wide = document.createElement('div');
        wide.style.width = '2000px';
        wide.textContent = 'Wide';
        const tiny = document.createElement('p');
        for (const label of ['A', 'B']) {  // two small buttons side by side (no style of ours applies)
            const button = document.createElement('span');
            button.setAttribute('role', 'button');
            button.tabIndex = 0;
            button.textContent = label;
            tiny.append(button);
        }
        main.append(faint, wide, tiny);
        const tall = document.createElement('div');
        tall.style.height = '900px';
        document.querySelector('.site-header').append(tall);
    }""")
    found = {violation["id"]: violation["impact"] for violation in axe_violations(page)}
    assert found.get("image-alt") == "critical", found
    assert found.get("target-size") == "serious", found
    assert [target for target in small_targets(page) if '"A"' in target or '"B"' in target], small_targets(page)
    assert any("header is" in problem for problem in first_screen(page)), first_screen(page)
    assert any("h1 starts at" in problem for problem in first_screen(page)), first_screen(page)
    if javascript:  # without it axe checks a copy of the HTML, where the CSP refuses inline styles
        assert found.get("color-contrast") == "serious", found
    assert horizontal_overflow(page)[0].startswith("page 2")


@pytest.mark.parametrize("case", PAGES, ids=[case.id for case in PAGES])
def test_page(case, portal, open_page, app):
    page = open_page(case.account, width=WIDTHS[-1])
    known = values(portal)
    page.goto(case.path.format(**known))
    if case.prepare:
        case.prepare(page, portal)
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_contain_text(case.heading.format(**known))
    assert _endpoint(app, page.url) == case.endpoint, page.url
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": SCREEN_HEIGHT[width]})
        page.evaluate("() => new Promise(requestAnimationFrame)")  # the layout at the new width
        name = f"{case.id}-{width}"
        try:
            assert_accessible(page, name)
        except AssertionError as error:
            problems.append(str(error))
        overflow = horizontal_overflow(page)
        if overflow:
            problems.append(f"{name} scrolls sideways: " + "; ".join(overflow))
        problems.extend(f"{name}: {problem}" for problem in first_screen(page))
        small = small_targets(page)
        if small:
            problems.append(f"{name} has targets under 44 x 44 px: " + "; ".join(small))
        screenshot(page, "pages", name)
    page.set_viewport_size({"width": NARROWEST, "height": SCREEN_HEIGHT[WIDTHS[0]]})
    page.evaluate("() => new Promise(requestAnimationFrame)")
    overflow = horizontal_overflow(page)
    if overflow:
        problems.append(f"{case.id}-{NARROWEST} scrolls sideways: " + "; ".join(overflow))
    assert not problems, "\n".join(problems)
