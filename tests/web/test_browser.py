"""The page in a real browser (Debian's Chromium through Playwright; skipped when either is missing).

Paste an article, wait for the report, click a finding and check that its evidence lights up and
comes into view; the same from the keyboard; an article's <script> never runs; a phone-width
screen does not scroll sideways. A failing test saves a screenshot and says where.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .conftest import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("NEWSPROOF_TEST_ARTIFACTS", tempfile.gettempdir())) / "newsproof-web-tests"


@contextmanager
def screenshot_on_failure(page: Any, name: str) -> Iterator[None]:
    """Save a full-page screenshot when the block fails, and name the file in the error."""
    try:
        yield
    except Exception as exc:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception:  # the browser itself may be what failed
            raise exc from None
        raise AssertionError(f"{exc}\n(screenshot: {path})") from exc


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    context.set_default_timeout(20_000)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def _check(page: Any, server: LiveServer, text: str) -> None:
    page.goto(server.url + "/")
    page.fill("#text", text)
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#verdict")


def _in_viewport(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            "el => { const r = el.getBoundingClientRect();"
            " return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth; }",
        )
    )


def test_paste_check_and_follow_a_finding(page: Any, live_server: LiveServer, founding_text: str) -> None:
    with screenshot_on_failure(page, "follow-a-finding"):
        _check(page, live_server, founding_text)
        assert page.inner_text("#verdict").strip()
        assert page.locator(".score .num").inner_text().isdigit()
        assert page.locator("#article-text mark[data-f]").count() > 0
        # The first problem finding (not info) that points at evidence.
        finding = page.eval_on_selector_all(
            "li.sev-high, li.sev-medium, li.sev-low",
            "items => items.map(li => li.id.replace('finding-', ''))"
            '.find(i => document.querySelector(`mark[data-f~="${i}"]`))',
        )
        assert finding is not None, "no problem finding with evidence in the founding example"
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.click(f"#finding-{finding} button")
        evidence = f'mark[data-f~="{finding}"]'
        page.wait_for_selector(f"{evidence}.active")
        assert page.locator(f"{evidence}.active").count() == page.locator(evidence).count()
        assert page.locator(f"#finding-{finding}.active").count() == 1
        page.wait_for_function(
            "sel => { const r = document.querySelector(sel).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }",
            arg=evidence,
        )
        # Hovering a highlight shows its finding; clicking it brings the finding back.
        page.hover(evidence)
        assert page.locator("#np-pop").is_visible()
        page.click(evidence)
        assert _in_viewport(page, f"#finding-{finding}")
        assert page.locator(f"#finding-{finding}.active").count() == 1
        assert not page.dialogs


def test_keyboard_only(page: Any, live_server: LiveServer, founding_text: str) -> None:
    with screenshot_on_failure(page, "keyboard-only"):
        page.goto(live_server.url + "/")
        page.focus("#text")
        page.keyboard.insert_text(founding_text)
        page.keyboard.press("Control+Enter")
        page.wait_for_selector("#verdict")
        assert page.evaluate("document.activeElement.id") == "verdict"
        page.focus("#article-text mark.sev-medium, #article-text mark.sev-high, #article-text mark.sev-low")
        assert page.locator("#np-pop").is_visible()
        page.keyboard.press("Enter")
        active = page.evaluate("document.activeElement.closest('li') && document.activeElement.closest('li').id")
        assert active and active.startswith("finding-")
        page.keyboard.press("Enter")  # the finding's button: back to its evidence
        assert page.evaluate("document.activeElement.tagName") == "MARK"
        assert page.locator("mark.active").count() > 0


def test_article_script_never_runs(page: Any, live_server: LiveServer) -> None:
    hostile = (
        "Minister resigns <script>window.__xss = 1; alert('xss')</script>\n\n"
        'The minister resigned on Monday, officials said. <img src=x onerror="window.__xss = 2">\n\n'
        '<svg onload="window.__xss = 3"></svg> She gave no reason.\n\n— Reuters'
    )
    with screenshot_on_failure(page, "xss"):
        _check(page, live_server, hostile)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        assert not page.dialogs
        assert "<script>window.__xss" in page.inner_text("#article-text")
        assert page.locator("#article-text script, #article-text img, #article-text svg").count() == 0


def test_phone_width(browser: Any, live_server: LiveServer, founding_text: str) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, reduced_motion="reduce"
    )
    page = context.new_page()
    try:
        with screenshot_on_failure(page, "phone-width"):
            _check(page, live_server, founding_text)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            columns = page.eval_on_selector(".columns", "el => getComputedStyle(el).gridTemplateColumns")
            assert len(columns.split()) == 1, columns
            page.tap("#article-text mark.sev-medium")
            page.wait_for_selector("li.active")
    finally:
        context.close()


def test_error_is_shown(page: Any, live_server: LiveServer) -> None:
    with screenshot_on_failure(page, "error"):
        page.goto(live_server.url + "/")
        page.fill("#url", "http://127.0.0.1:9/story")
        page.click("#check-form button[type=submit]")
        page.wait_for_selector("#error")
        assert "private or local address" in page.inner_text("#error")


def test_upload_a_file(page: Any, live_server: LiveServer) -> None:
    from .conftest import EXAMPLES

    with screenshot_on_failure(page, "upload"):
        page.goto(live_server.url + "/")
        page.set_input_files("#file", str(EXAMPLES / "niger_airbase_rewrite.txt"))
        page.click("#check-form button[type=submit]")
        page.wait_for_selector("#verdict")
        assert "Mark Delacroix" in page.inner_text(".meta")
