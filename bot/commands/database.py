"""Database commands, and the engine every command uses (DATABASE_URL, migrated on first use)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import click
from sqlalchemy import Engine

from bot import db
from bot.config import Config
from bot.desk import Desk, open_desk


def engine() -> Engine:
    """The configured database (DATABASE_URL), brought up to the newest schema."""
    return migrated_engine(Config.from_env().database_url)


@cache
def migrated_engine(url: str) -> Engine:
    """One engine per database URL, migrated once per process."""
    made = db.make_engine(Config(database_url=url))
    db.upgrade(made)
    return made


@click.group("db")
def db_group() -> None:
    """The database (DATABASE_URL; default: SQLite under var/)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def upgrade(revision: str) -> None:
    """Apply the migrations up to REVISION."""
    db.upgrade(db.make_engine(Config.from_env()), revision)
    click.echo(f"database at {revision}", err=True)


@contextmanager
def desk() -> Iterator[Desk]:
    """A desk over the configured database, for one command."""
    with db.session(engine()) as session:
        yield open_desk(session, Config.from_env())


def staff_name() -> str:
    """Who acts, when --by is not given: the login name."""
    return os.environ.get("USER") or "staff"
