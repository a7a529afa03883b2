"""Shared fixtures: the trained analyser, the evaluation corpus, databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel

import intents
from bot import db
from bot.config import Config
from bot.desk import Desk, open_desk
from intents import Analyser

# Dovecot and SMTP servers for the mail tests; the live app and Chromium for the widget.
pytest_plugins = ["tests.servers", "tests.browser"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "external.jsonl"


@pytest.fixture(scope="session")
def analyser() -> Analyser:
    """The default analyser (trains the model into var/models when it is missing)."""
    return intents.default_analyser()


@pytest.fixture(scope="session")
def corpus() -> list[dict[str, Any]]:
    """The real-world evaluation corpus from ../shared (evaluation only, never training)."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is not present on this machine")
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


POSTGRES_SOCKET = "/var/run/postgresql"


def postgres_admin_url(database: str) -> str:
    """A PostgreSQL URL over the local socket (as .ci/run sets it up)."""
    return f"postgresql+psycopg://root@/{database}?host={POSTGRES_SOCKET}"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session; dropped afterwards."""
    name = f"privacybot_test_{os.getpid()}"
    try:
        admin = create_engine(postgres_admin_url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        if os.environ.get("CI"):
            raise  # CI starts PostgreSQL: its absence there is a failure, not a skip
        pytest.skip(f"PostgreSQL is not running here: {error.orig}")
    yield postgres_admin_url(name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated database: a SQLite file, and the PostgreSQL test database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
    else:
        url = request.getfixturevalue("postgres_database")
    made = db.make_engine(Config(database_url=url))
    SQLModel.metadata.drop_all(made)
    with made.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.upgrade(made)
    yield made
    made.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test database."""
    with db.session(engine) as opened:
        yield opened


class Clock:
    """A settable clock for the desk: tests move time instead of waiting."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        """Move the clock forward (timedelta keywords)."""
        self.at += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    """A clock at 2026-03-02 09:00 UTC (a Monday)."""
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """Configuration with a fixed signing key and our own address."""
    return Config(
        data_dir=tmp_path / "var",
        secret_key="test-signing-key",
        base_url="https://desk.example",
        privacy_address="privacy@example.com",
    )


@pytest.fixture
def desk(session: Session, config: Config, analyser: Analyser, clock: Clock) -> Desk:
    """A desk over the test database with the trained analyser and the bundled notice."""
    return open_desk(session, config, clock)
