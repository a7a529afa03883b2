"""The case life cycle: statuses, events, verification, reminders, staff actions, drafts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from bot import drafts, inbound, outbox, suppression, triage
from bot.cases import actions, events, status, store, sweep, verification
from bot.desk import Desk
from bot.models import Case, CaseEvent, Draft, OutboxMessage
from tests.conftest import Clock


def request(desk: Desk, text: str, sender: str = "eva@example.org", key: str = "k1") -> Case:
    """Hand a request to triage and return its case."""
    message = inbound.Inbound(
        "mail", key, sender, text, desk.now(), message_id=f"<{key}@x.example>"
    )
    row, _ = inbound.store(desk.session, message)
    case = store.find(desk.session, triage.handle(desk, row).case or "")
    assert case is not None
    return case


def token_of(desk: Desk, case: Case) -> str:
    """The verification token in the case's acknowledgment."""
    ack = desk.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).first()
    assert ack is not None
    return ack.text.split("/verify/", 1)[1].split()[0]


def test_following_the_link_verifies_the_case_and_starts_the_work(desk: Desk) -> None:
    case = request(desk, "Please delete all my personal data.")
    result = verification.confirm(desk, token_of(desk, case))
    assert (result.ok, result.reason, case.verification, case.status) == (
        True, "verified", "verified", "in_progress"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda token: token[:-2] + "xx", "invalid"),
        (lambda token: "not-a-token", "invalid"),
        (lambda token: token.replace(".", "", 1), "invalid"),
    ],
)
def test_a_tampered_link_verifies_nothing(desk: Desk, mangle: object, reason: str) -> None:
    case = request(desk, "Please delete all my personal data.")
    result = verification.confirm(desk, mangle(token_of(desk, case)))  # type: ignore[operator]
    assert (result.ok, result.reason, case.verification) == (False, reason, "pending")


def test_an_expired_link_verifies_nothing(desk: Desk, clock: Clock) -> None:
    case = request(desk, "Please delete all my personal data.")
    token = token_of(desk, case)
    desk.config = replace(desk.config, verify_days=-1)
    assert verification.confirm(desk, token).reason == "expired"


def test_verification_never_moves_the_deadline(desk: Desk) -> None:
    case = request(desk, "Please send me a copy of my personal data (Art. 15 GDPR).")
    due = case.due
    verification.confirm(desk, token_of(desk, case))
    assert case.due == due


