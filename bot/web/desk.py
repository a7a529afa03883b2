"""One desk per request: a database session from the app's engine, closed after the request."""

from __future__ import annotations

from flask import Flask, current_app, g

from bot import db
from bot.config import Config
from bot.desk import Desk

EXTENSION = "privacybot"


def init_app(app: Flask, config: Config) -> None:
    """Give `app` an engine for `config` (migrated once) and close sessions after requests."""
    engine = db.make_engine(config)
    db.upgrade(engine)
    app.extensions[EXTENSION] = {"config": config, "engine": engine}
    app.teardown_appcontext(close)


def current() -> Desk:
    """The desk of this request (the notice index is shared by the process's requests)."""
    if "desk" not in g:
        state = current_app.extensions[EXTENSION]
        g.desk = Desk(db.session(state["engine"]), state["config"], notice=state.get("notice"))
        state["notice"] = g.desk.notice  # built on first use, then kept until the process ends
    opened: Desk = g.desk
    return opened


def close(_error: BaseException | None = None) -> None:
    """Close the request's session, if one was opened."""
    opened = g.pop("desk", None)
    if opened is not None:
        opened.session.close()
