"""The database: an engine from configuration and alembic migrations (`privacybot db upgrade`)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from bot.config import Config


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
    """Bring the schema to `revision` (default: the newest)."""
    command.upgrade(alembic_config(engine), revision)


def session(engine: Engine) -> Session:
    """A new session; objects stay usable after commit."""
    return Session(engine, expire_on_commit=False)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` (tests and rollbacks)."""
    command.downgrade(alembic_config(engine), revision)
