"""The web application: verification links now; the chat API and the staff console later."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, Response
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect
from werkzeug.exceptions import HTTPException

from bot.config import Config
from bot.web import desk

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # verification tokens must not leak in Referer headers
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The Flask app; `test_config` may carry a ready `Config` under "PRIVACYBOT"."""
    app = Flask(__name__)
    app.config.from_mapping(RATELIMIT_HEADERS_ENABLED=True, MAX_CONTENT_LENGTH=64 * 1024)
    if test_config is not None:
        app.config.update(test_config)
    config = app.config.get("PRIVACYBOT") or Config.from_env()
    app.config["SECRET_KEY"] = config.signing_key()
    desk.init_app(app, config)
    csrf.init_app(app)
    limiter.init_app(app)

    CORS(app, resources={r"/api/*": {"origins": list(config.chat_origins)}}, methods=["POST"])

    from bot.web import chat, notice, verify, widget

    app.register_blueprint(verify.bp)
    app.register_blueprint(widget.bp)
    app.register_blueprint(notice.bp)
    app.register_blueprint(chat.bp)
    csrf.exempt(chat.bp)  # JSON only, CORS-limited: no form can post it from another site
    app.register_error_handler(HTTPException, chat.api_error)
    app.add_url_rule("/openapi.json", "openapi", openapi)
    app.after_request(secure)
    return app


def openapi() -> Response:
    """The chat API's OpenAPI document."""
    return Response(openapi_text(), mimetype="application/json")


@cache
def openapi_text() -> str:
    """bot/web/openapi.json, read once."""
    return (Path(__file__).parent / "openapi.json").read_text(encoding="utf-8")


def secure(response: Response) -> Response:
    """Headers every page carries."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