def test_an_unverified_request_gets_one_reminder_then_a_closing_draft(
    desk: Desk, clock: Clock
) -> None:
    case = request(desk, "Please delete all my personal data.")
    clock.advance(days=7)
    assert sweep.sweep(desk) == {"reminded": 1, "closing_drafted": 0}
    assert sweep.sweep(desk) == {"reminded": 0, "closing_drafted": 0}
    clock.advance(days=14)
    assert sweep.sweep(desk) == {"reminded": 0, "closing_drafted": 1}
    closing = desk.session.exec(select(Draft).where(Draft.kind == "closing_unverified")).one()
    drafts.approve(desk, closing, "maria")
    assert (case.status, case.outcome) == ("closed", "unverified")
    kinds = [m.kind for m in desk.session.exec(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert kinds == ["acknowledgment", "verification_reminder", "closing_unverified"]


def test_an_extension_is_allowed_once_with_a_reason_and_drafts_the_notice(desk: Desk) -> None:
    case = request(desk, "Please send me a copy of my personal data (Art. 15 GDPR).")
    before = case.due
    draft = actions.extend(desk, case, "We must collect data from several systems.", "maria")
    assert case.due > before and case.extended and draft.kind == "extension"
    assert "several systems" in draft.text
    with pytest.raises(actions.ActionError, match="only once"):
        actions.extend(desk, case, "again", "maria")


def test_an_extension_after_the_deadline_is_refused(desk: Desk, clock: Clock) -> None:
    case = request(desk, "Please send me a copy of my personal data (Art. 15 GDPR).")
    clock.advance(days=40)
    with pytest.raises(actions.ActionError, match="passed"):
        actions.extend(desk, case, "too late", "maria")


def test_an_extension_needs_a_reason(desk: Desk) -> None:
    case = request(desk, "Please send me a copy of my personal data (Art. 15 GDPR).")
    with pytest.raises(actions.ActionError, match="reason"):
        actions.extend(desk, case, "   ", "maria")


def test_a_refusal_states_reasons_and_the_right_to_complain(desk: Desk) -> None:
    case = request(desk, "Please delete all my personal data.")
    draft = actions.refuse(desk, case, "We must keep invoices for ten years (§ 147 AO).", "maria")
    assert "§ 147 AO" in draft.text and "77" in draft.text and case.status == "waiting_for_approval"
    drafts.approve(desk, draft, "maria")
    assert (case.status, case.outcome) == ("closed", "refused")


def test_a_refusal_without_reasons_is_not_possible(desk: Desk) -> None:
    case = request(desk, "Please delete all my personal data.")
    with pytest.raises(actions.ActionError, match="reasons"):
        actions.refuse(desk, case, "", "maria")


def test_staff_edited_text_is_sent_as_written_never_as_a_template(desk: Desk) -> None:
    case = request(desk, "Please send me the list of advertising partners you share data with.")
    draft = desk.session.exec(select(Draft).where(Draft.case_id == case.id)).one()
    edited = "Dear {{ requester_name }}, {% for x in range(3) %}x{% endfor %} <b>list</b>"
    row = drafts.approve(desk, draft, "maria", edited)
    assert row.text == edited and "&lt;b&gt;" in row.html and not row.automatic
    assert draft.edited and draft.decided_by == "maria"


def test_a_draft_is_decided_only_once(desk: Desk) -> None:
    case = request(desk, "Please send me the list of advertising partners you share data with.")
    draft = desk.session.exec(select(Draft).where(Draft.case_id == case.id)).one()
    drafts.reject(desk, draft, "maria", "send the full list by post instead")
    with pytest.raises(drafts.DraftError, match="already rejected"):
        drafts.approve(desk, draft, "maria")


def test_a_message_is_never_queued_twice(desk: Desk) -> None:
    envelope = outbox.Envelope("a@example.org", "example.com")
    message = {"kind": "x", "subject": "s", "text": "t", "html": "<p>t</p>"}
    first, new = outbox.queue(desk.session, "same-key", envelope, message)
    again, new_again = outbox.queue(desk.session, "same-key", envelope, message)
    desk.session.commit()
    assert (new, new_again, first.id) == (True, False, again.id)
    assert len(desk.session.exec(select(OutboxMessage)).all()) == 1


def test_events_are_append_only(desk: Desk) -> None:
    case = request(desk, "Please delete all my personal data.")
    event = events.history(desk.session, case)[0]
    event.kind = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        desk.session.commit()
    desk.session.rollback()


def test_every_event_names_who_and_the_opening_one_the_classifier(desk: Desk) -> None:
    case = request(desk, "Please delete all my personal data.")
    log = events.history(desk.session, case)
    assert [e.kind for e in log][:3] == ["opened", "message_out", "status"]
    assert log[0].classifier_version and "erasure" in log[0].detail["scores"]
    assert all(e.actor and e.classifier_version == log[0].classifier_version for e in log)


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        ("new", "in_progress", True),
        ("in_progress", "extended", True),
        ("closed", "extended", False),
        ("extended", "awaiting_verification", False),
        ("closed", "in_progress", True),
    ],
)
def test_status_transitions_follow_the_table(
    desk: Desk, start: str, to: str, allowed: bool
) -> None:
    case = request(desk, "Please delete all my personal data.")
    case.status = start
    if allowed:
        status.move(desk.session, case, to, "staff:maria")
        assert case.status == to
    else:
        with pytest.raises(status.TransitionError):
            status.move(desk.session, case, to, "staff:maria")


def test_closing_needs_a_known_outcome(desk: Desk) -> None:
    case = request(desk, "Please delete all my personal data.")
    with pytest.raises(status.TransitionError):
        status.move(desk.session, case, "closed", "staff:maria", "forgotten")


def test_the_suppression_list_exports_as_csv_without_formulas(desk: Desk) -> None:
    request(desk, "Unsubscribe me from all marketing emails.", "news@example.org")
    suppression.suppress(desk.session, "=HYPERLINK(1)@example.org")
    lines = suppression.export_csv(desk.session).splitlines()
    assert lines[0] == "address,added_at,case"
    assert lines[1].startswith("news@example.org,") and lines[2].startswith("'=hyperlink")


def test_the_queue_lists_open_cases_by_due_date(desk: Desk, clock: Clock) -> None:
    later = request(desk, "Please delete all my personal data.", "a@example.org", "k1")
    clock.at = clock.at.replace(month=1)
    sooner = request(desk, "Please delete all my personal data.", "b@example.org", "k2")
    closed = request(desk, "Unsubscribe me from your newsletter.", "c@example.org", "k3")
    queue = [case.reference for case in store.open_queue(desk.session)]
    assert queue == [sooner.reference, later.reference] and closed.reference not in queue


def test_case_detail_has_the_keys_staff_tools_read(desk: Desk) -> None:
    case = request(desk, "Please delete all my personal data.")
    shown = store.detail(desk.session, case)
    keys = {"reference", "status", "labels", "requester", "received_at", "due", "events"}
    assert keys <= shown.keys() and shown["due"] == case.due.isoformat()
    assert desk.session.exec(select(CaseEvent)).first() is not None
