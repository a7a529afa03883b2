"""The chat widget in Debian's Chromium: keyboard, storage, escaping, accessibility, size."""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Locator, Page

STATIC = Path(__file__).resolve().parents[1] / "bot" / "web" / "static"
LAUNCHER = "Fragen zum Datenschutz?"
KEY = "privacybot.conversation"
MAX_TABS = 30


def focused(locator: Locator) -> bool:
    """Whether `locator`'s element has the focus inside its (shadow) root."""
    return bool(locator.evaluate("e => e.getRootNode().activeElement === e"))


def tab_to(page: Page, locator: Locator, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        if focused(locator):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {locator}")


def bot_messages(page: Page) -> Locator:
    """The assistant's messages in the widget's log."""
    return page.locator("[role=log] .bot")


def open_widget(page: Page) -> None:
    """Open /demo, open the widget and wait for the greeting's quick replies."""
    page.goto("/demo")
    page.get_by_role("button", name=LAUNCHER).click()
    page.get_by_role("button", name="Meine Daten löschen").wait_for()


def send(page: Page, text: str) -> None:
    """Type `text` into the widget, press Enter and wait for the next answer."""
    before = bot_messages(page).count() + page.locator("[role=log] .error").count()
    page.get_by_role("textbox", name="Ihre Nachricht").fill(text)
    page.keyboard.press("Enter")
    page.wait_for_function(
        """n => {
            const root = document.querySelector('[data-privacybot-widget]').shadowRoot;
            return root.querySelectorAll('[role=log] .bot, [role=log] .error').length > n;
        }""",
        arg=before,
    )


def storage(page: Page) -> dict[str, Any]:
    """The page's cookies (from the browser context) and sessionStorage and localStorage."""
    kept = page.evaluate("() => ({session: {...sessionStorage}, local: {...localStorage}})")
    return {"cookies": page.context.cookies(), **kept}


def test_the_launcher_is_a_button_and_escape_closes_and_returns_focus(page: Page) -> None:
    page.goto("/demo")
    launcher = page.get_by_role("button", name=LAUNCHER)
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    dialog = page.get_by_role("dialog", name="Datenschutz-Assistent")
    assert dialog.is_visible() and launcher.get_attribute("aria-expanded") == "true"
    assert focused(page.get_by_role("textbox", name="Ihre Nachricht"))
    page.keyboard.press("Escape")
    assert dialog.is_hidden() and launcher.get_attribute("aria-expanded") == "false"
    assert focused(launcher)


def test_an_erasure_request_can_be_filed_by_keyboard_alone(page: Page) -> None:
    page.goto("/demo")
    tab_to(page, page.get_by_role("button", name=LAUNCHER))
    page.keyboard.press("Enter")
    erase = page.get_by_role("button", name="Meine Daten löschen")
    erase.wait_for()
    tab_to(page, erase, "Shift+Tab")
    page.keyboard.press("Enter")
    yes = page.get_by_role("button", name="Ja", exact=True)
    yes.wait_for()
    tab_to(page, yes, "Shift+Tab")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Abbrechen").wait_for()
    page.keyboard.type("eva.muster@example.org")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Überspringen").wait_for()
    page.keyboard.type("Eva Muster")
    page.keyboard.press("Enter")
    reference = page.locator("[role=log] .case .reference")
    reference.wait_for()
    assert re.fullmatch(r"[A-Z0-9-]{6,}", reference.inner_text())
    assert reference.inner_text() in bot_messages(page).last.inner_text()


def test_a_question_is_answered_with_a_link_to_the_cited_section(
    page: Page, live_server: str
) -> None:
    open_widget(page)
    send(page, "Wie lange speichern Sie meine Daten?")
    link = bot_messages(page).last.get_by_role("link").first
    href = link.get_attribute("href") or ""
    assert href.startswith(f"{live_server}/notice/")
    title = link.inner_text().splitlines()[0].strip()  # without the "new tab" hint
    with page.context.expect_page() as opened:
        link.click()
    section = opened.value
    section.wait_for_load_state()
    assert section.url == href
    assert section.get_by_role("heading", name=title).first.is_visible()


def test_markup_in_a_message_is_shown_as_text_and_runs_nothing(page: Page) -> None:
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        """Note an alert() that ran, and close it."""
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    open_widget(page)
    payload = "<img src=x onerror=alert(1)> Hallo"
    send(page, payload)
    page.wait_for_timeout(300)  # time for a broken image's onerror, were it ever markup
    assert page.locator("[role=log] .me").last.inner_text().endswith(payload)
    assert page.locator("[data-privacybot-widget] img").count() == 0
    assert dialogs == []


def test_nothing_is_stored_before_the_first_message_and_never_a_cookie(page: Page) -> None:
    page.goto("/demo")
    assert storage(page) == {"cookies": [], "session": {}, "local": {}}
    page.get_by_role("button", name=LAUNCHER).click()
    page.get_by_role("button", name="Meine Daten löschen").wait_for()
    assert storage(page) == {"cookies": [], "session": {}, "local": {}}
    send(page, "Frage zur Datenschutzerklärung")
    kept = storage(page)
    assert kept["cookies"] == [] and kept["local"] == {}
    assert list(kept["session"]) == [KEY] and kept["session"][KEY]


def test_the_widget_runs_under_the_apps_content_security_policy(page: Page) -> None:
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text))
    response = page.goto("/demo")
    assert (
        response is not None and "default-src 'self'" in response.headers["content-security-policy"]
    )
    open_widget(page)
    launcher = page.get_by_role("button", name=LAUNCHER)
    position = launcher.evaluate("e => getComputedStyle(e).position")
    assert position == "fixed"  # the widget's own stylesheet applied
    assert not [text for text in blocked if "Content Security Policy" in text]


