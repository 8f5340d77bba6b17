"""What every page a browser test visits must pass: axe-core (WCAG 2.1 A and AA rules, axe's
best practices, and target size at the 44 x 44 px of WCAG 2.5.5) with no serious or critical
violation, no horizontal scrolling, and a screenshot saved as a test artifact."""
from __future__ import annotations

import json
import re
import weakref
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PHONE, DESKTOP = 375, 1280
WIDTHS = (PHONE, DESKTOP)
NARROWEST = 320  # nothing may scroll sideways even here (WCAG 1.4.10 reflow)
# The first screen: a small phone (iPhone SE, 375 x 667) and a laptop.
SCREEN_HEIGHT = {PHONE: 667, DESKTOP: 800}
HEADER_MAX = 100  # px: the site header's height bound at every width
# The browsers' time zone (their `tz` cookie, once a page's script has set it): not the
# server's default, so that the tests see times converted for the reader.
BROWSER_ZONE = "America/Chicago"
TARGET_MIN = 44  # px: tap targets (WCAG 2.5.5), checked by axe's target-size rule
# The copy of axe-core inside the axe-playwright-python wheel (a dev dependency): read from the
# installed package, never fetched at run time.
AXE_SOURCE = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "rules": {"target-size": {"enabled": True}},
               "resultTypes": ["violations"]}
# axe's target-size check asks for 24 px (WCAG 2.5.8, AA); the portal holds itself to 44 px.
AXE_CONFIGURE = {"checks": [{"id": "target-size", "options": {"minSize": TARGET_MIN}}]}
FAILING_IMPACTS = ("serious", "critical")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Pages of browser contexts with JavaScript switched off (conftest.open_page registers them).
NO_SCRIPT_PAGES: weakref.WeakSet = weakref.WeakSet()


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now. page.evaluate runs in the page through
    the DevTools protocol, which the Content-Security-Policy does not apply to: no bypass_csp."""
    if page in NO_SCRIPT_PAGES:
        return _axe_on_copy(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
        page.evaluate("configuration => axe.configure(configuration)", AXE_CONFIGURE)
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)


def _axe_on_copy(page: Page) -> list[dict]:
    """axe needs timers, which a page without JavaScript never runs: check a copy of its
    document, at the same address, size and styles, in a context with scripting on but the
    portal's own scripts refused, so that the copy stays as it was without JavaScript."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        copy = context.new_page()
        copy.route("**/static/js/**", lambda route: route.abort())
        copy.goto(origin + "/healthz")
        copy.set_content(page.content(), wait_until="load")
        return axe_violations(copy)
    finally:
        context.close()


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> list[dict]:
    """No serious or critical axe violation; every violation found is written beside the
    screenshots (test-artifacts/browser/axe/<name>.json) whatever its impact."""
    violations = axe_violations(page)
    report = ARTIFACTS / "axe" / f"{slug(name)}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps({"url": page.url, "violations": violations}, indent=1))
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe on {name} ({page.url}):\n{describe(failing)}"
    return violations


def horizontal_overflow(page: Page) -> list[str]:
    """Empty when nothing makes the page wider than the viewport; else the widest culprits."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) { return []; }
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            const clipped = (node) => {  // inside a box that scrolls or clips its own overflow
                for (let p = node.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') { return true; }
                }
                return false;
            };
            if (box.right > width + 1 && getComputedStyle(el).position !== 'fixed'
                && !el.closest('.visually-hidden, .skip-link') && !clipped(el)) {
                out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} right=${Math.round(box.right)}`);
            }
        }
        return [`page ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`, ...out.slice(0, 8)];
    }""")


