"""The database: an engine from configuration and alembic migrations (`privacybot db upgrade`)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, event, text
from sqlmodel import Session, create_engine

from bot.config import Config

MIGRATION_LOCK = 7_302_415  # pg_advisory_lock key of our migrations


def make_engine(config: Config) -> Engine:
    """An engine for the configured database; a SQLite file's folder is created."""
    url = config.database_url
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # the web and the worker read while one writes
    cursor.close()


def alembic_config(engine: Engine) -> AlembicConfig:
    """Alembic's configuration for our migrations folder, bound to `engine`."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(resources.files("bot") / "migrations"))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default: the newest); one process at a time."""
    with migration_lock(engine):
        command.upgrade(alembic_config(engine), revision)


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Held while migrating: the web and the worker start together on a fresh database."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def session(engine: Engine) -> Session:
    """A new session; objects stay usable after commit."""
    return Session(engine, expire_on_commit=False)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` (tests and rollbacks)."""
    command.downgrade(alembic_config(engine), revision)
