"""Commands of retention and the requester's rights: purge, export-requester, erase-requester."""

from __future__ import annotations

import json

import click

from bot import db, retention
from bot.commands.database import engine
from bot.commands.io import emit
from bot.config import Config
from bot.models import utcnow


def masked(address: str) -> str:
    """`address` fit for a console or log line: "m***@example.org" (style rule 9)."""
    local, at, domain = address.strip().partition("@")
    return f"{local[:1]}***{at}{domain}" if at else "***"


def checked(address: str) -> str:
    """ADDRESS as stored, or a usage error: an empty one would match every unknown sender."""
    if "@" not in address:
        raise click.BadParameter(f"{masked(address)} is not an address", param_hint="ADDRESS")
    return retention.normal(address)


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would go; delete nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
def purge(dry_run: bool, as_json: bool) -> None:
    """Delete closed cases and loose messages past their retention period (RETAIN_*)."""
    config = Config.from_env()
    with db.session(engine()) as session:
        act = retention.preview if dry_run else retention.purge
        counts = act(session, config, utcnow())
    if as_json:
        emit(counts)
    else:
        for table, number in counts.items():
            click.echo(f"{table}\t{number}")
    click.echo("dry run: nothing deleted" if dry_run else "purged", err=True)


@click.command("export-requester")
@click.argument("address")
def export_requester(address: str) -> None:
    """Print as JSON everything held about ADDRESS (their cases, messages, replies)."""
    with db.session(engine()) as session:
        held = retention.export_requester(session, checked(address))
    click.echo(json.dumps(held, ensure_ascii=False, indent=2))
    click.echo(f"exported {len(held['cases'])} case(s) of {masked(held['address'])}", err=True)


@click.command("erase-requester")
@click.argument("address")
@click.option("--yes", is_flag=True, help="Confirm: the erasure cannot be undone.")
def erase_requester(address: str, yes: bool) -> None:
    """Delete everything held about ADDRESS except its marketing opt-out (Art. 17(3), 21(3))."""
    normalised = checked(address)
    if not yes:
        raise click.UsageError(
            f"erasing {masked(normalised)} cannot be undone; export it first, then add --yes"
        )
    with db.session(engine()) as session:
        counts = retention.erase_requester(session, normalised)
    emit(counts)
    click.echo(f"erased {masked(normalised)}; its suppression entry (if any) stays", err=True)
