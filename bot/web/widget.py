"""The chat widget's script for embedding on any website, and a demo page that embeds it."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, render_template, send_from_directory

bp = Blueprint("widget", __name__)

STATIC = Path(__file__).resolve().parent / "static"
MAX_AGE = 300  # seconds: a new release reaches visitors within minutes


@bp.get("/widget.js")
def script() -> Response:
    """The widget itself: one plain JavaScript file, cached briefly."""
    response = send_from_directory(STATIC, "widget.js", mimetype="text/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.cache_control.no_cache = None
    return response


@bp.get("/demo")
def demo() -> str:
    """A fictional shop page with the one script tag, for the README's quick start."""
    return render_template("demo.html")
