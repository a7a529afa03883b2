"""Verification links: a page that asks to confirm, and a POST that confirms.

GET never changes anything: mail scanners open links before people do.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from bot.cases import verification
from bot.web import desk, limiter

bp = Blueprint("verify", __name__, url_prefix="/verify")

STATUS = {"ready": 200, "verified": 200, "already verified": 200, "closed": 409}
LIMIT = "20 per minute"


def page(token: str, result: verification.Verified, language: str) -> tuple[str, int]:
    """The page for `result`; bad and expired links get a 4xx with a message."""
    code = STATUS.get(result.reason, 410 if result.reason == "expired" else 400)
    html = render_template("verify.html", token=token, result=result, language=language)
    return html, code


@bp.get("/<token>")
@limiter.limit(LIMIT)
def ask(token: str) -> tuple[str, int]:
    """Show what the link confirms, with a button."""
    case, result = verification.read(desk.current(), token)
    return page(token, result, case.language if case else "en")


@bp.post("/<token>")
@limiter.limit(LIMIT)
def confirm(token: str) -> tuple[str, int]:
    """Confirm the request the link names."""
    case, _ = verification.read(desk.current(), token)
    result = verification.confirm(desk.current(), token)
    return page(token, result, case.language if case else "en")
