"""The verification page: GET asks, POST (with CSRF) confirms; bad links get a 4xx page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import select

from bot import inbound, triage
from bot.config import Config
from bot.desk import Desk
from bot.models import Case, OutboxMessage
from bot.web import create_app


@pytest.fixture
def app(engine: Engine, config: Config) -> Iterator[Flask]:
    """The web app on the test database."""
    url = engine.url.render_as_string(hide_password=False)
    settings = Config(**{**vars(config), "database_url": url})
    made = create_app({"TESTING": True, "PRIVACYBOT": settings})
    yield made
    made.extensions["privacybot"]["engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


def link_for(desk: Desk, text: str = "Bitte löschen Sie alle meine Daten.") -> str:
    """Open a case through triage and return the path of its verification link."""
    message = inbound.Inbound("mail", "k1", "eva@example.org", text, desk.now())
    row, _ = inbound.store(desk.session, message)
    triage.handle(desk, row)
    ack = desk.session.exec(select(OutboxMessage)).one()
    found = re.search(r"https://desk\.example(/verify/\S+)", ack.text)
    assert found is not None
    return found.group(1)


def csrf_of(page: str) -> str:
    """The CSRF token of the page's form."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_opening_the_link_changes_nothing_and_asks_to_confirm(
    desk: Desk, client: FlaskClient
) -> None:
    path = link_for(desk)
    page = client.get(path)
    assert page.status_code == 200 and "Anfrage bestätigen" in page.text
    case = desk.session.exec(select(Case)).one()
    desk.session.refresh(case)
    assert case.verification == "pending"


def test_confirming_with_the_form_verifies_the_case(desk: Desk, client: FlaskClient) -> None:
    path = link_for(desk)
    token = csrf_of(client.get(path).text)
    done = client.post(path, data={"csrf_token": token})
    case = desk.session.exec(select(Case)).one()
    desk.session.refresh(case)
    assert done.status_code == 200 and case.verification == "verified"


def test_a_post_without_csrf_token_is_refused(desk: Desk, client: FlaskClient) -> None:
    path = link_for(desk)
    assert client.post(path).status_code == 400
    case = desk.session.exec(select(Case)).one()
    desk.session.refresh(case)
    assert case.verification == "pending"


@pytest.mark.parametrize("token", ["garbage", "a" * 300, "%3Cscript%3Ealert(1)%3C%2Fscript%3E"])
def test_a_bad_link_gets_a_4xx_page_not_an_error(client: FlaskClient, token: str) -> None:
    page = client.get(f"/verify/{token}")
    assert 400 <= page.status_code < 500 and "<script>" not in page.text


def test_pages_forbid_framing_and_referrers(desk: Desk, client: FlaskClient) -> None:
    page = client.get(link_for(desk))
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
