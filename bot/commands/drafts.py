"""Commands for what goes out: drafts to approve or reject, and the outbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bot import drafts, outbox
from bot.commands.cases import BY, refused
from bot.commands.database import desk
from bot.commands.io import emit
from bot.desk import Desk, as_utc
from bot.models import Case, Draft


def draft_json(opened: Desk, draft: Draft, with_text: bool = False) -> dict[str, Any]:
    """The JSON form of a draft."""
    case = opened.session.get(Case, draft.case_id) if draft.case_id else None
    row = {
        "id": draft.id,
        "kind": draft.kind,
        "case": case.reference if case else None,
        "to": draft.to,
        "subject": draft.subject,
        "language": draft.language,
        "status": draft.status,
        "sections": list(draft.sections),
        "confidence": draft.confidence,
        "created_at": as_utc(draft.created_at).isoformat(),
    }
    return row | ({"text": draft.text} if with_text else {})


def draft_numbered(opened: Desk, number: int) -> Draft:
    """The draft with this id, or a clear error."""
    draft = opened.session.get(Draft, number)
    if draft is None:
        raise click.ClickException(f"no draft {number}")
    return draft


@click.command("drafts")
def drafts_command() -> None:
    """Drafts waiting for a decision, oldest first (JSON lines)."""
    with desk() as opened:
        for draft in drafts.pending(opened.session):
            emit(draft_json(opened, draft))


@click.group("draft")
def draft_group() -> None:
    """One draft: show, approve (as written or edited) or reject it."""


@draft_group.command("show")
@click.argument("number", type=int)
def show(number: int) -> None:
    """The draft NUMBER with its text."""
    with desk() as opened:
        emit(draft_json(opened, draft_numbered(opened, number), with_text=True))


@draft_group.command("approve")
@click.argument("number", type=int)
@click.option(
    "--text-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The edited text to send instead (sent as written, never as a template).",
)
@BY
def approve(number: int, text_file: Path | None, by: str) -> None:
    """Approve draft NUMBER and queue it in the outbox."""
    text = text_file.read_text(encoding="utf-8") if text_file else None
    with desk() as opened:
        draft = draft_numbered(opened, number)
        with refused():
            row = drafts.approve(opened, draft, by, text)
        emit({"draft": draft.id, "status": draft.status, "message_id": row.message_id})


@draft_group.command("reject")
@click.argument("number", type=int)
@click.option("--reason", required=True)
@BY
def reject(number: int, reason: str, by: str) -> None:
    """Reject draft NUMBER; nothing is sent."""
    with desk() as opened:
        draft = draft_numbered(opened, number)
        with refused():
            drafts.reject(opened, draft, by, reason)
        emit({"draft": draft.id, "status": draft.status})


@click.command("outbox")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message.")
@click.option("--status", "statuses", multiple=True, help="Only messages with this status.")
def outbox_command(as_json: bool, statuses: tuple[str, ...]) -> None:
    """Queued and sent messages, newest first."""
    with desk() as opened:
        for row in outbox.listing(opened.session, statuses):
            case = opened.session.get(Case, row.case_id) if row.case_id else None
            shown = outbox.to_json(row, case.reference if case else None)
            if as_json:
                emit(shown)
            else:
                click.echo(f"{shown['status']:<8} {shown['to']:<30} {shown['subject']}")
