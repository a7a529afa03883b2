"""Commands of the mail channel: poll the mailbox, import files, quarantine and release."""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from types import FrameType

import click
from sqlmodel import col, select

from bot import db, worker
from bot.commands.database import desk, engine
from bot.commands.io import emit
from bot.config import Config
from bot.desk import as_utc, open_desk
from bot.models import InboundMessage, OutboxMessage
from bot.worker import files
from bot.worker.sources import source_for, transport_for


@click.command("poll")
@click.option("--once", is_flag=True, help="One round (fetch, read, deliver, sweep), then exit.")
def poll(once: bool) -> None:
    """The worker: read the mailbox (IMAP_URL, else var/mail/inbox) and drain the outbox."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = Config.from_env()
    stopping: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    session = db.session(engine())
    result = worker.run(
        lambda: open_desk(session, config),
        source_for(config),
        transport_for(config),
        once=once,
        stop=lambda: bool(stopping),
    )
    if result is not None:
        counts = {"stored": result.stored, "read": len(result.outcomes)}
        emit(counts | {"delivered": result.delivered, "seconds": round(result.seconds, 3)})


@click.command("import-mail")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def import_mail(paths: tuple[Path, ...]) -> None:
    """Run .eml files, mbox files and Maildir folders through the pipeline (one JSON line each)."""
    with desk() as opened:
        for path in paths:
            for raw in files.raw_messages(path):
                message_id, outcome = files.import_one(opened, raw)
                emit({"message_id": message_id, **outcome.to_json()})


@click.command("quarantine")
def quarantine() -> None:
    """Messages set aside for staff, with their reasons (JSON lines)."""
    with desk() as opened:
        query = select(InboundMessage).where(InboundMessage.status == "quarantined")
        for row in opened.session.exec(query.order_by(col(InboundMessage.id))):
            emit({
                "id": row.id, "message_id": row.message_id, "reason": row.reason,
                "error": row.error, "attempts": row.attempts,
                "received_at": as_utc(row.received_at).isoformat(),
            })  # fmt: skip


@click.command("reprocess")
@click.argument("number", type=int)
def reprocess(number: int) -> None:
    """Read quarantined message NUMBER again (after a fix), and print its outcome."""
    with desk() as opened:
        row = opened.session.get(InboundMessage, number)
        if row is None or row.status != "quarantined":
            raise click.ClickException(f"no quarantined message {number}")
        row.status, row.attempts, row.outcome = "stored", 0, None
        opened.session.commit()
        emit({"message_id": row.message_id, **worker.read_one(opened, row).to_json()})


@click.command("release")
@click.argument("message_id")
def release(message_id: str) -> None:
    """Let a held or failed outbox message go again (after a person checked it)."""
    with desk() as opened:
        query = select(OutboxMessage).where(OutboxMessage.message_id == message_id)
        row = opened.session.exec(query).first()
        if row is None or row.status not in ("held", "failed"):
            raise click.ClickException(f"no held or failed message {message_id}")
        row.status, row.next_attempt_at, row.last_error = "queued", opened.now(), None
        opened.session.commit()
        emit({"message_id": row.message_id, "status": row.status})
