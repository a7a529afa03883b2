"""The worker (`privacybot poll`): store raw → advance the cursor → commit → read → deliver.

One mailbox folder is fetched by one worker at a time (a lease in the database); any number of
workers may drain the outbox. Network trouble means reconnecting with back-off, never exiting.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot import triage
from bot.cases import sweep
from bot.desk import Desk
from bot.models import InboundMessage
from bot.worker import cursor, delivery, reading
from bot.worker.sources import Source
from mail import errors, inbox

log = logging.getLogger("privacybot.worker")

LEASE_SECONDS = 300
BATCH = 100
MAX_READ_ATTEMPTS = 3
IDLE_SECONDS = 30  # also how often approved replies are picked up; RFC 2177 allows 29 min


@dataclass
class Round:
    """What one round did."""

    stored: int = 0
    seconds: float = 0.0
    outcomes: list[tuple[InboundMessage, triage.Outcome]] = field(default_factory=list)
    delivered: dict[str, int] = field(default_factory=dict)


def holder() -> str:
    """This worker's name in the lease."""
    return f"{socket.gethostname()}:{os.getpid()}"


def fetch(desk: Desk, source: Source, me: str) -> int:
    """Store every new message of `source` (when we hold its lease); returns how many."""
    if not cursor.take_lease(desk.session, source.mailbox, me, desk.now(), LEASE_SECONDS):
        return 0
    state = cursor.state_of(desk.session, source.mailbox)
    if cursor.resync(desk.session, state, source.uidvalidity()):
        log.warning("UIDVALIDITY of %s changed: re-syncing by raw hash", source.mailbox)
    stored = 0
    while batch := source.fetch(state.last_uid, BATCH):
        stored += len(cursor.store_raw(desk.session, state, batch, skip_known=True))
        source.done([mail.key for mail in batch])
        cursor.take_lease(desk.session, source.mailbox, me, desk.now(), LEASE_SECONDS)
    return stored


def fail(desk: Desk, row: InboundMessage, error: BaseException) -> triage.Outcome:
    """Count a failed read; after the last attempt the message is quarantined for staff."""
    desk.session.rollback()
    row.attempts += 1
    row.error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts < MAX_READ_ATTEMPTS:
        desk.session.add(row)
        desk.session.commit()
        return triage.Outcome("stored", f"failed {row.attempts} time(s); will retry")
    return reading.quarantine(desk, row, f"failed {row.attempts} times: {row.error}")


def read_one(desk: Desk, row: InboundMessage) -> triage.Outcome:
    """Read one stored message; a failure is recorded on it, never raised."""
    try:
        return reading.read(desk, row)
    except Exception as error:  # noqa: BLE001
        # The one catch-all (mail-rules 7): whatever goes wrong with one message is recorded
        # on it and retried, then quarantined for staff — the mailbox keeps moving.
        log.exception("reading inbound message %s failed", row.id)
        return fail(desk, row, error)


def read_waiting(desk: Desk) -> list[tuple[InboundMessage, triage.Outcome]]:
    """Read every stored message; one bad message never stalls the others."""
    done: list[tuple[InboundMessage, triage.Outcome]] = []
    while rows := reading.waiting(desk, BATCH):
        done.extend((row, read_one(desk, row)) for row in rows)
        if all(row.status == "stored" for row in rows):
            break  # all of them failed this time; the next round retries
    return done


def round_trip(desk: Desk, source: Source, transport: delivery.Transport, me: str) -> Round:
    """One round: fetch, read, deliver, sweep."""
    begin = time.perf_counter()
    result = Round(stored=fetch(desk, source, me))
    result.outcomes = read_waiting(desk)
    delivery.recover_interrupted(desk)
    result.delivered = delivery.drain(desk, transport, source.keep_sent)
    sweep.sweep(desk)
    result.seconds = time.perf_counter() - begin
    return result


def run(
    make_desk: Callable[[], Desk],
    source: Source,
    transport: delivery.Transport,
    once: bool = False,
    stop: Callable[[], bool] = lambda: False,
) -> Round | None:
    """Work until `stop()` says so (or one round with `once`); reconnect after network errors."""
    me, delays = holder(), inbox.backoff_delays()
    desk = make_desk()
    while not stop():
        try:
            with source.connect():
                delays = inbox.backoff_delays()
                while not stop():
                    result = round_trip(desk, source, transport, me)
                    if once:
                        return result
                    if result.stored or fetch(desk, source, me):
                        continue  # mail came while we worked: no IDLE would report it now
                    source.wait(IDLE_SECONDS)
        except (errors.ConnectionLost, errors.LoginFailed) as trouble:
            if once:
                raise
            pause = next(delays)
            log.warning("mail server: %s; reconnecting in %.0f s", type(trouble).__name__, pause)
            desk.session.rollback()
            time.sleep(pause)
    return None
