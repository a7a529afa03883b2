"""The chat API: the conversation, the case it files through triage, and bad input as 4xx."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.config import Config
from bot.models import Case, ChatConversation, InboundMessage, OutboxMessage
from bot.web import create_app, limiter
from intents import Analyser


@pytest.fixture
def app(engine: Engine, config: Config, analyser: Analyser) -> Iterator[Flask]:
    """The web app on the test database, allowing one outside origin."""
    url = engine.url.render_as_string(hide_password=False)
    settings = replace(config, database_url=url, chat_origins=("https://www.example.com",))
    made = create_app({"TESTING": True, "PRIVACYBOT": settings})
    limiter.reset()  # the counters live in memory for the whole test process
    yield made
    made.extensions["privacybot"]["engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


class Visitor:
    """One visitor talking to the API."""

    def __init__(self, client: FlaskClient, language: str = "de") -> None:
        self.client, self.language, self.conversation = client, language, None

    def says(self, text: str) -> dict[str, Any]:
        """Send `text`; the JSON answer."""
        body = {"conversation_id": self.conversation, "text": text, "language": self.language}
        response = self.client.post("/api/chat/messages", json=body)
        assert response.status_code == 200, response.get_json()
        answer: dict[str, Any] = response.get_json()
        self.conversation = answer["conversation_id"]
        return answer


def test_a_conversation_starts_with_a_greeting_and_quick_replies(client: FlaskClient) -> None:
    answer = Visitor(client).says("")
    (reply,) = answer["replies"]
    assert "Meine Daten löschen" in reply["quick_replies"] and answer["case"] is None


def test_an_erasure_request_becomes_a_case_with_an_acknowledgment_by_mail(
    client: FlaskClient, engine: Engine
) -> None:
    visitor = Visitor(client)
    visitor.says("")
    confirm = visitor.says("Meine Daten löschen")
    assert "Löschung" in confirm["replies"][0]["text"]
    visitor.says("Ja")
    visitor.says("eva@example.org")
    filed = visitor.says("Eva Beispiel")
    reference = filed["case"]["reference"]
    assert reference in filed["replies"][0]["text"]
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        ack = session.exec(select(OutboxMessage)).one()
        conversation = session.exec(select(ChatConversation)).one()
        message = session.exec(select(InboundMessage)).one()
    assert (case.reference, case.channel, case.labels, case.requester_name) == (
        reference, "chat", ["erasure"], "Eva Beispiel"
    )  # fmt: skip
    assert ack.to == "eva@example.org" and "/verify/" in ack.text
    assert conversation.case_id == case.id and message.case_id == case.id
    assert [turn["role"] for turn in conversation.transcript][:2] == ["assistant", "visitor"]


def test_a_question_is_answered_with_a_link_to_its_section(client: FlaskClient) -> None:
    answer = Visitor(client, "en").says("How long do you keep my personal data?")
    (reply,) = answer["replies"]
    assert reply["sections"] == ["retention"]
    assert reply["links"][0]["url"].endswith("/notice/retention?lang=en")
    page = client.get("/notice/retention?lang=en")
    assert page.status_code == 200 and "Data retention" in page.text


def test_a_sale_opt_out_asks_where_the_requester_lives(client: FlaskClient, engine: Engine) -> None:
    visitor = Visitor(client, "en")
    visitor.says("Do not sell or share my personal information.")
    visitor.says("Yes")
    visitor.says("sam@example.org")
    place = visitor.says("Skip")
    assert "California" in place["replies"][0]["quick_replies"]
    visitor.says("California")
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
    assert "california" in case.places and case.verification == "not_required"


def test_a_wrong_address_is_asked_again(client: FlaskClient) -> None:
    visitor = Visitor(client, "en")
    visitor.says("Delete my data")
    visitor.says("Yes")
    again = visitor.says("not an address")
    assert "does not look like an email" in again["replies"][0]["text"]


def test_product_support_gets_a_friendly_pointer(client: FlaskClient) -> None:
    answer = Visitor(client, "en").says("How do I renew the license of our MailStore Server?")
    assert "support" in answer["replies"][0]["text"].lower() and answer["case"] is None


def test_markup_from_a_visitor_comes_back_only_as_json_text(client: FlaskClient) -> None:
    visitor = Visitor(client, "en")
    visitor.says("Delete my data")
    visitor.says("Yes")
    answer = visitor.says("<img src=x onerror=alert(1)>")
    assert answer["replies"][0]["text"].startswith("That does not look")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 400),
        ({"conversation_id": None}, 400),
        ({"conversation_id": 7, "text": "hi"}, 400),
        ({"conversation_id": None, "text": "hi", "language": "fr"}, 400),
        ({"conversation_id": "nope", "text": "hi"}, 404),
        ({"conversation_id": None, "text": "x" * 2001}, 413),
    ],
)
def test_bad_input_gets_a_4xx_with_a_message(
    client: FlaskClient, body: object, status: int
) -> None:
    if isinstance(body, str):
        response = client.post("/api/chat/messages", data=body, content_type="application/json")
    else:
        response = client.post("/api/chat/messages", json=body)
    assert response.status_code == status and response.get_json()["error"]


def test_too_many_messages_from_one_address_are_refused(client: FlaskClient) -> None:
    codes = [
        client.post("/api/chat/messages", json={"conversation_id": None, "text": ""}).status_code
        for _ in range(31)
    ]
    assert codes[:30] == [200] * 30 and codes[30] == 429


def test_cors_allows_only_the_configured_origins(client: FlaskClient) -> None:
    body = {"conversation_id": None, "text": ""}
    allowed = client.post(
        "/api/chat/messages", json=body, headers={"Origin": "https://www.example.com"}
    )
    other = client.post("/api/chat/messages", json=body, headers={"Origin": "https://evil.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.example.com"
    assert "Access-Control-Allow-Origin" not in other.headers


def test_the_openapi_document_describes_the_chat_endpoint(client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()
    assert "/api/chat/messages" in document["paths"] and document["openapi"].startswith("3.")
