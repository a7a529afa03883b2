"""The `privacybot` command line (an interface: scripts and tests call it; see design.md)."""

from __future__ import annotations

import click

from bot.commands import cases, database, drafts, intake, intents, mail_channel, notice, retention


@click.group()
def cli() -> None:
    """The privacy desk: understand, answer and track privacy requests."""


cli.add_command(intents.classify)
cli.add_command(intents.evaluate_command)
cli.add_command(intents.train_command)
cli.add_command(notice.ask)
cli.add_command(notice.notice_group)
cli.add_command(database.db_group)
cli.add_command(intake.submit)
cli.add_command(cases.cases_command)
cli.add_command(cases.case_group)
cli.add_command(drafts.drafts_command)
cli.add_command(drafts.draft_group)
cli.add_command(drafts.outbox_command)
cli.add_command(mail_channel.poll)
cli.add_command(mail_channel.import_mail)
cli.add_command(mail_channel.quarantine)
cli.add_command(mail_channel.reprocess)
cli.add_command(mail_channel.release)
cli.add_command(intake.verify)
cli.add_command(intake.sweep_command)
cli.add_command(intake.suppression_group)
cli.add_command(retention.purge)
cli.add_command(retention.export_requester)
cli.add_command(retention.erase_requester)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="privacybot")


if __name__ == "__main__":
    main()
