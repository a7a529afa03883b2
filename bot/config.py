"""Configuration from the environment, with local defaults (SQLite and folders under var/)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///var/privacybot.db"


def normalise_database_url(url: str) -> str:
    """SQLAlchemy wants `postgresql+psycopg://`; platforms often hand out `postgres://`."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Config:
    """Everything the application reads from its environment."""

    database_url: str = DEFAULT_DATABASE_URL
    data_dir: Path = Path("var")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """The configuration of this process (`env` defaults to os.environ)."""
        env = os.environ if env is None else env
        return cls(
            database_url=normalise_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            data_dir=Path(env.get("PRIVACYBOT_DATA_DIR") or "var"),
        )
