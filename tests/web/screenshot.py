"""Take the README screenshot: ``.venv/bin/python tests/web/screenshot.py docs/screenshot.png``.

Serves the app on 127.0.0.1, pastes ``examples/niger_airbase_rewrite.txt`` into the page with
headless Chromium (Debian's, see scripts/services.d/chromium.sh), clicks Check, picks the first
problem finding so its evidence lights up, and saves the page at laptop size. ``--width`` and
``--full-page`` give other views (for instance ``--width 390`` for a phone).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "src"))
sys.path.insert(0, str(HERE))

from conftest import CHROMIUM_ARGS, EXAMPLES, LiveServer, chromium_path, offline_fetcher  # noqa: E402
from newsproof.web import create_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--example", default="niger_airbase_rewrite.txt")
    args = parser.parse_args()
    path = chromium_path()
    if path is None:
        sys.exit("chromium is not installed: run scripts/services.sh")
    from playwright.sync_api import sync_playwright

    text = (EXAMPLES / args.example).read_text(encoding="utf-8")
    with LiveServer(create_app(fetcher=offline_fetcher, warm_up=True)) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(
            viewport={"width": args.width, "height": args.height},
            device_scale_factor=1,
            reduced_motion="reduce",
        )
        page.goto(server.url + "/")
        page.fill("#text", text)
        page.click("button[type=submit]")
        page.wait_for_selector("#verdict")
        worst = page.query_selector("li.sev-high button, li.sev-medium button, li.sev-low button")
        if worst is not None:
            worst.click()
            # Keep the evidence lit but close the popover that focusing it opens, so it hides no text.
            page.evaluate("document.activeElement.blur()")
            page.mouse.move(0, 0)
        page.evaluate("window.scrollTo(0, document.querySelector('#report').offsetTop - 8)")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out), full_page=args.full_page)
        browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