def small_targets(page: Page) -> list[str]:
    """Controls smaller than 44 x 44 px (WCAG 2.5.5, which, unlike axe's 2.5.8 check, has no
    spacing exception): links, buttons, fields and toggles, except a link inside a sentence
    (text on its line besides it) and controls the browser draws (a file input's button)."""
    return page.evaluate("""([min]) => {
        const out = [];
        const inSentence = (el) => {
            const block = el.closest('p, li, dd, td, th, label, span.hint, .hint, figcaption, legend') || el.parentElement;
            const text = (block.textContent || '').replace(/\\s+/g, ' ').trim();
            const own = (el.textContent || '').replace(/\\s+/g, ' ').trim();
            return block !== el && text.length > own.length + 1 && getComputedStyle(el).display === 'inline';
        };
        for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex="0"]')) {
            if (el.closest('[hidden], .visually-hidden, .skip-link, [aria-hidden=true]') || !el.getClientRects().length) { continue; }
            const folded = el.closest('details:not([open])');
            if (folded && el !== folded.querySelector(':scope > summary')) { continue; }  // not shown
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden') { continue; }
            let box = el.getBoundingClientRect();
            if (el.matches('input[type=checkbox], input[type=radio]') && el.labels && el.labels.length) {
                // its label is part of the target: a click on it ticks the box
                const label = el.labels[0].getBoundingClientRect();
                const left = Math.min(box.left, label.left), top = Math.min(box.top, label.top);
                box = {width: Math.max(box.right, label.right) - left, height: Math.max(box.bottom, label.bottom) - top};
            }
            if (box.width >= min - 0.5 && box.height >= min - 0.5) { continue; }
            if (el.matches('a, [role=button]') && inSentence(el)) { continue; }
            if (el.matches('.table-wrap, .assistant-log, [role=log]')) { continue; }  // scrolling regions
            let label = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || el.id || '').trim().slice(0, 40);
            out.push(`${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} "${label}" ${Math.round(box.width)}x${Math.round(box.height)}`);
        }
        return out;
    }""", [TARGET_MIN])


def first_screen(page: Page) -> list[str]:
    """Empty when the header stays within its bound and the page's own content (its h1 and
    what follows it) starts in the first screen (the viewport's height); else what is wrong."""
    return page.evaluate("""([headerMax]) => {
        const problems = [];
        const header = document.querySelector('.site-header');
        const height = header ? Math.round(header.getBoundingClientRect().height) : 0;
        if (height > headerMax) { problems.push(`the header is ${height}px tall (at most ${headerMax})`); }
        const h1 = document.querySelector('main h1');
        if (!h1) { return problems.concat(['no h1 in main']); }
        let next = h1.nextElementSibling;
        while (next && (next.matches('.flash-messages, .visually-hidden, script') || !next.getClientRects().length)) {
            next = next.nextElementSibling;
        }
        const screen = window.innerHeight;
        for (const [name, el] of [['h1', h1], ['the content after the h1', next]]) {
            if (!el) { continue; }
            const top = el.getBoundingClientRect().top + window.scrollY;
            if (top >= screen) { problems.push(`${name} starts at ${Math.round(top)}px, below the first screen (${screen}px)`); }
        }
        return problems;
    }""", [HEADER_MAX])


def screenshot(page: Page, *parts: str) -> Path:
    path = ARTIFACTS.joinpath(*[slug(p) for p in parts[:-1]], slug(parts[-1]) + ".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def checkpoint(page: Page, journey: str, step: str) -> None:
    """A key page of a journey: accessible, not wider than the window, and photographed."""
    page.wait_for_load_state("load")
    assert_accessible(page, f"{journey}-{step}")
    assert not horizontal_overflow(page), horizontal_overflow(page)
    screenshot(page, "journeys", journey, step)


def focus_is_visible(page: Page) -> dict:
    """The focused element and whether it shows a focus indicator (outline or box shadow)."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        if (!el || el === document.body) { return {tag: null, visible: false}; }
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow && style.boxShadow !== 'none';
        return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 80),
                visible: Boolean(outline || shadow) && el.matches(':focus-visible')};
    }""")
