"""Write the README's screenshots of the web app: the demo's account page, a person
card and the influence map, in English and Chinese (docs/account-en.png,
docs/account-zh.png, docs/person-en.png, docs/person-zh.png, docs/map-en.png,
docs/map-zh.png), 1280 px wide.

    .venv/bin/python scripts/screenshots.py [--output docs]

It runs the real thing: `stakegraph serve` on a temporary SQLite store with the
demo loaded, an admin signed in through the link `user add` printed, pages opened
in headless Chromium (`visualize.browser`). `make screenshot` runs it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.api import _cli
from tests.workers import free_port
from visualize.browser import chromium_page

WIDTH = 1280
PERSON = "qian-li"
"""The demo's CFO: a skeptical economic buyer with coverage gaps, a full card."""


def _wait_until_serving(page: Any, url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            page.goto(f"{url}/signin")
            return
        except Exception:  # the server is not listening yet
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _map_ready(page: Any, frame_selector: str | None = None) -> None:
    if frame_selector is None:
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
        return
    frame = page.locator(frame_selector).element_handle().content_frame()
    frame.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)


def _save(page: Any, path: Path) -> None:
    """A viewport screenshot, reduced to a 256-colour palette (a third of the bytes;
    text and flat colours survive it)."""
    page.screenshot(path=str(path))
    with Image.open(path) as picture:
        picture.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            path, optimize=True
        )


def take(output: Path) -> list[Path]:
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        store = f"sqlite:///{folder}/demo.db"
        _cli(store, "demo")
        # `user add` prints the token on its first line, then the sign-in link
        token = _cli(store, "user", "add", "screens", "--role", "admin", "--name", "刘洋 Liu Yang")
        token = token.splitlines()[0].strip()
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "api", "--store", store, "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            with chromium_page(width=WIDTH, height=1000, offline=False) as page:
                _wait_until_serving(page, url, server)
                page.goto(f"{url}/signin#token={token}")
                page.wait_for_url(f"{url}/")
                for lang in ("en", "zh"):
                    page.set_viewport_size({"width": WIDTH, "height": 1000})
                    page.goto(f"{url}/accounts/demo?lang={lang}")
                    _map_ready(page, "#map-frame")
                    written.append(output / f"account-{lang}.png")
                    _save(page, written[-1])
                    page.goto(f"{url}/accounts/demo/people/{PERSON}?lang={lang}")
                    written.append(output / f"person-{lang}.png")
                    _save(page, written[-1])
                    page.set_viewport_size({"width": WIDTH, "height": 800})
                    page.goto(f"{url}/accounts/demo/map?lang={lang}")
                    _map_ready(page)
                    written.append(output / f"map-{lang}.png")
                    _save(page, written[-1])
        finally:
            server.terminate()
            server.wait(timeout=20)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--output", type=Path, default=Path("docs"))
    args = parser.parse_args()
    for path in take(args.output):
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
