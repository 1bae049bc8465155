"""Headless Chromium for rendering pictures (and for the browser tests).

stakegraph uses the system's Chromium (Debian's `chromium` package, installed by
`scripts/browser.sh`), driven by Playwright's Python client: the machines it runs
on may not download browsers. Callers may name another binary (`STAKEGRAPH_CHROMIUM`,
read by api/settings.py, is passed down as `executable`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.errors import StakegraphError

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
)


def chromium_path(configured: str | None = None) -> str:
    """The Chromium binary to drive (`configured`, else Debian's), or a one-line error
    saying how to get one."""
    candidates = (
        [configured] if configured else ["/usr/bin/chromium", "chromium", "chromium-browser"]
    )
    for candidate in candidates:
        found = candidate if Path(candidate).is_file() else shutil.which(candidate)
        if found:
            return found
    raise StakegraphError(
        "PNG export needs Chromium: run scripts/browser.sh (Debian's chromium package) "
        "or set STAKEGRAPH_CHROMIUM to a Chromium binary"
    )


@contextmanager
def chromium_page(
    *, width: int, height: int, offline: bool = True, executable: str | None = None
) -> Iterator[Any]:
    """A Playwright page in headless Chromium (`executable`, else `chromium_path()`'s);
    with `offline`, every network request fails."""
    from playwright.sync_api import sync_playwright  # heavy; only pictures need it

    executable = chromium_path(executable)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_FLAGS))
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, offline=offline
            )
            yield context.new_page()
        finally:
            browser.close()
