"""The chat API: `POST /api/chat/messages` (see /openapi.json), for the widget on any website.

JSON in and out; errors are 4xx with {"error": …}; CORS only for the configured origins; rate
limits per address and per conversation; the visitor's text is never rendered as HTML here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from bot.chat import flow
from bot.chat import store as conversations
from bot.chat.turns import Said, Turn
from bot.models import Case
from bot.web import desk, limiter

bp = Blueprint("chat", __name__)

MAX_TEXT = 2000  # characters of one message
MAX_TURNS = 120  # visitor messages per conversation
PER_CONVERSATION = "20 per minute"
LANGUAGES = (None, "de", "en")


class BadRequest(ValueError):
    """The sender's mistake: answered with a 4xx and a message."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def read_body() -> tuple[str | None, str, str | None]:
    """The conversation id, text and language of the request, checked."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest('send JSON: {"conversation_id": …, "text": …, "language": …}')
    conversation_id, text, language = (body.get(k) for k in ("conversation_id", "text", "language"))
    if conversation_id is not None and not isinstance(conversation_id, str):
        raise BadRequest("conversation_id must be a string or null")
    if not isinstance(text, str):
        raise BadRequest("text must be a string")
    if language not in LANGUAGES:
        raise BadRequest('language must be "de", "en" or null')
    if len(text) > MAX_TEXT:
        raise BadRequest(f"text is longer than {MAX_TEXT} characters", 413)
    return conversation_id, text, language


def said_json(said: Said) -> dict[str, Any]:
    """One reply in the API's form."""
    return {
        "text": said.text,
        "sections": list(said.sections),
        "quick_replies": list(said.quick_replies),
        "links": [dict(link) for link in said.links],
    }


def address_limit() -> str:
    """The per-address limit (CHAT_RATE_LIMIT)."""
    return str(current_app.extensions["privacybot"]["config"].chat_rate_limit)


def named_conversation() -> str | None:
    """The conversation id the request names, if any."""
    body = request.get_json(silent=True)
    named = body.get("conversation_id") if isinstance(body, dict) else None
    return named if isinstance(named, str) else None


def conversation_key() -> str:
    """Rate-limit key per conversation."""
    return f"conversation:{named_conversation()}"


def starting() -> bool:
    """A new conversation: only the per-address limit applies."""
    return named_conversation() is None


@bp.post("/api/chat/messages")
@limiter.limit(address_limit)
@limiter.limit(PER_CONVERSATION, key_func=conversation_key, exempt_when=starting)
def messages() -> tuple[Response, int]:
    """One visitor message in, the assistant's replies out."""
    conversation_id, text, language = read_body()
    opened = desk.current()
    if conversation_id is None:
        conversation = conversations.start(opened.session, language or "en")
    else:
        found = conversations.find(opened.session, conversation_id)
        if found is None:
            raise BadRequest("unknown conversation: start a new one with conversation_id null", 404)
        conversation = found
    if sum(1 for turn in conversation.transcript if turn["role"] == "visitor") >= MAX_TURNS:
        raise BadRequest("this conversation is too long: please start a new one", 429)
    now = datetime.now(UTC).isoformat()
    if text.strip():
        conversations.record(conversation, "visitor", text, now)
    turn: Turn = flow.step(opened, conversation, text)
    for said in turn.replies:
        conversations.record(conversation, "assistant", said.text, now)
    opened.session.add(conversation)
    opened.session.commit()
    case = turn.case or (
        opened.session.get(Case, conversation.case_id) if conversation.case_id else None
    )
    return jsonify(
        conversation_id=conversation.public_id,
        replies=[said_json(said) for said in turn.replies],
        case={"reference": case.reference, "status": case.status} if case else None,
    ), 200


@bp.errorhandler(BadRequest)
def bad_request(error: BadRequest) -> tuple[Response, int]:
    """The sender's mistake, said in JSON."""
    return jsonify(error=str(error)), error.status


def api_error(error: HTTPException) -> Response | HTTPException:
    """JSON errors under /api (413 body too large, 429 rate limited, 405 …); pages elsewhere."""
    if not request.path.startswith("/api/"):
        return error
    response = jsonify(error=error.description or error.name)
    response.status_code = error.code or 400
    return response
