"""Headless Chromium (Debian's package) driven by Playwright, against Django's live server.

Skipped, with the reason, where /usr/bin/chromium is missing, unless LAKSA_REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
import time_machine

from laksa.lib import clock
from tests.conftest import TEST_NOW

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = os.environ.get("LAKSA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items or Path(CHROMIUM).exists():
        return
    if os.environ.get("LAKSA_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"LAKSA_REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Chromium for the browser tests of this package only: while Playwright's sync API is open
    it runs an event loop in this thread, and the test body's ORM calls (synchronous still) pass
    Django's async-safety check only because it is lifted meanwhile, in this process alone
    (tests/asgi_server.py never hands it to a server). The tests after these run with it on."""
    from playwright.sync_api import sync_playwright

    with _async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield SameClockBrowser(browser)
        browser.close()


SHIFTED_DATE = """(() => {
  const Real = Date, offset = %(offset_ms)d;
  class Shifted extends Real {
    constructor(...args) { if (args.length) super(...args); else super(Real.now() + offset); }
    static now() { return Real.now() + offset; }
  }
  globalThis.Date = Shifted;
})();"""


class SameClockBrowser:
    """The browser, whose pages read the same clock as the server under test: when the session
    runs at another moment (LAKSA_TEST_NOW), each new context's Date starts from it and ticks on,
    so a photo the page stamps is not taken 'before' a job the server dispatched."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **kwargs: Any) -> Any:
        context = self._browser.new_context(**kwargs)
        if TEST_NOW:
            # Date alone is moved (Playwright's own clock would also fake `performance`, whose
            # entries the tests read to weigh pages).
            real = time_machine.escape_hatch.datetime.datetime.now(UTC)
            offset = (clock.now() - real).total_seconds()
            context.add_init_script(SHIFTED_DATE % {"offset_ms": int(offset * 1000)})
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@contextmanager
def _async_unsafe_allowed() -> Iterator[None]:
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A new phone-sized browser context (its own cookies), Indonesian locale."""
    contexts = []

    def make(**kwargs: Any) -> Any:
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            locale="id-ID",
            is_mobile=True,
            has_touch=True,
            **kwargs,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


PASSWORD = "rahasia-uji-123"


def log_in(page: Any, base_url: str, username: str) -> None:
    """Sign in and wait until the sign-in page has handed over, so the next goto carries the
    session cookie (a goto fired while the POST is in flight cancels it)."""
    page.goto(f"{base_url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Masuk')")
    page.wait_for_url(lambda url: "/masuk/" not in url)


def open_link(page: Any, text: str, url_glob: str) -> None:
    """Follow a link and wait for the new page to have loaded: reading the page before that
    reads a document that is being replaced (Playwright then returns an empty one)."""
    page.click(f"a:has-text('{text}')")
    page.wait_for_url(url_glob)
    page.wait_for_load_state()


def all_images_loaded(page: Any) -> bool:
    """Every photo on the page arrived and decoded (thumbnails load lazily, so wait a little)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('main img')]"
        ".every(img => img.complete && img.naturalWidth > 0)",
        timeout=5_000,
    )
    return True


def fill_report(
    page: Any, base_url: str, *, category: Any, description: str, photo: Any, at: Any
) -> None:
    """A citizen fills the report form on a phone, up to "Kirim laporan": a pothole ("besar"),
    the description, a photo, and the point (set as the map would set it)."""
    page.goto(f"{base_url}/lapor/")
    page.select_option("select[name=category]", str(category.pk))
    page.wait_for_selector("[name=q_ukuran]", state="attached")
    page.check("input[name=q_ukuran][value=besar]")
    page.fill("textarea[name=description]", description)
    page.set_input_files("input[name=photos]", str(photo))
    page.evaluate(
        "([lat, lng]) => { document.querySelector('[name=lat]').value = lat;"
        " document.querySelector('[name=lng]').value = lng; }",
        list(at),
    )


def wait_until_kept(page: Any, url: str, text: str, timeout: float = 15.0) -> None:
    """Until SIGAP's service worker holds `url` with `text` in its cache: it writes a page there
    after showing it, and a test that cuts the signal at once could find the older copy, or none.
    (The page's own request carried Accept-Language, which the answer varies on: ignoreVary.)"""
    check = "async ([u, t]) => { const r = await caches.match(u, {ignoreVary: true}); return !!r && (await r.text()).includes(t); }"
    for _ in range(int(timeout * 10)):  # counted, not timed: a test may have moved the clock
        if page.evaluate(check, [url, text]):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{url} was never kept with {text!r}")


def wait_for_a_fix(page: Any) -> None:
    """Until the phone has its first location fix (an emulated one comes at once, but after the
    page's scripts asked for it)."""
    assert page.evaluate(
        "() => new Promise(r => navigator.geolocation.getCurrentPosition("
        "() => r(true), () => r(false), {maximumAge: 60000, timeout: 10000}))"
    ), "no location fix"