@pytest.mark.parametrize(
    ("page_language", "data_lang", "launcher"),
    [
        ("de", "", "Fragen zum Datenschutz?"),
        ("en", "", "Privacy questions?"),
        ("fr", "", "Privacy questions?"),
        ("en", "de", "Fragen zum Datenschutz?"),
        ("de-AT", "en", "Privacy questions?"),
    ],
)
def test_the_interface_language_follows_data_lang_then_the_page(
    page: Page, live_server: str, page_language: str, data_lang: str, launcher: str
) -> None:
    attribute = f' data-lang="{data_lang}"' if data_lang else ""
    page.set_content(
        f'<!doctype html><html lang="{page_language}"><body><p>Host page</p>'
        f'<script src="{live_server}/widget.js"{attribute}></script></body></html>'
    )
    assert page.get_by_role("button", name=launcher, exact=True).is_visible()


def test_axe_finds_no_serious_or_critical_violation(
    browser: Browser, live_server: str, axe_script: Path
) -> None:
    # axe is injected as an inline script, which the app's CSP rightly forbids: bypass it here.
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    open_widget(page)
    send(page, "Wie lange speichern Sie meine Daten?")
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    context.close()
    bad = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert bad == []


def test_the_widget_is_at_most_20_kb_gzipped() -> None:
    sources = [STATIC / "widget.js", *STATIC.glob("widget*.css")]
    size = sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in sources)
    assert size <= 20 * 1024


def test_the_script_is_served_as_javascript_and_cached_for_five_minutes(live_server: str) -> None:
    with urllib.request.urlopen(f"{live_server}/widget.js") as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert response.read() == (STATIC / "widget.js").read_bytes()


def test_a_reload_continues_the_conversation_kept_in_session_storage(page: Page) -> None:
    open_widget(page)
    send(page, "Frage zur Datenschutzerklärung")
    kept = storage(page)["session"][KEY]
    page.reload()
    open_widget(page)
    send(page, "Wie lange speichern Sie meine Daten?")
    assert storage(page)["session"] == {KEY: kept}


def test_a_refused_message_shows_the_servers_error_in_the_log(page: Page) -> None:
    open_widget(page)
    send(page, "x" * 2001)
    error = page.locator("[role=log] .error").inner_text()
    assert error and "nicht geklappt" not in error  # the server's reason, not the generic text
