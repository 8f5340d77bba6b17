"""Every page in pages.PAGES at phone and desktop widths: axe-core finds no serious or critical
violation, nothing scrolls sideways, and a screenshot of each width is saved."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.browser.checks import WIDTHS, assert_accessible, axe_violations, horizontal_overflow, screenshot
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
                if "GET" in rule.methods and not rule.endpoint.startswith("api.")}
    listed = {case.endpoint for case in PAGES}
    missing = html_get - listed - set(NOT_PAGES)
    assert not missing, f"add these pages to tests/browser/pages.py PAGES (or NOT_PAGES): {sorted(missing)}"
    assert not set(NOT_PAGES) & listed
    assert len({case.id for case in PAGES}) == len(PAGES)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_checks_find_what_they_should(open_page, javascript):
    """Not vacuous: an image without a text alternative, faint text and a box wider than the
    window, added to a page, are reported (with and without JavaScript)."""
    page = open_page(javascript=javascript)
    page.goto("/contact")
    assert not axe_violations(page) and not horizontal_overflow(page)
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.append(document.createElement('img'));
        const faint = document.createElement('p');
        faint.textContent = 'Faint text';
        faint.style.color = '#c8c8c8';
        const wide = document.createElement('div');
        wide.style.width = '2000px';
        wide.textContent = 'Wide';
        main.append(faint, wide);
    }""")
    found = {violation["id"]: violation["impact"] for violation in axe_violations(page)}
    assert found.get("image-alt") == "critical", found
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
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("() => new Promise(requestAnimationFrame)")  # the layout at the new width
        name = f"{case.id}-{width}"
        try:
            assert_accessible(page, name)
        except AssertionError as error:
            problems.append(str(error))
        overflow = horizontal_overflow(page)
        if overflow:
            problems.append(f"{name} scrolls sideways: " + "; ".join(overflow))
        screenshot(page, "pages", name)
    assert not problems, "\n".join(problems)
