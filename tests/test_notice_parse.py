"""The notice is split by its own headings into the stable section ids."""

from __future__ import annotations

import json

import pytest

from bot.notice.parse import NoticeFormatError, date_label, parse
from bot.notice.store import bundled

IDS = (
    "intro about data_collected purposes legal_basis recipients google_analytics google_ads "
    "google_remarketing recaptcha bing_ads facebook_remarketing cookies sale_of_data "
    "international_transfers retention your_rights updates contact request_form"
).split()


@pytest.fixture(scope="module")
def german() -> str:
    """The bundled German notice."""
    return bundled("2020-08.de.txt").read_text(encoding="utf-8")


def test_bundled_notice_has_every_section_in_order(german: str) -> None:
    parsed = parse(german)
    assert [s.id for s in parsed.sections] == IDS
    assert parsed.label == "2020-08"


def test_cookie_section_is_present_but_empty(german: str) -> None:
    sections = {s.id: s for s in parse(german).sections}
    assert sections["cookies"].text == "" and sections["cookies"].title


def test_sections_keep_their_text(german: str) -> None:
    sections = {s.id: s for s in parse(german).sections}
    assert "privacy@mailstore.com" in sections["contact"].text
    assert "Google Analytics" in sections["google_analytics"].text
    assert sections["intro"].text.startswith("MailStore Software GmbH")


def test_english_rendering_has_the_same_ids() -> None:
    english = json.loads(bundled("2020-08.en.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in english["sections"]] == IDS


def test_headings_match_despite_quotes_case_and_spacing(german: str) -> None:
    changed = german.replace(
        "„Verkauf“ von personenbezogenen Daten", '"VERKAUF"  von personenbezogenen Daten:'
    )
    assert [s.id for s in parse(changed).sections] == IDS


def test_a_missing_heading_is_reported_not_guessed(german: str) -> None:
    with pytest.raises(NoticeFormatError, match="Datenspeicherung"):
        parse(german.replace("\nDatenspeicherung\n", "\nSpeicherung\n"))


@pytest.mark.parametrize(
    ("lines", "label"),
    [
        (["Title", "August 2020"], "2020-08"),
        (["Title", "Stand: März 2024"], "2024-03"),
        (["Title", "no date here"], "undated"),
    ],
)
def test_date_label(lines: list[str], label: str) -> None:
    assert date_label(lines) == label
