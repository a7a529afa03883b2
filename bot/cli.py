"""The `privacybot` command line (an interface: scripts and tests call it; see design.md)."""

from __future__ import annotations

import click

from bot.commands import database, intents, notice


@click.group()
def cli() -> None:
    """The privacy desk: understand, answer and track privacy requests."""


cli.add_command(intents.classify)
cli.add_command(intents.evaluate_command)
cli.add_command(intents.train_command)
cli.add_command(notice.ask)
cli.add_command(notice.notice_group)
cli.add_command(database.db_group)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="privacybot")


if __name__ == "__main__":
    main()
