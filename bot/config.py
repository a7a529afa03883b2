"""Configuration from the environment, with local defaults (SQLite and folders under var/)."""

from __future__ import annotations

import os
import secrets
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


def flag(value: str | None) -> bool:
    """An environment flag: 1, true, yes or on."""
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Config:
    """Everything the application reads from its environment (see the README's table)."""

    database_url: str = DEFAULT_DATABASE_URL
    data_dir: Path = Path("var")
    secret_key: str | None = None  # None: a random key kept in data_dir/secret_key
    base_url: str = "http://127.0.0.1:5000"  # where verification links point
    privacy_address: str = "privacy@localhost"
    auto_send_answers: bool = False  # policy: confident answers by mail go out without a person
    auto_send_confidence: float = 0.9
    verify_days: int = 14
    remind_after_days: int = 7
    close_unverified_after_days: int = 21
    duplicate_window_days: int = 30
    retain_closed_months: int = 24
    retain_chat_days: int = 30
    imap_url: str | None = None  # imap[s]://user:password@host:port/INBOX?tls=…
    smtp_url: str | None = None  # smtp[s]://user:password@host:port?tls=…
    mail_dir: Path = Path("var/mail")  # without IMAP/SMTP: inbox/ (Maildir) and sent/ (.eml)
    imap_processed_folder: str | None = None  # move processed mail there; else flag it
    imap_sent_folder: str = "Sent"
    chat_origins: tuple[str, ...] = ()  # websites whose pages may call the chat API (CORS)
    chat_rate_limit: str = "30 per minute;300 per hour"  # chat messages per client address

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """The configuration of this process (`env` defaults to os.environ)."""
        env = os.environ if env is None else env
        numbers = {
            name: int(env[name.upper()])
            for name in (
                "verify_days",
                "remind_after_days",
                "close_unverified_after_days",
                "duplicate_window_days",
                "retain_closed_months",
                "retain_chat_days",
            )
            if env.get(name.upper())
        }
        return cls(
            database_url=normalise_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            data_dir=Path(env.get("PRIVACYBOT_DATA_DIR") or "var"),
            secret_key=env.get("SECRET_KEY") or None,
            base_url=(env.get("BASE_URL") or cls.base_url).rstrip("/"),
            privacy_address=env.get("PRIVACY_ADDRESS") or cls.privacy_address,
            auto_send_answers=flag(env.get("AUTO_SEND_ANSWERS")),
            auto_send_confidence=float(env.get("AUTO_SEND_CONFIDENCE") or cls.auto_send_confidence),
            imap_url=env.get("IMAP_URL") or None,
            smtp_url=env.get("SMTP_URL") or None,
            mail_dir=Path(
                env.get("MAIL_DIR") or Path(env.get("PRIVACYBOT_DATA_DIR") or "var") / "mail"
            ),
            imap_processed_folder=env.get("IMAP_PROCESSED_FOLDER") or None,
            imap_sent_folder=env.get("IMAP_SENT_FOLDER") or cls.imap_sent_folder,
            chat_origins=tuple(
                o.strip() for o in (env.get("CHAT_ORIGINS") or "").split(",") if o.strip()
            ),
            chat_rate_limit=env.get("CHAT_RATE_LIMIT") or cls.chat_rate_limit,
            **numbers,
        )

    def signing_key(self) -> str:
        """SECRET_KEY, or a random key made once and kept (mode 600) under the data folder."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()
