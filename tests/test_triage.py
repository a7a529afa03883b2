"""triage.handle: every message gets one outcome; requests open cases with an acknowledgment."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlmodel import select

from bot import inbound, triage
from bot.cases import store
from bot.desk import Desk
from bot.models import Case, Draft, InboundMessage, OutboxMessage, Suppression


def arrive(desk: Desk, sender: str, text: str, key: str = "", **extra: object) -> InboundMessage:
    """Store a message as a channel would."""
    message = inbound.Inbound(
        "mail",
        key or f"test:{sender}:{hash(text)}",
        sender,
        text,
        desk.now(),
        **extra,
    )
    row, _ = inbound.store(desk.session, message)
    return row


@pytest.mark.parametrize(
    ("text", "outcome", "label"),
    [
        (
            "Bitte löschen Sie alle meine personenbezogenen Daten gemäß Art. 17 DSGVO.",
            "case_opened",
            "erasure",
        ),
        (
            "I request a copy of all personal data you hold about me (Art. 15 GDPR).",
            "case_opened",
            "access",
        ),
        ("Please stop sending me marketing emails.", "case_opened", "marketing_optout"),
        ("Auf welcher Rechtsgrundlage verarbeiten Sie meine Daten?", "drafted", "legal_basis"),
        ("How do I export all mailboxes from the archive to PST?", "drafted", "out_of_scope"),
    ],
)
def test_each_kind_of_message_gets_its_outcome(
    desk: Desk, text: str, outcome: str, label: str
) -> None:
    result = triage.handle(desk, arrive(desk, "ann@example.org", text))
    assert (result.outcome, label in result.labels) == (outcome, True)


def test_a_request_opens_one_case_with_an_acknowledgment_in_its_language(desk: Desk) -> None:
    text = "Bitte löschen Sie alle meine Daten. Mit freundlichen Grüßen, Eva Beispiel"
    result = triage.handle(
        desk, arrive(desk, "Eva@Example.org", text, message_id="<a1@example.org>")
    )
    case = store.find(desk.session, result.case or "")
    assert case is not None and case.requester == "eva@example.org" and case.language == "de"
    sent = desk.session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).all()
    assert [m.kind for m in sent] == ["acknowledgment"] and result.ack_queued
    ack = sent[0]
    assert case.reference in ack.subject and "Löschung" in ack.text
    assert ack.in_reply_to == "<a1@example.org>" and ack.references == ["<a1@example.org>"]
    assert "/verify/" in ack.text and case.status == "awaiting_verification"


def test_the_deadline_is_one_calendar_month_from_receipt_in_company_time(desk: Desk) -> None:
    desk.now = lambda: datetime.fromisoformat("2026-01-30T23:30:00+00:00")  # 31 Jan in Berlin
    result = triage.handle(desk, arrive(desk, "a@example.org", "Please delete my personal data."))
    case = store.find(desk.session, result.case or "")
    assert case is not None and case.due.isoformat() == "2026-02-28"


def test_a_californian_gets_the_ccpa_acknowledgment_deadline_too(desk: Desk) -> None:
    text = "I live in California. Please delete all personal information about me."
    result = triage.handle(desk, arrive(desk, "ca@example.org", text))
    case = store.find(desk.session, result.case or "")
    assert case is not None
    assert {(d["regime"], d["kind"]) for d in case.deadlines} >= {
        ("ccpa", "acknowledge"),
        ("gdpr", "answer"),
    }


def test_marketing_opt_out_suppresses_at_once_without_verification(desk: Desk) -> None:
    result = triage.handle(
        desk, arrive(desk, "m@example.org", "Unsubscribe me from your newsletter.")
    )
    case = store.find(desk.session, result.case or "")
    assert case is not None and case.verification == "not_required"
    assert desk.session.exec(
        select(Suppression).where(Suppression.address == "m@example.org")
    ).one()
    assert (case.status, case.outcome) == ("closed", "fulfilled")


def test_a_sale_opt_out_is_never_asked_for_verification(desk: Desk) -> None:
    text = "Do not sell or share my personal information. I am a California resident."
    result = triage.handle(desk, arrive(desk, "s@example.org", text))
    case = store.find(desk.session, result.case or "")
    assert case is not None and "sale_optout" in case.labels
    assert case.verification == "not_required" and case.status == "in_progress"


def test_the_same_request_within_30_days_is_linked_as_a_duplicate(desk: Desk) -> None:
    first = triage.handle(
        desk, arrive(desk, "d@example.org", "Please delete my personal data.", "k1")
    )
    again = triage.handle(
        desk, arrive(desk, "d@example.org", "Please delete all my personal data!", "k2")
    )
    duplicate = store.find(desk.session, again.case or "")
    original = store.find(desk.session, first.case or "")
    assert duplicate is not None and original is not None
    assert duplicate.duplicate_of_id == original.id and duplicate.outcome == "duplicate"
    assert again.ack_queued and original.reference in again.reason


def test_a_reply_quoting_our_message_id_joins_its_case(desk: Desk) -> None:
    first = triage.handle(
        desk, arrive(desk, "r@example.org", "Please delete my personal data.", "k1")
    )
    ack = desk.session.exec(select(OutboxMessage)).one()
    reply = arrive(
        desk, "r@example.org", "Here is my customer number 4711.", "k2", in_reply_to=ack.message_id
    )
    result = triage.handle(desk, reply)
    assert (result.outcome, result.case) == ("threaded", first.case)
    assert len(desk.session.exec(select(OutboxMessage)).all()) == 1  # one acknowledgment per case


def test_a_stranger_quoting_a_case_reference_gets_a_new_flagged_case(desk: Desk) -> None:
    first = triage.handle(desk, arrive(desk, "owner@example.org", "Please delete my data.", "k1"))
    text = f"Re: {first.case} — please send me a copy of all the data in this case."
    result = triage.handle(desk, arrive(desk, "stranger@example.net", text, "k2"))
    case = store.find(desk.session, result.case or "")
    assert result.outcome == "case_opened" and case is not None and case.reference != first.case
    assert "stranger_reference" in case.flags


def test_the_requester_quoting_the_reference_joins_the_case(desk: Desk) -> None:
    first = triage.handle(desk, arrive(desk, "owner@example.org", "Please delete my data.", "k1"))
    text = f"About {first.case}: I also have an old account under another name."
    result = triage.handle(desk, arrive(desk, "owner@example.org", text, "k2"))
    assert (result.outcome, result.case) == ("threaded", first.case)


def test_a_reply_to_a_closed_case_reopens_it(desk: Desk) -> None:
    first = triage.handle(desk, arrive(desk, "o@example.org", "Unsubscribe me please.", "k1"))
    text = f"{first.case}: I still get your newsletter."
    triage.handle(desk, arrive(desk, "o@example.org", text, "k2"))
    case = store.find(desk.session, first.case or "")
    assert case is not None and case.status == "in_progress"


def test_machine_mail_is_ignored_with_its_reason(desk: Desk) -> None:
    row = arrive(
        desk,
        "mailer-daemon@example.org",
        "Delivery failed",
        machine_reason="bounce: multipart/report",
    )
    result = triage.handle(desk, row)
    assert (result.outcome, result.reason) == ("ignored", "bounce: multipart/report")
    assert desk.session.exec(select(Case)).first() is None


def test_a_sender_in_doubt_gets_no_automatic_acknowledgment(desk: Desk) -> None:
    row = arrive(
        desk,
        "privacy-user@example.org",
        "Please delete my data.",
        envelope_sender="other@elsewhere.net",
    )
    result = triage.handle(desk, row)
    assert result.outcome == "case_opened" and not result.ack_queued
    assert desk.session.exec(select(OutboxMessage)).first() is None
    held = desk.session.exec(select(Draft)).one()
    assert held.kind == "acknowledgment" and held.status == "pending"


def test_an_agent_request_is_flagged_and_asked_for_proof(desk: Desk) -> None:
    text = (
        "On behalf of my client, Mr. John Smith, I request access to all his personal data"
        " under Art. 15 GDPR."
    )
    result = triage.handle(desk, arrive(desk, "lawyer@lawfirm.example", text))
    case = store.find(desk.session, result.case or "")
    assert case is not None and "agent" in case.flags
    ack = desk.session.exec(select(OutboxMessage)).one()
    assert "authoris" in ack.text


def test_a_vendor_list_request_drafts_the_list_for_staff(desk: Desk) -> None:
    text = "Please send me the list of advertising and analytics providers that receive my data."
    result = triage.handle(desk, arrive(desk, "v@example.org", text))
    drafts = desk.session.exec(select(Draft)).all()
    assert result.outcome == "case_opened" and [d.kind for d in drafts] == ["vendor_list"]
    assert "Google Analytics" in drafts[0].text


def test_the_inbound_row_records_its_outcome_and_analysis(desk: Desk) -> None:
    row = arrive(desk, "q@example.org", "Which cookies do you use on your website?")
    triage.handle(desk, row)
    assert (row.status, row.outcome) == ("handled", "drafted")
    assert row.analysis is not None and "cookies_tracking" in row.analysis["labels"]


def test_storing_the_same_message_twice_keeps_one_row(desk: Desk) -> None:
    message = inbound.Inbound("mail", "acct/INBOX/1/7", "x@example.org", "hi", desk.now())
    first, new = inbound.store(desk.session, message)
    again, new_again = inbound.store(desk.session, message)
    assert (new, new_again, first.id) == (True, False, again.id)


def test_policy_can_send_confident_answers_by_mail_at_once(desk: Desk) -> None:
    desk.config = replace(desk.config, auto_send_answers=True, auto_send_confidence=0.3)
    row = arrive(desk, "q@example.org", "Auf welcher Rechtsgrundlage verarbeiten Sie meine Daten?")
    result = triage.handle(desk, row)
    sent = desk.session.exec(select(OutboxMessage)).one()
    assert result.outcome == "answered" and sent.kind == "answer" and sent.automatic
    assert desk.session.exec(select(Draft)).first() is None
