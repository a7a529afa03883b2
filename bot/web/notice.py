"""The notice's sections as pages: the chat's answers link here."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from bot.notice.compose import notice_date
from bot.web import desk

bp = Blueprint("notice", __name__)


@bp.get("/notice/<section>")
def section(section: str) -> str:
    """One section of the active notice in German or English (?lang=)."""
    language = request.args.get("lang", "de")
    if language not in ("de", "en"):
        abort(400, description="lang must be de or en")
    rendering = desk.current().notice.indexes[language].rendering
    found = next((s for s in rendering.sections if s.section == section and s.text.strip()), None)
    if found is None:
        abort(404, description="no such section in the notice")
    paragraphs = [p.strip() for p in found.text.split("\n\n") if p.strip()]
    return render_template(
        "notice.html",
        language=language,
        title=found.title.strip('„“”"'),
        paragraphs=paragraphs,
        date=notice_date(rendering.label, language),
        section=section,
    )
