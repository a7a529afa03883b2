"""Commands of the notice: ask it questions, load and list its versions."""

from __future__ import annotations

from pathlib import Path

import click
from sqlmodel import col, select

import intents
from bot import db
from bot.commands.database import engine
from bot.commands.io import emit, texts_of
from bot.models import NoticeVersion
from bot.notice import NoticeDesk
from bot.notice.store import load_version


@click.command()
@click.argument("question", required=False)
@click.option("--jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "hint", type=click.Choice(["de", "en"]), help="Language hint.")
def ask(question: str | None, jsonl: Path | None, hint: str | None) -> None:
    """Answer QUESTION (or each line of FILE) from the active privacy notice."""
    with db.session(engine()) as session:
        desk = NoticeDesk.open(session, intents.default_analyser())
    for row in texts_of(question, jsonl):
        emit(desk.answer(row["text"], row.get("language") or hint).to_json())


@click.group("notice")
def notice_group() -> None:
    """Versions of the privacy notice."""


@notice_group.command("load")
@click.argument("text", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--translation",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The English rendering (JSON with sections by id).",
)
@click.option(
    "--answers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Short answers per section and language (JSON).",
)
@click.option("--activate/--no-activate", default=True, show_default=True)
def load(text: Path, translation: Path | None, answers: Path | None, activate: bool) -> None:
    """Load a notice TEXT as a new version (the same text again is the same version)."""
    with db.session(engine()) as session:
        version = load_version(session, text, translation, answers, activate)
        emit({"id": version.id, "label": version.label, "active": version.active})


@notice_group.command("list")
def list_versions() -> None:
    """Every stored version, oldest first."""
    with db.session(engine()) as session:
        for version in session.exec(select(NoticeVersion).order_by(col(NoticeVersion.id))):
            emit(
                {
                    "id": version.id,
                    "label": version.label,
                    "source": version.source,
                    "loaded_at": version.loaded_at.isoformat(),
                    "active": version.active,
                }
            )
