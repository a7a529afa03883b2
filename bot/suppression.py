"""The marketing suppression list: an opt-out takes effect the moment it is read."""

from __future__ import annotations

import csv
import io

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.models import Case, Suppression

CSV_COLUMNS = ("address", "added_at", "case")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def find(session: Session, address: str) -> Suppression | None:
    """The suppression entry of `address`, if any."""
    query = select(Suppression).where(Suppression.address == address.strip().lower())
    return session.exec(query).first()


def suppress(session: Session, address: str, case: Case | None = None) -> Suppression:
    """Put `address` on the list (once); returns its entry."""
    found = find(session, address)
    if found is not None:
        return found
    row = Suppression(address=address.strip().lower(), case_id=case.id if case else None)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return find(session, address) or row
    return row


def export_csv(session: Session) -> str:
    """The whole list as CSV for marketing tools: address, added_at (ISO), case reference."""
    query = (
        select(Suppression, Case.reference)
        .join(Case, col(Case.id) == Suppression.case_id, isouter=True)
        .order_by(col(Suppression.added_at))
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry, reference in session.exec(query):
        writer.writerow((cell(entry.address), entry.added_at.isoformat(), reference or ""))
    return buffer.getvalue()
