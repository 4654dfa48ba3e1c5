"""What every journey page must be, at both widths: no sideways scroll, no serious or critical
axe-core finding (WCAG 2.1 A/AA), no developer text."""

from __future__ import annotations

import re
from typing import Any

WIDTHS = (1366, 390)
DEVELOPER_TEXT = re.compile(r"\[cek\]|issue \d|show_nine_box|db_worker|Traceback|\{'")


def check_page(page: Any, axe: Any, url: str | None = None) -> str:
    """The page at both widths (``url`` loaded, or the current page reloaded). Returns the page's
    visible text (at 390 px); leaves the page at 1366 px."""
    text = ""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if url:
            page.goto(url)
        else:
            page.reload()
        page.wait_for_load_state("load")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll} px)"
        result = axe.run(page)
        bad = [
            (v["id"], [n["target"] for n in v["nodes"][:3]])
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"{page.url} at {width} px: {bad}"
        text = page.inner_text("body")
        assert not DEVELOPER_TEXT.search(text), (page.url, DEVELOPER_TEXT.search(text))
    page.set_viewport_size({"width": 1366, "height": 900})
    return text
