"""Commands that bring work in and keep it moving: submit, verify, sweep, suppression list."""

from __future__ import annotations

import hashlib
from email.utils import parseaddr
from pathlib import Path

import click

from bot import inbound, suppression, triage
from bot.cases import sweep, verification
from bot.commands.database import desk
from bot.commands.io import emit


@click.command("submit")
@click.argument("text")
@click.option("--from", "sender", required=True, help="The requester's email address.")
@click.option("--name", default=None, help="The requester's name.")
@click.option("--subject", default="")
@click.option("--lang", "hint", type=click.Choice(["de", "en"]), default=None)
def submit(text: str, sender: str, name: str | None, subject: str, hint: str | None) -> None:
    """Hand TEXT from SENDER to the pipeline as if it had arrived now (prints the outcome)."""
    stated_name, address = parseaddr(sender)
    if "@" not in address:
        raise click.BadParameter(f"not an email address: {sender!r}", param_hint="--from")
    with desk() as opened:
        now = opened.now()
        key = hashlib.sha256(f"{now.isoformat()}\0{sender}\0{text}".encode()).hexdigest()
        message = inbound.Inbound(
            "cli",
            f"cli:{key}",
            address,
            text,
            now,
            subject,
            name or stated_name or None,
            language_hint=hint,
        )
        row, _ = inbound.store(opened.session, message)
        emit(triage.handle(opened, row).to_json())


@click.command("verify")
@click.argument("token")
def verify(token: str) -> None:
    """Confirm a request with the token of its verification link (as the link page does)."""
    with desk() as opened:
        result = verification.confirm(opened, token.rsplit("/", 1)[-1])
    emit({"ok": result.ok, "reason": result.reason, "case": result.reference})
    if not result.ok:
        raise SystemExit(1)


@click.command("sweep")
def sweep_command() -> None:
    """Remind unverified requesters and draft due closing letters (the worker runs it too)."""
    with desk() as opened:
        emit(sweep.sweep(opened))


@click.group("suppression")
def suppression_group() -> None:
    """The marketing suppression list."""


@suppression_group.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export(output: Path | None) -> None:
    """The list as CSV (address, added_at, case) for marketing tools."""
    with desk() as opened:
        text = suppression.export_csv(opened.session)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
