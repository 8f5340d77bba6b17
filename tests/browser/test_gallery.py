"""The screenshot gallery (make screenshots) lists every page with both widths, and says which
pages have no screenshots."""
from __future__ import annotations

from tests.browser import gallery
from tests.browser.checks import WIDTHS, slug
from tests.browser.pages import PAGES


def test_gallery_puts_both_widths_side_by_side(tmp_path):
    (tmp_path / "pages").mkdir()
    shown, left_out = PAGES[0], PAGES[1]
    for width in WIDTHS:
        (tmp_path / "pages" / f"{slug(shown.id)}-{width}.png").write_bytes(b"png")
    (tmp_path / "pages" / f"{slug(left_out.id)}-{WIDTHS[0]}.png").write_bytes(b"png")  # one width only
    path, count, missing = gallery.build(tmp_path)
    page = path.read_text()
    assert count == 1 and left_out.id in missing and shown.id not in missing
    assert all(f'src="pages/{slug(shown.id)}-{width}.png"' in page for width in WIDTHS)
    assert f'pages/{slug(left_out.id)}-' not in page
