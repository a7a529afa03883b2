"""A real browser for the widget tests: the app on a live port, Debian's Chromium via Playwright.

Registered in tests/conftest.py through `pytest_plugins`. Playwright only drives the system
Chromium at /usr/bin/chromium (`apt-get install chromium`); it never downloads a browser. Without
Chromium, the playwright package or axe-core the tests skip locally and fail in CI.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from werkzeug.serving import make_server

from bot.config import Config
from bot.web import create_app
from tests.servers import free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parent / ".npm" / "node_modules" / "axe-core" / "axe.min.js"


def missing(what: str) -> None:
    """Skip the test here, but fail it in CI, where everything it needs is installed."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: .ci/run installs it", pytrace=False)
    pytest.skip(f"{what} is not installed here")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The web app on a SQLite file, served on a free loopback port; yields its base URL."""
    folder = tmp_path_factory.mktemp("live")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    config = Config(
        database_url=f"sqlite:///{folder / 'live.db'}",
        data_dir=folder / "var",
        mail_dir=folder / "mail",
        secret_key="browser-test-signing-key",
        base_url=base_url,
        privacy_address="privacy@example.com",
    )
    app = create_app({"TESTING": True, "PRIVACYBOT": config})
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join()
    app.extensions["privacybot"]["engine"].dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright for the whole session."""
    if importlib.util.find_spec("playwright") is None:
        missing("the playwright package (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh page (own cookies and storage) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script, installed from npm into tests/.npm by .ci/run."""
    if not AXE.exists():
        missing(f"{AXE} (npm install --prefix tests/.npm axe-core@4)")
    return AXE
