"""Opening a case: reference, legal clock, flags, duplicate links, suppression, first events."""

from __future__ import annotations

from typing import Any

from bot import clock, suppression
from bot.cases import events, policy, store
from bot.desk import Desk, as_utc
from bot.models import Case, InboundMessage
from intents import Analysis


def flags_of(inbound: InboundMessage, analysis: Analysis, labels: list[str]) -> list[str]:
    """What staff must look at: agents, complaints, languages we don't write, sender doubt."""
    flags = ["agent"] if analysis.entities.agent else []
    flags += policy.values_of(labels, "flag")
    if policy.reply_language(analysis.language.code) != analysis.language.code:
        flags.append(f"language:{analysis.language.code}")
    if inbound.envelope_sender and inbound.envelope_sender != inbound.sender:
        flags.append("sender_mismatch")  # mail-rules 19: confirm nothing to a possible third party
    if not inbound.sender:
        flags.append("no_address")
    return flags


def deadline_json(deadline: clock.Deadline) -> dict[str, Any]:
    """One deadline as stored with the case."""
    return {
        "regime": deadline.regime,
        "kind": deadline.kind,
        "due": deadline.due.isoformat(),
        "rule": deadline.rule,
    }


def new_case(desk: Desk, inbound: InboundMessage, analysis: Analysis, labels: list[str]) -> Case:
    """A case for `labels` with every deadline that applies; the earliest answer governs."""
    places = list(analysis.entities.jurisdictions)
    received = as_utc(inbound.received_at)
    found = clock.deadlines(received, labels, places, desk.timezone)
    governing = clock.answer_due(found)
    assert governing is not None, f"every case label has an answer deadline: {labels}"
    return Case(
        reference=store.fresh_reference(desk.session),
        requester=inbound.sender,
        requester_name=analysis.entities.name or inbound.sender_name,
        language=policy.reply_language(analysis.language.code),
        labels=labels,
        places=places,
        deadlines=[deadline_json(d) for d in found],
        flags=flags_of(inbound, analysis, labels),
        channel=inbound.channel,
        classifier_version=analysis.classifier_version,
        received_at=received,
        due=governing.due,
        due_rule=governing.rule,
    )


def open_case(
    desk: Desk, inbound: InboundMessage, analysis: Analysis, labels: list[str]
) -> tuple[Case, Case | None]:
    """Open and record a case; returns it and the earlier case it duplicates, if any."""
    case = new_case(desk, inbound, analysis, labels)
    desk.session.add(case)
    desk.session.flush()
    opened: dict[str, Any] = {"inbound": inbound.id, "channel": inbound.channel}
    opened |= {"labels": labels, "language": analysis.language.code}
    opened["scores"] = dict(analysis.scores)
    events.record(desk.session, case, events.SYSTEM, "opened", opened, analysis.classifier_version)
    inbound.case_id = case.id
    desk.session.add(inbound)
    original = store.duplicate_of(desk.session, case, desk.config.duplicate_window_days)
    if original is not None:
        case.duplicate_of_id = original.id
        record = events.record
        record(desk.session, case, events.SYSTEM, "duplicate_of", {"case": original.reference})
        record(desk.session, original, events.SYSTEM, "duplicate", {"case": case.reference})
    if policy.any_with(labels, "suppress") and inbound.sender:
        suppression.suppress(desk.session, inbound.sender, case)
        events.record(desk.session, case, events.SYSTEM, "suppressed", {"list": "marketing"})
    return case, original
