"""Entities a request states: addresses, numbers, name, agent flag, jurisdiction."""

from __future__ import annotations

import pytest

from intents.entities import extract


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("write to jane.doe+privacy@example.org please", ("jane.doe+privacy@example.org",)),
        (
            "Meine Adresse: max@example.de, alt: m.m@example.com.",
            ("max@example.de", "m.m@example.com"),
        ),
        ("no address here @ all", ()),
    ],
)
def test_email_addresses(text: str, emails: tuple[str, ...]) -> None:
    assert extract(text).emails == emails


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("Call me at +49 2162 50299-0 anytime", ("+49 2162 50299-0",)),
        ("Tel.: 0171 2345678", ("0171 2345678",)),
        ("phone (415) 555-0134", ("(415) 555-0134",)),
        ("Sent on 12.03.2024, see Art. 15", ()),
        ("Kundennummer: 12345678", ()),
    ],
)
def test_phone_numbers(text: str, phones: tuple[str, ...]) -> None:
    assert extract(text).phones == phones


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hello, my name is Jane Doe and I want my data.", "Jane Doe"),
        ("Mein Name ist Max Mustermann.", "Max Mustermann"),
        ("Bitte löschen.\n\nMit freundlichen Grüßen\nErika Musterfrau", "Erika Musterfrau"),
        ("Please delete my account.\n\nBest regards,\nJohn A. Smith", "John A. Smith"),
        ("Please delete my account.\n\nKind regards,\nJohn Smith\nACME Inc.", "John Smith"),
        ("Name: Petra Novotná\nAdresa: Praha", "Petra Novotná"),
        ("delete my data", None),
    ],
)
def test_requester_name(text: str, name: str | None) -> None:
    assert extract(text).name == name


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Kundennummer: KD-48213", ("KD-48213",)),
        ("my customer number is 100234", ("100234",)),
        ("Lizenzschlüssel: ABCD-1234-EFGH", ("ABCD-1234-EFGH",)),
        ("licence key 7QX2-99LM", ("7QX2-99LM",)),
    ],
)
def test_customer_and_licence_numbers(text: str, numbers: tuple[str, ...]) -> None:
    assert extract(text).customer_numbers == numbers


def test_case_reference() -> None:
    assert extract("Re: your case PD-7K3M-9QXH").case_references == ("PD-7K3M-9QXH",)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("I am writing on behalf of my client, Ms. Voss.", True),
        ("Im Auftrag meiner Mandantin fordere ich Auskunft.", True),
        ("Als gesetzlicher Vertreter meines Sohnes bitte ich um Löschung.", True),
        ("As her authorized agent under the CCPA I request deletion.", True),
        ("Please delete my data.", False),
    ],
)
def test_agent_flag(text: str, agent: bool) -> None:
    assert extract(text).agent is agent


@pytest.mark.parametrize(
    ("text", "jurisdictions"),
    [
        ("I am a California resident.", ("california",)),
        ("Under NRS 603A I opt out.", ("nevada",)),
        ("A Shine the Light request", ("california", "california:shine_the_light")),
        ("Ich wohne in Wien, Österreich.", ("eu:AT",)),
        ("I live in Dublin.", ("eu:IE",)),
        ("Please delete my data.", ()),
    ],
)
def test_jurisdiction_hints(text: str, jurisdictions: tuple[str, ...]) -> None:
    assert extract(text).jurisdictions == jurisdictions
