"""Commands for the case queue: list, show, and what staff do to a case."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import click

from bot import drafts
from bot.cases import actions, status, store
from bot.commands.database import desk, staff_name
from bot.commands.io import emit
from bot.desk import Desk
from bot.models import Case


@contextmanager
def refused() -> Iterator[None]:
    """A staff action the law or the case's state does not allow, as a clear error."""
    try:
        yield
    except (actions.ActionError, drafts.DraftError) as error:
        raise click.ClickException(str(error)) from error


BY = click.option("--by", default=staff_name, show_default="$USER", help="Who acts.")


def case_named(opened: Desk, reference: str) -> Case:
    """The case REFERENCE names, or a clear error."""
    case = store.find(opened.session, reference)
    if case is None:
        raise click.ClickException(f"no case {reference!r} (is the check symbol right?)")
    return case


@click.command("cases")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per case.")
@click.option("--limit", default=100, show_default=True)
def cases_command(as_json: bool, limit: int) -> None:
    """Open cases, the most urgent (earliest due date) first."""
    with desk() as opened:
        for case in store.open_queue(opened.session, limit):
            if as_json:
                emit(store.summary(case))
            else:
                labels = ",".join(case.labels)
                click.echo(f"{case.due}  {case.reference}  {case.status:<22} {labels}")


@click.group("case")
def case_group() -> None:
    """One case: show it, extend its deadline, refuse or close it."""


@case_group.command("show")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True)
def show(reference: str, as_json: bool) -> None:
    """Everything about the case REFERENCE, with its event log."""
    with desk() as opened:
        detail = store.detail(opened.session, case_named(opened, reference))
    click.echo(json.dumps(detail, ensure_ascii=False, indent=None if as_json else 2))


@case_group.command("extend")
@click.argument("reference")
@click.option("--reason", required=True, help="Why more time is needed (sent to the requester).")
@BY
def extend(reference: str, reason: str, by: str) -> None:
    """Extend the deadline once, before it passes; the notice is drafted for approval."""
    with desk() as opened:
        case = case_named(opened, reference)
        with refused():
            draft = actions.extend(opened, case, reason, by)
        emit({"reference": case.reference, "due": case.due.isoformat(), "draft": draft.id})


@case_group.command("refuse")
@click.argument("reference")
@click.option("--reasons", required=True, help="The reasons, as the requester will read them.")
@BY
def refuse(reference: str, reasons: str, by: str) -> None:
    """Draft the refusal (Art. 12(4)); approving it closes the case as refused."""
    with desk() as opened:
        case = case_named(opened, reference)
        with refused():
            draft = actions.refuse(opened, case, reasons, by)
        emit({"reference": case.reference, "status": case.status, "draft": draft.id})


@case_group.command("close")
@click.argument("reference")
@click.option("--outcome", required=True, type=click.Choice(status.OUTCOMES))
@click.option("--note", default="", help="A note for the event log.")
@BY
def close(reference: str, outcome: str, note: str, by: str) -> None:
    """Close the case with OUTCOME (send any reply first, as an approved draft)."""
    with desk() as opened:
        case = case_named(opened, reference)
        with refused():
            actions.close(opened, case, outcome, by, note)
        emit({"reference": case.reference, "status": case.status, "outcome": case.outcome})
