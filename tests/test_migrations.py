"""The alembic migrations build exactly the tables the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import bot.models  # noqa: F401  (fills SQLModel.metadata)
from bot import db


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_migrations_go_down_and_up_again(engine: Engine) -> None:
    db.downgrade(engine, "0001")
    assert "privacy_case" not in inspect(engine).get_table_names()
    db.upgrade(engine)
    assert "privacy_case" in inspect(engine).get_table_names()
