"""Verification by a signed, expiring link sent to the requester's own address.

The token names the case and a hash of the address; nothing is stored but the time it was
sent. Confirming never pauses the legal clock (legal.md rule 5).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from bot.cases import events, status
from bot.cases.store import find
from bot.config import Config
from bot.desk import Desk, as_utc
from bot.models import Case

SALT = "privacybot.verify-case"
PENDING = "pending"
VERIFIED = "verified"
NOT_REQUIRED = "not_required"


@dataclass(frozen=True)
class Verified:
    """The outcome of following a verification link."""

    ok: bool
    reason: str  # "ready", "verified", "already verified", "expired", "invalid", "closed"
    reference: str | None = None


def address_hash(address: str) -> str:
    """A short hash binding a token to the address it was sent to."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:20]


def signer(config: Config) -> URLSafeTimedSerializer:
    """The serializer that signs and checks verification tokens."""
    return URLSafeTimedSerializer(config.signing_key(), salt=SALT)


def link(config: Config, case: Case) -> str:
    """A fresh verification link for `case`."""
    token = signer(config).dumps({"r": case.reference, "a": address_hash(case.requester)})
    return f"{config.base_url}/verify/{token}"


def expiry(desk: Desk, case: Case) -> date:
    """The last day a link sent now is valid, in the company's time zone."""
    until = desk.now() + timedelta(days=desk.config.verify_days)
    return until.astimezone(ZoneInfo(desk.timezone)).date()


def mark_sent(desk: Desk, case: Case) -> None:
    """Record that a link went out; the case now waits for the requester."""
    case.verification, case.verification_sent_at = PENDING, desk.now()
    desk.session.add(case)


def read(desk: Desk, token: str) -> tuple[Case | None, Verified]:
    """The case a token names and what following it would do, without changing anything."""
    try:
        data = signer(desk.config).loads(token, max_age=desk.config.verify_days * 86400)
    except SignatureExpired:
        return None, Verified(False, "expired")
    except BadSignature:
        return None, Verified(False, "invalid")
    case = find(desk.session, str(data.get("r", "")))
    if case is None or address_hash(case.requester) != data.get("a"):
        return None, Verified(False, "invalid")
    if case.verification == VERIFIED:
        return case, Verified(True, "already verified", case.reference)
    if not status.is_open(case):
        return case, Verified(False, "closed", case.reference)
    return case, Verified(True, "ready", case.reference)


def confirm(desk: Desk, token: str) -> Verified:
    """Check a token from a link and mark its case verified."""
    case, found = read(desk, token)
    if case is None or found.reason != "ready":
        return found
    case.verification = VERIFIED
    events.record(desk.session, case, events.REQUESTER, "verified", {"sent_at": sent_at(case)})
    if case.status in (status.NEW, status.AWAITING_VERIFICATION):
        status.move(desk.session, case, status.IN_PROGRESS, events.SYSTEM)
    desk.session.commit()
    return Verified(True, "verified", case.reference)


def sent_at(case: Case) -> str | None:
    """When the last link went out (ISO), for the event log."""
    return as_utc(case.verification_sent_at).isoformat() if case.verification_sent_at else None
