"""`make screenshots`: the page checks' screenshots side by side, phone beside desktop, in
test-artifacts/browser/gallery.html (open it in a browser). Run after tests/browser/test_pages.py,
which saves test-artifacts/browser/pages/<id>-375.png and <id>-1280.png for every page."""
from __future__ import annotations

import html
import sys
from pathlib import Path

from tests.browser.checks import ARTIFACTS, WIDTHS, slug
from tests.browser.pages import PAGES


def build(root: Path = ARTIFACTS) -> tuple[Path, int, list[str]]:
    """Write the gallery; return its path, the number of pages in it and the ids of pages
    without screenshots (not run, or failed before the first one)."""
    shots = root / "pages"
    rows, missing = [], []
    for case in PAGES:
        images = [shots / f"{slug(case.id)}-{width}.png" for width in WIDTHS]
        if not all(image.exists() for image in images):
            missing.append(case.id)
            continue
        who = case.account or "visitor"
        cells = "".join(
            f'<figure><a href="pages/{image.name}"><img src="pages/{image.name}" alt="{html.escape(case.id)} at {width} px" '
            f'loading="lazy" width="{width // 3 if width > 600 else width}"></a><figcaption>{width} px</figcaption></figure>'
            for image, width in zip(images, WIDTHS))
        rows.append(f'<section id="{html.escape(slug(case.id))}"><h2>{html.escape(case.id)} '
                    f'<small>{html.escape(case.path)} · {html.escape(who)}</small></h2><div class="pair">{cells}</div></section>')
    index = "".join(f'<li><a href="#{html.escape(slug(c.id))}">{html.escape(c.id)}</a></li>' for c in PAGES if c.id not in missing)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal screenshots</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; color: #1b1f24; }}
.pair {{ display: flex; gap: 1.5rem; align-items: flex-start; flex-wrap: wrap; }}
figure {{ margin: 0; }} img {{ border: 1px solid #c5ced8; height: auto; display: block; }}
h2 small {{ font-weight: 400; color: #4a5360; font-size: 0.8rem; }}
.index {{ columns: 14rem; font-size: 0.9rem; }}
</style></head><body>
<h1>Every page at {" and ".join(f"{w} px" for w in WIDTHS)} ({len(rows)} pages)</h1>
<p>Made by <code>make screenshots</code> from the page checks (tests/browser/test_pages.py). Click an image for its full size.</p>
<ul class="index">{index}</ul>
{"".join(rows)}
</body></html>
"""
    out = root / "gallery.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out, len(rows), missing


if __name__ == "__main__":
    path, count, missing = build()
    print(f"{path}: {count} pages side by side")
    if missing:
        print("no screenshots for: " + ", ".join(missing), file=sys.stderr)
        sys.exit(1)
